$users = { 'alice' => 1001, 'bob' => 1002 }
$users.each |$name, $uid| {
  user { $name: uid => $uid }
}
[1, 2, 3].each |$i| { notify { "n${i}": } }
$doubled = [1, 2, 3].map |$x| { $x * 2 }
notify { "doubled ${doubled}": }
$big = [1, 5, 10, 20].filter |$x| { $x > 4 }
notify { "big ${big}": }
$sum = [1, 2, 3, 4].reduce |$m, $x| { $m + $x }
notify { "sum ${sum}": }
$h = { 'a' => 1, 'b' => 2 }
$h2 = $h.map |$k, $v| { "${k}=${v}" }
notify { "pairs ${h2}": }
with(5) |$x| { notify { "with ${x}": } }
