package { ['p1', 'p2']: } -> file { ['/tmp/f1', '/tmp/f2']: ensure => file } ~> service { 's1': }
exec { 'e1': command => '/bin/true', require => [Package['p1'], File['/tmp/f1']] }
Class['cls_a'] -> Class['cls_b']
class cls_a { notify { 'a': } }
class cls_b { notify { 'b': } }
include cls_a, cls_b
