/* SPDX-License-Identifier: MIT */
/* lexer-internal.h: helpers shared by lexer.c (code) and lexer_text.c (strings, heredocs, EPP) */
#ifndef LEXER_INTERNAL_H
#define LEXER_INTERNAL_H

#include <stdbool.h>
#include "lang/lexer.h"

/* An open string: a "..." or the text of a heredoc that interpolates. */
struct lex_interp {
	int brace_at;        /* brace depth of the "${" being lexed */
	bool in_code;        /* lexing the expression of a "${...}" */
	bool is_dq;          /* a "..." string; else heredoc text */
	bool started;        /* a part was already produced */
	struct srcloc open;  /* the opening quote or heredoc */
	struct srcloc brace; /* the last "${" */
};

/* escapes a string kind understands */
#define LEX_ESC_BSLASH 0x001u
#define LEX_ESC_T 0x002u
#define LEX_ESC_R 0x004u
#define LEX_ESC_N 0x008u
#define LEX_ESC_S 0x010u
#define LEX_ESC_U 0x020u
#define LEX_ESC_DOLLAR 0x040u
#define LEX_ESC_NL 0x080u    /* backslash-newline joins lines */
#define LEX_ESC_QUOTES 0x100u
#define LEX_ESC_WARN 0x200u  /* warn about unknown escapes */
#define LEX_ESC_DQ 0x3ffu   /* all of them: double-quoted strings */

static inline bool is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static inline bool is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static inline bool is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_xdigit(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* the value of a hex digit (is_xdigit) */
static inline unsigned hex_value(int c)
{
	return is_digit(c) ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}


/* ---- lexer.c ---- */

/* The location of p, which must be on the current line. */
struct srcloc lex_loc_at(const struct lexer *lx, const char *p);
/* Moves the cursor forward to q, counting the lines it passes. */
void lex_advance(struct lexer *lx, const char *q);
/* The location of q, anywhere after the cursor. */
struct srcloc lex_loc_ahead(const struct lexer *lx, const char *q);
/* Records an error and unwinds to lex_next(). */
NORETURN PRINTF_LIKE(3, 4) void lex_error(struct lexer *lx, struct srcloc loc,
					  const char *fmt, ...);
/* Up to `max` bytes at p, printable, for a message (in the arena). */
const char *lex_excerpt(struct lexer *lx, const char *p, size_t max);
/* Sets up *t as a `type` token of `len` raw bytes at `start`. */
void lex_tok_set(struct lexer *lx, struct lex_token *t, enum lex_tok type,
		 const char *start, size_t len);
/* Queues a token to be returned before anything else is lexed. */
void lex_enqueue(struct lexer *lx, const struct lex_token *t);
/* Length of the variable name at p ("::a::b", "x", "0"), 0 if none. */
size_t lex_var_name_len(const char *p, const char *end);
/* A TOK_VARIABLE for the '$' at the cursor followed by `n` name bytes. */
void lex_variable(struct lexer *lx, struct lex_token *t, size_t n);
/* Opens a string (or heredoc text) entry, innermost. */
struct lex_interp *lex_push_interp(struct lexer *lx);

/* ---- lexer_text.c ---- */

/* [s, e) into the arena with the escapes `esc` (LEX_ESC_*) processed. */
const char *lex_unescape(struct lexer *lx, const char *s, const char *e,
			 unsigned esc, size_t *len_out);
/* String text up to its end or next interpolation: a string token. */
void lex_string_part(struct lexer *lx, struct lex_token *t);
/* A '...' string at the cursor. */
void lex_sq_string(struct lexer *lx, struct lex_token *t);
/* A heredoc at the cursor ("@("): TOK_HEREDOC, its text follows. */
void lex_heredoc(struct lexer *lx, struct lex_token *t);
/* EPP template text at the cursor: queues its tokens, switches mode. */
void lex_epp_text(struct lexer *lx);

#endif
