/* SPDX-License-Identifier: MIT */
/* test_out.c: Salt's outputters, byte for byte against Python's output */
#include "util/compat.h"
#include <jansson.h>
#include "remote/out.h"
#include "util/buf.h"
#include "util/err.h"

#include <setjmp.h>
#include <cmocka.h>

/*
 * The expected texts below were produced by python3 on the same JSON:
 * json.dumps(indent=4, ensure_ascii=False) as salt/output/json_out.py,
 * yaml.dump(Dumper=CSafeDumper, default_flow_style=False,
 * allow_unicode=True) as salt/output/yaml_out.py, and salt/output/nested.py,
 * txt.py and raw.py run as written (str(), repr(), splitlines(), sorted()),
 * each followed by salt.output's rstrip() and print's newline.
 */
/* generated with python3 from Salt 3006's outputters (json.dumps, PyYAML
 * CSafeDumper, nested/txt/raw transcribed): tests/unit/out/test_out.c */
static const char D2[] =
	"{\"web1\": {\"retcode\": 0, \"stdout\": \"line one\\nline two\\n\\nlin"
	"e four\", \"stderr\": \"\", \"pid\": 4242, \"ratio\": 0.1, \"big\": 1e1"
	"6, \"small\": 1e-05, \"neg\": -2.5, \"whole\": 3.0, \"ok\": true, \"b"
	"ad\": false, \"nothing\": null, \"empty\": {}, \"none_list\": [], \""
	"list\": [\"a\", 1, true, null, {\"k\": \"v\", \"a\": [1, 2]}, [\"x\", ["
	"\"y\"]], {}, []], \"unicode\": \"h\\u00e9llo w\\u00f6rld \\u2603 \\ud"
	"83d\\ude00\", \"quote\": \"it's \\\"q\\\"\", \"single\": \"it's\", \"esc\": "
	"\"bell\\u0007 esc\\u001b[31m tab\\t\", \"nested\": {\"b\": {\"c\": {\"d\""
	": \"deep\"}}, \"a\": \"first\"}, \"special\": [\"true\", \"123\", \"\", \"n"
	"ull\", \"0755\", \"~\", \"yes\", \"2024-01-01\", \"a: b\", \"- x\", \"#c\","
	" \"1.5\", \"1e3\", \"=\", \"*\", \" lead\", \"trail \", \"0x1F\", \"+1\", \"1"
	"_000\", \".inf\", \"<<\", \"12:30:45\", \"2001-12-14t21:59:43.10-05:"
	"00\", \"N\", \"On\"], \"long\": \"word word word word word word word"
	" word word word word word word word word word word word word"
	" word word word word word word\", \"crlf\": \"a\\r\\nb\\rc\\u2028d\\u"
	"0085e\"}, \"web2\": true, \"web3\": \"single line\", \"web4\": \"\", \"w"
	"eb5\": [\"x\", \"y\"], \"web6\": 42, \"web7\": \"multi\\nline\\n\", \"web8"
	"\": null, \"web9\": {\"retcode\": 1, \"stderr\": \"boom\"}}";
static const char D3[] =
	"{\"b\": {\"z\": 1, \"a\": [1, {\"y\": null, \"x\": \"s\\u00e9\"}], \"e\": {"
	"}, \"l\": [], \"f\": 1.5}, \"a\": \"x\\ny\"}";
static const char X_nested[] =
	"web1:\n"
	"    ----------\n"
	"    bad:\n"
	"        False\n"
	"    big:\n"
	"        1e+16\n"
	"    crlf:\n"
	"        a\n"
	"        b\n"
	"        c\n"
	"        d\n"
	"        e\n"
	"    empty:\n"
	"        ----------\n"
	"    esc:\n"
	"        bell\007 esc?[31m tab\t\n"
	"    list:\n"
	"        - a\n"
	"        - 1\n"
	"        - True\n"
	"        - None\n"
	"        |_\n"
	"          ----------\n"
	"          a:\n"
	"              - 1\n"
	"              - 2\n"
	"          k:\n"
	"              v\n"
	"        |_\n"
	"          - x\n"
	"          |_\n"
	"            - y\n"
	"        |_\n"
	"          ----------\n"
	"        |_\n"
	"    long:\n"
	"        word word word word word word word word word word wo"
	"rd word word word word word word word word word word word wo"
	"rd word word\n"
	"    neg:\n"
	"        -2.5\n"
	"    nested:\n"
	"        ----------\n"
	"        a:\n"
	"            first\n"
	"        b:\n"
	"            ----------\n"
	"            c:\n"
	"                ----------\n"
	"                d:\n"
	"                    deep\n"
	"    none_list:\n"
	"    nothing:\n"
	"        None\n"
	"    ok:\n"
	"        True\n"
	"    pid:\n"
	"        4242\n"
	"    quote:\n"
	"        it's \"q\"\n"
	"    ratio:\n"
	"        0.1\n"
	"    retcode:\n"
	"        0\n"
	"    single:\n"
	"        it's\n"
	"    small:\n"
	"        1e-05\n"
	"    special:\n"
	"        - true\n"
	"        - 123\n"
	"        - null\n"
	"        - 0755\n"
	"        - ~\n"
	"        - yes\n"
	"        - 2024-01-01\n"
	"        - a: b\n"
	"        - - x\n"
	"        - #c\n"
	"        - 1.5\n"
	"        - 1e3\n"
	"        - =\n"
	"        - *\n"
	"        -  lead\n"
	"        - trail \n"
	"        - 0x1F\n"
	"        - +1\n"
	"        - 1_000\n"
	"        - .inf\n"
	"        - <<\n"
	"        - 12:30:45\n"
	"        - 2001-12-14t21:59:43.10-05:00\n"
	"        - N\n"
	"        - On\n"
	"    stderr:\n"
	"    stdout:\n"
	"        line one\n"
	"        line two\n"
	"        \n"
	"        line four\n"
	"    unicode:\n"
	"        héllo wörld ☃ 😀\n"
	"    whole:\n"
	"        3.0\n"
	"web2:\n"
	"    True\n"
	"web3:\n"
	"    single line\n"
	"web4:\n"
	"web5:\n"
	"    - x\n"
	"    - y\n"
	"web6:\n"
	"    42\n"
	"web7:\n"
	"    multi\n"
	"    line\n"
	"web8:\n"
	"    None\n"
	"web9:\n"
	"    ----------\n"
	"    retcode:\n"
	"        1\n"
	"    stderr:\n"
	"        boom\n";
static const char X_txt[] =
	"web1: {'retcode': 0, 'stdout': 'line one\\nline two\\n\\nline f"
	"our', 'stderr': '', 'pid': 4242, 'ratio': 0.1, 'big': 1e+16,"
	" 'small': 1e-05, 'neg': -2.5, 'whole': 3.0, 'ok': True, 'bad"
	"': False, 'nothing': None, 'empty': {}, 'none_list': [], 'li"
	"st': ['a', 1, True, None, {'k': 'v', 'a': [1, 2]}, ['x', ['y"
	"']], {}, []], 'unicode': 'héllo wörld ☃ 😀', 'quote': 'it\\'s "
	"\"q\"', 'single': \"it's\", 'esc': 'bell\\x07 esc\\x1b[31m tab\\t',"
	" 'nested': {'b': {'c': {'d': 'deep'}}, 'a': 'first'}, 'speci"
	"al': ['true', '123', '', 'null', '0755', '~', 'yes', '2024-0"
	"1-01', 'a: b', '- x', '#c', '1.5', '1e3', '=', '*', ' lead',"
	" 'trail ', '0x1F', '+1', '1_000', '.inf', '<<', '12:30:45', "
	"'2001-12-14t21:59:43.10-05:00', 'N', 'On'], 'long': 'word wo"
	"rd word word word word word word word word word word word wo"
	"rd word word word word word word word word word word word', "
	"'crlf': 'a\\r\\nb\\rc\\u2028d\\x85e'}\n"
	"web2: True\n"
	"web3: single line\n"
	"web5: ['x', 'y']\n"
	"web6: 42\n"
	"web7: multi\n"
	"web7: line\n"
	"web8: None\n"
	"web9: {'retcode': 1, 'stderr': 'boom'}\n";
static const char X_raw[] =
	"{'web1': {'retcode': 0, 'stdout': 'line one\\nline two\\n\\nlin"
	"e four', 'stderr': '', 'pid': 4242, 'ratio': 0.1, 'big': 1e+"
	"16, 'small': 1e-05, 'neg': -2.5, 'whole': 3.0, 'ok': True, '"
	"bad': False, 'nothing': None, 'empty': {}, 'none_list': [], "
	"'list': ['a', 1, True, None, {'k': 'v', 'a': [1, 2]}, ['x', "
	"['y']], {}, []], 'unicode': 'héllo wörld ☃ 😀', 'quote': 'it\\"
	"'s \"q\"', 'single': \"it's\", 'esc': 'bell\\x07 esc\\x1b[31m tab\\"
	"t', 'nested': {'b': {'c': {'d': 'deep'}}, 'a': 'first'}, 'sp"
	"ecial': ['true', '123', '', 'null', '0755', '~', 'yes', '202"
	"4-01-01', 'a: b', '- x', '#c', '1.5', '1e3', '=', '*', ' lea"
	"d', 'trail ', '0x1F', '+1', '1_000', '.inf', '<<', '12:30:45"
	"', '2001-12-14t21:59:43.10-05:00', 'N', 'On'], 'long': 'word"
	" word word word word word word word word word word word word"
	" word word word word word word word word word word word word"
	"', 'crlf': 'a\\r\\nb\\rc\\u2028d\\x85e'}, 'web2': True, 'web3': '"
	"single line', 'web4': '', 'web5': ['x', 'y'], 'web6': 42, 'w"
	"eb7': 'multi\\nline\\n', 'web8': None, 'web9': {'retcode': 1, "
	"'stderr': 'boom'}}\n";
static const char X_json[] =
	"{\n"
	"    \"web1\": {\n"
	"        \"retcode\": 0,\n"
	"        \"stdout\": \"line one\\nline two\\n\\nline four\",\n"
	"        \"stderr\": \"\",\n"
	"        \"pid\": 4242,\n"
	"        \"ratio\": 0.1,\n"
	"        \"big\": 1e+16,\n"
	"        \"small\": 1e-05,\n"
	"        \"neg\": -2.5,\n"
	"        \"whole\": 3.0,\n"
	"        \"ok\": true,\n"
	"        \"bad\": false,\n"
	"        \"nothing\": null,\n"
	"        \"empty\": {},\n"
	"        \"none_list\": [],\n"
	"        \"list\": [\n"
	"            \"a\",\n"
	"            1,\n"
	"            true,\n"
	"            null,\n"
	"            {\n"
	"                \"k\": \"v\",\n"
	"                \"a\": [\n"
	"                    1,\n"
	"                    2\n"
	"                ]\n"
	"            },\n"
	"            [\n"
	"                \"x\",\n"
	"                [\n"
	"                    \"y\"\n"
	"                ]\n"
	"            ],\n"
	"            {},\n"
	"            []\n"
	"        ],\n"
	"        \"unicode\": \"héllo wörld ☃ 😀\",\n"
	"        \"quote\": \"it's \\\"q\\\"\",\n"
	"        \"single\": \"it's\",\n"
	"        \"esc\": \"bell\\u0007 esc\\u001b[31m tab\\t\",\n"
	"        \"nested\": {\n"
	"            \"b\": {\n"
	"                \"c\": {\n"
	"                    \"d\": \"deep\"\n"
	"                }\n"
	"            },\n"
	"            \"a\": \"first\"\n"
	"        },\n"
	"        \"special\": [\n"
	"            \"true\",\n"
	"            \"123\",\n"
	"            \"\",\n"
	"            \"null\",\n"
	"            \"0755\",\n"
	"            \"~\",\n"
	"            \"yes\",\n"
	"            \"2024-01-01\",\n"
	"            \"a: b\",\n"
	"            \"- x\",\n"
	"            \"#c\",\n"
	"            \"1.5\",\n"
	"            \"1e3\",\n"
	"            \"=\",\n"
	"            \"*\",\n"
	"            \" lead\",\n"
	"            \"trail \",\n"
	"            \"0x1F\",\n"
	"            \"+1\",\n"
	"            \"1_000\",\n"
	"            \".inf\",\n"
	"            \"<<\",\n"
	"            \"12:30:45\",\n"
	"            \"2001-12-14t21:59:43.10-05:00\",\n"
	"            \"N\",\n"
	"            \"On\"\n"
	"        ],\n"
	"        \"long\": \"word word word word word word word word wor"
	"d word word word word word word word word word word word wor"
	"d word word word word\",\n"
	"        \"crlf\": \"a\\r\\nb\\rc "
	"d"
	"e\"\n"
	"    },\n"
	"    \"web2\": true,\n"
	"    \"web3\": \"single line\",\n"
	"    \"web4\": \"\",\n"
	"    \"web5\": [\n"
	"        \"x\",\n"
	"        \"y\"\n"
	"    ],\n"
	"    \"web6\": 42,\n"
	"    \"web7\": \"multi\\nline\\n\",\n"
	"    \"web8\": null,\n"
	"    \"web9\": {\n"
	"        \"retcode\": 1,\n"
	"        \"stderr\": \"boom\"\n"
	"    }\n"
	"}\n";
static const char X_yaml[] =
	"web1:\n"
	"  bad: false\n"
	"  big: 1.0e+16\n"
	"  crlf: \"a\\r\\nb\\rc\\Ld\\Ne\"\n"
	"  empty: {}\n"
	"  esc: \"bell\\a esc\\e[31m tab\\t\"\n"
	"  list:\n"
	"  - a\n"
	"  - 1\n"
	"  - true\n"
	"  - null\n"
	"  - a:\n"
	"    - 1\n"
	"    - 2\n"
	"    k: v\n"
	"  - - x\n"
	"    - - y\n"
	"  - {}\n"
	"  - []\n"
	"  long: word word word word word word word word word word wo"
	"rd word word word word\n"
	"    word word word word word word word word word word\n"
	"  neg: -2.5\n"
	"  nested:\n"
	"    a: first\n"
	"    b:\n"
	"      c:\n"
	"        d: deep\n"
	"  none_list: []\n"
	"  nothing: null\n"
	"  ok: true\n"
	"  pid: 4242\n"
	"  quote: it's \"q\"\n"
	"  ratio: 0.1\n"
	"  retcode: 0\n"
	"  single: it's\n"
	"  small: 1.0e-05\n"
	"  special:\n"
	"  - 'true'\n"
	"  - '123'\n"
	"  - ''\n"
	"  - 'null'\n"
	"  - '0755'\n"
	"  - '~'\n"
	"  - 'yes'\n"
	"  - '2024-01-01'\n"
	"  - 'a: b'\n"
	"  - '- x'\n"
	"  - '#c'\n"
	"  - '1.5'\n"
	"  - 1e3\n"
	"  - '='\n"
	"  - '*'\n"
	"  - ' lead'\n"
	"  - 'trail '\n"
	"  - '0x1F'\n"
	"  - '+1'\n"
	"  - '1_000'\n"
	"  - '.inf'\n"
	"  - '<<'\n"
	"  - '12:30:45'\n"
	"  - '2001-12-14t21:59:43.10-05:00'\n"
	"  - N\n"
	"  - 'On'\n"
	"  stderr: ''\n"
	"  stdout: 'line one\n"
	"\n"
	"    line two\n"
	"\n"
	"\n"
	"    line four'\n"
	"  unicode: \"héllo wörld ☃ \\U0001F600\"\n"
	"  whole: 3.0\n"
	"web2: true\n"
	"web3: single line\n"
	"web4: ''\n"
	"web5:\n"
	"- x\n"
	"- y\n"
	"web6: 42\n"
	"web7: 'multi\n"
	"\n"
	"  line\n"
	"\n"
	"  '\n"
	"web8: null\n"
	"web9:\n"
	"  retcode: 1\n"
	"  stderr: boom\n";
static const char X_json_i2[] = "{\n"
				"  \"b\": {\n"
				"    \"z\": 1,\n"
				"    \"a\": [\n"
				"      1,\n"
				"      {\n"
				"        \"y\": null,\n"
				"        \"x\": \"sé\"\n"
				"      }\n"
				"    ],\n"
				"    \"e\": {},\n"
				"    \"l\": [],\n"
				"    \"f\": 1.5\n"
				"  },\n"
				"  \"a\": \"x\\ny\"\n"
				"}\n";
static const char X_json_i0[] = "{\n"
				"\"b\": {\n"
				"\"z\": 1,\n"
				"\"a\": [\n"
				"1,\n"
				"{\n"
				"\"y\": null,\n"
				"\"x\": \"sé\"\n"
				"}\n"
				"],\n"
				"\"e\": {},\n"
				"\"l\": [],\n"
				"\"f\": 1.5\n"
				"},\n"
				"\"a\": \"x\\ny\"\n"
				"}\n";
static const char X_json_neg[] =
	"{\"b\": {\"z\": 1, \"a\": [1, {\"y\": null, \"x\": \"sé\"}], \"e\": {}, \"l"
	"\": [], \"f\": 1.5}, \"a\": \"x\\ny\"}\n";
static const char X_json_sorted[] = "{\n"
				    "    \"a\": \"x\\ny\",\n"
				    "    \"b\": {\n"
				    "        \"a\": [\n"
				    "            1,\n"
				    "            {\n"
				    "                \"x\": \"sé\",\n"
				    "                \"y\": null\n"
				    "            }\n"
				    "        ],\n"
				    "        \"e\": {},\n"
				    "        \"f\": 1.5,\n"
				    "        \"l\": [],\n"
				    "        \"z\": 1\n"
				    "    }\n"
				    "}\n";
static const char X_yaml_i4[] = "b:\n"
				"    a:\n"
				"    - 1\n"
				"    -   x: sé\n"
				"        y: null\n"
				"    e: {}\n"
				"    f: 1.5\n"
				"    l: []\n"
				"    z: 1\n"
				"a: 'x\n"
				"\n"
				"    y'\n";
static const char X_yaml_flow[] =
	"{b: {a: [1, {x: sé, y: null}], e: {}, f: 1.5, l: [], z: 1}, "
	"a: 'x\n"
	"\n"
	"    y'}\n";
static const char X_ndjson[] =
	"{\"b\": {\"z\": 1, \"a\": [1, {\"y\": null, \"x\": \"sé\"}], \"e\": {}, \"l"
	"\": [], \"f\": 1.5}}\n"
	"{\"a\": \"x\\ny\"}\n";
static const char X_raw_minions[] =
	"{'b': {'z': 1, 'a': [1, {'y': None, 'x': 'sé'}], 'e': {}, 'l"
	"': [], 'f': 1.5}}\n"
	"{'a': 'x\\ny'}\n";
static const char X_nested_color[] =
	"\033[0;36mweb1\033[0;0m:\n"
	"    \033[0;36m----------\033[0;0m\n"
	"    \033[0;36ma\033[0;0m:\n"
	"        \033[0;32ms\033[0;0m\n"
	"    \033[0;36mb\033[0;0m:\n"
	"        \033[0;1;33m- 1\033[0;0m\n"
	"        \033[0;32m|_\033[0;0m\n"
	"          \033[0;36m----------\033[0;0m\n"
	"          \033[0;36mx\033[0;0m:\n"
	"              \033[0;1;33mTrue\033[0;0m\n";
static const char X_nested_color_failed[] =
	"\033[0;31mweb1\033[0;0m:\n"
	"    \033[0;31m----------\033[0;0m\n"
	"    \033[0;31ma\033[0;0m:\n"
	"        \033[0;32ms\033[0;0m\n"
	"    \033[0;31mb\033[0;0m:\n"
	"        \033[0;1;33m- 1\033[0;0m\n"
	"        \033[0;31m|_\033[0;0m\n"
	"          \033[0;31m----------\033[0;0m\n"
	"          \033[0;31mx\033[0;0m:\n"
	"              \033[0;1;33mTrue\033[0;0m\n";

static json_t *load(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_ALLOW_NUL, &e);
	if (!v)
		fail_msg("bad test JSON: %s", e.text);
	return v;
}

/* out_format(name) of `text` with `o`, compared with `want` */
static void check_fmt(const char *name, const char *text,
		      const struct out_opts *o, const char *want)
{
	struct buf out = BUF_INIT;
	json_t *v = load(text);
	assert_int_equal(out_format(&out, name, v, o), 0);
	assert_string_equal(out.ptr, want);
	assert_int_equal(out.len, strlen(want));
	buf_release(&out);
	json_decref(v);
}

static struct out_opts indent(int n)
{
	struct out_opts o = OUT_OPTS_INIT;
	o.indent = n;
	return o;
}

/* the seed: salt 'mc*.wikimedia.org' --out json pkg.upgrade */
static void test_out__json_is_the_seeds_shape(void **state UNUSED)
{
	static const char returns[] =
		"{\"mc1.pmtpa.wmflabs\": {"
		"\"libdevmapper1.02.1\": {\"new\": \"2:1.02.48-4ubuntu7.2\","
		" \"old\": \"2:1.02.48-4ubuntu7.1\"},"
		" \"libudev0\": {\"new\": \"175-0ubuntu9.3\","
		" \"old\": \"175-0ubuntu9.2\"}},"
		" \"mc2.pmtpa.wmflabs\": {"
		"\"libdevmapper1.02.1\": {\"new\": \"2:1.02.48-4ubuntu7.2\","
		" \"old\": \"2:1.02.48-4ubuntu7.1\"}}}";
	static const char seed[] =
		"{\n"
		"    \"mc1.pmtpa.wmflabs\": {\n"
		"        \"libdevmapper1.02.1\": {\n"
		"            \"new\": \"2:1.02.48-4ubuntu7.2\",\n"
		"            \"old\": \"2:1.02.48-4ubuntu7.1\"\n"
		"        },\n"
		"        \"libudev0\": {\n"
		"            \"new\": \"175-0ubuntu9.3\",\n"
		"            \"old\": \"175-0ubuntu9.2\"\n"
		"        }\n"
		"    },\n"
		"    \"mc2.pmtpa.wmflabs\": {\n"
		"        \"libdevmapper1.02.1\": {\n"
		"            \"new\": \"2:1.02.48-4ubuntu7.2\",\n"
		"            \"old\": \"2:1.02.48-4ubuntu7.1\"\n"
		"        }\n"
		"    }\n"
		"}\n";
	check_fmt("json", returns, NULL, seed);
	/* sort_keys gives the same document whatever order a module used */
	struct out_opts o = OUT_OPTS_INIT;
	o.sort_keys = true;
	check_fmt(
		"json",
		"{\"mc1.pmtpa.wmflabs\": {\"libudev0\": {\"old\": "
		"\"175-0ubuntu9.2\", \"new\": \"175-0ubuntu9.3\"}, "
		"\"libdevmapper1.02.1\": {\"old\": \"2:1.02.48-4ubuntu7.1\", "
		"\"new\": \"2:1.02.48-4ubuntu7.2\"}}, \"mc2.pmtpa.wmflabs\": "
		"{\"libdevmapper1.02.1\": {\"old\": \"2:1.02.48-4ubuntu7.1\", "
		"\"new\": \"2:1.02.48-4ubuntu7.2\"}}}",
		&o, seed);
}

static void test_out__json_nested_data(void **state UNUSED)
{
	check_fmt("json", D2, NULL, X_json);
	/* the result is one valid document holding the same data */
	struct buf out = BUF_INIT;
	json_t *v = load(D2), *back;
	assert_int_equal(out_format(&out, "json", v, NULL), 0);
	back = load(out.ptr);
	assert_true(json_equal(v, back));
	json_decref(back);
	json_decref(v);
	buf_release(&out);
}

static void test_out__json_out_indent(void **state UNUSED)
{
	struct out_opts o = indent(2);
	check_fmt("json", D3, &o, X_json_i2);
	o = indent(0);
	check_fmt("json", D3, &o, X_json_i0);
	o = indent(-1);
	check_fmt("json", D3, &o, X_json_neg);
	o = indent(-5);
	check_fmt("json", D3, &o, X_json_neg);
	o = indent(4);
	o.sort_keys = true;
	check_fmt("json", D3, &o, X_json_sorted);
	/* the default is 4, as Salt without --out-indent */
	o = indent(4);
	struct buf a = BUF_INIT, b = BUF_INIT;
	json_t *v = load(D2);
	assert_int_equal(out_format(&a, "json", v, &o), 0);
	assert_int_equal(out_format(&b, "json", v, NULL), 0);
	assert_string_equal(a.ptr, b.ptr);
	buf_release(&a);
	buf_release(&b);
	json_decref(v);
}

static void test_out__json_scalars_and_escapes(void **state UNUSED)
{
	check_fmt("json", "{\"m\": true}", NULL, "{\n    \"m\": true\n}\n");
	check_fmt("json", "{\"m\": null}", NULL, "{\n    \"m\": null\n}\n");
	check_fmt("json", "{\"m\": {}}", NULL, "{\n    \"m\": {}\n}\n");
	check_fmt("json", "{\"m\": []}", NULL, "{\n    \"m\": []\n}\n");
	check_fmt("json", "{\"m\": 1e16}", NULL, "{\n    \"m\": 1e+16\n}\n");
	check_fmt("json", "{\"m\": -0.0}", NULL, "{\n    \"m\": -0.0\n}\n");
	/* UTF-8 stays, '/' and DEL are not escaped, controls are \u00XX */
	check_fmt(
		"json",
		"{\"\\u00e9t\\u00e9\": \"a/b\\u007f\\u0001\\b\\f\\r\\\"\\\\\"}",
		NULL,
		"{\n    \"\xc3\xa9t\xc3\xa9\": "
		"\"a/b\x7f\\u0001\\b\\f\\r\\\"\\\\\"\n}\n");
	check_fmt("json", "{}", NULL, "{}\n");
}

static void test_out__ndjson_one_line_per_minion(void **state UNUSED)
{
	check_fmt("ndjson", D3, NULL, X_ndjson);
	/* --out-indent does not break the lines */
	struct out_opts o = indent(4);
	check_fmt("ndjson", D3, &o, X_ndjson);
	check_fmt("ndjson", "{}", NULL, "");
	check_fmt("ndjson", "{\"a\": true, \"b\": \"x\\ny\"}", NULL,
		  "{\"a\": true}\n{\"b\": \"x\\ny\"}\n");
}

static void test_out__yaml(void **state UNUSED)
{
	check_fmt("yaml", D2, NULL, X_yaml);
	struct out_opts o = indent(4);
	check_fmt("yaml", D3, &o, X_yaml_i4);
	o = indent(-1);
	check_fmt("yaml", D3, &o, X_yaml_flow);
	/* libyaml takes 2 for indents outside 2..9, as PyYAML */
	struct buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	json_t *v = load(D3);
	o = indent(1);
	assert_int_equal(out_format(&a, "yaml", v, &o), 0);
	o = indent(12);
	assert_int_equal(out_format(&b, "yaml", v, &o), 0);
	assert_int_equal(out_format(&c, "yaml", v, NULL), 0);
	assert_string_equal(a.ptr, c.ptr);
	assert_string_equal(b.ptr, c.ptr);
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
	json_decref(v);
	check_fmt("yaml", "{}", NULL, "{}\n");
	check_fmt("yaml", "{\"m\": true}", NULL, "m: true\n");
}

static void test_out__yaml_long_keys_and_odd_strings(void **state UNUSED)
{
	struct buf key = BUF_INIT, text = BUF_INIT, want = BUF_INIT;
	for (int i = 0; i < 130; i++)
		buf_addch(&key, 'a');
	buf_addf(
		&text,
		"{\"m\": {\"%s\": 1, \"bom\": \"\\ufeffx\", \"c\": \"\\u0085\", "
		"\"n\": \"nul\\u0000l\"}}",
		key.ptr);
	/* PyYAML: keys over 128 characters become "? key" */
	buf_addf(&want,
		 "m:\n  ? %s\n  : 1\n  bom: \"\\uFEFFx\"\n  c: \"\\N\"\n"
		 "  n: \"nul\\0l\"\n",
		 key.ptr);
	check_fmt("yaml", text.ptr, NULL, want.ptr);
	buf_release(&key);
	buf_release(&text);
	buf_release(&want);
}

static void test_out__nested(void **state UNUSED)
{
	check_fmt("nested", D2, NULL, X_nested);
	check_fmt("nested", "{}", NULL, "");
	/* an empty string prints the id alone */
	check_fmt("nested", "{\"m\": \"\"}", NULL, "m:\n");
	check_fmt("nested", "{\"m\": true, \"n\": false}", NULL,
		  "m:\n    True\nn:\n    False\n");
	/* the top level keeps the given order, below it keys are sorted */
	check_fmt("nested", "{\"z\": {\"b\": 1, \"a\": 2}, \"a\": null}", NULL,
		  "z:\n    ----------\n    a:\n        2\n    b:\n        1\n"
		  "a:\n    None\n");
	/* --out-indent is not for nested (Salt's nested_indent is) */
	struct out_opts o = indent(2);
	check_fmt("nested", D2, &o, X_nested);
}

static void test_out__nested_colors(void **state UNUSED)
{
	static const char small[] =
		"{\"web1\": {\"b\": [1, {\"x\": true}], \"a\": \"s\"}}";
	struct out_opts o = OUT_OPTS_INIT;
	o.color = true;
	check_fmt("nested", small, &o, X_nested_color);
	o.failed = true;
	check_fmt("nested", small, &o, X_nested_color_failed);
	/* colours only when asked: nothing else changes */
	check_fmt("json", small, &o,
		  "{\n    \"web1\": {\n        \"b\": [\n            1,\n"
		  "            {\n                \"x\": true\n            }\n"
		  "        ],\n        \"a\": \"s\"\n    }\n}\n");
}

static void test_out__txt(void **state UNUSED)
{
	check_fmt("txt", D2, NULL, X_txt);
	check_fmt("text", D2, NULL, X_txt);
	/* an empty string prints nothing at all */
	check_fmt("txt", "{\"m\": \"\"}", NULL, "");
	check_fmt("txt", "{\"m\": \"a\\nb\"}", NULL, "m: a\nm: b\n");
	check_fmt("txt", "{\"m\": {\"k\": [1, null]}}", NULL,
		  "m: {'k': [1, None]}\n");
}

static void test_out__raw(void **state UNUSED)
{
	check_fmt("raw", D2, NULL, X_raw);
	check_fmt("raw", "{}", NULL, "{}\n");
	check_fmt("raw", "{\"m\": \"it's\"}", NULL, "{'m': \"it's\"}\n");
	check_fmt("raw", "{\"m\": \"it's \\\"q\\\"\"}", NULL,
		  "{'m': 'it\\'s \"q\"'}\n");
}

/* streaming: one minion at a time gives what the whole returns give */
static void test_out__minion_at_a_time(void **state UNUSED)
{
	static const char *const names[] = {"nested", "txt", "yaml", "ndjson"};
	json_t *v = load(D2);
	for (size_t n = 0; n < ARRAY_SIZE(names); n++) {
		struct buf all = BUF_INIT, each = BUF_INIT;
		const char *id;
		json_t *ret;
		assert_int_equal(out_format(&all, names[n], v, NULL), 0);
		json_object_foreach(v, id, ret) assert_int_equal(
			out_format_minion(&each, names[n], id, ret, NULL), 0);
		assert_string_equal(each.ptr, all.ptr);
		buf_release(&all);
		buf_release(&each);
	}
	json_decref(v);

	struct buf out = BUF_INIT;
	json_t *d3 = load(D3);
	const char *id;
	json_t *ret;
	json_object_foreach(d3, id, ret) assert_int_equal(
		out_format_minion(&out, "raw", id, ret, NULL), 0);
	assert_string_equal(out.ptr, X_raw_minions);
	buf_reset(&out);
	/* json for one minion: Salt's per-minion document */
	assert_int_equal(
		out_format_minion(&out, "json", "m", json_true(), NULL), 0);
	assert_string_equal(out.ptr, "{\n    \"m\": true\n}\n");
	buf_reset(&out);
	/* a missing return is None */
	assert_int_equal(out_format_minion(&out, "nested", "m", NULL, NULL), 0);
	assert_string_equal(out.ptr, "m:\n    None\n");
	buf_release(&out);
	json_decref(d3);
}

static void test_out__unknown_outputter(void **state UNUSED)
{
	struct buf out = BUF_INIT;
	json_t *v = load("{\"m\": true}");
	buf_addstr(&out, "kept");
	assert_int_equal(out_format(&out, "pprint2", v, NULL), -1);
	assert_string_equal(
		err_last(),
		"unknown outputter 'pprint2' (valid: json, yaml, nested, txt, raw, ndjson, quiet)");
	assert_string_equal(out.ptr, "kept");
	assert_int_equal(out_format_minion(&out, "", "m", v, NULL), -1);
	assert_int_equal(out_format(&out, NULL, v, NULL), -1);
	assert_string_equal(out.ptr, "kept");
	assert_int_equal(out_format(&out, "json", json_true(), NULL), -1);
	assert_true(out_name_valid("json"));
	assert_true(out_name_valid("text"));
	assert_true(out_name_valid("quiet"));
	assert_false(out_name_valid("JSON"));
	assert_false(out_name_valid(NULL));
	assert_int_equal(out_format(&out, "quiet", v, NULL), 0);
	assert_string_equal(out.ptr, "kept");
	buf_release(&out);
	json_decref(v);
}

static void test_out__python_float_repr(void **state UNUSED)
{
	static const struct {
		double d;
		const char *want;
	} cases[] = {
		{1.0, "1.0"},
		{0.1, "0.1"},
		{1e+16, "1e+16"},
		{1000000000000000.0, "1000000000000000.0"},
		{1.2345678901234568e+17, "1.2345678901234568e+17"},
		{1e-05, "1e-05"},
		{0.0001, "0.0001"},
		{-0.0, "-0.0"},
		{2.5e-300, "2.5e-300"},
		{1.7976931348623157e+308, "1.7976931348623157e+308"},
		{5e-324, "5e-324"},
		{100.0, "100.0"},
		{1234.5678, "1234.5678"},
		{1e+22, "1e+22"},
		{0.3, "0.3"},
		{0.6666666666666666, "0.6666666666666666"},
		{123456789.0, "123456789.0"},
		{-1e-07, "-1e-07"},
		{9999999999999998.0, "9999999999999998.0"},
		{0.000123, "0.000123"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf out = BUF_INIT;
		out_py_float(&out, cases[i].d);
		assert_string_equal(out.ptr, cases[i].want);
		buf_release(&out);
	}
}

static void test_out__python_repr(void **state UNUSED)
{
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"\"plain\"", "'plain'"},
		{"\"it's\"", "\"it's\""},
		{"\"say \\\"hi\\\"\"", "'say \"hi\"'"},
		{"\"both ' \\\"\"", "'both \\' \"'"},
		{"\"a\\\\b\\tc\\nd\\re\"", "'a\\\\b\\tc\\nd\\re'"},
		{"\"\\u0000\\u001f\\u007f\\u0080\\u00a0\\u00ad\"",
		 "'\\x00\\x1f\\x7f\\x80\\xa0\\xad'"},
		{"\"\\u200b\\u2028\\ue000\"", "'\\u200b\\u2028\\ue000'"},
		{"\"\\u00e9\\u0300\\ud83d\\ude00\\u2603\"",
		 "'\xc3\xa9\xcc\x80\xf0\x9f\x98\x80\xe2\x98\x83'"},
		{"[1, 2.5, true, false, null, [], {}]",
		 "[1, 2.5, True, False, None, [], {}]"},
		{"{\"b\": {\"x\": [\"y\"]}, \"a\": 1}",
		 "{'b': {'x': ['y']}, 'a': 1}"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf out = BUF_INIT;
		json_t *v = json_loads(cases[i].json,
				       JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		assert_non_null(v);
		out_py_repr(&out, v);
		assert_string_equal(out.ptr, cases[i].want);
		buf_reset(&out);
		/* str() leaves strings alone */
		out_py_str(&out, v);
		if (json_is_string(v))
			assert_memory_equal(out.ptr, json_string_value(v),
					    json_string_length(v));
		else
			assert_string_equal(out.ptr, cases[i].want);
		buf_release(&out);
		json_decref(v);
	}
}

int suite_out(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out__json_is_the_seeds_shape),
		cmocka_unit_test(test_out__json_nested_data),
		cmocka_unit_test(test_out__json_out_indent),
		cmocka_unit_test(test_out__json_scalars_and_escapes),
		cmocka_unit_test(test_out__ndjson_one_line_per_minion),
		cmocka_unit_test(test_out__yaml),
		cmocka_unit_test(test_out__yaml_long_keys_and_odd_strings),
		cmocka_unit_test(test_out__nested),
		cmocka_unit_test(test_out__nested_colors),
		cmocka_unit_test(test_out__txt),
		cmocka_unit_test(test_out__raw),
		cmocka_unit_test(test_out__minion_at_a_time),
		cmocka_unit_test(test_out__unknown_outputter),
		cmocka_unit_test(test_out__python_float_repr),
		cmocka_unit_test(test_out__python_repr),
	};
	return cmocka_run_group_tests_name("out", tests, NULL, NULL);
}
