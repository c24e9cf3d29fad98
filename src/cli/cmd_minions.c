/* SPDX-License-Identifier: MIT */
/* cmd_minions.c: tend minions, which accepted minions are up (salt-run manage.status) */
#include "util/compat.h"
#include "cli/cli.h"
#include "remote/apicli.h"
#include "util/err.h"

static const char usage_str[] = "tend minions [--out text|json] [--socket PATH]";

int cmd_minions(int argc, const char **argv, struct cli_ctx *ctx)
{
	const char *out = "text", *sock = NULL;
	struct option opts[] = {
		OPT_STRING(0, "out", &out, "format", "text (default) or json"),
		OPT_STRING(0, "socket", &sock, "path", "the master's API socket"),
		OPT_END(),
	};
	(void)ctx;
	int nargs = cli_parse_options(argc, argv, opts, usage_str);
	if (nargs < 0)
		return 129;
	if (nargs || (strcmp(out, "text") && strcmp(out, "json"))) {
		cli_usage(usage_str, opts);
		return 129;
	}
	const char *path = apicli_socket_path(sock);
	json_t *req = json_pack("{ss}", "op", "minions"), *ans = NULL;
	int rc = apicli_call(&ans, path, req, 10000);
	json_decref(req);
	if (rc < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		return APICLI_EXIT_MASTER;
	}
	json_t *up = json_array(), *down = json_array(), *m;
	size_t i;
	json_array_foreach (json_object_get(ans, "minions"), i, m)
		json_array_append(json_is_true(json_object_get(m, "connected")) ? up : down,
				  json_object_get(m, "id"));
	if (!strcmp(out, "json")) {
		json_t *doc = json_pack("{sO sO sO}", "up", up, "down", down, "minions",
					json_object_get(ans, "minions"));
		char *s = json_dumps(doc, JSON_INDENT(4) | JSON_PRESERVE_ORDER);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(doc);
	} else {
		/* salt-run manage.status's nested output */
		json_t *lists[2] = { down, up };
		const char *names[2] = { "down", "up" };
		for (int k = 0; k < 2; k++) {
			printf("%s:\n", names[k]);
			json_array_foreach (lists[k], i, m)
				printf("    - %s\n", json_string_value(m));
		}
	}
	json_decref(up);
	json_decref(down);
	json_decref(ans);
	return 0;
}
