/* SPDX-License-Identifier: MIT */
/* eval.c: evaluation of Puppet expressions */
#include "util/compat.h"
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include "lang/eval-internal.h"
#include "lang/func.h"
#include "lang/regex.h"
#include "lang/rubytype.h"
#include "lang/types.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"

/*
 * Every evaluation function returns 0 and sets *out, or returns -1 after
 * recording an error in e->diags (or one of the EVAL_NEXT/BREAK/RETURN
 * codes, which unwind to the lambda or function that catches them).
 * Values are immutable: operators build new ones in the compile arena.
 */

int eval_error_at(struct eval_ctx *e, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(e->diags, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
	return -1;
}

int eval_error(struct eval_ctx *e, const struct ast *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(e->diags, DIAG_ERROR, n->loc, fmt, ap);
	va_end(ap);
	return -1;
}

void eval_warn(struct eval_ctx *e, struct srcloc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(e->diags, DIAG_WARNING, loc, fmt, ap);
	va_end(ap);
}

static struct value *resolve_alias(void *payload, const char *name)
{
	struct eval_ctx *e = payload;
	const struct ast *a = loader_find_alias(e, name);
	if (!a)
		return NULL;
	struct value *t;
	if (eval_expr(&t, e, e->top, a->a) < 0)
		return NULL;
	return t;
}

int eval_type_check(struct eval_ctx *e, struct srcloc loc, struct value *type,
		    struct value *v, const char *fmt, ...)
{
	struct type_env env = { resolve_alias, e, e->arena };
	if (type->kind == VAL_TYPE && type_match(type, v, &env))
		return 0;
	/* the subject ("Class[X]: parameter 'p'") is formatted only on failure */
	struct buf what = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&what, fmt, ap);
	va_end(ap);
	int rc;
	if (type->kind != VAL_TYPE)
		rc = eval_error_at(e, loc, "%s: a type was expected", what.ptr);
	else
		rc = eval_error_at(e, loc, "%s %s", what.ptr,
				   type_mismatch_msg(e->arena, type, v, &env));
	buf_release(&what);
	return rc;
}

/*
 * The value of literal text (it lives as long as the arena). Short texts
 * repeat on every resource (file, present, '0644'): they share one value.
 */
static struct value *literal(struct eval_ctx *e, const char *s, size_t len)
{
	if (len > 32 || strlen(s) != len)
		return val_str_borrow(e->arena, s, len);
	struct value *v = strmap_get(&e->literals, s);
	if (!v) {
		v = val_str_borrow(e->arena, s, len);
		strmap_put(&e->literals, s, v);
	}
	return v;
}

struct value *eval_ref(struct eval_ctx *e, const char *type, const char *title)
{
	struct value **p = arena_alloc(e->arena, sizeof(*p));
	p[0] = val_strz(e->arena, title);
	return val_type(e->arena, type, p, 1);
}

int eval_regex_match(struct eval_ctx *e, struct scope *s, struct srcloc loc,
		     struct value *re, const struct value *str)
{
	struct value *caps = NULL;
	int r = regex_match(e->arena, re, str->u.s.ptr, str->u.s.len, &caps);
	if (r < 0)
		return eval_error_at(e, loc, "invalid regular expression /%s/: %s",
				     re->u.re.src, err_last());
	if (r > 0 && caps)
		s->captures = caps;
	return r;
}

/* ---- numbers ---- */

static bool is_num(const struct value *v)
{
	return v->kind == VAL_INT || v->kind == VAL_FLOAT;
}

/* Puppet converts numeric strings for arithmetic ("1" + 1 == 2). */
static struct value *to_num(struct eval_ctx *e, struct value *v)
{
	if (is_num(v) || v->kind != VAL_STRING || !v->u.s.len)
		return v;
	const char *p = v->u.s.ptr;
	char *end;
	errno = 0;
	if (!strpbrk(p, ".eE") || (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))) {
		long long i = strtoll(p, &end, 0);
		if (!*end && !errno)
			return val_int(e->arena, i);
		return v;
	}
	double f = strtod(p, &end);
	if (!*end && !errno)
		return val_float(e->arena, f);
	return v;
}

static double as_double(const struct value *v)
{
	return v->kind == VAL_INT ? (double)v->u.n.i : v->u.f;
}

static int arith(struct value **out, struct eval_ctx *e, const struct ast *n,
		 struct value *a, struct value *b)
{
	a = to_num(e, a);
	b = to_num(e, b);
	if (!is_num(a) || !is_num(b))
		return eval_error(e, n, "operator '%s' is not applicable to %s and %s",
				  ast_op_name(n->op), val_type_name(a), val_type_name(b));
	if (a->kind == VAL_INT && b->kind == VAL_INT) {
		int64_t x = a->u.n.i, y = b->u.n.i, r = 0;
		switch (n->op) {
		case OP_ADD:
			if (__builtin_add_overflow(x, y, &r))
				goto overflow;
			break;
		case OP_SUB:
			if (__builtin_sub_overflow(x, y, &r))
				goto overflow;
			break;
		case OP_MUL:
			if (__builtin_mul_overflow(x, y, &r))
				goto overflow;
			break;
		case OP_DIV:
		case OP_MOD:
			if (!y)
				return eval_error(e, n, "division by zero");
			if (x == INT64_MIN && y == -1)
				goto overflow;
			/* Ruby semantics: floor division, modulo has the divisor's sign */
			r = n->op == OP_DIV ? x / y : x % y;
			if (n->op == OP_DIV && (x % y) && ((x < 0) != (y < 0)))
				r--;
			if (n->op == OP_MOD && r && ((r < 0) != (y < 0)))
				r += y;
			break;
		case OP_SHL:
			r = y >= 0 ? (y > 63 ? 0 : (int64_t)((uint64_t)x << y)) : x >> (-y > 63 ? 63 : -y);
			break;
		case OP_SHR:
			r = y >= 0 ? x >> (y > 63 ? 63 : y) : (int64_t)((uint64_t)x << (-y > 63 ? 63 : -y));
			break;
		default:
			BUG("arith op %d", n->op);
		}
		*out = val_int(e->arena, r);
		return 0;
	}
	double x = as_double(a), y = as_double(b), r;
	switch (n->op) {
	case OP_ADD: r = x + y; break;
	case OP_SUB: r = x - y; break;
	case OP_MUL: r = x * y; break;
	case OP_DIV:
		if (y == 0)
			return eval_error(e, n, "division by zero");
		r = x / y;
		break;
	case OP_MOD:
		return eval_error(e, n, "operator '%%' is not applicable to Float values");
	default:
		return eval_error(e, n, "operator '%s' is not applicable to Float values",
				  ast_op_name(n->op));
	}
	*out = val_float(e->arena, r);
	return 0;
overflow:
	return eval_error(e, n, "integer overflow in '%s'", ast_op_name(n->op));
}

/* ---- comparison ---- */

static int str_casecmp(const struct value *a, const struct value *b)
{
	size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
	for (size_t i = 0; i < n; i++) {
		int x = tolower((unsigned char)a->u.s.ptr[i]);
		int y = tolower((unsigned char)b->u.s.ptr[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a->u.s.len < b->u.s.len ? -1 : a->u.s.len > b->u.s.len;
}

static int compare(struct value **out, struct eval_ctx *e, const struct ast *n,
		   struct value *a, struct value *b)
{
	int c;
	if (is_num(a) && is_num(b)) {
		c = val_compare(a, b);
	} else if (a->kind == VAL_STRING && b->kind == VAL_STRING) {
		c = str_casecmp(a, b);
	} else if (a->kind == VAL_TYPE && b->kind == VAL_TYPE) {
		struct type_env env = { resolve_alias, e, e->arena };
		bool ab = type_compare_assignable(b, a, &env) > 0;
		bool ba = type_compare_assignable(a, b, &env) > 0;
		bool r;
		switch (n->op) {
		case OP_LT: r = ab && !ba; break;
		case OP_LE: r = ab; break;
		case OP_GT: r = ba && !ab; break;
		default: r = ba; break;
		}
		*out = val_bool(r);
		return 0;
	} else {
		return eval_error(e, n, "comparison of %s with %s is not possible",
				  val_type_name(a), val_type_name(b));
	}
	bool r;
	switch (n->op) {
	case OP_LT: r = c < 0; break;
	case OP_LE: r = c <= 0; break;
	case OP_GT: r = c > 0; break;
	default: r = c >= 0; break;
	}
	*out = val_bool(r);
	return 0;
}

static bool substr_ci(const struct value *needle, const struct value *hay)
{
	size_t n = needle->u.s.len, h = hay->u.s.len;
	if (n > h)
		return false;
	for (size_t i = 0; i + n <= h; i++) {
		size_t j;
		for (j = 0; j < n; j++)
			if (tolower((unsigned char)hay->u.s.ptr[i + j]) !=
			    tolower((unsigned char)needle->u.s.ptr[j]))
				break;
		if (j == n)
			return true;
	}
	return false;
}

static int match_one(struct eval_ctx *e, struct scope *s, struct srcloc loc,
		     struct value *pat, struct value *v);

/* a in b */
static int op_in(struct eval_ctx *e, struct scope *s, const struct ast *n,
		 struct value *a, struct value *b)
{
	switch (b->kind) {
	case VAL_STRING:
		if (a->kind == VAL_STRING)
			return substr_ci(a, b);
		if (a->kind == VAL_REGEX)
			return eval_regex_match(e, s, n->loc, a, b);
		return 0;
	case VAL_ARRAY:
		for (size_t i = 0; i < b->u.arr.n; i++) {
			int r;
			if (a->kind == VAL_REGEX || a->kind == VAL_TYPE)
				r = match_one(e, s, n->loc, a, b->u.arr.v[i]);
			else
				r = val_equal(a, b->u.arr.v[i]);
			if (r)
				return r;
		}
		return 0;
	case VAL_HASH:
		for (size_t i = 0; i < b->u.h.n; i++) {
			int r;
			if (a->kind == VAL_REGEX || a->kind == VAL_TYPE)
				r = match_one(e, s, n->loc, a, b->u.h.e[i].key);
			else
				r = val_equal(a, b->u.h.e[i].key);
			if (r)
				return r;
		}
		return 0;
	default:
		return 0;
	}
}

/*
 * The matching used by case, selectors, `in` and =~: a regex matches
 * strings, a type matches its instances, default matches anything, and
 * anything else compares with ==. Returns 1, 0, or -1 on error.
 */
static int match_one(struct eval_ctx *e, struct scope *s, struct srcloc loc,
		     struct value *pat, struct value *v)
{
	if (pat->kind == VAL_DEFAULT)
		return 1;
	if (pat->kind == VAL_REGEX) {
		if (v->kind != VAL_STRING)
			return 0;
		return eval_regex_match(e, s, loc, pat, v);
	}
	if (pat->kind == VAL_TYPE && v->kind != VAL_TYPE) {
		struct type_env env = { resolve_alias, e, e->arena };
		return type_match(pat, v, &env);
	}
	return val_equal(pat, v);
}

/* ---- access: a[...] ---- */

static int access_array(struct value **out, struct eval_ctx *e,
			const struct ast *n, struct value *a, struct value **k,
			size_t nk)
{
	if (nk < 1 || nk > 2 || k[0]->kind != VAL_INT ||
	    (nk == 2 && k[1]->kind != VAL_INT))
		return eval_error(e, n, "an Array can be accessed with one or two Integers");
	int64_t len = a->kind == VAL_ARRAY ? (int64_t)a->u.arr.n : (int64_t)a->u.s.len;
	int64_t i = k[0]->u.n.i;
	if (i < 0)
		i += len;
	if (nk == 1) {
		if (a->kind == VAL_STRING) {
			if (i < 0 || i >= len)
				*out = val_str(e->arena, "", 0);
			else
				*out = val_str(e->arena, a->u.s.ptr + i, 1);
			return 0;
		}
		*out = (i < 0 || i >= len) ? val_undef() : a->u.arr.v[i];
		return 0;
	}
	int64_t cnt = k[1]->u.n.i;
	if (i < 0) {
		if (cnt >= 0)
			cnt += i;
		i = 0;
	}
	if (cnt < 0)
		cnt = len + cnt - i + 1;
	if (i > len)
		i = len;
	if (cnt < 0)
		cnt = 0;
	if (i + cnt > len)
		cnt = len - i;
	if (a->kind == VAL_STRING) {
		*out = val_str(e->arena, a->u.s.ptr + i, (size_t)cnt);
		return 0;
	}
	struct value *r = val_array(e->arena, (size_t)cnt);
	for (int64_t j = 0; j < cnt; j++)
		val_array_push(e->arena, r, a->u.arr.v[i + j]);
	*out = r;
	return 0;
}

static const char *const resource_like[] = { "Resource", NULL };

static int access_type(struct value **out, struct eval_ctx *e,
		       const struct ast *n, struct value *t, struct value **k,
		       size_t nk)
{
	const char *name = t->u.t.name;
	if (t->u.t.nparams)
		return eval_error(e, n, "'%s' is already parameterized", name);
	if (!strcmp(name, resource_like[0])) {
		if (nk < 1 || (k[0]->kind != VAL_STRING && k[0]->kind != VAL_TYPE))
			return eval_error(e, n, "Resource[] takes a type name and titles");
		const char *tn = k[0]->kind == VAL_TYPE ? k[0]->u.t.name
							: cat_type_name(e->arena, k[0]->u.s.ptr);
		struct value tt = { .kind = VAL_TYPE };
		tt.u.t.name = tn;
		if (nk == 1) {
			*out = val_type(e->arena, tn, NULL, 0);
			return 0;
		}
		return access_type(out, e, n, &tt, k + 1, nk - 1);
	}
	bool is_ref = !type_is_known(name) || !strcmp(name, "Class");
	if (!is_ref) {
		struct value **p = arena_alloc(e->arena, nk * sizeof(*p));
		memcpy(p, k, nk * sizeof(*p));
		*out = val_type(e->arena, name, p, nk);
		return 0;
	}
	/* references: File['a'], File['a', 'b'], File[['a', 'b']] */
	name = cat_type_name(e->arena, name);
	struct value *titles = val_array(e->arena, nk);
	for (size_t i = 0; i < nk; i++) {
		if (k[i]->kind == VAL_ARRAY) {
			for (size_t j = 0; j < k[i]->u.arr.n; j++)
				val_array_push(e->arena, titles, k[i]->u.arr.v[j]);
		} else {
			val_array_push(e->arena, titles, k[i]);
		}
	}
	struct value *refs = val_array(e->arena, titles->u.arr.n);
	for (size_t i = 0; i < titles->u.arr.n; i++) {
		struct value *ti = titles->u.arr.v[i];
		if (ti->kind == VAL_TYPE && !strcmp(name, "Class") &&
		    !ti->u.t.nparams) {
			ti = val_strz(e->arena, ti->u.t.name);
		}
		if (ti->kind != VAL_STRING)
			return eval_error(e, n, "a resource title must be a String, got %s",
					  val_type_name(ti));
		const char *title = ti->u.s.ptr;
		if (!strcmp(name, "Class"))
			title = cat_type_name(e->arena, title);
		val_array_push(e->arena, refs, eval_ref(e, name, title));
	}
	if (refs->u.arr.n == 1 && nk == 1 && k[0]->kind != VAL_ARRAY)
		*out = refs->u.arr.v[0];
	else
		*out = refs;
	return 0;
}

static int access(struct value **out, struct eval_ctx *e, struct scope *s,
		  const struct ast *n)
{
	struct value *a;
	int r;
	if ((r = eval_expr(&a, e, s, n->a)) < 0)
		return r;
	struct value **k = arena_alloc(e->arena, (n->nkids + 1) * sizeof(*k));
	size_t nk = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		if ((r = eval_expr(&k[nk], e, s, n->kids[i])) < 0)
			return r;
		nk++;
	}
	switch (a->kind) {
	case VAL_ARRAY:
	case VAL_STRING:
		return access_array(out, e, n, a, k, nk);
	case VAL_HASH:
		if (nk == 1) {
			struct value *v = val_hash_get(a, k[0]);
			*out = v ? v : val_undef();
			return 0;
		} else {
			struct value *res = val_array(e->arena, nk);
			for (size_t i = 0; i < nk; i++) {
				struct value *v = val_hash_get(a, k[i]);
				if (v)
					val_array_push(e->arena, res, v);
			}
			*out = res;
			return 0;
		}
	case VAL_TYPE:
		return access_type(out, e, n, a, k, nk);
	default:
		return eval_error(e, n, "operator '[]' is not applicable to %s",
				  a->kind == VAL_UNDEF ? "an Undef value" : val_type_name(a));
	}
}

/* ---- collections ---- */

/* Evaluates a list of expressions, expanding splats (*$x) in place. */
static int eval_list(struct value **out, struct eval_ctx *e, struct scope *s,
		     struct ast *const *kids, size_t nkids)
{
	struct value *arr = val_array(e->arena, nkids);
	int r;
	for (size_t i = 0; i < nkids; i++) {
		struct value *v;
		const struct ast *k = kids[i];
		bool splat = k->kind == AST_UNARY && k->op == OP_SPLAT;
		if ((r = eval_expr(&v, e, s, splat ? k->a : k)) < 0)
			return r;
		if (splat && v->kind == VAL_ARRAY) {
			for (size_t j = 0; j < v->u.arr.n; j++)
				val_array_push(e->arena, arr, v->u.arr.v[j]);
		} else {
			val_array_push(e->arena, arr, v);
		}
	}
	*out = arr;
	return 0;
}

static int eval_hash_lit(struct value **out, struct eval_ctx *e,
			 struct scope *s, const struct ast *n)
{
	struct value *h = val_hash(e->arena, n->nkids);
	int r;
	for (size_t i = 0; i < n->nkids; i++) {
		struct value *k, *v;
		if ((r = eval_expr(&k, e, s, n->kids[i]->a)) < 0)
			return r;
		if ((r = eval_expr(&v, e, s, n->kids[i]->b)) < 0)
			return r;
		val_hash_set(e->arena, h, k, v);
	}
	*out = h;
	return 0;
}

static int binary_plus_minus(struct value **out, struct eval_ctx *e,
			     const struct ast *n, struct value *a,
			     struct value *b)
{
	if (a->kind == VAL_ARRAY && n->op == OP_ADD) {
		struct value *r = val_array_copy(e->arena, a);
		if (b->kind == VAL_ARRAY) {
			for (size_t i = 0; i < b->u.arr.n; i++)
				val_array_push(e->arena, r, b->u.arr.v[i]);
		} else if (b->kind == VAL_HASH) {
			for (size_t i = 0; i < b->u.h.n; i++) {
				struct value *pair = val_array(e->arena, 2);
				val_array_push(e->arena, pair, b->u.h.e[i].key);
				val_array_push(e->arena, pair, b->u.h.e[i].val);
				val_array_push(e->arena, r, pair);
			}
		} else {
			val_array_push(e->arena, r, b);
		}
		*out = r;
		return 0;
	}
	if (a->kind == VAL_ARRAY && n->op == OP_SUB) {
		struct value *r = val_array(e->arena, a->u.arr.n);
		for (size_t i = 0; i < a->u.arr.n; i++) {
			bool drop = false;
			if (b->kind == VAL_ARRAY) {
				for (size_t j = 0; j < b->u.arr.n && !drop; j++)
					drop = val_equal(a->u.arr.v[i], b->u.arr.v[j]);
			} else {
				drop = val_equal(a->u.arr.v[i], b);
			}
			if (!drop)
				val_array_push(e->arena, r, a->u.arr.v[i]);
		}
		*out = r;
		return 0;
	}
	if (a->kind == VAL_HASH && n->op == OP_ADD) {
		struct value *r = val_hash_copy(e->arena, a);
		if (b->kind == VAL_HASH) {
			for (size_t i = 0; i < b->u.h.n; i++)
				val_hash_set(e->arena, r, b->u.h.e[i].key, b->u.h.e[i].val);
		} else if (b->kind == VAL_ARRAY && !(b->u.arr.n % 2)) {
			for (size_t i = 0; i + 1 < b->u.arr.n; i += 2)
				val_hash_set(e->arena, r, b->u.arr.v[i], b->u.arr.v[i + 1]);
		} else {
			return eval_error(e, n, "a Hash can only be added with a Hash or an Array of pairs");
		}
		*out = r;
		return 0;
	}
	if (a->kind == VAL_HASH && n->op == OP_SUB) {
		struct value *r = val_hash(e->arena, a->u.h.n);
		for (size_t i = 0; i < a->u.h.n; i++) {
			struct value *k = a->u.h.e[i].key;
			bool drop;
			if (b->kind == VAL_HASH) {
				drop = val_hash_get(b, k) != NULL;
			} else if (b->kind == VAL_ARRAY) {
				drop = false;
				for (size_t j = 0; j < b->u.arr.n && !drop; j++)
					drop = val_identical(b->u.arr.v[j], k);
			} else {
				drop = val_identical(b, k);
			}
			if (!drop)
				val_hash_set(e->arena, r, k, a->u.h.e[i].val);
		}
		*out = r;
		return 0;
	}
	return arith(out, e, n, a, b);
}

static int binary(struct value **out, struct eval_ctx *e, struct scope *s,
		  const struct ast *n)
{
	struct value *a, *b;
	int r;
	if ((r = eval_expr(&a, e, s, n->a)) < 0)
		return r;
	if (n->op == OP_AND || n->op == OP_OR) {
		bool t = val_truthy(a);
		if ((n->op == OP_AND && !t) || (n->op == OP_OR && t)) {
			*out = val_bool(t);
			return 0;
		}
		if ((r = eval_expr(&b, e, s, n->b)) < 0)
			return r;
		*out = val_bool(val_truthy(b));
		return 0;
	}
	if ((r = eval_expr(&b, e, s, n->b)) < 0)
		return r;
	switch (n->op) {
	case OP_ADD:
	case OP_SUB:
		return binary_plus_minus(out, e, n, a, b);
	case OP_MUL:
	case OP_DIV:
	case OP_MOD:
	case OP_SHR:
		return arith(out, e, n, a, b);
	case OP_SHL:
		if (a->kind == VAL_ARRAY) {
			struct value *c = val_array_copy(e->arena, a);
			val_array_push(e->arena, c, b);
			*out = c;
			return 0;
		}
		return arith(out, e, n, a, b);
	case OP_EQ:
		*out = val_bool(val_equal(a, b));
		return 0;
	case OP_NE:
		*out = val_bool(!val_equal(a, b));
		return 0;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		return compare(out, e, n, a, b);
	case OP_MATCH:
	case OP_NMATCH: {
		int m;
		if (b->kind == VAL_STRING) {
			struct value *re = val_regex(e->arena, b->u.s.ptr, b->u.s.len);
			b = re;
		}
		if (b->kind == VAL_REGEX) {
			if (a->kind != VAL_STRING)
				return eval_error(e, n, "the left side of '%s' must be a String, got %s",
						  ast_op_name(n->op), val_type_name(a));
			m = eval_regex_match(e, s, n->loc, b, a);
		} else if (b->kind == VAL_TYPE) {
			struct type_env env = { resolve_alias, e, e->arena };
			m = type_match(b, a, &env);
		} else {
			return eval_error(e, n, "the right side of '%s' must be a Regexp, String or Type, got %s",
					  ast_op_name(n->op), val_type_name(b));
		}
		if (m < 0)
			return -1;
		*out = val_bool(n->op == OP_MATCH ? m : !m);
		return 0;
	}
	case OP_IN: {
		int m = op_in(e, s, n, a, b);
		if (m < 0)
			return -1;
		*out = val_bool(m);
		return 0;
	}
	default:
		BUG("binary op %d", n->op);
	}
}

/* ---- control flow ---- */

static int eval_case(struct value **out, struct eval_ctx *e, struct scope *s,
		     const struct ast *n)
{
	struct value *ctl;
	int r;
	if ((r = eval_expr(&ctl, e, s, n->a)) < 0)
		return r;
	const struct ast *dflt = NULL;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ast *opt = n->kids[i];
		for (size_t j = 0; j < opt->nkids; j++) {
			if (opt->kids[j]->kind == AST_DEFAULT) {
				dflt = opt;
				continue;
			}
			struct value *pat;
			if ((r = eval_expr(&pat, e, s, opt->kids[j])) < 0)
				return r;
			int m;
			if (pat->kind == VAL_ARRAY && opt->kids[j]->kind == AST_ARRAY &&
			    ctl->kind != VAL_ARRAY) {
				m = 0;
				for (size_t k = 0; k < pat->u.arr.n && !m; k++)
					m = match_one(e, s, opt->kids[j]->loc, pat->u.arr.v[k], ctl);
			} else {
				m = match_one(e, s, opt->kids[j]->loc, pat, ctl);
			}
			if (m < 0)
				return -1;
			if (m)
				return eval_block(out, e, s, opt->b);
		}
	}
	if (dflt)
		return eval_block(out, e, s, dflt->b);
	*out = val_undef();
	return 0;
}

static int eval_selector(struct value **out, struct eval_ctx *e,
			 struct scope *s, const struct ast *n)
{
	struct value *ctl;
	int r;
	if ((r = eval_expr(&ctl, e, s, n->a)) < 0)
		return r;
	const struct ast *dflt = NULL;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ast *p = n->kids[i];
		if (p->a->kind == AST_DEFAULT) {
			dflt = p;
			continue;
		}
		struct value *pat;
		if ((r = eval_expr(&pat, e, s, p->a)) < 0)
			return r;
		int m = match_one(e, s, p->a->loc, pat, ctl);
		if (m < 0)
			return -1;
		if (m)
			return eval_expr(out, e, s, p->b);
	}
	if (dflt)
		return eval_expr(out, e, s, dflt->b);
	struct buf b = BUF_INIT;
	val_inspect(&b, ctl);
	eval_error(e, n, "no matching value for selector param %s", b.ptr);
	buf_release(&b);
	return -1;
}

static int assign(struct value **out, struct eval_ctx *e, struct scope *s,
		  const struct ast *n)
{
	struct value *v;
	int r;
	if ((r = eval_expr(&v, e, s, n->b)) < 0)
		return r;
	if (n->a->kind == AST_ARRAY) {
		if (v->kind != VAL_ARRAY || v->u.arr.n != n->a->nkids)
			return eval_error(e, n, "the number of values to assign does not match the number of variables");
		for (size_t i = 0; i < n->a->nkids; i++) {
			if (n->a->kids[i]->kind != AST_VAR)
				return eval_error(e, n->a->kids[i], "only variables can be assigned to");
			if (scope_set(e, s, n->a->kids[i]->str, v->u.arr.v[i], n->a->kids[i]->loc) < 0)
				return -1;
		}
		*out = v;
		return 0;
	}
	if (n->a->kind != AST_VAR)
		return eval_error(e, n->a, "only variables can be assigned to");
	if (n->op == OP_APPEND) {
		/* legacy +=: a new local variable from the inherited value */
		struct value *old = scope_lookup(e, s, n->a->str, n->loc, false);
		struct ast plus = *n;
		plus.op = OP_ADD;
		if (old->kind == VAL_UNDEF)
			old = val_array(e->arena, 0);
		if ((r = binary_plus_minus(&v, e, &plus, old, v)) < 0)
			return r;
		struct var *existing = strmap_get(&s->vars, n->a->str);
		if (existing) {
			existing->v = v;
			*out = v;
			return 0;
		}
	}
	if (scope_set(e, s, n->a->str, v, n->a->loc) < 0)
		return -1;
	*out = v;
	return 0;
}

static int eval_string(struct value **out, struct eval_ctx *e, struct scope *s,
		       const struct ast *n)
{
	struct buf b = BUF_INIT;
	int r = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ast *k = n->kids[i];
		if (k->kind == AST_STRING) {
			buf_add(&b, k->str, k->len);
			continue;
		}
		struct value *v;
		if ((r = eval_expr(&v, e, s, k)) < 0)
			goto out;
		val_to_s(&b, v);
	}
	*out = val_str(e->arena, b.ptr, b.len);
out:
	buf_release(&b);
	return r;
}

/*
 * Binds call arguments to the parameters of a Puppet-language function or
 * a lambda in scope s: positional values, defaults (evaluated in s, so
 * they may use earlier parameters), a *$rest splat, and type checks.
 * `what` names the callee in messages ("function 'f'", "the block").
 */
static int bind_args(struct eval_ctx *e, struct scope *s,
		     struct ast *const *params, size_t np, struct value **args,
		     size_t nargs, struct srcloc loc, const char *what)
{
	int r;
	for (size_t i = 0; i < np; i++) {
		const struct ast *p = params[i];
		struct value *v;
		if (p->op == OP_SPLAT) {
			struct value *rest = val_array(e->arena, nargs);
			for (size_t j = i; j < nargs; j++)
				val_array_push(e->arena, rest, args[j]);
			v = rest;
		} else if (i < nargs) {
			v = args[i];
		} else if (p->b) {
			if ((r = eval_expr(&v, e, s, p->b)) < 0)
				return r;
		} else {
			return eval_error_at(e, loc, "%s expects a value for parameter '$%s'",
					     what, p->str);
		}
		if (p->a) {
			struct value *t;
			if ((r = eval_expr(&t, e, s, p->a)) < 0)
				return r;
			if ((r = eval_type_check(e, loc, t, v, "%s parameter '%s'", what, p->str)) < 0)
				return r;
		}
		if ((r = scope_set(e, s, p->str, v, p->loc)) < 0)
			return r;
	}
	return 0;
}

int eval_call_function(struct value **out, struct eval_ctx *e, struct scope *s,
		       const char *name, struct value **args, size_t nargs,
		       const struct ast *lambda, struct srcloc loc)
{
	const struct fn_def *d = fn_lookup(name);
	if (d) {
		if ((int)nargs < d->min_args ||
		    (d->max_args != FN_ANY && (int)nargs > d->max_args)) {
			if (d->min_args == d->max_args)
				return eval_error_at(e, loc, "'%s' expects %d argument%s, got %zu",
						     name, d->min_args, d->min_args == 1 ? "" : "s", nargs);
			if (d->max_args == FN_ANY)
				return eval_error_at(e, loc, "'%s' expects at least %d argument%s, got %zu",
						     name, d->min_args, d->min_args == 1 ? "" : "s", nargs);
			return eval_error_at(e, loc, "'%s' expects between %d and %d arguments, got %zu",
					     name, d->min_args, d->max_args, nargs);
		}
		if ((d->flags & FN_LAMBDA) && !lambda)
			return eval_error_at(e, loc, "'%s' requires a block", name);
		if (lambda && !(d->flags & (FN_LAMBDA | FN_LAMBDA_OPT)))
			return eval_error_at(e, loc, "'%s' does not accept a block", name);
		struct fn_call c = {
			.ctx = e, .arena = e->arena, .loc = loc, .name = name,
			.args = args, .nargs = nargs, .lambda = lambda,
		};
		struct scope *saved = e->call_scope;
		e->call_scope = s;
		*out = NULL;
		int r = d->impl(out, &c);
		e->call_scope = saved;
		if (r < 0)
			return r;
		if (!*out)
			*out = val_undef();
		return 0;
	}
	const struct ast *f = loader_find_function(e, name);
	if (!f) /* unknown, or a module's Ruby function */
		return rubytype_function_error(e, name, loc);
	/* a function written in the Puppet language */
	if (++e->depth > EVAL_MAX_DEPTH) {
		e->depth--;
		return eval_error_at(e, loc, "call depth exceeds %d in '%s'", EVAL_MAX_DEPTH, name);
	}
	struct scope *fs = scope_new(e, e->top, NULL, name);
	fs->is_local = true;
	int r;
	size_t np = f->nparams;
	const char *what = arena_strfmt(e->arena, "function '%s'", name);
	if ((r = bind_args(e, fs, f->params, np, args, nargs, loc, what)) < 0)
		goto out;
	if (nargs > np && !(np && f->params[np - 1]->op == OP_SPLAT)) {
		r = eval_error_at(e, loc, "function '%s' expects at most %zu arguments, got %zu",
				  name, np, nargs);
		goto out;
	}
	r = eval_block(out, e, fs, f->b);
	if (r == EVAL_RETURN) {
		*out = e->ret ? e->ret : val_undef();
		r = 0;
	}
out:
	e->depth--;
	return r;
}

static int call(struct value **out, struct eval_ctx *e, struct scope *s,
		const struct ast *n)
{
	struct value *args;
	int r;
	if (n->kind == AST_METHOD) {
		struct value *recv;
		if ((r = eval_expr(&recv, e, s, n->a)) < 0)
			return r;
		struct value *rest;
		if ((r = eval_list(&rest, e, s, n->kids, n->nkids)) < 0)
			return r;
		args = val_array(e->arena, rest->u.arr.n + 1);
		val_array_push(e->arena, args, recv);
		for (size_t i = 0; i < rest->u.arr.n; i++)
			val_array_push(e->arena, args, rest->u.arr.v[i]);
	} else if ((r = eval_list(&args, e, s, n->kids, n->nkids)) < 0) {
		return r;
	}
	return eval_call_function(out, e, s, n->str, args->u.arr.v, args->u.arr.n,
				  n->lambda, n->loc);
}

/* Lambdas, called by iteration functions through fn_call_lambda(). */
size_t fn_lambda_arity(const struct fn_call *c)
{
	return c->lambda ? c->lambda->nparams : 0;
}

int (*fn_lambda_hook)(struct value **out, struct fn_call *c,
		      struct value **args, size_t nargs);

int fn_call_lambda(struct value **out, struct fn_call *c, struct value **args,
		   size_t nargs)
{
	struct eval_ctx *e = c->ctx;
	if (!e) {
		if (fn_lambda_hook)
			return fn_lambda_hook(out, c, args, nargs);
		return fn_error(c, "'%s': a block can only run during a compile", c->name);
	}
	const struct ast *l = c->lambda;
	struct scope *s = scope_new(e, e->call_scope, NULL, e->call_scope->name);
	s->is_local = true;
	s->resource = e->call_scope->resource;
	s->dyn = e->call_scope->dyn;
	int r;
	if ((r = bind_args(e, s, l->params, l->nparams, args, nargs, l->loc, "block")) < 0)
		return r;
	struct scope *saved = e->call_scope;
	r = eval_block(out, e, s, l->b);
	e->call_scope = saved;
	if (r == EVAL_NEXT) {
		*out = e->ret ? e->ret : val_undef();
		return 0;
	}
	return r;
}

int fn_error(struct fn_call *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (c->ctx)
		diags_add(c->ctx->diags, DIAG_ERROR, c->loc, "%s", b.ptr);
	else
		err_set("%s", b.ptr);
	buf_release(&b);
	return -1;
}

void (*fn_warn_hook)(struct fn_call *c, const char *msg);

void fn_warn(struct fn_call *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (c->ctx)
		diags_add(c->ctx->diags, DIAG_WARNING, c->loc, "%s", b.ptr);
	else if (fn_warn_hook)
		fn_warn_hook(c, b.ptr);
	else
		log_warning("%s", b.ptr);
	buf_release(&b);
}

static struct value *type_value(struct eval_ctx *e, const char *name)
{
	const char *tn = name;
	if (tn[0] == ':' && tn[1] == ':')
		tn += 2;
	if (type_is_known(tn))
		tn = type_canonical_name(tn);
	return val_type(e->arena, tn, NULL, 0);
}

static int eval_if(struct value **out, struct eval_ctx *e, struct scope *s,
		   const struct ast *n)
{
	struct value *c;
	int r;
	if ((r = eval_expr(&c, e, s, n->a)) < 0)
		return r;
	bool t = val_truthy(c);
	if (n->kind == AST_UNLESS)
		t = !t;
	if (t)
		return eval_block(out, e, s, n->b);
	if (!n->c) {
		*out = val_undef();
		return 0;
	}
	if (n->c->kind == AST_IF)
		return eval_if(out, e, s, n->c);
	return eval_block(out, e, s, n->c);
}

int eval_expr(struct value **out, struct eval_ctx *e, struct scope *s,
	      const struct ast *n)
{
	int r;
	switch (n->kind) {
	case AST_UNDEF:
		*out = val_undef();
		return 0;
	case AST_DEFAULT:
		*out = val_default();
		return 0;
	case AST_BOOL:
		*out = val_bool(n->ival != 0);
		return 0;
	case AST_INT:
		*out = val_int(e->arena, n->ival);
		if (n->str && n->str[0] == '0' && n->str[1] &&
		    isdigit((unsigned char)n->str[1]))
			(*out)->u.n.lit = n->str;
		return 0;
	case AST_FLOAT:
		*out = val_float(e->arena, n->fval);
		return 0;
	case AST_STRING:
	case AST_NAME:
		*out = literal(e, n->str, n->kind == AST_NAME ? strlen(n->str) : n->len);
		return 0;
	case AST_CONCAT:
		return eval_string(out, e, s, n);
	case AST_REGEX:
		*out = val_regex(e->arena, n->str, strlen(n->str));
		return 0;
	case AST_TYPEREF:
		*out = type_value(e, n->str);
		return 0;
	case AST_VAR:
		*out = scope_lookup(e, s, n->str, n->loc, true);
		return 0;
	case AST_ARRAY:
		return eval_list(out, e, s, n->kids, n->nkids);
	case AST_HASH:
		return eval_hash_lit(out, e, s, n);
	case AST_ACCESS:
		return access(out, e, s, n);
	case AST_CALL:
	case AST_METHOD:
		return call(out, e, s, n);
	case AST_UNARY: {
		struct value *v;
		if ((r = eval_expr(&v, e, s, n->a)) < 0)
			return r;
		if (n->op == OP_NOT) {
			*out = val_bool(!val_truthy(v));
			return 0;
		}
		if (n->op == OP_SPLAT) {
			if (v->kind == VAL_ARRAY) {
				*out = v;
			} else {
				struct value *a = val_array(e->arena, 1);
				if (v->kind != VAL_UNDEF)
					val_array_push(e->arena, a, v);
				*out = a;
			}
			return 0;
		}
		v = to_num(e, v);
		if (v->kind == VAL_INT) {
			if (v->u.n.i == INT64_MIN)
				return eval_error(e, n, "integer overflow in unary '-'");
			*out = val_int(e->arena, -v->u.n.i);
		} else if (v->kind == VAL_FLOAT) {
			*out = val_float(e->arena, -v->u.f);
		} else {
			return eval_error(e, n, "unary '-' is not applicable to %s", val_type_name(v));
		}
		return 0;
	}
	case AST_BINARY:
		return binary(out, e, s, n);
	case AST_ASSIGN:
		return assign(out, e, s, n);
	case AST_IF:
	case AST_UNLESS:
		return eval_if(out, e, s, n);
	case AST_CASE:
		return eval_case(out, e, s, n);
	case AST_SELECTOR:
		return eval_selector(out, e, s, n);
	case AST_BLOCK:
		return eval_block(out, e, s, n);
	case AST_RESOURCE:
		return compile_resource(out, e, s, n);
	case AST_RES_DEFAULTS:
		*out = val_undef();
		return compile_defaults(e, s, n);
	case AST_RES_OVERRIDE:
		*out = val_undef();
		return compile_override(e, s, n);
	case AST_COLLECT:
		return compile_collect(out, e, s, n);
	case AST_RELATION:
		return compile_relation(out, e, s, n);
	case AST_CLASS:
	case AST_DEFINE:
	case AST_NODE:
	case AST_FUNCTION:
	case AST_TYPE_ALIAS:
		/* definitions are registered by the loader before evaluation */
		*out = val_undef();
		return 0;
	case AST_IMPORT:
		*out = val_undef();
		return 0;
	case AST_EPP_TEXT:
		if (e->epp_out)
			buf_add(e->epp_out, n->str, n->len);
		*out = val_undef();
		return 0;
	case AST_EPP_RENDER: {
		struct value *v;
		if ((r = eval_expr(&v, e, s, n->a)) < 0)
			return r;
		if (e->epp_out)
			val_to_s(e->epp_out, v);
		*out = val_undef();
		return 0;
	}
	case AST_LAMBDA:
		return eval_error(e, n, "a lambda can only be given to a function call");
	case AST_PAIR:
	case AST_CASE_OPT:
	case AST_RES_BODY:
	case AST_ATTR:
	case AST_PARAM:
	case AST_KIND_MAX:
		break;
	}
	return eval_error(e, n, "unexpected %s in an expression", ast_kind_name(n->kind));
}

int eval_block(struct value **out, struct eval_ctx *e, struct scope *s,
	       const struct ast *n)
{
	*out = val_undef();
	if (!n)
		return 0;
	if (n->kind != AST_BLOCK)
		return eval_expr(out, e, s, n);
	if (++e->depth > EVAL_MAX_DEPTH) {
		e->depth--;
		return eval_error(e, n, "nesting depth exceeds %d", EVAL_MAX_DEPTH);
	}
	int r = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		if ((r = eval_expr(out, e, s, n->kids[i])) < 0)
			break;
		if (diags_too_many(e->diags)) {
			r = -1;
			break;
		}
	}
	e->depth--;
	return r;
}
