/* SPDX-License-Identifier: MIT */
/* mod_custom.c: custom execution modules, executables under <cachedir>/modules */
#include "util/compat.h"
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"
#include "util/proc.h"
#include "util/xalloc.h"

/*
 * A custom module is an executable synced from the master into
 * <cachedir>/modules, in one of two forms:
 *
 *   modules/NAME/FUNCTION   one executable per function, run without
 *                           arguments (`wmftest.puppet_env` runs
 *                           modules/wmftest/puppet_env);
 *   modules/NAME            one executable for the whole module, run with
 *                           the function name as its one argument; asked
 *                           with `NAME --list-functions` for its functions
 *                           (a JSON list of names, or names separated by
 *                           blanks) by sys.list_functions.
 *
 * The call's {"fun", "args", "kwargs"} arrive as one JSON object on stdin;
 * the environment adds TEND_MINION_ID, TEND_CONFDIR, TEND_CACHEDIR,
 * TEND_AGENT_DIR and TEND_BIN (those the minion has). Standard output is
 * the return: JSON when it parses as JSON (any value), else the text
 * itself (trailing whitespace dropped), null when empty. An exit status
 * other than 0 fails the job with that retcode; the return is then the
 * JSON the module printed, or else a message with its stderr.
 *
 * Safety: module and function names are [a-z0-9_]+ (no '/', no '..'), the
 * executable's real path (symbolic links resolved) must lie inside the
 * real modules directory, and a module never takes a built-in module's
 * name.
 */

#define LIST_TIMEOUT 10.0

/* The real path of `path` when it lies inside `base` (a real path); else
 * NULL. A new string. */
static char *confined(const char *base, const char *path)
{
	char *real = realpath(path, NULL);
	size_t n = strlen(base);
	if (real && !strncmp(real, base, n) && real[n] == '/')
		return real;
	free(real);
	return NULL;
}

static bool is_exec_file(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISREG(st.st_mode) && !access(p, X_OK);
}

/* The real modules directory (a new string), NULL when there is none. */
static char *modules_dir(const struct mod_ctx *c)
{
	if (!c->cachedir)
		return NULL;
	struct buf dir = BUF_INIT;
	buf_addf(&dir, "%s/modules", c->cachedir);
	char *real = realpath(dir.ptr, NULL);
	buf_release(&dir);
	return real;
}

/* The TEND_* entries for a module's environment, in `strs` (owned). */
static const char **module_env(json_t *strs, const struct mod_ctx *c)
{
	const struct {
		const char *name, *val;
	} vars[] = {
		{"TEND_MINION_ID", c->minion_id},
		{"TEND_CONFDIR", c->confdir},
		{"TEND_CACHEDIR", c->cachedir},
		{"TEND_AGENT_DIR", c->agent_dir},
		{"TEND_BIN", c->tend_bin},
	};
	for (size_t i = 0; i < ARRAY_SIZE(vars); i++)
		if (vars[i].val)
			json_array_append_new(strs, json_sprintf("%s=%s",
								 vars[i].name,
								 vars[i].val));
	size_t n = json_array_size(strs);
	const char **env = xcalloc(n + 1, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		env[i] = json_string_value(json_array_get(strs, i));
	return env;
}

static void rtrim(struct buf *b)
{
	size_t n = b->len;
	while (n && isspace((unsigned char)b->ptr[n - 1]))
		n--;
	buf_setlen(b, n);
}

/* stdout as a return: JSON, else text, else null. */
static json_t *parse_return(struct buf *o)
{
	rtrim(o);
	if (!o->len)
		return json_null();
	json_error_t jerr;
	json_t *j = json_loadb(o->ptr, o->len, JSON_DECODE_ANY, &jerr);
	return j ? j : mod_text(o->ptr, o->len);
}

int mod_custom_call(json_t **out, const struct mod_ctx *c, const char *fun,
		    json_t *args, json_t *kwargs)
{
	size_t dot = strcspn(fun, ".");
	char *module = xmemdupz(fun, dot);
	const char *func = fun + dot + 1;
	char *base = modules_dir(c), *exe = NULL;
	struct buf path = BUF_INIT, o = BUF_INIT, e = BUF_INIT;
	json_t *env_strs = json_array();
	const char **env = NULL;
	char *input = NULL;
	const char *argv[3] = {NULL, NULL, NULL};
	int rc = 1;

	*out = NULL;
	if (!base || !mod_fun_valid(fun) || mod_is_builtin_module(module)) {
		mod_fail(out, "'%s' is not available.", fun);
		goto out;
	}
	buf_addf(&path, "%s/%s/%s", base, module, func);
	struct stat st;
	if (!lstat(path.ptr, &st)) {
		argv[0] = exe = confined(base, path.ptr);
	} else {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", base, module);
		if (stat(path.ptr, &st) < 0 || S_ISDIR(st.st_mode)) {
			mod_fail(out, "'%s' is not available.", fun);
			goto out;
		}
		argv[0] = exe = confined(base, path.ptr);
		argv[1] = func;
	}
	if (!exe) {
		mod_fail(
			out,
			"custom module '%s': '%s' leads outside the modules directory",
			module, path.ptr);
		goto out;
	}
	if (!is_exec_file(exe)) {
		mod_fail(out,
			 "custom module '%s': '%s' is not an executable file",
			 module, path.ptr);
		goto out;
	}

	json_t *in = json_pack("{sssOsO}", "fun", fun, "args",
			       args ? args : json_array(), "kwargs",
			       kwargs ? kwargs : json_object());
	/* json_pack's O takes a reference: the fresh [] and {} are kept by it */
	if (!args)
		json_decref(json_object_get(in, "args"));
	if (!kwargs)
		json_decref(json_object_get(in, "kwargs"));
	input = json_dumps(in, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(in);
	env = module_env(env_strs, c);
	struct proc_opts po = {
		.env = env,
		.input = input,
		.input_len = input ? strlen(input) : 0,
	};
	struct mod_result res = {.out = &o, .err = &e};
	int st_rc = mod_run(&res, c, argv, &po);
	if (st_rc == ERR_TIMEOUT) {
		double t = c->timeout;
		mod_fail(out, "'%s' timed out after %g seconds", fun, t);
		rc = 124;
		goto out;
	}
	if (st_rc < 0) {
		mod_fail(out, "'%s': %s", fun, err_last());
		goto out;
	}
	if (res.out_truncated) {
		rtrim(&o);
		buf_addf(&o, "\n[output truncated at %zu bytes]", o.len);
		*out = mod_text(o.ptr, o.len);
	} else if (st_rc == 0 || o.len) {
		*out = parse_return(&o);
	}
	if (st_rc != 0 &&
	    (!*out || json_is_null(*out) || json_is_string(*out))) {
		json_decref(*out);
		rtrim(&e);
		struct buf msg = BUF_INIT;
		buf_addf(&msg, "'%s' failed with exit status %d", fun, st_rc);
		if (e.len)
			buf_addf(&msg, ": %s", e.ptr);
		else if (o.len)
			buf_addf(&msg, ": %s", o.ptr);
		*out = mod_text(msg.ptr, msg.len);
		buf_release(&msg);
	}
	rc = st_rc;
out:
	free(module);
	free(base);
	free(exe);
	free(input);
	free(env);
	json_decref(env_strs);
	buf_release(&path);
	buf_release(&o);
	buf_release(&e);
	return rc;
}

/* The functions a one-file module names with --list-functions. */
static void list_one_file(json_t *list, const struct mod_ctx *c,
			  const char *module, const char *exe)
{
	struct buf o = BUF_INIT, e = BUF_INIT;
	json_t *env_strs = json_array();
	const char **env = module_env(env_strs, c);
	const char *argv[] = {exe, "--list-functions", NULL};
	struct proc_opts po = {.env = env, .timeout = LIST_TIMEOUT};
	struct mod_result res = {.out = &o, .err = &e};
	int rc = mod_run(&res, c, argv, &po);
	if (rc != 0) {
		rtrim(&e);
		log_warning("custom module '%s': '%s --list-functions' %s%s%s",
			    module, exe,
			    rc == ERR_TIMEOUT ? "timed out"
			    : rc < 0	      ? err_last()
					      : "failed",
			    e.len ? ": " : "", e.ptr);
		goto out;
	}
	json_error_t jerr;
	json_t *names = json_loadb(o.ptr, o.len, 0, &jerr);
	if (!names) {
		names = json_array();
		for (const char *p = o.ptr; *p;) {
			p += strspn(p, " \t\r\n,");
			size_t n = strcspn(p, " \t\r\n,");
			if (n)
				json_array_append_new(
					names, json_stringn_nocheck(p, n));
			p += n;
		}
	}
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n)
	{
		const char *f = json_string_value(n);
		if (f && mod_name_valid(f))
			json_array_append_new(list,
					      json_sprintf("%s.%s", module, f));
		else
			log_warning(
				"custom module '%s': '%s' is not a function name",
				module, f ? f : "(not a string)");
	}
	json_decref(names);
out:
	free(env);
	json_decref(env_strs);
	buf_release(&o);
	buf_release(&e);
}

/* The executables of a module directory. */
static void list_dir(json_t *list, const char *base, const char *module,
		     const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		log_warning("custom module '%s': cannot read '%s': %s", module,
			    dir, strerror(errno));
		return;
	}
	struct buf path = BUF_INIT;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, e->d_name);
		char *real = confined(base, path.ptr);
		if (!mod_name_valid(e->d_name))
			log_warning(
				"custom module '%s': '%s' is not a function name",
				module, e->d_name);
		else if (!real)
			log_warning(
				"custom module '%s': '%s' leads outside the modules directory",
				module, path.ptr);
		else if (!is_exec_file(real))
			log_warning(
				"custom module '%s': '%s' is not an executable file",
				module, path.ptr);
		else
			json_array_append_new(
				list, json_sprintf("%s.%s", module, e->d_name));
		free(real);
	}
	closedir(d);
	buf_release(&path);
}

void mod_custom_list(json_t *list, const struct mod_ctx *c)
{
	char *base = modules_dir(c);
	if (!base)
		return;
	DIR *d = opendir(base);
	struct buf path = BUF_INIT;
	for (struct dirent *e; d && (e = readdir(d));) {
		const char *name = e->d_name;
		if (name[0] == '.')
			continue;
		if (!mod_name_valid(name)) {
			log_warning(
				"custom module '%s' ignored: not a module name ([a-z0-9_]+)",
				name);
			continue;
		}
		if (mod_is_builtin_module(name)) {
			log_warning(
				"custom module '%s' ignored: a built-in module has that name",
				name);
			continue;
		}
		buf_reset(&path);
		buf_addf(&path, "%s/%s", base, name);
		struct stat st;
		char *real = confined(base, path.ptr);
		if (!real || stat(real, &st) < 0)
			log_warning(
				"custom module '%s' ignored: '%s' leads outside the modules directory",
				name, path.ptr);
		else if (S_ISDIR(st.st_mode))
			list_dir(list, base, name, real);
		else if (is_exec_file(real))
			list_one_file(list, c, name, real);
		else
			log_warning(
				"custom module '%s' ignored: '%s' is not an executable file",
				name, path.ptr);
		free(real);
	}
	if (d)
		closedir(d);
	buf_release(&path);
	free(base);
}
