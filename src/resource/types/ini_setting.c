/* SPDX-License-Identifier: MIT */
/* ini_setting.c: puppetlabs-inifile's ini_setting and ini_subsetting types */
#include "util/compat.h"
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/regex.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"

/*
 * The inifile module edits a file through Puppet::Util::IniFile
 * (lib/puppet/util/ini_file.rb), whose output users' files depend on to
 * the byte, quirks included. `struct ini` follows that class step for
 * step:
 *
 * 1. The file is read as lines, each keeping its "\n". A "global" section
 *    holds what comes before the first header; each line matching
 *    ^\s*PREFIX(.*)SUFFIX\s*$ starts a section running to the next header.
 *    Within a section, lines matching the setting pattern (built around
 *    the separator without its spaces) are settings: name => value, and
 *    the smallest indentation is remembered.
 * 2. Setting an existing setting rewrites every line of its section that
 *    names it: indentation, name and separator as they were, new value.
 *    A missing setting goes right after a commented-out version of it
 *    ("# name = x" or "; name=x") when the section has one, else it is
 *    queued as an "additional" setting of the section (created at the end
 *    of the file when missing).
 * 3. Removing a setting deletes its lines (Ruby's delete-while-iterating:
 *    of two consecutive matching lines the second stays) and a section
 *    left with only its header loses the header too.
 * 4. Saving writes each section: a new one gets a blank line before its
 *    header (unless it is the first after an empty global section), the
 *    old lines are copied with blank lines held back, so that additional
 *    settings go before the blank lines that end the section, written as
 *    INDENT NAME SEPARATOR VALUE.
 *
 * The resources drive it as the ruby providers do: ini_setting through
 * exists?/create/destroy/value=, ini_subsetting through
 * Puppet::Util::SettingValue (the setting's value split into items). The
 * file is replaced atomically and keeps its mode and owner; nothing is
 * written when everything is in sync or with noop.
 */

static const char *const setting_params[] = {
	"name",
	"ensure",
	"section",
	"setting",
	"force_new_section_creation",
	"path",
	"show_diff",
	"key_val_separator",
	"value",
	"section_prefix",
	"section_suffix",
	"indent_char",
	"indent_width",
	"refreshonly",
	"provider",
};

static const char *const subsetting_params[] = {
	"name",
	"ensure",
	"section",
	"setting",
	"subsetting",
	"subsetting_separator",
	"subsetting_key_val_separator",
	"path",
	"show_diff",
	"key_val_separator",
	"quote_char",
	"use_exact_match",
	"value",
	"insert_type",
	"insert_value",
	"delete_if_empty",
	"provider",
};

/* ---- Puppet::Util::IniFile ---- */

struct kv {
	const char *k, *v; /* NULL is Ruby's nil */
};

/* A Ruby Hash of strings: insertion order, updates in place. */
struct kvmap {
	struct kv *e;
	size_t n, alloc;
};

struct isection {
	const char *name;
	long start, end; /* line numbers; -1 is nil */
	struct kvmap existing, additional;
	long indentation; /* -1 is nil */
};

struct ini {
	struct rtype_ctx *c;
	const char **lines; /* as read, each with its "\n" */
	size_t nlines, lines_alloc;
	const char **names; /* @section_names (a name may repeat) */
	size_t nnames, names_alloc;
	struct isection **hash; /* @sections_hash: the last section per name */
	size_t nhash, hash_alloc;
	void *section_re, *setting_re, *commented_re;
	const char *prefix, *suffix, *indent_char, *kv_sep;
	long indent_width; /* -1 is nil */
};

static bool str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static struct kv *kv_find(struct kvmap *m, const char *k)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].k ? k && !strcmp(m->e[i].k, k) : !k)
			return &m->e[i];
	return NULL;
}

static void kv_set(struct rtype_ctx *c, struct kvmap *m, const char *k,
		   const char *v)
{
	struct kv *e = kv_find(m, k);
	if (e) {
		e->v = v;
		return;
	}
	if (m->n == m->alloc) {
		size_t na = m->alloc ? m->alloc * 2 : 8;
		m->e = arena_realloc(c->arena, m->e, m->n * sizeof(*m->e),
				     na * sizeof(*m->e));
		m->alloc = na;
	}
	m->e[m->n++] = (struct kv){k, v};
}

static bool kv_delete(struct kvmap *m, const char *k)
{
	struct kv *e = kv_find(m, k);
	if (!e)
		return false;
	size_t i = (size_t)(e - m->e);
	memmove(&m->e[i], &m->e[i + 1], (m->n - i - 1) * sizeof(*m->e));
	m->n--;
	return true;
}

static struct isection *section_get(struct ini *f, const char *name)
{
	for (size_t i = 0; i < f->nhash; i++)
		if (!strcmp(f->hash[i]->name, name))
			return f->hash[i];
	return NULL;
}

static void add_section(struct ini *f, struct isection *s)
{
	struct rtype_ctx *c = f->c;
	bool replaced = false;
	for (size_t i = 0; i < f->nhash && !replaced; i++) {
		if (!strcmp(f->hash[i]->name, s->name)) {
			f->hash[i] = s;
			replaced = true;
		}
	}
	if (!replaced) {
		if (f->nhash == f->hash_alloc) {
			size_t na = f->hash_alloc ? f->hash_alloc * 2 : 8;
			f->hash = arena_realloc(c->arena, f->hash,
						f->nhash * sizeof(*f->hash),
						na * sizeof(*f->hash));
			f->hash_alloc = na;
		}
		f->hash[f->nhash++] = s;
	}
	if (f->nnames == f->names_alloc) {
		size_t na = f->names_alloc ? f->names_alloc * 2 : 8;
		f->names = arena_realloc(c->arena, f->names,
					 f->nnames * sizeof(*f->names),
					 na * sizeof(*f->names));
		f->names_alloc = na;
	}
	f->names[f->nnames++] = s->name;
}

static struct isection *new_section(struct ini *f, const char *name, long start,
				    long end, long indentation)
{
	struct isection *s = arena_alloc(f->c->arena, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->start = start;
	s->end = end;
	s->indentation = indentation;
	return s;
}

static bool is_new(const struct isection *s)
{
	return s->end < 0;
}

static bool is_global(const struct isection *s)
{
	return !*s->name;
}

static bool is_empty(const struct isection *s)
{
	return is_global(s) ? is_new(s) : s->start == s->end;
}

static const char *line_at(const struct ini *f, long i)
{
	return i >= 0 && (size_t)i < f->nlines ? f->lines[i] : NULL;
}

/* Matches re against s; 1 with h filled, 0 no match, -1 error. */
static int match(struct regex_hit *h, void *re, const char *s)
{
	if (!s)
		return 0;
	return regex_search(h, re, s, strlen(s), 0, 0);
}

static const char *group(struct ini *f, const struct regex_hit *h,
			 const char *s, size_t i)
{
	if (i >= h->ngroups || h->ov[2 * i] == REGEX_UNSET)
		return NULL;
	return arena_memdupz(f->c->arena, s + h->ov[2 * i],
			     h->ov[2 * i + 1] - h->ov[2 * i]);
}

static int compile(struct ini *f, void **out, const struct buf *src)
{
	return regex_compile_src(out, f->c->arena, src->ptr, src->len, 0);
}

/* IniFile#initialize: the three patterns around the separator. */
static int ini_patterns(struct ini *f)
{
	struct buf re = BUF_INIT, kvs = BUF_INIT;
	const char *sep = f->kv_sep;
	bool all_space = *sep != '\0';
	for (const char *p = sep; *p; p++)
		all_space &= isspace((unsigned char)*p) != 0;
	if (all_space) {
		buf_addch(&kvs, ' ');
	} else {
		/* String#strip */
		size_t b = 0, e = strlen(sep);
		while (b < e && isspace((unsigned char)sep[b]))
			b++;
		while (e > b &&
		       (isspace((unsigned char)sep[e - 1]) || !sep[e - 1]))
			e--;
		buf_add(&kvs, sep + b, e - b);
	}
	int error;
	buf_addstr(&re, "^\\s*");
	regex_escape(&re, f->prefix, strlen(f->prefix));
	buf_addstr(&re, "(.*)");
	regex_escape(&re, f->suffix, strlen(f->suffix));
	buf_addstr(&re, "\\s*$");
	if ((error = compile(f, &f->section_re, &re)) < 0)
		goto out;
	buf_reset(&re);
	buf_addf(
		&re,
		"^(\\s*)([^#;\\s]|[^#;\\s].*?[^\\s%s])(\\s*%s[ \\t]*)(.*)\\s*$",
		kvs.ptr, kvs.ptr);
	if ((error = compile(f, &f->setting_re, &re)) < 0)
		goto out;
	buf_reset(&re);
	buf_addf(&re, "^(\\s*)[#;]+(\\s*)(.*?[^\\s%s])(\\s*%s[ \\t]*)(.*)\\s*$",
		 kvs.ptr, kvs.ptr);
	error = compile(f, &f->commented_re, &re);
out:
	buf_release(&re);
	buf_release(&kvs);
	return error;
}

/* read_section: from start (the header, or 0) to the next header. */
static int read_section(struct ini *f, const char *name, long start,
			size_t *next, struct isection **out)
{
	struct rtype_ctx *c = f->c;
	struct isection *s = new_section(f, name, start, start, -1);
	bool empty = true;
	for (;;) {
		const char *line = line_at(f, (long)*next);
		struct regex_hit h = REGEX_HIT_INIT;
		int m = line ? match(&h, f->section_re, line) : 1;
		regex_hit_release(&h);
		if (m < 0)
			return -1;
		if (m) {
			if (!*name && empty)
				s->end = -1;
			*out = s;
			return 0;
		}
		m = match(&h, f->setting_re, line);
		if (m < 0) {
			regex_hit_release(&h);
			return -1;
		}
		if (m) {
			kv_set(c, &s->existing, group(f, &h, line, 2),
			       group(f, &h, line, 4));
			long ind = (long)(h.ov[3] - h.ov[2]);
			if (s->indentation < 0 || ind < s->indentation)
				s->indentation = ind;
		}
		regex_hit_release(&h);
		s->end = (long)*next;
		empty = false;
		(*next)++;
	}
}

static int ini_load(struct ini *f, const char *path)
{
	struct rtype_ctx *c = f->c;
	struct buf text = BUF_INIT;
	struct stat sb;
	/* File.file?(path) ? File.readlines(path) : [] */
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    file_read(&text, path) < 0) {
		buf_release(&text);
		return -1;
	}
	for (size_t i = 0; i < text.len;) {
		const char *nl = memchr(text.ptr + i, '\n', text.len - i);
		size_t n = nl ? (size_t)(nl - text.ptr) + 1 - i : text.len - i;
		if (f->nlines == f->lines_alloc) {
			size_t na = f->lines_alloc ? f->lines_alloc * 2 : 64;
			f->lines = arena_realloc(c->arena, f->lines,
						 f->nlines * sizeof(*f->lines),
						 na * sizeof(*f->lines));
			f->lines_alloc = na;
		}
		f->lines[f->nlines++] =
			arena_memdupz(c->arena, text.ptr + i, n);
		i += n;
	}
	buf_release(&text);
	if (ini_patterns(f) < 0)
		return -1;
	size_t next = 0;
	struct isection *s;
	if (read_section(f, "", 0, &next, &s) < 0)
		return -1;
	add_section(f, s);
	while (next < f->nlines) {
		const char *line = f->lines[next];
		struct regex_hit h = REGEX_HIT_INIT;
		int m = match(&h, f->section_re, line);
		const char *name = m > 0 ? group(f, &h, line, 1) : NULL;
		regex_hit_release(&h);
		if (m < 0)
			return -1;
		long at = (long)next++;
		if (!name)
			continue;
		if (read_section(f, name, at, &next, &s) < 0)
			return -1;
		add_section(f, s);
	}
	return 0;
}

static const char *get_value(struct ini *f, const char *section,
			     const char *setting)
{
	struct isection *s = section_get(f, section);
	if (!s)
		return NULL;
	struct kv *e = kv_find(&s->existing, setting);
	if (e && e->v)
		return e->v;
	e = kv_find(&s->additional, setting);
	return e ? e->v : NULL;
}

static void insert_line(struct ini *f, size_t at, const char *line)
{
	struct rtype_ctx *c = f->c;
	if (f->nlines == f->lines_alloc) {
		size_t na = f->lines_alloc ? f->lines_alloc * 2 : 64;
		f->lines = arena_realloc(c->arena, f->lines,
					 f->nlines * sizeof(*f->lines),
					 na * sizeof(*f->lines));
		f->lines_alloc = na;
	}
	if (at > f->nlines)
		at = f->nlines;
	memmove(&f->lines[at + 1], &f->lines[at],
		(f->nlines - at) * sizeof(*f->lines));
	f->lines[at] = line;
	f->nlines++;
}

static void delete_line(struct ini *f, long at)
{
	if (at < 0 || (size_t)at >= f->nlines)
		return;
	memmove(&f->lines[at], &f->lines[at + 1],
		(f->nlines - (size_t)at - 1) * sizeof(*f->lines));
	f->nlines--;
}

static long name_index(const struct ini *f, const char *name)
{
	for (size_t i = 0; i < f->nnames; i++)
		if (!strcmp(f->names[i], name))
			return (long)i;
	return -1;
}

static void shift_sections(struct ini *f, long from, long by)
{
	for (size_t i = from < 0 ? 0 : (size_t)from; i < f->nnames; i++) {
		struct isection *s = section_get(f, f->names[i]);
		if (s->start >= 0)
			s->start += by;
		if (s->end >= 0)
			s->end += by;
	}
}

static const char *indent(struct ini *f, const struct isection *s)
{
	long n = f->indent_width >= 0  ? f->indent_width
		 : s->indentation >= 0 ? s->indentation
				       : 0;
	struct buf b = BUF_INIT;
	for (long i = 0; i < n; i++)
		buf_addstr(&b, f->indent_char);
	const char *r = arena_memdupz(f->c->arena, b.ptr, b.len);
	buf_release(&b);
	return r;
}

/* IniFile#set_value: with setting and value NULL, only the section. */
static int set_value(struct ini *f, const char *section, const char *setting,
		     const char *separator, const char *value)
{
	struct rtype_ctx *c = f->c;
	if (!section_get(f, section))
		add_section(f, new_section(f, section, -1, -1, -1));
	struct isection *s = section_get(f, section);
	if (kv_find(&s->existing, setting)) {
		/* update_line: every line of the section naming it */
		for (long i = s->start; i <= s->end; i++) {
			const char *line = line_at(f, i);
			struct regex_hit h = REGEX_HIT_INIT;
			int m = match(&h, f->setting_re, line);
			if (m < 0) {
				regex_hit_release(&h);
				return -1;
			}
			if (m && str_eq(group(f, &h, line, 2), setting))
				f->lines[i] = arena_strfmt(
					c->arena, "%s%s%s%s",
					group(f, &h, line, 1), setting,
					group(f, &h, line, 3),
					value ? value : "");
			regex_hit_release(&h);
		}
		kv_set(c, &s->existing, setting, value);
		return 0;
	}
	/* find_commented_setting */
	long at = -1;
	for (long i = s->start; !is_new(s) && at < 0 && i <= s->end; i++) {
		const char *line = line_at(f, i);
		struct regex_hit h = REGEX_HIT_INIT;
		int m = match(&h, f->commented_re, line);
		if (m < 0) {
			regex_hit_release(&h);
			return -1;
		}
		if (m && str_eq(group(f, &h, line, 3), setting))
			at = i;
		regex_hit_release(&h);
	}
	if (at >= 0) {
		insert_line(f, (size_t)at + 1,
			    arena_strfmt(c->arena, "%s%s%s%s", indent(f, s),
					 setting, separator ? separator : "",
					 value ? value : ""));
		kv_set(c, &s->existing, setting, value);
		if (s->end >= 0)
			s->end++;
		shift_sections(f, name_index(f, section) + 1, 1);
	} else if (setting || value) {
		kv_set(c, &s->additional, setting, value);
	}
	return 0;
}

/* IniFile#remove_setting */
static int remove_setting(struct ini *f, const char *section,
			  const char *setting)
{
	struct isection *s = section_get(f, section);
	if (!s || !kv_find(&s->existing, setting))
		return 0;
	long end = s->end;
	for (long i = s->start; i <= end; i++) {
		const char *line = line_at(f, i);
		struct regex_hit h = REGEX_HIT_INIT;
		int m = match(&h, f->setting_re, line);
		if (m < 0) {
			regex_hit_release(&h);
			return -1;
		}
		if (m && str_eq(group(f, &h, line, 2), setting))
			delete_line(f, i);
		regex_hit_release(&h);
	}
	if (kv_delete(&s->existing, setting) && s->end >= 0)
		s->end--;
	long idx = name_index(f, section);
	shift_sections(f, idx + 1, -1);
	if (!is_empty(s))
		return 0;
	delete_line(f, s->start);
	shift_sections(f, idx + 1, -1);
	memmove(&f->names[idx], &f->names[idx + 1],
		(f->nnames - (size_t)idx - 1) * sizeof(*f->names));
	f->nnames--;
	for (size_t i = 0; i < f->nhash; i++) {
		if (f->hash[i] == s) {
			memmove(&f->hash[i], &f->hash[i + 1],
				(f->nhash - i - 1) * sizeof(*f->hash));
			f->nhash--;
			break;
		}
	}
	return 0;
}

/* Ruby's puts */
static void puts_line(struct buf *out, const char *line)
{
	size_t n = strlen(line);
	buf_add(out, line, n);
	if (!n || line[n - 1] != '\n')
		buf_addch(out, '\n');
}

static bool is_blank(const char *line)
{
	for (const char *p = line; *p; p++)
		if (!isspace((unsigned char)*p))
			return false;
	return true;
}

/* IniFile#save, into out */
static int render(struct buf *out, struct ini *f)
{
	struct isection *g = section_get(f, "");
	bool global_empty = g && is_empty(g) && !g->additional.n;
	const char **ws = NULL;
	size_t nws = 0;
	for (size_t idx = 0; idx < f->nnames; idx++) {
		struct isection *s = section_get(f, f->names[idx]);
		nws = 0;
		if (is_new(s) && !is_global(s)) {
			if ((idx == 1 && !global_empty) || idx > 1)
				puts_line(out, "");
			buf_addf(out, "%s%s%s\n", f->prefix, s->name,
				 f->suffix);
		}
		if (!is_new(s)) {
			for (long i = s->start; i <= s->end; i++) {
				const char *line = line_at(f, i);
				if (!line)
					return err_set(
						"undefined method `match?' for nil:NilClass");
				if (is_blank(line)) {
					ws = arena_realloc(f->c->arena, ws,
							   nws * sizeof(*ws),
							   (nws + 1) *
								   sizeof(*ws));
					ws[nws++] = line;
					continue;
				}
				for (size_t k = 0; k < nws; k++)
					puts_line(out, ws[k]);
				nws = 0;
				puts_line(out, line);
			}
		}
		for (size_t k = 0; k < s->additional.n; k++) {
			const struct kv *e = &s->additional.e[k];
			buf_addf(out, "%s%s%s%s\n", indent(f, s),
				 e->k ? e->k : "", f->kv_sep, e->v ? e->v : "");
		}
		if (nws) {
			for (size_t k = 0; k < nws; k++)
				puts_line(out, ws[k]);
		} else if (is_new(s) && s->additional.n &&
			   idx + 1 < f->nnames) {
			puts_line(out, "");
		}
	}
	return 0;
}

static mode_t umask_now(void)
{
	mode_t m = umask(022);
	umask(m);
	return m;
}

/* Writes the rendered file over path, keeping its mode and owner. */
static int save(struct ini *f, const char *path, struct rstate *st)
{
	struct rtype_ctx *c = f->c;
	struct buf out = BUF_INIT;
	int error = 0;
	if (render(&out, f) < 0) {
		error = rstate_fail(c, st, "%s", err_last());
		goto out;
	}
	if (c->noop)
		goto out;
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	mode_t mode = exists ? sb.st_mode & 07777 : 0666 & ~umask_now();
	if (file_write_atomic(path, out.ptr, out.len, mode) < 0) {
		error = rstate_fail(c, st, "cannot write '%s': %s", path,
				    err_last());
		goto out;
	}
	if (exists && (sb.st_uid != geteuid() || sb.st_gid != getegid()) &&
	    chown(path, sb.st_uid, sb.st_gid) < 0)
		error = rstate_fail(c, st, "cannot chown '%s': %s", path,
				    strerror(errno));
out:
	buf_release(&out);
	return error;
}

/* ---- what both types share ---- */

/* String#strip */
static const char *strip(struct rtype_ctx *c, const char *s)
{
	size_t b = 0, e = strlen(s);
	while (b < e && isspace((unsigned char)s[b]))
		b++;
	while (e > b && isspace((unsigned char)s[e - 1]))
		e--;
	return arena_memdupz(c->arena, s + b, e - b);
}

/*
 * The value a property shows in messages. should_to_s/is_to_s show it
 * only when Puppet's own show_diff setting is on, which it is not by
 * default (agent and apply): then the value is redacted.
 */
static const char *shown(struct rtype_ctx *c UNUSED,
			 const struct resource *r UNUSED, const char *v UNUSED)
{
	return "[redacted sensitive information]";
}

static int check_common(struct rtype_ctx *c, const struct resource *r,
			const char **msg)
{
	const char *path = rparam_str(c, r, "path", NULL);
	if (path && path[0] != '/') {
		*msg = arena_strfmt(
			c->arena,
			"File paths must be fully qualified, not '%s'", path);
		return -1;
	}
	if (!path) {
		*msg = "path is required"; /* the provider has no file_path */
		return -1;
	}
	const char *ensure = rparam_str(c, r, "ensure", "present");
	if (strcmp(ensure, "present") && strcmp(ensure, "absent")) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value \"%s\". Valid values are present, absent.",
			ensure);
		return -1;
	}
	const char *sd = rparam_str(c, r, "show_diff", "true");
	static const char *const sds[] = {"true", "false", "md5", "yes", "no"};
	bool ok = false;
	for (size_t i = 0; i < ARRAY_SIZE(sds) && !ok; i++)
		ok = !strcmp(sd, sds[i]);
	if (!ok) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value \"%s\". Valid values are true, md5, false.",
			sd);
		return -1;
	}
	return 0;
}

static void autorequire(struct rtype_ctx *c, const struct resource *r,
			void (*add)(const char *type, const char *title,
				    void *payload),
			void *payload)
{
	/* Pathname.new(path).parent */
	const char *path = rparam_str(c, r, "path", NULL);
	if (!path || path[0] != '/')
		return;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	while (n > 1 && path[n - 1] == '/')
		n--;
	add("File", arena_memdupz(c->arena, path, n ? n : 1), payload);
}

/* ---- ini_setting ---- */

struct setting {
	const char *path, *section, *setting, *value, *separator;
	bool has_value;
};

static void read_setting(struct setting *s, struct ini *f, struct rtype_ctx *c,
			 const struct resource *r)
{
	memset(s, 0, sizeof(*s));
	s->path = rparam_str(c, r, "path", NULL);
	s->section = rparam_str(c, r, "section", "");
	const char *st = rparam_str(c, r, "setting", NULL);
	s->setting = st ? strip(c, st) : NULL;
	const struct value *v = rparam(r, "value");
	if (v && v->kind == VAL_ARRAY)
		v = v->u.arr.n ? v->u.arr.v[0] : NULL;
	if (v) {
		struct buf b = BUF_INIT;
		val_to_s(&b, v);
		s->value = v->kind == VAL_STRING
				   ? strip(c, b.ptr)
				   : arena_memdupz(c->arena, b.ptr, b.len);
		buf_release(&b);
		s->has_value = true;
	}
	s->separator = rparam_str(c, r, "key_val_separator", " = ");
	memset(f, 0, sizeof(*f));
	f->c = c;
	f->kv_sep = s->separator;
	f->prefix = rparam_str(c, r, "section_prefix", "[");
	f->suffix = rparam_str(c, r, "section_suffix", "]");
	f->indent_char = rparam_str(c, r, "indent_char", " ");
	const char *w = rparam_str(c, r, "indent_width", NULL);
	f->indent_width = w ? strtol(w, NULL, 10) : -1;
}

static int setting_validate(struct rtype_ctx *c, const struct resource *r,
			    const char **msg)
{
	if (rtype_check_params(c, r, setting_params, ARRAY_SIZE(setting_params),
			       msg) < 0 ||
	    check_common(c, r, msg) < 0)
		return -1;
	static const char *const bools[] = {"force_new_section_creation",
					    "refreshonly"};
	for (size_t i = 0; i < ARRAY_SIZE(bools); i++) {
		if (rparam_bool(r, bools[i], 0) < 0) {
			*msg = arena_strfmt(
				c->arena,
				"Invalid value \"%s\". Valid values are true, false, yes, no.",
				rparam_str(c, r, bools[i], ""));
			return -1;
		}
	}
	return 0;
}

/* Sets the value (create / value=) and saves. */
static int setting_write(struct ini *f, const struct setting *s,
			 struct rstate *st)
{
	int rc = !s->setting && !s->has_value
			 ? set_value(f, s->section, NULL, NULL, NULL)
			 : set_value(f, s->section, s->setting, s->separator,
				     s->value);
	if (rc < 0)
		return rstate_fail(f->c, st, "%s", err_last());
	return save(f, s->path, st);
}

static int setting_load(struct ini *f, const struct setting *s,
			struct rstate *st)
{
	if (ini_load(f, s->path) < 0)
		return rstate_fail(f->c, st, "%s", err_last());
	return 0;
}

static int setting_sync(struct rtype_ctx *c, const struct resource *r,
			struct rstate *st)
{
	struct ini f;
	struct setting s;
	st->status = RS_UNCHANGED;
	read_setting(&s, &f, c, r);
	if (setting_load(&f, &s, st) < 0)
		return -1;
	bool want = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	bool is_refreshonly = rparam_bool(r, "refreshonly", 0) == 1;
	/* exists? */
	bool exists;
	if (!s.setting) {
		exists = name_index(&f, s.section) >= 0;
	} else if (section_get(&f, s.section)) {
		exists = get_value(&f, s.section, s.setting) != NULL;
	} else {
		exists = false;
		if (rparam_bool(r, "force_new_section_creation", 1) == 0)
			want = false; /* resource[:ensure] = :absent */
	}
	if (is_refreshonly)
		return 0; /* ensure and value are in sync until a refresh */
	if (want && !exists) {
		rstate_event(c, st, "ensure", "absent", "present", "created");
		return setting_write(&f, &s, st);
	}
	if (!want) {
		if (!exists)
			return 0;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
		if (remove_setting(&f, s.section, s.setting) < 0)
			return rstate_fail(c, st, "%s", err_last());
		return save(&f, s.path, st);
	}
	if (!s.has_value)
		return 0;
	const char *cur = get_value(&f, s.section, s.setting);
	if (str_eq(cur, s.value))
		return 0;
	const char *was = shown(c, r, cur), *now = shown(c, r, s.value);
	rstate_event(c, st, "value", was, now, "value changed %s to %s", was,
		     now);
	return setting_write(&f, &s, st);
}

static int setting_refresh(struct rtype_ctx *c, const struct resource *r,
			   struct rstate *st)
{
	if (rparam_bool(r, "refreshonly", 0) != 1)
		return 0;
	struct ini f;
	struct setting s;
	read_setting(&s, &f, c, r);
	if (setting_load(&f, &s, st) < 0)
		return -1;
	if (!strcmp(rparam_str(c, r, "ensure", "present"), "absent")) {
		if (remove_setting(&f, s.section, s.setting) < 0)
			return rstate_fail(c, st, "%s", err_last());
		return save(&f, s.path, st);
	}
	return setting_write(&f, &s, st);
}

const struct rtype rtype_ini_setting = {
	.name = "ini_setting",
	.validate = setting_validate,
	.sync = setting_sync,
	.refresh = setting_refresh,
	.autorequire = autorequire,
};

/* ---- ini_subsetting: Puppet::Util::SettingValue ---- */

struct subvalue {
	const char **items;
	size_t n, alloc;
	const char *sep, *quote, *kv_sep;
};

static void items_insert(struct rtype_ctx *c, struct subvalue *sv, size_t at,
			 const char *item)
{
	if (sv->n == sv->alloc) {
		size_t na = sv->alloc ? sv->alloc * 2 : 8;
		sv->items = arena_realloc(c->arena, sv->items,
					  sv->n * sizeof(*sv->items),
					  na * sizeof(*sv->items));
		sv->alloc = na;
	}
	if (at > sv->n)
		at = sv->n;
	memmove(&sv->items[at + 1], &sv->items[at],
		(sv->n - at) * sizeof(*sv->items));
	sv->items[at] = item;
	sv->n++;
}

static int subvalue_init(struct subvalue *sv, struct rtype_ctx *c,
			 const char *value, const char *sep, const char *quote,
			 const char *kv_sep)
{
	memset(sv, 0, sizeof(*sv));
	sv->sep = sep;
	sv->quote = quote;
	sv->kv_sep = kv_sep;
	if (!value)
		return 0;
	size_t len = strlen(value);
	const char *q = "";
	if (len && value[0] == '"' && value[len - 1] == '"')
		q = "\"";
	else if (len && value[0] == '\'' && value[len - 1] == '\'')
		q = "'";
	const char *unq = value;
	size_t ulen = len;
	if (*q) {
		sv->quote = q;
		unq = value + 1;
		ulen = len >= 2 ? len - 2 : 0;
	}
	/* unquoted.scan(/(?:(?:[^\SEP]|\.)+)/), each stripped */
	struct buf re = BUF_INIT;
	buf_addf(&re, "(?:(?:[^\\%s]|\\.)+)", sep);
	void *code;
	int error = regex_compile_src(&code, c->arena, re.ptr, re.len, 0);
	buf_release(&re);
	if (error < 0)
		return -1;
	for (size_t at = 0; at <= ulen;) {
		struct regex_hit h = REGEX_HIT_INIT;
		int m = regex_search(&h, code, unq, ulen, at, 0);
		if (m <= 0) {
			regex_hit_release(&h);
			if (m < 0)
				return -1;
			break;
		}
		size_t b = h.ov[0], e = h.ov[1];
		regex_hit_release(&h);
		items_insert(c, sv, sv->n,
			     strip(c, arena_memdupz(c->arena, unq + b, e - b)));
		at = e > b ? e : e + 1;
	}
	return 0;
}

static const char *subvalue_get(struct rtype_ctx *c, const struct subvalue *sv)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, sv->quote);
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			buf_addstr(&b, sv->sep);
		buf_addstr(&b, sv->items[i]);
	}
	buf_addstr(&b, sv->quote);
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static bool item_matches(const struct subvalue *sv, const char *item,
			 const char *sub, bool exact)
{
	if (!sub)
		return false;
	if (exact)
		return !strcmp(item, sub);
	size_t n = strlen(sub), k = strlen(sv->kv_sep);
	return !strncmp(item, sub, n) && !strncmp(item + n, sv->kv_sep, k);
}

static long subvalue_find(const struct subvalue *sv, const char *sub,
			  bool exact)
{
	for (size_t i = 0; i < sv->n; i++)
		if (item_matches(sv, sv->items[i], sub, exact))
			return (long)i;
	return -1;
}

/* get_subsetting_value: NULL (nil), or the text after NAME+SEP ("" when
 * exact: Ruby's true, which is only tested for truth). */
static const char *subvalue_lookup(const struct subvalue *sv, const char *sub,
				   bool exact)
{
	long i = subvalue_find(sv, sub, exact);
	if (i < 0)
		return NULL;
	if (exact)
		return "";
	const char *item = sv->items[i];
	size_t off = strlen(sub) + strlen(sv->kv_sep);
	return off <= strlen(item) ? item + off : NULL;
}

static void subvalue_add(struct rtype_ctx *c, struct subvalue *sv,
			 const char *sub, const char *val, bool exact,
			 const char *insert_type, const char *insert_value)
{
	const char *item = arena_strfmt(c->arena, "%s%s%s", sub ? sub : "",
					sv->kv_sep, val ? val : "");
	if (subvalue_find(sv, sub, exact) >= 0) {
		for (size_t i = 0; i < sv->n; i++)
			if (item_matches(sv, sv->items[i], sub, exact))
				sv->items[i] = item;
		return;
	}
	if (!strcmp(insert_type, "start")) {
		items_insert(c, sv, 0, item);
	} else if (!strcmp(insert_type, "before") ||
		   !strcmp(insert_type, "after")) {
		long at = insert_value ? subvalue_find(sv, insert_value, exact)
				       : -1;
		if (at < 0)
			items_insert(c, sv, sv->n, item);
		else
			items_insert(c, sv,
				     (size_t)at + (insert_type[0] == 'a'),
				     item);
	} else if (!strcmp(insert_type, "index")) {
		long at = insert_value ? strtol(insert_value, NULL, 10) : 0;
		if (at > (long)sv->n)
			at = (long)sv->n;
		if (at <
		    0) /* Array#insert with a negative index counts from the end */
			at = (long)sv->n + at + 1 < 0 ? 0
						      : (long)sv->n + at + 1;
		items_insert(c, sv, (size_t)at, item);
	} else {
		items_insert(c, sv, sv->n, item);
	}
}

static void subvalue_remove(struct subvalue *sv, const char *sub, bool exact)
{
	size_t k = 0;
	for (size_t i = 0; i < sv->n; i++)
		if (!item_matches(sv, sv->items[i], sub, exact))
			sv->items[k++] = sv->items[i];
	sv->n = k;
}

static int subsetting_validate(struct rtype_ctx *c, const struct resource *r,
			       const char **msg)
{
	if (rtype_check_params(c, r, subsetting_params,
			       ARRAY_SIZE(subsetting_params), msg) < 0 ||
	    check_common(c, r, msg) < 0)
		return -1;
	const char *q = rparam_str(c, r, "quote_char", "");
	if (strcmp(q, "") && strcmp(q, "\"") && strcmp(q, "'")) {
		*msg = ":quote_char valid values are '', '\"' and \"'\"";
		return -1;
	}
	static const char *const tf[] = {"use_exact_match", "delete_if_empty"};
	for (size_t i = 0; i < ARRAY_SIZE(tf); i++) {
		const char *v = rparam_str(c, r, tf[i], "false");
		if (strcmp(v, "true") && strcmp(v, "false")) {
			*msg = arena_strfmt(
				c->arena,
				"Invalid value \"%s\". Valid values are true, false.",
				v);
			return -1;
		}
	}
	const char *it = rparam_str(c, r, "insert_type", "end");
	static const char *const its[] = {"start", "end", "before", "after",
					  "index"};
	bool ok = false;
	for (size_t i = 0; i < ARRAY_SIZE(its) && !ok; i++)
		ok = !strcmp(it, its[i]);
	if (!ok) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value \"%s\". Valid values are start, end, before, after, index.",
			it);
		return -1;
	}
	return 0;
}

static int subsetting_sync(struct rtype_ctx *c, const struct resource *r,
			   struct rstate *st)
{
	struct ini f;
	memset(&f, 0, sizeof(f));
	f.c = c;
	st->status = RS_UNCHANGED;
	const char *path = rparam_str(c, r, "path", NULL);
	const char *section = rparam_str(c, r, "section", "");
	const char *setting = rparam_str(c, r, "setting", NULL);
	const char *sub = rparam_str(c, r, "subsetting", NULL);
	const char *value = rparam_str(c, r, "value", NULL);
	bool exact =
		!strcmp(rparam_str(c, r, "use_exact_match", "false"), "true");
	f.kv_sep = rparam_str(c, r, "key_val_separator", " = ");
	f.prefix = "[";
	f.suffix = "]";
	f.indent_char = " ";
	f.indent_width = -1;
	if (ini_load(&f, path) < 0)
		return rstate_fail(c, st, "%s", err_last());
	struct subvalue sv;
	if (subvalue_init(
		    &sv, c, setting ? get_value(&f, section, setting) : NULL,
		    rparam_str(c, r, "subsetting_separator", " "),
		    rparam_str(c, r, "quote_char", ""),
		    rparam_str(c, r, "subsetting_key_val_separator", "")) < 0)
		return rstate_fail(c, st, "%s", err_last());
	bool want = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	bool exists = subvalue_lookup(&sv, sub, exact) != NULL;
	const char *it = rparam_str(c, r, "insert_type", "end");
	const char *iv = rparam_str(c, r, "insert_value", NULL);
	if (want && !exists) {
		rstate_event(c, st, "ensure", "absent", "present", "created");
		subvalue_add(c, &sv, sub, value, exact, it, iv);
	} else if (!want && exists) {
		rstate_event(c, st, "ensure", "present", "absent", "removed");
		subvalue_remove(&sv, sub, exact);
		const char *nv = subvalue_get(c, &sv);
		int rc =
			!*nv && !strcmp(rparam_str(c, r, "delete_if_empty",
						   "false"),
					"true")
				? remove_setting(&f, section, setting)
				: set_value(&f, section, setting, f.kv_sep, nv);
		if (rc < 0)
			return rstate_fail(c, st, "%s", err_last());
		return save(&f, path, st);
	} else if (want && rparam(r, "value")) {
		const char *cur = subvalue_lookup(&sv, sub, false);
		if (str_eq(cur, value))
			return 0;
		const char *was = shown(c, r, cur), *now = shown(c, r, value);
		rstate_event(c, st, "value", was, now, "value changed %s to %s",
			     was, now);
		subvalue_add(c, &sv, sub, value, exact, it, iv);
	} else {
		return 0;
	}
	if (set_value(&f, section, setting, f.kv_sep, subvalue_get(c, &sv)) < 0)
		return rstate_fail(c, st, "%s", err_last());
	return save(&f, path, st);
}

const struct rtype rtype_ini_subsetting = {
	.name = "ini_subsetting",
	.validate = subsetting_validate,
	.sync = subsetting_sync,
	.autorequire = autorequire,
};
