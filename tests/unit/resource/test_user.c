/* SPDX-License-Identifier: MIT */
/* test_user.c: users read from etc/passwd, shadow and group, changed with useradd's commands */
#include "util/compat.h"
#include <pwd.h>
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
 * The state comes from <root>/etc/{passwd,shadow,group}; the commands are
 * fakes put first in PATH that log their arguments (and stdin, for
 * chpasswd), so the argv built is checked without root. The last test
 * changes the real machine, only as root, and removes what it made.
 */
struct fx {
	struct arena a;
	struct rtype_ctx c;
	char dir[64];
	char *old_path;
};

static const char *const tools[] = {
	"useradd",
	"usermod",
	"userdel",
	"chpasswd",
};

static void put(struct fx *f, const char *file, const char *text, int mode)
{
	const char *p = arena_strfmt(&f->a, "%s/%s", f->dir, file);
	assert_int_equal(file_write_atomic(p, text, strlen(text), mode), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	f->c.arena = &f->a;
	memcpy(f->dir, "/tmp/tend-user-XXXXXX",
	       sizeof("/tmp/tend-user-XXXXXX"));
	assert_non_null(mkdtemp(f->dir));
	f->c.root = arena_strfmt(&f->a, "%s/root", f->dir);
	static const char *const dirs[] = {"root", "root/etc", "root/bin",
					   "bin"};
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		assert_int_equal(
			mkdir(arena_strfmt(&f->a, "%s/%s", f->dir, dirs[i]),
			      0755),
			0);
	put(f, "root/bin/sh", "", 0755);
	put(f, "root/bin/bash", "", 0755);
	put(f, "root/bin/noexec", "", 0644);
	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		const char *s = arena_strfmt(
			&f->a,
			"#!/bin/sh\necho \"$(basename \"$0\") $*\" >>'%s/log'\n%s",
			f->dir,
			strcmp(tools[i], "chpasswd")
				? ""
				: arena_strfmt(&f->a, "cat >>'%s/log'\n",
					       f->dir));
		put(f, arena_strfmt(&f->a, "bin/%s", tools[i]), s, 0755);
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

/* A User resource with name/value pairs (NULL ends); "[a b]" is an array. */
static struct resource *usr(struct fx *f, const char *title, ...)
{
	struct resource *r = arena_alloc(&f->a, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->type = "User";
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
	if (rtype_user.validate(&f->c, r, &msg) < 0)
		fail_msg("validate: %s", msg);
	return rtype_user.sync(&f->c, r, st);
}

/* The commands run since the last call, with the root prefix shown as R. */
static const char *cmds(struct fx *f)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	const char *p = arena_strfmt(&f->a, "%s/log", f->dir);
	file_read(&b, p);
	unlink(p);
	size_t rl = strlen(f->c.root);
	for (size_t i = 0; i < b.len;) {
		if (!strncmp(b.ptr + i, f->c.root, rl)) {
			buf_addch(&out, 'R');
			i += rl;
		} else {
			buf_addch(&out, b.ptr[i++]);
		}
	}
	const char *s = arena_strdup(&f->a, out.ptr);
	buf_release(&b);
	buf_release(&out);
	return s;
}

static void etc(struct fx *f)
{
	put(f, "root/etc/passwd",
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "tu:x:4601:4601:A b:/home/tu:/bin/sh\n",
	    0644);
	put(f, "root/etc/shadow",
	    "root:*:19000:0:99999:7:::\n"
	    "tu:$6$abc$def:20780:0:99999:7::21916:\n",
	    0600);
	put(f, "root/etc/group",
	    "root:x:0:\ntu:x:4601:\ng1:x:4610:tu,other\ng2:x:4611:\n"
	    "g0:x:4609:other,tu\n",
	    0644);
}

static void test_user__created_with_puppets_flags(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	etc(f);
	/* a group named like the user exists: -g NAME, as Puppet adds */
	assert_int_equal(
		apply(f,
		      usr(f, "g2", "uid", "4620", "shell", "/bin/bash",
			  "comment", "Full Name", "home", "/home/g2", "groups",
			  "[g1 g0 g1]", "expiry", "2030-01-02", "password",
			  "$6$x$y", "managehome", "true", "system", "true",
			  NULL),
		      &st),
		0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_int_equal(st.nevents, 1);
	assert_string_equal(st.events[0].message, "created");
	assert_string_equal(
		cmds(f),
		"useradd -P R -g g2 -c Full Name -e 2030-01-02 -G g0,g1 -d /home/g2 "
		"-s /bin/bash -u 4620 -m -r g2\n"
		"chpasswd -e\ng2:$6$x$y\n");

	assert_int_equal(apply(f, usr(f, "new", "gid", "4601", NULL), &st), 0);
	assert_string_equal(cmds(f), "useradd -P R -g 4601 -M new\n");

	/* ensure unset and no property: Puppet leaves the user alone */
	assert_int_equal(apply(f, usr(f, "new", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_string_equal(cmds(f), "");
}

static void test_user__every_property_changed_in_puppets_order(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	etc(f);
	assert_int_equal(
		apply(f,
		      usr(f, "tu", "uid", "4602", "gid", "g2", "shell",
			  "/bin/bash", "comment", "C d", "home", "/home/tu2",
			  "groups", "[g2]", "membership", "inclusive",
			  "password", "$6$xyz$def", "expiry", "absent", NULL),
		      &st),
		0);
	assert_int_equal(st.nevents, 8);
	const char *const want[] = {
		"home changed '/home/tu' to '/home/tu2'",
		"uid changed 4601 to 4602",
		"gid changed 4601 to 'g2'",
		"comment changed 'A b' to 'C d'",
		"shell changed '/bin/sh' to '/bin/bash'",
		"changed [redacted] to [redacted]",
		"groups changed g1,g0 to ['g2']",
		"undefined 'expiry' from '2030-01-02'",
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(st.events[i].message, want[i]);
	assert_string_equal(st.events[5].previous, "[redacted]");
	assert_string_equal(cmds(f), "usermod -P R -d /home/tu2 tu\n"
				     "usermod -P R -u 4602 tu\n"
				     "usermod -P R -g 4611 tu\n"
				     "usermod -P R -c C d tu\n"
				     "usermod -P R -s /bin/bash tu\n"
				     "chpasswd -e\ntu:$6$xyz$def\n"
				     "usermod -P R -G g2 tu\n"
				     "usermod -P R -e  tu\n");
}

static void test_user__in_sync_and_minimum_membership(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	etc(f);
	assert_int_equal(apply(f,
			       usr(f, "tu", "uid", "4601", "gid", "tu", "shell",
				   "/bin/sh", "comment", "A b", "groups",
				   "[g0]", "password", "$6$abc$def", "expiry",
				   "2030-01-02", NULL),
			       &st),
			 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_string_equal(cmds(f), "");

	assert_int_equal(apply(f,
			       usr(f, "tu", "groups", "[g2]", "expiry",
				   "2031-01-02", NULL),
			       &st),
			 0);
	assert_int_equal(st.nevents, 2);
	assert_string_equal(st.events[0].message,
			    "groups changed g1,g0 to ['g0', 'g1', 'g2']");
	assert_string_equal(st.events[1].message,
			    "expiry changed '2030-01-02' to '2031-01-02'");
	assert_string_equal(cmds(f), "usermod -P R -G g0,g1,g2 tu\n"
				     "usermod -P R -e 2031-01-02 tu\n");
}

static void test_user__noop_and_removal(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	etc(f);
	f->c.noop = true;
	assert_int_equal(
		apply(f, usr(f, "tu", "uid", "1", "gid", "nosuch", NULL), &st),
		0);
	assert_int_equal(st.nevents, 2);
	assert_string_equal(st.events[1].message,
			    "gid changed 4601 to 'nosuch'");
	assert_int_equal(apply(f, usr(f, "tu", "ensure", "absent", NULL), &st),
			 0);
	assert_string_equal(st.events[0].message, "removed");
	assert_string_equal(cmds(f), "");
	f->c.noop = false;
	assert_int_equal(apply(f, usr(f, "tu", "gid", "nosuch", NULL), &st),
			 -1);
	assert_string_equal(st.error, "Could not find group(s) nosuch");
	assert_int_equal(
		apply(f, usr(f, "tu", "shell", "/bin/noexec", NULL), &st), -1);
	assert_string_equal(st.error, "Shell /bin/noexec must be executable");
	assert_int_equal(apply(f,
			       usr(f, "tu", "ensure", "absent", "managehome",
				   "true", NULL),
			       &st),
			 0);
	assert_string_equal(cmds(f), "userdel -P R -r tu\n");
	assert_int_equal(
		apply(f, usr(f, "nobody2", "ensure", "absent", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
}

static void test_user__validation(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	struct {
		const char *k, *v, *msg;
	} bad[] = {
		{"ensure", "sometimes",
		 "Invalid value 'sometimes'. Valid values are present, absent, role"},
		{"uid", "abc", "Invalid UID abc"},
		{"gid", "a:b", "Invalid GID a:b"},
		{"groups", "[a 12]",
		 "Group names must be provided, not GID numbers."},
		{"groups", "a,b",
		 "Group names must be provided as an array, not a comma-separated list."},
		{"membership", "some",
		 "Invalid value 'some'. Valid values are inclusive, minimum"},
		{"password", "a:b", "Passwords cannot include ':'"},
		{"expiry", "2030-1-2",
		 "Expiry dates must be YYYY-MM-DD or the string \"absent\""},
		{"comment", "a\nb", "comment cannot include ':' or a newline"},
		{"managehome", "perhaps",
		 "Invalid value for 'managehome': expected true or false"},
		{"colour", "red", "no parameter named 'colour'"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(rtype_user.validate(
					 &f->c,
					 usr(f, "u", bad[i].k, bad[i].v, NULL),
					 &msg),
				 -1);
		assert_string_equal(msg, bad[i].msg);
	}
	assert_int_equal(rtype_user.validate(&f->c, usr(f, "a b", NULL), &msg),
			 -1);
	assert_string_equal(msg, "Invalid user name 'a b'");
	assert_int_equal(
		rtype_user.validate(&f->c,
				    usr(f, "u", "gid", "staff", "uid", "12",
					"expiry", "absent", "purge_ssh_keys",
					"true", "groups", "[]", NULL),
				    &msg),
		0);
}

struct reqs {
	struct buf b;
};

static void add_req(const char *type, const char *title, void *payload)
{
	struct reqs *r = payload;
	buf_addf(&r->b, "%s[%s] ", type, title);
}

static void test_user__autorequires_its_groups(void **state)
{
	struct fx *f = *state;
	struct reqs r = {BUF_INIT};
	rtype_user.autorequire(
		&f->c, usr(f, "u", "gid", "staff", "groups", "[g1 g2]", NULL),
		add_req, &r);
	assert_string_equal(r.b.ptr, "Group[staff] Group[g1] Group[g2] ");
	buf_reset(&r.b);
	rtype_user.autorequire(&f->c, usr(f, "u", "gid", "100", NULL), add_req,
			       &r);
	assert_string_equal(r.b.ptr, "");
	buf_release(&r.b);
}

static int run_quiet(const char *a0, const char *a1, const char *a2)
{
	const char *argv[] = {a0, a1, a2, NULL};
	return proc_run(NULL, NULL, argv, NULL);
}

/* As root: a real user, created, changed and deleted with the real tools. */
static void test_user__real_user_as_root(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	if (geteuid() != 0 || (getenv("TEND_TEST_ROOT") &&
			       !strcmp(getenv("TEND_TEST_ROOT"), "0")))
		skip();
	setenv("PATH", arena_strfmt(&f->a, "%s:/usr/sbin:/sbin", f->old_path),
	       1);
	f->c.root = NULL;
	run_quiet("userdel", "tendtestuu", NULL);
	run_quiet("groupdel", "tendtestuu", NULL);
	int ok = apply(f,
		       usr(f, "tendtestuu", "uid", "4691", "shell", "/bin/sh",
			   "comment", "first", NULL),
		       &st) == 0;
	struct passwd *pw = getpwnam("tendtestuu");
	ok = ok && pw && pw->pw_uid == 4691 && !strcmp(pw->pw_shell, "/bin/sh");
	if (ok) {
		ok = apply(f,
			   usr(f, "tendtestuu", "uid", "4692", "shell",
			       "/bin/bash", "comment", "second", "groups",
			       "[root]", "password", "$6$salt$hash", NULL),
			   &st) == 0 &&
		     st.nevents == 5;
		pw = getpwnam("tendtestuu");
		ok = ok && pw && pw->pw_uid == 4692 &&
		     !strcmp(pw->pw_shell, "/bin/bash") &&
		     !strcmp(pw->pw_gecos, "second");
	}
	if (ok) {
		/* now in sync */
		ok = apply(f,
			   usr(f, "tendtestuu", "uid", "4692", "groups",
			       "[root]", "password", "$6$salt$hash", NULL),
			   &st) == 0 &&
		     st.status == RS_UNCHANGED;
	}
	int rc = apply(f, usr(f, "tendtestuu", "ensure", "absent", NULL), &st);
	run_quiet("userdel", "tendtestuu", NULL);
	run_quiet("groupdel", "tendtestuu", NULL);
	assert_true(ok);
	assert_int_equal(rc, 0);
	assert_null(getpwnam("tendtestuu"));
}

int suite_user(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_user__created_with_puppets_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_user__every_property_changed_in_puppets_order,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_user__in_sync_and_minimum_membership, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_user__noop_and_removal,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_user__validation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_user__autorequires_its_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user__real_user_as_root,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("user", tests, NULL, NULL);
}
