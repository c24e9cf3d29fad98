class ntpish::config {
  $servers = $ntpish::servers
  file { '/etc/ntp.conf':
    ensure  => file,
    content => template('ntpish/ntp.conf.erb'),
  }
  ntpish::server { $servers: }
}
