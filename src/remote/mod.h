/* SPDX-License-Identifier: MIT */
/* mod.h: the minion's execution modules (test.*, cmd.*, pkg.*, service.*, facts.*, ...) */
#ifndef MOD_H
#define MOD_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

struct buf;
struct proc_opts;

/*
 * Execution modules run one function ("module.function") with positional
 * arguments (a JSON array) and keyword arguments (a JSON object), and give
 * back a JSON return in the shape Salt's function of the same name
 * returns: test.ping → true, cmd.run_all → {pid, retcode, stdout, stderr},
 * pkg.upgrade → {pkg: {old, new}}, ... The functions are a fixed table
 * compiled in (mod.c lists the tables of the mod_*.c files); nothing is
 * looked up by name outside it except custom modules, which are
 * executables confined to <cachedir>/modules (see mod_custom.c).
 *
 * Everything here runs in the process of one job (the minion forks a child
 * per job; `tend call` runs in its own process): functions block, fork
 * commands through util/proc.h (argument vectors, never a shell line built
 * by concatenation) and may take as long as the job's timeout allows.
 */

/* The default cap on a captured stream when mod_ctx.max_output is 0. */
#define MOD_DEFAULT_MAX_OUTPUT (16u << 20)

struct mod_ctx {
	/* this minion's id (TEND_MINION_ID of custom modules, agent.run's
	 * node name) */
	const char *minion_id;
	/*
	 * The minion's configuration directory: <confdir>/environment holds
	 * node.env's value (one line; "production" when absent);
	 * <confdir>/facts.d is read as an external facts directory after the
	 * default ones, and facts.setval writes tend-setval.json there.
	 */
	const char *confdir;
	/*
	 * The minion's cache: <cachedir>/modules holds synced custom modules;
	 * <cachedir>/proc/<jid>.json, one per running job, written by the
	 * minion daemon: {"jid", "fun", "args", "pid", "started"}, the pid
	 * being the job's process, a process group leader (saltutil.*).
	 */
	const char *cachedir;
	/*
	 * agent.run applies <agent_dir>/<env>/manifests/site.pp with the
	 * modulepath <agent_dir>/<env>/modules, env being node.env's value.
	 */
	const char *agent_dir;
	/* the tend executable (agent.run runs `tend apply`, custom modules
	 * get it as TEND_BIN); NULL: "tend" in PATH */
	const char *tend_bin;
	/* seconds any command of the job may run; 0: no limit */
	double timeout;
	/* cap in bytes on each captured stream; 0: MOD_DEFAULT_MAX_OUTPUT */
	size_t max_output;
};

/*
 * Runs `fun` ("module.function") with `args` (a JSON array, or NULL for
 * none) and `kwargs` (a JSON object, or NULL), both borrowed. Sets *out to
 * a new reference, the return in Salt's shape, and returns the job's
 * retcode: 0 for success, non-zero for failure. On failure *out is either
 * an error string ("'foo.bar' is not available.", "Passed invalid
 * arguments to 'test.echo': missing the required argument 'text'") or the
 * function's own failure return (cmd.run_all's dict of a command that
 * exited 3, with retcode 3; pkg.upgrade's {"changes", "error"} when apt
 * failed half-way). Unknown functions, wrong argument counts and wrong
 * types are failures with such messages, never crashes. Never returns a
 * negative value and never leaves *out NULL.
 *
 * Retcodes: a command's own exit status for cmd.run and cmd.run_all (as
 * Salt records it; 124 when it timed out), a custom module's exit status,
 * 1 for everything else that failed.
 */
int mod_call(json_t **out, const struct mod_ctx *c, const char *fun,
	     json_t *args, json_t *kwargs);

/*
 * A new, sorted JSON array of every function callable on this minion: the
 * built-in ones and those of the custom modules under <cachedir>/modules
 * (a module directory lists its executables; a one-file module is asked
 * with `MODULE --list-functions`, see mod_custom.c). Broken custom modules
 * are left out with a warning logged. Never NULL.
 */
json_t *mod_list_functions(const struct mod_ctx *c);

/*
 * This machine's facts as JSON (a new object): facts_collect() with the
 * default facts.d directories, then <confdir>/facts.d (facts.setval's
 * file included). What facts.items returns and what the minion should
 * push to the master. 0, or -1 with err_last().
 */
int mod_facts(json_t **out, const struct mod_ctx *c);

/*
 * node.env's value: the first line of <confdir>/environment, trimmed, or
 * "production" when the file does not exist or is empty. A new string
 * (the caller frees it) in *out. -1 with err_last() when the file cannot
 * be read or holds an invalid name.
 */
int mod_env_get(char **out, const struct mod_ctx *c);

/* ---- arguments from a command line (tend call, tend run) ---- */

/*
 * The value of one command-line word, typed as Salt's CLI types it (YAML
 * 1.1, as PyYAML reads it): "42" → 42, "1.5" → 1.5, "true"/"yes"/"on" →
 * true, "null"/"~"/"None" → null, "[1, a]" → a list and "{a: 1}" → an
 * object (only when the word starts with '[' or '{'), "'x'" → "x". Left
 * as the string it is: anything else, "" and blanks, digits grouped with
 * '_' (1_000), dates, "|" and "!", words with '#' unless they parse to a
 * list or an object, and anything that is not valid YAML. A new
 * reference; never NULL.
 */
json_t *mod_arg_value(const char *word);

/*
 * Splits command-line words into positional arguments and keyword
 * arguments as Salt does: a word "KEY=VALUE" whose KEY starts with a
 * letter or '_' and continues with letters, digits, '_', '.' or '-' (and
 * where '=' is not followed by another '=') is a keyword argument;
 * others are positional ("echo a=b" is positional, and so is "a==b").
 * Values are typed by mod_arg_value(). *args_out and *kwargs_out are new
 * references. A keyword given twice keeps the last value.
 */
void mod_args_from_argv(json_t **args_out, json_t **kwargs_out, int argc,
			const char *const *argv);

/* ---- names ---- */

/* Whether `s` is a module or function name: [a-z0-9_]+. */
bool mod_name_valid(const char *s);
/* Whether `fun` is "module.function" with both parts valid names. */
bool mod_fun_valid(const char *fun);
/* Whether `s` is an environment name: [a-z0-9_]+. */
bool mod_env_valid(const char *s);
/* Whether `s` is a job id as saltutil.* accepts it: [0-9A-Za-z_-]+. */
bool mod_jid_valid(const char *s);

/* ---- pure parts, exposed for the unit tests ---- */

/*
 * The value at `key` inside `root`, as grains.get finds it: `key` split on
 * `delim` (":" when NULL or ""), each part indexing an object by name or
 * an array by decimal index. A key that exists as a whole at the top
 * ("a:b" itself) is not special: parts are always split. NULL when
 * absent. Borrowed from root.
 */
json_t *mod_path_get(json_t *root, const char *key, const char *delim);

/*
 * The installed packages in `dpkg_out`, lines of `dpkg-query -W -f
 * '${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\n'`,
 * as a new object {name: version}. A package counts when it has files
 * on disk (status not 'n' not-installed and not 'c' config-files).
 * Packages of a foreign architecture (not `native_arch`, not "all") are
 * named "name:arch", as Salt names them.
 */
json_t *mod_pkg_parse_dpkg(const char *dpkg_out, const char *native_arch);

/*
 * The difference of two {name: version} objects as Salt's pkg functions
 * return it: a new object {name: {"old": v, "new": v}} for every package
 * whose version changed, appeared ("old": "") or went away ("new": "").
 * {} when nothing changed.
 */
json_t *mod_pkg_diff(json_t *before, json_t *after);

/*
 * The packages an `apt-get -s` run would install or upgrade, from its
 * "Inst NAME [OLD] (NEW ...)" lines, as a new object {name: new version}
 * (pkg.list_upgrades).
 */
json_t *mod_pkg_parse_sim(const char *apt_out);

/*
 * Whether `s` is a Debian package name, optionally with ":arch":
 * [a-z0-9][a-z0-9+.-]+ (and [a-z0-9-]+ after ':').
 */
bool mod_pkg_name_valid(const char *s);

/*
 * A new JSON string of the bytes p[0..len), with each invalid UTF-8
 * sequence replaced by U+FFFD (command output is not always UTF-8, JSON
 * strings must be).
 */
json_t *mod_text(const char *p, size_t len);

/* ====================================================================
 * Between mod.c and the mod_*.c files that implement the functions.
 * ==================================================================== */

#define MOD_MAX_PARAMS 16

/* The type a parameter accepts; mod_call checks and converts before the
 * function runs. */
enum mod_type {
	MOD_ANY,  /* any JSON value */
	MOD_STR,  /* a string; numbers and booleans become their text */
	MOD_NUM,  /* a number; a numeric string is converted */
	MOD_BOOL, /* true/false; also "true"/"false"/"yes"/"no", 0 and 1 */
	MOD_OBJ,  /* a JSON object */
	MOD_STRS, /* a string or a list of strings; becomes a list of strings */
};

#define MOD_REQ 1u /* the parameter must be given */
#define MOD_KW	2u /* keyword only: never filled from positional args */

struct mod_param {
	const char *name;
	enum mod_type type;
	unsigned flags; /* MOD_REQ, MOD_KW */
};

struct mod_req;
typedef int (*mod_fn)(json_t **out, struct mod_req *r);

#define MOD_VARARGS 1u /* extra positional args allowed: r->rest */
#define MOD_ANYKW   2u /* unknown keyword args allowed (left in r->kwargs) */

/*
 * One built-in function. Positional args fill the params without MOD_KW
 * in order; keyword args match by name. Too many positional args (without
 * MOD_VARARGS), an unknown keyword (without MOD_ANYKW), a parameter given
 * twice, a missing MOD_REQ parameter or a value of the wrong type fail the
 * call before `fn` runs.
 */
struct mod_func {
	const char *name; /* "test.ping" */
	mod_fn fn;
	const char *doc;			 /* one line, for sys.doc */
	unsigned flags;				 /* MOD_VARARGS, MOD_ANYKW */
	struct mod_param params[MOD_MAX_PARAMS]; /* until the first NULL name */
};

/* One call being run: the bound arguments of a mod_func. */
struct mod_req {
	const struct mod_ctx *c;
	const struct mod_func *f;
	const char *fun; /* r->f->name */
	/* the values by param index; NULL when not given; borrowed */
	json_t *v[MOD_MAX_PARAMS];
	json_t *rest; /* MOD_VARARGS: extra positional args, an array */
	json_t *args, *kwargs; /* as given (never NULL) */
	json_t *keep;	       /* owns converted values */
};

/* Parameter values by name (the name must be one of r->f's params: BUG
 * otherwise). `def` when the parameter was not given. */
json_t *mod_get(struct mod_req *r, const char *name);
const char *mod_get_str(struct mod_req *r, const char *name, const char *def);
double mod_get_num(struct mod_req *r, const char *name, double def);
bool mod_get_bool(struct mod_req *r, const char *name, bool def);

/* Sets *out to an error string and returns 1 (a failure retcode). */
int mod_fail(json_t **out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The tables of the mod_*.c files, each ending with a NULL name. */
extern const struct mod_func mod_test_funcs[];
extern const struct mod_func mod_cmd_funcs[];
extern const struct mod_func mod_pkg_funcs[];
extern const struct mod_func mod_service_funcs[];
extern const struct mod_func mod_facts_funcs[];
extern const struct mod_func mod_agent_funcs[];
extern const struct mod_func mod_sys_funcs[]; /* sys.* and saltutil.*, mod.c */

/* Whether `module` is the name of a built-in module (custom modules may
 * not use it). */
bool mod_is_builtin_module(const char *module);

/* The result of mod_run(): captured output, the truncations noted. */
struct mod_result {
	struct buf *out, *err; /* borrowed from the caller; err may be NULL */
	bool want_pid;	       /* set by the caller: learn the command's pid */
	long pid;	       /* the command's pid (want_pid), else 0 */
	int status; /* exit status; 128+N after signal N; -1 not run */
	bool timed_out;
	bool out_truncated, err_truncated;
};

/*
 * Runs argv through proc_run() with `o` (may be NULL), applying the
 * context: the timeout is the smaller of o->timeout and c->timeout (when
 * set), each stream is capped at o->max_output when set (for output the
 * module reads itself, not the user's), else at c->max_output; what was
 * cut is flagged in res. Output is appended to res->out and res->err
 * (NULL to discard stderr). With res->want_pid, the command runs under
 * a constant /bin/sh wrapper that reports its pid and execs it (a missing
 * program is then exit status 127 with the shell's message on stderr),
 * since proc_run() does not tell the pid. Returns
 * res->status (>= 0), ERR_TIMEOUT (res->timed_out set, output so far
 * kept), or -1 / ERR_NOTFOUND with err_last() when the command could not
 * start.
 */
int mod_run(struct mod_result *res, const struct mod_ctx *c,
	    const char *const *argv, const struct proc_opts *o);

/*
 * The environment entry "PATH=..." that system tools (dpkg-query,
 * apt-get, service, systemctl, update-rc.d) run with: the minion's own
 * PATH followed by those of /usr/local/sbin, /usr/local/bin, /usr/sbin,
 * /usr/bin, /sbin and /bin it lacks. Computed once; borrowed.
 */
const char *mod_tool_path(void);

/* Runs the function of a custom module (mod_custom.c): 1 with *out an
 * error string when there is no such module function. */
int mod_custom_call(json_t **out, const struct mod_ctx *c, const char *fun,
		    json_t *args, json_t *kwargs);
/* Appends the functions of the custom modules to the array `list`. */
void mod_custom_list(json_t *list, const struct mod_ctx *c);

#endif
