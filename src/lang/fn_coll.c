/* SPDX-License-Identifier: MIT */
/* fn_coll.c: iteration and collection functions (each, map, sort, …) */
#include "util/compat.h"
#include <ctype.h>
#include <inttypes.h>
#include "lang/ast.h"
#include "lang/fn_arg.h"
#include "lang/func.h"
#include "lang/regex.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/*
 * Lambdas are run through fn_call_lambda(). It returns 0, -1 after an
 * error, or the evaluator's non-local exit codes, which pass through
 * untouched, except break(): that one ends the iteration, and the
 * function returns what it has gathered so far, as Puppet does.
 * FN_BREAK must equal EVAL_BREAK (eval-internal.h), which func.h does not
 * publish yet.
 */
#define FN_BREAK (-21)

/* Stops an iteration on break(): 1 to stop normally, else rc. */
static int iter_check(int rc)
{
	return rc == FN_BREAK ? 1 : rc;
}

static struct value *pair(struct arena *a, struct value *k, struct value *v)
{
	struct value *p = val_array(a, 2);
	val_array_push(a, p, k);
	val_array_push(a, p, v);
	return p;
}

/* ---- iterables ---- */

/*
 * Puppet's Iterable: an Array, a Hash (hash-style: [key, value] pairs),
 * a String (its characters), an Integer n >= 0 (0..n-1), Integer[a, b]
 * with both ends given (a..b), Enum[...] (its values). Iterators are
 * plain arrays in tend: reverse_each and step without a lambda give an
 * Array where Puppet gives an Iterator.
 */
struct iter {
	struct value *src;
	struct value *elems;  /* array of elements, or NULL for a range */
	int64_t from;         /* first value of a range */
	size_t n;
	bool hash_style;
};

static bool iter_init(struct iter *it, struct fn_call *c, struct value *v)
{
	memset(it, 0, sizeof(*it));
	it->src = v;
	switch (v->kind) {
	case VAL_ARRAY:
		it->elems = v;
		it->n = v->u.arr.n;
		return true;
	case VAL_HASH:
		it->hash_style = true;
		it->n = v->u.h.n;
		return true;
	case VAL_STRING: {
		struct value *a = val_array(c->arena, v->u.s.len);
		for (size_t i = 0; i < v->u.s.len;) {
			size_t n = fnarg_utf8_clen(v->u.s.ptr, v->u.s.len, i);
			val_array_push(c->arena, a,
				       val_str(c->arena, v->u.s.ptr + i, n));
			i += n;
		}
		it->elems = a;
		it->n = a->u.arr.n;
		return true;
	}
	case VAL_INT:
		if (v->u.n.i < 0)
			return false;
		it->n = (size_t)v->u.n.i;
		return true;
	case VAL_TYPE:
		if (!strcmp(v->u.t.name, "Integer") && v->u.t.nparams == 2 &&
		    v->u.t.params[0]->kind == VAL_INT &&
		    v->u.t.params[1]->kind == VAL_INT &&
		    v->u.t.params[0]->u.n.i <= v->u.t.params[1]->u.n.i) {
			it->from = v->u.t.params[0]->u.n.i;
			int64_t to = v->u.t.params[1]->u.n.i;
			it->n = (size_t)(to - it->from) + 1;
			return true;
		}
		if (!strcmp(v->u.t.name, "Enum")) {
			/* Puppet keeps Enum values sorted and unique */
			struct value *a = val_array(c->arena, v->u.t.nparams);
			for (size_t i = 0; i < v->u.t.nparams; i++) {
				struct value *e = v->u.t.params[i];
				if (e->kind == VAL_ARRAY) {
					for (size_t k = 0; k < e->u.arr.n; k++)
						val_array_push(c->arena, a,
							       e->u.arr.v[k]);
				} else if (e->kind == VAL_STRING) {
					val_array_push(c->arena, a, e);
				}
			}
			struct value **e = a->u.arr.v;
			for (size_t i = 1; i < a->u.arr.n; i++)
				for (size_t k = i;
				     k > 0 && val_compare(e[k - 1], e[k]) > 0;
				     k--) {
					struct value *t = e[k];
					e[k] = e[k - 1];
					e[k - 1] = t;
				}
			size_t w = 0;
			for (size_t i = 0; i < a->u.arr.n; i++)
				if (!w || !val_identical(e[w - 1], e[i]))
					e[w++] = e[i];
			a->u.arr.n = w;
			it->elems = a;
			it->n = w;
			return true;
		}
		return false;
	default:
		return false;
	}
}

/* Element i; for hashes the [key, value] pair. */
static struct value *iter_at(struct fn_call *c, const struct iter *it,
			     size_t i)
{
	if (it->hash_style)
		return pair(c->arena, it->src->u.h.e[i].key,
			    it->src->u.h.e[i].val);
	if (it->elems)
		return it->elems->u.arr.v[i];
	return val_int(c->arena, it->from + (int64_t)i);
}

static struct value *iter_array(struct fn_call *c, const struct iter *it)
{
	if (it->elems)
		return it->elems;
	struct value *a = val_array(c->arena, it->n);
	for (size_t i = 0; i < it->n; i++)
		val_array_push(c->arena, a, iter_at(c, it, i));
	return a;
}

/*
 * Puppet's message when no signature of each/map/filter/any/all/index
 * accepts the arguments.
 */
static int iter_dispatch_error(struct fn_call *c, struct value *v)
{
	const char *l = fnarg_label(c->arena, v);
	/* index() has two more signatures, taking a value */
	const char *more = strcmp(c->name, "index") ? "" :
		"\n  (String str, Variant[String, Regexp] match)\n"
		"    rejected: expects 2 arguments, got 1\n"
		"  (Iterable enumerable, Any match)\n"
		"    rejected: expects 2 arguments, got 1";
	if (v->kind == VAL_INT && c->lambda) {
		/* a negative Integer passes the Iterable type check and fails
		 * later; Puppet then only reports the other block arity */
		size_t n = fn_lambda_arity(c);
		return fn_error(c,
			"The function '%s' was called with arguments it does not accept. It expects one of:\n"
			"  (Hash hash, Callable[2, 2] block)\n"
			"    rejected: parameter 'hash' expects a Hash value, got %s\n"
			"  (Hash hash, Callable[1, 1] block)\n"
			"    rejected: parameter 'hash' expects a Hash value, got %s\n"
			"  (Iterable enumerable, Callable[2, 2] block)%s\n"
			"  (Iterable enumerable, Callable[1, 1] block)%s%s",
			c->name, l, l,
			n == 2 ? "" : "\n    rejected: block expects 2 arguments, got 1",
			n == 1 ? "" : "\n    rejected: block expects 1 argument, got 2",
			more);
	}
	return fn_error(c,
		"The function '%s' was called with arguments it does not accept. It expects one of:\n"
		"  (Hash hash, Callable[2, 2] block)\n"
		"    rejected: parameter 'hash' expects a Hash value, got %s\n"
		"  (Hash hash, Callable[1, 1] block)\n"
		"    rejected: parameter 'hash' expects a Hash value, got %s\n"
		"  (Iterable enumerable, Callable[2, 2] block)\n"
		"    rejected: parameter 'enumerable' expects an Iterable value, got %s\n"
		"  (Iterable enumerable, Callable[1, 1] block)\n"
		"    rejected: parameter 'enumerable' expects an Iterable value, got %s%s",
		c->name, l, l, l, l, more);
}

/* The common start of each/map/filter/any/all: the iterable and the
 * lambda's arity (1 or 2). */
static int iter_start(struct iter *it, size_t *arity, struct fn_call *c)
{
	if (fnarg_block(c, 1, 2) < 0)
		return -1;
	if (!iter_init(it, c, c->args[0]))
		return iter_dispatch_error(c, c->args[0]);
	/* Puppet tries the two-parameter signatures first */
	*arity = fnarg_block_takes(c, 2) ? 2 : 1;
	return 0;
}

/*
 * Calls the lambda for element i the way each/map/filter do: one
 * parameter gets the element (a [k, v] pair for hashes); two get
 * (key, value) for hashes and (index, element) otherwise.
 */
static int call_elem(struct value **out, struct fn_call *c,
		     const struct iter *it, size_t arity, size_t i)
{
	struct value *args[2];
	if (arity == 1) {
		args[0] = iter_at(c, it, i);
		return fn_call_lambda(out, c, args, 1);
	}
	if (it->hash_style) {
		args[0] = it->src->u.h.e[i].key;
		args[1] = it->src->u.h.e[i].val;
	} else {
		args[0] = val_int(c->arena, (int64_t)i);
		args[1] = iter_at(c, it, i);
	}
	return fn_call_lambda(out, c, args, 2);
}

static int fn_each(struct value **out, struct fn_call *c)
{
	struct iter it;
	size_t arity;
	if (iter_start(&it, &arity, c) < 0)
		return -1;
	for (size_t i = 0; i < it.n; i++) {
		struct value *r;
		int rc = iter_check(call_elem(&r, c, &it, arity, i));
		if (rc < 0)
			return rc;
		if (rc)
			break;
	}
	*out = c->args[0];
	return 0;
}

static int fn_map(struct value **out, struct fn_call *c)
{
	struct iter it;
	size_t arity;
	if (iter_start(&it, &arity, c) < 0)
		return -1;
	struct value *res = val_array(c->arena, it.n);
	for (size_t i = 0; i < it.n; i++) {
		struct value *r;
		int rc = iter_check(call_elem(&r, c, &it, arity, i));
		if (rc < 0)
			return rc;
		if (rc)
			break;
		val_array_push(c->arena, res, r);
	}
	*out = res;
	return 0;
}

static int fn_filter(struct value **out, struct fn_call *c)
{
	struct iter it;
	size_t arity;
	if (iter_start(&it, &arity, c) < 0)
		return -1;
	struct value *res = it.hash_style ? val_hash(c->arena, it.n) :
					    val_array(c->arena, it.n);
	for (size_t i = 0; i < it.n; i++) {
		struct value *r;
		int rc = iter_check(call_elem(&r, c, &it, arity, i));
		if (rc < 0)
			return rc;
		if (rc)
			break;
		if (!val_truthy(r))
			continue;
		if (it.hash_style)
			val_hash_set(c->arena, res, it.src->u.h.e[i].key,
				     it.src->u.h.e[i].val);
		else
			val_array_push(c->arena, res, iter_at(c, &it, i));
	}
	*out = res;
	return 0;
}

/* any (want true) and all (want false): stop at the first element whose
 * lambda result's truth is `want` */
static int any_all(struct value **out, struct fn_call *c, bool want)
{
	struct iter it;
	size_t arity;
	if (iter_start(&it, &arity, c) < 0)
		return -1;
	for (size_t i = 0; i < it.n; i++) {
		struct value *r;
		int rc = iter_check(call_elem(&r, c, &it, arity, i));
		if (rc < 0)
			return rc;
		if (rc)
			break;
		if (val_truthy(r) == want) {
			*out = val_bool(want);
			return 0;
		}
	}
	*out = val_bool(!want);
	return 0;
}

static int fn_any(struct value **out, struct fn_call *c)
{
	return any_all(out, c, true);
}

static int fn_all(struct value **out, struct fn_call *c)
{
	return any_all(out, c, false);
}

static int fn_reduce(struct value **out, struct fn_call *c)
{
	struct iter it;
	if (!iter_init(&it, c, c->args[0])) {
		const char *l = fnarg_label(c->arena, c->args[0]);
		if (c->nargs == 1)
			return fn_error(c,
				"The function 'reduce' was called with arguments it does not accept. It expects one of:\n"
				"  (Iterable enumerable, Callable[2, 2] block)\n"
				"    rejected: parameter 'enumerable' expects an Iterable value, got %s\n"
				"  (Iterable enumerable, Any memo, Callable[2, 2] block)\n"
				"    rejected: expects 2 arguments, got 1", l);
		return fn_error(c,
			"The function 'reduce' was called with arguments it does not accept. It expects one of:\n"
			"  (Iterable enumerable, Callable[2, 2] block)\n"
			"    rejected: expects 1 argument, got 2\n"
			"  (Iterable enumerable, Any memo, Callable[2, 2] block)\n"
			"    rejected: parameter 'enumerable' expects an Iterable value, got %s", l);
	}
	if (fnarg_block(c, 2, 2) < 0)
		return -1;
	size_t i = 0;
	struct value *memo;
	if (c->nargs > 1) {
		memo = c->args[1];
	} else {
		if (!it.n) {
			*out = val_undef();
			return 0;
		}
		memo = iter_at(c, &it, i++);
	}
	for (; i < it.n; i++) {
		struct value *args[2] = { memo, iter_at(c, &it, i) };
		struct value *r;
		int rc = iter_check(fn_call_lambda(&r, c, args, 2));
		if (rc < 0)
			return rc;
		if (rc)
			break;
		memo = r;
	}
	*out = memo;
	return 0;
}

static int fn_with(struct value **out, struct fn_call *c)
{
	if (!c->lambda)
		return fn_error(c, "'with' expects a block");
	return fn_call_lambda(out, c, c->args, c->nargs);
}

static int fn_then(struct value **out, struct fn_call *c)
{
	if (fnarg_block(c, 1, 1) < 0)
		return -1;
	if (c->args[0]->kind == VAL_UNDEF) {
		*out = val_undef();
		return 0;
	}
	return fn_call_lambda(out, c, c->args, 1);
}

static int fn_lest(struct value **out, struct fn_call *c)
{
	if (fnarg_block(c, 0, 0) < 0)
		return -1;
	if (c->args[0]->kind != VAL_UNDEF) {
		*out = c->args[0];
		return 0;
	}
	return fn_call_lambda(out, c, NULL, 0);
}

static int fn_slice(struct value **out, struct fn_call *c)
{
	struct iter it;
	struct value *v = c->args[0], *sz = c->args[1];
	if (!iter_init(&it, c, v)) {
		const char *l = fnarg_label(c->arena, v);
		return fn_error(c,
			"The function 'slice' was called with arguments it does not accept. It expects one of:\n"
			"  (Hash hash, Integer[1] slice_size, Callable block?)\n"
			"    rejected: parameter 'hash' expects a Hash value, got %s\n"
			"  (Iterable enumerable, Integer[1] slice_size, Callable block?)\n"
			"    rejected: parameter 'enumerable' expects an Iterable value, got %s",
			l, l);
	}
	if (sz->kind != VAL_INT || sz->u.n.i < 1) {
		struct buf t = BUF_INIT;
		if (sz->kind == VAL_INT)
			buf_addf(&t, "Integer[%" PRId64 ", %" PRId64 "]",
				 sz->u.n.i, sz->u.n.i);
		else
			buf_addstr(&t, fnarg_label(c->arena, sz));
		fn_error(c,
			"The function 'slice' was called with arguments it does not accept. It expects one of:\n"
			"  (Hash hash, Integer[1] slice_size, Callable block?)\n"
			"    rejected: %s%s\n"
			"  (Iterable enumerable, Integer[1] slice_size, Callable block?)\n"
			"    rejected: parameter 'slice_size' expects an Integer[1] value, got %s",
			v->kind == VAL_HASH ? "parameter 'slice_size' expects an Integer[1] value, got " :
			"parameter 'hash' expects a Hash value, got ",
			v->kind == VAL_HASH ? t.ptr : fnarg_label(c->arena, v),
			t.ptr);
		buf_release(&t);
		return -1;
	}
	size_t n = (size_t)sz->u.n.i;
	size_t serving = 1;
	if (c->lambda) {
		/* Ruby's proc arity: optional or *rest parameters make it
		 * negative, and the whole slice is passed as arguments */
		serving = fn_lambda_arity(c);
		if (serving && fnarg_block_takes(c, serving - 1))
			serving = n;
		else if (serving && fnarg_block_takes(c, serving + 1))
			serving = n;
		if (!serving)
			return fn_error(c, "slice(): block must define at least one parameter. Block has 0.");
		if (serving != 1 && serving != n) {
			struct buf names = BUF_INIT;
			for (size_t i = 0; i < c->lambda->nparams; i++) {
				if (i)
					buf_addstr(&names, ", ");
				buf_addstr(&names, c->lambda->params[i]->str);
			}
			fn_error(c, "slice(): block must define one parameter, or the same number of parameters as the given size of the slice (%zu). Block has %zu; %s",
				 n, serving, names.ptr);
			buf_release(&names);
			return -1;
		}
	}
	struct value *res = val_array(c->arena, it.n / n + 1);
	for (size_t i = 0; i < it.n; i += n) {
		struct value *s = val_array(c->arena, n);
		for (size_t k = i; k < i + n && k < it.n; k++)
			val_array_push(c->arena, s, iter_at(c, &it, k));
		if (!c->lambda) {
			val_array_push(c->arena, res, s);
			continue;
		}
		struct value *r;
		int rc;
		if (serving == 1) {
			rc = fn_call_lambda(&r, c, &s, 1);
		} else {
			/* short last slice: nil fillers, [] for hashes */
			while (s->u.arr.n < n) {
				struct value *fill = it.hash_style ?
					val_array(c->arena, 0) : val_undef();
				val_array_push(c->arena, s, fill);
			}
			rc = fn_call_lambda(&r, c, s->u.arr.v, n);
		}
		rc = iter_check(rc);
		if (rc < 0)
			return rc;
		if (rc)
			break;
	}
	*out = c->lambda ? v : res;
	return 0;
}

/*
 * A negative Integer passes Puppet's Iterable type check, then fails in a
 * way that makes Puppet blame the block of step() and reverse_each().
 */
static int negative_iterable(struct fn_call *c)
{
	if (c->lambda)
		return fn_error(c, "'%s' does not expect a block", c->name);
	return fn_error(c, "'%s' expects a block", c->name);
}

static int fn_step(struct value **out, struct fn_call *c)
{
	struct iter it;
	struct value *st = c->args[1];
	if (c->args[0]->kind == VAL_INT && c->args[0]->u.n.i < 0)
		return negative_iterable(c);
	if (!iter_init(&it, c, c->args[0]))
		return fnarg_mismatch(c, "iterable", "an Iterable value",
				      c->args[0]);
	if (st->kind != VAL_INT || st->u.n.i < 1) {
		if (st->kind == VAL_INT)
			return fn_error(c, "'step' parameter 'step' expects an Integer[1] value, got Integer[%" PRId64 ", %" PRId64 "]",
					st->u.n.i, st->u.n.i);
		return fnarg_mismatch(c, "step", "an Integer[1] value", st);
	}
	if (c->lambda && fnarg_block(c, 1, 1) < 0)
		return -1;
	size_t n = (size_t)st->u.n.i;
	struct value *res = val_array(c->arena, it.n / n + 1);
	for (size_t i = 0; i < it.n; i += n) {
		struct value *e = iter_at(c, &it, i);
		if (!c->lambda) {
			val_array_push(c->arena, res, e);
			continue;
		}
		struct value *r;
		int rc = iter_check(fn_call_lambda(&r, c, &e, 1));
		if (rc < 0)
			return rc;
		if (rc)
			break;
	}
	*out = c->lambda ? val_undef() : res;
	return 0;
}

static int fn_reverse_each(struct value **out, struct fn_call *c)
{
	struct iter it;
	if (c->args[0]->kind == VAL_INT && c->args[0]->u.n.i < 0)
		return negative_iterable(c);
	if (!iter_init(&it, c, c->args[0]))
		return fnarg_mismatch(c, "iterable", "an Iterable value",
				      c->args[0]);
	if (c->lambda && fnarg_block(c, 1, 1) < 0)
		return -1;
	struct value *res = val_array(c->arena, it.n);
	for (size_t i = it.n; i > 0; i--) {
		struct value *e = iter_at(c, &it, i - 1);
		if (!c->lambda) {
			val_array_push(c->arena, res, e);
			continue;
		}
		struct value *r;
		int rc = iter_check(fn_call_lambda(&r, c, &e, 1));
		if (rc < 0)
			return rc;
		if (rc)
			break;
	}
	*out = c->lambda ? val_undef() : res;
	return 0;
}

/* Ruby's String#index: the character offset of the first match */
static int string_index(struct value **out, struct fn_call *c,
			struct value *s, struct value *m)
{
	size_t at = (size_t)-1;
	if (m->kind == VAL_STRING) {
		if (!m->u.s.len) {
			at = 0;
		} else {
			const char *p = memmem(s->u.s.ptr, s->u.s.len,
					       m->u.s.ptr, m->u.s.len);
			if (p)
				at = (size_t)(p - s->u.s.ptr);
		}
	} else {
		if (regex_compile(c->arena, m) < 0)
			return fn_error(c, "%s", err_last());
		struct regex_hit h = REGEX_HIT_INIT;
		int rc = regex_search(&h, m->u.re.code, s->u.s.ptr, s->u.s.len,
				      0, 0);
		if (rc == 1)
			at = h.ov[0];
		regex_hit_release(&h);
		if (rc < 0)
			return fn_error(c, "%s", err_last());
	}
	*out = at == (size_t)-1 ? val_undef() :
	       val_int(c->arena, (int64_t)fnarg_utf8_count(s->u.s.ptr, at));
	return 0;
}

static int fn_index(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (c->nargs == 2) {
		struct value *m = c->args[1];
		if (v->kind == VAL_STRING &&
		    (m->kind == VAL_STRING || m->kind == VAL_REGEX))
			return string_index(out, c, v, m);
		struct iter it;
		if (!iter_init(&it, c, v))
			return fnarg_mismatch(c, "enumerable",
					      "an Iterable value", v);
		for (size_t i = 0; i < it.n; i++) {
			if (it.hash_style) {
				if (fnarg_ruby_eq(v->u.h.e[i].val, m)) {
					*out = v->u.h.e[i].key;
					return 0;
				}
			} else if (fnarg_ruby_eq(iter_at(c, &it, i), m)) {
				*out = val_int(c->arena, (int64_t)i);
				return 0;
			}
		}
		*out = val_undef();
		return 0;
	}
	struct iter it;
	size_t arity;
	if (iter_start(&it, &arity, c) < 0)
		return -1;
	for (size_t i = 0; i < it.n; i++) {
		struct value *r;
		int rc;
		if (arity == 1 && it.hash_style) {
			struct value *a = v->u.h.e[i].val;
			rc = fn_call_lambda(&r, c, &a, 1);
		} else {
			rc = call_elem(&r, c, &it, arity, i);
		}
		rc = iter_check(rc);
		if (rc < 0)
			return rc;
		if (rc)
			break;
		if (val_truthy(r)) {
			*out = it.hash_style ? v->u.h.e[i].key :
					       val_int(c->arena, (int64_t)i);
			return 0;
		}
	}
	*out = val_undef();
	return 0;
}

/* group_by and partition: Collection only; 2-parameter lambdas get
 * (index, element) for arrays and (key, value) for hashes. */
static int collection_start(struct iter *it, size_t *arity,
			    struct fn_call *c)
{
	struct value *v = c->args[0];
	if (v->kind != VAL_ARRAY && v->kind != VAL_HASH) {
		const char *l = fnarg_label(c->arena, v);
		return fn_error(c,
			"The function '%s' was called with arguments it does not accept. It expects one of:\n"
			"  (Collection collection, Callable[1, 1] block)\n"
			"    rejected: parameter 'collection' expects a Collection value, got %s\n"
			"  (Array array, Callable[2, 2] block)\n"
			"    rejected: parameter 'array' expects an Array value, got %s\n"
			"  (Collection collection, Callable[2, 2] block)\n"
			"    rejected: parameter 'collection' expects a Collection value, got %s",
			c->name, l, l, l);
	}
	if (fnarg_block(c, 1, 2) < 0)
		return -1;
	iter_init(it, c, v);
	/* here the one-parameter signature comes first */
	*arity = fnarg_block_takes(c, 1) ? 1 : 2;
	return 0;
}

static int fn_group_by(struct value **out, struct fn_call *c)
{
	struct iter it;
	size_t arity;
	if (collection_start(&it, &arity, c) < 0)
		return -1;
	struct value *res = val_hash(c->arena, 4);
	for (size_t i = 0; i < it.n; i++) {
		struct value *r;
		int rc = call_elem(&r, c, &it, arity, i);
		if (rc < 0)
			return rc;
		struct value *group = val_hash_get(res, r);
		if (!group) {
			group = val_array(c->arena, 4);
			val_hash_set(c->arena, res, r, group);
		}
		val_array_push(c->arena, group, iter_at(c, &it, i));
	}
	*out = res;
	return 0;
}

static int fn_partition(struct value **out, struct fn_call *c)
{
	struct iter it;
	size_t arity;
	if (collection_start(&it, &arity, c) < 0)
		return -1;
	struct value *yes = val_array(c->arena, it.n);
	struct value *no = val_array(c->arena, it.n);
	for (size_t i = 0; i < it.n; i++) {
		struct value *r;
		int rc = call_elem(&r, c, &it, arity, i);
		if (rc < 0)
			return rc;
		val_array_push(c->arena, val_truthy(r) ? yes : no,
			       iter_at(c, &it, i));
	}
	*out = pair(c->arena, yes, no);
	return 0;
}

/* ---- sort, min, max ---- */

/*
 * Ruby's <=> for sort: numbers with numbers, strings with strings (bytes),
 * arrays element-wise; anything else fails, with Ruby's message.
 */
static int ruby_cmp(int *res, struct fn_call *c, const struct value *a,
		    const struct value *b)
{
	if (fnarg_is_num(a) && fnarg_is_num(b)) {
		*res = val_compare(a, b);
		return 0;
	}
	if (a->kind == VAL_STRING && b->kind == VAL_STRING) {
		*res = val_compare(a, b);
		return 0;
	}
	if (a->kind == VAL_ARRAY && b->kind == VAL_ARRAY) {
		for (size_t i = 0; i < a->u.arr.n && i < b->u.arr.n; i++) {
			if (ruby_cmp(res, c, a->u.arr.v[i], b->u.arr.v[i]) < 0)
				return -1;
			if (*res)
				return 0;
		}
		*res = a->u.arr.n < b->u.arr.n ? -1 : a->u.arr.n > b->u.arr.n;
		return 0;
	}
	struct buf t = BUF_INIT;
	if (b->kind == VAL_STRING || b->kind == VAL_UNDEF ||
	    b->kind == VAL_ARRAY || b->kind == VAL_HASH)
		val_ruby_inspect(&t, b);
	else
		fnarg_ruby_s(&t, b);
	fn_error(c, "comparison of %s with %s failed", fnarg_ruby_class(a), t.ptr);
	buf_release(&t);
	return -1;
}

struct sorter {
	struct fn_call *c;
	bool lambda;
};

static int sort_cmp(int *res, struct sorter *s, struct value *a,
		    struct value *b)
{
	if (!s->lambda)
		return ruby_cmp(res, s->c, a, b);
	struct value *args[2] = { a, b }, *r;
	int rc = fn_call_lambda(&r, s->c, args, 2);
	if (rc < 0)
		return rc;
	if (r->kind == VAL_INT)
		*res = r->u.n.i < 0 ? -1 : r->u.n.i > 0;
	else if (r->kind == VAL_FLOAT)
		*res = r->u.f < 0 ? -1 : r->u.f > 0;
	else
		return fn_error(s->c, "comparison of %s with 0 failed",
				fnarg_ruby_class(r));
	return 0;
}

/* A stable merge sort that stops at the first failing comparison. */
static int merge_sort(struct sorter *s, struct value **v, struct value **tmp,
		      size_t n)
{
	if (n < 2)
		return 0;
	size_t h = n / 2;
	int rc;
	if ((rc = merge_sort(s, v, tmp, h)) < 0 ||
	    (rc = merge_sort(s, v + h, tmp, n - h)) < 0)
		return rc;
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n) {
		int r;
		if ((rc = sort_cmp(&r, s, v[i], v[j])) < 0)
			return rc;
		tmp[k++] = r <= 0 ? v[i++] : v[j++];
	}
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
	return 0;
}

static int sort_values(struct value *arr, struct fn_call *c)
{
	struct sorter s = { c, c->lambda != NULL };
	struct value **tmp = arena_alloc(c->arena, (arr->u.arr.n + 1) *
						   sizeof(*tmp));
	return merge_sort(&s, arr->u.arr.v, tmp, arr->u.arr.n);
}

static int fn_sort(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (v->kind != VAL_STRING && v->kind != VAL_ARRAY) {
		const char *l = fnarg_label(c->arena, v);
		return fn_error(c,
			"The function 'sort' was called with arguments it does not accept. It expects one of:\n"
			"  (String string_value, Callable[2, 2] block?)\n"
			"    rejected: parameter 'string_value' expects a String value, got %s\n"
			"  (Array array_value, Callable[2, 2] block?)\n"
			"    rejected: parameter 'array_value' expects an Array value, got %s",
			l, l);
	}
	if (c->lambda && fnarg_block(c, 2, 2) < 0)
		return -1;
	struct iter it;
	iter_init(&it, c, v);
	struct value *arr = val_array_copy(c->arena, iter_array(c, &it));
	int rc = sort_values(arr, c);
	if (rc < 0)
		return rc;
	if (v->kind == VAL_ARRAY) {
		*out = arr;
		return 0;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < arr->u.arr.n; i++)
		buf_add(&b, arr->u.arr.v[i]->u.s.ptr, arr->u.arr.v[i]->u.s.len);
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

/* Ruby: /\A-?\d+([._eE]\d+)?\z/ */
static bool numeric_looking(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && s[i] == '-')
		i++;
	size_t d = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return false;
	if (i == len)
		return true;
	if (!strchr("._eE", s[i]) || !s[i])
		return false;
	d = ++i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > d && i == len;
}

/* Ruby's String#to_f on a string that passed numeric_looking(). */
static double ruby_to_f(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len; i++)
		if (s[i] != '_')
			buf_addch(&b, s[i]);
	double d = strtod(b.ptr, NULL);
	buf_release(&b);
	return d;
}

enum minmax_mode { MM_NUMERIC, MM_STRING, MM_ANY, MM_LAMBDA };

static int minmax_cmp(int *res, struct fn_call *c, enum minmax_mode mode,
		      struct value *a, struct value *b)
{
	if (mode == MM_LAMBDA) {
		struct sorter s = { c, true };
		return sort_cmp(res, &s, a, b);
	}
	if (mode == MM_NUMERIC) {
		*res = val_compare(a, b);
		return 0;
	}
	struct buf as = BUF_INIT, bs = BUF_INIT;
	fnarg_ruby_s(&as, a);
	fnarg_ruby_s(&bs, b);
	if (numeric_looking(as.ptr, as.len) &&
	    numeric_looking(bs.ptr, bs.len)) {
		double x = ruby_to_f(as.ptr, as.len);
		double y = ruby_to_f(bs.ptr, bs.len);
		*res = x < y ? -1 : x > y;
	} else {
		size_t n = as.len < bs.len ? as.len : bs.len;
		int r = memcmp(as.ptr, bs.ptr, n);
		if (r)
			*res = r < 0 ? -1 : 1;
		else
			*res = as.len < bs.len ? -1 : as.len > bs.len;
	}
	buf_release(&as);
	buf_release(&bs);
	return 0;
}

/* Puppet 7's min() and max(): Enumerable#min/max over the arguments, or
 * over the one Array given. */
static int minmax(struct value **out, struct fn_call *c, int sign)
{
	struct value **v = c->args;
	size_t n = c->nargs;
	if (n == 1 && c->args[0]->kind == VAL_ARRAY) {
		v = c->args[0]->u.arr.v;
		n = c->args[0]->u.arr.n;
	}
	if (c->lambda && fnarg_block(c, 2, 2) < 0)
		return -1;
	if (!n)
		return fn_error(c, "%s(): Wrong number of arguments need at least one",
				c->name);
	bool nums = true, strs = true;
	for (size_t i = 0; i < n; i++) {
		if (!fnarg_is_num(v[i]))
			nums = false;
		if (v[i]->kind != VAL_STRING)
			strs = false;
	}
	enum minmax_mode mode = c->lambda ? MM_LAMBDA : nums ? MM_NUMERIC :
				strs ? MM_STRING : MM_ANY;
	struct value *best = v[0];
	for (size_t i = 1; i < n; i++) {
		int r;
		int rc = minmax_cmp(&r, c, mode, v[i], best);
		if (rc < 0)
			return rc;
		if (r * sign > 0)
			best = v[i];
	}
	*out = best;
	return 0;
}

static int fn_max(struct value **out, struct fn_call *c)
{
	return minmax(out, c, 1);
}

static int fn_min(struct value **out, struct fn_call *c)
{
	return minmax(out, c, -1);
}

/* ---- unique, flatten, keys, values, length ---- */

static bool contains_identical(const struct value *arr, const struct value *v)
{
	for (size_t i = 0; i < arr->u.arr.n; i++)
		if (val_identical(arr->u.arr.v[i], v))
			return true;
	return false;
}

/* Ruby's uniq (eql?), optionally by the lambda's result */
static int uniq(struct value **out, struct fn_call *c, struct value *arr)
{
	struct value *res = val_array(c->arena, arr->u.arr.n);
	struct value *seen = val_hash(c->arena, arr->u.arr.n);
	for (size_t i = 0; i < arr->u.arr.n; i++) {
		struct value *e = arr->u.arr.v[i], *k = e;
		if (c->lambda) {
			int rc = fn_call_lambda(&k, c, &e, 1);
			if (rc < 0)
				return rc;
		}
		if (val_hash_get(seen, k))
			continue;
		val_hash_set(c->arena, seen, k, val_bool(true));
		val_array_push(c->arena, res, e);
	}
	*out = res;
	return 0;
}

static int fn_unique(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (c->lambda && fnarg_block(c, 1, 1) < 0)
		return -1;
	if (v->kind == VAL_HASH) {
		/* {[keys with the same value] => [that value]} */
		struct value *groups = val_hash(c->arena, v->u.h.n);
		struct value *order = val_array(c->arena, v->u.h.n);
		for (size_t i = 0; i < v->u.h.n; i++) {
			struct value *val = v->u.h.e[i].val, *k = val;
			if (c->lambda) {
				int rc = fn_call_lambda(&k, c, &val, 1);
				if (rc < 0)
					return rc;
			}
			struct value *g = val_hash_get(groups, k);
			if (!g) {
				g = pair(c->arena, val_array(c->arena, 2),
					 val_array(c->arena, 2));
				val_hash_set(c->arena, groups, k, g);
				val_array_push(c->arena, order, g);
			}
			struct value *keys = g->u.arr.v[0];
			val_array_push(c->arena, keys, v->u.h.e[i].key);
			if (!contains_identical(g->u.arr.v[1], val))
				val_array_push(c->arena, g->u.arr.v[1], val);
		}
		struct value *res = val_hash(c->arena, order->u.arr.n);
		for (size_t i = 0; i < order->u.arr.n; i++) {
			struct value **kv = order->u.arr.v[i]->u.arr.v;
			val_hash_set(c->arena, res, kv[0], kv[1]);
		}
		*out = res;
		return 0;
	}
	struct iter it;
	if (!iter_init(&it, c, v)) {
		const char *l = fnarg_label(c->arena, v);
		return fn_error(c,
			"The function 'unique' was called with arguments it does not accept. It expects one of:\n"
			"  (String string, Callable[String] block?)\n"
			"    rejected: parameter 'string' expects a String value, got %s\n"
			"  (Hash hash, Callable[Any] block?)\n"
			"    rejected: parameter 'hash' expects a Hash value, got %s\n"
			"  (Array array, Callable[Any] block?)\n"
			"    rejected: parameter 'array' expects an Array value, got %s\n"
			"  (Iterable iterable, Callable[Any] block?)\n"
			"    rejected: parameter 'iterable' expects an Iterable value, got %s",
			l, l, l, l);
	}
	struct value *res;
	int rc = uniq(&res, c, iter_array(c, &it));
	if (rc < 0)
		return rc;
	if (v->kind == VAL_STRING) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < res->u.arr.n; i++)
			buf_add(&b, res->u.arr.v[i]->u.s.ptr,
				res->u.arr.v[i]->u.s.len);
		*out = val_str_buf(c->arena, &b);
		buf_release(&b);
		return 0;
	}
	*out = res;
	return 0;
}

static void flatten_into(struct arena *a, struct value *out,
			 struct value *v)
{
	if (v->kind != VAL_ARRAY) {
		val_array_push(a, out, v);
		return;
	}
	for (size_t i = 0; i < v->u.arr.n; i++)
		flatten_into(a, out, v->u.arr.v[i]);
}

static int fn_flatten(struct value **out, struct fn_call *c)
{
	struct value *res = val_array(c->arena, c->nargs);
	for (size_t i = 0; i < c->nargs; i++)
		flatten_into(c->arena, res, c->args[i]);
	*out = res;
	return 0;
}

static int fn_keys(struct value **out, struct fn_call *c)
{
	struct value *h = c->args[0];
	if (h->kind != VAL_HASH)
		return fnarg_mismatch(c, "hsh", "a Hash value", h);
	struct value *r = val_array(c->arena, h->u.h.n);
	for (size_t i = 0; i < h->u.h.n; i++)
		val_array_push(c->arena, r, h->u.h.e[i].key);
	*out = r;
	return 0;
}

static int fn_values(struct value **out, struct fn_call *c)
{
	struct value *h = c->args[0];
	if (h->kind != VAL_HASH)
		return fnarg_mismatch(c, "hsh", "a Hash value", h);
	struct value *r = val_array(c->arena, h->u.h.n);
	for (size_t i = 0; i < h->u.h.n; i++)
		val_array_push(c->arena, r, h->u.h.e[i].val);
	*out = r;
	return 0;
}

/* length() and size(): collections, strings (in characters) */
static int fn_length(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	size_t n;
	if (v->kind == VAL_ARRAY)
		n = v->u.arr.n;
	else if (v->kind == VAL_HASH)
		n = v->u.h.n;
	else if (v->kind == VAL_STRING)
		n = fnarg_utf8_count(v->u.s.ptr, v->u.s.len);
	else
		return fnarg_mismatch(c, "arg",
				      "a value of type Collection, String, or Binary", v);
	*out = val_int(c->arena, (int64_t)n);
	return 0;
}

static int fn_empty(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	switch (v->kind) {
	case VAL_ARRAY:
		*out = val_bool(!v->u.arr.n);
		return 0;
	case VAL_HASH:
		*out = val_bool(!v->u.h.n);
		return 0;
	case VAL_STRING:
		*out = val_bool(!v->u.s.len);
		return 0;
	case VAL_UNDEF:
		*out = val_bool(true);
		return 0;
	case VAL_INT:
	case VAL_FLOAT:
		fn_warn(c, "Calling function empty() with Numeric value is deprecated.");
		*out = val_bool(false);
		return 0;
	default: {
		const char *l = fnarg_label(c->arena, v);
		return fn_error(c,
			"The function 'empty' was called with arguments it does not accept. It expects one of:\n"
			"  (Collection coll)\n"
			"    rejected: parameter 'coll' expects a Collection value, got %s\n"
			"  (Sensitive[String] str)\n"
			"    rejected: parameter 'str' expects a Sensitive[String] value, got %s\n"
			"  (String str)\n"
			"    rejected: parameter 'str' expects a String value, got %s\n"
			"  (Numeric num)\n"
			"    rejected: parameter 'num' expects a Numeric value, got %s\n"
			"  (Binary bin)\n"
			"    rejected: parameter 'bin' expects a Binary value, got %s\n"
			"  (Undef x)\n"
			"    rejected: parameter 'x' expects an Undef value, got %s",
			l, l, l, l, l, l);
	}
	}
}

/* ---- dig, get ---- */

static void walked_path(struct buf *out, struct value *path)
{
	val_ruby_inspect(out, path);
}

static int dig_values(struct value **out, struct fn_call *c,
		      struct value *data, struct value **keys, size_t n)
{
	struct value *path = val_array(c->arena, n);
	struct value *d = data;
	for (size_t i = 0; i < n; i++) {
		struct value *k = keys[i];
		if (d->kind == VAL_UNDEF || k->kind == VAL_UNDEF) {
			*out = val_undef();
			return 0;
		}
		if (d->kind != VAL_ARRAY && d->kind != VAL_HASH) {
			struct buf p = BUF_INIT, t = BUF_INIT;
			walked_path(&p, path);
			type_to_s(&t, type_infer(c->arena, d));
			fn_error(c, "The given data does not contain a Collection at %s, got '%s'",
				 p.ptr, t.ptr);
			buf_release(&p);
			buf_release(&t);
			return -1;
		}
		val_array_push(c->arena, path, k);
		if (d->kind == VAL_ARRAY) {
			if (k->kind != VAL_INT) {
				struct buf p = BUF_INIT, t = BUF_INIT;
				walked_path(&p, path);
				type_to_s(&t, type_infer(c->arena, k));
				fn_error(c, "The given data requires an Integer index at %s, got '%s'",
					 p.ptr, t.ptr);
				buf_release(&p);
				buf_release(&t);
				return -1;
			}
			int64_t idx = k->u.n.i, len = (int64_t)d->u.arr.n;
			if (idx < 0)
				idx += len;
			if (idx >= 0 && idx < len)
				d = d->u.arr.v[idx];
			else
				d = val_undef();
		} else {
			struct value *r = val_hash_get(d, k);
			d = r ? r : val_undef();
		}
	}
	*out = d;
	return 0;
}

static int fn_dig(struct value **out, struct fn_call *c)
{
	struct value *d = c->args[0];
	if (d->kind != VAL_UNDEF && d->kind != VAL_ARRAY && d->kind != VAL_HASH)
		return fnarg_mismatch(c, "data",
				      "a value of type Undef or Collection", d);
	return dig_values(out, c, d, c->args + 1, c->nargs - 1);
}

/*
 * Puppet's split_key for get(): dot-separated segments, each possibly
 * quoted with ' or "; a segment of digits is an Integer index.
 */
static int split_key(struct value **out, struct fn_call *c, const char *s,
		     size_t len)
{
	struct value *segs = val_array(c->arena, 4);
	size_t i = 0;
	for (;;) {
		struct buf seg = BUF_INIT;
		bool quoted = false;
		if (i < len && (s[i] == '"' || s[i] == '\'')) {
			char q = s[i++];
			const char *e = memchr(s + i, q, len - i);
			if (!e) {
				buf_release(&seg);
				return fn_error(c, "Syntax error in dotted-navigation string");
			}
			buf_add(&seg, s + i, (size_t)(e - (s + i)));
			i = (size_t)(e - s) + 1;
			quoted = true;
		} else {
			while (i < len && s[i] != '.')
				buf_addch(&seg, s[i++]);
		}
		if (!seg.len && !quoted) {
			buf_release(&seg);
			return fn_error(c, "Syntax error in dotted-navigation string");
		}
		int64_t n;
		bool digits = !quoted && seg.len &&
			      strspn(seg.ptr, "0123456789") == seg.len &&
			      fnarg_ruby_integer(&n, seg.ptr, seg.len) == 0;
		if (digits && seg.len > 1 && seg.ptr[0] == '0')
			n = strtoll(seg.ptr, NULL, 10);
		val_array_push(c->arena, segs, digits ? val_int(c->arena, n) :
					val_str(c->arena, seg.ptr, seg.len));
		buf_release(&seg);
		if (i >= len)
			break;
		if (s[i] != '.')
			return fn_error(c, "Syntax error in dotted-navigation string");
		i++;
	}
	*out = segs;
	return 0;
}

static int fn_get(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0], *nav = c->args[1];
	struct value *dflt = c->nargs > 2 ? c->args[2] : val_undef();
	if (nav->kind != VAL_STRING)
		return fnarg_mismatch(c, "dotted_string", "a String value", nav);
	if (v->kind == VAL_UNDEF) {
		*out = dflt;
		return 0;
	}
	if (!nav->u.s.len) {
		*out = v;
		return 0;
	}
	struct value *segs = NULL, *r;
	if (split_key(&segs, c, nav->u.s.ptr, nav->u.s.len) < 0)
		return -1;
	if (dig_values(&r, c, v, segs->u.arr.v, segs->u.arr.n) < 0)
		return -1;
	*out = r->kind == VAL_UNDEF ? dflt : r;
	return 0;
}

/* dig44() of stdlib: dig with a default, tolerant of bad paths */
static int fn_dig44(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2)
		return fn_error(c, "dig44(): Wrong number of arguments given (%zu for at least 2)",
				c->nargs);
	struct value *data = fnarg_arg3(c, 0), *path = fnarg_arg3(c, 1);
	struct value *dflt = c->nargs > 2 ? c->args[2] : val_undef();
	if (data->kind != VAL_HASH && data->kind != VAL_ARRAY)
		return fn_error(c, "dig44(): first argument must be a hash or an array, given %s",
				fnarg_ruby_class(data));
	if (path->kind != VAL_ARRAY)
		return fn_error(c, "dig44(): second argument must be an array, given %s",
				fnarg_ruby_class(path));
	struct value *d = data;
	for (size_t i = 0; i < path->u.arr.n; i++) {
		struct value *k = path->u.arr.v[i], *next = NULL;
		if (d->kind == VAL_ARRAY) {
			int64_t idx;
			if (k->kind == VAL_INT)
				idx = k->u.n.i;
			else if (k->kind == VAL_FLOAT)
				idx = (int64_t)k->u.f;
			else if (k->kind != VAL_STRING ||
				 fnarg_ruby_integer(&idx, k->u.s.ptr,
						    k->u.s.len) < 0) {
				/* break: the value is the structure so far?
				 * Ruby's reduce returns nil from break */
				d = NULL;
				break;
			}
			int64_t len = (int64_t)d->u.arr.n;
			if (idx < 0)
				idx += len;
			if (idx >= 0 && idx < len)
				next = d->u.arr.v[idx];
		} else if (d->kind == VAL_HASH) {
			next = val_hash_get(d, k);
		} else {
			d = NULL;
			break;
		}
		if (!next || next->kind == VAL_UNDEF) {
			d = NULL;
			break;
		}
		d = next;
	}
	*out = d ? d : dflt;
	return 0;
}

/* ---- range (stdlib) ---- */

/* Ruby's String#succ, restricted to what ranges of host names need:
 * increments the rightmost alphanumeric, carrying (az → ba, a9 → b0,
 * zz → aaa, 99 → 100). */
static void str_succ(struct buf *b)
{
	size_t i = b->len;
	bool any = false;
	for (size_t k = 0; k < b->len; k++)
		if (isalnum((unsigned char)b->ptr[k]))
			any = true;
	if (!any) {
		if (b->len)
			b->ptr[b->len - 1]++;
		return;
	}
	while (i > 0) {
		char *ch = &b->ptr[i - 1];
		if (!isalnum((unsigned char)*ch)) {
			i--;
			continue;
		}
		if (*ch == 'z' || *ch == 'Z' || *ch == '9') {
			char first = *ch == 'z' ? 'a' : *ch == 'Z' ? 'A' : '0';
			*ch = first;
			/* carry to the next alphanumeric on the left */
			size_t j = i - 1;
			while (j > 0 && !isalnum((unsigned char)b->ptr[j - 1]))
				j--;
			if (j == 0) {
				/* a new leading digit or letter */
				char ins = first == '0' ? '1' : first;
				struct buf t = BUF_INIT;
				buf_add(&t, b->ptr, i - 1);
				buf_addch(&t, ins);
				buf_add(&t, b->ptr + i - 1, b->len - (i - 1));
				buf_reset(b);
				buf_add(b, t.ptr, t.len);
				buf_release(&t);
				return;
			}
			i = j;
			continue;
		}
		(*ch)++;
		return;
	}
}

/* Ruby's \w */
static bool is_word(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

static int fn_range(struct value **out, struct fn_call *c)
{
	if (!c->nargs)
		return fn_error(c, "range(): Wrong number of arguments given (0 for 1)");
	struct buf start = BUF_INIT, stop = BUF_INIT;
	struct value *sv = NULL, *ev = NULL;
	bool exclusive = false;
	int64_t step = 1;
	int rc = 0;
	if (c->nargs > 1) {
		sv = fnarg_arg3(c, 0);
		ev = fnarg_arg3(c, 1);
		if (c->nargs > 2 && c->args[2]->kind != VAL_UNDEF) {
			struct value *s = c->args[2];
			if (s->kind == VAL_INT)
				step = s->u.n.i;
			else if (s->kind == VAL_FLOAT)
				step = (int64_t)s->u.f;
			else if (s->kind == VAL_STRING)
				step = strtoll(s->u.s.ptr, NULL, 10);
			if (step < 0)
				step = -step;
			if (!step)
				return fn_error(c, "range(): 3rd arg (step size) must be a non zero integer (e.g. 1 or -1)");
		}
		fnarg_ruby_s(&start, sv);
		fnarg_ruby_s(&stop, ev);
	} else {
		struct value *v = fnarg_arg3(c, 0);
		struct buf t = BUF_INIT;
		fnarg_ruby_s(&t, v);
		/* ^(\w+)(\.\.\.?|\-)(\w+)$ */
		size_t i = 0;
		while (i < t.len && is_word(t.ptr[i]))
			i++;
		size_t sep = i, j = i;
		if (t.len - j >= 3 && !memcmp(t.ptr + j, "...", 3)) {
			exclusive = true;
			j += 3;
		} else if (t.len - j >= 2 && !memcmp(t.ptr + j, "..", 2)) {
			j += 2;
		} else if (j < t.len && t.ptr[j] == '-') {
			j++;
		}
		size_t k = j;
		while (k < t.len && is_word(t.ptr[k]))
			k++;
		if (!sep || j == sep || k == j || k != t.len) {
			if (t.len)
				rc = fn_error(c, "range(): Unable to compute range from the value: %s", t.ptr);
			else
				rc = fn_error(c, "range(): Unknown range format: %s", t.ptr);
			buf_release(&t);
			return rc;
		}
		buf_add(&start, t.ptr, sep);
		buf_add(&stop, t.ptr + j, k - j);
		buf_release(&t);
	}
	struct value *r = val_array(c->arena, 8);
	bool numeric = start.len && strspn(start.ptr, "0123456789") == start.len;
	if (numeric) {
		/* start.to_i .. stop.to_i */
		int64_t a = strtoll(start.ptr, NULL, 10);
		int64_t b = 0;
		if (ev && ev->kind == VAL_INT)
			b = ev->u.n.i;
		else if (ev && ev->kind == VAL_FLOAT)
			b = (int64_t)ev->u.f;
		else
			b = strtoll(stop.ptr, NULL, 10);
		if (exclusive)
			b--;
		for (int64_t x = a; x <= b && r->u.arr.n < 1000000; x += step)
			val_array_push(c->arena, r, val_int(c->arena, x));
	} else {
		/* String ranges (also Float ends, as their to_s): Ruby's
		 * String#upto, succ from start until stop, stopping early
		 * when the next string is longer than stop */
		struct buf cur = BUF_INIT;
		buf_add(&cur, start.ptr, start.len);
		int64_t n = 0;
		size_t m = start.len < stop.len ? start.len : stop.len;
		int cmp = memcmp(start.ptr, stop.ptr, m);
		bool done = cmp > 0 || (!cmp && start.len > stop.len);
		while (!done && r->u.arr.n < 1000000) {
			bool last = cur.len == stop.len &&
				    !memcmp(cur.ptr, stop.ptr, cur.len);
			if (last && exclusive)
				break;
			if (n++ % step == 0)
				val_array_push(c->arena, r, val_str(c->arena,
								    cur.ptr,
								    cur.len));
			if (last)
				break;
			str_succ(&cur);
			if (cur.len > stop.len)
				break;
		}
		buf_release(&cur);
	}
	buf_release(&start);
	buf_release(&stop);
	*out = r;
	return 0;
}

/* ---- merge ---- */

static int fn_merge(struct value **out, struct fn_call *c)
{
	struct value *acc = val_hash(c->arena, 8);
	if (c->lambda) {
		if (fnarg_block(c, 2, 3) < 0)
			return -1;
		size_t arity = fnarg_block_takes(c, 3) ? 3 : 2;
		for (size_t a = 0; a < c->nargs; a++) {
			struct iter it;
			if (!iter_init(&it, c, c->args[a]))
				return fnarg_mismatch(c, "args",
						      "an Iterable value", c->args[a]);
			for (size_t i = 0; i < it.n; i++) {
				struct value *args[3] = { acc }, *r;
				size_t na;
				if (arity == 2) {
					args[1] = iter_at(c, &it, i);
					na = 2;
				} else if (it.hash_style) {
					args[1] = it.src->u.h.e[i].key;
					args[2] = it.src->u.h.e[i].val;
					na = 3;
				} else {
					args[1] = val_int(c->arena, (int64_t)i);
					args[2] = iter_at(c, &it, i);
					na = 3;
				}
				int rc = fn_call_lambda(&r, c, args, na);
				if (rc < 0)
					return rc;
				if (r->kind != VAL_HASH)
					continue;
				struct value *nx = val_hash_copy(c->arena, acc);
				for (size_t k = 0; k < r->u.h.n; k++)
					val_hash_set(c->arena, nx,
						     r->u.h.e[k].key,
						     r->u.h.e[k].val);
				acc = nx;
			}
		}
		*out = acc;
		return 0;
	}
	for (size_t a = 0; a < c->nargs; a++) {
		struct value *h = c->args[a];
		if (h->kind == VAL_UNDEF ||
		    (h->kind == VAL_STRING && !h->u.s.len))
			continue;
		if (h->kind != VAL_HASH)
			return fn_error(c,
				"The function 'merge' was called with arguments it does not accept. It expects one of:\n"
				"  (Variant[Hash[Scalar, Any], Undef, String[0, 0]] args*)\n"
				"    rejected: parameter 'args' expects a value of type Undef, Hash[Scalar, Any], or String[0, 0], got %s\n"
				"  (Iterable args*, Callable[3, 3] block)\n"
				"    rejected: expects a block\n"
				"  (Iterable args*, Callable[2, 2] block)\n"
				"    rejected: expects a block",
				fnarg_label(c->arena, h));
		for (size_t k = 0; k < h->u.h.n; k++)
			val_hash_set(c->arena, acc, h->u.h.e[k].key,
				     h->u.h.e[k].val);
	}
	*out = acc;
	return 0;
}

const struct fn_def fn_coll_table[] = {
	{ "all", fn_all, 1, 1, FN_LAMBDA },
	{ "any", fn_any, 1, 1, FN_LAMBDA },
	{ "dig", fn_dig, 1, FN_ANY, 0 },
	{ "dig44", fn_dig44, 0, FN_ANY, 0 },
	{ "each", fn_each, 1, 1, FN_LAMBDA },
	{ "empty", fn_empty, 1, 1, 0 },
	{ "filter", fn_filter, 1, 1, FN_LAMBDA },
	{ "flatten", fn_flatten, 0, FN_ANY, 0 },
	{ "get", fn_get, 2, 3, FN_LAMBDA_OPT },
	{ "group_by", fn_group_by, 1, 1, FN_LAMBDA },
	{ "index", fn_index, 1, 2, FN_LAMBDA_OPT },
	{ "keys", fn_keys, 1, 1, 0 },
	{ "length", fn_length, 1, 1, 0 },
	{ "lest", fn_lest, 1, 1, FN_LAMBDA },
	{ "map", fn_map, 1, 1, FN_LAMBDA },
	{ "max", fn_max, 0, FN_ANY, FN_LAMBDA_OPT },
	{ "merge", fn_merge, 0, FN_ANY, FN_LAMBDA_OPT },
	{ "min", fn_min, 0, FN_ANY, FN_LAMBDA_OPT },
	{ "partition", fn_partition, 1, 1, FN_LAMBDA },
	{ "range", fn_range, 0, 3, 0 },
	{ "reduce", fn_reduce, 1, 2, FN_LAMBDA },
	{ "reverse_each", fn_reverse_each, 1, 1, FN_LAMBDA_OPT },
	{ "size", fn_length, 1, 1, 0 },
	{ "slice", fn_slice, 2, 2, FN_LAMBDA_OPT },
	{ "sort", fn_sort, 1, 1, FN_LAMBDA_OPT },
	{ "step", fn_step, 2, 2, FN_LAMBDA_OPT },
	{ "then", fn_then, 1, 1, FN_LAMBDA },
	{ "unique", fn_unique, 1, 1, FN_LAMBDA_OPT },
	{ "values", fn_values, 1, 1, 0 },
	{ "with", fn_with, 0, FN_ANY, FN_LAMBDA },
	{ NULL, NULL, 0, 0, 0 },
};
