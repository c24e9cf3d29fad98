/* SPDX-License-Identifier: MIT */
/* main.c: runs the outputter unit tests (build/tests/unit-out) */
#include "util/compat.h"

/* Each test_<file>.c ends with suite_<file>(), see tests/unit/util/main.c. */
int suite_out(void);

int main(void)
{
	int failed = 0;
	failed += suite_out();
	return failed ? 1 : 0;
}
