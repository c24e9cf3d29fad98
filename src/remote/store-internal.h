/* SPDX-License-Identifier: MIT */
/* store-internal.h: what store.c, store_key.c and store_job.c share (SQLite) */
#ifndef STORE_INTERNAL_H
#define STORE_INTERNAL_H

#include <sqlite3.h>

#include "remote/store.h"

/* How long a writer waits for another one before failing (SQLITE_BUSY). */
#define STORE_BUSY_MS 5000

/* The per-minion job states that are not final, as SQL. ORDER JM_STATE */
#define JM_OPEN "state IN ('queued', 'delivered', 'running')"
/* The columns of a job summary, in the order job_row() (store_job.c) reads. */
#define JOB_COLS                                                               \
	"jid, fun, args, kwargs, target, tgt_type, user, uid, created, timeout"

/* Every statement the store runs; the SQL is in store.c. ORDER STMT */
enum store_stmt {
	SQL_BEGIN_WRITE,
	SQL_BEGIN_READ,
	SQL_COMMIT,
	SQL_ROLLBACK,
	SQL_SAVEPOINT,
	SQL_RELEASE,
	SQL_ROLLBACK_TO,
	SQL_KEY_GET,
	SQL_KEY_INSERT,
	SQL_KEY_LOOKUP,
	SQL_KEY_FOR_ID,
	SQL_KEY_ROWS_ALL,
	SQL_KEY_ROWS_ID,
	SQL_KEY_SET,
	SQL_KEY_DELETE,
	SQL_MINION_UPSERT,
	SQL_MINION_GET,
	SQL_MINION_LIST,
	SQL_MINION_DELETE,
	SQL_JOB_INSERT,
	SQL_JM_INSERT,
	SQL_JM_STATE,
	SQL_JM_EXISTS,
	SQL_RETURN_PUT,
	SQL_JOB_GET,
	SQL_JM_OF_JOB,
	SQL_JOB_LIST,
	SQL_JM_COUNTS,
	SQL_JOBS_ACTIVE,
	SQL_JM_WAITING,
	SQL_JOB_OPEN_FOR,
	SQL_JOB_EXPIRE,
	SQL_JOB_EXISTS,
	SQL_JOB_PURGE,
	SQL_JOB_MAX,
	SQL_AUDIT_INSERT,
	SQL_AUDIT_LIST,
	SQL_VERSION_GET,
	SQL_VERSION_SET,
	NR_STMTS
};

struct store {
	sqlite3 *db;
	char *path;		       /* for messages */
	sqlite3_stmt *stmts[NR_STMTS]; /* prepared on first use */
	int bind_rc;		       /* first failed bind since store_stmt */
	unsigned depth;		       /* open transaction + savepoints */
	bool in_batch;		       /* store_batch_begin holds depth 1 */
};

/*
 * Records "<fmt>: <sqlite's message for rc>" with err_set; returns
 * ERR_EXISTS for a primary key or unique constraint, -1 otherwise.
 */
int store_dberr(struct store *s, int rc, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
/*
 * The prepared statement `id`, ready for binding; NULL with "<what>:
 * <reason>" recorded when it cannot be prepared.
 */
sqlite3_stmt *store_stmt(struct store *s, enum store_stmt id, const char *what);
/* Binding; NULL text binds SQL NULL. A failure is reported by store_step. */
void store_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v);
void store_bind_int(struct store *s, sqlite3_stmt *st, int i, int64_t v);
void store_bind_real(struct store *s, sqlite3_stmt *st, int i, double v);
/* Binds `v` as compact JSON text, `dflt` (may be NULL) when `v` is NULL. */
int store_bind_json(struct store *s, sqlite3_stmt *st, int i, const json_t *v,
		    const char *dflt);
/* sqlite3_step, or the error of a failed bind. */
int store_step(struct store *s, sqlite3_stmt *st);
/* Resets `st` and clears its bindings for the next use. */
void store_done(struct store *s, sqlite3_stmt *st);
/* Steps once and resets; on failure "<fmt>: <reason>" (see store_dberr). */
int store_run(struct store *s, sqlite3_stmt *st, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
/* Column i as a new JSON value; SQL NULL is JSON null. */
json_t *store_col_text(sqlite3_stmt *st, int i);
json_t *store_col_real(sqlite3_stmt *st, int i);
json_t *store_col_int(sqlite3_stmt *st, int i);
json_t *store_col_json(sqlite3_stmt *st, int i);
/* Whether `s` is non-NULL valid UTF-8 (it can become a JSON string). */
bool store_is_text(const char *s);
/* 0 when `v` is non-empty UTF-8, else -1 with "<what> is ...". */
int store_check_text(const char *what, const char *v);

/*
 * Transactions: BEGIN (IMMEDIATE when `write`) at depth 0, a savepoint
 * inside a batch. Every begin is matched by one commit or one rollback.
 */
int store_tx_begin(struct store *s, bool write);
int store_tx_commit(struct store *s);
void store_tx_rollback(struct store *s);

/* Raises store_new_jid()'s floor above the newest jid in the database. */
int store_jid_floor_from_db(struct store *s);

#endif
