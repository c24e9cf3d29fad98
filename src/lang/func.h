/* SPDX-License-Identifier: MIT */
/* func.h: the table of native Puppet functions and how they are called */
#ifndef FUNC_H
#define FUNC_H

#include <stddef.h>
#include "util/diag.h"

struct arena;
struct ast;
struct value;
struct eval_ctx;

/* One call of a function, as the evaluator hands it over. */
struct fn_call {
	struct eval_ctx *ctx;     /* evaluator state; NULL outside a compile */
	struct arena *arena;      /* the compile arena: allocate results here */
	struct srcloc loc;        /* where the call is, for diagnostics */
	const char *name;         /* the function name as called */
	struct value **args;      /* evaluated arguments */
	size_t nargs;
	const struct ast *lambda; /* AST_LAMBDA given with the call, or NULL */
};

/*
 * A native function: sets *out (never NULL on success; use val_undef())
 * and returns 0, or reports with fn_error() and returns -1.
 */
typedef int (*fn_impl_fn)(struct value **out, struct fn_call *call);

#define FN_ANY (-1)

struct fn_def {
	const char *name;
	fn_impl_fn impl;
	int min_args;
	int max_args;    /* FN_ANY: no limit */
	unsigned flags;
};

#define FN_LAMBDA 1u     /* requires a lambda */
#define FN_LAMBDA_OPT 2u /* accepts a lambda */

/* The native function called `name` (a leading "::" is ignored), or NULL. */
const struct fn_def *fn_lookup(const char *name);

/* Records "error: msg" at the call's location; returns -1. */
int fn_error(struct fn_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Records a warning at the call's location (outside a compile: passes
 * it to fn_warn_hook when set, else logs it). */
void fn_warn(struct fn_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
extern void (*fn_warn_hook)(struct fn_call *c, const char *msg);
/*
 * Calls the lambda of `c` with `args` (implemented by the evaluator).
 * Returns -1 after an error has been recorded.
 */
int fn_call_lambda(struct value **out, struct fn_call *c,
		   struct value **args, size_t nargs);
/*
 * Outside a compile (ctx == NULL) a lambda cannot be evaluated; when this
 * hook is set, fn_call_lambda() runs it instead. It lets C code (and the
 * unit tests) drive iteration functions with a C callback.
 */
extern int (*fn_lambda_hook)(struct value **out, struct fn_call *c,
			     struct value **args, size_t nargs);
/* Number of parameters the lambda declares (for each: |v| vs |k, v|). */
size_t fn_lambda_arity(const struct fn_call *c);

/* Tables, each a NULL-terminated array, merged by fn_lookup. */
extern const struct fn_def fn_core_table[];   /* fn_core.c: needs the evaluator */
extern const struct fn_def fn_string_table[]; /* fn_string.c */
extern const struct fn_def fn_coll_table[];   /* fn_coll.c: arrays, hashes, iteration */
extern const struct fn_def fn_stdlib_table[]; /* fn_stdlib.c: validate_*, is_*, … */
extern const struct fn_def fn_stdlib2_table[]; /* fn_stdlib2.c */
extern const struct fn_def fn_module_table[];  /* fn_module.c: modules' Ruby functions */

#endif
