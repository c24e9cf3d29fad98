/* SPDX-License-Identifier: MIT */
/* test_facts.c: facts of this machine and of fake roots, facts.d, JSON */
#include "util/compat.h"
#include <ftw.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <pwd.h>
#include <time.h>
#include <unistd.h>
#include "facts/facts.h"
#include "facts/json_value.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

#include <setjmp.h>
#include <cmocka.h>

/* ---- fixtures ---- */

static char *tmpdir_new(void)
{
	char *d = xstrdup("/tmp/tend-facts-XXXXXX");
	if (!mkdtemp(d))
		fail_msg("mkdtemp: %s", strerror(errno));
	return d;
}

static int rm_one(const char *p, const struct stat *st UNUSED, int flag UNUSED,
		  struct FTW *f UNUSED)
{
	return remove(p);
}

static void tmpdir_free(char *d)
{
	nftw(d, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(d);
}

/* Writes root/rel (creating directories) with `content`, mode `mode`. */
static void put_file_n(const char *root, const char *rel, const char *content,
		       size_t len, mode_t mode)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s/%s", root, rel);
	for (char *s = p.ptr + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p.ptr, 0755);
		*s = '/';
	}
	FILE *fp = fopen(p.ptr, "w");
	if (!fp)
		fail_msg("cannot write '%s': %s", p.ptr, strerror(errno));
	fwrite(content, 1, len, fp);
	fclose(fp);
	chmod(p.ptr, mode);
	buf_release(&p);
}

static void put_file(const char *root, const char *rel, const char *content)
{
	put_file_n(root, rel, content, strlen(content), 0644);
}

static void put_exec(const char *root, const char *rel, const char *content)
{
	put_file_n(root, rel, content, strlen(content), 0755);
}

static void put_dir(const char *root, const char *rel)
{
	/* put_file creates the parents; then the file becomes a directory */
	put_file(root, rel, "");
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s/%s", root, rel);
	remove(p.ptr);
	mkdir(p.ptr, 0755);
	buf_release(&p);
}

static void collect_warning(const char *msg, void *payload)
{
	buf_addstr(payload, msg);
	buf_addch(payload, '\n');
}

/* Facts of a fake root, without the real machine's facts.d or FACTER_ vars. */
static struct value *collect(struct arena *a, const char *root,
			     const char *external, struct buf *warnings)
{
	struct facts_opts o = { .external_dirs = external ? external : "",
				.root = root,
				.no_env = true,
				.warn = collect_warning,
				.warn_payload = warnings };
	struct value *f = NULL;
	assert_int_equal(facts_collect(&f, a, &o), 0);
	assert_non_null(f);
	assert_int_equal(f->kind, VAL_HASH);
	return f;
}

static struct value *fact(struct value *f, const char *path)
{
	struct value *v = facts_get_path(f, path);
	if (!v)
		fail_msg("fact '%s' is missing", path);
	return v;
}

static void assert_fact_str(struct value *f, const char *path, const char *want)
{
	struct value *v = fact(f, path);
	if (v->kind != VAL_STRING)
		fail_msg("fact '%s' is a %s, expected the String '%s'", path,
			 val_type_name(v), want);
	if (strcmp(v->u.s.ptr, want))
		fail_msg("fact '%s' is '%s', expected '%s'", path, v->u.s.ptr,
			 want);
}

static void assert_fact_int(struct value *f, const char *path, int64_t want)
{
	struct value *v = fact(f, path);
	if (v->kind != VAL_INT)
		fail_msg("fact '%s' is a %s, expected the Integer %" PRId64,
			 path, val_type_name(v), want);
	if (v->u.n.i != want)
		fail_msg("fact '%s' is %" PRId64 ", expected %" PRId64, path,
			 v->u.n.i, want);
}

static void assert_fact_float(struct value *f, const char *path, double want)
{
	struct value *v = fact(f, path);
	if (v->kind != VAL_FLOAT)
		fail_msg("fact '%s' is a %s, expected a Float", path,
			 val_type_name(v));
	if (v->u.f != want)
		fail_msg("fact '%s' is %g, expected %g", path, v->u.f, want);
}

static void assert_fact_bool(struct value *f, const char *path, bool want)
{
	struct value *v = fact(f, path);
	if (v->kind != VAL_BOOL || v->u.b != want)
		fail_msg("fact '%s' is not %s", path, want ? "true" : "false");
}

static void assert_fact_absent(struct value *f, const char *path)
{
	if (facts_get_path(f, path))
		fail_msg("fact '%s' should be absent", path);
}

/* The short hostname of this machine, or NULL when it has dots (then the
 * fake /etc files cannot decide the domain). */
static const char *short_hostname(char *buf, size_t size)
{
	if (gethostname(buf, size) < 0 || !buf[0])
		return NULL;
	buf[size - 1] = '\0';
	return strchr(buf, '.') ? NULL : buf;
}

/* ---- the real machine ---- */

static void test_facts__real_machine(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;
	struct value *f = collect(&a, NULL, NULL, &w);
	struct utsname u;
	char host[256];

	assert_int_equal(uname(&u), 0);
	assert_fact_str(f, "kernel", u.sysname);
	assert_fact_str(f, "kernelrelease", u.release);
	assert_fact_str(f, "os.hardware", u.machine);
	assert_fact_str(f, "facterversion", "4.3.0");

	/* networking.hostname is gethostname() up to the first dot */
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	char *dot = strchr(host, '.');
	if (dot)
		*dot = '\0';
	assert_fact_str(f, "networking.hostname", host);
	assert_fact_str(f, "hostname", host);

	/* processors.count is what /proc/cpuinfo lists: the online CPUs */
	assert_fact_int(f, "processors.count", sysconf(_SC_NPROCESSORS_ONLN));
	assert_fact_int(f, "processorcount", sysconf(_SC_NPROCESSORS_ONLN));

	/* memory.system.total_bytes is MemTotal * 1024 */
	FILE *fp = fopen("/proc/meminfo", "r");
	assert_non_null(fp);
	long long kb = -1;
	char line[256];
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "MemTotal: %lld kB", &kb) == 1)
			break;
	fclose(fp);
	assert_true(kb > 0);
	assert_fact_int(f, "memory.system.total_bytes", kb * 1024);

	/* identity */
	struct passwd *pw = getpwuid(getuid());
	assert_fact_int(f, "identity.uid", getuid());
	if (pw) {
		assert_fact_str(f, "identity.user", pw->pw_name);
		assert_fact_str(f, "id", pw->pw_name);
	}
	assert_fact_bool(f, "identity.privileged", getuid() == 0);

	/* on Debian: the family, and the release from /etc/debian_version */
	if (access("/etc/debian_version", R_OK) == 0 &&
	    access("/etc/os-release", R_OK) == 0) {
		assert_fact_str(f, "os.family", "Debian");
		assert_fact_str(f, "osfamily", "Debian");
	}

	/* legacy facts are the structured values themselves */
	assert_ptr_equal(fact(f, "osfamily"), fact(f, "os.family"));
	assert_ptr_equal(fact(f, "memorysize"), fact(f, "memory.system.total"));
	assert_true(fact(f, "is_virtual")->kind == VAL_BOOL);
	assert_true(fact(f, "virtual")->kind == VAL_STRING);
	assert_true(fact(f, "system_uptime.seconds")->u.n.i >= 0);
	if (facts_get_path(f, "networking.interfaces.lo.ip"))
		assert_fact_str(f, "networking.interfaces.lo.ip", "127.0.0.1");
	assert_string_equal(w.ptr, "");

	buf_release(&w);
	arena_release(&a);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void test_facts__collection_is_fast(void **state UNUSED)
{
	double best = 1e9;
	for (int i = 0; i < 10; i++) {
		struct arena a = ARENA_INIT;
		struct buf w = BUF_INIT;
		double t0 = now_ms();
		collect(&a, NULL, NULL, &w);
		double t = now_ms() - t0;
		if (t < best)
			best = t;
		buf_release(&w);
		arena_release(&a);
	}
	if (best >= 5.0)
		fail_msg(
			"a collection takes %.2f ms (best of 10), more than 5 ms",
			best);
}

/* ---- fake roots ---- */

static const char cpuinfo_xeon[] =
	"processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n"
	"physical id\t: 0\nsiblings\t: 2\ncpu cores\t: 1\ncpu MHz\t\t: 2399.998\n\n"
	"processor\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n"
	"physical id\t: 0\nsiblings\t: 2\ncpu cores\t: 1\ncpu MHz\t\t: 2399.998\n\n"
	"processor\t: 2\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n"
	"physical id\t: 1\nsiblings\t: 2\ncpu cores\t: 1\ncpu MHz\t\t: 2399.998\n\n"
	"processor\t: 3\nmodel name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n"
	"physical id\t: 1\nsiblings\t: 2\ncpu cores\t: 1\ncpu MHz\t\t: 2399.998\n\n";

static const char meminfo_16g[] =
	"MemTotal:       16384000 kB\nMemFree:         1000000 kB\n"
	"MemAvailable:    8192000 kB\nBuffers:          100000 kB\nCached:          2000000 kB\n"
	"SwapCached:            0 kB\nSwapTotal:       2097148 kB\nSwapFree:        1048576 kB\n";

static void debian11_root(const char *r)
{
	put_file(r, "proc/meminfo", meminfo_16g);
	put_file(r, "proc/cpuinfo", cpuinfo_xeon);
	put_file(r, "proc/uptime", "273600.55 1000.00\n");
	put_file(r, "proc/loadavg", "0.50 0.25 0.10 1/100 1234\n");
	put_file(r, "proc/filesystems",
		 "nodev\tsysfs\n\text4\nnodev\tproc\n\tfuseblk\n\tbtrfs\n");
	put_file(r, "proc/1/cgroup", "0::/init.scope\n");
	put_file(
		r, "etc/os-release",
		"PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nNAME=\"Debian GNU/Linux\"\n"
		"VERSION_ID=\"11\"\nVERSION=\"11 (bullseye)\"\nID=debian\n");
	put_file(r, "etc/debian_version", "11.07\n");
	put_file(
		r, "etc/resolv.conf",
		"search corp.example.com other.example\nnameserver 192.0.2.53\n");
	put_file(r, "etc/hosts", "127.0.0.1 localhost\n");
}

static void test_facts__fake_root_debian(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;
	struct utsname u;
	char host[256];

	debian11_root(r);
	struct value *f = collect(&a, r, NULL, &w);
	assert_string_equal(w.ptr, "");

	assert_fact_str(f, "os.name", "Debian");
	assert_fact_str(f, "os.family", "Debian");
	assert_fact_str(f, "os.release.full", "11.07");
	assert_fact_str(f, "os.release.major", "11");
	assert_fact_str(f, "os.release.minor", "7");
	assert_fact_str(f, "operatingsystem", "Debian");
	assert_fact_str(f, "operatingsystemrelease", "11.07");
	assert_fact_str(f, "operatingsystemmajrelease", "11");
	assert_fact_str(f, "os.distro.codename", "bullseye");
	assert_fact_str(f, "os.distro.id", "Debian");
	assert_fact_str(f, "os.distro.description",
			"Debian GNU/Linux 11 (bullseye)");
	assert_fact_str(f, "lsbdistcodename", "bullseye");
	assert_fact_str(f, "lsbdistrelease", "11.07");
	assert_fact_str(f, "lsbmajdistrelease", "11");
	assert_fact_bool(f, "os.selinux.enabled", false);
	assert_fact_bool(f, "selinux", false);
	assert_int_equal(uname(&u), 0);
	assert_fact_str(f, "os.architecture",
			!strcmp(u.machine, "x86_64") ? "amd64" : u.machine);
	assert_fact_str(f, "hardwaremodel", u.machine);

	assert_fact_int(f, "processors.count", 4);
	assert_fact_int(f, "processors.physicalcount", 2);
	assert_fact_int(f, "physicalprocessorcount", 2);
	assert_fact_int(f, "processors.cores", 1);
	assert_fact_int(f, "processors.threads", 2);
	assert_fact_str(f, "processors.speed", "2.40 GHz");
	assert_fact_str(f, "processors.models.3",
			"Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz");
	assert_fact_str(f, "processor0",
			"Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz");
	assert_fact_str(f, "processors.isa", "unknown");

	assert_fact_str(f, "memory.system.total", "15.63 GiB");
	assert_fact_int(f, "memory.system.total_bytes", 16777216000);
	assert_fact_str(f, "memory.system.available", "7.81 GiB");
	assert_fact_int(f, "memory.system.available_bytes", 8388608000);
	assert_fact_str(f, "memory.system.used", "7.81 GiB");
	assert_fact_str(f, "memory.system.capacity", "50.00%");
	assert_fact_str(f, "memorysize", "15.63 GiB");
	assert_fact_float(f, "memorysize_mb", 16000.0);
	assert_fact_str(f, "memoryfree", "7.81 GiB");
	assert_fact_float(f, "memoryfree_mb", 8000.0);
	assert_fact_str(f, "memory.swap.total", "2.00 GiB");
	assert_fact_str(f, "memory.swap.available", "1.00 GiB");
	assert_fact_str(f, "memory.swap.capacity", "50.00%");
	assert_fact_str(f, "swapsize", "2.00 GiB");
	assert_fact_str(f, "swapfree", "1.00 GiB");

	assert_fact_int(f, "system_uptime.seconds", 273600);
	assert_fact_int(f, "system_uptime.hours", 76);
	assert_fact_int(f, "system_uptime.days", 3);
	assert_fact_str(f, "system_uptime.uptime", "3 days");
	assert_fact_str(f, "uptime", "3 days");
	assert_fact_int(f, "uptime_days", 3);

	assert_fact_str(f, "filesystems", "btrfs,ext4");
	assert_fact_float(f, "load_averages.1m", 0.5);
	assert_fact_float(f, "load_averages.15m", 0.1);
	assert_fact_str(f, "virtual", "physical");
	assert_fact_bool(f, "is_virtual", false);
	assert_fact_absent(f, "dmi");

	if (short_hostname(host, sizeof(host))) {
		assert_fact_str(f, "networking.domain", "corp.example.com");
		assert_fact_str(f, "domain", "corp.example.com");
		struct buf fq = BUF_INIT;
		buf_addf(&fq, "%s.corp.example.com", host);
		assert_fact_str(f, "networking.fqdn", fq.ptr);
		assert_fact_str(f, "fqdn", fq.ptr);
		buf_release(&fq);
	}

	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__os_names_and_families(void **state UNUSED)
{
	static const struct {
		const char *os_release, *extra_file, *extra_content;
		const char *name, *family, *full, *major, *minor;
	} cases[] = {
		{ "NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\n",
		  "etc/lsb-release",
		  "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION=\"Ubuntu 22.04.3 LTS\"\n",
		  "Ubuntu", "Debian", "22.04", "22.04", NULL },
		{ "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.9\"\n",
		  "etc/redhat-release",
		  "Red Hat Enterprise Linux release 8.9 (Ootpa)\n", "RedHat",
		  "RedHat", "8.9", "8", "9" },
		{ "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n",
		  NULL, NULL, "Rocky", "RedHat", "9.3", "9", "3" },
		{ "NAME=\"Arch Linux\"\nID=arch\n", NULL, NULL, "Archlinux",
		  "Archlinux", NULL, NULL, NULL },
		{ "NAME=\"openSUSE Leap\"\nID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\nVERSION_ID=\"15.5\"\n",
		  NULL, NULL, "openSUSE", "Suse", "15.5", "15", "5" },
		{ "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n", NULL,
		  NULL, "Alpine", "Alpine", "3.19.1", "3", "19" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *r = tmpdir_new();
		struct arena a = ARENA_INIT;
		struct buf w = BUF_INIT;
		put_file(r, "etc/os-release", cases[i].os_release);
		if (cases[i].extra_file)
			put_file(r, cases[i].extra_file,
				 cases[i].extra_content);
		struct value *f = collect(&a, r, NULL, &w);
		assert_fact_str(f, "os.name", cases[i].name);
		assert_fact_str(f, "os.family", cases[i].family);
		assert_fact_str(f, "osfamily", cases[i].family);
		if (cases[i].full) {
			assert_fact_str(f, "os.release.full", cases[i].full);
			assert_fact_str(f, "os.release.major", cases[i].major);
			assert_fact_str(f, "operatingsystemmajrelease",
					cases[i].major);
		} else {
			assert_fact_absent(f, "os.release");
		}
		if (cases[i].minor)
			assert_fact_str(f, "os.release.minor", cases[i].minor);
		else
			assert_fact_absent(f, "os.release.minor");
		buf_release(&w);
		arena_release(&a);
		tmpdir_free(r);
	}
}

static void test_facts__ubuntu_and_redhat_distro(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;
	struct utsname u;
	assert_int_equal(uname(&u), 0);

	put_file(
		r, "etc/os-release",
		"NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\n");
	put_file(
		r, "etc/lsb-release",
		"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\n"
		"DISTRIB_DESCRIPTION=\"Ubuntu 22.04.3 LTS\"\n");
	put_file(r, "etc/debian_version", "bookworm/sid\n");
	struct value *f = collect(&a, r, NULL, &w);
	assert_fact_str(f, "os.distro.id", "Ubuntu");
	assert_fact_str(f, "os.distro.codename", "jammy");
	assert_fact_str(f, "os.distro.description", "Ubuntu 22.04.3 LTS");
	assert_fact_str(f, "os.distro.release.full", "22.04");
	assert_fact_str(f, "os.distro.release.major", "22");
	assert_fact_str(f, "os.distro.release.minor", "04");
	assert_fact_str(f, "lsbdistid", "Ubuntu");
	assert_fact_str(f, "lsbminordistrelease", "04");
	assert_fact_str(f, "operatingsystemrelease", "22.04");
	arena_release(&a);
	tmpdir_free(r);

	r = tmpdir_new();
	put_file(
		r, "etc/os-release",
		"NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"8.9\"\n");
	put_file(r, "etc/redhat-release",
		 "Red Hat Enterprise Linux release 8.9 (Ootpa)\n");
	f = collect(&a, r, NULL, &w);
	assert_fact_str(f, "os.distro.id", "RedHatEnterprise");
	assert_fact_str(f, "os.distro.codename", "Ootpa");
	assert_fact_str(f, "os.distro.description",
			"Red Hat Enterprise Linux release 8.9 (Ootpa)");
	assert_fact_str(f, "os.distro.release.full", "8.9");
	assert_fact_str(f, "os.architecture", u.machine); /* no amd64 outside
							     Debian */
	assert_fact_str(f, "processors.isa", u.machine);
	assert_string_equal(w.ptr, "");

	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__memory_without_swap_or_memavailable(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;

	put_file(
		r, "proc/meminfo",
		"MemTotal:        1024000 kB\nMemFree:          100000 kB\nBuffers:           10000 kB\n"
		"Cached:            90000 kB\nSwapCached:        55555 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n");
	struct value *f = collect(&a, r, NULL, &w);
	/* available = MemFree + Buffers + Cached, not SwapCached */
	assert_fact_int(f, "memory.system.available_bytes", 200000 * 1024);
	assert_fact_str(f, "memory.system.available", "195.31 MiB");
	assert_fact_str(f, "memory.system.total", "1000.00 MiB");
	assert_fact_str(f, "memory.system.capacity", "80.47%");
	assert_fact_absent(f, "memory.swap");
	assert_fact_absent(f, "swapsize");
	assert_fact_absent(f, "swapfree_mb");

	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__uptime_text(void **state UNUSED)
{
	static const struct {
		const char *proc;
		int64_t seconds;
		const char *text;
	} cases[] = {
		{ "11040.99 1.00\n", 11040, "3:04 hours" },
		{ "59.5 1.00\n", 59, "0:00 hours" },
		{ "90000.00 1.00\n", 90000, "1 day" },
		{ "172800.00 1.00\n", 172800, "2 days" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *r = tmpdir_new();
		struct arena a = ARENA_INIT;
		struct buf w = BUF_INIT;
		put_file(r, "proc/uptime", cases[i].proc);
		struct value *f = collect(&a, r, NULL, &w);
		assert_fact_int(f, "system_uptime.seconds", cases[i].seconds);
		assert_fact_int(f, "uptime_seconds", cases[i].seconds);
		assert_fact_str(f, "system_uptime.uptime", cases[i].text);
		buf_release(&w);
		arena_release(&a);
		tmpdir_free(r);
	}
}

#define LIT(s) s, sizeof(s) - 1

static void test_facts__virtual_detection(void **state UNUSED)
{
	static const struct {
		const char *file, *content;
		size_t len;
		const char *virtual;
		bool is_virtual;
	} cases[] = {
		{ ".dockerenv", LIT(""), "docker", true },
		{ "proc/1/cgroup", LIT("12:pids:/docker/0123abcd\n0::/\n"),
		  "docker", true },
		{ "proc/1/cgroup", LIT("3:cpu:/lxc/web1\n"), "lxc", true },
		{ "proc/1/environ", LIT("PATH=/bin\0container=lxc\0"), "lxc",
		  true },
		{ "proc/1/environ", LIT("container=systemd-nspawn\0"),
		  "systemd_nspawn", true },
		{ "sys/class/dmi/id/product_name",
		  LIT("VMware Virtual Platform\n"), "vmware", true },
		{ "sys/class/dmi/id/product_name", LIT("KVM\n"), "kvm", true },
		{ "sys/class/dmi/id/product_name", LIT("VirtualBox\n"),
		  "virtualbox", true },
		{ "sys/class/dmi/id/sys_vendor", LIT("QEMU\n"), "kvm", true },
		{ "sys/class/dmi/id/bios_vendor", LIT("Google\n"), "gce",
		  true },
		{ "sys/class/dmi/id/bios_vendor", LIT("Amazon EC2\n"), "kvm",
		  true },
		{ "proc/xen/capabilities", LIT(""), "xenu", true },
		{ "proc/1/cgroup", LIT("0::/init.scope\n"), "physical", false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *r = tmpdir_new();
		struct arena a = ARENA_INIT;
		struct buf w = BUF_INIT;
		put_file_n(r, cases[i].file, cases[i].content, cases[i].len,
			   0644);
		struct value *f = collect(&a, r, NULL, &w);
		assert_fact_str(f, "virtual", cases[i].virtual);
		assert_fact_bool(f, "is_virtual", cases[i].is_virtual);
		buf_release(&w);
		arena_release(&a);
		tmpdir_free(r);
	}
}

static void test_facts__docker_uptime_is_pid1_age(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;
	struct buf stat = BUF_INIT;
	long tck = sysconf(_SC_CLK_TCK);

	put_file(r, ".dockerenv", "");
	put_file(r, "proc/uptime", "1000.50 10.00\n");
	/* starttime (field 22) = 400 s after boot; the command has spaces and
	 * ')' */
	buf_addf(
		&stat,
		"1 (my (init) x) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 %ld 1000 10\n",
		400 * tck);
	put_file(r, "proc/1/stat", stat.ptr);
	struct value *f = collect(&a, r, NULL, &w);
	assert_fact_str(f, "virtual", "docker");
	assert_fact_int(f, "system_uptime.seconds", 600);
	assert_fact_str(f, "system_uptime.uptime", "0:10 hours");

	buf_release(&stat);
	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__dmi(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;

	put_file(r, "sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
	put_file(r, "sys/class/dmi/id/product_name", "PowerEdge R640\n");
	put_file(r, "sys/class/dmi/id/product_serial", "ABC1234\n");
	put_file(r, "sys/class/dmi/id/bios_vendor", "Dell Inc.\n");
	put_file(r, "sys/class/dmi/id/bios_version", "2.17.1\n");
	put_file(r, "sys/class/dmi/id/bios_date", "01/01/2023\n");
	put_file(r, "sys/class/dmi/id/chassis_type", "23\n");
	put_file(r, "sys/class/dmi/id/board_name", "0X45NX\n");
	put_file(r, "sys/class/dmi/id/board_asset_tag", "   \n");
	struct value *f = collect(&a, r, NULL, &w);
	assert_fact_str(f, "dmi.manufacturer", "Dell Inc.");
	assert_fact_str(f, "manufacturer", "Dell Inc.");
	assert_fact_str(f, "dmi.product.name", "PowerEdge R640");
	assert_fact_str(f, "productname", "PowerEdge R640");
	assert_fact_str(f, "dmi.product.serial_number", "ABC1234");
	assert_fact_str(f, "serialnumber", "ABC1234");
	assert_fact_str(f, "dmi.bios.version", "2.17.1");
	assert_fact_str(f, "bios_release_date", "01/01/2023");
	assert_fact_str(f, "dmi.chassis.type", "Rack Mount Chassis");
	assert_fact_str(f, "chassistype", "Rack Mount Chassis");
	assert_fact_str(f, "dmi.board.product", "0X45NX");
	assert_fact_absent(f, "dmi.board.asset_tag"); /* blank values are no
							 facts */
	assert_fact_str(f, "virtual", "physical");

	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__domain_sources(void **state UNUSED)
{
	char host[256];
	if (!short_hostname(host, sizeof(host)))
		skip();
	struct buf t = BUF_INIT;

	/* /etc/hosts: the canonical name of the line naming the host */
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;
	buf_addf(
		&t,
		"127.0.0.1 localhost\n# 10.0.0.1 %s.wrong.example %s\n127.0.1.1 %s.example.org %s\n",
		host, host, host, host);
	put_file(r, "etc/hosts", t.ptr);
	put_file(r, "etc/resolv.conf", "domain resolv.example\n");
	struct value *f = collect(&a, r, NULL, &w);
	assert_fact_str(f, "networking.domain", "example.org");
	buf_reset(&t);
	buf_addf(&t, "%s.example.org", host);
	assert_fact_str(f, "networking.fqdn", t.ptr);
	arena_release(&a);
	tmpdir_free(r);

	/* resolv.conf: "domain" wins over an earlier "search" */
	r = tmpdir_new();
	put_file(r, "etc/resolv.conf",
		 "search s1.example s2.example\ndomain d.example\n");
	f = collect(&a, r, NULL, &w);
	assert_fact_str(f, "domain", "d.example");
	arena_release(&a);
	tmpdir_free(r);

	/* nothing: no domain fact, fqdn is the hostname */
	r = tmpdir_new();
	put_file(r, "etc/resolv.conf", "nameserver 192.0.2.1\n");
	f = collect(&a, r, NULL, &w);
	assert_fact_absent(f, "domain");
	assert_fact_absent(f, "networking.domain");
	assert_fact_str(f, "fqdn", host);

	buf_release(&t);
	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__selinux(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;

	put_file(
		r, "proc/self/mounts",
		"proc /proc proc rw 0 0\nselinuxfs /sys/fs/selinux selinuxfs rw 0 0\n");
	put_file(r, "etc/selinux/config",
		 "SELINUX=enforcing\nSELINUXTYPE=targeted\n");
	put_file(r, "sys/fs/selinux/enforce", "1");
	put_file(r, "sys/fs/selinux/policyvers", "33\n");
	struct value *f = collect(&a, r, NULL, &w);
	assert_fact_bool(f, "os.selinux.enabled", true);
	assert_fact_bool(f, "os.selinux.enforced", true);
	assert_fact_str(f, "os.selinux.current_mode", "enforcing");
	assert_fact_str(f, "os.selinux.config_mode", "enforcing");
	assert_fact_str(f, "os.selinux.config_policy", "targeted");
	assert_fact_str(f, "os.selinux.policy_version", "33");
	assert_fact_bool(f, "selinux", true);
	assert_fact_str(f, "selinux_config_policy", "targeted");

	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

/* ---- formats ---- */

static void test_facts__human_sizes_as_facter(void **state UNUSED)
{
	/* expected values printed by Facter 4.3's UnitConverter */
	static const struct {
		uint64_t n;
		const char *want;
	} bytes[] = {
		{ 0, "0 bytes" },
		{ 1023, "1023 bytes" },
		{ 1024, "1.00 KiB" },
		{ 1536, "1.50 KiB" },
		{ 5000, "4.88 KiB" },
		{ 1048575, "1.00 MiB" },
		{ 1073741823, "1.00 GiB" },
		{ 16777216000, "15.63 GiB" },
		{ 25276510208, "23.54 GiB" },
		{ 1125899906842624, "1.00 PiB" },
		{ UINT64_MAX, "16.00 EiB" },
	}, hertz[] = {
		{ 2596000000, "2.60 GHz" },
		{ 1995000000, "2.00 GHz" },
		{ 999, "999.00 Hz" },
		{ 1000, "1.00 kHz" },
		{ 1, "1.00 Hz" },
		{ 1005000, "1.01 MHz" },
		{ 12345678901234, "12.35 THz" },
		{ 0, "" },
	};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(bytes); i++) {
		buf_reset(&b);
		facts_bytes_to_human(&b, bytes[i].n);
		assert_string_equal(b.ptr, bytes[i].want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(hertz); i++) {
		buf_reset(&b);
		facts_hertz_to_human(&b, hertz[i].n);
		assert_string_equal(b.ptr, hertz[i].want);
	}
	buf_release(&b);
}

static void test_facts__yaml_scalars_as_psych(void **state UNUSED)
{
	/* expected types and values printed by Ruby 3.1's Psych 4.0.4 */
	static const struct {
		const char *in;
		enum val_kind kind;
		int64_t i;
		double f;
	} cases[] = {
		{ "12", VAL_INT, 12, 0 },
		{ "012", VAL_INT, 10, 0 },
		{ "0x1F", VAL_INT, 31, 0 },
		{ "0b101", VAL_INT, 5, 0 },
		{ "1_000", VAL_INT, 1000, 0 },
		{ "1,000", VAL_INT, 1000, 0 },
		{ "+5", VAL_INT, 5, 0 },
		{ "-0", VAL_INT, 0, 0 },
		{ "00", VAL_INT, 0, 0 },
		{ "0_7", VAL_INT, 7, 0 },
		{ "+0x1f", VAL_INT, 31, 0 },
		{ "-0b11", VAL_INT, -3, 0 },
		{ "1:30", VAL_INT, 5400, 0 },
		{ "1:30:15", VAL_INT, 5415, 0 },
		{ "-1:30", VAL_INT, -1800, 0 },
		{ "0:30", VAL_INT, 1800, 0 },
		{ "-9223372036854775808", VAL_INT, INT64_MIN, 0 },
		{ "1.5", VAL_FLOAT, 0, 1.5 },
		{ "1.", VAL_FLOAT, 0, 1.0 },
		{ ".5", VAL_FLOAT, 0, 0.5 },
		{ "-.5", VAL_FLOAT, 0, -0.5 },
		{ "1.0e+3", VAL_FLOAT, 0, 1000.0 },
		{ "1_000.5", VAL_FLOAT, 0, 1000.5 },
		{ "1,0.5", VAL_FLOAT, 0, 10.5 },
		{ "+1.5e-3", VAL_FLOAT, 0, 0.0015 },
		{ "yes", VAL_BOOL, 1, 0 },
		{ "No", VAL_BOOL, 0, 0 },
		{ "ON", VAL_BOOL, 1, 0 },
		{ "off", VAL_BOOL, 0, 0 },
		{ "true", VAL_BOOL, 1, 0 },
		{ "False", VAL_BOOL, 0, 0 },
		{ "tRuE", VAL_BOOL, 1, 0 },
		{ "null", VAL_UNDEF, 0, 0 },
		{ "NULL", VAL_UNDEF, 0, 0 },
		{ "~", VAL_UNDEF, 0, 0 },
		{ "", VAL_UNDEF, 0, 0 },
		{ "0o12", VAL_STRING, 0, 0 },
		{ "1e3", VAL_STRING, 0, 0 },
		{ "1.0e3", VAL_STRING, 0, 0 },
		{ ".", VAL_STRING, 0, 0 },
		{ "+.", VAL_STRING, 0, 0 },
		{ "y", VAL_STRING, 0, 0 },
		{ "n", VAL_STRING, 0, 0 },
		{ "nil", VAL_STRING, 0, 0 },
		{ "0.1.2", VAL_STRING, 0, 0 },
		{ "08", VAL_STRING, 0, 0 },
		{ "1__0", VAL_STRING, 0, 0 },
		{ "_1", VAL_STRING, 0, 0 },
		{ "1_", VAL_STRING, 0, 0 },
		{ "0x", VAL_STRING, 0, 0 },
		{ "1:70", VAL_STRING, 0, 0 },
		{ "2024-01-15", VAL_STRING, 0, 0 },
		{ "99999999999999999999", VAL_STRING, 0, 0 },
		{ "yes please", VAL_STRING, 0, 0 },
		{ "canary", VAL_STRING, 0, 0 },
		{ "02:fc:00:00:00:01", VAL_STRING, 0, 0 },
	};
	struct arena a = ARENA_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *s = cases[i].in;
		struct value *v = facts_yaml_scalar(&a, s, strlen(s));
		if (v->kind != cases[i].kind)
			fail_msg("'%s' reads as a %s", s, val_type_name(v));
		if (v->kind == VAL_INT && v->u.n.i != cases[i].i)
			fail_msg("'%s' reads as %" PRId64, s, v->u.n.i);
		if (v->kind == VAL_FLOAT && v->u.f != cases[i].f)
			fail_msg("'%s' reads as %g", s, v->u.f);
		if (v->kind == VAL_BOOL && v->u.b != (cases[i].i != 0))
			fail_msg("'%s' reads as %d", s, v->u.b);
		if (v->kind == VAL_STRING)
			assert_string_equal(v->u.s.ptr, s);
	}
	arena_release(&a);
}

/* ---- external facts ---- */

static void test_facts__external_each_format(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT, dir = BUF_INIT;

	buf_addf(&dir, "%s/facts.d", r);
	put_file(r, "facts.d/a.txt",
		 "Role=web\nempty=\n# comment=1\nkey=a=b\r\n=novalue\n");
	put_file(
		r, "facts.d/b.json",
		"{\"cluster-type\": \"canary\", \"n\": 3, \"f\": 1.5, \"ok\": true, \"nothing\": null,"
		" \"list\": [1, \"a\"], \"obj\": {\"z\": 1, \"a\": 2}}");
	put_file(
		r, "facts.d/c.yaml",
		"yint: 42\nyfloat: 1.5\nybool: yes\nystr: '42'\nynull: ~\nyoct: 0644\n"
		"ylist: [1, two]\nymap: {k: v, 80: http}\nanchor: &x {a: 1}\nalias: *x\n");
	put_file(r, "facts.d/d.yml", "ymlfact: here\n");
	put_exec(r, "facts.d/e.sh",
		 "#!/bin/sh\necho exec_kv=hello\necho 'exec2=two=2'\n");
	put_exec(r, "facts.d/f",
		 "#!/bin/sh\nprintf 'exec_yaml: 7\\nexec_list: [1, 2]\\n'\n");
	put_exec(r, "facts.d/g-noshebang", "echo noshebang=yes\n");
	put_exec(r, "facts.d/h-stderr",
		 "#!/bin/sh\necho stderr_fact=1\necho 'something odd' >&2\n");
	put_file(r, "facts.d/i-notexec", "notfact=1\n");
	put_file(r, "facts.d/.hidden.txt", "hidden=1\n");
	put_dir(r, "facts.d/subdir.txt");

	struct value *f = collect(&a, NULL, dir.ptr, &w);

	assert_fact_str(f, "role", "web"); /* names are lowercased */
	assert_fact_absent(f, "Role");
	assert_fact_absent(f, "empty");
	assert_fact_absent(f, "# comment");
	assert_fact_str(f, "key", "a=b");
	assert_fact_str(f, "cluster-type", "canary");
	assert_fact_int(f, "n", 3);
	assert_fact_float(f, "f", 1.5);
	assert_fact_bool(f, "ok", true);
	assert_int_equal(fact(f, "nothing")->kind, VAL_UNDEF);
	assert_fact_int(f, "list.0", 1);
	assert_fact_str(f, "list.1", "a");
	struct value *obj = fact(f, "obj");
	assert_string_equal(obj->u.h.e[0].key->u.s.ptr, "z"); /* document order
							       */
	assert_fact_int(f, "yint", 42);
	assert_fact_float(f, "yfloat", 1.5);
	assert_fact_bool(f, "ybool", true);
	assert_fact_str(f, "ystr", "42");
	assert_int_equal(fact(f, "ynull")->kind, VAL_UNDEF);
	assert_fact_int(f, "yoct", 420);
	assert_fact_int(f, "ylist.0", 1);
	assert_fact_str(f, "ylist.1", "two");
	assert_fact_str(f, "ymap.k", "v");
	assert_fact_str(f, "ymap.80", "http"); /* keys are strings, as through
						  Facter's JSON */
	assert_fact_int(f, "alias.a", 1);
	assert_fact_str(f, "ymlfact", "here");
	assert_fact_str(f, "exec_kv", "hello");
	assert_fact_str(f, "exec2", "two=2");
	assert_fact_int(f, "exec_yaml", 7);
	assert_fact_int(f, "exec_list.1", 2);
	assert_fact_str(f, "noshebang", "yes");
	assert_fact_str(f, "stderr_fact", "1");
	assert_fact_absent(f, "notfact");
	assert_fact_absent(f, "hidden");

	/* the only warning: h-stderr's stderr, naming the file */
	struct buf want = BUF_INIT;
	buf_addf(&want, "external fact '%s/h-stderr': something odd\n",
		 dir.ptr);
	assert_string_equal(w.ptr, want.ptr);

	buf_release(&want);
	buf_release(&dir);
	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__external_overrides(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT, dirs = BUF_INIT;

	put_file(r, "d1/x.txt", "osfamily=Override\nos=flat\ndup=1\n");
	put_file(r, "d1/y.txt", "dup=2\n");
	put_file(r, "d2/a.txt", "dup=3\n");
	buf_addf(&dirs, "%s/d1::%s/d2", r, r);
	struct value *f = collect(&a, NULL, dirs.ptr, &w);
	assert_fact_str(f, "osfamily", "Override");
	assert_fact_str(f, "os", "flat");
	assert_fact_str(f, "dup", "3"); /* later file, later directory */
	assert_string_equal(w.ptr, "");

	/* FACTER_ variables override facts.d, unless no_env */
	setenv("FACTER_Dup", "env", 1);
	struct facts_opts o = { .external_dirs = dirs.ptr,
				.root = r,
				.warn = collect_warning,
				.warn_payload = &w };
	assert_int_equal(facts_collect(&f, &a, &o), 0);
	assert_fact_str(f, "dup", "env");
	o.no_env = true;
	assert_int_equal(facts_collect(&f, &a, &o), 0);
	assert_fact_str(f, "dup", "3");
	unsetenv("FACTER_Dup");

	buf_release(&dirs);
	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__default_external_dirs(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT;

	put_file(r, "etc/facter/facts.d/f.txt", "facterfact=1\nboth=facter\n");
	put_file(r, "etc/tend/facts.d/t.yaml", "tendfact: 2\nboth: tend\n");
	struct facts_opts o = { .root = r,
				.no_env = true,
				.warn = collect_warning,
				.warn_payload = &w };
	struct value *f;
	assert_int_equal(facts_collect(&f, &a, &o), 0);
	assert_fact_str(f, "facterfact", "1");
	assert_fact_int(f, "tendfact", 2);
	assert_fact_str(f, "both", "tend");
	/* /etc/puppetlabs/facter/facts.d is missing: no warning for a default
	 */
	assert_string_equal(w.ptr, "");

	/* a missing directory given explicitly is worth a warning */
	struct buf d = BUF_INIT;
	buf_addf(&d, "%s/nowhere", r);
	collect(&a, NULL, d.ptr, &w);
	assert_non_null(strstr(w.ptr, "cannot read external facts directory"));
	assert_non_null(strstr(w.ptr, d.ptr));

	buf_release(&d);
	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__malformed_external_facts_warn(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf w = BUF_INIT, dir = BUF_INIT, path = BUF_INIT;

	buf_addf(&dir, "%s/facts.d", r);
	put_file(r, "facts.d/bad.json", "{\"a\": 1,\n \"b\": }\n");
	put_file(r, "facts.d/bad.yaml", "a: [1, 2\n");
	put_file(r, "facts.d/list.json", "[1, 2]");
	put_file(r, "facts.d/scalar.yaml", "just a string\n");
	put_file(r, "facts.d/good.txt", "good=1\n");
	struct facts_opts o = { .external_dirs = dir.ptr,
				.no_env = true,
				.warn = collect_warning,
				.warn_payload = &w };
	struct value *f;
	assert_int_equal(facts_collect(&f, &a, &o), 0);

	/* the other files count, and core facts are all there */
	assert_fact_str(f, "good", "1");
	assert_non_null(facts_get_path(f, "os.family"));
	assert_fact_absent(f, "a");

	buf_addf(&path, "cannot parse external facts '%s/bad.json': ", dir.ptr);
	assert_non_null(strstr(w.ptr, path.ptr));
	assert_non_null(strstr(w.ptr, "at line 2, column"));
	buf_reset(&path);
	buf_addf(&path, "cannot parse external facts '%s/bad.yaml': ", dir.ptr);
	assert_non_null(strstr(w.ptr, path.ptr));
	buf_reset(&path);
	buf_addf(&path,
		 "cannot use external facts '%s/list.json': not a JSON object",
		 dir.ptr);
	assert_non_null(strstr(w.ptr, path.ptr));
	buf_reset(&path);
	buf_addf(
		&path,
		"cannot use external facts '%s/scalar.yaml': not a YAML mapping",
		dir.ptr);
	assert_non_null(strstr(w.ptr, path.ptr));
	/* one line per problem */
	int lines = 0;
	for (const char *p = w.ptr; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 4);

	buf_release(&path);
	buf_release(&dir);
	buf_release(&w);
	arena_release(&a);
	tmpdir_free(r);
}

/* ---- JSON ---- */

static void test_facts__load_json_both_shapes(void **state UNUSED)
{
	char *r = tmpdir_new();
	struct arena a = ARENA_INIT;
	struct buf p = BUF_INIT;
	struct value *f;

	put_file(
		r, "plain.json",
		"{\"osfamily\": \"Debian\", \"b\": 1, \"a\": 2.5, \"t\": false, \"u\": null,"
		" \"os\": {\"family\": \"Debian\", \"release\": {\"major\": \"12\"}}, \"l\": [true]}");
	buf_addf(&p, "%s/plain.json", r);
	assert_int_equal(facts_load_json(&f, &a, p.ptr), 0);
	assert_int_equal(f->kind, VAL_HASH);
	assert_string_equal(f->u.h.e[1].key->u.s.ptr, "b"); /* document order */
	assert_string_equal(f->u.h.e[2].key->u.s.ptr, "a");
	assert_fact_int(f, "b", 1);
	assert_fact_float(f, "a", 2.5);
	assert_fact_bool(f, "t", false);
	assert_int_equal(fact(f, "u")->kind, VAL_UNDEF);
	assert_fact_str(f, "os.release.major", "12");
	assert_fact_bool(f, "l.0", true);

	put_file(
		r, "puppet.json",
		"{\"name\": \"web1.example.org\", \"values\": {\"fqdn\": \"web1.example.org\","
		" \"processorcount\": 4}, \"timestamp\": \"2024-01-01T00:00:00Z\"}");
	buf_reset(&p);
	buf_addf(&p, "%s/puppet.json", r);
	assert_int_equal(facts_load_json(&f, &a, p.ptr), 0);
	assert_int_equal(f->u.h.n, 2);
	assert_fact_str(f, "fqdn", "web1.example.org");
	assert_fact_int(f, "processorcount", 4);
	assert_fact_absent(f, "timestamp");

	/* "values" alone is just a fact called values */
	put_file(r, "values.json", "{\"values\": {\"x\": 1}}");
	buf_reset(&p);
	buf_addf(&p, "%s/values.json", r);
	assert_int_equal(facts_load_json(&f, &a, p.ptr), 0);
	assert_fact_int(f, "values.x", 1);

	put_file(r, "bad.json", "{\"a\": 1\n\"b\": 2}");
	buf_reset(&p);
	buf_addf(&p, "%s/bad.json", r);
	assert_int_equal(facts_load_json(&f, &a, p.ptr), -1);
	assert_non_null(strstr(err_last(), p.ptr));
	assert_non_null(strstr(err_last(), "line 2"));

	put_file(r, "array.json", "[1]");
	buf_reset(&p);
	buf_addf(&p, "%s/array.json", r);
	assert_int_equal(facts_load_json(&f, &a, p.ptr), -1);
	assert_non_null(strstr(err_last(), "not a JSON object"));

	buf_reset(&p);
	buf_addf(&p, "%s/missing.json", r);
	assert_int_equal(facts_load_json(&f, &a, p.ptr), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), p.ptr));

	buf_release(&p);
	arena_release(&a);
	tmpdir_free(r);
}

static void test_facts__get_path(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	struct value *f = val_hash(&a, 4), *os = val_hash(&a, 2),
		     *models = val_array(&a, 2);
	val_hash_set_str(&a, os, "family", val_strz(&a, "Debian"));
	val_hash_set_str(&a, f, "os", os);
	val_array_push(&a, models, val_strz(&a, "cpu0"));
	val_array_push(&a, models, val_strz(&a, "cpu1"));
	val_hash_set_str(&a, f, "models", models);
	val_hash_set_str(&a, f, "a.b", val_strz(&a, "dotted name"));

	assert_fact_str(f, "os.family", "Debian");
	assert_ptr_equal(facts_get_path(f, "os"), os);
	assert_fact_str(f, "models.1", "cpu1");
	assert_fact_str(f, "a.b", "dotted name");
	assert_null(facts_get_path(f, "models.2"));
	assert_null(facts_get_path(f, "models.x"));
	assert_null(facts_get_path(f, "os.family.x"));
	assert_null(facts_get_path(f, "os."));
	assert_null(facts_get_path(f, "nope"));
	assert_null(facts_get_path(NULL, "os"));
	arena_release(&a);
}

static void test_facts__json_values_round_trip(void **state UNUSED)
{
	struct arena a = ARENA_INIT;
	json_error_t je;
	json_t *j = json_loads(
		"{\"z\": 1, \"a\": [1.5, true, null, \"s\"], \"m\": {\"k\": -7}}",
		0, &je);
	assert_non_null(j);
	struct value *v = jv_from_json(&a, j);
	assert_int_equal(v->kind, VAL_HASH);
	assert_string_equal(v->u.h.e[0].key->u.s.ptr, "z");
	assert_fact_int(v, "z", 1);
	assert_fact_float(v, "a.0", 1.5);
	assert_fact_bool(v, "a.1", true);
	assert_int_equal(fact(v, "a.2")->kind, VAL_UNDEF);
	assert_fact_int(v, "m.k", -7);
	json_t *back = jv_to_json(v);
	assert_true(json_equal(j, back));
	json_decref(back);
	json_decref(j);
	assert_int_equal(jv_from_json(&a, NULL)->kind, VAL_UNDEF);

	/* values JSON has no type for */
	struct value *params[] = { val_strz(&a, "/x") };
	struct value *h = val_hash(&a, 4);
	val_hash_set_str(&a, h, "ref", val_type(&a, "File", params, 1));
	val_hash_set_str(&a, h, "default", val_default());
	val_hash_set_str(&a, h, "undef", val_undef());
	val_hash_set(&a, h, val_int(&a, 5), val_strz(&a, "int key"));
	j = jv_to_json(h);
	struct buf ref = BUF_INIT;
	val_to_s(&ref, fact(h, "ref"));
	assert_string_equal(json_string_value(json_object_get(j, "ref")),
			    ref.ptr);
	assert_string_equal(json_string_value(json_object_get(j, "default")),
			    "default");
	assert_true(json_is_null(json_object_get(j, "undef")));
	assert_string_equal(json_string_value(json_object_get(j, "5")),
			    "int key");
	json_decref(j);
	buf_release(&ref);

	/* jv_dump: Ruby's pretty format, shortest floats, escapes */
	struct value *d = val_hash(&a, 4);
	val_hash_set_str(&a, d, "b", val_float(&a, 0.1));
	val_hash_set_str(&a, d, "a", val_float(&a, 1e20));
	val_hash_set_str(&a, d, "s", val_str(&a, "q\"\\\n\x01\xff", 6));
	struct value *arr = val_array(&a, 2);
	struct value *inner = val_hash(&a, 2);
	val_hash_set_str(&a, inner, "y", val_int(&a, 1));
	val_hash_set_str(&a, inner, "x", val_int(&a, 2));
	val_array_push(&a, arr, inner);
	val_hash_set_str(&a, d, "l", arr);
	val_hash_set_str(&a, d, "e", val_array(&a, 0));
	struct buf out = BUF_INIT;
	jv_dump(&out, d, 0);
	assert_string_equal(
		out.ptr,
		"{\"b\":0.1,\"a\":1.0e+20,\"s\":\"q\\\"\\\\\\n\\u0001\\ufffd\","
		"\"l\":[{\"y\":1,\"x\":2}],\"e\":[]}");
	buf_reset(&out);
	jv_dump(&out, d, JV_PRETTY | JV_SORT_OUTSIDE_ARRAYS);
	assert_string_equal(
		out.ptr,
		"{\n  \"a\": 1.0e+20,\n  \"b\": 0.1,\n  \"e\": [],\n"
		"  \"l\": [\n    {\n      \"y\": 1,\n      \"x\": 2\n    }\n  ],\n"
		"  \"s\": \"q\\\"\\\\\\n\\u0001\\ufffd\"\n}");
	buf_reset(&out);
	jv_dump(&out, arr, JV_SORT_KEYS);
	assert_string_equal(out.ptr, "[{\"x\":2,\"y\":1}]");
	buf_release(&out);
	arena_release(&a);
}

/* The only test file of the facts module, so it holds main(). */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts__real_machine),
		cmocka_unit_test(test_facts__collection_is_fast),
		cmocka_unit_test(test_facts__fake_root_debian),
		cmocka_unit_test(test_facts__os_names_and_families),
		cmocka_unit_test(test_facts__ubuntu_and_redhat_distro),
		cmocka_unit_test(
			test_facts__memory_without_swap_or_memavailable),
		cmocka_unit_test(test_facts__uptime_text),
		cmocka_unit_test(test_facts__virtual_detection),
		cmocka_unit_test(test_facts__docker_uptime_is_pid1_age),
		cmocka_unit_test(test_facts__dmi),
		cmocka_unit_test(test_facts__domain_sources),
		cmocka_unit_test(test_facts__selinux),
		cmocka_unit_test(test_facts__human_sizes_as_facter),
		cmocka_unit_test(test_facts__yaml_scalars_as_psych),
		cmocka_unit_test(test_facts__external_each_format),
		cmocka_unit_test(test_facts__external_overrides),
		cmocka_unit_test(test_facts__default_external_dirs),
		cmocka_unit_test(test_facts__malformed_external_facts_warn),
		cmocka_unit_test(test_facts__load_json_both_shapes),
		cmocka_unit_test(test_facts__get_path),
		cmocka_unit_test(test_facts__json_values_round_trip),
	};
	return cmocka_run_group_tests_name("facts", tests, NULL, NULL) ? 1 : 0;
}
