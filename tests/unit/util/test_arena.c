/* SPDX-License-Identifier: MIT */
/* test_arena.c: arena blocks are aligned, zeroed, disjoint, freed together */
#include "util/compat.h"
#include "util/arena.h"

#include <setjmp.h>
#include <stdalign.h>
#include <cmocka.h>

static int aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static void test_arena__alloc_is_aligned_and_zeroed(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	for (size_t size = 0; size < 300; size++) {
		unsigned char *p = arena_alloc(&a, size);
		assert_non_null(p);
		assert_true(aligned(p));
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xa5, size); /* ASan: the whole block is ours */
	}
	arena_release(&a);
}

/* blocks never overlap: fill each with its own byte, then check them all */
static void test_arena__blocks_are_disjoint(void **state UNUSED)
{
	struct arena a;
	unsigned char *blk[500];
	size_t len[500];

	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(blk); i++) {
		len[i] = (i * 131) % 700 + 1;
		blk[i] = arena_alloc(&a, len[i]);
		memset(blk[i], (int)(i & 0xff), len[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(blk); i++)
		for (size_t j = 0; j < len[i]; j++)
			assert_int_equal(blk[i][j], i & 0xff);
	assert_true(a.total >= 500);
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
}

/* blocks bigger than a chunk get their own; small ones keep working */
static void test_arena__big_blocks(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	size_t big = 1024 * 1024;

	/* a big block in an empty arena */
	unsigned char *first = arena_alloc(&a, big);
	assert_true(aligned(first));
	memset(first, 1, big);
	char *s = arena_strdup(&a, "small after big");
	unsigned char *second = arena_alloc(&a, 3 * big);
	assert_true(aligned(second));
	memset(second, 2, 3 * big);
	char *t = arena_strdup(&a, "small after two bigs");
	for (size_t i = 0; i < big; i += 4096)
		assert_int_equal(first[i], 1);
	assert_int_equal(first[big - 1], 1);
	assert_int_equal(second[3 * big - 1], 2);
	assert_string_equal(s, "small after big");
	assert_string_equal(t, "small after two bigs");
	/* many allocations past several chunks */
	for (int i = 0; i < 10000; i++)
		assert_non_null(arena_alloc(&a, 100));
	assert_string_equal(s, "small after big");
	arena_release(&a);
}

static void test_arena__strings(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	char *s = arena_strdup(&a, "node");
	assert_string_equal(s, "node");
	char *m = arena_memdupz(&a, "a\0bc", 4);
	assert_memory_equal(m, "a\0bc\0", 5);
	char *e = arena_strdup(&a, "");
	assert_string_equal(e, "");

	char *f = arena_strfmt(&a, "%s['%s'] %d", "File", "/etc/motd", 7);
	assert_string_equal(f, "File['/etc/motd'] 7");
	char big[3000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *g = arena_strfmt(&a, "<%s>", big);
	assert_int_equal(strlen(g), sizeof(big) + 1);
	assert_int_equal(g[0], '<');
	assert_int_equal(g[sizeof(big)], '>');
	assert_string_equal(s, "node");
	arena_release(&a);
}

static void test_arena__realloc_copies(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	int *v = arena_realloc(&a, NULL, 0, 4 * sizeof(int));
	for (int i = 0; i < 4; i++)
		v[i] = i + 1;
	int *w = arena_realloc(&a, v, 4 * sizeof(int), 100 * sizeof(int));
	assert_true(aligned(w));
	for (int i = 0; i < 4; i++)
		assert_int_equal(w[i], i + 1);
	for (int i = 4; i < 100; i++)
		assert_int_equal(w[i], 0);
	int *x = arena_realloc(&a, w, 100 * sizeof(int), 2 * sizeof(int));
	assert_int_equal(x[0], 1);
	assert_int_equal(x[1], 2);
	arena_release(&a);
}

static void test_arena__release_and_reuse(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	arena_release(&a); /* an unused arena */
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 2000; i++)
			arena_strfmt(&a, "resource %d", i);
		arena_release(&a);
		assert_null(a.head);
		assert_int_equal(a.used, 0);
	}
}

int suite_arena(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena__alloc_is_aligned_and_zeroed),
		cmocka_unit_test(test_arena__blocks_are_disjoint),
		cmocka_unit_test(test_arena__big_blocks),
		cmocka_unit_test(test_arena__strings),
		cmocka_unit_test(test_arena__realloc_copies),
		cmocka_unit_test(test_arena__release_and_reuse),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
