/* SPDX-License-Identifier: MIT */
/* facts_external.c: facts.d files (text, JSON, YAML, programs), JSON facts */
#include "util/compat.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>
#include "facts/facts.h"
#include "facts/json_value.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/log.h"
#include "util/xalloc.h"

extern char **environ;

#define EXEC_TIMEOUT_MS 30000 /* an executable fact that hangs is killed */
#define EXEC_MAX_OUTPUT (16u << 20) /* and so is one that floods stdout */
#define YAML_MAX_DEPTH 256

static void warn(const struct facts_opts *o, const char *fmt, ...)
	PRINTF_LIKE(2, 3);
static void warn(const struct facts_opts *o, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	if (o && o->warn)
		o->warn(m.ptr, o->warn_payload);
	else
		log_warning("%s", m.ptr);
	buf_release(&m);
}

/* ---- YAML scalars, typed as Psych 4 (Ruby 3.1) types them ---- */

static bool eq_ci(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !strncasecmp(s, w, len);
}

/* Psych's [[:alpha:]_\s!@#$%^&*(){}<>|/\~;=]; bytes >= 0x80 count as letters.
 */
static bool wordy_char(unsigned char c)
{
	return isalpha(c) || c >= 0x80 || isspace(c) ||
	       (c && strchr("_!@#$%^&*(){}<>|/\\~;=", c));
}

/* [-+]? then digits, each '_' or ',' single and between digits (Psych's base
 * 10). */
static bool is_decimal(const char *s, size_t len)
{
	size_t i = (len && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	if (i == len)
		return false;
	if (s[i] == '0')
		return i + 1 == len;
	for (size_t j = i; j < len; j++) {
		if (isdigit((unsigned char)s[j]))
			continue;
		if ((s[j] == '_' || s[j] == ',') && j > i && j + 1 < len &&
		    isdigit((unsigned char)s[j + 1]))
			continue;
		return false;
	}
	return true;
}

/* [-+]? `prefix` then one or more of `set`, '_' or ','. */
static bool is_prefixed(const char *s, size_t len, const char *prefix,
			const char *set)
{
	size_t i = (len && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	size_t pl = strlen(prefix);
	if (len - i <= pl || strncmp(s + i, prefix, pl))
		return false;
	for (size_t j = i + pl; j < len; j++)
		if (!strchr(set, s[j]) && s[j] != '_' && s[j] != ',')
			return false;
	return true;
}

/* The text without '_' and ',', NUL-terminated, in `b`. */
static const char *strip_seps(struct buf *b, const char *s, size_t len)
{
	buf_reset(b);
	for (size_t i = 0; i < len; i++)
		if (s[i] != '_' && s[i] != ',')
			buf_addch(b, s[i]);
	return b->ptr;
}

/* [-+]?[0-9][0-9_,]*?\.[0-9]*([eE][-+][0-9]+)?, not just a sign and a dot. */
static bool is_float(const char *s, size_t len)
{
	size_t i = (len && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	size_t start = i;
	if (i < len && isdigit((unsigned char)s[i]))
		while (i < len && (isdigit((unsigned char)s[i]) ||
				   s[i] == '_' || s[i] == ','))
			i++;
	if (i == len || s[i] != '.')
		return false;
	if (i == start && len == start + 1)
		return false;
	i++;
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i == len || (s[i] != '-' && s[i] != '+'))
			return false;
		i++;
		if (i == len)
			return false;
		while (i < len && isdigit((unsigned char)s[i]))
			i++;
	}
	return i == len;
}

/* [-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}: YAML 1.1's base 60, Psych-computed. */
static bool sexagesimal(const char *s, size_t len, int64_t *out)
{
	size_t i = (len && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
	if (i == len || !isdigit((unsigned char)s[i]))
		return false;
	int64_t parts[3];
	int n = 0;
	int64_t cur = 0;
	bool neg = s[0] == '-';
	size_t seg = i;
	for (; i <= len; i++) {
		if (i == len || s[i] == ':') {
			if (n == 3 || i == seg)
				return false;
			if (n > 0 &&
			    (i - seg > 2 || (i - seg == 2 && s[seg] > '5')))
				return false;
			parts[n++] = cur;
			cur = 0;
			seg = i + 1;
			continue;
		}
		if (s[i] == '_' && n == 0 && i > seg)
			continue;
		if (!isdigit((unsigned char)s[i]) || cur > INT64_MAX / 100)
			return false;
		cur = cur * 10 + (s[i] - '0');
	}
	if (n < 2)
		return false;
	/* Psych sums n * 60**|e - 2|, with the sign on the first part only */
	int64_t total = 0;
	for (int e = 0; e < n; e++) {
		int64_t m = e == 2 ? 1 : (e == 1 ? 60 : 3600);
		int64_t p = (e == 0 && neg) ? -parts[e] : parts[e];
		total += p * m;
	}
	*out = total;
	return true;
}

struct value *facts_yaml_scalar(struct arena *a, const char *s, size_t len)
{
	if (!len)
		return val_undef();

	/* words: null, booleans, else strings */
	bool wordy = wordy_char((unsigned char)s[0]) ||
		     (len > 1 && !isdigit((unsigned char)s[0]) &&
		      !strchr(".:-", s[0]) && wordy_char((unsigned char)s[1]));
	if (wordy || memchr(s, '\n', len)) {
		if (len > 5 || !strchr("ytonf~YTONF", s[0]))
			return val_str(a, s, len);
		if (eq_ci(s, len, "~") || eq_ci(s, len, "null"))
			return val_undef();
		if (eq_ci(s, len, "yes") || eq_ci(s, len, "true") ||
		    eq_ci(s, len, "on"))
			return val_bool(true);
		if (eq_ci(s, len, "no") || eq_ci(s, len, "false") ||
		    eq_ci(s, len, "off"))
			return val_bool(false);
		return val_str(a, s, len);
	}

	/* dates, .inf/.nan and :symbols stay strings, as they reach Puppet
	 * through Facter's JSON */
	struct buf b = BUF_INIT;
	struct value *v = NULL;
	int64_t i64;
	if (s[0] == ':') {
		v = NULL;
	} else if (sexagesimal(s, len, &i64)) {
		v = val_int(a, i64);
	} else if (is_float(s, len)) {
		const char *t = strip_seps(&b, s, len);
		v = val_float(a, strtod(t, NULL));
	} else if (is_decimal(s, len) ||
		   is_prefixed(s, len, "0x", "0123456789abcdefABCDEF") ||
		   is_prefixed(s, len, "0b", "01") ||
		   is_prefixed(s, len, "0", "01234567")) {
		const char *t = strip_seps(&b, s, len);
		bool neg = t[0] == '-';
		if (t[0] == '-' || t[0] == '+')
			t++;
		int base = 10;
		if (t[0] == '0' && (t[1] == 'x' || t[1] == 'b'))
			base = t[1] == 'x' ? 16 : 2, t += 2;
		else if (t[0] == '0' && t[1])
			base = 8, t++;
		errno = 0;
		char *end;
		unsigned long long u = strtoull(t, &end, base);
		if (!errno && !*end && u <= (unsigned long long)INT64_MAX + neg)
			v = val_int(a, neg ? (int64_t)(0 - u) : (int64_t)u);
	}
	buf_release(&b);
	return v ? v : val_str(a, s, len);
}

/* ---- YAML documents ---- */

struct yconv {
	struct arena *a;
	yaml_document_t *doc;
	struct value **memo; /* by node id - 1: values already built (aliases
				share them) */
	char *busy; /* by node id - 1: being built, so an alias to it is a cycle
		     */
	size_t nnodes;
};

static struct value *ynode(struct yconv *y, int id, int depth, struct buf *err);

/* A mapping key as a string: the scalar's text, or the value's to_s. */
static struct value *ykey(struct yconv *y, int id, int depth, struct buf *err)
{
	yaml_node_t *n = yaml_document_get_node(y->doc, id);
	if (n && n->type == YAML_SCALAR_NODE)
		return val_str(y->a, (const char *)n->data.scalar.value,
			       n->data.scalar.length);
	struct value *k = ynode(y, id, depth, err);
	if (!k)
		return NULL;
	struct buf s = BUF_INIT;
	val_to_s(&s, k);
	struct value *r = val_str_buf(y->a, &s);
	buf_release(&s);
	return r;
}

static struct value *ynode(struct yconv *y, int id, int depth, struct buf *err)
{
	yaml_node_t *n = yaml_document_get_node(y->doc, id);
	if (!n || (size_t)id > y->nnodes) {
		buf_addstr(err, "dangling alias");
		return NULL;
	}
	if (y->memo[id - 1])
		return y->memo[id - 1];
	if (y->busy[id - 1]) {
		buf_addf(err, "recursive alias at line %zu",
			 n->start_mark.line + 1);
		return NULL;
	}
	if (depth > YAML_MAX_DEPTH) {
		buf_addf(err, "nested too deeply at line %zu",
			 n->start_mark.line + 1);
		return NULL;
	}
	y->busy[id - 1] = 1;
	struct value *v = NULL;
	switch (n->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)n->data.scalar.value;
		size_t len = n->data.scalar.length;
		if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			v = facts_yaml_scalar(y->a, s, len);
		else
			v = val_str(y->a, s, len);
		break;
	}
	case YAML_SEQUENCE_NODE: {
		yaml_node_item_t *it = n->data.sequence.items.start;
		yaml_node_item_t *top = n->data.sequence.items.top;
		v = val_array(y->a, (size_t)(top - it));
		for (; it < top; it++) {
			struct value *e = ynode(y, *it, depth + 1, err);
			if (!e) {
				v = NULL;
				break;
			}
			val_array_push(y->a, v, e);
		}
		break;
	}
	case YAML_MAPPING_NODE: {
		yaml_node_pair_t *p = n->data.mapping.pairs.start;
		yaml_node_pair_t *top = n->data.mapping.pairs.top;
		v = val_hash(y->a, (size_t)(top - p));
		for (; p < top; p++) {
			struct value *k = ykey(y, p->key, depth + 1, err);
			struct value *e = k ? ynode(y, p->value, depth + 1, err)
					    : NULL;
			if (!e) {
				v = NULL;
				break;
			}
			val_hash_set(y->a, v, k, e);
		}
		break;
	}
	case YAML_NO_NODE:
		buf_addstr(err, "empty node");
		break;
	}
	y->busy[id - 1] = 0;
	y->memo[id - 1] = v;
	return v;
}

/*
 * The first YAML document of `text`; *out is NULL for an empty document.
 * -1 with the reason ("... at line L, column C") in `err`.
 */
int facts_yaml_load(struct value **out, struct arena *a, const char *text,
			    size_t len, struct buf *err)
{
	yaml_parser_t p;
	yaml_document_t doc;
	int error = 0;

	*out = NULL;
	if (!yaml_parser_initialize(&p))
		BUG("yaml_parser_initialize failed");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &doc)) {
		buf_addf(err, "%s at line %zu, column %zu",
			 p.problem ? p.problem : "invalid YAML",
			 p.problem_mark.line + 1, p.problem_mark.column + 1);
		yaml_parser_delete(&p);
		return -1;
	}
	if (yaml_document_get_root_node(&doc)) {
		struct yconv y = { a, &doc, NULL, NULL, 0 };
		y.nnodes = (size_t)(doc.nodes.top - doc.nodes.start);
		y.memo = xcalloc(y.nnodes, sizeof(*y.memo));
		y.busy = xcalloc(y.nnodes, 1);
		*out = ynode(&y, 1, 0, err);
		if (!*out)
			error = -1;
		free(y.memo);
		free(y.busy);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	return error;
}

/* ---- the file formats ---- */

/* key=value lines, as Facter's /^(.+?)=(.+)$/; '#' lines are comments. */
static struct value *parse_kv(struct arena *a, const char *text, size_t len)
{
	struct value *h = val_hash(a, 8);
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ll = (size_t)(le - p);
		if (ll && p[ll - 1] == '\r')
			ll--;
		const char *eq = ll > 1 ? memchr(p + 1, '=', ll - 1) : NULL;
		if (p[0] != '#' && eq && eq + 1 < p + ll)
			val_hash_set(a, h, val_str(a, p, (size_t)(eq - p)),
				     val_str(a, eq + 1,
					     (size_t)(p + ll - eq - 1)));
		p = nl ? nl + 1 : end;
	}
	return h;
}

static struct value *parse_json_facts(struct arena *a, const char *path,
				      const struct buf *b,
				      const struct facts_opts *o)
{
	json_error_t je;
	json_t *j = json_loadb(b->ptr, b->len, 0, &je);
	if (!j) {
		warn(o,
		     "cannot parse external facts '%s': %s at line %d, column %d",
		     path, je.text, je.line, je.column);
		return NULL;
	}
	struct value *v = NULL;
	if (json_is_object(j))
		v = jv_from_json(a, j);
	else
		warn(o, "cannot use external facts '%s': not a JSON object",
		     path);
	json_decref(j);
	return v;
}

static struct value *parse_yaml_facts(struct arena *a, const char *path,
				      const char *text, size_t len,
				      const struct facts_opts *o)
{
	struct buf err = BUF_INIT;
	struct value *v;
	if (facts_yaml_load(&v, a, text, len, &err) < 0) {
		warn(o, "cannot parse external facts '%s': %s", path, err.ptr);
		v = NULL;
	} else if (v && v->kind != VAL_HASH) {
		warn(o, "cannot use external facts '%s': not a YAML mapping",
		     path);
		v = NULL;
	} else if (!v) {
		v = val_hash(a, 0);
	}
	buf_release(&err);
	return v;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int spawn(pid_t *pid, const char *path, int out_fd, int err_fd,
		 bool via_sh)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
	/* a daemon's sockets stay out of the fact's reach */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	/* its own process group, so that a timeout kills what it started */
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	char *argv[] = { (char *)"/bin/sh", (char *)path, NULL };
	char **av = via_sh ? argv : argv + 1;
	int rc = posix_spawn(pid, av[0], &fa, &attr, av, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/*
 * Runs `path` with no arguments and stdin from /dev/null, collecting
 * stdout and stderr; a script without "#!" runs under /bin/sh, as Ruby
 * runs it for Facter. Returns the wait status, or -1 (warned).
 */
static int run(struct buf *out, struct buf *errout, const char *path,
	       const struct facts_opts *o)
{
	int op[2], ep[2];
	if (pipe2(op, O_CLOEXEC) < 0)
		goto pipe_failed;
	if (pipe2(ep, O_CLOEXEC) < 0) {
		close(op[0]);
		close(op[1]);
		goto pipe_failed;
	}
	pid_t pid;
	int rc = spawn(&pid, path, op[1], ep[1], false);
	if (rc == ENOEXEC)
		rc = spawn(&pid, path, op[1], ep[1], true);
	close(op[1]);
	close(ep[1]);
	if (rc) {
		close(op[0]);
		close(ep[0]);
		warn(o, "cannot run external fact '%s': %s", path,
		     strerror(rc));
		return -1;
	}

	struct pollfd pf[2] = { { op[0], POLLIN, 0 }, { ep[0], POLLIN, 0 } };
	int64_t deadline = now_ms() + EXEC_TIMEOUT_MS;
	bool killed = false;
	while (pf[0].fd >= 0 || pf[1].fd >= 0) {
		int64_t left = deadline - now_ms();
		if (left <= 0 || out->len + errout->len > EXEC_MAX_OUTPUT) {
			kill(-pid, SIGKILL);
			killed = true;
			break;
		}
		int n = poll(pf, 2, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (int i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || !pf[i].revents)
				continue;
			char chunk[8192];
			ssize_t r = read(pf[i].fd, chunk, sizeof(chunk));
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				close(pf[i].fd);
				pf[i].fd = -1;
				continue;
			}
			buf_add(i ? errout : out, chunk, (size_t)r);
		}
	}
	for (int i = 0; i < 2; i++)
		if (pf[i].fd >= 0)
			close(pf[i].fd);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (killed) {
		warn(o,
		     "external fact '%s' killed: no result within %d seconds or more than %u bytes of output",
		     path, EXEC_TIMEOUT_MS / 1000, EXEC_MAX_OUTPUT);
		return -1;
	}
	return status;

pipe_failed:
	warn(o, "cannot run external fact '%s': %s", path, strerror(errno));
	return -1;
}

static struct value *exec_facts(struct arena *a, const char *path,
				const struct facts_opts *o)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct value *v = NULL;
	int status = run(&out, &err, path, o);

	if (status < 0)
		goto done;
	/* stderr lines are passed on, one warning each */
	const char *p = err.ptr, *end = err.ptr + err.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = (size_t)((nl ? nl : end) - p);
		if (ll)
			warn(o, "external fact '%s': %.*s", path, (int)ll, p);
		p = nl ? nl + 1 : end;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status))
		log_verbose("external fact '%s' exited with status %d", path,
			    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		log_verbose("external fact '%s' killed by signal %d", path,
			    WTERMSIG(status));

	/* a YAML (or JSON) mapping, else key=value lines */
	struct buf yerr = BUF_INIT;
	if (facts_yaml_load(&v, a, out.ptr, out.len, &yerr) < 0 || !v ||
	    v->kind != VAL_HASH)
		v = parse_kv(a, out.ptr, out.len);
	buf_release(&yerr);
done:
	buf_release(&out);
	buf_release(&err);
	return v;
}

static bool has_ext(const char *name, const char *ext)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name && !strcasecmp(dot + 1, ext);
}

/* Facts of one file, or NULL (warned, or not a facts file). */
static struct value *load_file(struct arena *a, const char *path,
			       const char *name, const struct facts_opts *o)
{
	struct stat st;
	struct buf b = BUF_INIT;
	struct value *v = NULL;

	if (stat(path, &st) < 0) {
		warn(o, "cannot read external facts '%s': %s", path,
		     strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode))
		return NULL;

	bool is_txt = has_ext(name, "txt"), is_json = has_ext(name, "json"),
	     is_yaml = has_ext(name, "yaml") || has_ext(name, "yml");
	if (!is_txt && !is_json && !is_yaml) {
		if (access(path, X_OK) == 0 && (st.st_mode & 0111))
			return exec_facts(a, path, o);
		log_debug(
			"skipping external facts '%s': not executable and no known extension",
			path);
		return NULL;
	}
	if (file_read(&b, path) < 0) {
		warn(o, "cannot read external facts '%s': %s", path,
		     err_last());
		goto out;
	}
	if (is_txt)
		v = parse_kv(a, b.ptr, b.len);
	else if (is_json)
		v = parse_json_facts(a, path, &b, o);
	else
		v = parse_yaml_facts(a, path, b.ptr, b.len, o);
out:
	buf_release(&b);
	return v;
}

/* Sets each entry of `h` as a top-level fact, its name lowercased. */
static int merge(struct value *facts, struct arena *a, const struct value *h)
{
	int n = 0;
	struct buf name = BUF_INIT;
	for (size_t i = 0; i < h->u.h.n; i++) {
		const struct value *k = h->u.h.e[i].key;
		buf_reset(&name);
		if (k->kind == VAL_STRING)
			buf_add(&name, k->u.s.ptr, k->u.s.len);
		else
			val_to_s(&name, k);
		if (!name.len)
			continue;
		for (size_t j = 0; j < name.len; j++)
			name.ptr[j] = (char)tolower((unsigned char)name.ptr[j]);
		val_hash_set(a, facts, val_str(a, name.ptr, name.len),
			     h->u.h.e[i].val);
		n++;
	}
	buf_release(&name);
	return n;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(struct value *facts, struct arena *a, const char *dir,
		    bool quiet_missing, const struct facts_opts *o)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (!(quiet_missing && (errno == ENOENT || errno == ENOTDIR)))
			warn(o, "cannot read external facts directory '%s': %s",
			     dir, strerror(errno));
		return 0;
	}
	char **names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		ALLOC_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);

	int count = 0;
	struct buf path = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, names[i]);
		struct value *v = load_file(a, path.ptr, names[i], o);
		if (v)
			count += merge(facts, a, v);
		free(names[i]);
	}
	free(names);
	buf_release(&path);
	return count;
}

int facts_external_load(struct value *facts, struct arena *a, const char *dirs,
			bool quiet_missing, const struct facts_opts *o)
{
	int count = 0;
	struct buf dir = BUF_INIT;
	const char *p = dirs;
	while (p && *p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len) {
			buf_reset(&dir);
			buf_add(&dir, p, len);
			count += load_dir(facts, a, dir.ptr, quiet_missing, o);
		}
		p = colon ? colon + 1 : NULL;
	}
	buf_release(&dir);
	return count;
}

int facts_load_json(struct value **out, struct arena *a, const char *path)
{
	struct buf b = BUF_INIT;
	json_t *j = NULL;
	json_error_t je;
	int error;

	if ((error = file_read(&b, path)) < 0)
		goto out;
	j = json_loadb(b.ptr, b.len, 0, &je);
	if (!j) {
		error = err_set(
			"cannot parse facts '%s': %s at line %d, column %d",
			path, je.text, je.line, je.column);
		goto out;
	}
	if (!json_is_object(j)) {
		error = err_set("cannot use facts '%s': not a JSON object",
				path);
		goto out;
	}
	/* Puppet's shape: {"name": CERT, "values": {...}, "timestamp": ...} */
	json_t *values = json_object_get(j, "values");
	if (json_is_object(values) &&
	    json_is_string(json_object_get(j, "name")))
		*out = jv_from_json(a, values);
	else
		*out = jv_from_json(a, j);
out:
	json_decref(j);
	buf_release(&b);
	return error;
}
