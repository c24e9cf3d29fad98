if $x { notice(1) } elsif $y { notice(2) } elsif $z { } else { notice(3) }
if $x { } else { if $y { } }
unless $x { notice(1) } else { notice(2) }
case $os {
  'Debian', 'Ubuntu': { include apt }
  /^(RedHat|CentOS)$/: { include yum }
  default: { }
}
$v = if $x { 1 } else { 2 }
$w = case $x { 1: { 'a' } default: { 'b' } }
$x.each |$k, $v| { notice($k) }
$y = $x.map |$v| { $v * 2 }.filter |$v| { $v > 2 }
$x.each |Integer $i, String *$r| >> Undef { }
with(1) |$a| { notice($a) }
$z = $x.length
$q = $x.join(',').upcase
[$a, $b] = [1, 2]
$h = { 'a' => 1, b => 2, 'c' => [1, 2,], }
$arr = [1, *$x, a => 1, b => 2]
notice(foo => 1, bar => 2)
$t = Integer('10')
$u = Hash[String, Integer]({})
$v2 = type($x)
$xx = [type, function]
