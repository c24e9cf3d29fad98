/* SPDX-License-Identifier: MIT */
/* mod_cmd.c: the cmd.* execution module (run, run_all, retcode, run_stdout, run_stderr) */
#include "util/compat.h"
#include <ctype.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/xalloc.h"

/*
 * The command is a shell command, as Salt runs it from the command line
 * (python_shell=True): `SHELL -c CMD`, the command one argument to the
 * shell (default /bin/sh), never pasted into another command line. With
 * python_shell=false the command is split into words by shell quoting
 * rules (no expansions) and run without a shell.
 *
 * Keyword arguments, with Salt's names: cwd (default: the home directory
 * of the user the command runs as), env ({NAME: value}, added to the
 * environment, or all of it with clean_env=true), runas (a user; root
 * only), stdin (text), shell, timeout (seconds; the job's own limit
 * applies too), rstrip (default true: trailing whitespace dropped),
 * ignore_retcode (a failing command does not fail the job),
 * redirect_stderr (cmd.run_all: stderr into stdout; cmd.run always
 * merges). output_loglevel, hide_output and reset_system_locale are
 * accepted and have no effect.
 *
 * A command that runs longer than its timeout is killed with its process
 * group: the return then holds the output so far, a last line "timed out
 * after N seconds", and retcode 124 (cmd.run_all also says
 * "timed_out": true). Output beyond the context's cap is cut:
 * cmd.run_all flags it with "stdout_truncated"/"stderr_truncated": true,
 * the string returns end with a line "[output truncated at N bytes]".
 */

#define RETCODE_TIMEOUT 124

/* clang-format off */
#define CMD_PARAMS \
	{ "cmd", MOD_STR, MOD_REQ }, { "cwd", MOD_STR, 0 }, \
	{ "stdin", MOD_STR, 0 }, { "runas", MOD_STR, 0 }, \
	{ "shell", MOD_STR, 0 }, { "env", MOD_OBJ, MOD_KW }, \
	{ "clean_env", MOD_BOOL, MOD_KW }, { "rstrip", MOD_BOOL, MOD_KW }, \
	{ "timeout", MOD_NUM, MOD_KW }, \
	{ "python_shell", MOD_BOOL, MOD_KW }, \
	{ "ignore_retcode", MOD_BOOL, MOD_KW }, \
	{ "output_loglevel", MOD_ANY, MOD_KW }, \
	{ "hide_output", MOD_ANY, MOD_KW }, \
	{ "reset_system_locale", MOD_ANY, MOD_KW }
/* clang-format on */

/* One command's setup and outcome. */
struct cmd_run {
	struct buf out, err;
	struct mod_result res;
	double timeout; /* the effective limit, for messages */
	size_t cap;
};

/*
 * Splits `s` into words as a POSIX shell would, without expansions:
 * blanks separate words, '...' is literal, "..." keeps \" \\ \$ \`
 * escapes, a backslash outside quotes escapes the next character. -1 for
 * an unterminated quote. The words are appended to `words` (a JSON
 * array).
 */
static int split_words(json_t *words, const char *s)
{
	struct buf w = BUF_INIT;
	bool in_word = false;
	int rc = 0;
	for (const char *p = s;; p++) {
		if (!*p || isspace((unsigned char)*p)) {
			if (in_word)
				json_array_append_new(words,
						      json_string(w.ptr));
			buf_reset(&w);
			in_word = false;
			if (!*p)
				break;
			continue;
		}
		in_word = true;
		if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end) {
				rc = -1;
				break;
			}
			buf_add(&w, p + 1, (size_t)(end - p - 1));
			p = end;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] &&
				    strchr("\"\\$`", p[1]))
					p++;
				buf_addch(&w, *p);
			}
			if (!*p) {
				rc = -1;
				break;
			}
		} else if (*p == '\\' && p[1]) {
			buf_addch(&w, *++p);
		} else {
			buf_addch(&w, *p);
		}
	}
	buf_release(&w);
	return rc;
}

static bool env_name_valid(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return p && !stat(p, &st) && S_ISDIR(st.st_mode);
}

/*
 * Runs r's command. 0 when it ran (whatever its exit status: cr->res),
 * 1 with *out an error string when it could not be set up or started.
 */
static int run_cmd(json_t **out, struct cmd_run *cr, struct mod_req *r,
		   bool merge, bool want_pid)
{
	const char *cmd = mod_get_str(r, "cmd", "");
	const char *shell = mod_get_str(r, "shell", "/bin/sh");
	const char *runas = mod_get_str(r, "runas", NULL);
	const char *cwd = mod_get_str(r, "cwd", NULL);
	const char *stdin_text = mod_get_str(r, "stdin", NULL);
	json_t *env = mod_get(r, "env");
	json_t *argv_words = json_array(), *env_strs = json_array();
	const char **argv = NULL, **envv = NULL;
	struct proc_opts po = {0};
	int rc = 1;

	if (shell[0] != '/') {
		mod_fail(out, "%s: shell '%s' is not an absolute path", r->fun,
			 shell);
		goto out;
	}
	if (mod_get_bool(r, "python_shell", true)) {
		json_array_append_new(argv_words, json_string(shell));
		json_array_append_new(argv_words, json_string("-c"));
		json_array_append_new(argv_words, json_string(cmd));
	} else if (split_words(argv_words, cmd) < 0) {
		mod_fail(out, "%s: unterminated quote in '%s'", r->fun, cmd);
		goto out;
	} else if (!json_array_size(argv_words)) {
		mod_fail(out, "%s: the command is empty", r->fun);
		goto out;
	}

	/* the user: ours, or runas (root only) */
	struct passwd *pw = runas ? getpwnam(runas) : getpwuid(geteuid());
	if (runas && !pw) {
		mod_fail(out, "%s: user '%s' does not exist", r->fun, runas);
		goto out;
	}
	if (runas && pw->pw_uid != geteuid()) {
		if (geteuid() != 0) {
			mod_fail(out, "%s: runas '%s' needs root", r->fun,
				 runas);
			goto out;
		}
		po.set_ids = true;
		po.uid = pw->pw_uid;
		po.gid = pw->pw_gid;
		json_array_append_new(env_strs,
				      json_sprintf("HOME=%s", pw->pw_dir));
		json_array_append_new(env_strs,
				      json_sprintf("USER=%s", pw->pw_name));
		json_array_append_new(env_strs,
				      json_sprintf("LOGNAME=%s", pw->pw_name));
	}
	if (!cwd)
		cwd = pw && is_dir(pw->pw_dir) ? pw->pw_dir : "/";
	if (!is_dir(cwd)) {
		mod_fail(out, "%s: cwd '%s' is not a directory", r->fun, cwd);
		goto out;
	}

	const char *key;
	json_t *val;
	json_object_foreach(env, key, val)
	{
		if (!env_name_valid(key)) {
			mod_fail(out,
				 "%s: '%s' is not an environment variable name",
				 r->fun, key);
			goto out;
		}
		if (json_is_null(val))
			continue;
		if (json_is_string(val))
			json_array_append_new(
				env_strs, json_sprintf("%s=%s", key,
						       json_string_value(val)));
		else if (json_is_integer(val))
			json_array_append_new(
				env_strs,
				json_sprintf("%s=%" JSON_INTEGER_FORMAT, key,
					     json_integer_value(val)));
		else if (json_is_boolean(val))
			json_array_append_new(env_strs,
					      json_sprintf("%s=%s", key,
							   json_is_true(val)
								   ? "true"
								   : "false"));
		else if (json_is_real(val))
			json_array_append_new(
				env_strs, json_sprintf("%s=%g", key,
						       json_real_value(val)));
		else {
			mod_fail(out,
				 "%s: the value of '%s' in env must be text",
				 r->fun, key);
			goto out;
		}
	}

	size_t n = json_array_size(argv_words);
	argv = xcalloc(n + 1, sizeof(*argv));
	for (size_t i = 0; i < n; i++)
		argv[i] = json_string_value(json_array_get(argv_words, i));
	size_t ne = json_array_size(env_strs);
	envv = xcalloc(ne + 1, sizeof(*envv));
	for (size_t i = 0; i < ne; i++)
		envv[i] = json_string_value(json_array_get(env_strs, i));

	po.env = envv;
	po.clear_env = mod_get_bool(r, "clean_env", false);
	po.cwd = cwd;
	po.input = stdin_text;
	po.input_len = stdin_text ? strlen(stdin_text) : 0;
	po.merge_stderr = merge;
	po.timeout = mod_get_num(r, "timeout", 0);
	if (po.timeout < 0) {
		mod_fail(out, "%s: timeout must not be negative", r->fun);
		goto out;
	}
	cr->timeout = po.timeout;
	if (r->c->timeout > 0 &&
	    (cr->timeout <= 0 || r->c->timeout < cr->timeout))
		cr->timeout = r->c->timeout;
	cr->cap = r->c->max_output ? r->c->max_output : MOD_DEFAULT_MAX_OUTPUT;
	cr->res.out = &cr->out;
	cr->res.err = merge ? NULL : &cr->err;
	cr->res.want_pid = want_pid;

	int st = mod_run(&cr->res, r->c, argv, &po);
	if (st < 0 && st != ERR_TIMEOUT) {
		mod_fail(out, "%s: %s", r->fun, err_last());
		goto out;
	}
	rc = 0;
out:
	free(argv);
	free(envv);
	json_decref(argv_words);
	json_decref(env_strs);
	return rc;
}

static void rstrip(struct buf *b)
{
	size_t n = b->len;
	while (n && isspace((unsigned char)b->ptr[n - 1]))
		n--;
	buf_setlen(b, n);
}

/* Trailing notes of a string return: truncation, timeout. */
static void add_notes(struct buf *b, const struct cmd_run *cr, bool truncated)
{
	if (truncated)
		buf_addf(b, "%s[output truncated at %zu bytes]",
			 b->len ? "\n" : "", cr->cap);
	if (cr->res.timed_out)
		buf_addf(b, "%stimed out after %g seconds", b->len ? "\n" : "",
			 cr->timeout);
}

static int retcode_of(const struct cmd_run *cr)
{
	return cr->res.timed_out ? RETCODE_TIMEOUT : cr->res.status;
}

static int job_rc(struct mod_req *r, const struct cmd_run *cr)
{
	return mod_get_bool(r, "ignore_retcode", false) ? 0 : retcode_of(cr);
}

static void cmd_run_release(struct cmd_run *cr)
{
	buf_release(&cr->out);
	buf_release(&cr->err);
}

/* cmd.run, cmd.run_stdout, cmd.run_stderr: one stream as a string. */
static int run_stream(json_t **out, struct mod_req *r, bool merge,
		      bool want_err)
{
	struct cmd_run cr = {BUF_INIT, BUF_INIT, {0}, 0, 0};
	if (run_cmd(out, &cr, r, merge, false)) {
		cmd_run_release(&cr);
		return 1;
	}
	struct buf *b = want_err ? &cr.err : &cr.out;
	bool truncated = want_err ? cr.res.err_truncated : cr.res.out_truncated;
	if (mod_get_bool(r, "rstrip", true))
		rstrip(b);
	add_notes(b, &cr, truncated);
	*out = mod_text(b->ptr, b->len);
	int rc = job_rc(r, &cr);
	cmd_run_release(&cr);
	return rc;
}

static int run(json_t **out, struct mod_req *r)
{
	return run_stream(out, r, true, false);
}

static int run_stdout(json_t **out, struct mod_req *r)
{
	return run_stream(out, r, false, false);
}

static int run_stderr(json_t **out, struct mod_req *r)
{
	return run_stream(out, r, false, true);
}

static int run_all(json_t **out, struct mod_req *r)
{
	struct cmd_run cr = {BUF_INIT, BUF_INIT, {0}, 0, 0};
	bool merge = mod_get_bool(r, "redirect_stderr", false);
	if (run_cmd(out, &cr, r, merge, true)) {
		cmd_run_release(&cr);
		return 1;
	}
	if (mod_get_bool(r, "rstrip", true)) {
		rstrip(&cr.out);
		rstrip(&cr.err);
	}
	if (cr.res.timed_out) {
		struct buf *b = merge ? &cr.out : &cr.err;
		buf_addf(b, "%stimed out after %g seconds", b->len ? "\n" : "",
			 cr.timeout);
	}
	json_t *ret = json_object();
	json_object_set_new(ret, "pid", json_integer(cr.res.pid));
	json_object_set_new(ret, "retcode", json_integer(retcode_of(&cr)));
	json_object_set_new(ret, "stdout", mod_text(cr.out.ptr, cr.out.len));
	json_object_set_new(ret, "stderr", mod_text(cr.err.ptr, cr.err.len));
	if (cr.res.timed_out)
		json_object_set_new(ret, "timed_out", json_true());
	if (cr.res.out_truncated)
		json_object_set_new(ret, "stdout_truncated", json_true());
	if (cr.res.err_truncated)
		json_object_set_new(ret, "stderr_truncated", json_true());
	*out = ret;
	int rc = job_rc(r, &cr);
	cmd_run_release(&cr);
	return rc;
}

static int retcode(json_t **out, struct mod_req *r)
{
	struct cmd_run cr = {BUF_INIT, BUF_INIT, {0}, 0, 0};
	if (run_cmd(out, &cr, r, true, false)) {
		cmd_run_release(&cr);
		return 1;
	}
	*out = json_integer(retcode_of(&cr));
	cmd_run_release(&cr);
	return 0;
}

/* clang-format off */
const struct mod_func mod_cmd_funcs[] = {
	{ "cmd.run", run,
	  "Runs CMD through the shell; returns its output (stderr merged into stdout).",
	  0, { CMD_PARAMS } },
	{ "cmd.run_all", run_all,
	  "Runs CMD through the shell; returns {pid, retcode, stdout, stderr}.",
	  0, { CMD_PARAMS, { "redirect_stderr", MOD_BOOL, MOD_KW } } },
	{ "cmd.run_stdout", run_stdout,
	  "Runs CMD through the shell; returns its standard output.", 0,
	  { CMD_PARAMS } },
	{ "cmd.run_stderr", run_stderr,
	  "Runs CMD through the shell; returns its standard error.", 0,
	  { CMD_PARAMS } },
	{ "cmd.retcode", retcode,
	  "Runs CMD through the shell; returns its exit status.", 0,
	  { CMD_PARAMS } },
	{ 0 },
};
/* clang-format on */
