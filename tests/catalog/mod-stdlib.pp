$h = { 'b' => 2, 'a' => 1 }
notify { "keys ${sort(keys($h))} ${join(suffix(['a', 'b'], '.x'), ',')}": }
notify { "bool ${str2bool('yes')} ${bool2str(false)} ${pick(undef, 'picked')}": }
notify { "member ${member(['a', 'b'], 'b')} ${has_key($h, 'a')} ${empty([])}": }
notify { "flat ${flatten([1, [2, [3]]])} ${unique([1, 1, 2])} ${concat([1], [2])}": }
notify { "range ${range('1', '4')} ${strip('  x  ')} ${prefix(['a'], 'p-')}": }
validate_string('x')
validate_re('abc', '^a')
anchor { 'begin': } -> anchor { 'end': }
file_line { 'line': path => '/tmp/x', line => 'hello' }
