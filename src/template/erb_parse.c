/* SPDX-License-Identifier: MIT */
/* erb_parse.c: the Ruby of an ERB template into an AST */
#include "util/compat.h"
#include "template/erb-internal.h"
#include "lang/regex.h"
#include "util/arena.h"
#include "util/err.h"

/*
 * A recursive-descent parser for the part of Ruby's grammar that Puppet
 * templates use, with Ruby's precedences (lowest first): statement
 * modifiers; and/or; not; = and op-assignments; ?: ; .. ...; ||; &&;
 * == != =~ !~ <=> ===; < <= > >=; | ^; &; << >>; + -; * / %; unary -;
 * **; ! ~ unary +; then method calls and indexing.
 *
 * Locals are resolved here, as Ruby does: a name is a local once it has
 * been assigned (or is a block parameter) earlier in the text; every
 * local gets a slot in one frame. A block's own locals are reset to nil at
 * each call of the block. A bare name that is not a local and takes no
 * arguments is a Puppet variable (N_VCALL), unless it is one of the few
 * methods templates call without a receiver (scope, has_variable?, ...).
 */

#define MAX_DEPTH 200

/* ---- scopes ---- */

static bool p_lookup_local(struct erb_parser *ps, const char *name,
			   uint32_t *slot)
{
	for (size_t s = ps->nscopes; s-- > 0;) {
		struct erb_pscope *sc = &ps->scopes[s];
		for (size_t i = sc->n; i-- > 0;)
			if (!strcmp(sc->names[i], name)) {
				if (slot)
					*slot = sc->slots[i];
				return true;
			}
		if (sc->is_def)
			break;
	}
	return false;
}

static bool is_local_cb(void *payload, const char *name)
{
	return p_lookup_local(payload, name, NULL);
}

uint32_t erb_p_declare(struct erb_parser *ps, const char *name)
{
	uint32_t slot;
	if (p_lookup_local(ps, name, &slot))
		return slot;
	struct erb_pscope *sc = &ps->scopes[ps->nscopes - 1];
	if (sc->n == sc->alloc) {
		size_t na = sc->alloc ? sc->alloc * 2 : 8;
		sc->names = arena_realloc(ps->a, sc->names,
					  sc->alloc * sizeof(*sc->names),
					  na * sizeof(*sc->names));
		sc->slots = arena_realloc(ps->a, sc->slots,
					  sc->alloc * sizeof(*sc->slots),
					  na * sizeof(*sc->slots));
		sc->alloc = na;
	}
	sc->names[sc->n] = name;
	sc->slots[sc->n] = ps->nslots;
	sc->n++;
	return ps->nslots++;
}

/* A block parameter: always a new local of the block's scope. */
uint32_t erb_p_declare_param(struct erb_parser *ps, const char *name)
{
	struct erb_pscope *sc = &ps->scopes[ps->nscopes - 1];
	for (size_t i = 0; i < sc->n; i++)
		if (!strcmp(sc->names[i], name))
			return sc->slots[i];
	if (sc->n == sc->alloc) {
		size_t na = sc->alloc ? sc->alloc * 2 : 8;
		sc->names = arena_realloc(ps->a, sc->names,
					  sc->alloc * sizeof(*sc->names),
					  na * sizeof(*sc->names));
		sc->slots = arena_realloc(ps->a, sc->slots,
					  sc->alloc * sizeof(*sc->slots),
					  na * sizeof(*sc->slots));
		sc->alloc = na;
	}
	sc->names[sc->n] = name;
	sc->slots[sc->n] = ps->nslots;
	sc->n++;
	return ps->nslots++;
}

void erb_p_push_scope(struct erb_parser *ps)
{
	if (ps->nscopes == ps->scopes_alloc) {
		size_t na = ps->scopes_alloc ? ps->scopes_alloc * 2 : 8;
		ps->scopes =
			arena_realloc(ps->a, ps->scopes,
				      ps->scopes_alloc * sizeof(*ps->scopes),
				      na * sizeof(*ps->scopes));
		ps->scopes_alloc = na;
	}
	memset(&ps->scopes[ps->nscopes++], 0, sizeof(struct erb_pscope));
}

/* ---- tokens ---- */

void erb_p_next(struct erb_parser *ps)
{
	if (ps->has_la) {
		ps->tok = ps->la;
		ps->has_la = false;
		return;
	}
	erb_lex_next(ps->lx, &ps->tok);
	if (ps->lx->failed)
		ps->failed = true;
}

const struct erb_token *erb_p_peek(struct erb_parser *ps)
{
	if (!ps->has_la) {
		erb_lex_next(ps->lx, &ps->la);
		if (ps->lx->failed)
			ps->failed = true;
		ps->has_la = true;
	}
	return &ps->la;
}

struct erb_node *erb_p_perr(struct erb_parser *ps, struct srcloc loc,
			     const char *fmt, ...)
{
	if (!ps->failed) {
		va_list ap;
		va_start(ap, fmt);
		diags_vadd(ps->d, DIAG_ERROR, loc, fmt, ap);
		va_end(ap);
	}
	ps->failed = true;
	ps->lx->failed = true;
	ps->tok.t = TK_EOF;
	ps->has_la = false;
	return NULL;
}

struct erb_node *erb_p_unexpected(struct erb_parser *ps)
{
	if (ps->tok.t == TK_IDENT || ps->tok.t == TK_CONST)
		return erb_p_perr(ps, ps->tok.loc, "syntax error, unexpected '%s'",
			    ps->tok.s);
	return erb_p_perr(ps, ps->tok.loc, "syntax error, unexpected %s",
		    erb_tok_name(ps->tok.t));
}

bool erb_p_accept(struct erb_parser *ps, enum erb_tok t)
{
	if (ps->tok.t != t)
		return false;
	erb_p_next(ps);
	return true;
}

bool erb_p_expect(struct erb_parser *ps, enum erb_tok t, const char *what,
		   struct srcloc opener)
{
	if (erb_p_accept(ps, t))
		return true;
	if (ps->failed)
		return false;
	if (opener.line)
		erb_p_perr(ps, ps->tok.loc, "syntax error, expected %s to close the one at line %u, got %s",
		     what, opener.line, erb_tok_name(ps->tok.t));
	else
		erb_p_perr(ps, ps->tok.loc, "syntax error, expected %s, got %s", what,
		     erb_tok_name(ps->tok.t));
	return false;
}

/* Newlines may stand anywhere inside brackets. */
void erb_p_skip_nl(struct erb_parser *ps)
{
	while (ps->tok.t == TK_NL)
		erb_p_next(ps);
}

/* ---- nodes ---- */

struct erb_node *erb_p_node(struct erb_parser *ps, enum erb_nk k,
			     struct srcloc loc)
{
	struct erb_node *n = arena_alloc(ps->a, sizeof(*n));
	n->kind = (uint8_t)k;
	n->loc = loc;
	return n;
}

void erb_p_nl_add(struct erb_parser *ps, struct erb_nlist *l,
		  struct erb_node *n)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 4;
		l->v = arena_realloc(ps->a, l->v, l->alloc * sizeof(*l->v),
				     na * sizeof(*l->v));
		l->alloc = na;
	}
	l->v[l->n++] = n;
}

void erb_p_set_kids(struct erb_node *n, struct erb_nlist *l)
{
	n->kids = l->v;
	n->nkids = (uint32_t)l->n;
}

static struct erb_node *p_const_val(struct erb_parser *ps, struct value *v,
				  struct srcloc loc)
{
	struct erb_node *n = erb_p_node(ps, N_CONST_VAL, loc);
	n->val = v;
	return n;
}

static struct erb_node *p_sym_node(struct erb_parser *ps, const char *s,
				   size_t len, struct srcloc loc)
{
	struct value *v = val_str(ps->a, s, len);
	erb_ptrset_add(&ps->t->syms, v);
	return p_const_val(ps, v, loc);
}

bool erb_p_enter(struct erb_parser *ps)
{
	if (++ps->depth > MAX_DEPTH) {
		erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: nesting deeper than %d",
		     MAX_DEPTH);
		return false;
	}
	return true;
}

static struct erb_node *p_parse_unary(struct erb_parser *ps);
static struct erb_node *p_parse_ternary(struct erb_parser *ps);

/* ---- strings ---- */

/* The code of an interpolation, parsed with a lexer of its own. */
static struct erb_node *parse_interp(struct erb_parser *ps,
				     const struct erb_strpart *p)
{
	if (ps->failed)
		return NULL;
	struct erb_lexer sub, *saved_lx = ps->lx;
	struct erb_token saved_tok = ps->tok, saved_la = ps->la;
	bool saved_has = ps->has_la, saved_no_do = ps->no_do;
	erb_lex_init_code(&sub, ps->a, ps->d, p->s, p->len, p->loc);
	sub.is_local = is_local_cb;
	sub.payload = ps;
	ps->lx = &sub;
	ps->has_la = false;
	ps->no_do = false;
	erb_p_next(ps);
	struct erb_node *n = erb_p_parse_compstmt(ps);
	if (!ps->failed && ps->tok.t != TK_EOF)
		n = erb_p_unexpected(ps);
	ps->lx = saved_lx;
	ps->tok = saved_tok;
	ps->la = saved_la;
	ps->has_la = saved_has;
	ps->no_do = saved_no_do;
	if (ps->failed)
		saved_lx->failed = true;
	return n;
}

/* Literal and #{} parts: N_STR for a plain string, else `kind` of parts. */
static struct erb_node *str_parts(struct erb_parser *ps,
				  const struct erb_token *t, enum erb_nk kind)
{
	if (t->nparts == 1 && !t->parts[0].is_code && kind == N_DSTR) {
		struct erb_node *n = erb_p_node(ps, N_STR, t->loc);
		n->val = val_str_borrow(ps->a, t->parts[0].s, t->parts[0].len);
		return n;
	}
	struct erb_node *n = erb_p_node(ps, kind, t->loc);
	struct erb_nlist l = { 0 };
	for (size_t i = 0; i < t->nparts; i++) {
		const struct erb_strpart *p = &t->parts[i];
		if (!p->is_code) {
			struct erb_node *s = erb_p_node(ps, N_STR, p->loc);
			s->val = val_str_borrow(ps->a, p->s, p->len);
			erb_p_nl_add(ps, &l, s);
			continue;
		}
		struct erb_node *e = parse_interp(ps, p);
		if (!e)
			return NULL;
		erb_p_nl_add(ps, &l, e);
	}
	erb_p_set_kids(n, &l);
	return n;
}

static struct erb_node *regex_literal(struct erb_parser *ps,
				      const struct erb_token *t)
{
	bool dynamic = false;
	for (size_t i = 0; i < t->nparts; i++)
		dynamic |= t->parts[i].is_code;
	if (dynamic) {
		struct erb_node *n = str_parts(ps, t, N_DREGEX);
		if (n)
			n->op = (uint16_t)t->flags;
		return n;
	}
	const char *src = t->nparts ? t->parts[0].s : "";
	size_t len = t->nparts ? t->parts[0].len : 0;
	struct value *re = val_regex(ps->a, src, len);
	if (regex_compile_src(&re->u.re.code, ps->a, src, len, t->flags) < 0)
		return erb_p_perr(ps, t->loc, "%s", err_last());
	return p_const_val(ps, re, t->loc);
}

/* ---- calls ---- */

static bool can_start_arg(const struct erb_token *t)
{
	switch (t->t) {
	case TK_INT: case TK_FLOAT: case TK_STR: case TK_REGEX: case TK_SYM:
	case TK_DSYM: case TK_WORDS: case TK_SYMBOLS: case TK_IDENT:
	case TK_CONST: case TK_IVAR: case TK_GVAR: case TK_LABEL:
	case TK_UMINUS_NUM: case TK_UMINUS: case TK_UPLUS: case TK_STAR:
	case TK_AMPER: case TK_LBRACK: case TK_LPAREN_ARG: case TK_NIL:
	case TK_TRUE: case TK_FALSE: case TK_SELF: case TK_BANG:
	case TK_DEFINED: case TK_COLON3: case TK_TILDE: case TK_NOT:
		return true;
	default:
		return false;
	}
}

/* Self methods that a bare name calls even without arguments. */
static bool is_self_method(const char *name)
{
	static const char *const names[] = {
		"scope", "has_variable?", "file", "classes", "tags", "all_tags",
		"puts", "print", "p", "raise", "fail", "loop", "lambda", "proc",
		"rand", "srand", "binding", "gets", "exit", "abort", "caller",
		"block_given?", "binding", "sleep", "require", "warn",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/*
 * call_args -> arg (',' arg)* with `*splat`, `&block`, `label: v` and
 * `k => v` pairs gathered into a trailing hash. `close` is the closing
 * token, or TK_EOF for a command call without parentheses.
 */
static bool parse_call_args(struct erb_parser *ps, struct erb_node *call,
			    enum erb_tok close)
{
	struct erb_nlist args = { 0 };
	struct erb_node *hash = NULL;
	struct erb_nlist pairs = { 0 };
	bool saved_no_do = ps->no_do;
	if (close != TK_EOF) {
		ps->no_do = false;
		erb_p_skip_nl(ps);
	} else {
		ps->no_do = true;
	}
	if (ps->tok.t != close || close == TK_EOF) {
		for (;;) {
			struct srcloc l = ps->tok.loc;
			if (ps->tok.t == TK_STAR) {
				erb_p_next(ps);
				struct erb_node *s = erb_p_node(ps, N_SPLAT, l);
				s->a = erb_p_parse_arg(ps);
				erb_p_nl_add(ps, &args, s);
				call->flags |= NF_SPLATS;
			} else if (ps->tok.t == TK_AMPER) {
				erb_p_next(ps);
				struct erb_node *b =
					erb_p_node(ps, N_BLOCK_PASS, l);
				b->a = erb_p_parse_arg(ps);
				call->c = b;
			} else if (ps->tok.t == TK_LABEL) {
				struct erb_node *k = p_sym_node(ps, ps->tok.s,
								ps->tok.len, l);
				erb_p_next(ps);
				erb_p_skip_nl(ps);
				erb_p_nl_add(ps, &pairs, k);
				erb_p_nl_add(ps, &pairs, erb_p_parse_arg(ps));
			} else {
				struct erb_node *v = erb_p_parse_arg(ps);
				if (ps->tok.t == TK_ARROW) {
					erb_p_next(ps);
					erb_p_skip_nl(ps);
					erb_p_nl_add(ps, &pairs, v);
					erb_p_nl_add(ps, &pairs,
						     erb_p_parse_arg(ps));
				} else {
					erb_p_nl_add(ps, &args, v);
				}
			}
			if (ps->failed)
				break;
			if (close != TK_EOF)
				erb_p_skip_nl(ps);
			if (!erb_p_accept(ps, TK_COMMA))
				break;
			erb_p_skip_nl(ps);
		}
	}
	ps->no_do = saved_no_do;
	if (pairs.n) {
		hash = erb_p_node(ps, N_HASH, call->loc);
		erb_p_set_kids(hash, &pairs);
		erb_p_nl_add(ps, &args, hash);
	}
	erb_p_set_kids(call, &args);
	if (ps->failed)
		return false;
	if (close != TK_EOF)
		return erb_p_expect(ps, close, close == TK_RBRACK ? "']'" : "')'",
			      call->loc);
	return true;
}

struct erb_node *erb_p_parse_mlhs_item(struct erb_parser *ps, bool param);

/* block_params -> '|' param (',' param)* [','] '|' */
static bool parse_block_params(struct erb_parser *ps, struct erb_blockdef *bd)
{
	struct srcloc l = ps->tok.loc;
	if (!erb_p_accept(ps, TK_PIPE))
		return true;
	struct erb_node *m = erb_p_node(ps, N_MLHS, l);
	struct erb_nlist items = { 0 };
	while (ps->tok.t != TK_PIPE && !ps->failed) {
		if (ps->tok.t == TK_STAR)
			bd->has_splat = true;
		if (ps->tok.t == TK_AMPER || ps->tok.t == TK_NL)
			return erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: this kind of block parameter"),
			       false;
		struct erb_node *it = erb_p_parse_mlhs_item(ps, true);
		if (!it)
			return false;
		erb_p_nl_add(ps, &items, it);
		if (ps->tok.t == TK_ASSIGN)
			return erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: default value of a block parameter"),
			       false;
		if (!erb_p_accept(ps, TK_COMMA))
			break;
		if (ps->tok.t == TK_PIPE)
			bd->trailing_comma = true;
	}
	if (!erb_p_expect(ps, TK_PIPE, "'|'", l))
		return false;
	erb_p_set_kids(m, &items);
	bd->params = m;
	bd->nparams = (uint32_t)items.n;
	return true;
}

/* brace_block -> '{' params compstmt '}'; do_block -> DO params compstmt END */
static struct erb_blockdef *parse_block(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	bool brace = ps->tok.t == TK_LBRACE;
	erb_p_next(ps);
	struct erb_blockdef *bd = arena_alloc(ps->a, sizeof(*bd));
	bd->loc = l;
	bool saved_no_do = ps->no_do;
	ps->no_do = false;
	erb_p_push_scope(ps);
	bd->slot_lo = ps->nslots;
	erb_p_skip_nl(ps);
	if (parse_block_params(ps, bd))
		bd->body = erb_p_parse_compstmt(ps);
	bd->slot_hi = ps->nslots;
	ps->nscopes--;
	ps->no_do = saved_no_do;
	if (ps->failed)
		return NULL;
	if (!erb_p_expect(ps, brace ? TK_RBRACE : TK_END, brace ? "'}'" : "'end'", l))
		return NULL;
	return bd;
}

static struct erb_node *new_call(struct erb_parser *ps, struct erb_node *recv,
				 const char *name, struct srcloc loc)
{
	struct erb_node *c = erb_p_node(ps, N_CALL, loc);
	c->a = recv;
	c->name = name;
	c->op = (uint16_t)erb_method_lookup(name);
	if (!recv)
		c->flags |= NF_SELF_CALL;
	return c;
}

/*
 * After a method name: (args) or command args, then a block. `bare`: a
 * name without receiver, which may turn out to be a Puppet variable.
 */
static struct erb_node *call_rest(struct erb_parser *ps, struct erb_node *c,
				  bool bare)
{
	bool has_args = false;
	if (ps->tok.t == TK_LPAREN_CALL) {
		erb_p_next(ps);
		c->flags |= NF_PARENS;
		if (!parse_call_args(ps, c, TK_RPAREN))
			return NULL;
		has_args = true;
	} else if (can_start_arg(&ps->tok) &&
		   !(ps->tok.t == TK_LBRACK && !ps->tok.sp)) {
		if (!parse_call_args(ps, c, TK_EOF))
			return NULL;
		has_args = true;
	}
	if (ps->tok.t == TK_LBRACE || (ps->tok.t == TK_DO && !ps->no_do)) {
		if (c->c)
			return erb_p_perr(ps, ps->tok.loc, "both block argument and literal block are passed");
		c->blk = parse_block(ps);
		if (!c->blk)
			return NULL;
		has_args = true;
	}
	if (bare && !has_args && !is_self_method(c->name)) {
		c->kind = N_VCALL;
		c->a = NULL;
	}
	return c;
}

/* ---- primary expressions ---- */

static struct erb_node *parse_array(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	erb_p_next(ps);
	struct erb_node *n = erb_p_node(ps, N_ARRAY, l);
	struct erb_nlist items = { 0 };
	bool saved = ps->no_do;
	ps->no_do = false;
	erb_p_skip_nl(ps);
	while (ps->tok.t != TK_RBRACK && !ps->failed) {
		struct srcloc il = ps->tok.loc;
		if (erb_p_accept(ps, TK_STAR)) {
			struct erb_node *s = erb_p_node(ps, N_SPLAT, il);
			s->a = erb_p_parse_arg(ps);
			n->flags |= NF_SPLATS;
			erb_p_nl_add(ps, &items, s);
		} else if (ps->tok.t == TK_LABEL) {
			/* [a, 'k' => v, l: w]: the pairs are one last hash */
			struct erb_node *h = erb_p_node(ps, N_HASH, il);
			struct erb_nlist pairs = { 0 };
			for (;;) {
				struct srcloc kl = ps->tok.loc;
				if (ps->tok.t == TK_LABEL) {
					erb_p_nl_add(ps, &pairs,
						     p_sym_node(ps, ps->tok.s,
								ps->tok.len,
								kl));
					erb_p_next(ps);
				} else {
					erb_p_nl_add(ps, &pairs,
						     erb_p_parse_arg(ps));
					if (!erb_p_expect(ps, TK_ARROW, "'=>'",
							  (struct srcloc){ 0 }))
						return NULL;
				}
				erb_p_skip_nl(ps);
				erb_p_nl_add(ps, &pairs, erb_p_parse_arg(ps));
				erb_p_skip_nl(ps);
				if (ps->failed || ps->tok.t != TK_COMMA)
					break;
				erb_p_next(ps);
				erb_p_skip_nl(ps);
				if (ps->tok.t == TK_RBRACK)
					break;
			}
			erb_p_set_kids(h, &pairs);
			erb_p_nl_add(ps, &items, h);
			break;
		} else {
			struct erb_node *v = erb_p_parse_arg(ps);
			if (ps->tok.t == TK_ARROW) {
				/* the first pair of a trailing hash */
				struct erb_node *h = erb_p_node(ps, N_HASH, il);
				struct erb_nlist pairs = { 0 };
				erb_p_nl_add(ps, &pairs, v);
				for (;;) {
					if (!erb_p_expect(ps, TK_ARROW, "'=>'",
							  (struct srcloc){ 0 }))
						return NULL;
					erb_p_skip_nl(ps);
					erb_p_nl_add(ps, &pairs,
						     erb_p_parse_arg(ps));
					erb_p_skip_nl(ps);
					if (ps->failed || ps->tok.t != TK_COMMA)
						break;
					erb_p_next(ps);
					erb_p_skip_nl(ps);
					if (ps->tok.t == TK_RBRACK)
						break;
					if (ps->tok.t == TK_LABEL) {
						erb_p_nl_add(
							ps, &pairs,
							p_sym_node(
								ps, ps->tok.s,
								ps->tok.len,
								ps->tok.loc));
						erb_p_next(ps);
						erb_p_skip_nl(ps);
						erb_p_nl_add(
							ps, &pairs,
							erb_p_parse_arg(ps));
						erb_p_skip_nl(ps);
						if (ps->tok.t != TK_COMMA)
							break;
						erb_p_next(ps);
						erb_p_skip_nl(ps);
						if (ps->tok.t == TK_RBRACK)
							break;
					}
					erb_p_nl_add(ps, &pairs,
						     erb_p_parse_arg(ps));
				}
				erb_p_set_kids(h, &pairs);
				erb_p_nl_add(ps, &items, h);
				break;
			}
			erb_p_nl_add(ps, &items, v);
		}
		erb_p_skip_nl(ps);
		if (!erb_p_accept(ps, TK_COMMA))
			break;
		erb_p_skip_nl(ps);
	}
	ps->no_do = saved;
	erb_p_set_kids(n, &items);
	if (!erb_p_expect(ps, TK_RBRACK, "']'", l))
		return NULL;
	return n;
}

static struct erb_node *parse_hash(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	erb_p_next(ps);
	struct erb_node *n = erb_p_node(ps, N_HASH, l);
	struct erb_nlist items = { 0 };
	bool saved = ps->no_do;
	ps->no_do = false;
	erb_p_skip_nl(ps);
	while (ps->tok.t != TK_RBRACE && !ps->failed) {
		struct srcloc il = ps->tok.loc;
		if (ps->tok.t == TK_LABEL) {
			erb_p_nl_add(
				ps, &items,
				p_sym_node(ps, ps->tok.s, ps->tok.len, il));
			erb_p_next(ps);
		} else if (ps->tok.t == TK_STR &&
			   erb_p_peek(ps)->t == TK_COLON &&
			   !erb_p_peek(ps)->sp) {
			/* "key": value is a symbol key */
			struct erb_token st = ps->tok;
			erb_p_next(ps);
			erb_p_next(ps);
			struct erb_node *k = str_parts(ps, &st, N_DSYM);
			if (!k)
				return NULL;
			if (k->kind == N_STR)
				k = p_sym_node(ps, k->val->u.s.ptr,
					       k->val->u.s.len, il);
			erb_p_nl_add(ps, &items, k);
		} else {
			if (ps->tok.t == TK_POW)
				return erb_p_perr(ps, il, "unsupported ERB construct: '**' in a hash");
			erb_p_nl_add(ps, &items, erb_p_parse_arg(ps));
			erb_p_skip_nl(ps);
			if (!erb_p_expect(ps, TK_ARROW, "'=>'", (struct srcloc){ 0 }))
				return NULL;
		}
		erb_p_skip_nl(ps);
		erb_p_nl_add(ps, &items, erb_p_parse_arg(ps));
		erb_p_skip_nl(ps);
		if (!erb_p_accept(ps, TK_COMMA))
			break;
		erb_p_skip_nl(ps);
	}
	ps->no_do = saved;
	erb_p_set_kids(n, &items);
	if (!erb_p_expect(ps, TK_RBRACE, "'}'", l))
		return NULL;
	return n;
}

static struct erb_node *parse_primary(struct erb_parser *ps)
{
	struct erb_token *t = &ps->tok;
	struct srcloc l = t->loc;
	struct erb_node *n;
	switch (t->t) {
	case TK_INT:
		n = p_const_val(ps, val_int(ps->a, t->i), l);
		erb_p_next(ps);
		return n;
	case TK_FLOAT:
		n = p_const_val(ps, val_float(ps->a, t->f), l);
		erb_p_next(ps);
		return n;
	case TK_UMINUS_NUM: {
		erb_p_next(ps);
		if (ps->tok.t != TK_INT && ps->tok.t != TK_FLOAT)
			return erb_p_unexpected(ps);
		bool is_int = ps->tok.t == TK_INT;
		int64_t i = ps->tok.i;
		double f = ps->tok.f;
		erb_p_next(ps);
		struct erb_node *num =
			is_int ? p_const_val(ps, val_int(ps->a, i), l)
			       : p_const_val(ps, val_float(ps->a, f), l);
		if (ps->tok.t == TK_POW) {
			/* -2 ** 2 is -(2 ** 2) */
			erb_p_next(ps);
			struct erb_node *p = erb_p_node(ps, N_BINOP, l);
			p->op = TK_POW;
			p->a = num;
			p->b = p_parse_unary(ps);
			struct erb_node *neg = erb_p_node(ps, N_UNOP, l);
			neg->op = TK_UMINUS;
			neg->a = p;
			return neg;
		}
		if (is_int)
			num->val->u.n.i = -i;
		else
			num->val->u.f = -f;
		return num;
	}
	case TK_STR: {
		struct erb_token st = *t;
		erb_p_next(ps);
		n = str_parts(ps, &st, N_DSTR);
		/* "a" "b" is one string */
		while (n && ps->tok.t == TK_STR) {
			struct erb_token s2 = ps->tok;
			erb_p_next(ps);
			struct erb_node *m = str_parts(ps, &s2, N_DSTR);
			if (!m)
				return NULL;
			struct erb_node *cat = erb_p_node(ps, N_DSTR, l);
			struct erb_nlist parts = { 0 };
			erb_p_nl_add(ps, &parts, n);
			erb_p_nl_add(ps, &parts, m);
			erb_p_set_kids(cat, &parts);
			n = cat;
		}
		return n;
	}
	case TK_REGEX: {
		struct erb_token rt = *t;
		erb_p_next(ps);
		return regex_literal(ps, &rt);
	}
	case TK_SYM:
		n = p_sym_node(ps, t->s, t->len, l);
		erb_p_next(ps);
		return n;
	case TK_DSYM: {
		struct erb_token st = *t;
		erb_p_next(ps);
		if (st.nparts == 1 && !st.parts[0].is_code)
			return p_sym_node(ps, st.parts[0].s, st.parts[0].len,
					  l);
		return str_parts(ps, &st, N_DSYM);
	}
	case TK_WORDS:
	case TK_SYMBOLS: {
		n = erb_p_node(ps, N_ARRAY, l);
		struct erb_nlist items = { 0 };
		for (size_t i = 0; i < t->nparts; i++) {
			const struct erb_strpart *p = &t->parts[i];
			struct erb_node *w;
			if (t->t == TK_SYMBOLS) {
				w = p_sym_node(ps, p->s, p->len, p->loc);
			} else {
				w = erb_p_node(ps, N_STR, p->loc);
				w->val = val_str_borrow(ps->a, p->s, p->len);
			}
			erb_p_nl_add(ps, &items, w);
		}
		erb_p_set_kids(n, &items);
		erb_p_next(ps);
		return n;
	}
	case TK_NIL:
		erb_p_next(ps);
		return erb_p_node(ps, N_NIL, l);
	case TK_TRUE:
		erb_p_next(ps);
		return erb_p_node(ps, N_TRUE, l);
	case TK_FALSE:
		erb_p_next(ps);
		return erb_p_node(ps, N_FALSE, l);
	case TK_SELF:
		erb_p_next(ps);
		return erb_p_node(ps, N_SELF, l);
	case TK_IVAR:
		n = erb_p_node(ps, N_IVAR, l);
		n->name = t->s;
		erb_p_next(ps);
		return n;
	case TK_GVAR:
		n = erb_p_node(ps, N_GVAR, l);
		n->op = (uint16_t)t->i;
		erb_p_next(ps);
		return n;
	case TK_COLON3:
		erb_p_next(ps);
		if (ps->tok.t != TK_IDENT && ps->tok.t != TK_CONST)
			return erb_p_unexpected(ps);
		/* FALLTHROUGH */
	case TK_CONST: {
		const char *name = ps->tok.s;
		struct srcloc cl = ps->tok.loc;
		erb_p_next(ps);
		if (ps->tok.t == TK_LPAREN_CALL) {
			/* Integer(x), Array(x): Kernel methods */
			struct erb_node *c = new_call(ps, NULL, name, cl);
			return call_rest(ps, c, false);
		}
		n = erb_p_node(ps, N_CONST, cl);
		n->name = name;
		n->op = (uint16_t)erb_class_lookup(name);
		return n;
	}
	case TK_IDENT: {
		const char *name = t->s;
		uint32_t slot;
		erb_p_next(ps);
		if (ps->tok.t != TK_LPAREN_CALL &&
		    p_lookup_local(ps, name, &slot)) {
			n = erb_p_node(ps, N_LVAR, l);
			n->slot = slot;
			n->name = name;
			return n;
		}
		return call_rest(ps, new_call(ps, NULL, name, l), true);
	}
	case TK_LPAREN:
	case TK_LPAREN_ARG:
	case TK_LPAREN_CALL: {
		erb_p_next(ps);
		bool saved = ps->no_do;
		ps->no_do = false;
		erb_p_skip_nl(ps);
		if (ps->tok.t == TK_RPAREN) {
			erb_p_next(ps);
			ps->no_do = saved;
			return erb_p_node(ps, N_NIL, l);
		}
		n = erb_p_parse_compstmt(ps);
		ps->no_do = saved;
		if (!erb_p_expect(ps, TK_RPAREN, "')'", l))
			return NULL;
		return n;
	}
	case TK_LBRACK:
	case TK_LBRACK_INDEX:
		return parse_array(ps);
	case TK_LBRACE:
		return parse_hash(ps);
	case TK_IF:
	case TK_UNLESS: {
		bool unless = t->t == TK_UNLESS;
		erb_p_next(ps);
		return erb_p_parse_if_rest(ps, unless, l);
	}
	case TK_CASE:
		return erb_p_parse_case(ps);
	case TK_WHILE:
	case TK_UNTIL:
		return erb_p_parse_while(ps);
	case TK_FOR:
		return erb_p_parse_for(ps);
	case TK_BEGIN:
		return erb_p_parse_begin(ps);
	case TK_DEFINED: {
		erb_p_next(ps);
		n = erb_p_node(ps, N_DEFINED, l);
		if (ps->tok.t == TK_LPAREN_CALL || ps->tok.t == TK_LPAREN_ARG) {
			struct srcloc pl = ps->tok.loc;
			erb_p_next(ps);
			erb_p_skip_nl(ps);
			n->a = erb_p_parse_expr(ps);
			erb_p_skip_nl(ps);
			if (!erb_p_expect(ps, TK_RPAREN, "')'", pl))
				return NULL;
		} else {
			n->a = p_parse_unary(ps);
		}
		return ps->failed ? NULL : n;
	}
	case TK_BREAK:
	case TK_NEXT: {
		n = erb_p_node(ps, t->t == TK_BREAK ? N_BREAK : N_NEXT, l);
		erb_p_next(ps);
		if (can_start_arg(&ps->tok) || ps->tok.t == TK_LBRACK_INDEX ||
		    ps->tok.t == TK_LPAREN || ps->tok.t == TK_LPAREN_CALL)
			n->a = erb_p_parse_arg(ps);
		return n;
	}
	case TK_RETURN:
		n = erb_p_node(ps, N_RETURN, l);
		erb_p_next(ps);
		if (can_start_arg(&ps->tok) || ps->tok.t == TK_LBRACK_INDEX ||
		    ps->tok.t == TK_LPAREN || ps->tok.t == TK_LPAREN_CALL)
			n->a = erb_p_parse_arg(ps);
		return n;
	case TK_DEF:
		return erb_p_parse_def(ps);
	case TK_NOT:
		erb_p_next(ps);
		n = erb_p_node(ps, N_NOT, l);
		n->a = erb_p_parse_expr(ps);
		return n;
	default:
		return erb_p_unexpected(ps);
	}
}

/* postfix -> primary ( '.' name args | '[' args ']' | '::' name )* */
static struct erb_node *parse_postfix(struct erb_parser *ps)
{
	struct erb_node *n = parse_primary(ps);
	while (n && !ps->failed) {
		struct srcloc l = ps->tok.loc;
		if (ps->tok.t == TK_DOT || ps->tok.t == TK_ANDDOT) {
			bool safe = ps->tok.t == TK_ANDDOT;
			erb_p_next(ps);
			erb_p_skip_nl(ps);
			if (ps->tok.t == TK_LPAREN_CALL) {
				/* proc.() */
				return erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: '.()' call");
			}
			if (ps->tok.t != TK_IDENT)
				return erb_p_unexpected(ps);
			const char *name = ps->tok.s;
			struct srcloc nl = ps->tok.loc;
			erb_p_next(ps);
			struct erb_node *c = new_call(ps, n, name, nl);
			if (safe)
				c->flags |= NF_SAFE;
			/* x.foo = v is handled by the assignment */
			n = call_rest(ps, c, false);
		} else if (ps->tok.t == TK_COLON2) {
			erb_p_next(ps);
			if (ps->tok.t != TK_IDENT && ps->tok.t != TK_CONST)
				return erb_p_unexpected(ps);
			const char *name = ps->tok.s;
			struct srcloc nl = ps->tok.loc;
			erb_p_next(ps);
			if (n->kind == N_CONST && name[0] >= 'A' &&
			    name[0] <= 'Z' && ps->tok.t != TK_LPAREN_CALL) {
				/* A::B: a constant we do not know (fails if used) */
				struct erb_node *c =
					erb_p_node(ps, N_CONST, n->loc);
				c->name = arena_strfmt(ps->a, "%s::%s", n->name, name);
				c->op = CLS_NONE;
				n = c;
				continue;
			}
			n = call_rest(ps, new_call(ps, n, name, nl), false);
		} else if (ps->tok.t == TK_LBRACK_INDEX) {
			erb_p_next(ps);
			struct erb_node *c = new_call(ps, n, "[]", l);
			c->flags |= NF_INDEX;
			if (!parse_call_args(ps, c, TK_RBRACK))
				return NULL;
			n = c;
		} else {
			break;
		}
	}
	return n;
}

/* ---- operators ---- */

static struct erb_node *binop(struct erb_parser *ps, int op, struct erb_node *a,
			      struct erb_node *b, struct srcloc l)
{
	struct erb_node *n = erb_p_node(ps, N_BINOP, l);
	n->op = (uint16_t)op;
	n->a = a;
	n->b = b;
	return n;
}

/* pow -> postfix ['**' unary_minus]  (right associative) */
static struct erb_node *parse_pow(struct erb_parser *ps)
{
	struct erb_node *n = parse_postfix(ps);
	if (n && ps->tok.t == TK_POW) {
		struct srcloc l = ps->tok.loc;
		erb_p_next(ps);
		erb_p_skip_nl(ps);
		struct erb_node *r = p_parse_unary(ps);
		return r ? binop(ps, TK_POW, n, r, l) : NULL;
	}
	return n;
}

/* unary -> ('!' | '~' | '+' | '-') unary | pow */
static struct erb_node *p_parse_unary(struct erb_parser *ps)
{
	if (!erb_p_enter(ps))
		return NULL;
	struct srcloc l = ps->tok.loc;
	struct erb_node *n;
	switch (ps->tok.t) {
	case TK_BANG:
		erb_p_next(ps);
		n = erb_p_node(ps, N_NOT, l);
		n->a = p_parse_unary(ps);
		break;
	case TK_TILDE:
	case TK_UPLUS:
	case TK_UMINUS:
	case TK_MINUS:
	case TK_PLUS: {
		int op = ps->tok.t == TK_TILDE ? TK_TILDE
			 : (ps->tok.t == TK_UPLUS || ps->tok.t == TK_PLUS)
				 ? TK_UPLUS
				 : TK_UMINUS;
		erb_p_next(ps);
		n = erb_p_node(ps, N_UNOP, l);
		n->op = (uint16_t)op;
		n->a = p_parse_unary(ps);
		break;
	}
	default:
		n = parse_pow(ps);
	}
	ps->depth--;
	if (ps->failed)
		return NULL;
	return n;
}

static int prec(enum erb_tok t)
{
	switch (t) {
	case TK_MUL: case TK_DIV: case TK_PERCENT: return 10;
	case TK_PLUS: case TK_MINUS: return 9;
	case TK_LSHIFT: case TK_RSHIFT: return 8;
	case TK_AMP: return 7;
	case TK_PIPE: case TK_CARET: return 6;
	case TK_LT: case TK_LE: case TK_GT: case TK_GE: return 5;
	case TK_EQ: case TK_NEQ: case TK_EQQ: case TK_MATCH: case TK_NMATCH:
	case TK_CMP: return 4;
	case TK_ANDAND: return 3;
	case TK_OROR: return 2;
	default: return 0;
	}
}

/* Binary operators by precedence climbing, from && and || up to * / %. */
static struct erb_node *parse_binary(struct erb_parser *ps, int min)
{
	if (!erb_p_enter(ps))
		return NULL;
	struct erb_node *n = p_parse_unary(ps);
	for (;;) {
		int p = prec(ps->tok.t);
		if (!n || ps->failed || !p || p < min)
			break;
		enum erb_tok op = ps->tok.t;
		struct srcloc l = ps->tok.loc;
		erb_p_next(ps);
		erb_p_skip_nl(ps);
		struct erb_node *r = parse_binary(ps, p + 1);
		if (!r)
			return NULL;
		if (op == TK_ANDAND || op == TK_OROR) {
			struct erb_node *x = erb_p_node(
				ps, op == TK_ANDAND ? N_AND : N_OR, l);
			x->a = n;
			x->b = r;
			n = x;
		} else if (op == TK_NEQ || op == TK_NMATCH) {
			struct erb_node *x = binop(
				ps, op == TK_NEQ ? TK_EQ : TK_MATCH, n, r, l);
			struct erb_node *neg = erb_p_node(ps, N_NOT, l);
			neg->a = x;
			neg->flags = 1; /* a != b: not of == */
			n = neg;
		} else {
			n = binop(ps, op, n, r, l);
		}
		if (p == 4 && prec(ps->tok.t) == 4)
			return erb_p_perr(ps, ps->tok.loc, "syntax error, unexpected %s",
				    erb_tok_name(ps->tok.t));
	}
	ps->depth--;
	return ps->failed ? NULL : n;
}

/* range -> binary [('..' | '...') binary] */
static struct erb_node *parse_range(struct erb_parser *ps)
{
	struct erb_node *n = parse_binary(ps, 1);
	if (n && (ps->tok.t == TK_DOT2 || ps->tok.t == TK_DOT3)) {
		struct srcloc l = ps->tok.loc;
		bool excl = ps->tok.t == TK_DOT3;
		erb_p_next(ps);
		struct erb_node *r = erb_p_node(ps, N_RANGE, l);
		r->a = n;
		if (ps->tok.t == TK_NL || ps->tok.t == TK_RPAREN ||
		    ps->tok.t == TK_RBRACK || ps->tok.t == TK_EOF ||
		    ps->tok.t == TK_COMMA || ps->tok.t == TK_INSERT_END ||
		    ps->tok.t == TK_THEN)
			r->b = erb_p_node(ps, N_NIL, l); /* endless: 1.. */
		else
			r->b = parse_binary(ps, 1);
		if (excl)
			r->flags |= NF_EXCL;
		return ps->failed ? NULL : r;
	}
	return n;
}

/* ternary -> range ['?' ternary ':' ternary] */
static struct erb_node *p_parse_ternary(struct erb_parser *ps)
{
	if (!erb_p_enter(ps))
		return NULL;
	struct erb_node *n = parse_range(ps);
	if (n && ps->tok.t == TK_QMARK) {
		struct srcloc l = ps->tok.loc;
		erb_p_next(ps);
		erb_p_skip_nl(ps);
		struct erb_node *x = erb_p_node(ps, N_IF, l);
		x->a = n;
		x->b = p_parse_ternary(ps);
		erb_p_skip_nl(ps);
		if (ps->tok.t == TK_LABEL) {
			/* `c ? a:b` lexed a label: not worth the trouble */
			return erb_p_perr(ps, ps->tok.loc, "unsupported ERB construct: ternary without blanks around ':'");
		}
		if (!erb_p_expect(ps, TK_COLON, "':'", (struct srcloc){ 0 }))
			return NULL;
		erb_p_skip_nl(ps);
		x->c = p_parse_ternary(ps);
		n = x;
	}
	ps->depth--;
	return ps->failed ? NULL : n;
}

static bool assignable(struct erb_parser *ps, struct erb_node *n)
{
	switch (n->kind) {
	case N_LVAR:
	case N_IVAR:
		return true;
	case N_VCALL:
		return true;
	case N_CALL:
		if (n->flags & NF_INDEX)
			return true;
		if (n->a && !n->nkids && !n->blk && !(n->flags & NF_PARENS))
			return erb_p_perr(ps, n->loc, "unsupported ERB construct: attribute assignment '%s='",
				    n->name), false;
		return false;
	case N_GVAR:
		return erb_p_perr(ps, n->loc, "unsupported ERB construct: assignment to a global variable"),
		       false;
	default:
		return false;
	}
}

/* A name being assigned becomes a local from here on. */
static struct erb_node *to_target(struct erb_parser *ps, struct erb_node *n)
{
	if (n->kind == N_VCALL) {
		n->kind = N_LVAR;
		n->slot = erb_p_declare(ps, n->name);
	}
	return n;
}

/* arg -> lhs '=' arg | lhs op= arg | ternary */
struct erb_node *erb_p_parse_arg(struct erb_parser *ps)
{
	if (!erb_p_enter(ps))
		return NULL;
	struct erb_node *n = p_parse_ternary(ps);
	if (n && (ps->tok.t == TK_ASSIGN || ps->tok.t == TK_OP_ASGN)) {
		struct srcloc l = ps->tok.loc;
		bool plain = ps->tok.t == TK_ASSIGN;
		int op = (int)ps->tok.i;
		if (!assignable(ps, n)) {
			ps->depth--;
			return ps->failed ? NULL : erb_p_unexpected(ps);
		}
		erb_p_next(ps);
		erb_p_skip_nl(ps);
		struct erb_node *target = to_target(ps, n);
		struct erb_node *x =
			erb_p_node(ps, plain ? N_ASGN : N_OPASGN, l);
		x->a = target;
		x->op = (uint16_t)op;
		/* the right side may be a command call: x = foo bar */
		x->b = erb_p_parse_arg(ps);
		n = ps->failed ? NULL : x;
	}
	ps->depth--;
	return n;
}

/* not_expr -> 'not' not_expr | arg */
static struct erb_node *parse_not(struct erb_parser *ps)
{
	if (ps->tok.t == TK_NOT) {
		struct srcloc l = ps->tok.loc;
		erb_p_next(ps);
		struct erb_node *n = erb_p_node(ps, N_NOT, l);
		n->a = parse_not(ps);
		return n->a ? n : NULL;
	}
	return erb_p_parse_arg(ps);
}

/* expr -> not_expr (('and' | 'or') not_expr)* */
struct erb_node *erb_p_parse_expr(struct erb_parser *ps)
{
	if (!erb_p_enter(ps))
		return NULL;
	struct erb_node *n = parse_not(ps);
	while (n && !ps->failed &&
	       (ps->tok.t == TK_AND || ps->tok.t == TK_OR)) {
		struct srcloc l = ps->tok.loc;
		bool is_and = ps->tok.t == TK_AND;
		erb_p_next(ps);
		erb_p_skip_nl(ps);
		struct erb_node *x = erb_p_node(ps, is_and ? N_AND : N_OR, l);
		x->a = n;
		x->b = parse_not(ps);
		n = ps->failed ? NULL : x;
	}
	ps->depth--;
	return n;
}

/* stmt -> TEXT | INSERT compstmt INSERT_END | masgn | expr [modifiers] */
struct erb_node *erb_p_parse_stmt(struct erb_parser *ps)
{
	struct srcloc l = ps->tok.loc;
	struct erb_node *n;
	if (ps->tok.t == TK_TEXT) {
		n = erb_p_node(ps, N_TEXT, l);
		n->val = val_str_borrow(ps->a, ps->tok.s, ps->tok.len);
		erb_p_next(ps);
		return n;
	}
	if (ps->tok.t == TK_INSERT) {
		erb_p_next(ps);
		n = erb_p_node(ps, N_INSERT, l);
		bool saved = ps->no_do;
		ps->no_do = false;
		n->a = erb_p_parse_compstmt(ps);
		ps->no_do = saved;
		if (!erb_p_expect(ps, TK_INSERT_END, "'%>'", l))
			return NULL;
		return n;
	}
	if ((ps->tok.t == TK_IDENT || ps->tok.t == TK_IVAR ||
	     ps->tok.t == TK_STAR) &&
	    (ps->tok.t == TK_STAR || erb_p_peek(ps)->t == TK_COMMA))
		return erb_p_wrap_modifier(ps, erb_p_parse_masgn(ps));
	n = erb_p_parse_expr(ps);
	return erb_p_wrap_modifier(ps, n);
}

static bool ends_compstmt(enum erb_tok t)
{
	switch (t) {
	case TK_EOF: case TK_END: case TK_ELSE: case TK_ELSIF: case TK_WHEN:
	case TK_RESCUE: case TK_ENSURE: case TK_RBRACE: case TK_RPAREN:
	case TK_INSERT_END: case TK_THEN: case TK_RBRACK:
		return true;
	default:
		return false;
	}
}

/* compstmt -> stmt (NL stmt)* */
struct erb_node *erb_p_parse_compstmt(struct erb_parser *ps)
{
	if (!erb_p_enter(ps))
		return NULL;
	struct erb_node *seq = erb_p_node(ps, N_SEQ, ps->tok.loc);
	struct erb_nlist l = { 0 };
	erb_p_skip_nl(ps);
	while (!ends_compstmt(ps->tok.t) && !ps->failed) {
		struct erb_node *s = erb_p_parse_stmt(ps);
		if (!s)
			break;
		erb_p_nl_add(ps, &l, s);
		if (ps->tok.t != TK_NL && !ends_compstmt(ps->tok.t)) {
			erb_p_unexpected(ps);
			break;
		}
		erb_p_skip_nl(ps);
	}
	ps->depth--;
	if (ps->failed)
		return NULL;
	if (l.n == 1)
		return l.v[0];
	erb_p_set_kids(seq, &l);
	return seq;
}

struct erb_template *erb_parse(struct arena *a, struct diags *d,
			       const char *file, const char *src, size_t len)
{
	struct erb_lexer lx;
	struct erb_parser ps = { 0 };
	ps.a = a;
	ps.d = d;
	ps.file = file;
	ps.lx = &lx;
	ps.t = arena_alloc(a, sizeof(*ps.t));
	ps.t->file = file;
	ps.t->syms.a = a;
	if (erb_lex_init(&lx, a, d, file, src, len) < 0)
		return NULL;
	lx.is_local = is_local_cb;
	lx.payload = &ps;
	erb_p_push_scope(&ps);
	erb_p_next(&ps);
	struct erb_node *root = erb_p_parse_compstmt(&ps);
	if (!ps.failed && ps.tok.t != TK_EOF)
		erb_p_unexpected(&ps);
	if (ps.failed || !root)
		return NULL;
	ps.t->root = root;
	ps.t->nslots = ps.nslots;
	return ps.t;
}
