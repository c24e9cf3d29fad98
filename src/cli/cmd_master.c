/* SPDX-License-Identifier: MIT */
/* cmd_master.c: tend master, the daemon minions connect to */
#include "util/compat.h"
#include "cli/cli.h"
#include "remote/master.h"
#include "util/buf.h"
#include "util/err.h"
#include <unistd.h>

static const char usage_str[] =
	"tend master [--root <dir>] [--bind <endpoint>] [--pki-dir <dir>] [--db <file>]\n"
	"            [--socket <path>] [--module-dir <dir>] [--config <file>] [--job-timeout <s>]";

int cmd_master(int argc, const char **argv, struct cli_ctx *ctx)
{
	const char *root = NULL, *bind = "tcp://0.0.0.0:4506", *pki = NULL, *db = NULL,
		   *sock = NULL, *moddir = NULL, *config = NULL;
	int job_timeout = 3600;
	struct option opts[] = {
		OPT_STRING(0, "root", &root, "dir", "keep everything under this directory"),
		OPT_STRING(0, "bind", &bind, "endpoint", "ZeroMQ endpoint (tcp://0.0.0.0:4506)"),
		OPT_STRING(0, "pki-dir", &pki, "dir", "master.pub and master.key (/etc/tend/pki/master)"),
		OPT_STRING(0, "db", &db, "file", "the SQLite store (/var/lib/tend/master.db)"),
		OPT_STRING(0, "socket", &sock, "path", "the local API socket (/run/tend/master.sock)"),
		OPT_STRING(0, "module-dir", &moddir, "dir", "custom execution modules (/srv/tend/modules)"),
		OPT_STRING(0, "config", &config, "file", "YAML with nodegroups (/etc/tend/master.yaml)"),
		OPT_INT(0, "job-timeout", &job_timeout, "s", "a job's kill limit on the minion (3600)"),
		OPT_END(),
	};
	(void)ctx;
	int nargs = cli_parse_options(argc, argv, opts, usage_str);
	if (nargs < 0)
		return 129;
	if (nargs) {
		cli_usage(usage_str, opts);
		return 129;
	}
	struct buf t1 = BUF_INIT, t2 = BUF_INIT, t3 = BUF_INIT, t4 = BUF_INIT, t5 = BUF_INIT;
	struct master_opts o = {
		.bind = bind,
		.pki_dir = cli_path_default(pki, root, "pki", "/etc/tend/pki/master", &t1),
		.db = cli_path_default(db, root, "master.db", "/var/lib/tend/master.db", &t2),
		.socket = cli_path_default(sock, root, "master.sock", "/run/tend/master.sock", &t3),
		.moddir = cli_path_default(moddir, root, "modules", "/srv/tend/modules", &t4),
		.config = cli_path_default(config, root, "master.yaml", "/etc/tend/master.yaml", &t5),
		.job_timeout = job_timeout,
	};
	if (!config && access(o.config, F_OK) < 0)
		o.config = NULL;
	int rc = master_run(&o);
	if (rc < 0)
		fprintf(stderr, "tend master: %s\n", err_last());
	buf_release(&t1);
	buf_release(&t2);
	buf_release(&t3);
	buf_release(&t4);
	buf_release(&t5);
	return rc < 0 ? 1 : 0;
}
