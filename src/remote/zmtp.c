/* SPDX-License-Identifier: MIT */
/* zmtp.c: ZeroMQ's wire protocol (ZMTP 3.1) with CURVE, spoken directly */
#include "util/compat.h"
#include "remote/zmtp.h"
#include "remote/curve.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sodium.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/*
 * One connection, either end. Bytes read are appended to `in` and cut into
 * frames: the 64-byte greeting, then frames of a flags byte (MORE 1, LONG
 * 2, COMMAND 4) and a 1- or 8-byte length. Handshake commands travel as
 * command frames in the clear; afterwards every frame is a CURVE MESSAGE
 * whose box holds the real flags (MORE, COMMAND) and bytes, exactly as
 * libzmq frames them. Parts accumulate in `msg` until one without MORE.
 */

#define GREETING 64
#define F_MORE 1
#define F_LONG 2
#define F_COMMAND 4
#define READ_CHUNK 65536
/* Before the handshake, no peer may make us buffer more than this (an
 * INITIATE with its metadata is a few hundred bytes). */
#define MAX_HANDSHAKE_FRAME 8192

enum cstate {
	C_DOWN,       /* client: waiting to reconnect */
	C_CONNECTING, /* client: connect(2) in progress */
	C_GREETING,   /* waiting for the peer's greeting */
	C_HELLO,      /* server: waiting for HELLO */
	C_INITIATE,   /* server: waiting for INITIATE */
	C_WELCOME,    /* client: waiting for WELCOME */
	C_READY,      /* client: waiting for READY */
	C_UP,         /* messages flow */
	C_DEAD,       /* closed, to be freed */
};

struct conn {
	int fd;
	enum cstate st;
	uint64_t id;
	struct curve cv;
	struct buf in, out, msg;
	size_t out_off;
	size_t part_end[ZMTP_MAX_PARTS];
	size_t nparts;
	double born, last_rx, last_tx;
	bool polling_out;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void opts_fill(struct zmtp_opts *o, const struct zmtp_opts *from)
{
	*o = from ? *from : (struct zmtp_opts){ 0 };
	if (!o->max_msg)
		o->max_msg = 16u << 20;
	if (!o->max_out)
		o->max_out = 64u << 20;
	if (!o->hb_ivl_ms)
		o->hb_ivl_ms = 2000;
	if (!o->hb_timeout_ms)
		o->hb_timeout_ms = 6000;
	if (!o->handshake_ms)
		o->handshake_ms = 10000;
	if (!o->reconnect_ms)
		o->reconnect_ms = 100;
	if (!o->reconnect_max_ms)
		o->reconnect_max_ms = 30000;
}

/* ---- endpoints ---- */

struct endpoint {
	struct sockaddr_storage sa;
	socklen_t len;
	bool ipc;
};

static int endpoint_parse(struct endpoint *e, const char *ep, bool bind)
{
	memset(e, 0, sizeof(*e));
	if (!strncmp(ep, "ipc://", 6)) {
		struct sockaddr_un *un = (struct sockaddr_un *)&e->sa;
		size_t n = strlen(ep + 6);
		if (!n || n >= sizeof(un->sun_path))
			return err_set("%s: bad ipc path", ep);
		un->sun_family = AF_UNIX;
		memcpy(un->sun_path, ep + 6, n + 1);
		e->len = (socklen_t)sizeof(*un);
		e->ipc = true;
		return 0;
	}
	if (strncmp(ep, "tcp://", 6))
		return err_set("%s: expected tcp://HOST:PORT or ipc://PATH", ep);
	const char *h = ep + 6, *colon = strrchr(h, ':');
	if (!colon || !colon[1])
		return err_set("%s: no port", ep);
	struct buf host = BUF_INIT;
	if (*h == '[' && colon > h && colon[-1] == ']')
		buf_add(&host, h + 1, (size_t)(colon - h - 2));
	else
		buf_add(&host, h, (size_t)(colon - h));
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = bind ? AI_PASSIVE : 0 }, *ai = NULL;
	const char *node = !strcmp(host.ptr, "*") ? NULL : host.ptr;
	int rc = getaddrinfo(node, colon + 1, &hints, &ai);
	if (rc) {
		err_set("%s: %s", ep, gai_strerror(rc));
		buf_release(&host);
		return -1;
	}
	memcpy(&e->sa, ai->ai_addr, ai->ai_addrlen);
	e->len = ai->ai_addrlen;
	freeaddrinfo(ai);
	buf_release(&host);
	return 0;
}

static void set_nodelay(int fd, bool ipc)
{
	int one = 1;
	if (!ipc)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* ---- framing ---- */

static void put_frame_header(struct buf *out, unsigned flags, size_t len)
{
	if (len > 255) {
		unsigned char *p = buf_extend(out, 9);
		p[0] = (unsigned char)(flags | F_LONG);
		for (int i = 8; i >= 1; i--, len >>= 8)
			p[i] = (unsigned char)len;
	} else {
		unsigned char *p = buf_extend(out, 2);
		p[0] = (unsigned char)flags;
		p[1] = (unsigned char)len;
	}
}

static void put_greeting(struct buf *out, bool as_server)
{
	unsigned char *g = buf_extend(out, GREETING);
	memset(g, 0, GREETING);
	g[0] = 0xff;
	g[8] = 1; /* ZMTP 1.0's identity length + 1, as libzmq sends it */
	g[9] = 0x7f;
	g[10] = 3;
	g[11] = 1;
	memcpy(g + 12, "CURVE", 5);
	g[32] = as_server;
}

static int check_greeting(const unsigned char *g, const char **why)
{
	static const unsigned char curve[20] = "CURVE";
	if (g[0] != 0xff || !(g[9] & 1)) {
		*why = "not a ZMTP peer";
		return -1;
	}
	if (g[10] < 3) {
		*why = "ZMTP older than 3.0";
		return -1;
	}
	if (memcmp(g + 12, curve, 20)) {
		*why = "peer does not speak CURVE";
		return -1;
	}
	/* The as-server byte is not checked: libzmq 4.3's CURVE servers send
	 * 0; a client meeting another client fails at HELLO anyway. */
	return 0;
}

/* Queues a command frame (handshake). */
static void put_command(struct conn *c, const void *p, size_t len)
{
	put_frame_header(&c->out, F_COMMAND, len);
	buf_add(&c->out, p, len);
}

/* Queues one part as a CURVE MESSAGE in a data frame. */
static int put_message(struct conn *c, unsigned flags, const void *p, size_t len)
{
	put_frame_header(&c->out, 0, CURVE_MSG_OVERHEAD + len);
	return curve_seal(&c->cv, &c->out, flags, p, len);
}

static void conn_kill(struct conn *c, const char *why)
{
	if (c->st == C_DEAD)
		return;
	if (why)
		log_debug("zmtp: connection %llu closed: %s", (unsigned long long)c->id, why);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->st = C_DEAD;
}

/* Frees a dead connection's buffers: never while its input is being
 * handled (a callback's send may kill the connection it came from). */
static void conn_clear(struct conn *c)
{
	buf_release(&c->in);
	buf_release(&c->out);
	buf_release(&c->msg);
	c->out_off = 0;
	c->nparts = 0;
	sodium_memzero(&c->cv, sizeof(c->cv));
}

/* Writes what the socket takes; 0, or -1 when the connection died. */
static int conn_flush(struct conn *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = send(c->fd, c->out.ptr + c->out_off, c->out.len - c->out_off,
				 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0) {
			conn_kill(c, strerror(errno));
			return -1;
		}
		c->out_off += (size_t)n;
	}
	/* drained: an idle connection keeps no buffer */
	buf_release(&c->out);
	c->out_off = 0;
	return 0;
}

static int conn_send(struct conn *c, size_t max_out, const struct zmtp_part *parts, size_t n)
{
	if (c->st != C_UP || n == 0 || n > ZMTP_MAX_PARTS) {
		errno = c->st == C_UP ? EINVAL : EAGAIN;
		return -1;
	}
	if (c->out.len - c->out_off > max_out) {
		errno = EAGAIN;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (put_message(c, i + 1 < n ? CURVE_MORE : 0, parts[i].p, parts[i].len) < 0) {
			conn_kill(c, "cannot seal a message");
			errno = EHOSTUNREACH;
			return -1;
		}
	c->last_tx = now();
	if (conn_flush(c) < 0) {
		errno = EHOSTUNREACH;
		return -1;
	}
	return 0;
}

struct handler {
	zmtp_recv_fn *fn;
	zmtp_event_fn *ev;
	void *ctx;
	const char *endpoint; /* client: for log lines */
	bool *up;             /* client: set when the handshake completes */
	size_t max_msg;
};

/* A message's part arrived (in the clear); deliver the message when whole. */
static int on_part(struct conn *c, const struct handler *h, unsigned flags,
		   const unsigned char *p, size_t len, const char **why)
{
	if (flags & CURVE_COMMAND) {
		/* ZMTP 3.1 heartbeats: "\4PING" TTL[2] context, "\4PONG" context */
		if (len >= 7 && !memcmp(p, "\x04PING", 5)) {
			unsigned char pong[5 + 16];
			size_t ctx = len - 7 > 16 ? 16 : len - 7;
			memcpy(pong, "\x04PONG", 5);
			memcpy(pong + 5, p + 7, ctx);
			if (put_message(c, CURVE_COMMAND, pong, 5 + ctx) < 0)
				return -1;
			c->last_tx = now();
		}
		return 0; /* PONG and unknown commands: liveness only */
	}
	if (c->nparts == ZMTP_MAX_PARTS || c->msg.len + len > h->max_msg) {
		*why = "message too large";
		return -1;
	}
	buf_add(&c->msg, p, len);
	c->part_end[c->nparts++] = c->msg.len;
	if (flags & CURVE_MORE)
		return 0;
	struct zmtp_part parts[ZMTP_MAX_PARTS];
	size_t start = 0;
	for (size_t i = 0; i < c->nparts; i++) {
		parts[i] = (struct zmtp_part){ c->msg.ptr + start, c->part_end[i] - start };
		start = c->part_end[i];
	}
	size_t n = c->nparts;
	c->nparts = 0;
	h->fn(h->ctx, c->cv.server ? c->id : 0, c->cv.peer, parts, n);
	if (c->st == C_DEAD)
		return -1;
	if (c->msg.alloc > READ_CHUNK)
		buf_release(&c->msg);
	else
		buf_reset(&c->msg);
	return 0;
}

static const char *socktypes_for(bool server)
{
	return server ? "DEALER REQ ROUTER" : "ROUTER REP DEALER";
}

/* One handshake command. */
static int on_command(struct conn *c, const struct handler *h, unsigned char *p, size_t len,
		      const char **why)
{
	unsigned char meta[64], cmd[CURVE_WELCOME_LEN > CURVE_HELLO_LEN ? CURVE_WELCOME_LEN
									  : CURVE_HELLO_LEN];
	if (len > 6 && !memcmp(p, "\x05" "ERROR", 6)) {
		char reason[256];
		curve_error_reason(p, len, reason);
		log_info("zmtp: %s: the peer refused the handshake: %s",
			 h->endpoint ? h->endpoint : "peer", reason);
		*why = "ERROR";
		return -1;
	}
	switch (c->st) {
	case C_HELLO:
		if (curve_server_hello(&c->cv, p, len, why) < 0 ||
		    curve_server_welcome(&c->cv, cmd) < 0)
			return -1;
		put_command(c, cmd, CURVE_WELCOME_LEN);
		c->st = C_INITIATE;
		return 0;
	case C_INITIATE:
		if (curve_server_initiate(&c->cv, p, len, socktypes_for(true), why) < 0)
			return -1;
		size_t ml = curve_meta(meta, "ROUTER");
		struct buf ready = BUF_INIT;
		int rc = curve_server_ready(&c->cv, &ready, meta, ml);
		if (rc == 0)
			put_command(c, ready.ptr, ready.len);
		buf_release(&ready);
		c->st = C_UP;
		return rc;
	case C_WELCOME: {
		if (curve_client_welcome(&c->cv, p, len, why) < 0)
			return -1;
		struct buf init = BUF_INIT;
		int r = curve_client_initiate(&c->cv, &init, meta, curve_meta(meta, "DEALER"));
		if (r == 0)
			put_command(c, init.ptr, init.len);
		buf_release(&init);
		c->st = C_READY;
		return r;
	}
	case C_READY:
		if (curve_client_ready(&c->cv, p, len, socktypes_for(false), why) < 0)
			return -1;
		c->st = C_UP;
		if (h->up)
			*h->up = true;
		if (h->ev)
			h->ev(h->ctx, true);
		return 0;
	default:
		*why = "unexpected command";
		return -1;
	}
}

/* Cuts `in` into the greeting and frames; -1 when the peer broke the protocol. */
static int conn_input(struct conn *c, const struct handler *h, const char **why)
{
	size_t pos = 0;
	int rc = 0;
	while (c->st != C_DEAD) {
		unsigned char *p = (unsigned char *)c->in.ptr + pos;
		size_t avail = c->in.len - pos;
		if (c->st == C_GREETING) {
			/* refuse what is not ZMTP at its first byte (an HTTP
			 * client, a port scan) rather than wait for 64 */
			if ((avail >= 1 && p[0] != 0xff) || (avail >= 10 && !(p[9] & 1))) {
				*why = "not a ZMTP peer";
				rc = -1;
				break;
			}
			if (avail < GREETING)
				break;
			if (check_greeting(p, why) < 0) {
				rc = -1;
				break;
			}
			pos += GREETING;
			if (c->cv.server) {
				c->st = C_HELLO;
			} else {
				unsigned char hello[CURVE_HELLO_LEN];
				if (curve_client_hello(&c->cv, hello) < 0) {
					*why = "weak server key";
					rc = -1;
					break;
				}
				put_command(c, hello, sizeof(hello));
				c->st = C_WELCOME;
			}
			continue;
		}
		if (avail < 2)
			break;
		unsigned flags = p[0];
		size_t hdr = 2, len = p[1];
		if (flags & ~(unsigned)(F_MORE | F_LONG | F_COMMAND)) {
			*why = "bad frame flags";
			rc = -1;
			break;
		}
		if (c->st != C_UP && (flags & (F_MORE | F_COMMAND)) != F_COMMAND) {
			*why = "data before the handshake";
			rc = -1;
			break;
		}
		if (flags & F_LONG) {
			if (avail < 9)
				break;
			uint64_t l = 0;
			for (int i = 1; i <= 8; i++)
				l = l << 8 | p[i];
			if (l > (c->st == C_UP ? h->max_msg + CURVE_MSG_OVERHEAD
					       : MAX_HANDSHAKE_FRAME)) {
				*why = "frame too large";
				rc = -1;
				break;
			}
			len = (size_t)l;
			hdr = 9;
		}
		if (avail - hdr < len)
			break;
		pos += hdr + len;
		unsigned char *body = p + hdr;
		if (c->st != C_UP) {
			if (on_command(c, h, body, len, why) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		unsigned mflags;
		unsigned char *data;
		size_t dlen;
		if (curve_open(&c->cv, body, len, &mflags, &data, &dlen, why) < 0 ||
		    on_part(c, h, mflags, data, dlen, why) < 0) {
			rc = -1;
			break;
		}
	}
	if (c->st == C_DEAD)
		return -1;
	if (rc < 0)
		return -1;
	if (pos == 0) {
		/* nothing consumed: a large frame is still arriving */
	} else if (pos == c->in.len || c->in.alloc > 4 * READ_CHUNK) {
		/* keep only a partial frame, in a buffer no larger than it */
		struct buf rest = BUF_INIT;
		buf_add(&rest, c->in.ptr + pos, c->in.len - pos);
		buf_release(&c->in);
		if (rest.len)
			c->in = rest;
	} else if (pos) {
		memmove(c->in.ptr, c->in.ptr + pos, c->in.len - pos);
		buf_setlen(&c->in, c->in.len - pos);
	}
	return 0;
}

/* Reads what is there and handles it; -1 when the connection died. */
static int conn_read(struct conn *c, const struct handler *h)
{
	const char *why = NULL;
	for (int rounds = 0; rounds < 16; rounds++) {
		char *p = buf_extend(&c->in, READ_CHUNK);
		ssize_t n = recv(c->fd, p, READ_CHUNK, 0);
		buf_setlen(&c->in, c->in.len - READ_CHUNK + (n > 0 ? (size_t)n : 0));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			conn_kill(c, n == 0 ? "closed by the peer" : strerror(errno));
			return -1;
		}
		c->last_rx = now();
		if (conn_input(c, h, &why) < 0) {
			if (c->st != C_DEAD && why)
				log_info("zmtp: %s: %s, disconnected",
					 h->endpoint ? h->endpoint : "peer", why);
			conn_kill(c, why);
			return -1;
		}
		if ((size_t)n < READ_CHUNK)
			break;
	}
	if (!c->in.len)
		buf_release(&c->in);
	return conn_flush(c);
}

/* Heartbeats and deadlines; -1 when the connection was dropped. */
static int conn_timers(struct conn *c, const struct zmtp_opts *o, double t)
{
	if (c->st == C_DEAD || c->st == C_DOWN || c->st == C_CONNECTING)
		return 0;
	if (c->st != C_UP) {
		if (t - c->born > o->handshake_ms / 1000.0) {
			conn_kill(c, "handshake timed out");
			return -1;
		}
		return 0;
	}
	if (t - c->last_rx > o->hb_timeout_ms / 1000.0) {
		conn_kill(c, "peer silent: heartbeat timed out");
		return -1;
	}
	if (t - c->last_tx >= o->hb_ivl_ms / 1000.0) {
		unsigned char ping[7] = { 4, 'P', 'I', 'N', 'G', 0, 0 };
		unsigned ttl = (unsigned)(o->hb_timeout_ms / 100);
		ping[5] = (unsigned char)(ttl >> 8);
		ping[6] = (unsigned char)ttl;
		if (put_message(c, CURVE_COMMAND, ping, sizeof(ping)) < 0)
			return -1;
		c->last_tx = t;
		return conn_flush(c);
	}
	return 0;
}

/* ---- server ---- */

struct zmtp_server {
	struct zmtp_opts o;
	int ep, lfd;
	unsigned char pub[32], sec[32];
	struct conn **slot; /* by the low 20 bits of an id */
	size_t nslot;
	uint64_t seq;
	double next_timers;
	double paused_until; /* accepting stopped (out of descriptors) until then */
	struct conn **dead;
	size_t ndead, adead;
	char *unlink_path;
};

#define SLOT_BITS 20

int zmtp_server_open(struct zmtp_server **out, const char *endpoint, const unsigned char pub[32],
		     const unsigned char sec[32], const struct zmtp_opts *o)
{
	*out = NULL;
	struct endpoint e;
	if (endpoint_parse(&e, endpoint, true) < 0)
		return -1;
	struct zmtp_server *s = xcalloc(1, sizeof(*s));
	opts_fill(&s->o, o);
	memcpy(s->pub, pub, 32);
	memcpy(s->sec, sec, 32);
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	s->lfd = socket(e.sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->ep < 0 || s->lfd < 0) {
		err_set_errno("%s: cannot create a socket", endpoint);
		zmtp_server_close(s);
		return -1;
	}
	int one = 1;
	setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (e.ipc) {
		/* as libzmq: a stale socket file of an earlier run is replaced */
		unlink(((struct sockaddr_un *)&e.sa)->sun_path);
		s->unlink_path = xstrdup(((struct sockaddr_un *)&e.sa)->sun_path);
	}
	if (bind(s->lfd, (struct sockaddr *)&e.sa, e.len) < 0 || listen(s->lfd, 1024) < 0) {
		err_set_errno("cannot bind %s", endpoint);
		free(s->unlink_path);
		s->unlink_path = NULL;
		zmtp_server_close(s);
		return -1;
	}
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	epoll_ctl(s->ep, EPOLL_CTL_ADD, s->lfd, &ev);
	*out = s;
	return 0;
}

int zmtp_server_fd(const struct zmtp_server *s)
{
	return s->ep;
}

static void watch_out(struct zmtp_server *s, struct conn *c)
{
	bool want = c->st != C_DEAD && c->out_off < c->out.len;
	if (want == c->polling_out || c->st == C_DEAD)
		return;
	struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
	epoll_ctl(s->ep, EPOLL_CTL_MOD, c->fd, &ev);
	c->polling_out = want;
}

/* A dead connection leaves its slot now and memory after the turn. */
static void reap(struct zmtp_server *s, struct conn *c)
{
	size_t i = (size_t)(c->id & ((1u << SLOT_BITS) - 1));
	if (i < s->nslot && s->slot[i] == c) {
		s->slot[i] = NULL;
		if (s->ndead == s->adead) {
			s->adead = s->adead ? 2 * s->adead : 16;
			s->dead = xrealloc(s->dead, s->adead * sizeof(*s->dead));
		}
		s->dead[s->ndead++] = c;
	}
}

static void accept_all(struct zmtp_server *s)
{
	for (;;) {
		int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				/* out of descriptors: stop listening for a moment
				 * rather than spin on a listener that stays readable */
				log_warning("zmtp: accept: %s; pausing new connections",
					    strerror(errno));
				epoll_ctl(s->ep, EPOLL_CTL_DEL, s->lfd, NULL);
				s->paused_until = now() + 0.5;
			} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
				log_info("zmtp: accept: %s", strerror(errno));
			}
			return;
		}
		size_t i = 0;
		while (i < s->nslot && s->slot[i])
			i++;
		if (i == s->nslot) {
			if (s->nslot == (1u << SLOT_BITS)) {
				close(fd);
				continue;
			}
			s->nslot = s->nslot ? 2 * s->nslot : 64;
			s->slot = xrealloc(s->slot, s->nslot * sizeof(*s->slot));
			memset(s->slot + i, 0, (s->nslot - i) * sizeof(*s->slot));
		}
		struct conn *c = xcalloc(1, sizeof(*c));
		c->fd = fd;
		c->st = C_GREETING;
		c->id = ++s->seq << SLOT_BITS | i;
		c->born = c->last_rx = c->last_tx = now();
		c->in = c->out = c->msg = (struct buf)BUF_INIT;
		curve_server_init(&c->cv, s->pub, s->sec);
		set_nodelay(fd, false);
		s->slot[i] = c;
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
		epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev);
		put_greeting(&c->out, true);
		if (conn_flush(c) < 0)
			reap(s, c);
		else
			watch_out(s, c);
	}
}

void zmtp_server_work(struct zmtp_server *s, zmtp_recv_fn *fn, void *ctx)
{
	struct handler h = { .fn = fn, .ctx = ctx, .max_msg = s->o.max_msg };
	struct epoll_event ev[64];
	for (int round = 0; round < 16; round++) {
		int n = epoll_wait(s->ep, ev, 64, 0);
		for (int i = 0; i < n; i++) {
			struct conn *c = ev[i].data.ptr;
			if (!c) {
				accept_all(s);
				continue;
			}
			if (c->st == C_DEAD)
				continue;
			int rc = 0;
			if (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
				rc = conn_read(c, &h);
			if (rc == 0 && (ev[i].events & EPOLLOUT))
				rc = conn_flush(c);
			if (rc < 0 || c->st == C_DEAD)
				reap(s, c);
			else
				watch_out(s, c);
		}
		if (n < 64)
			break;
	}
	double t = now();
	if (s->paused_until && t >= s->paused_until) {
		struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
		epoll_ctl(s->ep, EPOLL_CTL_ADD, s->lfd, &lev);
		s->paused_until = 0;
	}
	if (t >= s->next_timers) {
		s->next_timers = t + 0.1;
		for (size_t i = 0; i < s->nslot; i++) {
			struct conn *c = s->slot[i];
			if (!c)
				continue;
			if (conn_timers(c, &s->o, t) < 0 || c->st == C_DEAD)
				reap(s, c);
			else
				watch_out(s, c);
		}
	}
	for (size_t i = 0; i < s->ndead; i++) {
		conn_clear(s->dead[i]);
		free(s->dead[i]);
	}
	s->ndead = 0;
	if (s->adead > 64) {
		free(s->dead);
		s->dead = NULL;
		s->adead = 0;
	}
}

int zmtp_server_send(struct zmtp_server *s, uint64_t peer, const struct zmtp_part *parts,
		     size_t n)
{
	size_t i = (size_t)(peer & ((1u << SLOT_BITS) - 1));
	struct conn *c = i < s->nslot ? s->slot[i] : NULL;
	if (!c || c->id != peer || c->st != C_UP) {
		errno = EHOSTUNREACH;
		return -1;
	}
	int rc = conn_send(c, s->o.max_out, parts, n);
	if (c->st == C_DEAD)
		reap(s, c);
	else
		watch_out(s, c);
	return rc;
}

void zmtp_server_close(struct zmtp_server *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nslot; i++)
		if (s->slot[i]) {
			conn_kill(s->slot[i], NULL);
			conn_clear(s->slot[i]);
			free(s->slot[i]);
		}
	for (size_t i = 0; i < s->ndead; i++) {
		conn_clear(s->dead[i]);
		free(s->dead[i]);
	}
	free(s->dead);
	free(s->slot);
	if (s->lfd >= 0)
		close(s->lfd);
	if (s->ep >= 0)
		close(s->ep);
	if (s->unlink_path) {
		unlink(s->unlink_path);
		free(s->unlink_path);
	}
	sodium_memzero(s->sec, sizeof(s->sec));
	free(s);
}

/* ---- client ---- */

struct zmtp_client {
	struct zmtp_opts o;
	struct conn c;
	struct endpoint e;
	char *endpoint;
	unsigned char pub[32], sec[32], server[32];
	double next_try, ivl;
	bool was_up;
	bool warned; /* about a handshake cut short, since last up */
};

int zmtp_client_open(struct zmtp_client **out, const char *endpoint, const unsigned char pub[32],
		     const unsigned char sec[32], const unsigned char server[32],
		     const struct zmtp_opts *o)
{
	*out = NULL;
	struct zmtp_client *c = xcalloc(1, sizeof(*c));
	if (endpoint_parse(&c->e, endpoint, false) < 0) {
		free(c);
		return -1;
	}
	opts_fill(&c->o, o);
	c->endpoint = xstrdup(endpoint);
	memcpy(c->pub, pub, 32);
	memcpy(c->sec, sec, 32);
	memcpy(c->server, server, 32);
	c->c.fd = -1;
	c->c.st = C_DOWN;
	c->c.in = c->c.out = c->c.msg = (struct buf)BUF_INIT;
	c->ivl = c->o.reconnect_ms / 1000.0;
	c->next_try = now();
	*out = c;
	return 0;
}

/* The connection is gone: retry after a jittered, growing wait. */
static void client_down(struct zmtp_client *c, const struct handler *h)
{
	conn_kill(&c->c, NULL);
	conn_clear(&c->c);
	c->c.st = C_DOWN;
	double jitter = 0.5 + randombytes_uniform(1000) / 1000.0;
	c->next_try = now() + c->ivl * jitter;
	c->ivl = c->ivl * 2 > c->o.reconnect_max_ms / 1000.0 ? c->o.reconnect_max_ms / 1000.0
							     : c->ivl * 2;
	if (c->was_up && h->ev)
		h->ev(h->ctx, false);
	c->was_up = false;
}

static void client_connect(struct zmtp_client *c, const struct handler *h)
{
	struct conn *k = &c->c;
	/* resolved again at every attempt: a master's name may move */
	if (endpoint_parse(&c->e, c->endpoint, false) < 0) {
		log_info("zmtp: %s", err_last());
		client_down(c, h);
		return;
	}
	k->fd = socket(c->e.sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (k->fd < 0) {
		client_down(c, h);
		return;
	}
	set_nodelay(k->fd, c->e.ipc);
	curve_client_init(&k->cv, c->pub, c->sec, c->server);
	k->born = k->last_rx = k->last_tx = now();
	k->nparts = 0;
	k->out_off = 0;
	put_greeting(&k->out, false);
	if (connect(k->fd, (struct sockaddr *)&c->e.sa, c->e.len) == 0) {
		k->st = C_GREETING;
		if (conn_flush(k) < 0)
			client_down(c, h);
	} else if (errno == EINPROGRESS) {
		k->st = C_CONNECTING;
	} else {
		log_debug("zmtp: %s: %s", c->endpoint, strerror(errno));
		client_down(c, h);
	}
}

void zmtp_client_poll(struct zmtp_client *c, struct pollfd *pfd, int *timeout_ms)
{
	double t = now(), next;
	pfd->fd = c->c.fd;
	pfd->events = POLLIN;
	pfd->revents = 0;
	if (c->c.st == C_DOWN) {
		pfd->fd = -1;
		next = c->next_try;
	} else if (c->c.st == C_CONNECTING) {
		pfd->events = POLLOUT;
		next = c->c.born + c->o.handshake_ms / 1000.0;
	} else {
		if (c->c.out_off < c->c.out.len)
			pfd->events |= POLLOUT;
		next = c->c.st == C_UP ? c->c.last_tx + c->o.hb_ivl_ms / 1000.0
				       : c->c.born + c->o.handshake_ms / 1000.0;
		double dead = c->c.last_rx + c->o.hb_timeout_ms / 1000.0;
		if (c->c.st == C_UP && dead < next)
			next = dead;
	}
	int ms = next <= t ? 0 : (int)((next - t) * 1000.0) + 1;
	if (ms < *timeout_ms)
		*timeout_ms = ms;
}

void zmtp_client_work(struct zmtp_client *c, short revents, zmtp_recv_fn *fn, zmtp_event_fn *ev,
		      void *ctx)
{
	struct handler h = { .fn = fn, .ev = ev, .ctx = ctx, .endpoint = c->endpoint,
			     .up = &c->was_up, .max_msg = c->o.max_msg };
	struct conn *k = &c->c;
	double t = now();
	if (k->st == C_DOWN) {
		if (t >= c->next_try)
			client_connect(c, &h);
		return;
	}
	if (k->st == C_CONNECTING) {
		if (revents & (POLLOUT | POLLERR | POLLHUP)) {
			int err = 0;
			socklen_t len = sizeof(err);
			getsockopt(k->fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err) {
				log_debug("zmtp: %s: %s", c->endpoint, strerror(err));
				client_down(c, &h);
				return;
			}
			k->st = C_GREETING;
			if (conn_flush(k) < 0) {
				client_down(c, &h);
				return;
			}
		} else if (t - k->born > c->o.handshake_ms / 1000.0) {
			log_debug("zmtp: %s: connect timed out", c->endpoint);
			client_down(c, &h);
		}
		return;
	}
	int rc = 0;
	if (revents & (POLLIN | POLLHUP | POLLERR))
		rc = conn_read(k, &h);
	if (rc == 0 && (revents & POLLOUT))
		rc = conn_flush(k);
	if (rc == 0)
		rc = conn_timers(k, &c->o, t);
	if (rc < 0 || k->st == C_DEAD) {
		/* A CURVE server that cannot open our HELLO just hangs up: say
		 * once what that usually means. */
		if (!c->was_up && !c->warned) {
			log_warning("zmtp: %s: the server closed the connection during the "
				    "CURVE handshake; is the server key we were given its key?",
				    c->endpoint);
			c->warned = true;
		}
		client_down(c, &h);
		return;
	}
	if (c->was_up) {
		c->ivl = c->o.reconnect_ms / 1000.0;
		c->warned = false;
	}
}

bool zmtp_client_up(const struct zmtp_client *c)
{
	return c->c.st == C_UP;
}

int zmtp_client_send(struct zmtp_client *c, const struct zmtp_part *parts, size_t n)
{
	if (c->c.st != C_UP) {
		errno = EAGAIN;
		return -1;
	}
	return conn_send(&c->c, c->o.max_out, parts, n);
}

void zmtp_client_close(struct zmtp_client *c)
{
	if (!c)
		return;
	conn_kill(&c->c, NULL);
	conn_clear(&c->c);
	free(c->endpoint);
	sodium_memzero(c->sec, sizeof(c->sec));
	free(c);
}
