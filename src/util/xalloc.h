/* SPDX-License-Identifier: MIT */
/* xalloc.h: allocation that never returns NULL (prints the size and aborts) */
#ifndef XALLOC_H
#define XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xmemdupz(const void *data, size_t len); /* copy + NUL terminator */

/* ALLOC_GROW: make room for at least `nr` elements in array `x` of `alloc` */
#define ALLOC_GROW(x, nr, alloc) \
	do { \
		if ((nr) > (alloc)) { \
			(alloc) = (alloc) < 8 ? 8 : (alloc); \
			while ((alloc) < (nr)) \
				(alloc) *= 2; \
			(x) = xrealloc((x), (alloc) * sizeof(*(x))); \
		} \
	} while (0)

#endif
