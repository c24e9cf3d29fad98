/* SPDX-License-Identifier: MIT */
/* hiera.c: Hiera 5 data lookups for lookup() and automatic class parameters */
#include "util/compat.h"
#include <ctype.h>
#include <glob.h>
#include <jansson.h>
#include <unistd.h>
#include "facts/facts.h"
#include "facts/json_value.h"
#include "lang/eval-internal.h"
#include "lang/hiera.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/fileio.h"

/*
 * A layer is one hiera.yaml (version 5): a list of data files, resolved
 * once per compile by interpolating facts into the hierarchy's paths.
 * Data files are parsed once per compile and cached by path.
 */
struct layer {
	const char **files; /* data files, in hierarchy order */
	const char **kinds; /* "yaml" or "json", parallel to files */
	size_t n;
};

static struct value *dig(struct eval_ctx *e, const char *expr)
{
	const char *p = expr;
	while (*p == ' ')
		p++;
	if (p[0] == ':' && p[1] == ':')
		p += 2;
	size_t len = strcspn(p, ".} ");
	const char *name = arena_memdupz(e->arena, p, len);
	struct value *v = scope_find(e, e->top, name);
	p += len;
	while (v && *p == '.') {
		p++;
		len = strcspn(p, ".} ");
		if (v->kind == VAL_HASH)
			v = val_hash_get(v, val_str(e->arena, p, len));
		else if (v->kind == VAL_ARRAY && isdigit((unsigned char)*p)) {
			size_t i = strtoul(p, NULL, 10);
			v = i < v->u.arr.n ? v->u.arr.v[i] : NULL;
		} else
			v = NULL;
		p += len;
	}
	return v;
}

/* Interpolates %{facts.x}, %{::x}, %{x}, %{literal('%')} in `s`. */
static void interpolate(struct buf *out, struct eval_ctx *e, const char *s,
			size_t len)
{
	const char *end = s + len;
	while (s < end) {
		const char *pct = memchr(s, '%', (size_t)(end - s));
		if (!pct || pct + 1 >= end || pct[1] != '{') {
			buf_add(out, s, (size_t)((pct ? pct + 1 : end) - s));
			s = pct ? pct + 1 : end;
			continue;
		}
		buf_add(out, s, (size_t)(pct - s));
		const char *close = memchr(pct, '}', (size_t)(end - pct));
		if (!close) {
			buf_add(out, pct, (size_t)(end - pct));
			break;
		}
		const char *expr = arena_memdupz(e->arena, pct + 2, (size_t)(close - pct - 2));
		if (!strncmp(expr, "literal(", 8)) {
			const char *q = expr + 8;
			if (*q == '\'' || *q == '"')
				q++;
			size_t l = strcspn(q, "'\")");
			buf_add(out, q, l);
		} else {
			struct value *v = dig(e, expr);
			if (v)
				val_to_s(out, v);
		}
		s = close + 1;
	}
}

static struct value *interp_value(struct eval_ctx *e, struct value *v)
{
	switch (v->kind) {
	case VAL_STRING: {
		if (!memchr(v->u.s.ptr, '%', v->u.s.len))
			return v;
		struct buf b = BUF_INIT;
		interpolate(&b, e, v->u.s.ptr, v->u.s.len);
		struct value *r = val_str(e->arena, b.ptr, b.len);
		buf_release(&b);
		return r;
	}
	case VAL_ARRAY: {
		struct value *r = val_array(e->arena, v->u.arr.n);
		for (size_t i = 0; i < v->u.arr.n; i++)
			val_array_push(e->arena, r, interp_value(e, v->u.arr.v[i]));
		return r;
	}
	case VAL_HASH: {
		struct value *r = val_hash(e->arena, v->u.h.n);
		for (size_t i = 0; i < v->u.h.n; i++)
			val_hash_set(e->arena, r, v->u.h.e[i].key,
				     interp_value(e, v->u.h.e[i].val));
		return r;
	}
	default:
		return v;
	}
}

static int load_data(struct value **out, struct eval_ctx *e, const char *path,
		     const char *kind)
{
	const char *key = arena_strfmt(e->arena, "hieradata:%s", path);
	struct value *cached = strmap_get(&e->warned, key);
	if (cached) {
		*out = cached->kind == VAL_UNDEF ? NULL : cached;
		return 0;
	}
	struct buf src = BUF_INIT, err = BUF_INIT;
	int rc = file_read(&src, path);
	struct value *v = NULL;
	if (rc == 0 && !strcmp(kind, "json")) {
		json_error_t je;
		json_t *j = json_loadb(src.ptr, src.len, 0, &je);
		if (!j) {
			rc = eval_error_at(e, (struct srcloc){ arena_strdup(e->arena, path), (uint32_t)je.line, (uint32_t)je.column },
					   "invalid JSON: %s", je.text);
		} else {
			v = jv_from_json(e->arena, j);
			json_decref(j);
		}
	} else if (rc == 0 && facts_yaml_load(&v, e->arena, src.ptr, src.len, &err) < 0) {
		rc = eval_error_at(e, (struct srcloc){ arena_strdup(e->arena, path), 0, 0 },
				   "invalid YAML: %s", err.ptr);
	}
	if (rc == ERR_NOTFOUND)
		rc = 0;
	buf_release(&src);
	buf_release(&err);
	if (rc < 0)
		return rc;
	if (v && v->kind != VAL_HASH)
		return eval_error_at(e, (struct srcloc){ arena_strdup(e->arena, path), 0, 0 },
				     "hiera data must be a hash of keys");
	strmap_put(&e->warned, key, v ? v : val_undef());
	*out = v;
	return 0;
}

static void layer_add(struct eval_ctx *e, struct layer *l, const char *file,
		      const char *kind)
{
	l->files = arena_realloc(e->arena, l->files, l->n * sizeof(*l->files),
				 (l->n + 1) * sizeof(*l->files));
	l->kinds = arena_realloc(e->arena, l->kinds, l->n * sizeof(*l->kinds),
				 (l->n + 1) * sizeof(*l->kinds));
	l->files[l->n] = file;
	l->kinds[l->n] = kind;
	l->n++;
}

static const char *str_of(struct value *h, const char *k)
{
	struct value *v = h ? val_hash_get_str(h, k) : NULL;
	return v && v->kind == VAL_STRING ? v->u.s.ptr : NULL;
}

static void add_paths(struct eval_ctx *e, struct layer *l, const char *dir,
		      const char *datadir, const char *kind, struct value *lvl)
{
	static const char *const single[] = { "path", "glob" };
	static const char *const multi[] = { "paths", "globs" };
	for (size_t i = 0; i < 2; i++) {
		struct value *list = val_hash_get_str(lvl, multi[i]);
		struct value *one = val_hash_get_str(lvl, single[i]);
		struct value *items = list && list->kind == VAL_ARRAY ? list : NULL;
		size_t n = items ? items->u.arr.n : (one ? 1 : 0);
		for (size_t j = 0; j < n; j++) {
			struct value *p = items ? items->u.arr.v[j] : one;
			if (p->kind != VAL_STRING)
				continue;
			struct buf b = BUF_INIT;
			buf_addf(&b, "%s/%s/", dir, datadir);
			interpolate(&b, e, p->u.s.ptr, p->u.s.len);
			if (i == 1) {
				glob_t g;
				if (glob(b.ptr, 0, NULL, &g) == 0) {
					for (size_t k = 0; k < g.gl_pathc; k++)
						layer_add(e, l, arena_strdup(e->arena, g.gl_pathv[k]), kind);
					globfree(&g);
				}
			} else {
				layer_add(e, l, arena_memdupz(e->arena, b.ptr, b.len), kind);
			}
			buf_release(&b);
		}
	}
}

/* Reads dir/hiera.yaml into a layer (cached); NULL when there is none. */
static int get_layer(struct layer **out, struct eval_ctx *e, const char *dir)
{
	const char *key = arena_strfmt(e->arena, "hieralayer:%s", dir);
	struct layer *l = strmap_get(&e->warned, key);
	if (l) {
		*out = l->n ? l : NULL;
		return 0;
	}
	l = arena_alloc(e->arena, sizeof(*l));
	strmap_put(&e->warned, key, l);
	*out = NULL;
	const char *cfgpath = arena_strfmt(e->arena, "%s/hiera.yaml", dir);
	struct value *cfg;
	if (access(cfgpath, R_OK) != 0)
		return 0;
	if (load_data(&cfg, e, cfgpath, "yaml") < 0)
		return -1;
	struct value *ver = cfg ? val_hash_get_str(cfg, "version") : NULL;
	if (!ver || ver->kind != VAL_INT || ver->u.n.i != 5) {
		eval_warn(e, (struct srcloc){ cfgpath, 0, 0 }, "only hiera.yaml version 5 is supported; ignoring it");
		return 0;
	}
	struct value *defaults = val_hash_get_str(cfg, "defaults");
	const char *ddatadir = str_of(defaults, "datadir");
	const char *dhash = str_of(defaults, "data_hash");
	struct value *hier = val_hash_get_str(cfg, "hierarchy");
	if (!hier || hier->kind != VAL_ARRAY) {
		/* the default hierarchy: data/common.yaml */
		layer_add(e, l, arena_strfmt(e->arena, "%s/data/common.yaml", dir), "yaml");
	} else {
		for (size_t i = 0; i < hier->u.arr.n; i++) {
			struct value *lvl = hier->u.arr.v[i];
			if (lvl->kind != VAL_HASH)
				continue;
			const char *datadir = str_of(lvl, "datadir");
			const char *hash = str_of(lvl, "data_hash");
			if (!datadir)
				datadir = ddatadir ? ddatadir : "data";
			if (!hash)
				hash = dhash ? dhash : "yaml_data";
			if (strcmp(hash, "yaml_data") && strcmp(hash, "json_data"))
				continue; /* eyaml, custom backends: not available */
			add_paths(e, l, dir, datadir, !strcmp(hash, "json_data") ? "json" : "yaml", lvl);
		}
	}
	*out = l->n ? l : NULL;
	return 0;
}

static int layer_lookup(struct value **out, struct eval_ctx *e,
			struct layer *l, const char *key)
{
	struct value *k = val_strz(e->arena, key);
	for (size_t i = 0; i < l->n; i++) {
		struct value *data;
		if (load_data(&data, e, l->files[i], l->kinds[i]) < 0)
			return -1;
		struct value *v = data ? val_hash_get(data, k) : NULL;
		if (v) {
			*out = interp_value(e, v);
			return 1;
		}
	}
	return 0;
}

static const char *env_dir(struct eval_ctx *e)
{
	const char *m = e->opts->manifest;
	if (!m)
		return NULL;
	const char *p = strstr(m, "/manifests");
	if (p)
		return arena_memdupz(e->arena, m, (size_t)(p - m));
	if (!strncmp(m, "manifests", 9))
		return ".";
	return NULL;
}

int hiera_lookup(struct value **out, struct eval_ctx *e, const char *key)
{
	struct layer *l;
	int rc;
	const char *dir = env_dir(e);
	if (key[0] == ':' && key[1] == ':')
		key += 2;
	if (dir) {
		if ((rc = get_layer(&l, e, dir)) < 0)
			return rc;
		if (l && (rc = layer_lookup(out, e, l, key)) != 0)
			return rc;
	}
	const char *sep = strstr(key, "::");
	if (!sep)
		return 0;
	const char *mod = arena_memdupz(e->arena, key, (size_t)(sep - key));
	for (size_t i = 0; i < e->nmodpath; i++) {
		const char *mdir = arena_strfmt(e->arena, "%s/%s", e->modpath[i], mod);
		if (access(mdir, R_OK) != 0)
			continue;
		if ((rc = get_layer(&l, e, mdir)) < 0)
			return rc;
		if (l)
			return layer_lookup(out, e, l, key);
		return 0;
	}
	return 0;
}
