# argument checks of the is_* and validate_* families, one call each
notice(is_absolute_path())
# ---
notice(is_absolute_path('a', 'b'))
# ---
notice(is_absolute_path(undef), is_absolute_path(1), is_absolute_path(1.5), is_absolute_path([]), is_absolute_path({}), is_absolute_path(true))
# ---
notice(is_array())
# ---
notice(is_array('a', 'b'))
# ---
notice(is_array(undef), is_array(1), is_array(1.5), is_array([]), is_array({}), is_array(true))
# ---
notice(is_bool())
# ---
notice(is_bool('a', 'b'))
# ---
notice(is_bool(undef), is_bool(1), is_bool(1.5), is_bool([]), is_bool({}), is_bool(true))
# ---
notice(is_domain_name())
# ---
notice(is_domain_name('a', 'b'))
# ---
notice(is_domain_name(undef), is_domain_name(1), is_domain_name(1.5), is_domain_name([]), is_domain_name({}), is_domain_name(true))
# ---
notice(is_email_address())
# ---
notice(is_email_address('a', 'b'))
# ---
notice(is_email_address(undef), is_email_address(1), is_email_address(1.5), is_email_address([]), is_email_address({}), is_email_address(true))
# ---
notice(is_float())
# ---
notice(is_float('a', 'b'))
# ---
notice(is_float(undef), is_float(1), is_float(1.5), is_float([]), is_float({}), is_float(true))
# ---
notice(is_function_available())
# ---
notice(is_function_available('a', 'b'))
# ---
notice(is_function_available(undef), is_function_available(1), is_function_available(1.5), is_function_available([]), is_function_available({}), is_function_available(true))
# ---
notice(is_hash())
# ---
notice(is_hash('a', 'b'))
# ---
notice(is_hash(undef), is_hash(1), is_hash(1.5), is_hash([]), is_hash({}), is_hash(true))
# ---
notice(is_integer())
# ---
notice(is_integer('a', 'b'))
# ---
notice(is_integer(undef), is_integer(1), is_integer(1.5), is_integer([]), is_integer({}), is_integer(true))
# ---
notice(is_ip_address())
# ---
notice(is_ip_address('a', 'b'))
# ---
notice(is_ip_address(undef), is_ip_address(1), is_ip_address(1.5), is_ip_address([]), is_ip_address({}), is_ip_address(true))
# ---
notice(is_ipv4_address())
# ---
notice(is_ipv4_address('a', 'b'))
# ---
notice(is_ipv4_address(undef), is_ipv4_address(1), is_ipv4_address(1.5), is_ipv4_address([]), is_ipv4_address({}), is_ipv4_address(true))
# ---
notice(is_ipv6_address())
# ---
notice(is_ipv6_address('a', 'b'))
# ---
notice(is_ipv6_address(undef), is_ipv6_address(1), is_ipv6_address(1.5), is_ipv6_address([]), is_ipv6_address({}), is_ipv6_address(true))
# ---
notice(is_mac_address())
# ---
notice(is_mac_address('a', 'b'))
# ---
notice(is_mac_address(undef), is_mac_address(1), is_mac_address(1.5), is_mac_address([]), is_mac_address({}), is_mac_address(true))
# ---
notice(is_numeric())
# ---
notice(is_numeric('a', 'b'))
# ---
notice(is_numeric(undef), is_numeric(1), is_numeric(1.5), is_numeric([]), is_numeric({}), is_numeric(true))
# ---
notice(is_string())
# ---
notice(is_string('a', 'b'))
# ---
notice(is_string(undef), is_string(1), is_string(1.5), is_string([]), is_string({}), is_string(true))
# ---
validate_absolute_path()
# ---
validate_absolute_path(undef)
# ---
validate_absolute_path(1)
# ---
validate_absolute_path(1.5)
# ---
validate_absolute_path([1])
# ---
validate_absolute_path({ 'a' => 1 })
# ---
validate_absolute_path(true)
# ---
validate_absolute_path('x')
# ---
validate_array()
# ---
validate_array(undef)
# ---
validate_array(1)
# ---
validate_array(1.5)
# ---
validate_array([1])
# ---
validate_array({ 'a' => 1 })
# ---
validate_array(true)
# ---
validate_array('x')
# ---
validate_bool()
# ---
validate_bool(undef)
# ---
validate_bool(1)
# ---
validate_bool(1.5)
# ---
validate_bool([1])
# ---
validate_bool({ 'a' => 1 })
# ---
validate_bool(true)
# ---
validate_bool('x')
# ---
validate_domain_name()
# ---
# known: a 3.x function sees a top-level undef as '' (fn_stdlib.c)
validate_domain_name(undef)
# ---
validate_domain_name(1)
# ---
validate_domain_name(1.5)
# ---
validate_domain_name([1])
# ---
validate_domain_name({ 'a' => 1 })
# ---
validate_domain_name(true)
# ---
validate_domain_name('x')
# ---
validate_email_address()
# ---
# known: a 3.x function sees a top-level undef as '' (fn_stdlib.c)
validate_email_address(undef)
# ---
validate_email_address(1)
# ---
validate_email_address(1.5)
# ---
validate_email_address([1])
# ---
validate_email_address({ 'a' => 1 })
# ---
validate_email_address(true)
# ---
validate_email_address('x')
# ---
validate_hash()
# ---
validate_hash(undef)
# ---
validate_hash(1)
# ---
validate_hash(1.5)
# ---
validate_hash([1])
# ---
validate_hash({ 'a' => 1 })
# ---
validate_hash(true)
# ---
validate_hash('x')
# ---
validate_integer()
# ---
validate_integer(undef)
# ---
validate_integer(1)
# ---
validate_integer(1.5)
# ---
validate_integer([1])
# ---
validate_integer({ 'a' => 1 })
# ---
validate_integer(true)
# ---
validate_integer('x')
# ---
validate_ip_address()
# ---
validate_ip_address(undef)
# ---
validate_ip_address(1)
# ---
validate_ip_address(1.5)
# ---
validate_ip_address([1])
# ---
validate_ip_address({ 'a' => 1 })
# ---
validate_ip_address(true)
# ---
validate_ip_address('x')
# ---
validate_ipv4_address()
# ---
validate_ipv4_address(undef)
# ---
validate_ipv4_address(1)
# ---
validate_ipv4_address(1.5)
# ---
validate_ipv4_address([1])
# ---
validate_ipv4_address({ 'a' => 1 })
# ---
validate_ipv4_address(true)
# ---
validate_ipv4_address('x')
# ---
validate_ipv6_address()
# ---
validate_ipv6_address(undef)
# ---
validate_ipv6_address(1)
# ---
validate_ipv6_address(1.5)
# ---
validate_ipv6_address([1])
# ---
validate_ipv6_address({ 'a' => 1 })
# ---
validate_ipv6_address(true)
# ---
validate_ipv6_address('x')
# ---
validate_numeric()
# ---
validate_numeric(undef)
# ---
validate_numeric(1)
# ---
validate_numeric(1.5)
# ---
validate_numeric([1])
# ---
validate_numeric({ 'a' => 1 })
# ---
validate_numeric(true)
# ---
validate_numeric('x')
# ---
validate_re()
# ---
validate_re(undef)
# ---
validate_re(1)
# ---
validate_re(1.5)
# ---
validate_re([1])
# ---
validate_re({ 'a' => 1 })
# ---
validate_re(true)
# ---
validate_re('x')
# ---
validate_slength()
# ---
validate_slength(undef)
# ---
validate_slength(1)
# ---
validate_slength(1.5)
# ---
validate_slength([1])
# ---
validate_slength({ 'a' => 1 })
# ---
validate_slength(true)
# ---
validate_slength('x')
# ---
validate_string()
# ---
validate_string(undef)
# ---
validate_string(1)
# ---
validate_string(1.5)
# ---
validate_string([1])
# ---
validate_string({ 'a' => 1 })
# ---
validate_string(true)
# ---
validate_string('x')
# ---
validate_integer(5, 'a')
# ---
validate_integer(5, 10, 'a')
# ---
validate_integer(5, 1, 10)
# ---
validate_integer([1, 'a'])
# ---
validate_integer([1, 20], 10)
# ---
validate_integer('5.5')
# ---
validate_integer(5, '', 1)
# ---
validate_numeric(5, 'a')
# ---
validate_numeric(['1', 'x'])
# ---
# known: validate_numeric prints the value after Float() (fn_stdlib.c)
validate_numeric('5', '', 10)
# ---
validate_numeric(5, 10, 1)
# ---
validate_numeric({ 'a' => 1 })
# ---
# known: Ruby's TypeError for a non-String pattern (fn_stdlib.c)
validate_re('abc', 1)
# ---
validate_re(['abc'], '^a')
# ---
validate_slength('abc', 'x')
# ---
validate_slength('abc', 5, 'x')
# ---
validate_slength('abc', 5, 10)
# ---
validate_slength(['abc', 1], 5)
# ---
validate_slength(1, 5)
# ---
validate_bool(true, 'true')
# ---
validate_absolute_path('/a', 'b')
# ---
validate_ip_address('1.2.3.4', 'x')
# ---
validate_array([], 'x')
# ---
validate_hash({}, [])
# ---
validate_string('a', 1)
# ---
validate_domain_name('a.com', 'b..c')
# ---
validate_email_address('a@b.c', 'x')
