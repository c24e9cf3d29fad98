/* SPDX-License-Identifier: MIT */
/* minion.h: `tend minion`, the daemon that runs jobs for the master */
#ifndef MINION_H
#define MINION_H

#include <stddef.h>

struct minion_opts {
	const char *id;          /* this minion's id */
	const char *master;      /* ZeroMQ endpoint of the master */
	const char *master_pub;  /* file with the master's public key */
	const char *pki_dir;     /* minion.pub / minion.key */
	const char *confdir;     /* environment, facts.d (see mod.h) */
	const char *cachedir;    /* jids/, returns/, proc/, modules/ */
	const char *agent_dir;   /* agent.run's environments */
	const char *tend_bin;    /* this executable, for agent.run */
	int max_jobs;            /* jobs running at once; more wait */
	double job_timeout;      /* default kill limit of a job, seconds */
	size_t max_output;       /* cap on a job's captured stream */
};

/*
 * Runs the minion until SIGTERM or SIGINT: connects out to the master,
 * says hello, runs jobs in child processes, spools and re-sends returns
 * until the master acknowledges them. 0 after a clean stop; -1 with
 * err_last() when it could not start.
 */
int minion_run(const struct minion_opts *o);

#endif
