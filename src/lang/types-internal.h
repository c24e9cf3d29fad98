/* SPDX-License-Identifier: MIT */
/* types-internal.h: what the types*.c files share */
#ifndef TYPES_INTERNAL_H
#define TYPES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "lang/types.h"
#include "lang/value.h"

struct arena;
struct buf;

/*
 * The files, in layer order (types.c has the narrative):
 *   types_build.c  kinds, decoding one level of a type, building types,
 *                  inference, generalization, names
 *   types.c        matching (instance?) and assignability
 *   types_fmt.c    rendering (TypeFormatter)
 *   types_msg.c    normalization and mismatch descriptions
 *   types_check.c  validation of the parameters of a new type
 * Nothing here keeps a pointer to its arguments; what a function builds
 * lives in the arena it is given.
 */

/* ---- kinds (types_build.c) ---- */

enum type_kind {
	TK_INVALID,
	TK_ANY,
	TK_ARRAY,
	TK_BINARY,
	TK_BOOLEAN,
	TK_CALLABLE,
	TK_CATALOGENTRY,
	TK_CLASS,
	TK_COLLECTION,
	TK_DATA,
	TK_DEFAULT,
	TK_ENUM,
	TK_FLOAT,
	TK_HASH,
	TK_INIT,
	TK_INTEGER,
	TK_ITERABLE,
	TK_ITERATOR,
	TK_NOTUNDEF,
	TK_NUMERIC,
	TK_OBJECT,
	TK_OPTIONAL,
	TK_PATTERN,
	TK_REGEXP,
	TK_RESOURCE,
	TK_RICHDATA,
	TK_RICHDATAKEY,
	TK_RUNTIME,
	TK_SCALAR,
	TK_SCALARDATA,
	TK_SEMVER,
	TK_SEMVERRANGE,
	TK_SENSITIVE,
	TK_STRING,
	TK_STRUCT,
	TK_TIMESPAN,
	TK_TIMESTAMP,
	TK_TUPLE,
	TK_TYPE,
	TK_TYPESET,
	TK_UNDEF,
	TK_UNIT,
	TK_URI,
	TK_VARIANT,
	TK_ALIAS, /* an alias the type_env resolved */
	TK_COUNT
};

#define TYPE_KF_NOPARAMS 1u /* Operator '[]' is not applicable */
#define TYPE_KF_INTERNAL 2u /* not a name the language knows */
#define TYPE_KF_ALIAS 4u    /* a built-in alias */

struct type_kinfo {
	const char *name; /* the canonical spelling */
	enum type_kind k;
	unsigned flags;   /* TYPE_KF_* */
};

/* The built-in type called `name` (case-insensitively), or NULL. */
const struct type_kinfo *type_kind_lookup(const char *name);

/*
 * The unparameterized type of each kind (Any for TK_INVALID and TK_ALIAS),
 * shared and never written: the storage is not const only because struct
 * ptype holds `struct value **params`.
 */
extern struct value type_kind_defaults[TK_COUNT];
#define TYPE_KD(k) (&type_kind_defaults[(k)])

/* The canonical name of a kind (Puppet's simple_name of its class):
 * "?" for TK_INVALID, "TypeAlias" for TK_ALIAS. */
const char *type_kind_name(enum type_kind k);

/* Aliases: the evaluator's (TK_ALIAS) and the built-in Data, RichData
 * and RichDataKey. */
static inline bool type_kind_is_alias(enum type_kind k)
{
	return k == TK_ALIAS || k == TK_DATA || k == TK_RICHDATA ||
	       k == TK_RICHDATAKEY;
}

/* Kinds whose one parameter is a contained type. */
static inline bool type_kind_is_contained(enum type_kind k)
{
	return k == TK_OPTIONAL || k == TK_NOTUNDEF || k == TK_TYPE ||
	       k == TK_ITERABLE || k == TK_ITERATOR || k == TK_SENSITIVE;
}

#define TYPE_ILO INT64_MIN /* no lower bound */
#define TYPE_IHI INT64_MAX /* no upper bound */

/* Nesting of aliases followed (matching, assignability) before giving up */
#define TYPE_MAX_DEPTH 200

/* ---- decoding one level of a type (types_build.c) ---- */

struct type_dec {
	enum type_kind k;
	const struct value *t;	      /* the type as given */
	struct value *const *p;	      /* its params, as written */
	size_t np;
	size_t n;		      /* params, nested arrays flattened */
	bool flat;		      /* no nested array in p */
	const struct value *sval;     /* TK_STRING: the one string it is */
	const struct value *resolved; /* TK_ALIAS and built-in aliases */
};

/*
 * Reads one level of `t` into *d without allocating. A string is the
 * String of exactly it; a name that is not built-in is an alias when
 * env resolves it (env may be NULL), else a resource type.
 */
void type_decode(struct type_dec *d, const struct value *t,
		 const struct type_env *env);

/* The *i-th param of p[0 .. n-1] with nested arrays flattened, or NULL;
 * counts *i down as it goes. */
const struct value *type_flat_at(struct value *const *p, size_t n,
				 size_t *i);

/* The i-th flattened param of d; i < d->n. */
static inline const struct value *type_param(const struct type_dec *d,
					     size_t i)
{
	if (d->flat)
		return d->p[i];
	return type_flat_at(d->p, d->np, &i);
}

/* t is a type value named `name` (case-insensitively). */
static inline bool type_name_is(const struct value *t, const char *name)
{
	return t->kind == VAL_TYPE && !strcasecmp(t->u.t.name, name);
}

static inline bool type_is_any(const struct value *t)
{
	return type_name_is(t, "Any");
}

/* t, or Any when t is NULL (a parameter left out). */
static inline const struct value *type_or_any(const struct value *t)
{
	return t ? t : TYPE_KD(TK_ANY);
}

/* The name of an alias kind: the alias's own, or Data, RichData... */
const char *type_alias_name(const struct type_dec *d);

/* The contained type of Optional/NotUndef/Type/Iterable...; NULL if none. */
static inline const struct value *type_contained(const struct type_dec *d)
{
	return d->n ? type_param(d, 0) : NULL;
}

/* ---- ranges and parts (types_build.c) ---- */

/* The range of an Integer (TYPE_ILO, TYPE_IHI when unbounded) */
void type_int_range(const struct type_dec *d, int64_t *lo, int64_t *hi);

/* The range of a Float (-INFINITY, INFINITY when unbounded) */
void type_float_range(const struct type_dec *d, double *lo, double *hi);

static inline bool type_range_has(int64_t lo, int64_t hi, int64_t x)
{
	return lo <= x && x <= hi;
}

/* [lo1, hi1] contains [lo2, hi2] */
static inline bool type_range_covers(int64_t lo1, int64_t hi1, int64_t lo2,
				     int64_t hi2)
{
	return lo1 <= lo2 && hi1 >= hi2;
}

struct type_coll {
	const struct value *elem;	/* Array element; NULL: Any */
	const struct value *key, *val;	/* Hash; NULL: Any */
	int64_t lo, hi;			/* size; [0, TYPE_IHI] by default */
	bool has_size;
};

/* The element, key and value types and the size of an Array, Hash,
 * Collection or String (its length) */
void type_coll_parts(const struct type_dec *d, struct type_coll *c);

struct type_tuple {
	size_t ntypes;	/* the element types are type_param(d, 0 .. ntypes-1) */
	int64_t lo, hi; /* size */
	bool has_size;
};

void type_tuple_parts(const struct type_dec *d, struct type_tuple *tp);

/* The element type for index i of a tuple with ntypes types (ntypes > 0) */
const struct value *type_tuple_at(const struct type_dec *d,
				  const struct type_tuple *tp, size_t i);

struct type_enum {
	size_t nvals; /* the values are type_param(d, 0 .. nvals-1) */
	bool ci;      /* case-insensitive (a trailing true) */
};

void type_enum_parts(const struct type_dec *d, struct type_enum *e);

/* Resource[...] and File[...]: the type name (NULL for Resource) and title */
void type_resource_parts(const struct type_dec *d, const char **name,
			 const struct value **title);

/* Struct[{key => type}] elements, as TypeFactory.struct reads them. */
struct type_selem {
	const struct value *name; /* the key, a VAL_STRING */
	const struct value *vt;	  /* the value type */
	bool key_opt;		  /* an Optional key: may be absent */
};

/* Reads the element `key => vt` of a Struct into *e; false when the key
 * names no string. */
bool type_struct_elem(struct type_selem *e, const struct value *key,
		      const struct value *vt, const struct type_env *env);

/* The hash of a Struct, or NULL when it has none. */
const struct value *type_struct_hash(const struct type_dec *d);

/* ---- strings ---- */

/* Characters (not bytes) of UTF-8 text (types_build.c) */
size_t type_utf8_chars(const char *s, size_t n);

/* Two VAL_STRINGs hold the same bytes. */
static inline bool type_bytes_eq(const struct value *a, const struct value *b)
{
	return a->u.s.len == b->u.s.len &&
	       !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len);
}

/* The pattern text of a Pattern/Regexp parameter, or NULL (types.c). */
const char *type_regex_src(const struct value *p);

/* ---- building types (types_build.c) ---- */

/* A type named `name` with n params to fill in. */
struct value *type_new(struct arena *a, const char *name, size_t n);

/* `name`[p0] */
struct value *type_new1(struct arena *a, const char *name,
			const struct value *p0);

/* The type `name` with params head[0 .. nhead-1] then those of d after
 * the first `skip`, as written (size parameters). */
struct value *type_new_tail(struct arena *a, const char *name,
			    const struct type_dec *d, struct value *const *head,
			    size_t nhead, size_t skip);

/* A bound as a type parameter: the int, or default when unbounded */
struct value *type_bound(struct arena *a, int64_t x);
struct value *type_fbound(struct arena *a, double x);

/* A list of types being built, in an arena. */
struct type_list {
	struct value **v;
	size_t n, alloc;
};

void type_list_push(struct arena *a, struct type_list *l,
		    const struct value *t);
/* Appends t unless the list holds an equal value. */
void type_list_push_uniq(struct arena *a, struct type_list *l,
			 const struct value *t);
/* Appends t, or the members of t when it is a Variant, recursively. */
void type_list_push_flat(struct arena *a, struct type_list *l,
			 const struct value *t);
/* The type `name` with the list as its params (the list's storage). */
struct value *type_list_type(struct arena *a, const char *name,
			     const struct type_list *l);

/* PVariantType.maybe_create: flattened, without duplicates, unwrapped
 * when a single type remains */
struct value *type_variant_of(struct arena *a, struct value *const *ts,
			      size_t n);

/* The members of a Variant, nested Variants flattened and duplicates
 * dropped, as PVariantType.maybe_create keeps them; free() the array. */
struct type_members {
	const struct value **v;
	size_t n, alloc;
};

/* Appends the members of the Variant d to *m. */
void type_variant_flatten(struct type_members *m, const struct type_dec *d);

/* What iterating over an instance of `d` yields (Puppet's iterable_type),
 * or NULL when d is not iterable or yields anything. */
const struct value *type_iterable_type(struct arena *a,
				       const struct type_dec *d);

/* ---- types.c ---- */

/* PAnyType#== (eql?): the same type once normalized */
bool type_is_same(const struct value *t1, const struct value *t2);

/* ---- types_fmt.c ---- */

/* Appends a range bound: the int, or "default" for TYPE_ILO. */
void type_bound_fmt(struct buf *out, int64_t x);

/* The rendering of t as an arena string, aliases expanded as "Name =
 * definition" when `expand`; the String 'x' renders as String. */
const char *type_render(struct arena *a, const struct value *t, bool expand,
			const struct type_env *env);

/* ---- types_msg.c ---- */

/* PAnyType#normalize: t itself when nothing changes, else a new type in
 * `a` (Variants merged and flattened, Optional[Undef-able] unwrapped...). */
const struct value *type_normalize(struct arena *a, const struct value *t,
				   const struct type_env *env);

/* LabelProvider#article: "an" before a vowel (y included), else "a" */
const char *type_article(const char *s);

#endif
