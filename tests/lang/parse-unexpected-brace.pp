class foo {
  notice("x")
}
}
