/* SPDX-License-Identifier: MIT */
/* hash.c: SHA-256 via libsodium; MD5 (RFC 1321) and SHA-1 (RFC 3174) */
#include "util/compat.h"
#include "util/hash.h"

#include <pthread.h>
#include <sodium.h>

/*
 * MD5 and SHA-1 share the Merkle-Damgard frame: 64-byte blocks, the
 * message padded with 0x80, zeros, and its bit length in the last 8
 * bytes. They differ in byte order (MD5 little-endian, SHA-1 big-endian)
 * and in the compression function. The partial block lives in the
 * context; its fill level is nbytes % 64.
 */

static uint32_t rotl(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static uint32_t load_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void store_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

void hash_to_hex(char *out, const unsigned char *digest, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * len] = '\0';
}

/* ---- MD5 (RFC 1321) ---- */

/* T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 section 3.4 */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* per-round rotation amounts, four per round */
static const unsigned char md5_s[4][4] = {
	{ 7, 12, 17, 22 },
	{ 5, 9, 14, 20 },
	{ 4, 11, 16, 23 },
	{ 6, 10, 15, 21 },
};

static void md5_block(uint32_t h[4], const unsigned char *blk)
{
	uint32_t x[16];
	for (int i = 0; i < 16; i++)
		x[i] = load_le32(blk + 4 * i);

	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	for (int i = 0; i < 64; i++) {
		uint32_t f;
		int k, round = i / 16;
		switch (round) {
		case 0:
			f = (b & c) | (~b & d);
			k = i;
			break;
		case 1:
			f = (b & d) | (c & ~d);
			k = (5 * i + 1) & 15;
			break;
		case 2:
			f = b ^ c ^ d;
			k = (3 * i + 5) & 15;
			break;
		default:
			f = c ^ (b | ~d);
			k = (7 * i) & 15;
			break;
		}
		uint32_t t = a + f + x[k] + md5_t[i];
		a = d;
		d = c;
		c = b;
		b = b + rotl(t, md5_s[round][i & 3]);
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

void hash_md5_init(struct hash_md5 *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->nbytes = 0;
}

typedef void (*block_fn)(uint32_t *h, const unsigned char *blk);

/* Feeds p[0..n) through the 64-byte block buffer of a context. */
static void absorb(uint32_t *h, unsigned char *block, uint64_t *nbytes,
		   block_fn fn, const void *p, size_t n)
{
	const unsigned char *in = p;
	size_t fill = (size_t)(*nbytes & 63);

	if (!n)
		return; /* p may be NULL then */
	*nbytes += n;
	if (fill) {
		size_t take = 64 - fill < n ? 64 - fill : n;
		memcpy(block + fill, in, take);
		in += take;
		n -= take;
		if (fill + take < 64)
			return;
		fn(h, block);
	}
	for (; n >= 64; in += 64, n -= 64)
		fn(h, in);
	if (n)
		memcpy(block, in, n);
}

/* Pads, compresses the last block(s); the bit count fills the last 8 bytes. */
static void pad(uint32_t *h, unsigned char *block, uint64_t nbytes,
		block_fn fn, int big_endian)
{
	size_t fill = (size_t)(nbytes & 63);
	uint64_t bits = nbytes * 8;

	block[fill++] = 0x80;
	if (fill > 56) {
		memset(block + fill, 0, 64 - fill);
		fn(h, block);
		fill = 0;
	}
	memset(block + fill, 0, 56 - fill);
	for (int i = 0; i < 8; i++) {
		int shift = big_endian ? 56 - 8 * i : 8 * i;
		block[56 + i] = (unsigned char)(bits >> shift);
	}
	fn(h, block);
}

void hash_md5_update(struct hash_md5 *c, const void *p, size_t n)
{
	absorb(c->h, c->block, &c->nbytes, md5_block, p, n);
}

void hash_md5_final(unsigned char out[HASH_MD5_LEN], struct hash_md5 *c)
{
	pad(c->h, c->block, c->nbytes, md5_block, 0);
	for (int i = 0; i < 4; i++)
		store_le32(out + 4 * i, c->h[i]);
	memset(c, 0, sizeof(*c));
}

void hash_md5(unsigned char out[HASH_MD5_LEN], const void *p, size_t n)
{
	struct hash_md5 c;
	hash_md5_init(&c);
	hash_md5_update(&c, p, n);
	hash_md5_final(out, &c);
}

void hash_md5_hex(char out[HASH_MD5_HEXSZ], const void *p, size_t n)
{
	unsigned char d[HASH_MD5_LEN];
	hash_md5(d, p, n);
	hash_to_hex(out, d, sizeof(d));
}

/* ---- SHA-1 (RFC 3174) ---- */

static void sha1_block(uint32_t *h, const unsigned char *blk)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = load_be32(blk + 4 * t);
	for (int t = 16; t < 80; t++)
		w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t tmp = rotl(a, 5) + f + e + w[t] + k;
		e = d;
		d = c;
		c = rotl(b, 30);
		b = a;
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void hash_sha1_init(struct hash_sha1 *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->h[4] = 0xc3d2e1f0;
	c->nbytes = 0;
}

void hash_sha1_update(struct hash_sha1 *c, const void *p, size_t n)
{
	absorb(c->h, c->block, &c->nbytes, sha1_block, p, n);
}

void hash_sha1_final(unsigned char out[HASH_SHA1_LEN], struct hash_sha1 *c)
{
	pad(c->h, c->block, c->nbytes, sha1_block, 1);
	for (int i = 0; i < 5; i++)
		store_be32(out + 4 * i, c->h[i]);
	memset(c, 0, sizeof(*c));
}

void hash_sha1(unsigned char out[HASH_SHA1_LEN], const void *p, size_t n)
{
	struct hash_sha1 c;
	hash_sha1_init(&c);
	hash_sha1_update(&c, p, n);
	hash_sha1_final(out, &c);
}

void hash_sha1_hex(char out[HASH_SHA1_HEXSZ], const void *p, size_t n)
{
	unsigned char d[HASH_SHA1_LEN];
	hash_sha1(d, p, n);
	hash_to_hex(out, d, sizeof(d));
}

/* ---- SHA-256 (libsodium) ---- */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void init_sodium(void)
{
	if (sodium_init() < 0)
		BUG("sodium_init failed");
}

void hash_sha256(unsigned char out[HASH_SHA256_LEN], const void *p, size_t n)
{
	static const unsigned char empty[1];
	pthread_once(&sodium_once, init_sodium);
	crypto_hash_sha256(out, p ? p : empty, (unsigned long long)n);
}

void hash_sha256_hex(char out[HASH_SHA256_HEXSZ], const void *p, size_t n)
{
	unsigned char d[HASH_SHA256_LEN];
	hash_sha256(d, p, n);
	hash_to_hex(out, d, sizeof(d));
}
