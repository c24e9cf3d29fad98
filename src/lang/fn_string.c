/* SPDX-License-Identifier: MIT */
/* fn_string.c: Puppet 7's string functions (split, regsubst, sprintf, …) */
#include "util/compat.h"
#include <inttypes.h>
#include <math.h>
#include "lang/fn_arg.h"
#include "lang/func.h"
#include "lang/regex.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

/*
 * Functions of Puppet's 4.x API get undef as undef; those of the 3.x API
 * (sprintf, md5, sha1, shellquote) see a top-level undef as "": they read
 * their arguments through fnarg_arg3().
 */
static struct value *str_val(struct fn_call *c, struct buf *b)
{
	return val_str_buf(c->arena, b);
}

/* ---- split, join ---- */

/* The pattern of a Regexp value or a Regexp[...] type, compiled; or NULL. */
static int pattern_code(void **code_out, struct fn_call *c,
			struct value *p, bool *is_pattern)
{
	*is_pattern = true;
	if (p->kind == VAL_STRING)
		return regex_compile_src(code_out, c->arena, p->u.s.ptr,
					 p->u.s.len, 0);
	if (p->kind == VAL_REGEX) {
		if (regex_compile(c->arena, p) < 0)
			return -1;
		*code_out = p->u.re.code;
		return 0;
	}
	if (p->kind == VAL_TYPE && !strcmp(p->u.t.name, "Regexp")) {
		if (!p->u.t.nparams)
			return regex_compile_src(code_out, c->arena, "", 0, 0);
		struct value *r = p->u.t.params[0];
		if (r->kind == VAL_REGEX)
			return pattern_code(code_out, c, r, is_pattern);
		if (r->kind == VAL_STRING)
			return regex_compile_src(code_out, c->arena, r->u.s.ptr,
						 r->u.s.len, 0);
	}
	*is_pattern = false;
	return 0;
}

static int fn_split(struct value **out, struct fn_call *c)
{
	struct value *s = c->args[0];
	if (s->kind != VAL_STRING)
		return fnarg_mismatch(c, "str", "a String value", s);
	void *code = NULL;
	bool ok;
	if (pattern_code(&code, c, c->args[1], &ok) < 0)
		return fn_error(c, "%s", err_last());
	if (!ok)
		return fnarg_mismatch(c, "pattern",
				      "a value of type String, Regexp, or Type[Regexp]",
				      c->args[1]);
	if (regex_split(out, c->arena, code, s->u.s.ptr, s->u.s.len) < 0)
		return fn_error(c, "%s", err_last());
	return 0;
}

/* Ruby's Array#join: a nested array is joined first and counts as one
 * element, so an empty one still gets its separator */
static void join_into(struct buf *b, const struct value *arr,
		      const struct value *sep)
{
	for (size_t i = 0; i < arr->u.arr.n; i++) {
		const struct value *e = arr->u.arr.v[i];
		if (i && sep)
			buf_add(b, sep->u.s.ptr, sep->u.s.len);
		if (e->kind == VAL_ARRAY)
			join_into(b, e, sep);
		else
			fnarg_ruby_s(b, e);
	}
}

static int fn_join(struct value **out, struct fn_call *c)
{
	struct value *arr = c->args[0];
	if (arr->kind != VAL_ARRAY)
		return fnarg_mismatch(c, "arg", "an Array value", arr);
	struct value *sep = c->nargs > 1 ? c->args[1] : NULL;
	if (sep && sep->kind != VAL_STRING)
		return fnarg_mismatch(c, "delimiter", "a String value", sep);
	struct buf b = BUF_INIT;
	join_into(&b, arr, sep);
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

/* ---- regsubst, match ---- */

static bool all_strings(const struct value *arr)
{
	for (size_t i = 0; i < arr->u.arr.n; i++)
		if (arr->u.arr.v[i]->kind != VAL_STRING)
			return false;
	return true;
}

static int regsubst_dispatch_error(struct fn_call *c, const char *rej1,
				   const char *rej2)
{
	return fn_error(c,
		"The function 'regsubst' was called with arguments it does not accept. It expects one of:\n"
		"  (Variant[Array[String], String] target, String pattern, Variant[String, Hash[String, String]] replacement, Pattern[/^[GEIM]*$/] flags?, Enum['E', 'N', 'S', 'U'] encoding?)\n"
		"    rejected: %s\n"
		"  (Variant[Array[String], String] target, Variant[Regexp, Type[Regexp]] pattern, Variant[String, Hash[String, String]] replacement, Pattern[/^G?$/] flags?)\n"
		"    rejected: %s",
		rej1, rej2);
}

static int subst_one(struct value **out, struct fn_call *c, void *code,
		     struct value *target, struct value *repl, bool global)
{
	struct buf b = BUF_INIT;
	int rc = regex_subst(&b, code, target->u.s.ptr, target->u.s.len,
			     repl->kind == VAL_STRING ? repl->u.s.ptr : NULL,
			     repl->kind == VAL_STRING ? repl->u.s.len : 0,
			     repl->kind == VAL_HASH ? repl : NULL, global);
	if (rc < 0) {
		buf_release(&b);
		return fn_error(c, "%s", err_last());
	}
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

static int fn_regsubst(struct value **out, struct fn_call *c)
{
	struct value *target = c->args[0], *pat = c->args[1];
	struct value *repl = c->args[2];
	struct value *flags = c->nargs > 3 ? c->args[3] : val_undef();
	if (target->kind != VAL_STRING &&
	    !(target->kind == VAL_ARRAY && all_strings(target)))
		return fnarg_mismatch(c, "target",
				      "a value of type Array or String", target);
	if (repl->kind != VAL_STRING && repl->kind != VAL_HASH)
		return fnarg_mismatch(c, "replacement",
				      "a value of type String or Hash", repl);
	if (flags->kind != VAL_UNDEF && flags->kind != VAL_STRING)
		return fnarg_mismatch(c, "flags", "a String value", flags);
	const char *fl = flags->kind == VAL_STRING ? flags->u.s.ptr : "";
	bool global = false;
	unsigned re_flags = 0;
	void *code = NULL;

	if (pat->kind == VAL_STRING) {
		if (strspn(fl, "GEIM") != strlen(fl)) {
			struct buf r1 = BUF_INIT;
			buf_addf(&r1, "parameter 'flags' expects an undef value or a match for Pattern[/^[GEIM]*$/], got '%s'", fl);
			regsubst_dispatch_error(c, r1.ptr,
				"parameter 'pattern' expects a value of type Regexp or Type[Regexp], got String");
			buf_release(&r1);
			return -1;
		}
		for (const char *f = fl; *f; f++) {
			if (*f == 'G')
				global = true;
			else if (*f == 'E')
				re_flags |= REGEX_EXTENDED;
			else if (*f == 'I')
				re_flags |= REGEX_ICASE;
			else if (*f == 'M')
				re_flags |= REGEX_DOTALL;
		}
		if (regex_compile_src(&code, c->arena, pat->u.s.ptr,
				      pat->u.s.len, re_flags) < 0)
			return fn_error(c, "%s", err_last());
	} else {
		bool ok;
		if (pattern_code(&code, c, pat, &ok) < 0)
			return fn_error(c, "%s", err_last());
		if (!ok)
			return fnarg_mismatch(c, "pattern",
				"a value of type String, Regexp, or Type[Regexp]", pat);
		if (strcmp(fl, "") && strcmp(fl, "G")) {
			struct buf r2 = BUF_INIT;
			buf_addf(&r2, "parameter 'flags' expects a match for Pattern[/^G?$/], got '%s'", fl);
			regsubst_dispatch_error(c,
				"parameter 'pattern' expects a String value, got Regexp",
				r2.ptr);
			buf_release(&r2);
			return -1;
		}
		global = *fl == 'G';
	}
	if (target->kind == VAL_STRING)
		return subst_one(out, c, code, target, repl, global);
	struct value *r = val_array(c->arena, target->u.arr.n);
	for (size_t i = 0; i < target->u.arr.n; i++) {
		struct value *e;
		struct value *t = target->u.arr.v[i];
		if (subst_one(&e, c, code, t, repl, global) < 0)
			return -1;
		val_array_push(c->arena, r, e);
	}
	*out = r;
	return 0;
}

/* Ruby's MatchData#to_a for `code` on s, or undef. */
static int match_code(struct value **out, struct fn_call *c, void *code,
		      const struct value *s)
{
	struct regex_hit h = REGEX_HIT_INIT;
	int rc = regex_search(&h, code, s->u.s.ptr, s->u.s.len, 0, 0);
	if (rc < 0)
		return fn_error(c, "%s", err_last());
	*out = NULL;
	if (rc == 1) {
		struct value *caps = val_array(c->arena, h.ngroups);
		for (size_t g = 0; g < h.ngroups; g++) {
			size_t b = h.ov[2 * g], e = h.ov[2 * g + 1];
			const char *p = s->u.s.ptr + b;
			struct value *cap = b == REGEX_UNSET ? val_undef() :
					    val_str(c->arena, p, e - b);
			val_array_push(c->arena, caps, cap);
		}
		*out = caps;
	}
	regex_hit_release(&h);
	return 0;
}

/* match_T for one pattern; *out NULL when it does not match. */
static int match_pattern(struct value **out, struct fn_call *c,
			 struct value *pat, const struct value *s)
{
	void *code;
	*out = NULL;
	switch (pat->kind) {
	case VAL_STRING:
		if (regex_compile_src(&code, c->arena, pat->u.s.ptr,
				      pat->u.s.len, 0) < 0)
			return fn_error(c, "%s", err_last());
		return match_code(out, c, code, s);
	case VAL_REGEX:
		if (regex_compile(c->arena, pat) < 0)
			return fn_error(c, "%s", err_last());
		return match_code(out, c, pat->u.re.code, s);
	case VAL_ARRAY:
		for (size_t i = 0; i < pat->u.arr.n; i++) {
			if (match_pattern(out, c, pat->u.arr.v[i], s) < 0)
				return -1;
			if (*out)
				return 0;
		}
		return 0;
	case VAL_TYPE:
		if (!strcmp(pat->u.t.name, "Regexp")) {
			if (!pat->u.t.nparams)
				return fn_error(c, "Given Regexp Type has no regular expression");
			return match_pattern(out, c, pat->u.t.params[0], s);
		}
		if (!strcmp(pat->u.t.name, "Pattern") ||
		    !strcmp(pat->u.t.name, "Variant")) {
			for (size_t i = 0; i < pat->u.t.nparams; i++) {
				struct value *p = pat->u.t.params[i];
				if (match_pattern(out, c, p, s) < 0)
					return -1;
				if (*out)
					return 0;
			}
			return 0;
		}
		break;
	default:
		break;
	}
	return fn_error(c, "match() expects pattern of T, where T is String, Regexp, Regexp[r], Pattern[p], or Array[T]. Got %s",
			pat->kind == VAL_TYPE ? "Puppet::Pops::Types::PAnyType" :
			fnarg_ruby_class(pat));
}

static int fn_match(struct value **out, struct fn_call *c)
{
	struct value *s = c->args[0], *pat = c->args[1];
	if (s->kind == VAL_STRING) {
		if (match_pattern(out, c, pat, s) < 0)
			return -1;
		if (!*out)
			*out = val_undef();
		return 0;
	}
	if (s->kind != VAL_ARRAY || !all_strings(s))
		return fnarg_mismatch(c, "string",
				      "a value of type String or Array", s);
	struct value *r = val_array(c->arena, s->u.arr.n);
	for (size_t i = 0; i < s->u.arr.n; i++) {
		struct value *m;
		if (match_pattern(&m, c, pat, s->u.arr.v[i]) < 0)
			return -1;
		val_array_push(c->arena, r, m ? m : val_undef());
	}
	*out = r;
	return 0;
}

/* ---- sprintf ---- */

/*
 * Ruby's Kernel#sprintf as Puppet's 3.x sprintf() calls it: values are
 * seen as Ruby sees them after Puppet's 3.x conversion (top-level undef
 * is "", nested undef nil, default :default, a regexp the string "/re/").
 */

struct fmt {
	bool minus, plus, space, zero, sharp;
	int width;     /* -1: none */
	int prec;      /* -1: none */
};

struct fmt_args {
	struct fn_call *c;
	size_t next;   /* next unnumbered argument (index into c->args) */
	int mode;      /* 0 unknown, 1 unnumbered, 2 numbered, 3 named */
};

static int next_arg(struct value **out, struct fmt_args *fa)
{
	if (fa->mode == 2)
		return fn_error(fa->c, "unnumbered(%zu) mixed with numbered",
				fa->next);
	if (fa->mode == 3)
		return fn_error(fa->c, "unnumbered(%zu) mixed with named",
				fa->next);
	fa->mode = 1;
	if (fa->next >= fa->c->nargs)
		return fn_error(fa->c, "too few arguments");
	*out = fnarg_arg3(fa->c, fa->next++);
	return 0;
}

static int nth_arg(struct value **out, struct fmt_args *fa, long n)
{
	if (fa->mode == 1)
		return fn_error(fa->c, "numbered(%ld) after unnumbered(%zu)",
				n, fa->next - 1);
	if (fa->mode == 3)
		return fn_error(fa->c, "numbered(%ld) after named", n);
	fa->mode = 2;
	if (n < 1 || (size_t)n >= fa->c->nargs)
		return fn_error(fa->c, "too few arguments");
	*out = fnarg_arg3(fa->c, (size_t)n);
	return 0;
}

static int named_arg(struct value **out, struct fmt_args *fa,
		     const char *name, size_t len, char open)
{
	char close = open == '<' ? '>' : '}';
	if (fa->mode == 1)
		return fn_error(fa->c, "named%c%.*s%c after unnumbered(%zu)",
				open, (int)len, name, close, fa->next - 1);
	if (fa->mode == 2)
		return fn_error(fa->c, "named%c%.*s%c after numbered", open,
				(int)len, name, close);
	fa->mode = 3;
	if (fa->c->nargs != 2 || fa->c->args[1]->kind != VAL_HASH)
		return fn_error(fa->c, "one hash required");
	struct value k = { .kind = VAL_STRING };
	k.u.s.ptr = name;
	k.u.s.len = len;
	struct value *v = val_hash_get(fa->c->args[1], &k);
	if (!v)
		return fn_error(fa->c, "key%c%.*s%c not found", open,
				(int)len, name, close);
	*out = v;
	return 0;
}

/* Pads `body` (already formatted) to the width; `nchars` is its length
 * in characters. */
static void pad(struct buf *out, const struct fmt *f, const char *body,
		size_t blen, size_t nchars)
{
	size_t w = f->width > 0 ? (size_t)f->width : 0;
	if (!f->minus)
		for (size_t i = nchars; i < w; i++)
			buf_addch(out, ' ');
	buf_add(out, body, blen);
	if (f->minus)
		for (size_t i = nchars; i < w; i++)
			buf_addch(out, ' ');
}

static void fmt_str(struct buf *out, const struct fmt *f, const char *s,
		    size_t len)
{
	if (f->prec >= 0) {
		size_t i = 0, n = 0;
		while (i < len && n < (size_t)f->prec) {
			i += fnarg_utf8_clen(s, len, i);
			n++;
		}
		len = i;
	}
	pad(out, f, s, len, fnarg_utf8_count(s, len));
}

/* Ruby's Integer conversion of a format argument; big floats as text. */
static int to_integer(int64_t *out, bool *big, struct buf *bigtext,
		      struct fn_call *c, const struct value *v)
{
	*big = false;
	switch (v->kind) {
	case VAL_INT:
		*out = v->u.n.i;
		return 0;
	case VAL_FLOAT: {
		double t = trunc(v->u.f);
		if (isnan(t) || isinf(t))
			return fn_error(c, "%s", isnan(t) ? "NaN" :
					t < 0 ? "-Infinity" : "Infinity");
		if (t >= -9.2e18 && t <= 9.2e18) {
			*out = (int64_t)t;
			return 0;
		}
		*big = true;
		buf_addf(bigtext, "%.0f", t);
		return 0;
	}
	case VAL_STRING:
		if (fnarg_ruby_integer(out, v->u.s.ptr, v->u.s.len) < 0) {
			struct buf q = BUF_INIT;
			fnarg_ruby_quote(&q, v->u.s.ptr, v->u.s.len);
			fn_error(c, "invalid value for Integer(): %s", q.ptr);
			buf_release(&q);
			return -1;
		}
		return 0;
	case VAL_REGEX: {
		struct buf q = BUF_INIT, t = BUF_INIT;
		buf_addf(&t, "/%s/", v->u.re.src);
		fnarg_ruby_quote(&q, t.ptr, t.len);
		fn_error(c, "invalid value for Integer(): %s", q.ptr);
		buf_release(&q);
		buf_release(&t);
		return -1;
	}
	case VAL_UNDEF:
		return fn_error(c, "can't convert nil into Integer");
	case VAL_BOOL:
		return fn_error(c, "can't convert %s into Integer",
				v->u.b ? "true" : "false");
	default:
		return fn_error(c, "can't convert %s into Integer",
				fnarg_ruby_class(v));
	}
}

static int to_float(double *out, struct fn_call *c, const struct value *v)
{
	switch (v->kind) {
	case VAL_INT:
		*out = (double)v->u.n.i;
		return 0;
	case VAL_FLOAT:
		*out = v->u.f;
		return 0;
	case VAL_STRING:
		if (fnarg_ruby_float(out, v->u.s.ptr, v->u.s.len) < 0) {
			struct buf q = BUF_INIT;
			fnarg_ruby_quote(&q, v->u.s.ptr, v->u.s.len);
			fn_error(c, "invalid value for Float(): %s", q.ptr);
			buf_release(&q);
			return -1;
		}
		return 0;
	case VAL_UNDEF:
		return fn_error(c, "can't convert nil into Float");
	case VAL_BOOL:
		return fn_error(c, "can't convert %s into Float",
				v->u.b ? "true" : "false");
	default:
		return fn_error(c, "can't convert %s into Float",
				fnarg_ruby_class(v));
	}
}

static void fmt_int(struct buf *out, const struct fmt *f, char conv,
		    int64_t v, const char *bigtext)
{
	struct buf digits = BUF_INIT, body = BUF_INIT;
	int base = 10;
	bool upper = conv == 'X' || conv == 'B';
	switch (conv) {
	case 'x': case 'X': base = 16; break;
	case 'o': base = 8; break;
	case 'b': case 'B': base = 2; break;
	default: break;
	}
	bool neg = bigtext ? bigtext[0] == '-' : v < 0;
	bool dots = neg && base != 10 && !f->plus && !f->space;
	const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char fill = '0';

	if (bigtext) {
		buf_addstr(&digits, bigtext + neg);
	} else if (dots) {
		/* two's complement, shortest form, shown after ".." */
		int shift = base == 16 ? 4 : base == 8 ? 3 : 1;
		int64_t x = v;
		struct buf rev = BUF_INIT;
		while (x != -1) {
			buf_addch(&rev, xd[x & (base - 1)]);
			x >>= shift; /* arithmetic on gcc/clang */
		}
		fill = xd[base - 1];
		buf_addch(&digits, fill);
		for (size_t i = rev.len; i > 0; i--)
			buf_addch(&digits, rev.ptr[i - 1]);
		buf_release(&rev);
	} else {
		uint64_t u = neg ? 0 - (uint64_t)v : (uint64_t)v;
		struct buf rev = BUF_INIT;
		do {
			buf_addch(&rev, xd[u % (uint64_t)base]);
			u /= (uint64_t)base;
		} while (u);
		for (size_t i = rev.len; i > 0; i--)
			buf_addch(&digits, rev.ptr[i - 1]);
		buf_release(&rev);
	}

	const char *sign = neg && !dots ? "-" : f->plus ? "+" :
			   f->space ? " " : "";
	const char *prefix = "";
	if (f->sharp) {
		if (conv == 'x')
			prefix = "0x";
		else if (conv == 'X')
			prefix = "0X";
		else if (conv == 'b')
			prefix = "0b";
		else if (conv == 'B')
			prefix = "0B";
		else if (conv == 'o' && !dots && digits.ptr[0] != '0')
			prefix = "0";
		if (!dots && !bigtext && v == 0 && conv != 'o')
			prefix = "";
	}
	size_t want = 0; /* digits wanted, from precision or zero padding */
	size_t extra = strlen(sign) + strlen(prefix) + (dots ? 2 : 0);
	if (f->prec >= 0)
		want = (size_t)f->prec > (dots ? 2u : 0u) ?
			       (size_t)f->prec - (dots ? 2 : 0) : 0;
	else if (f->zero && !f->minus && f->width > 0 &&
		 (size_t)f->width > extra)
		want = (size_t)f->width - extra;
	/* an octal # prefix is a leading zero, which padding may give */
	if (!strcmp(prefix, "0") && want > digits.len)
		prefix = "";
	buf_addstr(&body, sign);
	buf_addstr(&body, prefix);
	if (dots)
		buf_addstr(&body, "..");
	for (size_t i = digits.len; i < want; i++)
		buf_addch(&body, fill);
	buf_add(&body, digits.ptr, digits.len);
	pad(out, f, body.ptr, body.len, body.len);
	buf_release(&digits);
	buf_release(&body);
}

static void fmt_float(struct buf *out, const struct fmt *f, char conv,
		      double d)
{
	struct buf body = BUF_INIT, num = BUF_INIT;
	bool neg = signbit(d) && !isnan(d);
	double a = fabs(d);
	int prec = f->prec >= 0 ? f->prec : 6;

	if (isnan(d) || isinf(d)) {
		buf_addstr(&num, isnan(d) ? "NaN" : "Inf");
	} else if (f->sharp) {
		switch (conv) {
		case 'f': buf_addf(&num, "%#.*f", prec, a); break;
		case 'e': buf_addf(&num, "%#.*e", prec, a); break;
		case 'E': buf_addf(&num, "%#.*E", prec, a); break;
		case 'g': buf_addf(&num, "%#.*g", prec, a); break;
		case 'G': buf_addf(&num, "%#.*G", prec, a); break;
		case 'a': buf_addf(&num, "%#a", a); break;
		default: buf_addf(&num, "%#A", a); break;
		}
	} else {
		switch (conv) {
		case 'f': buf_addf(&num, "%.*f", prec, a); break;
		case 'e': buf_addf(&num, "%.*e", prec, a); break;
		case 'E': buf_addf(&num, "%.*E", prec, a); break;
		case 'g': buf_addf(&num, "%.*g", prec, a); break;
		case 'G': buf_addf(&num, "%.*G", prec, a); break;
		case 'a':
			if (f->prec >= 0)
				buf_addf(&num, "%.*a", prec, a);
			else
				buf_addf(&num, "%a", a);
			break;
		default:
			if (f->prec >= 0)
				buf_addf(&num, "%.*A", prec, a);
			else
				buf_addf(&num, "%A", a);
			break;
		}
	}
	const char *sign = neg ? "-" : f->plus ? "+" : f->space ? " " : "";
	buf_addstr(&body, sign);
	size_t extra = strlen(sign);
	bool finite = !isnan(d) && !isinf(d);
	if (finite && f->zero && !f->minus && f->width > 0) {
		size_t skip = 0;
		if ((conv == 'a' || conv == 'A') && num.len > 2) {
			buf_add(&body, num.ptr, 2); /* 0x */
			skip = 2;
		}
		for (size_t i = num.len + extra; i < (size_t)f->width; i++)
			buf_addch(&body, '0');
		buf_add(&body, num.ptr + skip, num.len - skip);
	} else {
		buf_add(&body, num.ptr, num.len);
	}
	pad(out, f, body.ptr, body.len, body.len);
	buf_release(&body);
	buf_release(&num);
}

static int read_num(const char **p, const char *end, long *out)
{
	long n = 0;
	if (*p >= end || **p < '0' || **p > '9')
		return 0;
	while (*p < end && **p >= '0' && **p <= '9') {
		if (n < 100000000)
			n = n * 10 + (**p - '0');
		(*p)++;
	}
	*out = n;
	return 1;
}

static int format_one(struct buf *out, struct fmt_args *fa, const char **pp,
		      const char *end)
{
	struct fn_call *c = fa->c;
	const char *p = *pp; /* just after '%' */
	struct fmt f = { .width = -1, .prec = -1 };
	struct value *arg = NULL;
	bool flagged = false;

	for (;;) {
		if (p >= end)
			return fn_error(c, "incomplete format specifier; use %%%% (double %%) instead");
		char ch = *p;
		switch (ch) {
		case ' ': f.space = true; p++; flagged = true; continue;
		case '#': f.sharp = true; p++; flagged = true; continue;
		case '+': f.plus = true; p++; flagged = true; continue;
		case '-': f.minus = true; p++; flagged = true; continue;
		case '0': f.zero = true; p++; flagged = true; continue;
		case '1': case '2': case '3': case '4': case '5':
		case '6': case '7': case '8': case '9': {
			long n;
			read_num(&p, end, &n);
			if (p < end && *p == '$') {
				if (arg)
					return fn_error(c, "value given twice - %ld$", n);
				if (nth_arg(&arg, fa, n) < 0)
					return -1;
				p++;
				continue;
			}
			f.width = (int)n;
			flagged = true;
			continue;
		}
		case '<':
		case '{': {
			const char *close = memchr(p, ch == '<' ? '>' : '}',
						   (size_t)(end - p));
			if (!close)
				return fn_error(c, "malformed name - unmatched parenthesis");
			if (named_arg(&arg, fa, p + 1, (size_t)(close - p - 1),
				      ch) < 0)
				return -1;
			p = close + 1;
			if (ch == '{') {
				/* %{name}: the value's to_s, no conversion */
				struct buf t = BUF_INIT;
				fnarg_ruby3_s(&t, arg);
				fmt_str(out, &f, t.ptr, t.len);
				buf_release(&t);
				*pp = p;
				return 0;
			}
			continue;
		}
		case '*': {
			struct value *w;
			p++;
			long n;
			const char *q = p;
			if (read_num(&q, end, &n) && q < end && *q == '$') {
				if (nth_arg(&w, fa, n) < 0)
					return -1;
				p = q + 1;
			} else if (next_arg(&w, fa) < 0) {
				return -1;
			}
			int64_t wi;
			bool big;
			struct buf bt = BUF_INIT;
			int rc = to_integer(&wi, &big, &bt, c, w);
			buf_release(&bt);
			if (rc < 0)
				return -1;
			if (wi < 0) {
				f.minus = true;
				wi = -wi;
			}
			f.width = (int)(wi > 100000000 ? 100000000 : wi);
			flagged = true;
			continue;
		}
		case '.': {
			p++;
			f.prec = 0;
			flagged = true;
			if (p < end && *p == '*') {
				struct value *w;
				p++;
				if (next_arg(&w, fa) < 0)
					return -1;
				int64_t wi;
				bool big;
				struct buf bt = BUF_INIT;
				int rc = to_integer(&wi, &big, &bt, c, w);
				buf_release(&bt);
				if (rc < 0)
					return -1;
				f.prec = wi < 0 ? -1 : (int)(wi > 100000000 ?
							     100000000 : wi);
				continue;
			}
			long n = 0;
			read_num(&p, end, &n);
			f.prec = (int)n;
			continue;
		}
		case '%':
			if (flagged || arg)
				return fn_error(c, "invalid format character - %%");
			buf_addch(out, '%');
			*pp = p + 1;
			return 0;
		default:
			break;
		}
		break;
	}
	char conv = *p++;
	*pp = p;
	if (!strchr("csp dixXobBuieEfgGaA", conv) || conv == ' ' || !conv) {
		if (conv == '\n' || conv == '\0')
			return fn_error(c, "incomplete format specifier; use %%%% (double %%) instead");
		return fn_error(c, "malformed format string - %%%c", conv);
	}
	if (!arg && next_arg(&arg, fa) < 0)
		return -1;

	struct buf t = BUF_INIT;
	int rc = 0;
	switch (conv) {
	case 's':
		fnarg_ruby3_s(&t, arg);
		fmt_str(out, &f, t.ptr, t.len);
		break;
	case 'p':
		fnarg_ruby3_inspect(&t, arg, true);
		fmt_str(out, &f, t.ptr, t.len);
		break;
	case 'c':
		if (arg->kind == VAL_STRING) {
			if (fnarg_utf8_count(arg->u.s.ptr, arg->u.s.len) != 1) {
				rc = fn_error(c, "%%c requires a character");
				break;
			}
			buf_add(&t, arg->u.s.ptr, arg->u.s.len);
		} else {
			int64_t cp = 0;
			if (arg->kind == VAL_INT) {
				cp = arg->u.n.i;
			} else if (arg->kind == VAL_FLOAT && isfinite(arg->u.f)) {
				cp = (int64_t)arg->u.f;
			} else {
				/* %c takes an implicit conversion only */
				rc = fn_error(c, "no implicit conversion of %s into Integer",
					      arg->kind == VAL_BOOL ?
					      (arg->u.b ? "true" : "false") :
					      fnarg_ruby_class(arg));
				break;
			}
			if (cp < 0 || cp > 0x10ffff) {
				rc = fn_error(c, "invalid character");
				break;
			}
			fnarg_utf8_put(&t, (uint32_t)cp);
		}
		f.prec = -1;
		fmt_str(out, &f, t.ptr, t.len);
		break;
	case 'f': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
		double d;
		if ((rc = to_float(&d, c, arg)) < 0)
			break;
		/* Ruby formats an Integer for %f exactly, with no lone '.' */
		if (conv == 'f' && arg->kind == VAL_INT && !f.prec)
			f.sharp = false;
		fmt_float(out, &f, conv, d);
		break;
	}
	default: {
		int64_t iv;
		bool big;
		if ((rc = to_integer(&iv, &big, &t, c, arg)) < 0)
			break;
		if (conv == 'i' || conv == 'u')
			conv = 'd';
		fmt_int(out, &f, conv, iv, big ? t.ptr : NULL);
		break;
	}
	}
	buf_release(&t);
	return rc;
}

static int fn_sprintf(struct value **out, struct fn_call *c)
{
	struct value *fmt = c->args[0];
	if (fmt->kind != VAL_STRING)
		return fn_error(c, "no implicit conversion of %s into String",
				fnarg_ruby_class(fmt));
	struct buf b = BUF_INIT;
	struct fmt_args fa = { .c = c, .next = 1 };
	const char *p = fmt->u.s.ptr, *end = p + fmt->u.s.len;
	while (p < end) {
		const char *pc = memchr(p, '%', (size_t)(end - p));
		if (!pc) {
			buf_add(&b, p, (size_t)(end - p));
			break;
		}
		buf_add(&b, p, (size_t)(pc - p));
		p = pc + 1;
		if (format_one(&b, &fa, &p, end) < 0) {
			buf_release(&b);
			return -1;
		}
	}
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

/* ---- versioncmp ---- */

/* Next token of /[-.]|\d+|[^-.\d]+/; false at the end. */
static bool ver_token(const char **p, const char *end, const char **tok,
		      size_t *len)
{
	const char *s = *p;
	if (s >= end)
		return false;
	const char *e = s;
	if (*s == '-' || *s == '.') {
		e = s + 1;
	} else if (*s >= '0' && *s <= '9') {
		while (e < end && *e >= '0' && *e <= '9')
			e++;
	} else {
		while (e < end && *e != '-' && *e != '.' &&
		       !(*e >= '0' && *e <= '9'))
			e++;
	}
	*tok = s;
	*len = (size_t)(e - s);
	*p = e;
	return true;
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	size_t n = al < bl ? al : bl;
	int c = memcmp(a, b, n);
	if (c)
		return c < 0 ? -1 : 1;
	return al < bl ? -1 : al > bl;
}

static int cmp_upcase(const char *a, size_t al, const char *b, size_t bl)
{
	size_t n = al < bl ? al : bl;
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'a' && x <= 'z')
			x -= 32;
		if (y >= 'a' && y <= 'z')
			y -= 32;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return al < bl ? -1 : al > bl;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* Puppet::Util::Package.normalize: drops trailing [.0]+ of the part
 * before the first '-'. */
static void ver_normalize(struct buf *out, const char *s, size_t len)
{
	const char *dash = memchr(s, '-', len);
	size_t first = dash ? (size_t)(dash - s) : len;
	size_t n = first;
	while (n && (s[n - 1] == '.' || s[n - 1] == '0'))
		n--;
	buf_add(out, s, n);
	/* Ruby's split('-') drops trailing empty fields */
	size_t rest_end = len;
	while (rest_end > first && s[rest_end - 1] == '-')
		rest_end--;
	if (rest_end > first)
		buf_add(out, s + first, rest_end - first);
}

static int versioncmp_str(const char *a, size_t al, const char *b, size_t bl)
{
	const char *pa = a, *pb = b, *ea = a + al, *eb = b + bl;
	const char *ta, *tb;
	size_t la, lb;
	for (;;) {
		bool ha = ver_token(&pa, ea, &ta, &la);
		bool hb = ver_token(&pb, eb, &tb, &lb);
		if (!ha || !hb)
			break;
		if (la == lb && !memcmp(ta, tb, la))
			continue;
		if (la == 1 && *ta == '-')
			return -1;
		if (lb == 1 && *tb == '-')
			return 1;
		if (la == 1 && *ta == '.')
			return -1;
		if (lb == 1 && *tb == '.')
			return 1;
		if (all_digits(ta, la) && all_digits(tb, lb)) {
			if (*ta == '0' || *tb == '0')
				return cmp_upcase(ta, la, tb, lb);
			/* compare as integers without overflow */
			if (la != lb)
				return la < lb ? -1 : 1;
			return cmp_bytes(ta, la, tb, lb);
		}
		return cmp_upcase(ta, la, tb, lb);
	}
	return cmp_bytes(a, al, b, bl);
}

static int fn_versioncmp(struct value **out, struct fn_call *c)
{
	struct value *a = c->args[0], *b = c->args[1];
	if (a->kind != VAL_STRING)
		return fnarg_mismatch(c, "a", "a String value", a);
	if (b->kind != VAL_STRING)
		return fnarg_mismatch(c, "b", "a String value", b);
	bool trailing = false;
	if (c->nargs > 2) {
		if (c->args[2]->kind != VAL_BOOL)
			return fnarg_mismatch(c, "ignore_trailing_zeroes",
					      "a Boolean value", c->args[2]);
		trailing = c->args[2]->u.b;
	}
	int r;
	if (trailing) {
		struct buf na = BUF_INIT, nb = BUF_INIT;
		ver_normalize(&na, a->u.s.ptr, a->u.s.len);
		ver_normalize(&nb, b->u.s.ptr, b->u.s.len);
		r = versioncmp_str(na.ptr, na.len, nb.ptr, nb.len);
		buf_release(&na);
		buf_release(&nb);
	} else {
		r = versioncmp_str(a->u.s.ptr, a->u.s.len, b->u.s.ptr,
				      b->u.s.len);
	}
	*out = val_int(c->arena, r);
	return 0;
}

/* ---- digests, base64 ---- */

static int digest_arg(struct value **s, struct fn_call *c)
{
	*s = fnarg_arg3(c, 0);
	if ((*s)->kind != VAL_STRING)
		return fn_error(c, "no implicit conversion of %s into String",
				fnarg_ruby_class(*s));
	return 0;
}

static int fn_md5(struct value **out, struct fn_call *c)
{
	struct value *s;
	if (digest_arg(&s, c) < 0)
		return -1;
	char hex[HASH_MD5_HEXSZ];
	hash_md5_hex(hex, s->u.s.ptr, s->u.s.len);
	*out = val_strz(c->arena, hex);
	return 0;
}

static int fn_sha1(struct value **out, struct fn_call *c)
{
	struct value *s;
	if (digest_arg(&s, c) < 0)
		return -1;
	char hex[HASH_SHA1_HEXSZ];
	hash_sha1_hex(hex, s->u.s.ptr, s->u.s.len);
	*out = val_strz(c->arena, hex);
	return 0;
}

/* sha256, and digest() with Puppet's default digest_algorithm sha256 */
static int fn_sha256(struct value **out, struct fn_call *c)
{
	struct value *s;
	if (digest_arg(&s, c) < 0)
		return -1;
	char hex[HASH_SHA256_HEXSZ];
	hash_sha256_hex(hex, s->u.s.ptr, s->u.s.len);
	*out = val_strz(c->arena, hex);
	return 0;
}

/* ---- case mapping ---- */

static struct value *case_val(struct fn_call *c, const struct value *s,
			      enum fnarg_case how)
{
	struct buf b = BUF_INIT;
	fnarg_case_map(&b, s->u.s.ptr, s->u.s.len, how);
	struct value *r = str_val(c, &b);
	buf_release(&b);
	return r;
}

/* StringData = Variant[String, Numeric, Array[StringData], Hash[..]] */
static bool is_string_data(const struct value *v)
{
	switch (v->kind) {
	case VAL_STRING:
	case VAL_INT:
	case VAL_FLOAT:
		return true;
	case VAL_ARRAY:
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (!is_string_data(v->u.arr.v[i]))
				return false;
		return true;
	case VAL_HASH:
		for (size_t i = 0; i < v->u.h.n; i++)
			if (!is_string_data(v->u.h.e[i].key) ||
			    !is_string_data(v->u.h.e[i].val))
				return false;
		return true;
	default:
		return false;
	}
}

static struct value *case_deep(struct fn_call *c, struct value *v,
			       enum fnarg_case how)
{
	if (v->kind == VAL_STRING)
		return case_val(c, v, how);
	if (v->kind == VAL_ARRAY) {
		struct value *r = val_array(c->arena, v->u.arr.n);
		for (size_t i = 0; i < v->u.arr.n; i++)
			val_array_push(c->arena, r,
				       case_deep(c, v->u.arr.v[i], how));
		return r;
	}
	if (v->kind == VAL_HASH) {
		struct value *r = val_hash(c->arena, v->u.h.n);
		for (size_t i = 0; i < v->u.h.n; i++)
			val_hash_set(c->arena, r,
				     case_deep(c, v->u.h.e[i].key, how),
				     case_deep(c, v->u.h.e[i].val, how));
		return r;
	}
	return v;
}

/* upcase() and downcase(): Puppet 7's versions, deep on collections */
static int case_fn(struct value **out, struct fn_call *c, enum fnarg_case how)
{
	struct value *v = c->args[0];
	if (v->kind != VAL_STRING && !fnarg_is_num(v) &&
	    v->kind != VAL_ARRAY && v->kind != VAL_HASH)
		return fnarg_mismatch(c, "arg",
				      "a value of type Numeric, String, Array, or Hash",
				      v);
	if (!is_string_data(v)) {
		const char *label = fnarg_label(c->arena, v);
		size_t bad = 0;
		const struct value *bv = v;
		if (v->kind == VAL_ARRAY) {
			while (bad < v->u.arr.n &&
			       is_string_data(v->u.arr.v[bad]))
				bad++;
			bv = v->u.arr.v[bad];
		}
		const char *sd = "StringData = Variant[String, Numeric, Array[StringData], Hash[StringData, StringData]]";
		if (v->kind == VAL_ARRAY)
			return fn_error(c,
				"The function '%s' was called with arguments it does not accept. It expects one of:\n"
				"  (Numeric arg)\n"
				"    rejected: parameter 'arg' expects a Numeric value, got %s\n"
				"  (String arg)\n"
				"    rejected: parameter 'arg' expects a String value, got %s\n"
				"  (Array[StringData] arg)\n"
				"    rejected: parameter 'arg' index %zu expects a %s value, got %s\n"
				"  (Hash[StringData, StringData] arg)\n"
				"    rejected: parameter 'arg' expects a Hash value, got %s",
				c->name, label, label, bad, sd,
				fnarg_label(c->arena, bv), label);
		return fn_error(c,
			"The function '%s' was called with arguments it does not accept. It expects one of:\n"
			"  (Numeric arg)\n"
			"    rejected: parameter 'arg' expects a Numeric value, got %s\n"
			"  (String arg)\n"
			"    rejected: parameter 'arg' expects a String value, got %s\n"
			"  (Array[StringData] arg)\n"
			"    rejected: parameter 'arg' expects an Array value, got %s\n"
			"  (Hash[StringData, StringData] arg)\n"
			"    rejected: parameter 'arg' expects a %s value",
			c->name, label, label, label, sd);
	}
	*out = case_deep(c, v, how);
	return 0;
}

static int fn_upcase(struct value **out, struct fn_call *c)
{
	return case_fn(out, c, FNARG_UP);
}

static int fn_downcase(struct value **out, struct fn_call *c)
{
	return case_fn(out, c, FNARG_DOWN);
}

typedef void str_xform_fn(struct buf *out, const char *s, size_t len);

static void x_capitalize(struct buf *out, const char *s, size_t len)
{
	fnarg_case_map(out, s, len, FNARG_CAPITALIZE);
}

static void x_camelcase(struct buf *out, const char *s, size_t len)
{
	/* s.split('_').map(&:capitalize).join: trailing empties dropped */
	while (len && s[len - 1] == '_')
		len--;
	size_t i = 0;
	while (i < len) {
		const char *u = memchr(s + i, '_', len - i);
		size_t e = u ? (size_t)(u - s) : len;
		fnarg_case_map(out, s + i, e - i, FNARG_CAPITALIZE);
		i = e + 1;
	}
}

static bool ruby_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == '\0';
}

static void x_strip(struct buf *out, const char *s, size_t len)
{
	size_t b = 0;
	while (b < len && ruby_space(s[b]))
		b++;
	while (len > b && ruby_space(s[len - 1]))
		len--;
	buf_add(out, s + b, len - b);
}

static void x_lstrip(struct buf *out, const char *s, size_t len)
{
	size_t b = 0;
	while (b < len && ruby_space(s[b]))
		b++;
	buf_add(out, s + b, len - b);
}

static void x_rstrip(struct buf *out, const char *s, size_t len)
{
	while (len && ruby_space(s[len - 1]))
		len--;
	buf_add(out, s, len);
}

static void x_chomp(struct buf *out, const char *s, size_t len)
{
	if (len && s[len - 1] == '\n')
		len -= len > 1 && s[len - 2] == '\r' ? 2 : 1;
	else if (len && s[len - 1] == '\r')
		len--;
	buf_add(out, s, len);
}

static void x_chop(struct buf *out, const char *s, size_t len)
{
	if (len >= 2 && s[len - 2] == '\r' && s[len - 1] == '\n') {
		len -= 2;
	} else if (len) {
		/* drop the last character, not just its last byte */
		size_t i = 0, last = 0;
		while (i < len) {
			last = i;
			i += fnarg_utf8_clen(s, len, i);
		}
		len = last;
	}
	buf_add(out, s, len);
}

static struct value *xform_val(struct fn_call *c, const struct value *s,
			       str_xform_fn *fn)
{
	struct buf b = BUF_INIT;
	fn(&b, s->u.s.ptr, s->u.s.len);
	struct value *r = str_val(c, &b);
	buf_release(&b);
	return r;
}

/*
 * The Puppet 7 string functions typed Numeric | String |
 * Iterable[Variant[String, Numeric]]: numbers pass through. Puppet 7.23
 * rejects an array that mixes strings and numbers (its Variant check on
 * the inferred element type fails), and so do we, with its message.
 */
static int str_or_iterable(struct value **out, struct fn_call *c,
			   str_xform_fn *fn)
{
	struct value *v = c->args[0];
	if (fnarg_is_num(v)) {
		*out = v;
		return 0;
	}
	if (v->kind == VAL_STRING) {
		*out = xform_val(c, v, fn);
		return 0;
	}
	const char *expects =
		"a value of type Numeric, String, or Iterable[Variant[String, Numeric]]";
	if (v->kind == VAL_HASH && !v->u.h.n) {
		*out = val_array(c->arena, 0);
		return 0;
	}
	if (v->kind != VAL_ARRAY)
		return fnarg_mismatch(c, "arg", expects, v);
	bool strs = false, nums = false;
	for (size_t i = 0; i < v->u.arr.n; i++) {
		struct value *e = v->u.arr.v[i];
		if (e->kind == VAL_STRING)
			strs = true;
		else if (fnarg_is_num(e))
			nums = true;
		else
			return fnarg_mismatch(c, "arg", expects, v);
	}
	if (strs && nums)
		return fn_error(c,
			"The function '%s' was called with arguments it does not accept. It expects one of:\n"
			"  (Numeric arg)\n"
			"    rejected: parameter 'arg' expects a Numeric value, got Tuple\n"
			"  (String arg)\n"
			"    rejected: parameter 'arg' expects a String value, got Tuple\n"
			"  (Iterable[Variant[String, Numeric]] arg)",
			c->name);
	struct value *r = val_array(c->arena, v->u.arr.n);
	for (size_t i = 0; i < v->u.arr.n; i++) {
		struct value *e = v->u.arr.v[i];
		val_array_push(c->arena, r,
			       e->kind == VAL_STRING ? xform_val(c, e, fn) : e);
	}
	*out = r;
	return 0;
}

static int fn_capitalize(struct value **out, struct fn_call *c)
{
	return str_or_iterable(out, c, x_capitalize);
}

static int fn_camelcase(struct value **out, struct fn_call *c)
{
	return str_or_iterable(out, c, x_camelcase);
}

static int fn_strip(struct value **out, struct fn_call *c)
{
	return str_or_iterable(out, c, x_strip);
}

static int fn_lstrip(struct value **out, struct fn_call *c)
{
	return str_or_iterable(out, c, x_lstrip);
}

static int fn_rstrip(struct value **out, struct fn_call *c)
{
	return str_or_iterable(out, c, x_rstrip);
}

static int fn_chomp(struct value **out, struct fn_call *c)
{
	return str_or_iterable(out, c, x_chomp);
}

static int fn_chop(struct value **out, struct fn_call *c)
{
	return str_or_iterable(out, c, x_chop);
}

/* ---- shell quoting ---- */

static bool in_set(const char *set, char ch)
{
	return ch && strchr(set, ch);
}

static bool shell_safe(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || in_set("@%_+=:,./-", ch);
}

static int shellquote_word(struct buf *out, struct fn_call *c,
			   const struct value *w)
{
	if (w->kind == VAL_ARRAY) {
		for (size_t i = 0; i < w->u.arr.n; i++)
			if (shellquote_word(out, c, w->u.arr.v[i]) < 0)
				return -1;
		return 0;
	}
	if (w->kind == VAL_UNDEF) {
		/* nested undef is nil: Ruby fails on nil.length */
		return fn_error(c, "undefined method `length' for nil:NilClass");
	}
	if (w->kind != VAL_STRING) {
		struct buf t = BUF_INIT;
		fnarg_ruby_s(&t, w);
		fn_error(c, "undefined method `length' for %s:%s", t.ptr,
			 fnarg_ruby_class(w));
		buf_release(&t);
		return -1;
	}
	const char *s = w->u.s.ptr;
	size_t len = w->u.s.len;
	if (out->len)
		buf_addch(out, ' ');
	bool safe = len > 0, dangerous = false, squote = false;
	for (size_t i = 0; i < len; i++) {
		if (!shell_safe(s[i]))
			safe = false;
		if (in_set("!\"`$\\", s[i]))
			dangerous = true;
		if (s[i] == '\'')
			squote = true;
	}
	if (safe) {
		buf_add(out, s, len);
	} else if (!dangerous) {
		buf_addch(out, '"');
		buf_add(out, s, len);
		buf_addch(out, '"');
	} else if (!squote) {
		buf_addch(out, '\'');
		buf_add(out, s, len);
		buf_addch(out, '\'');
	} else {
		buf_addch(out, '"');
		for (size_t i = 0; i < len; i++) {
			if (in_set("!\"`$\\", s[i]))
				buf_addch(out, '\\');
			buf_addch(out, s[i]);
		}
		buf_addch(out, '"');
	}
	return 0;
}

static int fn_shellquote(struct value **out, struct fn_call *c)
{
	struct buf b = BUF_INIT;
	/* every word comes out non-empty ("" at least), so b.len tells
	 * whether a separator is needed */
	for (size_t i = 0; i < c->nargs; i++) {
		if (shellquote_word(&b, c, fnarg_arg3(c, i)) < 0) {
			buf_release(&b);
			return -1;
		}
	}
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

const struct fn_def fn_string_table[] = {
	{ "camelcase", fn_camelcase, 1, 1, 0 },
	{ "capitalize", fn_capitalize, 1, 1, 0 },
	{ "chomp", fn_chomp, 1, 1, 0 },
	{ "chop", fn_chop, 1, 1, 0 },
	{ "digest", fn_sha256, 1, 1, 0 },
	{ "downcase", fn_downcase, 1, 1, 0 },
	{ "join", fn_join, 1, 2, 0 },
	{ "lstrip", fn_lstrip, 1, 1, 0 },
	{ "match", fn_match, 2, 2, 0 },
	{ "md5", fn_md5, 1, 1, 0 },
	{ "regsubst", fn_regsubst, 3, 5, 0 },
	{ "rstrip", fn_rstrip, 1, 1, 0 },
	{ "sha1", fn_sha1, 1, 1, 0 },
	{ "sha256", fn_sha256, 1, 1, 0 },
	{ "shellquote", fn_shellquote, 0, FN_ANY, 0 },
	{ "split", fn_split, 2, 2, 0 },
	{ "sprintf", fn_sprintf, 1, FN_ANY, 0 },
	{ "strip", fn_strip, 1, 1, 0 },
	{ "upcase", fn_upcase, 1, 1, 0 },
	{ "versioncmp", fn_versioncmp, 2, 3, 0 },
	{ NULL, NULL, 0, 0, 0 },
};

