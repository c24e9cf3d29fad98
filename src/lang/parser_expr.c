/* SPDX-License-Identifier: MIT */
/* parser_expr.c: Puppet expressions: operators, literals, strings, calls */
#include "util/compat.h"
#include "lang/parser-internal.h"
#include "util/arena.h"

/*
 * Binding, loosest first, as in Puppet's egrammar.ra:
 *   or < and < ?{} (selector) < (< <= > >=) < (== !=) < (<< >>) < (+ -)
 *   < (* / %) < (=~ !~) < in < unary (! - *) < postfix ([] . () <||>)
 * All binary operators are left-associative. Note that == binds tighter
 * than <, and that a selector takes a whole comparison as its control.
 * Assignment, relationships and resource bodies are looser still and live
 * in parser.c.
 */
enum {
	PREC_NONE,
	PREC_OR,
	PREC_AND,
	PREC_SELECT,
	PREC_CMP,
	PREC_EQ,
	PREC_SHIFT,
	PREC_ADD,
	PREC_MUL,
	PREC_MATCH,
	PREC_IN,
};

static int binop(enum lex_tok t, enum ast_op *op)
{
	switch (t) {
	case TOK_OR: *op = OP_OR; return PREC_OR;
	case TOK_AND: *op = OP_AND; return PREC_AND;
	case TOK_QMARK: *op = OP_NONE; return PREC_SELECT;
	case TOK_LT: *op = OP_LT; return PREC_CMP;
	case TOK_LE: *op = OP_LE; return PREC_CMP;
	case TOK_GT: *op = OP_GT; return PREC_CMP;
	case TOK_GE: *op = OP_GE; return PREC_CMP;
	case TOK_ISEQUAL: *op = OP_EQ; return PREC_EQ;
	case TOK_NOTEQUAL: *op = OP_NE; return PREC_EQ;
	case TOK_LSHIFT: *op = OP_SHL; return PREC_SHIFT;
	case TOK_RSHIFT: *op = OP_SHR; return PREC_SHIFT;
	case TOK_PLUS: *op = OP_ADD; return PREC_ADD;
	case TOK_MINUS: *op = OP_SUB; return PREC_ADD;
	case TOK_TIMES: *op = OP_MUL; return PREC_MUL;
	case TOK_DIV: *op = OP_DIV; return PREC_MUL;
	case TOK_MODULO: *op = OP_MOD; return PREC_MUL;
	case TOK_MATCH: *op = OP_MATCH; return PREC_MATCH;
	case TOK_NOMATCH: *op = OP_NMATCH; return PREC_MATCH;
	case TOK_IN: *op = OP_IN; return PREC_IN;
	default: *op = OP_NONE; return PREC_NONE;
	}
}

/* Moves runs of AST_PAIR kids into one AST_HASH each ("f(a => 1, b => 2)"). */
static struct ast **collect_args(struct parser *p, size_t base, size_t *n)
{
	size_t out = base;
	for (size_t i = base; i < p->nstack;) {
		if (p->stack[i]->kind != AST_PAIR) {
			p->stack[out++] = p->stack[i++];
			continue;
		}
		size_t j = i;
		while (j < p->nstack && p->stack[j]->kind == AST_PAIR)
			j++;
		struct ast *h = parse_node(p, AST_HASH, p->stack[i]->loc);
		h->nkids = j - i;
		h->kids = arena_alloc_packed(p->nodes, h->nkids * sizeof(*h->kids));
		memcpy(h->kids, p->stack + i, h->nkids * sizeof(*h->kids));
		p->stack[out++] = h;
		i = j;
	}
	p->nstack = out;
	return parse_collect(p, base, n);
}

/* keywords that stand for their own name as a hash key or array entry */
static bool entry_keyword(struct parser *p)
{
	enum lex_tok t = parse_peek(p, 0)->type;
	if (t != TOK_TYPE && t != TOK_FUNCTION)
		return false;
	switch (parse_peek(p, 1)->type) {
	case TOK_COMMA: case TOK_RBRACK: case TOK_RPAREN: case TOK_FARROW:
	case TOK_RBRACE:
		return true;
	default:
		return false;
	}
}

/* hash_entry -> assignment | 'type' | 'function' */
static struct ast *hash_entry(struct parser *p)
{
	if (entry_keyword(p)) {
		struct lex_token t = parse_next(p);
		struct ast *s = parse_node(p, AST_STRING, t.loc);
		s->str = t.str;
		s->len = t.slen;
		return s;
	}
	return parse_assignment(p);
}

/* argument -> hash_entry ('=>' hash_entry)?: pairs are merged later */
static void argument(struct parser *p)
{
	struct ast *e = hash_entry(p);
	if (parse_peek(p, 0)->type == TOK_FARROW) {
		parse_next(p);
		struct ast *pair = parse_node(p, AST_PAIR, e->loc);
		pair->a = e;
		pair->b = hash_entry(p);
		e = pair;
	}
	parse_push(p, e);
}

/* arguments -> argument (',' argument)* ','? closer */
static void arguments(struct parser *p, struct ast *owner, enum lex_tok closer,
		      struct srcloc open)
{
	size_t base = parse_mark(p);
	while (parse_peek(p, 0)->type != closer) {
		argument(p);
		if (!parse_accept(p, TOK_COMMA))
			break;
	}
	parse_expect_close(p, closer, open, true);
	owner->kids = collect_args(p, base, &owner->nkids);
}

/* array -> '[' (argument (',' argument)* ','?)? ']' */
struct ast *parse_array(struct parser *p)
{
	struct lex_token open = parse_next(p);
	struct ast *n = parse_node(p, AST_ARRAY, open.loc);
	arguments(p, n, TOK_RBRACK, open.loc);
	return n;
}

/* hash -> '{' (hash_entry '=>' hash_entry (',' ...)* ','?)? '}' */
struct ast *parse_hash(struct parser *p)
{
	struct lex_token open = parse_next(p);
	struct ast *n = parse_node(p, AST_HASH, open.loc);
	size_t base = parse_mark(p);
	while (parse_peek(p, 0)->type != TOK_RBRACE) {
		struct ast *k = hash_entry(p);
		const struct lex_token *t = parse_peek(p, 0);
		if (t->type != TOK_FARROW)
			parse_error(p, t->loc, "syntax error: unexpected %s, expected '=>' after hash key",
				    parse_describe(p, t));
		parse_next(p);
		struct ast *pair = parse_node(p, AST_PAIR, k->loc);
		pair->a = k;
		pair->b = hash_entry(p);
		parse_push(p, pair);
		if (!parse_accept(p, TOK_COMMA))
			break;
	}
	parse_expect_close(p, TOK_RBRACE, open.loc, true);
	n->kids = parse_collect(p, base, &n->nkids);
	return n;
}

/* access -> expr '[' access_arg (',' access_arg)* ','? ']' */
void parse_access_args(struct parser *p, struct ast *acc, struct srcloc open)
{
	size_t base = parse_mark(p);
	do {
		if (parse_peek(p, 0)->type == TOK_RBRACK)
			break;
		struct ast *e = parse_expr(p);
		if (parse_accept(p, TOK_FARROW)) {
			struct ast *pair = parse_node(p, AST_PAIR, e->loc);
			pair->a = e;
			pair->b = hash_entry(p);
			e = pair;
		}
		parse_push(p, e);
	} while (parse_accept(p, TOK_COMMA));
	if (parse_mark(p) == base)
		parse_unexpected(p, parse_peek(p, 0));
	parse_expect_close(p, TOK_RBRACK, open, true);
	acc->kids = collect_args(p, base, &acc->nkids);
}

/* type -> CLASSREF ('[' access_args ']')? */
struct ast *parse_type_expr(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	if (t->type != TOK_CLASSREF)
		parse_error(p, t->loc, "syntax error: unexpected %s, expected a type name",
			    parse_describe(p, t));
	struct lex_token tt = parse_next(p);
	struct ast *n = parse_node(p, AST_TYPEREF, tt.loc);
	n->str = tt.str;
	n->len = tt.slen;
	if (parse_peek(p, 0)->type == TOK_LBRACK) {
		struct lex_token open = parse_next(p);
		struct ast *acc = parse_node(p, AST_ACCESS, n->loc);
		acc->a = n;
		parse_access_args(p, acc, open.loc);
		n = acc;
	}
	return n;
}

/* ---- strings ---- */

static struct ast *string_node(struct parser *p, const struct lex_token *t)
{
	struct ast *s = parse_node(p, AST_STRING, t->loc);
	s->str = t->str;
	s->len = t->slen;
	return s;
}

static bool interp_name(enum lex_tok t)
{
	switch (t) {
	case TOK_NAME: case TOK_WORD: case TOK_INT: case TOK_FLOAT:
		return true;
	default:
		return t >= TOK_AND && t <= TOK_UNLESS;
	}
}

/*
 * The expression of one "${...}" (or the variable of a "$x"). As in
 * Puppet, a lone name, or a name followed by '[' or '.', is a variable:
 * "${x}", "${x[0]}", "${x.upcase}"; anything else is an expression.
 */
static struct ast *interp_expr(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	if (interp_name(t->type)) {
		enum lex_tok n = parse_peek(p, 1)->type;
		if (n == TOK_DQMID || n == TOK_DQPOST) {
			struct lex_token nt = parse_next(p);
			struct ast *v = parse_node(p, AST_VAR, nt.loc);
			v->str = nt.str;
			v->len = nt.slen;
			return v;
		}
		if (n == TOK_DOT || n == TOK_LBRACK)
			p->interp_var = true;
	}
	return parse_assignment(p);
}

/* dq_string -> DQPRE expr (DQMID expr)* DQPOST, or STRING */
struct ast *parse_string_tok(struct parser *p)
{
	struct lex_token t = parse_next(p);
	if (t.type == TOK_STRING)
		return string_node(p, &t);
	if (t.type != TOK_DQPRE)
		parse_unexpected(p, &t);
	struct ast *n = parse_node(p, AST_CONCAT, t.loc);
	size_t base = parse_mark(p);
	if (t.slen)
		parse_push(p, string_node(p, &t));
	for (;;) {
		parse_push(p, interp_expr(p));
		struct lex_token part = parse_next(p);
		if (part.type != TOK_DQMID && part.type != TOK_DQPOST)
			parse_error(p, part.loc, "syntax error: unexpected %s in string interpolation",
				    parse_describe(p, &part));
		if (part.slen)
			parse_push(p, string_node(p, &part));
		if (part.type == TOK_DQPOST)
			break;
	}
	n->kids = parse_collect(p, base, &n->nkids);
	return n;
}

/* ---- postfix: access, calls, methods, lambdas, collectors ---- */

/* lambda -> '|' params '|' ('>>' type)? block */
static struct ast *lambda(struct parser *p)
{
	struct lex_token open = parse_next(p);
	struct ast *l = parse_node(p, AST_LAMBDA, open.loc);
	parse_params(p, l, TOK_PIPE, open.loc);
	if (parse_accept(p, TOK_RSHIFT))
		l->a = parse_type_expr(p);
	l->b = parse_block(p);
	return l;
}

static void maybe_lambda(struct parser *p, struct ast *call)
{
	if (parse_peek(p, 0)->type == TOK_PIPE)
		call->lambda = lambda(p);
}

static bool is_type_callee(const struct ast *e)
{
	return e->kind == AST_TYPEREF ||
	       (e->kind == AST_ACCESS && e->a->kind == AST_TYPEREF);
}

/* Whether a name is a real NAME token's (not a bare word like foo-bar). */
static bool is_plain_name(const struct ast *e)
{
	return e->kind == AST_NAME && !strchr(e->str, '-') && e->str[0] != '_' &&
	       !strstr(e->str, "::_");
}

/* call -> expr '(' arguments ')' lambda? */
static struct ast *call(struct parser *p, struct ast *callee)
{
	const struct lex_token *t = parse_peek(p, 0);
	struct ast *c;
	if (is_plain_name(callee)) {
		c = parse_node(p, AST_CALL, callee->loc);
		c->str = callee->str;
		c->len = callee->len;
	} else if (is_type_callee(callee)) {
		c = parse_node(p, AST_METHOD, callee->loc);
		c->str = "new";
		c->len = 3;
		c->a = callee;
	} else {
		parse_error(p, t->loc, "syntax error: unexpected '(': only a function name or a type can be called");
	}
	struct lex_token open = parse_next(p);
	arguments(p, c, TOK_RPAREN, open.loc);
	maybe_lambda(p, c);
	return c;
}

/* method -> expr '.' NAME ('(' arguments ')')? lambda? */
static struct ast *method(struct parser *p, struct ast *recv)
{
	parse_next(p);
	const struct lex_token *t = parse_peek(p, 0);
	if (t->type != TOK_NAME && t->type != TOK_TYPE)
		parse_error(p, t->loc, "syntax error: unexpected %s after '.', expected a function name",
			    parse_describe(p, t));
	struct lex_token nt = parse_next(p);
	struct ast *m = parse_node(p, AST_METHOD, recv->loc);
	m->str = nt.str;
	m->len = nt.slen;
	m->a = recv;
	if (parse_peek(p, 0)->type == TOK_LPAREN) {
		struct lex_token open = parse_next(p);
		arguments(p, m, TOK_RPAREN, open.loc);
	}
	maybe_lambda(p, m);
	return m;
}

/* collect -> TYPE ('<|' expr? '|>' | '<<|' expr? '|>>') ('{' attr_ops '}')? */
static struct ast *collector(struct parser *p, struct ast *type)
{
	struct lex_token open = parse_next(p);
	bool exported = open.type == TOK_LLCOLLECT;
	enum lex_tok closer = exported ? TOK_RRCOLLECT : TOK_RCOLLECT;
	if (type->kind != AST_TYPEREF)
		parse_error(p, open.loc, "syntax error: a collector needs a resource type name, like 'File <| |>'");
	struct ast *c = parse_node(p, AST_COLLECT, type->loc);
	c->a = type;
	c->op = exported ? OP_EXPORTED : OP_NONE;
	if (parse_peek(p, 0)->type != closer)
		c->b = parse_expr(p);
	parse_expect_close(p, closer, open.loc, false);
	if (parse_peek(p, 0)->type == TOK_LBRACE) {
		struct lex_token brace = parse_next(p);
		size_t base = parse_mark(p);
		parse_attr_ops(p);
		parse_expect_close(p, TOK_RBRACE, brace.loc, true);
		c->kids = parse_collect(p, base, &c->nkids);
	}
	return c;
}

static struct ast *postfix(struct parser *p)
{
	struct ast *e = parse_primary(p);
	for (;;) {
		switch (parse_peek(p, 0)->type) {
		case TOK_LBRACK: {
			struct lex_token open = parse_next(p);
			struct ast *acc = parse_node(p, AST_ACCESS, e->loc);
			acc->a = e;
			parse_access_args(p, acc, open.loc);
			e = acc;
			break;
		}
		case TOK_DOT:
			e = method(p, e);
			break;
		case TOK_LPAREN:
			e = call(p, e);
			break;
		case TOK_LCOLLECT:
		case TOK_LLCOLLECT:
			e = collector(p, e);
			break;
		default:
			return e;
		}
	}
}

/* ---- unary and binary ---- */

static struct ast *unary(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	enum ast_op op;
	switch (t->type) {
	case TOK_NOT: op = OP_NOT; break;
	case TOK_MINUS: op = OP_NEG; break;
	case TOK_TIMES: op = OP_SPLAT; break;
	default:
		return postfix(p);
	}
	struct lex_token ot = parse_next(p);
	parse_enter(p);
	struct ast *n = parse_node(p, AST_UNARY, ot.loc);
	n->op = op;
	n->a = unary(p);
	p->depth--;
	return n;
}

/*
 * selector -> expr '?' (entry | '{' entry (',' entry)* ','? '}')
 * entry -> expr '=>' expr
 */
static struct ast *selector(struct parser *p, struct ast *ctl)
{
	struct ast *s = parse_node(p, AST_SELECTOR, ctl->loc);
	s->a = ctl;
	size_t base = parse_mark(p);
	bool braced = parse_peek(p, 0)->type == TOK_SELBRACE;
	struct lex_token open;
	if (braced)
		open = parse_next(p);
	do {
		if (braced && parse_peek(p, 0)->type == TOK_RBRACE)
			break;
		struct ast *k = parse_expr(p);
		const struct lex_token *t = parse_peek(p, 0);
		if (t->type != TOK_FARROW)
			parse_error(p, t->loc, "syntax error: unexpected %s, expected '=>' in selector",
				    parse_describe(p, t));
		parse_next(p);
		struct ast *pair = parse_node(p, AST_PAIR, k->loc);
		pair->a = k;
		pair->b = parse_expr(p);
		parse_push(p, pair);
	} while (braced && parse_accept(p, TOK_COMMA));
	if (braced) {
		if (parse_mark(p) == base)
			parse_unexpected(p, parse_peek(p, 0));
		parse_expect_close(p, TOK_RBRACE, open.loc, true);
	}
	s->kids = parse_collect(p, base, &s->nkids);
	return s;
}

static struct ast *binary(struct parser *p, int minprec)
{
	struct ast *left = unary(p);
	for (;;) {
		enum ast_op op;
		int prec = binop(parse_peek(p, 0)->type, &op);
		if (prec == PREC_NONE || prec < minprec)
			return left;
		parse_next(p);
		if (prec == PREC_SELECT) {
			left = selector(p, left);
			continue;
		}
		parse_enter(p);
		struct ast *right = binary(p, prec + 1);
		p->depth--;
		struct ast *n = parse_node(p, AST_BINARY, left->loc);
		n->op = op;
		n->a = left;
		n->b = right;
		left = n;
	}
}

/* expression: everything but assignment, relationships and resources */
struct ast *parse_expr(struct parser *p)
{
	parse_enter(p);
	struct ast *e = binary(p, PREC_OR);
	p->depth--;
	return e;
}

/* ---- primaries ---- */

static struct ast *number_node(struct parser *p, const struct lex_token *t)
{
	struct ast *n = parse_node(p, t->type == TOK_INT ? AST_INT : AST_FLOAT, t->loc);
	n->str = t->str;
	n->len = t->slen;
	if (t->type == TOK_INT)
		n->ival = t->ival;
	else
		n->fval = t->fval;
	return n;
}

static struct ast *name_node(struct parser *p, enum ast_kind kind,
			     const struct lex_token *t)
{
	struct ast *n = parse_node(p, kind, t->loc);
	n->str = t->str;
	n->len = t->slen;
	return n;
}

struct ast *parse_primary(struct parser *p)
{
	const struct lex_token *t = parse_peek(p, 0);
	struct lex_token tt;

	if (p->interp_var) {
		/* "${x[0]}", "${x.m}": the name is a variable */
		p->interp_var = false;
		tt = parse_next(p);
		return name_node(p, AST_VAR, &tt);
	}
	switch (t->type) {
	case TOK_VARIABLE:
		tt = parse_next(p);
		return name_node(p, AST_VAR, &tt);
	case TOK_INT:
	case TOK_FLOAT:
		tt = parse_next(p);
		return number_node(p, &tt);
	case TOK_STRING:
	case TOK_DQPRE:
		return parse_string_tok(p);
	case TOK_HEREDOC: {
		tt = parse_next(p);
		struct ast *s = parse_string_tok(p);
		s->loc = tt.loc;
		return s;
	}
	case TOK_REGEX:
		tt = parse_next(p);
		return name_node(p, AST_REGEX, &tt);
	case TOK_NAME:
	case TOK_WORD:
		tt = parse_next(p);
		return name_node(p, AST_NAME, &tt);
	case TOK_CLASSREF:
		tt = parse_next(p);
		return name_node(p, AST_TYPEREF, &tt);
	case TOK_TRUE:
	case TOK_FALSE: {
		tt = parse_next(p);
		struct ast *b = parse_node(p, AST_BOOL, tt.loc);
		b->ival = tt.type == TOK_TRUE;
		return b;
	}
	case TOK_UNDEF:
		tt = parse_next(p);
		return parse_node(p, AST_UNDEF, tt.loc);
	case TOK_DEFAULT:
		tt = parse_next(p);
		return parse_node(p, AST_DEFAULT, tt.loc);
	case TOK_LISTSTART:
	case TOK_LBRACK: {
		parse_enter(p);
		struct ast *a = parse_array(p);
		p->depth--;
		return a;
	}
	case TOK_LBRACE: {
		parse_enter(p);
		struct ast *h = parse_hash(p);
		p->depth--;
		return h;
	}
	case TOK_LPAREN:
	case TOK_WSLPAREN: {
		struct lex_token open = parse_next(p);
		parse_enter(p);
		struct ast *e = parse_assignment(p);
		p->depth--;
		parse_expect_close(p, TOK_RPAREN, open.loc, false);
		return e;
	}
	case TOK_IF:
		return parse_if(p);
	case TOK_UNLESS:
		return parse_unless(p);
	case TOK_CASE:
		return parse_case(p);
	case TOK_CLASS:
	case TOK_DEFINE:
	case TOK_NODE:
	case TOK_FUNCTION:
		return parse_definition(p);
	case TOK_TYPE:
		if (parse_peek(p, 1)->type == TOK_LPAREN) {
			/* type(...) is a call of the function "type" */
			tt = parse_next(p);
			return name_node(p, AST_NAME, &tt);
		}
		return parse_definition(p);
	case TOK_ATTR:
	case TOK_PRIVATE:
		parse_error(p, t->loc, "syntax error: '%s' is a reserved word", t->str);
	case TOK_RENDER_STRING:
		tt = parse_next(p);
		return name_node(p, AST_EPP_TEXT, &tt);
	case TOK_RENDER_EXPR: {
		tt = parse_next(p);
		struct ast *r = parse_node(p, AST_EPP_RENDER, tt.loc);
		r->a = parse_expr(p);
		const struct lex_token *e = parse_peek(p, 0);
		if (e->type != TOK_EPP_END && e->type != TOK_EPP_END_TRIM)
			parse_error(p, e->loc, "syntax error: unexpected %s, expected '%%>' to close '<%%=' at line %u",
				    parse_describe(p, e), tt.loc.line);
		parse_next(p);
		return r;
	}
	case TOK_AT:
	case TOK_ATAT:
		parse_error(p, t->loc, "syntax error: '%s' can only be applied to a resource declaration",
			    t->type == TOK_AT ? "@" : "@@");
	default:
		parse_unexpected(p, t);
	}
}
