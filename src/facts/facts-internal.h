/* SPDX-License-Identifier: MIT */
/* facts-internal.h: the collection context and helpers shared by facts_*.c */
#ifndef FACTS_INTERNAL_H
#define FACTS_INTERNAL_H

#include <ctype.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include "facts/facts.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fileio.h"

/* One collection (facts_collect); built and thrown away each time. */
struct facts_ctx {
	struct arena *a;
	const struct facts_opts *o;
	const char *root;    /* "" for the real machine, else the prefix */
	struct buf path;     /* scratch: root + an absolute path */
	struct buf data;     /* scratch: the file slurp() read last */
	struct value *facts; /* the top-level hash being filled */
	struct utsname uts;
	const char *os_name;   /* os.name, or NULL */
	const char *os_family; /* os.family, or NULL */
	const char *virtual;   /* the virtual fact */
};

/* Collects networking and the legacy facts that alias it (facts_net.c). */
void facts_collect_networking(struct facts_ctx *c);

/*
 * Small helpers. Strings they return live in the collection's arena;
 * c->path and c->data are scratch buffers that the next call reuses.
 */
static inline const char *rpath(struct facts_ctx *c, const char *p)
{
	buf_reset(&c->path);
	buf_addstr(&c->path, c->root);
	buf_addstr(&c->path, p);
	return c->path.ptr;
}

static inline int read_into(struct facts_ctx *c, struct buf *b, const char *p)
{
	buf_reset(b);
	return file_read(b, rpath(c, p)) < 0 ? -1 : 0;
}

/* Reads root+p into c->data, valid until the next slurp. */
static inline int slurp(struct facts_ctx *c, const char *p)
{
	return read_into(c, &c->data, p);
}

static inline bool exists(struct facts_ctx *c, const char *p)
{
	struct stat st;
	return stat(rpath(c, p), &st) == 0;
}

static inline bool is_dir(struct facts_ctx *c, const char *p)
{
	struct stat st;
	return stat(rpath(c, p), &st) == 0 && S_ISDIR(st.st_mode);
}

static inline const char *dup_trim(struct facts_ctx *c, const char *s,
				   size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return len ? arena_memdupz(c->a, s, len) : NULL;
}

/* The file's content, trimmed, in the arena; NULL when unreadable or empty. */
static inline const char *read_trimmed(struct facts_ctx *c, const char *p)
{
	if (slurp(c, p) < 0)
		return NULL;
	return dup_trim(c, c->data.ptr, c->data.len);
}

/* The next line of [*pp, end) without its newline; false at the end. */
static inline bool next_line(const char **pp, const char *end,
			     const char **line, size_t *len)
{
	const char *p = *pp;
	if (p >= end)
		return false;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*line = p;
	*len = (size_t)((nl ? nl : end) - p);
	*pp = nl ? nl + 1 : end;
	return true;
}

static inline bool starts_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

static inline bool ends_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* Ruby's String#capitalize: first letter up, the rest down. */
static inline const char *capitalize(struct facts_ctx *c, const char *s)
{
	char *r = arena_strdup(c->a, s);
	for (char *p = r; *p; p++)
		*p = (char)(p == r ? toupper((unsigned char)*p)
				   : tolower((unsigned char)*p));
	return r;
}

static inline struct value *str(struct facts_ctx *c, const char *s)
{
	return val_strz(c->a, s);
}

static inline void put(struct facts_ctx *c, struct value *h, const char *k,
		       struct value *v)
{
	if (v)
		val_hash_set_str(c->a, h, k, v);
}

static inline struct value *put_s(struct facts_ctx *c, struct value *h,
				  const char *k, const char *s)
{
	if (!s)
		return NULL;
	struct value *v = str(c, s);
	put(c, h, k, v);
	return v;
}

static inline struct value *put_i(struct facts_ctx *c, struct value *h,
				  const char *k, int64_t i)
{
	struct value *v = val_int(c->a, i);
	put(c, h, k, v);
	return v;
}

/* A legacy flat fact aliasing `v` (nothing when v is NULL). */
static inline void legacy(struct facts_ctx *c, const char *name,
			  struct value *v)
{
	put(c, c->facts, name, v);
}

static inline const char *human(struct facts_ctx *c, uint64_t bytes)
{
	struct buf b = BUF_INIT;
	facts_bytes_to_human(&b, bytes);
	const char *r = arena_memdupz(c->a, b.ptr, b.len);
	buf_release(&b);
	return r;
}

/* The n-th whitespace-separated word of s (0-based), or NULL. */
static inline const char *word(struct facts_ctx *c, const char *s, int n)
{
	for (int i = 0;; i++) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			return NULL;
		const char *e = s;
		while (*e && !isspace((unsigned char)*e))
			e++;
		if (i == n)
			return arena_memdupz(c->a, s, (size_t)(e - s));
		s = e;
	}
}

/* A word of a line: bytes [ptr, ptr + len), not NUL-terminated. */
struct word {
	const char *ptr;
	size_t len;
};

/*
 * Splits [l, l + len) at whitespace into at most `max` words of `w`;
 * returns the number of words in the line (which may exceed `max`).
 * Nothing is copied, so reading a large file line by line costs nothing.
 */
static inline size_t split_words(struct word *w, size_t max, const char *l,
				 size_t len)
{
	const char *end = l + len;
	size_t n = 0;
	for (;;) {
		while (l < end && isspace((unsigned char)*l))
			l++;
		if (l == end)
			return n;
		const char *s = l;
		while (l < end && !isspace((unsigned char)*l))
			l++;
		if (n < max) {
			w[n].ptr = s;
			w[n].len = (size_t)(l - s);
		}
		n++;
	}
}

static inline bool word_is(const struct word *w, const char *s)
{
	return w->len == strlen(s) && !memcmp(w->ptr, s, w->len);
}

static inline const char *word_dup(struct facts_ctx *c, const struct word *w)
{
	return arena_memdupz(c->a, w->ptr, w->len);
}

#endif
