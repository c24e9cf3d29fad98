define privmod::thing {
  assert_private("${title} is private to privmod")
}
