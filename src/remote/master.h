/* SPDX-License-Identifier: MIT */
/* master.h: `tend master`, the daemon minions connect to */
#ifndef MASTER_H
#define MASTER_H

struct master_opts {
	const char *bind;     /* ZeroMQ endpoint, "tcp://0.0.0.0:4506" */
	const char *pki_dir;  /* master.pub / master.key */
	const char *db;       /* the SQLite store */
	const char *socket;   /* the local API's Unix socket */
	const char *moddir;   /* custom execution modules to sync */
	const char *config;   /* YAML: nodegroups, ...; NULL for none */
	double job_timeout;   /* kill limit sent with each job, seconds */
};

/*
 * Runs the master until SIGTERM or SIGINT. Returns 0 after a clean stop,
 * -1 with err_last() when it could not start (a busy port, an unreadable
 * key, a bad configuration).
 */
int master_run(const struct master_opts *o);

#endif
