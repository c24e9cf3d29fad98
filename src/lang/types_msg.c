/* SPDX-License-Identifier: MIT */
/* types_msg.c: Puppet's data types: normalization, mismatch messages */
#include "util/compat.h"
#include <inttypes.h>
#include "lang/types-internal.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"

/* ---- normalization (PAnyType#normalize), for mismatch descriptions ---- */

static bool int_merge(int64_t *lo, int64_t *hi, int64_t l2, int64_t h2)
{
	bool meet = !(*hi < l2 || h2 < *lo) ||
		    (*hi != TYPE_IHI && *hi + 1 == l2) ||
		    (h2 != TYPE_IHI && h2 + 1 == *lo);
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
static void merge_numbers(struct arena *a, struct type_list *l,
			  enum type_kind k)
{
	struct type_list ranges = { 0 }, others = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		struct type_dec d;
		type_decode(&d, l->v[i], NULL);
		type_list_push(a, d.k == k ? &ranges : &others, l->v[i]);
	}
	if (ranges.n < 2)
		return;
	struct type_list result = { 0 };
	while (ranges.n) {
		struct type_list unmerged = { 0 };
		struct type_dec d;
		type_decode(&d, ranges.v[--ranges.n], NULL);
		int64_t lo, hi;
		double flo, fhi;
		type_int_range(&d, &lo, &hi);
		type_float_range(&d, &flo, &fhi);
		bool merged_any = false;
		for (size_t i = 0; i < ranges.n; i++) {
			struct type_dec y;
			type_decode(&y, ranges.v[i], NULL);
			bool ok;
			if (k == TK_INTEGER) {
				int64_t l2, h2;
				type_int_range(&y, &l2, &h2);
				ok = int_merge(&lo, &hi, l2, h2);
			} else {
				double l2, h2;
				type_float_range(&y, &l2, &h2);
				ok = float_merge(&flo, &fhi, l2, h2);
			}
			if (ok)
				merged_any = true;
			else
				type_list_push(a, &unmerged, ranges.v[i]);
		}
		if (!merged_any) {
			type_list_push(a, &result, d.t);
		} else if (k == TK_INTEGER) {
			struct value *t = type_new(a, "Integer", 2);
			t->u.t.params[0] = type_bound(a, lo);
			t->u.t.params[1] = type_bound(a, hi);
			type_list_push(a, &result, t);
		} else {
			struct value *t = type_new(a, "Float", 2);
			t->u.t.params[0] = type_fbound(a, flo);
			t->u.t.params[1] = type_fbound(a, fhi);
			type_list_push(a, &result, t);
		}
		ranges = unmerged;
	}
	for (size_t i = 0; i < others.n; i++)
		type_list_push(a, &result, others.v[i]);
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
static void merge_kinds(struct arena *a, struct type_list *l,
			const struct type_env *env)
{
	struct type_list nu = { 0 }, rest = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		struct type_dec d;
		type_decode(&d, l->v[i], NULL);
		type_list_push(a, d.k == TK_NOTUNDEF ? &nu : &rest, l->v[i]);
	}
	if (nu.n > 1) {
		struct type_list in = { 0 };
		for (size_t i = 0; i < nu.n; i++) {
			struct type_dec d;
			type_decode(&d, nu.v[i], NULL);
			type_list_push(a, &in, type_or_any(type_contained(&d)));
		}
		const struct value *nin =
			type_normalize(a, type_variant_of(a, in.v, in.n), env);
		type_list_push(a, &rest, type_new1(a, "NotUndef", nin));
		*l = rest;
	}
	for (int pass = 0; pass < 3; pass++) {
		struct type_list hit = { 0 }, other = { 0 };
		for (size_t i = 0; i < l->n; i++) {
			struct type_dec d;
			type_decode(&d, l->v[i], NULL);
			struct type_enum e = { 0, false };
			if (d.k == TK_ENUM)
				type_enum_parts(&d, &e);
			bool take;
			if (pass == 0)
				take = (d.k == TK_ENUM && e.nvals && !e.ci) ||
				       (d.k == TK_STRING && d.sval);
			else if (pass == 1)
				take = d.k == TK_ENUM && e.nvals && e.ci;
			else
				take = d.k == TK_PATTERN;
			type_list_push(a, take ? &hit : &other, l->v[i]);
		}
		if (hit.n < 2)
			continue;
		struct type_list vals = { 0 };
		for (size_t i = 0; i < hit.n; i++) {
			struct type_dec d;
			type_decode(&d, hit.v[i], NULL);
			if (pass == 2) {
				for (size_t j = 0; j < d.n; j++)
					type_list_push_uniq(a, &vals,
							    type_param(&d, j));
			} else if (d.sval) {
				type_list_push_uniq(a, &vals, d.sval);
			} else {
				struct type_enum e;
				type_enum_parts(&d, &e);
				for (size_t j = 0; j < e.nvals; j++) {
					const struct value *x =
						type_param(&d, j);
					if (pass)
						x = downcase(a, x);
					type_list_push_uniq(a, &vals, x);
				}
			}
		}
		if (pass == 1)
			type_list_push(a, &vals, val_bool(true));
		type_list_push(a, &other,
			       type_list_type(a, pass == 2 ? "Pattern" : "Enum",
					      &vals));
		*l = other;
	}
}

static const struct value *norm_variant(struct arena *a,
					const struct type_dec *d,
					const struct type_env *env)
{
	if (!d->n)
		return d->t;
	/* Puppet flattened nested Variants and dropped duplicates when it
	 * built the type (maybe_create); start from that */
	struct type_list built = { 0 }, l = { 0 };
	for (size_t i = 0; i < d->n; i++)
		type_list_push_flat(a, &built, type_param(d, i));
	bool modified = built.n != d->n;
	for (size_t i = 0; i < built.n; i++) {
		const struct value *nm = type_normalize(a, built.v[i], env);
		modified |= nm != built.v[i];
		type_list_push(a, &l, nm);
	}
	if (l.n == 1)
		return l.v[0];
	bool optional = false;
	for (size_t i = 0; i < l.n; i++) {
		struct type_dec m;
		type_decode(&m, l.v[i], NULL);
		optional |= m.k == TK_UNDEF || m.k == TK_OPTIONAL;
	}
	if (optional) {
		struct type_list rest = { 0 };
		for (size_t i = 0; i < l.n; i++) {
			struct type_dec m;
			type_decode(&m, l.v[i], NULL);
			if (m.k == TK_OPTIONAL && type_contained(&m))
				type_list_push(a, &rest, type_contained(&m));
			else if (m.k != TK_UNDEF && m.k != TK_OPTIONAL)
				type_list_push(a, &rest, l.v[i]);
		}
		struct value *inner = type_variant_of(a, rest.v, rest.n);
		return type_normalize(a, type_new1(a, "Optional", inner), env);
	}
	struct type_list flat = { 0 };
	for (size_t i = 0; i < l.n; i++) {
		struct type_dec m;
		type_decode(&m, l.v[i], NULL);
		if (m.k == TK_VARIANT)
			for (size_t j = 0; j < m.n; j++)
				type_list_push(a, &flat, type_param(&m, j));
		else
			type_list_push(a, &flat, l.v[i]);
	}
	size_t before = flat.n;
	merge_kinds(a, &flat, env);
	merge_numbers(a, &flat, TK_INTEGER);
	merge_numbers(a, &flat, TK_FLOAT);
	if (flat.n == 1)
		return flat.v[0];
	if (modified || flat.n != before)
		return type_variant_of(a, flat.v, flat.n);
	return d->t;
}

const struct value *type_normalize(struct arena *a, const struct value *t,
				   const struct type_env *env)
{
	struct type_dec d;
	type_decode(&d, t, env);
	switch (d.k) {
	case TK_VARIANT:
		return norm_variant(a, &d, env);
	case TK_OPTIONAL: {
		const struct value *in = type_contained(&d);
		if (!in)
			return t;
		const struct value *nin = type_normalize(a, in, env);
		struct type_dec di;
		type_decode(&di, nin, env);
		if (di.k == TK_NOTUNDEF) {
			const struct value *in2 = type_contained(&di);
			if (!in2)
				return TYPE_KD(TK_OPTIONAL);
			return type_normalize(a, type_new1(a, "Optional", in2),
					      env);
		}
		if (type_compare_assignable(nin, TYPE_KD(TK_UNDEF), env))
			return nin;
		return nin == in ? t : type_new1(a, "Optional", nin);
	}
	case TK_NOTUNDEF: {
		const struct value *in = type_contained(&d);
		if (!in || type_is_any(in))
			return t;
		const struct value *nin = type_normalize(a, in, env);
		struct type_dec di;
		type_decode(&di, nin, env);
		if (di.k == TK_OPTIONAL) {
			const struct value *in2 = type_contained(&di);
			if (!in2)
				return TYPE_KD(TK_NOTUNDEF);
			return type_normalize(a, type_new1(a, "NotUndef", in2),
					      env);
		}
		if (!type_compare_assignable(nin, TYPE_KD(TK_UNDEF), env))
			return nin;
		return nin == in ? t : type_new1(a, "NotUndef", nin);
	}
	case TK_COLLECTION:
		return TYPE_KD(TK_COLLECTION);
	case TK_ARRAY: {
		struct type_coll c;
		type_coll_parts(&d, &c);
		if (!c.elem || type_is_any(c.elem))
			return TYPE_KD(TK_ARRAY);
		if (c.elem == TYPE_KD(TK_UNIT))
			return t;
		struct value *ne =
			(struct value *)type_normalize(a, c.elem, env);
		return ne == c.elem ? t :
				      type_new_tail(a, "Array", &d, &ne, 1, 1);
	}
	case TK_HASH: {
		struct type_coll c;
		type_coll_parts(&d, &c);
		if (!c.key || (c.has_size && c.hi == 0))
			return t;
		struct value *nk[2] = {
			(struct value *)type_normalize(a, c.key, env),
			(struct value *)type_normalize(a, c.val, env),
		};
		/* Puppet builds a new Hash type whenever it has a size,
		 * which counts as a change when normalizing a Variant */
		if (nk[0] == c.key && nk[1] == c.val && !c.has_size)
			return t;
		return type_new_tail(a, "Hash", &d, nk, 2, 2);
	}
	case TK_STRUCT: {
		const struct value *h = type_struct_hash(&d);
		if (!h || !h->u.h.n)
			return TYPE_KD(TK_STRUCT);
		bool changed = false;
		struct value *nh = val_hash(a, h->u.h.n);
		for (size_t i = 0; i < h->u.h.n; i++) {
			const struct value *nv =
				type_normalize(a, h->u.h.e[i].val, env);
			changed |= nv != h->u.h.e[i].val;
			val_hash_set(a, nh, h->u.h.e[i].key,
				     (struct value *)nv);
		}
		return changed ? type_new1(a, "Struct", nh) : t;
	}
	case TK_TUPLE: {
		struct type_tuple tp;
		type_tuple_parts(&d, &tp);
		if (!d.n)
			return t;
		bool changed = false;
		struct value **nt =
			arena_alloc(a, (tp.ntypes + 1) * sizeof(*nt));
		for (size_t i = 0; i < tp.ntypes; i++) {
			nt[i] = (struct value *)type_normalize(
				a, type_param(&d, i), env);
			changed |= nt[i] != type_param(&d, i);
		}
		return changed ? type_new_tail(a, "Tuple", &d, nt, tp.ntypes,
					       tp.ntypes) :
				 t;
	}
	case TK_TYPE:
	case TK_ITERABLE:
	case TK_ITERATOR:
	case TK_SENSITIVE: {
		const struct value *in = type_contained(&d);
		if (!in)
			return t;
		const struct value *nin = type_normalize(a, in, env);
		return nin == in ? t : type_new1(a, type_kind_name(d.k), nin);
	}
	default:
		return t;
	}
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
	m->exp = type_normalize(c->a, exp, c->env);
	m->act = type_normalize(c->a, act, c->env);
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
		    (x->k != PE_INDEX && !type_bytes_eq(x->key, y->key)))
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
	r->exp = type_normalize(c->a, type_variant_of(c->a, ts, 2), c->env);
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
			     const struct type_dec *d, const struct value *orig,
			     const struct value *act, const struct path *p)
{
	struct type_dec od;
	type_decode(&od, orig, c->env);
	bool opt = od.k == TK_OPTIONAL;
	size_t nv = d->n + opt;
	struct mlist *vds = arena_alloc(c->a, nv * sizeof(*vds));
	for (size_t i = 0; i < nv; i++) {
		const struct value *vt = opt && i == 0 ? TYPE_KD(TK_UNDEF) :
							 type_param(d, i - opt);
		struct path vp = path_add(c->a, p, PE_VARIANT, i, NULL);
		describe(c, &vds[i], vt, act, &vp);
		if (!vds[i].n)
			return;
	}
	struct mlist merged = { 0 };
	merge_descriptions(c, &merged, p->n, vds, nv);
	if (type_kind_is_alias(od.k) && merged.n == 1) {
		add_type_mm(c, out, MM_TYPE, p, orig, act);
		return;
	}
	for (size_t i = 0; i < merged.n; i++)
		ml_push(c->a, out, merged.v[i]);
}

static void describe_array(struct dctx *c, struct mlist *out,
			   const struct type_dec *d, const struct value *orig,
			   const struct value *act, const struct path *p)
{
	struct type_coll e;
	type_coll_parts(d, &e);
	const struct value *elem = type_or_any(e.elem);
	struct type_dec da;
	type_decode(&da, act, c->env);
	if (da.k == TK_TUPLE) {
		struct type_tuple tp;
		type_tuple_parts(&da, &tp);
		if (!type_range_covers(e.lo, e.hi, tp.lo, tp.hi)) {
			add_size_mm(c, out, p, e.lo, e.hi, tp.lo, tp.hi);
			return;
		}
		for (size_t i = 0; i < tp.ntypes; i++) {
			if (type_compare_assignable(elem, type_param(&da, i),
						    c->env))
				continue;
			struct path ip = path_add(c->a, p, PE_INDEX, i, NULL);
			describe(c, out, elem, type_param(&da, i), &ip);
		}
		return;
	}
	if (da.k == TK_ARRAY) {
		struct type_coll o;
		type_coll_parts(&da, &o);
		if (!e.has_size || type_range_covers(e.lo, e.hi, o.lo, o.hi))
			add_type_mm(c, out, MM_TYPE, p, orig,
				    type_new1(c->a, "Array",
					      type_or_any(o.elem)));
		else
			add_size_mm(c, out, p, e.lo, e.hi, o.lo, o.hi);
		return;
	}
	add_type_mm(c, out, MM_TYPE, p, orig, act);
}

static struct value *hash_kv(struct arena *a, const struct type_coll *o)
{
	struct value *t = type_new(a, "Hash", 2);
	t->u.t.params[0] = (struct value *)type_or_any(o->key);
	t->u.t.params[1] = (struct value *)type_or_any(o->val);
	return t;
}

static void describe_hash(struct dctx *c, struct mlist *out,
			  const struct type_dec *d, const struct value *orig,
			  const struct value *act, const struct path *p)
{
	struct type_coll e;
	type_coll_parts(d, &e);
	const struct value *kt = type_or_any(e.key), *vt = type_or_any(e.val);
	struct type_dec da;
	type_decode(&da, act, c->env);
	if (da.k == TK_STRUCT) {
		const struct value *h = type_struct_hash(&da);
		size_t n = h ? h->u.h.n : 0;
		int64_t required = 0;
		for (size_t i = 0; i < n; i++) {
			struct type_selem se;
			if (type_struct_elem(&se, h->u.h.e[i].key,
					     h->u.h.e[i].val, c->env) &&
			    !se.key_opt)
				required++;
		}
		if (!type_range_covers(e.lo, e.hi, required, (int64_t)n)) {
			add_size_mm(c, out, p, e.lo, e.hi, required,
				    (int64_t)n);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			struct type_selem se;
			if (!type_struct_elem(&se, h->u.h.e[i].key,
					      h->u.h.e[i].val, c->env))
				continue;
			if (!type_compare_assignable(kt, se.name, c->env)) {
				struct path kp = path_add(c->a, p, PE_KEY, 0,
							  se.name);
				describe(c, out, kt, se.name, &kp);
			}
			if (!type_compare_assignable(vt, se.vt, c->env)) {
				struct path ep = path_add(c->a, p, PE_ENTRY, 0,
							  se.name);
				describe(c, out, vt, se.vt, &ep);
			}
		}
		return;
	}
	if (da.k == TK_HASH) {
		struct type_coll o;
		type_coll_parts(&da, &o);
		if (!e.has_size || type_range_covers(e.lo, e.hi, o.lo, o.hi))
			add_type_mm(c, out, MM_TYPE, p, orig,
				    hash_kv(c->a, &o));
		else
			add_size_mm(c, out, p, e.lo, e.hi, o.lo, o.hi);
		return;
	}
	add_type_mm(c, out, MM_TYPE, p, orig, act);
}

static void describe_struct(struct dctx *c, struct mlist *out,
			    const struct type_dec *d, const struct value *orig,
			    const struct value *act, const struct path *p)
{
	const struct value *h1 = type_struct_hash(d);
	size_t n1 = h1 ? h1->u.h.n : 0;
	struct type_dec da;
	type_decode(&da, act, c->env);
	if (da.k == TK_STRUCT) {
		const struct value *h2 = type_struct_hash(&da);
		size_t n2 = h2 ? h2->u.h.n : 0;
		bool *used = arena_alloc(c->a, n2 + 1);
		for (size_t i = 0; i < n1; i++) {
			struct type_selem e1, e2;
			if (!type_struct_elem(&e1, h1->u.h.e[i].key,
					      h1->u.h.e[i].val, c->env))
				continue;
			size_t j;
			for (j = 0; j < n2; j++)
				if (!used[j] &&
				    type_struct_elem(&e2, h2->u.h.e[j].key,
						     h2->u.h.e[j].val,
						     c->env) &&
				    type_bytes_eq(e1.name, e2.name))
					break;
			if (j == n2) {
				if (!e1.key_opt)
					add_key_mm(c, out, MM_MISSING, p,
						   e1.name);
				continue;
			}
			used[j] = true;
			if (!type_compare_assignable(e1.vt, e2.vt, c->env)) {
				struct path ep = path_add(c->a, p, PE_ENTRY, 0,
							  e1.name);
				describe(c, out, e1.vt, e2.vt, &ep);
			}
		}
		for (size_t j = 0; j < n2; j++) {
			struct type_selem e2;
			if (!used[j] &&
			    type_struct_elem(&e2, h2->u.h.e[j].key,
					     h2->u.h.e[j].val, c->env))
				add_key_mm(c, out, MM_EXTRA, p, e2.name);
		}
		return;
	}
	if (da.k == TK_HASH) {
		struct type_coll o;
		type_coll_parts(&da, &o);
		int64_t required = 0;
		for (size_t i = 0; i < n1; i++) {
			struct type_selem e;
			if (type_struct_elem(&e, h1->u.h.e[i].key,
					     h1->u.h.e[i].val, c->env) &&
			    !e.key_opt)
				required++;
		}
		if (type_range_covers(required, (int64_t)n1, o.lo, o.hi))
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
			   const struct type_dec *d, const struct value *orig,
			   const struct value *act, const struct path *p)
{
	struct type_tuple e;
	type_tuple_parts(d, &e);
	struct type_dec da;
	type_decode(&da, act, c->env);
	if (type_is_same(d->t, act) || (!e.ntypes && da.k == TK_ARRAY))
		return;
	if (da.k == TK_TUPLE) {
		struct type_tuple o;
		type_tuple_parts(&da, &o);
		if (!type_range_covers(e.lo, e.hi, o.lo, o.hi)) {
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
			describe(c, out, type_param(d, adx), type_param(&da, i),
				 &ip);
		}
		return;
	}
	if (da.k == TK_ARRAY) {
		struct type_coll o;
		type_coll_parts(&da, &o);
		if (!type_range_covers(e.lo, e.hi, o.lo, o.hi)) {
			add_size_mm(c, out, p, e.lo, e.hi, o.lo, o.hi);
			return;
		}
		for (size_t i = 0; i < e.ntypes; i++) {
			struct path ip = path_add(c->a, p, PE_INDEX, i, NULL);
			describe(c, out, type_param(d, i), type_or_any(o.elem),
				 &ip);
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
	struct type_dec d;
	type_decode(&d, exp, c->env);
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
		struct type_dec da;
		type_decode(&da, act, c->env);
		const struct value *in = type_contained(&d);
		if (da.k == TK_UNDEF || !in)
			return;
		struct type_dec od;
		type_decode(&od, orig, c->env);
		internal_describe(c, out, in,
				  type_kind_is_alias(od.k) ? orig : exp, act,
				  p);
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
				  type_normalize(c->a, d.resolved, c->env), exp,
				  act, p);
		c->depth--;
		return;
	default:
		if (!type_compare_assignable(exp, act, c->env))
			add_type_mm(c, out, MM_TYPE, p, orig, act);
		return;
	}
}

static void describe(struct dctx *c, struct mlist *out,
		     const struct value *exp, const struct value *act,
		     const struct path *p)
{
	internal_describe(c, out, type_normalize(c->a, exp, c->env), exp, act,
			  p);
}

/* ---- rendering mismatches ---- */

/* LabelProvider#article: "an" before a vowel (y included) */
const char *type_article(const char *s)
{
	while (*s == '"' || *s == '\'')
		s++;
	char ch = *s >= 'A' && *s <= 'Z' ? *s + 32 : *s;
	return strchr("aeiouy", ch) && ch ? "an" : "a";
}

/* simple_name: the name of the type's class */
static const char *simple_name(const struct value *t)
{
	struct type_dec d;
	type_decode(&d, t, NULL);
	return type_kind_name(d.k);
}

/* `name`: an alias's own name, else the simple name */
static const char *type_name_of(const struct dctx *c, const struct value *t)
{
	struct type_dec d;
	type_decode(&d, t, c->env);
	if (type_kind_is_alias(d.k))
		return type_alias_name(&d);
	return type_kind_name(d.k);
}

/* TypeMismatch#short_name */
static const char *short_name(struct dctx *c, const struct value *t)
{
	struct type_dec d;
	type_decode(&d, t, c->env);
	if (type_kind_is_contained(d.k)) {
		const struct value *in = type_contained(&d);
		if (in && !type_is_any(in)) {
			/* a class reference given to a class or resource
			 * parameter arrives as a resource: Type[Resource] */
			const char *n = type_name_is(in, "Class") ?
						type_kind_name(TK_RESOURCE) :
						type_name_of(c, in);
			return arena_strfmt(c->a, "%s[%s]", type_kind_name(d.k),
					    n);
		}
	}
	return type_name_of(c, t);
}

static const struct value *resolve_all(const struct dctx *c,
				       const struct value *t)
{
	for (int i = 0; i < TYPE_MAX_DEPTH; i++) {
		struct type_dec d;
		type_decode(&d, t, c->env);
		if (!type_kind_is_alias(d.k))
			return t;
		t = d.resolved;
	}
	return t;
}

static bool always_fully_detailed(struct dctx *c, const struct value *e,
				  const struct value *a)
{
	struct type_dec de, da;
	type_decode(&de, e, c->env);
	type_decode(&da, a, c->env);
	return de.k == da.k || type_kind_is_alias(de.k) ||
	       type_kind_is_alias(da.k) ||
	       (de.k == TK_STRUCT && da.k == TK_HASH) ||
	       (de.k == TK_TUPLE && da.k == TK_ARRAY);
}

static bool assignable_to_default(struct dctx *c, const struct value *e,
				  const struct value *a)
{
	struct type_dec de;
	type_decode(&de, resolve_all(c, e), c->env);
	return type_compare_assignable(TYPE_KD(de.k), a, c->env);
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
			return type_render(c->a, a, true, c->env);
	const struct value *g = type_generalize(c->a, a);
	for (size_t i = 0; i < e->n; i++)
		if (type_compare_assignable(resolve_all(c, e->v[i]), g, c->env))
			return type_render(c->a, a, true, c->env);
	return simple_name(a);
}

static void msg_type(struct buf *out, struct dctx *c, const struct mm *m)
{
	const struct value *e = m->exp, *a = m->act;
	struct type_dec d;
	type_decode(&d, e, c->env);
	bool optional = false;
	if (d.k == TK_OPTIONAL) {
		optional = true;
		e = type_or_any(type_contained(&d));
		type_decode(&d, e, c->env);
	}
	struct elist el;
	const struct value *single = e;
	if (d.k == TK_VARIANT && d.n) {
		el.v = arena_alloc(c->a, (d.n + 1) * sizeof(*el.v));
		el.n = d.n;
		for (size_t i = 0; i < d.n; i++)
			el.v[i] = type_param(&d, i);
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
			names[nn++] = type_render(c->a, el.v[i], true, c->env);
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
		buf_addf(out, "expects %s %s value, got %s",
			 type_article(names[0]), names[0], as);
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
	struct type_dec d;
	type_decode(&d, e, c->env);
	const char *pfx = "";
	if (d.k == TK_OPTIONAL) {
		e = type_or_any(type_contained(&d));
		pfx = "an undef value or ";
	}
	buf_addf(out, "expects %sa match for %s, got ", pfx,
		 type_render(c->a, e, true, c->env));
	type_decode(&d, m->act, c->env);
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
	if (lo == TYPE_ILO)
		lo = 0;
	if (lo == hi)
		buf_addf(out, "%" PRId64, lo);
	else if (lo == 0 && hi == TYPE_IHI)
		buf_addstr(out, "unlimited");
	else if (lo == 0)
		buf_addf(out, "at most %" PRId64, hi);
	else if (hi == TYPE_IHI)
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
	const struct value *act = type_infer(a, v);
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
