#!/bin/sh
test_description='native functions print what Puppet 7 and stdlib print (differential)'
. ./test-lib.sh

# tests/lang/functions/NAME.pp holds notice() calls, NAME.out the messages
# Puppet printed for them (written by regen.sh there, from Debian's Puppet 7
# and puppetlabs-stdlib). tend must print the same messages.
dir="$TEST_DIRECTORY/../lang/functions"
modpath=/usr/share/puppet/modules

for pp in "$dir"/*.pp; do
	name=$(basename "$pp" .pp)
	test_expect_success "$name: same notices as puppet" "
		std_facts node.example.com >facts.json &&
		tend catalog compile --certname node.example.com --manifest '$pp' \
			--modulepath '$modpath' --facts facts.json >catalog.json 2>log &&
		'$dir/notices.sh' <log >actual &&
		test_cmp '$dir/$name.out' actual
	"
done

test_done
