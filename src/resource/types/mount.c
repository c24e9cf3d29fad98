/* SPDX-License-Identifier: MIT */
/* mount.c: the mount type, an fstab entry and its mount (mount_core's parsed provider) */
#include "util/compat.h"
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/regex.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "resource/typeutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"

/*
 * As mount_core's parsed provider on Linux:
 *  1. read the target (/etc/fstab by default) without Puppet's header
 *     lines; comments (^\s*#), blank lines and lines with fewer than two
 *     fields are text; the others are records DEVICE NAME FSTYPE OPTIONS
 *     DUMP PASS (split on whitespace, "\040" read as a space, trailing
 *     slashes dropped from the name, extra fields rolled into pass);
 *  2. the resource is the last record with its name; whether it is
 *     mounted comes from `mount`'s output (" on NAME type ");
 *  3. ensure: defined/present adds the record when missing (a mounted
 *     or unmounted one is in sync); mounted adds it and mounts; unmounted
 *     adds it and unmounts; absent unmounts and drops it. With the record
 *     present, device, fstype, options, dump and pass (the last two
 *     default to 0) are compared;
 *  4. the file is written with Puppet's header and every line, records
 *     joined with tabs (empty options become "defaults"); a new fstab is
 *     0600, as Puppet's copy of its temporary file leaves it;
 *  5. a refresh, or a changed property of a mounted filesystem, remounts
 *     it (`mount -o remount NAME`) unless its fstype is swap.
 */

static const char *const params[] = {
	"name", "ensure", "device", "blockdevice", "fstype",   "options",
	"pass", "atboot", "dump",   "target",	   "remounts", "provider",
};

enum { F_DEVICE, F_NAME, F_FSTYPE, F_OPTIONS, F_DUMP, F_PASS, NFIELDS };
static const char *const field_names[NFIELDS] = {
	"device", "name", "fstype", "options", "dump", "pass",
};

struct mline {
	const char *text;	/* text lines, as read */
	const char *f[NFIELDS]; /* records; NULL is absent */
	bool is_record;
	bool deleted;
};

struct mtab {
	struct mline *l;
	size_t n, alloc;
};

/* name munged as the type does: trailing slashes dropped */
static const char *munge_name(struct rtype_ctx *c, const char *s)
{
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return arena_memdupz(c->arena, s, n);
}

static bool has_space(const char *s)
{
	for (; *s; s++)
		if (isspace((unsigned char)*s))
			return true;
	return false;
}

static const char *const ensures[] = {
	"defined", "present", "unmounted", "absent", "mounted",
};

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	const char *ensure = rparam_str(c, r, "ensure", NULL);
	bool ok = !ensure;
	for (size_t i = 0; i < ARRAY_SIZE(ensures) && !ok; i++)
		ok = !strcmp(ensure, ensures[i]);
	if (!ok) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value \"%s\". Valid values are defined, unmounted, absent, mounted.",
			ensure);
		return -1;
	}
	static const char *const no_space[] = {"blockdevice", "fstype",
					       "options"};
	for (size_t i = 0; i < ARRAY_SIZE(no_space); i++) {
		const char *v = rparam_str(c, r, no_space[i], NULL);
		if (v && has_space(v)) {
			*msg = arena_strfmt(
				c->arena, "%s must not contain whitespace: %s",
				no_space[i], v);
			return -1;
		}
		if (v && !*v && i) {
			*msg = arena_strfmt(c->arena,
					    "%s must not be an empty string",
					    no_space[i]);
			return -1;
		}
	}
	const char *dump = rparam_str(c, r, "dump", NULL);
	if (dump && !strpbrk(dump, "01")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value \"%s\". Valid values match /(0|1)/.",
			dump);
		return -1;
	}
	const char *rm = rparam_str(c, r, "remounts", NULL);
	if (rm && strcmp(rm, "true") && strcmp(rm, "false")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value \"%s\". Valid values are true, false.",
			rm);
		return -1;
	}
	return 0;
}

static void push(struct rtype_ctx *c, struct mtab *t, const struct mline *l)
{
	ARENA_GROW(c->arena, t->l, t->n + 1, t->alloc);
	t->l[t->n++] = *l;
}

/* "\040" → " " */
static const char *unescape(struct rtype_ctx *c, const char *s)
{
	if (!strstr(s, "\\040"))
		return s;
	struct buf b = BUF_INIT;
	for (const char *p = s; *p;) {
		if (!strncmp(p, "\\040", 4)) {
			buf_addch(&b, ' ');
			p += 4;
		} else {
			buf_addch(&b, *p++);
		}
	}
	const char *r = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return r;
}

static void parse(struct rtype_ctx *c, struct mtab *t, struct buf *text)
{
	struct buf clean = BUF_INIT;
	size_t end = tu_header_strip(&clean, text->ptr, text->len);
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(clean.ptr + i, '\n', end - i);
		size_t len = nl ? (size_t)(nl - (clean.ptr + i)) : end - i;
		const char *line = arena_memdupz(c->arena, clean.ptr + i, len);
		struct mline l = {.text = line};
		i += len + 1;
		size_t k = 0;
		while (k < len && isspace((unsigned char)line[k]))
			k++;
		if (k || line[0] == '#' || !len) {
			push(c, t, &l);
			continue;
		}
		/* fields split on whitespace; the rest rolled into pass */
		const char *fields[NFIELDS];
		size_t nf = tu_fields(c, line, fields, NFIELDS, '\t');
		if (nf >= 2) { /* else text_line :incomplete */
			l.is_record = true;
			for (size_t f = 0; f < NFIELDS; f++)
				l.f[f] = fields[f];
			l.f[F_DEVICE] = unescape(c, l.f[F_DEVICE]);
			l.f[F_NAME] = munge_name(c, unescape(c, l.f[F_NAME]));
		}
		push(c, t, &l);
	}
	buf_release(&clean);
}

/* " " → "\040" in device and name */
static void add_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ')
			buf_addstr(out, "\\040");
		else
			buf_addch(out, *s);
	}
}

static void render(struct buf *out, const struct mtab *t)
{
	tu_header_add(out, TU_HEADER_PARSEDFILE);
	for (size_t i = 0; i < t->n; i++) {
		const struct mline *l = &t->l[i];
		if (l->deleted)
			continue;
		if (!l->is_record) {
			buf_addstr(out, l->text);
			buf_addch(out, '\n');
			continue;
		}
		add_escaped(out, l->f[F_DEVICE] ? l->f[F_DEVICE] : "");
		buf_addch(out, '\t');
		add_escaped(out, l->f[F_NAME]);
		const char *opts = l->f[F_OPTIONS] && *l->f[F_OPTIONS]
					   ? l->f[F_OPTIONS]
					   : "defaults";
		buf_addf(out, "\t%s\t%s\t%s\t%s\n",
			 l->f[F_FSTYPE] ? l->f[F_FSTYPE] : "", opts,
			 l->f[F_DUMP] ? l->f[F_DUMP] : "",
			 l->f[F_PASS] ? l->f[F_PASS] : "");
	}
}

/* Whether `mount` lists name (" on NAME type "); -1 when it fails. */
static int is_mounted(struct rtype_ctx *c, const char *name, struct rstate *st)
{
	struct buf out = BUF_INIT;
	const char *argv[] = {"mount", NULL};
	struct proc_opts po = {0};
	int rc = proc_run(&out, NULL, argv, &po);
	if (rc != 0) {
		buf_release(&out);
		return rstate_fail(c, st,
				   "Could not evaluate: cannot run 'mount': %s",
				   rc < 0 ? err_last() : "failed");
	}
	bool found = false;
	for (const char *p = out.ptr; *p && !found;) {
		size_t len = strcspn(p, "\n");
		const char *on = memmem(p, len, " on ", 4);
		/* %r{ on (.*) type }: the last " type " of the line */
		const char *type = NULL;
		for (const char *q = on; q;) {
			q = memmem(q + 1, (size_t)(p + len - q - 1), " type ",
				   6);
			if (q)
				type = q;
		}
		if (on && type && type > on) {
			size_t n = (size_t)(type - (on + 4));
			found = strlen(name) == n && !memcmp(on + 4, name, n);
		}
		p += len;
		if (*p)
			p++;
	}
	buf_release(&out);
	return found;
}

static int run_mount(struct rtype_ctx *c, struct rstate *st, const char *what,
		     const char *const *argv)
{
	struct tu_argv a = {0};
	for (size_t i = 0; argv[i]; i++)
		tu_argv_add(c, &a, argv[i]);
	return tu_argv_run(c, st, &a, NULL, what);
}

/* The value wanted for field f, or NULL when unmanaged. */
static const char *want(struct rtype_ctx *c, const struct resource *r, size_t f)
{
	if (f == F_DUMP || f == F_PASS)
		return rparam_str(c, r, field_names[f], "0");
	return rparam_str(c, r, field_names[f], NULL);
}

static int converge(struct rtype_ctx *c, const struct resource *r,
		    struct rstate *st)
{
	const char *path = tu_target(c, r, "fstab");
	const char *name = munge_name(c, rparam_namevar(r, "name"));
	const char *ensure = rparam_str(c, r, "ensure", NULL);
	struct buf text = BUF_INIT;
	struct mtab t = {0};
	int error = 0;

	st->status = RS_UNCHANGED;
	struct stat sb;
	int exists = tu_read_target(c, st, path, &text, &sb);
	if (exists < 0) {
		error = -1;
		goto out;
	}
	parse(c, &t, &text);
	struct mline *cur = NULL;
	for (size_t i = 0; i < t.n; i++)
		if (t.l[i].is_record && !strcmp(t.l[i].f[F_NAME], name))
			cur = &t.l[i];
	int mounted = 0;
	if (ensure &&
	    (!strcmp(ensure, "mounted") || !strcmp(ensure, "unmounted") ||
	     !strcmp(ensure, "absent"))) {
		if ((mounted = is_mounted(c, name, st)) < 0) {
			error = -1;
			goto out;
		}
	}
	const char *is = cur ? (mounted ? "mounted" : "unmounted")
			     : (mounted ? "ghost" : "absent");
	bool do_mount = false, do_unmount = false, changed_props = false;
	if (ensure && !strcmp(ensure, "absent")) {
		if (!cur && !mounted)
			goto out;
		rstate_event(c, st, "ensure", is, "absent", "removed");
		do_unmount = mounted;
		if (cur)
			cur->deleted = true;
	} else if (ensure && !cur) {
		struct mline l = {.is_record = true};
		for (size_t f = 0; f < NFIELDS; f++)
			l.f[f] = f == F_NAME ? name : want(c, r, f);
		if (!l.f[F_DEVICE] || !l.f[F_FSTYPE]) {
			error = rstate_fail(
				c, st, "Mount[%s]: Field '%s' is required",
				name, l.f[F_DEVICE] ? "fstype" : "device");
			goto out;
		}
		push(c, &t, &l);
		const char *to =
			!strcmp(ensure, "present") ? "defined" : ensure;
		rstate_event(c, st, "ensure", is, to, "%s",
			     !strcmp(to, "mounted")
				     ? "ensure changed 'absent' to 'mounted'"
				     : "defined 'ensure' as 'defined'");
		do_mount = !strcmp(ensure, "mounted") && !mounted;
		do_unmount = !strcmp(ensure, "unmounted") && mounted;
	} else if (cur) {
		for (size_t f = 0; f < NFIELDS; f++) {
			const char *w = f == F_NAME ? NULL : want(c, r, f);
			if (!w || (cur->f[f] && !strcmp(cur->f[f], w)))
				continue;
			const char *was = cur->f[f] ? cur->f[f] : "absent";
			rstate_event(c, st, field_names[f], was, w,
				     "%s changed '%s' to '%s'", field_names[f],
				     was, w);
			cur->f[f] = w;
			changed_props = true;
		}
		if (ensure && !strcmp(ensure, "mounted") && !mounted) {
			rstate_event(c, st, "ensure", "unmounted", "mounted",
				     "ensure changed 'unmounted' to 'mounted'");
			do_mount = true;
		} else if (ensure && !strcmp(ensure, "unmounted") && mounted) {
			rstate_event(c, st, "ensure", "mounted", "unmounted",
				     "ensure changed 'mounted' to 'unmounted'");
			do_unmount = true;
		}
	}
	if (st->status != RS_CHANGED || c->noop)
		goto out;
	if (do_unmount) {
		const char *argv[] = {"umount", name, NULL};
		if ((error = run_mount(c, st, "unmount", argv)) < 0)
			goto out;
	}
	if (cur || (ensure && strcmp(ensure, "absent"))) {
		struct buf o = BUF_INIT;
		render(&o, &t);
		if (file_write_atomic(path, o.ptr, o.len,
				      exists ? sb.st_mode & 07777 : 0600) < 0)
			error = rstate_fail(c, st, "cannot write '%s': %s",
					    path, err_last());
		else if (exists &&
			 (sb.st_uid != geteuid() || sb.st_gid != getegid()) &&
			 chown(path, sb.st_uid, sb.st_gid) < 0)
			error = rstate_fail(c, st, "cannot chown '%s': %s",
					    path, strerror(errno));
		buf_release(&o);
		if (error)
			goto out;
	}
	if (do_mount) {
		const char *argv[] = {"mount", name, NULL};
		error = run_mount(c, st, "mount", argv);
	} else if (changed_props && mounted && ensure &&
		   !strcmp(ensure, "mounted") &&
		   strcmp(rparam_str(c, r, "fstype", ""), "swap")) {
		/* self_refresh: a changed mounted filesystem is remounted */
		const char *argv[] = {"mount", "-o", "remount", name, NULL};
		error = run_mount(c, st, "remount", argv);
	}
out:
	buf_release(&text);
	return error;
}

static int refresh(struct rtype_ctx *c, const struct resource *r,
		   struct rstate *st)
{
	const char *name = munge_name(c, rparam_namevar(r, "name"));
	if (!strcmp(rparam_str(c, r, "fstype", ""), "swap"))
		return 0;
	int mounted = is_mounted(c, name, st);
	if (mounted <= 0 || c->noop)
		return mounted < 0 ? -1 : 0;
	if (!strcmp(rparam_str(c, r, "remounts", "true"), "true")) {
		const char *argv[] = {"mount", "-o", "remount", name, NULL};
		return run_mount(c, st, "remount", argv);
	}
	const char *um[] = {"umount", name, NULL};
	const char *mo[] = {"mount", name, NULL};
	if (run_mount(c, st, "unmount", um) < 0)
		return -1;
	return run_mount(c, st, "mount", mo);
}

static void autorequire(struct rtype_ctx *c, const struct resource *r,
			void (*add)(const char *type, const char *title,
				    void *payload),
			void *payload)
{
	/* every parent mount point: Pathname#ascend without the name */
	const char *name = munge_name(c, rparam_namevar(r, "name"));
	size_t n = strlen(name);
	while (n > 0) {
		while (n > 0 && name[n - 1] != '/')
			n--;
		if (!n)
			break;
		size_t len = n > 1 ? n - 1 : 1;
		add("Mount", arena_memdupz(c->arena, name, len), payload);
		if (len == 1)
			break;
		n = len;
	}
}

const struct rtype rtype_mount = {
	.name = "mount",
	.validate = validate,
	.sync = converge,
	.refresh = refresh,
	.autorequire = autorequire,
};
