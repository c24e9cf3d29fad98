#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='service type through tend apply: debian (sysv) and base providers'
. ./test-lib.sh

# tend apply and the service type must both be in the binary
test_lazy_prereq APPLY_SERVICE '
	"$TEND" apply -e "service { \"tend-prereq\": start => \"touch $PWD/s\", status => \"test -e $PWD/s\", ensure => running }" &&
	test -f s
'
# a machine run by sysv init (the debian provider)
test_lazy_prereq SYSV '
	! test -d /run/systemd/system &&
	command -v start-stop-daemon && command -v update-rc.d
'

SVC=tend-test-svc

# A real init script: a sleep daemon with a pidfile, by start-stop-daemon.
# START_FAIL in /etc/default/$SVC makes start fail with a message.
write_init_script() {
	cat >/etc/init.d/$SVC <<-\SH &&
	#!/bin/sh
	### BEGIN INIT INFO
	# Provides:          tend-test-svc
	# Required-Start:    $remote_fs
	# Required-Stop:     $remote_fs
	# Default-Start:     2 3 4 5
	# Default-Stop:      0 1 6
	# Short-Description: tend test daemon
	### END INIT INFO
	PIDFILE=/run/tend-test-svc.pid
	test -f /etc/default/tend-test-svc && . /etc/default/tend-test-svc
	case "$1" in
	start)
		if test -n "$START_FAIL"; then
			echo "tend-test-svc: $START_FAIL" >&2
			exit 1
		fi
		start-stop-daemon --start --quiet --background --make-pidfile \
			--pidfile $PIDFILE --exec /bin/sleep -- 31338
		echo "started" >>/run/tend-test-svc.log
		;;
	stop)
		start-stop-daemon --stop --quiet --oknodo --pidfile $PIDFILE --retry 5
		rm -f $PIDFILE
		;;
	restart)
		$0 stop && $0 start
		;;
	status)
		start-stop-daemon --status --pidfile $PIDFILE
		;;
	*) exit 2 ;;
	esac
	SH
	chmod 755 /etc/init.d/$SVC
}

cleanup_service() {
	/etc/init.d/$SVC stop >/dev/null 2>&1
	update-rc.d -f $SVC remove >/dev/null 2>&1
	rm -f /etc/init.d/$SVC /etc/default/$SVC /run/tend-test-svc.log /run/tend-test-svc.pid
	true
}

test_expect_success APPLY_SERVICE,ROOT,SYSV 'ensure running starts a sysv service' '
	test_atexit cleanup_service &&
	write_init_script &&
	tend apply -e "service { \"$SVC\": ensure => running }" >out &&
	test_grep "Service\[$SVC\]/ensure: ensure changed .stopped. to .running." out &&
	/etc/init.d/$SVC status &&
	tend apply --detailed-exitcodes -e "service { \"$SVC\": ensure => running }"
'

test_expect_success APPLY_SERVICE,ROOT,SYSV 'enable adds the rc links, false disables' '
	tend apply -e "service { \"$SVC\": enable => true }" >out &&
	test_grep "enable changed .false. to .true." out &&
	ls /etc/rc2.d/S*$SVC &&
	tend apply --detailed-exitcodes -e "service { \"$SVC\": enable => true }" &&
	tend apply -e "service { \"$SVC\": enable => false }" >out &&
	test_grep "enable changed .true. to .false." out &&
	! ls /etc/rc2.d/S*$SVC 2>/dev/null
'

test_expect_success APPLY_SERVICE,ROOT,SYSV 'a notify restarts a running service once' '
	: >/run/tend-test-svc.log &&
	tend apply -e "
		exec { \"/bin/true a\": } ~> Service[\"$SVC\"]
		exec { \"/bin/true b\": } ~> Service[\"$SVC\"]
		service { \"$SVC\": ensure => running }" &&
	test "$(wc -l </run/tend-test-svc.log)" = 1
'

test_expect_success APPLY_SERVICE,ROOT,SYSV 'ensure stopped stops it' '
	tend apply -e "service { \"$SVC\": ensure => stopped }" >out &&
	test_grep "ensure changed .running. to .stopped." out &&
	test_must_fail /etc/init.d/$SVC status
'

test_expect_success APPLY_SERVICE,ROOT,SYSV 'a failed start reports the service'\''s own message' '
	echo "START_FAIL=\"failed to set connection limit\"" >/etc/default/$SVC &&
	test_expect_code 4 tend apply --detailed-exitcodes -e "service { \"$SVC\": ensure => running }" 2>err &&
	test_grep "Could not start Service\[$SVC\]" err &&
	test_grep "tend-test-svc: failed to set connection limit" err &&
	rm /etc/default/$SVC
'

test_expect_success APPLY_SERVICE 'base provider: start, stop and status commands' '
	tend apply -e "service { \"mine\": ensure => running,
		start => \"touch $PWD/flag\", stop => \"rm $PWD/flag\", status => \"test -e $PWD/flag\" }" >out &&
	test -f flag &&
	tend apply -e "service { \"mine\": ensure => stopped,
		start => \"touch $PWD/flag\", stop => \"rm $PWD/flag\", status => \"test -e $PWD/flag\" }" &&
	! test -e flag
'

test_expect_success APPLY_SERVICE 'invalid ensure fails validation' '
	test_must_fail tend apply -e "service { \"x\": ensure => sometimes }" 2>err &&
	test_grep "Invalid value .sometimes." err
'

test_done
