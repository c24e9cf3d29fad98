#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the seed end to end: a real memcached from Debian installed, configured, started'
. ./test-lib.sh
# installs and removes real packages: one such script at a time
test_have_prereq ROOT && test_lock_machine dpkg

# Needs root and Debian's archive: it installs, starts and removes memcached.
if ! test_have_prereq ROOT; then
	skip_all='needs root (it installs and starts memcached)'
	test_done
fi
test_lazy_prereq ARCHIVE '
	apt-cache policy memcached 2>/dev/null | grep -q "Candidate: [0-9]"
'
if ! test_have_prereq ARCHIVE; then
	skip_all='memcached is not available from an apt source'
	test_done
fi

examples="$TEST_DIRECTORY/../../examples"
B="--bucketdir $PWD/bucket"

# memcached_stats: asks the server on 127.0.0.1:11211 for `stats`
memcached_stats() {
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:11211", Timeout => 5) or exit 1;
		print $s "stats\r\n";
		while (<$s>) { print; last if /^END/ }'
}

cleanup_memcached() {
	service memcached stop >/dev/null 2>&1
	DEBIAN_FRONTEND=noninteractive apt-get -q -y purge memcached >/dev/null 2>&1
	rm -f /etc/memcached.conf /var/log/memcached.log
}
test_atexit cleanup_memcached

test_expect_success 'examples/memcached installs, configures and starts memcached' '
	test_expect_code 2 tend apply $B --detailed-exitcodes \
		--modulepath "$examples/memcached/modules" \
		"$examples/memcached/manifests/site.pp" >out 2>err &&
	grep "Package\[memcached\]/ensure: created" out &&
	dpkg-query -W -f="\${Status}" memcached | grep "install ok installed" &&
	grep "^-c 1024$" /etc/memcached.conf &&
	grep "^-l 127.0.0.1$" /etc/memcached.conf &&
	memcached_stats >stats &&
	grep "^STAT pid " stats
'

test_expect_success 'a second run changes nothing' '
	tend apply $B --detailed-exitcodes \
		--modulepath "$examples/memcached/modules" \
		"$examples/memcached/manifests/site.pp" >out &&
	grep "0 changed, 0 failed" out
'

# The package and service types read dpkg's status file and the rc links
# instead of running dpkg-query and invoke-rc.d: their answers must be
# those commands' answers.
test_expect_success 'the package version and enable state are what dpkg-query and invoke-rc.d say' '
	v=$(dpkg-query -W -f="\${Version}" memcached) &&
	tend apply $B --noop -e "package { memcached: ensure => \"$v\" }" >out &&
	grep "0 changed, 0 out of sync (noop), 0 failed" out &&
	tend apply $B --noop -e "package { memcached: ensure => absent }" >out &&
	grep "Package\[memcached\]/ensure: current_value .$v., should be .absent. (noop)" out &&
	tend apply $B --noop -e "package { tend-no-such-package: ensure => purged }" >out &&
	grep "0 changed, 0 out of sync (noop), 0 failed" out &&
	rc=0 && { invoke-rc.d --quiet --query memcached start || rc=$?; } &&
	case $rc in
	104|106) en=true ;;
	101|105) n=$(ls -d /etc/rc*.d/S??memcached 2>/dev/null | wc -l) &&
		if test $n -ge 4; then en=true; else en=false; fi ;;
	*) en=false ;;
	esac &&
	tend apply $B --noop -e "service { memcached: enable => $en }" >out &&
	grep "0 changed, 0 out of sync (noop), 0 failed" out
'

test_expect_success '--noop after a drift reports the change and touches nothing' '
	echo "# edited by hand" >>/etc/memcached.conf &&
	cp /etc/memcached.conf drifted &&
	tend apply $B --noop --modulepath "$examples/memcached/modules" \
		"$examples/memcached/manifests/site.pp" >out &&
	grep "File\[/etc/memcached.conf\]/content: current_value" out &&
	test_cmp drifted /etc/memcached.conf
'

test_expect_success 'a drift is restored, backed up, and the service restarted' '
	pid_before=$(memcached_stats | sed -n "s/^STAT pid \([0-9]*\).*/\1/p") &&
	test_expect_code 2 tend apply $B --detailed-exitcodes \
		--modulepath "$examples/memcached/modules" \
		"$examples/memcached/manifests/site.pp" >out &&
	grep "File\[/etc/memcached.conf\]/content: content changed" out &&
	! grep "edited by hand" /etc/memcached.conf &&
	sum=$(sha256sum drifted | cut -d" " -f1) &&
	tend filebucket $B get "$sum" >restored &&
	test_cmp drifted restored &&
	grep "Service\[memcached\]: Triggered .refresh." out &&
	pid_after=$(memcached_stats | sed -n "s/^STAT pid \([0-9]*\).*/\1/p") &&
	test -n "$pid_after" && test "$pid_before" != "$pid_after"
'

test_expect_success 'the seed, as written, renders the config byte for byte' '
	service memcached stop >/dev/null 2>&1;
	test_might_fail tend apply $B --modulepath "$examples/seed/modules" \
		--certname mc1.wikimedia.org "$examples/seed/manifests/site.pp" >out 2>err &&
	echo "bd15482b9f5032785b95c63b4e98f50bc44fef816eedf02ebc58761b42edfddb  /etc/memcached.conf" >sum &&
	sha256sum -c sum
'

# The seed sets -c 25000: where the limit on open files is lower and cannot
# be raised, memcached refuses to start, and the run must say so. Whether
# that is the case here is memcached's to say: it runs for a second, or
# exits at once.
test_lazy_prereq LOW_NOFILE '
	timeout 1 memcached -u memcache -c 25000 -l 127.0.0.1 -p 11299 -U 0 >/dev/null 2>&1
	test $? != 124
'

test_expect_success LOW_NOFILE 'the seed on a low open-files limit fails Service[memcached] with memcached'\''s message' '
	service memcached stop >/dev/null 2>&1;
	test_expect_code 4 tend apply $B --detailed-exitcodes \
		--modulepath "$examples/seed/modules" --certname mc1.wikimedia.org \
		"$examples/seed/manifests/site.pp" >out 2>err &&
	grep "Service\[memcached\]" err &&
	grep -i "rlimit" err
'

test_done
