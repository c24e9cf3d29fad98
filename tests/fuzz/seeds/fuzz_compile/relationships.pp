package { 'ntp': ensure => installed }
file { '/etc/ntp.conf': content => "server 0.pool\n" }
service { 'ntp': ensure => running }
Package['ntp'] -> File['/etc/ntp.conf'] ~> Service['ntp']
exec { 'one': command => '/bin/true' }
exec { 'two': command => '/bin/true', require => Exec['one'] }
exec { 'three': command => '/bin/true' }
Exec['three'] <- Exec['two']
notify { 'a': } -> notify { 'b': }
