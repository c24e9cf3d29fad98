/* SPDX-License-Identifier: MIT */
/* json_value.c: converting between jansson JSON and Puppet values */
#include "util/compat.h"
#include <inttypes.h>
#include <math.h>
#include "facts/json_value.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct value *jv_from_json(struct arena *a, json_t *j)
{
	if (!j)
		return val_undef();
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		struct value *h = val_hash(a, json_object_size(j));
		const char *k;
		json_t *v;
		/* jansson iterates objects in insertion (document) order */
		json_object_foreach (j, k, v)
			val_hash_set_str(a, h, k, jv_from_json(a, v));
		return h;
	}
	case JSON_ARRAY: {
		struct value *arr = val_array(a, json_array_size(j));
		size_t i;
		json_t *v;
		json_array_foreach (j, i, v)
			val_array_push(a, arr, jv_from_json(a, v));
		return arr;
	}
	case JSON_STRING:
		return val_str(a, json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		return val_int(a, (int64_t)json_integer_value(j));
	case JSON_REAL:
		return val_float(a, json_real_value(j));
	case JSON_TRUE:
		return val_bool(true);
	case JSON_FALSE:
		return val_bool(false);
	case JSON_NULL:
		break;
	}
	return val_undef();
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t len)
{
	unsigned c = p[0];
	size_t n;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000;
	else
		return 0;
	if (len < n)
		return 0;
	unsigned cp = c & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* The bytes with each invalid UTF-8 byte replaced by U+FFFD. */
static void utf8_sanitize(struct buf *out, const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	while (i < len) {
		size_t n = utf8_seq(s + i, len - i);
		if (!n) {
			buf_addstr(out, "\xef\xbf\xbd");
			i++;
			continue;
		}
		buf_add(out, s + i, n);
		i += n;
	}
}

static json_t *json_str(const char *p, size_t len)
{
	json_t *j = json_stringn(p, len);
	if (j)
		return j;
	/* invalid UTF-8: keep what is readable */
	struct buf clean = BUF_INIT;
	utf8_sanitize(&clean, p, len);
	j = json_stringn(clean.ptr, clean.len);
	buf_release(&clean);
	return j ? j : json_string("");
}

json_t *jv_to_json(const struct value *v)
{
	struct buf s = BUF_INIT;
	json_t *j;

	switch (v->kind) {
	case VAL_UNDEF:
		return json_null();
	case VAL_DEFAULT:
		return json_string("default");
	case VAL_BOOL:
		return json_boolean(v->u.b);
	case VAL_INT:
		return json_integer((json_int_t)v->u.n.i);
	case VAL_FLOAT:
		if (!isfinite(v->u.f))
			return json_null();
		return json_real(v->u.f);
	case VAL_STRING:
		return json_str(v->u.s.ptr, v->u.s.len);
	case VAL_ARRAY:
		j = json_array();
		for (size_t i = 0; i < v->u.arr.n; i++)
			json_array_append_new(j, jv_to_json(v->u.arr.v[i]));
		return j;
	case VAL_HASH:
		j = json_object();
		for (size_t i = 0; i < v->u.h.n; i++) {
			const struct value *k = v->u.h.e[i].key;
			buf_reset(&s);
			if (k->kind == VAL_STRING)
				utf8_sanitize(&s, k->u.s.ptr, k->u.s.len);
			else
				val_to_s(&s, k);
			/* keys are C strings: a NUL inside ends the key */
			json_object_set_new(j, s.ptr,
					    jv_to_json(v->u.h.e[i].val));
		}
		buf_release(&s);
		return j;
	case VAL_REGEX:
	case VAL_TYPE:
		val_to_s(&s, v);
		j = json_str(s.ptr, s.len);
		buf_release(&s);
		return j;
	}
	BUG("unknown value kind %d", (int)v->kind);
}

void jv_quote(struct buf *out, const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	buf_addch(out, '"');
	while (i < len) {
		unsigned char c = s[i];
		if (c >= 0x80) {
			size_t n = utf8_seq(s + i, len - i);
			if (n) {
				buf_add(out, s + i, n);
				i += n;
			} else {
				buf_addstr(out, "\\ufffd");
				i++;
			}
			continue;
		}
		switch (c) {
		case '"':
			buf_addstr(out, "\\\"");
			break;
		case '\\':
			buf_addstr(out, "\\\\");
			break;
		case '\n':
			buf_addstr(out, "\\n");
			break;
		case '\r':
			buf_addstr(out, "\\r");
			break;
		case '\t':
			buf_addstr(out, "\\t");
			break;
		case '\b':
			buf_addstr(out, "\\b");
			break;
		case '\f':
			buf_addstr(out, "\\f");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_addf(out, "\\u%04x", c);
			else
				buf_addch(out, (char)c);
		}
		i++;
	}
	buf_addch(out, '"');
}

struct key_ent {
	char *k; /* owned, NUL-terminated copy of the key's string form */
	size_t len;
	const struct value *val;
};

static int key_cmp(const void *pa, const void *pb)
{
	const struct key_ent *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->k, b->k, n);
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static void indent(struct buf *out, unsigned flags, int depth)
{
	if (!(flags & JV_PRETTY))
		return;
	buf_addch(out, '\n');
	for (int i = 0; i < depth; i++)
		buf_addstr(out, "  ");
}

static void dump(struct buf *out, const struct value *v, unsigned flags,
		 int depth)
{
	struct buf s = BUF_INIT;

	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, "null");
		return;
	case VAL_DEFAULT:
		buf_addstr(out, "\"default\"");
		return;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return;
	case VAL_INT:
		buf_addf(out, "%" PRId64, v->u.n.i);
		return;
	case VAL_FLOAT:
		if (isfinite(v->u.f))
			val_float_fmt(out, v->u.f);
		else
			buf_addstr(out, "null");
		return;
	case VAL_STRING:
		jv_quote(out, v->u.s.ptr, v->u.s.len);
		return;
	case VAL_REGEX:
	case VAL_TYPE:
		val_to_s(&s, v);
		jv_quote(out, s.ptr, s.len);
		buf_release(&s);
		return;
	case VAL_ARRAY:
		if (!v->u.arr.n) {
			buf_addstr(out, "[]");
			return;
		}
		buf_addch(out, '[');
		unsigned inner = flags;
		if (flags & JV_SORT_OUTSIDE_ARRAYS)
			inner &= ~(JV_SORT_KEYS | JV_SORT_OUTSIDE_ARRAYS);
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addch(out, ',');
			indent(out, flags, depth + 1);
			dump(out, v->u.arr.v[i], inner, depth + 1);
		}
		indent(out, flags, depth);
		buf_addch(out, ']');
		return;
	case VAL_HASH:
		break;
	}

	size_t n = v->u.h.n;
	if (!n) {
		buf_addstr(out, "{}");
		return;
	}
	struct key_ent *ents = xcalloc(n, sizeof(*ents));
	for (size_t i = 0; i < n; i++) {
		const struct value *k = v->u.h.e[i].key;
		buf_reset(&s);
		if (k->kind == VAL_STRING)
			buf_add(&s, k->u.s.ptr, k->u.s.len);
		else
			val_to_s(&s, k);
		ents[i].len = s.len;
		ents[i].k = xmemdupz(s.ptr, s.len);
		ents[i].val = v->u.h.e[i].val;
	}
	buf_release(&s);
	if (flags & (JV_SORT_KEYS | JV_SORT_OUTSIDE_ARRAYS))
		qsort(ents, n, sizeof(*ents), key_cmp);
	buf_addch(out, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(out, ',');
		indent(out, flags, depth + 1);
		jv_quote(out, ents[i].k, ents[i].len);
		buf_addstr(out, (flags & JV_PRETTY) ? ": " : ":");
		dump(out, ents[i].val, flags, depth + 1);
		free(ents[i].k);
	}
	free(ents);
	indent(out, flags, depth);
	buf_addch(out, '}');
}

void jv_dump(struct buf *out, const struct value *v, unsigned flags)
{
	dump(out, v, flags, 0);
}
