#!/bin/sh
test_description='functions of the Debian puppet-module-* packages give what Puppet 7 gives (differential)'
. ./test-lib.sh

# tests/lang/modfuncs/NAME.pp holds cases separated by lines "# ---"; NAME.out
# what Debian's Puppet 7 printed for each, with the Debian modules
# (stdlib, apache, inifile, ...) on its modulepath (written by regen.sh
# there, which also describes the format). Each case is compiled on its
# own by tend, with the same facts, and must give the same output.
dir="$TEST_DIRECTORY/../lang/modfuncs"
debian=/usr/share/puppet/modules
# modules/ there holds small modules of our own that some cases need
modpath="$dir/modules:$debian"

if ! test -d "$debian/stdlib"; then
	skip_all="no puppetlabs-stdlib in $debian"
	test_done
fi

# split_cases FILE PREFIX: writes PREFIX.1, PREFIX.2, ... and prints
# the number of cases
split_cases() {
	awk -v p="$2" '
		BEGIN { n = 1; f = p "." n; printf "" >f }
		/^# ---$/ { close(f); n++; f = p "." n; printf "" >f; next }
		{ print >f }
		END { print n }' "$1"
}

# case_output MODULEPATH < tend's stderr: the case output as regen.sh
# writes it: the notices, then "error: LOC: MESSAGE" for the first error
case_output() {
	awk -v mp="$1" '
		function flush_err() {
			if (nerr > 1)
				nerr-- # drop the quoted source line
			for (i = 1; i <= nerr; i++)
				print err[i]
			nerr = 0
		}
		done { next }
		inerr && /^[ \t]*\^$/ { flush_err(); done = 1; next }
		inerr && /^error: could not compile/ { flush_err(); done = 1; next }
		inerr { err[++nerr] = $0; next }
		/^(Notice|Warning|Error|Info|Debug|Alert|Critical|Emergency): / {
			keep = 0
			if (sub(/^Notice: Scope\([^)]*\): /, "")) {
				keep = 1
				print
			}
			next
		}
		/^[^ ]*:[0-9]+:[0-9]+: error: / || /^error: / {
			keep = 0
			line = $0
			if (match(line, /^[^ ]*:[0-9]+:[0-9]+: error: /)) {
				head = substr(line, 1, RLENGTH)
				msg = substr(line, RLENGTH + 1)
				sub(/: error: $/, "", head)
				if (index(head, "case.pp:") == 1)
					head = substr(head, 9)
				else {
					n = split(mp, dirs, ":")
					for (i = 1; i <= n; i++)
						if (index(head, dirs[i] "/") == 1)
							head = substr(head, length(dirs[i]) + 2)
				}
				line = "error: " head ": " msg
			}
			if (line ~ /^error: could not compile/) { done = 1; next }
			err[++nerr] = line
			inerr = 1
			next
		}
		/^[^ ]*:[0-9]+:[0-9]+: warning: / { keep = 0; next }
		keep { print }
		END { if (!done) flush_err() }
	'
}

# resource_lines < catalog.json: the "resource:" lines of a case with a
# line "# catalog" (see puppet-cases.rb)
resource_lines() {
	jq -r '
		def sorted: if type == "object" then to_entries | sort_by(.key)
				| map(.value |= sorted) | from_entries
			elif type == "array" then map(sorted) else . end;
		.resources[] | select(.type != "Class" and .type != "Stage")
		| "resource: \(.type)[\(.title)] \(.parameters // {} | sorted | tojson)"' |
	LC_ALL=C sort
}

std_facts node.example.com >"$TRASH_DIRECTORY/facts.json" ||
	BUG "cannot write the facts"

for pp in "$dir"/*.pp; do
	name=$(basename "$pp" .pp)
	n=$(split_cases "$pp" "$TRASH_DIRECTORY/$name.pp") &&
	m=$(split_cases "$dir/$name.out" "$TRASH_DIRECTORY/$name.out") ||
		BUG "cannot split $pp"
	test "$n" = "$m" || BUG "$name.pp has $n cases, $name.out $m"
	i=1
	while test "$i" -le "$n"; do
		# (no '#' in a title: TAP would read a directive there)
		title=$(grep -v '^#' "$TRASH_DIRECTORY/$name.pp.$i" | grep -m1 . |
			tr -d '#\\' | cut -c1-60)
		# a case with a line "# known: WHY" documents a difference
		# that lies outside the functions (an evaluator message)
		expect=test_expect_success
		if grep -q '^# known: ' "$TRASH_DIRECTORY/$name.pp.$i"; then
			expect=test_expect_failure
		fi
		$expect "$name $i: $title" "
			cp '$TRASH_DIRECTORY/$name.pp.$i' case.pp &&
			{ tend catalog compile --certname node.example.com \
				--manifest case.pp --modulepath '$modpath' \
				--facts '$TRASH_DIRECTORY/facts.json' >catalog.json 2>log ||
			  :; } &&
			case_output '$modpath' <log >actual &&
			if grep -q '^# catalog\$' case.pp && test -s catalog.json
			then
				resource_lines <catalog.json >>actual
			fi &&
			test_cmp '$TRASH_DIRECTORY/$name.out.$i' actual
		"
		i=$((i + 1))
	done
done

test_done
