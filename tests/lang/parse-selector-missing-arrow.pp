$v = $::osfamily ? {
  'Debian' => 'apt',
  'RedHat' 'yum',
}
