/* SPDX-License-Identifier: MIT */
/* test_parser.c: the lexer and parser give Puppet's trees, errors and locations */
#include "util/compat.h"
#include "lang/lexer.h"
#include "lang/parser.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#include <setjmp.h>
#include <cmocka.h>

/* ---- helpers ---- */

struct parsed {
	struct arena arena;
	struct diags diags;
	struct ast *tree;
	struct buf dump;
};

static void parse_into(struct parsed *r, const char *src, bool epp)
{
	arena_init(&r->arena);
	diags_init(&r->diags);
	r->dump = (struct buf)BUF_INIT;
	r->tree = epp ? parse_epp(&r->arena, &r->diags, "t.pp", src, strlen(src))
		      : parse_manifest(&r->arena, &r->diags, "t.pp", src, strlen(src));
	if (r->tree)
		ast_dump(&r->dump, r->tree);
}

static void release(struct parsed *r)
{
	buf_release(&r->dump);
	diags_release(&r->diags);
	arena_release(&r->arena);
}

/* The messages recorded, "LINE:COL: SEV: MSG" one per line. */
static void diag_lines(struct buf *out, const struct parsed *r)
{
	static const char *const sev[] = { "error", "warning", "note" };
	for (size_t i = 0; i < r->diags.n; i++) {
		const struct diag *g = &r->diags.v[i];
		buf_addf(out, "%u:%u: %s: %s\n", g->loc.line, g->loc.col,
			 sev[g->sev], g->msg);
	}
}

/* src parses, without any diagnostic, to the tree `expect` */
static void check_tree(const char *src, const char *expect, bool epp)
{
	struct parsed r;
	struct buf d = BUF_INIT;
	parse_into(&r, src, epp);
	diag_lines(&d, &r);
	assert_string_equal(d.ptr, "");
	assert_non_null(r.tree);
	assert_string_equal(r.dump.ptr, expect);
	buf_release(&d);
	release(&r);
}

#define assert_tree(src, expect) check_tree((src), (expect), false)
#define assert_epp(src, expect) check_tree((src), (expect), true)

/* a manifest of one statement: (block STMT) */
static void assert_stmt(const char *src, const char *stmt)
{
	struct buf e = BUF_INIT;
	buf_addf(&e, "(block %s)", stmt);
	assert_tree(src, e.ptr);
	buf_release(&e);
}

/* src fails to parse with exactly the diagnostics `expect` */
static void check_diags(const char *src, const char *expect, bool epp,
			bool should_fail)
{
	struct parsed r;
	struct buf d = BUF_INIT;
	parse_into(&r, src, epp);
	diag_lines(&d, &r);
	assert_string_equal(d.ptr, expect);
	if (should_fail)
		assert_null(r.tree);
	else
		assert_non_null(r.tree);
	buf_release(&d);
	release(&r);
}

#define assert_error(src, expect) check_diags((src), (expect), false, true)
#define assert_epp_error(src, expect) check_diags((src), (expect), true, true)
#define assert_warnings(src, expect) check_diags((src), (expect), false, false)

/* ---- literals and names ---- */

static void test_parser__numbers_keep_source_text(void **state UNUSED)
{
	struct parsed r;
	parse_into(&r, "$m = 0644\n$h = 0x1F\n$f = 1.5e-3\n$d = 42\n", false);
	assert_non_null(r.tree);
	assert_int_equal(r.tree->nkids, 4);
	const struct ast *oct = r.tree->kids[0]->b;
	assert_int_equal(oct->kind, AST_INT);
	assert_int_equal(oct->ival, 420);
	assert_string_equal(oct->str, "0644");
	const struct ast *hex = r.tree->kids[1]->b;
	assert_int_equal(hex->ival, 31);
	assert_string_equal(hex->str, "0x1F");
	const struct ast *flt = r.tree->kids[2]->b;
	assert_int_equal(flt->kind, AST_FLOAT);
	assert_true(flt->fval > 0.0014999 && flt->fval < 0.0015001);
	assert_string_equal(flt->str, "1.5e-3");
	assert_string_equal(r.tree->kids[3]->b->str, "42");
	release(&r);
	assert_stmt("$a = [1e3, 0.5, 0XaB, 00]",
		    "(= $a (array (float 1000 1e3) (float 0.5 0.5) (int 171 0XaB) (int 0 00)))");
	assert_stmt("$a = 9223372036854775807", "(= $a 9223372036854775807)");
}

static void test_parser__bad_numbers(void **state UNUSED)
{
	assert_error("$a = 0789", "1:6: error: invalid octal number '0789'\n");
	assert_error("$a = 12abc", "1:6: error: invalid number '12abc'\n");
	assert_error("$a = 0x", "1:6: error: invalid number '0x'\n");
	assert_error("$a = 9223372036854775808",
		     "1:6: error: integer '9223372036854775808' is too large\n");
}

static void test_parser__names_and_variables(void **state UNUSED)
{
	assert_stmt("$a = [$x, $::x, $a::b::c, $0, ::top, foo::bar, Foo::Bar, ::Baz]",
		    "(= $a (array $x $::x $a::b::c $0 ::top foo::bar Foo::Bar ::Baz))");
	/* bare words with hyphens are one word, like in Puppet */
	assert_stmt("$a = [foo-bar, a-1, _x]", "(= $a (array foo-bar a-1 _x))");
	assert_stmt("$a = $b-1", "(= $a (- $b 1))");
	assert_stmt("$a = [true, false, undef, default]",
		    "(= $a (array true false undef default))");
	assert_error("$a = Foo::bar", "1:6: error: invalid type name 'Foo::'\n");
	assert_error("$a = $", "1:6: error: syntax error: '$' must be followed by a variable name\n");
}

static void test_parser__single_quoted_strings(void **state UNUSED)
{
	assert_stmt("$a = 'it\\'s a \\\\ \\n $x ${y}'",
		    "(= $a \"it's a \\\\ \\\\n $x ${y}\")");
}

static void test_parser__double_quoted_escapes(void **state UNUSED)
{
	assert_stmt("$a = \"t\\tn\\nr\\rs\\sd\\$q\\\"b\\\\u\\u00e9\\u{1F600}\"",
		    "(= $a \"t\\tn\\nr\\rs d$q\\\"b\\\\u\xc3\xa9\xf0\x9f\x98\x80\")");
	assert_stmt("$a = \"a\\\nb\"", "(= $a \"ab\")");
	/* unknown escapes keep their backslash, with a warning */
	assert_warnings("$a = \"\\d+\"",
			"1:7: warning: unrecognized escape sequence '\\d'\n");
	assert_warnings("$a = \"x\\u12\"",
			"1:8: warning: unicode escape '\\u' is not followed by 4 hex digits or 1 to 6 hex digits in {}\n");
	assert_error("$a = \"\\uD800\"", "1:7: error: invalid unicode escape '\\uD800'\n");
}

static void test_parser__interpolation(void **state UNUSED)
{
	assert_stmt("$a = \"plain\"", "(= $a \"plain\")");
	assert_stmt("$a = \"x $y z\"", "(= $a (concat \"x \" $y \" z\"))");
	assert_stmt("$a = \"$::x $a::b $x::\"",
		    "(= $a (concat $::x \" \" $a::b \" \" $x \"::\"))");
	assert_stmt("$a = \"${x}${::fqdn}\"", "(= $a (concat $x $::fqdn))");
	/* a leading name is a variable when alone or followed by [ or . */
	assert_stmt("$a = \"${x['k'][0]}\"", "(= $a (concat (access (access $x \"k\") 0)))");
	assert_stmt("$a = \"${x.upcase}\"", "(= $a (concat (method $x upcase)))");
	assert_stmt("$a = \"${1}\"", "(= $a (concat $1))");
	assert_stmt("$a = \"${func($x)}\"", "(= $a (concat (call func $x)))");
	assert_stmt("$a = \"${$x}\"", "(= $a (concat $x))");
	assert_stmt("$a = \"${x + 1}\"", "(= $a (concat (+ x 1)))");
	/* "$x[1]" does not index; a lone $ is text */
	assert_stmt("$a = \"$x[1] costs $ 5\"", "(= $a (concat $x \"[1] costs $ 5\"))");
	assert_stmt("$a = \"a ${ \"b ${c}\" } d\"",
		    "(= $a (concat \"a \" (concat \"b \" $c) \" d\"))");
	assert_stmt("$a = \"${ {'k' => '}'}['k'] }\"",
		    "(= $a (concat (access (hash (=> \"k\" \"}\")) \"k\")))");
}

static void test_parser__regex_or_division(void **state UNUSED)
{
	assert_stmt("$a = $b / 2 / $c", "(= $a (/ (/ $b 2) $c))");
	assert_stmt("$a = $b =~ /x\\/y/", "(= $a (=~ $b /x/y/))");
	assert_stmt("$a = foo(/a/, 1) / 2", "(= $a (/ (call foo /a/ 1) 2))");
	assert_stmt("$a = [/a/]", "(= $a (array /a/))");
}

static void test_parser__heredocs(void **state UNUSED)
{
	/* the margin is the blanks before '|'; '-' drops the last line break */
	assert_stmt("$a = @(END)\n    one $x\n      two\n    |- END\n",
		    "(= $a \"one $x\\n  two\")");
	/* only a quoted tag interpolates; escapes only when listed */
	assert_stmt("$a = @(\"END\"/t)\n  ${x}\\t\\n\n  | END\n",
		    "(= $a (concat $x \"\\t\\\\n\\n\"))");
	assert_stmt("$a = @(END/)\n\\t\\$x\nEND\n", "(= $a \"\\t$x\\n\")");
	assert_stmt("$a = @(END:json)\n{}\nEND\n", "(= $a \"{}\\n\")");
	/* two on one line: texts follow in order, code resumes after them */
	assert_tree("$a = [@(A), @(B)]\none\nA\ntwo\nB\n$c = 1\n",
		    "(block (= $a (array \"one\\n\" \"two\\n\")) (= $c 1))");
	/* a line ending with the tag ends the text, like in Puppet */
	assert_stmt("$a = @(END)\n x\n THE END\n", "(= $a \" x\\n\")");
}

static void test_parser__heredoc_errors(void **state UNUSED)
{
	assert_error("$a = @(END)\ntext\n",
		     "1:6: error: unterminated heredoc: no line ends with 'END' after line 1\n");
	assert_error("$a = @(END/q)\nEND\n", "1:6: error: invalid heredoc escape 'q'\n");
	assert_error("$a = @(END", "1:6: error: invalid heredoc syntax: expected ')' after '@(END'\n");
	assert_error("$a = @()\nx\n", "1:6: error: heredoc has an empty end tag\n");
}

/* ---- operators ---- */

static void test_parser__precedence(void **state UNUSED)
{
	assert_stmt("$a = 1 + 2 * 3 - 4 % 5", "(= $a (- (+ 1 (* 2 3)) (% 4 5)))");
	assert_stmt("$a = 1 << 2 + 3", "(= $a (<< 1 (+ 2 3)))");
	/* Puppet's grammar: == binds tighter than < */
	assert_stmt("$a = 1 < 2 == 3", "(= $a (< 1 (== 2 3)))");
	assert_stmt("$a = $x and $y or $z and !$w",
		    "(= $a (or (and $x $y) (and $z (! $w))))");
	assert_stmt("$a = !$x in $y", "(= $a (in (! $x) $y))");
	assert_stmt("$a = -$x[0] * 2", "(= $a (* (- (access $x 0)) 2))");
	assert_stmt("$a = $x =~ /a/ == true", "(= $a (== (=~ $x /a/) true))");
	assert_stmt("$a = $b = 1", "(= $a (= $b 1))");
}

static void test_parser__selectors(void **state UNUSED)
{
	assert_stmt("$a = $x ? { 'a' => 1, /b/ => 2, default => 3, }",
		    "(= $a (? $x (=> \"a\" 1) (=> /b/ 2) (=> default 3)))");
	/* a selector takes the whole comparison, and binds tighter than and */
	assert_stmt("$a = $x == 1 ? { true => 2 }",
		    "(= $a (? (== $x 1) (=> true 2)))");
	assert_stmt("$a = $x and $y ? { 1 => 2 }",
		    "(= $a (and $x (? $y (=> 1 2))))");
	assert_stmt("$a = $x ? 'a' => 1", "(= $a (? $x (=> \"a\" 1)))");
	assert_stmt("$a = $x ? { 1 => $y ? { 2 => 3 } }",
		    "(= $a (? $x (=> 1 (? $y (=> 2 3)))))");
}

static void test_parser__collections_and_access(void **state UNUSED)
{
	assert_stmt("$a = { 'a' => 1, b => [1, 2,], 'c' => {}, }",
		    "(= $a (hash (=> \"a\" 1) (=> b (array 1 2)) (=> \"c\" (hash))))");
	assert_stmt("$a = [1, *$x, a => 1, b => 2, 3]",
		    "(= $a (array 1 (* $x) (hash (=> a 1) (=> b 2)) 3))");
	assert_stmt("$a = $h['a']['b'][1, 2]",
		    "(= $a (access (access (access $h \"a\") \"b\") 1 2))");
	/* '[' after whitespace starts an array, it does not index */
	assert_tree("notice $x [1]", "(block (call notice $x) (array 1))");
	assert_stmt("$a = Hash[String, Struct[{a => Integer}]]",
		    "(= $a (access Hash String (access Struct (hash (=> a Integer)))))");
	assert_stmt("$a = [type, function]", "(= $a (array \"type\" \"function\"))");
}

static void test_parser__calls_methods_lambdas(void **state UNUSED)
{
	assert_stmt("$a = foo(1, 2,)", "(= $a (call foo 1 2))");
	assert_stmt("$a = foo(k => 1)", "(= $a (call foo (hash (=> k 1))))");
	assert_stmt("foo() |$x| { $x }",
		    "(call foo (lambda (params (param $x)) (block $x)))");
	assert_stmt("$a = $x.each |$k, $v| { notice($k) }",
		    "(= $a (method $x each (lambda (params (param $k) (param $v)) (block (call notice $k)))))");
	assert_stmt("$a = $x.filter |$v| { $v }.map |$v| { 1 }.join(',')",
		    "(= $a (method (method (method $x filter (lambda (params (param $v)) (block $v))) map (lambda (params (param $v)) (block 1))) join \",\"))");
	assert_stmt("$a = $x.length", "(= $a (method $x length))");
	assert_stmt("$x.each |Integer $i, String *$r| >> Undef { }",
		    "(method $x each (lambda (params (param Integer $i) (param String *$r)) (>> Undef) (block)))");
	/* calling a type makes a new value */
	assert_stmt("$a = Integer('1')", "(= $a (method Integer new \"1\"))");
	assert_stmt("$a = Array[Integer]($x)",
		    "(= $a (method (access Array Integer) new $x))");
	assert_stmt("$a = type($x)", "(= $a (call type $x))");
	/* '(' first on its line does not call what precedes */
	assert_tree("$a = foo\n(1)\n", "(block (= $a foo) 1)");
	assert_error("$a = $x(1)",
		     "1:8: error: syntax error: unexpected '(': only a function name or a type can be called\n");
}

static void test_parser__statement_calls(void **state UNUSED)
{
	assert_tree("include foo, bar::baz\nrequire x\ncontain y\nnotice 'a'\ntag 'a', 'b'\n",
		    "(block (call include foo bar::baz) (call require x) (call contain y) (call notice \"a\") (call tag \"a\" \"b\"))");
	/* only one statement (or comma list) becomes the arguments */
	assert_tree("notice 1\n$a = 2\n", "(block (call notice 1) (= $a 2))");
	assert_stmt("notice { a => 1 }", "(call notice (hash (=> \"a\" 1)))");
	/* a lone name stays a name, as in Puppet */
	assert_tree("$x.each |$v| { break }",
		    "(block (method $x each (lambda (params (param $v)) (block break))))");
	assert_tree("import 'a.pp', \"b/*.pp\"\n",
		    "(block (import \"a.pp\") (import \"b/*.pp\"))");
	assert_error("$a = 1, 2\n",
		     "1:7: error: syntax error: illegal comma-separated argument list\n");
}

static void test_parser__legacy_forms_warn(void **state UNUSED)
{
	assert_warnings("alert 'x'\n",
			"1:1: warning: call of 'alert' without parentheses is legacy syntax; Puppet 4 and later need 'alert(...)'\n");
	assert_warnings("$x += [1]\n",
			"1:4: warning: the operator '+=' is not supported by Puppet 4 and later (legacy)\n");
	struct parsed r;
	parse_into(&r, "$x += [1]\n", false);
	assert_string_equal(r.dump.ptr, "(block (+= $x (array 1)))");
	assert_int_equal(r.tree->kids[0]->op, OP_APPEND);
	release(&r);
	assert_warnings("node a inherits b { }\n",
			"1:8: warning: node inheritance is not supported by Puppet 4 and later (legacy)\n");
	assert_warnings("class foo-bar { }\n",
			"1:7: warning: 'foo-bar' is not a valid class name in Puppet 4 and later (legacy hyphen)\n");
	assert_tree("include foo;\nnotice(1);;\n", "(block (call include foo) (call notice 1))");
	assert_error("$x -= [1]\n", "1:4: error: the operator '-=' is not supported\n");
}

static void test_parser__assignment_targets(void **state UNUSED)
{
	assert_stmt("[$a, $b] = [1, 2]", "(= (array $a $b) (array 1 2))");
	assert_error("$a[0] = 1\n",
		     "1:7: error: syntax error: only a variable or an array of variables can be assigned to\n");
	assert_error("[$a] += 1\n",
		     "1:6: error: syntax error: only a variable or an array of variables can be assigned to\n");
}

/* ---- resources ---- */

static void test_parser__resource_bodies(void **state UNUSED)
{
	assert_stmt("file { '/a': ensure => file, mode => '0644', }",
		    "(resource file (body \"/a\" (attr ensure => file) (attr mode => \"0644\")))");
	assert_stmt("file { ['/a', '/b']: ensure => directory; '/c': ; }",
		    "(resource file (body (array \"/a\" \"/b\") (attr ensure => directory)) (body \"/c\"))");
	assert_stmt("file { default: mode => '0600'; '/d': * => $h }",
		    "(resource file (body default (attr mode => \"0600\")) (body \"/d\" (attr * => $h)))");
	assert_stmt("exec { 'x': unless => 'true', require => [File['a'], Package['b']] }",
		    "(resource exec (body \"x\" (attr unless => \"true\") (attr require => (array (access File \"a\") (access Package \"b\")))))");
	assert_stmt("package { memcached: ensure => $version; }",
		    "(resource package (body memcached (attr ensure => $version)))");
	assert_stmt("apache::vhost { $name: }", "(resource apache::vhost (body $name))");
}

static void test_parser__virtual_exported_and_class(void **state UNUSED)
{
	assert_stmt("@user { 'bob': uid => 1 }",
		    "(resource @user (body \"bob\" (attr uid => 1)))");
	assert_stmt("@@sshkey { $fqdn: key => $k }",
		    "(resource @@sshkey (body $fqdn (attr key => $k)))");
	assert_stmt("class { 'apache': default_vhost => false }",
		    "(resource class (body \"apache\" (attr default_vhost => false)))");
	struct parsed r;
	parse_into(&r, "\n  @@file { 'x': }", false);
	assert_non_null(r.tree);
	const struct ast *res = r.tree->kids[0];
	assert_int_equal(res->kind, AST_RESOURCE);
	assert_int_equal(res->op, OP_EXPORTED);
	assert_int_equal(res->loc.line, 2);
	assert_int_equal(res->loc.col, 3);
	release(&r);
	assert_error("@$x\n",
		     "1:1: error: syntax error: '@' can only be applied to a resource declaration\n");
}

static void test_parser__defaults_overrides_collectors(void **state UNUSED)
{
	assert_stmt("File { owner => root }", "(defaults File (attr owner => root))");
	assert_stmt("File['/a'] { mode => '0700', require +> Package['x'] }",
		    "(override (access File \"/a\") (attr mode => \"0700\") (attr require +> (access Package \"x\")))");
	assert_stmt("Foo::Bar['x'] { }", "(override (access Foo::Bar \"x\"))");
	assert_stmt("User <| title == 'bob' and (uid != 0 or name == x) |>",
		    "(collect User (and (== title \"bob\") (or (!= uid 0) (== name x))))");
	assert_stmt("User <| |> { shell => '/bin/sh' }",
		    "(collect User nil (attr shell => \"/bin/sh\"))");
	assert_stmt("Sshkey <<| tag == $t |>>", "(collect-exported Sshkey (== tag $t))");
	assert_error("foo { a => 1 }\n",
		     "1:1: error: syntax error: 'foo' resource declared without a title\n");
}

static void test_parser__relationships(void **state UNUSED)
{
	assert_stmt("Package['a'] -> File['b'] ~> Service['c']",
		    "(~> (-> (access Package \"a\") (access File \"b\")) (access Service \"c\"))");
	assert_stmt("File['a'] <- File['b'] <~ File['c']",
		    "(<~ (<- (access File \"a\") (access File \"b\")) (access File \"c\"))");
	assert_stmt("package { 'a': } -> service { 'a': }",
		    "(-> (resource package (body \"a\")) (resource service (body \"a\")))");
	assert_stmt("[File['a'], File['b']] -> Package <| |>",
		    "(-> (array (access File \"a\") (access File \"b\")) (collect Package nil))");
}

/* ---- definitions and conditionals ---- */

static void test_parser__classes_and_defines(void **state UNUSED)
{
	assert_stmt("class foo (String $a, Integer[1, 5] $b = 3, $c = {},) inherits foo::params { }",
		    "(class foo (params (param String $a) (param (access Integer 1 5) $b 3) (param $c (hash))) (inherits foo::params) (block))");
	/* nested definitions are named inside their class, like in Puppet */
	assert_stmt("class a { class b { define c { } } function f() { } }",
		    "(class a (params) (block (class a::b (params) (block (define a::b::c (params) (block)))) (function a::f (params) (block))))");
	assert_stmt("class ::top inherits default { }",
		    "(class top (params) (inherits default) (block))");
	assert_stmt("define my::type (Enum['a'] $x = 'a', *$rest) { }",
		    "(define my::type (params (param (access Enum \"a\") $x \"a\") (param *$rest)) (block))");
	assert_error("class 'foo' { }\n",
		     "1:7: error: syntax error: a quoted string is not valid as a name here\n");
}

static void test_parser__nodes(void **state UNUSED)
{
	assert_stmt("node 'a.example.com', mc1.wikimedia.org, /^web\\d+/, default, { }",
		    "(node (\"a.example.com\" mc1.wikimedia.org /^web\\d+/ default) (block))");
	assert_stmt("node 10.0.0.1 { }", "(node (10.0.0.1) (block))");
	struct parsed r;
	parse_into(&r, "node web-01.example.com inherits base { }", false);
	assert_non_null(r.tree);
	const struct ast *n = r.tree->kids[0];
	assert_int_equal(n->kind, AST_NODE);
	assert_string_equal(n->kids[0]->str, "web-01.example.com");
	assert_string_equal(n->parent, "base");
	release(&r);
}

static void test_parser__functions_and_type_aliases(void **state UNUSED)
{
	assert_stmt("function m::double(Integer $x) >> Integer { $x * 2 }",
		    "(function m::double (params (param Integer $x)) (>> Integer) (block (* $x 2)))");
	assert_stmt("type M::Port = Integer[1, 65535]",
		    "(type M::Port (access Integer 1 65535))");
	assert_stmt("type M::Tup = [Integer, String]",
		    "(type M::Tup (array Integer String))");
	assert_stmt("type M::O = { attributes => {} }",
		    "(type M::O (access Object (hash (=> attributes (hash)))))");
	assert_stmt("type M::C = M::O { }",
		    "(type M::C (access Object (hash (=> parent M::O))))");
}

static void test_parser__conditionals(void **state UNUSED)
{
	assert_stmt("if $x { 1 } elsif $y { 2 } else { 3 }",
		    "(if $x (block 1) (if $y (block 2) (block 3)))");
	/* an empty else is no else */
	assert_stmt("if $x { } else { }", "(if $x (block))");
	assert_stmt("unless $x { 1 } else { 2 }", "(unless $x (block 1) (block 2))");
	assert_stmt("case $os { 'Debian', 'Ubuntu': { include apt } /^Red/: { } default: { } }",
		    "(case $os (when (\"Debian\" \"Ubuntu\") (block (call include apt))) (when (/^Red/) (block)) (when (default) (block)))");
	assert_stmt("$v = if $x { 1 } else { 2 }",
		    "(= $v (if $x (block 1) (block 2)))");
	assert_error("case $x { }\n", "1:11: error: syntax error: unexpected '}'\n");
	assert_error("unless $x { } elsif $y { }\n", "1:15: error: syntax error: unexpected 'elsif'\n");
}

/* ---- EPP ---- */

static void test_parser__epp_text_and_tags(void **state UNUSED)
{
	assert_epp("a <%= $x %> b", "(block (text \"a \") (render $x) (text \" b\"))");
	assert_epp("<% if $x { %>yes<% } else { %>no<% } %>\n",
		    "(block (if $x (block (text \"yes\")) (block (text \"no\"))) (text \"\\n\"))");
	assert_epp("<% $xs.each |$x| { -%>\n  <%= $x %>\n<% } -%>\nend\n",
		    "(block (method $xs each (lambda (params (param $x)) (block (text \"  \") (render $x) (text \"\\n\")))) (text \"end\\n\"))");
	/* <%- trims blanks before it on its line; -%> the line break after */
	assert_epp("a  <%- $y = 1 -%>  \nb", "(block (text \"a\") (= $y 1) (text \"b\"))");
	assert_epp("x<%# comment %>y<%#- c -%>\nz", "(block (text \"xyz\"))");
	assert_epp("<%% literal %%> <%%= x %>", "(block (text \"<% literal %> <%= x %>\"))");
	assert_epp("<%= $x -%>\n\n", "(block (render $x) (text \"\\n\"))");
}

static void test_parser__epp_parameters(void **state UNUSED)
{
	assert_epp("<%- | String $name, Integer $port = 80, | -%>\nport <%= $port %>\n",
		    "(block (params (param String $name) (param Integer $port 80)) (text \"port \") (render $port) (text \"\\n\"))");
	struct parsed r;
	parse_into(&r, "<%||%>x", true);
	assert_non_null(r.tree);
	assert_int_equal(r.tree->has_params, 1);
	assert_int_equal(r.tree->nparams, 0);
	release(&r);
	parse_into(&r, "x", true);
	assert_int_equal(r.tree->has_params, 0);
	release(&r);
	/* parameters must come first */
	assert_epp_error("text <%| $x |%>", "1:8: error: syntax error: unexpected '|'\n");
}

static void test_parser__epp_errors(void **state UNUSED)
{
	assert_epp_error("a\n<%= $x\n", "2:1: error: unterminated epp tag started at line 2\n");
	assert_epp_error("a<%# x", "1:2: error: unterminated epp comment started at line 1\n");
	assert_epp_error("<% if $x { %>a\n", "2:1: error: expected '}' to close '{' at line 1\n");
	assert_epp_error("<%= %>", "1:5: error: syntax error: unexpected '%>'\n");
}

/* ---- errors and locations ---- */

static void test_parser__syntax_errors(void **state UNUSED)
{
	assert_error("class foo {\n  notice(1)\n", "3:1: error: expected '}' to close '{' at line 1\n");
	assert_error("notice(1)\n}\n", "2:1: error: syntax error: unexpected '}'\n");
	assert_error("$a = { 'a' => 1 'b' => 2 }",
		     "1:17: error: syntax error: unexpected string 'b', expected ',' or '}' to close '{' at line 1\n");
	assert_error("$a = [1,\n2\n$b = 1",
		     "3:1: error: syntax error: unexpected '$b', expected ',' or ']' to close '[' at line 1\n");
	assert_error("$a = (1", "1:8: error: expected ')' to close '(' at line 1\n");
	assert_error("$a = 1 ^ 2", "1:8: error: syntax error: unexpected character '^'\n");
	assert_error("$a = 1 ~ 2", "1:8: error: syntax error: unexpected '~'\n");
	assert_error("file { 'x' ensure => file }",
		     "1:12: error: syntax error: unexpected 'ensure', expected ':' after the resource title\n");
	assert_error("file { 'x': 'ensure' => file }",
		     "1:13: error: syntax error: unexpected string 'ensure', expected an attribute name\n");
	assert_error("$a = $b.", "1:9: error: syntax error: unexpected end of input after '.', expected a function name\n");
	assert_error("$a = \"${}\"", "1:10: error: syntax error: unexpected '}'\n");
}

static void test_parser__lexical_errors(void **state UNUSED)
{
	assert_error("$a = 1\n$b = \"open\n\n", "2:6: error: unterminated string started at line 2\n");
	assert_error("$a = 'open", "1:6: error: unterminated string started at line 1\n");
	assert_error("$a = \"${x\n", "1:7: error: expected '}' to close '${' at line 1\n");
	assert_error("$a = \"${x['k']\"\n", "1:15: error: expected '}' to close '${' at line 1\n");
	assert_error("$a = 1\n/* open\n", "2:1: error: unterminated comment started at line 2\n");
}

static void test_parser__node_locations(void **state UNUSED)
{
	struct parsed r;
	parse_into(&r, "class a {\n\tfile { '/x':\n\t\tensure => present,\n\t}\n}\n", false);
	assert_non_null(r.tree);
	const struct ast *cls = r.tree->kids[0];
	assert_int_equal(cls->loc.line, 1);
	assert_int_equal(cls->loc.col, 1);
	assert_string_equal(cls->loc.file, "t.pp");
	const struct ast *res = cls->b->kids[0];
	assert_int_equal(res->loc.line, 2);
	assert_int_equal(res->loc.col, 2);
	const struct ast *attr = res->kids[0]->kids[0];
	assert_int_equal(attr->loc.line, 3);
	assert_int_equal(attr->loc.col, 3);
	assert_int_equal(attr->a->loc.col, 13);
	release(&r);

	/* inside heredoc text, locations map back to the file */
	parse_into(&r, "$a = @(\"E\")\n    x ${y}\n    | E\n", false);
	assert_non_null(r.tree);
	const struct ast *cat = r.tree->kids[0]->b;
	assert_int_equal(cat->kind, AST_CONCAT);
	assert_int_equal(cat->loc.line, 1);
	assert_int_equal(cat->loc.col, 6);
	assert_int_equal(cat->kids[1]->loc.line, 2);
	assert_int_equal(cat->kids[1]->loc.col, 9);
	release(&r);
}

static void test_parser__diagnostic_quotes_the_line(void **state UNUSED)
{
	struct parsed r;
	struct buf out = BUF_INIT;
	parse_into(&r, "$a = 1\n$b = [1 2]\n", false);
	assert_null(r.tree);
	assert_int_equal(r.diags.nerrors, 1);
	diags_format(&out, &r.diags, &r.diags.v[0]);
	assert_string_equal(out.ptr,
			    "t.pp:2:9: error: syntax error: unexpected '2', expected ',' or ']' to close '[' at line 2\n"
			    " $b = [1 2]\n"
			    "         ^\n");
	buf_release(&out);
	release(&r);
}

static void test_parser__deep_nesting_is_an_error(void **state UNUSED)
{
	struct buf src = BUF_INIT;
	buf_addstr(&src, "$a = ");
	for (int i = 0; i < 5000; i++)
		buf_addch(&src, '[');
	struct parsed r;
	parse_into(&r, src.ptr, false);
	assert_null(r.tree);
	assert_int_equal(r.diags.nerrors, 1);
	assert_non_null(strstr(r.diags.v[0].msg, "nested too deeply"));
	release(&r);
	buf_reset(&src);
	for (int i = 0; i < 5000; i++)
		buf_addstr(&src, "!");
	parse_into(&r, src.ptr, false);
	assert_null(r.tree);
	release(&r);
	buf_release(&src);
}

static void test_parser__lexer_context_tokens(void **state UNUSED)
{
	static const char src[] = "$a[0] [1]\n(2) f(3) $b ? {\n} /r/ $c / 4";
	static const enum lex_tok expect[] = {
		TOK_VARIABLE, TOK_LBRACK, TOK_INT, TOK_RBRACK, TOK_LISTSTART,
		TOK_INT, TOK_RBRACK, TOK_WSLPAREN, TOK_INT, TOK_RPAREN,
		TOK_NAME, TOK_LPAREN, TOK_INT, TOK_RPAREN, TOK_VARIABLE,
		TOK_QMARK, TOK_SELBRACE, TOK_RBRACE, TOK_REGEX, TOK_VARIABLE,
		TOK_DIV, TOK_INT, TOK_EOF,
	};
	struct arena a = ARENA_INIT;
	struct diags d;
	struct lexer lx;
	diags_init(&d);
	lex_init(&lx, &a, &d, "t.pp", src, sizeof(src) - 1, false);
	for (size_t i = 0; i < ARRAY_SIZE(expect); i++) {
		struct lex_token t;
		lex_next(&lx, &t);
		assert_string_equal(lex_tok_name(t.type), lex_tok_name(expect[i]));
		assert_int_equal(t.type, expect[i]);
	}
	lex_release(&lx);
	diags_release(&d);
	arena_release(&a);
}

static void test_parser__arbitrary_bytes_do_not_crash(void **state UNUSED)
{
	static const char alphabet[] = "${}[]()<>|=~!@-+*/%\"'\\:,;.?#\n\t aZ09_\x80\xff\0";
	uint32_t seed = 12345;
	char src[64];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % (int)sizeof(src));
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			src[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		struct arena a = ARENA_INIT;
		struct diags d;
		diags_init(&d);
		struct ast *t = (round & 1) ? parse_epp(&a, &d, "f", src, n)
					    : parse_manifest(&a, &d, "f", src, n);
		assert_true(t != NULL || d.nerrors == 1);
		diags_release(&d);
		arena_release(&a);
	}
}

int suite_parser(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser__numbers_keep_source_text),
		cmocka_unit_test(test_parser__bad_numbers),
		cmocka_unit_test(test_parser__names_and_variables),
		cmocka_unit_test(test_parser__single_quoted_strings),
		cmocka_unit_test(test_parser__double_quoted_escapes),
		cmocka_unit_test(test_parser__interpolation),
		cmocka_unit_test(test_parser__regex_or_division),
		cmocka_unit_test(test_parser__heredocs),
		cmocka_unit_test(test_parser__heredoc_errors),
		cmocka_unit_test(test_parser__precedence),
		cmocka_unit_test(test_parser__selectors),
		cmocka_unit_test(test_parser__collections_and_access),
		cmocka_unit_test(test_parser__calls_methods_lambdas),
		cmocka_unit_test(test_parser__statement_calls),
		cmocka_unit_test(test_parser__legacy_forms_warn),
		cmocka_unit_test(test_parser__assignment_targets),
		cmocka_unit_test(test_parser__resource_bodies),
		cmocka_unit_test(test_parser__virtual_exported_and_class),
		cmocka_unit_test(test_parser__defaults_overrides_collectors),
		cmocka_unit_test(test_parser__relationships),
		cmocka_unit_test(test_parser__classes_and_defines),
		cmocka_unit_test(test_parser__nodes),
		cmocka_unit_test(test_parser__functions_and_type_aliases),
		cmocka_unit_test(test_parser__conditionals),
		cmocka_unit_test(test_parser__epp_text_and_tags),
		cmocka_unit_test(test_parser__epp_parameters),
		cmocka_unit_test(test_parser__epp_errors),
		cmocka_unit_test(test_parser__syntax_errors),
		cmocka_unit_test(test_parser__lexical_errors),
		cmocka_unit_test(test_parser__node_locations),
		cmocka_unit_test(test_parser__diagnostic_quotes_the_line),
		cmocka_unit_test(test_parser__deep_nesting_is_an_error),
		cmocka_unit_test(test_parser__lexer_context_tokens),
		cmocka_unit_test(test_parser__arbitrary_bytes_do_not_crash),
	};
	return cmocka_run_group_tests_name("parser", tests, NULL, NULL);
}
