class tagged_cls {
  tag 'extra'
  file { '/tmp/tagged': ensure => file, tag => ['one', 'two'] }
}
include tagged_cls
