/* SPDX-License-Identifier: MIT */
/* cmd_minion.c: tend minion, the daemon that runs jobs for the master */
#include "util/compat.h"
#include "cli/cli.h"
#include "remote/minion.h"
#include "util/buf.h"
#include "util/err.h"
#include <limits.h>
#include <netdb.h>
#include <unistd.h>

static const char usage_str[] =
	"tend minion [--id <id>] [--master <endpoint>] [--master-pub <file>] [--root <dir>]\n"
	"            [--pki-dir <dir>] [--confdir <dir>] [--cachedir <dir>] [--agent-dir <dir>]\n"
	"            [--max-jobs <n>] [--job-timeout <s>] [--max-output <bytes>]";

/* The fully qualified host name, as Salt's default minion id. */
static void default_id(struct buf *out)
{
	char host[HOST_NAME_MAX + 1] = "localhost";
	gethostname(host, sizeof(host));
	host[HOST_NAME_MAX] = '\0';
	struct addrinfo hints = { .ai_flags = AI_CANONNAME }, *res = NULL;
	if (!strchr(host, '.') && getaddrinfo(host, NULL, &hints, &res) == 0 && res &&
	    res->ai_canonname && strchr(res->ai_canonname, '.'))
		buf_addstr(out, res->ai_canonname);
	else
		buf_addstr(out, host);
	if (res)
		freeaddrinfo(res);
}

int cmd_minion(int argc, const char **argv, struct cli_ctx *ctx)
{
	const char *id = NULL, *master = "tcp://127.0.0.1:4506", *mpub = NULL, *root = NULL,
		   *pki = NULL, *confdir = NULL, *cachedir = NULL, *agent = NULL;
	int max_jobs = 16, job_timeout = 3600, max_output = 0;
	struct option opts[] = {
		OPT_STRING(0, "id", &id, "id", "this minion's id (the host's fully qualified name)"),
		OPT_STRING(0, "master", &master, "endpoint", "the master (tcp://127.0.0.1:4506)"),
		OPT_STRING(0, "master-pub", &mpub, "file", "the master's public key (<pki-dir>/master.pub)"),
		OPT_STRING(0, "root", &root, "dir", "keep everything under this directory"),
		OPT_STRING(0, "pki-dir", &pki, "dir", "minion.pub and minion.key (/etc/tend/pki/minion)"),
		OPT_STRING(0, "confdir", &confdir, "dir", "environment and facts.d (/etc/tend/minion)"),
		OPT_STRING(0, "cachedir", &cachedir, "dir", "jobs, returns, modules (/var/cache/tend/minion)"),
		OPT_STRING(0, "agent-dir", &agent, "dir", "agent.run's environments (/etc/tend/environments)"),
		OPT_INT(0, "max-jobs", &max_jobs, "n", "jobs running at once (16)"),
		OPT_INT(0, "job-timeout", &job_timeout, "s", "default kill limit of a job (3600)"),
		OPT_INT(0, "max-output", &max_output, "bytes", "cap on a job's captured output (16 MiB)"),
		OPT_END(),
	};
	(void)ctx;
	int nargs = cli_parse_options(argc, argv, opts, usage_str);
	if (nargs < 0)
		return 129;
	if (nargs || max_jobs < 1 || job_timeout < 0 || max_output < 0) {
		cli_usage(usage_str, opts);
		return 129;
	}
	struct buf idb = BUF_INIT, t1 = BUF_INIT, t2 = BUF_INIT, t3 = BUF_INIT, t4 = BUF_INIT,
		   t5 = BUF_INIT, self = BUF_INIT;
	if (!id) {
		default_id(&idb);
		id = idb.ptr;
	}
	struct minion_opts o = {
		.id = id,
		.master = master,
		.pki_dir = cli_path_default(pki, root, "pki", "/etc/tend/pki/minion", &t1),
		.confdir = cli_path_default(confdir, root, "conf", "/etc/tend/minion", &t2),
		.cachedir = cli_path_default(cachedir, root, "cache", "/var/cache/tend/minion", &t3),
		.agent_dir = cli_path_default(agent, root, "environments", "/etc/tend/environments", &t4),
		.max_jobs = max_jobs,
		.job_timeout = job_timeout,
		.max_output = (size_t)max_output,
	};
	if (mpub) {
		o.master_pub = mpub;
	} else {
		buf_addf(&t5, "%s/master.pub", o.pki_dir);
		o.master_pub = t5.ptr;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		buf_add(&self, exe, (size_t)n);
		o.tend_bin = self.ptr;
	}
	int rc = minion_run(&o);
	if (rc < 0)
		fprintf(stderr, "tend minion: %s\n", err_last());
	buf_release(&idb);
	buf_release(&t1);
	buf_release(&t2);
	buf_release(&t3);
	buf_release(&t4);
	buf_release(&t5);
	buf_release(&self);
	return rc < 0 ? 1 : 0;
}
