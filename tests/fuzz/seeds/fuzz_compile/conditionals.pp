$myos = 'Debian'
if $myos == 'debian' { notify { 'case-insensitive eq': } }
unless $myos =~ /^Red/ { notify { 'not redhat': } }
case $myos {
  'RedHat', 'CentOS': { $pkg = 'httpd' }
  /^(Deb|Ub)/: { $pkg = "apache2-${1}" }
  default: { $pkg = 'unknown' }
}
notify { "pkg ${pkg}": }
$port = $myos ? { 'Debian' => 80, default => 8080 }
notify { "port ${port}": }
if '' { notify { 'empty string is truthy': } }
if undef { notify { 'never': } } elsif 0 { notify { 'zero is truthy': } } else { notify { 'no': } }
