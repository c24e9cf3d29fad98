/* SPDX-License-Identifier: MIT */
/* erb_kernel.c: the scope object and the calls without receiver (Kernel, the template) */
#include "util/compat.h"
#include <math.h>
#include "template/erb-internal.h"
#include "util/arena.h"

/*
 * `scope` is Puppet's: variables (lookupvar, [], setvar) and functions
 * (function_NAME([args]), call_function(name, args)), through the
 * callbacks of struct erb_env. Values go to Puppet only as Puppet values:
 * no Range, MatchData or class, nothing cyclic or too deep.
 */

#define ERB_NOMETHOD 3

static struct value *str_val(struct erb_run *r, struct buf *b)
{
	return val_str(r->a, b->ptr, b->len);
}

static double num_f(const struct value *v)
{
	return v->kind == VAL_INT ? (double)v->u.n.i : v->u.f;
}

/* ---- the scope object ---- */

static int to_puppet(struct erb_run *r, struct value *v, struct srcloc loc)
{
	enum erb_cls c = erb_class_of(r, v);
	if (c == CLS_RANGE || c == CLS_MATCHDATA || c == CLS_CLASS ||
	    c == CLS_SCOPE || c == CLS_ENUMERATOR || c == CLS_PROC)
		return erb_unsupported(r, loc, "passing a %s to Puppet",
				       erb_class_names[c]);
	if (v->kind == VAL_ARRAY) {
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (to_puppet(r, v->u.arr.v[i], loc) < 0)
				return ERB_ERR;
	} else if (v->kind == VAL_HASH) {
		for (size_t i = 0; i < v->u.h.n; i++)
			if (to_puppet(r, v->u.h.e[i].key, loc) < 0 ||
			    to_puppet(r, v->u.h.e[i].val, loc) < 0)
				return ERB_ERR;
	}
	return 0;
}

static int call_puppet(struct value **out, struct erb_run *r,
		       const char *fn, struct value *arr, struct srcloc loc)
{
	if (arr->kind != VAL_ARRAY)
		return erb_error(r, loc, "custom functions must be called with a single array that contains the arguments");
	if (erb_check_depth(r, arr, loc) < 0 || to_puppet(r, arr, loc) < 0)
		return ERB_ERR;
	if (!r->env->call)
		return erb_error(r, loc, "unknown function '%s'", fn);
	struct value *v = NULL;
	if (r->env->call(&v, r->env->payload, fn, arr->u.arr.v, arr->u.arr.n,
			 loc) < 0) {
		buf_reset(&r->err);
		r->errloc = loc;
		r->err_recorded = true;
		return ERB_ERR;
	}
	*out = v ? v : val_undef();
	return 0;
}

int erb_scope_method(struct value **out, struct erb_run *r,
			const char *name, int mid, struct value **args,
			size_t nargs, struct srcloc loc)
{
	switch (mid) {
	case M_LOOKUPVAR:
	case M_AREF: {
		if (erb_arity(r, loc, nargs, 1, 2) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_STRING)
			return erb_error(r, loc, "scope variable names must be strings");
		char *n =
			arena_memdupz(r->a, args[0]->u.s.ptr, args[0]->u.s.len);
		return erb_lookup_var(out, r, n, false, loc);
	}
	case M_SETVAR: {
		if (erb_arity(r, loc, nargs, 2, 3) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_STRING)
			return erb_error(r, loc, "scope variable names must be strings");
		if (erb_check_depth(r, args[1], loc) < 0 ||
		    to_puppet(r, args[1], loc) < 0)
			return ERB_ERR;
		char *n =
			arena_memdupz(r->a, args[0]->u.s.ptr, args[0]->u.s.len);
		if (r->env->setvar) {
			if (r->env->setvar(r->env->payload, n, args[1], loc) <
			    0) {
				buf_reset(&r->err);
				r->errloc = loc;
				r->err_recorded = true;
				return ERB_ERR;
			}
		} else {
			if (!r->scopevars)
				r->scopevars = val_hash(r->a, 4);
			val_hash_set(r->a, r->scopevars, val_strz(r->a, n),
				     args[1]);
		}
		*out = args[1];
		return 0;
	}
	case M_FUNCTION:
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		return call_puppet(out, r, name + 9, args[0], loc);
	case M_CALL_FUNCTION: {
		if (erb_arity(r, loc, nargs, 1, 2) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_STRING)
			return erb_error(r, loc, "call_function expects a function name");
		char *fn =
			arena_memdupz(r->a, args[0]->u.s.ptr, args[0]->u.s.len);
		/* Puppet calls func.call(scope, *args): Ruby's splat */
		struct value *list = nargs > 1 ? args[1] : val_undef();
		if (list->kind == VAL_HASH) {
			if (erb_to_list(&list, r, list, loc) < 0)
				return ERB_ERR;
		} else if (list->kind == VAL_UNDEF) {
			list = val_array(r->a, 0);
		} else if (list->kind != VAL_ARRAY) {
			struct value *one = val_array(r->a, 1);
			val_array_push(r->a, one, list);
			list = one;
		}
		return call_puppet(out, r, fn, list, loc);
	}
	default:
		return erb_unsupported(r, loc, "scope.%s", name);
	}
}

/* ---- Kernel: calls without a receiver ---- */

static int kernel_convert(struct value **out, struct erb_run *r, int mid,
			  struct value **args, size_t nargs, struct srcloc loc)
{
	if (erb_arity(r, loc, nargs, 1, mid == M_INTEGER ? 2 : 1) < 0)
		return ERB_ERR;
	struct value *v = args[0];
	switch (mid) {
	case M_INTEGER: {
		int base = 0;
		if (nargs > 1) {
			if (args[1]->kind != VAL_INT || args[1]->u.n.i < 2 ||
			    args[1]->u.n.i > 36)
				return erb_error(r, loc, "invalid radix");
			base = (int)args[1]->u.n.i;
		}
		if (v->kind == VAL_INT) {
			*out = v;
			return 0;
		}
		if (v->kind == VAL_FLOAT)
			return erb_float_to_int(out, r, trunc(v->u.f), loc);
		if (v->kind == VAL_UNDEF)
			return erb_error(r, loc, "can't convert nil into Integer");
		if (v->kind != VAL_STRING)
			return erb_error(r, loc, "can't convert %s into Integer",
					 erb_class_names[erb_class_of(r, v)]);
		int64_t i = 0;
		int rc = erb_str_to_int(&i, v->u.s.ptr, v->u.s.len, base, true);
		if (rc == -2)
			return erb_unsupported(r, loc, "Integer overflow (Bignum)");
		if (rc < 0 || memchr(v->u.s.ptr, '\0', v->u.s.len))
			return erb_error(r, loc, "invalid value for Integer(): \"%.*s\"",
					 (int)v->u.s.len, v->u.s.ptr);
		*out = val_int(r->a, i);
		return 0;
	}
	case M_FLOAT:
		if (v->kind == VAL_INT || v->kind == VAL_FLOAT) {
			*out = val_float(r->a, num_f(v));
			return 0;
		}
		if (v->kind == VAL_STRING) {
			bool ok;
			double d =
				erb_str_to_f(v->u.s.ptr, v->u.s.len, &ok, true);
			if (!ok)
				return erb_error(r, loc, "invalid value for Float(): \"%.*s\"",
						 (int)v->u.s.len, v->u.s.ptr);
			*out = val_float(r->a, d);
			return 0;
		}
		return erb_error(r, loc, "can't convert %s into Float",
				 v->kind == VAL_UNDEF ? "nil" :
				 erb_class_names[erb_class_of(r, v)]);
	case M_STRING: {
		struct buf b = BUF_INIT;
		int rc = erb_to_s(r, &b, v, loc);
		if (rc == 0)
			*out = str_val(r, &b);
		buf_release(&b);
		return rc;
	}
	case M_ARRAY:
		if (v->kind == VAL_UNDEF) {
			*out = val_array(r->a, 0);
			return 0;
		}
		if (v->kind == VAL_ARRAY) {
			*out = v;
			return 0;
		}
		if (v->kind == VAL_HASH || erb_is_obj(v, erb_t_range) ||
		    erb_is_obj(v, erb_t_enum))
			return erb_to_list(out, r, v, loc);
		*out = val_array(r->a, 1);
		val_array_push(r->a, *out, v);
		return 0;
	default: /* Hash() */
		if (v->kind == VAL_HASH) {
			*out = v;
			return 0;
		}
		if (v->kind == VAL_UNDEF ||
		    (v->kind == VAL_ARRAY && !v->u.arr.n)) {
			*out = val_hash(r->a, 0);
			return 0;
		}
		return erb_error(r, loc, "can't convert %s into Hash",
				 erb_class_names[erb_class_of(r, v)]);
	}
}

int erb_self_call(struct value **out, struct erb_run *r, const char *name,
		  int mid, struct value **args, size_t nargs,
		  struct erb_blk *blk, struct srcloc loc)
{
	if (erb_step(r, loc) < 0)
		return ERB_ERR;
	switch (mid) {
	case M_SCOPE:
		if (erb_arity(r, loc, nargs, 0, 0) < 0)
			return ERB_ERR;
		*out = erb_scope_value();
		return 0;
	case M_HAS_VARIABLE: {
		if (erb_arity(r, loc, nargs, 1, 1) < 0)
			return ERB_ERR;
		if (args[0]->kind != VAL_STRING)
			return erb_error(r, loc, "has_variable? expects a variable name");
		char *n =
			arena_memdupz(r->a, args[0]->u.s.ptr, args[0]->u.s.len);
		struct value *v;
		if (erb_lookup_var(&v, r, n, false, loc) < 0)
			return ERB_ERR;
		*out = val_bool(v->kind != VAL_UNDEF);
		return 0;
	}
	case M_FILE:
		if (erb_arity(r, loc, nargs, 0, 0) < 0)
			return ERB_ERR;
		*out = val_strz(r->a, r->t->file ? r->t->file : "");
		return 0;
	case M_INTEGER:
	case M_FLOAT:
	case M_STRING:
	case M_ARRAY:
	case M_HASH_K:
		return kernel_convert(out, r, mid, args, nargs, loc);
	case M_FORMAT:
	case M_SPRINTF: {
		if (!nargs || args[0]->kind != VAL_STRING)
			return erb_error(r, loc, "too few arguments");
		struct buf b = BUF_INIT;
		int rc = erb_format(r, &b, args[0]->u.s.ptr, args[0]->u.s.len,
				    args + 1, nargs - 1, loc);
		if (rc == 0)
			*out = str_val(r, &b);
		buf_release(&b);
		return rc;
	}
	case M_P:
		*out = nargs == 0 ? val_undef() : nargs == 1 ? args[0] :
			val_array(r->a, 0);
		if (nargs > 1)
			for (size_t i = 0; i < nargs; i++)
				val_array_push(r->a, *out, args[i]);
		return 0;
	case M_REQUIRE:
		/* what a library brings fails as an unknown constant when used */
		*out = val_bool(true);
		return 0;
	case M_PUTS:
	case M_PRINT:
		/* they write to Puppet's stdout, never to the template */
		*out = val_undef();
		return 0;
	case M_RAISE:
	case M_FAIL: {
		struct buf b = BUF_INIT;
		const char *cls = NULL;
		if (nargs >= 1 && erb_is_obj(args[0], erb_t_class)) {
			cls = erb_class_names[args[0]->u.t.params[0]->u.n.i];
			args++, nargs--;
		}
		if (nargs && erb_to_s(r, &b, args[0], loc) < 0) {
			buf_release(&b);
			return ERB_ERR;
		}
		int rc = erb_error(r, loc, "%s", nargs ? b.ptr : "unhandled exception");
		r->err_is_raise = true;
		r->err_class = cls;
		buf_release(&b);
		return rc;
	}
	case M_LOOP: {
		if (!blk)
			return erb_unsupported(r, loc, "'loop' without a block");
		for (;;) {
			struct value *ignored;
			int rc = erb_yield(&ignored, r, blk, NULL, 0);
			if (rc)
				return rc;
		}
	}
	case M_FUNCTION:
		return erb_error(r, loc, "undefined method '%s' (call it as scope.%s)",
				 name, name);
	default: {
		static const char *const kernel[] = {
			"lambda", "proc", "rand", "srand", "binding",
			"gets", "exit", "abort", "caller", "block_given?", "sleep",
			"warn", "classes", "tags", "all_tags", "system", "exec",
			"open", "eval", "send", "instance_variable_get",
			"instance_variables", "catch", "throw", "at_exit",
		};
		for (size_t i = 0; i < ARRAY_SIZE(kernel); i++)
			if (!strcmp(name, kernel[i]))
				return erb_unsupported(r, loc, "method '%s'", name);
		return erb_error(r, loc, "undefined method '%s' for the template",
				 name);
	}
	}
}
