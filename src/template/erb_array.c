/* SPDX-License-Identifier: MIT */
/* erb_array.c: Ruby's Array and Hash methods for ERB templates */
#include "util/compat.h"
#include "template/erb-internal.h"
#include "util/arena.h"

/*
 * Arrays and hashes change in place (<<, push, []=, merge!, delete ...),
 * as Ruby's do: a Puppet variable changed by a template stays changed,
 * as in Puppet. erb_check_insert keeps them acyclic and shallow. What is
 * not particular to Array or Hash is Enumerable (erb_coll.c).
 */

#define ERB_NOMETHOD 3

static int no_block(struct erb_run *r, struct srcloc loc, int mid)
{
	return erb_unsupported(r, loc, "'%s' without a block", erb_method_names[mid]);
}

static int yield1(struct value **out, struct erb_run *r, struct erb_blk *b,
		  struct value *v)
{
	return erb_yield(out, r, b, &v, 1);
}

static int push_checked(struct erb_run *r, struct value *arr, struct value *v,
			struct srcloc loc)
{
	if (erb_check_insert(r, arr, v, loc) < 0)
		return ERB_ERR;
	val_array_push(r->a, arr, v);
	return 0;
}

/* ---- Array ---- */

/* Resolves an index or start/length or range against n elements. */
static int slice_args(int64_t *start, int64_t *len, bool *single,
		      struct erb_run *r, struct value **args, size_t nargs,
		      size_t n, struct srcloc loc)
{
	*single = false;
	if (nargs == 1 && erb_is_obj(args[0], erb_t_range)) {
		struct value *lo = args[0]->u.t.params[0],
			     *hi = args[0]->u.t.params[1];
		int64_t a = 0, b = -1;
		if ((lo->kind != VAL_UNDEF &&
		     erb_need_int(&a, r, lo, loc) < 0) ||
		    (hi->kind != VAL_UNDEF && erb_need_int(&b, r, hi, loc) < 0))
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
	if (erb_need_int(start, r, args[0], loc) < 0)
		return ERB_ERR;
	if (*start < 0)
		*start += (int64_t)n;
	if (nargs == 1) {
		*single = true;
		*len = 1;
		return *start < 0 || *start >= (int64_t)n ? 1 : 0;
	}
	if (erb_need_int(len, r, args[1], loc) < 0)
		return ERB_ERR;
	return *start < 0 || *start > (int64_t)n || *len < 0 ? 1 : 0;
}

static int array_aref(struct value **out, struct erb_run *r, struct value *a,
		      struct value **args, size_t nargs, struct srcloc loc)
{
	int64_t start = 0, len = 0;
	bool single;
	if (erb_arity(r, loc, nargs, 1, 2) < 0)
		return ERB_ERR;
	int rc = slice_args(&start, &len, &single, r, args, nargs, a->u.arr.n,
			    loc);
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
	*out = erb_arr_slice(r, a->u.arr.v, (size_t)start, (size_t)len);
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
	struct erb_items it = { a->u.arr.v, a->u.arr.n };
	struct value *res, *v;
	int rc;
	(void)name;
	switch (mid) {
	case M_AREF:
	case M_SLICE:
		return array_aref(out, r, a, args, nargs, loc);
	case M_AT:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return array_aref(out, r, a, args, 1, loc);
	case M_ASET:
		return array_aset(out, r, a, args, nargs, loc);
	case M_DIG: {
		if (erb_arity(r, loc, nargs, 1, 64) < 0 ||
		    array_aref(&v, r, a, args, 1, loc) < 0)
			return ERB_ERR;
		if (nargs == 1 || v->kind == VAL_UNDEF) {
			*out = v;
			return 0;
		}
		return erb_send(out, r, v, M_DIG, "dig", args + 1, nargs - 1, NULL, loc);
	}
	case M_FETCH:
		if (erb_arity(r, loc, nargs, 1, 2) < 0 ||
		    array_aref(&v, r, a, args, 1, loc) < 0)
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
				return erb_error(
					r, loc,
					"index %lld outside of array bounds: %lld...%zu",
					(long long)args[0]->u.n.i,
					-(long long)a->u.arr.n, a->u.arr.n);
			}
		}
		*out = v;
		return 0;
	case M_LAST:
		if (erb_arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		if (!nargs) {
			*out = a->u.arr.n ? a->u.arr.v[a->u.arr.n - 1]
					  : val_undef();
			return 0;
		} else {
			int64_t k = 0;
			if (erb_need_int(&k, r, args[0], loc) < 0)
				return ERB_ERR;
			if (k < 0)
				return erb_error(r, loc, "negative array size");
			size_t m = (uint64_t)k < a->u.arr.n ? (size_t)k
							    : a->u.arr.n;
			*out = erb_arr_slice(r, a->u.arr.v, a->u.arr.n - m, m);
			return 0;
		}
	case M_PUSH:
	case M_APPEND:
	case M_LSHIFT:
		if (mid == M_LSHIFT && erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = 0; i < nargs; i++)
			if (push_checked(r, a, args[i], loc) < 0)
				return ERB_ERR;
		*out = a;
		return 0;
	case M_CONCAT:
		for (size_t i = 0; i < nargs; i++) {
			if (args[i]->kind != VAL_ARRAY)
				return erb_error(
					r, loc,
					"no implicit conversion of %s into Array",
					erb_class_names[erb_class_of(r,
								     args[i])]);
			struct value *src = args[i];
			size_t n = src->u.arr.n;
			for (size_t k = 0; k < n; k++)
				if (push_checked(r, a, src->u.arr.v[k], loc) <
				    0)
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
			if (erb_arity(r, loc, nargs, 1, 99) < 0 ||
			    erb_need_int(&at, r, args[0], loc) < 0)
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
		if (erb_arity(r, loc, nargs, 0, 0) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_need_int(&i, r, args[0], loc) < 0)
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
		if (res->u.arr.n)
			memcpy(a->u.arr.v, res->u.arr.v,
			       res->u.arr.n * sizeof(*res->u.arr.v));
		a->u.arr.n = res->u.arr.n;
		*out = same ? val_undef() : a;
		return 0;
	}
	case M_FLATTEN:
	case M_FLATTEN_B: {
		int64_t depth = -1;
		if (erb_arity(r, loc, nargs, 0, 1) < 0 ||
		    (nargs && args[0]->kind != VAL_UNDEF &&
		     erb_need_int(&depth, r, args[0], loc) < 0))
			return ERB_ERR;
		res = val_array(r->a, a->u.arr.n);
		if (erb_flatten_into(r, res, a, depth, 0, loc) < 0)
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
		int inner = mid == M_UNIQ_B	 ? M_UNIQ
			    : mid == M_SORT_B	 ? M_SORT
			    : mid == M_SORT_BY_B ? M_SORT_BY
						 : M_REVERSE;
		if ((rc = erb_array_method(&res, r, a, inner, name, args, nargs,
					   blk, loc)))
			return rc;
		size_t before = a->u.arr.n;
		if (res->u.arr.n)
			memcpy(a->u.arr.v, res->u.arr.v,
			       res->u.arr.n * sizeof(*res->u.arr.v));
		a->u.arr.n = res->u.arr.n;
		*out = mid == M_UNIQ_B && before == res->u.arr.n ? val_undef()
								 : a;
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
		if (erb_arity(r, loc, nargs, 0, 1) < 0 ||
		    (nargs && erb_need_int(&k, r, args[0], loc) < 0))
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_ARRAY)
			return erb_error(r, loc, "no implicit conversion into Array");
		res = erb_arr_of(r, args[0]->u.arr.v, args[0]->u.arr.n);
		a->u.arr.v = res->u.arr.v;
		a->u.arr.n = res->u.arr.n;
		a->u.arr.alloc = res->u.arr.alloc;
		*out = a;
		return 0;
	case M_JOIN: {
		if (erb_arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		struct value *sep =
			nargs && args[0]->kind != VAL_UNDEF ? args[0] : NULL;
		if (sep && sep->kind != VAL_STRING)
			return erb_error(r, loc, "no implicit conversion of %s into String",
					 erb_class_names[erb_class_of(r, sep)]);
		struct buf b = BUF_INIT;
		bool first = true;
		rc = erb_join_into(r, &b, a, sep, &first, 0, loc);
		if (rc == 0)
			*out = val_str(r->a, b.ptr, b.len);
		buf_release(&b);
		return rc;
	}
	case M_EMPTY:
		*out = val_bool(!a->u.arr.n);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_LENGTH:
	case M_SIZE:
		*out = val_int(r->a, (int64_t)a->u.arr.n);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_RINDEX:
		if (erb_arity(r, loc, nargs, blk ? 0 : 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = a->u.arr.n; i-- > 0;) {
			bool hit;
			if (nargs) {
				if (erb_eq(&hit, r, a->u.arr.v[i], args[0],
					   loc) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_ARRAY)
			return erb_error(
				r, loc,
				"no implicit conversion of %s into Array",
				args[0]->kind == VAL_UNDEF
					? "nil"
					: erb_class_names[erb_class_of(
						  r, args[0])]);
		res = erb_arr_of(r, a->u.arr.v, a->u.arr.n);
		for (size_t i = 0; i < args[0]->u.arr.n; i++)
			val_array_push(r->a, res, args[0]->u.arr.v[i]);
		*out = res;
		return 0;
	case M_MINUS:
	case M_AMP:
	case M_PIPE:
	case M_UNION:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return array_set_ops(out, r, a, mid == M_UNION ? M_PIPE : mid,
				     args[0], loc);
	case M_MUL: {
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind == VAL_STRING)
			return erb_array_method(out, r, a, M_JOIN, "join", args, 1, NULL,
						loc);
		int64_t k = 0;
		if (erb_need_int(&k, r, args[0], loc) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_ARRAY)
			return erb_error(r, loc, "no implicit conversion into Array");
		struct value *b = args[0];
		if (erb_room(r, loc, a->u.arr.n * b->u.arr.n * 64) < 0)
			return ERB_ERR;
		res = val_array(r->a, a->u.arr.n * b->u.arr.n);
		for (size_t i = 0; i < a->u.arr.n; i++)
			for (size_t j = 0; j < b->u.arr.n; j++)
				val_array_push(r->a, res,
					       erb_pair(r, a->u.arr.v[i],
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
				return erb_error(
					r, loc,
					"no implicit conversion of %s into Array",
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
				val_array_push(r->a, col,
					       a->u.arr.v[i]->u.arr.v[c]);
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
	return erb_enum_common(out, r, a, it, mid, args, nargs, blk, loc);
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
			val_hash_set(r->a, res, h->u.h.e[i].key,
				     h->u.h.e[i].val);
	}
	if (!in_place) {
		*out = res;
		return 0;
	}
	bool changed = res->u.h.n != h->u.h.n;
	*h = *res;
	*out = changed || mid == M_KEEP_IF || mid == M_DELETE_IF ? h
								 : val_undef();
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_check_depth(r, args[0], loc) < 0)
			return ERB_ERR;
		v = val_hash_get(h, args[0]);
		*out = v ? v : val_undef();
		return 0;
	case M_ASET:
	case M_STORE:
		if (erb_arity(r, loc, nargs, 2, 2) < 0 ||
		    erb_hash_set(r, h, args[0], args[1], loc) < 0)
			return ERB_ERR;
		*out = args[1];
		return 0;
	case M_FETCH:
		if (erb_arity(r, loc, nargs, 1, 2) < 0 ||
		    erb_check_depth(r, args[0], loc) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 64) < 0 ||
		    erb_check_depth(r, args[0], loc) < 0)
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
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_check_depth(r, args[0], loc) < 0)
			return ERB_ERR;
		*out = val_bool(val_hash_get(h, args[0]) != NULL);
		return 0;
	case M_VALUE_P:
	case M_HAS_VALUE:
	case M_KEY:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		for (size_t i = 0; i < h->u.h.n; i++) {
			bool e;
			if (erb_eq(&e, r, h->u.h.e[i].val, args[0], loc) < 0)
				return ERB_ERR;
			if (e) {
				*out = mid == M_KEY ? h->u.h.e[i].key
						    : val_bool(true);
				return 0;
			}
		}
		*out = mid == M_KEY ? val_undef() : val_bool(false);
		return 0;
	case M_KEYS:
	case M_VALUES:
		res = val_array(r->a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			val_array_push(r->a, res,
				       mid == M_KEYS ? h->u.h.e[i].key
						     : h->u.h.e[i].val);
		*out = res;
		return erb_arity(r, loc, nargs, 0, 0);
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
		return erb_arity(r, loc, nargs, 0, 0);
	case M_EMPTY:
		*out = val_bool(!h->u.h.n);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_DELETE:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_check_depth(r, args[0], loc) < 0)
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
		return hash_merge(out, r, h, mid != M_MERGE, args, nargs, blk,
				  loc);
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
			if ((rc = yield1(&res, r, blk,
					 mid == M_EACH_KEY ? h->u.h.e[i].key
							   : h->u.h.e[i].val)))
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
			if ((rc = yield1(&v, r, blk,
					 mid == M_TRANSFORM_KEYS ? k : x)))
				return rc;
			if (erb_hash_set(
				    r, res, mid == M_TRANSFORM_KEYS ? v : k,
				    mid == M_TRANSFORM_KEYS ? x : v, loc) < 0)
				return ERB_ERR;
		}
		*out = res;
		return 0;
	case M_INVERT:
		res = val_hash(r->a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			if (erb_hash_set(r, res, h->u.h.e[i].val,
					 h->u.h.e[i].key, loc) < 0)
				return ERB_ERR;
		*out = res;
		return 0;
	case M_COMPACT:
		res = val_hash(r->a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			if (h->u.h.e[i].val->kind != VAL_UNDEF)
				val_hash_set(r->a, res, h->u.h.e[i].key,
					     h->u.h.e[i].val);
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
					drop = val_identical(h->u.h.e[i].key,
							     args[k]);
				if (!drop)
					val_hash_set(r->a, res, h->u.h.e[i].key,
						     h->u.h.e[i].val);
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
	struct erb_items it = { list->u.arr.v, list->u.arr.n };
	return erb_enum_common(out, r, h, it, mid, args, nargs, blk, loc);
}
