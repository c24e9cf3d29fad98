/* SPDX-License-Identifier: MIT */
/* test_hash.c: MD5, SHA-1 and SHA-256 against published test vectors */
#include "util/compat.h"
#include "util/hash.h"

#include <setjmp.h>
#include <cmocka.h>

struct vec {
	const char *in;
	const char *hex;
};

/* RFC 1321, appendix A.5 */
static const struct vec md5_rfc[] = {
	{ "", "d41d8cd98f00b204e9800998ecf8427e" },
	{ "a", "0cc175b9c0f1b6a831c399e269772661" },
	{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
	{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
	{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	  "d174ab98d277d9f5a5611c2c9f419d9f" },
	{ "1234567890123456789012345678901234567890"
	  "1234567890123456789012345678901234567890",
	  "57edf4a22be3c955ac49da2e2107b67a" },
};

/* RFC 3174 section 7.3 (tests 1 and 2), plus the empty message */
static const struct vec sha1_rfc[] = {
	{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
	{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
};

/* FIPS 180-2 examples and a well-known sentence */
static const struct vec sha256_known[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "The quick brown fox jumps over the lazy dog",
	  "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592" },
};

/*
 * n times 'a', around the padding boundaries (55 and 56 bytes: the length
 * field still fits or not; 64, 119, 120, 128: one and two blocks).
 * Expected values from coreutils md5sum and sha1sum.
 */
static const struct {
	size_t n;
	const char *md5, *sha1;
} boundary[] = {
	{ 55, "ef1772b6dff9a122358552954ad0df65", "c1c8bbdc22796e28c0e15163d20899b65621d65a" },
	{ 56, "3b0c8ac703f828b04c6c197006d17218", "c2db330f6083854c99d4b5bfb6e8f29f201be699" },
	{ 63, "b06521f39153d618550606be297466d5", "03f09f5b158a7a8cdad920bddc29b81c18a551f5" },
	{ 64, "014842d480b571495a4a0363793f7367", "0098ba824b5c16427bd7a1122a5a442a25ec644d" },
	{ 65, "c743a45e0d2e6a95cb859adae0248435", "11655326c708d70319be2610e8a57d9a5b959d3b" },
	{ 119, "8a7bd0732ed6a28ce75f6dabc90e1613", "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56" },
	{ 120, "5f61c0ccad4cac44c75ff505e1f1e537", "f34c1488385346a55709ba056ddd08280dd4c6d6" },
	{ 128, "e510683b3f5ffe4093d021808bc6ff70", "ad5b3fdbcb526778c2839d2f151ea753995e26a0" },
};

static void test_hash__md5_rfc1321_vectors(void **state UNUSED)
{
	char hex[HASH_MD5_HEXSZ];
	for (size_t i = 0; i < ARRAY_SIZE(md5_rfc); i++) {
		hash_md5_hex(hex, md5_rfc[i].in, strlen(md5_rfc[i].in));
		assert_string_equal(hex, md5_rfc[i].hex);
	}
}

static void test_hash__sha1_rfc3174_vectors(void **state UNUSED)
{
	char hex[HASH_SHA1_HEXSZ];
	for (size_t i = 0; i < ARRAY_SIZE(sha1_rfc); i++) {
		hash_sha1_hex(hex, sha1_rfc[i].in, strlen(sha1_rfc[i].in));
		assert_string_equal(hex, sha1_rfc[i].hex);
	}
}

/* RFC 3174 test 3: a million 'a', fed in uneven pieces */
static void test_hash__sha1_million_a_incremental(void **state UNUSED)
{
	char chunk[1000];
	unsigned char d[HASH_SHA1_LEN];
	char hex[HASH_SHA1_HEXSZ];
	struct hash_sha1 c;
	size_t left = 1000000, step = 1;

	memset(chunk, 'a', sizeof(chunk));
	hash_sha1_init(&c);
	while (left) {
		size_t n = step < left ? step : left;
		hash_sha1_update(&c, chunk, n);
		left -= n;
		step = step % 991 + 7; /* stays <= sizeof(chunk) */
	}
	hash_sha1_final(d, &c);
	hash_to_hex(hex, d, sizeof(d));
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* RFC 3174 test 4: a 64-byte string repeated 10 times */
static void test_hash__sha1_repeated_block(void **state UNUSED)
{
	const char *s = "0123456701234567012345670123456701234567012345670123456701234567";
	unsigned char d[HASH_SHA1_LEN];
	char hex[HASH_SHA1_HEXSZ];
	struct hash_sha1 c;

	hash_sha1_init(&c);
	for (int i = 0; i < 10; i++)
		hash_sha1_update(&c, s, strlen(s));
	hash_sha1_final(d, &c);
	hash_to_hex(hex, d, sizeof(d));
	assert_string_equal(hex, "dea356a2cddd90c7a7ecedc5ebb563934f460452");
}

static void test_hash__padding_boundaries(void **state UNUSED)
{
	char in[128], hex5[HASH_MD5_HEXSZ], hex1[HASH_SHA1_HEXSZ];
	memset(in, 'a', sizeof(in));
	for (size_t i = 0; i < ARRAY_SIZE(boundary); i++) {
		hash_md5_hex(hex5, in, boundary[i].n);
		assert_string_equal(hex5, boundary[i].md5);
		hash_sha1_hex(hex1, in, boundary[i].n);
		assert_string_equal(hex1, boundary[i].sha1);
	}
}

/* every split of a 200-byte message gives the one-shot digest */
static void test_hash__incremental_equals_oneshot(void **state UNUSED)
{
	unsigned char msg[200], want5[HASH_MD5_LEN], got5[HASH_MD5_LEN];
	unsigned char want1[HASH_SHA1_LEN], got1[HASH_SHA1_LEN];

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i * 37 + 11);
	hash_md5(want5, msg, sizeof(msg));
	hash_sha1(want1, msg, sizeof(msg));
	for (size_t split = 0; split <= sizeof(msg); split++) {
		struct hash_md5 c5;
		struct hash_sha1 c1;
		hash_md5_init(&c5);
		hash_md5_update(&c5, msg, split);
		hash_md5_update(&c5, NULL, 0);
		hash_md5_update(&c5, msg + split, sizeof(msg) - split);
		hash_md5_final(got5, &c5);
		assert_memory_equal(got5, want5, sizeof(want5));
		hash_sha1_init(&c1);
		hash_sha1_update(&c1, msg, split);
		hash_sha1_update(&c1, msg + split, sizeof(msg) - split);
		hash_sha1_final(got1, &c1);
		assert_memory_equal(got1, want1, sizeof(want1));
	}
}

/* binary data: the length counts, not a NUL */
static void test_hash__embedded_nul(void **state UNUSED)
{
	char hex5[HASH_MD5_HEXSZ], hex1[HASH_SHA1_HEXSZ], hex256[HASH_SHA256_HEXSZ];
	hash_md5_hex(hex5, "a\0b", 3);
	assert_string_equal(hex5, "70350f6027bce3713f6b76473084309b");
	hash_sha1_hex(hex1, "a\0b", 3);
	assert_string_equal(hex1, "4a3dec2d1f8245280855c42db0ee4239f917fdb8");
	hash_sha256_hex(hex256, "a\0b", 3);
	assert_string_equal(hex256,
		"59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
}

static void test_hash__sha256_known_values(void **state UNUSED)
{
	char hex[HASH_SHA256_HEXSZ];
	unsigned char raw[HASH_SHA256_LEN];
	for (size_t i = 0; i < ARRAY_SIZE(sha256_known); i++) {
		hash_sha256_hex(hex, sha256_known[i].in, strlen(sha256_known[i].in));
		assert_string_equal(hex, sha256_known[i].hex);
	}
	hash_sha256(raw, NULL, 0);
	assert_int_equal(raw[0], 0xe3);
	assert_int_equal(raw[31], 0x55);
}

/* the rendered seed memcached.conf; sha256 as measured in PUPPET-NOTES.md */
static void test_hash__sha256_seed_memcached_conf(void **state UNUSED)
{
	static const char conf[] =
		"# memcached default config file\n-d\n"
		"logfile /var/log/memcached.log\n-m 89088\n-p 11211\n-u nobody\n"
		"-l 0.0.0.0\n-c 25000\n-n 5\n-f 1.05\n-o slab_reassign\n-D :\n";
	char hex[HASH_SHA256_HEXSZ];
	hash_sha256_hex(hex, conf, sizeof(conf) - 1);
	assert_int_equal(sizeof(conf) - 1, 149);
	assert_string_equal(hex,
		"bd15482b9f5032785b95c63b4e98f50bc44fef816eedf02ebc58761b42edfddb");
}

static void test_hash__to_hex(void **state UNUSED)
{
	const unsigned char d[] = { 0x00, 0x0f, 0xa5, 0xff };
	char hex[9];
	memset(hex, 'x', sizeof(hex));
	hash_to_hex(hex, d, sizeof(d));
	assert_string_equal(hex, "000fa5ff");
	hash_to_hex(hex, d, 0);
	assert_string_equal(hex, "");
}

int suite_hash(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash__md5_rfc1321_vectors),
		cmocka_unit_test(test_hash__sha1_rfc3174_vectors),
		cmocka_unit_test(test_hash__sha1_million_a_incremental),
		cmocka_unit_test(test_hash__sha1_repeated_block),
		cmocka_unit_test(test_hash__padding_boundaries),
		cmocka_unit_test(test_hash__incremental_equals_oneshot),
		cmocka_unit_test(test_hash__embedded_nul),
		cmocka_unit_test(test_hash__sha256_known_values),
		cmocka_unit_test(test_hash__sha256_seed_memcached_conf),
		cmocka_unit_test(test_hash__to_hex),
	};
	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
