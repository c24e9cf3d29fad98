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

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}

void arena_release(struct arena *a)
{
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

void *arena_alloc(struct arena *a, size_t size)
{
	a->total += size;
#ifdef ARENA_DEBUG
	struct arena_chunk *c = new_chunk(a, size);
	memset(c->data, 0, size);
	a->used = c->size;
	return c->data;
#else
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
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
		memset(c->data, 0, size);
		return c->data;
	}
	if (!a->head || a->used + size > a->head->size) {
		new_chunk(a, CHUNK_SIZE);
		a->used = 0;
	}
	void *p = a->head->data + a->used;
	a->used += size;
	memset(p, 0, size);
	return p;
#endif
}

char *arena_memdupz(struct arena *a, const void *p, size_t len)
{
	char *s = arena_alloc(a, len + 1);
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
