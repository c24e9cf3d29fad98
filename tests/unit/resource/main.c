/* SPDX-License-Identifier: MIT */
/* main.c: runs every suite of the resource unit tests (build/tests/unit-resource) */
#include "util/compat.h"

/*
 * The Makefile links every .c file of tests/unit/resource/ into one binary:
 * each test_<file>.c ends with `int suite_<file>(void)`, which runs its
 * cmocka group and returns the number of failures. A new test file adds
 * one line in each list below.
 */
int suite_notify(void);
int suite_host(void);
int suite_file_line(void);
int suite_ssh_authorized_key(void);
int suite_cron(void);
int suite_exec(void);
int suite_service(void);
int suite_package(void);
int suite_file(void);
int suite_diff(void);
int suite_filebucket(void);
int suite_group(void);
int suite_user(void);

int main(void)
{
	int failed = 0;
	failed += suite_notify();
	failed += suite_host();
	failed += suite_file_line();
	failed += suite_ssh_authorized_key();
	failed += suite_cron();
	failed += suite_exec();
	failed += suite_service();
	failed += suite_package();
	failed += suite_file();
	failed += suite_diff();
	failed += suite_filebucket();
	failed += suite_group();
	failed += suite_user();
	return failed ? 1 : 0;
}
