/* SPDX-License-Identifier: MIT */
/* erb_coll.c: Ruby's Array, Hash, Range, Enumerator and Enumerable for ERB */
#include "util/compat.h"
#include <math.h>
#include "template/erb-internal.h"
#include "util/arena.h"

/*
 * Enumerable methods work on a list of items: an array's elements, a
 * hash's [key, value] pairs, a range's integers, or what an Enumerator's
 * method yields. They yield one item per call, as Ruby's Enumerable does
 * (a block |k, v| spreads a pair), except the Hash methods that Ruby
 * implements with two values per yield (select, reject, ...), where a
 * block |x| sees only the key.
 *
 * Sorting uses glibc's qsort_r, as Ruby does on this platform; it is a
 * stable merge sort, so ties keep their order exactly as in Ruby.
 */

#define ERB_NOMETHOD 3


static int no_block(struct erb_run *r, struct srcloc loc, int mid)
{
	return erb_unsupported(r, loc, "'%s' without a block", erb_method_names[mid]);
}

struct value *erb_arr_slice(struct erb_run *r, struct value **v,
			    size_t from, size_t n)
{
	/* no pointer arithmetic on the NULL vector of an empty array */
	return n ? erb_arr_of(r, v + from, n) : val_array(r->a, 0);
}

struct value *erb_arr_of(struct erb_run *r, struct value **v, size_t n)
{
	struct value *a = val_array(r->a, n);
	for (size_t i = 0; i < n; i++)
		val_array_push(r->a, a, v[i]);
	return a;
}

/* ---- lists ---- */

static int collect_fn(struct value **out, struct erb_run *r,
		      struct erb_blk *b, struct value **args, size_t nargs)
{
	struct value *list = b->data;
	struct value *item = nargs == 1 ? args[0] : erb_arr_of(r, args, nargs);
	val_array_push(r->a, list, item);
	*out = val_undef();
	return 0;
}

static int range_bounds(int64_t *lo, int64_t *hi, struct erb_run *r,
			struct value *rg, struct srcloc loc)
{
	struct value *a = rg->u.t.params[0], *b = rg->u.t.params[1];
	if (a->kind != VAL_INT || (b->kind != VAL_INT && b->kind != VAL_FLOAT))
		return erb_unsupported(r, loc, "iterating a Range of %s",
				       erb_class_names[erb_class_of(r, a)]);
	*lo = a->u.n.i;
	if (b->kind == VAL_FLOAT) {
		double f = floor(b->u.f);
		*hi = f > 9e18 ? INT64_MAX : (int64_t)f;
		if (rg->u.t.params[2]->u.b && f == b->u.f)
			(*hi)--;
	} else {
		*hi = b->u.n.i;
		if (rg->u.t.params[2]->u.b) {
			if (*hi == INT64_MIN)
				*hi = *lo - 1;
			else
				(*hi)--;
		}
	}
	return 0;
}

/* 'a'..'e': String#upto, by succ, never longer than the end */
static int string_range(struct value **out, struct erb_run *r,
			struct value *from, struct value *to, bool excl,
			struct srcloc loc)
{
	struct value *a = val_array(r->a, 8), *cur = from;
	int c;
	bool ok;
	if (erb_cmp(&c, &ok, r, from, to, loc) < 0)
		return ERB_ERR;
	if (c > 0 && from->u.s.len >= to->u.s.len) {
		*out = a;
		return 0;
	}
	for (;;) {
		bool last = cur->u.s.len == to->u.s.len &&
			    !memcmp(cur->u.s.ptr, to->u.s.ptr, cur->u.s.len);
		if (last && excl)
			break;
		if (erb_step(r, loc) < 0)
			return ERB_ERR;
		val_array_push(r->a, a, cur);
		if (last || cur->u.s.len > to->u.s.len)
			break;
		if (erb_str_succ(&cur, r, cur, loc) < 0)
			return ERB_ERR;
		if (cur->u.s.len > to->u.s.len)
			break;
	}
	*out = a;
	return 0;
}

int erb_to_list(struct value **out, struct erb_run *r, struct value *v,
		struct srcloc loc)
{
	switch (erb_class_of(r, v)) {
	case CLS_ARRAY:
		*out = v;
		return 0;
	case CLS_HASH: {
		struct value *a = val_array(r->a, v->u.h.n);
		for (size_t i = 0; i < v->u.h.n; i++)
			val_array_push(r->a, a, erb_pair(r, v->u.h.e[i].key,
							 v->u.h.e[i].val));
		*out = a;
		return 0;
	}
	case CLS_RANGE: {
		int64_t lo, hi;
		struct value *from = v->u.t.params[0], *to = v->u.t.params[1];
		if (from->kind == VAL_STRING && to->kind == VAL_STRING)
			return string_range(out, r, from, to,
					    v->u.t.params[2]->u.b, loc);
		if (range_bounds(&lo, &hi, r, v, loc) < 0)
			return ERB_ERR;
		if (hi >= lo && (uint64_t)(hi - lo) > r->max_bytes / 64)
			return erb_room(r, loc, SIZE_MAX / 2);
		struct value *a =
			val_array(r->a, hi >= lo ? (size_t)(hi - lo + 1) : 0);
		for (int64_t i = lo; i <= hi; i++) {
			if (erb_step(r, loc) < 0)
				return ERB_ERR;
			val_array_push(r->a, a, val_int(r->a, i));
			if (i == INT64_MAX)
				break;
		}
		*out = a;
		return 0;
	}
	case CLS_ENUMERATOR: {
		struct value *recv = v->u.t.params[0];
		int mid = (int)v->u.t.params[1]->u.n.i;
		struct value *args = v->u.t.params[2], *ignored;
		struct value *list = val_array(r->a, 8);
		struct erb_blk b = { .fn = collect_fn,
				     .data = list,
				     .loc = loc };
		int rc = erb_send(&ignored, r, recv, mid, erb_method_names[mid],
				  args->u.arr.v, args->u.arr.n, &b, loc);
		if (rc == ERB_BREAK)
			rc = 0;
		if (rc)
			return rc;
		*out = list;
		return 0;
	}
	default:
		return erb_error(r, loc, "undefined method 'each' for %s",
				 erb_class_names[erb_class_of(r, v)]);
	}
}

static struct value *enumerator(struct erb_run *r, struct value *recv,
				int mid, struct value **args, size_t nargs)
{
	struct value **p = arena_alloc(r->a, 3 * sizeof(*p));
	p[0] = recv;
	p[1] = val_int(r->a, mid);
	p[2] = erb_arr_of(r, args, nargs);
	return val_type(r->a, erb_t_enum, p, 3);
}

/* ---- sorting ---- */

struct sortctx {
	struct erb_run *r;
	struct erb_blk *blk;
	struct srcloc loc;
	bool failed;
	int rc;
};

static int sort_cmp(const void *pa, const void *pb, void *payload)
{
	struct sortctx *c = payload;
	if (c->failed)
		return 0;
	struct value *a = *(struct value *const *)pa,
		     *b = *(struct value *const *)pb;
	int res;
	bool ok;
	if (erb_step(c->r, c->loc) < 0) {
		c->failed = true;
		c->rc = ERB_ERR;
		return 0;
	}
	if (c->blk) {
		struct value *args[2] = { a, b }, *v;
		int rc = erb_yield(&v, c->r, c->blk, args, 2);
		if (rc) {
			c->failed = true;
			c->rc = rc;
			return 0;
		}
		if (v->kind == VAL_INT)
			return v->u.n.i < 0 ? -1 : v->u.n.i > 0;
		if (v->kind == VAL_FLOAT)
			return v->u.f < 0 ? -1 : v->u.f > 0;
		c->failed = true;
		c->rc = erb_error(c->r, c->loc, "comparison of %s with %s failed",
				  erb_class_names[erb_class_of(c->r, a)],
				  erb_class_names[erb_class_of(c->r, b)]);
		return 0;
	}
	if (erb_cmp(&res, &ok, c->r, a, b, c->loc) < 0) {
		c->failed = true;
		c->rc = ERB_ERR;
		return 0;
	}
	if (!ok) {
		struct buf d = BUF_INIT;
		erb_describe(c->r, &d, b);
		c->failed = true;
		c->rc = erb_error(c->r, c->loc, "comparison of %s with %s failed",
				  erb_class_names[erb_class_of(c->r, a)],
				  b->kind == VAL_UNDEF ? "nil" : d.ptr);
		buf_release(&d);
		return 0;
	}
	return res;
}

int erb_sort(struct erb_run *r, struct value **v, size_t n,
	     struct erb_blk *blk, struct srcloc loc)
{
	struct sortctx c = { r, blk, loc, false, 0 };
	if (n > 1)
		qsort_r(v, n, sizeof(*v), sort_cmp, &c);
	return c.failed ? c.rc : 0;
}

/* Compares the keys (element 0) of two [key, item] pairs. */
static int key_cmp(const void *pa, const void *pb, void *payload)
{
	struct value *a = (*(struct value *const *)pa)->u.arr.v[0];
	struct value *b = (*(struct value *const *)pb)->u.arr.v[0];
	return sort_cmp(&a, &b, payload);
}

/* sort_by: [key, item] pairs sorted by key, then the items */
static int sort_by(struct value **out, struct erb_run *r, struct erb_items it,
		   struct erb_blk *blk, struct srcloc loc)
{
	struct value **pairs =
		arena_alloc(r->a, (it.n ? it.n : 1) * sizeof(*pairs));
	for (size_t i = 0; i < it.n; i++) {
		struct value *k;
		int rc = erb_yield(&k, r, blk, &it.v[i], 1);
		if (rc)
			return rc;
		pairs[i] = erb_pair(r, k, it.v[i]);
	}
	struct sortctx c = { r, NULL, loc, false, 0 };
	if (it.n > 1)
		qsort_r(pairs, it.n, sizeof(*pairs), key_cmp, &c);
	if (c.failed)
		return c.rc;
	struct value *res = val_array(r->a, it.n);
	for (size_t i = 0; i < it.n; i++)
		val_array_push(r->a, res, pairs[i]->u.arr.v[1]);
	*out = res;
	return 0;
}

/* ---- Enumerable ---- */

static int yield1(struct value **out, struct erb_run *r, struct erb_blk *b,
		  struct value *v)
{
	return erb_yield(out, r, b, &v, 1);
}

/* Ruby's sum: Integer addition, then Kahan-Babuska once a Float shows up. */
static int sum_values(struct value **out, struct erb_run *r, struct value *init,
		      struct value **v, size_t n, struct srcloc loc)
{
	struct value *acc = init;
	size_t i = 0;
	for (; i < n && acc->kind == VAL_INT && v[i]->kind == VAL_INT; i++) {
		int64_t s;
		if (__builtin_add_overflow(acc->u.n.i, v[i]->u.n.i, &s))
			return erb_unsupported(r, loc, "Integer overflow (Bignum)");
		acc = val_int(r->a, s);
	}
	if (i < n && (acc->kind == VAL_INT || acc->kind == VAL_FLOAT) &&
	    (v[i]->kind == VAL_FLOAT || acc->kind == VAL_FLOAT)) {
		double f = acc->kind == VAL_INT ? (double)acc->u.n.i : acc->u.f;
		double c = 0.0;
		for (; i < n; i++) {
			double x;
			if (v[i]->kind == VAL_FLOAT)
				x = v[i]->u.f;
			else if (v[i]->kind == VAL_INT)
				x = (double)v[i]->u.n.i;
			else
				return erb_unsupported(
					r, loc, "sum of a Float and a %s",
					erb_class_names[erb_class_of(r, v[i])]);
			if (isnan(f))
				continue;
			if (isnan(x)) {
				f = x;
				continue;
			}
			if (isinf(x)) {
				f = isinf(f) && signbit(x) != signbit(f) ? NAN
									 : x;
				continue;
			}
			if (isinf(f))
				continue;
			double t = f + x;
			if (fabs(f) >= fabs(x))
				c += ((f - t) + x);
			else
				c += ((x - t) + f);
			f = t;
		}
		*out = val_float(r->a, f + c);
		return 0;
	}
	for (; i < n; i++) {
		struct value *s;
		int rc = erb_send(&s, r, acc, M_PLUS, "+", &v[i], 1, NULL, loc);
		if (rc)
			return rc;
		acc = s;
	}
	*out = acc;
	return 0;
}

static int min_max(struct value **out, struct erb_run *r, struct erb_items it,
		   int mid, struct value **args, size_t nargs,
		   struct erb_blk *blk, struct srcloc loc)
{
	bool want_max = mid == M_MAX || mid == M_MAX_BY;
	bool by = mid == M_MIN_BY || mid == M_MAX_BY;
	if (erb_arity(r, loc, nargs, 0, 1) < 0)
		return ERB_ERR;
	if (by && !blk)
		return erb_unsupported(r, loc, "'%s' without a block",
				       erb_method_names[mid]);
	if (nargs) {
		/* min(n), max(n): the n smallest or largest, sorted */
		int64_t k = 0;
		if (erb_need_int(&k, r, args[0], loc) < 0)
			return ERB_ERR;
		if (k < 0)
			return erb_error(r, loc, "negative size (%lld)", (long long)k);
		struct value *sorted;
		struct value *copy = erb_arr_of(r, it.v, it.n);
		int rc = by ? sort_by(&sorted, r, it, blk, loc)
			    : erb_sort(r, copy->u.arr.v, copy->u.arr.n, blk,
				       loc);
		if (rc)
			return rc;
		if (!by)
			sorted = copy;
		struct value *res = val_array(r->a, 4);
		for (size_t i = 0; i < sorted->u.arr.n && (int64_t)i < k; i++)
			val_array_push(
				r->a, res,
				sorted->u.arr
					.v[want_max ? sorted->u.arr.n - 1 - i
						    : i]);
		*out = res;
		return 0;
	}
	struct value *best = NULL, *best_key = NULL;
	struct sortctx c = { r, by ? NULL : blk, loc, false, 0 };
	for (size_t i = 0; i < it.n; i++) {
		struct value *key = it.v[i];
		if (by) {
			int rc = yield1(&key, r, blk, it.v[i]);
			if (rc)
				return rc;
		}
		if (!best) {
			best = it.v[i];
			best_key = key;
			continue;
		}
		int cmp = sort_cmp(&key, &best_key, &c);
		if (c.failed)
			return c.rc;
		if (want_max ? cmp > 0 : cmp < 0) {
			best = it.v[i];
			best_key = key;
		}
	}
	*out = best ? best : val_undef();
	return 0;
}

static int uniq_list(struct value **out, struct erb_run *r, struct erb_items it,
		     struct erb_blk *blk, struct srcloc loc)
{
	struct value *seen = val_hash(r->a, it.n), *res = val_array(r->a, it.n);
	for (size_t i = 0; i < it.n; i++) {
		struct value *key = it.v[i];
		if (blk) {
			int rc = yield1(&key, r, blk, it.v[i]);
			if (rc)
				return rc;
		}
		if (erb_check_depth(r, key, loc) < 0)
			return ERB_ERR;
		if (val_hash_get(seen, key))
			continue;
		val_hash_set(r->a, seen, key, val_bool(true));
		val_array_push(r->a, res, it.v[i]);
	}
	*out = res;
	return 0;
}

int erb_flatten_into(struct erb_run *r, struct value *res, struct value *a,
			int64_t depth, int level, struct srcloc loc)
{
	if (level > 128)
		return erb_unsupported(r, loc, "value nested deeper than 128");
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct value *v = a->u.arr.v[i];
		if (v->kind == VAL_ARRAY && (depth < 0 || level < depth)) {
			if (erb_flatten_into(r, res, v, depth, level + 1, loc) <
			    0)
				return ERB_ERR;
		} else {
			val_array_push(r->a, res, v);
		}
	}
	return 0;
}

int erb_join_into(struct erb_run *r, struct buf *b, struct value *a,
		     struct value *sep, bool *first, int level,
		     struct srcloc loc)
{
	if (level > 128)
		return erb_unsupported(r, loc, "value nested deeper than 128");
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct value *v = a->u.arr.v[i];
		if (v->kind == VAL_ARRAY) {
			if (erb_join_into(r, b, v, sep, first, level + 1, loc) <
			    0)
				return ERB_ERR;
			continue;
		}
		if (!*first && sep)
			buf_add(b, sep->u.s.ptr, sep->u.s.len);
		*first = false;
		if (v->kind == VAL_STRING)
			buf_add(b, v->u.s.ptr, v->u.s.len);
		else if (erb_to_s(r, b, v, loc) < 0)
			return ERB_ERR;
		if (erb_room(r, loc, b->len) < 0)
			return ERB_ERR;
	}
	return 0;
}

int erb_enum_common(struct value **out, struct erb_run *r,
		       struct value *recv, struct erb_items it, int mid,
		       struct value **args, size_t nargs, struct erb_blk *blk,
		       struct srcloc loc)
{
	struct value *res, *v;
	int rc;
	switch (mid) {
	case M_EACH:
		if (!blk) {
			*out = enumerator(r, recv, mid, args, nargs);
			return 0;
		}
		for (size_t i = 0; i < it.n; i++)
			if ((rc = yield1(&v, r, blk, it.v[i])))
				return rc;
		*out = recv;
		return 0;
	case M_EACH_WITH_INDEX:
	case M_REVERSE_EACH:
		if (!blk) {
			*out = enumerator(r, recv, mid, args, nargs);
			return 0;
		}
		for (size_t i = 0; i < it.n; i++) {
			size_t k = mid == M_REVERSE_EACH ? it.n - 1 - i : i;
			struct value *a2[2] = { it.v[k],
						val_int(r->a, (int64_t)i) };
			if ((rc = erb_yield(&v, r, blk, a2,
					    mid == M_REVERSE_EACH ? 1 : 2)))
				return rc;
		}
		*out = recv;
		return 0;
	case M_EACH_WITH_OBJECT:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (!blk)
			return no_block(r, loc, mid);
		for (size_t i = 0; i < it.n; i++) {
			struct value *a2[2] = { it.v[i], args[0] };
			if ((rc = erb_yield(&v, r, blk, a2, 2)))
				return rc;
		}
		*out = args[0];
		return 0;
	case M_MAP:
	case M_COLLECT:
	case M_FLAT_MAP:
	case M_COLLECT_CONCAT:
	case M_FILTER_MAP:
		if (!blk) {
			*out = enumerator(r, recv, mid, args, nargs);
			return 0;
		}
		res = val_array(r->a, it.n);
		for (size_t i = 0; i < it.n; i++) {
			if ((rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if ((mid == M_FLAT_MAP || mid == M_COLLECT_CONCAT) &&
			    v->kind == VAL_ARRAY) {
				for (size_t k = 0; k < v->u.arr.n; k++)
					val_array_push(r->a, res,
						       v->u.arr.v[k]);
			} else if (mid != M_FILTER_MAP || erb_truthy(v)) {
				val_array_push(r->a, res, v);
			}
		}
		*out = res;
		return 0;
	case M_SELECT:
	case M_FILTER:
	case M_FIND_ALL:
	case M_REJECT:
		if (!blk) {
			*out = enumerator(r, recv, mid, args, nargs);
			return 0;
		}
		res = val_array(r->a, it.n);
		for (size_t i = 0; i < it.n; i++) {
			if ((rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if (erb_truthy(v) == (mid != M_REJECT))
				val_array_push(r->a, res, it.v[i]);
		}
		*out = res;
		return 0;
	case M_FIND:
	case M_DETECT:
		if (!blk)
			return no_block(r, loc, mid);
		for (size_t i = 0; i < it.n; i++) {
			if ((rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if (erb_truthy(v)) {
				*out = it.v[i];
				return 0;
			}
		}
		*out = val_undef();
		return 0;
	case M_FIND_INDEX:
	case M_INDEX:
		if (erb_arity(r, loc, nargs, blk ? 0 : 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = 0; i < it.n; i++) {
			bool hit;
			if (nargs) {
				if (erb_eq(&hit, r, it.v[i], args[0], loc) < 0)
					return ERB_ERR;
			} else {
				if ((rc = yield1(&v, r, blk, it.v[i])))
					return rc;
				hit = erb_truthy(v);
			}
			if (hit) {
				*out = val_int(r->a, (int64_t)i);
				return 0;
			}
		}
		*out = val_undef();
		return 0;
	case M_ANY:
	case M_ALL:
	case M_NONE:
	case M_ONE: {
		if (erb_arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		size_t hits = 0;
		for (size_t i = 0; i < it.n; i++) {
			bool hit;
			if (nargs) {
				if (erb_case_eq(&hit, r, args[0], it.v[i],
						loc) < 0)
					return ERB_ERR;
			} else if (blk) {
				if ((rc = yield1(&v, r, blk, it.v[i])))
					return rc;
				hit = erb_truthy(v);
			} else {
				hit = erb_truthy(it.v[i]);
			}
			hits += hit;
			if ((mid == M_ANY && hit) || (mid == M_ALL && !hit) ||
			    (mid == M_NONE && hit) ||
			    (mid == M_ONE && hits > 1))
				break;
		}
		bool res_b = mid == M_ANY    ? hits > 0
			     : mid == M_NONE ? hits == 0
			     : mid == M_ONE  ? hits == 1
					     : true;
		if (mid == M_ALL)
			res_b = hits == it.n;
		*out = val_bool(res_b);
		return 0;
	}
	case M_COUNT_M: {
		if (erb_arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		int64_t n = 0;
		for (size_t i = 0; i < it.n; i++) {
			bool hit = true;
			if (nargs) {
				if (erb_eq(&hit, r, it.v[i], args[0], loc) < 0)
					return ERB_ERR;
			} else if (blk) {
				if ((rc = yield1(&v, r, blk, it.v[i])))
					return rc;
				hit = erb_truthy(v);
			}
			n += hit;
		}
		*out = val_int(r->a, n);
		return 0;
	}
	case M_INCLUDE:
	case M_MEMBER:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = 0; i < it.n; i++) {
			bool hit;
			if (erb_eq(&hit, r, it.v[i], args[0], loc) < 0)
				return ERB_ERR;
			if (hit) {
				*out = val_bool(true);
				return 0;
			}
		}
		*out = val_bool(false);
		return 0;
	case M_INJECT:
	case M_REDUCE: {
		if (erb_arity(r, loc, nargs, 0, 2) < 0)
			return ERB_ERR;
		struct value *acc = NULL, *op = NULL;
		size_t i = 0;
		if (nargs == 2) {
			acc = args[0];
			op = args[1];
		} else if (nargs == 1 && !blk) {
			op = args[0];
		} else if (nargs == 1) {
			acc = args[0];
		}
		if (op && !erb_is_sym(r, op) && op->kind != VAL_STRING)
			return erb_error(r, loc, "%s is not a symbol nor a string",
					 erb_class_names[erb_class_of(r, op)]);
		if (!op && !blk)
			return no_block(r, loc, mid);
		if (!acc) {
			if (!it.n) {
				*out = val_undef();
				return 0;
			}
			acc = it.v[i++];
		}
		for (; i < it.n; i++) {
			if (op) {
				char *name = arena_memdupz(r->a, op->u.s.ptr,
							   op->u.s.len);
				rc = erb_send(&v, r, acc,
					      erb_method_lookup(name), name,
					      &it.v[i], 1, NULL, loc);
			} else {
				struct value *a2[2] = { acc, it.v[i] };
				rc = erb_yield(&v, r, blk, a2, 2);
			}
			if (rc)
				return rc;
			acc = v;
		}
		*out = acc;
		return 0;
	}
	case M_SUM: {
		if (erb_arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		struct value **vals = it.v;
		if (blk) {
			vals = arena_alloc(r->a,
					   (it.n ? it.n : 1) * sizeof(*vals));
			for (size_t i = 0; i < it.n; i++)
				if ((rc = yield1(&vals[i], r, blk, it.v[i])))
					return rc;
		}
		return sum_values(out, r, nargs ? args[0] : val_int(r->a, 0),
				  vals, it.n, loc);
	}
	case M_MIN: case M_MAX: case M_MIN_BY: case M_MAX_BY:
		return min_max(out, r, it, mid, args, nargs, blk, loc);
	case M_MINMAX: {
		struct value *lo, *hi;
		if ((rc = min_max(&lo, r, it, M_MIN, NULL, 0, blk, loc)) ||
		    (rc = min_max(&hi, r, it, M_MAX, NULL, 0, blk, loc)))
			return rc;
		*out = erb_pair(r, lo, hi);
		return 0;
	}
	case M_SORT:
		res = erb_arr_of(r, it.v, it.n);
		if ((rc = erb_sort(r, res->u.arr.v, res->u.arr.n, blk, loc)))
			return rc;
		*out = res;
		return 0;
	case M_SORT_BY:
		if (!blk) {
			*out = enumerator(r, recv, mid, args, nargs);
			return 0;
		}
		return sort_by(out, r, it, blk, loc);
	case M_GROUP_BY:
	case M_PARTITION:
	case M_TALLY: {
		if (mid != M_TALLY && !blk)
			return no_block(r, loc, mid);
		struct value *h = val_hash(r->a, 4);
		struct value *yes = val_array(r->a, 4),
			     *no = val_array(r->a, 4);
		for (size_t i = 0; i < it.n; i++) {
			v = it.v[i];
			if (mid != M_TALLY &&
			    (rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if (mid == M_PARTITION) {
				val_array_push(r->a, erb_truthy(v) ? yes : no,
					       it.v[i]);
				continue;
			}
			if (erb_check_depth(r, v, loc) < 0)
				return ERB_ERR;
			struct value *cur = val_hash_get(h, v);
			if (mid == M_TALLY) {
				erb_hash_set(
					r, h, v,
					val_int(r->a, cur ? cur->u.n.i + 1 : 1),
					loc);
			} else if (cur) {
				val_array_push(r->a, cur, it.v[i]);
			} else {
				struct value *g = val_array(r->a, 2);
				val_array_push(r->a, g, it.v[i]);
				erb_hash_set(r, h, v, g, loc);
			}
		}
		*out = mid == M_PARTITION ? erb_pair(r, yes, no) : h;
		return 0;
	}
	case M_EACH_SLICE:
	case M_EACH_CONS: {
		int64_t k = 0;
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_need_int(&k, r, args[0], loc) < 0)
			return ERB_ERR;
		if (k <= 0)
			return erb_error(r, loc, "invalid size");
		res = val_array(r->a, 4);
		size_t step = mid == M_EACH_SLICE ? (size_t)k : 1;
		for (size_t i = 0; i < it.n; i += step) {
			if (mid == M_EACH_CONS && i + (size_t)k > it.n)
				break;
			size_t m = it.n - i < (size_t)k ? it.n - i : (size_t)k;
			struct value *slice = erb_arr_slice(r, it.v, i, m);
			if (blk) {
				if ((rc = yield1(&v, r, blk, slice)))
					return rc;
			} else {
				val_array_push(r->a, res, slice);
			}
		}
		*out = blk ? recv : enumerator(r, res, M_EACH, NULL, 0);
		return 0;
	}
	case M_ZIP: {
		struct value **others = arena_alloc(
			r->a, (nargs ? nargs : 1) * sizeof(*others));
		for (size_t a = 0; a < nargs; a++)
			if ((rc = erb_to_list(&others[a], r, args[a], loc)))
				return rc;
		res = val_array(r->a, it.n);
		for (size_t i = 0; i < it.n; i++) {
			struct value *t = val_array(r->a, nargs + 1);
			val_array_push(r->a, t, it.v[i]);
			for (size_t a = 0; a < nargs; a++)
				val_array_push(r->a, t,
					       i < others[a]->u.arr.n
						       ? others[a]->u.arr.v[i]
						       : val_undef());
			val_array_push(r->a, res, t);
		}
		if (blk) {
			for (size_t i = 0; i < res->u.arr.n; i++)
				if ((rc = yield1(&v, r, blk, res->u.arr.v[i])))
					return rc;
			*out = val_undef();
			return 0;
		}
		*out = res;
		return 0;
	}
	case M_FIRST:
	case M_TAKE:
	case M_DROP: {
		if (erb_arity(r, loc, nargs, mid == M_FIRST ? 0 : 1, 1) < 0)
			return ERB_ERR;
		if (!nargs) {
			*out = it.n ? it.v[0] : val_undef();
			return 0;
		}
		int64_t k = 0;
		if (erb_need_int(&k, r, args[0], loc) < 0)
			return ERB_ERR;
		if (k < 0)
			return erb_error(r, loc, "attempt to take negative size");
		size_t m = (uint64_t)k < it.n ? (size_t)k : it.n;
		*out = mid == M_DROP ? erb_arr_slice(r, it.v, m, it.n - m)
				     : erb_arr_of(r, it.v, m);
		return 0;
	}
	case M_TAKE_WHILE:
	case M_DROP_WHILE: {
		if (!blk)
			return no_block(r, loc, mid);
		size_t i = 0;
		for (; i < it.n; i++) {
			if ((rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if (!erb_truthy(v))
				break;
		}
		*out = mid == M_TAKE_WHILE ? erb_arr_of(r, it.v, i) :
					     erb_arr_slice(r, it.v, i, it.n - i);
		return 0;
	}
	case M_TO_A:
	case M_ENTRIES:
		*out = erb_arr_of(r, it.v, it.n);
		return 0;
	case M_TO_H: {
		struct value *h = val_hash(r->a, it.n);
		for (size_t i = 0; i < it.n; i++) {
			v = it.v[i];
			if (blk && (rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if (v->kind != VAL_ARRAY || v->u.arr.n != 2)
				return erb_error(
					r, loc,
					"wrong element type %s at %zu (expected array)",
					erb_class_names[erb_class_of(r, v)], i);
			if (erb_hash_set(r, h, v->u.arr.v[0], v->u.arr.v[1],
					 loc) < 0)
				return ERB_ERR;
		}
		*out = h;
		return 0;
	}
	case M_UNIQ:
		return uniq_list(out, r, it, blk, loc);
	case M_LENGTH:
	case M_SIZE:
		*out = val_int(r->a, (int64_t)it.n);
		return 0;
	default:
		return ERB_NOMETHOD;
	}
}

/* ---- Range and Enumerator ---- */

static int with_index_fn(struct value **out, struct erb_run *r,
			 struct erb_blk *b, struct value **args, size_t nargs)
{
	struct value *item = nargs == 1 ? args[0] : erb_arr_of(r, args, nargs);
	struct value *a2[2] = { item,
				b->data ? b->data : val_int(r->a, b->counter) };
	if (!b->data)
		b->counter++;
	return erb_yield(out, r, b->inner, a2, 2);
}

static int range_method(struct value **out, struct erb_run *r,
			struct value *rg, int mid, struct value **args,
			size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	struct value *lo = rg->u.t.params[0], *hi = rg->u.t.params[1];
	bool excl = rg->u.t.params[2]->u.b;
	int64_t a = 0, b = 0;
	int rc;
	switch (mid) {
	case M_BEGIN:
		*out = lo;
		return 0;
	case M_FIRST:
		if (!nargs) {
			*out = lo;
			return 0;
		}
		break;
	case M_END:
		*out = hi;
		return 0;
	case M_LAST:
		if (!nargs) {
			*out = hi;
			return 0;
		}
		break;
	case M_EXCLUDE_END:
		*out = val_bool(excl);
		return 0;
	case M_INCLUDE: case M_MEMBER: case M_COVER: case M_EQQ: {
		bool in;
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (erb_case_eq(&in, r, rg, args[0], loc) < 0)
			return ERB_ERR;
		*out = val_bool(in);
		return 0;
	}
	case M_EACH:
		if (!blk || lo->kind == VAL_STRING)
			break;
		if (range_bounds(&a, &b, r, rg, loc) < 0)
			return ERB_ERR;
		for (int64_t i = a; i <= b; i++) {
			struct value *iv = val_int(r->a, i), *ignored;
			if ((rc = yield1(&ignored, r, blk, iv)))
				return rc;
			if (i == INT64_MAX)
				break;
		}
		*out = rg;
		return 0;
	case M_STEP: {
		int64_t st = 0;
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_need_int(&st, r, args[0], loc) < 0 ||
		    range_bounds(&a, &b, r, rg, loc) < 0)
			return ERB_ERR;
		if (st <= 0)
			return erb_error(r, loc, "step can't be negative");
		struct value *list = val_array(r->a, 4);
		for (int64_t i = a; i <= b; i += st) {
			struct value *iv = val_int(r->a, i), *ignored;
			if (blk) {
				if ((rc = yield1(&ignored, r, blk, iv)))
					return rc;
			} else {
				if (erb_step(r, loc) < 0)
					return ERB_ERR;
				val_array_push(r->a, list, iv);
			}
			if (i > INT64_MAX - st)
				break;
		}
		*out = blk ? rg : enumerator(r, list, M_EACH, NULL, 0);
		return 0;
	}
	case M_SIZE:
	case M_COUNT_M:
		if (mid == M_COUNT_M && (nargs || blk))
			break;
		if (range_bounds(&a, &b, r, rg, loc) < 0)
			return ERB_ERR;
		*out = val_int(r->a, b >= a ? b - a + 1 : 0);
		return 0;
	case M_MIN:
	case M_MAX:
		if (nargs || blk)
			break;
		if (range_bounds(&a, &b, r, rg, loc) < 0)
			return ERB_ERR;
		*out = b < a ? val_undef()
			     : val_int(r->a, mid == M_MIN ? a : b);
		return 0;
	default:
		break;
	}
	return ERB_NOMETHOD;
}

int erb_enum_method(struct value **out, struct erb_run *r, struct value *e,
		    int mid, const char *name, struct value **args,
		    size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	int rc;
	(void)name;
	if (erb_is_obj(e, erb_t_range)) {
		rc = range_method(out, r, e, mid, args, nargs, blk, loc);
		if (rc != ERB_NOMETHOD)
			return rc;
	} else {
		struct value *recv = e->u.t.params[0];
		int emid = (int)e->u.t.params[1]->u.n.i;
		struct value *eargs = e->u.t.params[2];
		if ((mid == M_WITH_INDEX || mid == M_EACH_WITH_INDEX ||
		     mid == M_WITH_OBJECT) && blk) {
			struct erb_blk wb = { .fn = with_index_fn, .inner = blk,
					      .loc = loc };
			if (mid == M_WITH_OBJECT) {
				if (erb_arity(r, loc, nargs, 1, 1) < 0)
					return ERB_ERR;
				wb.data = args[0];
			} else if (mid == M_WITH_INDEX && nargs) {
				if (erb_need_int(&wb.counter, r, args[0], loc) <
				    0)
					return ERB_ERR;
			}
			rc = erb_send(out, r, recv, emid,
				      erb_method_names[emid], eargs->u.arr.v,
				      eargs->u.arr.n, &wb, loc);
			if (rc == 0 && mid == M_WITH_OBJECT)
				*out = args[0];
			return rc;
		}
		if (mid == M_EACH && blk)
			return erb_send(out, r, recv, emid,
					erb_method_names[emid], eargs->u.arr.v,
					eargs->u.arr.n, blk, loc);
		if (mid == M_WITH_INDEX || mid == M_EACH_WITH_INDEX) {
			/* no block: the [item, index] pairs */
			struct value *list, *pairs;
			int64_t off = 0;
			if (mid == M_WITH_INDEX && nargs &&
			    erb_need_int(&off, r, args[0], loc) < 0)
				return ERB_ERR;
			if (erb_to_list(&list, r, e, loc) < 0)
				return ERB_ERR;
			pairs = val_array(r->a, list->u.arr.n);
			for (size_t i = 0; i < list->u.arr.n; i++)
				val_array_push(
					r->a, pairs,
					erb_pair(r, list->u.arr.v[i],
						 val_int(r->a,
							 off + (int64_t)i)));
			*out = enumerator(r, pairs, M_EACH, NULL, 0);
			return 0;
		}
		if (mid == M_WITH_OBJECT)
			return no_block(r, loc, mid);
	}
	struct value *list;
	if (erb_to_list(&list, r, e, loc) < 0)
		return ERB_ERR;
	struct erb_items it = { list->u.arr.v, list->u.arr.n };
	return erb_enum_common(out, r, e, it, mid, args, nargs, blk, loc);
}
