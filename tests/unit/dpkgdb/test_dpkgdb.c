/* SPDX-License-Identifier: MIT */
/* test_dpkgdb.c: dpkg's status file read as dpkg-query reads it */
#include "util/compat.h"
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>
#include "resource/dpkgdb.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/proc.h"
#include "util/xalloc.h"

#include <setjmp.h>
#include <cmocka.h>

/*
 * A status file with the cases the reader answers and those it leaves to
 * dpkg-query. Each stanza has what dpkg requires of it, so that dpkg-query
 * reads the same file without complaint (see test_dpkgdb__as_dpkg_query).
 */
static const char fixture[] =
	"Package: first\n"
	"Status: install ok installed\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: amd64\n"
	"Version: 1.0\n"
	"Description: at the very start of the file\n"
	"\n"
	"Package: alpha\n"
	"Status: install ok installed\n"
	"Priority: optional\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: amd64\n"
	"Version: 1:2.0-1\n"
	"Depends: beta (>= 1.0), gamma | delta:any, libx (= 1.2), dep-\n"
	"Provides: virt-a\n"
	"Description: alpha\n"
	" Package: in-description\n"
	" Depends: in-description-too\n"
	"\n"
	"Package: cfonly\n"
	"Status: deinstall ok config-files\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: amd64\n"
	"Version: 3.0\n"
	"Depends: ref-from-cf\n"
	"Conffiles:\n"
	" /etc/cfonly.conf 0123456789abcdef0123456789abcdef\n"
	"Description: configuration files only\n"
	"\n"
	"Package: half\n"
	"Status: install reinstreq half-installed\n"
	"Architecture: all\n"
	"Version: 0.1\n"
	"Recommends: ref-rec,\n"
	" ref-rec2\n"
	"\n"
	"Package: selection\n"
	"Status: purge ok not-installed\n"
	"Architecture: amd64\n"
	"\n"
	"Package: zeroep\n"
	"Status: install ok installed\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: amd64\n"
	"Version: 0:1.0\n"
	"Description: epoch 0, printed without it\n"
	"\n"
	"Package: trig\n"
	"Status: hold ok triggers-pending\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: amd64\n"
	"Version: 5~rc1+dfsg\n"
	"Triggers-Pending: some-trigger\n"
	"Built-Using: ref-built-using (= 1)\n"
	"Enhances: ref-enh\n"
	"Breaks: ref-breaks (<< 2)\n"
	"Description: triggers pending\n"
	"\n"
	"Package: multi\n"
	"Status: install ok installed\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: amd64\n"
	"Multi-Arch: same\n"
	"Version: 1\n"
	"Description: one instance\n"
	"\n"
	"Package: multi\n"
	"Status: install ok installed\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: i386\n"
	"Multi-Arch: same\n"
	"Version: 1\n"
	"Description: another\n"
	"\n"
	"Package: last\n"
	"Status: install ok unpacked\n"
	"Maintainer: M <m@example.org>\n"
	"Architecture: amd64\n"
	"Version: 2\n"
	"Conflicts: conf-a (<< 1.0~)\n"
	"Description: the last stanza\n";

/* dpkgdb's answer: the lines, or "ASK" when it leaves it to dpkg-query. */
static char *answer(const char *name)
{
	struct buf out = BUF_INIT;
	if (dpkgdb_query_text(&out, fixture, strlen(fixture), name) < 0) {
		assert_int_equal(out.len, 0);
		buf_addstr(&out, "ASK");
	}
	return buf_detach(&out, NULL);
}

static void expect(const char *name, const char *want)
{
	char *got = answer(name);
	if (strcmp(got, want))
		fail_msg("%s: got '%s', want '%s'", name, got, want);
	free(got);
}

static const char *const NOT_INSTALLED = "unknown ok not-installed\t\n";

static void test_dpkgdb__stanzas(void **state UNUSED)
{
	expect("first", "install ok installed\t1.0\n");
	expect("alpha", "install ok installed\t1:2.0-1\n");
	expect("alpha:amd64", "install ok installed\t1:2.0-1\n");
	expect("cfonly", "deinstall ok config-files\t3.0\n");
	expect("half", "install reinstreq half-installed\t0.1\n");
	expect("half:all", "install reinstreq half-installed\t0.1\n");
	expect("trig", "hold ok triggers-pending\t5~rc1+dfsg\n");
	expect("last", "install ok unpacked\t2\n");
	/* what dpkg rewrites or orders itself is left to it */
	expect("selection", "ASK");
	expect("zeroep", "ASK");
	expect("multi", "ASK");
	expect("half:amd64", "ASK");
	expect("Alpha", "ASK");
}

static void test_dpkgdb__names_dpkg_knows_without_a_stanza(void **state UNUSED)
{
	static const char *const known[] = {
		"beta",	   "gamma", "delta",  "libx",	 "virt-a", "ref-from-cf",
		"ref-rec", "ref-rec2", "ref-enh", "ref-breaks", "dep-",
		"conf-a",
	};
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		expect(known[i], NOT_INSTALLED);
	/* never with an architecture */
	expect("beta:amd64", "");
	/* not a relationship field, or not a name in one */
	static const char *const unknown[] = {
		"in-description", "in-description-too", "ref-built-using",
		"some-trigger",	  "1.2",		"1.0",
		"any",		  "alph",		"eta",
		"dep",		  "nosuchpackage",	"amd64",
	};
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		expect(unknown[i], "");
}

/* dpkg-query's own answer on an admindir holding `status`. */
static char *dpkg_query(const char *admindir, const char *name)
{
	struct buf out = BUF_INIT, opt = BUF_INIT;
	buf_addf(&opt, "--admindir=%s", admindir);
	const char *argv[] = {"dpkg-query", opt.ptr, "-W", "-f",
			      "${Status}\t${Version}\n", "--", name, NULL};
	int rc = proc_run(&out, NULL, argv, NULL);
	buf_release(&opt);
	assert_true(rc == 0 || rc == 1);
	return buf_detach(&out, NULL);
}

static bool have_dpkg_query(void)
{
	const char *argv[] = {"dpkg-query", "--version", NULL};
	return proc_run(NULL, NULL, argv, NULL) == 0;
}

/* Every answer of the reader is dpkg-query's, on the same file. */
static void test_dpkgdb__as_dpkg_query(void **state UNUSED)
{
	if (!have_dpkg_query()) {
		skip();
		return;
	}
	char dir[] = "/tmp/tend-dpkgdb-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s/status", dir);
	assert_int_equal(file_write_atomic(p.ptr, fixture, strlen(fixture), 0644), 0);
	buf_reset(&p);
	buf_addf(&p, "%s/updates", dir);
	assert_int_equal(mkdir(p.ptr, 0755), 0);

	static const char *const names[] = {
		"first",      "alpha",	    "alpha:amd64", "cfonly",
		"half",	      "half:all",   "half:amd64",  "trig",
		"last",	      "selection",  "zeroep",	   "multi",
		"multi:i386", "beta",	    "beta:amd64",  "gamma",
		"delta",      "libx",	    "virt-a",	   "ref-from-cf",
		"ref-rec",    "ref-rec2",   "ref-enh",	   "ref-breaks",
		"dep-",	      "conf-a",	    "in-description", "ref-built-using", "some-trigger",
		"1.2",	      "any",	    "alph",	   "nosuchpackage",
	};
	size_t answered = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct buf got = BUF_INIT;
		if (dpkgdb_query(&got, dir, names[i]) == 0) {
			char *want = dpkg_query(dir, names[i]);
			if (strcmp(got.ptr, want))
				fail_msg("%s: dpkgdb '%s', dpkg-query '%s'",
					 names[i], got.ptr, want);
			free(want);
			answered++;
		}
		buf_release(&got);
	}
	assert_true(answered >= ARRAY_SIZE(names) - 6);

	/* dpkg's journal holds newer states: dpkg-query must merge them */
	buf_reset(&p);
	buf_addf(&p, "%s/updates/0001", dir);
	assert_int_equal(file_write_atomic(p.ptr, "", 0, 0644), 0);
	struct buf got = BUF_INIT;
	assert_int_equal(dpkgdb_query(&got, dir, "alpha"), -1);
	unlink(p.ptr);
	assert_int_equal(dpkgdb_query(&got, dir, "alpha"), 0);
	buf_release(&got);

	buf_reset(&p);
	buf_addf(&p, "rm -rf '%s'", dir);
	assert_int_equal(system(p.ptr), 0);
	buf_release(&p);
	/* no status file: dpkg-query decides */
	assert_int_equal(dpkgdb_query(&got, "/nonexistent/tend", "alpha"), -1);
}

/* Adds each word of text that could be a package name to names (a set). */
static void add_words(char ***names, size_t *n, size_t *alloc, const char *text)
{
	for (const char *s = text; *s;) {
		size_t len = strcspn(s, " \t\n,|()[]<>=");
		if (len && isalnum((unsigned char)s[0])) {
			char *w = xmemdupz(s, len);
			char *colon = strchr(w, ':');
			if (colon && strcmp(colon, ":any") && strcmp(colon, ":native"))
				colon = NULL;
			if (colon)
				*colon = 0;
			if (*n == *alloc) {
				*alloc = *alloc ? 2 * *alloc : 256;
				*names = xrealloc(*names, *alloc * sizeof(**names));
			}
			(*names)[(*n)++] = w;
		}
		s += len;
		if (*s)
			s++;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * This machine's database: every package, every name its packages relate
 * to, and the words in between (versions, architectures), each with and
 * without its architecture, answered as one dpkg-query run answers them.
 */
static void test_dpkgdb__this_machine(void **state UNUSED)
{
	if (!have_dpkg_query() || access("/var/lib/dpkg/status", R_OK) ||
	    getenv("DPKG_ADMINDIR") || getenv("DPKG_ROOT")) {
		skip();
		return;
	}
	struct buf list = BUF_INIT;
	const char *argv_list[] = {
		"dpkg-query", "-W", "-f",
		"${Package}:${Architecture} ${Package} ${Version}\n${Provides}\n"
		"${Depends}\n${Pre-Depends}\n${Recommends}\n${Suggests}\n"
		"${Breaks}\n${Conflicts}\n${Replaces}\n${Enhances}\n",
		NULL};
	assert_int_equal(proc_run(&list, NULL, argv_list, NULL), 0);
	char **names = NULL;
	size_t n = 0, alloc = 0;
	add_words(&names, &n, &alloc, list.ptr);
	add_words(&names, &n, &alloc, "tend-no-such-package awk:amd64");
	buf_release(&list);
	qsort(names, n, sizeof(*names), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && !strcmp(names[k - 1], names[i]))
			free(names[i]);
		else
			names[k++] = names[i];
	}
	n = k;

	/* one dpkg-query for all: its lines, keyed by name and by name:arch */
	const char **argv = xmalloc((n + 6) * sizeof(*argv));
	size_t a = 0;
	argv[a++] = "dpkg-query";
	argv[a++] = "-W";
	argv[a++] = "-f";
	argv[a++] = "${Package}\t${Architecture}\t${Status}\t${Version}\n";
	argv[a++] = "--";
	for (size_t i = 0; i < n; i++)
		argv[a++] = names[i];
	argv[a] = NULL;
	struct buf all = BUF_INIT;
	int rc = proc_run(&all, NULL, argv, NULL);
	assert_true(rc == 0 || rc == 1);
	free(argv);

	size_t answered = 0, asked = 0;
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(names[i], ':');
		size_t blen = colon ? (size_t)(colon - names[i]) : strlen(names[i]);
		struct buf want = BUF_INIT, got = BUF_INIT;
		for (const char *l = all.ptr; *l;) {
			const char *nl = strchrnul(l, '\n');
			const char *t1 = memchr(l, '\t', (size_t)(nl - l));
			const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) : NULL;
			if (t2 && (size_t)(t1 - l) == blen && !memcmp(l, names[i], blen) &&
			    (!colon || ((size_t)(t2 - t1 - 1) == strlen(colon + 1) &&
					!memcmp(t1 + 1, colon + 1, (size_t)(t2 - t1 - 1))))) {
				buf_add(&want, t2 + 1, (size_t)(nl - t2 - 1));
				buf_addch(&want, '\n');
			}
			l = *nl ? nl + 1 : nl;
		}
		if (dpkgdb_query(&got, "/var/lib/dpkg", names[i]) == 0) {
			if (strcmp(got.ptr, want.ptr))
				fail_msg("%s: dpkgdb '%s', dpkg-query '%s'",
					 names[i], got.ptr, want.ptr);
			answered++;
		} else {
			asked++;
		}
		buf_release(&want);
		buf_release(&got);
		free(names[i]);
	}
	free(names);
	buf_release(&all);
	print_message("# %zu names answered as dpkg-query does, %zu left to it\n",
		      answered, asked);
	/* on an ordinary machine, nearly everything is answered here */
	assert_true(answered > 10 * asked);
}

int suite_dpkgdb(void);
int suite_dpkgdb(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpkgdb__stanzas),
		cmocka_unit_test(test_dpkgdb__names_dpkg_knows_without_a_stanza),
		cmocka_unit_test(test_dpkgdb__as_dpkg_query),
		cmocka_unit_test(test_dpkgdb__this_machine),
	};
	return cmocka_run_group_tests_name("dpkgdb", tests, NULL, NULL);
}
