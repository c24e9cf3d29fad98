/* SPDX-License-Identifier: MIT */
/* cli.h: subcommands of the tend binary */
#ifndef CLI_H
#define CLI_H

struct buf;

struct cli_ctx {
	const char *progname;
};

typedef int (*cmd_fn)(int argc, const char **argv, struct cli_ctx *ctx);

/* Each returns the process exit status; argv[0] is the subcommand name. */
int cmd_apply(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_call(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_catalog(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_parser(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_filebucket(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_facts(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_template(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_master(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_minion(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_minions(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_run(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_key(int argc, const char **argv, struct cli_ctx *ctx);
int cmd_jobs(int argc, const char **argv, struct cli_ctx *ctx);

/*
 * Declarative option parsing, after git's parse-options: a table of
 * OPT_STRING / OPT_BOOL entries ending with OPT_END. Non-option arguments
 * are moved to the front of argv; the count of them is returned, or -1
 * after printing an error (exit 129 then).
 */
enum opt_type { OPT_T_END, OPT_T_STRING, OPT_T_BOOL, OPT_T_INT };
struct option {
	enum opt_type type;
	char short_name;
	const char *long_name;
	void *value;
	const char *argh;
	const char *help;
};
#define OPT_STRING(s, l, v, a, h) { OPT_T_STRING, (s), (l), (v), (a), (h) }
#define OPT_BOOL(s, l, v, h) { OPT_T_BOOL, (s), (l), (v), NULL, (h) }
#define OPT_INT(s, l, v, a, h) { OPT_T_INT, (s), (l), (v), (a), (h) }
#define OPT_END() { OPT_T_END, 0, NULL, NULL, NULL, NULL }

/*
 * A path option's value: `value` when given, else <root>/<name> when a
 * --root was given (written into `tmp`), else the built-in `dflt`.
 */
const char *cli_path_default(const char *value, const char *root,
			     const char *name, const char *dflt, struct buf *tmp);

int cli_parse_options(int argc, const char **argv, const struct option *opts,
		      const char *usage);
void cli_usage(const char *usage, const struct option *opts);

#endif
