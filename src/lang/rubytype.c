/* SPDX-License-Identifier: MIT */
/* rubytype.c: what modules' Ruby resource types and functions declare, read without running Ruby */
#include "util/compat.h"
#include <ctype.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lang/coretypes.h"
#include "lang/eval-internal.h"
#include "lang/regex.h"
#include "lang/rubytype.h"
#include "util/arena.h"
#include "util/fileio.h"

/*
 * tend does not run Ruby, yet Puppet checks a resource of a module's type
 * against the Ruby class that lib/puppet/type/NAME.rb builds. What that
 * check needs is declared literally in nearly every type file, so it is
 * read from the text:
 *
 * 1. A small Ruby lexer turns the file into tokens, skipping what could
 *    hide a false match: comments (# and =begin/=end), strings with their
 *    #{} interpolations, %-literals, heredocs (the `desc <<-EOT` texts),
 *    regex literals (kept as tokens: title_patterns needs them).
 * 2. A scan of the tokens picks the declarations: newparam(:x, ...) and
 *    newproperty(:x, ...) with their namevar option, isnamevar (for the
 *    last newparam), ensurable ("ensure"), `def self.title_patterns` (each
 *    regex literal and the [:symbol] lists after it), and for the Resource
 *    API, the keys of register_type's attributes hash.
 * 3. Anything that may declare attributes through names we cannot see
 *    (newparam(var), send(:newparam, ...), newtype(..., parent: X), a
 *    helper given `self`, a PuppetX mixin) makes the type "open": every
 *    parameter is then accepted, so that a best effort reading does not
 *    reject a valid manifest.
 */

/* ---- 1. the lexer ---- */

enum rtok {
	RT_EOF,
	RT_IDENT,  /* names, keywords, @ivars, $globals, Constants */
	RT_LABEL,  /* `name:` in a hash or keyword argument */
	RT_SYMBOL, /* :name, :"name" (text without the colon) */
	RT_STRING, /* text of a literal without interpolation, else "" */
	RT_REGEX,  /* source of /re/ or %r{re}; flags set */
	RT_NUMBER,
	RT_PUNCT, /* one character, or "=>" / "::" */
};

struct rtoken {
	enum rtok kind;
	const char *s;	/* NUL-terminated, in the arena */
	unsigned flags; /* RT_REGEX: REGEX_* */
	unsigned line;
	bool has_interp; /* a string with #{...} */
};

struct heredoc {
	const char *term;
	size_t len;
	bool is_indented; /* <<- or <<~: the terminator may be indented */
};

struct lexer {
	struct arena *a;
	const char *p, *end;
	unsigned line;
	struct rtoken *v;
	size_t n, alloc;
	struct heredoc *hd; /* heredocs whose bodies start at the next line */
	size_t nhd, hd_alloc;
};

static void push_tok(struct lexer *L, enum rtok kind, const char *s, size_t len,
		     unsigned line)
{
	if (L->n == L->alloc) {
		size_t na = L->alloc ? L->alloc * 2 : 256;
		L->v = arena_realloc(L->a, L->v, L->n * sizeof(*L->v),
				     na * sizeof(*L->v));
		L->alloc = na;
	}
	struct rtoken *t = &L->v[L->n++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->s = arena_memdupz(L->a, s, len);
	t->line = line;
}

static const struct rtoken *last_tok(const struct lexer *L)
{
	return L->n ? &L->v[L->n - 1] : NULL;
}

static bool is_keyword(const char *s)
{
	static const char *const kw[] = {
		"if", "elsif", "unless", "while", "until", "when", "and",
		"or", "not",   "return", "case",  "then",  "else", "do",
		"in", "yield", "raise",	 "puts",  "fail",
	};
	for (size_t i = 0; i < ARRAY_SIZE(kw); i++)
		if (!strcmp(s, kw[i]))
			return true;
	return false;
}

/* Whether the last token ends an operand, so that `/` or `%` after it is
 * an operator rather than the start of a literal. */
static bool after_value(const struct lexer *L, bool space_before, char next)
{
	const struct rtoken *t = last_tok(L);
	if (!t)
		return false;
	switch (t->kind) {
	case RT_IDENT:
		if (is_keyword(t->s))
			return false;
		/* `split /,/`: a method call's argument */
		return !(space_before && next != ' ' && next != '=');
	case RT_NUMBER:
	case RT_STRING:
	case RT_SYMBOL:
	case RT_REGEX:
		return true;
	case RT_PUNCT:
		return !strcmp(t->s, ")") || !strcmp(t->s, "]") ||
		       !strcmp(t->s, "}");
	default:
		return false;
	}
}

static char closer(char open)
{
	switch (open) {
	case '(':
		return ')';
	case '[':
		return ']';
	case '{':
		return '}';
	case '<':
		return '>';
	default:
		return open;
	}
}

static void skip_interp(struct lexer *L);

/*
 * Skips the body of a literal up to its closing delimiter `close` (nested
 * `open`s counted when open != close). Sets *interp when it holds #{...}
 * and interpolation is allowed. Returns where the body started.
 */
static const char *skip_body(struct lexer *L, char open, char close,
			     bool allow_interp, bool *interp)
{
	const char *start = L->p;
	int depth = 0;
	while (L->p < L->end) {
		char ch = *L->p;
		if (ch == '\\' && L->p + 1 < L->end) {
			if (L->p[1] == '\n')
				L->line++;
			L->p += 2;
			continue;
		}
		if (ch == '\n')
			L->line++;
		if (allow_interp && ch == '#' && L->p + 1 < L->end &&
		    L->p[1] == '{') {
			if (interp)
				*interp = true;
			L->p += 2;
			skip_interp(L);
			continue;
		}
		if (open != close && ch == open) {
			depth++;
		} else if (ch == close) {
			if (!depth)
				return start;
			depth--;
		}
		L->p++;
	}
	return start;
}

/* Skips Ruby code inside #{ } up to the matching brace. */
static void skip_interp(struct lexer *L)
{
	int depth = 0;
	while (L->p < L->end) {
		char ch = *L->p++;
		if (ch == '\n') {
			L->line++;
		} else if (ch == '{') {
			depth++;
		} else if (ch == '}') {
			if (!depth)
				return;
			depth--;
		} else if (ch == '"' || ch == '\'' || ch == '`') {
			skip_body(L, ch, ch, ch != '\'', NULL);
			if (L->p < L->end)
				L->p++;
		}
	}
}

/* A quoted literal from L->p (at the opening delimiter). */
static void lex_quoted(struct lexer *L, enum rtok kind, bool allow_interp)
{
	unsigned line = L->line;
	char open = *L->p++;
	char close = closer(open);
	bool interp = false;
	const char *body = skip_body(L, open, close, allow_interp, &interp);
	size_t len = (size_t)(L->p - body);
	if (L->p < L->end)
		L->p++; /* the closing delimiter */
	unsigned flags = 0;
	if (kind == RT_REGEX) {
		while (L->p < L->end && *L->p && strchr("imxounse", *L->p)) {
			if (*L->p == 'i')
				flags |= REGEX_ICASE;
			else if (*L->p == 'x')
				flags |= REGEX_EXTENDED;
			else if (*L->p == 'm')
				flags |= REGEX_DOTALL;
			L->p++;
		}
	}
	push_tok(L, kind, interp && kind == RT_STRING ? "" : body,
		 interp && kind == RT_STRING ? 0 : len, line);
	L->v[L->n - 1].flags = flags;
	L->v[L->n - 1].has_interp = interp;
}

/* `<<-EOT`, `<<~EOT`, `<<EOT`, `<<'EOT'`: true when one starts at L->p. */
static bool lex_heredoc(struct lexer *L)
{
	const char *q = L->p + 2;
	bool is_indented = false;
	if (q < L->end && (*q == '-' || *q == '~')) {
		is_indented = true;
		q++;
	}
	char quote = 0;
	if (q < L->end && (*q == '\'' || *q == '"' || *q == '`'))
		quote = *q++;
	const char *id = q;
	if (q >= L->end || !(isalpha((unsigned char)*q) || *q == '_'))
		return false;
	if (!quote && !is_indented && !isupper((unsigned char)*q))
		return false; /* `a <<b` is more likely a shift */
	while (q < L->end && (isalnum((unsigned char)*q) || *q == '_'))
		q++;
	size_t len = (size_t)(q - id);
	if (quote) {
		if (q >= L->end || *q != quote)
			return false;
		q++;
	}
	if (L->nhd == L->hd_alloc) {
		size_t na = L->hd_alloc ? L->hd_alloc * 2 : 4;
		L->hd = arena_realloc(L->a, L->hd, L->nhd * sizeof(*L->hd),
				      na * sizeof(*L->hd));
		L->hd_alloc = na;
	}
	L->hd[L->nhd++] = (struct heredoc){id, len, is_indented};
	push_tok(L, RT_STRING, "", 0, L->line);
	L->p = q;
	return true;
}

/* At a newline with heredocs pending: skips their bodies. */
static void skip_heredoc_bodies(struct lexer *L)
{
	for (size_t i = 0; i < L->nhd; i++) {
		const struct heredoc *h = &L->hd[i];
		while (L->p < L->end) {
			const char *nl =
				memchr(L->p, '\n', (size_t)(L->end - L->p));
			const char *eol = nl ? nl : L->end;
			const char *s = L->p;
			if (h->is_indented)
				while (s < eol && (*s == ' ' || *s == '\t'))
					s++;
			const char *e = eol;
			if (e > s && e[-1] == '\r')
				e--;
			bool is_end = (size_t)(e - s) == h->len &&
				      !memcmp(s, h->term, h->len);
			L->p = nl ? nl + 1 : L->end;
			L->line++;
			if (is_end)
				break;
		}
	}
	L->nhd = 0;
}

static bool at_line_start(const struct lexer *L, const char *text)
{
	return L->p == text || L->p[-1] == '\n';
}

static void lex(struct lexer *L, const char *text)
{
	while (L->p < L->end) {
		char ch = *L->p;
		bool space_before =
			L->p > text && isspace((unsigned char)L->p[-1]);
		if (ch == '\n') {
			L->p++;
			L->line++;
			if (L->nhd)
				skip_heredoc_bodies(L);
			continue;
		}
		if (isspace((unsigned char)ch)) {
			L->p++;
			continue;
		}
		if (ch == '\\' && L->p + 1 < L->end && L->p[1] == '\n') {
			L->p += 2;
			L->line++;
			continue;
		}
		if (ch == '#') {
			while (L->p < L->end && *L->p != '\n')
				L->p++;
			continue;
		}
		if (ch == '=' && at_line_start(L, text) &&
		    !strncmp(L->p, "=begin", 6)) {
			while (L->p < L->end) {
				const char *nl = memchr(
					L->p, '\n', (size_t)(L->end - L->p));
				bool is_end = !strncmp(L->p, "=end", 4);
				L->p = nl ? nl + 1 : L->end;
				L->line++;
				if (is_end)
					break;
			}
			continue;
		}
		if (ch == '_' && at_line_start(L, text) &&
		    !strncmp(L->p, "__END__", 7))
			break;
		if (ch == '"' || ch == '`') {
			lex_quoted(L, RT_STRING, true);
			continue;
		}
		if (ch == '\'') {
			lex_quoted(L, RT_STRING, false);
			continue;
		}
		char next = L->p + 1 < L->end ? L->p[1] : 0;
		if (ch == '/' && !after_value(L, space_before, next)) {
			lex_quoted(L, RT_REGEX, true);
			continue;
		}
		if (ch == '%' && next) {
			char kind = 0, delim = 0;
			if (strchr("qQwWiIrsx", next) && L->p + 2 < L->end &&
			    !isalnum((unsigned char)L->p[2]) &&
			    !isspace((unsigned char)L->p[2])) {
				kind = next;
				delim = L->p[2];
			} else if (strchr("([{<|!/^", next) &&
				   !after_value(L, space_before, next)) {
				kind = 'Q';
				delim = next;
			}
			if (kind) {
				L->p += kind == 'Q' && delim == next ? 1 : 2;
				(void)delim;
				enum rtok k = kind == 'r'   ? RT_REGEX
					      : kind == 's' ? RT_SYMBOL
							    : RT_STRING;
				lex_quoted(L, k, strchr("QWIrx", kind) != NULL);
				continue;
			}
		}
		if (ch == '<' && next == '<' && lex_heredoc(L))
			continue;
		if (ch == ':' && next == ':') {
			push_tok(L, RT_PUNCT, "::", 2, L->line);
			L->p += 2;
			continue;
		}
		if (ch == ':' && (next == '"' || next == '\'')) {
			L->p++;
			lex_quoted(L, RT_SYMBOL, next == '"');
			continue;
		}
		if (ch == ':' &&
		    (isalpha((unsigned char)next) || next == '_')) {
			const char *s = ++L->p;
			while (L->p < L->end &&
			       (isalnum((unsigned char)*L->p) || *L->p == '_'))
				L->p++;
			if (L->p < L->end && *L->p && strchr("?!=", *L->p) &&
			    !(L->p + 1 < L->end &&
			      (L->p[1] == '>' || L->p[1] == '=')))
				L->p++;
			push_tok(L, RT_SYMBOL, s, (size_t)(L->p - s), L->line);
			continue;
		}
		if (isalpha((unsigned char)ch) || ch == '_' || ch == '@' ||
		    ch == '$') {
			const char *s = L->p++;
			while (L->p < L->end && (*L->p == '@'))
				L->p++;
			while (L->p < L->end &&
			       (isalnum((unsigned char)*L->p) || *L->p == '_'))
				L->p++;
			if (L->p < L->end && (*L->p == '?' || *L->p == '!') &&
			    !(L->p + 1 < L->end && L->p[1] == '='))
				L->p++;
			size_t len = (size_t)(L->p - s);
			if (L->p + 1 < L->end && *L->p == ':' &&
			    L->p[1] != ':' && isalpha((unsigned char)*s)) {
				L->p++;
				push_tok(L, RT_LABEL, s, len, L->line);
			} else {
				push_tok(L, RT_IDENT, s, len, L->line);
			}
			continue;
		}
		if (isdigit((unsigned char)ch)) {
			const char *s = L->p;
			while (L->p < L->end &&
			       (isalnum((unsigned char)*L->p) || *L->p == '_' ||
				(*L->p == '.' && L->p + 1 < L->end &&
				 isdigit((unsigned char)L->p[1]))))
				L->p++;
			push_tok(L, RT_NUMBER, s, (size_t)(L->p - s), L->line);
			continue;
		}
		if (ch == '=' && next == '>') {
			push_tok(L, RT_PUNCT, "=>", 2, L->line);
			L->p += 2;
			continue;
		}
		push_tok(L, RT_PUNCT, L->p, 1, L->line);
		L->p++;
	}
	push_tok(L, RT_EOF, "", 0, L->line);
}

/* ---- 2. the declarations ---- */

struct scan {
	struct arena *a;
	struct rubytype *t;
	const struct rtoken *v;
	size_t n;
	bool *is_param; /* parallel to t->attrs */
	bool *is_key;
	size_t flags_alloc;
	long last_param; /* index in t->attrs of the last newparam, or -1 */
};

static bool tok_is(const struct rtoken *t, enum rtok kind, const char *s)
{
	return t->kind == kind && (!s || !strcmp(t->s, s));
}

static bool is_opener(const struct rtoken *t)
{
	return t->kind == RT_PUNCT && t->s[0] && strchr("([{", t->s[0]);
}

static bool is_closer(const struct rtoken *t)
{
	return t->kind == RT_PUNCT && t->s[0] && strchr(")]}", t->s[0]);
}

static long find_attr(const struct rubytype *t, const char *name)
{
	for (size_t i = 0; i < t->nattrs; i++)
		if (!strcmp(t->attrs[i], name))
			return (long)i;
	return -1;
}

static long add_attr(struct scan *sc, const char *name, bool is_param)
{
	struct rubytype *t = sc->t;
	long i = find_attr(t, name);
	if (i >= 0) {
		sc->is_param[i] |= is_param;
		return i;
	}
	if (t->nattrs == t->attrs_alloc) {
		size_t na = t->attrs_alloc ? t->attrs_alloc * 2 : 16;
		t->attrs = arena_realloc(sc->a, t->attrs,
					 t->nattrs * sizeof(*t->attrs),
					 na * sizeof(*t->attrs));
		sc->is_param = arena_realloc(sc->a, sc->is_param,
					     t->nattrs * sizeof(bool),
					     na * sizeof(bool));
		sc->is_key = arena_realloc(sc->a, sc->is_key,
					   t->nattrs * sizeof(bool),
					   na * sizeof(bool));
		t->attrs_alloc = na;
	}
	t->attrs[t->nattrs] = arena_strdup(sc->a, name);
	sc->is_param[t->nattrs] = is_param;
	sc->is_key[t->nattrs] = false;
	return (long)t->nattrs++;
}

static void add_key(struct rubytype *t, struct arena *a, const char *name)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (!strcmp(t->keys[i], name))
			return;
	if (t->nkeys == t->keys_alloc) {
		size_t na = t->keys_alloc ? t->keys_alloc * 2 : 4;
		t->keys = arena_realloc(a, t->keys, t->nkeys * sizeof(*t->keys),
					na * sizeof(*t->keys));
		t->keys_alloc = na;
	}
	t->keys[t->nkeys++] = name;
}

static struct rubytype_pattern *add_pattern(struct rubytype *t, struct arena *a,
					    const struct rtoken *re)
{
	if (t->npatterns == t->patterns_alloc) {
		size_t na = t->patterns_alloc ? t->patterns_alloc * 2 : 4;
		t->patterns = arena_realloc(a, t->patterns,
					    t->npatterns * sizeof(*t->patterns),
					    na * sizeof(*t->patterns));
		t->patterns_alloc = na;
	}
	struct rubytype_pattern *p = &t->patterns[t->npatterns++];
	memset(p, 0, sizeof(*p));
	p->src = re->s;
	p->flags = re->flags;
	return p;
}

static void add_field(struct arena *a, struct rubytype_pattern *p,
		      const char *name)
{
	p->fields = arena_realloc(a, p->fields, p->nfields * sizeof(*p->fields),
				  (p->nfields + 1) * sizeof(*p->fields));
	p->fields[p->nfields++] = name;
}

/* The index just past the ')' matching the '(' at i. */
static size_t skip_group(const struct scan *sc, size_t i)
{
	int depth = 0;
	for (; i < sc->n && sc->v[i].kind != RT_EOF; i++) {
		const struct rtoken *t = &sc->v[i];
		if (t->kind != RT_PUNCT)
			continue;
		if (is_opener(t))
			depth++;
		else if (is_closer(t) && --depth <= 0)
			return i + 1;
	}
	return i;
}

/* Whether the options in [from, to) say `namevar: true` / `:namevar => true`
 * (or, with `what` = "parent", name a parent at all). */
static bool has_option(const struct scan *sc, size_t from, size_t to,
		       const char *what, bool need_true)
{
	for (size_t k = from; k < to && k + 1 < sc->n; k++) {
		const struct rtoken *t = &sc->v[k];
		size_t vi;
		if (tok_is(t, RT_LABEL, what))
			vi = k + 1;
		else if (tok_is(t, RT_SYMBOL, what) && k + 2 < sc->n &&
			 tok_is(&sc->v[k + 1], RT_PUNCT, "=>"))
			vi = k + 2;
		else
			continue;
		if (!need_true || tok_is(&sc->v[vi], RT_IDENT, "true"))
			return true;
	}
	return false;
}

/* The end of a call's arguments without parentheses: `do`, `{` or the
 * end of the line (unless it ends with a comma). */
static size_t args_end(const struct scan *sc, size_t i, unsigned line)
{
	for (; i < sc->n && sc->v[i].kind != RT_EOF; i++) {
		const struct rtoken *t = &sc->v[i];
		if (tok_is(t, RT_IDENT, "do") || tok_is(t, RT_PUNCT, "{"))
			return i;
		if (t->line != line) {
			if (!tok_is(&sc->v[i - 1], RT_PUNCT, ","))
				return i;
			line = t->line;
		}
	}
	return i;
}

/* newparam(:x, opts) / newproperty(:x, opts) at i */
static size_t scan_newattr(struct scan *sc, size_t i, bool is_param)
{
	const struct rtoken *call = &sc->v[i];
	size_t j = i + 1;
	bool paren = tok_is(&sc->v[j], RT_PUNCT, "(");
	if (paren)
		j++;
	const struct rtoken *nt = &sc->v[j];
	if (!((nt->kind == RT_SYMBOL || nt->kind == RT_STRING) &&
	      !nt->has_interp && nt->s[0])) {
		sc->t->is_open = true;
		return j;
	}
	size_t end =
		paren ? skip_group(sc, i + 1) : args_end(sc, j + 1, call->line);
	bool is_key = has_option(sc, j + 1, end, "namevar", true);
	long idx = add_attr(sc, nt->s, is_param);
	if (is_param)
		sc->last_param = idx;
	if (is_key)
		sc->is_key[idx] = true;
	return end;
}

/* def self.title_patterns ... end: regex literals and [:field] lists */
static size_t scan_title_patterns(struct scan *sc, size_t i)
{
	struct rubytype *t = sc->t;
	struct rubytype_pattern *cur = NULL;
	int depth = 0;
	t->has_title_patterns = true;
	for (; i < sc->n && sc->v[i].kind != RT_EOF; i++) {
		const struct rtoken *tk = &sc->v[i];
		if (is_opener(tk)) {
			depth++;
		} else if (is_closer(tk)) {
			depth--;
		} else if (tk->kind == RT_IDENT && !strcmp(tk->s, "end") &&
			   depth <= 0) {
			return i + 1;
		} else if (tk->kind == RT_REGEX) {
			cur = add_pattern(t, sc->a, tk);
		} else if (tk->kind == RT_SYMBOL && cur && i &&
			   tok_is(&sc->v[i - 1], RT_PUNCT, "[")) {
			add_field(sc->a, cur, tk->s);
		}
	}
	return i;
}

/* The names of a pattern's named groups, in order: (?<name>...) */
static void named_groups(struct arena *a, struct rubytype_pattern *p)
{
	for (const char *q = strstr(p->src, "(?<"); q;
	     q = strstr(q + 3, "(?<")) {
		const char *s = q + 3;
		if (*s == '=' || *s == '!')
			continue; /* lookbehind */
		size_t len = strcspn(s, ">");
		if (s[len] == '>')
			add_field(a, p, arena_memdupz(a, s, len));
	}
}

/* Puppet::ResourceApi.register_type(name: ..., attributes: { ... }) */
static size_t scan_register_type(struct scan *sc, size_t i)
{
	size_t end = skip_group(sc, i + 1);
	for (size_t k = i + 1; k < end; k++) {
		const struct rtoken *t = &sc->v[k];
		bool is_attrs = tok_is(t, RT_LABEL, "attributes") &&
				tok_is(&sc->v[k + 1], RT_PUNCT, "{");
		bool is_tp = tok_is(t, RT_LABEL, "title_patterns");
		if (is_tp) {
			size_t e = k + 1 < end ? skip_group(sc, k + 1) : k + 1;
			sc->t->has_title_patterns = true;
			for (size_t m = k + 1; m < e; m++)
				if (sc->v[m].kind == RT_REGEX)
					named_groups(sc->a,
						     add_pattern(sc->t, sc->a,
								 &sc->v[m]));
			k = e - 1;
			continue;
		}
		if (!is_attrs)
			continue;
		size_t e = skip_group(sc, k + 1);
		int depth = 0;
		long cur = -1;
		for (size_t m = k + 1; m < e; m++) {
			const struct rtoken *a = &sc->v[m];
			if (is_opener(a)) {
				depth++;
				continue;
			}
			if (is_closer(a)) {
				depth--;
				continue;
			}
			if (depth == 1 && a->kind == RT_LABEL) {
				cur = add_attr(sc, a->s, true);
			} else if (depth == 1 &&
				   (a->kind == RT_SYMBOL ||
				    a->kind == RT_STRING) &&
				   tok_is(&sc->v[m + 1], RT_PUNCT, "=>")) {
				cur = add_attr(sc, a->s, true);
			} else if (depth == 2 && cur >= 0 &&
				   (tok_is(a, RT_LABEL, "behaviour") ||
				    tok_is(a, RT_LABEL, "behavior")) &&
				   tok_is(&sc->v[m + 1], RT_SYMBOL,
					  "namevar")) {
				sc->is_key[cur] = true;
			}
		}
		k = e - 1;
	}
	return end;
}

void rubytype_parse(struct rubytype *out, struct arena *a, const char *name,
		    const char *text, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->name = name;
	struct lexer L = {.a = a, .p = text, .end = text + len, .line = 1};
	lex(&L, text);
	struct scan sc = {
		.a = a, .t = out, .v = L.v, .n = L.n, .last_param = -1};
	for (size_t i = 0; i < sc.n && sc.v[i].kind != RT_EOF;) {
		const struct rtoken *t = &sc.v[i];
		const struct rtoken *prev = i ? &sc.v[i - 1] : NULL;
		bool is_def = prev && tok_is(prev, RT_IDENT, "def");
		if (t->kind == RT_IDENT && !is_def &&
		    (!strcmp(t->s, "newparam") ||
		     !strcmp(t->s, "newproperty"))) {
			i = scan_newattr(&sc, i,
					 t->s[3] == 'p' && t->s[4] == 'a');
			continue;
		}
		if (tok_is(t, RT_IDENT, "isnamevar") && !is_def) {
			if (sc.last_param >= 0)
				sc.is_key[sc.last_param] = true;
		} else if (tok_is(t, RT_IDENT, "ensurable") && !is_def) {
			add_attr(&sc, "ensure", false);
		} else if (t->kind == RT_SYMBOL &&
			   (!strcmp(t->s, "newparam") ||
			    !strcmp(t->s, "newproperty"))) {
			out->is_open = true; /* send(:newparam, name) */
		} else if (tok_is(t, RT_IDENT, "self") && prev &&
			   (tok_is(prev, RT_PUNCT, "(") ||
			    tok_is(prev, RT_PUNCT, ",")) &&
			   (tok_is(&sc.v[i + 1], RT_PUNCT, ")") ||
			    tok_is(&sc.v[i + 1], RT_PUNCT, ","))) {
			out->is_open = true; /* Helper.add_params(self) */
		} else if ((tok_is(t, RT_IDENT, "include") ||
			    tok_is(t, RT_IDENT, "extend")) &&
			   sc.v[i + 1].kind == RT_IDENT &&
			   !strncmp(sc.v[i + 1].s, "PuppetX", 7)) {
			out->is_open =
				true; /* a module's mixin may declare some */
		} else if (tok_is(t, RT_IDENT, "newtype") && !is_def) {
			size_t end = tok_is(&sc.v[i + 1], RT_PUNCT, "(")
					     ? skip_group(&sc, i + 1)
					     : args_end(&sc, i + 1, t->line);
			if (has_option(&sc, i + 1, end, "parent", false))
				out->is_open = true;
		} else if (is_def && tok_is(t, RT_IDENT, "self") &&
			   i + 2 < sc.n &&
			   tok_is(&sc.v[i + 1], RT_PUNCT, ".") &&
			   tok_is(&sc.v[i + 2], RT_IDENT, "title_patterns")) {
			i = scan_title_patterns(&sc, i + 3);
			continue;
		} else if (tok_is(t, RT_IDENT, "register_type") &&
			   tok_is(&sc.v[i + 1], RT_PUNCT, "(")) {
			i = scan_register_type(&sc, i);
			continue;
		}
		i++;
	}
	/* Puppet::Type.key_attribute_parameters: namevars and `name`, in
	 * the order the parameters were declared */
	for (size_t i = 0; i < out->nattrs; i++)
		if (sc.is_param[i] &&
		    (sc.is_key[i] || !strcmp(out->attrs[i], "name")))
			add_key(out, a, out->attrs[i]);
}

bool rubytype_has_attr(const struct rubytype *t, const char *attr)
{
	if (t->is_open || !strcmp(attr, "name") || coretype_is_metaparam(attr))
		return true;
	if (t->has_provider && !strcmp(attr, "provider"))
		return true;
	return find_attr(t, attr) >= 0;
}

const char *rubytype_namevar(const struct rubytype *t)
{
	return t && t->nkeys == 1 ? t->keys[0] : "name";
}

void rubytype_title_params(struct arena *a, const struct rubytype *t,
			   const char *title, struct value *params)
{
	if (!t || !t->has_title_patterns)
		return;
	const char *namevar = rubytype_namevar(t);
	size_t tlen = strlen(title);
	for (size_t i = 0; i < t->npatterns; i++) {
		const struct rubytype_pattern *p = &t->patterns[i];
		void *code;
		if (regex_compile_src(&code, a, p->src, strlen(p->src),
				      p->flags) < 0)
			continue;
		struct regex_hit h = REGEX_HIT_INIT;
		if (regex_search(&h, code, title, tlen, 0, 0) != 1) {
			regex_hit_release(&h);
			continue;
		}
		for (size_t f = 0; f < p->nfields && f + 1 < h.ngroups; f++) {
			size_t b = h.ov[2 * (f + 1)], e = h.ov[2 * (f + 1) + 1];
			if (b == REGEX_UNSET)
				continue;
			if (!strcmp(p->fields[f], namevar) && e - b == tlen)
				continue; /* the namevar equal to the title */
			val_hash_set_str(a, params, p->fields[f],
					 val_str(a, title + b, e - b));
		}
		regex_hit_release(&h);
		return;
	}
}

/* ---- during a compile ---- */

static const struct rubytype none; /* cached "no module defines it" */

/* The first file matching modpath[i]/ * /SUFFIX, in the arena; its module
 * name in *module. */
static const char *find_in_modules(struct eval_ctx *e, const char *suffix,
				   const char **module)
{
	struct buf pat = BUF_INIT;
	const char *found = NULL;
	for (size_t i = 0; i < e->nmodpath && !found; i++) {
		buf_reset(&pat);
		buf_addf(&pat, "%s/*/%s", e->modpath[i], suffix);
		glob_t g;
		if (glob(pat.ptr, 0, NULL, &g) != 0)
			continue;
		for (size_t k = 0; k < g.gl_pathc && !found; k++) {
			if (access(g.gl_pathv[k], R_OK) != 0)
				continue;
			found = arena_strdup(e->arena, g.gl_pathv[k]);
			const char *m = found + strlen(e->modpath[i]) + 1;
			if (module)
				*module = arena_memdupz(e->arena, m,
							strcspn(m, "/"));
		}
		globfree(&g);
	}
	buf_release(&pat);
	return found;
}

const struct rubytype *rubytype_find(struct eval_ctx *e, const char *name)
{
	/* asked for every resource declared: look up without allocating */
	char small[96];
	int n = snprintf(small, sizeof(small), "rubytype:%s", name);
	const char *key = n >= 0 && (size_t)n < sizeof(small)
				  ? small
				  : arena_strfmt(e->arena, "rubytype:%s", name);
	const struct rubytype *t = strmap_get(&e->warned, key);
	if (t)
		return t == &none ? NULL : t;
	/* names come from manifests: never let one walk the filesystem */
	bool is_plain = *name != '\0';
	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			is_plain = false;
	const char *module = NULL;
	const char *file =
		is_plain ? find_in_modules(e,
					   arena_strfmt(e->arena,
							"lib/puppet/type/%s.rb",
							name),
					   &module)
			 : NULL;
	struct buf src = BUF_INIT;
	if (!file || file_read(&src, file) < 0) {
		buf_release(&src);
		strmap_put(&e->warned, arena_strdup(e->arena, key), &none);
		return NULL;
	}
	struct rubytype *nt = arena_alloc(e->arena, sizeof(*nt));
	rubytype_parse(nt, e->arena, arena_strdup(e->arena, name), src.ptr,
		       src.len);
	buf_release(&src);
	nt->module = module;
	nt->file = file;
	nt->has_provider =
		find_in_modules(e,
				arena_strfmt(e->arena,
					     "lib/puppet/provider/%s/*.rb",
					     name),
				NULL) != NULL;
	strmap_put(&e->warned, arena_strdup(e->arena, key), nt);
	return nt;
}

int rubytype_check_catalog(struct eval_ctx *e)
{
	const char *last = NULL; /* resources come in runs of one type */
	const struct rubytype *t = NULL;
	struct buf lt = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < e->cat->nres && !rc; i++) {
		const struct resource *r = e->cat->res[i];
		if (r->is_defined_type || !r->params || !r->params->u.h.n ||
		    strstr(r->type, "::"))
			continue;
		if (!last || strcmp(last, r->type)) {
			last = r->type;
			buf_reset(&lt);
			for (const char *p = r->type; *p; p++)
				buf_addch(&lt, tolower((unsigned char)*p));
			t = !strcmp(lt.ptr, "class") ||
					    !strcmp(lt.ptr, "node") ||
					    !strcmp(lt.ptr, "stage") ||
					    coretype_exists(lt.ptr)
				    ? NULL
				    : rubytype_find(e, lt.ptr);
		}
		for (size_t k = 0; t && k < r->params->u.h.n; k++) {
			const struct value *key = r->params->u.h.e[k].key;
			if (key->kind != VAL_STRING ||
			    rubytype_has_attr(t, key->u.s.ptr))
				continue;
			rc = eval_error_at(e, r->loc,
					   "no parameter named '%s' on %s[%s]",
					   key->u.s.ptr, r->type, r->title);
			break;
		}
	}
	buf_release(&lt);
	return rc;
}

const char *rubytype_function_file(struct eval_ctx *e, const char *name)
{
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	struct buf rel = BUF_INIT;
	const char *found = NULL;
	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == ':'))
			goto out;
	const char *sep = strstr(name, "::");
	if (sep) {
		/* ns::name lives in module ns: lib/puppet/functions/ns/name.rb */
		size_t mlen = (size_t)(sep - name);
		for (size_t i = 0; i < e->nmodpath && !found; i++) {
			buf_reset(&rel);
			buf_addf(&rel, "%s/%.*s/lib/puppet/functions/",
				 e->modpath[i], (int)mlen, name);
			for (const char *p = name; *p; p++) {
				if (p[0] == ':' && p[1] == ':') {
					buf_addch(&rel, '/');
					p++;
				} else {
					buf_addch(&rel, *p);
				}
			}
			buf_addstr(&rel, ".rb");
			if (access(rel.ptr, R_OK) == 0)
				found = arena_strdup(e->arena, rel.ptr);
		}
		goto out;
	}
	found = find_in_modules(
		e, arena_strfmt(e->arena, "lib/puppet/functions/%s.rb", name),
		NULL);
	if (!found)
		found = find_in_modules(
			e,
			arena_strfmt(e->arena,
				     "lib/puppet/parser/functions/%s.rb", name),
			NULL);
out:
	buf_release(&rel);
	return found;
}

int rubytype_function_error(struct eval_ctx *e, const char *name,
			    struct srcloc loc)
{
	const char *file = rubytype_function_file(e, name);
	if (!file)
		return eval_error_at(e, loc, "unknown function '%s'", name);
	/* .../MODULE/lib/puppet/... */
	const char *lib = strstr(file, "/lib/puppet/");
	const char *m = lib;
	while (m && m > file && m[-1] != '/')
		m--;
	const char *module =
		m ? arena_memdupz(e->arena, m, (size_t)(lib - m)) : "?";
	return eval_error_at(
		e, loc,
		"no native implementation of the Ruby function '%s' (module '%s': %s)",
		name, module, file);
}
