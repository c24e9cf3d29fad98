/* SPDX-License-Identifier: MIT */
/* lexer_text.c: the text parts of the lexer: strings, escapes, heredocs, EPP */
#include "util/compat.h"
#include "lang/lexer-internal.h"
#include "util/arena.h"
#include "util/buf.h"

/* ---- escapes ---- */

static bool is_printable(char c)
{
	return (unsigned char)c >= 0x20 && (unsigned char)c < 0x7f;
}

static void add_utf8(struct buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		buf_addch(b, (int)(0xC0 | (cp >> 6)));
		buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_addch(b, (int)(0xE0 | (cp >> 12)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	} else {
		buf_addch(b, (int)(0xF0 | (cp >> 18)));
		buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3F)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		buf_addch(b, (int)(0x80 | (cp & 0x3F)));
	}
}

/*
 * \uXXXX or \u{X...} at s (pointing at the backslash): the number of
 * bytes it spans, 0 if it is not a unicode escape.
 */
static size_t unicode_escape(const char *s, const char *e, uint32_t *cp)
{
	const char *q = s + 2;
	uint32_t v = 0;
	if (q < e && *q == '{') {
		size_t n = 0;
		q++;
		while (q < e && is_xdigit(*q) && n < 7) {
			v = v * 16 + hex_value(*q);
			q++, n++;
		}
		if (n < 1 || n > 6 || q >= e || *q != '}')
			return 0;
		*cp = v;
		return (size_t)(q + 1 - s);
	}
	for (int i = 0; i < 4; i++, q++) {
		if (q >= e || !is_xdigit(*q))
			return 0;
		v = v * 16 + hex_value(*q);
	}
	*cp = v;
	return 6;
}

/* The location of s, which lies in [lx->p, ...): for escape warnings. */
static struct srcloc loc_of(const struct lexer *lx, const char *s)
{
	return s >= lx->p ? lex_loc_ahead(lx, s) : lex_loc_at(lx, s);
}

/*
 * Copies [s, e) into the arena, processing the escapes in `esc`. Returns
 * the NUL-terminated copy; *len_out its length.
 */
const char *lex_unescape(struct lexer *lx, const char *s, const char *e,
			    unsigned esc, size_t *len_out)
{
	const char *bs = esc ? memchr(s, '\\', (size_t)(e - s)) : NULL;
	if (!bs) {
		*len_out = (size_t)(e - s);
		return arena_memdupz(lx->arena, s, (size_t)(e - s));
	}
	struct buf *b = lx->scratch;
	buf_reset(b);
	while (s < e) {
		bs = memchr(s, '\\', (size_t)(e - s));
		if (!bs) {
			buf_add(b, s, (size_t)(e - s));
			break;
		}
		buf_add(b, s, (size_t)(bs - s));
		s = bs;
		if (s + 1 >= e) {
			buf_addch(b, '\\');
			break;
		}
		char c = s[1];
		int out = -1;
		switch (c) {
		case '\\': out = esc & LEX_ESC_BSLASH ? '\\' : -1; break;
		case 't': out = esc & LEX_ESC_T ? '\t' : -1; break;
		case 'r': out = esc & LEX_ESC_R ? '\r' : -1; break;
		case 'n': out = esc & LEX_ESC_N ? '\n' : -1; break;
		case 's': out = esc & LEX_ESC_S ? ' ' : -1; break;
		case '$': out = esc & LEX_ESC_DOLLAR ? '$' : -1; break;
		case '"':
		case '\'': out = esc & LEX_ESC_QUOTES ? c : -1; break;
		case '\n':
			if (esc & LEX_ESC_NL) {
				s += 2;
				continue;
			}
			break;
		case '\r':
			if ((esc & LEX_ESC_NL) && s + 2 < e && s[2] == '\n') {
				s += 3;
				continue;
			}
			break;
		case 'u':
			if (esc & LEX_ESC_U) {
				uint32_t cp;
				size_t n = unicode_escape(s, e, &cp);
				if (n && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
					add_utf8(b, cp);
					s += n;
					continue;
				}
				if (n)
					lex_error(lx, loc_of(lx, s),
						  "invalid unicode escape '%s'",
						  lex_excerpt(lx, s, n));
				diags_add(lx->diags, DIAG_WARNING, loc_of(lx, s),
					  "unicode escape '\\u' is not followed by 4 hex digits or 1 to 6 hex digits in {}");
			}
			break;
		default:
			break;
		}
		if (out >= 0) {
			buf_addch(b, out);
		} else {
			if ((esc & LEX_ESC_WARN) && c != '\n' && c != '\r' && c != 'u')
				diags_add(lx->diags, DIAG_WARNING, loc_of(lx, s),
					  "unrecognized escape sequence '\\%c'",
					  is_printable(c) ? c : '?');
			buf_addch(b, '\\');
			buf_addch(b, c);
		}
		s += 2;
	}
	*len_out = b->len;
	return arena_memdupz(lx->arena, b->ptr, b->len);
}

/* ---- strings ---- */

enum { TERM_END, TERM_VAR, TERM_EXPR };

/*
 * Scans string text from the cursor to its end or its next interpolation
 * and produces the string or string-part token.
 */
void lex_string_part(struct lexer *lx, struct lex_token *t)
{
	struct lex_interp *in = &lx->interp[lx->ninterp - 1];
	unsigned esc = in->is_dq ? LEX_ESC_DQ : lx->escapes;
	bool dollar_escapable = in->is_dq || (esc & LEX_ESC_DOLLAR);
	const char *s = lx->p, *q = s, *e = lx->end;
	int term = TERM_END;
	size_t varlen = 0;

	for (;;) {
		if (q >= e) {
			if (!in->is_dq)
				break;
			/* "${x": the quote that was meant to end the outer string */
			if (lx->ninterp >= 2 && lx->interp[lx->ninterp - 2].in_code) {
				struct lex_interp *out = &lx->interp[lx->ninterp - 2];
				lex_error(lx, in->open,
					  "expected '}' to close '${' at line %u",
					  out->brace.line);
			}
			lex_error(lx, in->open, "unterminated string started at line %u",
				  in->open.line);
		}
		char c = *q;
		if (c == '\\') {
			if (q + 1 < e && (dollar_escapable || q[1] != '$'))
				q += 2;
			else
				q++;
			continue;
		}
		if (c == '"' && in->is_dq)
			break;
		if (c == '$') {
			if (q + 1 < e && q[1] == '{') {
				term = TERM_EXPR;
				break;
			}
			varlen = lex_var_name_len(q + 1, e);
			if (varlen) {
				term = TERM_VAR;
				break;
			}
		}
		q++;
	}

	enum lex_tok type;
	if (term == TERM_END)
		type = in->started ? TOK_DQPOST : TOK_STRING;
	else
		type = in->started ? TOK_DQMID : TOK_DQPRE;
	lex_tok_set(lx, t, type, s, (size_t)(q - s));
	if (!in->started && in->is_dq) {
		/* the string (or its first part) is where its quote is */
		t->loc = in->open;
		t->text = s - 1;
		t->len = (size_t)(q - s) + 1 + (type == TOK_STRING);
	}
	t->str = lex_unescape(lx, s, q, esc, &t->slen);
	lex_advance(lx, q);
	in->started = true;
	switch (term) {
	case TERM_END:
		if (in->is_dq)
			lx->p++;
		lx->ninterp--;
		break;
	case TERM_EXPR:
		in->brace = lex_loc_at(lx, lx->p);
		lx->p += 2;
		in->in_code = true;
		in->brace_at = lx->brace_depth++;
		break;
	case TERM_VAR: {
		struct lex_token v;
		lex_variable(lx, &v, varlen);
		lex_enqueue(lx, &v);
		break;
	}
	}
}

void lex_sq_string(struct lexer *lx, struct lex_token *t)
{
	const char *s = lx->p + 1, *q = s, *e = lx->end;
	bool has_bs = false;
	for (;;) {
		if (q >= e)
			lex_error(lx, lex_loc_at(lx, lx->p),
				  "unterminated string started at line %u",
				  lx->line);
		if (*q == '\\' && q + 1 < e) {
			has_bs = true;
			q += 2;
			continue;
		}
		if (*q == '\'')
			break;
		q++;
	}
	lex_tok_set(lx, t, TOK_STRING, lx->p, (size_t)(q + 1 - lx->p));
	if (!has_bs) {
		t->str = arena_memdupz(lx->arena, s, (size_t)(q - s));
		t->slen = (size_t)(q - s);
	} else {
		/* only \\ and \' are escapes; other backslashes stay */
		char *o = arena_alloc(lx->arena, (size_t)(q - s) + 1);
		size_t n = 0;
		for (const char *r = s; r < q; r++) {
			if (*r == '\\' && r + 1 < q && (r[1] == '\\' || r[1] == '\''))
				r++;
			o[n++] = *r;
		}
		o[n] = '\0';
		t->str = o;
		t->slen = n;
	}
	lex_advance(lx, q + 1);
}

/* ---- heredocs ---- */

/*
 * Whether [ls, le) ends a heredoc tagged `tag`:
 * WS* ('|' WS*)? ('-' WS*)? TAG WS* '\r'? at the end of the line. Like
 * Puppet, the tag need not start the line. Sets the margin to strip (the
 * blanks before '|'), and whether the last line break goes.
 */
static bool heredoc_end(const char *ls, const char *le, const char *tag,
			size_t taglen, const char **lead, size_t *leadlen,
			bool *has_margin, bool *trim)
{
	const char *e = le;
	if (e > ls && e[-1] == '\r')
		e--;
	while (e > ls && is_blank(e[-1]))
		e--;
	if ((size_t)(e - ls) < taglen || memcmp(e - taglen, tag, taglen))
		return false;
	const char *x = e - taglen;
	*has_margin = *trim = false;
	*lead = x;
	*leadlen = 0;
	while (x > ls && is_blank(x[-1]))
		x--;
	if (x > ls && x[-1] == '-') {
		*trim = true;
		x--;
		while (x > ls && is_blank(x[-1]))
			x--;
	}
	if (x > ls && x[-1] == '|') {
		*has_margin = true;
		x--;
		const char *lend = x;
		while (x > ls && is_blank(x[-1]))
			x--;
		*lead = x;
		*leadlen = (size_t)(lend - x);
	}
	return true;
}

static unsigned heredoc_escapes(struct lexer *lx, struct srcloc loc,
				const char *s, const char *e)
{
	if (s == e)
		return LEX_ESC_BSLASH | LEX_ESC_T | LEX_ESC_R | LEX_ESC_N |
		       LEX_ESC_S | LEX_ESC_U | LEX_ESC_NL | LEX_ESC_DOLLAR;
	unsigned esc = LEX_ESC_BSLASH;
	for (const char *q = s; q < e; q++) {
		unsigned bit;
		switch (*q) {
		case 't': bit = LEX_ESC_T; break;
		case 'r': bit = LEX_ESC_R; break;
		case 'n': bit = LEX_ESC_N; break;
		case 's': bit = LEX_ESC_S; break;
		case 'u': bit = LEX_ESC_U; break;
		case 'L': bit = LEX_ESC_NL; break;
		case '$': bit = LEX_ESC_DOLLAR; break;
		default:
			lex_error(lx, loc, "invalid heredoc escape '%c'", *q);
		}
		if (esc & bit)
			lex_error(lx, loc, "heredoc escape '%c' given more than once", *q);
		esc |= bit;
	}
	return esc;
}

void lex_heredoc(struct lexer *lx, struct lex_token *t)
{
	const char *s = lx->p, *e = lx->end, *q = s + 2;
	struct srcloc loc = lex_loc_at(lx, s);

	/* @( TAG (: syntax)? (/ escapes)? ) */
	const char *tag = q;
	while (q < e && *q != ':' && *q != '/' && *q != '\r' && *q != '\n' && *q != ')')
		q++;
	const char *tag_end = q;
	const char *syn = q, *syn_end = q;
	if (q < e && *q == ':') {
		q++;
		while (q < e && is_blank(*q))
			q++;
		syn = q;
		if (q < e && is_lower(*q))
			q++;
		while (q < e && (is_word(*q) || *q == '+'))
			q++;
		syn_end = q;
		if (syn_end - syn < 2)
			lex_error(lx, loc, "invalid heredoc syntax: bad syntax name");
		while (q < e && is_blank(*q))
			q++;
	}
	const char *esc_s = NULL, *esc_e = NULL;
	if (q < e && *q == '/') {
		esc_s = ++q;
		while (q < e && (is_word(*q) || *q == '$'))
			q++;
		esc_e = q;
		while (q < e && is_blank(*q))
			q++;
	}
	if (q >= e || *q != ')')
		lex_error(lx, loc, "invalid heredoc syntax: expected ')' after '@(%s'",
			  lex_excerpt(lx, tag, (size_t)(tag_end - tag)));
	const char *after_spec = q + 1;

	while (tag < tag_end && is_blank(*tag))
		tag++;
	while (tag_end > tag && is_blank(tag_end[-1]))
		tag_end--;
	bool is_dq = false;
	if (tag_end - tag >= 2 && *tag == '"' && tag_end[-1] == '"') {
		is_dq = true;
		tag++, tag_end--;
		while (tag < tag_end && is_blank(*tag))
			tag++;
		while (tag_end > tag && is_blank(tag_end[-1]))
			tag_end--;
	}
	size_t taglen = (size_t)(tag_end - tag);
	if (!taglen)
		lex_error(lx, loc, "heredoc has an empty end tag");
	unsigned esc = esc_s ? heredoc_escapes(lx, loc, esc_s, esc_e) : 0;

	/* the text starts on the next line, after earlier heredocs' text */
	const char *body;
	uint32_t body_line;
	if (lx->newline_jump && lx->newline_jump >= after_spec) {
		body = lx->newline_jump;
		body_line = lx->jump_line;
	} else {
		const char *nl = memchr(after_spec, '\n', (size_t)(e - after_spec));
		if (!nl)
			lex_error(lx, loc, "unterminated heredoc: no text after '@(%s)'",
				  lex_excerpt(lx, tag, taglen));
		body = nl + 1;
		body_line = lex_loc_ahead(lx, body).line;
	}

	const char *ls = body, *lead = NULL;
	size_t leadlen = 0, nlines = 0;
	bool has_margin = false, trim = false;
	for (;;) {
		if (ls >= e)
			lex_error(lx, loc, "unterminated heredoc: no line ends with '%s' after line %u",
				  lex_excerpt(lx, tag, taglen), loc.line);
		const char *le = memchr(ls, '\n', (size_t)(e - ls));
		if (!le)
			le = e;
		if (heredoc_end(ls, le, tag, taglen, &lead, &leadlen,
				&has_margin, &trim)) {
			lx->newline_jump = le < e ? le + 1 : e;
			lx->jump_line = body_line + (uint32_t)nlines + 1;
			break;
		}
		nlines++;
		ls = le < e ? le + 1 : e;
	}

	/* the text: lines with their margin stripped */
	struct buf *b = lx->scratch;
	buf_reset(b);
	uint32_t *margins = arena_alloc(lx->arena, (nlines + 1) * sizeof(*margins));
	const char *r = body;
	for (size_t i = 0; i < nlines; i++) {
		const char *le = memchr(r, '\n', (size_t)(ls - r));
		le = le ? le + 1 : ls;
		if (has_margin && leadlen && (size_t)(le - r) >= leadlen &&
		    !memcmp(r, lead, leadlen)) {
			margins[i] = (uint32_t)leadlen;
			r += leadlen;
		}
		buf_add(b, r, (size_t)(le - r));
		r = le;
	}
	if (trim && b->len && b->ptr[b->len - 1] == '\n') {
		buf_setlen(b, b->len - 1);
		if (b->len && b->ptr[b->len - 1] == '\r')
			buf_setlen(b, b->len - 1);
	}
	size_t tlen = b->len;
	const char *text = arena_memdupz(lx->arena, b->ptr, tlen);

	lex_tok_set(lx, t, TOK_HEREDOC, s, (size_t)(after_spec - s));
	t->str = arena_memdupz(lx->arena, syn, (size_t)(syn_end - syn));
	t->slen = (size_t)(syn_end - syn);
	lx->p = after_spec;

	struct lexer *sub = arena_alloc(lx->arena, sizeof(*sub));
	sub->arena = lx->arena;
	sub->diags = lx->diags;
	sub->file = lx->file;
	sub->src = sub->p = sub->line_start = text;
	sub->end = text + tlen;
	sub->line = sub->line_base = body_line;
	sub->margins = margins;
	sub->nmargins = nlines + 1;
	sub->escapes = esc;
	sub->scratch = lx->scratch;
	sub->after = TOK_HEREDOC;
	if (is_dq) {
		struct lex_interp *in = lex_push_interp(sub);
		in->open = loc;
		lx->sub = sub;
		return;
	}
	/* no interpolation: the whole text is one string */
	struct lex_token st;
	lex_tok_set(sub, &st, TOK_STRING, text, tlen);
	st.str = lex_unescape(sub, text, text + tlen, esc, &st.slen);
	lex_enqueue(lx, &st);
}

/* ---- EPP ---- */

/* Appends [s, e) to b with "%%>" turned into "%>". */
static void add_epp_text(struct buf *b, const char *s, const char *e)
{
	while (s < e) {
		const char *pc = memchr(s, '%', (size_t)(e - s));
		if (!pc) {
			buf_add(b, s, (size_t)(e - s));
			return;
		}
		if (e - pc >= 3 && pc[1] == '%' && pc[2] == '>') {
			buf_add(b, s, (size_t)(pc - s) + 1);
			s = pc + 2;
		} else {
			buf_add(b, s, (size_t)(pc - s) + 1);
			s = pc + 1;
		}
	}
}

static void trim_trailing_blanks(struct buf *b)
{
	size_t n = b->len;
	while (n && is_blank(b->ptr[n - 1]))
		n--;
	buf_setlen(b, n);
}

static const char *find_tag(const char *s, const char *e)
{
	while (s < e) {
		const char *lt = memchr(s, '<', (size_t)(e - s));
		if (!lt || lt + 1 >= e)
			return NULL;
		if (lt[1] == '%')
			return lt;
		s = lt + 1;
	}
	return NULL;
}

/*
 * Template text from the cursor up to the next tag that opens code:
 * queues TOK_RENDER_STRING (unless empty) and, for "<%=", TOK_RENDER_EXPR.
 */
void lex_epp_text(struct lexer *lx)
{
	struct buf *b = lx->scratch;
	const char *e = lx->end;
	struct srcloc text_loc = lex_loc_at(lx, lx->p);
	const char *text_start = lx->p;
	bool skip = lx->epp_trim;
	enum lex_tok then = TOK_EOF;
	struct srcloc tag_loc = text_loc;

	lx->epp_trim = false;
	buf_reset(b);
	for (;;) {
		const char *p = lx->p;
		const char *lt = find_tag(p, e);
		const char *pe = lt ? lt : e;
		if (skip) {
			while (p < pe && is_blank(*p))
				p++;
			if (p < pe && *p == '\r')
				p++;
			if (p < pe && *p == '\n')
				p++;
			skip = false;
		}
		add_epp_text(b, p, pe);
		if (!lt) {
			lex_advance(lx, e);
			lx->epp_mode = LEX_EPP_TEXT;
			break;
		}
		lex_advance(lx, lt);
		tag_loc = lex_loc_at(lx, lt);
		lx->p = lt + 2;
		char c = lt + 2 < e ? lt[2] : '\0';
		if (lt + 2 >= e)
			lex_error(lx, tag_loc, "unterminated epp tag started at line %u",
				  tag_loc.line);
		if (c == '%') {
			buf_add(b, "<%", 2);
			lx->p++;
			continue;
		}
		if (c == '#') {
			/* a comment: up to a %> not preceded by % */
			const char *q = lt + 3, *end = NULL;
			while (q + 1 < e) {
				const char *pc = memchr(q, '%', (size_t)(e - q));
				if (!pc || pc + 1 >= e)
					break;
				if (pc[1] == '>' && pc[-1] != '%') {
					end = pc;
					break;
				}
				q = pc + 1;
			}
			if (!end)
				lex_error(lx, tag_loc, "unterminated epp comment started at line %u",
					  tag_loc.line);
			if (lt + 3 < e && lt[3] == '-')
				trim_trailing_blanks(b);
			if (end[-1] == '-')
				skip = true;
			lex_advance(lx, end + 2);
			continue;
		}
		lx->epp_open = tag_loc;
		lx->line_has_code = true;
		if (c == '-') {
			lx->p++;
			trim_trailing_blanks(b);
			lx->epp_mode = LEX_EPP_CODE;
		} else if (c == '=') {
			lx->p++;
			lx->epp_mode = LEX_EPP_EXPR;
			then = TOK_RENDER_EXPR;
		} else {
			lx->epp_mode = LEX_EPP_CODE;
		}
		break;
	}
	if (b->len) {
		struct lex_token t;
		memset(&t, 0, sizeof(t));
		t.type = TOK_RENDER_STRING;
		t.loc = text_loc;
		t.text = text_start;
		t.len = (size_t)(lx->p - text_start);
		t.str = arena_memdupz(lx->arena, b->ptr, b->len);
		t.slen = b->len;
		lex_enqueue(lx, &t);
	}
	if (then == TOK_RENDER_EXPR) {
		struct lex_token t;
		memset(&t, 0, sizeof(t));
		t.type = TOK_RENDER_EXPR;
		t.loc = tag_loc;
		t.text = lx->p - 3;
		t.len = 3;
		lex_enqueue(lx, &t);
	}
}
