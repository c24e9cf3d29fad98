/* SPDX-License-Identifier: MIT */
/* fn_stdlib4.c: stdlib's resource, validation and serialization functions (validate_legacy, ensure_resource, to_toml…) */
#include "util/compat.h"
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <sys/stat.h>
#include "facts/json_value.h"
#include "lang/eval-internal.h"
#include "lang/fn_arg.h"
#include "lang/fn_stdlib3.h"
#include "lang/fn_stdlib4.h"
#include "lang/func.h"
#include "lang/parser.h"
#include "lang/types.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/fileio.h"
#include "util/log.h"

/*
 * As in fn_stdlib3.c, each function follows its .rb file in
 * puppetlabs-stdlib 8.5: the same checks in the same order, the same
 * messages. The resource functions (getparam, defined_with_params,
 * ensure_resource(s), ensure_packages) look at the catalog as compiled so
 * far, which is what makes them parse-order dependent in Puppet too.
 */

static bool is_empty_str(const struct value *v)
{
	return v->kind == VAL_STRING && !v->u.s.len;
}

/* ---- resources ---- */

/* The resource whose body is being evaluated (Class[main] at top). */
static struct resource *current_resource(struct fn_call *c)
{
	for (struct scope *s = c->ctx->call_scope; s; s = s->parent)
		if (s->resource)
			return s->resource;
	return c->ctx->main_class;
}

/*
 * Puppet::Resource.type_and_title(s, nil): "Type[title]" (the type is
 * capitalized per segment, a class title too). Returns 0, or -1 after
 * Puppet's error.
 */
static int ref_parse(struct fn_call *c, const char *s, size_t len,
		     const char **type, const char **title)
{
	const char *open = memchr(s, '[', len);
	if (!open || open == s || s[len - 1] != ']' ||
	    (size_t)(open - s) + 2 >= len ||
	    memchr(s, ']', (size_t)(open - s))) {
		struct buf q = BUF_INIT;
		fnarg_ruby_quote(&q, s, len);
		fn_error(
			c,
			"No title provided and %s is not a valid resource reference",
			q.ptr);
		buf_release(&q);
		return -1;
	}
	const char *tn = arena_memdupz(c->arena, s, (size_t)(open - s));
	if (tn[0] == ':' && tn[1] == ':')
		tn += 2;
	*type = cat_type_name(c->arena, tn);
	*title =
		arena_memdupz(c->arena, open + 1, len - (size_t)(open - s) - 2);
	return 0;
}

/* The catalog's resource type[title] (a class title as Puppet munges it). */
static struct resource *find_res(struct fn_call *c, const char *type,
				 const char *title)
{
	const char *t2 = type;
	const char *ti =
		compile_ref_title(c->ctx, eval_ref(c->ctx, type, title), &t2);
	return ti ? cat_find(c->ctx->cat, t2, ti) : NULL;
}

/* Puppet::Parser::Resource#[]: the title, or a parameter's value. */
static struct value *res_param(struct fn_call *c, struct resource *r,
			       const struct value *key)
{
	if (val_is_str(key, "title"))
		return val_strz(c->arena, r->title);
	struct value *v =
		key->kind == VAL_STRING ? val_hash_get(r->params, key) : NULL;
	return v && v->kind != VAL_UNDEF ? v : NULL;
}

/* getparam(reference, 'param'): '' for what is missing */
static int f_getparam(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (!c->nargs)
		return fn_error(c, "Must specify a reference");
	struct value *param = c->nargs > 1 ? fnarg_arg3(c, 1) : NULL;
	if (!param || param->kind != VAL_STRING)
		return fn_error(c, "Must specify name of a parameter");
	*out = val_str(c->arena, "", 0);
	if (!param->u.s.len)
		return 0;
	struct buf b = BUF_INIT;
	struct value *ref = fnarg_arg3(c, 0);
	if (ref->kind == VAL_TYPE)
		cat_ref_str(&b, ref);
	else
		fnarg_ruby3_s(&b, ref);
	const char *type, *title;
	int rc = ref_parse(c, b.ptr, b.len, &type, &title);
	buf_release(&b);
	if (rc < 0)
		return -1;
	struct resource *r = find_res(c, type, title);
	struct value *v = r ? res_param(c, r, param) : NULL;
	if (v)
		*out = v;
	return 0;
}

/*
 * defined_with_params(reference, params): whether a resource (any of the
 * type, for a type without title) other than the one being evaluated is
 * declared with these parameters (Ruby ==; undef matches a missing one).
 * Sets *found; returns 0 or -1 after an error.
 */
static int defined_with(bool *found, struct fn_call *c, struct value *ref,
			struct value *params)
{
	*found = false;
	const char *type, *title;
	if (ref->kind == VAL_STRING) {
		if (ref_parse(c, ref->u.s.ptr, ref->u.s.len, &type, &title) < 0)
			return -1;
	} else if (ref->kind == VAL_TYPE && !type_is_known(ref->u.t.name)) {
		type = ref->u.t.name;
		title = "";
		if (ref->u.t.nparams == 1 &&
		    ref->u.t.params[0]->kind == VAL_STRING &&
		    !(title = compile_ref_title(c->ctx, ref, &type)))
			title = "";
	} else {
		return fn_error(c, "Reference is not understood: '%s'",
				ref->kind == VAL_TYPE
					? "Puppet::Pops::Types::PTypeType"
					: fnarg_ruby_class(ref));
	}
	struct resource *self = current_resource(c);
	struct resource *one = *title ? find_res(c, type, title) : NULL;
	size_t n = *title ? (one ? 1 : 0) : c->ctx->cat->nres;
	for (size_t i = 0; i < n && !*found; i++) {
		struct resource *r = *title ? one : c->ctx->cat->res[i];
		if (!*title && strcmp(r->type, type))
			continue;
		if (r == self)
			continue;
		bool all = true;
		for (size_t k = 0; all && params && k < params->u.h.n; k++) {
			struct value *want = params->u.h.e[k].val;
			struct value *have =
				res_param(c, r, params->u.h.e[k].key);
			bool want_undef = want->kind == VAL_UNDEF;
			all = (!have && want_undef) ||
			      (have && fnarg_ruby_eq(have, want));
		}
		*found = all;
	}
	return 0;
}

static struct value *params_arg(struct fn_call *c, size_t i)
{
	struct value *p = c->nargs > i ? fnarg_arg3(c, i) : NULL;
	if (!p || is_empty_str(p) || p->kind != VAL_HASH)
		return val_hash(c->arena, 0);
	return p;
}

static int f_defined_with_params(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (!c->nargs)
		return fn_error(c, "Must specify a reference");
	bool found;
	if (defined_with(&found, c, fnarg_arg3(c, 0), params_arg(c, 1)) < 0)
		return -1;
	*out = val_bool(found);
	return 0;
}

/* ensure_resource for one title: declares it through create_resources
 * unless defined_with_params says it is there already. */
static int ensure_one(struct fn_call *c, struct value *type, struct value *item,
		      struct value *params)
{
	if (item->kind == VAL_ARRAY) {
		for (size_t i = 0; i < item->u.arr.n; i++)
			if (ensure_one(c, type, item->u.arr.v[i], params) < 0)
				return -1;
		return 0;
	}
	struct buf ref = BUF_INIT, title = BUF_INIT;
	fnarg_ruby3_s(&ref, type);
	fnarg_ruby3_s(&title, item);
	buf_addf(&ref, "[%s]", title.ptr);
	bool found;
	int rc = defined_with(&found, c, val_str(c->arena, ref.ptr, ref.len),
			      params);
	buf_release(&ref);
	if (!rc && !found &&
	    (item->kind == VAL_INT || item->kind == VAL_FLOAT)) {
		/* a number as title: Puppet names the resource by its string
		 * (name => "80") and does not tag it with the title, which the
		 * older ensure_resource knows how to declare */
		const struct fn_def *d = stdlib3_older("ensure_resource");
		struct value *args[] = {type, item, params}, *ignored;
		struct fn_call c2 = *c;
		c2.args = args;
		c2.nargs = 3;
		rc = d ? d->impl(&ignored, &c2) : -1;
	} else if (!rc && !found) {
		struct value *h = val_hash(c->arena, 1), *ignored;
		val_hash_set(c->arena, h,
			     val_str(c->arena, title.ptr, title.len), params);
		struct value *args[] = {type, h};
		rc = eval_call_function(&ignored, c->ctx, c->ctx->call_scope,
					"create_resources", args, 2, NULL,
					c->loc);
	}
	buf_release(&title);
	return rc;
}

static int f_ensure_resource(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (c->nargs < 1)
		return fn_error(c, "Must specify a type");
	if (c->nargs < 2)
		return fn_error(c, "Must specify a title");
	*out = val_undef();
	return ensure_one(c, fnarg_arg3(c, 0), fnarg_arg3(c, 1),
			  params_arg(c, 2));
}

static int ensure_many(struct fn_call *c, struct value *type, struct value *h,
		       struct value *params)
{
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct value *own = h->u.h.e[i].val, *merged = params;
		if (own->kind == VAL_HASH) {
			merged = val_hash_copy(c->arena, params);
			for (size_t k = 0; k < own->u.h.n; k++)
				val_hash_set(c->arena, merged,
					     own->u.h.e[k].key,
					     own->u.h.e[k].val);
		}
		if (ensure_one(c, type, h->u.h.e[i].key, merged) < 0)
			return -1;
	}
	return 0;
}

static int f_ensure_resources(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (c->nargs < 1)
		return fn_error(c, "Must specify a type");
	if (c->nargs < 2)
		return fn_error(c, "Must specify a title");
	struct value *h = fnarg_arg3(c, 1);
	if (h->kind != VAL_HASH)
		return fn_error(
			c,
			"ensure_resources(): Requires second argument to be a Hash");
	*out = val_undef();
	return ensure_many(c, fnarg_arg3(c, 0), h, params_arg(c, 2));
}

static int f_ensure_packages(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"packages",
		 "Variant[String[1], Array[String[1]], Hash[String[1], Any]]",
		 false},
		{"default_attributes", "Hash", false},
	};
	if (stdlib3_check(c, ps, 2) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	struct value *defaults = val_hash(c->arena, 2);
	val_hash_set_str(c->arena, defaults, "ensure",
			 val_strz(c->arena, "installed"));
	if (c->nargs > 1) {
		struct value *d = c->args[1];
		for (size_t i = 0; i < d->u.h.n; i++)
			val_hash_set(c->arena, defaults, d->u.h.e[i].key,
				     d->u.h.e[i].val);
		struct value *e = val_hash_get_str(defaults, "ensure");
		if (e && e->kind == VAL_STRING &&
		    !strcmp(e->u.s.ptr, "present"))
			val_hash_set_str(c->arena, defaults, "ensure",
					 val_strz(c->arena, "installed"));
	}
	*out = val_undef();
	struct value *type = val_strz(c->arena, "package"), *pk = c->args[0];
	if (pk->kind == VAL_HASH)
		return ensure_many(c, type, pk, defaults);
	return ensure_one(c, type, pk, defaults);
}

/* stdlib 9's stdlib::ensure_packages: 'present' stays when a package is
 * already declared present, and a hash's attributes merge per package */
static int ensure_pkg9(struct fn_call *c, struct value *names,
		       struct value *attrs)
{
	size_t n = names->kind == VAL_ARRAY ? names->u.arr.n : 1;
	for (size_t i = 0; i < n; i++) {
		struct value *name =
			names->kind == VAL_ARRAY ? names->u.arr.v[i] : names;
		struct value *d = val_hash(c->arena, 2);
		val_hash_set_str(c->arena, d, "ensure",
				 val_strz(c->arena, "installed"));
		for (size_t k = 0; attrs && k < attrs->u.h.n; k++)
			val_hash_set(c->arena, d, attrs->u.h.e[k].key,
				     attrs->u.h.e[k].val);
		struct value *e = val_hash_get_str(d, "ensure");
		if (e &&
		    (val_is_str(e, "present") || val_is_str(e, "installed"))) {
			struct buf ref = BUF_INIT;
			buf_addstr(&ref, "Package[");
			fnarg_ruby3_s(&ref, name);
			buf_addch(&ref, ']');
			struct value *want = val_hash(c->arena, 1);
			val_hash_set_str(c->arena, want, "ensure",
					 val_strz(c->arena, "present"));
			bool found;
			int rc = defined_with(
				&found, c, val_str(c->arena, ref.ptr, ref.len),
				want);
			buf_release(&ref);
			if (rc < 0)
				return -1;
			val_hash_set_str(
				c->arena, d, "ensure",
				val_strz(c->arena,
					 found ? "present" : "installed"));
		}
		if (ensure_one(c, val_strz(c->arena, "package"), name, d) < 0)
			return -1;
	}
	return 0;
}

static int f_stdlib_ensure_packages(struct value **out, struct fn_call *c)
{
	bool is_hash = c->args[0]->kind == VAL_HASH;
	enum val_kind pk = c->args[0]->kind;
	if (pk != VAL_HASH && pk != VAL_STRING && pk != VAL_ARRAY)
		return fn_error(
			c,
			"'%s' parameter 'packages' expects a value of type String, Array, or Hash, got %s",
			c->name, fnarg_label(c->arena, c->args[0]));
	const struct stdlib3_param ps[] = {
		{"packages",
		 is_hash ? "Hash[String[1], Any]"
			 : "Variant[String[1], Array[String[1]]]",
		 false},
		{"default_attributes", "Hash", false},
	};
	if (stdlib3_check(c, ps, 2) < 0 || fnarg_need_ctx(c) < 0)
		return -1;
	*out = val_undef();
	struct value *dflt = c->nargs > 1 ? c->args[1] : NULL;
	if (!is_hash)
		return ensure_pkg9(c, c->args[0], dflt);
	struct value *h = c->args[0];
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct value *m = dflt ? val_hash_copy(c->arena, dflt)
				       : val_hash(c->arena, 2);
		struct value *own = h->u.h.e[i].val;
		for (size_t k = 0; own->kind == VAL_HASH && k < own->u.h.n; k++)
			val_hash_set(c->arena, m, own->u.h.e[k].key,
				     own->u.h.e[k].val);
		if (ensure_pkg9(c, h->u.h.e[i].key, m) < 0)
			return -1;
	}
	return 0;
}

/* Puppet::Module.find: the module's directory on the modulepath. */
static int module_path(struct buf *out, struct fn_call *c,
		       const struct value *name)
{
	const char *env = c->ctx->opts && c->ctx->opts->environment
				  ? c->ctx->opts->environment
				  : "production";
	bool valid = name->kind == VAL_STRING && name->u.s.len &&
		     islower((unsigned char)name->u.s.ptr[0]) &&
		     strlen(name->u.s.ptr) == name->u.s.len;
	for (size_t i = 1; valid && i < name->u.s.len; i++)
		valid = islower((unsigned char)name->u.s.ptr[i]) ||
			isdigit((unsigned char)name->u.s.ptr[i]) ||
			name->u.s.ptr[i] == '_';
	for (size_t i = 0; valid && i < c->ctx->nmodpath; i++) {
		struct stat st;
		buf_reset(out);
		buf_addf(out, "%s/%s", c->ctx->modpath[i], name->u.s.ptr);
		if (stat(out->ptr, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
	}
	struct buf s = BUF_INIT;
	fnarg_ruby3_s(&s, name);
	fn_error(c, "Could not find module %s in environment %s", s.ptr, env);
	buf_release(&s);
	return -1;
}

static int f_get_module_path(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (c->nargs != 1)
		return fn_error(
			c,
			"get_module_path(): Wrong number of arguments, expects one");
	struct buf b = BUF_INIT;
	if (module_path(&b, c, fnarg_arg3(c, 0)) < 0) {
		buf_release(&b);
		return -1;
	}
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

static int f_load_module_metadata(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (c->nargs < 1 || c->nargs > 2)
		return fn_error(
			c,
			"load_module_metadata(): Wrong number of arguments, expects one or two");
	struct buf path = BUF_INIT, src = BUF_INIT, name = BUF_INIT;
	int rc = module_path(&path, c, fnarg_arg3(c, 0));
	if (rc < 0)
		goto out;
	buf_addstr(&path, "/metadata.json");
	if (file_read(&src, path.ptr) < 0) {
		fnarg_ruby3_s(&name, fnarg_arg3(c, 0));
		if (c->nargs > 1 && val_truthy(c->args[1]))
			*out = val_hash(c->arena, 0);
		else
			rc = fn_error(
				c,
				"load_module_metadata(): No metadata.json file for module %s",
				name.ptr);
		goto out;
	}
	json_error_t je;
	json_t *j = json_loadb(src.ptr, src.len, 0, &je);
	if (!j) {
		rc = fn_error(c, "%s: %s", path.ptr, je.text);
		goto out;
	}
	*out = jv_from_json(c->arena, j);
	json_decref(j);
out:
	buf_release(&path);
	buf_release(&src);
	buf_release(&name);
	return rc;
}

/* ---- validate_legacy ---- */

static void scope_name(struct buf *out, struct fn_call *c)
{
	struct resource *r = current_resource(c);
	if (r)
		buf_addf(out, "Scope(%s[%s])", r->type, r->title);
	else
		buf_addstr(out, "Scope(Class[main])");
}

/* The first name in type t that is not a built-in type, or NULL. */
static const char *foreign_name(const struct value *t)
{
	if (t->kind != VAL_TYPE)
		return NULL;
	if (!type_is_known(t->u.t.name))
		return t->u.t.name;
	for (size_t i = 0; i < t->u.t.nparams; i++) {
		const struct value *p = t->u.t.params[i];
		const char *n = foreign_name(p);
		if (n)
			return n;
		for (size_t k = 0; p->kind == VAL_HASH && k < p->u.h.n; k++)
			if ((n = foreign_name(p->u.h.e[k].key)) ||
			    (n = foreign_name(p->u.h.e[k].val)))
				return n;
		for (size_t k = 0; p->kind == VAL_ARRAY && k < p->u.arr.n; k++)
			if ((n = foreign_name(p->u.arr.v[k])))
				return n;
	}
	return NULL;
}

/*
 * Puppet's TypeParser on a string, with the scope in place of a loader:
 * built-in types only, since a name it would have to load makes Ruby fail
 * ("private method `load' called for Scope(...)"), and so does Puppet.
 */
static int type_from_string(struct value **out, struct fn_call *c,
			    const struct value *s)
{
	struct diags d;
	diags_init(&d);
	const char *text = arena_memdupz(c->arena, s->u.s.ptr, s->u.s.len);
	struct ast *blk = parse_manifest(c->arena, &d, "validate_legacy", text,
					 s->u.s.len);
	int rc = 0;
	if (!blk || blk->nkids != 1) {
		const char *why = !blk && d.n ? d.v[0].msg : "";
		/* Puppet's words for the common case */
		if (!*why ||
		    !strcmp(why, "syntax error: unexpected end of input"))
			why = "Syntax error at end of input";
		rc = fn_error(c, "%s", why);
		goto out;
	}
	struct value *t;
	if ((rc = eval_expr(&t, c->ctx, c->ctx->call_scope, blk->kids[0])) < 0)
		goto out;
	if (t->kind != VAL_TYPE) {
		rc = fn_error(
			c,
			"The expression <%s> is not a valid type specification.",
			text);
		goto out;
	}
	if (foreign_name(t)) {
		struct buf sc = BUF_INIT;
		scope_name(&sc, c);
		rc = fn_error(
			c,
			"private method `load' called for %s:Puppet::Parser::Scope",
			sc.ptr);
		buf_release(&sc);
		goto out;
	}
	*out = t;
out:
	diags_release(&d);
	return rc;
}

/* scope.function_NAME([value, *args]) succeeds: the 3.x validation */
static bool previous_validation(struct fn_call *c, const char *name)
{
	struct diags quiet, *saved = c->ctx->diags;
	diags_init(&quiet);
	c->ctx->diags = &quiet;
	struct value *ignored;
	int rc = eval_call_function(&ignored, c->ctx, c->ctx->call_scope, name,
				    c->args + 2, c->nargs - 2, NULL, c->loc);
	c->ctx->diags = saved;
	diags_release(&quiet);
	return rc == 0;
}

static int f_validate_legacy(struct value **out, struct fn_call *c)
{
	*out = val_undef();
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (c->nargs < 3)
		return fn_error(
			c,
			"'validate_legacy' expects at least 4 arguments, got %zu",
			c->nargs + 1);
	struct value *t = c->args[0], *fname = c->args[1], *value = c->args[2];
	struct type_env env;
	stdlib3_type_env(&env, c);
	bool by_type = t->kind == VAL_TYPE && fname->kind == VAL_STRING;
	bool by_string = t->kind == VAL_STRING && fname->kind == VAL_STRING;
	if (!by_type && !by_string) {
		struct value *ty = stdlib3_type(c->arena, "Type");
		struct value *st = stdlib3_type(c->arena, "String");
		const char *r1 =
			t->kind != VAL_TYPE
				? arena_strfmt(c->arena,
					       "parameter 'target_type' %s",
					       type_mismatch_msg(c->arena, ty,
								 t, &env))
				: arena_strfmt(c->arena,
					       "parameter 'function_name' %s",
					       type_mismatch_msg(c->arena, st,
								 fname, &env));
		const char *r2 =
			t->kind != VAL_STRING
				? arena_strfmt(c->arena,
					       "parameter 'type_string' %s",
					       type_mismatch_msg(c->arena, st,
								 t, &env))
				: arena_strfmt(c->arena,
					       "parameter 'function_name' %s",
					       type_mismatch_msg(c->arena, st,
								 fname, &env));
		return fn_error(
			c,
			"The function 'validate_legacy' was called with arguments it does not accept. It expects one of:\n"
			"  (Any scope, Type target_type, String function_name, Any value, Any args*)\n"
			"    rejected: %s\n"
			"  (Any scope, String type_string, String function_name, Any value, Any args*)\n"
			"    rejected: %s",
			r1, r2);
	}
	if (by_string && type_from_string(&t, c, c->args[0]) < 0)
		return -1;
	const char *name = fname->u.s.ptr;
	if (type_match(t, value, &env)) {
		if (!previous_validation(c, name)) {
			struct buf ts = BUF_INIT;
			type_to_s(&ts, t);
			log_notice(
				"Accepting previously invalid value for target type '%s'",
				ts.ptr);
			buf_release(&ts);
		}
		return 0;
	}
	const char *msg =
		arena_strfmt(c->arena, "validate_legacy(%s) %s", name,
			     type_mismatch_msg(c->arena, t, value, &env));
	if (previous_validation(c, name)) {
		fn_warn(c, "%s", msg);
		return 0;
	}
	return fn_error(c, "%s", msg);
}

/* ---- to_python, to_ruby, to_toml ---- */

enum lang { LANG_RUBY, LANG_PYTHON };

static void ser_str(struct buf *out, const char *s, size_t len)
{
	fnarg_ruby_quote(out, s, len);
}

/*
 * Puppet's ToDataConverter with rich data, printed as Ruby's inspect
 * (to_ruby) or as Python literals (to_python): default, regexps, types and
 * hashes with non-String keys become {"__ptype" => ...} hashes.
 */
static void ser(struct buf *out, const struct value *v, enum lang l)
{
	const char *arrow = l == LANG_RUBY ? " => " : ": ";
	switch (v->kind) {
	case VAL_UNDEF:
		buf_addstr(out, l == LANG_RUBY ? "nil" : "None");
		return;
	case VAL_BOOL:
		if (l == LANG_RUBY)
			buf_addstr(out, v->u.b ? "true" : "false");
		else
			buf_addstr(out, v->u.b ? "True" : "False");
		return;
	case VAL_INT:
		buf_addf(out, "%" PRId64, v->u.n.i);
		return;
	case VAL_FLOAT:
		val_float_fmt(out, v->u.f);
		return;
	case VAL_STRING:
		ser_str(out, v->u.s.ptr, v->u.s.len);
		return;
	case VAL_DEFAULT:
		buf_addf(out, "{\"__ptype\"%s\"Default\"}", arrow);
		return;
	case VAL_REGEX:
		buf_addf(out, "{\"__ptype\"%s\"Regexp\", \"__pvalue\"%s", arrow,
			 arrow);
		ser_str(out, v->u.re.src, strlen(v->u.re.src));
		buf_addch(out, '}');
		return;
	case VAL_TYPE: {
		struct buf s = BUF_INIT;
		if (type_is_known(v->u.t.name)) {
			buf_addf(out, "{\"__ptype\"%s\"Pcore::%sType\"}", arrow,
				 v->u.t.name);
		} else {
			cat_ref_str(&s, v);
			ser_str(out, s.ptr, s.len);
		}
		buf_release(&s);
		return;
	}
	case VAL_ARRAY:
		buf_addch(out, '[');
		for (size_t i = 0; i < v->u.arr.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			ser(out, v->u.arr.v[i], l);
		}
		buf_addch(out, ']');
		return;
	case VAL_HASH: {
		bool plain = true;
		for (size_t i = 0; i < v->u.h.n && plain; i++)
			plain = v->u.h.e[i].key->kind == VAL_STRING;
		if (!plain) {
			buf_addf(out, "{\"__ptype\"%s\"Hash\", \"__pvalue\"%s[",
				 arrow, arrow);
			for (size_t i = 0; i < v->u.h.n; i++) {
				if (i)
					buf_addstr(out, ", ");
				ser(out, v->u.h.e[i].key, l);
				buf_addstr(out, ", ");
				ser(out, v->u.h.e[i].val, l);
			}
			buf_addstr(out, "]}");
			return;
		}
		buf_addch(out, '{');
		for (size_t i = 0; i < v->u.h.n; i++) {
			if (i)
				buf_addstr(out, ", ");
			ser(out, v->u.h.e[i].key, l);
			buf_addstr(out, arrow);
			ser(out, v->u.h.e[i].val, l);
		}
		buf_addch(out, '}');
		return;
	}
	}
}

static int f_to_ruby_python(struct value **out, struct fn_call *c)
{
	struct buf b = BUF_INIT;
	ser(&b, c->args[0],
	    strcmp(c->name, "to_ruby") ? LANG_PYTHON : LANG_RUBY);
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

/* PuppetX::Stdlib::TomlDumper */

/* Ruby's inspect of a value inside to_toml: strings with "#{" unescaped */
static void toml_value(struct buf *out, const struct value *v)
{
	if (v->kind == VAL_STRING) {
		struct buf q = BUF_INIT;
		fnarg_ruby_quote(&q, v->u.s.ptr, v->u.s.len);
		for (size_t i = 0; i < q.len; i++) {
			if (q.ptr[i] == '\\' && i + 2 < q.len &&
			    q.ptr[i + 1] == '#' && strchr("$@{", q.ptr[i + 2]))
				continue;
			buf_addch(out, q.ptr[i]);
			if (q.ptr[i] == '\\' && i + 1 < q.len)
				buf_addch(out, q.ptr[++i]);
		}
		buf_release(&q);
	} else if (v->kind == VAL_REGEX) {
		struct buf q = BUF_INIT;
		buf_addf(&q, "/%s/", v->u.re.src);
		fnarg_ruby_quote(out, q.ptr, q.len);
		buf_release(&q);
	} else {
		fnarg_ruby3_inspect(out, v, false);
	}
}

static bool bare_key(const char *k)
{
	/* /^[a-zA-Z0-9_-]*$/ on any line */
	for (const char *l = k;; l++) {
		const char *e = l;
		while (*e && *e != '\n' &&
		       (isalnum((unsigned char)*e) || *e == '_' || *e == '-'))
			e++;
		if (!*e || *e == '\n')
			return true;
		l = strchr(e, '\n');
		if (!l)
			return false;
	}
}

static const char *toml_key(struct arena *a, const struct value *key)
{
	struct buf b = BUF_INIT;
	val_to_s(&b, key);
	if (!bare_key(b.ptr)) {
		struct buf q = BUF_INIT;
		buf_addch(&q, '"');
		for (size_t i = 0; i < b.len; i++) {
			if (b.ptr[i] == '"')
				buf_addch(&q, '\\');
			buf_addch(&q, b.ptr[i]);
		}
		buf_addch(&q, '"');
		buf_release(&b);
		b = q;
	}
	char *s = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

struct toml_pairs {
	const struct val_hentry **simple, **nested, **tables;
	size_t ns, nn, nt;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct val_hentry *x = *(const struct val_hentry *const *)a;
	const struct val_hentry *y = *(const struct val_hentry *const *)b;
	return val_compare(x->key, y->key);
}

static void sort_pairs(struct toml_pairs *p, struct arena *a,
		       const struct value *h)
{
	size_t n = h->kind == VAL_HASH ? h->u.h.n : 0;
	const struct val_hentry **all = arena_alloc(a, (n + 1) * sizeof(*all));
	for (size_t i = 0; i < n; i++)
		all[i] = &h->u.h.e[i];
	qsort(all, n, sizeof(*all), cmp_entry);
	p->simple = arena_alloc(a, (n + 1) * sizeof(*all));
	p->nested = arena_alloc(a, (n + 1) * sizeof(*all));
	p->tables = arena_alloc(a, (n + 1) * sizeof(*all));
	p->ns = p->nn = p->nt = 0;
	for (size_t i = 0; i < n; i++) {
		const struct value *v = all[i]->val;
		if (v->kind == VAL_HASH)
			p->nested[p->nn++] = all[i];
		else if (v->kind == VAL_ARRAY && v->u.arr.n &&
			 v->u.arr.v[0]->kind == VAL_HASH)
			p->tables[p->nt++] = all[i];
		else
			p->simple[p->ns++] = all[i];
	}
}

static void print_prefix(struct buf *out, const char **prefix, size_t n,
			 bool extra)
{
	buf_addstr(out, extra ? "[[" : "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(out, '.');
		buf_addstr(out, prefix[i]);
	}
	buf_addstr(out, extra ? "]]\n" : "]\n");
}

static void toml_visit(struct buf *out, struct arena *a, const struct value *h,
		       const char **prefix, size_t np, bool extra);

static void dump_pairs(struct buf *out, struct arena *a,
		       const struct toml_pairs *p, const char **prefix,
		       size_t np)
{
	for (size_t i = 0; i < p->ns; i++) {
		buf_addf(out, "%s = ", toml_key(a, p->simple[i]->key));
		toml_value(out, p->simple[i]->val);
		buf_addch(out, '\n');
	}
	const char **sub = arena_alloc(a, (np + 1) * sizeof(*sub));
	if (np)
		memcpy(sub, prefix, np * sizeof(*sub));
	for (size_t i = 0; i < p->nn; i++) {
		sub[np] = toml_key(a, p->nested[i]->key);
		toml_visit(out, a, p->nested[i]->val, sub, np + 1, false);
	}
	for (size_t i = 0; i < p->nt; i++) {
		sub[np] = toml_key(a, p->tables[i]->key);
		const struct value *arr = p->tables[i]->val;
		for (size_t k = 0; k < arr->u.arr.n; k++) {
			print_prefix(out, sub, np + 1, true);
			struct toml_pairs cp;
			sort_pairs(&cp, a, arr->u.arr.v[k]);
			const char **sub2 =
				arena_alloc(a, (np + 1) * sizeof(*sub2));
			memcpy(sub2, sub, (np + 1) * sizeof(*sub2));
			dump_pairs(out, a, &cp, sub2, np + 1);
		}
	}
}

static void toml_visit(struct buf *out, struct arena *a, const struct value *h,
		       const char **prefix, size_t np, bool extra)
{
	struct toml_pairs p;
	sort_pairs(&p, a, h);
	if (np && (p.ns || !h->u.h.n))
		print_prefix(out, prefix, np, extra);
	dump_pairs(out, a, &p, prefix, np);
}

static int f_to_toml(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {{"data", "Hash", false}};
	if (stdlib3_check(c, ps, 1) < 0)
		return -1;
	struct buf b = BUF_INIT;
	toml_visit(&b, c->arena, c->args[0], NULL, 0, false);
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

/* ---- parsepson ---- */

static int f_parsepson(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"pson_string", "String[1]", false},
		{"default", "Any", false},
	};
	if (stdlib3_check(c, ps, 2) < 0)
		return -1;
	const struct value *s = c->args[0];
	json_error_t je;
	json_t *j = json_loadb(s->u.s.ptr, s->u.s.len, 0, &je);
	if (j) {
		*out = jv_from_json(c->arena, j);
		json_decref(j);
		return 0;
	}
	if (c->nargs > 1) {
		*out = c->args[1];
		return 0;
	}
	size_t at = (size_t)je.position < s->u.s.len ? (size_t)je.position : 0;
	return fn_error(c, "source '%s' not in PSON!", s->u.s.ptr + at);
}

/* ---- parsehocon: HOCON without includes and substitutions ---- */

struct hocon {
	struct arena *a;
	const char *s, *p, *end;
	int line;
	const char *err; /* the first error, or NULL */
};

static void hc_fail(struct hocon *h, const char *msg)
{
	if (!h->err)
		h->err = arena_strfmt(h->a, "String: %d: %s", h->line, msg);
}

/* Skips blanks and comments, and newlines too when `nl`. */
static void hc_ws(struct hocon *h, bool nl)
{
	while (h->p < h->end) {
		char ch = *h->p;
		if (ch == ' ' || ch == '\t' || ch == '\r' ||
		    (nl && ch == '\n')) {
			if (ch == '\n')
				h->line++;
			h->p++;
		} else if (ch == '#' ||
			   (ch == '/' && h->p + 1 < h->end && h->p[1] == '/')) {
			while (h->p < h->end && *h->p != '\n')
				h->p++;
		} else {
			break;
		}
	}
}

static bool hc_unquoted_char(struct hocon *h, const char *q)
{
	if (q >= h->end)
		return false;
	if (strchr("$\"{}[]:=,+#`^?!@*&\\\n", *q))
		return false;
	if (*q == '/' && q + 1 < h->end && q[1] == '/')
		return false;
	return true;
}

static struct value *hc_value(struct hocon *h);
static void hc_object_body(struct hocon *h, struct value *obj, bool braces);

static struct value *hc_quoted(struct hocon *h)
{
	struct buf b = BUF_INIT;
	h->p++;
	while (h->p < h->end && *h->p != '"') {
		if (*h->p == '\n') {
			hc_fail(h, "Newline in quoted string");
			break;
		}
		if (*h->p == '\\' && h->p + 1 < h->end) {
			h->p++;
			switch (*h->p) {
			case 'n':
				buf_addch(&b, '\n');
				break;
			case 't':
				buf_addch(&b, '\t');
				break;
			case 'r':
				buf_addch(&b, '\r');
				break;
			case 'b':
				buf_addch(&b, '\b');
				break;
			case 'f':
				buf_addch(&b, '\f');
				break;
			case 'u': {
				unsigned cp = 0;
				for (int k = 0; k < 4 && h->p + 1 < h->end;
				     k++) {
					h->p++;
					cp = cp * 16 +
					     (unsigned)(isdigit((unsigned char)*h
									->p)
								? *h->p - '0'
								: tolower((unsigned char)*h
										  ->p) -
									  'a' +
									  10);
				}
				fnarg_utf8_put(&b, cp);
				break;
			}
			default:
				buf_addch(&b, *h->p);
			}
			h->p++;
			continue;
		}
		buf_addch(&b, *h->p++);
	}
	if (h->p >= h->end)
		hc_fail(h, "End of input but string quote was still open");
	else
		h->p++;
	struct value *v = val_str_buf(h->a, &b);
	buf_release(&b);
	return v;
}

/* A number, true/false/null or an unquoted string, concatenated with
 * quoted strings on the same line. */
static struct value *hc_simple(struct hocon *h)
{
	struct buf b = BUF_INIT;
	bool quoted = false, only_unquoted = true;
	for (;;) {
		if (h->p < h->end && *h->p == '"') {
			struct value *q = hc_quoted(h);
			buf_add(&b, q->u.s.ptr, q->u.s.len);
			quoted = true;
			only_unquoted = false;
		} else if (hc_unquoted_char(h, h->p)) {
			while (hc_unquoted_char(h, h->p))
				buf_addch(&b, *h->p++);
		} else {
			break;
		}
	}
	/* trailing blanks are not part of the value */
	if (!quoted || only_unquoted)
		while (b.len &&
		       (b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '\t'))
			buf_setlen(&b, b.len - 1);
	struct value *v = NULL;
	if (only_unquoted) {
		if (!b.len) {
			hc_fail(h, "Expecting a value");
		} else if (!strcmp(b.ptr, "true") || !strcmp(b.ptr, "false")) {
			v = val_bool(b.ptr[0] == 't');
		} else if (!strcmp(b.ptr, "null")) {
			v = val_undef();
		} else {
			int64_t i;
			double f;
			if (fnarg_ruby_integer(&i, b.ptr, b.len) == 0 &&
			    !strpbrk(b.ptr, "xXbBoO_ ") &&
			    !(b.ptr[0] == '0' && b.len > 1))
				v = val_int(h->a, i);
			else if (strpbrk(b.ptr, ".eE") &&
				 !strpbrk(b.ptr, "_ ") &&
				 fnarg_ruby_float(&f, b.ptr, b.len) == 0)
				v = val_float(h->a, f);
		}
	}
	if (!v)
		v = val_str(h->a, b.ptr, b.len);
	buf_release(&b);
	return v;
}

static struct value *hc_array(struct hocon *h)
{
	struct value *arr = val_array(h->a, 4);
	h->p++;
	for (;;) {
		hc_ws(h, true);
		if (h->p >= h->end) {
			hc_fail(h,
				"List should have ended with ] or had a comma, instead had token: end of file");
			return arr;
		}
		if (*h->p == ']') {
			h->p++;
			return arr;
		}
		val_array_push(h->a, arr, hc_value(h));
		if (h->err)
			return arr;
		hc_ws(h, false);
		if (h->p < h->end && *h->p == ',')
			h->p++;
		else if (h->p < h->end && *h->p != '\n' && *h->p != ']')
			hc_fail(h,
				"List should have ended with ] or had a comma");
	}
}

static struct value *hc_value(struct hocon *h)
{
	hc_ws(h, false);
	if (h->p < h->end && *h->p == '{') {
		struct value *obj = val_hash(h->a, 4);
		h->p++;
		hc_object_body(h, obj, true);
		return obj;
	}
	if (h->p < h->end && *h->p == '[')
		return hc_array(h);
	if (h->p < h->end && *h->p == '$') {
		hc_fail(h, "substitutions are not supported");
		return val_undef();
	}
	return hc_simple(h);
}

/* Merges v into obj under the path keys[0..n): objects merge, the rest
 * replaces. */
static void hc_set(struct hocon *h, struct value *obj, struct value **keys,
		   size_t n, struct value *v)
{
	struct value *old = val_hash_get(obj, keys[0]);
	if (n > 1) {
		struct value *sub = old && old->kind == VAL_HASH
					    ? val_hash_copy(h->a, old)
					    : val_hash(h->a, 2);
		hc_set(h, sub, keys + 1, n - 1, v);
		val_hash_set(h->a, obj, keys[0], sub);
		return;
	}
	if (old && old->kind == VAL_HASH && v->kind == VAL_HASH) {
		struct value *m = val_hash_copy(h->a, old);
		for (size_t i = 0; i < v->u.h.n; i++)
			hc_set(h, m, &v->u.h.e[i].key, 1, v->u.h.e[i].val);
		v = m;
	}
	val_hash_set(h->a, obj, keys[0], v);
}

static void hc_object_body(struct hocon *h, struct value *obj, bool braces)
{
	for (;;) {
		hc_ws(h, true);
		while (h->p < h->end && *h->p == ',') {
			h->p++;
			hc_ws(h, true);
		}
		if (h->p >= h->end) {
			if (braces)
				hc_fail(h,
					"Expecting close brace } or a comma, got end of file");
			return;
		}
		if (*h->p == '}') {
			if (!braces)
				hc_fail(h,
					"unbalanced close brace '}' with no open brace");
			h->p++;
			return;
		}
		/* key: dotted path of quoted or unquoted parts */
		struct value *keys[32];
		size_t nk = 0;
		struct buf k = BUF_INIT;
		for (;;) {
			if (h->p < h->end && *h->p == '"') {
				struct value *q = hc_quoted(h);
				buf_add(&k, q->u.s.ptr, q->u.s.len);
			} else if (h->p < h->end && *h->p == '.') {
				if (nk < ARRAY_SIZE(keys))
					keys[nk++] =
						val_str(h->a, k.ptr, k.len);
				buf_reset(&k);
				h->p++;
			} else if (hc_unquoted_char(h, h->p)) {
				buf_addch(&k, *h->p++);
			} else {
				break;
			}
		}
		while (k.len &&
		       (k.ptr[k.len - 1] == ' ' || k.ptr[k.len - 1] == '\t'))
			buf_setlen(&k, k.len - 1);
		if (nk < ARRAY_SIZE(keys))
			keys[nk++] = val_str(h->a, k.ptr, k.len);
		buf_release(&k);
		if (!keys[0]->u.s.len && nk == 1) {
			hc_fail(h, "Expecting a key");
			return;
		}
		hc_ws(h, false);
		struct value *v;
		if (h->p < h->end && *h->p == '{') {
			v = hc_value(h);
		} else if (h->p < h->end && (*h->p == ':' || *h->p == '=')) {
			h->p++;
			v = hc_value(h);
		} else if (h->p + 1 < h->end && h->p[0] == '+' &&
			   h->p[1] == '=') {
			h->p += 2;
			struct value *arr = val_array(h->a, 1),
				     *old = val_hash_get(obj, keys[0]);
			for (size_t i = 0;
			     old && old->kind == VAL_ARRAY && i < old->u.arr.n;
			     i++)
				val_array_push(h->a, arr, old->u.arr.v[i]);
			val_array_push(h->a, arr, hc_value(h));
			v = arr;
		} else {
			hc_fail(h,
				"Key may not be followed by a token that is not ':', '=', '+=' or '{'");
			return;
		}
		if (h->err)
			return;
		hc_set(h, obj, keys, nk, v);
		hc_ws(h, false);
		if (h->p < h->end && *h->p != ',' && *h->p != '\n' &&
		    *h->p != '}') {
			hc_fail(h, "Expecting close brace } or a comma");
			return;
		}
	}
}

static int f_parsehocon(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"hocon_string", "String", false},
		{"default", "Any", false},
	};
	if (stdlib3_check(c, ps, 2) < 0)
		return -1;
	const struct value *s = c->args[0];
	struct hocon h = {c->arena,   s->u.s.ptr,
			  s->u.s.ptr, s->u.s.ptr + s->u.s.len,
			  1,	      NULL};
	struct value *obj = val_hash(c->arena, 4);
	hc_ws(&h, true);
	if (h.p < h.end && *h.p == '{') {
		h.p++;
		hc_object_body(&h, obj, true);
		hc_ws(&h, true);
		if (!h.err && h.p < h.end)
			hc_fail(&h,
				"Document has trailing tokens after first object or array");
	} else if (h.p < h.end && *h.p == '[') {
		hc_fail(&h, "A Hocon config must be an object, not an array");
	} else {
		hc_object_body(&h, obj, false);
	}
	if (!h.err) {
		*out = obj;
		return 0;
	}
	if (c->nargs > 1) {
		*out = c->args[1];
		return 0;
	}
	return fn_error(c, "%s", h.err);
}

/* The module whose manifests define the class or define of r, or NULL
 * (the main manifest, Class[main]). */
static const char *module_of(struct fn_call *c, const struct resource *r)
{
	const struct class_def *cd = r ? r->def : NULL;
	const char *file = cd && cd->ast ? cd->ast->loc.file : NULL;
	for (size_t i = 0; file && i < c->ctx->nmodpath; i++) {
		size_t n = strlen(c->ctx->modpath[i]);
		if (strncmp(file, c->ctx->modpath[i], n) || file[n] != '/')
			continue;
		const char *m = file + n + 1, *sl = strchr(m, '/');
		return sl ? arena_memdupz(c->arena, m, (size_t)(sl - m)) : NULL;
	}
	return NULL;
}

/*
 * assert_private([message]): fails unless the class or define being
 * evaluated was declared from its own module (Puppet compares
 * $module_name with $caller_module_name; the top scope always fails).
 */
static int f_assert_private(struct value **out, struct fn_call *c)
{
	if (c->nargs > 1)
		return fn_error(
			c,
			"assert_private(): Wrong number of arguments given (%zu}) for 0 or 1)",
			c->nargs);
	if (fnarg_need_ctx(c) < 0)
		return -1;
	*out = val_undef();
	struct scope *cs = c->ctx->call_scope;
	while (cs && !cs->resource)
		cs = cs->parent;
	bool same = false;
	if (cs && cs->resource != c->ctx->main_class) {
		struct scope *caller = cs->dyn;
		while (caller && !caller->resource)
			caller = caller->parent;
		const char *mod = module_of(c, cs->resource);
		const char *cmod =
			caller ? module_of(c, caller->resource) : NULL;
		same = mod ? cmod && !strcmp(mod, cmod) : !cmod;
	}
	if (same)
		return 0;
	struct value *msg = c->nargs ? fnarg_arg3(c, 0) : NULL;
	if (msg && msg->kind == VAL_STRING)
		return fn_error(c, "%s", msg->u.s.ptr);
	struct resource *r = current_resource(c);
	bool is_class = !r || !strcmp(r->type, "Class");
	const char *name = !r ? "" : is_class ? r->title : r->type;
	if (is_class && !strcmp(name, "main"))
		name = "";
	struct buf b = BUF_INIT;
	for (const char *p = name; *p; p++)
		buf_addch(&b, tolower((unsigned char)*p));
	fn_error(c, "%s %s is private", is_class ? "Class" : "Definition",
		 b.ptr);
	buf_release(&b);
	return -1;
}

static int f_pry(struct value **out UNUSED, struct fn_call *c)
{
	/* tend has no Ruby debugger to start */
	return fn_error(
		c,
		"pry(): Requires the 'pry' rubygem to use, but it was not found");
}

/* deprecation(key, message, [use_strict_setting]): stdlib 9 added the
 * third parameter (its Puppet-language functions pass it) */
static int f_deprecation(struct value **out, struct fn_call *c)
{
	static const struct stdlib3_param ps[] = {
		{"key", "String", false},
		{"message", "String", false},
		{"use_strict_setting", "Boolean", false},
	};
	/* Debian's stdlib 8.5 words: two parameters */
	if (c->nargs < 2 || c->nargs > 3)
		return fn_error(c, "'deprecation' expects 2 arguments, got %zu",
				c->nargs);
	if (stdlib3_check(c, ps, 3) < 0)
		return -1;
	const struct fn_def *d = stdlib3_older("deprecation");
	struct fn_call c2 = *c;
	c2.nargs = 2;
	return d->impl(out, &c2);
}

const struct fn_def fn_stdlib4_table[] = {
	{"assert_private", f_assert_private, 0, FN_ANY, 0},
	{"defined_with_params", f_defined_with_params, 0, FN_ANY, 0},
	{"deprecation", f_deprecation, 0, FN_ANY, 0},
	{"ensure_packages", f_ensure_packages, 1, 2, 0},
	{"ensure_resource", f_ensure_resource, 0, FN_ANY, 0},
	{"ensure_resources", f_ensure_resources, 0, FN_ANY, 0},
	{"get_module_path", f_get_module_path, 0, FN_ANY, 0},
	{"getparam", f_getparam, 0, FN_ANY, 0},
	{"load_module_metadata", f_load_module_metadata, 0, FN_ANY, 0},
	{"parsehocon", f_parsehocon, 1, 2, 0},
	{"parsepson", f_parsepson, 1, 2, 0},
	{"pry", f_pry, 0, FN_ANY, 0},
	{"to_python", f_to_ruby_python, 1, 1, 0},
	{"to_ruby", f_to_ruby_python, 1, 1, 0},
	{"to_toml", f_to_toml, 1, 1, 0},
	{"stdlib::ensure_packages", f_stdlib_ensure_packages, 1, 2, 0},
	{"validate_legacy", f_validate_legacy, 0, FN_ANY, 0},
	{NULL, NULL, 0, 0, 0},
};
