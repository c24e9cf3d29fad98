/* SPDX-License-Identifier: MIT */
/* api.c: the master's local API: JSON lines on a Unix socket (docs/PROTOCOL.md) */
#include "util/compat.h"
#include "remote/master-internal.h"
#include "remote/store.h"
#include "remote/target.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <fcntl.h>
#include <pwd.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_REQUEST (1u << 20)

static int sockaddr_for(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return err_set("socket path too long: %s", path);
	memcpy(sa->sun_path, path, strlen(path) + 1);
	return 0;
}

int api_listen(struct master *m)
{
	struct sockaddr_un sa;
	const char *path = m->o->socket;
	if (sockaddr_for(&sa, path) < 0)
		return -1;
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			err_set_errno("cannot create %s", dir);
			free(dir);
			return -1;
		}
	}
	free(dir);
	int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		close(probe);
		return err_set("%s: another master is running", path);
	}
	if (probe >= 0)
		close(probe);
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return err_set_errno("socket");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 128) < 0) {
		err_set_errno("cannot listen on %s", path);
		close(fd);
		return -1;
	}
	/* Who may do what is decided per request from SO_PEERCRED. */
	chmod(path, 0666);
	m->api_fd = fd;
	return 0;
}

void api_accept(struct master *m)
{
	for (;;) {
		int fd = accept4(m->api_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		struct ucred cred;
		socklen_t len = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
			close(fd);
			continue;
		}
		struct api_client *c = xcalloc(1, sizeof(*c));
		c->fd = fd;
		c->uid = cred.uid;
		struct passwd *pw = getpwuid(cred.uid);
		if (pw)
			c->user = xstrdup(pw->pw_name);
		else if (asprintf(&c->user, "%u", (unsigned)cred.uid) < 0)
			c->user = xstrdup("?");
		buf_init(&c->in, 0);
		buf_init(&c->out, 0);
		c->next = m->clients;
		m->clients = c;
	}
}

void api_send(struct api_client *c, json_t *line)
{
	char *text = json_dumps(line, JSON_COMPACT);
	if (text) {
		buf_addstr(&c->out, text);
		buf_addch(&c->out, '\n');
		free(text);
	}
	if (json_is_true(json_object_get(line, "end")))
		c->closing = true;
	json_decref(line);
}

static void send_error(struct api_client *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void send_error(struct api_client *c, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	api_send(c, json_pack("{ss sb}", "error", msg.ptr, "end", 1));
	buf_release(&msg);
}

static void unwatch_client(struct api_client *c)
{
	struct mjob *j = c->watching;
	if (!j)
		return;
	for (size_t i = 0; i < j->nwatchers; i++)
		if (j->watchers[i] == c) {
			j->watchers[i] = j->watchers[--j->nwatchers];
			break;
		}
	c->watching = NULL;
}

static void watch(struct mjob *j, struct api_client *c)
{
	j->watchers = xrealloc(j->watchers, (j->nwatchers + 1) * sizeof(*j->watchers));
	j->watchers[j->nwatchers++] = c;
	c->watching = j;
}

void api_unwatch(struct mjob *j)
{
	for (size_t i = 0; i < j->nwatchers; i++)
		j->watchers[i]->watching = NULL;
	j->nwatchers = 0;
}

static void client_free(struct master *m, struct api_client *c)
{
	unwatch_client(c);
	for (struct api_client **p = &m->clients; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	close(c->fd);
	buf_release(&c->in);
	buf_release(&c->out);
	free(c->user);
	free(c);
}

void api_close_all(struct master *m)
{
	while (m->clients)
		client_free(m, m->clients);
}

static void audit(struct master *m, struct api_client *c, const char *action,
		  const char *tgt, const char *tgt_type, json_t *minions, const char *fun,
		  json_t *args, const char *jid, const char *outcome)
{
	struct store_audit a = {
		.time = master_now(), .uid = c->uid, .user = c->user, .action = action,
		.target = tgt, .tgt_type = tgt_type, .minions = minions, .fun = fun,
		.args = args, .jid = jid, .outcome = outcome,
	};
	if (store_audit_add(m->st, &a) < 0)
		log_err("master: %s", err_last());
}

/* The accepted minions `req` targets, in acceptance order; -1 after an error reply. */
static int resolve(struct master *m, struct api_client *c, json_t *req, struct mnode ***out,
		   size_t *nout)
{
	const char *tgt = json_string_value(json_object_get(req, "tgt"));
	json_t *jtype = json_object_get(req, "tgt_type");
	const char *type = jtype ? json_string_value(jtype) : "glob";
	if (!tgt || !type) {
		send_error(c, "'tgt' and 'tgt_type' must be strings");
		return -1;
	}
	enum target_type tt;
	if (target_type_parse(&tt, type) < 0) {
		send_error(c, "%s", err_last());
		return -1;
	}
	struct buf err = BUF_INIT;
	struct target *t = target_compile(tt, tgt, m->nodegroups, &err);
	if (!t) {
		send_error(c, "invalid target '%s': %s", tgt, err.ptr);
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	*out = xcalloc(m->nnodes ? m->nnodes : 1, sizeof(**out));
	*nout = 0;
	bool uses_facts = target_uses_facts(t);
	for (size_t i = 0; i < m->nnodes; i++) {
		json_t *facts = uses_facts ? json_loads(m->nodes[i]->facts, 0, NULL) : NULL;
		if (target_match(t, m->nodes[i]->id, facts))
			(*out)[(*nout)++] = m->nodes[i];
		json_decref(facts);
	}
	target_free(t);
	return 0;
}

static bool valid_fun(const char *f)
{
	const char *dot = f ? strchr(f, '.') : NULL;
	if (!dot || dot == f || !dot[1] || strlen(f) > 128)
		return false;
	for (const char *p = f; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      (*p == '.' && p == dot)))
			return false;
	return true;
}

static void op_run(struct master *m, struct api_client *c, json_t *req)
{
	const char *fun = json_string_value(json_object_get(req, "fun"));
	json_t *args = json_object_get(req, "args"), *kwargs = json_object_get(req, "kwargs");
	json_t *jt = json_object_get(req, "timeout");
	const char *batch = json_string_value(json_object_get(req, "batch"));
	const char *max_fail = json_string_value(json_object_get(req, "max_fail"));
	double timeout = jt ? json_number_value(jt) : 10.0;
	if (!valid_fun(fun)) {
		send_error(c, "invalid function name '%s' (module.function)", fun ? fun : "");
		return;
	}
	if ((args && !json_is_array(args)) || (kwargs && !json_is_object(kwargs)) ||
	    (jt && !json_is_number(jt)) || timeout <= 0 || timeout > 86400) {
		send_error(c, "'args' must be an array, 'kwargs' an object, 'timeout' 0-86400 seconds");
		return;
	}
	json_t *noargs = json_array(), *nokw = json_object();
	args = args ? args : noargs;
	kwargs = kwargs ? kwargs : nokw;
	struct mnode **targets;
	size_t n;
	const char *tgt = json_string_value(json_object_get(req, "tgt"));
	const char *type = json_string_value(json_object_get(req, "tgt_type"));
	if (resolve(m, c, req, &targets, &n) < 0)
		goto out;
	json_t *ids = json_array(), *offline = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(ids, json_string(targets[i]->id));
		if (!targets[i]->connected)
			json_array_append_new(offline, json_string(targets[i]->id));
	}
	if (!n) {
		audit(m, c, "run", tgt, type ? type : "glob", ids, fun, args, NULL, "nothing matched");
		api_send(c, json_pack("{ss sn so so sb}", "event", "job", "jid", "minions", ids,
				      "offline", offline, "end", 1));
		free(targets);
		goto out;
	}
	struct buf err = BUF_INIT;
	struct mjob *j = mjob_start(m, fun, args, kwargs, timeout, targets, n, batch, max_fail, &err);
	free(targets);
	if (!j) {
		send_error(c, "%s", err.ptr);
		buf_release(&err);
		json_decref(ids);
		json_decref(offline);
		goto out;
	}
	buf_release(&err);
	j->uid = c->uid;
	j->user = xstrdup(c->user);
	j->tgt = xstrdup(tgt);
	j->tgt_type = xstrdup(type ? type : "glob");
	const char **idv = xcalloc(j->n, sizeof(*idv));
	for (size_t i = 0; i < j->n; i++)
		idv[i] = j->m[i].node->id;
	struct store_job sj = {
		.jid = j->jid, .created = j->started, .uid = c->uid, .user = c->user,
		.target = tgt, .tgt_type = j->tgt_type, .fun = fun, .args = args,
		.kwargs = kwargs, .timeout = timeout, .minions = idv, .nr_minions = j->n,
	};
	int created = store_job_create(m->st, &sj);
	free(idv);
	if (created < 0) {
		send_error(c, "cannot record the job: %s", err_last());
		for (struct mjob **p = &m->jobs; *p; p = &(*p)->next_job)
			if (*p == j) {
				*p = j->next_job;
				break;
			}
		mjob_free(j);
		json_decref(ids);
		json_decref(offline);
		goto out;
	}
	audit(m, c, "run", tgt, j->tgt_type, ids, fun, args, j->jid, "submitted");
	bool async = json_is_true(json_object_get(req, "async"));
	api_send(c, json_pack("{ss ss so so sb}", "event", "job", "jid", j->jid, "minions", ids,
			      "offline", offline, "end", async));
	if (!async)
		watch(j, c);
	mjob_dispatch(m, j);
out:
	json_decref(noargs);
	json_decref(nokw);
}

/* Replays a job from the store; keeps watching it when still in flight. */
static void op_watch(struct master *m, struct api_client *c, json_t *req)
{
	const char *jid = json_string_value(json_object_get(req, "jid"));
	json_t *job;
	if (!jid || !wire_valid_jid(jid)) {
		send_error(c, "'jid' must be a jid (20 digits)");
		return;
	}
	if (store_job_get(&job, m->st, jid) < 0) {
		send_error(c, "no job %s", jid);
		return;
	}
	json_t *minions = json_object_get(job, "minions"), *ids = json_array();
	const char *id;
	json_t *mv;
	json_object_foreach (minions, id, mv)
		json_array_append_new(ids, json_string(id));
	api_send(c, json_pack("{ss ss so s[]}", "event", "job", "jid", jid, "minions", ids,
			      "offline"));
	json_t *noret = json_array(), *skipped = json_array();
	size_t returned = 0, failed = 0;
	json_object_foreach (minions, id, mv) {
		const char *st = json_string_value(json_object_get(mv, "state"));
		if (st && (!strcmp(st, "done") || !strcmp(st, "failed"))) {
			returned++;
			failed += !strcmp(st, "failed");
			api_send(c, json_pack("{ss ss sO sO}", "event", "return", "id", id, "retcode",
					      json_object_get(mv, "retcode"), "return",
					      json_object_get(mv, "return")));
		} else if (st && strcmp(st, "queued")) {
			api_send(c, json_pack("{ss ss ss}", "event", "state", "id", id, "state", st));
		}
		if (st && (!strcmp(st, "timeout") || !strcmp(st, "offline") || !strcmp(st, "queued") ||
			   !strcmp(st, "delivered") || !strcmp(st, "running")))
			json_array_append_new(noret, json_string(id));
		if (st && !strcmp(st, "skipped"))
			json_array_append_new(skipped, json_string(id));
	}
	struct mjob *j = mjob_find(m, jid);
	if (j) {
		json_decref(noret);
		json_decref(skipped);
		watch(j, c);
	} else {
		api_send(c, json_pack("{ss ss sI sI sI so so sb}", "event", "done", "jid", jid,
				      "targeted", (json_int_t)json_object_size(minions), "returned",
				      (json_int_t)returned, "failed", (json_int_t)failed, "no_return",
				      noret, "skipped", skipped, "end", 1));
	}
	json_decref(job);
}

static void op_resolve(struct master *m, struct api_client *c, json_t *req)
{
	struct mnode **targets;
	size_t n;
	if (resolve(m, c, req, &targets, &n) < 0)
		return;
	json_t *ids = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(ids, json_string(targets[i]->id));
	free(targets);
	api_send(c, json_pack("{so sb}", "minions", ids, "end", 1));
}

static void op_key(struct master *m, struct api_client *c, json_t *req)
{
	const char *action = json_string_value(json_object_get(req, "action"));
	const char *id = json_string_value(json_object_get(req, "id"));
	bool all = json_is_true(json_object_get(req, "all"));
	json_t *keys;
	if (!action) {
		send_error(c, "'action' must be list, accept, reject or delete");
		return;
	}
	if (!strcmp(action, "list")) {
		if (store_key_list(&keys, m->st, STORE_KEY_ALL) < 0) {
			send_error(c, "%s", err_last());
			return;
		}
		size_t i;
		json_t *k;
		json_array_foreach (keys, i, k) {
			char finger[KEYS_FINGER_LEN];
			keys_finger(json_string_value(json_object_get(k, "pubkey")), finger);
			json_object_set_new(k, "finger", json_string(finger));
		}
		char finger[KEYS_FINGER_LEN];
		keys_finger(m->pub, finger);
		api_send(c, json_pack("{so ss sb}", "keys", keys, "master_finger", finger, "end", 1));
		return;
	}
	if ((!id && !all) || (id && !wire_valid_id(id) && !all)) {
		send_error(c, "'%s' needs a minion id or \"all\"", action);
		return;
	}
	json_t *changed = NULL;
	int rc;
	const char *which = all ? NULL : id;
	unsigned from = STORE_KEY_PENDING;
	if (!strcmp(action, "accept")) {
		if (json_is_true(json_object_get(req, "include_rejected")))
			from |= STORE_KEY_REJECTED;
		rc = store_key_set_state(&changed, m->st, which, from, STORE_KEY_ACCEPTED);
	} else if (!strcmp(action, "reject")) {
		if (json_is_true(json_object_get(req, "include_accepted")))
			from |= STORE_KEY_ACCEPTED;
		rc = store_key_set_state(&changed, m->st, which, from, STORE_KEY_REJECTED);
	} else if (!strcmp(action, "delete")) {
		rc = store_key_delete(&changed, m->st, which, STORE_KEY_ALL);
	} else {
		send_error(c, "unknown key action '%s'", action);
		return;
	}
	if (rc < 0) {
		send_error(c, "%s", err_last());
		json_decref(changed);
		return;
	}
	/* Bring the registry in line with the store. */
	size_t i;
	json_t *k;
	json_array_foreach (changed, i, k) {
		if (json_object_get(k, "error"))
			continue;
		const char *kid = json_string_value(json_object_get(k, "id"));
		const char *pub = json_string_value(json_object_get(k, "pubkey"));
		struct mnode *n = strmap_get(&m->by_pub, pub);
		if (!strcmp(action, "accept")) {
			struct mnode *a = master_node_add(m, kid, pub);
			if (n && n->peer)
				master_send(m, a, WIRE_REHELLO, NULL); /* waiting in pending */
		} else if (n) {
			if (n->accepted && n->peer)
				master_send(m, n, WIRE_REJECTED,
					    json_pack("{ss}", "reason", "this key is no longer accepted"));
			master_node_forget(m, n);
		}
	}
	json_t *ids = json_array(), *errors = json_array();
	json_array_foreach (changed, i, k)
		if (!json_object_get(k, "error"))
			json_array_append(ids, json_object_get(k, "id"));
		else
			json_array_append_new(errors, json_pack("{sO sO}", "id", json_object_get(k, "id"),
								"error", json_object_get(k, "error")));
	struct buf what = BUF_INIT;
	buf_addf(&what, "key.%s", action);
	audit(m, c, what.ptr, all ? "*" : id, "list", ids, NULL, NULL, NULL, "ok");
	buf_release(&what);
	json_decref(changed);
	api_send(c, json_pack("{so so sb}", "changed", ids, "errors", errors, "end", 1));
}

static void op_jobs(struct master *m, struct api_client *c, json_t *req)
{
	const char *action = json_string_value(json_object_get(req, "action"));
	json_t *out = NULL;
	int rc;
	if (action && !strcmp(action, "list")) {
		json_t *jl = json_object_get(req, "limit");
		rc = store_job_list(&out, m->st, jl ? (int)json_integer_value(jl) : 50);
		if (!rc)
			api_send(c, json_pack("{so sb}", "jobs", out, "end", 1));
	} else if (action && !strcmp(action, "active")) {
		rc = store_jobs_active(&out, m->st);
		if (!rc)
			api_send(c, json_pack("{so sb}", "jobs", out, "end", 1));
	} else if (action && !strcmp(action, "show")) {
		const char *jid = json_string_value(json_object_get(req, "jid"));
		if (!jid || !wire_valid_jid(jid)) {
			send_error(c, "'jid' must be a jid (20 digits)");
			return;
		}
		rc = store_job_get(&out, m->st, jid);
		if (rc == ERR_NOTFOUND) {
			api_send(c, json_pack("{ss+ ss sb}", "error", "no job ", jid, "code", "notfound",
					      "end", 1));
			return;
		}
		if (!rc)
			api_send(c, json_pack("{so sb}", "job", out, "end", 1));
	} else {
		send_error(c, "'action' must be list, show or active");
		return;
	}
	if (rc < 0)
		send_error(c, "%s", err_last());
}

static void op_minions(struct master *m, struct api_client *c)
{
	json_t *list = json_array();
	for (size_t i = 0; i < m->nnodes; i++) {
		struct mnode *n = m->nodes[i];
		json_array_append_new(list, json_pack("{ss sb sf ss}", "id", n->id, "connected",
						      n->connected, "last_seen", n->last_seen,
						      "version", n->version ? n->version : ""));
	}
	api_send(c, json_pack("{so sb}", "minions", list, "end", 1));
}

static void handle(struct master *m, struct api_client *c, const char *line, size_t len)
{
	json_error_t je;
	json_t *req = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!req || !json_is_object(req)) {
		send_error(c, "request is not a JSON object: %s", req ? "" : je.text);
		json_decref(req);
		return;
	}
	const char *op = json_string_value(json_object_get(req, "op"));
	if (c->uid != 0 && c->uid != m->uid) {
		audit(m, c, op ? op : "?", NULL, NULL, NULL, NULL, NULL, NULL, "not allowed");
		send_error(c, "not allowed: user %s may not use this master", c->user);
	} else if (!op) {
		send_error(c, "missing 'op'");
	} else if (!strcmp(op, "run")) {
		op_run(m, c, req);
	} else if (!strcmp(op, "watch")) {
		op_watch(m, c, req);
	} else if (!strcmp(op, "resolve")) {
		op_resolve(m, c, req);
	} else if (!strcmp(op, "key")) {
		op_key(m, c, req);
	} else if (!strcmp(op, "jobs")) {
		op_jobs(m, c, req);
	} else if (!strcmp(op, "minions")) {
		op_minions(m, c);
	} else {
		send_error(c, "unknown op '%s'", op);
	}
	json_decref(req);
}

void api_io(struct master *m, struct api_client *c, short revents)
{
	if (revents & POLLERR) {
		client_free(m, c);
		return;
	}
	if (revents & (POLLIN | POLLHUP)) {
		char chunk[4096];
		ssize_t r = read(c->fd, chunk, sizeof(chunk));
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
			client_free(m, c);
			return;
		}
		if (r > 0 && !c->closing && !c->watching) {
			buf_add(&c->in, chunk, (size_t)r);
			char *nl = memchr(c->in.ptr, '\n', c->in.len);
			if (nl)
				handle(m, c, c->in.ptr, (size_t)(nl - c->in.ptr));
			else if (c->in.len > MAX_REQUEST)
				send_error(c, "request too large");
			if (nl || c->in.len > MAX_REQUEST)
				buf_reset(&c->in);
		}
	}
	if (c->out.len) {
		ssize_t w = write(c->fd, c->out.ptr, c->out.len);
		if (w < 0 && errno != EAGAIN && errno != EINTR) {
			client_free(m, c);
			return;
		}
		if (w > 0) {
			memmove(c->out.ptr, c->out.ptr + w, c->out.len - (size_t)w);
			buf_setlen(&c->out, c->out.len - (size_t)w);
		}
	}
	if (c->closing && !c->out.len)
		client_free(m, c);
}
