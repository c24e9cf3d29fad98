/* SPDX-License-Identifier: MIT */
/* cmd_jobs.c: tend jobs — the master's jobs: list, show one, the active ones */
#include "util/compat.h"
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "remote/apicli.h"
#include "remote/out.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * What Salt spreads over salt-run jobs.list_jobs, jobs.active and
 * jobs.lookup_jid. The master answers from its store (docs/PROTOCOL.md,
 * op "jobs"): a job is {jid, fun, args, kwargs, target, tgt_type, user,
 * created, timeout, counts: {state: n}} in lists, plus "waiting" ({id:
 * state}) in active ones, and "minions" ({id: {state, retcode, return,
 * started, finished}}) when shown.
 */

static const char usage_str[] =
	"tend jobs list [--limit N] | show JID | active [--out text|json|OUTPUTTER] [--socket PATH]";

#define CALL_TIMEOUT_MS 30000

static const char *str_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : dflt;
}

/* unix time → "2024-05-01 12:00:00" in local time; "-" when unknown */
static void add_time(struct buf *out, json_t *t)
{
	if (!json_is_number(t)) {
		buf_addch(out, '-');
		return;
	}
	time_t secs = (time_t)json_number_value(t);
	struct tm tm;
	char s[64];
	if (!localtime_r(&secs, &tm) ||
	    !strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S", &tm)) {
		buf_addch(out, '-');
		return;
	}
	buf_addstr(out, s);
}

/* An argument as it would be typed again: canary, 42, '"42"', k=v. */
static void add_arg(struct buf *out, json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		json_t *back = apicli_arg_value(s);
		bool same =
			back && json_equal(back, v) && *s && !strchr(s, ' ');
		json_decref(back);
		if (same) {
			buf_addstr(out, s);
			return;
		}
	}
	char *j = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!j)
		return;
	if (json_is_string(v)) {
		buf_addf(out, "'%s'", j); /* the shell keeps the quotes */
	} else {
		buf_addstr(out, j);
	}
	free(j);
}

static void add_arguments(struct buf *out, json_t *job)
{
	size_t i, n = 0;
	json_t *v;
	json_array_foreach(json_object_get(job, "args"), i, v)
	{
		buf_addstr(out, n++ ? " " : "");
		add_arg(out, v);
	}
	const char *k;
	json_object_foreach(json_object_get(job, "kwargs"), k, v)
	{
		buf_addf(out, "%s%s=", n++ ? " " : "", k);
		add_arg(out, v);
	}
}

static void add_target(struct buf *out, json_t *job)
{
	const char *type = str_or(job, "tgt_type", "glob");
	buf_addstr(out, str_or(job, "target", str_or(job, "tgt", "?")));
	if (strcmp(type, "glob"))
		buf_addf(out, " (%s)", type);
}

static size_t count(json_t *counts, const char *state)
{
	json_int_t n = json_integer_value(json_object_get(counts, state));
	return n > 0 ? (size_t)n : 0;
}

/* "3 ok, 1 failed, 1 no return, 2 running" from a job's counts */
static void add_counts(struct buf *out, json_t *counts)
{
	size_t ok = count(counts, "done"), failed = count(counts, "failed");
	size_t noret = count(counts, "timeout") + count(counts, "offline") +
		       count(counts, "skipped");
	size_t running = count(counts, "queued") + count(counts, "delivered") +
			 count(counts, "running");
	size_t start = out->len;
	if (ok)
		buf_addf(out, "%zu ok", ok);
	if (failed)
		buf_addf(out, "%s%zu failed", out->len > start ? ", " : "",
			 failed);
	if (noret)
		buf_addf(out, "%s%zu no return", out->len > start ? ", " : "",
			 noret);
	if (running)
		buf_addf(out, "%s%zu running", out->len > start ? ", " : "",
			 running);
	if (out->len == start)
		buf_addstr(out, "no minions");
}

/* A table: cells[row * ncols + col], the first row the headings. */
struct table {
	struct buf *cells;
	size_t ncols, nrows;
};

static void table_init(struct table *t, size_t ncols, size_t nrows,
		       const char *const *heads)
{
	t->ncols = ncols;
	t->nrows = nrows;
	t->cells = xcalloc(ncols * nrows, sizeof(*t->cells));
	for (size_t k = 0; k < ncols * nrows; k++)
		buf_init(&t->cells[k], 0);
	for (size_t c = 0; c < ncols; c++)
		buf_addstr(&t->cells[c], heads[c]);
}

static void table_release(struct table *t)
{
	for (size_t k = 0; k < t->ncols * t->nrows; k++)
		buf_release(&t->cells[k]);
	free(t->cells);
}

static void table_print(const struct table *t)
{
	size_t *w = xcalloc(t->ncols, sizeof(*w));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			if (t->cells[r * t->ncols + c].len > w[c])
				w[c] = t->cells[r * t->ncols + c].len;
	struct buf out = BUF_INIT;
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const struct buf *b = &t->cells[r * t->ncols + c];
			if (c + 1 == t->ncols) {
				buf_addstr(&out, b->ptr);
				break;
			}
			buf_addf(&out, "%-*s  ", (int)w[c], b->ptr);
		}
		buf_addch(&out, '\n');
	}
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	free(w);
}

static void print_jobs(json_t *jobs, bool active)
{
	static const char *const heads[] = {"JID",  "FUNCTION", "TARGET",
					    "USER", "STARTED",	"MINIONS"};
	struct table t;
	table_init(&t, ARRAY_SIZE(heads), json_array_size(jobs) + 1, heads);
	if (active)
		buf_addstr(&t.cells[t.ncols - 1], " (WAITING)");
	size_t i;
	json_t *job;
	json_array_foreach(jobs, i, job)
	{
		struct buf *row = &t.cells[(i + 1) * t.ncols];
		buf_addstr(&row[0], str_or(job, "jid", "?"));
		buf_addstr(&row[1], str_or(job, "fun", "?"));
		add_target(&row[2], job);
		buf_addstr(&row[3], str_or(job, "user", "?"));
		add_time(&row[4], json_object_get(job, "created"));
		add_counts(&row[5], json_object_get(job, "counts"));
		json_t *waiting = json_object_get(job, "waiting");
		if (active && json_object_size(waiting)) {
			const char *id;
			json_t *st;
			size_t n = 0;
			buf_addstr(&row[5], " (");
			json_object_foreach(waiting, id, st)
			{
				if (n++ == 5) {
					buf_addf(&row[5], ", %zu more",
						 json_object_size(waiting) - 5);
					break;
				}
				buf_addf(&row[5], "%s%s %s", n > 1 ? ", " : "",
					 id, str_or(waiting, id, "?"));
			}
			buf_addch(&row[5], ')');
		}
	}
	if (t.nrows > 1)
		table_print(&t);
	table_release(&t);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_seconds(struct buf *out, json_t *from, json_t *to)
{
	if (!json_is_number(from) || !json_is_number(to)) {
		buf_addch(out, '-');
		return;
	}
	buf_addf(out, "%.2fs", json_number_value(to) - json_number_value(from));
}

static int print_job(json_t *job, const char *out_name, struct out_opts *oo)
{
	struct buf head = BUF_INIT;
	buf_addf(&head, "Job:       %s\n", str_or(job, "jid", "?"));
	buf_addf(&head, "Function:  %s\n", str_or(job, "fun", "?"));
	buf_addstr(&head, "Arguments: ");
	size_t before = head.len;
	add_arguments(&head, job);
	if (head.len == before)
		buf_addch(&head, '-');
	buf_addstr(&head, "\nTarget:    ");
	add_target(&head, job);
	buf_addf(&head,
		 "\nUser:      %s\nStarted:   ", str_or(job, "user", "?"));
	add_time(&head, json_object_get(job, "created"));
	buf_addch(&head, '\n');

	json_t *minions = json_object_get(job, "minions");
	size_t n = json_object_size(minions);
	const char **ids = xcalloc(n ? n : 1, sizeof(*ids));
	const char *id;
	json_t *m;
	size_t k = 0;
	json_object_foreach(minions, id, m) ids[k++] = id;
	qsort(ids, n, sizeof(*ids), cmp_str);

	/* the states, as a table */
	struct apicli_summary s = {n, 0, 0, 0};
	static const char *const heads[] = {"MINION", "STATE", "RETCODE",
					    "TIME"};
	struct table t;
	table_init(&t, ARRAY_SIZE(heads), n + 1, heads);
	json_t *doc = json_object();
	for (size_t i = 0; i < n; i++) {
		m = json_object_get(minions, ids[i]);
		const char *st = str_or(m, "state", "?");
		struct buf *row = &t.cells[(i + 1) * t.ncols];
		buf_addstr(&row[0], ids[i]);
		buf_addstr(&row[1], st);
		json_t *rc = json_object_get(m, "retcode");
		if (json_is_integer(rc))
			buf_addf(&row[2], "%lld",
				 (long long)json_integer_value(rc));
		else
			buf_addch(&row[2], '-');
		add_seconds(&row[3], json_object_get(m, "started"),
			    json_object_get(m, "finished"));
		bool returned = !strcmp(st, "done") || !strcmp(st, "failed");
		if (returned) {
			s.returned++;
			s.failed += !strcmp(st, "failed");
			json_t *ret = json_object_get(m, "return");
			json_object_set(doc, ids[i], ret ? ret : json_null());
		} else if (!strcmp(st, "timeout") || !strcmp(st, "offline") ||
			   !strcmp(st, "skipped")) {
			s.no_return++;
			if (strcmp(out_name, "json") &&
			    strcmp(out_name, "ndjson"))
				json_object_set_new(
					doc, ids[i],
					json_string(apicli_noret_message(st)));
		}
	}
	buf_addstr(&head, "Minions:   ");
	apicli_summary_format(&head, &s);
	if (s.targeted > s.returned + s.no_return)
		buf_addf(&head, ", %zu running",
			 s.targeted - s.returned - s.no_return);
	buf_addstr(&head, "\n\n");
	fwrite(head.ptr, 1, head.len, stdout);
	if (n) {
		table_print(&t);
		fflush(stdout);
	}
	struct buf body = BUF_INIT;
	int error = 0;
	if (json_object_size(doc)) {
		error = out_format(&body, out_name, doc, oo);
		if (!error && body.len)
			printf("\n%s", body.ptr);
	}
	table_release(&t);
	free(ids);
	json_decref(doc);
	buf_release(&body);
	buf_release(&head);
	return error;
}

static void print_raw(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(4) | JSON_ENCODE_ANY);
	if (s)
		printf("%s\n", s);
	free(s);
}

int cmd_jobs(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	const char *socket_opt = NULL, *out_name = NULL;
	int limit = 0, no_color = 0;
	struct option opts[] = {
		OPT_INT(0, "limit", &limit, "n",
			"list: the N newest jobs (default: the master's, 50)"),
		OPT_STRING(
			0, "out", &out_name, "outputter",
			"json: the master's JSON; show: the returns' outputter (nested)"),
		OPT_BOOL(0, "no-color", &no_color,
			 "no colours in nested output"),
		OPT_STRING(
			0, "socket", &socket_opt, "path",
			"the master's socket (default $TEND_MASTER_SOCKET or /run/tend/master.sock)"),
		OPT_END(),
	};
	int n = cli_parse_options(argc, argv, opts, usage_str);
	if (n < 0)
		return APICLI_EXIT_USAGE;
	if (!n) {
		cli_usage(usage_str, opts);
		return APICLI_EXIT_USAGE;
	}
	const char *action = argv[0];
	bool is_show = !strcmp(action, "show");
	if (strcmp(action, "list") && strcmp(action, "active") && !is_show) {
		fprintf(stderr, "error: unknown jobs action '%s'\n", action);
		cli_usage(usage_str, opts);
		return APICLI_EXIT_USAGE;
	}
	if (n != 1 + is_show) {
		fprintf(stderr, "error: %s\n",
			n > 1 + is_show ? "too many arguments"
					: "'tend jobs show' needs a jid");
		return APICLI_EXIT_USAGE;
	}
	if (out_name && strcmp(out_name, "text") && strcmp(out_name, "json") &&
	    (!is_show || !out_name_valid(out_name))) {
		if (is_show)
			fprintf(stderr,
				"error: unknown outputter '%s' (valid: %s)\n",
				out_name, OUT_NAMES);
		else
			fprintf(stderr,
				"error: 'tend jobs %s' prints text or json, not '%s'\n",
				action, out_name);
		return APICLI_EXIT_USAGE;
	}
	if (limit < 0) {
		fprintf(stderr, "error: --limit must be 1 or more\n");
		return APICLI_EXIT_USAGE;
	}
	const char *jid = is_show ? argv[1] : NULL;
	if (jid && (strlen(jid) != 20 || strspn(jid, "0123456789") != 20)) {
		fprintf(stderr, "error: '%s' is not a jid (20 digits)\n", jid);
		return APICLI_EXIT_USAGE;
	}
	bool json = out_name && !strcmp(out_name, "json");

	json_t *req = json_pack("{ss ss}", "op", "jobs", "action", action);
	if (jid)
		json_object_set_new(req, "jid", json_string(jid));
	if (limit)
		json_object_set_new(req, "limit", json_integer(limit));
	const char *path = apicli_socket_path(socket_opt);
	json_t *ans = NULL;
	int rc = apicli_call(&ans, path, req, CALL_TIMEOUT_MS);
	json_decref(req);
	if (rc == ERR_NOTFOUND) {
		fprintf(stderr, "error: no job %s\n", jid ? jid : "");
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		return APICLI_EXIT_MASTER;
	}
	int status = 0;
	json_t *v = json_object_get(ans, is_show ? "job" : "jobs");
	if (is_show ? !json_is_object(v) : !json_is_array(v)) {
		fprintf(stderr, "error: bad answer from the master at '%s'\n",
			path);
		status = APICLI_EXIT_MASTER;
	} else if (json) {
		print_raw(v);
	} else if (is_show) {
		struct out_opts oo = OUT_OPTS_INIT;
		oo.color = !no_color && isatty(STDOUT_FILENO);
		const char *o = out_name && strcmp(out_name, "text") ? out_name
								     : "nested";
		if (print_job(v, o, &oo) < 0) {
			fprintf(stderr, "error: %s\n", err_last());
			status = 1;
		}
	} else {
		print_jobs(v, !strcmp(action, "active"));
	}
	fflush(stdout);
	json_decref(ans);
	return status;
}
