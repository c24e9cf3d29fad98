/* SPDX-License-Identifier: MIT */
/* erb_json.c: to_json and JSON.generate, pretty_generate, parse, as Ruby's json 2.6 */
#include "util/compat.h"
#include <jansson.h>
#include <math.h>
#include "template/erb-internal.h"
#include "util/arena.h"

/*
 * Puppet loads Ruby's json library, so templates may call to_json and
 * JSON.* without `require`. The generator's output is the json gem's:
 * compact without spaces; pretty with two-space indents, ": " after keys,
 * and its odd empty forms ("[\n\n  ]" and "{\n  }"). Strings keep UTF-8
 * as is and escape controls as \u001f (lowercase); floats print as
 * Float#to_s; other objects (ranges, symbols ...) as their to_s string.
 */

static int json_error(struct erb_run *r, struct srcloc loc, const char *cls,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int json_error(struct erb_run *r, struct srcloc loc, const char *cls,
		      const char *fmt, ...)
{
	va_list ap;
	struct buf msg = BUF_INIT;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	erb_error(r, loc, "%s", msg.ptr);
	r->err_class = cls;
	buf_release(&msg);
	return ERB_ERR;
}

static int quote(struct erb_run *r, struct buf *out, const char *s,
		 size_t len, struct srcloc loc)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = erb_utf8_char(s, len, i);
		if (c >= 0x80 && n == 1)
			return json_error(r, loc, "JSON::GeneratorError",
					  "source sequence is illegal/malformed utf-8");
		switch (c) {
		case '"': buf_addstr(out, "\\\""); break;
		case '\\': buf_addstr(out, "\\\\"); break;
		case '\n': buf_addstr(out, "\\n"); break;
		case '\r': buf_addstr(out, "\\r"); break;
		case '\t': buf_addstr(out, "\\t"); break;
		case '\f': buf_addstr(out, "\\f"); break;
		case '\b': buf_addstr(out, "\\b"); break;
		default:
			if (c < 0x20)
				buf_addf(out, "\\u%04x", c);
			else
				buf_add(out, s + i, n);
		}
		i += n;
	}
	buf_addch(out, '"');
	return 0;
}

static void indent(struct buf *out, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_addstr(out, "  ");
}

static int gen(struct erb_run *r, struct buf *out, const struct value *v,
	       bool pretty, int depth, struct srcloc loc)
{
	if (depth > 128)
		return json_error(r, loc, "JSON::NestingError",
				  "nesting of %d is too deep", depth);
	if (erb_room(r, loc, out->len) < 0)
		return ERB_ERR;
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, "null");
		return 0;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return 0;
	case VAL_INT:
		buf_addf(out, "%lld", (long long)v->u.n.i);
		return 0;
	case VAL_FLOAT:
		if (isnan(v->u.f) || isinf(v->u.f))
			return json_error(r, loc, "JSON::GeneratorError",
					  "%s not allowed in JSON",
					  isnan(v->u.f) ? "NaN" :
					  v->u.f < 0 ? "-Infinity" : "Infinity");
		val_float_fmt(out, v->u.f);
		return 0;
	case VAL_STRING:
		return quote(r, out, v->u.s.ptr, v->u.s.len, loc);
	case VAL_ARRAY:
		buf_addch(out, '[');
		if (pretty && !v->u.arr.n) {
			buf_addstr(out, "\n\n");
			indent(out, depth);
		}
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addch(out, ',');
			if (pretty) {
				buf_addch(out, '\n');
				indent(out, depth + 1);
			}
			if (gen(r, out, v->u.arr.v[i], pretty, depth + 1, loc) < 0)
				return ERB_ERR;
		}
		if (pretty && v->u.arr.n) {
			buf_addch(out, '\n');
			indent(out, depth);
		}
		buf_addch(out, ']');
		return 0;
	case VAL_HASH:
		buf_addch(out, '{');
		if (pretty && !v->u.h.n) {
			buf_addch(out, '\n');
			indent(out, depth);
		}
		for (size_t i = 0; i < v->u.h.n; i++) {
			const struct value *k = v->u.h.e[i].key;
			if (i)
				buf_addch(out, ',');
			if (pretty) {
				buf_addch(out, '\n');
				indent(out, depth + 1);
			}
			if (k->kind == VAL_STRING) {
				if (quote(r, out, k->u.s.ptr, k->u.s.len, loc) < 0)
					return ERB_ERR;
			} else {
				struct buf ks = BUF_INIT;
				int rc = erb_to_s(r, &ks, k, loc);
				if (rc == 0)
					rc = quote(r, out, ks.ptr, ks.len, loc);
				buf_release(&ks);
				if (rc < 0)
					return ERB_ERR;
			}
			buf_addstr(out, pretty ? ": " : ":");
			if (gen(r, out, v->u.h.e[i].val, pretty, depth + 1, loc) < 0)
				return ERB_ERR;
		}
		if (pretty && v->u.h.n) {
			buf_addch(out, '\n');
			indent(out, depth);
		}
		buf_addch(out, '}');
		return 0;
	default: {
		/* Object#to_json: its to_s as a string */
		struct buf s = BUF_INIT;
		int rc = erb_to_s(r, &s, v, loc);
		if (rc == 0)
			rc = quote(r, out, s.ptr, s.len, loc);
		buf_release(&s);
		return rc;
	}
	}
}

int erb_json_generate(struct erb_run *r, struct buf *out,
		      const struct value *v, bool pretty, struct srcloc loc)
{
	return gen(r, out, v, pretty, 0, loc);
}

static int from_json(struct value **out, struct erb_run *r, json_t *j,
		     struct srcloc loc)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		struct value *h = val_hash(r->a, json_object_size(j));
		const char *k;
		json_t *v;
		json_object_foreach (j, k, v) {
			struct value *x;
			if (from_json(&x, r, v, loc) < 0)
				return ERB_ERR;
			val_hash_set(r->a, h, val_strz(r->a, k), x);
		}
		*out = h;
		return 0;
	}
	case JSON_ARRAY: {
		struct value *a = val_array(r->a, json_array_size(j));
		size_t i;
		json_t *v;
		json_array_foreach (j, i, v) {
			struct value *x;
			if (from_json(&x, r, v, loc) < 0)
				return ERB_ERR;
			val_array_push(r->a, a, x);
		}
		*out = a;
		return 0;
	}
	case JSON_STRING:
		*out = val_str(r->a, json_string_value(j), json_string_length(j));
		return 0;
	case JSON_INTEGER:
		*out = val_int(r->a, (int64_t)json_integer_value(j));
		return 0;
	case JSON_REAL:
		*out = val_float(r->a, json_real_value(j));
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		*out = val_bool(json_is_true(j));
		return 0;
	default:
		*out = val_undef();
		return 0;
	}
}

int erb_json_parse(struct value **out, struct erb_run *r,
		   const struct value *s, struct srcloc loc)
{
	if (s->kind != VAL_STRING)
		return erb_error(r, loc, "no implicit conversion of %s into String",
				 erb_class_names[erb_class_of(r, s)]);
	json_error_t jerr;
	json_t *j = json_loadb(s->u.s.ptr, s->u.s.len,
			       JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (!j) {
		if (strstr(jerr.text, "too big"))
			return erb_unsupported(r, loc, "Integer overflow (Bignum) in JSON");
		return json_error(r, loc, "JSON::ParserError", "unexpected token in JSON: %s",
				  jerr.text);
	}
	if (erb_room(r, loc, s->u.s.len * 4) < 0) {
		json_decref(j);
		return ERB_ERR;
	}
	int rc = from_json(out, r, j, loc);
	json_decref(j);
	return rc;
}
