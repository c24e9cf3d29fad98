/* SPDX-License-Identifier: MIT */
/* filebucket.h: the local filebucket, old file contents kept by sha256 */
#ifndef FILEBUCKET_H
#define FILEBUCKET_H

#include <stddef.h>
#include <time.h>

struct buf;

/*
 * Layout (simpler than Puppet's md5 b/u/c/k/... tree):
 *
 *   <dir>/<first two hex digits>/<sha256 hex>/contents   the bytes
 *   <dir>/<first two hex digits>/<sha256 hex>/paths      one path a line
 *
 * Contents are written atomically; a sum present in the bucket always
 * has its complete contents. Paths are appended once each.
 */

/*
 * Stores `data` as backup of `path` and writes its sha256 hex into
 * sum_out (65 bytes). Creates `dir` as needed. Returns 0, or -1 with
 * err_last().
 */
int bucket_store(char sum_out[65], const char *dir, const void *data,
		 size_t len, const char *path);

/* Appends the contents stored under `sum` to out. ERR_NOTFOUND when absent. */
int bucket_get(struct buf *out, const char *dir, const char *sum);

/*
 * Writes the contents stored under `sum` to `path` atomically, keeping the
 * mode of an existing file at path (0644 for a new one). ERR_NOTFOUND when
 * the sum is not in the bucket.
 */
int bucket_restore(const char *dir, const char *sum, const char *path);

/* One stored version, for bucket_list. */
struct bucket_entry {
	const char *sum;  /* sha256 hex */
	time_t mtime;	  /* when it was stored (first time) */
	const char *path; /* one original path (borrowed for the callback) */
};

typedef int (*bucket_list_fn)(const struct bucket_entry *e, void *payload);

/*
 * Calls fn once for each (sum, path) pair in the bucket, ordered by time
 * then sum; stops early and returns fn's value when it is nonzero. A
 * missing bucket directory is empty. Returns 0, or -1 with err_last().
 */
int bucket_list(const char *dir, bucket_list_fn fn, void *payload);

/* True when `s` is a valid sum (64 lowercase hex digits). */
int bucket_sum_valid(const char *s);

/*
 * The filebucket directory when none is given: $TEND_BUCKETDIR, else
 * /var/lib/tend/clientbucket for root, else ~/.tend/clientbucket. The
 * result may point into `tmp` (the caller's buffer).
 */
const char *bucket_default_dir(struct buf *tmp);

#endif
