/* SPDX-License-Identifier: MIT */
/* test_mod_custom.c: custom modules: calls, returns, failures, confinement */
#include "util/compat.h"
#include <unistd.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/log.h"
#include "helpers.h"

#include <setjmp.h>
#include <cmocka.h>

struct fixture {
	char *dir;
	struct buf modules;
	struct mod_ctx c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->dir = tmpdir_new();
	buf_init(&f->modules, 0);
	buf_addf(&f->modules, "%s/modules", f->dir);
	f->c.cachedir = f->dir;
	f->c.confdir = "/conf";
	f->c.minion_id = "m1";
	/* a module of one executable per function */
	put_file(f->dir, "modules/mymod/echo", "#!/bin/sh\ncat\n", 0755);
	put_file(
		f->dir, "modules/mymod/env",
		"#!/bin/sh\necho \"\\\"$TEND_MINION_ID $TEND_CONFDIR $TEND_CACHEDIR\\\"\"\n",
		0755);
	put_file(f->dir, "modules/mymod/text",
		 "#!/bin/sh\necho 'plain words'\n", 0755);
	put_file(f->dir, "modules/mymod/nothing", "#!/bin/sh\nexit 0\n", 0755);
	put_file(f->dir, "modules/mymod/fails",
		 "#!/bin/sh\necho 'went wrong' >&2\nexit 3\n", 0755);
	put_file(f->dir, "modules/mymod/fails_json",
		 "#!/bin/sh\necho '{\"error\": \"mine\"}'\nexit 2\n", 0755);
	put_file(f->dir, "modules/mymod/noexec", "#!/bin/sh\necho x\n", 0644);
	put_file(f->dir, "modules/mymod/Bad-Name", "#!/bin/sh\n", 0755);
	/* a module of one executable taking the function name */
	put_file(
		f->dir, "modules/one",
		"#!/bin/sh\ncase \"$1\" in\n--list-functions) echo '[\"a\", \"b\"]' ;;\n"
		"*) echo \"\\\"called $1\\\"\" ;;\nesac\n",
		0755);
	/* a built-in module's name: ignored */
	put_file(f->dir, "modules/test/evil", "#!/bin/sh\necho evil\n", 0755);
	/* escapes: a link out of the modules directory */
	put_file(f->dir, "outside/prog", "#!/bin/sh\necho escaped\n", 0755);
	struct buf link = BUF_INIT, target = BUF_INIT;
	buf_addf(&target, "%s/outside/prog", f->dir);
	buf_addf(&link, "%s/modules/mymod/link", f->dir);
	assert_int_equal(symlink(target.ptr, link.ptr), 0);
	buf_reset(&link);
	buf_addf(&link, "%s/modules/linked", f->dir);
	assert_int_equal(symlink(target.ptr, link.ptr), 0);
	buf_release(&link);
	buf_release(&target);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tmpdir_free(f->dir);
	buf_release(&f->modules);
	free(f);
	return 0;
}

static void assert_call(const struct mod_ctx *c, const char *fun,
			const char *args, const char *kwargs, int want_rc,
			const char *want)
{
	char *got;
	int rc = call_json(&got, c, fun, args, kwargs);
	if (rc != want_rc || strcmp(got, want))
		fail_msg("%s: got %d %s, want %d %s", fun, rc, got, want_rc,
			 want);
	free(got);
}

static void test_mod_custom__calls_get_json_in_and_give_json_out(void **state)
{
	struct fixture *f = *state;
	assert_call(
		&f->c, "mymod.echo", "[\"canary\", 2]", "{\"k\": true}", 0,
		"{\"args\":[\"canary\",2],\"fun\":\"mymod.echo\",\"kwargs\":{\"k\":true}}");
	assert_call(&f->c, "mymod.echo", NULL, NULL, 0,
		    "{\"args\":[],\"fun\":\"mymod.echo\",\"kwargs\":{}}");
	struct buf want = BUF_INIT;
	buf_addf(&want, "\"m1 /conf %s\"", f->dir);
	assert_call(&f->c, "mymod.env", NULL, NULL, 0, want.ptr);
	buf_release(&want);
	assert_call(&f->c, "mymod.text", NULL, NULL, 0, "\"plain words\"");
	assert_call(&f->c, "mymod.nothing", NULL, NULL, 0, "null");
	assert_call(&f->c, "one.a", NULL, NULL, 0, "\"called a\"");
}

static void test_mod_custom__failures_keep_the_exit_status(void **state)
{
	struct fixture *f = *state;
	assert_call(&f->c, "mymod.fails", NULL, NULL, 3,
		    "\"'mymod.fails' failed with exit status 3: went wrong\"");
	assert_call(&f->c, "mymod.fails_json", NULL, NULL, 2,
		    "{\"error\":\"mine\"}");
	assert_call(&f->c, "mymod.missing", NULL, NULL, 1,
		    "\"'mymod.missing' is not available.\"");
	struct buf want = BUF_INIT;
	buf_addf(
		&want,
		"\"custom module 'mymod': '%s/mymod/noexec' is not an executable file\"",
		f->modules.ptr);
	assert_call(&f->c, "mymod.noexec", NULL, NULL, 1, want.ptr);
	buf_release(&want);
}

static void test_mod_custom__nothing_escapes_the_modules_directory(void **state)
{
	struct fixture *f = *state;
	struct buf want = BUF_INIT;
	buf_addf(
		&want,
		"\"custom module 'mymod': '%s/mymod/link' leads outside the modules directory\"",
		f->modules.ptr);
	assert_call(&f->c, "mymod.link", NULL, NULL, 1, want.ptr);
	buf_reset(&want);
	buf_addf(
		&want,
		"\"custom module 'linked': '%s/linked' leads outside the modules directory\"",
		f->modules.ptr);
	assert_call(&f->c, "linked.x", NULL, NULL, 1, want.ptr);
	buf_release(&want);
	assert_call(
		&f->c, "../outside.prog", NULL, NULL, 1,
		"\"'../outside.prog' is not a function name (module.function, each [a-z0-9_])\"");
	assert_call(
		&f->c, "mymod.../../outside/prog", NULL, NULL, 1,
		"\"'mymod.../../outside/prog' is not a function name (module.function, each [a-z0-9_])\"");
	/* a custom module never shadows nor extends a built-in one */
	assert_call(&f->c, "test.evil", NULL, NULL, 1,
		    "\"'test.evil' is not available.\"");
	/* no cache directory: no custom modules */
	struct mod_ctx none = {0};
	assert_call(&none, "mymod.echo", NULL, NULL, 1,
		    "\"'mymod.echo' is not available.\"");
}

static void test_mod_custom__listed_with_the_built_in_functions(void **state)
{
	struct fixture *f = *state;
	/* the broken modules are logged as warnings: not in the test output */
	enum log_level saved = log_threshold;
	log_threshold = LOG_ERR;
	json_t *all = mod_list_functions(&f->c);
	log_threshold = saved;
	char *s = dump(all);
	const char *want[] = {"\"mymod.echo\"", "\"mymod.fails\"", "\"one.a\"",
			      "\"one.b\"", "\"test.ping\""};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (!strstr(s, want[i]))
			fail_msg("%s is not listed in %s", want[i], s);
	const char * not [] = {"noexec", "Bad-Name", "test.evil", "link"};
	for (size_t i = 0; i < ARRAY_SIZE(not ); i++)
		if (strstr(s, not [i]))
			fail_msg("%s is listed in %s", not [i], s);
	free(s);
	json_decref(all);
}

int suite_mod_custom(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_mod_custom__calls_get_json_in_and_give_json_out),
		cmocka_unit_test(
			test_mod_custom__failures_keep_the_exit_status),
		cmocka_unit_test(
			test_mod_custom__nothing_escapes_the_modules_directory),
		cmocka_unit_test(
			test_mod_custom__listed_with_the_built_in_functions),
	};
	return cmocka_run_group_tests_name("mod_custom", tests, setup,
					   teardown);
}
