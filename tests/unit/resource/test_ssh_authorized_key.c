/* SPDX-License-Identifier: MIT */
/* test_ssh_authorized_key.c: key lines in an authorized_keys file, as sshkeys_core writes them */
#include "util/compat.h"
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fileio.h"

#include <setjmp.h>
#include <cmocka.h>

/* A key for the current user writing to `target`; "k=v;k=v", options "a|b". */
static struct resource *key(struct arena *a, const char *title,
			    const char *target, const char *spec)
{
	struct resource *r = arena_alloc(a, sizeof(*r));
	r->type = "Ssh_authorized_key";
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
		struct value *v;
		if (!strcmp(p, "options")) {
			v = val_array(a, 2);
			for (char *o = eq + 1; o;) {
				char *bar = strchr(o, '|');
				if (bar)
					*bar = '\0';
				val_array_push(a, v, val_strz(a, o));
				o = bar ? bar + 1 : NULL;
			}
		} else {
			v = val_strz(a, eq + 1);
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
	for (int i = 0; i < 3; i++) {
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
	if (rtype_ssh_authorized_key.validate(c, r, &msg) < 0)
		fail_msg("validate: %s", msg);
	if (rtype_ssh_authorized_key.sync(c, r, st) < 0)
		fail_msg("sync: %s", st->error);
}

static void test_ssh_authorized_key__lines_as_puppet(void **state UNUSED)
{
	char dir[] = "/tmp/tend-key-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a };
	const char *path = arena_strfmt(&a, "%s/.ssh/authorized_keys", dir);
	struct rstate st;

	run(&c, key(&a, "me@host", path, "type=ssh-rsa;key=AAAAB3Nza;options=from=\"1.2.3.4\"|no-pty"), &st);
	assert_string_equal(st.events[0].message, "created");
	run(&c, key(&a, "k2", path, "type=ssh-ed25519;key=AAAAC3"), &st);
	/* what puppet apply wrote for the same resources */
	assert_string_equal(body(&a, path),
			    "from=\"1.2.3.4\",no-pty ssh-rsa AAAAB3Nza me@host\n"
			    "ssh-ed25519 AAAAC3 k2\n");
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(arena_strfmt(&a, "%s/.ssh", dir), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	run(&c, key(&a, "me@host", path, "type=ssh-rsa;key=AAAAB3Nza;options=from=\"1.2.3.4\"|no-pty"), &st);
	assert_int_equal(st.status, RS_UNCHANGED);
	run(&c, key(&a, "me@host", path, "type=rsa;key=BBBB"), &st);
	assert_int_equal(st.nevents, 2);
	assert_string_equal(st.events[0].message, "key changed 'AAAAB3Nza' to 'BBBB'");
	assert_string_equal(st.events[1].message,
			    "options changed ['from=\"1.2.3.4\"', 'no-pty'] to absent");
	c.noop = true;
	run(&c, key(&a, "k2", path, "ensure=absent"), &st);
	assert_string_equal(st.events[0].message, "removed");
	c.noop = false;
	assert_string_equal(body(&a, path), "ssh-rsa BBBB me@host\nssh-ed25519 AAAAC3 k2\n");
	run(&c, key(&a, "k2", path, "ensure=absent"), &st);
	assert_string_equal(body(&a, path), "ssh-rsa BBBB me@host\n");

	unlink(path);
	rmdir(arena_strfmt(&a, "%s/.ssh", dir));
	assert_int_equal(rmdir(dir), 0);
	arena_release(&a);
}

static void test_ssh_authorized_key__validation(void **state UNUSED)
{
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a };
	const char *msg;
	assert_int_equal(rtype_ssh_authorized_key.validate(&c, key(&a, "k", "/x", "type=ssh-foo;key=A"), &msg), -1);
	assert_string_equal(msg, "Invalid value 'ssh-foo' for type");
	assert_int_equal(rtype_ssh_authorized_key.validate(&c, key(&a, "k", "/x", "type=rsa;key=A B"), &msg), -1);
	assert_string_equal(msg, "Key must not contain whitespace: A B");
	assert_int_equal(rtype_ssh_authorized_key.validate(&c, key(&a, "k", "/x", "type=rsa;key=A;options=a b"), &msg), -1);
	assert_int_equal(rtype_ssh_authorized_key.validate(&c, key(&a, "k", "/x", "type=rsa"), &msg), -1);
	assert_string_equal(msg, "Attribute 'key' is mandatory");
	arena_release(&a);
}

int suite_ssh_authorized_key(void);
int suite_ssh_authorized_key(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssh_authorized_key__lines_as_puppet),
		cmocka_unit_test(test_ssh_authorized_key__validation),
	};
	return cmocka_run_group_tests_name("ssh_authorized_key", tests, NULL, NULL);
}
