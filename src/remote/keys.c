/* SPDX-License-Identifier: MIT */
/* keys.c: CURVE key pairs in a pki directory, and their fingerprints */
#include "util/compat.h"
#include "remote/keys.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/hash.h"
#include <sys/stat.h>
#include <zmq.h>

int keys_valid_z85(const char *z85)
{
	uint8_t raw[32];
	return strlen(z85) == 40 && zmq_z85_decode(raw, z85) != NULL;
}

static int read_key(const char *path, char out[KEYS_Z85_LEN])
{
	struct buf b = BUF_INIT;
	int rc = file_read(&b, path);
	if (rc < 0) {
		buf_release(&b);
		return rc;
	}
	while (b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == '\r'))
		buf_setlen(&b, b.len - 1);
	if (b.len != 40 || !keys_valid_z85(b.ptr)) {
		buf_release(&b);
		return err_set("%s: not a Z85 CURVE key", path);
	}
	memcpy(out, b.ptr, KEYS_Z85_LEN);
	buf_release(&b);
	return 0;
}

int keys_read_pub(const char *path, char pub[KEYS_Z85_LEN])
{
	int rc = read_key(path, pub);
	if (rc == ERR_NOTFOUND)
		return err_set("%s: no such public key file", path);
	return rc;
}

int keys_load_or_create(const char *dir, const char *name,
			char pub[KEYS_Z85_LEN], char sec[KEYS_Z85_LEN])
{
	struct buf pp = BUF_INIT, sp = BUF_INIT;
	int rc = -1;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		err_set_errno("cannot create %s", dir);
		goto out;
	}
	buf_addf(&pp, "%s/%s.pub", dir, name);
	buf_addf(&sp, "%s/%s.key", dir, name);
	int rp = read_key(pp.ptr, pub);
	int rs = read_key(sp.ptr, sec);
	if (rp == ERR_NOTFOUND && rs == ERR_NOTFOUND) {
		if (zmq_curve_keypair(pub, sec) < 0) {
			err_set_errno("cannot generate a CURVE key pair");
			goto out;
		}
		struct buf line = BUF_INIT;
		buf_addf(&line, "%s\n", sec);
		rc = file_write_atomic(sp.ptr, line.ptr, line.len, 0600);
		buf_reset(&line);
		buf_addf(&line, "%s\n", pub);
		if (!rc)
			rc = file_write_atomic(pp.ptr, line.ptr, line.len, 0644);
		buf_release(&line);
		goto out;
	}
	if (rp == ERR_NOTFOUND || rs == ERR_NOTFOUND) {
		err_set("%s: key pair incomplete (%s missing); remove the other file to start afresh",
			dir, rp == ERR_NOTFOUND ? pp.ptr : sp.ptr);
		goto out;
	}
	if (rp < 0 || rs < 0)
		goto out;
	struct stat st;
	if (stat(sp.ptr, &st) == 0 && (st.st_mode & 077)) {
		err_set("%s: secret key readable by others (mode %04o); chmod 600 it",
			sp.ptr, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	rc = 0;
out:
	buf_release(&pp);
	buf_release(&sp);
	return rc;
}

void keys_finger(const char *z85, char out[KEYS_FINGER_LEN])
{
	uint8_t raw[32];
	unsigned char h[HASH_SHA256_LEN];
	out[0] = '\0';
	if (!keys_valid_z85(z85))
		return;
	zmq_z85_decode(raw, z85);
	hash_sha256(h, raw, sizeof(raw));
	char *p = out;
	for (size_t i = 0; i < sizeof(h); i++) {
		static const char hex[] = "0123456789abcdef";
		if (i)
			*p++ = ':';
		*p++ = hex[h[i] >> 4];
		*p++ = hex[h[i] & 15];
	}
	*p = '\0';
}
