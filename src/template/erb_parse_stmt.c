/* SPDX-License-Identifier: MIT */
/* erb_parse_stmt.c: Ruby's compound statements: if, case, while, for, begin, multiple assignment */
#include "util/compat.h"
#include "template/erb-internal.h"
#include "util/arena.h"

/* The productions here are called from erb_parse.c (see the grammar notes
 * there); they share its parser state and helpers (erb_p_*). */

/* Statements up to `then`, a newline or ';' (if/unless/when/elsif). */
static bool parse_then(struct erb_parser *ps)
{
	if (ps->tok.t != TK_THEN && ps->tok.t != TK_NL)
		return erb_p_unexpected(ps), false;
	erb_p_skip_nl(ps);
	erb_p_accept(ps, TK_THEN);
	return true;
}

/* if_rest -> expr then compstmt (elsif expr then compstmt)* [else compstmt] end */
struct erb_node *erb_p_parse_if_rest(struct erb_parser *ps, bool unless,
				      struct srcloc opener)
{
	struct erb_node *n = erb_p_node(ps, N_IF, ps->tok.loc);
	n->loc = opener;
	n->a = erb_p_parse_expr(ps);
	if (ps->failed || !parse_then(ps))
		return NULL;
	struct erb_node *body = erb_p_parse_compstmt(ps);
	if (unless)
		n->c = body;
	else
		n->b = body;
	if (!unless && ps->tok.t == TK_ELSIF) {
		struct srcloc el = ps->tok.loc;
		erb_p_next(ps);
		n->c = erb_p_parse_if_rest(ps, false, el);
		return ps->failed ? NULL : n;
	}
	if (erb_p_accept(ps, TK_ELSE)) {
		struct erb_node *e = erb_p_parse_compstmt(ps);
		if (unless)
			n->b = e;
		else
			n->c = e;
	}
	if (!erb_p_expect(ps, TK_END, "'end'", opener))
		return NULL;
	return n;
}

struct erb_node *erb_p_parse_case(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	erb_p_next(ps);
	struct erb_node *n = erb_p_node(ps, N_CASE, l);
	if (ps->tok.t != TK_NL && ps->tok.t != TK_WHEN)
		n->a = erb_p_parse_expr(ps);
	erb_p_skip_nl(ps);
	struct erb_nlist whens = { 0 };
	while (ps->tok.t == TK_WHEN && !ps->failed) {
		struct erb_node *w = erb_p_node(ps, N_WHEN, ps->tok.loc);
		erb_p_next(ps);
		struct erb_nlist vals = { 0 };
		for (;;) {
			struct srcloc vl = ps->tok.loc;
			if (erb_p_accept(ps, TK_STAR)) {
				struct erb_node *s =
					erb_p_node(ps, N_SPLAT, vl);
				s->a = erb_p_parse_arg(ps);
				erb_p_nl_add(ps, &vals, s);
			} else {
				erb_p_nl_add(ps, &vals, erb_p_parse_arg(ps));
			}
			if (!erb_p_accept(ps, TK_COMMA))
				break;
			erb_p_skip_nl(ps);
		}
		erb_p_set_kids(w, &vals);
		if (ps->failed || !parse_then(ps))
			return NULL;
		w->a = erb_p_parse_compstmt(ps);
		erb_p_nl_add(ps, &whens, w);
	}
	if (!whens.n && !ps->failed)
		return erb_p_perr(ps, ps->tok.loc, "syntax error, expected 'when' after 'case' at line %u",
			    l.line);
	erb_p_set_kids(n, &whens);
	if (erb_p_accept(ps, TK_ELSE))
		n->c = erb_p_parse_compstmt(ps);
	if (!erb_p_expect(ps, TK_END, "'end'", l))
		return NULL;
	return n;
}

struct erb_node *erb_p_parse_while(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	bool until = ps->tok.t == TK_UNTIL;
	erb_p_next(ps);
	struct erb_node *n = erb_p_node(ps, N_WHILE, l);
	if (until)
		n->flags |= NF_UNTIL;
	bool saved = ps->no_do;
	ps->no_do = true;
	n->a = erb_p_parse_expr(ps);
	ps->no_do = saved;
	if (ps->tok.t == TK_DO)
		erb_p_next(ps);
	else if (ps->tok.t == TK_NL)
		erb_p_skip_nl(ps);
	else if (!ps->failed)
		return erb_p_unexpected(ps);
	n->b = erb_p_parse_compstmt(ps);
	if (!erb_p_expect(ps, TK_END, "'end'", l))
		return NULL;
	return n;
}

struct erb_node *erb_p_parse_for(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	erb_p_next(ps);
	struct erb_node *n = erb_p_node(ps, N_FOR, l);
	struct erb_node *m = erb_p_node(ps, N_MLHS, ps->tok.loc);
	struct erb_nlist items = { 0 };
	for (;;) {
		struct erb_node *it = erb_p_parse_mlhs_item(ps, false);
		if (!it)
			return NULL;
		erb_p_nl_add(ps, &items, it);
		if (!erb_p_accept(ps, TK_COMMA))
			break;
	}
	erb_p_set_kids(m, &items);
	n->a = items.n == 1 && m->kids[0]->kind != N_SPLAT ? m->kids[0] : m;
	if (!erb_p_expect(ps, TK_IN, "'in'", (struct srcloc){ 0 }))
		return NULL;
	bool saved = ps->no_do;
	ps->no_do = true;
	n->b = erb_p_parse_expr(ps);
	ps->no_do = saved;
	if (ps->tok.t == TK_DO)
		erb_p_next(ps);
	else if (ps->tok.t == TK_NL)
		erb_p_skip_nl(ps);
	else if (!ps->failed)
		return erb_p_unexpected(ps);
	n->c = erb_p_parse_compstmt(ps);
	if (!erb_p_expect(ps, TK_END, "'end'", l))
		return NULL;
	return n;
}

/* begin compstmt (rescue [classes] [=> var] then compstmt)* [else] [ensure] end */
/* The rest of begin and of a method body: rescue, else, ensure, end. */
static struct erb_node *begin_rest(struct erb_parser *ps, struct srcloc l)
{
	struct erb_node *n = erb_p_node(ps, N_BEGIN, l);
	n->a = erb_p_parse_compstmt(ps);
	struct erb_nlist rescues = { 0 };
	while (ps->tok.t == TK_RESCUE && !ps->failed) {
		struct erb_node *r = erb_p_node(ps, N_RESCUE, ps->tok.loc);
		erb_p_next(ps);
		struct erb_nlist classes = { 0 };
		while (ps->tok.t == TK_CONST) {
			erb_p_nl_add(ps, &classes, erb_p_parse_arg(ps));
			if (!erb_p_accept(ps, TK_COMMA))
				break;
		}
		erb_p_set_kids(r, &classes);
		if (erb_p_accept(ps, TK_ARROW))
			r->b = erb_p_parse_mlhs_item(ps, false);
		/* `rescue` ends its line: the lexer drops a newline there */
		erb_p_skip_nl(ps);
		erb_p_accept(ps, TK_THEN);
		if (ps->failed)
			return NULL;
		r->a = erb_p_parse_compstmt(ps);
		erb_p_nl_add(ps, &rescues, r);
	}
	erb_p_set_kids(n, &rescues);
	if (erb_p_accept(ps, TK_ELSE))
		n->b = erb_p_parse_compstmt(ps);
	if (erb_p_accept(ps, TK_ENSURE))
		n->c = erb_p_parse_compstmt(ps);
	if (!erb_p_expect(ps, TK_END, "'end'", l))
		return NULL;
	return n;
}

struct erb_node *erb_p_parse_begin(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	erb_p_next(ps);
	return begin_rest(ps, l);
}

/*
 * def -> DEF name ['(' params ')' | params] body [rescue ...] END
 * params -> param (',' param)*; param -> IDENT ['=' arg] | '*' IDENT
 * The body is a scope of its own, with its own frame of locals.
 */
struct erb_node *erb_p_parse_def(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	erb_p_next(ps);
	if (ps->tok.t != TK_IDENT)
		return erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: this kind of 'def'");
	struct erb_node *n = erb_p_node(ps, N_DEF, l);
	n->name = ps->tok.s;
	erb_p_next(ps);
	if (ps->tok.t == TK_ASSIGN || ps->tok.t == TK_DOT)
		return erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: this kind of 'def'");
	struct erb_blockdef *bd = arena_alloc(ps->a, sizeof(*bd));
	bd->loc = l;
	n->blk = bd;
	uint32_t saved_slots = ps->nslots;
	bool saved_no_do = ps->no_do;
	ps->nslots = 0;
	ps->no_do = false;
	erb_p_push_scope(ps);
	ps->scopes[ps->nscopes - 1].is_def = true;
	bool parens = ps->tok.t == TK_LPAREN_CALL ||
		      ps->tok.t == TK_LPAREN_ARG || ps->tok.t == TK_LPAREN;
	if (parens)
		erb_p_next(ps);
	struct erb_node *m = erb_p_node(ps, N_MLHS, l);
	struct erb_nlist params = { 0 };
	while (!ps->failed && ps->tok.t != TK_NL && ps->tok.t != TK_RPAREN) {
		struct srcloc pl = ps->tok.loc;
		bool splat = erb_p_accept(ps, TK_STAR);
		if (ps->tok.t != TK_IDENT)
			return erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: this kind of method parameter");
		struct erb_node *v = erb_p_node(ps, N_LVAR, pl);
		v->name = ps->tok.s;
		v->slot = erb_p_declare_param(ps, ps->tok.s);
		erb_p_next(ps);
		if (splat) {
			struct erb_node *sp = erb_p_node(ps, N_SPLAT, pl);
			sp->a = v;
			v = sp;
			bd->has_splat = true;
		} else if (erb_p_accept(ps, TK_ASSIGN)) {
			struct erb_node *a = erb_p_node(ps, N_ASGN, pl);
			a->a = v;
			a->b = erb_p_parse_arg(ps);
			v = a;
		}
		erb_p_nl_add(ps, &params, v);
		if (!erb_p_accept(ps, TK_COMMA))
			break;
	}
	erb_p_set_kids(m, &params);
	if (parens && !erb_p_expect(ps, TK_RPAREN, "')'", l))
		return NULL;
	bd->params = m;
	bd->nparams = (uint32_t)params.n;
	struct erb_node *body = begin_rest(ps, l);
	if (body && !body->nkids && !body->b && !body->c)
		body = body->a;
	bd->body = body;
	bd->slot_hi = ps->nslots;
	ps->nscopes--;
	ps->nslots = saved_slots;
	ps->no_do = saved_no_do;
	return ps->failed ? NULL : n;
}

/* mlhs_item -> IDENT | IVAR | '*' IDENT | '(' mlhs ')' */
struct erb_node *erb_p_parse_mlhs_item(struct erb_parser *ps, bool param)
{
	struct srcloc l = ps->tok.loc;
	if (erb_p_accept(ps, TK_STAR)) {
		struct erb_node *s = erb_p_node(ps, N_SPLAT, l);
		s->a = erb_p_parse_mlhs_item(ps, param);
		return s->a ? s : NULL;
	}
	if (ps->tok.t == TK_LPAREN || ps->tok.t == TK_LPAREN_CALL ||
	    ps->tok.t == TK_LPAREN_ARG) {
		erb_p_next(ps);
		struct erb_node *m = erb_p_node(ps, N_MLHS, l);
		struct erb_nlist items = { 0 };
		for (;;) {
			struct erb_node *it = erb_p_parse_mlhs_item(ps, param);
			if (!it)
				return NULL;
			erb_p_nl_add(ps, &items, it);
			if (!erb_p_accept(ps, TK_COMMA))
				break;
		}
		erb_p_set_kids(m, &items);
		if (!erb_p_expect(ps, TK_RPAREN, "')'", l))
			return NULL;
		return m;
	}
	if (ps->tok.t == TK_IDENT) {
		struct erb_node *n = erb_p_node(ps, N_LVAR, l);
		n->name = ps->tok.s;
		n->slot = param ? erb_p_declare_param(ps, ps->tok.s) :
				  erb_p_declare(ps, ps->tok.s);
		erb_p_next(ps);
		return n;
	}
	if (ps->tok.t == TK_IVAR && !param) {
		struct erb_node *n = erb_p_node(ps, N_IVAR, l);
		n->name = ps->tok.s;
		erb_p_next(ps);
		return n;
	}
	return erb_p_unexpected(ps);
}

/* masgn -> mlhs_item (',' mlhs_item)* '=' arg (',' arg)* */
struct erb_node *erb_p_parse_masgn(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	struct erb_node *m = erb_p_node(ps, N_MLHS, l);
	struct erb_nlist items = { 0 };
	for (;;) {
		if (ps->tok.t == TK_ASSIGN)
			break; /* a, = x */
		struct erb_node *it = erb_p_parse_mlhs_item(ps, false);
		if (!it)
			return NULL;
		erb_p_nl_add(ps, &items, it);
		if (!erb_p_accept(ps, TK_COMMA))
			break;
	}
	erb_p_set_kids(m, &items);
	struct srcloc el = ps->tok.loc;
	if (!erb_p_expect(ps, TK_ASSIGN, "'='", (struct srcloc){ 0 }))
		return NULL;
	erb_p_skip_nl(ps);
	struct erb_node *x = erb_p_node(ps, N_MASGN, el);
	x->a = m;
	struct erb_node *first =
		ps->tok.t == TK_STAR ? NULL : erb_p_parse_arg(ps);
	if (first && ps->tok.t != TK_COMMA) {
		x->b = first;
		return ps->failed ? NULL : x;
	}
	struct erb_node *arr = erb_p_node(ps, N_ARRAY, el);
	struct erb_nlist vals = { 0 };
	if (first) {
		erb_p_nl_add(ps, &vals, first);
		erb_p_next(ps);
	}
	for (;;) {
		struct srcloc vl = ps->tok.loc;
		if (erb_p_accept(ps, TK_STAR)) {
			struct erb_node *s = erb_p_node(ps, N_SPLAT, vl);
			s->a = erb_p_parse_arg(ps);
			arr->flags |= NF_SPLATS;
			erb_p_nl_add(ps, &vals, s);
		} else {
			erb_p_nl_add(ps, &vals, erb_p_parse_arg(ps));
		}
		if (ps->failed || !erb_p_accept(ps, TK_COMMA))
			break;
	}
	erb_p_set_kids(arr, &vals);
	x->b = arr;
	return ps->failed ? NULL : x;
}

struct erb_node *erb_p_wrap_modifier(struct erb_parser *ps, struct erb_node *n)
{
	while (n && !ps->failed) {
		struct srcloc l = ps->tok.loc;
		enum erb_tok t = ps->tok.t;
		if (t != TK_IF && t != TK_UNLESS && t != TK_WHILE &&
		    t != TK_UNTIL && t != TK_RESCUE)
			break;
		erb_p_next(ps);
		struct erb_node *cond = t == TK_RESCUE ? erb_p_parse_arg(ps) :
							 erb_p_parse_expr(ps);
		if (!cond)
			return NULL;
		struct erb_node *x;
		if (t == TK_IF || t == TK_UNLESS) {
			x = erb_p_node(ps, N_IF, l);
			x->a = cond;
			if (t == TK_IF)
				x->b = n;
			else
				x->c = n;
		} else if (t == TK_RESCUE) {
			/* x = a rescue b is x = (a rescue b) */
			struct erb_node *holder = NULL;
			if (n->kind == N_ASGN || n->kind == N_OPASGN) {
				holder = n;
				n = n->b;
			}
			x = erb_p_node(ps, N_BEGIN, l);
			x->a = n;
			struct erb_node *r = erb_p_node(ps, N_RESCUE, l);
			r->a = cond;
			struct erb_nlist rl = { 0 };
			erb_p_nl_add(ps, &rl, r);
			erb_p_set_kids(x, &rl);
			if (holder) {
				holder->b = x;
				x = holder;
			}
		} else {
			x = erb_p_node(ps, N_WHILE, l);
			x->a = cond;
			x->b = n;
			if (t == TK_UNTIL)
				x->flags |= NF_UNTIL;
			if (n->kind == N_BEGIN && !n->nkids && !n->c)
				x->flags |= NF_DOWHILE;
		}
		n = x;
	}
	return n;
}
