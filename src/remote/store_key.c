/* SPDX-License-Identifier: MIT */
/* store_key.c: minion keys in the store, with salt-key's states and rules */
#include "util/compat.h"
#include "remote/store.h"
#include "remote/store-internal.h"
#include "util/err.h"
#include "util/xalloc.h"

/* --- keys --------------------------------------------------------------- */

/* ORDER KEY_STATE (bit i of the enum) */
static const char *const key_state_names[] = {
	"pending",
	"accepted",
	"rejected",
	"denied",
};

const char *store_key_state_name(enum store_key_state st)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_state_names); i++) {
		if ((unsigned)st == 1u << i)
			return key_state_names[i];
	}
	return NULL;
}

enum store_key_state store_key_state_parse(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(key_state_names); i++) {
		if (!strcmp(name, key_state_names[i]))
			return (enum store_key_state)(1u << i);
	}
	return 0;
}

static enum store_key_state col_key_state(sqlite3_stmt *st, int i)
{
	return store_key_state_parse((const char *)sqlite3_column_text(st, i));
}

struct key_row {
	char *id;
	char *pubkey;
	enum store_key_state state;
	double first_seen;
	double updated;
};

struct key_rows {
	struct key_row *v;
	size_t nr, alloc;
};

static void key_rows_release(struct key_rows *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		free(r->v[i].id);
		free(r->v[i].pubkey);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* The keys of `id` (NULL: all), ordered by id then key. */
static int key_rows(struct key_rows *out, struct store *s, const char *id,
		    const char *what)
{
	sqlite3_stmt *st;
	int rc, error = 0;

	st = store_stmt(s, id ? SQL_KEY_ROWS_ID : SQL_KEY_ROWS_ALL, what);
	if (!st)
		return -1;
	if (id)
		store_bind_text(s, st, 1, id);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		struct key_row *k;
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		k = &out->v[out->nr++];
		k->id = xstrdup((const char *)sqlite3_column_text(st, 0));
		k->pubkey = xstrdup((const char *)sqlite3_column_text(st, 1));
		k->state = col_key_state(st, 2);
		k->first_seen = sqlite3_column_double(st, 3);
		k->updated = sqlite3_column_double(st, 4);
	}
	if (rc != SQLITE_DONE)
		error = store_dberr(s, rc, "%s", what);
	store_done(s, st);
	return error;
}

static int key_insert(struct store *s, const char *id, const char *pubkey,
		      enum store_key_state state)
{
	sqlite3_stmt *st = store_stmt(s, SQL_KEY_INSERT, "cannot record a key");
	if (!st)
		return -1;
	store_bind_text(s, st, 1, id);
	store_bind_text(s, st, 2, pubkey);
	store_bind_text(s, st, 3, store_key_state_name(state));
	store_bind_real(s, st, 4, store_now());
	return store_run(s, st, "cannot record the key of '%s'", id);
}

int store_key_add_pending(enum store_key_state *state_out, struct store *s,
			  const char *id, const char *pubkey)
{
	struct key_rows rows = {0};
	enum store_key_state have = 0, exact = 0, result;
	int error, added = 0;

	if (store_check_text("minion id", id) < 0 ||
	    store_check_text("public key", pubkey) < 0)
		return -1;
	if (store_tx_begin(s, true) < 0)
		return -1;
	error = key_rows(&rows, s, id, "cannot read keys");
	if (error < 0)
		goto fail;
	for (size_t i = 0; i < rows.nr; i++) {
		have |= rows.v[i].state;
		if (!strcmp(rows.v[i].pubkey, pubkey))
			exact = rows.v[i].state;
	}
	/* Salt's order: accepted, then rejected, then pending (see store.h) */
	if (exact)
		result = exact;
	else if (have & STORE_KEY_ACCEPTED)
		result = STORE_KEY_DENIED;
	else if (have & STORE_KEY_REJECTED)
		result = STORE_KEY_REJECTED;
	else if (have & STORE_KEY_PENDING)
		result = STORE_KEY_DENIED;
	else
		result = STORE_KEY_PENDING;
	if (!exact && result != STORE_KEY_REJECTED) {
		if ((error = key_insert(s, id, pubkey, result)) < 0)
			goto fail;
		added = 1;
	}
	if ((error = store_tx_commit(s)) < 0)
		goto out;
	if (state_out)
		*state_out = result;
	error = added;
	goto out;
fail:
	store_tx_rollback(s);
out:
	key_rows_release(&rows);
	return error;
}

int store_key_get(enum store_key_state *state_out, struct store *s,
		  const char *id, const char *pubkey)
{
	sqlite3_stmt *st = store_stmt(s, SQL_KEY_GET, "cannot read a key");
	int rc, error = 0;

	if (!st)
		return -1;
	store_bind_text(s, st, 1, id);
	store_bind_text(s, st, 2, pubkey);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		if (state_out)
			*state_out = col_key_state(st, 0);
	} else if (rc == SQLITE_DONE) {
		err_set("no such key for '%s'", id);
		error = ERR_NOTFOUND;
	} else {
		error = store_dberr(s, rc, "cannot read the key of '%s'", id);
	}
	store_done(s, st);
	return error;
}

int store_key_lookup(char **id_out, enum store_key_state *state_out,
		     struct store *s, const char *pubkey)
{
	sqlite3_stmt *st =
		store_stmt(s, SQL_KEY_LOOKUP, "cannot look up a key");
	int rc, error = 0;

	if (!st)
		return -1;
	store_bind_text(s, st, 1, pubkey);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		if (id_out)
			*id_out = xstrdup(
				(const char *)sqlite3_column_text(st, 0));
		if (state_out)
			*state_out = col_key_state(st, 1);
	} else if (rc == SQLITE_DONE) {
		err_set("unknown public key '%s'", pubkey);
		error = ERR_NOTFOUND;
	} else {
		error = store_dberr(s, rc, "cannot look up public key '%s'",
				    pubkey);
	}
	store_done(s, st);
	return error;
}

int store_key_for_id(char **pubkey_out, struct store *s, const char *id)
{
	sqlite3_stmt *st = store_stmt(s, SQL_KEY_FOR_ID, "cannot read a key");
	int rc, error = 0;

	if (!st)
		return -1;
	store_bind_text(s, st, 1, id);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW) {
		*pubkey_out = xstrdup((const char *)sqlite3_column_text(st, 0));
	} else if (rc == SQLITE_DONE) {
		err_set("'%s' has no accepted key", id);
		error = ERR_NOTFOUND;
	} else {
		error = store_dberr(s, rc,
				    "cannot read the accepted key of '%s'", id);
	}
	store_done(s, st);
	return error;
}

static json_t *key_change(const struct key_row *k, const char *to_key,
			  const char *to)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(k->id));
	json_object_set_new(o, "pubkey", json_string(k->pubkey));
	json_object_set_new(o, "from",
			    json_string(store_key_state_name(k->state)));
	json_object_set_new(o, to_key, json_string(to));
	return o;
}

static int key_set(struct store *s, const struct key_row *k,
		   enum store_key_state to)
{
	sqlite3_stmt *st = store_stmt(s, SQL_KEY_SET, "cannot change a key");
	if (!st)
		return -1;
	store_bind_text(s, st, 1, k->id);
	store_bind_text(s, st, 2, k->pubkey);
	store_bind_text(s, st, 3, store_key_state_name(to));
	store_bind_real(s, st, 4, store_now());
	return store_run(s, st, "cannot make the key of '%s' %s", k->id,
			 store_key_state_name(to));
}

/*
 * Why the keys rows[0..n) of one id cannot be accepted, NULL when they can:
 * `n_cand` of them are candidates (in `from`).
 */
static const char *accept_conflict(const struct key_row *rows, size_t n,
				   size_t n_cand)
{
	for (size_t i = 0; i < n; i++) {
		if (rows[i].state == STORE_KEY_ACCEPTED)
			return "it already has an accepted key";
	}
	if (n_cand > 1)
		return "it has several keys to choose from";
	return NULL;
}

int store_key_set_state(json_t **changed_out, struct store *s, const char *id,
			unsigned from, enum store_key_state to)
{
	struct key_rows rows = {0};
	json_t *changed = json_array();
	size_t moved = 0;
	int error;

	if (to != STORE_KEY_ACCEPTED && to != STORE_KEY_REJECTED)
		BUG("store_key_set_state to state %u", (unsigned)to);
	if (changed_out)
		*changed_out = NULL;
	if (store_tx_begin(s, true) < 0) {
		json_decref(changed);
		return -1;
	}
	if ((error = key_rows(&rows, s, id, "cannot read keys")) < 0)
		goto fail;
	for (size_t g = 0, end; g < rows.nr; g = end) {
		size_t n_cand = 0;
		const char *why = NULL;

		for (end = g;
		     end < rows.nr && !strcmp(rows.v[end].id, rows.v[g].id);
		     end++) {
			if ((rows.v[end].state & from) &&
			    rows.v[end].state != to)
				n_cand++;
		}
		if (!n_cand)
			continue;
		if (to == STORE_KEY_ACCEPTED)
			why = accept_conflict(&rows.v[g], end - g, n_cand);
		if (why && id) {
			err_set("cannot accept the key of '%s': %s", id, why);
			error = ERR_EXISTS;
			goto fail;
		}
		for (size_t i = g; i < end; i++) {
			const struct key_row *k = &rows.v[i];
			if (!(k->state & from) || k->state == to)
				continue;
			if (why) {
				json_array_append_new(
					changed, key_change(k, "error", why));
				continue;
			}
			if ((error = key_set(s, k, to)) < 0)
				goto fail;
			json_array_append_new(
				changed,
				key_change(k, "to", store_key_state_name(to)));
			moved++;
		}
	}
	if (id && !moved) {
		err_set("'%s' has no key to make %s", id,
			store_key_state_name(to));
		error = ERR_NOTFOUND;
		goto fail;
	}
	if ((error = store_tx_commit(s)) < 0)
		goto out;
	if (changed_out) {
		*changed_out = changed;
		changed = NULL;
	}
	goto out;
fail:
	store_tx_rollback(s);
out:
	json_decref(changed);
	key_rows_release(&rows);
	return error;
}

int store_key_delete(json_t **deleted_out, struct store *s, const char *id,
		     unsigned states)
{
	struct key_rows rows = {0};
	json_t *deleted = json_array();
	int error;

	if (deleted_out)
		*deleted_out = NULL;
	if (store_tx_begin(s, true) < 0) {
		json_decref(deleted);
		return -1;
	}
	if ((error = key_rows(&rows, s, id, "cannot read keys")) < 0)
		goto fail;
	for (size_t i = 0; i < rows.nr; i++) {
		const struct key_row *k = &rows.v[i];
		sqlite3_stmt *st;
		json_t *o;

		if (!(k->state & states))
			continue;
		error = -1;
		if (!(st = store_stmt(s, SQL_KEY_DELETE,
				      "cannot delete a key")))
			goto fail;
		store_bind_text(s, st, 1, k->id);
		store_bind_text(s, st, 2, k->pubkey);
		if ((error = store_run(s, st, "cannot delete the key of '%s'",
				       k->id)) < 0)
			goto fail;
		o = json_object();
		json_object_set_new(o, "id", json_string(k->id));
		json_object_set_new(o, "pubkey", json_string(k->pubkey));
		json_object_set_new(
			o, "state",
			json_string(store_key_state_name(k->state)));
		json_array_append_new(deleted, o);
	}
	if (id && !json_array_size(deleted)) {
		err_set("'%s' has no key to delete", id);
		error = ERR_NOTFOUND;
		goto fail;
	}
	if ((error = store_tx_commit(s)) < 0)
		goto out;
	if (deleted_out) {
		*deleted_out = deleted;
		deleted = NULL;
	}
	goto out;
fail:
	store_tx_rollback(s);
out:
	json_decref(deleted);
	key_rows_release(&rows);
	return error;
}

int store_key_list(json_t **out, struct store *s, unsigned states)
{
	struct key_rows rows = {0};
	json_t *list;

	*out = NULL;
	if (key_rows(&rows, s, NULL, "cannot list keys") < 0)
		return -1;
	list = json_array();
	for (size_t i = 0; i < rows.nr; i++) {
		const struct key_row *k = &rows.v[i];
		json_t *o;
		if (!(k->state & states))
			continue;
		o = json_object();
		json_object_set_new(o, "id", json_string(k->id));
		json_object_set_new(o, "pubkey", json_string(k->pubkey));
		json_object_set_new(
			o, "state",
			json_string(store_key_state_name(k->state)));
		json_object_set_new(o, "first_seen", json_real(k->first_seen));
		json_object_set_new(o, "updated", json_real(k->updated));
		json_array_append_new(list, o);
	}
	key_rows_release(&rows);
	*out = list;
	return 0;
}
