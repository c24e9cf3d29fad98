class ntpish::params {
  case $::osfamily {
    'Debian': { $package = 'ntp' $service = 'ntp' }
    default: { $package = 'ntpd' $service = 'ntpd' }
  }
  $servers = ['0.pool.ntp.org', '1.pool.ntp.org']
}
