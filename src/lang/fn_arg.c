/* SPDX-License-Identifier: MIT */
/* fn_arg.c: argument checks and Ruby conversions shared by native functions */
#include "util/compat.h"
#include <locale.h>
#include <wctype.h>
#include "lang/ast.h"
#include "lang/eval-internal.h"
#include "lang/fn_arg.h"
#include "lang/func.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"

/* The built-in data types: a VAL_TYPE with any other name is a reference. */
static const char *const data_types[] = {
	"Any", "Array", "Binary", "Boolean", "Callable", "CatalogEntry",
	"Collection", "Data", "Default", "Deferred", "Enum", "Error", "Float",
	"Hash", "Init", "Integer", "Iterable", "Iterator", "NotUndef",
	"Numeric", "Object", "Optional", "Pattern", "Regexp", "RichData",
	"Runtime", "Scalar", "ScalarData", "SemVer", "SemVerRange",
	"Sensitive", "String", "Struct", "Timespan", "Timestamp", "Tuple",
	"Type", "TypeSet", "URI", "Undef", "Variant",
};

static bool is_data_type(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(data_types); i++)
		if (!strcmp(name, data_types[i]))
			return true;
	return false;
}

const char *fnarg_label(struct arena *a, const struct value *v)
{
	switch (v->kind) {
	case VAL_ARRAY:
		return v->u.arr.n ? "Tuple" : "Array";
	case VAL_HASH:
		if (!v->u.h.n)
			return "Hash";
		for (size_t i = 0; i < v->u.h.n; i++)
			if (v->u.h.e[i].key->kind != VAL_STRING)
				return "Hash";
		return "Struct";
	case VAL_TYPE:
		if (!is_data_type(v->u.t.name))
			return strcmp(v->u.t.name, "Class") ? "Type[Resource]" :
							      "Type[Class]";
		{
			struct buf b = BUF_INIT;
			buf_addstr(&b, "Type[");
			val_inspect(&b, v);
			buf_addch(&b, ']');
			char *s = arena_memdupz(a, b.ptr, b.len);
			buf_release(&b);
			return s;
		}
	default:
		return val_type_name(v);
	}
}

int fnarg_mismatch(struct fn_call *c, const char *param, const char *expects,
		   const struct value *got)
{
	return fn_error(c, "'%s' parameter '%s' expects %s, got %s", c->name,
			param, expects, fnarg_label(c->arena, got));
}

static void count_args(struct buf *b, size_t n)
{
	if (n == 1)
		buf_addstr(b, "1 argument");
	else
		buf_addf(b, "%zu arguments", n);
}

/* The counts of arguments the lambda takes: [*lo, *hi], hi SIZE_MAX for
 * a *$rest parameter. */
static void block_range(const struct fn_call *c, size_t *lo, size_t *hi)
{
	const struct ast *l = c->lambda;
	*lo = 0;
	*hi = fn_lambda_arity(c);
	for (size_t i = 0; i < l->nparams && i < *hi; i++) {
		const struct ast *p = l->params[i];
		if (p->op == OP_SPLAT)
			*hi = SIZE_MAX;
		else if (!p->b)
			*lo = i + 1;
	}
}

bool fnarg_block_takes(const struct fn_call *c, size_t n)
{
	if (!c->lambda)
		return false;
	size_t lo, hi;
	block_range(c, &lo, &hi);
	return n >= lo && n <= hi;
}

int fnarg_block(struct fn_call *c, size_t min, size_t max)
{
	if (!c->lambda)
		return fn_error(c, "'%s' expects a block", c->name);
	size_t lo, hi;
	block_range(c, &lo, &hi);
	if (lo <= max && hi >= min)
		return 0;
	size_t n = lo > max ? lo : hi;
	struct buf b = BUF_INIT;
	if (min == max && !min)
		buf_addstr(&b, "no arguments");
	else if (min == max)
		count_args(&b, min);
	else
		buf_addf(&b, "between %zu and %zu arguments", min, max);
	if (n)
		buf_addf(&b, ", got %zu", n);
	else
		buf_addstr(&b, ", got none");
	fn_error(c, "'%s' block expects %s", c->name, b.ptr);
	buf_release(&b);
	return -1;
}

bool fnarg_is_num(const struct value *v)
{
	return v->kind == VAL_INT || v->kind == VAL_FLOAT;
}

double fnarg_num(const struct value *v)
{
	return v->kind == VAL_INT ? (double)v->u.n.i : v->u.f;
}

bool fnarg_ruby_eq(const struct value *a, const struct value *b)
{
	if (fnarg_is_num(a) && fnarg_is_num(b)) {
		if (a->kind == VAL_INT && b->kind == VAL_INT)
			return a->u.n.i == b->u.n.i;
		return fnarg_num(a) == fnarg_num(b);
	}
	if (a->kind != b->kind)
		return false;
	if (a->kind == VAL_ARRAY) {
		if (a->u.arr.n != b->u.arr.n)
			return false;
		for (size_t i = 0; i < a->u.arr.n; i++)
			if (!fnarg_ruby_eq(a->u.arr.v[i], b->u.arr.v[i]))
				return false;
		return true;
	}
	if (a->kind == VAL_HASH) {
		if (a->u.h.n != b->u.h.n)
			return false;
		for (size_t i = 0; i < a->u.h.n; i++) {
			const struct value *o;
			o = val_hash_get(b, a->u.h.e[i].key);
			if (!o || !fnarg_ruby_eq(a->u.h.e[i].val, o))
				return false;
		}
		return true;
	}
	return val_identical(a, b);
}

void fnarg_ruby_s(struct buf *out, const struct value *v)
{
	switch (v->kind) {
	case VAL_REGEX:
		buf_addf(out, "(?-mix:%s)", v->u.re.src);
		return;
	case VAL_ARRAY:
	case VAL_HASH:
		val_ruby_inspect(out, v);
		return;
	case VAL_TYPE:
		if (is_data_type(v->u.t.name))
			val_to_s(out, v);
		else
			val_inspect(out, v);
		return;
	default:
		val_to_s(out, v);
		return;
	}
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Trims whitespace on both sides; false when nothing is left. */
static bool trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
	return *len > 0;
}

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Digits in `base` with single underscores between them, to the end. */
static int parse_digits(uint64_t *out, const char *s, size_t len, int base)
{
	uint64_t v = 0;
	if (!len || s[0] == '_' || s[len - 1] == '_')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '_') {
			if (s[i - 1] == '_')
				return -1;
			continue;
		}
		int d = digit_val(s[i]);
		if (d >= base)
			return -1;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

int fnarg_ruby_integer(int64_t *out, const char *s, size_t len)
{
	if (!trim(&s, &len))
		return -1;
	bool neg = false;
	if (*s == '+' || *s == '-') {
		neg = *s == '-';
		s++;
		len--;
	}
	int base = 10;
	if (len >= 2 && s[0] == '0') {
		char p = (char)(s[1] | 0x20);
		if (p == 'x' || p == 'b' || p == 'o' || p == 'd') {
			base = p == 'x' ? 16 : p == 'b' ? 2 : p == 'o' ? 8 : 10;
			s += 2;
			len -= 2;
		} else {
			base = 8;
			s++;
			len--;
			if (s[0] == '_') {
				s++;
				len--;
			}
		}
	}
	uint64_t v;
	if (parse_digits(&v, s, len, base) < 0)
		return -1;
	if (v > (uint64_t)INT64_MAX + neg)
		return -1;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int fnarg_ruby_float(double *out, const char *s, size_t len)
{
	if (!trim(&s, &len))
		return -1;
	const char *p = s;
	size_t n = len;
	bool neg = false;
	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
		n--;
	}
	if (n > 2 && p[0] == '0' && (p[1] | 0x20) == 'x') {
		/* hexadecimal, maybe with a binary exponent: strtod reads it */
		struct buf b = BUF_INIT;
		buf_add(&b, s, len);
		char *end;
		double d = strtod(b.ptr, &end);
		bool ok = *end == '\0';
		buf_release(&b);
		if (!ok)
			return -1;
		*out = d;
		return 0;
	}
	/* digits [. digits] [e [sign] digits], underscores between digits */
	struct buf b = BUF_INIT;
	if (neg)
		buf_addch(&b, '-');
	size_t i = 0;
	int state = 0; /* 0 int part, 1 fraction, 2 exponent */
	bool need_digit = true;
	int rc = 0;
	for (; i < n; i++) {
		char c = p[i];
		if (c >= '0' && c <= '9') {
			buf_addch(&b, c);
			need_digit = false;
		} else if (c == '_') {
			if (need_digit || i + 1 == n || p[i + 1] < '0' ||
			    p[i + 1] > '9') {
				rc = -1;
				break;
			}
		} else if (c == '.' && state == 0) {
			/* Ruby wants digits after the point; before it, none
			 * at all is accepted (".5") */
			if (i && need_digit) {
				rc = -1;
				break;
			}
			buf_addch(&b, c);
			state = 1;
			need_digit = true;
		} else if ((c == 'e' || c == 'E') && state < 2 && !need_digit) {
			buf_addch(&b, c);
			state = 2;
			need_digit = true;
			if (i + 1 < n && (p[i + 1] == '+' || p[i + 1] == '-'))
				buf_addch(&b, p[++i]);
		} else {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && need_digit)
		rc = -1;
	if (rc == 0)
		*out = strtod(b.ptr, NULL);
	buf_release(&b);
	return rc;
}

size_t fnarg_utf8_clen(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t n = c < 0x80 ? 1 : c >= 0xf8 ? 1 : c >= 0xf0 ? 4 :
		   c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
	if (i + n > len)
		return 1;
	for (size_t k = 1; k < n; k++)
		if (((unsigned char)s[i + k] & 0xc0) != 0x80)
			return 1;
	return n;
}

size_t fnarg_utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i += fnarg_utf8_clen(s, len, i))
		n++;
	return n;
}

/* ---- Ruby views of values ---- */

struct value *fnarg_arg3(struct fn_call *c, size_t i)
{
	static struct value empty = { .kind = VAL_STRING, .u.s = { "", 0 } };
	struct value *v = c->args[i];
	return v->kind == VAL_UNDEF ? &empty : v;
}

const char *fnarg_ruby_class(const struct value *v)
{
	switch (v->kind) {
	case VAL_UNDEF: return "NilClass";
	case VAL_DEFAULT: return "Symbol";
	case VAL_BOOL: return v->u.b ? "TrueClass" : "FalseClass";
	case VAL_INT: return "Integer";
	case VAL_FLOAT: return "Float";
	case VAL_STRING: return "String";
	case VAL_REGEX: return "String"; /* 3.x functions get "/src/" */
	case VAL_ARRAY: return "Array";
	case VAL_HASH: return "Hash";
	case VAL_TYPE: return "Puppet::Pops::Types::PAnyType";
	}
	return "Object";
}

void fnarg_ruby_quote(struct buf *out, const char *s, size_t len)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = fnarg_utf8_clen(s, len, i);
		if (c >= 0x80) {
			if (n == 1)
				buf_addf(out, "\\x%02X", c);
			else
				buf_add(out, s + i, n);
			i += n;
			continue;
		}
		i++;
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
			if (i < len && strchr("{$@", s[i]) && s[i])
				buf_addch(out, '\\');
			buf_addch(out, '#');
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_addf(out, "\\u%04X", c);
			else
				buf_addch(out, (char)c);
		}
	}
	buf_addch(out, '"');
}

void fnarg_ruby3_s(struct buf *out, const struct value *v)
{
	switch (v->kind) {
	case VAL_UNDEF:
		return;
	case VAL_ARRAY:
	case VAL_HASH:
		fnarg_ruby3_inspect(out, v, true);
		return;
	default:
		val_to_s(out, v);
	}
}

void fnarg_ruby3_inspect(struct buf *out, const struct value *v, bool top)
{
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, top ? "\"\"" : "nil");
		return;
	case VAL_DEFAULT:
		buf_addstr(out, ":default");
		return;
	case VAL_STRING:
		fnarg_ruby_quote(out, v->u.s.ptr, v->u.s.len);
		return;
	case VAL_REGEX: {
		struct buf t = BUF_INIT;
		buf_addf(&t, "/%s/", v->u.re.src);
		fnarg_ruby_quote(out, t.ptr, t.len);
		buf_release(&t);
		return;
	}
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fnarg_ruby3_inspect(out, v->u.arr.v[i], false);
		}
		buf_addch(out, ']');
		return;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fnarg_ruby3_inspect(out, v->u.h.e[i].key, false);
			buf_addstr(out, "=>");
			fnarg_ruby3_inspect(out, v->u.h.e[i].val, false);
		}
		buf_addch(out, '}');
		return;
	default:
		val_to_s(out, v);
	}
}

void fnarg_utf8_put(struct buf *out, uint32_t cp)
{
	if (cp < 0x80) {
		buf_addch(out, (int)cp);
	} else if (cp < 0x800) {
		buf_addch(out, (int)(0xc0 | (cp >> 6)));
		buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addch(out, (int)(0xe0 | (cp >> 12)));
		buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_addch(out, (int)(0xf0 | (cp >> 18)));
		buf_addch(out, (int)(0x80 | ((cp >> 12) & 0x3f)));
		buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	}
}

static bool is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static uint32_t utf8_get(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 2)
		return (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
	if (n == 3)
		return (uint32_t)(u[0] & 0x0f) << 12 |
		       (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
	return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3f) << 12 |
	       (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
}

/*
 * Ruby's String#upcase/downcase/capitalize/swapcase: Unicode simple case
 * mapping, through glibc's C.UTF-8 tables when the text is not ASCII.
 */
void fnarg_case_map(struct buf *out, const char *s, size_t len,
		     enum fnarg_case how)
{
	locale_t loc = (locale_t)0;
	if (!is_ascii(s, len))
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	for (size_t i = 0; i < len;) {
		size_t n = fnarg_utf8_clen(s, len, i);
		bool up = how == FNARG_UP ||
			  (how == FNARG_CAPITALIZE && i == 0);
		if (n == 1) {
			unsigned char ch = (unsigned char)s[i];
			if (how == FNARG_SWAP)
				up = ch >= 'a' && ch <= 'z';
			if (up && ch >= 'a' && ch <= 'z')
				ch -= 32;
			else if (!up && ch >= 'A' && ch <= 'Z')
				ch += 32;
			buf_addch(out, ch);
		} else if (loc == (locale_t)0) {
			buf_add(out, s + i, n);
		} else {
			wint_t wc = (wint_t)utf8_get(s + i, n);
			if (how == FNARG_SWAP)
				up = iswlower_l(wc, loc);
			if (!up && wc == 0x130) {
				/* İ lowercases to i and a combining dot */
				buf_addstr(out, "i\xcc\x87");
			} else if (up && wc == 0xdf) {
				/* the one full mapping people meet: ß is SS
				 * (Ss first in a capitalized word) */
				buf_addstr(out, how == FNARG_CAPITALIZE ? "Ss" : "SS");
			} else {
				wint_t m = up ? towupper_l(wc, loc) :
						towlower_l(wc, loc);
				fnarg_utf8_put(out, (uint32_t)m);
			}
		}
		i += n;
	}
	if (loc != (locale_t)0)
		freelocale(loc);
}


int fnarg_need_ctx(struct fn_call *c)
{
	if (!c->ctx)
		return fn_error(c, "'%s' can only be called during a compile", c->name);
	return 0;
}

struct value *fnarg_topvar(struct fn_call *c, const char *name)
{
	struct value *v = c->ctx ? scope_find(c->ctx, c->ctx->top, name) : NULL;
	return v && v->kind != VAL_UNDEF ? v : NULL;
}
