/* SPDX-License-Identifier: MIT */
/* typeutil.h: helpers shared by several resource types (resource/types) */
#ifndef TYPEUTIL_H
#define TYPEUTIL_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct resource;
struct rstate;
struct rtype_ctx;
struct stat;

/*
 * A command's argument vector, always NULL-terminated once it has an
 * element. The array and the strings it points to live in c->arena;
 * initialise with `struct tu_argv a = { 0 };`, nothing to release.
 */
struct tu_argv {
	const char **v; /* NULL-terminated */
	size_t n, alloc;
};

/* Appends `s` (borrowed, must outlive the arena's use of a) to a. */
void tu_argv_add(struct rtype_ctx *c, struct tu_argv *a, const char *s);

/*
 * Empties a and starts the shadow-utils command `name` in it, followed by
 * "-P ROOT" when has_prefix and c->root is set and not "".
 */
void tu_argv_start(struct rtype_ctx *c, struct tu_argv *a, const char *name,
		   bool has_prefix);

/*
 * Runs a (input on stdin when not NULL, else /dev/null); nothing with
 * c->noop. A bare program name that is not found is retried once as
 * /usr/sbin/NAME (a->v[0] is replaced, in c->arena). Returns 0, or -1
 * after rstate_fail(st) with Puppet's words: "Could not WHAT: cannot run
 * 'CMD': ERR" or "Could not WHAT: Execution of 'CMD' returned N: STDERR"
 * (stdout when stderr is empty, trailing newlines dropped).
 */
int tu_argv_run(struct rtype_ctx *c, struct rstate *st, struct tu_argv *a,
		const char *input, const char *what);

/* "<root>/etc/FILE" (or "/etc/FILE" without c->root), in c->arena. */
const char *tu_etc_path(struct rtype_ctx *c, const char *file);

/*
 * Splits a line-file record on whitespace into at most `max` fields (in
 * c->arena; the missing ones NULL). Words past the last field join it,
 * each after a `join` character, as Puppet's parsed-file records roll
 * them into their last field. Returns the number of fields found.
 */
size_t tu_fields(struct rtype_ctx *c, const char *s, const char **fields, size_t max,
		 char join);

/* A line-file type's file: its `target` parameter, else tu_etc_path(file). */
const char *tu_target(struct rtype_ctx *c, const struct resource *r, const char *file);

/*
 * Reads a line-file type's target into `text`: 1 when it exists (*sb its
 * stat), 0 when it does not (text empty), -1 after rstate_fail() naming
 * the file.
 */
int tu_read_target(struct rtype_ctx *c, struct rstate *st, const char *path,
		   struct buf *text, struct stat *sb);

/*
 * Splits s on `sep` into *out, an array of strings, all in c->arena;
 * empty fields are kept only when keep_empty. Returns the count (*out may
 * be NULL when it is 0). Never fails.
 */
size_t tu_split(struct rtype_ctx *c, const char ***out, const char *s, char sep,
		bool keep_empty);

/* Sorts v (strcmp order) and removes duplicates in place; returns the new
 * count. The strings stay borrowed. */
size_t tu_sort_uniq(const char **v, size_t n);

/* The n strings of v joined with sep, each in single quotes when quote;
 * the result is in c->arena. */
const char *tu_join(struct rtype_ctx *c, const char *const *v, size_t n,
		    const char *sep, bool quote);

/*
 * Checks the ensure parameter of r for a type whose ensure is present or
 * absent (default present). Sets *out (when out is not NULL) to it,
 * borrowed from r, and returns 0; otherwise returns -1 with *msg = "Invalid
 * value 'X'. Valid values are present, absent" (in c->arena).
 */
int tu_ensure_check(const char **out, struct rtype_ctx *c,
		    const struct resource *r, const char **msg);

/* Whether s is an integer: an optional '-' then one or more digits. */
bool tu_is_number(const char *s);

/* Whether s is a usable user or group name: not empty, no leading '-',
 * no ':', ',', '/', whitespace or control character. */
bool tu_valid_name(const char *s);

/* Which header tu_header_add() writes. */
enum tu_header {
	TU_HEADER_PARSEDFILE, /* Puppet's ParsedFile (/etc/hosts, keys) */
	TU_HEADER_CRONTAB,    /* Puppet's crontab provider */
};

/* Appends Puppet's "# HEADER: ..." lines, stamped with the local time. */
void tu_header_add(struct buf *out, enum tu_header kind);

/*
 * Appends the len bytes of text to out without Puppet's headers, as
 * filetype.rb's gsub(/# HEADER.*\n/, '') does (from "# HEADER" through the
 * end of its line; a last line without '\n' stays). Returns out's length
 * without its trailing newlines, where parsing should stop.
 */
size_t tu_header_strip(struct buf *out, const char *text, size_t len);

/* An rtype autorequire: "User" named by the resource's `user`, if set. */
void tu_autorequire_user(struct rtype_ctx *c, const struct resource *r,
			 void (*add)(const char *type, const char *title,
				     void *payload),
			 void *payload);

#endif
