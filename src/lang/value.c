/* SPDX-License-Identifier: MIT */
/* value.c: construction, comparison and formatting of Puppet values */
#include "util/compat.h"
#include <inttypes.h>
#include <math.h>
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"

static struct value undef_v = { .kind = VAL_UNDEF };
static struct value default_v = { .kind = VAL_DEFAULT };
static struct value true_v = { .kind = VAL_BOOL, .u.b = true };
static struct value false_v = { .kind = VAL_BOOL, .u.b = false };

struct value *val_undef(void)
{
	return &undef_v;
}

struct value *val_default(void)
{
	return &default_v;
}

struct value *val_bool(bool b)
{
	return b ? &true_v : &false_v;
}

static struct value *new_val(struct arena *a, enum val_kind k)
{
	struct value *v = arena_alloc(a, sizeof(*v));
	v->kind = k;
	return v;
}

struct value *val_int(struct arena *a, int64_t i)
{
	struct value *v = new_val(a, VAL_INT);
	v->u.n.i = i;
	return v;
}

struct value *val_float(struct arena *a, double f)
{
	struct value *v = new_val(a, VAL_FLOAT);
	v->u.f = f;
	return v;
}

struct value *val_str_borrow(struct arena *a, const char *p, size_t len)
{
	struct value *v = new_val(a, VAL_STRING);
	v->u.s.ptr = p;
	v->u.s.len = len;
	return v;
}

struct value *val_str(struct arena *a, const char *p, size_t len)
{
	return val_str_borrow(a, arena_memdupz(a, p, len), len);
}

struct value *val_strz(struct arena *a, const char *s)
{
	return val_str(a, s, strlen(s));
}

struct value *val_str_buf(struct arena *a, struct buf *b)
{
	struct value *v = val_str(a, b->ptr, b->len);
	buf_reset(b);
	return v;
}

struct value *val_regex(struct arena *a, const char *src, size_t len)
{
	struct value *v = new_val(a, VAL_REGEX);
	v->u.re.src = arena_memdupz(a, src, len);
	return v;
}

struct value *val_type(struct arena *a, const char *name,
		       struct value **params, size_t nparams)
{
	struct value *v = new_val(a, VAL_TYPE);
	v->u.t.name = name;
	v->u.t.params = params;
	v->u.t.nparams = nparams;
	return v;
}

struct value *val_array(struct arena *a, size_t hint)
{
	struct value *v = new_val(a, VAL_ARRAY);
	if (hint) {
		v->u.arr.v = arena_alloc(a, hint * sizeof(*v->u.arr.v));
		v->u.arr.alloc = hint;
	}
	return v;
}

void val_array_push(struct arena *a, struct value *arr, struct value *v)
{
	if (arr->u.arr.n == arr->u.arr.alloc) {
		size_t n = arr->u.arr.alloc ? arr->u.arr.alloc * 2 : 4;
		arr->u.arr.v = arena_realloc(a, arr->u.arr.v,
					     arr->u.arr.n * sizeof(*arr->u.arr.v),
					     n * sizeof(*arr->u.arr.v));
		arr->u.arr.alloc = n;
	}
	arr->u.arr.v[arr->u.arr.n++] = v;
}

struct value *val_hash(struct arena *a, size_t hint)
{
	struct value *v = new_val(a, VAL_HASH);
	if (hint) {
		v->u.h.e = arena_alloc(a, hint * sizeof(*v->u.h.e));
		v->u.h.alloc = hint;
	}
	return v;
}

/* ---- hashing and equality ---- */

static uint32_t fnv(const void *p, size_t n, uint32_t h)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

uint32_t val_hashcode(const struct value *v)
{
	uint32_t h = 2166136261u ^ (uint32_t)v->kind;
	switch (v->kind) {
	case VAL_UNDEF:
	case VAL_DEFAULT:
		return h;
	case VAL_BOOL:
		return h + v->u.b;
	case VAL_INT:
		return fnv(&v->u.n.i, sizeof(v->u.n.i), h);
	case VAL_FLOAT:
		return fnv(&v->u.f, sizeof(v->u.f), h);
	case VAL_STRING:
		return fnv(v->u.s.ptr, v->u.s.len, h);
	case VAL_REGEX:
		return fnv(v->u.re.src, strlen(v->u.re.src), h);
	case VAL_ARRAY:
		for (size_t i = 0; i < v->u.arr.n; i++)
			h = h * 31 + val_hashcode(v->u.arr.v[i]);
		return h;
	case VAL_HASH:
		for (size_t i = 0; i < v->u.h.n; i++)
			h += val_hashcode(v->u.h.e[i].key) ^
			     val_hashcode(v->u.h.e[i].val);
		return h;
	case VAL_TYPE:
		h = fnv(v->u.t.name, strlen(v->u.t.name), h);
		for (size_t i = 0; i < v->u.t.nparams; i++)
			h = h * 31 + val_hashcode(v->u.t.params[i]);
		return h;
	}
	return h;
}

static bool eq(const struct value *a, const struct value *b, bool fold)
{
	if (a == b)
		return true;
	if (a->kind != b->kind) {
		if (a->kind == VAL_INT && b->kind == VAL_FLOAT)
			return (double)a->u.n.i == b->u.f;
		if (a->kind == VAL_FLOAT && b->kind == VAL_INT)
			return a->u.f == (double)b->u.n.i;
		return false;
	}
	switch (a->kind) {
	case VAL_UNDEF:
	case VAL_DEFAULT:
		return true;
	case VAL_BOOL:
		return a->u.b == b->u.b;
	case VAL_INT:
		return a->u.n.i == b->u.n.i;
	case VAL_FLOAT:
		return a->u.f == b->u.f;
	case VAL_STRING:
		if (a->u.s.len != b->u.s.len)
			return false;
		if (!fold)
			return !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len);
		for (size_t i = 0; i < a->u.s.len; i++) {
			unsigned char x = (unsigned char)a->u.s.ptr[i];
			unsigned char y = (unsigned char)b->u.s.ptr[i];
			if (x != y && !(x < 128 && y < 128 &&
					(x | 0x20) == (y | 0x20) &&
					(x | 0x20) >= 'a' && (x | 0x20) <= 'z'))
				return false;
		}
		return true;
	case VAL_REGEX:
		return !strcmp(a->u.re.src, b->u.re.src);
	case VAL_ARRAY:
		if (a->u.arr.n != b->u.arr.n)
			return false;
		for (size_t i = 0; i < a->u.arr.n; i++)
			if (!eq(a->u.arr.v[i], b->u.arr.v[i], fold))
				return false;
		return true;
	case VAL_HASH:
		if (a->u.h.n != b->u.h.n)
			return false;
		for (size_t i = 0; i < a->u.h.n; i++) {
			const struct value *o = val_hash_get(b, a->u.h.e[i].key);
			if (!o || !eq(a->u.h.e[i].val, o, fold))
				return false;
		}
		return true;
	case VAL_TYPE:
		if (strcmp(a->u.t.name, b->u.t.name) ||
		    a->u.t.nparams != b->u.t.nparams)
			return false;
		for (size_t i = 0; i < a->u.t.nparams; i++)
			if (!eq(a->u.t.params[i], b->u.t.params[i], fold))
				return false;
		return true;
	}
	return false;
}

bool val_equal(const struct value *a, const struct value *b)
{
	return eq(a, b, true);
}

bool val_identical(const struct value *a, const struct value *b)
{
	if (a->kind != b->kind)
		return false;
	return eq(a, b, false);
}

/* ---- hashes ---- */

#define INDEX_MIN 8
#define SLOT_EMPTY UINT32_MAX

static void index_insert(struct value *h, size_t i)
{
	size_t mask = h->u.h.icap - 1;
	size_t s = val_hashcode(h->u.h.e[i].key) & mask;
	while (h->u.h.index[s] != SLOT_EMPTY)
		s = (s + 1) & mask;
	h->u.h.index[s] = (uint32_t)i;
}

static void index_build(struct arena *a, struct value *h)
{
	size_t cap = 16;
	while (cap < h->u.h.n * 2)
		cap *= 2;
	h->u.h.index = arena_alloc(a, cap * sizeof(*h->u.h.index));
	memset(h->u.h.index, 0xff, cap * sizeof(*h->u.h.index));
	h->u.h.icap = cap;
	for (size_t i = 0; i < h->u.h.n; i++)
		index_insert(h, i);
}

static long find_key(const struct value *h, const struct value *key)
{
	if (h->u.h.index) {
		size_t mask = h->u.h.icap - 1;
		size_t s = val_hashcode(key) & mask;
		for (;;) {
			uint32_t i = h->u.h.index[s];
			if (i == SLOT_EMPTY)
				return -1;
			if (val_identical(h->u.h.e[i].key, key))
				return i;
			s = (s + 1) & mask;
		}
	}
	for (size_t i = 0; i < h->u.h.n; i++)
		if (val_identical(h->u.h.e[i].key, key))
			return (long)i;
	return -1;
}

struct value *val_hash_get(const struct value *h, const struct value *key)
{
	long i = find_key(h, key);
	return i < 0 ? NULL : h->u.h.e[i].val;
}

struct value *val_hash_get_str(const struct value *h, const char *key)
{
	struct value k = { .kind = VAL_STRING };
	k.u.s.ptr = key;
	k.u.s.len = strlen(key);
	return val_hash_get(h, &k);
}

void val_hash_set(struct arena *a, struct value *h, struct value *key,
		  struct value *val)
{
	long i = find_key(h, key);
	if (i >= 0) {
		h->u.h.e[i].val = val;
		return;
	}
	if (h->u.h.n == h->u.h.alloc) {
		size_t n = h->u.h.alloc ? h->u.h.alloc * 2 : 4;
		h->u.h.e = arena_realloc(a, h->u.h.e, h->u.h.n * sizeof(*h->u.h.e),
					 n * sizeof(*h->u.h.e));
		h->u.h.alloc = n;
	}
	h->u.h.e[h->u.h.n].key = key;
	h->u.h.e[h->u.h.n].val = val;
	h->u.h.n++;
	if (h->u.h.index && h->u.h.n * 2 <= h->u.h.icap)
		index_insert(h, h->u.h.n - 1);
	else if (h->u.h.n > INDEX_MIN)
		index_build(a, h);
}

void val_hash_set_str(struct arena *a, struct value *h, const char *key,
		      struct value *val)
{
	val_hash_set(a, h, val_strz(a, key), val);
}

struct value *val_hash_delete(struct arena *a, const struct value *h,
			      const struct value *key)
{
	struct value *r = val_hash(a, h->u.h.n);
	for (size_t i = 0; i < h->u.h.n; i++)
		if (!val_identical(h->u.h.e[i].key, key))
			val_hash_set(a, r, h->u.h.e[i].key, h->u.h.e[i].val);
	return r;
}

struct value *val_array_copy(struct arena *a, const struct value *arr)
{
	struct value *r = val_array(a, arr->u.arr.n + 1);
	if (arr->u.arr.n)
		memcpy(r->u.arr.v, arr->u.arr.v, arr->u.arr.n * sizeof(*r->u.arr.v));
	r->u.arr.n = arr->u.arr.n;
	return r;
}

struct value *val_hash_copy(struct arena *a, const struct value *h)
{
	struct value *r = val_hash(a, h->u.h.n + 1);
	if (h->u.h.n)
		memcpy(r->u.h.e, h->u.h.e, h->u.h.n * sizeof(*r->u.h.e));
	r->u.h.n = h->u.h.n;
	if (r->u.h.n > INDEX_MIN)
		index_build(a, r);
	return r;
}

/* ---- predicates and ordering ---- */

bool val_truthy(const struct value *v)
{
	if (v->kind == VAL_UNDEF)
		return false;
	if (v->kind == VAL_BOOL)
		return v->u.b;
	return true;
}

int val_compare(const struct value *a, const struct value *b)
{
	if ((a->kind == VAL_INT || a->kind == VAL_FLOAT) &&
	    (b->kind == VAL_INT || b->kind == VAL_FLOAT)) {
		if (a->kind == VAL_INT && b->kind == VAL_INT)
			return a->u.n.i < b->u.n.i ? -1 : a->u.n.i > b->u.n.i;
		double x = a->kind == VAL_INT ? (double)a->u.n.i : a->u.f;
		double y = b->kind == VAL_INT ? (double)b->u.n.i : b->u.f;
		return x < y ? -1 : x > y;
	}
	if (a->kind == VAL_STRING && b->kind == VAL_STRING) {
		size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
		int c = memcmp(a->u.s.ptr, b->u.s.ptr, n);
		if (c)
			return c < 0 ? -1 : 1;
		return a->u.s.len < b->u.s.len ? -1 : a->u.s.len > b->u.s.len;
	}
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == VAL_ARRAY) {
		for (size_t i = 0; i < a->u.arr.n && i < b->u.arr.n; i++) {
			int c = val_compare(a->u.arr.v[i], b->u.arr.v[i]);
			if (c)
				return c;
		}
		return a->u.arr.n < b->u.arr.n ? -1 : a->u.arr.n > b->u.arr.n;
	}
	if (a->kind == VAL_BOOL)
		return (int)a->u.b - (int)b->u.b;
	return 0;
}

bool val_is_str(const struct value *v, const char *s)
{
	return v->kind == VAL_STRING && strlen(s) == v->u.s.len &&
	       !memcmp(v->u.s.ptr, s, v->u.s.len);
}

const char *val_type_name(const struct value *v)
{
	static const char *const names[] = {
		"Undef", "Default", "Boolean", "Integer", "Float", "String",
		"Regexp", "Array", "Hash", "Type",
	};
	return names[v->kind];
}

/* ---- formatting ---- */

void val_float_fmt(struct buf *out, double f)
{
	if (isnan(f)) {
		buf_addstr(out, "NaN");
		return;
	}
	if (isinf(f)) {
		buf_addstr(out, f < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (f == 0) {
		buf_addstr(out, signbit(f) ? "-0.0" : "0.0");
		return;
	}
	/*
	 * Ruby's flo_to_s: the shortest digits that read back as f, then
	 * decpt (where the point goes) decides: 0.0001 up to 16 integer
	 * digits print in full (1e15 only with a fraction, as in
	 * 1234567890123456.8), the rest as 1.0e+16, 1.0e-05.
	 */
	char tmp[40];
	int prec;
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, f);
		if (strtod(tmp, NULL) == f)
			break;
	}
	char digits[24];
	size_t nd = 0;
	const char *p = tmp;
	bool neg = *p == '-';
	if (neg)
		p++;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < sizeof(digits) - 1)
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	int decpt = (int)strtol(p + 1, NULL, 10) + 1;
	if (neg)
		buf_addch(out, '-');
	if (decpt > 0 && (decpt < 16 || (decpt == 16 && (int)nd > decpt))) {
		if ((int)nd <= decpt) {
			buf_add(out, digits, nd);
			for (int i = (int)nd; i < decpt; i++)
				buf_addch(out, '0');
			buf_addstr(out, ".0");
		} else {
			buf_add(out, digits, (size_t)decpt);
			buf_addch(out, '.');
			buf_addstr(out, digits + decpt);
		}
	} else if (decpt <= 0 && decpt > -4) {
		buf_addstr(out, "0.");
		for (int i = 0; i < -decpt; i++)
			buf_addch(out, '0');
		buf_add(out, digits, nd);
	} else {
		buf_addch(out, digits[0]);
		buf_addch(out, '.');
		if (nd > 1)
			buf_addstr(out, digits + 1);
		else
			buf_addch(out, '0');
		buf_addf(out, "e%c%02d", decpt - 1 < 0 ? '-' : '+',
			 decpt - 1 < 0 ? 1 - decpt : decpt - 1);
	}
}

static void puppet_quote(struct buf *out, const struct value *v)
{
	buf_addch(out, '\'');
	for (size_t i = 0; i < v->u.s.len; i++) {
		char c = v->u.s.ptr[i];
		if (c == '\'' || c == '\\')
			buf_addch(out, '\\');
		buf_addch(out, c);
	}
	buf_addch(out, '\'');
}

/*
 * `top`: the outermost value (undef prints nothing there); `quote`: strings
 * nested in collections are quoted (inspect), or not (to_s, as Puppet
 * interpolates "${[a, b]}").
 */
static void fmt_puppet(struct buf *out, const struct value *v, bool top,
		       bool quote)
{
	switch (v->kind) {
	case VAL_UNDEF:
		/* "${[undef]}" is "[]"-like: Puppet prints nothing for it */
		if (!top && quote)
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
		if (top || !quote)
			buf_add(out, v->u.s.ptr, v->u.s.len);
		else
			puppet_quote(out, v);
		return;
	case VAL_REGEX:
		buf_addf(out, "/%s/", v->u.re.src);
		return;
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_puppet(out, v->u.arr.v[i], false, quote);
		}
		buf_addch(out, ']');
		return;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_puppet(out, v->u.h.e[i].key, false, quote);
			buf_addstr(out, " => ");
			fmt_puppet(out, v->u.h.e[i].val, false, quote);
		}
		buf_addch(out, '}');
		return;
	case VAL_TYPE:
		if (type_is_known(v->u.t.name) || !quote) {
			/* Puppet's rendering: File['/x'], Class[foo::bar] */
			type_to_s(out, v);
			return;
		}
		buf_addstr(out, v->u.t.name);
		if (v->u.t.nparams) {
			/* references print bare titles: File[/x]; types quote */
			buf_addch(out, '[');
			for (size_t i = 0; i < v->u.t.nparams; i++) {
				if (i)
					buf_addstr(out, ", ");
				fmt_puppet(out, v->u.t.params[i], top, quote);
			}
			buf_addch(out, ']');
		}
		return;
	}
}

void val_to_s(struct buf *out, const struct value *v)
{
	fmt_puppet(out, v, true, false);
}

void val_inspect(struct buf *out, const struct value *v)
{
	fmt_puppet(out, v, false, true);
}

/* Length of the valid UTF-8 character at p[i], or 0 when invalid. */
static size_t utf8_valid(const unsigned char *p, size_t len, size_t i,
			 uint32_t *cp)
{
	unsigned c = p[i];
	size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 :
		   c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	if (!n || i + n > len)
		return 0;
	uint32_t v = n == 1 ? c : c & (0xffu >> (n + 1));
	for (size_t k = 1; k < n; k++) {
		if ((p[i + k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i + k] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/*
 * Ruby's String#inspect of a UTF-8 string (in a UTF-8 locale): short
 * escapes, \uXXXX for other controls and the characters Unicode does not
 * call printable, \xXX for bytes that are not UTF-8, the rest as is.
 */
static void ruby_quote(struct buf *out, const struct value *v)
{
	const unsigned char *p = (const unsigned char *)v->u.s.ptr;
	size_t len = v->u.s.len;
	buf_addch(out, '"');
	for (size_t i = 0; i < len;) {
		uint32_t c = 0;
		size_t n = utf8_valid(p, len, i, &c);
		if (!n) {
			buf_addf(out, "\\x%02X", p[i]);
			i++;
			continue;
		}
		switch (c) {
		case '"': buf_addstr(out, "\\\""); break;
		case '\\': buf_addstr(out, "\\\\"); break;
		case '\n': buf_addstr(out, "\\n"); break;
		case '\t': buf_addstr(out, "\\t"); break;
		case '\r': buf_addstr(out, "\\r"); break;
		case '\f': buf_addstr(out, "\\f"); break;
		case '\v': buf_addstr(out, "\\v"); break;
		case '\a': buf_addstr(out, "\\a"); break;
		case '\b': buf_addstr(out, "\\b"); break;
		case 27: buf_addstr(out, "\\e"); break;
		case '#':
			if (i + 1 < len && (p[i + 1] == '{' || p[i + 1] == '$' ||
					    p[i + 1] == '@'))
				buf_addch(out, '\\');
			buf_addch(out, '#');
			break;
		default:
			if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029 ||
			    (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe)
				buf_addf(out, c > 0xffff ? "\\u{%X}" : "\\u%04X",
					 (unsigned)c);
			else
				buf_add(out, p + i, n);
		}
		i += n;
	}
	buf_addch(out, '"');
}

static void fmt_ruby(struct buf *out, const struct value *v, bool top)
{
	switch (v->kind) {
	case VAL_UNDEF:
		if (!top)
			buf_addstr(out, "nil");
		return;
	case VAL_DEFAULT:
		buf_addstr(out, top ? "default" : ":default");
		return;
	case VAL_STRING:
		if (top)
			buf_add(out, v->u.s.ptr, v->u.s.len);
		else
			ruby_quote(out, v);
		return;
	case VAL_REGEX:
		/* Regexp#to_s is (?-mix:src), Regexp#inspect /src/ */
		if (top) {
			buf_addf(out, "(?-mix:%s)", v->u.re.src);
			return;
		}
		buf_addch(out, '/');
		for (const char *q = v->u.re.src; *q; q++) {
			if (*q == '\\' && q[1]) {
				buf_addch(out, *q++);
			} else if (*q == '/') {
				buf_addch(out, '\\');
			}
			buf_addch(out, *q);
		}
		buf_addch(out, '/');
		return;
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_ruby(out, v->u.arr.v[i], false);
		}
		buf_addch(out, ']');
		return;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_ruby(out, v->u.h.e[i].key, false);
			buf_addstr(out, "=>");
			fmt_ruby(out, v->u.h.e[i].val, false);
		}
		buf_addch(out, '}');
		return;
	case VAL_TYPE:
		/* a Puppet type's Ruby to_s: File['/x'], Integer[1, 2]; its
		 * inspect shows an object address, so to_s stands in for it */
		fmt_puppet(out, v, true, false);
		return;
	default:
		fmt_puppet(out, v, true, false);
		return;
	}
}

void val_ruby_to_s(struct buf *out, const struct value *v)
{
	fmt_ruby(out, v, true);
}

void val_ruby_inspect(struct buf *out, const struct value *v)
{
	fmt_ruby(out, v, false);
}
