/* SPDX-License-Identifier: MIT */
/* types.c: Puppet's data types: matching and assignability */
#include "util/compat.h"
#include <strings.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lang/regex.h"
#include "lang/types-internal.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * How the types*.c files follow Puppet 7 (lib/puppet/pops/types/ of its
 * sources):
 *
 * 1. A type stays the generic {name, params} value the evaluator built.
 *    type_decode() (types_build.c) reads one level of it into a struct
 *    type_dec (its kind and its params, with nested arrays flattened as
 *    Puppet flattens them) without allocating; every operation decodes
 *    as it goes, so matching a value allocates nothing.
 * 2. match_t() (this file) is Puppet's instance? and works on values
 *    directly.
 * 3. assignable() (this file) is Puppet's assignable?: the generic wrapper
 *    of PAnyType (Variant, Optional and NotUndef on the right), then the
 *    per-kind _assignable? rules. Aliases (built-in Data/RichData/
 *    RichDataKey and the evaluator's) resolve as they are met; a stack of
 *    the pairs being compared stops self-recursive aliases, as Puppet's
 *    RecursionGuard does.
 * 4. infer_set()/infer_reduced() (types_build.c) build the type of a
 *    value; types that Puppet can write but the language cannot use
 *    internal forms: {"String", ['abc']} is the String 'abc', {"Unit"} is
 *    Puppet's Unit.
 * 5. Mismatch messages (types_msg.c) port TypeMismatchDescriber: the
 *    expected type is normalized (Variants merged and flattened, Optional
 *    unwrapped), the value inferred with type_infer(), then described
 *    recursively into a list of mismatches with their paths (index 1,
 *    entry 'a', variant 0). Variants that all fail the same way are merged
 *    into one mismatch. Each mismatch renders with Puppet's wording,
 *    including its quirks; types render as types_fmt.c does (Puppet's
 *    TypeFormatter).
 */

/* ---- comparing names and strings ---- */

/* Class names compare case-insensitively, without a leading "::". */
static bool class_name_eq(const struct value *a, const struct value *b)
{
	if (a->kind != VAL_STRING || b->kind != VAL_STRING)
		return false;
	const char *x = a->u.s.ptr, *y = b->u.s.ptr;
	size_t xn = a->u.s.len, yn = b->u.s.len;
	if (xn >= 2 && !memcmp(x, "::", 2))
		x += 2, xn -= 2;
	if (yn >= 2 && !memcmp(y, "::", 2))
		y += 2, yn -= 2;
	return xn == yn && !strncasecmp(x, y, xn);
}

static bool title_eq(const struct value *a, const struct value *b)
{
	return a->kind == VAL_STRING && b->kind == VAL_STRING &&
	       a->u.s.len == b->u.s.len &&
	       !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len);
}

/* Ruby's casecmp: ASCII letters fold, nothing else */
static bool ascii_caseeq(const struct value *a, const struct value *b)
{
	if (a->u.s.len != b->u.s.len)
		return false;
	for (size_t i = 0; i < a->u.s.len; i++) {
		unsigned char x = a->u.s.ptr[i], y = b->u.s.ptr[i];
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
	}
	return true;
}

/* ---- regexes ---- */

/* The pattern text of a Pattern/Regexp parameter, or NULL. */
const char *type_regex_src(const struct value *p)
{
	if (p->kind == VAL_REGEX)
		return p->u.re.src;
	if (p->kind == VAL_STRING)
		return p->u.s.ptr;
	return NULL;
}

/*
 * Memory for one pcre2_match, on the stack: the match data and PCRE2's
 * first block of backtracking frames (20 KiB) fit, so that a Pattern
 * check does not touch the heap. When a pattern needs more, the match is
 * redone with malloc'd match data.
 */
struct match_mem {
	size_t used;
	_Alignas(max_align_t) unsigned char buf[24 * 1024];
};

static void *match_mem_alloc(size_t n, void *data)
{
	struct match_mem *m = data;
	n = (n + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
	if (n > sizeof(m->buf) - m->used)
		return NULL;
	void *p = m->buf + m->used;
	m->used += n;
	return p;
}

static void match_mem_free(void *p UNUSED, void *data UNUSED)
{
}

/* Unanchored search, as =~ does; PCRE2 errors count as no match. */
static bool search(void *code, const struct value *s)
{
	struct match_mem m;
	m.used = 0;
	pcre2_general_context *gc = pcre2_general_context_create(
		match_mem_alloc, match_mem_free, &m);
	pcre2_match_data *md = gc ? pcre2_match_data_create(1, gc) : NULL;
	int rc = PCRE2_ERROR_NOMEMORY;
	if (md)
		rc = pcre2_match(code, (PCRE2_SPTR)s->u.s.ptr, s->u.s.len, 0, 0,
				 md, NULL);
	if (rc == PCRE2_ERROR_NOMEMORY) {
		md = pcre2_match_data_create(1, NULL);
		rc = pcre2_match(code, (PCRE2_SPTR)s->u.s.ptr, s->u.s.len, 0, 0,
				 md, NULL);
		pcre2_match_data_free(md);
	}
	return rc >= 0; /* 0: matched, ovector too small for the groups */
}

/* 1 when the regex (a VAL_REGEX or a string) matches s, 0 when not. */
static bool regex_hits(const struct value *re, const struct value *s,
		       const struct type_env *env)
{
	void *code = NULL;
	struct arena scratch = ARENA_INIT;
	if (re->kind == VAL_REGEX && re->u.re.code) {
		code = re->u.re.code;
	} else if (re->kind == VAL_REGEX && env && env->arena) {
		if (regex_compile(env->arena, (struct value *)re) == 0)
			code = re->u.re.code;
	} else {
		const char *src = type_regex_src(re);
		if (src && regex_compile_src(&code, &scratch, src, strlen(src),
					     0) < 0)
			code = NULL;
	}
	bool hit = code && search(code, s);
	arena_release(&scratch);
	return hit;
}

/* Some pattern of Pattern `d` matches the string s (no patterns: all do) */
static bool pattern_hits(const struct type_dec *d, const struct value *s,
			 const struct type_env *env)
{
	if (d->n == 0)
		return true;
	for (size_t i = 0; i < d->n; i++) {
		const struct value *p = type_param(d, i);
		if (p->kind == VAL_TYPE) {
			struct type_dec sub;
			type_decode(&sub, p, NULL);
			if (sub.k == TK_PATTERN && sub.n &&
			    pattern_hits(&sub, s, env))
				return true;
			if (sub.k == TK_REGEXP && sub.n &&
			    regex_hits(type_param(&sub, 0), s, env))
				return true;
		} else if (regex_hits(p, s, env)) {
			return true;
		}
	}
	return false;
}

/* ---- matching: Puppet's instance? ---- */

static int assignable(const struct value *t1, const struct value *t2,
		      const struct type_env *env);

struct mctx {
	const struct type_env *env;
	int depth;
};

static bool match_dec(const struct type_dec *d, const struct value *v,
		      struct mctx *c);

static bool match_t(const struct value *t, const struct value *v,
		    struct mctx *c)
{
	struct type_dec d;
	type_decode(&d, t, c->env);
	return match_dec(&d, v, c);
}

static bool is_data(const struct value *v)
{
	switch (v->kind) {
	case VAL_UNDEF:
	case VAL_BOOL:
	case VAL_INT:
	case VAL_FLOAT:
	case VAL_STRING:
		return true;
	case VAL_ARRAY:
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (!is_data(v->u.arr.v[i]))
				return false;
		return true;
	case VAL_HASH:
		for (size_t i = 0; i < v->u.h.n; i++)
			if (v->u.h.e[i].key->kind != VAL_STRING ||
			    !is_data(v->u.h.e[i].val))
				return false;
		return true;
	default:
		return false;
	}
}

static bool is_richdata(const struct value *v)
{
	switch (v->kind) {
	case VAL_ARRAY:
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (!is_richdata(v->u.arr.v[i]))
				return false;
		return true;
	case VAL_HASH:
		for (size_t i = 0; i < v->u.h.n; i++) {
			enum val_kind k = v->u.h.e[i].key->kind;
			bool key_ok = k == VAL_STRING || k == VAL_INT ||
				      k == VAL_FLOAT;
			if (!key_ok || !is_richdata(v->u.h.e[i].val))
				return false;
		}
		return true;
	default:
		return true;
	}
}

static bool match_struct(const struct type_dec *d, const struct value *v,
			 struct mctx *c)
{
	if (v->kind != VAL_HASH)
		return false;
	const struct value *h = type_struct_hash(d);
	if (!h)
		return v->u.h.n == 0;
	size_t matched = 0;
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct type_selem e;
		if (!type_struct_elem(&e, h->u.h.e[i].key, h->u.h.e[i].val,
				      c->env))
			return false;
		const struct value *x = val_hash_get(v, e.name);
		if (!x) {
			if (!e.key_opt)
				return false;
			continue;
		}
		matched++;
		if (!match_t(e.vt, x, c))
			return false;
	}
	return matched == v->u.h.n;
}

static bool match_iterable(const struct type_dec *d, const struct value *v,
			   struct mctx *c)
{
	const struct value *et = type_contained(d);
	if (!et || assignable(et, TYPE_KD(TK_ANY), c->env)) {
		switch (v->kind) {
		case VAL_STRING:
		case VAL_ARRAY:
		case VAL_HASH:
			return true;
		case VAL_INT:
			return v->u.n.i >= 0;
		case VAL_TYPE: {
			struct type_dec t;
			type_decode(&t, v, c->env);
			if (t.k == TK_ENUM)
				return true;
			if (t.k == TK_INTEGER) {
				int64_t lo, hi;
				type_int_range(&t, &lo, &hi);
				return lo != TYPE_ILO && hi != TYPE_IHI;
			}
			return false;
		}
		default:
			return false;
		}
	}
	/* Iterable[T].assignable?(infer(v)), in a scratch arena */
	struct arena scratch = ARENA_INIT;
	struct value *it = type_new(&scratch, "Iterable", 1);
	it->u.t.params[0] = (struct value *)et;
	bool r = assignable(it, type_infer_reduced(&scratch, v), c->env);
	arena_release(&scratch);
	return r;
}

static bool match_dec(const struct type_dec *d, const struct value *v,
		      struct mctx *c)
{
	switch (d->k) {
	case TK_ANY:
	case TK_UNIT:
		return true;
	case TK_UNDEF:
		return v->kind == VAL_UNDEF;
	case TK_DEFAULT:
		return v->kind == VAL_DEFAULT;
	case TK_BOOLEAN:
		if (v->kind != VAL_BOOL)
			return false;
		return d->n == 0 || (type_param(d, 0)->kind == VAL_BOOL &&
				     type_param(d, 0)->u.b == v->u.b);
	case TK_INTEGER: {
		if (v->kind != VAL_INT)
			return false;
		int64_t lo, hi;
		type_int_range(d, &lo, &hi);
		return type_range_has(lo, hi, v->u.n.i);
	}
	case TK_FLOAT: {
		if (v->kind != VAL_FLOAT)
			return false;
		double lo, hi;
		type_float_range(d, &lo, &hi);
		return lo <= v->u.f && v->u.f <= hi;
	}
	case TK_NUMERIC:
		return v->kind == VAL_INT || v->kind == VAL_FLOAT;
	case TK_STRING: {
		if (v->kind != VAL_STRING)
			return false;
		if (d->sval)
			return type_bytes_eq(d->sval, v);
		if (d->n == 0)
			return true;
		struct type_coll cl;
		type_coll_parts(d, &cl);
		if (cl.lo == 0 && cl.hi == TYPE_IHI)
			return true;
		int64_t len = (int64_t)type_utf8_chars(v->u.s.ptr, v->u.s.len);
		return type_range_has(cl.lo, cl.hi, len);
	}
	case TK_ENUM: {
		if (v->kind != VAL_STRING)
			return false;
		struct type_enum e;
		type_enum_parts(d, &e);
		for (size_t i = 0; i < e.nvals; i++) {
			const struct value *x = type_param(d, i);
			if (x->kind == VAL_STRING &&
			    (e.ci ? ascii_caseeq(x, v) : type_bytes_eq(x, v)))
				return true;
		}
		return false;
	}
	case TK_PATTERN:
		return v->kind == VAL_STRING && pattern_hits(d, v, c->env);
	case TK_REGEXP: {
		if (v->kind != VAL_REGEX)
			return false;
		if (d->n == 0)
			return true;
		const char *src = type_regex_src(type_param(d, 0));
		return src && !strcmp(src, v->u.re.src);
	}
	case TK_SCALAR:
		return v->kind == VAL_STRING || v->kind == VAL_INT ||
		       v->kind == VAL_FLOAT || v->kind == VAL_BOOL ||
		       v->kind == VAL_REGEX;
	case TK_SCALARDATA:
		return v->kind == VAL_STRING || v->kind == VAL_INT ||
		       v->kind == VAL_FLOAT || v->kind == VAL_BOOL;
	case TK_DATA:
		return is_data(v);
	case TK_RICHDATA:
		return is_richdata(v);
	case TK_RICHDATAKEY:
		return v->kind == VAL_STRING || v->kind == VAL_INT ||
		       v->kind == VAL_FLOAT;
	case TK_ARRAY: {
		if (v->kind != VAL_ARRAY)
			return false;
		struct type_coll cl;
		type_coll_parts(d, &cl);
		if (!type_range_has(cl.lo, cl.hi, (int64_t)v->u.arr.n))
			return false;
		if (!cl.elem || v->u.arr.n == 0)
			return true;
		struct type_dec de;
		type_decode(&de, cl.elem, c->env);
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (!match_dec(&de, v->u.arr.v[i], c))
				return false;
		return true;
	}
	case TK_HASH: {
		if (v->kind != VAL_HASH)
			return false;
		struct type_coll cl;
		type_coll_parts(d, &cl);
		if (!type_range_has(cl.lo, cl.hi, (int64_t)v->u.h.n))
			return false;
		if (v->u.h.n == 0)
			return true;
		struct type_dec dk, dv;
		type_decode(&dk, cl.key ? cl.key : TYPE_KD(TK_ANY), c->env);
		type_decode(&dv, cl.val ? cl.val : TYPE_KD(TK_ANY), c->env);
		for (size_t i = 0; i < v->u.h.n; i++)
			if (!match_dec(&dk, v->u.h.e[i].key, c) ||
			    !match_dec(&dv, v->u.h.e[i].val, c))
				return false;
		return true;
	}
	case TK_TUPLE: {
		if (v->kind != VAL_ARRAY)
			return false;
		struct type_tuple tp;
		type_tuple_parts(d, &tp);
		size_t n = v->u.arr.n;
		if (tp.has_size ? !type_range_has(tp.lo, tp.hi, (int64_t)n) :
				  (tp.ntypes && tp.ntypes != n))
			return false;
		if (!tp.ntypes)
			return true;
		for (size_t i = 0; i < n; i++)
			if (!match_t(type_tuple_at(d, &tp, i), v->u.arr.v[i],
				     c))
				return false;
		return true;
	}
	case TK_STRUCT:
		return match_struct(d, v, c);
	case TK_COLLECTION: {
		size_t n;
		if (v->kind == VAL_ARRAY)
			n = v->u.arr.n;
		else if (v->kind == VAL_HASH)
			n = v->u.h.n;
		else
			return false;
		struct type_coll cl;
		type_coll_parts(d, &cl);
		return type_range_has(cl.lo, cl.hi, (int64_t)n);
	}
	case TK_VARIANT:
		for (size_t i = 0; i < d->n; i++)
			if (match_t(type_param(d, i), v, c))
				return true;
		return false;
	case TK_OPTIONAL:
		if (v->kind == VAL_UNDEF)
			return true;
		return d->n && match_t(type_param(d, 0), v, c);
	case TK_NOTUNDEF:
		if (v->kind == VAL_UNDEF)
			return false;
		return d->n == 0 || match_t(type_param(d, 0), v, c);
	case TK_TYPE:
		if (v->kind != VAL_TYPE)
			return false;
		return d->n == 0 || assignable(type_param(d, 0), v, c->env);
	case TK_ITERABLE:
		return match_iterable(d, v, c);
	case TK_OBJECT:
		/* Puppet's types are Objects: Integer =~ Object */
		return v->kind == VAL_TYPE && d->n == 0;
	case TK_ALIAS:
		if (++c->depth > TYPE_MAX_DEPTH)
			return false;
		bool r = match_t(d->resolved, v, c);
		c->depth--;
		return r;
	default:
		/* Callable, Iterator, Sensitive, SemVer, Timespan, Binary,
		 * CatalogEntry, Resource, Class, ...: no value is one */
		return false;
	}
}

int type_match(const struct value *type, const struct value *v,
	       const struct type_env *env)
{
	struct mctx c = { env, 0 };
	return match_t(type, v, &c);
}

/* ---- assignability: Puppet's assignable? ---- */

/* The pairs of types being compared through aliases, innermost first;
 * an alias is known by its name, anything else by its address. */
struct aguard {
	const char *an, *bn;
	const struct value *a, *b;
	const struct aguard *up;
};

struct actx {
	const struct type_env *env;
	const struct aguard *guard;
	int depth;
};

static bool asg(const struct value *t1, const struct value *t2,
		struct actx *c);

static bool asg_dec(const struct type_dec *d1, const struct type_dec *d2,
		    struct actx *c);

static int assignable(const struct value *t1, const struct value *t2,
		      const struct type_env *env)
{
	struct actx c = { env, NULL, 0 };
	return asg(t1, t2, &c);
}

/*
 * One side or both are aliases: compare what they stand for. Meeting the
 * same pair again means the aliases recurse into each other in step; like
 * Puppet's RecursionGuard, that counts as assignable.
 */
static bool asg_alias(const struct type_dec *d1, const struct type_dec *d2,
		      struct actx *c)
{
	const char *an = type_kind_is_alias(d1->k) ? type_alias_name(d1) : NULL;
	const char *bn = type_kind_is_alias(d2->k) ? type_alias_name(d2) : NULL;
	for (const struct aguard *g = c->guard; g; g = g->up) {
		bool same_a = an ? g->an && !strcasecmp(g->an, an) :
				   !g->an && g->a == d1->t;
		bool same_b = bn ? g->bn && !strcasecmp(g->bn, bn) :
				   !g->bn && g->b == d2->t;
		if (same_a && same_b)
			return true;
	}
	if (c->depth > TYPE_MAX_DEPTH)
		return true;
	struct aguard g = { an, bn, d1->t, d2->t, c->guard };
	const struct aguard *saved = c->guard;
	c->guard = &g;
	c->depth++;
	bool r = asg(type_kind_is_alias(d1->k) ? d1->resolved : d1->t,
		     type_kind_is_alias(d2->k) ? d2->resolved : d2->t, c);
	c->depth--;
	c->guard = saved;
	return r;
}

static bool asg(const struct value *t1, const struct value *t2,
		struct actx *c)
{
	struct type_dec d1, d2;
	type_decode(&d1, t1, c->env);
	type_decode(&d2, t2, c->env);
	return asg_dec(&d1, &d2, c);
}

static bool is_scalar_kind(enum type_kind k)
{
	switch (k) {
	case TK_SCALAR:
	case TK_REGEXP:
	case TK_SEMVER:
	case TK_SEMVERRANGE:
	case TK_TIMESPAN:
	case TK_TIMESTAMP:
		return true;
	case TK_SCALARDATA:
	case TK_ENUM:
	case TK_NUMERIC:
	case TK_INTEGER:
	case TK_FLOAT:
	case TK_STRING:
	case TK_PATTERN:
	case TK_BOOLEAN:
		return true;
	default:
		return false;
	}
}

static bool is_scalardata_kind(enum type_kind k)
{
	return is_scalar_kind(k) && k != TK_SCALAR && k != TK_REGEXP &&
	       k != TK_SEMVER && k != TK_SEMVERRANGE && k != TK_TIMESPAN &&
	       k != TK_TIMESTAMP;
}

static bool sub_string(const struct type_dec *d1, const struct type_dec *d2)
{
	if (d1->sval) {
		if (d2->k == TK_STRING)
			return d2->sval && type_bytes_eq(d1->sval, d2->sval);
		if (d2->k == TK_ENUM) {
			struct type_enum e;
			type_enum_parts(d2, &e);
			return e.nvals == 1 && !e.ci &&
			       type_param(d2, 0)->kind == VAL_STRING &&
			       type_bytes_eq(d1->sval, type_param(d2, 0));
		}
		return false;
	}
	if (d1->n == 0)
		return d2->k == TK_STRING || d2->k == TK_ENUM ||
		       d2->k == TK_PATTERN;
	struct type_coll s;
	type_coll_parts(d1, &s);
	switch (d2->k) {
	case TK_STRING: {
		if (d2->sval) {
			int64_t n = (int64_t)type_utf8_chars(d2->sval->u.s.ptr,
							     d2->sval->u.s.len);
			return type_range_has(s.lo, s.hi, n);
		}
		struct type_coll o;
		type_coll_parts(d2, &o);
		return type_range_covers(s.lo, s.hi, o.lo, o.hi);
	}
	case TK_ENUM: {
		struct type_enum e;
		type_enum_parts(d2, &e);
		if (e.nvals == 0)
			return type_range_covers(s.lo, s.hi, 0, TYPE_IHI);
		int64_t mn = TYPE_IHI, mx = 0;
		for (size_t i = 0; i < e.nvals; i++) {
			const struct value *x = type_param(d2, i);
			if (x->kind != VAL_STRING)
				continue;
			int64_t n = (int64_t)type_utf8_chars(x->u.s.ptr,
							     x->u.s.len);
			mn = n < mn ? n : mn;
			mx = n > mx ? n : mx;
		}
		return s.lo <= mn && s.hi >= mx;
	}
	case TK_PATTERN:
		return type_range_covers(s.lo, s.hi, 0, TYPE_IHI);
	default:
		return false;
	}
}

static bool sub_enum(const struct type_dec *d1, const struct type_dec *d2,
		     struct actx *c)
{
	struct type_enum e1;
	type_enum_parts(d1, &e1);
	if (e1.nvals == 0 && (d2->k == TK_STRING || d2->k == TK_ENUM ||
			      d2->k == TK_PATTERN))
		return true;
	struct mctx m = { c->env, 0 };
	if (d2->k == TK_STRING)
		return d2->sval && match_dec(d1, d2->sval, &m);
	if (d2->k != TK_ENUM)
		return false;
	struct type_enum e2;
	type_enum_parts(d2, &e2);
	if (e2.nvals == 0 || (!e1.ci && e2.ci))
		return false;
	for (size_t i = 0; i < e2.nvals; i++)
		if (!match_dec(d1, type_param(d2, i), &m))
			return false;
	return true;
}

static bool patterns_eq(const struct type_dec *a, const struct type_dec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const char *s = type_regex_src(type_param(a, i));
		bool found = false;
		for (size_t j = 0; s && j < b->n && !found; j++) {
			const char *t = type_regex_src(type_param(b, j));
			found = t && !strcmp(s, t);
		}
		if (!found)
			return false;
	}
	return true;
}

static bool sub_pattern(const struct type_dec *d1, const struct type_dec *d2,
			struct actx *c)
{
	switch (d2->k) {
	case TK_STRING:
		if (!d2->sval)
			return d1->n == 0;
		return pattern_hits(d1, d2->sval, c->env);
	case TK_ENUM: {
		struct type_enum e;
		type_enum_parts(d2, &e);
		if (e.nvals == 0)
			return d1->n == 0;
		for (size_t i = 0; i < e.nvals; i++)
			if (type_param(d2, i)->kind != VAL_STRING ||
			    !pattern_hits(d1, type_param(d2, i), c->env))
				return false;
		return true;
	}
	case TK_PATTERN:
		return d1->n == 0 || patterns_eq(d1, d2);
	default:
		return false;
	}
}

static bool sub_collection(const struct type_dec *d1, const struct type_dec *d2)
{
	struct type_coll s, o;
	type_coll_parts(d1, &s);
	switch (d2->k) {
	case TK_COLLECTION:
	case TK_ARRAY:
	case TK_HASH:
		type_coll_parts(d2, &o);
		return type_range_covers(s.lo, s.hi, o.lo, o.hi);
	case TK_TUPLE: {
		struct type_tuple tp;
		type_tuple_parts(d2, &tp);
		return type_range_covers(s.lo, s.hi, tp.lo, tp.hi);
	}
	case TK_STRUCT: {
		const struct value *h = type_struct_hash(d2);
		int64_t n = h ? (int64_t)h->u.h.n : 0;
		return type_range_has(s.lo, s.hi, n);
	}
	default:
		return false;
	}
}

static bool sub_array(const struct type_dec *d1, const struct type_dec *d2,
		      struct actx *c)
{
	struct type_coll s;
	type_coll_parts(d1, &s);
	const struct value *elem = type_or_any(s.elem);
	if (d2->k == TK_TUPLE) {
		struct type_tuple tp;
		type_tuple_parts(d2, &tp);
		if (!type_range_covers(s.lo, s.hi, tp.lo, tp.hi))
			return false;
		for (size_t i = 0; i < tp.ntypes; i++)
			if (!asg(elem, type_param(d2, i), c))
				return false;
		return true;
	}
	if (d2->k != TK_ARRAY)
		return false;
	struct type_coll o;
	type_coll_parts(d2, &o);
	return type_range_covers(s.lo, s.hi, o.lo, o.hi) &&
	       asg(elem, type_or_any(o.elem), c);
}

static bool sub_hash(const struct type_dec *d1, const struct type_dec *d2,
		     struct actx *c)
{
	struct type_coll s;
	type_coll_parts(d1, &s);
	const struct value *k1 = type_or_any(s.key), *v1 = type_or_any(s.val);
	if (d2->k == TK_HASH) {
		struct type_coll o;
		type_coll_parts(d2, &o);
		if ((!s.has_size || s.lo == 0) && o.has_size && o.hi == 0)
			return true; /* the empty hash */
		return asg(k1, type_or_any(o.key), c) &&
		       asg(v1, type_or_any(o.val), c) &&
		       type_range_covers(s.lo, s.hi, o.lo, o.hi);
	}
	if (d2->k != TK_STRUCT)
		return false;
	const struct value *h = type_struct_hash(d2);
	size_t n = h ? h->u.h.n : 0;
	if (!type_range_has(s.lo, s.hi, (int64_t)n))
		return false;
	for (size_t i = 0; i < n; i++) {
		struct type_selem e;
		if (!type_struct_elem(&e, h->u.h.e[i].key, h->u.h.e[i].val,
				      c->env))
			return false;
		if (!type_match(k1, e.name, c->env) || !asg(v1, e.vt, c))
			return false;
	}
	return true;
}

static bool sub_tuple(const struct type_dec *d1, const struct type_dec *d2,
		      struct actx *c)
{
	struct type_tuple s;
	type_tuple_parts(d1, &s);
	if (d2->k == TK_TUPLE) {
		struct type_tuple o;
		type_tuple_parts(d2, &o);
		if (!type_range_covers(s.lo, s.hi, o.lo, o.hi))
			return false;
		if (!s.ntypes)
			return true;
		if (!o.ntypes)
			return s.lo == 0;
		for (size_t i = 0; i < o.ntypes; i++)
			if (!asg(type_tuple_at(d1, &s, i), type_param(d2, i),
				 c))
				return false;
		return true;
	}
	if (d2->k != TK_ARRAY)
		return false;
	struct type_coll o;
	type_coll_parts(d2, &o);
	if (!type_range_covers(s.lo, s.hi, o.lo, o.hi))
		return false;
	if (!s.ntypes)
		return true;
	const struct value *elem = type_or_any(o.elem);
	for (size_t i = 0; i < s.ntypes && (int64_t)i < o.hi; i++)
		if (!asg(type_tuple_at(d1, &s, i), elem, c))
			return false;
	return true;
}

static bool sub_struct(const struct type_dec *d1, const struct type_dec *d2,
		       struct actx *c)
{
	const struct value *h1 = type_struct_hash(d1);
	size_t n1 = h1 ? h1->u.h.n : 0;
	if (d2->k == TK_STRUCT) {
		const struct value *h2 = type_struct_hash(d2);
		size_t n2 = h2 ? h2->u.h.n : 0, matched = 0;
		for (size_t i = 0; i < n1; i++) {
			struct type_selem e1, e2;
			if (!type_struct_elem(&e1, h1->u.h.e[i].key,
					      h1->u.h.e[i].val, c->env))
				return false;
			bool found = false;
			for (size_t j = 0; j < n2 && !found; j++) {
				if (!type_struct_elem(&e2, h2->u.h.e[j].key,
						      h2->u.h.e[j].val, c->env))
					return false;
				found = type_bytes_eq(e1.name, e2.name);
			}
			if (!found) {
				if (!e1.key_opt)
					return false;
				continue;
			}
			matched++;
			if (!e1.key_opt && e2.key_opt)
				return false;
			if (!asg(e1.vt, e2.vt, c))
				return false;
		}
		return matched == n2;
	}
	if (d2->k != TK_HASH)
		return false;
	struct type_coll o;
	type_coll_parts(d2, &o);
	int64_t required = 0;
	for (size_t i = 0; i < n1; i++) {
		struct type_selem e;
		if (!type_struct_elem(&e, h1->u.h.e[i].key, h1->u.h.e[i].val,
				      c->env))
			return false;
		if (e.key_opt)
			continue;
		required++;
		if (!asg(e.vt, type_or_any(o.val), c) ||
		    !asg(TYPE_KD(TK_STRING), type_or_any(o.key), c))
			return false;
	}
	return type_range_covers(required, (int64_t)n1, o.lo, o.hi);
}

static bool is_iterable_kind(const struct type_dec *d)
{
	switch (d->k) {
	case TK_STRING:
	case TK_ENUM:
	case TK_INTEGER:
	case TK_ARRAY:
	case TK_HASH:
	case TK_COLLECTION:
	case TK_TUPLE:
	case TK_STRUCT:
	case TK_ITERABLE:
	case TK_ITERATOR:
		return true;
	case TK_TYPE: {
		struct arena scratch = ARENA_INIT;
		bool r = type_iterable_type(&scratch, d) != NULL;
		arena_release(&scratch);
		return r;
	}
	default:
		return false;
	}
}

static bool sub_iterable(const struct type_dec *d1, const struct type_dec *d2,
			 struct actx *c)
{
	const struct value *in = type_contained(d1);
	if (!in || asg(in, TYPE_KD(TK_ANY), c))
		return is_iterable_kind(d2);
	struct arena scratch = ARENA_INIT;
	const struct value *et = type_iterable_type(&scratch, d2);
	bool r = et && asg(in, et, c);
	arena_release(&scratch);
	return r;
}

static bool sub_resource(const struct type_dec *d1, const struct type_dec *d2)
{
	if (d2->k != TK_RESOURCE)
		return false;
	const char *n1, *n2;
	const struct value *t1, *t2;
	type_resource_parts(d1, &n1, &t1);
	if (!n1)
		return true;
	type_resource_parts(d2, &n2, &t2);
	if (!n2 || strcasecmp(n1, n2))
		return false;
	return !t1 || (t2 && title_eq(t1, t2));
}

/* Puppet's per-kind _assignable? */
static bool sub(const struct type_dec *d1, const struct type_dec *d2,
		struct actx *c)
{
	switch (d1->k) {
	case TK_ANY:
	case TK_UNIT:
		return true;
	case TK_BOOLEAN:
		if (d2->k != TK_BOOLEAN)
			return false;
		if (d1->n == 0)
			return true;
		return d2->n && type_param(d1, 0)->kind == VAL_BOOL &&
		       type_param(d2, 0)->kind == VAL_BOOL &&
		       type_param(d1, 0)->u.b == type_param(d2, 0)->u.b;
	case TK_INTEGER: {
		if (d2->k != TK_INTEGER)
			return false;
		int64_t l1, h1, l2, h2;
		type_int_range(d1, &l1, &h1);
		type_int_range(d2, &l2, &h2);
		return type_range_covers(l1, h1, l2, h2);
	}
	case TK_FLOAT: {
		if (d2->k != TK_FLOAT)
			return false;
		double l1, h1, l2, h2;
		type_float_range(d1, &l1, &h1);
		type_float_range(d2, &l2, &h2);
		return l1 <= l2 && h1 >= h2;
	}
	case TK_NUMERIC:
		return d2->k == TK_NUMERIC || d2->k == TK_INTEGER ||
		       d2->k == TK_FLOAT;
	case TK_STRING:
		return sub_string(d1, d2);
	case TK_ENUM:
		return sub_enum(d1, d2, c);
	case TK_PATTERN:
		return sub_pattern(d1, d2, c);
	case TK_REGEXP: {
		if (d2->k != TK_REGEXP)
			return false;
		if (d1->n == 0)
			return true;
		const char *s1 = type_regex_src(type_param(d1, 0));
		const char *s2 =
			d2->n ? type_regex_src(type_param(d2, 0)) : NULL;
		return s1 && s2 && !strcmp(s1, s2);
	}
	case TK_SCALAR:
		return is_scalar_kind(d2->k);
	case TK_SCALARDATA:
		return is_scalardata_kind(d2->k);
	case TK_COLLECTION:
		return sub_collection(d1, d2);
	case TK_ARRAY:
		return sub_array(d1, d2, c);
	case TK_HASH:
		return sub_hash(d1, d2, c);
	case TK_TUPLE:
		return sub_tuple(d1, d2, c);
	case TK_STRUCT:
		return sub_struct(d1, d2, c);
	case TK_VARIANT:
		for (size_t i = 0; i < d1->n; i++)
			if (asg(type_param(d1, i), d2->t, c))
				return true;
		return false;
	case TK_OPTIONAL: {
		if (d2->k == TK_UNDEF)
			return true;
		const struct value *in = type_contained(d1);
		if (!in)
			return true;
		if (d2->k == TK_OPTIONAL)
			return asg(in, type_or_any(type_contained(d2)), c);
		return asg(in, d2->t, c);
	}
	case TK_NOTUNDEF: {
		if (asg(d2->t, TYPE_KD(TK_UNDEF), c))
			return false;
		const struct value *in = type_contained(d1);
		return !in || type_is_any(in) || asg(in, d2->t, c);
	}
	case TK_TYPE: {
		if (d2->k != TK_TYPE)
			return false;
		const struct value *in1 = type_contained(d1),
				   *in2 = type_contained(d2);
		if (!in1)
			return true;
		return in2 && asg(in1, in2, c);
	}
	case TK_ITERABLE:
		return sub_iterable(d1, d2, c);
	case TK_ITERATOR:
	case TK_SENSITIVE: {
		if (d2->k != d1->k)
			return false;
		const struct value *in1 = type_contained(d1);
		return !in1 || asg(in1, type_or_any(type_contained(d2)), c);
	}
	case TK_CALLABLE:
		return d2->k == TK_CALLABLE &&
		       (d1->n == 0 || type_is_same(d1->t, d2->t));
	case TK_CATALOGENTRY:
		return d2->k == TK_CATALOGENTRY || d2->k == TK_CLASS ||
		       d2->k == TK_RESOURCE;
	case TK_CLASS:
		if (d2->k != TK_CLASS)
			return false;
		return d1->np == 0 ||
		       (d2->np && class_name_eq(d1->p[0], d2->p[0]));
	case TK_RESOURCE:
		return sub_resource(d1, d2);
	case TK_INVALID:
		return false;
	default: /* Undef, Default, Binary, SemVer, Timespan, Object, ... */
		return d1->k == d2->k;
	}
}

/* PAnyType#assignable?: what the right side wraps comes first */
static bool generic(const struct type_dec *d1, const struct type_dec *d2,
		    struct actx *c)
{
	if (type_kind_is_alias(d2->k))
		return asg_alias(d1, d2, c);
	switch (d2->k) {
	case TK_UNIT:
		return true;
	case TK_VARIANT:
		if (d1->k == TK_ANY)
			return true;
		if (d1->k == TK_NOTUNDEF && d2->n == 0)
			return sub(d1, d2, c);
		if (d2->n == 0)
			return false;
		for (size_t i = 0; i < d2->n; i++)
			if (!asg(d1->t, type_param(d2, i), c))
				return false;
		return true;
	case TK_OPTIONAL: {
		if (!asg(d1->t, TYPE_KD(TK_UNDEF), c))
			return false;
		const struct value *in = type_contained(d2);
		return !in || asg(d1->t, in, c);
	}
	case TK_NOTUNDEF: {
		const struct value *in = type_contained(d2);
		if (in && !type_is_any(in) && !asg(in, TYPE_KD(TK_UNDEF), c))
			return asg(d1->t, in, c);
		return sub(d1, d2, c);
	}
	default:
		return sub(d1, d2, c);
	}
}

static bool asg_dec(const struct type_dec *d1, const struct type_dec *d2,
		    struct actx *c)
{
	if (d1->k == TK_INVALID || d2->k == TK_INVALID)
		return false;
	if (type_kind_is_alias(d1->k) || type_kind_is_alias(d2->k)) {
		if (d1->k == d2->k &&
		    !strcasecmp(type_alias_name(d1), type_alias_name(d2)))
			return true;
		return asg_alias(d1, d2, c);
	}
	if (d1->k == TK_UNIT)
		return true;
	if (d1->k == TK_VARIANT) {
		if (d2->k == TK_UNDEF && d1->n == 0)
			return false;
		if (d2->k == TK_VARIANT) {
			if (d1->n == 0)
				return true;
			if (d2->n == 0)
				return false;
			for (size_t i = 0; i < d2->n; i++) {
				struct type_dec m;
				type_decode(&m, type_param(d2, i), c->env);
				if (!generic(d1, &m, c))
					return false;
			}
			return true;
		}
	}
	return generic(d1, d2, c);
}

int type_compare_assignable(const struct value *t1, const struct value *t2,
			    const struct type_env *env)
{
	return assignable(t1, t2, env);
}

/* ---- equality ---- */

/* PAnyType#== (eql?): the same type once normalized */
bool type_is_same(const struct value *t1, const struct value *t2)
{
	struct type_dec d1, d2;
	type_decode(&d1, t1, NULL);
	type_decode(&d2, t2, NULL);
	if (d1.k != d2.k || d1.k == TK_INVALID)
		return false;
	if (d1.sval || d2.sval)
		return d1.sval && d2.sval && type_bytes_eq(d1.sval, d2.sval);
	if (d1.k == TK_VARIANT) {
		struct type_members m1 = { 0 }, m2 = { 0 };
		type_variant_flatten(&m1, &d1);
		type_variant_flatten(&m2, &d2);
		bool eq = m1.n == m2.n;
		for (size_t i = 0; i < m1.n && eq; i++) {
			bool found = false;
			for (size_t j = 0; j < m2.n && !found; j++)
				found = type_is_same(m1.v[i], m2.v[j]);
			eq = found;
		}
		free(m1.v);
		free(m2.v);
		return eq;
	}
	if (d1.k == TK_PATTERN)
		return patterns_eq(&d1, &d2);
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	type_to_s(&b1, t1);
	type_to_s(&b2, t2);
	bool eq = b1.len == b2.len && !memcmp(b1.ptr, b2.ptr, b1.len);
	buf_release(&b1);
	buf_release(&b2);
	return eq;
}

/* TypeCalculator#equals, what == on types does */
bool type_equal(const struct value *t1, const struct value *t2,
		const struct type_env *env)
{
	return type_is_same(t1, t2) ||
	       (assignable(t1, t2, env) && assignable(t2, t1, env));
}
