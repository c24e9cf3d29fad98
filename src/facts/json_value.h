/* SPDX-License-Identifier: MIT */
/* json_value.h: converting between jansson JSON and Puppet values */
#ifndef JSON_VALUE_H
#define JSON_VALUE_H

#include <jansson.h>

struct arena;
struct buf;
struct value;

/*
 * A new value in `a` for the JSON `j`: integers stay VAL_INT, reals are
 * VAL_FLOAT, true/false VAL_BOOL, null undef, arrays VAL_ARRAY, objects
 * VAL_HASH with string keys in document order. NULL `j` gives undef.
 * Never fails.
 */
struct value *jv_from_json(struct arena *a, json_t *j);

/*
 * A new JSON reference (the caller json_decref()s it) for `v`: undef is
 * null, default the string "default", regexes and data types/resource
 * references their val_to_s() string (File[/x]), non-finite floats null,
 * hash keys that are not strings their val_to_s() string.
 */
json_t *jv_to_json(const struct value *v);

/* Flags of jv_dump. */
#define JV_PRETTY \
	1u /* newlines and two-space indents, Ruby's pretty_generate */
#define JV_SORT_KEYS 2u /* hash keys in byte order, at every depth */
/* Keys in byte order except in hashes inside arrays, which keep their
 * order: what `facter --json` prints. */
#define JV_SORT_OUTSIDE_ARRAYS 4u

/*
 * Appends `v` as JSON text, converted as jv_to_json does, with floats in
 * their shortest round-trip form (0.1, 24105.55859375, 1.0e+20: the same
 * digits as Ruby and Facter print) where jansson would print 17 digits.
 */
void jv_dump(struct buf *out, const struct value *v, unsigned flags);

/* Appends the JSON string literal for bytes `p` (quotes included). */
void jv_quote(struct buf *out, const char *p, size_t len);

#endif
