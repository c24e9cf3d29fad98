#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='remote execution under attack and faults: malformed,
oversized and unknown messages, unaccepted keys, stolen ids, replayed jobs'
. ./test-lib.sh
. "$TEST_DIRECTORY/lib/remote.sh"

# Python's ZeroMQ binding (Debian's python3-zmq) plays the hostile peer.
WIRE="/usr/bin/python3 $TEST_DIRECTORY/lib/wire.py"
test_lazy_prereq PYZMQ '/usr/bin/python3 -c "import zmq; assert zmq.has(\"curve\")"'

# client SCRIPT [--pki DIR]: plays SCRIPT against the master as a minion would
client() {
	_s=$1
	shift
	$WIRE client --master "tcp://127.0.0.1:$MASTER_PORT" \
		--master-pub "$REMOTE/master/pki/master.pub" "$@" "$_s"
}

ret() { # ret JID ID: a return message body
	echo "{\"jid\": \"$1\", \"retcode\": 0, \"return\": \"forged\", \"started\": 1, \"finished\": 2${2:+, \"id\": \"$2\"}}"
}

test_expect_success 'set up: a master and two accepted minions' '
	master_start &&
	minion_start web1 && minion_start web2 &&
	wait_for 20 keys_in pending 2 &&
	tend key accept --all >/dev/null &&
	wait_for 20 connected 2 &&
	tend run --async web1 test.sleep 1 >jid1 &&
	wait_for 10 sh -c "\"$TEND\" jobs show \$(cat jid1) --out json | jq -e \".minions.web1.state == \\\"done\\\"\""
'

test_expect_success PYZMQ 'malformed frames and unknown types are dropped; the master goes on' '
	cat >s.json <<-EOF &&
	[{"send": ["hello"]},
	 {"send": ["hello", "{}", "extra", "frames"]},
	 {"send": ["exec", "{\"cmd\": \"rm -rf /\"}"]},
	 {"send": ["hello", "not json"]},
	 {"send": ["hello", "[1, 2]"]},
	 {"send": ["hello", "{\"id\": \"../../etc\", \"version\": \"1\", \"facts\": {}}"]},
	 {"send": ["hello", "{\"id\": \"x\", \"version\": 1, \"facts\": {}}"]},
	 {"recv": 1}]
	EOF
	client s.json >got &&
	test_must_be_empty got &&
	test_grep "malformed message" "$MASTER_LOG" &&
	test_grep "unknown message type" "$MASTER_LOG" &&
	test_grep "invalid JSON" "$MASTER_LOG" &&
	test_grep "must be a minion id" "$MASTER_LOG" &&
	test_grep "field .version. must be a string" "$MASTER_LOG" &&
	keys_in pending 0 &&
	tend run --out json "*" test.ping >out &&
	jq -e ". == {\"web1\": true, \"web2\": true}" out
'

test_expect_success PYZMQ 'an oversized message is refused and its sender cut off' '
	echo "[{\"send\": [\"facts\", {\"bytes\": 17000000}]}, {\"recv\": 1}]" >s.json &&
	client s.json >got &&
	test_must_be_empty got &&
	tend run --out json "*" test.ping >out &&
	jq -e "length == 2" out
'

# raw SPEC...: connects to the master over plain TCP, sends each SPEC (hex
# bytes), then prints "closed" if the master hung up within 3 s, else "open"
raw() {
	/usr/bin/python3 - "$MASTER_PORT" "$@" <<-\PY
	import socket, sys, time
	s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
	for h in sys.argv[2:]:
	    s.sendall(bytes.fromhex(h))
	s.settimeout(0.2)
	end = time.time() + 3
	while time.time() < end:
	    try:
	        if s.recv(4096) == b"":
	            print("closed"); sys.exit(0)
	    except socket.timeout:
	        pass
	    except ConnectionResetError:
	        print("closed"); sys.exit(0)
	print("open")
	PY
}

GREETING_CURVE=ff00000000000000017f0301$(printf "%s" CURVE | od -An -tx1 | tr -d " \n")$(printf "%094d" 0)
GREETING_NULL=ff00000000000000017f0301$(printf "%s" NULL | od -An -tx1 | tr -d " \n")$(printf "%096d" 0)

test_expect_success 'transport: peers that are not ZMTP/CURVE clients are cut off' '
	test "$(raw 474554202f20485454502f312e300d0a0d0a)" = closed &&
	test "$(raw "$GREETING_NULL")" = closed &&
	test "$(raw "$GREETING_CURVE" 0406054845)" = open &&
	test "$(raw "$GREETING_CURVE" 01ff)" = closed &&
	test "$(raw "$GREETING_CURVE" 020000010000000000)" = closed &&
	test "$(raw "$GREETING_CURVE" 00054845)" = closed &&
	tend run --out json "*" test.ping >out &&
	jq -e ". == {\"web1\": true, \"web2\": true}" out
'

test_expect_success PYZMQ 'an unknown key gets pending for hello, nothing for anything else' '
	cat >s.json <<-EOF &&
	[{"send": ["return", $(ret $(cat jid1))]},
	 {"send": ["ack", {"jid": "$(cat jid1)"}]},
	 {"send": ["facts", {"facts": {"kernel": "Forged"}}]},
	 {"recv": 1},
	 {"send": ["hello", {"id": "newcomer", "version": "1", "facts": {}}]},
	 {"recv": 1}]
	EOF
	client s.json >got &&
	test "$(cat got)" = "pending {}" &&
	keys_in pending 1 &&
	test_grep "from a key that is not accepted" "$MASTER_LOG" &&
	tend jobs show $(cat jid1) --out json >job &&
	jq -e ".minions | keys == [\"web1\"]" job &&
	jq -e ".minions.web1.return == true" job &&
	tend key delete newcomer >/dev/null
'

test_expect_success PYZMQ 'an accepted key cannot act as another minion' '
	tend run --async web2 test.sleep 1 >jid2 &&
	wait_for 10 sh -c "\"$TEND\" jobs show \$(cat jid2) --out json | jq -e \".minions.web2.state == \\\"done\\\"\"" &&
	cat >s.json <<-EOF &&
	[{"send": ["hello", {"id": "web2", "version": "1", "facts": {}}]},
	 {"recv": 1},
	 {"send": ["return", $(ret $(cat jid2) web2)]},
	 {"send": ["return", $(ret $(cat jid2))]},
	 {"recv": 1}]
	EOF
	client s.json --pki "$REMOTE/minions/web1/pki" >got &&
	grep "^rejected .*accepted for another minion id" got &&
	test_grep "says it is .web2.; refused" "$MASTER_LOG" &&
	test_grep "sent a return as .web2.; refused" "$MASTER_LOG" &&
	test_grep "return for job $(cat jid2) it was not given" "$MASTER_LOG" &&
	tend jobs show $(cat jid2) --out json >job &&
	jq -e ".minions | keys == [\"web2\"]" job &&
	jq -e ".minions.web2.return == true" job
'

test_expect_success PYZMQ 'a minion runs a replayed job once and refuses an expired one' '
	mkdir -p fake &&
	now=$(date +%s) &&
	cat >m.json <<-EOF &&
	[{"wait_hello": 20},
	 {"ack_returns": true},
	 {"send": ["job", {"jid": "20990101000000000001", "fun": "cmd.run", "args": ["echo ran >>$PWD/runs"],
	   "kwargs": {}, "timeout": 60, "expires": $((now + 600)), "nonce": "01"}]},
	 {"recv": 3},
	 {"send": ["job", {"jid": "20990101000000000001", "fun": "cmd.run", "args": ["echo ran >>$PWD/runs"],
	   "kwargs": {}, "timeout": 60, "expires": $((now + 600)), "nonce": "02"}]},
	 {"recv": 2},
	 {"send": ["job", {"jid": "20990101000000000002", "fun": "test.ping", "args": [],
	   "kwargs": {}, "timeout": 60, "expires": $((now - 10)), "nonce": "03"}]},
	 {"recv": 2}]
	EOF
	port=$((MASTER_PORT + 1)) &&
	{ $WIRE master --bind tcp://127.0.0.1:$port --pki fake m.json  >replay & } &&
	fake=$! &&
	wait_for 5 test -s fake/master.pub &&
	mkdir -p "$REMOTE/minions/lone" &&
	{ "$TEND" minion --id lone --root "$REMOTE/minions/lone" --master tcp://127.0.0.1:$port \
		--master-pub fake/master.pub >>"$REMOTE/minions/lone.log" 2>&1 & } &&
	wait $fake &&
	test "$(grep -c "^ack {\"jid\":\"20990101000000000001\"}" replay)" = 2 &&
	test "$(grep -c "^return {\"jid\":\"20990101000000000001\"" replay)" = 1 &&
	test "$(cat runs)" = ran &&
	grep "^ack .*20990101000000000002.*refused.*expired" replay &&
	! grep "^return .*20990101000000000002" replay
'

test_expect_success PYZMQ 'a minion given another master key never talks to that master' '
	mkdir -p other &&
	echo "[{\"recv\": 3}]" >m.json &&
	port=$((MASTER_PORT + 2)) &&
	{ $WIRE master --bind tcp://127.0.0.1:$port --pki other m.json >got & } &&
	fake=$! &&
	mkdir -p "$REMOTE/minions/trusting" &&
	{ "$TEND" minion --id trusting --root "$REMOTE/minions/trusting" --master tcp://127.0.0.1:$port \
		--master-pub "$REMOTE/master/pki/master.pub" >>"$REMOTE/minions/trusting.log" 2>&1 & } &&
	wait $fake &&
	test_must_be_empty got &&
	test_grep "closed the connection during the CURVE handshake" "$REMOTE/minions/trusting.log"
'

test_expect_success 'the API refuses other users' '
	test_have_prereq ROOT || { say "# skipped: needs root to switch users"; return 0; }
	id nobody >/dev/null &&
	chmod 755 "$TRASH_DIRECTORY" "$REMOTE" "$REMOTE/master" &&
	test_expect_code 4 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$TEND" run "*" test.ping 2>err &&
	test_grep "not allowed" err &&
	sqlite3 "$REMOTE/master/master.db" "select user, outcome from audit where outcome = '"'"'not allowed'"'"'" >audit &&
	test_grep "nobody|not allowed" audit
'

test_expect_success 'no sanitizer report in the daemons'"'"' logs' '
	daemon_logs_clean
'

test_done
