/* SPDX-License-Identifier: MIT */
/* parser.h: Puppet manifests and EPP templates to syntax trees */
#ifndef PARSER_H
#define PARSER_H

#include <stddef.h>
#include "lang/ast.h"

struct arena;
struct buf;
struct diags;

/*
 * Parses a manifest: `len` bytes of `src` (need not be NUL-terminated)
 * from `file`, which is used as is in every location (the caller interns
 * it; it must outlive the tree). Registers the text with
 * diags_add_source() so that diagnostics can quote the line; `src` must
 * therefore outlive `d`.
 *
 * Returns an AST_BLOCK whose kids are the top-level statements, allocated
 * in `a` (string values point into the arena, never into `src`). On a
 * syntax error, records it in `d` ("syntax error: unexpected '}'",
 * "expected '}' to close '{' at line 4", ...) and returns NULL; parsing
 * stops at the first error. Warnings (legacy Puppet 3 forms that Puppet 4+
 * refuses, unknown escapes in strings) are recorded too, but do not fail
 * the parse.
 *
 * Shapes worth knowing beyond ast.h:
 *  - statement calls without parentheses ("include a, b") are AST_CALL;
 *    Puppet 7 allows them for a fixed list of functions, other names get a
 *    warning (Puppet 3 allowed any);
 *  - "Integer('1')" and "Hash[String, Integer]($x)" are AST_METHOD "new"
 *    on the type;
 *  - a heredoc is its text: AST_STRING or AST_CONCAT (its syntax tag is
 *    dropped);
 *  - AST_LAMBDA keeps an optional return type in `a`;
 *  - a node name in dotted form (mc1.example.org) is an AST_NAME, a quoted
 *    one an AST_STRING;
 *  - "type Obj = Object { ... }" is AST_TYPE_ALIAS whose `a` is an
 *    AST_ACCESS of the type with the hash as its one key.
 */
struct ast *parse_manifest(struct arena *a, struct diags *d, const char *file,
			   const char *src, size_t len);
/*
 * The same with the nodes and their child arrays in `nodes`, and only
 * what evaluation keeps (strings, names) in `a`: `nodes` may be released
 * once the tree is no longer evaluated, while the values built from it
 * live on (a compile frees its syntax trees before the catalog is applied).
 */
struct ast *parse_manifest_nodes(struct arena *a, struct arena *nodes,
				 struct diags *d, const char *file,
				 const char *src, size_t len);

/*
 * Parses an EPP template, with the same conventions as parse_manifest().
 * Returns an AST_BLOCK whose kids are AST_EPP_TEXT (template text),
 * AST_EPP_RENDER (<%= expr %>) and the statements of <% code %> tags, in
 * order. Code may span tags: in "<% $x.each |$y| { %> t <% } %>" the
 * lambda's block holds the AST_EPP_TEXT. A leading "<%- |String $x, $y = 1|
 * -%>" sets params/nparams and has_params on the block.
 */
struct ast *parse_epp(struct arena *a, struct diags *d, const char *file,
		      const char *src, size_t len);

/*
 * Appends `n` to `out` as a one-line S-expression: atoms print as
 * themselves (names, $vars, "strings", /regexes/, 42, (int 420 0644)),
 * the rest as (head ...), e.g. (resource file (body "/x" (attr ensure =>
 * present))). For tests and `tend parser dump`; defined in ast.c (it
 * belongs in ast.h, which is not ours to change).
 */
void ast_dump(struct buf *out, const struct ast *n);

#endif
