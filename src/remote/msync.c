/* SPDX-License-Identifier: MIT */
/* msync.c: custom execution modules, content-addressed, master → minion */
#include "util/compat.h"
#include "remote/msync.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <dirent.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SYNC_BYTES (8u << 20)

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* NAME or NAME/FUNCTION, both parts valid names. */
static bool valid_path(const char *p)
{
	const char *slash = strchr(p, '/');
	if (!slash)
		return valid_name(p);
	char *head = xmemdupz(p, (size_t)(slash - p));
	bool ok = valid_name(head) && valid_name(slash + 1);
	free(head);
	return ok;
}

/* Calls fn for every module file under moddir (relative path, full path). */
static void walk(const char *moddir, void (*fn)(const char *rel, const char *full,
						 const struct stat *st, void *payload),
		 void *payload)
{
	DIR *d = opendir(moddir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		struct buf full = BUF_INIT;
		struct stat st;
		buf_addf(&full, "%s/%s", moddir, e->d_name);
		if (!valid_name(e->d_name) || lstat(full.ptr, &st) < 0 ||
		    !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
			log_warning("modules: %s: not a module (name [a-z0-9_]+, a file or a directory); skipped",
				    full.ptr);
		} else if (S_ISREG(st.st_mode)) {
			fn(e->d_name, full.ptr, &st, payload);
		} else {
			DIR *sub = opendir(full.ptr);
			struct dirent *f;
			while (sub && (f = readdir(sub))) {
				if (f->d_name[0] == '.')
					continue;
				struct buf rel = BUF_INIT, ffull = BUF_INIT;
				struct stat fst;
				buf_addf(&rel, "%s/%s", e->d_name, f->d_name);
				buf_addf(&ffull, "%s/%s", full.ptr, f->d_name);
				if (valid_name(f->d_name) && lstat(ffull.ptr, &fst) == 0 &&
				    S_ISREG(fst.st_mode))
					fn(rel.ptr, ffull.ptr, &fst, payload);
				else
					log_warning("modules: %s: not a module function; skipped", ffull.ptr);
				buf_release(&rel);
				buf_release(&ffull);
			}
			if (sub)
				closedir(sub);
		}
		buf_release(&full);
	}
	closedir(d);
}

struct collect {
	json_t *have, *files, *keep, *sums;
	size_t bytes;
};

static void collect_one(const char *rel, const char *full, const struct stat *st, void *payload)
{
	struct collect *c = payload;
	struct buf data = BUF_INIT;
	if (file_read(&data, full) < 0) {
		log_warning("modules: %s: %s", full, err_last());
		buf_release(&data);
		return;
	}
	char sum[HASH_SHA256_HEXSZ];
	hash_sha256_hex(sum, data.ptr, data.len);
	if (c->keep)
		json_array_append_new(c->keep, json_string(rel));
	if (c->sums)
		json_object_set_new(c->sums, rel, json_string(sum));
	const char *theirs = c->have ? json_string_value(json_object_get(c->have, rel)) : NULL;
	if (c->files && !(theirs && !strcmp(theirs, sum))) {
		if (c->bytes + data.len > MAX_SYNC_BYTES) {
			log_warning("modules: %s: over the %u-byte sync limit; not sent", full,
				    MAX_SYNC_BYTES);
		} else {
			size_t b64len = sodium_base64_ENCODED_LEN(data.len, sodium_base64_VARIANT_ORIGINAL);
			char *b64 = xmalloc(b64len);
			sodium_bin2base64(b64, b64len, (const unsigned char *)data.ptr, data.len,
					  sodium_base64_VARIANT_ORIGINAL);
			json_array_append_new(c->files,
					      json_pack("{ss ss si ss}", "path", rel, "sha256", sum,
							"mode", (int)(st->st_mode & 0755), "data", b64));
			free(b64);
			c->bytes += data.len;
		}
	}
	buf_release(&data);
}

void msync_collect(const char *moddir, json_t *have, json_t *files, json_t *keep)
{
	struct collect c = { .have = have, .files = files, .keep = keep };
	walk(moddir, collect_one, &c);
}

json_t *msync_have(const char *moddir)
{
	struct collect c = { .sums = json_object() };
	walk(moddir, collect_one, &c);
	return c.sums;
}

static int write_one(const char *moddir, json_t *f)
{
	const char *path = json_string_value(json_object_get(f, "path"));
	const char *sum = json_string_value(json_object_get(f, "sha256"));
	const char *b64 = json_string_value(json_object_get(f, "data"));
	json_t *jmode = json_object_get(f, "mode");
	if (!path || !sum || !b64 || !json_is_integer(jmode) || !valid_path(path))
		return err_set("sync: a file entry is malformed or its path is not allowed");
	size_t b64len = strlen(b64), len = 0;
	unsigned char *bin = xmalloc(b64len / 4 * 3 + 3);
	if (sodium_base642bin(bin, b64len / 4 * 3 + 3, b64, b64len, NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) < 0) {
		free(bin);
		return err_set("sync: %s: data is not base64", path);
	}
	char got[HASH_SHA256_HEXSZ];
	hash_sha256_hex(got, bin, len);
	if (strcmp(got, sum)) {
		free(bin);
		return err_set("sync: %s: sha256 mismatch (got %s)", path, got);
	}
	struct buf full = BUF_INIT;
	buf_addf(&full, "%s/%s", moddir, path);
	const char *slash = strchr(path, '/');
	if (slash) {
		struct buf dir = BUF_INIT;
		buf_addf(&dir, "%s/", moddir);
		buf_add(&dir, path, (size_t)(slash - path));
		struct stat st;
		if (lstat(dir.ptr, &st) == 0 && !S_ISDIR(st.st_mode))
			unlink(dir.ptr); /* was a one-file module */
		mkdir(dir.ptr, 0755);
		buf_release(&dir);
	} else {
		struct stat st;
		if (lstat(full.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
			free(bin);
			buf_release(&full);
			return err_set("sync: %s: a directory of functions is in the way", path);
		}
	}
	int rc = file_write_atomic(full.ptr, bin, len, (mode_t)(json_integer_value(jmode) & 0755));
	free(bin);
	buf_release(&full);
	return rc;
}

struct prune {
	json_t *keep, *changed;
};

static void prune_one(const char *rel, const char *full, const struct stat *st, void *payload)
{
	struct prune *p = payload;
	(void)st;
	size_t i;
	json_t *v;
	json_array_foreach (p->keep, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), rel))
			return;
	if (unlink(full) == 0)
		json_array_append_new(p->changed, json_string(rel));
}

json_t *msync_apply(const char *moddir, json_t *msg)
{
	json_t *files = json_object_get(msg, "files"), *keep = json_object_get(msg, "keep");
	if (!json_is_array(files) || !json_is_array(keep)) {
		err_set("sync: 'files' and 'keep' must be arrays");
		return NULL;
	}
	if (mkdir(moddir, 0755) < 0 && errno != EEXIST) {
		err_set_errno("cannot create %s", moddir);
		return NULL;
	}
	json_t *changed = json_array();
	size_t i;
	json_t *f;
	json_array_foreach (files, i, f) {
		if (write_one(moddir, f) < 0)
			log_warning("minion: %s", err_last());
		else
			json_array_append(changed, json_object_get(f, "path"));
	}
	struct prune p = { keep, changed };
	walk(moddir, prune_one, &p);
	return changed;
}
