/* SPDX-License-Identifier: MIT */
/* typeutil.c: helpers shared by several resource types */
#include "util/compat.h"
#include <ctype.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include "resource/rtype.h"
#include "resource/typeutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"

void tu_argv_add(struct rtype_ctx *c, struct tu_argv *a, const char *s)
{
	if (a->n + 2 > a->alloc) {
		size_t n = a->alloc ? a->alloc * 2 : 8;
		a->v = arena_realloc(c->arena, a->v, a->alloc * sizeof(*a->v),
				     n * sizeof(*a->v));
		a->alloc = n;
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

void tu_argv_start(struct rtype_ctx *c, struct tu_argv *a, const char *name,
		   bool has_prefix)
{
	a->n = 0;
	tu_argv_add(c, a, name);
	if (has_prefix && c->root && *c->root) {
		tu_argv_add(c, a, "-P");
		tu_argv_add(c, a, c->root);
	}
}

int tu_argv_run(struct rtype_ctx *c, struct rstate *st, struct tu_argv *a,
		const char *input, const char *what)
{
	if (c->noop)
		return 0;
	struct buf out = BUF_INIT, err = BUF_INIT, line = BUF_INIT;
	struct proc_opts o = {.input = input,
			      .input_len = input ? strlen(input) : 0};
	int rc = proc_run(&out, &err, a->v, &o);
	if (rc == ERR_NOTFOUND && !strchr(a->v[0], '/')) {
		/* an agent started without sbin in its PATH */
		a->v[0] = arena_strfmt(c->arena, "/usr/sbin/%s", a->v[0]);
		rc = proc_run(&out, &err, a->v, &o);
	}
	int error = 0;
	proc_argv_str(&line, a->v);
	if (rc < 0) {
		error = rstate_fail(c, st, "Could not %s: cannot run '%s': %s",
				    what, line.ptr, err_last());
	} else if (rc) {
		while (err.len && err.ptr[err.len - 1] == '\n')
			err.ptr[--err.len] = '\0';
		error = rstate_fail(
			c, st,
			"Could not %s: Execution of '%s' returned %d: %s", what,
			line.ptr, rc, err.len ? err.ptr : out.ptr);
	}
	buf_release(&out);
	buf_release(&err);
	buf_release(&line);
	return error;
}

const char *tu_etc_path(struct rtype_ctx *c, const char *file)
{
	if (c->root && *c->root)
		return arena_strfmt(c->arena, "%s/etc/%s", c->root, file);
	return arena_strfmt(c->arena, "/etc/%s", file);
}

size_t tu_fields(struct rtype_ctx *c, const char *s, const char **fields, size_t max,
		 char join)
{
	struct buf rest = BUF_INIT;
	size_t nf = 0;
	for (size_t i = 0; i < max; i++)
		fields[i] = NULL;
	for (const char *p = s; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		const char *b = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (nf < max) {
			fields[nf++] = arena_memdupz(c->arena, b, (size_t)(p - b));
		} else {
			buf_addch(&rest, join);
			buf_add(&rest, b, (size_t)(p - b));
		}
	}
	if (rest.len)
		fields[max - 1] = arena_strfmt(c->arena, "%s%s", fields[max - 1], rest.ptr);
	buf_release(&rest);
	return nf;
}

const char *tu_target(struct rtype_ctx *c, const struct resource *r, const char *file)
{
	const char *t = rparam_str(c, r, "target", NULL);
	return t ? t : tu_etc_path(c, file);
}

int tu_read_target(struct rtype_ctx *c, struct rstate *st, const char *path,
		   struct buf *text, struct stat *sb)
{
	int rc = file_read(text, path);
	if (rc < 0 && rc != ERR_NOTFOUND)
		return rstate_fail(c, st, "cannot read '%s': %s", path, err_last());
	return !rc && !stat(path, sb);
}

size_t tu_split(struct rtype_ctx *c, const char ***out, const char *s, char sep,
		bool keep_empty)
{
	size_t n = 0, alloc = 0;
	const char **v = NULL;
	for (;;) {
		const char *e = strchr(s, sep);
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len || keep_empty) {
			if (n == alloc) {
				size_t na = alloc ? alloc * 2 : 8;
				v = arena_realloc(c->arena, v,
						  alloc * sizeof(*v),
						  na * sizeof(*v));
				alloc = na;
			}
			v[n++] = arena_memdupz(c->arena, s, len);
		}
		if (!e)
			break;
		s = e + 1;
	}
	*out = v;
	return n;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t tu_sort_uniq(const char **v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmpstr);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i], v[k - 1]))
			v[k++] = v[i];
	return k;
}

const char *tu_join(struct rtype_ctx *c, const char *const *v, size_t n,
		    const char *sep, bool quote)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addstr(&b, sep);
		buf_addf(&b, quote ? "'%s'" : "%s", v[i]);
	}
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

int tu_ensure_check(const char **out, struct rtype_ctx *c,
		    const struct resource *r, const char **msg)
{
	const char *ensure = rparam_str(c, r, "ensure", "present");
	if (out)
		*out = ensure;
	if (strcmp(ensure, "present") && strcmp(ensure, "absent")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value '%s'. Valid values are present, absent",
			ensure);
		return -1;
	}
	return 0;
}

bool tu_is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

bool tu_valid_name(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (*s == ':' || *s == ',' || *s == '/' ||
		    isspace((unsigned char)*s) || iscntrl((unsigned char)*s))
			return false;
	return true;
}

void tu_header_add(struct buf *out, enum tu_header kind)
{
	char stamp[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S %z", &tm);
	if (kind == TU_HEADER_CRONTAB) {
		buf_addf(
			out,
			"# HEADER: This file was autogenerated at %s by puppet.\n",
			stamp);
		buf_addstr(
			out,
			"# HEADER: While it can still be managed manually, it is definitely not recommended.\n");
		buf_addstr(
			out,
			"# HEADER: Note particularly that the comments starting with 'Puppet Name' should\n");
		buf_addstr(
			out,
			"# HEADER: not be deleted, as doing so could cause duplicate cron jobs.\n");
		return;
	}
	buf_addf(out, "# HEADER: This file was autogenerated at %s\n", stamp);
	buf_addstr(
		out,
		"# HEADER: by puppet.  While it can still be managed manually, it\n");
	buf_addstr(out, "# HEADER: is definitely not recommended.\n");
}

size_t tu_header_strip(struct buf *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *h = memmem(text + i, len - i, "# HEADER", 8);
		const char *nl = h ? memchr(h, '\n', text + len - h) : NULL;
		if (!h || !nl) {
			buf_add(out, text + i, len - i);
			break;
		}
		buf_add(out, text + i, h - (text + i));
		i = nl + 1 - text;
	}
	size_t end = out->len;
	while (end && out->ptr[end - 1] == '\n')
		end--;
	return end;
}

void tu_autorequire_user(struct rtype_ctx *c, const struct resource *r,
			 void (*add)(const char *type, const char *title,
				     void *payload),
			 void *payload)
{
	const char *user = rparam_str(c, r, "user", NULL);
	if (user)
		add("User", user, payload);
}
