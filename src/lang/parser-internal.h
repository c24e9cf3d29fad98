/* SPDX-License-Identifier: MIT */
/* parser-internal.h: state shared by parser.c (statements) and parser_expr.c */
#ifndef PARSER_INTERNAL_H
#define PARSER_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include "lang/ast.h"
#include "lang/lexer.h"

struct arena;
struct diags;

#define PARSE_LOOKAHEAD 4  /* tokens buffered ahead; the grammar needs 3 */
#define PARSE_MAX_DEPTH 500 /* nested parse functions before giving up;
			      about 0.5 MB of stack (1 MB with ASan) */

struct parser {
	struct arena *arena;    /* strings and what evaluation keeps */
	struct arena *nodes;    /* nodes and their child arrays */
	struct diags *diags;
	const char *file;
	struct lexer lx;
	struct lex_token la[PARSE_LOOKAHEAD]; /* ring of tokens read ahead */
	unsigned la_head, nla;
	jmp_buf jb;             /* errors unwind to parse_manifest/parse_epp */
	struct ast **stack;     /* kids of the lists being built (xmalloc'd) */
	size_t nstack, astack;
	int depth;              /* current expression nesting */
	bool interp_var;        /* next primary: a name is a variable ("${x}") */
	const char *ns;         /* name of the class whose body is parsed */
};

/* tokens (parser.c) */
const struct lex_token *parse_peek(struct parser *p, unsigned k);
struct lex_token parse_next(struct parser *p);
bool parse_accept(struct parser *p, enum lex_tok type);
struct lex_token parse_expect(struct parser *p, enum lex_tok type);
void parse_expect_close(struct parser *p, enum lex_tok closer,
			struct srcloc open, bool in_list);
NORETURN void parse_unexpected(struct parser *p, const struct lex_token *t);
NORETURN PRINTF_LIKE(3, 4) void parse_error(struct parser *p, struct srcloc loc,
					    const char *fmt, ...);
const char *parse_describe(struct parser *p, const struct lex_token *t);
void parse_enter(struct parser *p);

/* nodes and lists (parser.c) */
struct ast *parse_node(struct parser *p, enum ast_kind kind, struct srcloc loc);
size_t parse_mark(struct parser *p);
void parse_push(struct parser *p, struct ast *n);
struct ast **parse_collect(struct parser *p, size_t base, size_t *n);

/* statements and definitions (parser.c) */
struct ast *parse_assignment(struct parser *p);
struct ast *parse_block(struct parser *p);
struct ast *parse_if(struct parser *p);
struct ast *parse_unless(struct parser *p);
struct ast *parse_case(struct parser *p);
struct ast *parse_definition(struct parser *p);
void parse_params(struct parser *p, struct ast *owner, enum lex_tok closer,
		  struct srcloc open);
void parse_attr_ops(struct parser *p);
bool parse_is_attr_name(enum lex_tok t);

/* expressions (parser_expr.c) */
struct ast *parse_expr(struct parser *p);
struct ast *parse_primary(struct parser *p);
struct ast *parse_type_expr(struct parser *p);
struct ast *parse_string_tok(struct parser *p);
void parse_access_args(struct parser *p, struct ast *acc, struct srcloc open);
struct ast *parse_hash(struct parser *p);
struct ast *parse_array(struct parser *p);

#endif
