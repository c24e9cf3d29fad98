/* SPDX-License-Identifier: MIT */
/* store.h: the master's state (keys, minions, jobs, returns, audit), SQLite */
#ifndef STORE_H
#define STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/*
 * The master keeps everything that must outlive a restart here: minion keys
 * and their states, the minion registry (facts, version, last seen), jobs
 * with one row per targeted minion, the minions' returns and an append-only
 * audit log.
 *
 * The SQLite backend opens the database in WAL mode with synchronous=FULL:
 * every function that writes has committed (and fsync'ed the WAL) before it
 * returns 0, so a return that was stored may be acknowledged to the minion
 * even if the machine loses power right after. Callers that write many rows
 * at once (a thousand returns, a thousand facts updates) group them with
 * store_batch_begin()/store_batch_commit() to pay for one fsync instead of
 * one per row; inside a batch nothing is durable until the commit returns.
 *
 * Errors: functions return 0 on success and -1 on failure with a message
 * from err_last() naming the operation and SQLite's reason ("cannot record
 * job '2026…': database is locked"); ERR_NOTFOUND and ERR_EXISTS where the
 * function says so (also with a message). JSON arguments are borrowed; JSON
 * results (`json_t **out`) are new references the caller json_decref()s.
 * Strings passed in are borrowed and must be valid UTF-8 (they come back as
 * JSON strings). Times are seconds since the epoch as doubles.
 *
 * One struct store is used by one thread at a time; threads and processes
 * each open their own handle on the same file, which WAL lets them share:
 * readers never wait for the writer, writers wait up to the busy timeout
 * (5 seconds) for each other.
 *
 * Another backend (PostgreSQL) implements this same interface.
 */

struct store;

/*
 * Opens (creating it with mode 0600 when missing) the database at `path`,
 * switches it to WAL, and brings its schema up to the current version,
 * running every migration it lacks in one transaction. A database written
 * by a newer tend (a schema version this one does not know) is refused.
 * Also raises store_new_jid()'s floor above the newest stored jid, so jids
 * keep increasing across restarts even if the clock stepped back.
 * On failure *out is NULL.
 */
int store_open(struct store **out, const char *path);
/* Finalizes everything and closes the database. NULL is a no-op. */
void store_close(struct store *s);
/* The schema version this build writes (the database's after store_open). */
int store_schema_version(void);
/* Seconds since the epoch, from the realtime clock, microsecond precision. */
double store_now(void);

/*
 * Groups the writes that follow into one transaction until
 * store_batch_commit(): one fsync for all of them. A write that fails
 * inside a batch is undone alone (a savepoint), the batch stays open.
 * Nothing written in the batch is durable, or visible to other handles,
 * before store_batch_commit() returns 0; acknowledge only then.
 * Batches do not nest (-1 when one is already open).
 */
int store_batch_begin(struct store *s);
/* Commits the open batch. On failure everything in it is rolled back. */
int store_batch_commit(struct store *s);
/* Discards the open batch; a no-op when none is open. */
void store_batch_rollback(struct store *s);

/* --- keys (as salt-key) ------------------------------------------------ */

/* States of a minion key; bit values, so that a set of states is a mask. */
enum store_key_state {
	STORE_KEY_PENDING = 1u << 0,  /* presented, waiting for an operator */
	STORE_KEY_ACCEPTED = 1u << 1, /* may act as its id */
	STORE_KEY_REJECTED = 1u << 2, /* refused by an operator */
	STORE_KEY_DENIED = 1u << 3,   /* a second key for a known id */
};
#define STORE_KEY_ALL 0xfu

/* "pending", "accepted", "rejected", "denied"; NULL for anything else. */
const char *store_key_state_name(enum store_key_state st);
/* The state named `name`, or 0 when it names none. */
enum store_key_state store_key_state_parse(const char *name);

/*
 * Records that `pubkey` (the Z85 CURVE public key, or any text form of a
 * key) presented itself as minion `id`, with Salt's rules:
 *   - a key already recorded for this id keeps its state, whatever it is
 *     (re-presenting a pending key is a no-op, a rejected key stays
 *     rejected, a denied key stays denied);
 *   - a different key for an id that has an accepted key is recorded as
 *     denied, and the accepted key is left as it is;
 *   - a different key for an id with a rejected key is not recorded and
 *     is answered rejected (the id is refused, as salt's minions_rejected);
 *   - a different key for an id with a pending key is recorded as denied
 *     (an operator could not tell which of the two to accept);
 *   - otherwise the key is new and recorded as pending.
 * *state_out (may be NULL) receives the resulting state of this key.
 * Returns 1 when a row was added (a new pending or denied key), 0 when
 * nothing changed, -1 on failure.
 */
int store_key_add_pending(enum store_key_state *state_out, struct store *s,
			  const char *id, const char *pubkey);
/* The state of exactly (`id`, `pubkey`); ERR_NOTFOUND when not recorded. */
int store_key_get(enum store_key_state *state_out, struct store *s,
		  const char *id, const char *pubkey);
/*
 * The id and state a public key is recorded under; *id_out is the caller's
 * to free. When one key was presented under several ids, the accepted row
 * wins, then pending, rejected, denied, then the most recently updated.
 * ERR_NOTFOUND when the key is unknown (both outputs untouched).
 */
int store_key_lookup(char **id_out, enum store_key_state *state_out,
		     struct store *s, const char *pubkey);
/* The accepted key of `id` (the caller's to free); ERR_NOTFOUND if none. */
int store_key_for_id(char **pubkey_out, struct store *s, const char *id);
/*
 * The operator's accept or reject: every key of `id` (NULL: of every id)
 * whose state is in the mask `from` moves to `to`, which must be
 * STORE_KEY_ACCEPTED or STORE_KEY_REJECTED. Accepting never gives an id two
 * accepted keys: an id that already has an accepted key, or that has more
 * than one key in `from`, is refused, with ERR_EXISTS for a single id; with
 * `id` NULL (accept --all) such ids are skipped and the others accepted.
 * Atomic: all changes or none. *changed_out (may be NULL) receives an array
 * of {id, pubkey, from, to} for each key moved, plus {id, pubkey, from,
 * error} for each one skipped. ERR_NOTFOUND when `id` is given and has no
 * key in `from` (other than ones already in `to`).
 */
int store_key_set_state(json_t **changed_out, struct store *s, const char *id,
			unsigned from, enum store_key_state to);
/*
 * Deletes the keys of `id` (NULL: of every id) whose state is in the mask
 * `states` (STORE_KEY_ALL for salt-key -d). *deleted_out (may be NULL)
 * receives an array of {id, pubkey, state}. ERR_NOTFOUND when `id` is given
 * and no key matched. The minion's registry entry is left alone.
 */
int store_key_delete(json_t **deleted_out, struct store *s, const char *id,
		     unsigned states);
/*
 * Every key whose state is in the mask `states`, ordered by id then key:
 * an array of {id, pubkey, state, first_seen, updated}.
 */
int store_key_list(json_t **out, struct store *s, unsigned states);

/* --- minions ------------------------------------------------------------ */

/*
 * Creates or updates the registry entry of minion `id`. `facts` (an
 * object) replaces the stored facts, NULL keeps them ({} for a new entry);
 * `version` likewise. last_seen only moves forward.
 */
int store_minion_upsert(struct store *s, const char *id, const json_t *facts,
			const char *version, double last_seen);
/* {id, facts, version, last_seen} of `id`; ERR_NOTFOUND if unknown. */
int store_minion_get(json_t **out, struct store *s, const char *id);
/* Every minion, ordered by id: an array of {id, facts, version, last_seen}. */
int store_minion_list(json_t **out, struct store *s);
/* Forgets minion `id` (not its keys nor its jobs); ERR_NOTFOUND if unknown. */
int store_minion_delete(struct store *s, const char *id);

/* --- jobs and returns --------------------------------------------------- */

/* 20 digits, YYYYMMDDhhmmssffffff in UTC, and the NUL. */
#define STORE_JID_LEN 21

/*
 * Writes a new jid from the realtime clock (UTC, microseconds) into `out`.
 * Jids sort as strings in creation order and are strictly increasing within
 * the process (thread-safe): a clock that repeats or steps back yields the
 * previous jid plus one microsecond.
 */
void store_new_jid(char out[STORE_JID_LEN]);
/* Whether `jid` has the form store_new_jid() writes (exactly 20 digits). */
bool store_jid_is_valid(const char *jid);

/*
 * Per-minion job states. queued → delivered (the minion acked) → running
 * (heartbeats) → one final state: done (retcode 0), failed, timeout (no
 * return in time), offline (never delivered), skipped (never sent: a
 * batch stopped at --max-fail). ORDER JM_STATE
 */
enum store_jm_state {
	STORE_JM_QUEUED,
	STORE_JM_DELIVERED,
	STORE_JM_RUNNING,
	STORE_JM_DONE,
	STORE_JM_FAILED,
	STORE_JM_TIMEOUT,
	STORE_JM_OFFLINE,
	STORE_JM_SKIPPED,
};
/* "queued", "delivered", ...; NULL for anything else. */
const char *store_jm_state_name(enum store_jm_state st);
/* The state named `name`; -1 when it names none. */
int store_jm_state_parse(const char *name);
/* done, failed, timeout, offline and skipped are final. */
bool store_jm_state_is_final(enum store_jm_state st);

/* A job as the master creates it. Everything is borrowed. */
struct store_job {
	const char *jid;	    /* from store_new_jid() */
	double created;		    /* 0: now */
	int64_t uid;		    /* the caller's uid (SO_PEERCRED) */
	const char *user;	    /* the caller's user name */
	const char *target;	    /* the target expression as typed */
	const char *tgt_type;	    /* "glob", "pcre", "list", "grain", ... */
	const char *fun;	    /* "test.ping" */
	const json_t *args;	    /* an array; NULL is [] */
	const json_t *kwargs;	    /* an object; NULL is {} */
	double timeout;		    /* seconds */
	const char *const *minions; /* the resolved minion ids */
	size_t nr_minions;	    /* duplicates among them count once */
};

/*
 * Records job `j` and, for each of its minions, a row in state queued, in
 * one transaction. ERR_EXISTS when the jid is already recorded.
 */
int store_job_create(struct store *s, const struct store_job *j);
/*
 * Moves minion `id` of job `jid` to `state` at time `when`, recording when
 * it was delivered, started running, or ended. States only move forward:
 * a state that is not later than the current one (a late "running" after
 * "done", a second "delivered") changes nothing and returns 1. Returns 0
 * when the state changed, ERR_NOTFOUND when the job has no such minion.
 */
int store_job_minion_state(struct store *s, const char *jid, const char *id,
			   enum store_jm_state state, double when);
/*
 * Stores the return of minion `id` for job `jid` (`ret` NULL is JSON null)
 * and moves the minion to done (retcode 0) or failed. A return replaces a
 * timeout or offline that the master assumed, never an earlier return:
 * a duplicate (jid, id) return leaves the stored one untouched and returns
 * 1; a new one returns 0 (durable: ack it). ERR_NOTFOUND when the job does
 * not exist, did not target `id` or skipped it (do not store what was not
 * asked for).
 */
int store_return_put(struct store *s, const char *jid, const char *id,
		     int retcode, const json_t *ret, double started,
		     double finished);
/*
 * The job and every minion's state and return:
 * {jid, fun, args, kwargs, target, tgt_type, user, uid, created, timeout,
 *  minions: {id: {state, retcode, return, started, finished, delivered,
 *  running, ended}}}, with null for what is not known yet.
 * ERR_NOTFOUND when there is no such job.
 */
int store_job_get(json_t **out, struct store *s, const char *jid);
/*
 * The `limit` newest jobs (every job when limit <= 0), newest first:
 * an array of {jid, fun, args, kwargs, target, tgt_type, user, uid,
 * created, timeout, counts: {total, queued, ..., skipped}}, without returns.
 */
int store_job_list(json_t **out, struct store *s, int limit);
/*
 * The jobs that have a minion in a state that is not final, oldest first:
 * the summaries of store_job_list(), each with "waiting": {id: state} of
 * those minions.
 */
int store_jobs_active(json_t **out, struct store *s);
/*
 * The jobs that wait on minion `id` (queued, delivered or running), oldest
 * first: an array of {jid, fun, args, kwargs, created, timeout, state}, for
 * delivering them again when the minion reconnects.
 */
int store_job_open_for(json_t **out, struct store *s, const char *id);
/*
 * The job's time is up: every minion not in a final state moves to
 * offline (still queued: it never got the job) or timeout, at `when`.
 * Returns how many minions moved (0 or more), ERR_NOTFOUND when there is no
 * such job.
 */
int store_job_expire(struct store *s, const char *jid, double when);
/*
 * Deletes the jobs created before `before`, with their returns (not their
 * audit entries). Returns how many jobs were deleted.
 */
int store_job_purge(struct store *s, double before);

/* --- audit (append-only) ------------------------------------------------ */

/* One audit entry. Everything is borrowed; NULL fields are stored as null. */
struct store_audit {
	double time;	       /* 0: now */
	int64_t uid;	       /* who (SO_PEERCRED) */
	const char *user;      /* their user name */
	const char *action;    /* "run", "key.accept", "key.delete", ... */
	const char *target;    /* the target expression or key id */
	const char *tgt_type;  /* for "run" */
	const json_t *minions; /* an array of the resolved minion ids */
	const char *fun;       /* for "run" */
	const json_t *args;    /* the arguments (any JSON) */
	const char *jid;       /* for "run" */
	const char *outcome;   /* "published", "refused: ...", ... */
};

/*
 * Appends `a` to the audit log. The table refuses UPDATE and DELETE (its
 * triggers abort them), so an entry, once written, stays as written.
 * `action` is required.
 */
int store_audit_add(struct store *s, const struct store_audit *a);
/*
 * The `limit` newest entries (all when limit <= 0), newest first: an array
 * of {seq, time, uid, user, action, target, tgt_type, minions, fun, args,
 * jid, outcome}; seq increases with every entry and is never reused.
 */
int store_audit_list(json_t **out, struct store *s, int limit);

#endif
