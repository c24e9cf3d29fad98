/* SPDX-License-Identifier: MIT */
/* cmd_catalog.c: tend catalog compile — a node's catalog as Puppet's JSON */
#include "util/compat.h"
#include "catalog/catalog.h"
#include "cli/cli.h"
#include "facts/facts.h"
#include "lang/eval.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"

static const char usage_str[] =
	"tend catalog compile --certname NAME [--manifest FILE|DIR] [--modulepath DIRS] [--facts FILE.json] [--environment ENV]";

int cmd_catalog(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	const char *certname = NULL, *manifest = NULL, *modulepath = NULL;
	const char *facts_file = NULL, *environment = NULL, *code = NULL;
	int pretty = 0, quiet = 0;
	struct option opts[] = {
		OPT_STRING(0, "certname", &certname, "name", "the node to compile for"),
		OPT_STRING(0, "manifest", &manifest, "path", "main manifest file or directory (default manifests/site.pp)"),
		OPT_STRING(0, "modulepath", &modulepath, "dirs", "colon-separated module directories (default modules)"),
		OPT_STRING(0, "facts", &facts_file, "file", "facts as JSON instead of this machine's"),
		OPT_STRING(0, "environment", &environment, "env", "environment name (default production)"),
		OPT_STRING('e', "execute", &code, "code", "compile this code instead of a manifest"),
		OPT_BOOL(0, "pretty", &pretty, "one resource per line"),
		OPT_BOOL('q', "quiet", &quiet, "do not print warnings"),
		OPT_END(),
	};
	int n = cli_parse_options(argc, argv, opts, usage_str);
	if (n < 0)
		return 129;
	if (n < 1 || strcmp(argv[0], "compile")) {
		cli_usage(usage_str, opts);
		return 129;
	}
	if (n > 1) {
		fprintf(stderr, "error: unexpected argument '%s'\n", argv[1]);
		return 129;
	}
	if (!certname) {
		fprintf(stderr, "error: --certname is required\n");
		return 129;
	}
	if (!manifest && !code)
		manifest = "manifests/site.pp";
	if (!modulepath)
		modulepath = "modules";

	struct arena a = ARENA_INIT;
	struct diags d;
	diags_init(&d);
	int status = 1;
	struct value *facts = NULL;
	if (facts_file) {
		if (facts_load_json(&facts, &a, facts_file) < 0) {
			fprintf(stderr, "error: %s\n", err_last());
			goto out;
		}
	} else {
		facts_collect(&facts, &a, NULL);
	}
	struct compile_opts o = {
		.certname = certname, .manifest = manifest, .code = code,
		.modulepath = modulepath, .facts = facts, .environment = environment,
	};
	struct catalog cat;
	int rc = eval_compile(&cat, &a, &d, &o);
	for (size_t i = 0; i < d.n; i++) {
		if (quiet && d.v[i].sev != DIAG_ERROR)
			continue;
		struct buf b = BUF_INIT;
		diags_format(&b, &d, &d.v[i]);
		fputs(b.ptr, stderr);
		buf_release(&b);
	}
	if (rc < 0) {
		fprintf(stderr, "error: could not compile the catalog for '%s'\n", certname);
		goto out;
	}
	struct buf out = BUF_INIT;
	cat_to_json(&out, &cat, pretty);
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	status = fflush(stdout) ? 1 : 0;
out:
	diags_release(&d);
	arena_release(&a);
	return status;
}
