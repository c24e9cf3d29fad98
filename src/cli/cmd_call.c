/* SPDX-License-Identifier: MIT */
/* cmd_call.c: tend call — run one execution module function here (salt-call --local) */
#include "util/compat.h"
#include <math.h>
#include <unistd.h>
#include "cli/cli.h"
#include "remote/mod.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/xalloc.h"

/*
 * tend call [options] FUN [ARG...] [KEY=VALUE...]
 *
 * Runs FUN as the minion would run it in a job, in this process, and
 * prints {"local": RETURN} as JSON (salt-call's shape), 4-space indented
 * with sorted keys. Words are typed as Salt's CLI types them ("42" is a
 * number, "true" a boolean, "[a, b]" a list, "{a: 1}" an object; see
 * mod_arg_value() in remote/mod.h); KEY=VALUE words are keyword arguments.
 * Options come before FUN; every word after FUN is the function's, even
 * one that starts with '-'.
 *
 * Exit status: 0 when the function succeeded, 1 when it failed, 129 for
 * a usage error.
 */

static const char usage_str[] =
	"tend call [--confdir DIR] [--cachedir DIR] [--agent-dir DIR] [--id ID] [--timeout SECONDS] [--max-output BYTES] [--out json] FUN [ARG...] [KEY=VALUE...]";

/* The minion id: <confdir>/minion_id, else the host name. A new string. */
static char *minion_id(const char *confdir)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	char *id = NULL;
	buf_addf(&path, "%s/minion_id", confdir);
	if (!file_read(&text, path.ptr)) {
		size_t n = strcspn(text.ptr, " \t\r\n");
		if (n)
			id = xmemdupz(text.ptr, n);
	}
	if (!id) {
		char host[256];
		if (gethostname(host, sizeof(host)) < 0)
			host[0] = '\0';
		host[sizeof(host) - 1] = '\0';
		id = xstrdup(host[0] ? host : "localhost");
	}
	buf_release(&path);
	buf_release(&text);
	return id;
}

/* This executable's path, for agent.run and custom modules. */
static char *self_exe(void)
{
	size_t size = 256;
	char *p = NULL;
	for (;;) {
		p = xrealloc(p, size);
		ssize_t n = readlink("/proc/self/exe", p, size);
		if (n < 0) {
			free(p);
			return NULL;
		}
		if ((size_t)n < size) {
			p[n] = '\0';
			return p;
		}
		size *= 2;
	}
}

static int parse_number(double *out, const char *opt, const char *s)
{
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (!*s || *end || errno || d < 0 || !isfinite(d)) {
		fprintf(stderr,
			"error: option '%s' expects a number of at least 0, got '%s'\n",
			opt, s);
		return -1;
	}
	*out = d;
	return 0;
}

int cmd_call(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	const char *confdir = "/etc/tend/minion";
	const char *cachedir = "/var/cache/tend/minion";
	const char *agent_dir = "/etc/tend/environments";
	const char *id = NULL, *out_fmt = "json";
	const char *timeout_s = NULL, *max_output_s = NULL;
	const struct option opts[] = {
		OPT_STRING(
			0, "confdir", &confdir, "dir",
			"the minion's configuration (default /etc/tend/minion)"),
		OPT_STRING(
			0, "cachedir", &cachedir, "dir",
			"the minion's cache: custom modules, running jobs (default /var/cache/tend/minion)"),
		OPT_STRING(
			0, "agent-dir", &agent_dir, "dir",
			"the environments agent.run applies (default /etc/tend/environments)"),
		OPT_STRING(
			0, "id", &id, "id",
			"the minion id (default <confdir>/minion_id, else the host name)"),
		OPT_STRING(
			0, "timeout", &timeout_s, "seconds",
			"kill commands of the function after this long (default none)"),
		OPT_STRING(
			0, "max-output", &max_output_s, "bytes",
			"cap on each captured output stream (default 16 MiB)"),
		OPT_STRING(0, "out", &out_fmt, "format",
			   "output format: json (the only one)"),
		OPT_END(),
	};
	/* options end at FUN: what follows belongs to the function, '-5' too */
	int fun_at = 1;
	bool dashdash = false;
	while (fun_at < argc && argv[fun_at][0] == '-' && argv[fun_at][1]) {
		if (!strcmp(argv[fun_at], "--")) {
			dashdash = true;
			break;
		}
		const struct option *o = opts;
		const char *a = argv[fun_at];
		while (o->type != OPT_T_END && !(a[1] == '-' && o->long_name &&
						 !strcmp(a + 2, o->long_name)))
			o++;
		fun_at += o->type == OPT_T_STRING ? 2 : 1;
	}
	if (fun_at > argc)
		fun_at = argc;
	int nopt = cli_parse_options(fun_at, argv, opts, usage_str);
	if (nopt < 0)
		return 129;
	if (nopt > 0) {
		fprintf(stderr, "error: unexpected argument '%s'\n", argv[0]);
		return 129;
	}
	if (dashdash)
		fun_at++;
	if (fun_at >= argc) {
		fprintf(stderr, "error: no function given\n");
		cli_usage(usage_str, opts);
		return 129;
	}
	const char *fun = argv[fun_at];
	int nargs = argc - fun_at - 1;
	const char *const *words = argv + fun_at + 1;
	if (strcmp(out_fmt, "json")) {
		fprintf(stderr,
			"error: output format '%s' is not supported by tend call; use json\n",
			out_fmt);
		return 129;
	}
	double timeout = 0, max_output = 0;
	if ((timeout_s && parse_number(&timeout, "timeout", timeout_s) < 0) ||
	    (max_output_s &&
	     parse_number(&max_output, "max-output", max_output_s) < 0))
		return 129;

	char *id_owned = id ? NULL : minion_id(confdir);
	char *exe = self_exe();
	struct mod_ctx c = {
		.minion_id = id ? id : id_owned,
		.confdir = confdir,
		.cachedir = cachedir,
		.agent_dir = agent_dir,
		.tend_bin = exe,
		.timeout = timeout,
		.max_output = (size_t)max_output,
	};
	json_t *args, *kwargs, *ret;
	mod_args_from_argv(&args, &kwargs, nargs, words);
	int rc = mod_call(&ret, &c, fun, args, kwargs);

	json_t *doc = json_pack("{sO}", "local", ret);
	char *text = json_dumps(doc, JSON_INDENT(4) | JSON_SORT_KEYS |
					     JSON_ENCODE_ANY |
					     JSON_REAL_PRECISION(15));
	int status = rc ? 1 : 0;
	if (!text || printf("%s\n", text) < 0 || fflush(stdout)) {
		fprintf(stderr, "error: cannot write the return: %s\n",
			strerror(errno));
		status = 1;
	}
	free(text);
	json_decref(doc);
	json_decref(ret);
	json_decref(args);
	json_decref(kwargs);
	free(exe);
	free(id_owned);
	return status;
}
