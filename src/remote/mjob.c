/* SPDX-License-Identifier: MIT */
/* mjob.c: the master's jobs in flight: delivery, batches, timeouts, events */
#include "util/compat.h"
#include "remote/master-internal.h"
#include "remote/store.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <sys/random.h>

#define RESEND_AFTER 2.0 /* seconds without an ack */
#define HB_GRACE 6.0     /* a job whose minion reported it this recently is alive */

static const char *const state_names[] = {
	[MS_QUEUED] = "queued",   [MS_SENT] = "queued",     [MS_DELIVERED] = "delivered",
	[MS_RUNNING] = "running", [MS_DONE] = "done",       [MS_FAILED] = "failed",
	[MS_TIMEOUT] = "timeout", [MS_OFFLINE] = "offline", [MS_SKIPPED] = "skipped",
};

const char *mjob_state_name(enum mstate s)
{
	return state_names[s];
}

static bool final(enum mstate s)
{
	return s >= MS_DONE;
}

static void emit(struct mjob *j, json_t *ev)
{
	for (size_t i = 0; i < j->nwatchers; i++)
		api_send(j->watchers[i], json_incref(ev));
	json_decref(ev);
}

static void set_state(struct master *m, struct mjob *j, struct mjob_minion *mm,
		      enum mstate s)
{
	if (mm->state == s)
		return;
	mm->state = s;
	if (s == MS_SENT)
		return; /* the store has it queued already */
	static const enum store_jm_state to_store[] = {
		[MS_QUEUED] = STORE_JM_QUEUED,	   [MS_SENT] = STORE_JM_QUEUED,
		[MS_DELIVERED] = STORE_JM_DELIVERED, [MS_RUNNING] = STORE_JM_RUNNING,
		[MS_DONE] = STORE_JM_DONE,	   [MS_FAILED] = STORE_JM_FAILED,
		[MS_TIMEOUT] = STORE_JM_TIMEOUT,   [MS_OFFLINE] = STORE_JM_OFFLINE,
		[MS_SKIPPED] = STORE_JM_SKIPPED,
	};
	/* Returns record done/failed themselves (store_return_put). */
	if (s != MS_DONE && s != MS_FAILED &&
	    store_job_minion_state(m->st, j->jid, mm->node->id, to_store[s], master_now()) < 0)
		log_err("master: %s", err_last());
	if (s == MS_DONE || s == MS_FAILED)
		return; /* a return event says it */
	emit(j, json_pack("{ss ss ss}", "event", "state", "id", mm->node->id, "state",
			  state_names[s]));
}

/* Parses "N" or "P%" against `total`; 0 for NULL or "". -1 when malformed. */
static long parse_count(const char *s, size_t total)
{
	if (!s || !*s)
		return 0;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || v < 0)
		return -1;
	if (*end == '%' && !end[1]) {
		if (v > 100)
			return -1;
		return (long)((total * (size_t)v + 99) / 100);
	}
	return *end ? -1 : v;
}

struct mjob *mjob_start(struct master *m, const char *fun, json_t *args,
			json_t *kwargs, double timeout, struct mnode **targets,
			size_t ntargets, const char *batch, const char *max_fail,
			struct buf *err)
{
	long window = parse_count(batch, ntargets), mf = parse_count(max_fail, ntargets);
	if (window < 0 || (batch && *batch && window == 0)) {
		buf_addf(err, "invalid batch size '%s' (N or P%%, at least 1)", batch);
		return NULL;
	}
	if (mf < 0) {
		buf_addf(err, "invalid max-fail '%s' (N or P%%)", max_fail);
		return NULL;
	}
	struct mjob *j = xcalloc(1, sizeof(*j));
	store_new_jid(j->jid);
	j->fun = xstrdup(fun);
	j->args = json_incref(args);
	j->kwargs = json_incref(kwargs);
	j->timeout = timeout;
	j->started = master_now();
	j->deadline = j->started + timeout;
	j->n = ntargets;
	j->m = xcalloc(ntargets ? ntargets : 1, sizeof(*j->m));
	for (size_t i = 0; i < ntargets; i++)
		j->m[i].node = targets[i];
	j->window = window ? (size_t)window : ntargets;
	j->max_fail = mf ? (size_t)mf : SIZE_MAX;
	j->next_job = m->jobs;
	m->jobs = j;
	return j;
}

struct mjob *mjob_find(struct master *m, const char *jid)
{
	for (struct mjob *j = m->jobs; j; j = j->next_job)
		if (!strcmp(j->jid, jid))
			return j;
	return NULL;
}

static struct mjob_minion *find_minion(struct mjob *j, struct mnode *n)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->m[i].node == n)
			return &j->m[i];
	return NULL;
}

static int send_job(struct master *m, struct mjob *j, struct mjob_minion *mm)
{
	unsigned char raw[16];
	char nonce[33];
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		memset(raw, 0, sizeof(raw));
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(nonce + 2 * i, 3, "%02x", raw[i]);
	json_t *msg = json_pack("{ss ss sO sO sf sf ss}", "jid", j->jid, "fun", j->fun, "args",
				j->args, "kwargs", j->kwargs, "timeout", m->o->job_timeout,
				"expires", j->deadline + 60.0, "nonce", nonce);
	if (!mm->node->accepted || !mm->node->connected) {
		json_decref(msg);
		return -1;
	}
	if (master_send(m, mm->node, WIRE_JOB, msg) < 0)
		return -1;
	mm->sent_at = master_now();
	mm->sends++;
	return 0;
}

static size_t active(struct mjob *j)
{
	size_t a = 0;
	for (size_t i = 0; i < j->n; i++)
		if (j->m[i].state >= MS_SENT && j->m[i].state <= MS_RUNNING)
			a++;
	return a;
}

static void fail_count(struct mjob *j, enum mstate s)
{
	if (s == MS_FAILED || s == MS_TIMEOUT || s == MS_OFFLINE)
		j->nfail++;
}

/* Starts queued minions while the window has room and failures allow. */
static void dispatch(struct master *m, struct mjob *j)
{
	size_t act = active(j);
	while (j->next < j->n && act < j->window && j->nfail < j->max_fail) {
		struct mjob_minion *mm = &j->m[j->next++];
		if (mm->state != MS_QUEUED)
			continue;
		/* Not connected: it waits, and gets the job if it comes back in time. */
		send_job(m, j, mm);
		set_state(m, j, mm, MS_SENT);
		act++;
	}
	if (j->nfail >= j->max_fail)
		for (; j->next < j->n; j->next++)
			if (j->m[j->next].state == MS_QUEUED)
				set_state(m, j, &j->m[j->next], MS_SKIPPED);
}

void mjob_dispatch(struct master *m, struct mjob *j)
{
	dispatch(m, j);
}

void mjob_on_ack(struct master *m, struct mnode *n, const char *jid, const char *refused)
{
	struct mjob *j = mjob_find(m, jid);
	struct mjob_minion *mm = j ? find_minion(j, n) : NULL;
	if (!mm || final(mm->state))
		return;
	mm->last_hb = master_now();
	if (refused) {
		log_warning("master: %s refused job %s: %s", n->id, jid, refused);
		json_t *why = json_string(refused);
		double t = master_now();
		if (store_return_put(m->st, jid, n->id, 1, why, t, t) < 0)
			log_err("master: %s", err_last());
		mjob_on_return(m, n, jid, 1, why);
		json_decref(why);
		return;
	}
	if (mm->state < MS_DELIVERED)
		set_state(m, j, mm, MS_DELIVERED);
}

void mjob_on_running(struct master *m, struct mnode *n, const char *jid)
{
	struct mjob *j = mjob_find(m, jid);
	struct mjob_minion *mm = j ? find_minion(j, n) : NULL;
	if (!mm || final(mm->state))
		return;
	mm->last_hb = master_now();
	if (mm->state < MS_RUNNING)
		set_state(m, j, mm, MS_RUNNING);
}

static void finish(struct master *m, struct mjob *j);

void mjob_on_return(struct master *m, struct mnode *n, const char *jid, int retcode,
		    json_t *ret)
{
	struct mjob *j = mjob_find(m, jid);
	struct mjob_minion *mm = j ? find_minion(j, n) : NULL;
	if (!mm || final(mm->state))
		return;
	enum mstate s = retcode ? MS_FAILED : MS_DONE;
	set_state(m, j, mm, s);
	fail_count(j, s);
	emit(j, json_pack("{ss ss si sO}", "event", "return", "id", n->id, "retcode", retcode,
			  "return", ret ? ret : json_null()));
	dispatch(m, j);
}

static json_t *done_event(struct mjob *j)
{
	json_t *noret = json_array(), *skipped = json_array();
	size_t returned = 0, failed = 0;
	for (size_t i = 0; i < j->n; i++) {
		struct mjob_minion *mm = &j->m[i];
		if (mm->state == MS_DONE || mm->state == MS_FAILED)
			returned++;
		if (mm->state == MS_FAILED)
			failed++;
		if (mm->state == MS_TIMEOUT || mm->state == MS_OFFLINE)
			json_array_append_new(noret, json_string(mm->node->id));
		if (mm->state == MS_SKIPPED)
			json_array_append_new(skipped, json_string(mm->node->id));
	}
	return json_pack("{ss ss sI sI sI so so sb}", "event", "done", "jid", j->jid, "targeted",
			 (json_int_t)j->n, "returned", (json_int_t)returned, "failed",
			 (json_int_t)failed, "no_return", noret, "skipped", skipped, "end", 1);
}

static void finish(struct master *m, struct mjob *j)
{
	json_t *ev = done_event(j);
	char *summary = NULL;
	json_t *noret = json_object_get(ev, "no_return");
	if (asprintf(&summary, "%lld targeted, %lld returned, %lld failed, %zu no return",
		     (long long)json_integer_value(json_object_get(ev, "targeted")),
		     (long long)json_integer_value(json_object_get(ev, "returned")),
		     (long long)json_integer_value(json_object_get(ev, "failed")),
		     json_array_size(noret)) < 0)
		summary = NULL;
	json_t *ids = json_array();
	for (size_t i = 0; i < j->n; i++)
		json_array_append_new(ids, json_string(j->m[i].node->id));
	struct store_audit a = {
		.time = master_now(), .uid = j->uid, .user = j->user, .action = "run.done",
		.target = j->tgt, .tgt_type = j->tgt_type, .minions = ids, .fun = j->fun,
		.args = j->args, .jid = j->jid, .outcome = summary ? summary : "done",
	};
	if (store_audit_add(m->st, &a) < 0)
		log_err("master: %s", err_last());
	json_decref(ids);
	free(summary);
	emit(j, ev);
	api_unwatch(j);
	for (struct mjob **p = &m->jobs; *p; p = &(*p)->next_job)
		if (*p == j) {
			*p = j->next_job;
			break;
		}
	mjob_free(j);
}

void mjob_tick(struct master *m)
{
	double now = master_now();
	struct mjob *next;
	for (struct mjob *j = m->jobs; j; j = next) {
		next = j->next_job;
		bool all_final = true;
		for (size_t i = 0; i < j->n; i++) {
			struct mjob_minion *mm = &j->m[i];
			if (final(mm->state) || mm->state == MS_QUEUED) {
				all_final &= final(mm->state);
				continue;
			}
			if (now >= j->deadline) {
				if (mm->state >= MS_DELIVERED && now - mm->last_hb < HB_GRACE) {
					all_final = false;
					continue;
				}
				/* Never reached it: offline; reached but silent: timeout. */
				enum mstate s = mm->state == MS_SENT &&
							(!mm->sends || !mm->node->connected)
							? MS_OFFLINE
							: MS_TIMEOUT;
				set_state(m, j, mm, s);
				fail_count(j, s);
				continue;
			}
			all_final = false;
			if (mm->state == MS_SENT && (!mm->sends || now - mm->sent_at >= RESEND_AFTER))
				send_job(m, j, mm);
		}
		size_t before = j->next;
		dispatch(m, j);
		if (j->next != before)
			all_final = false;
		for (size_t i = 0; i < j->n && all_final; i++)
			all_final = final(j->m[i].state);
		if (all_final)
			finish(m, j);
	}
}

void mjob_free(struct mjob *j)
{
	free(j->fun);
	json_decref(j->args);
	json_decref(j->kwargs);
	free(j->m);
	free(j->watchers);
	free(j->user);
	free(j->tgt);
	free(j->tgt_type);
	free(j);
}
