class base($pkg = 'vim', Integer $count = 3, $derived = "${pkg}-extra") {
  package { $pkg: ensure => installed }
  file { "/tmp/tend-base-${count}": content => $derived }
}
class web inherits base {
  file { '/tmp/tend-web': ensure => directory, mode => '0755' }
}
class { 'base': pkg => 'emacs' }
include web
