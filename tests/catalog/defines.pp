define site::vhost($port = 80, $docroot = "/srv/${title}", $aliases = []) {
  file { "/etc/vhosts/${name}.conf":
    content => "port=${port} root=${docroot} aliases=${join($aliases, ',')}\n",
  }
  if $port != 80 {
    notify { "vhost ${title} on ${port}": }
  }
}
site::vhost { 'a.example': }
site::vhost { ['b.example', 'c.example']: port => 8080, aliases => ['x', 'y'] }
