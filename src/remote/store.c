/* SPDX-License-Identifier: MIT */
/* store.c: the SQLite backend of the master's store: schema, minions, audit */
#include "util/compat.h"
#include "remote/store.h"
#include "remote/store-internal.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * How the store keeps its promises:
 *
 * 1. Durability. WAL journal with synchronous=FULL: a commit returns after
 *    the WAL is fsync'ed, so a return acknowledged to a minion survives a
 *    power loss (NORMAL would only survive a crash of the process). The
 *    cost, one fsync per commit, is paid once per batch by callers that
 *    write many rows (store_batch_begin).
 * 2. Atomicity. A function that writes more than one row wraps them in
 *    tx_begin()/tx_commit(): BEGIN IMMEDIATE at the outermost level (so two
 *    writers queue on the busy timeout instead of failing to upgrade a read
 *    lock), a SAVEPOINT inside a caller's batch, so that one failed write
 *    rolls back alone.
 * 3. SQL. Every statement is a constant in the table below, prepared once
 *    per handle and bound with parameters: nothing from the outside is ever
 *    pasted into SQL.
 * 4. Schema. schema_version holds one row; migrations[i] brings the schema
 *    from version i to i + 1, all of them in one transaction at open.
 */

/* ORDER STMT */
static const char *const stmt_sql[NR_STMTS] = {
	[SQL_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[SQL_BEGIN_READ] = "BEGIN",
	[SQL_COMMIT] = "COMMIT",
	[SQL_ROLLBACK] = "ROLLBACK",
	[SQL_SAVEPOINT] = "SAVEPOINT tx",
	[SQL_RELEASE] = "RELEASE tx",
	[SQL_ROLLBACK_TO] = "ROLLBACK TO tx",

	[SQL_KEY_GET] = "SELECT state FROM keys WHERE id = ?1 AND pubkey = ?2",
	[SQL_KEY_INSERT] = "INSERT INTO keys (id, pubkey, state, first_seen,"
			   " updated) VALUES (?1, ?2, ?3, ?4, ?4)",
	[SQL_KEY_LOOKUP] = "SELECT id, state FROM keys WHERE pubkey = ?1"
			   " ORDER BY CASE state WHEN 'accepted' THEN 0"
			   " WHEN 'pending' THEN 1 WHEN 'rejected' THEN 2"
			   " ELSE 3 END, updated DESC LIMIT 1",
	[SQL_KEY_FOR_ID] = "SELECT pubkey FROM keys"
			   " WHERE id = ?1 AND state = 'accepted'",
	[SQL_KEY_ROWS_ALL] = "SELECT id, pubkey, state, first_seen, updated"
			     " FROM keys ORDER BY id, pubkey",
	[SQL_KEY_ROWS_ID] = "SELECT id, pubkey, state, first_seen, updated"
			    " FROM keys WHERE id = ?1 ORDER BY pubkey",
	[SQL_KEY_SET] = "UPDATE keys SET state = ?3, updated = ?4"
			" WHERE id = ?1 AND pubkey = ?2",
	[SQL_KEY_DELETE] = "DELETE FROM keys WHERE id = ?1 AND pubkey = ?2",

	[SQL_MINION_UPSERT] =
		"INSERT INTO minions (id, facts, version, last_seen)"
		" VALUES (?1, coalesce(?2, '{}'), ?3, ?4)"
		" ON CONFLICT (id) DO UPDATE SET facts = coalesce(?2, facts),"
		" version = coalesce(?3, version),"
		" last_seen = max(coalesce(last_seen, ?4), ?4)",
	[SQL_MINION_GET] = "SELECT id, facts, version, last_seen FROM minions"
			   " WHERE id = ?1",
	[SQL_MINION_LIST] = "SELECT id, facts, version, last_seen FROM minions"
			    " ORDER BY id",
	[SQL_MINION_DELETE] = "DELETE FROM minions WHERE id = ?1",

	[SQL_JOB_INSERT] = "INSERT INTO jobs (jid, created, uid, user, target,"
			   " tgt_type, fun, args, kwargs, timeout)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[SQL_JM_INSERT] = "INSERT OR IGNORE INTO job_minions (jid, id, state)"
			  " VALUES (?1, ?2, 'queued')",
	[SQL_JM_STATE] =
		"UPDATE job_minions SET state = ?3,"
		" delivered = CASE WHEN ?3 = 'delivered' THEN ?4"
		" ELSE delivered END,"
		" running = CASE WHEN ?3 = 'running' THEN ?4 ELSE running END,"
		" ended = CASE WHEN ?5 >= 3 THEN ?4 ELSE ended END"
		" WHERE jid = ?1 AND id = ?2 AND CASE state"
		" WHEN 'queued' THEN 0 WHEN 'delivered' THEN 1"
		" WHEN 'running' THEN 2 ELSE 3 END < ?5",
	[SQL_JM_EXISTS] = "SELECT state FROM job_minions"
			  " WHERE jid = ?1 AND id = ?2",
	[SQL_RETURN_PUT] =
		"UPDATE job_minions SET ret = ?3, retcode = ?4, started = ?5,"
		" finished = ?6, ended = ?7,"
		" state = CASE WHEN ?4 = 0 THEN 'done' ELSE 'failed' END"
		" WHERE jid = ?1 AND id = ?2 AND ret IS NULL"
		" AND state != 'skipped'",
	[SQL_JOB_GET] = "SELECT " JOB_COLS " FROM jobs WHERE jid = ?1",
	[SQL_JM_OF_JOB] = "SELECT id, state, retcode, ret, started, finished,"
			  " delivered, running, ended FROM job_minions"
			  " WHERE jid = ?1 ORDER BY id",
	[SQL_JOB_LIST] = "SELECT " JOB_COLS " FROM jobs"
			 " ORDER BY jid DESC LIMIT ?1",
	[SQL_JM_COUNTS] = "SELECT state, count(*) FROM job_minions"
			  " WHERE jid = ?1 GROUP BY state",
	[SQL_JOBS_ACTIVE] = "SELECT " JOB_COLS " FROM jobs WHERE jid IN"
			    " (SELECT jid FROM job_minions WHERE " JM_OPEN ")"
			    " ORDER BY jid",
	[SQL_JM_WAITING] = "SELECT id, state FROM job_minions"
			   " WHERE jid = ?1 AND " JM_OPEN " ORDER BY id",
	[SQL_JOB_OPEN_FOR] =
		"SELECT j.jid, j.fun, j.args, j.kwargs, j.created,"
		" j.timeout, m.state FROM job_minions AS m JOIN jobs AS j"
		" ON j.jid = m.jid WHERE m.id = ?1 AND m." JM_OPEN
		" ORDER BY j.jid",
	[SQL_JOB_EXPIRE] =
		"UPDATE job_minions SET ended = ?2, state = CASE state"
		" WHEN 'queued' THEN 'offline' ELSE 'timeout' END"
		" WHERE jid = ?1 AND " JM_OPEN,
	[SQL_JOB_EXISTS] = "SELECT 1 FROM jobs WHERE jid = ?1",
	[SQL_JOB_PURGE] = "DELETE FROM jobs WHERE created < ?1",
	[SQL_JOB_MAX] = "SELECT max(jid) FROM jobs",

	[SQL_AUDIT_INSERT] =
		"INSERT INTO audit (time, uid, user, action, target, tgt_type,"
		" minions, fun, args, jid, outcome)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[SQL_AUDIT_LIST] = "SELECT seq, time, uid, user, action, target,"
			   " tgt_type, minions, fun, args, jid, outcome"
			   " FROM audit ORDER BY seq DESC LIMIT ?1",

	[SQL_VERSION_GET] = "SELECT version FROM schema_version",
	[SQL_VERSION_SET] = "UPDATE schema_version SET version = ?1",
};

/*
 * migrations[i] brings the schema from version i to version i + 1. Append
 * to the list, never edit an entry that has shipped. ORDER MIGRATION
 */
static const char *const migrations[] = {
	/* 0 -> 1: keys, minions, jobs, returns, audit */
	"CREATE TABLE keys ("
	" id TEXT NOT NULL,"
	" pubkey TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN"
	"  ('pending', 'accepted', 'rejected', 'denied')),"
	" first_seen REAL NOT NULL,"
	" updated REAL NOT NULL,"
	" PRIMARY KEY (id, pubkey)) WITHOUT ROWID;"
	"CREATE INDEX keys_by_pubkey ON keys (pubkey);"
	/* an id never has two accepted keys, whatever a caller does */
	"CREATE UNIQUE INDEX keys_one_accepted ON keys (id)"
	" WHERE state = 'accepted';"

	"CREATE TABLE minions ("
	" id TEXT PRIMARY KEY NOT NULL,"
	" facts TEXT NOT NULL,"
	" version TEXT,"
	" last_seen REAL) WITHOUT ROWID;"

	"CREATE TABLE jobs ("
	" jid TEXT PRIMARY KEY NOT NULL,"
	" created REAL NOT NULL,"
	" uid INTEGER,"
	" user TEXT,"
	" target TEXT,"
	" tgt_type TEXT,"
	" fun TEXT NOT NULL,"
	" args TEXT NOT NULL,"
	" kwargs TEXT NOT NULL,"
	" timeout REAL) WITHOUT ROWID;"
	"CREATE INDEX jobs_by_created ON jobs (created);"

	"CREATE TABLE job_minions ("
	" jid TEXT NOT NULL REFERENCES jobs (jid) ON DELETE CASCADE,"
	" id TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('queued', 'delivered',"
	"  'running', 'done', 'failed', 'timeout', 'offline', 'skipped')),"
	" delivered REAL,"
	" running REAL,"
	" ended REAL,"
	" retcode INTEGER,"
	" ret TEXT," /* the return as JSON; NULL until one arrived */
	" started REAL,"
	" finished REAL,"
	" PRIMARY KEY (jid, id)) WITHOUT ROWID;"
	"CREATE INDEX job_minions_open_by_jid ON job_minions (jid)"
	" WHERE " JM_OPEN ";"
	"CREATE INDEX job_minions_open_by_id ON job_minions (id)"
	" WHERE " JM_OPEN ";"

	"CREATE TABLE audit ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" time REAL NOT NULL,"
	" uid INTEGER,"
	" user TEXT,"
	" action TEXT NOT NULL,"
	" target TEXT,"
	" tgt_type TEXT,"
	" minions TEXT,"
	" fun TEXT,"
	" args TEXT,"
	" jid TEXT,"
	" outcome TEXT);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
	/* INSERT OR REPLACE deletes without firing DELETE triggers */
	"CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit"
	" WHEN EXISTS (SELECT 1 FROM audit WHERE seq = NEW.seq)"
	" BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;",
};

int store_schema_version(void)
{
	return (int)ARRAY_SIZE(migrations);
}

double store_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000) / 1e6;
}

/* --- helpers shared with store_key.c and store_job.c ------------------- */

int store_dberr(struct store *s, int rc, const char *fmt, ...)
{
	struct buf what = BUF_INIT;
	const char *why;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&what, fmt, ap);
	va_end(ap);
	if (s && s->db && sqlite3_extended_errcode(s->db) == rc)
		why = sqlite3_errmsg(s->db);
	else
		why = sqlite3_errstr(rc);
	err_set("%s: %s", what.ptr, why);
	buf_release(&what);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    rc == SQLITE_CONSTRAINT_UNIQUE)
		return ERR_EXISTS;
	return -1;
}

sqlite3_stmt *store_stmt(struct store *s, enum store_stmt id, const char *what)
{
	if (!s->stmts[id]) {
		int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
					    SQLITE_PREPARE_PERSISTENT,
					    &s->stmts[id], NULL);
		if (rc != SQLITE_OK) {
			store_dberr(s, rc, "%s", what);
			sqlite3_finalize(s->stmts[id]);
			s->stmts[id] = NULL;
			return NULL;
		}
	}
	s->bind_rc = SQLITE_OK;
	return s->stmts[id];
}

static void note_bind(struct store *s, int rc)
{
	if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
		s->bind_rc = rc;
}

void store_bind_text(struct store *s, sqlite3_stmt *st, int i, const char *v)
{
	note_bind(s, v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC)
		       : sqlite3_bind_null(st, i));
}

void store_bind_int(struct store *s, sqlite3_stmt *st, int i, int64_t v)
{
	note_bind(s, sqlite3_bind_int64(st, i, v));
}

void store_bind_real(struct store *s, sqlite3_stmt *st, int i, double v)
{
	note_bind(s, sqlite3_bind_double(st, i, v));
}

int store_bind_json(struct store *s, sqlite3_stmt *st, int i, const json_t *v,
		    const char *dflt)
{
	char *text;

	if (!v) {
		store_bind_text(s, st, i, dflt);
		return 0;
	}
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text)
		return err_set("cannot encode JSON");
	note_bind(s, sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT));
	free(text);
	return 0;
}

int store_step(struct store *s, sqlite3_stmt *st)
{
	if (s->bind_rc != SQLITE_OK) {
		int rc = s->bind_rc;
		s->bind_rc = SQLITE_OK;
		return rc;
	}
	return sqlite3_step(st);
}

void store_done(struct store *s, sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	s->bind_rc = SQLITE_OK;
}

int store_run(struct store *s, sqlite3_stmt *st, const char *fmt, ...)
{
	int rc = store_step(s, st), error = 0;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		struct buf what = BUF_INIT;
		va_list ap;
		va_start(ap, fmt);
		buf_vaddf(&what, fmt, ap);
		va_end(ap);
		error = store_dberr(s, rc, "%s", what.ptr);
		buf_release(&what);
	}
	store_done(s, st);
	return error;
}

json_t *store_col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	json_t *j;

	if (!t)
		return json_null();
	j = json_stringn(t, (size_t)sqlite3_column_bytes(st, i));
	return j ? j : json_null(); /* not UTF-8: written by hand */
}

json_t *store_col_real(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	return json_real(sqlite3_column_double(st, i));
}

json_t *store_col_int(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(st, i));
}

json_t *store_col_json(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	json_error_t jerr;
	json_t *j;

	if (!t)
		return json_null();
	j = json_loadb(t, (size_t)sqlite3_column_bytes(st, i),
		       JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	if (!j) {
		log_warning("store: unreadable JSON in column '%s': %s",
			    sqlite3_column_name(st, i), jerr.text);
		return json_null();
	}
	return j;
}

bool store_is_text(const char *s)
{
	json_t *j;

	if (!s)
		return false;
	j = json_string(s);
	json_decref(j);
	return j != NULL;
}

int store_check_text(const char *what, const char *v)
{
	if (!v || !*v)
		return err_set("%s is empty", what);
	if (!store_is_text(v))
		return err_set("%s is not valid UTF-8", what);
	return 0;
}

static int exec_stmt(struct store *s, enum store_stmt id, const char *what)
{
	sqlite3_stmt *st = store_stmt(s, id, what);
	if (!st)
		return -1;
	return store_run(s, st, "%s", what);
}

int store_tx_begin(struct store *s, bool write)
{
	enum store_stmt id;

	if (s->depth > 0 && sqlite3_get_autocommit(s->db)) {
		/* SQLite rolled the whole transaction back after an error */
		s->depth = 0;
		s->in_batch = false;
	}
	if (s->depth == 0)
		id = write ? SQL_BEGIN_WRITE : SQL_BEGIN_READ;
	else
		id = SQL_SAVEPOINT;
	if (exec_stmt(s, id, "cannot begin a transaction") < 0)
		return -1;
	s->depth++;
	return 0;
}

/* Keeps the caller's error message: a failed rollback is only logged. */
void store_tx_rollback(struct store *s)
{
	struct buf msg = BUF_INIT;
	int error;

	if (s->depth == 0)
		return;
	s->depth--;
	if (sqlite3_get_autocommit(s->db)) {
		s->depth = 0;
		s->in_batch = false;
		return;
	}
	buf_addstr(&msg, err_last());
	if (s->depth == 0) {
		error = exec_stmt(s, SQL_ROLLBACK, "cannot roll back");
	} else {
		error = exec_stmt(s, SQL_ROLLBACK_TO, "cannot roll back");
		if (!error)
			error = exec_stmt(s, SQL_RELEASE, "cannot roll back");
	}
	if (error)
		log_warning("store '%s': %s", s->path, err_last());
	err_set("%s", msg.ptr);
	buf_release(&msg);
}

int store_tx_commit(struct store *s)
{
	if (s->depth == 0)
		BUG("store_tx_commit without a transaction");
	if (sqlite3_get_autocommit(s->db)) {
		s->depth = 0;
		s->in_batch = false;
		return err_set(
			"cannot commit: the transaction was rolled back");
	}
	if (exec_stmt(s, s->depth == 1 ? SQL_COMMIT : SQL_RELEASE,
		      "cannot commit") < 0) {
		store_tx_rollback(s);
		return -1;
	}
	s->depth--;
	return 0;
}

/* --- open, close, batches ----------------------------------------------- */

/* SQLite gives the -wal and -shm files the mode of the database file. */
static int create_private(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return err_set_errno("cannot open store '%s'", path);
	close(fd);
	return 0;
}

static int migrate(struct store *s)
{
	sqlite3_stmt *st;
	int version = 0, rc, error;

	if (store_tx_begin(s, true) < 0)
		return -1;
	rc = sqlite3_exec(s->db,
			  "CREATE TABLE IF NOT EXISTS schema_version"
			  " (version INTEGER NOT NULL);"
			  "INSERT INTO schema_version (version)"
			  " SELECT 0 WHERE NOT EXISTS"
			  " (SELECT 1 FROM schema_version);",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		error = store_dberr(s, rc, "cannot create the schema of '%s'",
				    s->path);
		goto fail;
	}
	error = -1;
	if (!(st = store_stmt(s, SQL_VERSION_GET,
			      "cannot read schema version")))
		goto fail;
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	store_done(s, st);
	if (rc != SQLITE_ROW) {
		error = store_dberr(s, rc,
				    "cannot read the schema version of '%s'",
				    s->path);
		goto fail;
	}
	if (version < 0 || version > store_schema_version()) {
		error = err_set(
			"store '%s' has schema version %d, newer than this tend's %d",
			s->path, version, store_schema_version());
		goto fail;
	}
	for (int v = version; v < store_schema_version(); v++) {
		rc = sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			error = store_dberr(
				s, rc,
				"cannot migrate '%s' to schema version %d",
				s->path, v + 1);
			goto fail;
		}
	}
	if (version != store_schema_version()) {
		if (!(st = store_stmt(s, SQL_VERSION_SET,
				      "cannot set schema version")))
			goto fail;
		store_bind_int(s, st, 1, store_schema_version());
		if (store_run(s, st, "cannot set the schema version of '%s'",
			      s->path) < 0)
			goto fail;
		log_info("store '%s': schema version %d -> %d", s->path,
			 version, store_schema_version());
	}
	return store_tx_commit(s);
fail:
	store_tx_rollback(s);
	return error;
}

/*
 * Runs a PRAGMA. Switching to WAL can fail with SQLITE_BUSY at once, without
 * the busy handler, while another connection opens the same new file: it is
 * retried here for as long as the busy timeout.
 */
static int pragma(struct store *s, const char *sql, const char *expect)
{
	const struct timespec pause = {0, 2000000};
	double deadline = store_now() + STORE_BUSY_MS / 1000.0;
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	for (;;) {
		rc = st ? SQLITE_OK
			: sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if ((rc & 0xff) != SQLITE_BUSY || store_now() > deadline)
			break;
		sqlite3_reset(st);
		nanosleep(&pause, NULL);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		error = store_dberr(s, rc, "cannot set up store '%s' (%s)",
				    s->path, sql);
	} else if (expect) {
		const char *got =
			rc == SQLITE_ROW
				? (const char *)sqlite3_column_text(st, 0)
				: NULL;
		if (!got || strcasecmp(got, expect))
			error = err_set(
				"cannot set up store '%s': %s gave '%s', not '%s'",
				s->path, sql, got ? got : "", expect);
	}
	sqlite3_finalize(st);
	return error;
}

int store_open(struct store **out, const char *path)
{
	struct store *s;
	int rc;

	*out = NULL;
	if (create_private(path) < 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
			     NULL);
	if (rc != SQLITE_OK) {
		store_dberr(s, rc, "cannot open store '%s'", path);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	/*
	 * synchronous=FULL: with WAL, NORMAL loses the last commits on power
	 * loss, and a return must be durable before the minion gets its ack.
	 */
	if (pragma(s, "PRAGMA journal_mode = WAL", "wal") < 0 ||
	    pragma(s, "PRAGMA synchronous = FULL", NULL) < 0 ||
	    pragma(s, "PRAGMA foreign_keys = ON", NULL) < 0 ||
	    pragma(s, "PRAGMA trusted_schema = OFF", NULL) < 0)
		goto fail;
	if (migrate(s) < 0)
		goto fail;
	if (store_jid_floor_from_db(s) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->depth > 0 && s->db && !sqlite3_get_autocommit(s->db)) {
		log_warning(
			"store '%s': closing with an open batch, rolled back",
			s->path);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(s->stmts); i++)
		sqlite3_finalize(s->stmts[i]);
	if (s->db && sqlite3_close(s->db) != SQLITE_OK)
		log_warning("store '%s': cannot close: %s", s->path,
			    sqlite3_errmsg(s->db));
	free(s->path);
	free(s);
}

int store_batch_begin(struct store *s)
{
	if (s->in_batch && !sqlite3_get_autocommit(s->db))
		return err_set("cannot begin a batch: one is already open");
	if (store_tx_begin(s, true) < 0)
		return -1;
	s->in_batch = true;
	return 0;
}

int store_batch_commit(struct store *s)
{
	if (!s->in_batch)
		return err_set("cannot commit a batch: none is open");
	s->in_batch = false;
	if (s->depth != 1)
		BUG("store batch commit at transaction depth %u", s->depth);
	return store_tx_commit(s);
}

void store_batch_rollback(struct store *s)
{
	if (!s->in_batch)
		return;
	s->in_batch = false;
	store_tx_rollback(s);
}

/* --- minions ------------------------------------------------------------ */

int store_minion_upsert(struct store *s, const char *id, const json_t *facts,
			const char *version, double last_seen)
{
	sqlite3_stmt *st;

	if (store_check_text("minion id", id) < 0)
		return -1;
	if (facts && !json_is_object(facts))
		return err_set(
			"cannot record minion '%s': facts are not an object",
			id);
	if (version && !store_is_text(version))
		return err_set(
			"cannot record minion '%s': version is not valid UTF-8",
			id);
	if (!(st = store_stmt(s, SQL_MINION_UPSERT, "cannot record a minion")))
		return -1;
	store_bind_text(s, st, 1, id);
	if (store_bind_json(s, st, 2, facts, NULL) < 0) {
		store_done(s, st);
		return -1;
	}
	store_bind_text(s, st, 3, version);
	store_bind_real(s, st, 4, last_seen);
	return store_run(s, st, "cannot record minion '%s'", id);
}

static json_t *minion_row(sqlite3_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", store_col_text(st, 0));
	json_object_set_new(o, "facts", store_col_json(st, 1));
	json_object_set_new(o, "version", store_col_text(st, 2));
	json_object_set_new(o, "last_seen", store_col_real(st, 3));
	return o;
}

int store_minion_get(json_t **out, struct store *s, const char *id)
{
	sqlite3_stmt *st =
		store_stmt(s, SQL_MINION_GET, "cannot read a minion");
	int rc, error = 0;

	*out = NULL;
	if (!st)
		return -1;
	store_bind_text(s, st, 1, id);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*out = minion_row(st);
	} else if (rc == SQLITE_DONE) {
		err_set("unknown minion '%s'", id);
		error = ERR_NOTFOUND;
	} else {
		error = store_dberr(s, rc, "cannot read minion '%s'", id);
	}
	store_done(s, st);
	return error;
}

int store_minion_list(json_t **out, struct store *s)
{
	sqlite3_stmt *st =
		store_stmt(s, SQL_MINION_LIST, "cannot list minions");
	json_t *list;
	int rc, error = 0;

	*out = NULL;
	if (!st)
		return -1;
	list = json_array();
	while ((rc = store_step(s, st)) == SQLITE_ROW)
		json_array_append_new(list, minion_row(st));
	if (rc != SQLITE_DONE) {
		error = store_dberr(s, rc, "cannot list minions");
		json_decref(list);
	} else {
		*out = list;
	}
	store_done(s, st);
	return error;
}

int store_minion_delete(struct store *s, const char *id)
{
	sqlite3_stmt *st =
		store_stmt(s, SQL_MINION_DELETE, "cannot delete a minion");
	if (!st)
		return -1;
	store_bind_text(s, st, 1, id);
	if (store_run(s, st, "cannot delete minion '%s'", id) < 0)
		return -1;
	if (!sqlite3_changes(s->db)) {
		err_set("unknown minion '%s'", id);
		return ERR_NOTFOUND;
	}
	return 0;
}

/* --- audit -------------------------------------------------------------- */

static bool opt_text(const char *v)
{
	return !v || store_is_text(v);
}

int store_audit_add(struct store *s, const struct store_audit *a)
{
	sqlite3_stmt *st;

	if (store_check_text("audit action", a->action) < 0)
		return -1;
	if (!opt_text(a->user) || !opt_text(a->target) ||
	    !opt_text(a->tgt_type) || !opt_text(a->fun) || !opt_text(a->jid) ||
	    !opt_text(a->outcome))
		return err_set("cannot audit '%s': a field is not valid UTF-8",
			       a->action);
	if (!(st = store_stmt(s, SQL_AUDIT_INSERT,
			      "cannot write the audit log")))
		return -1;
	store_bind_real(s, st, 1, a->time > 0 ? a->time : store_now());
	store_bind_int(s, st, 2, a->uid);
	store_bind_text(s, st, 3, a->user);
	store_bind_text(s, st, 4, a->action);
	store_bind_text(s, st, 5, a->target);
	store_bind_text(s, st, 6, a->tgt_type);
	store_bind_text(s, st, 8, a->fun);
	store_bind_text(s, st, 10, a->jid);
	store_bind_text(s, st, 11, a->outcome);
	if (store_bind_json(s, st, 7, a->minions, NULL) < 0 ||
	    store_bind_json(s, st, 9, a->args, NULL) < 0) {
		store_done(s, st);
		return -1;
	}
	return store_run(s, st, "cannot audit '%s'", a->action);
}

int store_audit_list(json_t **out, struct store *s, int limit)
{
	static const char *const cols[] = {
		"seq",	    "time",    "uid", "user", "action", "target",
		"tgt_type", "minions", "fun", "args", "jid",	"outcome",
	};
	sqlite3_stmt *st =
		store_stmt(s, SQL_AUDIT_LIST, "cannot read the audit log");
	json_t *list;
	int rc, error = 0;

	*out = NULL;
	if (!st)
		return -1;
	store_bind_int(s, st, 1, limit > 0 ? limit : -1);
	list = json_array();
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; i < (int)ARRAY_SIZE(cols); i++) {
			json_t *v;
			if (i == 0 || i == 2)
				v = store_col_int(st, i);
			else if (i == 1)
				v = store_col_real(st, i);
			else if (i == 7 || i == 9)
				v = store_col_json(st, i);
			else
				v = store_col_text(st, i);
			json_object_set_new(o, cols[i], v);
		}
		json_array_append_new(list, o);
	}
	if (rc != SQLITE_DONE) {
		error = store_dberr(s, rc, "cannot read the audit log");
		json_decref(list);
	} else {
		*out = list;
	}
	store_done(s, st);
	return error;
}
