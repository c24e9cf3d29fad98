/* SPDX-License-Identifier: MIT */
/* test_mtrand.c: Ruby's MT19937 and Puppet's fqdn_rand, against the real ones */
#include "util/compat.h"
#include "util/err.h"
#include "util/mtrand.h"

#include <inttypes.h>
#include <setjmp.h>
#include <cmocka.h>

/*
 * How the table was obtained: Debian 12's Puppet 7.23.0 (Ruby 3.1.7), one
 * isolated `puppet apply` per host name (throw-away --confdir/--vardir/...
 * as in PUPPET-NOTES.md), facts stubbed with --facts_terminus json and
 * {"clientcert":..., "fqdn": F, "networking": {"fqdn": F}}, and a manifest
 * of lines such as
 *     notice("${fqdn_rand(60, 'expensive job 1')}")
 *     notice("${fqdn_rand(100, '', true)}")
 * Each row is one notice. Rows with seed "7" come from the Integer seed
 * fqdn_rand(100, 7); rows with max 25 from the String max fqdn_rand('25');
 * seed "" from both '' and undef (they print the same). fqdn_rand(0) and
 * fqdn_rand(-5) fail with "invalid argument - 0" / "invalid argument - -5".
 */
static const struct {
	const char *fqdn;
	int64_t max;
	const char *seed; /* NULL: no seed argument */
	bool downcase;
	int64_t want;
} puppet_table[] = {
	{ "mc1.wikimedia.org", INT64_C(100), NULL, false, INT64_C(59) },
	{ "mc1.wikimedia.org", INT64_C(1), NULL, false, INT64_C(0) },
	{ "mc1.wikimedia.org", INT64_C(2), NULL, false, INT64_C(1) },
	{ "mc1.wikimedia.org", INT64_C(60), NULL, false, INT64_C(35) },
	{ "mc1.wikimedia.org", INT64_C(1000), NULL, false, INT64_C(288) },
	{ "mc1.wikimedia.org", INT64_C(2147483648), NULL, false, INT64_C(217351608) },
	{ "mc1.wikimedia.org", INT64_C(1099511627776), NULL, false, INT64_C(151035114310) },
	{ "mc1.wikimedia.org", INT64_C(100), "cron", false, INT64_C(59) },
	{ "mc1.wikimedia.org", INT64_C(60), "expensive job 1", false, INT64_C(34) },
	{ "mc1.wikimedia.org", INT64_C(60), "expensive job 2", false, INT64_C(17) },
	{ "mc1.wikimedia.org", INT64_C(30), "5", false, INT64_C(16) },
	{ "mc1.wikimedia.org", INT64_C(4294967296), "seed", false, INT64_C(2527328343) },
	{ "mc1.wikimedia.org", INT64_C(9223372036854775807), NULL, false, INT64_C(1698710812960206664) },
	{ "mc1.wikimedia.org", INT64_C(100), "true", false, INT64_C(22) },
	{ "Mc1.WikiMedia.org", INT64_C(100), NULL, false, INT64_C(17) },
	{ "Mc1.WikiMedia.org", INT64_C(1), NULL, false, INT64_C(0) },
	{ "Mc1.WikiMedia.org", INT64_C(2), NULL, false, INT64_C(1) },
	{ "Mc1.WikiMedia.org", INT64_C(60), NULL, false, INT64_C(24) },
	{ "Mc1.WikiMedia.org", INT64_C(1000), NULL, false, INT64_C(442) },
	{ "Mc1.WikiMedia.org", INT64_C(2147483648), NULL, false, INT64_C(1184961722) },
	{ "Mc1.WikiMedia.org", INT64_C(1099511627776), NULL, false, INT64_C(294978539980) },
	{ "Mc1.WikiMedia.org", INT64_C(100), "cron", false, INT64_C(68) },
	{ "Mc1.WikiMedia.org", INT64_C(60), "expensive job 1", false, INT64_C(37) },
	{ "Mc1.WikiMedia.org", INT64_C(60), "expensive job 2", false, INT64_C(17) },
	{ "Mc1.WikiMedia.org", INT64_C(30), "5", false, INT64_C(10) },
	{ "Mc1.WikiMedia.org", INT64_C(4294967296), "seed", false, INT64_C(3648079741) },
	{ "Mc1.WikiMedia.org", INT64_C(9223372036854775807), NULL, false, INT64_C(6450024618471645221) },
	{ "Mc1.WikiMedia.org", INT64_C(100), "true", false, INT64_C(92) },
	{ "db1001.eqiad.wmnet", INT64_C(100), NULL, false, INT64_C(47) },
	{ "db1001.eqiad.wmnet", INT64_C(1), NULL, false, INT64_C(0) },
	{ "db1001.eqiad.wmnet", INT64_C(2), NULL, false, INT64_C(1) },
	{ "db1001.eqiad.wmnet", INT64_C(60), NULL, false, INT64_C(0) },
	{ "db1001.eqiad.wmnet", INT64_C(1000), NULL, false, INT64_C(690) },
	{ "db1001.eqiad.wmnet", INT64_C(2147483648), NULL, false, INT64_C(1580306823) },
	{ "db1001.eqiad.wmnet", INT64_C(1099511627776), NULL, false, INT64_C(957863910661) },
	{ "db1001.eqiad.wmnet", INT64_C(100), "cron", false, INT64_C(64) },
	{ "db1001.eqiad.wmnet", INT64_C(60), "expensive job 1", false, INT64_C(21) },
	{ "db1001.eqiad.wmnet", INT64_C(60), "expensive job 2", false, INT64_C(8) },
	{ "db1001.eqiad.wmnet", INT64_C(30), "5", false, INT64_C(28) },
	{ "db1001.eqiad.wmnet", INT64_C(4294967296), "seed", false, INT64_C(268615216) },
	{ "db1001.eqiad.wmnet", INT64_C(9223372036854775807), NULL, false, INT64_C(6458038705972941877) },
	{ "db1001.eqiad.wmnet", INT64_C(100), "true", false, INT64_C(17) },
	{ "cp3050.esams.wmnet", INT64_C(100), NULL, false, INT64_C(40) },
	{ "cp3050.esams.wmnet", INT64_C(1), NULL, false, INT64_C(0) },
	{ "cp3050.esams.wmnet", INT64_C(2), NULL, false, INT64_C(0) },
	{ "cp3050.esams.wmnet", INT64_C(60), NULL, false, INT64_C(59) },
	{ "cp3050.esams.wmnet", INT64_C(1000), NULL, false, INT64_C(278) },
	{ "cp3050.esams.wmnet", INT64_C(2147483648), NULL, false, INT64_C(418350322) },
	{ "cp3050.esams.wmnet", INT64_C(1099511627776), NULL, false, INT64_C(647569796589) },
	{ "cp3050.esams.wmnet", INT64_C(100), "cron", false, INT64_C(78) },
	{ "cp3050.esams.wmnet", INT64_C(60), "expensive job 1", false, INT64_C(57) },
	{ "cp3050.esams.wmnet", INT64_C(60), "expensive job 2", false, INT64_C(32) },
	{ "cp3050.esams.wmnet", INT64_C(30), "5", false, INT64_C(19) },
	{ "cp3050.esams.wmnet", INT64_C(4294967296), "seed", false, INT64_C(2355967465) },
	{ "cp3050.esams.wmnet", INT64_C(9223372036854775807), NULL, false, INT64_C(1051274468126993847) },
	{ "cp3050.esams.wmnet", INT64_C(100), "true", false, INT64_C(16) },
	{ "a.example.com", INT64_C(100), NULL, false, INT64_C(62) },
	{ "a.example.com", INT64_C(1), NULL, false, INT64_C(0) },
	{ "a.example.com", INT64_C(2), NULL, false, INT64_C(1) },
	{ "a.example.com", INT64_C(60), NULL, false, INT64_C(42) },
	{ "a.example.com", INT64_C(1000), NULL, false, INT64_C(618) },
	{ "a.example.com", INT64_C(2147483648), NULL, false, INT64_C(52052841) },
	{ "a.example.com", INT64_C(1099511627776), NULL, false, INT64_C(571509762830) },
	{ "a.example.com", INT64_C(100), "cron", false, INT64_C(42) },
	{ "a.example.com", INT64_C(60), "expensive job 1", false, INT64_C(26) },
	{ "a.example.com", INT64_C(60), "expensive job 2", false, INT64_C(58) },
	{ "a.example.com", INT64_C(30), "5", false, INT64_C(1) },
	{ "a.example.com", INT64_C(4294967296), "seed", false, INT64_C(2999511434) },
	{ "a.example.com", INT64_C(9223372036854775807), NULL, false, INT64_C(1216658931575416063) },
	{ "a.example.com", INT64_C(100), "true", false, INT64_C(41) },
	{ "localhost", INT64_C(100), NULL, false, INT64_C(96) },
	{ "localhost", INT64_C(1), NULL, false, INT64_C(0) },
	{ "localhost", INT64_C(2), NULL, false, INT64_C(0) },
	{ "localhost", INT64_C(60), NULL, false, INT64_C(56) },
	{ "localhost", INT64_C(1000), NULL, false, INT64_C(892) },
	{ "localhost", INT64_C(2147483648), NULL, false, INT64_C(389007120) },
	{ "localhost", INT64_C(1099511627776), NULL, false, INT64_C(1020772273021) },
	{ "localhost", INT64_C(100), "cron", false, INT64_C(66) },
	{ "localhost", INT64_C(60), "expensive job 1", false, INT64_C(13) },
	{ "localhost", INT64_C(60), "expensive job 2", false, INT64_C(48) },
	{ "localhost", INT64_C(30), "5", false, INT64_C(7) },
	{ "localhost", INT64_C(4294967296), "seed", false, INT64_C(3819937567) },
	{ "localhost", INT64_C(9223372036854775807), NULL, false, INT64_C(7235003451605508965) },
	{ "localhost", INT64_C(100), "true", false, INT64_C(17) },
	{ "Mc1.WikiMedia.org", INT64_C(100), NULL, true, INT64_C(59) },
	{ "Mc1.WikiMedia.org", INT64_C(100), "", true, INT64_C(59) },
	{ "Mc1.WikiMedia.org", INT64_C(1000), "job", true, INT64_C(846) },
	{ "Mc1.WikiMedia.org", INT64_C(1000), "job", false, INT64_C(457) },
	{ "Mc1.WikiMedia.org", INT64_C(25), NULL, false, INT64_C(10) },
	{ "Mc1.WikiMedia.org", INT64_C(100), "7", false, INT64_C(82) },
	{ "HOST.Example.COM", INT64_C(100), NULL, true, INT64_C(95) },
	{ "HOST.Example.COM", INT64_C(100), "", true, INT64_C(95) },
	{ "HOST.Example.COM", INT64_C(1000), "job", true, INT64_C(757) },
	{ "HOST.Example.COM", INT64_C(1000), "job", false, INT64_C(680) },
	{ "HOST.Example.COM", INT64_C(25), NULL, false, INT64_C(24) },
	{ "HOST.Example.COM", INT64_C(100), "7", false, INT64_C(69) },
};

static void test_mtrand__puppet_fqdn_rand_table(void **state UNUSED)
{
	for (size_t i = 0; i < ARRAY_SIZE(puppet_table); i++) {
		int64_t got = -1;
		int rc = mt_fqdn_rand(&got, puppet_table[i].fqdn,
				      puppet_table[i].max, puppet_table[i].seed,
				      puppet_table[i].downcase);
		if (rc || got != puppet_table[i].want)
			fail_msg("row %zu: fqdn_rand(%" PRId64 ", %s) on '%s' = %" PRId64
				 ", Puppet says %" PRId64, i, puppet_table[i].max,
				 puppet_table[i].seed ? puppet_table[i].seed : "-",
				 puppet_table[i].fqdn, got, puppet_table[i].want);
	}
}

/* the value PUPPET-NOTES.md quotes for the seed node */
static void test_mtrand__seed_node(void **state UNUSED)
{
	int64_t got;
	assert_int_equal(mt_fqdn_rand(&got, "mc1.wikimedia.org", 100, NULL, false), 0);
	assert_int_equal(got, 59);
	/* no seed and an empty seed join the same string */
	assert_int_equal(mt_fqdn_rand(&got, "mc1.wikimedia.org", 100, "", false), 0);
	assert_int_equal(got, 59);
}

static void test_mtrand__max_below_one_fails(void **state UNUSED)
{
	int64_t got = 42;
	assert_int_equal(mt_fqdn_rand(&got, "mc1.wikimedia.org", 0, NULL, false), -1);
	assert_string_equal(err_last(), "invalid argument - 0");
	assert_int_equal(mt_fqdn_rand(&got, "mc1.wikimedia.org", -5, NULL, false), -1);
	assert_string_equal(err_last(), "invalid argument - -5");
	assert_int_equal(got, 42);
}

/* mt19937ar.out from the reference implementation by Matsumoto and Nishimura */
static void test_mtrand__reference_mt19937(void **state UNUSED)
{
	static const uint32_t key[] = { 0x123, 0x234, 0x345, 0x456 };
	static const uint32_t want_array[] = { 1067595299, 955945823, 477289528,
					       4107218783, 4228976476 };
	static const uint32_t want_5489[] = { 3499211612, 581869302, 3890346734,
					      3586334585, 545404204 };
	struct mt_state mt;

	mt_init_by_array(&mt, key, ARRAY_SIZE(key));
	for (size_t i = 0; i < ARRAY_SIZE(want_array); i++)
		assert_int_equal(mt_next_u32(&mt), want_array[i]);
	mt_init_genrand(&mt, 5489);
	for (size_t i = 0; i < ARRAY_SIZE(want_5489); i++)
		assert_int_equal(mt_next_u32(&mt), want_5489[i]);
	/* past the first regeneration of the 624-word state */
	for (int i = 0; i < 2000; i++)
		mt_next_u32(&mt);
}

/* values printed by ruby 3.1.7 for Random.new(seed).rand(...) */
static void test_mtrand__ruby_random(void **state UNUSED)
{
	struct mt_state mt;

	mt_seed_u64(&mt, 42);
	assert_int_equal(mt_rand_int(&mt, 100), 51);
	assert_int_equal(mt_rand_int(&mt, UINT64_C(1) << 40), UINT64_C(395924837646));
	assert_true(mt_rand_float(&mt) == 0.7319939418114051);

	mt_seed_u64(&mt, 0);
	assert_int_equal(mt_rand_int(&mt, 1000), 684);

	/* 2**64 + 7: three words */
	const uint32_t w3[] = { 7, 0, 1, 0, 0 };
	mt_seed_words(&mt, w3, ARRAY_SIZE(w3)); /* leading zero words ignored */
	assert_int_equal(mt_rand_int(&mt, 1000000000), 887505160);

	/* 2**96: top word 1 is Ruby's leading-zero guard and is dropped */
	const uint32_t w4[] = { 0, 0, 0, 1 };
	mt_seed_words(&mt, w4, ARRAY_SIZE(w4));
	assert_int_equal(mt_rand_int(&mt, 1000000000), 274818031);

	/* 2**32 + 5 seeds exactly like 5 */
	mt_seed_u64(&mt, (UINT64_C(1) << 32) + 5);
	assert_int_equal(mt_rand_int(&mt, 1000000000), 953453411);
	mt_seed_u64(&mt, 5);
	assert_int_equal(mt_rand_int(&mt, 1000000000), 953453411);
}

/* limits past 2**62 take Ruby's Bignum path; same draws as limited_rand */
static void test_mtrand__big_limits(void **state UNUSED)
{
	static const uint64_t want[] = {
		UINT64_C(1407639518939636932), UINT64_C(4122204982959224423),
		UINT64_C(710123494352685591), UINT64_C(20668929189138777),
		UINT64_C(1329108821600893482),
	};
	struct mt_state mt;
	mt_seed_u64(&mt, 7);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_int_equal(mt_rand_int(&mt, (UINT64_C(1) << 62) + 1), want[i]);
}

static void test_mtrand__limited_stays_in_range(void **state UNUSED)
{
	struct mt_state mt;
	mt_seed_u64(&mt, 1);
	assert_int_equal(mt_rand_limited(&mt, 0), 0);
	for (uint64_t lim = 1; lim < 300; lim++)
		for (int i = 0; i < 20; i++)
			assert_true(mt_rand_limited(&mt, lim) <= lim);
	for (int i = 0; i < 200; i++)
		assert_true(mt_rand_limited(&mt, (UINT64_C(1) << 33) + 1) <=
			    (UINT64_C(1) << 33) + 1);
	assert_true(mt_rand_limited(&mt, UINT64_MAX) <= UINT64_MAX);
}

/* String#to_i, as fqdn_rand applies it to MAX */
static void test_mtrand__ruby_to_i(void **state UNUSED)
{
	static const struct {
		const char *s;
		int64_t want;
	} cases[] = {
		{ "100", 100 }, { " \t\n-12", -12 }, { "+7", 7 }, { "1_000", 1000 },
		{ "1__2", 1 }, { "_12", 0 }, { "12_", 12 }, { "0x10", 0 },
		{ "", 0 }, { "abc", 0 }, { "- 5", 0 }, { " 100x", 100 },
		{ "9223372036854775807", INT64_MAX },
		{ "-9223372036854775808", INT64_MIN },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t got = -99;
		assert_int_equal(mt_ruby_to_i(&got, cases[i].s), 0);
		assert_int_equal(got, cases[i].want);
	}
	int64_t v = 3;
	assert_int_equal(mt_ruby_to_i(&v, "9223372036854775808"), -1);
	assert_int_equal(v, 3);
	assert_int_equal(mt_ruby_to_i(&v, "-9223372036854775809"), -1);
}

int suite_mtrand(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mtrand__puppet_fqdn_rand_table),
		cmocka_unit_test(test_mtrand__seed_node),
		cmocka_unit_test(test_mtrand__max_below_one_fails),
		cmocka_unit_test(test_mtrand__reference_mt19937),
		cmocka_unit_test(test_mtrand__ruby_random),
		cmocka_unit_test(test_mtrand__big_limits),
		cmocka_unit_test(test_mtrand__limited_stays_in_range),
		cmocka_unit_test(test_mtrand__ruby_to_i),
	};
	return cmocka_run_group_tests_name("mtrand", tests, NULL, NULL);
}
