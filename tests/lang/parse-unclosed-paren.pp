notice(join([1, 2], ",")
$y = 2
