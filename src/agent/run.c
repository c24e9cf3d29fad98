/* SPDX-License-Identifier: MIT */
/* run.c: the transaction — a catalog checked, ordered and applied */
#include "util/compat.h"
#include <strings.h>
#include <time.h>
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

/*
 * One run, in the order Puppet's transaction works:
 *
 * 1. The graph (graph.c): containers, relationships, autorequires. A
 *    relationship naming a resource that is not in the catalog is an error.
 * 2. Every resource a type applies is checked: its type must exist
 *    (unknown resource type 'foo') and the type's validate() must accept
 *    it. Any error, and nothing is changed.
 * 3. The graph is ordered; a cycle is an error, and nothing is changed.
 * 4. Each resource in order: skipped when a dependency failed or was
 *    skipped itself (whits pass this on, so a failure inside Class[a]
 *    skips everything after Class[a]); left alone when --tags do not
 *    match; otherwise synced by its type, its events printed as they come.
 *    Refresh events that arrived from notify/subscribe (through containers
 *    too) make the type's refresh() run once after its sync; a resource
 *    that changed or refreshed sends events to its own subscribers.
 *    Resources a type generated (each file of a recursive file) are
 *    printed and counted after it as resources of their own; one that
 *    changed is a change of its parent for the subscribers, one that
 *    failed skips the parent's dependents. New file contents are staged
 *    and renamed in bulk (rtype.h) before anything that could read them;
 *    a rename that fails then turns its resource from changed to failed.
 * 5. The summary: "Applied catalog in X seconds", then our counts.
 */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *lower_type(struct arena *a, const char *type)
{
	char *s = arena_strdup(a, type);
	for (char *p = s; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	return s;
}

void agent_res_path(struct buf *out, const struct resource *r)
{
	const struct resource *chain[64];
	size_t n = 0;
	for (const struct resource *c = r->container;
	     c && n < ARRAY_SIZE(chain); c = c->container)
		chain[n++] = c;
	while (n-- > 0) {
		const struct resource *c = chain[n];
		buf_addch(out, '/');
		if (!strcmp(c->type, "Class")) {
			if (!strcmp(c->title, "main"))
				buf_addstr(out, "Main");
			else
				buf_addstr(out, c->title);
		} else {
			buf_addf(out, "%s[%s]", c->type, c->title);
		}
	}
	buf_addf(out, "/%s[%s]", r->type, r->title);
}

/* ---- output ---- */

static void add_log(struct agent_run *run, const char *level,
		    const char *source, const char *msg)
{
	if (run->nlogs == run->logs_alloc) {
		size_t n = run->logs_alloc ? run->logs_alloc * 2 : 32;
		run->logs = arena_realloc(run->arena, run->logs,
					  run->nlogs * sizeof(*run->logs),
					  n * sizeof(*run->logs));
		run->logs_alloc = n;
	}
	struct agent_log *l = &run->logs[run->nlogs++];
	l->level = level;
	l->source = arena_strdup(run->arena, source);
	l->message = arena_strdup(run->arena, msg);
}

static void progress_clear(struct agent_run *run)
{
	if (run->opts.progress)
		fputs("\r\033[K", stderr);
}

/*
 * Prints "Notice: SOURCE: MSG" (or without a source) and records it for
 * the report. level: "notice", "info", "warning", "err".
 */
static void emit(struct agent_run *run, const char *level, const char *source,
		 const char *fmt, ...) PRINTF_LIKE(4, 5);
static void emit(struct agent_run *run, const char *level, const char *source,
		 const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	bool is_err = !strcmp(level, "err") || !strcmp(level, "warning");
	FILE *fp = is_err ? run->opts.errout : run->opts.out;
	const char *label = !strcmp(level, "err")	? "Error"
			    : !strcmp(level, "warning") ? "Warning"
			    : !strcmp(level, "info")	? "Info"
							: "Notice";
	progress_clear(run);
	if (source && *source)
		fprintf(fp, "%s: %s: %s\n", label, source, msg.ptr);
	else
		fprintf(fp, "%s: %s\n", label, msg.ptr);
	fflush(fp);
	if (!run->opts.drop_logs)
		add_log(run, level, source && *source ? source : "Puppet",
			msg.ptr);
	buf_release(&msg);
}

/* "returns: change from ..." from a type → path/returns: change from ... */
static size_t property_prefix(const char *msg)
{
	size_t i = 0;
	while ((msg[i] >= 'a' && msg[i] <= 'z') || msg[i] == '_')
		i++;
	return i && msg[i] == ':' && msg[i + 1] == ' ' ? i : 0;
}

static void emit_failure(struct agent_run *run, const char *path,
			 const char *error)
{
	if (!error || !*error)
		error = "failed";
	size_t p = property_prefix(error);
	if (p) {
		struct buf src = BUF_INIT;
		buf_addf(&src, "%s/%.*s", path, (int)p, error);
		emit(run, "err", src.ptr, "%s", error + p + 2);
		buf_release(&src);
	} else {
		emit(run, "err", path, "%s", error);
	}
}

static void progress(struct agent_run *run, size_t done, const char *what)
{
	if (!run->opts.progress)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %.60s", done, run->total, what);
	fflush(stderr);
}

/* ---- tags ---- */

static bool tags_match(const struct agent_run *run, const struct resource *r)
{
	const char *t = run->opts.tags;
	if (!t || !*t)
		return true;
	while (*t) {
		size_t len = strcspn(t, ",");
		for (size_t i = 0; i < r->ntags; i++)
			if (strlen(r->tags[i]) == len &&
			    !strncasecmp(r->tags[i], t, len))
				return true;
		/* the type and title count as tags too */
		if (strlen(r->type) == len && !strncasecmp(r->type, t, len))
			return true;
		t += len;
		if (*t == ',')
			t++;
	}
	return false;
}

/* ---- the transaction ---- */

struct txn {
	struct agent_run *run;
	const struct rtype **types; /* catalog pos → type */
	struct buf path;	    /* /Stage[main]/... of path_pos */
	size_t path_pos;
	struct arena events; /* the events of the resource being applied,
			      * when no report needs them afterwards */
	/* refreshes, all NULL when no resource sends any */
	size_t **rtargets; /* leaf pos → positions it refreshes */
	size_t *nrtargets, *rtargets_alloc;
	size_t **leaves; /* pos → leaves (cached) */
	size_t *nleaves;
	bool *has_leaves;
	size_t *pending; /* leaf pos → refresh events arrived */
};

static void push(struct arena *a, size_t **v, size_t *n, size_t *alloc,
		 size_t x)
{
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 4;
		*v = arena_realloc(a, *v, *n * sizeof(**v), na * sizeof(**v));
		*alloc = na;
	}
	(*v)[(*n)++] = x;
}

static void leaves_of(struct txn *t, size_t pos)
{
	if (t->has_leaves[pos])
		return;
	const struct graph *g = &t->run->g;
	size_t ncat = t->run->cat->nres;
	bool *seen = xcalloc(ncat + 1, sizeof(*seen));
	size_t alloc = 0;
	t->leaves[pos] = NULL;
	t->nleaves[pos] = 0;
	graph_leaves(&t->leaves[pos], &t->nleaves[pos], &alloc, g, pos, seen);
	free(seen);
	t->has_leaves[pos] = true;
}

/* Each resource learns which positions its changes refresh. */
static void setup_refresh(struct txn *t)
{
	const struct graph *g = &t->run->g;
	size_t n = t->run->cat->nres;
	if (!g->refresh_off)
		return; /* no notify/subscribe: nothing to set up */
	struct arena *a = t->run->arena;
	t->rtargets = arena_alloc(a, (n + 1) * sizeof(*t->rtargets));
	t->nrtargets = arena_alloc(a, (n + 1) * sizeof(*t->nrtargets));
	t->rtargets_alloc =
		arena_alloc(a, (n + 1) * sizeof(*t->rtargets_alloc));
	t->leaves = arena_alloc(a, (n + 1) * sizeof(*t->leaves));
	t->nleaves = arena_alloc(a, (n + 1) * sizeof(*t->nleaves));
	t->has_leaves = arena_alloc(a, (n + 1) * sizeof(*t->has_leaves));
	t->pending = arena_alloc(a, (n + 1) * sizeof(*t->pending));
	for (size_t p = 0; p < n; p++) {
		size_t first = g->refresh_off[p], end = g->refresh_off[p + 1];
		if (first == end)
			continue;
		leaves_of(t, p);
		for (size_t i = 0; i < t->nleaves[p]; i++) {
			size_t l = t->leaves[p][i];
			for (size_t k = first; k < end; k++)
				push(t->run->arena, &t->rtargets[l],
				     &t->nrtargets[l], &t->rtargets_alloc[l],
				     g->refresh[k]);
		}
	}
}

static void send_events(struct txn *t, size_t pos, size_t nevents)
{
	if (!t->rtargets)
		return;
	for (size_t k = 0; k < t->nrtargets[pos]; k++) {
		size_t target = t->rtargets[pos][k];
		leaves_of(t, target);
		for (size_t i = 0; i < t->nleaves[target]; i++)
			t->pending[t->leaves[target][i]] += nevents;
	}
}

/* Step 2: every type exists and accepts its resource. */
static int validate_all(struct txn *t)
{
	struct agent_run *run = t->run;
	const struct graph *g = &run->g;
	const struct rtype *(*find)(const char *) =
		run->opts.find_type ? run->opts.find_type : rtype_find;
	int errors = 0;
	const char *lt = NULL, *last_type = NULL;
	const struct rtype *type = NULL;
	for (size_t p = 0; p < run->cat->nres; p++) {
		if (g->is_skipped[p] || g->is_container[p])
			continue;
		const struct resource *r = run->cat->res[p];
		/* runs of one type (thousands of files) look it up once */
		if (!last_type || strcmp(last_type, r->type)) {
			lt = lower_type(run->arena, r->type);
			type = find(lt);
			if (!type && rtype_module_file(&run->ctx, lt))
				type = &rtype_module_only; /* fails when applied */
			last_type = r->type;
		}
		const char *msg = NULL, *why = NULL;
		if (!type)
			msg = arena_strfmt(run->arena,
					   "unknown resource type '%s'", lt);
		else if (type->validate &&
			 type->validate(&run->ctx, r, &why) < 0)
			msg = why ? why : "invalid parameters";
		if (msg) { /* the reference is made only for the message */
			struct buf ref = BUF_INIT;
			buf_addf(&ref, "%s[%s]", r->type, r->title);
			emit(run, "err", ref.ptr, "%s", msg);
			buf_release(&ref);
			errors++;
		}
		t->types[p] = type;
		run->is_applied[p] = true;
		run->total++;
	}
	if (errors)
		emit(run, "err", NULL,
		     "%d resource%s failed validation; nothing was changed",
		     errors, errors == 1 ? "" : "s");
	return errors ? -1 : 0;
}

/* The path of the resource at pos, valid until it is asked for another
 * (made only for messages, one resource at a time) */
static const char *res_path(struct txn *t, size_t pos)
{
	if (t->path_pos != pos || !t->path.len) {
		buf_reset(&t->path);
		agent_res_path(&t->path, t->run->cat->res[pos]);
		t->path_pos = pos;
	}
	return t->path.ptr;
}

/*
 * Command output worth logging: an exec's lines are Puppet's
 * "/Stage[main]/Main/Exec[x]/returns: line"; a notify's message is a bare
 * "Notice: message".
 */
static void print_output(struct txn *t, size_t pos, const char *output)
{
	if (!output || !*output)
		return;
	const struct resource *r = t->run->cat->res[pos];
	struct buf src = BUF_INIT;
	if (!strcmp(r->type, "Exec"))
		buf_addf(&src, "%s/returns", res_path(t, pos));
	for (const char *p = output; *p;) {
		size_t len = strcspn(p, "\n");
		emit(t->run, "notice", src.ptr, "%.*s", (int)len, p);
		p += len;
		if (*p)
			p++;
	}
	buf_release(&src);
}

/* `path`: the resource's (res_path), or NULL to make it from st->res */
static void print_events(struct txn *t, const char *path,
			 const struct rstate *st, bool is_noop)
{
	struct agent_run *run = t->run;
	if (!st->nevents)
		return;
	struct buf own = BUF_INIT, src = BUF_INIT;
	if (!path) {
		agent_res_path(&own, st->res);
		path = own.ptr;
	}
	for (size_t i = 0; i < st->nevents; i++) {
		const struct revent *ev = &st->events[i];
		buf_reset(&src);
		buf_addf(&src, "%s/%s", path, ev->property);
		if (is_noop)
			emit(run, "notice", src.ptr,
			     "current_value '%s', should be '%s' (noop)",
			     ev->previous ? ev->previous : "absent",
			     ev->desired ? ev->desired : "absent");
		else
			emit(run, "notice", src.ptr, "%s",
			     ev->message ? ev->message : "changed");
	}
	buf_release(&src);
	buf_release(&own);
}

/*
 * Staged writes whose rename failed, whether the transaction committed
 * them or a type did while it was synced: their resources were counted as
 * changed (and their dependents applied) when they were synced; now they
 * count as failed, once each. The resource being synced (`cur`) counts
 * itself.
 */
static void settle_staged(struct txn *t, const struct rstate *cur)
{
	struct agent_run *run = t->run;
	struct rtype_stage *s = run->ctx.stage;
	if (!s)
		return;
	for (size_t i = 0; i < s->nfailed; i++) {
		struct rstate *st = s->failed[i];
		if (st->is_recounted || (cur && (st == cur || st->parent == cur)))
			continue;
		st->is_recounted = true;
		if (run->changed)
			run->changed--;
		run->failed++;
		struct buf path = BUF_INIT;
		agent_res_path(&path, st->res);
		emit_failure(run, path.ptr, st->error);
		buf_release(&path);
	}
	s->nfailed = 0;
}

static void commit_staged(struct txn *t)
{
	struct rtype_stage *s = t->run->ctx.stage;
	if (!s || !s->n)
		return;
	rtype_stage_commit(&t->run->ctx, s);
	settle_staged(t, NULL);
}

/*
 * The resources a type generated while st was synced (each file of a
 * recursive file): printed and counted as resources of their own. Adds
 * their events to *events; returns whether one failed.
 */
static bool count_children(struct txn *t, const struct rstate *st,
			   bool is_noop, size_t *events)
{
	struct agent_run *run = t->run;
	bool has_failed = false;
	for (size_t i = 0; i < st->nchildren; i++) {
		const struct rstate *ch = st->children[i];
		struct buf path = BUF_INIT;
		agent_res_path(&path, ch->res);
		print_events(t, path.ptr, ch, is_noop);
		run->total++;
		if (ch->status == RS_FAILED) {
			emit_failure(run, path.ptr, ch->error);
			run->failed++;
			run->out_of_sync++;
			has_failed = true;
		} else if (ch->status == RS_CHANGED) {
			*events += ch->nevents;
			run->out_of_sync++;
			if (!is_noop)
				run->changed++;
		} else {
			run->unchanged++;
		}
		buf_release(&path);
	}
	return has_failed;
}

/* Applies one resource; returns true when it (or what it generated) failed. */
static bool apply_resource(struct txn *t, size_t pos, size_t blame)
{
	struct agent_run *run = t->run;
	const struct resource *r = run->cat->res[pos];
	struct rstate *st = &run->states[pos];
	const struct rtype *type = t->types[pos];
	double t0 = now_seconds();
	st->res = r;
	if (blame != GRAPH_NONE) {
		const struct resource *b = run->cat->res[blame];
		st->status = RS_SKIPPED;
		emit(run, "notice", res_path(t, pos),
		     "Dependency %s[%s] has failures: true", b->type, b->title);
		emit(run, "warning", res_path(t, pos),
		     "Skipping because of failed dependencies");
		run->skipped++;
		return true;
	}
	if (!tags_match(run, r)) {
		st->status = RS_SKIPPED;
		run->skipped++;
		return false;
	}
	bool is_noop = run->opts.noop || rparam_bool(r, "noop", 0) == 1;
	run->ctx.noop = is_noop;
	st->status = RS_UNCHANGED;
	/* the open directory stays right while only files act: the file
	 * type forgets it itself when it changes a directory or a link */
	if (type != &rtype_file)
		rtype_dir_forget(run->ctx.dir);
	int rc = type->sync(&run->ctx, r, st);
	if (rc < 0 || st->status == RS_FAILED)
		rtype_dir_forget(run->ctx.dir);
	settle_staged(t, st); /* the type may have committed others' writes */
	if (rc < 0 && st->status != RS_FAILED)
		st->status = RS_FAILED;
	const char *output = st->output;
	print_output(t, pos, output);
	if (st->nevents)
		print_events(t, res_path(t, pos), st, is_noop);
	if (st->status == RS_FAILED)
		emit_failure(run, res_path(t, pos), st->error);
	size_t child_events = 0;
	bool has_failed_child = count_children(t, st, is_noop, &child_events);

	size_t nev = t->pending ? t->pending[pos] : 0;
	if (nev && st->status != RS_FAILED && type->refresh) {
		if (is_noop) {
			emit(run, "notice", res_path(t, pos),
			     "Would have triggered 'refresh' from %zu event%s",
			     nev, nev == 1 ? "" : "s");
		} else if (type->refresh(&run->ctx, r, st) < 0 ||
			   st->status == RS_FAILED) {
			if (st->output != output)
				print_output(t, pos, st->output);
			st->status = RS_FAILED;
			emit_failure(run, res_path(t, pos), st->error);
		} else {
			if (st->output != output)
				print_output(t, pos, st->output);
			st->refreshed = true;
			run->restarted++;
			emit(run, "notice", res_path(t, pos),
			     "Triggered 'refresh' from %zu event%s", nev,
			     nev == 1 ? "" : "s");
		}
	}
	run->ctx.noop = run->opts.noop;
	st->seconds = now_seconds() - t0;

	if (st->status == RS_FAILED) {
		run->failed++;
		run->out_of_sync++;
		return true;
	}
	/* what it generated changing is its change for its subscribers */
	if (st->status == RS_CHANGED || st->refreshed || child_events) {
		size_t n = st->nevents + child_events;
		send_events(t, pos, n ? n : 1);
	}
	if (st->status == RS_CHANGED) {
		run->out_of_sync++;
		if (!is_noop)
			run->changed++;
	} else {
		run->unchanged++;
	}
	/* their dependents wait for what it generated, as in Puppet */
	return has_failed_child;
}

/*
 * Without a report, a resource's events are done with once printed and
 * counted: only their number stays (st->nevents), the events go with the
 * arena they were kept in.
 */
static bool apply_one(struct txn *t, size_t pos, size_t blame)
{
	bool has_failed = apply_resource(t, pos, blame);
	if (t->run->ctx.event_arena == &t->events) {
		struct rstate *st = &t->run->states[pos];
		st->events = NULL;
		st->events_alloc = 0;
		for (size_t i = 0; i < st->nchildren; i++) {
			st->children[i]->events = NULL;
			st->children[i]->events_alloc = 0;
		}
		arena_release(&t->events);
	}
	return has_failed;
}

/*
 * Staged file contents are flushed and renamed into place before any
 * resource that might read them runs: anything but a file, or a file
 * copying its content from a source. A rename that fails turns its
 * resource from changed into failed.
 */
static bool needs_commit(struct txn *t, size_t pos)
{
	const struct resource *r = t->run->cat->res[pos];
	return strcmp(r->type, "File") || rparam(r, "source");
}

static void txn_init(struct txn *t, struct agent_run *run)
{
	struct arena *a = run->arena;
	size_t n = run->cat->nres + 1;
	memset(t, 0, sizeof(*t));
	t->run = run;
	t->types = arena_alloc(a, n * sizeof(*t->types));
	buf_init(&t->path, 0);
	t->path_pos = GRAPH_NONE;
	arena_init(&t->events);
	/* without a report, events live only until they are printed */
	if (run->opts.drop_logs)
		run->ctx.event_arena = &t->events;
	run->states = arena_alloc(a, n * sizeof(*run->states));
	run->is_applied = arena_alloc(a, n * sizeof(*run->is_applied));
}

static void summary(struct agent_run *run)
{
	emit(run, "notice", NULL, "Applied catalog in %.2f seconds",
	     run->seconds);
	struct buf b = BUF_INIT;
	if (run->opts.noop)
		buf_addf(&b, "%zu changed, %zu out of sync (noop), %zu failed",
			 run->changed, run->out_of_sync - run->failed,
			 run->failed);
	else
		buf_addf(&b, "%zu changed, %zu failed", run->changed,
			 run->failed);
	if (run->skipped)
		buf_addf(&b, ", %zu skipped", run->skipped);
	buf_addf(&b, ", %zu unchanged", run->unchanged);
	emit(run, "notice", NULL, "%s", b.ptr);
	buf_release(&b);
}

int agent_apply(struct agent_run *run, struct arena *a,
		const struct catalog *cat, const struct agent_opts *o)
{
	memset(run, 0, sizeof(*run));
	run->arena = a;
	run->cat = cat;
	run->opts = *o;
	if (!run->opts.out)
		run->opts.out = stdout;
	if (!run->opts.errout)
		run->opts.errout = stderr;
	run->start_time = (long)time(NULL);
	run->ctx.arena = a;
	run->ctx.noop = o->noop;
	run->ctx.bucket_dir = o->bucket_dir;
	run->ctx.modulepath = o->modulepath;
	run->ctx.root = o->root;
	run->ctx.payload = run;
	run->ctx.catalog = cat;
	struct rtype_stage stage;
	rtype_stage_init(&stage);
	run->ctx.stage = &stage;
	struct rtype_dir dir = { NULL, -1 };
	run->ctx.dir = &dir;
	double t0 = now_seconds();

	struct buf err = BUF_INIT;
	struct txn t;
	int rc = -1;
	txn_init(&t, run);
	const struct rtype *(*find)(const char *) =
		o->find_type ? o->find_type : rtype_find;
	/* 1-3: nothing changes unless all of these pass */
	int bad = graph_build(&run->g, a, cat, &run->ctx, find, &err);
	for (const char *p = err.ptr; *p;) {
		size_t len = strcspn(p, "\n");
		emit(run, "err", NULL, "%.*s", (int)len, p);
		p += len;
		if (*p)
			p++;
	}
	if (validate_all(&t) < 0 || bad < 0)
		goto fail;
	buf_reset(&err);
	if (graph_sort(&run->g, &err) < 0) {
		buf_setlen(&err, strcspn(err.ptr, "\n"));
		emit(run, "err", NULL, "%s", err.ptr);
		emit(run, "err", NULL, "nothing was changed");
		goto fail;
	}

	/* 4 */
	size_t progress_every = 0;
	if (run->opts.progress && run->total <= 50)
		run->opts.progress = false;
	if (run->opts.progress)
		progress_every = run->total / 200 + 1;
	setup_refresh(&t);
	const struct graph *g = &run->g;
	size_t *blame = xmalloc((g->n + 1) * sizeof(*blame));
	for (size_t v = 0; v < g->n; v++)
		blame[v] = GRAPH_NONE;
	size_t done = 0;
	for (size_t i = 0; i < g->norder; i++) {
		size_t v = g->order[i];
		const struct graph_node *nd = &g->nodes[v];
		size_t out_blame = blame[v];
		if (nd->role == GRAPH_RESOURCE) {
			if (needs_commit(&t, nd->pos))
				commit_staged(&t);
			bool failed = apply_one(&t, nd->pos, blame[v]);
			out_blame = failed ? nd->pos : GRAPH_NONE;
			done++;
			if (progress_every && done % progress_every == 0)
				progress(run, done, res_path(&t, nd->pos));
		}
		if (out_blame == GRAPH_NONE)
			continue;
		for (size_t k = 0; k < nd->nsucc; k++)
			if (blame[nd->succ[k]] == GRAPH_NONE)
				blame[nd->succ[k]] = out_blame;
	}
	free(blame);
	commit_staged(&t);
	progress_clear(run);
	run->opts.progress = false;
	run->seconds = now_seconds() - t0;
	summary(run);
	rc = 0;
	goto out;
fail:
	run->did_fail_early = true;
	run->seconds = now_seconds() - t0;
out:
	run->ctx.event_arena = NULL;
	arena_release(&t.events);
	buf_release(&t.path);
	rtype_stage_release(&stage);
	run->ctx.stage = NULL;
	rtype_dir_forget(&dir);
	run->ctx.dir = NULL;
	buf_release(&err);
	return rc;
}

int agent_exit_status(const struct agent_run *run, bool detailed)
{
	if (run->did_fail_early)
		return 1;
	if (!detailed)
		return run->failed ? 1 : 0;
	return (run->changed ? 2 : 0) | (run->failed ? 4 : 0);
}
