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

struct items {
	struct value **v;
	size_t n;
};

static int arity(struct erb_run *r, struct srcloc loc, size_t n, size_t min,
		 size_t max)
{
	if (n >= min && n <= max)
		return 0;
	if (min == max)
		return erb_error(r, loc, "wrong number of arguments (given %zu, expected %zu)",
				 n, min);
	return erb_error(r, loc, "wrong number of arguments (given %zu, expected %zu..%zu)",
			 n, min, max);
}

static int need_int(int64_t *out, struct erb_run *r, struct value *v,
		    struct srcloc loc)
{
	if (v->kind == VAL_INT) {
		*out = v->u.n.i;
		return 0;
	}
	return erb_error(r, loc, "no implicit conversion of %s into Integer",
			 v->kind == VAL_UNDEF ? "nil" :
			 erb_class_names[erb_class_of(r, v)]);
}

static int no_block(struct erb_run *r, struct srcloc loc, int mid)
{
	return erb_unsupported(r, loc, "'%s' without a block", erb_method_names[mid]);
}

static struct value *arr_of(struct erb_run *r, struct value **v, size_t n)
{
	struct value *a = val_array(r->a, n);
	for (size_t i = 0; i < n; i++)
		val_array_push(r->a, a, v[i]);
	return a;
}

static int push_checked(struct erb_run *r, struct value *arr, struct value *v,
			struct srcloc loc)
{
	if (erb_check_insert(r, arr, v, loc) < 0)
		return ERB_ERR;
	val_array_push(r->a, arr, v);
	return 0;
}

/* ---- lists ---- */

static int collect_fn(struct value **out, struct erb_run *r,
		      struct erb_blk *b, struct value **args, size_t nargs)
{
	struct value *list = b->data;
	struct value *item = nargs == 1 ? args[0] : arr_of(r, args, nargs);
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
			return string_range(out, r, from, to, v->u.t.params[2]->u.b,
					    loc);
		if (range_bounds(&lo, &hi, r, v, loc) < 0)
			return ERB_ERR;
		if (hi >= lo && (uint64_t)(hi - lo) > r->max_bytes / 64)
			return erb_room(r, loc, SIZE_MAX / 2);
		struct value *a = val_array(r->a, hi >= lo ? (size_t)(hi - lo + 1) : 0);
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
		struct erb_blk b = { .fn = collect_fn, .data = list, .loc = loc };
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
	p[2] = arr_of(r, args, nargs);
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
	struct value *a = *(struct value *const *)pa, *b = *(struct value *const *)pb;
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
static int sort_by(struct value **out, struct erb_run *r, struct items it,
		   struct erb_blk *blk, struct srcloc loc)
{
	struct value **pairs = arena_alloc(r->a, (it.n ? it.n : 1) * sizeof(*pairs));
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
				return erb_unsupported(r, loc, "sum of a Float and a %s",
						       erb_class_names[erb_class_of(r, v[i])]);
			if (isnan(f))
				continue;
			if (isnan(x)) {
				f = x;
				continue;
			}
			if (isinf(x)) {
				f = isinf(f) && signbit(x) != signbit(f) ? NAN : x;
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

static int min_max(struct value **out, struct erb_run *r, struct items it,
		   int mid, struct value **args, size_t nargs,
		   struct erb_blk *blk, struct srcloc loc)
{
	bool want_max = mid == M_MAX || mid == M_MAX_BY;
	bool by = mid == M_MIN_BY || mid == M_MAX_BY;
	if (arity(r, loc, nargs, 0, 1) < 0)
		return ERB_ERR;
	if (by && !blk)
		return erb_unsupported(r, loc, "'%s' without a block",
				       erb_method_names[mid]);
	if (nargs) {
		/* min(n), max(n): the n smallest or largest, sorted */
		int64_t k = 0;
		if (need_int(&k, r, args[0], loc) < 0)
			return ERB_ERR;
		if (k < 0)
			return erb_error(r, loc, "negative size (%lld)", (long long)k);
		struct value *sorted;
		struct value *copy = arr_of(r, it.v, it.n);
		int rc = by ? sort_by(&sorted, r, it, blk, loc) :
			      erb_sort(r, copy->u.arr.v, copy->u.arr.n, blk, loc);
		if (rc)
			return rc;
		if (!by)
			sorted = copy;
		struct value *res = val_array(r->a, 4);
		for (size_t i = 0; i < sorted->u.arr.n && (int64_t)i < k; i++)
			val_array_push(r->a, res, sorted->u.arr.v[want_max ?
						   sorted->u.arr.n - 1 - i : i]);
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

static int uniq_list(struct value **out, struct erb_run *r, struct items it,
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

static int flatten_into(struct erb_run *r, struct value *res, struct value *a,
			int64_t depth, int level, struct srcloc loc)
{
	if (level > 128)
		return erb_unsupported(r, loc, "value nested deeper than 128");
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct value *v = a->u.arr.v[i];
		if (v->kind == VAL_ARRAY && (depth < 0 || level < depth)) {
			if (flatten_into(r, res, v, depth, level + 1, loc) < 0)
				return ERB_ERR;
		} else {
			val_array_push(r->a, res, v);
		}
	}
	return 0;
}

static int join_into(struct erb_run *r, struct buf *b, struct value *a,
		     struct value *sep, bool *first, int level,
		     struct srcloc loc)
{
	if (level > 128)
		return erb_unsupported(r, loc, "value nested deeper than 128");
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct value *v = a->u.arr.v[i];
		if (v->kind == VAL_ARRAY) {
			if (join_into(r, b, v, sep, first, level + 1, loc) < 0)
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

static int enum_common(struct value **out, struct erb_run *r,
		       struct value *recv, struct items it, int mid,
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
			struct value *a2[2] = { it.v[k], val_int(r->a, (int64_t)i) };
			if ((rc = erb_yield(&v, r, blk, a2, mid == M_REVERSE_EACH ? 1 : 2)))
				return rc;
		}
		*out = recv;
		return 0;
	case M_EACH_WITH_OBJECT:
		if (arity(r, loc, nargs, 1, 1) < 0)
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
					val_array_push(r->a, res, v->u.arr.v[k]);
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
		if (arity(r, loc, nargs, blk ? 0 : 1, 1) < 0)
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
		if (arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		size_t hits = 0;
		for (size_t i = 0; i < it.n; i++) {
			bool hit;
			if (nargs) {
				if (erb_case_eq(&hit, r, args[0], it.v[i], loc) < 0)
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
			    (mid == M_NONE && hit) || (mid == M_ONE && hits > 1))
				break;
		}
		bool res_b = mid == M_ANY ? hits > 0 : mid == M_NONE ? hits == 0 :
			     mid == M_ONE ? hits == 1 : true;
		if (mid == M_ALL)
			res_b = hits == it.n;
		*out = val_bool(res_b);
		return 0;
	}
	case M_COUNT_M: {
		if (arity(r, loc, nargs, 0, 1) < 0)
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
		if (arity(r, loc, nargs, 1, 1) < 0)
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
		if (arity(r, loc, nargs, 0, 2) < 0)
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
				char *name = arena_memdupz(r->a, op->u.s.ptr, op->u.s.len);
				rc = erb_send(&v, r, acc, erb_method_lookup(name), name,
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
		if (arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		struct value **vals = it.v;
		if (blk) {
			vals = arena_alloc(r->a, (it.n ? it.n : 1) * sizeof(*vals));
			for (size_t i = 0; i < it.n; i++)
				if ((rc = yield1(&vals[i], r, blk, it.v[i])))
					return rc;
		}
		return sum_values(out, r, nargs ? args[0] : val_int(r->a, 0), vals,
				  it.n, loc);
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
		res = arr_of(r, it.v, it.n);
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
		struct value *yes = val_array(r->a, 4), *no = val_array(r->a, 4);
		for (size_t i = 0; i < it.n; i++) {
			v = it.v[i];
			if (mid != M_TALLY && (rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if (mid == M_PARTITION) {
				val_array_push(r->a, erb_truthy(v) ? yes : no, it.v[i]);
				continue;
			}
			if (erb_check_depth(r, v, loc) < 0)
				return ERB_ERR;
			struct value *cur = val_hash_get(h, v);
			if (mid == M_TALLY) {
				erb_hash_set(r, h, v, val_int(r->a, cur ? cur->u.n.i + 1 : 1),
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
		if (arity(r, loc, nargs, 1, 1) < 0 || need_int(&k, r, args[0], loc) < 0)
			return ERB_ERR;
		if (k <= 0)
			return erb_error(r, loc, "invalid size");
		res = val_array(r->a, 4);
		size_t step = mid == M_EACH_SLICE ? (size_t)k : 1;
		for (size_t i = 0; i < it.n; i += step) {
			if (mid == M_EACH_CONS && i + (size_t)k > it.n)
				break;
			size_t m = it.n - i < (size_t)k ? it.n - i : (size_t)k;
			struct value *slice = arr_of(r, it.v + i, m);
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
		struct value **others = arena_alloc(r->a, (nargs ? nargs : 1) * sizeof(*others));
		for (size_t a = 0; a < nargs; a++)
			if ((rc = erb_to_list(&others[a], r, args[a], loc)))
				return rc;
		res = val_array(r->a, it.n);
		for (size_t i = 0; i < it.n; i++) {
			struct value *t = val_array(r->a, nargs + 1);
			val_array_push(r->a, t, it.v[i]);
			for (size_t a = 0; a < nargs; a++)
				val_array_push(r->a, t, i < others[a]->u.arr.n ?
						       others[a]->u.arr.v[i] : val_undef());
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
		if (arity(r, loc, nargs, mid == M_FIRST ? 0 : 1, 1) < 0)
			return ERB_ERR;
		if (!nargs) {
			*out = it.n ? it.v[0] : val_undef();
			return 0;
		}
		int64_t k = 0;
		if (need_int(&k, r, args[0], loc) < 0)
			return ERB_ERR;
		if (k < 0)
			return erb_error(r, loc, "attempt to take negative size");
		size_t m = (uint64_t)k < it.n ? (size_t)k : it.n;
		*out = mid == M_DROP ? arr_of(r, it.v + m, it.n - m) : arr_of(r, it.v, m);
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
		*out = mid == M_TAKE_WHILE ? arr_of(r, it.v, i) :
					     arr_of(r, it.v + i, it.n - i);
		return 0;
	}
	case M_TO_A:
	case M_ENTRIES:
		*out = arr_of(r, it.v, it.n);
		return 0;
	case M_TO_H: {
		struct value *h = val_hash(r->a, it.n);
		for (size_t i = 0; i < it.n; i++) {
			v = it.v[i];
			if (blk && (rc = yield1(&v, r, blk, it.v[i])))
				return rc;
			if (v->kind != VAL_ARRAY || v->u.arr.n != 2)
				return erb_error(r, loc, "wrong element type %s at %zu (expected array)",
						 erb_class_names[erb_class_of(r, v)], i);
			if (erb_hash_set(r, h, v->u.arr.v[0], v->u.arr.v[1], loc) < 0)
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

/* ---- Array ---- */

/* Resolves an index or start/length or range against n elements. */
static int slice_args(int64_t *start, int64_t *len, bool *single,
		      struct erb_run *r, struct value **args, size_t nargs,
		      size_t n, struct srcloc loc)
{
	*single = false;
	if (nargs == 1 && erb_is_obj(args[0], erb_t_range)) {
		struct value *lo = args[0]->u.t.params[0], *hi = args[0]->u.t.params[1];
		int64_t a = 0, b = -1;
		if ((lo->kind != VAL_UNDEF && need_int(&a, r, lo, loc) < 0) ||
		    (hi->kind != VAL_UNDEF && need_int(&b, r, hi, loc) < 0))
			return ERB_ERR;
		if (a < 0)
			a += (int64_t)n;
		if (b < 0)
			b += (int64_t)n;
		if (args[0]->u.t.params[2]->u.b && hi->kind != VAL_UNDEF)
			b--;
		*start = a;
		*len = b - a + 1 < 0 ? 0 : b - a + 1;
		return a < 0 || a > (int64_t)n ? 1 : 0;
	}
	if (need_int(start, r, args[0], loc) < 0)
		return ERB_ERR;
	if (*start < 0)
		*start += (int64_t)n;
	if (nargs == 1) {
		*single = true;
		*len = 1;
		return *start < 0 || *start >= (int64_t)n ? 1 : 0;
	}
	if (need_int(len, r, args[1], loc) < 0)
		return ERB_ERR;
	return *start < 0 || *start > (int64_t)n || *len < 0 ? 1 : 0;
}

static int array_aref(struct value **out, struct erb_run *r, struct value *a,
		      struct value **args, size_t nargs, struct srcloc loc)
{
	int64_t start = 0, len = 0;
	bool single;
	if (arity(r, loc, nargs, 1, 2) < 0)
		return ERB_ERR;
	int rc = slice_args(&start, &len, &single, r, args, nargs, a->u.arr.n, loc);
	if (rc < 0)
		return ERB_ERR;
	if (rc) {
		*out = val_undef();
		return 0;
	}
	if (single) {
		*out = a->u.arr.v[start];
		return 0;
	}
	if (len > (int64_t)a->u.arr.n - start)
		len = (int64_t)a->u.arr.n - start;
	*out = arr_of(r, a->u.arr.v + start, (size_t)len);
	return 0;
}

static int array_aset(struct value **out, struct erb_run *r, struct value *a,
		      struct value **args, size_t nargs, struct srcloc loc)
{
	if (nargs != 2 || args[0]->kind != VAL_INT)
		return erb_unsupported(r, loc, "Array#[]= with a range or length");
	int64_t i = args[0]->u.n.i;
	struct value *v = args[1];
	if (i < 0)
		i += (int64_t)a->u.arr.n;
	if (i < 0)
		return erb_error(r, loc, "index %lld too small for array",
				 (long long)args[0]->u.n.i);
	if (erb_check_insert(r, a, v, loc) < 0 ||
	    erb_room(r, loc, (size_t)i * sizeof(void *)) < 0)
		return ERB_ERR;
	while ((int64_t)a->u.arr.n <= i)
		val_array_push(r->a, a, val_undef());
	a->u.arr.v[i] = v;
	*out = v;
	return 0;
}

static void remove_at(struct value *a, size_t i)
{
	memmove(a->u.arr.v + i, a->u.arr.v + i + 1,
		(a->u.arr.n - i - 1) * sizeof(*a->u.arr.v));
	a->u.arr.n--;
}

static int array_set_ops(struct value **out, struct erb_run *r,
			 struct value *a, int mid, struct value *b,
			 struct srcloc loc)
{
	if (b->kind != VAL_ARRAY)
		return erb_error(r, loc, "no implicit conversion of %s into Array",
				 b->kind == VAL_UNDEF ? "nil" :
				 erb_class_names[erb_class_of(r, b)]);
	struct value *res = val_array(r->a, a->u.arr.n);
	struct value *set = val_hash(r->a, b->u.arr.n);
	for (size_t i = 0; i < b->u.arr.n; i++) {
		if (erb_check_depth(r, b->u.arr.v[i], loc) < 0)
			return ERB_ERR;
		val_hash_set(r->a, set, b->u.arr.v[i], val_bool(true));
	}
	struct value *seen = val_hash(r->a, a->u.arr.n);
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct value *v = a->u.arr.v[i];
		if (erb_check_depth(r, v, loc) < 0)
			return ERB_ERR;
		bool in_b = val_hash_get(set, v) != NULL;
		if (mid == M_MINUS) {
			if (!in_b)
				val_array_push(r->a, res, v);
			continue;
		}
		if (val_hash_get(seen, v))
			continue;
		val_hash_set(r->a, seen, v, val_bool(true));
		if (mid == M_PIPE || in_b)
			val_array_push(r->a, res, v);
	}
	if (mid == M_PIPE)
		for (size_t i = 0; i < b->u.arr.n; i++) {
			struct value *v = b->u.arr.v[i];
			if (val_hash_get(seen, v))
				continue;
			val_hash_set(r->a, seen, v, val_bool(true));
			val_array_push(r->a, res, v);
		}
	*out = res;
	return 0;
}

int erb_array_method(struct value **out, struct erb_run *r, struct value *a,
		     int mid, const char *name, struct value **args,
		     size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	struct items it = { a->u.arr.v, a->u.arr.n };
	struct value *res, *v;
	int rc;
	(void)name;
	switch (mid) {
	case M_AREF:
	case M_SLICE:
		return array_aref(out, r, a, args, nargs, loc);
	case M_AT:
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return array_aref(out, r, a, args, 1, loc);
	case M_ASET:
		return array_aset(out, r, a, args, nargs, loc);
	case M_DIG: {
		if (arity(r, loc, nargs, 1, 64) < 0 ||
		    array_aref(&v, r, a, args, 1, loc) < 0)
			return ERB_ERR;
		if (nargs == 1 || v->kind == VAL_UNDEF) {
			*out = v;
			return 0;
		}
		return erb_send(out, r, v, M_DIG, "dig", args + 1, nargs - 1, NULL, loc);
	}
	case M_FETCH:
		if (arity(r, loc, nargs, 1, 2) < 0 || array_aref(&v, r, a, args, 1, loc) < 0)
			return ERB_ERR;
		if (args[0]->kind == VAL_INT) {
			int64_t i = args[0]->u.n.i;
			if (i < 0)
				i += (int64_t)a->u.arr.n;
			if (i < 0 || i >= (int64_t)a->u.arr.n) {
				if (blk)
					return yield1(out, r, blk, args[0]);
				if (nargs > 1) {
					*out = args[1];
					return 0;
				}
				return erb_error(r, loc, "index %lld outside of array bounds: %lld...%zu",
						 (long long)args[0]->u.n.i,
						 -(long long)a->u.arr.n, a->u.arr.n);
			}
		}
		*out = v;
		return 0;
	case M_LAST:
		if (arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		if (!nargs) {
			*out = a->u.arr.n ? a->u.arr.v[a->u.arr.n - 1] : val_undef();
			return 0;
		} else {
			int64_t k = 0;
			if (need_int(&k, r, args[0], loc) < 0)
				return ERB_ERR;
			if (k < 0)
				return erb_error(r, loc, "negative array size");
			size_t m = (uint64_t)k < a->u.arr.n ? (size_t)k : a->u.arr.n;
			*out = arr_of(r, a->u.arr.v + a->u.arr.n - m, m);
			return 0;
		}
	case M_PUSH:
	case M_APPEND:
	case M_LSHIFT:
		if (mid == M_LSHIFT && arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = 0; i < nargs; i++)
			if (push_checked(r, a, args[i], loc) < 0)
				return ERB_ERR;
		*out = a;
		return 0;
	case M_CONCAT:
		for (size_t i = 0; i < nargs; i++) {
			if (args[i]->kind != VAL_ARRAY)
				return erb_error(r, loc, "no implicit conversion of %s into Array",
						 erb_class_names[erb_class_of(r, args[i])]);
			struct value *src = args[i];
			size_t n = src->u.arr.n;
			for (size_t k = 0; k < n; k++)
				if (push_checked(r, a, src->u.arr.v[k], loc) < 0)
					return ERB_ERR;
		}
		*out = a;
		return 0;
	case M_UNSHIFT:
	case M_PREPEND:
	case M_INSERT: {
		int64_t at = 0;
		size_t from = 0;
		if (mid == M_INSERT) {
			if (arity(r, loc, nargs, 1, 99) < 0 || need_int(&at, r, args[0], loc) < 0)
				return ERB_ERR;
			if (at < 0)
				at += (int64_t)a->u.arr.n + 1;
			if (at < 0)
				return erb_error(r, loc, "index out of array");
			from = 1;
		}
		for (size_t i = from; i < nargs; i++)
			if (erb_check_insert(r, a, args[i], loc) < 0)
				return ERB_ERR;
		while ((int64_t)a->u.arr.n < at)
			val_array_push(r->a, a, val_undef());
		for (size_t i = from; i < nargs; i++) {
			val_array_push(r->a, a, val_undef());
			size_t pos = (size_t)at + (i - from);
			memmove(a->u.arr.v + pos + 1, a->u.arr.v + pos,
				(a->u.arr.n - pos - 1) * sizeof(*a->u.arr.v));
			a->u.arr.v[pos] = args[i];
		}
		*out = a;
		return 0;
	}
	case M_POP:
	case M_SHIFT:
		if (arity(r, loc, nargs, 0, 0) < 0)
			return ERB_ERR;
		if (!a->u.arr.n) {
			*out = val_undef();
			return 0;
		}
		if (mid == M_POP) {
			*out = a->u.arr.v[--a->u.arr.n];
		} else {
			*out = a->u.arr.v[0];
			remove_at(a, 0);
		}
		return 0;
	case M_DELETE:
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		*out = val_undef();
		for (size_t i = 0; i < a->u.arr.n;) {
			bool e;
			if (erb_eq(&e, r, a->u.arr.v[i], args[0], loc) < 0)
				return ERB_ERR;
			if (e) {
				*out = a->u.arr.v[i];
				remove_at(a, i);
			} else {
				i++;
			}
		}
		return 0;
	case M_DELETE_AT: {
		int64_t i = 0;
		if (arity(r, loc, nargs, 1, 1) < 0 || need_int(&i, r, args[0], loc) < 0)
			return ERB_ERR;
		if (i < 0)
			i += (int64_t)a->u.arr.n;
		if (i < 0 || i >= (int64_t)a->u.arr.n) {
			*out = val_undef();
			return 0;
		}
		*out = a->u.arr.v[i];
		remove_at(a, (size_t)i);
		return 0;
	}
	case M_DELETE_IF: case M_REJECT_B: case M_SELECT_B: case M_KEEP_IF: {
		if (!blk)
			return no_block(r, loc, mid);
		bool keep_truthy = mid == M_SELECT_B || mid == M_KEEP_IF;
		size_t before = a->u.arr.n, w = 0;
		for (size_t i = 0; i < a->u.arr.n; i++) {
			if ((rc = yield1(&v, r, blk, a->u.arr.v[i])))
				return rc;
			if (erb_truthy(v) == keep_truthy)
				a->u.arr.v[w++] = a->u.arr.v[i];
		}
		a->u.arr.n = w;
		*out = (mid == M_REJECT_B || mid == M_SELECT_B) && w == before ?
			       val_undef() : a;
		return 0;
	}
	case M_MAP_B:
		if (!blk)
			return no_block(r, loc, mid);
		for (size_t i = 0; i < a->u.arr.n; i++) {
			if ((rc = yield1(&v, r, blk, a->u.arr.v[i])))
				return rc;
			if (erb_check_insert(r, a, v, loc) < 0)
				return ERB_ERR;
			a->u.arr.v[i] = v;
		}
		*out = a;
		return 0;
	case M_COMPACT:
	case M_COMPACT_B: {
		res = val_array(r->a, a->u.arr.n);
		for (size_t i = 0; i < a->u.arr.n; i++)
			if (a->u.arr.v[i]->kind != VAL_UNDEF)
				val_array_push(r->a, res, a->u.arr.v[i]);
		if (mid == M_COMPACT) {
			*out = res;
			return 0;
		}
		bool same = res->u.arr.n == a->u.arr.n;
		memcpy(a->u.arr.v, res->u.arr.v, res->u.arr.n * sizeof(*res->u.arr.v));
		a->u.arr.n = res->u.arr.n;
		*out = same ? val_undef() : a;
		return 0;
	}
	case M_FLATTEN:
	case M_FLATTEN_B: {
		int64_t depth = -1;
		if (arity(r, loc, nargs, 0, 1) < 0 ||
		    (nargs && args[0]->kind != VAL_UNDEF &&
		     need_int(&depth, r, args[0], loc) < 0))
			return ERB_ERR;
		res = val_array(r->a, a->u.arr.n);
		if (flatten_into(r, res, a, depth, 0, loc) < 0)
			return ERB_ERR;
		if (mid == M_FLATTEN) {
			*out = res;
			return 0;
		}
		bool changed = false;
		for (size_t i = 0; i < a->u.arr.n; i++)
			changed |= a->u.arr.v[i]->kind == VAL_ARRAY;
		a->u.arr.v = res->u.arr.v;
		a->u.arr.n = res->u.arr.n;
		a->u.arr.alloc = res->u.arr.alloc;
		*out = changed ? a : val_undef();
		return 0;
	}
	case M_UNIQ_B:
	case M_SORT_B:
	case M_SORT_BY_B:
	case M_REVERSE_B: {
		int inner = mid == M_UNIQ_B ? M_UNIQ : mid == M_SORT_B ? M_SORT :
			    mid == M_SORT_BY_B ? M_SORT_BY : M_REVERSE;
		if ((rc = erb_array_method(&res, r, a, inner, name, args, nargs, blk,
					   loc)))
			return rc;
		size_t before = a->u.arr.n;
		memcpy(a->u.arr.v, res->u.arr.v, res->u.arr.n * sizeof(*res->u.arr.v));
		a->u.arr.n = res->u.arr.n;
		*out = mid == M_UNIQ_B && before == res->u.arr.n ? val_undef() : a;
		return 0;
	}
	case M_REVERSE:
		res = val_array(r->a, a->u.arr.n);
		for (size_t i = a->u.arr.n; i-- > 0;)
			val_array_push(r->a, res, a->u.arr.v[i]);
		*out = res;
		return 0;
	case M_ROTATE: {
		int64_t k = 1;
		if (arity(r, loc, nargs, 0, 1) < 0 ||
		    (nargs && need_int(&k, r, args[0], loc) < 0))
			return ERB_ERR;
		size_t n = a->u.arr.n;
		res = val_array(r->a, n);
		for (size_t i = 0; i < n; i++) {
			int64_t j = ((int64_t)i + k) % (int64_t)n;
			if (j < 0)
				j += (int64_t)n;
			val_array_push(r->a, res, a->u.arr.v[j]);
		}
		*out = res;
		return 0;
	}
	case M_CLEAR:
		a->u.arr.n = 0;
		*out = a;
		return 0;
	case M_REPLACE:
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_ARRAY)
			return erb_error(r, loc, "no implicit conversion into Array");
		res = arr_of(r, args[0]->u.arr.v, args[0]->u.arr.n);
		a->u.arr.v = res->u.arr.v;
		a->u.arr.n = res->u.arr.n;
		a->u.arr.alloc = res->u.arr.alloc;
		*out = a;
		return 0;
	case M_JOIN: {
		if (arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		struct value *sep = nargs && args[0]->kind != VAL_UNDEF ? args[0] : NULL;
		if (sep && sep->kind != VAL_STRING)
			return erb_error(r, loc, "no implicit conversion of %s into String",
					 erb_class_names[erb_class_of(r, sep)]);
		struct buf b = BUF_INIT;
		bool first = true;
		rc = join_into(r, &b, a, sep, &first, 0, loc);
		if (rc == 0)
			*out = val_str(r->a, b.ptr, b.len);
		buf_release(&b);
		return rc;
	}
	case M_EMPTY:
		*out = val_bool(!a->u.arr.n);
		return arity(r, loc, nargs, 0, 0);
	case M_LENGTH:
	case M_SIZE:
		*out = val_int(r->a, (int64_t)a->u.arr.n);
		return arity(r, loc, nargs, 0, 0);
	case M_RINDEX:
		if (arity(r, loc, nargs, blk ? 0 : 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = a->u.arr.n; i-- > 0;) {
			bool hit;
			if (nargs) {
				if (erb_eq(&hit, r, a->u.arr.v[i], args[0], loc) < 0)
					return ERB_ERR;
			} else {
				if ((rc = yield1(&v, r, blk, a->u.arr.v[i])))
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
	case M_PLUS:
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_ARRAY)
			return erb_error(r, loc, "no implicit conversion of %s into Array",
					 args[0]->kind == VAL_UNDEF ? "nil" :
					 erb_class_names[erb_class_of(r, args[0])]);
		res = arr_of(r, a->u.arr.v, a->u.arr.n);
		for (size_t i = 0; i < args[0]->u.arr.n; i++)
			val_array_push(r->a, res, args[0]->u.arr.v[i]);
		*out = res;
		return 0;
	case M_MINUS:
	case M_AMP:
	case M_PIPE:
	case M_UNION:
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return array_set_ops(out, r, a, mid == M_UNION ? M_PIPE : mid,
				     args[0], loc);
	case M_MUL: {
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind == VAL_STRING)
			return erb_array_method(out, r, a, M_JOIN, "join", args, 1, NULL,
						loc);
		int64_t k = 0;
		if (need_int(&k, r, args[0], loc) < 0)
			return ERB_ERR;
		if (k < 0)
			return erb_error(r, loc, "negative argument");
		if (a->u.arr.n && (uint64_t)k > r->max_bytes / 8 / a->u.arr.n)
			return erb_room(r, loc, SIZE_MAX / 2);
		res = val_array(r->a, a->u.arr.n * (size_t)k);
		for (int64_t i = 0; i < k; i++)
			for (size_t j = 0; j < a->u.arr.n; j++)
				val_array_push(r->a, res, a->u.arr.v[j]);
		*out = res;
		return 0;
	}
	case M_CMP: {
		int c;
		bool ok;
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_ARRAY) {
			*out = val_undef();
			return 0;
		}
		if (erb_cmp(&c, &ok, r, a, args[0], loc) < 0)
			return ERB_ERR;
		*out = ok ? val_int(r->a, c) : val_undef();
		return 0;
	}
	case M_VALUES_AT:
		res = val_array(r->a, nargs);
		for (size_t i = 0; i < nargs; i++) {
			if (array_aref(&v, r, a, &args[i], 1, loc) < 0)
				return ERB_ERR;
			val_array_push(r->a, res, v);
		}
		*out = res;
		return 0;
	case M_ASSOC:
	case M_RASSOC:
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = 0; i < a->u.arr.n; i++) {
			struct value *e = a->u.arr.v[i];
			bool hit;
			size_t k = mid == M_ASSOC ? 0 : 1;
			if (e->kind != VAL_ARRAY || e->u.arr.n <= k)
				continue;
			if (erb_eq(&hit, r, e->u.arr.v[k], args[0], loc) < 0)
				return ERB_ERR;
			if (hit) {
				*out = e;
				return 0;
			}
		}
		*out = val_undef();
		return 0;
	case M_PRODUCT: {
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_ARRAY)
			return erb_error(r, loc, "no implicit conversion into Array");
		struct value *b = args[0];
		if (erb_room(r, loc, a->u.arr.n * b->u.arr.n * 64) < 0)
			return ERB_ERR;
		res = val_array(r->a, a->u.arr.n * b->u.arr.n);
		for (size_t i = 0; i < a->u.arr.n; i++)
			for (size_t j = 0; j < b->u.arr.n; j++)
				val_array_push(r->a, res, erb_pair(r, a->u.arr.v[i],
								   b->u.arr.v[j]));
		*out = res;
		return 0;
	}
	case M_TO_A:
	case M_ENTRIES:
		*out = a;
		return 0;
	case M_TRANSPOSE: {
		size_t cols = 0;
		for (size_t i = 0; i < a->u.arr.n; i++) {
			struct value *row = a->u.arr.v[i];
			if (row->kind != VAL_ARRAY)
				return erb_error(r, loc, "no implicit conversion of %s into Array",
						 erb_class_names[erb_class_of(r, row)]);
			if (i && row->u.arr.n != cols)
				return erb_error(r, loc, "element size differs (%zu should be %zu)",
						 row->u.arr.n, cols);
			cols = row->u.arr.n;
		}
		res = val_array(r->a, cols);
		for (size_t c = 0; c < cols; c++) {
			struct value *col = val_array(r->a, a->u.arr.n);
			for (size_t i = 0; i < a->u.arr.n; i++)
				val_array_push(r->a, col, a->u.arr.v[i]->u.arr.v[c]);
			val_array_push(r->a, res, col);
		}
		*out = res;
		return 0;
	}
	case M_EACH_INDEX:
		if (!blk)
			return no_block(r, loc, mid);
		for (size_t i = 0; i < a->u.arr.n; i++) {
			struct value *iv = val_int(r->a, (int64_t)i);
			if ((rc = yield1(&v, r, blk, iv)))
				return rc;
		}
		*out = a;
		return 0;
	case M_EACH:
		/* elements pushed during the loop are visited, as in Ruby */
		if (!blk)
			break;
		for (size_t i = 0; i < a->u.arr.n; i++)
			if ((rc = yield1(&v, r, blk, a->u.arr.v[i])))
				return rc;
		*out = a;
		return 0;
	default:
		break;
	}
	return enum_common(out, r, a, it, mid, args, nargs, blk, loc);
}

/* ---- Hash ---- */

static int yield_kv(struct value **out, struct erb_run *r, struct erb_blk *b,
		    struct value *h, size_t i)
{
	struct value *a2[2] = { h->u.h.e[i].key, h->u.h.e[i].val };
	return erb_yield(out, r, b, a2, 2);
}

static int hash_merge(struct value **out, struct erb_run *r, struct value *h,
		      bool in_place, struct value **args, size_t nargs,
		      struct erb_blk *blk, struct srcloc loc)
{
	struct value *res = in_place ? h : val_hash_copy(r->a, h);
	for (size_t a = 0; a < nargs; a++) {
		struct value *o = args[a];
		if (o->kind != VAL_HASH)
			return erb_error(r, loc, "no implicit conversion of %s into Hash",
					 o->kind == VAL_UNDEF ? "nil" :
					 erb_class_names[erb_class_of(r, o)]);
		for (size_t i = 0; i < o->u.h.n; i++) {
			struct value *k = o->u.h.e[i].key, *v = o->u.h.e[i].val;
			struct value *cur = blk ? val_hash_get(res, k) : NULL;
			if (cur) {
				struct value *a3[3] = { k, cur, v };
				int rc = erb_yield(&v, r, blk, a3, 3);
				if (rc)
					return rc;
			}
			if (erb_hash_set(r, res, k, v, loc) < 0)
				return ERB_ERR;
		}
	}
	*out = res;
	return 0;
}

static int hash_filter(struct value **out, struct erb_run *r, struct value *h,
		       int mid, struct erb_blk *blk, struct srcloc loc)
{
	bool keep_truthy = mid == M_SELECT || mid == M_FILTER ||
			   mid == M_SELECT_B || mid == M_KEEP_IF;
	bool in_place = mid == M_SELECT_B || mid == M_KEEP_IF ||
			mid == M_REJECT_B || mid == M_DELETE_IF;
	if (!blk)
		return no_block(r, loc, mid);
	struct value *res = val_hash(r->a, h->u.h.n), *v;
	for (size_t i = 0; i < h->u.h.n; i++) {
		int rc = yield_kv(&v, r, blk, h, i);
		if (rc)
			return rc;
		if (erb_truthy(v) == keep_truthy)
			val_hash_set(r->a, res, h->u.h.e[i].key, h->u.h.e[i].val);
	}
	if (!in_place) {
		*out = res;
		return 0;
	}
	bool changed = res->u.h.n != h->u.h.n;
	*h = *res;
	*out = changed || mid == M_KEEP_IF || mid == M_DELETE_IF ? h : val_undef();
	(void)loc;
	return 0;
}

int erb_hash_method(struct value **out, struct erb_run *r, struct value *h,
		    int mid, const char *name, struct value **args,
		    size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	struct value *res, *v;
	int rc;
	(void)name;
	switch (mid) {
	case M_AREF:
		if (arity(r, loc, nargs, 1, 1) < 0 || erb_check_depth(r, args[0], loc) < 0)
			return ERB_ERR;
		v = val_hash_get(h, args[0]);
		*out = v ? v : val_undef();
		return 0;
	case M_ASET:
	case M_STORE:
		if (arity(r, loc, nargs, 2, 2) < 0 ||
		    erb_hash_set(r, h, args[0], args[1], loc) < 0)
			return ERB_ERR;
		*out = args[1];
		return 0;
	case M_FETCH:
		if (arity(r, loc, nargs, 1, 2) < 0 || erb_check_depth(r, args[0], loc) < 0)
			return ERB_ERR;
		v = val_hash_get(h, args[0]);
		if (v) {
			*out = v;
			return 0;
		}
		if (blk)
			return yield1(out, r, blk, args[0]);
		if (nargs > 1) {
			*out = args[1];
			return 0;
		} else {
			struct buf k = BUF_INIT;
			erb_inspect(r, &k, args[0], loc);
			rc = erb_error(r, loc, "key not found: %s", k.ptr);
			buf_release(&k);
			return rc;
		}
	case M_DIG:
		if (arity(r, loc, nargs, 1, 64) < 0 || erb_check_depth(r, args[0], loc) < 0)
			return ERB_ERR;
		v = val_hash_get(h, args[0]);
		if (!v)
			v = val_undef();
		if (nargs == 1 || v->kind == VAL_UNDEF) {
			*out = v;
			return 0;
		}
		return erb_send(out, r, v, M_DIG, "dig", args + 1, nargs - 1, NULL, loc);
	case M_KEY_P:
	case M_HAS_KEY:
	case M_INCLUDE:
	case M_MEMBER:
		if (arity(r, loc, nargs, 1, 1) < 0 || erb_check_depth(r, args[0], loc) < 0)
			return ERB_ERR;
		*out = val_bool(val_hash_get(h, args[0]) != NULL);
		return 0;
	case M_VALUE_P:
	case M_HAS_VALUE:
	case M_KEY:
		if (arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = 0; i < h->u.h.n; i++) {
			bool e;
			if (erb_eq(&e, r, h->u.h.e[i].val, args[0], loc) < 0)
				return ERB_ERR;
			if (e) {
				*out = mid == M_KEY ? h->u.h.e[i].key : val_bool(true);
				return 0;
			}
		}
		*out = mid == M_KEY ? val_undef() : val_bool(false);
		return 0;
	case M_KEYS:
	case M_VALUES:
		res = val_array(r->a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			val_array_push(r->a, res, mid == M_KEYS ? h->u.h.e[i].key :
								  h->u.h.e[i].val);
		*out = res;
		return arity(r, loc, nargs, 0, 0);
	case M_VALUES_AT:
		res = val_array(r->a, nargs);
		for (size_t i = 0; i < nargs; i++) {
			if (erb_check_depth(r, args[i], loc) < 0)
				return ERB_ERR;
			v = val_hash_get(h, args[i]);
			val_array_push(r->a, res, v ? v : val_undef());
		}
		*out = res;
		return 0;
	case M_LENGTH:
	case M_SIZE:
		*out = val_int(r->a, (int64_t)h->u.h.n);
		return arity(r, loc, nargs, 0, 0);
	case M_EMPTY:
		*out = val_bool(!h->u.h.n);
		return arity(r, loc, nargs, 0, 0);
	case M_DELETE:
		if (arity(r, loc, nargs, 1, 1) < 0 || erb_check_depth(r, args[0], loc) < 0)
			return ERB_ERR;
		v = val_hash_get(h, args[0]);
		if (!v) {
			if (blk)
				return yield1(out, r, blk, args[0]);
			*out = val_undef();
			return 0;
		}
		*h = *val_hash_delete(r->a, h, args[0]);
		*out = v;
		return 0;
	case M_MERGE:
	case M_MERGE_B:
	case M_UPDATE:
		return hash_merge(out, r, h, mid != M_MERGE, args, nargs, blk, loc);
	case M_SELECT: case M_FILTER: case M_REJECT: case M_SELECT_B:
	case M_REJECT_B: case M_KEEP_IF: case M_DELETE_IF:
		return hash_filter(out, r, h, mid, blk, loc);
	case M_EACH:
	case M_EACH_PAIR:
		if (!blk)
			break;
		for (size_t i = 0; i < h->u.h.n; i++) {
			v = erb_pair(r, h->u.h.e[i].key, h->u.h.e[i].val);
			if ((rc = yield1(&res, r, blk, v)))
				return rc;
		}
		*out = h;
		return 0;
	case M_EACH_KEY:
	case M_EACH_VALUE:
		if (!blk)
			return no_block(r, loc, mid);
		for (size_t i = 0; i < h->u.h.n; i++)
			if ((rc = yield1(&res, r, blk, mid == M_EACH_KEY ? h->u.h.e[i].key :
								 h->u.h.e[i].val)))
				return rc;
		*out = h;
		return 0;
	case M_TRANSFORM_VALUES:
	case M_TRANSFORM_KEYS:
		if (!blk)
			return no_block(r, loc, mid);
		res = val_hash(r->a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++) {
			struct value *k = h->u.h.e[i].key, *x = h->u.h.e[i].val;
			if ((rc = yield1(&v, r, blk, mid == M_TRANSFORM_KEYS ? k : x)))
				return rc;
			if (erb_hash_set(r, res, mid == M_TRANSFORM_KEYS ? v : k,
					 mid == M_TRANSFORM_KEYS ? x : v, loc) < 0)
				return ERB_ERR;
		}
		*out = res;
		return 0;
	case M_INVERT:
		res = val_hash(r->a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			if (erb_hash_set(r, res, h->u.h.e[i].val, h->u.h.e[i].key, loc) < 0)
				return ERB_ERR;
		*out = res;
		return 0;
	case M_COMPACT:
		res = val_hash(r->a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			if (h->u.h.e[i].val->kind != VAL_UNDEF)
				val_hash_set(r->a, res, h->u.h.e[i].key, h->u.h.e[i].val);
		*out = res;
		return 0;
	case M_EXCEPT:
	case M_SLICE:
		res = val_hash(r->a, h->u.h.n);
		for (size_t i = 0; i < nargs; i++)
			if (erb_check_depth(r, args[i], loc) < 0)
				return ERB_ERR;
		if (mid == M_SLICE) {
			for (size_t i = 0; i < nargs; i++)
				if ((v = val_hash_get(h, args[i])))
					val_hash_set(r->a, res, args[i], v);
		} else {
			for (size_t i = 0; i < h->u.h.n; i++) {
				bool drop = false;
				for (size_t k = 0; k < nargs && !drop; k++)
					drop = val_identical(h->u.h.e[i].key, args[k]);
				if (!drop)
					val_hash_set(r->a, res, h->u.h.e[i].key, h->u.h.e[i].val);
			}
		}
		*out = res;
		return 0;
	case M_CLEAR:
		h->u.h.n = 0;
		h->u.h.index = NULL;
		h->u.h.icap = 0;
		*out = h;
		return 0;
	case M_TO_H:
		if (!blk) {
			*out = h;
			return 0;
		}
		break;
	case M_COUNT_M:
		if (!nargs && !blk) {
			*out = val_int(r->a, (int64_t)h->u.h.n);
			return 0;
		}
		break;
	case M_MIN_BY:
	case M_MAX_BY:
	case M_SORT_BY:
		break;
	default:
		break;
	}
	struct value *list;
	if (erb_to_list(&list, r, h, loc) < 0)
		return ERB_ERR;
	struct items it = { list->u.arr.v, list->u.arr.n };
	return enum_common(out, r, h, it, mid, args, nargs, blk, loc);
}

/* ---- Range and Enumerator ---- */

static int with_index_fn(struct value **out, struct erb_run *r,
			 struct erb_blk *b, struct value **args, size_t nargs)
{
	struct value *item = nargs == 1 ? args[0] : arr_of(r, args, nargs);
	struct value *a2[2] = { item, b->data ? b->data : val_int(r->a, b->counter) };
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
		if (arity(r, loc, nargs, 1, 1) < 0)
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
		if (arity(r, loc, nargs, 1, 1) < 0 || need_int(&st, r, args[0], loc) < 0 ||
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
		*out = b < a ? val_undef() : val_int(r->a, mid == M_MIN ? a : b);
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
				if (arity(r, loc, nargs, 1, 1) < 0)
					return ERB_ERR;
				wb.data = args[0];
			} else if (mid == M_WITH_INDEX && nargs) {
				if (need_int(&wb.counter, r, args[0], loc) < 0)
					return ERB_ERR;
			}
			rc = erb_send(out, r, recv, emid, erb_method_names[emid],
				      eargs->u.arr.v, eargs->u.arr.n, &wb, loc);
			if (rc == 0 && mid == M_WITH_OBJECT)
				*out = args[0];
			return rc;
		}
		if (mid == M_EACH && blk)
			return erb_send(out, r, recv, emid, erb_method_names[emid],
					eargs->u.arr.v, eargs->u.arr.n, blk, loc);
		if (mid == M_WITH_INDEX || mid == M_EACH_WITH_INDEX) {
			/* no block: the [item, index] pairs */
			struct value *list, *pairs;
			int64_t off = 0;
			if (mid == M_WITH_INDEX && nargs &&
			    need_int(&off, r, args[0], loc) < 0)
				return ERB_ERR;
			if (erb_to_list(&list, r, e, loc) < 0)
				return ERB_ERR;
			pairs = val_array(r->a, list->u.arr.n);
			for (size_t i = 0; i < list->u.arr.n; i++)
				val_array_push(r->a, pairs,
					       erb_pair(r, list->u.arr.v[i],
							val_int(r->a, off + (int64_t)i)));
			*out = enumerator(r, pairs, M_EACH, NULL, 0);
			return 0;
		}
		if (mid == M_WITH_OBJECT)
			return no_block(r, loc, mid);
	}
	struct value *list;
	if (erb_to_list(&list, r, e, loc) < 0)
		return ERB_ERR;
	struct items it = { list->u.arr.v, list->u.arr.n };
	return enum_common(out, r, e, it, mid, args, nargs, blk, loc);
}
