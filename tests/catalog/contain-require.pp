class inner { notify { 'inner': } }
class other { notify { 'other': } }
class outer {
  contain inner
  require other
  notify { 'outer': }
}
include outer
