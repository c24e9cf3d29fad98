/* SPDX-License-Identifier: MIT */
/* cmd_key.c: tend key — list, accept, reject, delete minion keys, as salt-key */
#include "util/compat.h"
#include <fnmatch.h>
#include <strings.h>
#include "cli/cli.h"
#include "remote/apicli.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * The master owns the keys (docs/PROTOCOL.md, op "key"); this command
 * lists them and asks for changes. Globs and comma lists ("web*",
 * "a,b") are matched here against the list, as salt-key matches them,
 * then each matching key is changed by id, so that the master only ever
 * sees exact ids (and the audit log names them).
 */

static const char usage_str[] =
	"tend key list [accepted|unaccepted|rejected|denied|all] | accept|reject|delete (ID|--all) [--include-accepted|--include-rejected] | finger [ID|--all] [--out text|json] [--socket PATH]";

#define CALL_TIMEOUT_MS 30000

/* Salt's key directories, in the order salt-key's outputter prints them. */
static const struct section {
	const char *state; /* the master's name */
	const char *salt;  /* salt-key's JSON name */
	const char *title; /* salt-key's heading */
	const char *word;  /* for "does not match any ... keys" */
} sections[] = {
	{"accepted", "minions", "Accepted Keys:", "accepted"},
	{"denied", "minions_denied", "Denied Keys:", "denied"},
	{"pending", "minions_pre", "Unaccepted Keys:", "unaccepted"},
	{"rejected", "minions_rejected", "Rejected Keys:", "rejected"},
};
/* salt-key --out json lists them in the order of its key directories */
static const int json_order[] = {0, 2, 3, 1};

enum action { ACT_LIST, ACT_ACCEPT, ACT_REJECT, ACT_DELETE, ACT_FINGER };

static const struct {
	const char *name;
	enum action act;
	const char *done; /* "Key for minion X accepted." */
	unsigned states;  /* bit i: sections[i] holds keys it acts on */
} actions[] = {
	{"list", ACT_LIST, NULL, 0xf},
	{"accept", ACT_ACCEPT, "accepted", 1u << 2},
	{"reject", ACT_REJECT, "rejected", 1u << 2},
	{"delete", ACT_DELETE, "deleted", 0xf},
	{"finger", ACT_FINGER, NULL, 0xf},
};

static int section_of(const char *state)
{
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		if (state && !strcmp(sections[i].state, state))
			return (int)i;
	return -1;
}

/* list's STATE argument as salt-key -l takes it: acc, un, pre, rej, den, all */
static int parse_states(unsigned *out, const char *arg)
{
	static const struct {
		const char *prefix;
		unsigned mask;
	} names[] = {
		{"acc", 1u << 0}, {"den", 1u << 1},  {"un", 1u << 2},
		{"pre", 1u << 2}, {"pend", 1u << 2}, {"rej", 1u << 3},
		{"all", 0xf},
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strncmp(arg, names[i].prefix, strlen(names[i].prefix))) {
			*out = names[i].mask;
			return 0;
		}
	return -1;
}

/* salt-key's name_match: a glob, or a comma-separated list of globs */
static bool id_matches(const char *pattern, const char *id)
{
	if (!pattern)
		return true;
	const char *p = pattern;
	for (;;) {
		size_t len = strcspn(p, ",");
		char *one = xmemdupz(p, len);
		bool hit = !fnmatch(one, id, 0);
		free(one);
		if (hit)
			return true;
		if (!p[len])
			return false;
		p += len + 1;
	}
}

static int cmp_bytes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_nocase(const void *a, const void *b)
{
	int c = strcasecmp(*(const char *const *)a, *(const char *const *)b);
	return c ? c : cmp_bytes(a, b);
}

/* The keys of `keys` (the master's list) in section `sec` matching `pattern`. */
struct picked {
	json_t *key[ARRAY_SIZE(sections)]; /* arrays of key objects */
	size_t total;
};

static void pick(struct picked *p, json_t *keys, const char *pattern,
		 unsigned states)
{
	for (size_t s = 0; s < ARRAY_SIZE(sections); s++)
		p->key[s] = json_array();
	p->total = 0;
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k)
	{
		const char *id = json_string_value(json_object_get(k, "id"));
		int s = section_of(
			json_string_value(json_object_get(k, "state")));
		if (!id || s < 0 || !(states & (1u << s)) ||
		    !id_matches(pattern, id))
			continue;
		json_array_append(p->key[s], k);
		p->total++;
	}
}

static void picked_release(struct picked *p)
{
	for (size_t s = 0; s < ARRAY_SIZE(sections); s++)
		json_decref(p->key[s]);
}

/* The ids of section `s`, sorted with `cmp`; the caller frees the array. */
static const char **sorted_ids(const struct picked *p, size_t s, size_t *n,
			       int (*cmp)(const void *, const void *))
{
	*n = json_array_size(p->key[s]);
	const char **ids = xcalloc(*n ? *n : 1, sizeof(*ids));
	for (size_t i = 0; i < *n; i++)
		ids[i] = json_string_value(
			json_object_get(json_array_get(p->key[s], i), "id"));
	qsort(ids, *n, sizeof(*ids), cmp);
	return ids;
}

static const char *finger_of(const struct picked *p, size_t s, const char *id)
{
	size_t i;
	json_t *k;
	json_array_foreach(p->key[s], i, k)
	{
		if (!strcmp(json_string_value(json_object_get(k, "id")), id)) {
			const char *f =
				json_string_value(json_object_get(k, "finger"));
			return f ? f : "";
		}
	}
	return "";
}

/*
 * salt-key's text: each section's heading, then its ids (or "id:  finger"),
 * sections in `mask` only; with `only_matched`, sections without keys are
 * left out (salt-key -f prints only where the glob matched).
 */
static void print_text(const struct picked *p, unsigned mask, bool fingers,
		       bool only_matched)
{
	struct buf out = BUF_INIT;
	for (size_t s = 0; s < ARRAY_SIZE(sections); s++) {
		if (!(mask & (1u << s)) ||
		    (only_matched && !json_array_size(p->key[s])))
			continue;
		buf_addf(&out, "%s\n", sections[s].title);
		size_t n;
		const char **ids = sorted_ids(p, s, &n, cmp_bytes);
		for (size_t i = 0; i < n; i++) {
			if (fingers)
				buf_addf(&out, "%s:  %s\n", ids[i],
					 finger_of(p, s, ids[i]));
			else
				buf_addf(&out, "%s\n", ids[i]);
		}
		free(ids);
	}
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
}

/* salt-key --out json: {"minions": [...], ...} or, with fingers, {"minions": {id: finger}} */
static void print_json(const struct picked *p, unsigned mask, bool fingers,
		       bool only_matched)
{
	json_t *doc = json_object();
	for (size_t o = 0; o < ARRAY_SIZE(json_order); o++) {
		size_t s = (size_t)json_order[o];
		if (!(mask & (1u << s)) ||
		    (only_matched && !json_array_size(p->key[s])))
			continue;
		size_t n;
		const char **ids = sorted_ids(p, s, &n, cmp_nocase);
		json_t *v = fingers ? json_object() : json_array();
		for (size_t i = 0; i < n; i++) {
			if (fingers)
				json_object_set_new(
					v, ids[i],
					json_string(finger_of(p, s, ids[i])));
			else
				json_array_append_new(v, json_string(ids[i]));
		}
		free(ids);
		json_object_set_new(doc, sections[s].salt, v);
	}
	char *s = json_dumps(doc, JSON_INDENT(4) | JSON_PRESERVE_ORDER);
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(doc);
}

static int fetch_keys(json_t **keys_out, json_t **ans_out, const char *path)
{
	json_t *req = json_pack("{ss ss}", "op", "key", "action", "list");
	int rc = apicli_call(ans_out, path, req, CALL_TIMEOUT_MS);
	json_decref(req);
	if (rc < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		return -1;
	}
	*keys_out = json_object_get(*ans_out, "keys");
	if (!json_is_array(*keys_out)) {
		fprintf(stderr,
			"error: bad answer from the master at '%s': no key list\n",
			path);
		json_decref(*ans_out);
		return -1;
	}
	return 0;
}

/* "unaccepted", "unaccepted or accepted", ... for the sections in `mask` */
static void states_words(struct buf *out, unsigned mask)
{
	const char *w[ARRAY_SIZE(sections)];
	size_t n = 0;
	/* salt-key names unaccepted first */
	static const int order[] = {2, 0, 3, 1};
	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (mask & (1u << order[i]))
			w[n++] = sections[order[i]].word;
	if (n == ARRAY_SIZE(sections)) {
		buf_addstr(out, "");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addstr(out, i + 1 == n ? " or " : ", ");
		buf_addstr(out, w[i]);
	}
	buf_addch(out, ' ');
}

/*
 * Sends one change; appends the changed ids to `changed`. `include`
 * names the request's flag for keys in another state than pending
 * ("include_accepted" for reject, "include_rejected" for accept), or NULL.
 */
static int change(json_t *changed, const char *path, const char *action,
		  const char *id, const char *include)
{
	json_t *req = json_pack("{ss ss}", "op", "key", "action", action);
	if (include)
		json_object_set_new(req, include, json_true());
	if (id)
		json_object_set_new(req, "id", json_string(id));
	else
		json_object_set_new(req, "all", json_true());
	json_t *ans = NULL;
	int rc = apicli_call(&ans, path, req, CALL_TIMEOUT_MS);
	json_decref(req);
	if (rc < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		return -1;
	}
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(ans, "changed"), i, v)
	{
		/* ids, or {id, ...} objects */
		json_t *idv = json_is_object(v) ? json_object_get(v, "id") : v;
		if (json_is_string(idv))
			json_array_append(changed, idv);
	}
	json_array_foreach(json_object_get(ans, "errors"), i, v)
		fprintf(stderr, "Key for minion %s not %sed: %s\n",
			json_string_value(json_object_get(v, "id")),
			!strcmp(action, "accept") ? "accept" : !strcmp(action, "reject") ? "reject" : "delet",
			json_string_value(json_object_get(v, "error")));
	json_decref(ans);
	return 0;
}

int cmd_key(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	const char *socket_opt = NULL, *out_name = NULL;
	int all = 0, include_accepted = 0, include_rejected = 0;
	struct option opts[] = {
		OPT_BOOL('A', "all", &all,
			 "every key (accept, reject: every unaccepted one)"),
		OPT_BOOL(0, "include-accepted", &include_accepted,
			 "reject: accepted keys too (revokes them)"),
		OPT_BOOL(0, "include-rejected", &include_rejected,
			 "accept: rejected keys too"),
		OPT_STRING(0, "out", &out_name, "text|json",
			   "salt-key's text (default) or JSON"),
		OPT_STRING(
			0, "socket", &socket_opt, "path",
			"the master's socket (default $TEND_MASTER_SOCKET or /run/tend/master.sock)"),
		OPT_END(),
	};
	int n = cli_parse_options(argc, argv, opts, usage_str);
	if (n < 0)
		return APICLI_EXIT_USAGE;
	if (!n) {
		cli_usage(usage_str, opts);
		return APICLI_EXIT_USAGE;
	}
	size_t a;
	for (a = 0; a < ARRAY_SIZE(actions); a++)
		if (!strcmp(actions[a].name, argv[0]))
			break;
	if (a == ARRAY_SIZE(actions)) {
		fprintf(stderr, "error: unknown key action '%s'\n", argv[0]);
		cli_usage(usage_str, opts);
		return APICLI_EXIT_USAGE;
	}
	enum action act = actions[a].act;
	bool json = false;
	if (out_name && !strcmp(out_name, "json"))
		json = true;
	else if (out_name && strcmp(out_name, "text") &&
		 strcmp(out_name, "key")) {
		fprintf(stderr, "error: unknown output '%s' (text or json)\n",
			out_name);
		return APICLI_EXIT_USAGE;
	}
	const char *id = n > 1 ? argv[1] : NULL;
	if (n > 2) {
		fprintf(stderr, "error: unexpected argument '%s'\n", argv[2]);
		return APICLI_EXIT_USAGE;
	}
	unsigned mask = actions[a].states;
	if ((include_accepted && act != ACT_REJECT) ||
	    (include_rejected && act != ACT_ACCEPT)) {
		fprintf(stderr,
			"error: --include-accepted goes with reject, --include-rejected with accept\n");
		return APICLI_EXIT_USAGE;
	}
	const char *include = NULL;
	if (include_accepted) {
		mask |= 1u << 0;
		include = "include_accepted";
	} else if (include_rejected) {
		mask |= 1u << 3;
		include = "include_rejected";
	}
	if (act == ACT_LIST) {
		if (all && id) {
			fprintf(stderr,
				"error: give a state or --all, not both\n");
			return APICLI_EXIT_USAGE;
		}
		if (id && parse_states(&mask, id) < 0) {
			fprintf(stderr,
				"error: unknown key state '%s' (accepted, unaccepted, rejected, denied or all)\n",
				id);
			return APICLI_EXIT_USAGE;
		}
		id = NULL;
	} else if (act == ACT_FINGER) {
		if (all && id) {
			fprintf(stderr,
				"error: give an id or --all, not both\n");
			return APICLI_EXIT_USAGE;
		}
	} else if (!!id + !!all != 1) {
		fprintf(stderr, "error: 'tend key %s' needs an id or --all\n",
			argv[0]);
		return APICLI_EXIT_USAGE;
	}

	const char *path = apicli_socket_path(socket_opt);
	json_t *ans = NULL, *keys;
	if (fetch_keys(&keys, &ans, path) < 0)
		return APICLI_EXIT_MASTER;
	struct picked p;
	pick(&p, keys, id, mask);
	int status = 0;

	if (act == ACT_LIST || act == ACT_FINGER) {
		bool fingers = act == ACT_FINGER;
		bool only_matched = fingers && id;
		if (id && !p.total) {
			fprintf(stderr,
				"The key glob '%s' does not match any keys.\n",
				id);
			status = 1;
		} else if (json) {
			print_json(&p, mask, fingers, only_matched);
		} else {
			const char *mf = json_string_value(json_object_get(ans, "master_finger"));
			if (fingers && !id && mf)
				printf("Local Keys:\nmaster.pub:  %s\n", mf);
			print_text(&p, mask, fingers, only_matched);
		}
		goto out;
	}

	if (!p.total) {
		struct buf w = BUF_INIT;
		states_words(&w, mask);
		fprintf(stderr,
			"The key glob '%s' does not match any %skeys.\n",
			id ? id : "*", w.ptr);
		buf_release(&w);
		/* nothing to do for --all is not a failure */
		status = id ? 1 : 0;
		if (json)
			printf("{\n    \"changed\": []\n}\n");
		goto out;
	}

	/*
	 * accept --all and delete --all are one request each (what was
	 * listed may have grown meanwhile, as with salt-key -A); reject
	 * --all rejects only the keys listed (the unaccepted ones, as
	 * salt-key -R, so that a new key cannot slip into "all" and be
	 * rejected unseen), so it goes id by id like a glob.
	 */
	json_t *changed = json_array();
	if (all && act != ACT_REJECT) {
		if (change(changed, path, actions[a].name, NULL, include) < 0)
			status = APICLI_EXIT_MASTER;
	} else {
		json_t *done_ids = json_object();
		for (size_t s = 0; s < ARRAY_SIZE(sections) && !status; s++) {
			size_t nids;
			const char **ids = sorted_ids(&p, s, &nids, cmp_bytes);
			for (size_t i = 0; i < nids && !status; i++) {
				if (json_object_get(done_ids, ids[i]))
					continue;
				json_object_set_new(done_ids, ids[i],
						    json_true());
				if (change(changed, path, actions[a].name,
					   ids[i], include) < 0)
					status = APICLI_EXIT_MASTER;
			}
			free(ids);
		}
		json_decref(done_ids);
	}
	if (json) {
		json_t *doc = json_pack("{sO}", "changed", changed);
		char *s = json_dumps(doc, JSON_INDENT(4));
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(doc);
	} else {
		size_t i;
		json_t *v;
		json_array_foreach(changed, i, v)
			printf("Key for minion %s %s.\n", json_string_value(v),
			       actions[a].done);
	}
	json_decref(changed);
out:
	fflush(stdout);
	picked_release(&p);
	json_decref(ans);
	return status;
}
