/* SPDX-License-Identifier: MIT */
/* test_mod_facts.c: grains.get paths, facts.setval, node.env */
#include "util/compat.h"
#include <sys/stat.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "helpers.h"

#include <setjmp.h>
#include <cmocka.h>

static void assert_path(json_t *root, const char *key, const char *delim,
			const char *want)
{
	json_t *v = mod_path_get(root, key, delim);
	if (!want) {
		if (v)
			fail_msg("'%s' should be absent", key);
		return;
	}
	if (!v)
		fail_msg("'%s' is absent, want %s", key, want);
	char *got = dump(v);
	if (strcmp(got, want))
		fail_msg("'%s': got %s, want %s", key, got, want);
	free(got);
}

static void test_mod_facts__get_follows_nested_keys(void **state UNUSED)
{
	json_error_t e;
	json_t *f = json_loads(
		"{\"os\": {\"family\": \"Debian\", \"release\": {\"major\": \"12\"}},"
		" \"cluster-type\": \"canary\", \"roles\": [\"web\", {\"x\": 1}],"
		" \"a:b\": \"whole\", \"n\": null}",
		0, &e);
	assert_path(f, "os:family", NULL, "\"Debian\"");
	assert_path(f, "os:release:major", ":", "\"12\"");
	assert_path(f, "os", NULL,
		    "{\"family\":\"Debian\",\"release\":{\"major\":\"12\"}}");
	assert_path(f, "cluster-type", NULL, "\"canary\"");
	assert_path(f, "roles:0", NULL, "\"web\"");
	assert_path(f, "roles:1:x", NULL, "1");
	assert_path(f, "roles:2", NULL, NULL);
	assert_path(f, "roles:-1", NULL, NULL);
	assert_path(f, "roles:x", NULL, NULL);
	assert_path(f, "os:family:deeper", NULL, NULL);
	assert_path(f, "os|family", "|", "\"Debian\"");
	assert_path(f, "os:family", "|", NULL);
	assert_path(f, "nope", NULL, NULL);
	assert_path(f, "", NULL, NULL);
	assert_path(f, "n", NULL, "null");
	json_decref(f);
}

static void test_mod_facts__get_has_salts_default(void **state UNUSED)
{
	char *dir = tmpdir_new();
	struct mod_ctx c = {.confdir = dir};
	char *got;
	assert_int_equal(
		call_json(&got, &c, "grains.get", "[\"no:such:fact\"]", NULL),
		0);
	assert_string_equal(got, "\"\"");
	free(got);
	assert_int_equal(
		call_json(&got, &c, "grains.get", "[\"no:such\", [1]]", NULL),
		0);
	assert_string_equal(got, "[1]");
	free(got);
	assert_int_equal(call_json(&got, &c, "facts.get", "[\"no\"]",
				   "{\"default\": 0}"),
			 0);
	assert_string_equal(got, "0");
	free(got);
	assert_int_equal(
		call_json(&got, &c, "grains.get", "[\"kernel\"]", NULL), 0);
	assert_string_equal(got, "\"Linux\"");
	free(got);
	tmpdir_free(dir);
}

static void
test_mod_facts__setval_persists_and_shows_in_items(void **state UNUSED)
{
	char *dir = tmpdir_new();
	struct buf conf = BUF_INIT;
	buf_addf(&conf, "%s/conf", dir); /* created on first use */
	struct mod_ctx c = {.confdir = conf.ptr};
	char *got;
	assert_int_equal(call_json(&got, &c, "grains.setval",
				   "[\"cluster-type\", \"canary\"]", NULL),
			 0);
	assert_string_equal(got, "{\"cluster-type\":\"canary\"}");
	free(got);
	assert_int_equal(call_json(&got, &c, "facts.setval",
				   "[\"roles\", {\"web\": [1, 2]}]", NULL),
			 0);
	free(got);
	assert_int_equal(
		call_json(&got, &c, "grains.get", "[\"roles:web:1\"]", NULL),
		0);
	assert_string_equal(got, "2");
	free(got);
	json_t *facts;
	assert_int_equal(mod_facts(&facts, &c), 0);
	assert_string_equal(
		json_string_value(json_object_get(facts, "cluster-type")),
		"canary");
	assert_non_null(json_object_get(facts, "os"));
	json_decref(facts);

	assert_int_equal(call_json(&got, &c, "grains.setvals",
				   "[{\"a\": 1, \"b\": 2}]", NULL),
			 0);
	free(got);
	assert_int_equal(call_json(&got, &c, "grains.delkey", "[\"a\"]", NULL),
			 0);
	assert_string_equal(
		got,
		"{\"changes\":{\"a\":null},\"comment\":\"\",\"result\":true}");
	free(got);

	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_addf(&path, "%s/facts.d/tend-setval.json", conf.ptr);
	assert_int_equal(file_read(&text, path.ptr), 0);
	assert_string_equal(
		text.ptr,
		"{\n  \"b\": 2,\n  \"cluster-type\": \"canary\",\n  \"roles\": {\n    \"web\": [\n      1,\n      2\n    ]\n  }\n}\n");

	/* names the facts.d reader would change or that hold the delimiter */
	assert_int_equal(
		call_json(&got, &c, "grains.setval", "[\"Role\", 1]", NULL), 1);
	assert_string_equal(
		got,
		"\"grains.setval: 'Role' is not a fact name ([a-z0-9_] then [a-z0-9_.-])\"");
	free(got);
	assert_int_equal(
		call_json(&got, &c, "grains.setval", "[\"a:b\", 1]", NULL), 1);
	free(got);
	assert_int_equal(
		call_json(&got, &c, "grains.setval", "[\"../x\", 1]", NULL), 1);
	free(got);
	/* a broken file is reported, not overwritten */
	put_file(conf.ptr, "facts.d/tend-setval.json", "[1]", 0644);
	assert_int_equal(
		call_json(&got, &c, "grains.setval", "[\"x\", 1]", NULL), 1);
	free(got);
	buf_reset(&text);
	assert_int_equal(file_read(&text, path.ptr), 0);
	assert_string_equal(text.ptr, "[1]");

	buf_release(&path);
	buf_release(&text);
	buf_release(&conf);
	tmpdir_free(dir);
}

static void test_mod_facts__node_env_gets_and_sets(void **state UNUSED)
{
	char *dir = tmpdir_new();
	struct mod_ctx c = {.confdir = dir};
	char *got, *env;
	assert_int_equal(call_json(&got, &c, "node.env", NULL, NULL), 0);
	assert_string_equal(got, "\"production\"");
	free(got);
	assert_int_equal(call_json(&got, &c, "node.env", "[\"canary\"]", NULL),
			 0);
	assert_string_equal(got, "\"canary\"");
	free(got);
	assert_int_equal(mod_env_get(&env, &c), 0);
	assert_string_equal(env, "canary");
	free(env);

	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_addf(&path, "%s/environment", dir);
	assert_int_equal(file_read(&text, path.ptr), 0);
	assert_string_equal(text.ptr, "canary\n");
	assert_int_equal(call_json(&got, &c, "node.env", "[\"../etc\"]", NULL),
			 1);
	assert_string_equal(
		got,
		"\"node.env: '../etc' is not an environment name ([a-z0-9_]+)\"");
	free(got);
	assert_int_equal(call_json(&got, &c, "node.env", "[\"Canary\"]", NULL),
			 1);
	free(got);
	assert_int_equal(call_json(&got, &c, "node.env", "[\"\"]", NULL), 1);
	free(got);
	buf_reset(&text);
	assert_int_equal(file_read(&text, path.ptr), 0);
	assert_string_equal(text.ptr, "canary\n");

	/* a file written by hand: blanks are fine, junk is an error */
	put_file(dir, "environment", "  staging \n", 0644);
	assert_int_equal(call_json(&got, &c, "node.env", NULL, NULL), 0);
	assert_string_equal(got, "\"staging\"");
	free(got);
	put_file(dir, "environment", "\n", 0644);
	assert_int_equal(mod_env_get(&env, &c), 0);
	assert_string_equal(env, "production");
	free(env);
	put_file(dir, "environment", "../../x\n", 0644);
	assert_int_equal(mod_env_get(&env, &c), -1);
	assert_null(env);
	assert_int_equal(call_json(&got, &c, "node.env", NULL, NULL), 1);
	free(got);

	buf_release(&path);
	buf_release(&text);
	tmpdir_free(dir);
}

int suite_mod_facts(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mod_facts__get_follows_nested_keys),
		cmocka_unit_test(test_mod_facts__get_has_salts_default),
		cmocka_unit_test(
			test_mod_facts__setval_persists_and_shows_in_items),
		cmocka_unit_test(test_mod_facts__node_env_gets_and_sets),
	};
	return cmocka_run_group_tests_name("mod_facts", tests, NULL, NULL);
}
