$fam = $facts['os']['family']
notify { "family ${fam} ${::osfamily} ${facts['networking']['fqdn']}": }
if $facts['os']['release']['major'] == '12' { notify { 'bookworm': } }
$t = $trusted['certname']
notify { "trusted ${t} ${trusted['hostname']}": }
notify { "env ${environment} ${server_facts['environment']}": }
