# the remaining stdlib functions: assert_private, deprecation, loadjson,
# loadyaml, pry, validate_x509_rsa_key_pair
class priv { assert_private() }
include priv
define privdef { assert_private('not this message') }
privdef { 'x': }
notice('not private here')
# ---
assert_private()
# ---
assert_private('custom message')
# ---
assert_private('a', 'b')
# ---
include privmod
notice('privmod declares its own private class and define')
# ---
include privmod::inner
# ---
privmod::thing { 'from-outside': }
# ---
deprecation('key', 'a message')
notice('deprecation is a warning')
# ---
notice(deprecation('key'))
# ---
$m = loadjson('/usr/share/puppet/modules/stdlib/metadata.json')
notice($m['name'])
notice(loadjson('/nonexistent.json', { 'dflt' => true }))
notice(loadjson('/nonexistent.json'))
# ---
$y = loadyaml('/usr/share/puppet/modules/ntp/data/common.yaml')
notice($y['ntp::service_name'], $y['ntp::package_ensure'])
notice(loadyaml('/nonexistent.yaml', 'dflt'))
# ---
pry()
# ---
# known: validate_x509_rsa_key_pair needs OpenSSL, which tend does not link
validate_x509_rsa_key_pair('not a cert', 'not a key')
