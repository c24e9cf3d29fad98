/* SPDX-License-Identifier: MIT */
/* service.c: the service type with its systemd, debian (sysv) and base providers */
#include "util/compat.h"
#include <ctype.h>
#include <dirent.h>
#include <glob.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>
#include "catalog/catalog.h"
#include "lang/regex.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/proc.h"

/*
 * A service, as Puppet 7's service type:
 *
 *  1. The provider: `provider` when given; otherwise systemd when
 *     /run/systemd/system exists (what runs the machine), else debian
 *     (init scripts under /etc/init.d, update-rc.d) — or base when the
 *     resource gives its own start command and there is no init script.
 *  2. Status: the `status` command when given; with hasstatus => false,
 *     the process table (/proc/N/cmdline) searched for `pattern` (default
 *     the name); otherwise the provider (systemctl is-active, the init
 *     script's status). Exit 0 is running.
 *  3. ensure is synced first (start/stop), then enable. A start whose
 *     service is not running right after it fails with the command's own
 *     output (and the journal's last lines under systemd).
 *  4. refresh restarts a running service: the `restart` command, or the
 *     provider's restart (systemd always; debian with hasrestart), or stop
 *     then start.
 *
 * Commands written on the resource (start, stop, status, restart) are
 * shell commands: each is one argument to /bin/sh -c, as Puppet runs them.
 * The providers' own commands are argument vectors.
 */

static const char *const params[] = {
	"name",
	"ensure",
	"enable",
	"hasstatus",
	"hasrestart",
	"restart",
	"start",
	"stop",
	"status",
	"pattern",
	"provider",
	"binary",
	"path",
	"control",
	"manifest",
	"flags",
	"timeout",
};

enum svc_provider { SVC_SYSTEMD, SVC_DEBIAN, SVC_BASE };
static const char *const provider_names[] = {"systemd", "debian", "base"};

struct svc {
	struct rtype_ctx *c;
	const struct resource *r;
	struct rstate *st;
	const char *name;
	enum svc_provider prov;
	const char *initscript; /* <root>/etc/init.d/NAME */
	const char *root;	/* "" or the test prefix */
};

static const char *root_of(struct rtype_ctx *c)
{
	return c->root && *c->root && strcmp(c->root, "/") ? c->root : "";
}

static bool is_dir(const char *p)
{
	struct stat sb;
	return !stat(p, &sb) && S_ISDIR(sb.st_mode);
}

static bool exists(const char *p)
{
	return !access(p, F_OK);
}

/* A system tool by name when PATH finds it, else from the sbin dirs. */
static const char *tool(struct arena *a, const char *name)
{
	const char *path = getenv("PATH");
	for (const char *s = path; s && *s;) {
		const char *e = strchrnul(s, ':');
		const char *p =
			arena_strfmt(a, "%.*s/%s", (int)(e - s), s, name);
		if (!access(p, X_OK))
			return name;
		s = *e ? e + 1 : e;
	}
	static const char *const dirs[] = {"/usr/sbin", "/sbin", "/usr/bin",
					   "/bin"};
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		const char *p = arena_strfmt(a, "%s/%s", dirs[i], name);
		if (!access(p, X_OK))
			return p;
	}
	return name;
}

static int provider_of(struct rtype_ctx *c, const struct resource *r,
		       enum svc_provider *out, const char **msg)
{
	const char *p = rparam_str(c, r, "provider", NULL);
	if (p) {
		if (!strcmp(p, "init") || !strcmp(p, "debian")) {
			*out = SVC_DEBIAN;
		} else if (!strcmp(p, "systemd")) {
			*out = SVC_SYSTEMD;
		} else if (!strcmp(p, "base")) {
			*out = SVC_BASE;
		} else {
			*msg = arena_strfmt(
				c->arena,
				"provider '%s' is not supported here (systemd, debian, init, base)",
				p);
			return -1;
		}
		return 0;
	}
	const char *root = root_of(c);
	if (is_dir(arena_strfmt(c->arena, "%s/run/systemd/system", root))) {
		*out = SVC_SYSTEMD;
		return 0;
	}
	const char *name = rparam_namevar(r, "name");
	if (rparam(r, "start") &&
	    !exists(arena_strfmt(c->arena, "%s/etc/init.d/%s", root, name)))
		*out = SVC_BASE;
	else
		*out = SVC_DEBIAN;
	return 0;
}

/* "running"/"stopped" for ensure (true/false accepted), NULL if invalid. */
static const char *ensure_of(struct rtype_ctx *c, const struct resource *r)
{
	const char *e = rparam_str(c, r, "ensure", NULL);
	if (!e)
		return NULL;
	if (!strcmp(e, "running") || !strcmp(e, "true"))
		return "running";
	if (!strcmp(e, "stopped") || !strcmp(e, "false"))
		return "stopped";
	return "";
}

static const char *enable_of(struct rtype_ctx *c, const struct resource *r)
{
	const char *e = rparam_str(c, r, "enable", NULL);
	if (!e)
		return NULL;
	static const char *const ok[] = {"true", "false", "manual", "mask"};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(e, ok[i]))
			return ok[i];
	return "";
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	const char *e = ensure_of(c, r);
	if (e && !*e) {
		*msg = arena_strfmt(c->arena,
				    "Invalid value '%s'. Valid values are stopped, running.",
				    rparam_str(c, r, "ensure", ""));
		return -1;
	}
	e = enable_of(c, r);
	if (e && !*e) {
		*msg = arena_strfmt(c->arena,
				    "Invalid value '%s'. Valid values are true, false, manual, mask.",
				    rparam_str(c, r, "enable", ""));
		return -1;
	}
	static const char *const bools[] = {"hasstatus", "hasrestart"};
	for (size_t i = 0; i < ARRAY_SIZE(bools); i++) {
		if (rparam_bool(r, bools[i], 0) < 0) {
			*msg = arena_strfmt(
				c->arena, "%s must be true or false", bools[i]);
			return -1;
		}
	}
	const char *pat = rparam_str(c, r, "pattern", NULL);
	if (pat) {
		void *code;
		if (regex_compile_src(&code, c->arena, pat, strlen(pat), 0) <
		    0) {
			*msg = arena_strfmt(c->arena, "invalid pattern: %s",
					    err_last());
			return -1;
		}
	}
	enum svc_provider prov;
	if (provider_of(c, r, &prov, msg) < 0)
		return -1;
	return 0;
}

/* Runs argv; output (stdout and stderr) into out. Exit status, or -1. */
static int run(struct svc *s UNUSED, struct buf *out, const char *const *argv)
{
	struct proc_opts o = {.merge_stderr = true, .timeout = 300};
	int rc = proc_run(out, NULL, argv, &o);
	if (rc == ERR_TIMEOUT) {
		buf_addstr(out, "command timed out after 300 seconds");
		return -1;
	}
	if (rc < 0) {
		buf_addstr(out, err_last());
		return -1;
	}
	return rc;
}

static int run_shell(struct svc *s, struct buf *out, const char *cmd)
{
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	return run(s, out, argv);
}

/*
 * The process whose command line matches `pattern` (default the name),
 * our own excepted: its pid, or 0 when none.
 */
static pid_t find_process(struct svc *s)
{
	const char *pat = rparam_str(s->c, s->r, "pattern", NULL);
	if (!pat)
		pat = rparam_str(s->c, s->r, "binary", s->name);
	void *code;
	if (regex_compile_src(&code, s->c->arena, pat, strlen(pat), 0) < 0)
		return 0;
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	pid_t found = 0, self = getpid();
	struct buf line = BUF_INIT;
	struct dirent *de;
	while (!found && (de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0 || pid == self)
			continue;
		buf_reset(&line);
		char path[64];
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
		if (file_read(&line, path) < 0 || !line.len)
			continue;
		for (size_t i = 0; i < line.len; i++)
			if (!line.ptr[i])
				line.ptr[i] = ' ';
		while (line.len && line.ptr[line.len - 1] == ' ')
			buf_setlen(&line, line.len - 1);
		struct regex_hit h = REGEX_HIT_INIT;
		if (regex_search(&h, code, line.ptr, line.len, 0, 0) == 1)
			found = (pid_t)pid;
		regex_hit_release(&h);
	}
	buf_release(&line);
	closedir(d);
	return found;
}

static bool has_initscript(struct svc *s)
{
	return exists(s->initscript);
}

/* 1 running, 0 stopped, -1 with st failed. */
static int is_running(struct svc *s)
{
	struct buf out = BUF_INIT;
	int rc;
	const char *status = rparam_str(s->c, s->r, "status", NULL);
	if (status) {
		rc = run_shell(s, &out, status);
	} else if (rparam_bool(s->r, "hasstatus", 1) == 0 ||
		   s->prov == SVC_BASE) {
		buf_release(&out);
		return find_process(s) > 0;
	} else if (s->prov == SVC_SYSTEMD) {
		const char *argv[] = {tool(s->c->arena, "systemctl"),
				      "is-active", "--", s->name, NULL};
		rc = run(s, &out, argv);
	} else {
		if (!has_initscript(s)) {
			buf_release(&out);
			return rstate_fail(
				s->c, s->st,
				"Could not find init script for '%s'", s->name);
		}
		const char *argv[] = {s->initscript, "status", NULL};
		rc = run(s, &out, argv);
	}
	if (rc < 0) {
		rstate_fail(s->c, s->st,
			    "Could not get status of Service[%s]: %s", s->name,
			    out.ptr);
		buf_release(&out);
		return -1;
	}
	buf_release(&out);
	return rc == 0;
}

/*
 * The command for `action` (start, stop, restart) as argv, from the
 * resource's own command or the provider. NULL when there is none.
 */
static const char **action_argv(struct svc *s, const char *action)
{
	struct arena *a = s->c->arena;
	const char **v = arena_alloc(a, 5 * sizeof(*v));
	const char *own = rparam_str(s->c, s->r, action, NULL);
	if (own) {
		v[0] = "/bin/sh";
		v[1] = "-c";
		v[2] = own;
		return v;
	}
	switch (s->prov) {
	case SVC_SYSTEMD:
		v[0] = tool(a, "systemctl");
		v[1] = action;
		v[2] = "--";
		v[3] = s->name;
		return v;
	case SVC_DEBIAN:
		if (!has_initscript(s))
			return NULL;
		v[0] = s->initscript;
		v[1] = action;
		return v;
	case SVC_BASE:
		return NULL;
	}
	return NULL;
}

/* "Execution of 'CMD' returned N: OUTPUT", Puppet's words. */
static const char *exec_failure(struct svc *s, const char *const *argv, int rc,
				const struct buf *out)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, "Execution of '");
	if (argv[0] && !strcmp(argv[0], "/bin/sh") && argv[1] &&
	    !strcmp(argv[1], "-c"))
		buf_addstr(&b, argv[2]);
	else
		proc_argv_str(&b, argv);
	if (rc >= 0)
		buf_addf(&b, "' returned %d: ", rc);
	else
		buf_addstr(&b, "' failed: ");
	size_t len = out->len;
	while (len && (out->ptr[len - 1] == '\n' || out->ptr[len - 1] == ' '))
		len--;
	buf_add(&b, out->ptr, len);
	const char *m = arena_memdupz(s->c->arena, b.ptr, b.len);
	buf_release(&b);
	return m;
}

/* The journal's last lines for a failed systemd unit (empty otherwise). */
static void add_journal(struct svc *s, struct buf *msg)
{
	if (s->prov != SVC_SYSTEMD)
		return;
	struct buf j = BUF_INIT;
	const char *argv[] = {tool(s->c->arena, "journalctl"),
			      "-u",
			      s->name,
			      "-n",
			      "5",
			      "--no-pager",
			      NULL};
	if (run(s, &j, argv) >= 0 && j.len) {
		buf_addstr(msg, "\n");
		buf_add(msg, j.ptr, j.len);
		while (msg->len && msg->ptr[msg->len - 1] == '\n')
			buf_setlen(msg, msg->len - 1);
	}
	buf_release(&j);
}

/*
 * Without a journal, a daemon's own words are often in its log file
 * (memcached writes "failed to set rlimit for open files" there): the
 * last lines of /var/log/NAME.log or /var/log/NAME/NAME.log, when it was
 * written since `since`.
 */
static void add_logfile(struct svc *s, struct buf *msg, time_t since)
{
	if (s->prov == SVC_SYSTEMD)
		return;
	const char *root = s->c->root && *s->c->root ? s->c->root : "";
	const char *paths[] = { "%s/var/log/%s.log", "%s/var/log/%s/%s.log" };
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		struct buf path = BUF_INIT, text = BUF_INIT;
		if (i == 0)
			buf_addf(&path, "%s/var/log/%s.log", root, s->name);
		else
			buf_addf(&path, "%s/var/log/%s/%s.log", root, s->name, s->name);
		struct stat st;
		bool fresh = stat(path.ptr, &st) == 0 && st.st_mtime >= since;
		if (fresh && file_read(&text, path.ptr) == 0 && text.len) {
			size_t end = text.len;
			while (end && text.ptr[end - 1] == '\n')
				end--;
			size_t start = end;
			for (int lines = 0; start && lines < 5; start--)
				if (text.ptr[start - 1] == '\n' && ++lines == 5)
					break;
			buf_addf(msg, "\n%s: ", path.ptr);
			buf_add(msg, text.ptr + start, end - start);
		}
		buf_release(&path);
		buf_release(&text);
		if (fresh)
			return;
	}
}

/*
 * True when the only processes called like the service are zombies: the
 * daemon died, though an init script's pid-file check still finds its pid
 * (where nothing reaps orphans, as in containers).
 */
static bool only_zombies(struct svc *s)
{
	const char *root = s->c->root && *s->c->root ? s->c->root : "";
	struct buf path = BUF_INIT, stat = BUF_INIT;
	bool zombie = false, alive = false;
	buf_addf(&path, "%s/proc", root);
	DIR *d = opendir(path.ptr);
	if (!d) {
		buf_release(&path);
		return false;
	}
	size_t namelen = strlen(s->name);
	struct dirent *de;
	while ((de = readdir(d)) && !alive) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/proc/%s/stat", root, de->d_name);
		buf_reset(&stat);
		if (file_read(&stat, path.ptr) < 0)
			continue;
		/* pid (comm) state ... */
		const char *open = strchr(stat.ptr, '('), *close = strrchr(stat.ptr, ')');
		if (!open || !close || close < open || !close[1] || !close[2])
			continue;
		size_t clen = (size_t)(close - open - 1);
		if (clen != namelen || memcmp(open + 1, s->name, clen))
			continue;
		if (close[2] == 'Z')
			zombie = true;
		else
			alive = true;
	}
	closedir(d);
	buf_release(&path);
	buf_release(&stat);
	return zombie && !alive;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int do_start(struct svc *s)
{
	const char **argv = action_argv(s, "start");
	if (!argv) {
		if (s->prov == SVC_DEBIAN)
			return rstate_fail(
				s->c, s->st,
				"Could not find init script for '%s'", s->name);
		return rstate_fail(
			s->c, s->st,
			"Services must specify a start command or a binary");
	}
	struct buf out = BUF_INIT;
	time_t t0 = time(NULL);
	int rc = run(s, &out, argv);
	if (rc != 0) {
		struct buf msg = BUF_INIT;
		buf_addf(&msg, "Could not start Service[%s]: %s", s->name,
			 exec_failure(s, argv, rc, &out));
		add_journal(s, &msg);
		add_logfile(s, &msg, t0);
		rstate_fail(s->c, s->st, "%s", msg.ptr);
		buf_release(&msg);
		buf_release(&out);
		return -1;
	}
	/*
	 * A daemon that dies right after a successful start command (a bad
	 * config, a limit too low) must fail here with what it said, not
	 * look started. Pattern searches are skipped: a process list says
	 * nothing about a service that is not a daemon.
	 */
	bool can_check =
		rparam(s->r, "status") ||
		(s->prov != SVC_BASE && rparam_bool(s->r, "hasstatus", 1) != 0);
	int running = 1;
	for (int i = 0; can_check && i < 5; i++) {
		struct rstate probe = {.res = s->r};
		struct rstate *saved = s->st;
		s->st = &probe;
		running = is_running(s);
		if (running > 0 && s->prov == SVC_DEBIAN && only_zombies(s))
			running = 0;
		s->st = saved;
		if (running != 0)
			break;
		sleep_ms(50 * (i + 1));
	}
	if (running == 0) {
		struct buf msg = BUF_INIT;
		buf_addf(&msg,
			 "Could not start Service[%s]: it is not running after '",
			 s->name);
		if (!strcmp(argv[0], "/bin/sh"))
			buf_addstr(&msg, argv[2]);
		else
			proc_argv_str(&msg, argv);
		buf_addstr(&msg, "'");
		size_t len = out.len;
		while (len && out.ptr[len - 1] == '\n')
			len--;
		if (len) {
			buf_addstr(&msg, ": ");
			buf_add(&msg, out.ptr, len);
		}
		add_journal(s, &msg);
		add_logfile(s, &msg, t0);
		rstate_fail(s->c, s->st, "%s", msg.ptr);
		buf_release(&msg);
		buf_release(&out);
		return -1;
	}
	buf_release(&out);
	return 0;
}

static int do_stop(struct svc *s)
{
	const char **argv = action_argv(s, "stop");
	if (!argv) {
		if (s->prov == SVC_DEBIAN)
			return rstate_fail(
				s->c, s->st,
				"Could not find init script for '%s'", s->name);
		pid_t pid = find_process(s);
		if (pid > 0 && kill(pid, SIGTERM) < 0)
			return rstate_fail(
				s->c, s->st,
				"Could not stop Service[%s]: kill %ld: %s",
				s->name, (long)pid, strerror(errno));
		return 0;
	}
	struct buf out = BUF_INIT;
	int rc = run(s, &out, argv);
	if (rc != 0) {
		rstate_fail(s->c, s->st, "Could not stop Service[%s]: %s",
			    s->name, exec_failure(s, argv, rc, &out));
		buf_release(&out);
		return -1;
	}
	buf_release(&out);
	return 0;
}

static int do_restart(struct svc *s)
{
	bool own = rparam(s->r, "restart") != NULL;
	if (own || s->prov == SVC_SYSTEMD ||
	    (s->prov == SVC_DEBIAN &&
	     rparam_bool(s->r, "hasrestart", 0) == 1)) {
		const char **argv = action_argv(s, "restart");
		if (!argv)
			return rstate_fail(
				s->c, s->st,
				"Could not find init script for '%s'", s->name);
		struct buf out = BUF_INIT;
		int rc = run(s, &out, argv);
		if (rc != 0) {
			struct buf msg = BUF_INIT;
			buf_addf(&msg, "Could not restart Service[%s]: %s",
				 s->name, exec_failure(s, argv, rc, &out));
			add_journal(s, &msg);
			rstate_fail(s->c, s->st, "%s", msg.ptr);
			buf_release(&msg);
			buf_release(&out);
			return -1;
		}
		buf_release(&out);
		return 0;
	}
	if (do_stop(s) < 0)
		return -1;
	return do_start(s);
}

/* ---- enable ---- */

/*
 * The debian provider asks, as Puppet's does, `invoke-rc.d --quiet --query
 * NAME start`: 104 (or 106) is enabled, 101 (or 105) means counting the
 * start links, anything else is disabled. invoke-rc.d is a shell script
 * that runs runlevel, ls, xargs, sed and the policy layer: ~8 ms. Its
 * answer on a machine that systemd or OpenRC does not run is decided by
 * files, read here instead (invoke-rc.d of init-system-helpers 1.65):
 *
 *  1. The runlevel: the RUN_LVL record of utmp (what /sbin/runlevel
 *     prints), or none (containers, chroots).
 *  2. With a runlevel: its S??NAME links start it (104), else its K??NAME
 *     links forbid it (101), else rcS.d's S??NAME links start it (104);
 *     no link: 101. A link that is not a symlink to a file: 102. Without a
 *     runlevel: 101.
 *  3. An init script that is not executable: 101.
 *  4. The policy layer, which the answer depends on (Docker's images ship
 *     a policy-rc.d that says 101 to everything, a chroot's may say 0),
 *     so it is asked as invoke-rc.d asks it: policy-rc.d --quiet NAME
 *     ACTION [RUNLEVEL], ACTION "(start)" after a 101; 0 is 104, 1 is 105,
 *     100-106 stay, anything else is 102. Without a policy-rc.d, a machine
 *     with no /sbin/init says 101. This is one small process where a
 *     policy exists, none on an ordinary machine.
 *
 * Anything else (systemd or OpenRC running, RUNLEVEL in the environment
 * (systemd's runlevel prefers it to utmp), runlevel 0 or 6, a name the
 * script would split or glob) is left to invoke-rc.d itself: -1.
 */
/* The current runlevel as /sbin/runlevel finds it in utmp, or 0. */
static char utmp_runlevel(struct svc *s)
{
	char rl = 0;
	if (access(arena_strfmt(s->c->arena, "%s/sbin/runlevel", s->root),
		   X_OK))
		return 0;
	struct buf u = BUF_INIT;
	const char *path = arena_strfmt(s->c->arena, "%s/var/run/utmp",
					s->root);
	if (file_read(&u, path) == 0) {
		for (size_t off = 0; off + sizeof(struct utmpx) <= u.len;
		     off += sizeof(struct utmpx)) {
			struct utmpx rec;
			memcpy(&rec, u.ptr + off, sizeof(rec));
			if (rec.ut_type == RUN_LVL) {
				rl = (char)(rec.ut_pid & 0xff);
				break;
			}
		}
	}
	buf_release(&u);
	return rl;
}

/* 0 none; 1 some executable; -1 one that is no symlink to a file */
static int rc_links(struct svc *s, char level, char kind)
{
	const char *dir =
		arena_strfmt(s->c->arena, "%s/etc/rc%c.d", s->root, level);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int res = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (n[0] != kind || !isdigit((unsigned char)n[1]) ||
		    !isdigit((unsigned char)n[2]) || strcmp(n + 3, s->name))
			continue;
		const char *p = arena_strfmt(s->c->arena, "%s/%s", dir, n);
		struct stat lsb, sb;
		if (lstat(p, &lsb) || !S_ISLNK(lsb.st_mode) || stat(p, &sb) ||
		    !S_ISREG(sb.st_mode)) {
			res = -1;
			break;
		}
		if (!access(p, X_OK))
			res = 1;
	}
	closedir(d);
	return res;
}

static int query_start(struct svc *s)
{
	struct arena *a = s->c->arena;
	if (!*s->name || s->name[strspn(s->name,
					"abcdefghijklmnopqrstuvwxyz"
					"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					"0123456789_.@+-")])
		return -1;
	if (is_dir(arena_strfmt(a, "%s/run/systemd/system", s->root)) ||
	    exists(arena_strfmt(a, "%s/run/openrc/softlevel", s->root)))
		return -1;
	const char *env = getenv("RUNLEVEL");
	if (env && *env)
		return -1;
	char rl = utmp_runlevel(s);
	if (rl == '0' || rl == '6' || (rl && !isgraph((unsigned char)rl)))
		return -1;
	int rc = 101;
	if (rl) {
		int sl = rc_links(s, rl, 'S'), kl = rc_links(s, rl, 'K');
		int ssl = rc_links(s, 'S', 'S');
		if (sl < 0 || kl < 0 || ssl < 0)
			return 102;
		rc = sl ? 104 : kl ? 101 : ssl ? 104 : 101;
	}
	if (access(s->initscript, X_OK))
		return 101;
	const char *droot = *s->root ? s->root : getenv("DPKG_ROOT");
	const char *helper = arena_strfmt(a, "%s/usr/sbin/policy-rc.d",
					  droot ? droot : "");
	if (access(helper, X_OK)) {
		struct stat sb;
		if (stat(arena_strfmt(a, "%s/sbin/init", s->root), &sb))
			return 101;
		return rc;
	}
	const char rls[2] = {rl, 0};
	const char *argv[] = {helper, "--quiet", s->name,
			      rc == 101 ? "(start)" : "start", rl ? rls : NULL,
			      NULL};
	struct buf out = BUF_INIT;
	struct proc_opts o = {.merge_stderr = true, .timeout = 300};
	int prc = proc_run(&out, NULL, argv, &o);
	buf_release(&out);
	if (prc == 0)
		return 104;
	if (prc == 1)
		return 105;
	return prc >= 100 && prc <= 106 ? prc : 102;
}

/* "true", "false" or "mask"; NULL with st failed. */
static const char *enabled_state(struct svc *s)
{
	struct arena *a = s->c->arena;
	if (s->prov == SVC_SYSTEMD) {
		struct buf out = BUF_INIT;
		const char *argv[] = {tool(a, "systemctl"), "is-enabled", "--",
				      s->name, NULL};
		int rc = run(s, &out, argv);
		const char *res = rc == 0 ? "true" : "false";
		if (!strncmp(out.ptr, "masked", 6))
			res = "mask";
		buf_release(&out);
		return res;
	}
	if (s->prov == SVC_BASE)
		return NULL;
	/* debian: invoke-rc.d's policy answer, else the start links */
	int rc = query_start(s);
	if (rc < 0) {
		struct buf out = BUF_INIT;
		const char *argv[] = {tool(a, "invoke-rc.d"),
				      "--quiet",
				      "--query",
				      s->name,
				      "start",
				      NULL};
		rc = run(s, &out, argv);
		buf_release(&out);
	}
	if (rc == 104 || rc == 106)
		return "true";
	if (rc != 101 && rc != 105)
		return "false";
	glob_t g;
	const char *pat =
		arena_strfmt(a, "%s/etc/rc*.d/S\?\?%s", s->root, s->name);
	size_t n = 0;
	if (!glob(pat, 0, NULL, &g))
		n = g.gl_pathc;
	globfree(&g);
	return n >= 4 ? "true" : "false";
}

/* Runs each argv of a NULL-terminated list; fails on the first error. */
static int run_all(struct svc *s, const char *what, const char **const *cmds)
{
	for (size_t i = 0; cmds[i]; i++) {
		struct buf out = BUF_INIT;
		int rc = run(s, &out, cmds[i]);
		if (rc != 0) {
			rstate_fail(s->c, s->st, "Could not %s Service[%s]: %s",
				    what, s->name,
				    exec_failure(s, cmds[i], rc, &out));
			buf_release(&out);
			return -1;
		}
		buf_release(&out);
	}
	return 0;
}

static int set_enable(struct svc *s, const char *want)
{
	struct arena *a = s->c->arena;
	if (s->prov == SVC_SYSTEMD) {
		const char *sc = tool(a, "systemctl");
		const char *unmask[] = {sc, "unmask", "--", s->name, NULL};
		const char *en[] = {sc, "enable", "--", s->name, NULL};
		const char *dis[] = {sc, "disable", "--", s->name, NULL};
		const char *mask[] = {sc, "mask", "--", s->name, NULL};
		if (!strcmp(want, "true"))
			return run_all(
				s, "enable",
				(const char **const[]){unmask, en, NULL});
		if (!strcmp(want, "false"))
			return run_all(
				s, "disable",
				(const char **const[]){unmask, dis, NULL});
		return run_all(s, "mask",
			       (const char **const[]){dis, mask, NULL});
	}
	const char *u = tool(a, "update-rc.d");
	const char *defaults[] = {u, s->name, "defaults", NULL};
	const char *en[] = {u, s->name, "enable", NULL};
	const char *dis[] = {u, s->name, "disable", NULL};
	if (!strcmp(want, "true"))
		return run_all(s, "enable",
			       (const char **const[]){defaults, en, NULL});
	return run_all(s, "disable",
		       (const char **const[]){defaults, dis, NULL});
}

static int svc_init(struct svc *s, struct rtype_ctx *c,
		    const struct resource *r, struct rstate *st)
{
	memset(s, 0, sizeof(*s));
	s->c = c;
	s->r = r;
	s->st = st;
	s->name = rparam_namevar(r, "name");
	s->root = root_of(c);
	s->initscript =
		arena_strfmt(c->arena, "%s/etc/init.d/%s", s->root, s->name);
	const char *msg = NULL;
	if (provider_of(c, r, &s->prov, &msg) < 0)
		return rstate_fail(c, st, "%s", msg);
	return 0;
}

static int do_sync(struct rtype_ctx *c, const struct resource *r,
		   struct rstate *st)
{
	struct svc s;
	st->status = RS_UNCHANGED;
	if (svc_init(&s, c, r, st) < 0)
		return -1;
	const char *want = ensure_of(c, r);
	if (want && *want) {
		int running = is_running(&s);
		if (running < 0)
			return -1;
		const char *is = running ? "running" : "stopped";
		if (strcmp(is, want)) {
			if (!c->noop &&
			    (!strcmp(want, "running") ? do_start(&s)
						      : do_stop(&s)) < 0) {
				st->error = arena_strfmt(
					c->arena,
					"change from '%s' to '%s' failed: %s",
					is, want, st->error);
				return -1;
			}
			rstate_event(c, st, "ensure", is, want,
				     c->noop ? "current_value '%s', should be '%s' (noop)"
					     : "ensure changed '%s' to '%s'",
				     is, want);
		}
	}
	const char *en = enable_of(c, r);
	if (en && *en) {
		if (s.prov == SVC_BASE)
			return rstate_fail(c, st,
					   "Provider base must have features 'enableable' to set 'enable'");
		if (!strcmp(en, "manual") ||
		    (!strcmp(en, "mask") && s.prov != SVC_SYSTEMD))
			return rstate_fail(c, st,
					   "Provider %s must have features '%s' to set 'enable' to '%s'",
					   provider_names[s.prov],
					   !strcmp(en, "manual")
						   ? "manual_startable"
						   : "maskable",
					   en);
		const char *is = enabled_state(&s);
		if (!is)
			return -1;
		if (strcmp(is, en)) {
			if (!c->noop && set_enable(&s, en) < 0)
				return -1;
			rstate_event(c, st, "enable", is, en,
				     c->noop ? "current_value '%s', should be '%s' (noop)"
					     : "enable changed '%s' to '%s'",
				     is, en);
		}
	}
	return 0;
}

static int do_refresh(struct rtype_ctx *c, const struct resource *r,
		      struct rstate *st)
{
	struct svc s;
	if (c->noop)
		return 0;
	if (svc_init(&s, c, r, st) < 0)
		return -1;
	/* only a running service restarts (Puppet: "Skipping restart") */
	int running = is_running(&s);
	if (running <= 0)
		return running;
	if (do_restart(&s) < 0)
		return -1;
	st->refreshed = true;
	return 0;
}

const struct rtype rtype_service = {
	.name = "service",
	.validate = validate,
	.sync = do_sync,
	.refresh = do_refresh,
};
