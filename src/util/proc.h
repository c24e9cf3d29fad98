/* SPDX-License-Identifier: MIT */
/* proc.h: running commands with argument vectors (never through a built shell line) */
#ifndef PROC_H
#define PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct buf;

struct proc_opts {
	const char *const *env;  /* extra NAME=value entries added, or NULL */
	bool clear_env;          /* start from an empty environment (+ env) */
	const char *cwd;         /* working directory, or NULL */
	uid_t uid;               /* run as this user when set_ids */
	gid_t gid;
	bool set_ids;
	const char *input;       /* bytes on stdin, or NULL for /dev/null */
	size_t input_len;
	double timeout;          /* seconds; 0 = none. The process group is killed */
	bool merge_stderr;       /* stderr into out, as Puppet's exec does */
	size_t max_output;       /* cap on captured bytes per stream; 0 = 16 MiB */
};

/*
 * Runs argv[0] (looked up in PATH when it has no '/') with argv, waits for
 * it, and captures stdout into `out` and stderr into `err` (either may be
 * NULL to discard). Returns the exit status (0-255), 128+N when killed by
 * signal N, ERR_TIMEOUT after a timeout (the child and its group killed),
 * or -1 with err_last() when it could not be started (ERR_NOTFOUND when
 * the program does not exist).
 */
int proc_run(struct buf *out, struct buf *err, const char *const *argv,
	     const struct proc_opts *o);

/* Writes argv as one shell-quoted line (for logs and messages only). */
void proc_argv_str(struct buf *out, const char *const *argv);

#endif
