/* SPDX-License-Identifier: MIT */
/* strmap.h: string → pointer hash map with arena storage */
#ifndef STRMAP_H
#define STRMAP_H

#include <stddef.h>

struct arena;
struct strmap_entry;

struct strmap {
	struct arena *arena;          /* entries and buckets live here */
	struct strmap_entry **buckets;
	size_t cap, n;
};

struct strmap_entry {
	const char *key;
	void *val;
	struct strmap_entry *next;
};

void strmap_init(struct strmap *m, struct arena *a);
/* The value for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* Sets key (borrowed; must live as long as the arena) to val. */
void strmap_put(struct strmap *m, const char *key, const void *val);

#endif
