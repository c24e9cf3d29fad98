#!/bin/sh
# SPDX-License-Identifier: MIT
# regen.sh: rewrites the expected output (NAME.out) of each NAME.pp here
# from Debian's Puppet 7 and stdlib, run isolated in a scratch directory.
#
#	tests/lang/functions/regen.sh [NAME.pp...]
#
# A .out file holds the messages of the manifest's notice() calls in order,
# as Puppet prints them after "Notice: Scope(Class[main]): " (a message
# may span lines). Run it after changing a .pp file and review the diff:
# the .out files are the reference that tend is held to
# (tests/t/t1100-lang-functions.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
modulepath=${MODULEPATH:-/usr/share/puppet/modules}

command -v puppet >/dev/null || { echo "regen.sh: puppet is not installed" >&2; exit 1; }
test -d "$modulepath/stdlib" || { echo "regen.sh: no stdlib in $modulepath" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The facts are fixed so that nothing depends on this machine.
mkdir -p "$tmp/var/client_data/facts"
cat >"$tmp/var/client_data/facts/node.example.com.json" <<'JSON'
{"name": "node.example.com", "values": {"clientcert": "node.example.com",
 "fqdn": "node.example.com", "hostname": "node", "domain": "example.com",
 "networking": {"fqdn": "node.example.com", "hostname": "node", "domain": "example.com"},
 "osfamily": "Debian", "os": {"family": "Debian", "name": "Debian"}}}
JSON

if test $# -eq 0; then
	set -- "$here"/*.pp
fi
for pp in "$@"; do
	out=${pp%.pp}.out
	puppet apply --confdir "$tmp/conf" --vardir "$tmp/var" \
		--codedir "$tmp/code" --logdir "$tmp/log" --rundir "$tmp/run" \
		--ssldir "$tmp/ssl" --publicdir "$tmp/public" --color=false \
		--facts_terminus json --certname node.example.com \
		--modulepath "$modulepath" "$pp" >"$tmp/stdout" 2>"$tmp/stderr" || {
		echo "regen.sh: puppet failed on $pp:" >&2
		cat "$tmp/stderr" >&2
		exit 1
	}
	"$here/notices.sh" <"$tmp/stdout" >"$out"
	echo "wrote $out ($(grep -c '' "$out") lines)"
done
