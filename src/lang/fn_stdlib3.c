/* SPDX-License-Identifier: MIT */
/* fn_stdlib3.c: stdlib functions tend lacked (facts, networks, strings), 4.x argument checks, and stdlib's 3.x argument counts */
#include "util/compat.h"
#include <ctype.h>
#include "lang/eval-internal.h"
#include "lang/fn_arg.h"
#include "lang/fn_stdlib3.h"
#include "lang/func.h"
#include "lang/regex.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/*
 * Each function follows the .rb file of the module that ships it
 * (puppetlabs-stdlib 8.5 unless noted): its checks in the same order and
 * its messages word for word, since users see them. Functions written for
 * the 4.x API declare their parameters in a table checked by
 * stdlib3_check(), which reproduces Puppet's dispatcher messages; 3.x
 * functions (lib/puppet/parser/functions) get a top-level undef as ""
 * (fnarg_arg3) and check their arguments themselves.
 */

/* ---- shared: signatures, facts ---- */

struct tparse {
	struct arena *a;
	const char *p;
};

static void tp_ws(struct tparse *t)
{
	while (isspace((unsigned char)*t->p))
		t->p++;
}

static struct value *tp_type(struct tparse *t);

/* arg -> type | INTEGER | 'string' | default */
static struct value *tp_arg(struct tparse *t)
{
	tp_ws(t);
	if (*t->p == '\'' || *t->p == '"') {
		char q = *t->p++;
		const char *s = t->p;
		while (*t->p && *t->p != q)
			t->p++;
		struct value *v = val_str(t->a, s, (size_t)(t->p - s));
		if (*t->p)
			t->p++;
		return v;
	}
	if (*t->p == '-' || isdigit((unsigned char)*t->p)) {
		char *end;
		long long n = strtoll(t->p, &end, 10);
		t->p = end;
		return val_int(t->a, n);
	}
	if (!strncmp(t->p, "default", 7) && !isalnum((unsigned char)t->p[7])) {
		t->p += 7;
		return val_default();
	}
	return tp_type(t);
}

/* type -> NAME ('[' arg (',' arg)* ']')? */
static struct value *tp_type(struct tparse *t)
{
	tp_ws(t);
	const char *s = t->p;
	while (isalnum((unsigned char)*t->p) || *t->p == '_' || *t->p == ':')
		t->p++;
	if (t->p == s)
		BUG("malformed signature type at '%s'", s);
	char *name = arena_memdupz(t->a, s, (size_t)(t->p - s));
	const char *canon = type_canonical_name(name);
	struct value **params = NULL;
	size_t n = 0, alloc = 0;
	tp_ws(t);
	if (*t->p == '[') {
		t->p++;
		for (;;) {
			tp_ws(t);
			if (!*t->p)
				BUG("unclosed '[' in a signature type");
			if (*t->p == ']') {
				t->p++;
				break;
			}
			if (n == alloc) {
				size_t na = alloc ? 2 * alloc : 4;
				params = arena_realloc(t->a, params,
						       alloc * sizeof(*params),
						       na * sizeof(*params));
				alloc = na;
			}
			params[n++] = tp_arg(t);
			tp_ws(t);
			if (*t->p == ',')
				t->p++;
		}
	}
	return val_type(t->a, canon ? canon : name, params, n);
}

struct value *stdlib3_type(struct arena *a, const char *src)
{
	struct tparse t = {a, src};
	return tp_type(&t);
}

static struct value *resolve_alias(void *payload, const char *name)
{
	struct eval_ctx *e = payload;
	const struct ast *al = loader_find_alias(e, name);
	struct value *t;
	if (!al || eval_expr(&t, e, e->top, al->a) < 0)
		return NULL;
	return t;
}

void stdlib3_type_env(struct type_env *out, struct fn_call *c)
{
	out->resolve_alias = c->ctx ? resolve_alias : NULL;
	out->payload = c->ctx;
	out->arena = c->arena;
}

/* Whether v obviously is an instance of the plain type `type`, without
 * building it (the common case of every call). */
static bool quick_match(const char *type, const struct value *v)
{
	if (!strcmp(type, "Any"))
		return true;
	if (!strcmp(type, "String"))
		return v->kind == VAL_STRING;
	if (!strcmp(type, "Hash"))
		return v->kind == VAL_HASH;
	if (!strcmp(type, "Array"))
		return v->kind == VAL_ARRAY;
	if (!strcmp(type, "Integer"))
		return v->kind == VAL_INT;
	return false;
}

int stdlib3_check(struct fn_call *c, const struct stdlib3_param *ps, size_t n)
{
	struct buf lines = BUF_INIT, label = BUF_INIT;
	struct type_env env;
	stdlib3_type_env(&env, c);
	for (size_t i = 0; i < c->nargs; i++) {
		const struct stdlib3_param *p = i < n ? &ps[i] : NULL;
		if (!p && n && ps[n - 1].repeated)
			p = &ps[n - 1];
		if (!p)
			break;
		if (quick_match(p->type, c->args[i]))
			continue;
		struct value *t = stdlib3_type(c->arena, p->type);
		if (type_match(t, c->args[i], &env))
			continue;
		/* Puppet describes the first parameter that does not match */
		buf_addf(&label, "parameter '%s'", p->name);
		type_mismatch_describe(&lines, c->arena, label.ptr, t,
				       c->args[i], &env);
		break;
	}
	buf_release(&label);
	if (!lines.len)
		return 0;
	/*
	 * Of several reasons (one per variant), a lone type mismatch is all
	 * that Puppet reports; size, key and count mismatches do not count.
	 */
	const char *only = NULL;
	size_t ntype = 0;
	for (const char *l = lines.ptr; l;
	     l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		const char *line = arena_memdupz(c->arena, l, len);
		if (!strstr(line, "expects size to be") &&
		    !strstr(line, "unrecognized key") &&
		    !strstr(line, "expects a value for key")) {
			ntype++;
			only = line;
		}
	}
	if (ntype == 1 && strchr(lines.ptr, '\n')) {
		buf_reset(&lines);
		buf_addstr(&lines, only);
	}
	if (!strchr(lines.ptr, '\n')) {
		fn_error(c, "'%s' %s", c->name, lines.ptr);
		buf_release(&lines);
		return -1;
	}
	struct buf msg = BUF_INIT;
	buf_addf(&msg, "'%s' expects (", c->name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addstr(&msg, ", ");
		type_to_s(&msg, stdlib3_type(c->arena, ps[i].type));
		buf_addf(&msg, " %s%s", ps[i].name, ps[i].repeated ? "*" : "");
	}
	buf_addch(&msg, ')');
	for (const char *l = lines.ptr; l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		buf_addstr(&msg, "\n  rejected: ");
		buf_add(&msg, l, len);
		l = nl ? nl + 1 : NULL;
	}
	fn_error(c, "%s", msg.ptr);
	buf_release(&msg);
	buf_release(&lines);
	return -1;
}

struct value *stdlib3_fact(struct fn_call *c, const char *name)
{
	if (!c->ctx)
		return NULL;
	struct value *facts = scope_find(c->ctx, c->ctx->top, "facts");
	return facts && facts->kind == VAL_HASH ? val_hash_get_str(facts, name)
						: NULL;
}

int stdlib3_arity(struct fn_call *c, const char *want)
{
	return fn_error(c, "%s(): Wrong number of arguments given (%zu for %s)",
			c->name, c->nargs, want);
}

static struct value *str_buf(struct fn_call *c, struct buf *b)
{
	return val_str_buf(c->arena, b);
}

static bool is_str(const struct value *v)
{
	return v->kind == VAL_STRING;
}

/* ---- fact, is_a, type_of, os_version_gte ---- */

static void dot_syntax(struct buf *out, const char *k, size_t len)
{
	if (out->len)
		buf_addch(out, '.');
	if (memchr(k, '.', len)) {
		buf_addch(out, '"');
		buf_add(out, k, len);
		buf_addch(out, '"');
	} else {
		buf_add(out, k, len);
	}
}

/*
 * fact('a.b."c.d".0'): walks $facts by the path's segments (a quoted
 * segment may hold dots; an array takes Ruby's Integer() of its segment),
 * undef with a warning when the path leaves the collections.
 */
static int f_fact(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"fact_name", "String", false}};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	const char *s = c->args[0]->u.s.ptr;
	size_t len = c->args[0]->u.s.len, i = 0;
	struct value *d = NULL;
	if (c->ctx)
		d = scope_find(c->ctx, c->ctx->top, "facts");
	struct buf walked = BUF_INIT;
	while (i < len) {
		const char *k;
		size_t klen;
		if (s[i] != '.' && s[i] != '"') {
			k = s + i;
			while (i < len && s[i] != '.' && s[i] != '"')
				i++;
			klen = (size_t)(s + i - k);
		} else if (s[i] == '"' && i + 2 < len + 1 &&
			   memchr(s + i + 1, '"', len - i - 1) &&
			   s[i + 1] != '"') {
			k = s + i + 1;
			const char *q = memchr(k, '"', len - i - 1);
			klen = (size_t)(q - k);
			i = (size_t)(q - s) + 1;
		} else {
			i++;
			continue;
		}
		if (!d || d->kind == VAL_UNDEF) {
			d = NULL;
			break;
		}
		if (d->kind == VAL_ARRAY) {
			int64_t n;
			if (fnarg_ruby_integer(&n, k, klen) < 0) {
				fn_warn(c,
					"fact request for %s returning nil: '%s' is an array; cannot index to '%.*s'",
					s, walked.ptr, (int)klen, k);
				d = NULL;
			} else {
				if (n < 0)
					n += (int64_t)d->u.arr.n;
				d = n >= 0 && (uint64_t)n < d->u.arr.n
					    ? d->u.arr.v[n]
					    : NULL;
			}
		} else if (d->kind == VAL_HASH) {
			d = val_hash_get(d, val_str(c->arena, k, klen));
		} else {
			fn_warn(c,
				"fact request for %s returning nil: '%s' is not a collection; cannot walk to '%.*s'",
				s, walked.ptr, (int)klen, k);
			d = NULL;
		}
		dot_syntax(&walked, k, klen);
	}
	buf_release(&walked);
	*out = d ? d : val_undef();
	return 0;
}

static int f_is_a(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"value", "Any", false},
		{"type", "Type", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	struct type_env env;
	stdlib3_type_env(&env, c);
	*out = val_bool(type_match(c->args[1], c->args[0], &env) == 1);
	return 0;
}

static int f_type_of(struct value **out, struct fn_call *c)
{
	*out = type_infer(c->arena, c->args[0]);
	return 0;
}

static int f_os_version_gte(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"os", "String[1]", false},
		{"version", "String[1]", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	struct value *os = stdlib3_fact(c, "operatingsystem");
	struct value *maj = stdlib3_fact(c, "operatingsystemmajrelease");
	bool ok = os && is_str(os) && os->u.s.len == c->args[0]->u.s.len &&
		  !memcmp(os->u.s.ptr, c->args[0]->u.s.ptr, os->u.s.len);
	if (ok) {
		if (!maj || !is_str(maj)) {
			ok = false;
		} else {
			struct value *args[] = {maj, c->args[1]}, *r;
			if (eval_call_function(&r, c->ctx, c->ctx->call_scope,
					       "versioncmp", args, 2, NULL,
					       c->loc) < 0)
				return -1;
			ok = r->kind == VAL_INT && r->u.n.i >= 0;
		}
	}
	*out = val_bool(ok);
	return 0;
}

/* ---- strings ---- */

static bool affix_match(const struct value *s, const struct value *a,
			bool at_end)
{
	size_t n = a->u.s.len;
	if (n > s->u.s.len)
		return false;
	const char *p = at_end ? s->u.s.ptr + s->u.s.len - n : s->u.s.ptr;
	return !memcmp(p, a->u.s.ptr, n);
}

static int f_start_end_with(struct value **out, struct fn_call *c)
{
	bool at_end = strstr(c->name, "end_with") != NULL;
	const struct stdlib3_param ps[] = {
		{"test_string", "String", false},
		{at_end ? "suffixes" : "prefixes",
		 "Variant[String[1], Array[String[1], 1]]", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	struct value *a = c->args[1];
	bool hit = false;
	if (a->kind == VAL_STRING) {
		hit = affix_match(c->args[0], a, at_end);
	} else {
		for (size_t i = 0; i < a->u.arr.n && !hit; i++)
			hit = affix_match(c->args[0], a->u.arr.v[i], at_end);
	}
	*out = val_bool(hit);
	return 0;
}

/* Ruby's File.extname: the last component's suffix from its last dot, not
 * counting leading dots; "." for a trailing dot. */
static int f_extname(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"filename", "String", false}};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	const char *s = c->args[0]->u.s.ptr;
	size_t end = c->args[0]->u.s.len;
	while (end > 1 && s[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && s[start - 1] != '/')
		start--;
	while (start < end && s[start] == '.')
		start++;
	size_t dot = end;
	for (size_t i = start; i < end; i++)
		if (s[i] == '.')
			dot = i;
	*out = dot < end ? val_str(c->arena, s + dot, end - dot)
			 : val_str(c->arena, "", 0);
	return 0;
}

static int f_xml_encode(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"str", "String", false},
		{"type", "Enum['text', 'attr']", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	bool attr = c->nargs > 1 && !strcmp(c->args[1]->u.s.ptr, "attr");
	struct buf b = BUF_INIT;
	if (attr)
		buf_addch(&b, '"');
	const char *s = c->args[0]->u.s.ptr;
	for (size_t i = 0; i < c->args[0]->u.s.len; i++) {
		switch (s[i]) {
		case '&':
			buf_addstr(&b, "&amp;");
			break;
		case '<':
			buf_addstr(&b, "&lt;");
			break;
		case '>':
			buf_addstr(&b, "&gt;");
			break;
		case '"':
			buf_addstr(&b, attr ? "&quot;" : "\"");
			break;
		case '\'':
			buf_addstr(&b, attr ? "&apos;" : "'");
			break;
		default:
			buf_addch(&b, s[i]);
		}
	}
	if (attr)
		buf_addch(&b, '"');
	*out = str_buf(c, &b);
	buf_release(&b);
	return 0;
}

static bool ruby_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\f' || ch == '\v';
}

/*
 * Ruby's Shellwords.shellsplit: words, 'single' and "double" quoted parts
 * (a backslash keeps its meaning there before $ ` " \ and newline only),
 * backslash escapes outside quotes; an unmatched quote is an error.
 */
static int f_shell_split(struct value **out, struct fn_call *c)
{
	if (c->nargs != 1)
		return stdlib3_arity(c, "1");
	struct buf line = BUF_INIT, field = BUF_INIT;
	fnarg_ruby3_s(&line, fnarg_arg3(c, 0));
	struct value *words = val_array(c->arena, 4);
	const char *s = line.ptr;
	size_t n = line.len, i = 0;
	int rc = 0;
	for (;;) {
		size_t j = i;
		while (j < n && ruby_space(s[j]))
			j++;
		if (j >= n)
			break;
		i = j;
		if (s[i] != '\\' && s[i] != '\'' && s[i] != '"') {
			while (i < n && !ruby_space(s[i]) && s[i] != '\\' &&
			       s[i] != '\'' && s[i] != '"')
				buf_addch(&field, s[i++]);
		} else if (s[i] == '\'' && memchr(s + i + 1, '\'', n - i - 1)) {
			const char *q = memchr(s + i + 1, '\'', n - i - 1);
			buf_add(&field, s + i + 1, (size_t)(q - s - i - 1));
			i = (size_t)(q - s) + 1;
		} else if (s[i] == '"') {
			size_t k = i + 1;
			while (k < n && s[k] != '"')
				k += s[k] == '\\' && k + 1 < n ? 2 : 1;
			if (k >= n || s[k] != '"') {
				buf_reset(&field);
				fnarg_ruby_quote(&field, s, n);
				rc = fn_error(c, "Unmatched quote: %s",
					      field.ptr);
				break;
			}
			for (size_t m = i + 1; m < k; m++) {
				if (s[m] == '\\' && m + 1 < k &&
				    strchr("$`\"\\\n", s[m + 1]))
					m++;
				buf_addch(&field, s[m]);
			}
			i = k + 1;
		} else if (s[i] == '\\') {
			/* (\\.?) then gsub(/\\(.)/, '\1'): '.' is not a newline */
			if (i + 1 < n && s[i + 1] != '\n') {
				buf_addch(&field, s[i + 1]);
				i += 2;
			} else if (i + 1 < n) {
				buf_add(&field, s + i, 2);
				i += 2;
			} else {
				buf_addch(&field, '\\');
				i++;
			}
		} else {
			buf_reset(&field);
			fnarg_ruby_quote(&field, s, n);
			rc = fn_error(c, "Unmatched quote: %s", field.ptr);
			break;
		}
		/* (\s|\z)? ends the word */
		if (i >= n || ruby_space(s[i])) {
			val_array_push(c->arena, words,
				       val_str(c->arena, field.ptr, field.len));
			buf_reset(&field);
			if (i < n)
				i++;
		}
	}
	buf_release(&line);
	buf_release(&field);
	*out = words;
	return rc;
}

static int f_sprintf_hash(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"format", "String", false},
		{"arguments", "Hash", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	fn_warn(c,
		"This method is deprecated. From Puppet 4.10.10/5.3.4 please use the built-in sprintf instead");
	return eval_call_function(out, c->ctx, c->ctx->call_scope, "sprintf",
				  c->args, 2, NULL, c->loc);
}

/* ---- networks: Ruby's IPAddr ---- */

typedef unsigned __int128 u128;

struct ipaddr {
	int family;	 /* 4 or 6 */
	u128 addr, mask; /* masked address, netmask */
};

static const char re_v4[] = "\\A(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)\\z";
static const char re_v6_full[] =
	"\\A(?:(?:[\\da-f]{1,4}:){7}[\\da-f]{1,4}|((?:[\\da-f]{1,4}:){6})(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+))\\z";
static const char re_v6_comp[] =
	"\\A((?:(?:[\\da-f]{1,4}:)*[\\da-f]{1,4})?)::(((?:[\\da-f]{1,4}:)*)(?:[\\da-f]{1,4}|(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)))?\\z";

static u128 family_mask(int family)
{
	return family == 4 ? (u128)0xffffffffu : ~(u128)0;
}

static void u128_dec(struct buf *out, u128 v)
{
	char tmp[48];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	while (n)
		buf_addch(out, tmp[--n]);
}

/* Matches `re` (Ruby syntax) against s[0..len); the groups go to h.
 * Returns 1, 0, or -1 after err_set(). */
static int ip_rx(struct regex_hit *h, struct arena *a, const char *re,
		 unsigned flags, const char *s, size_t len)
{
	void *code;
	if (regex_compile_src(&code, a, re, strlen(re), flags) < 0)
		return -1;
	return regex_search(h, code, s, len, 0, 0);
}

static bool grp(const struct regex_hit *h, size_t g)
{
	return g < h->ngroups && h->ov[2 * g] != REGEX_UNSET;
}

/* IPAddr#in_addr on four decimal octets. Returns 0 or -1 with err_set(). */
static int in_addr(uint32_t *out, const char *s, const struct regex_hit *h,
		   size_t g0)
{
	uint32_t v = 0;
	for (size_t g = g0; g < g0 + 4; g++) {
		const char *o = s + h->ov[2 * g];
		size_t len = h->ov[2 * g + 1] - h->ov[2 * g];
		size_t k = 0;
		while (k + 1 < len && o[k] == '0')
			k++;
		if (len - k > 3 || strtoul(o, NULL, 10) >= 256)
			return err_set("invalid address: ");
		if (len > 1 && o[0] == '0')
			return err_set(
				"zero-filled number in IPv4 address is ambiguous: ");
		v = v << 8 | (uint32_t)strtoul(o, NULL, 10);
	}
	*out = v;
	return 0;
}

static size_t count_ch(const char *s, size_t len, char ch)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == ch;
	return n;
}

/* Ruby's split(':') of s[0..len) as hex numbers, trailing empty fields
 * dropped: returns the field count; out[] (max + 1 entries) gets the
 * first ones. */
static size_t hex_groups(uint32_t *out, size_t max, const char *s, size_t len)
{
	size_t n = 0, keep = 0, i = 0;
	if (!len)
		return 0;
	for (;;) {
		size_t j = i;
		uint32_t v = 0;
		for (; j < len && s[j] != ':'; j++) {
			int ch = tolower((unsigned char)s[j]);
			v = v * 16 +
			    (uint32_t)(isdigit(ch) ? ch - '0' : ch - 'a' + 10);
		}
		if (n <= max)
			out[n] = v;
		n++;
		if (j > i)
			keep = n;
		if (j >= len)
			break;
		i = j + 1;
	}
	return keep;
}

/* IPAddr#in6_addr. Returns 0 or -1 with err_set(). */
static int in6_addr(u128 *out, struct arena *a, const char *s, size_t len)
{
	struct regex_hit h = REGEX_HIT_INIT;
	const char *left, *right;
	size_t llen, rlen;
	char *rbuf = NULL;
	uint32_t v4 = 0;
	int r = ip_rx(&h, a, re_v6_full, REGEX_ICASE, s, len);
	if (r < 0)
		goto fail;
	if (r > 0) {
		if (grp(&h, 2)) {
			if (in_addr(&v4, s, &h, 2) < 0)
				goto fail;
			llen = h.ov[3] - h.ov[2] + 1; /* $1 + ':' */
			left = arena_strfmt(a, "%.*s:", (int)(llen - 1),
					    s + h.ov[2]);
		} else {
			left = s;
			llen = len;
		}
		right = "";
		rlen = 0;
	} else {
		regex_hit_release(&h);
		r = ip_rx(&h, a, re_v6_comp, REGEX_ICASE, s, len);
		if (r < 0)
			goto fail;
		if (!r) {
			err_set("invalid address: ");
			goto fail;
		}
		size_t ncolon = count_ch(s, len, ':');
		size_t l1 = h.ov[3] - h.ov[2];
		size_t l2 = grp(&h, 2) ? h.ov[5] - h.ov[4] : 0;
		if (grp(&h, 4)) {
			if (ncolon > 6) {
				err_set("invalid address: ");
				goto fail;
			}
			if (in_addr(&v4, s, &h, 4) < 0)
				goto fail;
			left = s + h.ov[2];
			llen = l1;
			size_t l3 = h.ov[7] - h.ov[6];
			rbuf = arena_strfmt(a, "%.*s0:0", (int)l3, s + h.ov[6]);
			right = rbuf;
			rlen = strlen(rbuf);
		} else {
			if (ncolon > (size_t)(!l1 || !l2 ? 8 : 7)) {
				err_set("invalid address: ");
				goto fail;
			}
			left = s + h.ov[2];
			llen = l1;
			right = grp(&h, 2) ? s + h.ov[4] : "";
			rlen = l2;
		}
	}
	regex_hit_release(&h);
	uint32_t lg[9], rg[9];
	size_t nl = hex_groups(lg, 8, left, llen),
	       nr = hex_groups(rg, 8, right, rlen);
	if (nl + nr > 8)
		return err_set("invalid address: ");
	u128 v = 0;
	for (size_t i = 0; i < nl; i++)
		v = v << 16 | lg[i];
	for (size_t i = nl + nr; i < 8; i++)
		v <<= 16;
	for (size_t i = 0; i < nr; i++)
		v = v << 16 | rg[i];
	*out = v | v4;
	return 0;
fail:
	regex_hit_release(&h);
	return -1;
}

static int ip_parse(struct ipaddr *ip, struct arena *a, const char *s,
		    size_t len, const char **zone_out);

/* IPAddr#mask! with the text after '/'. */
static int ip_mask(struct ipaddr *ip, struct arena *a, const char *m,
		   size_t len)
{
	bool digits = len > 0;
	for (size_t i = 0; i < len; i++)
		digits = digits && isdigit((unsigned char)m[i]);
	struct buf num = BUF_INIT;
	int rc = 0;
	int bits = ip->family == 4 ? 32 : 128;
	if (digits && (m[0] != '0' || len == 1)) {
		long pl = len > 4 ? 1000 : strtol(m, NULL, 10);
		if (pl < 0 || pl > bits) {
			u128_dec(&num, ip->addr);
			rc = err_set("invalid length: %s", num.ptr);
			goto out;
		}
		int masklen = bits - (int)pl;
		u128 full = family_mask(ip->family);
		ip->mask = masklen >= 128 ? 0 : (full >> masklen) << masklen;
		ip->mask &= full;
		ip->addr =
			masklen >= 128 ? 0 : (ip->addr >> masklen) << masklen;
	} else if (digits) {
		rc = err_set("leading zeros in prefix");
	} else {
		struct ipaddr mk;
		if ((rc = ip_parse(&mk, a, m, len, NULL)) < 0)
			goto out;
		u128_dec(&num, ip->addr);
		if (mk.family != ip->family) {
			rc = err_set("address family is not same: %s", num.ptr);
			goto out;
		}
		u128 n = mk.addr ^ mk.mask;
		if (((n + 1) & n) != 0) {
			rc = err_set("invalid mask %.*s: %s", (int)len, m,
				     num.ptr);
			goto out;
		}
		ip->mask = mk.addr;
		ip->addr &= ip->mask;
	}
out:
	buf_release(&num);
	return rc;
}

/*
 * IPAddr.new(s): "a.b.c.d", IPv6 (compressed, with an IPv4 tail, in
 * [brackets], with a %zone), each optionally followed by /prefixlen or
 * /mask. *zone_out (when not NULL) gets the zone or NULL. Returns 0 or -1
 * with err_set() and Ruby's message.
 */
static int ip_parse(struct ipaddr *ip, struct arena *a, const char *s,
		    size_t len, const char **zone_out)
{
	const char *slash = memchr(s, '/', len);
	size_t plen = slash ? (size_t)(slash - s) : len;
	const char *p = s;
	bool v6_only = false;
	if (zone_out)
		*zone_out = NULL;
	if (plen >= 2 && p[0] == '[' && p[plen - 1] == ']') {
		p++;
		plen -= 2;
		v6_only = true;
	}
	/* /\A(.*)(%\w+)\z/: the last '%' followed by word characters */
	for (size_t i = plen; i-- > 0;) {
		if (p[i] != '%')
			continue;
		bool word = i + 1 < plen;
		for (size_t k = i + 1; k < plen; k++)
			word = word &&
			       (isalnum((unsigned char)p[k]) || p[k] == '_');
		if (word) {
			if (zone_out)
				*zone_out = arena_memdupz(a, p + i, plen - i);
			plen = i;
			v6_only = true;
		}
		break;
	}
	ip->family = 0;
	if (!v6_only) {
		struct regex_hit h = REGEX_HIT_INIT;
		int r = ip_rx(&h, a, re_v4, 0, p, plen);
		uint32_t v4 = 0;
		if (r > 0 && in_addr(&v4, p, &h, 1) < 0)
			r = -1;
		regex_hit_release(&h);
		if (r < 0)
			return -1;
		if (r > 0) {
			ip->family = 4;
			ip->addr = v4;
		}
	}
	if (!ip->family) {
		u128 v = 0;
		if (in6_addr(&v, a, p, plen) < 0)
			return -1;
		ip->family = 6;
		ip->addr = v;
	}
	ip->mask = family_mask(ip->family);
	if (slash)
		return ip_mask(ip, a, slash + 1, (size_t)(s + len - slash - 1));
	return 0;
}

/* IPAddr.new(v) for any value: non-strings need an address family. */
static int ip_value(struct ipaddr *ip, struct fn_call *c, const struct value *v,
		    const char **zone)
{
	if (v->kind != VAL_STRING)
		return err_set("address family must be specified");
	return ip_parse(ip, c->arena, v->u.s.ptr, v->u.s.len, zone);
}

static bool ip_include(const struct ipaddr *range, const struct ipaddr *ip)
{
	if (range->family != ip->family)
		return false;
	u128 full = family_mask(range->family);
	u128 rb = range->addr, re = range->addr | (~range->mask & full);
	u128 ob = ip->addr, oe = ip->addr | (~ip->mask & full);
	return rb <= ob && re >= oe;
}

static int f_ip_in_range(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"ipaddress", "String", false},
		{"range", "Variant[String, Array]", false},
	};
	if (stdlib3_check(c, ps, ARRAY_SIZE(ps)) < 0)
		return -1;
	struct ipaddr ip, r;
	if (ip_value(&ip, c, c->args[0], NULL) < 0)
		return fn_error(c, "%s", err_last());
	struct value *range = c->args[1];
	if (range->kind == VAL_STRING) {
		if (ip_value(&r, c, range, NULL) < 0)
			return fn_error(c, "%s", err_last());
		*out = val_bool(ip_include(&r, &ip));
		return 0;
	}
	struct ipaddr *rs =
		arena_alloc(c->arena, (range->u.arr.n + 1) * sizeof(*rs));
	for (size_t i = 0; i < range->u.arr.n; i++)
		if (ip_value(&rs[i], c, range->u.arr.v[i], NULL) < 0)
			return fn_error(c, "%s", err_last());
	bool hit = false;
	for (size_t i = 0; i < range->u.arr.n && !hit; i++)
		hit = ip_include(&rs[i], &ip);
	*out = val_bool(hit);
	return 0;
}

/* IPAddr#to_s of an IPv6 address: groups without leading zeros, the
 * longest run of zero groups (leftmost, at least two) as "::", and
 * "::a.b.c.d" / "::ffff:a.b.c.d" for what looks IPv4-compatible. */
static void ip6_to_s(struct buf *out, u128 addr, const char *zone)
{
	unsigned g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (unsigned)(addr >> (112 - 16 * i)) & 0xffff;
	int best = 0, at = -1;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && !g[j])
			j++;
		if (j - i > best) {
			best = j - i;
			at = i;
		}
		i = j > i ? j : i + 1;
	}
	size_t start = out->len;
	if (best >= 2) {
		for (int i = 0; i < at; i++)
			buf_addf(out, i ? ":%x" : "%x", g[i]);
		buf_addstr(out, "::");
		for (int i = at + best; i < 8; i++)
			buf_addf(out, i > at + best ? ":%x" : "%x", g[i]);
	} else {
		for (int i = 0; i < 8; i++)
			buf_addf(out, i ? ":%x" : "%x", g[i]);
	}
	if (zone) {
		buf_addstr(out, zone);
		return;
	}
	/* /\A::(ffff:)?([\da-f]{1,4}):([\da-f]{1,4})\z/ */
	if (best >= 2 && at == 0 &&
	    ((best == 6) || (best == 5 && g[5] == 0xffff))) {
		buf_setlen(out, start);
		buf_addf(out, "::%s%u.%u.%u.%u", best == 5 ? "ffff:" : "",
			 g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff);
	}
}

static void push_unique(struct arena *a, struct value *arr, struct value *v)
{
	for (size_t i = 0; i < arr->u.arr.n; i++)
		if (val_identical(arr->u.arr.v[i], v))
			return;
	val_array_push(a, arr, v);
}

static void flatten_compact(struct arena *a, struct value *out, struct value *v)
{
	if (v->kind == VAL_ARRAY) {
		for (size_t i = 0; i < v->u.arr.n; i++)
			flatten_compact(a, out, v->u.arr.v[i]);
	} else if (v->kind != VAL_UNDEF) {
		val_array_push(a, out, v);
	}
}

static int f_enclose_ipv6(struct value **out, struct fn_call *c)
{
	if (c->nargs != 1)
		return fn_error(
			c,
			"enclose_ipv6(): Wrong number of arguments given %zu for 1",
			c->nargs);
	struct value *arg = fnarg_arg3(c, 0);
	if (arg->kind != VAL_STRING && arg->kind != VAL_ARRAY)
		return fn_error(
			c,
			"enclose_ipv6(): Wrong argument type given %s expected String or Array",
			fnarg_ruby_class(arg));
	struct value *in = val_array(c->arena, 4),
		     *res = val_array(c->arena, 4);
	flatten_compact(c->arena, in, arg);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < in->u.arr.n; i++) {
		struct value *v = in->u.arr.v[i];
		if (!val_is_str(v, "*")) {
			struct ipaddr ip;
			const char *zone;
			if (ip_value(&ip, c, v, &zone) < 0) {
				buf_reset(&b);
				fnarg_ruby3_s(&b, v);
				fn_error(
					c,
					"enclose_ipv6(): Wrong argument given %s is not an ip address.",
					b.ptr);
				buf_release(&b);
				return -1;
			}
			if (ip.family == 6) {
				buf_reset(&b);
				buf_addch(&b, '[');
				ip6_to_s(&b, ip.addr, zone);
				buf_addch(&b, ']');
				v = val_str(c->arena, b.ptr, b.len);
			}
		}
		push_unique(c->arena, res, v);
	}
	buf_release(&b);
	*out = res;
	return 0;
}

/* has_interface_with(kind, value) / (interface) from the flat facts */
static int interface_with(struct value **out, struct fn_call *c,
			  struct value *kind, struct value *value)
{
	*out = val_bool(false);
	struct value *ifs = fnarg_topvar(c, "interfaces");
	if (!ifs)
		return 0;
	struct buf s = BUF_INIT, name = BUF_INIT;
	fnarg_ruby3_s(&s, ifs);
	bool hit = false;
	if (!kind) {
		for (const char *p = s.ptr; *p && !hit;) {
			const char *q = strchr(p, ',');
			size_t len = q ? (size_t)(q - p) : strlen(p);
			hit = value->kind == VAL_STRING &&
			      value->u.s.len == len &&
			      !memcmp(p, value->u.s.ptr, len);
			p = q ? q + 1 : p + len;
		}
		goto out;
	}
	buf_reset(&name);
	fnarg_ruby3_s(&name, kind);
	struct value *fv =
		c->ctx ? scope_find(c->ctx, c->ctx->call_scope, name.ptr)
		       : NULL;
	if (fv && fv->kind != VAL_UNDEF && fnarg_ruby_eq(fv, value)) {
		hit = true;
		goto out;
	}
	for (const char *p = s.ptr; *p && !hit;) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		buf_reset(&name);
		fnarg_ruby3_s(&name, kind);
		buf_addch(&name, '_');
		for (size_t k = 0; k < len; k++)
			buf_addch(&name, tolower((unsigned char)p[k]));
		fv = scope_find(c->ctx, c->ctx->call_scope, name.ptr);
		hit = fv && fv->kind != VAL_UNDEF && fnarg_ruby_eq(value, fv);
		p = q ? q + 1 : p + len;
	}
out:
	buf_release(&s);
	buf_release(&name);
	*out = val_bool(hit);
	return 0;
}

static int f_has_interface_with(struct value **out, struct fn_call *c)
{
	if (c->nargs < 1 || c->nargs > 2)
		return stdlib3_arity(c, "1 or 2");
	if (c->nargs == 1)
		return interface_with(out, c, NULL, fnarg_arg3(c, 0));
	return interface_with(out, c, fnarg_arg3(c, 0), fnarg_arg3(c, 1));
}

static int f_has_ip(struct value **out, struct fn_call *c)
{
	if (c->nargs != 1)
		return stdlib3_arity(c, "1");
	bool net = !strcmp(c->name, "has_ip_network");
	return interface_with(out, c,
			      val_strz(c->arena, net ? "network" : "ipaddress"),
			      fnarg_arg3(c, 0));
}

/* ---- argument counts of stdlib's 3.x functions ---- */

/*
 * stdlib's 3.x functions check their number of arguments themselves (or
 * Puppet does, from the `arity` they declare), each with its own words,
 * and many simply ignore arguments they do not use. The older tables give
 * these functions the evaluator's generic limits; the entries here wrap
 * them: outside [min, max] they fail with the function's message (%N is
 * the count), and extra arguments that Ruby would ignore are dropped
 * before the older implementation runs (many == NULL).
 */
struct arity3 {
	const char *name;
	int min, max; /* what the function accepts; -1: no limit */
	const char *few, *many;
};

#define WNA "(): Wrong number of arguments given "

static const struct arity3 arity3[] = {
	{"any2bool", 1, -1, "any2bool" WNA "(%N for 1)", NULL},
	{"base64", 2, -1,
	 "base64(): Wrong number of arguments (%N; must be >= 2)", NULL},
	{"basename", 1, 2, "basename(): No arguments given",
	 "basename(): Too many arguments given (%N)"},
	{"bool2num", 1, -1, "bool2num" WNA "(%N for 1)", NULL},
	{"bool2str", 1, 3, "bool2str" WNA "(%N for 3)",
	 "bool2str" WNA "(%N for 3)"},
	{"clamp", 1, -1, "clamp" WNA "(%N for minimum 1)", NULL},
	{"concat", 1, -1, "concat" WNA "(%N for < 2)", NULL},
	{"convert_base", 2, 2, "convert_base" WNA "(%N for 2)",
	 "convert_base" WNA "(%N for 2)"},
	{"count", 1, 2, "count" WNA "(%N for minimum 1)",
	 "count" WNA "%N for 1 or 2."},
	{"delete", 2, 2, "delete" WNA "%N for 2", "delete" WNA "%N for 2"},
	{"delete_at", 2, -1, "delete_at" WNA "(%N for 2)", NULL},
	{"delete_regex", 2, 2, "delete_regex" WNA "%N for 2",
	 "delete_regex" WNA "%N for 2"},
	{"delete_undef_values", 1, -1, "delete_undef_values" WNA "(%N)", NULL},
	{"delete_values", 2, 2, "delete_values" WNA "(%N of 2)",
	 "delete_values" WNA "(%N of 2)"},
	{"difference", 2, 2, "difference" WNA "(%N for 2)",
	 "difference" WNA "(%N for 2)"},
	{"dig44", 1, -1, "dig44" WNA "(%N for minimum 1)", NULL},
	{"dirname", 1, 1, "dirname(): No arguments given",
	 "dirname(): Too many arguments given (%N)"},
	{"dos2unix", 1, 1, "dos2unix" WNA "(%N for 1)",
	 "dos2unix" WNA "(%N for 1)"},
	{"grep", 2, 2, "grep" WNA "%N for 2", "grep" WNA "%N for 2"},
	{"has_key", 2, 2,
	 "has_key(): wrong number of arguments (%N; must be 2)",
	 "has_key(): wrong number of arguments (%N; must be 2)"},
	{"hash", 1, -1, "hash" WNA "(%N for 1)", NULL},
	{"intersection", 2, 2, "intersection" WNA "(%N for 2)",
	 "intersection" WNA "(%N for 2)"},
	{"is_absolute_path", 1, 1, "is_absolute_path" WNA "(%N for 1)",
	 "is_absolute_path" WNA "(%N for 1)"},
	{"is_array", 1, -1, "is_array" WNA "(%N for 1)", NULL},
	{"is_bool", 1, 1, "is_bool" WNA "(%N for 1)",
	 "is_bool" WNA "(%N for 1)"},
	{"is_domain_name", 1, 1, "is_domain_name" WNA "%N for 1",
	 "is_domain_name" WNA "%N for 1"},
	{"is_email_address", 1, 1, "is_email_address" WNA "%N for 1",
	 "is_email_address" WNA "%N for 1"},
	{"is_float", 1, 1, "is_float" WNA "%N for 1",
	 "is_float" WNA "%N for 1"},
	{"is_function_available", 1, 1, "is_function_available?" WNA "%N for 1",
	 "is_function_available?" WNA "%N for 1"},
	{"is_hash", 1, 1, "is_hash" WNA "(%N for 1)",
	 "is_hash" WNA "(%N for 1)"},
	{"is_integer", 1, 1, "is_integer" WNA "%N for 1",
	 "is_integer" WNA "%N for 1"},
	{"is_ip_address", 1, 1, "is_ip_address" WNA "%N for 1",
	 "is_ip_address" WNA "%N for 1"},
	{"is_ipv4_address", 1, 1, "is_ipv4_address" WNA "%N for 1",
	 "is_ipv4_address" WNA "%N for 1"},
	{"is_ipv6_address", 1, 1, "is_ipv6_address" WNA "%N for 1",
	 "is_ipv6_address" WNA "%N for 1"},
	{"is_mac_address", 1, 1, "is_mac_address" WNA "%N for 1",
	 "is_mac_address" WNA "%N for 1"},
	{"is_numeric", 1, 1, "is_numeric" WNA "%N for 1",
	 "is_numeric" WNA "%N for 1"},
	{"is_string", 1, -1, "is_string" WNA "(%N for 1)", NULL},
	{"join_keys_to_values", 2, 2,
	 "join_keys_to_values(): Takes exactly two arguments, but %N given.",
	 "join_keys_to_values(): Takes exactly two arguments, but %N given."},
	{"max", 1, -1, "max(): Wrong number of arguments need at least one",
	 NULL},
	{"member", 2, -1, "member" WNA "(%N for 2)", NULL},
	{"min", 1, -1, "min(): Wrong number of arguments need at least one",
	 NULL},
	{"num2bool", 1, 1, "num2bool" WNA "(%N for 1)",
	 "num2bool" WNA "(%N for 1)"},
	{"parsejson", 1, -1,
	 "Wrong number of arguments. 1 or 2 arguments should be provided.",
	 NULL},
	{"parseyaml", 1, -1,
	 "Wrong number of arguments. 1 or 2 arguments should be provided.",
	 NULL},
	{"prefix", 1, -1, "prefix" WNA "(%N for 1)", NULL},
	{"range", 1, -1, "range" WNA "(%N for 1)", NULL},
	{"regexpescape", 1, -1, "regexpescape" WNA "(%N for 1)", NULL},
	{"reverse", 1, -1, "reverse" WNA "(%N for 1)", NULL},
	{"shell_join", 1, 1, "shell_join" WNA "(%N for 1)",
	 "shell_join" WNA "(%N for 1)"},
	{"squeeze", 1, 2, "squeeze" WNA "%N for 2 or 1",
	 "squeeze" WNA "%N for 2 or 1"},
	{"str2bool", 1, -1, "str2bool" WNA "(%N for 1)", NULL},
	{"suffix", 1, -1, "suffix" WNA "(%N for 1)", NULL},
	{"swapcase", 1, -1, "swapcase" WNA "(%N for 1)", NULL},
	{"to_bytes", 1, 1, "to_bytes" WNA "(%N for 1)",
	 "to_bytes" WNA "(%N for 1)"},
	{"type3x", 1, 1, "type3x" WNA "(%N for 1)", "type3x" WNA "(%N for 1)"},
	{"union", 1, -1, "union" WNA "(%N for < 2)", NULL},
	{"unix2dos", 1, 1, "unix2dos" WNA "(%N for 1)",
	 "unix2dos" WNA "(%N for 1)"},
	{"uriescape", 1, -1, "uriescape" WNA "(%N for 1)", NULL},
	{"values_at", 2, -1, "values_at" WNA "(%N for 2)", NULL},
	{"zip", 2, -1, "zip" WNA "(%N for 2)", NULL},
};

const struct fn_def *stdlib3_older(const char *name)
{
	const struct fn_def *tables[] = {
		fn_core_table,	 fn_string_table,  fn_coll_table,
		fn_stdlib_table, fn_stdlib2_table, fn_module_table,
	};
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
		for (const struct fn_def *d = tables[t]; d->name; d++)
			if (!strcmp(d->name, name))
				return d;
	return NULL;
}

static int arity_msg(struct fn_call *c, const char *tmpl)
{
	struct buf b = BUF_INIT;
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && p[1] == 'N') {
			buf_addf(&b, "%zu", c->nargs);
			p++;
		} else {
			buf_addch(&b, *p);
		}
	}
	fn_error(c, "%s", b.ptr);
	buf_release(&b);
	return -1;
}

static int f_arity3(struct value **out, struct fn_call *c)
{
	const char *name =
		c->name[0] == ':' && c->name[1] == ':' ? c->name + 2 : c->name;
	const struct arity3 *a = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(arity3) && !a; i++)
		if (!strcmp(arity3[i].name, name))
			a = &arity3[i];
	const struct fn_def *d = stdlib3_older(name);
	if (!a || !d)
		BUG("no older implementation of '%s'", name);
	if ((int)c->nargs < a->min)
		return arity_msg(c, a->few);
	if (a->max >= 0 && (int)c->nargs > a->max && a->many)
		return arity_msg(c, a->many);
	if (!strcmp(name, "is_mac_address") && c->args[0]->kind != VAL_STRING &&
	    c->args[0]->kind != VAL_UNDEF) {
		const struct value *v = c->args[0];
		return fn_error(c, "no implicit conversion of %s into String",
				v->kind == VAL_BOOL
					? (v->u.b ? "true" : "false")
					: fnarg_ruby_class(v));
	}
	/* what Ruby ignores goes; what the older entry cannot take fails as
	 * the evaluator would have failed it */
	struct fn_call c2 = *c;
	if (d->max_args != FN_ANY && (int)c2.nargs > d->max_args)
		c2.nargs = (size_t)d->max_args;
	if ((int)c2.nargs < d->min_args)
		return fn_error(
			c, "'%s' expects at least %d argument%s, got %zu", name,
			d->min_args, d->min_args == 1 ? "" : "s", c->nargs);
	return d->impl(out, &c2);
}

const struct fn_def fn_stdlib3_table[] = {
	{"any2bool", f_arity3, 0, FN_ANY, 0},
	{"base64", f_arity3, 0, FN_ANY, 0},
	{"basename", f_arity3, 0, FN_ANY, 0},
	{"bool2num", f_arity3, 0, FN_ANY, 0},
	{"bool2str", f_arity3, 0, FN_ANY, 0},
	{"clamp", f_arity3, 0, FN_ANY, 0},
	{"concat", f_arity3, 0, FN_ANY, 0},
	{"convert_base", f_arity3, 0, FN_ANY, 0},
	{"count", f_arity3, 0, FN_ANY, 0},
	{"delete", f_arity3, 0, FN_ANY, 0},
	{"delete_at", f_arity3, 0, FN_ANY, 0},
	{"delete_regex", f_arity3, 0, FN_ANY, 0},
	{"delete_undef_values", f_arity3, 0, FN_ANY, 0},
	{"delete_values", f_arity3, 0, FN_ANY, 0},
	{"difference", f_arity3, 0, FN_ANY, 0},
	{"dig44", f_arity3, 0, FN_ANY, 0},
	{"dirname", f_arity3, 0, FN_ANY, 0},
	{"dos2unix", f_arity3, 0, FN_ANY, 0},
	{"enclose_ipv6", f_enclose_ipv6, 0, FN_ANY, 0},
	{"fact", f_fact, 1, 1, 0},
	{"grep", f_arity3, 0, FN_ANY, 0},
	{"has_interface_with", f_has_interface_with, 0, FN_ANY, 0},
	{"has_ip_address", f_has_ip, 0, FN_ANY, 0},
	{"has_ip_network", f_has_ip, 0, FN_ANY, 0},
	{"has_key", f_arity3, 0, FN_ANY, 0},
	{"hash", f_arity3, 0, FN_ANY, 0},
	{"intersection", f_arity3, 0, FN_ANY, 0},
	{"is_a", f_is_a, 2, 2, 0},
	{"is_absolute_path", f_arity3, 0, FN_ANY, 0},
	{"is_array", f_arity3, 0, FN_ANY, 0},
	{"is_bool", f_arity3, 0, FN_ANY, 0},
	{"is_domain_name", f_arity3, 0, FN_ANY, 0},
	{"is_email_address", f_arity3, 0, FN_ANY, 0},
	{"is_float", f_arity3, 0, FN_ANY, 0},
	{"is_function_available", f_arity3, 0, FN_ANY, 0},
	{"is_hash", f_arity3, 0, FN_ANY, 0},
	{"is_integer", f_arity3, 0, FN_ANY, 0},
	{"is_ip_address", f_arity3, 0, FN_ANY, 0},
	{"is_ipv4_address", f_arity3, 0, FN_ANY, 0},
	{"is_ipv6_address", f_arity3, 0, FN_ANY, 0},
	{"is_mac_address", f_arity3, 0, FN_ANY, 0},
	{"is_numeric", f_arity3, 0, FN_ANY, 0},
	{"is_string", f_arity3, 0, FN_ANY, 0},
	{"join_keys_to_values", f_arity3, 0, FN_ANY, 0},
	{"max", f_arity3, 0, FN_ANY, 0},
	{"member", f_arity3, 0, FN_ANY, 0},
	{"min", f_arity3, 0, FN_ANY, 0},
	{"num2bool", f_arity3, 0, FN_ANY, 0},
	{"os_version_gte", f_os_version_gte, 2, 2, 0},
	{"parsejson", f_arity3, 0, FN_ANY, 0},
	{"parseyaml", f_arity3, 0, FN_ANY, 0},
	{"prefix", f_arity3, 0, FN_ANY, 0},
	{"range", f_arity3, 0, FN_ANY, 0},
	{"regexpescape", f_arity3, 0, FN_ANY, 0},
	{"reverse", f_arity3, 0, FN_ANY, 0},
	{"shell_join", f_arity3, 0, FN_ANY, 0},
	{"shell_split", f_shell_split, 0, FN_ANY, 0},
	{"sprintf_hash", f_sprintf_hash, 2, 2, 0},
	{"squeeze", f_arity3, 0, FN_ANY, 0},
	{"stdlib::end_with", f_start_end_with, 2, 2, 0},
	{"stdlib::extname", f_extname, 1, 1, 0},
	{"stdlib::ip_in_range", f_ip_in_range, 2, 2, 0},
	{"stdlib::start_with", f_start_end_with, 2, 2, 0},
	{"stdlib::xml_encode", f_xml_encode, 1, 2, 0},
	{"str2bool", f_arity3, 0, FN_ANY, 0},
	{"suffix", f_arity3, 0, FN_ANY, 0},
	{"swapcase", f_arity3, 0, FN_ANY, 0},
	{"to_bytes", f_arity3, 0, FN_ANY, 0},
	{"type3x", f_arity3, 0, FN_ANY, 0},
	{"type_of", f_type_of, 1, 1, 0},
	{"union", f_arity3, 0, FN_ANY, 0},
	{"unix2dos", f_arity3, 0, FN_ANY, 0},
	{"uriescape", f_arity3, 0, FN_ANY, 0},
	{"values_at", f_arity3, 0, FN_ANY, 0},
	{"zip", f_arity3, 0, FN_ANY, 0},
	{NULL, NULL, 0, 0, 0},
};
