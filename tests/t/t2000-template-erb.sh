#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='ERB templates render byte for byte as Ruby'\''s ERB renders them in Puppet

1. tests/template/erb/<name>.erb with <name>.json (variables): the output
   must be <name>.out, which regen.rb wrote with Ruby'\''s ERB; or, for an
   error case, the diagnostics must be <name>.err. gap-*.erb are
   constructs tend does not support yet (known breakages).
2. Every template of the Puppet modules installed on this machine, with
   the variables that real Puppet handed it (modules/<mod>/<path>.json,
   recorded by capture.rb), or with none: tend and render.rb (Ruby'\''s
   ERB in a Puppet-like wrapper) must agree, and render.rb must agree
   with what Puppet itself rendered.'
. ./test-lib.sh

ERB_DIR=$TEST_DIRECTORY/../template/erb
MODULES_AVAILABLE=/usr/share/puppet/modules.available

# The .out files need no Ruby; comparing with Ruby live does.
command -v ruby >/dev/null 2>&1 &&
	ruby -rerb -rjson -ryaml -e 'exit 0' >/dev/null 2>&1 &&
	test_set_prereq RUBY
test_have_prereq RUBY && test -d "$MODULES_AVAILABLE" && test_set_prereq MODULES

test_expect_success 'the seed template renders as Puppet rendered it (149 bytes)' '
	(cd "$ERB_DIR" && tend template render --values seed-memcached.json seed-memcached.erb) >actual &&
	test "$(wc -c <actual)" -eq 149 &&
	echo "bd15482b9f5032785b95c63b4e98f50bc44fef816eedf02ebc58761b42edfddb  actual" >sum &&
	sha256sum -c sum
'

test_expect_success RUBY 'the .out files are what Ruby renders (regen.rb --check)' '
	ruby "$ERB_DIR/regen.rb" --check
'

for t in "$ERB_DIR"/*.erb; do
	name=$(basename "$t" .erb)
	if test -f "$ERB_DIR/$name.err"; then
		test_expect_success "$name fails with its diagnostics" "
			(cd \"\$ERB_DIR\" && test_must_fail tend template render --values $name.json $name.erb) 2>err &&
			test_cmp \"\$ERB_DIR/$name.err\" err
		"
		continue
	fi
	test -f "$ERB_DIR/$name.out" || continue
	case "$name" in
	gap-*) expect=test_expect_failure ;;
	*) expect=test_expect_success ;;
	esac
	$expect "$name renders as Ruby renders it" "
		(cd \"\$ERB_DIR\" && tend template render --values $name.json $name.erb) >actual &&
		test_cmp \"\$ERB_DIR/$name.out\" actual
	"
done

# module_name DIR: modules.available names its directories <author>-<name>,
# with '_' in the name written '-' (puppetlabs-cron-core is cron_core)
module_name() {
	basename "$1" | sed 's/^[^-]*-//; s/-/_/g'
}

# A modulepath for template('mod/file.erb')
test_expect_success MODULES 'set up the modulepath' '
	mkdir mp &&
	for d in "$MODULES_AVAILABLE"/*; do
		ln -s "$d" "mp/$(module_name "$d")" || return 1
	done
'

# compare_module TEMPLATE JSON: tend and render.rb agree (or both fail)
compare_module() {
	ruby "$ERB_DIR/render.rb" "$1" "$2" "$PWD/mp" >expect 2>ruby.err
	ruby_rc=$?
	tend template render --values "$2" --modulepath "$PWD/mp" "$1" >actual 2>tend.err
	tend_rc=$?
	if test $ruby_rc -ne 0; then
		cat ruby.err >&2
		test $tend_rc -ne 0 && test_grep "error:" tend.err
		return
	fi
	test $tend_rc -eq 0 || { cat tend.err >&2; return 1; }
	test_cmp expect actual || return 1
	# the harness itself against what Puppet rendered
	if grep -q '"__puppet_output__"' "$2"; then
		ruby -rjson -e 'print JSON.parse(File.read(ARGV[0]))["__puppet_output__"]' "$2" >puppet &&
		test_cmp puppet expect
	fi
}

if test -d "$MODULES_AVAILABLE"; then
	echo '{}' >empty.json
	for t in $(cd "$MODULES_AVAILABLE" && find . -path '*/templates/*' -name '*.erb' | sort); do
		t=${t#./}
		mod=$(module_name "${t%%/*}")
		rel=${t#*/templates/}
		base=$ERB_DIR/modules/$mod/${rel%.erb}
		found=
		for j in "$base.json" "$base.2.json"; do
			test -f "$j" || continue
			found=t
			test_expect_success MODULES "$mod/$rel (${j##*/})" "
				compare_module \"\$MODULES_AVAILABLE/$t\" \"$j\"
			"
		done
		test -n "$found" ||
		test_expect_success MODULES "$mod/$rel (no variables)" "
			compare_module \"\$MODULES_AVAILABLE/$t\" \"\$PWD/empty.json\"
		"
	done
fi

test_expect_success 'a render error names the template, line and column' '
	printf "a\n<%% [1].each do |x| -%%>\n  <%%= x.upcase %%>\n<%% end -%%>\n" >bad.erb &&
	test_must_fail tend template render bad.erb 2>err &&
	test_grep "^bad.erb:3:9: error: undefined method .upcase. for 1:Integer" err
'

test_expect_success 'an unsupported construct is an error, never wrong output' '
	printf "<%%= 2 ** 100 %%>" >big.erb &&
	test_must_fail tend template render big.erb >out 2>err &&
	test_grep "unsupported ERB construct: Integer overflow" err
'

test_expect_success 'a runaway loop stops at the step limit' '
	printf "<%% loop do end %%>" >loop.erb &&
	test_must_fail tend template render loop.erb 2>err &&
	test_grep "step limit" err
'

test_expect_success '--values takes inline JSON, and variables from scope' '
	printf "<%%= @a %%>|<%%= scope[\"::b\"] %%>|<%%= has_variable?(\"c\") %%>" >v.erb &&
	tend template render --values "{\"a\": 1, \"b\": [2], \"c\": null}" v.erb >actual &&
	printf "1|[2]|false" >expect &&
	test_cmp expect actual
'

test_expect_success 'a .epp file renders as EPP, not ERB' '
	echo "<%= 1 + 2 %>" >x.epp &&
	tend template render x.epp >out &&
	echo 3 >expect &&
	test_cmp expect out
'

test_done
