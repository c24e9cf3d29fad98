/* SPDX-License-Identifier: MIT */
/* cron.c: the cron type, a job in a user's crontab (cron_core's crontab provider) */
#include "util/compat.h"
#include <ctype.h>
#include <pwd.h>
#include <time.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "resource/typeutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"

/*
 * As Puppet's crontab provider:
 *  1. read the crontab (`crontab -l -u USER`, or the file named by
 *     `target` when it is a path), dropping "# HEADER..." lines;
 *  2. a job Puppet manages is "# Puppet Name: TITLE", then its
 *     environment lines (NAME=value), then "m h md mon wd command" or
 *     "@special command"; everything else is kept as text;
 *  3. the job named by the title is compared field by field (unset
 *     fields are '*'), added, changed or removed;
 *  4. the crontab is written back with Puppet's four-line header
 *     (`crontab -u USER -` reads it on stdin; a target file is replaced
 *     atomically).
 */

static const char *const params[] = {
	"name", "ensure", "command", "user", "target", "minute", "hour",
	"monthday", "month", "weekday", "special", "environment", "provider",
};

enum { F_MINUTE, F_HOUR, F_MONTHDAY, F_MONTH, F_WEEKDAY, NFIELDS };
static const char *const fields[NFIELDS] = {
	"minute", "hour", "monthday", "month", "weekday",
};

static const char *const specials[] = {
	"reboot", "yearly", "annually", "monthly", "weekly", "daily",
	"midnight", "hourly", "absent",
};

struct job {
	const char *text;      /* text lines */
	const char *name;      /* Puppet Name, NULL for text */
	const char *env;       /* environment lines joined with "\n", or "" */
	const char *f[NFIELDS];
	const char *special;   /* NULL when fields are used */
	const char *command;
	bool deleted;
};

struct tab {
	struct job *j;
	size_t n, alloc;
};

static int check_params(struct rtype_ctx *c, const struct resource *r,
			const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	return 0;
}

/* Month and weekday names become numbers, as the cron type munges them. */
static const char *munge(struct rtype_ctx *c, int field, const char *v)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr",
		"may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	static const char *const days[] = { "sun", "mon", "tue", "wed",
		"thu", "fri", "sat" };
	if (field == F_MONTH || field == F_WEEKDAY) {
		const char *const *names = field == F_MONTH ? months : days;
		size_t n = field == F_MONTH ? 12 : 7;
		for (size_t i = 0; i < n; i++)
			if (strlen(v) >= 3 && !strncasecmp(v, names[i], 3))
				return arena_strfmt(c->arena, "%zu",
						    field == F_MONTH ? i + 1 : i);
	}
	return v;
}

static bool valid_field(const char *v)
{
	if (!strcmp(v, "absent") || !*v)
		return true;
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("*/-,", *p))
			return false;
	return true;
}

/* The wanted value of field i, joined with ','; "*" when unset. */
static const char *want_field(struct rtype_ctx *c, const struct resource *r,
			      int i)
{
	const struct value *v = rparam(r, fields[i]);
	if (!v)
		return "*";
	struct buf b = BUF_INIT;
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	for (size_t k = 0; k < n; k++) {
		struct buf e = BUF_INIT;
		val_to_s(&e, v->kind == VAL_ARRAY ? v->u.arr.v[k] : v);
		if (k)
			buf_addch(&b, ',');
		buf_addstr(&b, strcmp(e.ptr, "absent") ? munge(c, i, e.ptr) : "*");
		buf_release(&e);
	}
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static const char *want_env(struct rtype_ctx *c, const struct resource *r)
{
	const struct value *v = rparam(r, "environment");
	if (!v)
		return "";
	struct buf b = BUF_INIT;
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	for (size_t k = 0; k < n; k++) {
		struct buf e = BUF_INIT;
		val_to_s(&e, v->kind == VAL_ARRAY ? v->u.arr.v[k] : v);
		if (strcmp(e.ptr, "absent")) {
			if (b.len)
				buf_addch(&b, '\n');
			buf_addstr(&b, e.ptr);
		}
		buf_release(&e);
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
	for (int i = 0; i < NFIELDS; i++) {
		const char *v = want_field(c, r, i);
		if (!valid_field(v)) {
			*msg = arena_strfmt(c->arena, "%s is not a valid %s", v, fields[i]);
			return -1;
		}
	}
	const char *sp = rparam_str(c, r, "special", NULL);
	if (sp) {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(specials); i++)
			if (!strcmp(sp, specials[i]))
				break;
		if (i == ARRAY_SIZE(specials)) {
			*msg = arena_strfmt(c->arena, "Invalid value '%s'. Valid values are reboot, yearly, annually, monthly, weekly, daily, midnight, hourly, absent", sp);
			return -1;
		}
		for (int k = 0; k < NFIELDS && strcmp(sp, "absent"); k++) {
			if (rparam(r, fields[k])) {
				*msg = arena_strfmt(c->arena, "%s cannot be specified when special is set", fields[k]);
				return -1;
			}
		}
	}
	const char *cmd = rparam_str(c, r, "command", NULL);
	if (!cmd && !strcmp(ensure, "present")) {
		*msg = "command is a required attribute";
		return -1;
	}
	if (cmd && strchr(cmd, '\n')) {
		*msg = "command must not contain a newline";
		return -1;
	}
	const char *env = want_env(c, r);
	for (const char *p = env; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (!memchr(p, '=', n)) {
			*msg = arena_strfmt(c->arena, "Invalid environment setting '%.*s'", (int)n, p);
			return -1;
		}
		p += n + (nl != NULL);
	}
	return 0;
}

static void push(struct rtype_ctx *c, struct tab *t, const struct job *j)
{
	ARENA_GROW(c->arena, t->j, t->n + 1, t->alloc);
	t->j[t->n++] = *j;
}

/* "m h md mon wd command" or "@special command" into j; false if neither */
static bool parse_job(struct rtype_ctx *c, struct job *j, const char *line)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '@') {
		const char *e = p + 1;
		while (*e && !isspace((unsigned char)*e))
			e++;
		j->special = arena_memdupz(c->arena, p + 1, e - p - 1);
		while (isspace((unsigned char)*e))
			e++;
		j->command = arena_strdup(c->arena, e);
		return true;
	}
	for (int i = 0; i < NFIELDS; i++) {
		const char *e = p;
		while (*e && !isspace((unsigned char)*e))
			e++;
		if (e == p || !*e)
			return false;
		j->f[i] = arena_memdupz(c->arena, p, e - p);
		p = e;
		while (isspace((unsigned char)*p))
			p++;
	}
	j->command = arena_strdup(c->arena, p);
	return *p != '\0';
}

static void parse(struct rtype_ctx *c, struct tab *t, const struct buf *text)
{
	struct buf clean = BUF_INIT;
	size_t end = tu_header_strip(&clean, text->ptr, text->len);
	struct job cur = { 0 };
	struct buf env = BUF_INIT;
	static const char tag[] = "# Puppet Name: ";
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(clean.ptr + i, '\n', end - i);
		size_t len = nl ? (size_t)(nl - (clean.ptr + i)) : end - i;
		const char *line = arena_memdupz(c->arena, clean.ptr + i, len);
		i += len + 1;
		if (cur.name) {
			const char *eq = strchr(line, '=');
			bool is_env = eq && line[0] != '#' && !isspace((unsigned char)line[0]) &&
				      !memchr(line, ' ', eq - line);
			if (is_env) {
				if (env.len)
					buf_addch(&env, '\n');
				buf_addstr(&env, line);
				continue;
			}
			if (parse_job(c, &cur, line)) {
				cur.env = arena_memdupz(c->arena, env.ptr, env.len);
				push(c, t, &cur);
				memset(&cur, 0, sizeof(cur));
				buf_reset(&env);
				continue;
			}
			/* a name without a job: keep what was read as text */
			struct job tx = { .text = arena_strfmt(c->arena, "%s%s", tag, cur.name) };
			push(c, t, &tx);
			memset(&cur, 0, sizeof(cur));
			buf_reset(&env);
		}
		if (!strncmp(line, tag, sizeof(tag) - 1)) {
			cur.name = line + sizeof(tag) - 1;
			continue;
		}
		struct job tx = { .text = line };
		push(c, t, &tx);
	}
	if (cur.name) {
		struct job tx = { .text = arena_strfmt(c->arena, "%s%s", tag, cur.name) };
		push(c, t, &tx);
	}
	buf_release(&env);
	buf_release(&clean);
}

static void render(struct buf *out, const struct tab *t)
{
	tu_header_add(out, TU_HEADER_CRONTAB);
	for (size_t i = 0; i < t->n; i++) {
		const struct job *j = &t->j[i];
		if (j->deleted)
			continue;
		if (!j->name) {
			buf_addf(out, "%s\n", j->text);
			continue;
		}
		buf_addf(out, "# Puppet Name: %s\n", j->name);
		if (*j->env)
			buf_addf(out, "%s\n", j->env);
		if (j->special)
			buf_addf(out, "@%s %s\n", j->special, j->command);
		else
			buf_addf(out, "%s %s %s %s %s %s\n", j->f[0], j->f[1],
				 j->f[2], j->f[3], j->f[4], j->command);
	}
}

/* A comma list as Puppet shows an array property: ['0', '30'] */
static const char *show(struct rtype_ctx *c, const char *v, char sep)
{
	struct buf b = BUF_INIT;
	buf_addch(&b, '[');
	for (const char *p = v; *p;) {
		const char *e = strchr(p, sep);
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (b.len > 1)
			buf_addstr(&b, ", ");
		buf_addf(&b, "'%.*s'", (int)n, p);
		p += n + (e != NULL);
	}
	buf_addch(&b, ']');
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static const char *user_of(struct rtype_ctx *c, const struct resource *r)
{
	const char *u = rparam_str(c, r, "user", NULL);
	if (u)
		return u;
	struct passwd *pw = getpwuid(geteuid());
	return pw ? arena_strdup(c->arena, pw->pw_name) : "root";
}

/* A target that is a path is a crontab file; otherwise the user's crontab. */
static int read_tab(struct rtype_ctx *c, struct rstate *st, struct buf *out,
		    const char *user, const char *file)
{
	if (file) {
		int rc = file_read(out, file);
		if (rc < 0 && rc != ERR_NOTFOUND)
			return rstate_fail(c, st, "cannot read '%s': %s", file, err_last());
		return 0;
	}
	struct buf err = BUF_INIT;
	const char *argv[] = { "crontab", "-l", "-u", user, NULL };
	int rc = proc_run(out, &err, argv, NULL);
	if (rc < 0)
		rc = rstate_fail(c, st, "cannot run crontab: %s", err_last());
	else if (rc && strstr(err.ptr, "no crontab for"))
		rc = 0;
	else if (rc)
		rc = rstate_fail(c, st, "cannot read the crontab of '%s': %s", user, err.ptr);
	buf_release(&err);
	return rc ? -1 : 0;
}

static int write_tab(struct rtype_ctx *c, struct rstate *st,
		     const struct buf *text, const char *user, const char *file)
{
	if (file) {
		if (file_write_atomic(file, text->ptr, text->len, 0600) < 0)
			return rstate_fail(c, st, "cannot write '%s': %s", file, err_last());
		return 0;
	}
	struct buf err = BUF_INIT;
	struct proc_opts o = { .input = text->ptr, .input_len = text->len };
	const char *argv[] = { "crontab", "-u", user, "-", NULL };
	int rc = proc_run(NULL, &err, argv, &o);
	if (rc < 0)
		rc = rstate_fail(c, st, "cannot run crontab: %s", err_last());
	else if (rc)
		rc = rstate_fail(c, st, "cannot write the crontab of '%s': %s", user, err.ptr);
	buf_release(&err);
	return rc ? -1 : 0;
}

static int converge(struct rtype_ctx *c, const struct resource *r,
		    struct rstate *st)
{
	const char *user = user_of(c, r);
	const char *target = rparam_str(c, r, "target", NULL);
	const char *file = target && target[0] == '/' ? target : NULL;
	const char *name = r->title;
	bool want = !strcmp(rparam_str(c, r, "ensure", "present"), "present");
	struct buf text = BUF_INIT, out = BUF_INIT;
	struct tab t = { 0 };
	int error;

	st->status = RS_UNCHANGED;
	if (target && !file)
		user = target;
	if ((error = read_tab(c, st, &text, user, file)) < 0)
		goto done;
	parse(c, &t, &text);
	struct job *cur = NULL;
	for (size_t i = 0; i < t.n && !cur; i++)
		if (t.j[i].name && !strcmp(t.j[i].name, name))
			cur = &t.j[i];
	const char *sp = rparam_str(c, r, "special", NULL);
	if (sp && !strcmp(sp, "absent"))
		sp = NULL;
	const char *cmd = rparam_str(c, r, "command", NULL);
	if (!want) {
		if (!cur)
			goto done;
		cur->deleted = true;
		rstate_event(c, st, "ensure", "present", "absent", "removed");
	} else if (!cur) {
		struct job j = { .name = name, .env = want_env(c, r),
				 .special = sp, .command = cmd };
		for (int i = 0; i < NFIELDS; i++)
			j.f[i] = want_field(c, r, i);
		push(c, &t, &j);
		rstate_event(c, st, "ensure", "absent", "present", "created");
	} else {
		for (int i = 0; i < NFIELDS && !sp; i++) {
			const char *w = want_field(c, r, i);
			const char *is = cur->f[i] ? cur->f[i] : "*";
			if (!rparam(r, fields[i]) && !cur->special)
				continue; /* unmanaged field keeps its value */
			if (strcmp(is, w)) {
				const char *a = cur->f[i] ? show(c, is, ',') : "absent";
				const char *b = show(c, w, ',');
				rstate_event(c, st, fields[i], a, b,
					     "%s changed %s to %s", fields[i], a, b);
				cur->f[i] = w;
			}
		}
		const char *is_sp = cur->special ? cur->special : "absent";
		if (strcmp(is_sp, sp ? sp : "absent") && (sp || rparam(r, "special"))) {
			rstate_event(c, st, "special", is_sp, sp ? sp : "absent",
				     "special changed '%s' to '%s'", is_sp,
				     sp ? sp : "absent");
		}
		if (cur->special && !sp) {
			for (int i = 0; i < NFIELDS; i++)
				if (!cur->f[i])
					cur->f[i] = want_field(c, r, i);
		}
		cur->special = sp;
		if (cmd && strcmp(cur->command, cmd)) {
			rstate_event(c, st, "command", cur->command, cmd,
				     "command changed '%s' to '%s'", cur->command, cmd);
			cur->command = cmd;
		}
		const char *env = want_env(c, r);
		if (rparam(r, "environment") && strcmp(cur->env, env)) {
			const char *a = *cur->env ? show(c, cur->env, '\n') : "absent";
			const char *b = *env ? show(c, env, '\n') : "absent";
			rstate_event(c, st, "environment", a, b,
				     "environment changed %s to %s", a, b);
			cur->env = env;
		}
	}
	if (st->status != RS_CHANGED || c->noop)
		goto done;
	render(&out, &t);
	error = write_tab(c, st, &out, user, file);
done:
	buf_release(&text);
	buf_release(&out);
	return error;
}

const struct rtype rtype_cron = {
	.name = "cron",
	.validate = validate,
	.sync = converge,
	.autorequire = tu_autorequire_user,
};
