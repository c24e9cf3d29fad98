/* SPDX-License-Identifier: MIT */
/* types_check.c: Puppet's data types: validating a new type's parameters */
#include "util/compat.h"
#include <inttypes.h>
#include <strings.h>
#include "lang/regex.h"
#include "lang/types-internal.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"

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
		struct type_dec d;
		type_decode(&d, v, NULL);
		const char *n = type_kind_name(d.k);
		if (type_kind_is_alias(d.k))
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
		const char *art = type_article(s.ptr);
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
	const char *art = type_article(n);
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
	type_to_s(out,
		  type_generalize(&scratch, type_infer_reduced(&scratch, v)));
	arena_release(&scratch);
}

/* BAD_TYPE_SPECIALIZATION */
static int bad_spec(struct buf *err, const struct type_dec *d,
		    const struct value *key, const char *expected)
{
	buf_addstr(err, "Error creating type specialization of ");
	type_label(err, TYPE_KD(d->k), true, false);
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
static int bad_arity_of(struct buf *err, const struct type_dec *d, size_t min,
			size_t max, size_t actual)
{
	struct buf l = BUF_INIT;
	type_label(&l, TYPE_KD(d->k), true, true);
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
	type_bound_fmt(err, lo);
	buf_addstr(err, ", ");
	if (hi == TYPE_IHI)
		buf_addstr(err, "Infinity");
	else
		buf_addf(err, "%" PRId64, hi);
	return -1;
}

/* collection_size_t: one Integer type, or one or two integers/default */
static int check_size(struct buf *err, const struct type_dec *d, size_t from)
{
	size_t n = d->n - from;
	if (n == 1 && type_name_is(type_param(d, from), "Integer"))
		return 0;
	int64_t b[2] = { TYPE_ILO, TYPE_IHI };
	for (size_t i = 0; i < n; i++) {
		const struct value *x = type_param(d, from + i);
		if (x->kind == VAL_INT) {
			b[i] = x->u.n.i;
		} else if (x->kind != VAL_DEFAULT) {
			buf_addstr(err, "A Type's size constraint arguments must be a single Integer type, or 1-2 integers (or default). Got ");
			value_label(err, x, false);
			return -1;
		}
	}
	if (b[0] != TYPE_ILO && b[1] != TYPE_IHI && b[0] > b[1])
		return bad_from_to(err, b[0], b[1]);
	return 0;
}

static int check_int_float(struct buf *err, const struct type_dec *d)
{
	bool is_int = d->k == TK_INTEGER;
	const char *name = type_kind_name(d->k);
	if (d->n < 1 || d->n > 2) {
		buf_addf(err, "%s-Type supports [] with one or two arguments (from, to). Got %zu", name, d->n);
		return -1;
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct value *x = type_param(d, i);
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
		type_int_range(d, &lo, &hi);
		if (lo != TYPE_ILO && hi != TYPE_IHI && lo > hi)
			return bad_from_to(err, lo, hi);
	} else {
		double lo, hi;
		type_float_range(d, &lo, &hi);
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

static int check_struct(struct buf *err, const struct type_dec *d)
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
		struct type_selem e;
		struct type_dec kd;
		type_decode(&kd, k, NULL);
		bool kind_ok = kd.k == TK_OPTIONAL || kd.k == TK_NOTUNDEF ||
			       kd.k == TK_STRING || kd.k == TK_ENUM;
		if (!kind_ok) {
			buf_addstr(err, "Illegal Struct member key type. Expected NotUndef, Optional, String, or Enum. Got: ");
			ruby_class(err, k);
			return -1;
		}
		if (!type_struct_elem(&e, k, h->u.h.e[i].val, NULL) ||
		    !e.name->u.s.len) {
			buf_addstr(err, "Unable to extract a non-empty literal string from Struct member key type ");
			type_to_s(err, k);
			return -1;
		}
	}
	return 0;
}

static int check_resource(struct buf *err, const struct type_dec *d)
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

static int check_class(struct buf *err, const struct type_dec *d)
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

static int check_patterns(struct buf *err, const struct type_dec *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct value *p = type_param(d, i);
		bool ok = p->kind == VAL_STRING || p->kind == VAL_REGEX;
		if (p->kind == VAL_TYPE) {
			struct type_dec sub;
			type_decode(&sub, p, NULL);
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
	struct type_dec d;
	type_decode(&d, type, NULL);
	if (d.k == TK_INVALID) {
		buf_addstr(err, "not a type");
		return -1;
	}
	if (!d.np)
		return 0;
	const struct type_kinfo *ki = type_kind_lookup(type->u.t.name);
	if (ki && (ki->flags & TYPE_KF_NOPARAMS)) {
		buf_addstr(err, "Operator '[]' is not applicable to ");
		type_label(err, TYPE_KD(d.k), true, false);
		buf_addch(err, '.');
		return -1;
	}
	const char *name = type_kind_name(d.k);
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
		if (is_type(type_param(&d, 0)))
			return check_size(err, &d, 1);
		if (d.n != 2)
			return bad_slice_type(err, name, type_param(&d, 0));
		return check_size(err, &d, 0);
	case TK_HASH:
		if (d.n == 2 && type_param(&d, 0)->kind == VAL_INT &&
		    type_param(&d, 1)->kind == VAL_INT)
			return check_size(err, &d, 0);
		for (size_t i = 0; i < 2 && i < d.n; i++)
			if (!is_type(type_param(&d, i)))
				return bad_slice_type(err, name,
						      type_param(&d, i));
		if (d.n < 2 || d.n > 4)
			return bad_arity(err, "Hash-Type", 2, 4, d.n);
		return check_size(err, &d, 2);
	case TK_TUPLE: {
		struct type_tuple tp;
		type_tuple_parts(&d, &tp);
		if (!tp.ntypes)
			return bad_arity_of(err, &d, 1, SIZE_MAX, 0);
		for (size_t i = 0; i < tp.ntypes; i++)
			if (!is_type(type_param(&d, i)))
				return bad_spec(err, &d, type_param(&d, i),
						"Any-Type");
		if (tp.has_size && tp.hi != TYPE_IHI && tp.lo > tp.hi)
			return bad_from_to(err, tp.lo, tp.hi);
		return 0;
	}
	case TK_VARIANT:
		for (size_t i = 0; i < d.n; i++)
			if (!is_type(type_param(&d, i)))
				return bad_spec(err, &d, type_param(&d, i),
						"Any-Type");
		return 0;
	case TK_ENUM: {
		struct type_enum e;
		type_enum_parts(&d, &e);
		if (!e.nvals)
			return bad_arity_of(err, &d, 1, SIZE_MAX, 0);
		for (size_t i = 0; i < e.nvals; i++)
			if (type_param(&d, i)->kind != VAL_STRING)
				return bad_spec(err, &d, type_param(&d, i),
						"String");
		return 0;
	}
	case TK_PATTERN:
		return check_patterns(err, &d);
	case TK_REGEXP:
		if (d.n != 1)
			return bad_arity_of(err, &d, 1, 1, d.n);
		if (!type_regex_src(type_param(&d, 0)))
			return bad_spec(err, &d, type_param(&d, 0),
					"String or Regexp");
		return check_patterns(err, &d);
	case TK_BOOLEAN:
		if (d.n != 1)
			return bad_arity_of(err, &d, 1, 1, d.n);
		if (type_param(&d, 0)->kind != VAL_BOOL)
			return bad_spec(err, &d, type_param(&d, 0),
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
		const struct value *in = type_param(&d, 0);
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
