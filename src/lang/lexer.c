/* SPDX-License-Identifier: MIT */
/* lexer.c: Puppet 7 tokens, string interpolation, heredocs and EPP text */
#include "util/compat.h"
#include "lang/lexer-internal.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

/*
 * How the lexer works, following Puppet's lexer2.rb so that the same text
 * gives the same tokens:
 *
 * 1. lex_next() first hands out queued tokens (a "$x" interpolated after
 *    a string part, EPP text followed by "<%="), then the tokens of a
 *    running heredoc sub-lexer, then whatever the current mode scans.
 * 2. Modes: code (lex_code), the text of an open string (lex_string_part,
 *    when the innermost entry of `interp` is not lexing an expression), EPP
 *    template text (lex_epp_text). The text modes are in lexer_text.c.
 * 3. "${" opens an expression: the brace depth at that point is recorded
 *    and the '}' that brings the depth back to it returns to string mode.
 * 4. A heredoc's text starts on the line after its @(...) and is skipped
 *    when the lexer reaches that line's end (newline_jump). Text that
 *    interpolates is lexed by a sub-lexer over the margin-stripped copy;
 *    its locations map back to the file through line_base and margins.
 * 5. Errors are recorded in the diags and unwind with longjmp to lex_next,
 *    which returns TOK_ERROR; the lexer then reports only TOK_EOF.
 */

/* ORDER TOKEN */
static const char *const tok_names[TOK_MAX] = {
	"end of input", "error", "name", "word", "type name", "variable",
	"integer", "float", "string", "string", "string", "string", "regex",
	"heredoc",
	"and", "attr", "case", "class", "default", "define", "else", "elsif",
	"false", "function", "if", "in", "inherits", "node", "or", "private",
	"true", "type", "undef", "unless",
	"[", "[", "]", "{", "{", "}", "(", "(", ")",
	"=", "+=", "-=", "==", "!=", "=~", "!~", ">=", ">", "<=", "<",
	"=>", "+>", "<<", "<<|", "<|", ">>", "|>>", "|>",
	"+", "-", "/", "*", "%", "!",
	".", "|", "@", "@@", ":", ",", ";", "?", "~",
	"->", "~>", "<-", "<~",
	"template text", "<%=", "%>", "-%>", "character",
};

const char *lex_tok_name(enum lex_tok t)
{
	return (unsigned)t < TOK_MAX ? tok_names[t] : "?";
}

/* open addressing; the strings are in the arena, the table is not */
struct lex_words {
	const char **slot;
	size_t cap, n; /* cap: 0 or a power of two */
};

void lex_init(struct lexer *lx, struct arena *a, struct diags *d,
	      const char *file, const char *src, size_t len, bool is_epp)
{
	memset(lx, 0, sizeof(*lx));
	lx->arena = a;
	lx->diags = d;
	lx->file = file;
	lx->src = src;
	lx->end = src + len;
	lx->p = src;
	lx->line = 1;
	lx->line_start = src;
	lx->after = TOK_EOF;
	lx->own_scratch = xcalloc(1, sizeof(*lx->own_scratch));
	buf_init(lx->own_scratch, 0);
	lx->scratch = lx->own_scratch;
	lx->words = xcalloc(1, sizeof(*lx->words));
	/* a UTF-8 byte order mark is not part of the text */
	if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
		lx->p = lx->line_start = src + 3;
	if (is_epp)
		lx->epp_mode = LEX_EPP_TEXT;
}

void lex_release(struct lexer *lx)
{
	if (lx->own_scratch) {
		buf_release(lx->own_scratch);
		free(lx->own_scratch);
	}
	lx->own_scratch = NULL;
	lx->scratch = NULL;
	if (lx->words) {
		free(lx->words->slot);
		free(lx->words);
	}
	lx->words = NULL;
}

/* ---- bare words, stored once ---- */

static size_t word_hash(const char *s, size_t len)
{
	size_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void words_grow(struct lex_words *w)
{
	size_t cap = w->cap ? w->cap * 2 : 64;
	const char **slot = xcalloc(cap, sizeof(*slot));
	for (size_t i = 0; i < w->cap; i++) {
		const char *s = w->slot[i];
		if (!s)
			continue;
		size_t k = word_hash(s, strlen(s)) & (cap - 1);
		while (slot[k])
			k = (k + 1) & (cap - 1);
		slot[k] = s;
	}
	free(w->slot);
	w->slot = slot;
	w->cap = cap;
}

/* [s, s+len) NUL-terminated in the arena, shared by every use of it */
static const char *word_copy(struct lexer *lx, const char *s, size_t len)
{
	struct lex_words *w = lx->words;
	if (!w)
		return arena_memdupz(lx->arena, s, len);
	if (2 * (w->n + 1) > w->cap)
		words_grow(w);
	size_t k = word_hash(s, len) & (w->cap - 1);
	for (; w->slot[k]; k = (k + 1) & (w->cap - 1))
		if (!strncmp(w->slot[k], s, len) && !w->slot[k][len])
			return w->slot[k];
	w->slot[k] = arena_memdupz(lx->arena, s, len);
	w->n++;
	return w->slot[k];
}

/* ---- locations and errors ---- */

/* The location of p, which must be on the current line. */
struct srcloc lex_loc_at(const struct lexer *lx, const char *p)
{
	struct srcloc l;
	l.file = lx->file;
	l.line = lx->line;
	l.col = (uint32_t)(p - lx->line_start) + 1;
	if (lx->margins) {
		size_t i = lx->line - lx->line_base;
		if (i < lx->nmargins)
			l.col += lx->margins[i];
	}
	return l;
}

/* Moves the cursor forward to q, counting the lines it passes. */
void lex_advance(struct lexer *lx, const char *q)
{
	const char *p = lx->p;
	while (p < q) {
		const char *nl = memchr(p, '\n', (size_t)(q - p));
		if (!nl)
			break;
		lx->line++;
		p = nl + 1;
		lx->line_start = p;
	}
	lx->p = q;
}

/* The location of q, anywhere after the cursor. */
struct srcloc lex_loc_ahead(const struct lexer *lx, const char *q)
{
	struct lexer tmp = *lx;
	lex_advance(&tmp, q);
	return lex_loc_at(&tmp, q);
}

void lex_error(struct lexer *lx, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(lx->diags, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
	lx->failed = true;
	longjmp(lx->err_jb, 1);
}

/* Describes up to 20 bytes at p for a message, on one line. */
const char *lex_excerpt(struct lexer *lx, const char *p, size_t max)
{
	struct buf *b = lx->scratch;
	buf_reset(b);
	for (size_t i = 0; i < max && p + i < lx->end; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\n' || c == '\r')
			break;
		if (c < 0x20 || c >= 0x7f)
			buf_addf(b, "\\x%02X", c);
		else
			buf_addch(b, c);
	}
	return arena_memdupz(lx->arena, b->ptr, b->len);
}

/* ---- token helpers ---- */

void lex_tok_set(struct lexer *lx, struct lex_token *t, enum lex_tok type,
		    const char *start, size_t len)
{
	t->type = type;
	t->loc = lex_loc_at(lx, start);
	t->text = start;
	t->len = len;
	t->str = NULL;
	t->slen = 0;
	t->ival = 0;
	t->fval = 0;
}

/* A punctuation token of `len` bytes at the cursor. */
static void punct(struct lexer *lx, struct lex_token *t, enum lex_tok type,
		  size_t len)
{
	lex_tok_set(lx, t, type, lx->p, len);
	lx->p += len;
}

void lex_enqueue(struct lexer *lx, const struct lex_token *t)
{
	if (lx->nqueue >= ARRAY_SIZE(lx->queue))
		BUG("lexer token queue overflow");
	lx->queue[(lx->qhead + lx->nqueue) % ARRAY_SIZE(lx->queue)] = *t;
	lx->nqueue++;
}

/* ---- variables ---- */

/* Length of the variable name at p ("::a::b", "x", "0"), 0 if none. */
size_t lex_var_name_len(const char *p, const char *end)
{
	const char *q = p;
	if (end - q >= 3 && q[0] == ':' && q[1] == ':' && is_word(q[2]))
		q += 2;
	if (q >= end || !is_word(*q))
		return 0;
	for (;;) {
		while (q < end && is_word(*q))
			q++;
		if (end - q >= 3 && q[0] == ':' && q[1] == ':' && is_word(q[2]))
			q += 2;
		else
			break;
	}
	return (size_t)(q - p);
}

/* A TOK_VARIABLE for the '$' at the cursor followed by `n` name bytes. */
void lex_variable(struct lexer *lx, struct lex_token *t, size_t n)
{
	lex_tok_set(lx, t, TOK_VARIABLE, lx->p, n + 1);
	t->str = arena_memdupz(lx->arena, lx->p + 1, n);
	t->slen = n;
	lx->p += n + 1;
}

/* ---- string interpolation ---- */

struct lex_interp *lex_push_interp(struct lexer *lx)
{
	if (lx->ninterp >= lx->ainterp) {
		size_t n = lx->ainterp ? lx->ainterp * 2 : 4;
		lx->interp = arena_realloc(lx->arena, lx->interp,
					   lx->ainterp * sizeof(*lx->interp),
					   n * sizeof(*lx->interp));
		lx->ainterp = n;
	}
	struct lex_interp *in = &lx->interp[lx->ninterp++];
	memset(in, 0, sizeof(*in));
	return in;
}

/* ---- numbers ---- */

static bool word_end(const char *q, const char *e)
{
	return q >= e || !is_word(*q);
}

static void number(struct lexer *lx, struct lex_token *t)
{
	const char *s = lx->p, *e = lx->end, *q = s, *m = NULL;
	bool is_float = false;

	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && is_xdigit(s[2])) {
		q = s + 2;
		while (q < e && is_xdigit(*q))
			q++;
		if (word_end(q, e))
			m = q;
	}
	if (!m) {
		/* \d+ (\.\d+)? ([eE]-?\d+)? followed by a word boundary */
		const char *d = s;
		while (d < e && is_digit(*d))
			d++;
		const char *f = NULL, *x1 = NULL, *x2 = NULL;
		if (d + 1 < e && *d == '.' && is_digit(d[1])) {
			f = d + 1;
			while (f < e && is_digit(*f))
				f++;
		}
		const char *at = f ? f : d;
		x1 = at;
		if (x1 < e && (*x1 == 'e' || *x1 == 'E')) {
			const char *r = x1 + 1;
			if (r < e && *r == '-')
				r++;
			if (r < e && is_digit(*r)) {
				while (r < e && is_digit(*r))
					r++;
				x2 = r;
			}
		}
		if (f && x2 && word_end(x2, e))
			m = x2, is_float = true;
		else if (f && word_end(f, e))
			m = f, is_float = true;
		else if (!f && x2 && word_end(x2, e))
			m = x2, is_float = true;
		else if (word_end(d, e))
			m = d;
	}
	if (!m) {
		q = s;
		while (q < e && (is_word(*q) || *q == '.'))
			q++;
		lex_error(lx, lex_loc_at(lx, s), "invalid number '%s'",
			  lex_excerpt(lx, s, (size_t)(q - s)));
	}

	size_t len = (size_t)(m - s);
	char *text = arena_memdupz(lx->arena, s, len);
	lex_tok_set(lx, t, is_float ? TOK_FLOAT : TOK_INT, s, len);
	t->str = text;
	t->slen = len;
	lx->p = m;
	int base = 10;
	const char *digits = text;
	if (len > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		digits = text + 2;
	} else if (len > 1 && text[0] == '0' && text[1] != '.') {
		/* like Puppet: after a leading 0, anything but ".5" is octal */
		base = 8;
		for (const char *r = text; *r; r++)
			if (*r < '0' || *r > '7')
				lex_error(lx, t->loc, "invalid octal number '%s'", text);
	}
	if (is_float) {
		t->fval = strtod(text, NULL);
		return;
	}
	uint64_t v = 0;
	for (const char *r = digits; *r; r++) {
		unsigned d = hex_value(*r);
		if (v > (UINT64_MAX - d) / (unsigned)base)
			goto too_big;
		v = v * (unsigned)base + d;
	}
	if (v > (uint64_t)INT64_MAX)
		goto too_big;
	t->ival = (int64_t)v;
	return;
too_big:
	lex_error(lx, t->loc, "integer '%s' is too large", text);
}

/* ---- names ---- */

static enum lex_tok keyword(const char *s, size_t n)
{
#define KW(str, tok) \
	if (n == sizeof(str) - 1 && !memcmp(s, str, n)) \
		return tok
	switch (s[0]) {
	case 'a':
		KW("and", TOK_AND);
		KW("attr", TOK_ATTR);
		break;
	case 'c':
		KW("case", TOK_CASE);
		KW("class", TOK_CLASS);
		break;
	case 'd':
		KW("default", TOK_DEFAULT);
		KW("define", TOK_DEFINE);
		break;
	case 'e':
		KW("else", TOK_ELSE);
		KW("elsif", TOK_ELSIF);
		break;
	case 'f':
		KW("false", TOK_FALSE);
		KW("function", TOK_FUNCTION);
		break;
	case 'i':
		KW("if", TOK_IF);
		KW("in", TOK_IN);
		KW("inherits", TOK_INHERITS);
		break;
	case 'n':
		KW("node", TOK_NODE);
		break;
	case 'o':
		KW("or", TOK_OR);
		break;
	case 'p':
		KW("private", TOK_PRIVATE);
		break;
	case 't':
		KW("true", TOK_TRUE);
		KW("type", TOK_TYPE);
		break;
	case 'u':
		KW("undef", TOK_UNDEF);
		KW("unless", TOK_UNLESS);
		break;
	}
#undef KW
	return TOK_NAME;
}

/*
 * A bare word at the cursor (which is at [a-z_] or "::"): segments
 * [a-z_][\w-]*\w joined by "::". It is a TOK_NAME when every segment starts
 * with a lowercase letter and has no '-', else a TOK_WORD.
 */
static void bare_word(struct lexer *lx, struct lex_token *t)
{
	const char *s = lx->p, *q = s, *e = lx->end;
	bool is_name = true, has_colons = false;
	for (;;) {
		if (q + 2 < e && q[0] == ':' && q[1] == ':' &&
		    (is_lower(q[2]) || q[2] == '_')) {
			q += 2;
			has_colons = true;
		} else if (q != s) {
			break;
		}
		if (*q == '_')
			is_name = false;
		const char *r = q + 1;
		while (r < e && (is_word(*r) || *r == '-'))
			r++;
		while (r[-1] == '-')
			r--;
		if (memchr(q, '-', (size_t)(r - q)))
			is_name = false;
		q = r;
	}
	size_t len = (size_t)(q - s);
	enum lex_tok type = TOK_WORD;
	if (is_name)
		type = has_colons ? TOK_NAME : keyword(s, len);
	lex_tok_set(lx, t, type, s, len);
	if (type == TOK_NAME || type == TOK_WORD) {
		t->str = word_copy(lx, s, len);
		t->slen = len;
	} else {
		t->str = tok_names[type];
		t->slen = len;
	}
	lx->p = q;
}

/* A type name at the cursor: ((::)?[A-Z]\w*)+, not followed by "::". */
static void class_ref(struct lexer *lx, struct lex_token *t)
{
	const char *s = lx->p, *q = s, *e = lx->end;
	for (;;) {
		if (q + 2 < e && q[0] == ':' && q[1] == ':' && is_upper(q[2]))
			q += 2;
		else if (q != s)
			break;
		q++;
		while (q < e && is_word(*q))
			q++;
	}
	if (e - q >= 2 && q[0] == ':' && q[1] == ':')
		lex_error(lx, lex_loc_at(lx, s), "invalid type name '%s'",
			  lex_excerpt(lx, s, (size_t)(q - s) + 2));
	size_t len = (size_t)(q - s);
	lex_tok_set(lx, t, TOK_CLASSREF, s, len);
	t->str = arena_memdupz(lx->arena, s, len);
	t->slen = len;
	lx->p = q;
}

/* ---- regular expressions ---- */

static bool regex_acceptable(enum lex_tok after)
{
	switch (after) {
	case TOK_RPAREN: case TOK_RBRACK: case TOK_RRCOLLECT: case TOK_RCOLLECT:
	case TOK_NAME: case TOK_CLASSREF: case TOK_INT: case TOK_FLOAT:
	case TOK_STRING: case TOK_TRUE: case TOK_FALSE: case TOK_DQPRE:
	case TOK_DQMID: case TOK_DQPOST: case TOK_HEREDOC: case TOK_REGEX:
	case TOK_VARIABLE: case TOK_WORD:
		return false;
	default:
		return true;
	}
}

/* A /regex/ at the cursor; false when there is no closing slash. */
static bool regex(struct lexer *lx, struct lex_token *t)
{
	const char *s = lx->p, *e = lx->end, *q = s + 1;
	for (;;) {
		const char *sl = memchr(q, '/', (size_t)(e - q));
		if (!sl)
			return false;
		size_t nbs = 0;
		for (const char *r = sl - 1; r > s && *r == '\\'; r--)
			nbs++;
		q = sl + 1;
		if (nbs % 2 == 0)
			break;
	}
	/* the pattern, with \/ turned into / */
	const char *ps = s + 1, *pe = q - 1;
	char *o = arena_alloc(lx->arena, (size_t)(pe - ps) + 1);
	size_t n = 0;
	for (const char *r = ps; r < pe; r++) {
		if (*r == '\\' && r + 1 < pe && r[1] == '/')
			r++;
		o[n++] = *r;
	}
	o[n] = '\0';
	lex_tok_set(lx, t, TOK_REGEX, s, (size_t)(q - s));
	t->str = o;
	t->slen = n;
	lex_advance(lx, q);
	return true;
}

/* ---- code ---- */

/*
 * Lexes one token of code. Returns false when it produced none because
 * the mode changed (an EPP "%>" ending a code tag, the end of a "${").
 */
static bool lex_code(struct lexer *lx, struct lex_token *t)
{
	const char *e = lx->end;
	for (;;) {
		const char *p = lx->p;
		if (p >= e) {
			if (lx->ninterp && lx->interp[lx->ninterp - 1].in_code) {
				struct lex_interp *in = &lx->interp[lx->ninterp - 1];
				lex_error(lx, in->brace, "expected '}' to close '${' at line %u",
					  in->brace.line);
			}
			if (lx->epp_mode == LEX_EPP_CODE || lx->epp_mode == LEX_EPP_EXPR)
				lex_error(lx, lx->epp_open, "unterminated epp tag started at line %u",
					  lx->epp_open.line);
			lex_tok_set(lx, t, TOK_EOF, p, 0);
			return true;
		}
		unsigned char c = (unsigned char)*p;
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			/* after the token: '(' is not first on its line */
			if (!lx->line_has_code && c != '(') {
				lx->line_has_code = true;
			} else if (c == '(') {
				bool first = !lx->line_has_code;
				lx->line_has_code = true;
				punct(lx, t, first ? TOK_WSLPAREN : TOK_LPAREN, 1);
				return true;
			}
		}
		char c1 = p + 1 < e ? p[1] : '\0';
		char c2 = p + 2 < e ? p[2] : '\0';
		switch (c) {
		case ' ': case '\t': case '\r':
			p++;
			while (p < e && (is_blank(*p) || *p == '\r'))
				p++;
			lx->p = p;
			continue;
		case '\n':
			if (lx->newline_jump && lx->newline_jump > p) {
				lx->p = lx->newline_jump;
				lx->line = lx->jump_line;
			} else {
				lx->p = p + 1;
				lx->line++;
			}
			lx->newline_jump = NULL;
			lx->line_start = lx->p;
			lx->line_has_code = false;
			continue;
		case '#': {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			lx->p = nl ? nl : e;
			continue;
		}
		case '/':
			if (c1 == '*') {
				const char *q = p + 2;
				for (;;) {
					const char *st = memchr(q, '*', (size_t)(e - q));
					if (!st || st + 1 >= e)
						lex_error(lx, lex_loc_at(lx, p),
							  "unterminated comment started at line %u",
							  lx->line);
					if (st[1] == '/') {
						lex_advance(lx, st + 2);
						break;
					}
					q = st + 1;
				}
				continue;
			}
			if (regex_acceptable(lx->after) && regex(lx, t))
				return true;
			punct(lx, t, TOK_DIV, 1);
			return true;
		case '.': punct(lx, t, TOK_DOT, 1); return true;
		case ',': punct(lx, t, TOK_COMMA, 1); return true;
		case ';': punct(lx, t, TOK_SEMIC, 1); return true;
		case '?': punct(lx, t, TOK_QMARK, 1); return true;
		case '*': punct(lx, t, TOK_TIMES, 1); return true;
		case ')': punct(lx, t, TOK_RPAREN, 1); return true;
		case ']': punct(lx, t, TOK_RBRACK, 1); return true;
		case '[': {
			char pc = p > lx->src ? p[-1] : ' ';
			punct(lx, t, (is_blank(pc) || pc == '\r' || pc == '\n')
				     ? TOK_LISTSTART : TOK_LBRACK, 1);
			return true;
		}
		case '{':
			lx->brace_depth++;
			punct(lx, t, lx->after == TOK_QMARK ? TOK_SELBRACE : TOK_LBRACE,
			      1);
			return true;
		case '}':
			lx->brace_depth--;
			if (lx->ninterp) {
				struct lex_interp *in = &lx->interp[lx->ninterp - 1];
				if (in->in_code && lx->brace_depth == in->brace_at) {
					in->in_code = false;
					lx->p = p + 1;
					return false;
				}
			}
			punct(lx, t, TOK_RBRACE, 1);
			return true;
		case '%':
			if (c1 == '>' && lx->epp_mode >= LEX_EPP_CODE) {
				bool was_expr = lx->epp_mode == LEX_EPP_EXPR;
				if (was_expr)
					punct(lx, t, TOK_EPP_END, 2);
				else
					lx->p = p + 2;
				lx->epp_mode = LEX_EPP_TEXT;
				return was_expr;
			}
			punct(lx, t, TOK_MODULO, 1);
			return true;
		case '-':
			if (c1 == '%' && c2 == '>' && lx->epp_mode >= LEX_EPP_CODE) {
				bool was_expr = lx->epp_mode == LEX_EPP_EXPR;
				if (was_expr)
					punct(lx, t, TOK_EPP_END_TRIM, 3);
				else
					lx->p = p + 3;
				lx->epp_mode = LEX_EPP_TEXT;
				lx->epp_trim = true;
				return was_expr;
			}
			if (c1 == '>')
				punct(lx, t, TOK_IN_EDGE, 2);
			else if (c1 == '=')
				punct(lx, t, TOK_DELETES, 2);
			else
				punct(lx, t, TOK_MINUS, 1);
			return true;
		case '@':
			if (c1 == '@')
				punct(lx, t, TOK_ATAT, 2);
			else if (c1 == '(')
				lex_heredoc(lx, t);
			else
				punct(lx, t, TOK_AT, 1);
			return true;
		case '|':
			if (c1 == '>')
				punct(lx, t, c2 == '>' ? TOK_RRCOLLECT : TOK_RCOLLECT,
				      c2 == '>' ? 3 : 2);
			else
				punct(lx, t, TOK_PIPE, 1);
			return true;
		case '=':
			if (c1 == '=')
				punct(lx, t, TOK_ISEQUAL, 2);
			else if (c1 == '>')
				punct(lx, t, TOK_FARROW, 2);
			else if (c1 == '~')
				punct(lx, t, TOK_MATCH, 2);
			else
				punct(lx, t, TOK_EQUALS, 1);
			return true;
		case '+':
			if (c1 == '=')
				punct(lx, t, TOK_APPENDS, 2);
			else if (c1 == '>')
				punct(lx, t, TOK_PARROW, 2);
			else
				punct(lx, t, TOK_PLUS, 1);
			return true;
		case '!':
			if (c1 == '=')
				punct(lx, t, TOK_NOTEQUAL, 2);
			else if (c1 == '~')
				punct(lx, t, TOK_NOMATCH, 2);
			else
				punct(lx, t, TOK_NOT, 1);
			return true;
		case '~':
			punct(lx, t, c1 == '>' ? TOK_IN_EDGE_SUB : TOK_TILDE,
			      c1 == '>' ? 2 : 1);
			return true;
		case '<':
			if (c1 == '<')
				punct(lx, t, c2 == '|' ? TOK_LLCOLLECT : TOK_LSHIFT,
				      c2 == '|' ? 3 : 2);
			else if (c1 == '=')
				punct(lx, t, TOK_LE, 2);
			else if (c1 == '|')
				punct(lx, t, TOK_LCOLLECT, 2);
			else if (c1 == '-')
				punct(lx, t, TOK_OUT_EDGE, 2);
			else if (c1 == '~')
				punct(lx, t, TOK_OUT_EDGE_SUB, 2);
			else
				punct(lx, t, TOK_LT, 1);
			return true;
		case '>':
			if (c1 == '>')
				punct(lx, t, TOK_RSHIFT, 2);
			else if (c1 == '=')
				punct(lx, t, TOK_GE, 2);
			else
				punct(lx, t, TOK_GT, 1);
			return true;
		case ':':
			if (c1 == ':') {
				if (is_upper(c2)) {
					class_ref(lx, t);
				} else if (is_lower(c2) || c2 == '_') {
					bare_word(lx, t);
				} else {
					lex_error(lx, lex_loc_at(lx, p),
						  "invalid name: '::' must be followed by a name");
				}
				return true;
			}
			punct(lx, t, TOK_COLON, 1);
			return true;
		case '$': {
			size_t n = lex_var_name_len(p + 1, e);
			if (!n)
				lex_error(lx, lex_loc_at(lx, p),
					  "syntax error: '$' must be followed by a variable name");
			lex_variable(lx, t, n);
			return true;
		}
		case '"': {
			struct lex_interp *in = lex_push_interp(lx);
			in->is_dq = true;
			in->open = lex_loc_at(lx, p);
			lx->p = p + 1;
			lex_string_part(lx, t);
			return true;
		}
		case '\'':
			lex_sq_string(lx, t);
			return true;
		default:
			break;
		}
		if (is_digit(c)) {
			number(lx, t);
			return true;
		}
		if (is_lower(c) || c == '_') {
			bare_word(lx, t);
			return true;
		}
		if (is_upper(c)) {
			class_ref(lx, t);
			return true;
		}
		/* a character that starts no token: a UTF-8 sequence as a whole */
		size_t n = 1;
		if (c >= 0xC0)
			while (p + n < e && ((unsigned char)p[n] & 0xC0) == 0x80 && n < 4)
				n++;
		lex_tok_set(lx, t, TOK_OTHER, p, n);
		t->str = arena_memdupz(lx->arena, p, n);
		t->slen = n;
		lx->p = p + n;
		return true;
	}
}

static void next_token(struct lexer *lx, struct lex_token *t)
{
	for (;;) {
		if (lx->nqueue) {
			*t = lx->queue[lx->qhead];
			lx->qhead = (lx->qhead + 1) % ARRAY_SIZE(lx->queue);
			lx->nqueue--;
			return;
		}
		if (lx->sub) {
			lex_next(lx->sub, t);
			if (t->type == TOK_ERROR) {
				lx->failed = true;
				return;
			}
			if (t->type != TOK_EOF)
				return;
			lx->sub = NULL;
			continue;
		}
		if (lx->ninterp && !lx->interp[lx->ninterp - 1].in_code) {
			lex_string_part(lx, t);
			return;
		}
		if (lx->epp_mode == LEX_EPP_TEXT) {
			if (lx->p >= lx->end) {
				lex_tok_set(lx, t, TOK_EOF, lx->p, 0);
				return;
			}
			lex_epp_text(lx);
			continue;
		}
		if (lex_code(lx, t))
			return;
	}
}

void lex_next(struct lexer *lx, struct lex_token *out)
{
	if (lx->failed) {
		memset(out, 0, sizeof(*out));
		out->type = TOK_EOF;
		out->loc.file = lx->file;
		return;
	}
	if (setjmp(lx->err_jb)) {
		memset(out, 0, sizeof(*out));
		out->type = TOK_ERROR;
		out->loc.file = lx->file;
		lx->nqueue = 0;
		lx->sub = NULL;
		return;
	}
	next_token(lx, out);
	lx->after = out->type;
}
