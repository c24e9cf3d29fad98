/* SPDX-License-Identifier: MIT */
/* keys.c: CURVE key pairs in a pki directory, and their fingerprints */
#include "util/compat.h"
#include "remote/keys.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/hash.h"
#include <sodium.h>
#include <sys/stat.h>

/* Z85 (ZeroMQ RFC 32): 4 bytes, big-endian, as 5 base-85 digits. */
static const char z85_digits[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

void keys_z85_encode(char out[KEYS_Z85_LEN], const unsigned char raw[32])
{
	char *p = out;
	for (size_t i = 0; i < 32; i += 4) {
		uint32_t v = (uint32_t)raw[i] << 24 | (uint32_t)raw[i + 1] << 16 |
			     (uint32_t)raw[i + 2] << 8 | raw[i + 3];
		for (int d = 4; d >= 0; d--) {
			p[d] = z85_digits[v % 85];
			v /= 85;
		}
		p += 5;
	}
	*p = '\0';
}

int keys_z85_decode(unsigned char raw[32], const char *z85)
{
	if (strlen(z85) != 40)
		return -1;
	for (size_t i = 0; i < 40; i += 5) {
		uint64_t v = 0;
		for (size_t d = 0; d < 5; d++) {
			const char *at = z85[i + d] ? strchr(z85_digits, z85[i + d]) : NULL;
			if (!at)
				return -1;
			v = v * 85 + (uint64_t)(at - z85_digits);
		}
		if (v > 0xffffffffu)
			return -1;
		raw[i / 5 * 4] = (unsigned char)(v >> 24);
		raw[i / 5 * 4 + 1] = (unsigned char)(v >> 16);
		raw[i / 5 * 4 + 2] = (unsigned char)(v >> 8);
		raw[i / 5 * 4 + 3] = (unsigned char)v;
	}
	return 0;
}

int keys_valid_z85(const char *z85)
{
	unsigned char raw[32];
	return keys_z85_decode(raw, z85) == 0;
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
		unsigned char rawpub[32], rawsec[32];
		if (sodium_init() < 0 || crypto_box_keypair(rawpub, rawsec) < 0) {
			err_set("cannot generate a CURVE key pair");
			goto out;
		}
		keys_z85_encode(pub, rawpub);
		keys_z85_encode(sec, rawsec);
		sodium_memzero(rawsec, sizeof(rawsec));
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
	unsigned char raw[32];
	unsigned char h[HASH_SHA256_LEN];
	out[0] = '\0';
	if (keys_z85_decode(raw, z85) < 0)
		return;
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
