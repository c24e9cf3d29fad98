/* SPDX-License-Identifier: MIT */
/* types.c: Puppet's data types: matching, assignability, inference, messages */
#include "util/compat.h"
#include <inttypes.h>
#include <math.h>
#include <strings.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lang/types.h"
#include "lang/regex.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

/*
 * How this file follows Puppet 7 (lib/puppet/pops/types/ of its sources):
 *
 * 1. A type stays the generic {name, params} value the evaluator built.
 *    decode() reads one level of it into a struct tdec (its kind and its
 *    params, with nested arrays flattened as Puppet flattens them) without
 *    allocating; every operation decodes as it goes, so matching a value
 *    allocates nothing.
 * 2. match() is Puppet's instance? and works on values directly.
 * 3. assignable() is Puppet's assignable?: the generic wrapper of PAnyType
 *    (Variant, Optional and NotUndef on the right), then the per-kind
 *    _assignable? rules. Aliases (built-in Data/RichData/RichDataKey and
 *    the evaluator's) resolve as they are met; a stack of the pairs being
 *    compared stops self-recursive aliases, as Puppet's RecursionGuard does.
 * 4. infer_set()/infer() build the type of a value; types that Puppet can
 *    write but the language cannot use internal forms: {"String", ['abc']}
 *    is the String 'abc', {"Unit"} is Puppet's Unit.
 * 5. Mismatch messages port TypeMismatchDescriber: the expected type is
 *    normalized (Variants merged and flattened, Optional unwrapped), the
 *    value inferred with infer_set(), then described recursively into a
 *    list of mismatches with their paths (index 1, entry 'a', variant 0).
 *    Variants that all fail the same way are merged into one mismatch.
 *    Each mismatch renders with Puppet's wording, including its quirks.
 */

/* ---- kinds and names ---- */

enum tkind {
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

#define KF_NOPARAMS 1u /* Operator '[]' is not applicable */
#define KF_INTERNAL 2u /* not a name the language knows */
#define KF_ALIAS 4u    /* a built-in alias */

struct kinfo {
	const char *name;
	enum tkind k;
	unsigned flags;
};

/* Sorted by strcasecmp for bsearch. */
static const struct kinfo kinfos[] = {
	{ "Any", TK_ANY, KF_NOPARAMS },
	{ "Array", TK_ARRAY, 0 },
	{ "Binary", TK_BINARY, KF_NOPARAMS },
	{ "Boolean", TK_BOOLEAN, 0 },
	{ "Callable", TK_CALLABLE, 0 },
	{ "CatalogEntry", TK_CATALOGENTRY, KF_NOPARAMS },
	{ "Class", TK_CLASS, 0 },
	{ "Collection", TK_COLLECTION, 0 },
	{ "Data", TK_DATA, KF_NOPARAMS | KF_ALIAS },
	{ "Default", TK_DEFAULT, KF_NOPARAMS },
	{ "Enum", TK_ENUM, 0 },
	{ "Float", TK_FLOAT, 0 },
	{ "Hash", TK_HASH, 0 },
	{ "Init", TK_INIT, 0 },
	{ "Integer", TK_INTEGER, 0 },
	{ "Iterable", TK_ITERABLE, 0 },
	{ "Iterator", TK_ITERATOR, 0 },
	{ "NotUndef", TK_NOTUNDEF, 0 },
	{ "Numeric", TK_NUMERIC, KF_NOPARAMS },
	{ "Object", TK_OBJECT, 0 },
	{ "Optional", TK_OPTIONAL, 0 },
	{ "Pattern", TK_PATTERN, 0 },
	{ "Regexp", TK_REGEXP, 0 },
	{ "Resource", TK_RESOURCE, 0 },
	{ "RichData", TK_RICHDATA, KF_NOPARAMS | KF_ALIAS },
	{ "RichDataKey", TK_RICHDATAKEY, KF_NOPARAMS | KF_ALIAS },
	{ "Runtime", TK_RUNTIME, 0 },
	{ "Scalar", TK_SCALAR, KF_NOPARAMS },
	{ "ScalarData", TK_SCALARDATA, KF_NOPARAMS },
	{ "SemVer", TK_SEMVER, 0 },
	{ "SemVerRange", TK_SEMVERRANGE, KF_NOPARAMS },
	{ "Sensitive", TK_SENSITIVE, 0 },
	{ "String", TK_STRING, 0 },
	{ "Struct", TK_STRUCT, 0 },
	{ "Timespan", TK_TIMESPAN, 0 },
	{ "Timestamp", TK_TIMESTAMP, 0 },
	{ "Tuple", TK_TUPLE, 0 },
	{ "Type", TK_TYPE, 0 },
	{ "TypeSet", TK_TYPESET, 0 },
	{ "Undef", TK_UNDEF, KF_NOPARAMS },
	{ "Unit", TK_UNIT, KF_NOPARAMS | KF_INTERNAL },
	{ "URI", TK_URI, 0 },
	{ "Variant", TK_VARIANT, 0 },
};

static int kinfo_cmp(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct kinfo *)elem)->name);
}

static const struct kinfo *kind_lookup(const char *name)
{
	return bsearch(name, kinfos, ARRAY_SIZE(kinfos), sizeof(kinfos[0]),
		       kinfo_cmp);
}

/*
 * The unparameterized type of each kind, and other shared type values.
 * They are never written: the storage is not const only because struct
 * ptype holds `struct value **params`.
 */
#define TV(n) { .kind = VAL_TYPE, .u.t = { .name = (n) } }
#define TVP(n, p) { .kind = VAL_TYPE, .u.t = { (n), (p), ARRAY_SIZE(p) } }

static struct value kind_defaults[TK_COUNT] = {
	[TK_INVALID] = TV("Any"),	 [TK_ANY] = TV("Any"),
	[TK_ARRAY] = TV("Array"),	 [TK_BINARY] = TV("Binary"),
	[TK_BOOLEAN] = TV("Boolean"),	 [TK_CALLABLE] = TV("Callable"),
	[TK_CATALOGENTRY] = TV("CatalogEntry"),
	[TK_CLASS] = TV("Class"),	 [TK_COLLECTION] = TV("Collection"),
	[TK_DATA] = TV("Data"),		 [TK_DEFAULT] = TV("Default"),
	[TK_ENUM] = TV("Enum"),		 [TK_FLOAT] = TV("Float"),
	[TK_HASH] = TV("Hash"),		 [TK_INIT] = TV("Init"),
	[TK_INTEGER] = TV("Integer"),	 [TK_ITERABLE] = TV("Iterable"),
	[TK_ITERATOR] = TV("Iterator"),	 [TK_NOTUNDEF] = TV("NotUndef"),
	[TK_NUMERIC] = TV("Numeric"),	 [TK_OBJECT] = TV("Object"),
	[TK_OPTIONAL] = TV("Optional"),	 [TK_PATTERN] = TV("Pattern"),
	[TK_REGEXP] = TV("Regexp"),	 [TK_RESOURCE] = TV("Resource"),
	[TK_RICHDATA] = TV("RichData"),
	[TK_RICHDATAKEY] = TV("RichDataKey"),
	[TK_RUNTIME] = TV("Runtime"),	 [TK_SCALAR] = TV("Scalar"),
	[TK_SCALARDATA] = TV("ScalarData"),
	[TK_SEMVER] = TV("SemVer"),
	[TK_SEMVERRANGE] = TV("SemVerRange"),
	[TK_SENSITIVE] = TV("Sensitive"), [TK_STRING] = TV("String"),
	[TK_STRUCT] = TV("Struct"),	 [TK_TIMESPAN] = TV("Timespan"),
	[TK_TIMESTAMP] = TV("Timestamp"), [TK_TUPLE] = TV("Tuple"),
	[TK_TYPE] = TV("Type"),		 [TK_TYPESET] = TV("TypeSet"),
	[TK_UNDEF] = TV("Undef"),	 [TK_UNIT] = TV("Unit"),
	[TK_URI] = TV("URI"),		 [TK_VARIANT] = TV("Variant"),
	[TK_ALIAS] = TV("Any"),
};

#define KD(k) (&kind_defaults[(k)])

/* The canonical name of a kind (Puppet's simple_name of its class) */
static const char *kind_name(enum tkind k)
{
	if (k == TK_INVALID)
		return "?";
	if (k == TK_ALIAS)
		return "TypeAlias";
	return kind_defaults[k].u.t.name;
}

static struct value v_zero = { .kind = VAL_INT, .u.n.i = 0 };
static struct value v_one = { .kind = VAL_INT, .u.n.i = 1 };
static struct value v_two = { .kind = VAL_INT, .u.n.i = 2 };
static struct value *p_zero_zero[] = { &v_zero, &v_zero };
static struct value t_array_empty = TVP("Array", p_zero_zero);
static struct value t_hash_empty = TVP("Hash", p_zero_zero);
static struct value *p_one_one[] = { &v_one, &v_one };
static struct value t_char = TVP("String", p_one_one); /* String[1, 1] */

/* Data = Variant[ScalarData, Undef, Hash[String, Data], Array[Data]] */
static struct value *p_data_hash[] = { KD(TK_STRING), KD(TK_DATA) };
static struct value t_data_hash = TVP("Hash", p_data_hash);
static struct value *p_data_array[] = { KD(TK_DATA) };
static struct value t_data_array = TVP("Array", p_data_array);
static struct value *p_data[] = { KD(TK_SCALARDATA), KD(TK_UNDEF),
				  &t_data_hash, &t_data_array };
static struct value t_data = TVP("Variant", p_data);

/* RichDataKey = Variant[String, Numeric] */
static struct value *p_rdkey[] = { KD(TK_STRING), KD(TK_NUMERIC) };
static struct value t_rdkey = TVP("Variant", p_rdkey);

/* RichData = Variant[Scalar, SemVerRange, Binary, Sensitive, Type, TypeSet,
 *   URI, Object, Undef, Default, Hash[RichDataKey, RichData],
 *   Array[RichData]] */
static struct value *p_rd_hash[] = { KD(TK_RICHDATAKEY), KD(TK_RICHDATA) };
static struct value t_rd_hash = TVP("Hash", p_rd_hash);
static struct value *p_rd_array[] = { KD(TK_RICHDATA) };
static struct value t_rd_array = TVP("Array", p_rd_array);
static struct value *p_rd[] = {
	KD(TK_SCALAR), KD(TK_SEMVERRANGE), KD(TK_BINARY), KD(TK_SENSITIVE),
	KD(TK_TYPE), KD(TK_TYPESET), KD(TK_URI), KD(TK_OBJECT),
	KD(TK_UNDEF), KD(TK_DEFAULT), &t_rd_hash, &t_rd_array,
};
static struct value t_richdata = TVP("Variant", p_rd);

#define ILO INT64_MIN /* no lower bound */
#define IHI INT64_MAX /* no upper bound */

/* ---- decoding one level of a type ---- */

struct tdec {
	enum tkind k;
	const struct value *t;	      /* the type as given */
	struct value *const *p;	      /* its params, as written */
	size_t np;
	size_t n;		      /* params, nested arrays flattened */
	bool flat;		      /* no nested array: pv() indexes p */
	const struct value *sval;     /* TK_STRING: the one string it is */
	const struct value *resolved; /* TK_ALIAS and built-in aliases */
};

static size_t flat_count(struct value *const *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += p[i]->kind == VAL_ARRAY ?
			     flat_count(p[i]->u.arr.v, p[i]->u.arr.n) :
			     1;
	return c;
}

static const struct value *flat_at(struct value *const *p, size_t n,
				   size_t *i)
{
	for (size_t j = 0; j < n; j++) {
		if (p[j]->kind == VAL_ARRAY) {
			const struct value *r =
				flat_at(p[j]->u.arr.v, p[j]->u.arr.n, i);
			if (r)
				return r;
		} else if ((*i)-- == 0) {
			return p[j];
		}
	}
	return NULL;
}

/* The i-th flattened param of d; i < d->n. */
static const struct value *pv(const struct tdec *d, size_t i)
{
	if (d->flat)
		return d->p[i];
	return flat_at(d->p, d->np, &i);
}

static bool name_is(const struct value *t, const char *name)
{
	return t->kind == VAL_TYPE && !strcasecmp(t->u.t.name, name);
}

static void decode(struct tdec *d, const struct value *t,
		   const struct type_env *env)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	d->flat = true;
	if (t->kind == VAL_STRING) {
		d->k = TK_STRING;
		d->sval = t;
		return;
	}
	if (t->kind != VAL_TYPE) {
		d->k = TK_INVALID;
		return;
	}
	d->p = t->u.t.params;
	d->np = d->n = t->u.t.nparams;
	const struct kinfo *ki = kind_lookup(t->u.t.name);
	if (ki) {
		d->k = ki->k;
	} else {
		struct value *r = NULL;
		if (env && env->resolve_alias)
			r = env->resolve_alias(env->payload, t->u.t.name);
		d->k = r ? TK_ALIAS : TK_RESOURCE;
		d->resolved = r;
		return; /* resource titles and aliases are not flattened */
	}
	switch (d->k) {
	case TK_DATA:
		d->resolved = &t_data;
		break;
	case TK_RICHDATA:
		d->resolved = &t_richdata;
		break;
	case TK_RICHDATAKEY:
		d->resolved = &t_rdkey;
		break;
	case TK_STRUCT:
	case TK_CALLABLE:
	case TK_CLASS:
	case TK_RESOURCE:
		return;
	default:
		break;
	}
	for (size_t i = 0; i < d->np; i++) {
		if (d->p[i]->kind == VAL_ARRAY) {
			d->flat = false;
			d->n = flat_count(d->p, d->np);
			break;
		}
	}
	if (d->k == TK_STRING && d->n == 1 && pv(d, 0)->kind == VAL_STRING)
		d->sval = pv(d, 0);
}

static bool is_alias_kind(enum tkind k)
{
	return k == TK_ALIAS || k == TK_DATA || k == TK_RICHDATA ||
	       k == TK_RICHDATAKEY;
}

static const char *alias_name(const struct tdec *d)
{
	return d->k == TK_ALIAS ? d->t->u.t.name : kind_name(d->k);
}

/* The contained type of Optional/NotUndef/Type/Iterable...; NULL if none. */
static const struct value *contained(const struct tdec *d)
{
	return d->n ? pv(d, 0) : NULL;
}

/* ---- ranges ---- */

static bool is_default(const struct value *v)
{
	return v->kind == VAL_DEFAULT ||
	       (v->kind == VAL_STRING && v->u.s.len == 7 &&
		!memcmp(v->u.s.ptr, "default", 7));
}

static int64_t int_or(const struct value *v, int64_t dflt)
{
	return v->kind == VAL_INT ? v->u.n.i : dflt;
}

static void int_range(const struct tdec *d, int64_t *lo, int64_t *hi)
{
	*lo = d->n >= 1 ? int_or(pv(d, 0), ILO) : ILO;
	*hi = d->n >= 2 ? int_or(pv(d, 1), IHI) : IHI;
}

static double num_or(const struct value *v, double dflt)
{
	if (v->kind == VAL_INT)
		return (double)v->u.n.i;
	if (v->kind == VAL_FLOAT)
		return v->u.f;
	return dflt;
}

static void float_range(const struct tdec *d, double *lo, double *hi)
{
	*lo = d->n >= 1 ? num_or(pv(d, 0), -INFINITY) : -INFINITY;
	*hi = d->n >= 2 ? num_or(pv(d, 1), INFINITY) : INFINITY;
}

/*
 * A size constraint from one or two params (a single Integer type is its
 * range), made a size as Puppet's to_size does: no negative bounds.
 */
static void size_of(const struct value *a, const struct value *b,
		    int64_t *lo, int64_t *hi)
{
	if (!b && a && a->kind == VAL_TYPE) {
		struct tdec d;
		decode(&d, a, NULL);
		int_range(&d, lo, hi);
	} else {
		*lo = a ? int_or(a, ILO) : ILO;
		*hi = b ? int_or(b, IHI) : IHI;
	}
	if (*lo < 0) {
		*lo = 0;
		if (*hi < 0)
			*hi = 0;
	}
}

static bool range_has(int64_t lo, int64_t hi, int64_t x)
{
	return lo <= x && x <= hi;
}

/* [lo1, hi1] contains [lo2, hi2] */
static bool range_covers(int64_t lo1, int64_t hi1, int64_t lo2, int64_t hi2)
{
	return lo1 <= lo2 && hi1 >= hi2;
}

struct coll {
	const struct value *elem;	/* Array element; NULL: Any */
	const struct value *key, *val;	/* Hash; NULL: Any */
	int64_t lo, hi;			/* size; [0, IHI] by default */
	bool has_size;
};

static void coll_parts(const struct tdec *d, struct coll *c)
{
	memset(c, 0, sizeof(*c));
	c->lo = 0;
	c->hi = IHI;
	size_t n = d->n;
	const struct value *s1 = NULL, *s2 = NULL;
	switch (d->k) {
	case TK_ARRAY:
		if (n >= 1 && pv(d, 0)->kind == VAL_TYPE) {
			c->elem = pv(d, 0);
			s1 = n >= 2 ? pv(d, 1) : NULL;
			s2 = n >= 3 ? pv(d, 2) : NULL;
		} else if (n >= 1) {
			s1 = pv(d, 0);
			s2 = n >= 2 ? pv(d, 1) : NULL;
		}
		break;
	case TK_HASH:
		if (n >= 2 && pv(d, 0)->kind == VAL_TYPE) {
			c->key = pv(d, 0);
			c->val = pv(d, 1);
			s1 = n >= 3 ? pv(d, 2) : NULL;
			s2 = n >= 4 ? pv(d, 3) : NULL;
		} else if (n >= 1) {
			s1 = pv(d, 0);
			s2 = n >= 2 ? pv(d, 1) : NULL;
		}
		break;
	case TK_COLLECTION:
	case TK_STRING:
		if (d->sval)
			break;
		s1 = n >= 1 ? pv(d, 0) : NULL;
		s2 = n >= 2 ? pv(d, 1) : NULL;
		break;
	default:
		break;
	}
	if (s1) {
		c->has_size = true;
		size_of(s1, s2, &c->lo, &c->hi);
		if (c->lo == 0 && c->hi == 0) {
			c->elem = KD(TK_UNIT);
			c->key = c->val = KD(TK_UNIT);
		}
	}
}

struct tuple {
	size_t ntypes;	/* the element types are pv(d, 0 .. ntypes-1) */
	int64_t lo, hi; /* size */
	bool has_size;
};

static bool is_range_param(const struct value *v)
{
	return v->kind == VAL_INT || is_default(v);
}

static void tuple_parts(const struct tdec *d, struct tuple *tp)
{
	size_t n = d->n;
	tp->has_size = false;
	tp->ntypes = n;
	if (n >= 2 && is_range_param(pv(d, n - 2)) &&
	    is_range_param(pv(d, n - 1))) {
		tp->has_size = true;
		tp->ntypes = n - 2;
		size_of(pv(d, n - 2), pv(d, n - 1), &tp->lo, &tp->hi);
	} else if (n >= 1 && is_range_param(pv(d, n - 1))) {
		tp->has_size = true;
		tp->ntypes = n - 1;
		size_of(pv(d, n - 1), NULL, &tp->lo, &tp->hi);
	}
	if (!tp->has_size) {
		tp->lo = tp->ntypes ? (int64_t)tp->ntypes : 0;
		tp->hi = tp->ntypes ? (int64_t)tp->ntypes : IHI;
	}
}

/* The element type for index i of a tuple with ntypes types (ntypes > 0) */
static const struct value *tuple_at(const struct tdec *d,
				    const struct tuple *tp, size_t i)
{
	return pv(d, i < tp->ntypes ? i : tp->ntypes - 1);
}

struct enm {
	size_t nvals; /* the values are pv(d, 0 .. nvals-1) */
	bool ci;      /* case-insensitive (a trailing true) */
};

static void enum_parts(const struct tdec *d, struct enm *e)
{
	e->nvals = d->n;
	e->ci = false;
	if (d->n && pv(d, d->n - 1)->kind == VAL_BOOL) {
		e->ci = pv(d, d->n - 1)->u.b;
		e->nvals--;
	}
}

/* Resource[...] and File[...]: the type name (NULL for Resource) and title */
static void res_parts(const struct tdec *d, const char **name,
		      const struct value **title)
{
	*name = NULL;
	*title = NULL;
	if (strcasecmp(d->t->u.t.name, "Resource")) {
		*name = d->t->u.t.name;
		if (d->np >= 1)
			*title = d->p[0];
		return;
	}
	if (d->np >= 1) {
		const struct value *n = d->p[0];
		if (n->kind == VAL_STRING)
			*name = n->u.s.ptr;
		else if (n->kind == VAL_TYPE)
			*name = n->u.t.name;
	}
	if (d->np >= 2)
		*title = d->p[1];
}

/* Class names compare case-insensitively, without a leading "::". */
static bool class_name_eq(const struct value *a, const struct value *b)
{
	if (a->kind != VAL_STRING || b->kind != VAL_STRING)
		return false;
	const char *x = a->u.s.ptr, *y = b->u.s.ptr;
	size_t xn = a->u.s.len, yn = b->u.s.len;
	if (xn >= 2 && !memcmp(x, "::", 2))
		x += 2, xn -= 2;
	if (yn >= 2 && !memcmp(y, "::", 2))
		y += 2, yn -= 2;
	return xn == yn && !strncasecmp(x, y, xn);
}

static bool title_eq(const struct value *a, const struct value *b)
{
	return a->kind == VAL_STRING && b->kind == VAL_STRING &&
	       a->u.s.len == b->u.s.len &&
	       !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len);
}

/* Struct[{key => type}] elements, as TypeFactory.struct reads them. */
struct selem {
	const struct value *name; /* the key, a VAL_STRING */
	const struct value *vt;	  /* the value type */
	bool key_opt;		  /* an Optional key: may be absent */
};

static int assignable(const struct value *t1, const struct value *t2,
		      const struct type_env *env);

static bool struct_elem(struct selem *e, const struct value *key,
			const struct value *vt, const struct type_env *env)
{
	e->vt = vt;
	e->key_opt = false;
	e->name = NULL;
	if (key->kind == VAL_STRING) {
		e->name = key;
		e->key_opt = assignable(vt, KD(TK_UNDEF), env);
		return true;
	}
	struct tdec d;
	decode(&d, key, NULL);
	if (d.k == TK_OPTIONAL || d.k == TK_NOTUNDEF) {
		e->key_opt = d.k == TK_OPTIONAL;
		const struct value *in = contained(&d);
		if (!in)
			return false;
		decode(&d, in, NULL);
	}
	if (d.k == TK_STRING && d.sval)
		e->name = d.sval;
	else if (d.k == TK_ENUM && d.n == 1 && pv(&d, 0)->kind == VAL_STRING)
		e->name = pv(&d, 0);
	return e->name != NULL;
}

static const struct value *struct_hash(const struct tdec *d)
{
	if (d->np == 1 && d->p[0]->kind == VAL_HASH)
		return d->p[0];
	return NULL;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static bool bytes_eq(const struct value *a, const struct value *b)
{
	return a->u.s.len == b->u.s.len &&
	       !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len);
}

/* Ruby's casecmp: ASCII letters fold, nothing else */
static bool ascii_caseeq(const struct value *a, const struct value *b)
{
	if (a->u.s.len != b->u.s.len)
		return false;
	for (size_t i = 0; i < a->u.s.len; i++) {
		unsigned char x = a->u.s.ptr[i], y = b->u.s.ptr[i];
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
	}
	return true;
}

/* ---- regexes ---- */

/* The pattern text of a Pattern/Regexp parameter, or NULL. */
static const char *regex_src(const struct value *p)
{
	if (p->kind == VAL_REGEX)
		return p->u.re.src;
	if (p->kind == VAL_STRING)
		return p->u.s.ptr;
	return NULL;
}

/*
 * Memory for one pcre2_match, on the stack: the match data and PCRE2's
 * first block of backtracking frames (20 KiB) fit, so that a Pattern
 * check does not touch the heap. When a pattern needs more, the match is
 * redone with malloc'd match data.
 */
struct match_mem {
	size_t used;
	_Alignas(max_align_t) unsigned char buf[24 * 1024];
};

static void *match_mem_alloc(size_t n, void *data)
{
	struct match_mem *m = data;
	n = (n + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
	if (n > sizeof(m->buf) - m->used)
		return NULL;
	void *p = m->buf + m->used;
	m->used += n;
	return p;
}

static void match_mem_free(void *p UNUSED, void *data UNUSED)
{
}

/* Unanchored search, as =~ does; PCRE2 errors count as no match. */
static bool search(void *code, const struct value *s)
{
	struct match_mem m;
	m.used = 0;
	pcre2_general_context *gc = pcre2_general_context_create(
		match_mem_alloc, match_mem_free, &m);
	pcre2_match_data *md = gc ? pcre2_match_data_create(1, gc) : NULL;
	int rc = PCRE2_ERROR_NOMEMORY;
	if (md)
		rc = pcre2_match(code, (PCRE2_SPTR)s->u.s.ptr, s->u.s.len, 0, 0,
				 md, NULL);
	if (rc == PCRE2_ERROR_NOMEMORY) {
		md = pcre2_match_data_create(1, NULL);
		rc = pcre2_match(code, (PCRE2_SPTR)s->u.s.ptr, s->u.s.len, 0, 0,
				 md, NULL);
		pcre2_match_data_free(md);
	}
	return rc >= 0; /* 0: matched, ovector too small for the groups */
}

/* 1 when the regex (a VAL_REGEX or a string) matches s, 0 when not. */
static bool regex_hits(const struct value *re, const struct value *s,
		       const struct type_env *env)
{
	void *code = NULL;
	struct arena scratch = ARENA_INIT;
	if (re->kind == VAL_REGEX && re->u.re.code) {
		code = re->u.re.code;
	} else if (re->kind == VAL_REGEX && env && env->arena) {
		if (regex_compile(env->arena, (struct value *)re) == 0)
			code = re->u.re.code;
	} else {
		const char *src = regex_src(re);
		if (src && regex_compile_src(&code, &scratch, src, strlen(src),
					     0) < 0)
			code = NULL;
	}
	bool hit = code && search(code, s);
	arena_release(&scratch);
	return hit;
}

/* Some pattern of Pattern `d` matches the string s (no patterns: all do) */
static bool pattern_hits(const struct tdec *d, const struct value *s,
			 const struct type_env *env)
{
	if (d->n == 0)
		return true;
	for (size_t i = 0; i < d->n; i++) {
		const struct value *p = pv(d, i);
		if (p->kind == VAL_TYPE) {
			struct tdec sub;
			decode(&sub, p, NULL);
			if (sub.k == TK_PATTERN && sub.n &&
			    pattern_hits(&sub, s, env))
				return true;
			if (sub.k == TK_REGEXP && sub.n &&
			    regex_hits(pv(&sub, 0), s, env))
				return true;
		} else if (regex_hits(p, s, env)) {
			return true;
		}
	}
	return false;
}

/* ---- matching: Puppet's instance? ---- */

#define MAX_DEPTH 200

struct mctx {
	const struct type_env *env;
	int depth;
};

static bool match_dec(const struct tdec *d, const struct value *v,
		      struct mctx *c);

static bool match_t(const struct value *t, const struct value *v,
		    struct mctx *c)
{
	struct tdec d;
	decode(&d, t, c->env);
	return match_dec(&d, v, c);
}

static bool is_data(const struct value *v)
{
	switch (v->kind) {
	case VAL_UNDEF:
	case VAL_BOOL:
	case VAL_INT:
	case VAL_FLOAT:
	case VAL_STRING:
		return true;
	case VAL_ARRAY:
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (!is_data(v->u.arr.v[i]))
				return false;
		return true;
	case VAL_HASH:
		for (size_t i = 0; i < v->u.h.n; i++)
			if (v->u.h.e[i].key->kind != VAL_STRING ||
			    !is_data(v->u.h.e[i].val))
				return false;
		return true;
	default:
		return false;
	}
}

static bool is_richdata(const struct value *v)
{
	switch (v->kind) {
	case VAL_ARRAY:
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (!is_richdata(v->u.arr.v[i]))
				return false;
		return true;
	case VAL_HASH:
		for (size_t i = 0; i < v->u.h.n; i++) {
			enum val_kind k = v->u.h.e[i].key->kind;
			bool key_ok = k == VAL_STRING || k == VAL_INT ||
				      k == VAL_FLOAT;
			if (!key_ok || !is_richdata(v->u.h.e[i].val))
				return false;
		}
		return true;
	default:
		return true;
	}
}

static bool match_struct(const struct tdec *d, const struct value *v,
			 struct mctx *c)
{
	if (v->kind != VAL_HASH)
		return false;
	const struct value *h = struct_hash(d);
	if (!h)
		return v->u.h.n == 0;
	size_t matched = 0;
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct selem e;
		if (!struct_elem(&e, h->u.h.e[i].key, h->u.h.e[i].val, c->env))
			return false;
		const struct value *x = val_hash_get(v, e.name);
		if (!x) {
			if (!e.key_opt)
				return false;
			continue;
		}
		matched++;
		if (!match_t(e.vt, x, c))
			return false;
	}
	return matched == v->u.h.n;
}

static struct value *infer_reduced(struct arena *a, const struct value *v);
static const struct value *normalize(struct arena *a, const struct value *t,
				     const struct type_env *env);
static struct value *mk(struct arena *a, const char *name, size_t n);

static bool match_iterable(const struct tdec *d, const struct value *v,
			   struct mctx *c)
{
	const struct value *et = contained(d);
	if (!et || assignable(et, KD(TK_ANY), c->env)) {
		switch (v->kind) {
		case VAL_STRING:
		case VAL_ARRAY:
		case VAL_HASH:
			return true;
		case VAL_INT:
			return v->u.n.i >= 0;
		case VAL_TYPE: {
			struct tdec t;
			decode(&t, v, c->env);
			if (t.k == TK_ENUM)
				return true;
			if (t.k == TK_INTEGER) {
				int64_t lo, hi;
				int_range(&t, &lo, &hi);
				return lo != ILO && hi != IHI;
			}
			return false;
		}
		default:
			return false;
		}
	}
	/* Iterable[T].assignable?(infer(v)), in a scratch arena */
	struct arena scratch = ARENA_INIT;
	struct value *it = mk(&scratch, "Iterable", 1);
	it->u.t.params[0] = (struct value *)et;
	bool r = assignable(it, infer_reduced(&scratch, v), c->env);
	arena_release(&scratch);
	return r;
}

static bool match_dec(const struct tdec *d, const struct value *v,
		      struct mctx *c)
{
	switch (d->k) {
	case TK_ANY:
	case TK_UNIT:
		return true;
	case TK_UNDEF:
		return v->kind == VAL_UNDEF;
	case TK_DEFAULT:
		return v->kind == VAL_DEFAULT;
	case TK_BOOLEAN:
		if (v->kind != VAL_BOOL)
			return false;
		return d->n == 0 || (pv(d, 0)->kind == VAL_BOOL &&
				     pv(d, 0)->u.b == v->u.b);
	case TK_INTEGER: {
		if (v->kind != VAL_INT)
			return false;
		int64_t lo, hi;
		int_range(d, &lo, &hi);
		return range_has(lo, hi, v->u.n.i);
	}
	case TK_FLOAT: {
		if (v->kind != VAL_FLOAT)
			return false;
		double lo, hi;
		float_range(d, &lo, &hi);
		return lo <= v->u.f && v->u.f <= hi;
	}
	case TK_NUMERIC:
		return v->kind == VAL_INT || v->kind == VAL_FLOAT;
	case TK_STRING: {
		if (v->kind != VAL_STRING)
			return false;
		if (d->sval)
			return bytes_eq(d->sval, v);
		if (d->n == 0)
			return true;
		struct coll cl;
		coll_parts(d, &cl);
		if (cl.lo == 0 && cl.hi == IHI)
			return true;
		int64_t len = (int64_t)utf8_chars(v->u.s.ptr, v->u.s.len);
		return range_has(cl.lo, cl.hi, len);
	}
	case TK_ENUM: {
		if (v->kind != VAL_STRING)
			return false;
		struct enm e;
		enum_parts(d, &e);
		for (size_t i = 0; i < e.nvals; i++) {
			const struct value *x = pv(d, i);
			if (x->kind == VAL_STRING &&
			    (e.ci ? ascii_caseeq(x, v) : bytes_eq(x, v)))
				return true;
		}
		return false;
	}
	case TK_PATTERN:
		return v->kind == VAL_STRING && pattern_hits(d, v, c->env);
	case TK_REGEXP: {
		if (v->kind != VAL_REGEX)
			return false;
		if (d->n == 0)
			return true;
		const char *src = regex_src(pv(d, 0));
		return src && !strcmp(src, v->u.re.src);
	}
	case TK_SCALAR:
		return v->kind == VAL_STRING || v->kind == VAL_INT ||
		       v->kind == VAL_FLOAT || v->kind == VAL_BOOL ||
		       v->kind == VAL_REGEX;
	case TK_SCALARDATA:
		return v->kind == VAL_STRING || v->kind == VAL_INT ||
		       v->kind == VAL_FLOAT || v->kind == VAL_BOOL;
	case TK_DATA:
		return is_data(v);
	case TK_RICHDATA:
		return is_richdata(v);
	case TK_RICHDATAKEY:
		return v->kind == VAL_STRING || v->kind == VAL_INT ||
		       v->kind == VAL_FLOAT;
	case TK_ARRAY: {
		if (v->kind != VAL_ARRAY)
			return false;
		struct coll cl;
		coll_parts(d, &cl);
		if (!range_has(cl.lo, cl.hi, (int64_t)v->u.arr.n))
			return false;
		if (!cl.elem || v->u.arr.n == 0)
			return true;
		struct tdec de;
		decode(&de, cl.elem, c->env);
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (!match_dec(&de, v->u.arr.v[i], c))
				return false;
		return true;
	}
	case TK_HASH: {
		if (v->kind != VAL_HASH)
			return false;
		struct coll cl;
		coll_parts(d, &cl);
		if (!range_has(cl.lo, cl.hi, (int64_t)v->u.h.n))
			return false;
		if (v->u.h.n == 0)
			return true;
		struct tdec dk, dv;
		decode(&dk, cl.key ? cl.key : KD(TK_ANY), c->env);
		decode(&dv, cl.val ? cl.val : KD(TK_ANY), c->env);
		for (size_t i = 0; i < v->u.h.n; i++)
			if (!match_dec(&dk, v->u.h.e[i].key, c) ||
			    !match_dec(&dv, v->u.h.e[i].val, c))
				return false;
		return true;
	}
	case TK_TUPLE: {
		if (v->kind != VAL_ARRAY)
			return false;
		struct tuple tp;
		tuple_parts(d, &tp);
		size_t n = v->u.arr.n;
		if (tp.has_size ? !range_has(tp.lo, tp.hi, (int64_t)n) :
				  (tp.ntypes && tp.ntypes != n))
			return false;
		if (!tp.ntypes)
			return true;
		for (size_t i = 0; i < n; i++)
			if (!match_t(tuple_at(d, &tp, i), v->u.arr.v[i], c))
				return false;
		return true;
	}
	case TK_STRUCT:
		return match_struct(d, v, c);
	case TK_COLLECTION: {
		size_t n;
		if (v->kind == VAL_ARRAY)
			n = v->u.arr.n;
		else if (v->kind == VAL_HASH)
			n = v->u.h.n;
		else
			return false;
		struct coll cl;
		coll_parts(d, &cl);
		return range_has(cl.lo, cl.hi, (int64_t)n);
	}
	case TK_VARIANT:
		for (size_t i = 0; i < d->n; i++)
			if (match_t(pv(d, i), v, c))
				return true;
		return false;
	case TK_OPTIONAL:
		if (v->kind == VAL_UNDEF)
			return true;
		return d->n && match_t(pv(d, 0), v, c);
	case TK_NOTUNDEF:
		if (v->kind == VAL_UNDEF)
			return false;
		return d->n == 0 || match_t(pv(d, 0), v, c);
	case TK_TYPE:
		if (v->kind != VAL_TYPE)
			return false;
		return d->n == 0 || assignable(pv(d, 0), v, c->env);
	case TK_ITERABLE:
		return match_iterable(d, v, c);
	case TK_OBJECT:
		/* Puppet's types are Objects: Integer =~ Object */
		return v->kind == VAL_TYPE && d->n == 0;
	case TK_ALIAS:
		if (++c->depth > MAX_DEPTH)
			return false;
		bool r = match_t(d->resolved, v, c);
		c->depth--;
		return r;
	default:
		/* Callable, Iterator, Sensitive, SemVer, Timespan, Binary,
		 * CatalogEntry, Resource, Class, ...: no value is one */
		return false;
	}
}

int type_match(const struct value *type, const struct value *v,
	       const struct type_env *env)
{
	struct mctx c = { env, 0 };
	return match_t(type, v, &c);
}

/* ---- assignability: Puppet's assignable? ---- */

/* The pairs of types being compared through aliases, innermost first;
 * an alias is known by its name, anything else by its address. */
struct aguard {
	const char *an, *bn;
	const struct value *a, *b;
	const struct aguard *up;
};

struct actx {
	const struct type_env *env;
	const struct aguard *guard;
	int depth;
};

static bool asg(const struct value *t1, const struct value *t2,
		struct actx *c);
static bool same_type(const struct value *t1, const struct value *t2);
static bool asg_dec(const struct tdec *d1, const struct tdec *d2,
		    struct actx *c);

static int assignable(const struct value *t1, const struct value *t2,
		      const struct type_env *env)
{
	struct actx c = { env, NULL, 0 };
	return asg(t1, t2, &c);
}

static bool is_any(const struct value *t)
{
	return name_is(t, "Any");
}

/*
 * One side or both are aliases: compare what they stand for. Meeting the
 * same pair again means the aliases recurse into each other in step; like
 * Puppet's RecursionGuard, that counts as assignable.
 */
static bool asg_alias(const struct tdec *d1, const struct tdec *d2,
		      struct actx *c)
{
	const char *an = is_alias_kind(d1->k) ? alias_name(d1) : NULL;
	const char *bn = is_alias_kind(d2->k) ? alias_name(d2) : NULL;
	for (const struct aguard *g = c->guard; g; g = g->up) {
		bool same_a = an ? g->an && !strcasecmp(g->an, an) :
				   !g->an && g->a == d1->t;
		bool same_b = bn ? g->bn && !strcasecmp(g->bn, bn) :
				   !g->bn && g->b == d2->t;
		if (same_a && same_b)
			return true;
	}
	if (c->depth > MAX_DEPTH)
		return true;
	struct aguard g = { an, bn, d1->t, d2->t, c->guard };
	const struct aguard *saved = c->guard;
	c->guard = &g;
	c->depth++;
	bool r = asg(is_alias_kind(d1->k) ? d1->resolved : d1->t,
		     is_alias_kind(d2->k) ? d2->resolved : d2->t, c);
	c->depth--;
	c->guard = saved;
	return r;
}

static bool asg(const struct value *t1, const struct value *t2,
		struct actx *c)
{
	struct tdec d1, d2;
	decode(&d1, t1, c->env);
	decode(&d2, t2, c->env);
	return asg_dec(&d1, &d2, c);
}

static bool is_scalar_kind(enum tkind k)
{
	switch (k) {
	case TK_SCALAR:
	case TK_REGEXP:
	case TK_SEMVER:
	case TK_SEMVERRANGE:
	case TK_TIMESPAN:
	case TK_TIMESTAMP:
		return true;
	case TK_SCALARDATA:
	case TK_ENUM:
	case TK_NUMERIC:
	case TK_INTEGER:
	case TK_FLOAT:
	case TK_STRING:
	case TK_PATTERN:
	case TK_BOOLEAN:
		return true;
	default:
		return false;
	}
}

static bool is_scalardata_kind(enum tkind k)
{
	return is_scalar_kind(k) && k != TK_SCALAR && k != TK_REGEXP &&
	       k != TK_SEMVER && k != TK_SEMVERRANGE && k != TK_TIMESPAN &&
	       k != TK_TIMESTAMP;
}

static bool sub_string(const struct tdec *d1, const struct tdec *d2)
{
	if (d1->sval) {
		if (d2->k == TK_STRING)
			return d2->sval && bytes_eq(d1->sval, d2->sval);
		if (d2->k == TK_ENUM) {
			struct enm e;
			enum_parts(d2, &e);
			return e.nvals == 1 && !e.ci &&
			       pv(d2, 0)->kind == VAL_STRING &&
			       bytes_eq(d1->sval, pv(d2, 0));
		}
		return false;
	}
	if (d1->n == 0)
		return d2->k == TK_STRING || d2->k == TK_ENUM ||
		       d2->k == TK_PATTERN;
	struct coll s;
	coll_parts(d1, &s);
	switch (d2->k) {
	case TK_STRING: {
		if (d2->sval) {
			int64_t n = (int64_t)utf8_chars(d2->sval->u.s.ptr,
							d2->sval->u.s.len);
			return range_has(s.lo, s.hi, n);
		}
		struct coll o;
		coll_parts(d2, &o);
		return range_covers(s.lo, s.hi, o.lo, o.hi);
	}
	case TK_ENUM: {
		struct enm e;
		enum_parts(d2, &e);
		if (e.nvals == 0)
			return range_covers(s.lo, s.hi, 0, IHI);
		int64_t mn = IHI, mx = 0;
		for (size_t i = 0; i < e.nvals; i++) {
			const struct value *x = pv(d2, i);
			if (x->kind != VAL_STRING)
				continue;
			int64_t n = (int64_t)utf8_chars(x->u.s.ptr, x->u.s.len);
			mn = n < mn ? n : mn;
			mx = n > mx ? n : mx;
		}
		return s.lo <= mn && s.hi >= mx;
	}
	case TK_PATTERN:
		return range_covers(s.lo, s.hi, 0, IHI);
	default:
		return false;
	}
}

static bool sub_enum(const struct tdec *d1, const struct tdec *d2,
		     struct actx *c)
{
	struct enm e1;
	enum_parts(d1, &e1);
	if (e1.nvals == 0 && (d2->k == TK_STRING || d2->k == TK_ENUM ||
			      d2->k == TK_PATTERN))
		return true;
	struct mctx m = { c->env, 0 };
	if (d2->k == TK_STRING)
		return d2->sval && match_dec(d1, d2->sval, &m);
	if (d2->k != TK_ENUM)
		return false;
	struct enm e2;
	enum_parts(d2, &e2);
	if (e2.nvals == 0 || (!e1.ci && e2.ci))
		return false;
	for (size_t i = 0; i < e2.nvals; i++)
		if (!match_dec(d1, pv(d2, i), &m))
			return false;
	return true;
}

static bool patterns_eq(const struct tdec *a, const struct tdec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const char *s = regex_src(pv(a, i));
		bool found = false;
		for (size_t j = 0; s && j < b->n && !found; j++) {
			const char *t = regex_src(pv(b, j));
			found = t && !strcmp(s, t);
		}
		if (!found)
			return false;
	}
	return true;
}

static bool sub_pattern(const struct tdec *d1, const struct tdec *d2,
			struct actx *c)
{
	switch (d2->k) {
	case TK_STRING:
		if (!d2->sval)
			return d1->n == 0;
		return pattern_hits(d1, d2->sval, c->env);
	case TK_ENUM: {
		struct enm e;
		enum_parts(d2, &e);
		if (e.nvals == 0)
			return d1->n == 0;
		for (size_t i = 0; i < e.nvals; i++)
			if (pv(d2, i)->kind != VAL_STRING ||
			    !pattern_hits(d1, pv(d2, i), c->env))
				return false;
		return true;
	}
	case TK_PATTERN:
		return d1->n == 0 || patterns_eq(d1, d2);
	default:
		return false;
	}
}

static bool sub_collection(const struct tdec *d1, const struct tdec *d2)
{
	struct coll s, o;
	coll_parts(d1, &s);
	switch (d2->k) {
	case TK_COLLECTION:
	case TK_ARRAY:
	case TK_HASH:
		coll_parts(d2, &o);
		return range_covers(s.lo, s.hi, o.lo, o.hi);
	case TK_TUPLE: {
		struct tuple tp;
		tuple_parts(d2, &tp);
		return range_covers(s.lo, s.hi, tp.lo, tp.hi);
	}
	case TK_STRUCT: {
		const struct value *h = struct_hash(d2);
		int64_t n = h ? (int64_t)h->u.h.n : 0;
		return range_has(s.lo, s.hi, n);
	}
	default:
		return false;
	}
}

static const struct value *or_any(const struct value *t)
{
	return t ? t : KD(TK_ANY);
}

static bool sub_array(const struct tdec *d1, const struct tdec *d2,
		      struct actx *c)
{
	struct coll s;
	coll_parts(d1, &s);
	const struct value *elem = or_any(s.elem);
	if (d2->k == TK_TUPLE) {
		struct tuple tp;
		tuple_parts(d2, &tp);
		if (!range_covers(s.lo, s.hi, tp.lo, tp.hi))
			return false;
		for (size_t i = 0; i < tp.ntypes; i++)
			if (!asg(elem, pv(d2, i), c))
				return false;
		return true;
	}
	if (d2->k != TK_ARRAY)
		return false;
	struct coll o;
	coll_parts(d2, &o);
	return range_covers(s.lo, s.hi, o.lo, o.hi) &&
	       asg(elem, or_any(o.elem), c);
}

static bool sub_hash(const struct tdec *d1, const struct tdec *d2,
		     struct actx *c)
{
	struct coll s;
	coll_parts(d1, &s);
	const struct value *k1 = or_any(s.key), *v1 = or_any(s.val);
	if (d2->k == TK_HASH) {
		struct coll o;
		coll_parts(d2, &o);
		if ((!s.has_size || s.lo == 0) && o.has_size && o.hi == 0)
			return true; /* the empty hash */
		return asg(k1, or_any(o.key), c) && asg(v1, or_any(o.val), c) &&
		       range_covers(s.lo, s.hi, o.lo, o.hi);
	}
	if (d2->k != TK_STRUCT)
		return false;
	const struct value *h = struct_hash(d2);
	size_t n = h ? h->u.h.n : 0;
	if (!range_has(s.lo, s.hi, (int64_t)n))
		return false;
	for (size_t i = 0; i < n; i++) {
		struct selem e;
		if (!struct_elem(&e, h->u.h.e[i].key, h->u.h.e[i].val, c->env))
			return false;
		if (!type_match(k1, e.name, c->env) || !asg(v1, e.vt, c))
			return false;
	}
	return true;
}

static bool sub_tuple(const struct tdec *d1, const struct tdec *d2,
		      struct actx *c)
{
	struct tuple s;
	tuple_parts(d1, &s);
	if (d2->k == TK_TUPLE) {
		struct tuple o;
		tuple_parts(d2, &o);
		if (!range_covers(s.lo, s.hi, o.lo, o.hi))
			return false;
		if (!s.ntypes)
			return true;
		if (!o.ntypes)
			return s.lo == 0;
		for (size_t i = 0; i < o.ntypes; i++)
			if (!asg(tuple_at(d1, &s, i), pv(d2, i), c))
				return false;
		return true;
	}
	if (d2->k != TK_ARRAY)
		return false;
	struct coll o;
	coll_parts(d2, &o);
	if (!range_covers(s.lo, s.hi, o.lo, o.hi))
		return false;
	if (!s.ntypes)
		return true;
	const struct value *elem = or_any(o.elem);
	for (size_t i = 0; i < s.ntypes && (int64_t)i < o.hi; i++)
		if (!asg(tuple_at(d1, &s, i), elem, c))
			return false;
	return true;
}

static bool sub_struct(const struct tdec *d1, const struct tdec *d2,
		       struct actx *c)
{
	const struct value *h1 = struct_hash(d1);
	size_t n1 = h1 ? h1->u.h.n : 0;
	if (d2->k == TK_STRUCT) {
		const struct value *h2 = struct_hash(d2);
		size_t n2 = h2 ? h2->u.h.n : 0, matched = 0;
		for (size_t i = 0; i < n1; i++) {
			struct selem e1, e2;
			if (!struct_elem(&e1, h1->u.h.e[i].key,
					 h1->u.h.e[i].val, c->env))
				return false;
			bool found = false;
			for (size_t j = 0; j < n2 && !found; j++) {
				if (!struct_elem(&e2, h2->u.h.e[j].key,
						 h2->u.h.e[j].val, c->env))
					return false;
				found = bytes_eq(e1.name, e2.name);
			}
			if (!found) {
				if (!e1.key_opt)
					return false;
				continue;
			}
			matched++;
			if (!e1.key_opt && e2.key_opt)
				return false;
			if (!asg(e1.vt, e2.vt, c))
				return false;
		}
		return matched == n2;
	}
	if (d2->k != TK_HASH)
		return false;
	struct coll o;
	coll_parts(d2, &o);
	int64_t required = 0;
	for (size_t i = 0; i < n1; i++) {
		struct selem e;
		if (!struct_elem(&e, h1->u.h.e[i].key, h1->u.h.e[i].val,
				 c->env))
			return false;
		if (e.key_opt)
			continue;
		required++;
		if (!asg(e.vt, or_any(o.val), c) ||
		    !asg(KD(TK_STRING), or_any(o.key), c))
			return false;
	}
	return range_covers(required, (int64_t)n1, o.lo, o.hi);
}

static struct value *maybe_variant(struct arena *a, struct value *const *ts,
				   size_t n);

/* What iterating over an instance of `d` yields (Puppet's iterable_type),
 * or NULL when d is not iterable or yields anything. */
static const struct value *iter_elem(struct arena *a, const struct tdec *d)
{
	switch (d->k) {
	case TK_STRING:
	case TK_ENUM:
		return &t_char;
	case TK_INTEGER:
		return KD(TK_INTEGER);
	case TK_ARRAY: {
		struct coll cl;
		coll_parts(d, &cl);
		return cl.elem && !is_any(cl.elem) ? cl.elem : NULL;
	}
	case TK_HASH: {
		struct coll cl;
		coll_parts(d, &cl);
		struct value *t = mk(a, "Tuple", 4);
		bool dflt = (!cl.key && !cl.val && !cl.has_size) ||
			    (cl.has_size && cl.hi == 0);
		const struct value *k = dflt ? KD(TK_UNIT) : or_any(cl.key);
		const struct value *v = dflt ? KD(TK_UNIT) : or_any(cl.val);
		t->u.t.params[0] = (struct value *)k;
		t->u.t.params[1] = (struct value *)v;
		t->u.t.params[2] = t->u.t.params[3] = &v_two;
		return t;
	}
	case TK_TUPLE: {
		struct tuple tp;
		tuple_parts(d, &tp);
		if (!tp.ntypes)
			return NULL;
		struct value **ts = arena_alloc(a, tp.ntypes * sizeof(*ts));
		for (size_t i = 0; i < tp.ntypes; i++)
			ts[i] = (struct value *)pv(d, i);
		return maybe_variant(a, ts, tp.ntypes);
	}
	case TK_STRUCT: {
		const struct value *h = struct_hash(d);
		struct value *t = mk(a, "Tuple", 4);
		t->u.t.params[2] = t->u.t.params[3] = &v_two;
		if (!h || !h->u.h.n) {
			t->u.t.params[0] = t->u.t.params[1] = KD(TK_UNIT);
			return t;
		}
		size_t n = h->u.h.n;
		struct value **ks = arena_alloc(a, n * sizeof(*ks));
		struct value **vs = arena_alloc(a, n * sizeof(*vs));
		for (size_t i = 0; i < n; i++) {
			ks[i] = h->u.h.e[i].key;
			vs[i] = h->u.h.e[i].val;
		}
		t->u.t.params[0] = maybe_variant(a, ks, n);
		t->u.t.params[1] = maybe_variant(a, vs, n);
		return t;
	}
	case TK_ITERABLE:
	case TK_ITERATOR:
		return contained(d);
	case TK_TYPE: {
		const struct value *in = contained(d);
		struct tdec di;
		if (!in)
			return NULL;
		decode(&di, in, NULL);
		if (di.k == TK_ENUM)
			return in;
		if (di.k == TK_INTEGER) {
			int64_t lo, hi;
			int_range(&di, &lo, &hi);
			return lo != ILO && hi != IHI ? in : NULL;
		}
		return NULL;
	}
	default:
		return NULL;
	}
}

static bool is_iterable_kind(const struct tdec *d)
{
	switch (d->k) {
	case TK_STRING:
	case TK_ENUM:
	case TK_INTEGER:
	case TK_ARRAY:
	case TK_HASH:
	case TK_COLLECTION:
	case TK_TUPLE:
	case TK_STRUCT:
	case TK_ITERABLE:
	case TK_ITERATOR:
		return true;
	case TK_TYPE: {
		struct arena scratch = ARENA_INIT;
		bool r = iter_elem(&scratch, d) != NULL;
		arena_release(&scratch);
		return r;
	}
	default:
		return false;
	}
}

static bool sub_iterable(const struct tdec *d1, const struct tdec *d2,
			 struct actx *c)
{
	const struct value *in = contained(d1);
	if (!in || asg(in, KD(TK_ANY), c))
		return is_iterable_kind(d2);
	struct arena scratch = ARENA_INIT;
	const struct value *et = iter_elem(&scratch, d2);
	bool r = et && asg(in, et, c);
	arena_release(&scratch);
	return r;
}

static bool sub_resource(const struct tdec *d1, const struct tdec *d2)
{
	if (d2->k != TK_RESOURCE)
		return false;
	const char *n1, *n2;
	const struct value *t1, *t2;
	res_parts(d1, &n1, &t1);
	if (!n1)
		return true;
	res_parts(d2, &n2, &t2);
	if (!n2 || strcasecmp(n1, n2))
		return false;
	return !t1 || (t2 && title_eq(t1, t2));
}

/* Puppet's per-kind _assignable? */
static bool sub(const struct tdec *d1, const struct tdec *d2,
		struct actx *c)
{
	switch (d1->k) {
	case TK_ANY:
	case TK_UNIT:
		return true;
	case TK_BOOLEAN:
		if (d2->k != TK_BOOLEAN)
			return false;
		if (d1->n == 0)
			return true;
		return d2->n && pv(d1, 0)->kind == VAL_BOOL &&
		       pv(d2, 0)->kind == VAL_BOOL &&
		       pv(d1, 0)->u.b == pv(d2, 0)->u.b;
	case TK_INTEGER: {
		if (d2->k != TK_INTEGER)
			return false;
		int64_t l1, h1, l2, h2;
		int_range(d1, &l1, &h1);
		int_range(d2, &l2, &h2);
		return range_covers(l1, h1, l2, h2);
	}
	case TK_FLOAT: {
		if (d2->k != TK_FLOAT)
			return false;
		double l1, h1, l2, h2;
		float_range(d1, &l1, &h1);
		float_range(d2, &l2, &h2);
		return l1 <= l2 && h1 >= h2;
	}
	case TK_NUMERIC:
		return d2->k == TK_NUMERIC || d2->k == TK_INTEGER ||
		       d2->k == TK_FLOAT;
	case TK_STRING:
		return sub_string(d1, d2);
	case TK_ENUM:
		return sub_enum(d1, d2, c);
	case TK_PATTERN:
		return sub_pattern(d1, d2, c);
	case TK_REGEXP: {
		if (d2->k != TK_REGEXP)
			return false;
		if (d1->n == 0)
			return true;
		const char *s1 = regex_src(pv(d1, 0));
		const char *s2 = d2->n ? regex_src(pv(d2, 0)) : NULL;
		return s1 && s2 && !strcmp(s1, s2);
	}
	case TK_SCALAR:
		return is_scalar_kind(d2->k);
	case TK_SCALARDATA:
		return is_scalardata_kind(d2->k);
	case TK_COLLECTION:
		return sub_collection(d1, d2);
	case TK_ARRAY:
		return sub_array(d1, d2, c);
	case TK_HASH:
		return sub_hash(d1, d2, c);
	case TK_TUPLE:
		return sub_tuple(d1, d2, c);
	case TK_STRUCT:
		return sub_struct(d1, d2, c);
	case TK_VARIANT:
		for (size_t i = 0; i < d1->n; i++)
			if (asg(pv(d1, i), d2->t, c))
				return true;
		return false;
	case TK_OPTIONAL: {
		if (d2->k == TK_UNDEF)
			return true;
		const struct value *in = contained(d1);
		if (!in)
			return true;
		if (d2->k == TK_OPTIONAL)
			return asg(in, or_any(contained(d2)), c);
		return asg(in, d2->t, c);
	}
	case TK_NOTUNDEF: {
		if (asg(d2->t, KD(TK_UNDEF), c))
			return false;
		const struct value *in = contained(d1);
		return !in || is_any(in) || asg(in, d2->t, c);
	}
	case TK_TYPE: {
		if (d2->k != TK_TYPE)
			return false;
		const struct value *in1 = contained(d1), *in2 = contained(d2);
		if (!in1)
			return true;
		return in2 && asg(in1, in2, c);
	}
	case TK_ITERABLE:
		return sub_iterable(d1, d2, c);
	case TK_ITERATOR:
	case TK_SENSITIVE: {
		if (d2->k != d1->k)
			return false;
		const struct value *in1 = contained(d1);
		return !in1 || asg(in1, or_any(contained(d2)), c);
	}
	case TK_CALLABLE:
		return d2->k == TK_CALLABLE &&
		       (d1->n == 0 || same_type(d1->t, d2->t));
	case TK_CATALOGENTRY:
		return d2->k == TK_CATALOGENTRY || d2->k == TK_CLASS ||
		       d2->k == TK_RESOURCE;
	case TK_CLASS:
		if (d2->k != TK_CLASS)
			return false;
		return d1->np == 0 ||
		       (d2->np && class_name_eq(d1->p[0], d2->p[0]));
	case TK_RESOURCE:
		return sub_resource(d1, d2);
	case TK_INVALID:
		return false;
	default: /* Undef, Default, Binary, SemVer, Timespan, Object, ... */
		return d1->k == d2->k;
	}
}

/* PAnyType#assignable?: what the right side wraps comes first */
static bool generic(const struct tdec *d1, const struct tdec *d2,
		    struct actx *c)
{
	if (is_alias_kind(d2->k))
		return asg_alias(d1, d2, c);
	switch (d2->k) {
	case TK_UNIT:
		return true;
	case TK_VARIANT:
		if (d1->k == TK_ANY)
			return true;
		if (d1->k == TK_NOTUNDEF && d2->n == 0)
			return sub(d1, d2, c);
		if (d2->n == 0)
			return false;
		for (size_t i = 0; i < d2->n; i++)
			if (!asg(d1->t, pv(d2, i), c))
				return false;
		return true;
	case TK_OPTIONAL: {
		if (!asg(d1->t, KD(TK_UNDEF), c))
			return false;
		const struct value *in = contained(d2);
		return !in || asg(d1->t, in, c);
	}
	case TK_NOTUNDEF: {
		const struct value *in = contained(d2);
		if (in && !is_any(in) && !asg(in, KD(TK_UNDEF), c))
			return asg(d1->t, in, c);
		return sub(d1, d2, c);
	}
	default:
		return sub(d1, d2, c);
	}
}

static bool asg_dec(const struct tdec *d1, const struct tdec *d2,
		    struct actx *c)
{
	if (d1->k == TK_INVALID || d2->k == TK_INVALID)
		return false;
	if (is_alias_kind(d1->k) || is_alias_kind(d2->k)) {
		if (d1->k == d2->k &&
		    !strcasecmp(alias_name(d1), alias_name(d2)))
			return true;
		return asg_alias(d1, d2, c);
	}
	if (d1->k == TK_UNIT)
		return true;
	if (d1->k == TK_VARIANT) {
		if (d2->k == TK_UNDEF && d1->n == 0)
			return false;
		if (d2->k == TK_VARIANT) {
			if (d1->n == 0)
				return true;
			if (d2->n == 0)
				return false;
			for (size_t i = 0; i < d2->n; i++) {
				struct tdec m;
				decode(&m, pv(d2, i), c->env);
				if (!generic(d1, &m, c))
					return false;
			}
			return true;
		}
	}
	return generic(d1, d2, c);
}

int type_compare_assignable(const struct value *t1, const struct value *t2,
			    const struct type_env *env)
{
	return assignable(t1, t2, env);
}

/* ---- building types: inference, generalization, normalization ---- */

static struct value *mk(struct arena *a, const char *name, size_t n)
{
	struct value **p = n ? arena_alloc(a, n * sizeof(*p)) : NULL;
	return val_type(a, name, p, n);
}

static struct value *mk1(struct arena *a, const char *name,
			 const struct value *p0)
{
	struct value *t = mk(a, name, 1);
	t->u.t.params[0] = (struct value *)p0;
	return t;
}

/* A bound as a type parameter: the int, or default when unbounded */
static struct value *bound(struct arena *a, int64_t x)
{
	return x == ILO || x == IHI ? val_default() : val_int(a, x);
}

static struct value *fbound(struct arena *a, double x)
{
	return isinf(x) ? val_default() : val_float(a, x);
}

/* A list of types being built, in an arena. */
struct tlist {
	struct value **v;
	size_t n, alloc;
};

static void tl_push(struct arena *a, struct tlist *l, const struct value *t)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? 2 * l->alloc : 8;
		l->v = arena_realloc(a, l->v, l->alloc * sizeof(*l->v),
				     na * sizeof(*l->v));
		l->alloc = na;
	}
	l->v[l->n++] = (struct value *)t;
}

/* Structural equality of type parameters (used to drop duplicates). */
static bool teq(const struct value *a, const struct value *b)
{
	if (a == b)
		return true;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VAL_UNDEF:
	case VAL_DEFAULT:
		return true;
	case VAL_BOOL:
		return a->u.b == b->u.b;
	case VAL_INT:
		return a->u.n.i == b->u.n.i;
	case VAL_FLOAT:
		return a->u.f == b->u.f;
	case VAL_STRING:
		return bytes_eq(a, b);
	case VAL_REGEX:
		return !strcmp(a->u.re.src, b->u.re.src);
	case VAL_ARRAY:
		if (a->u.arr.n != b->u.arr.n)
			return false;
		for (size_t i = 0; i < a->u.arr.n; i++)
			if (!teq(a->u.arr.v[i], b->u.arr.v[i]))
				return false;
		return true;
	case VAL_HASH:
		if (a->u.h.n != b->u.h.n)
			return false;
		for (size_t i = 0; i < a->u.h.n; i++)
			if (!teq(a->u.h.e[i].key, b->u.h.e[i].key) ||
			    !teq(a->u.h.e[i].val, b->u.h.e[i].val))
				return false;
		return true;
	case VAL_TYPE:
		if (strcasecmp(a->u.t.name, b->u.t.name) ||
		    a->u.t.nparams != b->u.t.nparams)
			return false;
		for (size_t i = 0; i < a->u.t.nparams; i++)
			if (!teq(a->u.t.params[i], b->u.t.params[i]))
				return false;
		return true;
	}
	return false;
}

static void tl_push_uniq(struct arena *a, struct tlist *l,
			 const struct value *t)
{
	for (size_t i = 0; i < l->n; i++)
		if (teq(l->v[i], t))
			return;
	tl_push(a, l, t);
}

/* Appends t, or the members of t when it is a Variant, recursively. */
static void tl_push_flat(struct arena *a, struct tlist *l,
			 const struct value *t)
{
	struct tdec d;
	decode(&d, t, NULL);
	if (d.k == TK_VARIANT) {
		for (size_t i = 0; i < d.n; i++)
			tl_push_flat(a, l, pv(&d, i));
		return;
	}
	tl_push_uniq(a, l, t);
}

static struct value *tl_type(struct arena *a, const char *name,
			     const struct tlist *l)
{
	return val_type(a, name, l->v, l->n);
}

/* PVariantType.maybe_create: flattened, without duplicates, unwrapped
 * when a single type remains */
static struct value *maybe_variant(struct arena *a, struct value *const *ts,
				   size_t n)
{
	struct tlist l = { 0 };
	for (size_t i = 0; i < n; i++)
		tl_push_flat(a, &l, ts[i]);
	if (l.n == 1)
		return l.v[0];
	return tl_type(a, "Variant", &l);
}

static struct value *infer_set(struct arena *a, const struct value *v);

/* Types of a value that infer and infer_set agree on */
static struct value *infer_scalar(struct arena *a, const struct value *v)
{
	struct value *t;
	switch (v->kind) {
	case VAL_UNDEF:
		return KD(TK_UNDEF);
	case VAL_DEFAULT:
		return KD(TK_DEFAULT);
	case VAL_BOOL:
		return mk1(a, "Boolean", v);
	case VAL_INT:
	case VAL_FLOAT:
		t = mk(a, v->kind == VAL_INT ? "Integer" : "Float", 2);
		t->u.t.params[0] = t->u.t.params[1] = (struct value *)v;
		return t;
	case VAL_STRING:
		return mk1(a, "String", v); /* the String v */
	case VAL_REGEX:
		return mk1(a, "Regexp", v);
	case VAL_TYPE:
		return mk1(a, "Type", v);
	default:
		return NULL;
	}
}

static struct value *infer_set(struct arena *a, const struct value *v)
{
	if (v->kind == VAL_ARRAY) {
		size_t n = v->u.arr.n;
		if (!n)
			return &t_array_empty;
		struct value *t = mk(a, "Tuple", n);
		for (size_t i = 0; i < n; i++)
			t->u.t.params[i] = infer_set(a, v->u.arr.v[i]);
		return t;
	}
	if (v->kind != VAL_HASH)
		return infer_scalar(a, v);
	size_t n = v->u.h.n;
	if (!n)
		return &t_hash_empty;
	bool string_keys = true;
	for (size_t i = 0; i < n && string_keys; i++) {
		const struct value *k = v->u.h.e[i].key;
		string_keys = k->kind == VAL_STRING && k->u.s.len > 0;
	}
	if (string_keys) {
		/* keys are the String types of the keys: never optional, as
		 * a plain string key with an optional value would be */
		struct value *h = val_hash(a, n);
		for (size_t i = 0; i < n; i++)
			val_hash_set(a, h, mk1(a, "String", v->u.h.e[i].key),
				     infer_set(a, v->u.h.e[i].val));
		return mk1(a, "Struct", h);
	}
	struct value **ks = arena_alloc(a, n * sizeof(*ks));
	struct value **vs = arena_alloc(a, n * sizeof(*vs));
	for (size_t i = 0; i < n; i++) {
		ks[i] = infer_set(a, v->u.h.e[i].key);
		vs[i] = infer_set(a, v->u.h.e[i].val);
	}
	struct value *t = mk(a, "Hash", 4);
	t->u.t.params[0] = maybe_variant(a, ks, n);
	t->u.t.params[1] = maybe_variant(a, vs, n);
	t->u.t.params[2] = t->u.t.params[3] = val_int(a, (int64_t)n);
	return t;
}

/* Enum values (VAL_STRINGs) of a and b together, without duplicates */
static void enum_values(struct arena *a, struct tlist *l,
			const struct tdec *d)
{
	if (d->sval) {
		tl_push_uniq(a, l, d->sval);
		return;
	}
	struct enm e;
	enum_parts(d, &e);
	for (size_t i = 0; i < e.nvals; i++)
		tl_push_uniq(a, l, pv(d, i));
}

static bool both_assignable_to(const struct value *t, const struct value *t1,
			       const struct value *t2)
{
	return assignable(t, t1, NULL) && assignable(t, t2, NULL);
}

/* TypeCalculator#common_type */
static struct value *common(struct arena *a, struct value *t1,
			    struct value *t2)
{
	if (!t1)
		return t2;
	if (!t2)
		return t1;
	struct tdec d1, d2;
	decode(&d1, t1, NULL);
	decode(&d2, t2, NULL);
	if (d1.k == TK_UNDEF || d1.k == TK_UNIT)
		return t2;
	if (d2.k == TK_UNDEF || d2.k == TK_UNIT)
		return t1;
	if (assignable(t1, t2, NULL))
		return t1;
	if (assignable(t2, t1, NULL))
		return t2;
	if (d1.k == TK_ARRAY && d2.k == TK_ARRAY) {
		struct coll c1, c2;
		coll_parts(&d1, &c1);
		coll_parts(&d2, &c2);
		return mk1(a, "Array",
			   common(a, (struct value *)or_any(c1.elem),
				  (struct value *)or_any(c2.elem)));
	}
	if (d1.k == TK_HASH && d2.k == TK_HASH) {
		struct coll c1, c2;
		coll_parts(&d1, &c1);
		coll_parts(&d2, &c2);
		struct value *t = mk(a, "Hash", 2);
		t->u.t.params[0] = common(a, (struct value *)or_any(c1.key),
					  (struct value *)or_any(c2.key));
		t->u.t.params[1] = common(a, (struct value *)or_any(c1.val),
					  (struct value *)or_any(c2.val));
		return t;
	}
	if (d1.k == TK_CLASS && d2.k == TK_CLASS)
		return KD(TK_CLASS);
	if (d1.k == TK_RESOURCE && d2.k == TK_RESOURCE) {
		const char *n1, *n2;
		const struct value *x;
		res_parts(&d1, &n1, &x);
		res_parts(&d2, &n2, &x);
		if (n1 && n2 && !strcasecmp(n1, n2))
			return mk(a, n1, 0);
		return KD(TK_RESOURCE);
	}
	if (d1.k == TK_INTEGER && d2.k == TK_INTEGER) {
		int64_t l1, h1, l2, h2;
		int_range(&d1, &l1, &h1);
		int_range(&d2, &l2, &h2);
		struct value *t = mk(a, "Integer", 2);
		t->u.t.params[0] = bound(a, l1 < l2 ? l1 : l2);
		t->u.t.params[1] = bound(a, h1 > h2 ? h1 : h2);
		return t;
	}
	if (d1.k == TK_FLOAT && d2.k == TK_FLOAT) {
		double l1, h1, l2, h2;
		float_range(&d1, &l1, &h1);
		float_range(&d2, &l2, &h2);
		double lo = l1 < l2 ? l1 : l2, hi = h1 > h2 ? h1 : h2;
		struct value *t = mk(a, "Float", 2);
		t->u.t.params[0] = fbound(a, lo);
		t->u.t.params[1] = fbound(a, hi);
		return t;
	}
	if ((d1.k == TK_STRING || d1.k == TK_ENUM) &&
	    (d2.k == TK_STRING || d2.k == TK_ENUM)) {
		struct tlist l = { 0 };
		if (d1.k == TK_STRING && d2.k == TK_STRING) {
			bool sized1 = !d1.sval && d1.n;
			bool sized2 = !d2.sval && d2.n;
			if (!sized1 || !sized2) {
				if (!d1.sval || !d2.sval)
					return KD(TK_STRING);
			} else {
				struct coll c1, c2;
				coll_parts(&d1, &c1);
				coll_parts(&d2, &c2);
				struct value *t = mk(a, "String", 2);
				int64_t lo = c1.lo < c2.lo ? c1.lo : c2.lo;
				int64_t hi = c1.hi > c2.hi ? c1.hi : c2.hi;
				t->u.t.params[0] = bound(a, lo);
				t->u.t.params[1] = bound(a, hi);
				return t;
			}
		} else if ((d1.k == TK_STRING && !d1.sval) ||
			   (d2.k == TK_STRING && !d2.sval)) {
			return KD(TK_ENUM);
		}
		enum_values(a, &l, &d1);
		enum_values(a, &l, &d2);
		return tl_type(a, "Enum", &l);
	}
	if (d1.k == TK_PATTERN && d2.k == TK_PATTERN) {
		struct tlist l = { 0 };
		for (size_t i = 0; i < d1.n; i++)
			tl_push_uniq(a, &l, pv(&d1, i));
		for (size_t i = 0; i < d2.n; i++)
			tl_push_uniq(a, &l, pv(&d2, i));
		return tl_type(a, "Pattern", &l);
	}
	if (d1.k == TK_VARIANT && d2.k == TK_VARIANT) {
		struct tlist l = { 0 };
		tl_push_flat(a, &l, t1);
		tl_push_flat(a, &l, t2);
		return maybe_variant(a, l.v, l.n);
	}
	if (d1.k == TK_REGEXP && d2.k == TK_REGEXP)
		return KD(TK_REGEXP);
	if (d1.k == TK_CALLABLE && d2.k == TK_CALLABLE)
		return KD(TK_CALLABLE);
	if (both_assignable_to(KD(TK_NUMERIC), t1, t2))
		return KD(TK_NUMERIC);
	if (both_assignable_to(KD(TK_SCALARDATA), t1, t2))
		return KD(TK_SCALARDATA);
	if (both_assignable_to(KD(TK_SCALAR), t1, t2))
		return KD(TK_SCALAR);
	if (both_assignable_to(KD(TK_DATA), t1, t2))
		return KD(TK_DATA);
	if (d1.k == TK_TYPE && d2.k == TK_TYPE) {
		struct value *c = common(a, (struct value *)contained(&d1),
					 (struct value *)contained(&d2));
		return c ? mk1(a, "Type", c) : KD(TK_TYPE);
	}
	if (both_assignable_to(KD(TK_RICHDATA), t1, t2))
		return KD(TK_RICHDATA);
	return KD(TK_ANY);
}

static struct value *infer_reduced(struct arena *a, const struct value *v)
{
	if (v->kind == VAL_ARRAY) {
		size_t n = v->u.arr.n;
		if (!n)
			return &t_array_empty;
		struct value *e = NULL;
		for (size_t i = 0; i < n; i++)
			e = common(a, e, infer_reduced(a, v->u.arr.v[i]));
		struct value *t = mk(a, "Array", 3);
		t->u.t.params[0] = e;
		t->u.t.params[1] = t->u.t.params[2] = val_int(a, (int64_t)n);
		return t;
	}
	if (v->kind == VAL_HASH) {
		size_t n = v->u.h.n;
		if (!n)
			return &t_hash_empty;
		struct value *k = NULL, *e = NULL;
		for (size_t i = 0; i < n; i++) {
			k = common(a, k, infer_reduced(a, v->u.h.e[i].key));
			e = common(a, e, infer_reduced(a, v->u.h.e[i].val));
		}
		struct value *t = mk(a, "Hash", 4);
		t->u.t.params[0] = k;
		t->u.t.params[1] = e;
		t->u.t.params[2] = t->u.t.params[3] = val_int(a, (int64_t)n);
		return t;
	}
	return infer_scalar(a, v);
}

struct value *type_infer(struct arena *a, const struct value *v)
{
	return infer_set(a, v);
}

struct value *type_infer_reduced(struct arena *a, const struct value *v)
{
	return infer_reduced(a, v);
}

/* The params of d after the first `skip`, as written (size parameters) */
static struct value *with_tail(struct arena *a, const char *name,
			       const struct tdec *d, struct value *const *head,
			       size_t nhead, size_t skip)
{
	size_t tail = d->n > skip ? d->n - skip : 0;
	struct value *t = mk(a, name, nhead + tail);
	for (size_t i = 0; i < nhead; i++)
		t->u.t.params[i] = head[i];
	for (size_t i = 0; i < tail; i++)
		t->u.t.params[nhead + i] = (struct value *)pv(d, skip + i);
	return t;
}

static bool is_contained_kind(enum tkind k)
{
	return k == TK_OPTIONAL || k == TK_NOTUNDEF || k == TK_TYPE ||
	       k == TK_ITERABLE || k == TK_ITERATOR || k == TK_SENSITIVE;
}

struct value *type_generalize(struct arena *a, const struct value *type)
{
	struct value *t = (struct value *)type;
	struct tdec d;
	decode(&d, t, NULL);
	switch (d.k) {
	case TK_INTEGER:
	case TK_FLOAT:
	case TK_STRING:
	case TK_BOOLEAN:
	case TK_COLLECTION:
		return KD(d.k);
	case TK_ENUM: {
		struct enm e;
		enum_parts(&d, &e);
		if (!e.nvals)
			return KD(TK_STRING);
		int64_t mn = IHI, mx = 0;
		for (size_t i = 0; i < e.nvals; i++) {
			const struct value *x = pv(&d, i);
			int64_t n = x->kind == VAL_STRING ?
					    (int64_t)utf8_chars(x->u.s.ptr,
								x->u.s.len) :
					    0;
			mn = n < mn ? n : mn;
			mx = n > mx ? n : mx;
		}
		struct value *s = mk(a, "String", 2);
		s->u.t.params[0] = val_int(a, mn);
		s->u.t.params[1] = val_int(a, mx);
		return s;
	}
	case TK_ARRAY: {
		struct coll c;
		coll_parts(&d, &c);
		if (!c.elem || is_any(c.elem))
			return KD(TK_ARRAY);
		return mk1(a, "Array", type_generalize(a, c.elem));
	}
	case TK_HASH: {
		struct coll c;
		coll_parts(&d, &c);
		if (d.n == 0 || (c.has_size && c.hi == 0))
			return t;
		struct value *h = mk(a, "Hash", 2);
		h->u.t.params[0] = type_generalize(a, or_any(c.key));
		h->u.t.params[1] = type_generalize(a, or_any(c.val));
		return h;
	}
	case TK_TUPLE: {
		struct tuple tp;
		tuple_parts(&d, &tp);
		if (!d.n)
			return t;
		struct value **g = arena_alloc(a, (tp.ntypes + 1) * sizeof(*g));
		for (size_t i = 0; i < tp.ntypes; i++)
			g[i] = type_generalize(a, pv(&d, i));
		return with_tail(a, "Tuple", &d, g, tp.ntypes, tp.ntypes);
	}
	case TK_STRUCT: {
		const struct value *h = struct_hash(&d);
		if (!h || !h->u.h.n)
			return KD(TK_STRUCT);
		struct value *nh = val_hash(a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			val_hash_set(a, nh, h->u.h.e[i].key,
				     type_generalize(a, h->u.h.e[i].val));
		return mk1(a, "Struct", nh);
	}
	case TK_VARIANT: {
		if (!d.n)
			return t;
		struct value **g = arena_alloc(a, d.n * sizeof(*g));
		for (size_t i = 0; i < d.n; i++)
			g[i] = type_generalize(a, pv(&d, i));
		return maybe_variant(a, g, d.n);
	}
	default:
		if (is_contained_kind(d.k)) {
			const struct value *in = contained(&d);
			if (!in)
				return KD(d.k);
			return mk1(a, kind_name(d.k), type_generalize(a, in));
		}
		return t;
	}
}

/* ---- normalization (PAnyType#normalize), for mismatch descriptions ---- */

static const struct value *normalize(struct arena *a, const struct value *t,
				     const struct type_env *env);

static bool int_merge(int64_t *lo, int64_t *hi, int64_t l2, int64_t h2)
{
	bool meet = !(*hi < l2 || h2 < *lo) ||
		    (*hi != IHI && *hi + 1 == l2) ||
		    (h2 != IHI && h2 + 1 == *lo);
	if (!meet)
		return false;
	*lo = *lo < l2 ? *lo : l2;
	*hi = *hi > h2 ? *hi : h2;
	return true;
}

static bool float_merge(double *lo, double *hi, double l2, double h2)
{
	if (*hi < l2 || h2 < *lo)
		return false;
	*lo = *lo < l2 ? *lo : l2;
	*hi = *hi > h2 ? *hi : h2;
	return true;
}

/* PVariantType#merge_ranges for Integer or Float types */
static void merge_numbers(struct arena *a, struct tlist *l, enum tkind k)
{
	struct tlist ranges = { 0 }, others = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		struct tdec d;
		decode(&d, l->v[i], NULL);
		tl_push(a, d.k == k ? &ranges : &others, l->v[i]);
	}
	if (ranges.n < 2)
		return;
	struct tlist result = { 0 };
	while (ranges.n) {
		struct tlist unmerged = { 0 };
		struct tdec d;
		decode(&d, ranges.v[--ranges.n], NULL);
		int64_t lo, hi;
		double flo, fhi;
		int_range(&d, &lo, &hi);
		float_range(&d, &flo, &fhi);
		bool merged_any = false;
		for (size_t i = 0; i < ranges.n; i++) {
			struct tdec y;
			decode(&y, ranges.v[i], NULL);
			bool ok;
			if (k == TK_INTEGER) {
				int64_t l2, h2;
				int_range(&y, &l2, &h2);
				ok = int_merge(&lo, &hi, l2, h2);
			} else {
				double l2, h2;
				float_range(&y, &l2, &h2);
				ok = float_merge(&flo, &fhi, l2, h2);
			}
			if (ok)
				merged_any = true;
			else
				tl_push(a, &unmerged, ranges.v[i]);
		}
		if (!merged_any) {
			tl_push(a, &result, d.t);
		} else if (k == TK_INTEGER) {
			struct value *t = mk(a, "Integer", 2);
			t->u.t.params[0] = bound(a, lo);
			t->u.t.params[1] = bound(a, hi);
			tl_push(a, &result, t);
		} else {
			struct value *t = mk(a, "Float", 2);
			t->u.t.params[0] = fbound(a, flo);
			t->u.t.params[1] = fbound(a, fhi);
			tl_push(a, &result, t);
		}
		ranges = unmerged;
	}
	for (size_t i = 0; i < others.n; i++)
		tl_push(a, &result, others.v[i]);
	*l = result;
}

static struct value *downcase(struct arena *a, const struct value *s)
{
	char *p = arena_memdupz(a, s->u.s.ptr, s->u.s.len);
	for (size_t i = 0; i < s->u.s.len; i++)
		if (p[i] >= 'A' && p[i] <= 'Z')
			p[i] += 32;
	return val_str_borrow(a, p, s->u.s.len);
}

/* swap_not_undefs, merge_enums, merge_patterns of PVariantType */
static void merge_kinds(struct arena *a, struct tlist *l,
			const struct type_env *env)
{
	struct tlist nu = { 0 }, rest = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		struct tdec d;
		decode(&d, l->v[i], NULL);
		tl_push(a, d.k == TK_NOTUNDEF ? &nu : &rest, l->v[i]);
	}
	if (nu.n > 1) {
		struct tlist in = { 0 };
		for (size_t i = 0; i < nu.n; i++) {
			struct tdec d;
			decode(&d, nu.v[i], NULL);
			tl_push(a, &in, or_any(contained(&d)));
		}
		tl_push(a, &rest, mk1(a, "NotUndef",
				      normalize(a, maybe_variant(a, in.v, in.n),
						env)));
		*l = rest;
	}
	for (int pass = 0; pass < 3; pass++) {
		struct tlist hit = { 0 }, other = { 0 };
		for (size_t i = 0; i < l->n; i++) {
			struct tdec d;
			decode(&d, l->v[i], NULL);
			struct enm e = { 0, false };
			if (d.k == TK_ENUM)
				enum_parts(&d, &e);
			bool take;
			if (pass == 0)
				take = (d.k == TK_ENUM && e.nvals && !e.ci) ||
				       (d.k == TK_STRING && d.sval);
			else if (pass == 1)
				take = d.k == TK_ENUM && e.nvals && e.ci;
			else
				take = d.k == TK_PATTERN;
			tl_push(a, take ? &hit : &other, l->v[i]);
		}
		if (hit.n < 2)
			continue;
		struct tlist vals = { 0 };
		for (size_t i = 0; i < hit.n; i++) {
			struct tdec d;
			decode(&d, hit.v[i], NULL);
			if (pass == 2) {
				for (size_t j = 0; j < d.n; j++)
					tl_push_uniq(a, &vals, pv(&d, j));
			} else if (d.sval) {
				tl_push_uniq(a, &vals, d.sval);
			} else {
				struct enm e;
				enum_parts(&d, &e);
				for (size_t j = 0; j < e.nvals; j++) {
					const struct value *x = pv(&d, j);
					if (pass)
						x = downcase(a, x);
					tl_push_uniq(a, &vals, x);
				}
			}
		}
		if (pass == 1)
			tl_push(a, &vals, val_bool(true));
		tl_push(a, &other,
			tl_type(a, pass == 2 ? "Pattern" : "Enum", &vals));
		*l = other;
	}
}

static const struct value *norm_variant(struct arena *a,
					const struct tdec *d,
					const struct type_env *env)
{
	if (!d->n)
		return d->t;
	/* Puppet flattened nested Variants and dropped duplicates when it
	 * built the type (maybe_create); start from that */
	struct tlist built = { 0 }, l = { 0 };
	for (size_t i = 0; i < d->n; i++)
		tl_push_flat(a, &built, pv(d, i));
	bool modified = built.n != d->n;
	for (size_t i = 0; i < built.n; i++) {
		const struct value *nm = normalize(a, built.v[i], env);
		modified |= nm != built.v[i];
		tl_push(a, &l, nm);
	}
	if (l.n == 1)
		return l.v[0];
	bool optional = false;
	for (size_t i = 0; i < l.n; i++) {
		struct tdec m;
		decode(&m, l.v[i], NULL);
		optional |= m.k == TK_UNDEF || m.k == TK_OPTIONAL;
	}
	if (optional) {
		struct tlist rest = { 0 };
		for (size_t i = 0; i < l.n; i++) {
			struct tdec m;
			decode(&m, l.v[i], NULL);
			if (m.k == TK_OPTIONAL && contained(&m))
				tl_push(a, &rest, contained(&m));
			else if (m.k != TK_UNDEF && m.k != TK_OPTIONAL)
				tl_push(a, &rest, l.v[i]);
		}
		return normalize(a, mk1(a, "Optional",
					maybe_variant(a, rest.v, rest.n)),
				 env);
	}
	struct tlist flat = { 0 };
	for (size_t i = 0; i < l.n; i++) {
		struct tdec m;
		decode(&m, l.v[i], NULL);
		if (m.k == TK_VARIANT)
			for (size_t j = 0; j < m.n; j++)
				tl_push(a, &flat, pv(&m, j));
		else
			tl_push(a, &flat, l.v[i]);
	}
	size_t before = flat.n;
	merge_kinds(a, &flat, env);
	merge_numbers(a, &flat, TK_INTEGER);
	merge_numbers(a, &flat, TK_FLOAT);
	if (flat.n == 1)
		return flat.v[0];
	if (modified || flat.n != before)
		return maybe_variant(a, flat.v, flat.n);
	return d->t;
}

static const struct value *normalize(struct arena *a, const struct value *t,
				     const struct type_env *env)
{
	struct tdec d;
	decode(&d, t, env);
	switch (d.k) {
	case TK_VARIANT:
		return norm_variant(a, &d, env);
	case TK_OPTIONAL: {
		const struct value *in = contained(&d);
		if (!in)
			return t;
		const struct value *nin = normalize(a, in, env);
		struct tdec di;
		decode(&di, nin, env);
		if (di.k == TK_NOTUNDEF) {
			const struct value *in2 = contained(&di);
			if (!in2)
				return KD(TK_OPTIONAL);
			return normalize(a, mk1(a, "Optional", in2), env);
		}
		if (assignable(nin, KD(TK_UNDEF), env))
			return nin;
		return nin == in ? t : mk1(a, "Optional", nin);
	}
	case TK_NOTUNDEF: {
		const struct value *in = contained(&d);
		if (!in || is_any(in))
			return t;
		const struct value *nin = normalize(a, in, env);
		struct tdec di;
		decode(&di, nin, env);
		if (di.k == TK_OPTIONAL) {
			const struct value *in2 = contained(&di);
			if (!in2)
				return KD(TK_NOTUNDEF);
			return normalize(a, mk1(a, "NotUndef", in2), env);
		}
		if (!assignable(nin, KD(TK_UNDEF), env))
			return nin;
		return nin == in ? t : mk1(a, "NotUndef", nin);
	}
	case TK_COLLECTION:
		return KD(TK_COLLECTION);
	case TK_ARRAY: {
		struct coll c;
		coll_parts(&d, &c);
		if (!c.elem || is_any(c.elem))
			return KD(TK_ARRAY);
		if (c.elem == KD(TK_UNIT))
			return t;
		struct value *ne = (struct value *)normalize(a, c.elem, env);
		return ne == c.elem ? t : with_tail(a, "Array", &d, &ne, 1, 1);
	}
	case TK_HASH: {
		struct coll c;
		coll_parts(&d, &c);
		if (!c.key || (c.has_size && c.hi == 0))
			return t;
		struct value *nk[2] = {
			(struct value *)normalize(a, c.key, env),
			(struct value *)normalize(a, c.val, env),
		};
		/* Puppet builds a new Hash type whenever it has a size,
		 * which counts as a change when normalizing a Variant */
		if (nk[0] == c.key && nk[1] == c.val && !c.has_size)
			return t;
		return with_tail(a, "Hash", &d, nk, 2, 2);
	}
	case TK_STRUCT: {
		const struct value *h = struct_hash(&d);
		if (!h || !h->u.h.n)
			return KD(TK_STRUCT);
		bool changed = false;
		struct value *nh = val_hash(a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++) {
			const struct value *nv =
				normalize(a, h->u.h.e[i].val, env);
			changed |= nv != h->u.h.e[i].val;
			val_hash_set(a, nh, h->u.h.e[i].key,
				     (struct value *)nv);
		}
		return changed ? mk1(a, "Struct", nh) : t;
	}
	case TK_TUPLE: {
		struct tuple tp;
		tuple_parts(&d, &tp);
		if (!d.n)
			return t;
		bool changed = false;
		struct value **nt =
			arena_alloc(a, (tp.ntypes + 1) * sizeof(*nt));
		for (size_t i = 0; i < tp.ntypes; i++) {
			nt[i] = (struct value *)normalize(a, pv(&d, i), env);
			changed |= nt[i] != pv(&d, i);
		}
		return changed ? with_tail(a, "Tuple", &d, nt, tp.ntypes,
					   tp.ntypes) :
				 t;
	}
	case TK_TYPE:
	case TK_ITERABLE:
	case TK_ITERATOR:
	case TK_SENSITIVE: {
		const struct value *in = contained(&d);
		if (!in)
			return t;
		const struct value *nin = normalize(a, in, env);
		return nin == in ? t : mk1(a, kind_name(d.k), nin);
	}
	default:
		return t;
	}
}

/* ---- rendering (TypeFormatter) ---- */

/* An alias being expanded, so that a self-recursive one stops. */
struct expanding {
	const char *name;
	const struct expanding *up;
};

struct fmt {
	bool expand; /* aliases as "Name = definition" (alias_expanded_s) */
	const struct type_env *env;
	const struct expanding *exp;
};

static void fmt_type(struct buf *out, const struct value *t,
		     const struct fmt *f);

/* StringConverter#puppet_quote */
static void puppet_quote(struct buf *out, const char *s, size_t n)
{
	bool dq = false;
	for (size_t i = 0; i < n && !dq; i++)
		dq = (unsigned char)s[i] < 0x20;
	if (!dq) {
		bool escaped = false;
		buf_addch(out, '\'');
		for (size_t i = 0; i < n; i++) {
			char ch = s[i];
			if (escaped) {
				buf_addch(out, '\\');
				buf_addch(out, ch);
				escaped = false;
			} else if (ch == '\'') {
				buf_addstr(out, "\\'");
			} else if (ch == '\\') {
				escaped = true;
			} else {
				buf_addch(out, ch);
			}
		}
		if (escaped)
			buf_addch(out, '\\');
		buf_addch(out, '\'');
		return;
	}
	buf_addch(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		switch (ch) {
		case '\t':
			buf_addstr(out, "\\t");
			break;
		case '\n':
			buf_addstr(out, "\\n");
			break;
		case '\r':
			buf_addstr(out, "\\r");
			break;
		case '"':
			buf_addstr(out, "\\\"");
			break;
		case '$':
			buf_addstr(out, "\\$");
			break;
		case '\\':
			buf_addstr(out, "\\\\");
			break;
		default:
			if (ch < 0x20)
				buf_addf(out, "\\u{%X}", ch);
			else
				buf_addch(out, ch);
		}
	}
	buf_addch(out, '"');
}

/* Ruby's Regexp#inspect: /src/ with unescaped slashes escaped */
static void fmt_regex(struct buf *out, const char *src)
{
	buf_addch(out, '/');
	for (const char *p = src; *p; p++) {
		if (*p == '\\' && p[1]) {
			buf_addch(out, *p++);
			buf_addch(out, *p);
			continue;
		}
		if (*p == '/')
			buf_addch(out, '\\');
		buf_addch(out, *p);
	}
	buf_addch(out, '/');
}

/* A value inside a type (TypeFormatter#string of a non-type) */
static void fmt_val(struct buf *out, const struct value *v,
		    const struct fmt *f)
{
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, "undef");
		return;
	case VAL_DEFAULT:
		buf_addstr(out, "default");
		return;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return;
	case VAL_INT:
		buf_addf(out, "%" PRId64, v->u.n.i);
		return;
	case VAL_FLOAT:
		val_float_fmt(out, v->u.f);
		return;
	case VAL_STRING:
		puppet_quote(out, v->u.s.ptr, v->u.s.len);
		return;
	case VAL_REGEX:
		fmt_regex(out, v->u.re.src);
		return;
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_val(out, v->u.arr.v[i], f);
		}
		buf_addch(out, ']');
		return;
	case VAL_HASH:
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_val(out, v->u.h.e[i].key, f);
			buf_addstr(out, " => ");
			fmt_val(out, v->u.h.e[i].val, f);
		}
		buf_addch(out, '}');
		return;
	case VAL_TYPE:
		fmt_type(out, v, f);
		return;
	}
}

static void fmt_bound(struct buf *out, int64_t x)
{
	if (x == ILO)
		buf_addstr(out, "default");
	else
		buf_addf(out, "%" PRId64, x);
}

/* ", lo, hi" of a size, or of an Integer range (range_array_part) */
static void fmt_range(struct buf *out, int64_t lo, int64_t hi, bool lead)
{
	if (lo == ILO && hi == IHI)
		return;
	if (lead)
		buf_addstr(out, ", ");
	fmt_bound(out, lo);
	if (hi != IHI)
		buf_addf(out, ", %" PRId64, hi);
}

static void fmt_params(struct buf *out, const struct tdec *d,
		       const struct fmt *f)
{
	buf_addstr(out, d->t->u.t.name);
	if (!d->np)
		return;
	buf_addch(out, '[');
	for (size_t i = 0; i < d->np; i++) {
		if (i)
			buf_addstr(out, ", ");
		fmt_val(out, d->p[i], f);
	}
	buf_addch(out, ']');
}

static int str_sort_cmp(const void *a, const void *b)
{
	const struct value *x = *(const struct value *const *)a;
	const struct value *y = *(const struct value *const *)b;
	size_t n = x->u.s.len < y->u.s.len ? x->u.s.len : y->u.s.len;
	int c = memcmp(x->u.s.ptr, y->u.s.ptr, n);
	if (c)
		return c;
	return x->u.s.len < y->u.s.len ? -1 : x->u.s.len > y->u.s.len;
}

/* Enum['a', 'b']: values sorted and unique, as PEnumType keeps them */
static void fmt_enum(struct buf *out, const struct tdec *d)
{
	struct enm e;
	enum_parts(d, &e);
	if (!e.nvals) {
		buf_addstr(out, "Enum");
		return;
	}
	const struct value **vals = xmalloc(e.nvals * sizeof(*vals));
	size_t n = 0;
	for (size_t i = 0; i < e.nvals; i++)
		if (pv(d, i)->kind == VAL_STRING)
			vals[n++] = pv(d, i);
	qsort(vals, n, sizeof(*vals), str_sort_cmp);
	buf_addstr(out, "Enum[");
	for (size_t i = 0; i < n; i++) {
		if (i && bytes_eq(vals[i], vals[i - 1]))
			continue;
		if (i)
			buf_addstr(out, ", ");
		puppet_quote(out, vals[i]->u.s.ptr, vals[i]->u.s.len);
	}
	if (e.ci)
		buf_addstr(out, ", true");
	buf_addch(out, ']');
	free(vals);
}

static void fmt_patterns(struct buf *out, const struct tdec *d, bool *first)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct value *p = pv(d, i);
		if (p->kind == VAL_TYPE) {
			struct tdec sub;
			decode(&sub, p, NULL);
			if (sub.k == TK_PATTERN || sub.k == TK_REGEXP) {
				fmt_patterns(out, &sub, first);
				continue;
			}
		}
		const char *src = regex_src(p);
		if (!src)
			continue;
		if (!*first)
			buf_addstr(out, ", ");
		*first = false;
		fmt_regex(out, src);
	}
}

/* A type in a type position: a string there is the String of it */
static void fmt_inner(struct buf *out, const struct value *t,
		      const struct fmt *f)
{
	struct tdec d;
	decode(&d, t, NULL);
	if (d.k == TK_STRING && d.sval)
		puppet_quote(out, d.sval->u.s.ptr, d.sval->u.s.len);
	else
		fmt_type(out, t, f);
}

/* The members of a Variant, nested Variants flattened and duplicates
 * dropped, as PVariantType.maybe_create keeps them; free() the array. */
struct members {
	const struct value **v;
	size_t n, alloc;
};

static void variant_flatten(struct members *m, const struct tdec *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct value *t = pv(d, i);
		if (name_is(t, "Variant")) {
			struct tdec sub;
			decode(&sub, t, NULL);
			variant_flatten(m, &sub);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < m->n && !dup; j++)
			dup = teq(m->v[j], t);
		if (dup)
			continue;
		ALLOC_GROW(m->v, m->n + 1, m->alloc);
		m->v[m->n++] = t;
	}
}

static void capitalize_segments(struct buf *out, const char *name)
{
	if (*name >= 'A' && *name <= 'Z') {
		buf_addstr(out, name);
		return;
	}
	bool start = true;
	for (const char *p = name; *p; p++) {
		if (p[0] == ':' && p[1] == ':') {
			buf_addstr(out, "::");
			p++;
			start = true;
			continue;
		}
		char ch = *p;
		if (start && ch >= 'a' && ch <= 'z')
			ch -= 32;
		else if (!start && ch >= 'A' && ch <= 'Z')
			ch += 32;
		buf_addch(out, ch);
		start = false;
	}
}

static void fmt_struct(struct buf *out, const struct tdec *d,
		       const struct fmt *f)
{
	const struct value *h = struct_hash(d);
	if (!h || !h->u.h.n) {
		buf_addstr(out, "Struct");
		return;
	}
	buf_addstr(out, "Struct[{");
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct selem e;
		if (i)
			buf_addstr(out, ", ");
		const struct value *key = h->u.h.e[i].key;
		if (!struct_elem(&e, key, h->u.h.e[i].val, f->env)) {
			fmt_val(out, key, f);
		} else {
			/* TypeFormatter#struct_element_pair */
			bool vopt = assignable(e.vt, KD(TK_UNDEF), f->env);
			const char *wrap = NULL;
			if (e.key_opt && !vopt)
				wrap = "Optional";
			else if (!e.key_opt && vopt)
				wrap = "NotUndef";
			if (wrap)
				buf_addf(out, "%s[", wrap);
			puppet_quote(out, e.name->u.s.ptr, e.name->u.s.len);
			if (wrap)
				buf_addch(out, ']');
		}
		buf_addstr(out, " => ");
		fmt_type(out, h->u.h.e[i].val, f);
	}
	buf_addstr(out, "}]");
}

static void fmt_alias(struct buf *out, const struct tdec *d,
		      const struct fmt *f)
{
	const char *name = alias_name(d);
	buf_addstr(out, name);
	if (!f->expand || d->k != TK_ALIAS)
		return; /* built-in aliases are never expanded */
	for (const struct expanding *e = f->exp; e; e = e->up)
		if (!strcasecmp(e->name, name))
			return;
	struct expanding e = { name, f->exp };
	struct fmt sub = *f;
	sub.exp = &e;
	buf_addstr(out, " = ");
	/* Puppet normalizes the type an alias resolves to */
	struct arena scratch = ARENA_INIT;
	fmt_type(out, normalize(&scratch, d->resolved, f->env), &sub);
	arena_release(&scratch);
}

static void fmt_type(struct buf *out, const struct value *t,
		     const struct fmt *f)
{
	if (t->kind != VAL_TYPE) {
		fmt_val(out, t, f);
		return;
	}
	struct tdec d;
	decode(&d, t, f->env);
	const char *name = kind_name(d.k);
	switch (d.k) {
	case TK_BOOLEAN:
		buf_addstr(out, name);
		if (d.n && pv(&d, 0)->kind == VAL_BOOL)
			buf_addstr(out, pv(&d, 0)->u.b ? "[true]" : "[false]");
		return;
	case TK_INTEGER: {
		int64_t lo, hi;
		int_range(&d, &lo, &hi);
		buf_addstr(out, name);
		if (lo == ILO && hi == IHI)
			return;
		buf_addch(out, '[');
		fmt_range(out, lo, hi, false);
		buf_addch(out, ']');
		return;
	}
	case TK_FLOAT: {
		double lo, hi;
		float_range(&d, &lo, &hi);
		buf_addstr(out, name);
		if (isinf(lo) && isinf(hi))
			return;
		buf_addch(out, '[');
		if (isinf(lo))
			buf_addstr(out, "default");
		else
			val_float_fmt(out, lo);
		if (!isinf(hi)) {
			buf_addstr(out, ", ");
			val_float_fmt(out, hi);
		}
		buf_addch(out, ']');
		return;
	}
	case TK_STRING:
	case TK_COLLECTION: {
		buf_addstr(out, name);
		if (d.sval || !d.n)
			return;
		struct coll c;
		coll_parts(&d, &c);
		buf_addch(out, '[');
		fmt_range(out, c.lo, c.hi, false);
		buf_addch(out, ']');
		return;
	}
	case TK_ENUM:
		fmt_enum(out, &d);
		return;
	case TK_PATTERN: {
		bool first = true;
		buf_addstr(out, name);
		if (!d.n)
			return;
		buf_addch(out, '[');
		fmt_patterns(out, &d, &first);
		buf_addch(out, ']');
		return;
	}
	case TK_REGEXP: {
		buf_addstr(out, name);
		const char *src = d.n ? regex_src(pv(&d, 0)) : NULL;
		if (!src)
			return;
		buf_addch(out, '[');
		fmt_regex(out, src);
		buf_addch(out, ']');
		return;
	}
	case TK_ARRAY:
	case TK_HASH: {
		struct coll c;
		coll_parts(&d, &c);
		buf_addstr(out, name);
		if (c.has_size && c.hi == 0) {
			buf_addstr(out, "[0, 0]");
			return;
		}
		bool dflt = d.k == TK_ARRAY ?
				    !c.has_size && (!c.elem || is_any(c.elem)) :
				    !c.has_size && (!c.key || (is_any(c.key) &&
							       is_any(c.val)));
		if (dflt)
			return;
		buf_addch(out, '[');
		if (d.k == TK_ARRAY) {
			fmt_type(out, or_any(c.elem), f);
		} else {
			fmt_type(out, or_any(c.key), f);
			buf_addstr(out, ", ");
			fmt_type(out, or_any(c.val), f);
		}
		if (c.has_size)
			fmt_range(out, c.lo, c.hi, true);
		buf_addch(out, ']');
		return;
	}
	case TK_TUPLE: {
		struct tuple tp;
		tuple_parts(&d, &tp);
		buf_addstr(out, name);
		if (!tp.ntypes)
			return;
		buf_addch(out, '[');
		for (size_t i = 0; i < tp.ntypes; i++) {
			if (i)
				buf_addstr(out, ", ");
			fmt_type(out, pv(&d, i), f);
		}
		if (tp.has_size)
			fmt_range(out, tp.lo, tp.hi, true);
		buf_addch(out, ']');
		return;
	}
	case TK_STRUCT:
		fmt_struct(out, &d, f);
		return;
	case TK_VARIANT: {
		struct members m = { 0 };
		variant_flatten(&m, &d);
		if (m.n == 1) {
			fmt_type(out, m.v[0], f);
		} else {
			buf_addstr(out, name);
			for (size_t i = 0; i < m.n; i++) {
				buf_addstr(out, i ? ", " : "[");
				fmt_type(out, m.v[i], f);
			}
			if (m.n)
				buf_addch(out, ']');
		}
		free(m.v);
		return;
	}
	case TK_OPTIONAL:
	case TK_NOTUNDEF:
	case TK_TYPE:
	case TK_ITERABLE:
	case TK_ITERATOR:
	case TK_SENSITIVE: {
		const struct value *in = contained(&d);
		buf_addstr(out, name);
		if (!in || ((d.k == TK_NOTUNDEF || d.k == TK_SENSITIVE) &&
			    is_any(in)))
			return;
		buf_addch(out, '[');
		fmt_inner(out, in, f);
		buf_addch(out, ']');
		return;
	}
	case TK_CLASS: {
		buf_addstr(out, name);
		if (!d.np)
			return;
		buf_addch(out, '[');
		const struct value *c = d.p[0];
		if (c->kind == VAL_STRING) {
			const char *n = c->u.s.ptr;
			size_t i = c->u.s.len >= 2 && !memcmp(n, "::", 2) ? 2 : 0;
			for (; i < c->u.s.len; i++) {
				char ch = n[i];
				if (ch >= 'A' && ch <= 'Z')
					ch += 32;
				buf_addch(out, ch);
			}
		} else {
			fmt_val(out, c, f);
		}
		buf_addch(out, ']');
		return;
	}
	case TK_RESOURCE: {
		const char *rn;
		const struct value *title;
		res_parts(&d, &rn, &title);
		if (!rn) {
			buf_addstr(out, name);
			return;
		}
		capitalize_segments(out, rn);
		if (title) {
			buf_addch(out, '[');
			fmt_val(out, title, f);
			buf_addch(out, ']');
		}
		return;
	}
	case TK_ALIAS:
	case TK_DATA:
	case TK_RICHDATA:
	case TK_RICHDATAKEY:
		fmt_alias(out, &d, f);
		return;
	case TK_INVALID:
		fmt_params(out, &d, f);
		return;
	default:
		if (d.np) {
			fmt_params(out, &d, f);
			return;
		}
		buf_addstr(out, name);
		return;
	}
}

void type_to_s(struct buf *out, const struct value *type)
{
	struct fmt f = { false, NULL, NULL };
	fmt_type(out, type, &f);
}

/* Appends the rendering to an arena string. */
static const char *fmt_str(struct arena *a, const struct value *t,
			   bool expand, const struct type_env *env)
{
	struct buf b = BUF_INIT;
	struct fmt f = { expand, env, NULL };
	if (t->kind == VAL_STRING) /* the String 'x' renders as String */
		buf_addstr(&b, kind_name(TK_STRING));
	else
		fmt_type(&b, t, &f);
	char *s = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

/* PAnyType#== (eql?): the same type once normalized */
static bool same_type(const struct value *t1, const struct value *t2)
{
	struct tdec d1, d2;
	decode(&d1, t1, NULL);
	decode(&d2, t2, NULL);
	if (d1.k != d2.k || d1.k == TK_INVALID)
		return false;
	if (d1.sval || d2.sval)
		return d1.sval && d2.sval && bytes_eq(d1.sval, d2.sval);
	if (d1.k == TK_VARIANT) {
		struct members m1 = { 0 }, m2 = { 0 };
		variant_flatten(&m1, &d1);
		variant_flatten(&m2, &d2);
		bool eq = m1.n == m2.n;
		for (size_t i = 0; i < m1.n && eq; i++) {
			bool found = false;
			for (size_t j = 0; j < m2.n && !found; j++)
				found = same_type(m1.v[i], m2.v[j]);
			eq = found;
		}
		free(m1.v);
		free(m2.v);
		return eq;
	}
	if (d1.k == TK_PATTERN)
		return patterns_eq(&d1, &d2);
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	type_to_s(&b1, t1);
	type_to_s(&b2, t2);
	bool eq = b1.len == b2.len && !memcmp(b1.ptr, b2.ptr, b1.len);
	buf_release(&b1);
	buf_release(&b2);
	return eq;
}

/* TypeCalculator#equals, what == on types does */
bool type_equal(const struct value *t1, const struct value *t2,
		const struct type_env *env)
{
	return same_type(t1, t2) ||
	       (assignable(t1, t2, env) && assignable(t2, t1, env));
}

/* ---- mismatch descriptions (TypeMismatchDescriber) ---- */

enum pe_kind { PE_INDEX, PE_ENTRY, PE_KEY, PE_VARIANT };

struct pel {
	enum pe_kind k;
	size_t idx;		/* PE_INDEX, PE_VARIANT */
	const struct value *key; /* PE_ENTRY, PE_KEY: a VAL_STRING */
};

struct path {
	const struct pel *e;
	size_t n;
};

enum mm_kind { MM_TYPE, MM_PATTERN, MM_SIZE, MM_MISSING, MM_EXTRA };

struct mm {
	enum mm_kind k;
	struct path path;
	const struct value *exp, *act; /* normalized types */
	int64_t elo, ehi, alo, ahi;    /* MM_SIZE: expected, actual sizes */
	const struct value *key;       /* MM_MISSING, MM_EXTRA */
};

struct mlist {
	struct mm **v;
	size_t n, alloc;
};

struct dctx {
	struct arena *a;
	const struct type_env *env;
	int depth; /* aliases being described */
};

static void ml_push(struct arena *a, struct mlist *l, struct mm *m)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? 2 * l->alloc : 4;
		l->v = arena_realloc(a, l->v, l->alloc * sizeof(*l->v),
				     na * sizeof(*l->v));
		l->alloc = na;
	}
	l->v[l->n++] = m;
}

static struct path path_add(struct arena *a, const struct path *p,
			    enum pe_kind k, size_t idx,
			    const struct value *key)
{
	struct pel *e = arena_alloc(a, (p->n + 1) * sizeof(*e));
	if (p->n)
		memcpy(e, p->e, p->n * sizeof(*e));
	e[p->n].k = k;
	e[p->n].idx = idx;
	e[p->n].key = key;
	return (struct path){ e, p->n + 1 };
}

static struct mm *mm_new(struct dctx *c, enum mm_kind k,
			 const struct path *p)
{
	struct mm *m = arena_alloc(c->a, sizeof(*m));
	m->k = k;
	m->path = *p;
	return m;
}

/* TypeMismatch / PatternMismatch (ExpectedActualMismatch normalizes) */
static void add_type_mm(struct dctx *c, struct mlist *out, enum mm_kind k,
			const struct path *p, const struct value *exp,
			const struct value *act)
{
	struct mm *m = mm_new(c, k, p);
	m->exp = normalize(c->a, exp, c->env);
	m->act = normalize(c->a, act, c->env);
	ml_push(c->a, out, m);
}

static void add_size_mm(struct dctx *c, struct mlist *out,
			const struct path *p, int64_t elo, int64_t ehi,
			int64_t alo, int64_t ahi)
{
	struct mm *m = mm_new(c, MM_SIZE, p);
	m->elo = elo;
	m->ehi = ehi;
	m->alo = alo;
	m->ahi = ahi;
	ml_push(c->a, out, m);
}

static void add_key_mm(struct dctx *c, struct mlist *out, enum mm_kind k,
		       const struct path *p, const struct value *key)
{
	struct mm *m = mm_new(c, k, p);
	m->key = key;
	ml_push(c->a, out, m);
}

static void describe(struct dctx *c, struct mlist *out,
		     const struct value *exp, const struct value *act,
		     const struct path *p);
static void internal_describe(struct dctx *c, struct mlist *out,
			      const struct value *exp,
			      const struct value *orig,
			      const struct value *act, const struct path *p);

static bool canonical_eq(const struct path *a, const struct path *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->n && a->e[i].k == PE_VARIANT)
			i++;
		while (j < b->n && b->e[j].k == PE_VARIANT)
			j++;
		if (i == a->n || j == b->n)
			return i == a->n && j == b->n;
		const struct pel *x = &a->e[i++], *y = &b->e[j++];
		if (x->k != y->k)
			return false;
		if ((x->k == PE_INDEX && x->idx != y->idx) ||
		    (x->k != PE_INDEX && !bytes_eq(x->key, y->key)))
			return false;
	}
}

static struct mm *chop_path(struct dctx *c, struct mm *m, size_t pos)
{
	if (pos >= m->path.n)
		return m;
	struct mm *r = arena_alloc(c->a, sizeof(*r));
	*r = *m;
	struct pel *e = arena_alloc(c->a, m->path.n * sizeof(*e));
	size_t n = 0;
	for (size_t i = 0; i < m->path.n; i++)
		if (i != pos)
			e[n++] = m->path.e[i];
	r->path = (struct path){ e, n };
	return r;
}

static struct mm *mm_merge(struct dctx *c, const struct mm *prev,
			   const struct mm *curr)
{
	struct mm *r = arena_alloc(c->a, sizeof(*r));
	*r = *prev;
	if (prev->k == MM_SIZE) {
		r->elo = prev->elo < curr->elo ? prev->elo : curr->elo;
		r->ehi = prev->ehi > curr->ehi ? prev->ehi : curr->ehi;
		return r;
	}
	struct value *ts[2] = { (struct value *)prev->exp,
				(struct value *)curr->exp };
	r->exp = normalize(c->a, maybe_variant(c->a, ts, 2), c->env);
	return r;
}

/* merge_descriptions: variants that all fail the same way become one */
static void merge_descriptions(struct dctx *c, struct mlist *out,
			       size_t pos, struct mlist *vds, size_t nv)
{
	struct mlist all = { 0 };
	for (size_t i = 0; i < nv; i++)
		for (size_t j = 0; j < vds[i].n; j++)
			ml_push(c->a, &all, vds[i].v[j]);
	for (int pass = 0; pass < 2; pass++) {
		struct mm *generic = NULL;
		size_t count = 0;
		bool ok = true;
		for (size_t i = 0; i < all.n && ok; i++) {
			struct mm *m = all.v[i];
			bool is = pass == 0 ? m->k == MM_SIZE :
					      (m->k == MM_TYPE ||
					       m->k == MM_PATTERN);
			if (!is)
				continue;
			count++;
			if (!generic)
				generic = m;
			else if (!canonical_eq(&generic->path, &m->path))
				ok = false;
			else
				generic = mm_merge(c, generic, m);
		}
		if (count == nv && ok && generic) {
			all.n = 0;
			ml_push(c->a, &all, generic);
			break;
		}
	}
	if (all.n == 1) {
		ml_push(c->a, out, chop_path(c, all.v[0], pos));
		return;
	}
	for (size_t i = 0; i < all.n; i++)
		ml_push(c->a, out, all.v[i]);
}

static void describe_variant(struct dctx *c, struct mlist *out,
			     const struct tdec *d, const struct value *orig,
			     const struct value *act, const struct path *p)
{
	struct tdec od;
	decode(&od, orig, c->env);
	bool opt = od.k == TK_OPTIONAL;
	size_t nv = d->n + opt;
	struct mlist *vds = arena_alloc(c->a, nv * sizeof(*vds));
	for (size_t i = 0; i < nv; i++) {
		const struct value *vt = opt && i == 0 ? KD(TK_UNDEF) :
							 pv(d, i - opt);
		struct path vp = path_add(c->a, p, PE_VARIANT, i, NULL);
		describe(c, &vds[i], vt, act, &vp);
		if (!vds[i].n)
			return;
	}
	struct mlist merged = { 0 };
	merge_descriptions(c, &merged, p->n, vds, nv);
	if (is_alias_kind(od.k) && merged.n == 1) {
		add_type_mm(c, out, MM_TYPE, p, orig, act);
		return;
	}
	for (size_t i = 0; i < merged.n; i++)
		ml_push(c->a, out, merged.v[i]);
}

static void describe_array(struct dctx *c, struct mlist *out,
			   const struct tdec *d, const struct value *orig,
			   const struct value *act, const struct path *p)
{
	struct coll e;
	coll_parts(d, &e);
	const struct value *elem = or_any(e.elem);
	struct tdec da;
	decode(&da, act, c->env);
	if (da.k == TK_TUPLE) {
		struct tuple tp;
		tuple_parts(&da, &tp);
		if (!range_covers(e.lo, e.hi, tp.lo, tp.hi)) {
			add_size_mm(c, out, p, e.lo, e.hi, tp.lo, tp.hi);
			return;
		}
		for (size_t i = 0; i < tp.ntypes; i++) {
			if (assignable(elem, pv(&da, i), c->env))
				continue;
			struct path ip = path_add(c->a, p, PE_INDEX, i, NULL);
			describe(c, out, elem, pv(&da, i), &ip);
		}
		return;
	}
	if (da.k == TK_ARRAY) {
		struct coll o;
		coll_parts(&da, &o);
		if (!e.has_size || range_covers(e.lo, e.hi, o.lo, o.hi))
			add_type_mm(c, out, MM_TYPE, p, orig,
				    mk1(c->a, "Array", or_any(o.elem)));
		else
			add_size_mm(c, out, p, e.lo, e.hi, o.lo, o.hi);
		return;
	}
	add_type_mm(c, out, MM_TYPE, p, orig, act);
}

static struct value *hash_kv(struct arena *a, const struct coll *o)
{
	struct value *t = mk(a, "Hash", 2);
	t->u.t.params[0] = (struct value *)or_any(o->key);
	t->u.t.params[1] = (struct value *)or_any(o->val);
	return t;
}

static void describe_hash(struct dctx *c, struct mlist *out,
			  const struct tdec *d, const struct value *orig,
			  const struct value *act, const struct path *p)
{
	struct coll e;
	coll_parts(d, &e);
	const struct value *kt = or_any(e.key), *vt = or_any(e.val);
	struct tdec da;
	decode(&da, act, c->env);
	if (da.k == TK_STRUCT) {
		const struct value *h = struct_hash(&da);
		size_t n = h ? h->u.h.n : 0;
		int64_t required = 0;
		for (size_t i = 0; i < n; i++) {
			struct selem se;
			if (struct_elem(&se, h->u.h.e[i].key, h->u.h.e[i].val,
					c->env) &&
			    !se.key_opt)
				required++;
		}
		if (!range_covers(e.lo, e.hi, required, (int64_t)n)) {
			add_size_mm(c, out, p, e.lo, e.hi, required,
				    (int64_t)n);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			struct selem se;
			if (!struct_elem(&se, h->u.h.e[i].key, h->u.h.e[i].val,
					 c->env))
				continue;
			if (!assignable(kt, se.name, c->env)) {
				struct path kp = path_add(c->a, p, PE_KEY, 0,
							  se.name);
				describe(c, out, kt, se.name, &kp);
			}
			if (!assignable(vt, se.vt, c->env)) {
				struct path ep = path_add(c->a, p, PE_ENTRY, 0,
							  se.name);
				describe(c, out, vt, se.vt, &ep);
			}
		}
		return;
	}
	if (da.k == TK_HASH) {
		struct coll o;
		coll_parts(&da, &o);
		if (!e.has_size || range_covers(e.lo, e.hi, o.lo, o.hi))
			add_type_mm(c, out, MM_TYPE, p, orig,
				    hash_kv(c->a, &o));
		else
			add_size_mm(c, out, p, e.lo, e.hi, o.lo, o.hi);
		return;
	}
	add_type_mm(c, out, MM_TYPE, p, orig, act);
}

static void describe_struct(struct dctx *c, struct mlist *out,
			    const struct tdec *d, const struct value *orig,
			    const struct value *act, const struct path *p)
{
	const struct value *h1 = struct_hash(d);
	size_t n1 = h1 ? h1->u.h.n : 0;
	struct tdec da;
	decode(&da, act, c->env);
	if (da.k == TK_STRUCT) {
		const struct value *h2 = struct_hash(&da);
		size_t n2 = h2 ? h2->u.h.n : 0;
		bool *used = arena_alloc(c->a, n2 + 1);
		for (size_t i = 0; i < n1; i++) {
			struct selem e1, e2;
			if (!struct_elem(&e1, h1->u.h.e[i].key,
					 h1->u.h.e[i].val, c->env))
				continue;
			size_t j;
			for (j = 0; j < n2; j++)
				if (!used[j] &&
				    struct_elem(&e2, h2->u.h.e[j].key,
						h2->u.h.e[j].val, c->env) &&
				    bytes_eq(e1.name, e2.name))
					break;
			if (j == n2) {
				if (!e1.key_opt)
					add_key_mm(c, out, MM_MISSING, p,
						   e1.name);
				continue;
			}
			used[j] = true;
			if (!assignable(e1.vt, e2.vt, c->env)) {
				struct path ep = path_add(c->a, p, PE_ENTRY, 0,
							  e1.name);
				describe(c, out, e1.vt, e2.vt, &ep);
			}
		}
		for (size_t j = 0; j < n2; j++) {
			struct selem e2;
			if (!used[j] && struct_elem(&e2, h2->u.h.e[j].key,
						    h2->u.h.e[j].val, c->env))
				add_key_mm(c, out, MM_EXTRA, p, e2.name);
		}
		return;
	}
	if (da.k == TK_HASH) {
		struct coll o;
		coll_parts(&da, &o);
		int64_t required = 0;
		for (size_t i = 0; i < n1; i++) {
			struct selem e;
			if (struct_elem(&e, h1->u.h.e[i].key, h1->u.h.e[i].val,
					c->env) &&
			    !e.key_opt)
				required++;
		}
		if (range_covers(required, (int64_t)n1, o.lo, o.hi))
			add_type_mm(c, out, MM_TYPE, p, orig,
				    hash_kv(c->a, &o));
		else
			add_size_mm(c, out, p, required, (int64_t)n1, o.lo,
				    o.hi);
		return;
	}
	add_type_mm(c, out, MM_TYPE, p, orig, act);
}

static void describe_tuple(struct dctx *c, struct mlist *out,
			   const struct tdec *d, const struct value *orig,
			   const struct value *act, const struct path *p)
{
	struct tuple e;
	tuple_parts(d, &e);
	struct tdec da;
	decode(&da, act, c->env);
	if (same_type(d->t, act) || (!e.ntypes && da.k == TK_ARRAY))
		return;
	if (da.k == TK_TUPLE) {
		struct tuple o;
		tuple_parts(&da, &o);
		if (!range_covers(e.lo, e.hi, o.lo, o.hi)) {
			add_size_mm(c, out, p, e.lo, e.hi, o.lo, o.hi);
			return;
		}
		if (!e.ntypes)
			return;
		/* Puppet describes every element, matching or not, and
		 * names the index of the expected type */
		for (size_t i = 0; i < o.ntypes; i++) {
			size_t adx = i < e.ntypes ? i : e.ntypes - 1;
			struct path ip = path_add(c->a, p, PE_INDEX, adx, NULL);
			describe(c, out, pv(d, adx), pv(&da, i), &ip);
		}
		return;
	}
	if (da.k == TK_ARRAY) {
		struct coll o;
		coll_parts(&da, &o);
		if (!range_covers(e.lo, e.hi, o.lo, o.hi)) {
			add_size_mm(c, out, p, e.lo, e.hi, o.lo, o.hi);
			return;
		}
		for (size_t i = 0; i < e.ntypes; i++) {
			struct path ip = path_add(c->a, p, PE_INDEX, i, NULL);
			describe(c, out, pv(d, i), or_any(o.elem), &ip);
		}
		return;
	}
	add_type_mm(c, out, MM_TYPE, p, orig, act);
}

static void internal_describe(struct dctx *c, struct mlist *out,
			      const struct value *exp,
			      const struct value *orig,
			      const struct value *act, const struct path *p)
{
	struct tdec d;
	decode(&d, exp, c->env);
	switch (d.k) {
	case TK_VARIANT:
		describe_variant(c, out, &d, orig, act, p);
		return;
	case TK_STRUCT:
		describe_struct(c, out, &d, orig, act, p);
		return;
	case TK_HASH:
		describe_hash(c, out, &d, orig, act, p);
		return;
	case TK_TUPLE:
		describe_tuple(c, out, &d, orig, act, p);
		return;
	case TK_ARRAY:
		describe_array(c, out, &d, orig, act, p);
		return;
	case TK_OPTIONAL: {
		struct tdec da;
		decode(&da, act, c->env);
		const struct value *in = contained(&d);
		if (da.k == TK_UNDEF || !in)
			return;
		struct tdec od;
		decode(&od, orig, c->env);
		internal_describe(c, out, in, is_alias_kind(od.k) ? orig : exp,
				  act, p);
		return;
	}
	case TK_ENUM:
	case TK_PATTERN:
		add_type_mm(c, out, MM_PATTERN, p, orig, act);
		return;
	case TK_ALIAS:
	case TK_DATA:
	case TK_RICHDATA:
	case TK_RICHDATAKEY:
		if (c->depth > 50)
			return; /* an alias that never reaches a real type */
		c->depth++;
		internal_describe(c, out,
				  normalize(c->a, d.resolved, c->env), exp,
				  act, p);
		c->depth--;
		return;
	default:
		if (!assignable(exp, act, c->env))
			add_type_mm(c, out, MM_TYPE, p, orig, act);
		return;
	}
}

static void describe(struct dctx *c, struct mlist *out,
		     const struct value *exp, const struct value *act,
		     const struct path *p)
{
	internal_describe(c, out, normalize(c->a, exp, c->env), exp, act, p);
}

/* ---- rendering mismatches ---- */

/* LabelProvider#article: "an" before a vowel (y included) */
static const char *article(const char *s)
{
	while (*s == '"' || *s == '\'')
		s++;
	char ch = *s >= 'A' && *s <= 'Z' ? *s + 32 : *s;
	return strchr("aeiouy", ch) && ch ? "an" : "a";
}

/* simple_name: the name of the type's class */
static const char *simple_name(const struct value *t)
{
	struct tdec d;
	decode(&d, t, NULL);
	return kind_name(d.k);
}

/* `name`: an alias's own name, else the simple name */
static const char *type_name_of(const struct dctx *c, const struct value *t)
{
	struct tdec d;
	decode(&d, t, c->env);
	if (is_alias_kind(d.k))
		return alias_name(&d);
	return kind_name(d.k);
}

/* TypeMismatch#short_name */
static const char *short_name(struct dctx *c, const struct value *t)
{
	struct tdec d;
	decode(&d, t, c->env);
	if (is_contained_kind(d.k)) {
		const struct value *in = contained(&d);
		if (in && !is_any(in)) {
			/* a class reference given to a class or resource
			 * parameter arrives as a resource: Type[Resource] */
			const char *n = name_is(in, "Class") ?
						kind_name(TK_RESOURCE) :
						type_name_of(c, in);
			return arena_strfmt(c->a, "%s[%s]", kind_name(d.k), n);
		}
	}
	return type_name_of(c, t);
}

static const struct value *resolve_all(const struct dctx *c,
				       const struct value *t)
{
	for (int i = 0; i < MAX_DEPTH; i++) {
		struct tdec d;
		decode(&d, t, c->env);
		if (!is_alias_kind(d.k))
			return t;
		t = d.resolved;
	}
	return t;
}

static bool always_fully_detailed(struct dctx *c, const struct value *e,
				  const struct value *a)
{
	struct tdec de, da;
	decode(&de, e, c->env);
	decode(&da, a, c->env);
	return de.k == da.k || is_alias_kind(de.k) || is_alias_kind(da.k) ||
	       (de.k == TK_STRUCT && da.k == TK_HASH) ||
	       (de.k == TK_TUPLE && da.k == TK_ARRAY);
}

static bool assignable_to_default(struct dctx *c, const struct value *e,
				  const struct value *a)
{
	struct tdec de;
	decode(&de, resolve_all(c, e), c->env);
	return assignable(KD(de.k), a, c->env);
}

/* The expected types of a mismatch: the Variant's members, or itself */
struct elist {
	const struct value **v;
	size_t n;
};

static bool report_detailed(struct dctx *c, const struct elist *e,
			    const struct value *a)
{
	for (size_t i = 0; i < e->n; i++)
		if (always_fully_detailed(c, e->v[i], a) ||
		    assignable_to_default(c, e->v[i], a))
			return true;
	return false;
}

static const char *detailed_actual_to_s(struct dctx *c,
					const struct elist *e,
					const struct value *a)
{
	for (size_t i = 0; i < e->n; i++)
		if (always_fully_detailed(c, resolve_all(c, e->v[i]), a))
			return fmt_str(c->a, a, true, c->env);
	const struct value *g = type_generalize(c->a, a);
	for (size_t i = 0; i < e->n; i++)
		if (assignable(resolve_all(c, e->v[i]), g, c->env))
			return fmt_str(c->a, a, true, c->env);
	return simple_name(a);
}

static void msg_type(struct buf *out, struct dctx *c, const struct mm *m)
{
	const struct value *e = m->exp, *a = m->act;
	struct tdec d;
	decode(&d, e, c->env);
	bool optional = false;
	if (d.k == TK_OPTIONAL) {
		optional = true;
		e = or_any(contained(&d));
		decode(&d, e, c->env);
	}
	struct elist el;
	const struct value *single = e;
	if (d.k == TK_VARIANT && d.n) {
		el.v = arena_alloc(c->a, (d.n + 1) * sizeof(*el.v));
		el.n = d.n;
		for (size_t i = 0; i < d.n; i++)
			el.v[i] = pv(&d, i);
	} else {
		el.v = &single;
		el.n = 1;
	}
	const char **names = arena_alloc(c->a, (el.n + 1) * sizeof(*names));
	size_t nn = 0;
	const char *as;
	if (optional)
		names[nn++] = "Undef";
	if (report_detailed(c, &el, a)) {
		as = detailed_actual_to_s(c, &el, a);
		for (size_t i = 0; i < el.n; i++)
			names[nn++] = fmt_str(c->a, el.v[i], true, c->env);
	} else {
		as = short_name(c, a);
		for (size_t i = 0; i < el.n; i++) {
			const char *s = short_name(c, el.v[i]);
			bool dup = false;
			for (size_t j = optional; j < nn && !dup; j++)
				dup = !strcmp(names[j], s);
			if (!dup)
				names[nn++] = s;
		}
	}
	if (nn == 1) {
		buf_addf(out, "expects %s %s value, got %s", article(names[0]),
			 names[0], as);
		return;
	}
	buf_addstr(out, "expects a value of type ");
	for (size_t i = 0; i < nn; i++) {
		if (i)
			buf_addstr(out, nn == 2 ? " or " :
					 i == nn - 1 ? ", or " : ", ");
		buf_addstr(out, names[i]);
	}
	buf_addf(out, ", got %s", as);
}

static void msg_pattern(struct buf *out, struct dctx *c, const struct mm *m)
{
	const struct value *e = m->exp;
	struct tdec d;
	decode(&d, e, c->env);
	const char *pfx = "";
	if (d.k == TK_OPTIONAL) {
		e = or_any(contained(&d));
		pfx = "an undef value or ";
	}
	buf_addf(out, "expects %sa match for %s, got ", pfx,
		 fmt_str(c->a, e, true, c->env));
	decode(&d, m->act, c->env);
	if (d.k == TK_STRING && d.sval) {
		buf_addch(out, '\'');
		buf_add(out, d.sval->u.s.ptr, d.sval->u.s.len);
		buf_addch(out, '\'');
	} else {
		buf_addstr(out, short_name(c, m->act));
	}
}

/* SizeMismatch#range_to_s */
static void range_to_s(struct buf *out, int64_t lo, int64_t hi)
{
	if (lo == ILO)
		lo = 0;
	if (lo == hi)
		buf_addf(out, "%" PRId64, lo);
	else if (lo == 0 && hi == IHI)
		buf_addstr(out, "unlimited");
	else if (lo == 0)
		buf_addf(out, "at most %" PRId64, hi);
	else if (hi == IHI)
		buf_addf(out, "at least %" PRId64, lo);
	else
		buf_addf(out, "between %" PRId64 " and %" PRId64, lo, hi);
}

static void fmt_mm(struct buf *out, struct dctx *c, const char *label,
		   const struct mm *m)
{
	if (label)
		buf_addf(out, "%s ", label);
	for (size_t i = 0; i < m->path.n; i++) {
		const struct pel *e = &m->path.e[i];
		switch (e->k) {
		case PE_INDEX:
			buf_addf(out, "index %zu ", e->idx);
			break;
		case PE_VARIANT:
			buf_addf(out, "variant %zu ", e->idx);
			break;
		case PE_ENTRY:
		case PE_KEY:
			buf_addstr(out, e->k == PE_KEY ? "key of entry '" :
							 "entry '");
			buf_add(out, e->key->u.s.ptr, e->key->u.s.len);
			buf_addstr(out, "' ");
			break;
		}
	}
	switch (m->k) {
	case MM_TYPE:
		msg_type(out, c, m);
		break;
	case MM_PATTERN:
		msg_pattern(out, c, m);
		break;
	case MM_SIZE:
		buf_addstr(out, "expects size to be ");
		range_to_s(out, m->elo, m->ehi);
		buf_addstr(out, ", got ");
		range_to_s(out, m->alo, m->ahi);
		break;
	case MM_MISSING:
	case MM_EXTRA:
		buf_addstr(out, m->k == MM_MISSING ?
					"expects a value for key '" :
					"unrecognized key '");
		buf_add(out, m->key->u.s.ptr, m->key->u.s.len);
		buf_addch(out, '\'');
		break;
	}
}

size_t type_mismatch_describe(struct buf *out, struct arena *a,
			      const char *label, const struct value *type,
			      const struct value *v,
			      const struct type_env *env)
{
	struct dctx c = { a, env, 0 };
	struct mlist l = { 0 };
	struct path root = { NULL, 0 };
	const struct value *act = infer_set(a, v);
	describe(&c, &l, type, act, &root);
	size_t found = l.n;
	if (!l.n) {
		/* Puppet finds nothing to say (it normalizes Collection[1]
		 * to Collection) and raises no error; we do, so say it */
		struct mm *m = mm_new(&c, MM_TYPE, &root);
		m->exp = type;
		m->act = act;
		ml_push(a, &l, m);
	}
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			buf_addch(out, '\n');
		fmt_mm(out, &c, label, l.v[i]);
	}
	return found;
}

const char *type_mismatch_msg(struct arena *a, const struct value *type,
			      const struct value *v,
			      const struct type_env *env)
{
	struct buf b = BUF_INIT;
	type_mismatch_describe(&b, a, NULL, type, v, env);
	char *s = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

/* ---- names and validation ---- */

bool type_is_known(const char *name)
{
	const struct kinfo *ki = kind_lookup(name);
	return ki && !(ki->flags & KF_INTERNAL);
}

const char *type_canonical_name(const char *name)
{
	const struct kinfo *ki = kind_lookup(name);
	return ki && !(ki->flags & KF_INTERNAL) ? ki->name : NULL;
}

/* What Puppet's messages call a value's class (x.class in Ruby) */
static void ruby_class(struct buf *out, const struct value *v)
{
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, "NilClass");
		return;
	case VAL_DEFAULT:
		buf_addstr(out, "Symbol");
		return;
	case VAL_BOOL:
		buf_addstr(out, v->u.b ? "TrueClass" : "FalseClass");
		return;
	case VAL_TYPE: {
		struct tdec d;
		decode(&d, v, NULL);
		const char *n = kind_name(d.k);
		if (is_alias_kind(d.k))
			n = "TypeAlias";
		buf_addf(out, "Puppet::Pops::Types::P%sType", n);
		return;
	}
	default:
		buf_addstr(out, val_type_name(v));
		return;
	}
}

/* The label of a type in messages: "Integer-Type", a File-Type */
static void type_label(struct buf *out, const struct value *t, bool an,
		       bool uc)
{
	struct buf s = BUF_INIT;
	type_to_s(&s, t);
	buf_addstr(&s, "-Type");
	if (an) {
		const char *art = article(s.ptr);
		buf_addf(out, "%c%s ", uc ? art[0] - 32 : art[0], art + 1);
	}
	buf_add(out, s.ptr, s.len);
	buf_release(&s);
}

/* Label of a value (LabelProvider#label): its type name, or X-Type */
static void value_label(struct buf *out, const struct value *v, bool uc)
{
	if (v->kind == VAL_TYPE) {
		type_label(out, v, true, uc);
		return;
	}
	const char *n = v->kind == VAL_UNDEF ? "Undef" :
			v->kind == VAL_DEFAULT ? "Default" : val_type_name(v);
	const char *art = article(n);
	buf_addf(out, "%c%s %s", uc ? art[0] - 32 : art[0], art + 1, n);
}

/* bad_key_type_name: the generalized inferred type of a value */
static void key_type_name(struct buf *out, const struct value *v)
{
	if (v->kind == VAL_UNDEF) {
		buf_addstr(out, "Undef");
		return;
	}
	if (v->kind == VAL_DEFAULT) {
		buf_addstr(out, "Default");
		return;
	}
	struct arena scratch = ARENA_INIT;
	type_to_s(out, type_generalize(&scratch, infer_reduced(&scratch, v)));
	arena_release(&scratch);
}

/* BAD_TYPE_SPECIALIZATION */
static int bad_spec(struct buf *err, const struct tdec *d,
		    const struct value *key, const char *expected)
{
	buf_addstr(err, "Error creating type specialization of ");
	type_label(err, KD(d->k), true, false);
	buf_addstr(err, ", Cannot use ");
	key_type_name(err, key);
	buf_addf(err, " where %s is expected", expected);
	return -1;
}

/* BAD_TYPE_SLICE_ARITY */
static int bad_arity(struct buf *err, const char *label, size_t min,
		     size_t max, size_t actual)
{
	buf_addf(err, "%s[] accepts %zu", label, min);
	if (max == SIZE_MAX)
		buf_addstr(err, " or more arguments");
	else if (max != min)
		buf_addf(err, " to %zu arguments", max);
	else
		buf_addstr(err, min == 1 ? " argument" : " arguments");
	buf_addf(err, ". Got %zu", actual);
	return -1;
}

/* An "X-Type[]" label as BAD_TYPE_SLICE_ARITY shows a type object */
static int bad_arity_of(struct buf *err, const struct tdec *d, size_t min,
			size_t max, size_t actual)
{
	struct buf l = BUF_INIT;
	type_label(&l, KD(d->k), true, true);
	bad_arity(err, l.ptr, min, max, actual);
	buf_release(&l);
	return -1;
}

/* BAD_TYPE_SLICE_TYPE */
static int bad_slice_type(struct buf *err, const char *base,
			  const struct value *v)
{
	buf_addf(err, "%s-Type[] arguments must be types. Got ", base);
	ruby_class(err, v);
	return -1;
}

static int bad_from_to(struct buf *err, int64_t lo, int64_t hi)
{
	buf_addstr(err, "'from' must be less or equal to 'to'. Got (");
	fmt_bound(err, lo);
	buf_addstr(err, ", ");
	if (hi == IHI)
		buf_addstr(err, "Infinity");
	else
		buf_addf(err, "%" PRId64, hi);
	return -1;
}

/* collection_size_t: one Integer type, or one or two integers/default */
static int check_size(struct buf *err, const struct tdec *d, size_t from)
{
	size_t n = d->n - from;
	if (n == 1 && name_is(pv(d, from), "Integer"))
		return 0;
	int64_t b[2] = { ILO, IHI };
	for (size_t i = 0; i < n; i++) {
		const struct value *x = pv(d, from + i);
		if (x->kind == VAL_INT) {
			b[i] = x->u.n.i;
		} else if (x->kind != VAL_DEFAULT) {
			buf_addstr(err, "A Type's size constraint arguments must be a single Integer type, or 1-2 integers (or default). Got ");
			value_label(err, x, false);
			return -1;
		}
	}
	if (b[0] != ILO && b[1] != IHI && b[0] > b[1])
		return bad_from_to(err, b[0], b[1]);
	return 0;
}

static int check_int_float(struct buf *err, const struct tdec *d)
{
	bool is_int = d->k == TK_INTEGER;
	const char *name = kind_name(d->k);
	if (d->n < 1 || d->n > 2) {
		buf_addf(err, "%s-Type supports [] with one or two arguments (from, to). Got %zu", name, d->n);
		return -1;
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct value *x = pv(d, i);
		if (x->kind == VAL_INT || x->kind == VAL_DEFAULT ||
		    (!is_int && x->kind == VAL_FLOAT))
			continue;
		buf_addstr(err, is_int ? "Integer-Type [] requires all arguments to be integers (or default). Got " :
					 "Float-Type [] requires all arguments to be floats, or integers (or default). Got ");
		ruby_class(err, x);
		return -1;
	}
	if (is_int) {
		int64_t lo, hi;
		int_range(d, &lo, &hi);
		if (lo != ILO && hi != IHI && lo > hi)
			return bad_from_to(err, lo, hi);
	} else {
		double lo, hi;
		float_range(d, &lo, &hi);
		if (lo > hi) {
			buf_addstr(err, "'from' must be less or equal to 'to'. Got (");
			val_float_fmt(err, lo);
			buf_addstr(err, ", ");
			val_float_fmt(err, hi);
			return -1;
		}
	}
	return 0;
}

static bool is_type(const struct value *v)
{
	return v->kind == VAL_TYPE;
}

static int check_struct(struct buf *err, const struct tdec *d)
{
	if (d->np != 1)
		return bad_arity_of(err, d, 1, 1, d->np);
	const struct value *h = d->p[0];
	if (h->kind != VAL_HASH)
		return bad_spec(err, d, h, "Hash");
	for (size_t i = 0; i < h->u.h.n; i++) {
		const struct value *k = h->u.h.e[i].key;
		if (!is_type(h->u.h.e[i].val)) {
			buf_addstr(err, "Struct element value_type must be a Type");
			return -1;
		}
		if (k->kind == VAL_STRING) {
			if (!k->u.s.len) {
				buf_addstr(err, "Struct element key cannot be an empty String");
				return -1;
			}
			continue;
		}
		struct selem e;
		struct tdec kd;
		decode(&kd, k, NULL);
		bool kind_ok = kd.k == TK_OPTIONAL || kd.k == TK_NOTUNDEF ||
			       kd.k == TK_STRING || kd.k == TK_ENUM;
		if (!kind_ok) {
			buf_addstr(err, "Illegal Struct member key type. Expected NotUndef, Optional, String, or Enum. Got: ");
			ruby_class(err, k);
			return -1;
		}
		if (!struct_elem(&e, k, h->u.h.e[i].val, NULL) ||
		    !e.name->u.s.len) {
			buf_addstr(err, "Unable to extract a non-empty literal string from Struct member key type ");
			type_to_s(err, k);
			return -1;
		}
	}
	return 0;
}

static int check_resource(struct buf *err, const struct tdec *d)
{
	size_t from = 0;
	if (!strcasecmp(d->t->u.t.name, "Resource")) {
		if (d->np == 0)
			return 0;
		const struct value *n = d->p[0];
		if (n->kind != VAL_STRING && !(n->kind == VAL_TYPE &&
					       !type_is_known(n->u.t.name))) {
			buf_addstr(err, "First argument to Resource[] must be a resource type or a String. Got ");
			key_type_name(err, n);
			buf_addch(err, '.');
			return -1;
		}
		from = 1;
	}
	for (size_t i = from; i < d->np; i++) {
		const struct value *t = d->p[i];
		if (t->kind == VAL_STRING || t->kind == VAL_UNDEF)
			continue;
		if (t->kind == VAL_ARRAY) {
			bool ok = true;
			for (size_t j = 0; j < t->u.arr.n && ok; j++)
				ok = t->u.arr.v[j]->kind == VAL_STRING ||
				     t->u.arr.v[j]->kind == VAL_UNDEF;
			if (ok)
				continue;
		}
		buf_addstr(err, "Error creating type specialization of ");
		struct value bare = *d->t; /* labelled bare: a File-Type */
		bare.u.t.nparams = 0;
		type_label(err, &bare, true, false);
		buf_addstr(err, ", Cannot use ");
		key_type_name(err, t);
		buf_addstr(err, " where a resource title String is expected");
		return -1;
	}
	return 0;
}

static int check_class(struct buf *err, const struct tdec *d)
{
	for (size_t i = 0; i < d->np; i++) {
		const struct value *c = d->p[i];
		if (c->kind == VAL_UNDEF)
			continue;
		if (c->kind != VAL_STRING) {
			buf_addstr(err, "Illegal Class name in class reference. ");
			value_label(err, c, true);
			buf_addstr(err, " cannot be used where a String is expected");
			return -1;
		}
		/* /^((::)?[a-z_]\w*)(::[a-z]\w*)*$/ on the downcased name */
		const char *s = c->u.s.ptr;
		size_t n = c->u.s.len, j = 0;
		bool ok = true, seg_start = true, first = true;
		if (n >= 2 && !memcmp(s, "::", 2))
			j = 2;
		if (j == n)
			ok = false;
		for (; j < n && ok; j++) {
			char ch = s[j];
			if (ch >= 'A' && ch <= 'Z')
				ch += 32;
			if (ch == ':' && j + 1 < n && s[j + 1] == ':' &&
			    !seg_start) {
				j++;
				seg_start = true;
				first = false;
				ok = j + 1 < n;
				continue;
			}
			if (seg_start)
				ok = (ch >= 'a' && ch <= 'z') ||
				     (first && ch == '_');
			else
				ok = (ch >= 'a' && ch <= 'z') ||
				     (ch >= '0' && ch <= '9') || ch == '_';
			seg_start = false;
		}
		if (!ok) {
			buf_addstr(err, "Illegal name. The given name '");
			buf_add(err, s, n);
			buf_addstr(err, "' does not conform to the naming rule /^((::)?[a-z_]\\w*)(::[a-z]\\w*)*$/");
			return -1;
		}
	}
	return 0;
}

static int check_patterns(struct buf *err, const struct tdec *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct value *p = pv(d, i);
		bool ok = p->kind == VAL_STRING || p->kind == VAL_REGEX;
		if (p->kind == VAL_TYPE) {
			struct tdec sub;
			decode(&sub, p, NULL);
			ok = sub.k == TK_PATTERN || sub.k == TK_REGEXP;
		}
		if (!ok)
			return bad_spec(err, d, p, "String or Regexp or Pattern-Type or Regexp-Type");
		if (p->kind == VAL_STRING) {
			struct buf why = BUF_INIT;
			if (regex_compile_check(p->u.s.ptr, &why) < 0) {
				buf_addf(err, "invalid regular expression /%s/: %s",
					 p->u.s.ptr, why.ptr);
				buf_release(&why);
				return -1;
			}
			buf_release(&why);
		}
	}
	return 0;
}

int type_check_valid(struct buf *err, const struct value *type)
{
	struct tdec d;
	decode(&d, type, NULL);
	if (d.k == TK_INVALID) {
		buf_addstr(err, "not a type");
		return -1;
	}
	if (!d.np)
		return 0;
	const struct kinfo *ki = kind_lookup(type->u.t.name);
	if (ki && (ki->flags & KF_NOPARAMS)) {
		buf_addstr(err, "Operator '[]' is not applicable to ");
		type_label(err, KD(d.k), true, false);
		buf_addch(err, '.');
		return -1;
	}
	const char *name = kind_name(d.k);
	switch (d.k) {
	case TK_INTEGER:
	case TK_FLOAT:
		return check_int_float(err, &d);
	case TK_STRING:
		if (d.n > 2) {
			buf_addf(err, "String supports [] with one or two arguments. Got %zu", d.n);
			return -1;
		}
		return check_size(err, &d, 0);
	case TK_COLLECTION:
		if (d.n > 2)
			return bad_arity(err, "Collection-Type", 1, 2, d.n);
		return check_size(err, &d, 0);
	case TK_ARRAY:
		if (d.n > 3)
			return bad_arity(err, "Array-Type", 1, 3, d.n);
		if (is_type(pv(&d, 0)))
			return check_size(err, &d, 1);
		if (d.n != 2)
			return bad_slice_type(err, name, pv(&d, 0));
		return check_size(err, &d, 0);
	case TK_HASH:
		if (d.n == 2 && pv(&d, 0)->kind == VAL_INT &&
		    pv(&d, 1)->kind == VAL_INT)
			return check_size(err, &d, 0);
		for (size_t i = 0; i < 2 && i < d.n; i++)
			if (!is_type(pv(&d, i)))
				return bad_slice_type(err, name, pv(&d, i));
		if (d.n < 2 || d.n > 4)
			return bad_arity(err, "Hash-Type", 2, 4, d.n);
		return check_size(err, &d, 2);
	case TK_TUPLE: {
		struct tuple tp;
		tuple_parts(&d, &tp);
		if (!tp.ntypes)
			return bad_arity_of(err, &d, 1, SIZE_MAX, 0);
		for (size_t i = 0; i < tp.ntypes; i++)
			if (!is_type(pv(&d, i)))
				return bad_spec(err, &d, pv(&d, i), "Any-Type");
		if (tp.has_size && tp.hi != IHI && tp.lo > tp.hi)
			return bad_from_to(err, tp.lo, tp.hi);
		return 0;
	}
	case TK_VARIANT:
		for (size_t i = 0; i < d.n; i++)
			if (!is_type(pv(&d, i)))
				return bad_spec(err, &d, pv(&d, i), "Any-Type");
		return 0;
	case TK_ENUM: {
		struct enm e;
		enum_parts(&d, &e);
		if (!e.nvals)
			return bad_arity_of(err, &d, 1, SIZE_MAX, 0);
		for (size_t i = 0; i < e.nvals; i++)
			if (pv(&d, i)->kind != VAL_STRING)
				return bad_spec(err, &d, pv(&d, i), "String");
		return 0;
	}
	case TK_PATTERN:
		return check_patterns(err, &d);
	case TK_REGEXP:
		if (d.n != 1)
			return bad_arity_of(err, &d, 1, 1, d.n);
		if (!regex_src(pv(&d, 0)))
			return bad_spec(err, &d, pv(&d, 0), "String or Regexp");
		return check_patterns(err, &d);
	case TK_BOOLEAN:
		if (d.n != 1)
			return bad_arity_of(err, &d, 1, 1, d.n);
		if (pv(&d, 0)->kind != VAL_BOOL)
			return bad_spec(err, &d, pv(&d, 0),
					"TrueClass or FalseClass");
		return 0;
	case TK_OPTIONAL:
	case TK_NOTUNDEF:
	case TK_TYPE:
	case TK_ITERABLE:
	case TK_ITERATOR:
	case TK_SENSITIVE: {
		char label[32];
		snprintf(label, sizeof(label), "%s-Type", name);
		if (d.n != 1) {
			if (d.k == TK_NOTUNDEF)
				return bad_arity(err, label, 0, 1, d.n);
			return bad_arity(err, label, 1, 1, d.n);
		}
		const struct value *in = pv(&d, 0);
		bool str_ok = d.k == TK_OPTIONAL || d.k == TK_NOTUNDEF;
		if (is_type(in) || (str_ok && in->kind == VAL_STRING))
			return 0;
		if (d.k == TK_NOTUNDEF) {
			buf_addstr(err, "NotUndef-Type[] argument must be a Type or a String. Got ");
			ruby_class(err, in);
			return -1;
		}
		return bad_slice_type(err, name, in);
	}
	case TK_STRUCT:
		return check_struct(err, &d);
	case TK_CLASS:
		return check_class(err, &d);
	case TK_RESOURCE:
		return check_resource(err, &d);
	case TK_TIMESPAN:
	case TK_TIMESTAMP:
		if (d.n > 2)
			return bad_arity_of(err, &d, 0, 2, d.n);
		return 0;
	case TK_URI:
	case TK_OBJECT:
	case TK_TYPESET:
		if (d.n != 1)
			return bad_arity_of(err, &d, 1, 1, d.n);
		return 0;
	case TK_RUNTIME:
		if (d.n != 2)
			return bad_arity_of(err, &d, 2, 2, d.n);
		return 0;
	default: /* Callable, SemVer, Init: not checked */
		return 0;
	}
}
