import 'nodes/*.pp'
import "a.pp", "b.pp"
$x += ['a']
node web-01.example.com inherits base { }
class foo-bar { }
include foo-bar
$y = foo-bar
alert 'x'
hiera_include 'classes'
create_resources('file', $files)
notice("x");;
$z = 1;
