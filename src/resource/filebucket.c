/* SPDX-License-Identifier: MIT */
/* filebucket.c: the local filebucket, old file contents kept by sha256 */
#include "util/compat.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "resource/filebucket.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/xalloc.h"

int bucket_sum_valid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') ||
		      (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == 64;
}

/* mkdir -p */
static int mkdirs(const char *path)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, path);
	for (size_t i = 1; i <= b.len; i++) {
		if (i < b.len && b.ptr[i] != '/')
			continue;
		char save = b.ptr[i];
		b.ptr[i] = '\0';
		if (mkdir(b.ptr, 0750) < 0 && errno != EEXIST) {
			err_set_errno("cannot create '%s'", b.ptr);
			buf_release(&b);
			return -1;
		}
		b.ptr[i] = save;
	}
	buf_release(&b);
	return 0;
}

static void sum_dir(struct buf *out, const char *dir, const char *sum)
{
	buf_addf(out, "%s/%.2s/%s", dir, sum, sum);
}

/* Whether `paths` (one a line) holds `path`. */
static bool has_line(const struct buf *paths, const char *path)
{
	size_t n = strlen(path);
	const char *p = paths->ptr, *end = paths->ptr + paths->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len == n && !memcmp(p, path, n))
			return true;
		p += len + 1;
	}
	return false;
}

int bucket_store(char sum_out[65], const char *dir, const void *data,
		 size_t len, const char *path)
{
	struct buf d = BUF_INIT, f = BUF_INIT, paths = BUF_INIT;
	int error = -1;
	struct stat sb;

	hash_sha256_hex(sum_out, data, len);
	sum_dir(&d, dir, sum_out);
	if (mkdirs(d.ptr) < 0)
		goto out;
	buf_addf(&f, "%s/contents", d.ptr);
	if (stat(f.ptr, &sb) < 0 || (size_t)sb.st_size != len) {
		if (file_write_atomic(f.ptr, data, len, 0640) < 0)
			goto out;
	}
	buf_reset(&f);
	buf_addf(&f, "%s/paths", d.ptr);
	int rc = file_read(&paths, f.ptr);
	if (rc < 0 && rc != ERR_NOTFOUND)
		goto out;
	if (!has_line(&paths, path)) {
		if (paths.len && paths.ptr[paths.len - 1] != '\n')
			buf_addch(&paths, '\n');
		buf_addstr(&paths, path);
		buf_addch(&paths, '\n');
		if (file_write_atomic(f.ptr, paths.ptr, paths.len, 0640) < 0)
			goto out;
	}
	error = 0;
out:
	buf_release(&d);
	buf_release(&f);
	buf_release(&paths);
	return error;
}

int bucket_get(struct buf *out, const char *dir, const char *sum)
{
	if (!bucket_sum_valid(sum))
		return err_set("invalid checksum '%s'", sum);
	struct buf f = BUF_INIT;
	sum_dir(&f, dir, sum);
	buf_addstr(&f, "/contents");
	int rc = file_read(out, f.ptr);
	if (rc == ERR_NOTFOUND)
		err_set("'%s' is not in the filebucket '%s'", sum, dir);
	buf_release(&f);
	return rc;
}

int bucket_restore(const char *dir, const char *sum, const char *path)
{
	struct buf data = BUF_INIT;
	int rc = bucket_get(&data, dir, sum);
	if (rc == 0) {
		struct stat sb;
		mode_t mode = 0644;
		if (stat(path, &sb) == 0)
			mode = sb.st_mode & 07777;
		rc = file_write_atomic(path, data.ptr, data.len, mode);
	}
	buf_release(&data);
	return rc;
}

struct item {
	char *sum;
	char *path;
	time_t mtime;
};

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	if (a->mtime != b->mtime)
		return a->mtime < b->mtime ? -1 : 1;
	int c = strcmp(a->sum, b->sum);
	return c ? c : strcmp(a->path, b->path);
}

static void add_items(struct item **v, size_t *n, size_t *cap, const char *dir,
		      const char *sum)
{
	struct buf f = BUF_INIT, paths = BUF_INIT;
	struct stat sb;
	sum_dir(&f, dir, sum);
	buf_addstr(&f, "/contents");
	if (stat(f.ptr, &sb) < 0)
		goto out;
	buf_setlen(&f, f.len - strlen("contents"));
	buf_addstr(&f, "paths");
	if (file_read(&paths, f.ptr) < 0 || !paths.len)
		buf_addstr(&paths, "\n");
	const char *p = paths.ptr, *end = paths.ptr + paths.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*v = xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[*n].sum = xstrdup(sum);
		(*v)[*n].path = xmemdupz(p, len);
		(*v)[*n].mtime = sb.st_mtime;
		(*n)++;
		p += len + 1;
	}
out:
	buf_release(&f);
	buf_release(&paths);
}

int bucket_list(const char *dir, bucket_list_fn fn, void *payload)
{
	struct item *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	DIR *top = opendir(dir);
	if (!top) {
		if (errno == ENOENT)
			return 0;
		return err_set_errno("cannot read the filebucket '%s'", dir);
	}
	struct dirent *de;
	while ((de = readdir(top))) {
		if (strlen(de->d_name) != 2 || de->d_name[0] == '.')
			continue;
		struct buf sub = BUF_INIT;
		buf_addf(&sub, "%s/%s", dir, de->d_name);
		DIR *d = opendir(sub.ptr);
		struct dirent *se;
		while (d && (se = readdir(d))) {
			if (bucket_sum_valid(se->d_name) &&
			    !strncmp(se->d_name, de->d_name, 2))
				add_items(&v, &n, &cap, dir, se->d_name);
		}
		if (d)
			closedir(d);
		buf_release(&sub);
	}
	closedir(top);
	if (n)
		qsort(v, n, sizeof(*v), cmp_item);
	for (size_t i = 0; i < n; i++) {
		if (!rc) {
			struct bucket_entry e = {v[i].sum, v[i].mtime,
						 v[i].path};
			rc = fn(&e, payload);
		}
		free(v[i].sum);
		free(v[i].path);
	}
	free(v);
	return rc;
}

const char *bucket_default_dir(struct buf *tmp)
{
	const char *env = getenv("TEND_BUCKETDIR");
	if (env && *env)
		return env;
	if (!geteuid())
		return "/var/lib/tend/clientbucket";
	const char *home = getenv("HOME");
	buf_addf(tmp, "%s/.tend/clientbucket", home && *home ? home : "/tmp");
	return tmp->ptr;
}
