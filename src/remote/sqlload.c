/* SPDX-License-Identifier: MIT */
/* sqlload.c: SQLite, opened when the master first opens its store */
#include "util/compat.h"
#include "util/lazylib.h"
#include <sqlite3.h>

/*
 * See util/lazylib.h: only `tend master` uses SQLite; every other command
 * (a minion above all, which should stay small) never maps it. The build
 * still needs libsqlite3-dev for the header, the machine libsqlite3-0.
 * sqlite3_open_v2() reports a library that cannot be loaded as
 * SQLITE_CANTOPEN, with the reason from sqlite3_errstr(); every other
 * function is reached only through an open database.
 */

#define SQL_FUNCS(X)                                                                     \
	X(int, sqlite3_bind_double, (sqlite3_stmt * s, int i, double v), (s, i, v))       \
	X(int, sqlite3_bind_int64, (sqlite3_stmt * s, int i, sqlite3_int64 v), (s, i, v)) \
	X(int, sqlite3_bind_null, (sqlite3_stmt * s, int i), (s, i))                      \
	X(int, sqlite3_bind_text,                                                         \
	  (sqlite3_stmt * s, int i, const char *v, int n, void (*d)(void *)),             \
	  (s, i, v, n, d))                                                                \
	X(int, sqlite3_busy_timeout, (sqlite3 * db, int ms), (db, ms))                    \
	X(int, sqlite3_changes, (sqlite3 * db), (db))                                     \
	X(int, sqlite3_clear_bindings, (sqlite3_stmt * s), (s))                           \
	X(int, sqlite3_close, (sqlite3 * db), (db))                                       \
	X(int, sqlite3_column_bytes, (sqlite3_stmt * s, int i), (s, i))                   \
	X(double, sqlite3_column_double, (sqlite3_stmt * s, int i), (s, i))               \
	X(int, sqlite3_column_int, (sqlite3_stmt * s, int i), (s, i))                     \
	X(sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt * s, int i), (s, i))         \
	X(const char *, sqlite3_column_name, (sqlite3_stmt * s, int i), (s, i))           \
	X(const unsigned char *, sqlite3_column_text, (sqlite3_stmt * s, int i), (s, i))  \
	X(int, sqlite3_column_type, (sqlite3_stmt * s, int i), (s, i))                    \
	X(const char *, sqlite3_errmsg, (sqlite3 * db), (db))                             \
	X(int, sqlite3_exec,                                                              \
	  (sqlite3 * db, const char *sql, int (*cb)(void *, int, char **, char **),      \
	   void *arg, char **err),                                                        \
	  (db, sql, cb, arg, err))                                                        \
	X(int, sqlite3_extended_errcode, (sqlite3 * db), (db))                            \
	X(int, sqlite3_extended_result_codes, (sqlite3 * db, int on), (db, on))           \
	X(int, sqlite3_finalize, (sqlite3_stmt * s), (s))                                 \
	X(int, sqlite3_get_autocommit, (sqlite3 * db), (db))                              \
	X(int, sqlite3_prepare_v2,                                                        \
	  (sqlite3 * db, const char *sql, int n, sqlite3_stmt **s, const char **tail),    \
	  (db, sql, n, s, tail))                                                          \
	X(int, sqlite3_prepare_v3,                                                        \
	  (sqlite3 * db, const char *sql, int n, unsigned int f, sqlite3_stmt **s,        \
	   const char **tail),                                                            \
	  (db, sql, n, f, s, tail))                                                       \
	X(int, sqlite3_reset, (sqlite3_stmt * s), (s))                                    \
	X(int, sqlite3_step, (sqlite3_stmt * s), (s))

enum {
#define ENUM(ret, name, params, args) F_##name,
	SQL_FUNCS(ENUM)
#undef ENUM
	F_sqlite3_open_v2,
	F_sqlite3_errstr,
	F__COUNT
};

static const char *const names[] = {
#define NAME(ret, name, params, args) #name,
	SQL_FUNCS(NAME)
#undef NAME
	"sqlite3_open_v2",
	"sqlite3_errstr",
	NULL
};

static void *fns[F__COUNT];
static struct lazylib lib = { .soname = "libsqlite3.so.0", .names = names, .fns = fns };

#define FORWARD(ret, name, params, args)                   \
	ret name params                                    \
	{                                                  \
		lazylib_need(&lib);                        \
		return ((ret(*) params)fns[F_##name])args; \
	}
SQL_FUNCS(FORWARD)
#undef FORWARD

int sqlite3_open_v2(const char *path, sqlite3 **db, int flags, const char *vfs)
{
	if (lazylib_load(&lib) < 0) {
		*db = NULL;
		return SQLITE_CANTOPEN;
	}
	return ((int (*)(const char *, sqlite3 **, int, const char *))fns[F_sqlite3_open_v2])(
		path, db, flags, vfs);
}

const char *sqlite3_errstr(int rc)
{
	if (lazylib_load(&lib) < 0)
		return lib.why;
	return ((const char *(*)(int))fns[F_sqlite3_errstr])(rc);
}
