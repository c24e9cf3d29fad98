/* SPDX-License-Identifier: MIT */
/* eval-internal.h: evaluator state shared by eval.c, compile.c, scope.c, fn_core.c */
#ifndef EVAL_INTERNAL_H
#define EVAL_INTERNAL_H

#include "util/arena.h"
#include "lang/ast.h"
#include "lang/eval.h"
#include "lang/value.h"
#include "catalog/catalog.h"
#include "util/buf.h"
#include "util/strmap.h"

struct var {
	const char *name;
	struct value *v;
	struct srcloc loc;
	struct var *next;
};

struct res_default {
	const char *type;     /* capitalized type name */
	struct value *params; /* evaluated attributes */
	struct res_default *next;
};

/*
 * Scopes. Variables are looked up lexically through `parent` (local →
 * class → inherited class → node → top). Resource defaults are looked up
 * dynamically: through `parent` up to the class/define scope, then through
 * `dyn`, the scope that declared the class or define.
 */
struct scope {
	struct scope *parent;
	struct scope *dyn;
	struct strmap vars;          /* name → struct var */
	struct res_default *defaults;
	const char *name;            /* class/define name; "" at top */
	const char *module;          /* $module_name */
	struct resource *resource;   /* Class/Node/define instance evaluated here */
	struct value *captures;      /* $0..$n of the last match, or NULL */
	bool is_local;               /* lambda, EPP or function body */
};

struct class_def {
	const char *name;            /* lowercase, no leading :: */
	const struct ast *ast;       /* AST_CLASS or AST_DEFINE */
};

struct relation {
	const struct ast *node;
	struct scope *scope;
	struct value *left, *right;  /* arrays of references */
	const struct ast *lcoll, *rcoll; /* collectors, resolved at the end */
	struct scope *lscope, *rscope;
	enum ast_op op;
	struct relation *next;
};

struct collector {
	const struct ast *node;
	struct scope *scope;
	const char *type;
	struct value *overrides;     /* evaluated override attributes, or NULL */
	struct collector *next;
};

struct override {
	const struct ast *node;
	struct value *refs;          /* array of references */
	struct value *params;
	struct value *append;        /* names set with +> */
	struct override *next;
};

struct eval_ctx {
	struct arena *arena;
	struct arena ast_arena;      /* nodes of the syntax trees the loader
					parsed: freed when the compile ends
					(the catalog keeps no node) */
	struct diags *diags;
	struct catalog *cat;
	const struct compile_opts *opts;
	struct scope *top;
	struct scope *node_scope;
	struct strmap classes;       /* name → struct class_def (classes) */
	struct strmap defines;       /* name → struct class_def (defines) */
	struct strmap functions;     /* name → AST_FUNCTION */
	struct strmap aliases;       /* Name → AST_TYPE_ALIAS */
	struct strmap class_scopes;  /* evaluated class name → struct scope */
	struct strmap files;         /* loaded file path → "1" */
	struct strmap templates;     /* template path → compiled template */
	struct strmap warned;        /* warnings given once */
	struct strmap literals;      /* short literal text → its string value
					(values are immutable: one is shared by
					every `ensure => file`) */
	const struct ast **nodes;    /* node definitions */
	size_t nnodes, nodes_alloc;
	const char **modpath;        /* modulepath directories */
	size_t nmodpath;
	struct resource *main_class, *main_stage;
	struct relation *relations, **relations_tail;
	struct collector *collectors;
	struct override *overrides, **overrides_tail;
	struct scope *call_scope;    /* scope of the function call being run */
	struct buf *epp_out;         /* output of the EPP template being run */
	struct value *ret;           /* value of return()/next() */
	int depth;                   /* recursion guard */
	struct resource **pending;   /* define instances not yet evaluated */
	size_t npending, pending_alloc, pending_done;
};

#define EVAL_MAX_DEPTH 200
/* Non-local exits, passed up as return codes (never reach users). */
#define EVAL_NEXT (-20)
#define EVAL_BREAK (-21)
#define EVAL_RETURN (-22)

/* eval.c */
int eval_expr(struct value **out, struct eval_ctx *e, struct scope *s,
	      const struct ast *n);
int eval_block(struct value **out, struct eval_ctx *e, struct scope *s,
	       const struct ast *n);
int eval_error(struct eval_ctx *e, const struct ast *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int eval_error_at(struct eval_ctx *e, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void eval_warn(struct eval_ctx *e, struct srcloc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int eval_call_function(struct value **out, struct eval_ctx *e,
		       struct scope *s, const char *name, struct value **args,
		       size_t nargs, const struct ast *lambda,
		       struct srcloc loc);
/* 0 when v matches type; else an error "<subject> expects ..." whose
 * subject is printf-formatted (only then). */
int eval_type_check(struct eval_ctx *e, struct srcloc loc,
		    struct value *type, struct value *v, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
struct value *eval_ref(struct eval_ctx *e, const char *type, const char *title);
int eval_regex_match(struct eval_ctx *e, struct scope *s, struct srcloc loc,
		     struct value *re, const struct value *str);

/* scope.c */
struct scope *scope_new(struct eval_ctx *e, struct scope *parent,
			struct scope *dyn, const char *name);
int scope_set(struct eval_ctx *e, struct scope *s, const char *name,
	      struct value *v, struct srcloc loc);
/* Looks up $name as written; warns and returns undef when unknown. */
struct value *scope_lookup(struct eval_ctx *e, struct scope *s,
			   const char *name, struct srcloc loc, bool warn);
/* NULL when not found; no warning. */
struct value *scope_find(struct eval_ctx *e, struct scope *s, const char *name);

/* compile.c */
/* A fresh context for one compile (or one template render), in arena a. */
void compile_ctx_init(struct eval_ctx *e, struct catalog *cat,
		      struct arena *a, struct diags *d,
		      const struct compile_opts *o);
/* Frees the syntax trees of the context's manifests. */
void compile_ctx_release(struct eval_ctx *e);
int compile_resource(struct value **out, struct eval_ctx *e, struct scope *s,
		     const struct ast *n);
int compile_defaults(struct eval_ctx *e, struct scope *s, const struct ast *n);
int compile_override(struct eval_ctx *e, struct scope *s, const struct ast *n);
int compile_collect(struct value **out, struct eval_ctx *e, struct scope *s,
		    const struct ast *n);
int compile_relation(struct value **out, struct eval_ctx *e, struct scope *s,
		     const struct ast *n);
/* include/require/contain: declares classes by name (idempotent). */
int compile_include(struct eval_ctx *e, struct scope *s, struct srcloc loc,
		    struct value *names, const char *how);
struct resource *compile_new_resource(struct eval_ctx *e, struct scope *s,
				      const char *type, const char *title,
				      struct srcloc loc);
int compile_realize(struct eval_ctx *e, struct srcloc loc, struct value *refs);
const char *compile_ref_title(struct eval_ctx *e, const struct value *ref,
			      const char **type_out);
/* "mod/file" → the file under a module's templates/ (or files/) dir. */
int compile_find_module_file(struct buf *out, struct eval_ctx *e,
			     const char *spec, const char *subdir);

/* loader.c */
int loader_load_main(struct eval_ctx *e, const struct ast **out);
const struct class_def *loader_find_class(struct eval_ctx *e, const char *name);
const struct class_def *loader_find_define(struct eval_ctx *e, const char *name);
const struct ast *loader_find_function(struct eval_ctx *e, const char *name);
const struct ast *loader_find_alias(struct eval_ctx *e, const char *name);
bool loader_type_exists(struct eval_ctx *e, const char *name);
const char *loader_type_namevar(struct eval_ctx *e, const char *name);
int loader_parse_file(struct eval_ctx *e, const char *path,
		      const struct ast **out);

#endif
