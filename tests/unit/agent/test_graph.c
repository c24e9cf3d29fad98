/* SPDX-License-Identifier: MIT */
/* test_graph.c: resources are ordered as Puppet orders them, cycles named */
#include "util/compat.h"
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "lang/eval.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"

#include <setjmp.h>
#include <cmocka.h>

/* a stand-in file type whose only behaviour is autorequiring the parent */
static void parent_dir(struct rtype_ctx *c, const struct resource *r,
		       void (*add)(const char *, const char *, void *),
		       void *payload)
{
	const char *slash = strrchr(r->title, '/');
	if (slash && slash != r->title)
		add("File",
		    arena_memdupz(c->arena, r->title,
				  (size_t)(slash - r->title)),
		    payload);
}

static const struct rtype fake_file = {"file", NULL, NULL, NULL, parent_dir};

static const struct rtype *find_fake(const char *name)
{
	return !strcmp(name, "file") ? &fake_file : NULL;
}

/*
 * The application order of `code` (a manifest, or a JSON catalog when it
 * starts with '{') as "Notify[a] Notify[b]"; the cycle or build error
 * message instead when there is one.
 */
static void order(struct buf *out, const char *code)
{
	struct arena a = ARENA_INIT;
	struct catalog cat;
	if (code[0] == '{') {
		assert_int_equal(
			catjson_parse(&cat, &a, code, strlen(code), "t.json"),
			0);
	} else {
		struct diags d;
		diags_init(&d);
		struct compile_opts o = {.certname = "n1", .code = code};
		int rc = eval_compile(&cat, &a, &d, &o);
		if (rc < 0)
			diags_print(&d, stderr);
		assert_int_equal(rc, 0);
		diags_release(&d);
	}
	struct graph g;
	struct rtype_ctx c = {.arena = &a};
	struct buf err = BUF_INIT;
	if (graph_build(&g, &a, &cat, &c, find_fake, &err) < 0 ||
	    graph_sort(&g, &err) < 0) {
		buf_addstr(out, err.ptr);
	} else {
		for (size_t i = 0; i < g.norder; i++) {
			const struct graph_node *nd = &g.nodes[g.order[i]];
			if (nd->role != GRAPH_RESOURCE)
				continue;
			if (out->len)
				buf_addch(out, ' ');
			buf_addf(out, "%s[%s]", nd->res->type, nd->res->title);
		}
	}
	buf_release(&err);
	arena_release(&a);
}

#define ASSERT_ORDER(code, expect)                                             \
	do {                                                                   \
		struct buf got_ = BUF_INIT;                                    \
		order(&got_, (code));                                          \
		assert_string_equal(got_.ptr, (expect));                       \
		buf_release(&got_);                                            \
	} while (0)

static void test_graph__ties_keep_manifest_order(void **state UNUSED)
{
	ASSERT_ORDER("notify{'c':} notify{'a':} notify{'b':}",
		     "Notify[c] Notify[a] Notify[b]");
}

static void test_graph__require_and_before(void **state UNUSED)
{
	ASSERT_ORDER(
		"notify{'a': require => Notify['c']} notify{'b':} notify{'c':}",
		"Notify[b] Notify[c] Notify[a]");
	ASSERT_ORDER(
		"notify{'a':} notify{'b':} notify{'c': before => Notify['a']}",
		"Notify[b] Notify[c] Notify[a]");
	ASSERT_ORDER(
		"notify{'a': require => [Notify['c'], Notify['b']]} notify{'b': require => Notify['c']} notify{'c':}",
		"Notify[c] Notify[b] Notify[a]");
}

static void test_graph__notify_subscribe_and_arrows(void **state UNUSED)
{
	ASSERT_ORDER("notify{'a': subscribe => Notify['b']} notify{'b':}",
		     "Notify[b] Notify[a]");
	ASSERT_ORDER("notify{'a':} notify{'b': notify => Notify['a']}",
		     "Notify[b] Notify[a]");
	ASSERT_ORDER(
		"notify{'x':} <- notify{'y':} ~> notify{'z':} notify{'w':}",
		"Notify[y] Notify[x] Notify[z] Notify[w]");
}

static void
test_graph__relationship_to_class_reaches_its_resources(void **state UNUSED)
{
	ASSERT_ORDER("class foo { notify{'f1':} notify{'f2':} }\n"
		     "include foo\n"
		     "notify{'top': before => Class['foo']}",
		     "Notify[top] Notify[f1] Notify[f2]");
	ASSERT_ORDER("notify{'after': require => Class['foo']}\n"
		     "class foo { notify{'f1':} notify{'f2':} }\n"
		     "include foo",
		     "Notify[f1] Notify[f2] Notify[after]");
}

static void test_graph__relationship_to_define_instance(void **state UNUSED)
{
	ASSERT_ORDER("define d() { notify{\"in ${title}\":} }\n"
		     "d{'x':}\n"
		     "notify{'first': before => D['x']}",
		     "Notify[first] Notify[in x]");
	/* the define instance's own require reaches what it contains */
	ASSERT_ORDER("define d() { notify{\"in ${title}\":} }\n"
		     "d{'x': require => Notify['last']}\n"
		     "notify{'last':}",
		     "Notify[last] Notify[in x]");
}

static void test_graph__class_to_class(void **state UNUSED)
{
	ASSERT_ORDER("class a { notify{'a1':} notify{'a2':} }\n"
		     "class b { notify{'b1':} }\n"
		     "include b\ninclude a\n"
		     "Class['a'] -> Class['b']",
		     "Notify[a1] Notify[a2] Notify[b1]");
}

static void test_graph__autorequire_only_in_catalog(void **state UNUSED)
{
	ASSERT_ORDER("{\"resources\":["
		     "{\"type\":\"File\",\"title\":\"/d/f\"},"
		     "{\"type\":\"File\",\"title\":\"/e/g\"},"
		     "{\"type\":\"File\",\"title\":\"/d\"}]}",
		     "File[/e/g] File[/d] File[/d/f]");
}

static void test_graph__cycle_names_every_member(void **state UNUSED)
{
	ASSERT_ORDER(
		"notify{'a': require => Notify['b']} notify{'b': require => Notify['a']}",
		"found 1 dependency cycle: (Notify[a] => Notify[b] => Notify[a])\n");
	ASSERT_ORDER(
		"notify{'a': before => Notify['b']} notify{'b': before => Notify['c']}\n"
		"notify{'c': before => Notify['a']} notify{'d': require => Notify['c']}",
		"found 1 dependency cycle: (Notify[a] => Notify[b] => Notify[c] => Notify[a])\n");
	ASSERT_ORDER("notify{'a': require => Notify['a']}",
		     "found 1 dependency cycle: (Notify[a] => Notify[a])\n");
	ASSERT_ORDER(
		"notify{'a': require => Notify['b']} notify{'b': require => Notify['a']}\n"
		"notify{'c': require => Notify['d']} notify{'d': require => Notify['c']}",
		"found 2 dependency cycles: (Notify[a] => Notify[b] => Notify[a]), (Notify[c] => Notify[d] => Notify[c])\n");
}

static void test_graph__cycle_through_a_class(void **state UNUSED)
{
	ASSERT_ORDER(
		"class foo { notify{'f1': before => Notify['top']} }\n"
		"include foo\n"
		"notify{'top': before => Class['foo']}",
		"found 1 dependency cycle: (Class[Foo] => Notify[f1] => Notify[top] => Class[Foo])\n");
}

static void test_graph__missing_dependency_is_an_error(void **state UNUSED)
{
	ASSERT_ORDER("{\"resources\":[{\"type\":\"Notify\",\"title\":\"a\","
		     "\"parameters\":{\"require\":\"File[/nope]\"}}]}",
		     "could not find dependency File[/nope] for Notify[a]\n");
}

int suite_graph(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_graph__ties_keep_manifest_order),
		cmocka_unit_test(test_graph__require_and_before),
		cmocka_unit_test(test_graph__notify_subscribe_and_arrows),
		cmocka_unit_test(
			test_graph__relationship_to_class_reaches_its_resources),
		cmocka_unit_test(test_graph__relationship_to_define_instance),
		cmocka_unit_test(test_graph__class_to_class),
		cmocka_unit_test(test_graph__autorequire_only_in_catalog),
		cmocka_unit_test(test_graph__cycle_names_every_member),
		cmocka_unit_test(test_graph__cycle_through_a_class),
		cmocka_unit_test(test_graph__missing_dependency_is_an_error),
	};
	return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
