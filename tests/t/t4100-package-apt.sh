#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='package type (apt) through tend apply: install, latest, version, remove, purge, errors, noop'
. ./test-lib.sh
# installs and removes real packages: one such script at a time
test_have_prereq ROOT && test_lock_machine dpkg

# tend apply and the package type must both be in the binary
test_lazy_prereq APPLY_PACKAGE '
	"$TEND" apply -e "package { \"dpkg\": ensure => present }"
'
# the small package we install must come from an apt source and not be
# installed already (we remove it at the end)
PKG=sl
test_lazy_prereq APT_PKG '
	apt-cache policy $PKG | grep -q "Candidate: [0-9]" &&
	apt-cache policy $PKG | grep -q "Installed: (none)"
'

purge_pkg() {
	DEBIAN_FRONTEND=noninteractive apt-get -q -y purge $PKG >/dev/null 2>&1
	true
}

test_expect_success APPLY_PACKAGE,ROOT,APT_PKG 'noop reports the install and installs nothing' '
	tend apply --noop -e "package { \"$PKG\": ensure => present }" >out &&
	test_grep "Package\[$PKG\]/ensure" out &&
	test_must_fail dpkg-query -W $PKG
'

test_expect_success APPLY_PACKAGE,ROOT,APT_PKG 'ensure present installs from the archive' '
	test_atexit purge_pkg &&
	tend apply -e "package { \"$PKG\": ensure => present }" >out &&
	test_grep "Package\[$PKG\]/ensure: created" out &&
	dpkg-query -W -f "\${Status}\n" $PKG >status &&
	echo "install ok installed" >expect && test_cmp expect status &&
	tend apply --detailed-exitcodes -e "package { \"$PKG\": ensure => installed }"
'

test_expect_success APPLY_PACKAGE,ROOT,APT_PKG 'latest and the candidate version are in sync' '
	v=$(apt-cache policy $PKG | sed -n "s/ *Candidate: //p") &&
	tend apply --detailed-exitcodes -e "package { \"$PKG\": ensure => latest }" &&
	tend apply --detailed-exitcodes -e "package { \"$PKG\": ensure => \"$v\" }"
'

test_expect_success APPLY_PACKAGE,ROOT,APT_PKG 'a version apt does not have is an error from apt' '
	test_expect_code 4 tend apply --detailed-exitcodes -e "package { \"$PKG\": ensure => \"9.9-tend\" }" 2>err &&
	test_grep "Version .9.9-tend. for .$PKG. was not found" err
'

test_expect_success APPLY_PACKAGE,ROOT,APT_PKG 'ensure absent removes, purged purges' '
	tend apply -e "package { \"$PKG\": ensure => absent }" >out &&
	test_grep "Package\[$PKG\]/ensure: removed" out &&
	! test -e /usr/games/sl &&
	tend apply -e "package { \"$PKG\": ensure => purged }" &&
	test_must_fail dpkg-query -W $PKG 2>/dev/null &&
	tend apply --detailed-exitcodes -e "package { \"$PKG\": ensure => absent }"
'

test_expect_success APPLY_PACKAGE 'a package no apt source has is a clear error' '
	test_expect_code 4 tend apply --detailed-exitcodes -e "package { \"tend-no-such-package\": ensure => present }" 2>err &&
	test_grep "package .tend-no-such-package. is not available from any apt source" err
'

test_expect_success APPLY_PACKAGE 'bad values fail validation' '
	test_must_fail tend apply -e "package { \"x\": ensure => sometimes }" 2>err &&
	test_grep "Invalid value .sometimes." err &&
	test_must_fail tend apply -e "package { \"x\": provider => yum }" 2>err &&
	test_grep "provider .yum. is not supported here" err
'

test_done
