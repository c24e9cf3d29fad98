/* SPDX-License-Identifier: MIT */
/* test_buf.c: struct buf keeps its invariants through every operation */
#include "util/compat.h"
#include "util/buf.h"

#include <setjmp.h>
#include <cmocka.h>

/* the invariants of util/buf.h, checked after every step */
static void check(const struct buf *b)
{
	assert_non_null(b->ptr);
	assert_int_equal(b->ptr[b->len], '\0');
	if (b->alloc)
		assert_true(b->len < b->alloc);
	else
		assert_int_equal(b->len, 0);
}

static void test_buf__init_is_empty_string(void **state UNUSED)
{
	struct buf a = BUF_INIT, b;
	check(&a);
	assert_string_equal(a.ptr, "");
	assert_int_equal(a.alloc, 0);
	buf_init(&b, 0);
	check(&b);
	assert_int_equal(b.alloc, 0);
	buf_init(&b, 100);
	check(&b);
	assert_true(b.alloc > 100);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	check(&b);
	/* releasing twice and releasing an empty buf are fine */
	buf_release(&b);
	buf_release(&a);
	check(&a);
}

static void test_buf__add_and_addstr(void **state UNUSED)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, "");
	check(&b);
	buf_addstr(&b, "hello");
	check(&b);
	buf_addch(&b, ' ');
	buf_add(&b, "world!!", 5);
	check(&b);
	assert_string_equal(b.ptr, "hello world");
	assert_int_equal(b.len, 11);
	buf_add(&b, NULL, 0);
	check(&b);
	buf_release(&b);
	check(&b);
	assert_int_equal(b.len, 0);
}

static void test_buf__holds_nul_bytes(void **state UNUSED)
{
	struct buf b = BUF_INIT;
	buf_add(&b, "a\0b", 3);
	buf_addch(&b, '\0');
	check(&b);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.ptr, "a\0b\0", 5);
	buf_release(&b);
}

static void test_buf__addf_grows(void **state UNUSED)
{
	struct buf b = BUF_INIT;
	char big[5000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';

	buf_addf(&b, "%s", "");
	check(&b);
	buf_addf(&b, "%d-%s", 42, "a");
	check(&b);
	assert_string_equal(b.ptr, "42-a");
	/* exactly filling, then overflowing, the current allocation */
	while (b.len + 1 < b.alloc)
		buf_addf(&b, "%c", 'y');
	check(&b);
	buf_addf(&b, "%s", "z");
	check(&b);
	size_t before = b.len;
	buf_addf(&b, "[%s]", big);
	check(&b);
	assert_int_equal(b.len, before + 2 + strlen(big));
	assert_int_equal(b.ptr[before], '[');
	assert_int_equal(b.ptr[b.len - 1], ']');
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%05d", i);
	check(&b);
	assert_memory_equal(b.ptr + b.len - 5, "00999", 5);
	buf_release(&b);
}

static void test_buf__reset_and_setlen(void **state UNUSED)
{
	struct buf b = BUF_INIT;
	buf_reset(&b); /* on the shared empty string: a no-op */
	check(&b);
	buf_setlen(&b, 0);
	check(&b);
	buf_addstr(&b, "abcdef");
	size_t alloc = b.alloc;
	buf_setlen(&b, 3);
	check(&b);
	assert_string_equal(b.ptr, "abc");
	buf_reset(&b);
	check(&b);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.alloc, alloc); /* memory kept */
	buf_release(&b);
}

static void test_buf__grow_keeps_content(void **state UNUSED)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, "keep");
	buf_grow(&b, 10000);
	check(&b);
	assert_true(b.alloc >= b.len + 10000 + 1);
	assert_string_equal(b.ptr, "keep");
	size_t alloc = b.alloc;
	buf_grow(&b, 10); /* already room: nothing moves */
	assert_int_equal(b.alloc, alloc);
	buf_release(&b);
}

static void test_buf__detach_transfers_ownership(void **state UNUSED)
{
	struct buf b = BUF_INIT;
	size_t len = 99;

	/* detaching an empty buf still gives a malloc'd "" */
	char *s = buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	check(&b);

	buf_addstr(&b, "owned");
	s = buf_detach(&b, &len);
	assert_string_equal(s, "owned");
	assert_int_equal(len, 5);
	/* the buf is back to BUF_INIT and usable */
	check(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	buf_addstr(&b, "again");
	assert_string_equal(b.ptr, "again");
	assert_true(b.ptr != s);
	free(s);
	s = buf_detach(&b, NULL);
	assert_string_equal(s, "again");
	free(s);
	check(&b);
}

int suite_buf(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf__init_is_empty_string),
		cmocka_unit_test(test_buf__add_and_addstr),
		cmocka_unit_test(test_buf__holds_nul_bytes),
		cmocka_unit_test(test_buf__addf_grows),
		cmocka_unit_test(test_buf__reset_and_setlen),
		cmocka_unit_test(test_buf__grow_keeps_content),
		cmocka_unit_test(test_buf__detach_transfers_ownership),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
