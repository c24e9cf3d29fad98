/* SPDX-License-Identifier: MIT */
/* fileio.c: whole-file reads and atomic writes */
#include "util/compat.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"

int file_read(struct buf *out, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		err_set_errno("cannot open '%s'", path);
		return e == ENOENT ? ERR_NOTFOUND : -1;
	}
	for (;;) {
		buf_grow(out, 65536);
		ssize_t n = read(fd, out->ptr + out->len, out->alloc - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set_errno("cannot read '%s'", path);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode)
{
	struct buf tmp = BUF_INIT, dir = BUF_INIT;
	int fd = -1, error = -1;

	const char *slash = strrchr(path, '/');
	if (slash)
		buf_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		buf_addch(&dir, '.');
	buf_addf(&tmp, "%s/.%s.tend-XXXXXX", dir.ptr, slash ? slash + 1 : path);
	fd = mkostemp(tmp.ptr, O_CLOEXEC);
	if (fd < 0) {
		err_set_errno("cannot create a temporary file for '%s'", path);
		goto out;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0) {
		err_set_errno("cannot write '%s'", path);
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		err_set_errno("cannot write '%s'", path);
		goto out;
	}
	fd = -1;
	if (rename(tmp.ptr, path) < 0) {
		err_set_errno("cannot rename into '%s'", path);
		goto out;
	}
	buf_reset(&tmp);
	int dfd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	error = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.ptr);
	buf_release(&tmp);
	buf_release(&dir);
	return error;
}
