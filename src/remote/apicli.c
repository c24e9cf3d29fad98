/* SPDX-License-Identifier: MIT */
/* apicli.c: the client side of the master's local API, and its pure logic */
#include "util/compat.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "facts/facts.h"
#include "facts/json_value.h"
#include "lang/value.h"
#include "remote/apicli.h"
#include "util/err.h"
#include "util/xalloc.h"

/* ---- the connection ---- */

const char *apicli_socket_path(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv(APICLI_SOCKET_ENV);
	return env && *env ? env : APICLI_DEFAULT_SOCKET;
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * connect(2) to `path`; a path too long for sun_path is reached through
 * /proc/self/fd/N/NAME, N being its directory opened O_PATH (test trash
 * directories easily pass 108 bytes). errno set on failure.
 */
static int connect_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	size_t len = strlen(path);
	if (len < sizeof(sa.sun_path)) {
		memcpy(sa.sun_path, path, len + 1);
		return connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	}
	const char *slash = strrchr(path, '/');
	if (!slash || !slash[1]) {
		errno = ENAMETOOLONG;
		return -1;
	}
	char *dir = xmemdupz(path, slash == path ? 1 : (size_t)(slash - path));
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (dfd < 0)
		return -1;
	struct buf p = BUF_INIT;
	buf_addf(&p, "/proc/self/fd/%d/%s", dfd, slash + 1);
	int rc = -1;
	if (p.len >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
	} else {
		memcpy(sa.sun_path, p.ptr, p.len + 1);
		rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	}
	int saved = errno;
	close(dfd);
	buf_release(&p);
	errno = saved;
	return rc;
}

int apicli_connect(struct apicli *c, const char *path)
{
	apicli_close(c);
	c->path = xstrdup(path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return err_set_errno("cannot create a socket");
	if (connect_path(c->fd, path) < 0) {
		int e = errno;
		err_set("cannot reach the master at '%s': %s", path,
			strerror(e));
		close(c->fd);
		c->fd = -1;
		return e == ENOENT || e == ECONNREFUSED ? ERR_NOTFOUND : -1;
	}
	return 0;
}

int apicli_send(struct apicli *c, json_t *req)
{
	char *s = json_dumps(req, JSON_COMPACT);
	if (!s)
		return err_set("cannot encode the request");
	struct buf line = BUF_INIT;
	buf_addstr(&line, s);
	buf_addch(&line, '\n');
	free(s);
	int error = 0;
	for (size_t off = 0; off < line.len;) {
		ssize_t n = send(c->fd, line.ptr + off, line.len - off,
				 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = err_set("cannot send to the master at '%s': %s",
					c->path, strerror(errno));
			break;
		}
		off += (size_t)n;
	}
	buf_release(&line);
	return error;
}

/* The line [c->off, nl) as a JSON object; consumes it. */
static int take_line(json_t **out, struct apicli *c, char *nl)
{
	const char *p = c->in.ptr + c->off;
	size_t len = (size_t)(nl - p);
	c->off += len + 1;
	json_error_t jerr;
	json_t *j = json_loadb(p, len, 0, &jerr);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return err_set("bad answer from the master at '%s': %s",
			       c->path, j ? "not a JSON object" : jerr.text);
	}
	*out = j;
	return 0;
}

static bool blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", p[i]))
			return false;
	return true;
}

int apicli_read(json_t **out, struct apicli *c, int timeout_ms)
{
	*out = NULL;
	double deadline = timeout_ms >= 0 ? mono_ms() + timeout_ms : 0;
	size_t scan = c->off; /* the newline search resumes here */
	for (;;) {
		char *nl;
		while ((nl = memchr(c->in.ptr + scan, '\n',
				    c->in.len - scan))) {
			if (!blank(c->in.ptr + c->off,
				   (size_t)(nl - c->in.ptr) - c->off))
				return take_line(out, c, nl);
			c->off = scan = (size_t)(nl - c->in.ptr) + 1;
		}
		scan = c->in.len;
		if (c->eof) {
			if (!blank(c->in.ptr + c->off, c->in.len - c->off))
				return err_set(
					"the master at '%s' closed the connection in the middle of an answer",
					c->path);
			return 1;
		}
		if (c->fd < 0)
			return err_set("not connected to the master");
		if (c->in.len - c->off > APICLI_MAX_LINE)
			return err_set(
				"answer line from the master at '%s' longer than %u bytes",
				c->path, APICLI_MAX_LINE);
		if (c->off) {
			size_t rest = c->in.len - c->off;
			memmove(c->in.ptr, c->in.ptr + c->off, rest);
			buf_setlen(&c->in, rest);
			scan -= c->off;
			c->off = 0;
		}
		int wait = -1;
		if (timeout_ms >= 0) {
			double left = deadline - mono_ms();
			if (left <= 0)
				return ERR_TIMEOUT;
			wait = (int)left + 1;
		}
		struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
		int pr = poll(&pfd, 1, wait);
		if (pr < 0 && errno == EINTR)
			return ERR_TIMEOUT;
		if (pr < 0)
			return err_set_errno("cannot wait for the master");
		if (!pr)
			continue; /* the deadline check above decides */
		char chunk[65536];
		ssize_t n = read(c->fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return ERR_TIMEOUT;
		if (n < 0 && errno == ECONNRESET)
			n = 0;
		if (n < 0)
			return err_set(
				"cannot read from the master at '%s': %s",
				c->path, strerror(errno));
		if (!n)
			c->eof = true;
		else
			buf_add(&c->in, chunk, (size_t)n);
	}
}

void apicli_close(struct apicli *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->path);
	c->path = NULL;
	buf_release(&c->in);
	c->off = 0;
	c->eof = false;
}

int apicli_call(json_t **out, const char *path, json_t *req, int timeout_ms)
{
	struct apicli c = APICLI_INIT;
	json_t *ans = NULL;
	int error;

	*out = NULL;
	if (apicli_connect(&c, path) < 0 || apicli_send(&c, req) < 0) {
		error = -1;
		goto out;
	}
	error = apicli_read(&ans, &c, timeout_ms);
	if (error == ERR_TIMEOUT) {
		error = err_set(
			"no answer from the master at '%s' within %d seconds",
			path, (timeout_ms + 999) / 1000);
		goto out;
	}
	if (error == 1) {
		error = err_set(
			"the master at '%s' closed the connection without an answer",
			path);
		goto out;
	}
	if (error < 0)
		goto out;
	json_t *e = json_object_get(ans, "error");
	if (e) {
		const char *msg = json_is_string(e) ? json_string_value(e)
						    : "unknown error";
		const char *code =
			json_string_value(json_object_get(ans, "code"));
		error = err_set("the master at '%s' refused the request: %s",
				path, msg);
		if ((code && !strcmp(code, "notfound")) ||
		    !strncmp(msg, "no job ", 7))
			error = ERR_NOTFOUND;
		goto out;
	}
	*out = ans;
	ans = NULL;
out:
	json_decref(ans);
	apicli_close(&c);
	return error;
}

/* ---- arguments of tend run ---- */

static bool word_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
}

bool apicli_kwarg_split(const char *s, size_t *name_len)
{
	/* Salt's KWARG_REGEX: ^([^\d\W][\w.-]*)=(?!=)(.*)$ */
	const unsigned char *p = (const unsigned char *)s;
	if (!word_char(p[0]) || (p[0] >= '0' && p[0] <= '9'))
		return false;
	size_t i = 1;
	while (word_char(p[i]) || p[i] == '.' || p[i] == '-')
		i++;
	if (p[i] != '=' || p[i + 1] == '=')
		return false;
	/* `.` stops at a newline and `$` matches only before a final one */
	const char *nl = strchr(s + i + 1, '\n');
	if (nl && nl[1])
		return false;
	*name_len = i;
	return true;
}

/* PyYAML's YAML 1.1 words; Psych also takes "tRUE", PyYAML does not */
static bool pyyaml_word(const char *s, size_t len)
{
	static const char *const words[] = {
		"yes",	"Yes",	 "YES",	  "no",	   "No",   "NO", "true", "True",
		"TRUE", "false", "False", "FALSE", "on",   "On", "ON",	 "off",
		"Off",	"OFF",	 "null",  "Null",  "NULL", "~",
	};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == len && !memcmp(words[i], s, len))
			return true;
	return false;
}

/*
 * PyYAML's base 60 integer, [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+, summed from
 * the right (1:30 is 90; Psych, behind facts_yaml_load, reads 5400).
 */
static bool pyyaml_base60(const char *s, size_t len, json_int_t *out)
{
	size_t i = len && (s[0] == '-' || s[0] == '+');
	bool neg = len && s[0] == '-';
	if (i == len || s[i] < '1' || s[i] > '9')
		return false;
	json_int_t head = 0;
	for (; i < len && s[i] != ':'; i++) {
		if (s[i] == '_')
			continue;
		if (s[i] < '0' || s[i] > '9' || head > INT32_MAX)
			return false;
		head = head * 10 + (s[i] - '0');
	}
	json_int_t total = head;
	size_t parts = 0;
	while (i < len) {
		size_t seg = ++i; /* past the ':' */
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == seg || i - seg > 2 || (i - seg == 2 && s[seg] > '5') ||
		    (i < len && s[i] != ':') || total > INT32_MAX)
			return false;
		total = total * 60 + strtol(s + seg, NULL, 10);
		parts++;
	}
	if (!parts)
		return false;
	*out = neg ? -total : total;
	return true;
}

/* s without the surrounding blanks YAML would strip, as (ptr, len) */
static const char *trim(const char *s, size_t *len)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	*len = n;
	return s;
}

json_t *apicli_arg_value(const char *s)
{
	json_t *as_is = json_string(s);
	if (!as_is)
		return NULL; /* not UTF-8 */
	size_t tlen;
	const char *t = trim(s, &tlen);
	if (!tlen)
		return as_is;
	/* digits and underscores: PyYAML would drop the underscores */
	if (strchr(s, '_') && strspn(t, "0123456789_") == tlen)
		return as_is;
	if (!strcmp(s, "None")) {
		json_decref(as_is);
		return json_null();
	}
	if (!strcmp(s, "|") || !strcmp(s, "!"))
		return as_is;

	struct arena a = ARENA_INIT;
	struct buf err = BUF_INIT;
	struct value *v = NULL;
	json_t *res = as_is;
	if (facts_yaml_load(&v, &a, s, strlen(s), &err) < 0 || !v)
		goto out; /* not YAML, or only a comment: the text */
	switch (v->kind) {
	case VAL_HASH:
		if (s[0] != '{')
			goto out; /* "a: b" is a string; dicts need braces */
		break;
	case VAL_ARRAY:
		if (s[0] != '[')
			goto out;
		break;
	case VAL_STRING:
		if (strchr(s, '#'))
			goto out; /* a comment ate part of it */
		break;
	case VAL_UNDEF:
	case VAL_BOOL:
		if (!pyyaml_word(t, tlen))
			goto out;
		break;
	case VAL_INT:
	case VAL_FLOAT:
		/* Psych reads 1,000 as a number, PyYAML as a string */
		if (memchr(t, ',', tlen))
			goto out;
		if (memchr(t, ':', tlen)) {
			json_int_t n;
			if (v->kind != VAL_INT || !pyyaml_base60(t, tlen, &n))
				goto out;
			res = json_integer(n);
			json_decref(as_is);
			goto out;
		}
		break;
	default:
		goto out;
	}
	res = jv_to_json(v);
	json_decref(as_is);
out:
	buf_release(&err);
	arena_release(&a);
	return res;
}

int apicli_args_parse(json_t **args_out, json_t **kwargs_out, int argc,
		      const char *const *argv)
{
	json_t *args = json_array(), *kwargs = json_object();
	for (int i = 0; i < argc; i++) {
		size_t nlen = 0;
		bool is_kw = apicli_kwarg_split(argv[i], &nlen);
		json_t *whole = json_string(argv[i]);
		json_t *v = whole ? apicli_arg_value(is_kw ? argv[i] + nlen + 1
							   : argv[i])
				  : NULL;
		json_decref(whole);
		if (!v) {
			json_decref(args);
			json_decref(kwargs);
			*args_out = *kwargs_out = NULL;
			return err_set("argument '%s' is not valid UTF-8",
				       argv[i]);
		}
		if (is_kw) {
			char *name = xmemdupz(argv[i], nlen);
			json_object_set_new(kwargs, name, v);
			free(name);
		} else {
			json_array_append_new(args, v);
		}
	}
	*args_out = args;
	*kwargs_out = kwargs;
	return 0;
}

int apicli_batch_check(const char *s)
{
	size_t n = strspn(s, "0123456789");
	bool pct = s[n] == '%' && !s[n + 1];
	if (!n || (s[n] && !pct) || n > 9)
		return err_set("'%s' is not a count (N) or a percentage (P%%)",
			       s);
	long v = strtol(s, NULL, 10);
	if (v < 1 || (pct && v > 100))
		return err_set(
			"'%s' is out of range (1 or more, or 1%% to 100%%)", s);
	return 0;
}

/* ---- the outcome of a run ---- */

static size_t get_count(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;
	return n > 0 ? (size_t)n : 0;
}

int apicli_run_status(struct apicli_summary *out, json_t *done)
{
	out->targeted = get_count(done, "targeted");
	out->returned = get_count(done, "returned");
	out->failed = get_count(done, "failed");

	/* no_return ∪ skipped, each id once */
	struct arena a = ARENA_INIT;
	struct strmap seen;
	strmap_init(&seen, &a);
	size_t noret = 0;
	static const char *const lists[] = {"no_return", "skipped"};
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		json_t *arr = json_object_get(done, lists[l]), *id;
		size_t i;
		json_array_foreach(arr, i, id)
		{
			const char *s = json_string_value(id);
			if (!s || strmap_get(&seen, s))
				continue;
			strmap_put(&seen, arena_strdup(&a, s), &seen);
			noret++;
		}
	}
	arena_release(&a);
	if (out->targeted > out->returned &&
	    noret < out->targeted - out->returned)
		noret = out->targeted - out->returned;
	out->no_return = noret;

	if (!out->targeted)
		return APICLI_EXIT_NO_MATCH;
	if (out->no_return)
		return APICLI_EXIT_NO_RETURN;
	if (out->failed)
		return APICLI_EXIT_FAILED;
	return APICLI_EXIT_OK;
}

void apicli_summary_format(struct buf *out, const struct apicli_summary *s)
{
	buf_addf(out, "%zu targeted, %zu returned, %zu failed, %zu no return",
		 s->targeted, s->returned, s->failed, s->no_return);
}

/* ---- following a job ---- */

void apicli_job_init(struct apicli_job *j, bool batch)
{
	memset(j, 0, sizeof(*j));
	arena_init(&j->arena);
	strmap_init(&j->by_id, &j->arena);
	j->batch = batch;
}

void apicli_job_release(struct apicli_job *j)
{
	free(j->v);
	free(j->jid);
	arena_release(&j->arena);
	memset(j, 0, sizeof(*j));
}

struct apicli_minion *apicli_job_find(const struct apicli_job *j,
				      const char *id)
{
	return strmap_get(&j->by_id, id);
}

static void set_state(struct apicli_job *j, struct apicli_minion *m,
		      enum apicli_mstate st)
{
	j->count[m->state]--;
	m->state = st;
	j->count[st]++;
}

static struct apicli_minion *add_minion(struct apicli_job *j, const char *id,
					double now)
{
	struct apicli_minion *m = strmap_get(&j->by_id, id);
	if (m)
		return m;
	m = arena_alloc(&j->arena, sizeof(*m));
	m->id = arena_strdup(&j->arena, id);
	m->state = j->batch ? APICLI_M_QUEUED : APICLI_M_RUNNING;
	m->started = now;
	j->count[m->state]++;
	strmap_put(&j->by_id, m->id, m);
	ALLOC_GROW(j->v, j->n + 1, j->alloc);
	j->v[j->n++] = m;
	return m;
}

static const char *noret_why(const char *state)
{
	if (!strcmp(state, "offline"))
		return "offline";
	if (!strcmp(state, "skipped"))
		return "skipped";
	if (!strcmp(state, "timeout"))
		return "timeout";
	return NULL;
}

/* a minion that ended without a return (a return, even late, wins) */
static void end_noret(struct apicli_job *j, struct apicli_minion *m,
		      const char *why)
{
	if (m->state == APICLI_M_OK || m->state == APICLI_M_FAILED ||
	    m->state == APICLI_M_NORET)
		return; /* the first reason stays: offline, then timeout */
	m->why = why;
	set_state(j, m, APICLI_M_NORET);
}

static void add_list(struct apicli_job *j, json_t *arr, const char *why,
		     double now)
{
	json_t *id;
	size_t i;
	json_array_foreach(arr, i, id)
	{
		if (!json_is_string(id))
			continue;
		struct apicli_minion *m =
			add_minion(j, json_string_value(id), now);
		if (why)
			end_noret(j, m, why);
	}
}

struct apicli_minion *apicli_job_event(struct apicli_job *j, json_t *ev,
				       double now)
{
	const char *kind = json_string_value(json_object_get(ev, "event"));
	if (!kind)
		return NULL;
	if (!strcmp(kind, "job")) {
		const char *jid = json_string_value(json_object_get(ev, "jid"));
		if (jid && !j->jid)
			j->jid = xstrdup(jid);
		add_list(j, json_object_get(ev, "minions"), NULL, now);
		add_list(j, json_object_get(ev, "offline"), "offline", now);
		return NULL;
	}
	if (!strcmp(kind, "done")) {
		add_list(j, json_object_get(ev, "no_return"), "timeout", now);
		add_list(j, json_object_get(ev, "skipped"), "skipped", now);
		return NULL;
	}
	const char *id = json_string_value(json_object_get(ev, "id"));
	if (!id)
		return NULL;
	struct apicli_minion *m = add_minion(j, id, now);
	if (!strcmp(kind, "state")) {
		const char *st =
			json_string_value(json_object_get(ev, "state"));
		const char *why = st ? noret_why(st) : NULL;
		if (why) {
			end_noret(j, m, why);
		} else if (st && m->state == APICLI_M_QUEUED &&
			   (!strcmp(st, "delivered") ||
			    !strcmp(st, "running"))) {
			m->started = now;
			set_state(j, m, APICLI_M_RUNNING);
		}
	} else if (!strcmp(kind, "return")) {
		json_t *rc = json_object_get(ev, "retcode");
		bool ok =
			!rc || (json_is_integer(rc) && !json_integer_value(rc));
		m->why = NULL;
		set_state(j, m, ok ? APICLI_M_OK : APICLI_M_FAILED);
	} else {
		return NULL;
	}
	return m;
}

static void add_duration(struct buf *out, double secs)
{
	long s = secs > 0 ? (long)secs : 0;
	if (s < 60)
		buf_addf(out, "%lds", s);
	else if (s < 3600)
		buf_addf(out, "%ldm%02lds", s / 60, s % 60);
	else
		buf_addf(out, "%ldh%02ldm", s / 3600, s % 3600 / 60);
}

#define SLOWEST 3

void apicli_progress_render(struct buf *out, const struct apicli_job *j,
			    double now, size_t width)
{
	size_t start = out->len;
	size_t ended = j->count[APICLI_M_OK] + j->count[APICLI_M_FAILED] +
		       j->count[APICLI_M_NORET];
	buf_addf(out, "tend: %zu/%zu done, %zu running", ended, j->n,
		 j->count[APICLI_M_RUNNING]);
	if (j->batch)
		buf_addf(out, ", %zu queued", j->count[APICLI_M_QUEUED]);
	buf_addf(out, ", %zu failed", j->count[APICLI_M_FAILED]);
	if (j->count[APICLI_M_NORET])
		buf_addf(out, ", %zu no return", j->count[APICLI_M_NORET]);

	/* the running minions that started first, oldest first */
	const struct apicli_minion *slow[SLOWEST];
	size_t nslow = 0;
	for (size_t i = 0; i < j->n; i++) {
		const struct apicli_minion *m = j->v[i];
		if (m->state != APICLI_M_RUNNING)
			continue;
		size_t k = nslow < SLOWEST ? nslow++ : SLOWEST;
		while (k > 0 && slow[k - 1]->started > m->started) {
			if (k < SLOWEST)
				slow[k] = slow[k - 1];
			k--;
		}
		if (k < SLOWEST)
			slow[k] = m;
	}
	for (size_t i = 0; i < nslow; i++) {
		size_t before = out->len;
		buf_addstr(out, i ? ", " : "; slowest: ");
		buf_addstr(out, slow[i]->id);
		buf_addch(out, ' ');
		add_duration(out, now - slow[i]->started);
		if (width && out->len - start > width) {
			buf_setlen(out, before);
			break;
		}
	}
	if (width && out->len - start > width)
		buf_setlen(out, start + width);
}

const char *apicli_noret_message(const char *why)
{
	if (why && !strcmp(why, "offline"))
		return "Minion did not return. [Not connected]";
	if (why && !strcmp(why, "skipped"))
		return "Minion did not return. [Skipped]";
	return "Minion did not return. [No response]";
}
