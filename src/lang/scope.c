/* SPDX-License-Identifier: MIT */
/* scope.c: variable scopes (lexical), as Puppet 4+ defines them */
#include "util/compat.h"
#include <ctype.h>
#include "lang/eval-internal.h"
#include "util/arena.h"

struct scope *scope_new(struct eval_ctx *e, struct scope *parent,
			struct scope *dyn, const char *name)
{
	struct scope *s = arena_alloc(e->arena, sizeof(*s));
	s->parent = parent;
	s->dyn = dyn;
	s->name = name ? name : "";
	s->module = parent ? parent->module : "";
	strmap_init(&s->vars, e->arena);
	return s;
}

int scope_set(struct eval_ctx *e, struct scope *s, const char *name,
	      struct value *v, struct srcloc loc)
{
	if (strstr(name, "::"))
		return eval_error_at(e, loc, "cannot assign to a qualified variable '$%s'", name);
	if (isdigit((unsigned char)name[0]))
		return eval_error_at(e, loc, "cannot assign to a numeric match variable '$%s'", name);
	struct var *old = strmap_get(&s->vars, name);
	if (old) {
		if (old->loc.file)
			return eval_error_at(e, loc, "cannot reassign variable '$%s' (assigned at %s:%u)",
					     name, old->loc.file, old->loc.line);
		return eval_error_at(e, loc, "cannot reassign variable '$%s'", name);
	}
	struct var *nv = arena_alloc(e->arena, sizeof(*nv));
	nv->name = name;
	nv->v = v;
	nv->loc = loc;
	strmap_put(&s->vars, name, nv);
	return 0;
}

static struct value *capture(struct scope *s, const char *name)
{
	long idx = strtol(name, NULL, 10);
	for (; s; s = s->parent)
		if (s->captures) {
			if (idx < (long)s->captures->u.arr.n)
				return s->captures->u.arr.v[idx];
			return val_undef();
		}
	return val_undef();
}

struct value *scope_find(struct eval_ctx *e, struct scope *s, const char *name)
{
	if (isdigit((unsigned char)name[0]))
		return capture(s, name);
	if (name[0] == ':' && name[1] == ':') {
		name += 2;
		if (!strstr(name, "::")) {
			struct var *v = strmap_get(&e->top->vars, name);
			return v ? v->v : NULL;
		}
	}
	const char *sep = strstr(name, "::");
	if (sep) {
		const char *last = name;
		for (const char *p = sep; p; p = strstr(p + 2, "::"))
			last = p;
		char *cls = arena_memdupz(e->arena, name, (size_t)(last - name));
		for (char *c = cls; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		struct scope *cs = strmap_get(&e->class_scopes, cls);
		if (!cs)
			return NULL;
		struct var *v = strmap_get(&cs->vars, last + 2);
		if (v)
			return v->v;
		/* a class sees its inherited class's variables */
		for (cs = cs->parent; cs && cs != e->top && cs != e->node_scope;
		     cs = cs->parent) {
			v = strmap_get(&cs->vars, last + 2);
			if (v)
				return v->v;
		}
		return NULL;
	}
	for (; s; s = s->parent) {
		struct var *v = strmap_get(&s->vars, name);
		if (v)
			return v->v;
	}
	return NULL;
}

struct value *scope_lookup(struct eval_ctx *e, struct scope *s,
			   const char *name, struct srcloc loc, bool warn)
{
	struct value *v = scope_find(e, s, name);
	if (v)
		return v;
	if (warn) {
		const char *n = name[0] == ':' ? name + 2 : name;
		const char *sep = strstr(n, "::");
		if (sep) {
			const char *last = n;
			for (const char *p = sep; p; p = strstr(p + 2, "::"))
				last = p;
			char *cls = arena_memdupz(e->arena, n, (size_t)(last - n));
			if (!strmap_get(&e->class_scopes, cls)) {
				eval_warn(e, loc, "could not look up qualified variable '$%s'; class %s has not been evaluated",
					  name, cls);
				return val_undef();
			}
		}
		eval_warn(e, loc, "unknown variable: '$%s'", name);
	}
	return val_undef();
}
