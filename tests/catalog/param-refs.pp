class chain_p($a = 'one', $b = "${a}-two", $c = [$a, $b]) {
  notify { "chain ${a} ${b} ${c}": }
}
include chain_p
define titled($path = "/srv/${title}") { file { $path: ensure => directory } }
titled { 'app': }
titled { 'other': path => '/opt/other' }
