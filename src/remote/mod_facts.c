/* SPDX-License-Identifier: MIT */
/* mod_facts.c: facts.* (also as grains.*) and node.env, the minion's environment */
#include "util/compat.h"
#include <ctype.h>
#include <sys/stat.h>
#include "facts/facts.h"
#include "facts/json_value.h"
#include "remote/mod.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/xalloc.h"

/*
 * Facts are what Salt calls grains; every facts.X is also grains.X.
 * facts.setval keeps its values in <confdir>/facts.d/tend-setval.json, an
 * external facts file read after the other facts.d files, so a value set
 * is a fact like any other (for the master's targeting too) and survives
 * restarts. Writes are atomic (util/fileio.h).
 *
 * node.env is the environment the minion's agent runs in (the seed's
 * wmftest.puppet_env): the first line of <confdir>/environment.
 */

#define SETVAL_FILE "tend-setval.json"
#define DEFAULT_ENV "production"

/* ---- helpers ---- */

/* mkdir -p; 0 or -1 with err_last(). */
static int mkdirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;
	for (char *s = p + 1;; s++) {
		if (*s && *s != '/')
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			rc = err_set_errno("cannot create '%s'", p);
			break;
		}
		*s = saved;
		if (!saved)
			break;
	}
	free(p);
	return rc;
}

json_t *mod_path_get(json_t *root, const char *key, const char *delim)
{
	if (!delim || !*delim)
		delim = ":";
	size_t dl = strlen(delim);
	json_t *cur = root;
	const char *p = key;
	for (;;) {
		const char *end = strstr(p, delim);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *part = xmemdupz(p, n);
		json_t *next = NULL;
		if (json_is_object(cur)) {
			next = json_object_get(cur, part);
		} else if (json_is_array(cur) && n &&
			   part[strspn(part, "0123456789")] == '\0') {
			errno = 0;
			unsigned long long i = strtoull(part, NULL, 10);
			if (!errno)
				next = json_array_get(cur, (size_t)i);
		}
		free(part);
		cur = next;
		if (!cur || !end)
			return cur;
		p = end + dl;
	}
}

int mod_facts(json_t **out, const struct mod_ctx *c)
{
	struct arena a = ARENA_INIT;
	struct value *facts;
	*out = NULL;
	if (facts_collect(&facts, &a, NULL) < 0) {
		arena_release(&a);
		return -1;
	}
	if (c->confdir) {
		struct buf dir = BUF_INIT;
		buf_addf(&dir, "%s/facts.d", c->confdir);
		facts_external_load(facts, &a, dir.ptr, true, NULL);
		buf_release(&dir);
	}
	*out = jv_to_json(facts);
	arena_release(&a);
	return 0;
}

/* ---- facts.* ---- */

static int items(json_t **out, struct mod_req *r)
{
	if (mod_facts(out, r->c) < 0)
		return mod_fail(out, "cannot collect facts: %s", err_last());
	return 0;
}

static int get(json_t **out, struct mod_req *r)
{
	json_t *facts;
	if (mod_facts(&facts, r->c) < 0)
		return mod_fail(out, "cannot collect facts: %s", err_last());
	json_t *v = mod_path_get(facts, mod_get_str(r, "key", ""),
				 mod_get_str(r, "delimiter", ":"));
	json_t *def = mod_get(r, "default");
	*out = v ? json_incref(v) : def ? json_incref(def) : json_string("");
	json_decref(facts);
	return 0;
}

/* facts.item KEY...: {key: value} for each (Salt's grains.item). */
static int item(json_t **out, struct mod_req *r)
{
	json_t *facts;
	if (mod_facts(&facts, r->c) < 0)
		return mod_fail(out, "cannot collect facts: %s", err_last());
	const char *delim = mod_get_str(r, "delimiter", ":");
	json_t *ret = json_object();
	size_t i;
	json_t *k;
	json_array_foreach(r->rest, i, k)
	{
		if (!json_is_string(k))
			continue;
		json_t *v = mod_path_get(facts, json_string_value(k), delim);
		json_object_set_new(ret, json_string_value(k),
				    v ? json_incref(v) : json_string(""));
	}
	json_decref(facts);
	*out = ret;
	return 0;
}

static int ls(json_t **out, struct mod_req *r)
{
	json_t *facts;
	if (mod_facts(&facts, r->c) < 0)
		return mod_fail(out, "cannot collect facts: %s", err_last());
	json_t *names = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(facts, k, v)
		json_array_append_new(names, json_string(k));
	json_decref(facts);
	/* object keys come in document order; Salt sorts */
	size_t n = json_array_size(names);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *a = json_array_get(names, j - 1);
			json_t *b = json_array_get(names, j);
			if (strcmp(json_string_value(a),
				   json_string_value(b)) <= 0)
				break;
			json_incref(a);
			json_array_set(names, j - 1, b);
			json_array_set_new(names, j, a);
		}
	*out = names;
	return 0;
}

/* A fact name facts.setval writes: [a-z0-9_] first, then [a-z0-9_.-]. */
static bool fact_name_valid(const char *s)
{
	if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
	      *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

/* The facts of the setval file (a new object) and its path. */
static int setval_load(json_t **vals, struct buf *path, json_t **out,
		       struct mod_req *r)
{
	*vals = NULL;
	if (!r->c->confdir)
		return mod_fail(out,
				"%s: the minion has no configuration directory",
				r->fun);
	buf_addf(path, "%s/facts.d/" SETVAL_FILE, r->c->confdir);
	struct buf text = BUF_INIT;
	int rc = file_read(&text, path->ptr);
	if (rc == ERR_NOTFOUND) {
		*vals = json_object();
	} else if (rc < 0) {
		mod_fail(out, "%s: %s", r->fun, err_last());
	} else {
		json_error_t jerr;
		*vals = json_loadb(text.ptr, text.len, 0, &jerr);
		if (!json_is_object(*vals)) {
			json_decref(*vals);
			*vals = NULL;
			mod_fail(out, "%s: '%s' is not a JSON object: %s",
				 r->fun, path->ptr, jerr.text);
		}
	}
	buf_release(&text);
	return *vals ? 0 : 1;
}

static int setval_save(json_t **out, struct mod_req *r, json_t *vals,
		       const char *path)
{
	struct buf dir = BUF_INIT;
	buf_addf(&dir, "%s/facts.d", r->c->confdir);
	int rc = mkdirs(dir.ptr);
	buf_release(&dir);
	if (rc < 0)
		return mod_fail(out, "%s: %s", r->fun, err_last());
	char *text = json_dumps(vals, JSON_INDENT(2) | JSON_SORT_KEYS);
	struct buf b = BUF_INIT;
	buf_addstr(&b, text);
	buf_addch(&b, '\n');
	free(text);
	rc = file_write_atomic(path, b.ptr, b.len, 0644);
	buf_release(&b);
	if (rc < 0)
		return mod_fail(out, "%s: %s", r->fun, err_last());
	return 0;
}

/* Sets each key of `set` in the setval file; returns `set`. */
static int setvals_of(json_t **out, struct mod_req *r, json_t *set)
{
	const char *k;
	json_t *v;
	json_object_foreach(set, k, v) if (!fact_name_valid(k)) return mod_fail(
		out, "%s: '%s' is not a fact name ([a-z0-9_] then [a-z0-9_.-])",
		r->fun, k);
	json_t *vals;
	struct buf path = BUF_INIT;
	int rc = setval_load(&vals, &path, out, r);
	if (!rc) {
		json_object_update(vals, set);
		rc = setval_save(out, r, vals, path.ptr);
	}
	json_decref(vals);
	buf_release(&path);
	if (!rc)
		*out = json_incref(set);
	return rc;
}

static int setval(json_t **out, struct mod_req *r)
{
	json_t *set = json_object();
	json_object_set(set, mod_get_str(r, "key", ""),
			mod_get(r, "val") ? mod_get(r, "val") : json_null());
	int rc = setvals_of(out, r, set);
	json_decref(set);
	return rc;
}

static int setvals(json_t **out, struct mod_req *r)
{
	return setvals_of(out, r, mod_get(r, "grains"));
}

/* facts.delkey KEY: drops a value facts.setval set (Salt's state shape). */
static int delkey(json_t **out, struct mod_req *r)
{
	const char *key = mod_get_str(r, "key", "");
	json_t *vals;
	struct buf path = BUF_INIT;
	int rc = setval_load(&vals, &path, out, r);
	if (!rc) {
		bool had = json_object_get(vals, key) != NULL;
		if (had) {
			json_object_del(vals, key);
			rc = setval_save(out, r, vals, path.ptr);
		}
		if (!rc) {
			json_t *changes = json_object();
			if (had)
				json_object_set_new(changes, key, json_null());
			*out = json_pack("{sossso}", "changes", changes,
					 "comment",
					 had ? "" : "the key was not set",
					 "result", json_true());
		}
	}
	json_decref(vals);
	buf_release(&path);
	return rc;
}

/* ---- node.env ---- */

int mod_env_get(char **out, const struct mod_ctx *c)
{
	*out = NULL;
	if (!c->confdir) {
		*out = xstrdup(DEFAULT_ENV);
		return 0;
	}
	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_addf(&path, "%s/environment", c->confdir);
	int rc = file_read(&text, path.ptr);
	if (rc == ERR_NOTFOUND) {
		*out = xstrdup(DEFAULT_ENV);
		rc = 0;
	} else if (rc == 0) {
		char *s = text.ptr + strspn(text.ptr, " \t\r\n");
		size_t n = strcspn(s, "\r\n");
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		s[n] = '\0';
		if (!n)
			*out = xstrdup(DEFAULT_ENV);
		else if (mod_env_valid(s))
			*out = xstrdup(s);
		else
			rc = err_set(
				"'%s' holds '%s', not an environment name ([a-z0-9_]+)",
				path.ptr, s);
	}
	buf_release(&path);
	buf_release(&text);
	return rc < 0 ? -1 : 0;
}

static int node_env(json_t **out, struct mod_req *r)
{
	const char *want = mod_get_str(r, "env", NULL);
	char *env;
	if (!want) {
		if (mod_env_get(&env, r->c) < 0)
			return mod_fail(out, "node.env: %s", err_last());
		*out = json_string(env);
		free(env);
		return 0;
	}
	if (!mod_env_valid(want))
		return mod_fail(
			out,
			"node.env: '%s' is not an environment name ([a-z0-9_]+)",
			want);
	if (!r->c->confdir)
		return mod_fail(
			out,
			"node.env: the minion has no configuration directory");
	if (mkdirs(r->c->confdir) < 0)
		return mod_fail(out, "node.env: %s", err_last());
	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_addf(&path, "%s/environment", r->c->confdir);
	buf_addf(&text, "%s\n", want);
	int rc = file_write_atomic(path.ptr, text.ptr, text.len, 0644);
	buf_release(&path);
	buf_release(&text);
	if (rc < 0)
		return mod_fail(out, "node.env: %s", err_last());
	*out = json_string(want);
	return 0;
}

/* clang-format off */
#define GET_PARAMS \
	{ "key", MOD_STR, MOD_REQ }, { "default", MOD_ANY, 0 }, \
	{ "delimiter", MOD_STR, MOD_KW }, { "ordered", MOD_ANY, MOD_KW }
#define SETVAL_PARAMS \
	{ "key", MOD_STR, MOD_REQ }, { "val", MOD_ANY, MOD_REQ }, \
	{ "destructive", MOD_ANY, MOD_KW }, { "refresh_pillar", MOD_ANY, MOD_KW }
/* clang-format on */

/* clang-format off */
#define FACTS_FUNCS(m) \
	{ m ".items", items, "This machine's facts.", 0, \
	  { { "sanitize", MOD_ANY, MOD_KW } } }, \
	{ m ".get", get, \
	  "The fact at KEY ('a:b:c' for nested values), else DEFAULT (\"\").", \
	  0, { GET_PARAMS } }, \
	{ m ".item", item, "{key: value} for each KEY.", MOD_VARARGS, \
	  { { "delimiter", MOD_STR, MOD_KW }, \
	    { "sanitize", MOD_ANY, MOD_KW } } }, \
	{ m ".ls", ls, "The names of the facts.", 0, { { 0 } } }, \
	{ m ".setval", setval, \
	  "Sets the fact KEY to VAL, kept across restarts; returns {KEY: VAL}.", \
	  0, { SETVAL_PARAMS } }, \
	{ m ".setvals", setvals, \
	  "Sets every fact of GRAINS (an object); returns it.", 0, \
	  { { "grains", MOD_OBJ, MOD_REQ }, \
	    { "destructive", MOD_ANY, MOD_KW }, \
	    { "refresh_pillar", MOD_ANY, MOD_KW } } }, \
	{ m ".delkey", delkey, "Removes the fact KEY that setval set.", 0, \
	  { { "key", MOD_STR, MOD_REQ }, { "force", MOD_ANY, MOD_KW } } }
/* clang-format on */

/* clang-format off */
const struct mod_func mod_facts_funcs[] = {
	FACTS_FUNCS("facts"),
	FACTS_FUNCS("grains"),
	{ "node.env", node_env,
	  "The environment the agent runs in; with ENV, sets it (returns the new value).",
	  0, { { "env", MOD_STR, 0 } } },
	{ 0 },
};
/* clang-format on */
