/* SPDX-License-Identifier: MIT */
/* test_service.c: service providers (systemd, debian, base) chosen and driven */
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
	char *old_path;
};

static void write_exec(const char *path, const char *text)
{
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0755), 0);
}

/*
 * A fake machine under dir: bin/ holds systemctl and update-rc.d that log
 * their arguments to dir/log and keep their state in files;
 * etc/init.d/fake is an init script doing the same. The debian provider
 * reads the rest (rc links, policy-rc.d, utmp) under dir.
 */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	f->c.arena = &f->a;
	snprintf(f->dir, sizeof(f->dir), "/tmp/tend-svc-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	const char *d = f->dir;
	mkdir(arena_strfmt(&f->a, "%s/bin", d), 0755);
	mkdir(arena_strfmt(&f->a, "%s/etc", d), 0755);
	mkdir(arena_strfmt(&f->a, "%s/etc/init.d", d), 0755);
	write_exec(arena_strfmt(&f->a, "%s/bin/systemctl", d),
		   arena_strfmt(&f->a,
				"#!/bin/sh\n"
				"echo \"systemctl $*\" >> %s/log\n"
				"S=%s/sd-$3\n"
				"case $1 in\n"
				"is-active) test -e $S.run ;;\n"
				"is-enabled) if test -e $S.en; then echo enabled; else echo disabled; exit 1; fi ;;\n"
				"start) touch $S.run ;;\n"
				"stop) rm -f $S.run ;;\n"
				"restart) touch $S.run ;;\n"
				"enable) touch $S.en ;;\n"
				"disable) rm -f $S.en ;;\n"
				"esac\n",
				d, d));
	write_exec(
		arena_strfmt(&f->a, "%s/bin/update-rc.d", d),
		arena_strfmt(&f->a,
			     "#!/bin/sh\necho \"update-rc.d $*\" >> %s/log\n",
			     d));
	write_exec(arena_strfmt(&f->a, "%s/etc/init.d/fake", d),
		   arena_strfmt(&f->a,
				"#!/bin/sh\n"
				"echo \"init $1\" >> %s/log\n"
				"case $1 in\n"
				"status) test -e %s/fake.run ;;\n"
				"start) touch %s/fake.run ;;\n"
				"stop) rm -f %s/fake.run ;;\n"
				"restart) touch %s/fake.run ;;\n"
				"esac\n",
				d, d, d, d, d));
	write_exec(arena_strfmt(&f->a, "%s/etc/init.d/broken", d),
		   "#!/bin/sh\n"
		   "case $1 in\n"
		   "status) exit 3 ;;\n"
		   "start) echo 'broken: failed to set connection limit to 25000' >&2; exit 1 ;;\n"
		   "esac\n");
	write_exec(arena_strfmt(&f->a, "%s/etc/init.d/liar", d),
		   "#!/bin/sh\n"
		   "case $1 in\n"
		   "status) exit 3 ;;\n"
		   "start) echo 'Starting liar'; exit 0 ;;\n"
		   "esac\n");
	f->old_path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	setenv("PATH", arena_strfmt(&f->a, "%s/bin:%s", d, f->old_path), 1);
	f->c.root = f->dir;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	const char *argv[] = {"rm", "-rf", f->dir, NULL};
	setenv("PATH", f->old_path, 1);
	free(f->old_path);
	proc_run(NULL, NULL, argv, NULL);
	arena_release(&f->a);
	free(f);
	return 0;
}

static struct resource *res(struct fx *f, const char *title)
{
	memset(&f->r, 0, sizeof(f->r));
	memset(&f->st, 0, sizeof(f->st));
	f->r.type = "Service";
	f->r.title = arena_strdup(&f->a, title);
	f->r.params = val_hash(&f->a, 0);
	f->st.res = &f->r;
	return &f->r;
}

static void set(struct fx *f, const char *name, const char *v)
{
	val_hash_set_str(&f->a, f->r.params, name, val_strz(&f->a, v));
}

static int run(struct fx *f)
{
	const char *msg = NULL;
	if (rtype_service.validate(&f->c, &f->r, &msg) < 0) {
		f->st.error = msg;
		return -2;
	}
	return rtype_service.sync(&f->c, &f->r, &f->st);
}

static const char *log_path(struct fx *f)
{
	return arena_strfmt(&f->a, "%s/log", f->dir);
}

static char *take_log(struct fx *f)
{
	struct buf b = BUF_INIT;
	file_read(&b, log_path(f));
	unlink(log_path(f));
	return buf_detach(&b, NULL);
}

static void test_service__debian_start_stop_events(void **state)
{
	struct fx *f = *state;
	res(f, "fake");
	set(f, "ensure", "running");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_int_equal(f->st.nevents, 1);
	assert_string_equal(f->st.events[0].property, "ensure");
	assert_string_equal(f->st.events[0].message,
			    "ensure changed 'stopped' to 'running'");
	char *log = take_log(f);
	assert_string_equal(log, "init status\ninit start\ninit status\n");
	free(log);

	/* in sync now */
	res(f, "fake");
	set(f, "ensure", "running");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);

	/* refresh: stop then start (no hasrestart) */
	free(take_log(f));
	assert_int_equal(rtype_service.refresh(&f->c, &f->r, &f->st), 0);
	assert_true(f->st.refreshed);
	log = take_log(f);
	assert_string_equal(
		log, "init status\ninit stop\ninit start\ninit status\n");
	free(log);

	res(f, "fake");
	set(f, "ensure", "running");
	set(f, "hasrestart", "true");
	assert_int_equal(rtype_service.refresh(&f->c, &f->r, &f->st), 0);
	log = take_log(f);
	assert_string_equal(log, "init status\ninit restart\n");
	free(log);

	/* noop: reported, not done */
	res(f, "fake");
	set(f, "ensure", "stopped");
	f->c.noop = true;
	assert_int_equal(run(f), 0);
	f->c.noop = false;
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_int_equal(
		access(arena_strfmt(&f->a, "%s/fake.run", f->dir), F_OK), 0);

	res(f, "fake");
	set(f, "ensure", "false");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.events[0].message,
			    "ensure changed 'running' to 'stopped'");
	assert_int_not_equal(
		access(arena_strfmt(&f->a, "%s/fake.run", f->dir), F_OK), 0);
	/* a stopped service is not restarted by a refresh */
	free(take_log(f));
	res(f, "fake");
	assert_int_equal(rtype_service.refresh(&f->c, &f->r, &f->st), 0);
	assert_false(f->st.refreshed);
	free(take_log(f));
}

static void test_service__start_failure_reports_its_message(void **state)
{
	struct fx *f = *state;
	res(f, "broken");
	set(f, "ensure", "running");
	assert_int_equal(run(f), -1);
	assert_int_equal(f->st.status, RS_FAILED);
	assert_non_null(strstr(
		f->st.error, "change from 'stopped' to 'running' failed: Could not start Service[broken]: Execution of '"));
	assert_non_null(
		strstr(f->st.error,
		       "broken: failed to set connection limit to 25000"));

	/* a start that succeeds but leaves nothing running fails too */
	res(f, "liar");
	set(f, "ensure", "running");
	assert_int_equal(run(f), -1);
	assert_non_null(strstr(
		f->st.error,
		"Could not start Service[liar]: it is not running after"));
	assert_non_null(strstr(f->st.error, "Starting liar"));

	res(f, "nosuchservice");
	set(f, "ensure", "running");
	assert_int_equal(run(f), -1);
	assert_string_equal(f->st.error,
			    "Could not find init script for 'nosuchservice'");
}

static void test_service__debian_enable(void **state)
{
	struct fx *f = *state;
	res(f, "fake");
	set(f, "enable", "true");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.events[0].message,
			    "enable changed 'false' to 'true'");
	char *log = take_log(f);
	assert_string_equal(
		log, "update-rc.d fake defaults\nupdate-rc.d fake enable\n");
	free(log);

	/* no runlevel, no policy: enabled with start links in 4 runlevels */
	for (int i = 2; i <= 5; i++) {
		mkdir(arena_strfmt(&f->a, "%s/etc/rc%d.d", f->dir, i), 0755);
		assert_int_equal(symlink("../init.d/fake",
					 arena_strfmt(&f->a, "%s/etc/rc%d.d/S01fake",
						      f->dir, i)),
				 0);
	}
	res(f, "fake");
	set(f, "enable", "true");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	res(f, "fake");
	set(f, "enable", "false");
	assert_int_equal(run(f), 0);
	log = take_log(f);
	assert_string_equal(
		log, "update-rc.d fake defaults\nupdate-rc.d fake disable\n");
	free(log);
	/* the policy layer, as invoke-rc.d asks it: 100 is disabled */
	const char *sbin = arena_strfmt(&f->a, "%s/usr/sbin", f->dir);
	mkdir(arena_strfmt(&f->a, "%s/usr", f->dir), 0755);
	mkdir(sbin, 0755);
	const char *policy = arena_strfmt(&f->a, "%s/policy-rc.d", sbin);
	write_exec(policy, arena_strfmt(&f->a,
					"#!/bin/sh\necho \"policy $*\" >> %s/log\nexit 100\n",
					f->dir));
	res(f, "fake");
	set(f, "enable", "true");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.events[0].message,
			    "enable changed 'false' to 'true'");
	log = take_log(f);
	assert_string_equal(log, "policy --quiet fake (start)\n"
				 "update-rc.d fake defaults\n"
				 "update-rc.d fake enable\n");
	free(log);
	/* 0 is enabled, whatever the links */
	for (int i = 2; i <= 5; i++)
		unlink(arena_strfmt(&f->a, "%s/etc/rc%d.d/S01fake", f->dir, i));
	write_exec(policy, "#!/bin/sh\nexit 0\n");
	res(f, "fake");
	set(f, "enable", "true");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	/* 101: the links decide */
	write_exec(policy, "#!/bin/sh\nexit 101\n");
	res(f, "fake");
	set(f, "enable", "false");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	unlink(policy);
	free(take_log(f));

	res(f, "fake");
	set(f, "enable", "mask");
	assert_int_equal(run(f), -1);
	assert_non_null(strstr(f->st.error, "maskable"));
	res(f, "fake");
	set(f, "enable", "sometimes");
	assert_int_equal(run(f), -2);
	res(f, "fake");
	set(f, "ensure", "sometimes");
	assert_int_equal(run(f), -2);
	assert_string_equal(f->st.error, "Invalid value 'sometimes'. Valid values are stopped, running.");
}

static void test_service__systemd_when_it_runs_the_machine(void **state)
{
	struct fx *f = *state;
	const char *sd = arena_strfmt(&f->a, "%s/run/systemd/system", f->dir);
	mkdir(arena_strfmt(&f->a, "%s/run", f->dir), 0755);
	mkdir(arena_strfmt(&f->a, "%s/run/systemd", f->dir), 0755);
	mkdir(sd, 0755);
	free(take_log(f));

	res(f, "web");
	set(f, "ensure", "running");
	set(f, "enable", "true");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.nevents, 2);
	assert_string_equal(f->st.events[1].message,
			    "enable changed 'false' to 'true'");
	char *log = take_log(f);
	assert_string_equal(log, "systemctl is-active -- web\n"
				 "systemctl start -- web\n"
				 "systemctl is-active -- web\n"
				 "systemctl is-enabled -- web\n"
				 "systemctl unmask -- web\n"
				 "systemctl enable -- web\n");
	free(log);
	assert_int_equal(rtype_service.refresh(&f->c, &f->r, &f->st), 0);
	log = take_log(f);
	assert_string_equal(
		log, "systemctl is-active -- web\nsystemctl restart -- web\n");
	free(log);
	rmdir(sd);
}

static void test_service__base_with_commands_and_pattern(void **state)
{
	struct fx *f = *state;
	const char *flag = arena_strfmt(&f->a, "%s/base.run", f->dir);
	res(f, "mine");
	set(f, "start", arena_strfmt(&f->a, "touch '%s'; echo started", flag));
	set(f, "stop", arena_strfmt(&f->a, "rm -f '%s'", flag));
	set(f, "status", arena_strfmt(&f->a, "test -e '%s'", flag));
	set(f, "ensure", "running");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_int_equal(access(flag, F_OK), 0);

	/* no status command, hasstatus false: the process table decides */
	res(f, "sleeper");
	set(f, "start", "sleep 31337.25 >/dev/null 2>&1 &");
	set(f, "pattern", "^sleep 31337\\.25$");
	set(f, "ensure", "running");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_CHANGED);
	res(f, "sleeper");
	set(f, "start", "sleep 31337.25 >/dev/null 2>&1 &");
	set(f, "pattern", "^sleep 31337\\.25$");
	set(f, "ensure", "running");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	/* stopped by killing what the pattern finds */
	res(f, "sleeper");
	set(f, "start", "sleep 31337.25 >/dev/null 2>&1 &");
	set(f, "pattern", "^sleep 31337\\.25$");
	set(f, "ensure", "stopped");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_CHANGED);
	for (int i = 0; i < 50; i++) {
		res(f, "sleeper");
		set(f, "start", "true");
		set(f, "pattern", "^sleep 31337\\.25$");
		set(f, "ensure", "stopped");
		assert_int_equal(run(f), 0);
		if (f->st.status == RS_UNCHANGED)
			break;
		usleep(20000);
	}
	assert_int_equal(f->st.status, RS_UNCHANGED);

	res(f, "mine");
	set(f, "provider", "upstart");
	assert_int_equal(run(f), -2);
	assert_non_null(
		strstr(f->st.error, "provider 'upstart' is not supported"));
}

int suite_service(void);
int suite_service(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service__debian_start_stop_events),
		cmocka_unit_test(
			test_service__start_failure_reports_its_message),
		cmocka_unit_test(test_service__debian_enable),
		cmocka_unit_test(
			test_service__systemd_when_it_runs_the_machine),
		cmocka_unit_test(test_service__base_with_commands_and_pattern),
	};
	return cmocka_run_group_tests_name("service", tests, setup, teardown);
}
