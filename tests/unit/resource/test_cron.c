/* SPDX-License-Identifier: MIT */
/* test_cron.c: cron jobs in a crontab file, in Puppet's crontab format */
#include "util/compat.h"
#include <stdlib.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fileio.h"

#include <setjmp.h>
#include <cmocka.h>

/* A Cron writing to `target`; "k=v;k=v", array values "a|b". */
static struct resource *job(struct arena *a, const char *title,
			    const char *target, const char *spec)
{
	struct resource *r = arena_alloc(a, sizeof(*r));
	r->type = "Cron";
	r->title = title;
	r->params = val_hash(a, 4);
	val_hash_set_str(a, r->params, "target", val_strz(a, target));
	val_hash_set_str(a, r->params, "user", val_strz(a, "root"));
	char *s = arena_strdup(a, spec);
	for (char *p = s; p && *p;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		char *eq = strchr(p, '=');
		*eq = '\0';
		struct value *v = val_strz(a, eq + 1);
		if (strchr(eq + 1, '|')) {
			v = val_array(a, 2);
			for (char *o = eq + 1; o;) {
				char *bar = strchr(o, '|');
				if (bar)
					*bar = '\0';
				val_array_push(a, v, val_strz(a, o));
				o = bar ? bar + 1 : NULL;
			}
		}
		val_hash_set_str(a, r->params, p, v);
		p = semi ? semi + 1 : NULL;
	}
	return r;
}

static const char *body(struct arena *a, const char *path)
{
	struct buf b = BUF_INIT;
	assert_int_equal(file_read(&b, path), 0);
	const char *p = b.ptr;
	for (int i = 0; i < 4; i++) {
		assert_true(!strncmp(p, "# HEADER: ", 10));
		p = strchr(p, '\n') + 1;
	}
	const char *s = arena_strdup(a, p);
	buf_release(&b);
	return s;
}

static void run(struct rtype_ctx *c, struct resource *r, struct rstate *st)
{
	memset(st, 0, sizeof(*st));
	const char *msg = NULL;
	if (rtype_cron.validate(c, r, &msg) < 0)
		fail_msg("validate: %s", msg);
	if (rtype_cron.sync(c, r, st) < 0)
		fail_msg("sync: %s", st->error);
}

static void test_cron__crontab_as_puppet(void **state UNUSED)
{
	char dir[] = "/tmp/tend-cron-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a };
	const char *path = arena_strfmt(&a, "%s/root", dir);
	struct rstate st;

	run(&c, job(&a, "job1", path, "command=/bin/true;minute=0|30;hour=2;environment=PATH=/bin|MAILTO=x"), &st);
	assert_string_equal(st.events[0].message, "created");
	run(&c, job(&a, "job2", path, "command=/bin/false;special=daily"), &st);
	/* what puppet apply wrote to root's crontab for the same jobs */
	assert_string_equal(body(&a, path),
			    "# Puppet Name: job1\nPATH=/bin\nMAILTO=x\n0,30 2 * * * /bin/true\n"
			    "# Puppet Name: job2\n@daily /bin/false\n");
	run(&c, job(&a, "job1", path, "command=/bin/true;minute=0|30;hour=2;environment=PATH=/bin|MAILTO=x"), &st);
	assert_int_equal(st.status, RS_UNCHANGED);

	run(&c, job(&a, "job1", path, "command=/bin/true;minute=0|30;hour=3;environment=PATH=/bin|MAILTO=x"), &st);
	assert_int_equal(st.nevents, 1);
	assert_string_equal(st.events[0].message, "hour changed ['2'] to ['3']");
	run(&c, job(&a, "job2", path, "ensure=absent"), &st);
	assert_string_equal(st.events[0].message, "removed");
	run(&c, job(&a, "job3", path, "command=/bin/x;weekday=mon;month=1;monthday=*/2"), &st);
	assert_string_equal(body(&a, path),
			    "# Puppet Name: job1\nPATH=/bin\nMAILTO=x\n0,30 3 * * * /bin/true\n"
			    "# Puppet Name: job3\n* * */2 1 1 /bin/x\n");
	c.noop = true;
	run(&c, job(&a, "job3", path, "ensure=absent"), &st);
	assert_int_equal(st.status, RS_CHANGED);
	assert_non_null(strstr(body(&a, path), "job3"));

	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	arena_release(&a);
}

static void test_cron__validation(void **state UNUSED)
{
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a };
	const char *msg;
	assert_int_equal(rtype_cron.validate(&c, job(&a, "j", "/x", "minute=1"), &msg), -1);
	assert_string_equal(msg, "command is a required attribute");
	assert_int_equal(rtype_cron.validate(&c, job(&a, "j", "/x", "command=x;special=sometimes"), &msg), -1);
	assert_int_equal(rtype_cron.validate(&c, job(&a, "j", "/x", "command=x;special=daily;hour=1"), &msg), -1);
	assert_int_equal(rtype_cron.validate(&c, job(&a, "j", "/x", "command=x;hour=1 2"), &msg), -1);
	assert_int_equal(rtype_cron.validate(&c, job(&a, "j", "/x", "command=x;ensure=maybe"), &msg), -1);
	arena_release(&a);
}

int suite_cron(void);
int suite_cron(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cron__crontab_as_puppet),
		cmocka_unit_test(test_cron__validation),
	};
	return cmocka_run_group_tests_name("cron", tests, NULL, NULL);
}
