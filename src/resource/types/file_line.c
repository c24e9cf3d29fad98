/* SPDX-License-Identifier: MIT */
/* file_line.c: the file_line type (stdlib): one line in a file, kept present or absent */
#include "util/compat.h"
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

/*
 * stdlib's ruby provider, step for step:
 *  1. read the file as lines, each keeping its "\n" (the last may lack it);
 *  2. exists? decides from the count of lines equal to `line` and the
 *     count of lines matching `match` (see `exists` below) whether the
 *     resource is in sync;
 *  3. present and not in sync: with `match`, matching lines are replaced
 *     (or the line goes after the first line matching `after`, or at the
 *     end); with only `after`, the line is inserted after each matching
 *     line; otherwise it is appended. Every line written gets a newline,
 *     as Ruby's puts does;
 *  4. absent: lines matching `match` (with match_for_absence) or equal to
 *     `line` are dropped, the rest written unchanged.
 * The file is replaced atomically, keeping its mode and owner.
 */

static const char *const params[] = {
	"name", "ensure", "path", "line", "match", "match_for_absence",
	"multiple", "after", "replace", "replace_all_matches_not_matching_line",
	"encoding", "append_on_no_match", "provider",
};

static const char *const bool_params[] = {
	"match_for_absence", "multiple", "replace",
	"replace_all_matches_not_matching_line", "append_on_no_match",
};

struct fl {
	const char *path, *line, *match_src, *after_src;
	void *match, *after; /* compiled patterns, or NULL */
	bool present, multiple, replace, replace_all, match_for_absence,
		append_on_no_match;
	const char **lines; /* each with its "\n", if it had one */
	size_t n;
};

static int check_params(struct rtype_ctx *c, const struct resource *r,
			const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	return 0;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (check_params(c, r, msg) < 0)
		return -1;
	const char *ensure;
	if (tu_ensure_check(&ensure, c, r, msg) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(bool_params); i++) {
		if (rparam_bool(r, bool_params[i], 0) < 0) {
			*msg = arena_strfmt(c->arena, "Invalid value '%s' for %s. Valid values are true, false",
					    rparam_str(c, r, bool_params[i], ""), bool_params[i]);
			return -1;
		}
	}
	bool ra = rparam_bool(r, "replace_all_matches_not_matching_line", 0) == 1;
	if (ra && rparam_bool(r, "multiple", -1) == 0) {
		*msg = "multiple must be true when replace_all_matches_not_matching_line is true";
		return -1;
	}
	if (ra && rparam_bool(r, "replace", 1) == 0) {
		*msg = "replace must be true when replace_all_matches_not_matching_line is true";
		return -1;
	}
	if (!rparam(r, "line") &&
	    !(!strcmp(ensure, "absent") && rparam_bool(r, "match_for_absence", 0) == 1 &&
	      rparam(r, "match"))) {
		*msg = "line is a required attribute";
		return -1;
	}
	const char *path = rparam_str(c, r, "path", NULL);
	if (!path) {
		*msg = "path is a required attribute";
		return -1;
	}
	if (path[0] != '/') {
		*msg = arena_strfmt(c->arena, "File paths must be fully qualified, not '%s'", path);
		return -1;
	}
	const char *const pats[] = { "match", "after" };
	for (size_t i = 0; i < ARRAY_SIZE(pats); i++) {
		const char *src = rparam_str(c, r, pats[i], NULL);
		void *code;
		if (src && regex_compile_src(&code, c->arena, src, strlen(src), 0) < 0) {
			*msg = arena_strfmt(c->arena, "invalid %s: %s", pats[i], err_last());
			return -1;
		}
	}
	return 0;
}

/* Ruby's String#chomp == line */
static bool same_line(const char *l, const char *want)
{
	if (!want)
		return false;
	size_t n = strlen(l);
	if (n && l[n - 1] == '\n')
		n--;
	if (n && l[n - 1] == '\r')
		n--;
	return strlen(want) == n && !memcmp(l, want, n);
}

/* 1, 0, or -1 with err_set() */
static int matches(void *code, const char *l)
{
	if (!code)
		return 0;
	struct regex_hit h = REGEX_HIT_INIT;
	int m = regex_search(&h, code, l, strlen(l), 0, 0);
	regex_hit_release(&h);
	return m;
}

/* count_matches: lines matching `code` (lines equal to `line` left out
 * with replace_all_matches_not_matching_line). */
static int count_matches(size_t *out, const struct fl *f, void *code)
{
	*out = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (f->replace_all && same_line(f->lines[i], f->line))
			continue;
		int m = matches(code, f->lines[i]);
		if (m < 0)
			return -1;
		*out += m;
	}
	return 0;
}

/* The provider's exists?: 1 when the resource counts as existing. */
static int exists(const struct fl *f)
{
	size_t lines_count = 0, match_count;
	for (size_t i = 0; i < f->n; i++)
		lines_count += same_line(f->lines[i], f->line);
	if (!f->match)
		return lines_count > 0;
	if (count_matches(&match_count, f, f->match) < 0)
		return -1;
	if (f->present) {
		if (!match_count)
			return lines_count ? 1 : !f->append_on_no_match;
		if (f->replace_all)
			return 0;
		if (!lines_count)
			return !f->replace;
		return 1;
	}
	if (!match_count)
		return lines_count > 0;
	if (!lines_count)
		return f->match_for_absence;
	return 1;
}

/* Ruby's IO#puts of one string */
static void puts_line(struct buf *out, const char *s)
{
	buf_addstr(out, s);
	if (!out->len || out->ptr[out->len - 1] != '\n')
		buf_addch(out, '\n');
}

static int create(struct rtype_ctx *c, struct rstate *st, const struct fl *f,
		  struct buf *out, bool *write)
{
	size_t count;
	*write = false;
	if (!f->replace) {
		if (count_matches(&count, f, f->match) < 0)
			return rstate_fail(c, st, "%s", err_last());
		if (count)
			return 0;
	}
	*write = true;
	if (f->match) {
		if (count_matches(&count, f, f->match) < 0)
			return rstate_fail(c, st, "%s", err_last());
		if (count > 1 && !f->multiple)
			return rstate_fail(c, st, "More than one line in file '%s' matches pattern '%s'",
					   f->path, f->match_src);
		for (size_t i = 0; i < f->n; i++) {
			int m = matches(f->match, f->lines[i]);
			if (m < 0)
				return rstate_fail(c, st, "%s", err_last());
			puts_line(out, m ? f->line : f->lines[i]);
			if (count || !f->after)
				continue;
			if ((m = matches(f->after, f->lines[i])) < 0)
				return rstate_fail(c, st, "%s", err_last());
			if (m) {
				puts_line(out, f->line);
				count++;
			}
		}
		if (!count)
			puts_line(out, f->line);
	} else if (f->after) {
		if (count_matches(&count, f, f->after) < 0)
			return rstate_fail(c, st, "%s", err_last());
		if (count > 1 && !f->multiple)
			return rstate_fail(c, st, "%zu lines match pattern '%s' in file '%s'. One or no line must match the pattern.",
					   count, f->after_src, f->path);
		for (size_t i = 0; i < f->n; i++) {
			puts_line(out, f->lines[i]);
			int m = matches(f->after, f->lines[i]);
			if (m < 0)
				return rstate_fail(c, st, "%s", err_last());
			if (m)
				puts_line(out, f->line);
		}
		if (!count)
			puts_line(out, f->line);
	} else {
		for (size_t i = 0; i < f->n; i++)
			puts_line(out, f->lines[i]);
		puts_line(out, f->line);
	}
	return 0;
}

static int destroy(struct rtype_ctx *c, struct rstate *st, const struct fl *f,
		   struct buf *out)
{
	bool by_match = f->match_for_absence && f->match;
	if (by_match) {
		size_t count;
		if (count_matches(&count, f, f->match) < 0)
			return rstate_fail(c, st, "%s", err_last());
		if (count > 1 && !f->multiple)
			return rstate_fail(c, st, "More than one line in file '%s' matches pattern '%s'",
					   f->path, f->match_src);
	}
	for (size_t i = 0; i < f->n; i++) {
		int drop = by_match ? matches(f->match, f->lines[i])
				    : same_line(f->lines[i], f->line);
		if (drop < 0)
			return rstate_fail(c, st, "%s", err_last());
		if (!drop)
			buf_addstr(out, f->lines[i]);
	}
	return 0;
}

static int load(struct rtype_ctx *c, const struct resource *r, struct fl *f)
{
	f->path = rparam_str(c, r, "path", NULL);
	f->line = rparam_str(c, r, "line", NULL);
	f->present = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	f->multiple = rparam_bool(r, "multiple", 0) == 1;
	f->replace = rparam_bool(r, "replace", 1) == 1;
	f->replace_all = rparam_bool(r, "replace_all_matches_not_matching_line", 0) == 1;
	f->match_for_absence = rparam_bool(r, "match_for_absence", 0) == 1;
	f->append_on_no_match = rparam_bool(r, "append_on_no_match", 1) == 1;
	f->match_src = rparam_str(c, r, "match", NULL);
	f->after_src = rparam_str(c, r, "after", NULL);
	if (f->match_src && regex_compile_src(&f->match, c->arena, f->match_src,
					      strlen(f->match_src), 0) < 0)
		return -1;
	if (f->after_src && regex_compile_src(&f->after, c->arena, f->after_src,
					      strlen(f->after_src), 0) < 0)
		return -1;
	return 0;
}

static int converge(struct rtype_ctx *c, const struct resource *r,
			struct rstate *st)
{
	struct fl f = { 0 };
	struct buf text = BUF_INIT, out = BUF_INIT;
	int error = 0;
	struct stat sb;
	bool have_file;

	st->status = RS_UNCHANGED;
	if (load(c, r, &f) < 0) {
		error = rstate_fail(c, st, "%s", err_last());
		goto done;
	}
	int rc = file_read(&text, f.path);
	have_file = rc == 0;
	if (rc < 0 && !(rc == ERR_NOTFOUND && c->noop)) {
		error = rstate_fail(c, st, "cannot read '%s': %s", f.path, err_last());
		goto done;
	}
	for (size_t i = 0; i < text.len;) {
		const char *nl = memchr(text.ptr + i, '\n', text.len - i);
		size_t n = nl ? (size_t)(nl - text.ptr) + 1 - i : text.len - i;
		f.lines = arena_realloc(c->arena, f.lines, f.n * sizeof(*f.lines),
					(f.n + 1) * sizeof(*f.lines));
		f.lines[f.n++] = arena_memdupz(c->arena, text.ptr + i, n);
		i += n;
	}
	int ex = exists(&f);
	if (ex < 0) {
		error = rstate_fail(c, st, "%s", err_last());
		goto done;
	}
	bool write = true;
	if (f.present && !ex) {
		if ((error = create(c, st, &f, &out, &write)) < 0)
			goto done;
		rstate_event(c, st, "ensure", "absent", "present", "created");
	} else if (!f.present && ex) {
		if ((error = destroy(c, st, &f, &out)) < 0)
			goto done;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
	} else {
		goto done;
	}
	if (c->noop || !write)
		goto done;
	mode_t mode = have_file && !stat(f.path, &sb) ? sb.st_mode & 07777 : 0644;
	if (file_write_atomic(f.path, out.ptr, out.len, mode) < 0) {
		error = rstate_fail(c, st, "cannot write '%s': %s", f.path, err_last());
		goto done;
	}
	if (have_file && (sb.st_uid != geteuid() || sb.st_gid != getegid()) &&
	    chown(f.path, sb.st_uid, sb.st_gid) < 0)
		error = rstate_fail(c, st, "cannot chown '%s': %s", f.path, strerror(errno));
done:
	buf_release(&text);
	buf_release(&out);
	return error;
}

static void autorequire(struct rtype_ctx *c, const struct resource *r,
			void (*add)(const char *type, const char *title,
				    void *payload),
			void *payload)
{
	const char *path = rparam_str(c, r, "path", NULL);
	if (path)
		add("File", path, payload);
}

const struct rtype rtype_file_line = {
	.name = "file_line",
	.validate = validate,
	.sync = converge,
	.autorequire = autorequire,
};
