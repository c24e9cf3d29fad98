define inner_d($v) { notify { "inner ${title} ${v} ${name}": } }
define outer_d($items = []) {
  $items.each |$i, $x| {
    inner_d { "${title}-${i}": v => $x }
  }
}
outer_d { 'o1': items => ['x', 'y'] }
outer_d { 'o2': }
Inner_d { v => 'default-v' }
inner_d { 'lonely': }
