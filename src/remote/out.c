/* SPDX-License-Identifier: MIT */
/* out.c: Salt's outputters: dispatch, json, ndjson, txt, raw, nested */
#include "util/compat.h"
#include <math.h>
#include "remote/out.h"
#include "remote/out-internal.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * Salt runs every outputter on a Python dict and then (salt.output.
 * try_printout) strips trailing whitespace and prints the result with one
 * newline, or nothing when it is empty. The formatters below write the raw
 * text; finish() does the strip and the newline. What Python prints for
 * values (repr of floats and strings, str.splitlines) is reproduced here
 * because users parse it.
 */

enum outputter { O_JSON, O_NDJSON, O_YAML, O_NESTED, O_TXT, O_RAW, O_QUIET };

static const struct {
	const char *name;
	enum outputter kind;
} outputters[] = {
	{"json", O_JSON},     {"ndjson", O_NDJSON}, {"yaml", O_YAML},
	{"nested", O_NESTED}, {"txt", O_TXT},	    {"text", O_TXT},
	{"raw", O_RAW},	      {"quiet", O_QUIET},
};

static int lookup(enum outputter *kind, const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(outputters); i++) {
		if (!strcmp(outputters[i].name, name)) {
			*kind = outputters[i].kind;
			return 0;
		}
	}
	return err_set("unknown outputter '%s' (valid: %s)", name ? name : "",
		       OUT_NAMES);
}

bool out_name_valid(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(outputters); i++)
		if (!strcmp(outputters[i].name, name))
			return true;
	return false;
}

/* ---- Python's repr and str ---- */

void out_py_float(struct buf *out, double d)
{
	char tmp[64];
	int prec;

	if (isnan(d)) {
		buf_addstr(out, "nan");
		return;
	}
	if (isinf(d)) {
		buf_addstr(out, d < 0 ? "-inf" : "inf");
		return;
	}
	/* the shortest %e that reads back as d: Python's repr digits */
	for (prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	if (prec == 17)
		snprintf(tmp, sizeof(tmp), "%.16e", d);

	/* split "-D.DDDDe+XX" into sign, digits and exponent */
	const char *p = tmp;
	bool neg = *p == '-';
	if (neg)
		p++;
	char digits[32];
	size_t nd = 0;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && nd < sizeof(digits) - 1)
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	int exp = *p == 'e' ? atoi(p + 1) : 0;

	if (neg)
		buf_addch(out, '-');
	if (exp >= -4 && exp < 16) {
		if (exp < 0) {
			buf_addstr(out, "0.");
			for (int i = -1; i > exp; i--)
				buf_addch(out, '0');
			buf_addstr(out, digits);
		} else {
			size_t intlen = (size_t)exp + 1;
			for (size_t i = 0; i < intlen; i++)
				buf_addch(out, i < nd ? digits[i] : '0');
			buf_addch(out, '.');
			if (nd > intlen)
				buf_addstr(out, digits + intlen);
			else
				buf_addch(out, '0');
		}
	} else {
		buf_addch(out, digits[0]);
		if (nd > 1) {
			buf_addch(out, '.');
			buf_addstr(out, digits + 1);
		}
		buf_addf(out, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
	}
}

/* Decodes the UTF-8 character at s[i]; *n its length (1 for a bad byte). */
uint32_t out_utf8_decode(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = (unsigned char)s[i];
	size_t want = c < 0x80		      ? 1
		      : c >= 0xf0 && c < 0xf8 ? 4
		      : c >= 0xe0	      ? 3
		      : c >= 0xc2	      ? 2
					      : 0;
	if (want == 1 || want == 0 || i + want > len) {
		*n = 1;
		return c < 0x80 ? c : 0xfffd0000u | c; /* marks a bad byte */
	}
	uint32_t cp = c & (0xff >> (want + 1));
	for (size_t k = 1; k < want; k++) {
		unsigned char cc = (unsigned char)s[i + k];
		if ((cc & 0xc0) != 0x80) {
			*n = 1;
			return 0xfffd0000u | c;
		}
		cp = (cp << 6) | (cc & 0x3f);
	}
	*n = want;
	return cp;
}

/*
 * Python's str.isprintable() for a code point above 0x7e: false for the
 * C1 controls, format characters, separators other than the space,
 * surrogates, private use and noncharacters. (Unassigned code points, which
 * Python also escapes, would need the Unicode tables.)
 */
static bool py_printable(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{0x7f, 0xa0},	    {0xad, 0xad},	 {0x378, 0x379},
		{0x600, 0x605},	    {0x61c, 0x61c},	 {0x6dd, 0x6dd},
		{0x70f, 0x70f},	    {0x1680, 0x1680},	 {0x180e, 0x180e},
		{0x2000, 0x200f},   {0x2028, 0x202f},	 {0x205f, 0x206f},
		{0x3000, 0x3000},   {0xd800, 0xf8ff},	 {0xfdd0, 0xfdef},
		{0xfeff, 0xfeff},   {0xfff0, 0xfffb},	 {0xfffe, 0xffff},
		{0x110bd, 0x110bd}, {0x1bca0, 0x1bca3},	 {0x1d173, 0x1d17a},
		{0xe0000, 0xe0fff}, {0xf0000, 0x10ffff},
	};
	if ((c & 0xfffe) == 0xfffe)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return false;
	return true;
}

static void py_str_repr(struct buf *out, const char *s, size_t len)
{
	bool has_single = memchr(s, '\'', len) != NULL;
	bool has_double = memchr(s, '"', len) != NULL;
	char quote = has_single && !has_double ? '"' : '\'';

	buf_addch(out, quote);
	for (size_t i = 0; i < len;) {
		size_t n;
		uint32_t c = out_utf8_decode(s, len, i, &n);
		if (c >= 0xfffd0000u) {
			/* not UTF-8: Python would have failed to decode it */
			buf_addf(out, "\\x%02x", c & 0xff);
		} else if (c == (uint32_t)quote || c == '\\') {
			buf_addch(out, '\\');
			buf_addch(out, (char)c);
		} else if (c == '\t') {
			buf_addstr(out, "\\t");
		} else if (c == '\n') {
			buf_addstr(out, "\\n");
		} else if (c == '\r') {
			buf_addstr(out, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			buf_addf(out, "\\x%02x", c);
		} else if (c < 0x7f || py_printable(c)) {
			buf_add(out, s + i, n);
		} else if (c <= 0xff) {
			buf_addf(out, "\\x%02x", c);
		} else if (c <= 0xffff) {
			buf_addf(out, "\\u%04x", c);
		} else {
			buf_addf(out, "\\U%08x", c);
		}
		i += n;
	}
	buf_addch(out, quote);
}

void out_py_repr(struct buf *out, json_t *v)
{
	const char *key;
	json_t *val;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		bool first = true;
		buf_addch(out, '{');
		json_object_foreach(v, key, val)
		{
			if (!first)
				buf_addstr(out, ", ");
			first = false;
			py_str_repr(out, key, strlen(key));
			buf_addstr(out, ": ");
			out_py_repr(out, val);
		}
		buf_addch(out, '}');
		break;
	}
	case JSON_ARRAY:
		buf_addch(out, '[');
		json_array_foreach(v, i, val)
		{
			if (i)
				buf_addstr(out, ", ");
			out_py_repr(out, val);
		}
		buf_addch(out, ']');
		break;
	case JSON_STRING:
		py_str_repr(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		out_py_float(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_addstr(out, "True");
		break;
	case JSON_FALSE:
		buf_addstr(out, "False");
		break;
	case JSON_NULL:
		buf_addstr(out, "None");
		break;
	}
}

void out_py_str(struct buf *out, json_t *v)
{
	if (json_is_string(v))
		buf_add(out, json_string_value(v), json_string_length(v));
	else
		out_py_repr(out, v);
}

/*
 * Python's str.splitlines(): the length of the line starting at s[i] and,
 * in *next, where the next one starts. Line ends: \n \r \r\n \v \f \x1c
 * \x1d \x1e U+0085 U+2028 U+2029.
 */
size_t out_line_len(const char *s, size_t len, size_t i, size_t *next)
{
	for (size_t j = i; j < len; j++) {
		unsigned char c = (unsigned char)s[j];
		size_t eol = 0;
		if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c ||
		    c == 0x1d || c == 0x1e)
			eol = 1;
		else if (c == '\r')
			eol = j + 1 < len && s[j + 1] == '\n' ? 2 : 1;
		else if (c == 0xc2 && j + 1 < len &&
			 (unsigned char)s[j + 1] == 0x85)
			eol = 2;
		else if (c == 0xe2 && j + 2 < len &&
			 (unsigned char)s[j + 1] == 0x80 &&
			 ((unsigned char)s[j + 2] == 0xa8 ||
			  (unsigned char)s[j + 2] == 0xa9))
			eol = 3;
		if (eol) {
			*next = j + eol;
			return j - i;
		}
	}
	*next = len;
	return len - i;
}

/* Object keys sorted as Python's sorted() (code points = UTF-8 bytes). */
static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **out_sorted_keys(json_t *obj, size_t *n)
{
	const char **keys =
		xmalloc((json_object_size(obj) + 1) * sizeof(*keys));
	const char *key;
	json_t *val;
	size_t k = 0;
	json_object_foreach(obj, key, val)
	{
		(void)val;
		keys[k++] = key;
	}
	qsort(keys, k, sizeof(*keys), cmp_keys);
	*n = k;
	return keys;
}

/* ---- json: Python's json.dumps(ensure_ascii=False) ---- */

struct jfmt {
	int indent; /* < 0: one line */
	bool sort_keys;
};

static void json_str(struct buf *out, const char *s, size_t len)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
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
			if (c < 0x20)
				buf_addf(out, "\\u%04x", c);
			else
				buf_addch(out, (char)c);
		}
	}
	buf_addch(out, '"');
}

static void json_newline(struct buf *out, const struct jfmt *f, int level)
{
	buf_addch(out, '\n');
	for (int i = 0; i < f->indent * level; i++)
		buf_addch(out, ' ');
}

static void json_val(struct buf *out, json_t *v, const struct jfmt *f,
		     int level)
{
	const char *sep = f->indent < 0 ? ", " : ",";
	size_t i;
	json_t *val;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n;
		if (!json_object_size(v)) {
			buf_addstr(out, "{}");
			break;
		}
		const char **keys =
			f->sort_keys ? out_sorted_keys(v, &n) : NULL;
		const char *key;
		void *it = json_object_iter(v);
		buf_addch(out, '{');
		for (i = 0;; i++) {
			if (keys) {
				if (i == n)
					break;
				key = keys[i];
				val = json_object_get(v, key);
			} else {
				if (!it)
					break;
				key = json_object_iter_key(it);
				val = json_object_iter_value(it);
				it = json_object_iter_next(v, it);
			}
			if (i)
				buf_addstr(out, sep);
			if (f->indent >= 0)
				json_newline(out, f, level + 1);
			json_str(out, key, strlen(key));
			buf_addstr(out, ": ");
			json_val(out, val, f, level + 1);
		}
		free(keys);
		if (f->indent >= 0)
			json_newline(out, f, level);
		buf_addch(out, '}');
		break;
	}
	case JSON_ARRAY:
		if (!json_array_size(v)) {
			buf_addstr(out, "[]");
			break;
		}
		buf_addch(out, '[');
		json_array_foreach(v, i, val)
		{
			if (i)
				buf_addstr(out, sep);
			if (f->indent >= 0)
				json_newline(out, f, level + 1);
			json_val(out, val, f, level + 1);
		}
		if (f->indent >= 0)
			json_newline(out, f, level);
		buf_addch(out, ']');
		break;
	case JSON_STRING:
		json_str(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		out_py_float(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_addstr(out, "true");
		break;
	case JSON_FALSE:
		buf_addstr(out, "false");
		break;
	case JSON_NULL:
		buf_addstr(out, "null");
		break;
	}
}

static void fmt_json(struct buf *out, json_t *top, const struct out_opts *o)
{
	struct jfmt f = {4, o->sort_keys};
	if (o->indent != OUT_INDENT_DEFAULT)
		f.indent = o->indent < 0 ? -1 : o->indent;
	json_val(out, top, &f, 0);
}

/* {"id": return} on one line per minion */
static void fmt_ndjson(struct buf *out, json_t *top, const struct out_opts *o)
{
	struct jfmt f = {-1, o->sort_keys};
	const char *key;
	json_t *val;
	json_object_foreach(top, key, val)
	{
		buf_addch(out, '{');
		json_str(out, key, strlen(key));
		buf_addstr(out, ": ");
		json_val(out, val, &f, 0);
		buf_addstr(out, "}\n");
	}
}

/* ---- txt, raw ---- */

static void fmt_txt(struct buf *out, json_t *top)
{
	const char *key;
	json_t *val;
	json_object_foreach(top, key, val)
	{
		if (!json_is_string(val)) {
			buf_addf(out, "%s: ", key);
			out_py_str(out, val);
			buf_addch(out, '\n');
			continue;
		}
		const char *s = json_string_value(val);
		size_t len = json_string_length(val), i = 0, next;
		while (i < len) {
			size_t n = out_line_len(s, len, i, &next);
			buf_addf(out, "%s: ", key);
			buf_add(out, s + i, n);
			buf_addch(out, '\n');
			i = next;
		}
	}
}

/* ---- nested ---- */

/* Salt's TextFormat codes: each starts with a reset (0;) */
#define C_CYAN	       "\033[0;36m"
#define C_GREEN	       "\033[0;32m"
#define C_RED	       "\033[0;31m"
#define C_LIGHT_YELLOW "\033[0;1;33m"
#define C_ENDC	       "\033[0;0m"

struct nest {
	struct buf *out;
	bool color;
	bool failed;
	bool started; /* a line was written: the next one needs "\n" first */
};

/* Salt's NestDisplay.ustring: indent, colour, prefix, msg, endc, suffix */
static void nest_line(struct nest *n, int indent, const char *color,
		      const char *prefix, size_t plen, const char *msg,
		      size_t len, const char *suffix)
{
	if (n->started)
		buf_addch(n->out, '\n');
	n->started = true;
	for (int i = 0; i < indent; i++)
		buf_addch(n->out, ' ');
	if (n->color)
		buf_addstr(n->out, color);
	buf_add(n->out, prefix, plen);
	/* strip_esc_sequence: a return cannot drive the terminal */
	for (size_t i = 0; i < len; i++)
		buf_addch(n->out, msg[i] == '\033' ? '?' : msg[i]);
	if (n->color)
		buf_addstr(n->out, C_ENDC);
	buf_addstr(n->out, suffix);
}

static void nest_display(struct nest *n, json_t *v, int indent,
			 const char *prefix)
{
	static const char spaces[] = "  ";
	size_t plen = strlen(prefix);
	struct buf tmp = BUF_INIT;
	size_t i;
	json_t *item;

	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_INTEGER:
	case JSON_REAL:
		out_py_repr(&tmp, v);
		nest_line(n, indent, C_LIGHT_YELLOW, prefix, plen, tmp.ptr,
			  tmp.len, "");
		buf_release(&tmp);
		break;
	case JSON_STRING: {
		const char *s = json_string_value(v);
		size_t len = json_string_length(v), next;
		/* later lines line up under the first: len(prefix) spaces */
		for (i = 0; i < len; i = next) {
			size_t ll = out_line_len(s, len, i, &next);
			nest_line(n, indent, C_GREEN, i ? spaces : prefix, plen,
				  s + i, ll, "");
		}
		break;
	}
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
		{
			if (json_is_array(item) || json_is_object(item)) {
				nest_line(n, indent,
					  n->failed ? C_RED : C_GREEN, "", 0,
					  "|_", 2, "");
				nest_display(n, item, indent + 2,
					     json_is_object(item) ? "" : "- ");
			} else {
				nest_display(n, item, indent, "- ");
			}
		}
		break;
	case JSON_OBJECT: {
		const char *color = n->failed ? C_RED : C_CYAN;
		size_t nk;
		if (indent)
			nest_line(n, indent, color, "", 0, "----------", 10,
				  "");
		const char **keys = out_sorted_keys(v, &nk);
		for (i = 0; i < nk; i++) {
			nest_line(n, indent, color, prefix, plen, keys[i],
				  strlen(keys[i]), ":");
			nest_display(n, json_object_get(v, keys[i]), indent + 4,
				     "");
		}
		free(keys);
		break;
	}
	}
}

/* The top level keeps the caller's order; below it Salt sorts keys. */
static void fmt_nested(struct buf *out, json_t *top, const struct out_opts *o)
{
	struct nest n = {out, o->color, o->failed, false};
	const char *key;
	json_t *val;
	json_object_foreach(top, key, val)
	{
		nest_line(&n, 0, n.failed ? C_RED : C_CYAN, "", 0, key,
			  strlen(key), ":");
		nest_display(&n, val, 4, "");
	}
}

/* ---- dispatch ---- */

/* Python's str.rstrip() of the text from `start`, then one newline. */
static void finish(struct buf *out, size_t start)
{
	size_t len = out->len;
	while (len > start) {
		unsigned char c = (unsigned char)out->ptr[len - 1];
		if (c == ' ' || (c >= '\t' && c <= '\r') ||
		    (c >= 0x1c && c <= 0x1f))
			len--;
		else
			break;
	}
	buf_setlen(out, len);
	if (len > start)
		buf_addch(out, '\n');
}

static void format_top(struct buf *out, enum outputter kind, json_t *top,
		       const struct out_opts *o)
{
	size_t start = out->len;

	switch (kind) {
	case O_JSON:
		fmt_json(out, top, o);
		break;
	case O_NDJSON:
		fmt_ndjson(out, top, o);
		break;
	case O_YAML:
		out_yaml(out, top, o);
		break;
	case O_NESTED:
		fmt_nested(out, top, o);
		break;
	case O_TXT:
		fmt_txt(out, top);
		break;
	case O_RAW:
		out_py_repr(out, top);
		break;
	case O_QUIET:
		return;
	}
	finish(out, start);
}

int out_format(struct buf *out, const char *name, json_t *returns,
	       const struct out_opts *o)
{
	static const struct out_opts defaults = OUT_OPTS_INIT;
	enum outputter kind;

	if (lookup(&kind, name) < 0)
		return -1;
	if (!json_is_object(returns))
		return err_set("outputter '%s': the returns are not an object",
			       name);
	format_top(out, kind, returns, o ? o : &defaults);
	return 0;
}

int out_format_minion(struct buf *out, const char *name, const char *id,
		      json_t *ret, const struct out_opts *o)
{
	static const struct out_opts defaults = OUT_OPTS_INIT;
	enum outputter kind;

	if (lookup(&kind, name) < 0)
		return -1;
	json_t *top = json_object();
	json_object_set(top, id, ret ? ret : json_null());
	format_top(out, kind, top, o ? o : &defaults);
	json_decref(top);
	return 0;
}
