/* SPDX-License-Identifier: MIT */
/* apicli.h: the client side of the master's local API (docs/PROTOCOL.md) */
#ifndef APICLI_H
#define APICLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"

/*
 * `tend run`, `tend key` and `tend jobs` talk to the master over a Unix
 * stream socket: one JSON request on one line, answered by JSON lines of
 * which the last has "end": true. This module holds that connection and
 * the pure logic of the commands (argument typing, batch sizes, the exit
 * status of a run, the progress line), so that the logic is unit-tested
 * without a master.
 */

/* Where the master listens when neither --socket nor the environment says. */
#define APICLI_DEFAULT_SOCKET "/run/tend/master.sock"
/* The environment variable naming the socket. */
#define APICLI_SOCKET_ENV "TEND_MASTER_SOCKET"
/*
 * The longest answer line accepted: a return may be 16 MiB of JSON, which
 * the master embeds (escaped) in an event line.
 */
#define APICLI_MAX_LINE (80u << 20)

/* ---- the connection ---- */

struct apicli {
	int fd;	       /* -1 when not connected */
	char *path;    /* the socket path (owned), for messages */
	struct buf in; /* bytes received, not yet returned as lines */
	size_t off;    /* where the next line starts in `in` */
	bool eof;      /* the master closed the connection */
};

#define APICLI_INIT                                                            \
	{                                                                      \
		-1, NULL, BUF_INIT, 0, false                                   \
	}

/*
 * The socket path: `opt` (from --socket) when not NULL, else
 * $TEND_MASTER_SOCKET when set and not empty, else APICLI_DEFAULT_SOCKET.
 * Borrowed (from the arguments, the environment or a constant).
 */
const char *apicli_socket_path(const char *opt);

/*
 * Connects `c` (APICLI_INIT or closed) to the master's socket at `path`.
 * Paths longer than a sockaddr_un holds are reached through their
 * directory. -1 with err_last() naming the socket and the reason
 * ("cannot reach the master at '/run/tend/master.sock': No such file or
 * directory"); ERR_NOTFOUND when nothing listens there (ENOENT,
 * ECONNREFUSED).
 */
int apicli_connect(struct apicli *c, const char *path);

/*
 * Sends `req` (borrowed; an object) as one line. Blocks until it is
 * written (requests are small). -1 with err_last() on failure.
 */
int apicli_send(struct apicli *c, json_t *req);

/*
 * Reads the next answer line as JSON. Returns 0 with *out a new reference
 * to an object; 1 when the master closed the connection (no more lines,
 * *out NULL); ERR_TIMEOUT when no complete line came within `timeout_ms`
 * (negative: wait forever) or a signal interrupted the wait, so the
 * caller can check its flags and call again; -1 with err_last() on a read
 * error, a line that is not a JSON object, or one longer than
 * APICLI_MAX_LINE.
 */
int apicli_read(json_t **out, struct apicli *c, int timeout_ms);

/* Closes the connection and frees what `c` owns; `c` is APICLI_INIT after. */
void apicli_close(struct apicli *c);

/*
 * One request, one answer: connects to `path`, sends `req`, and reads the
 * single answer within `timeout_ms`. Returns 0 with *out the answer (a
 * new reference); ERR_NOTFOUND, with err_last(), when the master answered
 * that what was asked for does not exist (an error with "code":
 * "notfound", or "no job ..."); -1 with err_last() for anything else:
 * the master unreachable, silent, or answering an error ("the master at
 * 'PATH' refused the request: not allowed").
 */
int apicli_call(json_t **out, const char *path, json_t *req, int timeout_ms);

/* ---- arguments of tend run ---- */

/*
 * Whether `s` is a keyword argument as Salt's CLI sees one: NAME=VALUE
 * where NAME starts with a letter or '_' and goes on with letters, digits,
 * '_', '.' or '-', and the '=' is not followed by another '='
 * ("a==b" is a positional argument). *name_len receives NAME's length.
 */
bool apicli_kwarg_split(const char *s, size_t *name_len);

/*
 * The JSON value of one command-line argument, typed as Salt's CLI types
 * it (salt.utils.args.yamlify_arg, YAML 1.1 through PyYAML): "42" → 42,
 * "-1.5" → -1.5, "true"/"yes"/"on" (and their Capitalized and UPPER forms)
 * → true, "null"/"~"/"None" → null, "[1, two]" → [1, "two"],
 * "{a: 1}" → {"a": 1}, a quoted "'42'" → "42"; anything else, and what
 * would lose text (empty or blank, "1_000", "#x", "a: b" without braces,
 * dates, .inf), stays the string as typed. A new reference; NULL only
 * when `s` is not valid UTF-8.
 */
json_t *apicli_arg_value(const char *s);

/*
 * Splits the words after FUN into Salt's positional `args` (a new array)
 * and keyword `kwargs` (a new object), each value typed by
 * apicli_arg_value. A repeated keyword keeps its last value. -1 with
 * err_last() (both outputs NULL) when a word is not valid UTF-8.
 */
int apicli_args_parse(json_t **args_out, json_t **kwargs_out, int argc,
		      const char *const *argv);

/*
 * Checks a batch size or failure threshold: "N" (1 ≤ N) or "P%"
 * (1 ≤ P ≤ 100), digits only. Returns 0, or -1 with err_last().
 */
int apicli_batch_check(const char *s);

/* ---- the outcome of a run ---- */

/* What the summary line of `tend run` reports. */
struct apicli_summary {
	size_t targeted;  /* minions the target matched */
	size_t returned;  /* minions that returned (successfully or not) */
	size_t failed;	  /* of those, how many with retcode != 0 */
	size_t no_return; /* timeout, offline or skipped */
};

/* Exit statuses of tend run (docs/PROTOCOL.md). */
#define APICLI_EXIT_OK	      0
#define APICLI_EXIT_FAILED    1
#define APICLI_EXIT_NO_RETURN 2
#define APICLI_EXIT_NO_MATCH  3
#define APICLI_EXIT_MASTER    4
#define APICLI_EXIT_USAGE     64

/*
 * Fills *out from a `done` event (borrowed) and returns the exit status:
 * 3 when nothing was targeted, else 2 when any minion did not return
 * (no_return ∪ skipped, or fewer returns than targets), else 1 when any
 * failed, else 0.
 */
int apicli_run_status(struct apicli_summary *out, json_t *done);

/* Appends "50 targeted, 49 returned, 1 failed, 1 no return". */
void apicli_summary_format(struct buf *out, const struct apicli_summary *s);

/* ---- following a job (the progress line) ---- */

/* ORDER APICLI_M */
enum apicli_mstate {
	APICLI_M_QUEUED,  /* not started yet (batch) */
	APICLI_M_RUNNING, /* sent, delivered or running */
	APICLI_M_OK,	  /* returned, retcode 0 */
	APICLI_M_FAILED,  /* returned, retcode != 0 */
	APICLI_M_NORET,	  /* offline, timeout or skipped */
	APICLI_M__COUNT
};

struct apicli_minion {
	const char *id; /* in the job's arena */
	enum apicli_mstate state;
	double started;	 /* when it started running (caller's clock) */
	const char *why; /* APICLI_M_NORET: "offline", "timeout",
				    "skipped" (static) */
};

/* The minions of one job as its events arrive. */
struct apicli_job {
	struct arena arena;	  /* ids, the map */
	struct strmap by_id;	  /* id → struct apicli_minion * */
	struct apicli_minion **v; /* in the order the job listed them */
	size_t n, alloc;
	size_t count[APICLI_M__COUNT]; /* minions in each state */
	char *jid;		       /* owned; NULL before the job event */
	bool batch;		       /* minions start queued */
};

void apicli_job_init(struct apicli_job *j, bool batch);
void apicli_job_release(struct apicli_job *j);

/*
 * Applies one event of the run stream (borrowed) at time `now`: `job`
 * adds the targeted minions (running, or queued in batch mode; those in
 * `offline` did not return), `state` moves a minion (delivered/running
 * start it, offline/timeout/skipped end it), `return` ends it ok or
 * failed. Events for unknown minions add them. Returns the minion the
 * event concerned, or NULL (job, done, or anything else).
 */
struct apicli_minion *apicli_job_event(struct apicli_job *j, json_t *ev,
				       double now);

/* The minion `id`, or NULL. */
struct apicli_minion *apicli_job_find(const struct apicli_job *j,
				      const char *id);

/*
 * Appends the progress line for the job at time `now`, at most `width`
 * columns (0: no limit), no newline:
 * "tend: 37/50 done, 12 running, 1 failed, 0 no return; slowest: mc12 14s, mc3 9s"
 * with ", N queued" after the running count in batch mode. The slowest
 * are the (up to three) minions running for the longest.
 */
void apicli_progress_render(struct buf *out, const struct apicli_job *j,
			    double now, size_t width);

/*
 * What Salt prints in place of the return of a minion that did not return:
 * "Minion did not return. [Not connected]" (offline), "[No response]"
 * (timeout, or unknown), "[Skipped]" (never started: --max-fail).
 */
const char *apicli_noret_message(const char *why);

#endif
