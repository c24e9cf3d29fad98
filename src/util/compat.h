/* SPDX-License-Identifier: MIT */
/* compat.h: feature macros and common includes; every .c includes this first */
#ifndef COMPAT_H
#define COMPAT_H

#define _GNU_SOURCE 1
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <errno.h>

#define UNUSED __attribute__((unused))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))

/* BUG(): a broken internal invariant; prints where and aborts, even in release */
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)
NORETURN void bug_fl(const char *file, int line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

#include "util/banned.h"

#endif
