class ntpish::service {
  service { $ntpish::service: ensure => running, enable => true, hasstatus => true }
}
