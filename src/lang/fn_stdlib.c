/* SPDX-License-Identifier: MIT */
/* fn_stdlib.c: puppetlabs-stdlib's string, validation and data functions */
#include "util/compat.h"
#include <arpa/inet.h>
#include <ctype.h>
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
#include "util/mtrand.h"

/*
 * Most of stdlib is written for Puppet's 3.x function API: a top-level
 * undef argument arrives as "" (fnarg_arg3) and errors are stdlib's own
 * words, often with Ruby's inspect of the value. The validate_* functions
 * go through 4.x wrappers and see undef as nil.
 */

static struct value *str_val(struct fn_call *c, struct buf *b)
{
	return val_str_buf(c->arena, b);
}

typedef void str_xform_fn(struct buf *out, const char *s, size_t len);

static struct value *xform_val(struct fn_call *c, const struct value *s,
			       str_xform_fn *fn)
{
	struct buf b = BUF_INIT;
	fn(&b, s->u.s.ptr, s->u.s.len);
	struct value *r = str_val(c, &b);
	buf_release(&b);
	return r;
}

static bool in_set(const char *set, char ch)
{
	return ch && strchr(set, ch);
}

/*
 * Whether `s` matches the Ruby regexp `pat` (=~ semantics: ^ and $ match
 * at line boundaries). Returns 1, 0, or -1 after fn_error().
 */
static int rx(struct fn_call *c, const char *pat, unsigned flags,
	      const char *s, size_t len)
{
	void *code;
	if (regex_compile_src(&code, c->arena, pat, strlen(pat), flags) < 0)
		return fn_error(c, "%s", err_last());
	struct regex_hit h = REGEX_HIT_INIT;
	int rc = regex_search(&h, code, s, len, 0, 0);
	regex_hit_release(&h);
	if (rc < 0)
		return fn_error(c, "%s", err_last());
	return rc;
}

/* ---- base64, escapes, paths ---- */

static const char b64_std[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Ruby's pack('m'): lines of 60 characters, each ending in "\n"
 * (line_len 0: one line without newline, as pack('m0')). */
static void b64_encode(struct buf *out, const unsigned char *s, size_t len,
		       const char *alpha, size_t line_len)
{
	size_t col = 0;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		buf_addch(out, alpha[(v >> 18) & 63]);
		buf_addch(out, alpha[(v >> 12) & 63]);
		buf_addch(out, i + 1 < len ? alpha[(v >> 6) & 63] : '=');
		buf_addch(out, i + 2 < len ? alpha[v & 63] : '=');
		col += 4;
		if (line_len && col >= line_len) {
			buf_addch(out, '\n');
			col = 0;
		}
	}
	if (line_len && col)
		buf_addch(out, '\n');
}

static int b64_val(char c, bool url)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == (url ? '-' : '+'))
		return 62;
	if (c == (url ? '_' : '/'))
		return 63;
	return -1;
}

/*
 * Ruby's unpack('m'): skips characters outside the alphabet, stops at
 * '='. Strict (unpack('m0')): no other characters, padding required.
 * Returns -1 for invalid strict input.
 */
static int b64_decode(struct buf *out, const char *s, size_t len, bool url,
		      bool strict)
{
	uint32_t acc = 0;
	int n = 0;
	size_t i;
	for (i = 0; i < len; i++) {
		if (s[i] == '=')
			break;
		int v = b64_val(s[i], url);
		if (v < 0) {
			if (strict)
				return -1;
			continue;
		}
		acc = acc << 6 | (uint32_t)v;
		if (++n == 4) {
			buf_addch(out, (int)(acc >> 16) & 0xff);
			buf_addch(out, (int)(acc >> 8) & 0xff);
			buf_addch(out, (int)acc & 0xff);
			acc = 0;
			n = 0;
		}
	}
	if (strict) {
		size_t pads = len - i;
		if (n == 1 || (n && pads != (size_t)(4 - n)) || (!n && pads))
			return -1;
		for (size_t k = i; k < len; k++)
			if (s[k] != '=')
				return -1;
	}
	if (n == 2) {
		buf_addch(out, (int)(acc >> 4) & 0xff);
	} else if (n == 3) {
		buf_addch(out, (int)(acc >> 10) & 0xff);
		buf_addch(out, (int)(acc >> 2) & 0xff);
	}
	return 0;
}

static int fn_base64(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2)
		return fn_error(c, "base64(): Wrong number of arguments (%zu; must be >= 2)",
				c->nargs);
	struct value *act = fnarg_arg3(c, 0), *s = fnarg_arg3(c, 1);
	bool enc = val_is_str(act, "encode");
	if (!enc && !val_is_str(act, "decode"))
		return fn_error(c, "base64(): the first argument must be one of 'encode' or 'decode'");
	if (s->kind != VAL_STRING)
		return fn_error(c, "base64(): the second argument must be a string to base64");
	const char *method = "default";
	if (c->nargs > 2) {
		struct value *m = fnarg_arg3(c, 2);
		if (!val_is_str(m, "default") && !val_is_str(m, "strict") &&
		    !val_is_str(m, "urlsafe"))
			return fn_error(c, "base64(): the third argument must be one of 'default', 'strict', or 'urlsafe'");
		method = m->u.s.ptr;
	}
	bool url = !strcmp(method, "urlsafe");
	struct buf b = BUF_INIT, padded = BUF_INIT;
	const char *src = s->u.s.ptr;
	size_t slen = s->u.s.len;
	if (!enc && url && slen % 4 && (!slen || src[slen - 1] != '=')) {
		/* urlsafe_decode64 pads, then decodes strictly */
		buf_add(&padded, src, slen);
		while (padded.len % 4)
			buf_addch(&padded, '=');
		src = padded.ptr;
		slen = padded.len;
	}
	if (enc) {
		b64_encode(&b, (const unsigned char *)s->u.s.ptr, s->u.s.len,
			   url ? b64_url : b64_std,
			   !strcmp(method, "default") ? 60 : 0);
	} else if (b64_decode(&b, src, slen, url,
			      strcmp(method, "default") != 0) < 0) {
		buf_release(&b);
		buf_release(&padded);
		return fn_error(c, "invalid base64");
	}
	buf_release(&padded);
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

/*
 * The stdlib 3.x string functions: a String, or an Array whose String
 * elements are converted (others kept); anything else fails with
 * "NAME(): Requires either array or string to work with".
 */
static int str_or_array3(struct value **out, struct fn_call *c,
			 str_xform_fn *fn, const char *what)
{
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind == VAL_STRING) {
		*out = xform_val(c, v, fn);
		return 0;
	}
	if (v->kind != VAL_ARRAY)
		return fn_error(c, "%s(): Requires either %s to work with",
				c->name, what);
	struct value *r = val_array(c->arena, v->u.arr.n);
	for (size_t i = 0; i < v->u.arr.n; i++) {
		struct value *e = v->u.arr.v[i];
		val_array_push(c->arena, r,
			       e->kind == VAL_STRING ? xform_val(c, e, fn) : e);
	}
	*out = r;
	return 0;
}

static void x_swapcase(struct buf *out, const char *s, size_t len)
{
	fnarg_case_map(out, s, len, FNARG_SWAP);
}

static int fn_swapcase(struct value **out, struct fn_call *c)
{
	return str_or_array3(out, c, x_swapcase, "array or string");
}

static void x_regexpescape(struct buf *out, const char *s, size_t len)
{
	regex_escape(out, s, len);
}

static int fn_regexpescape(struct value **out, struct fn_call *c)
{
	return str_or_array3(out, c, x_regexpescape, "array or string");
}

/* URI::RFC2396_Parser#escape: everything but unreserved and reserved */
static void x_uriescape(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') ||
		    (ch && strchr("-_.!~*'();/?:@&=+$,[]", ch)))
			buf_addch(out, ch);
		else
			buf_addf(out, "%%%02X", ch);
	}
}

static int fn_uriescape(struct value **out, struct fn_call *c)
{
	return str_or_array3(out, c, x_uriescape, "array or string");
}

/* Ruby's Shellwords.shellescape */
static void shell_escape(struct buf *out, const char *s, size_t len)
{
	if (!len) {
		buf_addstr(out, "''");
		return;
	}
	for (size_t i = 0; i < len;) {
		size_t n = fnarg_utf8_clen(s, len, i);
		char ch = s[i];
		if (ch == '\n') {
			buf_addstr(out, "'\n'");
		} else {
			if (n > 1 || !((ch >= 'a' && ch <= 'z') ||
				       (ch >= 'A' && ch <= 'Z') ||
				       (ch >= '0' && ch <= '9') ||
				       in_set("_-.,:+/@", ch)))
				buf_addch(out, '\\');
			buf_add(out, s + i, n);
		}
		i += n;
	}
}

static int fn_shell_escape(struct value **out, struct fn_call *c)
{
	struct buf t = BUF_INIT, b = BUF_INIT;
	fnarg_ruby_s(&t, c->args[0]);
	shell_escape(&b, t.ptr, t.len);
	*out = str_val(c, &b);
	buf_release(&t);
	buf_release(&b);
	return 0;
}

static int fn_shell_join(struct value **out, struct fn_call *c)
{
	struct value *a = fnarg_arg3(c, 0);
	if (a->kind != VAL_ARRAY) {
		struct buf t = BUF_INIT;
		fnarg_ruby3_inspect(&t, a, true);
		fn_error(c, "First argument is not an Array: %s", t.ptr);
		buf_release(&t);
		return -1;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < a->u.arr.n; i++) {
		struct buf t = BUF_INIT;
		fnarg_ruby3_s(&t, a->u.arr.v[i]);
		if (i)
			buf_addch(&b, ' ');
		shell_escape(&b, t.ptr, t.len);
		buf_release(&t);
	}
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

static void batch_escape(struct buf *out, const char *s, size_t len)
{
	buf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_addstr(out, "\"\"");
		else {
			if (s[i] == '$' || s[i] == '\\')
				buf_addch(out, '\\');
			buf_addch(out, s[i]);
		}
	}
	buf_addch(out, '"');
}

static void powershell_escape(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_addstr(out, "\\`\"");
		else {
			if (in_set(" '`|\n$", s[i]))
				buf_addch(out, '`');
			buf_addch(out, s[i]);
		}
	}
}

static int escape_fn(struct value **out, struct fn_call *c, str_xform_fn *fn)
{
	struct buf t = BUF_INIT, b = BUF_INIT;
	fnarg_ruby_s(&t, c->args[0]);
	fn(&b, t.ptr, t.len);
	*out = str_val(c, &b);
	buf_release(&t);
	buf_release(&b);
	return 0;
}

static int fn_batch_escape(struct value **out, struct fn_call *c)
{
	return escape_fn(out, c, batch_escape);
}

static int fn_powershell_escape(struct value **out, struct fn_call *c)
{
	return escape_fn(out, c, powershell_escape);
}

/* ---- paths ---- */

static int fn_dirname(struct value **out, struct fn_call *c)
{
	if (c->nargs > 1)
		return fn_error(c, "dirname(): Too many arguments given (%zu)",
				c->nargs);
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_STRING)
		return fn_error(c, "dirname(): Requires string as argument");
	if (!v->u.s.len)
		return fn_error(c, "dirname(): Requires a non-empty string as argument");
	/* Ruby's File.dirname on Unix */
	const char *s = v->u.s.ptr;
	size_t len = v->u.s.len, root = 0;
	while (root < len && s[root] == '/')
		root++;
	size_t e = len;
	while (e > root && s[e - 1] == '/')
		e--;
	while (e > root && s[e - 1] != '/')
		e--;
	while (e > root && s[e - 1] == '/')
		e--;
	struct buf b = BUF_INIT;
	if (root)
		buf_addch(&b, '/');
	if (e > root)
		buf_add(&b, s + root, e - root);
	else if (!root)
		buf_addch(&b, '.');
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

static int fn_basename(struct value **out, struct fn_call *c)
{
	if (c->nargs > 2)
		return fn_error(c, "basename(): Too many arguments given (%zu)",
				c->nargs);
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_STRING)
		return fn_error(c, "basename(): Requires string as first argument");
	struct value *sfx = NULL;
	if (c->nargs == 2) {
		sfx = fnarg_arg3(c, 1);
		if (sfx->kind != VAL_STRING)
			return fn_error(c, "basename(): Requires string as second argument");
	}
	const char *s = v->u.s.ptr;
	size_t e = v->u.s.len;
	while (e > 1 && s[e - 1] == '/')
		e--;
	size_t b = e;
	while (b > 0 && s[b - 1] != '/')
		b--;
	const char *name = s + b;
	size_t n = e - b;
	if (!n && e) { /* the path is made of slashes */
		name = "/";
		n = 1;
	}
	if (sfx && !(n == 1 && *name == '/')) {
		if (val_is_str(sfx, ".*")) {
			const char *dot = NULL;
			for (size_t i = 1; i < n; i++)
				if (name[i] == '.')
					dot = name + i;
			if (dot)
				n = (size_t)(dot - name);
		} else if (sfx->u.s.len < n &&
			   !memcmp(name + n - sfx->u.s.len, sfx->u.s.ptr,
				   sfx->u.s.len)) {
			n -= sfx->u.s.len;
		}
	}
	*out = val_str(c->arena, name, n);
	return 0;
}

/* ---- squeeze, line endings ---- */

/* Ruby's tr-style character set: ranges a-z, a leading ^ negates. */
static bool set_has(const struct value *set, unsigned char ch)
{
	const char *s = set->u.s.ptr;
	size_t len = set->u.s.len, i = 0;
	bool neg = false, hit = false;
	if (len > 1 && s[0] == '^') {
		neg = true;
		i = 1;
	}
	for (; i < len; i++) {
		if (i + 2 < len && s[i + 1] == '-') {
			if (ch >= (unsigned char)s[i] &&
			    ch <= (unsigned char)s[i + 2])
				hit = true;
			i += 2;
		} else if ((unsigned char)s[i] == ch) {
			hit = true;
		}
	}
	return hit != neg;
}

static struct value *squeeze(struct fn_call *c, const struct value *s,
			     const struct value *set)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->u.s.len; i++) {
		char ch = s->u.s.ptr[i];
		if (i && s->u.s.ptr[i - 1] == ch &&
		    (!set || set_has(set, (unsigned char)ch)))
			continue;
		buf_addch(&b, ch);
	}
	struct value *r = str_val(c, &b);
	buf_release(&b);
	return r;
}

static int fn_squeeze(struct value **out, struct fn_call *c)
{
	struct value *v = fnarg_arg3(c, 0);
	struct value *set = c->nargs > 1 ? fnarg_arg3(c, 1) : NULL;
	if (set && set->kind != VAL_STRING)
		return fn_error(c, "no implicit conversion of %s into String",
				fnarg_ruby_class(set));
	if (v->kind == VAL_ARRAY) {
		struct value *r = val_array(c->arena, v->u.arr.n);
		for (size_t i = 0; i < v->u.arr.n; i++) {
			struct value *e = v->u.arr.v[i];
			if (e->kind != VAL_STRING) {
				struct buf t = BUF_INIT;
				fnarg_ruby_s(&t, e);
				fn_error(c, "undefined method `squeeze' for %s:%s",
					 t.ptr, fnarg_ruby_class(e));
				buf_release(&t);
				return -1;
			}
			val_array_push(c->arena, r, squeeze(c, e, set));
		}
		*out = r;
		return 0;
	}
	if (v->kind != VAL_STRING) {
		struct buf t = BUF_INIT;
		fnarg_ruby_s(&t, v);
		fn_error(c, "undefined method `squeeze' for %s:%s", t.ptr,
			 fnarg_ruby_class(v));
		buf_release(&t);
		return -1;
	}
	*out = squeeze(c, v, set);
	return 0;
}

static int fn_dos2unix(struct value **out, struct fn_call *c)
{
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_STRING)
		return fn_error(c, "dos2unix(): Requires string as argument");
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < v->u.s.len; i++) {
		if (v->u.s.ptr[i] == '\r' && i + 1 < v->u.s.len &&
		    v->u.s.ptr[i + 1] == '\n')
			continue;
		buf_addch(&b, v->u.s.ptr[i]);
	}
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}

static int fn_unix2dos(struct value **out, struct fn_call *c)
{
	struct value *v = fnarg_arg3(c, 0);
	if (v->kind != VAL_STRING)
		return fn_error(c, "unix2dos(): Requires string as argument");
	/* gsub(/\r*\n/, "\r\n") */
	struct buf b = BUF_INIT;
	const char *s = v->u.s.ptr;
	size_t len = v->u.s.len, run = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			run++;
			continue;
		}
		if (s[i] == '\n') {
			buf_addstr(&b, "\r\n");
		} else {
			for (size_t k = 0; k < run; k++)
				buf_addch(&b, '\r');
			buf_addch(&b, s[i]);
		}
		run = 0;
	}
	for (size_t k = 0; k < run; k++)
		buf_addch(&b, '\r');
	*out = str_val(c, &b);
	buf_release(&b);
	return 0;
}


/* ---- is_* ---- */

/* Ruby's inspect of an argument a 4.x wrapper passed on (undef is nil) */
static const char *inspect(struct fn_call *c, const struct value *v)
{
	struct buf b = BUF_INIT;
	if (v->kind == VAL_REGEX)
		buf_addf(&b, "/%s/", v->u.re.src);
	else
		fnarg_ruby3_inspect(&b, v, false);
	char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static const char *rclass(const struct value *v)
{
	return v->kind == VAL_REGEX ? "Regexp" : fnarg_ruby_class(v);
}

/* Ruby's String#to_f: the longest leading decimal number, else 0.0 */
static double str_to_f(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0;
	while (i < len && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
		i++;
	for (; i < len; i++) {
		char ch = s[i];
		if (ch == '_' && b.len && i + 1 < len && s[i + 1] >= '0' &&
		    s[i + 1] <= '9' && b.ptr[b.len - 1] >= '0' &&
		    b.ptr[b.len - 1] <= '9')
			continue;
		if (!(ch >= '0' && ch <= '9') && !in_set("+-.eE", ch))
			break;
		buf_addch(&b, ch);
	}
	/* strtod takes the longest valid prefix, as Ruby does; it must not
	 * read hex or inf/nan, which the filter above keeps out */
	double d = b.len ? strtod(b.ptr, NULL) : 0.0;
	buf_release(&b);
	return d;
}

/* Ruby's String#to_i (base 10) */
static int64_t str_to_i(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0;
	while (i < len && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
		i++;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		buf_addch(&b, s[i++]);
	for (; i < len; i++) {
		if (s[i] == '_' && i + 1 < len && s[i + 1] >= '0' &&
		    s[i + 1] <= '9' && b.len && b.ptr[b.len - 1] >= '0')
			continue;
		if (s[i] < '0' || s[i] > '9')
			break;
		buf_addch(&b, s[i]);
	}
	int64_t n = strtoll(b.ptr, NULL, 10);
	buf_release(&b);
	return n;
}

static bool str_eq_buf(const struct value *s, const struct buf *b)
{
	return s->u.s.len == b->len && !memcmp(s->u.s.ptr, b->ptr, b->len);
}

static int fn_is_string(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	bool r = v->kind == VAL_STRING || v->kind == VAL_UNDEF;
	if (r && v->kind == VAL_STRING) {
		/* false for strings that read back as numbers */
		struct buf f = BUF_INIT, i = BUF_INIT;
		val_float_fmt(&f, str_to_f(v->u.s.ptr, v->u.s.len));
		buf_addf(&i, "%lld", (long long)str_to_i(v->u.s.ptr, v->u.s.len));
		if (str_eq_buf(v, &f) || str_eq_buf(v, &i))
			r = false;
		buf_release(&f);
		buf_release(&i);
	}
	*out = val_bool(r);
	return 0;
}

static int fn_is_integer(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	int r = v->kind == VAL_INT;
	if (v->kind == VAL_STRING)
		r = rx(c, "^-?(?:(?:[1-9]\\d*)|0)$", 0, v->u.s.ptr, v->u.s.len);
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

static int fn_is_numeric(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	int r = fnarg_is_num(v);
	if (v->kind == VAL_STRING)
		r = rx(c, "^-?(?:(?:[1-9]\\d*)|0)(?:\\.\\d+)?(?:[eE]-?\\d+)?$",
		       0, v->u.s.ptr, v->u.s.len);
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

static int fn_is_float(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	bool r = v->kind == VAL_FLOAT;
	if (v->kind == VAL_STRING) {
		struct buf f = BUF_INIT;
		val_float_fmt(&f, str_to_f(v->u.s.ptr, v->u.s.len));
		r = str_eq_buf(v, &f);
		buf_release(&f);
	}
	*out = val_bool(r);
	return 0;
}

static int fn_is_bool(struct value **out, struct fn_call *c)
{
	*out = val_bool(c->args[0]->kind == VAL_BOOL);
	return 0;
}

static int fn_is_array(struct value **out, struct fn_call *c)
{
	*out = val_bool(c->args[0]->kind == VAL_ARRAY);
	return 0;
}

static int fn_is_hash(struct value **out, struct fn_call *c)
{
	*out = val_bool(c->args[0]->kind == VAL_HASH);
	return 0;
}

/* Ruby's IPAddr.new: 4 for IPv4, 6 for IPv6, 0 when invalid. Accepts a
 * /prefix or /netmask, [brackets] and %zone on IPv6. */
static int ip_version(const struct value *v)
{
	if (v->kind != VAL_STRING || !v->u.s.len)
		return 0;
	struct buf b = BUF_INIT;
	buf_add(&b, v->u.s.ptr, v->u.s.len);
	char *addr = b.ptr, *slash = strchr(addr, '/');
	const char *prefix = NULL;
	if (slash) {
		*slash = '\0';
		prefix = slash + 1;
	}
	size_t alen = strlen(addr);
	if (alen >= 2 && addr[0] == '[' && addr[alen - 1] == ']') {
		addr[alen - 1] = '\0';
		addr++;
	}
	int ver = 0;
	unsigned char bin[16];
	if (strchr(addr, ':')) {
		char *pct = strchr(addr, '%');
		if (pct)
			*pct = '\0';
		if (inet_pton(AF_INET6, addr, bin) == 1)
			ver = 6;
	} else {
		/* four decimal octets, no zero-filled ones */
		int parts = 0;
		const char *p = addr;
		ver = 4;
		while (ver && *p) {
			const char *q = p;
			int n = 0;
			while (*q >= '0' && *q <= '9' && q - p < 4)
				n = n * 10 + (*q++ - '0');
			if (q == p || n > 255 || (q - p > 1 && *p == '0') ||
			    (*q && *q != '.') || (*q == '.' && !q[1]))
				ver = 0;
			parts++;
			p = *q ? q + 1 : q;
		}
		if (parts != 4)
			ver = 0;
	}
	if (ver && prefix) {
		char *end;
		long n = strtol(prefix, &end, 10);
		if (*prefix && !*end && *prefix >= '0' && *prefix <= '9') {
			if (n > (ver == 4 ? 32 : 128))
				ver = 0;
		} else {
			struct value m = { .kind = VAL_STRING };
			m.u.s.ptr = prefix;
			m.u.s.len = strlen(prefix);
			if (!strchr(prefix, '/') && ip_version(&m) != ver)
				ver = 0;
		}
	}
	buf_release(&b);
	return ver;
}

static int fn_is_ip_address(struct value **out, struct fn_call *c)
{
	*out = val_bool(ip_version(c->args[0]) != 0);
	return 0;
}

static int fn_is_ipv4_address(struct value **out, struct fn_call *c)
{
	*out = val_bool(ip_version(c->args[0]) == 4);
	return 0;
}

static int fn_is_ipv6_address(struct value **out, struct fn_call *c)
{
	*out = val_bool(ip_version(c->args[0]) == 6);
	return 0;
}

static int is_domain_name(struct fn_call *c, const struct value *v)
{
	if (v->kind != VAL_STRING)
		return 0;
	const char *s = v->u.s.ptr;
	size_t len = v->u.s.len;
	if (len == 1 && *s == '.')
		return 1;
	if (len && s[len - 1] == '.')
		len--;
	if (!len || len > 255)
		return 0;
	if (memchr(s, '.', len)) {
		int r = rx(c, "\\.[A-Za-z]+$", 0, s, len);
		if (r <= 0)
			return r;
	}
	/* each label 1..63 of [a-z\d-], not starting or ending with '-';
	 * Ruby's split drops trailing empty labels */
	while (len && s[len - 1] == '.')
		len--;
	size_t i = 0;
	while (i < len) {
		const char *dot = memchr(s + i, '.', len - i);
		size_t e = dot ? (size_t)(dot - s) : len;
		size_t n = e - i;
		if (n < 1 || n > 63 || s[i] == '-' || s[e - 1] == '-')
			return 0;
		for (size_t k = i; k < e; k++)
			if (!isalnum((unsigned char)s[k]) && s[k] != '-')
				return 0;
		i = e + 1;
	}
	return 1;
}

static int fn_is_domain_name(struct value **out, struct fn_call *c)
{
	int r = is_domain_name(c, c->args[0]);
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

static int is_email_address(struct fn_call *c, const struct value *v)
{
	struct buf t = BUF_INIT;
	fnarg_ruby_s(&t, v);
	int r = rx(c, "\\A([\\w+\\-].?)+@[a-z\\d\\-]+(\\.[a-z]+)*\\.[a-z]+\\z", 0,
		   t.ptr, t.len);
	buf_release(&t);
	return r;
}

static int fn_is_email_address(struct value **out, struct fn_call *c)
{
	int r = is_email_address(c, c->args[0]);
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

static int fn_is_mac_address(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	int r = 0;
	if (v->kind == VAL_STRING) {
		r = rx(c, "^[a-f0-9]{1,2}(:[a-f0-9]{1,2}){5}$", REGEX_ICASE,
		       v->u.s.ptr, v->u.s.len);
		if (!r)
			r = rx(c, "^[a-f0-9]{1,2}(:[a-f0-9]{1,2}){19}$",
			       REGEX_ICASE, v->u.s.ptr, v->u.s.len);
	}
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

/* Puppet::Util.absolute_path? on either platform */
static int absolute_path(struct fn_call *c, const struct value *v)
{
	if (v->kind != VAL_STRING)
		return 0;
	int r = rx(c, "^/", 0, v->u.s.ptr, v->u.s.len);
	if (r)
		return r;
	return rx(c, "^(?:(?:[A-Z]:[\\\\/])|(?:[\\\\/][\\\\/][^\\\\/]+[\\\\/][^\\\\/]+)|(?:[\\\\/][\\\\/]\\?[\\\\/][^\\\\/]+))",
		  REGEX_ICASE, v->u.s.ptr, v->u.s.len);
}

static int fn_is_absolute_path(struct value **out, struct fn_call *c)
{
	int r = absolute_path(c, c->args[0]);
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

static int fn_is_function_available(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	*out = val_bool(v->kind == VAL_STRING && v->u.s.len &&
			fn_lookup(v->u.s.ptr) != NULL);
	return 0;
}

/* ---- validate_* ---- */

static int need_args(struct fn_call *c)
{
	if (!c->nargs)
		return fn_error(c, "%s(): wrong number of arguments (0; must be > 0)",
				c->name);
	return 0;
}

static int fn_validate_string(struct value **out, struct fn_call *c)
{
	if (need_args(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = c->args[i];
		if (v->kind != VAL_STRING && v->kind != VAL_UNDEF)
			return fn_error(c, "%s is not a string.  It looks to be a %s",
					inspect(c, v), rclass(v));
	}
	*out = val_undef();
	return 0;
}

static int validate_kind(struct value **out, struct fn_call *c,
			 enum val_kind k, const char *what)
{
	if (need_args(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = c->args[i];
		if (v->kind != k)
			return fn_error(c, "%s is not %s.  It looks to be a %s",
					inspect(c, v), what, rclass(v));
	}
	*out = val_undef();
	return 0;
}

static int fn_validate_bool(struct value **out, struct fn_call *c)
{
	return validate_kind(out, c, VAL_BOOL, "a boolean");
}

static int fn_validate_array(struct value **out, struct fn_call *c)
{
	return validate_kind(out, c, VAL_ARRAY, "an Array");
}

static int fn_validate_hash(struct value **out, struct fn_call *c)
{
	return validate_kind(out, c, VAL_HASH, "a Hash");
}

/* str =~ Regexp.compile(re) for a String or Regexp `re` */
static int matches(struct fn_call *c, const struct value *str,
		   struct value *re)
{
	void *code;
	if (re->kind == VAL_REGEX) {
		if (regex_compile(c->arena, re) < 0)
			return fn_error(c, "%s", err_last());
		code = re->u.re.code;
	} else {
		struct buf t = BUF_INIT;
		fnarg_ruby3_s(&t, re);
		int rc = regex_compile_src(&code, c->arena, t.ptr, t.len, 0);
		buf_release(&t);
		if (rc < 0)
			return fn_error(c, "%s", err_last());
	}
	struct regex_hit h = REGEX_HIT_INIT;
	int rc = regex_search(&h, code, str->u.s.ptr, str->u.s.len, 0, 0);
	regex_hit_release(&h);
	if (rc < 0)
		return fn_error(c, "%s", err_last());
	return rc;
}

static int fn_validate_re(struct value **out, struct fn_call *c)
{
	if (c->nargs < 2 || c->nargs > 3)
		return fn_error(c, "validate_re(): wrong number of arguments (%zu; must be 2 or 3)",
				c->nargs);
	struct value *s = c->args[0], *re = c->args[1];
	if (s->kind != VAL_STRING)
		return fn_error(c, "validate_re(): input needs to be a String, not a %s",
				rclass(s));
	size_t n = re->kind == VAL_ARRAY ? re->u.arr.n : 1;
	for (size_t i = 0; i < n; i++) {
		struct value *one = re->kind == VAL_ARRAY ? re->u.arr.v[i] : re;
		int r = matches(c, s, one);
		if (r < 0)
			return -1;
		if (r) {
			*out = val_undef();
			return 0;
		}
	}
	if (c->nargs == 3 && val_truthy(c->args[2])) {
		struct buf t = BUF_INIT;
		fnarg_ruby3_s(&t, c->args[2]);
		fn_error(c, "%s", t.ptr);
		buf_release(&t);
		return -1;
	}
	return fn_error(c, "validate_re(): %s does not match %s", inspect(c, s),
			inspect(c, re));
}

static int fn_validate_slength(struct value **out, struct fn_call *c)
{
	if (c->nargs != 2 && c->nargs != 3)
		return fn_error(c, "validate_slength(): Wrong number of arguments (%zu; must be 2 or 3)",
				c->nargs);
	struct value *in = c->args[0], *mx = c->args[1];
	int64_t max, min = 0;
	bool ok = mx->kind == VAL_INT ||
		  (mx->kind == VAL_FLOAT && isfinite(mx->u.f)) ||
		  (mx->kind == VAL_STRING &&
		   fnarg_ruby_integer(&max, mx->u.s.ptr, mx->u.s.len) == 0);
	if (mx->kind == VAL_INT)
		max = mx->u.n.i;
	else if (mx->kind == VAL_FLOAT && ok)
		max = (int64_t)mx->u.f;
	if (!ok || max <= 0) {
		struct buf t = BUF_INIT;
		fnarg_ruby3_s(&t, mx);
		fn_error(c, "validate_slength(): Expected second argument to be a positive Numeric, got %s:%s",
			 t.ptr, rclass(mx));
		buf_release(&t);
		return -1;
	}
	if (c->nargs == 3 && val_truthy(c->args[2])) {
		struct value *mn = c->args[2];
		ok = mn->kind == VAL_INT ||
		     (mn->kind == VAL_FLOAT && isfinite(mn->u.f)) ||
		     (mn->kind == VAL_STRING &&
		      fnarg_ruby_integer(&min, mn->u.s.ptr, mn->u.s.len) == 0);
		if (mn->kind == VAL_INT)
			min = mn->u.n.i;
		else if (mn->kind == VAL_FLOAT && ok)
			min = (int64_t)mn->u.f;
		if (!ok || min < 0) {
			struct buf t = BUF_INIT;
			fnarg_ruby3_s(&t, mn);
			fn_error(c, "validate_slength(): Expected third argument to be unset or a positive Numeric, got %s:%s",
				 t.ptr, rclass(mn));
			buf_release(&t);
			return -1;
		}
	}
	if (max < min)
		return fn_error(c, "validate_slength(): Expected second argument to be equal to or larger than third argument");
	size_t n = in->kind == VAL_ARRAY ? in->u.arr.n : 1;
	if (in->kind != VAL_STRING && in->kind != VAL_ARRAY)
		return fn_error(c, "validate_slength(): Expected first argument to be a String or Array, got %s",
				rclass(in));
	for (size_t i = 0; i < n; i++) {
		struct value *s = in->kind == VAL_ARRAY ? in->u.arr.v[i] : in;
		if (s->kind != VAL_STRING)
			return fn_error(c, "validate_slength(): Expected element at array position %zu to be a String, got %s",
					i, rclass(s));
		int64_t l = (int64_t)fnarg_utf8_count(s->u.s.ptr, s->u.s.len);
		/* Ruby prints input.length: the array's, or the string's */
		size_t inlen = in->kind == VAL_ARRAY ? in->u.arr.n :
			       fnarg_utf8_count(in->u.s.ptr, in->u.s.len);
		if (l > max || l < min)
			return fn_error(c, "validate_slength(): Expected length of %s to be between %" PRId64 " and %" PRId64 ", was %zu",
					inspect(c, in), min, max, inlen);
	}
	*out = val_undef();
	return 0;
}

/* Integer(x.to_s) / Float(x.to_s) as validate_integer/numeric do */
static bool num_of(double *out, const struct value *v, bool integer)
{
	struct buf t = BUF_INIT;
	fnarg_ruby3_s(&t, v);
	bool ok;
	if (integer) {
		int64_t i;
		ok = fnarg_ruby_integer(&i, t.ptr, t.len) == 0;
		*out = (double)i;
	} else {
		ok = fnarg_ruby_float(out, t.ptr, t.len) == 0;
	}
	buf_release(&t);
	return ok;
}

static void fmt_num(struct buf *out, double d, bool integer)
{
	if (integer)
		buf_addf(out, "%lld", (long long)d);
	else
		val_float_fmt(out, d);
}

static int validate_number(struct value **out, struct fn_call *c,
			   bool integer)
{
	const char *what = integer ? "an Integer" : "a Numeric";
	if (!c->nargs || c->nargs > 3)
		return fn_error(c, "%s(): Wrong number of arguments; must be 1, 2 or 3, got %zu",
				c->name, c->nargs);
	struct value *in = c->args[0];
	double max = 0, min = 0;
	bool has_max = false, has_min = false;
	if (c->nargs > 1) {
		struct buf t = BUF_INIT;
		fnarg_ruby3_s(&t, c->args[1]);
		bool empty = !t.len;
		buf_release(&t);
		if (!(c->nargs > 2 && empty)) {
			if (!num_of(&max, c->args[1], integer)) {
				struct buf s = BUF_INIT;
				fnarg_ruby3_s(&s, c->args[1]);
				fn_error(c, "%s(): Expected second argument to be unset or %s, got %s:String",
					 c->name, what, s.ptr);
				buf_release(&s);
				return -1;
			}
			has_max = true;
		}
	}
	if (c->nargs > 2) {
		if (!num_of(&min, c->args[2], integer)) {
			struct buf s = BUF_INIT;
			fnarg_ruby3_s(&s, c->args[2]);
			fn_error(c, "%s(): Expected third argument to be unset or %s, got %s:%s",
				 c->name, what, s.ptr, rclass(c->args[2]));
			buf_release(&s);
			return -1;
		}
		has_min = true;
	}
	if (has_min && has_max && min > max) {
		struct buf a = BUF_INIT, b = BUF_INIT;
		fmt_num(&a, max, integer);
		fmt_num(&b, min, integer);
		fn_error(c, "%s(): Expected second argument to be larger than third argument, got %s < %s",
			 c->name, a.ptr, b.ptr);
		buf_release(&a);
		buf_release(&b);
		return -1;
	}
	if (in->kind == VAL_HASH)
		return fn_error(c, "validate_integer(): Expected first argument to be %s or Array, got Hash",
				what);
	size_t n = in->kind == VAL_ARRAY ? in->u.arr.n : 1;
	for (size_t i = 0; i < n; i++) {
		struct value *x = in->kind == VAL_ARRAY ? in->u.arr.v[i] : in;
		double d;
		if (x->kind == VAL_HASH || !num_of(&d, x, integer)) {
			if (in->kind == VAL_ARRAY)
				return fn_error(c, "%s(): Expected element at array position %zu to be %s, got %s",
						c->name, i, integer ? "an Integer" : "a Numeric",
						rclass(x));
			return fn_error(c, "%s(): Expected first argument to be %s or Array, got %s",
					c->name, what, rclass(in));
		}
		if ((has_max && d > max) || (has_min && d < min)) {
			struct buf b = BUF_INIT;
			fmt_num(&b, d > max && has_max ? max : min, integer);
			fn_error(c, "%s(): Expected %s to be %s or equal to %s, got %s.",
				 c->name, inspect(c, in),
				 has_max && d > max ? "smaller" : "greater", b.ptr,
				 inspect(c, in));
			buf_release(&b);
			return -1;
		}
	}
	*out = val_undef();
	return 0;
}

static int fn_validate_integer(struct value **out, struct fn_call *c)
{
	return validate_number(out, c, true);
}

static int fn_validate_numeric(struct value **out, struct fn_call *c)
{
	return validate_number(out, c, false);
}

static int fn_validate_absolute_path(struct value **out, struct fn_call *c)
{
	if (need_args(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *a = c->args[i];
		size_t n = a->kind == VAL_ARRAY ? a->u.arr.n : 1;
		for (size_t k = 0; k < n; k++) {
			struct value *p = a;
			if (a->kind == VAL_ARRAY)
				p = a->u.arr.v[k];
			int r = absolute_path(c, p);
			if (r < 0)
				return -1;
			if (!r)
				return fn_error(c, "%s is not an absolute path.",
						inspect(c, p));
		}
	}
	*out = val_undef();
	return 0;
}

static int validate_ip(struct value **out, struct fn_call *c, int want)
{
	if (need_args(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = c->args[i];
		if (v->kind != VAL_STRING)
			return fn_error(c, "%s is not a string.", inspect(c, v));
		int ver = ip_version(v);
		if (want ? ver != want : !ver)
			return fn_error(c, "%s is not a valid %s address.",
					inspect(c, v), want == 4 ? "IPv4" :
					want == 6 ? "IPv6" : "IP");
	}
	*out = val_undef();
	return 0;
}

static int fn_validate_ip_address(struct value **out, struct fn_call *c)
{
	return validate_ip(out, c, 0);
}

static int fn_validate_ipv4_address(struct value **out, struct fn_call *c)
{
	return validate_ip(out, c, 4);
}

static int fn_validate_ipv6_address(struct value **out, struct fn_call *c)
{
	return validate_ip(out, c, 6);
}

static int fn_validate_domain_name(struct value **out, struct fn_call *c)
{
	if (need_args(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = c->args[i];
		if (v->kind != VAL_STRING)
			return fn_error(c, "%s is not a string.", inspect(c, v));
		int r = is_domain_name(c, v);
		if (r < 0)
			return -1;
		if (!r)
			return fn_error(c, "%s is not a syntactically correct domain name",
					inspect(c, v));
	}
	*out = val_undef();
	return 0;
}

static int fn_validate_email_address(struct value **out, struct fn_call *c)
{
	if (need_args(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = c->args[i];
		if (v->kind != VAL_STRING)
			return fn_error(c, "%s is not a string.", inspect(c, v));
		int r = is_email_address(c, v);
		if (r < 0)
			return -1;
		if (!r)
			return fn_error(c, "%s is not a valid email address",
					inspect(c, v));
	}
	*out = val_undef();
	return 0;
}

/* ---- booleans ---- */

/* str2bool: 1 true, 0 false, -1 after an error */
static int str2bool(struct fn_call *c, const struct value *v)
{
	if (v->kind == VAL_BOOL)
		return v->u.b;
	if (v->kind != VAL_STRING)
		return fn_error(c, "str2bool(): Requires string to work with");
	const char *s = v->u.s.ptr;
	size_t len = v->u.s.len;
	int r;
	if (!len || (r = rx(c, "^$", 0, s, len)) == 1)
		return 0;
	if (r < 0)
		return -1;
	if ((r = rx(c, "^(1|t|y|true|yes)$", REGEX_ICASE, s, len)) != 0)
		return r;
	if ((r = rx(c, "^(0|f|n|false|no)$", REGEX_ICASE, s, len)) != 0)
		return r < 0 ? -1 : 0;
	if ((r = rx(c, "^(undef|undefined)$", 0, s, len)) != 0)
		return r < 0 ? -1 : 0;
	return fn_error(c, "str2bool(): Unknown type of boolean given");
}

static int fn_str2bool(struct value **out, struct fn_call *c)
{
	int r = str2bool(c, fnarg_arg3(c, 0));
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

/* num2bool: 1, 0, or -1 after an error */
static int num2bool(struct fn_call *c, const struct value *v)
{
	double d;
	switch (v->kind) {
	case VAL_INT:
		return v->u.n.i > 0;
	case VAL_FLOAT:
		return (int64_t)v->u.f > 0;
	case VAL_STRING:
		if (fnarg_ruby_float(&d, v->u.s.ptr, v->u.s.len) < 0) {
			struct buf q = BUF_INIT;
			fnarg_ruby_quote(&q, v->u.s.ptr, v->u.s.len);
			fn_error(c, "num2bool(): '%s' does not look like a number: invalid value for Float(): %s",
				 v->u.s.ptr, q.ptr);
			buf_release(&q);
			return -1;
		}
		return (int64_t)d > 0;
	default: {
		/* number.to_s.to_i */
		struct buf t = BUF_INIT;
		fnarg_ruby3_s(&t, v);
		int r = str_to_i(t.ptr, t.len) > 0;
		buf_release(&t);
		return r;
	}
	}
}

static int fn_num2bool(struct value **out, struct fn_call *c)
{
	int r = num2bool(c, fnarg_arg3(c, 0));
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

static int fn_bool2num(struct value **out, struct fn_call *c)
{
	int r = str2bool(c, fnarg_arg3(c, 0));
	if (r < 0)
		return -1;
	*out = val_int(c->arena, r);
	return 0;
}

static int fn_bool2str(struct value **out, struct fn_call *c)
{
	if (c->nargs != 1 && c->nargs != 3)
		return fn_error(c, "bool2str(): Wrong number of arguments given (%zu for 3)",
				c->nargs);
	struct value *v = c->args[0];
	if (v->kind != VAL_BOOL)
		return fn_error(c, "bool2str(): Requires a boolean to work with");
	struct value *t = c->nargs == 3 ? c->args[1] : NULL;
	struct value *f = c->nargs == 3 ? c->args[2] : NULL;
	if (t && !val_truthy(t))
		t = NULL;
	if (f && !val_truthy(f))
		f = NULL;
	if ((t && t->kind != VAL_STRING) || (f && f->kind != VAL_STRING))
		return fn_error(c, "bool2str(): Requires strings to convert to");
	if (v->u.b)
		*out = t ? t : val_strz(c->arena, "true");
	else
		*out = f ? f : val_strz(c->arena, "false");
	return 0;
}

static int fn_any2bool(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	int r;
	double d;
	switch (v->kind) {
	case VAL_BOOL:
		*out = v;
		return 0;
	case VAL_UNDEF:
		r = 0;
		break;
	case VAL_INT:
	case VAL_FLOAT:
		r = num2bool(c, v);
		break;
	case VAL_STRING:
		if (fnarg_ruby_float(&d, v->u.s.ptr, v->u.s.len) == 0)
			r = num2bool(c, v);
		else
			r = str2bool(c, v);
		break;
	default:
		r = 1;
	}
	if (r < 0)
		return -1;
	*out = val_bool(r);
	return 0;
}

/* ---- numbers ---- */

static int numeric_string(struct value **out, struct fn_call *c,
			  const struct value *s)
{
	int r = rx(c, "^-?(?:\\d+)(?:\\.\\d+){1}$", 0, s->u.s.ptr, s->u.s.len);
	if (r < 0)
		return -1;
	if (r) {
		*out = val_float(c->arena, str_to_f(s->u.s.ptr, s->u.s.len));
		return 0;
	}
	r = rx(c, "^-?\\d+$", 0, s->u.s.ptr, s->u.s.len);
	if (r < 0)
		return -1;
	*out = r ? val_int(c->arena, str_to_i(s->u.s.ptr, s->u.s.len)) : NULL;
	return 0;
}

static int fn_abs(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (v->kind == VAL_STRING) {
		fn_warn(c, "The abs() function's auto conversion of String to Numeric is deprecated - change to convert input before calling");
		if (numeric_string(&v, c, v) < 0)
			return -1;
		if (!v)
			return fn_error(c, "abs(): Requires float or integer to work with - was given non decimal string");
	}
	if (v->kind == VAL_INT)
		*out = v->u.n.i < 0 ? val_int(c->arena, -v->u.n.i) : v;
	else if (v->kind == VAL_FLOAT)
		*out = val_float(c->arena, fabs(v->u.f));
	else
		return fnarg_mismatch(c, "val", "a value of type Numeric or String", v);
	return 0;
}

/* floor and ceiling: Numeric, or a String Float() accepts */
static int round_fn(struct value **out, struct fn_call *c, bool up)
{
	struct value *v = c->args[0];
	double d;
	if (v->kind == VAL_INT) {
		*out = v;
		return 0;
	}
	if (v->kind == VAL_FLOAT) {
		d = v->u.f;
	} else if (v->kind == VAL_STRING) {
		fn_warn(c, "The %s() function's auto conversion of String to Float is deprecated - change to convert input before calling",
			c->name);
		if (fnarg_ruby_float(&d, v->u.s.ptr, v->u.s.len) < 0)
			return fn_error(c, "%s(): cannot convert given value to a floating point value.",
					c->name);
	} else {
		return fnarg_mismatch(c, "val", "a value of type Numeric or String", v);
	}
	d = up ? ceil(d) : floor(d);
	if (!isfinite(d))
		return fn_error(c, "%s", isnan(d) ? "NaN" : d < 0 ? "-Infinity" : "Infinity");
	*out = val_int(c->arena, (int64_t)d);
	return 0;
}

static int fn_floor(struct value **out, struct fn_call *c)
{
	return round_fn(out, c, false);
}

static int fn_ceiling(struct value **out, struct fn_call *c)
{
	return round_fn(out, c, true);
}

static int fn_round(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (v->kind == VAL_INT) {
		*out = v;
		return 0;
	}
	if (v->kind != VAL_FLOAT)
		return fnarg_mismatch(c, "val", "a Numeric value", v);
	double d = v->u.f > 0 ? trunc(v->u.f + 0.5) : trunc(v->u.f - 0.5);
	if (!isfinite(d))
		return fn_error(c, "%s", isnan(d) ? "NaN" : d < 0 ? "-Infinity" : "Infinity");
	*out = val_int(c->arena, (int64_t)d);
	return 0;
}

static int fn_clamp(struct value **out, struct fn_call *c)
{
	struct value *flat = val_array(c->arena, c->nargs);
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = fnarg_arg3(c, i);
		if (v->kind == VAL_ARRAY)
			for (size_t k = 0; k < v->u.arr.n; k++)
				val_array_push(c->arena, flat, v->u.arr.v[k]);
		else
			val_array_push(c->arena, flat, v);
	}
	if (flat->u.arr.n != 3)
		return fn_error(c, "clamp(): Wrong number of arguments, need three to clamp");
	int64_t n[3];
	for (size_t i = 0; i < 3; i++) {
		struct value *v = flat->u.arr.v[i];
		struct buf t = BUF_INIT;
		fnarg_ruby3_s(&t, v);
		if (v->kind == VAL_STRING &&
		    (!t.len || strspn(t.ptr, "0123456789") != t.len)) {
			fn_error(c, "clamp(): Required explicit numeric (%s:String)", t.ptr);
			buf_release(&t);
			return -1;
		}
		if (v->kind == VAL_HASH) {
			fn_error(c, "clamp(): The Hash type is not allowed (%s)", t.ptr);
			buf_release(&t);
			return -1;
		}
		if (v->kind == VAL_FLOAT)
			n[i] = (int64_t)v->u.f;
		else
			n[i] = str_to_i(t.ptr, t.len);
		buf_release(&t);
	}
	/* the middle one of the three */
	int64_t lo = n[0] < n[1] ? n[0] : n[1], hi = n[0] < n[1] ? n[1] : n[0];
	int64_t mid = n[2] < lo ? lo : n[2] > hi ? hi : n[2];
	*out = val_int(c->arena, mid);
	return 0;
}

static int fn_to_bytes(struct value **out, struct fn_call *c)
{
	struct value *v = fnarg_arg3(c, 0);
	if (fnarg_is_num(v)) {
		*out = v;
		return 0;
	}
	struct buf t = BUF_INIT;
	fnarg_ruby3_s(&t, v);
	/* ([0-9.e+-]*)\s*([^bB]?) */
	size_t i = 0;
	while (i < t.len && in_set("0123456789.e+-", t.ptr[i]))
		i++;
	double d = str_to_f(t.ptr, i);
	size_t j = i;
	while (j < t.len && (t.ptr[j] == ' ' ||
			     (t.ptr[j] >= '\t' && t.ptr[j] <= '\r')))
		j++;
	char p = '\0';
	if (j < t.len && t.ptr[j] != 'b' && t.ptr[j] != 'B')
		p = t.ptr[j];
	buf_release(&t);
	static const char units[] = "kMGTPE";
	int shift = 0;
	if (p) {
		const char *u = strchr(units, p);
		if (!u)
			return fn_error(c, "to_bytes(): Unknown prefix %c", p);
		shift = 10 * (int)(u - units + 1);
	}
	*out = val_int(c->arena, (int64_t)(d * (double)(1ULL << shift)));
	return 0;
}

static int fn_convert_base(struct value **out, struct fn_call *c)
{
	struct value *n = fnarg_arg3(c, 0), *b = fnarg_arg3(c, 1);
	if (n->kind != VAL_INT && n->kind != VAL_STRING)
		return fn_error(c, "convert_base(): First argument must be either a string or an integer");
	if (b->kind != VAL_INT && b->kind != VAL_STRING)
		return fn_error(c, "convert_base(): Second argument must be either a string or an integer");
	for (int i = 0; i < 2; i++) {
		struct value *v = i ? b : n;
		if (v->kind == VAL_STRING &&
		    (!v->u.s.len || strspn(v->u.s.ptr, "0123456789") != v->u.s.len))
			return fn_error(c, "convert_base(): First argument must be an integer or a string corresponding to an integer in base 10");
	}
	int64_t num = n->kind == VAL_INT ? n->u.n.i :
		      str_to_i(n->u.s.ptr, n->u.s.len);
	int64_t base = b->kind == VAL_INT ? b->u.n.i :
		       str_to_i(b->u.s.ptr, b->u.s.len);
	if (base < 2 || base > 36)
		return fn_error(c, "convert_base(): base must be at least 2 and must not be greater than 36");
	struct buf rev = BUF_INIT, r = BUF_INIT;
	uint64_t u = num < 0 ? 0 - (uint64_t)num : (uint64_t)num;
	do {
		buf_addch(&rev, "0123456789abcdefghijklmnopqrstuvwxyz"[u % (uint64_t)base]);
		u /= (uint64_t)base;
	} while (u);
	if (num < 0)
		buf_addch(&r, '-');
	for (size_t i = rev.len; i > 0; i--)
		buf_addch(&r, rev.ptr[i - 1]);
	*out = str_val(c, &r);
	buf_release(&rev);
	buf_release(&r);
	return 0;
}

static int fn_compare(struct value **out, struct fn_call *c)
{
	struct value *a = c->args[0], *b = c->args[1];
	if (c->nargs > 2) {
		if (a->kind != VAL_STRING || b->kind != VAL_STRING)
			return fn_error(c, "'compare' compare(): The third argument (ignore case) can only be used when comparing strings");
		if (c->nargs > 3)
			return fn_error(c, "'compare' compare(): Accepts at most 3 arguments, got %zu",
					c->nargs);
		if (c->args[2]->kind != VAL_BOOL)
			return fn_error(c, "'compare' compare(): The third argument (ignore case) must be a Boolean. Got %s",
					val_type_name(c->args[2]));
	}
	int r;
	if (fnarg_is_num(a) && fnarg_is_num(b)) {
		r = val_compare(a, b);
	} else if (a->kind == VAL_STRING && b->kind == VAL_STRING) {
		bool icase = c->nargs < 3 || c->args[2]->u.b;
		size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
		r = 0;
		for (size_t i = 0; i < n && !r; i++) {
			unsigned char x = (unsigned char)a->u.s.ptr[i];
			unsigned char y = (unsigned char)b->u.s.ptr[i];
			if (icase) {
				if (x >= 'A' && x <= 'Z')
					x += 32;
				if (y >= 'A' && y <= 'Z')
					y += 32;
			}
			r = x < y ? -1 : x > y;
		}
		if (!r)
			r = a->u.s.len < b->u.s.len ? -1 :
			    a->u.s.len > b->u.s.len;
	} else {
		bool ca = fnarg_is_num(a) || a->kind == VAL_STRING;
		bool cb = fnarg_is_num(b) || b->kind == VAL_STRING;
		if (ca && cb)
			return fn_error(c, "'compare' compare(): Can only compare values of the same type (or for Timestamp/Timespan also against Numeric). Got %s and %s",
					val_type_name(a), val_type_name(b));
		return fn_error(c, "'compare' compare(): Non comparable type. Only values of the types Numeric, String, Semver, Timestamp and Timestamp can be compared. Got %s and %s",
				val_type_name(a), val_type_name(b));
	}
	*out = val_int(c->arena, r);
	return 0;
}

static int fn_seeded_rand(struct value **out, struct fn_call *c)
{
	struct value *m = c->args[0], *seed = c->args[1];
	int64_t max = 0;
	bool ok = m->kind == VAL_INT;
	if (ok)
		max = m->u.n.i;
	else if (m->kind == VAL_STRING &&
		 rx(c, "^-?(?:(?:[1-9]\\d*)|0)$", 0, m->u.s.ptr, m->u.s.len) == 1) {
		ok = true;
		max = str_to_i(m->u.s.ptr, m->u.s.len);
	}
	if (!ok || max <= 0)
		return fn_error(c, "seeded_rand(): first argument must be a positive integer");
	if (seed->kind != VAL_STRING)
		return fn_error(c, "seeded_rand(): second argument must be a string");
	unsigned char d[HASH_MD5_LEN];
	hash_md5(d, seed->u.s.ptr, seed->u.s.len);
	*out = val_int(c->arena, (int64_t)mt_digest_rand(d, (uint64_t)max));
	return 0;
}

static int fn_deprecation(struct value **out, struct fn_call *c)
{
	struct value *key = c->args[0], *msg = c->args[1];
	if (key->kind != VAL_STRING)
		return fnarg_mismatch(c, "key", "a String value", key);
	if (msg->kind != VAL_STRING)
		return fnarg_mismatch(c, "message", "a String value", msg);
	fn_warn(c, "%s", msg->u.s.ptr);
	*out = val_undef();
	return 0;
}

static int fn_type3x(struct value **out, struct fn_call *c)
{
	struct value *v = fnarg_arg3(c, 0);
	const char *t;
	switch (v->kind) {
	case VAL_BOOL: t = "boolean"; break;
	case VAL_INT: t = "integer"; break;
	case VAL_FLOAT: t = "float"; break;
	case VAL_ARRAY: t = "array"; break;
	case VAL_HASH: t = "hash"; break;
	case VAL_STRING: {
		/* strings that read back as numbers are numbers */
		struct buf f = BUF_INIT, i = BUF_INIT;
		buf_addf(&i, "%lld", (long long)str_to_i(v->u.s.ptr, v->u.s.len));
		val_float_fmt(&f, str_to_f(v->u.s.ptr, v->u.s.len));
		t = str_eq_buf(v, &i) ? "integer" : str_eq_buf(v, &f) ? "float" :
			"string";
		buf_release(&f);
		buf_release(&i);
		break;
	}
	default:
		return fn_error(c, "type3x(): Unknown type");
	}
	*out = val_strz(c->arena, t);
	return 0;
}

const struct fn_def fn_stdlib_table[] = {
	{ "abs", fn_abs, 1, 1, 0 },
	{ "any2bool", fn_any2bool, 1, 1, 0 },
	{ "base64", fn_base64, 2, 3, 0 },
	{ "basename", fn_basename, 1, 2, 0 },
	{ "batch_escape", fn_batch_escape, 1, 1, 0 },
	{ "bool2num", fn_bool2num, 1, 1, 0 },
	{ "bool2str", fn_bool2str, 1, 3, 0 },
	{ "ceiling", fn_ceiling, 1, 1, 0 },
	{ "clamp", fn_clamp, 0, FN_ANY, 0 },
	{ "compare", fn_compare, 2, FN_ANY, 0 },
	{ "convert_base", fn_convert_base, 2, 2, 0 },
	{ "deprecation", fn_deprecation, 2, 2, 0 },
	{ "dirname", fn_dirname, 1, FN_ANY, 0 },
	{ "dos2unix", fn_dos2unix, 1, 1, 0 },
	{ "floor", fn_floor, 1, 1, 0 },
	{ "is_absolute_path", fn_is_absolute_path, 1, 1, 0 },
	{ "is_array", fn_is_array, 1, 1, 0 },
	{ "is_bool", fn_is_bool, 1, 1, 0 },
	{ "is_domain_name", fn_is_domain_name, 1, 1, 0 },
	{ "is_email_address", fn_is_email_address, 1, 1, 0 },
	{ "is_float", fn_is_float, 1, 1, 0 },
	{ "is_function_available", fn_is_function_available, 1, 1, 0 },
	{ "is_hash", fn_is_hash, 1, 1, 0 },
	{ "is_integer", fn_is_integer, 1, 1, 0 },
	{ "is_ip_address", fn_is_ip_address, 1, 1, 0 },
	{ "is_ipv4_address", fn_is_ipv4_address, 1, 1, 0 },
	{ "is_ipv6_address", fn_is_ipv6_address, 1, 1, 0 },
	{ "is_mac_address", fn_is_mac_address, 1, 1, 0 },
	{ "is_numeric", fn_is_numeric, 1, 1, 0 },
	{ "is_string", fn_is_string, 1, 1, 0 },
	{ "num2bool", fn_num2bool, 1, 1, 0 },
	{ "powershell_escape", fn_powershell_escape, 1, 1, 0 },
	{ "regexpescape", fn_regexpescape, 1, 1, 0 },
	{ "round", fn_round, 1, 1, 0 },
	{ "seeded_rand", fn_seeded_rand, 2, 2, 0 },
	{ "shell_escape", fn_shell_escape, 1, 1, 0 },
	{ "shell_join", fn_shell_join, 1, 1, 0 },
	{ "squeeze", fn_squeeze, 1, 2, 0 },
	{ "str2bool", fn_str2bool, 1, 1, 0 },
	{ "swapcase", fn_swapcase, 1, 1, 0 },
	{ "to_bytes", fn_to_bytes, 1, 1, 0 },
	{ "type3x", fn_type3x, 1, 1, 0 },
	{ "unix2dos", fn_unix2dos, 1, 1, 0 },
	{ "uriescape", fn_uriescape, 1, 1, 0 },
	{ "validate_absolute_path", fn_validate_absolute_path, 0, FN_ANY, 0 },
	{ "validate_array", fn_validate_array, 0, FN_ANY, 0 },
	{ "validate_bool", fn_validate_bool, 0, FN_ANY, 0 },
	{ "validate_domain_name", fn_validate_domain_name, 0, FN_ANY, 0 },
	{ "validate_email_address", fn_validate_email_address, 0, FN_ANY, 0 },
	{ "validate_hash", fn_validate_hash, 0, FN_ANY, 0 },
	{ "validate_integer", fn_validate_integer, 0, FN_ANY, 0 },
	{ "validate_ip_address", fn_validate_ip_address, 0, FN_ANY, 0 },
	{ "validate_ipv4_address", fn_validate_ipv4_address, 0, FN_ANY, 0 },
	{ "validate_ipv6_address", fn_validate_ipv6_address, 0, FN_ANY, 0 },
	{ "validate_numeric", fn_validate_numeric, 0, FN_ANY, 0 },
	{ "validate_re", fn_validate_re, 0, FN_ANY, 0 },
	{ "validate_slength", fn_validate_slength, 0, FN_ANY, 0 },
	{ "validate_string", fn_validate_string, 0, FN_ANY, 0 },
	{ NULL, NULL, 0, 0, 0 },
};
