/* SPDX-License-Identifier: MIT */
/* erb_methods.c: method dispatch; Object, nil, numbers, Regexp, scope, Kernel */
#include "util/compat.h"
#include <math.h>
#include "template/erb-internal.h"
#include "lang/regex.h"
#include "util/arena.h"
#include "util/err.h"

/*
 * erb_send() finds the method for the receiver's class: each class group
 * returns ERB_NOMETHOD when it does not know the method, and then the
 * methods every object has (Object and Kernel) are tried, and then it is
 * an error. A method that Ruby has but we do not is reported as
 * "unsupported ERB construct", one that no class has as Ruby's
 * NoMethodError text.
 */

#define ERB_NOMETHOD 3

#define ERB_M_NAME(id, name) name,
const char *const erb_method_names[M__N] = { ERB_METHODS(ERB_M_NAME) };
#undef ERB_M_NAME

const char *const erb_class_names[CLS_COUNT] = {
	"", "Object", "NilClass", "TrueClass", "FalseClass", "Integer",
	"Float", "Numeric", "String", "Symbol", "Array", "Hash", "Range",
	"Regexp", "MatchData", "Proc", "Enumerator", "Class", "Comparable",
	"Enumerable", "Kernel", "Math", "File", "StandardError", "Exception",
	"RuntimeError", "ArgumentError", "TypeError", "NameError",
	"NoMethodError", "ZeroDivisionError", "KeyError", "IndexError",
	"RangeError", "JSON", "Puppet::Pops::Types::PAnyType",
	"Puppet::Parser::Scope",
	"Boolean",
};

int erb_method_lookup(const char *name)
{
	if (!strncmp(name, "function_", 9) && name[9])
		return M_FUNCTION;
	for (int i = 1; i < M__N; i++)
		if (!strcmp(erb_method_names[i], name))
			return i;
	return M_UNKNOWN;
}

enum erb_cls erb_class_lookup(const char *name)
{
	if (!strcmp(name, "Fixnum") || !strcmp(name, "Bignum"))
		return CLS_INTEGER;
	for (int i = 1; i < CLS_COUNT; i++)
		if (i != CLS_PUPPET_TYPE && i != CLS_SCOPE &&
		    i != CLS_BOOLEAN && !strcmp(erb_class_names[i], name))
			return (enum erb_cls)i;
	return CLS_NONE;
}

int erb_no_method(struct erb_run *r, struct value *recv, const char *name,
		  struct srcloc loc)
{
	struct buf d = BUF_INIT;
	erb_describe(r, &d, recv);
	int rc;
	if (erb_method_lookup(name) != M_UNKNOWN || recv->kind == VAL_UNDEF)
		rc = erb_error(r, loc, "undefined method '%s' for %s", name, d.ptr);
	else
		rc = erb_unsupported(r, loc, "method '%s' (on %s)", name, d.ptr);
	buf_release(&d);
	return rc;
}

int erb_arity(struct erb_run *r, struct srcloc loc, size_t n, size_t min,
	      size_t max)
{
	if (n >= min && n <= max)
		return 0;
	if (min == max)
		return erb_error(r, loc, "wrong number of arguments (given %zu, expected %zu)",
				 n, min);
	if (max > 64)
		return erb_error(r, loc, "wrong number of arguments (given %zu, expected %zu+)",
				 n, min);
	return erb_error(r, loc, "wrong number of arguments (given %zu, expected %zu..%zu)",
			 n, min, max);
}

int erb_need_int(int64_t *out, struct erb_run *r, struct value *v,
		 struct srcloc loc)
{
	if (v->kind == VAL_INT) {
		*out = v->u.n.i;
		return 0;
	}
	if (v->kind == VAL_FLOAT && v->u.f > -9.2e18 && v->u.f < 9.2e18) {
		*out = (int64_t)v->u.f;
		return 0;
	}
	return erb_error(r, loc, "no implicit conversion of %s into Integer",
			 v->kind == VAL_UNDEF ? "nil" :
			 erb_class_names[erb_class_of(r, v)]);
}

static struct value *str_val(struct erb_run *r, struct buf *b)
{
	return val_str(r->a, b->ptr, b->len);
}

/* ---- classes and ===  ---- */

static bool class_le(enum erb_cls c, enum erb_cls k)
{
	if (c == k || k == CLS_OBJECT || k == CLS_KERNEL)
		return true;
	switch (k) {
	case CLS_NUMERIC:
		return c == CLS_INTEGER || c == CLS_FLOAT;
	case CLS_COMPARABLE:
		return c == CLS_INTEGER || c == CLS_FLOAT || c == CLS_STRING;
	case CLS_ENUMERABLE:
		return c == CLS_ARRAY || c == CLS_HASH || c == CLS_RANGE ||
		       c == CLS_ENUMERATOR;
	default:
		return false;
	}
}

static int class_arg(enum erb_cls *out, struct erb_run *r, struct value *v,
		     struct srcloc loc)
{
	if (!erb_is_obj(v, erb_t_class))
		return erb_error(r, loc, "class or module required");
	*out = (enum erb_cls)v->u.t.params[0]->u.n.i;
	return 0;
}

static int range_cover(bool *out, struct erb_run *r, struct value *rg,
		       struct value *v, struct srcloc loc)
{
	struct value *lo = rg->u.t.params[0], *hi = rg->u.t.params[1];
	bool excl = rg->u.t.params[2]->u.b, ok = false;
	int c = 0;
	*out = false;
	if (lo->kind != VAL_UNDEF) {
		if (erb_cmp(&c, &ok, r, lo, v, loc) < 0)
			return ERB_ERR;
		if (!ok || c > 0)
			return 0;
	}
	if (hi->kind != VAL_UNDEF) {
		if (erb_cmp(&c, &ok, r, v, hi, loc) < 0)
			return ERB_ERR;
		if (!ok || c > 0 || (excl && c == 0))
			return 0;
	}
	*out = true;
	return 0;
}

int erb_case_eq(bool *out, struct erb_run *r, struct value *pat,
		struct value *v, struct srcloc loc)
{
	if (erb_is_obj(pat, erb_t_class)) {
		*out = class_le(erb_class_of(r, v),
				(enum erb_cls)pat->u.t.params[0]->u.n.i);
		return 0;
	}
	if (pat->kind == VAL_REGEX) {
		*out = false;
		if (v->kind != VAL_STRING)
			return 0;
		struct value *m;
		if (erb_regex_match(&m, r, pat, v->u.s.ptr, v->u.s.len, 0,
				    loc) < 0)
			return ERB_ERR;
		*out = m->kind != VAL_UNDEF;
		return 0;
	}
	if (erb_is_obj(pat, erb_t_range)) {
		bool num = v->kind == VAL_INT || v->kind == VAL_FLOAT;
		bool str = v->kind == VAL_STRING;
		struct value *lo = pat->u.t.params[0];
		if ((lo->kind == VAL_STRING && !str) ||
		    ((lo->kind == VAL_INT || lo->kind == VAL_FLOAT) && !num)) {
			*out = false;
			return 0;
		}
		return range_cover(out, r, pat, v, loc);
	}
	return erb_eq(out, r, pat, v, loc);
}

/* ---- Object: what every value has ---- */

static int obj_method(struct value **out, struct erb_run *r,
		      struct value *recv, int mid, struct value **args,
		      size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	struct buf b = BUF_INIT;
	bool e = false;
	enum erb_cls c = CLS_NONE;
	int rc = 0;
	switch (mid) {
	case M_NIL:
		rc = erb_arity(r, loc, nargs, 0, 0);
		*out = val_bool(recv->kind == VAL_UNDEF);
		return rc;
	case M_IS_A:
	case M_KIND_OF:
	case M_INSTANCE_OF:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    class_arg(&c, r, args[0], loc) < 0)
			return ERB_ERR;
		*out = val_bool(mid == M_INSTANCE_OF
					? erb_class_of(r, recv) == c
					: class_le(erb_class_of(r, recv), c));
		return 0;
	case M_EQ:
	case M_NEQ:
	case M_EQL:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_eq(&e, r, recv, args[0], loc) < 0)
			return ERB_ERR;
		if (mid == M_EQL &&
		    erb_class_of(r, recv) != erb_class_of(r, args[0]))
			e = false;
		*out = val_bool(mid == M_NEQ ? !e : e);
		return 0;
	case M_EQUAL:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		*out = val_bool(recv == args[0] ||
				(recv->kind == VAL_INT &&
				 args[0]->kind == VAL_INT &&
				 recv->u.n.i == args[0]->u.n.i));
		return 0;
	case M_EQQ:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_case_eq(&e, r, recv, args[0], loc) < 0)
			return ERB_ERR;
		*out = val_bool(e);
		return 0;
	case M_CMP:
		if (erb_arity(r, loc, nargs, 1, 1) < 0 ||
		    erb_eq(&e, r, recv, args[0], loc) < 0)
			return ERB_ERR;
		*out = e ? val_int(r->a, 0) : val_undef();
		return 0;
	case M_TO_S:
	case M_INSPECT:
		if (erb_arity(r, loc, nargs, 0, 0) < 0)
			return ERB_ERR;
		rc = mid == M_TO_S ? erb_to_s(r, &b, recv, loc) :
				     erb_inspect(r, &b, recv, loc);
		if (rc == 0)
			*out = str_val(r, &b);
		buf_release(&b);
		return rc;
	case M_CLASS:
		*out = erb_class_val(r, erb_class_of(r, recv));
		return 0;
	case M_TO_JSON:
		if (erb_arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		rc = erb_json_generate(r, &b, recv, false, loc);
		if (rc == 0)
			*out = str_val(r, &b);
		buf_release(&b);
		return rc;
	case M_FROZEN:
		*out = val_bool(recv->kind != VAL_STRING || erb_is_sym(r, recv)
					? recv->kind != VAL_ARRAY &&
						  recv->kind != VAL_HASH
					: false);
		return 0;
	case M_FREEZE:
		*out = recv;
		return 0;
	case M_DUP:
	case M_CLONE:
		if (recv->kind == VAL_STRING && !erb_is_sym(r, recv))
			*out = val_str_borrow(r->a, recv->u.s.ptr,
					      recv->u.s.len);
		else if (recv->kind == VAL_ARRAY)
			*out = val_array_copy(r->a, recv);
		else if (recv->kind == VAL_HASH)
			*out = val_hash_copy(r->a, recv);
		else
			*out = recv;
		return 0;
	case M_TAP:
	case M_THEN:
		if (!blk)
			return erb_unsupported(r, loc, "'%s' without a block",
					       erb_method_names[mid]);
		rc = erb_yield(out, r, blk, &recv, 1);
		if (mid == M_TAP && rc == 0)
			*out = recv;
		return rc;
	case M_RESPOND_TO: {
		if (erb_arity(r, loc, nargs, 1, 2) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_STRING)
			return erb_error(r, loc, "not a symbol nor a string");
		char *name =
			arena_memdupz(r->a, args[0]->u.s.ptr, args[0]->u.s.len);
		int m = erb_method_lookup(name);
		c = erb_class_of(r, recv);
		static const int common[] = { M_NIL, M_IS_A, M_KIND_OF, M_TO_S,
					      M_INSPECT, M_CLASS, M_EQ, M_DUP };
		bool yes = false;
		for (size_t i = 0; i < ARRAY_SIZE(common); i++)
			yes |= m == common[i];
		if (c == CLS_ARRAY || c == CLS_HASH || c == CLS_RANGE)
			yes |= m == M_EACH || m == M_MAP || m == M_SELECT ||
			       m == M_INCLUDE || m == M_TO_A || m == M_SORT;
		if (c == CLS_ARRAY || c == CLS_HASH || c == CLS_STRING)
			yes |= m == M_EMPTY || m == M_LENGTH || m == M_SIZE ||
			       m == M_AREF;
		if (c == CLS_ARRAY)
			yes |= m == M_JOIN || m == M_FLATTEN || m == M_PUSH ||
			       m == M_FIRST || m == M_LAST;
		if (c == CLS_HASH)
			yes |= m == M_KEYS || m == M_VALUES ||
			       m == M_EACH_PAIR || m == M_KEY_P ||
			       m == M_HAS_KEY || m == M_MERGE;
		if (c == CLS_STRING)
			yes |= m == M_UPCASE || m == M_DOWNCASE ||
			       m == M_STRIP || m == M_SPLIT || m == M_GSUB ||
			       m == M_SUB || m == M_TO_I || m == M_TO_SYM ||
			       m == M_TO_STR;
		if (c == CLS_INTEGER || c == CLS_FLOAT)
			yes |= m == M_TO_I || m == M_TO_F || m == M_ROUND ||
			       m == M_ABS;
		*out = val_bool(yes);
		return 0;
	}
	default:
		return ERB_NOMETHOD;
	}
}

/* ---- nil, true, false ---- */

static int nil_method(struct value **out, struct erb_run *r,
		      struct value *recv, int mid, struct value **args,
		      size_t nargs, struct srcloc loc)
{
	(void)args;
	switch (mid) {
	case M_TO_A:
		*out = val_array(r->a, 0);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_MATCHOP:
		*out = val_undef();
		return erb_arity(r, loc, nargs, 1, 1);
	case M_TO_I:
		*out = val_int(r->a, 0);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_TO_F:
		*out = val_float(r->a, 0);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_TO_H:
		*out = val_hash(r->a, 0);
		return erb_arity(r, loc, nargs, 0, 0);
	case M_AMP:
		*out = val_bool(false);
		return erb_arity(r, loc, nargs, 1, 1);
	case M_PIPE:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		*out = val_bool(erb_truthy(args[0]));
		return 0;
	default:
		(void)recv;
		return ERB_NOMETHOD;
	}
}

static int bool_method(struct value **out, struct erb_run *r,
		       struct value *recv, int mid, struct value **args,
		       size_t nargs, struct srcloc loc)
{
	if ((mid == M_AMP || mid == M_PIPE) &&
	    erb_arity(r, loc, nargs, 1, 1) < 0)
		return ERB_ERR;
	if (mid == M_AMP) {
		*out = val_bool(recv->u.b && erb_truthy(args[0]));
		return 0;
	}
	if (mid == M_PIPE) {
		*out = val_bool(recv->u.b || erb_truthy(args[0]));
		return 0;
	}
	return ERB_NOMETHOD;
}

/* ---- numbers ---- */

static double num_f(const struct value *v)
{
	return v->kind == VAL_INT ? (double)v->u.n.i : v->u.f;
}

static bool is_num(const struct value *v)
{
	return v->kind == VAL_INT || v->kind == VAL_FLOAT;
}

/* Ruby's round_half_up: x rounded to 1/s, halves away from zero. */
static double round_half_up(double x, double s)
{
	double f = round(x * s);
	if (s == 1.0)
		return f;
	if (x > 0 && (f + 0.5) / s <= x)
		f += 1;
	else if (x < 0 && (f - 0.5) / s >= x)
		f -= 1;
	return f;
}

int erb_float_to_int(struct value **out, struct erb_run *r, double d,
			struct srcloc loc)
{
	if (isnan(d) || isinf(d))
		return erb_error(r, loc, "%s", isnan(d) ? "NaN" :
			       d < 0 ? "-Infinity" : "Infinity");
	if (d >= 9.2233720368547758e18 || d < -9.2233720368547758e18)
		return erb_unsupported(r, loc, "Integer overflow (Bignum)");
	*out = val_int(r->a, (int64_t)d);
	return 0;
}

static int int_iterate(struct value **out, struct erb_run *r,
		       struct value *recv, int mid, struct value **args,
		       size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	int64_t from = recv->u.n.i, to, step = 1;
	if (mid == M_TIMES) {
		if (erb_arity(r, loc, nargs, 0, 0) < 0)
			return ERB_ERR;
		from = 0;
		to = recv->u.n.i - 1;
	} else {
		if (erb_arity(r, loc, nargs, 1, mid == M_STEP ? 2 : 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_INT ||
		    (nargs > 1 && args[1]->kind != VAL_INT))
			return erb_unsupported(r, loc, "'%s' with a non-Integer argument",
					       erb_method_names[mid]);
		to = args[0]->u.n.i;
		if (mid == M_DOWNTO)
			step = -1;
		if (nargs > 1)
			step = args[1]->u.n.i;
		if (!step)
			return erb_error(r, loc, "step can't be 0");
	}
	if (!blk) {
		/* an Enumerator we only know how to turn into an array */
		struct value *arr = val_array(r->a, 4);
		for (int64_t i = from; step > 0 ? i <= to : i >= to;
		     i += step) {
			if (erb_step(r, loc) < 0)
				return ERB_ERR;
			val_array_push(r->a, arr, val_int(r->a, i));
			if ((step > 0 && i > INT64_MAX - step) ||
			    (step < 0 && i < INT64_MIN - step))
				break;
		}
		struct value **p = arena_alloc(r->a, 3 * sizeof(*p));
		p[0] = arr;
		p[1] = val_int(r->a, M_EACH);
		p[2] = val_array(r->a, 0);
		*out = val_type(r->a, erb_t_enum, p, 3);
		return 0;
	}
	for (int64_t i = from; step > 0 ? i <= to : i >= to; i += step) {
		struct value *ignored, *iv = val_int(r->a, i);
		int rc = erb_yield(&ignored, r, blk, &iv, 1);
		if (rc)
			return rc;
		if ((step > 0 && i > INT64_MAX - step) ||
		    (step < 0 && i < INT64_MIN - step))
			break;
	}
	*out = recv;
	return 0;
}

static int num_compare(struct value **out, struct erb_run *r,
		       struct value *recv, int mid, struct value *o,
		       struct srcloc loc)
{
	int c;
	bool ok;
	if (!is_num(o)) {
		if (mid == M_CMP) {
			*out = val_undef();
			return 0;
		}
		struct buf d = BUF_INIT;
		erb_describe(r, &d, o);
		int rc = erb_error(r, loc, "comparison of %s with %s failed",
				   erb_class_names[erb_class_of(r, recv)],
				   o->kind == VAL_UNDEF ? "nil" : d.ptr);
		buf_release(&d);
		return rc;
	}
	if (erb_cmp(&c, &ok, r, recv, o, loc) < 0)
		return ERB_ERR;
	if (!ok) {
		*out = mid == M_CMP ? val_undef() : val_bool(false);
		return 0;
	}
	switch (mid) {
	case M_CMP: *out = val_int(r->a, c); break;
	case M_LT: *out = val_bool(c < 0); break;
	case M_LE: *out = val_bool(c <= 0); break;
	case M_GT: *out = val_bool(c > 0); break;
	default: *out = val_bool(c >= 0); break;
	}
	return 0;
}

static int num_method(struct value **out, struct erb_run *r,
		      struct value *recv, int mid, struct value **args,
		      size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	bool is_int = recv->kind == VAL_INT;
	double d = num_f(recv);
	int64_t nd = 0;
	switch (mid) {
	case M_PLUS: case M_MINUS: case M_MUL: case M_DIV: case M_MOD:
	case M_POW: case M_MODULO: case M_AMP: case M_PIPE: case M_LSHIFT: {
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (!is_num(args[0]) ||
		    ((mid == M_AMP || mid == M_PIPE || mid == M_LSHIFT) &&
		     (!is_int || args[0]->kind != VAL_INT))) {
			if (args[0]->kind == VAL_UNDEF ||
			    args[0]->kind == VAL_STRING ||
			    args[0]->kind == VAL_ARRAY ||
			    args[0]->kind == VAL_HASH ||
			    args[0]->kind == VAL_BOOL)
				return erb_error(
					r, loc, "%s can't be coerced into %s",
					args[0]->kind == VAL_UNDEF
						? "nil"
						: erb_class_names[erb_class_of(
							  r, args[0])],
					erb_class_names[erb_class_of(r, recv)]);
			return erb_no_method(r, recv, erb_method_names[mid],
					     loc);
		}
		return ERB_NOMETHOD; /* done by the operator code */
	}
	case M_LT: case M_LE: case M_GT: case M_GE: case M_CMP:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return num_compare(out, r, recv, mid, args[0], loc);
	case M_TO_S:
	case M_INSPECT:
		if (is_int && nargs == 1 && args[0]->kind == VAL_INT) {
			int64_t base = args[0]->u.n.i;
			if (base < 2 || base > 36)
				return erb_error(r, loc, "invalid radix %lld",
						 (long long)base);
			char digits[72];
			size_t n = 0;
			int64_t v = recv->u.n.i;
			uint64_t mag =
				v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			do {
				int k = (int)(mag % (uint64_t)base);
				digits[n++] =
					(char)(k < 10 ? '0' + k : 'a' + k - 10);
				mag /= (uint64_t)base;
			} while (mag);
			struct buf b = BUF_INIT;
			if (v < 0)
				buf_addch(&b, '-');
			while (n)
				buf_addch(&b, digits[--n]);
			*out = str_val(r, &b);
			buf_release(&b);
			return 0;
		}
		return ERB_NOMETHOD;
	case M_TO_I:
	case M_TO_INT:
	case M_TRUNCATE:
		if (erb_arity(r, loc, nargs, 0, 0) < 0)
			return ERB_ERR;
		if (is_int) {
			*out = recv;
			return 0;
		}
		return erb_float_to_int(out, r, trunc(d), loc);
	case M_TO_F:
		*out = is_int ? val_float(r->a, d) : recv;
		return erb_arity(r, loc, nargs, 0, 0);
	case M_FLOOR:
	case M_CEIL:
	case M_ROUND:
		if (erb_arity(r, loc, nargs, 0, 1) < 0)
			return ERB_ERR;
		if (nargs) {
			if (args[0]->kind != VAL_INT)
				return erb_unsupported(r, loc, "'%s' with these arguments",
						       erb_method_names[mid]);
			nd = args[0]->u.n.i;
		}
		if (is_int) {
			if (nd >= 0) {
				*out = recv;
				return 0;
			}
			if (nd < -18) {
				*out = val_int(r->a, 0);
				return 0;
			}
			int64_t p = 1;
			for (int64_t i = 0; i < -nd; i++)
				p *= 10;
			int64_t v = recv->u.n.i, q = v / p, rem = v % p;
			if (mid == M_FLOOR && rem < 0)
				q--;
			else if (mid == M_CEIL && rem > 0)
				q++;
			else if (mid == M_ROUND && (rem >= (p + 1) / 2 ||
						    rem <= -((p + 1) / 2)))
				q += v < 0 ? -1 : 1;
			if (__builtin_mul_overflow(q, p, &v))
				return erb_unsupported(r, loc, "Integer overflow (Bignum)");
			*out = val_int(r->a, v);
			return 0;
		}
		/* Float: numeric.c's rb_float_floor, rb_float_ceil, flo_round */
		if (d == 0.0) {
			*out = nd > 0 ? recv : val_int(r->a, 0);
			return 0;
		}
		if (nd > 0) {
			int binexp;
			frexp(d, &binexp);
			if (isinf(d) || isnan(d) ||
			    nd >= 17 - (binexp > 0 ? binexp / 4
						   : binexp / 3 - 1)) {
				*out = recv;
				return 0;
			}
			if (nd < -(binexp > 0 ? binexp / 3 + 1 : binexp / 4) &&
			    (mid == M_ROUND ||
			     (mid == M_FLOOR ? d > 0 : d < 0))) {
				*out = val_float(r->a, 0.0);
				return 0;
			}
			if (mid == M_ROUND && nd > 14)
				return erb_unsupported(r, loc, "'round' to more than 14 digits");
			double f = pow(10, (double)nd), res;
			if (mid == M_FLOOR) {
				double mul = floor(d * f);
				res = (mul + 1) / f;
				if (res > d)
					res = mul / f;
			} else if (mid == M_CEIL) {
				res = ceil(d * f) / f;
			} else {
				res = round_half_up(d, f) / f;
			}
			*out = val_float(r->a, res);
			return 0;
		}
		{
			struct value *iv;
			double x = mid == M_FLOOR  ? floor(d)
				   : mid == M_CEIL ? ceil(d)
				   : nd == 0	   ? round(d)
						   : trunc(d);
			if (erb_float_to_int(&iv, r, x, loc) < 0)
				return ERB_ERR;
			if (!nd) {
				*out = iv;
				return 0;
			}
			return num_method(out, r, iv, mid, args, nargs, blk,
					  loc);
		}
	case M_ABS:
		if (is_int) {
			if (recv->u.n.i == INT64_MIN)
				return erb_unsupported(r, loc, "Integer overflow (Bignum)");
			*out = recv->u.n.i < 0 ? val_int(r->a, -recv->u.n.i)
					       : recv;
		} else {
			*out = val_float(r->a, fabs(d));
		}
		return erb_arity(r, loc, nargs, 0, 0);
	case M_FDIV:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (!is_num(args[0]))
			return erb_error(
				r, loc, "%s can't be coerced into Float",
				erb_class_names[erb_class_of(r, args[0])]);
		*out = val_float(r->a, d / num_f(args[0]));
		return 0;
	case M_ZERO:
		*out = val_bool(d == 0);
		return 0;
	case M_POSITIVE:
		*out = val_bool(d > 0);
		return 0;
	case M_NEGATIVE:
		*out = val_bool(d < 0);
		return 0;
	case M_INTEGER_P:
		*out = val_bool(is_int);
		return 0;
	case M_NAN:
		if (is_int)
			return ERB_NOMETHOD;
		*out = val_bool(isnan(d));
		return 0;
	case M_BETWEEN:
	case M_CLAMP: {
		if (erb_arity(r, loc, nargs, 2, 2) < 0)
			return ERB_ERR;
		struct value *lo, *hi;
		if (num_compare(&lo, r, recv, M_GE, args[0], loc) < 0 ||
		    num_compare(&hi, r, recv, M_LE, args[1], loc) < 0)
			return ERB_ERR;
		if (mid == M_BETWEEN)
			*out = val_bool(lo->u.b && hi->u.b);
		else
			*out = !lo->u.b ? args[0] : !hi->u.b ? args[1] : recv;
		return 0;
	}
	default:
		break;
	}
	if (!is_int)
		return ERB_NOMETHOD;
	int64_t i = recv->u.n.i;
	switch (mid) {
	case M_TIMES:
	case M_UPTO:
	case M_DOWNTO:
	case M_STEP:
		return int_iterate(out, r, recv, mid, args, nargs, blk, loc);
	case M_EVEN:
		*out = val_bool(!(i & 1));
		return 0;
	case M_ODD:
		*out = val_bool(i & 1);
		return 0;
	case M_SUCC:
	case M_NEXT_M:
	case M_PRED:
		if ((mid == M_PRED && i == INT64_MIN) ||
		    (mid != M_PRED && i == INT64_MAX))
			return erb_unsupported(r, loc, "Integer overflow (Bignum)");
		*out = val_int(r->a, mid == M_PRED ? i - 1 : i + 1);
		return 0;
	case M_CHR:
		if (i < 0 || i > 255)
			return erb_error(r, loc, "%lld out of char range", (long long)i);
		{
			char c = (char)i;
			*out = val_str(r->a, &c, 1);
		}
		return 0;
	case M_ORD:
		*out = recv;
		return 0;
	case M_DIV_I:
	case M_DIVMOD: {
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_INT)
			return erb_unsupported(r, loc, "'%s' with a Float",
					       erb_method_names[mid]);
		int64_t b = args[0]->u.n.i;
		if (!b)
			return erb_error(r, loc, "divided by 0");
		if (i == INT64_MIN && b == -1)
			return erb_unsupported(r, loc, "Integer overflow (Bignum)");
		int64_t q = i / b, m = i % b;
		if (m && ((m < 0) != (b < 0))) {
			q--;
			m += b;
		}
		*out = mid == M_DIV_I ? val_int(r->a, q) :
			erb_pair(r, val_int(r->a, q), val_int(r->a, m));
		return 0;
	}
	default:
		return ERB_NOMETHOD;
	}
}

/* ---- Regexp and MatchData ---- */

static int regexp_method(struct value **out, struct erb_run *r,
			 struct value *re, int mid, struct value **args,
			 size_t nargs, struct srcloc loc)
{
	switch (mid) {
	case M_MATCH:
	case M_MATCH_P:
	case M_MATCHOP:
	case M_EQQ: {
		if (erb_arity(r, loc, nargs, 1, 2) < 0)
			return ERB_ERR;
		struct value *s = args[0], *m;
		if (s->kind == VAL_UNDEF) {
			if (mid != M_MATCH_P)
				r->last_match = NULL;
			*out = mid == M_MATCH_P || mid == M_EQQ
				       ? val_bool(false)
				       : val_undef();
			return 0;
		}
		if (s->kind != VAL_STRING) {
			if (mid == M_EQQ) {
				*out = val_bool(false);
				return 0;
			}
			return erb_error(r, loc, "no implicit conversion of %s into String",
					 erb_class_names[erb_class_of(r, s)]);
		}
		size_t start = 0;
		if (nargs > 1) {
			if (args[1]->kind != VAL_INT)
				return erb_error(r, loc, "no implicit conversion into Integer");
			int64_t p = args[1]->u.n.i;
			if (p < 0)
				p += (int64_t)s->u.s.len;
			if (p < 0 || p > (int64_t)s->u.s.len) {
				*out = val_undef();
				return 0;
			}
			start = (size_t)p;
		}
		struct value *saved = r->last_match;
		if (erb_regex_match(&m, r, re, s->u.s.ptr, s->u.s.len, start,
				    loc) < 0)
			return ERB_ERR;
		if (mid == M_MATCH_P)
			r->last_match = saved;
		if (mid == M_MATCH)
			*out = m;
		else if (mid == M_MATCHOP)
			*out = m->kind == VAL_UNDEF
				       ? m
				       : val_int(r->a,
						 (int64_t)erb_utf8_len(
							 s->u.s.ptr,
							 (size_t)m->u.t
								 .params[3]
								 ->u.arr.v[0]
								 ->u.n.i));
		else
			*out = val_bool(m->kind != VAL_UNDEF);
		return 0;
	}
	case M_SOURCE:
		*out = val_strz(r->a, re->u.re.src);
		return 0;
	default:
		return ERB_NOMETHOD;
	}
}

static int match_index(struct value **out, struct erb_run *r,
		       struct value *m, struct value *k, struct srcloc loc)
{
	struct value *g = m->u.t.params[0];
	int64_t i = 0;
	if (k->kind == VAL_STRING) {
		void *code = NULL;
		if (erb_regex_code(&code, r, m->u.t.params[2], loc) < 0)
			return ERB_ERR;
		int n = regex_group_number(code, k->u.s.ptr, k->u.s.len);
		if (n < 0)
			return erb_error(r, loc, "undefined group name reference: %.*s",
					 (int)k->u.s.len, k->u.s.ptr);
		i = n;
	} else if (k->kind == VAL_INT) {
		i = k->u.n.i;
		if (i < 0)
			i += (int64_t)g->u.arr.n;
	} else {
		return erb_unsupported(r, loc, "MatchData#[] with a %s",
				       erb_class_names[erb_class_of(r, k)]);
	}
	*out = i >= 0 && i < (int64_t)g->u.arr.n ? g->u.arr.v[i] : val_undef();
	return 0;
}

static int match_method(struct value **out, struct erb_run *r,
			struct value *m, int mid, struct value **args,
			size_t nargs, struct srcloc loc)
{
	struct value *g = m->u.t.params[0], *subj = m->u.t.params[1];
	struct value *offs = m->u.t.params[3];
	size_t b = (size_t)offs->u.arr.v[0]->u.n.i,
	       e = (size_t)offs->u.arr.v[1]->u.n.i;
	switch (mid) {
	case M_AREF:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return match_index(out, r, m, args[0], loc);
	case M_CAPTURES:
	case M_TO_A: {
		struct value *a = val_array(r->a, g->u.arr.n);
		for (size_t i = mid == M_CAPTURES ? 1 : 0; i < g->u.arr.n; i++)
			val_array_push(r->a, a, g->u.arr.v[i]);
		*out = a;
		return 0;
	}
	case M_PRE_MATCH:
		*out = val_str(r->a, subj->u.s.ptr, b);
		return 0;
	case M_POST_MATCH:
		*out = val_str(r->a, subj->u.s.ptr + e, subj->u.s.len - e);
		return 0;
	case M_BEGIN:
	case M_END:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_INT || args[0]->u.n.i != 0)
			return erb_unsupported(r, loc, "MatchData#%s of a group",
					       erb_method_names[mid]);
		*out = val_int(r->a,
			       (int64_t)erb_utf8_len(subj->u.s.ptr,
						     mid == M_BEGIN ? b : e));
		return 0;
	case M_SIZE:
	case M_LENGTH:
		*out = val_int(r->a, (int64_t)g->u.arr.n);
		return 0;
	case M_VALUES_AT: {
		struct value *a = val_array(r->a, nargs);
		for (size_t i = 0; i < nargs; i++) {
			struct value *v;
			if (match_index(&v, r, m, args[i], loc) < 0)
				return ERB_ERR;
			val_array_push(r->a, a, v);
		}
		*out = a;
		return 0;
	}
	default:
		return ERB_NOMETHOD;
	}
}

/* ---- class constants: Regexp.escape, File.basename, Hash.new ... ---- */

static int path_method(struct value **out, struct erb_run *r, int mid,
		       struct value **args, size_t nargs, struct srcloc loc)
{
	if (mid == M_JOIN) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < nargs; i++) {
			if (args[i]->kind != VAL_STRING) {
				buf_release(&b);
				return erb_unsupported(
					r, loc, "File.join of a %s",
					erb_class_names[erb_class_of(r,
								     args[i])]);
			}
			const char *p = args[i]->u.s.ptr;
			size_t n = args[i]->u.s.len;
			if (i && b.len && b.ptr[b.len - 1] == '/')
				while (n && *p == '/')
					p++, n--;
			else if (i && (!n || *p != '/'))
				buf_addch(&b, '/');
			buf_add(&b, p, n);
		}
		*out = str_val(r, &b);
		buf_release(&b);
		return 0;
	}
	if (erb_arity(r, loc, nargs, 1, mid == M_BASENAME ? 2 : 1) < 0)
		return ERB_ERR;
	if (args[0]->kind != VAL_STRING)
		return erb_error(r, loc, "no implicit conversion into String");
	const char *s = args[0]->u.s.ptr;
	size_t n = args[0]->u.s.len;
	while (n > 1 && s[n - 1] == '/')
		n--;
	size_t slash = n;
	while (slash > 0 && s[slash - 1] != '/')
		slash--;
	if (mid == M_DIRNAME) {
		size_t d = slash;
		while (d > 1 && s[d - 1] == '/')
			d--;
		*out = !slash ? val_strz(r->a, ".") : val_str(r->a, s, d);
		return 0;
	}
	const char *base = s + slash;
	size_t blen = n - slash;
	if (n == 1 && s[0] == '/') {
		base = s;
		blen = 1;
	}
	const char *dot = NULL;
	for (size_t i = 1; i < blen; i++)
		if (base[i] == '.')
			dot = base + i;
	if (mid == M_EXTNAME) {
		*out = dot && dot + 1 < base + blen ?
			       val_str(r->a, dot, (size_t)(base + blen - dot)) :
			       val_str(r->a, "", 0);
		return 0;
	}
	if (nargs == 2 && args[1]->kind == VAL_STRING) {
		const char *suf = args[1]->u.s.ptr;
		size_t sl = args[1]->u.s.len;
		if (sl == 2 && !memcmp(suf, ".*", 2)) {
			if (dot)
				blen = (size_t)(dot - base);
		} else if (sl < blen && !memcmp(base + blen - sl, suf, sl)) {
			blen -= sl;
		}
	}
	*out = val_str(r->a, base, blen);
	return 0;
}

static int class_method(struct value **out, struct erb_run *r,
			struct value *cls, int mid, struct value **args,
			size_t nargs, struct erb_blk *blk, struct srcloc loc)
{
	enum erb_cls c = (enum erb_cls)cls->u.t.params[0]->u.n.i;
	(void)blk;
	switch (c) {
	case CLS_REGEXP:
		if (mid == M_ESCAPE || mid == M_QUOTE) {
			if (erb_arity(r, loc, nargs, 1, 1) < 0)
				return ERB_ERR;
			if (args[0]->kind != VAL_STRING)
				return erb_error(r, loc, "no implicit conversion into String");
			struct buf b = BUF_INIT;
			regex_escape(&b, args[0]->u.s.ptr, args[0]->u.s.len);
			*out = str_val(r, &b);
			buf_release(&b);
			return 0;
		}
		if (mid == M_NEW) {
			if (erb_arity(r, loc, nargs, 1, 2) < 0)
				return ERB_ERR;
			if (args[0]->kind == VAL_REGEX) {
				*out = args[0];
				return 0;
			}
			if (args[0]->kind != VAL_STRING)
				return erb_error(r, loc, "no implicit conversion into String");
			unsigned flags = 0;
			if (nargs > 1) {
				struct value *o = args[1];
				if (o->kind == VAL_INT)
					flags = (o->u.n.i & 1 ? REGEX_ICASE
							      : 0) |
						(o->u.n.i & 2 ? REGEX_EXTENDED
							      : 0) |
						(o->u.n.i & 4 ? REGEX_DOTALL
							      : 0);
				else if (erb_truthy(o))
					flags = REGEX_ICASE;
			}
			struct value *re = val_regex(r->a, args[0]->u.s.ptr,
						     args[0]->u.s.len);
			if (regex_compile_src(&re->u.re.code, r->a,
					      re->u.re.src, args[0]->u.s.len,
					      flags) < 0)
				return erb_error(r, loc, "%s", err_last());
			*out = re;
			return 0;
		}
		break;
	case CLS_FILE:
		if (mid == M_BASENAME || mid == M_DIRNAME || mid == M_EXTNAME ||
		    mid == M_JOIN)
			return path_method(out, r, mid, args, nargs, loc);
		break;
	case CLS_JSON:
		if (mid == M_GENERATE || mid == M_DUMP || mid == M_PRETTY_GENERATE) {
			if (erb_arity(r, loc, nargs, 1, 2) < 0)
				return ERB_ERR;
			struct buf b = BUF_INIT;
			int rc = erb_json_generate(r, &b, args[0],
						   mid == M_PRETTY_GENERATE, loc);
			if (rc == 0)
				*out = str_val(r, &b);
			buf_release(&b);
			return rc;
		}
		if (mid == M_PARSE) {
			if (erb_arity(r, loc, nargs, 1, 1) < 0)
				return ERB_ERR;
			return erb_json_parse(out, r, args[0], loc);
		}
		break;
	case CLS_MATH:
		if (mid == M_SQRT) {
			if (erb_arity(r, loc, nargs, 1, 1) < 0)
				return ERB_ERR;
			if (!is_num(args[0]))
				return erb_error(r, loc, "can't convert into Float");
			if (num_f(args[0]) < 0)
				return erb_error(r, loc, "Numerical argument is out of domain - \"sqrt\"");
			*out = val_float(r->a, sqrt(num_f(args[0])));
			return 0;
		}
		break;
	case CLS_HASH:
		if (mid == M_NEW && nargs == 0 && !blk) {
			*out = val_hash(r->a, 0);
			return 0;
		}
		break;
	case CLS_ARRAY:
		if (mid == M_NEW && nargs <= 2 && !blk) {
			int64_t n = nargs ? (args[0]->kind == VAL_INT
						     ? args[0]->u.n.i
						     : -1)
					  : 0;
			if (n < 0)
				return erb_error(r, loc, "negative array size");
			if (erb_room(r, loc, (size_t)n * sizeof(void *)) < 0)
				return ERB_ERR;
			struct value *a = val_array(r->a, (size_t)n);
			for (int64_t i = 0; i < n; i++)
				val_array_push(r->a, a,
					       nargs > 1 ? args[1]
							 : val_undef());
			*out = a;
			return 0;
		}
		break;
	case CLS_STRING:
		if (mid == M_NEW && nargs <= 1) {
			if (nargs && args[0]->kind != VAL_STRING)
				return erb_error(r, loc, "no implicit conversion into String");
			*out = nargs ? val_str_borrow(r->a, args[0]->u.s.ptr,
						      args[0]->u.s.len) :
				       val_str(r->a, "", 0);
			return 0;
		}
		break;
	default:
		break;
	}
	if (mid == M_EQQ) {
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		*out = val_bool(class_le(erb_class_of(r, args[0]), c));
		return 0;
	}
	if (mid == M_NEW)
		return erb_unsupported(r, loc, "%s.new", erb_class_names[c]);
	return ERB_NOMETHOD;
}

/* ---- dispatch ---- */

int erb_send(struct value **out, struct erb_run *r, struct value *recv,
	     int mid, const char *name, struct value **args, size_t nargs,
	     struct erb_blk *blk, struct srcloc loc)
{
	if (erb_step(r, loc) < 0)
		return ERB_ERR;
	if (++r->depth > 400) {
		r->depth--;
		return erb_unsupported(r, loc, "calls nested deeper than 400");
	}
	int rc = ERB_NOMETHOD;
	switch (erb_class_of(r, recv)) {
	case CLS_NIL:
		rc = nil_method(out, r, recv, mid, args, nargs, loc);
		break;
	case CLS_TRUE:
	case CLS_FALSE:
		rc = bool_method(out, r, recv, mid, args, nargs, loc);
		break;
	case CLS_INTEGER:
	case CLS_FLOAT:
		rc = num_method(out, r, recv, mid, args, nargs, blk, loc);
		if (rc == ERB_NOMETHOD && nargs == 1 && is_num(args[0]) &&
		    (mid == M_PLUS || mid == M_MINUS || mid == M_MUL ||
		     mid == M_DIV || mid == M_MOD || mid == M_POW ||
		     mid == M_MODULO || mid == M_AMP || mid == M_PIPE ||
		     mid == M_LSHIFT))
			rc = erb_arith(out, r, mid, recv, args[0], loc);
		break;
	case CLS_STRING:
	case CLS_SYMBOL:
		rc = erb_string_method(out, r, recv, mid, name, args, nargs,
				       blk, loc);
		break;
	case CLS_ARRAY:
		rc = erb_array_method(out, r, recv, mid, name, args, nargs, blk,
				      loc);
		break;
	case CLS_HASH:
		rc = erb_hash_method(out, r, recv, mid, name, args, nargs, blk,
				     loc);
		break;
	case CLS_RANGE:
	case CLS_ENUMERATOR:
		rc = erb_enum_method(out, r, recv, mid, name, args, nargs, blk,
				     loc);
		break;
	case CLS_REGEXP:
		rc = regexp_method(out, r, recv, mid, args, nargs, loc);
		break;
	case CLS_MATCHDATA:
		rc = match_method(out, r, recv, mid, args, nargs, loc);
		break;
	case CLS_CLASS:
		rc = class_method(out, r, recv, mid, args, nargs, blk, loc);
		break;
	case CLS_SCOPE:
		rc = erb_scope_method(out, r, name, mid, args, nargs, loc);
		break;
	default:
		break;
	}
	if (rc == ERB_NOMETHOD)
		rc = obj_method(out, r, recv, mid, args, nargs, blk, loc);
	if (rc == ERB_NOMETHOD)
		rc = erb_no_method(r, recv, name, loc);
	r->depth--;
	return rc;
}
