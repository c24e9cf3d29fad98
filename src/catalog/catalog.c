/* SPDX-License-Identifier: MIT */
/* catalog.c: the catalog's resources, index, and Puppet catalog JSON */
#include "util/compat.h"
#include <ctype.h>
#include <inttypes.h>
#include <time.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

/*
 * The two arrays that grow with the catalog (resources, index) are
 * malloc'ed, so that growing them frees the old copy: in the arena, every
 * size they went through would stay (250 KB for 10,000 resources). They
 * are freed with the arena, through this record of where they are now.
 */
struct cat_arrays {
	struct resource **res, **index;
};

static void free_arrays(void *payload)
{
	struct cat_arrays *m = payload;
	free(m->res);
	free(m->index);
}

void cat_init(struct catalog *c, struct arena *a, const char *name,
	      const char *environment)
{
	memset(c, 0, sizeof(*c));
	c->arena = a;
	c->name = name;
	c->environment = environment;
	c->icap = 1024;
	c->index = xcalloc(c->icap, sizeof(*c->index));
	c->arrays = arena_alloc(a, sizeof(*c->arrays));
	c->arrays->index = c->index;
	arena_defer(a, free_arrays, c->arrays);
}

static uint32_t key_hash(const char *type, const char *title)
{
	uint32_t h = 2166136261u;
	for (const char *p = type; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ '[') * 16777619u;
	for (const char *p = title; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static void rehash(struct catalog *c)
{
	size_t cap = c->icap * 2;
	struct resource **idx = xcalloc(cap, sizeof(*idx));
	for (size_t i = 0; i < c->nres; i++) {
		struct resource *r = c->res[i];
		size_t b = key_hash(r->type, r->title) & (cap - 1);
		r->hnext = idx[b];
		idx[b] = r;
	}
	free(c->index);
	c->index = c->arrays->index = idx;
	c->icap = cap;
}

void cat_add(struct catalog *c, struct resource *r)
{
	if (c->nres == c->res_alloc) {
		size_t n = c->res_alloc ? c->res_alloc * 2 : 256;
		c->res = c->arrays->res = xrealloc(c->res, n * sizeof(*c->res));
		c->res_alloc = n;
	}
	r->seq = c->nres;
	c->res[c->nres++] = r;
	if (c->nres > c->icap) {
		rehash(c);
		return;
	}
	size_t b = key_hash(r->type, r->title) & (c->icap - 1);
	r->hnext = c->index[b];
	c->index[b] = r;
}

struct resource *cat_find(const struct catalog *c, const char *type,
			  const char *title)
{
	size_t b = key_hash(type, title) & (c->icap - 1);
	for (struct resource *r = c->index[b]; r; r = r->hnext)
		if (!strcmp(r->type, type) && !strcmp(r->title, title))
			return r;
	return NULL;
}

void cat_add_edge(struct catalog *c, struct resource *source,
		  struct resource *target)
{
	if (c->nedges == c->edges_alloc) {
		size_t n = c->edges_alloc ? c->edges_alloc * 2 : 16;
		c->edges = arena_realloc(c->arena, c->edges,
					 c->nedges * sizeof(*c->edges),
					 n * sizeof(*c->edges));
		c->edges_alloc = n;
	}
	c->edges[c->nedges].source = source;
	c->edges[c->nedges].target = target;
	c->nedges++;
}

void cat_add_class(struct catalog *c, const char *name)
{
	for (size_t i = 0; i < c->nclasses; i++)
		if (!strcmp(c->classes[i], name))
			return;
	if (c->nclasses == c->classes_alloc) {
		size_t n = c->classes_alloc ? c->classes_alloc * 2 : 16;
		c->classes = arena_realloc(c->arena, c->classes,
					   c->nclasses * sizeof(*c->classes),
					   n * sizeof(*c->classes));
		c->classes_alloc = n;
	}
	c->classes[c->nclasses++] = name;
}

void cat_tag(struct arena *a, struct resource *r, const char *tag)
{
	for (size_t i = 0; i < r->ntags; i++)
		if (!strcmp(r->tags[i], tag))
			return;
	if (r->ntags == r->tags_alloc) {
		/* a resource has two tags most often: `file`, `class` */
		size_t n = r->tags_alloc ? r->tags_alloc * 2 : 2;
		r->tags = arena_realloc(a, r->tags, r->ntags * sizeof(*r->tags),
					n * sizeof(*r->tags));
		r->tags_alloc = n;
	}
	r->tags[r->ntags++] = tag;
}

const char *cat_type_name(struct arena *a, const char *name)
{
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	char *s = arena_strdup(a, name);
	bool start = true;
	for (char *p = s; *p; p++) {
		if (*p == ':') {
			start = true;
			continue;
		}
		*p = (char)(start ? toupper((unsigned char)*p)
				  : tolower((unsigned char)*p));
		start = false;
	}
	return s;
}

static struct strmap *map_of(struct catalog *c, struct strmap **m)
{
	if (!*m) {
		*m = arena_alloc(c->arena, sizeof(**m));
		strmap_init(*m, c->arena);
	}
	return *m;
}

const char *cat_intern(struct catalog *c, const char *s)
{
	struct strmap *m = map_of(c, &c->names);
	const char *v = strmap_get(m, s);
	if (!v) {
		v = arena_strdup(c->arena, s);
		strmap_put(m, v, v);
	}
	return v;
}

const char *cat_type_intern(struct catalog *c, const char *name)
{
	struct strmap *m = map_of(c, &c->types);
	const char *v = strmap_get(m, name);
	if (!v) {
		v = cat_intern(c, cat_type_name(c->arena, name));
		strmap_put(m, cat_intern(c, name), v);
	}
	return v;
}

struct value *cat_param_name(struct catalog *c, const char *name)
{
	struct strmap *m = map_of(c, &c->keys);
	struct value *v = strmap_get(m, name);
	if (!v) {
		const char *s = cat_intern(c, name);
		v = val_str_borrow(c->arena, s, strlen(s));
		strmap_put(m, s, v);
	}
	return v;
}

void cat_ref_str(struct buf *out, const struct value *v)
{
	if (v->kind != VAL_TYPE || v->u.t.nparams != 1 ||
	    v->u.t.params[0]->kind != VAL_STRING) {
		val_to_s(out, v);
		return;
	}
	const struct value *t = v->u.t.params[0];
	buf_addf(out, "%s[", v->u.t.name);
	if (!strcmp(v->u.t.name, "Class")) {
		struct arena a = ARENA_INIT;
		buf_addstr(out, cat_type_name(&a, t->u.s.ptr));
		arena_release(&a);
	} else {
		buf_add(out, t->u.s.ptr, t->u.s.len);
	}
	buf_addch(out, ']');
}

/* ---- JSON ---- */

/* Which bytes JSON strings escape: control characters, '"' and '\\'. */
static const unsigned char json_esc[256] = {
	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

static void json_str(struct buf *out, const char *s, size_t len)
{
	buf_grow(out, len + 2);
	buf_addch(out, '"');
	const char *run = s;
	for (size_t i = 0; i < len; i++) {
		/* skip 8 plain bytes at a time (no control char, '"' or '\\') */
		while (i + 8 <= len) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
			uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
			uint64_t hit = ((x - ones * 0x20) | (q - ones) | (b - ones)) & ~x & high;
			if (hit)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char ch = (unsigned char)s[i];
		if (!json_esc[ch])
			continue;
		buf_add(out, run, (size_t)(s + i - run));
		switch (ch) {
		case '"': buf_addstr(out, "\\\""); break;
		case '\\': buf_addstr(out, "\\\\"); break;
		case '\n': buf_addstr(out, "\\n"); break;
		case '\t': buf_addstr(out, "\\t"); break;
		case '\r': buf_addstr(out, "\\r"); break;
		case '\b': buf_addstr(out, "\\b"); break;
		case '\f': buf_addstr(out, "\\f"); break;
		default: buf_addf(out, "\\u%04x", ch); break;
		}
		run = s + i + 1;
	}
	buf_add(out, run, (size_t)(s + len - run));
	buf_addch(out, '"');
}

/* Decimal without printf, for the hot path. */
static void json_uint(struct buf *out, uint64_t v)
{
	char tmp[24];
	size_t n = sizeof(tmp);
	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(out, tmp + n, sizeof(tmp) - n);
}


static void json_strz(struct buf *out, const char *s)
{
	json_str(out, s, strlen(s));
}

static void json_value(struct buf *out, const struct value *v)
{
	struct buf tmp = BUF_INIT;
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, "null");
		return;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return;
	case VAL_INT:
		if (v->u.n.lit) {
			json_strz(out, v->u.n.lit);
		} else if (v->u.n.i < 0) {
			buf_addch(out, '-');
			json_uint(out, (uint64_t)0 - (uint64_t)v->u.n.i);
		} else {
			json_uint(out, (uint64_t)v->u.n.i);
		}
		return;
	case VAL_FLOAT:
		val_float_fmt(out, v->u.f);
		return;
	case VAL_STRING:
		json_str(out, v->u.s.ptr, v->u.s.len);
		return;
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addch(out, ',');
			json_value(out, v->u.arr.v[i]);
		}
		buf_addch(out, ']');
		return;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addch(out, ',');
			const struct value *k = v->u.h.e[i].key;
			if (k->kind == VAL_STRING) {
				json_str(out, k->u.s.ptr, k->u.s.len);
			} else {
				buf_reset(&tmp);
				val_to_s(&tmp, k);
				json_str(out, tmp.ptr, tmp.len);
			}
			buf_addch(out, ':');
			json_value(out, v->u.h.e[i].val);
		}
		buf_addch(out, '}');
		break;
	case VAL_TYPE:
		cat_ref_str(&tmp, v);
		json_str(out, tmp.ptr, tmp.len);
		break;
	case VAL_DEFAULT:
	case VAL_REGEX:
		val_to_s(&tmp, v);
		json_str(out, tmp.ptr, tmp.len);
		break;
	}
	buf_release(&tmp);
}

static void json_ref(struct buf *out, const struct resource *r)
{
	struct buf tmp = BUF_INIT;
	buf_addstr(&tmp, r->type);
	buf_addch(&tmp, '[');
	buf_addstr(&tmp, r->title);
	buf_addch(&tmp, ']');
	json_str(out, tmp.ptr, tmp.len);
	buf_release(&tmp);
}

static void json_tags(struct buf *out, const char *const *tags, size_t n)
{
	buf_addstr(out, "\"tags\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(out, ',');
		json_strz(out, tags[i]);
	}
	buf_addch(out, ']');
}

static void json_resource(struct buf *out, const struct resource *r)
{
	buf_addstr(out, "{\"type\":");
	json_strz(out, r->type);
	buf_addstr(out, ",\"title\":");
	json_strz(out, r->title);
	buf_addch(out, ',');
	json_tags(out, r->tags, r->ntags);
	if (r->has_loc && r->loc.file) {
		buf_addstr(out, ",\"file\":");
		json_strz(out, r->loc.file);
		buf_addstr(out, ",\"line\":");
		json_uint(out, r->loc.line);
	}
	buf_addstr(out, r->is_exported ? ",\"exported\":true" : ",\"exported\":false");
	if (r->kind) {
		buf_addstr(out, ",\"kind\":");
		json_strz(out, r->kind);
	}
	size_t nset = 0;
	for (size_t i = 0; r->params && i < r->params->u.h.n; i++)
		if (r->params->u.h.e[i].val->kind != VAL_UNDEF)
			nset++;
	if (nset) {
		buf_addstr(out, ",\"parameters\":{");
		bool first = true;
		for (size_t i = 0; i < r->params->u.h.n; i++) {
			const struct val_hentry *e = &r->params->u.h.e[i];
			if (e->val->kind == VAL_UNDEF)
				continue;
			if (!first)
				buf_addch(out, ',');
			first = false;
			json_value(out, e->key);
			buf_addch(out, ':');
			json_value(out, e->val);
		}
		buf_addch(out, '}');
	}
	buf_addch(out, '}');
}

static void catalog_tags(struct buf *out, const struct catalog *c)
{
	/* the catalog is tagged with every class name and its segments */
	struct resource tmp = { 0 };
	struct arena a = ARENA_INIT;
	for (size_t i = 0; i < c->nclasses; i++) {
		const char *name = c->classes[i];
		cat_tag(&a, &tmp, name);
		if (strstr(name, "::")) {
			const char *p = name;
			for (;;) {
				const char *q = strstr(p, "::");
				cat_tag(&a, &tmp, arena_memdupz(&a, p, q ? (size_t)(q - p) : strlen(p)));
				if (!q)
					break;
				p = q + 2;
			}
		}
	}
	cat_tag(&a, &tmp, "node");
	cat_tag(&a, &tmp, "class");
	json_tags(out, tmp.tags, tmp.ntags);
	arena_release(&a);
}

void cat_to_json(struct buf *out, const struct catalog *c, bool pretty)
{
	buf_addch(out, '{');
	catalog_tags(out, c);
	buf_addstr(out, ",\"name\":");
	json_strz(out, c->name);
	buf_addf(out, ",\"version\":%lld,\"code_id\":null", (long long)time(NULL));
	buf_addstr(out, ",\"catalog_uuid\":null,\"catalog_format\":2,\"environment\":");
	json_strz(out, c->environment);
	buf_addstr(out, ",\"resources\":[");
	bool first = true;
	for (size_t i = 0; i < c->nres; i++) {
		const struct resource *r = c->res[i];
		if (r->is_virtual || r->is_exported)
			continue;
		if (!first)
			buf_addch(out, ',');
		first = false;
		if (pretty)
			buf_addstr(out, "\n  ");
		json_resource(out, r);
	}
	buf_addstr(out, "],\"edges\":[");
	first = true;
	for (size_t i = 0; i < c->nres; i++) {
		const struct resource *r = c->res[i];
		if (!r->container || r->is_virtual || r->is_exported)
			continue;
		if (!first)
			buf_addch(out, ',');
		first = false;
		if (pretty)
			buf_addstr(out, "\n  ");
		buf_addstr(out, "{\"source\":");
		json_ref(out, r->container);
		buf_addstr(out, ",\"target\":");
		json_ref(out, r);
		buf_addch(out, '}');
	}
	for (size_t i = 0; i < c->nedges; i++) {
		if (!first)
			buf_addch(out, ',');
		first = false;
		buf_addstr(out, "{\"source\":");
		json_ref(out, c->edges[i].source);
		buf_addstr(out, ",\"target\":");
		json_ref(out, c->edges[i].target);
		buf_addch(out, '}');
	}
	buf_addstr(out, "],\"classes\":[");
	for (size_t i = 0; i < c->nclasses; i++) {
		if (i)
			buf_addch(out, ',');
		json_strz(out, c->classes[i]);
	}
	buf_addstr(out, "]}\n");
}
