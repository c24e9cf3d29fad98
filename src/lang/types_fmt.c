/* SPDX-License-Identifier: MIT */
/* types_fmt.c: Puppet's data types: rendering, as Puppet's TypeFormatter */
#include "util/compat.h"
#include <inttypes.h>
#include <math.h>
#include <strings.h>
#include "lang/types-internal.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* ---- rendering (TypeFormatter) ---- */

/* An alias being expanded, so that a self-recursive one stops. */
struct expanding {
	const char *name;
	const struct expanding *up;
};

struct fmt {
	bool expand; /* aliases as "Name = definition" (alias_expanded_s) */
	const struct type_env *env;
	const struct expanding *exp;
};

static void fmt_type(struct buf *out, const struct value *t,
		     const struct fmt *f);

/* StringConverter#puppet_quote */
static void puppet_quote(struct buf *out, const char *s, size_t n)
{
	bool dq = false;
	for (size_t i = 0; i < n && !dq; i++)
		dq = (unsigned char)s[i] < 0x20;
	if (!dq) {
		bool escaped = false;
		buf_addch(out, '\'');
		for (size_t i = 0; i < n; i++) {
			char ch = s[i];
			if (escaped) {
				buf_addch(out, '\\');
				buf_addch(out, ch);
				escaped = false;
			} else if (ch == '\'') {
				buf_addstr(out, "\\'");
			} else if (ch == '\\') {
				escaped = true;
			} else {
				buf_addch(out, ch);
			}
		}
		if (escaped)
			buf_addch(out, '\\');
		buf_addch(out, '\'');
		return;
	}
	buf_addch(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		switch (ch) {
		case '\t':
			buf_addstr(out, "\\t");
			break;
		case '\n':
			buf_addstr(out, "\\n");
			break;
		case '\r':
			buf_addstr(out, "\\r");
			break;
		case '"':
			buf_addstr(out, "\\\"");
			break;
		case '$':
			buf_addstr(out, "\\$");
			break;
		case '\\':
			buf_addstr(out, "\\\\");
			break;
		default:
			if (ch < 0x20)
				buf_addf(out, "\\u{%X}", ch);
			else
				buf_addch(out, ch);
		}
	}
	buf_addch(out, '"');
}

/* Ruby's Regexp#inspect: /src/ with unescaped slashes escaped */
static void fmt_regex(struct buf *out, const char *src)
{
	buf_addch(out, '/');
	for (const char *p = src; *p; p++) {
		if (*p == '\\' && p[1]) {
			buf_addch(out, *p++);
			buf_addch(out, *p);
			continue;
		}
		if (*p == '/')
			buf_addch(out, '\\');
		buf_addch(out, *p);
	}
	buf_addch(out, '/');
}

/* A value inside a type (TypeFormatter#string of a non-type) */
static void fmt_val(struct buf *out, const struct value *v,
		    const struct fmt *f)
{
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, "undef");
		return;
	case VAL_DEFAULT:
		buf_addstr(out, "default");
		return;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return;
	case VAL_INT:
		buf_addf(out, "%" PRId64, v->u.n.i);
		return;
	case VAL_FLOAT:
		val_float_fmt(out, v->u.f);
		return;
	case VAL_STRING:
		puppet_quote(out, v->u.s.ptr, v->u.s.len);
		return;
	case VAL_REGEX:
		fmt_regex(out, v->u.re.src);
		return;
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_val(out, v->u.arr.v[i], f);
		}
		buf_addch(out, ']');
		return;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_val(out, v->u.h.e[i].key, f);
			buf_addstr(out, " => ");
			fmt_val(out, v->u.h.e[i].val, f);
		}
		buf_addch(out, '}');
		return;
	case VAL_TYPE:
		fmt_type(out, v, f);
		return;
	}
}

void type_bound_fmt(struct buf *out, int64_t x)
{
	if (x == TYPE_ILO)
		buf_addstr(out, "default");
	else
		buf_addf(out, "%" PRId64, x);
}

/* ", lo, hi" of a size, or of an Integer range (range_array_part) */
static void fmt_range(struct buf *out, int64_t lo, int64_t hi, bool lead)
{
	if (lo == TYPE_ILO && hi == TYPE_IHI)
		return;
	if (lead)
		buf_addstr(out, ", ");
	type_bound_fmt(out, lo);
	if (hi != TYPE_IHI)
		buf_addf(out, ", %" PRId64, hi);
}

static void fmt_params(struct buf *out, const struct type_dec *d,
		       const struct fmt *f)
{
	buf_addstr(out, d->t->u.t.name);
	if (!d->np)
		return;
	buf_addch(out, '[');
	for (size_t i = 0; i < d->np; i++) {
		if (i)
			buf_addstr(out, ", ");
		fmt_val(out, d->p[i], f);
	}
	buf_addch(out, ']');
}

static int str_sort_cmp(const void *a, const void *b)
{
	const struct value *x = *(const struct value *const *)a;
	const struct value *y = *(const struct value *const *)b;
	size_t n = x->u.s.len < y->u.s.len ? x->u.s.len : y->u.s.len;
	int c = memcmp(x->u.s.ptr, y->u.s.ptr, n);
	if (c)
		return c;
	return x->u.s.len < y->u.s.len ? -1 : x->u.s.len > y->u.s.len;
}

/* Enum['a', 'b']: values sorted and unique, as PEnumType keeps them */
static void fmt_enum(struct buf *out, const struct type_dec *d)
{
	struct type_enum e;
	type_enum_parts(d, &e);
	if (!e.nvals) {
		buf_addstr(out, "Enum");
		return;
	}
	const struct value **vals = xmalloc(e.nvals * sizeof(*vals));
	size_t n = 0;
	for (size_t i = 0; i < e.nvals; i++)
		if (type_param(d, i)->kind == VAL_STRING)
			vals[n++] = type_param(d, i);
	qsort(vals, n, sizeof(*vals), str_sort_cmp);
	buf_addstr(out, "Enum[");
	for (size_t i = 0; i < n; i++) {
		if (i && type_bytes_eq(vals[i], vals[i - 1]))
			continue;
		if (i)
			buf_addstr(out, ", ");
		puppet_quote(out, vals[i]->u.s.ptr, vals[i]->u.s.len);
	}
	if (e.ci)
		buf_addstr(out, ", true");
	buf_addch(out, ']');
	free(vals);
}

static void fmt_patterns(struct buf *out, const struct type_dec *d, bool *first)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct value *p = type_param(d, i);
		if (p->kind == VAL_TYPE) {
			struct type_dec sub;
			type_decode(&sub, p, NULL);
			if (sub.k == TK_PATTERN || sub.k == TK_REGEXP) {
				fmt_patterns(out, &sub, first);
				continue;
			}
		}
		const char *src = type_regex_src(p);
		if (!src)
			continue;
		if (!*first)
			buf_addstr(out, ", ");
		*first = false;
		fmt_regex(out, src);
	}
}

/* A type in a type position: a string there is the String of it */
static void fmt_inner(struct buf *out, const struct value *t,
		      const struct fmt *f)
{
	struct type_dec d;
	type_decode(&d, t, NULL);
	if (d.k == TK_STRING && d.sval)
		puppet_quote(out, d.sval->u.s.ptr, d.sval->u.s.len);
	else
		fmt_type(out, t, f);
}

static void capitalize_segments(struct buf *out, const char *name)
{
	if (*name >= 'A' && *name <= 'Z') {
		buf_addstr(out, name);
		return;
	}
	bool start = true;
	for (const char *p = name; *p; p++) {
		if (p[0] == ':' && p[1] == ':') {
			buf_addstr(out, "::");
			p++;
			start = true;
			continue;
		}
		char ch = *p;
		if (start && ch >= 'a' && ch <= 'z')
			ch -= 32;
		else if (!start && ch >= 'A' && ch <= 'Z')
			ch += 32;
		buf_addch(out, ch);
		start = false;
	}
}

static void fmt_struct(struct buf *out, const struct type_dec *d,
		       const struct fmt *f)
{
	const struct value *h = type_struct_hash(d);
	if (!h || !h->u.h.n) {
		buf_addstr(out, "Struct");
		return;
	}
	buf_addstr(out, "Struct[{");
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct type_selem e;
		if (i)
			buf_addstr(out, ", ");
		const struct value *key = h->u.h.e[i].key;
		if (!type_struct_elem(&e, key, h->u.h.e[i].val, f->env)) {
			fmt_val(out, key, f);
		} else {
			/* TypeFormatter#struct_element_pair */
			bool vopt = type_compare_assignable(
				e.vt, TYPE_KD(TK_UNDEF), f->env);
			const char *wrap = NULL;
			if (e.key_opt && !vopt)
				wrap = "Optional";
			else if (!e.key_opt && vopt)
				wrap = "NotUndef";
			if (wrap)
				buf_addf(out, "%s[", wrap);
			puppet_quote(out, e.name->u.s.ptr, e.name->u.s.len);
			if (wrap)
				buf_addch(out, ']');
		}
		buf_addstr(out, " => ");
		fmt_type(out, h->u.h.e[i].val, f);
	}
	buf_addstr(out, "}]");
}

static void fmt_alias(struct buf *out, const struct type_dec *d,
		      const struct fmt *f)
{
	const char *name = type_alias_name(d);
	buf_addstr(out, name);
	if (!f->expand || d->k != TK_ALIAS)
		return; /* built-in aliases are never expanded */
	for (const struct expanding *e = f->exp; e; e = e->up)
		if (!strcasecmp(e->name, name))
			return;
	struct expanding e = { name, f->exp };
	struct fmt sub = *f;
	sub.exp = &e;
	buf_addstr(out, " = ");
	/* Puppet normalizes the type an alias resolves to */
	struct arena scratch = ARENA_INIT;
	fmt_type(out, type_normalize(&scratch, d->resolved, f->env), &sub);
	arena_release(&scratch);
}

static void fmt_type(struct buf *out, const struct value *t,
		     const struct fmt *f)
{
	if (t->kind != VAL_TYPE) {
		fmt_val(out, t, f);
		return;
	}
	struct type_dec d;
	type_decode(&d, t, f->env);
	const char *name = type_kind_name(d.k);
	switch (d.k) {
	case TK_BOOLEAN:
		buf_addstr(out, name);
		if (d.n && type_param(&d, 0)->kind == VAL_BOOL)
			buf_addstr(out, type_param(&d, 0)->u.b ? "[true]" :
								 "[false]");
		return;
	case TK_INTEGER: {
		int64_t lo, hi;
		type_int_range(&d, &lo, &hi);
		buf_addstr(out, name);
		if (lo == TYPE_ILO && hi == TYPE_IHI)
			return;
		buf_addch(out, '[');
		fmt_range(out, lo, hi, false);
		buf_addch(out, ']');
		return;
	}
	case TK_FLOAT: {
		double lo, hi;
		type_float_range(&d, &lo, &hi);
		buf_addstr(out, name);
		if (isinf(lo) && isinf(hi))
			return;
		buf_addch(out, '[');
		if (isinf(lo))
			buf_addstr(out, "default");
		else
			val_float_fmt(out, lo);
		if (!isinf(hi)) {
			buf_addstr(out, ", ");
			val_float_fmt(out, hi);
		}
		buf_addch(out, ']');
		return;
	}
	case TK_STRING:
	case TK_COLLECTION: {
		buf_addstr(out, name);
		if (d.sval || !d.n)
			return;
		struct type_coll c;
		type_coll_parts(&d, &c);
		buf_addch(out, '[');
		fmt_range(out, c.lo, c.hi, false);
		buf_addch(out, ']');
		return;
	}
	case TK_ENUM:
		fmt_enum(out, &d);
		return;
	case TK_PATTERN: {
		bool first = true;
		buf_addstr(out, name);
		if (!d.n)
			return;
		buf_addch(out, '[');
		fmt_patterns(out, &d, &first);
		buf_addch(out, ']');
		return;
	}
	case TK_REGEXP: {
		buf_addstr(out, name);
		const char *src =
			d.n ? type_regex_src(type_param(&d, 0)) : NULL;
		if (!src)
			return;
		buf_addch(out, '[');
		fmt_regex(out, src);
		buf_addch(out, ']');
		return;
	}
	case TK_ARRAY:
	case TK_HASH: {
		struct type_coll c;
		type_coll_parts(&d, &c);
		buf_addstr(out, name);
		if (c.has_size && c.hi == 0) {
			buf_addstr(out, "[0, 0]");
			return;
		}
		bool dflt;
		if (d.k == TK_ARRAY)
			dflt = !c.has_size && (!c.elem || type_is_any(c.elem));
		else
			dflt = !c.has_size &&
			       (!c.key ||
				(type_is_any(c.key) && type_is_any(c.val)));
		if (dflt)
			return;
		buf_addch(out, '[');
		if (d.k == TK_ARRAY) {
			fmt_type(out, type_or_any(c.elem), f);
		} else {
			fmt_type(out, type_or_any(c.key), f);
			buf_addstr(out, ", ");
			fmt_type(out, type_or_any(c.val), f);
		}
		if (c.has_size)
			fmt_range(out, c.lo, c.hi, true);
		buf_addch(out, ']');
		return;
	}
	case TK_TUPLE: {
		struct type_tuple tp;
		type_tuple_parts(&d, &tp);
		buf_addstr(out, name);
		if (!tp.ntypes)
			return;
		buf_addch(out, '[');
		for (size_t i = 0; i < tp.ntypes; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_type(out, type_param(&d, i), f);
		}
		if (tp.has_size)
			fmt_range(out, tp.lo, tp.hi, true);
		buf_addch(out, ']');
		return;
	}
	case TK_STRUCT:
		fmt_struct(out, &d, f);
		return;
	case TK_VARIANT: {
		struct type_members m = { 0 };
		type_variant_flatten(&m, &d);
		if (m.n == 1) {
			fmt_type(out, m.v[0], f);
		} else {
			buf_addstr(out, name);
			for (size_t i = 0; i < m.n; i++) {
				buf_addstr(out, i ? ", " : "[");
				fmt_type(out, m.v[i], f);
			}
			if (m.n)
				buf_addch(out, ']');
		}
		free(m.v);
		return;
	}
	case TK_OPTIONAL:
	case TK_NOTUNDEF:
	case TK_TYPE:
	case TK_ITERABLE:
	case TK_ITERATOR:
	case TK_SENSITIVE: {
		const struct value *in = type_contained(&d);
		buf_addstr(out, name);
		if (!in || ((d.k == TK_NOTUNDEF || d.k == TK_SENSITIVE) &&
			    type_is_any(in)))
			return;
		buf_addch(out, '[');
		fmt_inner(out, in, f);
		buf_addch(out, ']');
		return;
	}
	case TK_CLASS: {
		buf_addstr(out, name);
		if (!d.np)
			return;
		buf_addch(out, '[');
		const struct value *c = d.p[0];
		if (c->kind == VAL_STRING) {
			const char *n = c->u.s.ptr;
			size_t i = c->u.s.len >= 2 && !memcmp(n, "::", 2) ? 2 : 0;
			for (; i < c->u.s.len; i++) {
				char ch = n[i];
				if (ch >= 'A' && ch <= 'Z')
					ch += 32;
				buf_addch(out, ch);
			}
		} else {
			fmt_val(out, c, f);
		}
		buf_addch(out, ']');
		return;
	}
	case TK_RESOURCE: {
		const char *rn;
		const struct value *title;
		type_resource_parts(&d, &rn, &title);
		if (!rn) {
			buf_addstr(out, name);
			return;
		}
		capitalize_segments(out, rn);
		if (title) {
			buf_addch(out, '[');
			fmt_val(out, title, f);
			buf_addch(out, ']');
		}
		return;
	}
	case TK_ALIAS:
	case TK_DATA:
	case TK_RICHDATA:
	case TK_RICHDATAKEY:
		fmt_alias(out, &d, f);
		return;
	case TK_INVALID:
		fmt_params(out, &d, f);
		return;
	default:
		if (d.np) {
			fmt_params(out, &d, f);
			return;
		}
		buf_addstr(out, name);
		return;
	}
}

void type_to_s(struct buf *out, const struct value *type)
{
	struct fmt f = { false, NULL, NULL };
	fmt_type(out, type, &f);
}

/* Appends the rendering to an arena string. */
const char *type_render(struct arena *a, const struct value *t, bool expand,
			const struct type_env *env)
{
	struct buf b = BUF_INIT;
	struct fmt f = { expand, env, NULL };
	if (t->kind == VAL_STRING) /* the String 'x' renders as String */
		buf_addstr(&b, type_kind_name(TK_STRING));
	else
		fmt_type(&b, t, &f);
	char *s = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}
