node default {
  $list = ['a']
  include legacy_cls
}
class legacy_cls {
  file { '/tmp/legacy': mode => '0644', ensure => present }
}
