/* SPDX-License-Identifier: MIT */
/* test_file.c: the file type creates, changes and removes real files under a temp dir */
#include "util/compat.h"
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/filebucket.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/hash.h"

#include <setjmp.h>
#include <cmocka.h>

/* One test's world: an arena, a context and a fresh temp directory. */
struct world {
	struct arena a;
	struct rtype_ctx c;
	char dir[64];
	const char *bucket;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	arena_init(&w->a);
	snprintf(w->dir, sizeof(w->dir), "/tmp/tend-file-XXXXXX");
	if (!mkdtemp(w->dir))
		return -1;
	w->bucket = arena_strfmt(&w->a, "%s/bucket", w->dir);
	w->c.arena = &w->a;
	w->c.bucket_dir = w->bucket;
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	struct buf cmd = BUF_INIT;
	buf_addf(&cmd, "rm -rf '%s'", w->dir);
	int rc = system(cmd.ptr);
	buf_release(&cmd);
	arena_release(&w->a);
	free(w);
	return rc;
}

static const char *P(struct world *w, const char *rel)
{
	return arena_strfmt(&w->a, "%s/%s", w->dir, rel);
}

/*
 * A File resource titled `path` with parameters given as name, value
 * pairs ending in NULL; "@true"/"@false" give booleans.
 */
static struct resource *res(struct world *w, const char *path, ...)
{
	struct resource *r = arena_alloc(&w->a, sizeof(*r));
	r->type = "File";
	r->title = path;
	r->params = val_hash(&w->a, 0);
	va_list ap;
	va_start(ap, path);
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		struct value *val = !strcmp(v, "@true")	 ? val_bool(true) :
				    !strcmp(v, "@false") ? val_bool(false) :
							   val_strz(&w->a, v);
		val_hash_set_str(&w->a, r->params, k, val);
	}
	va_end(ap);
	return r;
}

static int apply(struct world *w, const struct resource *r, struct rstate *st)
{
	memset(st, 0, sizeof(*st));
	st->res = r;
	const char *msg = NULL;
	if (rtype_file.validate(&w->c, r, &msg) < 0) {
		st->error = msg;
		st->status = RS_FAILED;
		return -1;
	}
	return rtype_file.sync(&w->c, r, st);
}

static const char *slurp(struct world *w, const char *path)
{
	struct buf b = BUF_INIT;
	if (file_read(&b, path) < 0) {
		buf_release(&b);
		return NULL;
	}
	const char *s = arena_memdupz(&w->a, b.ptr, b.len);
	buf_release(&b);
	return s;
}

static unsigned mode_of(const char *path)
{
	struct stat sb;
	assert_int_equal(lstat(path, &sb), 0);
	return sb.st_mode & 07777;
}

static const char *sha(struct world *w, const char *s)
{
	char hex[HASH_SHA256_HEXSZ];
	hash_sha256_hex(hex, s, strlen(s));
	return arena_strfmt(&w->a, "{sha256}%s", hex);
}

static void test_file__content_creates_the_file(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *f = P(w, "motd");
	struct resource *r = res(w, f, "content", "hello\n", "mode", "0640", NULL);
	assert_int_equal(apply(w, r, &st), 0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_int_equal(st.nevents, 1);
	assert_string_equal(st.events[0].property, "ensure");
	assert_string_equal(st.events[0].previous, "absent");
	assert_string_equal(st.events[0].desired, "file");
	assert_string_equal(st.events[0].message,
			    arena_strfmt(&w->a, "defined content as '%s'",
					 sha(w, "hello\n")));
	assert_string_equal(slurp(w, f), "hello\n");
	assert_int_equal(mode_of(f), 0640);

	/* a second run changes nothing */
	assert_int_equal(apply(w, r, &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_int_equal(st.nevents, 0);
}

static void test_file__content_change_backs_up_and_diffs(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *f = P(w, "conf");
	assert_int_equal(file_write_atomic(f, "hello\n", 6, 0600), 0);
	struct resource *r = res(w, f, "content", "hello\nworld\n", NULL);
	assert_int_equal(apply(w, r, &st), 0);
	assert_int_equal(st.nevents, 1);
	assert_string_equal(st.events[0].property, "content");
	assert_string_equal(st.events[0].previous, sha(w, "hello\n"));
	assert_string_equal(st.events[0].desired, sha(w, "hello\nworld\n"));
	assert_string_equal(st.events[0].message,
			    arena_strfmt(&w->a, "content changed '%s' to '%s'",
					 sha(w, "hello\n"), sha(w, "hello\nworld\n")));
	assert_non_null(st.events[0].diff);
	assert_string_equal(st.events[0].diff,
			    arena_strfmt(&w->a, "--- %s\n+++ %s\n@@ -1 +1,2 @@\n hello\n+world\n",
					 f, f));
	assert_string_equal(slurp(w, f), "hello\nworld\n");
	assert_int_equal(mode_of(f), 0600); /* mode kept when unmanaged */

	/* the old content is in the bucket and can be restored */
	struct buf old = BUF_INIT;
	const char *sum = st.events[0].previous + strlen("{sha256}");
	assert_int_equal(bucket_get(&old, w->bucket, sum), 0);
	assert_string_equal(old.ptr, "hello\n");
	buf_release(&old);
	assert_int_equal(bucket_restore(w->bucket, sum, f), 0);
	assert_string_equal(slurp(w, f), "hello\n");

	/* show_diff => false: no diff on the event */
	r = res(w, f, "content", "x\n", "show_diff", "@false", NULL);
	assert_int_equal(apply(w, r, &st), 0);
	assert_int_equal(st.nevents, 1);
	assert_null(st.events[0].diff);

	/* backup => '.bak' keeps a copy next to the file; false keeps none */
	r = res(w, f, "content", "y\n", "backup", ".bak", NULL);
	assert_int_equal(apply(w, r, &st), 0);
	assert_string_equal(slurp(w, P(w, "conf.bak")), "x\n");
	r = res(w, f, "content", "z\n", "backup", "@false", NULL);
	assert_int_equal(apply(w, r, &st), 0);
	struct buf none = BUF_INIT;
	char hex[HASH_SHA256_HEXSZ];
	hash_sha256_hex(hex, "y\n", 2);
	assert_int_not_equal(bucket_get(&none, w->bucket, hex), 0);
	buf_release(&none);
	/* no backup, no diff, another size: the event still has the old sum */
	r = res(w, f, "content", "longer\n", "backup", "@false", "show_diff",
		"@false", NULL);
	assert_int_equal(apply(w, r, &st), 0);
	assert_string_equal(st.events[0].previous, sha(w, "z\n"));
}

static void test_file__mode_changes(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *f = P(w, "m");
	assert_int_equal(file_write_atomic(f, "", 0, 0600), 0);
	assert_int_equal(apply(w, res(w, f, "mode", "644", NULL), &st), 0);
	assert_int_equal(st.nevents, 1);
	assert_string_equal(st.events[0].message, "mode changed '0600' to '0644'");
	assert_string_equal(st.events[0].previous, "0600");
	assert_string_equal(st.events[0].desired, "0644");
	assert_int_equal(mode_of(f), 0644);

	assert_int_equal(apply(w, res(w, f, "mode", "a+x", NULL), &st), 0);
	assert_string_equal(st.events[0].message,
			    "mode changed '0644' to '0755' (a+x)");
	assert_int_equal(mode_of(f), 0755);
	assert_int_equal(apply(w, res(w, f, "mode", "u=rw,go=r", NULL), &st), 0);
	assert_int_equal(mode_of(f), 0644);
	assert_int_equal(apply(w, res(w, f, "mode", "o-r,g+w", NULL), &st), 0);
	assert_int_equal(mode_of(f), 0660);

	/* a numeric mode on a directory adds search where read is set */
	const char *d = P(w, "dir");
	assert_int_equal(apply(w, res(w, d, "ensure", "directory", "mode", "0644", NULL), &st), 0);
	assert_int_equal(mode_of(d), 0755);
}

static void test_file__noop_reports_and_changes_nothing(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *f = P(w, "n");
	w->c.noop = true;
	assert_int_equal(apply(w, res(w, f, "content", "a\n", NULL), &st), 0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_string_equal(st.events[0].previous, "absent");
	assert_string_equal(st.events[0].desired, "file");
	assert_int_equal(access(f, F_OK), -1);

	w->c.noop = false;
	assert_int_equal(file_write_atomic(f, "a\n", 2, 0600), 0);
	w->c.noop = true;
	assert_int_equal(apply(w, res(w, f, "content", "b\n", "mode", "0644", NULL), &st), 0);
	assert_int_equal(st.nevents, 2);
	assert_string_equal(st.events[0].property, "content");
	assert_string_equal(st.events[0].previous, sha(w, "a\n"));
	assert_string_equal(st.events[0].desired, sha(w, "b\n"));
	assert_non_null(st.events[0].diff);
	assert_string_equal(st.events[1].property, "mode");
	assert_string_equal(st.events[1].previous, "0600");
	assert_string_equal(st.events[1].desired, "0644");
	assert_string_equal(slurp(w, f), "a\n");
	assert_int_equal(mode_of(f), 0600);
	assert_int_equal(access(w->bucket, F_OK), -1); /* no backup either */

	assert_int_equal(apply(w, res(w, f, "ensure", "absent", NULL), &st), 0);
	assert_string_equal(st.events[0].message, "removed");
	assert_int_equal(access(f, F_OK), 0);
	w->c.noop = false;
}

static void test_file__directories_links_absent(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *d = P(w, "d");
	assert_int_equal(apply(w, res(w, d, "ensure", "directory", NULL), &st), 0);
	assert_string_equal(st.events[0].message, "created");
	struct stat sb;
	assert_int_equal(stat(d, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));

	const char *l = P(w, "l");
	assert_int_equal(apply(w, res(w, l, "ensure", "link", "target", d, NULL), &st), 0);
	assert_string_equal(st.events[0].message, "created");
	char buf[256];
	ssize_t n = readlink(l, buf, sizeof(buf) - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, d);
	assert_int_equal(apply(w, res(w, l, "ensure", "link", "target", "/etc", NULL), &st), 0);
	assert_string_equal(st.events[0].property, "target");
	assert_string_equal(st.events[0].message,
			    arena_strfmt(&w->a, "target changed '%s' to '/etc'", d));
	n = readlink(l, buf, sizeof(buf) - 1);
	buf[n] = '\0';
	assert_string_equal(buf, "/etc");
	/* legacy: ensure => '/path' is a link */
	assert_int_equal(apply(w, res(w, l, "ensure", "/usr", NULL), &st), 0);
	n = readlink(l, buf, sizeof(buf) - 1);
	buf[n] = '\0';
	assert_string_equal(buf, "/usr");

	/* a directory is removed only with force */
	assert_int_equal(file_write_atomic(P(w, "d/inner"), "i", 1, 0644), 0);
	assert_int_equal(apply(w, res(w, d, "ensure", "absent", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_int_equal(access(d, F_OK), 0);
	assert_int_equal(apply(w, res(w, d, "ensure", "file", NULL), &st), -1);
	assert_int_equal(st.status, RS_FAILED);
	assert_int_equal(apply(w, res(w, d, "ensure", "absent", "force", "@true", NULL), &st), 0);
	assert_string_equal(st.events[0].message, "removed");
	assert_string_equal(st.events[0].previous, "directory");
	assert_int_equal(access(d, F_OK), -1);

	/* a removed file goes to the bucket first */
	const char *f = P(w, "gone");
	assert_int_equal(file_write_atomic(f, "keep me", 7, 0644), 0);
	assert_int_equal(apply(w, res(w, f, "ensure", "absent", NULL), &st), 0);
	assert_int_equal(access(f, F_OK), -1);
	struct buf old = BUF_INIT;
	char hex[HASH_SHA256_HEXSZ];
	hash_sha256_hex(hex, "keep me", 7);
	assert_int_equal(bucket_get(&old, w->bucket, hex), 0);
	buf_release(&old);

	/* a file becomes a link: one ensure event */
	assert_int_equal(file_write_atomic(f, "x", 1, 0644), 0);
	assert_int_equal(apply(w, res(w, f, "ensure", "link", "target", "/etc", NULL), &st), 0);
	assert_string_equal(st.events[0].message, "ensure changed 'file' to 'link'");
	assert_int_equal(lstat(f, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));

	/* a missing parent is an error naming it */
	assert_int_equal(apply(w, res(w, P(w, "no/such"), "content", "x", NULL), &st), -1);
	assert_non_null(strstr(st.error, "parent directory"));
}

static void test_file__replace_false(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *f = P(w, "r");
	assert_int_equal(apply(w, res(w, f, "content", "first", "replace", "@false", NULL), &st), 0);
	assert_string_equal(slurp(w, f), "first");
	assert_int_equal(apply(w, res(w, f, "content", "second", "replace", "@false", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_string_equal(slurp(w, f), "first");
}

static void test_file__sources(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *src = P(w, "src.txt");
	assert_int_equal(file_write_atomic(src, "from source\n", 12, 0644), 0);
	const char *f = P(w, "copy");
	assert_int_equal(apply(w, res(w, f, "source", src, NULL), &st), 0);
	assert_string_equal(slurp(w, f), "from source\n");
	assert_int_equal(apply(w, res(w, f, "source",
				      arena_strfmt(&w->a, "file://%s", src), NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);

	/* puppet:///modules/M/F is M/files/F in the modulepath */
	assert_int_equal(mkdir(P(w, "mods"), 0755), 0);
	assert_int_equal(mkdir(P(w, "mods/m"), 0755), 0);
	assert_int_equal(mkdir(P(w, "mods/m/files"), 0755), 0);
	assert_int_equal(file_write_atomic(P(w, "mods/m/files/motd"), "mod\n", 4, 0644), 0);
	w->c.modulepath = arena_strfmt(&w->a, "/nonexistent:%s", P(w, "mods"));
	const char *g = P(w, "frommod");
	assert_int_equal(apply(w, res(w, g, "source", "puppet:///modules/m/motd", NULL), &st), 0);
	assert_string_equal(slurp(w, g), "mod\n");
	assert_int_equal(apply(w, res(w, g, "source", "puppet:///modules/m/nope", NULL), &st), -1);
	assert_non_null(strstr(st.error, "could not find source"));

	/* recurse copies a tree; purge removes what the source lacks */
	assert_int_equal(mkdir(P(w, "tree"), 0755), 0);
	assert_int_equal(mkdir(P(w, "tree/sub"), 0755), 0);
	assert_int_equal(file_write_atomic(P(w, "tree/a"), "A", 1, 0644), 0);
	assert_int_equal(file_write_atomic(P(w, "tree/sub/b"), "B", 1, 0644), 0);
	const char *dst = P(w, "dst");
	assert_int_equal(mkdir(dst, 0755), 0);
	assert_int_equal(file_write_atomic(P(w, "dst/extra"), "E", 1, 0644), 0);
	assert_int_equal(file_write_atomic(P(w, "dst/a"), "old", 3, 0644), 0);
	assert_int_equal(apply(w, res(w, dst, "ensure", "directory", "source", P(w, "tree"),
				      "recurse", "@true", "purge", "@true", NULL), &st), 0);
	/* each entry is a resource of its own, in path order, as in Puppet */
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_int_equal(st.nchildren, 4);
	assert_string_equal(st.children[0]->res->title, P(w, "dst/a"));
	assert_int_equal(st.children[0]->status, RS_CHANGED);
	assert_string_equal(st.children[1]->res->title, P(w, "dst/extra"));
	assert_string_equal(st.children[1]->events[0].message, "removed");
	assert_string_equal(st.children[3]->res->title, P(w, "dst/sub/b"));
	assert_string_equal(st.children[3]->events[0].property, "ensure");
	assert_string_equal(slurp(w, P(w, "dst/a")), "A");
	assert_string_equal(slurp(w, P(w, "dst/sub/b")), "B");
	assert_int_equal(access(P(w, "dst/extra"), F_OK), -1);
	assert_int_equal(apply(w, res(w, dst, "ensure", "directory", "source", P(w, "tree"),
				      "recurse", "@true", "purge", "@true", NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	for (size_t i = 0; i < st.nchildren; i++)
		assert_int_equal(st.children[i]->status, RS_UNCHANGED);
}

static void test_file__validation(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *f = P(w, "v");
	assert_int_equal(apply(w, res(w, f, "mode", "999", NULL), &st), -1);
	assert_string_equal(st.error, "The file mode specification is invalid: \"999\"");
	assert_int_equal(apply(w, res(w, f, "mode", "abc", NULL), &st), -1);
	assert_int_equal(apply(w, res(w, f, "ensure", "sometimes", NULL), &st), -1);
	assert_string_equal(st.error,
			    "Invalid value 'sometimes'. Valid values are present, absent, file, directory, link");
	assert_int_equal(apply(w, res(w, "relative/x", "content", "x", NULL), &st), -1);
	assert_string_equal(st.error, "File paths must be fully qualified, not 'relative/x'");
	assert_int_equal(apply(w, res(w, f, "colour", "red", NULL), &st), -1);
	assert_string_equal(st.error, "no parameter named 'colour'");
	assert_int_equal(apply(w, res(w, f, "content", "a", "source", "/etc/hostname", NULL), &st), -1);
	assert_int_equal(apply(w, res(w, f, "replace", "maybe", NULL), &st), -1);

	/* an Integer mode that was not an octal literal is refused, as Puppet 7 does */
	struct resource *r = res(w, f, NULL);
	val_hash_set_str(&w->a, r->params, "mode", val_int(&w->a, 420));
	assert_int_equal(apply(w, r, &st), -1);
	/* a legacy literal 0644 keeps its text */
	struct value *lit = val_int(&w->a, 0644);
	lit->u.n.lit = "0644";
	r = res(w, f, "content", "", NULL);
	val_hash_set_str(&w->a, r->params, "mode", lit);
	assert_int_equal(apply(w, r, &st), 0);
	assert_int_equal(mode_of(f), 0644);
	assert_int_equal(access(P(w, "relative"), F_OK), -1);
}

static void test_file__owner_group_by_id(void **state)
{
	struct world *w = *state;
	struct rstate st;
	const char *f = P(w, "o");
	assert_int_equal(file_write_atomic(f, "o", 1, 0644), 0);
	const char *uid = arena_strfmt(&w->a, "%u", (unsigned)geteuid());
	const char *gid = arena_strfmt(&w->a, "%u", (unsigned)getegid());
	assert_int_equal(apply(w, res(w, f, "owner", uid, "group", gid, NULL), &st), 0);
	assert_int_equal(st.status, RS_UNCHANGED);
	assert_int_equal(apply(w, res(w, f, "owner", "no-such-user-tend", NULL), &st), -1);
	assert_string_equal(st.error, "user 'no-such-user-tend' does not exist");
	if (geteuid() != 0)
		return;
	assert_int_equal(apply(w, res(w, f, "owner", "65534", "group", "65534", NULL), &st), 0);
	assert_int_equal(st.nevents, 2);
	assert_string_equal(st.events[0].property, "owner");
	assert_string_equal(st.events[0].desired, "65534");
	assert_string_equal(st.events[1].property, "group");
	struct stat sb;
	assert_int_equal(stat(f, &sb), 0);
	assert_int_equal(sb.st_uid, 65534);
	assert_int_equal(sb.st_gid, 65534);
	/* a content change keeps the owner */
	assert_int_equal(apply(w, res(w, f, "content", "new", NULL), &st), 0);
	assert_int_equal(stat(f, &sb), 0);
	assert_int_equal(sb.st_uid, 65534);
}

static void add_req(const char *type, const char *title, void *payload)
{
	struct buf *b = payload;
	buf_addf(b, "%s[%s] ", type, title);
}

static void test_file__autorequire(void **state)
{
	struct world *w = *state;
	struct buf b = BUF_INIT;
	rtype_file.autorequire(&w->c, res(w, "/etc/app/conf.d/x.conf", "owner", "app",
					  "group", "0", NULL), add_req, &b);
	assert_string_equal(b.ptr, "File[/etc/app/conf.d] File[/etc/app] File[/etc] File[/] User[app] ");
	buf_release(&b);
}

/*
 * A sync killed with SIGKILL at a random moment leaves the old or the new
 * content, never a mix: 50 children write 1 MB alternately of 'A's and
 * 'B's and are killed after 0-15 ms.
 */
static void test_file__sigkill_never_leaves_a_mix(void **state)
{
	struct world *w = *state;
	const size_t n = 1024 * 1024;
	char *a = malloc(n + 1), *b = malloc(n + 1);
	memset(a, 'A', n);
	memset(b, 'B', n);
	a[n] = b[n] = '\0';
	const char *f = P(w, "big");
	assert_int_equal(file_write_atomic(f, a, n, 0644), 0);
	w->c.bucket_dir = NULL; /* the bucket is not what is tested here */
	srand((unsigned)time(NULL));
	int killed_mid = 0;
	for (int i = 0; i < 50; i++) {
		const char *want = i % 2 ? a : b;
		struct resource *r = res(w, f, "content", want, NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct rstate st = { .res = r };
			_exit(rtype_file.sync(&w->c, r, &st) == 0 ? 0 : 1);
		}
		struct timespec ts = { 0, (long)(rand() % 15000) * 1000 };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFSIGNALED(status))
			killed_mid++;
		else
			assert_int_equal(WEXITSTATUS(status), 0);
		struct buf got = BUF_INIT;
		assert_int_equal(file_read(&got, f), 0);
		assert_int_equal(got.len, n);
		assert_true(!memcmp(got.ptr, a, n) || !memcmp(got.ptr, b, n));
		buf_release(&got);
	}
	/* the kills must have hit some runs, or the test proved nothing */
	assert_true(killed_mid > 0);
	/* and the next run converges */
	struct rstate st;
	assert_int_equal(apply(w, res(w, f, "content", b, NULL), &st), 0);
	struct buf got = BUF_INIT;
	assert_int_equal(file_read(&got, f), 0);
	assert_true(got.len == n && !memcmp(got.ptr, b, n));
	buf_release(&got);
	free(a);
	free(b);
}

int suite_file(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file__content_creates_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__content_change_backs_up_and_diffs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__mode_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__noop_reports_and_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__directories_links_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__replace_false, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__owner_group_by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__autorequire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file__sigkill_never_leaves_a_mix, setup, teardown),
	};
	return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
