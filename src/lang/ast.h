/* SPDX-License-Identifier: MIT */
/* ast.h: the syntax tree of Puppet manifests and EPP templates */
#ifndef AST_H
#define AST_H

#include <stddef.h>
#include <stdint.h>
#include "util/diag.h"

/*
 * One node struct for every kind; which fields a kind uses is listed
 * beside it. Unused fields are NULL/0. Every node carries its location
 * (the first character of the construct). All memory is in the compile
 * arena. `str` is NUL-terminated; `len` is its length.
 */
enum ast_kind {
	/* ORDER AST */
	AST_UNDEF,     /* undef */
	AST_DEFAULT,   /* default */
	AST_BOOL,      /* true/false: ival 1/0 */
	AST_INT,       /* ival; str = source text (kept for 0644) */
	AST_FLOAT,     /* fval; str = source text */
	AST_STRING,    /* str/len: a string without interpolation */
	AST_CONCAT,    /* "…${x}…": kids = parts, AST_STRING or expressions */
	AST_REGEX,     /* /re/: str = pattern without slashes */
	AST_NAME,      /* bareword (a::b allowed): str */
	AST_TYPEREF,   /* capitalized name, File, Apache::Vhost: str */
	AST_VAR,       /* $x, $::x, $a::b: str = name without '$' (may start with "::") */
	AST_ARRAY,     /* [ kids ] */
	AST_HASH,      /* { k => v }: kids = AST_PAIR */
	AST_PAIR,      /* a => b */
	AST_ACCESS,    /* a[kids] */
	AST_CALL,      /* str(kids) |lambda|: function call, also
	                  statement calls without parens (include x, y) */
	AST_METHOD,    /* a.str(kids) lambda: a method call */
	AST_LAMBDA,    /* |params| { b }: params = AST_PARAM, b = AST_BLOCK */
	AST_UNARY,     /* op a: OP_NOT, OP_NEG, OP_SPLAT */
	AST_BINARY,    /* a op b: arithmetic, comparison, OP_AND, OP_OR,
	                  OP_IN, OP_MATCH, OP_NMATCH */
	AST_ASSIGN,    /* a = b; a is AST_VAR or AST_ARRAY of AST_VAR;
	                  op = OP_APPEND for legacy `+=` */
	AST_IF,        /* if a { b } else c: c is AST_BLOCK, AST_IF or NULL */
	AST_UNLESS,    /* unless a { b } else c */
	AST_CASE,      /* case a { kids }: kids = AST_CASE_OPT */
	AST_CASE_OPT,  /* kids (values, may include AST_DEFAULT): { b } */
	AST_SELECTOR,  /* a ? { kids }: kids = AST_PAIR (key may be AST_DEFAULT) */
	AST_BLOCK,     /* kids = statements */
	AST_RESOURCE,  /* a = type (AST_NAME, AST_TYPEREF, or AST_NAME "class"),
	                  kids = AST_RES_BODY; op = 0, OP_VIRTUAL or OP_EXPORTED */
	AST_RES_BODY,  /* a = title expression (AST_DEFAULT for `default:`),
	                  kids = AST_ATTR */
	AST_ATTR,      /* str => a; op OP_FARROW (=>) or OP_PARROW (+>);
	                  str "*" for the splat `* => $hash` */
	AST_RES_DEFAULTS, /* File { kids = AST_ATTR }: a = AST_TYPEREF */
	AST_RES_OVERRIDE, /* File['x'] { kids }: a = the reference expression */
	AST_COLLECT,   /* a = AST_TYPEREF, b = query or NULL, kids = override
	                  AST_ATTRs (may be none), op = 0 (<| |>) or OP_EXPORTED (<<| |>>).
	                  Query: AST_BINARY with OP_EQ/OP_NE (a = AST_NAME attr,
	                  b = value), OP_AND/OP_OR, parenthesized as nested */
	AST_RELATION,  /* a op b: OP_BEFORE (->), OP_NOTIFY (~>),
	                  OP_REQUIRE (<-), OP_SUBSCRIBE (<~); chains nest left */
	AST_CLASS,     /* class str(params) inherits parent { b } */
	AST_DEFINE,    /* define str(params) { b } */
	AST_NODE,      /* node kids (AST_STRING, AST_NAME, AST_REGEX, AST_DEFAULT)
	                  inherits parent { b } */
	AST_FUNCTION,  /* function str(params) >> a(return type) { b } */
	AST_TYPE_ALIAS, /* type str = a */
	AST_PARAM,     /* a = type expression or NULL, str = name without '$',
	                  b = default or NULL; op = OP_SPLAT for *$rest */
	AST_IMPORT,    /* import 'glob' (legacy): str */
	AST_EPP_TEXT,  /* EPP literal text: str/len, output as is */
	AST_EPP_RENDER, /* EPP <%= a %> */
	AST_KIND_MAX
};

enum ast_op {
	OP_NONE,
	/* ORDER OP */
	OP_NOT, OP_NEG, OP_SPLAT,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_SHL, OP_SHR,
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_MATCH, OP_NMATCH, OP_IN, OP_AND, OP_OR,
	OP_BEFORE, OP_NOTIFY, OP_REQUIRE, OP_SUBSCRIBE,
	OP_FARROW, OP_PARROW,
	OP_APPEND,
	OP_VIRTUAL, OP_EXPORTED,
};

/*
 * Nodes are allocated only as large as their kind needs (ast_node_size):
 * the fields are grouped so that each group is a prefix of the next.
 *   leaves (UNDEF DEFAULT BOOL INT FLOAT STRING REGEX NAME TYPEREF VAR
 *           IMPORT EPP_TEXT): up to ival/fval
 *   PAIR UNARY BINARY RELATION ATTR PARAM TYPE_ALIAS EPP_RENDER: + a, b
 *   CONCAT ARRAY HASH ACCESS CASE CASE_OPT SELECTOR RESOURCE RES_BODY
 *           RES_DEFAULTS RES_OVERRIDE COLLECT: + kids, nkids
 *   the others (CALL METHOD LAMBDA ASSIGN IF UNLESS BLOCK CLASS DEFINE
 *           NODE FUNCTION): every field
 * A field outside a node's group must not be read or written; a node
 * built by hand (not by parse_node) is allocated with its full size.
 * A manifest of 10,000 resources has some 100,000 nodes.
 */
struct ast {
	enum ast_kind kind : 8;
	enum ast_op op : 8;
	unsigned has_params : 1; /* EPP BLOCK: a |params| header was present */
	uint32_t len;
	struct srcloc loc;
	const char *str;
	union {
		int64_t ival;
		double fval;
	};
	/* PAIR ... EPP_RENDER and larger */
	struct ast *a, *b;
	/* CONCAT ... COLLECT and larger */
	struct ast **kids;
	size_t nkids;
	/* every other kind */
	struct ast *c;
	struct ast **params; /* AST_PARAM, for CLASS/DEFINE/FUNCTION/LAMBDA and EPP */
	size_t nparams;
	struct ast *lambda;  /* AST_LAMBDA for CALL/METHOD, or NULL */
	const char *parent;  /* inherits name, for CLASS and NODE */
};

/* Bytes to allocate for a node of kind k (a prefix of struct ast). */
size_t ast_node_size(enum ast_kind k);

const char *ast_kind_name(enum ast_kind k);
const char *ast_op_name(enum ast_op op); /* "==", "->", … */

#endif
