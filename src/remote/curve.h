/* SPDX-License-Identifier: MIT */
/* curve.h: CurveZMQ (ZeroMQ RFC 26) over libsodium, on byte buffers */
#ifndef CURVE_H
#define CURVE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The security handshake and message boxes of ZMTP's CURVE mechanism,
 * without sockets: the caller hands in each command it received and sends
 * each command produced. Byte layouts are those of the RFC, as libzmq
 * speaks them (a libzmq peer is the reference the tests talk to):
 *
 *   client                              server
 *   HELLO    C', Box[64 zeros](C'->S)   ->
 *                                       <- WELCOME  Box[S' + cookie](S->C')
 *   INITIATE cookie, Box[C + vouch + metadata](C'->S') ->
 *                                       <- READY    Box[metadata](S'->C')
 *   MESSAGE  Box[flags + frame](C'->S') <-> MESSAGE Box[...](S'->C')
 *
 * Every box after WELCOME carries a short nonce that must grow strictly,
 * so a replayed or reordered command is refused. The server keeps no
 * per-client state between WELCOME and INITIATE other than its cookie
 * key, as the RFC intends.
 */

#define CURVE_KEY 32
#define CURVE_HELLO_LEN 200
#define CURVE_WELCOME_LEN 168
/* "\x07MESSAGE", short nonce, MAC, flags byte */
#define CURVE_MSG_OVERHEAD (8 + 8 + 16 + 1)
/* Flags inside a MESSAGE box (libzmq's msg_t flags). */
#define CURVE_MORE 0x01
#define CURVE_COMMAND 0x02

struct buf;

struct curve {
	unsigned char pub[CURVE_KEY], sec[CURVE_KEY]; /* ours, long-term */
	unsigned char peer[CURVE_KEY];    /* theirs, long-term (server: from INITIATE) */
	unsigned char tpub[CURVE_KEY], tsec[CURVE_KEY]; /* ours, this connection */
	unsigned char tpeer[CURVE_KEY];   /* theirs, this connection */
	unsigned char precom[CURVE_KEY];  /* crypto_box_beforenm(tpeer, tsec) */
	unsigned char cookie[96];         /* client: from WELCOME; server: the key */
	uint64_t nonce, peer_nonce;
	int server;
};

/* Both ends: keys in; the connection's transient key pair is made here. */
void curve_client_init(struct curve *c, const unsigned char pub[CURVE_KEY],
		       const unsigned char sec[CURVE_KEY],
		       const unsigned char server[CURVE_KEY]);
void curve_server_init(struct curve *c, const unsigned char pub[CURVE_KEY],
		       const unsigned char sec[CURVE_KEY]);

/*
 * Each step returns 0, or -1 (with a short reason in *why, a static
 * string, where there is one: producers fail only on a weak key). Commands are the bodies of ZMTP command frames (name included).
 * `meta` is the ZMTP metadata to send (curve_meta), the peer's is checked
 * against `want_peer` (socket types this end talks to, space-separated).
 */
int curve_client_hello(struct curve *c, unsigned char out[CURVE_HELLO_LEN]);
int curve_client_welcome(struct curve *c, const unsigned char *cmd, size_t len,
			 const char **why);
int curve_client_initiate(struct curve *c, struct buf *out, const unsigned char *meta,
			   size_t metalen);
int curve_client_ready(struct curve *c, unsigned char *cmd, size_t len,
		       const char *want_peer, const char **why);

int curve_server_hello(struct curve *c, const unsigned char *cmd, size_t len,
		       const char **why);
int curve_server_welcome(struct curve *c, unsigned char out[CURVE_WELCOME_LEN]);
int curve_server_initiate(struct curve *c, unsigned char *cmd, size_t len,
			  const char *want_peer, const char **why);
int curve_server_ready(struct curve *c, struct buf *out, const unsigned char *meta,
			size_t metalen);

/* An ERROR command's reason ("" when malformed). */
void curve_error_reason(const unsigned char *cmd, size_t len, char out[256]);

/* ZMTP metadata naming our socket type (and an empty Identity). */
size_t curve_meta(unsigned char out[64], const char *socket_type);

/* Appends one MESSAGE (flags: CURVE_MORE, CURVE_COMMAND) holding `len`
 * bytes; CURVE_MSG_OVERHEAD + len bytes. */
int curve_seal(struct curve *c, struct buf *out, unsigned flags, const void *data,
		size_t len);
/*
 * Opens a MESSAGE in place: on success *data points into `msg` at the
 * plain frame of *len bytes and *flags holds its flags; -1 when it is not
 * a MESSAGE, its nonce does not grow, or the box does not open.
 */
int curve_open(struct curve *c, unsigned char *msg, size_t msglen, unsigned *flags,
	       unsigned char **data, size_t *len, const char **why);

#endif
