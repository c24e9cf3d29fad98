/* SPDX-License-Identifier: MIT */
/* fn_core.c: native functions that need the evaluator (classes, resources, templates) */
#include "util/compat.h"
#include <ctype.h>
#include "lang/coretypes.h"
#include "lang/eval-internal.h"
#include "lang/fn_arg.h"
#include "lang/func.h"
#include "lang/hiera.h"
#include "lang/parser.h"
#include "lang/types.h"
#include "template/erb.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/mtrand.h"

static bool coretype_exists_any(struct eval_ctx *e, const char *name)
{
	return coretype_exists(name) || loader_type_exists(e, name);
}

static struct scope *cur(struct fn_call *c)
{
	return c->ctx->call_scope;
}

static int f_include(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++)
		if (compile_include(c->ctx, cur(c), c->loc, c->args[i], c->name) < 0)
			return -1;
	*out = val_undef();
	return 0;
}

/* ---- logging ---- */

static const char *scope_label(struct fn_call *c, struct buf *b)
{
	struct scope *s = cur(c);
	while (s && !s->resource)
		s = s->parent;
	if (!s || !s->resource)
		buf_addstr(b, "Class[main]");
	else
		buf_addf(b, "%s[%s]", s->resource->type, s->resource->title);
	return b->ptr;
}

static int f_log(struct value **out, struct fn_call *c)
{
	struct buf msg = BUF_INIT, where = BUF_INIT;
	for (size_t i = 0; i < c->nargs; i++) {
		if (i)
			buf_addch(&msg, ' ');
		val_to_s(&msg, c->args[i]);
	}
	static const struct { const char *name, *label; enum log_level lvl; } levels[] = {
		{ "debug", "Debug", LOG_DEBUG }, { "info", "Info", LOG_INFO },
		{ "notice", "Notice", LOG_NOTICE }, { "warning", "Warning", LOG_WARNING },
		{ "err", "Error", LOG_ERR }, { "alert", "Alert", LOG_ERR },
		{ "crit", "Critical", LOG_CRIT }, { "emerg", "Emergency", LOG_CRIT },
	};
	/* Puppet's logger drops one trailing newline */
	if (msg.len && msg.ptr[msg.len - 1] == '\n')
		buf_setlen(&msg, msg.len - 1);
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
		if (strcmp(levels[i].name, c->name))
			continue;
		if (levels[i].lvl <= log_threshold)
			fprintf(stderr, "%s: Scope(%s): %s\n", levels[i].label,
				c->ctx ? scope_label(c, &where) : "Class[main]", msg.ptr);
	}
	buf_release(&msg);
	buf_release(&where);
	*out = val_undef();
	return 0;
}

static int f_fail(struct value **out UNUSED, struct fn_call *c)
{
	struct buf msg = BUF_INIT;
	for (size_t i = 0; i < c->nargs; i++) {
		if (i)
			buf_addch(&msg, ' ');
		val_to_s(&msg, c->args[i]);
	}
	fn_error(c, "%s", msg.ptr);
	buf_release(&msg);
	return -1;
}

/* ---- templates ---- */

struct tmpl_payload {
	struct eval_ctx *e;
	struct scope *s;
};

static struct value *erb_lookup(void *payload, const char *name)
{
	struct tmpl_payload *p = payload;
	return scope_find(p->e, p->s, name);
}

/* scope.setvar('x', v) in templates (apache's do this): set or replace */
static int erb_setvar(void *payload, const char *name, struct value *v,
		      struct srcloc loc)
{
	struct tmpl_payload *p = payload;
	struct var *old = strmap_get(&p->s->vars, name);
	if (old) {
		old->v = v;
		return 0;
	}
	return scope_set(p->e, p->s, arena_strdup(p->e->arena, name), v, loc);
}

static int erb_call(struct value **out, void *payload, const char *fn,
		    struct value **args, size_t nargs, struct srcloc loc)
{
	struct tmpl_payload *p = payload;
	return eval_call_function(out, p->e, p->s, fn, args, nargs, NULL, loc);
}

static int read_template(const char **text, size_t *len, const char **file,
			 struct fn_call *c, const char *spec, const char *subdir)
{
	struct eval_ctx *e = c->ctx;
	struct buf path = BUF_INIT, src = BUF_INIT;
	int rc = compile_find_module_file(&path, e, spec, subdir);
	if (rc < 0) {
		fn_error(c, "could not find %s '%s'", !strcmp(subdir, "templates") ? "template" : "file", spec);
		goto out;
	}
	if ((rc = file_read(&src, path.ptr)) < 0) {
		fn_error(c, "%s", err_last());
		goto out;
	}
	*file = arena_memdupz(e->arena, path.ptr, path.len);
	*text = arena_memdupz(e->arena, src.ptr, src.len);
	*len = src.len;
out:
	buf_release(&path);
	buf_release(&src);
	return rc;
}

static int render_erb(struct buf *out, struct fn_call *c, const char *file,
		      const char *text, size_t len, bool cache)
{
	struct eval_ctx *e = c->ctx;
	const struct erb_template *t = cache ? strmap_get(&e->templates, file) : NULL;
	if (!t) {
		t = erb_compile(e->arena, e->diags, file, text, len);
		if (!t)
			return -1;
		if (cache)
			strmap_put(&e->templates, file, (void *)t);
	}
	struct tmpl_payload p = { e, cur(c) };
	struct erb_env env = {
		.arena = e->arena, .diags = e->diags, .lookup = erb_lookup,
		.call = erb_call, .setvar = erb_setvar, .payload = &p,
	};
	if (erb_run(out, t, &env) < 0)
		return fn_error(c, "failed to render template '%s'", file);
	return 0;
}

static int f_template(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct buf res = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < c->nargs && !rc; i++) {
		if (c->args[i]->kind != VAL_STRING) {
			rc = fn_error(c, "'template' expects template names (Strings)");
			break;
		}
		const char *spec = c->args[i]->u.s.ptr, *file;
		const struct erb_template *t = strmap_get(&c->ctx->templates, spec);
		const char *text = NULL;
		size_t len = 0;
		if (!t && read_template(&text, &len, &file, c, spec, "templates") < 0) {
			rc = -1;
			break;
		}
		if (!t) {
			t = erb_compile(c->ctx->arena, c->ctx->diags, file, text, len);
			if (!t) {
				rc = -1;
				break;
			}
			strmap_put(&c->ctx->templates, spec, (void *)t);
		}
		struct tmpl_payload p = { c->ctx, cur(c) };
		struct erb_env env = {
			.arena = c->ctx->arena, .diags = c->ctx->diags,
			.lookup = erb_lookup, .call = erb_call, .setvar = erb_setvar, .payload = &p,
		};
		if (erb_run(&res, t, &env) < 0)
			rc = -1;
	}
	if (!rc)
		*out = val_str(c->arena, res.ptr, res.len);
	buf_release(&res);
	return rc;
}

static int f_inline_template(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct buf res = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < c->nargs && !rc; i++) {
		if (c->args[i]->kind != VAL_STRING)
			return fn_error(c, "'inline_template' expects Strings");
		rc = render_erb(&res, c, "<inline_template>", c->args[i]->u.s.ptr,
				c->args[i]->u.s.len, false);
	}
	if (!rc)
		*out = val_str(c->arena, res.ptr, res.len);
	buf_release(&res);
	return rc;
}

/* Runs a parsed EPP template with params in a scope under `parent`. */
static int run_epp(struct value **out, struct eval_ctx *e, struct scope *parent,
		   const struct ast *t, struct value *params, struct srcloc loc)
{
	struct scope *s = scope_new(e, parent, parent->dyn, parent->name);
	s->is_local = true;
	s->resource = parent->resource;
	int rc;
	if (params && params->kind != VAL_HASH)
		return eval_error_at(e, loc, "EPP parameters must be a Hash");
	if (t->has_params) {
		for (size_t i = 0; params && i < params->u.h.n; i++) {
			const char *k = params->u.h.e[i].key->kind == VAL_STRING ? params->u.h.e[i].key->u.s.ptr : "";
			bool ok = false;
			for (size_t j = 0; j < t->nparams && !ok; j++)
				ok = !strcmp(t->params[j]->str, k);
			if (!ok)
				return eval_error_at(e, loc, "the EPP template has no parameter named '%s'", k);
		}
		for (size_t j = 0; j < t->nparams; j++) {
			const struct ast *p = t->params[j];
			struct value *v = params ? val_hash_get_str(params, p->str) : NULL;
			if (!v) {
				if (!p->b)
					return eval_error_at(e, loc, "the EPP template expects a value for parameter '$%s'", p->str);
				if ((rc = eval_expr(&v, e, s, p->b)) < 0)
					return rc;
			}
			if (p->a) {
				struct value *ty;
				if ((rc = eval_expr(&ty, e, s, p->a)) < 0)
					return rc;
				if ((rc = eval_type_check(e, loc, ty, v, "EPP parameter '%s'", p->str)) < 0)
					return rc;
			}
			if ((rc = scope_set(e, s, p->str, v, p->loc)) < 0)
				return rc;
		}
	} else {
		for (size_t i = 0; params && i < params->u.h.n; i++)
			if (params->u.h.e[i].key->kind == VAL_STRING &&
			    (rc = scope_set(e, s, params->u.h.e[i].key->u.s.ptr,
					    params->u.h.e[i].val, loc)) < 0)
				return rc;
	}
	struct buf res = BUF_INIT, *saved = e->epp_out;
	e->epp_out = &res;
	struct value *ignored;
	rc = eval_block(&ignored, e, s, t);
	e->epp_out = saved;
	if (rc == 0 || rc == EVAL_RETURN) {
		*out = val_str(e->arena, res.ptr, res.len);
		rc = 0;
	}
	buf_release(&res);
	return rc;
}

static int f_epp(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	bool inl = !strcmp(c->name, "inline_epp");
	if (c->args[0]->kind != VAL_STRING)
		return fn_error(c, "'%s' expects a String", c->name);
	const char *file = "<inline_epp>", *text = c->args[0]->u.s.ptr;
	size_t len = c->args[0]->u.s.len;
	if (!inl && read_template(&text, &len, &file, c, c->args[0]->u.s.ptr, "templates") < 0)
		return -1;
	const struct ast *t = parse_epp(c->arena, c->ctx->diags, file, text, len);
	if (!t)
		return -1;
	struct scope *parent = inl ? cur(c) : c->ctx->top;
	return run_epp(out, c->ctx, parent, t, c->nargs > 1 ? c->args[1] : NULL, c->loc);
}

int eval_render_epp(struct buf *out, struct arena *a, struct diags *d,
		    const char *file, const char *src, size_t len,
		    struct value *params)
{
	struct catalog cat;
	struct compile_opts o = { .certname = "localhost" };
	struct eval_ctx ctx, *e = &ctx;
	compile_ctx_init(e, &cat, a, d, &o);
	const struct ast *t = parse_epp(a, d, file, src, len);
	struct value *v;
	int rc = -1;
	if (t && run_epp(&v, e, e->top, t, params, (struct srcloc){ file, 1, 1 }) == 0) {
		buf_add(out, v->u.s.ptr, v->u.s.len);
		rc = 0;
	}
	compile_ctx_release(e);
	return rc;
}

static int f_file(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++) {
		if (c->args[i]->kind != VAL_STRING)
			return fn_error(c, "'file' expects Strings");
		struct buf path = BUF_INIT, src = BUF_INIT;
		if (compile_find_module_file(&path, c->ctx, c->args[i]->u.s.ptr, "files") == 0 &&
		    file_read(&src, path.ptr) == 0) {
			*out = val_str(c->arena, src.ptr, src.len);
			buf_release(&path);
			buf_release(&src);
			return 0;
		}
		buf_release(&path);
		buf_release(&src);
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->nargs; i++) {
		if (i)
			buf_addstr(&b, ", ");
		val_to_s(&b, c->args[i]);
	}
	int rc = fn_error(c, "could not find any files from %s", b.ptr);
	buf_release(&b);
	return rc;
}

/* ---- catalog queries and changes ---- */

static int f_defined(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct eval_ctx *e = c->ctx;
	bool any = false;
	for (size_t i = 0; i < c->nargs && !any; i++) {
		struct value *v = c->args[i];
		if (v->kind == VAL_STRING) {
			const char *s = v->u.s.ptr;
			if (s[0] == '$') {
				any = scope_find(e, cur(c), s + 1) != NULL;
				continue;
			}
			char *low = arena_strdup(c->arena, s[0] == ':' && s[1] == ':' ? s + 2 : s);
			for (char *p = low; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			any = loader_find_class(e, low) || loader_find_define(e, low) ||
			      fn_lookup(low) || loader_find_function(e, low) ||
			      coretype_exists_any(e, low);
		} else if (v->kind == VAL_TYPE) {
			if (!v->u.t.nparams) {
				const char *low = arena_strdup(c->arena, v->u.t.name);
				char *p = (char *)low;
				for (; *p; p++)
					*p = (char)tolower((unsigned char)*p);
				any = coretype_exists_any(e, low) || loader_find_define(e, low);
				continue;
			}
			const char *type, *title = compile_ref_title(e, v, &type);
			if (!title)
				continue;
			struct resource *r = cat_find(e->cat, type, title);
			any = r && !r->is_virtual && !r->is_exported;
			if (r && !strcmp(type, "Class"))
				any = true;
		}
	}
	*out = val_bool(any);
	return 0;
}

static int f_realize(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	for (size_t i = 0; i < c->nargs; i++)
		if (compile_realize(c->ctx, c->loc, c->args[i]) < 0)
			return -1;
	*out = val_undef();
	return 0;
}

static struct resource *scope_res(struct fn_call *c)
{
	for (struct scope *s = cur(c); s; s = s->parent)
		if (s->resource)
			return s->resource;
	return NULL;
}

static void add_tags(struct fn_call *c, struct resource *r, struct value *v)
{
	if (v->kind == VAL_ARRAY) {
		for (size_t i = 0; i < v->u.arr.n; i++)
			add_tags(c, r, v->u.arr.v[i]);
		return;
	}
	if (v->kind != VAL_STRING)
		return;
	char *low = arena_strdup(c->arena, v->u.s.ptr);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	cat_tag(c->arena, r, low);
}

static int f_tag(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct resource *r = scope_res(c);
	for (size_t i = 0; r && i < c->nargs; i++)
		add_tags(c, r, c->args[i]);
	*out = val_undef();
	return 0;
}

static int f_tagged(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct resource *r = scope_res(c);
	bool all = true;
	for (size_t i = 0; i < c->nargs; i++) {
		struct value *v = c->args[i];
		if (v->kind != VAL_STRING)
			continue;
		bool found = false;
		for (size_t j = 0; r && j < r->ntags && !found; j++)
			found = !strcasecmp(r->tags[j], v->u.s.ptr);
		all = all && found;
	}
	*out = val_bool(all);
	return 0;
}

/*
 * Builds and evaluates `type { title: params }` from values. A numeric
 * title (Puppet keeps the Integer there) is not added to the tags.
 */
static int declare(struct fn_call *c, const char *type, const char *title,
		   struct value *params, bool skip_existing, bool is_virtual,
		   bool numeric_title)
{
	struct eval_ctx *e = c->ctx;
	if (skip_existing && strcmp(type, "class")) {
		const char *rt = cat_type_name(c->arena, type);
		if (cat_find(e->cat, rt, title))
			return 0;
	}
	struct ast *name = arena_alloc(c->arena, sizeof(*name));
	name->kind = AST_NAME;
	name->loc = c->loc;
	name->str = type;
	struct ast *t = arena_alloc(c->arena, sizeof(*t));
	t->kind = AST_STRING;
	t->loc = c->loc;
	t->str = title;
	t->len = strlen(title);
	struct ast *splat = arena_alloc(c->arena, sizeof(*splat));
	splat->kind = AST_ATTR;
	splat->loc = c->loc;
	splat->str = "*";
	splat->op = OP_FARROW;
	/* the splat value is the params hash, passed through a variable-free node */
	struct scope *s = scope_new(e, cur(c), cur(c)->dyn, cur(c)->name);
	s->is_local = true;
	s->resource = NULL;
	scope_set(e, s, " params", params ? params : val_hash(c->arena, 0), c->loc);
	struct ast *pv = arena_alloc(c->arena, sizeof(*pv));
	pv->kind = AST_VAR;
	pv->loc = c->loc;
	pv->str = " params";
	splat->a = pv;
	struct ast *body = arena_alloc(c->arena, sizeof(*body));
	body->kind = AST_RES_BODY;
	body->loc = c->loc;
	body->a = t;
	body->kids = arena_alloc(c->arena, sizeof(*body->kids));
	body->kids[0] = splat;
	body->nkids = 1;
	struct ast *res = arena_alloc(c->arena, sizeof(*res));
	res->kind = AST_RESOURCE;
	res->loc = c->loc;
	res->a = name;
	res->op = is_virtual ? OP_VIRTUAL : OP_NONE;
	res->ival = numeric_title;
	res->kids = arena_alloc(c->arena, sizeof(*res->kids));
	res->kids[0] = body;
	res->nkids = 1;
	struct value *ignored;
	return compile_resource(&ignored, e, s, res);
}

static int f_create_resources(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct value *type = c->args[0], *h = c->args[1];
	struct value *dflt = c->nargs > 2 ? c->args[2] : NULL;
	if (type->kind != VAL_STRING || h->kind != VAL_HASH ||
	    (dflt && dflt->kind != VAL_HASH))
		return fn_error(c, "'create_resources' expects a type name, a Hash of resources and an optional Hash of defaults");
	const char *tn = type->u.s.ptr;
	bool is_virtual = false;
	if (tn[0] == '@') {
		if (tn[1] == '@')
			return (*out = val_undef(), 0);
		is_virtual = true;
		tn++;
	}
	char *low = arena_strdup(c->arena, tn[0] == ':' && tn[1] == ':' ? tn + 2 : tn);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (size_t i = 0; i < h->u.h.n; i++) {
		struct value *title = h->u.h.e[i].key, *params = h->u.h.e[i].val;
		if (title->kind != VAL_STRING)
			return fn_error(c, "'create_resources' titles must be Strings");
		if (params->kind == VAL_UNDEF)
			params = val_hash(c->arena, 0);
		if (params->kind != VAL_HASH)
			return fn_error(c, "'create_resources' expects a Hash of parameters for '%s'", title->u.s.ptr);
		struct value *merged = params;
		if (dflt) {
			merged = val_hash_copy(c->arena, dflt);
			for (size_t j = 0; j < params->u.h.n; j++)
				val_hash_set(c->arena, merged, params->u.h.e[j].key, params->u.h.e[j].val);
		}
		if (declare(c, low, title->u.s.ptr, merged, false, is_virtual, false) < 0)
			return -1;
	}
	*out = val_undef();
	return 0;
}

static int ensure_one(struct fn_call *c, const char *type, struct value *titles,
		      struct value *params)
{
	if (titles->kind == VAL_ARRAY) {
		for (size_t i = 0; i < titles->u.arr.n; i++)
			if (ensure_one(c, type, titles->u.arr.v[i], params) < 0)
				return -1;
		return 0;
	}
	bool numeric = titles->kind == VAL_INT || titles->kind == VAL_FLOAT;
	if (numeric) {
		struct buf b = BUF_INIT;
		val_to_s(&b, titles);
		titles = val_str_buf(c->arena, &b);
		buf_release(&b);
	}
	if (titles->kind != VAL_STRING)
		return fn_error(c, "'%s' expects String titles", c->name);
	if (numeric) {
		/* Puppet names an Integer-titled instance by its string */
		params = val_hash_copy(c->arena, params);
		val_hash_set_str(c->arena, params, "name", titles);
	}
	return declare(c, type, titles->u.s.ptr, params, true, false, numeric);
}

static int f_ensure_resource(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (c->args[0]->kind != VAL_STRING)
		return fn_error(c, "'%s' expects a type name", c->name);
	char *low = arena_strdup(c->arena, c->args[0]->u.s.ptr);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	struct value *params = c->nargs > 2 ? c->args[2] : val_hash(c->arena, 0);
	if (params->kind != VAL_HASH)
		return fn_error(c, "'%s' expects a Hash of parameters", c->name);
	if (!strcmp(c->name, "ensure_resources")) {
		struct value *h = c->args[1];
		if (h->kind != VAL_HASH)
			return fn_error(c, "'ensure_resources' expects a Hash of resources");
		for (size_t i = 0; i < h->u.h.n; i++) {
			struct value *p = val_hash_copy(c->arena, params);
			struct value *own = h->u.h.e[i].val;
			for (size_t j = 0; own->kind == VAL_HASH && j < own->u.h.n; j++)
				val_hash_set(c->arena, p, own->u.h.e[j].key, own->u.h.e[j].val);
			if (ensure_one(c, low, h->u.h.e[i].key, p) < 0)
				return -1;
		}
	} else if (ensure_one(c, low, c->args[1], params) < 0) {
		return -1;
	}
	*out = val_undef();
	return 0;
}

static int f_getvar(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	if (c->args[0]->kind != VAL_STRING)
		return fn_error(c, "'getvar' expects a variable name");
	const char *n = c->args[0]->u.s.ptr;
	if (n[0] == '$')
		n++;
	/* Puppet 7's getvar also digs: getvar('facts.os.family') */
	const char *dot = strchr(n, '.');
	struct value *v;
	if (dot) {
		v = scope_find(c->ctx, cur(c), arena_memdupz(c->arena, n, (size_t)(dot - n)));
		for (const char *p = dot + 1; v && *p;) {
			const char *q = strchr(p, '.');
			size_t len = q ? (size_t)(q - p) : strlen(p);
			if (v->kind == VAL_HASH)
				v = val_hash_get(v, val_str(c->arena, p, len));
			else if (v->kind == VAL_ARRAY && isdigit((unsigned char)*p)) {
				size_t i = strtoul(p, NULL, 10);
				v = i < v->u.arr.n ? v->u.arr.v[i] : NULL;
			} else
				v = NULL;
			p = q ? q + 1 : p + len;
		}
	} else {
		v = scope_find(c->ctx, cur(c), n);
	}
	*out = v ? v : (c->nargs > 1 ? c->args[1] : val_undef());
	return 0;
}

/* lookup/hiera without hiera data: the default, or an error. */
static int f_lookup(struct value **out, struct fn_call *c)
{
	struct value *name = c->args[0];
	struct value *dflt = NULL;
	if (!strcmp(c->name, "lookup")) {
		if (name->kind == VAL_HASH) {
			dflt = val_hash_get_str(name, "default_value");
			name = val_hash_get_str(name, "name");
			if (!name)
				return fn_error(c, "'lookup' expects a name");
		} else if (c->nargs >= 4) {
			dflt = c->args[3];
		} else if (c->nargs >= 2 && c->args[1]->kind == VAL_HASH) {
			dflt = val_hash_get_str(c->args[1], "default_value");
		}
	} else if (c->nargs >= 2) {
		dflt = c->args[1];
	}
	if (c->ctx && name->kind == VAL_STRING) {
		struct value *found;
		int rc = hiera_lookup(&found, c->ctx, name->u.s.ptr);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			*out = found;
			return 0;
		}
	}
	if (c->lambda) {
		struct value *arg = name;
		return fn_call_lambda(out, c, &arg, 1);
	}
	if (dflt) {
		*out = dflt;
		return 0;
	}
	struct buf b = BUF_INIT;
	val_to_s(&b, name);
	int rc = fn_error(c, "function lookup() did not find a value for the name '%s'", b.ptr);
	buf_release(&b);
	return rc;
}

static int f_hiera_include(struct value **out, struct fn_call *c)
{
	*out = val_undef();
	if (c->nargs >= 2)
		return compile_include(c->ctx, cur(c), c->loc, c->args[1], "include");
	return 0;
}

static int f_fqdn_rand(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	struct value *maxv = c->args[0];
	int64_t max;
	if (maxv->kind == VAL_INT) {
		max = maxv->u.n.i;
	} else if (maxv->kind == VAL_STRING) {
		if (mt_ruby_to_i(&max, maxv->u.s.ptr) < 0)
			return fn_error(c, "'fqdn_rand' expects an Integer, got '%s'", maxv->u.s.ptr);
	} else {
		return fn_error(c, "'fqdn_rand' expects an Integer max");
	}
	struct buf seed = BUF_INIT;
	for (size_t i = 1; i < c->nargs; i++) {
		if (i > 1)
			buf_addch(&seed, ':');
		val_to_s(&seed, c->args[i]);
	}
	/* Puppet reads $facts['networking']['fqdn'] */
	struct value *facts = scope_find(c->ctx, c->ctx->top, "facts");
	struct value *net = facts && facts->kind == VAL_HASH ? val_hash_get_str(facts, "networking") : NULL;
	struct value *fqdn = net && net->kind == VAL_HASH ? val_hash_get_str(net, "fqdn") : NULL;
	struct buf f = BUF_INIT;
	if (fqdn)
		val_to_s(&f, fqdn);
	int64_t r;
	int rc = mt_fqdn_rand(&r, f.ptr, max, c->nargs > 1 ? seed.ptr : NULL, false);
	buf_release(&seed);
	buf_release(&f);
	if (rc < 0)
		return fn_error(c, "%s", err_last());
	*out = val_int(c->arena, r);
	return 0;
}

static int f_type(struct value **out, struct fn_call *c)
{
	const char *mode = c->nargs > 1 && c->args[1]->kind == VAL_STRING ? c->args[1]->u.s.ptr : "detailed";
	if (!strcmp(mode, "reduced"))
		*out = type_infer_reduced(c->arena, c->args[0]);
	else if (!strcmp(mode, "generalized"))
		*out = type_generalize(c->arena, type_infer(c->arena, c->args[0]));
	else
		*out = type_infer(c->arena, c->args[0]);
	return 0;
}

static int f_assert_type(struct value **out, struct fn_call *c)
{
	struct value *t = c->args[0];
	if (t->kind == VAL_STRING) {
		t = val_type(c->arena, type_is_known(t->u.s.ptr) ? type_canonical_name(t->u.s.ptr)
								 : cat_type_name(c->arena, t->u.s.ptr),
			     NULL, 0);
	}
	if (t->kind != VAL_TYPE)
		return fn_error(c, "'assert_type' expects a Type");
	struct type_env env = { NULL, NULL, c->arena };
	if (type_match(t, c->args[1], &env)) {
		*out = c->args[1];
		return 0;
	}
	if (c->lambda) {
		struct value *args[2] = { t, type_infer(c->arena, c->args[1]) };
		return fn_call_lambda(out, c, args, 2);
	}
	return fn_error(c, "assert_type(): %s", type_mismatch_msg(c->arena, t, c->args[1], &env));
}

static int f_next(struct value **out, struct fn_call *c)
{
	if (fnarg_need_ctx(c) < 0)
		return -1;
	c->ctx->ret = c->nargs ? c->args[0] : val_undef();
	*out = c->ctx->ret;
	if (!strcmp(c->name, "return"))
		return EVAL_RETURN;
	if (!strcmp(c->name, "break"))
		return EVAL_BREAK;
	return EVAL_NEXT;
}

const struct fn_def fn_core_table[] = {
	{ "alert", f_log, 0, FN_ANY, 0 },
	{ "assert_type", f_assert_type, 2, 2, FN_LAMBDA_OPT },
	{ "break", f_next, 0, 0, 0 },
	{ "contain", f_include, 1, FN_ANY, 0 },
	{ "create_resources", f_create_resources, 2, 3, 0 },
	{ "crit", f_log, 0, FN_ANY, 0 },
	{ "debug", f_log, 0, FN_ANY, 0 },
	{ "defined", f_defined, 1, FN_ANY, 0 },
	{ "emerg", f_log, 0, FN_ANY, 0 },
	{ "ensure_resource", f_ensure_resource, 2, 3, 0 },
	{ "ensure_resources", f_ensure_resource, 2, 3, 0 },
	{ "epp", f_epp, 1, 2, 0 },
	{ "err", f_log, 0, FN_ANY, 0 },
	{ "fail", f_fail, 0, FN_ANY, 0 },
	{ "file", f_file, 1, FN_ANY, 0 },
	{ "fqdn_rand", f_fqdn_rand, 1, FN_ANY, 0 },
	{ "getvar", f_getvar, 1, 2, 0 },
	{ "hiera", f_lookup, 1, 3, 0 },
	{ "hiera_array", f_lookup, 1, 3, 0 },
	{ "hiera_hash", f_lookup, 1, 3, 0 },
	{ "hiera_include", f_hiera_include, 1, 3, 0 },
	{ "include", f_include, 1, FN_ANY, 0 },
	{ "info", f_log, 0, FN_ANY, 0 },
	{ "inline_epp", f_epp, 1, 2, 0 },
	{ "inline_template", f_inline_template, 1, FN_ANY, 0 },
	{ "lookup", f_lookup, 1, 4, FN_LAMBDA_OPT },
	{ "next", f_next, 0, 1, 0 },
	{ "notice", f_log, 0, FN_ANY, 0 },
	{ "realize", f_realize, 1, FN_ANY, 0 },
	{ "require", f_include, 1, FN_ANY, 0 },
	{ "return", f_next, 0, 1, 0 },
	{ "tag", f_tag, 1, FN_ANY, 0 },
	{ "tagged", f_tagged, 1, FN_ANY, 0 },
	{ "template", f_template, 1, FN_ANY, 0 },
	{ "type", f_type, 1, 2, 0 },
	{ "warning", f_log, 0, FN_ANY, 0 },
	{ NULL, NULL, 0, 0, 0 },
};
