$hosts = {
  'web1' => { 'uid' => 2001 },
  'web2' => { 'uid' => 2002, 'groups' => ['w2'] },
}
create_resources('user', $hosts, { 'ensure' => 'present' })
ensure_packages(['curl', 'wget'])
ensure_resource('file', '/tmp/ensured', { 'ensure' => 'directory' })
ensure_resource('file', '/tmp/ensured', { 'ensure' => 'directory' })
