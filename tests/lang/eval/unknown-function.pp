$x = 1
$y = frobnicate($x)
