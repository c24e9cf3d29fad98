#!/bin/sh
test_description='the seed configuration compiles unmodified, as Puppet renders it'
. ./test-lib.sh

seed="$TEST_DIRECTORY/../../examples/seed"

test_expect_success 'seed compiles for mc1.wikimedia.org' '
	tend catalog compile --certname mc1.wikimedia.org \
		--manifest "$seed/manifests/site.pp" --modulepath "$seed/modules" \
		>catalog.json 2>err
'

test_expect_success 'undefined $version is a warning with its location' '
	grep "site.pp:25:27: warning: unknown variable: .\$version." err
'

test_expect_success 'Package[memcached] has no ensure' '
	jq -e ".resources[] | select(.type==\"Package\" and .title==\"memcached\") | .parameters.ensure == null" catalog.json
'

test_expect_success 'Service[memcached] runs, is enabled, requires the package' '
	jq -c ".resources[] | select(.type==\"Service\" and .title==\"memcached\") | .parameters" catalog.json >svc &&
	echo "{\"require\":\"Package[memcached]\",\"enable\":true,\"ensure\":\"running\"}" >expect &&
	test_cmp expect svc
'

test_expect_success '/etc/memcached.conf is byte-identical to Puppet 3 rendering' '
	jq -j ".resources[] | select(.type==\"File\" and .title==\"/etc/memcached.conf\") | .parameters.content" catalog.json >content &&
	test $(wc -c <content) = 149 &&
	echo "bd15482b9f5032785b95c63b4e98f50bc44fef816eedf02ebc58761b42edfddb  content" >sum &&
	sha256sum -c sum &&
	tail -2 content >tail2 &&
	printf "%s\n" "-o slab_reassign" "-D :" >expect &&
	test_cmp expect tail2
'

test_expect_success 'file mode keeps its source text "0644", owner and group are root' '
	jq -c ".resources[] | select(.type==\"File\") | [.parameters.mode, .parameters.owner, .parameters.group]" catalog.json >attrs &&
	echo "[\"0644\",\"root\",\"root\"]" >expect &&
	test_cmp expect attrs
'

test_expect_success 'containment edges as Puppet builds them' '
	jq -c "[.edges[] | [.source, .target]]" catalog.json >edges &&
	cat >expect <<-\EOF &&
	[["Stage[main]","Class[Settings]"],["Stage[main]","Class[main]"],["Class[main]","Node[mc1.wikimedia.org]"],["Stage[main]","Class[Role::Memcached]"],["Stage[main]","Class[Memcached]"],["Class[Memcached]","Package[memcached]"],["Class[Memcached]","Service[memcached]"],["Class[Memcached]","File[/etc/memcached.conf]"]]
	EOF
	test_cmp expect edges
'

test_done
