/* SPDX-License-Identifier: MIT */
/* erb_scan.c: cutting a template into ERB segments (trim mode '-'); UTF-8 */
#include "util/compat.h"
#include "template/erb-internal.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * Ruby's ERB::Compiler::ExplicitScanner (trim mode '-', what Puppet uses)
 * scans text with /(.*?)(^[ \t]*<%-|<%-|<%%|<%=|<%#|<%|\z)/m and code
 * with /(.*?)(-%>|%%>|%>|\z)/m. `^` also matches where a scan starts, so
 * blanks before `<%-` go right after a previous tag too. `<%%` in text is
 * a literal `<%`, `%%>` in code a literal `%>`. `-%>` eats the newline
 * after it (SEG_CR marks where the generated script has that newline).
 * An unterminated tag's code is output as text, as ERB does.
 */

void erb_advance_loc(uint32_t *line, uint32_t *col, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)p[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

static bool at(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

struct scanner {
	struct arena *a;
	const char *src, *end;
	struct erb_seg *segs;
	size_t n, alloc;
	struct buf text;          /* text content being collected */
	struct srcloc text_loc;
	bool has_text;
	const char *file;
	uint32_t end_line, end_col; /* where the template ends */
};

static void push_seg(struct scanner *s, enum seg_kind k, const char *p,
		     size_t len, struct srcloc loc)
{
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 16;
		s->segs = arena_realloc(s->a, s->segs,
					s->alloc * sizeof(*s->segs),
					na * sizeof(*s->segs));
		s->alloc = na;
	}
	s->segs[s->n].kind = k;
	s->segs[s->n].p = p;
	s->segs[s->n].len = len;
	s->segs[s->n].loc = loc;
	s->n++;
}

static void add_text(struct scanner *s, const char *p, size_t len,
		     struct srcloc loc)
{
	if (!len)
		return;
	if (!s->has_text) {
		s->text_loc = loc;
		s->has_text = true;
	}
	buf_add(&s->text, p, len);
}

static void flush_text(struct scanner *s)
{
	if (s->has_text && s->text.len) {
		char *copy = arena_memdupz(s->a, s->text.ptr, s->text.len);
		push_seg(s, SEG_TEXT, copy, s->text.len, s->text_loc);
	}
	buf_reset(&s->text);
	s->has_text = false;
}

/* The scan of segments; see the numbered note at the top. */
static void scan_segments(struct scanner *s)
{
	const char *p = s->src, *end = s->end;
	uint32_t line = 1, col = 1;
	bool scan_start = true; /* `^` matches here */

	while (p < end) {
		/* text mode: find the next start tag */
		const char *q = p, *tag = NULL, *tag_end = NULL;
		enum seg_kind kind = SEG_CODE;
		bool literal = false, comment = false;
		for (; q < end; q++) {
			if ((q == p && scan_start) ||
			    (q > s->src && q[-1] == '\n')) {
				const char *k = q;
				while (k < end && (*k == ' ' || *k == '\t'))
					k++;
				if (at(k, end, "<%-")) {
					tag = q;
					tag_end = k + 3;
					break;
				}
			}
			if (*q != '<' || !at(q, end, "<%"))
				continue;
			tag = q;
			if (at(q, end, "<%-")) {
				tag_end = q + 3;
			} else if (at(q, end, "<%%")) {
				tag_end = q + 3;
				literal = true;
			} else if (at(q, end, "<%=")) {
				tag_end = q + 3;
				kind = SEG_INSERT;
			} else if (at(q, end, "<%#")) {
				tag_end = q + 3;
				comment = true;
			} else {
				tag_end = q + 2;
			}
			break;
		}
		struct srcloc tl = { s->file, line, col };
		if (!tag) {
			add_text(s, p, (size_t)(end - p), tl);
			break;
		}
		add_text(s, p, (size_t)(tag - p), tl);
		erb_advance_loc(&line, &col, p, (size_t)(tag_end - p));
		if (literal) {
			struct srcloc ll = { s->file, line, col - 3 };
			add_text(s, "<%", 2, ll);
			p = tag_end;
			scan_start = true;
			continue;
		}
		flush_text(s);
		/* code mode: find the end tag, replacing %%> by %> */
		struct buf code = BUF_INIT;
		struct srcloc cl = { s->file, line, col };
		const char *c = tag_end;
		bool closed = false, trim = false;
		while (c < end) {
			const char *m = c;
			while (m < end && *m != '%' && *m != '-')
				m++;
			if (m >= end) {
				buf_add(&code, c, (size_t)(end - c));
				c = end;
				break;
			}
			if (at(m, end, "-%>")) {
				buf_add(&code, c, (size_t)(m - c));
				c = m + 3;
				closed = trim = true;
				break;
			}
			if (at(m, end, "%%>")) {
				buf_add(&code, c, (size_t)(m - c));
				buf_add(&code, "%>", 2);
				c = m + 3;
				continue;
			}
			if (at(m, end, "%>")) {
				buf_add(&code, c, (size_t)(m - c));
				c = m + 2;
				closed = true;
				break;
			}
			buf_add(&code, c, (size_t)(m + 1 - c));
			c = m + 1;
		}
		erb_advance_loc(&line, &col, tag_end, (size_t)(c - tag_end));
		if (!closed) {
			/* ERB outputs the code of an unterminated tag as text */
			add_text(s, code.ptr, code.len, cl);
			buf_release(&code);
			p = c;
			break;
		}
		if (!comment) {
			char *cp = arena_memdupz(s->a, code.ptr, code.len);
			push_seg(s, kind, cp, code.len, cl);
		}
		buf_release(&code);
		p = c;
		if (trim) {
			const char *nl = p;
			if (nl < end && *nl == '\r' && nl + 1 < end &&
			    nl[1] == '\n')
				nl++;
			if (nl < end && *nl == '\n') {
				erb_advance_loc(&line, &col, p,
						(size_t)(nl + 1 - p));
				p = nl + 1;
			}
			struct srcloc crl = { s->file, line, col };
			push_seg(s, SEG_CR, NULL, 0, crl);
		}
		scan_start = true;
	}
	flush_text(s);
	erb_advance_loc(&line, &col, p, (size_t)(end - p));
	s->end_line = line;
	s->end_col = col;
}

void erb_scan(struct erb_seg **segs, size_t *nsegs, uint32_t *end_line,
	      uint32_t *end_col, struct arena *a, const char *file,
	      const char *src, size_t len)
{
	struct scanner s = { .a = a, .src = src, .end = src + len,
			     .text = BUF_INIT, .file = file };
	scan_segments(&s);
	buf_release(&s.text);
	*segs = s.segs;
	*nsegs = s.n;
	*end_line = s.end_line;
	*end_col = s.end_col;
}

/* ---- UTF-8 ---- */

size_t erb_utf8_char(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t n = c < 0x80 ? 1 : c >= 0xf0 && c < 0xf5 ? 4 :
		   c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 1;
	if (c >= 0xf5)
		return 1;
	if (i + n > len)
		return 1;
	for (size_t k = 1; k < n; k++)
		if (((unsigned char)s[i + k] & 0xc0) != 0x80)
			return 1;
	return n;
}

size_t erb_utf8_len(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; n++)
		i += erb_utf8_char(s, len, i);
	return n;
}

bool erb_is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}
