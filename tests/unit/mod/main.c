/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the execution module unit tests (build/tests/unit-mod) */
#include "util/compat.h"

/* Each test_<file>.c ends with `int suite_<file>(void)`; one line each. */
int suite_mod(void);
int suite_mod_cmd(void);
int suite_mod_pkg(void);
int suite_mod_facts(void);
int suite_mod_custom(void);

int main(void)
{
	int failed = 0;
	failed += suite_mod();
	failed += suite_mod_cmd();
	failed += suite_mod_pkg();
	failed += suite_mod_facts();
	failed += suite_mod_custom();
	return failed ? 1 : 0;
}
