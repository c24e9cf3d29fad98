/* SPDX-License-Identifier: MIT */
/* host.c: the host type, one line of /etc/hosts (host_core's parsed provider) */
#include "util/compat.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <sys/stat.h>
#include <time.h>
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
 * Puppet's ParsedFile provider, as host_core uses it:
 *  1. read the target; every "# HEADER..." up to its newline is dropped;
 *  2. split into lines (trailing empty lines vanish, as Ruby's split);
 *     comments and blank lines are kept as text, lines matching the hosts
 *     pattern become records (ip, name, aliases, comment), others text;
 *  3. change, add or remove the record called `name`;
 *  4. write Puppet's three-line header, then every line, records
 *     re-rendered as "IP\tNAME\tALIASES\t# COMMENT", one newline each.
 * Nothing is written when the record is already in sync.
 */

static const char *const params[] = {
	"name", "ensure", "ip", "host_aliases", "comment", "target",
	"provider",
};

static const char hosts_pattern[] =
	"^([0-9a-f:]\\S+)\\s+([^#\\s+]\\S+)\\s*(.*?)?(?:\\s*#\\s*(.*))?$";

struct hline {
	const char *text;              /* the line as read (text lines) */
	const char *ip, *name, *aliases, *comment; /* records; NULL: absent */
	bool is_record;
	bool deleted;
};

struct hfile {
	struct hline *l;
	size_t n, alloc;
};

static int check_params(struct rtype_ctx *c, const struct resource *r,
			const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	return 0;
}

static bool valid_v4(const char *s)
{
	int parts = 0;
	const char *p = s;
	while (parts < 4) {
		int digits = 0, n = 0;
		while (*p >= '0' && *p <= '9' && digits < 4) {
			n = n * 10 + (*p++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || n > 255)
			return false;
		parts++;
		if (parts < 4 && *p++ != '.')
			return false;
	}
	return !*p;
}

static bool valid_ip(struct arena *a, const char *s)
{
	if (strchr(s, '\n') || strchr(s, '\r'))
		return false;
	if (valid_v4(s))
		return true;
	/* IPv6, with an optional %zone as Puppet's pattern allows */
	const char *pct = strchr(s, '%');
	const char *addr = pct ? arena_memdupz(a, s, pct - s) : s;
	struct in6_addr in6;
	return inet_pton(AF_INET6, addr, &in6) == 1;
}

static bool valid_hostpart(const char *p, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = p[i];
		bool word = isalnum(ch) || ch == '_' || ch >= 0x80;
		if (!word && !(ch == '-' && i > 0 && i < n - 1))
			return false;
	}
	return true;
}

/* The host aliases wanted, joined with ' ', or NULL when unmanaged. */
static const char *want_aliases(struct rtype_ctx *c, const struct resource *r)
{
	const struct value *v = rparam(r, "host_aliases");
	if (!v)
		return NULL;
	if (v->kind != VAL_ARRAY)
		return rparam_str(c, r, "host_aliases", NULL);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < v->u.arr.n; i++) {
		if (i)
			buf_addch(&b, ' ');
		val_to_s(&b, v->u.arr.v[i]);
	}
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (check_params(c, r, msg) < 0)
		return -1;
	const char *ensure;
	if (tu_ensure_check(&ensure, c, r, msg) < 0)
		return -1;
	const char *name = rparam_namevar(r, "name");
	for (const char *p = name;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (!valid_hostpart(p, n)) {
			*msg = "Invalid host name";
			return -1;
		}
		if (!dot)
			break;
		p = dot + 1;
	}
	const char *ip = rparam_str(c, r, "ip", NULL);
	if (ip && !valid_ip(c->arena, ip)) {
		*msg = arena_strfmt(c->arena, "Invalid IP address \"%s\"", ip);
		return -1;
	}
	if (!ip && !strcmp(ensure, "present")) {
		*msg = "ip is a required attribute for hosts";
		return -1;
	}
	const struct value *al = rparam(r, "host_aliases");
	if (al) {
		size_t n = al->kind == VAL_ARRAY ? al->u.arr.n : 1;
		for (size_t i = 0; i < n; i++) {
			const struct value *e = al->kind == VAL_ARRAY ? al->u.arr.v[i] : al;
			struct buf b = BUF_INIT;
			val_to_s(&b, e);
			bool empty = !b.len, ws = false;
			for (size_t k = 0; k < b.len; k++)
				ws |= isspace((unsigned char)b.ptr[k]) != 0;
			buf_release(&b);
			if (empty) {
				*msg = "Host aliases cannot be an empty string. Use an empty array to delete all host_aliases ";
				return -1;
			}
			if (ws) {
				*msg = "Host aliases cannot include whitespace";
				return -1;
			}
		}
	}
	const char *comment = rparam_str(c, r, "comment", NULL);
	if (comment && (strchr(comment, '\n') || strchr(comment, '\r'))) {
		*msg = "Comment cannot include newline";
		return -1;
	}
	return 0;
}

static void push(struct rtype_ctx *c, struct hfile *f, const struct hline *l)
{
	ARENA_GROW(c->arena, f->l, f->n + 1, f->alloc);
	f->l[f->n++] = *l;
}

static const char *group(struct rtype_ctx *c, const struct regex_hit *h,
			 const char *s, size_t i)
{
	if (i >= h->ngroups || h->ov[2 * i] == REGEX_UNSET)
		return NULL;
	size_t b = h->ov[2 * i], e = h->ov[2 * i + 1];
	if (e == b)
		return NULL; /* "" is absent, as ParsedFile reads it */
	return arena_memdupz(c->arena, s + b, e - b);
}

/* Parses `text` into lines; -1 with err_set() when the pattern fails. */
static int parse(struct rtype_ctx *c, struct hfile *f, struct buf *text)
{
	void *code;
	if (regex_compile_src(&code, c->arena, hosts_pattern,
			      strlen(hosts_pattern), 0) < 0)
		return -1;
	/* filetype.rb: val.gsub(/# HEADER.*\n/, '') */
	struct buf clean = BUF_INIT;
	size_t end = tu_header_strip(&clean, text->ptr, text->len);
	int error = 0;
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(clean.ptr + i, '\n', end - i);
		size_t len = nl ? (size_t)(nl - (clean.ptr + i)) : end - i;
		const char *line = arena_memdupz(c->arena, clean.ptr + i, len);
		struct hline l = { .text = line };
		size_t k = 0;
		while (k < len && isspace((unsigned char)line[k]))
			k++;
		if (line[0] != '#' && k < len) {
			struct regex_hit h = REGEX_HIT_INIT;
			int m = regex_search(&h, code, line, len, 0, 0);
			if (m < 0) {
				error = -1;
				regex_hit_release(&h);
				break;
			}
			if (m > 0) {
				l.is_record = true;
				l.ip = group(c, &h, line, 1);
				l.name = group(c, &h, line, 2);
				const char *al = group(c, &h, line, 3);
				if (al) {
					struct buf b = BUF_INIT;
					for (const char *p = al; *p;) {
						if (isspace((unsigned char)*p)) {
							while (isspace((unsigned char)*p))
								p++;
							buf_addch(&b, ' ');
						} else {
							buf_addch(&b, *p++);
						}
					}
					l.aliases = arena_memdupz(c->arena, b.ptr, b.len);
					buf_release(&b);
				}
				l.comment = group(c, &h, line, 4);
			}
			regex_hit_release(&h);
		}
		push(c, f, &l);
		i += len + 1;
	}
	buf_release(&clean);
	return error;
}

static void render(struct buf *out, const struct hfile *f)
{
	tu_header_add(out, TU_HEADER_PARSEDFILE);
	for (size_t i = 0; i < f->n; i++) {
		const struct hline *l = &f->l[i];
		if (l->deleted)
			continue;
		if (!l->is_record) {
			buf_addstr(out, l->text);
		} else {
			buf_addf(out, "%s\t%s", l->ip, l->name);
			if (l->aliases)
				buf_addf(out, "\t%s", l->aliases);
			if (l->comment && *l->comment)
				buf_addf(out, "\t# %s", l->comment);
		}
		buf_addch(out, '\n');
	}
}

static int converge(struct rtype_ctx *c, const struct resource *r,
			struct rstate *st)
{
	const char *path = tu_target(c, r, "hosts");
	const char *name = rparam_namevar(r, "name");
	bool want = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	struct buf text = BUF_INIT;
	struct hfile f = { 0 };
	int error = 0;
	mode_t mode = 0644;

	st->status = RS_UNCHANGED;
	struct stat sb;
	int exists = tu_read_target(c, st, path, &text, &sb);
	if (exists < 0) {
		error = -1;
		goto out;
	}
	if (exists)
		mode = sb.st_mode & 07777;
	if (parse(c, &f, &text) < 0) {
		error = rstate_fail(c, st, "%s", err_last());
		goto out;
	}
	struct hline *cur = NULL;
	for (size_t i = 0; i < f.n && !cur; i++)
		if (f.l[i].is_record && f.l[i].name && !strcmp(f.l[i].name, name))
			cur = &f.l[i];

	if (!want) {
		if (!cur)
			goto out;
		for (size_t i = 0; i < f.n; i++)
			if (f.l[i].is_record && f.l[i].name && !strcmp(f.l[i].name, name))
				f.l[i].deleted = true;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
	} else if (!cur) {
		struct hline l = {
			.is_record = true,
			.ip = rparam_str(c, r, "ip", NULL),
			.name = name,
			.aliases = want_aliases(c, r),
			.comment = rparam_str(c, r, "comment", NULL),
		};
		if (l.aliases && !*l.aliases)
			l.aliases = NULL;
		push(c, &f, &l);
		rstate_event(c, st, "ensure", "absent", "present", "created");
	} else {
		const char *ip = rparam_str(c, r, "ip", NULL);
		if (ip && (!cur->ip || strcmp(cur->ip, ip))) {
			rstate_event(c, st, "ip", cur->ip, ip,
				     "ip changed '%s' to '%s'",
				     cur->ip ? cur->ip : "", ip);
			cur->ip = ip;
		}
		const char *al = want_aliases(c, r);
		const char *is_al = cur->aliases ? cur->aliases : "";
		if (al && strcmp(is_al, al)) {
			rstate_event(c, st, "host_aliases",
				     cur->aliases ? cur->aliases : "absent", al,
				     "host_aliases changed %s to '%s'",
				     cur->aliases ? cur->aliases : "absent", al);
			cur->aliases = *al ? al : NULL;
		}
		const char *cm = rparam_str(c, r, "comment", NULL);
		const char *is_cm = cur->comment ? cur->comment : "";
		if (cm && strcmp(is_cm, cm)) {
			rstate_event(c, st, "comment", is_cm, cm,
				     "comment changed '%s' to '%s'", is_cm, cm);
			cur->comment = cm;
		}
	}
	if (st->status != RS_CHANGED || c->noop)
		goto out;
	struct buf out = BUF_INIT;
	render(&out, &f);
	if (file_write_atomic(path, out.ptr, out.len, mode) < 0)
		error = rstate_fail(c, st, "cannot write '%s': %s", path,
				    err_last());
	buf_release(&out);
out:
	buf_release(&text);
	return error;
}

const struct rtype rtype_host = {
	.name = "host",
	.validate = validate,
	.sync = converge,
};
