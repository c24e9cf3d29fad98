/* SPDX-License-Identifier: MIT */
/* fn_stdlib3.h: stdlib functions tend lacked (facts, networks, strings), 4.x argument checks, and stdlib's 3.x argument counts */
#ifndef FN_STDLIB3_H
#define FN_STDLIB3_H

#include <stdbool.h>
#include <stddef.h>
#include "lang/func.h"

struct arena;
struct type_env;
struct value;

/*
 * The functions of fn_stdlib3.c, a NULL-terminated table that func.c
 * consults before the older tables: an entry here also replaces a less
 * faithful one of the same name there.
 */
extern const struct fn_def fn_stdlib3_table[];

/* One parameter of a 4.x function's dispatch, as the .rb declares it. */
struct stdlib3_param {
	const char *name; /* "test_string" */
	const char *type; /* Puppet type as written: "Variant[String, Array]" */
	bool repeated;	  /* repeated_param: takes every remaining argument */
};

/*
 * Checks the arguments of call c against the parameters ps[0..n) the way
 * Puppet's dispatcher does (the evaluator has checked their number), and
 * reports Puppet's message: "'NAME' parameter 'p' expects a String value,
 * got Integer", or, for several mismatches, "'NAME' expects (String a,
 * Integer b)" followed by one "  rejected: ..." line each. Returns 0 when
 * every argument matches, else -1 after fn_error().
 */
int stdlib3_check(struct fn_call *c, const struct stdlib3_param *ps, size_t n);

/*
 * The type value for `src`, a type expression of built-in types only
 * (Name, Name[args] with types, integers, quoted strings and default), as
 * functions' signatures write them. Allocated in a.
 */
struct value *stdlib3_type(struct arena *a, const char *src);

/*
 * A type environment that resolves the type aliases of the compile
 * (Stdlib::Absolutepath...), for type_match() and friends. Needs a compile
 * (c->ctx); without one, aliases stay unresolved.
 */
void stdlib3_type_env(struct type_env *out, struct fn_call *c);

/* $facts[name] of the node, or NULL when there is no such fact. */
struct value *stdlib3_fact(struct fn_call *c, const char *name);

/* Records Puppet's message for a 3.x function called with the wrong
 * number of arguments: "NAME(): Wrong number of arguments given (N for
 * WANT)". Returns -1. */
int stdlib3_arity(struct fn_call *c, const char *want);

/*
 * The entry for `name` in the tables that precede ours in func.c (so an
 * entry of ours can wrap the older implementation it replaces), or NULL.
 */
const struct fn_def *stdlib3_older(const char *name);

#endif
