/* SPDX-License-Identifier: MIT */
/* fuzz_zmtp.c: libFuzzer target: what a hostile peer sends tend's ZMTP server */
#include "util/compat.h"
#include "remote/curve.h"
#include "remote/zmtp.h"
#include "util/buf.h"
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * One server for the whole run, on a Unix socket in a temporary directory.
 * Each input is one connection. Its first byte chooses what the rest is:
 *   even: raw bytes from the first byte on (greeting, handshake, frames);
 *   odd:  a real CURVE client completes the handshake, then the rest is
 *         cut into parts [flags][length][bytes], each sealed in a MESSAGE
 *         box with the fuzzer's flags (MORE, COMMAND: PING, PONG, junk),
 *         so what the server decrypts is the fuzzer's.
 * The server must never crash, leak or hang, and every message it
 * delivers must respect the limits (parts, size).
 */

static struct zmtp_server *srv;
static char path[128];
static unsigned char spub[32], ssec[32], cpub[32], csec[32];
static const size_t max_msg = 1024;

static void on_msg(void *ctx, uint64_t peer, const unsigned char key[32],
		   const struct zmtp_part *parts, size_t n)
{
	(void)ctx;
	(void)peer;
	size_t total = 0;
	if (n == 0 || n > ZMTP_MAX_PARTS || memcmp(key, cpub, 32))
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		total += parts[i].len;
	if (total > max_msg)
		__builtin_trap();
}

static void setup(void)
{
	char dir[] = "/tmp/fuzz-zmtp-XXXXXX";
	signal(SIGPIPE, SIG_IGN); /* the server hangs up on bad input */
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "ipc://%s/s", dir);
	if (sodium_init() < 0 || crypto_box_keypair(spub, ssec) < 0 ||
	    crypto_box_keypair(cpub, csec) < 0)
		abort();
	struct zmtp_opts o = { .max_msg = max_msg };
	if (zmtp_server_open(&srv, path, spub, ssec, &o) < 0)
		abort();
}

static void work(void)
{
	for (int i = 0; i < 3; i++)
		zmtp_server_work(srv, on_msg, NULL);
}

static void put_header(struct buf *b, unsigned flags, size_t len)
{
	if (len > 255) {
		unsigned char h[9] = { (unsigned char)(flags | 2) };
		for (int i = 8; i >= 1; i--, len >>= 8)
			h[i] = (unsigned char)len;
		buf_add(b, h, 9);
	} else {
		unsigned char h[2] = { (unsigned char)flags, (unsigned char)len };
		buf_add(b, h, 2);
	}
}

static int write_all(int fd, const void *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			return -1;
		p = (const char *)p + n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads `len` bytes the server wrote (it has flushed by now). */
static int read_n(int fd, unsigned char *p, size_t len)
{
	while (len) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		if (poll(&pfd, 1, 1000) <= 0)
			return -1;
		ssize_t n = read(fd, p, len);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One command frame from the server into `out` (at most `cap` bytes). */
static int read_command(int fd, unsigned char *out, size_t cap, size_t *len)
{
	unsigned char h[2];
	work();
	if (read_n(fd, h, 2) < 0 || h[0] != 4 || h[1] > cap)
		return -1;
	*len = h[1];
	return read_n(fd, out, *len);
}

static void send_frame(int fd, unsigned flags, const void *p, size_t len)
{
	struct buf b = BUF_INIT;
	put_header(&b, flags, len);
	buf_add(&b, p, len);
	write_all(fd, b.ptr, b.len);
	buf_release(&b);
}

static int handshake(int fd, struct curve *c)
{
	static const unsigned char greeting[64] = { 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 1,
						     'C', 'U', 'R', 'V', 'E' };
	unsigned char g[64], cmd[255], hello[CURVE_HELLO_LEN], meta[64];
	size_t len;
	const char *why;
	curve_client_init(c, cpub, csec, spub);
	if (write_all(fd, greeting, sizeof(greeting)) < 0)
		return -1;
	work();
	if (read_n(fd, g, sizeof(g)) < 0 || curve_client_hello(c, hello) < 0)
		return -1;
	send_frame(fd, 4, hello, sizeof(hello));
	if (read_command(fd, cmd, sizeof(cmd), &len) < 0 ||
	    curve_client_welcome(c, cmd, len, &why) < 0)
		return -1;
	struct buf init = BUF_INIT;
	if (curve_client_initiate(c, &init, meta, curve_meta(meta, "DEALER")) < 0) {
		buf_release(&init);
		return -1;
	}
	send_frame(fd, 4, init.ptr, init.len);
	buf_release(&init);
	if (read_command(fd, cmd, sizeof(cmd), &len) < 0 ||
	    curve_client_ready(c, cmd, len, "ROUTER", &why) < 0)
		return -1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!srv)
		setup();
	if (!size)
		return 0;
	struct curve c;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	memcpy(un.sun_path, path + 6, strlen(path + 6) + 1);
	if (fd < 0 || connect(fd, (struct sockaddr *)&un, sizeof(un)) < 0)
		abort();
	if (!(data[0] & 1)) {
		write_all(fd, data, size);
		work();
	} else if (handshake(fd, &c) == 0) {
		size_t i = 1;
		while (i + 2 <= size) {
			unsigned flags = data[i], len = data[i + 1];
			i += 2;
			if (len > size - i)
				len = (unsigned)(size - i);
			if (flags & 0x80) {
				/* a frame in the clear, after the handshake */
				send_frame(fd, flags & 7, data + i, len);
			} else {
				/* sealed by a client the server trusts */
				struct buf b = BUF_INIT;
				put_header(&b, 0, CURVE_MSG_OVERHEAD + len);
				if (curve_seal(&c, &b, flags & 3, data + i, len) == 0)
					write_all(fd, b.ptr, b.len);
				buf_release(&b);
			}
			i += len;
			work();
		}
	}
	close(fd);
	work();
	return 0;
}
