/* SPDX-License-Identifier: MIT */
/* lazylib.h: a shared library opened the first time one of its functions is called */
#ifndef LAZYLIB_H
#define LAZYLIB_H

/*
 * tend is one binary, and most runs of it need only part of what it can
 * do: a minion never opens a database, `tend apply` never does floating
 * point arithmetic unless a manifest asks for it. Every library linked is
 * mapped, relocated and has its IFUNC resolvers run at start-up (libm
 * alone leaves 0.3-0.6 MB resident that way, SQLite 0.25 MB), so the
 * libraries only some commands use are opened with dlopen on first use:
 * their functions are defined in a shim (util/mathlib.c for libm,
 * remote/sqlite_lazy.c for SQLite) that forwards each call.
 */

struct lazylib {
	const char *soname;
	const char *const *names; /* the functions, NULL-terminated */
	void **fns;               /* their addresses, same order */
	int state;                /* 0 not tried, 1 loaded, -1 failed */
	char why[256];
};

/* Opens the library and looks every function up, once; 0, or -1 with
 * the reason in l->why. */
int lazylib_load(struct lazylib *l);

/* lazylib_load() or die: for functions that cannot report failure. */
void lazylib_need(struct lazylib *l);

#endif
