/* SPDX-License-Identifier: MIT */
/* rtype.c: the registry of resource types and helpers they share */
#include "util/compat.h"
#include <ctype.h>
#include "catalog/catalog.h"
#include "lang/coretypes.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The table names every type; a type whose file is not linked in (weak
 * reference) is simply absent, so a build can carry a subset.
 */
#pragma weak rtype_file
#pragma weak rtype_package
#pragma weak rtype_service
#pragma weak rtype_exec
#pragma weak rtype_notify
#pragma weak rtype_user
#pragma weak rtype_group
#pragma weak rtype_host
#pragma weak rtype_cron
#pragma weak rtype_ssh_authorized_key
#pragma weak rtype_file_line
#pragma weak rtype_anchor
#pragma weak rtype_concat_file
#pragma weak rtype_concat_fragment
#pragma weak rtype_ini_setting
#pragma weak rtype_ini_subsetting
#pragma weak rtype_mount
#pragma weak rtype_sshkey

static const struct rtype *const table[] = {
	&rtype_file, &rtype_package, &rtype_service, &rtype_exec,
	&rtype_notify, &rtype_user, &rtype_group, &rtype_host, &rtype_cron,
	&rtype_ssh_authorized_key, &rtype_file_line, &rtype_anchor,
	&rtype_concat_file, &rtype_concat_fragment, &rtype_ini_setting,
	&rtype_ini_subsetting, &rtype_mount, &rtype_sshkey,
};

const struct rtype *rtype_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (table[i] && !strcmp(table[i]->name, name))
			return table[i];
	return NULL;
}

void rstate_event(struct rtype_ctx *c, struct rstate *st, const char *property,
		  const char *previous, const char *desired, const char *fmt,
		  ...)
{
	struct arena *a = c->event_arena ? c->event_arena : c->arena;
	/* most resources change one property: room for one to start */
	if (st->nevents == st->events_alloc) {
		size_t n = st->events_alloc ? st->events_alloc * 2 : 1;
		st->events = arena_realloc(a, st->events,
					   st->nevents * sizeof(*st->events),
					   n * sizeof(*st->events));
		st->events_alloc = n;
	}
	struct revent *ev = &st->events[st->nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->property = arena_strdup(a, property);
	ev->previous = previous ? arena_strdup(a, previous) : NULL;
	ev->desired = desired ? arena_strdup(a, desired) : NULL;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	ev->message = arena_memdupz(a, b.ptr, b.len);
	buf_release(&b);
	st->status = RS_CHANGED;
}

struct rstate *rstate_child(struct rtype_ctx *c, struct rstate *parent,
			    const char *type, const char *title)
{
	const struct resource *p = parent->res;
	struct resource *r = arena_alloc(c->arena, sizeof(*r));
	r->type = type;
	r->title = arena_strdup(c->arena, title);
	r->kind = "compilable_type";
	if (p) {
		r->container = p->container;
		r->tags = p->tags;
		r->ntags = r->tags_alloc = p->ntags;
		r->seq = p->seq;
	}
	struct rstate *st = arena_alloc(c->arena, sizeof(*st));
	st->res = r;
	st->status = RS_UNCHANGED;
	st->parent = parent;
	if (parent->nchildren == parent->children_alloc) {
		size_t n = parent->children_alloc ? parent->children_alloc * 2 : 8;
		parent->children = arena_realloc(
			c->arena, parent->children,
			parent->nchildren * sizeof(*parent->children),
			n * sizeof(*parent->children));
		parent->children_alloc = n;
	}
	parent->children[parent->nchildren++] = st;
	return st;
}

int rstate_fail(struct rtype_ctx *c, struct rstate *st, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	st->error = arena_memdupz(c->arena, b.ptr, b.len);
	st->status = RS_FAILED;
	buf_release(&b);
	return -1;
}

int rtype_check_params(struct rtype_ctx *c, const struct resource *r,
		       const char *const *names, size_t n, const char **msg)
{
	const struct value *p = r->params;
	for (size_t i = 0; p && i < p->u.h.n; i++) {
		const struct value *k = p->u.h.e[i].key;
		bool known = k->kind == VAL_STRING && coretype_is_metaparam(k->u.s.ptr);
		for (size_t j = 0; j < n && !known; j++)
			known = k->kind == VAL_STRING && !strcmp(k->u.s.ptr, names[j]);
		if (!known) {
			struct buf b = BUF_INIT;
			val_to_s(&b, k);
			*msg = arena_strfmt(c->arena, "no parameter named '%s'", b.ptr);
			buf_release(&b);
			return -1;
		}
	}
	return 0;
}

const struct value *rparam(const struct resource *r, const char *name)
{
	const struct value *v = r->params ? val_hash_get_str(r->params, name) : NULL;
	return v && v->kind != VAL_UNDEF ? v : NULL;
}

const char *rparam_str(struct rtype_ctx *c, const struct resource *r,
		       const char *name, const char *dflt)
{
	const struct value *v = rparam(r, name);
	if (!v)
		return dflt;
	if (v->kind == VAL_STRING)
		return v->u.s.ptr;
	if (v->kind == VAL_INT && v->u.n.lit)
		return v->u.n.lit;
	struct buf b = BUF_INIT;
	val_to_s(&b, v);
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

int rparam_bool(const struct resource *r, const char *name, int dflt)
{
	const struct value *v = rparam(r, name);
	if (!v)
		return dflt;
	if (v->kind == VAL_BOOL)
		return v->u.b;
	if (v->kind == VAL_STRING) {
		const char *s = v->u.s.ptr;
		if (!strcasecmp(s, "true") || !strcasecmp(s, "yes"))
			return 1;
		if (!strcasecmp(s, "false") || !strcasecmp(s, "no"))
			return 0;
	}
	return -1;
}

const char *rparam_namevar(const struct resource *r, const char *param)
{
	const struct value *v = rparam(r, param);
	return v && v->kind == VAL_STRING ? v->u.s.ptr : r->title;
}

void rtype_stage_init(struct rtype_stage *s)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->text, 0);
}

void rtype_stage_add(struct rtype_stage *s, const char *tmp, const char *dst,
		     struct rstate *owner)
{
	ALLOC_GROW(s->w, s->n + 1, s->alloc);
	struct rtype_stage_write *w = &s->w[s->n++];
	size_t k = 0;
	while (tmp[k] && tmp[k] == dst[k])
		k++;
	w->at = s->text.len;
	w->prefix = k;
	w->owner = owner;
	buf_add(&s->text, dst, strlen(dst) + 1);
	buf_add(&s->text, tmp + k, strlen(tmp + k) + 1);
}

static const char *write_dst(const struct rtype_stage *s, size_t i)
{
	return s->text.ptr + s->w[i].at;
}

/* The temporary path of write i, in `out` (reset first). */
static const char *write_tmp(struct buf *out, const struct rtype_stage *s,
			     size_t i)
{
	const char *dst = write_dst(s, i);
	buf_reset(out);
	buf_add(out, dst, s->w[i].prefix);
	buf_addstr(out, dst + strlen(dst) + 1);
	return out->ptr;
}

/* Whether a and b are in the same directory (as their text says). */
static bool same_dir(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	return sa && sb && sa - a == sb - b && !strncmp(a, b, (size_t)(sa - a));
}

/* syncfs once per filesystem the staged files live on: found by their
 * temporary paths before the renames (`is_renamed` false), after them by
 * their final paths */
static void flush_filesystems(struct rtype_stage *s, bool is_renamed)
{
	dev_t *seen = xcalloc(s->n ? s->n : 1, sizeof(*seen));
	size_t nseen = 0;
	struct buf tmp = BUF_INIT;
	const char *prev = NULL;
	for (size_t i = 0; i < s->n; i++) {
		struct stat st;
		const char *dst = write_dst(s, i);
		/* files come a directory at a time: one stat per directory */
		bool is_same = prev && same_dir(dst, prev);
		prev = dst;
		if (is_same)
			continue;
		const char *first = is_renamed ? dst : write_tmp(&tmp, s, i);
		if (stat(first, &st) < 0 && stat(dst, &st) < 0)
			continue;
		size_t j;
		for (j = 0; j < nseen && seen[j] != st.st_dev; j++)
			;
		if (j < nseen)
			continue;
		seen[nseen++] = st.st_dev;
		int fd = open(first, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fd = open(dst, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			syncfs(fd);
			close(fd);
		}
	}
	buf_release(&tmp);
	free(seen);
}

/* Empties the list of writes (not the failed owners). */
static void release_writes(struct rtype_stage *s)
{
	buf_release(&s->text);
	free(s->w);
	s->w = NULL;
	s->n = s->alloc = 0;
}

size_t rtype_stage_commit(struct rtype_ctx *c, struct rtype_stage *s)
{
	if (!s || !s->n)
		return 0;
	size_t failed = 0;
	struct buf tmp = BUF_INIT;
	flush_filesystems(s, false);
	for (size_t i = 0; i < s->n; i++) {
		const char *dst = write_dst(s, i);
		write_tmp(&tmp, s, i);
		if (rename(tmp.ptr, dst) < 0) {
			struct rstate *owner = s->w[i].owner;
			rstate_fail(c, owner, "cannot write '%s': %s", dst,
				    strerror(errno));
			unlink(tmp.ptr);
			failed++;
			ALLOC_GROW(s->failed, s->nfailed + 1, s->failed_alloc);
			s->failed[s->nfailed++] = owner;
		}
	}
	buf_release(&tmp);
	/* the renames themselves: one more flush */
	flush_filesystems(s, true);
	release_writes(s);
	return failed;
}

void rtype_stage_release(struct rtype_stage *s)
{
	release_writes(s);
	free(s->failed);
	rtype_stage_init(s);
}

int rtype_dir_at(struct rtype_ctx *c, const char *path, const char **name)
{
	struct rtype_dir *d = c->dir;
	const char *slash = strrchr(path, '/');
	*name = path;
	if (!d || !slash || slash == path || !slash[1])
		return AT_FDCWD;
	size_t len = (size_t)(slash - path);
	if (!d->path || strncmp(d->path, path, len) || d->path[len]) {
		rtype_dir_forget(d);
		char *dir = xmalloc(len + 1);
		memcpy(dir, path, len);
		dir[len] = '\0';
		int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			free(dir);
			return AT_FDCWD;
		}
		d->path = dir;
		d->fd = fd;
	}
	*name = slash + 1;
	return d->fd;
}

void rtype_dir_forget(struct rtype_dir *d)
{
	if (!d || !d->path)
		return;
	close(d->fd);
	free(d->path);
	d->path = NULL;
	d->fd = -1;
}
