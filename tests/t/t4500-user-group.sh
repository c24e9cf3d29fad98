#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend apply: group and user through groupadd/useradd, checked with getent'
. ./test-lib.sh

TEND_LOCK="$TRASH_DIRECTORY/agent.lock"
TEND_BUCKETDIR="$TRASH_DIRECTORY/bucket"
export TEND_LOCK TEND_BUCKETDIR
PATH=$PATH:/usr/sbin:/sbin
export PATH

# tend apply is written in parallel; these run once it applies a notify
test_lazy_prereq APPLY 'tend apply -e "notify{probe:}"'

U=tendtestt45u
G=tendtestt45g
G2=tendtestt45h

# everything these tests may create, removed even when a step fails
cleanup() {
	userdel "$U" 2>/dev/null
	groupdel "$U" 2>/dev/null
	groupdel "$G" 2>/dev/null
	groupdel "$G2" 2>/dev/null
	:
}

test_expect_success APPLY 'invalid user and group parameters fail before any change' '
	test_must_fail tend apply -e "user { $U: expiry => soon }" 2>err &&
	test_grep "Expiry dates must be YYYY-MM-DD" err &&
	test_must_fail tend apply -e "group { $G: gid => abc }" 2>err &&
	test_grep "Invalid GID abc" err &&
	! getent passwd $U &&
	! getent group $G
'

test_expect_success ROOT,APPLY 'a group is created, its gid changed, then removed' '
	test_when_finished cleanup &&
	tend apply -e "group { $G: gid => 4751 }" >out &&
	test_grep "Group\[$G\]/ensure: created" out &&
	test "$(getent group $G | cut -d: -f3)" = 4751 &&
	tend apply -e "group { $G: gid => 4752 }" >out &&
	test_grep "Group\[$G\]/gid: gid changed 4751 to 4752" out &&
	test "$(getent group $G | cut -d: -f3)" = 4752 &&
	tend apply -e "group { $G: gid => 4752 }" >out &&
	! grep "Group\[$G\]" out &&
	tend apply -e "group { $G: ensure => absent }" >out &&
	test_grep "Group\[$G\]/ensure: removed" out &&
	! getent group $G
'

test_expect_success ROOT,APPLY 'a user is created, changed as puppet reports it, then removed' '
	test_when_finished cleanup &&
	tend apply -e "
		group { $G: gid => 4751 }
		group { $G2: gid => 4753 }
		user { $U: uid => 4751, gid => $G, shell => \"/bin/sh\",
			comment => \"First\", groups => [$G2] }" >out &&
	test_grep "User\[$U\]/ensure: created" out &&
	echo "$U:x:4751:4751:First:/home/$U:/bin/sh" >expect &&
	getent passwd $U >actual &&
	test_cmp expect actual &&
	getent group $G2 | grep ":$U\$" &&

	tend apply -e "user { $U: uid => 4752, shell => \"/bin/bash\",
		comment => \"Second\", groups => [$G], membership => inclusive }" >out &&
	test_grep "User\[$U\]/uid: uid changed 4751 to 4752" out &&
	test_grep "User\[$U\]/comment: comment changed .First. to .Second." out &&
	test_grep "User\[$U\]/shell: shell changed ./bin/sh. to ./bin/bash." out &&
	test_grep "User\[$U\]/groups: groups changed $G2 to \[.$G.\]" out &&
	echo "$U:x:4752:4751:Second:/home/$U:/bin/bash" >expect &&
	getent passwd $U >actual &&
	test_cmp expect actual &&
	getent group $G | grep ":$U\$" &&
	! getent group $G2 | grep ":$U\$" &&

	tend apply -e "user { $U: ensure => absent }" >out &&
	test_grep "User\[$U\]/ensure: removed" out &&
	! getent passwd $U
'

test_expect_success ROOT,APPLY 'noop reports the change and leaves the user alone' '
	test_when_finished cleanup &&
	tend apply -e "user { $U: uid => 4751, shell => \"/bin/sh\" }" &&
	tend apply --noop -e "user { $U: shell => \"/bin/bash\" }" >out &&
	test_grep "User\[$U\]/shell: current_value ./bin/sh., should be ./bin/bash. (noop)" out &&
	test "$(getent passwd $U | cut -d: -f7)" = /bin/sh
'

test_expect_success ROOT,APPLY 'a password is set from its hash and reported redacted' '
	test_when_finished cleanup &&
	tend apply -e "user { $U: uid => 4751, password => \"\\\$6\\\$salt\\\$hash\" }" &&
	grep "^$U:\\\$6\\\$salt\\\$hash:" /etc/shadow &&
	tend apply -e "user { $U: password => \"\\\$6\\\$salt\\\$other\" }" >out &&
	test_grep "User\[$U\]/password: changed \[redacted\] to \[redacted\]" out &&
	! grep other out
'

test_done
