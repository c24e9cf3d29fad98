#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='execution modules through tend call: Salt shapes, the shell, packages, services, facts, node.env, custom modules, agent.run, saltutil'
. ./test-lib.sh

# every call uses directories of the trash directory
call() {
	tend call --confdir "$TRASH_DIRECTORY/conf" \
		--cachedir "$TRASH_DIRECTORY/cache" \
		--agent-dir "$TRASH_DIRECTORY/envs" "$@"
}

# jq -e on the return ("local") of the JSON in FILE
ret_is() {
	jq -e ".local | $1" "$2" >/dev/null || {
		echo "ret_is: '$1' does not hold for:" >&4
		cat "$2" >&4
		return 1
	}
}

test_lazy_prereq CALL '"$TEND" call test.ping'

test_expect_success CALL,JQ 'test.* return what Salt returns' '
	call test.ping >out &&
	jq -e ". == {\"local\": true}" out &&
	call test.echo "hello world" >out &&
	ret_is ". == \"hello world\"" out &&
	call test.version >out &&
	v=$("$TEND" --version | sed "s/^tend //") &&
	ret_is ". == \"$v\"" out &&
	call test.sleep 0.1 >out &&
	ret_is ". == true" out
'

test_expect_success CALL,JQ 'words are typed as Salt types them, KEY=VALUE are keyword arguments' '
	call test.arg 42 1.5 true null "[1, a]" "{a: 1}" "a b" "echo x=1" 010 \
		-5 x=42 "y=a b" >out &&
	ret_is ".args == [42, 1.5, true, null, [1, \"a\"], {\"a\": 1}, \"a b\", \"echo x=1\", 8, -5]" out &&
	ret_is ".kwargs == {\"x\": 42, \"y\": \"a b\"}" out
'

test_expect_success CALL,JQ 'unknown functions and bad arguments fail with a message, exit 1' '
	test_expect_code 1 call test.nope >out &&
	ret_is ". == \"'\''test.nope'\'' is not available.\"" out &&
	test_expect_code 1 call nomodule.fun >out &&
	ret_is ". == \"'\''nomodule.fun'\'' is not available.\"" out &&
	test_expect_code 1 call test.echo >out &&
	ret_is "startswith(\"Passed invalid arguments to '\''test.echo'\''\")" out &&
	test_expect_code 1 call test.ping extra >out &&
	test_expect_code 1 call test.sleep soon >out &&
	ret_is "contains(\"must be a number\")" out &&
	test_expect_code 1 call "../../bin/sh.x" >out &&
	ret_is "contains(\"is not a function name\")" out &&
	test_expect_code 129 call &&
	test_expect_code 129 call --out yaml test.ping
'

test_expect_success CALL,JQ 'cmd.run: quotes, spaces and ; reach the shell unharmed' '
	call cmd.run "printf \"%s|\" \"a b\" '\''c;d'\'' it\\'\''s" >out &&
	ret_is ". == \"a b|c;d|it'\''s|\"" out &&
	call cmd.run "touch \"$PWD/x y;z\"" >out &&
	test -f "x y;z" &&
	! test -e x &&
	call cmd.run "echo out; echo err >&2" >out &&
	ret_is ". == \"out\\nerr\"" out
'

test_expect_success CALL,JQ 'cmd.run_all: pid, retcode, stdout, stderr; the job fails with the command' '
	test_expect_code 1 call cmd.run_all "echo \$\$; echo oops >&2; exit 3" >out &&
	ret_is ".retcode == 3 and .stderr == \"oops\"" out &&
	ret_is "(.stdout | tonumber) == .pid and .pid > 0" out &&
	ret_is "keys == [\"pid\", \"retcode\", \"stderr\", \"stdout\"]" out &&
	call cmd.run_all "exit 3" ignore_retcode=true >out &&
	call cmd.retcode "exit 7" >out &&
	ret_is ". == 7" out &&
	call cmd.run pwd cwd=/tmp >out &&
	ret_is ". == \"/tmp\"" out &&
	call cmd.run "echo \"\$FOO\"" "env={FOO: a b}" >out &&
	ret_is ". == \"a b\"" out
'

test_expect_success CALL,JQ,ROOT 'cmd.run runas: the user, its home as the working directory' '
	call cmd.run "id -un; echo \$HOME" runas=nobody >out &&
	home=$(getent passwd nobody | cut -d: -f6) &&
	ret_is ". == \"nobody\\n$home\"" out &&
	test_expect_code 1 call cmd.run true runas=tend-no-such-user >out &&
	ret_is ". == \"cmd.run: user '\''tend-no-such-user'\'' does not exist\"" out
'

test_expect_success CALL,JQ 'a command past its timeout is killed, with its children' '
	start=$(date +%s) &&
	test_expect_code 1 call cmd.run_all "sleep 31341 & echo early; sleep 31341" timeout=1 >out &&
	test $(($(date +%s) - start)) -lt 10 &&
	ret_is ".retcode == 124 and .timed_out == true and .stdout == \"early\"" out &&
	ret_is ".stderr == \"timed out after 1 seconds\"" out &&
	! pgrep -f "sleep 31341" &&
	test_expect_code 1 call --timeout 1 cmd.run "sleep 30" >out &&
	ret_is ". == \"timed out after 1 seconds\"" out
'

test_expect_success CALL,JQ 'output beyond the cap is cut and flagged' '
	call --max-output 100 cmd.run_all "seq 1 1000; seq 1 1000 >&2" >out &&
	ret_is ".stdout_truncated == true and .stderr_truncated == true" out &&
	ret_is "(.stdout | length) <= 100 and (.stdout | startswith(\"1\\n2\\n3\"))" out &&
	call --max-output 100 cmd.run "seq 1 1000" >out &&
	ret_is "endswith(\"[output truncated at 100 bytes]\")" out &&
	call --max-output 100 cmd.run_all "seq 1 10" >out &&
	ret_is "has(\"stdout_truncated\") | not" out &&
	call --max-output 100 pkg.version dpkg >out &&
	ret_is "length > 0" out
'

test_expect_success CALL,JQ 'pkg.version and pkg.list_pkgs agree with dpkg-query' '
	v=$(dpkg-query -W -f "\${Version}" dpkg) &&
	call pkg.version dpkg >out &&
	ret_is ". == \"$v\"" out &&
	call pkg.version dpkg tend-no-such-package >out &&
	ret_is ". == {\"dpkg\": \"$v\", \"tend-no-such-package\": \"\"}" out &&
	call pkg.list_pkgs >out &&
	dpkg-query -W -f "\${db:Status-Abbrev} \${Package}\n" |
		awk "substr(\$1, 2, 1) != \"n\" && substr(\$1, 2, 1) != \"c\" { print \$2 }" |
		sort -u >expect &&
	jq -r ".local | keys[] | sub(\":.*\"; \"\")" out | sort -u >actual &&
	test_cmp expect actual &&
	ret_is ".dpkg == \"$v\"" out
'

test_expect_success CALL,JQ 'pkg.list_upgrades is what apt-get would upgrade' '
	call pkg.list_upgrades >out &&
	apt-get -s -q upgrade | sed -n "s/^Inst \([^ ]*\) .*/\1/p" | sort >expect &&
	jq -r ".local | keys[]" out | sort >actual &&
	test_cmp expect actual
'

# Fake dpkg-query and apt-get, first in PATH: the state is a file that the
# fake apt-get changes, so that pkg.upgrade runs through without touching
# this machine.
write_fake_apt() {
	mkdir -p fakebin &&
	cat >fakebin/dpkg-query <<-\EOF &&
	#!/bin/sh
	cat "$FAKE_DPKG_STATE"
	EOF
	cat >fakebin/apt-get <<-\EOF &&
	#!/bin/sh
	echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >>"$FAKE_APT_LOG"
	case " $* " in
	*" upgrade "*) ;;
	*) echo "E: unexpected" >&2; exit 100 ;;
	esac
	# libfoo is upgraded, libnew appears, libold goes away
	sed -e "s/^ii \tlibfoo\t1.0/ii \tlibfoo\t1.1/" -e "/libold/d" \
		"$FAKE_DPKG_STATE" >"$FAKE_DPKG_STATE.new"
	test -n "$FAKE_APT_FAIL" ||
		printf "ii \tlibnew\t2.0\tamd64\n" >>"$FAKE_DPKG_STATE.new"
	mv "$FAKE_DPKG_STATE.new" "$FAKE_DPKG_STATE"
	if test -n "$FAKE_APT_FAIL"; then
		echo "E: Sub-process /usr/bin/dpkg returned an error code (1)" >&2
		exit 100
	fi
	EOF
	chmod +x fakebin/dpkg-query fakebin/apt-get &&
	printf "ii \tlibfoo\t1.0\tamd64\nii \tlibold\t0.9\tall\nii \tsame\t3\tamd64\n" >state
}

# with_fake_apt FAIL CMD...: runs CMD with the fakes first in PATH
with_fake_apt() {
	(
		FAKE_DPKG_STATE=$TRASH_DIRECTORY/state
		FAKE_APT_LOG=$TRASH_DIRECTORY/apt.log
		FAKE_APT_FAIL=$1
		PATH=$TRASH_DIRECTORY/fakebin:$PATH
		export FAKE_DPKG_STATE FAKE_APT_LOG FAKE_APT_FAIL PATH
		shift
		"$@"
	)
}

test_expect_success CALL,JQ 'pkg.upgrade returns {pkg: {old, new}} from the state before and after' '
	write_fake_apt &&
	with_fake_apt "" call pkg.upgrade >out &&
	ret_is ". == {\"libfoo\": {\"old\": \"1.0\", \"new\": \"1.1\"}, \"libnew\": {\"old\": \"\", \"new\": \"2.0\"}, \"libold\": {\"old\": \"0.9\", \"new\": \"\"}}" out &&
	echo "DEBIAN_FRONTEND=noninteractive -q -y -o DPkg::Options::=--force-confold -o DPkg::Options::=--force-confdef -o DPkg::Lock::Timeout=600 upgrade" >expect &&
	test_cmp expect apt.log &&
	rm -f apt.log &&
	with_fake_apt "" call pkg.upgrade dist_upgrade=false >out &&
	ret_is ". == {}" out
'

test_expect_success CALL,JQ 'a failing apt keeps the changes it made, with its error' '
	write_fake_apt &&
	test_expect_code 1 with_fake_apt t call pkg.upgrade >out &&
	ret_is ".changes == {\"libfoo\": {\"old\": \"1.0\", \"new\": \"1.1\"}, \"libold\": {\"old\": \"0.9\", \"new\": \"\"}}" out &&
	ret_is ".error | contains(\"returned an error code (1)\")" out &&
	ret_is ".error | startswith(\"Problem encountered upgrading packages: apt-get upgrade exited with 100\")" out
'

test_expect_success CALL,JQ 'concurrent upgrades: each reports only its own changes' '
	write_fake_apt &&
	{ with_fake_apt "" call pkg.upgrade >out1 & } &&
	{ with_fake_apt "" call pkg.upgrade >out2 & } &&
	wait &&
	jq -s -e "map(.local) | sort_by(length) == [{}, {\"libfoo\": {\"old\": \"1.0\", \"new\": \"1.1\"}, \"libnew\": {\"old\": \"\", \"new\": \"2.0\"}, \"libold\": {\"old\": \"0.9\", \"new\": \"\"}}]" out1 out2
'

test_lazy_prereq NOTHING_TO_UPGRADE '
	test -z "$(apt-get -s -q upgrade | grep "^Inst ")"
'

test_expect_success CALL,JQ,ROOT,NOTHING_TO_UPGRADE 'pkg.upgrade with nothing to upgrade returns {}' '
	call pkg.upgrade >out &&
	ret_is ". == {}" out
'

PKG=hello
test_lazy_prereq APT_PKG '
	apt-cache policy $PKG | grep -q "Candidate: [0-9]" &&
	apt-cache policy $PKG | grep -q "Installed: (none)"
'

test_expect_success CALL,JQ,ROOT,APT_PKG 'pkg.install and pkg.remove of a real package' '
	test_when_finished "DEBIAN_FRONTEND=noninteractive apt-get -q -y purge $PKG >/dev/null 2>&1; true" &&
	v=$(apt-cache policy $PKG | sed -n "s/ *Candidate: //p") &&
	call pkg.install $PKG >out &&
	ret_is ".[\"$PKG\"] == {\"old\": \"\", \"new\": \"$v\"}" out &&
	test "$(dpkg-query -W -f "\${Version}" $PKG)" = "$v" &&
	call pkg.version $PKG >out &&
	ret_is ". == \"$v\"" out &&
	call pkg.install $PKG >out &&
	ret_is ". == {}" out &&
	call pkg.remove $PKG >out &&
	ret_is ". == {\"$PKG\": {\"old\": \"$v\", \"new\": \"\"}}" out &&
	call pkg.remove $PKG >out &&
	ret_is ". == {}" out &&
	test_expect_code 1 call pkg.install $PKG version=9.9-tend >out &&
	ret_is ".changes == {} and (.error | contains(\"9.9-tend\"))" out &&
	test_expect_code 1 call pkg.install "-oAPT::Get::Simulate=1" >out &&
	ret_is "contains(\"is not a package name\")" out
'

test_expect_success CALL,JQ 'service names are checked, unknown services are not running' '
	call service.status tend-no-such-service >out &&
	ret_is ". == false" out &&
	test_expect_code 1 call service.start ../../bin/sh >out &&
	ret_is ". == \"service.start: '\''../../bin/sh'\'' is not a service name\"" out &&
	test_expect_code 1 call service.restart --all >out
'

test_lazy_prereq SYSV '
	! test -d /run/systemd/system &&
	command -v start-stop-daemon && command -v update-rc.d
'
test_lazy_prereq SYSTEMD 'test -d /run/systemd/system'

SVC=tend-t6100-svc
write_init_script() {
	cat >/etc/init.d/$SVC <<-\SH &&
	#!/bin/sh
	### BEGIN INIT INFO
	# Provides:          tend-t6100-svc
	# Required-Start:    $remote_fs
	# Required-Stop:     $remote_fs
	# Default-Start:     2 3 4 5
	# Default-Stop:      0 1 6
	# Short-Description: tend t6100 test daemon
	### END INIT INFO
	PIDFILE=/run/tend-t6100-svc.pid
	case "$1" in
	start) start-stop-daemon --start --quiet --background --make-pidfile \
		--pidfile $PIDFILE --exec /bin/sleep -- 31344 ;;
	stop) start-stop-daemon --stop --quiet --oknodo --pidfile $PIDFILE --retry 5
		rm -f $PIDFILE ;;
	restart) $0 stop && $0 start ;;
	status) start-stop-daemon --status --pidfile $PIDFILE ;;
	*) exit 2 ;;
	esac
	SH
	chmod 755 /etc/init.d/$SVC
}
cleanup_service() {
	/etc/init.d/$SVC stop >/dev/null 2>&1
	update-rc.d -f $SVC remove >/dev/null 2>&1
	rm -f /etc/init.d/$SVC /run/tend-t6100-svc.pid
	true
}

test_expect_success CALL,JQ,ROOT,SYSV 'service.* on a real init script' '
	test_when_finished cleanup_service &&
	write_init_script &&
	call service.status $SVC >out && ret_is ". == false" out &&
	call service.start $SVC >out && ret_is ". == true" out &&
	call service.status $SVC >out && ret_is ". == true" out &&
	call service.restart $SVC >out && ret_is ". == true" out &&
	call service.status $SVC >out && ret_is ". == true" out &&
	call service.stop $SVC >out && ret_is ". == true" out &&
	call service.status $SVC >out && ret_is ". == false" out &&
	call service.enable $SVC >out && ret_is ". == true" out &&
	call service.enabled $SVC >out && ret_is ". == true" out &&
	ls /etc/rc2.d/S*$SVC &&
	call service.disable $SVC >out && ret_is ". == true" out &&
	call service.enabled $SVC >out && ret_is ". == false" out &&
	test_expect_code 1 call service.start tend-no-such-service >out &&
	ret_is "startswith(\"Failed to start service '\''tend-no-such-service'\''\")" out
'

test_expect_success CALL,JQ,SYSTEMD 'service.status of a running systemd unit' '
	call service.status systemd-journald >out &&
	ret_is ". == true" out
'

test_expect_success CALL,JQ 'facts.items and grains.get see this machine' '
	call facts.items >out &&
	ret_is ".kernel == \"Linux\" and (.os.family | type) == \"string\"" out &&
	fam=$(jq -r .local.os.family out) &&
	call grains.get os:family >out &&
	ret_is ". == \"$fam\"" out &&
	call grains.get os:no:such >out &&
	ret_is ". == \"\"" out &&
	call grains.get os:no:such fallback >out &&
	ret_is ". == \"fallback\"" out &&
	call grains.item kernel os:family >out &&
	ret_is ". == {\"kernel\": \"Linux\", \"os:family\": \"$fam\"}" out
'

test_expect_success CALL,JQ 'grains.setval persists into the minion facts.d and shows in items' '
	call grains.setval cluster-type canary >out &&
	ret_is ". == {\"cluster-type\": \"canary\"}" out &&
	test -f conf/facts.d/tend-setval.json &&
	call facts.setval roles "[web, db]" >out &&
	call grains.get roles:1 >out &&
	ret_is ". == \"db\"" out &&
	call grains.items >out &&
	ret_is ".[\"cluster-type\"] == \"canary\" and .roles == [\"web\", \"db\"]" out &&
	test_expect_code 1 call grains.setval "../x" 1 >out &&
	test_expect_code 1 call grains.setval Upper 1 >out &&
	call grains.delkey roles >out &&
	call grains.get roles >out &&
	ret_is ". == \"\"" out
'

test_expect_success CALL,JQ 'node.env gets, sets and refuses what is not an environment name' '
	rm -f conf/environment &&
	call node.env >out &&
	ret_is ". == \"production\"" out &&
	call node.env canary >out &&
	ret_is ". == \"canary\"" out &&
	echo canary >expect &&
	test_cmp expect conf/environment &&
	call node.env >out &&
	ret_is ". == \"canary\"" out &&
	for bad in ../etc "a b" Canary "x/y" ""; do
		test_expect_code 1 call node.env "$bad" >out &&
		ret_is "contains(\"is not an environment name\")" out || return 1
	done &&
	test_cmp expect conf/environment &&
	ls -A conf >files &&
	printf "environment\nfacts.d\n" >expect &&
	test_cmp expect files
'

test_expect_success CALL,JQ 'the wmftest.puppet_env example moves the node between environments' '
	mkdir -p cache/modules &&
	cp -R "$TEST_DIRECTORY/../../examples/salt/modules/wmftest" cache/modules/ &&
	call sys.list_functions wmftest >out &&
	ret_is ". == [\"wmftest.puppet_env\"]" out &&
	call wmftest.puppet_env canary >out &&
	ret_is ". == \"canary\"" out &&
	echo canary >expect && test_cmp expect conf/environment &&
	call node.env >out &&
	ret_is ". == \"canary\"" out &&
	call wmftest.puppet_env >out &&
	ret_is ". == \"canary\"" out &&
	call wmftest.puppet_env production >out &&
	ret_is ". == \"production\"" out &&
	echo production >expect && test_cmp expect conf/environment &&
	test_expect_code 1 call wmftest.puppet_env "../x" >out &&
	ret_is "contains(\"not an environment name\")" out &&
	test_cmp expect conf/environment
'

test_expect_success CALL,JQ 'custom modules: JSON in and out, exit status, no way out of the modules directory' '
	mkdir -p cache/modules/mine outside &&
	write_script() { printf "#!/bin/sh\n%s\n" "$2" >"$1" && chmod +x "$1"; } &&
	write_script cache/modules/mine/show "cat" &&
	write_script cache/modules/mine/fail "echo broke >&2; exit 5" &&
	write_script cache/modules/whole "case \"\$1\" in --list-functions) echo \"a b\";; *) echo \"\\\"\$1 \$TEND_MINION_ID\\\"\";; esac" &&
	write_script outside/prog "touch \"$PWD/escaped\"; echo escaped" &&
	call mine.show 1 k=v >out &&
	ret_is ". == {\"fun\": \"mine.show\", \"args\": [1], \"kwargs\": {\"k\": \"v\"}}" out &&
	call --id m7 whole.a >out &&
	ret_is ". == \"a m7\"" out &&
	test_expect_code 1 call mine.fail >out &&
	ret_is ". == \"'\''mine.fail'\'' failed with exit status 5: broke\"" out &&
	call sys.list_functions mine whole >out &&
	ret_is ". == [\"mine.fail\", \"mine.show\", \"whole.a\", \"whole.b\"]" out &&
	ln -s "$PWD/outside/prog" cache/modules/mine/link &&
	ln -s "$PWD/outside" cache/modules/linkdir &&
	mkdir -p cache/modules/test &&
	write_script cache/modules/test/evil "touch \"$PWD/escaped\"" &&
	for f in mine.link linkdir.prog test.evil "mine.../../outside/prog" \
		"../outside.prog" "outside/..prog" "mine./prog"; do
		test_expect_code 1 call "$f" >out || return 1
	done &&
	! test -e escaped
'

test_expect_success CALL,JQ 'agent.run applies the node environment' '
	mkdir -p envs/canary/manifests envs/canary/modules/greet/manifests envs/broken/manifests &&
	cat >envs/canary/modules/greet/manifests/init.pp <<-EOF &&
	class greet { notify { "hello from canary": } }
	EOF
	cat >envs/canary/manifests/site.pp <<-EOF &&
	include greet
	file { "$PWD/applied": content => "canary\n" }
	EOF
	echo "fail(\"broken on purpose\")" >envs/broken/manifests/site.pp &&
	call node.env canary &&
	call --id web1 agent.run >out &&
	ret_is ".retcode == 0 and .detailed_exitcode == 2 and .environment == \"canary\"" out &&
	ret_is ".stdout | contains(\"hello from canary\")" out &&
	ret_is ".stdout | contains(\"Compiled catalog for web1 in environment canary\")" out &&
	echo canary >expect && test_cmp expect applied &&
	call agent.run >out &&
	ret_is ".retcode == 0 and (.stdout | contains(\"File[\") | not)" out &&
	call agent.run noop=true >out &&
	ret_is ".stdout | contains(\"(noop)\")" out &&
	call puppet.run >out &&
	ret_is ".retcode == 0 and .environment == \"canary\"" out &&
	call puppet.noop >out &&
	ret_is ".stdout | contains(\"(noop)\")" out &&
	call node.env broken &&
	test_expect_code 1 call agent.run >out &&
	ret_is ".retcode == 1 and .detailed_exitcode != 0" out &&
	ret_is ".stderr | contains(\"broken on purpose\")" out &&
	call node.env nowhere &&
	test_expect_code 1 call agent.run >out &&
	ret_is "contains(\"has no manifest\")" out
'

# A background `tend call` leading its own session, registered as the minion
# daemon registers its jobs: <cachedir>/proc/<jid>.json.
start_job() {
	jid=$1
	shift
	setsid "$TEND" call --cachedir "$TRASH_DIRECTORY/cache" "$@" >"job-$jid.out" 2>&1 &
	pid=$!
	test -n "$pid" &&
	mkdir -p cache/proc &&
	printf "{\"jid\": \"%s\", \"fun\": \"%s\", \"args\": [], \"pid\": %d, \"started\": %s}\n" \
		"$jid" "$1" "$pid" "$(date +%s)" >"cache/proc/$jid.json"
}

test_expect_success CALL,JQ 'saltutil.running lists jobs, saltutil.kill_job kills one and its commands' '
	start_job 20990101000000000001 cmd.run "sleep 31345; echo never" &&
	job=$pid &&
	test_when_finished "kill -9 $job 2>/dev/null; pkill -f \"sleep 31345\"; true" &&
	start_job 20990101000000000002 test.sleep 30 &&
	job2=$pid &&
	test_when_finished "kill -9 $job2 2>/dev/null; true" &&
	printf "{\"jid\": \"x\", \"fun\": \"test.ping\", \"pid\": 999999999}" >cache/proc/20990101000000000003.json &&
	sleep 1 &&
	call saltutil.running >out &&
	ret_is "map(.jid) == [\"20990101000000000001\", \"20990101000000000002\"]" out &&
	ret_is ".[0].fun == \"cmd.run\" and .[0].pid == $job" out &&
	call saltutil.is_running "test.*" >out &&
	ret_is "map(.jid) == [\"20990101000000000002\"]" out &&
	call saltutil.find_job 20990101000000000002 >out &&
	ret_is ".pid == $job2" out &&
	pgrep -f "sleep 31345" &&
	call saltutil.kill_job 20990101000000000001 >out &&
	ret_is ". == \"Signal 9 sent to job 20990101000000000001 at pid $job\"" out &&
	call saltutil.term_job 20990101000000000002 >out &&
	{ wait $job; wait $job2; true; } &&
	! kill -0 $job 2>/dev/null &&
	! kill -0 $job2 2>/dev/null &&
	sleep 0.2 &&
	! pgrep -f "sleep 31345" &&
	call saltutil.running >out &&
	ret_is ". == []" out &&
	test_expect_code 1 call saltutil.kill_job 20990101000000000001 >out &&
	ret_is ". == \"job '\''20990101000000000001'\'' is not running\"" out &&
	test_expect_code 1 call saltutil.kill_job ../../etc/passwd >out
'

test_expect_success CALL,JQ 'saltutil.kill_job spares a process that is not a tend job' '
	sleep 31346 &
	other=$! &&
	test_when_finished "kill -9 $other 2>/dev/null; true" &&
	printf "{\"jid\": \"7\", \"fun\": \"test.sleep\", \"pid\": %d}" $other >cache/proc/7.json &&
	test_expect_code 1 call saltutil.kill_job 7 >out &&
	ret_is "contains(\"is not a tend job\")" out &&
	kill -0 $other
'

test_expect_success CALL,JQ 'sys.list_functions and sys.doc' '
	call sys.list_functions >out &&
	for f in test.ping cmd.run_all pkg.upgrade pkg.list_upgrades service.status \
		grains.get grains.setval facts.items node.env agent.run \
		saltutil.running saltutil.kill_job sys.list_functions; do
		ret_is "any(.[]; . == \"$f\")" out || return 1
	done &&
	ret_is ". == sort" out &&
	call sys.list_functions "cmd.run*" >out &&
	ret_is ". == [\"cmd.run\", \"cmd.run_all\", \"cmd.run_stderr\", \"cmd.run_stdout\"]" out &&
	call sys.doc test.echo >out &&
	ret_is ".[\"test.echo\"] | contains(\"Usage: test.echo TEXT\")" out
'

test_done
