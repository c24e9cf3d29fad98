/* SPDX-License-Identifier: MIT */
/* cmd_filebucket.c: tend filebucket, list, show and restore backed-up file contents */
#include "util/compat.h"
#include <time.h>
#include <unistd.h>
#include "cli/cli.h"
#include "resource/filebucket.h"
#include "util/buf.h"
#include "util/err.h"

static const char usage_str[] = "tend filebucket [--bucketdir <dir>] (list | get <sum> | restore <path> <sum>)";

/* The same default as tend apply: TEND_BUCKETDIR, root's, or ~/.tend's. */
static int print_entry(const struct bucket_entry *e, void *payload UNUSED)
{
	struct tm tm;
	char when[64];
	localtime_r(&e->mtime, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s %s %s\n", e->sum, when, e->path);
	return 0;
}

int cmd_filebucket(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	const char *bucketdir = NULL;
	struct buf tmp = BUF_INIT;
	const struct option opts[] = {
		OPT_STRING(0, "bucketdir", &bucketdir, "dir",
			   "the local filebucket (default as tend apply)"),
		OPT_END(),
	};
	int nargs = cli_parse_options(argc, argv, opts, usage_str);
	if (nargs < 0)
		return 129;
	if (nargs < 1) {
		cli_usage(usage_str, opts);
		return 129;
	}
	const char *dir = bucketdir ? bucketdir : bucket_default_dir(&tmp);
	const char *sub = argv[0];
	int rc = 0;

	if (!strcmp(sub, "list") && nargs == 1) {
		if (bucket_list(dir, print_entry, NULL) < 0)
			rc = 1;
	} else if (!strcmp(sub, "get") && nargs == 2) {
		struct buf data = BUF_INIT;
		if (bucket_get(&data, dir, argv[1]) < 0)
			rc = 1;
		else if (fwrite(data.ptr, 1, data.len, stdout) != data.len)
			rc = err_set("cannot write the contents");
		buf_release(&data);
	} else if (!strcmp(sub, "restore") && nargs == 3) {
		if (argv[1][0] != '/') {
			fprintf(stderr, "error: '%s' is not an absolute path\n",
				argv[1]);
			rc = 1;
		} else if (bucket_restore(dir, argv[2], argv[1]) < 0) {
			rc = 1;
		} else {
			printf("Notice: restored '%s' from %s\n", argv[1],
			       argv[2]);
		}
	} else {
		cli_usage(usage_str, opts);
		buf_release(&tmp);
		return 129;
	}
	if (rc && *err_last())
		fprintf(stderr, "error: %s\n", err_last());
	buf_release(&tmp);
	return rc ? 1 : 0;
}
