$a = [1, 2] + [3]
$b = [1, 2, 3] - [2]
$c = { 'x' => 1 } + { 'y' => 2 }
$d = { 'x' => 1, 'y' => 2 } - ['x']
$e = [1, 2] << 3
$f = 7 / 2
$g = -7 % 3
$h = 10 % 4
notify { "a=${a} b=${b} c=${c} d=${d} e=${e} f=${f} g=${g}": }
$i = 'b' in ['a', 'b']
$j = 'ell' in 'Hello'
$k = 'a' in { 'a' => 1 }
$l = 1.5 * 2
$m = '10' + 5
notify { "i=${i} j=${j} k=${k} l=${l} m=${m}": }
$arr = [10, 20, 30, 40]
notify { "slice ${arr[1,2]} last ${arr[-1]} str ${'hello'[1,3]}": }
$n = [1, [2, 3], { 'k' => 'v' }]
notify { "nested ${n}": }
