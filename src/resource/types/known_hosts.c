/* SPDX-License-Identifier: MIT */
/* known_hosts.c: the sshkey type, a host key in ssh_known_hosts (sshkeys_core's parsed provider) */
#include "util/compat.h"
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "resource/typeutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"

/*
 * Puppet's ParsedFile provider as sshkeys_core declares it for sshkey:
 *  1. read the target (/etc/ssh/ssh_known_hosts by default), every
 *     "# HEADER..." through its newline dropped, split into lines
 *     (trailing empty ones vanish); lines starting with '#' and blank
 *     lines are text, kept as they are;
 *  2. any other line is a record: its fields split on whitespace are
 *     NAME[,ALIAS...] TYPE KEY, more fields rolled into the key with one
 *     space;
 *  3. the resource is the last record whose name and type are the
 *     resource's (the title "host@type" gives both, as the type's
 *     title_patterns do); key and host_aliases are compared, a missing
 *     record is appended, ensure => absent drops it;
 *  4. when anything changed the whole file is written: Puppet's header,
 *     every line, records re-rendered "NAME,ALIASES TYPE KEY"; a new file
 *     is 0644, an existing one keeps its mode.
 */

static const char *const params[] = {
	"name", "ensure", "type", "key", "host_aliases", "target", "provider",
};

static const char *const key_types[] = {
	"ssh-dss",
	"ssh-ed25519",
	"ssh-rsa",
	"ecdsa-sha2-nistp256",
	"ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521",
	"sk-ecdsa-sha2-nistp256@openssh.com",
	"sk-ssh-ed25519@openssh.com",
};

/* aliasvalue(:dsa, :'ssh-dss') and the others */
static const char *const type_aliases[][2] = {
	{"dsa", "ssh-dss"},
	{"ed25519", "ssh-ed25519"},
	{"rsa", "ssh-rsa"},
	{"ecdsa-sk", "sk-ecdsa-sha2-nistp256@openssh.com"},
	{"ed25519-sk", "sk-ssh-ed25519@openssh.com"},
};

struct kline {
	const char *text;    /* text lines, as read */
	const char *name;    /* records */
	const char *aliases; /* joined with ',', or NULL */
	const char *type, *key;
	bool is_record;
	bool deleted;
};

struct kfile {
	struct kline *l;
	size_t n, alloc;
};

/* The resource's host name and key type: parameters, else the title's
 * "name@type" (title_patterns). */
static void name_type(struct rtype_ctx *c, const struct resource *r,
		      const char **name, const char **type)
{
	*name = rparam_str(c, r, "name", NULL);
	*type = rparam_str(c, r, "type", NULL);
	const char *at = strchr(r->title, '@');
	if (!*name)
		*name = at ? arena_memdupz(c->arena, r->title,
					   (size_t)(at - r->title))
			   : r->title;
	if (!*type && at)
		*type = at + 1;
	for (size_t i = 0; *type && i < ARRAY_SIZE(type_aliases); i++)
		if (!strcmp(*type, type_aliases[i][0]))
			*type = type_aliases[i][1];
}

/* host_aliases joined with ',' (NULL when unmanaged, "" when empty). */
static const char *want_aliases(struct rtype_ctx *c, const struct resource *r)
{
	const struct value *v = rparam(r, "host_aliases");
	if (!v)
		return NULL;
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(&b, ',');
		val_to_s(&b, v->kind == VAL_ARRAY ? v->u.arr.v[i] : v);
	}
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static bool has_space(const char *s)
{
	for (; *s; s++)
		if (isspace((unsigned char)*s))
			return true;
	return false;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0 ||
	    tu_ensure_check(NULL, c, r, msg) < 0)
		return -1;
	const char *name, *type;
	name_type(c, r, &name, &type);
	if (has_space(name)) {
		*msg = "Resourcename cannot include whitespaces";
		return -1;
	}
	if (strchr(name, ',')) {
		*msg = "No comma in resourcename allowed. If you want to specify aliases use the host_aliases property";
		return -1;
	}
	if (!type) {
		*msg = "type is a required attribute";
		return -1;
	}
	bool ok = false;
	for (size_t i = 0; i < ARRAY_SIZE(key_types) && !ok; i++)
		ok = !strcmp(type, key_types[i]);
	if (!ok) {
		*msg = arena_strfmt(
			c->arena,
			"Invalid value \"%s\". Valid values are ssh-dss, ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ecdsa-sha2-nistp256@openssh.com, sk-ssh-ed25519@openssh.com. Valid values match /ecdsa-sk/, /ed25519-sk/, /dsa/, /ed25519/, /rsa/.",
			type);
		return -1;
	}
	const struct value *al = rparam(r, "host_aliases");
	size_t n = !al ? 0 : al->kind == VAL_ARRAY ? al->u.arr.n : 1;
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		val_to_s(&b, al->kind == VAL_ARRAY ? al->u.arr.v[i] : al);
		bool ws = has_space(b.ptr), comma = strchr(b.ptr, ',') != NULL;
		buf_release(&b);
		if (ws) {
			*msg = "Aliases cannot include whitespace";
			return -1;
		}
		if (comma) {
			*msg = "Aliases must be provided as an array, not a comma-separated list";
			return -1;
		}
	}
	const char *key = rparam_str(c, r, "key", NULL);
	if (!key && strcmp(rparam_str(c, r, "ensure", "present"), "absent")) {
		*msg = "key is a required attribute";
		return -1;
	}
	return 0;
}

static void push(struct rtype_ctx *c, struct kfile *f, const struct kline *l)
{
	ARENA_GROW(c->arena, f->l, f->n + 1, f->alloc);
	f->l[f->n++] = *l;
}

/* One record line: fields split on whitespace, extra ones into the key. */
static void parse_record(struct rtype_ctx *c, struct kline *l, const char *s)
{
	const char *fields[3];
	tu_fields(c, s, fields, 3, ' ');
	l->is_record = true;
	const char *names = fields[0] ? fields[0] : "";
	const char *comma = strchr(names, ',');
	l->name =
		comma ? arena_memdupz(c->arena, names, (size_t)(comma - names))
		      : names;
	l->aliases = comma ? comma + 1 : NULL;
	l->type = fields[1];
	l->key = fields[2];
}

static void parse(struct rtype_ctx *c, struct kfile *f, struct buf *text)
{
	struct buf clean = BUF_INIT;
	size_t end = tu_header_strip(&clean, text->ptr, text->len);
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(clean.ptr + i, '\n', end - i);
		size_t len = nl ? (size_t)(nl - (clean.ptr + i)) : end - i;
		const char *line = arena_memdupz(c->arena, clean.ptr + i, len);
		struct kline l = {.text = line};
		size_t k = 0;
		while (k < len && isspace((unsigned char)line[k]))
			k++;
		/* text_line :comment /^#/, :blank /^\s*$/; a record otherwise
		 * (one that starts with blanks is kept as text: Puppet cannot
		 * parse it either) */
		if (line[0] != '#' && k < len && k == 0)
			parse_record(c, &l, line);
		push(c, f, &l);
		i += len + 1;
	}
	buf_release(&clean);
}

static void render(struct buf *out, const struct kfile *f)
{
	tu_header_add(out, TU_HEADER_PARSEDFILE);
	for (size_t i = 0; i < f->n; i++) {
		const struct kline *l = &f->l[i];
		if (l->deleted)
			continue;
		if (!l->is_record) {
			buf_addstr(out, l->text);
		} else {
			buf_addstr(out, l->name);
			if (l->aliases && *l->aliases)
				buf_addf(out, ",%s", l->aliases);
			if (l->type)
				buf_addf(out, " %s", l->type);
			if (l->key)
				buf_addf(out, " %s", l->key);
		}
		buf_addch(out, '\n');
	}
}

/* ['a', 'b'] as Puppet prints an array property, [] when empty */
static const char *show_list(struct rtype_ctx *c, const char *joined)
{
	if (!joined || !*joined)
		return "[]";
	struct buf b = BUF_INIT;
	buf_addstr(&b, "['");
	for (const char *p = joined; *p; p++) {
		if (*p == ',')
			buf_addstr(&b, "', '");
		else
			buf_addch(&b, *p);
	}
	buf_addstr(&b, "']");
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static int converge(struct rtype_ctx *c, const struct resource *r,
		    struct rstate *st)
{
	const char *path = tu_target(c, r, "ssh/ssh_known_hosts");
	const char *name, *type;
	name_type(c, r, &name, &type);
	bool want = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	struct buf text = BUF_INIT;
	struct kfile f = {0};
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
	parse(c, &f, &text);
	struct kline *cur = NULL;
	for (size_t i = 0; i < f.n; i++)
		if (f.l[i].is_record && !strcmp(f.l[i].name, name) &&
		    f.l[i].type && !strcmp(f.l[i].type, type))
			cur = &f.l[i];

	const char *key = rparam_str(c, r, "key", NULL);
	const char *al = want_aliases(c, r);
	if (!want) {
		if (!cur)
			goto out;
		cur->deleted = true;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
	} else if (!cur) {
		struct kline l = {
			.is_record = true,
			.name = name,
			.aliases = al,
			.type = type,
			.key = key,
		};
		push(c, &f, &l);
		rstate_event(c, st, "ensure", "absent", "present", "created");
	} else {
		if (key && (!cur->key || strcmp(cur->key, key))) {
			rstate_event(c, st, "key", cur->key, key,
				     "key changed '%s' to '%s'",
				     cur->key ? cur->key : "", key);
			cur->key = key;
		}
		const char *is_al = cur->aliases ? cur->aliases : "";
		if (al && strcmp(is_al, al)) {
			const char *was = show_list(c, is_al),
				   *now = show_list(c, al);
			rstate_event(c, st, "host_aliases", was, now,
				     "host_aliases changed %s to %s", was, now);
			cur->aliases = al;
		}
	}
	if (st->status != RS_CHANGED || c->noop)
		goto out;
	struct buf out = BUF_INIT;
	render(&out, &f);
	if (file_write_atomic(path, out.ptr, out.len, mode) < 0)
		error = rstate_fail(c, st, "cannot write '%s': %s", path,
				    err_last());
	else if (exists && (sb.st_uid != geteuid() || sb.st_gid != getegid()) &&
		 chown(path, sb.st_uid, sb.st_gid) < 0)
		error = rstate_fail(c, st, "cannot chown '%s': %s", path,
				    strerror(errno));
	buf_release(&out);
out:
	buf_release(&text);
	return error;
}

const struct rtype rtype_sshkey = {
	.name = "sshkey",
	.validate = validate,
	.sync = converge,
};
