service { 'foo':
  ensure  => running,
  require => Package['foo'],
}
