/* SPDX-License-Identifier: MIT */
/* buf.h: growable byte string, always NUL-terminated */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <stdarg.h>

/*
 * Invariants: `ptr` is never NULL (BUF_INIT points at a shared empty string
 * until the first append), ptr[len] is always '\0', the data may contain
 * NULs. Appends may move `ptr`: hold the struct buf, never a copy of ptr.
 * buf_detach() is the only way to take ownership of the bytes.
 */
struct buf {
	size_t len;
	size_t alloc; /* 0 while ptr is the shared empty string */
	char *ptr;
};

extern char buf_empty[];
#define BUF_INIT { 0, 0, buf_empty }

void buf_init(struct buf *b, size_t hint);
void buf_release(struct buf *b);       /* frees ptr, back to BUF_INIT */
void buf_reset(struct buf *b);         /* len = 0, keeps memory */
void buf_grow(struct buf *b, size_t extra); /* room for `extra` more bytes */
void buf_add(struct buf *b, const void *data, size_t len);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void buf_setlen(struct buf *b, size_t len); /* truncate; len <= b->len */
/* Appends `len` bytes left for the caller to fill; returns where they start. */
void *buf_extend(struct buf *b, size_t len);
/* Returns the malloc'd string (caller frees) and resets b to BUF_INIT. */
char *buf_detach(struct buf *b, size_t *len_out);

#endif
