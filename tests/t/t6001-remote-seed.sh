#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='the seed'"'"'s remote execution on a master and 50 minions:
pkg.upgrade on real dpkg state, grain targeting, the canary workflow'
. ./test-lib.sh
. "$TEST_DIRECTORY/lib/remote.sh"
# installs and removes real packages: one such script at a time
test_have_prereq ROOT && test_lock_machine dpkg

# A local apt repository with tend-test-dummy 1.1 while 1.0 is installed:
# pkg.upgrade then has exactly one real upgrade to make. APT_CONFIG confines
# apt to that repository (its own lists and archives); dpkg's state is the
# machine's own.
PKG=tend-test-dummy
make_deb() {
	rm -rf "deb-$1" &&
	mkdir -p "deb-$1/DEBIAN" "deb-$1/usr/share/doc/$PKG" &&
	cat >"deb-$1/DEBIAN/control" <<-EOF &&
	Package: $PKG
	Version: $1
	Architecture: all
	Maintainer: tend tests <tests@example.invalid>
	Description: a package tend's tests install, upgrade and purge
	EOF
	echo "$1" >"deb-$1/usr/share/doc/$PKG/version" &&
	dpkg-deb --root-owner-group -b "deb-$1" "$2" >/dev/null
}

test_expect_success ROOT 'set up: tend-test-dummy 1.0 installed, 1.1 in a local repository' '
	dpkg --purge $PKG >/dev/null 2>&1
	mkdir -p repo apt/lists/partial apt/archives/partial apt/parts &&
	make_deb 1.0 dummy-1.0.deb &&
	make_deb 1.1 repo/${PKG}_1.1_all.deb &&
	dpkg -i dummy-1.0.deb >/dev/null &&
	(
		cd repo &&
		size=$(stat -c %s ${PKG}_1.1_all.deb) &&
		sum=$(sha256sum ${PKG}_1.1_all.deb | cut -d" " -f1) &&
		{ dpkg-deb -f ${PKG}_1.1_all.deb &&
		  echo "Filename: ./${PKG}_1.1_all.deb" &&
		  echo "Size: $size" && echo "SHA256: $sum" && echo; } >Packages
	) &&
	echo "deb [trusted=yes] file:$PWD/repo ./" >apt/sources.list &&
	cat >apt/apt.conf <<-EOF &&
	Dir::Etc::SourceList "$PWD/apt/sources.list";
	Dir::Etc::SourceParts "$PWD/apt/parts";
	Dir::State::Lists "$PWD/apt/lists";
	Dir::Cache::Archives "$PWD/apt/archives";
	Dir::Cache::pkgcache "";
	Dir::Cache::srcpkgcache "";
	EOF
	APT_CONFIG=$PWD/apt/apt.conf apt-get -q update >/dev/null &&
	test "$(dpkg-query -W -f="\${Version}" $PKG)" = 1.0
'
test_have_prereq ROOT && test_atexit 'dpkg --purge tend-test-dummy >/dev/null 2>&1'

test_expect_success 'a master and 50 minions, their keys accepted' '
	master_start &&
	mkdir -p envs/production/manifests envs/canary/manifests &&
	echo "notify { \"agent ran in production\": }" >envs/production/manifests/site.pp &&
	echo "notify { \"agent ran in canary\": }" >envs/canary/manifests/site.pp &&
	for id in mc1.pmtpa.wmflabs mc2.pmtpa.wmflabs; do
		APT_CONFIG=$PWD/apt/apt.conf minion_start $id --agent-dir "$PWD/envs" || return 1
	done &&
	i=1 && while test $i -le 48; do
		id=$(printf "app%02d.eqiad.wmnet" $i) &&
		minion_start $id --agent-dir "$PWD/envs" &&
		case $i in 1|2|3) echo "cluster-type=canary" ;; *) echo "cluster-type=app" ;; esac \
			>"$REMOTE/minions/$id/conf/facts.d/cluster.txt" || return 1
		i=$((i + 1))
	done &&
	wait_for 60 keys_in pending 50 &&
	tend key accept --all >/dev/null &&
	wait_for 60 connected 50
'

test_expect_success 'test.ping reaches all 50, each exactly once' '
	tend run --out json "*" test.ping >out 2>err &&
	jq -e "length == 50 and all(.[]; . == true)" out &&
	test_grep "50 targeted, 50 returned" err
'

test_expect_success ROOT "tend run 'mc*' --out json pkg.upgrade: the seed's command and shape" '
	tend run "mc*" --out json pkg.upgrade >out &&
	jq -e "keys == [\"mc1.pmtpa.wmflabs\", \"mc2.pmtpa.wmflabs\"]" out &&
	jq -e "[.[] | .[\"$PKG\"] | select(.)] == [{\"new\": \"1.1\", \"old\": \"1.0\"}]" out &&
	jq -e "[.[] | select(. == {})] | length == 1" out &&
	test "$(dpkg-query -W -f="\${Version}" $PKG)" = 1.1 &&
	up=$(jq -r "to_entries[] | select(.value != {}) | .key" out) &&
	if test "$up" = mc1.pmtpa.wmflabs
	then
		printf "%s\n" "{" "    \"mc1.pmtpa.wmflabs\": {" "        \"$PKG\": {" \
			"            \"new\": \"1.1\"," "            \"old\": \"1.0\"" "        }" \
			"    }," "    \"mc2.pmtpa.wmflabs\": {}" "}"
	else
		printf "%s\n" "{" "    \"mc1.pmtpa.wmflabs\": {}," "    \"mc2.pmtpa.wmflabs\": {" \
			"        \"$PKG\": {" "            \"new\": \"1.1\"," \
			"            \"old\": \"1.0\"" "        }" "    }" "}"
	fi >expect &&
	test_cmp expect out
'

test_expect_success "-G 'cluster-type:canary' --out json: one key per canary minion" '
	tend run -G "cluster-type:canary" --out json test.ping >out &&
	jq -e "keys == [\"app01.eqiad.wmnet\", \"app02.eqiad.wmnet\", \"app03.eqiad.wmnet\"]" out
'

test_expect_success 'the canary workflow: environment, agent run, back to production' '
	mkdir -p "$REMOTE/master/modules/wmftest" &&
	cp "$TEST_DIRECTORY/../../examples/salt/modules/wmftest/puppet_env" "$REMOTE/master/modules/wmftest/" &&
	tend run --out json -G "cluster-type:canary" saltutil.sync_modules >out &&
	jq -e "length == 3" out &&
	tend run --out json -G "cluster-type:canary" wmftest.puppet_env canary >out &&
	jq -e "[.[]] == [\"canary\", \"canary\", \"canary\"]" out &&
	tend run --out json -t 60 -G "cluster-type:canary" agent.run >out &&
	jq -e "length == 3" out &&
	jq -r ".[] | tostring" out >runs &&
	test "$(grep -c "agent ran in canary" runs)" = 3 &&
	! grep "agent ran in production" runs &&
	tend run --out json app04.eqiad.wmnet agent.run >out &&
	jq -r ".[] | tostring" out >runs &&
	test_grep "agent ran in production" runs &&
	tend run --out json -G "cluster-type:canary" wmftest.puppet_env production >out &&
	jq -e "[.[]] == [\"production\", \"production\", \"production\"]" out &&
	tend run --out json "*" node.env >out &&
	jq -e "[.[] | select(. != \"production\")] == []" out
'

test_expect_success 'no sanitizer report in the daemons'"'"' logs' '
	daemon_logs_clean
'

test_done
