$list = ['x', 'y']
$doc = @("EOT"/L)
    first line \
    continued
    items: ${list.join(', ')}
    |- EOT
notify { 'doc': message => $doc }
$epp = inline_epp('<% $list.each |$i| { -%>
item <%= $i %>
<% } -%>
done', { 'list' => $list })
notify { 'epp': message => $epp }
$tmpl = inline_template("<% @list.each do |i| -%>\n* <%= i %>\n<% end -%>")
notify { 'erb': message => $tmpl }
