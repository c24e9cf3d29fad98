/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the agent unit tests (build/tests/unit-agent) */
#include "util/compat.h"

/* Each test_<file>.c ends with `int suite_<file>(void)`; one line each. */
int suite_catjson(void);
int suite_graph(void);
int suite_run(void);

int main(void)
{
	int failed = 0;
	failed += suite_catjson();
	failed += suite_graph();
	failed += suite_run();
	return failed ? 1 : 0;
}
