/* SPDX-License-Identifier: MIT */
/* mod_pkg.c: the pkg.* execution module for dpkg/apt (upgrade, install, remove, version, ...) */
#include "util/compat.h"
#include <ctype.h>
#include <fcntl.h>
#include <math.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/xalloc.h"

/*
 * Packages as Salt's aptpkg module handles them:
 *
 *  1. The installed packages come from dpkg's database, `dpkg-query -W`
 *     (name → version; foreign-architecture packages as name:arch).
 *  2. A change (pkg.upgrade, pkg.install, pkg.remove, pkg.purge) reads
 *     that list, runs apt-get non-interactively (DEBIAN_FRONTEND=
 *     noninteractive, --force-confold/--force-confdef: local changes to
 *     configuration files are kept) and reads the list again. The return
 *     is the difference, {pkg: {"old": v, "new": v}} with "" for absent,
 *     {} when nothing changed.
 *  3. When apt-get fails half-way, the packages it did change are not
 *     lost (Salt loses them): the return is {"changes": {...}, "error":
 *     "..."} with retcode 1.
 *
 * Changes are serialised on this machine: concurrent jobs (several
 * minions on one machine, or two jobs of one minion) take an flock on
 * /run/lock/tend-pkg.lock around before-apt-after, so each reports only
 * its own changes; apt-get itself waits for dpkg's lock of other tools
 * (DPkg::Lock::Timeout) instead of failing at once.
 *
 * Nothing refreshes the package lists unless asked (refresh=true runs
 * `apt-get update` first; Salt refreshes by default, which needs the
 * network on every call). pkg.upgrade and pkg.list_upgrades both use
 * `upgrade` (dist_upgrade=true: `dist-upgrade`), so that list_upgrades
 * shows what upgrade would do.
 */

/* The cap on what dpkg and apt print: read by us, never returned whole. */
#define TOOL_MAX_OUTPUT (256u << 20)

/* The environment additions of dpkg and apt commands. */
static const char *const *apt_env(void)
{
	static const char *env[] = {
		"DEBIAN_FRONTEND=noninteractive",
		"APT_LISTCHANGES_FRONTEND=none",
		"APT_LISTBUGS_FRONTEND=none",
		NULL,
		NULL,
	};
	env[3] = mod_tool_path();
	return env;
}

/* ---- pure parts ---- */

bool mod_pkg_name_valid(const char *s)
{
	if (!s ||
	    !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return false;
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	if (n < 2)
		return false;
	for (size_t i = 1; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && !strchr("+.-", s[i]))
			return false;
	if (!colon)
		return true;
	const char *arch = colon + 1;
	return *arch &&
	       !arch[strspn(arch, "abcdefghijklmnopqrstuvwxyz0123456789-")];
}

/* A version as apt takes it after '=': [A-Za-z0-9.+~:-], digit first. */
static bool version_valid(const char *s)
{
	return s && isdigit((unsigned char)s[0]) &&
	       !s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+~:-")];
}

json_t *mod_pkg_parse_dpkg(const char *dpkg_out, const char *native_arch)
{
	json_t *pkgs = json_object();
	struct buf name = BUF_INIT;
	for (const char *line = dpkg_out; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *l = xmemdupz(line, len);
		line = eol ? eol + 1 : NULL;
		/* STATUS \t NAME \t VERSION \t ARCH */
		char *f[4] = {l, NULL, NULL, NULL};
		for (int i = 1; i < 4 && f[i - 1]; i++) {
			char *tab = strchr(f[i - 1], '\t');
			if (tab) {
				*tab = '\0';
				f[i] = tab + 1;
			}
		}
		/* the status abbreviation: want, status, error ("ii ") */
		if (f[3] && strlen(f[0]) >= 2 && f[0][1] != 'n' &&
		    f[0][1] != 'c' && *f[1] && *f[2]) {
			buf_reset(&name);
			buf_addstr(&name, f[1]);
			if (*f[3] && strcmp(f[3], "all") &&
			    (!native_arch || strcmp(f[3], native_arch)))
				buf_addf(&name, ":%s", f[3]);
			json_object_set_new(pkgs, name.ptr,
					    mod_text(f[2], strlen(f[2])));
		}
		free(l);
	}
	buf_release(&name);
	return pkgs;
}

static const char *version_in(json_t *pkgs, const char *name)
{
	json_t *v = json_object_get(pkgs, name);
	return json_is_string(v) ? json_string_value(v) : "";
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *mod_pkg_diff(json_t *before, json_t *after)
{
	json_t *diff = json_object();
	const char *name;
	json_t *v;
	json_object_foreach(before, name, v)
	{
		const char *old = version_in(before, name);
		const char *new = version_in(after, name);
		if (strcmp(old, new))
			json_object_set_new(
				diff, name,
				json_pack("{ssss}", "new", new, "old", old));
	}
	json_object_foreach(after, name, v)
	{
		if (json_object_get(before, name))
			continue;
		json_object_set_new(diff, name,
				    json_pack("{ssss}", "new", version_in(after, name),
					      "old", ""));
	}
	/* Package names in order, "new" before "old": the seed's shape. */
	size_t n = json_object_size(diff), i = 0;
	const char **names = xcalloc(n ? n : 1, sizeof(*names));
	json_object_foreach(diff, name, v)
		names[i++] = name;
	qsort(names, n, sizeof(*names), cmp_names);
	json_t *sorted = json_object();
	for (i = 0; i < n; i++)
		json_object_set(sorted, names[i], json_object_get(diff, names[i]));
	free(names);
	json_decref(diff);
	return sorted;
}

json_t *mod_pkg_parse_sim(const char *apt_out)
{
	json_t *up = json_object();
	for (const char *line = apt_out; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *l = xmemdupz(line, len);
		line = eol ? eol + 1 : NULL;
		/* "Inst NAME [OLD] (NEW REPO [ARCH])" */
		if (!strncmp(l, "Inst ", 5)) {
			char *p = l + 5, *name = p;
			p += strcspn(p, " ");
			if (*p)
				*p++ = '\0';
			p += strspn(p, " ");
			if (*p == '[') {
				p += strcspn(p, "]");
				if (*p)
					p++;
				p += strspn(p, " ");
			}
			if (*p == '(' && *name) {
				char *ver = ++p;
				p += strcspn(p, " )");
				*p = '\0';
				if (*ver)
					json_object_set_new(up, name,
							    json_string(ver));
			}
		}
		free(l);
	}
	return up;
}

/* ---- dpkg and apt ---- */

/* The dpkg architecture of this machine (a new string); NULL if unknown. */
static char *native_arch(const struct mod_ctx *c)
{
	struct buf out = BUF_INIT;
	struct mod_result res = {.out = &out};
	const char *argv[] = {"dpkg", "--print-architecture", NULL};
	struct proc_opts po = {.env = apt_env(), .max_output = TOOL_MAX_OUTPUT};
	char *arch = NULL;
	if (mod_run(&res, c, argv, &po) == 0) {
		out.len = strcspn(out.ptr, "\n");
		out.ptr[out.len] = '\0';
		if (out.len)
			arch = buf_detach(&out, NULL);
	}
	buf_release(&out);
	return arch;
}

/* The installed packages, {name: version}: 0, or 1 with *out an error. */
static int installed(json_t **pkgs, json_t **out, const struct mod_ctx *c)
{
	struct buf o = BUF_INIT, e = BUF_INIT;
	struct mod_result res = {.out = &o, .err = &e};
	const char *argv[] = {
		"dpkg-query", "-W", "-f",
		"${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\n",
		NULL};
	struct proc_opts po = {.env = apt_env(), .max_output = TOOL_MAX_OUTPUT};
	int rc = mod_run(&res, c, argv, &po);
	*pkgs = NULL;
	if (rc != 0 || res.out_truncated) {
		if (rc < 0 && rc != ERR_TIMEOUT)
			mod_fail(out, "cannot run dpkg-query: %s", err_last());
		else if (res.out_truncated)
			mod_fail(
				out,
				"cannot list the installed packages: dpkg-query printed more than %zu bytes",
				o.len);
		else
			mod_fail(
				out,
				"cannot list the installed packages: dpkg-query %s: %s",
				res.timed_out ? "timed out" : "failed", e.ptr);
		buf_release(&o);
		buf_release(&e);
		return 1;
	}
	char *arch = native_arch(c);
	*pkgs = mod_pkg_parse_dpkg(o.ptr, arch);
	free(arch);
	buf_release(&o);
	buf_release(&e);
	return 0;
}

/* Trailing whitespace dropped: for messages. */
static void trim(struct buf *b)
{
	size_t n = b->len;
	while (n && isspace((unsigned char)b->ptr[n - 1]))
		n--;
	buf_setlen(b, n);
}

#define PKG_LOCK	  "/run/lock/tend-pkg.lock"
#define DEFAULT_LOCK_WAIT 600.0 /* seconds, when the job has no limit */

static double lock_wait(const struct mod_ctx *c)
{
	return c->timeout > 0 ? c->timeout : DEFAULT_LOCK_WAIT;
}

/*
 * Takes the machine's package lock: its fd (>= 0), -2 when there is no
 * lock file to take (no /run/lock: go on without), or -1 after waiting
 * longer than the job may.
 */
static int pkg_lock(const struct mod_ctx *c)
{
	int fd = open(PKG_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -2;
	struct timespec nap = {0, 100 * 1000 * 1000};
	for (double waited = 0; flock(fd, LOCK_EX | LOCK_NB) < 0;
	     waited += 0.1) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    waited >= lock_wait(c)) {
			close(fd);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
	return fd;
}

static void pkg_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/*
 * Runs apt-get with `args` (a NULL-terminated list after the common
 * options). 0 on success; otherwise -1 with `why` holding the reason
 * (apt's own stderr, else its stdout).
 */
static int apt_get(struct buf *why, const struct mod_ctx *c,
		   const char *const *args, bool simulate,
		   struct buf *stdout_out)
{
	const char *argv[64];
	char lock_opt[64];
	size_t n = 0;
	argv[n++] = "apt-get";
	argv[n++] = "-q";
	if (simulate) {
		argv[n++] = "-s";
	} else {
		snprintf(lock_opt, sizeof(lock_opt), "DPkg::Lock::Timeout=%.0f",
			 ceil(lock_wait(c)));
		argv[n++] = "-y";
		argv[n++] = "-o";
		argv[n++] = "DPkg::Options::=--force-confold";
		argv[n++] = "-o";
		argv[n++] = "DPkg::Options::=--force-confdef";
		argv[n++] = "-o";
		argv[n++] = lock_opt;
	}
	for (size_t i = 0; args[i]; i++) {
		if (n + 2 > ARRAY_SIZE(argv))
			BUG("too many apt-get arguments");
		argv[n++] = args[i];
	}
	argv[n] = NULL;

	struct buf o = BUF_INIT, e = BUF_INIT;
	struct mod_result res = {.out = &o, .err = &e};
	struct proc_opts po = {.env = apt_env(), .max_output = TOOL_MAX_OUTPUT};
	int rc = mod_run(&res, c, argv, &po);
	if (rc == 0) {
		if (stdout_out)
			buf_add(stdout_out, o.ptr, o.len);
		buf_release(&o);
		buf_release(&e);
		return 0;
	}
	/* "apt-get install hello=9.9 exited with 100: E: ..." */
	struct buf cmd = BUF_INIT;
	buf_addstr(&cmd, "apt-get ");
	proc_argv_str(&cmd, args);
	trim(&e);
	trim(&o);
	if (rc == ERR_TIMEOUT)
		buf_addf(why, "%s timed out", cmd.ptr);
	else if (rc < 0)
		buf_addf(why, "cannot run %s: %s", cmd.ptr, err_last());
	else
		buf_addf(why, "%s exited with %d", cmd.ptr, rc);
	if (e.len || o.len)
		buf_addf(why, ": %s", e.len ? e.ptr : o.ptr);
	buf_release(&cmd);
	buf_release(&o);
	buf_release(&e);
	return -1;
}

static int refresh(json_t **out, struct mod_req *r)
{
	if (!mod_get_bool(r, "refresh", false))
		return 0;
	struct buf why = BUF_INIT;
	const char *args[] = {"update", NULL};
	int rc = 0;
	int lock = pkg_lock(r->c);
	if (lock == -1)
		rc = mod_fail(
			out,
			"cannot refresh the package lists: another package operation holds '%s'",
			PKG_LOCK);
	else if (apt_get(&why, r->c, args, false, NULL) < 0)
		rc = mod_fail(out, "cannot refresh the package lists: %s",
			      why.ptr);
	pkg_unlock(lock);
	buf_release(&why);
	return rc;
}

/*
 * The change around one apt-get run: the installed packages before and
 * after, and the return (the difference, or {changes, error}).
 */
static int change(json_t **out, struct mod_req *r, const char *what,
		  const char *const *args)
{
	json_t *before, *after;
	int lock = pkg_lock(r->c);
	if (lock == -1)
		return mod_fail(
			out,
			"Problem encountered %s packages: another package operation holds '%s'",
			what, PKG_LOCK);
	if (installed(&before, out, r->c)) {
		pkg_unlock(lock);
		return 1;
	}
	struct buf why = BUF_INIT;
	int failed = apt_get(&why, r->c, args, false, NULL);
	int rc = installed(&after, out, r->c);
	pkg_unlock(lock);
	if (rc) {
		json_decref(before);
		buf_release(&why);
		return rc;
	}
	json_t *diff = mod_pkg_diff(before, after);
	json_decref(before);
	json_decref(after);
	if (failed) {
		struct buf msg = BUF_INIT;
		buf_addf(&msg, "Problem encountered %s packages: %s", what,
			 why.ptr);
		*out = json_object();
		json_object_set_new(*out, "changes", diff);
		json_object_set_new(*out, "error", mod_text(msg.ptr, msg.len));
		buf_release(&msg);
		buf_release(&why);
		return 1;
	}
	buf_release(&why);
	*out = diff;
	return 0;
}

/*
 * The package names of a call: positional args, the `name` argument
 * (comma-separated, as Salt allows) and `pkgs` (a list of names or of
 * {name: version}). Each is validated; with `with_versions`, "name=ver"
 * entries are built from pkgs' versions and the `version` argument.
 * Appends to `names` (a JSON array of strings); 1 with *out on failure.
 */
static int collect_names(json_t **out, json_t *names, struct mod_req *r,
			 bool with_versions)
{
	json_t *words = json_array();
	size_t i;
	json_t *w;
	json_array_foreach(r->rest, i, w) json_array_append(words, w);
	json_t *name = mod_get(r, "name");
	if (name)
		json_array_append(words, name);
	int rc = 1;

	json_array_foreach(words, i, w)
	{
		if (!json_is_string(w)) {
			mod_fail(out, "%s: package names must be strings",
				 r->fun);
			goto out;
		}
		const char *s = json_string_value(w);
		while (*s) {
			size_t n = strcspn(s, ",");
			char *one = xmemdupz(s, n);
			char *t = one + strspn(one, " ");
			t[strcspn(t, " ")] = '\0';
			if (*t && !mod_pkg_name_valid(t)) {
				mod_fail(out, "%s: '%s' is not a package name",
					 r->fun, t);
				free(one);
				goto out;
			}
			if (*t)
				json_array_append_new(names, json_string(t));
			free(one);
			s += n;
			if (*s == ',')
				s++;
		}
	}

	json_t *pkgs = mod_get(r, "pkgs");
	if (pkgs && !json_is_array(pkgs)) {
		mod_fail(out, "%s: pkgs must be a list", r->fun);
		goto out;
	}
	json_array_foreach(pkgs, i, w)
	{
		const char *pname = NULL, *ver = NULL;
		if (json_is_string(w)) {
			pname = json_string_value(w);
		} else if (json_is_object(w) && json_object_size(w) == 1) {
			json_t *v = json_object_iter_value(json_object_iter(w));
			pname = json_object_iter_key(json_object_iter(w));
			if (json_is_string(v))
				ver = json_string_value(v);
			else if (!json_is_null(v))
				pname = NULL;
		}
		if (!pname || !mod_pkg_name_valid(pname)) {
			mod_fail(
				out,
				"%s: pkgs holds something that is not a package name: %s",
				r->fun, pname ? pname : "(not a string)");
			goto out;
		}
		if (ver && !with_versions) {
			ver = NULL;
		} else if (ver && !version_valid(ver)) {
			mod_fail(out, "%s: '%s' is not a package version",
				 r->fun, ver);
			goto out;
		}
		json_array_append_new(names,
				      ver ? json_sprintf("%s=%s", pname, ver)
					  : json_string(pname));
	}

	if (with_versions) {
		const char *ver = mod_get_str(r, "version", NULL);
		if (ver && json_array_size(names) != 1) {
			mod_fail(out, "%s: version needs exactly one package",
				 r->fun);
			goto out;
		}
		if (ver && !version_valid(ver)) {
			mod_fail(out, "%s: '%s' is not a package version",
				 r->fun, ver);
			goto out;
		}
		if (ver) {
			const char *only =
				json_string_value(json_array_get(names, 0));
			json_array_set_new(names, 0,
					   json_sprintf("%s=%s", only, ver));
		}
	}
	if (!json_array_size(names)) {
		mod_fail(out, "%s: no package named (give NAME or pkgs=[...])",
			 r->fun);
		goto out;
	}
	rc = 0;
out:
	json_decref(words);
	return rc;
}

/* apt-get ACTION with the strings of `names` after it. */
static int change_names(json_t **out, struct mod_req *r, const char *what,
			const char *action, json_t *names)
{
	size_t n = json_array_size(names);
	const char **args = xcalloc(n + 2, sizeof(*args));
	args[0] = action;
	for (size_t i = 0; i < n; i++)
		args[i + 1] = json_string_value(json_array_get(names, i));
	int rc = change(out, r, what, args);
	free(args);
	return rc;
}

static int install(json_t **out, struct mod_req *r)
{
	json_t *names = json_array();
	int rc = collect_names(out, names, r, true);
	if (!rc)
		rc = refresh(out, r);
	if (!rc)
		rc = change_names(out, r, "installing", "install", names);
	json_decref(names);
	return rc;
}

/* pkg.remove and pkg.purge: only installed packages are asked for. */
static int remove_or_purge(json_t **out, struct mod_req *r, const char *action)
{
	json_t *names = json_array(), *inst = NULL, *targets = json_array();
	int rc = collect_names(out, names, r, false);
	if (!rc)
		rc = installed(&inst, out, r->c);
	if (!rc) {
		size_t i;
		json_t *n;
		json_array_foreach(
			names, i,
			n) if (json_object_get(inst, json_string_value(n)))
			json_array_append(targets, n);
		if (json_array_size(targets))
			rc = change_names(out, r, "removing", action, targets);
		else
			*out = json_object();
	}
	json_decref(inst);
	json_decref(names);
	json_decref(targets);
	return rc;
}

static int remove_(json_t **out, struct mod_req *r)
{
	return remove_or_purge(out, r, "remove");
}

static int purge(json_t **out, struct mod_req *r)
{
	return remove_or_purge(out, r, "purge");
}

static int upgrade(json_t **out, struct mod_req *r)
{
	int rc = refresh(out, r);
	if (rc)
		return rc;
	const char *args[] = {mod_get_bool(r, "dist_upgrade", false)
				      ? "dist-upgrade"
				      : "upgrade",
			      NULL};
	return change(out, r, "upgrading", args);
}

static int list_upgrades(json_t **out, struct mod_req *r)
{
	int rc = refresh(out, r);
	if (rc)
		return rc;
	const char *args[] = {mod_get_bool(r, "dist_upgrade", false)
				      ? "dist-upgrade"
				      : "upgrade",
			      NULL};
	struct buf why = BUF_INIT, sim = BUF_INIT;
	if (apt_get(&why, r->c, args, true, &sim) < 0)
		rc = mod_fail(out, "cannot list the upgrades: %s", why.ptr);
	else
		*out = mod_pkg_parse_sim(sim.ptr);
	buf_release(&why);
	buf_release(&sim);
	return rc;
}

static int list_pkgs(json_t **out, struct mod_req *r)
{
	json_t *pkgs;
	if (installed(&pkgs, out, r->c))
		return 1;
	*out = pkgs;
	return 0;
}

/* The names of r->rest, validated; 1 with *out when one is not a name. */
static int plain_names(json_t **out, struct mod_req *r)
{
	size_t i;
	json_t *n;
	if (!json_array_size(r->rest))
		return mod_fail(out, "%s: no package named", r->fun);
	json_array_foreach(r->rest, i, n)
	{
		if (!json_is_string(n) ||
		    !mod_pkg_name_valid(json_string_value(n)))
			return mod_fail(out, "%s: '%s' is not a package name",
					r->fun,
					json_is_string(n) ? json_string_value(n)
							  : "(not a string)");
	}
	return 0;
}

/* "name" or "name:ARCH" for the native arch: the key in `pkgs`. */
static const char *lookup_version(json_t *pkgs, const char *name)
{
	const char *v = version_in(pkgs, name);
	const char *colon = strchr(name, ':');
	if (*v || !colon)
		return v;
	char *base = xmemdupz(name, (size_t)(colon - name));
	v = version_in(pkgs, base);
	free(base);
	return v;
}

/* One name: a string; several: {name: string}. */
static json_t *one_or_dict(json_t *dict, size_t n)
{
	if (n != 1)
		return dict;
	json_t *v = json_incref(json_object_iter_value(json_object_iter(dict)));
	json_decref(dict);
	return v;
}

static int version(json_t **out, struct mod_req *r)
{
	json_t *pkgs;
	if (plain_names(out, r) || installed(&pkgs, out, r->c))
		return 1;
	json_t *dict = json_object();
	size_t i;
	json_t *n;
	json_array_foreach(r->rest, i, n)
	{
		const char *name = json_string_value(n);
		json_object_set_new(dict, name,
				    json_string(lookup_version(pkgs, name)));
	}
	json_decref(pkgs);
	*out = one_or_dict(dict, json_array_size(r->rest));
	return 0;
}

/* The candidate version in `apt-cache policy` output; "" when none. */
static char *policy_candidate(const char *policy)
{
	const char *p = strstr(policy, "Candidate:");
	if (!p)
		return xstrdup("");
	p += strlen("Candidate:");
	p += strspn(p, " \t");
	size_t n = strcspn(p, " \t\n");
	if (n == 6 && !strncmp(p, "(none)", 6))
		n = 0;
	return xmemdupz(p, n);
}

static int latest_version(json_t **out, struct mod_req *r)
{
	json_t *pkgs;
	int rc = plain_names(out, r);
	if (!rc)
		rc = refresh(out, r);
	if (rc || installed(&pkgs, out, r->c))
		return 1;
	json_t *dict = json_object();
	size_t i;
	json_t *n;
	json_array_foreach(r->rest, i, n)
	{
		const char *name = json_string_value(n);
		struct buf o = BUF_INIT;
		struct mod_result res = {.out = &o};
		const char *argv[] = {"apt-cache", "policy", name, NULL};
		struct proc_opts po = {.env = apt_env(),
				       .max_output = TOOL_MAX_OUTPUT};
		char *cand = NULL;
		if (mod_run(&res, r->c, argv, &po) == 0)
			cand = policy_candidate(o.ptr);
		/* Salt: "" when the latest version is already installed */
		const char *inst = lookup_version(pkgs, name);
		json_object_set_new(
			dict, name,
			json_string(cand && strcmp(cand, inst) ? cand : ""));
		free(cand);
		buf_release(&o);
	}
	json_decref(pkgs);
	*out = one_or_dict(dict, json_array_size(r->rest));
	return 0;
}

/* clang-format off */
#define NAME_PARAMS \
	{ "name", MOD_STR, MOD_KW }, { "pkgs", MOD_ANY, MOD_KW }, \
	{ "refresh", MOD_BOOL, MOD_KW }
/* clang-format on */

/* clang-format off */
const struct mod_func mod_pkg_funcs[] = {
	{ "pkg.upgrade", upgrade,
	  "Upgrades every package (apt-get upgrade); returns {pkg: {old, new}}.",
	  0,
	  { { "refresh", MOD_BOOL, MOD_KW },
	    { "dist_upgrade", MOD_BOOL, MOD_KW } } },
	{ "pkg.list_upgrades", list_upgrades,
	  "The packages an upgrade would change: {pkg: new version}.", 0,
	  { { "refresh", MOD_BOOL, MOD_KW },
	    { "dist_upgrade", MOD_BOOL, MOD_KW } } },
	{ "pkg.install", install,
	  "Installs the NAMEs (or pkgs=[...]); returns {pkg: {old, new}}.",
	  MOD_VARARGS, { NAME_PARAMS, { "version", MOD_STR, MOD_KW } } },
	{ "pkg.remove", remove_,
	  "Removes the NAMEs (or pkgs=[...]); returns {pkg: {old, new}}.",
	  MOD_VARARGS, { NAME_PARAMS } },
	{ "pkg.purge", purge,
	  "Removes the NAMEs and their configuration files; returns {pkg: {old, new}}.",
	  MOD_VARARGS, { NAME_PARAMS } },
	{ "pkg.version", version,
	  "The installed version of NAME (\"\" when absent); {name: version} for several.",
	  MOD_VARARGS, { { 0 } } },
	{ "pkg.latest_version", latest_version,
	  "The version NAME would be upgraded or installed to (\"\" when up to date).",
	  MOD_VARARGS, { { "refresh", MOD_BOOL, MOD_KW } } },
	{ "pkg.list_pkgs", list_pkgs, "The installed packages: {pkg: version}.",
	  0, { { 0 } } },
	{ 0 },
};
/* clang-format on */
