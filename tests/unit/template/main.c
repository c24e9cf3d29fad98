/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the template unit tests (build/tests/unit-template) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/template/ into one
 * binary: each test_<file>.c ends with `int suite_<file>(void)`, which runs
 * its cmocka group and returns the number of failures.
 */
int suite_erb(void);

int main(void)
{
	int failed = 0;
	failed += suite_erb();
	return failed ? 1 : 0;
}
