#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend run, key and jobs: outputs, exit codes and messages, against a real master'
. ./test-lib.sh
. "$TEST_DIRECTORY/lib/remote.sh"

test_lazy_prereq SCRIPT 'script -qec true /dev/null </dev/null'
test_lazy_prereq RUNUSER 'test "$(id -u)" = 0 && command -v runuser'

# ---- without a master ----

test_expect_success 'usage errors exit 64' '
	test_expect_code 64 tend run 2>err &&
	test_grep "missing the target and the function" err &&
	test_expect_code 64 tend run "*" 2>err &&
	test_grep "missing the function" err &&
	test_expect_code 64 tend run -E -L "*" test.ping 2>err &&
	test_grep "at most one of -E, -L, -G, -C and -N" err &&
	test_expect_code 64 tend run --out bogus "*" test.ping 2>err &&
	test_grep "unknown outputter .bogus." err &&
	test_expect_code 64 tend run -b 0 "*" test.ping 2>err &&
	test_grep "^error: --batch .0. is out of range" err &&
	test_expect_code 64 tend run -b 10 --max-fail 101% "*" test.ping 2>err &&
	test_grep "^error: --max-fail" err &&
	test_expect_code 64 tend run --max-fail 1 "*" test.ping 2>err &&
	test_grep "needs --batch" err &&
	test_expect_code 64 tend run "*" ping 2>err &&
	test_grep "not a function name" err &&
	test_expect_code 64 tend run --bogus "*" test.ping 2>err &&
	test_expect_code 64 tend key 2>err &&
	test_expect_code 64 tend key frob 2>err &&
	test_expect_code 64 tend key accept 2>err &&
	test_grep "needs an id or --all" err &&
	test_expect_code 64 tend key list bogus 2>err &&
	test_expect_code 64 tend jobs 2>err &&
	test_expect_code 64 tend jobs show 2>err &&
	test_expect_code 64 tend jobs show 123 2>err &&
	test_grep "not a jid" err &&
	test_expect_code 64 tend jobs frob 2>err
'

test_expect_success 'no master: exit 4, naming the socket' '
	test_expect_code 4 tend run --socket "$PWD/none.sock" "*" test.ping >out 2>err &&
	test_must_be_empty out &&
	test_grep "^error: cannot reach the master at .$PWD/none.sock.: No such file or directory$" err &&
	test_expect_code 4 tend key list --socket "$PWD/none.sock" 2>err &&
	test_grep "$PWD/none.sock" err &&
	test_expect_code 4 tend jobs list --socket "$PWD/none.sock" 2>err &&
	test_grep "$PWD/none.sock" err &&
	(
		TEND_MASTER_SOCKET=$PWD/env.sock &&
		export TEND_MASTER_SOCKET &&
		test_expect_code 4 tend run "*" test.ping 2>err
	) &&
	test_grep "$PWD/env.sock" err
'

test_expect_success 'a socket nobody listens on: exit 4' '
	touch dead.sock &&
	test_expect_code 4 tend run --socket "$PWD/dead.sock" "*" test.ping 2>err &&
	test_grep "cannot reach the master at .$PWD/dead.sock." err
'

# ---- a master and three minions ----

test_expect_success 'start a master and three minions' '
	master_start &&
	for id in web1 web2 db1; do minion_start $id || return 1; done &&
	wait_for 20 keys_in pending 3
'

test_expect_success 'key list prints salt-key sections' '
	tend key list >out &&
	cat >expect <<-\EOF &&
	Accepted Keys:
	Denied Keys:
	Unaccepted Keys:
	db1
	web1
	web2
	Rejected Keys:
	EOF
	test_cmp expect out &&
	tend key list un >out &&
	printf "Unaccepted Keys:\ndb1\nweb1\nweb2\n" >expect &&
	test_cmp expect out
'

test_expect_success 'key list --out json is salt-key --out json' '
	tend key list --out json >out &&
	cat >expect <<-\EOF &&
	{
	    "minions": [],
	    "minions_pre": [
	        "db1",
	        "web1",
	        "web2"
	    ],
	    "minions_rejected": [],
	    "minions_denied": []
	}
	EOF
	test_cmp expect out
'

test_expect_success 'key finger prints id:  fingerprint' '
	tend key finger web1 >out &&
	test $(wc -l <out) = 2 &&
	test_grep "^Unaccepted Keys:$" out &&
	test_grep -E "^web1:  ([0-9a-f]{2}:)+[0-9a-f]{2}$" out &&
	tend key finger --out json >out &&
	jq -e ".minions_pre | keys == [\"db1\", \"web1\", \"web2\"]" out &&
	test_expect_code 1 tend key finger nosuch 2>err &&
	test_grep "does not match any keys" err
'

test_expect_success 'key accept takes a glob and says what changed' '
	tend key accept "web*" >out &&
	printf "Key for minion web1 accepted.\nKey for minion web2 accepted.\n" >expect &&
	test_cmp expect out &&
	test_expect_code 1 tend key accept nosuch >out 2>err &&
	test_must_be_empty out &&
	test_grep "^The key glob .nosuch. does not match any unaccepted keys.$" err &&
	tend key accept -A >out &&
	echo "Key for minion db1 accepted." >expect &&
	test_cmp expect out &&
	tend key accept --all 2>err &&
	test_grep "does not match any unaccepted keys" err &&
	wait_for 20 connected 3
'

test_expect_success 'run: nested output, sorted with --static' '
	tend run --static "*" test.ping >out 2>err &&
	printf "db1:\n    True\nweb1:\n    True\nweb2:\n    True\n" >expect &&
	test_cmp expect out &&
	echo "tend: 3 targeted, 3 returned, 0 failed, 0 no return" >expect &&
	test_cmp expect err
'

test_expect_success 'run --out json is one document, sorted by minion id' '
	tend run --out json "*" test.echo hello >out &&
	cat >expect <<-\EOF &&
	{
	    "db1": "hello",
	    "web1": "hello",
	    "web2": "hello"
	}
	EOF
	test_cmp expect out &&
	tend run --out json --out-indent -1 "web*" test.ping >out &&
	echo "{\"web1\": true, \"web2\": true}" >expect &&
	test_cmp expect out
'

test_expect_success 'run --out txt, ndjson, yaml, raw' '
	tend run --out txt "*" test.echo hi >out &&
	sort out >sorted &&
	printf "db1: hi\nweb1: hi\nweb2: hi\n" >expect &&
	test_cmp expect sorted &&
	tend run --out ndjson "*" test.ping >out &&
	test $(wc -l <out) = 3 &&
	jq -s -c "add" out >all &&
	jq -e ". == {\"db1\": true, \"web1\": true, \"web2\": true}" all &&
	tend run --out yaml "*" test.ping >out &&
	printf "db1: true\nweb1: true\nweb2: true\n" >expect &&
	test_cmp expect out &&
	tend run --out raw web1 test.ping >out &&
	echo "{'"'"'web1'"'"': True}" >expect &&
	test_cmp expect out
'

test_expect_success 'arguments: words are args, key=value kwargs, typed as Salt does' '
	tend run --out json web1 test.arg canary 42 "[1, two]" "{a: b}" "a==b" \
		"1_000" "x=yes" "n=1:30" "s='"'"'42'"'"'" "none=None" "t=a: b" >out &&
	jq -S -c .web1 out >actual &&
	echo "{\"args\":[\"canary\",42,[1,\"two\"],{\"a\":\"b\"},\"a==b\",\"1_000\"],\"kwargs\":{\"n\":90,\"none\":null,\"s\":\"42\",\"t\":\"a: b\",\"x\":true}}" >expect &&
	test_cmp expect actual
'

test_expect_success 'a failed minion: exit 1, named on stderr' '
	test_expect_code 1 tend run --out json "web*" cmd.run_all "exit 3" >out 2>err &&
	jq -e ".web1.retcode == 3 and .web2.retcode == 3" out &&
	cat >expect <<-\EOF &&
	tend: 2 targeted, 2 returned, 2 failed, 0 no return
	tend: failed: web1 (retcode 3), web2 (retcode 3)
	EOF
	test_cmp expect err
'

test_expect_success 'nothing matched: exit 3; json still prints a document' '
	test_expect_code 3 tend run --out json "nosuch*" test.ping >out 2>err &&
	echo "{}" >expect &&
	test_cmp expect out &&
	test_grep "^error: no minions matched the target .nosuch\*.; no job was sent$" err &&
	test_grep "^tend: 0 targeted, 0 returned, 0 failed, 0 no return$" err &&
	test_expect_code 3 tend run -L nosuch1,nosuch2 test.ping >out 2>err &&
	test_must_be_empty out
'

test_expect_success 'no progress line when stderr is not a terminal' '
	tend run "*" test.sleep 1 >out 2>err &&
	! grep "$(printf "\r")" err &&
	! grep -q running err
'

test_expect_success SCRIPT 'a progress line on a terminal, redrawn in place' '
	script -qec "\"$TEND\" run --socket \"$TEND_MASTER_SOCKET\" \"*\" test.sleep 1 >out" /dev/null >tty </dev/null &&
	test_grep "$(printf "\r\033\\[K")tend: 0/3 done, 3 running, 0 failed; slowest: " tty &&
	test_grep "tend: 3 targeted, 3 returned, 0 failed, 0 no return" tty &&
	grep -v "^ " out | sort >ids && printf "db1:\nweb1:\nweb2:\n" >expect &&
	test_cmp expect ids
'

test_expect_success 'batches: skipped minions did not return (exit 2)' '
	test_expect_code 2 tend run --static -b 1 --max-fail 1 "*" cmd.run_all "exit 1" >out 2>err &&
	grep -c "Minion did not return. \[Skipped\]" out >count &&
	echo 2 >expect && test_cmp expect count &&
	test_grep "^tend: 3 targeted, 1 returned, 1 failed, 2 no return$" err &&
	test_grep "^tend: no return: .*(skipped), .*(skipped)$" err &&
	test_expect_code 2 tend run --out json -b 34% --max-fail 1 "*" cmd.run_all "exit 1" >out &&
	jq -e "length == 2" out
'

test_expect_success 'batches that all succeed: exit 0' '
	tend run --out json -b 2 "*" test.ping >out &&
	jq -e "length == 3" out
'

test_expect_success '--async prints the jid; jobs show and list find it' '
	tend run --async "*" test.echo later >jid 2>err &&
	test $(wc -l <jid) = 1 &&
	test_grep -E "^[0-9]{20}$" jid &&
	test_must_be_empty err &&
	jid=$(cat jid) &&
	wait_for 10 sh -c "\"$TEND\" jobs show $jid --out json | jq -e \"[.minions[].state] | all(. == \\\"done\\\")\"" &&
	tend jobs show $jid >out &&
	test_grep "^Job:       $jid$" out &&
	test_grep "^Function:  test.echo$" out &&
	test_grep "^Arguments: later$" out &&
	test_grep "^Target:    \*$" out &&
	test_grep "^Minions:   3 targeted, 3 returned, 0 failed, 0 no return$" out &&
	test_grep -E "^MINION +STATE +RETCODE +TIME$" out &&
	test_grep -E "^web1 +done +0 +[0-9.]+s$" out &&
	test_grep "^web1:$" out &&
	test_grep "^    later$" out &&
	tend jobs list >out &&
	test_grep -E "^JID +FUNCTION +TARGET +USER +STARTED +MINIONS$" out &&
	test_grep -E "^$jid +test.echo +\* +[^ ]+ +[0-9-]+ [0-9:]+ +3 ok$" out &&
	tend jobs list --limit 1 --out json >out &&
	jq -e "length == 1 and .[0].jid == \"$jid\"" out &&
	test_expect_code 1 tend jobs show 20000101000000000000 2>err &&
	test_grep "no job 20000101000000000000" err
'

test_expect_success 'jobs active lists what still runs' '
	tend run --async web1 test.sleep 3 >jid &&
	tend jobs active >out &&
	test_grep "$(cat jid)" out &&
	test_grep "web1 " out &&
	wait_for 10 sh -c "! \"$TEND\" jobs active | grep -q $(cat jid)"
'

test_expect_success 'a minion that is down: did not return, exit 2' '
	minion_stop web2 &&
	test_expect_code 2 tend run --static -t 3 "*" test.ping >out 2>err &&
	test_grep "^web2:$" out &&
	test_grep -E "^    Minion did not return. \[(No response|Not connected)\]$" out &&
	test_grep "^tend: 3 targeted, 2 returned, 0 failed, 1 no return$" err &&
	test_grep -E "^tend: no return: web2 \((timeout|offline)\)$" err &&
	test_expect_code 2 tend run --out json -t 3 "*" test.ping >out &&
	jq -e ". == {\"db1\": true, \"web1\": true}" out &&
	minion_start web2 &&
	wait_for 20 connected 3
'

test_expect_success 'the master going away mid-job: exit 4, with the jid to look up' '
	tend run web1 test.sleep 3 >out 2>err &
	pid=$! &&
	sleep 1 &&
	master_stop &&
	test_expect_code 4 wait $pid &&
	test_grep "closed the connection before the job ended" err &&
	test_grep "tend jobs show [0-9]\{20\}" err &&
	MASTER_PORT_FIXED=$MASTER_PORT master_start &&
	wait_for 30 connected 3
'

test_expect_success 'key reject and delete say what changed' '
	minion_start rogue &&
	wait_for 20 keys_in pending 1 &&
	tend key reject rogue >out &&
	echo "Key for minion rogue rejected." >expect &&
	test_cmp expect out &&
	tend key list rej >out &&
	printf "Rejected Keys:\nrogue\n" >expect &&
	test_cmp expect out &&
	minion_stop rogue &&
	tend key delete "rog*" >out &&
	echo "Key for minion rogue deleted." >expect &&
	test_cmp expect out &&
	test_expect_code 1 tend key delete rogue 2>err &&
	test_grep "^The key glob .rogue. does not match any keys.$" err
'

test_expect_success 'key reject leaves accepted keys alone without --include-accepted' '
	minion_start spare &&
	wait_for 20 keys_in pending 1 &&
	tend key accept spare &&
	test_expect_code 1 tend key reject spare 2>err &&
	test_grep "^The key glob .spare. does not match any unaccepted keys.$" err
'

test_expect_success 'key reject --include-accepted revokes an accepted key' '
	tend key reject --include-accepted "spa*" >out &&
	echo "Key for minion spare rejected." >expect &&
	test_cmp expect out &&
	test_expect_code 3 tend run spare test.ping 2>err
'

test_expect_success 'key accept --include-rejected takes a rejected key back' '
	test_expect_code 1 tend key accept spare 2>err &&
	test_grep "^The key glob .spare. does not match any unaccepted keys.$" err &&
	tend key accept --include-rejected spare >out &&
	echo "Key for minion spare accepted." >expect &&
	test_cmp expect out &&
	test_expect_code 64 tend key accept --include-accepted spare 2>err
'

test_expect_success 'key delete removes an accepted key' '
	minion_stop spare &&
	tend key delete spare >out &&
	echo "Key for minion spare deleted." >expect &&
	test_cmp expect out &&
	test_expect_code 3 tend run spare test.ping 2>err
'

test_expect_success RUNUSER 'a user the master does not allow: exit 4' '
	test_expect_code 4 runuser -u nobody -- "$TEND" run "*" test.ping 2>err &&
	test_grep "not allowed\|Permission denied" err
'

test_expect_success 'no sanitizer report in the daemons'"'"' logs' '
	daemon_logs_clean
'

test_done
