/* SPDX-License-Identifier: MIT */
/* proc.c: run a command from an argument vector, capture its output */
#include "util/compat.h"
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <grp.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"

extern char **environ;

#define DEFAULT_MAX_OUTPUT (16u << 20)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* In the child: set up and exec; never returns. */
static void child(const char *const *argv, const struct proc_opts *o,
		  int in, int out, int err, int report)
{
	setpgid(0, 0);
	dup2(in, 0);
	dup2(out, 1);
	dup2(o->merge_stderr ? out : err, 2);
	if (o->cwd && chdir(o->cwd) < 0)
		goto fail;
	/* drop root's supplementary groups too, not only the ids */
	if (o->set_ids && (setgroups(1, &o->gid) < 0 || setgid(o->gid) < 0 ||
			   setuid(o->uid) < 0))
		goto fail;
	if (o->clear_env)
		environ = (char *[]){ NULL };
	for (const char *const *e = o->env; e && *e; e++)
		putenv((char *)*e);
	signal(SIGPIPE, SIG_DFL);
	/* Nothing but stdin, stdout and stderr reaches the command, as with
	 * Puppet: a service started here must not keep a descriptor tend was
	 * given (a lock its caller holds, a socket). Close-on-exec rather than
	 * closed: `report` must stay open until the exec. */
	if (close_range(3, ~0u, CLOSE_RANGE_CLOEXEC) < 0)
		for (int fd = 3; fd < 1024; fd++)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	execvp(argv[0], (char *const *)argv);
fail:;
	int e = errno;
	if (write(report, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

static void drain(int *fd, struct buf *b, size_t max)
{
	char chunk[8192];
	ssize_t n = read(*fd, chunk, sizeof(chunk));
	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(*fd);
			*fd = -1;
		}
		return;
	}
	if (b && b->len < max)
		buf_add(b, chunk, (size_t)n < max - b->len ? (size_t)n : max - b->len);
}

int proc_run(struct buf *out, struct buf *err, const char *const *argv,
	     const struct proc_opts *o)
{
	static const struct proc_opts none;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	int rep[2] = { -1, -1 };
	if (!o)
		o = &none;
	size_t max = o->max_output ? o->max_output : DEFAULT_MAX_OUTPUT;
	if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 ||
	    pipe2(perr, O_CLOEXEC) < 0 || pipe2(rep, O_CLOEXEC) < 0) {
		err_set_errno("cannot run '%s': pipe", argv[0]);
		goto fail;
	}
	pid_t pid = fork();
	if (pid < 0) {
		err_set_errno("cannot run '%s': fork", argv[0]);
		goto fail;
	}
	if (pid == 0)
		child(argv, o, pin[0], pout[1], perr[1], rep[1]);
	setpgid(pid, pid);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	close(rep[1]);
	pin[0] = pout[1] = perr[1] = rep[1] = -1;

	/* did exec fail? the report pipe closes on a successful exec */
	int child_errno = 0;
	ssize_t rn;
	do
		rn = read(rep[0], &child_errno, sizeof(child_errno));
	while (rn < 0 && errno == EINTR);
	close(rep[0]);
	rep[0] = -1;
	if (rn == (ssize_t)sizeof(child_errno)) {
		waitpid(pid, NULL, 0);
		errno = child_errno;
		err_set_errno("cannot run '%s'", argv[0]);
		close(pin[1]);
		close(pout[0]);
		close(perr[0]);
		return child_errno == ENOENT ? ERR_NOTFOUND : -1;
	}

	const char *in = o->input;
	size_t in_left = in ? o->input_len : 0;
	if (!in_left) {
		close(pin[1]);
		pin[1] = -1;
	} else {
		fcntl(pin[1], F_SETFL, O_NONBLOCK);
	}
	/* A child that exits without reading its input must not kill us with SIGPIPE. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_pipe;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	double deadline = o->timeout > 0 ? now() + o->timeout : 0;
	bool timed_out = false;
	while (pout[0] >= 0 || perr[0] >= 0 || pin[1] >= 0) {
		struct pollfd fds[3];
		int n = 0, iout = -1, ierr = -1, iin = -1;
		if (pout[0] >= 0) {
			iout = n;
			fds[n++] = (struct pollfd){ pout[0], POLLIN, 0 };
		}
		if (perr[0] >= 0) {
			ierr = n;
			fds[n++] = (struct pollfd){ perr[0], POLLIN, 0 };
		}
		if (pin[1] >= 0) {
			iin = n;
			fds[n++] = (struct pollfd){ pin[1], POLLOUT, 0 };
		}
		int ms = -1;
		if (deadline) {
			double left = deadline - now();
			if (left <= 0) {
				timed_out = true;
				break;
			}
			ms = (int)(left * 1000) + 1;
		}
		int r = poll(fds, (nfds_t)n, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (iout >= 0 && fds[iout].revents)
			drain(&pout[0], out, max);
		if (ierr >= 0 && fds[ierr].revents)
			drain(&perr[0], err, max);
		if (iin >= 0 && fds[iin].revents) {
			ssize_t w = write(pin[1], in, in_left);
			if (w > 0) {
				in += w;
				in_left -= (size_t)w;
			}
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				in_left = 0;
			if (!in_left) {
				close(pin[1]);
				pin[1] = -1;
			}
		}
	}
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (timed_out)
		kill(-pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pin[1] >= 0)
		close(pin[1]);
	if (pout[0] >= 0)
		close(pout[0]);
	if (perr[0] >= 0)
		close(perr[0]);
	if (timed_out) {
		err_set("'%s' timed out after %g seconds", argv[0], o->timeout);
		return ERR_TIMEOUT;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
fail:
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
		if (perr[i] >= 0)
			close(perr[i]);
		if (rep[i] >= 0)
			close(rep[i]);
	}
	return -1;
}

void proc_argv_str(struct buf *out, const char *const *argv)
{
	for (size_t i = 0; argv[i]; i++) {
		const char *a = argv[i];
		if (i)
			buf_addch(out, ' ');
		if (*a && !a[strcspn(a, " \t\n'\"\\$`;&|<>()*?[]#~=%!{}")]) {
			buf_addstr(out, a);
			continue;
		}
		buf_addch(out, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				buf_addstr(out, "'\\''");
			else
				buf_addch(out, *a);
		}
		buf_addch(out, '\'');
	}
}
