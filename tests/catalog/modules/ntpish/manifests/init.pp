class ntpish (
  $package = $ntpish::params::package,
  $service = $ntpish::params::service,
  $servers = $ntpish::params::servers,
  $restrict = true,
) inherits ntpish::params {
  anchor { 'ntpish::begin': }
  -> class { 'ntpish::install': }
  -> class { 'ntpish::config': }
  ~> class { 'ntpish::service': }
  -> anchor { 'ntpish::end': }
}
