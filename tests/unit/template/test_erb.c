/* SPDX-License-Identifier: MIT */
/* test_erb.c: the ERB engine through its API: rendering, variables, functions, errors, limits */
#include "util/compat.h"
#include "lang/value.h"
#include "template/erb.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#include <setjmp.h>
#include <cmocka.h>

/* A test fixture: variables, a log of function calls, the last render. */
struct fx {
	struct arena a;
	struct diags d;
	struct buf out;
	struct value *vars;
	struct buf calls; /* "name(arg,arg);" per call */
	struct value *set; /* what setvar stored */
	struct erb_env env;
};

static struct value *fx_lookup(void *payload, const char *name)
{
	struct fx *f = payload;
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	return val_hash_get_str(f->vars, name);
}

static int fx_call(struct value **out, void *payload, const char *fn,
		   struct value **args, size_t nargs, struct srcloc loc)
{
	struct fx *f = payload;
	buf_addf(&f->calls, "%s(", fn);
	for (size_t i = 0; i < nargs; i++) {
		if (i)
			buf_addch(&f->calls, ',');
		val_inspect(&f->calls, args[i]);
	}
	buf_addstr(&f->calls, ");");
	if (!strcmp(fn, "boom"))
		return diags_add(&f->d, DIAG_ERROR, loc, "boom failed");
	if (!strcmp(fn, "versioncmp")) {
		*out = val_int(&f->a,
			       strcmp(args[0]->u.s.ptr, args[1]->u.s.ptr));
		return 0;
	}
	*out = nargs ? args[0] : val_undef();
	return 0;
}

static int fx_setvar(void *payload, const char *name, struct value *v,
		     struct srcloc loc)
{
	struct fx *f = payload;
	(void)loc;
	val_hash_set_str(&f->a, f->vars, name, v);
	f->set = v;
	return 0;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	diags_init(&f->d);
	buf_init(&f->out, 0);
	buf_init(&f->calls, 0);
	f->vars = val_hash(&f->a, 8);
	val_hash_set_str(&f->a, f->vars, "name", val_strz(&f->a, "web01"));
	val_hash_set_str(&f->a, f->vars, "port", val_int(&f->a, 8080));
	val_hash_set_str(&f->a, f->vars, "nothing", val_undef());
	struct value *list = val_array(&f->a, 2);
	val_array_push(&f->a, list, val_strz(&f->a, "a"));
	val_array_push(&f->a, list, val_strz(&f->a, "b"));
	val_hash_set_str(&f->a, f->vars, "list", list);
	f->env.arena = &f->a;
	f->env.diags = &f->d;
	f->env.lookup = fx_lookup;
	f->env.call = fx_call;
	f->env.setvar = fx_setvar;
	f->env.payload = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	buf_release(&f->out);
	buf_release(&f->calls);
	diags_release(&f->d);
	arena_release(&f->a);
	free(f);
	return 0;
}

static int render(struct fx *f, const char *src)
{
	buf_reset(&f->out);
	return erb_render(&f->out, &f->env, "t.erb", src, strlen(src));
}

/* The first diagnostic, formatted without the source line. */
static const char *first_diag(struct fx *f, struct buf *b)
{
	buf_reset(b);
	if (!f->d.n)
		return "";
	const struct diag *g = &f->d.v[0];
	buf_addf(b, "%s:%u:%u: %s", g->loc.file, g->loc.line, g->loc.col,
		 g->msg);
	return b->ptr;
}

static void test_erb__renders_text_and_inserts(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "host <%= @name %>:<%= @port + 1 %>\n"), 0);
	assert_string_equal(f->out.ptr, "host web01:8081\n");
}

static void test_erb__trim_mode_dash(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "a\n  <%- @list.each do |x| -%>\n<%= x %>\n  <%- end -%>\nz<%# c -%>\n<%% x %%>"),
			 0);
	assert_string_equal(f->out.ptr, "a\na\nb\nz<% x %%>");
}

static void test_erb__compile_once_run_many(void **state)
{
	struct fx *f = *state;
	const char *src = "<% n = @port %><%= n * 2 %>,<%= [1, 2].map { |x| x + n }.inspect %>";
	struct erb_template *t = erb_compile(&f->a, &f->d, "t.erb", src,
					     strlen(src));
	assert_non_null(t);
	for (int i = 0; i < 3; i++) {
		val_hash_set_str(&f->a, f->vars, "port", val_int(&f->a, i));
		buf_reset(&f->out);
		assert_int_equal(erb_run(&f->out, t, &f->env), 0);
		char want[64];
		snprintf(want, sizeof(want), "%d,[%d, %d]", 2 * i, 1 + i, 2 + i);
		assert_string_equal(f->out.ptr, want);
	}
}

static void test_erb__missing_ivar_is_nil_bare_name_is_error(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	assert_int_equal(render(f, "[<%= @nope %>|<%= @nothing.inspect %>|<%= name %>]"), 0);
	assert_string_equal(f->out.ptr, "[|nil|web01]");
	assert_int_equal(render(f, "x\n <%= nope %>"), -1);
	assert_string_equal(first_diag(f, &b),
			    "t.erb:2:6: undefined local variable or method 'nope'");
	buf_release(&b);
}

static void test_erb__scope_and_has_variable(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<%= scope['name'] %>|<%= scope['::port'] %>|<%= scope.lookupvar('nope').inspect %>|<%= has_variable?('name') %>|<%= has_variable?('nothing') %>"),
			 0);
	assert_string_equal(f->out.ptr, "web01|8080|nil|true|false");
}

static void test_erb__functions_get_the_array_elements(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<%= scope.function_versioncmp(['b', 'a']) %>|<%= scope.call_function('echo', [@list]).join %>|<%= scope.call_function('noargs') %>"),
			 0);
	assert_string_equal(f->out.ptr, "1|ab|");
	assert_string_equal(f->calls.ptr,
			    "versioncmp('b','a');echo(['a', 'b']);noargs();");
}

static void test_erb__function_error_is_recorded_once(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	assert_int_equal(render(f, "<%= begin; scope.function_boom([]); rescue; 'no'; end %>"), -1);
	assert_int_equal(f->d.nerrors, 1);
	assert_string_equal(first_diag(f, &b), "t.erb:1:18: boom failed");
	buf_release(&b);
}

static void test_erb__setvar_reaches_the_callback(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<% scope.setvar('ts', {}) %><% scope.lookupvar('ts')[:item] = 'x' %><%= scope['ts'].inspect %>"),
			 0);
	assert_string_equal(f->out.ptr, "{:item=>\"x\"}");
	assert_non_null(f->set);
	/* the hash the callback got was changed in place, as in Puppet */
	assert_non_null(val_hash_get_str(f->set, "item"));
}

static void test_erb__ruby_formatting(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<%= [nil, 1.0, 1e20, :s, 'q\"', {'k' => [1]}] %>|<%= nil %>|<%= 7 / -2 %>|<%= 1e15 %>"),
			 0);
	assert_string_equal(f->out.ptr,
			    "[nil, 1.0, 1.0e+20, :s, \"q\\\"\", {\"k\"=>[1]}]||-4|1.0e+15");
}

static void test_erb__unsupported_construct_is_an_error(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	assert_int_equal(render(f, "ok\n<%= 2 ** 64 %>"), -1);
	assert_string_equal(first_diag(f, &b),
			    "t.erb:2:7: unsupported ERB construct: Integer overflow (Bignum)");
	buf_release(&b);
}

static void test_erb__unsupported_is_not_rescued(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<%= (2 ** 64 rescue 'x') %>"), -1);
	assert_int_equal(f->d.nerrors, 1);
}

static void test_erb__no_method_on_nil(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	assert_int_equal(render(f, "<%= @nope.empty? %>"), -1);
	assert_string_equal(first_diag(f, &b),
			    "t.erb:1:11: undefined method 'empty?' for nil:NilClass");
	buf_release(&b);
}

static void test_erb__syntax_error_names_the_opener(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	assert_int_equal(render(f, "<% [1].each do |x| %>\n<%= x %>\n"), -1);
	assert_string_equal(first_diag(f, &b),
			    "t.erb:3:1: syntax error, expected 'end' to close the one at line 1, got end of template");
	buf_release(&b);
}

static void test_erb__step_limit_stops_loops(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	f->env.max_steps = 1000;
	assert_int_equal(render(f, "<% i = 0; while true; i += 1; end %>"), -1);
	assert_non_null(strstr(first_diag(f, &b), "step limit"));
	buf_release(&b);
}

static void test_erb__memory_limit_stops_growth(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	f->env.max_bytes = 1 << 20;
	assert_int_equal(render(f, "<% s = 'x' * 4096; 20.times { s = s + s } %>"), -1);
	assert_non_null(strstr(first_diag(f, &b), "memory limit"));
	buf_release(&b);
}

static void test_erb__no_cycles_in_values(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<% a = []; a << a %>"), -1);
	assert_int_equal(render(f, "<% h = {}; h['x'] = [h] %>"), -1);
}

static void test_erb__mutation_changes_puppet_values(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<% @list << 'c' %><%= @list.size %>"), 0);
	assert_string_equal(f->out.ptr, "3");
	assert_int_equal(val_hash_get_str(f->vars, "list")->u.arr.n, 3);
}

static void test_erb__symbols_are_strings_to_puppet(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<%= scope.call_function('echo', [:sym]) %>"), 0);
	assert_string_equal(f->calls.ptr, "echo('sym');");
}

static void test_erb__unterminated_tag_is_text(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "a<%= 1 %>b<% c"), 0);
	assert_string_equal(f->out.ptr, "a1b c");
}

static void test_erb__def_and_return(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<% def twice(x, y = 2) return x * y if x; 0 end %><%= twice(3) %>|<%= twice(3, 3) %>|<%= twice(nil) %>"),
			 0);
	assert_string_equal(f->out.ptr, "6|9|0");
}

static void test_erb__rescue_matches_classes(void **state)
{
	struct fx *f = *state;
	assert_int_equal(render(f, "<%= begin; nil.x; rescue TypeError; 't'; rescue NameError; 'n'; end %>"),
			 0);
	assert_string_equal(f->out.ptr, "n");
	assert_int_equal(render(f, "<%= begin; nil.x; rescue TypeError; 't'; end %>"), -1);
}

static void test_erb__unknown_constant_is_unsupported(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	assert_int_equal(render(f, "<%= (IPAddr.new('::1') rescue 'no') %>"), -1);
	assert_string_equal(first_diag(f, &b),
			    "t.erb:1:6: unsupported ERB construct: constant 'IPAddr'");
	buf_release(&b);
}

int suite_erb(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_erb__renders_text_and_inserts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erb__trim_mode_dash, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_erb__compile_once_run_many,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__missing_ivar_is_nil_bare_name_is_error, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__scope_and_has_variable, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__functions_get_the_array_elements, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__function_error_is_recorded_once, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__setvar_reaches_the_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erb__ruby_formatting,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__unsupported_construct_is_an_error, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__unsupported_is_not_rescued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erb__no_method_on_nil,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__syntax_error_names_the_opener, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__step_limit_stops_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__memory_limit_stops_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erb__no_cycles_in_values,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__mutation_changes_puppet_values, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__symbols_are_strings_to_puppet, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__unterminated_tag_is_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erb__def_and_return, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__rescue_matches_classes, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_erb__unknown_constant_is_unsupported, setup,
			teardown),
	};
	return cmocka_run_group_tests_name("erb", tests, NULL, NULL);
}
