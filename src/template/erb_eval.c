/* SPDX-License-Identifier: MIT */
/* erb_eval.c: running a compiled ERB template */
#include "util/compat.h"
#include <math.h>
#include "template/erb-internal.h"
#include "lang/regex.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * Evaluation walks the AST. Every step returns ERB_OK with its value in
 * *out, ERB_ERR with the error pending in r->err (recorded in diags when
 * the run ends, unless a `rescue` takes it), or ERB_BREAK / ERB_NEXT with
 * the value in r->jump_val. `next` ends a block call (erb_yield turns it
 * into the block's value); `break` ends the method that yielded: the call
 * node that carries the block turns it into the call's value; loops take
 * both.
 *
 * Values are Puppet's struct value (see erb_value.c for how Ruby's live
 * in it).
 */

#define DEFAULT_MAX_STEPS 100000000UL
#define DEFAULT_MAX_BYTES ((size_t)1 << 30)

static int eval(struct value **out, struct erb_run *r,
		const struct erb_node *n);

/* ---- variables ---- */

static struct value *hash_get_name(const struct value *h, const char *name)
{
	if (!h)
		return NULL;
	struct value k = { .kind = VAL_STRING };
	k.u.s.ptr = name;
	k.u.s.len = strlen(name);
	return val_hash_get(h, &k);
}

int erb_lookup_var(struct value **out, struct erb_run *r, const char *name,
		   bool must_exist, struct srcloc loc)
{
	struct value *v = hash_get_name(r->scopevars, name);
	if (!v && r->env->lookup)
		v = r->env->lookup(r->env->payload, name);
	if (!v) {
		if (must_exist)
			return erb_error(r, loc, "undefined local variable or method '%s'",
					 name);
		v = val_undef();
	}
	*out = v;
	return 0;
}

/* @x: set by the template, or the Puppet variable */
static struct value *ivar_get(struct erb_run *r, const char *name)
{
	struct value *v = hash_get_name(r->ivars, name);
	if (!v && r->env->lookup)
		v = r->env->lookup(r->env->payload, name);
	return v;
}

static void ivar_set(struct erb_run *r, const char *name, struct value *v)
{
	if (!r->ivars)
		r->ivars = val_hash(r->a, 8);
	val_hash_set(r->a, r->ivars, val_strz(r->a, name), v);
}

/* ---- blocks ---- */

static int assign(struct erb_run *r, const struct erb_node *t,
		  struct value *v);

/* Destructures `vals` into the targets of an N_MLHS. */
static int assign_list(struct erb_run *r, const struct erb_node *m,
		       struct value **vals, size_t n)
{
	size_t nt = m->nkids, splat = nt;
	for (size_t i = 0; i < nt; i++)
		if (m->kids[i]->kind == N_SPLAT)
			splat = i;
	size_t after = splat < nt ? nt - splat - 1 : 0;
	for (size_t i = 0; i < nt; i++) {
		const struct erb_node *t = m->kids[i];
		struct value *v;
		if (i < splat) {
			v = i < n ? vals[i] : val_undef();
		} else if (i == splat) {
			struct value *rest = val_array(r->a, 4);
			for (size_t k = splat; k + after < n; k++)
				val_array_push(r->a, rest, vals[k]);
			if (assign(r, t->a, rest) < 0)
				return ERB_ERR;
			continue;
		} else {
			size_t from_end = nt - i;
			v = n >= from_end && n - from_end >= splat
				    ? vals[n - from_end]
				    : val_undef();
		}
		if (assign(r, t, v) < 0)
			return ERB_ERR;
	}
	return 0;
}

static int assign(struct erb_run *r, const struct erb_node *t,
		  struct value *v)
{
	switch (t->kind) {
	case N_LVAR:
		r->slots[t->slot] = v;
		return 0;
	case N_IVAR:
		ivar_set(r, t->name, v);
		return 0;
	case N_MLHS:
		if (v->kind == VAL_ARRAY)
			return assign_list(r, t, v->u.arr.v, v->u.arr.n);
		return assign_list(r, t, &v, 1);
	case N_SPLAT: {
		struct value *a = val_array(r->a, 1);
		val_array_push(r->a, a, v);
		return assign(r, t->a, a);
	}
	default:
		return erb_unsupported(r, t->loc, "assignment target");
	}
}

int erb_yield(struct value **out, struct erb_run *r, struct erb_blk *b,
	      struct value **args, size_t nargs)
{
	if (erb_step(r, b->loc) < 0)
		return ERB_ERR;
	if (!b->def)
		return b->fn(out, r, b, args, nargs);
	const struct erb_blockdef *d = b->def;
	for (uint32_t i = d->slot_lo; i < d->slot_hi; i++)
		r->slots[i] = NULL;
	if (d->params) {
		/* one array argument spreads over several parameters */
		if (nargs == 1 && args[0]->kind == VAL_ARRAY &&
		    (d->nparams > 1 || d->trailing_comma))
			assign_list(r, d->params, args[0]->u.arr.v,
				    args[0]->u.arr.n);
		else
			assign_list(r, d->params, args, nargs);
	}
	if (++r->depth > 400) {
		r->depth--;
		return erb_unsupported(r, b->loc, "blocks nested deeper than 400");
	}
	struct value *v = val_undef();
	int rc = d->body ? eval(&v, r, d->body) : 0;
	r->depth--;
	if (rc == ERB_NEXT) {
		v = r->jump_val;
		rc = 0;
	}
	*out = v;
	return rc;
}

/* &:sym as a block: calls the method on the first argument. */
static int sym_proc_fn(struct value **out, struct erb_run *r,
		       struct erb_blk *b, struct value **args, size_t nargs)
{
	if (!nargs)
		return erb_error(r, b->loc, "no receiver given");
	return erb_send(out, r, args[0], b->mid, b->data, args + 1, nargs - 1,
			NULL, b->loc);
}

/* ---- operators ---- */

static int arith_int(struct value **out, struct erb_run *r, int op,
		     int64_t a, int64_t b, struct srcloc loc)
{
	int64_t v;
	switch (op) {
	case TK_PLUS:
		if (__builtin_add_overflow(a, b, &v))
			goto big;
		break;
	case TK_MINUS:
		if (__builtin_sub_overflow(a, b, &v))
			goto big;
		break;
	case TK_MUL:
		if (__builtin_mul_overflow(a, b, &v))
			goto big;
		break;
	case TK_DIV:
	case TK_PERCENT:
		if (!b)
			return erb_error(r, loc, "divided by 0");
		if (a == INT64_MIN && b == -1)
			goto big;
		v = op == TK_DIV ? a / b : a % b;
		if (op == TK_DIV && (a % b) && ((a < 0) != (b < 0)))
			v--;
		if (op == TK_PERCENT && v && ((v < 0) != (b < 0)))
			v += b;
		break;
	case TK_POW:
		if (b < 0) {
			return erb_unsupported(r, loc, "Rational (Integer ** negative)");
		}
		v = 1;
		for (int64_t i = 0; i < b; i++) {
			if (__builtin_mul_overflow(v, a, &v))
				goto big;
			if (v == 0 || v == 1)
				break;
			if (v == -1 && a == -1) {
				v = (b % 2) ? -1 : 1;
				break;
			}
		}
		break;
	case TK_AMP:
		v = a & b;
		break;
	case TK_PIPE:
		v = a | b;
		break;
	case TK_CARET:
		v = a ^ b;
		break;
	case TK_LSHIFT:
	case TK_RSHIFT: {
		int64_t s = op == TK_LSHIFT ? b : -b;
		if (s >= 0) {
			if (s >= 63 || (a && (a > (INT64_MAX >> s) ||
					      a < (INT64_MIN >> s))))
				goto big;
			v = (int64_t)((uint64_t)a << s);
		} else {
			v = -s >= 64 ? (a < 0 ? -1 : 0) : a >> -s;
		}
		break;
	}
	default:
		return erb_unsupported(r, loc, "Integer operator %s",
				       erb_tok_name(op));
	}
	*out = val_int(r->a, v);
	return 0;
big:
	return erb_unsupported(r, loc, "Integer overflow (Bignum)");
}

static int arith_float(struct value **out, struct erb_run *r, int op,
		       double a, double b, struct srcloc loc)
{
	double v;
	switch (op) {
	case TK_PLUS: v = a + b; break;
	case TK_MINUS: v = a - b; break;
	case TK_MUL: v = a * b; break;
	case TK_DIV: v = a / b; break;
	case TK_PERCENT:
		v = fmod(a, b);
		if (v != 0 && ((v < 0) != (b < 0)))
			v += b;
		break;
	case TK_POW:
		if (a < 0 && b != floor(b))
			return erb_unsupported(r, loc, "Complex (negative ** fraction)");
		v = pow(a, b);
		break;
	default:
		return erb_error(r, loc, "undefined method '%s' for Float",
				 erb_tok_name(op));
	}
	*out = val_float(r->a, v);
	return 0;
}

int erb_arith(struct value **out, struct erb_run *r, int mid,
	      struct value *a, struct value *b, struct srcloc loc)
{
	static const struct { int mid, tok;
	} map[] = {
		{ M_PLUS, TK_PLUS },   { M_MINUS, TK_MINUS },
		{ M_MUL, TK_MUL },     { M_DIV, TK_DIV },
		{ M_MOD, TK_PERCENT }, { M_MODULO, TK_PERCENT },
		{ M_POW, TK_POW },     { M_AMP, TK_AMP },
		{ M_PIPE, TK_PIPE },   { M_LSHIFT, TK_LSHIFT },
	};
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		if (map[i].mid != mid)
			continue;
		if (a->kind == VAL_INT && b->kind == VAL_INT)
			return arith_int(out, r, map[i].tok, a->u.n.i, b->u.n.i,
					 loc);
		return arith_float(
			out, r, map[i].tok,
			a->kind == VAL_INT ? (double)a->u.n.i : a->u.f,
			b->kind == VAL_INT ? (double)b->u.n.i : b->u.f, loc);
	}
	return erb_no_method(r, a, erb_method_names[mid], loc);
}

static int op_method(int op)
{
	switch (op) {
	case TK_PLUS: return M_PLUS;
	case TK_MINUS: return M_MINUS;
	case TK_MUL: return M_MUL;
	case TK_DIV: return M_DIV;
	case TK_PERCENT: return M_MOD;
	case TK_POW: return M_POW;
	case TK_EQ: return M_EQ;
	case TK_EQQ: return M_EQQ;
	case TK_CMP: return M_CMP;
	case TK_LT: return M_LT;
	case TK_LE: return M_LE;
	case TK_GT: return M_GT;
	case TK_GE: return M_GE;
	case TK_LSHIFT: return M_LSHIFT;
	case TK_MATCH: return M_MATCHOP;
	case TK_AMP: return M_AMP;
	case TK_PIPE: return M_PIPE;
	default: return M_UNKNOWN;
	}
}

static const char *op_name(int op)
{
	switch (op) {
	case TK_CARET: return "^";
	case TK_RSHIFT: return ">>";
	default: return erb_method_names[op_method(op)];
	}
}

/* A binary operator: numbers here, the rest as method calls. */
static int binop(struct value **out, struct erb_run *r, int op,
		 struct value *a, struct value *b, struct srcloc loc)
{
	if (a->kind == VAL_INT && b->kind == VAL_INT &&
	    op != TK_EQ && op != TK_CMP && op != TK_LT && op != TK_LE &&
	    op != TK_GT && op != TK_GE && op != TK_EQQ && op != TK_MATCH)
		return arith_int(out, r, op, a->u.n.i, b->u.n.i, loc);
	if ((a->kind == VAL_INT || a->kind == VAL_FLOAT) &&
	    (b->kind == VAL_INT || b->kind == VAL_FLOAT) &&
	    (op == TK_PLUS || op == TK_MINUS || op == TK_MUL || op == TK_DIV ||
	     op == TK_PERCENT || op == TK_POW))
		return arith_float(
			out, r, op,
			a->kind == VAL_INT ? (double)a->u.n.i : a->u.f,
			b->kind == VAL_INT ? (double)b->u.n.i : b->u.f, loc);
	if (op == TK_EQ) {
		bool e;
		if (erb_eq(&e, r, a, b, loc) < 0)
			return ERB_ERR;
		*out = val_bool(e);
		return 0;
	}
	if (op == TK_CARET || op == TK_RSHIFT) {
		if (a->kind == VAL_BOOL || a->kind == VAL_UNDEF) {
			bool x = erb_truthy(a), y = erb_truthy(b);
			if (op == TK_CARET) {
				*out = val_bool(x != y);
				return 0;
			}
		}
		return erb_no_method(r, a, op_name(op), loc);
	}
	struct value *args[1] = { b };
	return erb_send(out, r, a, op_method(op), op_name(op), args, 1, NULL,
			loc);
}

/* ---- calls ---- */

#define MAX_STACK_ARGS 8

/* Evaluates the arguments of a call, expanding splats. */
static int eval_args(struct value ***argv, size_t *argc, struct erb_run *r,
		     const struct erb_node *n, struct value **stack)
{
	if (!(n->flags & NF_SPLATS) && n->nkids <= MAX_STACK_ARGS) {
		for (uint32_t i = 0; i < n->nkids; i++) {
			int rc = eval(&stack[i], r, n->kids[i]);
			if (rc)
				return rc;
		}
		*argv = stack;
		*argc = n->nkids;
		return 0;
	}
	struct value *list = val_array(r->a, n->nkids);
	for (uint32_t i = 0; i < n->nkids; i++) {
		const struct erb_node *k = n->kids[i];
		struct value *v;
		int rc = eval(&v, r, k->kind == N_SPLAT ? k->a : k);
		if (rc)
			return rc;
		if (k->kind != N_SPLAT) {
			val_array_push(r->a, list, v);
			continue;
		}
		struct value *items;
		if (v->kind == VAL_UNDEF)
			continue;
		if (v->kind == VAL_ARRAY || v->kind == VAL_HASH ||
		    erb_is_obj(v, erb_t_range)) {
			if (erb_to_list(&items, r, v, k->loc) < 0)
				return ERB_ERR;
			for (size_t j = 0; j < items->u.arr.n; j++)
				val_array_push(r->a, list, items->u.arr.v[j]);
		} else {
			val_array_push(r->a, list, v);
		}
	}
	*argv = list->u.arr.v;
	*argc = list->u.arr.n;
	return 0;
}

static int eval_call(struct value **out, struct erb_run *r,
		     const struct erb_node *n)
{
	struct value *recv = NULL;
	int rc;
	if (n->a) {
		rc = eval(&recv, r, n->a);
		if (rc)
			return rc;
		if ((n->flags & NF_SAFE) && recv->kind == VAL_UNDEF) {
			*out = val_undef();
			return 0;
		}
	}
	struct value *stack[MAX_STACK_ARGS], **argv;
	size_t argc;
	rc = eval_args(&argv, &argc, r, n, stack);
	if (rc)
		return rc;
	struct erb_blk blk = { 0 }, *bp = NULL;
	if (n->blk) {
		blk.def = n->blk;
		blk.loc = n->blk->loc;
		bp = &blk;
	} else if (n->c) {
		struct value *p;
		rc = eval(&p, r, n->c->a);
		if (rc)
			return rc;
		if (p->kind == VAL_UNDEF) {
			/* &nil: no block */
		} else if (erb_is_sym(r, p)) {
			blk.fn = sym_proc_fn;
			blk.data = arena_memdupz(r->a, p->u.s.ptr, p->u.s.len);
			blk.mid = erb_method_lookup(blk.data);
			blk.loc = n->c->loc;
			bp = &blk;
		} else {
			return erb_unsupported(r, n->c->loc, "block argument that is not a symbol");
		}
	}
	const struct erb_node *def;
	if ((n->flags & NF_SELF_CALL) && (def = erb_find_def(r, n->name)))
		rc = erb_call_def(out, r, def, argv, argc, n->loc);
	else if (n->flags & NF_SELF_CALL)
		rc = erb_self_call(out, r, n->name, n->op, argv, argc, bp,
				   n->loc);
	else
		rc = erb_send(out, r, recv, n->op, n->name, argv, argc, bp,
			      n->loc);
	if (rc == ERB_BREAK && n->blk) {
		*out = r->jump_val;
		rc = 0;
	}
	return rc;
}

/* ---- methods the template defines ---- */

const struct erb_node *erb_find_def(const struct erb_run *r, const char *name)
{
	for (size_t i = r->ndefs; i-- > 0;)
		if (!strcmp(r->defs[i]->name, name))
			return r->defs[i];
	return NULL;
}

static void add_def(struct erb_run *r, const struct erb_node *n)
{
	if (r->ndefs == r->defs_alloc) {
		size_t na = r->defs_alloc ? r->defs_alloc * 2 : 4;
		r->defs = arena_realloc(r->a, r->defs,
					r->defs_alloc * sizeof(*r->defs),
					na * sizeof(*r->defs));
		r->defs_alloc = na;
	}
	r->defs[r->ndefs++] = n;
}

/*
 * A call of a method the template defined: a fresh frame for its locals,
 * positional arguments, defaults evaluated in that frame, *rest, and
 * `return` (ERB_RETURN) ending the call.
 */
int erb_call_def(struct value **out, struct erb_run *r,
		 const struct erb_node *def, struct value **args,
		 size_t nargs, struct srcloc loc)
{
	const struct erb_blockdef *bd = def->blk;
	const struct erb_node *m = bd->params;
	size_t required = 0, optional = 0;
	for (uint32_t i = 0; i < m->nkids; i++) {
		if (m->kids[i]->kind == N_LVAR)
			required++;
		else if (m->kids[i]->kind == N_ASGN)
			optional++;
	}
	if (nargs < required || (!bd->has_splat && nargs > required + optional))
		return erb_arity(r, loc, nargs, required,
				 bd->has_splat ? 99 : required + optional);
	if (erb_step(r, loc) < 0)
		return ERB_ERR;
	if (++r->depth > 200) {
		r->depth--;
		return erb_error(r, loc, "stack level too deep");
	}
	struct value **saved = r->slots;
	r->slots = arena_alloc(r->a, (bd->slot_hi ? bd->slot_hi : 1) *
					     sizeof(*r->slots));
	int rc = 0;
	size_t ai = 0, extra = nargs - (nargs < required ? nargs : required);
	for (uint32_t i = 0; i < m->nkids && rc == 0; i++) {
		const struct erb_node *p = m->kids[i];
		if (p->kind == N_LVAR) {
			r->slots[p->slot] = args[ai++];
		} else if (p->kind == N_ASGN) {
			if (extra) {
				r->slots[p->a->slot] = args[ai++];
				extra--;
			} else {
				struct value *v;
				rc = eval(&v, r, p->b);
				if (rc == 0)
					r->slots[p->a->slot] = v;
			}
		} else {
			struct value *rest = val_array(r->a, extra);
			for (; extra; extra--)
				val_array_push(r->a, rest, args[ai++]);
			r->slots[p->a->slot] = rest;
		}
	}
	struct value *v = val_undef();
	r->in_def++;
	if (rc == 0 && bd->body)
		rc = eval(&v, r, bd->body);
	r->in_def--;
	if (rc == ERB_RETURN) {
		v = r->jump_val;
		rc = 0;
	} else if (rc == ERB_BREAK || rc == ERB_NEXT) {
		rc = erb_error(r, loc, "'break' or 'next' outside of a block or loop");
	}
	r->slots = saved;
	r->depth--;
	*out = v;
	return rc;
}

/* ---- assignments ---- */

static int index_target(struct value **recv, struct value ***argv,
			size_t *argc, struct erb_run *r,
			const struct erb_node *t, struct value **stack)
{
	int rc = eval(recv, r, t->a);
	if (rc)
		return rc;
	return eval_args(argv, argc, r, t, stack);
}

static int index_set(struct erb_run *r, const struct erb_node *t,
		     struct value *recv, struct value **argv, size_t argc,
		     struct value *v)
{
	struct value *args[MAX_STACK_ARGS + 1], *ignored;
	if (argc > MAX_STACK_ARGS)
		return erb_unsupported(r, t->loc, "index assignment with %zu arguments",
				       argc);
	if (argc)
		memcpy(args, argv, argc * sizeof(*args));
	args[argc] = v;
	return erb_send(&ignored, r, recv, M_ASET, "[]=", args, argc + 1,
			NULL, t->loc);
}

static int eval_asgn(struct value **out, struct erb_run *r,
		     const struct erb_node *n)
{
	const struct erb_node *t = n->a;
	struct value *v;
	int rc;
	if (t->kind == N_CALL) {
		struct value *recv, *stack[MAX_STACK_ARGS], **argv;
		size_t argc;
		rc = index_target(&recv, &argv, &argc, r, t, stack);
		if (rc)
			return rc;
		rc = eval(&v, r, n->b);
		if (rc)
			return rc;
		rc = index_set(r, t, recv, argv, argc, v);
		*out = v;
		return rc;
	}
	rc = eval(&v, r, n->b);
	if (rc)
		return rc;
	*out = v;
	return assign(r, t, v);
}

static int eval_opasgn(struct value **out, struct erb_run *r,
		       const struct erb_node *n)
{
	const struct erb_node *t = n->a;
	struct value *cur, *recv = NULL, *stack[MAX_STACK_ARGS], **argv = NULL;
	size_t argc = 0;
	int rc;
	if (t->kind == N_CALL) {
		rc = index_target(&recv, &argv, &argc, r, t, stack);
		if (rc)
			return rc;
		rc = erb_send(&cur, r, recv, M_AREF, "[]", argv, argc, NULL,
			      t->loc);
		if (rc)
			return rc;
	} else if (t->kind == N_LVAR) {
		cur = r->slots[t->slot] ? r->slots[t->slot] : val_undef();
	} else {
		cur = ivar_get(r, t->name);
		if (!cur)
			cur = val_undef();
	}
	struct value *v;
	if (n->op == TK_OROR || n->op == TK_ANDAND) {
		if (erb_truthy(cur) == (n->op == TK_OROR)) {
			*out = cur;
			return 0;
		}
		rc = eval(&v, r, n->b);
	} else {
		struct value *rhs;
		rc = eval(&rhs, r, n->b);
		if (rc)
			return rc;
		rc = binop(&v, r, n->op, cur, rhs, n->loc);
	}
	if (rc)
		return rc;
	*out = v;
	if (t->kind == N_CALL)
		return index_set(r, t, recv, argv, argc, v);
	return assign(r, t, v);
}

/* ---- statements ---- */

static int eval_seq(struct value **out, struct erb_run *r,
		    const struct erb_node *n)
{
	*out = val_undef();
	for (uint32_t i = 0; i < n->nkids; i++) {
		int rc = eval(out, r, n->kids[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int eval_while(struct value **out, struct erb_run *r,
		      const struct erb_node *n)
{
	bool until = n->flags & NF_UNTIL;
	bool first = n->flags & NF_DOWHILE;
	*out = val_undef();
	for (;;) {
		if (erb_step(r, n->loc) < 0)
			return ERB_ERR;
		if (!first) {
			struct value *c;
			int rc = eval(&c, r, n->a);
			if (rc)
				return rc;
			if (erb_truthy(c) == until)
				return 0;
		}
		first = false;
		struct value *ignored;
		int rc = eval(&ignored, r, n->b);
		if (rc == ERB_BREAK) {
			*out = r->jump_val;
			return 0;
		}
		if (rc && rc != ERB_NEXT)
			return rc;
	}
}

static int eval_for(struct value **out, struct erb_run *r,
		    const struct erb_node *n)
{
	struct value *coll, *items;
	int rc = eval(&coll, r, n->b);
	if (rc)
		return rc;
	if (erb_to_list(&items, r, coll, n->b->loc) < 0)
		return ERB_ERR;
	for (size_t i = 0; i < items->u.arr.n; i++) {
		if (erb_step(r, n->loc) < 0)
			return ERB_ERR;
		if (assign(r, n->a, items->u.arr.v[i]) < 0)
			return ERB_ERR;
		struct value *ignored;
		rc = eval(&ignored, r, n->c);
		if (rc == ERB_BREAK) {
			*out = r->jump_val;
			return 0;
		}
		if (rc && rc != ERB_NEXT)
			return rc;
	}
	*out = coll;
	return 0;
}

static int eval_case(struct value **out, struct erb_run *r,
		     const struct erb_node *n)
{
	struct value *subject = NULL;
	int rc;
	if (n->a && (rc = eval(&subject, r, n->a)))
		return rc;
	for (uint32_t w = 0; w < n->nkids; w++) {
		const struct erb_node *wn = n->kids[w];
		struct value *stack[MAX_STACK_ARGS], **vals;
		size_t nvals;
		rc = eval_args(&vals, &nvals, r, wn, stack);
		if (rc)
			return rc;
		for (size_t i = 0; i < nvals; i++) {
			bool hit;
			if (subject) {
				if (erb_case_eq(&hit, r, vals[i], subject,
						wn->loc) < 0)
					return ERB_ERR;
			} else {
				hit = erb_truthy(vals[i]);
			}
			if (hit)
				return eval(out, r, wn->a);
		}
	}
	if (n->c)
		return eval(out, r, n->c);
	*out = val_undef();
	return 0;
}

/* Ruby's exception class of the pending error, from how we worded it. */
static const char *err_class(const struct erb_run *r)
{
	static const struct {
		const char *prefix, *cls;
	} map[] = {
		{ "undefined method", "NoMethodError" },
		{ "undefined local variable", "NameError" },
		{ "wrong number of arguments", "ArgumentError" },
		{ "invalid value for", "ArgumentError" },
		{ "comparison of", "ArgumentError" },
		{ "negative", "ArgumentError" },
		{ "invalid radix", "ArgumentError" },
		{ "step can't be", "ArgumentError" },
		{ "no implicit conversion", "TypeError" },
		{ "can't convert", "TypeError" },
		{ "wrong argument type", "TypeError" },
		{ "divided by 0", "ZeroDivisionError" },
		{ "key not found", "KeyError" },
		{ "index ", "IndexError" },
	};
	if (r->err_class)
		return r->err_class;
	if (r->err_is_raise)
		return "RuntimeError";
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strncmp(r->err.ptr, map[i].prefix, strlen(map[i].prefix)))
			return map[i].cls;
	if (strstr(r->err.ptr, "can't be coerced"))
		return "TypeError";
	return "StandardError";
}

/* Whether `rescue NAME` takes an error of class `cls`. */
static bool rescues(const char *name, const char *cls)
{
	static const char *const parents[][2] = {
		{ "NoMethodError", "NameError" },
		{ "KeyError", "IndexError" },
		{ "FloatDomainError", "RangeError" },
		{ "JSON::ParserError", "JSON::JSONError" },
		{ "JSON::GeneratorError", "JSON::JSONError" },
		{ "JSON::NestingError", "JSON::ParserError" },
	};
	if (!strcmp(name, "Exception") || !strcmp(name, "StandardError") ||
	    !strcmp(name, cls))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(parents); i++)
		if (!strcmp(cls, parents[i][0]) && !strcmp(name, parents[i][1]))
			return true;
	return false;
}

/* begin/rescue: only errors of the classes named (StandardError when
 * none) are rescued; unsupported constructs and limits never are */
static int eval_begin(struct value **out, struct erb_run *r,
		      const struct erb_node *n)
{
	int rc = eval(out, r, n->a);
	if (rc == ERB_ERR && n->nkids && !r->err_recorded && !r->err_fatal) {
		const char *cls = err_class(r);
		const struct erb_node *res = NULL;
		for (uint32_t i = 0; i < n->nkids && !res; i++) {
			const struct erb_node *c = n->kids[i];
			bool hit = !c->nkids;
			for (uint32_t k = 0; k < c->nkids && !hit; k++)
				hit = c->kids[k]->kind == N_CONST &&
				      rescues(c->kids[k]->name, cls);
			if (hit)
				res = c;
		}
		if (res) {
			struct value *msg =
				val_str(r->a, r->err.ptr, r->err.len);
			buf_reset(&r->err);
			r->err_class = NULL;
			if (res->b && assign(r, res->b, msg) < 0)
				return ERB_ERR;
			rc = eval(out, r, res->a);
		}
	} else if (rc == 0 && n->b) {
		rc = eval(out, r, n->b);
	}
	if (n->c) {
		struct value *ignored;
		struct buf saved = r->err;
		struct srcloc sl = r->errloc;
		bool rec = r->err_recorded, fatal = r->err_fatal;
		const char *ecls = r->err_class;
		r->err = (struct buf)BUF_INIT;
		int rc2 = eval(&ignored, r, n->c);
		if (rc2) {
			buf_release(&saved);
			return rc2;
		}
		buf_release(&r->err);
		r->err = saved;
		r->errloc = sl;
		r->err_recorded = rec;
		r->err_fatal = fatal;
		r->err_class = ecls;
	}
	return rc;
}

static int eval_defined(struct value **out, struct erb_run *r,
			const struct erb_node *n)
{
	const struct erb_node *e = n->a;
	const char *what = NULL;
	struct value *v;
	switch (e->kind) {
	case N_IVAR:
		v = ivar_get(r, e->name);
		if (v && v->kind != VAL_UNDEF)
			what = "instance-variable";
		break;
	case N_LVAR:
		what = "local-variable";
		break;
	case N_GVAR:
		what = e->op == 0 || (r->last_match && e->op <
				      r->last_match->u.t.params[0]->u.arr.n) ?
			       "global-variable" : NULL;
		break;
	case N_CONST:
		what = e->op != CLS_NONE ? "constant" : NULL;
		break;
	case N_VCALL:
		break;
	case N_CALL:
		if (e->flags & NF_SELF_CALL) {
			what = "method";
			break;
		}
		if (eval(&v, r, e->a) < 0)
			return ERB_ERR;
		what = "method";
		break;
	case N_ASGN:
	case N_OPASGN:
	case N_MASGN:
		what = "assignment";
		break;
	case N_NIL:
	case N_TRUE:
	case N_FALSE:
	case N_SELF:
		what = "expression";
		break;
	default:
		what = "expression";
	}
	*out = what ? val_strz(r->a, what) : val_undef();
	return 0;
}

static int eval_dstr(struct value **out, struct erb_run *r,
		     const struct erb_node *n)
{
	size_t start = r->tmp.len;
	for (uint32_t i = 0; i < n->nkids; i++) {
		const struct erb_node *k = n->kids[i];
		if (k->kind == N_STR) {
			buf_add(&r->tmp, k->val->u.s.ptr, k->val->u.s.len);
			continue;
		}
		struct value *v;
		int rc = eval(&v, r, k);
		if (rc) {
			buf_setlen(&r->tmp, start);
			return rc;
		}
		if (v->kind == VAL_STRING) {
			buf_add(&r->tmp, v->u.s.ptr, v->u.s.len);
		} else if (erb_to_s(r, &r->tmp, v, k->loc) < 0) {
			buf_setlen(&r->tmp, start);
			return ERB_ERR;
		}
	}
	size_t len = r->tmp.len - start;
	if (erb_room(r, n->loc, len) < 0)
		return ERB_ERR;
	if (n->kind == N_DSYM) {
		*out = erb_sym(r, r->tmp.ptr + start, len);
	} else if (n->kind == N_DREGEX) {
		struct value *re = val_regex(r->a, r->tmp.ptr + start, len);
		if (regex_compile_src(&re->u.re.code, r->a, re->u.re.src, len,
				      n->op) < 0) {
			buf_setlen(&r->tmp, start);
			return erb_error(r, n->loc, "%s", err_last());
		}
		*out = re;
	} else {
		*out = val_str(r->a, r->tmp.ptr + start, len);
	}
	buf_setlen(&r->tmp, start);
	return 0;
}

static int eval_insert(struct value **out, struct erb_run *r,
		       const struct erb_node *n)
{
	struct value *v;
	int rc = eval(&v, r, n->a);
	if (rc)
		return rc;
	*out = val_undef();
	if (v->kind == VAL_STRING) {
		buf_add(r->out, v->u.s.ptr, v->u.s.len);
		return 0;
	}
	return erb_to_s(r, r->out, v, n->loc);
}

static int eval(struct value **out, struct erb_run *r,
		const struct erb_node *n)
{
	int rc;
	struct value *a, *b;
	switch ((enum erb_nk)n->kind) {
	case N_NIL:
		*out = val_undef();
		return 0;
	case N_TRUE:
		*out = val_bool(true);
		return 0;
	case N_FALSE:
		*out = val_bool(false);
		return 0;
	case N_SELF:
		return erb_unsupported(r, n->loc, "'self'");
	case N_CONST_VAL:
		*out = n->val;
		return 0;
	case N_STR:
		*out = val_str_borrow(r->a, n->val->u.s.ptr, n->val->u.s.len);
		return 0;
	case N_DSTR:
	case N_DSYM:
	case N_DREGEX:
		return eval_dstr(out, r, n);
	case N_ARRAY: {
		struct value *stack[MAX_STACK_ARGS], **argv;
		size_t argc;
		if ((rc = eval_args(&argv, &argc, r, n, stack)))
			return rc;
		struct value *arr = val_array(r->a, argc);
		for (size_t i = 0; i < argc; i++)
			val_array_push(r->a, arr, argv[i]);
		*out = arr;
		return 0;
	}
	case N_HASH: {
		struct value *h = val_hash(r->a, n->nkids / 2);
		for (uint32_t i = 0; i + 1 < n->nkids; i += 2) {
			if ((rc = eval(&a, r, n->kids[i])) ||
			    (rc = eval(&b, r, n->kids[i + 1])))
				return rc;
			if (erb_hash_set(r, h, a, b, n->kids[i]->loc) < 0)
				return ERB_ERR;
		}
		*out = h;
		return 0;
	}
	case N_RANGE:
		if ((rc = eval(&a, r, n->a)) || (rc = eval(&b, r, n->b)))
			return rc;
		if (!((a->kind == VAL_INT || a->kind == VAL_FLOAT ||
		       a->kind == VAL_UNDEF) &&
		      (b->kind == VAL_INT || b->kind == VAL_FLOAT ||
		       b->kind == VAL_UNDEF)) &&
		    !(a->kind == VAL_STRING && b->kind == VAL_STRING))
			return erb_error(r, n->loc, "bad value for range");
		*out = erb_range(r, a, b, n->flags & NF_EXCL);
		return 0;
	case N_LVAR:
		*out = r->slots[n->slot] ? r->slots[n->slot] : val_undef();
		return 0;
	case N_IVAR:
		a = ivar_get(r, n->name);
		*out = a ? a : val_undef();
		return 0;
	case N_GVAR:
		if (!r->last_match) {
			*out = val_undef();
		} else if (n->op == 0) {
			*out = r->last_match;
		} else {
			struct value *g = r->last_match->u.t.params[0];
			*out = n->op < g->u.arr.n ? g->u.arr.v[n->op]
						  : val_undef();
		}
		return 0;
	case N_CONST:
		/* Ruby would have JSON, Time, IPAddr ...: never pretend */
		if (n->op == CLS_NONE)
			return erb_unsupported(r, n->loc, "constant '%s'", n->name);
		*out = erb_class_val(r, (enum erb_cls)n->op);
		return 0;
	case N_VCALL: {
		const struct erb_node *def = erb_find_def(r, n->name);
		if (def)
			return erb_call_def(out, r, def, NULL, 0, n->loc);
		return erb_lookup_var(out, r, n->name, true, n->loc);
	}
	case N_DEF:
		add_def(r, n);
		*out = erb_sym(r, n->name, strlen(n->name));
		return 0;
	case N_RETURN:
		if (!r->in_def)
			return erb_unsupported(r, n->loc, "'return' outside a method");
		if (n->a) {
			if ((rc = eval(&a, r, n->a)))
				return rc;
		} else {
			a = val_undef();
		}
		r->jump_val = a;
		*out = a;
		return ERB_RETURN;
	case N_CALL:
		return eval_call(out, r, n);
	case N_ASGN:
		return eval_asgn(out, r, n);
	case N_OPASGN:
		return eval_opasgn(out, r, n);
	case N_MASGN:
		if ((rc = eval(&a, r, n->b)))
			return rc;
		*out = a;
		if (a->kind == VAL_ARRAY)
			return assign_list(r, n->a, a->u.arr.v, a->u.arr.n);
		return assign_list(r, n->a, &a, 1);
	case N_MLHS:
	case N_SPLAT:
	case N_BLOCK_PASS:
	case N_WHEN:
	case N_RESCUE:
		return erb_unsupported(r, n->loc, "this expression");
	case N_AND:
	case N_OR:
		if ((rc = eval(&a, r, n->a)))
			return rc;
		if (erb_truthy(a) == (n->kind == N_OR)) {
			*out = a;
			return 0;
		}
		return eval(out, r, n->b);
	case N_NOT:
		if ((rc = eval(&a, r, n->a)))
			return rc;
		*out = val_bool(!erb_truthy(a));
		return 0;
	case N_DEFINED:
		return eval_defined(out, r, n);
	case N_BINOP:
		if ((rc = eval(&a, r, n->a)) || (rc = eval(&b, r, n->b)))
			return rc;
		return binop(out, r, n->op, a, b, n->loc);
	case N_UNOP:
		if ((rc = eval(&a, r, n->a)))
			return rc;
		if (n->op == TK_UMINUS && a->kind == VAL_INT) {
			if (a->u.n.i == INT64_MIN)
				return erb_unsupported(r, n->loc, "Integer overflow (Bignum)");
			*out = val_int(r->a, -a->u.n.i);
		} else if (n->op == TK_UMINUS && a->kind == VAL_FLOAT) {
			*out = val_float(r->a, -a->u.f);
		} else if (n->op == TK_UPLUS &&
			   (a->kind == VAL_INT || a->kind == VAL_FLOAT)) {
			*out = a;
		} else if (n->op == TK_TILDE && a->kind == VAL_INT) {
			*out = val_int(r->a, ~a->u.n.i);
		} else {
			return erb_no_method(r, a, n->op == TK_UMINUS ? "-@" :
					     n->op == TK_UPLUS ? "+@" : "~", n->loc);
		}
		return 0;
	case N_IF:
		if ((rc = eval(&a, r, n->a)))
			return rc;
		if (erb_truthy(a))
			return n->b ? eval(out, r, n->b)
				    : (*out = val_undef(), 0);
		return n->c ? eval(out, r, n->c) : (*out = val_undef(), 0);
	case N_WHILE:
		return eval_while(out, r, n);
	case N_FOR:
		return eval_for(out, r, n);
	case N_CASE:
		return eval_case(out, r, n);
	case N_SEQ:
		return eval_seq(out, r, n);
	case N_BREAK:
	case N_NEXT:
		if (n->a) {
			if ((rc = eval(&a, r, n->a)))
				return rc;
		} else {
			a = val_undef();
		}
		r->jump_val = a;
		*out = a;
		return n->kind == N_BREAK ? ERB_BREAK : ERB_NEXT;
	case N_BEGIN:
		return eval_begin(out, r, n);
	case N_TEXT:
		buf_add(r->out, n->val->u.s.ptr, n->val->u.s.len);
		*out = val_undef();
		return 0;
	case N_INSERT:
		return eval_insert(out, r, n);
	}
	return erb_unsupported(r, n->loc, "node %d", n->kind);
}

/* ---- entry points ---- */

struct erb_template *erb_compile(struct arena *a, struct diags *d,
				 const char *file, const char *src,
				 size_t len)
{
	diags_add_source(d, file, src, len);
	return erb_parse(a, d, file, src, len);
}

int erb_run(struct buf *out, const struct erb_template *t,
	    struct erb_env *env)
{
	struct erb_run r;
	memset(&r, 0, sizeof(r));
	r.t = t;
	r.env = env;
	r.a = env->arena;
	r.out = out;
	r.max_steps = env->max_steps ? env->max_steps : DEFAULT_MAX_STEPS;
	r.max_bytes = env->max_bytes ? env->max_bytes : DEFAULT_MAX_BYTES;
	r.bytes_start = env->arena->total;
	r.err = (struct buf)BUF_INIT;
	r.tmp = (struct buf)BUF_INIT;
	r.slots = arena_alloc(r.a, (t->nslots ? t->nslots : 1) *
					   sizeof(*r.slots));
	struct value *v;
	int rc = eval(&v, &r, t->root);
	if (rc == ERB_BREAK || rc == ERB_NEXT || rc == ERB_RETURN)
		rc = erb_error(&r, t->root->loc, "'break' or 'next' outside of a block or loop");
	if (rc < 0 && !r.err_recorded)
		diags_add(env->diags, DIAG_ERROR, r.errloc, "%s", r.err.ptr);
	buf_release(&r.err);
	buf_release(&r.tmp);
	erb_ptrset_release(&r.syms);
	return rc < 0 ? -1 : 0;
}

int erb_render(struct buf *out, struct erb_env *env, const char *file,
	       const char *src, size_t len)
{
	struct erb_template *t = erb_compile(env->arena, env->diags, file, src,
					     len);
	if (!t)
		return -1;
	return erb_run(out, t, env);
}
