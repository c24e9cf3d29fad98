#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='tend facts: core facts match the machine; facts.d files; output formats'
. ./test-lib.sh

test_lazy_prereq DEBIAN 'test -f /etc/debian_version && test -f /etc/os-release'
test_lazy_prereq JQ 'jq --version'
test_lazy_prereq RUBY 'ruby -ryaml -rjson -e 1'

# ---- core facts against the machine's own tools ----

test_expect_success 'hostname is what hostname(1) says, up to the first dot' '
	hostname | cut -d. -f1 >expect &&
	tend facts hostname >actual &&
	test_cmp expect actual &&
	tend facts networking.hostname >actual &&
	test_cmp expect actual
'

test_expect_success 'processors.count is the number of online CPUs' '
	getconf _NPROCESSORS_ONLN >expect &&
	tend facts processors.count >actual &&
	test_cmp expect actual &&
	tend facts processorcount >actual &&
	test_cmp expect actual
'

test_expect_success 'processors.count is nproc when no CPU affinity limits nproc' '
	if test "$(nproc)" = "$(getconf _NPROCESSORS_ONLN)"
	then
		nproc >expect &&
		tend facts processors.count >actual &&
		test_cmp expect actual
	fi
'

test_expect_success 'memory.system.total_bytes is MemTotal of /proc/meminfo times 1024' '
	kb=$(sed -n "s/^MemTotal: *\([0-9]*\) kB$/\1/p" /proc/meminfo) &&
	echo $((kb * 1024)) >expect &&
	tend facts memory.system.total_bytes >actual &&
	test_cmp expect actual
'

test_expect_success 'kernel facts are what uname(1) says' '
	uname -s >expect &&
	tend facts kernel >actual &&
	test_cmp expect actual &&
	uname -r >expect &&
	tend facts kernelrelease >actual &&
	test_cmp expect actual &&
	uname -m >expect &&
	tend facts os.hardware >actual &&
	test_cmp expect actual
'

test_expect_success 'identity is what id(1) says' '
	id -un >expect &&
	tend facts identity.user >actual &&
	test_cmp expect actual &&
	id -u >expect &&
	tend facts identity.uid >actual &&
	test_cmp expect actual
'

test_expect_success DEBIAN 'os.family and osfamily are Debian' '
	echo Debian >expect &&
	tend facts os.family >actual &&
	test_cmp expect actual &&
	tend facts osfamily >actual &&
	test_cmp expect actual
'

test_expect_success DEBIAN 'os.release.full is /etc/debian_version' '
	tr -d " \n" </etc/debian_version >expect &&
	echo >>expect &&
	tend facts os.release.full >actual &&
	test_cmp expect actual
'

# ---- output formats ----

test_expect_success 'default output: "name => value" lines, structures as facter prints them' '
	tend facts >out &&
	test_grep "^kernel => $(uname -s)\$" out &&
	test_grep "^facterversion => 4.3.0\$" out &&
	test_grep "^os => {\$" out &&
	test_grep "^  family => \"" out &&
	test_grep "^  release => {\$" out &&
	test_grep "^    major => \"" out
'

test_expect_success 'several names: sorted lines, a missing fact empty' '
	tend facts os.release.major >major &&
	tend facts kernel os.release.major no.such.fact >actual &&
	printf "kernel => %s\nno.such.fact => \nos.release.major => %s\n" \
		"$(uname -s)" "$(cat major)" >expect &&
	test_cmp expect actual
'

test_expect_success 'one missing fact prints an empty line and succeeds' '
	tend facts no.such.fact >actual &&
	echo >expect &&
	test_cmp expect actual
'

test_expect_success JQ 'one structured fact prints as JSON' '
	tend facts os.release >actual &&
	jq -e ".full | type == \"string\"" actual &&
	tend facts os.release.full >full &&
	jq -r .full actual >full.json &&
	test_cmp full full.json
'

test_expect_success JQ '--json prints every fact, with types, keys sorted' '
	tend facts --json >facts.json &&
	jq -e "(.os.family | type) == \"string\" and
	       (.processors.count | type) == \"number\" and
	       (.is_virtual | type) == \"boolean\" and
	       (.memorysize_mb | type) == \"number\" and
	       .facterversion == \"4.3.0\" and
	       .osfamily == .os.family and
	       .memorysize == .memory.system.total" facts.json &&
	jq -r "keys_unsorted[]" facts.json >keys &&
	LC_ALL=C sort keys >sorted &&
	test_cmp sorted keys
'

test_expect_success JQ '--json with names: an object of those names' '
	tend facts --json kernel no.such.fact >actual &&
	jq -e ".kernel == \"$(uname -s)\" and .\"no.such.fact\" == null and (keys | length) == 2" actual
'

test_expect_success RUBY '--yaml reads back (with Ruby) as the same facts as --json' '
	tend facts --yaml >facts.yaml &&
	tend facts --json >facts.json &&
	ruby -ryaml -rjson -e "
		y = YAML.load_file(%q(facts.yaml))
		j = JSON.parse(File.read(%q(facts.json)))
		%w[load_averages memory memoryfree memoryfree_mb swapfree swapfree_mb
		   system_uptime uptime uptime_seconds uptime_hours uptime_days].each { |k| y.delete(k); j.delete(k) }
		exit(y == j ? 0 : 1)"
'

test_expect_success 'usage errors exit 129' '
	test_expect_code 129 tend facts --bogus 2>err &&
	test_grep "unknown option" err &&
	test_expect_code 129 tend facts --json --yaml 2>err &&
	test_grep "cannot be used together" err
'

# ---- external facts ----

test_expect_success JQ 'facts.d: text, JSON, YAML and executables, with their types' '
	mkdir facts.d &&
	echo "Cluster-Type=canary" >facts.d/cluster.txt &&
	echo "{\"rack\": 12, \"tags\": [\"a\", \"b\"], \"dc\": {\"name\": \"eqiad\"}}" >facts.d/dc.json &&
	printf "weight: 1.5\nenabled: yes\nport: \"11211\"\n" >facts.d/w.yaml &&
	printf "#!/bin/sh\necho role=memcached\n" >facts.d/role &&
	chmod +x facts.d/role &&
	echo "notafact=1" >facts.d/README &&
	tend facts --external-dir "$PWD/facts.d" --json \
		cluster-type rack tags dc.name weight enabled port role notafact >actual &&
	cat >expect <<-\EOF &&
	{
	  "cluster-type": "canary",
	  "dc.name": "eqiad",
	  "enabled": true,
	  "notafact": null,
	  "port": "11211",
	  "rack": 12,
	  "role": "memcached",
	  "tags": [
	    "a",
	    "b"
	  ],
	  "weight": 1.5
	}
	EOF
	test_cmp expect actual
'

test_expect_success 'an external fact overrides a core one' '
	mkdir override.d &&
	echo "osfamily=Custom" >override.d/o.txt &&
	tend facts --external-dir "$PWD/override.d" osfamily >actual &&
	echo Custom >expect &&
	test_cmp expect actual
'

test_expect_success 'directories are read in order; a later one wins' '
	mkdir d1 d2 &&
	echo "where=d1" >d1/x.txt &&
	echo "where=d2" >d2/x.txt &&
	tend facts --external-dir "$PWD/d1:$PWD/d2" where >actual &&
	echo d2 >expect &&
	test_cmp expect actual
'

test_expect_success 'a malformed JSON file: a warning naming it, the other facts still there' '
	mkdir bad.d &&
	printf "{\"a\": 1,\n \"b\": }\n" >bad.d/broken.json &&
	echo "ok=1" >bad.d/ok.txt &&
	tend facts --external-dir "$PWD/bad.d" ok kernel >actual 2>err &&
	printf "kernel => %s\nok => 1\n" "$(uname -s)" >expect &&
	test_cmp expect actual &&
	test_grep "^Warning: cannot parse external facts .$PWD/bad.d/broken.json.: .* at line 2, column" err
'

test_expect_success 'an executable fact'"'"'s stderr becomes a warning' '
	mkdir noisy.d &&
	printf "#!/bin/sh\necho quiet=no\necho complaint >&2\n" >noisy.d/noisy &&
	chmod +x noisy.d/noisy &&
	tend facts --external-dir "$PWD/noisy.d" quiet >actual 2>err &&
	echo no >expect &&
	test_cmp expect actual &&
	test_grep "noisy.d/noisy.: complaint" err
'

test_expect_success 'a missing --external-dir is a warning, not an error' '
	tend facts --external-dir "$PWD/nowhere" kernel >actual 2>err &&
	uname -s >expect &&
	test_cmp expect actual &&
	test_grep "cannot read external facts directory .$PWD/nowhere." err
'

test_expect_success '--no-external-facts reads no facts.d' '
	tend facts --no-external-facts --external-dir "$PWD/facts.d" role >actual &&
	echo >expect &&
	test_cmp expect actual
'

test_expect_success 'FACTER_ environment variables are facts, over facts.d' '
	(
		FACTER_Role=fromenv &&
		export FACTER_Role &&
		tend facts --external-dir "$PWD/facts.d" role >actual
	) &&
	echo fromenv >expect &&
	test_cmp expect actual
'

test_done
