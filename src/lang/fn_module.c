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
	{ "bool2httpd", f_bool2httpd, 1, 1, 0 },
	{ "create_ini_settings", f_create_ini_settings_old, 1, 2, 0 },
	{ "deprecation", f_deprecation, 2, 3, 0 },
	{ "inifile::create_ini_settings", f_create_ini_settings, 1, 2, 0 },
	{ "is_function_available", f_is_function_available, 1, 1, 0 },
	{ "memcached::max_memory", f_memcached_max_memory, 1, 1, 0 },
	{ NULL, NULL, 0, 0, 0 },
};
