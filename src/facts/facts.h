/* SPDX-License-Identifier: MIT */
/* facts.h: this machine's facts, as Facter 4 names them, and facts.d files */
#ifndef FACTS_H
#define FACTS_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct buf;
struct value;

/* The version reported as $facts['facterversion']. */
#define FACTS_FACTER_VERSION "4.3.0"

/* Receives one warning (no trailing newline); `msg` is borrowed. */
typedef void (*facts_warn_fn)(const char *msg, void *payload);

struct facts_opts {
	/*
	 * Colon-separated facts.d directories, read in order (a later file
	 * overrides an earlier one). NULL means the defaults, under `root`:
	 * /etc/puppetlabs/facter/facts.d, /etc/facter/facts.d and then
	 * /etc/tend/facts.d, each when it exists. "" means none.
	 */
	const char *external_dirs;
	/*
	 * Prefix of every file read (/proc, /sys, /etc, /.dockerenv, ...), for
	 * tests; NULL or "/" is the real machine. uname(2), getifaddrs(3), gethostname(2)
	 * and getpwuid(3) are always the real ones; the CPUID probe for a
	 * hypervisor runs only without a prefix.
	 */
	const char *root;
	/* Skip FACTER_<name> environment variables (see facts_collect). */
	bool no_env;
	/* Where warnings go (unreadable or malformed facts.d files, failing
	 * executables); NULL logs them with log_warning(). */
	facts_warn_fn warn;
	void *warn_payload;
};

/*
 * Collects every fact into a new VAL_HASH allocated in `a`: Facter 4's
 * structured facts (os, networking, processors, memory, identity,
 * system_uptime, dmi, ...) and the legacy flat ones (osfamily, fqdn,
 * ipaddress_eth0, memorysize, ...), with the same names, types and value
 * formats ("23.54 GiB", "2.60 GHz", "3:04 hours"). A fact that cannot be
 * determined is absent, never undef.
 *
 * External facts from the facts.d directories of `o` (see
 * facts_external_load) then override core facts of the same name, and
 * FACTER_<name> environment variables (name lowercased, value a string)
 * override both, as with Facter. Problems with single sources are
 * warnings; collection itself fails only on a broken invariant, so it
 * returns 0. `o` may be NULL for the defaults.
 *
 * Reads files only; the one thing that forks is an executable external
 * fact.
 */
int facts_collect(struct value **out, struct arena *a,
		  const struct facts_opts *o);

/*
 * Reads external facts from the colon-separated directories `dirs` into
 * the hash `facts`, replacing top-level facts of the same name. In each
 * directory, in name order and skipping dot files:
 *   *.txt            key=value lines; values are strings
 *   *.json           a JSON object
 *   *.yaml, *.yml    a YAML mapping; plain scalars typed as Facter's YAML
 *                    reader types them (42 Integer, 1.5 Float, true/yes/on
 *                    Boolean, ~/null undef), quoted ones stay strings
 *   other files      run when executable (no arguments, stdin /dev/null,
 *                    killed after 30 seconds); stdout is a YAML/JSON
 *                    mapping or key=value lines; each stderr line is
 *                    passed on as a warning
 * Fact names are lowercased. A directory that does not exist is skipped
 * silently when `quiet_missing`, with a warning otherwise. Each
 * unreadable or malformed file is one warning naming it (through `o`),
 * and the other files still count; `o` gives the warning callback and may
 * be NULL (log_warning). Returns the number of facts set.
 */
int facts_external_load(struct value *facts, struct arena *a, const char *dirs,
			bool quiet_missing, const struct facts_opts *o);

/*
 * Reads a JSON facts file: either a plain {"name": value, ...} object or
 * Puppet's {"name": CERTNAME, "values": {...}, ...} shape, whose "values"
 * are returned. Values convert as jv_from_json does. ERR_NOTFOUND when
 * the file does not exist; -1 with err_last() naming the file, line and
 * column for invalid JSON or a top level that is not an object.
 */
int facts_load_json(struct value **out, struct arena *a, const char *path);

/*
 * The fact at a dotted path, as `facter os.release.major` finds it: a
 * top-level fact whose name is exactly `dotted` wins; otherwise each
 * segment indexes a hash by key or an array by decimal index
 * ("processors.models.0"). NULL when absent. The result is borrowed.
 */
struct value *facts_get_path(struct value *facts, const char *dotted);

/*
 * Appends `bytes` in Facter's human-readable form: "512 bytes",
 * "1.00 KiB", "15.62 GiB" (two decimals, binary units, rounded half
 * away from zero).
 */
void facts_bytes_to_human(struct buf *out, uint64_t bytes);

/* Appends a frequency as Facter does: 2596000000 → "2.60 GHz". */
void facts_hertz_to_human(struct buf *out, uint64_t hz);

/*
 * The value of a plain (unquoted) YAML scalar as Facter's YAML reader
 * (Psych, YAML 1.1) types it: "" ~ null → undef; true/yes/on and
 * false/no/off in any case → Boolean; 42, -7, 0x1f, 017 (octal),
 * 0b101, 1_000 → Integer; 1.5, -.5, 1.0e+3 → Float; anything else, and
 * integers too big for 64 bits, a String. Allocated in `a`.
 */
/*
 * Parses the first YAML document of `text` into a value (mappings become
 * hashes in document order, scalars typed as Facter types them); *out is
 * NULL for an empty document. -1 with the reason ("... at line L, column
 * C") appended to `err`.
 */
int facts_yaml_load(struct value **out, struct arena *a, const char *text,
		    size_t len, struct buf *err);

struct value *facts_yaml_scalar(struct arena *a, const char *s, size_t len);

#endif
