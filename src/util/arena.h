/* SPDX-License-Identifier: MIT */
/* arena.h: bump allocator; everything allocated lives until arena_release */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>
#include <stdarg.h>

/*
 * One arena per lifetime (a compile, an agent run, a request). Nothing
 * allocated in an arena may outlive it. With ARENA_DEBUG defined, every
 * allocation is a separate malloc so that ASan sees overflows.
 */
struct arena_chunk;
struct arena_defer;
struct arena {
	struct arena_chunk *head; /* current chunk, linked to older ones */
	size_t used;              /* bytes used in head */
	size_t total;             /* bytes handed out, for statistics */
	struct arena_defer *defers; /* run by arena_release, newest first */
};

#define ARENA_INIT { NULL, 0, 0, NULL }

typedef void (*arena_release_fn)(void *payload);

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/*
 * Calls fn(payload) when the arena is released, before its memory is
 * freed (newest first): for what the arena's contents point to but that
 * is not arena memory (a mapped file).
 */
void arena_defer(struct arena *a, arena_release_fn fn, void *payload);
/* Zeroed memory, aligned for any type. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed memory aligned to 8 only (pointers, 64-bit integers, doubles),
 * for the many small structs of one kind (syntax tree nodes). */
void *arena_alloc_packed(struct arena *a, size_t size);
/* Strings are not aligned. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_memdupz(struct arena *a, const void *p, size_t len);
char *arena_strfmt(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array allocated in the arena (copying); old memory is not freed. */
void *arena_realloc(struct arena *a, void *old, size_t oldsize, size_t newsize);

/*
 * ARENA_GROW: make room for at least `nr` elements in the arena array `x`
 * whose capacity is `alloc` (ALLOC_GROW's twin for arena memory).
 */
#define ARENA_GROW(a, x, nr, alloc) \
	do { \
		if ((nr) > (alloc)) { \
			size_t arena_grow_old_ = (alloc); \
			(alloc) = (alloc) < 16 ? 16 : (alloc); \
			while ((alloc) < (nr)) \
				(alloc) *= 2; \
			(x) = arena_realloc((a), (x), arena_grow_old_ * sizeof(*(x)), \
					    (alloc) * sizeof(*(x))); \
		} \
	} while (0)

#endif
