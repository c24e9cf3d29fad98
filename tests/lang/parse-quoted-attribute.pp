file { '/x':
  'ensure' => present,
}
