/* SPDX-License-Identifier: MIT */
/* mtrand.h: Ruby's Random (MT19937), bit for bit, and Puppet's fqdn_rand */
#ifndef MTRAND_H
#define MTRAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Puppet 7 computes fqdn_rand(MAX, SEED, DOWNCASE) as
 *
 *     max  = MAX.to_i
 *     seed = Digest::MD5.hexdigest([fqdn, max, SEED].join(':')).hex
 *     Random.new(seed).rand(max)
 *
 * with fqdn = $facts['networking']['fqdn'] (downcased when DOWNCASE is
 * truthy), max printed in decimal after to_i, and a missing SEED joined as
 * the empty string ("mc1.wikimedia.org:100:"). A FIPS-mode Puppet uses
 * SHA-256 instead of MD5; tend follows the ordinary (non-FIPS) Puppet.
 *
 * Ruby's Random is MT19937 with Ruby's own seeding and range reduction;
 * this file reproduces both exactly (Ruby 2.x and 3.x agree). The
 * generator state is a plain struct the caller provides: no allocation,
 * no globals, nothing to release.
 */

#define MT_N 624

struct mt_state {
	uint32_t v[MT_N]; /* the state vector */
	int next;         /* index in v of the next word to temper */
	int left;         /* words left before the next regeneration, plus 1 */
};

/* MT19937 init_genrand(s) */
void mt_init_genrand(struct mt_state *mt, uint32_t s);
/* MT19937 init_by_array(key, len); len >= 1 */
void mt_init_by_array(struct mt_state *mt, const uint32_t *key, size_t len);

/*
 * Random.new(seed) for a non-negative integer seed given as 32-bit words,
 * least significant first (`n` may count leading zero words; n = 0 means
 * seed 0). Ruby's rule: drop leading zero words; a single word seeds with
 * init_genrand; otherwise a top word equal to 1 (Ruby's "leading-zero
 * guard") is dropped too, and the rest goes to init_by_array. Negative
 * seeds behave as their absolute value, so callers pass |seed|.
 */
void mt_seed_words(struct mt_state *mt, const uint32_t *words, size_t n);
/* Random.new(seed) for a seed that fits 64 bits. */
void mt_seed_u64(struct mt_state *mt, uint64_t seed);

/* The next 32-bit output, genrand_int32. */
uint32_t mt_next_u32(struct mt_state *mt);
/*
 * A uniform value in [0, limit], Ruby's limited_rand: 32-bit draws masked
 * to the bit width of limit, most significant word first, retrying when
 * the value exceeds limit. limit 0 draws nothing and returns 0.
 */
uint64_t mt_rand_limited(struct mt_state *mt, uint64_t limit);
/* Random#rand(max) for an Integer 1 <= max: a value in [0, max). */
uint64_t mt_rand_int(struct mt_state *mt, uint64_t max);
/* Random#rand with no argument: a double in [0, 1) with 53 random bits. */
double mt_rand_float(struct mt_state *mt);

/*
 * Puppet::Util.deterministic_rand_int(seed, max) where seed is the
 * 128-bit integer read from a 16-byte big-endian digest (what
 * `Digest::MD5.hexdigest(s).hex` gives). max must be >= 1.
 */
uint64_t mt_digest_rand(const unsigned char digest[16], uint64_t max);

/*
 * Puppet's fqdn_rand: stores in *out what fqdn_rand(max, seed, downcase)
 * returns on a node whose networking.fqdn fact is `fqdn`.
 *   fqdn      the fact's value; "" when the fact is missing (Ruby joins
 *             nil as "")
 *   max       MAX after Ruby's to_i (see mt_ruby_to_i for strings)
 *   seed      SEED as Ruby's to_s would print it (an Integer 5 -> "5");
 *             NULL or "" when absent or undef
 *   downcase  fold the fqdn to lower case first (ASCII letters only; Ruby
 *             folds Unicode too, which host names do not use)
 * Returns 0, or -1 with err_set() when max < 1: Puppet fails then with
 * "invalid argument - <max>", and that is the message recorded.
 */
int mt_fqdn_rand(int64_t *out, const char *fqdn, int64_t max,
		 const char *seed, bool downcase);

/*
 * Ruby's String#to_i (base 10): leading whitespace, an optional sign,
 * digits with single underscores between them; stops at the first other
 * character; 0 when there are no digits. Returns 0, or ERR_GENERIC when
 * the value does not fit int64_t (Ruby would make a Bignum), with *out
 * untouched.
 */
int mt_ruby_to_i(int64_t *out, const char *s);

#endif
