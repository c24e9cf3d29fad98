/* SPDX-License-Identifier: MIT */
/* group.c: the group type, local groups through groupadd and its ilk */
#include "util/compat.h"
#include <ctype.h>
#include <stdlib.h>
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
 * Puppet 7's groupadd provider:
 *  1. read the group's entry from <root>/etc/group (the local file, which
 *     is what groupadd manages);
 *  2. ensure => absent: groupdel NAME when it exists;
 *  3. missing: groupadd [-g GID] [-o] [-r] NAME, then the members (if
 *     given) with gpasswd -M; one event, "created";
 *  4. present: groupmod -g GID NAME when the gid differs, then gpasswd -M
 *     when the members differ (auth_membership true: exactly the list;
 *     false, the default: at least the list, so current + wanted), each
 *     compared sorted and without duplicates as Puppet does.
 * With c->root set, the shadow tools get -P ROOT (gpasswd has no prefix
 * option and runs on the real system). With c->noop the events are
 * recorded and nothing runs.
 */

static const char *const params[] = {
	"name",
	"ensure",
	"gid",
	"members",
	"auth_membership",
	"allowdupe",
	"system",
	"forcelocal",
	"ia_load_module",
	"attributes",
	"attribute_membership",
	"provider",
};

struct gentry {
	bool exists;
	const char *gid;
	const char **mem; /* members in file order */
	size_t nmem;
};

/* Reads `name`'s entry from <root>/etc/group; -1 with err_set(). */
static int read_group(struct rtype_ctx *c, struct gentry *g, const char *name)
{
	memset(g, 0, sizeof(*g));
	struct buf text = BUF_INIT;
	const char *path = tu_etc_path(c, "group");
	int rc = file_read(&text, path);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc < 0)
		return -1;
	size_t nlen = strlen(name);
	for (const char *p = text.ptr; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > nlen && !strncmp(p, name, nlen) && p[nlen] == ':') {
			const char **f = NULL;
			char *line = arena_memdupz(c->arena, p, len);
			/* name:password:gid:members, members may be empty */
			const char *f3 = strchr(line + nlen + 1, ':');
			const char *f4 = f3 ? strchr(f3 + 1, ':') : NULL;
			g->exists = true;
			g->gid = f3 ? arena_memdupz(c->arena, f3 + 1,
						    f4 ? (size_t)(f4 - f3 - 1)
						       : strlen(f3 + 1))
				    : "";
			g->nmem = f4 ? tu_split(c, &f, f4 + 1, ',', false) : 0;
			g->mem = g->nmem ? f : NULL;
			break;
		}
		p += len + (nl != NULL);
	}
	buf_release(&text);
	return 0;
}

/* The members wanted (each string may hold a comma-separated list). */
static size_t want_members(struct rtype_ctx *c, const struct resource *r,
			   const char ***out)
{
	const struct value *v = rparam(r, "members");
	size_t n = 0;
	const char **all = NULL;
	size_t cnt = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	for (size_t i = 0; i < cnt; i++) {
		const struct value *e =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		struct buf b = BUF_INIT;
		val_to_s(&b, e);
		const char **part;
		size_t np = tu_split(c, &part, b.ptr, ',', false);
		buf_release(&b);
		all = arena_realloc(c->arena, all, n * sizeof(*all),
				    (n + np + 1) * sizeof(*all));
		for (size_t k = 0; k < np; k++) {
			const char *s = part[k];
			while (isspace((unsigned char)*s))
				s++;
			size_t len = strlen(s);
			while (len && isspace((unsigned char)s[len - 1]))
				len--;
			if (len)
				all[n++] = arena_memdupz(c->arena, s, len);
		}
	}
	*out = all;
	return n;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	if (tu_ensure_check(NULL, c, r, msg) < 0)
		return -1;
	const char *name = rparam_namevar(r, "name");
	if (!tu_valid_name(name)) {
		*msg = arena_strfmt(c->arena, "Invalid group name '%s'", name);
		return -1;
	}
	const char *gid = rparam_str(c, r, "gid", NULL);
	if (gid && !tu_is_number(gid)) {
		*msg = arena_strfmt(c->arena, "Invalid GID %s", gid);
		return -1;
	}
	static const char *const bools[] = {
		"auth_membership",
		"allowdupe",
		"system",
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
	if (rparam(r, "members")) {
		const char **m;
		size_t n = want_members(c, r, &m);
		for (size_t i = 0; i < n; i++) {
			if (!tu_valid_name(m[i])) {
				*msg = arena_strfmt(c->arena,
						    "Invalid member name '%s'",
						    m[i]);
				return -1;
			}
		}
	}
	return 0;
}

static int set_members(struct rtype_ctx *c, struct rstate *st, const char *name,
		       const char *list)
{
	struct tu_argv a = {0};
	tu_argv_start(c, &a, "gpasswd", false);
	tu_argv_add(c, &a, "-M");
	tu_argv_add(c, &a, list);
	tu_argv_add(c, &a, name);
	return tu_argv_run(
		c, st, &a, NULL,
		arena_strfmt(c->arena, "set members on group %s", name));
}

static int converge(struct rtype_ctx *c, const struct resource *r,
		    struct rstate *st)
{
	const char *name = rparam_namevar(r, "name");
	bool want = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	const char *gid = rparam_str(c, r, "gid", NULL);
	bool has_members = rparam(r, "members") != NULL;
	struct gentry g;
	struct tu_argv a = {0};

	st->status = RS_UNCHANGED;
	if (read_group(c, &g, name) < 0)
		return rstate_fail(c, st, "cannot read '%s': %s",
				   tu_etc_path(c, "group"), err_last());
	const char **mem = NULL;
	size_t nmem = has_members ? want_members(c, r, &mem) : 0;

	if (!want) {
		if (!g.exists)
			return 0;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
		tu_argv_start(c, &a, "groupdel", true);
		tu_argv_add(c, &a, name);
		return tu_argv_run(
			c, st, &a, NULL,
			arena_strfmt(c->arena, "delete group %s", name));
	}
	if (!g.exists) {
		rstate_event(c, st, "ensure", "absent", "present", "created");
		tu_argv_start(c, &a, "groupadd", true);
		if (gid) {
			tu_argv_add(c, &a, "-g");
			tu_argv_add(c, &a, gid);
		}
		if (rparam_bool(r, "allowdupe", 0) == 1)
			tu_argv_add(c, &a, "-o");
		if (rparam_bool(r, "system", 0) == 1)
			tu_argv_add(c, &a, "-r");
		tu_argv_add(c, &a, name);
		if (tu_argv_run(c, st, &a, NULL,
				arena_strfmt(c->arena, "create group %s",
					     name)) < 0)
			return -1;
		nmem = tu_sort_uniq(mem, nmem);
		if (nmem)
			return set_members(c, st, name,
					   tu_join(c, mem, nmem, ",", false));
		return 0;
	}
	if (gid && strtoll(gid, NULL, 10) != strtoll(g.gid, NULL, 10)) {
		rstate_event(c, st, "gid", g.gid, gid, "gid changed %s to %s",
			     g.gid, gid);
		tu_argv_start(c, &a, "groupmod", true);
		tu_argv_add(c, &a, "-g");
		tu_argv_add(c, &a, gid);
		if (rparam_bool(r, "allowdupe", 0) == 1)
			tu_argv_add(c, &a, "-o");
		tu_argv_add(c, &a, name);
		if (tu_argv_run(c, st, &a, NULL,
				arena_strfmt(c->arena, "set gid on group %s",
					     name)) < 0)
			return -1;
	}
	if (!has_members)
		return 0;
	const char *is = tu_join(c, g.mem, g.nmem, ",", false);
	const char **cur =
		arena_alloc(c->arena, (g.nmem + nmem + 1) * sizeof(*cur));
	if (g.nmem)
		memcpy(cur, g.mem, g.nmem * sizeof(*cur));
	size_t ncur = tu_sort_uniq(cur, g.nmem);
	const char **should = mem;
	size_t nshould = nmem;
	if (rparam_bool(r, "auth_membership", 0) != 1) {
		should = arena_alloc(c->arena,
				     (g.nmem + nmem + 1) * sizeof(*should));
		if (g.nmem)
			memcpy(should, g.mem, g.nmem * sizeof(*should));
		if (nmem)
			memcpy(should + g.nmem, mem, nmem * sizeof(*should));
		nshould = g.nmem + nmem;
	}
	nshould = tu_sort_uniq(should, nshould);
	const char *sorted_is = tu_join(c, cur, ncur, ",", false);
	const char *to = tu_join(c, should, nshould, ",", false);
	if (!strcmp(sorted_is, to))
		return 0;
	rstate_event(c, st, "members", is, to, "members changed '%s' to '%s'",
		     is, to);
	return set_members(c, st, name, to);
}

const struct rtype rtype_group = {
	.name = "group",
	.validate = validate,
	.sync = converge,
};
