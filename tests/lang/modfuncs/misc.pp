# glob, reject, shuffle, time, try_get_value, the validate_* that run things
# (stdlib's private() cannot be called: 'private' is a reserved word in Puppet 7)
notice(glob('/usr/share/puppet/modules/stdlib/types/compat/a*.pp'))
notice(glob(['/usr/share/puppet/modules/ntp/templates/*.epp', '/usr/share/puppet/modules/ntp/manifests/i*']))
notice(glob('/nonexistent/*'))
notice(glob('/usr/share/puppet/modules/ntp/{README,LICENSE}*'))
notice(glob('/usr/share/puppet/modules/stdlib/types/**/ip_address.pp'))
notice(glob('/usr/share/puppet/modules/ntp/manifests/'))
# ---
notice(glob(1))
# ---
notice(glob())
# ---
notice(reject(['aaa', 'bbb', 'ccc', 'aaaddd'], 'aaa'))
notice(reject(['a1', 'b2', 1, undef], '\d'))
notice(reject([], 'x'))
notice(reject(['a', 'B'], '(?i)b'))
# ---
notice(reject(['a'], '('))
# ---
notice(reject(['a']))
# ---
notice(reject('abc', 'a'))
# ---
notice(sort(shuffle(['a', 'b', 'c', 'd'])))
notice(length(shuffle('hello')))
notice(shuffle('x'))
notice(shuffle([]))
# ---
notice(shuffle(1))
# ---
notice(shuffle())
# ---
notice(time() > 1600000000)
notice(type(time(), 'generalized'))
notice(time('UTC') > 1600000000)
# ---
notice(time('a', 'b'))
# ---
$data = { 'a' => { 'b' => ['b1', 'b2', 'b3'] }, 'c' => undef }
notice(try_get_value($data, 'a/b/2', 'not_found', '/'))
notice(try_get_value($data, 'a/b/5', 'not_found'))
notice(try_get_value($data, 'a.b.1', 'nf', '.'))
notice(try_get_value($data, 'a/x', 'nf'))
notice(try_get_value($data, '', 'nf'))
notice(try_get_value('str', 'a', 'nf'))
notice(try_get_value($data, 'c', 'nf'))
notice(try_get_value($data, 'a/b'))
notice(try_get_value($data, 'x'))
notice(try_get_value(['x', ['y']], '1/0'))
# ---
notice(try_get_value())
# ---
validate_augeas('root:x:0:0:root:/root:/bin/bash', 'Passwd.lns')
# ---
validate_cmd('hello', '/bin/true')
validate_cmd('hello', '/bin/grep -q hello')
validate_cmd('hello', '/bin/grep -q hello %')
validate_cmd('hello', '/bin/grep -q hello %', 'custom message')
notice('validated')
# ---
validate_cmd('hello')
# ---
notice(stdlib::str2resource('File[/tmp/x]'))
file { '/tmp/x': ensure => file }
# ---
# catalog
file { '/tmp/x': ensure => file }
class c { }
include c
notify { 'n': require => stdlib::str2resource('File[/tmp/x]') }
notify { 'm': before => stdlib::str2resource('file[/tmp/x]') }
stdlib::str2resource('Class[c]') -> stdlib::str2resource('Notify[m]')
# ---
file { '/tmp/x': ensure => file }
notice(stdlib::str2resource('File'))
