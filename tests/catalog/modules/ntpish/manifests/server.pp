define ntpish::server($iburst = true) {
  notify { "server ${title} iburst=${iburst} id=${ntpish::twice(2)}": }
}
