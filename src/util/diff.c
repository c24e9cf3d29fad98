/* SPDX-License-Identifier: MIT */
/* diff.c: unified diffs of two texts (LCS on lines, with a size cap) */
#include "util/compat.h"
#include "util/buf.h"
#include "util/diff.h"
#include "util/xalloc.h"

/*
 * 1. Split both texts into lines (each keeps its '\n'; a last line without
 *    one differs from the same line with one, as in diff(1)).
 * 2. Skip the common head and tail; on the middle, a longest common
 *    subsequence table gives the edit script (or, above DIFF_MAX_CELLS,
 *    the whole middle is replaced).
 * 3. The script (one op per line: ' ', '-', '+') is cut into hunks with
 *    3 lines of context; hunks closer than 6 lines are merged.
 */

#define CONTEXT 3

struct line {
	const char *p;
	size_t len; /* with the '\n', if any */
};

static struct line *split(const char *s, size_t n, size_t *count)
{
	size_t cap = 16, k = 0;
	struct line *v = xmalloc(cap * sizeof(*v));
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : n;
		if (k == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[k].p = s + i;
		v[k].len = end - i;
		k++;
		i = end;
	}
	*count = k;
	return v;
}

static bool same(const struct line *x, const struct line *y)
{
	return x->len == y->len && !memcmp(x->p, y->p, x->len);
}

struct op {
	char kind; /* ' ', '-', '+' */
	size_t ai; /* index in a (for ' ' and '-') */
	size_t bi; /* index in b (for ' ' and '+') */
};

struct script {
	struct op *v;
	size_t n, cap;
};

static void push(struct script *s, char kind, size_t ai, size_t bi)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n].kind = kind;
	s->v[s->n].ai = ai;
	s->v[s->n].bi = bi;
	s->n++;
}

/* Edit script for a[a0..a1) → b[b0..b1), neither sharing head nor tail. */
static void middle(struct script *s, const struct line *a, size_t a0, size_t a1,
		   const struct line *b, size_t b0, size_t b1)
{
	size_t n = a1 - a0, m = b1 - b0;
	if (!n || !m || (n + 1) * (m + 1) > DIFF_MAX_CELLS) {
		for (size_t i = a0; i < a1; i++)
			push(s, '-', i, b0);
		for (size_t j = b0; j < b1; j++)
			push(s, '+', a1, j);
		return;
	}
	/* L[i][j] = LCS length of a[a0+i..a1) and b[b0+j..b1) */
	size_t w = m + 1;
	uint32_t *L = xcalloc((n + 1) * w, sizeof(*L));
	for (size_t i = n; i-- > 0;) {
		for (size_t j = m; j-- > 0;) {
			if (same(&a[a0 + i], &b[b0 + j]))
				L[i * w + j] = L[(i + 1) * w + j + 1] + 1;
			else {
				uint32_t x = L[(i + 1) * w + j];
				uint32_t y = L[i * w + j + 1];
				L[i * w + j] = x > y ? x : y;
			}
		}
	}
	size_t i = 0, j = 0;
	while (i < n && j < m) {
		if (same(&a[a0 + i], &b[b0 + j])) {
			push(s, ' ', a0 + i, b0 + j);
			i++;
			j++;
		} else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
			push(s, '-', a0 + i, b0 + j);
			i++;
		} else {
			push(s, '+', a0 + i, b0 + j);
			j++;
		}
	}
	for (; i < n; i++)
		push(s, '-', a0 + i, b0 + m);
	for (; j < m; j++)
		push(s, '+', a0 + n, b0 + j);
	free(L);
}

static void range(struct buf *out, size_t start, size_t count)
{
	/* diff -u: "l" for one line, "l,n" otherwise, "l-1,0" when empty */
	if (count == 1)
		buf_addf(out, "%zu", start + 1);
	else if (count == 0)
		buf_addf(out, "%zu,0", start);
	else
		buf_addf(out, "%zu,%zu", start + 1, count);
}

static void emit_line(struct buf *out, char kind, const struct line *l)
{
	buf_addch(out, kind);
	buf_add(out, l->p, l->len);
	if (!l->len || l->p[l->len - 1] != '\n')
		buf_addstr(out, "\n\\ No newline at end of file\n");
}

int diff_unified(struct buf *out, const char *a, size_t alen, const char *b,
		 size_t blen, const char *label_a, const char *label_b)
{
	if (alen == blen && (!alen || !memcmp(a, b, alen)))
		return 0;
	size_t na, nb;
	struct line *la = split(a, alen, &na);
	struct line *lb = split(b, blen, &nb);
	struct script s = {NULL, 0, 0};

	size_t head = 0;
	while (head < na && head < nb && same(&la[head], &lb[head]))
		head++;
	size_t tail = 0;
	while (tail < na - head && tail < nb - head &&
	       same(&la[na - 1 - tail], &lb[nb - 1 - tail]))
		tail++;
	for (size_t i = 0; i < head; i++)
		push(&s, ' ', i, i);
	middle(&s, la, head, na - tail, lb, head, nb - tail);
	for (size_t k = 0; k < tail; k++)
		push(&s, ' ', na - tail + k, nb - tail + k);

	buf_addf(out, "--- %s\n+++ %s\n", label_a, label_b);
	size_t k = 0;
	while (k < s.n) {
		while (k < s.n && s.v[k].kind == ' ')
			k++;
		if (k == s.n)
			break;
		/* hunk from `first` (with context) to `last` (exclusive) */
		size_t first = k >= CONTEXT ? k - CONTEXT : 0;
		size_t last = k;
		for (;;) {
			while (last < s.n && s.v[last].kind != ' ')
				last++;
			size_t run = 0;
			while (last + run < s.n && s.v[last + run].kind == ' ')
				run++;
			if (last + run == s.n || run > 2 * CONTEXT) {
				last += run < CONTEXT ? run : CONTEXT;
				break;
			}
			last += run;
		}
		size_t astart = s.v[first].ai, bstart = s.v[first].bi;
		size_t acount = 0, bcount = 0;
		for (size_t q = first; q < last; q++) {
			acount += s.v[q].kind != '+';
			bcount += s.v[q].kind != '-';
		}
		buf_addstr(out, "@@ -");
		range(out, astart, acount);
		buf_addstr(out, " +");
		range(out, bstart, bcount);
		buf_addstr(out, " @@\n");
		for (size_t q = first; q < last; q++) {
			const struct op *o = &s.v[q];
			emit_line(out, o->kind,
				  o->kind == '+' ? &lb[o->bi] : &la[o->ai]);
		}
		k = last;
	}
	free(s.v);
	free(la);
	free(lb);
	return 1;
}
