/* SPDX-License-Identifier: MIT */
/* out-internal.h: helpers shared by out.c, out_yaml.c and target.c */
#ifndef OUT_INTERNAL_H
#define OUT_INTERNAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct out_opts;

/* PyYAML's safe_dump of `top` as Salt's yaml outputter calls it. */
void out_yaml(struct buf *out, json_t *top, const struct out_opts *o);

/*
 * The code point of the UTF-8 character at s[i], its length in *n. A byte
 * that does not start a valid character gives 0xfffd0000 | byte, n = 1.
 */
uint32_t out_utf8_decode(const char *s, size_t len, size_t i, size_t *n);

/* Python's str.splitlines(): length of the line at s[i], *next after it. */
size_t out_line_len(const char *s, size_t len, size_t i, size_t *next);

/* The keys of `obj` sorted by code point; the caller frees the array. */
const char **out_sorted_keys(json_t *obj, size_t *n);

#endif
