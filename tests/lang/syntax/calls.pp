include foo, bar::baz
require foo
contain foo
notice 'hello'
notice { a => 1 }
tag 'a', 'b'
fail("x")
info('a')
$a = foo(1, 2,)
$x = 10
notice $x
[1, 2].each |$x| { notice($x) }
$y = foo
(1)
$z = $x
notice($z) |$q| { }
warning "w"
err 'e'
debug 'd'
realize(File['a'])
$d = Class['x']
$m = $x.then |$v| { break }
function ret() { return(1) }
