/* SPDX-License-Identifier: MIT */
/* test_catjson.c: catalogs read back from Puppet's JSON keep what the agent needs */
#include "util/compat.h"
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "lang/eval.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"

#include <setjmp.h>
#include <cmocka.h>

static void test_catjson__round_trip_of_compiled_catalog(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	struct catalog cat, back;
	struct diags d;
	diags_init(&d);
	struct compile_opts o = {
		.certname = "n1",
		.code = "class foo { file{'/x': ensure => file, mode => '0644'} }\n"
			"include foo\n"
			"notify{'hi': message => 'there', before => Class['foo'], tag => 'extra'}\n",
	};
	assert_int_equal(eval_compile(&cat, &a, &d, &o), 0);
	struct buf json = BUF_INIT;
	cat_to_json(&json, &cat, false);
	assert_int_equal(catjson_parse(&back, &a, json.ptr, json.len, "c.json"),
			 0);
	assert_string_equal(back.name, "n1");
	assert_int_equal(back.nres, cat.nres);
	for (size_t i = 0; i < cat.nres; i++) {
		assert_string_equal(back.res[i]->type, cat.res[i]->type);
		assert_string_equal(back.res[i]->title, cat.res[i]->title);
		assert_int_equal(back.res[i]->seq, i);
		if (cat.res[i]->container) {
			assert_non_null(back.res[i]->container);
			assert_string_equal(back.res[i]->container->title,
					    cat.res[i]->container->title);
		}
	}
	struct resource *f = cat_find(&back, "File", "/x");
	assert_non_null(f);
	assert_string_equal(f->container->type, "Class");
	assert_string_equal(f->container->title, "Foo");
	const struct value *mode = val_hash_get_str(f->params, "mode");
	assert_non_null(mode);
	assert_string_equal(mode->u.s.ptr, "0644");
	struct resource *n = cat_find(&back, "Notify", "hi");
	assert_non_null(n);
	bool has_extra = false;
	for (size_t i = 0; i < n->ntags; i++)
		has_extra |= !strcmp(n->tags[i], "extra");
	assert_true(has_extra);
	assert_string_equal(val_hash_get_str(n->params, "before")->u.s.ptr,
			    "Class[Foo]");
	buf_release(&json);
	diags_release(&d);
	arena_release(&a);
}

static void test_catjson__errors_name_the_file(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	struct catalog cat;
	const char *bad = "{\"resources\": [";
	assert_int_equal(catjson_parse(&cat, &a, bad, strlen(bad), "bad.json"),
			 -1);
	assert_non_null(strstr(err_last(), "bad.json:1:"));
	const char *nores = "{\"name\": \"x\"}";
	assert_int_equal(
		catjson_parse(&cat, &a, nores, strlen(nores), "n.json"), -1);
	assert_non_null(strstr(err_last(), "not a catalog"));
	const char *dup =
		"{\"resources\": [{\"type\":\"Notify\",\"title\":\"a\"},"
		"{\"type\":\"Notify\",\"title\":\"a\"}]}";
	assert_int_equal(catjson_parse(&cat, &a, dup, strlen(dup), "d.json"),
			 -1);
	assert_non_null(strstr(err_last(), "duplicate resource Notify[a]"));
	const char *edge =
		"{\"resources\": [{\"type\":\"Notify\",\"title\":\"a\"}],"
		"\"edges\":[{\"source\":\"Class[X]\",\"target\":\"Notify[a]\"}]}";
	assert_int_equal(catjson_parse(&cat, &a, edge, strlen(edge), "e.json"),
			 -1);
	assert_non_null(strstr(err_last(), "Class[X]"));
	assert_int_equal(catjson_load(&cat, &a, "/nonexistent/c.json"), -1);
	arena_release(&a);
}

static void test_catjson__puppet_data_wrapper(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	struct catalog cat;
	const char *j =
		"{\"document_type\":\"Catalog\",\"data\":{\"name\":\"h\","
		"\"resources\":[{\"type\":\"Notify\",\"title\":\"a\",\"file\":\"/m.pp\",\"line\":3}]}}";
	assert_int_equal(catjson_parse(&cat, &a, j, strlen(j), "w.json"), 0);
	assert_int_equal(cat.nres, 1);
	assert_string_equal(cat.res[0]->loc.file, "/m.pp");
	assert_int_equal(cat.res[0]->loc.line, 3);
	arena_release(&a);
}

int suite_catjson(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catjson__round_trip_of_compiled_catalog),
		cmocka_unit_test(test_catjson__errors_name_the_file),
		cmocka_unit_test(test_catjson__puppet_data_wrapper),
	};
	return cmocka_run_group_tests_name("catjson", tests, NULL, NULL);
}
