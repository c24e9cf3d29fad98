/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the transport tests (build/tests/unit-zmtp) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/zmtp/ into one binary:
 * each test_<file>.c ends with `int suite_<file>(void)`, which runs its
 * cmocka group and returns the number of failures.
 */
int suite_curve(void);

int main(void)
{
	int failed = 0;
	failed += suite_curve();
	return failed ? 1 : 0;
}
