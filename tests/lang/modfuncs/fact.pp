# fact(), os_version_gte() and the has_* functions read the node's facts
notice(fact('os.family'))
notice(fact('os.release.major'))
notice(fact('networking'.regsubst('working', 'working.fqdn')))
notice(fact('operatingsystem'))
notice(fact('no_such_fact'))
notice(fact('os.no.such'))
notice(type(fact('processorcount')))
notice(fact('os."family"'))
# ---
notice(fact('os.family.x'))
notice(fact('ipaddress.0'))
# ---
$f = fact('')
notice($f['os']['name'])
# ---
notice(fact('networking.interfaces.eth0.bindings.0.address'))
notice(fact('networking.interfaces.eth0.bindings.x.address'))
notice(fact('networking.interfaces.eth0.bindings.-1.address'))
notice(fact('networking.interfaces.eth0.bindings.5'))
# ---
notice(fact(1))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(fact())
# ---
notice(fact('a', 'b'))
# ---
notice(os_version_gte('Debian', '12'))
notice(os_version_gte('Debian', '11'))
notice(os_version_gte('Debian', '13'))
notice(os_version_gte('Debian', '12.1'))
notice(os_version_gte('Ubuntu', '12'))
notice(os_version_gte('debian', '12'))
# ---
notice(os_version_gte('', '12'))
# ---
notice(os_version_gte('Debian'))
# ---
notice(has_interface_with('eth0'))
notice(has_interface_with('lo'))
notice(has_interface_with('eth1'))
notice(has_interface_with('ipaddress', '10.64.0.12'))
notice(has_interface_with('ipaddress', '127.0.0.1'))
notice(has_interface_with('ipaddress', '10.0.0.1'))
notice(has_interface_with('macaddress', '52:54:00:a1:b2:c3'))
notice(has_interface_with('netmask', '255.255.252.0'))
notice(has_interface_with('nosuchkind', 'x'))
# ---
notice(has_ip_address('10.64.0.12'))
notice(has_ip_address('127.0.0.1'))
notice(has_ip_address('192.168.0.1'))
notice(has_ip_network('10.64.0.0'))
notice(has_ip_network('10.65.0.0'))
# ---
notice(has_interface_with())
# ---
notice(has_ip_address())
# ---
notice(has_ip_network('a', 'b'))
