$a = 'it''s'
$b = 'back\\slash \' quote \n kept'
$c = "tab\tnl\ncr\rsp\sdollar\$quote\"bs\\uni\u00e9\u{1F600}sq\'"
$d = "$x and $::y and $a::b::c and ${z} and ${::fqdn}"
$e = "${x['k'][0]} ${x.upcase} ${upcase($x)} ${$x} ${x + 1} ${1} ${default}"
$f = "price: $ 5, $-, ${x}[1], $x::"
$g = "nested ${ "inner ${y}" } done"
$h = "${h['a']['b']}${x.map |$v| { $v * 2 }}"
$i = "multi
line"
$j = "a\
b"
