# stdlib's 3.x functions called with no arguments and with too many
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(abs())
# ---
notice(abs('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(any2array())
# ---
notice(any2array('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(any2bool())
# ---
notice(any2bool('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(base64())
# ---
notice(base64('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(basename())
# ---
notice(basename('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(bool2num())
# ---
notice(bool2num('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(bool2str())
# ---
notice(bool2str('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(camelcase())
# ---
notice(camelcase('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(capitalize())
# ---
notice(capitalize('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(ceiling())
# ---
notice(ceiling('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(chomp())
# ---
notice(chomp('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(chop())
# ---
notice(chop('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(clamp())
# ---
notice(clamp('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(concat())
# ---
notice(concat('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(convert_base())
# ---
notice(convert_base('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(count())
# ---
notice(count('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(deep_merge())
# ---
notice(deep_merge('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(delete())
# ---
notice(delete('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(delete_at())
# ---
notice(delete_at('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(delete_regex())
# ---
notice(delete_regex('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(delete_undef_values())
# ---
notice(delete_undef_values('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(delete_values())
# ---
notice(delete_values('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(difference())
# ---
notice(difference('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(dig44())
# ---
notice(dig44('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(dirname())
# ---
notice(dirname('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(dos2unix())
# ---
notice(dos2unix('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(downcase())
# ---
notice(downcase('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(empty())
# ---
notice(empty('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(enclose_ipv6())
# ---
notice(enclose_ipv6('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(ensure_packages())
# ---
notice(ensure_packages('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(flatten())
# ---
notice(flatten('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(floor())
# ---
notice(floor('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(fqdn_rotate())
# ---
notice(fqdn_rotate('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(fqdn_uuid())
# ---
notice(fqdn_uuid('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(getvar())
# ---
notice(getvar('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(grep())
# ---
notice(grep('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(has_interface_with())
# ---
notice(has_interface_with('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(has_ip_address())
# ---
notice(has_ip_address('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(has_ip_network())
# ---
notice(has_ip_network('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(has_key())
# ---
notice(has_key('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(hash())
# ---
notice(hash('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(intersection())
# ---
notice(intersection('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(join())
# ---
notice(join('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(join_keys_to_values())
# ---
notice(join_keys_to_values('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(keys())
# ---
notice(keys('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(lstrip())
# ---
notice(lstrip('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(max())
# ---
notice(max('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(member())
# ---
notice(member('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(merge())
# ---
notice(merge('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(min())
# ---
notice(min('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(num2bool())
# ---
notice(num2bool('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(parsejson())
# ---
notice(parsejson('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(parseyaml())
# ---
notice(parseyaml('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(pick())
# ---
notice(pick('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(pick_default())
# ---
notice(pick_default('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(prefix())
# ---
notice(prefix('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(range())
# ---
notice(range('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(regexpescape())
# ---
notice(regexpescape('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(reject())
# ---
notice(reject('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(reverse())
# ---
notice(reverse('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(round())
# ---
notice(round('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(rstrip())
# ---
notice(rstrip('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(shell_join())
# ---
notice(shell_join('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(shell_split())
# ---
notice(shell_split('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(size())
# ---
notice(size('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(sort())
# ---
notice(sort('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(squeeze())
# ---
notice(squeeze('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(str2bool())
# ---
notice(str2bool('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(strip())
# ---
notice(strip('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(suffix())
# ---
notice(suffix('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(swapcase())
# ---
notice(swapcase('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(to_bytes())
# ---
notice(to_bytes('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(type())
# ---
notice(type('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(type3x())
# ---
notice(type3x('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(union())
# ---
notice(union('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(unique())
# ---
notice(unique('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(unix2dos())
# ---
notice(unix2dos('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(upcase())
# ---
notice(upcase('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(uriescape())
# ---
notice(uriescape('a', 'b', 'c', 'd', 'e', 'f'))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(values())
# ---
notice(values('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(values_at())
# ---
notice(values_at('a', 'b', 'c', 'd', 'e', 'f'))
# ---
notice(zip())
# ---
notice(zip('a', 'b', 'c', 'd', 'e', 'f'))
