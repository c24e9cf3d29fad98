include ntpish
