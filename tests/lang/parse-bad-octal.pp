file { '/etc/motd':
  mode => 0789,
}
