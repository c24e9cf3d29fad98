/* SPDX-License-Identifier: MIT */
/* erb_value.c: Ruby values for ERB: symbols, objects, equality, errors, limits */
#include "util/compat.h"
#include <math.h>
#include "template/erb-internal.h"
#include "lang/regex.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * The struct value of lang/value.h carries Ruby's values: nil is undef,
 * symbols are strings remembered in a pointer set (the template's for
 * literals, the run's for made ones), and Ruby's own objects (Range,
 * MatchData, classes, the scope, Enumerator, &:sym procs) are VAL_TYPE
 * values named by one of the erb_t_* arrays below, compared by address,
 * so that no Puppet type can pass for one. Equality and ordering are
 * Ruby's (case-sensitive strings, 1 == 1.0, symbols apart from strings).
 * Nothing made here is cyclic or nested deeper than MAX_VALUE_DEPTH.
 */

const char erb_t_range[] = "Range";
const char erb_t_match[] = "MatchData";
const char erb_t_class[] = "Class";
const char erb_t_scope[] = "Puppet::Parser::Scope";
const char erb_t_enum[] = "Enumerator";
const char erb_t_proc[] = "Proc";

#define MAX_VALUE_DEPTH 128

/* ---- pointer sets ---- */

static size_t ptr_hash(const void *p, size_t mask)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(x >> 7) & mask;
}

void erb_ptrset_add(struct erb_ptrset *s, const void *p)
{
	if (erb_ptrset_has(s, p))
		return;
	if ((s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 16;
		const void **nv;
		if (s->a)
			nv = arena_alloc(s->a, ncap * sizeof(*nv));
		else
			nv = xcalloc(ncap, sizeof(*nv));
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->v[i])
				continue;
			size_t k = ptr_hash(s->v[i], ncap - 1);
			while (nv[k])
				k = (k + 1) & (ncap - 1);
			nv[k] = s->v[i];
		}
		if (!s->a)
			free(s->v);
		s->v = nv;
		s->cap = ncap;
	}
	size_t k = ptr_hash(p, s->cap - 1);
	while (s->v[k])
		k = (k + 1) & (s->cap - 1);
	s->v[k] = p;
	s->n++;
}

bool erb_ptrset_has(const struct erb_ptrset *s, const void *p)
{
	if (!s->n)
		return false;
	size_t k = ptr_hash(p, s->cap - 1);
	while (s->v[k]) {
		if (s->v[k] == p)
			return true;
		k = (k + 1) & (s->cap - 1);
	}
	return false;
}

void erb_ptrset_release(struct erb_ptrset *s)
{
	if (!s->a)
		free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* ---- errors and limits ---- */

__attribute__((format(printf, 4, 0)))
static int verror(struct erb_run *r, struct srcloc loc, const char *pre,
		  const char *fmt, va_list ap)
{
	buf_reset(&r->err);
	buf_addstr(&r->err, pre);
	buf_vaddf(&r->err, fmt, ap);
	r->errloc = loc;
	r->err_recorded = false;
	r->err_is_raise = false;
	r->err_fatal = false;
	r->err_class = NULL;
	return ERB_ERR;
}

int erb_error(struct erb_run *r, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(r, loc, "", fmt, ap);
	va_end(ap);
	return ERB_ERR;
}

int erb_unsupported(struct erb_run *r, struct srcloc loc, const char *fmt,
		    ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(r, loc, "unsupported ERB construct: ", fmt, ap);
	va_end(ap);
	r->err_fatal = true;
	return ERB_ERR;
}

static int over_limit(struct erb_run *r, struct srcloc loc, size_t more)
{
	size_t used = r->a->total - r->bytes_start + r->out->len;
	if (more > r->max_bytes || used > r->max_bytes - more) {
		erb_error(r, loc, "template exceeded its memory limit (%zu bytes)",
			  r->max_bytes);
		r->err_fatal = true;
		return ERB_ERR;
	}
	return 0;
}

int erb_step(struct erb_run *r, struct srcloc loc)
{
	if (++r->steps > r->max_steps) {
		erb_error(r, loc, "template exceeded its step limit (%lu steps)",
			  r->max_steps);
		r->err_fatal = true;
		return ERB_ERR;
	}
	if (!(r->steps & 255))
		return over_limit(r, loc, 0);
	return 0;
}

int erb_room(struct erb_run *r, struct srcloc loc, size_t more)
{
	return over_limit(r, loc, more);
}

/* ---- values ---- */

static struct value scope_obj = {
	.kind = VAL_TYPE,
	.u.t = { erb_t_scope, NULL, 0 },
};

struct value *erb_scope_value(void)
{
	return &scope_obj;
}

bool erb_is_obj(const struct value *v, const char *tname)
{
	return v->kind == VAL_TYPE && v->u.t.name == tname;
}

bool erb_is_sym(const struct erb_run *r, const struct value *v)
{
	return v->kind == VAL_STRING && (erb_ptrset_has(&r->t->syms, v) ||
					 erb_ptrset_has(&r->syms, v));
}

struct value *erb_sym(struct erb_run *r, const char *s, size_t len)
{
	struct value *v = val_str(r->a, s, len);
	erb_ptrset_add(&r->syms, v);
	return v;
}

struct value *erb_class_val(struct erb_run *r, enum erb_cls c)
{
	struct value **p = arena_alloc(r->a, sizeof(*p));
	p[0] = val_int(r->a, c);
	return val_type(r->a, erb_t_class, p, 1);
}

struct value *erb_range(struct erb_run *r, struct value *from,
			struct value *to, bool excl)
{
	struct value **p = arena_alloc(r->a, 3 * sizeof(*p));
	p[0] = from;
	p[1] = to;
	p[2] = val_bool(excl);
	return val_type(r->a, erb_t_range, p, 3);
}

struct value *erb_pair(struct erb_run *r, struct value *a, struct value *b)
{
	struct value *p = val_array(r->a, 2);
	val_array_push(r->a, p, a);
	val_array_push(r->a, p, b);
	return p;
}

bool erb_truthy(const struct value *v)
{
	return !(v->kind == VAL_UNDEF || (v->kind == VAL_BOOL && !v->u.b));
}

enum erb_cls erb_class_of(const struct erb_run *r, const struct value *v)
{
	switch (v->kind) {
	case VAL_UNDEF: return CLS_NIL;
	case VAL_DEFAULT: return CLS_SYMBOL;
	case VAL_BOOL: return v->u.b ? CLS_TRUE : CLS_FALSE;
	case VAL_INT: return CLS_INTEGER;
	case VAL_FLOAT: return CLS_FLOAT;
	case VAL_STRING: return erb_is_sym(r, v) ? CLS_SYMBOL : CLS_STRING;
	case VAL_REGEX: return CLS_REGEXP;
	case VAL_ARRAY: return CLS_ARRAY;
	case VAL_HASH: return CLS_HASH;
	case VAL_TYPE:
		if (v->u.t.name == erb_t_range)
			return CLS_RANGE;
		if (v->u.t.name == erb_t_match)
			return CLS_MATCHDATA;
		if (v->u.t.name == erb_t_class)
			return CLS_CLASS;
		if (v->u.t.name == erb_t_scope)
			return CLS_SCOPE;
		if (v->u.t.name == erb_t_enum)
			return CLS_ENUMERATOR;
		if (v->u.t.name == erb_t_proc)
			return CLS_PROC;
		return CLS_PUPPET_TYPE;
	}
	return CLS_OBJECT;
}

/* Depth of nesting, stopping (and failing) beyond `limit`; detects
 * cycles through `target` when it is set. */
static int depth_of(const struct value *v, const struct value *target,
		    int limit)
{
	if (limit < 0)
		return -1;
	if (v == target)
		return -2;
	if (v->kind == VAL_ARRAY) {
		for (size_t i = 0; i < v->u.arr.n; i++) {
			int d = depth_of(v->u.arr.v[i], target, limit - 1);
			if (d < 0)
				return d;
		}
	} else if (v->kind == VAL_HASH) {
		for (size_t i = 0; i < v->u.h.n; i++) {
			int d = depth_of(v->u.h.e[i].key, target, limit - 1);
			if (d < 0)
				return d;
			d = depth_of(v->u.h.e[i].val, target, limit - 1);
			if (d < 0)
				return d;
		}
	} else if (v->kind == VAL_TYPE) {
		for (size_t i = 0; i < v->u.t.nparams; i++) {
			int d = depth_of(v->u.t.params[i], target, limit - 1);
			if (d < 0)
				return d;
		}
	}
	return 0;
}

int erb_check_depth(struct erb_run *r, const struct value *v,
		    struct srcloc loc)
{
	if (v->kind != VAL_ARRAY && v->kind != VAL_HASH)
		return 0;
	if (depth_of(v, NULL, MAX_VALUE_DEPTH) < 0)
		return erb_unsupported(r, loc, "value nested deeper than %d",
				       MAX_VALUE_DEPTH);
	return 0;
}

int erb_check_insert(struct erb_run *r, const struct value *c,
		     const struct value *v, struct srcloc loc)
{
	if (v->kind != VAL_ARRAY && v->kind != VAL_HASH)
		return 0;
	int d = depth_of(v, c, MAX_VALUE_DEPTH - 1);
	if (d == -2)
		return erb_unsupported(r, loc, "recursive array or hash");
	if (d < 0)
		return erb_unsupported(r, loc, "value nested deeper than %d",
				       MAX_VALUE_DEPTH);
	return 0;
}

struct value *erb_hash_get(const struct value *h, const struct value *k)
{
	return val_hash_get(h, k);
}

int erb_hash_set(struct erb_run *r, struct value *h, struct value *k,
		 struct value *v, struct srcloc loc)
{
	if (erb_check_depth(r, k, loc) < 0 ||
	    erb_check_insert(r, h, v, loc) < 0)
		return ERB_ERR;
	if (k->kind == VAL_STRING && !erb_is_sym(r, k) && !erb_hash_get(h, k))
		k = val_str_borrow(r->a, k->u.s.ptr, k->u.s.len);
	val_hash_set(r->a, h, k, v);
	return ERB_OK;
}

int erb_str_mutable(struct erb_run *r, struct value *s, struct srcloc loc)
{
	if (s->kind != VAL_STRING)
		return erb_error(r, loc, "can't modify a %s", val_type_name(s));
	if (erb_is_sym(r, s))
		return erb_error(r, loc, "can't modify frozen Symbol: :%.*s",
				 (int)s->u.s.len, s->u.s.ptr);
	return 0;
}

void erb_str_set(struct erb_run *r, struct value *s, const char *p,
		 size_t len)
{
	s->u.s.ptr = arena_memdupz(r->a, p, len);
	s->u.s.len = len;
}

/* ---- equality and ordering ---- */

static int eq_rec(bool *out, struct erb_run *r, const struct value *a,
		  const struct value *b, int depth, struct srcloc loc)
{
	*out = false;
	if (depth > MAX_VALUE_DEPTH)
		return erb_unsupported(r, loc, "value nested deeper than %d",
				       MAX_VALUE_DEPTH);
	if (a == b) {
		*out = true;
		return 0;
	}
	if (a->kind == VAL_INT && b->kind == VAL_FLOAT) {
		*out = (double)a->u.n.i == b->u.f;
		return 0;
	}
	if (a->kind == VAL_FLOAT && b->kind == VAL_INT) {
		*out = a->u.f == (double)b->u.n.i;
		return 0;
	}
	if (a->kind == VAL_DEFAULT || b->kind == VAL_DEFAULT) {
		const struct value *o = a->kind == VAL_DEFAULT ? b : a;
		*out = o->kind == VAL_DEFAULT ||
		       (erb_is_sym(r, o) && val_is_str(o, "default"));
		return 0;
	}
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case VAL_UNDEF:
		*out = true;
		return 0;
	case VAL_BOOL:
		*out = a->u.b == b->u.b;
		return 0;
	case VAL_INT:
		*out = a->u.n.i == b->u.n.i;
		return 0;
	case VAL_FLOAT:
		*out = a->u.f == b->u.f;
		return 0;
	case VAL_STRING:
		*out = a->u.s.len == b->u.s.len &&
		       !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len) &&
		       erb_is_sym(r, a) == erb_is_sym(r, b);
		return 0;
	case VAL_REGEX:
		*out = !strcmp(a->u.re.src, b->u.re.src);
		return 0;
	case VAL_ARRAY:
		if (a->u.arr.n != b->u.arr.n)
			return 0;
		for (size_t i = 0; i < a->u.arr.n; i++) {
			if (eq_rec(out, r, a->u.arr.v[i], b->u.arr.v[i],
				   depth + 1, loc) < 0)
				return ERB_ERR;
			if (!*out)
				return 0;
		}
		*out = true;
		return 0;
	case VAL_HASH:
		if (a->u.h.n != b->u.h.n)
			return 0;
		for (size_t i = 0; i < a->u.h.n; i++) {
			if (erb_check_depth(r, a->u.h.e[i].key, loc) < 0)
				return ERB_ERR;
			const struct value *o =
				erb_hash_get(b, a->u.h.e[i].key);
			if (!o)
				return 0;
			if (eq_rec(out, r, a->u.h.e[i].val, o, depth + 1, loc) <
			    0)
				return ERB_ERR;
			if (!*out)
				return 0;
		}
		*out = true;
		return 0;
	case VAL_TYPE:
		if (a->u.t.name != b->u.t.name) {
			*out = false;
			return 0;
		}
		if (a->u.t.name == erb_t_range || a->u.t.name == erb_t_class) {
			for (size_t i = 0; i < a->u.t.nparams; i++) {
				if (eq_rec(out, r, a->u.t.params[i],
					   b->u.t.params[i], depth + 1,
					   loc) < 0)
					return ERB_ERR;
				if (!*out)
					return 0;
			}
			*out = true;
			return 0;
		}
		if (erb_class_of(r, a) == CLS_PUPPET_TYPE) {
			*out = val_identical(a, b);
			return 0;
		}
		return 0;
	default:
		return 0;
	}
}

int erb_eq(bool *out, struct erb_run *r, const struct value *a,
	   const struct value *b, struct srcloc loc)
{
	return eq_rec(out, r, a, b, 0, loc);
}

static int cmp_rec(int *out, bool *ok, struct erb_run *r,
		   const struct value *a, const struct value *b, int depth,
		   struct srcloc loc)
{
	*ok = true;
	*out = 0;
	if (depth > MAX_VALUE_DEPTH)
		return erb_unsupported(r, loc, "value nested deeper than %d",
				       MAX_VALUE_DEPTH);
	bool an = a->kind == VAL_INT || a->kind == VAL_FLOAT;
	bool bn = b->kind == VAL_INT || b->kind == VAL_FLOAT;
	if (an && bn) {
		if (a->kind == VAL_INT && b->kind == VAL_INT) {
			*out = a->u.n.i < b->u.n.i ? -1 : a->u.n.i > b->u.n.i;
			return 0;
		}
		double x = a->kind == VAL_INT ? (double)a->u.n.i : a->u.f;
		double y = b->kind == VAL_INT ? (double)b->u.n.i : b->u.f;
		if (isnan(x) || isnan(y))
			*ok = false;
		else
			*out = x < y ? -1 : x > y;
		return 0;
	}
	if (a->kind == VAL_STRING && b->kind == VAL_STRING &&
	    erb_is_sym(r, a) == erb_is_sym(r, b)) {
		size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
		int c = memcmp(a->u.s.ptr, b->u.s.ptr, n);
		if (c)
			*out = c < 0 ? -1 : 1;
		else
			*out = a->u.s.len < b->u.s.len
				       ? -1
				       : a->u.s.len > b->u.s.len;
		return 0;
	}
	if (a->kind == VAL_ARRAY && b->kind == VAL_ARRAY) {
		for (size_t i = 0; i < a->u.arr.n && i < b->u.arr.n; i++) {
			if (cmp_rec(out, ok, r, a->u.arr.v[i], b->u.arr.v[i],
				    depth + 1, loc) < 0)
				return ERB_ERR;
			if (!*ok || *out)
				return 0;
		}
		*out = a->u.arr.n < b->u.arr.n ? -1 : a->u.arr.n > b->u.arr.n;
		return 0;
	}
	bool e;
	if (eq_rec(&e, r, a, b, depth, loc) < 0)
		return ERB_ERR;
	*ok = e;
	return 0;
}

int erb_cmp(int *out, bool *ok, struct erb_run *r, const struct value *a,
	    const struct value *b, struct srcloc loc)
{
	return cmp_rec(out, ok, r, a, b, 0, loc);
}

/* ---- regular expressions ---- */

int erb_regex_code(void **code_out, struct erb_run *r, struct value *re,
		   struct srcloc loc)
{
	if (!re->u.re.code && regex_compile(r->a, re) < 0)
		return erb_error(r, loc, "%s", err_last());
	*code_out = re->u.re.code;
	return 0;
}

int erb_to_regex(struct value **out, struct erb_run *r, struct value *pat,
		 struct srcloc loc)
{
	if (pat->kind == VAL_REGEX) {
		*out = pat;
		return 0;
	}
	if (pat->kind != VAL_STRING)
		return erb_error(r, loc, "wrong argument type %s (expected Regexp)",
				 erb_class_names[erb_class_of(r, pat)]);
	struct buf b = BUF_INIT;
	regex_escape(&b, pat->u.s.ptr, pat->u.s.len);
	struct value *re = val_regex(r->a, b.ptr, b.len);
	buf_release(&b);
	void *code = NULL;
	if (erb_regex_code(&code, r, re, loc) < 0)
		return ERB_ERR;
	*out = re;
	return 0;
}

int erb_regex_match(struct value **out, struct erb_run *r, struct value *re,
		    const char *s, size_t len, size_t start, struct srcloc loc)
{
	void *code = NULL;
	if (erb_regex_code(&code, r, re, loc) < 0)
		return ERB_ERR;
	struct regex_hit h = REGEX_HIT_INIT;
	int rc = regex_search(&h, code, s, len, start, 0);
	if (rc < 0) {
		regex_hit_release(&h);
		return erb_error(r, loc, "%s", err_last());
	}
	if (!rc) {
		regex_hit_release(&h);
		r->last_match = NULL;
		*out = val_undef();
		return 0;
	}
	struct value *groups = val_array(r->a, h.ngroups);
	struct value *offs = val_array(r->a, 2);
	for (size_t g = 0; g < h.ngroups; g++) {
		size_t b = h.ov[2 * g], e = h.ov[2 * g + 1];
		if (b == REGEX_UNSET)
			val_array_push(r->a, groups, val_undef());
		else
			val_array_push(r->a, groups,
				       val_str(r->a, s + b, e - b));
	}
	val_array_push(r->a, offs, val_int(r->a, (int64_t)h.ov[0]));
	val_array_push(r->a, offs, val_int(r->a, (int64_t)h.ov[1]));
	regex_hit_release(&h);
	struct value **p = arena_alloc(r->a, 4 * sizeof(*p));
	p[0] = groups;
	p[1] = val_str(r->a, s, len);
	p[2] = re;
	p[3] = offs;
	struct value *m = val_type(r->a, erb_t_match, p, 4);
	r->last_match = m;
	*out = m;
	return 0;
}
