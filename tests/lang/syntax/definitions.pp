class foo (
  String $a,
  Integer[1, 5] $b = 3,
  Optional[Hash[String, Array[Integer]]] $c = undef,
  $d = {},
) inherits foo::params {
  class inner { }
  define inner_def ($x) { }
}
class ::top { }
class bar inherits default { }
define my::type (Enum['a', 'b'] $x = 'a', *$rest) {
  notify { $title: }
}
node 'a.example.com', mc1.wikimedia.org, /^web\d+/, default { }
node 10.0.0.1 { }
function mymod::double(Integer $x) >> Integer {
  $x * 2
}
function f2(*$args) >> Array[Integer, 1] { $args }
type Mymod::Port = Integer[1, 65535]
type Mymod::Obj = Object { attributes => { a => Integer } }
type Mymod::Tup = [Integer, String]
type Mymod::H = { a => 1 }
type Mymod::Child = Mymod::Obj { attributes => { b => String } }
type Mymod::Empty = Mymod::Obj {}
