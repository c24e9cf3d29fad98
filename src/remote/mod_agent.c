/* SPDX-License-Identifier: MIT */
/* mod_agent.c: agent.run, one agent run (Salt's puppet.run) in the node's environment */
#include "util/compat.h"
#include <ctype.h>
#include <sys/stat.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/xalloc.h"

/*
 * agent.run applies the node's environment with `tend apply` in a child
 * process: <agent_dir>/<env>/manifests/site.pp with the modulepath
 * <agent_dir>/<env>/modules, env being node.env's value, the minion id
 * as the node name (--certname) and --detailed-exitcodes. (When the
 * master serves catalogs, this is where the run will fetch one instead.)
 *
 * The return is Salt's puppet.run shape, cmd.run_all's dict: {pid,
 * retcode, stdout, stderr} with retcode 0 when the run succeeded (tend
 * apply exited 0: no changes, or 2: changes) and 1 otherwise, plus
 * "detailed_exitcode", tend apply's own status (0, 2, 4, 6, or 1 when the
 * catalog did not compile). The job fails (retcode 1) with it when the
 * run failed. Keyword arguments: noop=true (--noop), tags=a,b or a list
 * (--tags). The return also names the "environment" applied.
 *
 * puppet.run and puppet.noop are the same under Salt's names, so that the
 * seed's `salt -G 'cluster-type:canary' puppet.run` works as written.
 */

static bool is_file(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* A tag as Puppet allows it: [a-z0-9_:.-], not starting with '-'. */
static bool tag_valid(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_:.-", *s))
			return false;
	return true;
}

/* One run; `noop` forces --noop. */
static int apply(json_t **out, struct mod_req *r, bool noop)
{
	const struct mod_ctx *c = r->c;
	char *env = NULL;
	struct buf manifest = BUF_INIT, modulepath = BUF_INIT, tags = BUF_INIT;
	struct buf o = BUF_INIT, e = BUF_INIT;
	int rc = 1;

	if (!c->agent_dir) {
		mod_fail(out,
			 "agent.run: the minion has no environments directory");
		goto out;
	}
	if (mod_env_get(&env, c) < 0) {
		mod_fail(out, "agent.run: %s", err_last());
		goto out;
	}
	buf_addf(&manifest, "%s/%s/manifests/site.pp", c->agent_dir, env);
	buf_addf(&modulepath, "%s/%s/modules", c->agent_dir, env);
	if (!is_file(manifest.ptr)) {
		mod_fail(out,
			 "agent.run: environment '%s' has no manifest '%s'",
			 env, manifest.ptr);
		goto out;
	}

	json_t *tag_list = mod_get(r, "tags");
	size_t i;
	json_t *t;
	json_array_foreach(tag_list, i, t)
	{
		const char *s = json_string_value(t);
		/* "a,b" as one string is a list too */
		while (*s) {
			size_t n = strcspn(s, ",");
			char *one = xmemdupz(s, n);
			bool ok = tag_valid(one);
			if (ok)
				buf_addf(&tags, "%s%s", tags.len ? "," : "",
					 one);
			else
				mod_fail(out, "agent.run: '%s' is not a tag",
					 one);
			free(one);
			if (!ok)
				goto out;
			s += n + (s[n] == ',');
		}
	}

	const char *argv[20];
	size_t n = 0;
	argv[n++] = c->tend_bin ? c->tend_bin : "tend";
	argv[n++] = "apply";
	argv[n++] = "--detailed-exitcodes";
	argv[n++] = "--environment";
	argv[n++] = env;
	if (c->minion_id && *c->minion_id && c->minion_id[0] != '-') {
		argv[n++] = "--certname";
		argv[n++] = c->minion_id;
	}
	if (is_dir(modulepath.ptr)) {
		argv[n++] = "--modulepath";
		argv[n++] = modulepath.ptr;
	}
	if (noop || mod_get_bool(r, "noop", false))
		argv[n++] = "--noop";
	if (tags.len) {
		argv[n++] = "--tags";
		argv[n++] = tags.ptr;
	}
	/* A run already in progress (another job, the admin): wait for it,
	 * within the job's time, rather than fail at once. */
	char wait[32];
	snprintf(wait, sizeof(wait), "%d",
		 c->timeout > 0 && c->timeout < 3600 ? (int)c->timeout : 3600);
	argv[n++] = "--waitforlock";
	argv[n++] = wait;
	argv[n++] = manifest.ptr;
	argv[n] = NULL;

	struct mod_result res = {.out = &o, .err = &e, .want_pid = true};
	int st = mod_run(&res, c, argv, NULL);
	if (st < 0 && st != ERR_TIMEOUT) {
		mod_fail(out, "agent.run: %s", err_last());
		goto out;
	}
	if (res.timed_out)
		buf_addstr(&e, "timed out\n");
	int detailed = res.timed_out ? 124 : res.status;
	bool ok = detailed == 0 || detailed == 2;
	json_t *ret = json_object();
	json_object_set_new(ret, "pid", json_integer(res.pid));
	json_object_set_new(ret, "retcode", json_integer(ok ? 0 : 1));
	json_object_set_new(ret, "detailed_exitcode", json_integer(detailed));
	json_object_set_new(ret, "stdout", mod_text(o.ptr, o.len));
	json_object_set_new(ret, "stderr", mod_text(e.ptr, e.len));
	if (res.timed_out)
		json_object_set_new(ret, "timed_out", json_true());
	if (res.out_truncated)
		json_object_set_new(ret, "stdout_truncated", json_true());
	if (res.err_truncated)
		json_object_set_new(ret, "stderr_truncated", json_true());
	json_object_set_new(ret, "environment", json_string(env));
	*out = ret;
	rc = ok ? 0 : 1;
out:
	free(env);
	buf_release(&manifest);
	buf_release(&modulepath);
	buf_release(&tags);
	buf_release(&o);
	buf_release(&e);
	return rc;
}

static int run(json_t **out, struct mod_req *r)
{
	return apply(out, r, false);
}

/*
 * puppet.run and puppet.noop: the seed's words. Salt passes positional
 * words to puppet as flags; "noop" is the one that means something here.
 */
static int puppet_run(json_t **out, struct mod_req *r)
{
	bool noop = !strcmp(r->fun, "puppet.noop");
	size_t i;
	json_t *w;
	json_array_foreach(r->rest, i, w)
	{
		const char *s = json_string_value(w);
		if (s && !strcmp(s, "noop"))
			noop = true;
		else if (!s || strcmp(s, "agent"))
			return mod_fail(out,
					"%s: '%s' is not supported (only noop)",
					r->fun, s ? s : "(not a word)");
	}
	return apply(out, r, noop);
}

/* clang-format off */
const struct mod_func mod_agent_funcs[] = {
	{ "agent.run", run,
	  "Applies the node's environment (node.env) with tend apply; returns {pid, retcode, stdout, stderr, detailed_exitcode}.",
	  0,
	  { { "noop", MOD_BOOL, MOD_KW }, { "tags", MOD_STRS, MOD_KW } } },
	{ "puppet.run", puppet_run, "Salt's name of agent.run.", MOD_VARARGS,
	  { { "noop", MOD_BOOL, MOD_KW }, { "tags", MOD_STRS, MOD_KW } } },
	{ "puppet.noop", puppet_run, "agent.run with noop=true.", MOD_VARARGS,
	  { { "tags", MOD_STRS, MOD_KW } } },
	{ 0 },
};
/* clang-format on */
