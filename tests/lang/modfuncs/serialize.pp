# to_python, to_ruby, to_toml, parsepson, parsehocon
# known: to_python of a type value: tend does not write Pcore objects
notice(to_python({ 'a' => 1, 'b' => [true, false, undef], 'c' => 'x"y', 'd' => 1.5 }))
notice(to_python('string'))
notice(to_python(undef))
notice(to_python([1, 2.0, 'é', "t\tab"]))
notice(to_python({ 1 => 'a' }))
notice(to_python(default))
notice(to_python(/re/))
notice(to_python(Integer[1, 2]))
# ---
notice(to_ruby({ 'a' => 1, 'b' => [true, false, undef], 'c' => 'x"y', 'd' => 1.5 }))
notice(to_ruby('string'))
notice(to_ruby(undef))
notice(to_ruby([1, 1e20, '#{x}', "nl\n"]))
notice(to_ruby({ 1 => 'a' }))
notice(to_ruby(default))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(to_python())
# ---
notice(to_toml({ 'a' => 1, 'b' => 'str', 'c' => [1, 2], 'd' => { 'e' => true, 'f' => 1.5 } }))
# ---
notice(to_toml({ 'z' => 1, 'a' => { 'b' => { 'c' => 'd' } }, 'key with space' => 'v', 't' => [{ 'n' => 1 }, { 'n' => 2, 'sub' => { 'x' => 'y' } }] }))
# ---
notice(to_toml({}))
notice(to_toml({ 'e' => {} }))
notice(to_toml({ 'q' => 'a "quoted" #{x} \\ back', 'u' => undef, 'arr' => ['a', 1] }))
# ---
notice(to_toml([1]))
# ---
notice(parsepson('{"a": 1, "b": [true, null, "x"]}'))
notice(parsepson('[1, 2.5]'))
notice(parsepson('not json', 'default'))
notice(parsepson('{"a": }', { 'd' => 1 }))
# ---
notice(parsepson(''))
# ---
notice(parsehocon('{"a": 1}'))
notice(parsehocon('a = 1
b { c = "x", d = [1, 2] }
e.f = true
# comment
g: unquoted string
'))
notice(parsehocon('{ x', 'fallback'))
# ---
notice(parsehocon(1))
