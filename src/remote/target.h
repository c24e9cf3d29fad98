/* SPDX-License-Identifier: MIT */
/* target.h: Salt's targeting, resolved on the master against its minions */
#ifndef TARGET_H
#define TARGET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct buf;

/*
 * The target types of `salt` (and their flags), with Salt's semantics
 * (Salt 3006: salt/utils/minions.py, salt/utils/data.py subdict_match):
 *
 *   TARGET_GLOB       (default) Python's fnmatch on the minion id, case
 *                     sensitive: * ? [seq] [!seq] ([^x] and {a,b} are
 *                     literal in Python's fnmatch, backslash is literal).
 *   TARGET_PCRE       -E: a regular expression matched at the start of the
 *                     id only (Python's re.match): 'web' matches 'web1'.
 *   TARGET_LIST       -L: comma-separated ids, exact (blanks around an id
 *                     are ignored, empty items dropped).
 *   TARGET_GRAIN      -G 'key:sub:glob' on the facts: one ':' per level,
 *                     the last part a glob matched case-insensitively
 *                     (ASCII case) against Python's str() of the value
 *                     (True, False, None, 3, 2.5, ['a']). See "Fact paths".
 *   TARGET_COMPOUND   -C: words separated by blanks, `and`, `or`, `not`
 *                     (may lead; "a not b" means "a and not b"; "not not
 *                     a" is a, where Salt's rewrite fails to parse),
 *                     parentheses as separate words, a bare word is a glob,
 *                     prefixes G@ P@ E@ L@ N@ S@ (and G%@ P%@: another
 *                     level separator than ':'). Precedence as Python's:
 *                     not > and > or. I@ J@ (pillar) and R@ (range) are
 *                     refused with a clear message.
 *   TARGET_NODEGROUP  -N: a nodegroup name.
 *   TARGET_GRAIN_PCRE -P (Salt's --grain-pcre): as GRAIN, the value part a
 *                     regex (case-insensitive, matched at the start).
 *   TARGET_IPCIDR     -S: an IP address or a CIDR network, matched against
 *                     the addresses in the facts: ipaddress, ipaddress6,
 *                     networking.ip/ip6, networking.interfaces.*.
 *                     bindings[6][*].address (and Salt's ipv4/ipv6 lists).
 *                     Host bits in a network are ignored (Python rejects
 *                     them and matches nothing).
 *
 * Fact paths (GRAIN, GRAIN_PCRE), as Salt: the expression is split at
 * every ':'; each split point is tried, the longest key path first, so a
 * value may contain ':' ('G@ip6:fe80::1' finds facts ip6 = "fe80::1").
 * A path step into a list is an index (negative counts from the end) or
 * else the first dict in the list having that key. A value that is a list
 * matches when any element does; a value that is a dict matches when the
 * pattern is '*' or one of its keys, or (recursively) a 'key:value' inside
 * it; '*:pattern' also searches every value one level down. Missing keys,
 * empty dicts and minions without facts do not match. Regexes (E@ P@ -E
 * -P) are PCRE2 in UTF and Unicode-property mode, close to Python's re;
 * P@ matches case-insensitively instead of lower-casing the pattern as
 * Salt does (which turns \D into \d).
 *
 * Nodegroups: an object {name: definition}, or Salt's list of one-key
 * objects. A definition is a compound string, or a list of words (each
 * element one word, not split at blanks). A definition without any
 * and/or/not/parenthesis, like a list of ids, matches any of its words
 * (Salt turns such a list into L@a,b,c). N@name inside a compound stands
 * for the group in parentheses; groups may nest; a group that includes
 * itself is an error.
 *
 * Differences from Salt, mostly where Salt silently targets nothing: errors
 * for an empty target, a misplaced operator, adjacent terms with no
 * operator, unbalanced or glued parentheses ('(web*'), unknown prefixes,
 * unknown nodegroups and nodegroup cycles, a bad regex, a grain target
 * without ':', an invalid address; blanks around -L ids are ignored;
 * an alternative separator (G%@) is one ASCII character and also ends
 * '%*%' wildcards (Salt keeps ':' there).
 */
enum target_type {
	TARGET_GLOB,
	TARGET_PCRE,
	TARGET_LIST,
	TARGET_GRAIN,
	TARGET_COMPOUND,
	TARGET_NODEGROUP,
	TARGET_GRAIN_PCRE,
	TARGET_IPCIDR,
};

struct target;

/*
 * Compiles `expr` (UTF-8) of type `type`. `nodegroups` (may be NULL) is
 * only read during the call. Returns a new target (target_free), or NULL
 * with one line appended to `err` (when not NULL) and err_set(). Messages
 * name the expression (or nodegroup) and then the problem:
 *   compound target 'a and ( b': '(' is not closed
 *   compound target 'a b': missing 'and' or 'or' between 'a' and 'b'
 *   compound target 'X@y': unknown target type 'X@' in 'X@y' (known: ...)
 *   compound target 'E@web(': bad regex 'web(': missing closing
 *     parenthesis at offset 4          (one line; -E gives "bad regex ...")
 *   compound target 'I@role:web': pillar targeting (I@) is not supported:
 *     'I@role:web'
 *   unknown nodegroup 'dbs'
 *   nodegroup 'a' includes itself: a -> b -> a
 *   grain target 'os' has no ':' between the key and the value
 *   invalid IP address or network '10.0.0.0/33'
 * Parentheses, `not` and nodegroups may nest 100 deep; "a or b or ..."
 * may be any length.
 */
struct target *target_compile(enum target_type type, const char *expr,
			      json_t *nodegroups, struct buf *err);

/*
 * As target_compile, `expr` being a JSON string or, for TARGET_LIST and
 * TARGET_COMPOUND, an array of strings (ids; compound words), as Salt's
 * API accepts.
 */
struct target *target_compile_json(enum target_type type, json_t *expr,
				   json_t *nodegroups, struct buf *err);

/* Whether minion `id` with `facts` (an object, or NULL) is targeted. */
bool target_match(const struct target *t, const char *id, json_t *facts);

/* Whether matching reads facts (grain or address terms). */
bool target_uses_facts(const struct target *t);

/*
 * The ids a TARGET_LIST names (or, in a compound, L@ terms not under a
 * `not`), for reporting listed minions the master does not know. Returns
 * their number; *ids_out is borrowed from the target.
 */
size_t target_listed_ids(const struct target *t, const char *const **ids_out);

void target_free(struct target *t);

/*
 * Parses a target type from a `salt` flag (-E, --pcre, -L, --list, -G,
 * --grain, -P, --grain-pcre, -C, --compound, -N, --nodegroup, -S,
 * --ipcidr) or a Salt tgt_type name (glob, pcre, list, grain, grain_pcre,
 * compound, nodegroup, ipcidr). Returns 0, or -1 with err_set() (pillar
 * and range types are named as unsupported).
 */
int target_type_parse(enum target_type *out, const char *s);

/* Salt's tgt_type name: "glob", "pcre", ... */
const char *target_type_name(enum target_type type);

#endif
