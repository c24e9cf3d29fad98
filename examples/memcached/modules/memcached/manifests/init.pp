# memcached, as the seed's 2012 module, with the connection limit and the
# listen address as class parameters so that it starts on small machines
# (the seed's -c 25000 needs a hard limit on open files above 25000).
class memcached (
  String  $memcached_size    = '64',
  String  $memcached_port    = '11211',
  String  $memcached_ip      = '127.0.0.1',
  Integer $max_connections   = 1024,
  Hash    $memcached_options = {},
  String  $config            = '/etc/memcached.conf',
) {
  package { 'memcached':
    ensure => installed,
  }
  file { $config:
    ensure  => file,
    content => template('memcached/memcached.conf.erb'),
    owner   => 'root',
    group   => 'root',
    mode    => '0644',
    require => Package['memcached'],
  }
  service { 'memcached':
    ensure    => running,
    enable    => true,
    subscribe => File[$config],
  }
}
