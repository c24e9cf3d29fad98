#!/bin/sh
test_description='evaluation errors: exact diagnostics with file:line:col'
. ./test-lib.sh

dir="$TEST_DIRECTORY/../lang/eval"

for pp in "$dir"/*.pp; do
	name=$(basename "$pp" .pp)
	test_expect_success "$name" "
		cp '$pp' '$name.pp' &&
		test_expect_code 1 tend catalog compile -q --certname node.example.com \
			--manifest '$name.pp' --modulepath /nonexistent >out 2>actual &&
		test_must_be_empty out &&
		test_cmp '$dir/$name.err' actual
	"
done

test_done
