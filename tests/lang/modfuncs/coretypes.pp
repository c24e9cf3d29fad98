# the attributes of the module types from the *_core packages and stdlib's
# file_line, as tend's coretypes.c lists them (not functions, but checked here
# with the same modules on the modulepath)
# catalog
host { 'h.example.com': ensure => present, ip => '10.0.0.1', host_aliases => ['h'], comment => 'c', target => '/tmp/hosts', provider => parsed }
# ---
# catalog
cron { 'c': ensure => present, command => '/bin/true', special => 'daily', minute => '1', hour => '2', weekday => '3', month => '4', monthday => '5', environment => ['A=1'], user => 'root', target => 'root', provider => crontab }
# ---
# catalog
mount { '/mnt': ensure => mounted, device => '/dev/x', blockdevice => '-', fstype => 'ext4', options => 'defaults', pass => '2', atboot => 'yes', dump => '0', target => '/tmp/fstab', remounts => true, provider => parsed }
# ---
# catalog
sshkey { 'k': ensure => present, type => 'ssh-rsa', key => 'AAAA', host_aliases => ['k2'], target => '/tmp/known_hosts', provider => parsed }
# ---
# catalog
ssh_authorized_key { 'a@b': ensure => present, type => 'ssh-rsa', key => 'AAAA', user => 'root', target => '/tmp/ak', options => ['no-pty'], drop_privileges => false, provider => parsed }
# ---
# catalog
file_line { 'l': ensure => present, path => '/tmp/f', line => 'x', match => '^x', match_for_absence => false, multiple => false, after => '^y', replace => true, replace_all_matches_not_matching_line => false, encoding => 'UTF-8', append_on_no_match => true, provider => ruby }
# ---
# known: the compiler words an unknown parameter its own way (compile.c)
ssh_authorized_key { 'a@b': user => 'root', drop_private_key => true }
# ---
# known: the compiler words an unknown parameter its own way (compile.c)
file_line { 'l': path => '/tmp/f', line => 'x', nosuch => 1 }
