/* SPDX-License-Identifier: MIT */
/* minion.c: `tend minion`: the DEALER socket, hello, jobs, the return spool */
#include "util/compat.h"
#include "remote/minion.h"
#include "remote/keys.h"
#include "remote/mod.h"
#include "remote/msync.h"
#include "remote/wire.h"
#include "remote/zmtp.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HEARTBEAT_EVERY 2.0
#define RESEND_EVERY 5.0
#define PENDING_HELLO_EVERY 30.0
#define FACTS_EVERY 600.0
#define MAX_RETURN (15u << 20)

static volatile sig_atomic_t stopping;
static int chld_pipe[2] = { -1, -1 }; /* SIGCHLD wakes the loop: a job ended */

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void on_sigchld(int sig)
{
	int saved = errno;
	(void)sig;
	if (write(chld_pipe[1], "", 1) < 0) {
		/* full: the loop has a wake-up pending already */
	}
	errno = saved;
}

enum mstatus { M_CONNECTING, M_PENDING, M_ACCEPTED, M_REJECTED };

struct kid {
	pid_t pid;
	bool adopted; /* started by an earlier minion process: not our child */
	bool facts;   /* a facts.* / grains.* job: facts may have changed */
	char jid[WIRE_JID_LEN + 1];
};

struct minion {
	const struct minion_opts *o;
	struct zmtp_client *zc;
	char pub[KEYS_Z85_LEN], sec[KEYS_Z85_LEN], mpub[KEYS_Z85_LEN];
	struct buf dir_jids, dir_returns, dir_proc, dir_modules;
	struct mod_ctx mctx;
	json_t *facts;
	enum mstatus status;
	struct kid *kids;
	size_t nkids, akids;
	json_t *queue; /* job messages waiting for a free slot */
	json_t *spool; /* jid → time last sent (0: never) */
	json_t *held;  /* jid → return document kept in memory (inline functions) */
	json_t *seen;  /* jid → expires: jobs received (dedup), also in jids.log */
	int seen_fd;   /* <cachedir>/jids.log, O_APPEND */
	double next_prune;
	char sync_jid[WIRE_JID_LEN + 1];
	double sync_started;
	double next_hb, next_resend, next_hello, next_facts;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void send_msg(struct minion *mn, enum wire_type t, json_t *body)
{
	struct zmtp_part parts[2];
	char *text;
	wire_encode(t, body, parts, &text);
	if (zmtp_client_send(mn->zc, parts, 2) < 0)
		log_debug("minion: cannot send %s now: %s", wire_type_name(t), strerror(errno));
	free(text);
	json_decref(body);
}

static void send_hello(struct minion *mn)
{
	send_msg(mn, WIRE_HELLO, json_pack("{ss ss sO}", "id", mn->o->id, "version", TEND_VERSION,
					   "facts", mn->facts));
	mn->next_hello = now() + PENDING_HELLO_EVERY * (0.5 + randombytes_uniform(1000) / 1000.0);
}

static void path_in(struct buf *out, const struct buf *dir, const char *jid, const char *ext)
{
	buf_reset(out);
	buf_addf(out, "%s/%s%s", dir->ptr, jid, ext);
}

/* ---- the return spool ---- */

/* Writes `text` to `path` through a temporary file and rename(2), without
 * fsync: for what must survive the minion process (killed, restarted) but
 * not the machine (a running job's record, the jids seen). */
static int write_replace(const char *path, const char *text)
{
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s.tmp", path);
	int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int rc = -1;
	if (fd >= 0) {
		size_t len = strlen(text), off = 0;
		while (off < len) {
			ssize_t n = write(fd, text + off, len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		if (close(fd) == 0 && off == len && rename(tmp.ptr, path) == 0)
			rc = 0;
	}
	if (rc < 0) {
		err_set_errno("cannot write '%s'", path);
		unlink(tmp.ptr);
	}
	buf_release(&tmp);
	return rc;
}

/* The return document of a job; spooled to <returns>/JID.json when
 * `persist` (a job's process), else kept in mn->held (inline functions:
 * re-running them after a restart is harmless, and they have no side effect). */
static void spool_write_doc(struct minion *mn, const char *jid, int retcode, json_t *ret,
			    double started, double finished, bool persist)
{
	json_t *doc = json_pack("{ss si sO sf sf sb}", "jid", jid, "retcode", retcode, "return",
				ret ? ret : json_null(), "started", started, "finished", finished,
				"truncated", 0);
	char *text = json_dumps(doc, JSON_COMPACT);
	if (text && strlen(text) > MAX_RETURN) {
		free(text);
		json_object_set_new(doc, "return",
				    json_string("the return exceeds the 15 MiB limit and was dropped"));
		json_object_set_new(doc, "truncated", json_true());
		json_object_set_new(doc, "retcode", json_integer(1));
		text = json_dumps(doc, JSON_COMPACT);
	}
	if (!persist) {
		json_object_set(mn->held, jid, doc);
	} else {
		struct buf path = BUF_INIT;
		path_in(&path, &mn->dir_returns, jid, ".json");
		/* Durable (fsync): a job with side effects must not lose its return. */
		if (!text || file_write_atomic(path.ptr, text, strlen(text), 0600) < 0)
			log_err("minion: cannot spool the return of %s: %s", jid, err_last());
		buf_release(&path);
	}
	free(text);
	json_decref(doc);
}

static void spool_write(struct minion *mn, const char *jid, int retcode, json_t *ret,
			double started, double finished)
{
	spool_write_doc(mn, jid, retcode, ret, started, finished, true);
}

/* Sends one spooled return; false when it is not there (acked meanwhile). */
static bool spool_send(struct minion *mn, const char *jid)
{
	json_t *held = json_object_get(mn->held, jid);
	if (held) {
		if (mn->status == M_ACCEPTED)
			send_msg(mn, WIRE_RETURN, json_incref(held));
		return true;
	}
	struct buf path = BUF_INIT, text = BUF_INIT;
	path_in(&path, &mn->dir_returns, jid, ".json");
	bool ok = false;
	if (file_read(&text, path.ptr) == 0) {
		json_t *doc = json_loadb(text.ptr, text.len, 0, NULL);
		if (json_is_object(doc)) {
			if (mn->status == M_ACCEPTED)
				send_msg(mn, WIRE_RETURN, json_incref(doc));
			ok = true;
		} else {
			log_err("minion: %s is corrupt; removed", path.ptr);
			unlink(path.ptr);
		}
		json_decref(doc);
	}
	buf_release(&path);
	buf_release(&text);
	return ok;
}

static void spool_add(struct minion *mn, const char *jid)
{
	json_object_set_new(mn->spool, jid, json_real(0));
	if (spool_send(mn, jid))
		json_object_set_new(mn->spool, jid, json_real(now()));
	else
		json_object_del(mn->spool, jid);
}

static void spool_resend(struct minion *mn, bool all)
{
	double t = now();
	const char *jid;
	json_t *v;
	void *tmp;
	if (mn->status != M_ACCEPTED)
		return;
	json_object_foreach_safe (mn->spool, tmp, jid, v) {
		if (!all && t - json_real_value(v) < RESEND_EVERY)
			continue;
		if (spool_send(mn, jid))
			json_object_set_new(mn->spool, jid, json_real(t));
		else
			json_object_del(mn->spool, jid);
	}
}

/* ---- jobs ---- */

static bool inline_fun(const char *fun)
{
	return !strcmp(fun, "test.ping") || !strcmp(fun, "test.echo") ||
	       !strcmp(fun, "test.version");
}

/* The job's process: runs it in a worker, enforces the time limit, spools the return. */
static void NORETURN run_job(struct minion *mn, json_t *job)
{
	const char *jid = json_string_value(json_object_get(job, "jid"));
	const char *fun = json_string_value(json_object_get(job, "fun"));
	double timeout = json_number_value(json_object_get(job, "timeout"));
	double started = now();
	struct buf proc = BUF_INIT;
	path_in(&proc, &mn->dir_proc, jid, ".json");
	json_t *info = json_pack("{ss ss sO si sf}", "jid", jid, "fun", fun, "args",
				 json_object_get(job, "args"), "pid", (int)getpid(), "started", started);
	char *text = json_dumps(info, JSON_COMPACT);
	if (text)
		write_replace(proc.ptr, text);
	free(text);
	json_decref(info);

	int p[2];
	json_t *ret = NULL;
	int retcode = 1;
	pid_t w = -1;
	if (pipe2(p, O_CLOEXEC) == 0)
		w = fork();
	if (w == 0) {
		setpgid(0, 0);
		close(p[0]);
		struct mod_ctx c = mn->mctx;
		c.timeout = timeout;
		json_t *out = NULL;
		int rc = mod_call(&out, &c, fun, json_object_get(job, "args"),
				  json_object_get(job, "kwargs"));
		json_t *doc = json_pack("{si so}", "retcode", rc, "return", out ? out : json_null());
		char *s = json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY);
		for (size_t off = 0, len = s ? strlen(s) : 0; off < len;) {
			ssize_t n = write(p[1], s + off, len - off);
			if (n <= 0 && errno != EINTR)
				break;
			off += n > 0 ? (size_t)n : 0;
		}
		_exit(0);
	}
	if (w < 0) {
		ret = json_string("cannot start the job's process");
	} else {
		close(p[1]);
		struct buf out = BUF_INIT;
		double deadline = timeout > 0 ? started + timeout : 0;
		bool timed_out = false;
		for (;;) {
			int wait_ms = -1;
			if (deadline) {
				double left = deadline - now();
				if (left <= 0) {
					timed_out = true;
					break;
				}
				wait_ms = (int)(left * 1000) + 1;
			}
			struct pollfd pfd = { p[0], POLLIN, 0 };
			int r = poll(&pfd, 1, wait_ms);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				continue;
			char chunk[65536];
			ssize_t n = read(p[0], chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			if (out.len < MAX_RETURN + 65536)
				buf_add(&out, chunk, (size_t)n);
		}
		if (timed_out)
			kill(-w, SIGKILL);
		int status = 0;
		while (waitpid(w, &status, 0) < 0 && errno == EINTR)
			;
		json_t *doc = out.len ? json_loadb(out.ptr, out.len, 0, NULL) : NULL;
		if (timed_out) {
			struct buf msg = BUF_INIT;
			buf_addf(&msg, "the job ran longer than %g seconds and was killed", timeout);
			ret = json_string(msg.ptr);
			buf_release(&msg);
		} else if (json_is_object(doc)) {
			retcode = (int)json_integer_value(json_object_get(doc, "retcode"));
			ret = json_incref(json_object_get(doc, "return"));
		} else {
			struct buf msg = BUF_INIT;
			if (WIFSIGNALED(status))
				buf_addf(&msg, "the job's process was killed by signal %d",
					 WTERMSIG(status));
			else
				buf_addstr(&msg, "the job's process ended without a return");
			ret = json_string(msg.ptr);
			buf_release(&msg);
		}
		json_decref(doc);
		buf_release(&out);
		close(p[0]);
	}
	spool_write(mn, jid, retcode, ret, started, now());
	json_decref(ret);
	unlink(proc.ptr);
	_exit(0);
}

static void kid_add(struct minion *mn, pid_t pid, const char *jid, bool adopted, bool facts)
{
	if (mn->nkids == mn->akids) {
		mn->akids = mn->akids ? 2 * mn->akids : 8;
		mn->kids = xrealloc(mn->kids, mn->akids * sizeof(*mn->kids));
	}
	struct kid *k = &mn->kids[mn->nkids++];
	k->pid = pid;
	k->adopted = adopted;
	k->facts = facts;
	memcpy(k->jid, jid, WIRE_JID_LEN + 1);
}

static bool facts_fun(const char *fun)
{
	return !strncmp(fun, "facts.", 6) || !strncmp(fun, "grains.", 7);
}

static void spawn(struct minion *mn, json_t *job)
{
	const char *jid = json_string_value(json_object_get(job, "jid"));
	const char *fun = json_string_value(json_object_get(job, "fun"));
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		struct sigaction sa = { .sa_handler = SIG_DFL };
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGCHLD, &sa, NULL);
		close(chld_pipe[0]);
		close(chld_pipe[1]);
		run_job(mn, job);
	}
	if (pid < 0) {
		spool_write(mn, jid, 1, json_string("cannot fork the job's process"), now(), now());
		spool_add(mn, jid);
		return;
	}
	kid_add(mn, pid, jid, false, facts_fun(fun));
}

static void refresh_facts(struct minion *mn)
{
	json_t *f = NULL;
	if (mod_facts(&f, &mn->mctx) < 0) {
		log_warning("minion: facts: %s", err_last());
		return;
	}
	if (mn->facts && json_equal(f, mn->facts)) {
		json_decref(f);
		return;
	}
	bool first = !mn->facts;
	json_decref(mn->facts);
	mn->facts = f;
	if (!first && mn->status == M_ACCEPTED)
		send_msg(mn, WIRE_FACTS, json_pack("{sO}", "facts", f));
}

static void on_job(struct minion *mn, json_t *job)
{
	const char *jid = json_string_value(json_object_get(job, "jid"));
	const char *fun = json_string_value(json_object_get(job, "fun"));
	if (json_object_get(mn->seen, jid)) {
		/* Seen before: acknowledge again, never run twice. */
		send_msg(mn, WIRE_ACK, json_pack("{ss}", "jid", jid));
		if (json_object_get(mn->spool, jid))
			spool_send(mn, jid);
		return;
	}
	double expires = json_number_value(json_object_get(job, "expires"));
	json_object_set_new(mn->seen, jid, json_real(expires));
	if (mn->seen_fd >= 0) {
		struct buf line = BUF_INIT;
		buf_addf(&line, "%s %.0f\n", jid, expires);
		if (write(mn->seen_fd, line.ptr, line.len) != (ssize_t)line.len)
			log_warning("minion: cannot record job %s in jids.log: %s", jid, strerror(errno));
		buf_release(&line);
	}
	if (expires < now()) {
		send_msg(mn, WIRE_ACK, json_pack("{ss ss}", "jid", jid, "refused", "the job has expired"));
		return;
	}
	if (!mod_fun_valid(fun)) {
		send_msg(mn, WIRE_ACK, json_pack("{ss ss}", "jid", jid, "refused", "invalid function name"));
		return;
	}
	/* An inline function's return follows at once and says the same. */
	if (!inline_fun(fun))
		send_msg(mn, WIRE_ACK, json_pack("{ss}", "jid", jid));
	if (json_number_value(json_object_get(job, "timeout")) <= 0)
		json_object_set_new(job, "timeout", json_real(mn->o->job_timeout));
	if (!strcmp(fun, "saltutil.sync_modules")) {
		json_t *have = msync_have(mn->dir_modules.ptr);
		memcpy(mn->sync_jid, jid, WIRE_JID_LEN + 1);
		mn->sync_started = now();
		send_msg(mn, WIRE_SYNC_REQUEST, json_pack("{ss so}", "kind", "modules", "have", have));
		return;
	}
	if (inline_fun(fun)) {
		double t0 = now();
		json_t *ret = NULL;
		int rc = mod_call(&ret, &mn->mctx, fun, json_object_get(job, "args"),
				  json_object_get(job, "kwargs"));
		spool_write_doc(mn, jid, rc, ret, t0, now(), false);
		json_decref(ret);
		spool_add(mn, jid);
		return;
	}
	if ((int)mn->nkids >= mn->o->max_jobs)
		json_array_append(mn->queue, job);
	else
		spawn(mn, job);
}

static void on_sync(struct minion *mn, json_t *msg)
{
	if (!mn->sync_jid[0])
		return;
	json_t *changed = msync_apply(mn->dir_modules.ptr, msg);
	int rc = 0;
	if (!changed) {
		changed = json_string(err_last());
		rc = 1;
	}
	spool_write(mn, mn->sync_jid, rc, changed, mn->sync_started, now());
	json_decref(changed);
	spool_add(mn, mn->sync_jid);
	mn->sync_jid[0] = '\0';
}

static void on_message(struct minion *mn, enum wire_type t, json_t *body)
{
	const char *jid = json_string_value(json_object_get(body, "jid"));
	switch (t) {
	case WIRE_WELCOME:
		if (mn->status != M_ACCEPTED)
			log_notice("minion: %s: accepted by the master", mn->o->id);
		mn->status = M_ACCEPTED;
		spool_resend(mn, true);
		break;
	case WIRE_PENDING:
		if (mn->status != M_PENDING)
			log_notice("minion: %s: key pending on the master (finger %s)", mn->o->id,
				   "see tend key finger");
		mn->status = M_PENDING;
		break;
	case WIRE_REJECTED:
		log_warning("minion: %s: the master refused this minion: %s", mn->o->id,
			    json_string_value(json_object_get(body, "reason")));
		mn->status = M_REJECTED;
		break;
	case WIRE_REHELLO:
		send_hello(mn);
		break;
	case WIRE_JOB:
		on_job(mn, body);
		break;
	case WIRE_RETURN_ACK: {
		if (json_object_del(mn->held, jid) < 0) {
			struct buf path = BUF_INIT;
			path_in(&path, &mn->dir_returns, jid, ".json");
			unlink(path.ptr);
			buf_release(&path);
		}
		json_object_del(mn->spool, jid);
		break;
	}
	case WIRE_SYNC:
		on_sync(mn, body);
		break;
	default:
		log_info("minion: unexpected %s from the master, dropped", wire_type_name(t));
		break;
	}
}

/* A message from the master: [type, body]. */
static void on_zmtp(void *ctx, uint64_t peer, const unsigned char key[32],
		    const struct zmtp_part *parts, size_t n)
{
	struct minion *mn = ctx;
	(void)peer;
	(void)key; /* the master's, proven by the handshake */
	enum wire_type t;
	json_t *body;
	struct buf err = BUF_INIT;
	if (wire_decode_parts(parts, n, &t, &body, &err) < 0) {
		log_info("minion: bad message from the master: %s", err.ptr);
	} else {
		on_message(mn, t, body);
		json_decref(body);
	}
	buf_release(&err);
}

static void on_link(void *ctx, bool up)
{
	struct minion *mn = ctx;
	if (up) {
		log_info("minion: connected to %s", mn->o->master);
		send_hello(mn);
	} else {
		log_info("minion: disconnected from %s", mn->o->master);
		if (mn->status == M_ACCEPTED)
			mn->status = M_CONNECTING;
	}
}

/* A job's process has gone: take its return into the spool. */
static void kid_done(struct minion *mn, size_t i)
{
	struct kid k = mn->kids[i];
	mn->kids[i] = mn->kids[--mn->nkids];
	struct buf path = BUF_INIT;
	path_in(&path, &mn->dir_returns, k.jid, ".json");
	if (access(path.ptr, F_OK) < 0) {
		spool_write(mn, k.jid, 1, json_string("the job's process died before it returned"),
			    now(), now());
		path_in(&path, &mn->dir_proc, k.jid, ".json");
		unlink(path.ptr);
	}
	buf_release(&path);
	spool_add(mn, k.jid);
	if (k.facts)
		refresh_facts(mn);
}

static void reap(struct minion *mn)
{
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0)
			break;
		for (size_t i = 0; i < mn->nkids; i++)
			if (mn->kids[i].pid == pid && !mn->kids[i].adopted) {
				kid_done(mn, i);
				break;
			}
	}
	for (size_t i = 0; i < mn->nkids;) {
		if (mn->kids[i].adopted &&
		    (mn->kids[i].pid <= 0 || (kill(mn->kids[i].pid, 0) < 0 && errno == ESRCH)))
			kid_done(mn, i);
		else
			i++;
	}
	while (json_array_size(mn->queue) && (int)mn->nkids < mn->o->max_jobs) {
		json_t *job = json_incref(json_array_get(mn->queue, 0));
		json_array_remove(mn->queue, 0);
		spawn(mn, job);
		json_decref(job);
	}
}

static void heartbeat(struct minion *mn)
{
	if (mn->status != M_ACCEPTED || (!mn->nkids && !json_array_size(mn->queue) && !mn->sync_jid[0]))
		return;
	json_t *jids = json_array();
	for (size_t i = 0; i < mn->nkids; i++)
		json_array_append_new(jids, json_string(mn->kids[i].jid));
	size_t i;
	json_t *job;
	json_array_foreach (mn->queue, i, job)
		json_array_append(jids, json_object_get(job, "jid"));
	if (mn->sync_jid[0])
		json_array_append_new(jids, json_string(mn->sync_jid));
	send_msg(mn, WIRE_RUNNING, json_pack("{so}", "jids", jids));
}

#define SEEN_KEEP 600.0 /* seconds a jid is remembered after its job expired */

/* Rewrites jids.log with the jids still remembered and reopens it. */
static void seen_compact(struct minion *mn)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_addf(&path, "%s/jids.log", mn->o->cachedir);
	double limit = now() - SEEN_KEEP;
	const char *jid;
	json_t *v;
	void *tmp;
	json_object_foreach_safe (mn->seen, tmp, jid, v) {
		if (json_real_value(v) < limit)
			json_object_del(mn->seen, jid);
		else
			buf_addf(&text, "%s %.0f\n", jid, json_real_value(v));
	}
	if (mn->seen_fd >= 0)
		close(mn->seen_fd);
	if (write_replace(path.ptr, text.ptr) < 0)
		log_warning("minion: %s", err_last());
	mn->seen_fd = open(path.ptr, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (mn->seen_fd < 0)
		log_warning("minion: cannot open %s: %s", path.ptr, strerror(errno));
	buf_release(&path);
	buf_release(&text);
}

/* The jids of jobs received and not long expired, from jids.log. */
static void seen_load(struct minion *mn)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	buf_addf(&path, "%s/jids.log", mn->o->cachedir);
	if (file_read(&text, path.ptr) == 0) {
		char *line = text.ptr, *end = text.ptr + text.len;
		while (line < end) {
			char *nl = memchr(line, '\n', (size_t)(end - line));
			if (!nl)
				break;
			*nl = '\0';
			if (strlen(line) > WIRE_JID_LEN + 1 && line[WIRE_JID_LEN] == ' ') {
				line[WIRE_JID_LEN] = '\0';
				if (wire_valid_jid(line))
					json_object_set_new(mn->seen, line,
							    json_real(strtod(line + WIRE_JID_LEN + 1, NULL)));
			}
			line = nl + 1;
		}
	}
	buf_release(&path);
	buf_release(&text);
	seen_compact(mn);
	mn->next_prune = now() + SEEN_KEEP;
}

/* Whether `name` is JID.json with a valid jid, copied into `jid`. */
static bool jid_file(char jid[WIRE_JID_LEN + 1], const char *name)
{
	if (strlen(name) != WIRE_JID_LEN + 5 || strcmp(name + WIRE_JID_LEN, ".json"))
		return false;
	memcpy(jid, name, WIRE_JID_LEN);
	jid[WIRE_JID_LEN] = '\0';
	return wire_valid_jid(jid);
}

/* Jobs and returns left by an earlier minion process. */
static void recover(struct minion *mn)
{
	DIR *d = opendir(mn->dir_proc.ptr);
	struct dirent *e;
	char jid[WIRE_JID_LEN + 1];
	while (d && (e = readdir(d))) {
		if (!jid_file(jid, e->d_name))
			continue;
		struct buf path = BUF_INIT, text = BUF_INIT;
		buf_addf(&path, "%s/%s", mn->dir_proc.ptr, e->d_name);
		json_t *info = file_read(&text, path.ptr) == 0 ? json_loadb(text.ptr, text.len, 0, NULL) : NULL;
		pid_t pid = (pid_t)json_integer_value(json_object_get(info, "pid"));
		if (pid > 1 && kill(pid, 0) == 0) {
			log_info("minion: job %s (pid %d) still running from before", jid, (int)pid);
			kid_add(mn, pid, jid, true, false);
		} else {
			kid_add(mn, 0, jid, true, false); /* done or died: kid_done sorts it out */
		}
		json_decref(info);
		buf_release(&path);
		buf_release(&text);
	}
	if (d)
		closedir(d);
	d = opendir(mn->dir_returns.ptr);
	while (d && (e = readdir(d)))
		if (jid_file(jid, e->d_name))
			json_object_set_new(mn->spool, jid, json_real(0));
	if (d)
		closedir(d);
	seen_load(mn);
	/* Forget jids older than a week (markers of earlier versions). */
	d = opendir(mn->dir_jids.ptr);
	time_t limit = time(NULL) - 7 * 86400;
	while (d && (e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] != '.' && fstatat(dirfd(d), e->d_name, &st, 0) == 0 && st.st_mtime < limit)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
}

static int mkdirs(struct minion *mn)
{
	const char *base = mn->o->cachedir;
	if (mkdir(base, 0700) < 0 && errno != EEXIST)
		return err_set_errno("cannot create %s", base);
	struct { struct buf *b; const char *name; } dirs[] = {
		{ &mn->dir_jids, "jids" }, { &mn->dir_returns, "returns" },
		{ &mn->dir_proc, "proc" }, { &mn->dir_modules, "modules" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		buf_addf(dirs[i].b, "%s/%s", base, dirs[i].name);
		if (mkdir(dirs[i].b->ptr, 0700) < 0 && errno != EEXIST)
			return err_set_errno("cannot create %s", dirs[i].b->ptr);
	}
	return 0;
}

static int setup(struct minion *mn)
{
	const struct minion_opts *o = mn->o;
	if (!wire_valid_id(o->id))
		return err_set("invalid minion id '%s' (letters, digits, '.', '-', '_')", o->id);
	if (keys_load_or_create(o->pki_dir, "minion", mn->pub, mn->sec) < 0)
		return -1;
	if (keys_read_pub(o->master_pub, mn->mpub) < 0)
		return -1;
	if (mkdirs(mn) < 0)
		return -1;
	mn->mctx = (struct mod_ctx){
		.minion_id = o->id, .confdir = o->confdir, .cachedir = o->cachedir,
		.agent_dir = o->agent_dir, .tend_bin = o->tend_bin, .timeout = o->job_timeout,
		.max_output = o->max_output,
	};
	refresh_facts(mn);
	if (!mn->facts)
		mn->facts = json_object();
	recover(mn);
	unsigned char pub[32], sec[32], mpub[32];
	keys_z85_decode(pub, mn->pub);
	keys_z85_decode(sec, mn->sec);
	keys_z85_decode(mpub, mn->mpub);
	/* first retry after 100-600 ms, so that a restarted master is not
	 * met by every minion at once */
	struct zmtp_opts zo = { .max_msg = WIRE_MAX_BODY + 4096,
				.reconnect_ms = 100 + (int)randombytes_uniform(500) };
	int rc = zmtp_client_open(&mn->zc, o->master, pub, sec, mpub, &zo);
	sodium_memzero(sec, sizeof(sec));
	return rc;
}

static void teardown(struct minion *mn)
{
	zmtp_client_close(mn->zc);
	json_decref(mn->facts);
	json_decref(mn->queue);
	json_decref(mn->spool);
	json_decref(mn->held);
	json_decref(mn->seen);
	if (mn->seen_fd >= 0)
		close(mn->seen_fd);
	for (int i = 0; i < 2; i++)
		if (chld_pipe[i] >= 0) {
			close(chld_pipe[i]);
			chld_pipe[i] = -1;
		}
	free(mn->kids);
	buf_release(&mn->dir_jids);
	buf_release(&mn->dir_returns);
	buf_release(&mn->dir_proc);
	buf_release(&mn->dir_modules);
}

int minion_run(const struct minion_opts *o)
{
	struct minion mn = { .o = o };
	mn.queue = json_array();
	mn.spool = json_object();
	mn.held = json_object();
	mn.seen = json_object();
	mn.seen_fd = -1;
	if (sodium_init() < 0)
		return err_set("libsodium failed to initialise");
	stopping = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (pipe2(chld_pipe, O_NONBLOCK | O_CLOEXEC) == 0) {
		struct sigaction sc = { .sa_handler = on_sigchld,
					.sa_flags = SA_RESTART | SA_NOCLDSTOP };
		sigaction(SIGCHLD, &sc, NULL);
	}
	if (setup(&mn) < 0) {
		struct buf msg = BUF_INIT;
		buf_addstr(&msg, err_last());
		teardown(&mn);
		err_set("%s", msg.ptr);
		buf_release(&msg);
		return -1;
	}
	log_notice("minion: %s: connecting to %s", o->id, o->master);
	double t = now();
	mn.next_hb = t + HEARTBEAT_EVERY;
	mn.next_resend = t + RESEND_EVERY;
	mn.next_facts = t + FACTS_EVERY;
	while (!stopping) {
		struct pollfd items[2] = { { -1, 0, 0 }, { chld_pipe[0], POLLIN, 0 } };
		int timeout = mn.nkids || json_array_size(mn.queue) ? 100 : 500;
		zmtp_client_poll(mn.zc, &items[0], &timeout);
		if (poll(items, 2, timeout) < 0 && errno != EINTR) {
			log_err("minion: poll: %s", strerror(errno));
			break;
		}
		zmtp_client_work(mn.zc, items[0].revents, on_zmtp, on_link, &mn);
		if (items[1].revents & POLLIN) {
			char drain[64];
			while (read(chld_pipe[0], drain, sizeof(drain)) > 0)
				;
		}
		if (mn.nkids)
			reap(&mn);
		t = now();
		if (t >= mn.next_hb) {
			heartbeat(&mn);
			mn.next_hb = t + HEARTBEAT_EVERY;
		}
		if (t >= mn.next_resend) {
			spool_resend(&mn, false);
			mn.next_resend = t + 1.0;
		}
		if (mn.status != M_ACCEPTED && t >= mn.next_hello)
			send_hello(&mn);
		if (t >= mn.next_prune) {
			seen_compact(&mn);
			mn.next_prune = t + SEEN_KEEP;
		}
		if (t >= mn.next_facts) {
			refresh_facts(&mn);
			mn.next_facts = t + FACTS_EVERY;
		}
	}
	log_notice("minion: %s: stopping", o->id);
	teardown(&mn);
	return 0;
}
