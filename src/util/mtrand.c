/* SPDX-License-Identifier: MIT */
/* mtrand.c: Ruby's Random (MT19937), bit for bit, and Puppet's fqdn_rand */
#include "util/compat.h"
#include "util/mtrand.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#include <inttypes.h>

/*
 * The generator is Matsumoto and Nishimura's MT19937 (2002 initialisation).
 * What makes it Ruby's:
 *   1. seeding (mt_seed_words): the seed integer is cut into 32-bit words,
 *      least significant first; one word -> init_genrand, more ->
 *      init_by_array, after dropping a top word equal to 1;
 *   2. Random#rand(max) (mt_rand_limited): rejection sampling on masked
 *      32-bit draws, high word first when the limit needs 64 bits. Ruby's
 *      Bignum path (limits past 2^62) draws the same words in the same
 *      order, so one function covers every limit below 2^64.
 */

#define MT_M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

void mt_init_genrand(struct mt_state *mt, uint32_t s)
{
	mt->v[0] = s;
	for (uint32_t i = 1; i < MT_N; i++)
		mt->v[i] = 1812433253U * (mt->v[i - 1] ^ (mt->v[i - 1] >> 30)) +
			   i;
	mt->left = 1;
	mt->next = MT_N;
}

void mt_init_by_array(struct mt_state *mt, const uint32_t *key, size_t len)
{
	if (!len)
		BUG("mt_init_by_array with an empty key");
	mt_init_genrand(mt, 19650218U);
	uint32_t *v = mt->v;
	size_t i = 1, j = 0;
	for (size_t k = MT_N > len ? MT_N : len; k; k--) {
		v[i] = (v[i] ^ ((v[i - 1] ^ (v[i - 1] >> 30)) * 1664525U)) +
		       key[j] + (uint32_t)j;
		i++;
		j++;
		if (i >= MT_N) {
			v[0] = v[MT_N - 1];
			i = 1;
		}
		if (j >= len)
			j = 0;
	}
	for (size_t k = MT_N - 1; k; k--) {
		v[i] = (v[i] ^ ((v[i - 1] ^ (v[i - 1] >> 30)) * 1566083941U)) -
		       (uint32_t)i;
		i++;
		if (i >= MT_N) {
			v[0] = v[MT_N - 1];
			i = 1;
		}
	}
	v[0] = 0x80000000U; /* MSB set: the state is never all zero */
}

static uint32_t twist(uint32_t u, uint32_t w)
{
	uint32_t y = (u & UPPER_MASK) | (w & LOWER_MASK);
	return (y >> 1) ^ ((w & 1U) ? MATRIX_A : 0U);
}

static void regenerate(struct mt_state *mt)
{
	uint32_t *v = mt->v;
	int k;
	for (k = 0; k < MT_N - MT_M; k++)
		v[k] = v[k + MT_M] ^ twist(v[k], v[k + 1]);
	for (; k < MT_N - 1; k++)
		v[k] = v[k + MT_M - MT_N] ^ twist(v[k], v[k + 1]);
	v[MT_N - 1] = v[MT_M - 1] ^ twist(v[MT_N - 1], v[0]);
	mt->left = MT_N;
	mt->next = 0;
}

uint32_t mt_next_u32(struct mt_state *mt)
{
	if (--mt->left <= 0)
		regenerate(mt);
	uint32_t y = mt->v[mt->next++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

void mt_seed_words(struct mt_state *mt, const uint32_t *words, size_t n)
{
	while (n > 0 && !words[n - 1])
		n--;
	if (n > 1 && words[n - 1] == 1)
		n--; /* Ruby's leading-zero guard */
	if (n <= 1)
		mt_init_genrand(mt, n ? words[0] : 0);
	else
		mt_init_by_array(mt, words, n);
}

void mt_seed_u64(struct mt_state *mt, uint64_t seed)
{
	uint32_t w[2] = { (uint32_t)seed, (uint32_t)(seed >> 32) };
	mt_seed_words(mt, w, 2);
}

/* all ones from the highest set bit of x down */
static uint64_t make_mask(uint64_t x)
{
	for (unsigned s = 1; s < 64; s <<= 1)
		x |= x >> s;
	return x;
}

uint64_t mt_rand_limited(struct mt_state *mt, uint64_t limit)
{
	if (!limit)
		return 0;
	uint64_t mask = make_mask(limit), val;
	if (limit <= 0xffffffffU) {
		do
			val = mt_next_u32(mt) & mask;
		while (val > limit);
		return val;
	}
retry:
	val = 0;
	for (int i = 1; i >= 0; i--) {
		if (!((mask >> (32 * i)) & 0xffffffffU))
			continue;
		val |= (uint64_t)mt_next_u32(mt) << (32 * i);
		val &= mask;
		if (val > limit)
			goto retry;
	}
	return val;
}

uint64_t mt_rand_int(struct mt_state *mt, uint64_t max)
{
	if (!max)
		BUG("mt_rand_int(0)");
	return mt_rand_limited(mt, max - 1);
}

double mt_rand_float(struct mt_state *mt)
{
	uint32_t a = mt_next_u32(mt) >> 5, b = mt_next_u32(mt) >> 6;
	return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t mt_digest_rand(const unsigned char digest[16], uint64_t max)
{
	uint32_t w[4];
	struct mt_state mt;

	/* big-endian bytes -> words, least significant first */
	for (int i = 0; i < 4; i++) {
		const unsigned char *p = digest + 12 - 4 * i;
		w[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | (uint32_t)p[3];
	}
	mt_seed_words(&mt, w, 4);
	return mt_rand_int(&mt, max);
}

int mt_fqdn_rand(int64_t *out, const char *fqdn, int64_t max,
		 const char *seed, bool downcase)
{
	struct buf key = BUF_INIT;
	unsigned char d[HASH_MD5_LEN];

	if (max < 1)
		return err_set("invalid argument - %" PRId64, max);
	buf_addstr(&key, fqdn);
	if (downcase) {
		for (size_t i = 0; i < key.len; i++)
			if (key.ptr[i] >= 'A' && key.ptr[i] <= 'Z')
				key.ptr[i] = (char)(key.ptr[i] - 'A' + 'a');
	}
	buf_addf(&key, ":%" PRId64 ":%s", max, seed ? seed : "");
	hash_md5(d, key.ptr, key.len);
	buf_release(&key);
	*out = (int64_t)mt_digest_rand(d, (uint64_t)max);
	return 0;
}

static int is_rb_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int mt_ruby_to_i(int64_t *out, const char *s)
{
	const char *start = s;
	uint64_t v = 0, lim;
	bool neg = false;

	while (is_rb_space((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	while (*s >= '0' && *s <= '9') {
		unsigned dig = (unsigned)(*s - '0');
		if (v > (lim - dig) / 10)
			return err_set("integer '%s' is too large", start);
		v = v * 10 + dig;
		s++;
		if (s[0] == '_' && s[1] >= '0' && s[1] <= '9')
			s++;
	}
	if (!neg)
		*out = (int64_t)v;
	else
		*out = v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v;
	return 0;
}
