node default {
  class { 'memcached':
    memcached_size    => '64',
    memcached_options => { '-o' => 'slab_reassign' },
  }
}
