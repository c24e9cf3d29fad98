#!/bin/sh
# SPDX-License-Identifier: MIT
test_description='modules'"'"' Ruby types and functions: compiled as Puppet does, applied natively with the same files as Puppet'
. ./test-lib.sh

# ---- compiling: a module's Ruby type and functions, read without Ruby ----

test_expect_success 'setup: a module with a Ruby type and Ruby functions' '
	mkdir -p modules/rubyish/lib/puppet/type \
		modules/rubyish/lib/puppet/functions/rubyish \
		modules/rubyish/lib/puppet/parser/functions &&
	cat >modules/rubyish/lib/puppet/type/widget.rb <<-\EOF &&
	# newparam(:in_a_comment)
	Puppet::Type.newtype(:widget) do
	  @doc = <<-DOC
	    A widget. newparam(:in_a_heredoc) is not a parameter.
	  DOC
	  ensurable
	  newparam(:label, namevar: true) do
	    desc "the name; newproperty(:in_a_string)"
	  end
	  newproperty(:size) do
	    validate { |v| raise ArgumentError, %q(bad) unless v =~ /^\d+$/ }
	  end
	  newparam :colour_mode, :boolean => true do
	  end
	end
	EOF
	cat >modules/rubyish/lib/puppet/functions/rubyish/frob.rb <<-\EOF &&
	Puppet::Functions.create_function(:"rubyish::frob") do
	  def frob(x)
	    x
	  end
	end
	EOF
	cat >modules/rubyish/lib/puppet/parser/functions/frob3.rb <<-\EOF
	module Puppet::Parser::Functions
	  newfunction(:frob3, :type => :rvalue) { |args| args[0] }
	end
	EOF
'

compile_err() {
	test_expect_code 1 tend catalog compile -q --certname node.example.com \
		--manifest "$1" --modulepath modules >out 2>actual &&
	test_must_be_empty out
}

test_expect_success 'the attributes a Ruby type declares are accepted' '
	echo "widget { w1: label => L, colour_mode => true, ensure => present, size => 1 }" >ok.pp &&
	tend catalog compile --certname node.example.com --manifest ok.pp \
		--modulepath modules >cat.json &&
	jq -c ".resources[] | select(.type == \"Widget\") | .parameters" cat.json >actual &&
	echo "{\"label\":\"L\",\"colour_mode\":true,\"ensure\":\"present\",\"size\":1}" >expect &&
	test_cmp expect actual
'

test_expect_success 'an unknown parameter of a Ruby type: Puppet'"'"'s message, at the resource' '
	printf "widget { \"w1\": size => \"3\" }\nwidget { \"w2\":\n  size => \"4\",\n  colour => \"blue\",\n}\n" >param.pp &&
	compile_err param.pp &&
	cat >expect <<-\EOF &&
	param.pp:2:10: error: no parameter named '"'"'colour'"'"' on Widget[w2]
	 widget { "w2":
	          ^
	error: could not compile the catalog for '"'"'node.example.com'"'"'
	EOF
	test_cmp expect actual
'

test_expect_success 'names in comments, strings and heredocs of the type file are not parameters' '
	echo "widget { w1: in_a_heredoc => 1 }" >heredoc.pp &&
	compile_err heredoc.pp &&
	grep "no parameter named .in_a_heredoc. on Widget\[w1\]" actual &&
	echo "widget { w1: in_a_comment => 1 }" >comment.pp &&
	compile_err comment.pp &&
	grep "no parameter named .in_a_comment. on Widget\[w1\]" actual
'

test_expect_success 'parameters from resource defaults are checked too (as Puppet, when it finishes the catalog)' '
	printf "Widget { in_a_string => 1 }\nwidget { \"w1\": }\n" >default.pp &&
	compile_err default.pp &&
	cat >expect <<-\EOF &&
	default.pp:2:10: error: no parameter named '"'"'in_a_string'"'"' on Widget[w1]
	 widget { "w1": }
	          ^
	error: could not compile the catalog for '"'"'node.example.com'"'"'
	EOF
	test_cmp expect actual
'

test_expect_success 'provider is a parameter only of types that have providers' '
	echo "widget { w1: provider => x }" >prov.pp &&
	compile_err prov.pp &&
	grep "no parameter named .provider. on Widget\[w1\]" actual
'

test_expect_success 'a Ruby function without a native implementation names its module file' '
	echo "notify { x: message => rubyish::frob(a) }" >fn4.pp &&
	compile_err fn4.pp &&
	cat >expect <<-\EOF &&
	fn4.pp:1:24: error: no native implementation of the Ruby function '"'"'rubyish::frob'"'"' (module '"'"'rubyish'"'"': modules/rubyish/lib/puppet/functions/rubyish/frob.rb)
	 notify { x: message => rubyish::frob(a) }
	                        ^
	error: could not compile the catalog for '"'"'node.example.com'"'"'
	EOF
	test_cmp expect actual &&
	echo "\$x = frob3(a)" >fn3.pp &&
	compile_err fn3.pp &&
	cat >expect <<-\EOF &&
	fn3.pp:1:6: error: no native implementation of the Ruby function '"'"'frob3'"'"' (module '"'"'rubyish'"'"': modules/rubyish/lib/puppet/parser/functions/frob3.rb)
	 $x = frob3(a)
	      ^
	error: could not compile the catalog for '"'"'node.example.com'"'"'
	EOF
	test_cmp expect actual
'

test_expect_success 'a function defined nowhere stays unknown; a type defined nowhere too' '
	echo "\$x = nosuch(a)" >fn0.pp &&
	compile_err fn0.pp &&
	grep "fn0.pp:1:6: error: unknown function .nosuch." actual &&
	echo "gadget { g: }" >type0.pp &&
	compile_err type0.pp &&
	grep "type0.pp:1:1: error: unknown resource type .gadget." actual
'

test_expect_success 'a module type without a native implementation fails when applied; its dependents are skipped, the rest goes on' '
	test_expect_code 1 tend apply --modulepath modules -e "
		widget { w1: size => 1 } -> notify { after: }
		notify { other: }" >out 2>err &&
	grep "Error: /Stage\[main\]/Main/Widget\[w1\]: no native implementation of the resource type .widget. of module .rubyish. (modules/rubyish/lib/puppet/type/widget.rb)" err &&
	grep "Notify\[after\]: Skipping because of failed dependencies" err &&
	grep "Notice: other" out &&
	grep "1 failed, 1 skipped" out
'

# ---- Puppet on the same modules, as the oracle ----

has_modules() {
	for m in stdlib concat inifile host_core sshkeys_core mount_core cron_core; do
		test -d /usr/share/puppet/modules/$m || return 1
	done
}

if ! test_have_prereq PUPPET || ! test_have_prereq JQ || ! has_modules; then
	skip_all='puppet and Debian'"'"'s puppet modules are needed for the rest'
	test_done
fi

MODS=/usr/share/puppet/modules

test_expect_success 'anchor (stdlib) orders resources and passes refresh events on' '
	tend apply --modulepath $MODS -e "
		notify { first: } ~> anchor { a: } ~> exec { \"/bin/touch $PWD/refreshed\": refreshonly => true }" >out &&
	grep "Anchor\[a\]: Triggered .refresh. from 1 event" out &&
	test -f refreshed
'

test_expect_success 'an unknown parameter of a module type: the words and line of Puppet' '
	printf "notify { x: }\n  ini_setting { \"a\":\n    path => \"/tmp/x\", section => \"s\", setting => \"k\", value => \"v\", colour => \"blue\" }\n" >ini-param.pp &&
	test_must_fail puppet_compile node.example.com ini-param.pp $MODS >/dev/null 2>puppet.err &&
	sed -n "s/^Error: \(no parameter named .colour.\) (file: [^,]*, line: \([0-9]*\)) \(on Ini_setting\[a\]\) .*/ini-param.pp:\2:\1 \3/p" puppet.err | head -1 >expect &&
	test_expect_code 1 tend catalog compile --certname node.example.com \
		--manifest ini-param.pp --modulepath $MODS 2>err &&
	sed -n "s/^\(ini-param.pp:[0-9]*\):[0-9]*: error: \(.*\)/\1:\2/p" err >actual &&
	test_cmp expect actual
'

# puppet_apply MANIFEST: Debian's Puppet 7 applies it, isolated in a
# scratch directory, with the standard facts and Debian's modules; the
# status is --detailed-exitcodes'.
puppet_apply() {
	_pa_dir=$(mktemp -d "$TRASH_DIRECTORY/.tend-test/papply.XXXXXX") &&
	mkdir -p "$_pa_dir/var/client_data/facts" &&
	std_facts node.example.com | jq '{name: "node.example.com", values: ({clientcert: "node.example.com"} + .)}' \
		>"$_pa_dir/var/client_data/facts/node.example.com.json" || return 1
	puppet apply --confdir "$_pa_dir/conf" --vardir "$_pa_dir/var" \
		--codedir "$_pa_dir/code" --logdir "$_pa_dir/log" \
		--rundir "$_pa_dir/run" --ssldir "$_pa_dir/ssl" \
		--publicdir "$_pa_dir/public" --color=false \
		--facts_terminus json --certname node.example.com \
		--modulepath $MODS --detailed-exitcodes "$1"
	_pa_ret=$?
	rm -rf "$_pa_dir"
	return $_pa_ret
}

# snapshot DIR: every file under DIR with its mode and content, Puppet's
# header time stamps and DIR itself replaced by fixed words.
snapshot() {
	_sn_re=$(printf "%s" "$1" | sed "s/[][\\.*^\$|]/\\\\&/g")
	(cd "$1" && find . -type f | LC_ALL=C sort | while read -r f; do
		echo "== $f $(stat -c %a "$f")"
		sed -e "s/^# HEADER: This file was autogenerated at .*/# HEADER: (time)/" \
			-e "s|$_sn_re|ROOT|g" "$f"
	done)
}

# both_apply NAME SETUP: NAME.pp (with @ROOT@ for the directory) applied by
# Puppet under NAME/puppet and by tend under NAME/tend, each directory
# prepared by the shell commands SETUP; run twice, the files must be the
# same after each run and both must give the same detailed exit codes.
both_apply() {
	rm -rf "$1" && mkdir -p "$1/puppet" "$1/tend" &&
	(cd "$1/puppet" && eval "$2") && (cd "$1/tend" && eval "$2") &&
	sed "s|@ROOT@|$PWD/$1/puppet|g" "$1.pp" >"$1/p.pp" &&
	sed "s|@ROOT@|$PWD/$1/tend|g" "$1.pp" >"$1/t.pp" &&
	for run in 1 2; do
		test_expect_code_out "$1/p.status" puppet_apply "$1/p.pp" >"$1/p.out" 2>&1
		test_expect_code_out "$1/t.status" tend apply --detailed-exitcodes \
			--modulepath $MODS "$1/t.pp" >"$1/t.out" 2>&1
		snapshot "$PWD/$1/puppet" >"$1/expect.$run" &&
		snapshot "$PWD/$1/tend" >"$1/actual.$run" &&
		test_cmp "$1/expect.$run" "$1/actual.$run" &&
		test_cmp "$1/p.status" "$1/t.status" || return 1
	done
}

# test_expect_code_out FILE CMD...: runs CMD, writes its status to FILE
test_expect_code_out() {
	_ec_file=$1
	shift
	"$@"
	echo $? >"$_ec_file"
}

test_expect_success 'concat_file and concat_fragment: orders, ensure_newline, warn, validate_cmd, refresh' '
	cat >concat.pp <<-\EOF &&
	concat_file { "numeric": path => "@ROOT@/num", tag => "numtag" }
	concat_fragment { "n1": target => "numeric", content => "ten\n", order => "10" }
	concat_fragment { "n2": target => "@ROOT@/num", content => "two\n", order => 2 }
	concat_fragment { "n3": target => "numeric", content => "zero-ten\n", order => "010" }
	concat_fragment { "bytag": tag => "numtag", content => "tagged\n", order => "1" }
	concat_fragment { "zz": target => "numeric", content => "hundred\n", order => "100" }
	concat_file { "@ROOT@/same-order": }
	concat_fragment { "m10": target => "@ROOT@/same-order", content => "m10\n", order => 5 }
	concat_fragment { "m9": target => "@ROOT@/same-order", content => "m9\n", order => 5 }
	concat { "@ROOT@/alpha": warn => true, mode => "0640" }
	concat::fragment { "a1": target => "@ROOT@/alpha", content => "ten\n", order => "10" }
	concat::fragment { "a2": target => "@ROOT@/alpha", content => "two\n", order => "2" }
	concat::fragment { "a3": target => "@ROOT@/alpha", content => "bee\n", order => "b" }
	concat::fragment { "a4": target => "@ROOT@/alpha", content => "A\n", order => "A" }
	concat::fragment { "a5": target => "@ROOT@/alpha", content => "no newline", order => "100" }
	concat { "@ROOT@/nl": ensure_newline => true, warn => "# custom\n# header" }
	concat::fragment { "b1": target => "@ROOT@/nl", content => "x" }
	concat::fragment { "b2": target => "@ROOT@/nl", content => "y\n" }
	concat::fragment { "b3": target => "@ROOT@/nl", source => ["/nonexistent", "@ROOT@/src"] }
	concat_file { "@ROOT@/valid": validate_cmd => "/bin/grep -q good %", mode => "0600" }
	concat_fragment { "v1": target => "@ROOT@/valid", content => "good\n" }
	concat_file { "@ROOT@/invalid": validate_cmd => "/bin/grep -q good %" }
	concat_fragment { "v2": target => "@ROOT@/invalid", content => "bad\n" }
	concat_file { "@ROOT@/gone": ensure => absent }
	concat_file { "@ROOT@/kept": replace => false }
	concat_fragment { "k": target => "@ROOT@/kept", content => "new\n" }
	concat_file { "@ROOT@/changed": }
	concat_fragment { "c": target => "@ROOT@/changed", content => "new\n" }
	exec { "/bin/touch @ROOT@/refreshed": refreshonly => true, subscribe => Concat_file["@ROOT@/changed"] }
	concat_file { "@ROOT@/empty": }
	EOF
	both_apply concat "echo from source >src; echo old >kept; echo x >gone; echo old >changed" &&
	test "$(cat concat/t.status)" = 4 &&
	test -f concat/tend/refreshed
'

test_expect_success 'concat_file: numeric order cannot compare a number with a letter, as Ruby'"'"'s sort' '
	cat >mixed.pp <<-\EOF &&
	concat_file { "@ROOT@/mixed": }
	concat_fragment { "x1": target => "@ROOT@/mixed", content => "numbered\n", order => "10" }
	concat_fragment { "x2": target => "@ROOT@/mixed", content => "lettered\n", order => "b" }
	EOF
	both_apply mixed : ||
	grep "Concat_file\[.*/mixed\]: Failed to generate additional resources using .eval_generate.: comparison of Array with Array failed" mixed/p.out &&
	grep "Concat_file\[.*/mixed\]: Failed to generate additional resources using .eval_generate.: comparison of Array with Array failed" mixed/t.out &&
	test_cmp mixed/expect.1 mixed/actual.1
'

test_expect_success 'ini_setting: new file, existing sections and comments, changes, absent, separators' '
	cat >ini.pp <<-\EOF &&
	Ini_setting { path => "@ROOT@/ex.ini" }
	ini_setting { "new file": path => "@ROOT@/new.ini", section => "main", setting => "a", value => "one" }
	-> ini_setting { "new file 2": path => "@ROOT@/new.ini", section => "main", setting => "b", value => "two" }
	-> ini_setting { "new file global": path => "@ROOT@/new.ini", section => "", setting => "g", value => "glob" }
	-> ini_setting { "new section": path => "@ROOT@/new.ini", section => "other", setting => "x", value => " spaced " }
	ini_setting { "change": section => "db", setting => "host", value => "newhost" }
	-> ini_setting { "after a comment": section => "db", setting => "port", value => "5432" }
	-> ini_setting { "end of section": section => "db", setting => "user", value => "bob" }
	-> ini_setting { "absent": section => "cache", setting => "ttl", ensure => absent }
	-> ini_setting { "absent, section emptied": section => "gone", setting => "only", ensure => absent }
	-> ini_setting { "new section in the middle": section => "zzz", setting => "k", value => "v", key_val_separator => "=" }
	-> ini_setting { "global": section => "", setting => "top", value => "2" }
	-> ini_setting { "indented section": section => "indented", setting => "new", value => "n" }
	ini_setting { "no section, no force": section => "nosuch", setting => "k", value => "v", force_new_section_creation => false }
	ini_setting { "colon": path => "@ROOT@/colon.ini", section => "s", setting => "k", value => "v", key_val_separator => ": " }
	-> ini_setting { "tab indent": path => "@ROOT@/colon.ini", section => "s", setting => "k2", value => "v2", key_val_separator => ": ", indent_char => "\t", indent_width => 2 }
	-> ini_setting { "prefix": path => "@ROOT@/colon.ini", section => "p", section_prefix => "<", section_suffix => ">", setting => "k", value => "v" }
	ini_setting { "refreshonly": path => "@ROOT@/refresh.ini", section => "r", setting => "k", value => "refreshed", refreshonly => true, subscribe => Ini_setting["change"] }
	ini_subsetting { "sub1": path => "@ROOT@/sub.ini", section => "", setting => "JAVA_ARGS", subsetting => "-Xmx", value => "512m" }
	-> ini_subsetting { "sub2": path => "@ROOT@/sub.ini", section => "", setting => "JAVA_ARGS", subsetting => "-Xms", value => "256m", insert_type => "start" }
	-> ini_subsetting { "sub3": path => "@ROOT@/sub.ini", section => "x", setting => "list", subsetting => "b", subsetting_separator => ",", ensure => absent }
	-> ini_subsetting { "sub4": path => "@ROOT@/sub.ini", section => "x", setting => "q", subsetting => "new", quote_char => "\"" }
	-> ini_subsetting { "sub5": path => "@ROOT@/sub.ini", section => "x", setting => "kv", subsetting => "a", subsetting_key_val_separator => "=", value => "9" }
	-> ini_subsetting { "sub6": path => "@ROOT@/sub.ini", section => "y", setting => "new", subsetting => "one" }
	EOF
	both_apply ini "printf \"# top comment\ntop = 1\n\n[db]\nhost = old\n# port = 1234\n\n\n[cache]\nsize = 11\nttl = 5\n\n[gone]\nonly = 1\n[last]\nx = y\n   [indented]\n    a = 1\n      b = 2\n\" >ex.ini; printf \"JAVA_ARGS=\\\"-Xmx128m -Dfoo=bar\\\"\n[x]\nlist = a,b, c\nq = \\\"one two\\\"\nkv = a=1 b=2\n\" >sub.ini" &&
	test "$(cat ini/t.status)" = 0
'

test_expect_success 'file_line, host, sshkey and mount (fstab) in their files' '
	cat >parsed.pp <<-\EOF &&
	file_line { "replace": path => "@ROOT@/fl", line => "foo=2", match => "^foo=" }
	file_line { "after": path => "@ROOT@/fl", line => "after-a", after => "^a$" }
	file_line { "absent": path => "@ROOT@/fl", line => "gone", ensure => absent }
	file_line { "multiple": path => "@ROOT@/fl", line => "x=1", match => "^x=", multiple => true }
	file_line { "append": path => "@ROOT@/fl", line => "appended" }
	host { "h1.example": ip => "10.1.1.1", host_aliases => ["h1"], comment => "first", target => "@ROOT@/hosts" }
	host { "old.example": ip => "10.9.9.9", target => "@ROOT@/hosts" }
	host { "rm.example": ensure => absent, target => "@ROOT@/hosts" }
	sshkey { "new.example@ssh-rsa": key => "AAAAnew", target => "@ROOT@/known_hosts" }
	sshkey { "al.example": type => "ssh-ed25519", key => "AAAAal", host_aliases => ["al", "10.0.0.1"], target => "@ROOT@/known_hosts" }
	sshkey { "old.example": type => "rsa", key => "AAAAchanged", target => "@ROOT@/known_hosts" }
	sshkey { "gone.example@ssh-dss": ensure => absent, target => "@ROOT@/known_hosts" }
	sshkey { "alias.example@ssh-rsa": key => "K", host_aliases => ["x"], target => "@ROOT@/known_hosts" }
	sshkey { "fresh.example@ssh-rsa": key => "F", target => "@ROOT@/new_known_hosts" }
	mount { "@ROOT@/mnt/new": ensure => present, device => "/dev/sdz1", fstype => "ext4", target => "@ROOT@/fstab" }
	mount { "/srv/data/": ensure => defined, device => "UUID=abc", fstype => "xfs", options => "noatime,nofail", dump => 1, pass => 2, target => "@ROOT@/fstab" }
	mount { "/old": device => "/dev/sdb1", options => "ro", target => "@ROOT@/fstab" }
	mount { "/gone": ensure => absent, target => "@ROOT@/fstab" }
	mount { "/with space": ensure => present, device => "/dev/sdc 1", fstype => "ext4", target => "@ROOT@/fstab" }
	mount { "/new2": ensure => present, device => "/dev/x", fstype => "ext3", target => "@ROOT@/new_fstab" }
	EOF
	both_apply parsed "printf \"a\nfoo=1\nb\ngone\nx=0\nx=9\nkeep\n\" >fl; printf \"127.0.0.1\tlocalhost\n# c\n10.0.0.1 old.example o1\n10.0.0.2 rm.example\n\" >hosts; printf \"# my known hosts\nold.example,o1 ssh-rsa AAAAold comment here\ngone.example ssh-dss AAAAgone\n\nother.example   ssh-rsa    AAAAother\nalias.example,y ssh-rsa K\n\n\n\" >known_hosts; printf \"# /etc/fstab\nUUID=1 / ext4 errors=remount-ro 0 1\n/dev/sda1   /old   ext4   defaults   0   2\n/dev/sdg /gone ext4 defaults 0 0\n\n   # indented\nbroken\n/dev/sdh /extra ext4 defaults 0 0 junk\n\" >fstab" &&
	test "$(cat parsed/t.status)" = 0
'

test_expect_success ROOT 'cron: the same crontab as puppet' '
	command -v crontab >/dev/null &&
	user=tendt4600 &&
	{ userdel $user 2>/dev/null || :; } &&
	useradd -M -s /usr/sbin/nologin $user &&
	test_when_finished "crontab -r -u $user 2>/dev/null; userdel $user" &&
	cat >cron.pp <<-EOF &&
	cron { "job1": command => "/bin/true", user => "$user", minute => [0, 30], hour => 2 }
	cron { "job2": command => "/usr/bin/x --y", user => "$user", special => "daily", environment => ["MAILTO=root", "PATH=/bin"] }
	cron { "old": command => "/bin/old", user => "$user", minute => 5, weekday => ["1-5"] }
	cron { "gone": ensure => absent, user => "$user" }
	EOF
	setup="printf \"MAILTO=x\n# a comment\n1 2 3 4 5 /unmanaged\n# Puppet Name: old\n1 * * * * /bin/old\n# Puppet Name: gone\n@hourly /bin/gone\n\" | crontab -u $user -" &&
	eval "$setup" &&
	test_expect_code 2 puppet_apply cron.pp >p.out 2>&1 &&
	crontab -l -u $user | sed "s/^# HEADER: This file was autogenerated at .*/(time)/" >expect &&
	eval "$setup" &&
	test_expect_code 2 tend apply --detailed-exitcodes cron.pp >t.out 2>&1 &&
	crontab -l -u $user | sed "s/^# HEADER: This file was autogenerated at .*/(time)/" >actual &&
	test_cmp expect actual
'

test_done
