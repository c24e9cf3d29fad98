#!/bin/sh
test_description='catalogs of the manifest corpus match Puppet 7 (differential)'
. ./test-lib.sh

if ! test_have_prereq PUPPET; then
	skip_all='puppet is not installed'
	test_done
fi

corpus="$TEST_DIRECTORY/../catalog"

for pp in "$corpus"/*.pp; do
	name=$(basename "$pp" .pp)
	cert=$(sed -n 's/^# certname: *//p' "$pp" | head -1)
	test -n "$cert" || cert=node.example.com
	modpath="$corpus/modules:/usr/share/puppet/modules"
	test_expect_success "$name: same catalog as puppet" "
		std_facts '$cert' >facts.json &&
		puppet_compile '$cert' '$pp' '$modpath' facts.json >puppet.json 2>puppet.err &&
		tend catalog compile --certname '$cert' --manifest '$pp' --modulepath '$modpath' \
			--facts facts.json >tend.json 2>tend.err &&
		catalog_normalize <puppet.json | jq 'del(.tags)' >expect &&
		catalog_normalize <tend.json | jq 'del(.tags)' >actual &&
		test_cmp expect actual
	"
done

test_done
