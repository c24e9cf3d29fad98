/* SPDX-License-Identifier: MIT */
/* test_mod_pkg.c: dpkg state, {old, new} differences, apt's simulation, names */
#include "util/compat.h"
#include "remote/mod.h"
#include "helpers.h"

#include <setjmp.h>
#include <cmocka.h>

static void assert_json(json_t *j, const char *want)
{
	char *got = dump(j);
	if (strcmp(got, want))
		fail_msg("got %s, want %s", got, want);
	free(got);
	json_decref(j);
}

static void
test_mod_pkg__dpkg_state_counts_packages_with_files(void **state UNUSED)
{
	const char *out =
		"ii \thello\t2.10-3\tamd64\n"
		"rc \tgone\t1.0\tamd64\n"      /* config files only */
		"un \tnever\t\tamd64\n"	       /* not installed */
		"iU \thalfway\t2.0-1\tamd64\n" /* unpacked, not configured */
		"hi \theld\t3:1.2~rc1\tall\n"
		"ii \tlibc6\t2.36-9\ti386\n" /* foreign architecture */
		"ii \tbroken-line\n"
		"\n"
		"ii \tlast\t1\tamd64"; /* no final newline */
	assert_json(
		mod_pkg_parse_dpkg(out, "amd64"),
		"{\"halfway\":\"2.0-1\",\"held\":\"3:1.2~rc1\",\"hello\":\"2.10-3\",\"last\":\"1\",\"libc6:i386\":\"2.36-9\"}");
	assert_json(mod_pkg_parse_dpkg("", "amd64"), "{}");
}

static void test_mod_pkg__diff_is_salts_old_new(void **state UNUSED)
{
	json_error_t e;
	json_t *before = json_loads(
		"{\"same\": \"1\", \"up\": \"1.0\", \"gone\": \"2\"}", 0, &e);
	json_t *after = json_loads(
		"{\"same\": \"1\", \"up\": \"1.1\", \"new\": \"3\"}", 0, &e);
	assert_json(
		mod_pkg_diff(before, after),
		"{\"gone\":{\"new\":\"\",\"old\":\"2\"},\"new\":{\"new\":\"3\",\"old\":\"\"},\"up\":{\"new\":\"1.1\",\"old\":\"1.0\"}}");
	/* nothing changed: {} */
	assert_json(mod_pkg_diff(before, before), "{}");
	json_decref(before);
	json_decref(after);
}

static void test_mod_pkg__simulation_lists_the_upgrades(void **state UNUSED)
{
	const char *out =
		"NOTE: This is only a simulation!\n"
		"Reading package lists...\n"
		"The following packages will be upgraded:\n"
		"  libudev0 libdevmapper1.02.1\n"
		"Inst libdevmapper1.02.1 [2:1.02.48-4ubuntu7.1] (2:1.02.48-4ubuntu7.2 Ubuntu:12.04/precise-updates [amd64])\n"
		"Inst libudev0 [175-0ubuntu9.2] (175-0ubuntu9.3 Ubuntu:12.04/precise-updates [amd64])\n"
		"Inst newdep (1.0-1 Debian:12/stable [all])\n"
		"Conf libudev0 (175-0ubuntu9.3 Ubuntu:12.04/precise-updates [amd64])\n"
		"Inst garbage\n";
	assert_json(
		mod_pkg_parse_sim(out),
		"{\"libdevmapper1.02.1\":\"2:1.02.48-4ubuntu7.2\",\"libudev0\":\"175-0ubuntu9.3\",\"newdep\":\"1.0-1\"}");
}

static void test_mod_pkg__names_are_debian_package_names(void **state UNUSED)
{
	assert_true(mod_pkg_name_valid("hello"));
	assert_true(mod_pkg_name_valid("libdevmapper1.02.1"));
	assert_true(mod_pkg_name_valid("g++"));
	assert_true(mod_pkg_name_valid("libc6:i386"));
	assert_false(mod_pkg_name_valid("-oAPT::Get::x=1"));
	assert_false(mod_pkg_name_valid("Hello"));
	assert_false(mod_pkg_name_valid("a"));
	assert_false(mod_pkg_name_valid("../x"));
	assert_false(mod_pkg_name_valid("a b"));
	assert_false(mod_pkg_name_valid("hello:"));
	assert_false(mod_pkg_name_valid("hello=1.0"));
	assert_false(mod_pkg_name_valid(""));
	assert_false(mod_pkg_name_valid(NULL));
}

static void test_mod_pkg__bad_names_never_reach_apt(void **state UNUSED)
{
	struct mod_ctx c = {0};
	char *got;
	assert_int_equal(call_json(&got, &c, "pkg.install", "[\"-s\"]", NULL),
			 1);
	assert_string_equal(got, "\"pkg.install: '-s' is not a package name\"");
	free(got);
	assert_int_equal(call_json(&got, &c, "pkg.remove", NULL,
				   "{\"pkgs\": [\"ok\", \"--purge\"]}"),
			 1);
	assert_string_equal(
		got,
		"\"pkg.remove: pkgs holds something that is not a package name: --purge\"");
	free(got);
	assert_int_equal(call_json(&got, &c, "pkg.install", "[\"hello\"]",
				   "{\"version\": \"1.0; rm\"}"),
			 1);
	assert_string_equal(
		got, "\"pkg.install: '1.0; rm' is not a package version\"");
	free(got);
	assert_int_equal(call_json(&got, &c, "pkg.install", NULL, NULL), 1);
	assert_string_equal(
		got,
		"\"pkg.install: no package named (give NAME or pkgs=[...])\"");
	free(got);
	assert_int_equal(call_json(&got, &c, "pkg.version", "[\"a/b\"]", NULL),
			 1);
	free(got);
}

int suite_mod_pkg(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_mod_pkg__dpkg_state_counts_packages_with_files),
		cmocka_unit_test(test_mod_pkg__diff_is_salts_old_new),
		cmocka_unit_test(test_mod_pkg__simulation_lists_the_upgrades),
		cmocka_unit_test(test_mod_pkg__names_are_debian_package_names),
		cmocka_unit_test(test_mod_pkg__bad_names_never_reach_apt),
	};
	return cmocka_run_group_tests_name("mod_pkg", tests, NULL, NULL);
}
