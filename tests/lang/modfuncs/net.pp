# stdlib::ip_in_range() and enclose_ipv6()
notice(stdlib::ip_in_range('10.10.10.53', '10.10.10.0/24'))
notice(stdlib::ip_in_range('10.10.11.53', '10.10.10.0/24'))
notice(stdlib::ip_in_range('10.10.10.53', ['192.168.0.0/16', '10.0.0.0/8']))
notice(stdlib::ip_in_range('10.10.10.53', []))
notice(stdlib::ip_in_range('10.10.10.53', '10.10.10.53'))
notice(stdlib::ip_in_range('10.10.10.53', '10.10.10.0/255.255.255.0'))
notice(stdlib::ip_in_range('2001:db8::1', '2001:db8::/32'))
notice(stdlib::ip_in_range('2001:db9::1', '2001:db8::/32'))
notice(stdlib::ip_in_range('10.0.0.1', '::/0'))
notice(stdlib::ip_in_range('10.0.0.0/16', '10.0.0.0/8'))
notice(stdlib::ip_in_range('10.0.0.0/8', '10.0.0.0/16'))
notice(stdlib::ip_in_range('0.0.0.0', '0.0.0.0/0'))
notice(stdlib::ip_in_range('::ffff:10.0.0.1', '::ffff:0:0/96'))
notice(stdlib::ip_in_range('fe80::1%eth0', 'fe80::/10'))
notice(stdlib::ip_in_range('[::1]', '::1/128'))
# ---
notice(stdlib::ip_in_range('foo', '10.0.0.0/8'))
# ---
notice(stdlib::ip_in_range('10.0.0.1', '10.0.0.0/33'))
# ---
notice(stdlib::ip_in_range('010.0.0.1', '10.0.0.0/8'))
# ---
notice(stdlib::ip_in_range('10.0.0.1', '10.0.0.0/255.0.255.0'))
# ---
notice(stdlib::ip_in_range('10.0.0.1', '10.0.0.0/08'))
# ---
notice(stdlib::ip_in_range('10.0.0.1', 10))
# ---
notice(stdlib::ip_in_range('10.0.0.1', [10]))
# ---
notice(stdlib::ip_in_range(1, '10.0.0.0/8'))
# ---
notice(enclose_ipv6('::1'))
notice(enclose_ipv6('127.0.0.1'))
notice(enclose_ipv6(['::1', '127.0.0.1', '*', 'fe80:0:0:0:0:0:0:1', '2001:0db8:0000:0000:0001:0000:0000:0001']))
notice(enclose_ipv6(['::1', '::1']))
notice(enclose_ipv6(['::ffff:1.2.3.4', '1:0:0:1::', '::1.2.3.4', '2001:db8::/32']))
notice(enclose_ipv6([]))
notice(enclose_ipv6(['10.0.0.1/8', '::']))
# ---
notice(enclose_ipv6('foo'))
# ---
notice(enclose_ipv6(1))
# ---
notice(enclose_ipv6())
# ---
notice(enclose_ipv6('::1', '::2'))
