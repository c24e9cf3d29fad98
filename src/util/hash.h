/* SPDX-License-Identifier: MIT */
/* hash.h: message digests: SHA-256 (libsodium), MD5 and SHA-1 (our own) */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Digest sizes in bytes. A hex string of a digest needs 2 * LEN + 1 bytes
 * (lowercase, NUL-terminated), e.g. char hex[HASH_SHA256_HEXSZ].
 *
 * MD5 and SHA-1 are here for compatibility, never for security: Puppet's
 * fqdn_rand seeds its generator from an MD5, and file checksums may be
 * given as md5 or sha1. Use SHA-256 for anything new.
 *
 * All functions take binary data as (p, n) and never rely on a NUL; p may
 * be NULL when n is 0. None of them allocate or fail.
 */
#define HASH_MD5_LEN 16
#define HASH_SHA1_LEN 20
#define HASH_SHA256_LEN 32
#define HASH_MD5_HEXSZ (2 * HASH_MD5_LEN + 1)
#define HASH_SHA1_HEXSZ (2 * HASH_SHA1_LEN + 1)
#define HASH_SHA256_HEXSZ (2 * HASH_SHA256_LEN + 1)

/* Writes 2 * len lowercase hex digits of `digest` and a NUL to `out`. */
void hash_to_hex(char *out, const unsigned char *digest, size_t len);

/* One-shot digests: raw bytes, and hex strings. */
void hash_md5(unsigned char out[HASH_MD5_LEN], const void *p, size_t n);
void hash_md5_hex(char out[HASH_MD5_HEXSZ], const void *p, size_t n);
void hash_sha1(unsigned char out[HASH_SHA1_LEN], const void *p, size_t n);
void hash_sha1_hex(char out[HASH_SHA1_HEXSZ], const void *p, size_t n);
/* SHA-256 through libsodium's crypto_hash_sha256 (sodium_init is done once). */
void hash_sha256(unsigned char out[HASH_SHA256_LEN], const void *p, size_t n);
void hash_sha256_hex(char out[HASH_SHA256_HEXSZ], const void *p, size_t n);

/*
 * Incremental MD5 and SHA-1, for data that arrives in pieces (a file read
 * in blocks). Usage: hash_md5_init(&c); hash_md5_update(&c, p, n) any
 * number of times; hash_md5_final(out, &c). After _final the context holds
 * no secret data and must be initialised again before reuse. The structs
 * own no memory: there is nothing to release.
 */
struct hash_md5 {
	uint32_t h[4];             /* chaining state A, B, C, D */
	uint64_t nbytes;           /* message length so far */
	unsigned char block[64];   /* partial input block */
};

struct hash_sha1 {
	uint32_t h[5];             /* chaining state H0..H4 */
	uint64_t nbytes;           /* message length so far */
	unsigned char block[64];   /* partial input block */
};

void hash_md5_init(struct hash_md5 *c);
void hash_md5_update(struct hash_md5 *c, const void *p, size_t n);
void hash_md5_final(unsigned char out[HASH_MD5_LEN], struct hash_md5 *c);

void hash_sha1_init(struct hash_sha1 *c);
void hash_sha1_update(struct hash_sha1 *c, const void *p, size_t n);
void hash_sha1_final(unsigned char out[HASH_SHA1_LEN], struct hash_sha1 *c);

#endif
