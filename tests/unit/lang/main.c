/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the lang unit tests (build/tests/unit-lang) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/lang/ into one binary, so
 * the test files have no main() of their own: each test_<file>.c ends with
 * `int suite_<file>(void)`, which runs its cmocka group and returns the
 * number of failures. A new test file adds one line below.
 */
int suite_parser(void);
int suite_fn(void);
int suite_types(void);
int suite_rubytype(void);

int main(void)
{
	int failed = 0;
	failed += suite_parser();
	failed += suite_fn();
	failed += suite_types();
	failed += suite_rubytype();
	return failed ? 1 : 0;
}
