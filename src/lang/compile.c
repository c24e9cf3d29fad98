/* SPDX-License-Identifier: MIT */
/* compile.c: catalog statements: resources, classes, defines, nodes, finalization */
#include "util/compat.h"
#include <ctype.h>
#include "lang/coretypes.h"
#include "lang/eval-internal.h"
#include "lang/hiera.h"
#include "lang/regex.h"
#include "lang/rubytype.h"
#include "util/arena.h"
#include "util/err.h"
#include <unistd.h>

/*
 * How a catalog is compiled (eval_compile):
 *  1. The loader parses the main manifest and registers every class,
 *     define, node, function and type alias it holds (modules are loaded
 *     on first use from the modulepath).
 *  2. Stage[main], Class[Settings] and Class[main] are created; the main
 *     manifest's top-level code runs in the top scope.
 *  3. The node definition matching the certname runs (exact name, then
 *     regex, then default), in the node scope.
 *  4. Generators run until nothing changes: collectors realize virtual
 *     resources; defined-type instances are evaluated in declaration order
 *     (each may declare more).
 *  5. Finalization: overrides, resource defaults (dynamically scoped),
 *     relationships (arrows become before/notify metaparameters), and a
 *     check that every referenced resource exists.
 * Classes are evaluated when declared; a class declared twice with
 * parameters is an error, `include` of a declared class is a no-op.
 */

/* The lowercase name, stored once per catalog: every resource asks. */
static const char *lower(struct eval_ctx *e, const char *s)
{
	if (s[0] == ':' && s[1] == ':')
		s += 2;
	struct buf b = BUF_INIT;
	for (const char *p = s; *p; p++)
		buf_addch(&b, tolower((unsigned char)*p));
	const char *r = e->cat ? cat_intern(e->cat, b.ptr)
			       : arena_memdupz(e->arena, b.ptr, b.len);
	buf_release(&b);
	return r;
}

static bool valid_tag(const char *t)
{
	if (!*t || !(isalnum((unsigned char)*t) || *t == '_'))
		return false;
	for (const char *p = t; *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("_:.-", *p)))
			return false;
	return true;
}

/* Tags a name and, for a::b, each segment. */
static void tag_name(struct eval_ctx *e, struct resource *r, const char *name)
{
	const char *low = lower(e, name);
	if (!valid_tag(low))
		return;
	cat_tag(e->arena, r, low);
	if (!strstr(low, "::"))
		return;
	for (const char *p = low;;) {
		const char *q = strstr(p, "::");
		cat_tag(e->arena, r, arena_memdupz(e->arena, p, q ? (size_t)(q - p) : strlen(p)));
		if (!q)
			break;
		p = q + 2;
	}
}

static void inherit_tags(struct eval_ctx *e, struct resource *r,
			 const struct resource *from)
{
	if (!from)
		return;
	for (size_t i = 0; i < from->ntags; i++)
		cat_tag(e->arena, r, from->tags[i]);
}

static struct resource *scope_resource(struct eval_ctx *e, struct scope *s)
{
	for (; s; s = s->parent)
		if (s->resource)
			return s->resource;
	return e->main_class;
}

struct resource *compile_new_resource(struct eval_ctx *e, struct scope *s,
				      const char *type, const char *title,
				      struct srcloc loc)
{
	struct resource *r = arena_alloc(e->arena, sizeof(*r));
	r->type = type;
	r->title = title;
	r->loc = loc;
	r->has_loc = loc.file != NULL;
	r->params = val_hash(e->arena, 0);
	r->scope = s;
	r->kind = "compilable_type";
	return r;
}

static int dup_error(struct eval_ctx *e, struct srcloc loc,
		     const struct resource *old)
{
	if (old->loc.file)
		return eval_error_at(e, loc, "duplicate declaration: %s[%s] is already declared at %s:%u; cannot redeclare",
				     old->type, old->title, old->loc.file, old->loc.line);
	return eval_error_at(e, loc, "duplicate declaration: %s[%s] is already declared; cannot redeclare",
			     old->type, old->title);
}

/* ---- references ---- */

/* "File[/x]" strings are references too, in older code. */
static bool parse_ref_string(struct eval_ctx *e, const struct value *v,
			     const char **type, const char **title)
{
	if (v->kind != VAL_STRING)
		return false;
	const char *p = v->u.s.ptr, *br = strchr(p, '[');
	size_t len = v->u.s.len;
	if (!br || br == p || len < 3 || p[len - 1] != ']')
		return false;
	*type = cat_type_name(e->arena, arena_memdupz(e->arena, p, (size_t)(br - p)));
	*title = arena_memdupz(e->arena, br + 1, len - (size_t)(br - p) - 2);
	if (!strcmp(*type, "Class"))
		*title = cat_type_name(e->arena, *title);
	return true;
}

const char *compile_ref_title(struct eval_ctx *e, const struct value *ref,
			      const char **type_out)
{
	if (ref->kind == VAL_TYPE && ref->u.t.nparams == 1 &&
	    ref->u.t.params[0]->kind == VAL_STRING) {
		*type_out = ref->u.t.name;
		const char *t = ref->u.t.params[0]->u.s.ptr;
		if (!strcmp(ref->u.t.name, "Class"))
			t = cat_type_name(e->arena, t);
		return t;
	}
	const char *type, *title;
	if (parse_ref_string(e, ref, &type, &title)) {
		*type_out = type;
		return title;
	}
	return NULL;
}

static struct resource *find_ref(struct eval_ctx *e, const struct value *ref)
{
	const char *type, *title = compile_ref_title(e, ref, &type);
	if (!title)
		return NULL;
	return cat_find(e->cat, type, title);
}

/* ---- attributes ---- */

static int eval_attrs(struct value **out, struct value **append_out,
		      struct eval_ctx *e, struct scope *s,
		      struct ast *const *attrs, size_t n)
{
	struct value *h = val_hash(e->arena, n);
	struct value *app = NULL;
	int r;
	for (size_t i = 0; i < n; i++) {
		const struct ast *a = attrs[i];
		struct value *v;
		if ((r = eval_expr(&v, e, s, a->a)) < 0)
			return r;
		if (!strcmp(a->str, "*")) {
			if (v->kind == VAL_UNDEF)
				continue;
			if (v->kind != VAL_HASH)
				return eval_error(e, a, "the splat '* =>' expects a Hash, got %s",
						  val_type_name(v));
			for (size_t j = 0; j < v->u.h.n; j++) {
				struct value *k = v->u.h.e[j].key;
				if (k->kind != VAL_STRING)
					return eval_error(e, a, "attribute names must be Strings");
				if (val_hash_get(h, k))
					return eval_error(e, a, "the attribute '%s' is set more than once", k->u.s.ptr);
				val_hash_set(e->arena, h, k, v->u.h.e[j].val);
			}
			continue;
		}
		struct value *k = e->cat ? cat_param_name(e->cat, a->str)
				       : val_strz(e->arena, a->str);
		if (val_hash_get(h, k))
			return eval_error(e, a, "the attribute '%s' is set more than once", a->str);
		val_hash_set(e->arena, h, k, v);
		if (a->op == OP_PARROW) {
			if (!append_out)
				return eval_error(e, a, "'+>' can only be used in overrides and collectors");
			if (!app)
				app = val_array(e->arena, 1);
			val_array_push(e->arena, app, k);
		}
	}
	*out = h;
	if (append_out)
		*append_out = app;
	return 0;
}

/*
 * Adds a reference to a relationship metaparameter, keeping existing ones.
 * Arrows always make an array (as Puppet's catalogs show); require()
 * sets a single reference when there was none.
 */
static void add_relation_param(struct eval_ctx *e, struct resource *r,
			       const char *param, struct value *ref,
			       bool as_array)
{
	struct value *old = val_hash_get_str(r->params, param);
	struct value *nv;
	if ((!old || old->kind == VAL_UNDEF) && !as_array) {
		nv = ref;
	} else if (!old || old->kind == VAL_UNDEF) {
		nv = val_array(e->arena, 1);
		val_array_push(e->arena, nv, ref);
	} else {
		nv = old->kind == VAL_ARRAY ? val_array_copy(e->arena, old) : NULL;
		if (!nv) {
			nv = val_array(e->arena, 2);
			val_array_push(e->arena, nv, old);
		}
		for (size_t i = 0; i < nv->u.arr.n; i++)
			if (val_equal(nv->u.arr.v[i], ref))
				return;
		val_array_push(e->arena, nv, ref);
	}
	val_hash_set_str(e->arena, r->params, param, nv);
}

/* ---- classes ---- */

static struct resource *stage_for(struct eval_ctx *e, struct value *stage,
				  struct srcloc loc, int *err)
{
	if (!stage || stage->kind != VAL_STRING || !strcmp(stage->u.s.ptr, "main"))
		return e->main_stage;
	struct resource *st = cat_find(e->cat, "Stage", stage->u.s.ptr);
	if (!st)
		*err = eval_error_at(e, loc, "could not find stage '%s'", stage->u.s.ptr);
	return st;
}

/*
 * Binds the parameters of a class or define in scope cs from `given`
 * (evaluated attributes), filling in defaults; records them in r->params.
 */
static int bind_params(struct eval_ctx *e, struct scope *cs,
		       struct resource *r, const struct ast *def,
		       struct value *given, struct srcloc loc)
{
	int rc;
	for (size_t i = 0; given && i < given->u.h.n; i++) {
		const char *k = given->u.h.e[i].key->u.s.ptr;
		bool found = coretype_is_metaparam(k);
		for (size_t j = 0; !found && j < def->nparams; j++)
			found = !strcmp(def->params[j]->str, k);
		if (!found && !(r->is_defined_type && !strcmp(k, "name")))
			return eval_error_at(e, loc, "%s[%s]: has no parameter named '%s'", r->type, r->title, k);
	}
	struct value *params = val_hash(e->arena, def->nparams);
	for (size_t i = 0; given && i < given->u.h.n; i++)
		if (coretype_is_metaparam(given->u.h.e[i].key->u.s.ptr) &&
		    given->u.h.e[i].val->kind != VAL_UNDEF)
			val_hash_set(e->arena, params, given->u.h.e[i].key, given->u.h.e[i].val);
	for (size_t j = 0; j < def->nparams; j++) {
		const struct ast *p = def->params[j];
		struct value *v = given ? val_hash_get_str(given, p->str) : NULL;
		if (!v && !r->is_defined_type) {
			/* automatic parameter lookup: hiera key class::param */
			struct value *hv;
			const char *key = arena_strfmt(e->arena, "%s::%s", lower(e, r->title), p->str);
			int found = hiera_lookup(&hv, e, key);
			if (found < 0)
				return found;
			if (found)
				v = hv;
		}
		if (!v || v->kind == VAL_UNDEF) {
			if (p->b) {
				if ((rc = eval_expr(&v, e, cs, p->b)) < 0)
					return rc;
			} else if (!v && !(p->a && 0)) {
				/* without a default, a parameter must be given
				 * unless its type accepts undef */
				v = val_undef();
				if (!p->a)
					return eval_error_at(e, loc, "%s[%s]: expects a value for parameter '%s'",
							     r->type, r->title, p->str);
			}
		}
		if (p->a) {
			struct value *t;
			if ((rc = eval_expr(&t, e, cs, p->a)) < 0)
				return rc;
			if ((rc = eval_type_check(e, loc, t, v, "%s[%s]: parameter '%s'",
						  r->type, r->title, p->str)) < 0) {
				if (v->kind == VAL_UNDEF && !(given && val_hash_get_str(given, p->str)))
					return (diags_add(e->diags, DIAG_NOTE, loc,
							  "%s[%s]: expects a value for parameter '%s'", r->type, r->title, p->str), rc);
				return rc;
			}
		}
		if ((rc = scope_set(e, cs, p->str, v, p->loc)) < 0)
			return rc;
		if (v->kind != VAL_UNDEF)
			val_hash_set(e->arena, params, val_strz(e->arena, p->str), v);
	}
	/* metaparameters first as given, then the parameters */
	r->params = params;
	return 0;
}

static int declare_class(struct eval_ctx *e, struct scope *s, const char *name,
			 struct value *given, struct srcloc loc,
			 bool resource_like, struct resource **out);

static int eval_class(struct eval_ctx *e, struct scope *s,
		      const struct class_def *cd, struct value *given,
		      struct srcloc loc, bool resource_like,
		      struct resource **out)
{
	int rc;
	const struct ast *def = cd->ast;
	struct scope *parent_scope = e->node_scope ? e->node_scope : e->top;
	if (def->parent) {
		struct resource *pr;
		if ((rc = declare_class(e, s, def->parent, NULL, def->loc, false, &pr)) < 0)
			return rc;
		parent_scope = strmap_get(&e->class_scopes, lower(e, def->parent));
		if (!parent_scope)
			return eval_error_at(e, def->loc, "could not evaluate parent class '%s'", def->parent);
	}
	/* inherits may have declared us already (class a inherits b, b includes a) */
	struct resource *existing = cat_find(e->cat, "Class", cat_type_name(e->arena, cd->name));
	if (existing) {
		*out = existing;
		return 0;
	}
	struct resource *r = compile_new_resource(e, s, "Class",
						  cat_type_name(e->arena, cd->name),
						  resource_like ? loc : (struct srcloc){ 0 });
	r->kind = resource_like ? "class" : "unknown";
	r->def = (void *)cd;
	cat_tag(e->arena, r, "class");
	tag_name(e, r, cd->name);
	inherit_tags(e, r, scope_resource(e, s));
	struct value *stage = given ? val_hash_get_str(given, "stage") : NULL;
	int serr = 0;
	r->container = stage_for(e, stage, loc, &serr);
	if (serr)
		return serr;
	cat_add(e->cat, r);
	cat_add_class(e->cat, cd->name);

	struct scope *cs = scope_new(e, parent_scope, s, cd->name);
	cs->resource = r;
	const char *sep = strstr(cd->name, "::");
	cs->module = sep ? arena_memdupz(e->arena, cd->name, (size_t)(sep - cd->name)) : cd->name;
	strmap_put(&e->class_scopes, cd->name, cs);
	scope_set(e, cs, "title", val_strz(e->arena, cd->name), def->loc);
	scope_set(e, cs, "name", val_strz(e->arena, cd->name), def->loc);
	scope_set(e, cs, "module_name", val_strz(e->arena, cs->module), def->loc);
	scope_set(e, cs, "caller_module_name", val_strz(e->arena, s->module), def->loc);
	if ((rc = bind_params(e, cs, r, def, given, loc)) < 0)
		return rc;
	if (val_hash_get_str(r->params, "tag")) {
		struct value *t = val_hash_get_str(r->params, "tag");
		if (t->kind == VAL_STRING)
			cat_tag(e->arena, r, lower(e, t->u.s.ptr));
	}
	*out = r;
	if (++e->depth > EVAL_MAX_DEPTH) {
		e->depth--;
		return eval_error_at(e, loc, "class nesting depth exceeds %d", EVAL_MAX_DEPTH);
	}
	struct value *ignored;
	rc = eval_block(&ignored, e, cs, def->b);
	e->depth--;
	return rc;
}

static int declare_class(struct eval_ctx *e, struct scope *s, const char *name,
			 struct value *given, struct srcloc loc,
			 bool resource_like, struct resource **out)
{
	const char *lname = lower(e, name);
	struct resource *existing = cat_find(e->cat, "Class", cat_type_name(e->arena, lname));
	if (existing) {
		if (resource_like)
			return dup_error(e, loc, existing);
		*out = existing;
		return 0;
	}
	const struct class_def *cd = loader_find_class(e, lname);
	if (!cd) {
		if (diags_too_many(e->diags))
			return -1;
		return eval_error_at(e, loc, "could not find class '%s'", lname);
	}
	return eval_class(e, s, cd, given, loc, resource_like, out);
}

int compile_include(struct eval_ctx *e, struct scope *s, struct srcloc loc,
		    struct value *names, const char *how)
{
	int rc;
	if (names->kind == VAL_ARRAY) {
		for (size_t i = 0; i < names->u.arr.n; i++)
			if ((rc = compile_include(e, s, loc, names->u.arr.v[i], how)) < 0)
				return rc;
		return 0;
	}
	const char *name;
	if (names->kind == VAL_STRING)
		name = names->u.s.ptr;
	else if (names->kind == VAL_TYPE && !strcmp(names->u.t.name, "Class") &&
		 names->u.t.nparams == 1 && names->u.t.params[0]->kind == VAL_STRING)
		name = names->u.t.params[0]->u.s.ptr;
	else if (names->kind == VAL_TYPE && !names->u.t.nparams)
		name = names->u.t.name;
	else
		return eval_error_at(e, loc, "'%s' expects class names, got %s", how, val_type_name(names));
	if (!*name)
		return eval_error_at(e, loc, "'%s' expects a class name, got an empty String", how);
	struct resource *cr;
	if ((rc = declare_class(e, s, name, NULL, loc, false, &cr)) < 0)
		return rc;
	struct resource *me = scope_resource(e, s);
	if (!strcmp(how, "require") && me) {
		add_relation_param(e, me, "require", eval_ref(e, "Class", cr->title), true);
	} else if (!strcmp(how, "contain") && me && me != cr) {
		for (size_t i = 0; i < e->cat->nedges; i++)
			if (e->cat->edges[i].source == me && e->cat->edges[i].target == cr)
				return 0;
		cat_add_edge(e->cat, me, cr);
	}
	return 0;
}

/* ---- resources ---- */

/* Define instances wait for the generator loop (step 4). */
static void queue_define(struct eval_ctx *e, struct resource *r)
{
	if (e->npending == e->pending_alloc) {
		size_t na = e->pending_alloc ? e->pending_alloc * 2 : 64;
		e->pending = arena_realloc(e->arena, e->pending,
					   e->npending * sizeof(*e->pending),
					   na * sizeof(*e->pending));
		e->pending_alloc = na;
	}
	e->pending[e->npending++] = r;
}

static int resource_kind(struct eval_ctx *e, const char *type,
			 const struct class_def **define)
{
	*define = NULL;
	if (coretype_exists(type))
		return 1;
	if ((*define = loader_find_define(e, type)))
		return 2;
	if (loader_type_exists(e, type))
		return 3;
	return 0;
}

static int check_attrs(struct eval_ctx *e, const char *type, const char *rtype,
		       const char *title, struct value *attrs, struct srcloc loc)
{
	for (size_t i = 0; i < attrs->u.h.n; i++) {
		const char *k = attrs->u.h.e[i].key->u.s.ptr;
		if (!coretype_has_attr(type, k))
			return eval_error_at(e, loc, "no parameter named '%s' on %s[%s]", k, rtype, title);
	}
	return 0;
}

/* Whether declare_one keeps every attribute: none undef, no namevar (or
 * name) set to the title itself. */
static bool keeps_all(const struct value *attrs, const char *namevar,
		      const char *title)
{
	for (size_t i = 0; i < attrs->u.h.n; i++) {
		const struct value *k = attrs->u.h.e[i].key, *v = attrs->u.h.e[i].val;
		if (v->kind == VAL_UNDEF)
			return false;
		if (namevar && v->kind == VAL_STRING && !strcmp(v->u.s.ptr, title) &&
		    (!strcmp(k->u.s.ptr, namevar) || !strcmp(k->u.s.ptr, "name")))
			return false;
	}
	return true;
}

/*
 * Declares one resource. With `attrs_owned`, nothing else holds `attrs`
 * (a hash built for this resource alone): it becomes the resource's
 * parameters when they would be a copy of it.
 */
static int declare_one(struct eval_ctx *e, struct scope *s, const struct ast *n,
		       const char *type, int kind, const struct class_def *define,
		       const char *title, struct value *attrs, bool attrs_owned,
		       struct srcloc loc)
{
	const char *rtype = cat_type_intern(e->cat, type);
	struct resource *old = cat_find(e->cat, rtype, title);
	if (old)
		return dup_error(e, loc, old);
	if (kind == 1 && check_attrs(e, type, rtype, title, attrs, loc) < 0)
		return -1;
	struct resource *r = compile_new_resource(e, s, rtype, title, loc);
	r->is_virtual = n->op == OP_VIRTUAL;
	r->is_exported = n->op == OP_EXPORTED;
	/* the namevar set to the title is not a parameter in Puppet's catalog */
	const char *namevar = kind == 1 ? coretype_namevar(type)
			      : kind == 3 ? loader_type_namevar(e, type) : NULL;
	if (kind != 2) /* what a module type's title_patterns take from the title */
		rubytype_title_params(e->arena, rubytype_find(e, type), title, r->params);
	if (attrs_owned && !r->params->u.h.n && keeps_all(attrs, namevar, title)) {
		r->params = attrs;
	} else {
		if (!r->params->u.h.alloc && attrs->u.h.n) { /* sized once */
			r->params->u.h.e = arena_alloc(e->arena, attrs->u.h.n *
							   sizeof(*r->params->u.h.e));
			r->params->u.h.alloc = attrs->u.h.n;
		}
		for (size_t i = 0; i < attrs->u.h.n; i++) {
			struct value *k = attrs->u.h.e[i].key, *v = attrs->u.h.e[i].val;
			if (v->kind == VAL_UNDEF)
				continue;
			if (namevar && v->kind == VAL_STRING && !strcmp(v->u.s.ptr, title) &&
			    (!strcmp(k->u.s.ptr, namevar) || !strcmp(k->u.s.ptr, "name")))
				continue;
			val_hash_set(e->arena, r->params, k, v);
		}
	}
	tag_name(e, r, type);
	if (valid_tag(title) && !n->ival)
		tag_name(e, r, title);
	struct value *tag = val_hash_get_str(r->params, "tag");
	if (tag) {
		if (tag->kind == VAL_STRING)
			tag_name(e, r, tag->u.s.ptr);
		else if (tag->kind == VAL_ARRAY)
			for (size_t i = 0; i < tag->u.arr.n; i++)
				if (tag->u.arr.v[i]->kind == VAL_STRING)
					tag_name(e, r, tag->u.arr.v[i]->u.s.ptr);
	}
	struct resource *container = scope_resource(e, s);
	inherit_tags(e, r, container);
	if (strcmp(rtype, "Stage"))
		r->container = container;
	if (kind == 2) {
		r->is_defined_type = true;
		r->kind = "defined_type";
		r->def = (void *)define;
		if (!r->is_virtual && !r->is_exported) {
			queue_define(e, r);
		}
	} else if (kind == 3) {
		r->kind = "compilable_type";
	}
	if (r->is_exported && !strmap_get(&e->warned, "exported")) {
		strmap_put(&e->warned, "exported", "1");
		eval_warn(e, loc, "exported resources are not supported without a database; ignoring %s[%s]",
			  rtype, title);
	}
	cat_add(e->cat, r);
	return 0;
}

/* The first reference alone, then an array of all of them. */
static void add_ref(struct eval_ctx *e, struct value **refs,
		    struct value **ref1, struct value *ref)
{
	if (!*ref1) {
		*ref1 = ref;
		return;
	}
	if (!*refs) {
		*refs = val_array(e->arena, 2);
		val_array_push(e->arena, *refs, *ref1);
	}
	val_array_push(e->arena, *refs, ref);
}

int compile_resource(struct value **out, struct eval_ctx *e, struct scope *s,
		     const struct ast *n)
{
	int rc;
	const char *type;
	if (n->a->kind == AST_NAME || n->a->kind == AST_TYPEREF) {
		type = lower(e, n->a->str);
	} else {
		struct value *tv;
		if ((rc = eval_expr(&tv, e, s, n->a)) < 0)
			return rc;
		if (tv->kind == VAL_STRING)
			type = lower(e, tv->u.s.ptr);
		else if (tv->kind == VAL_TYPE && !tv->u.t.nparams)
			type = lower(e, tv->u.t.name);
		else
			return eval_error(e, n->a, "a resource type must be a name, got %s", val_type_name(tv));
	}
	bool is_class = !strcmp(type, "class");
	const struct class_def *define = NULL;
	int kind = is_class ? 0 : resource_kind(e, type, &define);
	if (!is_class && !kind) {
		if (diags_too_many(e->diags))
			return -1;
		return eval_error(e, n->a, "unknown resource type '%s'", type);
	}
	/* a `default:` body supplies attributes to the others */
	struct value *dflt = NULL;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ast *b = n->kids[i];
		if (b->a->kind == AST_DEFAULT &&
		    (rc = eval_attrs(&dflt, NULL, e, s, b->kids, b->nkids)) < 0)
			return rc;
	}
	/* the references this expression returns: an array only for many */
	struct value *refs = NULL, *ref1 = NULL;
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ast *b = n->kids[i];
		if (b->a->kind == AST_DEFAULT)
			continue;
		struct value *tv, *attrs;
		if ((rc = eval_expr(&tv, e, s, b->a)) < 0)
			return rc;
		if ((rc = eval_attrs(&attrs, NULL, e, s, b->kids, b->nkids)) < 0)
			return rc;
		if (dflt) {
			struct value *m = val_hash_copy(e->arena, dflt);
			for (size_t j = 0; j < attrs->u.h.n; j++)
				val_hash_set(e->arena, m, attrs->u.h.e[j].key, attrs->u.h.e[j].val);
			attrs = m;
		}
		struct value *titles = tv, *one[1] = {tv};
		struct value one_title = {.kind = VAL_ARRAY};
		if (tv->kind != VAL_ARRAY) {
			one_title.u.arr.v = one;
			one_title.u.arr.n = one_title.u.arr.alloc = 1;
			titles = &one_title;
		}
		for (size_t j = 0; j < titles->u.arr.n; j++) {
			struct value *t = titles->u.arr.v[j];
			if (is_class && t->kind == VAL_TYPE && !t->u.t.nparams)
				t = val_strz(e->arena, t->u.t.name);
			if (t->kind != VAL_STRING) {
				struct buf tb = BUF_INIT;
				val_inspect(&tb, t);
				rc = eval_error(e, b->a, "a resource title must be a String, got %s %s",
						val_type_name(t), tb.ptr);
				buf_release(&tb);
				return rc;
			}
			if (!t->u.s.len)
				return eval_error(e, b->a, "a resource title cannot be empty");
			if (is_class) {
				struct resource *cr;
				if ((rc = declare_class(e, s, t->u.s.ptr, attrs, b->a->loc, true, &cr)) < 0)
					return rc;
				add_ref(e, &refs, &ref1, eval_ref(e, "Class", cr->title));
				continue;
			}
			if ((rc = declare_one(e, s, n, type, kind, define, t->u.s.ptr, attrs,
					       titles->u.arr.n == 1, b->a->loc)) < 0)
				return rc;
			/* the title value is immutable: the reference holds it */
			struct value **tp = arena_alloc(e->arena, sizeof(*tp));
			tp[0] = t;
			add_ref(e, &refs, &ref1, val_type(e->arena, cat_type_intern(e->cat, type), tp, 1));
		}
	}
	*out = refs ? refs : ref1 ? ref1 : val_array(e->arena, 0);
	return 0;
}

static void apply_defaults(struct eval_ctx *e, struct resource *r);

/* Evaluates a define instance's body (step 4); defaults apply first. */
static int eval_define(struct eval_ctx *e, struct resource *r)
{
	apply_defaults(e, r);
	const struct class_def *cd = r->def;
	struct scope *decl = r->scope;
	struct scope *ds = scope_new(e, e->node_scope ? e->node_scope : e->top, decl, cd->name);
	ds->resource = r;
	const char *sep = strstr(cd->name, "::");
	ds->module = sep ? arena_memdupz(e->arena, cd->name, (size_t)(sep - cd->name)) : cd->name;
	r->evaluated = true;
	struct value *given = r->params;
	struct value *namev = val_hash_get_str(given, "name");
	scope_set(e, ds, "title", val_strz(e->arena, r->title), r->loc);
	scope_set(e, ds, "name", namev ? namev : val_strz(e->arena, r->title), r->loc);
	scope_set(e, ds, "module_name", val_strz(e->arena, ds->module), r->loc);
	scope_set(e, ds, "caller_module_name", val_strz(e->arena, decl->module), r->loc);
	if (namev)
		given = val_hash_delete(e->arena, given, val_strz(e->arena, "name"));
	int rc;
	if ((rc = bind_params(e, ds, r, cd->ast, given, r->loc)) < 0)
		return rc;
	if (namev)
		val_hash_set_str(e->arena, r->params, "name", namev);
	struct value *ignored;
	return eval_block(&ignored, e, ds, cd->ast->b);
}

/* ---- defaults, overrides, collectors, relationships ---- */

int compile_defaults(struct eval_ctx *e, struct scope *s, const struct ast *n)
{
	struct value *params;
	int rc;
	if ((rc = eval_attrs(&params, NULL, e, s, n->kids, n->nkids)) < 0)
		return rc;
	struct res_default *d = arena_alloc(e->arena, sizeof(*d));
	d->type = cat_type_name(e->arena, n->a->str);
	d->params = params;
	d->next = s->defaults;
	s->defaults = d;
	return 0;
}

int compile_override(struct eval_ctx *e, struct scope *s, const struct ast *n)
{
	struct value *refs, *params, *app;
	int rc;
	if ((rc = eval_expr(&refs, e, s, n->a)) < 0)
		return rc;
	if ((rc = eval_attrs(&params, &app, e, s, n->kids, n->nkids)) < 0)
		return rc;
	struct override *o = arena_alloc(e->arena, sizeof(*o));
	o->node = n;
	if (refs->kind != VAL_ARRAY) {
		struct value *a = val_array(e->arena, 1);
		val_array_push(e->arena, a, refs);
		refs = a;
	}
	o->refs = refs;
	o->params = params;
	o->append = app;
	*e->overrides_tail = o;
	e->overrides_tail = &o->next;
	return 0;
}

static void set_param(struct eval_ctx *e, struct resource *r, struct value *k,
		      struct value *v, bool append)
{
	if (append) {
		struct value *old = val_hash_get(r->params, k);
		if (old && old->kind != VAL_UNDEF) {
			struct value *nv = val_array(e->arena, 2);
			if (old->kind == VAL_ARRAY)
				nv = val_array_copy(e->arena, old);
			else
				val_array_push(e->arena, nv, old);
			if (v->kind == VAL_ARRAY)
				for (size_t i = 0; i < v->u.arr.n; i++)
					val_array_push(e->arena, nv, v->u.arr.v[i]);
			else
				val_array_push(e->arena, nv, v);
			v = nv;
		}
	}
	val_hash_set(e->arena, r->params, k, v);
}

static bool is_appended(const struct value *app, const struct value *k)
{
	for (size_t i = 0; app && i < app->u.arr.n; i++)
		if (val_identical(app->u.arr.v[i], k))
			return true;
	return false;
}

static void apply_params(struct eval_ctx *e, struct resource *r,
			 struct value *params, struct value *app)
{
	for (size_t i = 0; i < params->u.h.n; i++)
		set_param(e, r, params->u.h.e[i].key, params->u.h.e[i].val,
			  is_appended(app, params->u.h.e[i].key));
}

/* Does resource r satisfy the collector query q? 1/0/-1 */
static int query_match(struct eval_ctx *e, struct scope *s, struct resource *r,
		       const struct ast *q)
{
	if (!q)
		return 1;
	if (q->kind == AST_BINARY && (q->op == OP_AND || q->op == OP_OR)) {
		int a = query_match(e, s, r, q->a);
		if (a < 0)
			return a;
		if (q->op == OP_AND && !a)
			return 0;
		if (q->op == OP_OR && a)
			return 1;
		return query_match(e, s, r, q->b);
	}
	if (q->kind != AST_BINARY || (q->op != OP_EQ && q->op != OP_NE))
		return eval_error(e, q, "a collector query can only use ==, !=, and, or");
	if (q->a->kind != AST_NAME || !q->a->str)
		return eval_error(e, q->a, "a collector query compares an attribute name with a value");
	const char *attr = q->a->str;
	struct value *want;
	if (eval_expr(&want, e, s, q->b) < 0)
		return -1;
	bool m = false;
	if (!strcmp(attr, "tag")) {
		if (want->kind == VAL_STRING)
			for (size_t i = 0; i < r->ntags && !m; i++)
				m = !strcasecmp(r->tags[i], want->u.s.ptr);
	} else if (!strcmp(attr, "title")) {
		m = want->kind == VAL_STRING && !strcmp(r->title, want->u.s.ptr);
	} else {
		struct value *have = val_hash_get_str(r->params, attr);
		if (have && have->kind == VAL_ARRAY) {
			for (size_t i = 0; i < have->u.arr.n && !m; i++)
				m = val_equal(have->u.arr.v[i], want);
		} else if (have) {
			m = val_equal(have, want);
		}
	}
	return q->op == OP_EQ ? m : !m;
}

int compile_collect(struct value **out, struct eval_ctx *e, struct scope *s,
		    const struct ast *n)
{
	*out = val_undef();
	if (n->op == OP_EXPORTED) {
		if (!strmap_get(&e->warned, "collect-exported")) {
			strmap_put(&e->warned, "collect-exported", "1");
			eval_warn(e, n->loc, "collecting exported resources needs a database; the collection is ignored");
		}
		return 0;
	}
	struct collector *c = arena_alloc(e->arena, sizeof(*c));
	c->node = n;
	c->scope = s;
	c->type = cat_type_name(e->arena, n->a->str);
	if (n->nkids) {
		struct value *app;
		int rc = eval_attrs(&c->overrides, &app, e, s, n->kids, n->nkids);
		if (rc < 0)
			return rc;
	}
	c->next = e->collectors;
	e->collectors = c;
	return 0;
}

/* Realizes what collector c matches; returns how many were realized, or -1. */
static int run_collector(struct eval_ctx *e, struct collector *c, bool final)
{
	int n = 0;
	for (size_t i = 0; i < e->cat->nres; i++) {
		struct resource *r = e->cat->res[i];
		if (strcmp(r->type, c->type) || r->is_exported)
			continue;
		int m = query_match(e, c->scope, r, c->node->b);
		if (m < 0)
			return -1;
		if (!m)
			continue;
		if (r->is_virtual) {
			r->is_virtual = false;
			if (r->is_defined_type && !r->evaluated) {
				queue_define(e, r);
			}
			n++;
		}
		if (final && c->overrides)
			apply_params(e, r, c->overrides, NULL);
	}
	return n;
}

int compile_realize(struct eval_ctx *e, struct srcloc loc, struct value *refs)
{
	if (refs->kind == VAL_ARRAY) {
		for (size_t i = 0; i < refs->u.arr.n; i++)
			if (compile_realize(e, loc, refs->u.arr.v[i]) < 0)
				return -1;
		return 0;
	}
	struct resource *r = find_ref(e, refs);
	if (!r) {
		struct buf b = BUF_INIT;
		cat_ref_str(&b, refs);
		eval_error_at(e, loc, "failed to realize virtual resource %s: not declared", b.ptr);
		buf_release(&b);
		return -1;
	}
	if (r->is_virtual) {
		r->is_virtual = false;
		if (r->is_defined_type && !r->evaluated) {
			queue_define(e, r);
		}
	}
	return 0;
}

static int rel_side(struct value **refs, const struct ast **coll,
		    struct eval_ctx *e, struct scope *s, const struct ast *n)
{
	*coll = NULL;
	if (n->kind == AST_COLLECT) {
		struct value *ignored;
		*coll = n;
		*refs = NULL;
		return compile_collect(&ignored, e, s, n);
	}
	struct value *v;
	int rc;
	if (n->kind == AST_RELATION)
		rc = compile_relation(&v, e, s, n);
	else
		rc = eval_expr(&v, e, s, n);
	if (rc < 0)
		return rc;
	if (v->kind != VAL_ARRAY) {
		struct value *a = val_array(e->arena, 1);
		val_array_push(e->arena, a, v);
		v = a;
	}
	*refs = v;
	return 0;
}

int compile_relation(struct value **out, struct eval_ctx *e, struct scope *s,
		     const struct ast *n)
{
	struct relation *rel = arena_alloc(e->arena, sizeof(*rel));
	int rc;
	if ((rc = rel_side(&rel->left, &rel->lcoll, e, s, n->a)) < 0)
		return rc;
	if ((rc = rel_side(&rel->right, &rel->rcoll, e, s, n->b)) < 0)
		return rc;
	rel->node = n;
	rel->scope = s;
	rel->op = n->op;
	*e->relations_tail = rel;
	e->relations_tail = &rel->next;
	*out = rel->right ? rel->right : val_undef();
	return 0;
}

/* The resources one side of a relationship names. */
static int rel_targets(struct value **out, struct eval_ctx *e,
		       struct value *refs, const struct ast *coll,
		       struct scope *s, struct srcloc loc)
{
	struct value *res = val_array(e->arena, 4);
	if (coll) {
		const char *type = cat_type_name(e->arena, coll->a->str);
		for (size_t i = 0; i < e->cat->nres; i++) {
			struct resource *r = e->cat->res[i];
			if (strcmp(r->type, type) || r->is_virtual || r->is_exported)
				continue;
			int m = query_match(e, s, r, coll->b);
			if (m < 0)
				return -1;
			if (m)
				val_array_push(e->arena, res, eval_ref(e, r->type, r->title));
		}
		*out = res;
		return 0;
	}
	for (size_t i = 0; i < refs->u.arr.n; i++) {
		struct value *v = refs->u.arr.v[i];
		if (v->kind == VAL_ARRAY) {
			struct value *sub;
			if (rel_targets(&sub, e, v, NULL, s, loc) < 0)
				return -1;
			for (size_t j = 0; j < sub->u.arr.n; j++)
				val_array_push(e->arena, res, sub->u.arr.v[j]);
			continue;
		}
		if (v->kind == VAL_UNDEF)
			continue;
		const char *type;
		const char *title = compile_ref_title(e, v, &type);
		if (!title) {
			struct buf b = BUF_INIT;
			val_inspect(&b, v);
			eval_error_at(e, loc, "a relationship needs resource references, got %s", b.ptr);
			buf_release(&b);
			return -1;
		}
		val_array_push(e->arena, res, eval_ref(e, type, title));
	}
	*out = res;
	return 0;
}

/* ---- finalization (step 5) ---- */

static int apply_overrides(struct eval_ctx *e)
{
	for (struct override *o = e->overrides; o; o = o->next) {
		for (size_t i = 0; i < o->refs->u.arr.n; i++) {
			struct resource *r = find_ref(e, o->refs->u.arr.v[i]);
			if (!r) {
				struct buf b = BUF_INIT;
				cat_ref_str(&b, o->refs->u.arr.v[i]);
				eval_error(e, o->node, "could not find resource '%s' for overriding", b.ptr);
				buf_release(&b);
				return -1;
			}
			apply_params(e, r, o->params, o->append);
		}
	}
	return 0;
}

/* Defaults are found through the declaring scope, dynamically. */
static void apply_defaults(struct eval_ctx *e, struct resource *r)
{
	for (struct scope *s = r->scope; s;) {
		for (struct res_default *d = s->defaults; d; d = d->next) {
			if (strcmp(d->type, r->type))
				continue;
			for (size_t i = 0; i < d->params->u.h.n; i++) {
				struct value *k = d->params->u.h.e[i].key;
				if (!val_hash_get(r->params, k) &&
				    d->params->u.h.e[i].val->kind != VAL_UNDEF)
					val_hash_set(e->arena, r->params, k, d->params->u.h.e[i].val);
			}
		}
		if (s->resource && s->dyn)
			s = s->dyn;
		else
			s = s->parent;
	}
}

static int apply_relations(struct eval_ctx *e)
{
	for (struct relation *rel = e->relations; rel; rel = rel->next) {
		struct value *l, *r;
		if (rel_targets(&l, e, rel->left, rel->lcoll, rel->scope, rel->node->loc) < 0 ||
		    rel_targets(&r, e, rel->right, rel->rcoll, rel->scope, rel->node->loc) < 0)
			return -1;
		struct value *src = l, *dst = r;
		const char *param = "before";
		switch (rel->op) {
		case OP_BEFORE: break;
		case OP_NOTIFY: param = "notify"; break;
		case OP_REQUIRE: src = r; dst = l; break;
		case OP_SUBSCRIBE: src = r; dst = l; param = "notify"; break;
		default: BUG("relation op %d", rel->op);
		}
		for (size_t i = 0; i < src->u.arr.n; i++) {
			struct resource *res = find_ref(e, src->u.arr.v[i]);
			if (!res) {
				struct buf b = BUF_INIT;
				cat_ref_str(&b, src->u.arr.v[i]);
				eval_error(e, rel->node, "could not find resource '%s' for relationship", b.ptr);
				buf_release(&b);
				return -1;
			}
			for (size_t j = 0; j < dst->u.arr.n; j++) {
				if (!find_ref(e, dst->u.arr.v[j])) {
					struct buf b = BUF_INIT;
					cat_ref_str(&b, dst->u.arr.v[j]);
					eval_error(e, rel->node, "could not find resource '%s' for relationship from '%s[%s]'",
						   b.ptr, res->type, res->title);
					buf_release(&b);
					return -1;
				}
				add_relation_param(e, res, param, dst->u.arr.v[j], true);
			}
		}
	}
	return 0;
}

static const char *const rel_params[] = { "require", "before", "notify", "subscribe" };

static int check_refs_in(struct eval_ctx *e, struct resource *r,
			 const char *param, struct value *v)
{
	if (v->kind == VAL_ARRAY) {
		for (size_t i = 0; i < v->u.arr.n; i++)
			if (check_refs_in(e, r, param, v->u.arr.v[i]) < 0)
				return -1;
		return 0;
	}
	if (v->kind == VAL_UNDEF)
		return 0;
	struct resource *t = find_ref(e, v);
	if (t && !t->is_virtual && !t->is_exported)
		return 0;
	struct buf b = BUF_INIT;
	cat_ref_str(&b, v);
	eval_error_at(e, r->loc, "could not find resource '%s' in parameter '%s' of %s[%s]",
		      b.ptr, param, r->type, r->title);
	buf_release(&b);
	return -1;
}

static int finalize(struct eval_ctx *e)
{
	if (apply_overrides(e) < 0)
		return -1;
	for (struct collector *c = e->collectors; c; c = c->next)
		if (run_collector(e, c, true) < 0)
			return -1;
	for (size_t i = 0; i < e->cat->nres; i++) {
		struct resource *r = e->cat->res[i];
		if (strcmp(r->type, "Class") && strcmp(r->type, "Node") &&
		    strcmp(r->type, "Stage"))
			apply_defaults(e, r);
	}
	if (apply_relations(e) < 0 || rubytype_check_catalog(e) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < e->cat->nres; i++) {
		struct resource *r = e->cat->res[i];
		if (r->is_virtual || r->is_exported)
			continue;
		for (size_t j = 0; j < ARRAY_SIZE(rel_params); j++) {
			struct value *v = val_hash_get_str(r->params, rel_params[j]);
			if (v && check_refs_in(e, r, rel_params[j], v) < 0) {
				rc = -1;
				if (diags_too_many(e->diags))
					return rc;
			}
		}
	}
	return rc;
}

static int run_generators(struct eval_ctx *e)
{
	for (;;) {
		bool progress = false;
		for (struct collector *c = e->collectors; c; c = c->next) {
			int n = run_collector(e, c, false);
			if (n < 0)
				return -1;
			if (n)
				progress = true;
		}
		while (e->pending_done < e->npending) {
			struct resource *r = e->pending[e->pending_done++];
			if (r->evaluated || r->is_virtual)
				continue;
			if (eval_define(e, r) < 0)
				return -1;
			progress = true;
		}
		if (!progress)
			return 0;
	}
}

/* ---- nodes ---- */

static const char *node_regex_title(struct eval_ctx *e, const char *src)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, "__node_regexp__");
	for (const char *p = src; *p; p++)
		if (isalnum((unsigned char)*p) || strchr("-_:.", *p))
			buf_addch(&b, *p);
	const char *r = arena_memdupz(e->arena, b.ptr, b.len);
	buf_release(&b);
	return r;
}

/* Picks the node definition: exact names (longest first), regex, default. */
static const struct ast *find_node(struct eval_ctx *e, const char **title)
{
	const char *cert = e->opts->certname;
	struct buf name = BUF_INIT;
	buf_addstr(&name, cert);
	const struct ast *found = NULL;
	/* mc1.wikimedia.org, then mc1.wikimedia, then mc1 */
	while (!found) {
		for (size_t i = 0; i < e->nnodes && !found; i++) {
			const struct ast *nd = e->nodes[i];
			for (size_t j = 0; j < nd->nkids; j++) {
				const struct ast *m = nd->kids[j];
				if ((m->kind == AST_STRING || m->kind == AST_NAME) &&
				    !strcasecmp(m->str, name.ptr)) {
					found = nd;
					*title = m->str;
					break;
				}
			}
		}
		char *dot = strrchr(name.ptr, '.');
		if (!dot)
			break;
		buf_setlen(&name, (size_t)(dot - name.ptr));
	}
	buf_release(&name);
	for (size_t i = 0; i < e->nnodes && !found; i++) {
		const struct ast *nd = e->nodes[i];
		for (size_t j = 0; j < nd->nkids; j++) {
			const struct ast *m = nd->kids[j];
			if (m->kind != AST_REGEX)
				continue;
			struct value *re = val_regex(e->arena, m->str, strlen(m->str));
			struct value *caps = NULL;
			if (regex_match(e->arena, re, cert, strlen(cert), &caps) > 0) {
				found = nd;
				*title = node_regex_title(e, m->str);
				e->top->captures = caps;
				break;
			}
		}
	}
	for (size_t i = 0; i < e->nnodes && !found; i++) {
		const struct ast *nd = e->nodes[i];
		for (size_t j = 0; j < nd->nkids; j++)
			if (nd->kids[j]->kind == AST_DEFAULT) {
				found = nd;
				*title = "default";
				break;
			}
	}
	return found;
}

static const struct ast *node_named(struct eval_ctx *e, const char *name)
{
	for (size_t i = 0; i < e->nnodes; i++)
		for (size_t j = 0; j < e->nodes[i]->nkids; j++) {
			const struct ast *m = e->nodes[i]->kids[j];
			if ((m->kind == AST_STRING || m->kind == AST_NAME ||
			     m->kind == AST_DEFAULT) &&
			    !strcasecmp(m->kind == AST_DEFAULT ? "default" : m->str, name))
				return e->nodes[i];
		}
	return NULL;
}

static int eval_node(struct eval_ctx *e)
{
	if (!e->nnodes)
		return 0;
	const char *title = NULL;
	const struct ast *nd = find_node(e, &title);
	if (!nd)
		return eval_error_at(e, (struct srcloc){ 0 }, "could not find a node definition for '%s' (and no default node)",
				     e->opts->certname);
	struct resource *r = compile_new_resource(e, e->top, "Node", lower(e, title), (struct srcloc){ 0 });
	r->kind = "unknown";
	cat_tag(e->arena, r, "node");
	tag_name(e, r, r->title);
	inherit_tags(e, r, e->main_class);
	r->container = e->main_class;
	cat_add(e->cat, r);
	cat_add_class(e->cat, r->title);
	struct scope *ns = scope_new(e, e->top, e->top, "");
	ns->resource = r;
	e->node_scope = ns;
	struct value *ignored;
	if (nd->parent) {
		const struct ast *pn = node_named(e, nd->parent);
		if (!pn)
			return eval_error(e, nd, "could not find parent node '%s'", nd->parent);
		if (eval_block(&ignored, e, ns, pn->b) < 0)
			return -1;
	}
	return eval_block(&ignored, e, ns, nd->b);
}

/* ---- the compile ---- */

static void set_top_vars(struct eval_ctx *e)
{
	const struct compile_opts *o = e->opts;
	struct srcloc none = { 0 };
	struct value *facts = o->facts ? o->facts : val_hash(e->arena, 0);
	if (o->facts)
		for (size_t i = 0; i < facts->u.h.n; i++) {
			struct value *k = facts->u.h.e[i].key;
			if (k->kind == VAL_STRING && !strmap_get(&e->top->vars, k->u.s.ptr))
				scope_set(e, e->top, k->u.s.ptr, facts->u.h.e[i].val, none);
		}
	scope_set(e, e->top, "facts", facts, none);
	struct value *trusted = val_hash(e->arena, 6);
	const char *cert = o->certname;
	const char *dot = strchr(cert, '.');
	val_hash_set_str(e->arena, trusted, "authenticated", val_strz(e->arena, "local"));
	val_hash_set_str(e->arena, trusted, "certname", val_strz(e->arena, cert));
	val_hash_set_str(e->arena, trusted, "extensions", val_hash(e->arena, 0));
	val_hash_set_str(e->arena, trusted, "hostname",
			 dot ? val_str(e->arena, cert, (size_t)(dot - cert)) : val_strz(e->arena, cert));
	val_hash_set_str(e->arena, trusted, "domain", dot ? val_strz(e->arena, dot + 1) : val_undef());
	val_hash_set_str(e->arena, trusted, "external", val_hash(e->arena, 0));
	scope_set(e, e->top, "trusted", trusted, none);
	const char *env = o->environment ? o->environment : "production";
	struct value *sf = val_hash(e->arena, 2);
	val_hash_set_str(e->arena, sf, "serverversion", val_strz(e->arena, "7.23.0"));
	val_hash_set_str(e->arena, sf, "environment", val_strz(e->arena, env));
	scope_set(e, e->top, "server_facts", sf, none);
	if (!strmap_get(&e->top->vars, "environment"))
		scope_set(e, e->top, "environment", val_strz(e->arena, env), none);
	if (!strmap_get(&e->top->vars, "clientcert"))
		scope_set(e, e->top, "clientcert", val_strz(e->arena, cert), none);
	/* an agent adds it to its facts; concat::fragment compares it */
	if (!strmap_get(&e->top->vars, "clientversion"))
		scope_set(e, e->top, "clientversion", val_strz(e->arena, "7.23.0"), none);
	scope_set(e, e->top, "serverversion", val_strz(e->arena, "7.23.0"), none);
	scope_set(e, e->top, "name", val_strz(e->arena, "main"), none);
	scope_set(e, e->top, "title", val_strz(e->arena, "main"), none);
	scope_set(e, e->top, "module_name", val_strz(e->arena, ""), none);
}

void compile_ctx_init(struct eval_ctx *e, struct catalog *cat,
		      struct arena *a, struct diags *d,
		      const struct compile_opts *o)
{
	memset(e, 0, sizeof(*e));
	e->arena = a;
	arena_init(&e->ast_arena);
	e->diags = d;
	e->cat = cat;
	e->opts = o;
	e->relations_tail = &e->relations;
	e->overrides_tail = &e->overrides;
	strmap_init(&e->classes, a);
	strmap_init(&e->defines, a);
	strmap_init(&e->functions, a);
	strmap_init(&e->aliases, a);
	strmap_init(&e->class_scopes, a);
	strmap_init(&e->files, a);
	strmap_init(&e->templates, a);
	strmap_init(&e->warned, a);
	strmap_init(&e->literals, a);
	cat_init(cat, a, o->certname, o->environment ? o->environment : "production");
	e->top = scope_new(e, NULL, NULL, "");
}

void compile_ctx_release(struct eval_ctx *e)
{
	arena_release(&e->ast_arena);
}

static int compile_all(struct eval_ctx *e, struct catalog *cat,
		       struct arena *a, struct diags *d)
{
	set_top_vars(e);

	const struct ast *main_ast = NULL;
	if (loader_load_main(e, &main_ast) < 0)
		return -1;

	struct srcloc none = { 0 };
	struct resource *st = compile_new_resource(e, e->top, "Stage", "main", none);
	cat_tag(a, st, "stage");
	val_hash_set_str(a, st->params, "name", val_strz(a, "main"));
	cat_add(cat, st);
	e->main_stage = st;
	struct resource *settings = compile_new_resource(e, e->top, "Class", "Settings", none);
	settings->kind = "unknown";
	cat_tag(a, settings, "class");
	cat_tag(a, settings, "settings");
	settings->container = st;
	cat_add(cat, settings);
	cat_add_class(cat, "settings");
	struct resource *mc = compile_new_resource(e, e->top, "Class", "main", none);
	mc->kind = "unknown";
	cat_tag(a, mc, "class");
	val_hash_set_str(a, mc->params, "name", val_strz(a, "main"));
	mc->container = st;
	cat_add(cat, mc);
	e->main_class = mc;
	e->top->resource = mc;
	strmap_put(&e->class_scopes, "", e->top);

	struct value *ignored;
	if (main_ast && eval_block(&ignored, e, e->top, main_ast) < 0)
		return -1;
	if (eval_node(e) < 0 || run_generators(e) < 0 || finalize(e) < 0)
		return -1;
	return d->nerrors ? -1 : 0;
}

int eval_compile(struct catalog *cat, struct arena *a, struct diags *d,
		 const struct compile_opts *o)
{
	struct eval_ctx ctx;
	compile_ctx_init(&ctx, cat, a, d, o);
	int rc = compile_all(&ctx, cat, a, d);
	compile_ctx_release(&ctx);
	return rc;
}

int compile_find_module_file(struct buf *out, struct eval_ctx *e,
			     const char *spec, const char *subdir)
{
	if (spec[0] == '/') {
		buf_addstr(out, spec);
		return access(spec, R_OK) == 0 ? 0 : ERR_NOTFOUND;
	}
	const char *slash = strchr(spec, '/');
	for (size_t i = 0; slash && i < e->nmodpath; i++) {
		buf_reset(out);
		buf_addf(out, "%s/", e->modpath[i]);
		buf_add(out, spec, (size_t)(slash - spec));
		buf_addf(out, "/%s%s", subdir, slash);
		if (access(out->ptr, R_OK) == 0)
			return 0;
	}
	return ERR_NOTFOUND;
}
