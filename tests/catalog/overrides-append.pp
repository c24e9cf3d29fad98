class base_o {
  file { '/tmp/o': ensure => file, require => [Package['a']] }
  package { ['a', 'b']: }
}
class child_o inherits base_o {
  File['/tmp/o'] { require +> Package['b'], mode => '0600' }
}
include child_o
