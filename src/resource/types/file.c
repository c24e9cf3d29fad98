/* SPDX-License-Identifier: MIT */
/* file.c: the file resource type (files, directories, links; content, source, mode, owner) */
#include "util/compat.h"
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/filebucket.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diff.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/hash.h"

/*
 * How one file resource is synced:
 *
 * 1. The parameters are read into `struct fdesired` (validate() checks the
 *    same rules first, so sync() only fails on the machine's state). The
 *    desired ensure comes from `ensure`, else `file` when content or source
 *    is given, `link` when target is, and is left unmanaged otherwise (then
 *    only attributes of an existing file are synced, as Puppet does).
 * 2. A `source` (a local path, file:// or puppet:///modules/M/F searched in
 *    the modulepath as M/files/F) is read once: a file's bytes become the
 *    desired content; a directory makes ensure `directory` and, with
 *    recurse, its tree is copied (and with purge, what it lacks removed),
 *    each entry a File resource of its own as Puppet generates them
 *    (rstate_child: its events, its failure), in path order.
 * 3. The current state is read with lstat (links are managed, not
 *    followed), through the parent directory kept open (rtype_dir_at),
 *    and a regular file's bytes with one read of its size; content is
 *    compared byte for byte, hashed only for the messages of a change.
 *    When the type differs, the old entry is backed up (files),
 *    removed (directories only with force) and the new one created; that
 *    is a single `ensure` event, attributes included, as in Puppet.
 * 4. Otherwise each property is compared and fixed in Puppet's order:
 *    content (backup to the filebucket, unified diff on the event), target,
 *    owner, group, mode.
 * 5. Content is always written to a temporary file in the same directory,
 *    given its mode and owner, and renamed over the path, so a SIGKILL at
 *    any point leaves the old or the new content. In a run the writes are
 *    staged (rtype_stage_add): flushed with one syncfs, renamed, flushed
 *    again; otherwise each is fsynced before its rename.
 *
 * With c->noop nothing on disk changes; the events (and diffs) are the same.
 */

struct fdesired {
	const char *path;    /* as declared, for messages */
	const char *fs;	     /* with c->root prefixed, for system calls */
	const char *ensure;  /* absent present file directory link, or NULL */
	const char *target;  /* link target */
	const char *content; /* desired bytes, when has_content */
	size_t content_len;
	bool has_content;
	bool content_from_source;
	const char *source_dir;	   /* a source that is a directory */
	const char *mode;	   /* as given, or NULL */
	const char *owner, *group; /* as given, or NULL */
	uid_t uid;
	gid_t gid;
	bool replace, force, purge, show_diff;
	bool recurse;
	int recurselimit;     /* -1: none */
	const char *backup;   /* NULL none; ".suffix"; else the local bucket */
	const char *checksum; /* "sha256" or "md5" in messages */
};

struct fsync_ctx {
	struct rtype_ctx *c;
	const struct resource *r;
	struct rstate *st;
	struct fdesired d;
};

static const char *const known_params[] = {
	"path",
	"ensure",
	"content",
	"source",
	"owner",
	"group",
	"mode",
	"target",
	"replace",
	"backup",
	"recurse",
	"recurselimit",
	"purge",
	"force",
	"checksum",
	"checksum_value",
	"show_diff",
	"links",
	"ignore",
	"sourceselect",
	"source_permissions",
	"validate_cmd",
	"validate_replacement",
	"max_files",
	"provider",
	"selinux_ignore_defaults",
	"seluser",
	"selrole",
	"seltype",
	"selrange",
	"ctime",
	"mtime",
	"type",
};

/* ---- small helpers ---- */

static const char *afmt(struct rtype_ctx *c, const char *fmt, ...)
	PRINTF_LIKE(2, 3);
static const char *afmt(struct rtype_ctx *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	const char *s = arena_memdupz(c->arena, b.ptr, b.len);
	buf_release(&b);
	return s;
}

/* "{sha256}<hex>" or "{md5}<hex>": only for the events, which copy it */
#define CHECKSUM_SZ (sizeof("{sha256}") + HASH_SHA256_HEXSZ)

static const char *checksum_of(char out[CHECKSUM_SZ], struct fsync_ctx *fx,
			       const void *p, size_t n)
{
	if (!strcmp(fx->d.checksum, "md5")) {
		char hex[HASH_MD5_HEXSZ];
		hash_md5_hex(hex, p, n);
		snprintf(out, CHECKSUM_SZ, "{md5}%s", hex);
		return out;
	}
	char hex[HASH_SHA256_HEXSZ];
	hash_sha256_hex(hex, p, n);
	snprintf(out, CHECKSUM_SZ, "{sha256}%s", hex);
	return out;
}

static const char *type_of(const struct stat *sb)
{
	if (S_ISREG(sb->st_mode))
		return "file";
	if (S_ISDIR(sb->st_mode))
		return "directory";
	if (S_ISLNK(sb->st_mode))
		return "link";
	if (S_ISFIFO(sb->st_mode))
		return "fifo";
	if (S_ISSOCK(sb->st_mode))
		return "socket";
	return "unknown";
}

static bool is_octal(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (s[n] < '0' || s[n] > '7')
			return false;
	return n >= 1 && n <= 4;
}

/*
 * Symbolic modes as chmod(1) and Puppet take them: clauses separated by
 * commas, each [ugoa]* then one or more [+-=][rwxXst]* or [+-=][ugo].
 * `cur` is the current mode (0 for a new file). Returns 0 or -1.
 */
static int symbolic_mode(mode_t *out, const char *s, mode_t cur, bool is_dir)
{
	mode_t m = cur & 07777;
	const char *p = s;
	for (;;) {
		mode_t who = 0;
		for (; *p && strchr("ugoa", *p); p++) {
			who |= *p == 'u'   ? 04700
			       : *p == 'g' ? 02070
			       : *p == 'o' ? 01007
					   : 07777;
		}
		if (!who)
			who = 07777;
		if (!*p || !strchr("+-=", *p))
			return -1;
		while (*p && strchr("+-=", *p)) {
			char op = *p++;
			mode_t bits = 0;
			if (*p && strchr("ugo", *p)) {
				mode_t src = *p == 'u'	 ? (m >> 6) & 7
					     : *p == 'g' ? (m >> 3) & 7
							 : m & 7;
				bits = src * 0111;
				p++;
			} else {
				for (; *p && strchr("rwxXst", *p); p++) {
					switch (*p) {
					case 'r':
						bits |= 0444;
						break;
					case 'w':
						bits |= 0222;
						break;
					case 'x':
						bits |= 0111;
						break;
					case 'X':
						if (is_dir || (m & 0111))
							bits |= 0111;
						break;
					case 's':
						bits |= 06000;
						break;
					case 't':
						bits |= 01000;
						break;
					}
				}
			}
			bits &= who;
			if (op == '+')
				m |= bits;
			else if (op == '-')
				m &= ~bits;
			else
				m = (m & ~(who & 0777)) | bits;
		}
		if (!*p)
			break;
		if (*p != ',')
			return -1;
		p++;
	}
	*out = m;
	return 0;
}

/*
 * The mode `spec` asks for, given the current mode. A numeric mode on a
 * directory gets search permission wherever read is set, as in Puppet.
 */
static int desired_mode(mode_t *out, const char *spec, mode_t cur, bool is_dir)
{
	if (is_octal(spec)) {
		mode_t m = (mode_t)strtoul(spec, NULL, 8);
		if (is_dir) {
			if (m & 0400)
				m |= 0100;
			if (m & 040)
				m |= 010;
			if (m & 04)
				m |= 01;
		}
		*out = m;
		return 0;
	}
	return symbolic_mode(out, spec, cur, is_dir);
}

static bool mode_valid(const char *spec)
{
	mode_t m;
	return desired_mode(&m, spec, 0644, false) == 0;
}

static int resolve_owner(uid_t *out, const char *s)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(s, &end, 10);
	if (*s && !*end && !errno) {
		*out = (uid_t)n;
		return 0;
	}
	struct passwd *pw = getpwnam(s);
	if (!pw)
		return -1;
	*out = pw->pw_uid;
	return 0;
}

static int resolve_group(gid_t *out, const char *s)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(s, &end, 10);
	if (*s && !*end && !errno) {
		*out = (gid_t)n;
		return 0;
	}
	struct group *gr = getgrnam(s);
	if (!gr)
		return -1;
	*out = gr->gr_gid;
	return 0;
}

static const char *owner_name(struct rtype_ctx *c, uid_t uid)
{
	struct passwd *pw = getpwuid(uid);
	return pw ? arena_strdup(c->arena, pw->pw_name)
		  : afmt(c, "%lu", (unsigned long)uid);
}

static const char *group_name(struct rtype_ctx *c, gid_t gid)
{
	struct group *gr = getgrgid(gid);
	return gr ? arena_strdup(c->arena, gr->gr_name)
		  : afmt(c, "%lu", (unsigned long)gid);
}

static const char *join_root(struct rtype_ctx *c, const char *path)
{
	if (!c->root || !*c->root || !strcmp(c->root, "/"))
		return path;
	return afmt(c, "%s%s", c->root, path);
}

/* The path without trailing slashes (but "/" stays). */
static const char *trim_slashes(struct rtype_ctx *c, const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	return n == strlen(p) ? p : arena_memdupz(c->arena, p, n);
}

/* ---- sources ---- */

/*
 * The local path for a source value, or NULL with *why set. puppet:///
 * URLs are looked up in c->modulepath (colon-separated): the first
 * M/files/F that exists.
 */
static const char *source_local(struct rtype_ctx *c, const char *src,
				const char **why)
{
	if (!strncmp(src, "file://", 7)) {
		const char *p = src + 7;
		if (!strncmp(p, "localhost/", 10))
			p += 9;
		return join_root(c, p);
	}
	if (src[0] == '/')
		return join_root(c, src);
	if (!strncmp(src, "puppet://", 9)) {
		const char *p = src + 9;
		p = strchr(p, '/'); /* skip the (empty) server */
		if (!p || strncmp(p, "/modules/", 9)) {
			*why = afmt(c,
				    "unsupported source '%s': only puppet:///modules/ URLs are served",
				    src);
			return NULL;
		}
		p += 9;
		const char *slash = strchr(p, '/');
		if (!slash || !slash[1]) {
			*why = afmt(c, "invalid source '%s'", src);
			return NULL;
		}
		const char *mp = c->modulepath ? c->modulepath : "";
		while (*mp) {
			const char *colon = strchr(mp, ':');
			size_t n = colon ? (size_t)(colon - mp) : strlen(mp);
			if (n) {
				const char *cand = afmt(
					c, "%.*s/%.*s/files/%s", (int)n, mp,
					(int)(slash - p), p, slash + 1);
				if (access(cand, F_OK) == 0)
					return cand;
			}
			mp += n;
			if (*mp == ':')
				mp++;
		}
		*why = afmt(c, "could not find source '%s' in the modulepath",
			    src);
		return NULL;
	}
	*why = afmt(c, "cannot use relative source '%s'", src);
	return NULL;
}

/* Reads the source (first of an array that exists) into d. */
static int load_source(struct fsync_ctx *fx, const struct value *v)
{
	struct rtype_ctx *c = fx->c;
	const char *why = NULL;
	size_t n = v->kind == VAL_ARRAY ? v->u.arr.n : 1;
	for (size_t i = 0; i < n; i++) {
		const struct value *e =
			v->kind == VAL_ARRAY ? v->u.arr.v[i] : v;
		if (e->kind != VAL_STRING)
			continue;
		const char *local = source_local(c, e->u.s.ptr, &why);
		if (!local)
			continue;
		struct stat sb;
		if (stat(local, &sb) < 0) {
			why = afmt(c, "could not find source '%s'", e->u.s.ptr);
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			fx->d.source_dir = local;
			return 0;
		}
		struct buf b = BUF_INIT;
		if (file_read(&b, local) < 0) {
			buf_release(&b);
			return rstate_fail(c, fx->st, "%s", err_last());
		}
		fx->d.content = arena_memdupz(c->arena, b.ptr, b.len);
		fx->d.content_len = b.len;
		fx->d.has_content = true;
		fx->d.content_from_source = true;
		buf_release(&b);
		return 0;
	}
	return rstate_fail(c, fx->st, "%s", why ? why : "no usable source");
}

/* ---- writing ---- */

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void dir_of(struct buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		buf_addch(out, '.');
	else
		buf_add(out, path, slash == path ? 1 : (size_t)(slash - path));
}

static void fsync_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
}

/*
 * Replaces `fs` with `data` atomically: a temporary file in the same
 * directory gets the bytes, the owner (uid/gid, (uid_t)-1 to keep ours)
 * and then the mode, is fsynced and renamed over fs. Returns 0 or -1 with
 * err_last() ("cannot write '/x': ...").
 */
static int write_atomic(struct fsync_ctx *fx, const char *fs, const void *data,
			size_t len, mode_t mode, uid_t uid, gid_t gid)
{
	struct buf dir = BUF_INIT, tmp = BUF_INIT;
	int fd = -1, error = -1;
	const char *slash = strrchr(fs, '/');

	dir_of(&dir, fs);
	buf_addf(&tmp, "%s/.%s.tend-XXXXXX", dir.ptr, slash ? slash + 1 : fs);
	fd = mkostemp(tmp.ptr, O_CLOEXEC);
	if (fd < 0) {
		buf_reset(&tmp);
		err_set("cannot write '%s': %s", fs, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) < 0) {
		err_set("cannot write '%s': %s", fs, strerror(errno));
		goto out;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    fchown(fd, uid, gid) < 0) {
		err_set("cannot change owner of '%s': %s", fs, strerror(errno));
		goto out;
	}
	/* staged: the transaction flushes and renames many files at once */
	bool staged = fx && fx->c->stage;
	if (fchmod(fd, mode) < 0 || (!staged && fsync(fd) < 0)) {
		err_set("cannot write '%s': %s", fs, strerror(errno));
		goto out;
	}
	int rc = close(fd);
	fd = -1;
	if (rc < 0) {
		err_set("cannot write '%s': %s", fs, strerror(errno));
		goto out;
	}
	if (staged) {
		rtype_stage_add(fx->c->stage, tmp.ptr, fs, fx->st);
		buf_reset(&tmp);
		error = 0;
		goto out;
	}
	if (rename(tmp.ptr, fs) < 0) {
		err_set("cannot write '%s': %s", fs, strerror(errno));
		goto out;
	}
	buf_reset(&tmp);
	fsync_dir(dir.ptr);
	error = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.ptr);
	buf_release(&dir);
	buf_release(&tmp);
	return error;
}

/* Replaces (or creates) `fs` with a symlink to `target`, atomically. */
static int link_atomic(const char *fs, const char *target)
{
	struct buf tmp = BUF_INIT;
	int error = -1;
	for (unsigned i = 0; i < 100; i++) {
		buf_reset(&tmp);
		buf_addf(&tmp, "%s.tend-link-%ld-%u", fs, (long)getpid(), i);
		if (symlink(target, tmp.ptr) == 0)
			break;
		if (errno != EEXIST) {
			err_set("cannot create link '%s': %s", fs,
				strerror(errno));
			buf_reset(&tmp);
			goto out;
		}
	}
	if (rename(tmp.ptr, fs) < 0) {
		err_set("cannot create link '%s': %s", fs, strerror(errno));
		goto out;
	}
	buf_reset(&tmp);
	error = 0;
out:
	if (tmp.len)
		unlink(tmp.ptr);
	buf_release(&tmp);
	return error;
}

static int rm_one(const char *p, const struct stat *sb UNUSED, int flag,
		  struct FTW *ftw UNUSED)
{
	if (flag == FTW_DP ? rmdir(p) : unlink(p))
		return -1;
	return 0;
}

static int remove_tree(const char *fs)
{
	if (nftw(fs, rm_one, 16, FTW_DEPTH | FTW_PHYS) < 0)
		return err_set("cannot remove '%s': %s", fs, strerror(errno));
	return 0;
}

static mode_t umask_now(void)
{
	mode_t m = umask(022);
	umask(m);
	return m;
}

/* ---- events ---- */

static void set_last_diff(struct fsync_ctx *fx, const struct buf *diff)
{
	if (diff->len && fx->st->nevents)
		fx->st->events[fx->st->nevents - 1].diff = arena_memdupz(
			fx->c->event_arena ? fx->c->event_arena : fx->c->arena,
			diff->ptr, diff->len);
}

/*
 * Recursion generates a File resource per entry below the directory, as
 * Puppet's does: each gets its own state (events, failure), reported as a
 * resource of its own. fx->st is switched to the entry's while it is
 * synced; returns the state to switch back to.
 */
static struct rstate *enter_child(struct fsync_ctx *fx, const char *fs)
{
	struct rstate *prev = fx->st;
	const char *title = fs;
	size_t rl = fx->c->root && strcmp(fx->c->root, "/")
			    ? strlen(fx->c->root)
			    : 0;
	if (rl && !strncmp(fs, fx->c->root, rl) && fs[rl] == '/')
		title = fs + rl;
	struct rstate *parent = prev->parent ? prev->parent : prev;
	fx->st = rstate_child(fx->c, parent, "File", title);
	return prev;
}

/* Keeps the old content of `fs` (a file) as backup asks. */
static int do_backup(struct fsync_ctx *fx, const char *fs, const char *data,
		     size_t len, const struct stat *sb)
{
	const char *b = fx->d.backup;
	if (!b || fx->c->noop)
		return 0;
	if (b[0] == '.') {
		const char *dst = afmt(fx->c, "%s%s", fs, b);
		if (write_atomic(NULL, dst, data, len, sb->st_mode & 07777, (uid_t)-1,
				 (gid_t)-1) < 0)
			return rstate_fail(fx->c, fx->st,
					   "cannot back up '%s': %s", fs,
					   err_last());
		return 0;
	}
	char sum[65];
	if (bucket_store(sum, b, data, len, fs) < 0)
		return rstate_fail(fx->c, fx->st, "cannot back up '%s': %s", fs,
				   err_last());
	return 0;
}

/* Backs up a regular file before it is replaced or removed. */
static int backup_path(struct fsync_ctx *fx, const char *fs,
		       const struct stat *sb)
{
	if (!S_ISREG(sb->st_mode) || !fx->d.backup || fx->c->noop)
		return 0;
	struct buf old = BUF_INIT;
	int rc = file_read(&old, fs);
	if (rc == 0)
		rc = do_backup(fx, fs, old.ptr, old.len, sb);
	else
		rc = rstate_fail(fx->c, fx->st, "%s", err_last());
	buf_release(&old);
	return rc;
}

/* ---- properties ---- */

/* `known`: fs's lstat when nothing changed it since, else NULL. */
static int sync_attrs(struct fsync_ctx *fx, const char *fs,
		      const struct stat *known)
{
	struct rtype_ctx *c = fx->c;
	struct fdesired *d = &fx->d;
	struct stat sb;
	if (known) {
		sb = *known;
	} else if (lstat(fs, &sb) < 0) {
		if (c->noop)
			return 0;
		return rstate_fail(c, fx->st, "cannot stat '%s': %s", fs,
				   strerror(errno));
	}
	if (d->owner && sb.st_uid != d->uid) {
		const char *cur = owner_name(c, sb.st_uid);
		rstate_event(c, fx->st, "owner", cur, d->owner,
			     "owner changed '%s' to '%s'", cur, d->owner);
		if (!c->noop && lchown(fs, d->uid, (gid_t)-1) < 0)
			return rstate_fail(c, fx->st,
					   "cannot change owner of '%s': %s",
					   fs, strerror(errno));
	}
	if (d->group && sb.st_gid != d->gid) {
		const char *cur = group_name(c, sb.st_gid);
		rstate_event(c, fx->st, "group", cur, d->group,
			     "group changed '%s' to '%s'", cur, d->group);
		if (!c->noop && lchown(fs, (uid_t)-1, d->gid) < 0)
			return rstate_fail(c, fx->st,
					   "cannot change group of '%s': %s",
					   fs, strerror(errno));
	}
	if (d->mode && !S_ISLNK(sb.st_mode)) {
		mode_t cur = sb.st_mode & 07777, want;
		if (desired_mode(&want, d->mode, cur, S_ISDIR(sb.st_mode)) < 0)
			return rstate_fail(c, fx->st,
					   "The file mode specification is invalid: \"%s\"",
					   d->mode);
		if (cur != want) {
			const char *from = afmt(c, "%04o", (unsigned)cur);
			const char *to = afmt(c, "%04o", (unsigned)want);
			if (is_octal(d->mode))
				rstate_event(c, fx->st, "mode", from, to,
					     "mode changed '%s' to '%s'", from,
					     to);
			else
				rstate_event(c, fx->st, "mode", from, to,
					     "mode changed '%s' to '%s' (%s)",
					     from, to, d->mode);
			if (!c->noop && chmod(fs, want) < 0)
				return rstate_fail(
					c, fx->st,
					"cannot change mode of '%s': %s", fs,
					strerror(errno));
		}
	}
	return 0;
}

/* The mode for a new entry: the desired one, or 0666/0777 less the umask. */
static mode_t new_mode(struct fsync_ctx *fx, bool is_dir)
{
	mode_t base = (is_dir ? 0777 : 0666) & ~umask_now();
	mode_t m;
	if (fx->d.mode && desired_mode(&m, fx->d.mode, base, is_dir) == 0)
		return m;
	return base;
}

/*
 * Reads the regular file fs whose lstat is sb: one read of its size (and
 * a byte more, to see the end) in the common case, then more only if it
 * grew meanwhile. Returns 0 or -1 with err_last().
 */
static int read_known(struct buf *out, struct rtype_ctx *c, const char *fs,
		      const struct stat *sb)
{
	const char *name;
	int dfd = rtype_dir_at(c, fs, &name);
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return err_set("cannot read '%s': %s", fs, strerror(errno));
	size_t want = (size_t)sb->st_size + 1;
	for (;;) {
		buf_grow(out, want);
		ssize_t n = read(fd, out->ptr + out->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return err_set("cannot read '%s': %s", fs, strerror(e));
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		/* a short read of a regular file is its end */
		if ((size_t)n < want)
			break;
		want = 65536;
	}
	close(fd);
	return 0;
}

/* Content of an existing regular file; `sb` is its lstat. */
static int sync_content(struct fsync_ctx *fx, const char *fs,
			const struct stat *sb, const char *data, size_t len)
{
	struct rtype_ctx *c = fx->c;
	struct buf old = BUF_INIT, diff = BUF_INIT;
	int rc = 0;

	/* the old bytes are needed anyway: their checksum is on the event */
	if (read_known(&old, c, fs, sb) < 0) {
		rc = rstate_fail(c, fx->st, "%s", err_last());
		goto out;
	}
	if (old.len == len && !memcmp(old.ptr, data, len))
		goto out;
	char from_sum[CHECKSUM_SZ], to_sum[CHECKSUM_SZ];
	const char *from = checksum_of(from_sum, fx, old.ptr, old.len);
	const char *to = checksum_of(to_sum, fx, data, len);
	if (fx->d.show_diff)
		diff_unified(&diff, old.ptr, old.len, data, len, fs, fs);
	rstate_event(c, fx->st, "content", from, to,
		     "content changed '%s' to '%s'", from, to);
	set_last_diff(fx, &diff);
	if (c->noop)
		goto out;
	if ((rc = do_backup(fx, fs, old.ptr, old.len, sb)) < 0)
		goto out;
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	if (sb->st_uid != geteuid() || sb->st_gid != getegid()) {
		if (geteuid() == 0) {
			uid = sb->st_uid;
			gid = sb->st_gid;
		}
	}
	if (write_atomic(fx, fs, data, len, sb->st_mode & 07777, uid, gid) < 0)
		rc = rstate_fail(c, fx->st, "%s", err_last());
	/* the attributes synced next act on the path: put the new content
	 * in place first (staging pays off for new files, not for drifts).
	 * That commits earlier resources' writes too: a rename of theirs
	 * that fails is theirs (the transaction recounts them), not ours */
	else if (c->stage && rtype_stage_commit(c, c->stage) &&
		 fx->st->status == RS_FAILED)
		rc = -1;
out:
	buf_release(&old);
	buf_release(&diff);
	return rc;
}

/* Fails unless the parent directory of fs exists. */
static int check_parent(struct fsync_ctx *fx, const char *fs)
{
	struct buf dir = BUF_INIT;
	struct stat sb;
	int rc = 0;
	dir_of(&dir, fs);
	if (stat(dir.ptr, &sb) < 0 || !S_ISDIR(sb.st_mode))
		rc = rstate_fail(fx->c, fx->st,
				 "cannot create '%s': parent directory '%s' does not exist",
				 fs, dir.ptr);
	buf_release(&dir);
	return rc;
}

static int copy_tree(struct fsync_ctx *fx, const char *src, const char *dst,
		     int depth);

/* Creates `fs` as `kind` (nothing there now, or removed in noop). */
static int create(struct fsync_ctx *fx, const char *fs, const char *kind,
		  const char *data, size_t len, const char *link_target)
{
	struct rtype_ctx *c = fx->c;
	struct fdesired *d = &fx->d;
	if (c->noop)
		return 0;
	uid_t uid = d->owner ? d->uid : (uid_t)-1;
	gid_t gid = d->group ? d->gid : (gid_t)-1;
	if (!strcmp(kind, "file")) {
		if (write_atomic(fx, fs, data, len, new_mode(fx, false), uid, gid) <
		    0)
			return rstate_fail(c, fx->st, "%s", err_last());
	} else if (!strcmp(kind, "directory")) {
		rtype_dir_forget(c->dir); /* directories change */
		mode_t m = new_mode(fx, true);
		if (mkdir(fs, m) < 0 || chmod(fs, m) < 0)
			return rstate_fail(c, fx->st, "cannot create '%s': %s",
					   fs, strerror(errno));
		if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
		    lchown(fs, uid, gid) < 0)
			return rstate_fail(c, fx->st,
					   "cannot change owner of '%s': %s",
					   fs, strerror(errno));
	} else {
		rtype_dir_forget(c->dir);
		if (link_atomic(fs, link_target) < 0)
			return rstate_fail(c, fx->st, "%s", err_last());
		if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
		    lchown(fs, uid, gid) < 0)
			return rstate_fail(c, fx->st,
					   "cannot change owner of '%s': %s",
					   fs, strerror(errno));
	}
	return 0;
}

/* Removes what is at fs (backing up a file); directories need force. */
static int remove_entry(struct fsync_ctx *fx, const char *fs,
			const struct stat *sb)
{
	if (fx->c->noop)
		return 0;
	rtype_dir_forget(fx->c->dir); /* what was there may be a directory */
	if (S_ISDIR(sb->st_mode))
		return remove_tree(fs) < 0
			       ? rstate_fail(fx->c, fx->st, "%s", err_last())
			       : 0;
	if (backup_path(fx, fs, sb) < 0)
		return -1;
	if (unlink(fs) < 0)
		return rstate_fail(fx->c, fx->st, "cannot remove '%s': %s", fs,
				   strerror(errno));
	return 0;
}

/* ---- recursion ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted entry names of a directory (arena), or NULL on error. */
static const char **list_dir(struct rtype_ctx *c, const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t cap = 16, k = 0;
	const char **v = arena_alloc(c->arena, cap * sizeof(*v));
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (k == cap) {
			v = arena_realloc(c->arena, v, cap * sizeof(*v),
					  2 * cap * sizeof(*v));
			cap *= 2;
		}
		v[k++] = arena_strdup(c->arena, de->d_name);
	}
	closedir(d);
	qsort(v, k, sizeof(*v), cmp_str);
	*n = k;
	return v;
}

static bool in_list(const char **v, size_t n, const char *s)
{
	return bsearch(&s, v, n, sizeof(*v), cmp_str) != NULL;
}

/*
 * Makes the entry `dst` what `src` is (file, directory, link), as the
 * generated resource File[dst]: its events and failure are its own, and
 * a failure does not stop its siblings. Returns -1 when it failed.
 */
static int copy_entry(struct fsync_ctx *fx, const char *src, const char *dst,
		      int depth)
{
	struct rtype_ctx *c = fx->c;
	struct stat ss, ds;
	if (lstat(src, &ss) < 0)
		return rstate_fail(c, fx->st, "cannot read source '%s': %s",
				   src, strerror(errno));
	const char *kind = type_of(&ss);
	if (strcmp(kind, "file") && strcmp(kind, "directory") &&
	    strcmp(kind, "link"))
		return 0;
	struct rstate *parent = enter_child(fx, dst);
	struct buf data = BUF_INIT, target = BUF_INIT;
	int rc = 0;
	if (S_ISREG(ss.st_mode) && file_read(&data, src) < 0) {
		rc = rstate_fail(c, fx->st, "%s", err_last());
		goto out;
	}
	if (S_ISLNK(ss.st_mode)) {
		buf_grow(&target, (size_t)ss.st_size + 1);
		ssize_t n = readlink(src, target.ptr, target.alloc - 1);
		if (n < 0) {
			rc = rstate_fail(c, fx->st, "cannot read link '%s': %s",
					 src, strerror(errno));
			goto out;
		}
		target.len = (size_t)n;
		target.ptr[n] = '\0';
	}
	bool exists = lstat(dst, &ds) == 0;
	const char *cur = exists ? type_of(&ds) : "absent";
	if (exists && strcmp(cur, kind)) {
		if (S_ISDIR(ds.st_mode) && !fx->d.force) {
			rc = rstate_fail(c, fx->st,
					 "cannot replace directory '%s' with a %s without force",
					 dst, kind);
			goto out;
		}
		rstate_event(c, fx->st, "ensure", cur, kind,
			     "ensure changed '%s' to '%s'", cur, kind);
		if ((rc = remove_entry(fx, dst, &ds)) < 0)
			goto out;
		exists = false;
	} else if (!exists) {
		if (S_ISREG(ss.st_mode)) {
			char sum_buf[CHECKSUM_SZ];
			const char *sum =
				checksum_of(sum_buf, fx, data.ptr, data.len);
			rstate_event(c, fx->st, "ensure", "absent", "file",
				     "defined content as '%s'", sum);
		} else {
			rstate_event(c, fx->st, "ensure", "absent", kind,
				     "created");
		}
	}
	if (!exists) {
		/* created with its mode and owner: nothing more to sync */
		if ((rc = create(fx, dst, kind, data.ptr, data.len,
				 target.ptr)) < 0)
			goto out;
	} else {
		if (S_ISREG(ss.st_mode) && fx->d.replace &&
		    (rc = sync_content(fx, dst, &ds, data.ptr, data.len)) < 0)
			goto out;
		if (S_ISLNK(ss.st_mode)) {
			struct buf curt = BUF_INIT;
			buf_grow(&curt, (size_t)ds.st_size + 1);
			ssize_t n = readlink(dst, curt.ptr, curt.alloc - 1);
			if (n >= 0) {
				curt.len = (size_t)n;
				curt.ptr[n] = '\0';
			}
			if (strcmp(curt.ptr, target.ptr)) {
				rstate_event(c, fx->st, "target", curt.ptr,
					     target.ptr,
					     "target changed '%s' to '%s'",
					     curt.ptr, target.ptr);
				rtype_dir_forget(c->dir);
				if (!c->noop &&
				    link_atomic(dst, target.ptr) < 0)
					rc = rstate_fail(c, fx->st, "%s",
							 err_last());
			}
			buf_release(&curt);
			if (rc < 0)
				goto out;
		}
		if ((rc = sync_attrs(fx, dst, NULL)) < 0)
			goto out;
	}
	fx->st = parent;
	/* in noop a directory to create is not there to look into */
	if (S_ISDIR(ss.st_mode) && (exists || !c->noop))
		copy_tree(fx, src, dst, depth + 1);
out:
	fx->st = parent;
	buf_release(&data);
	buf_release(&target);
	return rc;
}

/*
 * Whether `name` is the temporary file of a write staged for one of the
 * entries `v` (".NAME.tend-XXXXXX", see write_atomic): not to be purged.
 */
static bool is_staged_tmp(struct rtype_ctx *c, const char **v, size_t n,
			  const char *name)
{
	static const char mark[] = ".tend-";
	size_t len = strlen(name), suffix = sizeof(mark) - 1 + 6;
	if (!c->stage || !c->stage->n || name[0] != '.' || len <= suffix + 1 ||
	    strncmp(name + len - suffix, mark, sizeof(mark) - 1))
		return false;
	const char *inner = arena_memdupz(c->arena, name + 1, len - suffix - 1);
	return in_list(v, n, inner);
}

/*
 * Copies the tree under src into dst (both directories), purging extras;
 * each entry is a generated resource of its own (copy_entry). Returns -1
 * only when src cannot be read (the resource itself failed).
 */
static int copy_tree(struct fsync_ctx *fx, const char *src, const char *dst,
		     int depth)
{
	struct rtype_ctx *c = fx->c;
	if (fx->d.recurselimit >= 0 && depth >= fx->d.recurselimit)
		return 0;
	size_t ns = 0, nd = 0;
	const char **sv = list_dir(c, src, &ns);
	if (!sv)
		return rstate_fail(c, fx->st, "cannot read source '%s': %s",
				   src, strerror(errno));
	const char **dv = fx->d.purge ? list_dir(c, dst, &nd) : NULL;
	if (!dv)
		nd = 0;
	/* both lists sorted: entries in path order, as Puppet reports them */
	for (size_t i = 0, j = 0; i < ns || j < nd;) {
		int cmp = i == ns ? 1 : j == nd ? -1 : strcmp(sv[i], dv[j]);
		if (cmp <= 0) {
			const char *s = afmt(c, "%s/%s", src, sv[i]);
			const char *d = afmt(c, "%s/%s", dst, sv[i]);
			copy_entry(fx, s, d, depth);
			i++;
			j += cmp == 0;
			continue;
		}
		const char *name = dv[j++];
		if (is_staged_tmp(c, sv, ns, name))
			continue;
		const char *d = afmt(c, "%s/%s", dst, name);
		struct stat ds;
		if (lstat(d, &ds) < 0)
			continue;
		if (S_ISDIR(ds.st_mode) && !fx->d.force)
			continue; /* Puppet purges directories only with force */
		struct rstate *parent = enter_child(fx, d);
		rstate_event(c, fx->st, "ensure", type_of(&ds), "absent",
			     "removed");
		remove_entry(fx, d, &ds);
		fx->st = parent;
	}
	return 0;
}

/*
 * recurse without source: owner, group and mode of everything below, each
 * entry a generated resource of its own.
 */
static int attrs_tree(struct fsync_ctx *fx, const char *dir, int depth)
{
	struct rtype_ctx *c = fx->c;
	if (fx->d.recurselimit >= 0 && depth >= fx->d.recurselimit)
		return 0;
	size_t n = 0;
	const char **v = list_dir(c, dir, &n);
	if (!v)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = afmt(c, "%s/%s", dir, v[i]);
		struct stat sb;
		if (lstat(p, &sb) < 0)
			continue;
		struct rstate *parent = enter_child(fx, p);
		int rc = sync_attrs(fx, p, &sb);
		fx->st = parent;
		if (rc == 0 && S_ISDIR(sb.st_mode))
			attrs_tree(fx, p, depth + 1);
	}
	return 0;
}

/* ---- parameters ---- */

static const char *const ensure_values[] = {
	"present", "absent", "file", "directory", "link",
};

static bool bool_ok(const struct resource *r, const char *name)
{
	return rparam_bool(r, name, 0) >= 0;
}

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	const char *path = rparam_namevar(r, "path");
	if (path[0] != '/') {
		*msg = afmt(c, "File paths must be fully qualified, not '%s'",
			    path);
		return -1;
	}
	if (rtype_check_params(c, r, known_params, ARRAY_SIZE(known_params), msg) < 0)
		return -1;
	const char *ensure = rparam_str(c, r, "ensure", NULL);
	if (ensure && ensure[0] != '/') {
		bool ok = false;
		for (size_t j = 0; j < ARRAY_SIZE(ensure_values) && !ok; j++)
			ok = !strcmp(ensure_values[j], ensure);
		if (!ok) {
			*msg = afmt(c,
				    "Invalid value '%s'. Valid values are present, absent, file, directory, link",
				    ensure);
			return -1;
		}
	}
	const struct value *mode = rparam(r, "mode");
	if (mode) {
		if (mode->kind == VAL_INT && !mode->u.n.lit) {
			*msg = "The file mode specification must be a string, not 'Integer'";
			return -1;
		}
		const char *m = rparam_str(c, r, "mode", "");
		if ((mode->kind != VAL_STRING && mode->kind != VAL_INT) ||
		    !mode_valid(m)) {
			*msg = afmt(c,
				    "The file mode specification is invalid: \"%s\"",
				    m);
			return -1;
		}
	}
	if (rparam(r, "content") && rparam(r, "source")) {
		*msg = "You cannot specify more than one of content, source, target";
		return -1;
	}
	static const char *const bools[] = {"replace", "force", "purge",
					    "show_diff"};
	for (size_t j = 0; j < ARRAY_SIZE(bools); j++) {
		if (!bool_ok(r, bools[j])) {
			*msg = afmt(c,
				    "Invalid value '%s' for %s. Valid values are true, false, yes, no",
				    rparam_str(c, r, bools[j], ""), bools[j]);
			return -1;
		}
	}
	const char *rec = rparam_str(c, r, "recurse", NULL);
	if (rec && strcmp(rec, "true") && strcmp(rec, "false") &&
	    strcmp(rec, "remote") && strcmp(rec, "inf")) {
		*msg = afmt(c,
			    "Invalid value '%s' for recurse. Valid values are true, false, remote",
			    rec);
		return -1;
	}
	const char *ck = rparam_str(c, r, "checksum", NULL);
	static const char *const sums[] = {"md5",	 "md5lite", "sha256",
					   "sha256lite", "sha1",    "sha1lite",
					   "sha224",	 "sha384",  "sha512",
					   "mtime",	 "ctime",   "none"};
	if (ck) {
		bool ok = false;
		for (size_t j = 0; j < ARRAY_SIZE(sums) && !ok; j++)
			ok = !strcmp(sums[j], ck);
		if (!ok) {
			*msg = afmt(c, "Invalid value '%s' for checksum", ck);
			return -1;
		}
	}
	const char *ow = rparam_str(c, r, "owner", NULL);
	const char *gr = rparam_str(c, r, "group", NULL);
	if ((ow && !*ow) || (gr && !*gr)) {
		*msg = "owner and group cannot be empty";
		return -1;
	}
	return 0;
}

/* Fills fx->d from the parameters; fails on what the machine lacks. */
static int read_params(struct fsync_ctx *fx)
{
	struct rtype_ctx *c = fx->c;
	const struct resource *r = fx->r;
	struct fdesired *d = &fx->d;

	d->path = trim_slashes(c, rparam_namevar(r, "path"));
	d->fs = join_root(c, d->path);
	d->ensure = rparam_str(c, r, "ensure", NULL);
	d->target = rparam_str(c, r, "target", NULL);
	if (d->ensure && d->ensure[0] == '/') {
		d->target = d->ensure;
		d->ensure = "link";
	}
	const struct value *content = rparam(r, "content");
	if (content) {
		if (content->kind == VAL_STRING) {
			d->content = content->u.s.ptr;
			d->content_len = content->u.s.len;
		} else {
			d->content = rparam_str(c, r, "content", "");
			d->content_len = strlen(d->content);
		}
		d->has_content = true;
	}
	d->mode = rparam_str(c, r, "mode", NULL);
	d->owner = rparam_str(c, r, "owner", NULL);
	d->group = rparam_str(c, r, "group", NULL);
	d->replace = rparam_bool(r, "replace", 1) == 1;
	d->force = rparam_bool(r, "force", 0) == 1;
	d->purge = rparam_bool(r, "purge", 0) == 1;
	d->show_diff = rparam_bool(r, "show_diff", 1) == 1;
	const char *rec = rparam_str(c, r, "recurse", "false");
	d->recurse = !strcmp(rec, "true") || !strcmp(rec, "remote") ||
		     !strcmp(rec, "inf");
	const char *lim = rparam_str(c, r, "recurselimit", NULL);
	d->recurselimit = lim ? atoi(lim) : -1;
	const struct value *bk = rparam(r, "backup");
	if (bk && bk->kind == VAL_BOOL && !bk->u.b)
		d->backup = NULL;
	else if (bk && bk->kind == VAL_STRING && !strcmp(bk->u.s.ptr, "false"))
		d->backup = NULL;
	else if (bk && bk->kind == VAL_STRING && bk->u.s.ptr[0] == '.')
		d->backup = bk->u.s.ptr;
	else
		d->backup =
			c->bucket_dir && *c->bucket_dir ? c->bucket_dir : NULL;
	const char *ck = rparam_str(c, r, "checksum", "sha256");
	d->checksum = !strncmp(ck, "md5", 3) ? "md5" : "sha256";

	const struct value *src = rparam(r, "source");
	if (src && !d->has_content && load_source(fx, src) < 0)
		return -1;
	if (!d->ensure) {
		if (d->source_dir)
			d->ensure = "directory";
		else if (d->has_content)
			d->ensure = "file";
		else if (d->target)
			d->ensure = "link";
	}
	if (d->owner && resolve_owner(&d->uid, d->owner) < 0)
		return rstate_fail(c, fx->st, "user '%s' does not exist",
				   d->owner);
	if (d->group && resolve_group(&d->gid, d->group) < 0)
		return rstate_fail(c, fx->st, "group '%s' does not exist",
				   d->group);
	return 0;
}

/* ---- sync ---- */

static int sync_link_target(struct fsync_ctx *fx, const struct stat *sb)
{
	struct rtype_ctx *c = fx->c;
	struct buf cur = BUF_INIT;
	int rc = 0;
	buf_grow(&cur, (size_t)sb->st_size + 1);
	ssize_t n = readlink(fx->d.fs, cur.ptr, cur.alloc - 1);
	if (n < 0) {
		rc = rstate_fail(c, fx->st, "cannot read link '%s': %s",
				 fx->d.fs, strerror(errno));
		goto out;
	}
	cur.len = (size_t)n;
	cur.ptr[n] = '\0';
	if (strcmp(cur.ptr, fx->d.target)) {
		rstate_event(c, fx->st, "target", cur.ptr, fx->d.target,
			     "target changed '%s' to '%s'", cur.ptr,
			     fx->d.target);
		rtype_dir_forget(c->dir);
		if (!c->noop && link_atomic(fx->d.fs, fx->d.target) < 0)
			rc = rstate_fail(c, fx->st, "%s", err_last());
	}
out:
	buf_release(&cur);
	return rc;
}

static int file_sync(struct rtype_ctx *c, const struct resource *r,
		     struct rstate *st)
{
	struct fsync_ctx fx = {c, r, st, {0}};
	struct fdesired *d = &fx.d;
	st->status = RS_UNCHANGED;
	if (read_params(&fx) < 0)
		return -1;

	const char *fs = d->fs, *name;
	struct stat sb;
	int dfd = rtype_dir_at(c, fs, &name);
	bool exists = fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
	if (!exists && errno != ENOENT)
		return rstate_fail(c, st, "cannot stat '%s': %s", fs,
				   strerror(errno));
	const char *cur = exists ? type_of(&sb) : "absent";
	const char *want = d->ensure;

	if (!want) {
		/* ensure unmanaged: only the attributes of what exists */
		if (!exists)
			return 0;
		want = cur;
	}
	if (!strcmp(want, "absent")) {
		if (!exists)
			return 0;
		if (S_ISDIR(sb.st_mode) && !d->force) {
			st->output = "Not removing directory; use 'force' to override";
			return 0;
		}
		rstate_event(c, st, "ensure", cur, "absent", "removed");
		return remove_entry(&fx, fs, &sb);
	}
	const char *kind = want;
	if (!strcmp(want, "present"))
		kind = exists ? cur : "file";
	if (!strcmp(kind, "link") && !d->target)
		return rstate_fail(c, st, "cannot create link '%s': no target",
				   fs);

	if (exists && strcmp(cur, kind)) {
		if (S_ISDIR(sb.st_mode) && !d->force)
			return rstate_fail(c, st,
					   "cannot replace directory '%s' with a %s without force",
					   fs, kind);
		rstate_event(c, st, "ensure", cur, want,
			     "ensure changed '%s' to '%s'", cur, want);
		if (remove_entry(&fx, fs, &sb) < 0)
			return -1;
		exists = false;
	} else if (!exists) {
		if (check_parent(&fx, fs) < 0)
			return -1;
		char sum[CHECKSUM_SZ];
		if (!strcmp(kind, "file") && d->has_content)
			rstate_event(c, st, "ensure", "absent", want,
				     "defined content as '%s'",
				     checksum_of(sum, &fx, d->content,
						 d->content_len));
		else
			rstate_event(c, st, "ensure", "absent", want,
				     "created");
	}
	if (!exists) {
		if (create(&fx, fs, kind, d->has_content ? d->content : "",
			   d->has_content ? d->content_len : 0, d->target) < 0)
			return -1;
		if (!strcmp(kind, "directory") && d->source_dir && d->recurse &&
		    !c->noop)
			return copy_tree(&fx, d->source_dir, fs, 0);
		return 0;
	}

	/* the right kind exists: each property in Puppet's order */
	size_t nevents = st->nevents;
	if (!strcmp(kind, "file") && d->has_content && d->replace) {
		if (sync_content(&fx, fs, &sb, d->content, d->content_len) < 0)
			return -1;
	}
	if (!strcmp(kind, "link") && d->target) {
		if (sync_link_target(&fx, &sb) < 0)
			return -1;
	}
	/* in sync so far (the common case): the lstat above still holds */
	if (sync_attrs(&fx, fs, st->nevents == nevents ? &sb : NULL) < 0)
		return -1;
	if (!strcmp(kind, "directory") && d->recurse) {
		if (d->source_dir)
			return copy_tree(&fx, d->source_dir, fs, 0);
		if (d->mode || d->owner || d->group)
			return attrs_tree(&fx, fs, 0);
	}
	return 0;
}

/* ---- autorequire ---- */

static void file_autorequire(struct rtype_ctx *c, const struct resource *r,
			     void (*add)(const char *type, const char *title,
					 void *payload),
			     void *payload)
{
	const char *path = rparam_namevar(r, "path");
	if (path[0] == '/') {
		/* every ancestor: the transaction keeps those in the catalog;
		 * one buffer, cut shorter each time (add() only borrows it) */
		struct buf anc = BUF_INIT;
		size_t n = strlen(path);
		while (n > 1 && path[n - 1] == '/')
			n--;
		buf_add(&anc, path, n);
		while (n > 1) {
			while (n > 0 && path[n - 1] != '/')
				n--;
			size_t len = n > 1 ? n - 1 : 1;
			if (!n)
				break;
			buf_setlen(&anc, len);
			add("File", anc.ptr, payload);
			n = len;
			if (len == 1)
				break;
		}
		buf_release(&anc);
	}
	const char *owner = rparam_str(c, r, "owner", NULL);
	const char *group = rparam_str(c, r, "group", NULL);
	char *end;
	if (owner && (strtoul(owner, &end, 10), *end))
		add("User", owner, payload);
	if (group && (strtoul(group, &end, 10), *end))
		add("Group", group, payload);
}

const struct rtype rtype_file = {
	"file", validate, file_sync, NULL, file_autorequire,
};
