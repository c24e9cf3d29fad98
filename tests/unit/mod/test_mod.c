/* SPDX-License-Identifier: MIT */
/* test_mod.c: names, command-line words, argument binding, sys.* and saltutil.* */
#include "util/compat.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "helpers.h"

#include <setjmp.h>
#include <cmocka.h>

static const struct mod_ctx ctx0;

static void test_mod__names_are_validated(void **state UNUSED)
{
	assert_true(mod_name_valid("puppet_env"));
	assert_true(mod_name_valid("a1"));
	assert_false(mod_name_valid(""));
	assert_false(mod_name_valid("Foo"));
	assert_false(mod_name_valid(".."));
	assert_false(mod_name_valid("a/b"));
	assert_false(mod_name_valid("a-b"));
	assert_false(mod_name_valid(NULL));

	assert_true(mod_fun_valid("test.ping"));
	assert_true(mod_fun_valid("wmftest.puppet_env"));
	assert_false(mod_fun_valid("test"));
	assert_false(mod_fun_valid("test."));
	assert_false(mod_fun_valid(".ping"));
	assert_false(mod_fun_valid("a.b.c"));
	assert_false(mod_fun_valid("../x.y"));
	assert_false(mod_fun_valid("x.../y"));
	assert_false(mod_fun_valid("Test.ping"));

	assert_true(mod_env_valid("canary"));
	assert_true(mod_env_valid("production_2"));
	assert_false(mod_env_valid("can ary"));
	assert_false(mod_env_valid("../etc"));
	assert_false(mod_env_valid(""));

	assert_true(mod_jid_valid("20150923203228234305"));
	assert_false(mod_jid_valid("../x"));
	assert_false(mod_jid_valid(""));
}

/* The compact JSON of mod_arg_value(word). */
static void assert_word(const char *word, const char *json)
{
	json_t *j = mod_arg_value(word);
	char *s = dump(j);
	if (strcmp(s, json))
		fail_msg("word '%s': got %s, want %s", word, s, json);
	free(s);
	json_decref(j);
}

static void test_mod__words_are_typed_as_salt_types_them(void **state UNUSED)
{
	assert_word("42", "42");
	assert_word("-5", "-5");
	assert_word("1.5", "1.5");
	assert_word("010", "8"); /* YAML 1.1 octal, as PyYAML */
	assert_word("0x1f", "31");
	assert_word("true", "true");
	assert_word("True", "true");
	assert_word("yes", "true");
	assert_word("off", "false");
	assert_word("null", "null");
	assert_word("~", "null");
	assert_word("None", "null");
	assert_word("[1, a]", "[1,\"a\"]");
	assert_word("{a: 1, b: [x]}", "{\"a\":1,\"b\":[\"x\"]}");
	assert_word("'quoted words'", "\"quoted words\"");
	assert_word("\"42\"", "\"42\"");
	/* left as they are */
	assert_word("hello world", "\"hello world\"");
	assert_word("echo a; rm -rf x", "\"echo a; rm -rf x\"");
	assert_word("a: b", "\"a: b\"");
	assert_word("- a", "\"- a\"");
	assert_word("1_000", "\"1_000\"");
	assert_word("1e3", "\"1e3\"");
	assert_word("2024-01-15", "\"2024-01-15\"");
	assert_word("", "\"\"");
	assert_word("  ", "\"  \"");
	assert_word("|", "\"|\"");
	assert_word("!", "\"!\"");
	assert_word("#x", "\"#x\"");
	assert_word("a #b", "\"a #b\"");
	assert_word("{a: 1", "\"{a: 1\"");
	assert_word("*alias", "\"*alias\"");
	assert_word("line1\nline2", "\"line1\\nline2\"");
	assert_word(".inf", "\".inf\"");
}

static void test_mod__key_value_words_are_kwargs(void **state UNUSED)
{
	const char *argv[] = {"echo a=b",   "x=42",    "a==b",
			      "cwd=/tmp",   "1x=2",    "_k=v w",
			      "env={A: b}", "k.v-2=x", "=x"};
	json_t *args, *kwargs;
	mod_args_from_argv(&args, &kwargs, (int)ARRAY_SIZE(argv), argv);
	char *a = dump(args), *k = dump(kwargs);
	assert_string_equal(a, "[\"echo a=b\",\"a==b\",\"1x=2\",\"=x\"]");
	assert_string_equal(
		k,
		"{\"_k\":\"v w\",\"cwd\":\"/tmp\",\"env\":{\"A\":\"b\"},\"k.v-2\":\"x\",\"x\":42}");
	free(a);
	free(k);
	json_decref(args);
	json_decref(kwargs);
}

static void test_mod__text_replaces_invalid_utf8(void **state UNUSED)
{
	json_t *j = mod_text("a\xff"
			     "b\xc3\xa9"
			     "\xe2\x82",
			     7);
	assert_string_equal(json_string_value(j),
			    "a\xef\xbf\xbd"
			    "b\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd");
	json_decref(j);
	j = mod_text("ok", 2);
	assert_string_equal(json_string_value(j), "ok");
	json_decref(j);
}

static void assert_call(const struct mod_ctx *c, const char *fun,
			const char *args, const char *kwargs, int want_rc,
			const char *want)
{
	char *got;
	int rc = call_json(&got, c, fun, args, kwargs);
	if (rc != want_rc || strcmp(got, want))
		fail_msg("%s %s %s: got %d %s, want %d %s", fun,
			 args ? args : "", kwargs ? kwargs : "", rc, got,
			 want_rc, want);
	free(got);
}

static void test_mod__functions_return_salt_shapes(void **state UNUSED)
{
	assert_call(&ctx0, "test.ping", NULL, NULL, 0, "true");
	assert_call(&ctx0, "test.echo", "[\"hi there\"]", NULL, 0,
		    "\"hi there\"");
	assert_call(&ctx0, "test.echo", NULL, "{\"text\": [1]}", 0, "[1]");
	assert_call(&ctx0, "test.sleep", "[0]", NULL, 0, "true");
	assert_call(&ctx0, "test.sleep", "[\"0.01\"]", NULL, 0, "true");
	assert_call(&ctx0, "test.version", NULL, NULL, 0,
		    "\"" TEND_VERSION "\"");
	assert_call(&ctx0, "test.arg", "[1, \"a\"]", "{\"k\": null}", 0,
		    "{\"args\":[1,\"a\"],\"kwargs\":{\"k\":null}}");
	/* Salt's publication data is not an unexpected keyword */
	assert_call(&ctx0, "test.ping", NULL, "{\"__pub_jid\": \"1\"}", 0,
		    "true");
}

static void test_mod__bad_calls_fail_with_clear_messages(void **state UNUSED)
{
	assert_call(&ctx0, "test.nope", NULL, NULL, 1,
		    "\"'test.nope' is not available.\"");
	assert_call(&ctx0, "nomod.fun", NULL, NULL, 1,
		    "\"'nomod.fun' is not available.\"");
	assert_call(
		&ctx0, "../etc.passwd", NULL, NULL, 1,
		"\"'../etc.passwd' is not a function name (module.function, each [a-z0-9_])\"");
	assert_call(
		&ctx0, "test.echo", NULL, NULL, 1,
		"\"Passed invalid arguments to 'test.echo': missing the required argument 'text'; usage: test.echo TEXT\"");
	assert_call(
		&ctx0, "test.ping", "[1, 2]", NULL, 1,
		"\"Passed invalid arguments to 'test.ping': it takes 0 positional arguments but 2 were given; usage: test.ping\"");
	assert_call(
		&ctx0, "test.sleep", "[\"soon\"]", NULL, 1,
		"\"Passed invalid arguments to 'test.sleep': argument 'length' must be a number, not a string ('soon'); usage: test.sleep LENGTH\"");
	assert_call(
		&ctx0, "test.sleep", "[1]", "{\"length\": 2}", 1,
		"\"Passed invalid arguments to 'test.sleep': got multiple values for argument 'length'; usage: test.sleep LENGTH\"");
	assert_call(
		&ctx0, "test.ping", NULL, "{\"bogus\": 1}", 1,
		"\"Passed invalid arguments to 'test.ping': unexpected keyword argument 'bogus'; usage: test.ping\"");
	assert_call(&ctx0, "test.sleep", "[-1]", NULL, 1,
		    "\"test.sleep: '-1' is not a length of time\"");
	assert_call(
		&ctx0, "cmd.run", "[{\"a\": 1}]", NULL, 1,
		"\"Passed invalid arguments to 'cmd.run': argument 'cmd' must be a string, not an object; usage: cmd.run CMD [CWD] [STDIN] [RUNAS] [SHELL] [env=...] [clean_env=...] [rstrip=...] [timeout=...] [python_shell=...] [ignore_retcode=...] [output_loglevel=...] [hide_output=...] [reset_system_locale=...]\"");
	/* arguments of the wrong JSON type altogether */
	json_t *ret, *notlist = json_object();
	assert_int_equal(mod_call(&ret, &ctx0, "test.ping", notlist, NULL), 1);
	assert_string_equal(json_string_value(ret),
			    "arguments of 'test.ping' must be a list");
	json_decref(ret);
	json_decref(notlist);
	assert_int_equal(mod_call(&ret, &ctx0, NULL, NULL, NULL), 1);
	assert_true(json_is_string(ret));
	json_decref(ret);
}

static void test_mod__test_sleep_stops_at_the_job_timeout(void **state UNUSED)
{
	struct mod_ctx c = {.timeout = 0.05};
	assert_call(&c, "test.sleep", "[5]", NULL, 1,
		    "\"test.sleep timed out after 0.05 seconds\"");
}

static void
test_mod__sys_list_functions_selects_modules_and_globs(void **state UNUSED)
{
	assert_call(
		&ctx0, "sys.list_functions", "[\"test\"]", NULL, 0,
		"[\"test.arg\",\"test.echo\",\"test.false\",\"test.ping\",\"test.sleep\",\"test.true\",\"test.version\"]");
	assert_call(
		&ctx0, "sys.list_functions", "[\"saltutil.*_job\"]", NULL, 0,
		"[\"saltutil.find_job\",\"saltutil.kill_job\",\"saltutil.signal_job\",\"saltutil.term_job\"]");
	/* "sys" selects the sys module, not every module starting so */
	assert_call(
		&ctx0, "sys.list_functions", "[\"sys\"]", NULL, 0,
		"[\"sys.doc\",\"sys.list_functions\",\"sys.list_modules\"]");
	assert_call(
		&ctx0, "sys.list_modules", NULL, NULL, 0,
		"[\"agent\",\"cmd\",\"facts\",\"grains\",\"node\",\"pkg\",\"puppet\",\"saltutil\",\"service\",\"sys\",\"test\"]");

	json_t *all = mod_list_functions(&ctx0);
	const char *want[] = {
		"cmd.run_all", "pkg.upgrade",	    "grains.get",    "node.env",
		"agent.run",   "saltutil.kill_job", "service.status"};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		bool found = false;
		size_t k;
		json_t *f;
		json_array_foreach(
			all, k, f) if (!strcmp(json_string_value(f), want[i]))
			found = true;
		if (!found)
			fail_msg("'%s' is not listed", want[i]);
	}
	json_decref(all);
}

static void write_job(const char *dir, const char *jid, long pid)
{
	struct buf rel = BUF_INIT, text = BUF_INIT;
	buf_addf(&rel, "proc/%s.json", jid);
	buf_addf(
		&text,
		"{\"jid\": \"%s\", \"fun\": \"test.sleep\", \"args\": [60], \"pid\": %ld, \"started\": 1.5}",
		jid, pid);
	put_file(dir, rel.ptr, text.ptr, 0600);
	buf_release(&rel);
	buf_release(&text);
}

static void test_mod__saltutil_running_lists_live_jobs(void **state UNUSED)
{
	char *dir = tmpdir_new();
	struct mod_ctx c = {.cachedir = dir};
	write_job(dir, "2", (long)getpid());
	write_job(dir, "1", (long)getpid());
	write_job(dir, "3", 999999999L); /* dead */
	put_file(dir, "proc/4.json", "not json", 0600);
	put_file(dir, "proc/5.json", "{\"pid\": \"x\"}", 0600);
	json_t *ret;
	assert_int_equal(mod_call(&ret, &c, "saltutil.running", NULL, NULL), 0);
	assert_int_equal(json_array_size(ret), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(ret, 0), "jid")),
			    "1");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(ret, 1), "jid")),
			    "2");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(ret, 0), "fun")),
			    "test.sleep");
	json_decref(ret);

	json_t *args = json_pack("[s]", "2");
	assert_int_equal(mod_call(&ret, &c, "saltutil.find_job", args, NULL),
			 0);
	assert_int_equal(json_integer_value(json_object_get(ret, "pid")),
			 getpid());
	json_decref(ret);
	json_decref(args);
	assert_call(&c, "saltutil.find_job", "[\"3\"]", NULL, 0, "{}");
	assert_call(&c, "saltutil.kill_job", "[\"3\"]", NULL, 1,
		    "\"job '3' is not running\"");
	assert_call(&c, "saltutil.kill_job", "[\"../../x\"]", NULL, 1,
		    "\"'../../x' is not a job id\"");
	assert_call(&c, "saltutil.is_running", "[\"cmd.*\"]", NULL, 0, "[]");
	tmpdir_free(dir);
}

static void
test_mod__kill_job_kills_the_job_and_its_commands(void **state UNUSED)
{
	char *dir = tmpdir_new();
	struct mod_ctx c = {.cachedir = dir};

	/* a job: a fork of this program (same executable), leading its
	 * process group, with a command in a group of its own */
	pid_t job = fork();
	assert_true(job >= 0);
	if (job == 0) {
		setpgid(0, 0);
		pid_t cmd = fork();
		if (cmd == 0) {
			setpgid(0, 0);
			execlp("sleep", "sleep", "60", (char *)NULL);
			_exit(127);
		}
		struct buf pidtext = BUF_INIT;
		buf_addf(&pidtext, "%ld", (long)cmd);
		put_file(dir, "cmdpid", pidtext.ptr, 0644);
		pause();
		_exit(0);
	}
	setpgid(job, job);
	write_job(dir, "7", (long)job);
	struct buf cmdpid = BUF_INIT;
	buf_addf(&cmdpid, "%s/cmdpid", dir);
	for (int i = 0; i < 500 && access(cmdpid.ptr, F_OK); i++)
		usleep(10 * 1000);
	buf_release(&cmdpid);

	struct buf want = BUF_INIT;
	buf_addf(&want, "\"Signal 9 sent to job 7 at pid %ld\"", (long)job);
	assert_call(&c, "saltutil.kill_job", "[\"7\"]", NULL, 0, want.ptr);
	buf_release(&want);
	int status;
	assert_int_equal(waitpid(job, &status, 0), job);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	/* the command is gone too (or a zombie waiting for init) */
	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_addf(&path, "%s/cmdpid", dir);
	assert_int_equal(file_read(&text, path.ptr), 0);
	long cmd = strtol(text.ptr, NULL, 10);
	bool gone = false;
	for (int i = 0; i < 100 && !gone; i++) {
		struct buf st = BUF_INIT, sp = BUF_INIT;
		buf_addf(&sp, "/proc/%ld/stat", cmd);
		char *paren;
		gone = file_read(&st, sp.ptr) < 0 ||
		       ((paren = strrchr(st.ptr, ')')) && paren[2] == 'Z');
		buf_release(&st);
		buf_release(&sp);
		if (!gone)
			usleep(10 * 1000);
	}
	assert_true(gone);
	buf_release(&path);
	buf_release(&text);
	tmpdir_free(dir);
}

static void
test_mod__kill_job_spares_a_process_that_is_not_a_job(void **state UNUSED)
{
	char *dir = tmpdir_new();
	struct mod_ctx c = {.cachedir = dir};
	/* a stale job file whose pid now belongs to another program */
	pid_t other = fork();
	assert_true(other >= 0);
	if (other == 0) {
		execlp("sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	usleep(100 * 1000);
	write_job(dir, "8", (long)other);
	struct buf want = BUF_INIT;
	buf_addf(&want,
		 "\"job '8': process %ld is not a tend job, not signalled\"",
		 (long)other);
	assert_call(&c, "saltutil.kill_job", "[\"8\"]", NULL, 1, want.ptr);
	buf_release(&want);
	assert_int_equal(kill(other, 0), 0);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
	tmpdir_free(dir);
}

int suite_mod(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mod__names_are_validated),
		cmocka_unit_test(test_mod__words_are_typed_as_salt_types_them),
		cmocka_unit_test(test_mod__key_value_words_are_kwargs),
		cmocka_unit_test(test_mod__text_replaces_invalid_utf8),
		cmocka_unit_test(test_mod__functions_return_salt_shapes),
		cmocka_unit_test(test_mod__bad_calls_fail_with_clear_messages),
		cmocka_unit_test(test_mod__test_sleep_stops_at_the_job_timeout),
		cmocka_unit_test(
			test_mod__sys_list_functions_selects_modules_and_globs),
		cmocka_unit_test(test_mod__saltutil_running_lists_live_jobs),
		cmocka_unit_test(
			test_mod__kill_job_kills_the_job_and_its_commands),
		cmocka_unit_test(
			test_mod__kill_job_spares_a_process_that_is_not_a_job),
	};
	return cmocka_run_group_tests_name("mod", tests, NULL, NULL);
}
