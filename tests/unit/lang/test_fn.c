/* SPDX-License-Identifier: MIT */
/* test_fn.c: the native functions give Puppet 7's results and errors */
#include "util/compat.h"
#include <math.h>
#include "lang/ast.h"
#include "lang/func.h"
#include "lang/regex.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

#include <setjmp.h>
#include <cmocka.h>

/*
 * The functions are called directly, without the evaluator: the test
 * provides the four fn_* services the evaluator normally does. They are
 * weak, so that a test binary that also links the evaluator still links;
 * lambdas run through fn_lambda_hook, a C callback. Errors are read back with
 * err_last(), which the evaluator's fn_error() also sets outside a compile.
 */
extern const struct fn_def fn_stdlib2_table[];

__attribute__((weak)) const struct fn_def fn_core_table[] = {
	{ NULL, NULL, 0, 0, 0 },
};

static struct buf warnings = BUF_INIT;

__attribute__((weak)) int fn_error(struct fn_call *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	(void)c;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	err_set("%s", b.ptr);
	buf_release(&b);
	return -1;
}

static void record_warning(struct fn_call *c, const char *msg)
{
	(void)c;
	buf_addstr(&warnings, msg);
	buf_addch(&warnings, '\n');
}

/* The lambda of the next call: a C function standing in for |params| { } */
typedef int lambda_fn(struct value **out, struct arena *a,
		      struct value **args, size_t nargs);

static lambda_fn *cur_lambda;
static struct ast lambda_ast;
static struct ast lambda_params[4];
static struct ast *lambda_param_ptrs[4];
static struct arena *cur_arena;

__attribute__((weak)) size_t fn_lambda_arity(const struct fn_call *c)
{
	return c->lambda ? c->lambda->nparams : 0;
}

static int run_lambda(struct value **out, struct fn_call *c,
		      struct value **args, size_t nargs)
{
	(void)c;
	return cur_lambda(out, cur_arena, args, nargs);
}

static void use_lambda(lambda_fn *fn, size_t nparams)
{
	static const char *const names[] = { "a", "b", "c", "d" };
	fn_lambda_hook = run_lambda;
	fn_warn_hook = record_warning;
	cur_lambda = fn;
	memset(&lambda_ast, 0, sizeof(lambda_ast));
	lambda_ast.kind = AST_LAMBDA;
	lambda_ast.nparams = nparams;
	lambda_ast.params = lambda_param_ptrs;
	for (size_t i = 0; i < 4; i++) {
		memset(&lambda_params[i], 0, sizeof(lambda_params[i]));
		lambda_params[i].str = names[i];
		lambda_param_ptrs[i] = &lambda_params[i];
	}
}

/* Makes parameter i of the lambda a *$rest one, or one with a default. */
static void lambda_splat(size_t i)
{
	lambda_params[i].op = OP_SPLAT;
}

static struct ast some_default;

static void lambda_default(size_t i)
{
	lambda_params[i].b = &some_default;
}

/* ---- a reader for Puppet literals, to write arguments compactly ---- */

struct rd {
	struct arena *a;
	const char *p;
};

static void skip_ws(struct rd *r)
{
	while (*r->p == ' ' || *r->p == '\n' || *r->p == '\t')
		r->p++;
}

static struct value *read_value(struct rd *r);

static struct value *read_string(struct rd *r)
{
	char q = *r->p++;
	struct buf b = BUF_INIT;
	while (*r->p && *r->p != q) {
		char ch = *r->p++;
		if (ch == '\\' && *r->p) {
			char e = *r->p++;
			if (q == '"' && e == 'n')
				ch = '\n';
			else if (q == '"' && e == 't')
				ch = '\t';
			else if (q == '"' && e == 'r')
				ch = '\r';
			else if (q == '"' && e == '0')
				ch = '\0';
			else if (e == q || e == '\\')
				ch = e;
			else {
				buf_addch(&b, '\\');
				ch = e;
			}
		}
		buf_addch(&b, ch);
	}
	assert_int_equal(*r->p, q);
	r->p++;
	struct value *v = val_str(r->a, b.ptr, b.len);
	buf_release(&b);
	return v;
}

static struct value *read_value(struct rd *r)
{
	skip_ws(r);
	const char *s = r->p;
	if (*s == '\'' || *s == '"')
		return read_string(r);
	if (*s == '/') {
		const char *e = s + 1;
		while (*e && *e != '/') {
			if (*e == '\\' && e[1])
				e++;
			e++;
		}
		r->p = e + 1;
		return val_regex(r->a, s + 1, (size_t)(e - s - 1));
	}
	if (*s == '[') {
		struct value *a = val_array(r->a, 4);
		r->p++;
		skip_ws(r);
		while (*r->p != ']') {
			val_array_push(r->a, a, read_value(r));
			skip_ws(r);
			if (*r->p == ',')
				r->p++;
			skip_ws(r);
		}
		r->p++;
		return a;
	}
	if (*s == '{') {
		struct value *h = val_hash(r->a, 4);
		r->p++;
		skip_ws(r);
		while (*r->p != '}') {
			struct value *k = read_value(r);
			skip_ws(r);
			assert_true(r->p[0] == '=' && r->p[1] == '>');
			r->p += 2;
			val_hash_set(r->a, h, k, read_value(r));
			skip_ws(r);
			if (*r->p == ',')
				r->p++;
			skip_ws(r);
		}
		r->p++;
		return h;
	}
	if (*s == '-' || (*s >= '0' && *s <= '9')) {
		char *end;
		long long n = strtoll(s, &end, 0);
		if (*end == '.' || *end == 'e') {
			double d = strtod(s, &end);
			r->p = end;
			return val_float(r->a, d);
		}
		r->p = end;
		return val_int(r->a, n);
	}
	const char *e = s;
	while (*e == ':' || *e == '_' || (*e >= 'a' && *e <= 'z') ||
	       (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9'))
		e++;
	size_t n = (size_t)(e - s);
	r->p = e;
	if (n == 4 && !memcmp(s, "true", 4))
		return val_bool(true);
	if (n == 5 && !memcmp(s, "false", 5))
		return val_bool(false);
	if (n == 5 && !memcmp(s, "undef", 5))
		return val_undef();
	if (n == 7 && !memcmp(s, "default", 7))
		return val_default();
	assert_true(n > 0 && *s >= 'A' && *s <= 'Z');
	/* a type or reference: Name or Name[params] */
	const char *name = arena_memdupz(r->a, s, n);
	struct value **params = NULL;
	size_t np = 0;
	if (*r->p == '[') {
		struct value *list = read_value(r);
		params = list->u.arr.v;
		np = list->u.arr.n;
	}
	return val_type(r->a, name, params, np);
}

/* ---- calling ---- */

static const struct fn_def *find(const char *name)
{
	const struct fn_def *tables[] = {
		fn_string_table, fn_coll_table, fn_stdlib_table,
		fn_stdlib2_table,
	};
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
		for (const struct fn_def *d = tables[t]; d->name; d++)
			if (!strcmp(d->name, name))
				return d;
	return NULL;
}

static struct arena arena;
static struct buf result = BUF_INIT;

/*
 * Runs `src`, "name(arg, ...)" with an optional lambda (set by
 * use_lambda() with lambda_params > 0), and returns its value rendered
 * with val_inspect, or "ERROR: message".
 */
static const char *run(const char *src, bool with_lambda)
{
	struct rd r = { &arena, src };
	const char *open = strchr(src, '(');
	assert_non_null(open);
	char *name = arena_memdupz(&arena, src, (size_t)(open - src));
	const struct fn_def *d = find(name);
	if (!d)
		fail_msg("no function '%s'", name);
	r.p = open + 1;
	struct value *args = val_array(&arena, 4);
	skip_ws(&r);
	while (*r.p != ')') {
		val_array_push(&arena, args, read_value(&r));
		skip_ws(&r);
		if (*r.p == ',')
			r.p++;
		skip_ws(&r);
	}
	assert_true(args->u.arr.n >= (size_t)d->min_args);
	if (d->max_args != FN_ANY)
		assert_true(args->u.arr.n <= (size_t)d->max_args);
	struct fn_call c = {
		.arena = &arena, .name = name, .args = args->u.arr.v,
		.nargs = args->u.arr.n,
		.lambda = with_lambda ? &lambda_ast : NULL,
	};
	cur_arena = &arena;
	struct value *out = NULL;
	err_clear();
	buf_reset(&result);
	int rc = d->impl(&out, &c);
	if (rc < 0) {
		buf_addf(&result, "ERROR: %s", err_last());
	} else {
		assert_non_null(out);
		val_inspect(&result, out);
	}
	return result.ptr;
}

#define EXPECT(src, want) assert_string_equal(run(src, false), want)
#define EXPECT_L(src, want) assert_string_equal(run(src, true), want)
#define EXPECT_ERR(src, msg) assert_string_equal(run(src, false), "ERROR: " msg)
#define EXPECT_L_ERR(src, msg) assert_string_equal(run(src, true), "ERROR: " msg)

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	buf_release(&result);
	buf_release(&warnings);
	return 0;
}

/* ---- lambdas ---- */

static int l_first(struct value **out, struct arena *a, struct value **args,
		   size_t n)
{
	(void)a;
	*out = n ? args[0] : val_undef();
	return 0;
}

static int l_second(struct value **out, struct arena *a, struct value **args,
		    size_t n)
{
	(void)a;
	*out = n > 1 ? args[1] : val_undef();
	return 0;
}

static int l_times10(struct value **out, struct arena *a,
		     struct value **args, size_t n)
{
	(void)n;
	*out = val_int(a, args[0]->u.n.i * 10);
	return 0;
}

static int l_sum(struct value **out, struct arena *a, struct value **args,
		 size_t n)
{
	int64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += args[i]->u.n.i;
	*out = val_int(a, s);
	return 0;
}

/* |$k, $v| "k=v" (and |$pair| "pair") */
static int l_kv(struct value **out, struct arena *a, struct value **args,
		size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(&b, '=');
		val_to_s(&b, args[i]);
	}
	*out = val_str_buf(a, &b);
	buf_release(&b);
	return 0;
}

static int l_odd(struct value **out, struct arena *a, struct value **args,
		 size_t n)
{
	(void)a;
	*out = val_bool(args[n - 1]->u.n.i % 2 != 0);
	return 0;
}

static int l_gt1(struct value **out, struct arena *a, struct value **args,
		 size_t n)
{
	(void)a;
	*out = val_bool(args[n - 1]->u.n.i > 1);
	return 0;
}

static int l_mod2(struct value **out, struct arena *a, struct value **args,
		  size_t n)
{
	*out = val_int(a, args[n - 1]->u.n.i % 2);
	return 0;
}

static int l_desc(struct value **out, struct arena *a, struct value **args,
		  size_t n)
{
	(void)n;
	*out = val_int(a, args[1]->u.n.i - args[0]->u.n.i);
	return 0;
}

/* |$x| { if $x == 2 { break() } $x * 10 } */
static int l_break2(struct value **out, struct arena *a,
		    struct value **args, size_t n)
{
	(void)n;
	if (args[0]->u.n.i == 2)
		return -21; /* the evaluator's EVAL_BREAK */
	*out = val_int(a, args[0]->u.n.i * 10);
	return 0;
}

static int l_fail(struct value **out, struct arena *a, struct value **args,
		  size_t n)
{
	(void)out;
	(void)a;
	(void)args;
	(void)n;
	return err_set("lambda failed");
}

static int l_const7(struct value **out, struct arena *a, struct value **args,
		    size_t n)
{
	(void)args;
	(void)n;
	*out = val_int(a, 7);
	return 0;
}

/* |$acc, $v| { {$v => $v} } for merge */
static int l_vv(struct value **out, struct arena *a, struct value **args,
		size_t n)
{
	struct value *h = val_hash(a, 1);
	val_hash_set(a, h, args[n - 1], args[n - 1]);
	*out = h;
	return 0;
}

/* ---- split, join ---- */

static void test_fn__split_on_strings_and_regexes(void **state)
{
	(void)state;
	EXPECT("split('a,b,,c,,', ',')", "['a', 'b', '', 'c']");
	EXPECT("split(',a', ',')", "['', 'a']");
	EXPECT("split('abc', '')", "['a', 'b', 'c']");
	EXPECT("split('a.b', '.')", "[]");
	EXPECT("split('', ',')", "[]");
	EXPECT("split('a1b2', /(\\d)/)", "['a', '1', 'b', '2']");
	EXPECT("split('a,b', /(,)|(;)/)", "['a', ',', 'b']");
	EXPECT("split('aXbc', /X*/)", "['a', 'b', 'c']");
	EXPECT("split('abc', /b*/)", "['a', 'c']");
	EXPECT("split('a b  c', / /)", "['a', 'b', '', 'c']");
	EXPECT("split('h\xc3\xa9llo', '')", "['h', '\xc3\xa9', 'l', 'l', 'o']");
	EXPECT("split('a1b', Regexp['\\d'])", "['a', 'b']");
}

static void test_fn__split_rejects_wrong_types(void **state)
{
	(void)state;
	EXPECT_ERR("split(1, ',')",
		   "'split' parameter 'str' expects a String value, got Integer");
	EXPECT_ERR("split('a', 1)",
		   "'split' parameter 'pattern' expects a value of type String, Regexp, or Type[Regexp], got Integer");
	EXPECT_ERR("split([1, 2], ',')",
		   "'split' parameter 'str' expects a String value, got Tuple");
	EXPECT_ERR("split({'a' => 1}, ',')",
		   "'split' parameter 'str' expects a String value, got Struct");
	EXPECT_ERR("split(Integer, ',')",
		   "'split' parameter 'str' expects a String value, got Type[Integer]");
}

static void test_fn__join_flattens_and_uses_ruby_to_s(void **state)
{
	(void)state;
	EXPECT("join([1, 2], '-')", "'1-2'");
	EXPECT("join(['a', undef, 'b'], ',')", "'a,,b'");
	EXPECT("join([1, [2, 3]], ',')", "'1,2,3'");
	EXPECT("join([[1, [2]], []], '|')", "'1|2|'");
	EXPECT("join([{'a' => 1}], ',')", "'{\"a\"=>1}'");
	EXPECT("join([/ab/, default, 1.0, true], '|')",
	       "'(?-mix:ab)|default|1.0|true'");
	EXPECT("join(['a', 'b'])", "'ab'");
	EXPECT("join([])", "''");
	EXPECT_ERR("join('a')",
		   "'join' parameter 'arg' expects an Array value, got String");
	EXPECT_ERR("join([1], 1)",
		   "'join' parameter 'delimiter' expects a String value, got Integer");
}

/* ---- regsubst, match ---- */

static void test_fn__regsubst_flags_and_escapes(void **state)
{
	(void)state;
	EXPECT("regsubst('hello world', 'o', '0')", "'hell0 world'");
	EXPECT("regsubst('hello world', 'o', '0', 'G')", "'hell0 w0rld'");
	EXPECT("regsubst('Hello', 'h', 'j', 'I')", "'jello'");
	EXPECT("regsubst(['ab', 'cb'], 'b', 'x')", "['ax', 'cx']");
	EXPECT("regsubst('abc', /(b)/, '<\\1>')", "'a<b>c'");
	EXPECT("regsubst('abc', /b/, {'b' => 'B'})", "'aBc'");
	EXPECT("regsubst('abc', 'x*', '-', 'G')", "'-a-b-c-'");
	EXPECT("regsubst('ab', 'b*', '-', 'G')", "'-a--'");
	EXPECT("regsubst(\"a\\nb\", 'a.b', 'X', 'M')", "'X'");
	EXPECT("regsubst(\"a\\nb\", 'a.b', 'X')", "'a\nb'");
	EXPECT("regsubst('a b', 'a b', 'X', 'E')", "'a b'");
	EXPECT("regsubst('abc', Regexp['b'], 'X')", "'aXc'");
	EXPECT("regsubst('abc', /b/, \"\\\\0\\\\&\\\\`\\\\'\\\\\\\\\")",
	       "'abbac\\\\c'");
	EXPECT("regsubst('ab', /(?<x>a)/, '\\k<x>\\k<x>')", "'aab'");
	EXPECT("regsubst('abc', /b/, '\\9x\\\\')", "'ax\\\\c'");
	EXPECT("regsubst(\"a\\nb\", '^b', 'X')", "'a\nX'");
	EXPECT("regsubst('f00', '\\h+', 'X')", "'X'");
}

static void test_fn__regsubst_errors(void **state)
{
	(void)state;
	EXPECT_ERR("regsubst(1, 'a', 'b')",
		   "'regsubst' parameter 'target' expects a value of type Array or String, got Integer");
	EXPECT_ERR("regsubst('abc', '(', 'X')",
		   "end pattern with unmatched parenthesis: /(/");
	assert_non_null(strstr(run("regsubst('a', 'a', 'b', 'X')", false),
			       "rejected: parameter 'flags' expects an undef value or a match for Pattern[/^[GEIM]*$/], got 'X'"));
	assert_non_null(strstr(run("regsubst('abc', /b/, 'X', 'I')", false),
			       "The function 'regsubst' was called with arguments it does not accept."));
}

static void test_fn__match_gives_captures(void **state)
{
	(void)state;
	EXPECT("match('abc', 'b(c)')", "['bc', 'c']");
	EXPECT("match('abc', /x/)", "undef");
	EXPECT("match(['abc', 'xyz'], /(a)|(x)/)",
	       "[['a', 'a', undef], ['x', undef, 'x']]");
	EXPECT("match('abc', [/x/, /b/])", "['b']");
	EXPECT("match('abc', Pattern[/x/, /c/])", "['c']");
	EXPECT("match('abc', Regexp[/a(b)/])", "['ab', 'b']");
	EXPECT_ERR("match('abc', 1)",
		   "match() expects pattern of T, where T is String, Regexp, Regexp[r], Pattern[p], or Array[T]. Got Integer");
	EXPECT_ERR("match('abc', Regexp)",
		   "Given Regexp Type has no regular expression");
	EXPECT_ERR("match(1, 'a')",
		   "'match' parameter 'string' expects a value of type String or Array, got Integer");
}

/* ---- sprintf ---- */

static void test_fn__sprintf_conversions(void **state)
{
	(void)state;
	EXPECT("sprintf('%s|%d|%5.2f|%-4s|%x|%o|%e|%g|%b|%%|%p', 'a', 3.7, 2, 'ab', 255, 8, 12345.678, 0.0001, 5, 'x')",
	       "'a|3| 2.00|ab  |ff|10|1.234568e+04|0.0001|101|%|\"x\"'");
	EXPECT("sprintf('%05.1f|%+d|% d|%#x|%#o|%X|%E|%G|%c', 3.14159, 5, 5, 255, 8, 255, 1.5, 1e20, 65)",
	       "'003.1|+5| 5|0xff|010|FF|1.500000E+00|1E+20|A'");
	EXPECT("sprintf('%s', [1, 'a'])", "'[1, \"a\"]'");
	EXPECT("sprintf('%s', {'a' => 1})", "'{\"a\"=>1}'");
	EXPECT("sprintf('%p|%p', undef, [undef, default, /r/])",
	       "'\"\"|[nil, :default, \"/r/\"]'");
	EXPECT("sprintf('%d', '12')", "'12'");
	EXPECT("sprintf('%d|%d|%d', '0x1f', '010', '1_000')", "'31|8|1000'");
	EXPECT("sprintf('%d', -3.7)", "'-3'");
	EXPECT("sprintf('%s', undef)", "''");
	EXPECT("sprintf('%.3s|%10.4s|', 'abcdef', 'abcdefg')", "'abc|      abcd|'");
	EXPECT("sprintf('%*d|%-*d|', 5, 3, -5, 3)", "'    3|3    |'");
	EXPECT("sprintf('%2$s %1$s', 'a', 'b')", "'b a'");
	EXPECT("sprintf('%<a>s-%<b>d', {'a' => 'x', 'b' => 2})", "'x-2'");
	EXPECT("sprintf('%{a}-%{b}', {'a' => 'x', 'b' => 2})", "'x-2'");
	EXPECT("sprintf('%<a>05.1f', {'a' => 2.25})", "'002.2'");
	EXPECT("sprintf('%08x|%-8x|%+x|% x|%.5x|%#b|%#o|%#x', -1, -1, -255, -255, -1, 5, 0, 0)",
	       "'..ffffff|..f     |-ff|-ff|..fff|0b101|0|0'");
	EXPECT("sprintf('%x|%b|%o', -255, -5, -8)", "'..f01|..1011|..70'");
	EXPECT("sprintf('%c', 233)", "'\xc3\xa9'");
	EXPECT("sprintf('%5.1s|', '\xc3\xa9" "a')", "'    \xc3\xa9|'");
	EXPECT("sprintf('%.10g|%10.3e|%-10.2f|%+.1f|% .1f', 0.3333333333333333, 12345.678, 3.14159, 2.0, 2.0)",
	       "'0.3333333333| 1.235e+04|3.14      |+2.0| 2.0'");
	EXPECT("sprintf('%010.3f|%+05d|% 05d', -3.14159, 3, -3)",
	       "'-00003.142|+0003|-0003'");
	EXPECT("sprintf('%.0f %.0f %.0f', 0.5, 1.5, 2.5)", "'0 2 2'");
	EXPECT("sprintf('%s %s', 1.0, 1e20)", "'1.0 1.0e+20'");
	EXPECT("sprintf('%#B|%#.3o|%#g', 5, 8, 1.0)", "'0B101|010|1.00000'");
	EXPECT("sprintf('%d', 1e20)", "'100000000000000000000'");
	EXPECT("sprintf('%f', '0x10')", "'16.000000'");
	EXPECT("sprintf('%s', 'a', 'b')", "'a'");
}

static void test_fn__sprintf_errors(void **state)
{
	(void)state;
	EXPECT_ERR("sprintf('%s %s', 'a')", "too few arguments");
	EXPECT_ERR("sprintf('%d', 'abc')", "invalid value for Integer(): \"abc\"");
	EXPECT_ERR("sprintf('%d', undef)", "invalid value for Integer(): \"\"");
	EXPECT_ERR("sprintf('%f', 'x')", "invalid value for Float(): \"x\"");
	EXPECT_ERR("sprintf('%d', true)", "can't convert true into Integer");
	EXPECT_ERR("sprintf('%c', 'hello')", "%c requires a character");
	EXPECT_ERR("sprintf('%y', 'a')", "malformed format string - %y");
	EXPECT_ERR("sprintf('%', 'a')",
		   "incomplete format specifier; use %% (double %) instead");
	EXPECT_ERR("sprintf('%5%')", "invalid format character - %");
	EXPECT_ERR("sprintf('%<a>s', 1)", "one hash required");
	EXPECT_ERR("sprintf('%{a}', {'b' => 1})", "key{a} not found");
	EXPECT_ERR("sprintf('%1$s %s', 'a', 'b')",
		   "unnumbered(1) mixed with numbered");
	EXPECT_ERR("sprintf('%s %<a>s', 'x', {'a' => 1})",
		   "named<a> after unnumbered(1)");
	EXPECT_ERR("sprintf(1)", "no implicit conversion of Integer into String");
}

/* ---- versioncmp, digests ---- */

static void test_fn__versioncmp(void **state)
{
	(void)state;
	EXPECT("versioncmp('1.2.3', '1.2.10')", "-1");
	EXPECT("versioncmp('1.2-1', '1.2')", "1");
	EXPECT("versioncmp('1.0', '1')", "1");
	EXPECT("versioncmp('1.0.0', '1', true)", "0");
	EXPECT("versioncmp('a', 'B')", "-1");
	EXPECT("versioncmp('1.01', '1.1')", "-1");
	EXPECT("versioncmp('1.2a', '1.2b')", "-1");
	EXPECT("versioncmp('', '1')", "-1");
	EXPECT("versioncmp('2.6-1', '2.4.5')", "1");
	EXPECT("versioncmp('1.2.3', '1.2.3')", "0");
	EXPECT("versioncmp('10', '9')", "1");
	EXPECT_ERR("versioncmp(1, 'a')",
		   "'versioncmp' parameter 'a' expects a String value, got Integer");
}

static void test_fn__digests(void **state)
{
	(void)state;
	EXPECT("md5('')", "'d41d8cd98f00b204e9800998ecf8427e'");
	EXPECT("md5(undef)", "'d41d8cd98f00b204e9800998ecf8427e'");
	EXPECT("sha1('abc')", "'a9993e364706816aba3e25717850c26c9cd0d89d'");
	EXPECT("sha256('abc')",
	       "'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'");
	EXPECT_ERR("md5(1)", "no implicit conversion of Integer into String");
	EXPECT_ERR("sha1(['a'])", "no implicit conversion of Array into String");
}

static void test_fn__base64(void **state)
{
	(void)state;
	EXPECT("base64('encode', 'hello world, this is a long string that exceeds sixty chars for sure')",
	       "'aGVsbG8gd29ybGQsIHRoaXMgaXMgYSBsb25nIHN0cmluZyB0aGF0IGV4Y2Vl\nZHMgc2l4dHkgY2hhcnMgZm9yIHN1cmU=\n'");
	EXPECT("base64('encode', 'hi', 'strict')", "'aGk='");
	EXPECT("base64('encode', '?\?>', 'urlsafe')", "'Pz8-'");
	EXPECT("base64('decode', 'aGk=')", "'hi'");
	EXPECT("base64('decode', 'aGk')", "'hi'");
	EXPECT("base64('decode', 'Pz8-', 'urlsafe')", "'?\?>'");
	EXPECT("base64('decode', 'aGk', 'urlsafe')", "'hi'");
	EXPECT_ERR("base64('decode', 'aGk', 'strict')", "invalid base64");
	EXPECT_ERR("base64('x', 'a')",
		   "base64(): the first argument must be one of 'encode' or 'decode'");
	EXPECT_ERR("base64('encode', 1)",
		   "base64(): the second argument must be a string to base64");
}

/* ---- case and whitespace ---- */

static void test_fn__case_functions(void **state)
{
	(void)state;
	EXPECT("upcase('abc\xc3\xa9')", "'ABC\xc3\x89'");
	EXPECT("upcase({'a' => 'b'})", "{'A' => 'B'}");
	EXPECT("upcase(['a', ['b'], 1])", "['A', ['B'], 1]");
	EXPECT("upcase(1)", "1");
	EXPECT("downcase('\xc3\x80" "B')", "'\xc3\xa0" "b'");
	EXPECT("capitalize('hELLO wORLD')", "'Hello world'");
	EXPECT("capitalize(['ab', 'cD'])", "['Ab', 'Cd']");
	EXPECT("camelcase('ab_cd_EF')", "'AbCdEf'");
	EXPECT("camelcase('_a__b_')", "'AB'");
	EXPECT("camelcase(3)", "3");
	EXPECT("swapcase('aBc')", "'AbC'");
	EXPECT("swapcase(['aB', 1])", "['Ab', 1]");
	EXPECT_ERR("swapcase(1)",
		   "swapcase(): Requires either array or string to work with");
	EXPECT_ERR("upcase(true)",
		   "'upcase' parameter 'arg' expects a value of type Numeric, String, Array, or Hash, got Boolean");
	assert_non_null(strstr(run("upcase(['a', true])", false),
			       "rejected: parameter 'arg' index 1 expects a StringData = Variant[String, Numeric, Array[StringData], Hash[StringData, StringData]] value, got Boolean"));
	/* Puppet 7.23 refuses arrays mixing strings and numbers here */
	assert_non_null(strstr(run("capitalize(['ab', 1])", false),
			       "The function 'capitalize' was called with arguments it does not accept."));
	EXPECT_ERR("strip({'a' => ' b '})",
		   "'strip' parameter 'arg' expects a value of type Numeric, String, or Iterable[Variant[String, Numeric]], got Struct");
}

static void test_fn__strip_chomp_chop(void **state)
{
	(void)state;
	EXPECT("strip(\" \\t\\na \\0\")", "'a'");
	EXPECT("lstrip('  a  ')", "'a  '");
	EXPECT("rstrip('  a  ')", "'  a'");
	EXPECT("strip([' a ', 'b '])", "['a', 'b']");
	EXPECT("strip([1, 2.5])", "[1, 2.5]");
	EXPECT("chomp(\"a\\r\\n\")", "'a'");
	EXPECT("chomp(\"a\\n\\r\")", "'a\n'");
	EXPECT("chomp(\"a\\r\")", "'a'");
	EXPECT("chop(\"a\\r\\n\")", "'a'");
	EXPECT("chop('\xc3\xa9')", "''");
	EXPECT("chop('')", "''");
}

/* ---- shell, paths, escapes ---- */

static void test_fn__shell_quoting(void **state)
{
	(void)state;
	EXPECT("shellquote(undef, 'a b', ['c$', \"d'e\", \"f'$g\"], '', 'ok')",
	       "'\"\" \"a b\" \\'c$\\' \"d\\'e\" \"f\\'\\\\$g\" \"\" ok'");
	EXPECT("shell_escape(\"a b'c\")", "'a\\\\ b\\\\\\'c'");
	EXPECT("shell_escape('')", "'\\'\\''");
	EXPECT("shell_join(['a b', 'c'])", "'a\\\\ b c'");
	EXPECT("batch_escape('a\"b$c')", "'\"a\"\"b\\\\$c\"'");
	EXPECT("powershell_escape('a b\"c')", "'a` b\\\\`\"c'");
	EXPECT_ERR("shellquote(1)", "undefined method `length' for 1:Integer");
}

static void test_fn__paths(void **state)
{
	(void)state;
	EXPECT("dirname('/a/b/')", "'/a'");
	EXPECT("dirname('a')", "'.'");
	EXPECT("dirname('/')", "'/'");
	EXPECT("dirname('//a//b//')", "'/a'");
	EXPECT("dirname('/a')", "'/'");
	EXPECT("basename('/a/b/')", "'b'");
	EXPECT("basename('/')", "'/'");
	EXPECT("basename('a.rb', '.rb')", "'a'");
	EXPECT("basename('a/b.tar.gz', '.*')", "'b.tar'");
	EXPECT("basename('.rb', '.rb')", "'.rb'");
	EXPECT("basename('')", "''");
	EXPECT_ERR("dirname('')",
		   "dirname(): Requires a non-empty string as argument");
	EXPECT_ERR("dirname(1)", "dirname(): Requires string as argument");
}

static void test_fn__string_escapes(void **state)
{
	(void)state;
	EXPECT("regexpescape('a.b*c')", "'a\\\\.b\\\\*c'");
	EXPECT("regexpescape(['a b', 1])", "['a\\\\ b', 1]");
	EXPECT("uriescape('a b/\xc3\xa9%?&=')", "'a%20b/%C3%A9%25?&='");
	EXPECT("squeeze('aaabbbccc  dd')", "'abc d'");
	EXPECT("squeeze('aaabbbccc', 'a-b')", "'abccc'");
	EXPECT("squeeze(['aa', 'bb'])", "['a', 'b']");
	EXPECT("dos2unix(\"a\\r\\nb\")", "'a\nb'");
	EXPECT("unix2dos(\"a\\nb\\r\\n\")", "'a\r\nb\r\n'");
}

/* ---- iteration ---- */

static void test_fn__each_map_filter(void **state)
{
	(void)state;
	use_lambda(l_times10, 1);
	EXPECT_L("map([1, 2, 3])", "[10, 20, 30]");
	EXPECT_L("map(3)", "[0, 10, 20]");
	EXPECT_L("map(Integer[2, 4])", "[20, 30, 40]");
	use_lambda(l_first, 1);
	EXPECT_L("map('ab')", "['a', 'b']");
	EXPECT_L("map({'a' => 1})", "[['a', 1]]");
	EXPECT_L("map(Enum['b', 'a'])", "['a', 'b']");
	EXPECT_L("each([1, 2])", "[1, 2]");
	use_lambda(l_kv, 2);
	EXPECT_L("map({'a' => 1, 'b' => 2})", "['a=1', 'b=2']");
	EXPECT_L("map(['x', 'y'])", "['0=x', '1=y']");
	EXPECT_L("each('abc')", "'abc'");
	use_lambda(l_gt1, 2);
	EXPECT_L("filter({'a' => 1, 'b' => 2})", "{'b' => 2}");
	use_lambda(l_odd, 1);
	EXPECT_L("filter([1, 2, 3, 4])", "[1, 3]");
	use_lambda(l_break2, 1);
	EXPECT_L("map([1, 2, 3])", "[10]");
	EXPECT_L("each([1, 2, 3])", "[1, 2, 3]");
	use_lambda(l_fail, 1);
	EXPECT_L_ERR("map([1])", "lambda failed");
}

/* |*$r| and |$a, $b = 1| take two arguments: Puppet picks (k, v) */
static void test_fn__lambda_optional_parameters(void **state)
{
	(void)state;
	use_lambda(l_kv, 1);
	lambda_splat(0);
	EXPECT_L("map({'a' => 1})", "['a=1']");
	EXPECT_L("map(['x'])", "['0=x']");
	EXPECT_L("group_by([1])", "{'1' => [1]}");
	use_lambda(l_kv, 2);
	lambda_default(1);
	EXPECT_L("map(['x'])", "['0=x']");
	use_lambda(l_kv, 3);
	lambda_default(2);
	EXPECT_L("map(['x'])", "['0=x']");
	EXPECT_L("slice([1, 2, 3], 2)", "[1, 2, 3]");
	use_lambda(l_kv, 4);
	lambda_default(3);
	EXPECT_L_ERR("map(['x'])",
		     "'map' block expects between 1 and 2 arguments, got 3");
}

static void test_fn__iteration_errors(void **state)
{
	(void)state;
	use_lambda(l_first, 3);
	EXPECT_L_ERR("each([1])",
		     "'each' block expects between 1 and 2 arguments, got 3");
	use_lambda(l_first, 0);
	EXPECT_L_ERR("each([1])",
		     "'each' block expects between 1 and 2 arguments, got none");
	use_lambda(l_first, 1);
	EXPECT_L_ERR("reduce([1])", "'reduce' block expects 2 arguments, got 1");
	EXPECT_ERR("each([1])", "'each' expects a block");
	use_lambda(l_first, 2);
	EXPECT_L_ERR("then(1)", "'then' block expects 1 argument, got 2");
	use_lambda(l_first, 1);
	EXPECT_L_ERR("lest(1)", "'lest' block expects no arguments, got 1");
	EXPECT_L_ERR("each(true)",
		     "The function 'each' was called with arguments it does not accept. It expects one of:\n"
		     "  (Hash hash, Callable[2, 2] block)\n"
		     "    rejected: parameter 'hash' expects a Hash value, got Boolean\n"
		     "  (Hash hash, Callable[1, 1] block)\n"
		     "    rejected: parameter 'hash' expects a Hash value, got Boolean\n"
		     "  (Iterable enumerable, Callable[2, 2] block)\n"
		     "    rejected: parameter 'enumerable' expects an Iterable value, got Boolean\n"
		     "  (Iterable enumerable, Callable[1, 1] block)\n"
		     "    rejected: parameter 'enumerable' expects an Iterable value, got Boolean");
}

static void test_fn__reduce_with_and_without_memo(void **state)
{
	(void)state;
	use_lambda(l_sum, 2);
	EXPECT_L("reduce([1, 2, 3])", "6");
	EXPECT_L("reduce([1, 2, 3], 10)", "16");
	EXPECT_L("reduce([])", "undef");
	use_lambda(l_second, 2);
	EXPECT_L("reduce({'a' => 1, 'b' => 2})", "['b', 2]");
	use_lambda(l_first, 2);
	EXPECT_L("reduce({'a' => 1, 'b' => 2})", "['a', 1]");
}

static void test_fn__slice_step_reverse_each(void **state)
{
	(void)state;
	EXPECT("slice([1, 2, 3, 4, 5], 2)", "[[1, 2], [3, 4], [5]]");
	EXPECT("slice({'a' => 1, 'b' => 2, 'c' => 3}, 2)",
	       "[[['a', 1], ['b', 2]], [['c', 3]]]");
	use_lambda(l_first, 2);
	EXPECT_L("slice([1, 2, 3], 2)", "[1, 2, 3]");
	use_lambda(l_first, 3);
	EXPECT_L_ERR("slice([1, 2, 3], 2)",
		     "slice(): block must define one parameter, or the same number of parameters as the given size of the slice (2). Block has 3; a, b, c");
	EXPECT("step([1, 2, 3, 4, 5], 2)", "[1, 3, 5]");
	EXPECT_ERR("step([1, 2, 3], 0)",
		   "'step' parameter 'step' expects an Integer[1] value, got Integer[0, 0]");
	EXPECT("reverse_each([1, 2, 3])", "[3, 2, 1]");
	/* a negative Integer gets Puppet's odd complaint about the block */
	EXPECT_ERR("reverse_each(-1)", "'reverse_each' expects a block");
	use_lambda(l_first, 1);
	EXPECT_L_ERR("step(-1, 2)", "'step' does not expect a block");
	use_lambda(l_first, 1);
	EXPECT_L("reverse_each([1, 2])", "undef");
}

static void test_fn__any_all_index(void **state)
{
	(void)state;
	use_lambda(l_gt1, 1);
	EXPECT_L("any([1, 2, 3])", "true");
	EXPECT_L("all([1, 2, 3])", "false");
	EXPECT_L("all([2, 3])", "true");
	EXPECT_L("any([])", "false");
	EXPECT_L("index([1, 2, 3])", "1");
	EXPECT_L("index({'a' => 1, 'b' => 2})", "'b'");
	EXPECT("index([1, 2, 3], 3)", "2");
	EXPECT("index([1, 2, 3], 9)", "undef");
	EXPECT("index('abcb', 'b')", "1");
	EXPECT("index('\xc3\xa9" "b', 'b')", "1");
	EXPECT("index('abc', /c/)", "2");
	EXPECT("index('abc', 'x')", "undef");
	EXPECT("index({'a' => 1}, 1)", "'a'");
}

static void test_fn__with_then_lest(void **state)
{
	(void)state;
	use_lambda(l_sum, 2);
	EXPECT_L("with(1, 2)", "3");
	use_lambda(l_first, 1);
	EXPECT_L("then(undef)", "undef");
	EXPECT_L("then(5)", "5");
	use_lambda(l_const7, 0);
	EXPECT_L("lest(undef)", "7");
	EXPECT_L("lest(5)", "5");
}

static void test_fn__group_by_partition(void **state)
{
	(void)state;
	use_lambda(l_mod2, 1);
	EXPECT_L("group_by([1, 2, 3])", "{1 => [1, 3], 0 => [2]}");
	use_lambda(l_mod2, 2);
	EXPECT_L("group_by({'a' => 1, 'b' => 2})",
		 "{1 => [['a', 1]], 0 => [['b', 2]]}");
	use_lambda(l_odd, 1);
	EXPECT_L("partition([1, 2, 3])", "[[1, 3], [2]]");
	EXPECT_L_ERR("partition(true)",
		     "The function 'partition' was called with arguments it does not accept. It expects one of:\n"
		     "  (Collection collection, Callable[1, 1] block)\n"
		     "    rejected: parameter 'collection' expects a Collection value, got Boolean\n"
		     "  (Array array, Callable[2, 2] block)\n"
		     "    rejected: parameter 'array' expects an Array value, got Boolean\n"
		     "  (Collection collection, Callable[2, 2] block)\n"
		     "    rejected: parameter 'collection' expects a Collection value, got Boolean");
}

/* ---- sort, min, max, unique ---- */

static void test_fn__sort(void **state)
{
	(void)state;
	EXPECT("sort([3, 1, 2])", "[1, 2, 3]");
	EXPECT("sort(['b', 'A', 'a'])", "['A', 'a', 'b']");
	EXPECT("sort('cab')", "'abc'");
	EXPECT("sort([[2], [1, 2], [1]])", "[[1], [1, 2], [2]]");
	EXPECT_ERR("sort([3, 'a', 1])", "comparison of String with 1 failed");
	use_lambda(l_desc, 2);
	EXPECT_L("sort([3, 1, 2])", "[3, 2, 1]");
}

static void test_fn__min_max(void **state)
{
	(void)state;
	EXPECT("min(3, 1, 2)", "1");
	EXPECT("min([3, 1, 2])", "1");
	EXPECT("max('a', 'b')", "'b'");
	EXPECT("max('10', '9')", "'10'");
	EXPECT("min(1, 'a')", "1");
	EXPECT("max(1, 'a')", "'a'");
	EXPECT("max(1, 2.5)", "2.5");
	EXPECT_ERR("max([])", "max(): Wrong number of arguments need at least one");
	use_lambda(l_desc, 2);
	EXPECT_L("max([1, 3, 2])", "1");
}

static void test_fn__unique_flatten(void **state)
{
	(void)state;
	EXPECT("unique([1, 2, 2, 3])", "[1, 2, 3]");
	EXPECT("unique('aabbc')", "'abc'");
	EXPECT("unique({'a' => 1, 'b' => 1, 'c' => 2})",
	       "{['a', 'b'] => [1], ['c'] => [2]}");
	EXPECT("unique([1, '1', 1.0])", "[1, '1', 1.0]");
	EXPECT("unique(['a', 'A'])", "['a', 'A']");
	EXPECT("flatten([[1, [2]], 3])", "[1, 2, 3]");
	EXPECT("flatten(1, [2, [3]])", "[1, 2, 3]");
	EXPECT("flatten()", "[]");
}

/* ---- keys, values, length, empty, dig, get ---- */

static void test_fn__hash_access(void **state)
{
	(void)state;
	EXPECT("keys({'a' => 1, 'b' => 2})", "['a', 'b']");
	EXPECT("values({'a' => 1, 'b' => 2})", "[1, 2]");
	EXPECT_ERR("keys('a')", "'keys' parameter 'hsh' expects a Hash value, got String");
	EXPECT("length([1, 2])", "2");
	EXPECT("length('h\xc3\xa9llo')", "5");
	EXPECT("size({'a' => 1})", "1");
	EXPECT_ERR("size(undef)",
		   "'size' parameter 'arg' expects a value of type Collection, String, or Binary, got Undef");
	EXPECT("empty('')", "true");
	EXPECT("empty([])", "true");
	EXPECT("empty({})", "true");
	EXPECT("empty(undef)", "true");
	EXPECT("empty('a')", "false");
	buf_reset(&warnings);
	EXPECT("empty(1)", "false");
	assert_string_equal(warnings.ptr,
			    "Calling function empty() with Numeric value is deprecated.\n");
}

static void test_fn__dig_and_get(void **state)
{
	(void)state;
	EXPECT("dig({'a' => {'b' => [1, 2]}}, 'a', 'b', 1)", "2");
	EXPECT("dig({'a' => {'b' => [1, 2]}}, 'a', 'x', 1)", "undef");
	EXPECT("dig([1, 2], -1)", "2");
	EXPECT("dig(undef, 'a')", "undef");
	EXPECT_ERR("dig({'a' => 1}, 'a', 'b')",
		   "The given data does not contain a Collection at [\"a\"], got 'Integer[1, 1]'");
	EXPECT_ERR("dig([1], 'a')",
		   "The given data requires an Integer index at [\"a\"], got 'String'");
	EXPECT("get({'a' => {'b' => [1, 2]}}, 'a.b.1')", "2");
	EXPECT("get({'a' => 1}, 'x', 'dflt')", "'dflt'");
	EXPECT("get({'a.b' => 1}, '\"a.b\"')", "1");
	EXPECT("get(undef, 'a', 3)", "3");
	EXPECT("get([5], '')", "[5]");
	EXPECT("dig44({'a' => {'b' => [1, 2]}}, ['a', 'b', 1])", "2");
	EXPECT("dig44({'a' => {'b' => [1, 2]}}, ['a', 'x'], 'dflt')", "'dflt'");
	EXPECT_ERR("dig44('x', ['a'])",
		   "dig44(): first argument must be a hash or an array, given String");
}

/* ---- merge and the stdlib collection functions ---- */

static void test_fn__merge(void **state)
{
	(void)state;
	EXPECT("merge({'a' => 1}, {'b' => 2}, undef, '', {'a' => 3})",
	       "{'a' => 3, 'b' => 2}");
	EXPECT("merge()", "{}");
	assert_non_null(strstr(run("merge({'a' => 1}, 'x')", false),
			       "The function 'merge' was called with arguments it does not accept."));
	use_lambda(l_vv, 2);
	EXPECT_L("merge([1, 2])", "{1 => 1, 2 => 2}");
	EXPECT("deep_merge({'a' => {'b' => 1, 'c' => 2}}, {'a' => {'b' => 3}}, '')",
	       "{'a' => {'b' => 3, 'c' => 2}}");
	EXPECT_ERR("deep_merge({}, 1)",
		   "deep_merge: unexpected argument type Integer, only expects hash arguments");
}

static void test_fn__stdlib_arrays(void **state)
{
	(void)state;
	EXPECT("concat([1], 2, [3, [4]])", "[1, 2, 3, [4]]");
	EXPECT_ERR("concat(1, 2)", "concat(): Requires array to work with");
	EXPECT("has_key({'a' => 1}, 'a')", "true");
	EXPECT_ERR("has_key('x', 'a')",
		   "has_key(): expects the first argument to be a hash, got \"x\" which is of type String");
	EXPECT("member(['a', 'b'], 'a')", "true");
	EXPECT("member(['a', 'b'], ['a', 'c'])", "false");
	EXPECT("member(['a'], 'A')", "false");
	EXPECT_ERR("member([1, 2], 1.0)",
		   "member(): Item to search for must be a string, fixnum, or array");
	EXPECT("pick(undef, '', 'x')", "'x'");
	EXPECT_ERR("pick(undef, '')",
		   "pick(): must receive at least one non empty value");
	EXPECT("pick_default(undef, '', 'd')", "'d'");
	EXPECT("pick_default(undef)", "undef");
	EXPECT("zip([1, 2], [3, 4])", "[[1, 3], [2, 4]]");
	EXPECT("zip([1, 2, 3], [4], true)", "[1, 4, 2, undef, 3, undef]");
	EXPECT("union([1, 2], [2, 3], [4])", "[1, 2, 3, 4]");
	EXPECT("intersection([1, 2, 3], [2, 3, 4])", "[2, 3]");
	EXPECT_ERR("intersection([1], 'a')",
		   "intersection(): Requires 2 arrays, got Array and String");
	EXPECT("difference([1, 2, 3], [2])", "[1, 3]");
	EXPECT("hash(['a', 1, 'b', 2])", "{'a' => 1, 'b' => 2}");
	EXPECT_ERR("hash(['a', 1, 'b'])",
		   "hash(): Unable to compute hash from array given");
	EXPECT("values_at(['a', 'b', 'c', 'd'], [0, '1-2'])", "['a', 'b', 'c']");
	EXPECT_ERR("values_at(['a', 'b', 'c'], 5)",
		   "values_at(): Given index exceeds array size");
	EXPECT("any2array(undef)", "[]");
	EXPECT("any2array('a')", "['a']");
	EXPECT("any2array({'a' => 1})", "['a', 1]");
	EXPECT("any2array(1, 2)", "[1, 2]");
	EXPECT("reverse([1, 2, 3])", "[3, 2, 1]");
	EXPECT("reverse('ab\xc3\xa9')", "'\xc3\xa9" "ba'");
	EXPECT("grep(['aaa', 'bbb', 'abc'], 'a')", "['aaa', 'abc']");
	EXPECT("grep(['aaa', 'bbb'], /b/)", "[]");
	EXPECT("join_keys_to_values({'a' => 1, 'b' => [2, 3], 'c' => undef}, '=')",
	       "['a=1', 'b=2', 'b=3', 'c=']");
	EXPECT("prefix(['a', 'b'], 'p-')", "['p-a', 'p-b']");
	EXPECT("prefix({'a' => 1}, 'p-')", "{'p-a' => 1}");
	EXPECT("suffix(['a', 1], '-s')", "['a-s', '1-s']");
	EXPECT("prefix(['a'])", "['a']");
	EXPECT("count([1, undef, '', 'a'])", "2");
	EXPECT("count([1, 1, 2], 1)", "2");
}

static void test_fn__stdlib_delete(void **state)
{
	(void)state;
	EXPECT("delete(['a', 'b', 'a'], 'a')", "['b']");
	EXPECT("delete({'a' => 1, 'b' => 2}, ['a'])", "{'b' => 2}");
	EXPECT("delete('abcab', 'ab')", "'c'");
	EXPECT_ERR("delete(1, 'a')",
		   "delete(): First argument must be an Array, String, or Hash. Given an argument of class Integer.");
	EXPECT("delete_at([1, 2, 3], 1)", "[1, 3]");
	EXPECT_ERR("delete_at([1, 2, 3], 5)",
		   "delete_at(): Given index exceeds size of array given");
	EXPECT("delete_values({'a' => 1, 'b' => 2, 'c' => 1}, 1)", "{'b' => 2}");
	EXPECT("delete_undef_values([1, undef, 2])", "[1, 2]");
	EXPECT("delete_undef_values({'a' => undef, 'b' => 1})", "{'b' => 1}");
	EXPECT("delete_regex(['abc', 'def'], 'abc')", "['def']");
}

static void test_fn__range(void **state)
{
	(void)state;
	EXPECT("range('a', 'e')", "['a', 'b', 'c', 'd', 'e']");
	EXPECT("range(1, 10, 3)", "[1, 4, 7, 10]");
	EXPECT("range('host01', 'host04')",
	       "['host01', 'host02', 'host03', 'host04']");
	EXPECT("range('1..3')", "[1, 2, 3]");
	EXPECT("range('a...c')", "['a', 'b']");
	EXPECT("range(5, 1)", "[]");
	EXPECT("range('0', '2')", "[0, 1, 2]");
	EXPECT("range(1.5, 3)", "['1.5']");
	EXPECT("range('az', 'bc')", "['az', 'ba', 'bb', 'bc']");
	EXPECT("range('y', 'ab')", "[]");
	EXPECT("range('a9', 'b1')", "['a9', 'b0', 'b1']");
	EXPECT_ERR("range('x')", "range(): Unable to compute range from the value: x");
}

/* ---- stdlib predicates and validators ---- */

static void test_fn__is_functions(void **state)
{
	(void)state;
	EXPECT("is_string('a')", "true");
	EXPECT("is_string('1')", "false");
	EXPECT("is_string('1.5')", "false");
	EXPECT("is_string('01')", "true");
	EXPECT("is_string(1)", "false");
	EXPECT("is_string(undef)", "true");
	EXPECT("is_integer('-12')", "true");
	EXPECT("is_integer('012')", "false");
	EXPECT("is_integer(\"1\\nx\")", "true");
	EXPECT("is_integer(1.0)", "false");
	EXPECT("is_numeric('1.5e-3')", "true");
	EXPECT("is_numeric('.5')", "false");
	EXPECT("is_float('1.5')", "true");
	EXPECT("is_float('1.50')", "false");
	EXPECT("is_float(1)", "false");
	EXPECT("is_float(1.0)", "true");
	EXPECT("is_bool(false)", "true");
	EXPECT("is_array([])", "true");
	EXPECT("is_hash({})", "true");
	EXPECT("is_ip_address('10.0.0.1')", "true");
	EXPECT("is_ip_address('10.0.0.1/24')", "true");
	EXPECT("is_ip_address('::1')", "true");
	EXPECT("is_ipv4_address('256.0.0.1')", "false");
	EXPECT("is_ipv4_address('01.2.3.4')", "false");
	EXPECT("is_ipv6_address('fe80::1')", "true");
	EXPECT("is_ipv6_address('10.0.0.1')", "false");
	EXPECT("is_domain_name('example.com')", "true");
	EXPECT("is_domain_name('example.com.')", "true");
	EXPECT("is_domain_name('-a.com')", "false");
	EXPECT("is_domain_name('a.c0m')", "false");
	EXPECT("is_email_address('a.b@example.com')", "true");
	EXPECT("is_email_address('a@b')", "false");
	EXPECT("is_mac_address('00:1a:2B:3c:4d:5e')", "true");
	EXPECT("is_mac_address('00:1a:2B:3c:4d')", "false");
	EXPECT("is_absolute_path('/etc')", "true");
	EXPECT("is_absolute_path('C:\\\\x')", "true");
	EXPECT("is_absolute_path('etc')", "false");
	EXPECT("is_absolute_path(1)", "false");
	EXPECT("is_function_available('sprintf')", "true");
	EXPECT("is_function_available('no_such_function')", "false");
}

static void test_fn__validate_functions(void **state)
{
	(void)state;
	EXPECT("validate_string('a', undef)", "undef");
	EXPECT_ERR("validate_string(1)",
		   "1 is not a string.  It looks to be a Integer");
	EXPECT_ERR("validate_bool('true')",
		   "\"true\" is not a boolean.  It looks to be a String");
	EXPECT_ERR("validate_array({})", "{} is not an Array.  It looks to be a Hash");
	EXPECT_ERR("validate_hash([1])", "[1] is not a Hash.  It looks to be a Array");
	EXPECT("validate_re('ab', '^a')", "undef");
	EXPECT("validate_re('ab', /ab/)", "undef");
	EXPECT("validate_re('ab', ['^x', '^a'])", "undef");
	EXPECT_ERR("validate_re('ab', '^x')",
		   "validate_re(): \"ab\" does not match \"^x\"");
	EXPECT_ERR("validate_re('ab', '^x', 'custom msg')", "custom msg");
	EXPECT_ERR("validate_re(1, '^x')",
		   "validate_re(): input needs to be a String, not a Integer");
	EXPECT("validate_slength('abc', 3)", "undef");
	EXPECT_ERR("validate_slength('abcd', 3)",
		   "validate_slength(): Expected length of \"abcd\" to be between 0 and 3, was 4");
	EXPECT_ERR("validate_slength('a', 0)",
		   "validate_slength(): Expected second argument to be a positive Numeric, got 0:Integer");
	EXPECT("validate_integer(5, 10, 1)", "undef");
	EXPECT("validate_integer(['1', 2])", "undef");
	EXPECT_ERR("validate_integer(11, 10)",
		   "validate_integer(): Expected 11 to be smaller or equal to 10, got 11.");
	EXPECT_ERR("validate_integer('x')",
		   "validate_integer(): Expected first argument to be an Integer or Array, got String");
	EXPECT("validate_numeric(1.5, 2)", "undef");
	EXPECT_ERR("validate_numeric(0.5, 2, 1)",
		   "validate_numeric(): Expected 0.5 to be greater or equal to 1.0, got 0.5.");
	EXPECT("validate_absolute_path('/a', ['/b', 'C:/c'])", "undef");
	EXPECT_ERR("validate_absolute_path('a')", "\"a\" is not an absolute path.");
	EXPECT("validate_ip_address('1.2.3.4')", "undef");
	EXPECT_ERR("validate_ipv4_address('::1')",
		   "\"::1\" is not a valid IPv4 address.");
	EXPECT_ERR("validate_ipv6_address(1)", "1 is not a string.");
}

static void test_fn__booleans(void **state)
{
	(void)state;
	EXPECT("str2bool('yes')", "true");
	EXPECT("str2bool('FALSE')", "false");
	EXPECT("str2bool('')", "false");
	EXPECT("str2bool(undef)", "false");
	EXPECT("str2bool(true)", "true");
	EXPECT_ERR("str2bool('maybe')", "str2bool(): Unknown type of boolean given");
	EXPECT("num2bool('1.5')", "true");
	EXPECT("num2bool(0)", "false");
	EXPECT("num2bool('-1')", "false");
	EXPECT("num2bool(true)", "false");
	EXPECT_ERR("num2bool('x')",
		   "num2bool(): 'x' does not look like a number: invalid value for Float(): \"x\"");
	EXPECT("bool2num('true')", "1");
	EXPECT("bool2num(false)", "0");
	EXPECT("bool2str(true)", "'true'");
	EXPECT("bool2str(false, 'yes', 'no')", "'no'");
	EXPECT_ERR("bool2str('x')", "bool2str(): Requires a boolean to work with");
	EXPECT("any2bool('yes')", "true");
	EXPECT("any2bool(0)", "false");
	EXPECT("any2bool('0.0')", "false");
	EXPECT("any2bool([])", "true");
	EXPECT("any2bool(undef)", "false");
	EXPECT_ERR("any2bool('x')", "str2bool(): Unknown type of boolean given");
}

static void test_fn__numbers(void **state)
{
	(void)state;
	EXPECT("abs(-3)", "3");
	EXPECT("abs(-2.5)", "2.5");
	EXPECT("abs('-3')", "3");
	EXPECT("abs('-3.5')", "3.5");
	EXPECT_ERR("abs('x')",
		   "abs(): Requires float or integer to work with - was given non decimal string");
	EXPECT("floor(2.7)", "2");
	EXPECT("floor(-2.5)", "-3");
	EXPECT("ceiling(2.1)", "3");
	EXPECT("ceiling('2.1')", "3");
	EXPECT_ERR("floor('x')", "floor(): cannot convert given value to a floating point value.");
	EXPECT("round(2.5)", "3");
	EXPECT("round(-2.5)", "-3");
	EXPECT("round(2.4)", "2");
	EXPECT("round(7)", "7");
	EXPECT_ERR("round('1')", "'round' parameter 'val' expects a Numeric value, got String");
	EXPECT("clamp(1, 5, 10)", "5");
	EXPECT("clamp([20, '1', 10])", "10");
	EXPECT("to_bytes('4 kB')", "4096");
	EXPECT("to_bytes('1.5M')", "1572864");
	EXPECT("to_bytes(10)", "10");
	EXPECT_ERR("to_bytes('1 x')", "to_bytes(): Unknown prefix x");
	EXPECT("convert_base(5, 2)", "'101'");
	EXPECT("convert_base('255', '16')", "'ff'");
	EXPECT("compare(1, 2)", "-1");
	EXPECT("compare('a', 'A')", "0");
	EXPECT("compare('a', 'B', false)", "1");
	EXPECT_ERR("compare(1, 'a')",
		   "'compare' compare(): Can only compare values of the same type (or for Timestamp/Timespan also against Numeric). Got Integer and String");
	EXPECT("seeded_rand(100, 'seed')", "73");
}

/* ---- JSON, YAML ---- */

static void test_fn__to_json(void **state)
{
	(void)state;
	EXPECT("to_json({'a' => [1, 2.5, true, undef, \"x\\\"y\\n/\"], 'b' => {}})",
	       "'{\"a\":[1,2.5,true,null,\"x\\\\\"y\\\\n/\"],\"b\":{}}'");
	EXPECT("to_json('s')", "'\"s\"'");
	EXPECT("to_json(1e20)", "'1.0e+20'");
	EXPECT("to_json(default)", "'\"default\"'");
	EXPECT("to_json(/re/)", "'\"(?-mix:re)\"'");
	EXPECT("to_json_pretty({'a' => [1, {'b' => []}], 'c' => {}, 'd' => undef})",
	       "'{\n  \"a\": [\n    1,\n    {\n      \"b\": [\n\n      ]\n    }\n  ],\n  \"c\": {\n  },\n  \"d\": null\n}\n'");
	EXPECT("to_json_pretty([1, undef], true)", "'[\n  1\n]\n'");
	EXPECT("to_json_pretty({'a' => 1}, false, {'indent' => '    '})",
	       "'{\n    \"a\": 1\n}\n'");
}

static void test_fn__parse_json(void **state)
{
	(void)state;
	EXPECT("parsejson('{\"a\": [1, 2.5, true, null, \"x\"], \"b\": {\"c\": 1e3}}')",
	       "{'a' => [1, 2.5, true, undef, 'x'], 'b' => {'c' => 1000.0}}");
	EXPECT("parsejson('1')", "1");
	EXPECT("parsejson('\"\\\\u00e9\"')", "'\xc3\xa9'");
	EXPECT("parsejson('bad', 'dflt')", "'dflt'");
	EXPECT("parsejson('null', 'dflt')", "'dflt'");
	EXPECT_ERR("parsejson('bad')", "859: unexpected token at 'bad'");
	EXPECT_ERR("parsejson('[1] x')", "859: unexpected token at 'x'");
	EXPECT_ERR("parsejson('[1,]')", "451: unexpected token at ']'");
}

static void test_fn__yaml(void **state)
{
	(void)state;
	EXPECT("parseyaml(\"a: 1\\nb: [x, 2.5, yes, no, on, off, ~, null]\\nc: '1'\\nd: 0x10\\ne: 010\\nf: 1_000\\n\")",
	       "{'a' => 1, 'b' => ['x', 2.5, true, false, true, false, undef, undef], 'c' => '1', 'd' => 16, 'e' => 8, 'f' => 1000}");
	EXPECT("parseyaml(\"j: 1e3\\nk: 1.5e+3\\nl: +1\\nn: 0b101\\no: 0o17\\nq: y\\ns: 1:30\\nt: 12.\\nw: 1,000\\nx: 09\\n\")",
	       "{'j' => '1e3', 'k' => 1500.0, 'l' => 1, 'n' => 5, 'o' => '0o17', 'q' => 'y', 's' => 5400, 't' => 12.0, 'w' => 1000, 'x' => '09'}");
	EXPECT("parseyaml(\"<<: {a: 1}\\nb: 2\\n\")", "{'a' => 1, 'b' => 2}");
	EXPECT("parseyaml(\"---\\n- 1\\n---\\n- 2\\n\")", "[1]");
	EXPECT("parseyaml('- :sym')", "['sym']");
	EXPECT("parseyaml('')", "undef");
	EXPECT("parseyaml('', 'dflt')", "'dflt'");
	EXPECT_ERR("parseyaml('[1')",
		   "(<unknown>): did not find expected ',' or ']' while parsing a flow sequence at line 1 column 1");
	EXPECT_ERR("parseyaml(\"- &a x\\n- *a\\n\")", "Unknown alias: a");
	EXPECT_ERR("parseyaml('a: 2001-01-01')",
		   "Tried to load unspecified class: Date");
	EXPECT("to_yaml({'a' => [1, 2.5, true, undef, 'x'], 'b' => {}, 'c' => 'yes', 'd' => '1', 'e' => '', 'f' => \"multi\\nline\", 'g' => 'a: b', 'h' => []})",
	       "'---\na:\n- 1\n- 2.5\n- true\n-\n- x\nb: {}\nc: \\'yes\\'\nd: \\'1\\'\ne: \\'\\'\nf: |-\n  multi\n  line\ng: \\'a: b\\'\nh: []\n'");
	EXPECT("to_yaml('s')", "'--- s\n'");
	EXPECT("to_yaml('/etc/foo')", "'--- \"/etc/foo\"\n'");
	EXPECT("to_yaml('y')", "'--- \"y\"\n'");
	EXPECT("to_yaml('\xc3\xa9')", "'--- \xc3\xa9\n'");
	EXPECT("to_yaml('09')", "'--- \\'09\\'\n'");
	EXPECT("to_yaml([[1, 2], [3]])", "'---\n- - 1\n  - 2\n- - 3\n'");
}

/* ---- regex.h ---- */

static void test_fn__regex_api(void **state)
{
	(void)state;
	struct value *re = val_regex(&arena, "(\\w+)@(x)?", 10);
	struct value *caps = NULL;
	assert_int_equal(regex_match(&arena, re, "hi a@b", 6, &caps), 1);
	assert_non_null(caps);
	buf_reset(&result);
	val_inspect(&result, caps);
	assert_string_equal(result.ptr, "['a@', 'a', undef]");
	assert_non_null(re->u.re.code); /* cached */
	assert_int_equal(regex_match(&arena, re, "none", 4, NULL), 0);

	struct value *bad = val_regex(&arena, "(", 1);
	assert_int_equal(regex_match(&arena, bad, "x", 1, NULL), -1);
	assert_string_equal(err_last(),
			    "end pattern with unmatched parenthesis: /(/");

	struct buf why = BUF_INIT;
	assert_int_equal(regex_compile_check("a(", &why), -1);
	assert_string_equal(why.ptr, "end pattern with unmatched parenthesis");
	buf_reset(&why);
	assert_int_equal(regex_compile_check("a(?<", &why), -1);
	assert_string_equal(why.ptr,
			    "subpattern name expected at offset 4");
	buf_release(&why);
	assert_int_equal(regex_compile_check("(?m)a.b", &why), 0);

	/* Ruby's (?m) is dotall; ^ and $ always work on lines */
	struct value *m = val_regex(&arena, "(?m)a.b", 7);
	assert_int_equal(regex_match(&arena, m, "a\nb", 3, NULL), 1);
	struct value *line = val_regex(&arena, "^b$", 3);
	assert_int_equal(regex_match(&arena, line, "a\nb\nc", 5, NULL), 1);
	struct value *range = val_regex(&arena, "^a{,2}$", 7);
	assert_int_equal(regex_match(&arena, range, "aa", 2, NULL), 1);

	struct buf esc = BUF_INIT;
	regex_escape(&esc, "a b\t.*?+^$|()[]{}\\/-#", 22);
	assert_string_equal(esc.ptr,
			    "a\\ b\\t\\.\\*\\?\\+\\^\\$\\|\\(\\)\\[\\]\\{\\}\\\\/\\-\\#");
	buf_release(&esc);
}

int suite_fn(void)
{
	fn_warn_hook = record_warning;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fn__split_on_strings_and_regexes),
		cmocka_unit_test(test_fn__split_rejects_wrong_types),
		cmocka_unit_test(test_fn__join_flattens_and_uses_ruby_to_s),
		cmocka_unit_test(test_fn__regsubst_flags_and_escapes),
		cmocka_unit_test(test_fn__regsubst_errors),
		cmocka_unit_test(test_fn__match_gives_captures),
		cmocka_unit_test(test_fn__sprintf_conversions),
		cmocka_unit_test(test_fn__sprintf_errors),
		cmocka_unit_test(test_fn__versioncmp),
		cmocka_unit_test(test_fn__digests),
		cmocka_unit_test(test_fn__base64),
		cmocka_unit_test(test_fn__case_functions),
		cmocka_unit_test(test_fn__strip_chomp_chop),
		cmocka_unit_test(test_fn__shell_quoting),
		cmocka_unit_test(test_fn__paths),
		cmocka_unit_test(test_fn__string_escapes),
		cmocka_unit_test(test_fn__each_map_filter),
		cmocka_unit_test(test_fn__lambda_optional_parameters),
		cmocka_unit_test(test_fn__iteration_errors),
		cmocka_unit_test(test_fn__reduce_with_and_without_memo),
		cmocka_unit_test(test_fn__slice_step_reverse_each),
		cmocka_unit_test(test_fn__any_all_index),
		cmocka_unit_test(test_fn__with_then_lest),
		cmocka_unit_test(test_fn__group_by_partition),
		cmocka_unit_test(test_fn__sort),
		cmocka_unit_test(test_fn__min_max),
		cmocka_unit_test(test_fn__unique_flatten),
		cmocka_unit_test(test_fn__hash_access),
		cmocka_unit_test(test_fn__dig_and_get),
		cmocka_unit_test(test_fn__merge),
		cmocka_unit_test(test_fn__stdlib_arrays),
		cmocka_unit_test(test_fn__stdlib_delete),
		cmocka_unit_test(test_fn__range),
		cmocka_unit_test(test_fn__is_functions),
		cmocka_unit_test(test_fn__validate_functions),
		cmocka_unit_test(test_fn__booleans),
		cmocka_unit_test(test_fn__numbers),
		cmocka_unit_test(test_fn__to_json),
		cmocka_unit_test(test_fn__parse_json),
		cmocka_unit_test(test_fn__yaml),
		cmocka_unit_test(test_fn__regex_api),
	};
	return cmocka_run_group_tests_name("fn", tests, setup, teardown) ? 1 : 0;
}
