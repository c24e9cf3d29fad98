/* SPDX-License-Identifier: MIT */
/* dpkgdb.c: a package's state read from dpkg's status file, as dpkg-query says it */
#include "util/compat.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "resource/dpkgdb.h"
#include "util/buf.h"
#include "util/err.h"

/*
 * `dpkg-query -W` costs ~8 ms: it loads the whole database. The package
 * type needs one package's Status and Version, which are a few lines of
 * ADMINDIR/status, a file dpkg itself writes (atomically, by rename) in
 * a fixed form: stanzas separated by a blank line, "Field: value" lines,
 * continuation lines starting with a space. This reader answers the cases
 * it can answer exactly as dpkg-query (dpkg 1.21) would, and gives up (-1,
 * the caller runs dpkg-query) on anything else:
 *
 *  - NAME has one stanza ("Package: NAME" at the start of a line): its
 *    Status ("want eflag status", three known words) and Version. With
 *    ":ARCH", its Architecture must be ARCH. A stanza whose status is
 *    not-installed is a selection that dpkg rewrites while loading (want
 *    and version reset), so it is left to dpkg, as are several stanzas
 *    (Multi-Arch instances: dpkg-query's order decides), a version dpkg
 *    prints otherwise (epoch 0 or with leading zeros, an empty revision)
 *    and a field given twice.
 *  - NAME has no stanza: dpkg still knows it, as "unknown ok
 *    not-installed" with no version, when another stanza names it in a
 *    relationship field (Depends, Provides, ...: virtual packages such as
 *    awk), except with ":ARCH", which never matches such an entry. Else
 *    dpkg-query prints nothing.
 *
 * Package names are matched byte for byte, as dpkg-query matches them
 * (names with capitals are left to dpkg). Entries dpkg creates from its
 * trigger files (triggers/File, triggers/Unincorp) name installed packages,
 * which have stanzas, and are not read.
 */

static const char *const wants[] = {"unknown", "install", "hold",
				    "deinstall", "purge"};
static const char *const eflags[] = {"ok", "reinstreq"};
/* not-installed is not here: see above */
static const char *const statuses[] = {
	"config-files",	    "half-installed",	"unpacked",
	"half-configured",  "triggers-awaited", "triggers-pending",
	"installed",
};

/* dpkg's relationship fields: each name in them is a package dpkg knows */
static const char *const rel_fields[] = {
	"Depends",   "Pre-Depends", "Recommends", "Suggests",
	"Breaks",    "Conflicts",   "Provides",	  "Replaces",
	"Enhances",  "Recommended", "Optional",	  "Triggers-Awaited",
};

struct span {
	const char *p;
	size_t len;
};

static bool word_in(const char *p, size_t len, const char *const *list,
		    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(p, list[i], len))
			return true;
	return false;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

/*
 * The value of field `field` in the stanza [s, e): one line, leading and
 * trailing blanks trimmed. 0 found, 1 absent, -1 when dpkg would see it
 * otherwise (given twice, or continued on the next line).
 */
static int field(struct span *out, const char *s, const char *e,
		 const char *field)
{
	size_t flen = strlen(field);
	int found = 1;
	for (const char *l = s; l < e;) {
		const char *le = line_end(l, e);
		if ((size_t)(le - l) > flen && l[flen] == ':' &&
		    !strncasecmp(l, field, flen)) {
			if (!found)
				return -1;
			const char *v = l + flen + 1, *ve = le;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
			*out = (struct span){v, (size_t)(ve - v)};
			found = 0;
			if (le < e && (le[1] == ' ' || le[1] == '\t'))
				return -1;
		}
		l = le < e ? le + 1 : e;
	}
	return found;
}

/* A version dpkg prints as written: [epoch:]upstream[-revision]. */
static bool plain_version(struct span v)
{
	for (size_t i = 0; i < v.len; i++)
		if (!isalnum((unsigned char)v.p[i]) && !strchr(".+~:-", v.p[i]))
			return false;
	if (v.len && v.p[v.len - 1] == '-')
		return false; /* an empty revision: dpkg refuses it */
	const char *colon = memchr(v.p, ':', v.len);
	if (colon) {
		/* printed as a number: "0:" is dropped, "01:" becomes "1:" */
		if (colon == v.p || v.p[0] < '1' || v.p[0] > '9')
			return false;
		for (const char *p = v.p; p < colon; p++)
			if (!isdigit((unsigned char)*p))
				return false;
	}
	return true;
}

/* The stanza [s, e) as dpkg-query prints it; -1 when left to dpkg. */
static int show(struct buf *out, const char *s, const char *e,
		const char *arch)
{
	struct span st, ver = {"", 0}, ar = {"", 0};
	if (field(&st, s, e, "Status") != 0)
		return err_set("no usable Status field");
	int rv = field(&ver, s, e, "Version"), ra = field(&ar, s, e, "Architecture");
	if (rv < 0 || ra < 0)
		return err_set("an unusual Version or Architecture field");
	if (arch && (ar.len != strlen(arch) || memcmp(ar.p, arch, ar.len)))
		return err_set("another architecture");
	if (!plain_version(ver))
		return err_set("a version dpkg would print otherwise");
	/* want eflag status */
	struct span w[3];
	const char *p = st.p, *pe = st.p + st.len;
	for (int i = 0; i < 3; i++) {
		while (p < pe && *p == ' ')
			p++;
		const char *we = p;
		while (we < pe && *we != ' ')
			we++;
		if (we == p)
			return err_set("a short Status field");
		w[i] = (struct span){p, (size_t)(we - p)};
		p = we;
	}
	if (p != pe || !word_in(w[0].p, w[0].len, wants, ARRAY_SIZE(wants)) ||
	    !word_in(w[1].p, w[1].len, eflags, ARRAY_SIZE(eflags)) ||
	    !word_in(w[2].p, w[2].len, statuses, ARRAY_SIZE(statuses)))
		return err_set("a Status dpkg rewrites or refuses");
	buf_addf(out, "%.*s %.*s %.*s\t%.*s\n", (int)w[0].len, w[0].p,
		 (int)w[1].len, w[1].p, (int)w[2].len, w[2].p, (int)ver.len,
		 ver.p);
	return 0;
}

/* Whether the relationship field value [v, e) names package `name`. */
static bool names_package(const char *v, const char *e, struct span name)
{
	const char *p = v;
	while (p < e) {
		while (p < e && isspace((unsigned char)*p))
			p++;
		const char *n = p;
		while (p < e && !isspace((unsigned char)*p) &&
		       !strchr(",|(:[<", *p))
			p++;
		if ((size_t)(p - n) == name.len && !memcmp(n, name.p, name.len))
			return true;
		/* skip the rest of this alternative: ":arch (>= version)" */
		int depth = 0;
		while (p < e && (depth || (*p != ',' && *p != '|'))) {
			if (*p == '(' || *p == '[')
				depth++;
			else if (depth && (*p == ')' || *p == ']'))
				depth--;
			p++;
		}
		if (p < e)
			p++;
	}
	return false;
}

/*
 * 1 when a relationship field of some stanza names `name`, 0 when none,
 * -1 when it is named where dpkg makes more of it than a bare entry.
 */
static int referenced(const char *text, const char *end, struct span name)
{
	const char *p = text;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), name.p, name.len);
		if (!hit)
			return 0;
		p = hit + 1;
		const char *after = hit + name.len;
		if (hit == text || !strchr(" \t,|:", hit[-1]) ||
		    (after < end && !strchr(" \t\n,|(:[<", *after)))
			continue;
		/* the field this line belongs to */
		const char *ls = hit;
		while (ls > text && ls[-1] != '\n')
			ls--;
		while ((*ls == ' ' || *ls == '\t') && ls > text) {
			ls--;
			while (ls > text && ls[-1] != '\n')
				ls--;
		}
		const char *colon = memchr(ls, ':', (size_t)(hit - ls));
		if (!colon || *ls == ' ' || *ls == '\t')
			continue;
		size_t flen = (size_t)(colon - ls);
		int which = -1;
		for (size_t i = 0; i < ARRAY_SIZE(rel_fields); i++)
			if (strlen(rel_fields[i]) == flen &&
			    !strncasecmp(ls, rel_fields[i], flen))
				which = (int)i;
		if (which < 0)
			continue;
		/* the field's value runs until a line not continued */
		const char *fe = line_end(hit, end);
		while (fe < end && (fe[1] == ' ' || fe[1] == '\t'))
			fe = line_end(fe + 1, end);
		if (!names_package(colon + 1, fe, name))
			continue;
		if (!strcmp(rel_fields[which], "Triggers-Awaited"))
			return err_set("named in Triggers-Awaited");
		return 1;
	}
	return 0;
}

int dpkgdb_query_text(struct buf *out, const char *text, size_t len,
		      const char *name)
{
	const char *end = text + len;
	const char *colon = strchr(name, ':');
	struct span bare = {name, colon ? (size_t)(colon - name) : strlen(name)};
	const char *arch = colon ? colon + 1 : NULL;
	if (!bare.len || (arch && !*arch))
		return err_set("not a package name");
	for (const char *p = name; *p; p++)
		if (isupper((unsigned char)*p) || isspace((unsigned char)*p))
			return err_set("a name dpkg may read otherwise");

	/* "Package: NAME\n" at the start of a line, once */
	struct buf needle = BUF_INIT;
	buf_addf(&needle, "\nPackage: %.*s\n", (int)bare.len, bare.p);
	const char *stanza = NULL;
	if (len >= needle.len - 1 && !memcmp(text, needle.ptr + 1, needle.len - 1))
		stanza = text;
	for (const char *p = text; p < end;) {
		const char *hit = memmem(p, (size_t)(end - p), needle.ptr,
					 needle.len);
		if (!hit)
			break;
		if (stanza) {
			buf_release(&needle);
			return err_set("several instances");
		}
		stanza = hit + 1;
		p = hit + 1;
	}
	buf_release(&needle);

	if (!stanza) {
		int ref = arch ? 0 : referenced(text, end, bare);
		if (ref < 0)
			return -1;
		if (ref)
			buf_addstr(out, "unknown ok not-installed\t\n");
		return 0;
	}
	/* the stanza: from after the blank line before to the one after */
	const char *s = stanza;
	while (s > text && !(s[-1] == '\n' && (s - 1 == text || s[-2] == '\n')))
		s--;
	const char *e = stanza;
	while (e < end) {
		const char *le = line_end(e, end);
		if (le == e)
			break;
		e = le < end ? le + 1 : end;
	}
	return show(out, s, e, arch);
}

/* Whether dpkg's journal holds updates not yet merged into status. */
static int journal_pending(const char *admindir)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/updates", admindir);
	DIR *d = opendir(path.ptr);
	if (!d) {
		err_set_errno("cannot open %s", path.ptr);
		buf_release(&path);
		return -1;
	}
	buf_release(&path);
	int pending = 0;
	struct dirent *de;
	while (!pending && (de = readdir(d)))
		if (de->d_name[0] &&
		    !de->d_name[strspn(de->d_name, "0123456789")])
			pending = 1;
	closedir(d);
	return pending;
}

int dpkgdb_query(struct buf *out, const char *admindir, const char *name)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/status", admindir);
	int fd = open(path.ptr, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		err_set_errno("cannot read %s", path.ptr);
		if (fd >= 0)
			close(fd);
		buf_release(&path);
		return -1;
	}
	buf_release(&path);
	size_t len = (size_t)sb.st_size;
	void *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (map == MAP_FAILED)
		return err_set_errno("cannot map dpkg's status file");
	/* after opening status, as dpkg-query reads them */
	int rc = journal_pending(admindir);
	if (rc > 0)
		rc = err_set("dpkg's journal has updates not in its status file");
	if (rc == 0)
		rc = dpkgdb_query_text(out, map ? map : "", len, name);
	if (map)
		munmap(map, len);
	return rc;
}
