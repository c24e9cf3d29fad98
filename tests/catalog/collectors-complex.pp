@package { ['a', 'b', 'c']: ensure => installed, tag => 'pkgs' }
@package { 'd': ensure => latest }
Package <| tag == 'pkgs' and title != 'b' |>
Package <| ensure == latest or title == 'b' |> { install_options => ['--x'] }
@@file { '/tmp/exported': ensure => file }
File <<| |>>
service { 'svc': ensure => running }
Package <| |> -> Service['svc']
