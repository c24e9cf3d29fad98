/* SPDX-License-Identifier: MIT */
/* mod.c: the execution modules' dispatch table, argument binding, sys.* and saltutil.* */
#include "util/compat.h"
#include <ctype.h>
#include <dirent.h>
#include <fnmatch.h>
#include <math.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "facts/facts.h"
#include "facts/json_value.h"
#include "lang/value.h"
#include "remote/mod.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"
#include "util/xalloc.h"

/*
 * One call, from mod_call():
 *
 *  1. The name is checked ("module.function", [a-z0-9_] on both sides),
 *     then looked up in the fixed tables of the mod_*.c files. A name that
 *     is not there goes to the custom modules, unless its module is a
 *     built-in one (custom modules never shadow nor extend built-ins).
 *  2. The arguments are bound to the function's parameters (positional in
 *     order, then keywords by name) and converted to the parameter types,
 *     so a function reads mod_get_str(r, "cwd", NULL) and never sees a
 *     wrong type. Every mismatch is a failure with Salt's "Passed invalid
 *     arguments" wording and the function's usage.
 *  3. The function runs and returns its retcode with *out set.
 */

const char *mod_tool_path(void)
{
	static char *path;
	static const char *const std_dirs[] = {
		"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
		"/usr/bin",	   "/sbin",	     "/bin",
	};
	if (path)
		return path;
	struct buf b = BUF_INIT;
	const char *env = getenv("PATH");
	buf_addf(&b, "PATH=%s", env ? env : "");
	for (size_t i = 0; i < ARRAY_SIZE(std_dirs); i++) {
		size_t n = strlen(std_dirs[i]);
		bool have = false;
		for (const char *p = env; p && *p;) {
			size_t len = strcspn(p, ":");
			if (len == n && !strncmp(p, std_dirs[i], n))
				have = true;
			p += len + (p[len] == ':');
		}
		if (!have)
			buf_addf(&b, "%s%s", b.len > 5 ? ":" : "", std_dirs[i]);
	}
	path = buf_detach(&b, NULL);
	return path;
}

static const struct mod_func *const tables[] = {
	mod_test_funcs,	 mod_cmd_funcs,	  mod_pkg_funcs, mod_service_funcs,
	mod_facts_funcs, mod_agent_funcs, mod_sys_funcs,
};

/* Modules whose names custom modules may not take. */
static const char *const builtin_modules[] = {
	"test", "cmd",	 "pkg", "service",  "facts",  "grains",
	"node", "agent", "sys", "saltutil", "puppet",
};

/* ---- names ---- */

static bool all_of(const char *s, const char *set)
{
	return *s && !s[strspn(s, set)];
}

#define LOWER_DIGITS_ "abcdefghijklmnopqrstuvwxyz0123456789_"

bool mod_name_valid(const char *s)
{
	return s && all_of(s, LOWER_DIGITS_);
}

bool mod_fun_valid(const char *fun)
{
	if (!fun)
		return false;
	const char *dot = strchr(fun, '.');
	if (!dot || dot == fun || !dot[1])
		return false;
	size_t n = (size_t)(dot - fun);
	return strspn(fun, LOWER_DIGITS_) == n && mod_name_valid(dot + 1);
}

bool mod_env_valid(const char *s)
{
	return mod_name_valid(s);
}

bool mod_jid_valid(const char *s)
{
	return s && all_of(s, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
}

bool mod_is_builtin_module(const char *module)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtin_modules); i++)
		if (!strcmp(builtin_modules[i], module))
			return true;
	return false;
}

/* ---- text ---- */

/* Length of the valid UTF-8 sequence at p (at most `left` bytes), 0 if none. */
static size_t utf8_len(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (left < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

json_t *mod_text(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	while (i < len) {
		size_t n = utf8_len(s + i, len - i);
		if (!n)
			break;
		i += n;
	}
	if (i == len)
		return json_stringn_nocheck(p, len);
	struct buf b = BUF_INIT;
	buf_add(&b, p, i);
	while (i < len) {
		size_t n = utf8_len(s + i, len - i);
		if (n) {
			buf_add(&b, p + i, n);
			i += n;
		} else {
			buf_addstr(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	json_t *j = json_stringn_nocheck(b.ptr, b.len);
	buf_release(&b);
	return j;
}

/* Shortest "%g" text that reads back as d. */
static void add_double(struct buf *b, double d)
{
	char tmp[64];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	buf_addstr(b, tmp);
}

/* ---- command-line words ---- */

json_t *mod_arg_value(const char *word)
{
	size_t len = strlen(word);
	json_t *as_is = mod_text(word, len);

	if (!word[strspn(word, " \t\r\n")])
		return as_is;
	if (strchr(word, '_') && all_of(word, "0123456789_"))
		return as_is;
	if (!strcmp(word, "None")) {
		json_decref(as_is);
		return json_null();
	}
	if (!strcmp(word, "|") || !strcmp(word, "!"))
		return as_is;

	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct value *v = NULL;
	json_t *ret = as_is;
	if (facts_yaml_load(&v, &a, word, len, &err) < 0 || !v)
		goto out;
	bool has_hash = strchr(word, '#') != NULL;
	switch (v->kind) {
	case VAL_HASH:
		if (word[0] != '{')
			goto out;
		break;
	case VAL_ARRAY:
		if (word[0] != '[')
			goto out;
		break;
	case VAL_STRING:
		/* a plain word stays itself; only a quoted one is unquoted */
		if (has_hash || (word[0] != '\'' && word[0] != '"'))
			goto out;
		break;
	case VAL_UNDEF:
		if (has_hash)
			goto out;
		break;
	case VAL_BOOL:
	case VAL_INT:
		break;
	case VAL_FLOAT:
		if (!isfinite(v->u.f))
			goto out;
		break;
	default:
		goto out;
	}
	ret = jv_to_json(v);
	json_decref(as_is);
out:
	buf_release(&err);
	arena_release(&a);
	return ret;
}

/* The length of KEY in "KEY=VALUE" when the word is a keyword argument. */
static size_t kwarg_key_len(const char *w)
{
	if (!(isalpha((unsigned char)w[0]) || w[0] == '_' ||
	      (unsigned char)w[0] >= 0x80))
		return 0;
	size_t i = 1;
	while (isalnum((unsigned char)w[i]) || w[i] == '_' || w[i] == '.' ||
	       w[i] == '-' || (unsigned char)w[i] >= 0x80)
		i++;
	if (w[i] != '=' || w[i + 1] == '=')
		return 0;
	return i;
}

void mod_args_from_argv(json_t **args_out, json_t **kwargs_out, int argc,
			const char *const *argv)
{
	json_t *args = json_array(), *kwargs = json_object();
	for (int i = 0; i < argc; i++) {
		size_t k = kwarg_key_len(argv[i]);
		if (!k) {
			json_array_append_new(args, mod_arg_value(argv[i]));
			continue;
		}
		char *key = xmemdupz(argv[i], k);
		json_t *key_ok = mod_text(key, k);
		json_object_set_new(kwargs, json_string_value(key_ok),
				    mod_arg_value(argv[i] + k + 1));
		json_decref(key_ok);
		free(key);
	}
	*args_out = args;
	*kwargs_out = kwargs;
}

/* ---- binding ---- */

int mod_fail(json_t **out, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	*out = mod_text(b.ptr, b.len);
	buf_release(&b);
	return 1;
}

static const char *type_name(json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "?";
}

static const char *const type_want[] = {
	[MOD_ANY] = "anything",	 [MOD_STR] = "a string",
	[MOD_NUM] = "a number",	 [MOD_BOOL] = "a boolean",
	[MOD_OBJ] = "an object", [MOD_STRS] = "a string or a list of strings",
};

/* "cmd.run CMD [cwd=...] ...": the usage line of f. */
static void usage(struct buf *b, const struct mod_func *f)
{
	buf_addstr(b, f->name);
	for (const struct mod_param *p = f->params; p->name; p++) {
		if (p->flags & MOD_KW) {
			buf_addf(b, " [%s=...]", p->name);
			continue;
		}
		buf_addstr(b, p->flags & MOD_REQ ? " " : " [");
		for (const char *s = p->name; *s; s++)
			buf_addch(b, toupper((unsigned char)*s));
		if (!(p->flags & MOD_REQ))
			buf_addch(b, ']');
	}
	if (f->flags & MOD_VARARGS)
		buf_addstr(b, " ...");
}

static int invalid(json_t **out, const struct mod_func *f, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static int invalid(json_t **out, const struct mod_func *f, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	buf_addf(&b, "Passed invalid arguments to '%s': ", f->name);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_addstr(&b, "; usage: ");
	usage(&b, f);
	*out = mod_text(b.ptr, b.len);
	buf_release(&b);
	return 1;
}

static bool word_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Text of a scalar (string, number, boolean) as a new JSON string; NULL
 * for other types. */
static json_t *scalar_text(json_t *j)
{
	struct buf b = BUF_INIT;
	json_t *s = NULL;
	switch (json_typeof(j)) {
	case JSON_STRING:
		return json_incref(j);
	case JSON_INTEGER:
		buf_addf(&b, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case JSON_REAL:
		add_double(&b, json_real_value(j));
		break;
	case JSON_TRUE:
		buf_addstr(&b, "true");
		break;
	case JSON_FALSE:
		buf_addstr(&b, "false");
		break;
	default:
		return NULL;
	}
	s = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return s;
}

/*
 * The value j converted to type t, a new reference in *conv; NULL in
 * *conv for a JSON null (as if not given). -1 when it does not convert.
 */
static int convert(json_t **conv, json_t *j, enum mod_type t)
{
	*conv = NULL;
	if (json_is_null(j) && t != MOD_ANY)
		return 0;
	switch (t) {
	case MOD_ANY:
		*conv = json_incref(j);
		return 0;
	case MOD_STR:
		*conv = scalar_text(j);
		return *conv ? 0 : -1;
	case MOD_NUM:
		if (json_is_number(j)) {
			*conv = json_incref(j);
			return 0;
		}
		if (json_is_string(j)) {
			const char *s = json_string_value(j);
			char *end;
			errno = 0;
			double d = strtod(s, &end);
			if (*s && !*end && !errno && isfinite(d)) {
				*conv = json_real(d);
				return 0;
			}
		}
		return -1;
	case MOD_BOOL: {
		bool b;
		if (json_is_boolean(j)) {
			*conv = json_incref(j);
			return 0;
		}
		if (json_is_integer(j) && (json_integer_value(j) == 0 ||
					   json_integer_value(j) == 1)) {
			*conv = json_boolean(json_integer_value(j));
			return 0;
		}
		if (json_is_string(j) && word_bool(json_string_value(j), &b)) {
			*conv = json_boolean(b);
			return 0;
		}
		return -1;
	}
	case MOD_OBJ:
		if (json_is_object(j)) {
			*conv = json_incref(j);
			return 0;
		}
		if (json_is_string(j)) {
			json_t *p = mod_arg_value(json_string_value(j));
			if (json_is_object(p)) {
				*conv = p;
				return 0;
			}
			json_decref(p);
		}
		return -1;
	case MOD_STRS: {
		json_t *list = json_array(), *src = j, *parsed = NULL;
		if (json_is_string(j) && json_string_value(j)[0] == '[') {
			parsed = mod_arg_value(json_string_value(j));
			if (json_is_array(parsed))
				src = parsed;
		}
		if (json_is_array(src)) {
			size_t i;
			json_t *e;
			json_array_foreach(src, i, e)
			{
				json_t *s = scalar_text(e);
				if (!s)
					goto bad;
				json_array_append_new(list, s);
			}
		} else {
			json_t *s = scalar_text(src);
			if (!s)
				goto bad;
			json_array_append_new(list, s);
		}
		json_decref(parsed);
		*conv = list;
		return 0;
	bad:
		json_decref(parsed);
		json_decref(list);
		return -1;
	}
	}
	return -1;
}

static int param_index(const struct mod_func *f, const char *name)
{
	for (int i = 0; i < MOD_MAX_PARAMS && f->params[i].name; i++)
		if (!strcmp(f->params[i].name, name))
			return i;
	return -1;
}

/* Binds args and kwargs to f's params in r; 1 with *out set on failure. */
static int bind(json_t **out, struct mod_req *r)
{
	const struct mod_func *f = r->f;
	int pos[MOD_MAX_PARAMS], npos = 0, nparams = 0;
	while (nparams < MOD_MAX_PARAMS && f->params[nparams].name) {
		if (!(f->params[nparams].flags & MOD_KW))
			pos[npos++] = nparams;
		nparams++;
	}

	size_t i;
	json_t *a;
	json_array_foreach(r->args, i, a)
	{
		if ((int)i < npos) {
			r->v[pos[i]] = a;
		} else if (f->flags & MOD_VARARGS) {
			json_array_append(r->rest, a);
		} else {
			size_t n = json_array_size(r->args);
			return invalid(
				out, f,
				"it takes %d positional argument%s but %zu %s given",
				npos, npos == 1 ? "" : "s", n,
				n == 1 ? "was" : "were");
		}
	}
	const char *key;
	json_t *kv;
	json_object_foreach(r->kwargs, key, kv)
	{
		int k = param_index(f, key);
		if (k < 0) {
			/* Salt's publication data (__pub_jid, ...) */
			if (!strncmp(key, "__", 2) || (f->flags & MOD_ANYKW))
				continue;
			return invalid(out, f,
				       "unexpected keyword argument '%s'", key);
		}
		if (r->v[k])
			return invalid(out, f,
				       "got multiple values for argument '%s'",
				       key);
		r->v[k] = kv;
	}
	for (int k = 0; k < nparams; k++) {
		const struct mod_param *p = &f->params[k];
		if (r->v[k]) {
			json_t *conv;
			if (convert(&conv, r->v[k], p->type) < 0) {
				struct buf shown = BUF_INIT;
				if (json_is_string(r->v[k]))
					buf_addf(&shown, " ('%s')",
						 json_string_value(r->v[k]));
				int rc = invalid(
					out, f,
					"argument '%s' must be %s, not %s%s",
					p->name, type_want[p->type],
					type_name(r->v[k]), shown.ptr);
				buf_release(&shown);
				return rc;
			}
			r->v[k] = conv;
			if (conv)
				json_array_append_new(r->keep, conv);
		}
		if (!r->v[k] && (p->flags & MOD_REQ))
			return invalid(out, f,
				       "missing the required argument '%s'",
				       p->name);
	}
	return 0;
}

json_t *mod_get(struct mod_req *r, const char *name)
{
	int k = param_index(r->f, name);
	if (k < 0)
		BUG("'%s' has no parameter '%s'", r->f->name, name);
	return r->v[k];
}

const char *mod_get_str(struct mod_req *r, const char *name, const char *def)
{
	json_t *j = mod_get(r, name);
	return j && json_is_string(j) ? json_string_value(j) : def;
}

double mod_get_num(struct mod_req *r, const char *name, double def)
{
	json_t *j = mod_get(r, name);
	return j && json_is_number(j) ? json_number_value(j) : def;
}

bool mod_get_bool(struct mod_req *r, const char *name, bool def)
{
	json_t *j = mod_get(r, name);
	return j && json_is_boolean(j) ? json_is_true(j) : def;
}

static const struct mod_func *find_func(const char *fun)
{
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
		for (const struct mod_func *f = tables[t]; f->name; f++)
			if (!strcmp(f->name, fun))
				return f;
	return NULL;
}

int mod_call(json_t **out, const struct mod_ctx *c, const char *fun,
	     json_t *args, json_t *kwargs)
{
	*out = NULL;
	if (!mod_fun_valid(fun))
		return mod_fail(
			out,
			"'%s' is not a function name (module.function, each [a-z0-9_])",
			fun ? fun : "");
	if (args && !json_is_array(args))
		return mod_fail(out, "arguments of '%s' must be a list", fun);
	if (kwargs && !json_is_object(kwargs))
		return mod_fail(out,
				"keyword arguments of '%s' must be an object",
				fun);

	const struct mod_func *f = find_func(fun);
	if (!f) {
		char *module = xmemdupz(fun, strcspn(fun, "."));
		int rc;
		if (mod_is_builtin_module(module))
			rc = mod_fail(out, "'%s' is not available.", fun);
		else
			rc = mod_custom_call(out, c, fun, args, kwargs);
		free(module);
		if (!*out)
			*out = json_null();
		return rc < 0 ? 1 : rc;
	}

	struct mod_req r = {
		.c = c,
		.f = f,
		.fun = f->name,
		.rest = json_array(),
		.args = args ? json_incref(args) : json_array(),
		.kwargs = kwargs ? json_incref(kwargs) : json_object(),
		.keep = json_array(),
	};
	int rc = bind(out, &r);
	if (!rc) {
		err_clear();
		rc = f->fn(out, &r);
	}
	json_decref(r.rest);
	json_decref(r.args);
	json_decref(r.kwargs);
	json_decref(r.keep);
	if (!*out)
		*out = json_null();
	return rc < 0 ? 1 : rc;
}

/* ---- running commands ---- */

/*
 * cmd.run_all's "pid" is the command's own process id, which proc_run()
 * does not report: the command runs under a one-line /bin/sh that writes
 * its pid ($$) as the first line of stderr and then execs the command
 * (same process, same pid). The user's words stay separate argv elements;
 * the wrapper's text is constant.
 */
static const char pid_wrapper[] = "echo $$ >&2; exec \"$0\" \"$@\"";
#define PID_SLACK 32 /* room for the pid line beyond the cap */

int mod_run(struct mod_result *res, const struct mod_ctx *c,
	    const char *const *argv, const struct proc_opts *o)
{
	struct proc_opts po = {0};
	if (o)
		po = *o;
	size_t cap = po.max_output   ? po.max_output
		     : c->max_output ? c->max_output
				     : MOD_DEFAULT_MAX_OUTPUT;
	po.max_output = cap + 1 + PID_SLACK;
	if (c->timeout > 0 && (po.timeout <= 0 || c->timeout < po.timeout))
		po.timeout = c->timeout;

	struct buf err_local = BUF_INIT;
	struct buf *err = res->err;
	const char **wrapped = NULL;
	res->pid = 0;
	if (res->want_pid) {
		size_t n = 0;
		while (argv[n])
			n++;
		wrapped = xcalloc(n + 4, sizeof(*wrapped));
		wrapped[0] = "/bin/sh";
		wrapped[1] = "-c";
		wrapped[2] = pid_wrapper;
		for (size_t i = 0; i < n; i++)
			wrapped[3 + i] = argv[i];
		argv = wrapped;
		if (!err)
			err = &err_local;
	}
	size_t err0 = err ? err->len : 0;
	size_t out0 = res->out ? res->out->len : 0;
	/* a command that exits without reading its stdin must not kill us
	 * with SIGPIPE while proc_run() writes it */
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_pipe;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	int rc = proc_run(res->out, err, argv, &po);
	sigaction(SIGPIPE, &old_pipe, NULL);
	free(wrapped);
	/* the pid line is the first of stderr, or of stdout when merged */
	struct buf *pb = po.merge_stderr ? res->out : err;
	size_t p0 = po.merge_stderr ? out0 : err0;
	if (res->want_pid && pb && pb->len > p0) {
		char *nl = memchr(pb->ptr + p0, '\n', pb->len - p0);
		if (nl) {
			res->pid = strtol(pb->ptr + p0, NULL, 10);
			size_t skip = (size_t)(nl + 1 - (pb->ptr + p0));
			memmove(pb->ptr + p0, nl + 1, pb->len - p0 - skip);
			buf_setlen(pb, pb->len - skip);
		}
	}
	res->out_truncated = res->err_truncated = false;
	if (res->out && res->out->len - out0 > cap) {
		buf_setlen(res->out, out0 + cap);
		res->out_truncated = true;
	}
	if (err && err->len - err0 > cap) {
		buf_setlen(err, err0 + cap);
		res->err_truncated = true;
	}
	buf_release(&err_local);
	res->timed_out = rc == ERR_TIMEOUT;
	res->status = rc >= 0 ? rc : -1;
	return rc;
}

/* ---- sys.* ---- */

static int cmp_json_str(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
		      json_string_value(*(json_t *const *)b));
}

/* Sorts an array of strings and drops duplicates, in place. */
static void sort_uniq(json_t *list)
{
	size_t n = json_array_size(list);
	json_t **v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(list, i));
	qsort(v, n, sizeof(*v), cmp_json_str);
	json_array_clear(list);
	json_t *last = NULL;
	for (size_t i = 0; i < n; i++) {
		if (last &&
		    !strcmp(json_string_value(v[i]), json_string_value(last))) {
			json_decref(v[i]);
			continue;
		}
		json_array_append_new(list, v[i]);
		last = v[i];
	}
	free(v);
}

json_t *mod_list_functions(const struct mod_ctx *c)
{
	json_t *list = json_array();
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
		for (const struct mod_func *f = tables[t]; f->name; f++)
			json_array_append_new(list, json_string(f->name));
	mod_custom_list(list, c);
	sort_uniq(list);
	return list;
}

/*
 * Whether function `name` is selected by a sys.* pattern, as Salt selects:
 * a pattern with '*' or '.' is a glob over function names; a bare word is
 * a module name ("sys" does not select "sysctl.*").
 */
static bool selected(const char *name, const char *pat)
{
	if (strchr(pat, '*') || strchr(pat, '.') || strchr(pat, '?') ||
	    strchr(pat, '['))
		return !fnmatch(pat, name, 0);
	size_t n = strlen(pat);
	return !strncmp(name, pat, n) && name[n] == '.';
}

/* The functions selected by the patterns in r->rest (all when none). */
static json_t *select_functions(struct mod_req *r)
{
	json_t *all = mod_list_functions(r->c), *sel = json_array();
	size_t i, k;
	json_t *f, *p;
	json_array_foreach(all, i, f)
	{
		bool take = json_array_size(r->rest) == 0;
		json_array_foreach(r->rest, k, p)
		{
			json_t *t = scalar_text(p);
			if (t && selected(json_string_value(f),
					  json_string_value(t)))
				take = true;
			json_decref(t);
		}
		if (take)
			json_array_append(sel, f);
	}
	json_decref(all);
	return sel;
}

static int sys_list_functions(json_t **out, struct mod_req *r)
{
	*out = select_functions(r);
	return 0;
}

static int sys_list_modules(json_t **out, struct mod_req *r)
{
	json_t *all = mod_list_functions(r->c), *mods = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(all, i, f)
	{
		const char *s = json_string_value(f);
		json_array_append_new(mods, json_stringn(s, strcspn(s, ".")));
	}
	json_decref(all);
	sort_uniq(mods);
	*out = mods;
	return 0;
}

static int sys_doc(json_t **out, struct mod_req *r)
{
	json_t *sel = select_functions(r), *doc = json_object();
	size_t i;
	json_t *f;
	json_array_foreach(sel, i, f)
	{
		const struct mod_func *mf = find_func(json_string_value(f));
		struct buf b = BUF_INIT;
		if (mf) {
			buf_addf(&b, "%s\n\nUsage: ", mf->doc);
			usage(&b, mf);
		} else {
			buf_addstr(&b, "A custom module function.");
		}
		json_object_set_new(doc, json_string_value(f),
				    json_stringn(b.ptr, b.len));
		buf_release(&b);
	}
	json_decref(sel);
	*out = doc;
	return 0;
}

/* ---- saltutil.*: the jobs of <cachedir>/proc ---- */

static bool pid_alive(long pid)
{
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* The job file's object when it describes a live job, else NULL. */
static json_t *load_job(const char *path)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, 0, &jerr);
	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	json_t *pid = json_object_get(j, "pid");
	if (!json_is_integer(pid) ||
	    !pid_alive((long)json_integer_value(pid))) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static int cmp_jid(const void *a, const void *b)
{
	json_t *ja = json_object_get(*(json_t *const *)a, "jid");
	json_t *jb = json_object_get(*(json_t *const *)b, "jid");
	const char *sa = json_is_string(ja) ? json_string_value(ja) : "";
	const char *sb = json_is_string(jb) ? json_string_value(jb) : "";
	return strcmp(sa, sb);
}

static json_t *running_jobs(const struct mod_ctx *c)
{
	json_t *list = json_array();
	if (!c->cachedir)
		return list;
	struct buf dir = BUF_INIT, path = BUF_INIT;
	buf_addf(&dir, "%s/proc", c->cachedir);
	DIR *d = opendir(dir.ptr);
	json_t **v = NULL;
	size_t n = 0, alloc = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		char *jid = xmemdupz(e->d_name, len - 5);
		if (mod_jid_valid(jid)) {
			buf_reset(&path);
			buf_addf(&path, "%s/%s", dir.ptr, e->d_name);
			json_t *j = load_job(path.ptr);
			if (j) {
				if (!json_object_get(j, "jid"))
					json_object_set_new(j, "jid",
							    json_string(jid));
				ALLOC_GROW(v, n + 1, alloc);
				v[n++] = j;
			}
		}
		free(jid);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_jid);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, v[i]);
	free(v);
	buf_release(&dir);
	buf_release(&path);
	return list;
}

static int saltutil_running(json_t **out, struct mod_req *r)
{
	*out = running_jobs(r->c);
	return 0;
}

static int saltutil_is_running(json_t **out, struct mod_req *r)
{
	const char *pat = mod_get_str(r, "fun", "");
	json_t *all = running_jobs(r->c), *sel = json_array();
	size_t i;
	json_t *j;
	json_array_foreach(all, i, j)
	{
		json_t *fun = json_object_get(j, "fun");
		if (json_is_string(fun) &&
		    !fnmatch(pat, json_string_value(fun), 0))
			json_array_append(sel, j);
	}
	json_decref(all);
	*out = sel;
	return 0;
}

/* The live job `jid` of r's context: 0 with *job set, else 1 with *out. */
static int find_job(json_t **job, json_t **out, struct mod_req *r)
{
	const char *jid = mod_get_str(r, "jid", "");
	*job = NULL;
	if (!mod_jid_valid(jid))
		return mod_fail(out, "'%s' is not a job id", jid);
	if (!r->c->cachedir)
		return mod_fail(out, "job '%s' is not running", jid);
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/proc/%s.json", r->c->cachedir, jid);
	*job = load_job(path.ptr);
	buf_release(&path);
	if (!*job)
		return mod_fail(out, "job '%s' is not running", jid);
	return 0;
}

static int saltutil_find_job(json_t **out, struct mod_req *r)
{
	json_t *job;
	if (find_job(&job, out, r)) {
		/* Salt answers {} for a job that is not running */
		json_decref(*out);
		*out = json_object();
		return 0;
	}
	*out = job;
	return 0;
}

/* The target of /proc/PID/exe without " (deleted)"; NULL when unreadable. */
static char *proc_exe(long pid)
{
	struct buf link = BUF_INIT;
	buf_addf(&link, "/proc/%ld/exe", pid);
	size_t size = 256;
	char *target = NULL;
	for (;;) {
		target = xrealloc(target, size);
		ssize_t n = readlink(link.ptr, target, size);
		if (n < 0) {
			free(target);
			target = NULL;
			break;
		}
		if ((size_t)n < size) {
			target[n] = '\0';
			size_t len = (size_t)n;
			static const char del[] = " (deleted)";
			if (len > sizeof(del) - 1 &&
			    !strcmp(target + len - (sizeof(del) - 1), del))
				target[len - (sizeof(del) - 1)] = '\0';
			break;
		}
		size *= 2;
	}
	buf_release(&link);
	return target;
}

/* Parent pid and process group of /proc/PID/stat; -1 when unreadable. */
static int proc_stat(long pid, long *ppid, long *pgrp)
{
	struct buf path = BUF_INIT, st = BUF_INIT;
	buf_addf(&path, "/proc/%ld/stat", pid);
	int rc = file_read(&st, path.ptr);
	buf_release(&path);
	/* "pid (comm) state ppid pgrp ...": comm may hold spaces and ')' */
	char *p = rc < 0 ? NULL : strrchr(st.ptr, ')');
	if (!p || sscanf(p + 1, " %*c %ld %ld", ppid, pgrp) != 2)
		rc = -1;
	buf_release(&st);
	return rc < 0 ? -1 : 0;
}

/*
 * Sends `sig` to the job's process group and to every descendant of `pid`
 * (commands the job started run in process groups of their own). The
 * descendants are collected before anything is signalled, so that none is
 * lost to re-parenting.
 */
static void signal_tree(long pid, int sig)
{
	long *tree = xmalloc(sizeof(*tree)), *groups = NULL;
	size_t n = 1, alloc = 1, ng = 0, galloc = 0;
	tree[0] = pid;
	struct {
		long pid, ppid, pgrp;
	} *all = NULL;
	size_t nall = 0, aall = 0;
	DIR *d = opendir("/proc");
	for (struct dirent *e; d && (e = readdir(d));) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		long p = strtol(e->d_name, NULL, 10), pp, pg;
		if (proc_stat(p, &pp, &pg) < 0)
			continue;
		ALLOC_GROW(all, nall + 1, aall);
		all[nall].pid = p;
		all[nall].ppid = pp;
		all[nall++].pgrp = pg;
	}
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < nall; k++) {
			if (all[k].ppid != tree[i])
				continue;
			ALLOC_GROW(tree, n + 1, alloc);
			tree[n++] = all[k].pid;
			if (all[k].pgrp == all[k].pid) {
				ALLOC_GROW(groups, ng + 1, galloc);
				groups[ng++] = all[k].pgrp;
			}
		}
	}
	kill((pid_t)-pid, sig);
	for (size_t i = 0; i < ng; i++)
		if (groups[i] > 1 && groups[i] != getpgrp())
			kill((pid_t)-groups[i], sig);
	for (size_t i = 0; i < n; i++)
		if (tree[i] != getpid())
			kill((pid_t)tree[i], sig);
	free(all);
	free(tree);
	free(groups);
}

static int signal_job(json_t **out, struct mod_req *r, int sig)
{
	json_t *job;
	if (find_job(&job, out, r))
		return 1;
	long pid = (long)json_integer_value(json_object_get(job, "pid"));
	const char *jid = mod_get_str(r, "jid", "");
	json_decref(job);
	if (pid <= 1 || pid == getpid())
		return mod_fail(out, "job '%s' has pid %ld, not signalled", jid,
				pid);
	/* a stale file whose pid was reused must not kill a stranger */
	char *theirs = proc_exe(pid), *ours = proc_exe(getpid());
	bool same = theirs && ours && !strcmp(theirs, ours);
	free(theirs);
	free(ours);
	if (!same)
		return mod_fail(
			out,
			"job '%s': process %ld is not a tend job, not signalled",
			jid, pid);
	signal_tree(pid, sig);
	struct buf b = BUF_INIT;
	buf_addf(&b, "Signal %d sent to job %s at pid %ld", sig, jid, pid);
	*out = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return 0;
}

static int saltutil_kill_job(json_t **out, struct mod_req *r)
{
	return signal_job(out, r, SIGKILL);
}

static int saltutil_term_job(json_t **out, struct mod_req *r)
{
	return signal_job(out, r, SIGTERM);
}

static int saltutil_signal_job(json_t **out, struct mod_req *r)
{
	double sig = mod_get_num(r, "signal", 0);
	if (sig < 1 || sig > 64 || sig != (int)sig)
		return mod_fail(out, "'%g' is not a signal number", sig);
	return signal_job(out, r, (int)sig);
}

/* clang-format off */
#define JID { "jid", MOD_STR, MOD_REQ }
/* clang-format on */

/* clang-format off */
const struct mod_func mod_sys_funcs[] = {
	{ "sys.list_functions", sys_list_functions,
	  "The functions of this minion, optionally only those of the given modules or globs.",
	  MOD_VARARGS, { { 0 } } },
	{ "sys.list_modules", sys_list_modules,
	  "The modules of this minion.", 0, { { 0 } } },
	{ "sys.doc", sys_doc,
	  "One line about each function, optionally only the given modules or globs.",
	  MOD_VARARGS, { { 0 } } },
	{ "saltutil.running", saltutil_running,
	  "The running jobs of this minion: {jid, fun, args, pid, started} each.",
	  0, { { 0 } } },
	{ "saltutil.is_running", saltutil_is_running,
	  "The running jobs whose function matches the glob FUN.", 0,
	  { { "fun", MOD_STR, MOD_REQ } } },
	{ "saltutil.find_job", saltutil_find_job,
	  "The running job JID, {} when it is not running.", 0, { JID } },
	{ "saltutil.kill_job", saltutil_kill_job,
	  "Sends SIGKILL to the running job JID and the commands it started.",
	  0, { JID } },
	{ "saltutil.term_job", saltutil_term_job,
	  "Sends SIGTERM to the running job JID and the commands it started.",
	  0, { JID } },
	{ "saltutil.signal_job", saltutil_signal_job,
	  "Sends SIGNAL (a number) to the running job JID and the commands it started.",
	  0, { JID, { "signal", MOD_NUM, MOD_REQ } } },
	{ 0 },
};
/* clang-format on */
