/* SPDX-License-Identifier: MIT */
/* rtt.c: the floor of bench/remote: one loopback round trip per connection
 *
 *     rtt N [RUNS] [BYTES]
 *
 * Forks an echo server on 127.0.0.1 (an ephemeral port, epoll), opens N
 * TCP connections to it, then RUNS times (default 5): writes BYTES (default
 * 64) on every connection, then reads every echo back. Prints the median
 * of those RUNS wall times in seconds, then the time the N connects took:
 *
 *     0.001234 0.045678
 *
 * That is what a fan-out to N connected peers cannot beat on this machine:
 * no encryption, no framing, no work at the peer. The caller raises the
 * open-files limit (2 N + a few descriptors across both processes).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "rtt: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void nodelay(int fd)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* The echo server: accepts and echoes until its parent goes away. */
static void serve(int lfd)
{
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
		die("epoll");
	struct epoll_event evs[256];
	char buf[65536];
	for (;;) {
		int n = epoll_wait(ep, evs, 256, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("epoll_wait");
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == lfd) {
				int c;
				while ((c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
					nodelay(c);
					struct epoll_event cev = { .events = EPOLLIN, .data.fd = c };
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
				}
				continue;
			}
			ssize_t r = read(fd, buf, sizeof(buf));
			if (r <= 0) {
				close(fd);
				continue;
			}
			for (ssize_t off = 0; off < r;) {
				ssize_t w = write(fd, buf + off, (size_t)(r - off));
				if (w < 0 && errno != EINTR)
					break;
				off += w > 0 ? w : 0;
			}
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: rtt N [RUNS] [BYTES]\n");
		return 64;
	}
	int n = atoi(argv[1]), runs = argc > 2 ? atoi(argv[2]) : 5;
	size_t bytes = argc > 3 ? (size_t)atoi(argv[3]) : 64;
	if (n < 1 || runs < 1 || bytes < 1 || bytes > 4096) {
		fprintf(stderr, "rtt: N and RUNS at least 1, BYTES 1-4096\n");
		return 64;
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t salen = sizeof(sa);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(lfd, 4096) < 0 || getsockname(lfd, (struct sockaddr *)&sa, &salen) < 0)
		die("listen");
	pid_t server = fork();
	if (server < 0)
		die("fork");
	if (server == 0) {
		/* Ends with the parent, even when the parent is killed. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		serve(lfd);
		_exit(0);
	}
	close(lfd);

	int *fds = calloc((size_t)n, sizeof(*fds));
	int ep = epoll_create1(0);
	if (!fds || ep < 0)
		die("setup");
	double c0 = now();
	for (int i = 0; i < n; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fds[i] < 0 || connect(fds[i], (struct sockaddr *)&sa, sizeof(sa)) < 0)
			die("connect");
		nodelay(fds[i]);
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (unsigned)i };
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0)
			die("epoll_ctl");
	}
	double connect_time = now() - c0;

	char *msg = malloc(bytes), *in = malloc(bytes);
	size_t *got = calloc((size_t)n, sizeof(*got));
	double *times = calloc((size_t)runs, sizeof(*times));
	struct epoll_event *evs = calloc((size_t)n, sizeof(*evs));
	if (!msg || !in || !got || !times || !evs)
		die("malloc");
	memset(msg, 'x', bytes);
	for (int r = 0; r < runs; r++) {
		memset(got, 0, (size_t)n * sizeof(*got));
		double t0 = now();
		for (int i = 0; i < n; i++)
			if (write(fds[i], msg, bytes) != (ssize_t)bytes)
				die("write");
		int left = n;
		while (left > 0) {
			int k = epoll_wait(ep, evs, n, 10000);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				die("epoll_wait (no echo in 10 s)");
			for (int e = 0; e < k; e++) {
				unsigned i = evs[e].data.u32;
				ssize_t got_now = read(fds[i], in, bytes - got[i]);
				if (got_now <= 0)
					die("read");
				got[i] += (size_t)got_now;
				if (got[i] == bytes)
					left--;
			}
		}
		times[r] = now() - t0;
	}
	qsort(times, (size_t)runs, sizeof(*times), cmp_double);
	double median = runs % 2 ? times[runs / 2]
				 : (times[runs / 2 - 1] + times[runs / 2]) / 2;
	printf("%.6f %.6f\n", median, connect_time);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	return 0;
}
