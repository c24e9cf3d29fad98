/* SPDX-License-Identifier: MIT */
/* zmtp.h: ZeroMQ's wire protocol (ZMTP 3.1) with CURVE, spoken directly */
#ifndef ZMTP_H
#define ZMTP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A ROUTER-like server (the master) and a DEALER-like client (a minion),
 * each speaking ZMTP 3.1 (ZeroMQ RFC 23/37) with the CURVE mechanism
 * (RFC 26, curve.h) over TCP or a Unix socket, so that any libzmq peer
 * with CURVE talks to them and they to it. Why not libzmq itself: it keeps
 * ~100 KB of queues and buffers per connection and 6 MB of resident
 * libraries in every process; here a connection costs ~0.5 KB when idle
 * and buffers exist only while bytes are in flight.
 *
 * Both ends are single-threaded and never block: the caller polls the
 * descriptor they give, then calls *_work(), which reads, runs the
 * handshake, answers and sends heartbeats (ZMTP PING/PONG inside the
 * CURVE boxes), drops peers silent for too long, and hands every complete
 * message to a callback. Only peers through the CURVE handshake deliver
 * messages; the callback gets the peer's long-term public key, proven by
 * the handshake (what libzmq's ZAP handler would see as User-Id).
 *
 * Endpoints: tcp://HOST:PORT (HOST "*" binds every address; [v6] allowed)
 * or ipc://PATH.
 */

#define ZMTP_MAX_PARTS 8

struct zmtp_part {
	const void *p;
	size_t len;
};

struct zmtp_opts {
	size_t max_msg;         /* largest message, all parts (default 16 MiB) */
	size_t max_out;         /* bytes queued for one peer before sends fail */
	int hb_ivl_ms;          /* PING a peer we sent nothing to for this long */
	int hb_timeout_ms;      /* drop a peer we heard nothing from for this long */
	int handshake_ms;       /* drop a connection not through CURVE by then */
	int reconnect_ms;       /* client: first retry, doubled (jittered) */
	int reconnect_max_ms;   /*         up to this */
};

/* A complete message from an authenticated peer. `peer` names the
 * connection (never reused; 0 on the client), `key` its CURVE key. */
typedef void zmtp_recv_fn(void *ctx, uint64_t peer, const unsigned char key[32],
			  const struct zmtp_part *parts, size_t n);

/* ---- server ---- */

struct zmtp_server;

/* Binds `endpoint` with the server's key pair; -1 with err_last(). */
int zmtp_server_open(struct zmtp_server **out, const char *endpoint,
		     const unsigned char pub[32], const unsigned char sec[32],
		     const struct zmtp_opts *o);
/* Readable when work is waiting (an epoll descriptor). */
int zmtp_server_fd(const struct zmtp_server *s);
/* Does what is ready without blocking; call at least every 100 ms. */
void zmtp_server_work(struct zmtp_server *s, zmtp_recv_fn *fn, void *ctx);
/*
 * Queues a message to a peer and sends what the socket takes now.
 * -1 with errno EHOSTUNREACH (no such peer: gone) or EAGAIN (its queue
 * is full, the message is dropped).
 */
int zmtp_server_send(struct zmtp_server *s, uint64_t peer, const struct zmtp_part *parts,
		     size_t n);
void zmtp_server_close(struct zmtp_server *s);

/* ---- client ---- */

struct zmtp_client;

/* Connection came up (handshake done) or went down. */
typedef void zmtp_event_fn(void *ctx, bool up);

/* Starts connecting (in the background) with our key pair to a server
 * whose public key is `server`. */
int zmtp_client_open(struct zmtp_client **out, const char *endpoint,
		     const unsigned char pub[32], const unsigned char sec[32],
		     const unsigned char server[32], const struct zmtp_opts *o);
/* What to poll now (fd -1 while waiting to reconnect) and the most
 * milliseconds to wait before calling zmtp_client_work() again. */
void zmtp_client_poll(struct zmtp_client *c, struct pollfd *pfd, int *timeout_ms);
void zmtp_client_work(struct zmtp_client *c, short revents, zmtp_recv_fn *fn,
		      zmtp_event_fn *ev, void *ctx);
bool zmtp_client_up(const struct zmtp_client *c);
/* -1 with EAGAIN when not connected or the queue is full (dropped). */
int zmtp_client_send(struct zmtp_client *c, const struct zmtp_part *parts, size_t n);
void zmtp_client_close(struct zmtp_client *c);

#endif
