/* SPDX-License-Identifier: MIT */
/* test_file_line.c: file_line edits files exactly as stdlib's provider (outputs from puppet apply) */
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

struct fcase {
	const char *before;   /* file content, NULL: no file */
	const char *params;   /* "k=v;k=v" */
	int status;           /* RS_* */
	const char *after;    /* expected content */
	const char *message;  /* event message or failure */
};

/* Each row checked against `puppet apply` with stdlib 8 on the same file. */
static const struct fcase cases[] = {
	{ "a\nfoo=1\nb\n", "line=foo=2;match=^foo=", RS_CHANGED, "a\nfoo=2\nb\n", "created" },
	{ "a\nb", "line=c", RS_CHANGED, "a\nb\nc\n", "created" },
	{ "x\na\ny\n", "line=new;after=^a$", RS_CHANGED, "x\na\nnew\ny\n", "created" },
	{ "k=1\nk=2\n", "line=k=3;match=^k=;multiple=true", RS_CHANGED, "k=3\nk=3\n", "created" },
	{ "k=1\nk=2\n", "line=k=3;match=^k=", RS_FAILED, "k=1\nk=2\n",
	  "matches pattern '^k='" },
	{ "a\nrm\nb", "line=rm;ensure=absent", RS_CHANGED, "a\nb", "removed" },
	{ "a\nx1\nx2\n", "match=^x;ensure=absent;match_for_absence=true;multiple=true",
	  RS_CHANGED, "a\n", "removed" },
	{ "a\n", "line=q;match=^zz;after=^a", RS_CHANGED, "a\nq\n", "created" },
	{ "a\n", "line=q;match=^zz;append_on_no_match=false", RS_UNCHANGED, "a\n", NULL },
	{ "k=1\n", "line=k=2;match=^k;replace=false", RS_UNCHANGED, "k=1\n", NULL },
	{ "a\nk=1\nk=2\nk=3\n",
	  "line=k=3;match=^k=;replace_all_matches_not_matching_line=true;multiple=true",
	  RS_CHANGED, "a\nk=3\nk=3\nk=3\n", "created" },
	{ "a\nfoo=2\nb\n", "line=foo=2;match=^foo=", RS_UNCHANGED, "a\nfoo=2\nb\n", NULL },
	{ "a\nb\n", "line=c;ensure=absent", RS_UNCHANGED, "a\nb\n", NULL },
	{ "a\nk=1\n", "line=k=2;after=^a;match=^k=", RS_CHANGED, "a\nk=2\n", "created" },
	{ NULL, "line=nofile", RS_FAILED, NULL, NULL },
};

static struct resource *make(struct arena *a, const char *path, const char *spec)
{
	struct resource *r = arena_alloc(a, sizeof(*r));
	r->type = "File_line";
	r->title = "t";
	r->params = val_hash(a, 4);
	val_hash_set_str(a, r->params, "path", val_strz(a, path));
	char *s = arena_strdup(a, spec);
	for (char *p = s; p && *p;) {
		char *semi = strchr(p, ';');
		if (semi)
			*semi = '\0';
		char *eq = strchr(p, '=');
		*eq = '\0';
		val_hash_set_str(a, r->params, p, val_strz(a, eq + 1));
		p = semi ? semi + 1 : NULL;
	}
	return r;
}

static void test_file_line__cases_match_puppet(void **state UNUSED)
{
	char dir[] = "/tmp/tend-fl-XXXXXX";
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct fcase *t = &cases[i];
		struct arena a;
		arena_init(&a);
		struct rtype_ctx c = { .arena = &a };
		const char *path = arena_strfmt(&a, "%s/f%zu", dir, i);
		if (t->before)
			assert_int_equal(file_write_atomic(path, t->before, strlen(t->before), 0640), 0);
		struct resource *r = make(&a, path, t->params);
		struct rstate st = { .res = r };
		const char *msg = NULL;
		if (rtype_file_line.validate(&c, r, &msg) < 0)
			fail_msg("case %zu: %s", i, msg);
		int rc = rtype_file_line.sync(&c, r, &st);
		if ((int)st.status != t->status)
			fail_msg("case %zu: status %d, error %s", i, st.status,
				 st.error ? st.error : "-");
		assert_int_equal(rc, t->status == RS_FAILED ? -1 : 0);
		if (t->message && t->status == RS_FAILED)
			assert_non_null(strstr(st.error, t->message));
		else if (t->message)
			assert_string_equal(st.events[0].message, t->message);
		if (t->after) {
			struct buf b = BUF_INIT;
			assert_int_equal(file_read(&b, path), 0);
			if (strcmp(b.ptr, t->after))
				fail_msg("case %zu: got '%s'", i, b.ptr);
			buf_release(&b);
			struct stat sb;
			assert_int_equal(stat(path, &sb), 0);
			assert_int_equal(sb.st_mode & 0777, 0640);
			unlink(path);
		}
		arena_release(&a);
	}
	assert_int_equal(rmdir(dir), 0);
}

static void test_file_line__noop_changes_nothing(void **state UNUSED)
{
	char dir[] = "/tmp/tend-fl-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a, .noop = true };
	const char *path = arena_strfmt(&a, "%s/f", dir);
	assert_int_equal(file_write_atomic(path, "a\n", 2, 0644), 0);
	struct resource *r = make(&a, path, "line=b");
	struct rstate st = { .res = r };
	assert_int_equal(rtype_file_line.sync(&c, r, &st), 0);
	assert_int_equal(st.status, RS_CHANGED);
	struct buf b = BUF_INIT;
	assert_int_equal(file_read(&b, path), 0);
	assert_string_equal(b.ptr, "a\n");
	buf_release(&b);
	/* a missing file is empty under noop, as in stdlib */
	r = make(&a, arena_strfmt(&a, "%s/missing", dir), "line=b");
	memset(&st, 0, sizeof(st));
	assert_int_equal(rtype_file_line.sync(&c, r, &st), 0);
	assert_int_equal(st.status, RS_CHANGED);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	arena_release(&a);
}

static void test_file_line__validation(void **state UNUSED)
{
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a };
	const char *msg;
	assert_int_equal(rtype_file_line.validate(&c, make(&a, "/x", "match=a"), &msg), -1);
	assert_string_equal(msg, "line is a required attribute");
	assert_int_equal(rtype_file_line.validate(&c, make(&a, "x", "line=a"), &msg), -1);
	assert_string_equal(msg, "File paths must be fully qualified, not 'x'");
	assert_int_equal(rtype_file_line.validate(&c, make(&a, "/x", "line=a;ensure=sometimes"), &msg), -1);
	assert_string_equal(msg, "Invalid value 'sometimes'. Valid values are present, absent");
	assert_int_equal(rtype_file_line.validate(&c, make(&a, "/x", "line=a;match=("), &msg), -1);
	assert_int_equal(rtype_file_line.validate(&c, make(&a, "/x", "line=a;multiple=maybe"), &msg), -1);
	assert_int_equal(rtype_file_line.validate(&c,
		make(&a, "/x", "line=a;replace_all_matches_not_matching_line=true;multiple=false"), &msg), -1);
	assert_string_equal(msg, "multiple must be true when replace_all_matches_not_matching_line is true");
	assert_int_equal(rtype_file_line.validate(&c,
		make(&a, "/x", "ensure=absent;match=a;match_for_absence=true"), &msg), 0);
	arena_release(&a);
}

int suite_file_line(void);
int suite_file_line(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_line__cases_match_puppet),
		cmocka_unit_test(test_file_line__noop_changes_nothing),
		cmocka_unit_test(test_file_line__validation),
	};
	return cmocka_run_group_tests_name("file_line", tests, NULL, NULL);
}
