/* SPDX-License-Identifier: MIT */
/* test_target.c: Salt's targeting on a fleet of minions and their facts */
#include "util/compat.h"
#include <jansson.h>
#include "remote/target.h"
#include "util/buf.h"
#include "util/err.h"

#include <setjmp.h>
#include <cmocka.h>

/*
 * The fleet: ids in registry order, and the facts some of them pushed
 * (Puppet's structured facts, plus Salt-style ipv4/ipv6 lists on db1).
 * Minions without an entry have no facts.
 */
static const char *const fleet[] = {
	"web1",
	"web2",
	"web3",
	"web10",
	"Web4",
	"db1",
	"db-2.example.com",
	"mc1.pmtpa.wmflabs",
	"mc2.pmtpa.wmflabs",
	"h\xc3\xa9st",
	"x[y",
};

static const char facts_json[] =
	"{\"web1\": {"
	"  \"os\": {\"name\": \"Debian\", \"family\": \"Debian\","
	"          \"release\": {\"major\": \"12\", \"full\": \"12.5\"}},"
	"  \"roles\": [\"web\", \"cache\"], \"is_virtual\": true,"
	"  \"processors\": {\"count\": 4}, \"uptime\": 3.5,"
	"  \"cluster-type\": \"canary\", \"ip6\": \"fe80::1\","
	"  \"nothing\": null, \"empty\": {}, \"url\": \"http://x:8080/y\","
	"  \"disks\": [{\"name\": \"sda\", \"size\": 100},"
	"              {\"name\": \"sdb\", \"size\": 200}],"
	"  \"networking\": {\"ip\": \"10.0.0.11\","
	"    \"interfaces\": {"
	"      \"eth0\": {\"bindings\": [{\"address\": \"10.0.0.11\"}],"
	"        \"bindings6\": [{\"address\": \"fe80::a00:27ff:fe4e:66a1%eth0\"}]},"
	"      \"lo\": {\"bindings\": [{\"address\": \"127.0.0.1\"}]}}}},"
	" \"web2\": {"
	"  \"os\": {\"name\": \"Ubuntu\", \"family\": \"Debian\"},"
	"  \"os_family\": \"Debian\", \"roles\": \"web\","
	"  \"is_virtual\": false, \"ipaddress\": \"10.0.1.5\"},"
	" \"db1\": {"
	"  \"os\": {\"name\": \"CentOS\", \"family\": \"RedHat\"},"
	"  \"roles\": [\"db\"],"
	"  \"ipv4\": [\"192.168.1.10\", \"127.0.0.1\"],"
	"  \"ipv6\": [\"::1\", \"2001:db8::10\"]}}";

static const char nodegroups_json[] =
	"{\"webs\": \"web* and G@os:family:Debian\","
	" \"dbs\": [\"db1\", \"db-2.example.com\"],"
	" \"all_prod\": \"N@webs or N@dbs\","
	" \"nested3\": \"N@all_prod and not db1\","
	" \"group4\": [\"G@os:name:Debian\", \"or\", \"G@os:name:CentOS\"],"
	" \"plain\": \"web1 web2\","
	" \"regexy\": [\"E@web[12]$\", \"or\", \"db1\"],"
	" \"loop_a\": \"N@loop_b or web1\", \"loop_b\": \"N@loop_a\","
	" \"self\": \"N@self\", \"bad\": 42, \"empty\": \"\","
	" \"badword\": [\"web1\", 7]}";

static json_t *facts_all;
static json_t *groups;

static int setup(void **state UNUSED)
{
	facts_all = json_loads(facts_json, 0, NULL);
	groups = json_loads(nodegroups_json, 0, NULL);
	return facts_all && groups ? 0 : -1;
}

static int teardown(void **state UNUSED)
{
	json_decref(facts_all);
	json_decref(groups);
	return 0;
}

/* the ids `t` targets in the fleet, separated by spaces */
static void matched(struct buf *out, const struct target *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(fleet); i++) {
		if (!target_match(t, fleet[i],
				  json_object_get(facts_all, fleet[i])))
			continue;
		if (out->len)
			buf_addch(out, ' ');
		buf_addstr(out, fleet[i]);
	}
}

static void check_with(enum target_type type, const char *expr,
		       json_t *nodegroups, const char *want)
{
	struct buf err = BUF_INIT, got = BUF_INIT;
	struct target *t = target_compile(type, expr, nodegroups, &err);
	if (!t)
		fail_msg("'%s' does not compile: %s", expr, err.ptr);
	matched(&got, t);
	if (strcmp(got.ptr, want))
		fail_msg("'%s' targets '%s', want '%s'", expr, got.ptr, want);
	target_free(t);
	buf_release(&got);
	buf_release(&err);
}

static void check(enum target_type type, const char *expr, const char *want)
{
	check_with(type, expr, groups, want);
}

static void check_err_with(enum target_type type, const char *expr,
			   json_t *nodegroups, const char *want)
{
	struct buf err = BUF_INIT;
	struct target *t = target_compile(type, expr, nodegroups, &err);
	if (t)
		fail_msg("'%s' compiles, want the error '%s'", expr, want);
	assert_string_equal(err.ptr, want);
	assert_string_equal(err_last(), want);
	buf_release(&err);
}

static void check_err(enum target_type type, const char *expr, const char *want)
{
	check_err_with(type, expr, groups, want);
}

#define ALL                                                                    \
	"web1 web2 web3 web10 Web4 db1 db-2.example.com mc1.pmtpa.wmflabs "    \
	"mc2.pmtpa.wmflabs h\xc3\xa9st x[y"

static void test_target__glob(void **state UNUSED)
{
	check(TARGET_GLOB, "*", ALL);
	check(TARGET_GLOB, "web*", "web1 web2 web3 web10");
	check(TARGET_GLOB, "W*", "Web4"); /* case matters for ids */
	check(TARGET_GLOB, "web?", "web1 web2 web3");
	check(TARGET_GLOB, "web1", "web1");
	check(TARGET_GLOB, "*1", "web1 db1");
	check(TARGET_GLOB, "mc*.pmtpa.wmflabs",
	      "mc1.pmtpa.wmflabs mc2.pmtpa.wmflabs");
	check(TARGET_GLOB, "*.example.*", "db-2.example.com");
	check(TARGET_GLOB, "nomatch*", "");
}

static void test_target__glob_classes(void **state UNUSED)
{
	check(TARGET_GLOB, "web[1-2]", "web1 web2");
	check(TARGET_GLOB, "web[1,3]", "web1 web3");
	check(TARGET_GLOB, "web[!1]", "web2 web3");
	check(TARGET_GLOB, "[wd][eb]*",
	      "web1 web2 web3 web10 db1 db-2.example.com");
	check(TARGET_GLOB, "web[3-1]", ""); /* an empty range */
	check(TARGET_GLOB, "web1[0]", "web10");
	/* Python's fnmatch: '^' is not a negation, braces are literal */
	check(TARGET_GLOB, "web[^1]", "web1");
	check(TARGET_GLOB, "web{1,2}", "");
	/* an unclosed '[' is a literal; '?' is one character, not a byte */
	check(TARGET_GLOB, "x[y", "x[y");
	check(TARGET_GLOB, "h?st", "h\xc3\xa9st");
	check(TARGET_GLOB, "h[\xc3\xa9]st", "h\xc3\xa9st");
	check(TARGET_GLOB, "h[a-z]st", "");
	check(TARGET_GLOB, "[]x]*", "x[y");
}

static void test_target__pcre(void **state UNUSED)
{
	/* re.match: anchored at the start only */
	check(TARGET_PCRE, "web", "web1 web2 web3 web10");
	check(TARGET_PCRE, "eb1", "");
	check(TARGET_PCRE, "web\\d$", "web1 web2 web3");
	check(TARGET_PCRE, ".*1$", "web1 db1");
	check(TARGET_PCRE, "web1-(prod|devel)", "");
	check(TARGET_PCRE, "(web|db)1", "web1 web10 db1");
	check(TARGET_PCRE, "(?i)web4", "Web4");
	check(TARGET_PCRE, "mc[12]\\.pmtpa",
	      "mc1.pmtpa.wmflabs mc2.pmtpa.wmflabs");
	check(TARGET_PCRE, "h.st$", "h\xc3\xa9st");
	check(TARGET_PCRE, "h\\wst", "h\xc3\xa9st"); /* \w is Unicode */
	check_err(TARGET_PCRE, "web(",
		  "bad regex 'web(': missing closing parenthesis at offset 4");
	check_err(
		TARGET_PCRE, "web[1-",
		"bad regex 'web[1-': missing terminating ] for character class at offset 6");
}

static void test_target__list(void **state UNUSED)
{
	check(TARGET_LIST, "web1,db1", "web1 db1");
	check(TARGET_LIST, "db1,web1", "web1 db1");
	check(TARGET_LIST, " web1, db1 ,,nope", "web1 db1");
	check(TARGET_LIST, "web", "");
	check(TARGET_LIST, "web*", ""); /* no globbing in lists */
	check(TARGET_LIST, "x[y", "x[y");
	check_err(TARGET_LIST, "", "empty target");
	check_err(TARGET_LIST, " , ,", "empty list of minions");

	struct buf err = BUF_INIT, got = BUF_INIT;
	json_t *arr = json_pack("[ss]", "web2", "db1");
	struct target *t = target_compile_json(TARGET_LIST, arr, NULL, &err);
	assert_non_null(t);
	matched(&got, t);
	assert_string_equal(got.ptr, "web2 db1");
	const char *const *ids;
	assert_int_equal(target_listed_ids(t, &ids), 2);
	assert_string_equal(ids[0], "web2");
	assert_string_equal(ids[1], "db1");
	assert_false(target_uses_facts(t));
	target_free(t);
	json_decref(arr);
	buf_release(&got);
	buf_release(&err);
}

static void test_target__grain_nested_keys(void **state UNUSED)
{
	check(TARGET_GRAIN, "os:family:Debian", "web1 web2");
	check(TARGET_GRAIN, "os:name:Debian", "web1");
	check(TARGET_GRAIN, "os:family:RedHat", "db1");
	check(TARGET_GRAIN, "os:release:major:12", "web1");
	check(TARGET_GRAIN, "os:release:major:1[0-9]", "web1");
	check(TARGET_GRAIN, "cluster-type:canary", "web1");
	/* values are globs, case-insensitive; keys are exact */
	check(TARGET_GRAIN, "os:family:debian", "web1 web2");
	check(TARGET_GRAIN, "os:family:deb*", "web1 web2");
	check(TARGET_GRAIN, "os:family:D?bian", "web1 web2");
	check(TARGET_GRAIN, "OS:family:Debian", "");
	check(TARGET_GRAIN, "os:family:Deb", "");
	/* a dict matches its keys and '*'; a value is not a key */
	check(TARGET_GRAIN, "os:name", "web1 web2 db1");
	check(TARGET_GRAIN, "os:*", "web1 web2 db1");
	check(TARGET_GRAIN, "os:Debian", "");
	/* missing keys and empty dicts never match */
	check(TARGET_GRAIN, "missing:*", "");
	check(TARGET_GRAIN, "empty:*", "");
	check(TARGET_GRAIN, "os:family:missing:*", "");
}

static void test_target__grain_lists_and_scalars(void **state UNUSED)
{
	/* a list matches when any element does; a string is one value */
	check(TARGET_GRAIN, "roles:web", "web1 web2");
	check(TARGET_GRAIN, "roles:cache", "web1");
	check(TARGET_GRAIN, "roles:c*", "web1");
	check(TARGET_GRAIN, "roles:db", "db1");
	/* list steps: a name finds the first dict having it, or an index */
	check(TARGET_GRAIN, "disks:name:sdb", "web1");
	check(TARGET_GRAIN, "disks:name:sdc", "");
	check(TARGET_GRAIN, "disks:name", "web1");
	check(TARGET_GRAIN, "disks:1:name:sdb", "web1");
	check(TARGET_GRAIN, "disks:0:name:sdb", "");
	check(TARGET_GRAIN, "disks:-1:size:200", "web1");
	check(TARGET_GRAIN, "disks:5:name:*", "");
	/* numbers, booleans and null compare as Python's str() */
	check(TARGET_GRAIN, "processors:count:4", "web1");
	check(TARGET_GRAIN, "processors:count:[3-5]", "web1");
	check(TARGET_GRAIN, "processors:count:4.0", "");
	check(TARGET_GRAIN, "uptime:3.5", "web1");
	check(TARGET_GRAIN, "uptime:3*", "web1");
	check(TARGET_GRAIN, "is_virtual:true", "web1");
	check(TARGET_GRAIN, "is_virtual:True", "web1");
	check(TARGET_GRAIN, "is_virtual:t*", "web1");
	check(TARGET_GRAIN, "is_virtual:false", "web2");
	check(TARGET_GRAIN, "is_virtual:1", "");
	check(TARGET_GRAIN, "nothing:None", "web1");
	check(TARGET_GRAIN, "nothing:null", "");
	check(TARGET_GRAIN, "nothing:*", "web1");
}

static void test_target__grain_values_with_colons(void **state UNUSED)
{
	/* the longest key path that exists wins; the rest is the value */
	check(TARGET_GRAIN, "url:http://x:8080/y", "web1");
	check(TARGET_GRAIN, "url:http://x:*", "web1");
	check(TARGET_GRAIN, "url:http://x:9090/y", "");
	check(TARGET_GRAIN, "ip6:fe80::1", "web1");
	check(TARGET_GRAIN, "ip6:fe80::*", "web1");
	/* '*:value' looks one level down every top-level key */
	check(TARGET_GRAIN, "*:Debian", "web2");
	check(TARGET_GRAIN, "*:canary", "web1");
	check_err(TARGET_GRAIN, "os",
		  "grain target 'os' has no ':' between the key and the value");
	check_err(TARGET_GRAIN, "", "empty target");
}

static void test_target__grain_pcre(void **state UNUSED)
{
	check(TARGET_GRAIN_PCRE, "os:family:Deb.*", "web1 web2");
	check(TARGET_GRAIN_PCRE, "os:family:deb", "web1 web2"); /* at start */
	check(TARGET_GRAIN_PCRE, "os:family:ebian", "");
	check(TARGET_GRAIN_PCRE, "os:name:(Debian|CentOS)$", "web1 db1");
	check(TARGET_GRAIN_PCRE, "os:name:ubuntu", "web2"); /* caseless */
	check(TARGET_GRAIN_PCRE, "roles:ca", "web1");
	check(TARGET_GRAIN_PCRE, "processors:count:\\d$", "web1");
	/* a ':' inside the regex: the parts that are not regexes are skipped */
	check(TARGET_GRAIN_PCRE, "os:name:(?:Debian|CentOS)", "web1 db1");
	check(TARGET_GRAIN_PCRE, "url:http://x:(8080|9090)/", "web1");
	check_err(
		TARGET_GRAIN_PCRE, "os:family:Deb(ian",
		"bad regex 'Deb(ian': missing closing parenthesis at offset 7");
}

static void test_target__no_facts(void **state UNUSED)
{
	struct target *t = target_compile(TARGET_GRAIN, "os:*", NULL, NULL);
	assert_non_null(t);
	assert_true(target_uses_facts(t));
	assert_false(target_match(t, "web1", NULL));
	json_t *notobj = json_string("os");
	assert_false(target_match(t, "web1", notobj));
	json_decref(notobj);
	assert_false(target_match(t, NULL, NULL));
	assert_false(target_match(NULL, "web1", NULL));
	target_free(t);
	target_free(NULL);
	/* 'not' of a fact test holds for minions without facts */
	check(TARGET_COMPOUND, "not G@os:family:Debian and web*", "web3 web10");
}

static void test_target__compound(void **state UNUSED)
{
	/* Salt's documented example, on this fleet */
	check(TARGET_COMPOUND, "web* and G@os:family:Debian or E@db.*",
	      "web1 web2 db1 db-2.example.com");
	check(TARGET_COMPOUND, "G@cluster-type:canary", "web1");
	check(TARGET_COMPOUND, "L@web1,db1 or E@mc.*",
	      "web1 db1 mc1.pmtpa.wmflabs mc2.pmtpa.wmflabs");
	check(TARGET_COMPOUND, "web1", "web1");
	check(TARGET_COMPOUND, "web[12] or P@os:name:cent", "web1 web2 db1");
	check(TARGET_COMPOUND, "  web1   or\tdb1 ", "web1 db1");
	/* another level separator: G%@ / P;@ */
	check(TARGET_COMPOUND, "G%@os%family%Debian", "web1 web2");
	check(TARGET_COMPOUND, "G;@url;http://x:8080/y", "web1");
	check(TARGET_COMPOUND, "P;@os;name;U", "web2");
	/* a word with an '@' that is no prefix is a glob */
	check(TARGET_COMPOUND, "web1@x or db1", "db1");
}

static void test_target__compound_precedence(void **state UNUSED)
{
	/* not > and > or, as Python evaluates Salt's expression */
	check(TARGET_COMPOUND, "web1 or web2 and G@os:name:Debian", "web1");
	check(TARGET_COMPOUND, "G@os:name:Debian and web2 or web1", "web1");
	check(TARGET_COMPOUND, "( web1 or web2 ) and G@os:family:Debian",
	      "web1 web2");
	check(TARGET_COMPOUND, "( web1 or web2 ) and G@os:name:Debian", "web1");
	check(TARGET_COMPOUND, "( ( web1 ) or ( db1 and not web1 ) )",
	      "web1 db1");
	check(TARGET_COMPOUND, "not web* or db1",
	      "Web4 db1 db-2.example.com mc1.pmtpa.wmflabs mc2.pmtpa.wmflabs "
	      "h\xc3\xa9st x[y");
	check(TARGET_COMPOUND, "not ( web* or db1 ) and not E@mc",
	      "Web4 db-2.example.com h\xc3\xa9st x[y");
	check(TARGET_COMPOUND, "web1 or db1 and not db1", "web1");
}

static void test_target__compound_not(void **state UNUSED)
{
	check(TARGET_COMPOUND, "not web1",
	      "web2 web3 web10 Web4 db1 db-2.example.com mc1.pmtpa.wmflabs "
	      "mc2.pmtpa.wmflabs h\xc3\xa9st x[y");
	check(TARGET_COMPOUND, "not not web1", "web1");
	check(TARGET_COMPOUND, "web* and not web1", "web2 web3 web10");
	check(TARGET_COMPOUND, "* and not G@kernel:Darwin", ALL);
	/* Salt reads "a not b" as "a and not b" */
	check(TARGET_COMPOUND, "web* not web1", "web2 web3 web10");
	check(TARGET_COMPOUND, "web* not web1 not web2", "web3 web10");
}

static void test_target__compound_ipcidr(void **state UNUSED)
{
	check(TARGET_COMPOUND, "S@10.0.0.0/24", "web1");
	check(TARGET_COMPOUND, "S@10.0.0.11", "web1");
	check(TARGET_COMPOUND, "S@10.0.1.5", "web2");
	check(TARGET_COMPOUND, "S@10.0.0.0/8", "web1 web2");
	check(TARGET_COMPOUND, "S@192.168.1.0/24", "db1");
	check(TARGET_COMPOUND, "S@127.0.0.1", "web1 db1");
	check(TARGET_COMPOUND, "S@2001:db8::/32", "db1");
	check(TARGET_COMPOUND, "S@fe80::a00:27ff:fe4e:66a1", "web1");
	check(TARGET_COMPOUND, "S@fe80::/10 and not S@10.0.0.0/8", "");
	check(TARGET_COMPOUND, "S@0.0.0.0/0", "web1 web2 db1");
	check(TARGET_COMPOUND, "S@10.0.0.5/24", "web1"); /* host bits */
	check(TARGET_IPCIDR, "10.0.0.0/24", "web1");
	check(TARGET_IPCIDR, "::1", "db1");
	check_err(TARGET_IPCIDR, "10.0.0.0/33",
		  "invalid IP address or network '10.0.0.0/33'");
	check_err(TARGET_IPCIDR, "10.0.0.300",
		  "invalid IP address or network '10.0.0.300'");
	check_err(
		TARGET_COMPOUND, "S@web1",
		"compound target 'S@web1': invalid IP address or network 'web1'");
	check_err(TARGET_IPCIDR, "10.0.0.0/",
		  "invalid IP address or network '10.0.0.0/'");
}

static void test_target__compound_errors(void **state UNUSED)
{
	check_err(TARGET_COMPOUND, "web1 and",
		  "compound target 'web1 and': expected a target after 'and'");
	check_err(TARGET_COMPOUND, "and web1",
		  "compound target 'and web1': expected a target before 'and'");
	check_err(
		TARGET_COMPOUND, "web1 or or db1",
		"compound target 'web1 or or db1': expected a target before 'or'");
	check_err(
		TARGET_COMPOUND, "( and web1 )",
		"compound target '( and web1 )': expected a target before 'and'");
	check_err(TARGET_COMPOUND, "not",
		  "compound target 'not': expected a target after 'not'");
	check_err(TARGET_COMPOUND, "( web1 or db1",
		  "compound target '( web1 or db1': '(' is not closed");
	check_err(TARGET_COMPOUND, "( ( web1 )",
		  "compound target '( ( web1 )': '(' is not closed");
	check_err(TARGET_COMPOUND, "web1 )",
		  "compound target 'web1 )': unexpected ')'");
	check_err(TARGET_COMPOUND, ") web1",
		  "compound target ') web1': unexpected ')'");
	check_err(TARGET_COMPOUND, "( )",
		  "compound target '( )': expected a target before ')'");
	check_err(
		TARGET_COMPOUND, "web1 db1",
		"compound target 'web1 db1': missing 'and' or 'or' between 'web1' and 'db1'");
	check_err(
		TARGET_COMPOUND, "( web1 db1 )",
		"compound target '( web1 db1 )': missing 'and' or 'or' between 'web1' and 'db1'");
	check_err(
		TARGET_COMPOUND, "(web1 or db1)",
		"compound target '(web1 or db1)': parentheses must be separated by spaces: '(web1'");
	check_err(
		TARGET_COMPOUND, "X@foo",
		"compound target 'X@foo': unknown target type 'X@' in 'X@foo' (known: G@ P@ E@ L@ N@ S@)");
	check_err(
		TARGET_COMPOUND, "I@role:web",
		"compound target 'I@role:web': pillar targeting (I@) is not supported: 'I@role:web'");
	check_err(
		TARGET_COMPOUND, "web1 or J@role:w.*",
		"compound target 'web1 or J@role:w.*': pillar targeting (J@) is not supported: 'J@role:w.*'");
	check_err(
		TARGET_COMPOUND, "R@%cluster",
		"compound target 'R@%cluster': range targeting (R@) is not supported: 'R@%cluster'");
	check_err(
		TARGET_COMPOUND, "G@os",
		"compound target 'G@os': grain target 'os' has no ':' between the key and the value");
	check_err(TARGET_COMPOUND, "G@",
		  "compound target 'G@': empty pattern after 'G@'");
	check_err(
		TARGET_COMPOUND, "web1 or E@web(",
		"compound target 'web1 or E@web(': bad regex 'web(': missing closing parenthesis at offset 4");
	check_err(TARGET_COMPOUND, "", "empty target");
	check_err(TARGET_COMPOUND, "   ",
		  "compound target '   ': empty expression");
	check_err(TARGET_COMPOUND, "L@,",
		  "compound target 'L@,': empty list of minions");
}

static void test_target__nodegroups(void **state UNUSED)
{
	check(TARGET_NODEGROUP, "webs", "web1 web2");
	check(TARGET_NODEGROUP, "dbs", "db1 db-2.example.com");
	check(TARGET_NODEGROUP, "all_prod", "web1 web2 db1 db-2.example.com");
	check(TARGET_NODEGROUP, "nested3", "web1 web2 db-2.example.com");
	check(TARGET_NODEGROUP, "group4", "web1 db1");
	check(TARGET_NODEGROUP, "plain", "web1 web2");
	check(TARGET_NODEGROUP, "regexy", "web1 web2 db1");
	check(TARGET_COMPOUND, "N@dbs and not db1", "db-2.example.com");
	/* the group is one operand: not applies to all of it */
	check(TARGET_COMPOUND, "not N@webs and web*", "web3 web10");
	check(TARGET_COMPOUND, "N@plain or N@dbs",
	      "web1 web2 db1 db-2.example.com");
	/* Salt's list-of-dicts form of the nodegroups option */
	json_t *list =
		json_pack("[{ss}{s[ss]}]", "webs", "web* and G@os:name:Debian",
			  "dbs", "db1", "web3");
	check_with(TARGET_NODEGROUP, "webs", list, "web1");
	check_with(TARGET_COMPOUND, "N@dbs or N@webs", list, "web1 web3 db1");
	json_decref(list);

	/* the target keeps nothing of the nodegroups it was compiled with */
	json_t *tmp = json_pack("{s[sss]s[ss]}", "g", "G@os:name:Ubuntu", "or",
				"N@h", "h", "db*", "L@web1");
	struct target *t = target_compile(TARGET_NODEGROUP, "g", tmp, NULL);
	assert_non_null(t);
	json_decref(tmp);
	struct buf got = BUF_INIT;
	matched(&got, t);
	assert_string_equal(got.ptr, "web1 web2 db1 db-2.example.com");
	buf_release(&got);
	target_free(t);
}

static void test_target__nodegroup_errors(void **state UNUSED)
{
	check_err(TARGET_NODEGROUP, "self",
		  "nodegroup 'self' includes itself: self -> self");
	check_err(
		TARGET_NODEGROUP, "loop_a",
		"nodegroup 'loop_a' includes itself: loop_a -> loop_b -> loop_a");
	check_err(
		TARGET_COMPOUND, "web1 or N@loop_b",
		"nodegroup 'loop_b' includes itself: loop_b -> loop_a -> loop_b");
	check_err(TARGET_NODEGROUP, "nope", "unknown nodegroup 'nope'");
	check_err(TARGET_COMPOUND, "N@nope or web1",
		  "compound target 'N@nope or web1': unknown nodegroup 'nope'");
	check_err_with(TARGET_NODEGROUP, "webs", NULL,
		       "unknown nodegroup 'webs'");
	check_err(TARGET_NODEGROUP, "bad",
		  "nodegroup 'bad': must be a string or a list of strings");
	check_err(TARGET_NODEGROUP, "badword",
		  "nodegroup 'badword': list items must be strings");
	check_err(TARGET_NODEGROUP, "empty", "nodegroup 'empty': is empty");
	check_err(TARGET_NODEGROUP, "", "empty target");

	json_t *ng = json_pack("{ss}", "broken", "web1 and ( db1");
	check_err_with(TARGET_NODEGROUP, "broken", ng,
		       "nodegroup 'broken': '(' is not closed");
	json_decref(ng);
}

static void test_target__compile_json_words(void **state UNUSED)
{
	struct buf err = BUF_INIT, got = BUF_INIT;
	/* each element is one word, blanks included */
	json_t *words = json_pack("[ssss]", "web*", "and", "not", "web1");
	struct target *t =
		target_compile_json(TARGET_COMPOUND, words, groups, &err);
	assert_non_null(t);
	matched(&got, t);
	assert_string_equal(got.ptr, "web2 web3 web10");
	target_free(t);
	json_decref(words);

	json_t *str = json_string("db*");
	t = target_compile_json(TARGET_GLOB, str, NULL, &err);
	assert_non_null(t);
	buf_reset(&got);
	matched(&got, t);
	assert_string_equal(got.ptr, "db1 db-2.example.com");
	target_free(t);
	json_decref(str);

	json_t *arr = json_pack("[s]", "web1");
	assert_null(target_compile_json(TARGET_GLOB, arr, NULL, &err));
	assert_string_equal(
		err.ptr,
		"target must be a string (or, for list and compound targets, a list of strings)");
	json_decref(arr);
	buf_reset(&err);
	arr = json_pack("[si]", "web1", 3);
	assert_null(target_compile_json(TARGET_LIST, arr, NULL, &err));
	assert_string_equal(err.ptr, "target list items must be strings");
	json_decref(arr);
	buf_release(&err);
	buf_release(&got);
}

static void test_target__listed_ids_and_facts_use(void **state UNUSED)
{
	struct target *t = target_compile(
		TARGET_COMPOUND, "L@a,b or L@c and not L@d", NULL, NULL);
	const char *const *ids;
	assert_non_null(t);
	assert_int_equal(target_listed_ids(t, &ids), 3);
	assert_string_equal(ids[0], "a");
	assert_string_equal(ids[1], "b");
	assert_string_equal(ids[2], "c");
	assert_false(target_uses_facts(t));
	target_free(t);

	t = target_compile(TARGET_COMPOUND, "web* and not S@10.0.0.0/8", NULL,
			   NULL);
	assert_true(target_uses_facts(t));
	assert_int_equal(target_listed_ids(t, &ids), 0);
	target_free(t);
	t = target_compile(TARGET_GLOB, "web*", NULL, NULL);
	assert_false(target_uses_facts(t));
	target_free(t);
}

static void test_target__type_parse(void **state UNUSED)
{
	static const struct {
		const char *s;
		enum target_type want;
	} ok[] = {
		{"glob", TARGET_GLOB},
		{"-E", TARGET_PCRE},
		{"--pcre", TARGET_PCRE},
		{"-L", TARGET_LIST},
		{"list", TARGET_LIST},
		{"-G", TARGET_GRAIN},
		{"--grain", TARGET_GRAIN},
		{"-C", TARGET_COMPOUND},
		{"compound", TARGET_COMPOUND},
		{"-N", TARGET_NODEGROUP},
		{"--nodegroup", TARGET_NODEGROUP},
		{"-P", TARGET_GRAIN_PCRE},
		{"grain_pcre", TARGET_GRAIN_PCRE},
		{"-S", TARGET_IPCIDR},
		{"ipcidr", TARGET_IPCIDR},
	};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		enum target_type t = TARGET_GLOB;
		assert_int_equal(target_type_parse(&t, ok[i].s), 0);
		assert_int_equal(t, ok[i].want);
		assert_string_equal(ok[i].s[0] == '-' ? target_type_name(t)
						      : ok[i].s,
				    target_type_name(t));
	}
	enum target_type t;
	assert_int_equal(target_type_parse(&t, "-I"), -1);
	assert_string_equal(
		err_last(),
		"target type '-I' is not supported (pillar and range targeting are not available)");
	assert_int_equal(target_type_parse(&t, "regex"), -1);
	assert_string_equal(
		err_last(),
		"unknown target type 'regex' (valid: glob, pcre, list, grain, grain_pcre, compound, nodegroup, ipcidr)");
	assert_int_equal(target_type_parse(&t, NULL), -1);
	assert_string_equal(target_type_name(TARGET_NODEGROUP), "nodegroup");
}

static void test_target__deep_and_long(void **state UNUSED)
{
	struct buf e = BUF_INIT, err = BUF_INIT;
	struct target *t;

	/* 100 levels of parentheses are fine, 101 are refused */
	for (int i = 0; i < 100; i++)
		buf_addstr(&e, "( ");
	buf_addstr(&e, "web1");
	for (int i = 0; i < 100; i++)
		buf_addstr(&e, " )");
	check(TARGET_COMPOUND, e.ptr, "web1");
	buf_reset(&e);
	for (int i = 0; i < 101; i++)
		buf_addstr(&e, "( ");
	buf_addstr(&e, "web1");
	assert_null(target_compile(TARGET_COMPOUND, e.ptr, NULL, &err));
	assert_non_null(
		strstr(err.ptr, "': nested too deeply (more than 100 levels)"));
	buf_reset(&e);
	buf_reset(&err);
	for (int i = 0; i < 101; i++)
		buf_addstr(&e, "not ");
	buf_addstr(&e, "web1");
	assert_null(target_compile(TARGET_COMPOUND, e.ptr, NULL, &err));
	assert_non_null(strstr(err.ptr, "nested too deeply"));
	buf_reset(&err);

	/* a chain of 200 nodegroups, each including the next */
	json_t *ng = json_object();
	for (int i = 0; i < 200; i++) {
		buf_reset(&e);
		buf_addf(&e, "N@g%d or web1", i + 1);
		char name[16];
		snprintf(name, sizeof(name), "g%d", i);
		json_object_set_new(ng, name, json_string(e.ptr));
	}
	json_object_set_new(ng, "g200", json_string("db1"));
	assert_null(target_compile(TARGET_NODEGROUP, "g0", ng, &err));
	assert_non_null(strstr(err.ptr, "nested too deeply"));
	check_with(TARGET_NODEGROUP, "g120", ng, "web1 db1");
	json_decref(ng);

	/* 20,000 terms in a row are one node, not 20,000 levels */
	buf_reset(&e);
	for (int i = 0; i < 20000; i++)
		buf_addf(&e, "%sL@n%d", i ? " or " : "", i);
	buf_addstr(&e, " or db1 and not web1");
	check(TARGET_COMPOUND, e.ptr, "db1");
	t = target_compile(TARGET_COMPOUND, e.ptr, NULL, NULL);
	const char *const *ids;
	assert_int_equal(target_listed_ids(t, &ids), 20000);
	target_free(t);
	buf_release(&e);
	buf_release(&err);
}

/* random word soup: every expression compiles or fails cleanly */
static void test_target__random_expressions(void **state UNUSED)
{
	static const char *const words[] = {
		"and",
		"or",
		"not",
		"(",
		")",
		"web*",
		"db1",
		"G@os:*",
		"G@os:family:Debian",
		"P@os:name:(",
		"P@roles:w.*",
		"E@web",
		"E@(",
		"L@web1,db1",
		"L@",
		"N@webs",
		"N@loop_a",
		"N@nope",
		"S@10.0.0.0/8",
		"S@::1",
		"S@x",
		"I@a:b",
		"X@y",
		"G%@os%*",
		"[",
		"*:*",
		"G@*:*",
		"G@disks:-1:*",
		"G@:",
		"G@::",
		"@",
		"(web",
		"web)",
		"h?st",
		"G@nothing:*",
	};
	unsigned long seed = 12345;
	int compiled = 0;
	for (int round = 0; round < 3000; round++) {
		struct buf e = BUF_INIT, err = BUF_INIT;
		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		int n = 1 + (int)((seed >> 33) % 9);
		for (int i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ul +
			       1442695040888963407ul;
			buf_addf(&e, "%s%s", i ? " " : "",
				 words[(seed >> 33) % ARRAY_SIZE(words)]);
		}
		struct target *t =
			target_compile(TARGET_COMPOUND, e.ptr, groups, &err);
		if (t) {
			struct buf got = BUF_INIT;
			compiled++;
			matched(&got, t);
			buf_release(&got);
			assert_int_equal(err.len, 0);
		} else {
			assert_true(err.len > 0);
			assert_null(strchr(err.ptr, '\n'));
		}
		target_free(t);
		buf_release(&e);
		buf_release(&err);
	}
	assert_true(compiled > 100);
}

int suite_target(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target__glob),
		cmocka_unit_test(test_target__glob_classes),
		cmocka_unit_test(test_target__pcre),
		cmocka_unit_test(test_target__list),
		cmocka_unit_test(test_target__grain_nested_keys),
		cmocka_unit_test(test_target__grain_lists_and_scalars),
		cmocka_unit_test(test_target__grain_values_with_colons),
		cmocka_unit_test(test_target__grain_pcre),
		cmocka_unit_test(test_target__no_facts),
		cmocka_unit_test(test_target__compound),
		cmocka_unit_test(test_target__compound_precedence),
		cmocka_unit_test(test_target__compound_not),
		cmocka_unit_test(test_target__compound_ipcidr),
		cmocka_unit_test(test_target__compound_errors),
		cmocka_unit_test(test_target__nodegroups),
		cmocka_unit_test(test_target__nodegroup_errors),
		cmocka_unit_test(test_target__compile_json_words),
		cmocka_unit_test(test_target__listed_ids_and_facts_use),
		cmocka_unit_test(test_target__type_parse),
		cmocka_unit_test(test_target__deep_and_long),
		cmocka_unit_test(test_target__random_expressions),
	};
	return cmocka_run_group_tests_name("target", tests, setup, teardown);
}
