$top = 'top-value'
class scoped {
  $local = 'class-value'
  notify { "sees ${top} and ${::top} and ${local}": }
}
include scoped
notify { "qualified ${scoped::local}": }
class parent_cls { $pv = 'from-parent' }
class child_cls inherits parent_cls { notify { "inherited ${pv}": } }
include child_cls
