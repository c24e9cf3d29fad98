file { '/tmp/a':
  ensure => file,
  mode   => '0644',
}
file { ['/a', '/b']: ensure => directory; '/c': ensure => absent; }
file { default: mode => '0600'; '/d': ; }
@user { 'bob': uid => 10 }
@@sshkey { $fqdn: key => $k, * => $extra }
class { 'apache': default_vhost => false }
File { owner => root }
File['/a'] { mode => '0700', require +> Package['x'] }
Foo::Bar['x'] { y => 1 }
Resource[File] { group => root }
User <| title == 'bob' |>
User <| groups == 'admin' and (uid != 0 or name == 'x') |> { shell => '/bin/sh' }
Sshkey <<| tag == $tag |>>
Package <| |> -> Service <| |>
exec { 'x': unless => 'true', path => $path, require => [File['a'], Package['b']] }
package { memcached: ensure => $version; }
service { 'a': } -> file { 'b': } ~> exec { 'c': }
File['a'] <- File['b']
File['a'] <~ File['b']
[File['a'], File['b']] -> Service['x']
realize User['bob'], User['alice']
