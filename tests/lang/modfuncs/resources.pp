# functions that look at or add resources
# catalog
file { '/tmp/a': ensure => file, mode => '0644' }
notice(getparam(File['/tmp/a'], 'mode'))
notice(getparam(File['/tmp/a'], 'owner'))
notice(getparam(File['/tmp/b'], 'mode'))
notice(getparam('File[/tmp/a]', 'ensure'))
notice(getparam(File['/tmp/a'], 'title'))
notice(getparam(File['/tmp/a'], 'name'))
# ---
# catalog
define d($p = 'dflt', $q = undef) { }
d { 'x': }
notice(getparam(D['x'], 'p'))
notice(getparam(D['x'], 'q'))
# ---
notice(getparam(File['/tmp/a']))
# ---
notice(getparam(File['/tmp/a'], 1))
# ---
# catalog
file { '/tmp/a': ensure => file, mode => '0644' }
notice(defined_with_params(File['/tmp/a']))
notice(defined_with_params(File['/tmp/a'], { 'ensure' => 'file' }))
notice(defined_with_params(File['/tmp/a'], { 'ensure' => 'FILE' }))
notice(defined_with_params(File['/tmp/a'], { 'ensure' => 'file', 'mode' => '0600' }))
notice(defined_with_params(File['/tmp/a'], { 'owner' => undef }))
notice(defined_with_params(File['/tmp/b']))
notice(defined_with_params('File[/tmp/a]', { 'mode' => '0644' }))
notice(defined_with_params('file[/tmp/a]', ''))
notice(defined_with_params(File, { 'mode' => '0644' }))
notice(defined_with_params(Package['x']))
# ---
notice(defined_with_params('File[/tmp/a'))
# ---
notice(defined_with_params())
# ---
# catalog
ensure_resource('user', 'dan', { 'ensure' => 'present' })
ensure_resource('user', 'dan', { 'ensure' => 'present' })
ensure_resource('user', ['alice', 'bob'], { 'ensure' => 'present' })
ensure_resource('file', '/tmp/x')
# ---
# catalog
user { 'dan': ensure => present, shell => '/bin/sh' }
ensure_resource('user', 'dan', { 'ensure' => 'present' })
# ---
# known: the compiler words a duplicate declaration its own way (compile.c)
user { 'dan': ensure => present }
ensure_resource('user', 'dan', { 'ensure' => 'absent' })
# ---
# catalog
ensure_resources('user', { 'dan' => { 'gid' => 'mygroup', 'uid' => '600' }, 'alex' => { 'gid' => 'mygroup' } }, { 'ensure' => 'present' })
ensure_resources('user', { 'dan' => { 'gid' => 'mygroup', 'uid' => '600' } }, { 'ensure' => 'present' })
ensure_resources('group', { 'g1' => undef }, { 'ensure' => 'present' })
# ---
ensure_resources('user', 'dan')
# ---
ensure_resource('user')
# ---
# catalog
ensure_packages(['pkg1', 'pkg2'])
ensure_packages('pkg3', { 'ensure' => 'present' })
ensure_packages('pkg1')
ensure_packages({ 'pkg4' => { 'ensure' => 'latest' }, 'pkg5' => {} }, { 'provider' => 'apt' })
ensure_packages('pkg6', { 'ensure' => 'absent' })
# ---
# known: the compiler words a duplicate declaration its own way (compile.c)
package { 'pkg1': ensure => '1.0' }
ensure_packages('pkg1')
# ---
ensure_packages('')
# ---
ensure_packages(1)
# ---
ensure_packages('a', 'b')
# ---
$m = load_module_metadata('stdlib')
notice($m['name'], $m['version'])
notice(load_module_metadata('nosuchmodule', true))
notice(get_module_path('stdlib'))
# ---
notice(load_module_metadata('nosuchmodule'))
# ---
notice(get_module_path('nosuchmodule'))
# ---
# catalog
$s = { 'section1' => { 'a' => '1', 'b' => { 'value' => '2', 'ensure' => 'absent' } }, 'section2' => { 'c' => 3 } }
inifile::create_ini_settings($s, { 'path' => '/tmp/foo.ini' })
# ---
inifile::create_ini_settings({ 's' => { 'a' => 1 } })
# ---
inifile::create_ini_settings({ 's' => 'a' }, { 'path' => '/x' })
# ---
# catalog
create_ini_settings({ 's' => { 'k' => 'v' } }, { 'path' => '/tmp/y.ini' })
# ---
notice(stdlib::ensure('present', 'package'))
notice(stdlib::ensure(true, 'service'))
notice(stdlib::ensure(false, 'service'))
notice(stdlib::ensure('absent', 'file'))
notice(stdlib::ensure('present', 'directory'))
notice(stdlib::ensure(true, 'link'))
# ---
# known: a Puppet-language function's parameter mismatch starts with "function '...'" (eval.c)
notice(stdlib::ensure('running', 'service'))
# ---
# catalog
define numbered($x = 1) { }
ensure_resource('numbered', 80)
ensure_resource('numbered', [81, '82'], { 'x' => 2 })
ensure_resource('numbered', 80)
