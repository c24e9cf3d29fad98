$a = $x =~ /^a\/b$/ and $y !~ /c/ or !$z
$b = $x in $y
$c = 'x' in ['x', 'y']
$d = $x == 1 and $y != 2 or $z < 3 and $w >= 4
$e = $x ? { 'a' => 1, /b/ => 2, default => 3 }
$f = $x ? 'a' => 1
$g = $x == 1 ? { true => 'y', default => 'n' }
$h = $a / $b / 2
$i = ($a + $b) * $c
$j = !$a == $b
$k = [1, 2][0]
$l = $h['a']['b']
$m = $a[1, 2]
$n = *$x
$o = 1 < 2 == 3
$p = $x ? { 'a' => $y ? { 1 => 2 }, default => 3 }
