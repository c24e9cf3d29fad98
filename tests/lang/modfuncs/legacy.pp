# the deprecated is_* and validate_* families (2012-2016 modules)
notice(is_absolute_path('/tmp'), is_absolute_path('tmp'), is_absolute_path('C:/x'), is_absolute_path(['/a']))
notice(is_array([]), is_array('a'), is_array({}))
notice(is_bool(true), is_bool('true'), is_bool(undef))
notice(is_domain_name('example.com'), is_domain_name('-x.com'), is_domain_name('a..b'), is_domain_name('example.com.'), is_domain_name(''))
notice(is_email_address('a@b.c'), is_email_address('ab.c'))
notice(is_float(1.5), is_float('1.5'), is_float(1), is_float('1'), is_float('a'))
notice(is_function_available('notice'), is_function_available('nosuchfunc'), is_function_available('stdlib::ensure'))
notice(is_hash({}), is_hash([]))
notice(is_integer(1), is_integer('1'), is_integer('01'), is_integer('-1'), is_integer(1.0), is_integer('a'))
notice(is_ip_address('1.2.3.4'), is_ip_address('::1'), is_ip_address('1.2.3'), is_ip_address(''))
notice(is_ipv4_address('1.2.3.4'), is_ipv4_address('::1'), is_ipv6_address('::1'), is_ipv6_address('1.2.3.4'))
notice(is_mac_address('52:54:00:a1:b2:c3'), is_mac_address('52:54:00:a1:b2'), is_mac_address('52-54-00-a1-b2-c3'))
notice(is_numeric(1), is_numeric('1.5'), is_numeric('-1e3'), is_numeric('0x10'), is_numeric('a'))
notice(is_string('a'), is_string(1), is_string('1'), is_string(undef), is_string([]))
# ---
notice(is_array())
# ---
notice(is_string('a', 'b'))
# ---
validate_absolute_path('/tmp', ['/a', '/b'])
validate_array([], [1])
validate_bool(true, false)
validate_domain_name('example.com')
validate_email_address('a@example.com')
validate_hash({})
validate_integer(5, 10, 1)
validate_integer('5')
validate_ip_address('1.2.3.4')
validate_ipv4_address('1.2.3.4')
validate_ipv6_address('::1')
validate_numeric(1.5, 2)
validate_re('abc', '^a')
validate_re('abc', ['^x', '^a'])
validate_slength('abc', 3)
validate_slength(['a', 'bc'], 2, 1)
validate_string('a', 'b')
validate_string(undef)
notice('all valid')
# ---
validate_absolute_path('tmp')
# ---
validate_absolute_path(['/a', 'b'])
# ---
validate_array('a')
# ---
validate_bool('true')
# ---
validate_domain_name('-bad')
# ---
validate_email_address('bad')
# ---
validate_hash([])
# ---
validate_integer('a')
# ---
validate_integer(11, 10)
# ---
validate_integer(0, 10, 1)
# ---
validate_ip_address('1.2.3')
# ---
validate_ipv4_address('::1')
# ---
validate_ipv6_address('1.2.3.4')
# ---
validate_numeric('a')
# ---
# known: validate_numeric prints the value after Float() (fn_stdlib.c)
validate_numeric(5, 1)
# ---
validate_re('abc', '^x')
# ---
validate_re('abc', '^x', 'custom message')
# ---
validate_re(1, '^1')
# ---
validate_slength('abcd', 3)
# ---
validate_slength('a', 3, 2)
# ---
validate_string(1)
# ---
validate_array()
