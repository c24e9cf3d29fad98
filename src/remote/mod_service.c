/* SPDX-License-Identifier: MIT */
/* mod_service.c: the service.* execution module (systemd, else service and update-rc.d) */
#include "util/compat.h"
#include <ctype.h>
#include <glob.h>
#include <sys/stat.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/proc.h"

/*
 * Services as Salt's systemd and debian_service modules handle them: with
 * systemd running the machine (/run/systemd/system exists) through
 * systemctl, otherwise through `service NAME ACTION` and update-rc.d.
 *
 * service.status and service.enabled answer true or false. The actions
 * (start, stop, restart, reload, enable, disable) return true; when the
 * command fails, the return is an error string with its output and the
 * retcode 1 (Salt's systemd module raises the same way).
 */

static bool systemd_runs(void)
{
	struct stat st;
	return !stat("/run/systemd/system", &st) && S_ISDIR(st.st_mode);
}

/* A unit or init script name: no '/', no leading '-' or '.', no blanks. */
static bool name_valid(const char *s)
{
	if (!s || !*s || *s == '-' || *s == '.')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("@._:+-\\", *s))
			return false;
	return true;
}

/* Runs argv; its exit status, or -1 with `output` saying why. */
static int run(struct buf *output, const struct mod_ctx *c,
	       const char *const *argv)
{
	struct mod_result res = {.out = output};
	const char *env[] = {mod_tool_path(), NULL};
	struct proc_opts po = {.env = env, .merge_stderr = true};
	int rc = mod_run(&res, c, argv, &po);
	if (rc == ERR_TIMEOUT) {
		buf_addstr(output, "\n(timed out)");
		return -1;
	}
	if (rc < 0) {
		buf_addstr(output, err_last());
		return -1;
	}
	return rc;
}

static int check_name(json_t **out, struct mod_req *r, const char **name)
{
	*name = mod_get_str(r, "name", "");
	if (!name_valid(*name))
		return mod_fail(out, "%s: '%s' is not a service name", r->fun,
				*name);
	return 0;
}

static int status(json_t **out, struct mod_req *r)
{
	const char *name;
	if (check_name(out, r, &name))
		return 1;
	struct buf o = BUF_INIT;
	int rc;
	if (systemd_runs()) {
		const char *argv[] = {"systemctl", "is-active", "--quiet",
				      "--",	   name,	NULL};
		rc = run(&o, r->c, argv);
	} else {
		const char *argv[] = {"service", name, "status", NULL};
		rc = run(&o, r->c, argv);
	}
	buf_release(&o);
	*out = json_boolean(rc == 0);
	return 0;
}

static int enabled(json_t **out, struct mod_req *r)
{
	const char *name;
	if (check_name(out, r, &name))
		return 1;
	if (systemd_runs()) {
		struct buf o = BUF_INIT;
		const char *argv[] = {"systemctl", "is-enabled", "--quiet",
				      "--",	   name,	 NULL};
		*out = json_boolean(run(&o, r->c, argv) == 0);
		buf_release(&o);
		return 0;
	}
	/* sysv: start links in the runlevels 2 to 5 */
	struct buf pat = BUF_INIT;
	buf_addf(&pat, "/etc/rc[2345].d/S[0-9][0-9]%s", name);
	glob_t g;
	size_t n = 0;
	if (!glob(pat.ptr, 0, NULL, &g))
		n = g.gl_pathc;
	if (n)
		globfree(&g);
	buf_release(&pat);
	*out = json_boolean(n > 0);
	return 0;
}

/* Runs each command of `cmds` (NULL-terminated argvs); true or an error. */
static int act(json_t **out, struct mod_req *r, const char *verb,
	       const char *name, const char *const *const *cmds)
{
	for (size_t i = 0; cmds[i]; i++) {
		struct buf o = BUF_INIT;
		int rc = run(&o, r->c, cmds[i]);
		if (rc != 0) {
			struct buf cmd = BUF_INIT;
			proc_argv_str(&cmd, cmds[i]);
			size_t n = o.len;
			while (n && isspace((unsigned char)o.ptr[n - 1]))
				n--;
			buf_setlen(&o, n);
			if (rc > 0)
				mod_fail(
					out,
					"Failed to %s service '%s': '%s' exited with %d%s%s",
					verb, name, cmd.ptr, rc,
					o.len ? ": " : "", o.ptr);
			else
				mod_fail(out,
					 "Failed to %s service '%s': '%s': %s",
					 verb, name, cmd.ptr, o.ptr);
			buf_release(&cmd);
			buf_release(&o);
			return 1;
		}
		buf_release(&o);
	}
	*out = json_true();
	return 0;
}

/* start, stop, restart, reload: systemctl ACTION, or service NAME ACTION */
static int action(json_t **out, struct mod_req *r, const char *verb)
{
	const char *name;
	if (check_name(out, r, &name))
		return 1;
	if (systemd_runs()) {
		const char *argv[] = {"systemctl", verb, "--", name, NULL};
		return act(out, r, verb, name,
			   (const char *const *const[]){argv, NULL});
	}
	const char *argv[] = {"service", name, verb, NULL};
	return act(out, r, verb, name,
		   (const char *const *const[]){argv, NULL});
}

static int start(json_t **out, struct mod_req *r)
{
	return action(out, r, "start");
}

static int stop(json_t **out, struct mod_req *r)
{
	return action(out, r, "stop");
}

static int restart(json_t **out, struct mod_req *r)
{
	return action(out, r, "restart");
}

static int reload(json_t **out, struct mod_req *r)
{
	return action(out, r, "reload");
}

/* enable and disable; sysv: update-rc.d NAME defaults, then NAME VERB */
static int boot(json_t **out, struct mod_req *r, const char *verb)
{
	const char *name;
	if (check_name(out, r, &name))
		return 1;
	if (systemd_runs()) {
		const char *argv[] = {"systemctl", verb, "--", name, NULL};
		return act(out, r, verb, name,
			   (const char *const *const[]){argv, NULL});
	}
	const char *defaults[] = {"update-rc.d", name, "defaults", NULL};
	const char *argv[] = {"update-rc.d", name, verb, NULL};
	return act(out, r, verb, name,
		   (const char *const *const[]){defaults, argv, NULL});
}

static int enable(json_t **out, struct mod_req *r)
{
	return boot(out, r, "enable");
}

static int disable(json_t **out, struct mod_req *r)
{
	return boot(out, r, "disable");
}

/* clang-format off */
#define NAME { "name", MOD_STR, MOD_REQ }
/* clang-format on */

/* clang-format off */
const struct mod_func mod_service_funcs[] = {
	{ "service.start", start, "Starts the service NAME; true on success.",
	  0, { NAME } },
	{ "service.stop", stop, "Stops the service NAME; true on success.", 0,
	  { NAME } },
	{ "service.restart", restart,
	  "Restarts the service NAME; true on success.", 0, { NAME } },
	{ "service.reload", reload,
	  "Reloads the service NAME; true on success.", 0, { NAME } },
	{ "service.status", status,
	  "Whether the service NAME is running (true or false).", 0,
	  { NAME } },
	{ "service.enable", enable,
	  "Makes the service NAME start at boot; true on success.", 0,
	  { NAME } },
	{ "service.disable", disable,
	  "Keeps the service NAME from starting at boot; true on success.", 0,
	  { NAME } },
	{ "service.enabled", enabled,
	  "Whether the service NAME starts at boot (true or false).", 0,
	  { NAME } },
	{ 0 },
};
/* clang-format on */
