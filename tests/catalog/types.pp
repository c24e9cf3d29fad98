class typed(
  String $s = 'x',
  Integer[1, 10] $i = 5,
  Optional[String] $o = undef,
  Enum['a', 'b'] $e = 'a',
  Array[String] $arr = ['p', 'q'],
  Hash[String, Integer] $h = { 'k' => 1 },
  Variant[String, Integer] $v = 3,
  Boolean $b = true,
) {
  notify { "typed ${s} ${i} ${o} ${e} ${arr} ${h} ${v} ${b}": }
  if $i =~ Integer { notify { 'is integer': } }
  if 'abc' =~ String[1, 3] { notify { 'short string': } }
}
class { 'typed': i => 7 }
