class foo {
  file { "/tmp/x":
    ensure => present,
  }

notice("done")
