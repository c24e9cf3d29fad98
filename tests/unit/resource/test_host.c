/* SPDX-License-Identifier: MIT */
/* test_host.c: host entries in a hosts file, written as Puppet's host_core does */
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

struct fx {
	struct arena a;
	struct rtype_ctx c;
	char dir[64];
	const char *hosts;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	f->c.arena = &f->a;
	memcpy(f->dir, "/tmp/tend-host-XXXXXX", sizeof("/tmp/tend-host-XXXXXX"));
	assert_non_null(mkdtemp(f->dir));
	f->hosts = arena_strfmt(&f->a, "%s/hosts", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	unlink(f->hosts);
	rmdir(f->dir);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* A Host resource with target => f->hosts and name/value pairs (NULL ends). */
static struct resource *host(struct fx *f, const char *title, ...)
{
	struct resource *r = arena_alloc(&f->a, sizeof(*r));
	r->type = "Host";
	r->title = title;
	r->params = val_hash(&f->a, 4);
	val_hash_set_str(&f->a, r->params, "target", val_strz(&f->a, f->hosts));
	va_list ap;
	va_start(ap, title);
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		struct value *val;
		if (*v == '[') { /* "[a b]" is an array of words */
			val = val_array(&f->a, 2);
			char *s = arena_memdupz(&f->a, v + 1, strlen(v) - 2);
			for (char *p = s; *p;) {
				char *e = strchr(p, ' ');
				size_t n = e ? (size_t)(e - p) : strlen(p);
				val_array_push(&f->a, val, val_str(&f->a, p, n));
				p += n + (e != NULL);
			}
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
	if (rtype_host.validate(&f->c, r, &msg) < 0)
		fail_msg("validate: %s", msg);
	return rtype_host.sync(&f->c, r, st);
}

/* The file without Puppet's header (its first line carries the time). */
static const char *body(struct fx *f)
{
	struct buf b = BUF_INIT;
	assert_int_equal(file_read(&b, f->hosts), 0);
	const char *p = b.ptr;
	for (int i = 0; i < 3; i++) {
		assert_true(!strncmp(p, "# HEADER: ", 10));
		p = strchr(p, '\n') + 1;
	}
	const char *s = arena_strdup(&f->a, p);
	buf_release(&b);
	return s;
}

static void put(struct fx *f, const char *text)
{
	assert_int_equal(file_write_atomic(f->hosts, text, strlen(text), 0644), 0);
}

static void test_host__created_changed_removed_as_puppet(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	put(f, "127.0.0.1\tlocalhost\n# a comment\n\n10.0.0.1 old.example  o1 o2 # hi\n");

	assert_int_equal(apply(f, host(f, "new.example", "ip", "1.2.3.4",
				       "host_aliases", "[n1 n2]", "comment", "c c", NULL), &st), 0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_string_equal(st.events[0].message, "created");
	assert_int_equal(apply(f, host(f, "old.example", "ip", "10.0.0.2", NULL), &st), 0);
	assert_string_equal(st.events[0].message, "ip changed '10.0.0.1' to '10.0.0.2'");
	/* what puppet apply wrote for the same two resources */
	assert_string_equal(body(f), "127.0.0.1\tlocalhost\n# a comment\n\n"
			    "10.0.0.2\told.example\to1 o2\t# hi\n"
			    "1.2.3.4\tnew.example\tn1 n2\t# c c\n");

	/* in sync: nothing to do */
	assert_int_equal(apply(f, host(f, "new.example", "ip", "1.2.3.4",
				       "host_aliases", "[n1 n2]", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_int_equal(st.nevents, 0);

	assert_int_equal(apply(f, host(f, "new.example", "ip", "1.2.3.5",
				       "host_aliases", "n3", "comment", "", NULL), &st), 0);
	assert_int_equal(st.nevents, 3);
	assert_string_equal(st.events[0].message, "ip changed '1.2.3.4' to '1.2.3.5'");
	assert_string_equal(st.events[1].message, "host_aliases changed n1 n2 to 'n3'");
	assert_string_equal(st.events[2].message, "comment changed 'c c' to ''");
	assert_int_equal(apply(f, host(f, "old.example", "ensure", "absent", NULL), &st), 0);
	assert_string_equal(st.events[0].message, "removed");
	assert_string_equal(body(f), "127.0.0.1\tlocalhost\n# a comment\n\n"
			    "1.2.3.5\tnew.example\tn3\n");
}

static void test_host__new_file_and_noop(void **state)
{
	struct fx *f = *state;
	struct rstate st;
	f->c.noop = true;
	assert_int_equal(apply(f, host(f, "x.example", "ip", "1.1.1.1", NULL), &st), 0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_int_equal(access(f->hosts, F_OK), -1);
	f->c.noop = false;
	assert_int_equal(apply(f, host(f, "x.example", "ip", "1.1.1.1", NULL), &st), 0);
	assert_string_equal(body(f), "1.1.1.1\tx.example\n");
	/* absent and already gone */
	assert_int_equal(apply(f, host(f, "y.example", "ensure", "absent", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
}

static void test_host__validation(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	assert_int_equal(rtype_host.validate(&f->c, host(f, "a.example", NULL), &msg), -1);
	assert_string_equal(msg, "ip is a required attribute for hosts");
	assert_int_equal(rtype_host.validate(&f->c, host(f, "a.example", "ip", "1.2.3.256", NULL), &msg), -1);
	assert_string_equal(msg, "Invalid IP address \"1.2.3.256\"");
	assert_int_equal(rtype_host.validate(&f->c, host(f, "a.example", "ip", "::1", "ensure", "sometimes", NULL), &msg), -1);
	assert_string_equal(msg, "Invalid value 'sometimes'. Valid values are present, absent");
	assert_int_equal(rtype_host.validate(&f->c, host(f, "bad name", "ip", "::1", NULL), &msg), -1);
	assert_string_equal(msg, "Invalid host name");
	assert_int_equal(rtype_host.validate(&f->c, host(f, "a", "ip", "fe80::1%eth0", "host_aliases", "a b", NULL), &msg), -1);
	assert_string_equal(msg, "Host aliases cannot include whitespace");
	assert_int_equal(rtype_host.validate(&f->c, host(f, "a", "ip", "1.2.3.4", "colour", "x", NULL), &msg), -1);
	assert_string_equal(msg, "no parameter named 'colour'");
	assert_int_equal(rtype_host.validate(&f->c, host(f, "a", "ensure", "absent", NULL), &msg), 0);
}

int suite_host(void);
int suite_host(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_host__created_changed_removed_as_puppet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host__new_file_and_noop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host__validation, setup, teardown),
	};
	return cmocka_run_group_tests_name("host", tests, NULL, NULL);
}
