/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the store unit tests (build/tests/unit-store) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/store/ into one binary, so
 * the test files have no main() of their own: each test_<file>.c ends with
 * `int suite_<file>(void)`, which runs its cmocka group and returns the
 * number of failures. A new test file adds one line below.
 */
int suite_store(void);

int main(void)
{
	int failed = 0;
	failed += suite_store();
	return failed ? 1 : 0;
}
