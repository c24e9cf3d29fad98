class present_c { }
include present_c
file { '/tmp/def': }
notify { "d1 ${defined(Class['present_c'])} ${defined('present_c')} ${defined(File['/tmp/def'])}": }
notify { "d2 ${defined(File['/tmp/nope'])} ${defined('nosuch')} ${defined('file')} ${defined('$present')}": }
$present = 1
notify { "d3 ${defined('$present')}": }
