# module types compiled as Puppet does: title patterns, namevars, anchors
class inner {
  notify { 'inside': }
}
class outer {
  anchor { 'outer::begin': }
  -> class { 'inner': }
  -> anchor { 'outer::end': }
}
include outer
sshkey { 'host1.example@ssh-rsa': key => 'AAAA1' }
sshkey { 'host2.example': type => 'ssh-ed25519', key => 'AAAA2', host_aliases => ['h2'] }
sshkey { 'host3.example@ssh-rsa': name => 'host3.example', key => 'AAAA3' }
concat_file { 'motd': path => '/tmp/tend-motd', ensure_newline => true, order => 'numeric' }
concat_fragment { 'motd-a': target => 'motd', content => 'a', order => 10 }
mount { '/srv/data': ensure => present, device => '/dev/sdz1', fstype => 'ext4' }
host { 'db.example': ip => '10.0.0.5', host_aliases => ['db'] }
cron { 'backup': command => '/usr/local/bin/backup', user => 'root', hour => 2, minute => 0 }
file_line { 'sudo_rule': path => '/etc/sudoers', line => '%sudo ALL=(ALL) ALL' }
@sshkey { 'virtual.example@ssh-rsa': key => 'V' }
Anchor['outer::end'] -> Sshkey['host1.example@ssh-rsa']
