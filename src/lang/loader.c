/* SPDX-License-Identifier: MIT */
/* loader.c: finding and parsing manifests: main manifest, modulepath autoload */
#include "util/compat.h"
#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lang/eval-internal.h"
#include "lang/parser.h"
#include "lang/rubytype.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/fileio.h"

static int register_defs(struct eval_ctx *e, const struct ast *block,
			 const char *prefix, const char *file, bool is_main);

int loader_parse_file(struct eval_ctx *e, const char *path,
		      const struct ast **out)
{
	*out = NULL;
	struct buf src = BUF_INIT;
	if (file_read(&src, path) < 0) {
		buf_release(&src);
		return eval_error_at(e, (struct srcloc){ path, 0, 0 }, "%s", err_last());
	}
	const char *file = arena_strdup(e->arena, path);
	struct ast *a = parse_manifest_nodes(e->arena, &e->ast_arena, e->diags,
					     file, src.ptr, src.len);
	/*
	 * The syntax tree holds copies of what it needs: the text is needed
	 * again only for a diagnostic's source line, which is then read from
	 * the file. A 10,000-resource manifest is 3 MB, not kept through the
	 * compile and the apply.
	 */
	diags_source_on_disk(e->diags, file);
	buf_release(&src);
	if (!a)
		return -1;
	*out = a;
	return 0;
}

static const char *lower_dup(struct eval_ctx *e, const char *s)
{
	if (s[0] == ':' && s[1] == ':')
		s += 2;
	char *r = arena_strdup(e->arena, s);
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

static int load_file(struct eval_ctx *e, const char *path, bool is_main,
		     const struct ast **out)
{
	if (out)
		*out = NULL;
	if (strmap_get(&e->files, path))
		return 0;
	strmap_put(&e->files, arena_strdup(e->arena, path), "1");
	const struct ast *a;
	if (loader_parse_file(e, path, &a) < 0)
		return -1;
	if (out)
		*out = a;
	return register_defs(e, a, "", a->loc.file ? a->loc.file : path, is_main);
}

static int do_import(struct eval_ctx *e, const struct ast *n, const char *file)
{
	struct buf pat = BUF_INIT;
	if (n->str[0] != '/') {
		const char *slash = strrchr(file, '/');
		if (slash)
			buf_add(&pat, file, (size_t)(slash - file + 1));
	}
	buf_addstr(&pat, n->str);
	if (!strstr(pat.ptr, ".pp") && !strchr(n->str, '*'))
		buf_addstr(&pat, ".pp");
	eval_warn(e, n->loc, "'import' is deprecated (Puppet 4 removed it); loading '%s'", pat.ptr);
	glob_t g;
	int rc = 0;
	if (glob(pat.ptr, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && rc == 0; i++) {
			const struct ast *a;
			if (strmap_get(&e->files, g.gl_pathv[i]))
				continue;
			rc = load_file(e, g.gl_pathv[i], true, &a);
		}
		globfree(&g);
	} else {
		rc = eval_error(e, n, "'import' found no file matching '%s'", pat.ptr);
	}
	buf_release(&pat);
	return rc;
}

static int add_def(struct eval_ctx *e, struct strmap *m, const char *name,
		   const struct ast *n)
{
	struct class_def *old = strmap_get(m, name);
	if (old) {
		if (old->ast == n)
			return 0;
		return eval_error(e, n, "'%s' is already defined at %s:%u", name,
				  old->ast->loc.file ? old->ast->loc.file : "?", old->ast->loc.line);
	}
	struct class_def *cd = arena_alloc(e->arena, sizeof(*cd));
	cd->name = name;
	cd->ast = n;
	strmap_put(m, name, cd);
	return 0;
}

static int register_defs(struct eval_ctx *e, const struct ast *block,
			 const char *prefix, const char *file, bool is_main)
{
	if (!block)
		return 0;
	for (size_t i = 0; i < block->nkids; i++) {
		const struct ast *n = block->kids[i];
		const char *name;
		int rc = 0;
		switch (n->kind) {
		case AST_CLASS:
		case AST_DEFINE:
			name = lower_dup(e, n->str);
			if (*prefix && n->str[0] != ':')
				name = arena_strfmt(e->arena, "%s::%s", prefix, name);
			rc = add_def(e, n->kind == AST_CLASS ? &e->classes : &e->defines, name, n);
			if (!rc && n->kind == AST_CLASS)
				rc = register_defs(e, n->b, name, file, is_main);
			break;
		case AST_NODE:
			if (e->nnodes == e->nodes_alloc) {
				size_t na = e->nodes_alloc ? e->nodes_alloc * 2 : 16;
				e->nodes = arena_realloc(e->arena, e->nodes, e->nnodes * sizeof(*e->nodes),
							 na * sizeof(*e->nodes));
				e->nodes_alloc = na;
			}
			e->nodes[e->nnodes++] = n;
			break;
		case AST_FUNCTION:
			strmap_put(&e->functions, lower_dup(e, n->str), (void *)n);
			break;
		case AST_TYPE_ALIAS:
			strmap_put(&e->aliases, lower_dup(e, n->str), (void *)n);
			break;
		case AST_IMPORT:
			rc = do_import(e, n, file);
			break;
		default:
			break;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void init_modpath(struct eval_ctx *e)
{
	if (e->modpath || !e->opts->modulepath)
		return;
	const char *p = e->opts->modulepath;
	size_t n = 1;
	for (const char *q = p; *q; q++)
		if (*q == ':')
			n++;
	e->modpath = arena_alloc(e->arena, n * sizeof(*e->modpath));
	while (*p) {
		const char *c = strchr(p, ':');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len)
			e->modpath[e->nmodpath++] = arena_memdupz(e->arena, p, len);
		if (!c)
			break;
		p = c + 1;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A directory as the main manifest: every .pp in it, in alphabetical order. */
static int load_dir(struct eval_ctx *e, const char *dir, struct ast *all)
{
	DIR *d = opendir(dir);
	if (!d)
		return eval_error_at(e, (struct srcloc){ dir, 0, 0 }, "cannot open directory: %s", strerror(errno));
	const char **names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			names = arena_realloc(e->arena, names, n * sizeof(*names), na * sizeof(*names));
			alloc = na;
		}
		names[n++] = arena_strfmt(e->arena, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (load_dir(e, names[i], all) < 0)
				return -1;
			continue;
		}
		size_t len = strlen(names[i]);
		if (len < 3 || strcmp(names[i] + len - 3, ".pp"))
			continue;
		const struct ast *a;
		if (load_file(e, names[i], true, &a) < 0)
			return -1;
		if (!a)
			continue;
		size_t nn = all->nkids + a->nkids;
		all->kids = arena_realloc(e->arena, all->kids, all->nkids * sizeof(*all->kids),
					  nn * sizeof(*all->kids));
		memcpy(all->kids + all->nkids, a->kids, a->nkids * sizeof(*a->kids));
		all->nkids = nn;
	}
	return 0;
}

int loader_load_main(struct eval_ctx *e, const struct ast **out)
{
	const struct compile_opts *o = e->opts;
	init_modpath(e);
	*out = NULL;
	if (o->code) {
		const char *file = "<code>";
		struct ast *a = parse_manifest(e->arena, e->diags, file, o->code, strlen(o->code));
		if (!a)
			return -1;
		*out = a;
		return register_defs(e, a, "", file, true);
	}
	if (!o->manifest)
		return 0;
	struct stat st;
	if (stat(o->manifest, &st) < 0)
		return eval_error_at(e, (struct srcloc){ o->manifest, 0, 0 },
				     "cannot read the main manifest: %s", strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		struct ast *all = arena_alloc(e->arena, sizeof(*all));
		all->kind = AST_BLOCK;
		all->loc.file = o->manifest;
		*out = all;
		return load_dir(e, o->manifest, all);
	}
	return load_file(e, o->manifest, true, out);
}

/* Loads the file where `name` (a::b::c) must live, from each module dir. */
static void autoload(struct eval_ctx *e, const char *name, const char *subdir,
		     const char *ext)
{
	init_modpath(e);
	const char *sep = strstr(name, "::");
	const char *mod = sep ? arena_memdupz(e->arena, name, (size_t)(sep - name)) : name;
	struct buf path = BUF_INIT;
	for (size_t i = 0; i < e->nmodpath; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s/%s/", e->modpath[i], mod, subdir);
		if (!sep) {
			buf_addf(&path, "init%s", ext);
		} else {
			for (const char *p = sep + 2; *p; p++) {
				if (p[0] == ':' && p[1] == ':') {
					buf_addch(&path, '/');
					p++;
				} else {
					buf_addch(&path, *p);
				}
			}
			buf_addstr(&path, ext);
		}
		if (access(path.ptr, R_OK) == 0) {
			load_file(e, path.ptr, false, NULL);
			break;
		}
	}
	/* a::b may also be defined in module a's init.pp */
	if (sep && !strcmp(subdir, "manifests")) {
		for (size_t i = 0; i < e->nmodpath; i++) {
			buf_reset(&path);
			buf_addf(&path, "%s/%s/manifests/init.pp", e->modpath[i], mod);
			if (access(path.ptr, R_OK) == 0) {
				load_file(e, path.ptr, false, NULL);
				break;
			}
		}
	}
	buf_release(&path);
}

const struct class_def *loader_find_class(struct eval_ctx *e, const char *name)
{
	const struct class_def *cd = strmap_get(&e->classes, name);
	if (cd)
		return cd;
	autoload(e, name, "manifests", ".pp");
	return strmap_get(&e->classes, name);
}

const struct class_def *loader_find_define(struct eval_ctx *e, const char *name)
{
	const struct class_def *cd = strmap_get(&e->defines, name);
	if (cd)
		return cd;
	if (strmap_get(&e->warned, arena_strfmt(e->arena, "nodefine:%s", name)))
		return NULL;
	autoload(e, name, "manifests", ".pp");
	cd = strmap_get(&e->defines, name);
	if (!cd)
		strmap_put(&e->warned, arena_strfmt(e->arena, "nodefine:%s", name), "1");
	return cd;
}

const struct ast *loader_find_function(struct eval_ctx *e, const char *name)
{
	const char *lname = lower_dup(e, name);
	const struct ast *f = strmap_get(&e->functions, lname);
	if (f || !strstr(lname, "::"))
		return f;
	autoload(e, lname, "functions", ".pp");
	return strmap_get(&e->functions, lname);
}

const struct ast *loader_find_alias(struct eval_ctx *e, const char *name)
{
	const char *lname = lower_dup(e, name);
	const struct ast *a = strmap_get(&e->aliases, lname);
	if (a || !strstr(lname, "::"))
		return a;
	autoload(e, lname, "types", ".pp");
	return strmap_get(&e->aliases, lname);
}

/* The namevar of a module's Ruby type (lang/rubytype.c reads it). */
const char *loader_type_namevar(struct eval_ctx *e, const char *name)
{
	init_modpath(e);
	return rubytype_namevar(rubytype_find(e, name));
}

bool loader_type_exists(struct eval_ctx *e, const char *name)
{
	init_modpath(e);
	return rubytype_find(e, name) != NULL;
}
