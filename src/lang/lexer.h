/* SPDX-License-Identifier: MIT */
/* lexer.h: turns Puppet manifest and EPP source text into tokens */
#ifndef LEXER_H
#define LEXER_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/diag.h"

struct arena;
struct buf;

/*
 * Token kinds, after Puppet 7's lexer (puppet/pops/parser/lexer2.rb).
 * Context decides some of them: '[' right after an operand is TOK_LBRACK
 * (access), after whitespace TOK_LISTSTART (a new array); '(' first on its
 * line is TOK_WSLPAREN (never a call); '{' after '?' is TOK_SELBRACE; '/'
 * where an operand is expected starts a TOK_REGEX.
 *
 * Double-quoted strings with interpolation arrive as TOK_DQPRE, then the
 * tokens of each interpolated expression (a TOK_VARIABLE for "$x", the
 * expression's tokens for "${...}", without the braces), separated by
 * TOK_DQMID, and a final TOK_DQPOST. A heredoc is TOK_HEREDOC (str = its
 * syntax, "" if none) followed by its text as TOK_STRING or TOK_DQPRE ...
 * TOK_DQPOST.
 */
enum lex_tok {
	/* ORDER TOKEN */
	TOK_EOF,
	TOK_ERROR,      /* a lexical error was recorded in the diags */
	TOK_NAME,       /* foo, foo::bar, ::foo */
	TOK_WORD,       /* bare word that is not a name: foo-bar, _x */
	TOK_CLASSREF,   /* File, Foo::Bar, ::Foo */
	TOK_VARIABLE,   /* $x: str = name without '$' */
	TOK_INT,        /* ival; str = source text */
	TOK_FLOAT,      /* fval; str = source text */
	TOK_STRING,     /* str/slen: text with escapes processed */
	TOK_DQPRE,      /* text before the first interpolation */
	TOK_DQMID,      /* text between two interpolations */
	TOK_DQPOST,     /* text after the last interpolation */
	TOK_REGEX,      /* str = pattern without the slashes */
	TOK_HEREDOC,    /* @(TAG:syntax/escapes): str = syntax */
	/* keywords */
	TOK_AND, TOK_ATTR, TOK_CASE, TOK_CLASS, TOK_DEFAULT, TOK_DEFINE,
	TOK_ELSE, TOK_ELSIF, TOK_FALSE, TOK_FUNCTION, TOK_IF, TOK_IN,
	TOK_INHERITS, TOK_NODE, TOK_OR, TOK_PRIVATE, TOK_TRUE, TOK_TYPE,
	TOK_UNDEF, TOK_UNLESS,
	/* punctuation and operators */
	TOK_LBRACK,     /* [ right after an operand */
	TOK_LISTSTART,  /* [ after whitespace or at the start */
	TOK_RBRACK,
	TOK_LBRACE,
	TOK_SELBRACE,   /* { right after ? */
	TOK_RBRACE,
	TOK_LPAREN,
	TOK_WSLPAREN,   /* ( with only blanks before it on its line */
	TOK_RPAREN,
	TOK_EQUALS,     /* = */
	TOK_APPENDS,    /* += */
	TOK_DELETES,    /* -= */
	TOK_ISEQUAL,    /* == */
	TOK_NOTEQUAL,   /* != */
	TOK_MATCH,      /* =~ */
	TOK_NOMATCH,    /* !~ */
	TOK_GE, TOK_GT, TOK_LE, TOK_LT,
	TOK_FARROW,     /* => */
	TOK_PARROW,     /* +> */
	TOK_LSHIFT,     /* << */
	TOK_LLCOLLECT,  /* <<| */
	TOK_LCOLLECT,   /* <| */
	TOK_RSHIFT,     /* >> */
	TOK_RRCOLLECT,  /* |>> */
	TOK_RCOLLECT,   /* |> */
	TOK_PLUS, TOK_MINUS, TOK_DIV, TOK_TIMES, TOK_MODULO,
	TOK_NOT,        /* ! */
	TOK_DOT, TOK_PIPE, TOK_AT, TOK_ATAT, TOK_COLON, TOK_COMMA,
	TOK_SEMIC, TOK_QMARK, TOK_TILDE,
	TOK_IN_EDGE,      /* -> */
	TOK_IN_EDGE_SUB,  /* ~> */
	TOK_OUT_EDGE,     /* <- */
	TOK_OUT_EDGE_SUB, /* <~ */
	/* EPP */
	TOK_RENDER_STRING, /* literal template text: str/slen */
	TOK_RENDER_EXPR,   /* <%= */
	TOK_EPP_END,       /* %> closing a <%= */
	TOK_EPP_END_TRIM,  /* -%> closing a <%= */
	TOK_OTHER,         /* a character that starts no token */
	TOK_MAX
};

struct lex_token {
	enum lex_tok type;
	struct srcloc loc;  /* first character of the token */
	const char *text;   /* raw source text (not NUL-terminated) */
	size_t len;         /* raw length */
	const char *str;    /* the token's value, NUL-terminated, in the arena
	                       (or static for keywords); NULL for punctuation */
	size_t slen;        /* length of str (strings may hold NULs) */
	int64_t ival;       /* TOK_INT */
	double fval;        /* TOK_FLOAT */
};

struct lex_interp;
struct lex_words;

/*
 * Lexer state. What tokens point to (values, the sub-lexers of heredocs)
 * lives in the arena; lex_release() frees the one scratch buffer the lexer
 * owns besides. Not copyable once started. Fields are private to
 * lexer.c and lexer_text.c.
 */
struct lexer {
	struct arena *arena;
	struct diags *diags;
	const char *file;
	const char *src, *end;    /* the text being lexed */
	const char *p;            /* cursor */
	uint32_t line;            /* line of p */
	const char *line_start;   /* first character of p's line */
	bool line_has_code;       /* a token or comment precedes p on its line
	                             ('(' first on a line is TOK_WSLPAREN) */
	enum lex_tok after;       /* the previous token, for regex/'{' rules */
	int brace_depth;          /* '{' seen minus '}' seen */
	struct lex_interp *interp; /* open string interpolations, innermost last */
	size_t ninterp, ainterp;
	const char *newline_jump; /* heredoc bodies on this line end here */
	uint32_t jump_line;       /* line number at newline_jump */
	struct lexer *sub;        /* lexer of a heredoc's text, while it runs */
	/* heredoc text lexers: where their text came from */
	uint32_t line_base;       /* line of the first text line */
	const uint32_t *margins;  /* columns stripped per line, or NULL */
	size_t nmargins;
	unsigned escapes;         /* escapes of heredoc text (LEX_ESC_* bits) */
	struct buf *scratch;      /* shared by a lexer and its sub-lexers */
	struct buf *own_scratch;  /* the top-level lexer's, freed by lex_release */
	struct lex_words *words;  /* one copy of each bare word (`file`,
	                             `ensure`, ...) in the arena, not one per
	                             use; the top-level lexer's, NULL in
	                             sub-lexers, freed by lex_release */
	jmp_buf err_jb;           /* lexical errors unwind to lex_next */
	/* EPP */
	int epp_mode;             /* LEX_EPP_* */
	bool epp_trim;            /* the last tag ended with -%> */
	struct srcloc epp_open;   /* the last opened <% tag */
	bool failed;              /* an error was recorded: only EOFs follow */
	struct lex_token queue[3]; /* tokens produced ahead of time */
	unsigned nqueue, qhead;
};

enum { LEX_EPP_NONE, LEX_EPP_TEXT, LEX_EPP_CODE, LEX_EPP_EXPR };

/*
 * Prepares to lex `len` bytes of `src` (need not be NUL-terminated; must
 * outlive the tokens). `file` is used as is in token locations. With
 * `is_epp`, the text is an EPP template: text mode until the first tag.
 */
void lex_init(struct lexer *lx, struct arena *a, struct diags *d,
	      const char *file, const char *src, size_t len, bool is_epp);

/* Frees the lexer's scratch memory; tokens already read stay valid. */
void lex_release(struct lexer *lx);

/*
 * Reads the next token into *out. On a lexical error, records it in the
 * diags and returns TOK_ERROR; after that, and at the end, TOK_EOF.
 */
void lex_next(struct lexer *lx, struct lex_token *out);

/* The fixed spelling of a token kind ("=>", "if") or its description. */
const char *lex_tok_name(enum lex_tok t);

#endif
