/* SPDX-License-Identifier: MIT */
/* test_rubytype.c: a Ruby type file's attributes, namevars and title patterns, read without Ruby */
#include "util/compat.h"
#include "lang/rubytype.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <setjmp.h>
#include <cmocka.h>

static struct arena a;

static int setup(void **state UNUSED)
{
	arena_init(&a);
	return 0;
}

static int teardown(void **state UNUSED)
{
	arena_release(&a);
	return 0;
}

/* The attributes as "a b c", then " | keys", for one comparison. */
static const char *summary(const char *src)
{
	struct rubytype t;
	rubytype_parse(&t, &a, "x", src, strlen(src));
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < t.nattrs; i++)
		buf_addf(&b, "%s%s", i ? " " : "", t.attrs[i]);
	buf_addstr(&b, " |");
	for (size_t i = 0; i < t.nkeys; i++)
		buf_addf(&b, " %s", t.keys[i]);
	if (t.is_open)
		buf_addstr(&b, " (open)");
	const char *s = arena_strdup(&a, b.ptr);
	buf_release(&b);
	return s;
}

static void test_rubytype__declarations(void **state UNUSED)
{
	assert_string_equal(
		summary("Puppet::Type.newtype(:t) do\n"
			"  ensurable do\n    defaultto :present\n  end\n"
			"  newparam(:name, :namevar => true) do\n  end\n"
			"  newproperty(:value, array_matching: :all) do\n  end\n"
			"  newparam :bare do\n    desc 'x'\n  end\n"
			"  newparam(\"quoted\")\n"
			"end\n"),
		"ensure name value bare quoted | name");
	/* isnamevar belongs to the newparam before it; `name` is a key too */
	assert_string_equal(summary("newparam(:type) do\n  isnamevar\nend\n"
				    "newproperty(:key)\n"
				    "newparam(:name) do\n  isnamevar\nend\n"),
			    "type key name | type name");
	assert_string_equal(
		summary("newparam(:path, namevar: true)\nnewparam(:owner)\n"),
		"path owner | path");
}

static void test_rubytype__skips_comments_strings_heredocs(void **state UNUSED)
{
	assert_string_equal(
		summary("# newparam(:c1)\n"
			"=begin\nnewparam(:c2)\n=end\n"
			"@doc = <<-EOT\n  newparam(:h1)\n  EOT\n"
			"desc <<~DOC, 'x'\n  newparam(:h2)\nDOC\n"
			"newparam(:real) do\n"
			"  desc \"text #{newparam(:i1)} newparam(:s1)\"\n"
			"  desc %q{newparam(:p1) {nested}}\n"
			"  x = 'newparam(:s2)'\n"
			"  validate { |v| v =~ /newparam\\(:r1\\)/ }\n"
			"  y = a / 2; z = %w[newparam(:w1)]\n"
			"end\n"
			"__END__\nnewparam(:after_end)\n"),
		"real |");
}

static void test_rubytype__open_when_names_are_computed(void **state UNUSED)
{
	assert_string_equal(
		summary("[:a, :b].each do |p|\n  newparam(p)\nend\n"),
		" | (open)");
	assert_string_equal(summary("send(:newproperty, :x)\n"), " | (open)");
	assert_string_equal(
		summary("newparam(:a)\nPuppetX::Foo.add_params(self)\n"),
		"a | (open)");
	assert_string_equal(summary("include PuppetX::Foo::Params\n"),
			    " | (open)");
	assert_string_equal(
		summary("Puppet::Type.newtype(:t, :parent => Puppet::Type::File) do\nend\n"),
		" | (open)");
}

static void test_rubytype__resource_api(void **state UNUSED)
{
	assert_string_equal(
		summary("Puppet::ResourceApi.register_type(\n"
			"  name: 'thing',\n"
			"  docs: <<-EOS,\n  attributes: { fake: {} }\n  EOS\n"
			"  attributes: {\n"
			"    ensure: { type: 'Enum[present, absent]', default: 'present' },\n"
			"    name: { type: 'String', behaviour: :namevar },\n"
			"    port: { type: 'Integer', desc: 'the port' },\n"
			"  },\n"
			")\n"),
		"ensure name port | name");
}

static void test_rubytype__title_patterns(void **state UNUSED)
{
	const char *src =
		"newparam(:type) do\n  isnamevar\nend\n"
		"newparam(:name) do\n  isnamevar\nend\n"
		"def self.title_patterns\n"
		"  identity = lambda { |x| x }\n"
		"  [\n"
		"    [%r{^(.*?)@(.*)$}, [[:name, identity], [:type]]],\n"
		"    [/^([^@]+)$/m, [[:name]]],\n"
		"  ]\n"
		"end\n";
	struct rubytype t;
	rubytype_parse(&t, &a, "x", src, strlen(src));
	assert_true(t.has_title_patterns);
	assert_int_equal(t.npatterns, 2);
	assert_string_equal(t.patterns[0].src, "^(.*?)@(.*)$");
	assert_int_equal(t.patterns[0].nfields, 2);
	assert_string_equal(t.patterns[0].fields[1], "type");
	/* two namevars: `name` is what a title equal to it leaves out */
	assert_string_equal(rubytype_namevar(&t), "name");

	struct value *p = val_hash(&a, 2);
	rubytype_title_params(&a, &t, "h1@ssh-rsa", p);
	assert_int_equal(p->u.h.n, 2);
	assert_string_equal(val_hash_get_str(p, "name")->u.s.ptr, "h1");
	assert_string_equal(val_hash_get_str(p, "type")->u.s.ptr, "ssh-rsa");
	p = val_hash(&a, 2);
	rubytype_title_params(&a, &t, "h2", p);
	assert_int_equal(p->u.h.n, 0);
}

static void test_rubytype__valid_attributes(void **state UNUSED)
{
	const char *src = "newparam(:name)\nnewproperty(:size)\n";
	struct rubytype t;
	rubytype_parse(&t, &a, "x", src, strlen(src));
	assert_true(rubytype_has_attr(&t, "size"));
	assert_true(rubytype_has_attr(&t, "name"));
	assert_true(rubytype_has_attr(&t, "require"));
	assert_true(rubytype_has_attr(&t, "tag"));
	assert_false(rubytype_has_attr(&t, "colour"));
	assert_false(rubytype_has_attr(&t, "provider"));
	t.has_provider = true;
	assert_true(rubytype_has_attr(&t, "provider"));
}

int suite_rubytype(void);
int suite_rubytype(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_rubytype__declarations),
		T(test_rubytype__skips_comments_strings_heredocs),
		T(test_rubytype__open_when_names_are_computed),
		T(test_rubytype__resource_api),
		T(test_rubytype__title_patterns),
		T(test_rubytype__valid_attributes),
	};
#undef T
	return cmocka_run_group_tests_name("rubytype", tests, NULL, NULL);
}
