# comment
/* multi
   line */ $a = 1 /* inline */ + 2
$b = $a; $c = 3
notice("x"); notice("y")
$d = { a => { b => [1, { c => 2 }] } }
$e = $x['a'] ? { undef => 1, default => 2 }
$f = ($x)
$g = "${x}" =~ /a/
