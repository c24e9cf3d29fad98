# inifile: ini_setting and ini_subsetting resources, create_ini_settings
ini_setting { 'sample setting':
  ensure  => present,
  path    => '/tmp/tend-foo.ini',
  section => 'bar',
  setting => 'baz',
  value   => 'quux',
}
ini_subsetting { 'sample subsetting':
  ensure            => present,
  section           => '',
  key_val_separator => '=',
  path              => '/tmp/tend-java.conf',
  setting           => 'JAVA_ARGS',
  subsetting        => '-Xmx',
  value             => '512m',
}
$defaults = { 'path' => '/tmp/tend-foo.ini' }
$example = {
  'section1' => {
    'setting1'  => 'value1',
    'settings2' => {
      'ensure' => 'absent',
    },
  },
  'section2' => { 'setting3' => 'value3' },
}
inifile::create_ini_settings($example, $defaults)
Ini_setting <| section == 'section2' |> { key_val_separator => ':' }
