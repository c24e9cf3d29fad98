if true {
  fail('stop here')
}
