/* SPDX-License-Identifier: MIT */
/* store_job.c: jids, jobs, per-minion job states and returns in the store */
#include "util/compat.h"
#include "remote/store.h"
#include "remote/store-internal.h"
#include "util/err.h"

#include <stdatomic.h>
#include <time.h>

/*
 * A job is one row in jobs plus one row per targeted minion in
 * job_minions, which carries that minion's state, its timestamps and,
 * once it arrived, its return. States only move forward (a rank compared
 * in SQL, so that the check and the update are one statement), except that
 * a real return replaces the timeout or offline the master assumed: a
 * return is never thrown away, but a second one for the same (jid, id) is.
 */

/* --- jids --------------------------------------------------------------- */

/* Microseconds since the epoch of the last jid handed out. */
static _Atomic uint64_t last_jid_us;

static void put_digits(char *p, int width, uint64_t v)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void jid_format(char out[STORE_JID_LEN], uint64_t us)
{
	time_t sec = (time_t)(us / 1000000);
	struct tm tm;

	gmtime_r(&sec, &tm);
	put_digits(out, 4, (uint64_t)tm.tm_year + 1900);
	put_digits(out + 4, 2, (uint64_t)tm.tm_mon + 1);
	put_digits(out + 6, 2, (uint64_t)tm.tm_mday);
	put_digits(out + 8, 2, (uint64_t)tm.tm_hour);
	put_digits(out + 10, 2, (uint64_t)tm.tm_min);
	put_digits(out + 12, 2, (uint64_t)tm.tm_sec);
	put_digits(out + 14, 6, us % 1000000);
	out[STORE_JID_LEN - 1] = '\0';
}

bool store_jid_is_valid(const char *jid)
{
	size_t i;

	if (!jid)
		return false;
	for (i = 0; i < STORE_JID_LEN - 1; i++) {
		if (jid[i] < '0' || jid[i] > '9')
			return false;
	}
	return jid[i] == '\0';
}

static int digits(const char *p, int width)
{
	int v = 0;
	for (int i = 0; i < width; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* The time a valid jid encodes, in microseconds; 0 when it is not one. */
static uint64_t jid_parse(const char *jid)
{
	struct tm tm = {0};
	time_t sec;

	if (!store_jid_is_valid(jid))
		return 0;
	tm.tm_year = digits(jid, 4) - 1900;
	tm.tm_mon = digits(jid + 4, 2) - 1;
	tm.tm_mday = digits(jid + 6, 2);
	tm.tm_hour = digits(jid + 8, 2);
	tm.tm_min = digits(jid + 10, 2);
	tm.tm_sec = digits(jid + 12, 2);
	sec = timegm(&tm);
	if (sec < 0)
		return 0;
	return (uint64_t)sec * 1000000 + (uint64_t)digits(jid + 14, 6);
}

static void jid_floor(uint64_t us)
{
	uint64_t cur = atomic_load(&last_jid_us);
	while (cur < us &&
	       !atomic_compare_exchange_weak(&last_jid_us, &cur, us))
		;
}

void store_new_jid(char out[STORE_JID_LEN])
{
	struct timespec ts;
	uint64_t now, cur, next;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
	cur = atomic_load(&last_jid_us);
	do {
		next = now > cur ? now : cur + 1;
	} while (!atomic_compare_exchange_weak(&last_jid_us, &cur, next));
	jid_format(out, next);
}

int store_jid_floor_from_db(struct store *s)
{
	sqlite3_stmt *st =
		store_stmt(s, SQL_JOB_MAX, "cannot read the last jid");
	int rc, error = 0;

	if (!st)
		return -1;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		jid_floor(jid_parse((const char *)sqlite3_column_text(st, 0)));
	else
		error = store_dberr(s, rc, "cannot read the last jid of '%s'",
				    s->path);
	store_done(s, st);
	return error;
}

/* --- per-minion states -------------------------------------------------- */

/* ORDER JM_STATE */
static const char *const jm_state_names[] = {
	"queued", "delivered", "running", "done",
	"failed", "timeout",   "offline", "skipped",
};

const char *store_jm_state_name(enum store_jm_state st)
{
	if ((unsigned)st >= ARRAY_SIZE(jm_state_names))
		return NULL;
	return jm_state_names[st];
}

int store_jm_state_parse(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(jm_state_names); i++) {
		if (!strcmp(name, jm_state_names[i]))
			return (int)i;
	}
	return -1;
}

bool store_jm_state_is_final(enum store_jm_state st)
{
	return st >= STORE_JM_DONE;
}

/* queued 0, delivered 1, running 2, every final state 3 (as in SQL_JM_STATE) */
static int jm_rank(enum store_jm_state st)
{
	return store_jm_state_is_final(st) ? 3 : (int)st;
}

/* --- jobs --------------------------------------------------------------- */

static int check_job(const struct store_job *j)
{
	if (!store_jid_is_valid(j->jid))
		return err_set("cannot record job '%s': not a jid",
			       j->jid ? j->jid : "");
	if (store_check_text("job function", j->fun) < 0)
		return -1;
	if (j->args && !json_is_array(j->args))
		return err_set("cannot record job '%s': args are not an array",
			       j->jid);
	if (j->kwargs && !json_is_object(j->kwargs))
		return err_set(
			"cannot record job '%s': kwargs are not an object",
			j->jid);
	if ((j->user && !store_is_text(j->user)) ||
	    (j->target && !store_is_text(j->target)) ||
	    (j->tgt_type && !store_is_text(j->tgt_type)))
		return err_set(
			"cannot record job '%s': a field is not valid UTF-8",
			j->jid);
	for (size_t i = 0; i < j->nr_minions; i++) {
		if (store_check_text("minion id", j->minions[i]) < 0)
			return -1;
	}
	return 0;
}

int store_job_create(struct store *s, const struct store_job *j)
{
	sqlite3_stmt *st;
	int error = -1;

	if (check_job(j) < 0)
		return -1;
	if (store_tx_begin(s, true) < 0)
		return -1;
	if (!(st = store_stmt(s, SQL_JOB_INSERT, "cannot record a job")))
		goto fail;
	store_bind_text(s, st, 1, j->jid);
	store_bind_real(s, st, 2, j->created > 0 ? j->created : store_now());
	store_bind_int(s, st, 3, j->uid);
	store_bind_text(s, st, 4, j->user);
	store_bind_text(s, st, 5, j->target);
	store_bind_text(s, st, 6, j->tgt_type);
	store_bind_text(s, st, 7, j->fun);
	store_bind_real(s, st, 10, j->timeout);
	if (store_bind_json(s, st, 8, j->args, "[]") < 0 ||
	    store_bind_json(s, st, 9, j->kwargs, "{}") < 0) {
		store_done(s, st);
		goto fail;
	}
	if ((error = store_run(s, st, "cannot record job '%s'", j->jid)) < 0)
		goto fail;
	for (size_t i = 0; i < j->nr_minions; i++) {
		error = -1;
		if (!(st = store_stmt(s, SQL_JM_INSERT, "cannot record a job")))
			goto fail;
		store_bind_text(s, st, 1, j->jid);
		store_bind_text(s, st, 2, j->minions[i]);
		if (store_run(s, st, "cannot record minion '%s' of job '%s'",
			      j->minions[i], j->jid) < 0)
			goto fail;
	}
	return store_tx_commit(s);
fail:
	store_tx_rollback(s);
	return error;
}

static int not_targeted(const char *jid, const char *id)
{
	err_set("job '%s' has no minion '%s'", jid ? jid : "", id ? id : "");
	return ERR_NOTFOUND;
}

/*
 * The state of minion `id` in job `jid`, ERR_NOTFOUND when the job has no
 * such minion. With `id` NULL: 0 when the job exists, else ERR_NOTFOUND.
 */
static int jm_state_of(struct store *s, const char *jid, const char *id)
{
	sqlite3_stmt *st;
	int rc, error;

	st = store_stmt(s, id ? SQL_JM_EXISTS : SQL_JOB_EXISTS,
			"cannot read a job");
	if (!st)
		return -1;
	store_bind_text(s, st, 1, jid);
	if (id)
		store_bind_text(s, st, 2, id);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		error = id ? store_jm_state_parse(
				     (const char *)sqlite3_column_text(st, 0))
			   : 0;
		if (error < 0)
			error = err_set(
				"job '%s': minion '%s' in an unknown state",
				jid, id);
	} else if (rc == SQLITE_DONE) {
		if (id) {
			error = not_targeted(jid, id);
		} else {
			err_set("unknown job '%s'", jid);
			error = ERR_NOTFOUND;
		}
	} else {
		error = store_dberr(s, rc, "cannot read job '%s'", jid);
	}
	store_done(s, st);
	return error;
}

int store_job_minion_state(struct store *s, const char *jid, const char *id,
			   enum store_jm_state state, double when)
{
	sqlite3_stmt *st;
	int found;

	if (!store_jm_state_name(state))
		BUG("store_job_minion_state to state %d", (int)state);
	if (!jid || !id)
		return not_targeted(jid, id);
	if (!(st = store_stmt(s, SQL_JM_STATE, "cannot change a job's state")))
		return -1;
	store_bind_text(s, st, 1, jid);
	store_bind_text(s, st, 2, id);
	store_bind_text(s, st, 3, store_jm_state_name(state));
	store_bind_real(s, st, 4, when);
	store_bind_int(s, st, 5, jm_rank(state));
	if (store_run(s, st, "cannot make minion '%s' of job '%s' %s", id, jid,
		      store_jm_state_name(state)) < 0)
		return -1;
	if (sqlite3_changes(s->db))
		return 0;
	if ((found = jm_state_of(s, jid, id)) < 0)
		return found;
	return 1;
}

int store_return_put(struct store *s, const char *jid, const char *id,
		     int retcode, const json_t *ret, double started,
		     double finished)
{
	sqlite3_stmt *st;
	int found;

	if (!jid || !id)
		return not_targeted(jid, id);
	if (!(st = store_stmt(s, SQL_RETURN_PUT, "cannot store a return")))
		return -1;
	store_bind_text(s, st, 1, jid);
	store_bind_text(s, st, 2, id);
	store_bind_int(s, st, 4, retcode);
	store_bind_real(s, st, 5, started);
	store_bind_real(s, st, 6, finished);
	store_bind_real(s, st, 7, store_now());
	if (store_bind_json(s, st, 3, ret, "null") < 0) {
		store_done(s, st);
		return -1;
	}
	if (store_run(s, st, "cannot store the return of '%s' for job '%s'", id,
		      jid) < 0)
		return -1;
	if (sqlite3_changes(s->db))
		return 0;
	if ((found = jm_state_of(s, jid, id)) < 0)
		return found;
	/* never sent to this minion: it cannot have a return for it */
	return found == STORE_JM_SKIPPED ? not_targeted(jid, id) : 1;
}

/* A job summary from the JOB_COLS of `st`. */
static json_t *job_row(sqlite3_stmt *st)
{
	static const char *const cols[] = {
		"jid",	    "fun",  "args", "kwargs",  "target",
		"tgt_type", "user", "uid",  "created", "timeout",
	};
	json_t *o = json_object();

	for (int i = 0; i < (int)ARRAY_SIZE(cols); i++) {
		json_t *v;
		if (i == 2 || i == 3)
			v = store_col_json(st, i);
		else if (i == 7)
			v = store_col_int(st, i);
		else if (i >= 8)
			v = store_col_real(st, i);
		else
			v = store_col_text(st, i);
		json_object_set_new(o, cols[i], v);
	}
	return o;
}

static const char *job_jid(const json_t *job)
{
	return json_string_value(json_object_get(job, "jid"));
}

/* Adds "counts": {total, queued, ..., skipped} to `job`. */
static int add_counts(struct store *s, json_t *job)
{
	sqlite3_stmt *st = store_stmt(s, SQL_JM_COUNTS, "cannot count a job");
	json_t *counts = json_object();
	json_int_t total = 0;
	int rc, error = 0;

	if (!st) {
		json_decref(counts);
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(jm_state_names); i++)
		json_object_set_new(counts, jm_state_names[i], json_integer(0));
	store_bind_text(s, st, 1, job_jid(job));
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 0);
		json_int_t n = sqlite3_column_int64(st, 1);
		if (store_jm_state_parse(state) >= 0)
			json_object_set_new(counts, state, json_integer(n));
		total += n;
	}
	if (rc != SQLITE_DONE)
		error = store_dberr(s, rc, "cannot count job '%s'",
				    job_jid(job));
	store_done(s, st);
	json_object_set_new(counts, "total", json_integer(total));
	json_object_set_new(job, "counts", counts);
	return error;
}

static json_t *jm_row(sqlite3_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "state", store_col_text(st, 1));
	json_object_set_new(o, "retcode", store_col_int(st, 2));
	json_object_set_new(o, "return", store_col_json(st, 3));
	json_object_set_new(o, "started", store_col_real(st, 4));
	json_object_set_new(o, "finished", store_col_real(st, 5));
	json_object_set_new(o, "delivered", store_col_real(st, 6));
	json_object_set_new(o, "running", store_col_real(st, 7));
	json_object_set_new(o, "ended", store_col_real(st, 8));
	return o;
}

/* Adds `key`: {id: value} from statement `sid` (bound to the jid). */
static int add_minions(struct store *s, json_t *job, enum store_stmt sid,
		       const char *key)
{
	sqlite3_stmt *st = store_stmt(s, sid, "cannot read a job");
	json_t *minions;
	int rc, error = 0;

	if (!st)
		return -1;
	minions = json_object();
	store_bind_text(s, st, 1, job_jid(job));
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		json_t *v = sid == SQL_JM_OF_JOB ? jm_row(st)
						 : store_col_text(st, 1);
		json_object_set_new(minions, id, v);
	}
	if (rc != SQLITE_DONE)
		error = store_dberr(s, rc,
				    "cannot read the minions of job '%s'",
				    job_jid(job));
	store_done(s, st);
	json_object_set_new(job, key, minions);
	return error;
}

int store_job_get(json_t **out, struct store *s, const char *jid)
{
	sqlite3_stmt *st;
	json_t *job = NULL;
	int rc, error = -1;

	*out = NULL;
	if (store_tx_begin(s, false) < 0)
		return -1;
	if (!(st = store_stmt(s, SQL_JOB_GET, "cannot read a job")))
		goto fail;
	store_bind_text(s, st, 1, jid);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		job = job_row(st);
	} else if (rc == SQLITE_DONE) {
		err_set("unknown job '%s'", jid);
		error = ERR_NOTFOUND;
	} else {
		store_dberr(s, rc, "cannot read job '%s'", jid);
	}
	store_done(s, st);
	if (!job)
		goto fail;
	if ((error = add_minions(s, job, SQL_JM_OF_JOB, "minions")) < 0)
		goto fail;
	if ((error = store_tx_commit(s)) < 0)
		goto fail_done;
	*out = job;
	return 0;
fail:
	store_tx_rollback(s);
fail_done:
	json_decref(job);
	return error;
}

/* Job summaries from statement `sid`, each with counts (and `waiting`). */
static int job_summaries(json_t **out, struct store *s, enum store_stmt sid,
			 int limit, bool waiting)
{
	sqlite3_stmt *st;
	json_t *list = json_array();
	int rc, error = -1;
	size_t i;
	json_t *job;

	*out = NULL;
	if (store_tx_begin(s, false) < 0) {
		json_decref(list);
		return -1;
	}
	if (!(st = store_stmt(s, sid, "cannot list jobs")))
		goto fail;
	if (sid == SQL_JOB_LIST)
		store_bind_int(s, st, 1, limit > 0 ? limit : -1);
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		json_array_append_new(list, job_row(st));
	if (rc != SQLITE_DONE)
		store_dberr(s, rc, "cannot list jobs");
	store_done(s, st);
	if (rc != SQLITE_DONE)
		goto fail;
	json_array_foreach(list, i, job)
	{
		if (add_counts(s, job) < 0)
			goto fail;
		if (waiting &&
		    add_minions(s, job, SQL_JM_WAITING, "waiting") < 0)
			goto fail;
	}
	if ((error = store_tx_commit(s)) < 0)
		goto fail_done;
	*out = list;
	return 0;
fail:
	store_tx_rollback(s);
fail_done:
	json_decref(list);
	return error;
}

int store_job_list(json_t **out, struct store *s, int limit)
{
	return job_summaries(out, s, SQL_JOB_LIST, limit, false);
}

int store_jobs_active(json_t **out, struct store *s)
{
	return job_summaries(out, s, SQL_JOBS_ACTIVE, 0, true);
}

int store_job_open_for(json_t **out, struct store *s, const char *id)
{
	static const char *const cols[] = {
		"jid", "fun", "args", "kwargs", "created", "timeout", "state",
	};
	sqlite3_stmt *st =
		store_stmt(s, SQL_JOB_OPEN_FOR, "cannot read a minion's jobs");
	json_t *list;
	int rc, error = 0;

	*out = NULL;
	if (!st)
		return -1;
	store_bind_text(s, st, 1, id);
	list = json_array();
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; i < (int)ARRAY_SIZE(cols); i++) {
			json_t *v;
			if (i == 2 || i == 3)
				v = store_col_json(st, i);
			else if (i == 4 || i == 5)
				v = store_col_real(st, i);
			else
				v = store_col_text(st, i);
			json_object_set_new(o, cols[i], v);
		}
		json_array_append_new(list, o);
	}
	if (rc != SQLITE_DONE) {
		error = store_dberr(s, rc, "cannot read the jobs of '%s'", id);
		json_decref(list);
	} else {
		*out = list;
	}
	store_done(s, st);
	return error;
}

int store_job_expire(struct store *s, const char *jid, double when)
{
	sqlite3_stmt *st = store_stmt(s, SQL_JOB_EXPIRE, "cannot expire a job");
	int n;

	if (!st)
		return -1;
	store_bind_text(s, st, 1, jid);
	store_bind_real(s, st, 2, when);
	if (store_run(s, st, "cannot expire job '%s'", jid) < 0)
		return -1;
	if ((n = sqlite3_changes(s->db)) > 0)
		return n;
	return jm_state_of(s, jid, NULL);
}

int store_job_purge(struct store *s, double before)
{
	sqlite3_stmt *st = store_stmt(s, SQL_JOB_PURGE, "cannot purge jobs");

	if (!st)
		return -1;
	store_bind_real(s, st, 1, before);
	if (store_run(s, st, "cannot purge jobs") < 0)
		return -1;
	return sqlite3_changes(s->db);
}
