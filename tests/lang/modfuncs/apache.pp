# functions of puppetlabs-apache, -inifile and saz-memcached
notice(apache::bool2httpd(true))
notice(apache::bool2httpd(false))
notice(apache::bool2httpd(undef))
notice(apache::bool2httpd('true'))
notice(apache::bool2httpd('False'))
notice(apache::bool2httpd('something'))
notice(apache::bool2httpd(1))
notice(bool2httpd(true))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(apache::bool2httpd())
# ---
notice(apache::pw_hash('hello'))
# ---
notice(apache::pw_hash(''))
# ---
notice(apache::pw_hash(1))
# ---
notice(memcached::max_memory(undef))
notice(memcached::max_memory('50%'))
notice(memcached::max_memory('2048'))
notice(memcached::max_memory(1024))
