#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend parser: syntax errors with their locations, a syntax corpus checked against Puppet, the seed and real modules'
. ./test-lib.sh

lang="$TEST_DIRECTORY/../lang"
modules=/usr/share/puppet/modules.available
seed="$TEST_DIRECTORY/../../examples/seed/manifests/site.pp"
test -f "$seed" || seed="$TEST_DIRECTORY/../../../shared/seed-examples/manifests/site.pp"

test_lazy_prereq MODULES 'test -d "$modules"'
test_lazy_prereq PUPPET_RUBY 'command -v ruby && ruby -e "require %q(puppet)"'

# ---- the command ----

test_expect_success 'parser validate --help shows the usage' '
	tend parser validate --help >out 2>&1 &&
	test_grep "usage: tend parser validate" out
'

test_expect_success 'parser without a subcommand or files is a usage error' '
	test_expect_code 129 tend parser 2>err &&
	test_grep "usage: tend parser" err &&
	test_expect_code 129 tend parser validate 2>err &&
	test_expect_code 129 tend parser frobnicate 2>err
'

test_expect_success 'validate: exit 0 when every file parses, 1 when one does not' '
	echo "notice(1)" >good.pp &&
	echo "notice(1" >bad.pp &&
	tend parser validate good.pp 2>err &&
	test_must_be_empty err &&
	test_expect_code 1 tend parser validate good.pp bad.pp good.pp 2>err &&
	test_grep "^bad.pp:2:1: error: expected .). to close .(. at line 1" err &&
	test_expect_code 1 tend parser validate no-such-file.pp 2>err &&
	test_grep "no-such-file.pp" err
'

test_expect_success 'validate prints warnings and still succeeds' '
	printf "\$x += [1]\n" >legacy.pp &&
	tend parser validate legacy.pp 2>err &&
	cat >expect <<-\EOF &&
	legacy.pp:1:4: warning: the operator '\''+='\'' is not supported by Puppet 4 and later (legacy)
	 $x += [1]
	    ^
	EOF
	test_cmp expect err
'

test_expect_success 'dump prints the tree; .epp files are templates' '
	printf "file { \"/x\": mode => 0644 }\n" >m.pp &&
	tend parser dump m.pp >out &&
	echo "(block (resource file (body \"/x\" (attr mode => (int 420 0644)))))" >expect &&
	test_cmp expect out &&
	printf "a <%%= \$x %%>\n" >t.epp &&
	tend parser dump t.epp >out &&
	echo "(block (text \"a \") (render \$x) (text \"\\\\n\"))" >expect &&
	test_cmp expect out
'

# ---- golden syntax errors: tests/lang/parse-NAME.pp (.epp) + parse-NAME.err ----

for src in "$lang"/parse-*.pp "$lang"/parse-*.epp; do
	test -f "$src" || continue
	name=$(basename "$src")
	test_expect_success "syntax error: $name" '
		(cd "$lang" && test_expect_code 1 tend parser validate "$name") 2>actual &&
		test_cmp "$lang/${name%.*}.err" actual
	'
done

# ---- a corpus of valid syntax: tests/lang/syntax/NAME.pp (.epp) + NAME.dump ----

for src in "$lang"/syntax/*.pp "$lang"/syntax/*.epp; do
	test -f "$src" || continue
	name=$(basename "$src")
	test_expect_success "syntax corpus: $name" '
		(cd "$lang/syntax" && tend parser dump "$name") >actual &&
		test_cmp "$lang/syntax/${name%.*}.dump" actual
	'
done

# Puppet's own tree of the same files, in the dump's form. Files Puppet 7
# refuses (legacy.pp: Puppet 3 forms tend accepts) are left out.
test_expect_success PUPPET_RUBY 'syntax corpus: the trees are Puppet'\''s' '
	ruby "$lang/puppet-ast-dump.rb" "$PWD/puppet-dirs" "$lang"/syntax/*.pp "$lang"/syntax/*.epp >puppet.out &&
	! grep "	error:" puppet.out | grep -v "/legacy.pp	" &&
	grep -v "/legacy.pp	" puppet.out >puppet.trees &&
	while IFS="	" read -r file tree; do
		printf "%s\t%s\n" "$file" "$(cat "${file%.*}.dump")" || return 1
	done <puppet.trees >tend.trees &&
	test_cmp puppet.trees tend.trees
'

# ---- the seed and real modules ----

test_expect_success 'the seed site.pp parses' '
	tend parser validate "$seed" 2>err &&
	test_must_be_empty err
'

test_expect_success MODULES 'every manifest and template of the installed modules parses' '
	find -L "$modules"/ -name "*.pp" -o -name "*.epp" | sort >files &&
	test -s files &&
	: >failed &&
	while read -r f; do
		tend parser validate "$f" 2>>err || echo "$f" >>failed
	done <files &&
	test_must_be_empty failed &&
	test_must_be_empty err
'

test_expect_success MODULES,PUPPET_RUBY 'their trees are Puppet'\''s' '
	ruby "$lang/puppet-ast-dump.rb" "$PWD/puppet-dirs" $(cat files) >puppet.out &&
	while read -r f; do
		printf "%s\t%s\n" "$f" "$(tend parser dump "$f")" || return 1
	done <files >tend.out &&
	test_cmp puppet.out tend.out
'

test_done
