/* SPDX-License-Identifier: MIT */
/* main.c: the tend command table and option parsing */
#include "util/compat.h"
#include "cli/cli.h"
#include "util/buf.h"
#include "util/log.h"

struct cmd_struct {
	const char *name;
	cmd_fn fn;
	const char *help;
};

static const struct cmd_struct commands[] = {
	{ "apply", cmd_apply, "apply a manifest or a catalog to this machine" },
	{ "call", cmd_call, "run one execution module function on this machine" },
	{ "catalog", cmd_catalog, "compile a node's catalog (catalog compile)" },
	{ "facts", cmd_facts, "show this machine's facts" },
	{ "filebucket", cmd_filebucket, "list, show and restore backed-up file contents" },
	{ "master", cmd_master, "run the master daemon that minions connect to" },
	{ "minions", cmd_minions, "list the accepted minions, up or down (manage.status)" },
	{ "minion", cmd_minion, "run the minion daemon that runs jobs for the master" },
	{ "jobs", cmd_jobs, "list and show remote jobs (the master's job history)" },
	{ "key", cmd_key, "list, accept, reject and delete minion keys (as salt-key)" },
	{ "parser", cmd_parser, "check manifests for errors (parser validate)" },
	{ "run", cmd_run, "run a function on the minions a target matches (as salt)" },
	{ "template", cmd_template, "render an ERB or EPP template" },
};

static const struct cmd_struct *find_cmd(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_help(FILE *fp)
{
	fprintf(fp, "usage: tend [--version] [--help] [-v|--verbose] [-d|--debug] <command> [<args>]\n\n"
		"Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "   %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(fp, "\nSee 'tend help <command>' for one command's options.\n");
}

static void print_opt_help(const struct option *o)
{
	struct { char s[64]; } col;
	int n;
	if (o->short_name && o->long_name)
		n = snprintf(col.s, sizeof(col.s), "-%c, --%s", o->short_name, o->long_name);
	else if (o->long_name)
		n = snprintf(col.s, sizeof(col.s), "--%s", o->long_name);
	else
		n = snprintf(col.s, sizeof(col.s), "-%c", o->short_name);
	if (o->argh && n > 0 && (size_t)n < sizeof(col.s))
		snprintf(col.s + n, sizeof(col.s) - (size_t)n, " <%s>", o->argh);
	fprintf(stderr, "    %-28s %s\n", col.s, o->help ? o->help : "");
}

const char *cli_path_default(const char *value, const char *root,
			     const char *name, const char *dflt, struct buf *tmp)
{
	if (value)
		return value;
	if (!root)
		return dflt;
	buf_reset(tmp);
	buf_addf(tmp, "%s/%s", root, name);
	return tmp->ptr;
}

void cli_usage(const char *usage, const struct option *opts)
{
	fprintf(stderr, "usage: %s\n\n", usage);
	for (const struct option *o = opts; o && o->type != OPT_T_END; o++)
		print_opt_help(o);
}

static int set_opt(const struct option *o, const char *arg, const char *usage,
		   const struct option *opts)
{
	switch (o->type) {
	case OPT_T_BOOL:
		*(int *)o->value = 1;
		return 0;
	case OPT_T_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_T_INT: {
		char *end;
		long v = strtol(arg, &end, 10);
		if (!*arg || *end) {
			fprintf(stderr, "error: option '%s' expects a number, got '%s'\n",
				o->long_name ? o->long_name : "?", arg);
			cli_usage(usage, opts);
			return -1;
		}
		*(int *)o->value = (int)v;
		return 0;
	}
	case OPT_T_END:
		break;
	}
	BUG("bad option type");
}

int cli_parse_options(int argc, const char **argv, const struct option *opts,
		      const char *usage)
{
	int nargs = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			while (++i < argc)
				argv[nargs++] = argv[i];
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cli_usage(usage, opts);
			exit(0);
		}
		if (a[0] != '-' || !a[1]) {
			argv[nargs++] = a;
			continue;
		}
		const struct option *o;
		const char *val = NULL;
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			for (o = opts; o->type != OPT_T_END; o++)
				if (o->long_name && strlen(o->long_name) == len &&
				    !strncmp(o->long_name, name, len))
					break;
			if (eq)
				val = eq + 1;
		} else {
			for (o = opts; o->type != OPT_T_END; o++)
				if (o->short_name == a[1])
					break;
			if (a[2])
				val = a + 2;
		}
		if (o->type == OPT_T_END) {
			fprintf(stderr, "error: unknown option '%s'\n", a);
			cli_usage(usage, opts);
			return -1;
		}
		if (o->type == OPT_T_BOOL) {
			if (val) {
				fprintf(stderr, "error: option '%s' takes no value\n", a);
				return -1;
			}
		} else if (!val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "error: option '%s' requires a value\n", a);
				cli_usage(usage, opts);
				return -1;
			}
			val = argv[++i];
		}
		if (set_opt(o, val, usage, opts) < 0)
			return -1;
	}
	return nargs;
}

int main(int argc, const char **argv)
{
	struct cli_ctx ctx = { "tend" };

	argv++, argc--;
	while (argc > 0 && argv[0][0] == '-') {
		const char *a = argv[0];
		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("tend %s\n", TEND_VERSION);
			return 0;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_help(stdout);
			return 0;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			log_threshold = LOG_INFO;
		} else if (!strcmp(a, "-d") || !strcmp(a, "--debug")) {
			log_threshold = LOG_DEBUG;
		} else {
			fprintf(stderr, "error: unknown option '%s'\n", a);
			print_help(stderr);
			return 129;
		}
		argv++, argc--;
	}
	if (!argc) {
		print_help(stderr);
		return 129;
	}
	if (!strcmp(argv[0], "help")) {
		if (argc < 2) {
			print_help(stdout);
			return 0;
		}
		const struct cmd_struct *c = find_cmd(argv[1]);
		if (!c) {
			fprintf(stderr, "error: '%s' is not a tend command\n", argv[1]);
			return 129;
		}
		const char *hargv[] = { argv[1], "--help", NULL };
		return c->fn(2, hargv, &ctx);
	}
	if (!strcmp(argv[0], "version")) {
		printf("tend %s\n", TEND_VERSION);
		return 0;
	}
	const struct cmd_struct *c = find_cmd(argv[0]);
	if (!c) {
		fprintf(stderr, "error: '%s' is not a tend command; see 'tend --help'\n", argv[0]);
		return 129;
	}
	return c->fn(argc, argv, &ctx);
}
