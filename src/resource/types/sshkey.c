/* SPDX-License-Identifier: MIT */
/* sshkey.c: the ssh_authorized_key type (sshkeys_core's parsed provider) */
#include "util/compat.h"
#include <ctype.h>
#include <pwd.h>
#include <sys/stat.h>
#include <time.h>
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
 * As Puppet's ParsedFile provider for authorized_keys:
 *  1. read the target (~user/.ssh/authorized_keys by default), dropping
 *     "# HEADER..." lines; comments and blank lines are kept as text;
 *  2. a key line is "[options ]type key[ name]"; the resource is the line
 *     whose name (comment) is the resource's name;
 *  3. type, key and options are compared (options unset means none);
 *  4. the file is written with Puppet's header, every key line
 *     re-rendered "options type key name", mode 0600, owned by the user;
 *     a missing ~/.ssh is created 0700, owned by the user.
 */

static const char *const params[] = {
	"name", "ensure", "type", "key", "user", "target", "options",
	"drop_privileges", "provider",
};

#define KEY_TYPES                                                          \
	"ssh-dss|ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|"                 \
	"ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|ecdsa-sk|ed25519-sk|"     \
	"sk-ecdsa-sha2-nistp256@openssh.com|sk-ssh-ed25519@openssh.com|"   \
	"ssh-rsa-cert-v01@openssh.com|ssh-ed25519-cert-v01@openssh.com|"   \
	"ssh-dss-cert-v01@openssh.com|ecdsa-sha2-nistp256-cert-v01@openssh.com|" \
	"ecdsa-sha2-nistp384-cert-v01@openssh.com|ecdsa-sha2-nistp521-cert-v01@openssh.com"

static const char key_pattern[] =
	"^(?:(.+)\\s+)?(" KEY_TYPES ")\\s+([^ ]+)\\s*(.*)$";

struct kline {
	const char *text;
	const char *options, *type, *key, *name; /* options joined with ',' */
	bool is_record, deleted;
};

struct kfile {
	struct kline *l;
	size_t n, alloc;
};

static int check_params(struct rtype_ctx *c, const struct resource *r,
			const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	return 0;
}

/* The key type with Puppet's aliases resolved (rsa → ssh-rsa), or NULL. */
static const char *key_type(const char *t)
{
	static const char *const aliases[][2] = {
		{ "rsa", "ssh-rsa" }, { "dsa", "ssh-dss" },
		{ "ed25519", "ssh-ed25519" },
		{ "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (!strcmp(t, aliases[i][0]))
			return aliases[i][1];
	const char *all = KEY_TYPES;
	size_t n = strlen(t);
	for (const char *p = all; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && !memcmp(p, t, n))
			return t;
		p += len + (bar != NULL);
	}
	return NULL;
}

static bool valid_option(const char *o)
{
	const char *p = o;
	while (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
		p++;
	if (p == o)
		return false;
	if (!*p)
		return true;
	size_t n = strlen(p);
	return p[0] == '=' && n >= 3 && p[1] == '"' && p[n - 1] == '"';
}

/* The options wanted, joined with ',' ("" for none). */
static const char *want_options(struct rtype_ctx *c, const struct resource *r)
{
	const struct value *v = rparam(r, "options");
	if (!v)
		return "";
	if (v->kind != VAL_ARRAY) {
		const char *s = rparam_str(c, r, "options", "");
		return strcmp(s, "absent") ? s : "";
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < v->u.arr.n; i++) {
		if (i)
			buf_addch(&b, ',');
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
	const char *type = rparam_str(c, r, "type", NULL);
	if (type && !key_type(type)) {
		*msg = arena_strfmt(c->arena, "Invalid value '%s' for type", type);
		return -1;
	}
	const char *key = rparam_str(c, r, "key", NULL);
	for (const char *p = key; p && *p; p++) {
		if (isspace((unsigned char)*p)) {
			*msg = arena_strfmt(c->arena, "Key must not contain whitespace: %s", key);
			return -1;
		}
	}
	const char *name = rparam_namevar(r, "name");
	if (strchr(name, '\n')) {
		*msg = "Name must not contain a newline";
		return -1;
	}
	const struct value *o = rparam(r, "options");
	size_t n = o && o->kind == VAL_ARRAY ? o->u.arr.n : o ? 1 : 0;
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		val_to_s(&b, o->kind == VAL_ARRAY ? o->u.arr.v[i] : o);
		bool ok = !strcmp(b.ptr, "absent") || valid_option(b.ptr);
		if (!ok)
			*msg = arena_strfmt(c->arena, "Option %s is not valid. A single option must either be of the form 'option' or 'option=\"value\"'. Multiple options must be provided as an array", b.ptr);
		buf_release(&b);
		if (!ok)
			return -1;
	}
	if (!rparam(r, "user") && !rparam(r, "target")) {
		*msg = "Attribute 'user' or 'target' is mandatory";
		return -1;
	}
	if (!strcmp(ensure, "present") && (!type || !key)) {
		*msg = !type ? "Attribute 'type' is mandatory" : "Attribute 'key' is mandatory";
		return -1;
	}
	return 0;
}

static void push(struct rtype_ctx *c, struct kfile *f, const struct kline *l)
{
	ARENA_GROW(c->arena, f->l, f->n + 1, f->alloc);
	f->l[f->n++] = *l;
}

static const char *group(struct rtype_ctx *c, const struct regex_hit *h,
			 const char *s, size_t i)
{
	if (i >= h->ngroups || h->ov[2 * i] == REGEX_UNSET)
		return "";
	return arena_memdupz(c->arena, s + h->ov[2 * i],
			     h->ov[2 * i + 1] - h->ov[2 * i]);
}

/* sshkeys_core's parse_options, joined back with ',' */
static const char *parse_options(struct rtype_ctx *c, const char *s)
{
	struct buf b = BUF_INIT;
	const char *p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *start = p;
		while (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
			p++;
		if (p == start)
			break;
		if (p[0] == '=' && p[1] == '"') {
			const char *q = p + 2;
			/* ".*?[^\\]\"": the first quote not after a backslash */
			while (*q && !(q[0] == '"' && q > p + 2 && q[-1] != '\\'))
				q++;
			if (*q)
				p = q + 1;
		}
		if (b.len)
			buf_addch(&b, ',');
		buf_add(&b, start, p - start);
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != ',')
			break;
		p++;
	}
	const char *o = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return o;
}

static int parse(struct rtype_ctx *c, struct kfile *f, struct buf *text)
{
	void *code;
	if (regex_compile_src(&code, c->arena, key_pattern,
			      strlen(key_pattern), 0) < 0)
		return -1;
	struct buf clean = BUF_INIT;
	size_t end = tu_header_strip(&clean, text->ptr, text->len);
	int error = 0;
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(clean.ptr + i, '\n', end - i);
		size_t len = nl ? (size_t)(nl - (clean.ptr + i)) : end - i;
		const char *line = arena_memdupz(c->arena, clean.ptr + i, len);
		struct kline l = { .text = line };
		const char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (*s && *s != '#') {
			struct regex_hit h = REGEX_HIT_INIT;
			int m = regex_search(&h, code, line, len, 0, 0);
			if (m < 0)
				error = -1;
			if (m > 0) {
				l.is_record = true;
				l.options = parse_options(c, group(c, &h, line, 1));
				l.type = group(c, &h, line, 2);
				l.key = group(c, &h, line, 3);
				l.name = group(c, &h, line, 4);
			}
			regex_hit_release(&h);
		}
		push(c, f, &l);
		i += len + 1;
	}
	buf_release(&clean);
	return error;
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
			if (*l->options)
				buf_addf(out, "%s ", l->options);
			buf_addf(out, "%s %s", l->type, l->key);
			if (*l->name)
				buf_addf(out, " %s", l->name);
		}
		buf_addch(out, '\n');
	}
}

/* Options as Puppet shows an array property: ['a', 'b'] */
static const char *show_options(struct rtype_ctx *c, const char *joined)
{
	if (!*joined)
		return "absent";
	struct buf b = BUF_INIT;
	buf_addch(&b, '[');
	const char *o = parse_options(c, joined);
	for (const char *p = o; *p;) {
		const char *comma = p;
		/* split at commas outside quotes */
		bool q = false;
		while (*comma && (q || *comma != ',')) {
			if (*comma == '"')
				q = !q;
			comma++;
		}
		if (b.len > 1)
			buf_addstr(&b, ", ");
		buf_addch(&b, '\'');
		buf_add(&b, p, comma - p);
		buf_addch(&b, '\'');
		p = *comma ? comma + 1 : comma;
	}
	buf_addch(&b, ']');
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static int converge(struct rtype_ctx *c, const struct resource *r,
		    struct rstate *st)
{
	const char *user = rparam_str(c, r, "user", NULL);
	const char *path = rparam_str(c, r, "target", NULL);
	const char *name = rparam_namevar(r, "name");
	bool want = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	struct passwd *pw = user ? getpwnam(user) : NULL;
	struct buf text = BUF_INIT;
	struct kfile f = { 0 };
	int error = 0;

	st->status = RS_UNCHANGED;
	if (user && !pw && (want || !path))
		return rstate_fail(c, st, "User '%s' does not exist", user);
	if (!path)
		path = arena_strfmt(c->arena, "%s/.ssh/authorized_keys", pw->pw_dir);
	struct stat tsb;
	if (tu_read_target(c, st, path, &text, &tsb) < 0) {
		error = -1;
		goto out;
	}
	if (parse(c, &f, &text) < 0) {
		error = rstate_fail(c, st, "%s", err_last());
		goto out;
	}
	struct kline *cur = NULL;
	for (size_t i = 0; i < f.n && !cur; i++)
		if (f.l[i].is_record && !strcmp(f.l[i].name, name))
			cur = &f.l[i];
	const char *type = key_type(rparam_str(c, r, "type", "ssh-rsa"));
	const char *key = rparam_str(c, r, "key", NULL);
	const char *opts = want_options(c, r);
	if (!want) {
		if (!cur)
			goto out;
		for (size_t i = 0; i < f.n; i++)
			if (f.l[i].is_record && !strcmp(f.l[i].name, name))
				f.l[i].deleted = true;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
	} else if (!cur) {
		struct kline l = { .is_record = true, .options = opts,
				   .type = type, .key = key, .name = name };
		push(c, &f, &l);
		rstate_event(c, st, "ensure", "absent", "present", "created");
	} else {
		if (strcmp(cur->type, type)) {
			rstate_event(c, st, "type", cur->type, type,
				     "type changed '%s' to '%s'", cur->type, type);
			cur->type = type;
		}
		if (strcmp(cur->key, key)) {
			rstate_event(c, st, "key", cur->key, key,
				     "key changed '%s' to '%s'", cur->key, key);
			cur->key = key;
		}
		if (strcmp(cur->options, opts)) {
			const char *was = show_options(c, cur->options);
			const char *now = show_options(c, opts);
			rstate_event(c, st, "options", was, now,
				     "options changed %s to %s", was, now);
			cur->options = opts;
		}
	}
	if (st->status != RS_CHANGED || c->noop)
		goto out;
	uid_t uid = pw ? pw->pw_uid : geteuid();
	gid_t gid = pw ? pw->pw_gid : getegid();
	char *dir = arena_strdup(c->arena, path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		struct stat sb;
		if (stat(dir, &sb) < 0) {
			if (mkdir(dir, 0700) < 0 || chown(dir, uid, gid) < 0) {
				error = rstate_fail(c, st, "cannot create '%s': %s",
						    dir, strerror(errno));
				goto out;
			}
		}
	}
	struct buf b = BUF_INIT;
	render(&b, &f);
	if (file_write_atomic(path, b.ptr, b.len, 0600) < 0)
		error = rstate_fail(c, st, "cannot write '%s': %s", path, err_last());
	else if (chown(path, uid, gid) < 0 && geteuid() == 0)
		error = rstate_fail(c, st, "cannot chown '%s': %s", path, strerror(errno));
	buf_release(&b);
out:
	buf_release(&text);
	return error;
}

const struct rtype rtype_ssh_authorized_key = {
	.name = "ssh_authorized_key",
	.validate = validate,
	.sync = converge,
	.autorequire = tu_autorequire_user,
};
