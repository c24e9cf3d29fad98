class svc { service { 'foo': ensure => running, enable => true } }
class svc::off inherits svc {
  Service['foo'] { ensure => stopped, enable => false }
}
include svc::off
