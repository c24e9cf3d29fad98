/* SPDX-License-Identifier: MIT */
/* rtype.h: the interface every resource type implements for the agent */
#ifndef RTYPE_H
#define RTYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct arena;
struct catalog;
struct resource;
struct value;

/*
 * One agent run's services, shared by every type. Everything allocated
 * during the run goes to `arena` (released when the run ends).
 */
struct rtype_ctx {
	struct arena *arena;
	bool noop;                  /* compute events, change nothing */
	const char *bucket_dir;     /* filebucket: old contents by sha256 */
	const char *modulepath;     /* for puppet:///modules/M/F sources */
	const char *root;           /* prefix for tests ("" or NULL: "/") */
	void *payload;              /* the transaction's own state */
	struct rtype_stage *stage;  /* when set, new file contents are staged
				     * (written, not yet renamed): see below */
	const struct catalog *catalog; /* the catalog being applied (concat_file
					* reads its fragments), or NULL */
	struct rtype_dir *dir;      /* when set, a directory kept open for
				     * lookups: see below */
	struct arena *event_arena;  /* when set, where rstate_event keeps
				     * events (their array and text): the
				     * transaction empties it after printing
				     * each resource's events when no report
				     * needs them. NULL: arena */
};

/*
 * Thousands of files in a few directories: reading the state of each
 * through its parent directory, kept open, spares the kernel a walk of the
 * whole path per lookup. rtype_dir_at(c, path, &name) returns a directory
 * fd and sets name so that fstatat/openat(fd, name) reach `path`: the
 * cached parent when there is one (opened on first use), else AT_FDCWD and
 * path itself. Only for reading state: what changes the machine uses whole
 * paths. The cache is right only while no directory changed since it was
 * opened: the transaction forgets it (rtype_dir_forget) before any
 * resource that is not a file and after one that failed; the file type
 * forgets it whenever it creates, replaces or removes anything but a
 * regular file's content and attributes.
 */
struct rtype_dir {
	char *path; /* the directory open in fd (owned), or NULL */
	int fd;
};

int rtype_dir_at(struct rtype_ctx *c, const char *path, const char **name);
/* Closes and forgets the directory; d stays usable. */
void rtype_dir_forget(struct rtype_dir *d);

/*
 * Staged writes make a run of many files durable with two filesystem
 * flushes instead of two fsyncs per file: a type writes the temporary file
 * and hands it to rtype_stage_add(); the transaction calls
 * rtype_stage_commit() before anything could read those files (any other
 * resource, and at the end): syncfs, rename each into place, syncfs. A
 * crash before the commit leaves every target with its old content.
 */
struct rtype_stage_write {
	size_t at;	      /* in text: the final path, NUL, the rest of the
				* temporary path after `prefix` bytes of it */
	size_t prefix;	      /* bytes the two paths start with alike */
	struct rstate *owner; /* the resource the write belongs to */
};

struct rtype_stage {
	/* a first run writes thousands of files: their paths are kept in
	 * one buffer, the directory they share with the temporary once */
	struct buf text;
	struct rtype_stage_write *w;
	size_t n, alloc;
	struct rstate **failed; /* owners whose rename failed, kept across
				 * commits until the transaction counts them */
	size_t nfailed, failed_alloc;
};

void rtype_stage_init(struct rtype_stage *s);
void rtype_stage_add(struct rtype_stage *s, const char *tmp, const char *dst,
		     struct rstate *owner);
/*
 * Flushes and renames everything staged, then empties the stage. A rename
 * that fails marks its owner RS_FAILED with the reason and appends it to
 * s->failed: a type may commit while it is synced (to act on the path
 * afterwards), and the owners it fails were counted as changed before, so
 * the transaction recounts them from that list. Returns how many failed.
 */
size_t rtype_stage_commit(struct rtype_ctx *c, struct rtype_stage *s);
void rtype_stage_release(struct rtype_stage *s);

enum rstatus {
	RS_UNCHANGED, /* in sync, nothing done */
	RS_CHANGED,   /* changed (or would change, with noop) */
	RS_FAILED,    /* could not be brought in sync */
	RS_SKIPPED,   /* a dependency failed; not attempted */
};

/* One property that changed (or would change in noop). */
struct revent {
	const char *property; /* "ensure", "content", "mode", ... */
	const char *previous; /* old value as text ("absent", "{sha256}…") */
	const char *desired;  /* new value as text */
	const char *message;  /* Puppet's words: "content changed '{sha256}a' to
			       * '{sha256}b'", "defined content as '…'",
			       * "ensure changed 'stopped' to 'running'", "created" */
	const char *diff;     /* unified diff of a content change, or NULL */
};

/* What happened to one resource in one run. */
struct rstate {
	const struct resource *res;
	enum rstatus status;
	bool refreshed;     /* a refresh ran (service restart, exec) */
	bool is_recounted;  /* the transaction's: counted changed, then
			     * failed when its staged write was renamed */
	struct revent *events;
	size_t nevents, events_alloc;
	const char *error;  /* why it failed: "File[/x]: ..." not included */
	const char *output; /* command output worth logging (exec logoutput) */
	double seconds;
	struct rstate **children; /* resources the type generated (each
				   * file of a recursive file), in order */
	size_t nchildren, children_alloc;
	struct rstate *parent; /* for a generated resource's state */
};

struct rtype {
	const char *name; /* lowercase type name: "file" */
	/*
	 * Checks the parameters before anything changes (unknown parameter,
	 * invalid value such as mode '999' or ensure 'sometimes'). Returns 0,
	 * or -1 with a message (allocated in c->arena) in *msg, without the
	 * resource's name (the caller prefixes "File[/x]: ").
	 */
	int (*validate)(struct rtype_ctx *c, const struct resource *r,
			const char **msg);
	/*
	 * Reads the current state, compares it with the parameters and fixes
	 * what differs (only reports, with c->noop), recording one event per
	 * changed property with rstate_event(). Sets st->status to
	 * RS_UNCHANGED or RS_CHANGED and returns 0, or calls rstate_fail()
	 * and returns -1. Never leaves a managed file half-written.
	 */
	int (*sync)(struct rtype_ctx *c, const struct resource *r,
		    struct rstate *st);
	/*
	 * A refresh event arrived through notify/subscribe: restart a
	 * service, run a refreshonly exec. Called at most once per run, after
	 * sync. NULL when the type ignores refreshes.
	 */
	int (*refresh)(struct rtype_ctx *c, const struct resource *r,
		       struct rstate *st);
	/*
	 * Autorequires: calls add(type, title, payload) for each resource this
	 * one depends on when it is in the catalog (a file's parent directory
	 * "File", a file's owner "User" and group "Group", an exec's cwd).
	 * add() only borrows type and title for the call (a type may pass
	 * a buffer it reuses). NULL when none.
	 */
	void (*autorequire)(struct rtype_ctx *c, const struct resource *r,
			    void (*add)(const char *type, const char *title,
					void *payload),
			    void *payload);
};

/* The type called `name` (lowercase), or NULL. */
const struct rtype *rtype_find(const char *name);

/* Records an event; the strings are copied into c->event_arena (else
 * c->arena); fmt makes the message. Sets st->status to RS_CHANGED. */
void rstate_event(struct rtype_ctx *c, struct rstate *st, const char *property,
		  const char *previous, const char *desired, const char *fmt,
		  ...) __attribute__((format(printf, 6, 7)));
/*
 * A resource generated while `parent` is synced, as Puppet's recurse
 * generates a File per entry: a new state (RS_UNCHANGED) for
 * TYPE[title], contained where the parent is, with the parent's tags,
 * appended to parent->children. The transaction reports and counts it as
 * a resource of its own (its events, its failure) and refreshes the
 * parent's subscribers when it changed. Everything is in c->arena.
 */
struct rstate *rstate_child(struct rtype_ctx *c, struct rstate *parent,
			    const char *type, const char *title);

/* Marks st failed with a message (copied into c->arena); returns -1. */
int rstate_fail(struct rtype_ctx *c, struct rstate *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Checks that every parameter of r is one of `names` (n of them) or a
 * metaparameter; otherwise *msg = "no parameter named 'x'" and -1.
 */
int rtype_check_params(struct rtype_ctx *c, const struct resource *r,
		       const char *const *names, size_t n, const char **msg);

/* Parameter access: NULL when unset or undef. */
const struct value *rparam(const struct resource *r, const char *name);
/* The parameter as a string (strings; numbers and booleans as text), or dflt. */
const char *rparam_str(struct rtype_ctx *c, const struct resource *r,
		       const char *name, const char *dflt);
/* true/false/"true"/"false"/"yes"/"no"; dflt when unset; -1 when invalid. */
int rparam_bool(const struct resource *r, const char *name, int dflt);
/* The namevar's value: the parameter (path, name, command) or the title. */
const char *rparam_namevar(const struct resource *r, const char *param);

/* Each type's table entry, one per file under resource/types/. */
extern const struct rtype rtype_file, rtype_package, rtype_service,
	rtype_exec, rtype_notify, rtype_user, rtype_group, rtype_host,
	rtype_cron, rtype_ssh_authorized_key, rtype_file_line, rtype_anchor,
	rtype_concat_file, rtype_concat_fragment, rtype_ini_setting,
	rtype_ini_subsetting, rtype_mount, rtype_sshkey;

/*
 * Modules ship resource types in Ruby (MODULE/lib/puppet/type/NAME.rb);
 * tend implements the common ones natively. rtype_module_file() finds the
 * file that defines `name` in c->modulepath (NULL when none does, in
 * c->arena otherwise). A resource of such a type without a native
 * implementation is applied by rtype_module_only: it validates, and its
 * sync fails naming the type and the module, so that its dependents are
 * skipped and the rest of the run goes on (types/module_only.c).
 */
const char *rtype_module_file(struct rtype_ctx *c, const char *name);
extern const struct rtype rtype_module_only;

#endif
