$a = @(END)
  plain $x ${y} \n text
  END
$b = @("END")
  interp $x ${y['k']} done
  | END
$c = @("END"/tn$)
    tab\tnl\n\$x $x
    |- END
$d = @(END:json)
{"a": 1}
-END
$e = [@(ONE), @(TWO)]
one
ONE
two
TWO
notice(@(X))
  x
  X
$f = @(END/L)
joined \
line
END
$g = "after heredocs"
