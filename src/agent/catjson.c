/* SPDX-License-Identifier: MIT */
/* catjson.c: a catalog read back from Puppet's catalog JSON */
#include "util/compat.h"
#include <jansson.h>
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "facts/json_value.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"

static const char *jstr(struct arena *a, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? arena_memdupz(a, json_string_value(v),
						 json_string_length(v))
				 : NULL;
}

/* "File[/x]" → the resource, or NULL */
static struct resource *find_ref_str(struct catalog *cat, struct arena *a,
				     const char *s)
{
	const char *br = strchr(s, '[');
	size_t len = strlen(s);
	if (!br || br == s || len < 3 || s[len - 1] != ']')
		return NULL;
	const char *type = arena_memdupz(a, s, (size_t)(br - s));
	const char *title =
		arena_memdupz(a, br + 1, len - (size_t)(br - s) - 2);
	return cat_find(cat, type, title);
}

static int load_resource(struct catalog *cat, struct arena *a, json_t *jr,
			 size_t i, const char *name)
{
	if (!json_is_object(jr))
		return err_set("%s: resource %zu is not an object", name, i);
	const char *type = jstr(a, jr, "type"), *title = jstr(a, jr, "title");
	json_t *jt = json_object_get(jr, "title");
	if (!title && json_is_integer(jt))
		title = arena_strfmt(a, "%lld",
				     (long long)json_integer_value(jt));
	if (!type || !*type || !title)
		return err_set("%s: resource %zu has no type or title", name,
			       i);
	if (cat_find(cat, type, title))
		return err_set("%s: duplicate resource %s[%s]", name, type,
			       title);
	struct resource *r = arena_alloc(a, sizeof(*r));
	r->type = type;
	r->title = title;
	r->kind = jstr(a, jr, "kind");
	r->is_defined_type = r->kind && !strcmp(r->kind, "defined_type");
	r->is_exported = json_is_true(json_object_get(jr, "exported"));
	const char *file = jstr(a, jr, "file");
	json_t *line = json_object_get(jr, "line");
	if (file) {
		r->loc.file = file;
		r->loc.line = json_is_integer(line)
				      ? (uint32_t)json_integer_value(line)
				      : 0;
		r->has_loc = true;
	}
	json_t *tags = json_object_get(jr, "tags");
	size_t k;
	json_t *tv;
	json_array_foreach(tags, k, tv)
	{
		if (json_is_string(tv))
			cat_tag(a, r, arena_strdup(a, json_string_value(tv)));
	}
	json_t *params = json_object_get(jr, "parameters");
	if (params && !json_is_object(params))
		return err_set("%s: parameters of %s[%s] are not an object",
			       name, type, title);
	r->params = params ? jv_from_json(a, params) : val_hash(a, 0);
	r->evaluated = true;
	cat_add(cat, r);
	return 0;
}

int catjson_parse(struct catalog *cat, struct arena *a, const char *text,
		  size_t len, const char *name)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, 0, &je);
	if (!root)
		return err_set("%s:%d:%d: invalid JSON: %s", name, je.line,
			       je.column, je.text);
	int rc = -1;
	if (!json_is_object(root)) {
		err_set("%s: a catalog is a JSON object", name);
		goto out;
	}
	/* Puppet wraps catalogs as {"document_type": "Catalog", "data": {...}}
	 * in some places */
	json_t *data = json_object_get(root, "data");
	json_t *c = json_is_object(data) ? data : root;
	json_t *res = json_object_get(c, "resources");
	if (!json_is_array(res)) {
		err_set("%s: no 'resources' array: not a catalog", name);
		goto out;
	}
	const char *cname = jstr(a, c, "name");
	const char *env = jstr(a, c, "environment");
	cat_init(cat, a, cname ? cname : "", env ? env : "production");
	size_t i;
	json_t *jr;
	json_array_foreach(res, i, jr)
	{
		if (load_resource(cat, a, jr, i, name) < 0)
			goto out;
	}
	json_t *edges = json_object_get(c, "edges");
	json_t *je2;
	json_array_foreach(edges, i, je2)
	{
		const char *s = jstr(a, je2, "source"),
			   *t = jstr(a, je2, "target");
		struct resource *src = s ? find_ref_str(cat, a, s) : NULL;
		struct resource *tgt = t ? find_ref_str(cat, a, t) : NULL;
		if (!src || !tgt) {
			err_set("%s: edge %zu names a resource not in the catalog ('%s' -> '%s')",
				name, i, s ? s : "?", t ? t : "?");
			goto out;
		}
		if (!tgt->container)
			tgt->container = src;
		else if (tgt->container != src)
			cat_add_edge(cat, src, tgt);
	}
	json_t *classes = json_object_get(c, "classes");
	json_t *cv;
	json_array_foreach(classes, i, cv)
	{
		if (json_is_string(cv))
			cat_add_class(cat,
				      arena_strdup(a, json_string_value(cv)));
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int catjson_load(struct catalog *cat, struct arena *a, const char *path)
{
	struct buf b = BUF_INIT;
	int rc;
	if (!strcmp(path, "-")) {
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
			buf_add(&b, chunk, n);
		rc = ferror(stdin)
			     ? err_set("cannot read the catalog from stdin")
			     : 0;
	} else {
		rc = file_read(&b, path);
		if (rc == ERR_NOTFOUND)
			err_set("cannot read '%s': no such file", path);
	}
	if (rc >= 0)
		rc = catjson_parse(cat, a, b.ptr, b.len, path);
	buf_release(&b);
	return rc < 0 ? -1 : 0;
}
