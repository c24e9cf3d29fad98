/* SPDX-License-Identifier: MIT */
/* erb_string.c: Ruby's String and Symbol methods for ERB templates */
#include "util/compat.h"
#include "template/erb-internal.h"
#include "lang/regex.h"
#include "util/arena.h"
#include "util/err.h"

/*
 * Strings are UTF-8 and Ruby counts in characters: lengths, indexes,
 * widths and reversal work on characters (an invalid byte counts as one).
 * Case mapping is ASCII only; a string with other characters is refused
 * rather than mapped wrongly. Methods ending in ! change the string in
 * place (erb_str_set) and return nil when nothing changed.
 */

#define ERB_NOMETHOD 3

static int need_str(struct erb_run *r, struct value *v, struct srcloc loc)
{
	if (v->kind == VAL_STRING)
		return 0;
	return erb_error(r, loc, "no implicit conversion of %s into String",
			 v->kind == VAL_UNDEF ? "nil" :
			 erb_class_names[erb_class_of(r, v)]);
}

static struct value *newstr(struct erb_run *r, const char *p, size_t len)
{
	return val_str(r->a, p, len);
}

/* Byte offset of character `ci` (clamped to len). */
static size_t char_off(const char *s, size_t len, size_t ci)
{
	if (erb_is_ascii(s, len))
		return ci < len ? ci : len;
	size_t i = 0;
	while (ci-- && i < len)
		i += erb_utf8_char(s, len, i);
	return i;
}

static size_t nchars(const char *s, size_t len)
{
	return erb_is_ascii(s, len) ? len : erb_utf8_len(s, len);
}

/* ---- case ---- */

static int map_case(struct value **out, struct erb_run *r, struct value *s,
		    int mid, struct srcloc loc)
{
	const char *p = s->u.s.ptr;
	size_t n = s->u.s.len;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return erb_unsupported(r, loc, "%s of a non-ASCII string",
					       erb_method_names[mid]);
	char *q = arena_memdupz(r->a, p, n);
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		char c = q[i];
		bool up = c >= 'a' && c <= 'z', lo = c >= 'A' && c <= 'Z';
		switch (mid) {
		case M_UPCASE: case M_UPCASE_B:
			if (up)
				q[i] = (char)(c - 32);
			break;
		case M_DOWNCASE: case M_DOWNCASE_B:
			if (lo)
				q[i] = (char)(c + 32);
			break;
		case M_SWAPCASE:
			if (up)
				q[i] = (char)(c - 32);
			else if (lo)
				q[i] = (char)(c + 32);
			break;
		default: /* capitalize */
			if (first && up)
				q[i] = (char)(c - 32);
			else if (!first && lo)
				q[i] = (char)(c + 32);
			break;
		}
		first = false;
	}
	*out = val_str_borrow(r->a, q, n);
	return 0;
}

/* ---- strip, chomp ---- */

static bool strip_char(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r' || c == '\0';
}

static void strip_range(const char *p, size_t n, bool left, bool right,
			size_t *b, size_t *e)
{
	*b = 0;
	*e = n;
	if (left)
		while (*b < *e && strip_char(p[*b]))
			(*b)++;
	if (right)
		while (*e > *b && strip_char(p[*e - 1]))
			(*e)--;
}

static size_t chomp_len(const char *p, size_t n, struct value *arg)
{
	if (!arg) {
		if (n && p[n - 1] == '\n')
			return n >= 2 && p[n - 2] == '\r' ? n - 2 : n - 1;
		if (n && p[n - 1] == '\r')
			return n - 1;
		return n;
	}
	if (!arg->u.s.len) {
		while (n && p[n - 1] == '\n') {
			n--;
			if (n && p[n - 1] == '\r')
				n--;
		}
		return n;
	}
	if (arg->u.s.len <= n && !memcmp(p + n - arg->u.s.len, arg->u.s.ptr,
					 arg->u.s.len))
		return n - arg->u.s.len;
	return n;
}

/* ---- tr, delete, squeeze, count: character sets ---- */

struct cset {
	uint32_t *cp;  /* characters in order, ranges expanded */
	size_t n;
	bool neg;
};

static uint32_t cp_at(const char *s, size_t len, size_t *i)
{
	size_t n = erb_utf8_char(s, len, *i);
	const unsigned char *u = (const unsigned char *)s + *i;
	*i += n;
	if (n == 1)
		return u[0];
	uint32_t c = u[0] & (0xffu >> (n + 1));
	for (size_t k = 1; k < n; k++)
		c = (c << 6) | (u[k] & 0x3f);
	return c;
}

static void cp_put(struct buf *b, uint32_t c)
{
	if (c < 0x80) {
		buf_addch(b, (int)c);
	} else if (c < 0x800) {
		buf_addch(b, (int)(0xc0 | (c >> 6)));
		buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addch(b, (int)(0xe0 | (c >> 12)));
		buf_addch(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (c & 0x3f)));
	} else {
		buf_addch(b, (int)(0xf0 | (c >> 18)));
		buf_addch(b, (int)(0x80 | ((c >> 12) & 0x3f)));
		buf_addch(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (c & 0x3f)));
	}
}

static int cset_parse(struct cset *cs, struct erb_run *r, struct value *v,
		      bool allow_neg, struct srcloc loc)
{
	const char *s = v->u.s.ptr;
	size_t len = v->u.s.len, i = 0, alloc = 16;
	cs->cp = arena_alloc(r->a, alloc * sizeof(*cs->cp));
	cs->n = 0;
	cs->neg = false;
	if (allow_neg && len > 1 && s[0] == '^') {
		cs->neg = true;
		i = 1;
	}
	while (i < len) {
		uint32_t c;
		if (s[i] == '\\' && i + 1 < len) {
			i++;
			c = cp_at(s, len, &i);
		} else {
			c = cp_at(s, len, &i);
		}
		uint32_t hi = c;
		if (i + 1 < len && s[i] == '-') {
			size_t k = i + 1;
			hi = cp_at(s, len, &k);
			if (hi < c)
				return erb_error(
					r, loc,
					"invalid range \"%c-%c\" in string transliteration",
					(int)(c & 0x7f), (int)(hi & 0x7f));
			i = k;
		}
		if (hi - c > 0x10000)
			return erb_unsupported(r, loc, "huge character range");
		for (uint32_t x = c;; x++) {
			if (cs->n == alloc) {
				cs->cp = arena_realloc(
					r->a, cs->cp, alloc * sizeof(*cs->cp),
					alloc * 2 * sizeof(*cs->cp));
				alloc *= 2;
			}
			cs->cp[cs->n++] = x;
			if (x == hi)
				break;
		}
	}
	return 0;
}

static long cset_find(const struct cset *cs, uint32_t c)
{
	for (size_t i = cs->n; i-- > 0;)
		if (cs->cp[i] == c)
			return (long)i;
	return -1;
}

static bool cset_has(const struct cset *cs, uint32_t c)
{
	bool in = cset_find(cs, c) >= 0;
	return cs->neg ? !in : in;
}

static int sets_of(struct cset **out, struct erb_run *r, struct value **args,
		   size_t nargs, struct srcloc loc)
{
	*out = arena_alloc(r->a, (nargs ? nargs : 1) * sizeof(**out));
	for (size_t i = 0; i < nargs; i++)
		if (need_str(r, args[i], loc) < 0 ||
		    cset_parse(&(*out)[i], r, args[i], true, loc) < 0)
			return ERB_ERR;
	return 0;
}

static bool in_all(const struct cset *sets, size_t n, uint32_t c)
{
	for (size_t i = 0; i < n; i++)
		if (!cset_has(&sets[i], c))
			return false;
	return true;
}

static int str_tr(struct value **out, struct erb_run *r, struct value *s,
		  struct value **args, size_t nargs, struct srcloc loc)
{
	struct cset from, to;
	if (erb_arity(r, loc, nargs, 2, 2) < 0 ||
	    need_str(r, args[0], loc) < 0 || need_str(r, args[1], loc) < 0 ||
	    cset_parse(&from, r, args[0], true, loc) < 0 ||
	    cset_parse(&to, r, args[1], false, loc) < 0)
		return ERB_ERR;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->u.s.len;) {
		uint32_t c = cp_at(s->u.s.ptr, s->u.s.len, &i);
		if (!cset_has(&from, c)) {
			cp_put(&b, c);
			continue;
		}
		if (!to.n)
			continue;
		long k = from.neg ? (long)to.n - 1 : cset_find(&from, c);
		/* the first occurrence in `from` decides */
		if (!from.neg)
			for (size_t j = 0; j < from.n; j++)
				if (from.cp[j] == c) {
					k = (long)j;
					break;
				}
		cp_put(&b, to.cp[(size_t)k < to.n ? (size_t)k : to.n - 1]);
	}
	*out = newstr(r, b.ptr, b.len);
	buf_release(&b);
	return 0;
}

/* ---- split ---- */

static void push_piece(struct erb_run *r, struct value *arr, const char *p,
		       size_t n)
{
	val_array_push(r->a, arr, newstr(r, p, n));
}

static void trim_trailing(struct value *arr, int64_t limit)
{
	if (limit)
		return;
	while (arr->u.arr.n && !arr->u.arr.v[arr->u.arr.n - 1]->u.s.len)
		arr->u.arr.n--;
}

static int split_regex(struct erb_run *r, struct value *arr, const char *s,
		       size_t len, void *code, int64_t limit,
		       struct srcloc loc)
{
	struct regex_hit h = REGEX_HIT_INIT;
	size_t beg = 0, start = 0;
	bool last_null = false;
	int64_t fields = 1;
	int rc = 0;
	while (start <= len && (limit <= 0 || fields < limit) &&
	       (rc = regex_search(&h, code, s, len, start, 0)) == 1) {
		size_t mb = h.ov[0], me = h.ov[1];
		if (start == mb && mb == me) {
			if (!len) {
				push_piece(r, arr, "", 0);
				break;
			} else if (last_null) {
				push_piece(r, arr, s + beg,
					   erb_utf8_char(s, len, beg));
				beg = start;
			} else {
				start += start == len
						 ? 1
						 : erb_utf8_char(s, len, start);
				last_null = true;
				continue;
			}
		} else {
			push_piece(r, arr, s + beg, mb - beg);
			beg = start = me;
		}
		last_null = false;
		fields++;
		for (size_t g = 1; g < h.ngroups; g++)
			if (h.ov[2 * g] != REGEX_UNSET)
				push_piece(r, arr, s + h.ov[2 * g],
					   h.ov[2 * g + 1] - h.ov[2 * g]);
	}
	regex_hit_release(&h);
	if (rc < 0)
		return erb_error(r, loc, "%s", err_last());
	if (len > 0 && (limit != 0 || len > beg || limit < 0))
		push_piece(r, arr, s + beg, len - beg);
	return 0;
}

static int str_split(struct value **out, struct erb_run *r, struct value *s,
		     struct value **args, size_t nargs, struct srcloc loc)
{
	if (erb_arity(r, loc, nargs, 0, 2) < 0)
		return ERB_ERR;
	int64_t limit = 0;
	if (nargs > 1 && erb_need_int(&limit, r, args[1], loc) < 0)
		return ERB_ERR;
	const char *p = s->u.s.ptr;
	size_t len = s->u.s.len;
	struct value *arr = val_array(r->a, 4);
	*out = arr;
	if (!len)
		return 0;
	if (limit == 1) {
		push_piece(r, arr, p, len);
		return 0;
	}
	struct value *sep = nargs ? args[0] : val_undef();
	if (sep->kind == VAL_REGEX) {
		void *code = NULL;
		if (erb_regex_code(&code, r, sep, loc) < 0 ||
		    split_regex(r, arr, p, len, code, limit, loc) < 0)
			return ERB_ERR;
		trim_trailing(arr, limit);
		return 0;
	}
	if (sep->kind != VAL_UNDEF && need_str(r, sep, loc) < 0)
		return ERB_ERR;
	bool awk = sep->kind == VAL_UNDEF ||
		   (sep->u.s.len == 1 && sep->u.s.ptr[0] == ' ');
	int64_t fields = 1;
	if (awk) {
		size_t i = 0;
		while (i < len && strip_char(p[i]) && p[i])
			i++;
		size_t beg = i;
		while (i < len) {
			if (strip_char(p[i]) && p[i]) {
				if (limit > 0 && fields >= limit)
					break;
				push_piece(r, arr, p + beg, i - beg);
				fields++;
				while (i < len && strip_char(p[i]) && p[i])
					i++;
				beg = i;
				continue;
			}
			i++;
		}
		if (beg < len || limit < 0)
			push_piece(r, arr, p + beg, len - beg);
		trim_trailing(arr, limit);
		return 0;
	}
	const char *sp = sep->u.s.ptr;
	size_t sl = sep->u.s.len;
	if (!sl) {
		for (size_t i = 0; i < len;) {
			size_t n = erb_utf8_char(p, len, i);
			if (limit > 0 && fields >= limit) {
				push_piece(r, arr, p + i, len - i);
				return 0;
			}
			push_piece(r, arr, p + i, n);
			fields++;
			i += n;
		}
		return 0;
	}
	size_t beg = 0, i = 0;
	while (i + sl <= len) {
		if (!memcmp(p + i, sp, sl)) {
			if (limit > 0 && fields >= limit)
				break;
			push_piece(r, arr, p + beg, i - beg);
			fields++;
			i += sl;
			beg = i;
			continue;
		}
		i++;
	}
	push_piece(r, arr, p + beg, len - beg);
	trim_trailing(arr, limit);
	return 0;
}

/* ---- sub, gsub, scan ---- */

static int pattern(struct value **re, void **code, struct erb_run *r,
		   struct value *pat, struct srcloc loc)
{
	if (erb_to_regex(re, r, pat, loc) < 0)
		return ERB_ERR;
	return erb_regex_code(code, r, *re, loc);
}

static int subst_block(struct buf *out, struct erb_run *r, struct value *re,
		       void *code, const char *s, size_t len, bool global,
		       struct erb_blk *blk, struct srcloc loc)
{
	size_t pos = 0, copied = 0;
	for (;;) {
		struct value *m;
		if (pos > len)
			break;
		if (erb_regex_match(&m, r, re, s, len, pos, loc) < 0)
			return ERB_ERR;
		if (m->kind == VAL_UNDEF)
			break;
		struct value *offs = m->u.t.params[3];
		size_t mb = (size_t)offs->u.arr.v[0]->u.n.i;
		size_t me = (size_t)offs->u.arr.v[1]->u.n.i;
		buf_add(out, s + copied, mb - copied);
		struct value *whole = m->u.t.params[0]->u.arr.v[0], *v;
		int rc = erb_yield(&v, r, blk, &whole, 1);
		if (rc)
			return rc;
		r->last_match = m;
		if (erb_to_s(r, out, v, loc) < 0)
			return ERB_ERR;
		copied = pos = me;
		if (!global)
			break;
		if (mb == me) {
			if (me >= len)
				break;
			size_t n = erb_utf8_char(s, len, me);
			buf_add(out, s + me, n);
			copied = pos = me + n;
		}
		(void)code;
	}
	if (copied < len)
		buf_add(out, s + copied, len - copied);
	return 0;
}

static int str_sub(struct value **out, struct erb_run *r, struct value *s,
		   int mid, struct value **args, size_t nargs,
		   struct erb_blk *blk, struct srcloc loc)
{
	bool global = mid == M_GSUB || mid == M_GSUB_B;
	bool bang = mid == M_SUB_B || mid == M_GSUB_B;
	if (erb_arity(r, loc, nargs, blk ? 1 : 2, 2) < 0)
		return ERB_ERR;
	if (bang && erb_str_mutable(r, s, loc) < 0)
		return ERB_ERR;
	struct value *re;
	void *code;
	if (pattern(&re, &code, r, args[0], loc) < 0)
		return ERB_ERR;
	struct buf b = BUF_INIT;
	int rc;
	if (nargs == 2) {
		struct value *rep = args[1];
		if (rep->kind != VAL_HASH && need_str(r, rep, loc) < 0) {
			buf_release(&b);
			return ERB_ERR;
		}
		rc = regex_subst(&b, code, s->u.s.ptr, s->u.s.len,
				 rep->kind == VAL_STRING ? rep->u.s.ptr : NULL,
				 rep->kind == VAL_STRING ? rep->u.s.len : 0,
				 rep->kind == VAL_HASH ? rep : NULL, global);
		if (rc < 0)
			rc = erb_error(r, loc, "%s", err_last());
	} else {
		rc = subst_block(&b, r, re, code, s->u.s.ptr, s->u.s.len,
				 global, blk, loc);
	}
	if (rc == 0 && erb_room(r, loc, b.len) < 0)
		rc = ERB_ERR;
	if (rc == 0) {
		if (!bang) {
			*out = newstr(r, b.ptr, b.len);
		} else if (b.len == s->u.s.len &&
			   !memcmp(b.ptr, s->u.s.ptr, b.len)) {
			*out = val_undef();
		} else {
			erb_str_set(r, s, b.ptr, b.len);
			*out = s;
		}
	}
	buf_release(&b);
	return rc;
}

static int str_scan(struct value **out, struct erb_run *r, struct value *s,
		    struct value **args, size_t nargs, struct erb_blk *blk,
		    struct srcloc loc)
{
	if (erb_arity(r, loc, nargs, 1, 1) < 0)
		return ERB_ERR;
	struct value *re;
	void *code;
	if (pattern(&re, &code, r, args[0], loc) < 0)
		return ERB_ERR;
	struct value *res = val_array(r->a, 4);
	const char *p = s->u.s.ptr;
	size_t len = s->u.s.len, pos = 0;
	while (pos <= len) {
		struct value *m;
		if (erb_step(r, loc) < 0 ||
		    erb_regex_match(&m, r, re, p, len, pos, loc) < 0)
			return ERB_ERR;
		if (m->kind == VAL_UNDEF)
			break;
		struct value *g = m->u.t.params[0], *offs = m->u.t.params[3],
			     *item;
		size_t mb = (size_t)offs->u.arr.v[0]->u.n.i;
		size_t me = (size_t)offs->u.arr.v[1]->u.n.i;
		if (g->u.arr.n == 1) {
			item = g->u.arr.v[0];
		} else {
			item = val_array(r->a, g->u.arr.n - 1);
			for (size_t i = 1; i < g->u.arr.n; i++)
				val_array_push(r->a, item, g->u.arr.v[i]);
		}
		if (blk) {
			struct value *ignored;
			int rc = erb_yield(&ignored, r, blk, &item, 1);
			if (rc)
				return rc;
		} else {
			val_array_push(r->a, res, item);
		}
		pos = mb == me ? me + (me < len ? erb_utf8_char(p, len, me) : 1)
			       : me;
	}
	*out = blk ? s : res;
	return 0;
}

/* ---- indexing ---- */

static int str_aref(struct value **out, struct erb_run *r, struct value *s,
		    struct value **args, size_t nargs, struct srcloc loc)
{
	const char *p = s->u.s.ptr;
	size_t len = s->u.s.len, n = nchars(p, len);
	if (erb_arity(r, loc, nargs, 1, 2) < 0)
		return ERB_ERR;
	struct value *a = args[0];
	int64_t start, count;
	if (nargs == 1 && a->kind == VAL_STRING) {
		bool found = a->u.s.len <= len &&
			     memmem(p, len, a->u.s.ptr, a->u.s.len) != NULL;
		*out = found ? newstr(r, a->u.s.ptr, a->u.s.len) : val_undef();
		return 0;
	}
	if (a->kind == VAL_REGEX) {
		struct value *m;
		if (erb_regex_match(&m, r, a, p, len, 0, loc) < 0)
			return ERB_ERR;
		if (m->kind == VAL_UNDEF) {
			*out = m;
			return 0;
		}
		struct value *idx = nargs > 1 ? args[1] : val_int(r->a, 0);
		return erb_send(out, r, m, M_AREF, "[]", &idx, 1, NULL, loc);
	}
	if (erb_is_obj(a, erb_t_range)) {
		if (nargs != 1)
			return erb_error(r, loc, "wrong number of arguments");
		int64_t lo, hi;
		struct value *l = a->u.t.params[0], *h = a->u.t.params[1];
		if ((l->kind != VAL_UNDEF &&
		     erb_need_int(&lo, r, l, loc) < 0) ||
		    (h->kind != VAL_UNDEF && erb_need_int(&hi, r, h, loc) < 0))
			return ERB_ERR;
		if (l->kind == VAL_UNDEF)
			lo = 0;
		if (h->kind == VAL_UNDEF)
			hi = -1;
		if (lo < 0)
			lo += (int64_t)n;
		if (hi < 0)
			hi += (int64_t)n;
		if (a->u.t.params[2]->u.b && h->kind != VAL_UNDEF)
			hi--;
		if (lo < 0 || lo > (int64_t)n) {
			*out = val_undef();
			return 0;
		}
		start = lo;
		count = hi - lo + 1;
		if (count < 0)
			count = 0;
	} else {
		if (erb_need_int(&start, r, a, loc) < 0)
			return ERB_ERR;
		if (nargs == 1) {
			if (start < 0)
				start += (int64_t)n;
			if (start < 0 || start >= (int64_t)n) {
				*out = val_undef();
				return 0;
			}
			count = 1;
		} else {
			if (erb_need_int(&count, r, args[1], loc) < 0)
				return ERB_ERR;
			if (start < 0)
				start += (int64_t)n;
			if (start < 0 || start > (int64_t)n || count < 0) {
				*out = val_undef();
				return 0;
			}
		}
	}
	if (count > (int64_t)n - start)
		count = (int64_t)n - start;
	size_t b = char_off(p, len, (size_t)start);
	size_t e = b + char_off(p + b, len - b, (size_t)count);
	*out = newstr(r, p + b, e - b);
	return 0;
}

/* index and rindex: character positions */
static int str_index(struct value **out, struct erb_run *r, struct value *s,
		     int mid, struct value **args, size_t nargs,
		     struct srcloc loc)
{
	const char *p = s->u.s.ptr;
	size_t len = s->u.s.len, n = nchars(p, len);
	if (erb_arity(r, loc, nargs, 1, 2) < 0)
		return ERB_ERR;
	int64_t from = mid == M_INDEX ? 0 : (int64_t)n;
	if (nargs > 1 && erb_need_int(&from, r, args[1], loc) < 0)
		return ERB_ERR;
	if (from < 0)
		from += (int64_t)n;
	if (from < 0 || from > (int64_t)n) {
		*out = val_undef();
		return 0;
	}
	size_t fb = char_off(p, len, (size_t)from);
	if (args[0]->kind == VAL_REGEX) {
		if (mid == M_RINDEX)
			return erb_unsupported(r, loc, "rindex with a Regexp");
		struct value *m;
		if (erb_regex_match(&m, r, args[0], p, len, fb, loc) < 0)
			return ERB_ERR;
		*out = m->kind == VAL_UNDEF
			       ? m
			       : val_int(r->a,
					 (int64_t)nchars(
						 p, (size_t)m->u.t.params[3]
							    ->u.arr.v[0]
							    ->u.n.i));
		return 0;
	}
	if (need_str(r, args[0], loc) < 0)
		return ERB_ERR;
	const char *q = args[0]->u.s.ptr;
	size_t ql = args[0]->u.s.len;
	long hit = -1;
	if (mid == M_INDEX) {
		for (size_t i = fb; i + ql <= len; i++)
			if (!memcmp(p + i, q, ql)) {
				hit = (long)i;
				break;
			}
	} else {
		for (size_t i = fb + 1; i-- > 0;)
			if (i + ql <= len && !memcmp(p + i, q, ql)) {
				hit = (long)i;
				break;
			}
	}
	*out = hit < 0 ? val_undef()
		       : val_int(r->a, (int64_t)nchars(p, (size_t)hit));
	return 0;
}

static int str_justify(struct value **out, struct erb_run *r,
		       struct value *s, int mid, struct value **args,
		       size_t nargs, struct srcloc loc)
{
	int64_t width;
	if (erb_arity(r, loc, nargs, 1, 2) < 0 ||
	    erb_need_int(&width, r, args[0], loc) < 0)
		return ERB_ERR;
	const char *pad = " ";
	size_t pl = 1;
	if (nargs > 1) {
		if (need_str(r, args[1], loc) < 0)
			return ERB_ERR;
		if (!args[1]->u.s.len)
			return erb_error(r, loc, "zero width padding");
		pad = args[1]->u.s.ptr;
		pl = args[1]->u.s.len;
	}
	size_t n = nchars(s->u.s.ptr, s->u.s.len);
	if (width <= (int64_t)n) {
		*out = newstr(r, s->u.s.ptr, s->u.s.len);
		return 0;
	}
	size_t total = (size_t)width - n;
	if (erb_room(r, loc, total * 4) < 0)
		return ERB_ERR;
	size_t left = mid == M_LJUST ? 0 : mid == M_RJUST ? total : total / 2;
	size_t right = total - left;
	size_t pn = nchars(pad, pl);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < left; i++) {
		size_t o = char_off(pad, pl, i % pn);
		buf_add(&b, pad + o, erb_utf8_char(pad, pl, o));
	}
	buf_add(&b, s->u.s.ptr, s->u.s.len);
	for (size_t i = 0; i < right; i++) {
		size_t o = char_off(pad, pl, i % pn);
		buf_add(&b, pad + o, erb_utf8_char(pad, pl, o));
	}
	*out = newstr(r, b.ptr, b.len);
	buf_release(&b);
	return 0;
}

int erb_str_succ(struct value **out, struct erb_run *r, struct value *s,
		 struct srcloc loc)
{
	const char *p = s->u.s.ptr;
	size_t len = s->u.s.len;
	if (!len) {
		*out = newstr(r, "", 0);
		return 0;
	}
	bool alnum = false;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if ((unsigned char)c >= 0x80)
			return erb_unsupported(r, loc, "succ of a non-ASCII string");
		alnum |= (c >= '0' && c <= '9') ||
			 ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	}
	if (!alnum)
		return erb_unsupported(r, loc, "succ of a string without letters or digits");
	struct buf b = BUF_INIT;
	buf_add(&b, p, len);
	size_t i = len, last = len;
	char carry = 0;
	while (i-- > 0) {
		char c = b.ptr[i];
		bool digit = c >= '0' && c <= '9';
		bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
		if (!digit && !lower && !upper)
			continue;
		last = i;
		if ((digit && c < '9') || (lower && c < 'z') ||
		    (upper && c < 'Z')) {
			b.ptr[i] = (char)(c + 1);
			carry = 0;
			break;
		}
		b.ptr[i] = digit ? '0' : lower ? 'a' : 'A';
		carry = digit ? '1' : lower ? 'a' : 'A';
	}
	if (carry) {
		struct buf c2 = BUF_INIT;
		buf_add(&c2, b.ptr, last);
		buf_addch(&c2, carry);
		buf_add(&c2, b.ptr + last, b.len - last);
		buf_release(&b);
		b = c2;
	}
	*out = newstr(r, b.ptr, b.len);
	buf_release(&b);
	return 0;
}

static int str_compare(struct value **out, struct erb_run *r,
		       struct value *s, int mid, struct value *o,
		       struct srcloc loc)
{
	int c;
	bool ok;
	if (o->kind != VAL_STRING || erb_is_sym(r, s) != erb_is_sym(r, o)) {
		if (mid == M_CMP) {
			*out = val_undef();
			return 0;
		}
		return erb_error(r, loc, "comparison of %s with %s failed",
				 erb_class_names[erb_class_of(r, s)],
				 o->kind == VAL_UNDEF ? "nil" :
				 erb_class_names[erb_class_of(r, o)]);
	}
	if (erb_cmp(&c, &ok, r, s, o, loc) < 0)
		return ERB_ERR;
	switch (mid) {
	case M_CMP: *out = val_int(r->a, c); break;
	case M_LT: *out = val_bool(c < 0); break;
	case M_LE: *out = val_bool(c <= 0); break;
	case M_GT: *out = val_bool(c > 0); break;
	default: *out = val_bool(c >= 0); break;
	}
	return 0;
}

static bool sym_method(int mid)
{
	switch (mid) {
	case M_TO_S: case M_TO_SYM: case M_LENGTH: case M_SIZE: case M_UPCASE:
	case M_DOWNCASE: case M_CAPITALIZE: case M_SWAPCASE: case M_CMP:
	case M_LT: case M_LE: case M_GT: case M_GE: case M_AREF:
	case M_START_WITH: case M_END_WITH: case M_EMPTY: case M_SUCC:
	case M_MATCH: case M_MATCH_P: case M_MATCHOP: case M_TO_PROC:
	case M_INTERN:
		return true;
	default:
		return false;
	}
}

static int str_mutate(struct value **out, struct erb_run *r,
		      struct value *s, int mid, struct value **args,
		      size_t nargs, struct srcloc loc)
{
	if (erb_str_mutable(r, s, loc) < 0)
		return ERB_ERR;
	struct buf b = BUF_INIT;
	buf_add(&b, s->u.s.ptr, s->u.s.len);
	switch (mid) {
	case M_LSHIFT:
	case M_CONCAT:
		for (size_t i = 0; i < nargs; i++) {
			struct value *a = args[i];
			if (a->kind == VAL_INT && a->u.n.i >= 0 &&
			    a->u.n.i <= 0x10ffff) {
				cp_put(&b, (uint32_t)a->u.n.i);
				continue;
			}
			if (need_str(r, a, loc) < 0) {
				buf_release(&b);
				return ERB_ERR;
			}
			buf_add(&b, a->u.s.ptr, a->u.s.len);
		}
		if (mid == M_LSHIFT && nargs != 1) {
			buf_release(&b);
			return erb_arity(r, loc, nargs, 1, 1);
		}
		break;
	case M_PREPEND:
		buf_reset(&b);
		for (size_t i = 0; i < nargs; i++) {
			if (need_str(r, args[i], loc) < 0) {
				buf_release(&b);
				return ERB_ERR;
			}
			buf_add(&b, args[i]->u.s.ptr, args[i]->u.s.len);
		}
		buf_add(&b, s->u.s.ptr, s->u.s.len);
		break;
	case M_REPLACE:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    need_str(r, args[0], loc) < 0) {
			buf_release(&b);
			return ERB_ERR;
		}
		buf_reset(&b);
		buf_add(&b, args[0]->u.s.ptr, args[0]->u.s.len);
		break;
	case M_CLEAR:
		buf_reset(&b);
		break;
	default: { /* insert */
		int64_t at;
		if (erb_arity(r, loc, nargs, 2, 2) < 0 ||
		    erb_need_int(&at, r, args[0], loc) < 0 ||
		    need_str(r, args[1], loc) < 0) {
			buf_release(&b);
			return ERB_ERR;
		}
		size_t n = nchars(s->u.s.ptr, s->u.s.len);
		if (at < 0)
			at += (int64_t)n + 1;
		if (at < 0 || at > (int64_t)n) {
			buf_release(&b);
			return erb_error(r, loc, "index %lld out of string", (long long)at);
		}
		size_t o = char_off(s->u.s.ptr, s->u.s.len, (size_t)at);
		buf_reset(&b);
		buf_add(&b, s->u.s.ptr, o);
		buf_add(&b, args[1]->u.s.ptr, args[1]->u.s.len);
		buf_add(&b, s->u.s.ptr + o, s->u.s.len - o);
	}
	}
	if (erb_room(r, loc, b.len) < 0) {
		buf_release(&b);
		return ERB_ERR;
	}
	erb_str_set(r, s, b.ptr, b.len);
	buf_release(&b);
	*out = s;
	return 0;
}

int erb_string_method(struct value **out, struct erb_run *r,
		      struct value *s, int mid, const char *name,
		      struct value **args, size_t nargs, struct erb_blk *blk,
		      struct srcloc loc)
{
	const char *p = s->u.s.ptr;
	size_t len = s->u.s.len, b, e;
	bool sym = erb_is_sym(r, s);
	int rc;
	(void)name;
	if (sym && !sym_method(mid))
		return ERB_NOMETHOD;
	switch (mid) {
	case M_PLUS:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    need_str(r, args[0], loc) < 0 ||
		    erb_room(r, loc, len + args[0]->u.s.len) < 0)
			return ERB_ERR;
		{
			char *q = arena_alloc(r->a, len + args[0]->u.s.len + 1);
			memcpy(q, p, len);
			memcpy(q + len, args[0]->u.s.ptr, args[0]->u.s.len);
			*out = val_str_borrow(r->a, q, len + args[0]->u.s.len);
		}
		return 0;
	case M_MUL: {
		int64_t n;
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_need_int(&n, r, args[0], loc) < 0)
			return ERB_ERR;
		if (n < 0)
			return erb_error(r, loc, "negative argument");
		if (len && (uint64_t)n > SIZE_MAX / len)
			return erb_room(r, loc, SIZE_MAX);
		if (erb_room(r, loc, len * (size_t)n) < 0)
			return ERB_ERR;
		char *q = arena_alloc(r->a, len * (size_t)n + 1);
		for (int64_t i = 0; i < n; i++)
			memcpy(q + (size_t)i * len, p, len);
		*out = val_str_borrow(r->a, q, len * (size_t)n);
		return 0;
	}
	case M_MOD: {
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		struct value **fa = args;
		size_t fn = 1;
		if (args[0]->kind == VAL_ARRAY) {
			fa = args[0]->u.arr.v;
			fn = args[0]->u.arr.n;
		}
		struct buf o = BUF_INIT;
		rc = erb_format(r, &o, p, len, fa, fn, loc);
		if (rc == 0)
			*out = newstr(r, o.ptr, o.len);
		buf_release(&o);
		return rc;
	}
	case M_LSHIFT: case M_CONCAT: case M_PREPEND: case M_REPLACE:
	case M_CLEAR: case M_INSERT:
		return str_mutate(out, r, s, mid, args, nargs, loc);
	case M_CMP: case M_LT: case M_LE: case M_GT: case M_GE:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return str_compare(out, r, s, mid, args[0], loc);
	case M_EQQ:
		return ERB_NOMETHOD;
	case M_MATCHOP:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_REGEX)
			return erb_error(
				r, loc,
				"wrong argument type %s (expected Regexp)",
				erb_class_names[erb_class_of(r, args[0])]);
		return erb_send(out, r, args[0], M_MATCHOP, "=~", &s, 1, NULL, loc);
	case M_MATCH:
	case M_MATCH_P: {
		if (erb_arity(r, loc, nargs, 1, 2) < 0)
			return ERB_ERR;
		struct value *re, *a2[2] = { s, nargs > 1 ? args[1] : NULL };
		if (args[0]->kind == VAL_STRING) {
			/* String#match takes a pattern string as a regex */
			re = val_regex(r->a, args[0]->u.s.ptr,
				       args[0]->u.s.len);
			void *code = NULL;
			if (erb_regex_code(&code, r, re, loc) < 0)
				return ERB_ERR;
		} else if (erb_to_regex(&re, r, args[0], loc) < 0) {
			return ERB_ERR;
		}
		return erb_send(out, r, re, mid, erb_method_names[mid], a2,
				nargs, NULL, loc);
	}
	case M_SCAN:
		return str_scan(out, r, s, args, nargs, blk, loc);
	case M_AREF:
	case M_SLICE:
		return str_aref(out, r, s, args, nargs, loc);
	case M_LENGTH:
	case M_SIZE:
		*out = val_int(r->a, (int64_t)nchars(p, len));
		return erb_arity(r, loc, nargs, 0, 0);
	case M_BYTESIZE:
		*out = val_int(r->a, (int64_t)len);
		return 0;
	case M_EMPTY:
		*out = val_bool(!len);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_UPCASE: case M_DOWNCASE: case M_CAPITALIZE: case M_SWAPCASE:
		if (map_case(out, r, s, mid, loc) < 0)
			return ERB_ERR;
		if (sym)
			*out = erb_sym(r, (*out)->u.s.ptr, (*out)->u.s.len);
		return 0;
	case M_UPCASE_B: case M_DOWNCASE_B: case M_CAPITALIZE_B: {
		struct value *m;
		if (erb_str_mutable(r, s, loc) < 0 ||
		    map_case(&m, r, s,
			     mid == M_CAPITALIZE_B ? M_CAPITALIZE : mid,
			     loc) < 0)
			return ERB_ERR;
		if (!memcmp(m->u.s.ptr, p, len)) {
			*out = val_undef();
			return 0;
		}
		erb_str_set(r, s, m->u.s.ptr, m->u.s.len);
		*out = s;
		return 0;
	}
	case M_STRIP: case M_LSTRIP: case M_RSTRIP:
	case M_STRIP_B: case M_LSTRIP_B: case M_RSTRIP_B:
		strip_range(p, len, mid != M_RSTRIP && mid != M_RSTRIP_B,
			    mid != M_LSTRIP && mid != M_LSTRIP_B, &b, &e);
		if (mid == M_STRIP || mid == M_LSTRIP || mid == M_RSTRIP) {
			*out = newstr(r, p + b, e - b);
			return 0;
		}
		if (erb_str_mutable(r, s, loc) < 0)
			return ERB_ERR;
		if (b == 0 && e == len) {
			*out = val_undef();
			return 0;
		}
		erb_str_set(r, s, p + b, e - b);
		*out = s;
		return 0;
	case M_CHOMP:
	case M_CHOMP_B:
		if (erb_arity(r, loc, nargs, 0, 1) < 0 ||
		    (nargs && need_str(r, args[0], loc) < 0))
			return ERB_ERR;
		e = chomp_len(p, len, nargs ? args[0] : NULL);
		if (mid == M_CHOMP) {
			*out = newstr(r, p, e);
			return 0;
		}
		if (erb_str_mutable(r, s, loc) < 0)
			return ERB_ERR;
		*out = e == len ? val_undef() : s;
		if (e != len)
			erb_str_set(r, s, p, e);
		return 0;
	case M_CHOP:
		if (!len) {
			*out = newstr(r, "", 0);
			return 0;
		}
		e = len >= 2 && p[len - 1] == '\n' && p[len - 2] == '\r'
			    ? len - 2
			    : char_off(p, len, nchars(p, len) - 1);
		*out = newstr(r, p, e);
		return 0;
	case M_CHR:
		*out = newstr(r, p, len ? erb_utf8_char(p, len, 0) : 0);
		return 0;
	case M_CHARS:
	case M_EACH_CHAR:
	case M_BYTES:
	case M_LINES:
	case M_EACH_LINE: {
		struct value *arr = val_array(r->a, len);
		for (size_t i = 0; i < len;) {
			size_t n;
			if (mid == M_BYTES) {
				val_array_push(
					r->a, arr,
					val_int(r->a, (unsigned char)p[i]));
				i++;
				continue;
			}
			if (mid == M_LINES || mid == M_EACH_LINE) {
				const char *nl = memchr(p + i, '\n', len - i);
				n = nl ? (size_t)(nl - p) + 1 - i : len - i;
			} else {
				n = erb_utf8_char(p, len, i);
			}
			val_array_push(r->a, arr, newstr(r, p + i, n));
			i += n;
		}
		if ((mid == M_EACH_CHAR || mid == M_EACH_LINE) && blk) {
			for (size_t i = 0; i < arr->u.arr.n; i++) {
				struct value *ignored;
				rc = erb_yield(&ignored, r, blk,
					       &arr->u.arr.v[i], 1);
				if (rc)
					return rc;
			}
			*out = s;
			return 0;
		}
		if (blk)
			return erb_send(out, r, arr, M_EACH, "each", NULL, 0, blk, loc);
		*out = arr;
		return 0;
	}
	case M_SPLIT:
		rc = str_split(out, r, s, args, nargs, loc);
		if (rc == 0 && blk)
			return erb_send(out, r, *out, M_EACH, "each", NULL, 0, blk, loc);
		return rc;
	case M_SUB: case M_GSUB: case M_SUB_B: case M_GSUB_B:
		return str_sub(out, r, s, mid, args, nargs, blk, loc);
	case M_TR:
		return str_tr(out, r, s, args, nargs, loc);
	case M_DELETE:
	case M_SQUEEZE:
	case M_COUNT_M: {
		struct cset *sets;
		if ((mid != M_SQUEEZE && erb_arity(r, loc, nargs, 1, 99) < 0) ||
		    sets_of(&sets, r, args, nargs, loc) < 0)
			return ERB_ERR;
		struct buf o = BUF_INIT;
		int64_t count = 0;
		uint32_t prev = 0xffffffff;
		for (size_t i = 0; i < len;) {
			size_t st = i;
			uint32_t c = cp_at(p, len, &i);
			bool in = in_all(sets, nargs, c);
			if (mid == M_COUNT_M) {
				count += in;
			} else if (mid == M_DELETE) {
				if (!in)
					buf_add(&o, p + st, i - st);
			} else if (!(in && c == prev)) {
				buf_add(&o, p + st, i - st);
			}
			prev = c;
		}
		*out = mid == M_COUNT_M ? val_int(r->a, count)
					: newstr(r, o.ptr, o.len);
		buf_release(&o);
		return 0;
	}
	case M_START_WITH:
	case M_END_WITH:
		*out = val_bool(false);
		for (size_t i = 0; i < nargs; i++) {
			struct value *a = args[i];
			if (a->kind == VAL_REGEX && mid == M_START_WITH) {
				void *code = NULL;
				struct regex_hit h = REGEX_HIT_INIT;
				if (erb_regex_code(&code, r, a, loc) < 0)
					return ERB_ERR;
				int m = regex_search(&h, code, p, len, 0,
						     REGEX_ANCHORED);
				regex_hit_release(&h);
				if (m < 0)
					return erb_error(r, loc, "%s", err_last());
				if (m) {
					*out = val_bool(true);
					return 0;
				}
				continue;
			}
			if (need_str(r, a, loc) < 0)
				return ERB_ERR;
			size_t al = a->u.s.len;
			if (al <= len &&
			    !memcmp(mid == M_START_WITH ? p : p + len - al,
				    a->u.s.ptr, al)) {
				*out = val_bool(true);
				return 0;
			}
		}
		return 0;
	case M_INCLUDE:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    need_str(r, args[0], loc) < 0)
			return ERB_ERR;
		*out = val_bool(
			args[0]->u.s.len <= len &&
			memmem(p, len, args[0]->u.s.ptr, args[0]->u.s.len));
		return 0;
	case M_INDEX:
	case M_RINDEX:
		return str_index(out, r, s, mid, args, nargs, loc);
	case M_LJUST: case M_RJUST: case M_CENTER:
		return str_justify(out, r, s, mid, args, nargs, loc);
	case M_TO_I: case M_HEX: case M_OCT: {
		int64_t base = mid == M_HEX ? 16 : mid == M_OCT ? 0 : 10, v;
		if (mid == M_TO_I && nargs &&
		    erb_need_int(&base, r, args[0], loc) < 0)
			return ERB_ERR;
		if (base < 0 || base == 1 || base > 36)
			return erb_error(r, loc, "invalid radix %lld", (long long)base);
		if (mid == M_OCT) {
			size_t k = 0;
			while (k < len &&
			       (p[k] == ' ' || p[k] == '-' || p[k] == '+'))
				k++;
			bool pre = k + 1 < len && p[k] == '0' &&
				   strchr("xXbBoOdD", p[k + 1]) && p[k + 1];
			base = pre ? 0 : 8;
		}
		rc = erb_str_to_int(&v, p, len, (int)base, false);
		if (rc == -2)
			return erb_unsupported(r, loc, "Integer overflow (Bignum)");
		*out = val_int(r->a, v);
		return 0;
	}
	case M_TO_F: {
		bool ok;
		*out = val_float(r->a, erb_str_to_f(p, len, &ok, false));
		return 0;
	}
	case M_TO_S:
	case M_TO_STR:
		*out = sym ? newstr(r, p, len) : s;
		return 0;
	case M_TO_SYM:
	case M_INTERN:
		*out = sym ? s : erb_sym(r, p, len);
		return 0;
	case M_TO_PROC: {
		struct value **pp = arena_alloc(r->a, sizeof(*pp));
		pp[0] = s;
		*out = val_type(r->a, erb_t_proc, pp, 1);
		return 0;
	}
	case M_REVERSE: {
		char *q = arena_alloc(r->a, len + 1);
		for (size_t i = 0; i < len;) {
			size_t n = erb_utf8_char(p, len, i);
			memcpy(q + len - i - n, p + i, n);
			i += n;
		}
		*out = val_str_borrow(r->a, q, len);
		return 0;
	}
	case M_SUCC:
	case M_NEXT_M:
		rc = erb_str_succ(out, r, s, loc);
		if (rc == 0 && sym)
			*out = erb_sym(r, (*out)->u.s.ptr, (*out)->u.s.len);
		return rc;
	case M_ORD:
		if (!len)
			return erb_error(r, loc, "empty string");
		{
			size_t i = 0;
			*out = val_int(r->a, cp_at(p, len, &i));
		}
		return 0;
	case M_CASECMP:
	case M_CASECMPQ: {
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    need_str(r, args[0], loc) < 0)
			return ERB_ERR;
		const char *q = args[0]->u.s.ptr;
		size_t ql = args[0]->u.s.len, n = len < ql ? len : ql;
		int c = 0;
		for (size_t i = 0; i < n && !c; i++) {
			int x = (unsigned char)p[i], y = (unsigned char)q[i];
			if (x >= 'A' && x <= 'Z')
				x += 32;
			if (y >= 'A' && y <= 'Z')
				y += 32;
			c = x < y ? -1 : x > y;
		}
		if (!c)
			c = len < ql ? -1 : len > ql;
		*out = mid == M_CASECMP ? val_int(r->a, c) : val_bool(!c);
		return 0;
	}
	case M_PARTITION:
	case M_RPARTITION: {
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		struct value *res = val_array(r->a, 3);
		long hb = -1, he = -1;
		if (args[0]->kind == VAL_REGEX && mid == M_PARTITION) {
			struct value *m;
			if (erb_regex_match(&m, r, args[0], p, len, 0, loc) < 0)
				return ERB_ERR;
			if (m->kind != VAL_UNDEF) {
				hb = (long)m->u.t.params[3]->u.arr.v[0]->u.n.i;
				he = (long)m->u.t.params[3]->u.arr.v[1]->u.n.i;
			}
		} else {
			if (need_str(r, args[0], loc) < 0)
				return ERB_ERR;
			const char *q = args[0]->u.s.ptr;
			size_t ql = args[0]->u.s.len;
			if (mid == M_PARTITION) {
				for (size_t i = 0; i + ql <= len; i++)
					if (!memcmp(p + i, q, ql)) {
						hb = (long)i;
						break;
					}
			} else {
				for (size_t i = len + 1; i-- > 0;)
					if (i + ql <= len &&
					    !memcmp(p + i, q, ql)) {
						hb = (long)i;
						break;
					}
			}
			if (hb >= 0)
				he = hb + (long)ql;
		}
		if (hb < 0) {
			bool left = mid == M_PARTITION;
			val_array_push(r->a, res, left ? newstr(r, p, len) : newstr(r, "", 0));
			val_array_push(r->a, res, newstr(r, "", 0));
			val_array_push(r->a, res, left ? newstr(r, "", 0) : newstr(r, p, len));
		} else {
			val_array_push(r->a, res, newstr(r, p, (size_t)hb));
			val_array_push(r->a, res,
				       newstr(r, p + hb, (size_t)(he - hb)));
			val_array_push(r->a, res,
				       newstr(r, p + he, len - (size_t)he));
		}
		*out = res;
		return 0;
	}
	case M_BETWEEN: {
		struct value *lo, *hi;
		if (erb_arity(r, loc, nargs, 2, 2) < 0 ||
		    str_compare(&lo, r, s, M_GE, args[0], loc) < 0 ||
		    str_compare(&hi, r, s, M_LE, args[1], loc) < 0)
			return ERB_ERR;
		*out = val_bool(lo->u.b && hi->u.b);
		return 0;
	}
	default:
		return ERB_NOMETHOD;
	}
}
