/* SPDX-License-Identifier: MIT */
/* erb.h: ERB templates, an interpreter for the Ruby that Puppet templates use */
#ifndef ERB_H
#define ERB_H

#include <stddef.h>
#include "util/diag.h"

struct arena;
struct buf;
struct diags;
struct value;

/*
 * What a template sees of the Puppet compile that renders it.
 *
 * Variables: @x, a bare name that is neither a Ruby local nor a method
 * (Puppet 3 style, as in `<%= memcached_size %>`), scope['x'],
 * scope['::x'], scope.lookupvar('x') and has_variable?('x') all call
 * `lookup` with the name as written (a leading "::" is kept). It returns
 * the value, or NULL when the variable does not exist. Then @x is nil
 * (no error), a bare name is an error "undefined local variable or method
 * 'x'", has_variable? is false. A variable whose value is undef counts as
 * not set for has_variable? and defined?(@x), as in Puppet 7.
 *
 * Functions: scope.function_NAME([args]) and scope.call_function('name',
 * [args]) call `call`, which sets *out (never NULL on success) and returns
 * 0, or returns -1 after recording an error in `diags` itself. `call` may
 * be NULL: then every function call is an error.
 *
 * scope.setvar('x', v) calls `setvar` when it is set; otherwise the
 * variable is kept for the rest of this render only (lookups see it).
 *
 * Values handed to `call` and `setvar`, and values the template modifies
 * in place (`@list << x`, `@hash['k'] = v` change the Puppet variable, as
 * in Puppet), are ordinary Puppet values: Ruby symbols become strings,
 * and nothing the template builds is cyclic or nested deeper than 128.
 *
 * Limits (0 means the default): `max_steps` bounds loop iterations, block
 * calls and method calls (default 100 million); `max_bytes` bounds what
 * one render allocates in `arena` (default 1 GiB). Exceeding either is an
 * error, so that no template can hang or exhaust memory.
 */
struct erb_env {
	struct arena *arena;  /* values are allocated here */
	struct diags *diags;  /* errors and warnings, at template:line:col */
	struct value *(*lookup)(void *payload, const char *name);
	int (*call)(struct value **out, void *payload, const char *fn,
		    struct value **args, size_t nargs, struct srcloc loc);
	int (*setvar)(void *payload, const char *name, struct value *v,
		      struct srcloc loc); /* optional */
	void *payload;
	unsigned long max_steps; /* 0: default */
	size_t max_bytes;        /* 0: default */
};

/* A compiled template; it lives in the arena given to erb_compile. */
struct erb_template;

/*
 * Compiles `src` (len bytes; need not be NUL-terminated) with Puppet's
 * trim mode '-'. `file` names the template in diagnostics; it and `src`
 * are borrowed and must outlive the template (the source is registered
 * with `d` so that errors show the line). Everything else is allocated
 * in `a`. Returns NULL after recording errors in `d`.
 *
 * A compiled template holds no per-render state: it can be run any number
 * of times, one run at a time or concurrently.
 */
struct erb_template *erb_compile(struct arena *a, struct diags *d,
				 const char *file, const char *src,
				 size_t len);

/*
 * Runs `t`, appending the output to `out`. Returns 0, or -1 after
 * recording an error (with its location in the template) in env->diags;
 * what was appended to `out` must not be used then.
 */
int erb_run(struct buf *out, const struct erb_template *t,
	    struct erb_env *env);

/* erb_compile (in env->arena, errors in env->diags) + erb_run. */
int erb_render(struct buf *out, struct erb_env *env, const char *file,
	       const char *src, size_t len);

#endif
