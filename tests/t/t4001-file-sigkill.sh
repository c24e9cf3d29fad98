#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='file type: a tend apply killed with SIGKILL never leaves a half-written file'
. ./test-lib.sh

test_lazy_prereq APPLY_FILE '
	mkdir -p prereq-apply &&
	"$TEND" apply --bucketdir "$PWD/prereq-apply/b" \
		-e "file { \"$PWD/prereq-apply/f\": content => \"x\" }" &&
	test -f prereq-apply/f
'

test_expect_success APPLY_FILE 'setup: two 1 MB versions' '
	awk "BEGIN { for (i = 0; i < 16384; i++) printf \"%063d\n\", i }" >old &&
	awk "BEGIN { for (i = 0; i < 16384; i++) printf \"%063d\n\", i * 7 }" >new &&
	test "$(wc -c <old)" = 1048576 &&
	cp old big
'

test_expect_success APPLY_FILE '50 runs killed at random points leave old or new content' '
	i=0 && mixed=0 &&
	while test $i -lt 50
	do
		if test $((i % 2)) = 0; then src=new; else src=old; fi &&
		delay=$(awk "BEGIN { srand($i + $$); printf \"0.%03d\", rand() * 40 }") &&
		{ "$TEND" apply --bucketdir "$PWD/bucket" \
			-e "file { \"$PWD/big\": source => \"$PWD/$src\" }" >/dev/null 2>&1 &
		  pid=$! ; } &&
		sleep $delay &&
		{ kill -9 $pid 2>/dev/null; wait $pid; true; } &&
		if ! cmp -s big old && ! cmp -s big new
		then
			mixed=$((mixed + 1))
		fi &&
		i=$((i + 1)) || return 1
	done &&
	test $mixed = 0
'

test_expect_success APPLY_FILE 'the next run converges' '
	tend apply --bucketdir "$PWD/bucket" -e "file { \"$PWD/big\": source => \"$PWD/new\" }" &&
	test_cmp new big
'

test_done
