/* SPDX-License-Identifier: MIT */
/* regex.c: Puppet's (Ruby's) regular expressions on top of PCRE2 */
#include "util/compat.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lang/regex.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/* PCRE2 allocates compiled patterns through the arena: nothing to free. */
static void *arena_malloc(size_t size, void *payload)
{
	return arena_alloc(payload, size);
}

static void arena_free(void *p, void *payload)
{
	(void)p;
	(void)payload;
}

/* Length of the UTF-8 character at s[i] (1 for an invalid byte). */
static size_t clen(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 :
		   c >= 0xc0 ? 2 : 1;
	if (i + n > len)
		return 1;
	for (size_t k = 1; k < n; k++)
		if (((unsigned char)s[i + k] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * Rewrites Ruby syntax that PCRE2 reads differently (see regex.h). Escapes
 * are copied whole, so a rewrite never fires inside one.
 */
static void translate(struct buf *out, bool *named, const char *s,
		      size_t len)
{
	int depth = 0; /* nesting of [ ] */
	*named = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < len) {
			char e = s[++i];
			if (e == 'h')
				buf_addstr(out, depth ? "0-9a-fA-F" : "[0-9a-fA-F]");
			else if (e == 'H' && !depth)
				buf_addstr(out, "[^0-9a-fA-F]");
			else {
				buf_addch(out, '\\');
				buf_addch(out, e);
			}
			continue;
		}
		if (c == '[') {
			depth++;
			buf_addch(out, c);
			/* a ']' right after '[' or '[^' is a literal */
			if (i + 1 < len && s[i + 1] == '^')
				buf_addch(out, s[++i]);
			continue;
		}
		if (c == ']' && depth) {
			depth--;
			buf_addch(out, c);
			continue;
		}
		if (depth) {
			buf_addch(out, c);
			continue;
		}
		if (c == '(' && i + 3 < len && s[i + 1] == '?' &&
		    ((s[i + 2] == '<' && s[i + 3] != '=' && s[i + 3] != '!') ||
		     s[i + 2] == '\'' || s[i + 2] == 'P'))
			*named = true;
		if (c == '(' && i + 2 < len && s[i + 1] == '?') {
			/* (?imx-imx) and (?imx-imx: ...): Ruby's m is dotall */
			size_t j = i + 2;
			while (j < len && strchr("imx-", s[j]) && s[j])
				j++;
			if (j > i + 2 && j < len &&
			    (s[j] == ')' || s[j] == ':')) {
				buf_addstr(out, "(?");
				for (size_t k = i + 2; k < j; k++)
					buf_addch(out,
						  s[k] == 'm' ? 's' : s[k]);
				i = j - 1;
				continue;
			}
		}
		if (c == '{' && i + 1 < len && s[i + 1] == ',') {
			size_t j = i + 2;
			while (j < len && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j > i + 2 && j < len && s[j] == '}') {
				buf_addstr(out, "{0");
				continue;
			}
		}
		buf_addch(out, c);
	}
}

/* Onigmo's words for the mistakes people make most */
static const char *ruby_error(int errcode)
{
	switch (errcode) {
	case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS:
		return "end pattern with unmatched parenthesis";
	case PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS:
		return "unmatched close parenthesis";
	case PCRE2_ERROR_MISSING_SQUARE_BRACKET:
		return "premature end of char-class";
	case PCRE2_ERROR_QUANTIFIER_INVALID:
		return "target of repeat operator is not specified";
	case PCRE2_ERROR_END_BACKSLASH:
		return "too short escape sequence";
	case PCRE2_ERROR_CLASS_RANGE_ORDER:
		return "empty range in char class";
	case PCRE2_ERROR_QUANTIFIER_OUT_OF_ORDER:
		return "upper is smaller than lower in repeat range";
	default:
		return NULL;
	}
}

static int compile(void **code_out, struct arena *a, const char *src,
		   size_t len, unsigned flags, struct buf *why)
{
	struct buf pat = BUF_INIT;
	bool named;
	translate(&pat, &named, src, len);
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE;
	/* Ruby: once a group has a name, plain ( ) groups do not capture */
	if (named)
		opts |= PCRE2_NO_AUTO_CAPTURE;
	if (flags & REGEX_ICASE)
		opts |= PCRE2_CASELESS;
	if (flags & REGEX_EXTENDED)
		opts |= PCRE2_EXTENDED;
	if (flags & REGEX_DOTALL)
		opts |= PCRE2_DOTALL;

	pcre2_general_context *gc = NULL;
	pcre2_compile_context *cc = NULL;
	if (a) {
		gc = pcre2_general_context_create(arena_malloc, arena_free, a);
		cc = pcre2_compile_context_create(gc);
	}
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat.ptr, pat.len, opts,
					 &errcode, &erroff, cc);
	buf_release(&pat);
	if (!code) {
		const char *ruby = ruby_error(errcode);
		if (ruby) {
			buf_addstr(why, ruby);
		} else {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(errcode, msg, sizeof(msg));
			buf_addf(why, "%s at offset %zu", (const char *)msg,
				 (size_t)erroff);
		}
		return -1;
	}
	if (!a)
		pcre2_code_free(code);
	else
		*code_out = code;
	return 0;
}

int regex_compile_src(void **code_out, struct arena *a, const char *src,
		      size_t len, unsigned flags)
{
	struct buf why = BUF_INIT;
	if (compile(code_out, a, src, len, flags, &why) < 0) {
		err_set("%s: /%.*s/", why.ptr, (int)len, src);
		buf_release(&why);
		return -1;
	}
	return 0;
}

int regex_compile(struct arena *a, struct value *re)
{
	if (re->u.re.code)
		return 0;
	return regex_compile_src(&re->u.re.code, a, re->u.re.src,
				 strlen(re->u.re.src), 0);
}

int regex_compile_check(const char *src, struct buf *err)
{
	return compile(NULL, NULL, src, strlen(src), 0, err);
}

void regex_hit_release(struct regex_hit *h)
{
	pcre2_match_data_free(h->md);
	h->md = NULL;
	h->code = NULL;
	h->ov = NULL;
	h->ngroups = 0;
}

int regex_search(struct regex_hit *h, void *code, const char *s, size_t len,
		 size_t start, unsigned opts)
{
	if (h->code != code) {
		pcre2_match_data_free(h->md);
		h->md = pcre2_match_data_create_from_pattern(code, NULL);
		h->code = code;
	}
	uint32_t o = 0;
	if (opts & REGEX_ANCHORED)
		o |= PCRE2_ANCHORED;
	if (opts & REGEX_NOTEMPTY_ATSTART)
		o |= PCRE2_NOTEMPTY_ATSTART;
	int rc = pcre2_match(code, (PCRE2_SPTR)(s ? s : ""), len, start, o,
			     h->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		return err_set("regular expression match failed: %s",
			       (const char *)msg);
	}
	h->ngroups = pcre2_get_ovector_count(h->md);
	h->ov = pcre2_get_ovector_pointer(h->md);
	/* groups beyond rc did not take part; PCRE2 marks them unset */
	return 1;
}

int regex_group_number(void *code, const char *name, size_t len)
{
	struct buf n = BUF_INIT;
	buf_add(&n, name, len);
	int num = pcre2_substring_number_from_name(code, (PCRE2_SPTR)n.ptr);
	buf_release(&n);
	return num < 0 ? -1 : num;
}

int regex_match(struct arena *a, struct value *re, const char *s, size_t len,
		struct value **captures_out)
{
	if (regex_compile(a, re) < 0)
		return -1;
	struct regex_hit h = REGEX_HIT_INIT;
	int rc = regex_search(&h, re->u.re.code, s, len, 0, 0);
	if (rc == 1 && captures_out) {
		struct value *caps = val_array(a, h.ngroups);
		for (size_t g = 0; g < h.ngroups; g++) {
			size_t b = h.ov[2 * g], e = h.ov[2 * g + 1];
			if (b == REGEX_UNSET)
				val_array_push(a, caps, val_undef());
			else
				val_array_push(a, caps,
					       val_str(a, s + b, e - b));
		}
		*captures_out = caps;
	}
	regex_hit_release(&h);
	return rc;
}

/*
 * Ruby's rb_str_split_m for a regexp and no limit. `beg` is where the next
 * piece starts, `start` where the next search starts. An empty match at
 * the search start does not split there: the search moves one character
 * on, and a second empty match in a row emits the character skipped.
 */
int regex_split(struct value **out, struct arena *a, void *code,
		const char *s, size_t len)
{
	struct value *r = val_array(a, 4);
	struct regex_hit h = REGEX_HIT_INIT;
	size_t beg = 0, start = 0;
	bool last_null = false;
	int rc = 0;

	while (start <= len &&
	       (rc = regex_search(&h, code, s, len, start, 0)) == 1) {
		size_t mb = h.ov[0], me = h.ov[1];
		if (start == mb && mb == me) {
			if (!len) {
				val_array_push(a, r, val_str(a, "", 0));
				break;
			} else if (last_null) {
				size_t n = clen(s, len, beg);
				val_array_push(a, r, val_str(a, s + beg, n));
				beg = start;
			} else {
				start += start == len ? 1 : clen(s, len, start);
				last_null = true;
				continue;
			}
		} else {
			val_array_push(a, r, val_str(a, s + beg, mb - beg));
			beg = start = me;
		}
		last_null = false;
		for (size_t g = 1; g < h.ngroups; g++) {
			size_t b = h.ov[2 * g], e = h.ov[2 * g + 1];
			if (b == REGEX_UNSET)
				continue;
			val_array_push(a, r, val_str(a, s + b, e - b));
		}
	}
	regex_hit_release(&h);
	if (rc < 0)
		return -1;
	if (len > 0 && len > beg)
		val_array_push(a, r, val_str(a, s + beg, len - beg));
	while (r->u.arr.n && !r->u.arr.v[r->u.arr.n - 1]->u.s.len)
		r->u.arr.n--;
	*out = r;
	return 0;
}

static void add_group(struct buf *out, const struct regex_hit *h,
		      const char *s, size_t g)
{
	if (g >= h->ngroups || h->ov[2 * g] == REGEX_UNSET)
		return;
	buf_add(out, s + h->ov[2 * g], h->ov[2 * g + 1] - h->ov[2 * g]);
}

/* Ruby's rb_reg_regsub: expands the escapes of a replacement string. */
static int expand(struct buf *out, const struct regex_hit *h, void *code,
		  const char *s, size_t len, const char *repl, size_t rlen)
{
	/* with named groups, Ruby's \1..\9 refer to nothing */
	uint32_t names = 0;
	pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &names);
	for (size_t i = 0; i < rlen; i++) {
		char c = repl[i];
		if (c != '\\' || i + 1 == rlen) {
			buf_addch(out, c);
			continue;
		}
		char e = repl[++i];
		if (e >= '1' && e <= '9') {
			if (!names)
				add_group(out, h, s, (size_t)(e - '0'));
		} else if (e == '0' || e == '&') {
			add_group(out, h, s, 0);
		} else if (e == '`') {
			buf_add(out, s, h->ov[0]);
		} else if (e == '\'') {
			buf_add(out, s + h->ov[1], len - h->ov[1]);
		} else if (e == '\\') {
			buf_addch(out, '\\');
		} else if (e == 'k' && i + 1 < rlen && repl[i + 1] == '<' &&
			   memchr(repl + i + 2, '>', rlen - i - 2)) {
			const char *name = repl + i + 2;
			const char *end = memchr(name, '>', rlen - i - 2);
			size_t nlen = (size_t)(end - name);
			int g = regex_group_number(code, name, nlen);
			if (g < 0)
				return err_set("undefined group name reference: %.*s",
					       (int)nlen, name);
			add_group(out, h, s, (size_t)g);
			i = (size_t)(end - repl);
		} else {
			buf_addch(out, '\\');
			buf_addch(out, e);
		}
	}
	return 0;
}

/*
 * Ruby's str_gsub: after an empty match the next character is copied and
 * the search resumes after it, so every position is tried once.
 */
int regex_subst(struct buf *out, void *code, const char *s, size_t len,
		const char *repl, size_t rlen, const struct value *map,
		bool global)
{
	struct regex_hit h = REGEX_HIT_INIT;
	size_t pos = 0, copied = 0;
	int rc = 0;

	while (pos <= len &&
	       (rc = regex_search(&h, code, s, len, pos, 0)) == 1) {
		size_t mb = h.ov[0], me = h.ov[1];
		buf_add(out, s + copied, mb - copied);
		if (map) {
			struct value k = { .kind = VAL_STRING };
			k.u.s.ptr = s + mb;
			k.u.s.len = me - mb;
			const struct value *v = val_hash_get(map, &k);
			if (v)
				val_to_s(out, v);
		} else if (expand(out, &h, code, s, len, repl, rlen) < 0) {
			rc = -1;
			break;
		}
		copied = pos = me;
		if (!global)
			break;
		if (mb == me) {
			if (me >= len)
				break;
			size_t n = clen(s, len, me);
			buf_add(out, s + me, n);
			copied = pos = me + n;
		}
	}
	regex_hit_release(&h);
	if (rc < 0)
		return -1;
	if (copied < len)
		buf_add(out, s + copied, len - copied);
	return 0;
}

void regex_escape(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		switch (c) {
		case '\t': buf_addstr(out, "\\t"); break;
		case '\n': buf_addstr(out, "\\n"); break;
		case '\r': buf_addstr(out, "\\r"); break;
		case '\f': buf_addstr(out, "\\f"); break;
		case '\v': buf_addstr(out, "\\v"); break;
		default:
			if (c && strchr(".*?+^$|()[]{}\\-# ", c))
				buf_addch(out, '\\');
			buf_addch(out, c);
		}
	}
}
