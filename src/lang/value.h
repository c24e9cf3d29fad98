/* SPDX-License-Identifier: MIT */
/* value.h: Puppet language values (immutable once built, arena-allocated) */
#ifndef VALUE_H
#define VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;

enum val_kind {
	VAL_UNDEF,
	VAL_DEFAULT,
	VAL_BOOL,
	VAL_INT,
	VAL_FLOAT,
	VAL_STRING,
	VAL_REGEX,
	VAL_ARRAY,
	VAL_HASH,
	VAL_TYPE, /* data types, and resource/class references (File['/x']) */
};

struct value;

struct val_hentry {
	struct value *key;
	struct value *val;
};

/*
 * A data type or a reference, kept generic: `name` is the capitalized type
 * name ("Integer", "Optional", "File", "Apache::Vhost", "Class") and
 * `params` the evaluated arguments of its [ ] access, in order. So
 * File['/x'] is {name "File", params ['/x']}, Class['ntp'] is {"Class",
 * ['ntp']}, Integer[1,5] is {"Integer", [1, 5]}, Struct[{a => Integer}] is
 * {"Struct", [hash]}. Resource['file','/x'] is normalized to File['/x'].
 */
struct ptype {
	const char *name;
	struct value **params;
	size_t nparams;
};

struct value {
	enum val_kind kind;
	union {
		bool b;
		struct {
			int64_t i;
			/* source text when written as an octal literal
			 * (0644): file modes keep it as the string "0644" */
			const char *lit;
		} n;
		double f;
		struct {
			const char *ptr; /* NUL-terminated, may contain NULs */
			size_t len;
		} s;
		struct {
			const char *src; /* pattern text without slashes */
			void *code;      /* pcre2_code_8 *, compiled on demand */
		} re;
		struct {
			struct value **v;
			size_t n, alloc;
		} arr;
		struct {
			struct val_hentry *e; /* insertion order */
			size_t n, alloc;
			uint32_t *index; /* open addressing, built when n > 8 */
			size_t icap;
		} h;
		struct ptype t;
	} u;
};

/* Shared immutable singletons; never modify them. */
struct value *val_undef(void);
struct value *val_default(void);
struct value *val_bool(bool b);

struct value *val_int(struct arena *a, int64_t i);
struct value *val_float(struct arena *a, double f);
/* Copies the bytes into the arena. */
struct value *val_str(struct arena *a, const char *p, size_t len);
struct value *val_strz(struct arena *a, const char *s);
/* Borrows `p` (it must live as long as the arena). */
struct value *val_str_borrow(struct arena *a, const char *p, size_t len);
/* Takes the bytes of `b` into the arena and resets b. */
struct value *val_str_buf(struct arena *a, struct buf *b);
struct value *val_regex(struct arena *a, const char *src, size_t len);
struct value *val_type(struct arena *a, const char *name,
		       struct value **params, size_t nparams);

/* Arrays and hashes are built with push/set, then treated as immutable. */
struct value *val_array(struct arena *a, size_t hint);
void val_array_push(struct arena *a, struct value *arr, struct value *v);
struct value *val_hash(struct arena *a, size_t hint);
/* Sets key => val, replacing an existing key in place (order kept). */
void val_hash_set(struct arena *a, struct value *h, struct value *key,
		  struct value *val);
void val_hash_set_str(struct arena *a, struct value *h, const char *key,
		      struct value *val);
/* NULL when absent. Keys compare with val_identical (case-sensitive). */
struct value *val_hash_get(const struct value *h, const struct value *key);
struct value *val_hash_get_str(const struct value *h, const char *key);
/* A new hash without `key`. */
struct value *val_hash_delete(struct arena *a, const struct value *h,
			      const struct value *key);

/* Shallow copies, to build a modified version of an immutable value. */
struct value *val_array_copy(struct arena *a, const struct value *arr);
struct value *val_hash_copy(struct arena *a, const struct value *h);

/* Puppet truthiness: only undef and false are false. */
bool val_truthy(const struct value *v);
/* Puppet's == : strings case-insensitively, 1 == 1.0, deep on collections. */
bool val_equal(const struct value *a, const struct value *b);
/* Exact equality (hash keys, unique): strings case-sensitively. */
bool val_identical(const struct value *a, const struct value *b);
uint32_t val_hashcode(const struct value *v);
/* Puppet's <=> for sorting: numbers numerically, strings by bytes. */
int val_compare(const struct value *a, const struct value *b);

/* Puppet's string conversion, as in "${v}": undef "", arrays ['a', 1],
 * hashes {'a' => 1}, types and references File[/x]. */
void val_to_s(struct buf *out, const struct value *v);
/* Like val_to_s, but strings inside are quoted; what %p and errors show. */
void val_inspect(struct buf *out, const struct value *v);
/* Ruby's inspect/to_s, for ERB: ["a", "b"], {"k"=>1}, nil → "". */
void val_ruby_to_s(struct buf *out, const struct value *v);
void val_ruby_inspect(struct buf *out, const struct value *v);
/* A float formatted as Ruby/Puppet do: 1.0, 0.5, 1.0e+20. */
void val_float_fmt(struct buf *out, double f);

/* The Puppet type name of a value, e.g. "String", "Integer", "Hash". */
const char *val_type_name(const struct value *v);
/* "String" for strings; for convenience in messages. */
bool val_is_str(const struct value *v, const char *s);

#endif
