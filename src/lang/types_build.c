/* SPDX-License-Identifier: MIT */
/* types_build.c: Puppet's data types: kinds, decoding, building, inference */
#include "util/compat.h"
#include <math.h>
#include <strings.h>
#include "lang/types-internal.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/xalloc.h"

/* ---- kinds and names ---- */

/* Sorted by strcasecmp for bsearch. */
static const struct type_kinfo kinfos[] = {
	{ "Any", TK_ANY, TYPE_KF_NOPARAMS },
	{ "Array", TK_ARRAY, 0 },
	{ "Binary", TK_BINARY, TYPE_KF_NOPARAMS },
	{ "Boolean", TK_BOOLEAN, 0 },
	{ "Callable", TK_CALLABLE, 0 },
	{ "CatalogEntry", TK_CATALOGENTRY, TYPE_KF_NOPARAMS },
	{ "Class", TK_CLASS, 0 },
	{ "Collection", TK_COLLECTION, 0 },
	{ "Data", TK_DATA, TYPE_KF_NOPARAMS | TYPE_KF_ALIAS },
	{ "Default", TK_DEFAULT, TYPE_KF_NOPARAMS },
	{ "Enum", TK_ENUM, 0 },
	{ "Float", TK_FLOAT, 0 },
	{ "Hash", TK_HASH, 0 },
	{ "Init", TK_INIT, 0 },
	{ "Integer", TK_INTEGER, 0 },
	{ "Iterable", TK_ITERABLE, 0 },
	{ "Iterator", TK_ITERATOR, 0 },
	{ "NotUndef", TK_NOTUNDEF, 0 },
	{ "Numeric", TK_NUMERIC, TYPE_KF_NOPARAMS },
	{ "Object", TK_OBJECT, 0 },
	{ "Optional", TK_OPTIONAL, 0 },
	{ "Pattern", TK_PATTERN, 0 },
	{ "Regexp", TK_REGEXP, 0 },
	{ "Resource", TK_RESOURCE, 0 },
	{ "RichData", TK_RICHDATA, TYPE_KF_NOPARAMS | TYPE_KF_ALIAS },
	{ "RichDataKey", TK_RICHDATAKEY, TYPE_KF_NOPARAMS | TYPE_KF_ALIAS },
	{ "Runtime", TK_RUNTIME, 0 },
	{ "Scalar", TK_SCALAR, TYPE_KF_NOPARAMS },
	{ "ScalarData", TK_SCALARDATA, TYPE_KF_NOPARAMS },
	{ "SemVer", TK_SEMVER, 0 },
	{ "SemVerRange", TK_SEMVERRANGE, TYPE_KF_NOPARAMS },
	{ "Sensitive", TK_SENSITIVE, 0 },
	{ "String", TK_STRING, 0 },
	{ "Struct", TK_STRUCT, 0 },
	{ "Timespan", TK_TIMESPAN, 0 },
	{ "Timestamp", TK_TIMESTAMP, 0 },
	{ "Tuple", TK_TUPLE, 0 },
	{ "Type", TK_TYPE, 0 },
	{ "TypeSet", TK_TYPESET, 0 },
	{ "Undef", TK_UNDEF, TYPE_KF_NOPARAMS },
	{ "Unit", TK_UNIT, TYPE_KF_NOPARAMS | TYPE_KF_INTERNAL },
	{ "URI", TK_URI, 0 },
	{ "Variant", TK_VARIANT, 0 },
};

static int kinfo_cmp(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct type_kinfo *)elem)->name);
}

const struct type_kinfo *type_kind_lookup(const char *name)
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

struct value type_kind_defaults[TK_COUNT] = {
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

/* The canonical name of a kind (Puppet's simple_name of its class) */
const char *type_kind_name(enum type_kind k)
{
	if (k == TK_INVALID)
		return "?";
	if (k == TK_ALIAS)
		return "TypeAlias";
	return type_kind_defaults[k].u.t.name;
}

bool type_is_known(const char *name)
{
	const struct type_kinfo *ki = type_kind_lookup(name);
	return ki && !(ki->flags & TYPE_KF_INTERNAL);
}

const char *type_canonical_name(const char *name)
{
	const struct type_kinfo *ki = type_kind_lookup(name);
	return ki && !(ki->flags & TYPE_KF_INTERNAL) ? ki->name : NULL;
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
static struct value *p_data_hash[] = { TYPE_KD(TK_STRING), TYPE_KD(TK_DATA) };
static struct value t_data_hash = TVP("Hash", p_data_hash);
static struct value *p_data_array[] = { TYPE_KD(TK_DATA) };
static struct value t_data_array = TVP("Array", p_data_array);
static struct value *p_data[] = { TYPE_KD(TK_SCALARDATA), TYPE_KD(TK_UNDEF),
				  &t_data_hash, &t_data_array };
static struct value t_data = TVP("Variant", p_data);

/* RichDataKey = Variant[String, Numeric] */
static struct value *p_rdkey[] = { TYPE_KD(TK_STRING), TYPE_KD(TK_NUMERIC) };
static struct value t_rdkey = TVP("Variant", p_rdkey);

/* RichData = Variant[Scalar, SemVerRange, Binary, Sensitive, Type, TypeSet,
 *   URI, Object, Undef, Default, Hash[RichDataKey, RichData],
 *   Array[RichData]] */
static struct value *p_rd_hash[] = { TYPE_KD(TK_RICHDATAKEY),
				     TYPE_KD(TK_RICHDATA) };
static struct value t_rd_hash = TVP("Hash", p_rd_hash);
static struct value *p_rd_array[] = { TYPE_KD(TK_RICHDATA) };
static struct value t_rd_array = TVP("Array", p_rd_array);
static struct value *p_rd[] = {
	TYPE_KD(TK_SCALAR), TYPE_KD(TK_SEMVERRANGE), TYPE_KD(TK_BINARY),
	TYPE_KD(TK_SENSITIVE), TYPE_KD(TK_TYPE), TYPE_KD(TK_TYPESET),
	TYPE_KD(TK_URI), TYPE_KD(TK_OBJECT), TYPE_KD(TK_UNDEF),
	TYPE_KD(TK_DEFAULT), &t_rd_hash, &t_rd_array,
};
static struct value t_richdata = TVP("Variant", p_rd);

/* ---- decoding one level of a type ---- */

static size_t flat_count(struct value *const *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += p[i]->kind == VAL_ARRAY ?
			     flat_count(p[i]->u.arr.v, p[i]->u.arr.n) :
			     1;
	return c;
}

const struct value *type_flat_at(struct value *const *p, size_t n, size_t *i)
{
	for (size_t j = 0; j < n; j++) {
		if (p[j]->kind == VAL_ARRAY) {
			const struct value *r =
				type_flat_at(p[j]->u.arr.v, p[j]->u.arr.n, i);
			if (r)
				return r;
		} else if ((*i)-- == 0) {
			return p[j];
		}
	}
	return NULL;
}

void type_decode(struct type_dec *d, const struct value *t,
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
	const struct type_kinfo *ki = type_kind_lookup(t->u.t.name);
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
	if (d->k == TK_STRING && d->n == 1 &&
	    type_param(d, 0)->kind == VAL_STRING)
		d->sval = type_param(d, 0);
}

const char *type_alias_name(const struct type_dec *d)
{
	return d->k == TK_ALIAS ? d->t->u.t.name : type_kind_name(d->k);
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

void type_int_range(const struct type_dec *d, int64_t *lo, int64_t *hi)
{
	*lo = d->n >= 1 ? int_or(type_param(d, 0), TYPE_ILO) : TYPE_ILO;
	*hi = d->n >= 2 ? int_or(type_param(d, 1), TYPE_IHI) : TYPE_IHI;
}

static double num_or(const struct value *v, double dflt)
{
	if (v->kind == VAL_INT)
		return (double)v->u.n.i;
	if (v->kind == VAL_FLOAT)
		return v->u.f;
	return dflt;
}

void type_float_range(const struct type_dec *d, double *lo, double *hi)
{
	*lo = d->n >= 1 ? num_or(type_param(d, 0), -INFINITY) : -INFINITY;
	*hi = d->n >= 2 ? num_or(type_param(d, 1), INFINITY) : INFINITY;
}

/*
 * A size constraint from one or two params (a single Integer type is its
 * range), made a size as Puppet's to_size does: no negative bounds.
 */
static void size_of(const struct value *a, const struct value *b,
		    int64_t *lo, int64_t *hi)
{
	if (!b && a && a->kind == VAL_TYPE) {
		struct type_dec d;
		type_decode(&d, a, NULL);
		type_int_range(&d, lo, hi);
	} else {
		*lo = a ? int_or(a, TYPE_ILO) : TYPE_ILO;
		*hi = b ? int_or(b, TYPE_IHI) : TYPE_IHI;
	}
	if (*lo < 0) {
		*lo = 0;
		if (*hi < 0)
			*hi = 0;
	}
}

void type_coll_parts(const struct type_dec *d, struct type_coll *c)
{
	memset(c, 0, sizeof(*c));
	c->lo = 0;
	c->hi = TYPE_IHI;
	size_t n = d->n;
	const struct value *s1 = NULL, *s2 = NULL;
	switch (d->k) {
	case TK_ARRAY:
		if (n >= 1 && type_param(d, 0)->kind == VAL_TYPE) {
			c->elem = type_param(d, 0);
			s1 = n >= 2 ? type_param(d, 1) : NULL;
			s2 = n >= 3 ? type_param(d, 2) : NULL;
		} else if (n >= 1) {
			s1 = type_param(d, 0);
			s2 = n >= 2 ? type_param(d, 1) : NULL;
		}
		break;
	case TK_HASH:
		if (n >= 2 && type_param(d, 0)->kind == VAL_TYPE) {
			c->key = type_param(d, 0);
			c->val = type_param(d, 1);
			s1 = n >= 3 ? type_param(d, 2) : NULL;
			s2 = n >= 4 ? type_param(d, 3) : NULL;
		} else if (n >= 1) {
			s1 = type_param(d, 0);
			s2 = n >= 2 ? type_param(d, 1) : NULL;
		}
		break;
	case TK_COLLECTION:
	case TK_STRING:
		if (d->sval)
			break;
		s1 = n >= 1 ? type_param(d, 0) : NULL;
		s2 = n >= 2 ? type_param(d, 1) : NULL;
		break;
	default:
		break;
	}
	if (s1) {
		c->has_size = true;
		size_of(s1, s2, &c->lo, &c->hi);
		if (c->lo == 0 && c->hi == 0) {
			c->elem = TYPE_KD(TK_UNIT);
			c->key = c->val = TYPE_KD(TK_UNIT);
		}
	}
}

static bool is_range_param(const struct value *v)
{
	return v->kind == VAL_INT || is_default(v);
}

void type_tuple_parts(const struct type_dec *d, struct type_tuple *tp)
{
	size_t n = d->n;
	tp->has_size = false;
	tp->ntypes = n;
	if (n >= 2 && is_range_param(type_param(d, n - 2)) &&
	    is_range_param(type_param(d, n - 1))) {
		tp->has_size = true;
		tp->ntypes = n - 2;
		size_of(type_param(d, n - 2), type_param(d, n - 1), &tp->lo,
			&tp->hi);
	} else if (n >= 1 && is_range_param(type_param(d, n - 1))) {
		tp->has_size = true;
		tp->ntypes = n - 1;
		size_of(type_param(d, n - 1), NULL, &tp->lo, &tp->hi);
	}
	if (!tp->has_size) {
		tp->lo = tp->ntypes ? (int64_t)tp->ntypes : 0;
		tp->hi = tp->ntypes ? (int64_t)tp->ntypes : TYPE_IHI;
	}
}

/* The element type for index i of a tuple with ntypes types (ntypes > 0) */
const struct value *type_tuple_at(const struct type_dec *d,
				  const struct type_tuple *tp, size_t i)
{
	return type_param(d, i < tp->ntypes ? i : tp->ntypes - 1);
}

void type_enum_parts(const struct type_dec *d, struct type_enum *e)
{
	e->nvals = d->n;
	e->ci = false;
	if (d->n && type_param(d, d->n - 1)->kind == VAL_BOOL) {
		e->ci = type_param(d, d->n - 1)->u.b;
		e->nvals--;
	}
}

/* Resource[...] and File[...]: the type name (NULL for Resource) and title */
void type_resource_parts(const struct type_dec *d, const char **name,
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

bool type_struct_elem(struct type_selem *e, const struct value *key,
		      const struct value *vt, const struct type_env *env)
{
	e->vt = vt;
	e->key_opt = false;
	e->name = NULL;
	if (key->kind == VAL_STRING) {
		e->name = key;
		e->key_opt =
			type_compare_assignable(vt, TYPE_KD(TK_UNDEF), env);
		return true;
	}
	struct type_dec d;
	type_decode(&d, key, NULL);
	if (d.k == TK_OPTIONAL || d.k == TK_NOTUNDEF) {
		e->key_opt = d.k == TK_OPTIONAL;
		const struct value *in = type_contained(&d);
		if (!in)
			return false;
		type_decode(&d, in, NULL);
	}
	if (d.k == TK_STRING && d.sval)
		e->name = d.sval;
	else if (d.k == TK_ENUM && d.n == 1 &&
		 type_param(&d, 0)->kind == VAL_STRING)
		e->name = type_param(&d, 0);
	return e->name != NULL;
}

const struct value *type_struct_hash(const struct type_dec *d)
{
	if (d->np == 1 && d->p[0]->kind == VAL_HASH)
		return d->p[0];
	return NULL;
}

size_t type_utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* ---- building types: inference, generalization ---- */

struct value *type_new(struct arena *a, const char *name, size_t n)
{
	struct value **p = n ? arena_alloc(a, n * sizeof(*p)) : NULL;
	return val_type(a, name, p, n);
}

struct value *type_new1(struct arena *a, const char *name,
			const struct value *p0)
{
	struct value *t = type_new(a, name, 1);
	t->u.t.params[0] = (struct value *)p0;
	return t;
}

/* A bound as a type parameter: the int, or default when unbounded */
struct value *type_bound(struct arena *a, int64_t x)
{
	return x == TYPE_ILO || x == TYPE_IHI ? val_default() : val_int(a, x);
}

struct value *type_fbound(struct arena *a, double x)
{
	return isinf(x) ? val_default() : val_float(a, x);
}

void type_list_push(struct arena *a, struct type_list *l, const struct value *t)
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
		return type_bytes_eq(a, b);
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

void type_list_push_uniq(struct arena *a, struct type_list *l,
			 const struct value *t)
{
	for (size_t i = 0; i < l->n; i++)
		if (teq(l->v[i], t))
			return;
	type_list_push(a, l, t);
}

/* Appends t, or the members of t when it is a Variant, recursively. */
void type_list_push_flat(struct arena *a, struct type_list *l,
			 const struct value *t)
{
	struct type_dec d;
	type_decode(&d, t, NULL);
	if (d.k == TK_VARIANT) {
		for (size_t i = 0; i < d.n; i++)
			type_list_push_flat(a, l, type_param(&d, i));
		return;
	}
	type_list_push_uniq(a, l, t);
}

struct value *type_list_type(struct arena *a, const char *name,
			     const struct type_list *l)
{
	return val_type(a, name, l->v, l->n);
}

/* PVariantType.maybe_create: flattened, without duplicates, unwrapped
 * when a single type remains */
struct value *type_variant_of(struct arena *a, struct value *const *ts,
			      size_t n)
{
	struct type_list l = { 0 };
	for (size_t i = 0; i < n; i++)
		type_list_push_flat(a, &l, ts[i]);
	if (l.n == 1)
		return l.v[0];
	return type_list_type(a, "Variant", &l);
}

void type_variant_flatten(struct type_members *m, const struct type_dec *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct value *t = type_param(d, i);
		if (type_name_is(t, "Variant")) {
			struct type_dec sub;
			type_decode(&sub, t, NULL);
			type_variant_flatten(m, &sub);
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

static struct value *infer_set(struct arena *a, const struct value *v);

/* Types of a value that infer and infer_set agree on */
static struct value *infer_scalar(struct arena *a, const struct value *v)
{
	struct value *t;
	switch (v->kind) {
	case VAL_UNDEF:
		return TYPE_KD(TK_UNDEF);
	case VAL_DEFAULT:
		return TYPE_KD(TK_DEFAULT);
	case VAL_BOOL:
		return type_new1(a, "Boolean", v);
	case VAL_INT:
	case VAL_FLOAT:
		t = type_new(a, v->kind == VAL_INT ? "Integer" : "Float", 2);
		t->u.t.params[0] = t->u.t.params[1] = (struct value *)v;
		return t;
	case VAL_STRING:
		return type_new1(a, "String", v); /* the String v */
	case VAL_REGEX:
		return type_new1(a, "Regexp", v);
	case VAL_TYPE:
		return type_new1(a, "Type", v);
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
		struct value *t = type_new(a, "Tuple", n);
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
			val_hash_set(a, h,
				     type_new1(a, "String", v->u.h.e[i].key),
				     infer_set(a, v->u.h.e[i].val));
		return type_new1(a, "Struct", h);
	}
	struct value **ks = arena_alloc(a, n * sizeof(*ks));
	struct value **vs = arena_alloc(a, n * sizeof(*vs));
	for (size_t i = 0; i < n; i++) {
		ks[i] = infer_set(a, v->u.h.e[i].key);
		vs[i] = infer_set(a, v->u.h.e[i].val);
	}
	struct value *t = type_new(a, "Hash", 4);
	t->u.t.params[0] = type_variant_of(a, ks, n);
	t->u.t.params[1] = type_variant_of(a, vs, n);
	t->u.t.params[2] = t->u.t.params[3] = val_int(a, (int64_t)n);
	return t;
}

/* Enum values (VAL_STRINGs) of a and b together, without duplicates */
static void enum_values(struct arena *a, struct type_list *l,
			const struct type_dec *d)
{
	if (d->sval) {
		type_list_push_uniq(a, l, d->sval);
		return;
	}
	struct type_enum e;
	type_enum_parts(d, &e);
	for (size_t i = 0; i < e.nvals; i++)
		type_list_push_uniq(a, l, type_param(d, i));
}

static bool both_assignable_to(const struct value *t, const struct value *t1,
			       const struct value *t2)
{
	return type_compare_assignable(t, t1, NULL) &&
	       type_compare_assignable(t, t2, NULL);
}

/* TypeCalculator#common_type */
static struct value *common(struct arena *a, struct value *t1,
			    struct value *t2)
{
	if (!t1)
		return t2;
	if (!t2)
		return t1;
	struct type_dec d1, d2;
	type_decode(&d1, t1, NULL);
	type_decode(&d2, t2, NULL);
	if (d1.k == TK_UNDEF || d1.k == TK_UNIT)
		return t2;
	if (d2.k == TK_UNDEF || d2.k == TK_UNIT)
		return t1;
	if (type_compare_assignable(t1, t2, NULL))
		return t1;
	if (type_compare_assignable(t2, t1, NULL))
		return t2;
	if (d1.k == TK_ARRAY && d2.k == TK_ARRAY) {
		struct type_coll c1, c2;
		type_coll_parts(&d1, &c1);
		type_coll_parts(&d2, &c2);
		return type_new1(a, "Array",
				 common(a, (struct value *)type_or_any(c1.elem),
					(struct value *)type_or_any(c2.elem)));
	}
	if (d1.k == TK_HASH && d2.k == TK_HASH) {
		struct type_coll c1, c2;
		type_coll_parts(&d1, &c1);
		type_coll_parts(&d2, &c2);
		struct value *t = type_new(a, "Hash", 2);
		t->u.t.params[0] =
			common(a, (struct value *)type_or_any(c1.key),
			       (struct value *)type_or_any(c2.key));
		t->u.t.params[1] =
			common(a, (struct value *)type_or_any(c1.val),
			       (struct value *)type_or_any(c2.val));
		return t;
	}
	if (d1.k == TK_CLASS && d2.k == TK_CLASS)
		return TYPE_KD(TK_CLASS);
	if (d1.k == TK_RESOURCE && d2.k == TK_RESOURCE) {
		const char *n1, *n2;
		const struct value *x;
		type_resource_parts(&d1, &n1, &x);
		type_resource_parts(&d2, &n2, &x);
		if (n1 && n2 && !strcasecmp(n1, n2))
			return type_new(a, n1, 0);
		return TYPE_KD(TK_RESOURCE);
	}
	if (d1.k == TK_INTEGER && d2.k == TK_INTEGER) {
		int64_t l1, h1, l2, h2;
		type_int_range(&d1, &l1, &h1);
		type_int_range(&d2, &l2, &h2);
		struct value *t = type_new(a, "Integer", 2);
		t->u.t.params[0] = type_bound(a, l1 < l2 ? l1 : l2);
		t->u.t.params[1] = type_bound(a, h1 > h2 ? h1 : h2);
		return t;
	}
	if (d1.k == TK_FLOAT && d2.k == TK_FLOAT) {
		double l1, h1, l2, h2;
		type_float_range(&d1, &l1, &h1);
		type_float_range(&d2, &l2, &h2);
		double lo = l1 < l2 ? l1 : l2, hi = h1 > h2 ? h1 : h2;
		struct value *t = type_new(a, "Float", 2);
		t->u.t.params[0] = type_fbound(a, lo);
		t->u.t.params[1] = type_fbound(a, hi);
		return t;
	}
	if ((d1.k == TK_STRING || d1.k == TK_ENUM) &&
	    (d2.k == TK_STRING || d2.k == TK_ENUM)) {
		struct type_list l = { 0 };
		if (d1.k == TK_STRING && d2.k == TK_STRING) {
			bool sized1 = !d1.sval && d1.n;
			bool sized2 = !d2.sval && d2.n;
			if (!sized1 || !sized2) {
				if (!d1.sval || !d2.sval)
					return TYPE_KD(TK_STRING);
			} else {
				struct type_coll c1, c2;
				type_coll_parts(&d1, &c1);
				type_coll_parts(&d2, &c2);
				struct value *t = type_new(a, "String", 2);
				int64_t lo = c1.lo < c2.lo ? c1.lo : c2.lo;
				int64_t hi = c1.hi > c2.hi ? c1.hi : c2.hi;
				t->u.t.params[0] = type_bound(a, lo);
				t->u.t.params[1] = type_bound(a, hi);
				return t;
			}
		} else if ((d1.k == TK_STRING && !d1.sval) ||
			   (d2.k == TK_STRING && !d2.sval)) {
			return TYPE_KD(TK_ENUM);
		}
		enum_values(a, &l, &d1);
		enum_values(a, &l, &d2);
		return type_list_type(a, "Enum", &l);
	}
	if (d1.k == TK_PATTERN && d2.k == TK_PATTERN) {
		struct type_list l = { 0 };
		for (size_t i = 0; i < d1.n; i++)
			type_list_push_uniq(a, &l, type_param(&d1, i));
		for (size_t i = 0; i < d2.n; i++)
			type_list_push_uniq(a, &l, type_param(&d2, i));
		return type_list_type(a, "Pattern", &l);
	}
	if (d1.k == TK_VARIANT && d2.k == TK_VARIANT) {
		struct type_list l = { 0 };
		type_list_push_flat(a, &l, t1);
		type_list_push_flat(a, &l, t2);
		return type_variant_of(a, l.v, l.n);
	}
	if (d1.k == TK_REGEXP && d2.k == TK_REGEXP)
		return TYPE_KD(TK_REGEXP);
	if (d1.k == TK_CALLABLE && d2.k == TK_CALLABLE)
		return TYPE_KD(TK_CALLABLE);
	if (both_assignable_to(TYPE_KD(TK_NUMERIC), t1, t2))
		return TYPE_KD(TK_NUMERIC);
	if (both_assignable_to(TYPE_KD(TK_SCALARDATA), t1, t2))
		return TYPE_KD(TK_SCALARDATA);
	if (both_assignable_to(TYPE_KD(TK_SCALAR), t1, t2))
		return TYPE_KD(TK_SCALAR);
	if (both_assignable_to(TYPE_KD(TK_DATA), t1, t2))
		return TYPE_KD(TK_DATA);
	if (d1.k == TK_TYPE && d2.k == TK_TYPE) {
		struct value *c = common(a, (struct value *)type_contained(&d1),
					 (struct value *)type_contained(&d2));
		return c ? type_new1(a, "Type", c) : TYPE_KD(TK_TYPE);
	}
	if (both_assignable_to(TYPE_KD(TK_RICHDATA), t1, t2))
		return TYPE_KD(TK_RICHDATA);
	return TYPE_KD(TK_ANY);
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
		struct value *t = type_new(a, "Array", 3);
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
		struct value *t = type_new(a, "Hash", 4);
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
struct value *type_new_tail(struct arena *a, const char *name,
			    const struct type_dec *d, struct value *const *head,
			    size_t nhead, size_t skip)
{
	size_t tail = d->n > skip ? d->n - skip : 0;
	struct value *t = type_new(a, name, nhead + tail);
	for (size_t i = 0; i < nhead; i++)
		t->u.t.params[i] = head[i];
	for (size_t i = 0; i < tail; i++)
		t->u.t.params[nhead + i] =
			(struct value *)type_param(d, skip + i);
	return t;
}

struct value *type_generalize(struct arena *a, const struct value *type)
{
	struct value *t = (struct value *)type;
	struct type_dec d;
	type_decode(&d, t, NULL);
	switch (d.k) {
	case TK_INTEGER:
	case TK_FLOAT:
	case TK_STRING:
	case TK_BOOLEAN:
	case TK_COLLECTION:
		return TYPE_KD(d.k);
	case TK_ENUM: {
		struct type_enum e;
		type_enum_parts(&d, &e);
		if (!e.nvals)
			return TYPE_KD(TK_STRING);
		int64_t mn = TYPE_IHI, mx = 0;
		for (size_t i = 0; i < e.nvals; i++) {
			const struct value *x = type_param(&d, i);
			int64_t n = x->kind == VAL_STRING ?
					    (int64_t)type_utf8_chars(
						    x->u.s.ptr, x->u.s.len) :
					    0;
			mn = n < mn ? n : mn;
			mx = n > mx ? n : mx;
		}
		struct value *s = type_new(a, "String", 2);
		s->u.t.params[0] = val_int(a, mn);
		s->u.t.params[1] = val_int(a, mx);
		return s;
	}
	case TK_ARRAY: {
		struct type_coll c;
		type_coll_parts(&d, &c);
		if (!c.elem || type_is_any(c.elem))
			return TYPE_KD(TK_ARRAY);
		return type_new1(a, "Array", type_generalize(a, c.elem));
	}
	case TK_HASH: {
		struct type_coll c;
		type_coll_parts(&d, &c);
		if (d.n == 0 || (c.has_size && c.hi == 0))
			return t;
		struct value *h = type_new(a, "Hash", 2);
		h->u.t.params[0] = type_generalize(a, type_or_any(c.key));
		h->u.t.params[1] = type_generalize(a, type_or_any(c.val));
		return h;
	}
	case TK_TUPLE: {
		struct type_tuple tp;
		type_tuple_parts(&d, &tp);
		if (!d.n)
			return t;
		struct value **g = arena_alloc(a, (tp.ntypes + 1) * sizeof(*g));
		for (size_t i = 0; i < tp.ntypes; i++)
			g[i] = type_generalize(a, type_param(&d, i));
		return type_new_tail(a, "Tuple", &d, g, tp.ntypes, tp.ntypes);
	}
	case TK_STRUCT: {
		const struct value *h = type_struct_hash(&d);
		if (!h || !h->u.h.n)
			return TYPE_KD(TK_STRUCT);
		struct value *nh = val_hash(a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++)
			val_hash_set(a, nh, h->u.h.e[i].key,
				     type_generalize(a, h->u.h.e[i].val));
		return type_new1(a, "Struct", nh);
	}
	case TK_VARIANT: {
		if (!d.n)
			return t;
		struct value **g = arena_alloc(a, d.n * sizeof(*g));
		for (size_t i = 0; i < d.n; i++)
			g[i] = type_generalize(a, type_param(&d, i));
		return type_variant_of(a, g, d.n);
	}
	default:
		if (type_kind_is_contained(d.k)) {
			const struct value *in = type_contained(&d);
			if (!in)
				return TYPE_KD(d.k);
			return type_new1(a, type_kind_name(d.k),
					 type_generalize(a, in));
		}
		return t;
	}
}

/* ---- iteration ---- */

/* What iterating over an instance of `d` yields (Puppet's iterable_type),
 * or NULL when d is not iterable or yields anything. */
const struct value *type_iterable_type(struct arena *a,
				       const struct type_dec *d)
{
	switch (d->k) {
	case TK_STRING:
	case TK_ENUM:
		return &t_char;
	case TK_INTEGER:
		return TYPE_KD(TK_INTEGER);
	case TK_ARRAY: {
		struct type_coll cl;
		type_coll_parts(d, &cl);
		return cl.elem && !type_is_any(cl.elem) ? cl.elem : NULL;
	}
	case TK_HASH: {
		struct type_coll cl;
		type_coll_parts(d, &cl);
		struct value *t = type_new(a, "Tuple", 4);
		bool dflt = (!cl.key && !cl.val && !cl.has_size) ||
			    (cl.has_size && cl.hi == 0);
		const struct value *k =
			dflt ? TYPE_KD(TK_UNIT) : type_or_any(cl.key);
		const struct value *v =
			dflt ? TYPE_KD(TK_UNIT) : type_or_any(cl.val);
		t->u.t.params[0] = (struct value *)k;
		t->u.t.params[1] = (struct value *)v;
		t->u.t.params[2] = t->u.t.params[3] = &v_two;
		return t;
	}
	case TK_TUPLE: {
		struct type_tuple tp;
		type_tuple_parts(d, &tp);
		if (!tp.ntypes)
			return NULL;
		struct value **ts = arena_alloc(a, tp.ntypes * sizeof(*ts));
		for (size_t i = 0; i < tp.ntypes; i++)
			ts[i] = (struct value *)type_param(d, i);
		return type_variant_of(a, ts, tp.ntypes);
	}
	case TK_STRUCT: {
		const struct value *h = type_struct_hash(d);
		struct value *t = type_new(a, "Tuple", 4);
		t->u.t.params[2] = t->u.t.params[3] = &v_two;
		if (!h || !h->u.h.n) {
			t->u.t.params[0] = t->u.t.params[1] = TYPE_KD(TK_UNIT);
			return t;
		}
		size_t n = h->u.h.n;
		struct value **ks = arena_alloc(a, n * sizeof(*ks));
		struct value **vs = arena_alloc(a, n * sizeof(*vs));
		for (size_t i = 0; i < n; i++) {
			ks[i] = h->u.h.e[i].key;
			vs[i] = h->u.h.e[i].val;
		}
		t->u.t.params[0] = type_variant_of(a, ks, n);
		t->u.t.params[1] = type_variant_of(a, vs, n);
		return t;
	}
	case TK_ITERABLE:
	case TK_ITERATOR:
		return type_contained(d);
	case TK_TYPE: {
		const struct value *in = type_contained(d);
		struct type_dec di;
		if (!in)
			return NULL;
		type_decode(&di, in, NULL);
		if (di.k == TK_ENUM)
			return in;
		if (di.k == TK_INTEGER) {
			int64_t lo, hi;
			type_int_range(&di, &lo, &hi);
			return lo != TYPE_ILO && hi != TYPE_IHI ? in : NULL;
		}
		return NULL;
	}
	default:
		return NULL;
	}
}
