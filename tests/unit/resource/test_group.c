/* SPDX-License-Identifier: MIT */
/* test_group.c: groups read from etc/group, changed with groupadd's commands */
#include "util/compat.h"
#include <grp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/proc.h"
#include "util/xalloc.h"

#include <setjmp.h>
#include <cmocka.h>

/*
 * The state comes from <root>/etc/group; the commands are fakes put first
 * in PATH that log their arguments, so the argv built is checked without
 * root. The last test changes the real machine, only as root.
 */
struct fx {
	struct arena a;
	struct rtype_ctx c;
	char dir[64];
	char *old_path;
};

static const char *const tools[] = {
	"groupadd",
	"groupmod",
	"groupdel",
	"gpasswd",
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	f->c.arena = &f->a;
	memcpy(f->dir, "/tmp/tend-group-XXXXXX",
	       sizeof("/tmp/tend-group-XXXXXX"));
	assert_non_null(mkdtemp(f->dir));
	f->c.root = arena_strfmt(&f->a, "%s/root", f->dir);
	assert_int_equal(mkdir(f->c.root, 0755), 0);
	assert_int_equal(mkdir(arena_strfmt(&f->a, "%s/etc", f->c.root), 0755),
			 0);
	assert_int_equal(mkdir(arena_strfmt(&f->a, "%s/bin", f->dir), 0755), 0);
	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		const char *s = arena_strfmt(
			&f->a,
			"#!/bin/sh\necho \"$(basename \"$0\") $*\" >>'%s/log'\n",
			f->dir);
		assert_int_equal(
			file_write_atomic(arena_strfmt(&f->a, "%s/bin/%s",
						       f->dir, tools[i]),
					  s, strlen(s), 0755),
			0);
	}
	const char *p = getenv("PATH");
	f->old_path = xstrdup(p ? p : "/usr/bin:/bin");
	setenv("PATH", arena_strfmt(&f->a, "%s/bin:%s", f->dir, f->old_path),
	       1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	setenv("PATH", f->old_path, 1);
	free(f->old_path);
	const char *argv[] = {"rm", "-rf", f->dir, NULL};
	proc_run(NULL, NULL, argv, NULL);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* A Group resource with name/value pairs (NULL ends); "[a b]" is an array. */
static struct resource *grp(struct fx *f, const char *title, ...)
{
	struct resource *r = arena_alloc(&f->a, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->type = "Group";
	r->title = title;
	r->params = val_hash(&f->a, 4);
	va_list ap;
	va_start(ap, title);
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		struct value *val;
		if (*v == '[') {
			val = val_array(&f->a, 2);
			char *s = arena_memdupz(&f->a, v + 1, strlen(v) - 2);
			for (char *p = s; *p;) {
				char *e = strchr(p, ' ');
				size_t n = e ? (size_t)(e - p) : strlen(p);
				val_array_push(&f->a, val,
					       val_str(&f->a, p, n));
				p += n + (e != NULL);
			}
		} else if (!strcmp(v, "true") || !strcmp(v, "false")) {
			val = val_bool(!strcmp(v, "true"));
		} else {
			val = val_strz(&f->a, v);
		}
		val_hash_set_str(&f->a, r->params, k, val);
	}
	va_end(ap);
	return r;
}

static int apply(struct fx *f, struct resource *r, struct rstate *st)
{
	memset(st, 0, sizeof(*st));
	st->res = r;
	const char *msg = NULL;
	if (rtype_group.validate(&f->c, r, &msg) < 0)
		fail_msg("validate: %s", msg);
	return rtype_group.sync(&f->c, r, st);
}

static void put_group(struct fx *f, const char *text)
{
	const char *p = arena_strfmt(&f->a, "%s/etc/group", f->c.root);
	assert_int_equal(file_write_atomic(p, text, strlen(text), 0644), 0);
}

/* The commands run since the last call, one a line. */
static const char *cmds(struct fx *f)
{
	struct buf b = BUF_INIT;
	const char *p = arena_strfmt(&f->a, "%s/log", f->dir);
	file_read(&b, p);
	unlink(p);
	const char *s = arena_strdup(&f->a, b.ptr);
	buf_release(&b);
	return s;
}

static void test_group__created_with_gid_system_and_members(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	put_group(f, "root:x:0:\n");
	assert_int_equal(apply(f,
			       grp(f, "tg", "gid", "4601", "system", "true",
				   "members", "[u2 u1 u2]", NULL),
			       &st),
			 0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_int_equal(st.nevents, 1);
	assert_string_equal(st.events[0].property, "ensure");
	assert_string_equal(st.events[0].message, "created");
	const char *want = arena_strfmt(
		&f->a, "groupadd -P %s -g 4601 -r tg\ngpasswd -M u1,u2 tg\n",
		f->c.root);
	assert_string_equal(cmds(f), want);
}

static void test_group__gid_and_members_changed(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	put_group(f, "root:x:0:\ntg:x:4601:b,a\nother:x:5:\n");
	/* in sync: b,a sorted is a,b */
	assert_int_equal(apply(f,
			       grp(f, "tg", "gid", "4601", "members", "[a b]",
				   "auth_membership", "true", NULL),
			       &st),
			 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_string_equal(cmds(f), "");

	assert_int_equal(
		apply(f, grp(f, "tg", "gid", "4602", "members", "[c]", NULL),
		      &st),
		0);
	assert_int_equal(st.nevents, 2);
	assert_string_equal(st.events[0].message, "gid changed 4601 to 4602");
	/* auth_membership false: at least these */
	assert_string_equal(st.events[1].message,
			    "members changed 'b,a' to 'a,b,c'");
	const char *want = arena_strfmt(
		&f->a, "groupmod -P %s -g 4602 tg\ngpasswd -M a,b,c tg\n",
		f->c.root);
	assert_string_equal(cmds(f), want);

	assert_int_equal(apply(f,
			       grp(f, "tg", "members", "c", "auth_membership",
				   "true", NULL),
			       &st),
			 0);
	assert_string_equal(st.events[0].message,
			    "members changed 'b,a' to 'c'");
	assert_string_equal(cmds(f), "gpasswd -M c tg\n");
}

static void test_group__removed_and_noop(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	put_group(f, "tg:x:4601:\n");
	f->c.noop = true;
	assert_int_equal(apply(f, grp(f, "tg", "ensure", "absent", NULL), &st),
			 0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_string_equal(st.events[0].message, "removed");
	assert_string_equal(cmds(f), "");
	f->c.noop = false;
	assert_int_equal(apply(f, grp(f, "tg", "ensure", "absent", NULL), &st),
			 0);
	assert_string_equal(
		cmds(f), arena_strfmt(&f->a, "groupdel -P %s tg\n", f->c.root));
	/* already absent */
	assert_int_equal(
		apply(f, grp(f, "nope", "ensure", "absent", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_string_equal(cmds(f), "");
}

static void test_group__failed_command_reports_its_output(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	put_group(f, "");
	const char *s =
		"#!/bin/sh\necho \"groupadd: GID '7' already exists\" >&2\nexit 4\n";
	assert_int_equal(file_write_atomic(
				 arena_strfmt(&f->a, "%s/bin/groupadd", f->dir),
				 s, strlen(s), 0755),
			 0);
	assert_int_equal(apply(f, grp(f, "tg", "gid", "7", NULL), &st), -1);
	assert_int_equal(st.status, RS_FAILED);
	assert_non_null(
		strstr(st.error, "Could not create group tg: Execution of "));
	assert_non_null(strstr(st.error,
			       "returned 4: groupadd: GID '7' already exists"));
}

static void test_group__validation(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	assert_int_equal(
		rtype_group.validate(
			&f->c, grp(f, "g", "ensure", "sometimes", NULL), &msg),
		-1);
	assert_string_equal(
		msg,
		"Invalid value 'sometimes'. Valid values are present, absent");
	assert_int_equal(rtype_group.validate(
				 &f->c, grp(f, "g", "gid", "abc", NULL), &msg),
			 -1);
	assert_string_equal(msg, "Invalid GID abc");
	assert_int_equal(rtype_group.validate(&f->c, grp(f, "a:b", NULL), &msg),
			 -1);
	assert_string_equal(msg, "Invalid group name 'a:b'");
	assert_int_equal(rtype_group.validate(
				 &f->c,
				 grp(f, "g", "auth_membership", "maybe", NULL),
				 &msg),
			 -1);
	assert_int_equal(
		rtype_group.validate(&f->c, grp(f, "g", "colour", "red", NULL),
				     &msg),
		-1);
	assert_string_equal(msg, "no parameter named 'colour'");
	assert_int_equal(
		rtype_group.validate(&f->c,
				     grp(f, "g", "gid", "12", "members",
					 "[a b]", "forcelocal", "true", NULL),
				     &msg),
		0);
}

/* As root: a real group, created, changed and deleted with the real tools. */
static void test_group__real_group_as_root(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	if (geteuid() != 0 || (getenv("TEND_TEST_ROOT") &&
			       !strcmp(getenv("TEND_TEST_ROOT"), "0")))
		skip();
	setenv("PATH", arena_strfmt(&f->a, "%s:/usr/sbin:/sbin", f->old_path),
	       1);
	f->c.root = NULL;
	const char *del[] = {"groupdel", "tendtestug", NULL};
	proc_run(NULL, NULL, del, NULL);
	assert_int_equal(
		apply(f, grp(f, "tendtestug", "gid", "4681", NULL), &st), 0);
	struct group *g = getgrnam("tendtestug");
	int ok = g && g->gr_gid == 4681;
	if (ok) {
		apply(f, grp(f, "tendtestug", "gid", "4682", NULL), &st);
		ok = st.nevents == 1 &&
		     !strcmp(st.events[0].message, "gid changed 4681 to 4682");
		g = getgrnam("tendtestug");
		ok = ok && g && g->gr_gid == 4682;
	}
	if (ok) {
		apply(f, grp(f, "tendtestug", "members", "[root]", NULL), &st);
		ok = st.status == RS_CHANGED;
		g = getgrnam("tendtestug");
		ok = ok && g && g->gr_mem[0] && !strcmp(g->gr_mem[0], "root");
	}
	int rc = apply(f, grp(f, "tendtestug", "ensure", "absent", NULL), &st);
	proc_run(NULL, NULL, del, NULL);
	assert_true(ok);
	assert_int_equal(rc, 0);
	assert_null(getgrnam("tendtestug"));
}

int suite_group(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_group__created_with_gid_system_and_members, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_group__gid_and_members_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group__removed_and_noop,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_group__failed_command_reports_its_output, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_group__validation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_group__real_group_as_root,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("group", tests, NULL, NULL);
}
