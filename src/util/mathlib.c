/* SPDX-License-Identifier: MIT */
/* mathlib.c: the libm functions tend calls, with libm opened on first use */
#include "util/compat.h"
#include "util/lazylib.h"
#include <math.h>

/* See util/lazylib.h. Puppet's and ERB's arithmetic and the human-readable
 * facts need these; nothing else does. */
#define MATH_FUNCS(X)                                    \
	X(ceil, (double x), (x))                         \
	X(floor, (double x), (x))                        \
	X(fmod, (double x, double y), (x, y))            \
	X(log10, (double x), (x))                        \
	X(log2, (double x), (x))                         \
	X(pow, (double x, double y), (x, y))             \
	X(round, (double x), (x))                        \
	X(sqrt, (double x), (x))                         \
	X(trunc, (double x), (x))

enum {
#define ENUM(name, params, args) M_##name,
	MATH_FUNCS(ENUM)
#undef ENUM
	M__COUNT
};

static const char *const names[] = {
#define NAME(name, params, args) #name,
	MATH_FUNCS(NAME)
#undef NAME
	NULL
};

static void *fns[M__COUNT];
static struct lazylib libm = { .soname = "libm.so.6", .names = names, .fns = fns };

#define FORWARD(name, params, args)                        \
	double name params                                 \
	{                                                  \
		lazylib_need(&libm);                       \
		return ((double(*) params)fns[M_##name])args; \
	}
MATH_FUNCS(FORWARD)
#undef FORWARD
