/* SPDX-License-Identifier: MIT */
/* strmap.c: string → pointer hash map (chained, arena-backed) */
#include "util/compat.h"
#include "util/strmap.h"
#include "util/arena.h"

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void strmap_init(struct strmap *m, struct arena *a)
{
	m->arena = a;
	m->buckets = NULL;
	m->cap = 0;
	m->n = 0;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (struct strmap_entry *e = m->buckets[hash_str(key) & (m->cap - 1)];
	     e; e = e->next)
		if (!strcmp(e->key, key))
			return e->val;
	return NULL;
}

static void grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16;
	struct strmap_entry **b = arena_alloc(m->arena, cap * sizeof(*b));
	for (size_t i = 0; i < m->cap; i++) {
		struct strmap_entry *e = m->buckets[i];
		while (e) {
			struct strmap_entry *next = e->next;
			size_t k = hash_str(e->key) & (cap - 1);
			e->next = b[k];
			b[k] = e;
			e = next;
		}
	}
	m->buckets = b;
	m->cap = cap;
}

void strmap_put(struct strmap *m, const char *key, const void *val)
{
	if (m->n + 1 > m->cap)
		grow(m);
	size_t k = hash_str(key) & (m->cap - 1);
	for (struct strmap_entry *e = m->buckets[k]; e; e = e->next)
		if (!strcmp(e->key, key)) {
			e->val = (void *)val;
			return;
		}
	struct strmap_entry *e = arena_alloc(m->arena, sizeof(*e));
	e->key = key;
	e->val = (void *)val;
	e->next = m->buckets[k];
	m->buckets[k] = e;
	m->n++;
}
