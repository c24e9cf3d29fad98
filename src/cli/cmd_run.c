/* SPDX-License-Identifier: MIT */
/* cmd_run.c: tend run — a function on the minions a target matches, as salt */
#include "util/compat.h"
#include <signal.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "remote/apicli.h"
#include "remote/out.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * 1. The words after TARGET and FUN become Salt's args and kwargs
 *    (apicli_args_parse); the request goes to the master's socket.
 * 2. The master answers with a stream of events (docs/PROTOCOL.md): `job`
 *    (the jid and the targeted minions), `state`, `return`, `done`.
 * 3. Streaming outputters (nested, txt, raw, ndjson) print each return as
 *    it arrives; json and yaml print one document, sorted by minion id,
 *    when `done` came. Minions that did not return are printed as Salt
 *    prints them ("Minion did not return. [No response]"), except in
 *    json/ndjson, which carry returns only; stderr names them.
 * 4. The exit status and the summary line come from `done`
 *    (apicli_run_status). A master that goes away or answers an error is
 *    exit 4; nothing matched, 3.
 */

static const char usage_str[] =
	"tend run [-E|-L|-G|-C|-N] [--out OUTPUTTER] [--out-indent N] [-t SECONDS] [--async] [-b N|P%] [--max-fail N|P%] [--socket PATH] TARGET FUN [ARGS...] [key=value...]";

/* Beyond the job's own timeout, how long the stream may stay silent. */
#define IDLE_GRACE_S 60
/* Without -t the master applies its own kill limit (1 hour by default). */
#define IDLE_DEFAULT_S 3600
/* Progress redraws at most this often. */
#define PROGRESS_EVERY_S 0.1

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig UNUSED)
{
	interrupted = 1;
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct run {
	const char *path;     /* the socket */
	const char *out_name; /* the outputter */
	struct out_opts oo;
	bool stream;	     /* print each return as it arrives */
	bool progress;	     /* the live line on stderr */
	bool progress_shown; /* something is drawn on it now */
	double last_draw;
	struct buf line; /* what the progress line shows */
	struct apicli_job job;
	json_t *returns;  /* id → return, for the documents */
	json_t *retcodes; /* id → retcode */
};

static void progress_clear(struct run *r)
{
	if (r->progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		r->progress_shown = false;
		buf_reset(&r->line);
	}
}

static size_t term_width(void)
{
	struct winsize ws;
	if (!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 1)
		return ws.ws_col - 1;
	return 79;
}

static void progress_draw(struct run *r, bool force)
{
	if (!r->progress || !r->job.jid)
		return;
	double now = mono_s();
	if (!force && now - r->last_draw < PROGRESS_EVERY_S)
		return;
	r->last_draw = now;
	struct buf b = BUF_INIT;
	apicli_progress_render(&b, &r->job, now, term_width());
	if (!r->progress_shown || strcmp(b.ptr, r->line.ptr)) {
		fprintf(stderr, "\r\033[K%s", b.ptr);
		fflush(stderr);
		r->progress_shown = true;
		buf_reset(&r->line);
		buf_addstr(&r->line, b.ptr);
	}
	buf_release(&b);
}

/* Prints one minion's return (or Salt's "did not return" text) now. */
static void print_minion(struct run *r, const char *id, json_t *ret,
			 bool failed)
{
	struct buf b = BUF_INIT;
	struct out_opts o = r->oo;
	o.failed = failed;
	if (out_format_minion(&b, r->out_name, id, ret, &o) < 0)
		BUG("outputter '%s' vanished", r->out_name);
	if (b.len) {
		progress_clear(r);
		fwrite(b.ptr, 1, b.len, stdout);
		fflush(stdout);
	}
	buf_release(&b);
}

static int cmp_minion(const void *a, const void *b)
{
	const struct apicli_minion *x = *(struct apicli_minion *const *)a;
	const struct apicli_minion *y = *(struct apicli_minion *const *)b;
	return strcmp(x->id, y->id);
}

/* The minions of the job, sorted by id; the caller frees the array. */
static struct apicli_minion **sorted_minions(const struct apicli_job *j)
{
	struct apicli_minion **v = xcalloc(j->n ? j->n : 1, sizeof(*v));
	if (j->n) {
		memcpy(v, j->v, j->n * sizeof(*v));
		qsort(v, j->n, sizeof(*v), cmp_minion);
	}
	return v;
}

static bool carries_noret(const char *out_name)
{
	return strcmp(out_name, "json") && strcmp(out_name, "ndjson");
}

/* After `done`: the documents, and the minions that did not return. */
static void print_end(struct run *r)
{
	struct apicli_minion **v = sorted_minions(&r->job);
	if (r->stream) {
		if (carries_noret(r->out_name))
			for (size_t i = 0; i < r->job.n; i++)
				if (v[i]->state == APICLI_M_NORET) {
					json_t *msg = json_string(
						apicli_noret_message(
							v[i]->why));
					print_minion(r, v[i]->id, msg, true);
					json_decref(msg);
				}
		free(v);
		return;
	}
	json_t *doc = json_object();
	for (size_t i = 0; i < r->job.n; i++) {
		json_t *ret = json_object_get(r->returns, v[i]->id);
		if (ret)
			json_object_set(doc, v[i]->id, ret);
		else if (v[i]->state == APICLI_M_NORET &&
			 carries_noret(r->out_name))
			json_object_set_new(
				doc, v[i]->id,
				json_string(apicli_noret_message(v[i]->why)));
	}
	free(v);
	struct buf b = BUF_INIT;
	if (out_format(&b, r->out_name, doc, &r->oo) < 0)
		BUG("outputter '%s' vanished", r->out_name);
	progress_clear(r);
	fwrite(b.ptr, 1, b.len, stdout);
	fflush(stdout);
	buf_release(&b);
	json_decref(doc);
}

/* The summary and the names of the minions that failed or did not return. */
static void print_summary(struct run *r, const struct apicli_summary *s)
{
	struct buf b = BUF_INIT;
	progress_clear(r);
	buf_addstr(&b, "tend: ");
	apicli_summary_format(&b, s);
	buf_addch(&b, '\n');
	struct apicli_minion **v = sorted_minions(&r->job);
	size_t nfail = 0, nnoret = 0;
	for (size_t i = 0; i < r->job.n; i++) {
		if (v[i]->state == APICLI_M_FAILED) {
			json_t *rc = json_object_get(r->retcodes, v[i]->id);
			buf_addstr(&b, nfail++ ? ", " : "tend: failed: ");
			buf_addf(&b, "%s (retcode %lld)", v[i]->id,
				 (long long)json_integer_value(rc));
		}
	}
	if (nfail)
		buf_addch(&b, '\n');
	for (size_t i = 0; i < r->job.n; i++) {
		if (v[i]->state == APICLI_M_NORET) {
			buf_addstr(&b, nnoret++ ? ", " : "tend: no return: ");
			buf_addf(&b, "%s (%s)", v[i]->id,
				 v[i]->why ? v[i]->why : "timeout");
		}
	}
	if (nnoret)
		buf_addch(&b, '\n');
	free(v);
	fputs(b.ptr, stderr);
	buf_release(&b);
}

static void hint_jid(struct run *r)
{
	if (r->job.jid)
		fprintf(stderr,
			"tend: the job goes on; see it with 'tend jobs show %s'\n",
			r->job.jid);
}

/* Reads the event stream to its end; returns the exit status. */
static int follow(struct run *r, struct apicli *c, json_t *req, double idle_s)
{
	double last_event = mono_s();
	for (;;) {
		json_t *ev = NULL;
		int wait_ms = r->progress ? 100 : 1000;
		int rc = apicli_read(&ev, c, wait_ms);
		if (interrupted) {
			json_decref(ev);
			progress_clear(r);
			fprintf(stderr, "tend: interrupted\n");
			hint_jid(r);
			return 130;
		}
		if (rc == ERR_TIMEOUT) {
			if (mono_s() - last_event > idle_s) {
				progress_clear(r);
				fprintf(stderr,
					"error: no news from the master at '%s' for %.0f seconds\n",
					r->path, idle_s);
				hint_jid(r);
				return APICLI_EXIT_MASTER;
			}
			progress_draw(r, false);
			continue;
		}
		if (rc == 1) {
			progress_clear(r);
			fprintf(stderr,
				"error: the master at '%s' closed the connection before the job ended\n",
				r->path);
			hint_jid(r);
			return APICLI_EXIT_MASTER;
		}
		if (rc < 0) {
			progress_clear(r);
			fprintf(stderr, "error: %s\n", err_last());
			hint_jid(r);
			return APICLI_EXIT_MASTER;
		}
		last_event = mono_s();

		json_t *err = json_object_get(ev, "error");
		if (err) {
			progress_clear(r);
			fprintf(stderr,
				"error: the master at '%s' refused the request: %s\n",
				r->path,
				json_is_string(err) ? json_string_value(err)
						    : "unknown error");
			json_decref(ev);
			return APICLI_EXIT_MASTER;
		}
		const char *kind =
			json_string_value(json_object_get(ev, "event"));
		kind = kind ? kind : "";
		struct apicli_minion *m =
			apicli_job_event(&r->job, ev, mono_s());

		if (!strcmp(kind, "job")) {
			bool end = json_is_true(json_object_get(ev, "end"));
			if (!r->job.jid || !r->job.n) {
				progress_clear(r);
				fprintf(stderr,
					"error: no minions matched the target '%s'; no job was sent\n",
					json_string_value(
						json_object_get(req, "tgt")));
				if (!strcmp(r->out_name, "json"))
					printf("{}\n");
				struct apicli_summary s = {0, 0, 0, 0};
				print_summary(r, &s);
				json_decref(ev);
				return APICLI_EXIT_NO_MATCH;
			}
			if (end) { /* --async */
				printf("%s\n", r->job.jid);
				fflush(stdout);
				json_t *off = json_object_get(ev, "offline");
				if (json_array_size(off)) {
					struct buf b = BUF_INIT;
					size_t i;
					json_t *id;
					json_array_foreach(off, i, id)
					{
						buf_addstr(&b, i ? ", " : "");
						buf_addstr(
							&b,
							json_string_value(id));
					}
					fprintf(stderr,
						"tend: not connected, not sent the job: %s\n",
						b.ptr);
					buf_release(&b);
				}
				json_decref(ev);
				return APICLI_EXIT_OK;
			}
			progress_draw(r, true);
		} else if (!strcmp(kind, "return") && m) {
			json_t *ret = json_object_get(ev, "return");
			json_t *rcv = json_object_get(ev, "retcode");
			ret = ret ? ret : json_null();
			json_object_set(r->returns, m->id, ret);
			json_object_set_new(
				r->retcodes, m->id,
				json_integer(json_is_integer(rcv)
						     ? json_integer_value(rcv)
						     : 0));
			if (r->stream)
				print_minion(r, m->id, ret,
					     m->state == APICLI_M_FAILED);
			progress_draw(r, false);
		} else if (!strcmp(kind, "done")) {
			struct apicli_summary s;
			int status = apicli_run_status(&s, ev);
			json_decref(ev);
			print_end(r);
			print_summary(r, &s);
			return status;
		} else {
			progress_draw(r, false);
		}
		json_decref(ev);
	}
}

static bool valid_fun(const char *f)
{
	const char *dot = strchr(f, '.');
	return dot && dot != f && dot[1] && !strchr(f, ' ');
}

int cmd_run(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	int pcre = 0, list = 0, grain = 0, compound = 0, nodegroup = 0;
	int async = 0, is_static = 0, no_color = 0, force_color = 0;
	int timeout = 0, indent = OUT_INDENT_DEFAULT;
	const char *out_name = "nested", *batch = NULL, *max_fail = NULL;
	const char *socket_opt = NULL;
	struct option opts[] = {
		OPT_BOOL('E', "pcre", &pcre,
			 "TARGET is a regular expression on the minion id"),
		OPT_BOOL('L', "list", &list,
			 "TARGET is a comma-separated list of minion ids"),
		OPT_BOOL('G', "grain", &grain,
			 "TARGET is fact:glob (nested keys a:b:glob)"),
		OPT_BOOL(
			'C', "compound", &compound,
			"TARGET is a compound expression (and, or, not, G@ E@ L@ N@)"),
		OPT_BOOL('N', "nodegroup", &nodegroup,
			 "TARGET is a nodegroup of the master's configuration"),
		OPT_STRING(
			0, "out", &out_name, "outputter",
			"json, yaml, nested (default), txt, raw, ndjson, quiet"),
		OPT_INT(0, "out-indent", &indent, "n",
			"indent of json and yaml (negative: one line)"),
		OPT_BOOL(0, "static", &is_static,
			 "print every return at the end, sorted by minion id"),
		OPT_BOOL(0, "no-color", &no_color,
			 "no colours in nested output"),
		OPT_BOOL(
			0, "force-color", &force_color,
			"colours in nested output even when not on a terminal"),
		OPT_INT('t', "timeout", &timeout, "seconds",
			"the job's time limit on the minions (default: the master's)"),
		OPT_BOOL(0, "async", &async,
			 "print the jid and return at once"),
		OPT_STRING('b', "batch", &batch, "N|P%",
			   "at most N minions (or P% of them) at a time"),
		OPT_STRING(0, "batch-size", &batch, "N|P%",
			   "the same as --batch"),
		OPT_STRING(
			0, "max-fail", &max_fail, "N|P%",
			"with --batch: start no more minions after N failures"),
		OPT_STRING(
			0, "socket", &socket_opt, "path",
			"the master's socket (default $TEND_MASTER_SOCKET or /run/tend/master.sock)"),
		OPT_END(),
	};
	int n = cli_parse_options(argc, argv, opts, usage_str);
	if (n < 0)
		return APICLI_EXIT_USAGE;
	if (pcre + list + grain + compound + nodegroup > 1) {
		fprintf(stderr,
			"error: give at most one of -E, -L, -G, -C and -N\n");
		return APICLI_EXIT_USAGE;
	}
	if (n < 2) {
		fprintf(stderr, "error: %s\n",
			n ? "missing the function (FUN)"
			  : "missing the target and the function");
		cli_usage(usage_str, opts);
		return APICLI_EXIT_USAGE;
	}
	if (!out_name_valid(out_name)) {
		fprintf(stderr, "error: unknown outputter '%s' (valid: %s)\n",
			out_name, OUT_NAMES);
		return APICLI_EXIT_USAGE;
	}
	if (timeout < 0 || timeout > 86400) {
		fprintf(stderr,
			"error: -t expects 1 to 86400 seconds, got %d\n",
			timeout);
		return APICLI_EXIT_USAGE;
	}
	if ((batch && apicli_batch_check(batch) < 0) ||
	    (max_fail && apicli_batch_check(max_fail) < 0)) {
		fprintf(stderr, "error: %s %s\n",
			batch && apicli_batch_check(batch) < 0 ? "--batch"
							       : "--max-fail",
			err_last());
		return APICLI_EXIT_USAGE;
	}
	if (max_fail && !batch) {
		fprintf(stderr, "error: --max-fail needs --batch\n");
		return APICLI_EXIT_USAGE;
	}
	const char *tgt = argv[0], *fun = argv[1];
	if (!valid_fun(fun)) {
		fprintf(stderr,
			"error: '%s' is not a function name (module.function)\n",
			fun);
		return APICLI_EXIT_USAGE;
	}
	json_t *args, *kwargs;
	if (apicli_args_parse(&args, &kwargs, n - 2, argv + 2) < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		return APICLI_EXIT_USAGE;
	}
	const char *tgt_type = pcre	   ? "pcre"
			       : list	   ? "list"
			       : grain	   ? "grain"
			       : compound  ? "compound"
			       : nodegroup ? "nodegroup"
					   : "glob";
	json_t *req = json_pack("{ss ss ss ss so so sb}", "op", "run", "tgt",
				tgt, "tgt_type", tgt_type, "fun", fun, "args",
				args, "kwargs", kwargs, "async", async);
	if (!req) { /* a target that is not UTF-8 */
		fprintf(stderr, "error: the target '%s' is not valid UTF-8\n",
			tgt);
		return APICLI_EXIT_USAGE;
	}
	if (timeout)
		json_object_set_new(req, "timeout", json_integer(timeout));
	if (batch)
		json_object_set_new(req, "batch", json_string(batch));
	if (max_fail)
		json_object_set_new(req, "max_fail", json_string(max_fail));

	struct run r = {
		.path = apicli_socket_path(socket_opt),
		.out_name = out_name,
		.oo = OUT_OPTS_INIT,
		.line = BUF_INIT,
		.returns = json_object(),
		.retcodes = json_object(),
	};
	r.oo.indent = indent;
	r.oo.color = force_color || (!no_color && isatty(STDOUT_FILENO));
	r.stream = !is_static && strcmp(out_name, "json") &&
		   strcmp(out_name, "yaml");
	r.progress = !async && isatty(STDERR_FILENO);
	apicli_job_init(&r.job, batch != NULL);

	struct sigaction sa, old_sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint; /* no SA_RESTART: the wait returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_sa);

	struct apicli c = APICLI_INIT;
	int status;
	if (apicli_connect(&c, r.path) < 0 || apicli_send(&c, req) < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		status = APICLI_EXIT_MASTER;
	} else {
		double idle =
			(timeout ? timeout : IDLE_DEFAULT_S) + IDLE_GRACE_S;
		status = follow(&r, &c, req, idle);
	}
	progress_clear(&r);
	sigaction(SIGINT, &old_sa, NULL);
	fflush(stdout);
	apicli_close(&c);
	apicli_job_release(&r.job);
	buf_release(&r.line);
	json_decref(r.returns);
	json_decref(r.retcodes);
	json_decref(req);
	return status;
}
