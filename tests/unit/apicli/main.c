/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the local API client tests (build/tests/unit-apicli) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/apicli/ into one binary:
 * each test_<file>.c ends with `int suite_<file>(void)`, which runs its
 * cmocka group and returns the number of failures.
 */
int suite_apicli(void);

int main(void)
{
	int failed = 0;
	failed += suite_apicli();
	return failed ? 1 : 0;
}
