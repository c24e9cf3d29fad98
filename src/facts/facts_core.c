/* SPDX-License-Identifier: MIT */
/* facts_core.c: core facts from /proc, /sys, /etc and a few system calls */
/*
 * One collection, in order (Facter 4.3's resolvers are the reference for
 * every name, type and format):
 *  1. uname(2) and the release files (/etc/os-release, /etc/debian_version,
 *     /etc/lsb-release, /etc/redhat-release) give the kernel and os facts.
 *     The os name and family decide a few formats later (architecture,
 *     processors.isa, which release file counts).
 *  2. identity, memory, processors, load averages, filesystems, timezone,
 *     path, dmi: one file or call each, independent of each other.
 *  3. virtual: containers first (/proc/1/cgroup, /proc/1/environ,
 *     /.dockerenv), then DMI, OpenVZ, vserver, Xen and the CPUID
 *     hypervisor leaf; inside docker, system_uptime is PID 1's age as
 *     Facter's `ps -o etime= -p 1` gives it.
 *  4. networking (facts_net.c): gethostname(2), /etc/hosts and resolv.conf for
 *     the domain (no DNS query), getifaddrs(3) for interfaces,
 *     /sys/class/net for MTUs, /proc/net/if_inet6 for IPv6 flags,
 *     /proc/net/route for the primary interface.
 *  5. Legacy flat facts are set next to the structured fact they alias,
 *     sharing its value (values are immutable once built).
 *  6. facts_collect() then lays facts.d files and FACTER_ environment
 *     variables over the result.
 * Nothing here forks or touches the network, so a collection stays well
 * under a few milliseconds.
 */
#include "util/compat.h"
#include <dirent.h>
#include <float.h>
#include <grp.h>
#include <inttypes.h>
#include <math.h>
#include <pwd.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#include "facts/facts-internal.h"
#include "util/log.h"
#include "util/xalloc.h"

extern char **environ;

/* ---- formats shared with other modules ---- */

/* round() for 0 <= x < 2^52: x - trunc(x) is exact there */
static double round_half_away(double x)
{
	double r = (double)(uint64_t)x;
	return x - r >= 0.5 ? r + 1.0 : r;
}

void facts_bytes_to_human(struct buf *out, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB",
					     "TiB", "PiB", "EiB" };
	if (bytes < 1024) {
		buf_addf(out, "%" PRIu64 " bytes", bytes);
		return;
	}
	/* Facter: exp = (Math.log2(bytes) / 10.0).floor, then
	 * (100.0 * (bytes / 1024.0**exp)).round / 100.0; done with exact
	 * binary arithmetic so that collecting facts never loads libm (a
	 * minion's memory, util/lazylib.h). Where log2 would round up to a
	 * multiple of ten, the quotient here rounds to 1024.00 and becomes
	 * 1.00 of the next unit below, as it does in Facter. */
	int e;
	frexp((double)bytes, &e); /* 2^(e-1) <= bytes < 2^e */
	int ex = (e - 1) / 10;
	double n = round_half_away(100.0 * ldexp((double)bytes, -10 * ex)) / 100.0;
	if (fabs(n - 1024.0) < DBL_EPSILON) {
		ex++;
		n = 1.0;
	}
	if (ex > (int)ARRAY_SIZE(units)) {
		buf_addf(out, "%" PRIu64 " bytes", bytes);
		return;
	}
	buf_addf(out, "%.2f %s", n, units[ex - 1]);
}

void facts_hertz_to_human(struct buf *out, uint64_t hz)
{
	static const char *const prefix[] = { "", "k", "M", "G", "T" };
	if (!hz)
		return;
	/* floor(log10(hz)) and 10**dexp, without libm (see above) */
	static const double tens[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
				       1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
				       1e18, 1e19 };
	int power = 0;
	while (power + 1 < (int)ARRAY_SIZE(tens) && (double)hz >= tens[power + 1])
		power++;
	int dexp = power - power % 3;
	if (dexp > 12)
		dexp = 12;
	double coef = (double)hz / tens[dexp];
	/* Ruby's Float#round(2), which corrects round(x * 100) when the
	 * product fell just below a half (1.995 → 2.0, not 1.99) */
	double f = round_half_away(coef * 100.0);
	if ((f + 0.5) / 100.0 <= coef)
		f += 1;
	coef = f / 100.0;
	buf_addf(out, "%.2f %sHz", coef, prefix[dexp / 3]);
}

/* ---- os ---- */

/*
 * The value of KEY= in an os-release style text, the last one winning,
 * with double quotes removed as Facter does; NULL when absent or empty.
 */
static const char *kv_get(struct facts_ctx *c, const struct buf *text,
			  const char *key)
{
	const char *p = text->ptr, *end = p + text->len, *l, *found = NULL;
	size_t ll, kl = strlen(key), flen = 0;

	while (next_line(&p, end, &l, &ll)) {
		while (ll && isspace((unsigned char)*l))
			l++, ll--;
		if (ll <= kl || memcmp(l, key, kl) || l[kl] != '=')
			continue;
		found = l + kl + 1;
		flen = ll - kl - 1;
	}
	if (!found)
		return NULL;
	while (flen && isspace((unsigned char)found[flen - 1]))
		flen--;
	struct buf v = BUF_INIT;
	if (flen >= 2 && found[0] == '\'' && found[flen - 1] == '\'') {
		buf_add(&v, found + 1, flen - 2);
	} else {
		for (size_t i = 0; i < flen; i++) {
			if (found[i] == '"')
				continue;
			if (found[i] == '\\' && i + 1 < flen)
				i++;
			buf_addch(&v, found[i]);
		}
	}
	const char *r = v.len ? arena_memdupz(c->a, v.ptr, v.len) : NULL;
	buf_release(&v);
	return r;
}

/* os.name from os-release NAME, as Facter shortens it. */
static const char *os_name_from(struct facts_ctx *c, const char *name)
{
	const char *r;
	if (starts_ci(name, "red") || starts_ci(name, "oracle") ||
	    starts_ci(name, "arch") || starts_ci(name, "manjaro")) {
		const char *w0 = word(c, name, 0), *w1 = word(c, name, 1);
		r = w1 ? arena_strfmt(c->a, "%s%s", w0, w1) : w0;
	} else if (ends_ci(name, "mariner")) {
		int n = 0;
		while (word(c, name, n + 1))
			n++;
		r = word(c, name, n);
	} else {
		r = word(c, name, 0);
	}
	if (!r)
		return NULL;
	if (starts_ci(r, "arch") || starts_ci(r, "manjaro"))
		r = capitalize(c, r);
	if (starts_ci(r, "virtuozzo"))
		r = arena_strfmt(c->a, "%sLinux", r);
	return r;
}

/* Facter's FAMILY_HASH, in its order: the first match names the family. */
static const struct {
	const char *id;
	const char *family;
} flavours[] = {
	{ "redhat", "RedHat" },
	{ "rhel", "RedHat" },
	{ "fedora", "RedHat" },
	{ "centos", "RedHat" },
	{ "scientific", "RedHat" },
	{ "ascendos", "RedHat" },
	{ "cloudlinux", "RedHat" },
	{ "psbm", "RedHat" },
	{ "oraclelinux", "RedHat" },
	{ "ovs", "RedHat" },
	{ "oel", "RedHat" },
	{ "amazon", "RedHat" },
	{ "xenserver", "RedHat" },
	{ "xcp-ng", "RedHat" },
	{ "virtuozzo", "RedHat" },
	{ "photon", "RedHat" },
	{ "mariner", "RedHat" },
	{ "debian", "Debian" },
	{ "ubuntu", "Debian" },
	{ "huaweios", "Debian" },
	{ "linuxmint", "Debian" },
	{ "devuan", "Debian" },
	{ "kde", "Debian" },
	{ "sles", "Suse" },
	{ "sled", "Suse" },
	{ "suse", "Suse" },
	{ "gentoo", "Gentoo" },
	{ "arch", "Archlinux" },
	{ "manjaro", "Archlinux" },
	{ "mandrake", "Mandrake" },
	{ "mandriva", "Mandrake" },
	{ "mageia", "Mandrake" },
};

/* os.family from os-release ID_LIKE or ID: a known flavour anywhere in it. */
static const char *os_family_from(struct facts_ctx *c, const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(flavours); i++)
		if (strcasestr(id, flavours[i].id))
			return flavours[i].family;
	return capitalize(c, id);
}

/* {full, major, minor} from "12.11": Facter's release_hash_from_string. */
static struct value *release_hash(struct facts_ctx *c, const char *full,
				  bool debian_minor)
{
	if (!full)
		return NULL;
	struct value *h = val_hash(c->a, 3);
	put_s(c, h, "full", full);
	const char *dot = strchr(full, '.');
	put(c, h, "major",
	    val_str(c->a, full, dot ? (size_t)(dot - full) : strlen(full)));
	if (dot) {
		const char *m = dot + 1, *e = strchr(m, '.');
		size_t ml = e ? (size_t)(e - m) : strlen(m);
		/* Debian's minor "04" reads as "4" */
		if (debian_minor && ml >= 2 && m[0] == '0' && m[1] >= '1' &&
		    m[1] <= '9')
			m++, ml--;
		put(c, h, "minor", val_str(c->a, m, ml));
	}
	return h;
}

/* The version after "release" in /etc/redhat-release. */
static const char *redhat_version(struct facts_ctx *c, const char *line)
{
	const char *r = line ? strstr(line, "release") : NULL;
	return r ? word(c, r + strlen("release"), 0) : NULL;
}

static void collect_os(struct facts_ctx *c)
{
	struct buf osr = BUF_INIT, lsb = BUF_INIT;
	bool have_osr = read_into(c, &osr, "/etc/os-release") == 0 ||
			read_into(c, &osr, "/usr/lib/os-release") == 0;
	const char *debian_version = read_trimmed(c, "/etc/debian_version");
	const char *redhat_release = read_trimmed(c, "/etc/redhat-release");
	bool have_lsb = read_into(c, &lsb, "/etc/lsb-release") == 0;

	const char *name = NULL, *id = NULL, *id_like = NULL;
	if (have_osr) {
		const char *n = kv_get(c, &osr, "NAME");
		name = n ? os_name_from(c, n) : NULL;
		id = kv_get(c, &osr, "ID");
		id_like = kv_get(c, &osr, "ID_LIKE");
	} else if (debian_version) {
		name = "Debian";
		id = "debian";
	} else if (redhat_release) {
		name = word(c, redhat_release, 0);
		id = "rhel";
	}
	if (id && strcasestr(id, "opensuse"))
		id = "opensuse";
	const char *family = (id_like || id)
				     ? os_family_from(c, id_like ? id_like : id)
				     : NULL;
	c->os_name = name;
	c->os_family = family;

	const char *machine = c->uts.machine;
	const char *arch = machine;
	if (family && !strcmp(family, "Debian") && !strcmp(machine, "x86_64"))
		arch = "amd64";
	if ((machine[0] == 'i' && machine[1] >= '3' && machine[1] <= '6' &&
	     !strcmp(machine + 2, "86")) ||
	    strstr(machine, "pentium"))
		arch = "i386";

	/* os.release */
	bool is_debian = name && !strcmp(name, "Debian");
	const char *version_id = have_osr ? kv_get(c, &osr, "VERSION_ID")
					  : NULL;
	struct value *release = NULL;
	if (is_debian && debian_version) {
		release = release_hash(c, debian_version, true);
	} else if (name && !strcmp(name, "Ubuntu") && version_id) {
		release = val_hash(c->a, 2);
		put_s(c, release, "full", version_id);
		put_s(c, release, "major", version_id);
	} else if (family && !strcmp(family, "RedHat")) {
		const char *v = redhat_version(c, redhat_release);
		release = release_hash(c, v ? v : version_id, false);
	} else {
		release = release_hash(c, version_id, false);
	}

	/* os.distro, what lsb_release would say */
	const char *codename = NULL, *description = NULL, *distro_id = NULL;
	struct value *distro_release = NULL;
	if (is_debian) {
		codename = kv_get(c, &osr, "VERSION_CODENAME");
		if (!codename) {
			const char *v = kv_get(c, &osr, "VERSION");
			const char *lp = v ? strchr(v, '(') : NULL;
			const char *rp = lp ? strchr(lp, ')') : NULL;
			if (rp && rp > lp + 1)
				codename = arena_memdupz(c->a, lp + 1,
							 (size_t)(rp - lp - 1));
		}
		description = kv_get(c, &osr, "PRETTY_NAME");
		distro_id = id ? capitalize(c, id) : NULL;
		distro_release = debian_version
					 ? release_hash(c, debian_version, true)
					 : NULL;
	} else if (have_lsb && kv_get(c, &lsb, "DISTRIB_ID")) {
		distro_id = kv_get(c, &lsb, "DISTRIB_ID");
		codename = kv_get(c, &lsb, "DISTRIB_CODENAME");
		description = kv_get(c, &lsb, "DISTRIB_DESCRIPTION");
		distro_release = release_hash(
			c, kv_get(c, &lsb, "DISTRIB_RELEASE"), false);
	} else if (redhat_release) {
		description = redhat_release;
		const char *r = strstr(redhat_release, "release");
		const char *lp = r ? strchr(r, '(') : NULL;
		const char *rp = lp ? strchr(lp, ')') : NULL;
		if (rp && rp > lp + 1)
			codename = arena_memdupz(c->a, lp + 1,
						 (size_t)(rp - lp - 1));
		struct buf idb = BUF_INIT;
		for (int i = 0;; i++) {
			const char *w = word(c, redhat_release, i);
			if (!w || !strcmp(w, "release"))
				break;
			if (strcasecmp(w, "linux"))
				buf_addstr(&idb, w);
		}
		distro_id = idb.len ? arena_memdupz(c->a, idb.ptr, idb.len)
				    : NULL;
		buf_release(&idb);
		distro_release = release_hash(
			c, redhat_version(c, redhat_release), false);
	} else if (have_osr) {
		codename = kv_get(c, &osr, "VERSION_CODENAME");
		description = kv_get(c, &osr, "PRETTY_NAME");
		distro_id = id ? capitalize(c, id) : NULL;
		distro_release = release_hash(c, version_id, false);
	}

	struct value *os = val_hash(c->a, 8);
	struct value *v;
	v = put_s(c, os, "architecture", arch);
	legacy(c, "architecture", v);
	if (codename || description || distro_id || distro_release) {
		struct value *d = val_hash(c->a, 4);
		legacy(c, "lsbdistcodename", put_s(c, d, "codename", codename));
		legacy(c, "lsbdistdescription",
		       put_s(c, d, "description", description));
		legacy(c, "lsbdistid", put_s(c, d, "id", distro_id));
		if (distro_release) {
			put(c, d, "release", distro_release);
			legacy(c, "lsbdistrelease",
			       val_hash_get_str(distro_release, "full"));
			legacy(c, "lsbmajdistrelease",
			       val_hash_get_str(distro_release, "major"));
			legacy(c, "lsbminordistrelease",
			       val_hash_get_str(distro_release, "minor"));
		}
		put(c, os, "distro", d);
	}
	legacy(c, "osfamily", put_s(c, os, "family", family));
	legacy(c, "hardwaremodel", put_s(c, os, "hardware", machine));
	legacy(c, "operatingsystem", put_s(c, os, "name", name));
	if (release) {
		put(c, os, "release", release);
		legacy(c, "operatingsystemrelease",
		       val_hash_get_str(release, "full"));
		legacy(c, "operatingsystemmajrelease",
		       val_hash_get_str(release, "major"));
	}

	/* os.selinux: selinuxfs mounted and a config file */
	const char *mnt = NULL;
	if (slurp(c, "/proc/self/mounts") == 0) {
		const char *p = c->data.ptr, *end = p + c->data.len, *l;
		size_t ll;
		struct word w[2];
		while (!mnt && next_line(&p, end, &l, &ll))
			if (memmem(l, ll, "selinuxfs", 9) &&
			    split_words(w, 2, l, ll) >= 2)
				mnt = word_dup(c, &w[1]);
	}
	struct value *se = val_hash(c->a, 6);
	bool enabled = false;
	if (mnt && slurp(c, "/etc/selinux/config") == 0 && c->data.len) {
		enabled = true;
		struct buf cfg = BUF_INIT;
		buf_add(&cfg, c->data.ptr, c->data.len);
		legacy(c, "selinux_config_mode",
		       put_s(c, se, "config_mode", kv_get(c, &cfg, "SELINUX")));
		legacy(c, "selinux_config_policy",
		       put_s(c, se, "config_policy",
			     kv_get(c, &cfg, "SELINUXTYPE")));
		buf_release(&cfg);
		const char *enforce =
			read_trimmed(c, arena_strfmt(c->a, "%s/enforce", mnt));
		bool enforced = enforce && !strcmp(enforce, "1");
		legacy(c, "selinux_current_mode",
		       put_s(c, se, "current_mode",
			     enforced ? "enforcing" : "permissive"));
		put(c, se, "enforced", val_bool(enforced));
		legacy(c, "selinux_enforced", val_bool(enforced));
		legacy(c, "selinux_policyversion",
		       put_s(c, se, "policy_version",
			     read_trimmed(c, arena_strfmt(c->a, "%s/policyvers",
							  mnt))));
	}
	put(c, se, "enabled", val_bool(enabled));
	legacy(c, "selinux", val_bool(enabled));
	put(c, os, "selinux", se);

	put(c, c->facts, "os", os);
	buf_release(&osr);
	buf_release(&lsb);
}

static void collect_kernel(struct facts_ctx *c)
{
	const char *rel = c->uts.release;
	put_s(c, c->facts, "kernel", c->uts.sysname);
	put_s(c, c->facts, "kernelrelease", rel);

	/* kernelmajversion: the first two dot-separated parts */
	const char *d1 = strchr(rel, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	put(c, c->facts, "kernelmajversion",
	    val_str(c->a, rel, d2 ? (size_t)(d2 - rel) : strlen(rel)));

	/* kernelversion: the first three runs of digits, joined by dots */
	struct buf kv = BUF_INIT;
	const char *p = rel;
	for (int n = 0; n < 3 && *p;) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *s = p;
		while (isdigit((unsigned char)*p))
			p++;
		if (n++)
			buf_addch(&kv, '.');
		buf_add(&kv, s, (size_t)(p - s));
	}
	put(c, c->facts, "kernelversion", val_str(c->a, kv.ptr, kv.len));
	buf_release(&kv);
}

/* ---- identity, memory, processors ---- */

/*
 * The user and group names of the real uid, with the reentrant calls (a
 * daemon may collect facts in a thread); the buffer grows on ERANGE.
 */
static void collect_identity(struct facts_ctx *c)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	const char *user = NULL, *group = NULL;
	size_t size = 1024;
	char *buf = NULL;
	struct passwd pwd, *pw = NULL;
	struct group grp, *gr = NULL;
	int e;

	do {
		buf = xrealloc(buf, size *= 2);
		e = getpwuid_r(uid, &pwd, buf, size, &pw);
	} while (e == ERANGE && size < (1u << 20));
	if (!e && pw) {
		user = arena_strdup(c->a, pw->pw_name);
		/* the login group, as Facter's Etc.getpwuid has it */
		gid = pw->pw_gid;
	}
	do {
		buf = xrealloc(buf, size *= 2);
		e = getgrgid_r(gid, &grp, buf, size, &gr);
	} while (e == ERANGE && size < (1u << 20));
	if (!e && gr)
		group = arena_strdup(c->a, gr->gr_name);
	free(buf);

	struct value *id = val_hash(c->a, 5);
	put_i(c, id, "gid", (int64_t)gid);
	legacy(c, "gid", put_s(c, id, "group", group));
	put(c, id, "privileged", val_bool(uid == 0));
	put_i(c, id, "uid", (int64_t)uid);
	legacy(c, "id", put_s(c, id, "user", user));
	put(c, c->facts, "identity", id);
}

/* The number after "key:" at the start of a line of /proc/meminfo. */
static bool meminfo(const struct buf *t, const char *key, uint64_t *kb)
{
	const char *p = t->ptr, *end = p + t->len, *l;
	size_t ll, kl = strlen(key);
	while (next_line(&p, end, &l, &ll)) {
		if (ll > kl && !memcmp(l, key, kl) && l[kl] == ':') {
			*kb = strtoull(l + kl + 1, NULL, 10);
			return true;
		}
	}
	return false;
}

static struct value *memory_hash(struct facts_ctx *c, uint64_t total,
				 uint64_t avail, const char *legacy_prefix)
{
	struct value *h = val_hash(c->a, 7);
	uint64_t used = total > avail ? total - avail : 0;
	struct value *v;

	v = put_s(c, h, "available", human(c, avail));
	legacy(c, arena_strfmt(c->a, "%sfree", legacy_prefix), v);
	put_i(c, h, "available_bytes", (int64_t)avail);
	legacy(c, arena_strfmt(c->a, "%sfree_mb", legacy_prefix),
	       val_float(c->a, (double)avail / (1024.0 * 1024.0)));
	put_s(c, h, "capacity",
	      arena_strfmt(c->a, "%.2f%%",
			   total ? (double)used / (double)total * 100.0 : 0.0));
	v = put_s(c, h, "total", human(c, total));
	legacy(c, arena_strfmt(c->a, "%ssize", legacy_prefix), v);
	put_i(c, h, "total_bytes", (int64_t)total);
	legacy(c, arena_strfmt(c->a, "%ssize_mb", legacy_prefix),
	       val_float(c->a, (double)total / (1024.0 * 1024.0)));
	put_s(c, h, "used", human(c, used));
	put_i(c, h, "used_bytes", (int64_t)used);
	return h;
}

static void collect_memory(struct facts_ctx *c)
{
	uint64_t total, avail, fr, buffers, cached, stotal, sfree;
	if (slurp(c, "/proc/meminfo") < 0 ||
	    !meminfo(&c->data, "MemTotal", &total))
		return;
	if (!meminfo(&c->data, "MemAvailable", &avail)) {
		fr = buffers = cached = 0;
		meminfo(&c->data, "MemFree", &fr);
		meminfo(&c->data, "Buffers", &buffers);
		meminfo(&c->data, "Cached", &cached);
		avail = fr + buffers + cached;
	}
	struct value *mem = val_hash(c->a, 2);
	if (meminfo(&c->data, "SwapTotal", &stotal) && stotal) {
		sfree = 0;
		meminfo(&c->data, "SwapFree", &sfree);
		put(c, mem, "swap",
		    memory_hash(c, stotal * 1024, sfree * 1024, "swap"));
	}
	put(c, mem, "system",
	    memory_hash(c, total * 1024, avail * 1024, "memory"));
	put(c, c->facts, "memory", mem);
}

/* Number of CPUs in a sysfs list like "0-3,8". */
static int64_t cpulist_count(const char *s)
{
	int64_t n = 0;
	while (s && *s) {
		char *e;
		long a = strtol(s, &e, 10), b = a;
		if (e == s)
			break;
		if (*e == '-')
			b = strtol(e + 1, &e, 10);
		n += b >= a ? b - a + 1 : 1;
		s = *e == ',' ? e + 1 : NULL;
	}
	return n;
}

/*
 * What `uname -p` says: Debian's coreutils "unknown", Red Hat's and SUSE's
 * the machine.
 */
static const char *processor_isa(struct facts_ctx *c)
{
	if (c->os_family &&
	    (!strcmp(c->os_family, "RedHat") || !strcmp(c->os_family, "Suse")))
		return c->uts.machine;
	return "unknown";
}

static void collect_processors(struct facts_ctx *c)
{
	if (slurp(c, "/proc/cpuinfo") < 0) {
		struct value *pr = val_hash(c->a, 1);
		legacy(c, "hardwareisa", put_s(c, pr, "isa", processor_isa(c)));
		put(c, c->facts, "processors", pr);
		return;
	}
	struct value *models = val_array(c->a, 8);
	int64_t count = 0, siblings = 0, cpu_cores = 0;
	uint64_t speed = 0;
	/* distinct "physical id" values; a handful at most */
	long *phys = NULL;
	size_t nphys = 0, aphys = 0;

	const char *p = c->data.ptr, *end = p + c->data.len, *l;
	size_t ll;
	while (next_line(&p, end, &l, &ll)) {
		const char *colon = memchr(l, ':', ll);
		if (!colon)
			continue;
		const char *k = l, *ke = colon;
		while (ke > k && isspace((unsigned char)ke[-1]))
			ke--;
		size_t kl = (size_t)(ke - k);
		const char *v = colon + 1, *ve = l + ll;
		while (v < ve && isspace((unsigned char)*v))
			v++;
		while (ve > v && isspace((unsigned char)ve[-1]))
			ve--;
#define KEY_IS(s) (kl == strlen(s) && !memcmp(k, s, kl))
		if (KEY_IS("processor")) {
			count++;
		} else if (KEY_IS("model name") || KEY_IS("cpu")) {
			val_array_push(c->a, models,
				       val_str(c->a, v, (size_t)(ve - v)));
		} else if (KEY_IS("physical id")) {
			long id = strtol(v, NULL, 10);
			size_t i;
			for (i = 0; i < nphys && phys[i] != id; i++)
				;
			if (i == nphys) {
				ALLOC_GROW(phys, nphys + 1, aphys);
				phys[nphys++] = id;
			}
		} else if (KEY_IS("cpu MHz") || KEY_IS("clock")) {
			if (isdigit((unsigned char)*v))
				speed = strtoull(v, NULL, 10) * 1000000ull;
		} else if (KEY_IS("siblings") && !siblings) {
			siblings = strtoll(v, NULL, 10);
		} else if (KEY_IS("cpu cores") && !cpu_cores) {
			cpu_cores = strtoll(v, NULL, 10);
		}
#undef KEY_IS
	}
	free(phys);

	int64_t physical = (int64_t)nphys;
	if (!physical) {
		/* no "physical id" (ARM): count distinct packages in sysfs */
		struct buf ids = BUF_INIT;
		DIR *d = opendir(rpath(c, "/sys/devices/system/cpu"));
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (strncmp(de->d_name, "cpu", 3) ||
			    !isdigit((unsigned char)de->d_name[3]))
				continue;
			const char *pk = read_trimmed(
				c,
				arena_strfmt(
					c->a,
					"/sys/devices/system/cpu/%s/topology/physical_package_id",
					de->d_name));
			if (!pk)
				continue;
			struct buf needle = BUF_INIT;
			buf_addf(&needle, ",%s,", pk);
			if (!strstr(ids.len ? ids.ptr : ",", needle.ptr)) {
				if (!ids.len)
					buf_addch(&ids, ',');
				buf_addf(&ids, "%s,", pk);
				physical++;
			}
			buf_release(&needle);
		}
		if (d)
			closedir(d);
		buf_release(&ids);
	}

	/* what lscpu calls Thread(s) per core and Core(s) per socket */
	int64_t threads = 0, cores = 0;
	if (siblings > 0 && cpu_cores > 0) {
		cores = cpu_cores;
		threads = siblings / cpu_cores;
	} else if (count) {
		const char *sib = read_trimmed(
			c,
			"/sys/devices/system/cpu/cpu0/topology/thread_siblings_list");
		threads = sib ? cpulist_count(sib) : 1;
		if (threads < 1)
			threads = 1;
		cores = count / (physical ? physical : 1) / threads;
	}

	struct value *pr = val_hash(c->a, 8);
	if (cores)
		put_i(c, pr, "cores", cores);
	legacy(c, "processorcount", put_i(c, pr, "count", count));
	legacy(c, "hardwareisa", put_s(c, pr, "isa", processor_isa(c)));
	put(c, pr, "models", models);
	legacy(c, "physicalprocessorcount",
	       put_i(c, pr, "physicalcount", physical));
	if (speed) {
		struct buf s = BUF_INIT;
		facts_hertz_to_human(&s, speed);
		put(c, pr, "speed", val_str_buf(c->a, &s));
		buf_release(&s);
	}
	if (threads)
		put_i(c, pr, "threads", threads);
	put(c, c->facts, "processors", pr);
	for (size_t i = 0; i < models->u.arr.n; i++)
		legacy(c, arena_strfmt(c->a, "processor%zu", i),
		       models->u.arr.v[i]);
}

/* ---- virtual, uptime, dmi ---- */

static const char *dmi(struct facts_ctx *c, const char *file)
{
	return read_trimmed(c,
			    arena_strfmt(c->a, "/sys/class/dmi/id/%s", file));
}

/* What the CPUID hypervisor leaf names, as virt-what reports it. */
static const char *cpuid_hypervisor(void)
{
#if defined(__x86_64__) || defined(__i386__)
	static const struct {
		const char *sig;
		const char *vm;
	} sigs[] = {
		{ "KVMKVMKVM", "kvm" },
		{ "Microsoft Hv", "hyperv" },
		{ "VMwareVMware", "vmware" },
		{ "XenVMMXenVMM", "xenhvm" },
		{ "bhyve bhyve ", "bhyve" },
		{ " lrpepyh  vr", "parallels" },
		{ "TCGTCGTCGTCG", "qemu" },
	};
	unsigned a, b, cx, d;
	if (!__get_cpuid(1, &a, &b, &cx, &d) || !(cx & (1u << 31)))
		return NULL;
	__cpuid(0x40000000, a, b, cx, d);
	char sig[13];
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &cx, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		if (!strcmp(sig, sigs[i].sig))
			return sigs[i].vm;
#endif
	return NULL;
}

/* "docker", "lxc", "systemd_nspawn", "podman" or NULL. */
static const char *container(struct facts_ctx *c)
{
	if (slurp(c, "/proc/1/cgroup") == 0) {
		if (strstr(c->data.ptr, "docker/"))
			return "docker";
		if (strstr(c->data.ptr, ":/lxc/"))
			return "lxc";
	}
	if (slurp(c, "/proc/1/environ") == 0) {
		const char *p = c->data.ptr, *end = p + c->data.len;
		while (p < end) {
			size_t n = strnlen(p, (size_t)(end - p));
			if (n == 13 && !memcmp(p, "container=lxc", 13))
				return "lxc";
			if (n == 24 &&
			    !memcmp(p, "container=systemd-nspawn", 24))
				return "systemd_nspawn";
			if (n == 16 && !memcmp(p, "container=podman", 16))
				return "podman";
			p += n + 1;
		}
	}
	if (exists(c, "/.dockerenv"))
		return "docker";
	if (exists(c, "/run/.containerenv"))
		return "podman";
	return NULL;
}

/* A field "key:\tvalue" of /proc/self/status, or NULL. */
static const char *status_field(struct facts_ctx *c, const char *key)
{
	if (slurp(c, "/proc/self/status") < 0)
		return NULL;
	const char *p = c->data.ptr, *end = p + c->data.len, *l;
	size_t ll, kl = strlen(key);
	while (next_line(&p, end, &l, &ll))
		if (ll > kl && !memcmp(l, key, kl) && l[kl] == ':')
			return dup_trim(c, l + kl + 1, ll - kl - 1);
	return NULL;
}

static const char *detect_virtual(struct facts_ctx *c)
{
	static const struct {
		const char *product;
		const char *vm;
	} products[] = {
		{ "VMware", "vmware" },
		{ "VirtualBox", "virtualbox" },
		{ "Parallels", "parallels" },
		{ "KVM", "kvm" },
		{ "Virtual Machine", "hyperv" },
		{ "RHEV Hypervisor", "rhev" },
		{ "oVirt Node", "ovirt" },
		{ "HVM domU", "xenhvm" },
		{ "Bochs", "bochs" },
		{ "OpenBSD", "vmm" },
		{ "BHYVE", "bhyve" },
	};
	const char *vm = container(c);
	if (vm)
		return vm;
	const char *bios = dmi(c, "bios_vendor");
	if (bios && strstr(bios, "Google"))
		return "gce";
	if (is_dir(c, "/proc/vz") && !exists(c, "/proc/lve/list")) {
		const char *env = status_field(c, "envID");
		if (env)
			return strcmp(env, "0") ? "openvzve" : "openvzhn";
	}
	const char *vx = status_field(c, "VxID");
	if (!vx)
		vx = status_field(c, "s_context");
	if (vx)
		return strcmp(vx, "0") ? "vserver" : "vserver_host";
	const char *product = dmi(c, "product_name");
	if (product && strstr(product, "HVM domU"))
		return "xenhvm";
	if (exists(c, "/dev/xen/evtchn"))
		return "xen0";
	if (exists(c, "/proc/xen"))
		return "xenu";
	if (!*c->root && (vm = cpuid_hypervisor()))
		return vm;
	if (bios && strstr(bios, "Amazon EC2"))
		return "kvm";
	for (size_t i = 0; product && i < ARRAY_SIZE(products); i++)
		if (strstr(product, products[i].product))
			return products[i].vm;
	const char *sys_vendor = dmi(c, "sys_vendor");
	if (sys_vendor && strstr(sys_vendor, "QEMU"))
		return "kvm";
	return "physical";
}

static void collect_virtual(struct facts_ctx *c)
{
	static const char *const physical[] = {
		"physical", "xen0", "vmware_server", "vmware_workstation",
		"openvzhn", "vserver_host",
	};
	const char *vm = detect_virtual(c);
	bool is_virtual = true;
	for (size_t i = 0; i < ARRAY_SIZE(physical); i++)
		if (!strcmp(vm, physical[i]))
			is_virtual = false;
	c->virtual = vm;
	put_s(c, c->facts, "virtual", vm);
	put(c, c->facts, "is_virtual", val_bool(is_virtual));
}

static void collect_uptime(struct facts_ctx *c)
{
	if (slurp(c, "/proc/uptime") < 0 || !c->data.len)
		return;
	double up = strtod(c->data.ptr, NULL);
	int64_t seconds = (int64_t)up;

	if (c->virtual && !strcmp(c->virtual, "docker") &&
	    slurp(c, "/proc/1/stat") == 0) {
		/* PID 1's age: field 22 (starttime, in clock ticks after boot),
		 * counted after the parenthesized command name */
		const char *rp = strrchr(c->data.ptr, ')');
		long tck = sysconf(_SC_CLK_TCK);
		if (rp && tck > 0) {
			const char *f = rp + 1;
			for (int field = 3; field < 22 && *f; field++) {
				while (*f == ' ')
					f++;
				while (*f && *f != ' ')
					f++;
			}
			double start = strtod(f, NULL) / (double)tck;
			if (start <= up)
				seconds = (int64_t)(up - start);
		}
	}

	int64_t hours = seconds / 3600, days = hours / 24;
	int64_t minutes = (seconds / 60) % 60;
	const char *text;
	if (days == 0)
		text = arena_strfmt(c->a, "%" PRId64 ":%02" PRId64 " hours",
				    hours, minutes);
	else if (days == 1)
		text = "1 day";
	else
		text = arena_strfmt(c->a, "%" PRId64 " days", days);

	struct value *h = val_hash(c->a, 4);
	legacy(c, "uptime_days", put_i(c, h, "days", days));
	legacy(c, "uptime_hours", put_i(c, h, "hours", hours));
	legacy(c, "uptime_seconds", put_i(c, h, "seconds", seconds));
	legacy(c, "uptime", put_s(c, h, "uptime", text));
	put(c, c->facts, "system_uptime", h);
}

static void collect_dmi(struct facts_ctx *c)
{
	static const char *const chassis[] = {
		"Other",
		NULL,
		"Desktop",
		"Low Profile Desktop",
		"Pizza Box",
		"Mini Tower",
		"Tower",
		"Portable",
		"Laptop",
		"Notebook",
		"Hand Held",
		"Docking Station",
		"All in One",
		"Sub Notebook",
		"Space-Saving",
		"Lunch Box",
		"Main System Chassis",
		"Expansion Chassis",
		"SubChassis",
		"Bus Expansion Chassis",
		"Peripheral Chassis",
		"Storage Chassis",
		"Rack Mount Chassis",
		"Sealed-Case PC",
		"Multi-system",
		"CompactPCI",
		"AdvancedTCA",
		"Blade",
		"Blade Enclosure",
		"Tablet",
		"Convertible",
		"Detachable",
	};
	if (!is_dir(c, "/sys/class/dmi/id"))
		return;
	struct value *d = val_hash(c->a, 5);
	struct value *bios = val_hash(c->a, 3), *board = val_hash(c->a, 4),
		     *ch = val_hash(c->a, 2), *product = val_hash(c->a, 3);

	legacy(c, "bios_release_date",
	       put_s(c, bios, "release_date", dmi(c, "bios_date")));
	legacy(c, "bios_vendor",
	       put_s(c, bios, "vendor", dmi(c, "bios_vendor")));
	legacy(c, "bios_version",
	       put_s(c, bios, "version", dmi(c, "bios_version")));
	legacy(c, "boardassettag",
	       put_s(c, board, "asset_tag", dmi(c, "board_asset_tag")));
	legacy(c, "boardmanufacturer",
	       put_s(c, board, "manufacturer", dmi(c, "board_vendor")));
	legacy(c, "boardproductname",
	       put_s(c, board, "product", dmi(c, "board_name")));
	legacy(c, "boardserialnumber",
	       put_s(c, board, "serial_number", dmi(c, "board_serial")));
	legacy(c, "chassisassettag",
	       put_s(c, ch, "asset_tag", dmi(c, "chassis_asset_tag")));
	const char *type = dmi(c, "chassis_type");
	long t = type ? strtol(type, NULL, 10) : 0;
	if (t >= 1 && (size_t)t <= ARRAY_SIZE(chassis))
		legacy(c, "chassistype", put_s(c, ch, "type", chassis[t - 1]));
	legacy(c, "productname",
	       put_s(c, product, "name", dmi(c, "product_name")));
	legacy(c, "serialnumber",
	       put_s(c, product, "serial_number", dmi(c, "product_serial")));
	legacy(c, "uuid", put_s(c, product, "uuid", dmi(c, "product_uuid")));

	if (bios->u.h.n)
		put(c, d, "bios", bios);
	if (board->u.h.n)
		put(c, d, "board", board);
	if (ch->u.h.n)
		put(c, d, "chassis", ch);
	legacy(c, "manufacturer",
	       put_s(c, d, "manufacturer", dmi(c, "sys_vendor")));
	if (product->u.h.n)
		put(c, d, "product", product);
	if (d->u.h.n)
		put(c, c->facts, "dmi", d);
}

/* ---- small facts ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_misc(struct facts_ctx *c)
{
	put_s(c, c->facts, "facterversion", FACTS_FACTER_VERSION);
	put_s(c, c->facts, "path", getenv("PATH"));

	/* filesystems: /proc/filesystems without nodev ones and fuseblk */
	if (slurp(c, "/proc/filesystems") == 0) {
		char **fs = NULL;
		size_t n = 0, alloc = 0;
		const char *p = c->data.ptr, *end = p + c->data.len, *l;
		size_t ll;
		struct word w;
		while (next_line(&p, end, &l, &ll)) {
			if (split_words(&w, 1, l, ll) != 1 || word_is(&w, "fuseblk"))
				continue;
			ALLOC_GROW(fs, n + 1, alloc);
			fs[n++] = (char *)word_dup(c, &w);
		}
		if (n)
			qsort(fs, n, sizeof(*fs), cmp_str);
		struct buf s = BUF_INIT;
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_addch(&s, ',');
			buf_addstr(&s, fs[i]);
		}
		free(fs);
		put(c, c->facts, "filesystems", val_str_buf(c->a, &s));
		buf_release(&s);
	}

	if (slurp(c, "/proc/loadavg") == 0) {
		static const char *const names[] = { "1m", "5m", "15m" };
		struct value *h = val_hash(c->a, 3);
		char *p = c->data.ptr;
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			char *e;
			double f = strtod(p, &e);
			if (e == p)
				break;
			put(c, h, names[i], val_float(c->a, f));
			p = e;
		}
		if (h->u.h.n == 3)
			put(c, c->facts, "load_averages", h);
	}

	const char *fips = read_trimmed(c, "/proc/sys/crypto/fips_enabled");
	put(c, c->facts, "fips_enabled", val_bool(fips && !strcmp(fips, "1")));

	time_t now = time(NULL);
	struct tm tm;
	char tz[64];
	tzset();
	if (localtime_r(&now, &tm) && strftime(tz, sizeof(tz), "%Z", &tm))
		put_s(c, c->facts, "timezone", tz);
}

/* ---- collection ---- */

static void warn_default(const char *msg, void *payload UNUSED)
{
	log_warning("%s", msg);
}

/* FACTER_<name>=value: a string fact <name> (lowercased), as Facter reads them.
 */
static void env_facts(struct facts_ctx *c)
{
	for (char **e = environ; e && *e; e++) {
		const char *s = *e, *eq = strchr(s, '=');
		if (!eq || strncasecmp(s, "FACTER_", 7) || eq == s + 7)
			continue;
		struct buf name = BUF_INIT;
		for (const char *p = s + 7; p < eq; p++)
			buf_addch(&name, (char)tolower((unsigned char)*p));
		put_s(c, c->facts, name.ptr, eq + 1);
		buf_release(&name);
	}
}

int facts_collect(struct value **out, struct arena *a,
		  const struct facts_opts *o)
{
	static const struct facts_opts defaults;
	struct facts_ctx c = { .a = a, .o = o ? o : &defaults };
	struct facts_opts eff = *c.o;

	if (!eff.warn)
		eff.warn = warn_default;
	c.o = &eff;
	c.root = eff.root && strcmp(eff.root, "/") ? eff.root : "";
	buf_init(&c.path, 256);
	buf_init(&c.data, 0);
	c.facts = val_hash(a, 128);
	if (uname(&c.uts) < 0)
		memset(&c.uts, 0, sizeof(c.uts));

	collect_kernel(&c);
	collect_os(&c);
	collect_identity(&c);
	collect_memory(&c);
	collect_processors(&c);
	collect_dmi(&c);
	collect_virtual(&c);
	collect_uptime(&c);
	collect_misc(&c);
	facts_collect_networking(&c);

	if (!eff.external_dirs) {
		static const char *const defaults_dirs[] = {
			"/etc/puppetlabs/facter/facts.d",
			"/etc/facter/facts.d",
			"/etc/tend/facts.d",
		};
		for (size_t i = 0; i < ARRAY_SIZE(defaults_dirs); i++)
			facts_external_load(c.facts, a,
					    rpath(&c, defaults_dirs[i]), true,
					    &eff);
	} else if (*eff.external_dirs) {
		facts_external_load(c.facts, a, eff.external_dirs, false, &eff);
	}
	if (!eff.no_env)
		env_facts(&c);

	buf_release(&c.path);
	buf_release(&c.data);
	*out = c.facts;
	return 0;
}

struct value *facts_get_path(struct value *facts, const char *dotted)
{
	if (!facts || facts->kind != VAL_HASH || !dotted)
		return NULL;
	struct value *v = val_hash_get_str(facts, dotted);
	if (v)
		return v;

	struct buf seg = BUF_INIT;
	const char *p = dotted;
	v = facts;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		buf_reset(&seg);
		buf_add(&seg, p, len);
		if (v->kind == VAL_HASH) {
			v = val_hash_get_str(v, seg.ptr);
		} else if (v->kind == VAL_ARRAY && len &&
			   strspn(seg.ptr, "0123456789") == len) {
			unsigned long long i = strtoull(seg.ptr, NULL, 10);
			v = i < v->u.arr.n ? v->u.arr.v[i] : NULL;
		} else {
			v = NULL;
		}
		if (!v || !dot)
			break;
		p = dot + 1;
	}
	buf_release(&seg);
	return v;
}
