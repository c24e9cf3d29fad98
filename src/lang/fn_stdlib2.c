/* SPDX-License-Identifier: MIT */
/* fn_stdlib2.c: stdlib's collection and data functions (concat, to_json…) */
#include "util/compat.h"
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <yaml.h>
#include "lang/fn_arg.h"
#include "lang/func.h"
#include "lang/regex.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"

/*
 * These are stdlib's 3.x-API functions: a top-level undef argument is ""
 * for them (fnarg_arg3), values compare with Ruby's == (fnarg_ruby_eq) or
 * eql? (val_identical), and their errors are stdlib's own words.
 */

static struct value *pair(struct arena *a, struct value *k, struct value *v)
{
	struct value *p = val_array(a, 2);
	val_array_push(a, p, k);
	val_array_push(a, p, v);
	return p;
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

static bool contains_identical(const struct value *arr, const struct value *v)
{
	for (size_t i = 0; i < arr->u.arr.n; i++)
		if (val_identical(arr->u.arr.v[i], v))
			return true;
	return false;
}

static struct value *deep_merge(struct arena *a, struct value *h1,
				struct value *h2)
{
	struct value *r = val_hash_copy(a, h1);
	for (size_t i = 0; i < h2->u.h.n; i++) {
		struct value *k = h2->u.h.e[i].key, *nv = h2->u.h.e[i].val;
		struct value *ov = val_hash_get(r, k);
		if (ov && ov->kind == VAL_HASH && nv->kind == VAL_HASH)
			nv = deep_merge(a, ov, nv);
		val_hash_set(a, r, k, nv);
	}
	return r;
}

static int fn_deep_merge(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2)
		return fn_error(c, "deep_merge(): wrong number of arguments (%zu; must be at least 2)",
				c->nargs);
	struct value *res = val_hash(c->arena, 8);
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *h = fnarg_arg3(c, i);
		if (h->kind == VAL_STRING && !h->u.s.len)
			continue;
		if (h->kind != VAL_HASH)
			return fn_error(c, "deep_merge: unexpected argument type %s, only expects hash arguments",
					fnarg_ruby_class(h));
		res = deep_merge(c->arena, res, h);
	}
	*out = res;
	return 0;
}

static int fn_concat(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2)
		return fn_error(c, "concat(): Wrong number of arguments given (%zu for < 2)",
				c->nargs);
	struct value *a = fnarg_arg3(c, 0);
	if (a->kind != VAL_ARRAY)
		return fn_error(c, "concat(): Requires array to work with");
	struct value *r = val_array_copy(c->arena, a);
	for (size_t i = 1; i < c->nargs; i++) {
		struct value *x = fnarg_arg3(c, i);
		if (x->kind == VAL_ARRAY)
			for (size_t k = 0; k < x->u.arr.n; k++)
				val_array_push(c->arena, r, x->u.arr.v[k]);
		else
			val_array_push(c->arena, r, x);
	}
	*out = r;
	return 0;
}

static int fn_has_key(struct value **out, struct fn_call *c)
{
	struct value *h = fnarg_arg3(c, 0);
	if (h->kind != VAL_HASH) {
		struct buf t = BUF_INIT;
		val_ruby_inspect(&t, h);
		fn_error(c, "has_key(): expects the first argument to be a hash, got %s which is of type %s",
			 t.ptr, fnarg_ruby_class(h));
		buf_release(&t);
		return -1;
	}
	*out = val_bool(val_hash_get(h, fnarg_arg3(c, 1)) != NULL);
	return 0;
}

static int fn_member(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0), *item = fnarg_arg3(c, 1);
	if (a->kind != VAL_ARRAY)
		return fn_error(c, "member(): Requires array to work with");
	if (item->kind != VAL_STRING && item->kind != VAL_INT &&
	    item->kind != VAL_ARRAY)
		return fn_error(c, "member(): Item to search for must be a string, fixnum, or array");
	if (item->kind == VAL_ARRAY && !item->u.arr.n)
		return fn_error(c, "member(): You must provide item to search for within array given");
	bool all = true;
	if (item->kind == VAL_ARRAY) {
		/* (item - array).empty? */
		for (size_t i = 0; i < item->u.arr.n; i++)
			if (!contains_identical(a, item->u.arr.v[i]))
				all = false;
	} else {
		all = contains_identical(a, item);
	}
	*out = val_bool(all);
	return 0;
}

static bool pickable(const struct value *v)
{
	return v->kind != VAL_UNDEF &&
	       !(v->kind == VAL_STRING && !v->u.s.len);
}

static int fn_pick(struct value **out, struct fn_call *c)
{
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = c->args[i];
		if (!pickable(v))
			continue;
		*out = v;
		return 0;
	}
	return fn_error(c, "pick(): must receive at least one non empty value");
}

static int fn_pick_default(struct value **out, struct fn_call *c)
{
	if (!c->nargs)
		return fn_error(c, "Must receive at least one argument.");
	for (size_t i = 0; i + 1 < c->nargs; i++) {
		if (pickable(c->args[i])) {
			*out = c->args[i];
			return 0;
		}
	}
	*out = c->args[c->nargs - 1];
	return 0;
}

static bool str2bool_true(const struct value *v)
{
	/* enough of str2bool for zip's flatten flag */
	if (v->kind == VAL_BOOL)
		return v->u.b;
	if (v->kind != VAL_STRING)
		return false;
	const char *t[] = { "1", "t", "y", "true", "yes" };
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strlen(t[i]) == v->u.s.len &&
		    !strncasecmp(v->u.s.ptr, t[i], v->u.s.len))
			return true;
	return false;
}

static int fn_zip(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2)
		return fn_error(c, "zip(): Wrong number of arguments given (%zu for 2)",
				c->nargs);
	struct value *a = fnarg_arg3(c, 0), *b = fnarg_arg3(c, 1);
	if (a->kind != VAL_ARRAY || b->kind != VAL_ARRAY)
		return fn_error(c, "zip(): Requires array to work with");
	bool flat = c->nargs > 2 && c->args[2]->kind != VAL_UNDEF &&
		    !(c->args[2]->kind == VAL_BOOL && !c->args[2]->u.b) &&
		    str2bool_true(c->args[2]);
	struct value *r = val_array(c->arena, a->u.arr.n * (flat ? 2 : 1));
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct value *y = i < b->u.arr.n ? b->u.arr.v[i] : val_undef();
		if (flat) {
			flatten_into(c->arena, r, a->u.arr.v[i]);
			flatten_into(c->arena, r, y);
		} else {
			struct value *p = pair(c->arena, a->u.arr.v[i], y);
			val_array_push(c->arena, r, p);
		}
	}
	*out = r;
	return 0;
}

static int fn_union(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2)
		return fn_error(c, "union(): Wrong number of arguments given (%zu for < 2)",
				c->nargs);
	/* Array#| keeps the first of eql? elements, in order */
	struct value *r = val_array(c->arena, 8);
	struct value *seen = val_hash(c->arena, 8);
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *a = fnarg_arg3(c, i);
		if (a->kind != VAL_ARRAY)
			return fn_error(c, "union(): Every parameter must be an array");
		for (size_t k = 0; k < a->u.arr.n; k++) {
			struct value *e = a->u.arr.v[k];
			if (val_hash_get(seen, e))
				continue;
			val_hash_set(c->arena, seen, e, val_bool(true));
			val_array_push(c->arena, r, e);
		}
	}
	*out = r;
	return 0;
}

static int fn_intersection(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0), *b = fnarg_arg3(c, 1);
	if (a->kind != VAL_ARRAY || b->kind != VAL_ARRAY)
		return fn_error(c, "intersection(): Requires 2 arrays, got %s and %s",
				fnarg_ruby_class(a), fnarg_ruby_class(b));
	struct value *r = val_array(c->arena, a->u.arr.n);
	for (size_t i = 0; i < a->u.arr.n; i++)
		if (contains_identical(b, a->u.arr.v[i]) &&
		    !contains_identical(r, a->u.arr.v[i]))
			val_array_push(c->arena, r, a->u.arr.v[i]);
	*out = r;
	return 0;
}

static int fn_difference(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0), *b = fnarg_arg3(c, 1);
	if (a->kind != VAL_ARRAY || b->kind != VAL_ARRAY)
		return fn_error(c, "difference(): Requires 2 arrays");
	struct value *r = val_array(c->arena, a->u.arr.n);
	for (size_t i = 0; i < a->u.arr.n; i++)
		if (!contains_identical(b, a->u.arr.v[i]))
			val_array_push(c->arena, r, a->u.arr.v[i]);
	*out = r;
	return 0;
}

static int fn_hash(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0);
	if (a->kind != VAL_ARRAY)
		return fn_error(c, "hash(): Requires array to work with");
	struct value *flat = val_array(c->arena, a->u.arr.n);
	flatten_into(c->arena, flat, a);
	if (flat->u.arr.n % 2)
		return fn_error(c, "hash(): Unable to compute hash from array given");
	struct value *h = val_hash(c->arena, flat->u.arr.n / 2);
	for (size_t i = 0; i < flat->u.arr.n; i += 2)
		val_hash_set(c->arena, h, flat->u.arr.v[i],
			     flat->u.arr.v[i + 1]);
	*out = h;
	return 0;
}

/* "N", "N..M", "N...M", "N-M" as values_at() and range() read them */
static bool parse_span(const char *s, size_t len, int64_t *from, int64_t *to,
		       bool *exclusive, bool *is_span)
{
	size_t i = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (!i || i > 18)
		return false;
	*from = strtoll(s, NULL, 10);
	*is_span = false;
	*exclusive = false;
	if (i == len) {
		*to = *from;
		return true;
	}
	size_t j = i;
	if (len - j >= 3 && !memcmp(s + j, "...", 3)) {
		*exclusive = true;
		j += 3;
	} else if (len - j >= 2 && !memcmp(s + j, "..", 2)) {
		j += 2;
	} else if (s[j] == '-') {
		j += 1;
	} else {
		return false;
	}
	size_t k = j;
	while (k < len && s[k] >= '0' && s[k] <= '9')
		k++;
	if (k == j || k != len || k - j > 18)
		return false;
	*to = strtoll(s + j, NULL, 10);
	*is_span = true;
	return true;
}

static int fn_values_at(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0);
	if (a->kind != VAL_ARRAY)
		return fn_error(c, "values_at(): Requires array to work with");
	struct value *idx = val_array(c->arena, 4);
	flatten_into(c->arena, idx, fnarg_arg3(c, 1));
	if (!idx->u.arr.n)
		return fn_error(c, "values_at(): You must provide at least one positive index to collect");
	struct value *r = val_array(c->arena, idx->u.arr.n);
	int64_t size = (int64_t)a->u.arr.n;
	for (size_t i = 0; i < idx->u.arr.n; i++) {
		struct buf t = BUF_INIT;
		fnarg_ruby_s(&t, idx->u.arr.v[i]);
		int64_t from, to;
		bool excl, span;
		bool ok = parse_span(t.ptr, t.len, &from, &to, &excl, &span);
		buf_release(&t);
		if (!ok)
			return fn_error(c, "values_at(): Unknown format of given index");
		if (span) {
			if (from > to)
				return fn_error(c, "values_at(): Stop index in given indices range is smaller than the start index");
			if (to > size - 1)
				return fn_error(c, "values_at(): Stop index in given indices range exceeds array size");
			for (int64_t k = from; excl ? k < to : k <= to; k++)
				val_array_push(c->arena, r, a->u.arr.v[k]);
		} else {
			if (from > size - 1)
				return fn_error(c, "values_at(): Given index exceeds array size");
			val_array_push(c->arena, r, a->u.arr.v[from]);
		}
	}
	/* .compact drops nil elements */
	size_t w = 0;
	for (size_t i = 0; i < r->u.arr.n; i++)
		if (r->u.arr.v[i]->kind != VAL_UNDEF)
			r->u.arr.v[w++] = r->u.arr.v[i];
	r->u.arr.n = w;
	*out = r;
	return 0;
}

static int fn_any2array(struct value **out, struct fn_call *c)
{
	if (!c->nargs) {
		*out = val_array(c->arena, 0);
		return 0;
	}
	if (c->nargs > 1) {
		struct value *r = val_array(c->arena, c->nargs);
		for (size_t i = 0; i < c->nargs; i++)
			val_array_push(c->arena, r, fnarg_arg3(c, i));
		*out = r;
		return 0;
	}
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind == VAL_ARRAY) {
		*out = v;
		return 0;
	}
	struct value *r = val_array(c->arena, 2);
	if (v->kind == VAL_STRING && !v->u.s.len) {
		*out = r;
		return 0;
	}
	if (v->kind == VAL_HASH) {
		for (size_t i = 0; i < v->u.h.n; i++) {
			val_array_push(c->arena, r, v->u.h.e[i].key);
			val_array_push(c->arena, r, v->u.h.e[i].val);
		}
	} else {
		val_array_push(c->arena, r, v);
	}
	*out = r;
	return 0;
}

static int fn_delete(struct value **out, struct fn_call *c)
{
	struct value *coll = fnarg_arg3(c, 0), *what = fnarg_arg3(c, 1);
	struct value *items = what->kind == VAL_ARRAY ? what : NULL;
	size_t nitems = items ? items->u.arr.n : 1;
	if (coll->kind != VAL_ARRAY && coll->kind != VAL_HASH &&
	    coll->kind != VAL_STRING)
		return fn_error(c, "delete(): First argument must be an Array, String, or Hash. Given an argument of class %s.",
				fnarg_ruby_class(coll));
	struct value *r = coll;
	for (size_t n = 0; n < nitems; n++) {
		struct value *item = items ? items->u.arr.v[n] : what;
		if (r->kind == VAL_ARRAY) {
			struct value *na = val_array(c->arena, r->u.arr.n);
			for (size_t i = 0; i < r->u.arr.n; i++) {
				struct value *e = r->u.arr.v[i];
				if (!fnarg_ruby_eq(e, item))
					val_array_push(c->arena, na, e);
			}
			r = na;
		} else if (r->kind == VAL_HASH) {
			r = val_hash_delete(c->arena, r, item);
		} else {
			if (item->kind != VAL_STRING)
				return fn_error(c, "wrong argument type %s (expected Regexp)",
						fnarg_ruby_class(item));
			if (!item->u.s.len)
				continue;
			struct buf b = BUF_INIT;
			const char *s = r->u.s.ptr;
			size_t len = r->u.s.len, i = 0;
			while (i < len) {
				if (len - i >= item->u.s.len &&
				    !memcmp(s + i, item->u.s.ptr,
					    item->u.s.len)) {
					i += item->u.s.len;
					continue;
				}
				buf_addch(&b, s[i++]);
			}
			r = val_str_buf(c->arena, &b);
			buf_release(&b);
		}
	}
	*out = r;
	return 0;
}

static int fn_delete_at(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0), *idx = fnarg_arg3(c, 1);
	if (a->kind != VAL_ARRAY)
		return fn_error(c, "delete_at(): Requires array to work with");
	int64_t i;
	if (idx->kind == VAL_STRING) {
		if (!idx->u.s.len || strspn(idx->u.s.ptr, "0123456789") != idx->u.s.len)
			return fn_error(c, "delete_at(): You must provide non-negative numeric index");
		i = strtoll(idx->u.s.ptr, NULL, 10);
	} else if (idx->kind == VAL_INT) {
		i = idx->u.n.i;
	} else if (idx->kind == VAL_FLOAT) {
		i = (int64_t)idx->u.f;
	} else {
		struct buf t = BUF_INIT;
		fnarg_ruby_s(&t, idx);
		fn_error(c, "undefined method `to_i' for %s:%s", t.ptr,
			 fnarg_ruby_class(idx));
		buf_release(&t);
		return -1;
	}
	if (i > (int64_t)a->u.arr.n - 1)
		return fn_error(c, "delete_at(): Given index exceeds size of array given");
	if (i < 0)
		i += (int64_t)a->u.arr.n;
	struct value *r = val_array(c->arena, a->u.arr.n);
	for (size_t k = 0; k < a->u.arr.n; k++)
		if ((int64_t)k != i)
			val_array_push(c->arena, r, a->u.arr.v[k]);
	*out = r;
	return 0;
}

static int fn_delete_values(struct value **out, struct fn_call *c)
{
	struct value *h = fnarg_arg3(c, 0), *item = fnarg_arg3(c, 1);
	if (h->kind != VAL_HASH)
		return fn_error(c, "delete_values(): First argument must be a Hash. Given an argument of class %s.",
				fnarg_ruby_class(h));
	struct value *r = val_hash(c->arena, h->u.h.n);
	for (size_t i = 0; i < h->u.h.n; i++)
		if (!fnarg_ruby_eq(item, h->u.h.e[i].val))
			val_hash_set(c->arena, r, h->u.h.e[i].key,
				     h->u.h.e[i].val);
	*out = r;
	return 0;
}

static int fn_delete_undef_values(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (v->kind == VAL_ARRAY) {
		struct value *r = val_array(c->arena, v->u.arr.n);
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (v->u.arr.v[i]->kind != VAL_UNDEF)
				val_array_push(c->arena, r, v->u.arr.v[i]);
		*out = r;
		return 0;
	}
	if (v->kind == VAL_HASH) {
		struct value *r = val_hash(c->arena, v->u.h.n);
		for (size_t i = 0; i < v->u.h.n; i++)
			if (v->u.h.e[i].val->kind != VAL_UNDEF)
				val_hash_set(c->arena, r, v->u.h.e[i].key,
					     v->u.h.e[i].val);
		*out = r;
		return 0;
	}
	struct buf t = BUF_INIT;
	fnarg_ruby_s(&t, fnarg_arg3(c, 0));
	fn_error(c, "delete_undef_values(): expected an array or hash, got %s type  %s ",
		 t.ptr, fnarg_ruby_class(fnarg_arg3(c, 0)));
	buf_release(&t);
	return -1;
}

/* Whether `s` matches /\b#{item}\b/ */
static int word_match(bool *hit, struct fn_call *c, const struct value *item,
		      const struct value *s)
{
	struct buf pat = BUF_INIT;
	buf_addstr(&pat, "\\b");
	fnarg_ruby_s(&pat, item);
	buf_addstr(&pat, "\\b");
	void *code;
	int rc = regex_compile_src(&code, c->arena, pat.ptr, pat.len, 0);
	buf_release(&pat);
	if (rc < 0)
		return fn_error(c, "%s", err_last());
	struct regex_hit h = REGEX_HIT_INIT;
	struct buf t = BUF_INIT;
	fnarg_ruby_s(&t, s);
	rc = regex_search(&h, code, t.ptr, t.len, 0, 0);
	buf_release(&t);
	regex_hit_release(&h);
	if (rc < 0)
		return fn_error(c, "%s", err_last());
	*hit = rc == 1;
	return 0;
}

static int fn_delete_regex(struct value **out, struct fn_call *c)
{
	struct value *coll = fnarg_arg3(c, 0), *what = fnarg_arg3(c, 1);
	if (coll->kind != VAL_ARRAY && coll->kind != VAL_HASH)
		return fn_error(c, "delete_regex(): First argument must be an Array, Hash, or String. Given an argument of class %s.",
				fnarg_ruby_class(coll));
	struct value *items = what->kind == VAL_ARRAY ? what : NULL;
	size_t nitems = items ? items->u.arr.n : 1;
	struct value *r = coll;
	for (size_t n = 0; n < nitems; n++) {
		struct value *item = items ? items->u.arr.v[n] : what;
		if (r->kind == VAL_ARRAY) {
			struct value *na = val_array(c->arena, r->u.arr.n);
			for (size_t i = 0; i < r->u.arr.n; i++) {
				bool hit = false;
				struct value *e = r->u.arr.v[i];
				if (word_match(&hit, c, item, e) < 0)
					return -1;
				if (!hit)
					val_array_push(c->arena, na, e);
			}
			r = na;
		} else {
			/* Hash#reject! hands a one-parameter block the key */
			struct value *nh = val_hash(c->arena, r->u.h.n);
			for (size_t i = 0; i < r->u.h.n; i++) {
				bool hit = false;
				struct val_hentry *e = &r->u.h.e[i];
				if (word_match(&hit, c, item, e->key) < 0)
					return -1;
				if (!hit)
					val_hash_set(c->arena, nh, e->key,
						     e->val);
			}
			r = nh;
		}
	}
	*out = r;
	return 0;
}

static int fn_reverse(struct value **out, struct fn_call *c)
{
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind == VAL_ARRAY) {
		struct value *r = val_array(c->arena, v->u.arr.n);
		for (size_t i = v->u.arr.n; i > 0; i--)
			val_array_push(c->arena, r, v->u.arr.v[i - 1]);
		*out = r;
		return 0;
	}
	if (v->kind != VAL_STRING)
		return fn_error(c, "reverse(): Requires either array or string to work with");
	struct buf b = BUF_INIT;
	const char *s = v->u.s.ptr;
	size_t len = v->u.s.len, e = len;
	/* characters in reverse order, each kept whole */
	while (e > 0) {
		size_t st = e - 1;
		while (st > 0 && ((unsigned char)s[st] & 0xc0) == 0x80 &&
		       e - st < 4)
			st--;
		if (fnarg_utf8_clen(s, len, st) != e - st)
			st = e - 1;
		buf_add(&b, s + st, e - st);
		e = st;
	}
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

static int fn_grep(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0), *p = fnarg_arg3(c, 1);
	void *code;
	struct buf src = BUF_INIT;
	if (p->kind == VAL_REGEX)
		buf_addf(&src, "/%s/", p->u.re.src); /* 3.x sees "/re/" */
	else
		fnarg_ruby_s(&src, p);
	int rc = regex_compile_src(&code, c->arena, src.ptr, src.len, 0);
	buf_release(&src);
	if (rc < 0)
		return fn_error(c, "%s", err_last());
	if (a->kind != VAL_ARRAY)
		return fn_error(c, "undefined method `grep' for %s",
				fnarg_ruby_class(a));
	struct value *r = val_array(c->arena, a->u.arr.n);
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct value *e = a->u.arr.v[i];
		if (e->kind != VAL_STRING)
			continue;
		struct regex_hit h = REGEX_HIT_INIT;
		rc = regex_search(&h, code, e->u.s.ptr, e->u.s.len, 0, 0);
		regex_hit_release(&h);
		if (rc < 0)
			return fn_error(c, "%s", err_last());
		if (rc == 1)
			val_array_push(c->arena, r, e);
	}
	*out = r;
	return 0;
}

static int fn_join_keys_to_values(struct value **out, struct fn_call *c)
{
	struct value *h = fnarg_arg3(c, 0), *sep = fnarg_arg3(c, 1);
	if (h->kind != VAL_HASH)
		return fn_error(c, "join_keys_to_values(): The first argument must be a hash, but a %s was given.",
				fnarg_ruby_class(h));
	if (sep->kind != VAL_STRING)
		return fn_error(c, "join_keys_to_values(): The second argument must be a string, but a %s was given.",
				fnarg_ruby_class(sep));
	struct value *r = val_array(c->arena, h->u.h.n);
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct value *k = h->u.h.e[i].key, *v = h->u.h.e[i].val;
		size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
		for (size_t j = 0; j < n; j++) {
			struct value *x = v;
			if (v->kind == VAL_ARRAY)
				x = v->u.arr.v[j];
			struct buf b = BUF_INIT, vs = BUF_INIT;
			fnarg_ruby_s(&b, k);
			fnarg_ruby_s(&vs, x);
			if (v->kind == VAL_ARRAY || strcmp(vs.ptr, "undef")) {
				buf_add(&b, sep->u.s.ptr, sep->u.s.len);
				buf_add(&b, vs.ptr, vs.len);
			}
			val_array_push(c->arena, r, val_str_buf(c->arena, &b));
			buf_release(&b);
			buf_release(&vs);
		}
	}
	*out = r;
	return 0;
}

static int prefix_suffix(struct value **out, struct fn_call *c, bool pre)
{
	struct value *e = fnarg_arg3(c, 0);
	if (e->kind != VAL_ARRAY && e->kind != VAL_HASH) {
		struct buf t = BUF_INIT;
		val_ruby_inspect(&t, e);
		fn_error(c, "%s(): expected first argument to be an Array or a Hash, got %s",
			 c->name, t.ptr);
		buf_release(&t);
		return -1;
	}
	struct value *p = c->nargs > 1 ? c->args[1] : val_undef();
	if (p->kind == VAL_BOOL && !p->u.b)
		p = val_undef();
	if (p->kind != VAL_UNDEF && p->kind != VAL_STRING) {
		struct buf t = BUF_INIT;
		val_ruby_inspect(&t, p);
		fn_error(c, "%s(): expected second argument to be a String, got %s",
			 c->name, t.ptr);
		buf_release(&t);
		return -1;
	}
	size_t n = e->kind == VAL_ARRAY ? e->u.arr.n : e->u.h.n;
	struct value *r = e->kind == VAL_ARRAY ? val_array(c->arena, n) :
						 val_hash(c->arena, n);
	for (size_t i = 0; i < n; i++) {
		struct value *x = e->kind == VAL_ARRAY ? e->u.arr.v[i] :
							 e->u.h.e[i].key;
		struct buf b = BUF_INIT;
		if (pre && p->kind == VAL_STRING)
			buf_add(&b, p->u.s.ptr, p->u.s.len);
		fnarg_ruby_s(&b, x);
		if (!pre && p->kind == VAL_STRING)
			buf_add(&b, p->u.s.ptr, p->u.s.len);
		struct value *s = val_str_buf(c->arena, &b);
		buf_release(&b);
		if (e->kind == VAL_ARRAY)
			val_array_push(c->arena, r, s);
		else
			val_hash_set(c->arena, r, s, e->u.h.e[i].val);
	}
	*out = r;
	return 0;
}

static int fn_prefix(struct value **out, struct fn_call *c)
{
	return prefix_suffix(out, c, true);
}

static int fn_suffix(struct value **out, struct fn_call *c)
{
	return prefix_suffix(out, c, false);
}

static int fn_count(struct value **out, struct fn_call *c)
{
	if (c->nargs > 2)
		return fn_error(c, "count(): Wrong number of arguments given %zu for 1 or 2.",
				c->nargs);
	struct value *coll = fnarg_arg3(c, 0);
	struct value *item = c->nargs > 1 ? fnarg_arg3(c, 1) : NULL;
	if (item && item->kind == VAL_BOOL && !item->u.b)
		item = NULL;
	int64_t n = 0;
	if (coll->kind == VAL_ARRAY) {
		for (size_t i = 0; i < coll->u.arr.n; i++) {
			struct value *e = coll->u.arr.v[i];
			if (item ? fnarg_ruby_eq(e, item) :
				   e->kind != VAL_UNDEF &&
				   !(e->kind == VAL_STRING && !e->u.s.len))
				n++;
		}
	} else if (coll->kind == VAL_HASH) {
		n = item ? 0 : (int64_t)coll->u.h.n;
	} else {
		return fn_error(c, "undefined method `count' for %s",
				fnarg_ruby_class(coll));
	}
	*out = val_int(c->arena, n);
	return 0;
}

/* ---- JSON ---- */

struct json_style {
	const char *indent, *space, *space_before, *object_nl, *array_nl;
};

/* Ruby's JSON generator: only ", \ and control characters are escaped */
static void json_str(struct buf *out, const char *s, size_t len)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"': buf_addstr(out, "\\\""); break;
		case '\\': buf_addstr(out, "\\\\"); break;
		case '\b': buf_addstr(out, "\\b"); break;
		case '\f': buf_addstr(out, "\\f"); break;
		case '\n': buf_addstr(out, "\\n"); break;
		case '\r': buf_addstr(out, "\\r"); break;
		case '\t': buf_addstr(out, "\\t"); break;
		default:
			if (ch < 0x20)
				buf_addf(out, "\\u%04x", ch);
			else
				buf_addch(out, ch);
		}
	}
	buf_addch(out, '"');
}

static void repeat(struct buf *out, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		buf_addstr(out, s);
}

static int json_gen(struct buf *out, struct fn_call *c, const struct value *v,
		    const struct json_style *st, int depth)
{
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, "null");
		return 0;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return 0;
	case VAL_INT:
		buf_addf(out, "%" PRId64, v->u.n.i);
		return 0;
	case VAL_FLOAT:
		if (isnan(v->u.f) || isinf(v->u.f)) {
			struct buf t = BUF_INIT;
			val_float_fmt(&t, v->u.f);
			fn_error(c, "920: %s not allowed in JSON", t.ptr);
			buf_release(&t);
			return -1;
		}
		val_float_fmt(out, v->u.f);
		return 0;
	case VAL_STRING:
		json_str(out, v->u.s.ptr, v->u.s.len);
		return 0;
	case VAL_ARRAY:
		buf_addch(out, '[');
		buf_addstr(out, st->array_nl);
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i) {
				buf_addch(out, ',');
				buf_addstr(out, st->array_nl);
			}
			repeat(out, st->indent, depth + 1);
			if (json_gen(out, c, v->u.arr.v[i], st, depth + 1) < 0)
				return -1;
		}
		buf_addstr(out, st->array_nl);
		repeat(out, st->indent, depth);
		buf_addch(out, ']');
		return 0;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addch(out, ',');
			buf_addstr(out, st->object_nl);
			repeat(out, st->indent, depth + 1);
			struct buf k = BUF_INIT;
			fnarg_ruby_s(&k, v->u.h.e[i].key);
			json_str(out, k.ptr, k.len);
			buf_release(&k);
			buf_addstr(out, st->space_before);
			buf_addch(out, ':');
			buf_addstr(out, st->space);
			struct value *hv = v->u.h.e[i].val;
			if (json_gen(out, c, hv, st, depth + 1) < 0)
				return -1;
		}
		buf_addstr(out, st->object_nl);
		repeat(out, st->indent, depth);
		buf_addch(out, '}');
		return 0;
	default: {
		/* default, regexps and types become their to_s */
		struct buf t = BUF_INIT;
		fnarg_ruby_s(&t, v);
		json_str(out, t.ptr, t.len);
		buf_release(&t);
		return 0;
	}
	}
}

static int fn_to_json(struct value **out, struct fn_call *c)
{
	static const struct json_style compact = { "", "", "", "", "" };
	struct buf b = BUF_INIT;
	if (json_gen(&b, c, c->args[0], &compact, 0) < 0) {
		buf_release(&b);
		return -1;
	}
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

static int fn_to_json_pretty(struct value **out, struct fn_call *c)
{
	struct value *data = c->args[0];
	if (data->kind != VAL_HASH && data->kind != VAL_ARRAY)
		return fnarg_mismatch(c, "data", "a value of type Hash or Array",
				      data);
	struct json_style st = { "  ", " ", "", "\n", "\n" };
	if (c->nargs > 1 && c->args[1]->kind != VAL_UNDEF &&
	    c->args[1]->kind != VAL_BOOL)
		return fnarg_mismatch(c, "skip_undef", "a value of type Undef or Boolean",
				      c->args[1]);
	bool skip = c->nargs > 1 && val_truthy(c->args[1]);
	if (c->nargs > 2 && c->args[2]->kind == VAL_HASH) {
		struct value *o = c->args[2];
		const char **fields[] = { &st.indent, &st.space,
					  &st.space_before, &st.object_nl,
					  &st.array_nl };
		const char *names[] = { "indent", "space", "space_before",
					"object_nl", "array_nl" };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			struct value *v = val_hash_get_str(o, names[i]);
			if (v && v->kind == VAL_STRING)
				*fields[i] = v->u.s.ptr;
		}
	}
	if (skip) {
		if (data->kind == VAL_ARRAY) {
			struct value *a = val_array(c->arena, data->u.arr.n);
			for (size_t i = 0; i < data->u.arr.n; i++) {
				struct value *e = data->u.arr.v[i];
				if (e->kind != VAL_UNDEF)
					val_array_push(c->arena, a, e);
			}
			data = a;
		} else {
			struct value *h = val_hash(c->arena, data->u.h.n);
			for (size_t i = 0; i < data->u.h.n; i++) {
				struct val_hentry *e = &data->u.h.e[i];
				if (e->val->kind != VAL_UNDEF)
					val_hash_set(c->arena, h, e->key,
						     e->val);
			}
			data = h;
		}
	}
	struct buf b = BUF_INIT;
	if (json_gen(&b, c, data, &st, 0) < 0) {
		buf_release(&b);
		return -1;
	}
	buf_addch(&b, '\n');
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

struct jparse {
	struct fn_call *c;
	const char *s, *p, *end;
	const char *err_at; /* where Ruby's parser would report */
	int err_code;       /* 859 or 451, Ruby's parser.rl lines */
};

static void jws(struct jparse *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int jfail(struct jparse *j, const char *at, int code)
{
	if (!j->err_at) {
		j->err_at = at;
		j->err_code = code;
	}
	return -1;
}

static int hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		char ch = p[i];
		int d = ch >= '0' && ch <= '9' ? ch - '0' :
			ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
			ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

static int jstring(struct value **out, struct jparse *j)
{
	const char *start = j->p++;
	struct buf b = BUF_INIT;
	while (j->p < j->end && *j->p != '"') {
		char ch = *j->p++;
		if ((unsigned char)ch < 0x20) {
			buf_release(&b);
			return jfail(j, start, 859);
		}
		if (ch != '\\') {
			buf_addch(&b, ch);
			continue;
		}
		if (j->p >= j->end)
			break;
		char e = *j->p++;
		uint32_t cp;
		switch (e) {
		case 'b': buf_addch(&b, '\b'); break;
		case 'f': buf_addch(&b, '\f'); break;
		case 'n': buf_addch(&b, '\n'); break;
		case 'r': buf_addch(&b, '\r'); break;
		case 't': buf_addch(&b, '\t'); break;
		case 'u':
			if (j->end - j->p < 4 || hex4(j->p, &cp) < 0) {
				buf_release(&b);
				return jfail(j, start, 859);
			}
			j->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 &&
			    j->p[0] == '\\' && j->p[1] == 'u') {
				uint32_t lo;
				if (hex4(j->p + 2, &lo) == 0 && lo >= 0xdc00 &&
				    lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
					j->p += 6;
				}
			}
			fnarg_utf8_put(&b, cp);
			break;
		default:
			buf_addch(&b, e);
		}
	}
	if (j->p >= j->end) {
		buf_release(&b);
		return jfail(j, start, 859);
	}
	j->p++;
	*out = val_str_buf(j->c->arena, &b);
	buf_release(&b);
	return 0;
}

static int jvalue(struct value **out, struct jparse *j, int depth);

static int jnumber(struct value **out, struct jparse *j)
{
	const char *st = j->p, *p = j->p;
	if (p < j->end && *p == '-')
		p++;
	if (p >= j->end || *p < '0' || *p > '9')
		return jfail(j, st, 859);
	if (*p == '0' && p + 1 < j->end && p[1] >= '0' && p[1] <= '9')
		return jfail(j, st, 859);
	while (p < j->end && *p >= '0' && *p <= '9')
		p++;
	bool real = false;
	if (p + 1 < j->end && *p == '.' && p[1] >= '0' && p[1] <= '9') {
		real = true;
		p++;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		const char *q = p + 1;
		if (q < j->end && (*q == '+' || *q == '-'))
			q++;
		if (q < j->end && *q >= '0' && *q <= '9') {
			real = true;
			p = q;
			while (p < j->end && *p >= '0' && *p <= '9')
				p++;
		}
	}
	struct buf t = BUF_INIT;
	buf_add(&t, st, (size_t)(p - st));
	errno = 0;
	if (!real) {
		long long n = strtoll(t.ptr, NULL, 10);
		if (errno)
			real = true;
		else
			*out = val_int(j->c->arena, n);
	}
	if (real)
		*out = val_float(j->c->arena, strtod(t.ptr, NULL));
	buf_release(&t);
	j->p = p;
	return 0;
}

static bool jword(struct jparse *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) >= n && !memcmp(j->p, w, n)) {
		j->p += n;
		return true;
	}
	return false;
}

static int jvalue(struct value **out, struct jparse *j, int depth)
{
	jws(j);
	const char *st = j->p;
	if (depth > 100)
		return fn_error(j->c, "nesting of %d is too deep", depth);
	if (j->p >= j->end)
		return jfail(j, st, 859);
	switch (*j->p) {
	case '"':
		return jstring(out, j);
	case '{': {
		struct value *h = val_hash(j->c->arena, 4);
		j->p++;
		jws(j);
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			*out = h;
			return 0;
		}
		for (;;) {
			jws(j);
			struct value *k, *v;
			if (j->p >= j->end || *j->p != '"' || jstring(&k, j) < 0)
				return jfail(j, st, 859);
			jws(j);
			if (j->p >= j->end || *j->p != ':')
				return jfail(j, st, 859);
			j->p++;
			if (jvalue(&v, j, depth + 1) < 0)
				return jfail(j, st, 859);
			val_hash_set(j->c->arena, h, k, v);
			jws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == '}') {
				j->p++;
				*out = h;
				return 0;
			}
			return jfail(j, st, 859);
		}
	}
	case '[': {
		struct value *a = val_array(j->c->arena, 4);
		j->p++;
		jws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			*out = a;
			return 0;
		}
		for (;;) {
			struct value *v;
			jws(j);
			if (jvalue(&v, j, depth + 1) < 0) {
				j->err_at = j->p;
				j->err_code = 451;
				return -1;
			}
			val_array_push(j->c->arena, a, v);
			jws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == ']') {
				j->p++;
				*out = a;
				return 0;
			}
			return jfail(j, j->p, 451);
		}
	}
	default:
		if (jword(j, "true"))
			*out = val_bool(true);
		else if (jword(j, "false"))
			*out = val_bool(false);
		else if (jword(j, "null"))
			*out = val_undef();
		else
			return jnumber(out, j);
		return 0;
	}
}

/* Ruby's JSON.parse (json 2.x): any value at the top, nothing after it. */
static int json_parse(struct value **out, struct fn_call *c, const char *s,
		      size_t len)
{
	struct jparse j = { c, s, s, s + len, NULL, 0 };
	int rc = jvalue(out, &j, 0);
	if (rc == 0) {
		jws(&j);
		if (j.p < j.end) {
			j.err_at = j.p;
			j.err_code = 859;
			rc = -1;
		}
	}
	if (rc < 0 && j.err_at) {
		/* Ruby quotes the rest of the input from where it stopped */
		return fn_error(c, "%d: unexpected token at '%.*s'", j.err_code,
				(int)(j.end - j.err_at), j.err_at);
	}
	return rc;
}

/* ---- YAML ---- */

/*
 * Ruby regexp tests for the YAML scalar rules, compiled once per function
 * call: `pat` must be a string literal (looked up by address).
 */
struct rxcache {
	const char *pat[24];
	void *code[24];
	size_t n;
};

static int rxs(struct rxcache *rc, struct fn_call *c, const char *pat,
	       unsigned flags, const char *s, size_t len)
{
	void *code = NULL;
	for (size_t i = 0; i < rc->n; i++)
		if (rc->pat[i] == pat)
			code = rc->code[i];
	if (!code) {
		if (regex_compile_src(&code, c->arena, pat, strlen(pat),
				      flags) < 0)
			return fn_error(c, "%s", err_last());
		if (rc->n < ARRAY_SIZE(rc->pat)) {
			rc->pat[rc->n] = pat;
			rc->code[rc->n++] = code;
		}
	}
	struct regex_hit h = REGEX_HIT_INIT;
	int r = regex_search(&h, code, s, len, 0, 0);
	regex_hit_release(&h);
	if (r < 0)
		return fn_error(c, "%s", err_last());
	return r;
}


enum ykind { Y_STRING, Y_NULL, Y_TRUE, Y_FALSE, Y_INT, Y_FLOAT, Y_TIME,
	     Y_DATE, Y_SYMBOL };

/*
 * Psych's ScalarScanner#tokenize: what a plain scalar means. Sets *num
 * for Y_INT / Y_FLOAT; for Y_SYMBOL *sym_start is where the name starts.
 * Returns -1 after fn_error().
 */
static int ytokenize(enum ykind *kind, double *num, int64_t *inum,
		     struct rxcache *rc, struct fn_call *c, const char *s,
		     size_t len)
{
	int r;
	*kind = Y_STRING;
	if (!len) {
		*kind = Y_NULL;
		return 0;
	}
#define RX(pat, fl) \
	do { \
		if ((r = rxs(rc, c, pat, fl, s, len)) < 0) \
			return -1; \
	} while (0)
	RX("^[^\\d.:-]?[[:alpha:]_\\s!@#$%\\^&*(){}<>|/\\\\~;=]+", 0);
	if (r || memchr(s, '\n', len)) {
		if (len > 5)
			return 0;
		RX("^[^ytonf~]", REGEX_ICASE);
		if (r)
			return 0;
		if (len == 1 && *s == '~') {
			*kind = Y_NULL;
			return 0;
		}
		RX("^null$", REGEX_ICASE);
		if (r) {
			*kind = Y_NULL;
			return 0;
		}
		RX("^(yes|true|on)$", REGEX_ICASE);
		if (r) {
			*kind = Y_TRUE;
			return 0;
		}
		RX("^(no|false|off)$", REGEX_ICASE);
		if (r)
			*kind = Y_FALSE;
		return 0;
	}
	RX("^-?\\d{4}-\\d{1,2}-\\d{1,2}(?:[Tt]|\\s+)\\d{1,2}:\\d\\d:\\d\\d(?:\\.\\d*)?(?:\\s*(?:Z|[-+]\\d{1,2}:?(?:\\d\\d)?))?$", 0);
	if (r) {
		*kind = Y_TIME;
		return 0;
	}
	RX("^\\d{4}-(?:1[012]|0\\d|\\d)-(?:[12]\\d|3[01]|0\\d|\\d)$", 0);
	if (r) {
		*kind = Y_DATE;
		return 0;
	}
	RX("^\\+?\\.inf$", REGEX_ICASE);
	if (r) {
		*kind = Y_FLOAT;
		*num = INFINITY;
		return 0;
	}
	RX("^-\\.inf$", REGEX_ICASE);
	if (r) {
		*kind = Y_FLOAT;
		*num = -INFINITY;
		return 0;
	}
	RX("^\\.nan$", REGEX_ICASE);
	if (r) {
		*kind = Y_FLOAT;
		*num = NAN;
		return 0;
	}
	RX("^:.", 0);
	if (r) {
		*kind = Y_SYMBOL;
		return 0;
	}
	RX("^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$", 0);
	if (r) {
		/* Psych's base 60: part e counts 60 ** |e - 2|, so
		 * "1:30" is 1 * 3600 + 30 * 60; to_i keeps a sign on the
		 * first part only */
		int64_t acc = 0, part = 0;
		bool neg = *s == '-';
		size_t i = (*s == '-' || *s == '+') ? 1 : 0;
		int e = 0;
		for (; i <= len; i++) {
			if (i == len || s[i] == ':') {
				int64_t w = e == 0 ? 3600 : e == 1 ? 60 : 1;
				acc += (e == 0 && neg ? -part : part) * w;
				part = 0;
				e++;
			} else if (s[i] != '_') {
				part = part * 10 + (s[i] - '0');
			}
		}
		*kind = Y_INT;
		*inum = acc;
		return 0;
	}
	RX("^(?:[-+]?([0-9][0-9_,]*)?\\.[0-9]*([eE][-+][0-9]+)?)$", 0);
	if (r) {
		RX("\\A[-+]?\\.\\Z", 0);
		if (r)
			return 0;
		/* Float(string.delete(',_').gsub(/\.([Ee]|$)/, '\1')) */
		struct buf t = BUF_INIT;
		for (size_t i = 0; i < len; i++) {
			if (s[i] == ',' || s[i] == '_')
				continue;
			if (s[i] == '.' && (i + 1 == len || s[i + 1] == 'e' ||
					    s[i + 1] == 'E'))
				continue;
			buf_addch(&t, s[i]);
		}
		double d;
		int ok = fnarg_ruby_float(&d, t.ptr, t.len);
		buf_release(&t);
		if (ok < 0)
			return 0;
		*kind = Y_FLOAT;
		*num = d;
		return 0;
	}
	RX("^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$", 0);
	if (r) {
		struct buf t = BUF_INIT;
		for (size_t i = 0; i < len; i++)
			if (s[i] != ',' && s[i] != '_')
				buf_addch(&t, s[i]);
		int64_t n;
		int ok = fnarg_ruby_integer(&n, t.ptr, t.len);
		buf_release(&t);
		if (ok == 0) {
			*kind = Y_INT;
			*inum = n;
		}
	}
#undef RX
	return 0;
}

struct yparse {
	struct fn_call *c;
	yaml_parser_t p;
	struct rxcache rc;
};

static int yerror(struct yparse *y)
{
	yaml_parser_t *p = &y->p;
	struct buf m = BUF_INIT;
	buf_addf(&m, "(<unknown>): %s", p->problem ? p->problem : "unknown error");
	if (p->context)
		buf_addf(&m, " %s", p->context);
	buf_addf(&m, " at line %zu column %zu", p->context_mark.line + 1,
		 p->context_mark.column + 1);
	fn_error(y->c, "%s", m.ptr);
	buf_release(&m);
	return -1;
}

static int ynext(struct yparse *y, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&y->p, ev))
		return yerror(y);
	return 0;
}

/*
 * Psych refuses to build Ruby objects (!ruby/object, !ruby/struct:Foo...)
 * in the safe loading stdlib uses, naming the class.
 */
static int ruby_tag(struct fn_call *c, const char *tag)
{
	if (!tag || strncmp(tag, "!ruby/", 6))
		return 0;
	const char *cls = strchr(tag + 6, ':');
	struct buf b = BUF_INIT;
	if (cls && cls[1]) {
		buf_addstr(&b, cls + 1);
	} else {
		size_t n = cls ? (size_t)(cls - tag - 6) : strlen(tag + 6);
		buf_add(&b, tag + 6, n);
		if (b.len)
			b.ptr[0] = (char)toupper((unsigned char)b.ptr[0]);
	}
	fn_error(c, "Tried to load unspecified class: %s", b.ptr);
	buf_release(&b);
	return -1;
}

static int yscalar(struct value **out, struct yparse *y, yaml_event_t *ev)
{
	struct fn_call *c = y->c;
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (tag && !strcmp(tag, "tag:yaml.org,2002:str")) {
		*out = val_str(c->arena, s, len);
		return 0;
	}
	if (tag && !strcmp(tag, "tag:yaml.org,2002:int")) {
		int64_t n;
		struct buf t = BUF_INIT;
		for (size_t i = 0; i < len; i++)
			if (s[i] != ',' && s[i] != '_')
				buf_addch(&t, s[i]);
		int ok = fnarg_ruby_integer(&n, t.ptr, t.len);
		buf_release(&t);
		*out = ok == 0 ? val_int(c->arena, n) :
				 val_str(c->arena, s, len);
		return 0;
	}
	if (tag && !strcmp(tag, "tag:yaml.org,2002:float")) {
		double d;
		struct buf t = BUF_INIT;
		for (size_t i = 0; i < len; i++)
			if (s[i] != ',' && s[i] != '_')
				buf_addch(&t, s[i]);
		int ok = fnarg_ruby_float(&d, t.ptr, t.len);
		buf_release(&t);
		*out = ok == 0 ? val_float(c->arena, d) :
				 val_str(c->arena, s, len);
		return 0;
	}
	if (ruby_tag(c, tag) < 0)
		return -1;
	if (tag && strcmp(tag, "!") && strncmp(tag, "tag:yaml.org,2002:", 18))
		tag = NULL, plain = false; /* a local tag: just a string */
	if (!plain && !tag) {
		*out = val_str(c->arena, s, len);
		return 0;
	}
	enum ykind k;
	double d = 0;
	int64_t n = 0;
	if (ytokenize(&k, &d, &n, &y->rc, c, s, len) < 0)
		return -1;
	switch (k) {
	case Y_NULL: *out = val_undef(); break;
	case Y_TRUE: *out = val_bool(true); break;
	case Y_FALSE: *out = val_bool(false); break;
	case Y_INT: *out = val_int(c->arena, n); break;
	case Y_FLOAT: *out = val_float(c->arena, d); break;
	case Y_TIME:
		return fn_error(c, "Tried to load unspecified class: Time");
	case Y_DATE:
		return fn_error(c, "Tried to load unspecified class: Date");
	case Y_SYMBOL:
		/* :"quoted" and :plain symbols come back as their names */
		if (len > 2 && (s[1] == '"' || s[1] == '\'') && s[len - 1] == s[1])
			*out = val_str(c->arena, s + 2, len - 3);
		else
			*out = val_str(c->arena, s + 1, len - 1);
		break;
	default:
		*out = val_str(c->arena, s, len);
	}
	return 0;
}

/* Builds the node that starts with `ev` (which this consumes). */
static int ynode(struct value **out, struct yparse *y, yaml_event_t *ev)
{
	struct fn_call *c = y->c;
	int rc = 0;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		rc = yscalar(out, y, ev);
		yaml_event_delete(ev);
		return rc;
	case YAML_ALIAS_EVENT:
		rc = fn_error(c, "Unknown alias: %s",
			      (const char *)ev->data.alias.anchor);
		yaml_event_delete(ev);
		return rc;
	case YAML_SEQUENCE_START_EVENT: {
		rc = ruby_tag(c, (const char *)ev->data.sequence_start.tag);
		yaml_event_delete(ev);
		if (rc < 0)
			return -1;
		struct value *a = val_array(c->arena, 4);
		for (;;) {
			yaml_event_t e;
			if (ynext(y, &e) < 0)
				return -1;
			if (e.type == YAML_SEQUENCE_END_EVENT) {
				yaml_event_delete(&e);
				break;
			}
			struct value *v;
			if (ynode(&v, y, &e) < 0)
				return -1;
			val_array_push(c->arena, a, v);
		}
		*out = a;
		return 0;
	}
	case YAML_MAPPING_START_EVENT: {
		rc = ruby_tag(c, (const char *)ev->data.mapping_start.tag);
		yaml_event_delete(ev);
		if (rc < 0)
			return -1;
		struct value *h = val_hash(c->arena, 4);
		for (;;) {
			yaml_event_t e;
			if (ynext(y, &e) < 0)
				return -1;
			if (e.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&e);
				break;
			}
			bool merge = e.type == YAML_SCALAR_EVENT &&
				     e.data.scalar.style ==
					     YAML_PLAIN_SCALAR_STYLE &&
				     !e.data.scalar.tag &&
				     e.data.scalar.length == 2 &&
				     !memcmp(e.data.scalar.value, "<<", 2);
			struct value *k, *v;
			if (ynode(&k, y, &e) < 0)
				return -1;
			if (ynext(y, &e) < 0)
				return -1;
			if (ynode(&v, y, &e) < 0)
				return -1;
			if (merge && v->kind == VAL_HASH) {
				for (size_t i = 0; i < v->u.h.n; i++)
					val_hash_set(c->arena, h,
						     v->u.h.e[i].key,
						     v->u.h.e[i].val);
				continue;
			}
			val_hash_set(c->arena, h, k, v);
		}
		*out = h;
		return 0;
	}
	default:
		yaml_event_delete(ev);
		return fn_error(c, "unexpected YAML event");
	}
}

/* YAML.load: the first document, or NULL when there is none. */
static int yaml_load(struct value **out, struct fn_call *c, const char *s,
		     size_t len)
{
	struct yparse y = { .c = c };
	yaml_parser_initialize(&y.p);
	yaml_parser_set_input_string(&y.p, (const unsigned char *)s, len);
	*out = NULL;
	int rc = 0;
	for (;;) {
		yaml_event_t e;
		if ((rc = ynext(&y, &e)) < 0)
			break;
		yaml_event_type_t t = e.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (t == YAML_STREAM_START_EVENT ||
		    t == YAML_DOCUMENT_START_EVENT ||
		    t == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&e);
			continue;
		}
		if ((rc = ynode(out, &y, &e)) < 0)
			break;
		break; /* the first document only */
	}
	yaml_parser_delete(&y.p);
	return rc;
}

/*
 * parsejson() and parseyaml(): `parse(s) || default`, so a false or null
 * document gives the default (or undef); with a default, a parse error
 * gives it too instead of failing.
 */
static int parse_data(struct value **out, struct fn_call *c, bool yaml)
{
	struct value *s = fnarg_arg3(c, 0);
	/* the default counts when Ruby finds it truthy ("" is) */
	bool has_default = c->nargs > 1 &&
			   !(c->args[1]->kind == VAL_BOOL && !c->args[1]->u.b);
	struct value *dflt = c->nargs > 1 ? fnarg_arg3(c, 1) : val_undef();
	if (s->kind != VAL_STRING) {
		if (has_default) {
			*out = dflt;
			return 0;
		}
		return fn_error(c, "no implicit conversion of %s into String",
				fnarg_ruby_class(s));
	}
	struct value *r = NULL;
	/*
	 * With a default, a parse error is not reported: parse through a
	 * copy of the call without the evaluator, whose fn_error() only
	 * records the message with err_set().
	 */
	struct fn_call quiet = *c;
	if (has_default)
		quiet.ctx = NULL;
	int rc = yaml ? yaml_load(&r, &quiet, s->u.s.ptr, s->u.s.len) :
			json_parse(&r, &quiet, s->u.s.ptr, s->u.s.len);
	if (rc < 0) {
		if (!has_default)
			return -1;
		*out = dflt;
		return 0;
	}
	/* JSON.parse(s) || default: false and nil give the default (nil) */
	if (!r || !val_truthy(r))
		r = c->nargs > 1 ? dflt : val_undef();
	*out = r;
	return 0;
}

static int fn_parsejson(struct value **out, struct fn_call *c)
{
	return parse_data(out, c, false);
}

static int fn_parseyaml(struct value **out, struct fn_call *c)
{
	return parse_data(out, c, true);
}

/*
 * loadyaml() and loadjson(): a local file's data; a missing file gives a
 * warning and the default. URLs are not fetched: an error, or the default
 * when one is given, as for any failure.
 */
static int load_data(struct value **out, struct fn_call *c, bool yaml)
{
	struct value *path = fnarg_arg3(c, 0);
	bool has_default = c->nargs > 1 &&
			   !(c->args[1]->kind == VAL_BOOL && !c->args[1]->u.b);
	struct value *dflt = c->nargs > 1 ? fnarg_arg3(c, 1) : val_undef();
	if (path->kind != VAL_STRING)
		return fn_error(c, "undefined method `start_with?' for %s",
				fnarg_ruby_class(path));
	const char *p = path->u.s.ptr;
	if (!strncmp(p, "http://", 7) || !strncmp(p, "https://", 8)) {
		if (has_default) {
			*out = dflt;
			return 0;
		}
		return fn_error(c, "%s(): cannot load '%s': tend does not fetch URLs",
				c->name, p);
	}
	struct buf text = BUF_INIT;
	int rc = file_read(&text, p);
	if (rc == ERR_NOTFOUND) {
		buf_release(&text);
		fn_warn(c, "Can't load '%s' File does not exist!", p);
		*out = dflt;
		return 0;
	}
	if (rc < 0) {
		buf_release(&text);
		if (has_default) {
			*out = dflt;
			return 0;
		}
		return fn_error(c, "%s", err_last());
	}
	struct value *r = NULL;
	struct fn_call quiet = *c;
	if (has_default)
		quiet.ctx = NULL;
	rc = yaml ? yaml_load(&r, &quiet, text.ptr, text.len) :
		    json_parse(&r, &quiet, text.ptr, text.len);
	buf_release(&text);
	if (rc < 0) {
		if (!has_default)
			return -1;
		*out = dflt;
		return 0;
	}
	if (!r || !val_truthy(r))
		r = c->nargs > 1 ? dflt : val_undef();
	*out = r;
	return 0;
}

static int fn_loadyaml(struct value **out, struct fn_call *c)
{
	return load_data(out, c, true);
}

static int fn_loadjson(struct value **out, struct fn_call *c)
{
	return load_data(out, c, false);
}

/* Psych's YAMLTree: the events for a value, styles chosen as Psych does */
static int yemit(yaml_emitter_t *em, struct rxcache *rc, struct fn_call *c,
		 const struct value *v);

static int yscalar_out(yaml_emitter_t *em, const char *s, size_t len,
		       const char *tag, bool plain, bool quoted,
		       yaml_scalar_style_t style)
{
	yaml_event_t e;
	yaml_scalar_event_initialize(&e, NULL, (yaml_char_t *)tag,
				     (yaml_char_t *)s, (int)len, plain, quoted,
				     style);
	return yaml_emitter_emit(em, &e) ? 0 : -1;
}

static int ystring_out(yaml_emitter_t *em, struct rxcache *rc,
		       struct fn_call *c, const char *s, size_t len)
{
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
	const char *tag = NULL;
	bool plain = true, quoted = true;
	int r;
	if ((r = rxs(rc, c, "\\n(?!\\Z)", 0, s, len)) < 0)
		return -1;
	if (r) {
		style = YAML_LITERAL_SCALAR_STYLE;
	} else if (len == 2 && !memcmp(s, "<<", 2)) {
		style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
		tag = "tag:yaml.org,2002:str";
		plain = quoted = false;
	} else if (len == 1 && (*s == 'y' || *s == 'n')) {
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	} else if ((r = rxs(rc, c, "(*UCP)^[^[:word:]][^\"]*$", 0, s, len)) != 0) {
		if (r < 0)
			return -1;
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	} else {
		enum ykind k;
		double d;
		int64_t n;
		if (ytokenize(&k, &d, &n, rc, c, s, len) < 0)
			return -1;
		if ((r = rxs(rc, c, "\\A0[0-7]*[89]", 0, s, len)) < 0)
			return -1;
		if (k != Y_STRING || r)
			style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	}
	return yscalar_out(em, s, len, tag, plain, quoted, style);
}

static int yemit(yaml_emitter_t *em, struct rxcache *rc, struct fn_call *c,
		 const struct value *v)
{
	yaml_event_t e;
	struct buf t = BUF_INIT;
	int r = 0;
	switch (v->kind) {
	case VAL_UNDEF:
		return yscalar_out(em, "", 0, NULL, true, false, YAML_ANY_SCALAR_STYLE);
	case VAL_BOOL:
		return yscalar_out(em, v->u.b ? "true" : "false",
				   v->u.b ? 4 : 5, NULL, true, false,
				   YAML_ANY_SCALAR_STYLE);
	case VAL_INT:
		buf_addf(&t, "%" PRId64, v->u.n.i);
		break;
	case VAL_FLOAT:
		if (isnan(v->u.f))
			buf_addstr(&t, ".nan");
		else if (isinf(v->u.f))
			buf_addstr(&t, v->u.f > 0 ? ".inf" : "-.inf");
		else
			val_float_fmt(&t, v->u.f);
		break;
	case VAL_STRING:
		return ystring_out(em, rc, c, v->u.s.ptr, v->u.s.len);
	case VAL_ARRAY:
		yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
						     YAML_BLOCK_SEQUENCE_STYLE);
		if (!yaml_emitter_emit(em, &e))
			return -1;
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (yemit(em, rc, c, v->u.arr.v[i]) < 0)
				return -1;
		yaml_sequence_end_event_initialize(&e);
		return yaml_emitter_emit(em, &e) ? 0 : -1;
	case VAL_HASH:
		yaml_mapping_start_event_initialize(&e, NULL, NULL, 1,
						    YAML_BLOCK_MAPPING_STYLE);
		if (!yaml_emitter_emit(em, &e))
			return -1;
		for (size_t i = 0; i < v->u.h.n; i++)
			if (yemit(em, rc, c, v->u.h.e[i].key) < 0 ||
			    yemit(em, rc, c, v->u.h.e[i].val) < 0)
				return -1;
		yaml_mapping_end_event_initialize(&e);
		return yaml_emitter_emit(em, &e) ? 0 : -1;
	default:
		fnarg_ruby_s(&t, v);
		r = ystring_out(em, rc, c, t.ptr, t.len);
		buf_release(&t);
		return r;
	}
	r = yscalar_out(em, t.ptr, t.len, NULL, true, false,
			YAML_ANY_SCALAR_STYLE);
	buf_release(&t);
	return r;
}

static int ywrite(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, buffer, size);
	return 1;
}

static int fn_to_yaml(struct value **out, struct fn_call *c)
{
	int width = 0, indent = 2;
	if (c->nargs > 1) {
		struct value *o = c->args[1];
		if (o->kind != VAL_HASH)
			return fnarg_mismatch(c, "options", "a Hash value", o);
		struct value *w = val_hash_get_str(o, "line_width");
		struct value *in = val_hash_get_str(o, "indentation");
		if (w && w->kind == VAL_INT)
			width = (int)w->u.n.i;
		if (in && in->kind == VAL_INT)
			indent = (int)in->u.n.i;
	}
	struct buf b = BUF_INIT;
	yaml_emitter_t em;
	yaml_event_t e;
	yaml_emitter_initialize(&em);
	yaml_emitter_set_output(&em, ywrite, &b);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, width);
	yaml_emitter_set_indent(&em, indent);
	int rc = -1;
	bool reported = false;
	yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
	if (!yaml_emitter_emit(&em, &e))
		goto out;
	yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 0);
	if (!yaml_emitter_emit(&em, &e))
		goto out;
	struct rxcache cache = { .n = 0 };
	if (yemit(&em, &cache, c, c->args[0]) < 0) {
		reported = !em.error;
		goto out;
	}
	yaml_document_end_event_initialize(&e, 1);
	if (!yaml_emitter_emit(&em, &e))
		goto out;
	yaml_stream_end_event_initialize(&e);
	if (!yaml_emitter_emit(&em, &e))
		goto out;
	rc = 0;
out:
	if (rc < 0 && !reported)
		fn_error(c, "could not write YAML: %s",
			 em.problem ? em.problem : "emitter error");
	yaml_emitter_delete(&em);
	if (rc == 0)
		*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return rc;
}

const struct fn_def fn_stdlib2_table[] = {
	{ "any2array", fn_any2array, 0, FN_ANY, 0 },
	{ "concat", fn_concat, 0, FN_ANY, 0 },
	{ "count", fn_count, 1, FN_ANY, 0 },
	{ "deep_merge", fn_deep_merge, 0, FN_ANY, 0 },
	{ "delete", fn_delete, 2, 2, 0 },
	{ "delete_at", fn_delete_at, 2, 2, 0 },
	{ "delete_regex", fn_delete_regex, 2, 2, 0 },
	{ "delete_undef_values", fn_delete_undef_values, 1, 1, 0 },
	{ "delete_values", fn_delete_values, 2, 2, 0 },
	{ "difference", fn_difference, 2, 2, 0 },
	{ "grep", fn_grep, 2, 2, 0 },
	{ "has_key", fn_has_key, 2, 2, 0 },
	{ "hash", fn_hash, 1, 1, 0 },
	{ "intersection", fn_intersection, 2, 2, 0 },
	{ "join_keys_to_values", fn_join_keys_to_values, 2, 2, 0 },
	{ "loadjson", fn_loadjson, 1, 2, 0 },
	{ "loadyaml", fn_loadyaml, 1, 2, 0 },
	{ "member", fn_member, 2, 2, 0 },
	{ "parsejson", fn_parsejson, 1, 2, 0 },
	{ "parseyaml", fn_parseyaml, 1, 2, 0 },
	{ "pick", fn_pick, 0, FN_ANY, 0 },
	{ "pick_default", fn_pick_default, 0, FN_ANY, 0 },
	{ "prefix", fn_prefix, 1, 2, 0 },
	{ "reverse", fn_reverse, 1, 1, 0 },
	{ "suffix", fn_suffix, 1, 2, 0 },
	{ "to_json", fn_to_json, 1, 1, 0 },
	{ "to_json_pretty", fn_to_json_pretty, 1, 3, 0 },
	{ "to_yaml", fn_to_yaml, 1, 2, 0 },
	{ "union", fn_union, 0, FN_ANY, 0 },
	{ "values_at", fn_values_at, 2, 2, 0 },
	{ "zip", fn_zip, 2, 3, 0 },
	{ NULL, NULL, 0, 0, 0 },
};
