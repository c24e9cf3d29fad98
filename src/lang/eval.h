/* SPDX-License-Identifier: MIT */
/* eval.h: compiling manifests into a catalog */
#ifndef EVAL_H
#define EVAL_H

#include <stdbool.h>

struct arena;
struct catalog;
struct diags;
struct value;
struct buf;

struct compile_opts {
	const char *certname;    /* node name; required */
	const char *manifest;    /* main manifest: a file or a directory */
	const char *code;        /* or: manifest source text (tend apply -e) */
	const char *modulepath;  /* colon-separated directories, or NULL */
	struct value *facts;     /* VAL_HASH of facts, or NULL */
	const char *environment; /* "production" when NULL */
};

/*
 * Compiles the node's catalog into `cat` (initialized here, allocated in
 * `a`). Diagnostics (errors and warnings, with locations) go to `d`.
 * Returns 0, or -1 when an error was recorded; the catalog must not be
 * used then.
 */
int eval_compile(struct catalog *cat, struct arena *a, struct diags *d,
		 const struct compile_opts *o);

/*
 * Renders an EPP template outside a compile (tend template render):
 * `params` is a VAL_HASH of template parameters or NULL.
 */
int eval_render_epp(struct buf *out, struct arena *a, struct diags *d,
		    const char *file, const char *src, size_t len,
		    struct value *params);

#endif
