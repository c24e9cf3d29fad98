/* SPDX-License-Identifier: MIT */
/* graph.c: the relationship graph of a catalog, its order and its cycles */
#include "util/compat.h"
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

/*
 * How the order is found (Puppet 7's relationship graph, ordering=manifest):
 *
 * 1. Every non-virtual resource of the catalog is either a container
 *    (Stage, Class, Node, a defined-type instance, or anything another
 *    resource is contained in) or a resource that a type applies.
 * 2. A resource is one node. A container is two nodes ("whits"):
 *    admissible, which comes before everything it contains, and completed,
 *    which comes after. So Class[a] -> Class[b] is one edge, completed(a)
 *    -> admissible(b), however many resources the classes hold.
 * 3. Edges: containment (admissible(C) -> x -> completed(C)), then the
 *    relationship metaparameters of every resource (before/notify: this ->
 *    target, require/subscribe: target -> this; containers use their
 *    whits), then each type's autorequires when the target is in the
 *    catalog. notify/subscribe also record where refresh events go.
 * 4. Kahn's algorithm with a binary heap keyed by catalog position gives
 *    the order: of the nodes that are ready, the one declared first goes
 *    first, so unrelated resources keep manifest order.
 * 5. Nodes left over lie on or behind cycles. Tarjan's algorithm finds the
 *    strongly connected components among them; for each, a shortest path
 *    from its first member back to itself is the cycle named in the
 *    error, whits shown as their container (Class[Foo]).
 */

bool graph_is_container_res(const struct resource *r)
{
	return !strcmp(r->type, "Stage") || !strcmp(r->type, "Class") ||
	       !strcmp(r->type, "Node") || r->is_defined_type ||
	       (r->kind && !strcmp(r->kind, "defined_type"));
}

static void push_pos(struct arena *a, size_t **v, size_t *n, size_t *alloc,
		     size_t x)
{
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 4;
		*v = arena_realloc(a, *v, *n * sizeof(**v), na * sizeof(**v));
		*alloc = na;
	}
	(*v)[(*n)++] = x;
}

static size_t add_node(struct graph *g, struct resource *r, size_t pos,
		       enum graph_role role)
{
	if (g->n == g->alloc) {
		size_t na = g->alloc ? g->alloc * 2 : 64;
		g->nodes = arena_realloc(g->arena, g->nodes,
					 g->n * sizeof(*g->nodes),
					 na * sizeof(*g->nodes));
		g->alloc = na;
	}
	struct graph_node *nd = &g->nodes[g->n];
	memset(nd, 0, sizeof(*nd));
	nd->res = r;
	nd->pos = (uint32_t)pos;
	nd->role = role;
	return g->n++;
}

/*
 * Lists by key (a node's successors, a container's children) are
 * collected as (key, value) pairs while the graph is built, then laid out
 * one after another in the arena (values[off[k]] .. values[off[k + 1] - 1],
 * in the order they were added): 4 bytes a value, where an array per key
 * would cost a pointer, two counts and room to grow for each of 10,000
 * resources.
 */
struct graph_pairs {
	uint32_t (*v)[2];
	size_t n, alloc;
};

static void pairs_add(struct graph_pairs *p, size_t key, size_t value)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n][0] = (uint32_t)key;
	p->v[p->n][1] = (uint32_t)value;
	p->n++;
}

/* Lays out p for keys 0 .. nkeys - 1 and frees it. */
static void pairs_lay_out(uint32_t **off_out, uint32_t **values_out,
			  struct arena *a, struct graph_pairs *p, size_t nkeys)
{
	uint32_t *off = arena_alloc(a, (nkeys + 1) * sizeof(*off));
	uint32_t *values = arena_alloc(a, (p->n ? p->n : 1) * sizeof(*values));
	for (size_t i = 0; i < p->n; i++)
		off[p->v[i][0] + 1]++;
	for (size_t k = 0; k < nkeys; k++)
		off[k + 1] += off[k];
	/* off[k] is where key k's next value goes, until the end... */
	for (size_t i = 0; i < p->n; i++)
		values[off[p->v[i][0]]++] = p->v[i][1];
	/* ...where it is where key k + 1's values start */
	for (size_t k = nkeys; k > 0; k--)
		off[k] = off[k - 1];
	off[0] = 0;
	free(p->v);
	memset(p, 0, sizeof(*p));
	*off_out = off;
	*values_out = values;
}

static void add_edge(struct graph *g, size_t from, size_t to)
{
	pairs_add(g->pending, from, to);
	g->nodes[to].npred++;
}

/* The node a relationship into pos enters at, and the one it leaves from. */
static size_t in_node(const struct graph *g, size_t pos)
{
	return g->res_node[pos];
}

static size_t out_node(const struct graph *g, size_t pos)
{
	return g->is_container[pos] ? g->res_node[pos] + 1 : g->res_node[pos];
}

/* ---- references ---- */

/*
 * A resource whose namevar (path, name, command) differs from its title is
 * found by the namevar too, as Puppet aliases it: file { 'x': path =>
 * '/x' } is File['/x']. The index is built once, on the first miss, since
 * most misses are autorequires of things not in the catalog.
 */
static struct resource *find_by_namevar(const struct graph *cg,
					const char *type, const char *title)
{
	static const char *const namevars[] = {"path", "name", "command"};
	struct graph *g = (struct graph *)cg;
	if (!g->aliases) {
		g->aliases = arena_alloc(g->arena, sizeof(*g->aliases));
		strmap_init(g->aliases, g->arena);
		for (size_t i = 0; i < g->cat->nres; i++) {
			struct resource *r = g->cat->res[i];
			for (size_t k = 0;
			     r->params && k < ARRAY_SIZE(namevars); k++) {
				const struct value *v = val_hash_get_str(
					r->params, namevars[k]);
				if (v && v->kind == VAL_STRING)
					strmap_put(g->aliases,
						   arena_strfmt(
							   g->arena, "%s[%s]",
							   r->type, v->u.s.ptr),
						   r);
			}
		}
	}
	struct buf key = BUF_INIT;
	buf_addf(&key, "%s[%s]", type, title);
	struct resource *r = strmap_get(g->aliases, key.ptr);
	buf_release(&key);
	return r;
}

/* Whether cat_type_name(type) would return type itself: "File", "Foo::Bar". */
static bool is_type_name(const char *type)
{
	bool start = true;
	for (const char *p = type; *p; p++) {
		if (*p == ':') {
			if (p == type)
				return false;
			start = true;
			continue;
		}
		if (start ? (*p >= 'a' && *p <= 'z') : (*p >= 'A' && *p <= 'Z'))
			return false;
		start = false;
	}
	return true;
}

static struct resource *find_type_title(const struct graph *g, const char *type,
					const char *title)
{
	struct arena *a = g->arena;
	/* autorequires ask for every ancestor of every file: no copy then */
	const char *t = is_type_name(type) ? type : cat_type_name(a, type);
	if (!strcmp(t, "Class")) {
		const char *ct = cat_type_name(a, title);
		if (!strcmp(ct, "Main"))
			ct = "main";
		struct resource *r = cat_find(g->cat, t, ct);
		return r ? r : cat_find(g->cat, t, title);
	}
	struct resource *r = cat_find(g->cat, t, title);
	return r ? r : find_by_namevar(g, t, title);
}

struct resource *graph_find_ref(const struct graph *g, const struct value *ref)
{
	if (ref->kind == VAL_TYPE && ref->u.t.nparams == 1 &&
	    ref->u.t.params[0]->kind == VAL_STRING)
		return find_type_title(g, ref->u.t.name,
				       ref->u.t.params[0]->u.s.ptr);
	if (ref->kind != VAL_STRING)
		return NULL;
	const char *p = ref->u.s.ptr, *br = strchr(p, '[');
	size_t len = ref->u.s.len;
	if (!br || br == p || len < 3 || p[len - 1] != ']')
		return NULL;
	const char *type = arena_memdupz(g->arena, p, (size_t)(br - p));
	const char *ts = br + 1;
	size_t tlen = len - (size_t)(br - p) - 2;
	if (tlen >= 2 && (ts[0] == '\'' || ts[0] == '"') &&
	    ts[tlen - 1] == ts[0])
		ts++, tlen -= 2;
	return find_type_title(g, type, arena_memdupz(g->arena, ts, tlen));
}

static void ref_text(struct buf *out, const struct resource *r)
{
	buf_addf(out, "%s[%s]", r->type, r->title);
}

/* ---- building ---- */

struct relation_ctx {
	struct graph *g;
	struct buf *err;
	int error;
	struct graph_pairs refresh;
};

/* Calls fn for each reference in the value (a reference or an array). */
static void each_ref(struct relation_ctx *rc, const struct resource *r,
		     const char *param, size_t pos, bool is_forward,
		     bool is_refresh)
{
	const struct value *v =
		r->params ? val_hash_get_str(r->params, param) : NULL;
	if (!v || v->kind == VAL_UNDEF)
		return;
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	for (size_t i = 0; i < n; i++) {
		const struct value *ref =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		if (ref->kind == VAL_UNDEF)
			continue;
		struct resource *t = graph_find_ref(rc->g, ref);
		if (!t || rc->g->is_skipped[t->seq]) {
			struct buf b = BUF_INIT;
			val_to_s(&b, ref);
			buf_addf(rc->err, "could not find %s %s for %s[%s]",
				 is_forward ? "resource" : "dependency", b.ptr,
				 r->type, r->title);
			if (r->has_loc && r->loc.file)
				buf_addf(rc->err, " (%s:%u)", r->loc.file,
					 (unsigned)r->loc.line);
			buf_addch(rc->err, '\n');
			buf_release(&b);
			rc->error = -1;
			continue;
		}
		size_t tpos = t->seq;
		if (is_forward)
			add_edge(rc->g, out_node(rc->g, pos),
				 in_node(rc->g, tpos));
		else
			add_edge(rc->g, out_node(rc->g, tpos),
				 in_node(rc->g, pos));
		if (is_refresh) {
			if (is_forward)
				pairs_add(&rc->refresh, pos, tpos);
			else
				pairs_add(&rc->refresh, tpos, pos);
		}
	}
}

struct autoreq_ctx {
	struct graph *g;
	size_t pos;
};

static void autoreq_add(const char *type, const char *title, void *payload)
{
	struct autoreq_ctx *ac = payload;
	struct resource *t = find_type_title(ac->g, type, title);
	if (!t || t->seq == ac->pos || ac->g->is_skipped[t->seq])
		return;
	add_edge(ac->g, out_node(ac->g, t->seq), in_node(ac->g, ac->pos));
}

int graph_build(struct graph *g, struct arena *a, const struct catalog *cat,
		struct rtype_ctx *c,
		const struct rtype *(*find_type)(const char *name),
		struct buf *err)
{
	memset(g, 0, sizeof(*g));
	g->arena = a;
	g->cat = cat;
	size_t n = cat->nres;
	g->res_node = arena_alloc(a, (n + 1) * sizeof(*g->res_node));
	g->is_container = arena_alloc(a, (n + 1) * sizeof(*g->is_container));
	g->is_skipped = arena_alloc(a, (n + 1) * sizeof(*g->is_skipped));
	struct graph_pairs children = {0}, edges = {0};

	/* 1. classify; seq must be the catalog position */
	for (size_t i = 0; i < n; i++) {
		struct resource *r = cat->res[i];
		if (r->seq != i)
			BUG("resource %s[%s] at %zu has seq %zu", r->type,
			    r->title, i, r->seq);
		g->is_skipped[i] = r->is_virtual || r->is_exported;
		g->is_container[i] = graph_is_container_res(r);
	}
	for (size_t i = 0; i < n; i++) {
		struct resource *r = cat->res[i];
		if (!g->is_skipped[i] && r->container &&
		    !g->is_skipped[r->container->seq]) {
			g->is_container[r->container->seq] = true;
			pairs_add(&children, r->container->seq, i);
		}
	}
	for (size_t i = 0; i < cat->nedges; i++) {
		const struct cat_edge *e = &cat->edges[i];
		if (g->is_skipped[e->source->seq] ||
		    g->is_skipped[e->target->seq])
			continue;
		g->is_container[e->source->seq] = true;
		pairs_add(&children, e->source->seq, e->target->seq);
	}
	pairs_lay_out(&g->child_off, &g->child, a, &children, n);

	/* 2. nodes: one per resource, two per container, allocated at once */
	size_t nnodes = 0;
	for (size_t i = 0; i < n; i++)
		nnodes += g->is_skipped[i] ? 0 : g->is_container[i] ? 2 : 1;
	g->alloc = nnodes ? nnodes : 1;
	g->nodes = arena_alloc(a, g->alloc * sizeof(*g->nodes));
	for (size_t i = 0; i < n; i++) {
		if (g->is_skipped[i]) {
			g->res_node[i] = GRAPH_NONE;
			continue;
		}
		if (g->is_container[i]) {
			g->res_node[i] =
				add_node(g, cat->res[i], i, GRAPH_ADMISSIBLE);
			add_node(g, cat->res[i], i, GRAPH_COMPLETED);
		} else {
			g->res_node[i] =
				add_node(g, cat->res[i], i, GRAPH_RESOURCE);
		}
	}

	/* 3. containment, relationships, autorequires */
	g->pending = &edges;
	for (size_t i = 0; i < n; i++) {
		if (!g->is_skipped[i] && g->is_container[i])
			add_edge(g, g->res_node[i], g->res_node[i] + 1);
		for (size_t k = g->child_off[i]; k < g->child_off[i + 1]; k++) {
			size_t ch = g->child[k];
			add_edge(g, g->res_node[i], in_node(g, ch));
			add_edge(g, out_node(g, ch), g->res_node[i] + 1);
		}
	}
	struct relation_ctx rc = {g, err, 0, {0}};
	struct buf lower = BUF_INIT;
	const char *last_type = NULL;
	const struct rtype *t = NULL;
	for (size_t i = 0; i < n; i++) {
		if (g->is_skipped[i])
			continue;
		const struct resource *r = cat->res[i];
		each_ref(&rc, r, "before", i, true, false);
		each_ref(&rc, r, "notify", i, true, true);
		each_ref(&rc, r, "require", i, false, false);
		each_ref(&rc, r, "subscribe", i, false, true);
		if (g->is_container[i] || !find_type)
			continue;
		/* runs of one type (thousands of files) look it up once */
		if (!last_type || strcmp(last_type, r->type)) {
			buf_reset(&lower);
			for (const char *p = r->type; *p; p++)
				buf_addch(&lower, (char)(*p >= 'A' && *p <= 'Z'
								 ? *p + 32
								 : *p));
			t = find_type(lower.ptr);
			last_type = r->type;
		}
		if (t && t->autorequire) {
			struct autoreq_ctx ac = {g, i};
			t->autorequire(c, r, autoreq_add, &ac);
		}
	}
	buf_release(&lower);

	uint32_t *off;
	pairs_lay_out(&off, &g->edges, a, &edges, g->n);
	g->pending = NULL;
	for (size_t v = 0; v < g->n; v++) {
		g->nodes[v].succ = g->edges + off[v];
		g->nodes[v].nsucc = off[v + 1] - off[v];
	}
	if (rc.refresh.n)
		pairs_lay_out(&g->refresh_off, &g->refresh, a, &rc.refresh, n);
	return rc.error;
}

void graph_leaves(size_t **out, size_t *nout, size_t *alloc,
		  const struct graph *g, size_t pos, bool *seen)
{
	if (seen[pos])
		return;
	seen[pos] = true;
	if (!g->is_container[pos]) {
		push_pos(g->arena, out, nout, alloc, pos);
		return;
	}
	for (size_t k = g->child_off[pos]; k < g->child_off[pos + 1]; k++)
		graph_leaves(out, nout, alloc, g, g->child[k], seen);
}

/* ---- ordering ---- */

/* heap of node indices keyed by (catalog position, role) */
static bool heap_less(const struct graph *g, size_t x, size_t y)
{
	const struct graph_node *a = &g->nodes[x], *b = &g->nodes[y];
	if (a->pos != b->pos)
		return a->pos < b->pos;
	return a->role < b->role;
}

static void heap_push(const struct graph *g, size_t *h, size_t *n, size_t x)
{
	size_t i = (*n)++;
	h[i] = x;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!heap_less(g, h[i], h[p]))
			break;
		size_t t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

static size_t heap_pop(const struct graph *g, size_t *h, size_t *n)
{
	size_t top = h[0];
	h[0] = h[--*n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < *n && heap_less(g, h[l], h[m]))
			m = l;
		if (r < *n && heap_less(g, h[r], h[m]))
			m = r;
		if (m == i)
			break;
		size_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
	return top;
}

struct tarjan {
	const struct graph *g;
	const bool *is_left;
	size_t *index, *low, *stack;
	bool *on_stack;
	size_t next, sp;
	size_t *comp; /* node → component id + 1 */
	size_t ncomp;
};

static void strongconnect(struct tarjan *t, size_t v)
{
	t->index[v] = t->low[v] = ++t->next;
	t->stack[t->sp++] = v;
	t->on_stack[v] = true;
	const struct graph_node *nd = &t->g->nodes[v];
	for (size_t k = 0; k < nd->nsucc; k++) {
		size_t w = nd->succ[k];
		if (!t->is_left[w])
			continue;
		if (!t->index[w]) {
			strongconnect(t, w);
			if (t->low[w] < t->low[v])
				t->low[v] = t->low[w];
		} else if (t->on_stack[w] && t->index[w] < t->low[v]) {
			t->low[v] = t->index[w];
		}
	}
	if (t->low[v] != t->index[v])
		return;
	t->ncomp++;
	size_t w;
	do {
		w = t->stack[--t->sp];
		t->on_stack[w] = false;
		t->comp[w] = t->ncomp;
	} while (w != v);
}

static void node_text(struct buf *out, const struct graph *g, size_t v)
{
	const struct resource *r = g->nodes[v].res;
	if (!strcmp(r->type, "Class") && !strcmp(r->title, "main"))
		buf_addstr(out, "Class[Main]");
	else
		ref_text(out, r);
}

/* A shortest cycle through `start` inside its component, as text. */
static void cycle_text(struct buf *out, const struct graph *g,
		       const struct tarjan *t, size_t start)
{
	size_t n = g->n;
	size_t *prev = xcalloc(n, sizeof(*prev));
	size_t *queue = xmalloc(n * sizeof(*queue));
	bool *seen = xcalloc(n, sizeof(*seen));
	size_t qh = 0, qt = 0, last = GRAPH_NONE;
	queue[qt++] = start;
	seen[start] = true;
	while (qh < qt && last == GRAPH_NONE) {
		size_t v = queue[qh++];
		const struct graph_node *nd = &g->nodes[v];
		for (size_t k = 0; k < nd->nsucc; k++) {
			size_t w = nd->succ[k];
			if (t->comp[w] != t->comp[start])
				continue;
			if (w == start) {
				last = v;
				break;
			}
			if (!seen[w]) {
				seen[w] = true;
				prev[w] = v;
				queue[qt++] = w;
			}
		}
	}
	/* walk back from `last` to start, then print forwards */
	size_t *path = xmalloc((n + 1) * sizeof(*path));
	size_t np = 0;
	for (size_t v = last; v != start; v = prev[v])
		path[np++] = v;
	path[np++] = start;
	buf_addch(out, '(');
	struct buf prevtext = BUF_INIT, cur = BUF_INIT;
	bool first = true;
	for (size_t i = np; i-- > 0;) {
		buf_reset(&cur);
		node_text(&cur, g, path[i]);
		if (!first && !strcmp(cur.ptr, prevtext.ptr))
			continue;
		if (!first)
			buf_addstr(out, " => ");
		buf_add(out, cur.ptr, cur.len);
		buf_reset(&prevtext);
		buf_add(&prevtext, cur.ptr, cur.len);
		first = false;
	}
	buf_reset(&cur);
	node_text(&cur, g, start);
	buf_addstr(out, " => ");
	buf_add(out, cur.ptr, cur.len);
	buf_addch(out, ')');
	buf_release(&cur);
	buf_release(&prevtext);
	free(path);
	free(seen);
	free(queue);
	free(prev);
}

static void report_cycles(struct graph *g, const bool *is_left, struct buf *err)
{
	size_t n = g->n;
	struct tarjan t = {.g = g, .is_left = is_left};
	t.index = xcalloc(n, sizeof(size_t));
	t.low = xcalloc(n, sizeof(size_t));
	t.stack = xcalloc(n, sizeof(size_t));
	t.comp = xcalloc(n, sizeof(size_t));
	t.on_stack = xcalloc(n, sizeof(bool));
	for (size_t v = 0; v < n; v++)
		if (is_left[v] && !t.index[v])
			strongconnect(&t, v);
	/* components that are cycles: more than one node, or a self-loop;
	 * named from their first member in catalog order */
	size_t *first = xcalloc(t.ncomp + 1, sizeof(size_t));
	size_t *size = xcalloc(t.ncomp + 1, sizeof(size_t));
	for (size_t v = 0; v < n; v++) {
		if (!t.comp[v])
			continue;
		size_t c = t.comp[v];
		if (!size[c]++ || heap_less(g, v, first[c] - 1))
			first[c] = v + 1;
	}
	size_t ncycles = 0;
	struct buf list = BUF_INIT;
	for (size_t v = 0; v < n; v++) {
		size_t c = t.comp[v];
		if (!c || first[c] != v + 1)
			continue;
		bool is_cycle = size[c] > 1;
		for (size_t k = 0; !is_cycle && k < g->nodes[v].nsucc; k++)
			is_cycle = g->nodes[v].succ[k] == v;
		if (!is_cycle)
			continue;
		if (ncycles++)
			buf_addstr(&list, ", ");
		cycle_text(&list, g, &t, v);
	}
	buf_addf(err, "found %zu dependency cycle%s: %s\n", ncycles,
		 ncycles == 1 ? "" : "s", list.ptr);
	buf_release(&list);
	free(first);
	free(size);
	free(t.index);
	free(t.low);
	free(t.stack);
	free(t.comp);
	free(t.on_stack);
}

int graph_sort(struct graph *g, struct buf *err)
{
	size_t n = g->n;
	size_t *indeg = xmalloc((n + 1) * sizeof(*indeg));
	size_t *heap = xmalloc((n + 1) * sizeof(*heap));
	size_t nh = 0;
	g->order = arena_alloc(g->arena, (n + 1) * sizeof(*g->order));
	g->norder = 0;
	for (size_t v = 0; v < n; v++) {
		indeg[v] = g->nodes[v].npred;
		if (!indeg[v])
			heap_push(g, heap, &nh, v);
	}
	while (nh) {
		size_t v = heap_pop(g, heap, &nh);
		g->order[g->norder++] = v;
		const struct graph_node *nd = &g->nodes[v];
		for (size_t k = 0; k < nd->nsucc; k++)
			if (!--indeg[nd->succ[k]])
				heap_push(g, heap, &nh, nd->succ[k]);
	}
	int rc = 0;
	if (g->norder < n) {
		bool *is_left = xcalloc(n, sizeof(*is_left));
		for (size_t v = 0; v < n; v++)
			is_left[v] = indeg[v] > 0;
		report_cycles(g, is_left, err);
		free(is_left);
		rc = -1;
	}
	free(heap);
	free(indeg);
	return rc;
}
