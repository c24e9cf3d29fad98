/* SPDX-License-Identifier: MIT */
/* test_exec.c: exec runs commands from argument vectors, with its checks */
#include "util/compat.h"
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/proc.h"

#include <setjmp.h>
#include <cmocka.h>

struct fx {
	struct arena a;
	struct rtype_ctx c;
	struct resource r;
	struct rstate st;
	char dir[64];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	f->c.arena = &f->a;
	snprintf(f->dir, sizeof(f->dir), "/tmp/tend-exec-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	const char *argv[] = {"rm", "-rf", f->dir, NULL};
	proc_run(NULL, NULL, argv, NULL);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* A fresh Exec[title] with params given as name, value pairs (strings). */
static struct resource *res(struct fx *f, const char *title)
{
	memset(&f->r, 0, sizeof(f->r));
	memset(&f->st, 0, sizeof(f->st));
	f->r.type = "Exec";
	f->r.title = arena_strdup(&f->a, title);
	f->r.params = val_hash(&f->a, 0);
	f->st.res = &f->r;
	return &f->r;
}

static void set(struct fx *f, const char *name, const char *v)
{
	val_hash_set_str(&f->a, f->r.params, name, val_strz(&f->a, v));
}

static void setv(struct fx *f, const char *name, struct value *v)
{
	val_hash_set_str(&f->a, f->r.params, name, v);
}

static const char *path_in(struct fx *f, const char *name)
{
	return arena_strfmt(&f->a, "%s/%s", f->dir, name);
}

static char *slurp(const char *path)
{
	struct buf b = BUF_INIT;
	if (file_read(&b, path) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int run(struct fx *f)
{
	const char *msg = NULL;
	if (rtype_exec.validate(&f->c, &f->r, &msg) < 0) {
		f->st.error = msg;
		return -2;
	}
	return rtype_exec.sync(&f->c, &f->r, &f->st);
}

static void test_exec__runs_and_reports_event(void **state)
{
	struct fx *f = *state;
	res(f, arena_strfmt(&f->a, "/usr/bin/touch %s", path_in(f, "t")));
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_int_equal(f->st.nevents, 1);
	assert_string_equal(f->st.events[0].property, "returns");
	assert_string_equal(f->st.events[0].previous, "notrun");
	assert_string_equal(f->st.events[0].desired, "['0']");
	assert_string_equal(f->st.events[0].message, "executed successfully");
	assert_int_equal(access(path_in(f, "t"), F_OK), 0);
}

static void test_exec__arguments_pass_unharmed(void **state)
{
	struct fx *f = *state;
	/* quotes, spaces, ';', '$', '>' and globs reach printf as written */
	res(f, "printf");
	set(f, "command",
	    "printf '%s|' \"a b\" c\\;d 'it'\\''s' \"say \\\"hi\\\"\" $HOME '>' * ;x");
	set(f, "path", "/usr/bin:/bin");
	set(f, "logoutput", "true");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.output,
			    "a b|c;d|it's|say \"hi\"|$HOME|>|*|;x|");
}

static void test_exec__array_command_is_argv(void **state)
{
	struct fx *f = *state;
	res(f, "arr");
	struct value *cmd = val_array(&f->a, 3);
	val_array_push(&f->a, cmd, val_strz(&f->a, "/usr/bin/printf"));
	val_array_push(&f->a, cmd, val_strz(&f->a, "%s"));
	val_array_push(&f->a, cmd, val_strz(&f->a, "x; 'y' \"z\""));
	setv(f, "command", cmd);
	set(f, "logoutput", "true");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.output, "x; 'y' \"z\"");
}

static void test_exec__unqualified_without_path_is_invalid(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	res(f, "echo hi");
	assert_int_equal(rtype_exec.validate(&f->c, &f->r, &msg), -1);
	assert_string_equal(
		msg, "'echo' is not qualified and no path was specified. Please qualify the command or specify a path.");
	res(f, "/bin/true");
	set(f, "unless", "test -e /x");
	assert_int_equal(rtype_exec.validate(&f->c, &f->r, &msg), -1);
	assert_non_null(strstr(msg, "'test' is not qualified"));
	res(f, "/bin/echo 'open");
	assert_int_equal(rtype_exec.validate(&f->c, &f->r, &msg), -1);
	assert_non_null(strstr(msg, "unterminated single quote"));
	res(f, "echo hi");
	set(f, "provider", "shell");
	assert_int_equal(rtype_exec.validate(&f->c, &f->r, &msg), 0);
	res(f, "/bin/true");
	set(f, "bogus", "1");
	assert_int_equal(rtype_exec.validate(&f->c, &f->r, &msg), -1);
	assert_string_equal(msg, "no parameter named 'bogus'");
}

static void test_exec__returns_parsing(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	res(f, "/bin/sh -c 'exit 3'");
	assert_int_equal(run(f), -1);
	assert_string_equal(
		f->st.error,
		"'/bin/sh -c 'exit 3'' returned 3 instead of one of [0]");

	res(f, "/bin/sh -c 'exit 3'");
	struct value *rv = val_array(&f->a, 2);
	val_array_push(&f->a, rv, val_int(&f->a, 0));
	val_array_push(&f->a, rv, val_strz(&f->a, "3"));
	setv(f, "returns", rv);
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.events[0].desired, "['0', '3']");

	res(f, "/bin/sh -c 'exit 2'");
	setv(f, "returns", val_int(&f->a, 2));
	assert_int_equal(run(f), 0);

	res(f, "/bin/sh -c 'exit 2'");
	set(f, "returns", "two");
	assert_int_equal(rtype_exec.validate(&f->c, &f->r, &msg), -1);
	assert_non_null(strstr(msg, "returns"));
}

static void test_exec__creates_onlyif_unless(void **state)
{
	struct fx *f = *state;
	const char *marker = path_in(f, "m");
	const char *cmd = arena_strfmt(&f->a, "/usr/bin/touch %s", marker);

	res(f, cmd);
	set(f, "creates", "/");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);

	res(f, cmd);
	set(f, "onlyif", "/bin/false");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);

	res(f, cmd);
	set(f, "unless", "/bin/true");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	assert_int_not_equal(access(marker, F_OK), 0);

	/* every onlyif must succeed */
	res(f, cmd);
	struct value *l = val_array(&f->a, 2);
	val_array_push(&f->a, l, val_strz(&f->a, "/bin/true"));
	val_array_push(&f->a, l, val_strz(&f->a, "/bin/false"));
	setv(f, "onlyif", l);
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);

	res(f, cmd);
	set(f, "onlyif", "/bin/true");
	set(f, "unless", "/bin/false");
	set(f, "creates", path_in(f, "nope"));
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_int_equal(access(marker, F_OK), 0);

	/* now it exists: creates stops the second run */
	res(f, "/bin/false");
	set(f, "creates", marker);
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
}

static void test_exec__timeout_and_tries(void **state)
{
	struct fx *f = *state;
	res(f, "/bin/sleep 5");
	set(f, "timeout", "0.3");
	assert_int_equal(run(f), -1);
	assert_string_equal(f->st.error, "Command exceeded timeout");

	/* succeeds on the third try: the counter file grows each time */
	const char *cnt = path_in(f, "count");
	res(f, "/bin/sh");
	setv(f, "command",
	     val_strz(&f->a, arena_strfmt(&f->a,
					  "/bin/sh -c 'echo x >> %s; test $(wc -l < %s) -ge 3'",
					  cnt, cnt)));
	setv(f, "tries", val_int(&f->a, 4));
	set(f, "try_sleep", "0");
	assert_int_equal(run(f), 0);
	char *s = slurp(cnt);
	assert_string_equal(s, "x\nx\nx\n");
	free(s);
}

static void test_exec__refreshonly_runs_on_refresh(void **state)
{
	struct fx *f = *state;
	const char *marker = path_in(f, "r");
	res(f, arena_strfmt(&f->a, "/usr/bin/touch %s", marker));
	setv(f, "refreshonly", val_bool(true));
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	assert_int_not_equal(access(marker, F_OK), 0);
	assert_int_equal(rtype_exec.refresh(&f->c, &f->r, &f->st), 0);
	assert_true(f->st.refreshed);
	assert_int_equal(access(marker, F_OK), 0);

	/* the refresh parameter replaces the command on refresh */
	const char *other = path_in(f, "r2");
	res(f, "/bin/false");
	set(f, "refresh", arena_strfmt(&f->a, "/usr/bin/touch %s", other));
	assert_int_equal(rtype_exec.refresh(&f->c, &f->r, &f->st), 0);
	assert_int_equal(access(other, F_OK), 0);
}

static void test_exec__environment_cwd_shell(void **state)
{
	struct fx *f = *state;
	res(f, "/bin/sh -c 'echo \"$FOO|$BAR|$(pwd)\"'");
	struct value *env = val_array(&f->a, 2);
	val_array_push(&f->a, env, val_strz(&f->a, "FOO=a b"));
	val_array_push(&f->a, env, val_strz(&f->a, "BAR=x=y"));
	setv(f, "environment", env);
	set(f, "cwd", f->dir);
	set(f, "logoutput", "true");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.output,
			    arena_strfmt(&f->a, "a b|x=y|%s\n", f->dir));

	res(f, "/bin/true");
	set(f, "cwd", path_in(f, "nodir"));
	assert_int_equal(run(f), -1);
	assert_non_null(strstr(f->st.error, "does not exist"));

	/* shell provider: the command is one argument to /bin/sh -c */
	res(f, "echo one; echo two | tr a-z A-Z");
	set(f, "provider", "shell");
	set(f, "logoutput", "true");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.output, "one\nTWO\n");

	/* a missing program */
	res(f, "nosuchcmd-tend");
	set(f, "path", "/bin");
	assert_int_equal(run(f), -1);
	assert_string_equal(f->st.error,
			    "Could not find command 'nosuchcmd-tend'");
}

static void test_exec__logoutput_on_failure_and_noop(void **state)
{
	struct fx *f = *state;
	res(f, "/bin/sh -c 'echo boom; exit 1'");
	assert_int_equal(run(f), -1);
	assert_string_equal(f->st.output, "boom\n");

	res(f, "/bin/sh -c 'echo fine'");
	assert_int_equal(run(f), 0);
	assert_null(f->st.output);

	const char *marker = path_in(f, "noop");
	res(f, arena_strfmt(&f->a, "/usr/bin/touch %s", marker));
	f->c.noop = true;
	assert_int_equal(run(f), 0);
	f->c.noop = false;
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_int_not_equal(access(marker, F_OK), 0);
}

int suite_exec(void);
int suite_exec(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exec__runs_and_reports_event),
		cmocka_unit_test(test_exec__arguments_pass_unharmed),
		cmocka_unit_test(test_exec__array_command_is_argv),
		cmocka_unit_test(
			test_exec__unqualified_without_path_is_invalid),
		cmocka_unit_test(test_exec__returns_parsing),
		cmocka_unit_test(test_exec__creates_onlyif_unless),
		cmocka_unit_test(test_exec__timeout_and_tries),
		cmocka_unit_test(test_exec__refreshonly_runs_on_refresh),
		cmocka_unit_test(test_exec__environment_cwd_shell),
		cmocka_unit_test(test_exec__logoutput_on_failure_and_noop),
	};
	return cmocka_run_group_tests_name("exec", tests, setup, teardown);
}
