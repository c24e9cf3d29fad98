/* SPDX-License-Identifier: MIT */
/* lock.c: the run lock, so that two runs never apply at once */
#include "util/compat.h"
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "agent/agent.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/*
 * The lock is flock(2) on a file that then holds the holder's pid (for
 * the message a second run prints). flock is released by the kernel when
 * the holder dies, so a killed run never leaves a stale lock; the pid in
 * the file is only informational.
 */

const char *lock_default_path(struct arena *a)
{
	const char *env = getenv("TEND_LOCK");
	if (env && *env)
		return arena_strdup(a, env);
	if (!mkdir("/run/tend", 0755) || errno == EEXIST) {
		if (!access("/run/tend", W_OK))
			return "/run/tend/agent.lock";
	}
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	const char *dir =
		arena_strfmt(a, "%s/tend-%lu", tmp, (unsigned long)getuid());
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return "/run/tend/agent.lock";
	return arena_strfmt(a, "%s/agent.lock", dir);
}

static long holder_pid(int fd)
{
	char tmp[32];
	ssize_t n = pread(fd, tmp, sizeof(tmp) - 1, 0);
	if (n <= 0)
		return 0;
	tmp[n] = '\0';
	return strtol(tmp, NULL, 10);
}

int lock_acquire(struct lock *l, const char *path, double wait_seconds)
{
	l->fd = -1;
	l->path = path;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set_errno("cannot open the run lock '%s'", path);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int rc = err_set_errno("cannot lock '%s'", path);
			close(fd);
			return rc;
		}
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		double waited = (double)(t.tv_sec - start.tv_sec) +
				(double)(t.tv_nsec - start.tv_nsec) / 1e9;
		if (waited >= wait_seconds) {
			long pid = holder_pid(fd);
			close(fd);
			if (pid > 0)
				err_set("another tend run is in progress (pid %ld)",
					pid);
			else
				err_set("another tend run is in progress");
			return ERR_EXISTS;
		}
		struct timespec nap = {0, 100 * 1000 * 1000};
		nanosleep(&nap, NULL);
	}
	struct buf b = BUF_INIT;
	buf_addf(&b, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, b.ptr, b.len, 0) < 0) {
		/* the lock holds anyway; the pid is only for messages */
	}
	buf_release(&b);
	l->fd = fd;
	return 0;
}

void lock_release(struct lock *l)
{
	if (l->fd < 0)
		return;
	if (ftruncate(l->fd, 0) < 0) {
		/* nothing to do: the next holder rewrites it */
	}
	flock(l->fd, LOCK_UN);
	close(l->fd);
	l->fd = -1;
}
