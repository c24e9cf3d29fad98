/* SPDX-License-Identifier: MIT */
/* test_proc.c: commands run from argument vectors, output and status captured */
#include "util/compat.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"

#include <setjmp.h>
#include <cmocka.h>

static void test_proc__captures_stdout_and_status(void **state UNUSED)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *argv[] = { "sh", "-c", "printf 'a b'; echo oops >&2; exit 3", NULL };
	assert_int_equal(proc_run(&out, &err, argv, NULL), 3);
	assert_string_equal(out.ptr, "a b");
	assert_string_equal(err.ptr, "oops\n");
	buf_release(&out);
	buf_release(&err);
}

static void test_proc__arguments_pass_unharmed(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	/* quotes, spaces and ';' reach the program as one argument each */
	const char *argv[] = { "printf", "%s|", "it's; rm -rf /tmp/x", "$(id)", NULL };
	assert_int_equal(proc_run(&out, NULL, argv, NULL), 0);
	assert_string_equal(out.ptr, "it's; rm -rf /tmp/x|$(id)|");
	buf_release(&out);
}

static void test_proc__stdin_env_cwd(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	const char *env[] = { "TEND_PROC_TEST=yes", NULL };
	struct proc_opts o = { .env = env, .cwd = "/", .input = "line\n", .input_len = 5 };
	const char *argv[] = { "sh", "-c", "read x; echo \"$x $TEND_PROC_TEST $(pwd)\"", NULL };
	assert_int_equal(proc_run(&out, NULL, argv, &o), 0);
	assert_string_equal(out.ptr, "line yes /\n");
	buf_release(&out);
}

static void test_proc__missing_program_is_notfound(void **state UNUSED)
{
	const char *argv[] = { "/nonexistent/tend-no-such-program", NULL };
	assert_int_equal(proc_run(NULL, NULL, argv, NULL), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "tend-no-such-program"));
}

static void test_proc__timeout_kills_the_group(void **state UNUSED)
{
	struct proc_opts o = { .timeout = 0.2 };
	const char *argv[] = { "sh", "-c", "sleep 5 & sleep 5", NULL };
	assert_int_equal(proc_run(NULL, NULL, argv, &o), ERR_TIMEOUT);
}

static void test_proc__signal_status(void **state UNUSED)
{
	const char *argv[] = { "sh", "-c", "kill -TERM $$", NULL };
	assert_int_equal(proc_run(NULL, NULL, argv, NULL), 128 + 15);
}

static void test_proc__input_not_read_is_no_sigpipe(void **state UNUSED)
{
	/* 4 MiB of input to a child that never reads it: we live on, status 0. */
	size_t len = 4u << 20;
	char *in = malloc(len);
	memset(in, 'x', len);
	const char *argv[] = { "true", NULL };
	struct proc_opts o = { .input = in, .input_len = len };
	assert_int_equal(proc_run(NULL, NULL, argv, &o), 0);
	free(in);
}

static void test_proc__argv_str_quotes(void **state UNUSED)
{
	struct buf b = BUF_INIT;
	const char *argv[] = { "echo", "plain", "two words", "it's", NULL };
	proc_argv_str(&b, argv);
	assert_string_equal(b.ptr, "echo plain 'two words' 'it'\\''s'");
	buf_release(&b);
}

int suite_proc(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc__captures_stdout_and_status),
		cmocka_unit_test(test_proc__arguments_pass_unharmed),
		cmocka_unit_test(test_proc__stdin_env_cwd),
		cmocka_unit_test(test_proc__missing_program_is_notfound),
		cmocka_unit_test(test_proc__timeout_kills_the_group),
		cmocka_unit_test(test_proc__signal_status),
		cmocka_unit_test(test_proc__input_not_read_is_no_sigpipe),
		cmocka_unit_test(test_proc__argv_str_quotes),
	};
	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
