#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='file type: staged writes, the open directory, recursive copies as resources'
. ./test-lib.sh

test_lazy_prereq APPLY_FILE '
	mkdir -p prereq-apply &&
	"$TEND" apply --bucketdir "$PWD/prereq-apply/b" \
		-e "file { \"$PWD/prereq-apply/f\": content => \"x\" }" &&
	test -f prereq-apply/f
'

B="--bucketdir $PWD/bucket"

# A new file's content is staged (written beside it, renamed later); a
# drift's content is put in place at once, which renames what is staged
# too. When a staged rename then fails, the resource it belongs to failed,
# even though it was counted as changed when it was synced.
test_expect_success APPLY_FILE 'a staged write that cannot be renamed fails its own resource' '
	mkdir real y && ln -s "$PWD/real" x && echo old >y/g &&
	cat >m.pp <<-EOF &&
	file { "$PWD/x/f": content => "new\n" }
	file { "$PWD/real": ensure => absent, force => true }
	file { "$PWD/y/g": content => "new\n" }
	EOF
	test_expect_code 6 tend apply $B --detailed-exitcodes --report r.json m.pp >out 2>err &&
	test_grep "File\[$PWD/x/f\]: cannot write .$PWD/x/f.: No such file or directory" err &&
	! grep "File\[$PWD/y/g\]" err &&
	test_grep "2 changed, 1 failed, 0 unchanged" out &&
	echo new >expect &&
	test_cmp expect y/g &&
	test "$(jq -r ".resource_statuses[\"File[$PWD/x/f]\"].status" r.json)" = failed &&
	test "$(jq -r ".resource_statuses[\"File[$PWD/y/g]\"].status" r.json)" = changed &&
	test "$(jq -c ".metrics.resources | [.changed, .failed]" r.json)" = "[2,1]"
'

# Files are looked up through their parent directory, kept open; a
# directory replaced during the run must be looked up anew.
test_expect_success APPLY_FILE 'a directory replaced during the run is seen anew' '
	mkdir a b && ln -s "$PWD/a" l &&
	echo same >a/x && echo new >a/y && echo old >b/y &&
	cat >m.pp <<-EOF &&
	file { "$PWD/l/x": content => "same\n" }
	file { "$PWD/a": ensure => link, target => "$PWD/b", force => true }
	file { "$PWD/l/y": content => "new\n" }
	EOF
	tend apply $B m.pp >out &&
	test_grep "File\[$PWD/l/y\]/content: content changed" out &&
	echo new >expect &&
	test_cmp expect b/y
'

# Puppet's recurse generates a File resource per entry: each is reported,
# counted and listed in the report as a resource of its own, in path order.
test_expect_success APPLY_FILE 'a recursive copy reports each file as its own resource' '
	mkdir -p src/sub dst &&
	echo A >src/a && echo A2 >src/a2 && echo B >src/sub/b &&
	echo old >dst/a2 && echo X >dst/extra &&
	cat >rec.pp <<-EOF &&
	file { "$PWD/dst": source => "$PWD/src", recurse => true, purge => true, force => true }
	EOF
	tend apply $B --report r.json rec.pp >out &&
	cat >expect <<-EOF &&
	Notice: /Stage[main]/Main/File[$PWD/dst/a]/ensure: defined content as '\''{sha256}06f961b802bc46ee168555f066d28f4f0e9afdf3f88174c1ee6f9de004fc30a0'\''
	Notice: /Stage[main]/Main/File[$PWD/dst/a2]/content: content changed '\''{sha256}01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee'\'' to '\''{sha256}09d0e85fc483bcd80dc0d863b033e14450dff829a1959465b6cfad1bf1575b5d'\''
	Notice: /Stage[main]/Main/File[$PWD/dst/extra]/ensure: removed
	Notice: /Stage[main]/Main/File[$PWD/dst/sub]/ensure: created
	Notice: /Stage[main]/Main/File[$PWD/dst/sub/b]/ensure: defined content as '\''{sha256}c0cde77fa8fef97d476c10aad3d2d54fcc2f336140d073651c2dcccf1e379fd6'\''
	EOF
	grep "^Notice: /" out >actual &&
	test_cmp expect actual &&
	test_grep "5 changed, 0 failed, 1 unchanged" out &&
	test_cmp src/a dst/a && test_cmp src/a2 dst/a2 && test_cmp src/sub/b dst/sub/b &&
	! test -e dst/extra &&
	test "$(jq -r ".resource_statuses[\"File[$PWD/dst/sub/b]\"].status" r.json)" = changed &&
	test "$(jq -r ".resource_statuses[\"File[$PWD/dst/sub/b]\"].containment_path" r.json)" = "/Stage[main]/Main/File[$PWD/dst/sub/b]" &&
	test "$(jq -r ".resource_statuses[\"File[$PWD/dst]\"].status" r.json)" = unchanged &&
	test "$(jq -c ".metrics.resources | [.total, .changed]" r.json)" = "[6,5]"
'

test_expect_success APPLY_FILE 'a recursive copy in sync changes nothing' '
	tend apply $B --detailed-exitcodes rec.pp >out &&
	test_grep "0 changed, 0 failed, 5 unchanged" out
'

test_expect_success APPLY_FILE 'a file of a recursive copy that changes refreshes the subscribers' '
	echo A3 >src/a2 &&
	cat >sub.pp <<-EOF &&
	file { "$PWD/dst": source => "$PWD/src", recurse => true }
	exec { "mark": command => "/bin/touch $PWD/marker", refreshonly => true,
		subscribe => File["$PWD/dst"] }
	EOF
	tend apply $B sub.pp >out &&
	test_grep "File\[$PWD/dst/a2\]/content: content changed" out &&
	test_grep "Exec\[mark\]: Triggered .refresh. from 1 event" out &&
	test -f marker &&
	test_cmp src/a2 dst/a2
'

test_expect_success APPLY_FILE 'a file of a recursive copy that fails is its own failure' '
	mkdir -p dst2/a &&
	cat >fail.pp <<-EOF &&
	file { "$PWD/dst2": source => "$PWD/src", recurse => true }
	notify { "after": require => File["$PWD/dst2"] }
	EOF
	test_expect_code 6 tend apply $B --detailed-exitcodes fail.pp >out 2>err &&
	test_grep "Error: /Stage\[main\]/Main/File\[$PWD/dst2/a\]: cannot replace directory .$PWD/dst2/a. with a file without force" err &&
	test_cmp src/a2 dst2/a2 && test_cmp src/sub/b dst2/sub/b &&
	test_grep "Notify\[after\]: Skipping because of failed dependencies" err &&
	test_grep "3 changed, 1 failed, 1 skipped, 1 unchanged" out
'

test_done
