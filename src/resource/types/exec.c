/* SPDX-License-Identifier: MIT */
/* exec.c: the exec type, commands run with argument vectors (posix) or sh -c (shell) */
#include "util/compat.h"
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"

/*
 * How an exec runs, as Puppet 7's exec type and posix/shell providers:
 *
 *  1. validate: the command (and onlyif/unless/refresh) must be fully
 *     qualified unless `path` is given (posix only); returns, timeout,
 *     tries, try_sleep, logoutput, umask, environment are checked.
 *  2. sync: a refreshonly exec does nothing. Otherwise the checks run in
 *     Puppet's order (creates, unless, onlyif, each possibly an array: all
 *     must allow the run). Then the command runs up to `tries` times until
 *     its exit status is one of `returns`. Success is the event
 *     returns: 'notrun' → ['0'] "executed successfully".
 *  3. refresh: the checks again (refreshonly excepted), then `refresh` or
 *     the command.
 *
 * The posix provider never uses a shell: a string command is split into
 * words with shell-like quoting ('...', "...", backslash) and nothing else
 * (no variables, globs, redirections or ';'), so every character reaches
 * the program as written. `provider => shell` passes the command as one
 * argument to /bin/sh -c.
 */

static const char *const params[] = {
	"command",
	"path",
	"cwd",
	"environment",
	"user",
	"group",
	"creates",
	"onlyif",
	"unless",
	"refreshonly",
	"returns",
	"timeout",
	"tries",
	"try_sleep",
	"logoutput",
	"umask",
	"provider",
	"refresh",
};

/* One run's settings, read once from the parameters. */
struct xrun {
	struct rtype_ctx *c;
	const struct resource *r;
	const char **path; /* NULL-terminated directories, or NULL */
	const char **env;  /* NAME=value for the child, NULL-terminated */
	const char *cwd;
	bool is_shell;
	bool set_ids;
	uid_t uid;
	gid_t gid;
	double timeout;
	long umask_val; /* -1: unchanged */
};

/*
 * Splits `s` into words the way a POSIX shell does for quoting only:
 * blanks separate words, '...' is literal, "..." keeps everything but
 * lets \ escape " \ $ ` and newline, a backslash outside quotes escapes
 * the next character. Returns a NULL-terminated vector in `a`, or NULL
 * with *why set (unterminated quote, empty command).
 */
static const char **split_words(struct arena *a, const char *s,
				const char **why)
{
	const char **v = NULL;
	size_t n = 0, alloc = 0;
	struct buf w = BUF_INIT;
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		buf_reset(&w);
		while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
			if (*p == '\'') {
				const char *e = strchr(p + 1, '\'');
				if (!e) {
					*why = "unterminated single quote";
					goto fail;
				}
				buf_add(&w, p + 1, (size_t)(e - p - 1));
				p = e + 1;
			} else if (*p == '"') {
				p++;
				while (*p && *p != '"') {
					if (*p == '\\' && p[1] &&
					    strchr("\"\\$`\n", p[1]))
						p++;
					buf_addch(&w, *p++);
				}
				if (!*p) {
					*why = "unterminated double quote";
					goto fail;
				}
				p++;
			} else if (*p == '\\' && p[1]) {
				buf_addch(&w, p[1]);
				p += 2;
			} else {
				buf_addch(&w, *p++);
			}
		}
		if (n + 2 > alloc) {
			size_t na = alloc ? alloc * 2 : 8;
			v = arena_realloc(a, v, alloc * sizeof(*v),
					  na * sizeof(*v));
			alloc = na;
		}
		v[n++] = arena_memdupz(a, w.ptr, w.len);
	}
	buf_release(&w);
	if (!n) {
		*why = "empty command";
		return NULL;
	}
	v[n] = NULL;
	return v;
fail:
	buf_release(&w);
	return NULL;
}

/* A string or an array of strings as a NULL-terminated vector (NULL when
 * unset); non-strings are converted with val_to_s. */
static const char **str_list(struct arena *a, const struct value *v)
{
	if (!v)
		return NULL;
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	const char **out = arena_alloc(a, (n + 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct value *e =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		if (e->kind == VAL_STRING) {
			out[i] = e->u.s.ptr;
		} else {
			struct buf b = BUF_INIT;
			val_to_s(&b, e);
			out[i] = arena_memdupz(a, b.ptr, b.len);
			buf_release(&b);
		}
	}
	return out;
}

/* The commands of onlyif/unless: a string, an array of strings, or an
 * array holding argument arrays. Each element is a VAL_STRING or VAL_ARRAY. */
static const struct value **cmd_list(struct arena *a, const struct value *v,
				     size_t *n_out)
{
	*n_out = 0;
	if (!v)
		return NULL;
	if (v->kind != VAL_ARRAY) {
		const struct value **out = arena_alloc(a, sizeof(*out));
		out[0] = v;
		*n_out = 1;
		return out;
	}
	/* an array of plain strings is a list of commands (Puppet 7) */
	*n_out = v->u.arr.n;
	return (const struct value **)v->u.arr.v;
}

/* The command's text for messages: the string, or the words joined. */
static const char *cmd_text(struct arena *a, const struct value *cmd)
{
	if (cmd->kind == VAL_STRING)
		return cmd->u.s.ptr;
	struct buf b = BUF_INIT;
	if (cmd->kind == VAL_ARRAY) {
		for (size_t i = 0; i < cmd->u.arr.n; i++) {
			if (i)
				buf_addch(&b, ' ');
			val_to_s(&b, cmd->u.arr.v[i]);
		}
	} else {
		val_to_s(&b, cmd);
	}
	const char *s = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

/* The argument vector of `cmd` (provider applied), or NULL with *why. */
static const char **cmd_argv(struct arena *a, const struct value *cmd,
			     bool is_shell, const char **why)
{
	if (cmd->kind == VAL_ARRAY) {
		if (!cmd->u.arr.n) {
			*why = "empty command";
			return NULL;
		}
		return str_list(a, cmd);
	}
	const char *text = cmd_text(a, cmd);
	if (is_shell) {
		const char **v = arena_alloc(a, 4 * sizeof(*v));
		v[0] = "/bin/sh";
		v[1] = "-c";
		v[2] = text;
		return v;
	}
	return split_words(a, text, why);
}

/* The directories of `path`: an array, or a ':'-separated string. */
static const char **path_dirs(struct arena *a, const struct value *v)
{
	const char **l = str_list(a, v);
	if (!l)
		return NULL;
	size_t n = 0;
	for (const char **p = l; *p; p++)
		for (const char *s = *p; s;
		     s = strchr(s, ':'), s = s ? s + 1 : s)
			n++;
	const char **out = arena_alloc(a, (n + 1) * sizeof(*out));
	size_t k = 0;
	for (const char **p = l; *p; p++) {
		const char *s = *p;
		for (;;) {
			const char *e = strchr(s, ':');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			if (len)
				out[k++] = arena_memdupz(a, s, len);
			if (!e)
				break;
			s = e + 1;
		}
	}
	out[k] = NULL;
	return out;
}

/* Parses `returns` into *codes (allocated in a). -1 when invalid. */
static int parse_returns(struct arena *a, const struct value *v, int **codes,
			 size_t *n)
{
	if (!v) {
		*codes = arena_alloc(a, sizeof(int));
		(*codes)[0] = 0;
		*n = 1;
		return 0;
	}
	size_t cnt = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	*codes = arena_alloc(a, (cnt ? cnt : 1) * sizeof(int));
	*n = cnt;
	for (size_t i = 0; i < cnt; i++) {
		const struct value *e =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		long x;
		if (e->kind == VAL_INT) {
			x = (long)e->u.n.i;
		} else if (e->kind == VAL_STRING && e->u.s.len) {
			char *end;
			errno = 0;
			x = strtol(e->u.s.ptr, &end, 10);
			if (*end || errno)
				return -1;
		} else {
			return -1;
		}
		if (x < 0 || x > 255)
			return -1;
		(*codes)[i] = (int)x;
	}
	return cnt ? 0 : -1;
}

/* A number parameter; dflt when unset, -1 when not a non-negative number. */
static double num_param(const struct resource *r, const char *name, double dflt)
{
	const struct value *v = rparam(r, name);
	if (!v)
		return dflt;
	if (v->kind == VAL_INT)
		return v->u.n.i >= 0 ? (double)v->u.n.i : -1;
	if (v->kind == VAL_FLOAT)
		return v->u.f >= 0 ? v->u.f : -1;
	if (v->kind == VAL_STRING && v->u.s.len) {
		char *end;
		double d = strtod(v->u.s.ptr, &end);
		return *end || d < 0 ? -1 : d;
	}
	return -1;
}

static bool is_shell_provider(const struct resource *r)
{
	const struct value *p = rparam(r, "provider");
	return p && val_is_str(p, "shell");
}

/* Checks one command of command/onlyif/unless/refresh. */
static int check_cmd(struct rtype_ctx *c, const struct resource *r,
		     const struct value *cmd, bool has_path, const char **msg)
{
	const char *why = NULL;
	if (cmd->kind != VAL_STRING && cmd->kind != VAL_ARRAY) {
		*msg = arena_strfmt(
			c->arena,
			"command must be a String or an Array, not %s",
			val_type_name(cmd));
		return -1;
	}
	const char **argv = cmd_argv(c->arena, cmd, is_shell_provider(r), &why);
	if (!argv) {
		*msg = arena_strfmt(c->arena, "'%s': %s",
				    cmd_text(c->arena, cmd), why);
		return -1;
	}
	if (argv[0][0] != '/' && !has_path) {
		*msg = arena_strfmt(
			c->arena,
			"'%s' is not qualified and no path was specified. Please qualify the command or specify a path.",
			argv[0]);
		return -1;
	}
	return 0;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	const struct value *prov = rparam(r, "provider");
	if (prov && !val_is_str(prov, "posix") && !val_is_str(prov, "shell")) {
		*msg = arena_strfmt(
			c->arena,
			"provider '%s' is not supported here (posix, shell)",
			rparam_str(c, r, "provider", ""));
		return -1;
	}
	bool has_path = rparam(r, "path") != NULL;
	const struct value *cmdv = rparam(r, "command");
	struct value title = {.kind = VAL_STRING,
			      .u.s = {r->title, strlen(r->title)}};
	if (check_cmd(c, r, cmdv ? cmdv : &title, has_path, msg) < 0)
		return -1;
	static const char *const checks[] = {"onlyif", "unless", "refresh"};
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		size_t n;
		const struct value **l =
			cmd_list(c->arena, rparam(r, checks[i]), &n);
		for (size_t j = 0; j < n; j++)
			if (check_cmd(c, r, l[j], has_path, msg) < 0)
				return -1;
	}
	int *codes;
	size_t ncodes;
	if (parse_returns(c->arena, rparam(r, "returns"), &codes, &ncodes) <
	    0) {
		*msg = arena_strfmt(
			c->arena,
			"returns must be exit codes (integers 0-255), not '%s'",
			rparam_str(c, r, "returns", ""));
		return -1;
	}
	if (num_param(r, "timeout", 300) < 0) {
		*msg = "The timeout must be a number.";
		return -1;
	}
	double tries = num_param(r, "tries", 1);
	if (tries < 1 || tries != (double)(long)tries) {
		*msg = "Tries must be an integer >= 1";
		return -1;
	}
	if (num_param(r, "try_sleep", 0) < 0) {
		*msg = "try_sleep must be a number >= 0";
		return -1;
	}
	const struct value *lo = rparam(r, "logoutput");
	if (lo && rparam_bool(r, "logoutput", 0) < 0 &&
	    !val_is_str(lo, "on_failure")) {
		*msg = "logoutput must be true, false or on_failure";
		return -1;
	}
	if (rparam_bool(r, "refreshonly", 0) < 0) {
		*msg = "refreshonly must be true or false";
		return -1;
	}
	const char *um = rparam_str(c, r, "umask", NULL);
	if (um) {
		char *end;
		long u = strtol(um, &end, 8);
		if (!*um || *end || u < 0 || u > 0777) {
			*msg = arena_strfmt(
				c->arena,
				"The umask specification is invalid: '%s'", um);
			return -1;
		}
	}
	const char **env = str_list(c->arena, rparam(r, "environment"));
	for (size_t i = 0; env && env[i]; i++) {
		const char *eq = strchr(env[i], '=');
		if (!eq || eq == env[i]) {
			*msg = arena_strfmt(c->arena,
					    "Invalid environment setting '%s'",
					    env[i]);
			return -1;
		}
	}
	const char **creates = str_list(c->arena, rparam(r, "creates"));
	for (size_t i = 0; creates && creates[i]; i++) {
		if (creates[i][0] != '/') {
			*msg = arena_strfmt(c->arena,
					    "'creates' files must be fully qualified, not '%s'",
					    creates[i]);
			return -1;
		}
	}
	if ((rparam(r, "user") || rparam(r, "group")) && geteuid() != 0) {
		*msg = rparam(r, "user")
			       ? "Only root can execute commands as other users"
			       : "Only root can execute commands as other groups";
		return -1;
	}
	return 0;
}

/* Reads what every command of this exec shares. -1 with st failed. */
static int xrun_init(struct xrun *x, struct rtype_ctx *c,
		     const struct resource *r, struct rstate *st)
{
	memset(x, 0, sizeof(*x));
	x->c = c;
	x->r = r;
	x->is_shell = is_shell_provider(r);
	x->path = path_dirs(c->arena, rparam(r, "path"));
	x->cwd = rparam_str(c, r, "cwd", NULL);
	x->timeout = num_param(r, "timeout", 300);
	const char *um = rparam_str(c, r, "umask", NULL);
	x->umask_val = um ? strtol(um, NULL, 8) : -1;

	const char **uenv = str_list(c->arena, rparam(r, "environment"));
	size_t nenv = 0;
	while (uenv && uenv[nenv])
		nenv++;
	x->env = arena_alloc(c->arena, (nenv + 5) * sizeof(*x->env));
	size_t k = 0;
	if (x->path) {
		struct buf b = BUF_INIT;
		buf_addstr(&b, "PATH=");
		for (size_t i = 0; x->path[i]; i++) {
			if (i)
				buf_addch(&b, ':');
			buf_addstr(&b, x->path[i]);
		}
		x->env[k++] = arena_memdupz(c->arena, b.ptr, b.len);
		buf_release(&b);
	}

	const char *user = rparam_str(c, r, "user", NULL);
	const char *group = rparam_str(c, r, "group", NULL);
	if (user || group) {
		x->set_ids = true;
		x->uid = geteuid();
		x->gid = getegid();
	}
	if (user) {
		char *end;
		struct passwd *pw = getpwnam(user);
		long id = strtol(user, &end, 10);
		if (!pw && !*end && *user)
			pw = getpwuid((uid_t)id);
		if (!pw)
			return rstate_fail(c, st, "Could not find user %s",
					   user);
		x->uid = pw->pw_uid;
		x->gid = pw->pw_gid;
		x->env[k++] = arena_strfmt(c->arena, "HOME=%s", pw->pw_dir);
		x->env[k++] = arena_strfmt(c->arena, "USER=%s", pw->pw_name);
		x->env[k++] = arena_strfmt(c->arena, "LOGNAME=%s", pw->pw_name);
	}
	if (group) {
		char *end;
		struct group *gr = getgrnam(group);
		long id = strtol(group, &end, 10);
		if (!gr && !*end && *group)
			gr = getgrgid((gid_t)id);
		if (!gr)
			return rstate_fail(c, st, "Could not find group %s",
					   group);
		x->gid = gr->gr_gid;
	}
	/* the resource's own environment comes last: it wins */
	for (size_t i = 0; i < nenv; i++)
		x->env[k++] = uenv[i];
	x->env[k] = NULL;
	return 0;
}

static bool is_executable_file(const char *p)
{
	struct stat sb;
	return !stat(p, &sb) && S_ISREG(sb.st_mode) && !access(p, X_OK);
}

/*
 * Runs `cmd` and stores its exit status in *status and its output
 * (stdout and stderr merged) in `out`. `is_check` is for creates/onlyif/
 * unless: a missing cwd is then ignored, as Puppet does. Returns 0, or -1
 * with a message in *why (the command could not be run, or timed out).
 */
static int run_cmd(struct xrun *x, const struct value *cmd, bool is_check,
		   struct buf *out, int *status, const char **why)
{
	struct arena *a = x->c->arena;
	const char *cwd = x->cwd;
	struct stat sb;
	if (cwd && (stat(cwd, &sb) < 0 || !S_ISDIR(sb.st_mode))) {
		if (!is_check) {
			*why = arena_strfmt(
				a, "Working directory %s does not exist!", cwd);
			return -1;
		}
		cwd = NULL;
	}
	const char *w = NULL;
	const char **argv = cmd_argv(a, cmd, x->is_shell, &w);
	if (!argv) {
		*why = arena_strfmt(a, "'%s': %s", cmd_text(a, cmd), w);
		return -1;
	}
	const char *exe = argv[0];
	if (!strchr(exe, '/')) {
		const char *found = NULL;
		for (size_t i = 0; x->path && x->path[i] && !found; i++) {
			const char *p =
				arena_strfmt(a, "%s/%s", x->path[i], exe);
			if (is_executable_file(p))
				found = p;
		}
		if (!found) {
			*why = arena_strfmt(a, "Could not find command '%s'",
					    exe);
			return -1;
		}
		argv[0] = found;
	} else {
		if (access(exe, F_OK) < 0) {
			*why = arena_strfmt(a, "Could not find command '%s'",
					    exe);
			return -1;
		}
		if (!is_executable_file(exe)) {
			*why = arena_strfmt(a, "'%s' is not executable", exe);
			return -1;
		}
	}
	struct proc_opts o = {
		.env = x->env,
		.cwd = cwd,
		.uid = x->uid,
		.gid = x->gid,
		.set_ids = x->set_ids,
		.timeout = x->timeout,
		.merge_stderr = true,
	};
	/* umask is per process: set it around the fork, the child inherits it */
	mode_t old_umask = 0;
	if (x->umask_val >= 0)
		old_umask = umask((mode_t)x->umask_val);
	int rc = proc_run(out, NULL, argv, &o);
	if (x->umask_val >= 0)
		umask(old_umask);
	if (rc == ERR_TIMEOUT) {
		*why = "Command exceeded timeout";
		return -1;
	}
	if (rc < 0) {
		*why = arena_strdup(a, err_last());
		return -1;
	}
	*status = rc;
	return 0;
}

/*
 * Puppet's check_all_attributes: true when the command should run.
 * -1 (st failed) when a check command could not be run.
 */
static int checks_allow(struct xrun *x, bool refreshing, struct rstate *st,
			bool *allow)
{
	struct rtype_ctx *c = x->c;
	const struct resource *r = x->r;
	*allow = false;
	if (!refreshing && rparam_bool(r, "refreshonly", 0) == 1)
		return 0;
	const char **creates = str_list(c->arena, rparam(r, "creates"));
	for (size_t i = 0; creates && creates[i]; i++) {
		struct stat sb;
		if (!lstat(creates[i], &sb))
			return 0;
	}
	static const char *const checks[] = {"unless", "onlyif"};
	for (size_t k = 0; k < ARRAY_SIZE(checks); k++) {
		size_t n;
		const struct value **l =
			cmd_list(c->arena, rparam(r, checks[k]), &n);
		for (size_t i = 0; i < n; i++) {
			struct buf out = BUF_INIT;
			int status = 0;
			const char *why = NULL;
			int rc = run_cmd(x, l[i], true, &out, &status, &why);
			buf_release(&out);
			if (rc < 0)
				return rstate_fail(c, st, "%s", why);
			if (k == 0 ? status == 0 : status != 0)
				return 0;
		}
	}
	*allow = true;
	return 0;
}

/* Puppet's text of the returns list: [0,2] in failures, ['0', '2'] in
 * events. */
static const char *codes_text(struct arena *a, const int *codes, size_t n,
			      bool quoted)
{
	struct buf b = BUF_INIT;
	buf_addch(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addstr(&b, quoted ? ", " : ",");
		buf_addf(&b, quoted ? "'%d'" : "%d", codes[i]);
	}
	buf_addch(&b, ']');
	const char *s = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static bool in_codes(int status, const int *codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (codes[i] == status)
			return true;
	return false;
}

static void sleep_seconds(double s)
{
	if (s <= 0)
		return;
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Runs `cmd` with tries/try_sleep until its status is in returns. */
static int execute(struct xrun *x, const struct value *cmd, struct rstate *st)
{
	struct rtype_ctx *c = x->c;
	const struct resource *r = x->r;
	int *codes;
	size_t ncodes;
	if (parse_returns(c->arena, rparam(r, "returns"), &codes, &ncodes) < 0)
		return rstate_fail(c, st, "invalid returns");
	long tries = (long)num_param(r, "tries", 1);
	double try_sleep = num_param(r, "try_sleep", 0);
	const struct value *lo = rparam(r, "logoutput");
	int log_always = lo ? rparam_bool(r, "logoutput", 0) : 0;
	bool log_on_failure = !lo || val_is_str(lo, "on_failure");

	struct buf out = BUF_INIT;
	int status = -1;
	const char *why = NULL;
	for (long t = 0; t < (tries > 0 ? tries : 1); t++) {
		if (t)
			sleep_seconds(try_sleep);
		buf_reset(&out);
		why = NULL;
		if (run_cmd(x, cmd, false, &out, &status, &why) < 0)
			continue;
		if (in_codes(status, codes, ncodes))
			break;
	}
	if (out.len &&
	    (log_always == 1 ||
	     (log_on_failure && (why || !in_codes(status, codes, ncodes)))))
		st->output = arena_memdupz(c->arena, out.ptr, out.len);
	buf_release(&out);
	if (why)
		return rstate_fail(c, st, "%s", why);
	if (!in_codes(status, codes, ncodes))
		return rstate_fail(c, st,
				   "'%s' returned %d instead of one of %s",
				   cmd_text(c->arena, cmd), status,
				   codes_text(c->arena, codes, ncodes, false));
	return 0;
}

static const struct value *the_command(struct rtype_ctx *c,
				       const struct resource *r)
{
	const struct value *v = rparam(r, "command");
	return v ? v : val_strz(c->arena, r->title);
}

static int do_sync(struct rtype_ctx *c, const struct resource *r,
		   struct rstate *st)
{
	struct xrun x;
	bool allow;
	st->status = RS_UNCHANGED;
	if (rparam_bool(r, "refreshonly", 0) == 1)
		return 0;
	if (xrun_init(&x, c, r, st) < 0 ||
	    checks_allow(&x, false, st, &allow) < 0)
		return -1;
	if (!allow)
		return 0;
	int *codes;
	size_t ncodes;
	if (parse_returns(c->arena, rparam(r, "returns"), &codes, &ncodes) < 0)
		return rstate_fail(c, st, "invalid returns");
	const char *desired = codes_text(c->arena, codes, ncodes, true);
	if (c->noop) {
		rstate_event(c, st, "returns", "notrun", desired,
			     "current_value 'notrun', should be %s (noop)",
			     desired);
		return 0;
	}
	if (execute(&x, the_command(c, r), st) < 0)
		return -1;
	rstate_event(c, st, "returns", "notrun", desired,
		     "executed successfully");
	return 0;
}

static int refresh(struct rtype_ctx *c, const struct resource *r,
		   struct rstate *st)
{
	struct xrun x;
	bool allow;
	if (c->noop)
		return 0;
	if (xrun_init(&x, c, r, st) < 0 ||
	    checks_allow(&x, true, st, &allow) < 0)
		return -1;
	if (!allow)
		return 0;
	const struct value *cmd = rparam(r, "refresh");
	if (execute(&x, cmd ? cmd : the_command(c, r), st) < 0)
		return -1;
	st->refreshed = true;
	return 0;
}

/* The cwd, the user and group, and the programs named by absolute path. */
static void autorequire(struct rtype_ctx *c, const struct resource *r,
			void (*add)(const char *type, const char *title,
				    void *payload),
			void *payload)
{
	const char *cwd = rparam_str(c, r, "cwd", NULL);
	if (cwd)
		add("File", cwd, payload);
	const char *user = rparam_str(c, r, "user", NULL);
	if (user)
		add("User", user, payload);
	const char *group = rparam_str(c, r, "group", NULL);
	if (group)
		add("Group", group, payload);
	if (is_shell_provider(r))
		return;
	const struct value *cmd = the_command(c, r);
	static const char *const checks[] = {"onlyif", "unless"};
	for (size_t k = 0; k <= ARRAY_SIZE(checks); k++) {
		size_t n = 1;
		const struct value **l = &cmd;
		if (k)
			l = cmd_list(c->arena, rparam(r, checks[k - 1]), &n);
		for (size_t i = 0; i < n; i++) {
			const char *why;
			const char **argv =
				cmd_argv(c->arena, l[i], false, &why);
			if (argv && argv[0][0] == '/')
				add("File", argv[0], payload);
		}
	}
}

const struct rtype rtype_exec = {
	.name = "exec",
	.validate = validate,
	.sync = do_sync,
	.refresh = refresh,
	.autorequire = autorequire,
};
