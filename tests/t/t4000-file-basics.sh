#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='file type through tend apply: content, mode, directories, links, noop, filebucket'
. ./test-lib.sh

# tend apply and the file type must both be in the binary
test_lazy_prereq APPLY_FILE '
	mkdir -p prereq-apply &&
	"$TEND" apply --bucketdir "$PWD/prereq-apply/b" \
		-e "file { \"$PWD/prereq-apply/f\": content => \"x\" }" &&
	test -f prereq-apply/f
'

B="--bucketdir $PWD/bucket"

test_expect_success APPLY_FILE 'content creates a file with Puppet'\''s message' '
	tend apply $B -e "file { \"$PWD/motd\": content => \"hello\n\", mode => \"0600\" }" >out &&
	printf "hello\n" >expect &&
	test_cmp expect motd &&
	test "$(stat -c %a motd)" = 600 &&
	test_grep "File\[$PWD/motd\]/ensure: defined content as .{sha256}5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03." out
'

test_expect_success APPLY_FILE 'a second run changes nothing' '
	tend apply $B --detailed-exitcodes -e "file { \"$PWD/motd\": content => \"hello\n\", mode => \"0600\" }" >out &&
	! grep "ensure:\|content:\|mode:" out
'

test_expect_success APPLY_FILE 'a content change is backed up and restorable' '
	tend apply $B -e "file { \"$PWD/motd\": content => \"hello\nworld\n\", mode => \"0644\" }" >out &&
	test_grep "content: content changed .{sha256}5891b5b5.*. to .{sha256}4a1e67f2" out &&
	test_grep "mode: mode changed .0600. to .0644." out &&
	printf "hello\nworld\n" >expect &&
	test_cmp expect motd &&
	tend filebucket $B list >list &&
	test_grep "^5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 .* $PWD/motd\$" list &&
	tend filebucket $B get 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 >got &&
	printf "hello\n" >expect &&
	test_cmp expect got &&
	tend filebucket $B restore "$PWD/motd" 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 &&
	test_cmp expect motd &&
	test "$(stat -c %a motd)" = 644
'

test_expect_success APPLY_FILE 'noop reports the change and touches nothing' '
	cp motd before &&
	tend apply $B --noop -e "file { \"$PWD/motd\": content => \"other\n\", mode => \"a+x\" }" >out &&
	test_grep "content: current_value .{sha256}5891b5b5.*, should be .{sha256}.* (noop)" out &&
	test_cmp before motd &&
	test "$(stat -c %a motd)" = 644
'

test_expect_success APPLY_FILE 'directories, links, absent; parents first' '
	tend apply $B -e "
		file { \"$PWD/d/x\": content => \"x\" }
		file { \"$PWD/d\": ensure => directory }
		file { \"$PWD/l\": ensure => link, target => \"$PWD/d/x\" }
		file { \"$PWD/motd\": ensure => absent }
	" >out &&
	test -d d && test -f d/x && test -L l &&
	test "$(readlink l)" = "$PWD/d/x" &&
	! test -e motd &&
	test_grep "File\[$PWD/motd\]/ensure: removed" out
'

test_expect_success APPLY_FILE 'source from a module with puppet:///modules' '
	mkdir -p mods/m/files &&
	printf "from module\n" >mods/m/files/conf &&
	tend apply $B --modulepath "$PWD/mods" -e "file { \"$PWD/conf\": source => \"puppet:///modules/m/conf\" }" &&
	test_cmp mods/m/files/conf conf
'

test_expect_success APPLY_FILE 'invalid values fail before anything changes' '
	test_must_fail tend apply $B -e "
		file { \"$PWD/new1\": content => \"x\" }
		file { \"$PWD/bad\": mode => \"999\" }
	" 2>err &&
	test_grep "The file mode specification is invalid" err &&
	! test -e new1 &&
	test_must_fail tend apply $B -e "file { \"$PWD/bad\": ensure => sometimes }" 2>err &&
	test_grep "Invalid value .sometimes." err
'

test_expect_success 'tend filebucket usage and unknown sums' '
	test_expect_code 129 tend filebucket &&
	test_must_fail tend filebucket $B get 0000000000000000000000000000000000000000000000000000000000000000 2>err &&
	test_grep "is not in the filebucket" err
'

test_done
