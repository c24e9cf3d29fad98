/* SPDX-License-Identifier: MIT */
/* arena.c: bump allocator in chunks */
#include "util/compat.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define CHUNK_SIZE (64 * 1024 - 64)
#define ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	_Alignas(ALIGN) unsigned char data[];
};

struct arena_defer {
	struct arena_defer *next;
	arena_release_fn fn;
	void *payload;
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
	a->defers = NULL;
}

void arena_defer(struct arena *a, arena_release_fn fn, void *payload)
{
	struct arena_defer *d = arena_alloc(a, sizeof(*d));
	d->fn = fn;
	d->payload = payload;
	d->next = a->defers;
	a->defers = d;
}

void arena_release(struct arena *a)
{
	for (struct arena_defer *d = a->defers; d; d = d->next)
		d->fn(d->payload);
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena_init(a);
}

static struct arena_chunk *new_chunk(struct arena *a, size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + size);
	c->size = size;
	c->next = a->head;
	a->head = c;
	return c;
}

/*
 * `size` bytes at the next multiple of `align` (a power of two, at most
 * ALIGN) in the current chunk; `used` then ends on a multiple of `align`,
 * so an ALIGN allocation ends where arena_realloc expects it.
 */
static void *alloc_aligned(struct arena *a, size_t size, size_t align)
{
	a->total += size;
#ifdef ARENA_DEBUG
	(void)align;
	struct arena_chunk *c = new_chunk(a, size);
	a->used = c->size;
	return c->data;
#else
	size = (size + align - 1) & ~(align - 1);
	if (size > CHUNK_SIZE / 4) {
		/* big block: its own chunk, behind the current one */
		struct arena_chunk *c = xmalloc(sizeof(*c) + size);
		c->size = size;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = NULL;
			a->head = c;
			a->used = size;
		}
		return c->data;
	}
	size_t at = a->head ? (a->used + align - 1) & ~(align - 1) : 0;
	if (!a->head || at + size > a->head->size) {
		new_chunk(a, CHUNK_SIZE);
		at = 0;
	}
	a->used = at + size;
	return a->head->data + at;
#endif
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p = alloc_aligned(a, size, ALIGN);
	memset(p, 0, size);
	return p;
}

void *arena_alloc_packed(struct arena *a, size_t size)
{
	void *p = alloc_aligned(a, size, 8);
	memset(p, 0, size);
	return p;
}

char *arena_memdupz(struct arena *a, const void *p, size_t len)
{
	char *s = alloc_aligned(a, len + 1, 1);
	if (len)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_memdupz(a, s, strlen(s));
}

char *arena_strfmt(struct arena *a, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	char *s = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

void *arena_realloc(struct arena *a, void *old, size_t oldsize, size_t newsize)
{
#ifndef ARENA_DEBUG
	/*
	 * The last allocation of the current chunk grows in place: arrays
	 * that double while nothing else is allocated (a catalog's resources,
	 * a graph's nodes) then cost their final size, not twice it.
	 */
	size_t was = (oldsize + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	size_t want = (newsize + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (old && a->head && was && was <= a->used &&
	    (unsigned char *)old == a->head->data + a->used - was &&
	    want <= CHUNK_SIZE / 4 && a->used - was + want <= a->head->size) {
		if (newsize > oldsize)
			memset((unsigned char *)old + oldsize, 0,
			       newsize - oldsize);
		a->used = a->used - was + want;
		a->total += newsize > oldsize ? newsize - oldsize : 0;
		return old;
	}
#endif
	void *p = arena_alloc(a, newsize);
	if (old)
		memcpy(p, old, oldsize < newsize ? oldsize : newsize);
	return p;
}
