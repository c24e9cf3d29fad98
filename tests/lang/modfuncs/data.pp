# data functions that modules call a lot
notice(deep_merge({ 'a' => 1, 'h' => { 'x' => 1, 'y' => { 'z' => 1 } } }, { 'b' => 2, 'h' => { 'y' => { 'w' => 2 } } }))
notice(deep_merge({ 'a' => 1 }, '', { 'a' => 2 }, undef))
notice(deep_merge({ 'a' => { 'b' => 1 } }, { 'a' => 'flat' }))
# ---
notice(deep_merge({ 'a' => 1 }))
# ---
notice(deep_merge({ 'a' => 1 }, [1]))
# ---
notice(pick_default(undef, 'a'))
notice(pick_default('', undef, 'b', 'c'))
notice(pick_default(undef, undef))
notice(pick_default('x'))
notice(pick_default([], 'd'))
notice(pick_default(undef, ''))
# ---
notice(pick_default())
# ---
notice(pick('', undef, 'b'))
# ---
notice(pick(undef, ''))
# ---
$data = { 'a' => { 'b' => [{ 'x' => 1 }, { 'y' => 2 }] }, 'n' => undef }
notice(dig44($data, ['a', 'b', 1, 'y']))
notice(dig44($data, ['a', 'b', '0', 'x']))
notice(dig44($data, ['a', 'c'], 'default'))
notice(dig44($data, ['n'], 'default'))
notice(dig44($data, ['a', 'b', 'x'], 'nf'))
notice(dig44($data, []))
notice(dig44([1, [2, 3]], [1, 1]))
notice(dig44($data, ['a', 'b', 5, 'x']))
# ---
notice(dig44({}, 'a'))
# ---
notice(dig44('a', ['a']))
# ---
notice(dig44({}))
# ---
notice(seeded_rand(100, 'seed'))
notice(seeded_rand(1000, 'other'))
notice(seeded_rand(1, 'x'))
notice(seeded_rand('20', 'seed'))
# ---
notice(seeded_rand(0, 'seed'))
# ---
notice(merge({ 'a' => 1 }, { 'b' => 2 }, undef, { 'a' => 3 }))
notice(merge({ 'a' => 1 }, ''))
# ---
# known: the comparison error's words and column (eval.c)
notice(merge({ 'a' => 1, 'b' => 2 }) |$k, $v| { if $v > 1 { { $k => $v } } })
# ---
# known: merge's dispatch message does not generalize the types (fn_coll.c)
notice(merge({ 'a' => 1 }, [1]))
# ---
notice(length('abc'), length([1, 2]), length({ 'a' => 1 }))
# ---
notice(to_json({ 'a' => [1, true, undef, 'é'] }))
notice(to_json_pretty({ 'a' => [1, { 'b' => undef }] }))
notice(to_json_pretty({ 'a' => 1, 'b' => undef }, true))
notice(to_json_pretty([1, undef, 2], true))
notice(to_json_pretty({ 'a' => [1] }, false, { 'indent' => '    ' }))
notice(to_yaml({ 'a' => [1, 'two'], 'b' => { 'c' => undef } }))
notice(to_yaml('x'))
notice(to_yaml([]))
# ---
notice(parsejson('{"a": [1, 2]}'))
notice(parsejson('bad', 'dflt'))
notice(parseyaml("a: 1\nb: [x, y]\n"))
notice(parseyaml('a: [', 'dflt'))
# ---
notice(parsejson('bad'))
# ---
notice(batch_escape('a "b" c'))
notice(powershell_escape('a "b" $c'))
notice(shell_escape('a "b" $c'))
