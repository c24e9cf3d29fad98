class a {
  fiel { '/tmp/x': ensure => file }
}
include a
