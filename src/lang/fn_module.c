/* SPDX-License-Identifier: MIT */
/* fn_module.c: native versions of Ruby functions that popular modules ship */
#include "util/compat.h"
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <unistd.h>
#include "facts/json_value.h"
#include "lang/eval-internal.h"
#include "lang/func.h"
#include "util/arena.h"
#include "util/fileio.h"
#include "util/hash.h"

/*
 * Modules ship functions in Ruby (lib/puppet/functions/MOD/NAME.rb). tend
 * does not run Ruby: the ones real configurations depend on are written
 * here again, following the Ruby source's behaviour.
 */

/* apache::bool2httpd: true/"true" → On, false/undef/"false" → Off */
static int f_bool2httpd(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	bool is_str = v->kind == VAL_STRING;
	if (v->kind == VAL_UNDEF || (v->kind == VAL_BOOL && !v->u.b) ||
	    (is_str && strcasestr(v->u.s.ptr, "false"))) {
		*out = val_strz(c->arena, "Off");
		return 0;
	}
	if ((v->kind == VAL_BOOL && v->u.b) || (is_str && strcasestr(v->u.s.ptr, "true"))) {
		*out = val_strz(c->arena, "On");
		return 0;
	}
	struct buf b = BUF_INIT;
	val_to_s(&b, v);
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

static void base64(struct buf *out, const unsigned char *p, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t w = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			w |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			w |= p[i + 2];
		buf_addch(out, tab[(w >> 18) & 63]);
		buf_addch(out, tab[(w >> 12) & 63]);
		buf_addch(out, i + 1 < n ? tab[(w >> 6) & 63] : '=');
		buf_addch(out, i + 2 < n ? tab[w & 63] : '=');
	}
}

/* apache::pw_hash: {SHA} + base64(sha1(password)) */
static int f_apache_pw_hash(struct value **out, struct fn_call *c)
{
	struct value *v = c->args[0];
	if (v->kind != VAL_STRING || !v->u.s.len)
		return fn_error(c, "'%s' parameter 'password' expects a String[1] value", c->name);
	unsigned char d[20];
	hash_sha1(d, v->u.s.ptr, v->u.s.len);
	struct buf b = BUF_INIT;
	buf_addstr(&b, "{SHA}");
	base64(&b, d, sizeof(d));
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

static struct value *top_fact(struct fn_call *c, const char *name)
{
	struct value *facts = scope_find(c->ctx, c->ctx->top, "facts");
	return facts && facts->kind == VAL_HASH ? val_hash_get_str(facts, name) : NULL;
}

/* memcached::max_memory: an explicit size in MB, or a percentage of RAM */
static int f_memcached_max_memory(struct value **out, struct fn_call *c)
{
	struct value *arg = c->args[0];
	struct buf s = BUF_INIT;
	if (arg->kind != VAL_UNDEF)
		val_to_s(&s, arg);
	int64_t mb;
	if (arg->kind != VAL_UNDEF && (!s.len || s.ptr[s.len - 1] != '%')) {
		mb = strtoll(s.ptr, NULL, 10);
	} else {
		double pct = arg->kind == VAL_UNDEF ? 95.0 : strtod(s.ptr, NULL);
		struct value *ms = top_fact(c, "memorysize");
		const char *m = ms && ms->kind == VAL_STRING ? ms->u.s.ptr : "";
		size_t vl = strspn(m, "0123456789.e+-");
		double value = strtod(arena_memdupz(c->arena, m, vl), NULL);
		const char *p = m + vl;
		while (isspace((unsigned char)*p))
			p++;
		char prefix = (*p && *p != 'b' && *p != 'B') ? *p : 0;
		int shift;
		switch (prefix) {
		case 0: shift = 0; break;
		case 'k': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		case 'T': shift = 40; break;
		case 'E': shift = 50; break;
		default:
			buf_release(&s);
			return fn_error(c, "memcached_max_memory(): Unknown prefix %c", prefix);
		}
		int64_t bytes = (int64_t)(value * (double)((int64_t)1 << shift));
		mb = (int64_t)floor((double)(bytes / (1 << 20)) * (pct / 100.0));
	}
	buf_release(&s);
	*out = val_int(c->arena, mb);
	return 0;
}

/* getparam(Resource ref, 'param'): a parameter of a declared resource */
static int f_getparam(struct value **out, struct fn_call *c)
{
	*out = val_str(c->arena, "", 0);
	if (!c->ctx || c->args[1]->kind != VAL_STRING)
		return 0;
	const char *type, *title = compile_ref_title(c->ctx, c->args[0], &type);
	struct resource *r = title ? cat_find(c->ctx->cat, type, title) : NULL;
	struct value *v = r ? val_hash_get_str(r->params, c->args[1]->u.s.ptr) : NULL;
	if (v && v->kind != VAL_UNDEF)
		*out = v;
	return 0;
}

/* defined_with_params(ref, {params}): declared, with those parameters */
static int f_defined_with_params(struct value **out, struct fn_call *c)
{
	*out = val_bool(false);
	if (!c->ctx)
		return 0;
	const char *type, *title = compile_ref_title(c->ctx, c->args[0], &type);
	struct resource *r = title ? cat_find(c->ctx->cat, type, title) : NULL;
	if (!r || r->is_virtual)
		return 0;
	struct value *want = c->nargs > 1 ? c->args[1] : NULL;
	for (size_t i = 0; want && want->kind == VAL_HASH && i < want->u.h.n; i++) {
		struct value *have = val_hash_get(r->params, want->u.h.e[i].key);
		if (!have || !val_equal(have, want->u.h.e[i].val))
			return 0;
	}
	*out = val_bool(true);
	return 0;
}

static int module_dir(struct buf *out, struct fn_call *c, const char *mod)
{
	for (size_t i = 0; c->ctx && i < c->ctx->nmodpath; i++) {
		buf_reset(out);
		buf_addf(out, "%s/%s", c->ctx->modpath[i], mod);
		if (access(out->ptr, R_OK) == 0)
			return 0;
	}
	return -1;
}

static int f_get_module_path(struct value **out, struct fn_call *c)
{
	struct buf b = BUF_INIT;
	if (c->args[0]->kind != VAL_STRING || module_dir(&b, c, c->args[0]->u.s.ptr) < 0) {
		buf_release(&b);
		return fn_error(c, "could not find module '%s' in the modulepath",
				c->args[0]->kind == VAL_STRING ? c->args[0]->u.s.ptr : "?");
	}
	*out = val_str_buf(c->arena, &b);
	buf_release(&b);
	return 0;
}

static int f_load_module_metadata(struct value **out, struct fn_call *c)
{
	struct buf dir = BUF_INIT, src = BUF_INIT;
	*out = val_hash(c->arena, 0);
	int rc = 0;
	if (c->args[0]->kind == VAL_STRING && module_dir(&dir, c, c->args[0]->u.s.ptr) == 0) {
		buf_addstr(&dir, "/metadata.json");
		if (file_read(&src, dir.ptr) == 0) {
			json_error_t je;
			json_t *j = json_loadb(src.ptr, src.len, 0, &je);
			if (j) {
				*out = jv_from_json(c->arena, j);
				json_decref(j);
			} else {
				rc = fn_error(c, "%s:%d: invalid JSON: %s", dir.ptr, je.line, je.text);
			}
		}
	} else if (!(c->nargs > 1 && val_truthy(c->args[1]))) {
		rc = fn_error(c, "could not find module '%s' in the modulepath",
			      c->args[0]->kind == VAL_STRING ? c->args[0]->u.s.ptr : "?");
	}
	buf_release(&dir);
	buf_release(&src);
	return rc;
}

static int f_noop(struct value **out, struct fn_call *c UNUSED)
{
	*out = val_undef();
	return 0;
}

static int f_deprecation(struct value **out, struct fn_call *c)
{
	struct buf b = BUF_INIT;
	if (c->nargs > 1)
		val_to_s(&b, c->args[1]);
	fn_warn(c, "deprecation: %s", b.ptr);
	buf_release(&b);
	*out = val_undef();
	return 0;
}

static int f_is_function_available(struct value **out, struct fn_call *c)
{
	bool ok = c->args[0]->kind == VAL_STRING &&
		  (fn_lookup(c->args[0]->u.s.ptr) ||
		   (c->ctx && loader_find_function(c->ctx, c->args[0]->u.s.ptr)));
	*out = val_bool(ok);
	return 0;
}

/*
 * inifile::create_ini_settings(settings, defaults = {}): one ini_setting
 * per setting of each section, titled "PATH [SECTION] SETTING", declared
 * through create_resources with the defaults.
 */
static int f_create_ini_settings(struct value **out, struct fn_call *c)
{
	struct value *settings = c->args[0];
	struct value *defaults = c->nargs > 1 ? c->args[1] : val_hash(c->arena, 0);
	if (settings->kind != VAL_HASH)
		return fn_error(c, "'%s' parameter 'settings' expects a Hash value, got %s",
				c->name, val_type_name(settings));
	if (defaults->kind != VAL_HASH)
		return fn_error(c, "'%s' parameter 'defaults' expects a Hash value, got %s",
				c->name, val_type_name(defaults));
	if (!c->ctx)
		return fn_error(c, "'%s' can only be called during a compile", c->name);
	struct value *res = val_hash(c->arena, settings->u.h.n);
	struct buf sec = BUF_INIT, title = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < settings->u.h.n && !rc; i++) {
		struct value *section = settings->u.h.e[i].key;
		struct value *body = settings->u.h.e[i].val;
		buf_reset(&sec);
		val_to_s(&sec, section);
		if (body->kind != VAL_HASH) {
			rc = fn_error(c, "create_ini_settings(): Section %s must contain a Hash", sec.ptr);
			break;
		}
		/* defaults.merge(settings)['path'] */
		struct value *path = val_hash_get_str(settings, "path");
		if (!path)
			path = val_hash_get_str(defaults, "path");
		if (!path || path->kind == VAL_UNDEF) {
			rc = fn_error(c, "create_ini_settings(): must pass the path parameter to the Ini_setting resource!");
			break;
		}
		for (size_t k = 0; k < body->u.h.n; k++) {
			struct value *setting = body->u.h.e[k].key;
			struct value *value = body->u.h.e[k].val;
			buf_reset(&title);
			val_to_s(&title, path);
			buf_addf(&title, " [%s] ", sec.ptr);
			val_to_s(&title, setting);
			struct value *p = val_hash(c->arena, 4);
			val_hash_set_str(c->arena, p, "ensure", val_strz(c->arena, "present"));
			val_hash_set_str(c->arena, p, "section", section);
			val_hash_set_str(c->arena, p, "setting", setting);
			if (value->kind == VAL_HASH)
				for (size_t m = 0; m < value->u.h.n; m++)
					val_hash_set(c->arena, p, value->u.h.e[m].key, value->u.h.e[m].val);
			else
				val_hash_set_str(c->arena, p, "value", value);
			val_hash_set(c->arena, res, val_str_buf(c->arena, &title), p);
		}
	}
	buf_release(&sec);
	buf_release(&title);
	if (rc)
		return rc;
	struct value *args[] = { val_strz(c->arena, "ini_setting"), res, defaults };
	return eval_call_function(out, c->ctx, c->ctx->call_scope, "create_resources",
				  args, 3, NULL, c->loc);
}

/* the deprecated create_ini_settings: a warning, then the same */
static int f_create_ini_settings_old(struct value **out, struct fn_call *c)
{
	fn_warn(c, "This method is deprecated, please use inifile::create_ini_settings instead.");
	return f_create_ini_settings(out, c);
}

const struct fn_def fn_module_table[] = {
	{ "apache::bool2httpd", f_bool2httpd, 1, 1, 0 },
	{ "apache::pw_hash", f_apache_pw_hash, 1, 1, 0 },
	{ "apache_pw_hash", f_apache_pw_hash, 1, 1, 0 },
	{ "assert_private", f_noop, 0, 1, 0 },
	{ "bool2httpd", f_bool2httpd, 1, 1, 0 },
	{ "create_ini_settings", f_create_ini_settings_old, 1, 2, 0 },
	{ "defined_with_params", f_defined_with_params, 1, 2, 0 },
	{ "deprecation", f_deprecation, 2, 3, 0 },
	{ "get_module_path", f_get_module_path, 1, 1, 0 },
	{ "getparam", f_getparam, 2, 2, 0 },
	{ "inifile::create_ini_settings", f_create_ini_settings, 1, 2, 0 },
	{ "is_function_available", f_is_function_available, 1, 1, 0 },
	{ "load_module_metadata", f_load_module_metadata, 1, 2, 0 },
	{ "memcached::max_memory", f_memcached_max_memory, 1, 1, 0 },
	{ NULL, NULL, 0, 0, 0 },
};
