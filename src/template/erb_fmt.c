/* SPDX-License-Identifier: MIT */
/* erb_fmt.c: Ruby's to_s, inspect and format strings for ERB values */
#include "util/compat.h"
#include <math.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "template/erb-internal.h"
#include "util/arena.h"

#define MAX_FMT_DEPTH 128

/* ---- strings and symbols ---- */

/* Decodes the UTF-8 character at s[i] (n bytes); -1 when invalid. */
static long decode(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 1)
		return u[0] < 0x80 ? u[0] : -1;
	long cp = u[0] & (0xff >> (n + 1));
	for (size_t k = 1; k < n; k++)
		cp = (cp << 6) | (u[k] & 0x3f);
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return -1;
	return cp;
}

/* Ruby's String#inspect for a UTF-8 string. */
static void quote(struct buf *out, const char *s, size_t len)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < len;) {
		size_t n = erb_utf8_char(s, len, i);
		long cp = decode(s + i, n);
		if (cp < 0) {
			for (size_t k = 0; k < n; k++)
				buf_addf(out, "\\x%02X", (unsigned char)s[i + k]);
			i += n;
			continue;
		}
		switch (cp) {
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
			if (i + 1 < len && strchr("{$@", s[i + 1]) && s[i + 1])
				buf_addch(out, '\\');
			buf_addch(out, '#');
			break;
		default:
			/* Ruby escapes what Unicode does not call printable:
			 * controls, line and paragraph separators,
			 * noncharacters (unassigned ones are not tracked) */
			if (cp < 0x20 || cp == 0x7f || cp == 0x2028 ||
			    cp == 0x2029 || (cp >= 0xfdd0 && cp <= 0xfdef) ||
			    (cp & 0xfffe) == 0xfffe)
				buf_addf(out, cp > 0xffff ? "\\u{%lX}" : "\\u%04lX", cp);
			else
				buf_add(out, s + i, n);
		}
		i += n;
	}
	buf_addch(out, '"');
}

static bool sym_simple(const char *s, size_t len)
{
	static const char *const ops[] = {
		"+", "-", "*", "/", "%", "**", "==", "===", "!=", "<=>", "<",
		"<=", ">", ">=", "<<", ">>", "!", "~", "+@", "-@", "[]", "[]=",
		"=~", "!~", "&", "|", "^",
	};
	if (!len)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (strlen(ops[i]) == len && !memcmp(ops[i], s, len))
			return true;
	size_t i = 0;
	if (s[0] == '@')
		i = s[1] == '@' ? 2 : 1;
	else if (s[0] == '$')
		i = 1;
	if (i >= len)
		return false;
	unsigned char c = (unsigned char)s[i];
	if (!(c == '_' || (c | 0x20) >= 'a') || (c >= '0' && c <= '9'))
		return false;
	for (; i < len; i++) {
		c = (unsigned char)s[i];
		bool ok = c == '_' || (c >= '0' && c <= '9') ||
			  ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
		if (!ok)
			return i == len - 1 &&
			       (c == '?' || c == '!' || c == '=') &&
			       s[0] != '@' && s[0] != '$';
	}
	return true;
}

/* ---- regular expressions ---- */

static uint32_t regex_opts(const struct value *re)
{
	uint32_t o = 0;
	if (re->u.re.code)
		pcre2_pattern_info(re->u.re.code, PCRE2_INFO_ARGOPTIONS, &o);
	return o;
}

static void regex_to_s(struct buf *out, const struct value *re)
{
	uint32_t o = regex_opts(re);
	bool m = o & PCRE2_DOTALL, i = o & PCRE2_CASELESS,
	     x = o & PCRE2_EXTENDED;
	buf_addstr(out, "(?");
	if (m)
		buf_addch(out, 'm');
	if (i)
		buf_addch(out, 'i');
	if (x)
		buf_addch(out, 'x');
	if (!(m && i && x)) {
		buf_addch(out, '-');
		if (!m)
			buf_addch(out, 'm');
		if (!i)
			buf_addch(out, 'i');
		if (!x)
			buf_addch(out, 'x');
	}
	buf_addch(out, ':');
	buf_addstr(out, re->u.re.src);
	buf_addch(out, ')');
}

static void regex_inspect(struct buf *out, const struct value *re)
{
	uint32_t o = regex_opts(re);
	buf_addch(out, '/');
	for (const char *p = re->u.re.src; *p; p++) {
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
	if (o & PCRE2_DOTALL)
		buf_addch(out, 'm');
	if (o & PCRE2_CASELESS)
		buf_addch(out, 'i');
	if (o & PCRE2_EXTENDED)
		buf_addch(out, 'x');
}

/* ---- to_s and inspect ---- */

static int fmt(struct erb_run *r, struct buf *out, const struct value *v,
	       bool insp, int depth, struct srcloc loc);

static int fmt_match(struct erb_run *r, struct buf *out,
		     const struct value *m, bool insp, struct srcloc loc)
{
	const struct value *g = m->u.t.params[0];
	if (!insp)
		return fmt(r, out, g->u.arr.v[0], false, 1, loc);
	buf_addstr(out, "#<MatchData ");
	quote(out, g->u.arr.v[0]->u.s.ptr, g->u.arr.v[0]->u.s.len);
	for (size_t i = 1; i < g->u.arr.n; i++) {
		buf_addf(out, " %zu:", i);
		if (fmt(r, out, g->u.arr.v[i], true, 1, loc) < 0)
			return ERB_ERR;
	}
	buf_addch(out, '>');
	return 0;
}

static int fmt(struct erb_run *r, struct buf *out, const struct value *v,
	       bool insp, int depth, struct srcloc loc)
{
	if (depth > MAX_FMT_DEPTH)
		return erb_unsupported(r, loc, "value nested deeper than %d",
				       MAX_FMT_DEPTH);
	if (out->len > r->max_bytes)
		return erb_room(r, loc, out->len);
	switch (v->kind) {
	case VAL_UNDEF:
		if (insp)
			buf_addstr(out, "nil");
		return 0;
	case VAL_DEFAULT:
		buf_addstr(out, insp ? ":default" : "default");
		return 0;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return 0;
	case VAL_INT:
		buf_addf(out, "%lld", (long long)v->u.n.i);
		return 0;
	case VAL_FLOAT:
		val_float_fmt(out, v->u.f);
		return 0;
	case VAL_STRING:
		if (!insp) {
			buf_add(out, v->u.s.ptr, v->u.s.len);
		} else if (erb_is_sym(r, v)) {
			buf_addch(out, ':');
			if (sym_simple(v->u.s.ptr, v->u.s.len))
				buf_add(out, v->u.s.ptr, v->u.s.len);
			else
				quote(out, v->u.s.ptr, v->u.s.len);
		} else {
			quote(out, v->u.s.ptr, v->u.s.len);
		}
		return 0;
	case VAL_REGEX:
		if (insp)
			regex_inspect(out, v);
		else
			regex_to_s(out, v);
		return 0;
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			if (fmt(r, out, v->u.arr.v[i], true, depth + 1, loc) <
			    0)
				return ERB_ERR;
		}
		buf_addch(out, ']');
		return 0;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			if (fmt(r, out, v->u.h.e[i].key, true, depth + 1, loc) <
			    0)
				return ERB_ERR;
			buf_addstr(out, "=>");
			if (fmt(r, out, v->u.h.e[i].val, true, depth + 1, loc) <
			    0)
				return ERB_ERR;
		}
		buf_addch(out, '}');
		return 0;
	case VAL_TYPE:
		break;
	}
	switch (erb_class_of(r, v)) {
	case CLS_RANGE:
		if (fmt(r, out, v->u.t.params[0], insp, depth + 1, loc) < 0)
			return ERB_ERR;
		buf_addstr(out, v->u.t.params[2]->u.b ? "..." : "..");
		return fmt(r, out, v->u.t.params[1], insp, depth + 1, loc);
	case CLS_MATCHDATA:
		return fmt_match(r, out, v, insp, loc);
	case CLS_CLASS:
		buf_addstr(out, erb_class_names[v->u.t.params[0]->u.n.i]);
		return 0;
	case CLS_PUPPET_TYPE:
		/* Puppet's type formatter: File['/x'], Integer[1, 2] */
		val_ruby_to_s(out, v);
		return 0;
	default:
		return erb_unsupported(r, loc, "converting a %s to a string",
				       erb_class_names[erb_class_of(r, v)]);
	}
}

int erb_to_s(struct erb_run *r, struct buf *out, const struct value *v,
	     struct srcloc loc)
{
	return fmt(r, out, v, false, 0, loc);
}

int erb_inspect(struct erb_run *r, struct buf *out, const struct value *v,
		struct srcloc loc)
{
	return fmt(r, out, v, true, 0, loc);
}

void erb_describe(struct erb_run *r, struct buf *out, const struct value *v)
{
	enum erb_cls c = erb_class_of(r, v);
	if (v->kind == VAL_UNDEF || v->kind == VAL_BOOL) {
		buf_addf(out, "%s:%s", v->kind == VAL_UNDEF ? "nil" :
			 v->u.b ? "true" : "false", erb_class_names[c]);
		return;
	}
	struct buf tmp = BUF_INIT;
	struct buf saved = r->err;
	r->err = (struct buf)BUF_INIT;
	int rc = c == CLS_SCOPE || c == CLS_ENUMERATOR || c == CLS_PROC ? -1 :
		 erb_inspect(r, &tmp, v, (struct srcloc){ 0 });
	buf_release(&r->err);
	r->err = saved;
	if (rc == 0 && tmp.len <= 65)
		buf_addf(out, "%s:%s", tmp.ptr, erb_class_names[c]);
	else
		buf_addf(out, "an instance of %s", erb_class_names[c]);
	buf_release(&tmp);
}

/* ---- numbers from strings ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int digit_of(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return (c | 0x20) - 'a' + 10;
	return 99;
}

/*
 * Ruby's rb_cstr_to_inum: blanks, a sign, a base prefix (0x 0b 0o 0d, or
 * 0 for octal when strict or base 8), digits with single underscores
 * between them. Strict (Integer()): the whole string must be used.
 * Returns 0, -1 when strict and invalid, -2 on overflow.
 */
int erb_str_to_int(int64_t *out, const char *s, size_t len, int base,
		   bool strict)
{
	size_t i = 0;
	*out = 0;
	while (i < len && is_blank(s[i]))
		i++;
	bool neg = false;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i + 1 < len && s[i] == '0') {
		char p = (char)(s[i + 1] | 0x20);
		int pb = p == 'x' ? 16 : p == 'b' ? 2 : p == 'o' ? 8 :
			 p == 'd' ? 10 : 0;
		if (pb && (base == 0 || base == pb) && i + 2 < len &&
		    digit_of(s[i + 2]) < pb) {
			base = pb;
			i += 2;
		} else if (base == 0 && digit_of(s[i + 1]) < 8) {
			base = 8;
			i++;
		} else if (base == 0 && s[i + 1] == '_' && strict) {
			base = 8;
			i++;
		}
	}
	if (base == 0)
		base = 10;
	uint64_t v = 0;
	size_t digits = 0;
	bool overflow = false;
	while (i < len) {
		int d = digit_of(s[i]);
		if (s[i] == '_' && digits && i + 1 < len &&
		    digit_of(s[i + 1]) < base) {
			i++;
			continue;
		}
		if (d >= base)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			overflow = true;
		v = v * (uint64_t)base + (uint64_t)d;
		digits++;
		i++;
	}
	if (strict) {
		while (i < len && is_blank(s[i]))
			i++;
		if (!digits || i != len)
			return -1;
	}
	if (overflow || v > (uint64_t)INT64_MAX + neg)
		return -2;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* Ruby's String#to_f (lenient) and Float() (strict). */
double erb_str_to_f(const char *s, size_t len, bool *ok, bool strict)
{
	struct buf b = BUF_INIT;
	size_t i = 0;
	while (i < len && is_blank(s[i]))
		i++;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		buf_addch(&b, s[i++]);
	size_t start = i;
	bool dot = false, exp = false, digit = false;
	while (i < len) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			digit = true;
		} else if (c == '_' && digit && i + 1 < len &&
			   s[i + 1] >= '0' && s[i + 1] <= '9') {
			i++;
			continue;
		} else if (c == '.' && !dot && !exp && digit && i + 1 < len &&
			   s[i + 1] >= '0' && s[i + 1] <= '9') {
			dot = true;
		} else if ((c == 'e' || c == 'E') && !exp && digit) {
			size_t k = i + 1;
			if (k < len && (s[k] == '+' || s[k] == '-'))
				k++;
			if (k >= len || s[k] < '0' || s[k] > '9')
				break;
			exp = true;
			buf_addch(&b, c);
			if (k > i + 1)
				buf_addch(&b, s[i + 1]);
			i = k;
			continue;
		} else {
			break;
		}
		buf_addch(&b, c);
		i++;
	}
	size_t end = i;
	while (i < len && is_blank(s[i]))
		i++;
	*ok = end > start && digit && (!strict || i == len);
	double v = *ok || !strict ? strtod(b.len ? b.ptr : "0", NULL) : 0;
	buf_release(&b);
	return v;
}

/* ---- format ---- */

static int arg_int(int64_t *out, struct erb_run *r, struct value *v,
		   struct srcloc loc)
{
	switch (v->kind) {
	case VAL_INT:
		*out = v->u.n.i;
		return 0;
	case VAL_FLOAT:
		if (isnan(v->u.f) || isinf(v->u.f) || fabs(v->u.f) >= 9.2e18)
			return erb_unsupported(r, loc, "%%d of %g", v->u.f);
		*out = (int64_t)v->u.f;
		return 0;
	case VAL_STRING: {
		int rc = erb_str_to_int(out, v->u.s.ptr, v->u.s.len, 0, true);
		if (rc == -2)
			return erb_unsupported(r, loc, "Integer overflow (Bignum)");
		if (rc < 0)
			return erb_error(r, loc, "invalid value for Integer(): \"%.*s\"",
					 (int)v->u.s.len, v->u.s.ptr);
		return 0;
	}
	case VAL_UNDEF:
		return erb_error(r, loc, "can't convert nil into Integer");
	default:
		return erb_error(r, loc, "can't convert %s into Integer",
				 erb_class_names[erb_class_of(r, v)]);
	}
}

static int arg_float(double *out, struct erb_run *r, struct value *v,
		     struct srcloc loc)
{
	switch (v->kind) {
	case VAL_INT:
		*out = (double)v->u.n.i;
		return 0;
	case VAL_FLOAT:
		*out = v->u.f;
		return 0;
	case VAL_STRING: {
		bool ok;
		*out = erb_str_to_f(v->u.s.ptr, v->u.s.len, &ok, true);
		if (!ok)
			return erb_error(r, loc, "invalid value for Float(): \"%.*s\"",
					 (int)v->u.s.len, v->u.s.ptr);
		return 0;
	}
	case VAL_UNDEF:
		return erb_error(r, loc, "can't convert nil into Float");
	default:
		return erb_error(r, loc, "can't convert %s into Float",
				 erb_class_names[erb_class_of(r, v)]);
	}
}

/*
 * Ruby's sprintf formats floats from the digits of its own dtoa (David
 * Gay's, in missing/dtoa.c), mode 3 for %f (digits after the point) and
 * mode 2 for %e and %g (significant digits). For up to 14 digits dtoa
 * first tries double arithmetic; when the last digit's remainder is within
 * that arithmetic's error bound of one half, Ruby's version rounds half
 * to even instead of falling back to exact arithmetic, and an even digit
 * goes on to the exact path with a `half` flag that keeps it from being
 * raised and keeps its trailing zeros. So "%.2f" % 2.675 is 2.68 and
 * "%.4g" % 2.0005 is 2.000, where C's exact rounding gives 2.67 and 2.001.
 * rdtoa() reproduces that: the fast path in the same double operations,
 * the exact path from glibc's exact decimal expansion.
 */
static const double tens[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
static const double bigtens[] = { 1e16, 1e32, 1e64, 1e128, 1e256 };

#define QUICK_MAX 14
#define INT_MAX_DIGITS 14

struct digits {
	char d[800]; /* significant digits, NUL-terminated */
	int decpt;   /* the value is 0.d * 10^decpt */
};

static void bump_up(struct digits *r, size_t *n, int *k)
{
	/* dtoa's bump_up: 9s carry; the digits after the raised one go */
	while (*n > 0 && r->d[*n - 1] == '9') {
		if (*n == 1) {
			r->d[0] = '0';
			(*k)++;
			break;
		}
		(*n)--;
	}
	r->d[*n - 1]++;
	r->d[*n] = '\0';
}

/* The exact path, from the exact expansion of d (d > 0, finite). */
static void exact_digits(struct digits *r, double d, int mode, int ndigits,
			 bool half)
{
	static const size_t cap = sizeof(r->d) - 1;
	char ex[900];
	snprintf(ex, sizeof(ex), "%.780e", d);
	char e[800];
	size_t ne = 0;
	const char *p = ex;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && ne < cap)
			e[ne++] = *p;
	while (ne > 1 && e[ne - 1] == '0')
		ne--;
	int k = (int)strtol(p + 1, NULL, 10);
	int ilim = mode == 2 ? (ndigits <= 0 ? 1 : ndigits) : ndigits + k + 1;
	if (mode == 3 && ilim <= 0) {
		/* no digits unless d is above half a unit of the last place */
		bool above =
			ilim == 0 && (e[0] > '5' || (e[0] == '5' && ne > 1));
		r->d[0] = above ? '1' : '\0';
		r->d[above ? 1 : 0] = '\0';
		r->decpt = above ? k + 2 : -ndigits;
		return;
	}
	if ((size_t)ilim >= ne || (size_t)ilim > cap) {
		memcpy(r->d, e, ne);
		r->d[ne] = '\0';
		r->decpt = k + 1;
		return;
	}
	memcpy(r->d, e, (size_t)ilim);
	r->d[ilim] = '\0';
	/* remainder against one half: e[ilim] vs 5, then anything after */
	int j = e[ilim] > '5' ? 1 : e[ilim] < '5' ? -1 : ne > (size_t)ilim + 1;
	size_t n = (size_t)ilim;
	if (j > 0 || (j == 0 && ((r->d[n - 1] - '0') & 1))) {
		while (n > 0 && r->d[n - 1] == '9')
			n--;
		if (!n) {
			r->d[0] = '1';
			r->d[1] = '\0';
			r->decpt = k + 2;
			return;
		}
		if (!half || ((r->d[n - 1] - '0') & 1))
			r->d[n - 1]++;
		r->d[n] = '\0';
	} else {
		while (n > 1 && r->d[n - 1] == '0')
			n--;
		r->d[n] = '\0';
	}
	r->decpt = k + 1;
}

static void rdtoa(struct digits *r, double d, int mode, int ndigits)
{
	union { double f; uint64_t u; } bits = { .f = d };
	int ebits = (int)((bits.u >> 52) & 0x7ff);
	if (!ebits) {
		/* subnormal: no fast path worth having */
		exact_digits(r, d, mode, ndigits, false);
		return;
	}
	union {
		double f;
		uint64_t u;
	} m = { .u = (bits.u & 0xfffffffffffffULL) | ((uint64_t)1023 << 52) };
	int i = ebits - 1023;
	double ds = (m.f - 1.5) * 0.289529654602168 + 0.1760912590558 +
		    i * 0.301029995663981;
	int k = (int)ds;
	if (ds < 0. && ds != k)
		k--;
	bool k_check = true;
	if (k >= 0 && k <= 22) {
		if (d < tens[k])
			k--;
		k_check = false;
	}
	int ilim, ilim1;
	if (mode == 2) {
		if (ndigits <= 0)
			ndigits = 1;
		ilim = ilim1 = ndigits;
	} else {
		ilim = ndigits + k + 1;
		ilim1 = ilim - 1;
	}
	bool half = false;
	size_t n = 0;
	if (ilim >= 0 && ilim <= QUICK_MAX) {
		double u = d, eps;
		int ieps = 2, j, j1, bi = 0, kq = k, iq = ilim;
		if (kq > 0) {
			double div = tens[kq & 0xf];
			j = kq >> 4;
			if (j & 0x10) {
				j &= 0x10 - 1;
				u /= bigtens[4];
				ieps++;
			}
			for (; j; j >>= 1, bi++)
				if (j & 1) {
					ieps++;
					div *= bigtens[bi];
				}
			u /= div;
		} else if ((j1 = -kq) != 0) {
			u *= tens[j1 & 0xf];
			for (j = j1 >> 4; j; j >>= 1, bi++)
				if (j & 1) {
					ieps++;
					u *= bigtens[bi];
				}
		}
		bool failed = false;
		if (k_check && u < 1. && iq > 0) {
			if (ilim1 <= 0)
				failed = true;
			iq = ilim1;
			kq--;
			u *= 10.;
			ieps++;
		}
		if (!failed) {
			union {
				double f;
				uint64_t u;
			} e = { .f = ieps * u + 7. };
			e.u -= (uint64_t)(53 - 1) << 52;
			eps = e.f;
			if (iq == 0) {
				u -= 5.;
				if (u > eps) {
					r->d[0] = '1';
					r->d[1] = '\0';
					r->decpt = kq + 2;
					return;
				}
				if (u < -eps) {
					r->d[0] = '\0';
					r->decpt = -ndigits;
					return;
				}
			} else {
				eps *= tens[iq - 1];
				for (int di = 1;; di++, u *= 10.) {
					long L = (long)u;
					if (!(u -= (double)L))
						iq = di;
					r->d[n++] = (char)('0' + L);
					if (di == iq) {
						bool up = u > 0.5 + eps;
						if (!up && u < 0.5 - eps) {
							while (n > 1 &&
							       r->d[n - 1] ==
								       '0')
								n--;
							r->d[n] = '\0';
							r->decpt = kq + 1;
							return;
						}
						if (!up) {
							half = true;
							up = (r->d[n - 1] -
							      '0') &
							     1;
						}
						if (up) {
							r->d[n] = '\0';
							bump_up(r, &n, &kq);
							r->decpt = kq + 1;
							return;
						}
						break;
					}
				}
			}
		}
		n = 0;
	}
	if (d == floor(d) && k <= INT_MAX_DIGITS) {
		/* a "small" integer: exact in doubles */
		double div = tens[k], u = d;
		for (int di = 1;; di++, u *= 10.) {
			long L = (long)(u / div);
			u -= (double)L * div;
			r->d[n++] = (char)('0' + L);
			if (!u)
				break;
			if (di == ilim) {
				u += u;
				if (u > div || (u == div && (L & 1))) {
					r->d[n] = '\0';
					bump_up(r, &n, &k);
				}
				break;
			}
		}
		r->d[n] = '\0';
		r->decpt = k + 1;
		return;
	}
	exact_digits(r, d, mode, ndigits, half);
}

/* %f %e %g of |d| from Ruby's dtoa digits, as BSD vfprintf prints them. */
static void float_digits(struct buf *num, double mag, char conv, long prec,
			 bool alt)
{
	struct digits r;
	bool g = conv == 'g' || conv == 'G', e = conv == 'e' || conv == 'E';
	long p = g && !prec ? 1 : prec;
	if (mag == 0) {
		r.d[0] = '0';
		r.d[1] = '\0';
		r.decpt = 1;
	} else {
		rdtoa(&r, mag, conv == 'f' ? 3 : 2,
		      (int)(conv == 'f' ? p : e ? p + 1 : p));
	}
	long nd = (long)strlen(r.d), frac;
	if (g) {
		if (alt)
			while (nd < p)
				r.d[nd++] = '0';
		r.d[nd] = '\0';
		e = !(r.decpt > -4 && r.decpt <= p);
		frac = e ? nd - 1 : nd - r.decpt;
		if (frac < 0)
			frac = 0;
	} else {
		frac = p;
	}
	if (e) {
		buf_addch(num, nd ? r.d[0] : '0');
		if (frac || alt)
			buf_addch(num, '.');
		for (long i = 1; i <= frac; i++)
			buf_addch(num, i < nd ? r.d[i] : '0');
		int x = nd ? r.decpt - 1 : 0;
		buf_addf(num, "%c%c%02d", conv == 'E' || conv == 'G' ? 'E' : 'e',
			 x < 0 ? '-' : '+', x < 0 ? -x : x);
		return;
	}
	if (r.decpt <= 0) {
		buf_addch(num, '0');
	} else {
		for (long i = 0; i < r.decpt; i++)
			buf_addch(num, i < nd ? r.d[i] : '0');
	}
	if (frac || alt)
		buf_addch(num, '.');
	for (long i = 0; i < frac; i++) {
		long at = r.decpt + i;
		buf_addch(num, at >= 0 && at < nd ? r.d[at] : '0');
	}
}

/* Pads `s` (UTF-8, counted in characters) to `width`. */
static void pad(struct buf *out, const char *s, size_t len, long width,
		bool left, char fill)
{
	size_t chars = erb_utf8_len(s, len);
	size_t n =
		width > 0 && (size_t)width > chars ? (size_t)width - chars : 0;
	if (!left)
		for (size_t i = 0; i < n; i++)
			buf_addch(out, fill);
	buf_add(out, s, len);
	if (left)
		for (size_t i = 0; i < n; i++)
			buf_addch(out, ' ');
}

int erb_format(struct erb_run *r, struct buf *out, const char *f,
	       size_t flen, struct value **args, size_t nargs,
	       struct srcloc loc)
{
	size_t next = 0;
	struct value *hash = nargs == 1 && args[0]->kind == VAL_HASH ? args[0] :
								       NULL;
	struct buf tmp = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < flen && rc == 0; i++) {
		if (f[i] != '%') {
			buf_addch(out, f[i]);
			continue;
		}
		i++;
		bool left = false, plus = false, space = false, zero = false,
		     alt = false;
		long width = -1, prec = -1;
		struct value *arg = NULL;
		for (; i < flen; i++) {
			char c = f[i];
			if (c == '-')
				left = true;
			else if (c == '+')
				plus = true;
			else if (c == ' ')
				space = true;
			else if (c == '0')
				zero = true;
			else if (c == '#')
				alt = true;
			else
				break;
		}
		if (i < flen && (f[i] == '<' || f[i] == '{')) {
			char close = f[i] == '<' ? '>' : '}';
			const char *e = memchr(f + i, close, flen - i);
			if (!e || !hash) {
				rc = erb_error(r, loc, "one hash required");
				break;
			}
			struct value *k =
				erb_sym(r, f + i + 1, (size_t)(e - f - i - 1));
			arg = erb_hash_get(hash, k);
			if (!arg) {
				rc = erb_error(r, loc, "key<%.*s> not found",
					       (int)k->u.s.len, k->u.s.ptr);
				break;
			}
			bool braces = f[i] == '{';
			i = (size_t)(e - f) + 1;
			for (; !braces && i < flen; i++) {
				char c = f[i];
				if (c == '-')
					left = true;
				else if (c == '+')
					plus = true;
				else if (c == ' ')
					space = true;
				else if (c == '0')
					zero = true;
				else if (c == '#')
					alt = true;
				else
					break;
			}
			if (braces) {
				if (erb_to_s(r, &tmp, arg, loc) < 0) {
					rc = ERB_ERR;
					break;
				}
				buf_add(out, tmp.ptr, tmp.len);
				buf_reset(&tmp);
				i--;
				continue;
			}
		}
		if (i < flen && f[i] == '*') {
			if (next >= nargs) {
				rc = erb_error(r, loc, "too few arguments");
				break;
			}
			int64_t w;
			if (arg_int(&w, r, args[next++], loc) < 0) {
				rc = ERB_ERR;
				break;
			}
			if (w < 0) {
				left = true;
				w = -w;
			}
			width = (long)w;
			i++;
		}
		while (i < flen && f[i] >= '0' && f[i] <= '9') {
			width = (width < 0 ? 0 : width) * 10 + (f[i++] - '0');
			if (width > 100000000)
				break;
		}
		if (i < flen && f[i] == '.') {
			prec = 0;
			i++;
			while (i < flen && f[i] >= '0' && f[i] <= '9') {
				prec = prec * 10 + (f[i++] - '0');
				if (prec > 100000000)
					break;
			}
		}
		if (i >= flen) {
			rc = erb_error(r, loc, "incomplete format specifier; use %%%% (double %%) instead");
			break;
		}
		char conv = f[i];
		if (width > 0 && erb_room(r, loc, (size_t)width) < 0) {
			rc = ERB_ERR;
			break;
		}
		if (prec > 0 && erb_room(r, loc, (size_t)prec) < 0) {
			rc = ERB_ERR;
			break;
		}
		if (conv == '%') {
			buf_addch(out, '%');
			continue;
		}
		if (!strchr("sdiuxXobBfeEgGcp", conv) || !conv) {
			rc = erb_error(r, loc, "malformed format string - %%%c",
				       conv >= 0x20 && conv < 0x7f ? conv
								   : '?');
			break;
		}
		if (!arg) {
			if (next >= nargs) {
				rc = erb_error(r, loc, "too few arguments");
				break;
			}
			arg = args[next++];
		}
		buf_reset(&tmp);
		switch (conv) {
		case 's':
		case 'p': {
			if ((conv == 's'
				     ? erb_to_s(r, &tmp, arg, loc)
				     : erb_inspect(r, &tmp, arg, loc)) < 0) {
				rc = ERB_ERR;
				break;
			}
			size_t len = tmp.len;
			if (prec >= 0) {
				size_t k = 0, chars = 0;
				while (k < len && chars < (size_t)prec) {
					k += erb_utf8_char(tmp.ptr, len, k);
					chars++;
				}
				len = k;
			}
			pad(out, tmp.ptr, len, width, left, ' ');
			break;
		}
		case 'c': {
			if (arg->kind == VAL_STRING && arg->u.s.len) {
				size_t n = erb_utf8_char(arg->u.s.ptr,
							 arg->u.s.len, 0);
				pad(out, arg->u.s.ptr, n, width, left, ' ');
				break;
			}
			int64_t cp;
			if (arg_int(&cp, r, arg, loc) < 0) {
				rc = ERB_ERR;
				break;
			}
			if (cp < 0 || cp > 0x10ffff) {
				rc = erb_error(r, loc, "invalid character");
				break;
			}
			char u[5];
			int n = 0;
			uint32_t c = (uint32_t)cp;
			if (c < 0x80) {
				u[n++] = (char)c;
			} else if (c < 0x800) {
				u[n++] = (char)(0xc0 | (c >> 6));
				u[n++] = (char)(0x80 | (c & 0x3f));
			} else if (c < 0x10000) {
				u[n++] = (char)(0xe0 | (c >> 12));
				u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
				u[n++] = (char)(0x80 | (c & 0x3f));
			} else {
				u[n++] = (char)(0xf0 | (c >> 18));
				u[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
				u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
				u[n++] = (char)(0x80 | (c & 0x3f));
			}
			pad(out, u, (size_t)n, width, left, ' ');
			break;
		}
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
		case 'b': case 'B': {
			int64_t v;
			if (arg_int(&v, r, arg, loc) < 0) {
				rc = ERB_ERR;
				break;
			}
			bool neg = v < 0;
			if (neg && strchr("xXobB", conv) && !plus && !space) {
				rc = erb_unsupported(r, loc, "%%%c of a negative number",
						     conv);
				break;
			}
			uint64_t mag =
				neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			int base = conv == 'x' || conv == 'X'	? 16
				   : conv == 'o'		? 8
				   : conv == 'b' || conv == 'B' ? 2
								: 10;
			char digits[72];
			size_t nd = 0;
			do {
				int d = (int)(mag % (uint64_t)base);
				digits[nd++] =
					(char)(d < 10 ? '0' + d
						      : (conv == 'X' ? 'A'
								     : 'a') +
								d - 10);
				mag /= (uint64_t)base;
			} while (mag);
			struct buf num = BUF_INIT;
			if (prec >= 0)
				for (size_t k = nd; k < (size_t)prec; k++)
					buf_addch(&num, '0');
			if (!(prec == 0 && v == 0))
				for (size_t k = nd; k-- > 0;)
					buf_addch(&num, digits[k]);
			const char *sign = neg ? "-" : plus ? "+" : space ? " " : "";
			const char *prefix = "";
			if (alt && v != 0) {
				prefix = conv == 'x' ? "0x" : conv == 'X' ? "0X" :
					 conv == 'b' ? "0b" : conv == 'B' ? "0B" :
					 conv == 'o' ? "0" : "";
			}
			size_t body = strlen(sign) + strlen(prefix) + num.len;
			size_t fill = width > 0 && (size_t)width > body ?
					      (size_t)width - body : 0;
			if (!left && !(zero && prec < 0))
				for (size_t k = 0; k < fill; k++)
					buf_addch(out, ' ');
			buf_addstr(out, sign);
			buf_addstr(out, prefix);
			if (!left && zero && prec < 0)
				for (size_t k = 0; k < fill; k++)
					buf_addch(out, '0');
			buf_add(out, num.ptr, num.len);
			if (left)
				for (size_t k = 0; k < fill; k++)
					buf_addch(out, ' ');
			buf_release(&num);
			break;
		}
		default: { /* f e E g G */
			double d = 0;
			if (arg_float(&d, r, arg, loc) < 0) {
				rc = ERB_ERR;
				break;
			}
			if (isinf(d) || isnan(d)) {
				const char *s = isnan(d) ? "NaN" : d < 0 ? "-Inf" :
					       plus ? "+Inf" : space ? " Inf" : "Inf";
				pad(out, s, strlen(s), width, left, ' ');
				break;
			}
			int pr = (int)(prec < 0 ? 6 : prec);
			if (pr > 500) {
				rc = erb_unsupported(r, loc, "%%%c with precision %d", conv, pr);
				break;
			}
			struct buf num = BUF_INIT;
			float_digits(&num, fabs(d), conv, pr, alt);
			const char *sign = signbit(d) ? "-" : plus ? "+" : space ? " " : "";
			size_t body = strlen(sign) + num.len;
			size_t fill = width > 0 && (size_t)width > body ?
					      (size_t)width - body : 0;
			if (!left && !zero)
				for (size_t k = 0; k < fill; k++)
					buf_addch(out, ' ');
			buf_addstr(out, sign);
			if (!left && zero)
				for (size_t k = 0; k < fill; k++)
					buf_addch(out, '0');
			buf_add(out, num.ptr, num.len);
			if (left)
				for (size_t k = 0; k < fill; k++)
					buf_addch(out, ' ');
			buf_release(&num);
			break;
		}
		}
	}
	buf_release(&tmp);
	return rc;
}
