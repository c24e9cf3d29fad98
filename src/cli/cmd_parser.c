/* SPDX-License-Identifier: MIT */
/* cmd_parser.c: `tend parser validate|dump`: check manifests for syntax errors */
#include "util/compat.h"
#include "cli/cli.h"
#include "lang/parser.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/err.h"
#include "util/fileio.h"

static const char usage_main[] = "tend parser (validate | dump) [<options>] <file>...";
static const char usage_validate[] = "tend parser validate [--epp] <file>...";
static const char usage_dump[] = "tend parser dump [--epp] <file>...";

static bool is_epp_file(const char *path, int force_epp)
{
	size_t n = strlen(path);
	return force_epp || (n > 4 && !strcmp(path + n - 4, ".epp"));
}

/*
 * Parses one file, prints its diagnostics to stderr and, with `dump`, its
 * tree to stdout. Returns 0 if it parsed.
 */
static int parse_one(const char *path, int force_epp, bool dump)
{
	struct buf src = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct diags d;
	int ret = 0;

	diags_init(&d);
	if (file_read(&src, path) < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		buf_release(&src);
		return -1;
	}
	struct ast *tree = is_epp_file(path, force_epp)
		? parse_epp(&a, &d, path, src.ptr, src.len)
		: parse_manifest(&a, &d, path, src.ptr, src.len);
	diags_print(&d, stderr);
	if (!tree) {
		ret = -1;
	} else if (dump) {
		struct buf out = BUF_INIT;
		ast_dump(&out, tree);
		buf_addch(&out, '\n');
		fwrite(out.ptr, 1, out.len, stdout);
		buf_release(&out);
	}
	diags_release(&d);
	arena_release(&a);
	buf_release(&src);
	return ret;
}

static int run(int argc, const char **argv, bool dump)
{
	int force_epp = 0;
	const char *usage = dump ? usage_dump : usage_validate;
	const struct option opts[] = {
		OPT_BOOL(0, "epp", &force_epp, "parse the files as EPP templates (default for *.epp)"),
		OPT_END(),
	};
	int nargs = cli_parse_options(argc, argv, opts, usage);
	if (nargs < 0)
		return 129;
	if (nargs == 0) {
		cli_usage(usage, opts);
		return 129;
	}
	int failed = 0;
	for (int i = 0; i < nargs; i++)
		if (parse_one(argv[i], force_epp, dump) < 0)
			failed = 1;
	return failed;
}

int cmd_parser(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout, "usage: %s\n", usage_main);
		return argc < 2 ? 129 : 0;
	}
	if (!strcmp(argv[1], "validate"))
		return run(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "dump"))
		return run(argc - 1, argv + 1, true);
	fprintf(stderr, "error: unknown subcommand 'parser %s'\nusage: %s\n",
		argv[1], usage_main);
	return 129;
}
