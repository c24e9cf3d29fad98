#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend apply: changes, noop, exit codes, cycles, skipped dependents, reports'
. ./test-lib.sh

TEND_LOCK="$TRASH_DIRECTORY/agent.lock"
TEND_BUCKETDIR="$TRASH_DIRECTORY/bucket"
export TEND_LOCK TEND_BUCKETDIR
echo '{"hostname": "n1", "fqdn": "n1.example.com"}' >"$TRASH_DIRECTORY/facts.json"
F="--facts $TRASH_DIRECTORY/facts.json --certname n1"

# the types are written beside the agent; tests that need one wait for it
test_lazy_prereq NOTIFY '"$TEND" apply -e "notify{x:}"'
test_lazy_prereq FILE '"$TEND" apply -e "file{\"$PWD/x\": ensure => file}" && test -f x'
test_lazy_prereq EXEC '"$TEND" apply -e "exec{\"/bin/true\":}"'

# ---- without any resource type ----

test_expect_success 'an empty catalog applies and changes nothing' '
	echo "{\"name\":\"n1\",\"resources\":[]}" >empty.json &&
	tend apply --catalog empty.json --detailed-exitcodes >out &&
	test_grep "^Notice: Applied catalog in [0-9.]* seconds$" out &&
	test_grep "^Notice: 0 changed, 0 failed, 0 unchanged$" out
'

test_expect_success 'a compiled manifest with only classes applies' '
	echo "class foo {} include foo" >m.pp &&
	tend apply $F m.pp >out &&
	test_grep "^Notice: Compiled catalog for n1 in environment production" out &&
	test_grep "^Notice: Applied catalog" out
'

test_expect_success 'a compile error exits 1, with or without --detailed-exitcodes' '
	test_expect_code 1 tend apply $F -e "notify{" 2>err &&
	test_grep "error" err &&
	test_expect_code 1 tend apply $F --detailed-exitcodes -e "\$x = " 2>err
'

test_expect_success 'an unknown resource type fails validation: exit 1, nothing applied' '
	cat >unknown.json <<-\JSON &&
	{"name":"n1","resources":[
	  {"type":"Foo","title":"x"},
	  {"type":"Notify","title":"hello"}]}
	JSON
	test_expect_code 1 tend apply --catalog unknown.json --detailed-exitcodes >out 2>err &&
	test_grep "^Error: Foo\[x\]: unknown resource type .foo.$" err &&
	test_grep "nothing was changed" err &&
	! test_grep "Applied catalog" out &&
	! test_grep "Notify\[hello\]/message" out
'

test_expect_success 'a cycle between classes is named, and nothing is applied' '
	cat >cycle.json <<-\JSON &&
	{"name":"n1","resources":[
	  {"type":"Class","title":"A","parameters":{"require":"Class[B]"}},
	  {"type":"Class","title":"B","parameters":{"require":"Class[A]"}}]}
	JSON
	test_expect_code 1 tend apply --catalog cycle.json 2>err &&
	test_grep "^Error: found 1 dependency cycle: (Class\[A\] => Class\[B\] => Class\[A\])$" err
'

test_expect_success 'a relationship to a missing resource is an error' '
	echo "{\"resources\":[{\"type\":\"Class\",\"title\":\"A\",\"parameters\":{\"before\":\"File[/nope]\"}}]}" >missing.json &&
	test_expect_code 1 tend apply --catalog missing.json 2>err &&
	test_grep "could not find resource File\[/nope\] for Class\[A\]" err
'

test_expect_success 'a catalog that is not JSON names the file' '
	echo "{" >bad.json &&
	test_expect_code 1 tend apply --catalog bad.json 2>err &&
	test_grep "bad.json:" err
'

test_expect_success '--report writes JSON with status and metrics' '
	tend apply --catalog empty.json --report report.json >out &&
	test_have_prereq !JQ || {
		jq -e ".status == \"unchanged\" and .host == \"n1\" and .metrics.resources.total == 0 and .noop == false" report.json
	}
'

test_expect_success 'usage errors exit 129' '
	test_expect_code 129 tend apply &&
	test_expect_code 129 tend apply -e "notify{a:}" m.pp &&
	test_expect_code 129 tend apply --bogus
'

# ---- with the notify type ----

test_expect_success NOTIFY 'notify changes: path, summary, exit codes' '
	tend apply $F -e "notify{hello: message => \"hi there\"}" >out &&
	test_grep "^Notice: /Stage\[main\]/Main/Notify\[hello\]/message: defined .message. as .hi there.$" out &&
	test_grep "^Notice: 1 changed, 0 failed, 0 unchanged$" out &&
	test_expect_code 2 tend apply $F --detailed-exitcodes -e "notify{hello:}"
'

test_expect_success NOTIFY 'resources in classes and defines have their containers in the path' '
	cat >paths.pp <<-\PP &&
	class memcached { notify{"in class":} }
	define thing() { notify{"in ${title}":} }
	include memcached
	thing{"t1":}
	PP
	tend apply $F paths.pp >out &&
	test_grep "^Notice: /Stage\[main\]/Memcached/Notify\[in class\]/message" out &&
	test_grep "^Notice: /Stage\[main\]/Main/Thing\[t1\]/Notify\[in t1\]/message" out
'

test_expect_success NOTIFY 'order follows relationships, ties in manifest order' '
	cat >order.pp <<-\PP &&
	notify{"c": require => Notify["b"]}
	notify{"a":}
	notify{"b":}
	class k { notify{"k1":} }
	include k
	notify{"z": before => Class["k"]}
	PP
	tend apply $F order.pp >out &&
	sed -n "s|^Notice: /Stage\[main\]/[^/]*/Notify\[\([^]]*\)\]/message.*|\1|p" out >actual &&
	printf "%s\n" a b c z k1 >expect &&
	test_cmp expect actual
'

test_expect_success NOTIFY 'a cycle of notifies: nothing is applied' '
	test_expect_code 1 tend apply $F -e "notify{a: require => Notify[b]} notify{b: require => Notify[a]} notify{c:}" >out 2>err &&
	test_grep "^Error: found 1 dependency cycle: (Notify\[a\] => Notify\[b\] => Notify\[a\])$" err &&
	! test_grep "Notify\[c\]/message" out
'

test_expect_success NOTIFY 'an invalid resource in the catalog: exit 1, nothing applied' '
	cat >inv.json <<-\JSON &&
	{"name":"n1","resources":[
	  {"type":"Notify","title":"first"},
	  {"type":"Foo","title":"x"}]}
	JSON
	test_expect_code 1 tend apply --catalog inv.json --detailed-exitcodes >out 2>err &&
	! test_grep "Notify\[first\]" out
'

test_expect_success NOTIFY '--noop reports and exits 0' '
	tend apply $F --noop --detailed-exitcodes -e "notify{hello:}" >out &&
	test_grep "/Notify\[hello\]/message: current_value .*(noop)$" out &&
	! grep "^Notice: hello$" out
'

test_expect_success NOTIFY '--tags applies only tagged resources' '
	tend apply $F --tags web -e "notify{a: tag => web} notify{b:}" >out &&
	test_grep "Notify\[a\]/message" out &&
	! test_grep "Notify\[b\]/message" out
'

test_expect_success NOTIFY,JQ 'the report has resource statuses and events' '
	tend apply $F --report r.json -e "notify{hello:}" >out &&
	jq -e ".status == \"changed\" and .resource_statuses[\"Notify[hello]\"].changed == true and (.resource_statuses[\"Notify[hello]\"].events | length) == 1 and .metrics.resources.changed == 1" r.json
'

# ---- with exec: failures and skipped dependents ----

test_expect_success NOTIFY,EXEC 'a failure skips its dependents, others still run; exit 4/6' '
	cat >fail.pp <<-\PP &&
	exec{"/bin/false":}
	notify{"dep": require => Exec["/bin/false"]}
	notify{"dep2": require => Notify["dep"]}
	notify{"free":}
	PP
	test_expect_code 6 tend apply $F --detailed-exitcodes fail.pp >out 2>err &&
	test_grep "^Error: /Stage\[main\]/Main/Exec\[/bin/false\].*returned 1" err &&
	test_grep "^Warning: /Stage\[main\]/Main/Notify\[dep\]: Skipping because of failed dependencies$" err &&
	test_grep "^Warning: /Stage\[main\]/Main/Notify\[dep2\]: Skipping because of failed dependencies$" err &&
	test_grep "Notify\[free\]/message" out &&
	test_expect_code 4 tend apply $F --detailed-exitcodes -e "exec{\"/bin/false\":}" &&
	test_expect_code 1 tend apply $F -e "exec{\"/bin/false\":}"
'

# ---- with the file type ----

test_expect_success FILE 'a file is created, then left alone' '
	tend apply $F -e "file{\"$PWD/f\": ensure => file, content => \"hi\"}" >out &&
	test_grep "^Notice: /Stage\[main\]/Main/File\[$PWD/f\]/ensure: " out &&
	printf hi >expect && test_cmp expect f &&
	tend apply $F --detailed-exitcodes -e "file{\"$PWD/f\": ensure => file, content => \"hi\"}" >out
'

test_expect_success FILE '--noop leaves a drifted file alone' '
	printf drift >f &&
	tend apply $F --noop -e "file{\"$PWD/f\": ensure => file, content => \"hi\"}" >out &&
	test_grep "(noop)$" out &&
	printf drift >expect && test_cmp expect f
'

test_expect_success FILE 'a cycle changes no file' '
	test_expect_code 1 tend apply $F -e "file{\"$PWD/c1\": ensure => file, require => File[\"$PWD/c2\"]} file{\"$PWD/c2\": ensure => file, require => File[\"$PWD/c1\"]}" 2>err &&
	test_grep "dependency cycle" err &&
	! test -e c1 && ! test -e c2
'

test_done
