# SPDX-License-Identifier: MIT
# remote.sh: a real master and real minions on 127.0.0.1, under the trash
# directory, for tests/t/t6*.sh. Source after test-lib.sh. Every daemon (and
# every job process it left) is stopped when the script ends, even when a
# test failed (test_atexit).

REMOTE=$TRASH_DIRECTORY/remote
mkdir -p "$REMOTE/minions"
TEND_MASTER_SOCKET=$REMOTE/master/master.sock
export TEND_MASTER_SOCKET
master_starts=0

# remote_stop_all: TERM, then KILL, every daemon and job process of this script
remote_stop_all() {
	pkill -TERM -f -- "--root $REMOTE/" 2>/dev/null
	_r_i=0
	while pgrep -f -- "--root $REMOTE/" >/dev/null 2>&1 && test $_r_i -lt 50; do
		sleep 0.1
		_r_i=$((_r_i + 1))
	done
	pkill -KILL -f -- "--root $REMOTE/" 2>/dev/null
	return 0
}
test_atexit remote_stop_all

# master_start [ARGS...]: starts `tend master` on a free port of 127.0.0.1;
# sets MASTER_PORT, MASTER_PID and MASTER_LOG; waits until it listens
master_start() {
	mkdir -p "$REMOTE/master"
	rm -f "$REMOTE/master/master.sock"
	for _r_try in 1 2 3 4 5 6 7 8; do
		master_starts=$((master_starts + 1))
		MASTER_LOG=$REMOTE/master.$master_starts.log
		test -n "$MASTER_PORT_FIXED" && MASTER_PORT=$MASTER_PORT_FIXED ||
			MASTER_PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
		"$TEND" -v master --root "$REMOTE/master" --bind "tcp://127.0.0.1:$MASTER_PORT" \
			"$@" >"$MASTER_LOG" 2>&1 &
		MASTER_PID=$!
		_r_i=0
		while test $_r_i -lt 200; do
			grep -q 'listening on' "$MASTER_LOG" && return 0
			kill -0 "$MASTER_PID" 2>/dev/null || break
			sleep 0.05
			_r_i=$((_r_i + 1))
		done
		cat "$MASTER_LOG" >&2
		kill "$MASTER_PID" 2>/dev/null
		wait "$MASTER_PID" 2>/dev/null
		test -n "$MASTER_PORT_FIXED" && return 1
	done
	return 1
}

# master_stop [SIGNAL]: stops the master (TERM by default) and waits for it
master_stop() {
	kill -"${1:-TERM}" "$MASTER_PID" 2>/dev/null
	wait "$MASTER_PID" 2>/dev/null
	return 0
}

# minion_start ID [ARGS...]: starts `tend minion` with its own directories
# under $REMOTE/minions/ID (facts.d in $REMOTE/minions/ID/conf/facts.d)
minion_start() {
	_r_id=$1
	shift
	mkdir -p "$REMOTE/minions/$_r_id/conf/facts.d"
	"$TEND" -v minion --id "$_r_id" --root "$REMOTE/minions/$_r_id" \
		--master "tcp://127.0.0.1:$MASTER_PORT" \
		--master-pub "$REMOTE/master/pki/master.pub" "$@" \
		>>"$REMOTE/minions/$_r_id.log" 2>&1 &
	echo $! >"$REMOTE/minions/$_r_id.pid"
}

# minion_stop ID [SIGNAL]
minion_stop() {
	_r_pid=$(cat "$REMOTE/minions/$1.pid") &&
	kill -"${2:-TERM}" "$_r_pid" 2>/dev/null
	wait "$_r_pid" 2>/dev/null
	return 0
}

# wait_for SECONDS CMD...: retries CMD every 0.1 s until it succeeds
wait_for() {
	_r_end=$(($(date +%s) + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		test "$(date +%s)" -ge "$_r_end" && return 1
		sleep 0.1
	done
	return 0
}

# keys_in STATE N: exactly N keys are in STATE (accepted, pending, ...)
keys_in() {
	test "$("$TEND" key list --out json | jq --arg s "$1" '
		{accepted: .minions, pending: .minions_pre, rejected: .minions_rejected,
		 denied: .minions_denied}[$s] | length')" = "$2"
}

# connected N: N minions are connected and welcomed
connected() {
	test "$("$TEND" key list --out json >/dev/null && "$TEND" run --out json -t 5 '*' test.ping |
		jq '[.[] | select(. == true)] | length')" = "$1"
}

# daemon_logs_clean: no sanitizer report in any daemon's log
daemon_logs_clean() {
	! grep -l -E 'ERROR: AddressSanitizer|LeakSanitizer|runtime error: ' \
		"$REMOTE"/*.log "$REMOTE"/minions/*.log 2>/dev/null
}
