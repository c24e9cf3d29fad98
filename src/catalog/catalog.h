/* SPDX-License-Identifier: MIT */
/* catalog.h: a compiled catalog (resources, containment, classes) and its JSON */
#ifndef CATALOG_H
#define CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include "util/diag.h"

struct arena;
struct buf;
struct cat_arrays;
struct strmap;
struct value;

/*
 * A resource in the catalog. Classes, nodes and defined-type instances
 * are resources too (type "Class", "Node", "Apache::Vhost"), as in Puppet.
 * Everything lives in the catalog's arena.
 */
struct resource {
	const char *type;      /* capitalized per segment: "File", "Apache::Vhost" */
	const char *title;     /* "Memcached" for classes is kept as declared name */
	struct srcloc loc;     /* where declared; line 0 when included */
	struct value *params;  /* VAL_HASH name → value, declaration order */
	const char **tags;
	size_t ntags, tags_alloc;
	struct resource *container; /* containment edge source, or NULL */
	const char *kind;      /* "compilable_type", "class", "unknown", "defined_type" */
	bool is_virtual;       /* declared with @ and not realized */
	bool is_exported;
	bool is_defined_type;  /* an instance of a define */
	bool evaluated;        /* define instances: body evaluated */
	bool has_loc;          /* print file/line */
	void *scope;           /* declaring scope (struct scope *), for defaults */
	void *def;             /* the define/class definition, if any */
	struct resource *hnext; /* catalog index chain */
	size_t seq;            /* declaration order */
};

struct cat_edge {
	struct resource *source, *target;
};

struct catalog {
	struct arena *arena;
	const char *name;          /* certname */
	const char *environment;
	/* res and index are malloc'ed (freed with the arena) */
	struct resource **res;     /* in declaration order */
	size_t nres, res_alloc;
	struct resource **index;   /* hash of (type, title) */
	size_t icap;
	struct cat_edge *edges;    /* extra containment (contain()) */
	size_t nedges, edges_alloc;
	const char **classes;      /* class names in evaluation order */
	size_t nclasses, classes_alloc;
	struct strmap *names; /* cat_intern: one copy of each, or NULL */
	struct strmap *types; /* cat_type_intern: name → Type name */
	struct strmap *keys;  /* cat_param_name: name → string value */
	struct cat_arrays *arrays; /* where res and index are, for the arena */
};

void cat_init(struct catalog *c, struct arena *a, const char *name,
	      const char *environment);
/* Adds a resource; it must not exist already (see cat_find). */
void cat_add(struct catalog *c, struct resource *r);
struct resource *cat_find(const struct catalog *c, const char *type,
			  const char *title);
void cat_add_edge(struct catalog *c, struct resource *source,
		  struct resource *target);
void cat_add_class(struct catalog *c, const char *name);
/* Adds `tag` to r once, keeping order. */
void cat_tag(struct arena *a, struct resource *r, const char *tag);

/* Capitalizes each ::-separated segment: "apache::vhost" → "Apache::Vhost". */
const char *cat_type_name(struct arena *a, const char *name);

/*
 * Types, tags and parameter names repeat on every resource of a catalog:
 * these return one shared copy (in the catalog's arena) instead of one per
 * resource. cat_intern(c, s): s itself, stored once. cat_type_intern(c,
 * name): cat_type_name(name), computed and stored once per name.
 * cat_param_name(c, name): a string value for a parameter name, shared by
 * every hash that uses it as a key (values are immutable).
 */
const char *cat_intern(struct catalog *c, const char *s);
const char *cat_type_intern(struct catalog *c, const char *name);
struct value *cat_param_name(struct catalog *c, const char *name);

/* A reference as catalogs and messages write it: File[/x], Class[Foo];
 * other values as val_to_s. */
void cat_ref_str(struct buf *out, const struct value *v);

/* Writes the catalog in Puppet's catalog JSON format. */
void cat_to_json(struct buf *out, const struct catalog *c, bool pretty);

#endif
