/* SPDX-License-Identifier: MIT */
/* module_only.c: resources of a module's Ruby type that tend does not implement */
#include "util/compat.h"
#include <ctype.h>
#include <glob.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"

const char *rtype_module_file(struct rtype_ctx *c, const char *name)
{
	const char *mp = c->modulepath;
	if (!mp || !*name)
		return NULL;
	for (const char *p = name; *p; p++)
		if (!(islower((unsigned char)*p) ||
		      isdigit((unsigned char)*p) || *p == '_'))
			return NULL;
	struct buf pat = BUF_INIT;
	const char *found = NULL;
	while (*mp && !found) {
		size_t len = strcspn(mp, ":");
		if (len) {
			buf_reset(&pat);
			buf_add(&pat, mp, len);
			buf_addf(&pat, "/*/lib/puppet/type/%s.rb", name);
			glob_t g;
			if (glob(pat.ptr, 0, NULL, &g) == 0) {
				for (size_t i = 0; i < g.gl_pathc && !found;
				     i++)
					if (access(g.gl_pathv[i], R_OK) == 0)
						found = arena_strdup(
							c->arena,
							g.gl_pathv[i]);
				globfree(&g);
			}
		}
		mp += len;
		if (*mp == ':')
			mp++;
	}
	buf_release(&pat);
	return found;
}

/* What Puppet would run is Ruby: fail, naming the type and its module. */
static int fail_sync(struct rtype_ctx *c, const struct resource *r,
		     struct rstate *st)
{
	char *name = arena_strdup(c->arena, r->type);
	for (char *p = name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	const char *file = rtype_module_file(c, name);
	const char *lib = file ? strstr(file, "/lib/puppet/type/") : NULL;
	const char *m = lib;
	while (m && m > file && m[-1] != '/')
		m--;
	if (!lib)
		return rstate_fail(
			c, st,
			"no native implementation of the resource type '%s'",
			name);
	return rstate_fail(
		c, st,
		"no native implementation of the resource type '%s' of module '%.*s' (%s)",
		name, (int)(lib - m), m, file);
}

const struct rtype rtype_module_only = {
	.name = "",
	.sync = fail_sync,
};
