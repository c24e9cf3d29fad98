# is_a(), type_of() and validate_legacy()
notice(is_a(1, Integer))
notice(is_a('1', Integer))
notice(is_a([1, 'a'], Array[Variant[Integer, String]]))
notice(is_a(undef, Optional[String]))
notice(is_a({ 'a' => 1 }, Hash[String, Integer, 1]))
notice(is_a('/tmp', Stdlib::Absolutepath))
notice(is_a('tmp', Stdlib::Absolutepath))
notice(is_a(File['/x'], Type[File]))
notice(1.is_a(Numeric))
# ---
notice(is_a(1, 'Integer'))
# ---
notice(is_a(1))
# ---
notice(type_of(1))
notice(type_of('abc'))
notice(type_of([1, 'a']))
notice(type_of({ 'a' => 1 }))
notice(type_of(undef))
notice(type_of(Integer))
notice(type_of(1.5))
notice(type_of(true))
notice(type_of(/x/))
notice(type_of([]))
# ---
# known: the evaluator says 'got 0' where Puppet says 'got none' (eval.c)
notice(type_of())
# ---
notice(type_of(1, 2))
# ---
validate_legacy(Integer, 'validate_integer', 5)
validate_legacy('Integer', 'validate_integer', 5)
validate_legacy(String, 'validate_re', 'foo', '^f')
validate_legacy(Stdlib::Compat::Absolute_path, 'validate_absolute_path', '/tmp')
validate_legacy('Stdlib::Compat::Array', 'validate_array', [1])
validate_legacy(Optional[String], 'validate_string', undef)
notice(validate_legacy(Integer, 'validate_integer', 5))
# ---
validate_legacy(Integer, 'validate_integer', 'a')
# ---
validate_legacy(String, 'validate_re', 'foo', '^x')
notice('accepted')
# ---
validate_legacy(Integer, 'validate_integer', '5')
notice('deprecated but accepted')
# ---
validate_legacy(Enum['a', 'b'], 'validate_re', 'c', '^x')
# ---
validate_legacy('Enum["a", "b"]', 'validate_re', 'c', '^x')
# ---
validate_legacy(Stdlib::Absolutepath, 'validate_absolute_path', 'rel')
# ---
validate_legacy(Hash[String, Integer], 'validate_hash', { 'a' => 'b' })
# ---
validate_legacy(Integer, 'validate_integer')
# ---
validate_legacy(1, 'validate_integer', 5)
# ---
validate_legacy(Integer, 1, 5)
# ---
validate_legacy('Integer[', 'validate_integer', 5)
