#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='exec type through tend apply: checks, returns, timeout, refreshonly, arguments unharmed'
. ./test-lib.sh

# tend apply and the exec type must both be in the binary
test_lazy_prereq APPLY_EXEC '
	"$TEND" apply -e "exec { \"/usr/bin/touch $PWD/ran\": }" &&
	test -f ran
'

test_expect_success APPLY_EXEC 'a command runs and reports executed successfully' '
	tend apply -e "exec { \"/usr/bin/touch $PWD/t1\": }" >out &&
	test -f t1 &&
	test_grep "Exec\[/usr/bin/touch $PWD/t1\]/returns: executed successfully" out
'

test_expect_success APPLY_EXEC 'quotes, spaces and ; reach the program unharmed' '
	cat >m.pp <<-PP &&
	exec { "touch-odd":
	  command => "/usr/bin/touch \"$PWD/a b;c\" '\''$PWD/it'\''\\\\'\'''\''s'\'' $PWD/\\\$HOME",
	}
	PP
	tend apply m.pp &&
	test -f "a b;c" &&
	test -f "it'\''s" &&
	test -f "\$HOME" &&
	! test -e a
'

test_expect_success APPLY_EXEC 'no shell: a ; is an argument, not a second command' '
	tend apply -e "exec { \"/bin/echo x; /usr/bin/touch $PWD/injected\": }" &&
	! test -e injected
'

test_expect_success APPLY_EXEC 'creates, onlyif and unless decide whether it runs' '
	cat >m.pp <<-PP &&
	exec { "/usr/bin/touch $PWD/c1": creates => "$PWD" }
	exec { "/usr/bin/touch $PWD/c2": onlyif => "/bin/false" }
	exec { "/usr/bin/touch $PWD/c3": unless => "/bin/true" }
	exec { "/usr/bin/touch $PWD/c4": onlyif => "/bin/true", unless => "/bin/false",
	  creates => "$PWD/c4" }
	PP
	tend apply m.pp &&
	! test -e c1 && ! test -e c2 && ! test -e c3 && test -f c4 &&
	tend apply --detailed-exitcodes m.pp
'

test_expect_success APPLY_EXEC 'returns and path' '
	tend apply -e "exec { \"sh -c \\\"exit 3\\\"\": path => \"/usr/bin:/bin\", returns => [0, 3] }" &&
	test_expect_code 4 tend apply --detailed-exitcodes -e "exec { \"/bin/sh -c \\\"exit 3\\\"\": }" 2>err &&
	test_grep "returned 3 instead of one of \[0\]" err
'

test_expect_success APPLY_EXEC 'an unqualified command without path fails validation' '
	test_must_fail tend apply -e "exec { \"touch $PWD/nq\": }" 2>err &&
	test_grep "'\''touch'\'' is not qualified and no path was specified" err &&
	! test -e nq
'

test_expect_success APPLY_EXEC 'timeout stops a command' '
	test_expect_code 4 tend apply --detailed-exitcodes -e "exec { \"/bin/sleep 10\": timeout => 1 }" 2>err &&
	test_grep "Command exceeded timeout" err
'

test_expect_success APPLY_EXEC 'environment, cwd and the shell provider' '
	mkdir wd &&
	cat >m.pp <<-PP &&
	exec { "env": command => "echo \"\\\$FOO\" > out-env; pwd >> out-env",
	  provider => shell, environment => ["FOO=a b"], cwd => "$PWD/wd" }
	PP
	tend apply m.pp &&
	printf "a b\n%s\n" "$PWD/wd" >expect &&
	test_cmp expect wd/out-env
'

test_expect_success APPLY_EXEC 'refreshonly runs only when notified' '
	cat >m.pp <<-PP &&
	exec { "/usr/bin/touch $PWD/r-quiet": refreshonly => true }
	exec { "/usr/bin/touch $PWD/r-trigger": creates => "$PWD/r-trigger" }
	~> exec { "/usr/bin/touch $PWD/r-notified": refreshonly => true }
	PP
	tend apply m.pp &&
	! test -e r-quiet && test -f r-notified &&
	rm r-notified &&
	tend apply m.pp &&
	! test -e r-notified
'

test_expect_success APPLY_EXEC 'a command inherits no descriptor but 0, 1 and 2' '
	echo "exec { \"/usr/bin/test ! -e /proc/self/fd/8 -a ! -e /proc/self/fd/9\": }" >m.pp &&
	test_expect_code 2 tend apply --detailed-exitcodes m.pp 8>held 9<m.pp
'

test_done
