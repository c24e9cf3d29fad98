#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the test library itself, and tend basics (version, help, usage errors)'
. ./test-lib.sh

# ---- the library ----

test_expect_success 'a passing test' '
	true
'

test_expect_success 'test_must_fail accepts an ordinary failure' '
	test_must_fail false &&
	test_must_fail sh -c "exit 1" &&
	test_must_fail sh -c "exit 129"
'

test_expect_success 'test_must_fail refuses success, crashes and missing commands' '
	! test_must_fail true &&
	! test_must_fail sh -c "kill -SEGV \$\$" &&
	! test_must_fail sh -c "exit 134" &&
	! test_must_fail ./no-such-command-here
'

test_expect_success 'test_must_fail leaves the output to the caller' '
	test_must_fail sh -c "echo out; echo err >&2; exit 3" >out 2>err &&
	echo out >expect.out &&
	echo err >expect.err &&
	test_cmp expect.out out &&
	test_cmp expect.err err
'

test_expect_success 'test_cmp: equal files pass, different ones fail' '
	printf "a\nb\n" >one &&
	printf "a\nb\n" >two &&
	printf "a\nc\n" >three &&
	test_cmp one two &&
	! test_cmp one three
'

test_expect_success 'test_expect_code' '
	test_expect_code 3 sh -c "exit 3" &&
	! test_expect_code 3 sh -c "exit 4"
'

test_expect_success 'each script runs in its own trash directory' '
	test "$PWD" = "$TEST_DIRECTORY/trash.t0000-basic" &&
	test "$HOME" = "$PWD"
'

test_expect_success 'variables set in one test reach the next' '
	carried=yes
'
test_expect_success '... like this' '
	test "$carried" = yes
'

# Runs a small test script of our own and keeps its TAP output in `out`.
# $1: the script body (after sourcing test-lib.sh); remaining args: options.
run_sub_test() {
	body=$1
	shift
	mkdir -p sub &&
	{
		echo "test_description=sub"
		echo ". \"$TEST_DIRECTORY/test-lib.sh\""
		printf "%s\n" "$body"
	} >sub/t9999-sub.sh &&
	(cd sub && TEND_TEST_KEEP= TEND_TEST_OPTS= sh ./t9999-sub.sh "$@" >../out 2>../err)
}

test_expect_success 'TAP output, plan and exit status of a failing script' '
	test_when_finished "rm -rf sub" &&
	test_must_fail run_sub_test "
test_expect_success \"passes\" \"true\"
test_expect_success \"fails\" \"false\"
test_expect_failure \"known bug\" \"false\"
test_expect_success NOSUCHPREREQ \"needs a prereq\" \"false\"
test_done
" &&
	cat >expect <<-\EOF &&
	ok 1 - passes
	not ok 2 - fails
	# false
	not ok 3 - known bug # TODO known breakage
	ok 4 # skip needs a prereq (missing NOSUCHPREREQ)
	# still have 1 known breakage(s)
	# failed 1 among 4 test(s); kept $TEST_DIRECTORY/trash.t0000-basic/sub/trash.t9999-sub
	1..4
	EOF
	sed "s|\\\$TEST_DIRECTORY|$TEST_DIRECTORY|" expect >expect.real &&
	test_cmp expect.real out &&
	test -d sub/trash.t9999-sub
'

test_expect_success 'a passing script exits 0 and removes its trash directory' '
	test_when_finished "rm -rf sub" &&
	run_sub_test "
test_expect_success \"one\" \"echo hello >file && test -f file\"
test_expect_failure \"fixed bug\" \"true\"
test_done
" &&
	test_grep "^ok 1 - one$" out &&
	test_grep "^ok 2 - fixed bug # TODO known breakage vanished$" out &&
	test_grep "^1\.\.2$" out &&
	! test -d sub/trash.t9999-sub
'

test_expect_success 'TEND_TEST_KEEP keeps the trash directory' '
	test_when_finished "rm -rf sub" &&
	mkdir -p sub &&
	printf "%s\n" "test_description=sub" ". \"$TEST_DIRECTORY/test-lib.sh\"" \
		"test_expect_success one \"echo kept >file\"" test_done >sub/t9999-sub.sh &&
	(cd sub && TEND_TEST_KEEP=1 sh ./t9999-sub.sh >../out 2>../err) &&
	echo kept >expect &&
	test_cmp expect sub/trash.t9999-sub/file
'

test_expect_success 'skip_all skips the whole script' '
	test_when_finished "rm -rf sub" &&
	mkdir -p sub &&
	printf "%s\n" "test_description=sub" "skip_all=\"no frobnicator\"" \
		". \"$TEST_DIRECTORY/test-lib.sh\"" "test_expect_success x false" \
		"test_done" >sub/t9999-sub.sh &&
	(cd sub && sh ./t9999-sub.sh >../out 2>../err) &&
	echo "1..0 # SKIP no frobnicator" >expect &&
	test_cmp expect out
'

test_expect_success 'test_when_finished runs after a failure; test_atexit at the end' '
	test_when_finished "rm -rf sub" &&
	test_must_fail run_sub_test "
test_expect_success \"cleanup\" \"
	test_when_finished \\\"echo cleaned >>\$PWD/../log\\\" &&
	test_atexit \\\"echo atexit >>\$PWD/../log\\\" &&
	false
\"
test_expect_success \"later\" \"echo later >>\$PWD/../log\"
test_done
" &&
	printf "cleaned\nlater\natexit\n" >expect &&
	test_cmp expect sub/log
'

test_expect_success 'lazy prerequisites run once and can be negated' '
	test_when_finished "rm -rf sub" &&
	run_sub_test "
test_lazy_prereq YES \"echo ran >>\$PWD/../count; true\"
test_lazy_prereq NO \"false\"
test_expect_success YES \"first\" \"true\"
test_expect_success YES,!NO \"second\" \"true\"
test_expect_success NO \"third\" \"false\"
test_done
" &&
	test_grep "^ok 1 - first$" out &&
	test_grep "^ok 2 - second$" out &&
	test_grep "^ok 3 # skip third (missing NO)$" out &&
	echo ran >expect &&
	test_cmp expect sub/count
'

test_expect_success 'a sanitizer report from tend fails the test, even under test_must_fail' '
	test_when_finished "rm -rf sub fake-tend" &&
	cat >fake-tend <<-\EOF &&
	#!/bin/sh
	echo "==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x1" >&2
	exit 1
	EOF
	chmod +x fake-tend &&
	mkdir -p sub &&
	printf "%s\n" "test_description=sub" ". \"$TEST_DIRECTORY/test-lib.sh\"" \
		"test_expect_success crash \"test_must_fail tend x\"" test_done >sub/t9999-sub.sh &&
	(cd sub && TEND="$PWD/../fake-tend" sh ./t9999-sub.sh >../out 2>../err;
	 test $? = 1) &&
	test_grep "^not ok 1 - crash" out &&
	test_grep "sanitizer report from: tend x" err &&
	test_grep "heap-use-after-free" err
'

test_expect_success 'tend passes stdout, stderr and the exit status through' '
	test_when_finished "rm -f fake-tend" &&
	cat >fake-tend <<-\EOF &&
	#!/bin/sh
	echo "to stdout: $*"
	echo "to stderr" >&2
	exit 7
	EOF
	chmod +x fake-tend &&
	(TEND="$PWD/fake-tend" && test_expect_code 7 tend a "b c" >out 2>err) &&
	echo "to stdout: a b c" >expect.out &&
	echo "to stderr" >expect.err &&
	test_cmp expect.out out &&
	test_cmp expect.err err
'

test_expect_success JQ 'catalog_normalize drops run-specific fields and sorts' '
	cat >a.json <<-\EOF &&
	{"tags":["b","a"],"name":"n","version":1,"code_id":null,"catalog_uuid":"x",
	 "resources":[{"type":"Notify","title":"z","tags":["y","x"],"file":"/f","line":3},
	              {"type":"File","title":"/a","tags":["file"],"line":1}],
	 "edges":[{"source":"S","target":"B"},{"source":"S","target":"A"}],
	 "classes":["b","a"]}
	EOF
	cat >b.json <<-\EOF &&
	{"name":"n","version":99,"catalog_uuid":"y","tags":["a","b"],"classes":["a","b"],
	 "edges":[{"target":"A","source":"S"},{"source":"S","target":"B"}],
	 "resources":[{"title":"/a","type":"File","tags":["file"]},
	              {"type":"Notify","title":"z","tags":["x","y"],"file":"/g","line":9}]}
	EOF
	catalog_normalize <a.json >a.norm &&
	catalog_normalize <b.json >b.norm &&
	test_cmp a.norm b.norm &&
	! grep -e version -e uuid -e line a.norm
'

test_expect_success JQ 'std_facts fills in the certname' '
	std_facts db1.example.org >facts.json &&
	test "$(jq -r .networking.fqdn facts.json)" = db1.example.org &&
	test "$(jq -r .networking.hostname facts.json)" = db1 &&
	test "$(jq -r .domain facts.json)" = example.org &&
	test "$(jq -r .os.family facts.json)" = Debian &&
	test "$(jq -r .osfamily facts.json)" = Debian &&
	! grep "@[A-Z]*@" facts.json
'

test_expect_success PUPPET,JQ 'puppet_compile compiles with stubbed facts' '
	cat >site.pp <<-\EOF &&
	node default {
		notify { "fqdn": message => $facts["networking"]["fqdn"] }
		notify { "legacy": message => "${::osfamily} ${trusted[certname]}" }
	}
	EOF
	puppet_compile web1.example.org site.pp >catalog.json &&
	jq -r ".resources[] | select(.type == \"Notify\") | .parameters.message" \
		catalog.json >actual &&
	printf "web1.example.org\nDebian web1.example.org\n" >expect &&
	test_cmp expect actual
'

test_expect_success PUPPET,JQ 'two Puppet compiles of one manifest normalize the same' '
	puppet_compile web1.example.org site.pp >again.json &&
	! test_cmp catalog.json again.json &&
	catalog_normalize <catalog.json >one.norm &&
	catalog_normalize <again.json >two.norm &&
	test_cmp one.norm two.norm
'

# ---- tend ----

test_expect_success 'tend --version prints the VERSION file' '
	echo "tend $(cat "$TEST_DIRECTORY/../../VERSION")" >expect &&
	tend --version >actual &&
	test_cmp expect actual &&
	tend version >actual &&
	test_cmp expect actual
'

test_expect_success 'tend --help lists the commands' '
	tend --help >out &&
	test_grep "^usage: tend" out &&
	for cmd in catalog facts parser template; do
		test_grep "^   $cmd " out || return 1
	done
'

test_expect_success 'an unknown command is a usage error (129)' '
	test_expect_code 129 tend nosuchcmd 2>err &&
	test_grep "nosuchcmd" err &&
	test_expect_code 129 tend help nosuchcmd
'

test_expect_success 'no command at all is a usage error (129)' '
	test_expect_code 129 tend 2>err &&
	test_grep "^usage: tend" err
'

test_expect_success 'tend help catalog shows the command usage' '
	tend help catalog >out 2>&1 &&
	test_grep "catalog" out
'

test_expect_success 'libzmq is not linked: tend speaks ZMTP itself' '
	! ldd "$TEND" | grep libzmq
'

test_expect_success 'SQLite and libm are loaded on first use, not linked' '
	readelf -d "$TEND" | grep NEEDED >libs &&
	test_grep libc.so libs &&
	! grep -e libsqlite3 -e "libm\." libs &&
	"$TEND" apply -e "notify { \"x\": message => \"\${floor(7.9)} \${round(-2.5)}\" }" >out &&
	test_grep "defined .message. as .7 -3." out
'

test_done
