#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend master and tend minion: keys, targeting, returns, faults'
. ./test-lib.sh
. "$TEST_DIRECTORY/lib/remote.sh"

test_expect_success 'the master starts and makes its key pair' '
	mkdir -p "$REMOTE/master" &&
	cat >"$REMOTE/master/master.yaml" <<-\EOF &&
	nodegroups:
	  webs: "web*"
	  canaries: "G@cluster-type:canary or L@db1"
	  listed: [db1, web2]
	EOF
	master_start &&
	test -s "$REMOTE/master/pki/master.pub" &&
	test "$(stat -c %a "$REMOTE/master/pki/master.key")" = 600 &&
	test "$(stat -c %a "$REMOTE/master/pki")" = 700
'

test_expect_success 'minions connect out and wait as pending' '
	for id in web1 web2 db1; do minion_start $id || return 1; done &&
	echo "cluster-type=canary" >"$REMOTE/minions/web1/conf/facts.d/cluster.txt" &&
	echo "{\"roles\": [\"db\", \"backup\"]}" >"$REMOTE/minions/db1/conf/facts.d/roles.json" &&
	wait_for 20 keys_in pending 3 &&
	test "$(stat -c %a "$REMOTE/minions/web1/pki/minion.key")" = 600
'

test_expect_success 'nothing is reachable before the keys are accepted' '
	test_expect_code 3 tend run "*" test.ping >out 2>err &&
	test_grep "nothing matched\|0 targeted\|No minions matched" err
'

test_expect_success 'tend key accept admits them; test.ping returns true' '
	tend key accept --all >out &&
	wait_for 20 keys_in accepted 3 &&
	wait_for 20 connected 3 &&
	tend run --out json "*" test.ping >out &&
	jq -e ". == {\"db1\": true, \"web1\": true, \"web2\": true}" out
'

test_expect_success 'targets: glob, list, regex, facts, compound' '
	tend run --out json "web*" test.ping >out && jq -e "keys == [\"web1\", \"web2\"]" out &&
	tend run --out json -L db1,web2 test.ping >out && jq -e "keys == [\"db1\", \"web2\"]" out &&
	tend run --out json -E "^w.b[0-9]$" test.ping >out && jq -e "keys == [\"web1\", \"web2\"]" out &&
	tend run --out json -G "cluster-type:canary" test.ping >out && jq -e "keys == [\"web1\"]" out &&
	tend run --out json -G "roles:back*" test.ping >out && jq -e "keys == [\"db1\"]" out &&
	tend run --out json -C "web* and not G@cluster-type:canary or L@db1" test.ping >out &&
	jq -e "keys == [\"db1\", \"web2\"]" out
'

test_expect_success 'nodegroups from the master configuration: -N and N@' '
	tend run --out json -N canaries test.ping >out && jq -e "keys == [\"db1\", \"web1\"]" out &&
	tend run --out json -N listed test.ping >out && jq -e "keys == [\"db1\", \"web2\"]" out &&
	tend run --out json -C "N@webs and not web1" test.ping >out && jq -e "keys == [\"web2\"]" out &&
	test_expect_code 4 tend run -N nosuch test.ping 2>err &&
	test_grep "nosuch" err
'

test_expect_success 'facts are the minions'"'"' own (kernel, id)' '
	tend run --out json web1 facts.get kernel >out &&
	jq -e ".web1 == \"Linux\"" out
'

test_expect_success 'cmd.run passes quotes, spaces and ; through unharmed' '
	tend run --out json web1 cmd.run "printf %s \"a b;c\"" >out &&
	jq -e ".web1 == \"a b;c\"" out
'

test_expect_success 'a failing command: exit 1, the return kept' '
	test_expect_code 1 tend run --out json web1 cmd.run_all "exit 3" >out 2>err &&
	jq -e ".web1.retcode == 3" out &&
	test_grep "1 failed" err
'

test_expect_success 'a minion that is down: exit 2, named as no return' '
	minion_stop web2 &&
	test_expect_code 2 tend run --out json -t 3 "*" test.ping >out 2>err &&
	jq -e ". == {\"db1\": true, \"web1\": true}" out &&
	test_grep "1 no return" err &&
	tend minions --out json >st &&
	jq -e ".up == [\"web1\", \"db1\"] or .up == [\"db1\", \"web1\"]" st &&
	jq -e ".down == [\"web2\"]" st &&
	tend minions >st &&
	test_grep "^down:" st &&
	minion_start web2 &&
	wait_for 20 connected 3
'

test_expect_success 'a minion down when the job starts gets it when it is back in time' '
	minion_stop web2 &&
	sleep 0.5 &&
	tend run --async -t 30 "*" test.ping >jid &&
	sleep 1 &&
	minion_start web2 &&
	wait_for 20 sh -c "\"$TEND\" jobs show \$(cat jid) --out json | jq -e \".minions.web2.state == \\\"done\\\"\"" &&
	wait_for 20 connected 3
'

test_expect_success 'a second key for an accepted id is denied, not swapped in' '
	mkdir -p "$REMOTE/minions/impostor" &&
	{ "$TEND" minion --id web1 --root "$REMOTE/minions/impostor" \
		--master "tcp://127.0.0.1:$MASTER_PORT" \
		--master-pub "$REMOTE/master/pki/master.pub" >>"$REMOTE/minions/impostor.log" 2>&1 & } &&
	wait_for 20 keys_in denied 1 &&
	tend key list --out json >keys &&
	jq -e ".minions | index(\"web1\")" keys &&
	test_must_fail tend key accept web1 &&
	tend run --out json web1 test.ping >out &&
	jq -e ".web1 == true" out &&
	pkill -f -- "--root $REMOTE/minions/impostor" &&
	test_grep "refused this minion" "$REMOTE/minions/impostor.log"
'

test_expect_success 'a rejected key stays rejected when it comes back' '
	minion_start rogue &&
	wait_for 20 keys_in pending 1 &&
	tend key reject rogue &&
	minion_stop rogue &&
	minion_start rogue &&
	sleep 1 &&
	keys_in rejected 1 &&
	test_expect_code 3 tend run rogue test.ping 2>err &&
	minion_stop rogue
'

test_expect_success '--async prints the jid; jobs show has the returns' '
	tend run --async "*" test.ping >jid &&
	grep -E "^[0-9]{20}$" jid &&
	wait_for 10 sh -c "\"$TEND\" jobs show \$(cat jid) --out json | jq -e \"[.minions[].state] | all(. == \\\"done\\\")\""
'

test_expect_success 'the audit log records who ran what' '
	sqlite3 "$REMOTE/master/master.db" "select user, action, target, fun from audit" >audit &&
	test_grep "run|web\*|test.ping" audit &&
	test_must_fail sqlite3 "$REMOTE/master/master.db" "delete from audit" &&
	test_must_fail sqlite3 "$REMOTE/master/master.db" "update audit set user = 1"
'

test_expect_success 'a minion killed mid-job sends the return when it comes back' '
	tend run --async web1 cmd.run "sleep 2; echo survived" >jid &&
	sleep 0.7 &&
	minion_stop web1 KILL &&
	minion_start web1 &&
	wait_for 20 sh -c "\"$TEND\" jobs show \$(cat jid) --out json | jq -e \".minions.web1.return == \\\"survived\\\"\""
'

test_expect_success 'the master killed mid-job loses no return' '
	tend run --async "*" cmd.run "sleep 2; echo done" >jid &&
	sleep 0.5 &&
	master_stop KILL &&
	sleep 2.5 &&
	MASTER_PORT_FIXED=$MASTER_PORT master_start &&
	wait_for 30 sh -c "\"$TEND\" jobs show \$(cat jid) --out json | jq -e \"[.minions[].return] == [\\\"done\\\", \\\"done\\\", \\\"done\\\"]\""
'

test_expect_success 'batches: a sliding window that stops at max-fail' '
	wait_for 30 connected 3 &&
	test_expect_code 2 tend run --out json -b 1 --max-fail 1 "*" cmd.run_all "exit 1" >out 2>err &&
	jq -e "length == 1" out &&
	test_grep "skipped" err
'

test_expect_success 'custom modules: synced by sha256, then callable (the seed'"'"'s wmftest.puppet_env)' '
	mkdir -p "$REMOTE/master/modules/wmftest" &&
	cp "$TEST_DIRECTORY/../../examples/salt/modules/wmftest/puppet_env" "$REMOTE/master/modules/wmftest/" &&
	chmod +x "$REMOTE/master/modules/wmftest/puppet_env" &&
	tend run --out json "*" saltutil.sync_modules >out &&
	jq -e ".web1 | index(\"wmftest/puppet_env\")" out &&
	tend run --out json -G "cluster-type:canary" wmftest.puppet_env canary >out &&
	jq -e "keys == [\"web1\"]" out &&
	tend run --out json "*" node.env >out &&
	jq -e ". == {\"db1\": \"production\", \"web1\": \"canary\", \"web2\": \"production\"}" out &&
	tend run --out json "*" saltutil.sync_modules >out &&
	jq -e ".web1 == []" out
'

test_expect_success 'no sanitizer report in the daemons'"'"' logs' '
	daemon_logs_clean
'

test_done
