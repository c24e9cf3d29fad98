/* SPDX-License-Identifier: MIT */
/* regex.h: Puppet's (Ruby's) regular expressions on top of PCRE2 */
#ifndef REGEX_H
#define REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct value;

/*
 * Puppet compiles its patterns with Ruby (Onigmo). PCRE2 is close; where
 * they differ, the pattern text is rewritten before compiling so that it
 * means what Ruby means:
 *   - `^` and `$` always match at line boundaries (PCRE2_MULTILINE);
 *   - Ruby's /m (and inline `(?m)`) lets `.` match a newline: PCRE2_DOTALL
 *     and `(?s)`;
 *   - `\h` / `\H` are hexadecimal digits (in PCRE2 they are blanks);
 *   - `{,n}` means `{0,n}`;
 *   - in a pattern with named groups, plain ( ) groups do not capture
 *     (PCRE2_NO_AUTO_CAPTURE), and \1..\9 in a replacement are empty.
 * Patterns and subjects are UTF-8 (PCRE2_UTF); `\w`, `\d`, `\s` are ASCII
 * only, as in Ruby. A subject that is not valid UTF-8 is still searched;
 * invalid sequences just never match.
 *
 * Compiled patterns live in the arena given to the compiling call (PCRE2
 * allocates through it), so they need no freeing and die with the arena.
 */

/* Flags for regex_compile_src, Ruby's Regexp options. */
#define REGEX_ICASE 1u     /* /i, regsubst 'I' */
#define REGEX_EXTENDED 2u  /* /x, regsubst 'E' */
#define REGEX_DOTALL 4u    /* Ruby's /m, regsubst 'M': '.' matches "\n" */

/*
 * Compiles the VAL_REGEX `re` unless already compiled, caching the code in
 * re->u.re.code. `a` must live as long as `re` (the compile arena).
 * Returns 0, or -1 with err_set("why: /src/"), Ruby's form: "end pattern
 * with unmatched parenthesis: /(/" (Onigmo's words for the common
 * mistakes, PCRE2's "... at offset N" for the others).
 */
int regex_compile(struct arena *a, struct value *re);

/*
 * Compiles `src` (len bytes, no slashes) with REGEX_* flags into `a`.
 * Stores the code (a pcre2_code_8 *) in *code_out. Returns 0, or -1 with
 * err_set() as above.
 */
int regex_compile_src(void **code_out, struct arena *a, const char *src,
		      size_t len, unsigned flags);

/*
 * Checks that `src` (NUL-terminated, no slashes) compiles, for the parser's
 * diagnostics on regex literals. Returns 0, or -1 with the reason appended
 * to `err` (without the pattern), e.g. "end pattern with unmatched
 * parenthesis".
 */
int regex_compile_check(const char *src, struct buf *err);

/*
 * Matches the VAL_REGEX `re` against s[0..len) (unanchored, as =~ does).
 * Returns 1 on a match, 0 on none, -1 with err_set() when the pattern does
 * not compile or matching fails (e.g. the backtracking limit).
 * On a match, if captures_out is not NULL, *captures_out is a new VAL_ARRAY
 * in `a` holding $0..$n as strings; groups that did not take part in the
 * match are undef. On no match *captures_out is left untouched.
 */
int regex_match(struct arena *a, struct value *re, const char *s, size_t len,
		struct value **captures_out);

/*
 * Low-level search, for functions that need offsets. A regex_hit holds
 * PCRE2 match data; regex_hit_release frees it.
 */
#define REGEX_UNSET ((size_t)-1)

struct regex_hit {
	size_t ngroups;   /* capture groups + 1 ($0) */
	const size_t *ov; /* 2 * ngroups offsets, REGEX_UNSET when unset */
	void *md;         /* pcre2_match_data_8 *, owned */
	void *code;       /* the pattern md was made for */
};

#define REGEX_HIT_INIT { 0, NULL, NULL, NULL }

/* Search options. */
#define REGEX_ANCHORED 1u         /* match only at `start` */
#define REGEX_NOTEMPTY_ATSTART 2u /* no empty match at `start` */

/*
 * Searches `code` in s[0..len) starting at byte `start` (<= len).
 * Returns 1 and fills h->ov on a match, 0 when there is none, -1 with
 * err_set() when matching fails.
 */
int regex_search(struct regex_hit *h, void *code, const char *s, size_t len,
		 size_t start, unsigned opts);
void regex_hit_release(struct regex_hit *h);

/* Number of the group called `name` in `code`, or -1. */
int regex_group_number(void *code, const char *name, size_t len);

/*
 * Ruby's String#split(regexp) (limit 0): pieces between matches; the text
 * of capture groups that took part in a match is inserted after each piece;
 * a pattern matching the empty string splits into characters; trailing
 * empty strings are dropped, "" gives []. *out is a new VAL_ARRAY of
 * strings in `a`. Returns 0 or -1 with err_set().
 */
int regex_split(struct value **out, struct arena *a, void *code,
		const char *s, size_t len);

/*
 * Ruby's sub (global false) and gsub (global true): appends to `out` the
 * subject with the first or every match replaced. With `map` (a VAL_HASH)
 * the replacement of a match is the string value of map[matched text] (""
 * when absent); otherwise it is `repl` with Ruby's escapes expanded:
 * \0 \& (whole match), \1..\9, \k<name>, \` (before), \' (after), \\.
 * Returns 0 or -1 with err_set().
 */
int regex_subst(struct buf *out, void *code, const char *s, size_t len,
		const char *repl, size_t rlen, const struct value *map,
		bool global);

/*
 * Appends `s` with every regex metacharacter escaped, as Ruby's
 * Regexp.escape does: . * ? + ^ $ | ( ) [ ] { } \\ - # and space get a
 * backslash; tab, newline, CR, FF, VT become \t \n \r \f \v.
 */
void regex_escape(struct buf *out, const char *s, size_t len);

#endif
