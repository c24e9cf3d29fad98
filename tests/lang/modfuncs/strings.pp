# string functions of stdlib's 4.x API and their argument checks
notice(stdlib::start_with('foobar', 'foo'))
notice(stdlib::start_with('foobar', 'bar'))
notice(stdlib::start_with('foobar', ['x', 'fo']))
notice(stdlib::start_with('', ['x']))
notice(stdlib::start_with('Foo', 'foo'))
notice('foobar'.stdlib::start_with('f'))
notice(stdlib::end_with('foobar', 'bar'))
notice(stdlib::end_with('foobar', ['x', 'ar']))
notice(stdlib::end_with('foobar', 'foo'))
notice(stdlib::end_with('héhé', 'é'))
# ---
notice(stdlib::start_with('foo', ''))
# ---
notice(stdlib::start_with('foo', []))
# ---
notice(stdlib::start_with('foo', ['a', 1]))
# ---
notice(stdlib::end_with(undef, 'a'))
# ---
notice(stdlib::end_with('a'))
# ---
notice(stdlib::extname('foo.txt'))
notice(stdlib::extname('/a/b.c/d.tar.gz'))
notice(stdlib::extname('.bashrc'))
notice(stdlib::extname('foo.'))
notice(stdlib::extname('noext'))
notice(stdlib::extname('a.b/c'))
notice(stdlib::extname('a/.b.c'))
notice(stdlib::extname('dir.d/'))
notice(stdlib::extname('..x'))
notice(stdlib::extname(''))
# ---
notice(stdlib::extname(['a.b']))
# ---
notice(stdlib::xml_encode('a < b & c > "d" \'e\''))
notice(stdlib::xml_encode('a < b & "c"', 'attr'))
notice(stdlib::xml_encode('plain', 'text'))
notice(stdlib::xml_encode(''))
# ---
notice(stdlib::xml_encode('a', 'other'))
# ---
notice(shell_split('a b  "c d" \'e f\' g\\ h'))
notice(shell_split(''))
notice(shell_split('a"b"c d'))
notice(shell_split("a\tb\nc"))
notice(shell_split('"a\\"b" \'x\\y\''))
notice(shell_split('a\\'))
notice(shell_split(12))
# ---
notice(shell_split('a "b'))
# ---
notice(shell_split())
# ---
notice(sprintf_hash('%{a} and %<b>s and %<c>05d', { 'a' => 'x', 'b' => 'y', 'c' => 42 }))
# ---
notice(sprintf_hash('%{a}', []))
# ---
notice(fqdn_uuid('puppetlabs.com'))
notice(fqdn_uuid('google.com'))
notice(fqdn_uuid(''))
# ---
notice(fqdn_uuid())
# ---
notice(fqdn_uuid('a', 'b'))
# ---
notice(fqdn_rand_string(10))
notice(fqdn_rand_string(10, 'ABCDEF!@$%^'))
notice(fqdn_rand_string(10, '', 'custom seed'))
notice(fqdn_rand_string('5'))
notice(fqdn_rand_string(5, undef, 'x'))
notice(fqdn_rand_string(3, 'é'))
# ---
notice(fqdn_rand_string(0))
# ---
notice(fqdn_rand_string())
# ---
notice(fqdn_rand_string(5, 5))
# ---
notice(fqdn_rotate(['a', 'b', 'c', 'd']))
notice(fqdn_rotate('abcd'))
notice(fqdn_rotate([1, 2, 3], 'custom seed'))
notice(fqdn_rotate([]))
notice(fqdn_rotate('x'))
notice(fqdn_rotate(['a', 'b', 'c', 'd', 'e'], 'x', 'y'))
# ---
notice(fqdn_rotate({ 'a' => 1 }))
# ---
notice(fqdn_rotate())
# ---
notice(seeded_rand_string(8, 'seed'))
notice(seeded_rand_string(8, 'seed', 'ab'))
notice(seeded_rand_string(20, 'other seed'))
notice(seeded_rand_string(1, ''))
# ---
notice(seeded_rand_string(0, 'seed'))
# ---
notice(seeded_rand_string(5, 'seed', 'a'))
# ---
notice(pw_hash('password', 'sha-512', 'salt'))
notice(pw_hash('password', 'SHA-256', 'salt'))
notice(pw_hash('password', 'md5', 'salt'))
notice(pw_hash('', 'md5', 'salt'))
notice(pw_hash(undef, 'md5', 'salt'))
notice(pw_hash('password', 'sha-512', 'a.very/long/salt/that/is/cut'))
# ---
notice(pw_hash('password', 'bcrypt', '10$abcdefghijklmnopqrstuv'))
notice(pw_hash('password', 'bcrypt-a', '04$abcdefghijklmnopqrstuu'))
# ---
notice(pw_hash('password', 'sha-1', 'salt'))
# ---
notice(pw_hash('password', 'md5', 'sa$lt'))
# ---
notice(pw_hash('password', 'bcrypt', 'salt'))
# ---
notice(pw_hash('password', 'md5', ''))
# ---
notice(pw_hash(1, 'md5', 'salt'))
# ---
notice(pw_hash('password', 'md5'))
# ---
$h = str2saltedsha512('password')
notice(length($h))
notice($h =~ /\A[0-9a-f]+\z/)
# ---
notice(str2saltedsha512(1))
# ---
notice(str2saltedpbkdf2('Pa55w0rd', 'Use a s@lt h3r3 th@t is 32 byt3s', 50000))
# ---
notice(str2saltedpbkdf2('Pa55w0rd', 'short', 50000))
# ---
notice(str2saltedpbkdf2('Pa55w0rd', 'Use a s@lt h3r3 th@t is 32 byt3s', 5000))
# ---
notice(str2saltedpbkdf2('Pa55w0rd', 'Use a s@lt h3r3 th@t is 32 byt3s', '50000'))
# ---
notice(apache::pw_hash('secret'))
notice(apache::apache_pw_hash('secret'))
notice(apache_pw_hash('secret'))
# ---
notice(apache::apache_pw_hash(''))
