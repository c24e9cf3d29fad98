/* SPDX-License-Identifier: MIT */
/* master.c: `tend master`: the ROUTER socket, the ZAP handler, the registry */
#include "util/compat.h"
#include "remote/master-internal.h"
#include "remote/msync.h"
#include "remote/store.h"
#include "facts/facts.h"
#include "facts/json_value.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/xalloc.h"
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

double master_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The node of key `pub`, registered (not yet accepted) when new. */
static struct mnode *node_for_key(struct master *m, const char *id, const char *pub)
{
	struct mnode *n = strmap_get(&m->by_pub, pub);
	if (n)
		return n;
	n = xcalloc(1, sizeof(*n));
	n->id = xstrdup(id);
	memcpy(n->pub, pub, KEYS_Z85_LEN);
	n->facts = xstrdup("{}");
	strmap_put(&m->by_pub, arena_strdup(&m->arena, pub), n);
	return n;
}

struct mnode *master_node_add(struct master *m, const char *id, const char *pub)
{
	struct mnode *n = node_for_key(m, id, pub);
	if (strcmp(n->id, id)) {
		free(n->id);
		n->id = xstrdup(id);
	}
	if (!n->accepted) {
		n->accepted = true;
		if (m->nnodes == m->anodes) {
			m->anodes = m->anodes ? 2 * m->anodes : 64;
			m->nodes = xrealloc(m->nodes, m->anodes * sizeof(*m->nodes));
		}
		m->nodes[m->nnodes++] = n;
		strmap_put(&m->by_id, arena_strdup(&m->arena, id), n);
	}
	return n;
}

void master_node_forget(struct master *m, struct mnode *n)
{
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i] == n) {
			memmove(&m->nodes[i], &m->nodes[i + 1], (m->nnodes - i - 1) * sizeof(*m->nodes));
			m->nnodes--;
			break;
		}
	if (n->accepted && strmap_get(&m->by_id, n->id) == n)
		strmap_put(&m->by_id, n->id, NULL);
	/* A node may be referenced by a job in flight: keep it, unaccepted. */
	n->accepted = false;
	n->connected = false;
	strmap_put(&m->by_pub, n->pub, NULL);
	m->dead = xrealloc(m->dead, (m->ndead + 1) * sizeof(*m->dead));
	m->dead[m->ndead++] = n;
}

static void node_free(struct mnode *n)
{
	free(n->facts);
	free(n->id);
	free(n->version);
	free(n);
}

static int send_to(struct master *m, uint64_t peer, enum wire_type t, json_t *body)
{
	struct zmtp_part parts[2];
	char *text;
	wire_encode(t, body, parts, &text);
	int rc = zmtp_server_send(m->zs, peer, parts, 2);
	int saved = errno;
	free(text);
	errno = saved;
	return rc;
}

int master_send(struct master *m, struct mnode *n, enum wire_type t, json_t *body)
{
	int rc = 0;
	if (!n->peer) {
		rc = -1;
	} else if (send_to(m, n->peer, t, body) < 0) {
		log_info("master: %s: cannot send %s: %s", n->id, wire_type_name(t),
			 strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		n->connected = false;
	json_decref(body);
	return rc;
}

/* Replies to a raw peer (before it has a node). */
static void reply(struct master *m, uint64_t peer, enum wire_type t, json_t *body)
{
	if (send_to(m, peer, t, body) < 0)
		log_info("master: cannot send %s: %s", wire_type_name(t), strerror(errno));
	json_decref(body);
}

/* Keeps a node's facts as text: a tree of 200 facts costs ~25 KB of jansson
 * nodes, its compact text ~5 KB, and only fact targets read it. */
static void node_set_facts(struct mnode *n, json_t *facts)
{
	char *text = json_is_object(facts) ? json_dumps(facts, JSON_COMPACT) : NULL;
	free(n->facts);
	n->facts = text ? text : xstrdup("{}");
}

static void on_hello(struct master *m, uint64_t peer, const char *pub, json_t *body)
{
	const char *id = json_string_value(json_object_get(body, "id"));
	struct mnode *n = strmap_get(&m->by_pub, pub);
	if (n && n->accepted && strcmp(n->id, id)) {
		log_warning("master: key %.8s… accepted for '%s' says it is '%s'; refused",
			    pub, n->id, id);
		reply(m, peer, WIRE_REJECTED,
		      json_pack("{ss}", "reason", "this key is accepted for another minion id"));
		return;
	}
	if (!n || !n->accepted) {
		enum store_key_state st;
		if (store_key_add_pending(&st, m->st, id, pub) < 0) {
			log_err("master: %s", err_last());
			return;
		}
		if (st == STORE_KEY_ACCEPTED) {
			n = master_node_add(m, id, pub);
		} else if (st == STORE_KEY_PENDING) {
			n = node_for_key(m, id, pub);
			n->peer = peer;
			reply(m, peer, WIRE_PENDING, NULL);
			return;
		} else {
			reply(m, peer, WIRE_REJECTED,
			      json_pack("{ss}", "reason",
					st == STORE_KEY_DENIED
						? "denied: another key is accepted for this minion id"
						: "this key is rejected"));
			return;
		}
	}
	n->peer = peer;
	n->connected = true;
	n->last_seen = master_now();
	node_set_facts(n, json_object_get(body, "facts"));
	n->have_facts = true;
	free(n->version);
	n->version = xstrdup(json_string_value(json_object_get(body, "version")));
	if (store_minion_upsert(m->st, n->id, json_object_get(body, "facts"), n->version,
				n->last_seen) < 0)
		log_err("master: %s", err_last());
	log_info("master: %s connected", n->id);
	master_send(m, n, WIRE_WELCOME, json_pack("{ss}", "version", TEND_VERSION));
}

/* Every file under moddir as {path: sha256}; paths are NAME or NAME/FUNCTION. */
static void sync_reply(struct master *m, struct mnode *n, json_t *body);

static void on_message(struct master *m, uint64_t peer, const char *pub, enum wire_type t,
		       json_t *body)
{
	if (t == WIRE_HELLO) {
		on_hello(m, peer, pub, body);
		return;
	}
	struct mnode *n = strmap_get(&m->by_pub, pub);
	if (!n || !n->accepted) {
		log_info("master: %s from a key that is not accepted, dropped", wire_type_name(t));
		return;
	}
	n->peer = peer;
	n->connected = true;
	n->last_seen = master_now();
	if (!n->have_facts) {
		n->have_facts = true; /* ask once */
		master_send(m, n, WIRE_REHELLO, NULL);
	}
	const char *jid = json_string_value(json_object_get(body, "jid"));
	switch (t) {
	case WIRE_FACTS:
		node_set_facts(n, json_object_get(body, "facts"));
		if (store_minion_upsert(m->st, n->id, json_object_get(body, "facts"), n->version,
					n->last_seen) < 0)
			log_err("master: %s", err_last());
		break;
	case WIRE_ACK:
		mjob_on_ack(m, n, jid, json_string_value(json_object_get(body, "refused")));
		break;
	case WIRE_RUNNING: {
		size_t i;
		json_t *v;
		json_array_foreach (json_object_get(body, "jids"), i, v)
			if (json_is_string(v) && wire_valid_jid(json_string_value(v)))
				mjob_on_running(m, n, json_string_value(v));
		break;
	}
	case WIRE_RETURN: {
		json_t *claimed = json_object_get(body, "id");
		if (claimed && strcmp(json_string_value(claimed), n->id)) {
			log_warning("master: minion '%s' sent a return as '%s'; refused", n->id,
				    json_string_value(claimed));
			break;
		}
		int retcode = (int)json_integer_value(json_object_get(body, "retcode"));
		json_t *ret = json_object_get(body, "return");
		int rc = store_return_put(m->st, jid, n->id, retcode, ret,
					  json_number_value(json_object_get(body, "started")),
					  json_number_value(json_object_get(body, "finished")));
		if (rc == ERR_NOTFOUND) {
			/* Not asked for: acknowledged so that it stops, never stored. */
			log_warning("master: %s: return for job %s it was not given; dropped", n->id,
				    jid);
		} else if (rc < 0) {
			/* Not acknowledged: the minion sends it again. */
			log_err("master: %s", err_last());
			break;
		}
		/* Acknowledged when the batch is durable (flush_acks). */
		if (m->nacks == m->aacks) {
			m->aacks = m->aacks ? 2 * m->aacks : 64;
			m->acks = xrealloc(m->acks, m->aacks * sizeof(*m->acks));
		}
		struct master_ack *a = &m->acks[m->nacks++];
		a->node = n;
		memcpy(a->jid, jid, WIRE_JID_LEN + 1);
		a->retcode = retcode;
		a->ret = json_incref(ret);
		a->fresh = rc == 0;
		break;
	}
	case WIRE_SYNC_REQUEST:
		sync_reply(m, n, body);
		break;
	default:
		log_info("master: %s: unexpected %s, dropped", n->id, wire_type_name(t));
		break;
	}
}

/* The batch is committed (ok) or rolled back: acknowledge or forget its returns. */
static void flush_acks(struct master *m, bool ok)
{
	for (size_t i = 0; i < m->nacks; i++) {
		struct master_ack *a = &m->acks[i];
		if (ok) {
			master_send(m, a->node, WIRE_RETURN_ACK, json_pack("{ss}", "jid", a->jid));
			if (a->fresh)
				mjob_on_return(m, a->node, a->jid, a->retcode, a->ret);
		}
		json_decref(a->ret);
	}
	m->nacks = 0;
}

/* A message from a peer through the CURVE handshake: [type, body]. */
static void on_zmtp(void *ctx, uint64_t peer, const unsigned char key[32],
		    const struct zmtp_part *parts, size_t n)
{
	struct master *m = ctx;
	char pub[KEYS_Z85_LEN];
	keys_z85_encode(pub, key);
	enum wire_type t;
	json_t *body;
	struct buf err = BUF_INIT;
	if (wire_decode_parts(parts, n, &t, &body, &err) < 0) {
		log_info("master: bad message from %.8s…: %s, dropped", pub, err.ptr);
	} else {
		on_message(m, peer, pub, t, body);
		json_decref(body);
	}
	buf_release(&err);
}

static int load_config(struct master *m)
{
	if (!m->o->config)
		return 0;
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct arena a;
	struct value *v = NULL;
	arena_init(&a);
	int rc = file_read(&text, m->o->config);
	if (rc < 0) {
		err_set("%s: %s", m->o->config, rc == ERR_NOTFOUND ? "no such file" : err_last());
	} else if (facts_yaml_load(&v, &a, text.ptr, text.len, &err) < 0) {
		rc = err_set("%s: %s", m->o->config, err.ptr);
	} else if (v) {
		json_t *j = jv_to_json(v);
		json_t *ng = json_object_get(j, "nodegroups");
		if (!json_is_object(j) || (ng && !json_is_object(ng)))
			rc = err_set("%s: expected a mapping with a 'nodegroups' mapping",
				     m->o->config);
		else
			m->nodegroups = json_incref(ng);
		json_decref(j);
	}
	arena_release(&a);
	buf_release(&text);
	buf_release(&err);
	return rc < 0 ? -1 : 0;
}

static int load_registry(struct master *m)
{
	json_t *keys;
	if (store_key_list(&keys, m->st, STORE_KEY_ACCEPTED) < 0)
		return -1;
	size_t i;
	json_t *k;
	json_array_foreach (keys, i, k) {
		if (strcmp(json_string_value(json_object_get(k, "state")), "accepted"))
			continue;
		struct mnode *n = master_node_add(m, json_string_value(json_object_get(k, "id")),
						  json_string_value(json_object_get(k, "pubkey")));
		json_t *mi = NULL;
		if (store_minion_get(&mi, m->st, n->id) == 0 &&
		    json_is_object(json_object_get(mi, "facts"))) {
			node_set_facts(n, json_object_get(mi, "facts"));
		}
		json_decref(mi);
	}
	json_decref(keys);
	return 0;
}

static int setup(struct master *m)
{
	if (keys_load_or_create(m->o->pki_dir, "master", m->pub, m->sec) < 0)
		return -1;
	if (load_config(m) < 0)
		return -1;
	if (store_open(&m->st, m->o->db) < 0)
		return -1;
	if (load_registry(m) < 0)
		return -1;
	unsigned char pub[32], sec[32];
	keys_z85_decode(pub, m->pub);
	keys_z85_decode(sec, m->sec);
	struct zmtp_opts zo = { .max_msg = WIRE_MAX_BODY + 4096 };
	int rc = zmtp_server_open(&m->zs, m->o->bind, pub, sec, &zo);
	sodium_memzero(sec, sizeof(sec));
	if (rc < 0)
		return -1;
	if (api_listen(m) < 0)
		return -1;
	return 0;
}

static void teardown(struct master *m)
{
	api_close_all(m);
	while (m->jobs) {
		struct mjob *j = m->jobs;
		m->jobs = j->next_job;
		mjob_free(j);
	}
	zmtp_server_close(m->zs);
	if (m->st)
		store_close(m->st);
	if (m->api_fd >= 0) {
		close(m->api_fd);
		unlink(m->o->socket);
	}
	/* Every node, accepted or pending, is in by_pub exactly once. */
	for (size_t b = 0; b < m->by_pub.cap; b++)
		for (struct strmap_entry *e = m->by_pub.buckets[b]; e; e = e->next) {
			if (e->val)
				node_free(e->val);
		}
	for (size_t i = 0; i < m->ndead; i++)
		node_free(m->dead[i]);
	free(m->dead);
	flush_acks(m, false);
	free(m->acks);
	free(m->nodes);
	json_decref(m->nodegroups);
	arena_release(&m->arena);
}

int master_run(const struct master_opts *o)
{
	struct master m = { .o = o, .api_fd = -1 };
	arena_init(&m.arena);
	m.uid = geteuid();
	strmap_init(&m.by_id, &m.arena);
	strmap_init(&m.by_pub, &m.arena);
	stopping = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* One descriptor per minion connection: take what the hard limit allows. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (setup(&m) < 0) {
		int saved = errno;
		struct buf msg = BUF_INIT;
		buf_addstr(&msg, err_last());
		teardown(&m);
		err_set("%s", msg.ptr);
		buf_release(&msg);
		errno = saved;
		return -1;
	}
	log_notice("master: listening on %s, API on %s", o->bind, o->socket);
	struct pollfd *items = NULL;
	size_t aitems = 0;
	while (!stopping) {
		size_t n = 0, want = 2;
		for (struct api_client *c = m.clients; c; c = c->next)
			want++;
		if (want > aitems) {
			aitems = want * 2;
			items = xrealloc(items, aitems * sizeof(*items));
		}
		items[n++] = (struct pollfd){ zmtp_server_fd(m.zs), POLLIN, 0 };
		items[n++] = (struct pollfd){ m.api_fd, POLLIN, 0 };
		for (struct api_client *c = m.clients; c; c = c->next)
			items[n++] = (struct pollfd){ c->fd,
						      (short)(POLLIN | (c->out.len ? POLLOUT : 0)), 0 };
		if (poll(items, n, 100) < 0) {
			if (errno == EINTR)
				continue;
			log_err("master: poll: %s", strerror(errno));
			break;
		}
		/* One transaction (one fsync) per turn of the loop. */
		bool batch = store_batch_begin(m.st) == 0;
		zmtp_server_work(m.zs, on_zmtp, &m);
		/* Clients may be freed while handled: collect the fds first. */
		size_t k = 2;
		struct api_client *c = m.clients;
		while (c && k < n) {
			struct api_client *next = c->next;
			if (items[k].fd == c->fd && items[k].revents)
				api_io(&m, c, items[k].revents);
			k++;
			c = next;
		}
		if (items[1].revents & POLLIN)
			api_accept(&m);
		mjob_tick(&m);
		bool ok = !batch || store_batch_commit(m.st) == 0;
		if (!ok)
			log_err("master: %s", err_last());
		flush_acks(&m, ok);
	}
	free(items);
	log_notice("master: stopping");
	teardown(&m);
	return 0;
}

static void sync_reply(struct master *m, struct mnode *n, json_t *body)
{
	json_t *files = json_array(), *keep = json_array();
	if (strcmp(json_string_value(json_object_get(body, "kind")), "modules")) {
		log_info("master: %s: sync of unknown kind, dropped", n->id);
	} else if (m->o->moddir) {
		msync_collect(m->o->moddir, json_object_get(body, "have"), files, keep);
	}
	master_send(m, n, WIRE_SYNC,
		    json_pack("{ss so so}", "kind", "modules", "files", files, "keep", keep));
}
