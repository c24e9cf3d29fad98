#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend apply: notify, host, file_line, ssh_authorized_key, cron under a temporary directory'
. ./test-lib.sh

# tend apply is written in parallel; these run once it applies a notify
test_lazy_prereq APPLY 'tend apply -e "notify { probe: }"'

strip_header() {
	grep -v "^# HEADER: " "$1"
}

test_expect_success APPLY 'notify prints its message and counts as a change' '
	tend apply -e "notify { hello: } notify { n2: message => \"msg two\" }" >out &&
	grep "Notice: hello" out &&
	grep "Notice: msg two" out &&
	grep "Notify\[n2\]/message: defined .message. as .msg two." out
'

test_expect_success APPLY 'host entries are added, changed and removed as puppet does' '
	printf "127.0.0.1\tlocalhost\n# a comment\n\n10.0.0.1 old.example  o1 o2 # hi\n" >hosts &&
	tend apply -e "
		host { \"new.example\": ip => \"1.2.3.4\", host_aliases => [n1, n2], comment => \"c c\", target => \"$PWD/hosts\" }
		host { \"old.example\": ip => \"10.0.0.2\", target => \"$PWD/hosts\" }" >out &&
	grep "Host\[old.example\]/ip: ip changed .10.0.0.1. to .10.0.0.2." out &&
	printf "127.0.0.1\tlocalhost\n# a comment\n\n10.0.0.2\told.example\to1 o2\t# hi\n1.2.3.4\tnew.example\tn1 n2\t# c c\n" >expect &&
	strip_header hosts >actual &&
	test_cmp expect actual &&
	tend apply -e "host { \"old.example\": ensure => absent, target => \"$PWD/hosts\" }" &&
	! grep old.example hosts
'

test_expect_success APPLY 'host without ip fails validation and changes nothing' '
	cp hosts hosts.before &&
	test_must_fail tend apply -e "host { \"a.example\": target => \"$PWD/hosts\" }" 2>err &&
	grep "ip is a required attribute" err &&
	test_cmp hosts.before hosts
'

test_expect_success APPLY 'file_line replaces a matching line and appends after a pattern' '
	printf "a\nfoo=1\nb\n" >fl &&
	tend apply -e "
		file_line { l1: path => \"$PWD/fl\", line => \"foo=2\", match => \"^foo=\" }
		file_line { l2: path => \"$PWD/fl\", line => new, after => \"^a\$\" }" &&
	printf "a\nnew\nfoo=2\nb\n" >expect &&
	test_cmp expect fl
'

test_expect_success APPLY 'ssh_authorized_key writes the key line, 0600' '
	tend apply -e "ssh_authorized_key { \"me@host\": user => root, type => ssh-rsa, key => AAAAB3Nza, options => [\"from=\\\"1.2.3.4\\\"\", no-pty], target => \"$PWD/keys\" }" &&
	echo "from=\"1.2.3.4\",no-pty ssh-rsa AAAAB3Nza me@host" >expect &&
	strip_header keys >actual &&
	test_cmp expect actual &&
	test "$(stat -c %a keys)" = 600
'

test_expect_success APPLY 'cron writes a crontab file in puppet format' '
	tend apply -e "cron { job1: command => \"/bin/true\", user => root, minute => [0, 30], hour => 2, target => \"$PWD/crontab\" }" &&
	printf "# Puppet Name: job1\n0,30 2 * * * /bin/true\n" >expect &&
	strip_header crontab >actual &&
	test_cmp expect actual
'

test_expect_success APPLY '--noop reports and changes nothing' '
	printf "a\n" >nf &&
	tend apply --noop -e "file_line { x: path => \"$PWD/nf\", line => b }" &&
	printf "a\n" >expect &&
	test_cmp expect nf
'

test_done
