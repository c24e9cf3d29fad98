/* SPDX-License-Identifier: MIT */
/* test_mod_cmd.c: cmd.* — shapes, the shell, pids, timeouts, caps, env, cwd */
#include "util/compat.h"
#include "remote/mod.h"
#include "util/buf.h"
#include "helpers.h"

#include <setjmp.h>
#include <cmocka.h>

/* mod_call with args and kwargs as JSON text; the return, a new reference */
static json_t *call(int *rc, const struct mod_ctx *c, const char *fun,
		    const char *args, const char *kwargs)
{
	json_error_t e;
	json_t *a = args ? json_loads(args, 0, &e) : NULL;
	json_t *k = kwargs ? json_loads(kwargs, 0, &e) : NULL;
	json_t *ret;
	*rc = mod_call(&ret, c, fun, a, k);
	json_decref(a);
	json_decref(k);
	return ret;
}

static const char *field(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void
test_mod_cmd__run_all_returns_pid_retcode_and_streams(void **state UNUSED)
{
	struct mod_ctx c = {0};
	int rc;
	json_t *r = call(&rc, &c, "cmd.run_all",
			 "[\"echo $$; echo oops >&2; exit 3\"]", NULL);
	assert_int_equal(rc, 3);
	assert_int_equal(json_integer_value(json_object_get(r, "retcode")), 3);
	assert_string_equal(field(r, "stderr"), "oops");
	/* the pid is the command's own: the shell printed its $$ */
	long pid = (long)json_integer_value(json_object_get(r, "pid"));
	assert_true(pid > 0);
	assert_int_equal(strtol(field(r, "stdout"), NULL, 10), pid);
	assert_null(json_object_get(r, "timed_out"));
	json_decref(r);

	r = call(&rc, &c, "cmd.run_all", "[\"exit 3\"]",
		 "{\"ignore_retcode\": true}");
	assert_int_equal(rc, 0);
	json_decref(r);

	/* stderr into stdout: the pid still comes out of band */
	r = call(&rc, &c, "cmd.run_all", "[\"echo $$; echo oops >&2\"]",
		 "{\"redirect_stderr\": true}");
	assert_int_equal(rc, 0);
	pid = (long)json_integer_value(json_object_get(r, "pid"));
	assert_true(pid > 0);
	struct buf want = BUF_INIT;
	buf_addf(&want, "%ld\noops", pid);
	assert_string_equal(field(r, "stdout"), want.ptr);
	assert_string_equal(field(r, "stderr"), "");
	buf_release(&want);
	json_decref(r);
}

static void test_mod_cmd__run_merges_stderr_and_strips(void **state UNUSED)
{
	struct mod_ctx c = {0};
	int rc;
	json_t *r = call(&rc, &c, "cmd.run", "[\"echo a; echo b >&2\\n\\n\"]",
			 NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(r), "a\nb");
	json_decref(r);
	r = call(&rc, &c, "cmd.run", "[\"printf 'x \\\\n'\"]",
		 "{\"rstrip\": false}");
	assert_string_equal(json_string_value(r), "x \n");
	json_decref(r);
	r = call(&rc, &c, "cmd.retcode", "[\"exit 7\"]", NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(json_integer_value(r), 7);
	json_decref(r);
}

static void
test_mod_cmd__the_command_reaches_the_shell_unharmed(void **state UNUSED)
{
	struct mod_ctx c = {0};
	int rc;
	/* quotes, spaces, ';' and $() are the shell's to interpret, once */
	json_t *r = call(
		&rc, &c, "cmd.run",
		"[\"printf '%s|' 'a b' \\\"c;d\\\" it\\\\'s '$(id)'\"]", NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(r), "a b|c;d|it's|$(id)|");
	json_decref(r);
	/* without a shell: words split as the shell would, nothing expanded */
	r = call(&rc, &c, "cmd.run", "[\"printf %s| 'a b' $HOME;x\"]",
		 "{\"python_shell\": false}");
	assert_string_equal(json_string_value(r), "a b|$HOME;x|");
	json_decref(r);
	r = call(&rc, &c, "cmd.run", "[\"echo 'open\"]",
		 "{\"python_shell\": false}");
	assert_int_equal(rc, 1);
	assert_string_equal(json_string_value(r),
			    "cmd.run: unterminated quote in 'echo 'open'");
	json_decref(r);
}

static void test_mod_cmd__env_cwd_and_stdin(void **state UNUSED)
{
	struct mod_ctx c = {0};
	int rc;
	json_t *r = call(
		&rc, &c, "cmd.run", "[\"echo \\\"$FOO\\\" $N; pwd; cat\"]",
		"{\"env\": {\"FOO\": \"a b\", \"N\": 3}, \"cwd\": \"/tmp\", \"stdin\": \"in\"}");
	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(r), "a b 3\n/tmp\nin");
	json_decref(r);
	r = call(&rc, &c, "cmd.run", "[\"true\"]",
		 "{\"cwd\": \"/nonexistent\"}");
	assert_int_equal(rc, 1);
	assert_string_equal(json_string_value(r),
			    "cmd.run: cwd '/nonexistent' is not a directory");
	json_decref(r);
	r = call(&rc, &c, "cmd.run", "[\"true\"]",
		 "{\"env\": {\"A=B\": \"x\"}}");
	assert_int_equal(rc, 1);
	json_decref(r);
	r = call(&rc, &c, "cmd.run", "[\"true\"]", "{\"shell\": \"sh\"}");
	assert_int_equal(rc, 1);
	json_decref(r);
}

static void test_mod_cmd__timeouts_kill_and_say_so(void **state UNUSED)
{
	struct mod_ctx c = {0};
	int rc;
	json_t *r = call(&rc, &c, "cmd.run_all", "[\"echo early; sleep 10\"]",
			 "{\"timeout\": 0.3}");
	assert_int_equal(rc, 124);
	assert_int_equal(json_integer_value(json_object_get(r, "retcode")),
			 124);
	assert_true(json_is_true(json_object_get(r, "timed_out")));
	assert_string_equal(field(r, "stdout"), "early");
	assert_string_equal(field(r, "stderr"), "timed out after 0.3 seconds");
	json_decref(r);

	/* the job's own limit applies too */
	c.timeout = 0.2;
	r = call(&rc, &c, "cmd.run", "[\"sleep 10\"]", "{\"timeout\": 50}");
	assert_int_equal(rc, 124);
	assert_string_equal(json_string_value(r),
			    "timed out after 0.2 seconds");
	json_decref(r);
}

static void
test_mod_cmd__output_beyond_the_cap_is_cut_and_flagged(void **state UNUSED)
{
	struct mod_ctx c = {.max_output = 8};
	int rc;
	json_t *r =
		call(&rc, &c, "cmd.run_all",
		     "[\"printf 0123456789; printf abcdefghij >&2\"]", NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(field(r, "stdout"), "01234567");
	assert_string_equal(field(r, "stderr"), "abcdefgh");
	assert_true(json_is_true(json_object_get(r, "stdout_truncated")));
	assert_true(json_is_true(json_object_get(r, "stderr_truncated")));
	json_decref(r);
	r = call(&rc, &c, "cmd.run", "[\"printf 0123456789\"]", NULL);
	assert_string_equal(json_string_value(r),
			    "01234567\n[output truncated at 8 bytes]");
	json_decref(r);
	/* exactly the cap is not cut */
	r = call(&rc, &c, "cmd.run_all", "[\"printf 01234567\"]", NULL);
	assert_null(json_object_get(r, "stdout_truncated"));
	json_decref(r);
}

static void
test_mod_cmd__output_that_is_not_utf8_is_kept_readable(void **state UNUSED)
{
	struct mod_ctx c = {0};
	int rc;
	json_t *r = call(&rc, &c, "cmd.run", "[\"printf 'a\\\\377b'\"]", NULL);
	assert_string_equal(json_string_value(r), "a\xef\xbf\xbd"
						  "b");
	json_decref(r);
}

int suite_mod_cmd(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_mod_cmd__run_all_returns_pid_retcode_and_streams),
		cmocka_unit_test(test_mod_cmd__run_merges_stderr_and_strips),
		cmocka_unit_test(
			test_mod_cmd__the_command_reaches_the_shell_unharmed),
		cmocka_unit_test(test_mod_cmd__env_cwd_and_stdin),
		cmocka_unit_test(test_mod_cmd__timeouts_kill_and_say_so),
		cmocka_unit_test(
			test_mod_cmd__output_beyond_the_cap_is_cut_and_flagged),
		cmocka_unit_test(
			test_mod_cmd__output_that_is_not_utf8_is_kept_readable),
	};
	return cmocka_run_group_tests_name("mod_cmd", tests, NULL, NULL);
}
