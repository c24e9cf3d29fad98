/* SPDX-License-Identifier: MIT */
/* package.c: the package type with the apt provider (dpkg-query, apt-cache, apt-get) */
#include "util/compat.h"
#include <ctype.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/dpkgdb.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"

/*
 * A package, as Puppet 7's package type with the apt provider:
 *
 *  1. The current state from `dpkg-query -W -f '${Status}\t${Version}\n'`:
 *     the version when the status ends in "installed" (or has triggers
 *     pending), "purged" when it is "not-installed", "absent" for the rest
 *     (configuration files left, half-installed, unpacked). dpkg-query takes ~8 ms (it loads the whole
 *     database), so its answer is read from dpkg's status file instead
 *     (resource/dpkgdb.c), which gives the same lines; dpkg-query runs
 *     only where that reader cannot answer exactly.
 *  2. The desired state: present/installed (any version), latest (the
 *     candidate of `apt-cache policy`), a version, absent, purged.
 *  3. The change: apt-get install NAME (or NAME=VERSION), remove or purge,
 *     always non-interactive (DEBIAN_FRONTEND=noninteractive, keep old
 *     configuration files). A package that apt cannot find is an error
 *     that says so, before apt-get runs.
 *  4. The event, in Puppet's words: "created" (from absent or purged),
 *     "removed", "purged", else "ensure changed 'OLD' to 'NEW'".
 *
 * Names and versions are checked against Debian's syntax, so no value can
 * reach apt-get as an option.
 */

static const char *const params[] = {
	"name",
	"ensure",
	"provider",
	"install_options",
	"uninstall_options",
	"source",
	"responsefile",
	"allow_virtual",
	"configfiles",
	"adminfile",
	"category",
	"description",
	"instance",
	"platform",
	"root",
	"status",
	"vendor",
	"package_settings",
	"flavor",
	"reinstall_on_refresh",
	"mark",
	"install_only",
	"command",
};

/* the lock timeout: wait for another apt or dpkg run instead of failing */
static const char *const apt_opts[] = {
	"-q", "-y", "-o", "DPkg::Options::=--force-confold", "-o",
	"DPkg::Options::=--force-confdef", "-o", "DPkg::Lock::Timeout=300",
};

static const char *const apt_env[] = {
	"DEBIAN_FRONTEND=noninteractive",
	"APT_LISTCHANGES_FRONTEND=none",
	NULL,
};

/* Debian package names: [a-z0-9][a-z0-9+.-]+, an optional :arch. */
static bool valid_name(const char *s)
{
	if (!isalnum((unsigned char)s[0]))
		return false;
	const char *colon = strchr(s, ':');
	for (const char *p = s; *p && p != colon; p++)
		if (!isalnum((unsigned char)*p) && !strchr("+.-_", *p))
			return false;
	if (colon) {
		if (!colon[1])
			return false;
		for (const char *p = colon + 1; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-')
				return false;
	}
	return true;
}

/* Debian versions: [epoch:]upstream[-revision], starting with a digit. */
static bool valid_version(const char *s)
{
	if (!isdigit((unsigned char)s[0]))
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".+:~-", *p))
			return false;
	return true;
}

static bool is_keyword(const char *e)
{
	static const char *const kw[] = {"present", "installed", "latest",
					 "absent", "purged"};
	for (size_t i = 0; i < ARRAY_SIZE(kw); i++)
		if (!strcmp(e, kw[i]))
			return true;
	return false;
}

/* install_options/uninstall_options: strings, or hashes {opt => value}
 * giving "opt=value". */
static const char **options(struct rtype_ctx *c, const struct resource *r,
			    const char *name, size_t *n_out)
{
	const struct value *v = rparam(r, name);
	*n_out = 0;
	if (!v)
		return NULL;
	size_t cnt = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	size_t total = 0;
	for (size_t i = 0; i < cnt; i++) {
		const struct value *e =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		total += e->kind == VAL_HASH ? e->u.h.n : 1;
	}
	const char **out = arena_alloc(c->arena, (total + 1) * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < cnt; i++) {
		const struct value *e =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		struct buf b = BUF_INIT;
		if (e->kind == VAL_HASH) {
			for (size_t j = 0; j < e->u.h.n; j++) {
				buf_reset(&b);
				val_to_s(&b, e->u.h.e[j].key);
				buf_addch(&b, '=');
				val_to_s(&b, e->u.h.e[j].val);
				out[k++] =
					arena_memdupz(c->arena, b.ptr, b.len);
			}
		} else {
			val_to_s(&b, e);
			out[k++] = arena_memdupz(c->arena, b.ptr, b.len);
		}
		buf_release(&b);
	}
	*n_out = k;
	return out;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	const char *prov = rparam_str(c, r, "provider", NULL);
	if (prov && strcmp(prov, "apt") && strcmp(prov, "dpkg")) {
		*msg = arena_strfmt(
			c->arena, "provider '%s' is not supported here", prov);
		return -1;
	}
	const char *name = rparam_namevar(r, "name");
	if (!valid_name(name)) {
		*msg = arena_strfmt(c->arena, "invalid package name '%s'",
				    name);
		return -1;
	}
	const char *e = rparam_str(c, r, "ensure", "present");
	if (!is_keyword(e) && !valid_version(e)) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value '%s'. Valid values are present, absent, purged, latest, installed, or a version.",
			e);
		return -1;
	}
	return 0;
}

/*
 * dpkg's database directory as dpkg-query finds it, or NULL when only
 * dpkg-query can tell (DPKG_ADMINDIR or DPKG_ROOT in the environment).
 * The test prefix (c->root) holds a machine of its own.
 */
static const char *admindir(struct rtype_ctx *c)
{
	if (c->root && *c->root && strcmp(c->root, "/"))
		return arena_strfmt(c->arena, "%s/var/lib/dpkg", c->root);
	if (getenv("DPKG_ADMINDIR") || getenv("DPKG_ROOT"))
		return NULL;
	return "/var/lib/dpkg";
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && !memcmp(s + len - n, suffix, n);
}

/* The installed version (in c->arena), or "absent"/"purged". -1 on error. */
static int query(struct rtype_ctx *c, const char *name, const char **out,
		 struct rstate *st)
{
	struct buf o = BUF_INIT, err = BUF_INIT;
	const char *adm = admindir(c);
	if (!adm || dpkgdb_query(&o, adm, name) < 0) {
		const char *argv[] = {"dpkg-query", "-W", "-f",
				      "${Status}\t${Version}\n", "--", name,
				      NULL, NULL};
		if (adm && strcmp(adm, "/var/lib/dpkg")) {
			memmove(argv + 2, argv + 1, 6 * sizeof(*argv));
			argv[1] = arena_strfmt(c->arena, "--admindir=%s", adm);
		}
		buf_reset(&o);
		int rc = proc_run(&o, &err, argv, NULL);
		if (rc < 0) {
			buf_release(&o);
			buf_release(&err);
			return rstate_fail(c, st, "cannot run dpkg-query: %s",
					   err_last());
		}
	}
	*out = "purged";
	/* one line per architecture; the first installed one wins */
	for (char *line = o.ptr; *line;) {
		char *nl = strchrnul(line, '\n');
		char *tab = memchr(line, '\t', (size_t)(nl - line));
		if (tab) {
			/* Puppet's dpkg provider: installed (triggers pending or
			 * not) is the version, not-installed "purged", any other
			 * state (config-files, half-installed, unpacked,
			 * half-configured) "absent" */
			size_t slen = (size_t)(tab - line);
			if (ends_with(line, slen, " installed") ||
			    ends_with(line, slen, " triggers-pending") ||
			    ends_with(line, slen, " triggers-awaited")) {
				*out = arena_memdupz(c->arena, tab + 1,
						     (size_t)(nl - tab - 1));
				break;
			}
			if (slen && !ends_with(line, slen, " not-installed"))
				*out = "absent";
		}
		line = *nl ? nl + 1 : nl;
	}
	buf_release(&o);
	buf_release(&err);
	return 0;
}

/* The candidate version of `apt-cache policy`, or NULL when none. */
static const char *candidate(struct rtype_ctx *c, const char *name)
{
	struct buf o = BUF_INIT;
	const char *argv[] = {"apt-cache", "policy", "--", name, NULL};
	const char *res = NULL;
	if (proc_run(&o, NULL, argv, NULL) == 0) {
		const char *p = strstr(o.ptr, "Candidate: ");
		if (p) {
			p += strlen("Candidate: ");
			size_t len = strcspn(p, "\n");
			if (len && strncmp(p, "(none)", len))
				res = arena_memdupz(c->arena, p, len);
		}
	}
	buf_release(&o);
	return res;
}

/* The lines of apt's output worth showing: its E: lines, else the tail. */
static void apt_excerpt(struct buf *msg, const struct buf *out)
{
	bool any = false;
	for (const char *line = out->ptr; *line;) {
		const char *nl = strchrnul(line, '\n');
		if (!strncmp(line, "E: ", 3)) {
			buf_addstr(msg, any ? "\n" : "");
			buf_add(msg, line, (size_t)(nl - line));
			any = true;
		}
		line = *nl ? nl + 1 : nl;
	}
	if (any)
		return;
	size_t len = out->len;
	while (len && out->ptr[len - 1] == '\n')
		len--;
	size_t start = len;
	for (int lines = 0; start && lines < 5; start--)
		if (out->ptr[start - 1] == '\n' && ++lines == 5)
			break;
	buf_add(msg, out->ptr + start, len - start);
}

/* Runs an apt-get/dpkg command line; -1 with st failed. */
static int run_apt(struct rtype_ctx *c, struct rstate *st,
		   const char *const *argv)
{
	struct buf out = BUF_INIT;
	struct proc_opts o = {.env = apt_env, .merge_stderr = true};
	int rc = proc_run(&out, NULL, argv, &o);
	if (rc != 0) {
		struct buf msg = BUF_INIT;
		buf_addstr(&msg, "Execution of '");
		proc_argv_str(&msg, argv);
		if (rc > 0)
			buf_addf(&msg, "' returned %d: ", rc);
		else
			buf_addf(&msg, "' failed: %s", err_last());
		if (rc > 0)
			apt_excerpt(&msg, &out);
		rstate_fail(c, st, "%s", msg.ptr);
		buf_release(&msg);
		buf_release(&out);
		return -1;
	}
	buf_release(&out);
	return 0;
}

/* apt-get OPTS [extra...] [user options] ACTION NAME */
static int apt_get(struct rtype_ctx *c, const struct resource *r,
		   struct rstate *st, const char *action, const char *target,
		   const char *optparam, bool downgrades)
{
	size_t nuser;
	const char **user = options(c, r, optparam, &nuser);
	size_t n = 1 + ARRAY_SIZE(apt_opts) + 1 + nuser + 3 + 1;
	const char **argv = arena_alloc(c->arena, n * sizeof(*argv));
	size_t k = 0;
	argv[k++] = "apt-get";
	for (size_t i = 0; i < ARRAY_SIZE(apt_opts); i++)
		argv[k++] = apt_opts[i];
	if (downgrades)
		argv[k++] = "--allow-downgrades";
	for (size_t i = 0; i < nuser; i++)
		argv[k++] = user[i];
	argv[k++] = action;
	argv[k++] = target;
	argv[k] = NULL;
	return run_apt(c, st, argv);
}

static int install(struct rtype_ctx *c, const struct resource *r,
		   struct rstate *st, const char *name, const char *version)
{
	const char *src = rparam_str(c, r, "source", NULL);
	const char *prov = rparam_str(c, r, "provider", "apt");
	if (!strcmp(prov, "dpkg")) {
		if (!src)
			return rstate_fail(c, st,
					   "To install with the dpkg provider, 'source' must name a .deb file");
		const char *argv[] = {
			"dpkg", "--force-confold", "-i", "--", src, NULL};
		return run_apt(c, st, argv);
	}
	const char *target =
		version ? arena_strfmt(c->arena, "%s=%s", name, version) : name;
	return apt_get(c, r, st, "install", target, "install_options",
		       version != NULL);
}

static bool is_gone(const char *state)
{
	return !strcmp(state, "absent") || !strcmp(state, "purged");
}

static int do_sync(struct rtype_ctx *c, const struct resource *r,
		   struct rstate *st)
{
	const char *name = rparam_namevar(r, "name");
	const char *want = rparam_str(c, r, "ensure", "present");
	const char *is;
	st->status = RS_UNCHANGED;
	if (!strcmp(want, "installed"))
		want = "present";
	if (query(c, name, &is, st) < 0)
		return -1;
	bool installed = !is_gone(is);
	bool is_apt = strcmp(rparam_str(c, r, "provider", "apt"), "dpkg");
	const char *to = want;	    /* the version (or state) we move to */
	const char *version = NULL; /* install NAME=VERSION */
	enum { NOTHING, INSTALL, REMOVE, PURGE } act = NOTHING;

	if (!strcmp(want, "absent")) {
		if (installed)
			act = REMOVE;
	} else if (!strcmp(want, "purged")) {
		if (strcmp(is, "purged"))
			act = PURGE;
	} else {
		/* apt-cache policy costs ~0.4 s: only when it can matter. */
		bool need = !installed || !strcmp(want, "latest");
		const char *cand = is_apt && need ? candidate(c, name) : NULL;
		if (!installed && is_apt && !cand)
			return rstate_fail(c, st,
					   "package '%s' is not available from any apt source",
					   name);
		if (!strcmp(want, "present")) {
			if (!installed)
				act = INSTALL;
		} else if (!strcmp(want, "latest")) {
			if (!cand)
				return rstate_fail(
					c, st,
					"package '%s' has no candidate version from any apt source",
					name);
			to = cand;
			if (strcmp(is, cand))
				act = INSTALL;
		} else if (strcmp(is, want)) {
			version = want;
			act = INSTALL;
		}
	}
	if (act == NOTHING)
		return 0;
	if (!c->noop) {
		int rc = 0;
		if (act == INSTALL)
			rc = install(c, r, st, name, version);
		else
			rc = apt_get(c, r, st,
				     act == REMOVE ? "remove" : "purge", name,
				     "uninstall_options", false);
		if (rc < 0) {
			st->error = arena_strfmt(
				c->arena, "change from '%s' to '%s' failed: %s",
				is, want, st->error);
			return -1;
		}
		/* apt-get can succeed without installing what was asked */
		const char *now;
		if (query(c, name, &now, st) < 0)
			return -1;
		if (act == INSTALL && is_gone(now))
			return rstate_fail(
				c, st,
				"change from '%s' to '%s' failed: package '%s' is still not installed after apt-get install",
				is, want, name);
		if (act == INSTALL && !strcmp(want, "latest"))
			to = now;
	}
	if (c->noop)
		rstate_event(c, st, "ensure", is, want,
			     "current_value '%s', should be '%s' (noop)", is,
			     want);
	else if (act == PURGE)
		rstate_event(c, st, "ensure", is, want, "purged");
	else if (act == REMOVE)
		rstate_event(c, st, "ensure", is, want, "removed");
	else if (!installed)
		rstate_event(c, st, "ensure", is, want, "created");
	else
		rstate_event(c, st, "ensure", is, want,
			     "ensure changed '%s' to '%s'", is, to);
	return 0;
}

const struct rtype rtype_package = {
	.name = "package",
	.validate = validate,
	.sync = do_sync,
};
