/* SPDX-License-Identifier: MIT */
/* report.c: a run as JSON close to Puppet's report format */
#include "util/compat.h"
#include <jansson.h>
#include <sys/stat.h>
#include <time.h>
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"

static const char *status_word(enum rstatus s)
{
	switch (s) {
	case RS_UNCHANGED:
		return "unchanged";
	case RS_CHANGED:
		return "changed";
	case RS_FAILED:
		return "failed";
	case RS_SKIPPED:
		return "skipped";
	}
	return "unknown";
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *resource_status(const struct agent_run *run,
			       const struct resource *r,
			       const struct rstate *st)
{
	bool is_noop = run->opts.noop;
	json_t *o = json_object();
	json_object_set_new(o, "title", json_string(r->title));
	json_object_set_new(o, "resource_type", json_string(r->type));
	struct buf path = BUF_INIT;
	agent_res_path(&path, r);
	json_object_set_new(o, "containment_path", json_string(path.ptr));
	buf_release(&path);
	if (r->has_loc && r->loc.file) {
		json_object_set_new(o, "file", json_string(r->loc.file));
		json_object_set_new(o, "line", json_integer(r->loc.line));
	} else {
		json_object_set_new(o, "file", json_null());
		json_object_set_new(o, "line", json_null());
	}
	json_object_set_new(o, "evaluation_time", json_real(st->seconds));
	json_object_set_new(o, "status", json_string(status_word(st->status)));
	json_object_set_new(o, "changed",
			    json_boolean(st->status == RS_CHANGED && !is_noop));
	json_object_set_new(o, "out_of_sync",
			    json_boolean(st->status == RS_CHANGED ||
					 st->status == RS_FAILED));
	json_object_set_new(o, "out_of_sync_count",
			    json_integer((json_int_t)st->nevents));
	json_object_set_new(
		o, "change_count",
		json_integer(is_noop ? 0 : (json_int_t)st->nevents));
	json_object_set_new(o, "failed", json_boolean(st->status == RS_FAILED));
	json_object_set_new(o, "skipped",
			    json_boolean(st->status == RS_SKIPPED));
	json_object_set_new(
		o, "failed_to_restart",
		json_boolean(st->status == RS_FAILED && st->refreshed));
	json_t *tags = json_array();
	for (size_t i = 0; i < r->ntags; i++)
		json_array_append_new(tags, json_string(r->tags[i]));
	json_object_set_new(o, "tags", tags);
	json_t *events = json_array();
	for (size_t i = 0; i < st->nevents; i++) {
		const struct revent *ev = &st->events[i];
		json_t *e = json_object();
		json_object_set_new(e, "property", json_string(ev->property));
		json_object_set_new(e, "previous_value",
				    str_or_null(ev->previous));
		json_object_set_new(e, "desired_value",
				    str_or_null(ev->desired));
		json_object_set_new(e, "message", str_or_null(ev->message));
		json_object_set_new(e, "status",
				    json_string(is_noop ? "noop" : "success"));
		if (ev->diff)
			json_object_set_new(e, "diff", json_string(ev->diff));
		json_array_append_new(events, e);
	}
	if (st->status == RS_FAILED) {
		json_t *e = json_object();
		json_object_set_new(e, "property", json_null());
		json_object_set_new(e, "message", str_or_null(st->error));
		json_object_set_new(e, "status", json_string("failure"));
		json_array_append_new(events, e);
	}
	json_object_set_new(o, "events", events);
	if (st->output)
		json_object_set_new(o, "output", json_string(st->output));
	return o;
}

static void iso_time(struct buf *out, long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[64];
	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S.000000000+00:00", &tm);
	buf_addstr(out, s);
}

void report_to_json(struct buf *out, const struct agent_run *run)
{
	json_t *o = json_object();
	const struct catalog *cat = run->cat;
	json_object_set_new(o, "host", json_string(cat->name ? cat->name : ""));
	struct buf t = BUF_INIT;
	iso_time(&t, run->start_time);
	json_object_set_new(o, "time", json_string(t.ptr));
	buf_release(&t);
	json_object_set_new(o, "configuration_version",
			    json_integer((json_int_t)run->start_time));
	json_object_set_new(o, "report_format", json_integer(12));
	json_object_set_new(o, "puppet_version",
			    json_string("7.23.0 (tend " TEND_VERSION ")"));
	json_object_set_new(o, "environment",
			    json_string(cat->environment ? cat->environment
							 : "production"));
	json_object_set_new(o, "kind", json_string("apply"));
	const char *status = run->did_fail_early || run->failed ? "failed"
			     : run->changed			? "changed"
								: "unchanged";
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "noop", json_boolean(run->opts.noop));
	json_object_set_new(
		o, "noop_pending",
		json_boolean(run->opts.noop && run->out_of_sync > run->failed));

	json_t *rs = json_object();
	for (size_t p = 0; run->is_applied && p < cat->nres; p++) {
		if (!run->is_applied[p])
			continue;
		struct buf key = BUF_INIT;
		const struct rstate *st = &run->states[p];
		buf_addf(&key, "%s[%s]", cat->res[p]->type, cat->res[p]->title);
		json_object_set_new(rs, key.ptr,
				    resource_status(run, cat->res[p], st));
		/* then what it generated (each file of a recursive file) */
		for (size_t i = 0; i < st->nchildren; i++) {
			const struct rstate *ch = st->children[i];
			buf_reset(&key);
			buf_addf(&key, "%s[%s]", ch->res->type, ch->res->title);
			json_object_set_new(rs, key.ptr,
					    resource_status(run, ch->res, ch));
		}
		buf_release(&key);
	}
	json_object_set_new(o, "resource_statuses", rs);

	json_t *res = json_object();
	json_object_set_new(res, "total", json_integer((json_int_t)run->total));
	json_object_set_new(res, "changed",
			    json_integer((json_int_t)run->changed));
	json_object_set_new(res, "failed",
			    json_integer((json_int_t)run->failed));
	json_object_set_new(res, "skipped",
			    json_integer((json_int_t)run->skipped));
	json_object_set_new(res, "out_of_sync",
			    json_integer((json_int_t)run->out_of_sync));
	json_object_set_new(res, "restarted",
			    json_integer((json_int_t)run->restarted));
	json_t *tm = json_object();
	json_object_set_new(tm, "total", json_real(run->seconds));
	json_t *metrics = json_object();
	json_object_set_new(metrics, "resources", res);
	json_object_set_new(metrics, "time", tm);
	json_object_set_new(o, "metrics", metrics);

	json_t *logs = json_array();
	for (size_t i = 0; i < run->nlogs; i++) {
		json_t *l = json_object();
		json_object_set_new(l, "level",
				    json_string(run->logs[i].level));
		json_object_set_new(l, "message",
				    json_string(run->logs[i].message));
		json_object_set_new(l, "source",
				    json_string(run->logs[i].source));
		json_array_append_new(logs, l);
	}
	json_object_set_new(o, "logs", logs);

	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_addstr(out, s);
	buf_addch(out, '\n');
	free(s);
	json_decref(o);
}

int report_write(const struct agent_run *run, const char *path)
{
	struct buf b = BUF_INIT;
	report_to_json(&b, run);
	int rc = file_write_atomic(path, b.ptr, b.len, 0644);
	buf_release(&b);
	return rc;
}
