/* SPDX-License-Identifier: MIT */
/* master-internal.h: the master's state, shared by master.c, mjob.c and api.c */
#ifndef MASTER_INTERNAL_H
#define MASTER_INTERNAL_H

#include "remote/keys.h"
#include "remote/master.h"
#include "remote/wire.h"
#include "remote/zmtp.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"
#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

struct store;

/* A minion whose key is accepted (or pending, to be welcomed on accept). */
struct mnode {
	char *id;
	char pub[KEYS_Z85_LEN];
	uint64_t peer;   /* its connection (zmtp_server_send), 0 for none */
	bool connected;  /* seen since start and not known gone */
	bool accepted;
	bool have_facts; /* facts received since the master started */
	double last_seen;
	char *facts;     /* compact JSON object, never NULL: parsed only for
			  * targets that read facts (target_uses_facts) */
	char *version;
};

enum mstate {
	MS_QUEUED,    /* batch: not started yet */
	MS_SENT,      /* sent, no ack yet */
	MS_DELIVERED, /* acked */
	MS_RUNNING,   /* heartbeats seen */
	MS_DONE,      /* returned, retcode 0 */
	MS_FAILED,    /* returned, retcode != 0 */
	MS_TIMEOUT,   /* no return in time */
	MS_OFFLINE,   /* not connected */
	MS_SKIPPED,   /* batch halted before it started */
};

struct mjob_minion {
	struct mnode *node;
	enum mstate state;
	double sent_at, last_hb;
	int sends;
};

struct api_client;

struct mjob {
	char jid[WIRE_JID_LEN + 1];
	char *fun;
	json_t *args, *kwargs;
	double started, deadline, timeout;
	size_t n;
	struct mjob_minion *m;
	size_t window, max_fail, nfail, next; /* batch: window 0 = all */
	struct api_client **watchers;
	size_t nwatchers;
	char *user, *tgt, *tgt_type;
	uid_t uid;
	struct mjob *next_job;
};

struct api_client {
	int fd;
	uid_t uid;
	char *user;
	struct buf in, out;
	bool closing; /* close once `out` is written */
	struct mjob *watching;
	struct api_client *next;
};

/* A return stored in the open batch, acknowledged once it commits. */
struct master_ack {
	struct mnode *node;
	char jid[WIRE_JID_LEN + 1];
	int retcode;
	json_t *ret;
	bool fresh; /* not a duplicate: tell the job */
};

struct master {
	const struct master_opts *o;
	struct zmtp_server *zs;
	int api_fd;
	struct store *st;
	struct arena arena;      /* registry names and keys */
	struct strmap by_id;     /* id → struct mnode (accepted) */
	struct strmap by_pub;    /* Z85 key → struct mnode (accepted or pending) */
	struct mnode **nodes;    /* every accepted node, in acceptance order */
	size_t nnodes, anodes;
	struct mnode **dead;     /* forgotten nodes (jobs may point at them) */
	size_t ndead;
	json_t *nodegroups;      /* object, or NULL */
	struct mjob *jobs;       /* in flight */
	struct api_client *clients;
	char pub[KEYS_Z85_LEN], sec[KEYS_Z85_LEN];
	uid_t uid;
	struct master_ack *acks; /* see master_ack */
	size_t nacks, aacks;
};

double master_now(void);
/* Registers (or finds) the accepted node for id/key. */
struct mnode *master_node_add(struct master *m, const char *id, const char *pub);
/* Forgets a node (its key deleted or rejected). */
void master_node_forget(struct master *m, struct mnode *n);
/* Sends `body` (stolen) to a node; on failure marks it disconnected, -1. */
int master_send(struct master *m, struct mnode *n, enum wire_type t, json_t *body);

/* mjob.c: jobs in flight */
struct mjob *mjob_start(struct master *m, const char *fun, json_t *args,
			json_t *kwargs, double timeout, struct mnode **targets,
			size_t ntargets, const char *batch, const char *max_fail,
			struct buf *err);
struct mjob *mjob_find(struct master *m, const char *jid);
/* Sends the job to the first minions (all, or a batch window). */
void mjob_dispatch(struct master *m, struct mjob *j);
void mjob_on_ack(struct master *m, struct mnode *n, const char *jid, const char *refused);
void mjob_on_running(struct master *m, struct mnode *n, const char *jid);
void mjob_on_return(struct master *m, struct mnode *n, const char *jid, int retcode,
		    json_t *ret);
/* Resends, times out and finishes jobs; called every tick. */
void mjob_tick(struct master *m);
void mjob_free(struct mjob *j);
const char *mjob_state_name(enum mstate s);

/* api.c: the local API */
int api_listen(struct master *m);
void api_accept(struct master *m);
/* Handles readable/writable client `c`; frees it when done. */
void api_io(struct master *m, struct api_client *c, short revents);
/* Queues one JSON line (stolen reference) for a client. */
void api_send(struct api_client *c, json_t *line);
void api_unwatch(struct mjob *j);
void api_close_all(struct master *m);

#endif
