/* SPDX-License-Identifier: MIT */
/* main.c: runs the targeting unit tests (build/tests/unit-target) */
#include "util/compat.h"

/* Each test_<file>.c ends with suite_<file>(), see tests/unit/util/main.c. */
int suite_target(void);

int main(void)
{
	int failed = 0;
	failed += suite_target();
	return failed ? 1 : 0;
}
