$parts = split('a,b,c', ',')
notify { "join ${join($parts, '-')}": }
notify { "sub ${regsubst('foo.example.com', '\.', '_', 'G')}": }
notify { "fmt ${sprintf('%05d|%-4s|%.2f', 42, 'ab', 3.14159)}": }
notify { "cmp ${versioncmp('1.2.10', '1.2.9')}": }
notify { "md5 ${md5('tend')} sha1 ${sha1('tend')}": }
notify { "rand ${fqdn_rand(100)} ${fqdn_rand(1000, 'seed')}": }
notify { "upcase ${upcase('abc')} size ${size([1,2,3])}": }
notify { "type ${type(42)} ${type('x')}": }
$m = merge({ 'a' => 1 }, { 'b' => 2 })
notify { "merged ${m} keys ${keys($m)}": }
notify { "defined ${defined('$m')} ${defined(File['/nope'])}": }
