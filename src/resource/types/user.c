/* SPDX-License-Identifier: MIT */
/* user.c: the user type, local users through useradd and its ilk */
#include "util/compat.h"
#include <ctype.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "resource/typeutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"

/*
 * Puppet 7's useradd provider:
 *  1. read the user from <root>/etc/passwd, its password and expiry from
 *     <root>/etc/shadow (unreadable: both absent, as Puppet without
 *     libshadow), its supplementary groups from <root>/etc/group;
 *  2. ensure => absent: userdel [-r] NAME when it exists;
 *  3. missing: useradd with every property given, flags sorted by
 *     property name as Puppet does (-c -e -g -G -d -s -u), then -o, -m/-M,
 *     -r and NAME; the password is then set with `chpasswd -e` on stdin
 *     (never on a command line); one event, "created";
 *  4. present: one command per property out of sync, in the type's
 *     property order: home, uid, gid, comment, shell, password, groups,
 *     expiry; each recorded with Puppet's message.
 * groups with membership => minimum (the default) wants current + listed;
 * inclusive wants exactly the list; both compared sorted. A gid given by
 * name is resolved in <root>/etc/group. With c->root set, the shadow tools
 * get -P ROOT (chpasswd has no prefix option). With c->noop the events are
 * recorded and nothing runs.
 */

static const char *const params[] = {
	"name",
	"ensure",
	"uid",
	"gid",
	"groups",
	"membership",
	"home",
	"managehome",
	"shell",
	"comment",
	"password",
	"system",
	"expiry",
	"allowdupe",
	"forcelocal",
	"purge_ssh_keys",
	"password_min_age",
	"password_max_age",
	"password_warn_days",
	"roles",
	"role_membership",
	"auths",
	"auth_membership",
	"profiles",
	"profile_membership",
	"keys",
	"key_membership",
	"project",
	"ia_load_module",
	"attributes",
	"attribute_membership",
	"salt",
	"iterations",
	"loginclass",
	"provider",
};

/* The properties that make Puppet manage a user whose ensure is unset. */
static const char *const props[] = {
	"home",	 "uid",	     "gid",    "comment",
	"shell", "password", "groups", "expiry",
};

struct uentry {
	bool exists;
	const char *uid, *gid, *comment, *home, *shell;
	const char *password; /* NULL: absent (no shadow entry or unreadable) */
	const char *expiry;   /* YYYY-MM-DD, or NULL: absent */
	const char **groups;  /* supplementary groups, /etc/group order */
	size_t ngroups;
};

/*
 * Calls fn for each line of <root>/etc/FILE split on ':'; stops when fn
 * returns nonzero. A missing file has no lines; -1 when unreadable.
 */
static int each_entry(struct rtype_ctx *c, const char *file,
		      int (*fn)(const char **f, size_t n, void *payload),
		      void *payload)
{
	struct buf text = BUF_INIT;
	int rc = file_read(&text, tu_etc_path(c, file));
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc < 0)
		return -1;
	for (const char *p = text.ptr; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && *p != '#') {
			const char **f;
			char *line = arena_memdupz(c->arena, p, len);
			size_t n = tu_split(c, &f, line, ':', true);
			if (fn(f, n, payload))
				break;
		}
		p += len + (nl != NULL);
	}
	buf_release(&text);
	return 0;
}

struct lookup {
	struct rtype_ctx *c;
	const char *name;
	struct uentry *u;
	const char *found; /* group lookups: the gid */
};

static int passwd_line(const char **f, size_t n, void *payload)
{
	struct lookup *l = payload;
	if (n < 7 || strcmp(f[0], l->name))
		return 0;
	l->u->exists = true;
	l->u->uid = f[2];
	l->u->gid = f[3];
	l->u->comment = f[4];
	l->u->home = f[5];
	l->u->shell = f[6];
	return 1;
}

/* Shadow's expiry is days since 1970-01-01; empty or -1 is absent. */
static const char *expiry_date(struct rtype_ctx *c, const char *days)
{
	if (!*days || *days == '-')
		return NULL;
	time_t t = (time_t)strtoll(days, NULL, 10) * 86400;
	struct tm tm;
	char out[32];
	gmtime_r(&t, &tm);
	strftime(out, sizeof(out), "%Y-%m-%d", &tm);
	return arena_strdup(c->arena, out);
}

static int shadow_line(const char **f, size_t n, void *payload)
{
	struct lookup *l = payload;
	if (n < 2 || strcmp(f[0], l->name))
		return 0;
	l->u->password = f[1];
	l->u->expiry = n >= 8 ? expiry_date(l->c, f[7]) : NULL;
	return 1;
}

static int group_line(const char **f, size_t n, void *payload)
{
	struct lookup *l = payload;
	if (n < 4)
		return 0;
	const char **mem;
	size_t nm = tu_split(l->c, &mem, f[3], ',', false);
	for (size_t i = 0; i < nm; i++) {
		if (!strcmp(mem[i], l->name)) {
			struct uentry *u = l->u;
			u->groups = arena_realloc(
				l->c->arena, u->groups,
				u->ngroups * sizeof(*u->groups),
				(u->ngroups + 1) * sizeof(*u->groups));
			u->groups[u->ngroups++] = f[0];
			break;
		}
	}
	return 0;
}

static int gid_line(const char **f, size_t n, void *payload)
{
	struct lookup *l = payload;
	if (n < 3 || strcmp(f[0], l->name))
		return 0;
	l->found = f[2];
	return 1;
}

/* Reads the user's state; -1 with err_set() when passwd is unreadable. */
static int read_user(struct rtype_ctx *c, struct uentry *u, const char *name)
{
	memset(u, 0, sizeof(*u));
	struct lookup l = {.c = c, .name = name, .u = u};
	if (each_entry(c, "passwd", passwd_line, &l) < 0)
		return -1;
	if (!u->exists)
		return 0;
	each_entry(c, "shadow", shadow_line, &l); /* unreadable: absent */
	if (each_entry(c, "group", group_line, &l) < 0)
		return -1;
	return 0;
}

/* The gid of group `name` in <root>/etc/group, or NULL. */
static const char *group_gid(struct rtype_ctx *c, const char *name)
{
	struct lookup l = {.c = c, .name = name};
	if (each_entry(c, "group", gid_line, &l) < 0)
		return NULL;
	return l.found;
}

/* The groups parameter as a list of strings (a string is one group). */
static size_t want_groups(struct rtype_ctx *c, const struct resource *r,
			  const char ***out)
{
	const struct value *v = rparam(r, "groups");
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	const char **g = arena_alloc(c->arena, (n + 1) * sizeof(*g));
	for (size_t i = 0; i < n; i++) {
		const struct value *e =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		struct buf b = BUF_INIT;
		val_to_s(&b, e);
		g[i] = arena_memdupz(c->arena, b.ptr, b.len);
		buf_release(&b);
	}
	*out = g;
	return n;
}

static bool valid_field(const char *s)
{
	return !strchr(s, ':') && !strchr(s, '\n') && !strchr(s, '\r');
}

static bool valid_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i])
				    : s[i] != '-')
			return false;
	return true;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	const char *ensure = rparam_str(c, r, "ensure", "present");
	if (strcmp(ensure, "present") && strcmp(ensure, "absent") &&
	    strcmp(ensure, "role")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value '%s'. Valid values are present, absent, role",
			ensure);
		return -1;
	}
	const char *name = rparam_namevar(r, "name");
	if (!tu_valid_name(name)) {
		*msg = arena_strfmt(c->arena, "Invalid user name '%s'", name);
		return -1;
	}
	const char *uid = rparam_str(c, r, "uid", NULL);
	if (uid && !tu_is_number(uid)) {
		*msg = arena_strfmt(c->arena, "Invalid UID %s", uid);
		return -1;
	}
	const char *gid = rparam_str(c, r, "gid", NULL);
	if (gid && !tu_is_number(gid) && !tu_valid_name(gid)) {
		*msg = arena_strfmt(c->arena, "Invalid GID %s", gid);
		return -1;
	}
	if (rparam(r, "groups")) {
		const char **g;
		size_t n = want_groups(c, r, &g);
		for (size_t i = 0; i < n; i++) {
			if (!*g[i]) {
				*msg = "Group names must not be empty. If you want to specify \"no groups\" pass an empty array";
				return -1;
			}
			if (tu_is_number(g[i]) && *g[i] != '-') {
				*msg = "Group names must be provided, not GID numbers.";
				return -1;
			}
			if (strchr(g[i], ',')) {
				*msg = "Group names must be provided as an array, not a comma-separated list.";
				return -1;
			}
			if (!tu_valid_name(g[i])) {
				*msg = arena_strfmt(c->arena,
						    "Invalid group name '%s'",
						    g[i]);
				return -1;
			}
		}
	}
	const char *m = rparam_str(c, r, "membership", "minimum");
	if (strcmp(m, "minimum") && strcmp(m, "inclusive")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value '%s'. Valid values are inclusive, minimum",
			m);
		return -1;
	}
	const char *pw = rparam_str(c, r, "password", NULL);
	if (pw && strchr(pw, ':')) {
		*msg = "Passwords cannot include ':'";
		return -1;
	}
	if (pw && !valid_field(pw)) {
		*msg = "Passwords cannot include a newline";
		return -1;
	}
	static const char *const fields[] = {"home", "shell", "comment"};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *s = rparam_str(c, r, fields[i], NULL);
		if (s && !valid_field(s)) {
			*msg = arena_strfmt(
				c->arena, "%s cannot include ':' or a newline",
				fields[i]);
			return -1;
		}
	}
	const char *ex = rparam_str(c, r, "expiry", NULL);
	if (ex && strcmp(ex, "absent") && !valid_date(ex)) {
		*msg = "Expiry dates must be YYYY-MM-DD or the string \"absent\"";
		return -1;
	}
	static const char *const bools[] = {
		"managehome",
		"system",
		"allowdupe",
		"forcelocal",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bools); i++) {
		if (rparam_bool(r, bools[i], 0) < 0) {
			*msg = arena_strfmt(
				c->arena,
				"Invalid value for '%s': expected true or false",
				bools[i]);
			return -1;
		}
	}
	return 0;
}

/* Puppet checks the shell before it uses it: it must exist and run. */
static int check_shell(struct rtype_ctx *c, struct rstate *st, const char *sh)
{
	if (c->noop)
		return 0;
	const char *path = c->root && *c->root
				   ? arena_strfmt(c->arena, "%s%s", c->root, sh)
				   : sh;
	struct stat sb;
	if (stat(path, &sb) < 0)
		return rstate_fail(c, st, "Shell %s must exist", sh);
	if (access(path, X_OK) < 0)
		return rstate_fail(c, st, "Shell %s must be executable", sh);
	return 0;
}

static int set_password(struct rtype_ctx *c, struct rstate *st,
			const char *name, const char *pw)
{
	struct tu_argv a = {0};
	tu_argv_start(c, &a, "chpasswd", false);
	tu_argv_add(c, &a, "-e");
	return tu_argv_run(
		c, st, &a, arena_strfmt(c->arena, "%s:%s\n", name, pw),
		arena_strfmt(c->arena, "set password on user %s", name));
}

/* The groups wanted, sorted, comma-joined (membership applied to cur). */
static const char *should_groups(struct rtype_ctx *c, const struct resource *r,
				 const struct uentry *u, const char ***list,
				 size_t *n)
{
	const char **g;
	size_t ng = want_groups(c, r, &g);
	bool inclusive =
		!strcmp(rparam_str(c, r, "membership", "minimum"), "inclusive");
	size_t nall = ng + (inclusive ? 0 : u->ngroups);
	const char **all = arena_alloc(c->arena, (nall + 1) * sizeof(*all));
	if (ng)
		memcpy(all, g, ng * sizeof(*all));
	if (!inclusive && u->ngroups)
		memcpy(all + ng, u->groups, u->ngroups * sizeof(*all));
	*n = tu_sort_uniq(all, nall);
	*list = all;
	return tu_join(c, all, *n, ",", false);
}

static int create(struct rtype_ctx *c, const struct resource *r,
		  struct rstate *st, const char *name)
{
	struct tu_argv a = {0};
	struct uentry none = {0};
	rstate_event(c, st, "ensure", "absent", "present", "created");
	const char *shell = rparam_str(c, r, "shell", NULL);
	if (shell && check_shell(c, st, shell) < 0)
		return -1;
	tu_argv_start(c, &a, "useradd", true);
	const char *gid = rparam_str(c, r, "gid", NULL);
	if (!gid && group_gid(c, name)) {
		tu_argv_add(c, &a, "-g");
		tu_argv_add(c, &a, name);
	}
	/* Puppet's order: properties sorted by name */
	const char *v;
	if ((v = rparam_str(c, r, "comment", NULL)) && *v) {
		tu_argv_add(c, &a, "-c");
		tu_argv_add(c, &a, v);
	}
	if ((v = rparam_str(c, r, "expiry", NULL)) && strcmp(v, "absent")) {
		tu_argv_add(c, &a, "-e");
		tu_argv_add(c, &a, v);
	}
	if (gid && *gid) {
		tu_argv_add(c, &a, "-g");
		tu_argv_add(c, &a, gid);
	}
	if (rparam(r, "groups")) {
		const char **l;
		size_t n;
		const char *g = should_groups(c, r, &none, &l, &n);
		if (*g) {
			tu_argv_add(c, &a, "-G");
			tu_argv_add(c, &a, g);
		}
	}
	if ((v = rparam_str(c, r, "home", NULL)) && *v) {
		tu_argv_add(c, &a, "-d");
		tu_argv_add(c, &a, v);
	}
	if (shell && *shell) {
		tu_argv_add(c, &a, "-s");
		tu_argv_add(c, &a, shell);
	}
	if ((v = rparam_str(c, r, "uid", NULL)) && *v) {
		tu_argv_add(c, &a, "-u");
		tu_argv_add(c, &a, v);
	}
	if (rparam_bool(r, "allowdupe", 0) == 1)
		tu_argv_add(c, &a, "-o");
	tu_argv_add(c, &a, rparam_bool(r, "managehome", 0) == 1 ? "-m" : "-M");
	if (rparam_bool(r, "system", 0) == 1)
		tu_argv_add(c, &a, "-r");
	tu_argv_add(c, &a, name);
	if (tu_argv_run(c, st, &a, NULL,
			arena_strfmt(c->arena, "create user %s", name)) < 0)
		return -1;
	const char *pw = rparam_str(c, r, "password", NULL);
	if (pw)
		return set_password(c, st, name, pw);
	return 0;
}

/* usermod FLAG VALUE NAME, for one property out of sync. */
static int modify(struct rtype_ctx *c, const struct resource *r,
		  struct rstate *st, const char *name, const char *property,
		  const char *flag, const char *value)
{
	struct tu_argv a = {0};
	tu_argv_start(c, &a, "usermod", true);
	tu_argv_add(c, &a, flag);
	tu_argv_add(c, &a, value);
	if (!strcmp(property, "uid") && rparam_bool(r, "allowdupe", 0) == 1)
		tu_argv_add(c, &a, "-o");
	tu_argv_add(c, &a, name);
	return tu_argv_run(
		c, st, &a, NULL,
		arena_strfmt(c->arena, "set %s on user %s", property, name));
}

/* home, comment, shell: "home changed '/a' to '/b'". */
static int sync_text(struct rtype_ctx *c, const struct resource *r,
		     struct rstate *st, const char *name, const char *property,
		     const char *flag, const char *is)
{
	const char *should = rparam_str(c, r, property, NULL);
	if (!should || !strcmp(should, is))
		return 0;
	rstate_event(c, st, property, is, should, "%s changed '%s' to '%s'",
		     property, is, should);
	if (!strcmp(property, "shell") && check_shell(c, st, should) < 0)
		return -1;
	return modify(c, r, st, name, property, flag, should);
}

static int update(struct rtype_ctx *c, const struct resource *r,
		  struct rstate *st, const char *name, const struct uentry *u)
{
	if (sync_text(c, r, st, name, "home", "-d", u->home) < 0)
		return -1;
	const char *uid = rparam_str(c, r, "uid", NULL);
	if (uid && strtoll(uid, NULL, 10) != strtoll(u->uid, NULL, 10)) {
		rstate_event(c, st, "uid", u->uid, uid, "uid changed %s to %s",
			     u->uid, uid);
		if (modify(c, r, st, name, "uid", "-u", uid) < 0)
			return -1;
	}
	const char *gid = rparam_str(c, r, "gid", NULL);
	if (gid) {
		bool numeric = tu_is_number(gid);
		const char *num = numeric ? gid : group_gid(c, gid);
		if (!num ||
		    strtoll(num, NULL, 10) != strtoll(u->gid, NULL, 10)) {
			if (numeric)
				rstate_event(c, st, "gid", u->gid, gid,
					     "gid changed %s to %s", u->gid,
					     gid);
			else
				rstate_event(c, st, "gid", u->gid, gid,
					     "gid changed %s to '%s'", u->gid,
					     gid);
			if (!num && !c->noop)
				return rstate_fail(c, st,
						   "Could not find group(s) %s",
						   gid);
			if (modify(c, r, st, name, "gid", "-g", num) < 0)
				return -1;
		}
	}
	if (sync_text(c, r, st, name, "comment", "-c", u->comment) < 0 ||
	    sync_text(c, r, st, name, "shell", "-s", u->shell) < 0)
		return -1;
	const char *pw = rparam_str(c, r, "password", NULL);
	if (pw && (!u->password || strcmp(pw, u->password))) {
		rstate_event(c, st, "password", "[redacted]", "[redacted]",
			     "changed [redacted] to [redacted]");
		if (set_password(c, st, name, pw) < 0)
			return -1;
	}
	if (rparam(r, "groups")) {
		const char **cur =
			arena_alloc(c->arena, (u->ngroups + 1) * sizeof(*cur));
		if (u->ngroups)
			memcpy(cur, u->groups, u->ngroups * sizeof(*cur));
		const char *is = tu_join(c, cur, u->ngroups, ",", false);
		size_t ncur = tu_sort_uniq(cur, u->ngroups);
		const char *sorted_is = tu_join(c, cur, ncur, ",", false);
		const char **l;
		size_t n;
		const char *should = should_groups(c, r, u, &l, &n);
		if (strcmp(sorted_is, should)) {
			rstate_event(c, st, "groups", is, should,
				     "groups changed %s to [%s]", is,
				     tu_join(c, l, n, ", ", true));
			if (modify(c, r, st, name, "groups", "-G", should) < 0)
				return -1;
		}
	}
	const char *ex = rparam_str(c, r, "expiry", NULL);
	if (ex) {
		bool want_absent = !strcmp(ex, "absent");
		if (want_absent && u->expiry) {
			rstate_event(c, st, "expiry", u->expiry, "absent",
				     "undefined 'expiry' from '%s'", u->expiry);
		} else if (!want_absent && !u->expiry) {
			rstate_event(c, st, "expiry", "absent", ex,
				     "defined 'expiry' as '%s'", ex);
		} else if (!want_absent && strcmp(ex, u->expiry)) {
			rstate_event(c, st, "expiry", u->expiry, ex,
				     "expiry changed '%s' to '%s'", u->expiry,
				     ex);
		} else {
			return 0;
		}
		return modify(c, r, st, name, "expiry", "-e",
			      want_absent ? "" : ex);
	}
	return 0;
}

static int converge(struct rtype_ctx *c, const struct resource *r,
		    struct rstate *st)
{
	const char *name = rparam_namevar(r, "name");
	const char *ensure = rparam_str(c, r, "ensure", NULL);
	struct uentry u;

	st->status = RS_UNCHANGED;
	if (!ensure) {
		/* Puppet manages the user only when a property is given */
		for (size_t i = 0; i < ARRAY_SIZE(props) && !ensure; i++)
			if (rparam(r, props[i]))
				ensure = "present";
		if (!ensure)
			return 0;
	}
	if (!strcmp(ensure, "role"))
		return rstate_fail(
			c, st,
			"Provider useradd does not support features manages_solaris_rbac; not managing attribute ensure");
	if (read_user(c, &u, name) < 0)
		return rstate_fail(c, st, "cannot read '%s': %s",
				   tu_etc_path(c, "passwd"), err_last());
	if (!strcmp(ensure, "absent")) {
		if (!u.exists)
			return 0;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
		struct tu_argv a = {0};
		tu_argv_start(c, &a, "userdel", true);
		if (rparam_bool(r, "managehome", 0) == 1)
			tu_argv_add(c, &a, "-r");
		tu_argv_add(c, &a, name);
		return tu_argv_run(
			c, st, &a, NULL,
			arena_strfmt(c->arena, "delete user %s", name));
	}
	if (!u.exists)
		return create(c, r, st, name);
	return update(c, r, st, name, &u);
}

static void autorequire(struct rtype_ctx *c, const struct resource *r,
			void (*add)(const char *type, const char *title,
				    void *payload),
			void *payload)
{
	const char *gid = rparam_str(c, r, "gid", NULL);
	if (gid && !tu_is_number(gid))
		add("Group", gid, payload);
	if (rparam(r, "groups")) {
		const char **g;
		size_t n = want_groups(c, r, &g);
		for (size_t i = 0; i < n; i++)
			if (*g[i])
				add("Group", g[i], payload);
	}
}

const struct rtype rtype_user = {
	.name = "user",
	.validate = validate,
	.sync = converge,
	.autorequire = autorequire,
};
