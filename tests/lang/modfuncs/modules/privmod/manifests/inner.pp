class privmod::inner {
  assert_private()
}
