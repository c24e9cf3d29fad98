concat { '/tmp/tend-motd': owner => 'root', mode => '0644' }
concat::fragment { 'motd header': target => '/tmp/tend-motd', content => "hello\n", order => '01' }
concat::fragment { 'motd body': target => '/tmp/tend-motd', content => "body\n", order => '10' }
