$vals = [1, 'str', [1], { 'k' => 'v' }, true, 2.5, undef]
$vals.each |$v| {
  $kind = $v ? {
    Integer => 'int', String => 'string', Array => 'array',
    Hash => 'hash', Boolean => 'bool', Float => 'float', default => 'other',
  }
  notify { "kind ${kind} ${v}": }
}
case 'Hello' {
  /^h(.)l/: { notify { "matched ${1}": } }
}
