/* SPDX-License-Identifier: MIT */
/* dpkgdb.h: a package's state read from dpkg's status file, as dpkg-query says it */
#ifndef DPKGDB_H
#define DPKGDB_H

#include <stddef.h>

struct buf;

/*
 * Appends to out what
 *   dpkg-query --admindir=ADMINDIR -W -f '${Status}\t${Version}\n' -- NAME
 * prints on stdout ("install ok installed\t1.6.18-1\n", or nothing when dpkg
 * knows no such package), read from ADMINDIR/status without running it.
 * NAME is a package name, optionally with ":ARCH". Returns 0, or -1 (with
 * err_last() saying why, out untouched) when the answer needs dpkg itself:
 * the status file cannot be read, dpkg's journal (ADMINDIR/updates) holds
 * changes not yet in it, or the package is in a case this reader leaves to
 * dpkg (several instances, a selection that is not installed, a version
 * dpkg would print differently). Callers then run dpkg-query.
 */
int dpkgdb_query(struct buf *out, const char *admindir, const char *name);

/* The same from the text of a status file (for tests): no journal check. */
int dpkgdb_query_text(struct buf *out, const char *text, size_t len,
		      const char *name);

#endif
