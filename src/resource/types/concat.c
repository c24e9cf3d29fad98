/* SPDX-License-Identifier: MIT */
/* concat.c: puppetlabs-concat's concat_file and concat_fragment types */
#include "util/compat.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"

/*
 * A concat_file is assembled from the concat_fragments of the catalog, as
 * concat_file.rb does it:
 *
 * 1. Its fragments are those whose target is its path or its title, or
 *    whose tag equals its tag (both set).
 * 2. Each fragment's text is its content, or the first of its sources
 *    that exists; with ensure_newline, "\n" is added to a text that does
 *    not end with one.
 * 3. Each fragment gets the key "ORDER___NAME". With order => numeric
 *    (the type's default) the keys are split at the first "___" and each
 *    half that is all digits compares as an integer; an integer and a
 *    string cannot be compared, which fails the resource as Ruby's sort
 *    does ("comparison of Array with Array failed"). With order => alpha
 *    (concat's define passes it) the keys are split at the first "__" and
 *    compared as strings.
 * 4. The texts are joined in that order and the result is managed as
 *    Puppet's generated File resource would be: the file type's own sync
 *    gets a File with this content and the concat_file's ensure, owner,
 *    group, mode, backup, replace and show_diff, so the write is atomic,
 *    the old content goes to the filebucket, and a change is an event
 *    that refreshes the subscribers.
 * 5. validate_cmd runs before the file would be written: the new content
 *    goes to a temporary file beside the target, every '%' of the command
 *    is replaced by its path, and the command (split on whitespace, run
 *    without a shell) must exit 0, or nothing is written.
 *
 * A concat_fragment changes nothing by itself.
 */

static const char *const file_params[] = {
	"name",	    "ensure",	    "tag",
	"path",	    "owner",	    "group",
	"mode",	    "order",	    "backup",
	"replace",  "validate_cmd", "ensure_newline",
	"format",   "force",	    "selinux_ignore_defaults",
	"selrange", "selrole",	    "seltype",
	"seluser",  "show_diff",
};

static const char *const fragment_params[] = {
	"name", "target", "content", "source", "order", "tag",
};

/* ---- concat_fragment ---- */

static int fragment_validate(struct rtype_ctx *c, const struct resource *r,
			     const char **msg)
{
	if (rtype_check_params(c, r, fragment_params,
			       ARRAY_SIZE(fragment_params), msg) < 0)
		return -1;
	const struct value *target = rparam(r, "target");
	if (target && target->kind != VAL_STRING) {
		*msg = "Target must be a String";
		return -1;
	}
	const struct value *content = rparam(r, "content");
	if (content && content->kind != VAL_STRING) {
		*msg = "Content must be a String";
		return -1;
	}
	const struct value *source = rparam(r, "source");
	if (source && source->kind != VAL_STRING && source->kind != VAL_ARRAY) {
		*msg = "Content must be a String or Array";
		return -1;
	}
	const struct value *order = rparam(r, "order");
	if (order && order->kind != VAL_STRING && order->kind != VAL_INT) {
		*msg = "$order is not a string or integer.";
		return -1;
	}
	const char *os = rparam_str(c, r, "order", "10");
	if (strpbrk(os, ":\n/")) {
		*msg = "Order cannot contain '/', ':', or '\\n'.";
		return -1;
	}
	if (!target && !rparam(r, "tag")) {
		*msg = "No 'target' or 'tag' set";
		return -1;
	}
	if (!source && !content) {
		*msg = "Set either 'source' or 'content'";
		return -1;
	}
	if (source && content) {
		*msg = "Can't use 'source' and 'content' at the same time";
		return -1;
	}
	return 0;
}

static int fragment_sync(struct rtype_ctx *c UNUSED,
			 const struct resource *r UNUSED, struct rstate *st)
{
	st->status = RS_UNCHANGED;
	return 0;
}

const struct rtype rtype_concat_fragment = {
	.name = "concat_fragment",
	.validate = fragment_validate,
	.sync = fragment_sync,
};

/* ---- concat_file ---- */

struct fragment {
	const char *key; /* "ORDER___NAME" */
	size_t key_len;
	const char *text; /* what it contributes */
	size_t len;
};

static const char *path_of(struct rtype_ctx *c, const struct resource *r)
{
	return rparam_str(c, r, "path", r->title);
}

static const char *join_root(struct rtype_ctx *c, const char *path)
{
	if (!c->root || !*c->root || !strcmp(c->root, "/"))
		return path;
	return arena_strfmt(c->arena, "%s%s", c->root, path);
}

/* The local file for a fragment's source, or NULL. */
static const char *source_local(struct rtype_ctx *c, const char *src)
{
	if (!strncmp(src, "file://", 7)) {
		src += 7;
		if (!strncmp(src, "localhost/", 10))
			src += 9;
	}
	if (src[0] == '/')
		return join_root(c, src);
	if (strncmp(src, "puppet:///modules/", 18))
		return NULL;
	const char *p = src + 18, *slash = strchr(p, '/');
	if (!slash || !slash[1])
		return NULL;
	for (const char *mp = c->modulepath ? c->modulepath : ""; *mp;) {
		size_t n = strcspn(mp, ":");
		if (n) {
			const char *cand = arena_strfmt(
				c->arena, "%.*s/%.*s/files/%s", (int)n, mp,
				(int)(slash - p), p, slash + 1);
			if (access(cand, R_OK) == 0)
				return cand;
		}
		mp += n;
		if (*mp == ':')
			mp++;
	}
	return NULL;
}

/* A fragment's text from its content or first readable source. */
static int fragment_text(struct rtype_ctx *c, const struct resource *fr,
			 struct fragment *out, struct rstate *st)
{
	const struct value *content = rparam(fr, "content");
	if (content && content->kind == VAL_STRING) {
		out->text = content->u.s.ptr;
		out->len = content->u.s.len;
		return 0;
	}
	if (content) {
		out->text = rparam_str(c, fr, "content", "");
		out->len = strlen(out->text);
		return 0;
	}
	const struct value *src = rparam(fr, "source");
	size_t n = !src ? 0 : src->kind == VAL_ARRAY ? src->u.arr.n : 1;
	struct buf names = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct value *e =
			src->kind == VAL_ARRAY ? src->u.arr.v[i] : src;
		if (e->kind != VAL_STRING)
			continue;
		if (names.len)
			buf_addstr(&names, ", ");
		buf_addstr(&names, e->u.s.ptr);
		const char *local = source_local(c, e->u.s.ptr);
		struct stat sb;
		if (!local || stat(local, &sb) < 0 || S_ISDIR(sb.st_mode))
			continue;
		struct buf b = BUF_INIT;
		if (file_read(&b, local) < 0) {
			buf_release(&b);
			continue;
		}
		out->text = arena_memdupz(c->arena, b.ptr, b.len);
		out->len = b.len;
		buf_release(&b);
		buf_release(&names);
		return 0;
	}
	int rc = rstate_fail(c, st, "Could not retrieve source(s) %s",
			     names.ptr);
	buf_release(&names);
	return rc;
}

/* Ruby's String <=> */
static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	int d = memcmp(a, b, al < bl ? al : bl);
	if (d)
		return d < 0 ? -1 : 1;
	return al == bl ? 0 : al < bl ? -1 : 1;
}

/* One half of a decompounded key: an integer when %r{^\d+$} matches
 * (a line of digits), with its value as to_i reads it. */
struct half {
	const char *s;
	size_t len;
	bool is_int;
	const char *digits; /* to_i's digits without leading zeros */
	size_t ndigits;
};

static void half_init(struct half *h, const char *s, size_t len)
{
	h->s = s;
	h->len = len;
	h->is_int = false;
	for (size_t i = 0; i < len && !h->is_int;) {
		size_t e = i;
		while (e < len && s[e] != '\n')
			e++;
		bool all = e > i;
		for (size_t k = i; k < e && all; k++)
			all = s[k] >= '0' && s[k] <= '9';
		h->is_int = all;
		i = e + 1;
	}
	/* to_i: optional whitespace, sign, digits (and underscores) */
	size_t i = 0;
	while (i < len && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')))
		i++;
	while (i < len && s[i] == '0')
		i++;
	size_t k = i;
	while (k < len && s[k] >= '0' && s[k] <= '9')
		k++;
	h->digits = s + i;
	h->ndigits = k - i;
}

static int cmp_half(const struct half *a, const struct half *b, bool *failed)
{
	if (a->is_int != b->is_int) {
		*failed = true;
		return a->is_int ? -1 : 1;
	}
	if (!a->is_int)
		return cmp_bytes(a->s, a->len, b->s, b->len);
	if (a->ndigits != b->ndigits)
		return a->ndigits < b->ndigits ? -1 : 1;
	int d = memcmp(a->digits, b->digits, a->ndigits);
	return d < 0 ? -1 : d > 0;
}

/* Splits key at the first `sep` (Ruby's split(sep, 2)). */
static void split2(const struct fragment *f, const char *sep, struct half *a,
		   struct half *b)
{
	size_t sl = strlen(sep);
	const char *hit = memmem(f->key, f->key_len, sep, sl);
	if (!hit) {
		half_init(a, f->key, f->key_len);
		half_init(b, "", 0);
		b->is_int = a->is_int; /* a one-element array: compared on a */
		return;
	}
	half_init(a, f->key, (size_t)(hit - f->key));
	half_init(b, hit + sl, f->key_len - (size_t)(hit - f->key) - sl);
}

/* Only called once numeric_sort_fails() said no pair is incomparable. */
static int cmp_numeric(const void *pa, const void *pb)
{
	struct half a0, a1, b0, b1;
	bool failed = false;
	split2(pa, "___", &a0, &a1);
	split2(pb, "___", &b0, &b1);
	int d = cmp_half(&a0, &b0, &failed);
	return d ? d : cmp_half(&a1, &b1, &failed);
}

static int cmp_alpha(const void *pa, const void *pb)
{
	struct half a0, a1, b0, b1;
	split2(pa, "__", &a0, &a1);
	split2(pb, "__", &b0, &b1);
	int d = cmp_bytes(a0.s, a0.len, b0.s, b0.len);
	return d ? d : cmp_bytes(a1.s, a1.len, b1.s, b1.len);
}

/*
 * Whether Ruby's sort of these keys raises: two keys whose first halves
 * are an integer and a string, or whose equal first halves are followed
 * by an integer and a string. Any comparison sort compares the keys that
 * end up next to each other, so such a pair is always met.
 */
static bool numeric_sort_fails(const struct fragment *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			bool failed = false;
			struct half a0, a1, b0, b1;
			split2(&f[i], "___", &a0, &a1);
			split2(&f[j], "___", &b0, &b1);
			int d = cmp_half(&a0, &b0, &failed);
			if (!failed && !d)
				cmp_half(&a1, &b1, &failed);
			if (failed)
				return true;
		}
	}
	return false;
}

static bool fragment_matches(struct rtype_ctx *c, const struct resource *file,
			     const struct resource *fr)
{
	const char *target = rparam_str(c, fr, "target", NULL);
	if (target &&
	    (!strcmp(target, path_of(c, file)) || !strcmp(target, file->title)))
		return true;
	const char *ftag = rparam_str(c, fr, "tag", NULL);
	const char *tag = rparam_str(c, file, "tag", NULL);
	return ftag && tag && !strcmp(ftag, tag);
}

/* Steps 1-4: the assembled content into out. */
static int assemble(struct buf *out, struct rtype_ctx *c,
		    const struct resource *r, struct rstate *st)
{
	const struct catalog *cat = c->catalog;
	struct fragment *v = NULL;
	size_t n = 0, alloc = 0;
	bool is_newline = rparam_bool(r, "ensure_newline", 0) == 1;
	for (size_t i = 0; cat && i < cat->nres; i++) {
		const struct resource *fr = cat->res[i];
		if (strcmp(fr->type, "Concat_fragment") || fr->is_virtual ||
		    fr->is_exported || !fragment_matches(c, r, fr))
			continue;
		if (n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			v = arena_realloc(c->arena, v, n * sizeof(*v),
					  na * sizeof(*v));
			alloc = na;
		}
		struct fragment *f = &v[n];
		if (fragment_text(c, fr, f, st) < 0)
			return -1;
		if (is_newline && (!f->len || f->text[f->len - 1] != '\n')) {
			char *t = arena_alloc(c->arena, f->len + 2);
			memcpy(t, f->text, f->len);
			t[f->len] = '\n';
			t[f->len + 1] = '\0';
			f->text = t;
			f->len++;
		}
		f->key = arena_strfmt(c->arena, "%s___%s",
				      rparam_str(c, fr, "order", "10"),
				      rparam_namevar(fr, "name"));
		f->key_len = strlen(f->key);
		n++;
	}
	const char *order = rparam_str(c, r, "order", "numeric");
	if (!strcmp(order, "numeric")) {
		if (numeric_sort_fails(v, n))
			return rstate_fail(
				c, st, "comparison of Array with Array failed");
		if (n)
			qsort(v, n, sizeof(*v), cmp_numeric);
	} else if (n) {
		qsort(v, n, sizeof(*v), cmp_alpha);
	}
	for (size_t i = 0; i < n; i++)
		buf_add(out, v[i].text, v[i].len);
	return 0;
}

/* Puppet's generated File: ensure, content and the attributes it copies. */
static void file_resource(struct resource *out, struct rtype_ctx *c,
			  const struct resource *r, const struct buf *content)
{
	static const char *const copied[] = {
		"owner",
		"group",
		"mode",
		"replace",
		"backup",
		"show_diff",
		/* metaparameters but before/notify/require/subscribe/tag */
		"noop",
		"loglevel",
		"schedule",
		"audit",
		"alias",
	};
	memset(out, 0, sizeof(*out));
	out->type = "File";
	out->title = path_of(c, r);
	out->loc = r->loc;
	out->params = val_hash(c->arena, 8);
	bool is_absent =
		!strcmp(rparam_str(c, r, "ensure", "present"), "absent");
	val_hash_set_str(c->arena, out->params, "ensure",
			 val_strz(c->arena, is_absent ? "absent" : "file"));
	val_hash_set_str(c->arena, out->params, "path",
			 val_strz(c->arena, out->title));
	for (size_t i = 0; i < ARRAY_SIZE(copied); i++) {
		const struct value *v = rparam(r, copied[i]);
		if (v)
			val_hash_set_str(c->arena, out->params, copied[i],
					 (struct value *)v);
	}
	if (content)
		val_hash_set_str(c->arena, out->params, "content",
				 val_str(c->arena, content->ptr, content->len));
}

static int file_validate(struct rtype_ctx *c, const struct resource *r,
			 const char **msg)
{
	if (rtype_check_params(c, r, file_params, ARRAY_SIZE(file_params),
			       msg) < 0)
		return -1;
	const char *path = path_of(c, r);
	if (path[0] != '/') {
		*msg = arena_strfmt(
			c->arena,
			"File paths must be fully qualified, not '%s'", path);
		return -1;
	}
	const char *ensure = rparam_str(c, r, "ensure", "present");
	if (strcmp(ensure, "present") && strcmp(ensure, "absent")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value '%s'. Valid values are present, absent",
			ensure);
		return -1;
	}
	const char *order = rparam_str(c, r, "order", "numeric");
	if (strcmp(order, "numeric") && strcmp(order, "alpha")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value '%s'. Valid values are alpha, numeric",
			order);
		return -1;
	}
	const char *format = rparam_str(c, r, "format", "plain");
	if (strcmp(format, "plain")) {
		*msg = arena_strfmt(
			c->arena,
			"format '%s' is not implemented by tend (only 'plain')",
			format);
		return -1;
	}
	const struct value *backup = rparam(r, "backup");
	if (backup && backup->kind != VAL_BOOL && backup->kind != VAL_STRING) {
		*msg = "Backup must be a Boolean or String";
		return -1;
	}
	const struct value *vc = rparam(r, "validate_cmd");
	if (vc && vc->kind != VAL_STRING) {
		*msg = "Validate_cmd must be a String";
		return -1;
	}
	static const char *const bools[] = {"replace", "ensure_newline",
					    "force", "show_diff"};
	for (size_t i = 0; i < ARRAY_SIZE(bools); i++) {
		if (rparam_bool(r, bools[i], 0) < 0) {
			*msg = arena_strfmt(
				c->arena,
				"Invalid value '%s' for %s. Valid values are true, false, yes, no",
				rparam_str(c, r, bools[i], ""), bools[i]);
			return -1;
		}
	}
	struct resource f;
	file_resource(&f, c, r, NULL);
	return rtype_file.validate ? rtype_file.validate(c, &f, msg) : 0;
}

/* Step 5: 0 when the command accepts the content (or need not run). */
static int run_validate_cmd(struct rtype_ctx *c, const struct resource *r,
			    const struct buf *content, struct rstate *st)
{
	const char *cmd = rparam_str(c, r, "validate_cmd", NULL);
	const char *fs = join_root(c, path_of(c, r));
	if (!cmd || c->noop ||
	    !strcmp(rparam_str(c, r, "ensure", "present"), "absent"))
		return 0;
	struct buf cur = BUF_INIT;
	int rc = file_read(&cur, fs);
	bool is_same = rc == 0 && cur.len == content->len &&
		       !memcmp(cur.ptr, content->ptr, cur.len);
	bool will_write =
		rc != 0 || (!is_same && rparam_bool(r, "replace", 1) == 1);
	buf_release(&cur);
	if (!will_write)
		return 0;

	struct buf tmp = BUF_INIT, out = BUF_INIT, line = BUF_INIT;
	const char *slash = strrchr(fs, '/');
	buf_add(&tmp, fs, (size_t)(slash - fs));
	buf_addf(&tmp, "/.%s.tend-validate-XXXXXX", slash + 1);
	int fd = mkostemp(tmp.ptr, O_CLOEXEC);
	int error = 0;
	if (fd < 0) {
		error = rstate_fail(c, st, "cannot write '%s': %s", fs,
				    strerror(errno));
		buf_reset(&tmp);
		goto out;
	}
	size_t off = 0;
	while (off < content->len) {
		ssize_t w = write(fd, content->ptr + off, content->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			error = rstate_fail(c, st, "cannot write '%s': %s",
					    tmp.ptr, strerror(errno));
			close(fd);
			goto out;
		}
		off += (size_t)w;
	}
	close(fd);
	/* the argument vector: words of the command, '%' → the file */
	const char **argv = NULL;
	size_t argc = 0;
	for (const char *p = cmd; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		struct buf w = BUF_INIT;
		for (; *p && *p != ' ' && *p != '\t' && *p != '\n'; p++) {
			if (*p == '%')
				buf_addstr(&w, tmp.ptr);
			else
				buf_addch(&w, *p);
		}
		argv = arena_realloc(c->arena, argv, argc * sizeof(*argv),
				     (argc + 2) * sizeof(*argv));
		argv[argc++] = arena_memdupz(c->arena, w.ptr, w.len);
		argv[argc] = NULL;
		buf_release(&w);
	}
	if (!argc)
		goto out;
	struct proc_opts po = {.merge_stderr = true};
	int status = proc_run(&out, NULL, argv, &po);
	while (out.len && out.ptr[out.len - 1] == '\n')
		buf_setlen(&out, out.len - 1);
	proc_argv_str(&line, argv);
	if (status < 0)
		error = rstate_fail(c, st, "validate_cmd: cannot run '%s': %s",
				    line.ptr, err_last());
	else if (status)
		error = rstate_fail(
			c, st,
			"validate_cmd: Execution of '%s' returned %d: %s",
			line.ptr, status, out.ptr);
out:
	if (tmp.len)
		unlink(tmp.ptr);
	buf_release(&tmp);
	buf_release(&out);
	buf_release(&line);
	return error;
}

static int file_sync(struct rtype_ctx *c, const struct resource *r,
		     struct rstate *st)
{
	struct buf content = BUF_INIT;
	st->status = RS_UNCHANGED;
	struct resource f;
	int error = assemble(&content, c, r, st);
	if (error) {
		/* as Puppet, whose generated File is still synced, without
		 * content: a missing file is created empty */
		const char *why = st->error;
		file_resource(&f, c, r, NULL);
		rtype_file.sync(c, &f, st);
		error = rstate_fail(
			c, st,
			"Failed to generate additional resources using 'eval_generate': %s",
			why);
		goto out;
	}
	if ((error = run_validate_cmd(c, r, &content, st)) < 0)
		goto out;
	file_resource(&f, c, r, &content);
	error = rtype_file.sync(c, &f, st);
out:
	buf_release(&content);
	return error;
}

static void file_autorequire(struct rtype_ctx *c, const struct resource *r,
			     void (*add)(const char *type, const char *title,
					 void *payload),
			     void *payload)
{
	/* autorequire(:file) { [self[:path]] }, then the generated File's:
	 * parent directories, owner, group */
	struct resource f;
	file_resource(&f, c, r, NULL);
	add("File", f.title, payload);
	if (rtype_file.autorequire)
		rtype_file.autorequire(c, &f, add, payload);
}

const struct rtype rtype_concat_file = {
	.name = "concat_file",
	.validate = file_validate,
	.sync = file_sync,
	.autorequire = file_autorequire,
};
