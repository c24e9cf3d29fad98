File { owner => 'root', group => 'root', mode => '0644' }
Exec { path => ['/bin', '/usr/bin'] }
class app {
  File { mode => '0600' }
  file { '/tmp/tend-app.conf': content => 'x' }
  include app::sub
}
class app::sub {
  file { '/tmp/tend-sub.conf': content => 'y' }
}
include app
file { '/tmp/tend-top': ensure => file }
exec { 'run': command => 'true' }
