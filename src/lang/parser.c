/* SPDX-License-Identifier: MIT */
/* parser.c: Puppet statements, resources and definitions; the entry points */
#include "util/compat.h"
#include "lang/parser.h"
#include "lang/parser-internal.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

/*
 * A recursive-descent parser for the grammar of Puppet 7 (egrammar.ra),
 * with the token-level context rules done by the lexer (see lexer.h):
 *
 * 1. A program is statements. A statement is an assignment, or several
 *    separated by commas (the arguments of a call without parentheses).
 * 2. assignment -> relationship (('=' | '+=') assignment)?
 *    relationship -> resource (('->' | '~>' | '<-' | '<~') resource)*
 *    resource -> '@' resource | '@@' resource | 'class' '{' bodies '}'
 *              | expr ('{' bodies-or-attributes '}')?
 *    expr is in parser_expr.c.
 * 3. Like Puppet's transform_calls, a bare name statement followed by
 *    another statement becomes a call with that statement (or comma list)
 *    as its arguments: "include a, b". Puppet 7 does this for a fixed list
 *    of functions; Puppet 3 did it for any, which we accept with a warning.
 * 4. Errors stop the parse: parse_error() records the diagnostic and
 *    longjmps to the entry point, which frees the parser's own memory.
 *    The tree is in the arena and is simply abandoned.
 */

/* ---- tokens ---- */

const struct lex_token *parse_peek(struct parser *p, unsigned k)
{
	while (p->nla <= k) {
		struct lex_token *t = &p->la[(p->la_head + p->nla) % PARSE_LOOKAHEAD];
		lex_next(&p->lx, t);
		if (t->type == TOK_ERROR)
			longjmp(p->jb, 1);
		p->nla++;
	}
	return &p->la[(p->la_head + k) % PARSE_LOOKAHEAD];
}

struct lex_token parse_next(struct parser *p)
{
	struct lex_token t = *parse_peek(p, 0);
	p->la_head = (p->la_head + 1) % PARSE_LOOKAHEAD;
	p->nla--;
	return t;
}

bool parse_accept(struct parser *p, enum lex_tok type)
{
	if (parse_peek(p, 0)->type != type)
		return false;
	parse_next(p);
	return true;
}

void parse_error(struct parser *p, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(p->diags, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
	longjmp(p->jb, 1);
}

static void add_excerpt(struct buf *b, const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len && i < 20; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			buf_addstr(b, "\\n");
		else if (c == '\t')
			buf_addstr(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(b, "\\x%02X", c);
		else
			buf_addch(b, c);
	}
	if (i < len)
		buf_addstr(b, "...");
}

/* "'}'", "string 'abc'", "end of input": a token, for messages */
const char *parse_describe(struct parser *p, const struct lex_token *t)
{
	struct buf b = BUF_INIT;
	switch (t->type) {
	case TOK_EOF:
		buf_addstr(&b, "end of input");
		break;
	case TOK_DQMID: case TOK_DQPOST:
		/* only unexpected right after "${": the interpolation's end */
		buf_addstr(&b, "'}'");
		break;
	case TOK_STRING: case TOK_DQPRE:
		buf_addstr(&b, "string '");
		add_excerpt(&b, t->str, t->slen);
		buf_addch(&b, '\'');
		break;
	case TOK_RENDER_STRING:
		buf_addstr(&b, "template text");
		break;
	case TOK_HEREDOC:
		buf_addstr(&b, "heredoc");
		break;
	case TOK_OTHER: {
		unsigned char c = (unsigned char)t->text[0];
		buf_addstr(&b, "character '");
		if (c >= 0x20 && c < 0x7f)
			buf_addch(&b, c);
		else if (c >= 0xC0 && t->len > 1)
			buf_add(&b, t->text, t->len);
		else
			buf_addf(&b, "\\x%02X", c);
		buf_addch(&b, '\'');
		break;
	}
	case TOK_NAME: case TOK_WORD: case TOK_CLASSREF: case TOK_VARIABLE:
	case TOK_INT: case TOK_FLOAT: case TOK_REGEX:
		buf_addch(&b, '\'');
		add_excerpt(&b, t->text, t->len);
		buf_addch(&b, '\'');
		break;
	default:
		buf_addf(&b, "'%s'", lex_tok_name(t->type));
		break;
	}
	char *s = arena_memdupz(p->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

void parse_unexpected(struct parser *p, const struct lex_token *t)
{
	parse_error(p, t->loc, "syntax error: unexpected %s", parse_describe(p, t));
}

struct lex_token parse_expect(struct parser *p, enum lex_tok type)
{
	const struct lex_token *t = parse_peek(p, 0);
	if (t->type != type)
		parse_error(p, t->loc, "syntax error: unexpected %s, expected '%s'",
			    parse_describe(p, t), lex_tok_name(type));
	return parse_next(p);
}

static const char *opener_of(enum lex_tok closer)
{
	switch (closer) {
	case TOK_RBRACE: return "{";
	case TOK_RBRACK: return "[";
	case TOK_RPAREN: return "(";
	case TOK_PIPE: return "|";
	case TOK_RCOLLECT: return "<|";
	case TOK_RRCOLLECT: return "<<|";
	default: return "?";
	}
}

/*
 * Consumes the token closing something opened at `open`. A list (in_list)
 * could also have continued with a comma, and the message says so.
 */
void parse_expect_close(struct parser *p, enum lex_tok closer,
			struct srcloc open, bool in_list)
{
	const struct lex_token *t = parse_peek(p, 0);
	if (t->type == closer) {
		parse_next(p);
		return;
	}
	const char *c = lex_tok_name(closer), *o = opener_of(closer);
	if (t->type == TOK_EOF)
		parse_error(p, t->loc, "expected '%s' to close '%s' at line %u",
			    c, o, open.line);
	parse_error(p, t->loc, "syntax error: unexpected %s, expected %s'%s' to close '%s' at line %u",
		    parse_describe(p, t), in_list ? "',' or " : "", c, o, open.line);
}

void parse_enter(struct parser *p)
{
	if (++p->depth > PARSE_MAX_DEPTH)
		parse_error(p, parse_peek(p, 0)->loc,
			    "expression nested too deeply (more than %d levels)",
			    PARSE_MAX_DEPTH);
}

/* ---- nodes and lists ---- */

struct ast *parse_node(struct parser *p, enum ast_kind kind, struct srcloc loc)
{
	struct ast *n = arena_alloc_packed(p->nodes, ast_node_size(kind));
	n->kind = kind;
	n->loc = loc;
	return n;
}

size_t parse_mark(struct parser *p)
{
	return p->nstack;
}

void parse_push(struct parser *p, struct ast *n)
{
	ALLOC_GROW(p->stack, p->nstack + 1, p->astack);
	p->stack[p->nstack++] = n;
}

/* Moves the kids pushed since `base` into the arena. */
struct ast **parse_collect(struct parser *p, size_t base, size_t *n)
{
	*n = p->nstack - base;
	if (!*n)
		return NULL;
	struct ast **kids = arena_alloc_packed(p->nodes, *n * sizeof(*kids));
	memcpy(kids, p->stack + base, *n * sizeof(*kids));
	p->nstack = base;
	return kids;
}

static void warn(struct parser *p, struct srcloc loc, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static void warn(struct parser *p, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(p->diags, DIAG_WARNING, loc, fmt, ap);
	va_end(ap);
}

/* ---- statements ---- */

/* Functions Puppet 7 calls without parentheses (Factory::STATEMENT_CALLS). */
static bool is_statement_call(const char *name)
{
	static const char *const names[] = {
		"require", "realize", "include", "contain", "tag", "debug",
		"info", "notice", "warning", "err", "fail", "import", "break",
		"next", "return",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* A name a statement call can have: a NAME token's, not foo-bar or _x. */
static bool is_callable_name(const struct ast *e)
{
	if (e->kind != AST_NAME)
		return false;
	for (const char *s = e->str; *s; s++)
		if (*s == '-' || (*s == '_' && (s == e->str || s[-1] == ':')))
			return false;
	return true;
}

/*
 * Makes `name` (the previous statement, a bare name) a call with the
 * statement `args` [base, nstack) as its arguments. `import` becomes
 * AST_IMPORT nodes instead.
 */
static void make_call(struct parser *p, size_t slot, size_t base)
{
	struct ast *name = p->stack[slot];
	if (!strcmp(name->str, "import")) {
		/* one AST_IMPORT per file name, the first in the name's slot */
		for (size_t i = base; i < p->nstack; i++) {
			struct ast *s = p->stack[i];
			if (s->kind != AST_STRING)
				parse_error(p, s->loc, "syntax error: 'import' needs a quoted file name");
			struct ast *imp = parse_node(p, AST_IMPORT,
						     i == base ? name->loc : s->loc);
			imp->str = s->str;
			imp->len = s->len;
			p->stack[i - 1] = imp;
		}
		p->nstack--;
		return;
	}
	if (!is_statement_call(name->str))
		warn(p, name->loc, "call of '%s' without parentheses is legacy syntax; Puppet 4 and later need '%s(...)'",
		     name->str, name->str);
	struct ast *c = parse_node(p, AST_CALL, name->loc);
	c->str = name->str;
	c->len = name->len;
	c->kids = parse_collect(p, base, &c->nkids);
	p->stack[slot] = c;
}

/*
 * statements -> (statement ';'*)* up to '}' or the end.
 * statement -> assignment (',' assignment)*
 */
static void statements(struct parser *p, size_t base, bool top)
{
	for (;;) {
		const struct lex_token *t = parse_peek(p, 0);
		if (t->type == TOK_EOF)
			break;
		if (t->type == TOK_RBRACE) {
			if (top)
				parse_unexpected(p, t);
			break;
		}
		if (t->type == TOK_SEMIC) {
			parse_next(p);
			continue;
		}
		/* the previous statement, if a bare name, may take this as arguments */
		size_t prev = p->nstack > base ? p->nstack - 1 : SIZE_MAX;
		bool takes_args = prev != SIZE_MAX && is_callable_name(p->stack[prev]);
		size_t stmt_base = parse_mark(p);
		struct ast *first = parse_assignment(p);
		parse_push(p, first);
		/* legacy calls never take EPP text: "<% foo %>text" */
		if (takes_args && !is_statement_call(p->stack[prev]->str) &&
		    (first->kind == AST_EPP_TEXT || first->kind == AST_EPP_RENDER))
			takes_args = false;
		t = parse_peek(p, 0);
		if (t->type == TOK_COMMA && !takes_args)
			parse_error(p, t->loc, "syntax error: illegal comma-separated argument list");
		while (parse_accept(p, TOK_COMMA))
			parse_push(p, parse_assignment(p));
		if (takes_args)
			make_call(p, prev, stmt_base);
	}
}

/* block -> '{' statements '}' */
struct ast *parse_block(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	if (t->type != TOK_LBRACE)
		parse_error(p, t->loc, "syntax error: unexpected %s, expected '{'",
			    parse_describe(p, t));
	struct lex_token open = parse_next(p);
	struct ast *b = parse_node(p, AST_BLOCK, open.loc);
	size_t base = parse_mark(p);
	parse_enter(p);
	statements(p, base, false);
	p->depth--;
	parse_expect_close(p, TOK_RBRACE, open.loc, false);
	b->kids = parse_collect(p, base, &b->nkids);
	return b;
}

/* ---- resources ---- */

bool parse_is_attr_name(enum lex_tok t)
{
	switch (t) {
	case TOK_NAME: case TOK_AND: case TOK_CASE: case TOK_CLASS:
	case TOK_DEFAULT: case TOK_DEFINE: case TOK_ELSE: case TOK_ELSIF:
	case TOK_IF: case TOK_IN: case TOK_INHERITS: case TOK_NODE: case TOK_OR:
	case TOK_UNDEF: case TOK_UNLESS: case TOK_TYPE: case TOK_ATTR:
	case TOK_FUNCTION: case TOK_PRIVATE:
		return true;
	default:
		return false;
	}
}

/*
 * attr_ops -> (attr_op (',' attr_op)* ','?)?
 * attr_op -> (name | keyword) ('=>' | '+>') expr | '*' '=>' expr
 * Pushes AST_ATTRs; stops before anything else (';' or '}').
 */
void parse_attr_ops(struct parser *p)
{
	for (;;) {
		const struct lex_token *t = parse_peek(p, 0);
		if (t->type == TOK_RBRACE || t->type == TOK_SEMIC)
			return;
		struct lex_token nt = parse_next(p);
		struct ast *a = parse_node(p, AST_ATTR, nt.loc);
		if (nt.type == TOK_TIMES) {
			a->str = "*";
			a->len = 1;
		} else if (parse_is_attr_name(nt.type)) {
			a->str = nt.str;
			a->len = nt.slen;
		} else {
			parse_error(p, nt.loc, "syntax error: unexpected %s, expected an attribute name",
				    parse_describe(p, &nt));
		}
		t = parse_peek(p, 0);
		if (t->type == TOK_FARROW)
			a->op = OP_FARROW;
		else if (t->type == TOK_PARROW && nt.type != TOK_TIMES)
			a->op = OP_PARROW;
		else
			parse_error(p, t->loc, "syntax error: unexpected %s, expected '=>' after attribute '%s'",
				    parse_describe(p, t), a->str);
		parse_next(p);
		a->a = parse_expr(p);
		parse_push(p, a);
		if (!parse_accept(p, TOK_COMMA))
			return;
	}
}

/* Whether '{' starts attributes (not a title): "a =>", "* =>" or "}". */
static bool attrs_follow(struct parser *p)
{
	enum lex_tok t = parse_peek(p, 0)->type, n = parse_peek(p, 1)->type;
	if (t == TOK_RBRACE)
		return true;
	if (t == TOK_TIMES)
		return n == TOK_FARROW;
	return parse_is_attr_name(t) && (n == TOK_FARROW || n == TOK_PARROW);
}

/* bodies -> title ':' attr_ops (';' title ':' attr_ops)* ';'? */
static void resource_bodies(struct parser *p)
{
	do {
		if (parse_peek(p, 0)->type == TOK_RBRACE)
			break;
		struct ast *title = parse_expr(p);
		struct ast *body = parse_node(p, AST_RES_BODY, title->loc);
		body->a = title;
		const struct lex_token *t = parse_peek(p, 0);
		if (t->type != TOK_COLON)
			parse_error(p, t->loc, "syntax error: unexpected %s, expected ':' after the resource title",
				    parse_describe(p, t));
		parse_next(p);
		size_t base = parse_mark(p);
		parse_attr_ops(p);
		body->kids = parse_collect(p, base, &body->nkids);
		parse_push(p, body);
	} while (parse_accept(p, TOK_SEMIC));
}

/* The rest of "left { ... }": a resource, defaults or an override. */
static struct ast *resource_rest(struct parser *p, struct ast *left)
{
	struct lex_token open = parse_next(p);
	size_t base = parse_mark(p);
	if (!attrs_follow(p)) {
		if (left->kind != AST_NAME && left->kind != AST_TYPEREF &&
		    left->kind != AST_ACCESS)
			parse_error(p, left->loc, "syntax error: this expression cannot be a resource type");
		struct ast *r = parse_node(p, AST_RESOURCE, left->loc);
		r->a = left;
		resource_bodies(p);
		parse_expect_close(p, TOK_RBRACE, open.loc, true);
		r->kids = parse_collect(p, base, &r->nkids);
		return r;
	}
	parse_attr_ops(p);
	parse_expect_close(p, TOK_RBRACE, open.loc, true);
	struct ast *r;
	if (left->kind == AST_TYPEREF) {
		r = parse_node(p, AST_RES_DEFAULTS, left->loc);
	} else if (left->kind == AST_ACCESS) {
		r = parse_node(p, AST_RES_OVERRIDE, left->loc);
	} else if (left->kind == AST_NAME && is_statement_call(left->str)) {
		/* notice { a => 1 }: a call with a hash */
		struct ast *h = parse_node(p, AST_HASH, open.loc);
		for (size_t i = base; i < p->nstack; i++) {
			struct ast *at = p->stack[i];
			if (at->op == OP_PARROW || !strcmp(at->str, "*"))
				parse_error(p, at->loc, "syntax error: '%s' resource declared without a title",
					    left->str);
			struct ast *k = parse_node(p, AST_STRING, at->loc);
			k->str = at->str;
			k->len = at->len;
			struct ast *pair = parse_node(p, AST_PAIR, at->loc);
			pair->a = k;
			pair->b = at->a;
			p->stack[i] = pair;
		}
		h->kids = parse_collect(p, base, &h->nkids);
		struct ast *c = parse_node(p, AST_CALL, left->loc);
		c->str = left->str;
		c->len = left->len;
		c->kids = arena_alloc_packed(p->nodes, sizeof(*c->kids));
		c->kids[0] = h;
		c->nkids = 1;
		return c;
	} else if (left->kind == AST_NAME) {
		parse_error(p, left->loc, "syntax error: '%s' resource declared without a title",
			    left->str);
	} else {
		parse_error(p, left->loc, "syntax error: this expression cannot have a resource body");
	}
	r->a = left;
	r->kids = parse_collect(p, base, &r->nkids);
	return r;
}

/* resource -> '@' resource | '@@' resource | 'class' '{' ... '}' | expr ('{' ... '}')? */
static struct ast *resource(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	if (t->type == TOK_AT || t->type == TOK_ATAT) {
		struct lex_token at = parse_next(p);
		parse_enter(p);
		struct ast *r = resource(p);
		p->depth--;
		if (r->kind != AST_RESOURCE)
			parse_error(p, at.loc, "syntax error: '%s' can only be applied to a resource declaration",
				    at.type == TOK_AT ? "@" : "@@");
		r->op = at.type == TOK_AT ? OP_VIRTUAL : OP_EXPORTED;
		r->loc = at.loc;
		return r;
	}
	struct ast *left;
	if (t->type == TOK_CLASS && parse_peek(p, 1)->type == TOK_LBRACE) {
		struct lex_token ct = parse_next(p);
		left = parse_node(p, AST_NAME, ct.loc);
		left->str = "class";
		left->len = 5;
		struct lex_token open = parse_next(p);
		size_t base = parse_mark(p);
		struct ast *r = parse_node(p, AST_RESOURCE, ct.loc);
		r->a = left;
		if (parse_peek(p, 0)->type == TOK_RBRACE)
			parse_unexpected(p, parse_peek(p, 0));
		resource_bodies(p);
		parse_expect_close(p, TOK_RBRACE, open.loc, true);
		r->kids = parse_collect(p, base, &r->nkids);
		return r;
	}
	left = parse_expr(p);
	if (parse_peek(p, 0)->type == TOK_LBRACE)
		return resource_rest(p, left);
	return left;
}

static enum ast_op edge_op(enum lex_tok t)
{
	switch (t) {
	case TOK_IN_EDGE: return OP_BEFORE;
	case TOK_IN_EDGE_SUB: return OP_NOTIFY;
	case TOK_OUT_EDGE: return OP_REQUIRE;
	case TOK_OUT_EDGE_SUB: return OP_SUBSCRIBE;
	default: return OP_NONE;
	}
}

/* relationship -> resource (edge resource)* */
static struct ast *relationship(struct parser *p)
{
	struct ast *left = resource(p);
	enum ast_op op;
	while ((op = edge_op(parse_peek(p, 0)->type)) != OP_NONE) {
		parse_next(p);
		struct ast *r = parse_node(p, AST_RELATION, left->loc);
		r->op = op;
		r->a = left;
		r->b = resource(p);
		left = r;
	}
	return left;
}

static bool assignable(const struct ast *e)
{
	if (e->kind == AST_VAR)
		return true;
	if (e->kind != AST_ARRAY || !e->nkids)
		return false;
	for (size_t i = 0; i < e->nkids; i++)
		if (e->kids[i]->kind != AST_VAR)
			return false;
	return true;
}

/* assignment -> relationship (('=' | '+=') assignment)? */
struct ast *parse_assignment(struct parser *p)
{
	parse_enter(p);
	struct ast *left = relationship(p);
	const struct lex_token *t = parse_peek(p, 0);
	if (t->type != TOK_EQUALS && t->type != TOK_APPENDS && t->type != TOK_DELETES) {
		p->depth--;
		return left;
	}
	struct lex_token op = parse_next(p);
	if (op.type == TOK_DELETES)
		parse_error(p, op.loc, "the operator '-=' is not supported");
	if (!assignable(left) || (op.type == TOK_APPENDS && left->kind != AST_VAR))
		parse_error(p, op.loc, "syntax error: only a variable or an array of variables can be assigned to");
	if (op.type == TOK_APPENDS)
		warn(p, op.loc, "the operator '+=' is not supported by Puppet 4 and later (legacy)");
	struct ast *n = parse_node(p, AST_ASSIGN, left->loc);
	n->op = op.type == TOK_APPENDS ? OP_APPEND : OP_NONE;
	n->a = left;
	n->b = parse_assignment(p);
	p->depth--;
	return n;
}

/* ---- conditionals ---- */

/* An empty else is no else. */
static struct ast *else_block(struct parser *p)
{
	struct ast *b = parse_block(p);
	return b->nkids ? b : NULL;
}

/* if -> 'if' expr block ('elsif' expr block)* ('else' block)? */
struct ast *parse_if(struct parser *p)
{
	struct lex_token t = parse_next(p);
	struct ast *n = parse_node(p, AST_IF, t.loc);
	n->a = parse_expr(p);
	n->b = parse_block(p);
	if (parse_peek(p, 0)->type == TOK_ELSIF) {
		parse_enter(p);
		n->c = parse_if(p);
		p->depth--;
	} else if (parse_accept(p, TOK_ELSE)) {
		n->c = else_block(p);
	}
	return n;
}

/* unless -> 'unless' expr block ('else' block)? */
struct ast *parse_unless(struct parser *p)
{
	struct lex_token t = parse_next(p);
	struct ast *n = parse_node(p, AST_UNLESS, t.loc);
	n->a = parse_expr(p);
	n->b = parse_block(p);
	if (parse_accept(p, TOK_ELSE))
		n->c = else_block(p);
	return n;
}

/* case -> 'case' expr '{' (expr (',' expr)* ':' block)+ '}' */
struct ast *parse_case(struct parser *p)
{
	struct lex_token t = parse_next(p);
	struct ast *n = parse_node(p, AST_CASE, t.loc);
	n->a = parse_expr(p);
	const struct lex_token *b = parse_peek(p, 0);
	if (b->type != TOK_LBRACE)
		parse_error(p, b->loc, "syntax error: unexpected %s, expected '{' after the case control expression",
			    parse_describe(p, b));
	struct lex_token open = parse_next(p);
	size_t base = parse_mark(p);
	do {
		size_t vbase = parse_mark(p);
		do
			parse_push(p, parse_expr(p));
		while (parse_accept(p, TOK_COMMA));
		struct ast *opt = parse_node(p, AST_CASE_OPT, p->stack[vbase]->loc);
		const struct lex_token *c = parse_peek(p, 0);
		if (c->type != TOK_COLON)
			parse_error(p, c->loc, "syntax error: unexpected %s, expected ':' after the case value",
				    parse_describe(p, c));
		parse_next(p);
		opt->kids = parse_collect(p, vbase, &opt->nkids);
		opt->b = parse_block(p);
		parse_push(p, opt);
	} while (parse_peek(p, 0)->type != TOK_RBRACE &&
		 parse_peek(p, 0)->type != TOK_EOF);
	parse_expect_close(p, TOK_RBRACE, open.loc, false);
	n->kids = parse_collect(p, base, &n->nkids);
	return n;
}

/* ---- definitions ---- */

/* param -> type? '*'? VARIABLE ('=' expr)? */
static struct ast *param(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	struct srcloc loc = t->loc;
	struct ast *type = NULL;
	if (t->type == TOK_CLASSREF)
		type = parse_type_expr(p);
	bool splat = parse_accept(p, TOK_TIMES);
	t = parse_peek(p, 0);
	if (t->type != TOK_VARIABLE)
		parse_error(p, t->loc, "syntax error: unexpected %s, expected a parameter",
			    parse_describe(p, t));
	struct lex_token v = parse_next(p);
	struct ast *n = parse_node(p, AST_PARAM, loc);
	n->str = v.str;
	n->len = v.slen;
	n->a = type;
	n->op = splat ? OP_SPLAT : OP_NONE;
	if (parse_accept(p, TOK_EQUALS))
		n->b = parse_expr(p);
	return n;
}

/* params -> (param (',' param)* ','?)? closer; the opener is consumed */
void parse_params(struct parser *p, struct ast *owner, enum lex_tok closer,
		  struct srcloc open)
{
	size_t base = parse_mark(p);
	while (parse_peek(p, 0)->type != closer) {
		parse_push(p, param(p));
		if (!parse_accept(p, TOK_COMMA))
			break;
	}
	parse_expect_close(p, closer, open, true);
	owner->params = parse_collect(p, base, &owner->nparams);
}

/* ('(' params ')')? */
static void opt_params(struct parser *p, struct ast *owner)
{
	enum lex_tok t = parse_peek(p, 0)->type;
	if (t != TOK_LPAREN && t != TOK_WSLPAREN)
		return;
	struct lex_token open = parse_next(p);
	parse_params(p, owner, TOK_RPAREN, open.loc);
}

/* classname -> NAME | WORD | CLASSREF */
static const char *class_name(struct parser *p, const char *what, size_t *len)
{
	const struct lex_token *t = parse_peek(p, 0);
	switch (t->type) {
	case TOK_NAME:
	case TOK_WORD:
	case TOK_CLASSREF:
		break;
	case TOK_CLASS:
		parse_error(p, t->loc, "syntax error: 'class' keyword not allowed at this location");
	case TOK_STRING:
		parse_error(p, t->loc, "syntax error: a quoted string is not valid as a name here");
	default:
		parse_error(p, t->loc, "syntax error: unexpected %s, expected the %s name",
			    parse_describe(p, t), what);
	}
	struct lex_token nt = parse_next(p);
	if (nt.type == TOK_WORD && strchr(nt.str, '-'))
		warn(p, nt.loc, "'%s' is not a valid %s name in Puppet 4 and later (legacy hyphen)",
		     nt.str, what);
	*len = nt.slen;
	return nt.str;
}

/* hostname -> STRING | DEFAULT | REGEX | dotted name (mc1.example.org) */
static struct ast *hostname(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	struct lex_token nt;
	switch (t->type) {
	case TOK_STRING:
		nt = parse_next(p);
		struct ast *s = parse_node(p, AST_STRING, nt.loc);
		s->str = nt.str;
		s->len = nt.slen;
		return s;
	case TOK_DQPRE:
		parse_error(p, t->loc, "syntax error: a node name cannot be an interpolated string");
	case TOK_DEFAULT:
		nt = parse_next(p);
		return parse_node(p, AST_DEFAULT, nt.loc);
	case TOK_REGEX:
		nt = parse_next(p);
		struct ast *r = parse_node(p, AST_REGEX, nt.loc);
		r->str = nt.str;
		r->len = nt.slen;
		return r;
	case TOK_NAME: case TOK_WORD: case TOK_INT: case TOK_FLOAT:
		break;
	default:
		parse_error(p, t->loc, "syntax error: unexpected %s, expected a node name",
			    parse_describe(p, t));
	}
	/* NAME ('.' (NAME | NUMBER))*: the source text, as written */
	nt = parse_next(p);
	const char *start = nt.text, *end = nt.text + nt.len;
	struct srcloc loc = nt.loc;
	while (parse_peek(p, 0)->type == TOK_DOT) {
		enum lex_tok k = parse_peek(p, 1)->type;
		if (k != TOK_NAME && k != TOK_WORD && k != TOK_INT && k != TOK_FLOAT)
			break;
		parse_next(p);
		nt = parse_next(p);
		if (nt.text > end)
			end = nt.text + nt.len;
	}
	struct ast *n = parse_node(p, AST_NAME, loc);
	n->len = (size_t)(end - start);
	n->str = arena_memdupz(p->arena, start, n->len);
	return n;
}

/* node -> 'node' hostname (',' hostname)* ','? ('inherits' hostname)? block */
static struct ast *node_def(struct parser *p)
{
	struct lex_token t = parse_next(p);
	struct ast *n = parse_node(p, AST_NODE, t.loc);
	size_t base = parse_mark(p);
	do {
		if (parse_peek(p, 0)->type == TOK_LBRACE && parse_mark(p) > base)
			break;
		parse_push(p, hostname(p));
	} while (parse_accept(p, TOK_COMMA));
	n->kids = parse_collect(p, base, &n->nkids);
	if (parse_peek(p, 0)->type == TOK_INHERITS) {
		struct lex_token it = parse_next(p);
		struct ast *parent = hostname(p);
		warn(p, it.loc, "node inheritance is not supported by Puppet 4 and later (legacy)");
		n->parent = parent->kind == AST_DEFAULT ? "default" : parent->str;
	}
	n->b = parse_block(p);
	return n;
}

/*
 * The full name of a class, defined type or function: like Puppet, one
 * defined inside a class body is named inside that class ("a::b"), and a
 * leading "::" is dropped.
 */
static const char *qualify(struct parser *p, const char *name, size_t *len)
{
	if (p->ns)
		name = arena_strfmt(p->arena, "%s::%s", p->ns, name);
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	*len = strlen(name);
	return name;
}

/* The qualified name of a class, define or function into n->str/len. */
static void def_name(struct parser *p, struct ast *n, const char *what)
{
	size_t len;
	n->str = qualify(p, class_name(p, what, &len), &len);
	n->len = (uint32_t)len;
}

/* class -> 'class' classname params? ('inherits' (classname | 'default'))? block */
static struct ast *class_def(struct parser *p)
{
	struct lex_token t = parse_next(p);
	struct ast *n = parse_node(p, AST_CLASS, t.loc);
	def_name(p, n, "class");
	opt_params(p, n);
	if (parse_accept(p, TOK_INHERITS)) {
		size_t len;
		if (parse_peek(p, 0)->type == TOK_DEFAULT) {
			parse_next(p);
			n->parent = "default";
		} else {
			n->parent = class_name(p, "class", &len);
		}
	}
	const char *outer = p->ns;
	p->ns = n->str;
	n->b = parse_block(p);
	p->ns = outer;
	return n;
}

/*
 * Like Puppet, "type T = { ... }" means Object[{ ... }] and "type T = P
 * { ... }" means Object[{ ..., parent => P }] (unless P is Object or
 * TypeSet, which take the hash themselves).
 */
static struct ast *object_type(struct parser *p, struct ast *parent,
			       struct ast *hash)
{
	struct ast *type = parent;
	if (!parent || (strcmp(parent->str, "Object") && strcmp(parent->str, "TypeSet"))) {
		type = parse_node(p, AST_TYPEREF, parent ? parent->loc : hash->loc);
		type->str = "Object";
		type->len = 6;
	}
	if (parent && type != parent) {
		struct ast *k = parse_node(p, AST_NAME, parent->loc);
		k->str = "parent";
		k->len = 6;
		struct ast *pair = parse_node(p, AST_PAIR, parent->loc);
		pair->a = k;
		pair->b = parent;
		size_t n = hash->nkids + 1;
		struct ast **kids = arena_alloc_packed(p->nodes, n * sizeof(*kids));
		if (hash->nkids)
			memcpy(kids, hash->kids, hash->nkids * sizeof(*kids));
		kids[hash->nkids++] = pair;
		hash->kids = kids;
	}
	struct ast *acc = parse_node(p, AST_ACCESS, type->loc);
	acc->a = type;
	acc->kids = arena_alloc_packed(p->nodes, sizeof(*acc->kids));
	acc->kids[0] = hash;
	acc->nkids = 1;
	return acc;
}

/* type_alias -> 'type' CLASSREF '=' (type | type hash | hash | array) */
static struct ast *type_alias(struct parser *p)
{
	struct lex_token t = parse_next(p);
	const struct lex_token *nt = parse_peek(p, 0);
	if (nt->type != TOK_CLASSREF)
		parse_error(p, nt->loc, "syntax error: unexpected %s, expected a type name after 'type'",
			    parse_describe(p, nt));
	struct lex_token name = parse_next(p);
	struct ast *n = parse_node(p, AST_TYPE_ALIAS, t.loc);
	n->str = name.str;
	n->len = name.slen;
	parse_expect(p, TOK_EQUALS);
	const struct lex_token *r = parse_peek(p, 0);
	switch (r->type) {
	case TOK_CLASSREF:
		n->a = parse_type_expr(p);
		if (n->a->kind == AST_TYPEREF && parse_peek(p, 0)->type == TOK_LBRACE)
			n->a = object_type(p, n->a, parse_hash(p));
		break;
	case TOK_LBRACE: {
		struct ast *h = parse_hash(p);
		n->a = object_type(p, NULL, h);
		break;
	}
	case TOK_LBRACK:
	case TOK_LISTSTART:
		n->a = parse_array(p);
		break;
	default:
		parse_error(p, r->loc, "syntax error: unexpected %s, expected a type after '='",
			    parse_describe(p, r));
	}
	return n;
}

/* class, define, node, function and type alias definitions */
struct ast *parse_definition(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	struct ast *n;
	parse_enter(p);
	switch (t->type) {
	case TOK_CLASS:
		n = class_def(p);
		break;
	case TOK_NODE:
		n = node_def(p);
		break;
	case TOK_TYPE:
		n = type_alias(p);
		break;
	case TOK_DEFINE: {
		struct lex_token dt = parse_next(p);
		n = parse_node(p, AST_DEFINE, dt.loc);
		def_name(p, n, "defined type");
		opt_params(p, n);
		n->b = parse_block(p);
		break;
	}
	case TOK_FUNCTION: {
		struct lex_token ft = parse_next(p);
		n = parse_node(p, AST_FUNCTION, ft.loc);
		def_name(p, n, "function");
		opt_params(p, n);
		if (parse_accept(p, TOK_RSHIFT))
			n->a = parse_type_expr(p);
		n->b = parse_block(p);
		break;
	}
	default:
		parse_unexpected(p, t);
	}
	p->depth--;
	return n;
}

/* ---- entry points ---- */

static void parser_free(struct parser *p)
{
	lex_release(&p->lx);
	free(p->stack);
	free(p);
}

static struct ast *run(struct arena *a, struct arena *nodes, struct diags *d,
		       const char *file, const char *src, size_t len,
		       bool is_epp)
{
	struct parser *p = xcalloc(1, sizeof(*p));

	p->arena = a;
	p->nodes = nodes;
	p->diags = d;
	p->file = file;
	diags_add_source(d, file, src, len);
	lex_init(&p->lx, a, d, file, src, len, is_epp);
	if (setjmp(p->jb)) {
		parser_free(p);
		return NULL;
	}

	struct srcloc top = { file, 1, 1 };
	struct ast *block = parse_node(p, AST_BLOCK, top);
	if (is_epp && parse_peek(p, 0)->type == TOK_PIPE) {
		struct lex_token open = parse_next(p);
		parse_params(p, block, TOK_PIPE, open.loc);
		block->has_params = 1;
	}
	statements(p, 0, true);
	block->kids = parse_collect(p, 0, &block->nkids);
	parser_free(p);
	return block;
}

struct ast *parse_manifest(struct arena *a, struct diags *d, const char *file,
			   const char *src, size_t len)
{
	return run(a, a, d, file, src, len, false);
}

struct ast *parse_manifest_nodes(struct arena *a, struct arena *nodes,
				 struct diags *d, const char *file,
				 const char *src, size_t len)
{
	return run(a, nodes, d, file, src, len, false);
}

struct ast *parse_epp(struct arena *a, struct diags *d, const char *file,
		      const char *src, size_t len)
{
	return run(a, a, d, file, src, len, true);
}
