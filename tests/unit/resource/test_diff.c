/* SPDX-License-Identifier: MIT */
/* test_diff.c: unified diffs as diff -u prints them */
#include "util/compat.h"
#include "util/buf.h"
#include "util/diff.h"
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

static const char *run(struct buf *out, const char *a, const char *b)
{
	buf_reset(out);
	diff_unified(out, a, strlen(a), b, strlen(b), "a", "b");
	return out->ptr;
}

static void test_diff__identical_is_empty(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	assert_int_equal(diff_unified(&out, "x\ny\n", 4, "x\ny\n", 4, "a", "b"), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(diff_unified(&out, "", 0, "", 0, "a", "b"), 0);
	buf_release(&out);
}

static void test_diff__insertion(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	assert_string_equal(run(&out, "hello\n", "hello\nworld\n"),
			    "--- a\n+++ b\n@@ -1 +1,2 @@\n hello\n+world\n");
	assert_string_equal(run(&out, "", "new\n"),
			    "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
	buf_release(&out);
}

static void test_diff__deletion_with_context(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	assert_string_equal(run(&out, "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
				"1\n2\n3\n4\n6\n7\n8\n9\n"),
			    "--- a\n+++ b\n@@ -2,7 +2,6 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n");
	assert_string_equal(run(&out, "gone\n", ""),
			    "--- a\n+++ b\n@@ -1 +0,0 @@\n-gone\n");
	buf_release(&out);
}

static void test_diff__two_hunks_and_a_merge(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	const char *a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";
	const char *b = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nN\n";
	assert_string_equal(run(&out, a, b),
			    "--- a\n+++ b\n"
			    "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n"
			    "@@ -11,4 +11,4 @@\n k\n l\n m\n-n\n+N\n");
	/* 6 lines apart: one hunk, as diff -u */
	const char *c = "a\nb\nc\nd\ne\nf\ng\nh\n";
	const char *d = "A\nb\nc\nd\ne\nf\ng\nH\n";
	assert_string_equal(run(&out, c, d),
			    "--- a\n+++ b\n@@ -1,8 +1,8 @@\n-a\n+A\n b\n c\n d\n e\n f\n g\n-h\n+H\n");
	buf_release(&out);
}

static void test_diff__no_trailing_newline(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	assert_string_equal(run(&out, "x\ny", "x\ny\n"),
			    "--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n");
	assert_string_equal(run(&out, "x\n", "x\nz"),
			    "--- a\n+++ b\n@@ -1 +1,2 @@\n x\n+z\n\\ No newline at end of file\n");
	buf_release(&out);
}

/* The same output as diff(1) on a random-ish edit. */
static void test_diff__matches_diff_u(void **state UNUSED)
{
	struct buf a = BUF_INIT, b = BUF_INIT, out = BUF_INIT;
	for (int i = 0; i < 60; i++) {
		buf_addf(&a, "line %d\n", i);
		if (i % 7 == 3)
			buf_addf(&b, "changed %d\n", i);
		else if (i % 11 != 5)
			buf_addf(&b, "line %d\n", i);
		if (i % 13 == 0)
			buf_addf(&b, "inserted %d\n", i);
	}
	diff_unified(&out, a.ptr, a.len, b.ptr, b.len, "a", "b");
	char da[] = "/tmp/tend-diff-a-XXXXXX", db[] = "/tmp/tend-diff-b-XXXXXX";
	int fa = mkstemp(da), fb = mkstemp(db);
	assert_true(fa >= 0 && fb >= 0);
	assert_int_equal(write(fa, a.ptr, a.len), (ssize_t)a.len);
	assert_int_equal(write(fb, b.ptr, b.len), (ssize_t)b.len);
	close(fa);
	close(fb);
	struct buf cmd = BUF_INIT;
	buf_addf(&cmd, "diff -u --label a --label b %s %s", da, db);
	FILE *p = popen(cmd.ptr, "r");
	assert_non_null(p);
	struct buf expect = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&expect, chunk, n);
	pclose(p);
	unlink(da);
	unlink(db);
	assert_string_equal(out.ptr, expect.ptr);
	buf_release(&a);
	buf_release(&b);
	buf_release(&out);
	buf_release(&cmd);
	buf_release(&expect);
}

int suite_diff(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff__identical_is_empty),
		cmocka_unit_test(test_diff__insertion),
		cmocka_unit_test(test_diff__deletion_with_context),
		cmocka_unit_test(test_diff__two_hunks_and_a_merge),
		cmocka_unit_test(test_diff__no_trailing_newline),
		cmocka_unit_test(test_diff__matches_diff_u),
	};
	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
