/* SPDX-License-Identifier: MIT */
/* fileio.h: reading whole files and writing them atomically */
#ifndef FILEIO_H
#define FILEIO_H

#include <stddef.h>
#include <sys/types.h>

struct buf;

/* Appends the whole file to `out`. ERR_NOTFOUND when it does not exist. */
int file_read(struct buf *out, const char *path);
/*
 * Replaces `path` with `data` atomically: a temporary file in the same
 * directory, fsync, chmod `mode`, rename, fsync of the directory. After a
 * crash the file holds either the old or the new content, never a mix.
 */
int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode);

#endif
