/* SPDX-License-Identifier: MIT */
/* buf.c: growable byte string */
#include "util/compat.h"
#include "util/buf.h"
#include "util/xalloc.h"

char buf_empty[1];

void buf_init(struct buf *b, size_t hint)
{
	b->len = 0;
	b->alloc = 0;
	b->ptr = buf_empty;
	if (hint)
		buf_grow(b, hint);
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->ptr);
	buf_init(b, 0);
}

void buf_reset(struct buf *b)
{
	buf_setlen(b, 0);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return;
	if (need < b->len)
		BUG("buf_grow overflow");
	size_t n = b->alloc ? b->alloc : 16;
	while (n < need)
		n = n * 3 / 2 + 16;
	if (!b->alloc) {
		b->ptr = xmalloc(n);
		b->ptr[0] = '\0';
	} else {
		b->ptr = xrealloc(b->ptr, n);
	}
	b->alloc = n;
}

void *buf_extend(struct buf *b, size_t len)
{
	buf_grow(b, len);
	char *p = b->ptr + b->len;
	b->len += len;
	b->ptr[b->len] = '\0';
	return p;
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	buf_grow(b, len);
	memmove(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(b->ptr + b->len, b->alloc ? b->alloc - b->len : 0,
			  fmt, cp);
	va_end(cp);
	if (n < 0)
		BUG("vsnprintf failed");
	if (b->alloc && (size_t)n < b->alloc - b->len) {
		b->len += (size_t)n;
		return;
	}
	buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_setlen(struct buf *b, size_t len)
{
	if (len > b->len)
		BUG("buf_setlen beyond length");
	if (!b->alloc)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

char *buf_detach(struct buf *b, size_t *len_out)
{
	if (!b->alloc)
		buf_grow(b, 0);
	char *p = b->ptr;
	if (len_out)
		*len_out = b->len;
	buf_init(b, 0);
	return p;
}
