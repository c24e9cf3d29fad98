#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend apply: one run at a time (the run lock)'
. ./test-lib.sh

TEND_LOCK="$TRASH_DIRECTORY/agent.lock"
export TEND_LOCK
test_lazy_prereq FLOCK 'command -v flock'

echo '{"name":"n1","resources":[]}' >empty.json

# hold the lock from another process (as a running tend would), writing
# its pid as tend does; wait until it holds it
hold_lock() {
	rm -f held &&
	flock "$1" sh -c "echo \$\$ >\"$1\"; touch held; sleep $2" &
	while ! test -f held; do sleep 0.05; done
}

test_expect_success 'the lock is free: the run goes ahead' '
	tend apply --catalog empty.json >out &&
	test_grep "Applied catalog" out
'

test_expect_success FLOCK 'a second run exits 1 while the lock is held' '
	hold_lock "$TEND_LOCK" 2 &&
	holder=$(cat "$TEND_LOCK") &&
	test_expect_code 1 tend apply --catalog empty.json >out 2>err &&
	test_grep "^Error: another tend run is in progress (pid $holder)$" err &&
	! test_grep "Applied catalog" out &&
	wait
'

test_expect_success FLOCK '--waitforlock waits for the other run to finish' '
	hold_lock "$TEND_LOCK" 1 &&
	tend apply --catalog empty.json --waitforlock 20 >out &&
	test_grep "Applied catalog" out &&
	wait
'

test_expect_success FLOCK '--lockfile overrides $TEND_LOCK' '
	hold_lock "$TEND_LOCK" 1 &&
	tend apply --catalog empty.json --lockfile other.lock >out &&
	test_grep "Applied catalog" out &&
	wait
'

test_done
