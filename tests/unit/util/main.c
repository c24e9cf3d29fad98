/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the util unit tests (build/tests/unit-util) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/util/ into one binary, so the
 * test files have no main() of their own: each test_<file>.c ends with
 * `int suite_<file>(void)`, which runs its cmocka group and returns the
 * number of failures. A new test file adds one line below.
 */
int suite_arena(void);
int suite_buf(void);
int suite_hash(void);
int suite_mtrand(void);
int suite_proc(void);

int main(void)
{
	int failed = 0;
	failed += suite_arena();
	failed += suite_buf();
	failed += suite_hash();
	failed += suite_mtrand();
	failed += suite_proc();
	return failed ? 1 : 0;
}
