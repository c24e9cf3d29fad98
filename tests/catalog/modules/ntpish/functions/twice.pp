function ntpish::twice(Integer $x) >> Integer {
  $x * 2
}
