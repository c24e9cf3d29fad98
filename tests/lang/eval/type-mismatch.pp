class x(Integer $port = 80) { }
class { 'x': port => 'eighty' }
