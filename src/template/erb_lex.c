/* SPDX-License-Identifier: MIT */
/* erb_lex.c: the Ruby tokenizer, over the segments of a template */
#include "util/compat.h"
#include <math.h>
#include "template/erb-internal.h"
#include "lang/regex.h"
#include "util/arena.h"
#include "util/buf.h"

/*
 * 1. Segments come from erb_scan.c. A text segment is a TK_TEXT token, an
 *    insert one TK_INSERT ... TK_INSERT_END, and a TK_NL follows each (the
 *    "; " ERB puts between the statements of its generated script).
 * 2. Tokens. The lexer follows Ruby's lexer states: at the start of an
 *    operand (LS_BEG) `/` starts a regex, `-1` is a number, `[` an array;
 *    after an operand (LS_END) they are operators; after a method name
 *    (LS_ARG) spacing decides, as in `foo -1` (an argument) against
 *    `foo - 1`. Whether an identifier is a local (LS_END) or a method
 *    (LS_ARG) is asked of the parser when the next token is read.
 */

enum { LS_BEG, LS_END, LS_ARG, LS_DOT, LS_IDENT };
enum { P_START, P_CODE, P_CLOSE, P_NL };

int erb_lex_init(struct erb_lexer *lx, struct arena *a, struct diags *d,
		 const char *file, const char *src, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->a = a;
	lx->d = d;
	lx->file = file;
	erb_scan(&lx->segs, &lx->nsegs, &lx->end_line, &lx->end_col, a, file,
		 src, len);
	lx->state = LS_BEG;
	lx->prev = TK_NL;
	return 0;
}

void erb_lex_init_code(struct erb_lexer *lx, struct arena *a,
		       struct diags *d, const char *code, size_t len,
		       struct srcloc loc)
{
	memset(lx, 0, sizeof(*lx));
	lx->a = a;
	lx->d = d;
	lx->file = loc.file;
	lx->p = code;
	lx->end = code + len;
	lx->line = loc.line;
	lx->col = loc.col;
	lx->state = LS_BEG;
	lx->prev = TK_NL;
}

static bool at(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

/* ---- character helpers ---- */

static bool is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (c >= 0x80 && c <= 0xff);
}

static bool is_ident_char(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static struct srcloc here(const struct erb_lexer *lx)
{
	struct srcloc l = { lx->file, lx->line, lx->col };
	return l;
}

static void adv(struct erb_lexer *lx, size_t n)
{
	erb_advance_loc(&lx->line, &lx->col, lx->p, n);
	lx->p += n;
}

static int peekc(const struct erb_lexer *lx, size_t k)
{
	return lx->p + k < lx->end ? (unsigned char)lx->p[k] : -1;
}

static void lex_error(struct erb_lexer *lx, struct srcloc loc, const char *fmt,
		      ...) __attribute__((format(printf, 3, 4)));

static void lex_error(struct erb_lexer *lx, struct srcloc loc,
		      const char *fmt, ...)
{
	if (lx->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(lx->d, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
	lx->failed = true;
	lx->p = lx->end;
	lx->si = lx->nsegs;
}

/* ---- keywords ---- */

static const struct {
	const char *name;
	enum erb_tok tok;
} keywords[] = {
	{ "BEGIN", TK_KW_UNSUPPORTED }, { "END", TK_KW_UNSUPPORTED },
	{ "__FILE__", TK_KW_UNSUPPORTED }, { "__LINE__", TK_KW_UNSUPPORTED },
	{ "__method__", TK_KW_UNSUPPORTED }, { "__ENCODING__", TK_KW_UNSUPPORTED },
	{ "alias", TK_KW_UNSUPPORTED }, { "and", TK_AND },
	{ "begin", TK_BEGIN }, { "break", TK_BREAK }, { "case", TK_CASE },
	{ "class", TK_KW_UNSUPPORTED }, { "def", TK_DEF },
	{ "do", TK_DO }, { "else", TK_ELSE }, { "elsif", TK_ELSIF },
	{ "end", TK_END }, { "ensure", TK_ENSURE }, { "false", TK_FALSE },
	{ "for", TK_FOR }, { "if", TK_IF }, { "in", TK_IN },
	{ "module", TK_KW_UNSUPPORTED }, { "next", TK_NEXT }, { "nil", TK_NIL },
	{ "not", TK_NOT }, { "or", TK_OR }, { "redo", TK_KW_UNSUPPORTED },
	{ "rescue", TK_RESCUE }, { "retry", TK_KW_UNSUPPORTED },
	{ "return", TK_RETURN }, { "self", TK_SELF },
	{ "super", TK_KW_UNSUPPORTED }, { "then", TK_THEN }, { "true", TK_TRUE },
	{ "undef", TK_KW_UNSUPPORTED }, { "unless", TK_UNLESS },
	{ "until", TK_UNTIL }, { "when", TK_WHEN }, { "while", TK_WHILE },
	{ "yield", TK_KW_UNSUPPORTED },
};

static enum erb_tok keyword(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (strlen(keywords[i].name) == len &&
		    !memcmp(keywords[i].name, s, len))
			return keywords[i].tok;
	return TK_EOF;
}

const char *erb_tok_name(enum erb_tok t)
{
	switch (t) {
	case TK_EOF: return "end of template";
	case TK_NL: return "end of statement";
	case TK_TEXT: return "template text";
	case TK_INSERT: return "'<%='";
	case TK_INSERT_END: return "'%>'";
	case TK_INT: case TK_FLOAT: return "number";
	case TK_STR: return "string";
	case TK_REGEX: return "regular expression";
	case TK_SYM: case TK_DSYM: return "symbol";
	case TK_WORDS: case TK_SYMBOLS: return "word list";
	case TK_IDENT: return "identifier";
	case TK_CONST: return "constant";
	case TK_IVAR: return "instance variable";
	case TK_GVAR: return "global variable";
	case TK_LABEL: return "label";
	case TK_UMINUS_NUM: case TK_UMINUS: case TK_MINUS: return "'-'";
	case TK_IF: return "'if'";
	case TK_UNLESS: return "'unless'";
	case TK_ELSIF: return "'elsif'";
	case TK_ELSE: return "'else'";
	case TK_END: return "'end'";
	case TK_THEN: return "'then'";
	case TK_WHILE: return "'while'";
	case TK_UNTIL: return "'until'";
	case TK_DO: return "'do'";
	case TK_CASE: return "'case'";
	case TK_WHEN: return "'when'";
	case TK_AND: return "'and'";
	case TK_OR: return "'or'";
	case TK_NOT: return "'not'";
	case TK_TRUE: return "'true'";
	case TK_FALSE: return "'false'";
	case TK_NIL: return "'nil'";
	case TK_SELF: return "'self'";
	case TK_BREAK: return "'break'";
	case TK_NEXT: return "'next'";
	case TK_BEGIN: return "'begin'";
	case TK_RESCUE: return "'rescue'";
	case TK_ENSURE: return "'ensure'";
	case TK_FOR: return "'for'";
	case TK_IN: return "'in'";
	case TK_DEFINED: return "'defined?'";
	case TK_RETURN: return "'return'";
	case TK_DEF: return "'def'";
	case TK_KW_UNSUPPORTED: return "keyword";
	case TK_PLUS: case TK_UPLUS: return "'+'";
	case TK_MUL: case TK_STAR: return "'*'";
	case TK_POW: return "'**'";
	case TK_DIV: return "'/'";
	case TK_PERCENT: return "'%'";
	case TK_EQ: return "'=='";
	case TK_EQQ: return "'==='";
	case TK_NEQ: return "'!='";
	case TK_MATCH: return "'=~'";
	case TK_NMATCH: return "'!~'";
	case TK_LT: return "'<'";
	case TK_LE: return "'<='";
	case TK_GT: return "'>'";
	case TK_GE: return "'>='";
	case TK_CMP: return "'<=>'";
	case TK_ANDAND: return "'&&'";
	case TK_OROR: return "'||'";
	case TK_BANG: return "'!'";
	case TK_TILDE: return "'~'";
	case TK_AMP: case TK_AMPER: return "'&'";
	case TK_PIPE: return "'|'";
	case TK_CARET: return "'^'";
	case TK_LSHIFT: return "'<<'";
	case TK_RSHIFT: return "'>>'";
	case TK_ASSIGN: return "'='";
	case TK_OP_ASGN: return "assignment operator";
	case TK_DOT: return "'.'";
	case TK_ANDDOT: return "'&.'";
	case TK_DOT2: return "'..'";
	case TK_DOT3: return "'...'";
	case TK_COLON2: case TK_COLON3: return "'::'";
	case TK_COLON: return "':'";
	case TK_QMARK: return "'?'";
	case TK_COMMA: return "','";
	case TK_ARROW: return "'=>'";
	case TK_LPAREN: case TK_LPAREN_CALL: case TK_LPAREN_ARG: return "'('";
	case TK_RPAREN: return "')'";
	case TK_LBRACK: case TK_LBRACK_INDEX: return "'['";
	case TK_RBRACK: return "']'";
	case TK_LBRACE: return "'{'";
	case TK_RBRACE: return "'}'";
	case TK_LAMBDA: return "'->'";
	}
	return "token";
}

/* ---- literals ---- */

static void utf8_put(struct buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		buf_addch(b, (int)(0xc0 | (cp >> 6)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addch(b, (int)(0xe0 | (cp >> 12)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_addch(b, (int)(0xf0 | (cp >> 18)));
		buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A backslash escape of a double-quoted string; lx->p is after '\'. */
static void dq_escape(struct erb_lexer *lx, struct buf *b)
{
	struct srcloc l = here(lx);
	int c = peekc(lx, 0);
	if (c < 0)
		return;
	adv(lx, 1);
	switch (c) {
	case 'n': buf_addch(b, '\n'); return;
	case 't': buf_addch(b, '\t'); return;
	case 's': buf_addch(b, ' '); return;
	case 'r': buf_addch(b, '\r'); return;
	case 'e': buf_addch(b, 27); return;
	case 'a': buf_addch(b, 7); return;
	case 'b': buf_addch(b, 8); return;
	case 'f': buf_addch(b, '\f'); return;
	case 'v': buf_addch(b, '\v'); return;
	case '\n': return; /* line continuation */
	case 'x': {
		int v = 0, n = 0, h;
		while (n < 2 && (h = hexval(peekc(lx, 0))) >= 0) {
			v = v * 16 + h;
			n++;
			adv(lx, 1);
		}
		if (!n) {
			lex_error(lx, l, "invalid hex escape");
			return;
		}
		buf_addch(b, v);
		return;
	}
	case 'u': {
		bool braces = peekc(lx, 0) == '{';
		if (braces)
			adv(lx, 1);
		for (;;) {
			uint32_t v = 0;
			int n = 0, h;
			while (braces && peekc(lx, 0) == ' ')
				adv(lx, 1);
			if (braces && peekc(lx, 0) == '}') {
				adv(lx, 1);
				return;
			}
			while ((braces ? n < 6 : n < 4) &&
			       (h = hexval(peekc(lx, 0))) >= 0) {
				v = v * 16 + (uint32_t)h;
				n++;
				adv(lx, 1);
			}
			if ((!braces && n != 4) || !n || v > 0x10ffff ||
			    (v >= 0xd800 && v <= 0xdfff)) {
				lex_error(lx, l, "invalid Unicode escape");
				return;
			}
			utf8_put(b, v);
			if (!braces)
				return;
		}
	}
	case 'M':
	case 'C':
	case 'c':
		lex_error(lx, l, "unsupported ERB construct: '\\%c' escape",
			  c);
		return;
	default:
		if (c >= '0' && c <= '7') {
			int v = c - '0', n = 1;
			while (n < 3 && peekc(lx, 0) >= '0' &&
			       peekc(lx, 0) <= '7') {
				v = v * 8 + (peekc(lx, 0) - '0');
				n++;
				adv(lx, 1);
			}
			buf_addch(b, v & 0xff);
			return;
		}
		/* unknown escapes stand for the character itself */
		lx->p--;
		lx->col--;
		{
			size_t n = erb_utf8_char(lx->p,
						 (size_t)(lx->end - lx->p), 0);
			buf_add(b, lx->p, n);
			adv(lx, n);
		}
		return;
	}
}

/*
 * Finds the '}' closing an interpolation that starts at p (after "#{"):
 * braces nest, and quoted strings inside are skipped whole.
 */
static const char *interp_end(const char *p, const char *end)
{
	int depth = 0;
	while (p < end) {
		char c = *p;
		if (c == '\\') {
			p += 2;
			continue;
		}
		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (!depth)
				return p;
			depth--;
		} else if (c == '"' || c == '\'') {
			const char *q = p + 1;
			while (q < end && *q != c) {
				if (*q == '\\')
					q++;
				else if (c == '"' && *q == '#' && q + 1 < end &&
					 q[1] == '{') {
					const char *e = interp_end(q + 2, end);
					if (!e)
						return NULL;
					q = e;
				}
				q++;
			}
			if (q >= end)
				return NULL;
			p = q;
		}
		p++;
	}
	return NULL;
}

struct parts {
	struct erb_strpart *v;
	size_t n, alloc;
};

static void parts_add(struct erb_lexer *lx, struct parts *ps,
		      const char *s, size_t len, struct srcloc loc, bool code)
{
	if (ps->n == ps->alloc) {
		size_t na = ps->alloc ? ps->alloc * 2 : 4;
		ps->v = arena_realloc(lx->a, ps->v, ps->alloc * sizeof(*ps->v),
				      na * sizeof(*ps->v));
		ps->alloc = na;
	}
	ps->v[ps->n].s = s;
	ps->v[ps->n].len = len;
	ps->v[ps->n].loc = loc;
	ps->v[ps->n].is_code = code;
	ps->n++;
}

static void flush_lit(struct erb_lexer *lx, struct parts *ps, struct buf *b,
		      struct srcloc loc, bool force)
{
	if (!b->len && !force)
		return;
	parts_add(lx, ps, arena_memdupz(lx->a, b->ptr, b->len), b->len, loc,
		  false);
	buf_reset(b);
}

static char closing(char open)
{
	switch (open) {
	case '(': return ')';
	case '[': return ']';
	case '{': return '}';
	case '<': return '>';
	}
	return open;
}

/*
 * The body of a string-like literal up to `close` (nesting `open` when it
 * differs). mode: 'q' single-quoted rules, 'Q' double-quoted with
 * interpolation, 'r' regex (escapes kept, interpolation done).
 */
static void string_body(struct erb_lexer *lx, struct erb_token *tok,
			char open, char close, int mode, struct srcloc start)
{
	struct parts ps = { 0 };
	struct buf b = BUF_INIT;
	int depth = 0;
	struct srcloc lit_loc = here(lx);
	for (;;) {
		int c = peekc(lx, 0);
		if (c < 0) {
			lex_error(lx, start, "unterminated %s meets the end of the code",
				  mode == 'r' ? "regular expression" : "string");
			buf_release(&b);
			return;
		}
		if (c == close && !depth) {
			adv(lx, 1);
			break;
		}
		if (open != close && c == open)
			depth++;
		else if (open != close && c == close)
			depth--;
		if (c == '\\') {
			int e = peekc(lx, 1);
			if (mode == 'q') {
				if (e == '\\' || e == close ||
				    (e == open && open != close)) {
					buf_addch(&b, e);
					adv(lx, 2);
				} else {
					buf_addch(&b, '\\');
					adv(lx, 1);
				}
				continue;
			}
			if (mode == 'r') {
				if (e == close && close == '/') {
					buf_addch(&b, '/');
				} else if (e >= 0) {
					buf_addch(&b, '\\');
					buf_addch(&b, e);
				}
				adv(lx, e >= 0 ? 2 : 1);
				continue;
			}
			adv(lx, 1);
			if (e == close || (e == open && open != close)) {
				buf_addch(&b, e);
				adv(lx, 1);
				continue;
			}
			dq_escape(lx, &b);
			if (lx->failed) {
				buf_release(&b);
				return;
			}
			continue;
		}
		if (c == '#' && mode != 'q') {
			int n = peekc(lx, 1);
			if (n == '{') {
				flush_lit(lx, &ps, &b, lit_loc, false);
				adv(lx, 2);
				struct srcloc cl = here(lx);
				const char *e = interp_end(lx->p, lx->end);
				if (!e) {
					lex_error(lx, start, "unterminated string interpolation");
					buf_release(&b);
					return;
				}
				parts_add(lx, &ps, lx->p, (size_t)(e - lx->p),
					  cl, true);
				adv(lx, (size_t)(e - lx->p) + 1);
				lit_loc = here(lx);
				continue;
			}
			if ((n == '@' && is_ident_start(peekc(lx, 2))) ||
			    (n == '$' && (is_ident_start(peekc(lx, 2)) ||
					  peekc(lx, 2) == '~'))) {
				flush_lit(lx, &ps, &b, lit_loc, false);
				adv(lx, 1);
				struct srcloc cl = here(lx);
				size_t k = 2;
				while (is_ident_char(peekc(lx, k)))
					k++;
				if (n == '$' && peekc(lx, 1) == '~')
					k = 2;
				parts_add(lx, &ps, lx->p, k, cl, true);
				adv(lx, k);
				lit_loc = here(lx);
				continue;
			}
		}
		size_t cn = erb_utf8_char(lx->p, (size_t)(lx->end - lx->p), 0);
		buf_add(&b, lx->p, cn);
		adv(lx, cn);
	}
	flush_lit(lx, &ps, &b, lit_loc, ps.n == 0);
	buf_release(&b);
	tok->parts = ps.v;
	tok->nparts = ps.n;
}

/* %w[] and %i[]: words separated by blanks; `\ ` escapes a blank. */
static void word_list(struct erb_lexer *lx, struct erb_token *tok, char open,
		      char close, struct srcloc start)
{
	struct parts ps = { 0 };
	struct buf b = BUF_INIT;
	int depth = 0;
	bool in_word = false;
	struct srcloc wl = here(lx);
	for (;;) {
		int c = peekc(lx, 0);
		if (c < 0) {
			lex_error(lx, start, "unterminated word list meets the end of the code");
			buf_release(&b);
			return;
		}
		if (c == close && !depth)
			break;
		if (open != close && c == open)
			depth++;
		else if (open != close && c == close)
			depth--;
		if (is_space(c) || c == '\n') {
			if (in_word)
				flush_lit(lx, &ps, &b, wl, true);
			in_word = false;
			adv(lx, 1);
			continue;
		}
		if (!in_word) {
			wl = here(lx);
			in_word = true;
		}
		if (c == '\\' && peekc(lx, 1) >= 0) {
			int e = peekc(lx, 1);
			if (is_space(e) || e == '\n' || e == '\\' ||
			    e == open || e == close) {
				buf_addch(&b, e);
			} else {
				buf_addch(&b, '\\');
				buf_addch(&b, e);
			}
			adv(lx, 2);
			continue;
		}
		size_t cn = erb_utf8_char(lx->p, (size_t)(lx->end - lx->p), 0);
		buf_add(&b, lx->p, cn);
		adv(lx, cn);
	}
	adv(lx, 1);
	if (in_word)
		flush_lit(lx, &ps, &b, wl, true);
	buf_release(&b);
	tok->parts = ps.v;
	tok->nparts = ps.n;
}

static unsigned regex_flags(struct erb_lexer *lx)
{
	unsigned f = 0;
	for (;;) {
		int c = peekc(lx, 0);
		if (c == 'i')
			f |= REGEX_ICASE;
		else if (c == 'x')
			f |= REGEX_EXTENDED;
		else if (c == 'm')
			f |= REGEX_DOTALL;
		else if (c == 'o' || c == 'u' || c == 'n' || c == 'e' ||
			 c == 's')
			; /* once, encodings: nothing to do for UTF-8 */
		else
			break;
		adv(lx, 1);
	}
	return f;
}

static void number(struct erb_lexer *lx, struct erb_token *tok)
{
	struct srcloc l = here(lx);
	struct buf b = BUF_INIT;
	int base = 10;
	bool is_float = false;
	if (peekc(lx, 0) == '0' && peekc(lx, 1) >= 0 &&
	    strchr("xXbBoOdD_01234567", peekc(lx, 1))) {
		int k = peekc(lx, 1);
		if (k == 'x' || k == 'X')
			base = 16;
		else if (k == 'b' || k == 'B')
			base = 2;
		else if (k == 'd' || k == 'D')
			base = 10;
		else
			base = 8;
		adv(lx, (k >= '0' && k <= '7') || k == '_' ? 1 : 2);
	}
	for (;;) {
		int c = peekc(lx, 0);
		if (c == '_' && hexval(peekc(lx, 1)) >= 0) {
			adv(lx, 1);
			continue;
		}
		if (base == 10 && c == '.' && peekc(lx, 1) >= '0' &&
		    peekc(lx, 1) <= '9' && !is_float) {
			is_float = true;
		} else if (base == 10 && (c == 'e' || c == 'E') &&
			   ((peekc(lx, 1) >= '0' && peekc(lx, 1) <= '9') ||
			    ((peekc(lx, 1) == '-' || peekc(lx, 1) == '+') &&
			     peekc(lx, 2) >= '0' && peekc(lx, 2) <= '9'))) {
			is_float = true;
			buf_addch(&b, c);
			adv(lx, 1);
			c = peekc(lx, 0);
		} else if (hexval(c) < 0 || hexval(c) >= base) {
			break;
		}
		buf_addch(&b, c);
		adv(lx, 1);
	}
	if (is_ident_char(peekc(lx, 0))) {
		lex_error(lx, l, "unsupported ERB construct: number literal '%s%c'",
			  b.ptr, peekc(lx, 0));
		buf_release(&b);
		return;
	}
	if (is_float) {
		tok->t = TK_FLOAT;
		tok->f = strtod(b.ptr, NULL);
	} else {
		errno = 0;
		char *e;
		unsigned long long v = strtoull(b.len ? b.ptr : "0", &e, base);
		if (errno || v > INT64_MAX) {
			lex_error(lx, l, "unsupported ERB construct: integer literal too large");
		}
		tok->t = TK_INT;
		tok->i = (int64_t)v;
	}
	buf_release(&b);
}

/* ---- the tokenizer ---- */

/* Whether the next significant code starts with `.foo` or `&.`. */
static bool leading_dot_follows(const struct erb_lexer *lx)
{
	const char *q = lx->p;
	for (;;) {
		while (q < lx->end && (is_space(*q) || *q == '\n'))
			q++;
		if (q < lx->end && *q == '#') {
			while (q < lx->end && *q != '\n')
				q++;
			continue;
		}
		break;
	}
	if (q + 1 < lx->end && q[0] == '.' && q[1] != '.')
		return true;
	return q + 1 < lx->end && q[0] == '&' && q[1] == '.';
}

static void set_name(struct erb_lexer *lx, struct erb_token *tok,
		     const char *s, size_t len)
{
	tok->s = arena_memdupz(lx->a, s, len);
	tok->len = len;
}

static bool value_end(enum erb_tok t)
{
	switch (t) {
	case TK_INT: case TK_FLOAT: case TK_STR: case TK_REGEX: case TK_SYM:
	case TK_DSYM: case TK_WORDS: case TK_SYMBOLS: case TK_CONST:
	case TK_IVAR: case TK_GVAR: case TK_RPAREN: case TK_RBRACK:
	case TK_RBRACE: case TK_END: case TK_SELF: case TK_NIL: case TK_TRUE:
	case TK_FALSE:
		return true;
	default:
		return false;
	}
}

/*
 * Lexes one token of code; false at the end of the code. The state for
 * this token comes from the previous one (see note 2 at the top).
 */
static bool lex_code(struct erb_lexer *lx, struct erb_token *tok)
{
	int state = lx->state;
	if (state == LS_IDENT)
		state = lx->is_local && !lx->prev_is_method &&
				lx->is_local(lx->payload, lx->prev_name)
			? LS_END : LS_ARG;
	bool sp = false;
	for (;;) {
		if (lx->p >= lx->end)
			return false;
		int c = peekc(lx, 0);
		if (is_space(c)) {
			adv(lx, 1);
			sp = true;
			continue;
		}
		if (c == '\\' && peekc(lx, 1) == '\n') {
			adv(lx, 2);
			sp = true;
			continue;
		}
		if (c == '#') {
			const char *nl =
				memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
			if (!nl) {
				adv(lx, (size_t)(lx->end - lx->p));
				if (lx->segs)
					lx->in_comment = true;
				return false;
			}
			adv(lx, (size_t)(nl - lx->p));
			continue;
		}
		if (c == '\n') {
			if (state == LS_BEG || state == LS_DOT ||
			    lx->prev == TK_NL) {
				adv(lx, 1);
				sp = true;
				continue;
			}
			adv(lx, 1);
			if (leading_dot_follows(lx)) {
				sp = true;
				continue;
			}
			if (at(lx->p, lx->end, "=begin")) {
				lex_error(lx, here(lx), "unsupported ERB construct: =begin comment");
				return false;
			}
			tok->t = TK_NL;
			tok->loc = here(lx);
			tok->sp = sp;
			lx->state = LS_BEG;
			lx->prev = TK_NL;
			return true;
		}
		break;
	}
	memset(tok, 0, sizeof(*tok));
	tok->sp = sp;
	tok->loc = here(lx);
	struct srcloc l = tok->loc;
	int c = peekc(lx, 0), c1 = peekc(lx, 1), c2 = peekc(lx, 2);
	bool beg = state == LS_BEG;
	/* an argument starts here: `foo -1`, `foo [1]`, `foo /x/` */
	bool arg_start = beg || (state == LS_ARG && sp && c1 >= 0 &&
				 !is_space(c1) && c1 != '\n');
	int next_state = LS_BEG;

	if (c >= '0' && c <= '9') {
		number(lx, tok);
		next_state = LS_END;
	} else if (is_ident_start(c) && state == LS_DOT) {
		size_t k = 1;
		while (is_ident_char(peekc(lx, k)))
			k++;
		if ((peekc(lx, k) == '?' || peekc(lx, k) == '!') &&
		    (peekc(lx, k + 1) != '=' || peekc(lx, k + 2) == '=' ||
		     peekc(lx, k + 2) == '~'))
			k++;
		set_name(lx, tok, lx->p, k);
		adv(lx, k);
		tok->t = TK_IDENT;
		next_state = LS_IDENT;
		lx->prev_is_method = true;
		lx->prev_name = tok->s;
	} else if (is_ident_start(c)) {
		size_t k = 1;
		while (is_ident_char(peekc(lx, k)))
			k++;
		bool fid = false;
		if ((peekc(lx, k) == '?' || peekc(lx, k) == '!') &&
		    (peekc(lx, k + 1) != '=' || peekc(lx, k + 2) == '=' ||
		     peekc(lx, k + 2) == '~')) {
			k++;
			fid = true;
		}
		if (!fid && peekc(lx, k) == ':' && peekc(lx, k + 1) != ':' &&
		    (lx->prev == TK_LBRACE || lx->prev == TK_COMMA ||
		     lx->prev == TK_LPAREN_CALL || lx->prev == TK_PIPE ||
		     (state == LS_ARG && sp))) {
			set_name(lx, tok, lx->p, k);
			adv(lx, k + 1);
			tok->t = TK_LABEL;
			next_state = LS_BEG;
		} else {
			enum erb_tok kw = fid ? TK_EOF : keyword(lx->p, k);
			if (fid && k == 8 && !memcmp(lx->p, "defined?", 8))
				kw = TK_DEFINED;
			set_name(lx, tok, lx->p, k);
			adv(lx, k);
			if (kw != TK_EOF) {
				tok->t = kw;
				next_state = value_end(kw) ? LS_END : LS_BEG;
				/* `next` ends at a newline but takes `next -1` */
				if (kw == TK_BREAK || kw == TK_NEXT ||
				    kw == TK_RETURN || kw == TK_DEFINED)
					next_state = LS_ARG;
				/* the method name: keywords are names there */
				if (kw == TK_DEF)
					next_state = LS_DOT;
				if (kw == TK_KW_UNSUPPORTED) {
					lex_error(lx, l, "unsupported ERB construct: '%s'",
						  tok->s);
					return false;
				}
			} else if (c >= 'A' && c <= 'Z') {
				tok->t = TK_CONST;
				next_state = LS_END;
			} else {
				tok->t = TK_IDENT;
				next_state = fid ? LS_ARG : LS_IDENT;
				lx->prev_is_method = fid;
				lx->prev_name = tok->s;
			}
		}
	} else {
		switch (c) {
		case '"':
			adv(lx, 1);
			tok->t = TK_STR;
			string_body(lx, tok, '"', '"', 'Q', l);
			next_state = LS_END;
			break;
		case '\'':
			adv(lx, 1);
			tok->t = TK_STR;
			string_body(lx, tok, '\'', '\'', 'q', l);
			next_state = LS_END;
			break;
		case '`':
			lex_error(lx, l, "unsupported ERB construct: shell command `...`");
			return false;
		case '@':
			if (c1 == '@') {
				lex_error(lx, l, "unsupported ERB construct: class variable");
				return false;
			}
			if (!is_ident_start(c1)) {
				lex_error(lx, l, "'@' without a variable name");
				return false;
			}
			{
				size_t k = 2;
				while (is_ident_char(peekc(lx, k)))
					k++;
				set_name(lx, tok, lx->p + 1, k - 1);
				adv(lx, k);
				tok->t = TK_IVAR;
				next_state = LS_END;
			}
			break;
		case '$':
			if (c1 >= '1' && c1 <= '9') {
				size_t k = 1;
				int64_t n = 0;
				while (peekc(lx, k) >= '0' &&
				       peekc(lx, k) <= '9' && n < 1000)
					n = n * 10 + (peekc(lx, k++) - '0');
				adv(lx, k);
				tok->t = TK_GVAR;
				tok->i = n;
			} else if (c1 == '~') {
				adv(lx, 2);
				tok->t = TK_GVAR;
				tok->i = 0;
			} else {
				lex_error(lx, l, "unsupported ERB construct: global variable '$%c'",
					  c1 > 0 ? c1 : ' ');
				return false;
			}
			next_state = LS_END;
			break;
		case ':':
			if (c1 == ':') {
				adv(lx, 2);
				tok->t = arg_start ? TK_COLON3 : TK_COLON2;
				next_state = LS_DOT;
				break;
			}
			if ((c1 == '"' || c1 == '\'') && state != LS_END) {
				adv(lx, 2);
				tok->t = TK_DSYM;
				string_body(lx, tok, (char)c1, (char)c1,
					    c1 == '"' ? 'Q' : 'q', l);
				next_state = LS_END;
				break;
			}
			if (state != LS_END && c1 >= 0 &&
			    (c1 == '@' || c1 == '$' || strchr("+-*/%=!<>~[&|^", c1))) {
				/* :+ :<=> :[]= :@ivar ... */
				static const char *const ops[] = {
					"[]=", "===", "<=>", "**", "==", "!=", "<=",
					">=", "<<", ">>", "=~", "!~", "+@", "-@",
					"[]", "+", "-", "*", "/", "%", "<", ">", "!",
					"~", "&", "|", "^",
				};
				size_t k = 0;
				if (c1 == '@' || c1 == '$') {
					k = 1 + (peekc(lx, 2) == '@');
					if (is_ident_start(peekc(lx, k + 1))) {
						k++;
						while (is_ident_char(
							peekc(lx, k + 1)))
							k++;
					} else {
						k = 0;
					}
				} else {
					for (size_t i = 0;
					     i < ARRAY_SIZE(ops) && !k; i++)
						if (at(lx->p + 1, lx->end,
						       ops[i]))
							k = strlen(ops[i]);
				}
				if (k) {
					set_name(lx, tok, lx->p + 1, k);
					adv(lx, k + 1);
					tok->t = TK_SYM;
					next_state = LS_END;
					break;
				}
			}
			if (is_ident_start(c1) && state != LS_END) {
				size_t k = 2;
				while (is_ident_char(peekc(lx, k)))
					k++;
				if (peekc(lx, k) == '?' ||
				    peekc(lx, k) == '!' ||
				    (peekc(lx, k) == '=' &&
				     peekc(lx, k + 1) != '=' &&
				     peekc(lx, k + 1) != '~' &&
				     peekc(lx, k + 1) != '>'))
					k++;
				set_name(lx, tok, lx->p + 1, k - 1);
				adv(lx, k);
				tok->t = TK_SYM;
				next_state = LS_END;
				break;
			}
			adv(lx, 1);
			tok->t = TK_COLON;
			break;
		case '?':
			if (arg_start && c1 > ' ' && !is_ident_char(c2) &&
			    c1 != '\\') {
				size_t n = erb_utf8_char(
					lx->p + 1,
					(size_t)(lx->end - lx->p - 1), 0);
				tok->t = TK_STR;
				struct parts ps = { 0 };
				parts_add(lx, &ps,
					  arena_memdupz(lx->a, lx->p + 1, n), n,
					  l, false);
				tok->parts = ps.v;
				tok->nparts = 1;
				adv(lx, 1 + n);
				next_state = LS_END;
				break;
			}
			adv(lx, 1);
			tok->t = TK_QMARK;
			break;
		case '%':
			if (arg_start && c1 >= 0) {
				int kind = 'Q', open = c1;
				size_t skip = 1;
				if (strchr("wWiIqQr", c1) && c2 >= 0 &&
				    !is_ident_char(c2) && !is_space(c2)) {
					kind = c1;
					open = c2;
					skip = 2;
				} else if (is_ident_char(c1) || is_space(c1) ||
					   c1 == '\n' || c1 == '=') {
					kind = 0;
				}
				if (kind) {
					char close = closing((char)open);
					adv(lx, skip + 1);
					if (kind == 'w' || kind == 'i') {
						tok->t = kind == 'w'
								 ? TK_WORDS
								 : TK_SYMBOLS;
						word_list(lx, tok, (char)open,
							  close, l);
					} else if (kind == 'W' || kind == 'I') {
						lex_error(lx, l, "unsupported ERB construct: %%%c[] list",
							  kind);
						return false;
					} else if (kind == 'r') {
						tok->t = TK_REGEX;
						string_body(lx, tok, (char)open,
							    close, 'r', l);
						tok->flags = regex_flags(lx);
					} else {
						tok->t = TK_STR;
						string_body(lx, tok, (char)open,
							    close,
							    kind == 'q' ? 'q'
									: 'Q',
							    l);
					}
					next_state = LS_END;
					break;
				}
			}
			if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_PERCENT;
			} else {
				adv(lx, 1);
				tok->t = TK_PERCENT;
			}
			break;
		case '/':
			if (arg_start) {
				adv(lx, 1);
				tok->t = TK_REGEX;
				string_body(lx, tok, '/', '/', 'r', l);
				tok->flags = regex_flags(lx);
				next_state = LS_END;
				break;
			}
			if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_DIV;
			} else {
				adv(lx, 1);
				tok->t = TK_DIV;
			}
			break;
		case '-':
			if (c1 == '>') {
				lex_error(lx, l, "unsupported ERB construct: lambda '->'");
				return false;
			}
			if (c1 == '=' && !beg) {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_MINUS;
			} else if (arg_start && c1 >= '0' && c1 <= '9') {
				adv(lx, 1);
				tok->t = TK_UMINUS_NUM;
			} else if (arg_start) {
				adv(lx, 1);
				tok->t = TK_UMINUS;
			} else if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_MINUS;
			} else {
				adv(lx, 1);
				tok->t = TK_MINUS;
			}
			break;
		case '+':
			if (arg_start && !(c1 == '=' && !beg)) {
				adv(lx, 1);
				tok->t = TK_UPLUS;
			} else if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_PLUS;
			} else {
				adv(lx, 1);
				tok->t = TK_PLUS;
			}
			break;
		case '*':
			if (c1 == '*') {
				if (arg_start) {
					lex_error(lx, l, "unsupported ERB construct: '**' splat");
					return false;
				}
				if (c2 == '=') {
					adv(lx, 3);
					tok->t = TK_OP_ASGN;
					tok->i = TK_POW;
				} else {
					adv(lx, 2);
					tok->t = TK_POW;
				}
			} else if (arg_start && c1 != '=') {
				adv(lx, 1);
				tok->t = TK_STAR;
			} else if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_MUL;
			} else {
				adv(lx, 1);
				tok->t = TK_MUL;
			}
			break;
		case '&':
			if (c1 == '&') {
				if (c2 == '=') {
					adv(lx, 3);
					tok->t = TK_OP_ASGN;
					tok->i = TK_ANDAND;
				} else {
					adv(lx, 2);
					tok->t = TK_ANDAND;
				}
			} else if (c1 == '.') {
				adv(lx, 2);
				tok->t = TK_ANDDOT;
				next_state = LS_DOT;
			} else if (arg_start) {
				adv(lx, 1);
				tok->t = TK_AMPER;
			} else if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_AMP;
			} else {
				adv(lx, 1);
				tok->t = TK_AMP;
			}
			break;
		case '|':
			if (c1 == '|' && lx->prev != TK_LBRACE &&
			    lx->prev != TK_DO) {
				if (c2 == '=') {
					adv(lx, 3);
					tok->t = TK_OP_ASGN;
					tok->i = TK_OROR;
				} else {
					adv(lx, 2);
					tok->t = TK_OROR;
				}
			} else if (c1 == '=' && !beg) {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_PIPE;
			} else {
				adv(lx, 1);
				tok->t = TK_PIPE;
			}
			break;
		case '!':
			if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_NEQ;
			} else if (c1 == '~') {
				adv(lx, 2);
				tok->t = TK_NMATCH;
			} else {
				adv(lx, 1);
				tok->t = TK_BANG;
			}
			break;
		case '=':
			if (c1 == '=' && c2 == '=') {
				adv(lx, 3);
				tok->t = TK_EQQ;
			} else if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_EQ;
			} else if (c1 == '~') {
				adv(lx, 2);
				tok->t = TK_MATCH;
			} else if (c1 == '>') {
				adv(lx, 2);
				tok->t = TK_ARROW;
			} else {
				adv(lx, 1);
				tok->t = TK_ASSIGN;
			}
			break;
		case '<':
			if (c1 == '=' && c2 == '>') {
				adv(lx, 3);
				tok->t = TK_CMP;
			} else if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_LE;
			} else if (c1 == '<') {
				if (arg_start &&
				    (c2 == '-' || c2 == '~' || c2 == '"' ||
				     c2 == '\'' || is_ident_start(c2))) {
					lex_error(lx, l, "unsupported ERB construct: heredoc");
					return false;
				}
				if (c2 == '=') {
					adv(lx, 3);
					tok->t = TK_OP_ASGN;
					tok->i = TK_LSHIFT;
				} else {
					adv(lx, 2);
					tok->t = TK_LSHIFT;
				}
			} else {
				adv(lx, 1);
				tok->t = TK_LT;
			}
			break;
		case '>':
			if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_GE;
			} else if (c1 == '>') {
				if (c2 == '=') {
					adv(lx, 3);
					tok->t = TK_OP_ASGN;
					tok->i = TK_RSHIFT;
				} else {
					adv(lx, 2);
					tok->t = TK_RSHIFT;
				}
			} else {
				adv(lx, 1);
				tok->t = TK_GT;
			}
			break;
		case '^':
			if (c1 == '=') {
				adv(lx, 2);
				tok->t = TK_OP_ASGN;
				tok->i = TK_CARET;
			} else {
				adv(lx, 1);
				tok->t = TK_CARET;
			}
			break;
		case '~':
			adv(lx, 1);
			tok->t = TK_TILDE;
			break;
		case '.':
			if (c1 == '.' && c2 == '.') {
				adv(lx, 3);
				tok->t = TK_DOT3;
			} else if (c1 == '.') {
				adv(lx, 2);
				tok->t = TK_DOT2;
			} else {
				adv(lx, 1);
				tok->t = TK_DOT;
				next_state = LS_DOT;
			}
			break;
		case ',':
			adv(lx, 1);
			tok->t = TK_COMMA;
			break;
		case ';':
			adv(lx, 1);
			tok->t = TK_NL;
			break;
		case '(':
			adv(lx, 1);
			if (beg)
				tok->t = TK_LPAREN;
			else if (!sp)
				tok->t = TK_LPAREN_CALL;
			else if (state == LS_ARG)
				tok->t = TK_LPAREN_ARG;
			else
				tok->t = TK_LPAREN;
			break;
		case ')':
			adv(lx, 1);
			tok->t = TK_RPAREN;
			next_state = LS_END;
			break;
		case '[':
			adv(lx, 1);
			if (state == LS_DOT) {
				lex_error(lx, l, "unsupported ERB construct: '.[]' call");
				return false;
			}
			tok->t = arg_start ? TK_LBRACK : TK_LBRACK_INDEX;
			break;
		case ']':
			adv(lx, 1);
			tok->t = TK_RBRACK;
			next_state = LS_END;
			break;
		case '{':
			adv(lx, 1);
			tok->t = TK_LBRACE;
			break;
		case '}':
			adv(lx, 1);
			tok->t = TK_RBRACE;
			next_state = LS_END;
			break;
		default:
			lex_error(lx, l, "unexpected character '%c' in Ruby code",
				  c >= 0x20 && c < 0x7f ? c : '?');
			return false;
		}
	}
	if (lx->failed)
		return false;
	if (next_state != LS_IDENT)
		lx->prev_is_method = false;
	lx->state = next_state;
	lx->prev = tok->t;
	return true;
}

static void simple(struct erb_token *tok, enum erb_tok t, struct srcloc loc)
{
	memset(tok, 0, sizeof(*tok));
	tok->t = t;
	tok->loc = loc;
}

void erb_lex_next(struct erb_lexer *lx, struct erb_token *tok)
{
	if (!lx->segs) {
		if (lx->failed || !lex_code(lx, tok))
			simple(tok, TK_EOF, here(lx));
		return;
	}
	for (;;) {
		if (lx->failed || lx->si >= lx->nsegs) {
			struct srcloc l = { lx->file, lx->end_line,
					    lx->end_col };
			simple(tok, TK_EOF, l);
			return;
		}
		struct erb_seg *s = &lx->segs[lx->si];
		switch (lx->phase) {
		case P_START:
			lx->state = LS_BEG;
			if (lx->in_comment) {
				/* swallowed up to the script's next newline */
				const char *nl = s->kind == SEG_CR ? "" :
					memchr(s->p, '\n', s->len);
				if (!nl) {
					lx->si++;
					continue;
				}
				lx->in_comment = false;
				if (s->kind == SEG_INSERT) {
					lex_error(lx, s->loc, "unsupported ERB construct: a '#' comment continues into a '<%%=' tag");
					continue;
				}
				if (s->kind == SEG_CODE) {
					lx->p = nl + 1;
					lx->end = s->p + s->len;
					lx->line = s->loc.line;
					lx->col = s->loc.col;
					erb_advance_loc(&lx->line, &lx->col,
							s->p,
							(size_t)(lx->p - s->p));
					lx->phase = P_CODE;
				} else {
					lx->phase = P_NL;
				}
				simple(tok, TK_NL, s->loc);
				lx->prev = TK_NL;
				return;
			}
			if (s->kind == SEG_TEXT) {
				simple(tok, TK_TEXT, s->loc);
				tok->s = s->p;
				tok->len = s->len;
				lx->phase = P_NL;
				lx->prev = TK_TEXT;
				return;
			}
			if (s->kind == SEG_CR) {
				lx->phase = P_NL;
				continue;
			}
			lx->p = s->p;
			lx->end = s->p + s->len;
			lx->line = s->loc.line;
			lx->col = s->loc.col;
			lx->phase = P_CODE;
			lx->prev = TK_NL;
			if (s->kind == SEG_INSERT) {
				simple(tok, TK_INSERT, s->loc);
				lx->prev = TK_LPAREN;
				return;
			}
			continue;
		case P_CODE:
			if (lex_code(lx, tok))
				return;
			if (lx->failed)
				continue;
			if (lx->in_comment) {
				if (s->kind == SEG_INSERT) {
					lex_error(lx, here(lx), "unsupported ERB construct: a '#' comment in a '<%%=' tag");
					continue;
				}
				lx->phase = P_START;
				lx->si++;
				continue;
			}
			lx->phase = s->kind == SEG_INSERT ? P_CLOSE : P_NL;
			continue;
		case P_CLOSE:
			simple(tok, TK_INSERT_END, here(lx));
			lx->phase = P_NL;
			lx->prev = TK_RPAREN;
			return;
		case P_NL:
		default:
			simple(tok, TK_NL,
			       s->kind == SEG_TEXT ? s->loc : here(lx));
			lx->si++;
			lx->phase = P_START;
			lx->state = LS_BEG;
			lx->prev = TK_NL;
			return;
		}
	}
}
