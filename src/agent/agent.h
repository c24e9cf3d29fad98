/* SPDX-License-Identifier: MIT */
/* agent.h: one agent run — a catalog applied to this machine (tend apply) */
#ifndef AGENT_H
#define AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "resource/rtype.h"

struct arena;
struct buf;
struct catalog;
struct resource;
struct strmap;
struct value;

/* ---- graph.c: the relationship graph and its order ---- */

enum graph_role {
	GRAPH_RESOURCE,	  /* a resource a type applies */
	GRAPH_ADMISSIBLE, /* a container's start: before anything inside it */
	GRAPH_COMPLETED,  /* a container's end: after everything inside it */
};

struct graph_node {
	struct resource *res; /* the resource, or the container of a whit */
	uint32_t *succ;	      /* nodes that must come after this one (nsucc,
			       * in the order the edges were added) */
	uint32_t nsucc;
	uint32_t npred; /* in-degree */
	uint32_t pos;	/* index of res in the catalog's res[] */
	enum graph_role role;
};

struct graph_pairs;

/*
 * The relationship graph, after Puppet's: each resource a type applies is
 * one node; each container (Stage, Class, Node, a defined-type instance)
 * is two "whits", admissible and completed, with everything it contains
 * between them, so a relationship to a container reaches every resource
 * in it without a quadratic number of edges. All memory is in `arena`.
 */
struct graph {
	struct arena *arena;
	const struct catalog *cat;
	struct graph_node *nodes;
	size_t n, alloc;
	size_t *res_node;   /* catalog pos → node (resource, or admissible) */
	bool *is_container; /* catalog pos → container? */
	bool *is_skipped;   /* catalog pos → virtual/exported: not in graph */
	/* lists by catalog pos, one after another: pos p's are
	 * x[x_off[p]] .. x[x_off[p + 1] - 1] */
	uint32_t *child_off, *child;	 /* contained positions */
	uint32_t *refresh_off, *refresh; /* positions p sends refreshes to;
					  * both NULL when none sends any */
	uint32_t *edges; /* the nodes' successors (graph_node.succ) */
	struct graph_pairs *pending; /* edges while graph_build runs */
	struct strmap *aliases; /* "File[/x]" by namevar, built on first miss */
	size_t *order;		/* nodes in application order (graph_sort) */
	size_t norder;
};

#define GRAPH_NONE ((size_t)-1)

/* Finds a resource by reference text or value (File['/x'], "File[/x]",
 * Class[foo]); NULL when absent or not a reference. */
struct resource *graph_find_ref(const struct graph *g, const struct value *ref);

/*
 * Builds the graph of `cat`: containment (resource->container and
 * cat->edges), the require/before/notify/subscribe metaparameters of every
 * resource (containers too) and, through `find_type`, each type's
 * autorequires (only targets in the catalog). Returns 0, or -1 with one
 * message per problem appended to `err` ("could not find dependency
 * File[/y] for Notify[a]"), one a line.
 */
int graph_build(struct graph *g, struct arena *a, const struct catalog *cat,
		struct rtype_ctx *c,
		const struct rtype *(*find_type)(const char *name),
		struct buf *err);

/*
 * Orders the nodes topologically into g->order, ties broken by catalog
 * order. Returns 0, or -1 when there are cycles, with Puppet's message in
 * `err`: "found 1 dependency cycle: (Notify[a] => Notify[b] => Notify[a])".
 */
int graph_sort(struct graph *g, struct buf *err);

/* true for resources that only contain others (Stage, Class, Node,
 * defined-type instances). */
bool graph_is_container_res(const struct resource *r);

/* Appends every resource position contained in `pos` (recursively), or pos
 * itself when it is not a container. `seen` (n = catalog size) avoids
 * repeats and is left set. */
void graph_leaves(size_t **out, size_t *nout, size_t *alloc,
		  const struct graph *g, size_t pos, bool *seen);

/* ---- catjson.c: Puppet catalog JSON ---- */

/*
 * Reads a catalog in Puppet's JSON format (what tend catalog compile
 * writes) from `path` ("-" is stdin) into `cat`, allocated in `a`:
 * resources in file order, containers from the edges, tags, file/line.
 * Returns 0, or -1 with err_last() naming the file and the problem.
 */
int catjson_load(struct catalog *cat, struct arena *a, const char *path);
/* The same from text in memory; `name` is used in messages. */
int catjson_parse(struct catalog *cat, struct arena *a, const char *text,
		  size_t len, const char *name);

/* ---- run.c: the transaction ---- */

struct agent_log {
	const char *level; /* "notice", "warning", "err", "info" */
	const char
		*source; /* "/Stage[main]/Main/File[/x]/ensure" or "Puppet" */
	const char *message;
};

struct agent_opts {
	bool noop;
	const char *tags;	/* comma-separated; only matching resources */
	const char *bucket_dir; /* for rtype_ctx */
	const char *modulepath;
	const char *root;
	bool progress; /* a live progress line on stderr */
	bool drop_logs; /* keep no logs, and of the events only their
			 * number (st->nevents; st->events is NULL): no
			 * report will be written. A first run of 10,000
			 * files logs 10,000 lines and as many events */
	FILE *out;     /* notices (NULL: stdout) */
	FILE *errout;  /* warnings and errors (NULL: stderr) */
	/* Type lookup; NULL is rtype_find (tests pass their own). */
	const struct rtype *(*find_type)(const char *name);
};

/*
 * One run. Built by agent_apply, read afterwards (report, exit status),
 * thrown away by agent_release. Everything is in `arena`.
 */
struct agent_run {
	struct arena *arena;
	const struct catalog *cat;
	struct agent_opts opts;
	struct rtype_ctx ctx;
	struct graph g;
	struct rstate *states; /* catalog pos → state (resources only) */
	bool *is_applied;      /* catalog pos → a resource of the run */
	struct agent_log *logs;
	size_t nlogs, logs_alloc;
	size_t total, changed, failed, skipped, unchanged, out_of_sync;
	size_t restarted;
	double seconds;
	bool did_fail_early; /* validation or cycle: nothing applied */
	long start_time;     /* time(2) at start */
};

/*
 * Applies `cat`: checks every resource (known type, type validation),
 * orders them, then syncs each in order, skipping those whose
 * dependencies failed, and sends refresh events. Prints one line per
 * change as it happens. Returns 0 when the run happened (some resources
 * may have failed: see run->failed), -1 when nothing was applied
 * (validation errors or dependency cycles, already printed).
 */
int agent_apply(struct agent_run *run, struct arena *a,
		const struct catalog *cat, const struct agent_opts *o);

/* Puppet's exit status: without `detailed`, 1 on failures and 0
 * otherwise; with it 0 nothing changed, 2 changes, 4 failures, 6 both. */
int agent_exit_status(const struct agent_run *run, bool detailed);

/* The resource's path in messages: /Stage[main]/Main/File[/x]. */
void agent_res_path(struct buf *out, const struct resource *r);

/* ---- report.c ---- */

/*
 * Writes the run as JSON close to Puppet's report format (host, time,
 * status, resource_statuses, metrics, logs) to `path`, atomically.
 * Returns 0 or -1 with err_last().
 */
int report_write(const struct agent_run *run, const char *path);
/* The same JSON appended to `out`. */
void report_to_json(struct buf *out, const struct agent_run *run);

/* ---- lock.c: one run at a time ---- */

struct lock {
	int fd;		  /* -1 when not held */
	const char *path; /* borrowed */
};

/*
 * The run lock's path: $TEND_LOCK, else /run/tend/agent.lock when that
 * directory can be created, else $TMPDIR-or-/tmp/tend-<uid>/agent.lock.
 * Returned string is allocated in `a`.
 */
const char *lock_default_path(struct arena *a);

/*
 * Takes the lock at `path` (flock(2) on the file, which then holds our
 * pid), waiting up to `wait_seconds`. ERR_EXISTS when another run holds it
 * (err_last(): "another tend run is in progress (pid N)"), -1 on other
 * errors.
 */
int lock_acquire(struct lock *l, const char *path, double wait_seconds);
/* Releases the lock (no-op when not held). */
void lock_release(struct lock *l);

#endif
