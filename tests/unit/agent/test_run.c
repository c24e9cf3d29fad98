/* SPDX-License-Identifier: MIT */
/* test_run.c: the transaction skips, refreshes, reports and exits as Puppet does */
#include "util/compat.h"
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <setjmp.h>
#include <cmocka.h>

/*
 * Stand-in types, so the transaction is tested without touching the
 * machine: "notify" always changes, "fail" always fails, "svc" is in sync
 * and counts its refreshes, and every sync is logged in `synced`.
 */
static struct buf synced = BUF_INIT;
static int refreshes;

static int notify_validate(struct rtype_ctx *c UNUSED, const struct resource *r,
			   const char **msg)
{
	if (rparam(r, "bogus")) {
		*msg = "no parameter named 'bogus'";
		return -1;
	}
	return 0;
}

static int notify_sync(struct rtype_ctx *c, const struct resource *r,
		       struct rstate *st)
{
	buf_addf(&synced, "%s ", r->title);
	const char *m = rparam_str(c, r, "message", r->title);
	rstate_event(c, st, "message", "absent", m, "defined 'message' as '%s'",
		     m);
	return 0;
}

static int fail_sync(struct rtype_ctx *c, const struct resource *r,
		     struct rstate *st)
{
	buf_addf(&synced, "%s ", r->title);
	return rstate_fail(
		c, st, "returns: change from 'notrun' to ['0'] failed: boom");
}

static int svc_sync(struct rtype_ctx *c UNUSED, const struct resource *r,
		    struct rstate *st UNUSED)
{
	buf_addf(&synced, "%s ", r->title);
	return 0;
}

static int svc_refresh(struct rtype_ctx *c UNUSED,
		       const struct resource *r UNUSED,
		       struct rstate *st UNUSED)
{
	refreshes++;
	return 0;
}

static const struct rtype fake_notify = {"notify", notify_validate, notify_sync,
					 NULL, NULL};
static const struct rtype fake_fail = {"fail", NULL, fail_sync, NULL, NULL};
static const struct rtype fake_svc = {"svc", NULL, svc_sync, svc_refresh, NULL};

static const struct rtype *find_fake(const char *name)
{
	if (!strcmp(name, "notify"))
		return &fake_notify;
	if (!strcmp(name, "fail"))
		return &fake_fail;
	if (!strcmp(name, "svc"))
		return &fake_svc;
	return NULL;
}

struct result {
	int status, detailed;
	char *out, *err;
	size_t outlen, errlen;
	struct buf report;
};

/* Applies the JSON catalog `json` with stand-in types. */
static void run(struct result *res, const char *json, bool noop,
		const char *tags)
{
	struct arena a = ARENA_INIT;
	struct catalog cat;
	buf_reset(&synced);
	refreshes = 0;
	memset(res, 0, sizeof(*res));
	assert_int_equal(catjson_parse(&cat, &a, json, strlen(json), "t.json"),
			 0);
	FILE *out = open_memstream(&res->out, &res->outlen);
	FILE *err = open_memstream(&res->err, &res->errlen);
	struct agent_opts o = {
		.noop = noop,
		.tags = tags,
		.out = out,
		.errout = err,
		.find_type = find_fake,
	};
	struct agent_run r;
	agent_apply(&r, &a, &cat, &o);
	res->status = agent_exit_status(&r, false);
	res->detailed = agent_exit_status(&r, true);
	buf_init(&res->report, 0);
	report_to_json(&res->report, &r);
	fclose(out);
	fclose(err);
	arena_release(&a);
}

static void result_release(struct result *res)
{
	free(res->out);
	free(res->err);
	buf_release(&res->report);
}

#define RES(type, title, params)                                               \
	"{\"type\":\"" type "\",\"title\":\"" title                            \
	"\",\"parameters\":{" params "}}"
#define CATALOG(...) "{\"name\":\"n1\",\"resources\":[" __VA_ARGS__ "]}"

static void test_run__changes_in_order_with_paths(void **state UNUSED)
{
	struct result r;
	run(&r,
	    CATALOG(RES("Notify", "b", "\"require\":\"Notify[a]\"") "," RES(
		    "Notify", "a", "\"message\":\"hi\"")),
	    false, NULL);
	assert_string_equal(synced.ptr, "a b ");
	assert_non_null(strstr(
		r.out,
		"Notice: /Notify[a]/message: defined 'message' as 'hi'\n"
		"Notice: /Notify[b]/message: defined 'message' as 'b'\n"));
	assert_non_null(strstr(r.out, "Notice: Applied catalog in "));
	assert_non_null(
		strstr(r.out, "Notice: 2 changed, 0 failed, 0 unchanged\n"));
	assert_int_equal(r.status, 0);
	assert_int_equal(r.detailed, 2);
	assert_non_null(strstr(r.report.ptr, "\"status\": \"changed\""));
	result_release(&r);
}

static void test_run__path_through_classes(void **state UNUSED)
{
	struct result r;
	run(&r,
	    "{\"resources\":[" RES("Stage", "main", "") "," RES("Class", "main", "") "," RES(
		    "Class", "Foo",
		    "") "," RES("Notify", "x",
				"") "," RES("Notify", "y",
					    "") "],"
						"\"edges\":[{\"source\":\"Stage[main]\",\"target\":\"Class[main]\"},"
						"{\"source\":\"Stage[main]\",\"target\":\"Class[Foo]\"},"
						"{\"source\":\"Class[Foo]\",\"target\":\"Notify[x]\"},"
						"{\"source\":\"Class[main]\",\"target\":\"Notify[y]\"}]}",
	    false, NULL);
	assert_non_null(
		strstr(r.out, "Notice: /Stage[main]/Foo/Notify[x]/message: "));
	assert_non_null(
		strstr(r.out, "Notice: /Stage[main]/Main/Notify[y]/message: "));
	result_release(&r);
}

static void test_run__failure_skips_dependents_only(void **state UNUSED)
{
	struct result r;
	run(&r,
	    CATALOG(RES("Fail", "f", "") "," RES("Notify", "dep", "\"require\":\"Fail[f]\"") "," RES(
		    "Notify", "dep2",
		    "\"require\":\"Notify[dep]\"") "," RES("Notify", "free",
							   "")),
	    false, NULL);
	assert_string_equal(synced.ptr, "f free ");
	assert_non_null(strstr(
		r.err,
		"Error: /Fail[f]/returns: change from 'notrun' to ['0'] failed: boom\n"));
	assert_non_null(strstr(
		r.err,
		"Warning: /Notify[dep]: Skipping because of failed dependencies\n"));
	assert_non_null(strstr(
		r.err,
		"Warning: /Notify[dep2]: Skipping because of failed dependencies\n"));
	assert_non_null(strstr(
		r.out,
		"Notice: /Notify[dep2]: Dependency Notify[dep] has failures: true\n"));
	assert_non_null(
		strstr(r.out, "1 changed, 1 failed, 2 skipped, 0 unchanged"));
	assert_int_equal(r.status, 1);
	assert_int_equal(r.detailed, 6);
	assert_non_null(strstr(r.report.ptr, "\"status\": \"failed\""));
	assert_non_null(strstr(r.report.ptr, "\"skipped\": 2"));
	result_release(&r);
}

static void test_run__only_failures_exit_4(void **state UNUSED)
{
	struct result r;
	run(&r, CATALOG(RES("Fail", "f", "")), false, NULL);
	assert_int_equal(r.detailed, 4);
	result_release(&r);
	run(&r, CATALOG(RES("Svc", "s", "")), false, NULL);
	assert_int_equal(r.detailed, 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.report.ptr, "\"status\": \"unchanged\""));
	result_release(&r);
}

static void test_run__refresh_once_from_all_events(void **state UNUSED)
{
	struct result r;
	run(&r,
	    CATALOG(RES("Notify", "a", "\"notify\":\"Svc[s]\"") "," RES("Notify", "b", "\"notify\":\"Svc[s]\"") "," RES(
		    "Svc", "s",
		    "") "," RES("Svc", "t",
				"\"subscribe\":\"Svc[s]\"") "," RES("Svc", "u",
								    "\"subscribe\":\"Svc[quiet]\"") "," RES("Svc",
													    "quiet",
													    "")),
	    false, NULL);
	/* s refreshes once from two events; t gets s's refresh; u nothing */
	assert_int_equal(refreshes, 2);
	assert_non_null(strstr(
		r.out, "Notice: /Svc[s]: Triggered 'refresh' from 2 events\n"));
	assert_non_null(strstr(
		r.out, "Notice: /Svc[t]: Triggered 'refresh' from 1 event\n"));
	assert_null(strstr(r.out, "Svc[u]"));
	result_release(&r);
}

static void test_run__refresh_through_a_class(void **state UNUSED)
{
	struct result r;
	run(&r,
	    "{\"resources\":[" RES("Class", "Foo", "\"notify\":\"Class[Bar]\"") "," RES(
		    "Class", "Bar",
		    "") "," RES("Notify", "x",
				"") "," RES("Svc", "s",
					    "") "],"
						"\"edges\":[{\"source\":\"Class[Foo]\",\"target\":\"Notify[x]\"},"
						"{\"source\":\"Class[Bar]\",\"target\":\"Svc[s]\"}]}",
	    false, NULL);
	assert_int_equal(refreshes, 1);
	result_release(&r);
}

static void test_run__noop_changes_nothing(void **state UNUSED)
{
	struct result r;
	run(&r,
	    CATALOG(RES("Notify", "a",
			"\"notify\":\"Svc[s]\"") "," RES("Svc", "s", "")),
	    true, NULL);
	assert_int_equal(refreshes, 0);
	assert_non_null(strstr(
		r.out,
		"Notice: /Notify[a]/message: current_value 'absent', should be 'a' (noop)\n"));
	assert_non_null(strstr(
		r.out,
		"Notice: /Svc[s]: Would have triggered 'refresh' from 1 event\n"));
	assert_int_equal(r.detailed, 0);
	assert_non_null(strstr(r.report.ptr, "\"noop\": true"));
	assert_non_null(strstr(r.report.ptr, "\"status\": \"noop\""));
	result_release(&r);
}

static void test_run__validation_failure_changes_nothing(void **state UNUSED)
{
	struct result r;
	run(&r,
	    CATALOG(RES("Notify", "a", "") "," RES("Foo", "x", "") "," RES(
		    "Notify", "b", "\"bogus\":1")),
	    false, NULL);
	assert_string_equal(synced.ptr, "");
	assert_non_null(
		strstr(r.err, "Error: Foo[x]: unknown resource type 'foo'\n"));
	assert_non_null(strstr(
		r.err, "Error: Notify[b]: no parameter named 'bogus'\n"));
	assert_non_null(strstr(
		r.err,
		"Error: 2 resources failed validation; nothing was changed\n"));
	assert_int_equal(r.status, 1);
	assert_int_equal(r.detailed, 1);
	result_release(&r);
}

static void test_run__cycle_changes_nothing(void **state UNUSED)
{
	struct result r;
	run(&r,
	    CATALOG(RES("Notify", "x", "") "," RES(
		    "Notify", "a",
		    "\"require\":\"Notify[b]\"") "," RES("Notify", "b",
							 "\"require\":\"Notify[a]\"")),
	    false, NULL);
	assert_string_equal(synced.ptr, "");
	assert_non_null(strstr(
		r.err,
		"Error: found 1 dependency cycle: (Notify[a] => Notify[b] => Notify[a])\n"));
	assert_int_equal(r.status, 1);
	result_release(&r);
}

static void test_run__tags_select_resources(void **state UNUSED)
{
	struct result r;
	run(&r,
	    "{\"resources\":["
	    "{\"type\":\"Notify\",\"title\":\"a\",\"tags\":[\"notify\",\"a\",\"web\"]},"
	    "{\"type\":\"Notify\",\"title\":\"b\",\"tags\":[\"notify\",\"b\"]},"
	    "{\"type\":\"Notify\",\"title\":\"c\",\"tags\":[\"notify\",\"c\",\"db\"]}]}",
	    false, "db,WEB");
	assert_string_equal(synced.ptr, "a c ");
	result_release(&r);
}

int suite_run(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run__changes_in_order_with_paths),
		cmocka_unit_test(test_run__path_through_classes),
		cmocka_unit_test(test_run__failure_skips_dependents_only),
		cmocka_unit_test(test_run__only_failures_exit_4),
		cmocka_unit_test(test_run__refresh_once_from_all_events),
		cmocka_unit_test(test_run__refresh_through_a_class),
		cmocka_unit_test(test_run__noop_changes_nothing),
		cmocka_unit_test(test_run__validation_failure_changes_nothing),
		cmocka_unit_test(test_run__cycle_changes_nothing),
		cmocka_unit_test(test_run__tags_select_resources),
	};
	int failed = cmocka_run_group_tests_name("run", tests, NULL, NULL);
	buf_release(&synced);
	return failed;
}
