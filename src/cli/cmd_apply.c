/* SPDX-License-Identifier: MIT */
/* cmd_apply.c: tend apply — compile a manifest (or read a catalog) and apply it */
#include "util/compat.h"
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif
#include "agent/agent.h"
#include "catalog/catalog.h"
#include "cli/cli.h"
#include "facts/facts.h"
#include "lang/eval.h"
#include "lang/value.h"
#include "resource/filebucket.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"

static const char usage_str[] =
	"tend apply [--noop] [--certname NAME] [--modulepath DIRS] [--facts FILE] [--tags T,...] [--detailed-exitcodes] [--report FILE] [--catalog FILE.json | -e CODE | FILE.pp]";

static bool is_dir(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compile(struct catalog *cat, struct arena *a, const char *manifest,
		   const char *code, const char *certname,
		   const char *modulepath, const char *facts_file,
		   const char *environment)
{
	struct value *facts = NULL;
	if (facts_file) {
		if (facts_load_json(&facts, a, facts_file) < 0) {
			fprintf(stderr, "Error: %s\n", err_last());
			return -1;
		}
	} else {
		facts_collect(&facts, a, NULL);
	}
	if (!certname) {
		const struct value *v =
			facts_get_path(facts, "networking.fqdn");
		if (!v || v->kind != VAL_STRING)
			v = facts_get_path(facts, "fqdn");
		certname =
			v && v->kind == VAL_STRING ? v->u.s.ptr : "localhost";
	}
	struct diags d;
	diags_init(&d);
	struct compile_opts o = {
		.certname = certname,
		.manifest = manifest,
		.code = code,
		.modulepath = modulepath,
		.facts = facts,
		.environment = environment,
	};
	double t0 = now_seconds();
	int rc = eval_compile(cat, a, &d, &o);
	for (size_t i = 0; i < d.n; i++) {
		struct buf b = BUF_INIT;
		diags_format(&b, &d, &d.v[i]);
		fputs(b.ptr, stderr);
		buf_release(&b);
	}
	diags_release(&d);
	if (rc < 0) {
		fprintf(stderr,
			"Error: could not compile the catalog for '%s'\n",
			certname);
		return -1;
	}
	printf("Notice: Compiled catalog for %s in environment %s in %.2f seconds\n",
	       certname, environment ? environment : "production",
	       now_seconds() - t0);
	fflush(stdout);
#ifdef __GLIBC__
	/*
	 * The syntax tree went back to malloc at the end of the compile, in
	 * holes between the catalog's blocks, where its pages stay resident:
	 * give them back (5 MB for 10,000 files), so that the run's memory
	 * is not counted on top of them.
	 */
	malloc_trim(0);
#endif
	return 0;
}

int cmd_apply(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	const char *certname = NULL, *modulepath = NULL, *facts_file = NULL;
	const char *tags = NULL, *report_file = NULL, *code = NULL;
	const char *catalog_file = NULL, *lockfile = NULL, *bucketdir = NULL;
	const char *environment = NULL;
	int noop = 0, detailed = 0, waitforlock = 0;
	struct option opts[] = {
		OPT_BOOL(0, "noop", &noop,
			 "show what would change, change nothing"),
		OPT_STRING(0, "certname", &certname, "name",
			   "the node name (default: this machine's fqdn)"),
		OPT_STRING(0, "modulepath", &modulepath, "dirs",
			   "colon-separated module directories"),
		OPT_STRING(0, "facts", &facts_file, "file",
			   "facts as JSON instead of this machine's"),
		OPT_STRING(0, "environment", &environment, "env",
			   "environment name (default production)"),
		OPT_STRING(0, "tags", &tags, "t,...",
			   "apply only resources with one of these tags"),
		OPT_BOOL(0, "detailed-exitcodes", &detailed,
			 "exit 2 on changes, 4 on failures, 6 on both"),
		OPT_STRING(0, "report", &report_file, "file",
			   "write the run report as JSON"),
		OPT_STRING('e', "execute", &code, "code",
			   "apply this code instead of a manifest file"),
		OPT_STRING(0, "catalog", &catalog_file, "file",
			   "apply a catalog in JSON ('-' for stdin)"),
		OPT_STRING(
			0, "lockfile", &lockfile, "file",
			"the run lock (default $TEND_LOCK or /run/tend/agent.lock)"),
		OPT_INT(0, "waitforlock", &waitforlock, "seconds",
			"wait this long for another run to finish (default 0)"),
		OPT_STRING(0, "bucketdir", &bucketdir, "dir",
			   "the local filebucket (old file contents)"),
		OPT_END(),
	};
	int n = cli_parse_options(argc, argv, opts, usage_str);
	if (n < 0)
		return 129;
	const char *manifest = n ? argv[0] : NULL;
	if (n > 1) {
		fprintf(stderr, "error: unexpected argument '%s'\n", argv[1]);
		return 129;
	}
	if (!!manifest + !!code + !!catalog_file != 1) {
		fprintf(stderr,
			"error: give exactly one of FILE.pp, -e CODE, --catalog FILE\n");
		cli_usage(usage_str, opts);
		return 129;
	}
	if (!modulepath && !catalog_file) {
		if (is_dir("modules"))
			modulepath = "modules";
		else if (is_dir("/etc/tend/modules"))
			modulepath = "/etc/tend/modules";
	}

	struct arena a = ARENA_INIT;
	struct buf bucket_tmp = BUF_INIT;
	struct catalog cat;
	struct lock lk = {-1, NULL};
	int status = 1;
	if (catalog_file) {
		if (catjson_load(&cat, &a, catalog_file) < 0) {
			fprintf(stderr, "Error: %s\n", err_last());
			goto out;
		}
	} else if (compile(&cat, &a, manifest, code, certname, modulepath,
			   facts_file, environment) < 0) {
		goto out;
	}

	if (!lockfile)
		lockfile = lock_default_path(&a);
	if (lock_acquire(&lk, lockfile, waitforlock) < 0) {
		fprintf(stderr, "Error: %s\n", err_last());
		goto out;
	}
	struct agent_opts ao = {
		.noop = noop,
		.tags = tags,
		.modulepath = modulepath,
		.bucket_dir =
			bucketdir ? bucketdir : bucket_default_dir(&bucket_tmp),
		.progress = isatty(1) && isatty(2),
		.drop_logs = !report_file,
	};
	struct agent_run run;
	agent_apply(&run, &a, &cat, &ao);
	status = agent_exit_status(&run, detailed);
	if (report_file && report_write(&run, report_file) < 0) {
		fprintf(stderr, "Error: cannot write the report: %s\n",
			err_last());
		if (!status)
			status = 1;
	}
	lock_release(&lk);
out:
	fflush(stdout);
	buf_release(&bucket_tmp);
	arena_release(&a);
	return status;
}
