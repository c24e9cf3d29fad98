class ntpish::install {
  package { $ntpish::package: ensure => present }
}
