# privmod: a module whose inner class and define are private (for the
# assert_private cases of misc2.pp)
class privmod {
  include privmod::inner
  privmod::thing { 'from-inside': }
}
