#!/bin/sh
# SPDX-License-Identifier: MIT
# regen.sh: rewrites the expected output (NAME.out) of each case file
# NAME.pp here from Debian's Puppet 7 and the Debian puppet-module-*
# packages (stdlib, apache, inifile, ...), in one Ruby process.
#
#	tests/lang/modfuncs/regen.sh [NAME.pp...]
#
# The facts are tests/t/lib/facts-debian.json for node.example.com. Review
# the diff after running it: the .out files are the reference that tend is
# held to (tests/t/t1101-lang-functions-modules.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# modules/ here holds small modules of our own that some cases need
modulepath=$here/modules:${MODULEPATH:-/usr/share/puppet/modules}

command -v puppet >/dev/null || { echo "regen.sh: puppet is not installed" >&2; exit 1; }
test -d "${MODULEPATH:-/usr/share/puppet/modules}/stdlib" || { echo "regen.sh: no stdlib in $modulepath" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jq --arg c node.example.com --arg h node --arg d example.com '
	walk(if type == "string"
	     then gsub("@CERT@"; $c) | gsub("@HOSTNAME@"; $h) | gsub("@DOMAIN@"; $d)
	     else . end)' "$here/../../t/lib/facts-debian.json" >"$tmp/facts.json"

if test $# -eq 0; then
	set -- "$here"/*.pp
fi
# Puppet's Ruby, as the puppet command runs it
ruby=$(sed -n '1s/^#! *//p' "$(command -v puppet)")
${ruby:-ruby} "$here/puppet-cases.rb" "$tmp/facts.json" "$modulepath" "$@"
