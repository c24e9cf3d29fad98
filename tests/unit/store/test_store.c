/* SPDX-License-Identifier: MIT */
/* test_store.c: the store keeps keys, minions, jobs and audit as promised */
#include "util/compat.h"
#include "remote/store.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

/* Z85 public keys have 40 characters; their form does not matter here. */
#define K1 "k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1k1"
#define K2 "k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2k2"
#define K3 "k3k3k3k3k3k3k3k3k3k3k3k3k3k3k3k3k3k3k3k3"

struct fx {
	char *dir;
	char *path; /* dir/master.db */
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct buf b = BUF_INIT;
	const char *tmp = getenv("TMPDIR");

	buf_addf(&b, "%s/tend-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	f->dir = buf_detach(&b, NULL);
	if (!mkdtemp(f->dir))
		fail_msg("mkdtemp: %s", strerror(errno));
	buf_addf(&b, "%s/master.db", f->dir);
	f->path = buf_detach(&b, NULL);
	if (store_open(&f->s, f->path) < 0)
		fail_msg("store_open: %s", err_last());
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	DIR *d;
	struct dirent *e;

	store_close(f->s);
	if ((d = opendir(f->dir))) {
		while ((e = readdir(d))) {
			struct buf p = BUF_INIT;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			buf_addf(&p, "%s/%s", f->dir, e->d_name);
			unlink(p.ptr);
			buf_release(&p);
		}
		closedir(d);
	}
	rmdir(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static void reopen(struct fx *f)
{
	store_close(f->s);
	f->s = NULL;
	if (store_open(&f->s, f->path) < 0)
		fail_msg("store_open again: %s", err_last());
}

/* --- a raw connection, to look behind the interface -------------------- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(
		sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL),
		SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* The first column of the first row of `sql` as text (the caller frees). */
static char *raw_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void assert_raw_text(sqlite3 *db, const char *sql, const char *want)
{
	char *got = raw_text(db, sql);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* --- JSON helpers ------------------------------------------------------- */

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
	if (!j)
		fail_msg("bad JSON in test: %s", e.text);
	return j;
}

static void assert_json_eq(const json_t *got, const char *want_text)
{
	json_t *want = parse(want_text);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_ENCODE_ANY | JSON_SORT_KEYS);
		fail_msg("got %s, want %s", g, want_text);
	}
	json_decref(want);
}

static const char *jstr(const json_t *o, const char *path1, const char *path2)
{
	const json_t *v = json_object_get(o, path1);
	if (path2)
		v = json_object_get(v, path2);
	return json_string_value(v);
}

/* The minion entry of job `jid` (a new reference). */
static json_t *job_minion(struct store *s, const char *jid, const char *id)
{
	json_t *job, *m;
	assert_int_equal(store_job_get(&job, s, jid), 0);
	m = json_object_get(json_object_get(job, "minions"), id);
	assert_non_null(m);
	json_incref(m);
	json_decref(job);
	return m;
}

static const char *state_of(struct store *s, const char *jid, const char *id)
{
	static char buf[32];
	json_t *m = job_minion(s, jid, id);
	const char *st = json_string_value(json_object_get(m, "state"));
	assert_non_null(st);
	snprintf(buf, sizeof(buf), "%s", st);
	json_decref(m);
	return buf;
}

static void new_job(struct store *s, char jid[STORE_JID_LEN],
		    const char *const *minions, size_t nr)
{
	json_t *args = parse("[\"echo hi\"]"),
	       *kwargs = parse("{\"cwd\":\"/\"}");
	struct store_job j = {
		.jid = jid,
		.uid = 1000,
		.user = "alice",
		.target = "web*",
		.tgt_type = "glob",
		.fun = "cmd.run",
		.args = args,
		.kwargs = kwargs,
		.timeout = 5,
		.minions = minions,
		.nr_minions = nr,
	};
	store_new_jid(jid);
	if (store_job_create(s, &j) < 0)
		fail_msg("store_job_create: %s", err_last());
	json_decref(args);
	json_decref(kwargs);
}

/* --- opening ------------------------------------------------------------ */

static void test_store__open_creates_private_wal_database(void **state)
{
	struct fx *f = *state;
	struct buf wal = BUF_INIT;
	struct stat st;
	sqlite3 *db;
	char *v;

	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* the WAL file takes the database's mode */
	assert_int_equal(store_minion_upsert(f->s, "m1", NULL, NULL, 1), 0);
	buf_addf(&wal, "%s-wal", f->path);
	assert_int_equal(stat(wal.ptr, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	buf_release(&wal);

	db = raw_open(f->path);
	assert_raw_text(db, "PRAGMA journal_mode", "wal");
	v = raw_text(db, "SELECT version FROM schema_version");
	assert_int_equal(atoi(v), store_schema_version());
	free(v);
	assert_raw_text(db, "SELECT count(*) FROM schema_version", "1");
	sqlite3_close(db);
	assert_true(store_schema_version() >= 1);
}

static void test_store__open_refuses_what_it_cannot_use(void **state)
{
	struct fx *f = *state;
	struct buf p = BUF_INIT;
	struct store *s = (struct store *)&p;
	sqlite3 *db;
	FILE *fp;

	/* a directory that does not exist: the path is in the message */
	buf_addf(&p, "%s/no/such/dir.db", f->dir);
	assert_int_equal(store_open(&s, p.ptr), -1);
	assert_null(s);
	assert_non_null(strstr(err_last(), p.ptr));

	/* not a database: sqlite's reason is in the message */
	buf_reset(&p);
	buf_addf(&p, "%s/garbage.db", f->dir);
	fp = fopen(p.ptr, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is not an SQLite database\n", fp);
	fclose(fp);
	assert_int_equal(store_open(&s, p.ptr), -1);
	assert_null(s);
	assert_non_null(strstr(err_last(), "garbage.db"));
	assert_non_null(strstr(err_last(), "not a database"));

	/* a schema from a newer tend is refused, not damaged */
	store_close(f->s);
	f->s = NULL;
	db = raw_open(f->path);
	assert_int_equal(sqlite3_exec(db,
				      "UPDATE schema_version SET version = 99",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(store_open(&s, f->path), -1);
	assert_non_null(strstr(err_last(), "schema version 99"));
	assert_raw_text(db, "SELECT version FROM schema_version", "99");
	assert_int_equal(sqlite3_exec(db,
				      "UPDATE schema_version SET version = 1",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	reopen(f);
	buf_release(&p);
}

static void
test_store__errors_name_the_operation_and_sqlite_reason(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->path);
	json_t *out = NULL;

	assert_int_equal(sqlite3_exec(db, "DROP TABLE keys", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_key_list(&out, f->s, STORE_KEY_ALL), -1);
	assert_null(out);
	assert_string_equal(err_last(),
			    "cannot list keys: no such table: keys");
	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), -1);
	assert_non_null(strstr(err_last(), "no such table: keys"));
	/* the failed write left no transaction open behind it */
	assert_int_equal(store_minion_upsert(f->s, "web1", NULL, NULL, 1), 0);
	assert_int_equal(store_minion_get(&out, f->s, "web1"), 0);
	json_decref(out);
}

/* --- keys --------------------------------------------------------------- */

static enum store_key_state key_state(struct store *s, const char *id,
				      const char *pubkey)
{
	enum store_key_state st = 0;
	assert_int_equal(store_key_get(&st, s, id, pubkey), 0);
	return st;
}

static void
test_store__new_key_is_pending_and_presenting_again_is_noop(void **state)
{
	struct fx *f = *state;
	enum store_key_state st = 0;
	json_t *list, *again;
	char *id = NULL;

	assert_int_equal(store_key_add_pending(&st, f->s, "web1", K1), 1);
	assert_int_equal(st, STORE_KEY_PENDING);
	assert_int_equal(store_key_list(&list, f->s, STORE_KEY_ALL), 0);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(jstr(json_array_get(list, 0), "state", NULL),
			    "pending");
	assert_string_equal(jstr(json_array_get(list, 0), "pubkey", NULL), K1);

	st = 0;
	assert_int_equal(store_key_add_pending(&st, f->s, "web1", K1), 0);
	assert_int_equal(st, STORE_KEY_PENDING);
	assert_int_equal(store_key_list(&again, f->s, STORE_KEY_ALL), 0);
	/* nothing changed, not even the timestamps */
	assert_true(json_equal(list, again));
	json_decref(list);
	json_decref(again);

	assert_int_equal(store_key_lookup(&id, &st, f->s, K1), 0);
	assert_string_equal(id, "web1");
	assert_int_equal(st, STORE_KEY_PENDING);
	free(id);
	id = NULL;
	assert_int_equal(store_key_for_id(&id, f->s, "web1"), ERR_NOTFOUND);
	assert_null(id);
	assert_int_equal(store_key_lookup(&id, &st, f->s, K2), ERR_NOTFOUND);
	assert_int_equal(store_key_get(&st, f->s, "web1", K2), ERR_NOTFOUND);
	assert_int_equal(store_key_add_pending(&st, f->s, "", K1), -1);
	assert_int_equal(store_key_add_pending(&st, f->s, "web\xff", K1), -1);
}

static void
test_store__new_key_for_accepted_id_is_denied_not_overwritten(void **state)
{
	struct fx *f = *state;
	enum store_key_state st = 0;
	json_t *changed = NULL;
	char *key = NULL, *id = NULL;

	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), 1);
	assert_int_equal(store_key_set_state(&changed, f->s, "web1",
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	assert_json_eq(changed, "[{\"id\":\"web1\",\"pubkey\":\"" K1 "\","
				"\"from\":\"pending\",\"to\":\"accepted\"}]");
	json_decref(changed);
	assert_int_equal(store_key_for_id(&key, f->s, "web1"), 0);
	assert_string_equal(key, K1);
	free(key);

	/* an impostor presents another key for web1 */
	assert_int_equal(store_key_add_pending(&st, f->s, "web1", K2), 1);
	assert_int_equal(st, STORE_KEY_DENIED);
	assert_int_equal(key_state(f->s, "web1", K1), STORE_KEY_ACCEPTED);
	assert_int_equal(key_state(f->s, "web1", K2), STORE_KEY_DENIED);
	assert_int_equal(store_key_for_id(&key, f->s, "web1"), 0);
	assert_string_equal(key, K1);
	free(key);
	assert_int_equal(store_key_lookup(&id, &st, f->s, K2), 0);
	assert_string_equal(id, "web1");
	assert_int_equal(st, STORE_KEY_DENIED);
	free(id);
	/* and again: still denied, nothing added */
	assert_int_equal(store_key_add_pending(&st, f->s, "web1", K2), 0);
	assert_int_equal(st, STORE_KEY_DENIED);
	/* the accepted minion re-presenting its own key changes nothing */
	assert_int_equal(store_key_add_pending(&st, f->s, "web1", K1), 0);
	assert_int_equal(st, STORE_KEY_ACCEPTED);

	/* accepting web1 now finds no pending key ... */
	changed = NULL;
	assert_int_equal(store_key_set_state(&changed, f->s, "web1",
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 ERR_NOTFOUND);
	assert_null(changed);
	/* ... and accepting the denied one is refused: one accepted key per id */
	assert_int_equal(
		store_key_set_state(&changed, f->s, "web1",
				    STORE_KEY_PENDING | STORE_KEY_DENIED,
				    STORE_KEY_ACCEPTED),
		ERR_EXISTS);
	assert_non_null(strstr(err_last(), "already has an accepted key"));
	assert_int_equal(key_state(f->s, "web1", K1), STORE_KEY_ACCEPTED);
	assert_int_equal(key_state(f->s, "web1", K2), STORE_KEY_DENIED);

	/* a different key for a still-pending id is denied too (Salt) */
	assert_int_equal(store_key_add_pending(&st, f->s, "web2", K1), 1);
	assert_int_equal(st, STORE_KEY_PENDING);
	assert_int_equal(store_key_add_pending(&st, f->s, "web2", K3), 1);
	assert_int_equal(st, STORE_KEY_DENIED);
	/* web2 has one pending key, which can be accepted */
	assert_int_equal(store_key_set_state(NULL, f->s, "web2",
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	assert_int_equal(key_state(f->s, "web2", K1), STORE_KEY_ACCEPTED);
	assert_int_equal(key_state(f->s, "web2", K3), STORE_KEY_DENIED);
	/* a key known under two ids: the accepted row answers the lookup */
	assert_int_equal(store_key_lookup(&id, &st, f->s, K1), 0);
	assert_int_equal(st, STORE_KEY_ACCEPTED);
	assert_true(!strcmp(id, "web1") || !strcmp(id, "web2"));
	free(id);
}

static void test_store__rejected_key_stays_rejected(void **state)
{
	struct fx *f = *state;
	enum store_key_state st = 0;
	json_t *list;

	assert_int_equal(store_key_add_pending(NULL, f->s, "db1", K1), 1);
	assert_int_equal(store_key_set_state(NULL, f->s, "db1",
					     STORE_KEY_PENDING,
					     STORE_KEY_REJECTED),
			 0);
	assert_int_equal(store_key_add_pending(&st, f->s, "db1", K1), 0);
	assert_int_equal(st, STORE_KEY_REJECTED);
	/* a new key for the rejected id is refused and not recorded */
	assert_int_equal(store_key_add_pending(&st, f->s, "db1", K2), 0);
	assert_int_equal(st, STORE_KEY_REJECTED);
	assert_int_equal(store_key_get(&st, f->s, "db1", K2), ERR_NOTFOUND);
	assert_int_equal(store_key_list(&list, f->s, STORE_KEY_ALL), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	/* "accept pending" does not touch it, an explicit accept does */
	assert_int_equal(store_key_set_state(NULL, f->s, "db1",
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 ERR_NOTFOUND);
	assert_int_equal(key_state(f->s, "db1", K1), STORE_KEY_REJECTED);
	assert_int_equal(store_key_set_state(NULL, f->s, "db1",
					     STORE_KEY_REJECTED,
					     STORE_KEY_ACCEPTED),
			 0);
	assert_int_equal(key_state(f->s, "db1", K1), STORE_KEY_ACCEPTED);
}

static void test_store__accept_all_and_reject_all(void **state)
{
	struct fx *f = *state;
	json_t *changed = NULL, *list;
	size_t i;
	json_t *e;

	assert_int_equal(store_key_add_pending(NULL, f->s, "a", K1), 1);
	assert_int_equal(store_key_add_pending(NULL, f->s, "b", K2), 1);
	assert_int_equal(store_key_add_pending(NULL, f->s, "c", K3), 1);
	assert_int_equal(store_key_add_pending(NULL, f->s, "r", K1), 1);
	assert_int_equal(store_key_set_state(NULL, f->s, "r", STORE_KEY_PENDING,
					     STORE_KEY_REJECTED),
			 0);
	assert_int_equal(store_key_add_pending(NULL, f->s, "x", K1), 1);
	assert_int_equal(store_key_set_state(NULL, f->s, "x", STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	assert_int_equal(store_key_add_pending(NULL, f->s, "x", K2),
			 1); /* denied */

	assert_int_equal(store_key_set_state(&changed, f->s, NULL,
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	assert_int_equal(json_array_size(changed), 3);
	assert_string_equal(jstr(json_array_get(changed, 0), "id", NULL), "a");
	assert_string_equal(jstr(json_array_get(changed, 1), "id", NULL), "b");
	assert_string_equal(jstr(json_array_get(changed, 2), "id", NULL), "c");
	json_decref(changed);
	assert_int_equal(key_state(f->s, "r", K1), STORE_KEY_REJECTED);
	assert_int_equal(key_state(f->s, "x", K2), STORE_KEY_DENIED);

	/* accept --all --include-denied skips x (it has an accepted key) */
	assert_int_equal(
		store_key_set_state(&changed, f->s, NULL,
				    STORE_KEY_PENDING | STORE_KEY_DENIED,
				    STORE_KEY_ACCEPTED),
		0);
	assert_json_eq(changed,
		       "[{\"id\":\"x\",\"pubkey\":\"" K2 "\","
		       "\"from\":\"denied\","
		       "\"error\":\"it already has an accepted key\"}]");
	json_decref(changed);
	assert_int_equal(key_state(f->s, "x", K2), STORE_KEY_DENIED);

	/* nothing pending is left: reject --all changes nothing */
	assert_int_equal(store_key_set_state(&changed, f->s, NULL,
					     STORE_KEY_PENDING,
					     STORE_KEY_REJECTED),
			 0);
	assert_int_equal(json_array_size(changed), 0);
	json_decref(changed);
	/* reject --all --include-accepted */
	assert_int_equal(store_key_set_state(&changed, f->s, NULL,
					     STORE_KEY_ACCEPTED,
					     STORE_KEY_REJECTED),
			 0);
	assert_int_equal(json_array_size(changed), 4);
	json_decref(changed);
	assert_int_equal(store_key_list(&list, f->s, STORE_KEY_REJECTED), 0);
	assert_int_equal(json_array_size(list), 5);
	json_array_foreach(list, i, e)
	{
		assert_string_equal(jstr(e, "state", NULL), "rejected");
		assert_true(json_real_value(json_object_get(e, "first_seen")) >
			    0);
	}
	json_decref(list);
	assert_int_equal(store_key_list(&list, f->s, STORE_KEY_ACCEPTED), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
}

static void test_store__delete_keys(void **state)
{
	struct fx *f = *state;
	enum store_key_state st = 0;
	json_t *deleted = NULL, *list;

	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), 1);
	assert_int_equal(store_key_set_state(NULL, f->s, "web1",
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K2), 1);
	assert_int_equal(store_key_add_pending(NULL, f->s, "web2", K3), 1);

	assert_int_equal(
		store_key_delete(&deleted, f->s, "web1", STORE_KEY_ALL), 0);
	assert_int_equal(json_array_size(deleted), 2);
	json_decref(deleted);
	assert_int_equal(
		store_key_delete(&deleted, f->s, "web1", STORE_KEY_ALL),
		ERR_NOTFOUND);
	assert_null(deleted);
	assert_int_equal(store_key_get(&st, f->s, "web1", K1), ERR_NOTFOUND);
	/* web1 may start over: its next key is pending */
	assert_int_equal(store_key_add_pending(&st, f->s, "web1", K2), 1);
	assert_int_equal(st, STORE_KEY_PENDING);
	/* delete only the pending ones of every id (salt-key -D on pending) */
	assert_int_equal(
		store_key_delete(&deleted, f->s, NULL, STORE_KEY_PENDING), 0);
	assert_int_equal(json_array_size(deleted), 2);
	json_decref(deleted);
	assert_int_equal(store_key_list(&list, f->s, STORE_KEY_ALL), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	/* deleting everything from an empty table is not an error */
	assert_int_equal(store_key_delete(NULL, f->s, NULL, STORE_KEY_ALL), 0);
}

static void test_store__one_accepted_key_per_id_even_by_raw_sql(void **state)
{
	struct fx *f = *state;
	sqlite3 *db;

	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), 1);
	assert_int_equal(store_key_set_state(NULL, f->s, "web1",
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	db = raw_open(f->path);
	assert_int_equal(
		sqlite3_exec(db,
			     "INSERT INTO keys VALUES ('web1', 'other',"
			     " 'accepted', 0, 0)",
			     NULL, NULL, NULL),
		SQLITE_CONSTRAINT);
	sqlite3_close(db);
}

/* --- minions ------------------------------------------------------------ */

static void test_store__minion_registry(void **state)
{
	struct fx *f = *state;
	json_t *facts = parse(
		"{\"os\":{\"family\":\"Debian\"},\"cluster\":\"canary\"}");
	json_t *m = NULL, *list;

	assert_int_equal(store_minion_upsert(f->s, "web1", facts, "0.1.0", 100),
			 0);
	assert_int_equal(store_minion_get(&m, f->s, "web1"), 0);
	assert_json_eq(m, "{\"id\":\"web1\",\"facts\":{\"os\":{\"family\":"
			  "\"Debian\"},\"cluster\":\"canary\"},"
			  "\"version\":\"0.1.0\",\"last_seen\":100.0}");
	json_decref(m);

	/* a heartbeat: facts and version kept, last_seen never goes back */
	assert_int_equal(store_minion_upsert(f->s, "web1", NULL, NULL, 200), 0);
	assert_int_equal(store_minion_upsert(f->s, "web1", NULL, NULL, 150), 0);
	assert_int_equal(store_minion_get(&m, f->s, "web1"), 0);
	assert_true(json_equal(json_object_get(m, "facts"), facts));
	assert_string_equal(jstr(m, "version", NULL), "0.1.0");
	assert_true(json_real_value(json_object_get(m, "last_seen")) == 200.0);
	json_decref(m);

	/* new facts replace the old ones */
	assert_int_equal(store_minion_upsert(f->s, "web1",
					     json_object_get(facts, "os"),
					     "0.2.0", 300),
			 0);
	assert_int_equal(store_minion_upsert(f->s, "db1", NULL, NULL, 5), 0);
	assert_int_equal(store_minion_list(&list, f->s), 0);
	assert_json_eq(list,
		       "[{\"id\":\"db1\",\"facts\":{},\"version\":null,"
		       "\"last_seen\":5.0},"
		       "{\"id\":\"web1\",\"facts\":{\"family\":\"Debian\"},"
		       "\"version\":\"0.2.0\",\"last_seen\":300.0}]");
	json_decref(list);

	m = parse("[1]");
	assert_int_equal(store_minion_upsert(f->s, "web1", m, NULL, 1), -1);
	json_decref(m);
	m = NULL;
	assert_int_equal(store_minion_get(&m, f->s, "nope"), ERR_NOTFOUND);
	assert_null(m);
	assert_int_equal(store_minion_delete(f->s, "db1"), 0);
	assert_int_equal(store_minion_delete(f->s, "db1"), ERR_NOTFOUND);
	assert_int_equal(store_minion_get(&m, f->s, "db1"), ERR_NOTFOUND);
	json_decref(facts);
}

/* --- jobs --------------------------------------------------------------- */

static void test_store__jids_strictly_increase(void **state UNUSED)
{
	char prev[STORE_JID_LEN] = "", jid[STORE_JID_LEN], today[16];
	time_t now = time(NULL);
	struct tm tm;

	for (int i = 0; i < 1000; i++) {
		store_new_jid(jid);
		assert_true(store_jid_is_valid(jid));
		assert_int_equal(strlen(jid), 20);
		if (i)
			assert_true(strcmp(prev, jid) < 0);
		memcpy(prev, jid, sizeof(jid));
	}
	/* UTC date and time: the jid starts with today's date */
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y%m%d", &tm);
	assert_memory_equal(jid, today, 8);

	assert_false(store_jid_is_valid("2026112304550112345"));
	assert_false(store_jid_is_valid("202611230455011234567"));
	assert_false(store_jid_is_valid("2026112304550112345x"));
	assert_false(store_jid_is_valid(NULL));
}

struct jid_thread {
	char jids[500][STORE_JID_LEN];
};

static void *make_jids(void *arg)
{
	struct jid_thread *t = arg;
	for (size_t i = 0; i < ARRAY_SIZE(t->jids); i++)
		store_new_jid(t->jids[i]);
	return NULL;
}

static int cmp_jid(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_store__jids_are_unique_across_threads(void **state UNUSED)
{
	struct jid_thread *t = xcalloc(2, sizeof(*t));
	pthread_t th[2];
	char(*all)[STORE_JID_LEN] = xcalloc(1000, STORE_JID_LEN);

	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, make_jids, &t[i]),
				 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 2; i++) {
		for (int k = 1; k < 500; k++)
			assert_true(strcmp(t[i].jids[k - 1], t[i].jids[k]) < 0);
		memcpy(all[i * 500], t[i].jids, sizeof(t[i].jids));
	}
	qsort(all, 1000, STORE_JID_LEN, cmp_jid);
	for (int k = 1; k < 1000; k++)
		assert_true(strcmp(all[k - 1], all[k]) < 0);
	free(all);
	free(t);
}

static void test_store__job_lifecycle(void **state)
{
	struct fx *f = *state;
	const char *const ids[] = {"web1", "web2", "web3", "web4", "web2"};
	char jid[STORE_JID_LEN];
	json_t *job, *m, *ret = parse("\"hi\"");

	new_job(f->s, jid, ids, ARRAY_SIZE(ids));
	assert_int_equal(store_job_get(&job, f->s, jid), 0);
	assert_string_equal(jstr(job, "jid", NULL), jid);
	assert_string_equal(jstr(job, "fun", NULL), "cmd.run");
	assert_string_equal(jstr(job, "user", NULL), "alice");
	assert_string_equal(jstr(job, "target", NULL), "web*");
	assert_string_equal(jstr(job, "tgt_type", NULL), "glob");
	assert_json_eq(json_object_get(job, "args"), "[\"echo hi\"]");
	assert_json_eq(json_object_get(job, "kwargs"), "{\"cwd\":\"/\"}");
	assert_int_equal(json_integer_value(json_object_get(job, "uid")), 1000);
	assert_true(json_real_value(json_object_get(job, "created")) > 1e9);
	/* the duplicate web2 counts once */
	assert_int_equal(json_object_size(json_object_get(job, "minions")), 4);
	m = json_object_get(json_object_get(job, "minions"), "web1");
	assert_json_eq(m,
		       "{\"state\":\"queued\",\"retcode\":null,\"return\":null,"
		       "\"started\":null,\"finished\":null,\"delivered\":null,"
		       "\"running\":null,\"ended\":null}");
	json_decref(job);

	/* web1: queued -> delivered -> running -> done */
	assert_int_equal(store_job_minion_state(f->s, jid, "web1",
						STORE_JM_DELIVERED, 10),
			 0);
	assert_int_equal(store_job_minion_state(f->s, jid, "web1",
						STORE_JM_DELIVERED, 11),
			 1);
	assert_int_equal(
		store_job_minion_state(f->s, jid, "web1", STORE_JM_RUNNING, 12),
		0);
	assert_int_equal(store_job_minion_state(f->s, jid, "web1",
						STORE_JM_DELIVERED, 13),
			 1);
	assert_string_equal(state_of(f->s, jid, "web1"), "running");
	assert_int_equal(store_return_put(f->s, jid, "web1", 0, ret, 12.5, 14),
			 0);
	/* a late heartbeat after the return is ignored */
	assert_int_equal(
		store_job_minion_state(f->s, jid, "web1", STORE_JM_RUNNING, 15),
		1);
	assert_int_equal(
		store_job_minion_state(f->s, jid, "web1", STORE_JM_TIMEOUT, 16),
		1);
	m = job_minion(f->s, jid, "web1");
	assert_string_equal(jstr(m, "state", NULL), "done");
	assert_int_equal(json_integer_value(json_object_get(m, "retcode")), 0);
	assert_json_eq(json_object_get(m, "return"), "\"hi\"");
	assert_true(json_real_value(json_object_get(m, "delivered")) == 10);
	assert_true(json_real_value(json_object_get(m, "running")) == 12);
	assert_true(json_real_value(json_object_get(m, "started")) == 12.5);
	assert_true(json_real_value(json_object_get(m, "finished")) == 14);
	assert_true(json_real_value(json_object_get(m, "ended")) > 1e9);
	json_decref(m);

	/* web2 fails: running straight from queued (the ack was lost) */
	assert_int_equal(
		store_job_minion_state(f->s, jid, "web2", STORE_JM_RUNNING, 20),
		0);
	assert_int_equal(store_return_put(f->s, jid, "web2", 2, NULL, 20, 21),
			 0);
	m = job_minion(f->s, jid, "web2");
	assert_string_equal(jstr(m, "state", NULL), "failed");
	assert_int_equal(json_integer_value(json_object_get(m, "retcode")), 2);
	assert_true(json_is_null(json_object_get(m, "return")));
	assert_true(json_is_null(json_object_get(m, "delivered")));
	json_decref(m);

	/* web3 was delivered, web4 never was */
	assert_int_equal(store_job_minion_state(f->s, jid, "web3",
						STORE_JM_DELIVERED, 30),
			 0);
	assert_int_equal(store_jobs_active(&job, f->s), 0);
	assert_int_equal(json_array_size(job), 1);
	assert_json_eq(json_object_get(json_array_get(job, 0), "waiting"),
		       "{\"web3\":\"delivered\",\"web4\":\"queued\"}");
	assert_json_eq(
		json_object_get(json_array_get(job, 0), "counts"),
		"{\"total\":4,\"queued\":1,\"delivered\":1,\"running\":0,"
		"\"done\":1,\"failed\":1,\"timeout\":0,\"offline\":0,\"skipped\":0}");
	json_decref(job);
	assert_int_equal(store_job_open_for(&job, f->s, "web4"), 0);
	assert_int_equal(json_array_size(job), 1);
	assert_string_equal(jstr(json_array_get(job, 0), "jid", NULL), jid);
	assert_string_equal(jstr(json_array_get(job, 0), "state", NULL),
			    "queued");
	assert_string_equal(jstr(json_array_get(job, 0), "fun", NULL),
			    "cmd.run");
	json_decref(job);
	assert_int_equal(store_job_open_for(&job, f->s, "web1"), 0);
	assert_int_equal(json_array_size(job), 0);
	json_decref(job);

	assert_int_equal(store_job_expire(f->s, jid, 40), 2);
	assert_string_equal(state_of(f->s, jid, "web3"), "timeout");
	assert_string_equal(state_of(f->s, jid, "web4"), "offline");
	assert_string_equal(state_of(f->s, jid, "web1"), "done");
	assert_string_equal(state_of(f->s, jid, "web2"), "failed");
	assert_int_equal(store_job_expire(f->s, jid, 41), 0);
	assert_int_equal(store_job_minion_state(f->s, jid, "web4",
						STORE_JM_DELIVERED, 42),
			 1);
	assert_int_equal(store_jobs_active(&job, f->s), 0);
	assert_int_equal(json_array_size(job), 0);
	json_decref(job);

	/* a return that arrives after the timeout is kept, not lost */
	assert_int_equal(store_return_put(f->s, jid, "web3", 0, ret, 30, 45),
			 0);
	assert_string_equal(state_of(f->s, jid, "web3"), "done");

	assert_int_equal(
		store_job_minion_state(f->s, jid, "web9", STORE_JM_RUNNING, 1),
		ERR_NOTFOUND);
	assert_int_equal(store_job_expire(f->s, "20000101000000000000", 1),
			 ERR_NOTFOUND);
	assert_int_equal(store_job_get(&job, f->s, "20000101000000000000"),
			 ERR_NOTFOUND);
	assert_null(job);
	assert_non_null(strstr(err_last(), "20000101000000000000"));
	json_decref(ret);
}

static void test_store__duplicate_return_is_detected_and_kept(void **state)
{
	struct fx *f = *state;
	const char *const ids[] = {"web1", "web2"};
	char jid[STORE_JID_LEN];
	json_t *first = parse("{\"vim\":{\"old\":\"1\",\"new\":\"2\"}}");
	json_t *second = parse("{\"forged\":true}"), *m;

	new_job(f->s, jid, ids, ARRAY_SIZE(ids));
	assert_int_equal(store_return_put(f->s, jid, "web1", 0, first, 1, 2),
			 0);
	assert_int_equal(store_return_put(f->s, jid, "web1", 0, first, 1, 2),
			 1);
	assert_int_equal(store_return_put(f->s, jid, "web1", 1, second, 3, 4),
			 1);
	m = job_minion(f->s, jid, "web1");
	assert_string_equal(jstr(m, "state", NULL), "done");
	assert_int_equal(json_integer_value(json_object_get(m, "retcode")), 0);
	assert_true(json_equal(json_object_get(m, "return"), first));
	assert_true(json_real_value(json_object_get(m, "finished")) == 2);
	json_decref(m);

	/* returns for minions the job did not target, or unknown jobs */
	assert_int_equal(
		store_return_put(f->s, jid, "intruder", 0, second, 1, 2),
		ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "intruder"));
	assert_int_equal(store_return_put(f->s, "20000101000000000000", "web1",
					  0, second, 1, 2),
			 ERR_NOTFOUND);
	assert_string_equal(state_of(f->s, jid, "web2"), "queued");
	json_decref(first);
	json_decref(second);
}

static void test_store__skipped_minions_take_no_return(void **state)
{
	struct fx *f = *state;
	const char *const ids[] = {"web1", "web2", "web3"};
	char jid[STORE_JID_LEN];
	json_t *list;

	new_job(f->s, jid, ids, ARRAY_SIZE(ids));
	/* --max-fail stopped the batch before web2 and web3 were sent */
	assert_int_equal(store_job_minion_state(f->s, jid, "web1",
						STORE_JM_DELIVERED, 1),
			 0);
	assert_int_equal(
		store_job_minion_state(f->s, jid, "web2", STORE_JM_SKIPPED, 2),
		0);
	assert_int_equal(
		store_job_minion_state(f->s, jid, "web3", STORE_JM_SKIPPED, 2),
		0);
	assert_int_equal(store_job_minion_state(f->s, jid, "web3",
						STORE_JM_DELIVERED, 3),
			 1);
	assert_int_equal(store_return_put(f->s, jid, "web2", 0, NULL, 1, 2),
			 ERR_NOTFOUND);
	assert_int_equal(store_job_expire(f->s, jid, 9), 1);
	assert_string_equal(state_of(f->s, jid, "web1"), "timeout");
	assert_string_equal(state_of(f->s, jid, "web2"), "skipped");
	assert_int_equal(store_job_list(&list, f->s, 1), 0);
	assert_json_eq(
		json_object_get(json_array_get(list, 0), "counts"),
		"{\"total\":3,\"queued\":0,\"delivered\":0,\"running\":0,"
		"\"done\":0,\"failed\":0,\"timeout\":1,\"offline\":0,"
		"\"skipped\":2}");
	json_decref(list);
	/* messages without a jid or an id are not asked for either */
	assert_int_equal(store_return_put(f->s, NULL, "web1", 0, NULL, 1, 2),
			 ERR_NOTFOUND);
	assert_int_equal(store_return_put(f->s, jid, NULL, 0, NULL, 1, 2),
			 ERR_NOTFOUND);
	assert_int_equal(
		store_job_minion_state(f->s, NULL, "web1", STORE_JM_RUNNING, 1),
		ERR_NOTFOUND);
	assert_true(store_jm_state_is_final(STORE_JM_SKIPPED));
	assert_false(store_jm_state_is_final(STORE_JM_RUNNING));
	assert_int_equal(store_jm_state_parse("skipped"), STORE_JM_SKIPPED);
	assert_int_equal(store_jm_state_parse("bogus"), -1);
	assert_string_equal(store_key_state_name(STORE_KEY_DENIED), "denied");
	assert_int_equal(store_key_state_parse("rejected"), STORE_KEY_REJECTED);
	assert_int_equal(store_key_state_parse("nope"), 0);
}

static void test_store__job_create_checks_its_input(void **state)
{
	struct fx *f = *state;
	const char *const ids[] = {"web1"};
	char jid[STORE_JID_LEN];
	json_t *obj = parse("{}"), *job;
	struct store_job j = {
		.fun = "test.ping", .minions = ids, .nr_minions = 1};

	new_job(f->s, jid, ids, 1);
	j.jid = jid;
	assert_int_equal(store_job_create(f->s, &j), ERR_EXISTS);
	assert_non_null(strstr(err_last(), jid));
	/* the first job is untouched */
	assert_int_equal(store_job_get(&job, f->s, jid), 0);
	assert_string_equal(jstr(job, "fun", NULL), "cmd.run");
	json_decref(job);

	j.jid = "not-a-jid";
	assert_int_equal(store_job_create(f->s, &j), -1);
	store_new_jid(jid);
	j.jid = jid;
	j.args = obj;
	assert_int_equal(store_job_create(f->s, &j), -1);
	j.args = NULL;
	j.fun = NULL;
	assert_int_equal(store_job_create(f->s, &j), -1);
	assert_int_equal(store_job_get(&job, f->s, jid), ERR_NOTFOUND);

	/* defaults: [] and {} and a creation time; no minions is fine */
	j.fun = "test.ping";
	j.nr_minions = 0;
	assert_int_equal(store_job_create(f->s, &j), 0);
	assert_int_equal(store_job_get(&job, f->s, jid), 0);
	assert_json_eq(json_object_get(job, "args"), "[]");
	assert_json_eq(json_object_get(job, "kwargs"), "{}");
	assert_json_eq(json_object_get(job, "minions"), "{}");
	assert_true(json_is_null(json_object_get(job, "user")));
	json_decref(job);
	json_decref(obj);
}

static void test_store__job_list_newest_first_and_purge(void **state)
{
	struct fx *f = *state;
	const char *const ids[] = {"a", "b"};
	char jids[5][STORE_JID_LEN];
	json_t *list;

	for (int i = 0; i < 5; i++)
		new_job(f->s, jids[i], ids, 2);
	assert_int_equal(store_return_put(f->s, jids[4], "a", 0, NULL, 1, 2),
			 0);
	assert_int_equal(store_job_list(&list, f->s, 3), 0);
	assert_int_equal(json_array_size(list), 3);
	assert_string_equal(jstr(json_array_get(list, 0), "jid", NULL),
			    jids[4]);
	assert_string_equal(jstr(json_array_get(list, 2), "jid", NULL),
			    jids[2]);
	assert_json_eq(
		json_object_get(json_array_get(list, 0), "counts"),
		"{\"total\":2,\"queued\":1,\"delivered\":0,\"running\":0,"
		"\"done\":1,\"failed\":0,\"timeout\":0,\"offline\":0,\"skipped\":0}");
	/* summaries carry no returns */
	assert_null(json_object_get(json_array_get(list, 0), "minions"));
	json_decref(list);
	assert_int_equal(store_job_list(&list, f->s, 0), 0);
	assert_int_equal(json_array_size(list), 5);
	json_decref(list);

	/* purge: jobs created before now go, with their minion rows */
	assert_int_equal(store_job_purge(f->s, 1.0), 0);
	assert_int_equal(store_job_purge(f->s, store_now() + 1), 5);
	assert_int_equal(store_job_list(&list, f->s, 0), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	assert_int_equal(store_return_put(f->s, jids[4], "b", 0, NULL, 1, 2),
			 ERR_NOTFOUND);
	{
		sqlite3 *db = raw_open(f->path);
		assert_raw_text(db, "SELECT count(*) FROM job_minions", "0");
		sqlite3_close(db);
	}
}

/* --- batches ------------------------------------------------------------ */

static void test_store__batch_commits_once_or_not_at_all(void **state)
{
	struct fx *f = *state;
	const char *ids[100];
	struct buf names = BUF_INIT;
	char jid[STORE_JID_LEN];
	struct store *other;
	json_t *job, *ok = parse("true");
	size_t offs[100];

	for (int i = 0; i < 100; i++) {
		offs[i] = names.len;
		buf_addf(&names, "m%03d", i);
		buf_addch(&names, '\0');
	}
	for (int i = 0; i < 100; i++)
		ids[i] = names.ptr + offs[i];
	assert_int_equal(store_open(&other, f->path), 0);

	assert_int_equal(store_batch_begin(f->s), 0);
	assert_int_equal(store_batch_begin(f->s), -1);
	new_job(f->s, jid, ids, 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(
			store_return_put(f->s, jid, ids[i], 0, ok, 1, 2), 0);
	/* a failure inside the batch undoes itself only */
	assert_int_equal(store_return_put(f->s, jid, "m000", 0, ok, 1, 2), 1);
	{
		struct store_job dup = {.jid = jid, .fun = "x"};
		assert_int_equal(store_job_create(f->s, &dup), ERR_EXISTS);
	}
	/* not visible to another handle before the commit */
	assert_int_equal(store_job_get(&job, other, jid), ERR_NOTFOUND);
	assert_int_equal(store_batch_commit(f->s), 0);
	assert_int_equal(store_batch_commit(f->s), -1);
	assert_int_equal(store_job_list(&job, other, 1), 0);
	assert_int_equal(
		json_integer_value(json_object_get(
			json_object_get(json_array_get(job, 0), "counts"),
			"done")),
		100);
	json_decref(job);

	/* a rolled-back batch leaves nothing */
	assert_int_equal(store_batch_begin(f->s), 0);
	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), 1);
	assert_int_equal(store_job_expire(f->s, jid, 5), 0);
	store_batch_rollback(f->s);
	store_batch_rollback(f->s);
	assert_int_equal(store_key_get(NULL, f->s, "web1", K1), ERR_NOTFOUND);
	/* and the handle works normally afterwards */
	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), 1);
	assert_int_equal(store_key_get(NULL, other, "web1", K1), 0);

	/* closing with an open batch rolls it back */
	assert_int_equal(store_batch_begin(other), 0);
	assert_int_equal(store_key_add_pending(NULL, other, "web2", K2), 1);
	store_close(other);
	assert_int_equal(store_key_get(NULL, f->s, "web2", K2), ERR_NOTFOUND);
	buf_release(&names);
	json_decref(ok);
}

/* --- persistence -------------------------------------------------------- */

static void test_store__everything_survives_close_and_reopen(void **state)
{
	struct fx *f = *state;
	const char *const ids[] = {"web1", "web2"};
	char jid[STORE_JID_LEN], *key = NULL;
	json_t *facts = parse("{\"cluster\":\"canary\"}"),
	       *ret = parse("[1,2]");
	json_t *minions = parse("[\"web1\",\"web2\"]"), *out, *m;
	struct store_audit a = {
		.uid = 0,
		.user = "root",
		.action = "run",
		.target = "web*",
		.tgt_type = "glob",
		.minions = minions,
		.fun = "cmd.run",
		.args = ret,
		.outcome = "published",
	};

	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), 1);
	assert_int_equal(store_key_set_state(NULL, f->s, "web1",
					     STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K2), 1);
	assert_int_equal(store_minion_upsert(f->s, "web1", facts, "1.0", 7), 0);
	new_job(f->s, jid, ids, 2);
	a.jid = jid;
	assert_int_equal(store_job_minion_state(f->s, jid, "web2",
						STORE_JM_DELIVERED, 3),
			 0);
	assert_int_equal(store_return_put(f->s, jid, "web1", 0, ret, 1, 2), 0);
	assert_int_equal(store_audit_add(f->s, &a), 0);

	reopen(f);

	assert_int_equal(store_key_for_id(&key, f->s, "web1"), 0);
	assert_string_equal(key, K1);
	free(key);
	assert_int_equal(key_state(f->s, "web1", K2), STORE_KEY_DENIED);
	assert_int_equal(store_minion_get(&out, f->s, "web1"), 0);
	assert_true(json_equal(json_object_get(out, "facts"), facts));
	json_decref(out);
	m = job_minion(f->s, jid, "web1");
	assert_true(json_equal(json_object_get(m, "return"), ret));
	json_decref(m);
	assert_string_equal(state_of(f->s, jid, "web2"), "delivered");
	/* the duplicate is still recognised after the restart */
	assert_int_equal(store_return_put(f->s, jid, "web1", 0, ret, 1, 2), 1);
	assert_int_equal(store_jobs_active(&out, f->s), 0);
	assert_int_equal(json_array_size(out), 1);
	json_decref(out);
	assert_int_equal(store_audit_list(&out, f->s, 0), 0);
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(jstr(json_array_get(out, 0), "jid", NULL), jid);
	assert_true(json_equal(
		json_object_get(json_array_get(out, 0), "minions"), minions));
	json_decref(out);
	json_decref(facts);
	json_decref(ret);
	json_decref(minions);
}

/* A jid stored by an earlier run with a clock ahead of this one's. */
static void test_store__jids_increase_across_restarts(void **state)
{
	struct fx *f = *state;
	char future[STORE_JID_LEN], jid[STORE_JID_LEN];
	time_t later = time(NULL) + 3600;
	struct tm tm;
	struct store_job j = {.fun = "test.ping"};

	gmtime_r(&later, &tm);
	strftime(future, sizeof(future), "%Y%m%d%H%M%S", &tm);
	memcpy(future + 14, "000000", 7);
	j.jid = future;
	assert_int_equal(store_job_create(f->s, &j), 0);
	reopen(f);
	store_new_jid(jid);
	assert_true(strcmp(jid, future) > 0);
}

/* --- audit -------------------------------------------------------------- */

static void test_store__audit_is_append_only(void **state)
{
	struct fx *f = *state;
	json_t *minions = parse("[\"web1\"]"), *args = parse("[\"ls\"]");
	json_t *before, *after;
	struct store_audit a = {
		.time = 100,
		.uid = 1000,
		.user = "alice",
		.action = "run",
		.target = "web1",
		.tgt_type = "list",
		.minions = minions,
		.fun = "cmd.run",
		.args = args,
		.jid = "20260101000000000001",
		.outcome = "published",
	};
	struct store_audit k = {.uid = 0,
				.user = "root",
				.action = "key.accept",
				.target = "web1"};
	sqlite3 *db;
	static const char *const tamper[] = {
		"UPDATE audit SET outcome = 'nothing happened'",
		"DELETE FROM audit",
		"DELETE FROM audit WHERE seq = 1",
		"INSERT OR REPLACE INTO audit (seq, time, action)"
		" VALUES (1, 0, 'forged')",
		"INSERT INTO audit (seq, time, action) VALUES (1, 0, 'forged')"
		" ON CONFLICT (seq) DO UPDATE SET action = 'forged'",
	};

	assert_int_equal(store_audit_add(f->s, &a), 0);
	assert_int_equal(store_audit_add(f->s, &k), 0);
	assert_int_equal(store_audit_add(f->s, &(struct store_audit){0}), -1);
	assert_int_equal(store_audit_list(&before, f->s, 0), 0);
	assert_int_equal(json_array_size(before), 2);
	/* newest first */
	assert_string_equal(jstr(json_array_get(before, 0), "action", NULL),
			    "key.accept");
	assert_true(json_is_null(
		json_object_get(json_array_get(before, 0), "jid")));
	assert_true(json_real_value(json_object_get(json_array_get(before, 0),
						    "time")) > 1e9);
	assert_json_eq(
		json_array_get(before, 1),
		"{\"seq\":1,\"time\":100.0,\"uid\":1000,\"user\":\"alice\","
		"\"action\":\"run\",\"target\":\"web1\","
		"\"tgt_type\":\"list\",\"minions\":[\"web1\"],"
		"\"fun\":\"cmd.run\",\"args\":[\"ls\"],"
		"\"jid\":\"20260101000000000001\","
		"\"outcome\":\"published\"}");

	db = raw_open(f->path);
	for (size_t i = 0; i < ARRAY_SIZE(tamper); i++) {
		int rc = sqlite3_exec(db, tamper[i], NULL, NULL, NULL);
		if (rc != SQLITE_CONSTRAINT)
			fail_msg("'%s' gave %d (%s)", tamper[i], rc,
				 sqlite3_errmsg(db));
		assert_string_equal(sqlite3_errmsg(db), "audit is append-only");
	}
	sqlite3_close(db);
	assert_int_equal(store_audit_list(&after, f->s, 0), 0);
	assert_true(json_equal(before, after));
	json_decref(after);
	assert_int_equal(store_audit_list(&after, f->s, 1), 0);
	assert_int_equal(json_array_size(after), 1);
	json_decref(after);
	json_decref(before);
	json_decref(minions);
	json_decref(args);
}

/* --- several handles ---------------------------------------------------- */

static void test_store__two_handles_share_the_file(void **state)
{
	struct fx *f = *state;
	struct store *b;
	enum store_key_state st = 0;
	json_t *list;
	double t0;

	assert_int_equal(store_open(&b, f->path), 0);
	assert_int_equal(store_key_add_pending(NULL, f->s, "web1", K1), 1);
	assert_int_equal(store_key_get(&st, b, "web1", K1), 0);
	assert_int_equal(st, STORE_KEY_PENDING);

	/* b holds the write lock; a still reads, at once, the committed state */
	assert_int_equal(store_batch_begin(b), 0);
	assert_int_equal(store_key_set_state(NULL, b, "web1", STORE_KEY_PENDING,
					     STORE_KEY_ACCEPTED),
			 0);
	t0 = store_now();
	assert_int_equal(store_key_get(&st, f->s, "web1", K1), 0);
	assert_int_equal(st, STORE_KEY_PENDING);
	assert_int_equal(store_key_list(&list, f->s, STORE_KEY_ALL), 0);
	json_decref(list);
	assert_true(store_now() - t0 < 1.0);
	assert_int_equal(store_batch_commit(b), 0);
	assert_int_equal(store_key_get(&st, f->s, "web1", K1), 0);
	assert_int_equal(st, STORE_KEY_ACCEPTED);
	store_close(b);
}

struct writer {
	const char *path;
	pthread_barrier_t *start;
	int nr_done;
	char err[256];
};

/* Opens the file at the same time as the other writer, then writes jobs. */
static void *write_jobs(void *arg)
{
	struct writer *w = arg;
	struct store *s = NULL;
	const char *const ids[] = {"a", "b"};

	pthread_barrier_wait(w->start);
	if (store_open(&s, w->path) < 0)
		goto fail;
	for (int i = 0; i < 50; i++) {
		char jid[STORE_JID_LEN];
		struct store_job j = {.jid = jid,
				      .fun = "test.ping",
				      .minions = ids,
				      .nr_minions = 2};
		store_new_jid(jid);
		if (store_job_create(s, &j) < 0 ||
		    store_return_put(s, jid, "a", 0, NULL, 1, 2) != 0 ||
		    store_return_put(s, jid, "b", 0, NULL, 1, 2) != 0)
			goto fail;
		w->nr_done++;
	}
	store_close(s);
	return NULL;
fail:
	snprintf(w->err, sizeof(w->err), "%s", err_last());
	store_close(s);
	return NULL;
}

static void test_store__concurrent_writers_on_a_new_file(void **state)
{
	struct fx *f = *state;
	struct buf path = BUF_INIT;
	pthread_barrier_t start;
	struct writer w[2];
	pthread_t th[2];
	struct store *s;
	json_t *list, *job;
	size_t i;

	buf_addf(&path, "%s/shared.db", f->dir);
	pthread_barrier_init(&start, NULL, 2);
	for (int k = 0; k < 2; k++) {
		w[k] = (struct writer){.path = path.ptr, .start = &start};
		assert_int_equal(
			pthread_create(&th[k], NULL, write_jobs, &w[k]), 0);
	}
	for (int k = 0; k < 2; k++)
		pthread_join(th[k], NULL);
	pthread_barrier_destroy(&start);
	for (int k = 0; k < 2; k++) {
		if (w[k].err[0])
			fail_msg("writer %d: %s", k, w[k].err);
		assert_int_equal(w[k].nr_done, 50);
	}
	assert_int_equal(store_open(&s, path.ptr), 0);
	assert_int_equal(store_job_list(&list, s, 0), 0);
	assert_int_equal(json_array_size(list), 100);
	json_array_foreach(list, i, job)
	{
		json_t *c = json_object_get(job, "counts");
		assert_int_equal(json_integer_value(json_object_get(c, "done")),
				 2);
	}
	json_decref(list);
	store_close(s);
	buf_release(&path);
}

int suite_store(void)
{
	const struct CMUnitTest tests[] = {
#define T(name)                                                                \
	cmocka_unit_test_setup_teardown(test_store__##name, setup, teardown)
		T(open_creates_private_wal_database),
		T(open_refuses_what_it_cannot_use),
		T(errors_name_the_operation_and_sqlite_reason),
		T(new_key_is_pending_and_presenting_again_is_noop),
		T(new_key_for_accepted_id_is_denied_not_overwritten),
		T(rejected_key_stays_rejected),
		T(accept_all_and_reject_all),
		T(delete_keys),
		T(one_accepted_key_per_id_even_by_raw_sql),
		T(minion_registry),
		T(jids_strictly_increase),
		T(jids_are_unique_across_threads),
		T(job_lifecycle),
		T(duplicate_return_is_detected_and_kept),
		T(skipped_minions_take_no_return),
		T(job_create_checks_its_input),
		T(job_list_newest_first_and_purge),
		T(batch_commits_once_or_not_at_all),
		T(everything_survives_close_and_reopen),
		T(audit_is_append_only),
		T(two_handles_share_the_file),
		T(concurrent_writers_on_a_new_file),
		/* last: it moves the process's jid clock an hour ahead */
		T(jids_increase_across_restarts),
#undef T
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
