# SPDX-License-Identifier: MIT
# test-lib.sh: the library every tests/t/tNNNN-*.sh script sources (git's t/ style)
#
#	test_description='what this script covers'
#	. ./test-lib.sh
#	test_expect_success 'title' '
#		tend --version >out &&
#		test_grep "^tend " out
#	'
#	test_done
#
# Output is TAP, for prove. Each script runs in its own trash directory,
# tests/t/trash.<script-name>, emptied at the start and removed at the end
# unless a test failed or TEND_TEST_KEEP is set. Options (also through
# TEND_TEST_OPTS): -v/--verbose shows each test's output as it runs,
# -i/--immediate stops at the first failure, -d/--debug keeps the trash
# directory, -x traces test bodies with set -x.
#
# Environment: TEND is the tend binary (the Makefile exports an absolute
# path; default ../../tend from this directory). Tests with the ROOT
# prerequisite change the machine (packages, services, users): they run
# when we are root (as CI is) unless TEND_TEST_ROOT=0, and clean up after
# themselves.

# ---- setup ----

TEST_DIRECTORY=$(cd "$(dirname "$0")" && pwd) || exit 1
TEST_NAME=$(basename "$0" .sh)
TRASH_DIRECTORY="$TEST_DIRECTORY/trash.$TEST_NAME"

: "${TEND:=$TEST_DIRECTORY/../../tend}"
case "$TEND" in
/*) ;;
*) TEND="$(pwd)/$TEND" ;;
esac
export TEND

# a fixed environment: messages, sorting and time zones must not vary
LC_ALL=C
LANG=C
TZ=UTC
export LC_ALL LANG TZ
unset CDPATH GREP_OPTIONS
# sanitizer defaults for `make asan`; a caller's own settings win
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS UBSAN_OPTIONS

verbose=
immediate=
debug=${TEND_TEST_KEEP:+t}
trace=
for opt in $TEND_TEST_OPTS "$@"; do
	case "$opt" in
	-v | --verbose) verbose=t ;;
	-i | --immediate) immediate=t ;;
	-d | --debug) debug=t ;;
	-x) trace=t ;;
	*) echo "test-lib: unknown option '$opt'" >&2; exit 1 ;;
	esac
done

# fd 5: TAP output; fd 8: the real stderr (what prove shows). Inside a
# test, fd 3 and 4 are the test's stdout and stderr (its log).
exec 5>&1 8>&2

test_count=0
test_success=0
test_failure=0
test_fixed=0
test_broken=0
test_skipped=0
test_cleanup=:
test_atexit_cleanup=:
in_test=
lazily_tested_prereq=
satisfied_prereq=
lazy_prereqs=

say() {
	printf '%s\n' "$*" >&5
}

# a TAP diagnostic: every line prefixed with '# '
say_diag() {
	printf '%s\n' "$*" | sed 's/^/# /' >&5
}

# Stops the whole script, git's "error": an error in the test script itself.
BUG() {
	echo "test-lib: BUG in $0: $*" >&8
	exit 1
}

error() {
	echo "test-lib: error: $*" >&8
	exit 1
}

# ---- prerequisites ----

# test_set_prereq NAME: declare that NAME is satisfied
test_set_prereq() {
	satisfied_prereq="$satisfied_prereq $1 "
}

# test_lazy_prereq NAME 'script': NAME holds if the script succeeds; it runs
# at most once, on first use, in a scratch directory and a subshell.
test_lazy_prereq() {
	lazy_prereqs="$lazy_prereqs $1 "
	eval "test_prereq_script_$1=\$2"
}

run_lazy_prereq() {
	eval "_tl_script=\$test_prereq_script_$1"
	_tl_dir="$TRASH_DIRECTORY/.tend-test/prereq-$1"
	mkdir -p "$_tl_dir" || return 1
	if (cd "$_tl_dir" && eval "$_tl_script") >/dev/null 2>&1; then
		rm -rf "$_tl_dir"
		return 0
	fi
	rm -rf "$_tl_dir"
	return 1
}

# test_have_prereq LIST: LIST is comma-separated, each optionally
# negated with '!'. Succeeds when all hold; sets $missing_prereq.
test_have_prereq() {
	_tl_save_IFS=$IFS
	IFS=,
	set -- $*
	IFS=$_tl_save_IFS
	missing_prereq=
	for _tl_p in "$@"; do
		_tl_negate=
		case "$_tl_p" in
		!*) _tl_negate=t; _tl_p=${_tl_p#!} ;;
		esac
		case "$lazy_prereqs" in
		*" $_tl_p "*)
			case "$lazily_tested_prereq" in
			*" $_tl_p "*) ;;
			*)
				lazily_tested_prereq="$lazily_tested_prereq $_tl_p "
				if run_lazy_prereq "$_tl_p"; then
					test_set_prereq "$_tl_p"
				fi
				;;
			esac
			;;
		esac
		case "$satisfied_prereq" in
		*" $_tl_p "*) _tl_ok=t ;;
		*) _tl_ok= ;;
		esac
		if test -n "$_tl_negate"; then
			if test -n "$_tl_ok"; then _tl_ok=; else _tl_ok=t; fi
		fi
		if test -z "$_tl_ok"; then
			missing_prereq="${missing_prereq:+$missing_prereq,}${_tl_negate:+!}$_tl_p"
		fi
	done
	test -z "$missing_prereq"
}

test_lazy_prereq ROOT '
	test "$(id -u)" = 0 && test "${TEND_TEST_ROOT:-1}" != 0
'
test_lazy_prereq PUPPET 'command -v puppet'
test_lazy_prereq JQ 'command -v jq'
test_lazy_prereq SANITIZED '
	nm "$TEND" 2>/dev/null | grep -q __asan_init
'

# test_lock_machine NAME: holds a lock (flock on $TMPDIR/tend-test-NAME.lock)
# until the script ends, so that scripts changing the same part of the
# machine never overlap: `prove -j`, or two checkouts testing at once,
# would otherwise meet on dpkg's lock or memcached's port. Processes the
# script starts inherit the descriptor (a daemon still running keeps the
# lock), hence the time limit.
test_lock_machine() {
	exec 8>"${TMPDIR:-/tmp}/tend-test-$1.lock" &&
	flock -w 900 8 || error "waited 15 minutes for the $1 lock"
}

# ---- running tests ----

# test_when_finished 'cmd': run cmd after the current test, even when it
# failed; if cmd fails, the test fails. Last registered runs first.
test_when_finished() {
	test -n "$in_test" ||
		BUG "test_when_finished outside test_expect_success"
	test_cleanup="{ $*
		} && (exit \"\$eval_ret\"); eval_ret=\$?; $test_cleanup"
}

# test_atexit 'cmd': run cmd when the script ends (test_done, error or
# signal), e.g. to stop a daemon. Last registered runs first.
test_atexit() {
	test_atexit_cleanup="{ $*
		} >&3 2>&4; $test_atexit_cleanup"
}

run_atexit() {
	_tl_cleanup=$test_atexit_cleanup
	test_atexit_cleanup=:
	(cd "$TRASH_DIRECTORY" 2>/dev/null; eval "$_tl_cleanup") 3>/dev/null 4>&8
}

sanitizer_marker() {
	echo "$TRASH_DIRECTORY/.tend-test/sanitizer-report"
}

# Runs one test body in this shell (variables persist between tests, as in
# git); its output goes to a log that is shown when the test fails.
test_eval() {
	_tl_log="$TRASH_DIRECTORY/.tend-test/log"
	rm -f "$(sanitizer_marker)"
	in_test=t
	test_cleanup=:
	if test -n "$verbose"; then
		exec 3>&5 4>&8
	else
		exec 3>"$_tl_log" 4>&3
	fi
	if test -n "$trace"; then
		# trace the body only, into the log
		test_eval_inner "set -x
$1
_tl_ret=\$?
{ set +x; } 2>/dev/null
(exit \$_tl_ret)"
	else
		test_eval_inner "$1"
	fi
	test_ret=$?
	in_test=
	cd "$TRASH_DIRECTORY" || error "cannot go back to $TRASH_DIRECTORY"
	if test -f "$(sanitizer_marker)"; then
		echo "test-lib: a sanitizer report from tend fails this test" >&4
		test_ret=1
	fi
	exec 3>&- 4>&-
	return $test_ret
}

test_eval_inner() {
	eval "$1" </dev/null >&3 2>&4
	eval_ret=$?
	eval "$test_cleanup" </dev/null >&3 2>&4
	return $eval_ret
}

show_log() {
	if test -z "$verbose" && test -s "$TRASH_DIRECTORY/.tend-test/log"; then
		sed 's/^/#	/' "$TRASH_DIRECTORY/.tend-test/log" >&5
	fi
}

# Decides whether test number $test_count runs; prints the skip line if not.
test_skip() {
	test_count=$((test_count + 1))
	to_skip=
	skip_reason=
	if test -n "$1" && ! test_have_prereq "$1"; then
		to_skip=t
		skip_reason="missing $missing_prereq"
	fi
	if test -n "$to_skip"; then
		test_skipped=$((test_skipped + 1))
		say "ok $test_count # skip $2 ($skip_reason)"
		return 0
	fi
	return 1
}

test_expect_success() {
	test "$#" = 3 && { prereq=$1; shift; } || prereq=
	test "$#" = 2 || BUG "not 2 or 3 parameters to test_expect_success"
	if ! test_skip "$prereq" "$1"; then
		if test_eval "$2"; then
			test_success=$((test_success + 1))
			say "ok $test_count - $1"
		else
			test_failure=$((test_failure + 1))
			say "not ok $test_count - $1"
			say_diag "$2"
			show_log
			if test -n "$immediate"; then
				say "# stopping at the first failure (--immediate)"
				test_done
			fi
		fi
	fi
}

# test_expect_failure: a known breakage; it does not fail the script
test_expect_failure() {
	test "$#" = 3 && { prereq=$1; shift; } || prereq=
	test "$#" = 2 || BUG "not 2 or 3 parameters to test_expect_failure"
	if ! test_skip "$prereq" "$1"; then
		if test_eval "$2"; then
			test_fixed=$((test_fixed + 1))
			say "ok $test_count - $1 # TODO known breakage vanished"
		else
			test_broken=$((test_broken + 1))
			say "not ok $test_count - $1 # TODO known breakage"
		fi
	fi
}

test_done() {
	run_atexit
	if test -n "$skip_all"; then
		if test "$test_count" = 0; then
			say "1..0 # SKIP $skip_all"
		else
			say "# skipped the rest: $skip_all"
			say "1..$test_count"
		fi
		test "$test_failure" = 0 && remove_trash
		trap - EXIT
		exit "$((test_failure != 0))"
	fi
	test "$test_fixed" = 0 ||
		say "# $test_fixed known breakage(s) vanished; mark them test_expect_success"
	test "$test_broken" = 0 ||
		say "# still have $test_broken known breakage(s)"
	if test "$test_failure" = 0; then
		say "# passed all $test_count test(s)"
		say "1..$test_count"
		remove_trash
		trap - EXIT
		exit 0
	fi
	say "# failed $test_failure among $test_count test(s); kept $TRASH_DIRECTORY"
	say "1..$test_count"
	trap - EXIT
	exit 1
}

remove_trash() {
	test -n "$debug" && return 0
	cd "$TEST_DIRECTORY" && rm -rf "$TRASH_DIRECTORY"
}

# an unexpected exit (a test body called exit, or a signal)
die() {
	_tl_code=$?
	run_atexit
	echo "test-lib: $0 stopped unexpectedly (status $_tl_code) after test $test_count" >&8
	exit 1
}

# ---- assertions and helpers ----

# test_must_fail CMD...: CMD must fail in an ordinary way: a non-zero exit,
# not a signal or crash (130..192; 129 is tend's usage error, as in git),
# not "command not found" (127) or "not executable" (126). CMD's output
# goes where the caller sends it.
test_must_fail() {
	"$@"
	_tl_exit_code=$?
	if test "$_tl_exit_code" = 0; then
		echo "test_must_fail: command succeeded: $*" >&4
		return 1
	elif test "$_tl_exit_code" -gt 129 && test "$_tl_exit_code" -le 192; then
		echo "test_must_fail: died by signal $((_tl_exit_code - 128)): $*" >&4
		return 1
	elif test "$_tl_exit_code" = 127; then
		echo "test_must_fail: command not found: $*" >&4
		return 1
	elif test "$_tl_exit_code" = 126; then
		echo "test_must_fail: command not executable: $*" >&4
		return 1
	fi
	return 0
}

# test_might_fail CMD...: like test_must_fail, but success is fine too
test_might_fail() {
	"$@"
	_tl_exit_code=$?
	if test "$_tl_exit_code" -gt 129 || test "$_tl_exit_code" = 127 ||
	   test "$_tl_exit_code" = 126; then
		echo "test_might_fail: crashed or not found ($_tl_exit_code): $*" >&4
		return 1
	fi
	return 0
}

# test_expect_code N CMD...: CMD must exit with status N
test_expect_code() {
	_tl_want=$1
	shift
	"$@"
	_tl_exit_code=$?
	test "$_tl_exit_code" = "$_tl_want" && return 0
	echo "test_expect_code: want $_tl_want, got $_tl_exit_code: $*" >&4
	return 1
}

# test_cmp EXPECTED ACTUAL: the files are identical; diff -u shown otherwise
test_cmp() {
	test "$#" = 2 || BUG "test_cmp needs 2 arguments"
	diff -u "$@" >&4
}

# test_grep [grep options] PATTERN FILE: grep that shows the file on failure
test_grep() {
	eval "_tl_file=\${$#}"
	test -f "$_tl_file" || BUG "test_grep: no file '$_tl_file'"
	grep "$@" >/dev/null && return 0
	echo "test_grep: no match for: $*; the file holds:" >&4
	cat "$_tl_file" >&4
	return 1
}

# test_must_be_empty FILE
test_must_be_empty() {
	test -f "$1" || BUG "test_must_be_empty: no file '$1'"
	test -s "$1" || return 0
	echo "test_must_be_empty: '$1' holds:" >&4
	cat "$1" >&4
	return 1
}

# tend ARGS...: runs $TEND. Its stderr is passed through and also kept, and
# scanned for AddressSanitizer, LeakSanitizer and UBSan reports: a report
# fails the current test, even under test_must_fail, and is copied to the
# real stderr, where prove shows it.
tend() {
	_tl_err=$(mktemp "$TRASH_DIRECTORY/.tend-test/stderr.XXXXXX") || return 1
	{ { "$TEND" "$@" 2>&1 1>&6 6>&-; echo $? >"$_tl_err.rc"; } |
		tee "$_tl_err" >&2; } 6>&1
	_tl_rc=$(cat "$_tl_err.rc" 2>/dev/null) || _tl_rc=1
	rm -f "$_tl_err.rc"
	if grep -E 'ERROR: AddressSanitizer|LeakSanitizer|runtime error: |UndefinedBehaviorSanitizer' \
		"$_tl_err" >/dev/null 2>&1; then
		{
			echo "!!! sanitizer report from: tend $*"
			cat "$_tl_err"
			echo "!!! end of sanitizer report"
		} >&8
		cp "$_tl_err" "$(sanitizer_marker)"
		rm -f "$_tl_err"
		return 134
	fi
	rm -f "$_tl_err"
	return "$_tl_rc"
}

# ---- Puppet as the reference ----

# std_facts CERT: the fixed Debian 12 fact set of lib/facts-debian.json, with
# @CERT@, @HOSTNAME@ and @DOMAIN@ filled in from CERT.
std_facts() {
	_tl_cert=$1
	_tl_host=${_tl_cert%%.*}
	case "$_tl_cert" in
	*.*) _tl_domain=${_tl_cert#*.} ;;
	*) _tl_domain= ;;
	esac
	jq --arg c "$_tl_cert" --arg h "$_tl_host" --arg d "$_tl_domain" '
		walk(if type == "string"
		     then gsub("@CERT@"; $c) | gsub("@HOSTNAME@"; $h) | gsub("@DOMAIN@"; $d)
		     else . end)' "$TEST_DIRECTORY/lib/facts-debian.json"
}

# puppet_compile CERT MANIFEST [MODULEPATH [FACTS_JSON]] > catalog.json
# Compiles with Debian's Puppet 7, isolated in a scratch directory. FACTS_JSON
# is a file holding the fact values (an object, or Puppet's
# {"name": ..., "values": {...}}); default: std_facts CERT. clientcert is
# added when missing. The catalog JSON goes to stdout, Puppet's messages to
# stderr; the exit status is Puppet's.
puppet_compile() {
	test "$#" -ge 2 || BUG "puppet_compile CERT MANIFEST [MODULEPATH [FACTS_JSON]]"
	_tl_pc_cert=$1 _tl_pc_manifest=$2 _tl_pc_modulepath=${3:-} _tl_pc_facts=${4:-}
	_tl_pc_dir=$(mktemp -d "$TRASH_DIRECTORY/.tend-test/puppet.XXXXXX") || return 1
	mkdir -p "$_tl_pc_dir/var/client_data/facts" "$_tl_pc_dir/var/server_data/facts" &&
	if test -n "$_tl_pc_facts"; then
		cat "$_tl_pc_facts"
	else
		std_facts "$_tl_pc_cert"
	fi | jq --arg c "$_tl_pc_cert" '
		(if has("values") and (.values | type) == "object" then .values else . end)
		| {name: $c, values: ({clientcert: $c} + .)}' >"$_tl_pc_dir/facts.json" &&
	# `catalog compile` runs in server mode and reads server_data; apply reads client_data
	cp "$_tl_pc_dir/facts.json" "$_tl_pc_dir/var/server_data/facts/$_tl_pc_cert.json" &&
	cp "$_tl_pc_dir/facts.json" "$_tl_pc_dir/var/client_data/facts/$_tl_pc_cert.json" ||
		{ rm -rf "$_tl_pc_dir"; return 1; }
	set -- --confdir "$_tl_pc_dir/conf" --vardir "$_tl_pc_dir/var" \
		--codedir "$_tl_pc_dir/code" --logdir "$_tl_pc_dir/log" \
		--rundir "$_tl_pc_dir/run" --ssldir "$_tl_pc_dir/ssl" \
		--publicdir "$_tl_pc_dir/public" --color=false \
		--facts_terminus json --certname "$_tl_pc_cert" \
		--manifest "$_tl_pc_manifest" --render-as json --log_level warning
	if test -n "$_tl_pc_modulepath"; then
		set -- "$@" --modulepath "$_tl_pc_modulepath"
	fi
	puppet catalog compile "$@"
	_tl_pc_ret=$?
	rm -rf "$_tl_pc_dir"
	return $_tl_pc_ret
}

# catalog_normalize < catalog.json: a canonical form of a Puppet catalog, so
# that two catalogs compare with test_cmp. Drops what differs between runs
# or implementations (version, catalog_uuid, code_id, file, line); sorts
# resources by (type, title), edges by (source, target), tags and classes;
# prints with sorted keys, one value per line.
catalog_normalize() {
	jq -S '
		del(.version, .catalog_uuid, .code_id)
		| if has("tags") then .tags |= sort else . end
		| if has("classes") then .classes |= sort else . end
		| if has("edges") then .edges |= sort_by(.source, .target) else . end
		| if has("resources") then
			.resources |= (map(del(.file, .line)
					   | if has("tags") then .tags |= sort else . end)
				       | sort_by(.type, .title))
		  else . end'
}

# ---- start ----

trap die EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$TEST_DIRECTORY" || exit 1
rm -rf "$TRASH_DIRECTORY" || error "cannot remove $TRASH_DIRECTORY"
mkdir -p "$TRASH_DIRECTORY/.tend-test" || error "cannot create $TRASH_DIRECTORY"
cd "$TRASH_DIRECTORY" || exit 1
HOME="$TRASH_DIRECTORY"
export HOME
# each test script has its own agent run lock, so scripts run in parallel
TEND_LOCK="$TRASH_DIRECTORY/.tend-test/agent.lock"
export TEND_LOCK
# and its own filebucket, so that runs as root leave /var/lib/tend alone
TEND_BUCKETDIR="$TRASH_DIRECTORY/.tend-test/bucket"
export TEND_BUCKETDIR

if test -n "$skip_all"; then
	test_done
fi
