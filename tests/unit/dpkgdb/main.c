/* SPDX-License-Identifier: MIT */
/* main.c: runs the dpkgdb unit tests (build/tests/unit-dpkgdb) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/dpkgdb/ into one binary:
 * each test_<file>.c ends with `int suite_<file>(void)`, which runs its
 * cmocka group and returns the number of failures.
 */
int suite_dpkgdb(void);

int main(void)
{
	int failed = 0;
	failed += suite_dpkgdb();
	return failed ? 1 : 0;
}
