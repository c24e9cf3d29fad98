$motd = "welcome to
  the machine
notice($motd)
