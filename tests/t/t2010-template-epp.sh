#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='EPP templates render as puppet epp render does'
. ./test-lib.sh

if ! test_have_prereq PUPPET; then
	skip_all='puppet is not installed'
	test_done
fi

dir="$TEST_DIRECTORY/../template/epp"
for epp in "$dir"/*.epp; do
	name=$(basename "$epp" .epp)
	test_expect_success "$name: same output as puppet epp render" "
		mkdir -p p &&
		puppet epp render --confdir p/conf --vardir p/var --codedir p/code \
			--logdir p/log --rundir p/run --ssldir p/ssl \
			--values_file '$dir/$name.yaml' '$epp' >expect &&
		tend template render --values '$dir/$name.yaml' '$epp' >actual &&
		test_cmp expect actual
	"
done

test_expect_success 'a missing parameter is an error at the template' '
	test_must_fail tend template render --values "{}" "$dir/params.epp" 2>err &&
	grep "params.epp:1:1: error: the EPP template expects a value for parameter .\$name." err
'

test_done
