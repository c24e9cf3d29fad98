/* SPDX-License-Identifier: MIT */
/* target.c: Salt's targeting (glob, pcre, list, grain, compound, nodegroup) */
#include "util/compat.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <arpa/inet.h>
#include <ctype.h>
#include "remote/target.h"
#include "remote/out.h"
#include "remote/out-internal.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * A target compiles to a tree of nodes in the target's arena (regexes
 * included: PCRE2 allocates through the arena), so that matching a
 * thousand minions does no parsing and target_free is one release.
 *
 * Compound expressions (Salt evaluates them as a Python expression, so the
 * grammar is Python's boolean one):
 *   or_expr  -> and_expr ('or' and_expr)*
 *   and_expr -> not_expr (('and')? not_expr)*    'and' may be left out
 *                                                before 'not' only
 *   not_expr -> 'not' not_expr | primary
 *   primary  -> '(' or_expr ')' | TERM
 * N@group is parsed as '(' group ')' from the group's own words.
 */

enum node_kind {
	N_OR,
	N_AND,
	N_NOT,
	N_GLOB,	      /* the id against a glob */
	N_PCRE,	      /* the id against a regex, anchored at the start */
	N_LIST,	      /* the id in a list */
	N_GRAIN,      /* facts, glob values */
	N_GRAIN_PCRE, /* facts, regex values */
	N_IPCIDR,     /* facts' addresses against an address or network */
};

/* the regex for the value part that starts at pat[off] */
struct suffix_re {
	size_t off;
	pcre2_code *code; /* NULL when that part is not a valid regex */
};

struct node {
	enum node_kind kind;
	struct node **kids; /* operands of OR, AND (n-ary) and NOT */
	size_t nkids, akids;
	const char *pat;       /* GLOB, GRAIN*: the pattern */
	const char *lower;     /* GRAIN*: pat in lower case (values are) */
	size_t len;	       /* of pat */
	char delim;	       /* GRAIN*: level separator */
	pcre2_code *re;	       /* PCRE */
	struct suffix_re *res; /* GRAIN_PCRE: one per separator */
	size_t nres;
	const char **ids; /* LIST */
	size_t nids;
	int family;		/* IPCIDR: AF_INET or AF_INET6 */
	unsigned char addr[16]; /* IPCIDR: masked when is_net */
	unsigned prefix;	/* IPCIDR: network prefix length */
	bool is_net;		/* IPCIDR: a network, not an address */
};

struct target {
	struct arena a;
	enum target_type type;
	struct node *root;
	pcre2_general_context *gc;
	pcre2_compile_context *cc;
	const char **listed; /* ids of LIST nodes not under a NOT */
	size_t nlisted, alisted;
};

/* ---- compiling ---- */

struct group {
	const char *name;
	const struct group *up;
};

/* one sequence of words being parsed: the expression or a nodegroup */
struct cursor {
	struct target *t;
	json_t *nodegroups;
	struct buf *msg; /* the first error */
	const char **w;
	size_t n, pos;
	const char *where;	    /* "compound target 'x'", for messages */
	const struct group *groups; /* nodegroups being expanded */
	unsigned depth;		    /* of parentheses, not and nodegroups */
};

/* deeper nesting is refused: matching and parsing recurse that deep */
#define MAX_DEPTH 100

static void *pcre_alloc(size_t size, void *payload)
{
	return arena_alloc(payload, size);
}

static void pcre_free(void *p UNUSED, void *payload UNUSED)
{
}

PRINTF_LIKE(2, 3)
static struct node *fail(struct cursor *c, const char *fmt, ...)
{
	va_list ap;
	if (c->msg->len)
		return NULL;
	if (c->where)
		buf_addf(c->msg, "%s: ", c->where);
	va_start(ap, fmt);
	buf_vaddf(c->msg, fmt, ap);
	va_end(ap);
	return NULL;
}

static struct node *mknode(struct cursor *c, enum node_kind kind)
{
	struct node *n = arena_alloc(&c->t->a, sizeof(*n));
	n->kind = kind;
	return n;
}

/*
 * OR and AND nodes take any number of operands, so that a long
 * "a or b or c ..." is one node: matching recurses only as deep as
 * parentheses, not and nodegroups nest (at most MAX_DEPTH).
 */
static struct node *mkop(struct cursor *c, enum node_kind kind, struct node *l,
			 struct node *r)
{
	if (!l || (kind != N_NOT && !r))
		return NULL;
	struct node *n = l;
	if (kind == N_NOT || l->kind != kind) {
		n = mknode(c, kind);
		n->akids = kind == N_NOT ? 1 : 4;
		n->kids = arena_alloc(&c->t->a, n->akids * sizeof(*n->kids));
		n->kids[n->nkids++] = l;
		if (kind == N_NOT)
			return n;
	}
	if (n->nkids == n->akids) {
		n->kids = arena_realloc(&c->t->a, n->kids,
					n->akids * sizeof(*n->kids),
					2 * n->akids * sizeof(*n->kids));
		n->akids *= 2;
	}
	n->kids[n->nkids++] = r;
	return n;
}

static pcre2_code *compile_re(struct cursor *c, const char *pat, size_t len,
			      uint32_t flags, bool report)
{
	int code;
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
			PCRE2_ANCHORED | flags;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len, opts, &code, &off,
				       c->t->cc);
	if (!re && report) {
		PCRE2_UCHAR why[256];
		pcre2_get_error_message(code, why, sizeof(why));
		fail(c, "bad regex '%.*s': %s at offset %zu", (int)len, pat,
		     (const char *)why, (size_t)off);
	}
	return re;
}

static struct node *glob_node(struct cursor *c, const char *pat)
{
	struct node *n = mknode(c, N_GLOB);
	n->pat = pat;
	n->len = strlen(pat);
	return n;
}

static struct node *pcre_node(struct cursor *c, const char *pat)
{
	struct node *n = mknode(c, N_PCRE);
	n->re = compile_re(c, pat, strlen(pat), 0, true);
	return n->re ? n : NULL;
}

static struct node *list_node(struct cursor *c, const char **ids, size_t nids)
{
	struct node *n = mknode(c, N_LIST);
	n->ids = ids;
	n->nids = nids;
	return n;
}

/* "a, b,,c" -> a b c */
static struct node *list_from_string(struct cursor *c, const char *s)
{
	size_t max = 1;
	for (const char *p = s; *p; p++)
		max += *p == ',';
	const char **ids = arena_alloc(&c->t->a, max * sizeof(*ids));
	size_t n = 0;
	while (*s) {
		const char *end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		const char *b = s, *e = end;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b)
			ids[n++] = arena_memdupz(&c->t->a, b, (size_t)(e - b));
		s = *end ? end + 1 : end;
	}
	if (!n)
		return fail(c, "empty list of minions");
	return list_node(c, ids, n);
}

static struct node *grain_node(struct cursor *c, const char *pat, char delim,
			       bool regex)
{
	struct node *n = mknode(c, regex ? N_GRAIN_PCRE : N_GRAIN);
	n->pat = pat;
	n->len = strlen(pat);
	n->delim = delim;
	char *lower = arena_memdupz(&c->t->a, pat, n->len);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	n->lower = lower;

	size_t seps = 0;
	for (size_t i = 0; i < n->len; i++)
		seps += pat[i] == delim;
	if (!seps)
		return fail(
			c,
			"grain target '%s' has no '%c' between the key and the value",
			pat, delim);
	if (!regex)
		return n;

	/*
	 * The value may be any part after a separator (the key path is
	 * tried longest first): compile them all now. Report a bad regex
	 * only when no part compiles, naming the last part, the one the
	 * user most likely meant.
	 */
	n->res = arena_alloc(&c->t->a, seps * sizeof(*n->res));
	size_t last = 0;
	bool any = false;
	for (size_t i = 0; i < n->len; i++) {
		if (pat[i] != delim)
			continue;
		struct suffix_re *s = &n->res[n->nres++];
		s->off = i + 1;
		s->code = compile_re(c, pat + i + 1, n->len - i - 1,
				     PCRE2_CASELESS, false);
		any |= s->code != NULL;
		last = i + 1;
	}
	if (!any) {
		compile_re(c, pat + last, n->len - last, PCRE2_CASELESS, true);
		return NULL;
	}
	return n;
}

static int parse_ip(int *family, unsigned char *addr, const char *s, size_t len)
{
	char tmp[INET6_ADDRSTRLEN + 1];
	/* a link-local address's zone (fe80::1%eth0) is not part of it */
	const char *zone = memchr(s, '%', len);
	if (zone)
		len = (size_t)(zone - s);
	if (len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (inet_pton(AF_INET, tmp, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

static struct node *ipcidr_node(struct cursor *c, const char *s)
{
	struct node *n = mknode(c, N_IPCIDR);
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);

	if (parse_ip(&n->family, n->addr, s, alen) < 0 ||
	    (slash && memchr(s, '%', alen)))
		return fail(c, "invalid IP address or network '%s'", s);
	unsigned bits = n->family == AF_INET ? 32 : 128;
	if (slash) {
		const char *p = slash + 1;
		unsigned prefix = 0;
		if (!*p || strlen(p) > 3)
			return fail(c, "invalid IP address or network '%s'", s);
		for (; *p; p++) {
			if (!isdigit((unsigned char)*p))
				return fail(
					c, "invalid IP address or network '%s'",
					s);
			prefix = prefix * 10 + (unsigned)(*p - '0');
		}
		if (prefix > bits)
			return fail(c, "invalid IP address or network '%s'", s);
		n->is_net = true;
		n->prefix = prefix;
		for (unsigned i = 0; i < bits; i++)
			if (i >= prefix)
				n->addr[i / 8] &=
					(unsigned char)~(0x80u >> (i % 8));
	}
	return n;
}

static bool is_operator(const char *w)
{
	return !strcmp(w, "and") || !strcmp(w, "or") || !strcmp(w, "not") ||
	       !strcmp(w, "(") || !strcmp(w, ")");
}

static struct node *parse_or(struct cursor *c);
static struct node *nodegroup(struct cursor *c, const char *name);

/* G@x, G%@x (another separator), bare words: one term of a compound */
static struct node *term(struct cursor *c, const char *w)
{
	char letter = 0, delim = ':';
	const char *body = NULL;

	if (isupper((unsigned char)w[0]) && w[1] == '@') {
		letter = w[0];
		body = w + 2;
	} else if (w[0] && strchr("GPIJ", w[0]) && w[1] && w[1] != '@' &&
		   !((unsigned char)w[1] & 0x80) && w[2] == '@') {
		letter = w[0];
		delim = w[1];
		body = w + 3;
	}
	if (!letter) {
		size_t len = strlen(w);
		if (w[0] == '(' || (len && w[len - 1] == ')'))
			return fail(
				c,
				"parentheses must be separated by spaces: '%s'",
				w);
		return glob_node(c, w);
	}
	if (!*body)
		return fail(c, "empty pattern after '%.*s'", (int)(body - w),
			    w);
	switch (letter) {
	case 'G':
		return grain_node(c, body, delim, false);
	case 'P':
		return grain_node(c, body, delim, true);
	case 'E':
		return pcre_node(c, body);
	case 'L':
		return list_from_string(c, body);
	case 'N':
		return nodegroup(c, body);
	case 'S':
		return ipcidr_node(c, body);
	case 'I':
	case 'J':
		return fail(c, "pillar targeting (%c@) is not supported: '%s'",
			    letter, w);
	case 'R':
		return fail(c, "range targeting (R@) is not supported: '%s'",
			    w);
	default:
		return fail(
			c,
			"unknown target type '%c@' in '%s' (known: G@ P@ E@ L@ N@ S@)",
			letter, w);
	}
}

static const char *peek(struct cursor *c)
{
	return c->pos < c->n ? c->w[c->pos] : NULL;
}

/* primary -> '(' or_expr ')' | TERM */
static struct node *parse_primary(struct cursor *c)
{
	const char *w = peek(c);
	if (!w) {
		if (!c->pos)
			return fail(c, "empty expression");
		return fail(c, "expected a target after '%s'",
			    c->w[c->pos - 1]);
	}
	c->pos++;
	if (!strcmp(w, "(")) {
		if (++c->depth > MAX_DEPTH)
			return fail(c,
				    "nested too deeply (more than %d levels)",
				    MAX_DEPTH);
		struct node *n = parse_or(c);
		c->depth--;
		if (!n)
			return NULL;
		const char *close = peek(c);
		if (!close)
			return fail(c, "'(' is not closed");
		if (strcmp(close, ")"))
			return fail(
				c,
				"missing 'and' or 'or' between '%s' and '%s'",
				c->w[c->pos - 1], close);
		c->pos++;
		return n;
	}
	if (!strcmp(w, ")"))
		return fail(c, c->pos > 1 ? "expected a target before ')'"
					  : "unexpected ')'");
	if (!strcmp(w, "and") || !strcmp(w, "or"))
		return fail(c, "expected a target before '%s'", w);
	return term(c, w);
}

/* not_expr -> 'not' not_expr | primary */
static struct node *parse_not(struct cursor *c)
{
	const char *w = peek(c);
	if (w && !strcmp(w, "not")) {
		c->pos++;
		if (++c->depth > MAX_DEPTH)
			return fail(c,
				    "nested too deeply (more than %d levels)",
				    MAX_DEPTH);
		struct node *n = mkop(c, N_NOT, parse_not(c), NULL);
		c->depth--;
		return n;
	}
	return parse_primary(c);
}

/* and_expr -> not_expr (('and')? not_expr)* */
static struct node *parse_and(struct cursor *c)
{
	struct node *l = parse_not(c);
	const char *w;
	while (l && (w = peek(c))) {
		if (!strcmp(w, "and"))
			c->pos++;
		else if (strcmp(w, "not"))
			break;
		l = mkop(c, N_AND, l, parse_not(c));
	}
	return l;
}

/* or_expr -> and_expr ('or' and_expr)* */
static struct node *parse_or(struct cursor *c)
{
	struct node *l = parse_and(c);
	const char *w;
	while (l && (w = peek(c)) && !strcmp(w, "or")) {
		c->pos++;
		l = mkop(c, N_OR, l, parse_and(c));
	}
	return l;
}

/* a whole word sequence: or_expr and nothing after it */
static struct node *parse_all(struct cursor *c)
{
	struct node *n = parse_or(c);
	const char *w = peek(c);
	if (!n || !w)
		return n;
	if (!strcmp(w, ")"))
		return fail(c, "unexpected ')'");
	return fail(c, "missing 'and' or 'or' between '%s' and '%s'",
		    c->w[c->pos - 1], w);
}

/* Splits at blanks (Python's str.split()) into the arena. */
static const char **split_words(struct arena *a, const char *s, size_t *n)
{
	size_t max = 1;
	for (const char *p = s; *p; p++)
		max += isspace((unsigned char)*p) != 0;
	const char **w = arena_alloc(a, max * sizeof(*w));
	*n = 0;
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		const char *b = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (s > b)
			w[(*n)++] = arena_memdupz(a, b, (size_t)(s - b));
	}
	return w;
}

static json_t *find_group(json_t *nodegroups, const char *name)
{
	if (json_is_object(nodegroups))
		return json_object_get(nodegroups, name);
	/* Salt 2017.7: a list of one-key dicts */
	size_t i;
	json_t *item;
	json_array_foreach(nodegroups, i, item)
	{
		json_t *def = json_object_get(item, name);
		if (def)
			return def;
	}
	return NULL;
}

/* "a -> b -> " from the outermost group in */
static void add_chain(struct buf *out, const struct group *g)
{
	if (!g)
		return;
	add_chain(out, g->up);
	buf_addf(out, "%s -> ", g->name);
}

static struct node *nodegroup(struct cursor *c, const char *name)
{
	for (const struct group *g = c->groups; g; g = g->up) {
		if (strcmp(g->name, name))
			continue;
		if (!c->msg->len) {
			buf_addf(c->msg,
				 "nodegroup '%s' includes itself: ", name);
			add_chain(c->msg, c->groups);
			buf_addstr(c->msg, name);
		}
		return NULL;
	}

	json_t *def = find_group(c->nodegroups, name);
	if (!def)
		return fail(c, "unknown nodegroup '%s'", name);

	struct cursor sub = *c;
	struct group g = {name, c->groups};
	if (++sub.depth > MAX_DEPTH)
		return fail(c, "nested too deeply (more than %d levels)",
			    MAX_DEPTH);
	char *where = arena_strfmt(&c->t->a, "nodegroup '%s'", name);
	sub.where = where;
	sub.groups = &g;
	sub.pos = 0;
	if (json_is_string(def)) {
		sub.w = split_words(&c->t->a, json_string_value(def), &sub.n);
	} else if (json_is_array(def)) {
		sub.n = json_array_size(def);
		sub.w = arena_alloc(&c->t->a, (sub.n + 1) * sizeof(*sub.w));
		for (size_t i = 0; i < sub.n; i++) {
			json_t *word = json_array_get(def, i);
			if (!json_is_string(word))
				return fail(&sub, "list items must be strings");
			/* copied: the target outlives the nodegroups */
			sub.w[i] =
				arena_strdup(&c->t->a, json_string_value(word));
		}
	} else {
		return fail(&sub, "must be a string or a list of strings");
	}
	if (!sub.n)
		return fail(&sub, "is empty");

	bool has_op = false;
	for (size_t i = 0; i < sub.n; i++)
		has_op |= is_operator(sub.w[i]);
	if (has_op)
		return parse_all(&sub);
	/* a plain list of ids (or terms): any of them */
	struct node *n = NULL;
	for (size_t i = 0; i < sub.n; i++) {
		struct node *x = term(&sub, sub.w[i]);
		if (!x)
			return NULL;
		n = n ? mkop(&sub, N_OR, n, x) : x;
	}
	return n;
}

/* Collects the ids of LIST nodes a match can require (not under NOT). */
static void collect_listed(struct target *t, const struct node *n)
{
	if (!n || n->kind == N_NOT)
		return;
	if (n->kind == N_LIST) {
		for (size_t i = 0; i < n->nids; i++) {
			ALLOC_GROW(t->listed, t->nlisted + 1, t->alisted);
			t->listed[t->nlisted++] = n->ids[i];
		}
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		collect_listed(t, n->kids[i]);
}

static struct target *compile_words(enum target_type type, const char *expr,
				    const char **words, size_t nwords,
				    json_t *nodegroups, struct buf *err)
{
	struct target *t = xcalloc(1, sizeof(*t));
	struct buf msg = BUF_INIT;
	struct cursor c = {0};

	arena_init(&t->a);
	t->type = type;
	t->gc = pcre2_general_context_create(pcre_alloc, pcre_free, &t->a);
	t->cc = pcre2_compile_context_create(t->gc);
	c.t = t;
	c.nodegroups = nodegroups;
	c.msg = &msg;

	const char *e = arena_strdup(&t->a, expr);
	if (!words && !*e) {
		buf_addstr(&msg, "empty target");
		goto out;
	}
	switch (type) {
	case TARGET_GLOB:
		t->root = glob_node(&c, e);
		break;
	case TARGET_PCRE:
		t->root = pcre_node(&c, e);
		break;
	case TARGET_LIST:
		if (words) {
			const char **ids =
				arena_alloc(&t->a, (nwords + 1) * sizeof(*ids));
			for (size_t i = 0; i < nwords; i++)
				ids[i] = arena_strdup(&t->a, words[i]);
			t->root = nwords ? list_node(&c, ids, nwords)
					 : fail(&c, "empty list of minions");
		} else {
			t->root = list_from_string(&c, e);
		}
		break;
	case TARGET_GRAIN:
	case TARGET_GRAIN_PCRE:
		t->root = grain_node(&c, e, ':', type == TARGET_GRAIN_PCRE);
		break;
	case TARGET_IPCIDR:
		t->root = ipcidr_node(&c, e);
		break;
	case TARGET_NODEGROUP:
		t->root = nodegroup(&c, e);
		break;
	case TARGET_COMPOUND:
		c.where = arena_strfmt(&t->a, "compound target '%s'", e);
		if (words) {
			c.w = arena_alloc(&t->a, (nwords + 1) * sizeof(*c.w));
			for (size_t i = 0; i < nwords; i++)
				c.w[i] = arena_strdup(&t->a, words[i]);
			c.n = nwords;
		} else {
			c.w = split_words(&t->a, e, &c.n);
		}
		t->root = c.n ? parse_all(&c) : fail(&c, "empty expression");
		break;
	default:
		buf_addf(&msg, "unknown target type %d", (int)type);
	}
	if (!t->root && !msg.len)
		buf_addstr(&msg, "invalid target");
out:
	if (msg.len) {
		err_set("%s", msg.ptr);
		if (err)
			buf_addstr(err, msg.ptr);
		buf_release(&msg);
		target_free(t);
		return NULL;
	}
	collect_listed(t, t->root);
	return t;
}

struct target *target_compile(enum target_type type, const char *expr,
			      json_t *nodegroups, struct buf *err)
{
	return compile_words(type, expr ? expr : "", NULL, 0, nodegroups, err);
}

struct target *target_compile_json(enum target_type type, json_t *expr,
				   json_t *nodegroups, struct buf *err)
{
	if (json_is_string(expr))
		return target_compile(type, json_string_value(expr), nodegroups,
				      err);
	if (!json_is_array(expr) ||
	    (type != TARGET_LIST && type != TARGET_COMPOUND)) {
		const char *m =
			"target must be a string (or, for list and compound targets, a list of strings)";
		err_set("%s", m);
		if (err)
			buf_addstr(err, m);
		return NULL;
	}
	size_t n = json_array_size(expr);
	const char **words = xcalloc(n + 1, sizeof(*words));
	struct buf joined = BUF_INIT;
	struct target *t = NULL;
	for (size_t i = 0; i < n; i++) {
		words[i] = json_string_value(json_array_get(expr, i));
		if (!words[i]) {
			const char *m = "target list items must be strings";
			err_set("%s", m);
			if (err)
				buf_addstr(err, m);
			goto out;
		}
		buf_addf(&joined, "%s%s", i ? " " : "", words[i]);
	}
	t = compile_words(type, joined.ptr, words, n, nodegroups, err);
out:
	buf_release(&joined);
	free(words);
	return t;
}

void target_free(struct target *t)
{
	if (!t)
		return;
	free(t->listed);
	arena_release(&t->a);
	free(t);
}

/* ---- matching ---- */

/*
 * Python's fnmatch.fnmatchcase over UTF-8 characters: '*' any run, '?'
 * one character, '[seq]' / '[!seq]' one character in (not in) seq, with
 * a-b ranges and ']' literal when first; an unclosed '[' is literal; no
 * escapes.
 */
static size_t class_end(const char *p, size_t plen, size_t i)
{
	size_t j = i + 1;
	if (j < plen && p[j] == '!')
		j++;
	if (j < plen && p[j] == ']')
		j++;
	while (j < plen && p[j] != ']')
		j++;
	return j < plen ? j : 0;
}

static bool class_has(const char *p, size_t i, size_t end, uint32_t c)
{
	size_t k = i + 1, n;
	bool neg = p[k] == '!';
	bool hit = false;

	if (neg)
		k++;
	while (k < end) {
		uint32_t a = out_utf8_decode(p, end, k, &n);
		k += n;
		if (k + 1 < end && p[k] == '-') {
			uint32_t b = out_utf8_decode(p, end, k + 1, &n);
			k += 1 + n;
			hit |= a <= c && c <= b;
		} else {
			hit |= a == c;
		}
	}
	return hit != neg;
}

static bool glob_match(const char *p, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0, n;

	while (si < slen) {
		if (pi < plen) {
			char pc = p[pi];
			if (pc == '*') {
				star_p = ++pi;
				star_s = si;
				continue;
			}
			if (pc == '?') {
				out_utf8_decode(s, slen, si, &n);
				pi++;
				si += n;
				continue;
			}
			size_t end = pc == '[' ? class_end(p, plen, pi) : 0;
			if (end) {
				uint32_t c = out_utf8_decode(s, slen, si, &n);
				if (class_has(p, pi, end, c)) {
					pi = end + 1;
					si += n;
					continue;
				}
			} else if (pc == s[si]) {
				pi++;
				si++;
				continue;
			}
		}
		/* mismatch: let the last '*' take one more character */
		if (star_p == SIZE_MAX)
			return false;
		out_utf8_decode(s, slen, star_s, &n);
		star_s += n;
		si = star_s;
		pi = star_p;
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

static bool re_match(pcre2_code *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0; /* 0: a match with more groups than the ovector */
}

/* Python's int() of a list index: [+-]digits */
static bool parse_index(const char *s, size_t len, long long *out)
{
	size_t i = 0;
	bool neg = false;
	long long v = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

/* salt.utils.data.traverse_dict_and_list, one step */
static json_t *step(json_t *ptr, const char *seg, size_t len)
{
	if (json_is_object(ptr))
		return json_object_getn(ptr, seg, len);
	if (!json_is_array(ptr))
		return NULL;
	long long idx;
	size_t n = json_array_size(ptr), i;
	json_t *item;
	if (parse_index(seg, len, &idx)) {
		if (idx < 0)
			idx += (long long)n;
		return idx >= 0 && (size_t)idx < n
			       ? json_array_get(ptr, (size_t)idx)
			       : NULL;
	}
	/* a name inside a list: the first dict in it that has the key */
	json_array_foreach(ptr, i, item)
	{
		json_t *v = json_is_object(item)
				    ? json_object_getn(item, seg, len)
				    : NULL;
		if (v)
			return v;
	}
	return NULL;
}

static json_t *traverse(json_t *data, const char *key, size_t len, char delim)
{
	json_t *ptr = data;
	size_t i = 0;
	for (;;) {
		const char *end = memchr(key + i, delim, len - i);
		size_t seg = end ? (size_t)(end - key) - i : len - i;
		ptr = step(ptr, key + i, seg);
		if (!ptr || !end)
			return ptr;
		i += seg + 1;
	}
}

/* Salt's _match: str(value).lower() against the pattern at pat[off] */
static bool value_match(const struct node *n, json_t *v, size_t off)
{
	struct buf s = BUF_INIT;
	bool hit = false;

	out_py_str(&s, v);
	if (n->kind == N_GRAIN) {
		for (size_t i = 0; i < s.len; i++)
			s.ptr[i] = (char)tolower((unsigned char)s.ptr[i]);
		hit = glob_match(n->lower + off, n->len - off, s.ptr, s.len);
	} else {
		for (size_t i = 0; i < n->nres; i++)
			if (n->res[i].off == off && n->res[i].code)
				hit = re_match(n->res[i].code, s.ptr, s.len);
	}
	buf_release(&s);
	return hit;
}

static bool subdict(const struct node *n, json_t *data, size_t off);

/* Salt's _dict_match: the pattern at pat[off] against a dict */
static bool dict_match(const struct node *n, json_t *obj, size_t off)
{
	const char *p = n->pat + off;
	size_t plen = n->len - off;
	bool wildcard = plen >= 2 && p[0] == '*' && p[1] == n->delim;
	const char *key;
	json_t *val;

	if (wildcard) {
		off += 2;
		p += 2;
		plen -= 2;
	}
	if ((plen == 1 && p[0] == '*') || json_object_getn(obj, p, plen) ||
	    subdict(n, obj, off))
		return true;
	if (!wildcard)
		return false;
	json_object_foreach(obj, key, val)
	{
		(void)key;
		if (json_is_object(val)) {
			if (dict_match(n, val, off))
				return true;
		} else if (json_is_array(val)) {
			size_t i;
			json_t *item;
			json_array_foreach(
				val, i, item) if (value_match(n, item,
							      off)) return true;
		} else if (value_match(n, val, off)) {
			return true;
		}
	}
	return false;
}

/*
 * Salt's subdict_match on pat[off..]: every separator splits a key path
 * from a value pattern, the longest key path first.
 */
static bool subdict(const struct node *n, json_t *data, size_t off)
{
	for (size_t i = n->len; i-- > off;) {
		if (n->pat[i] != n->delim)
			continue;
		json_t *match;
		size_t moff = i + 1;
		if (i == off + 1 && n->pat[off] == '*') {
			/* '*:...': the whole pattern against everything */
			match = data;
			moff = off;
		} else {
			match = traverse(data, n->pat + off, i - off, n->delim);
		}
		if (!match ||
		    (json_is_object(match) && !json_object_size(match)))
			continue;
		if (json_is_object(match)) {
			if (dict_match(n, match, moff))
				return true;
		} else if (json_is_array(match)) {
			size_t k;
			json_t *member;
			json_array_foreach(match, k, member)
			{
				if (json_is_object(member) &&
				    dict_match(n, member, moff))
					return true;
				if (value_match(n, member, moff))
					return true;
			}
		} else if (value_match(n, match, moff)) {
			return true;
		}
	}
	return false;
}

static bool addr_matches(const struct node *n, json_t *v)
{
	unsigned char a[16];
	int family;
	if (!json_is_string(v) ||
	    parse_ip(&family, a, json_string_value(v), json_string_length(v)) <
		    0 ||
	    family != n->family)
		return false;
	if (!n->is_net)
		return !memcmp(a, n->addr, family == AF_INET ? 4 : 16);
	for (unsigned i = 0; i < n->prefix; i++) {
		unsigned bit = 0x80u >> (i % 8);
		if ((a[i / 8] & bit) != (n->addr[i / 8] & bit))
			return false;
	}
	return true;
}

/* a string or a list of strings (Salt's ipv4 grain) */
static bool addrs_match(const struct node *n, json_t *v)
{
	size_t i;
	json_t *item;
	if (!json_is_array(v))
		return addr_matches(n, v);
	json_array_foreach(v, i, item) if (addr_matches(n, item)) return true;
	return false;
}

static bool bindings_match(const struct node *n, json_t *bindings)
{
	size_t i;
	json_t *b;
	json_array_foreach(
		bindings, i,
		b) if (addr_matches(n,
				    json_object_get(b, "address"))) return true;
	return false;
}

static bool ipcidr_match(const struct node *n, json_t *facts)
{
	static const char *const top[] = {"ipaddress", "ipaddress6", "ipv4",
					  "ipv6"};
	for (size_t i = 0; i < ARRAY_SIZE(top); i++)
		if (addrs_match(n, json_object_get(facts, top[i])))
			return true;
	json_t *net = json_object_get(facts, "networking");
	if (addrs_match(n, json_object_get(net, "ip")) ||
	    addrs_match(n, json_object_get(net, "ip6")))
		return true;
	const char *name;
	json_t *iface;
	json_object_foreach(json_object_get(net, "interfaces"), name, iface)
	{
		(void)name;
		if (addrs_match(n, json_object_get(iface, "ip")) ||
		    addrs_match(n, json_object_get(iface, "ip6")) ||
		    bindings_match(n, json_object_get(iface, "bindings")) ||
		    bindings_match(n, json_object_get(iface, "bindings6")))
			return true;
	}
	return false;
}

static bool eval(const struct node *n, const char *id, json_t *facts)
{
	switch (n->kind) {
	case N_OR:
		for (size_t i = 0; i < n->nkids; i++)
			if (eval(n->kids[i], id, facts))
				return true;
		return false;
	case N_AND:
		for (size_t i = 0; i < n->nkids; i++)
			if (!eval(n->kids[i], id, facts))
				return false;
		return true;
	case N_NOT:
		return !eval(n->kids[0], id, facts);
	case N_GLOB:
		return glob_match(n->pat, n->len, id, strlen(id));
	case N_PCRE:
		return re_match(n->re, id, strlen(id));
	case N_LIST:
		for (size_t i = 0; i < n->nids; i++)
			if (!strcmp(n->ids[i], id))
				return true;
		return false;
	case N_GRAIN:
	case N_GRAIN_PCRE:
		return json_is_object(facts) && subdict(n, facts, 0);
	case N_IPCIDR:
		return json_is_object(facts) && ipcidr_match(n, facts);
	}
	return false;
}

bool target_match(const struct target *t, const char *id, json_t *facts)
{
	return t && t->root && id && eval(t->root, id, facts);
}

static bool uses_facts(const struct node *n)
{
	if (!n)
		return false;
	if (n->kind == N_GRAIN || n->kind == N_GRAIN_PCRE ||
	    n->kind == N_IPCIDR)
		return true;
	for (size_t i = 0; i < n->nkids; i++)
		if (uses_facts(n->kids[i]))
			return true;
	return false;
}

bool target_uses_facts(const struct target *t)
{
	return t && uses_facts(t->root);
}

size_t target_listed_ids(const struct target *t, const char *const **ids_out)
{
	*ids_out = t ? t->listed : NULL;
	return t ? t->nlisted : 0;
}

/* ---- target types ---- */

static const struct {
	const char *name;
	const char *shortflag, *longflag;
	enum target_type type;
} types[] = {
	{"glob", NULL, "--glob", TARGET_GLOB},
	{"pcre", "-E", "--pcre", TARGET_PCRE},
	{"list", "-L", "--list", TARGET_LIST},
	{"grain", "-G", "--grain", TARGET_GRAIN},
	{"compound", "-C", "--compound", TARGET_COMPOUND},
	{"nodegroup", "-N", "--nodegroup", TARGET_NODEGROUP},
	{"grain_pcre", "-P", "--grain-pcre", TARGET_GRAIN_PCRE},
	{"ipcidr", "-S", "--ipcidr", TARGET_IPCIDR},
};

int target_type_parse(enum target_type *out, const char *s)
{
	static const char *const unsupported[] = {
		"-I",
		"--pillar",
		"pillar",
		"-J",
		"--pillar-pcre",
		"pillar_pcre",
		"pillar_exact",
		"-R",
		"--range",
		"range",
	};
	for (size_t i = 0; s && i < ARRAY_SIZE(types); i++) {
		if (!strcmp(s, types[i].name) ||
		    (types[i].shortflag && !strcmp(s, types[i].shortflag)) ||
		    !strcmp(s, types[i].longflag)) {
			*out = types[i].type;
			return 0;
		}
	}
	for (size_t i = 0; s && i < ARRAY_SIZE(unsupported); i++)
		if (!strcmp(s, unsupported[i]))
			return err_set(
				"target type '%s' is not supported (pillar and range targeting are not available)",
				s);
	return err_set(
		"unknown target type '%s' (valid: glob, pcre, list, grain, grain_pcre, compound, nodegroup, ipcidr)",
		s ? s : "");
}

const char *target_type_name(enum target_type type)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (types[i].type == type)
			return types[i].name;
	return "unknown";
}
