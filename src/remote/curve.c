/* SPDX-License-Identifier: MIT */
/* curve.c: CurveZMQ (ZeroMQ RFC 26) over libsodium, on byte buffers */
#include "util/compat.h"
#include "remote/curve.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include <sodium.h>

#define MAC crypto_box_MACBYTES /* 16 */

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* A 24-byte nonce: a 16-byte prefix and a short nonce. */
static void short_nonce(unsigned char n[24], const char *prefix, const unsigned char s[8])
{
	memcpy(n, prefix, 16);
	memcpy(n + 16, s, 8);
}

/* Takes our next short nonce into `s`. */
static void next_nonce(struct curve *c, unsigned char s[8])
{
	put64(s, c->nonce++);
}

/* The peer's short nonce must grow: a replayed command is refused. */
static int take_peer_nonce(struct curve *c, const unsigned char s[8])
{
	uint64_t v = get64(s);
	if (v <= c->peer_nonce)
		return -1;
	c->peer_nonce = v;
	return 0;
}

static void init(struct curve *c, const unsigned char pub[CURVE_KEY],
		 const unsigned char sec[CURVE_KEY])
{
	memset(c, 0, sizeof(*c));
	memcpy(c->pub, pub, CURVE_KEY);
	memcpy(c->sec, sec, CURVE_KEY);
	crypto_box_keypair(c->tpub, c->tsec);
	c->nonce = 1;
}

void curve_client_init(struct curve *c, const unsigned char pub[CURVE_KEY],
		       const unsigned char sec[CURVE_KEY], const unsigned char server[CURVE_KEY])
{
	init(c, pub, sec);
	memcpy(c->peer, server, CURVE_KEY);
}

void curve_server_init(struct curve *c, const unsigned char pub[CURVE_KEY],
		       const unsigned char sec[CURVE_KEY])
{
	init(c, pub, sec);
	c->server = 1;
}

/* ---- metadata: name-length, name, 4-byte value-length, value ---- */

static size_t put_prop(unsigned char *p, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	p[0] = (unsigned char)nl;
	memcpy(p + 1, name, nl);
	p[1 + nl] = (unsigned char)(vl >> 24);
	p[2 + nl] = (unsigned char)(vl >> 16);
	p[3 + nl] = (unsigned char)(vl >> 8);
	p[4 + nl] = (unsigned char)vl;
	memcpy(p + 5 + nl, value, vl);
	return 5 + nl + vl;
}

size_t curve_meta(unsigned char out[64], const char *socket_type)
{
	size_t n = put_prop(out, "Socket-Type", socket_type);
	return n + put_prop(out + n, "Identity", "");
}

/* Checks the peer's metadata: well formed, a Socket-Type among `want`. */
static int check_meta(const unsigned char *p, size_t len, const char *want, const char **why)
{
	int typed = 0;
	while (len) {
		size_t nl = p[0];
		if (len < 1 + nl + 4) {
			*why = "malformed metadata";
			return -1;
		}
		const unsigned char *name = p + 1, *v = p + 1 + nl + 4;
		size_t vl = (size_t)p[1 + nl] << 24 | (size_t)p[2 + nl] << 16 |
			    (size_t)p[3 + nl] << 8 | p[4 + nl];
		if (vl > len - 1 - nl - 4) {
			*why = "malformed metadata";
			return -1;
		}
		if (nl == 11 && !memcmp(name, "Socket-Type", 11)) {
			const char *w = want;
			while (*w) {
				size_t wl = strcspn(w, " ");
				if (wl == vl && !memcmp(w, v, vl))
					typed = 1;
				w += wl + (w[wl] == ' ');
			}
			if (!typed) {
				*why = "peer socket type not allowed";
				return -1;
			}
		}
		p = v + vl;
		len -= 1 + nl + 4 + vl;
	}
	if (!typed) {
		*why = "no Socket-Type in metadata";
		return -1;
	}
	return 0;
}

static int is_cmd(const unsigned char *cmd, size_t len, const char *name)
{
	size_t n = strlen(name);
	return len > n && cmd[0] == n && !memcmp(cmd + 1, name, n);
}

/* ---- client ---- */

int curve_client_hello(struct curve *c, unsigned char out[CURVE_HELLO_LEN])
{
	unsigned char zeros[64] = { 0 }, n[24], s[8];
	memset(out, 0, CURVE_HELLO_LEN);
	memcpy(out, "\x05HELLO\x01\x00", 8);
	/* 72 bytes of zeros: a HELLO is as long as the WELCOME it asks for */
	memcpy(out + 80, c->tpub, CURVE_KEY);
	next_nonce(c, s);
	memcpy(out + 112, s, 8);
	short_nonce(n, "CurveZMQHELLO---", s);
	return crypto_box_easy(out + 120, zeros, sizeof(zeros), n, c->peer, c->tsec);
}

int curve_client_welcome(struct curve *c, const unsigned char *cmd, size_t len,
			 const char **why)
{
	unsigned char n[24], plain[128];
	if (!is_cmd(cmd, len, "WELCOME") || len != CURVE_WELCOME_LEN) {
		*why = "expected WELCOME";
		return -1;
	}
	memcpy(n, "WELCOME-", 8);
	memcpy(n + 8, cmd + 8, 16);
	if (crypto_box_open_easy(plain, cmd + 24, 144, n, c->peer, c->tsec) < 0) {
		*why = "WELCOME does not open: wrong server key?";
		return -1;
	}
	memcpy(c->tpeer, plain, CURVE_KEY);
	memcpy(c->cookie, plain + 32, 96);
	sodium_memzero(plain, sizeof(plain));
	if (crypto_box_beforenm(c->precom, c->tpeer, c->tsec) < 0) {
		*why = "weak server transient key";
		return -1;
	}
	return 0;
}

int curve_client_initiate(struct curve *c, struct buf *out, const unsigned char *meta,
			   size_t metalen)
{
	unsigned char vn[24], n[24], s[8], vouch[64];
	unsigned char *plain = xmalloc(128 + metalen);
	/* vouch: Box[C' + S](C->S'), proving we hold the long-term key */
	memcpy(vouch, c->tpub, 32);
	memcpy(vouch + 32, c->peer, 32);
	memcpy(vn, "VOUCH---", 8);
	randombytes_buf(vn + 8, 16);
	memcpy(plain, c->pub, 32);
	memcpy(plain + 32, vn + 8, 16);
	int rc = crypto_box_easy(plain + 48, vouch, sizeof(vouch), vn, c->tpeer, c->sec);
	memcpy(plain + 128, meta, metalen);
	next_nonce(c, s);
	short_nonce(n, "CurveZMQINITIATE", s);
	unsigned char *p = buf_extend(out, 113 + 128 + metalen + MAC);
	memcpy(p, "\x08INITIATE", 9);
	memcpy(p + 9, c->cookie, 96);
	memcpy(p + 105, s, 8);
	if (crypto_box_easy_afternm(p + 113, plain, 128 + metalen, n, c->precom) < 0)
		rc = -1;
	sodium_memzero(plain, 128 + metalen);
	free(plain);
	return rc;
}

int curve_client_ready(struct curve *c, unsigned char *cmd, size_t len, const char *want_peer,
		       const char **why)
{
	unsigned char n[24];
	if (!is_cmd(cmd, len, "READY") || len < 14 + MAC) {
		*why = "expected READY";
		return -1;
	}
	if (take_peer_nonce(c, cmd + 6) < 0) {
		*why = "READY nonce out of order";
		return -1;
	}
	short_nonce(n, "CurveZMQREADY---", cmd + 6);
	if (crypto_box_open_easy_afternm(cmd + 14, cmd + 14, len - 14, n, c->precom) < 0) {
		*why = "READY does not open";
		return -1;
	}
	return check_meta(cmd + 14, len - 14 - MAC, want_peer, why);
}

/* ---- server ---- */

int curve_server_hello(struct curve *c, const unsigned char *cmd, size_t len, const char **why)
{
	unsigned char n[24], zeros[64];
	if (!is_cmd(cmd, len, "HELLO") || len != CURVE_HELLO_LEN) {
		*why = "expected HELLO";
		return -1;
	}
	if (cmd[6] != 1) {
		*why = "unsupported CurveZMQ version";
		return -1;
	}
	memcpy(c->tpeer, cmd + 80, CURVE_KEY);
	if (take_peer_nonce(c, cmd + 112) < 0) {
		*why = "HELLO nonce out of order";
		return -1;
	}
	short_nonce(n, "CurveZMQHELLO---", cmd + 112);
	if (crypto_box_open_easy(zeros, cmd + 120, 80, n, c->tpeer, c->sec) < 0) {
		*why = "HELLO does not open: the client has another server key";
		return -1;
	}
	return 0;
}

int curve_server_welcome(struct curve *c, unsigned char out[CURVE_WELCOME_LEN])
{
	unsigned char cn[24], wn[24], cookie_plain[64], plain[128];
	/* cookie: Box[C' + s'](K) under a key only this connection knows */
	randombytes_buf(c->cookie, 32);
	memcpy(cookie_plain, c->tpeer, 32);
	memcpy(cookie_plain + 32, c->tsec, 32);
	memcpy(cn, "COOKIE--", 8);
	randombytes_buf(cn + 8, 16);
	memcpy(plain, c->tpub, 32);
	memcpy(plain + 32, cn + 8, 16);
	if (crypto_secretbox_easy(plain + 48, cookie_plain, 64, cn, c->cookie) < 0)
		return -1;
	memcpy(wn, "WELCOME-", 8);
	randombytes_buf(wn + 8, 16);
	memcpy(out, "\x07WELCOME", 8);
	memcpy(out + 8, wn + 8, 16);
	int rc = crypto_box_easy(out + 24, plain, sizeof(plain), wn, c->tpeer, c->sec);
	sodium_memzero(cookie_plain, sizeof(cookie_plain));
	sodium_memzero(plain, sizeof(plain));
	return rc;
}

int curve_server_initiate(struct curve *c, unsigned char *cmd, size_t len, const char *want_peer,
			  const char **why)
{
	unsigned char n[24], cookie[64], vouch[64];
	if (!is_cmd(cmd, len, "INITIATE") || len < 113 + 128 + MAC) {
		*why = "expected INITIATE";
		return -1;
	}
	memcpy(n, "COOKIE--", 8);
	memcpy(n + 8, cmd + 9, 16);
	if (crypto_secretbox_open_easy(cookie, cmd + 25, 80, n, c->cookie) < 0 ||
	    memcmp(cookie, c->tpeer, 32) || memcmp(cookie + 32, c->tsec, 32)) {
		*why = "INITIATE carries a bad cookie";
		return -1;
	}
	if (take_peer_nonce(c, cmd + 105) < 0) {
		*why = "INITIATE nonce out of order";
		return -1;
	}
	short_nonce(n, "CurveZMQINITIATE", cmd + 105);
	unsigned char *plain = cmd + 113;
	if (crypto_box_open_easy(plain, cmd + 113, len - 113, n, c->tpeer, c->tsec) < 0) {
		*why = "INITIATE does not open";
		return -1;
	}
	memcpy(n, "VOUCH---", 8);
	memcpy(n + 8, plain + 32, 16);
	if (crypto_box_open_easy(vouch, plain + 48, 80, n, plain, c->tsec) < 0 ||
	    memcmp(vouch, c->tpeer, 32) || memcmp(vouch + 32, c->pub, 32)) {
		*why = "INITIATE's vouch does not prove the client key";
		return -1;
	}
	memcpy(c->peer, plain, CURVE_KEY);
	if (crypto_box_beforenm(c->precom, c->tpeer, c->tsec) < 0) {
		*why = "weak client transient key";
		return -1;
	}
	sodium_memzero(c->cookie, sizeof(c->cookie));
	return check_meta(plain + 128, len - 113 - MAC - 128, want_peer, why);
}

int curve_server_ready(struct curve *c, struct buf *out, const unsigned char *meta,
			size_t metalen)
{
	unsigned char n[24], s[8];
	next_nonce(c, s);
	short_nonce(n, "CurveZMQREADY---", s);
	unsigned char *p = buf_extend(out, 14 + metalen + MAC);
	memcpy(p, "\x05READY", 6);
	memcpy(p + 6, s, 8);
	return crypto_box_easy_afternm(p + 14, meta, metalen, n, c->precom);
}

void curve_error_reason(const unsigned char *cmd, size_t len, char out[256])
{
	out[0] = 0;
	if (is_cmd(cmd, len, "ERROR") && len >= 7 && cmd[6] <= len - 7) {
		memcpy(out, cmd + 7, cmd[6]);
		out[cmd[6]] = 0;
	}
}

/* ---- messages ---- */

int curve_seal(struct curve *c, struct buf *out, unsigned flags, const void *data, size_t len)
{
	unsigned char n[24], s[8];
	next_nonce(c, s);
	short_nonce(n, c->server ? "CurveZMQMESSAGES" : "CurveZMQMESSAGEC", s);
	unsigned char *plain = xmalloc(len + 1);
	plain[0] = (unsigned char)flags;
	if (len)
		memcpy(plain + 1, data, len);
	unsigned char *p = buf_extend(out, CURVE_MSG_OVERHEAD + len);
	memcpy(p, "\x07MESSAGE", 8);
	memcpy(p + 8, s, 8);
	int rc = crypto_box_easy_afternm(p + 16, plain, len + 1, n, c->precom);
	free(plain);
	return rc;
}

int curve_open(struct curve *c, unsigned char *msg, size_t msglen, unsigned *flags,
	       unsigned char **data, size_t *len, const char **why)
{
	unsigned char n[24];
	if (msglen < CURVE_MSG_OVERHEAD || memcmp(msg, "\x07MESSAGE", 8)) {
		*why = "expected MESSAGE";
		return -1;
	}
	if (take_peer_nonce(c, msg + 8) < 0) {
		*why = "MESSAGE nonce out of order (replayed?)";
		return -1;
	}
	short_nonce(n, c->server ? "CurveZMQMESSAGEC" : "CurveZMQMESSAGES", msg + 8);
	if (crypto_box_open_easy_afternm(msg + 16, msg + 16, msglen - 16, n, c->precom) < 0) {
		*why = "MESSAGE does not open";
		return -1;
	}
	*flags = msg[16];
	*data = msg + 17;
	*len = msglen - CURVE_MSG_OVERHEAD;
	return 0;
}
