@user { 'alice': ensure => present, uid => 1001, tag => 'admins' }
@user { 'bob': ensure => present, uid => 1002 }
@user { 'carol': ensure => present, uid => 1003, tag => 'admins' }
User <| tag == 'admins' |>
realize(User['bob'])
@package { 'unused': ensure => installed }
file { '/tmp/a': ensure => file, mode => '0600' }
file { '/tmp/b': ensure => file }
File <| title == '/tmp/b' |> { mode => '0640' }
