/* SPDX-License-Identifier: MIT */
/* types.h: Puppet's data types: matching, assignability, inference, rendering */
#ifndef TYPES_H
#define TYPES_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct value;

/*
 * A type is a VAL_TYPE value, {name, params} as the evaluator built it from
 * `Name[p1, p2, ...]` (see struct ptype in value.h). Nothing here requires
 * the params to be normalized: Integer[1, default], Enum[['a', 'b']] (nested
 * arrays are flattened as Puppet flattens them), Pattern['^a'] (string
 * patterns) and Resource['file', '/x'] are all understood. Type names are
 * matched case-insensitively, as Puppet does (INTEGER is Integer), and always
 * rendered in their canonical spelling.
 *
 * A string where a type is expected (Optional['a'], NotUndef['a'], a Struct
 * key) is the type of exactly that string, as in Puppet. type_infer() also
 * produces such types internally: {"String", ['abc']} is "the String 'abc'",
 * which renders as plain `String`, as Puppet renders it.
 *
 * Names that are not built-in types are, in order: aliases resolved through
 * the type_env (`type MyT = ...`), then resource types (File, Apache::Vhost).
 * Resource and class references (File['/x'], Class['ntp']) are types too:
 * they are instances of Type[File] / Type[Resource] / Type[Class], never of
 * File or Resource themselves (no language value is a resource), exactly as
 * in Puppet: File['/x'] =~ Resource is false, File['/x'] =~ Type[File] true.
 *
 * Nothing keeps a pointer to its arguments. Results allocated in an arena
 * live as long as it; none of the functions fails except where noted.
 */

/*
 * How the evaluator lends its knowledge to the type system. Every field may
 * be NULL, and so may the env itself.
 *   resolve_alias: the type `name` stands for (`type MyT = Variant[...]`),
 *     as written (it is normalized here where Puppet does), or NULL when
 *     `name` is not an alias. Called for every name that is not a built-in
 *     type, so it should be a hash lookup. Aliases may refer to themselves
 *     (type Tree = Variant[Integer, Array[Tree]]).
 *   arena: where regexes of Pattern/Regexp values get compiled and cached
 *     (regex_compile); without it, an uncompiled regex is compiled into a
 *     scratch arena for each match.
 */
struct type_env {
	struct value *(*resolve_alias)(void *payload, const char *name);
	void *payload;
	struct arena *arena;
};

/*
 * Puppet's `v =~ type` / instance check: 1 when `v` is an instance of the
 * VAL_TYPE `type`, 0 when not (also when `type` is malformed). Values of
 * Callable, Iterator, Sensitive, SemVer, Timespan, Binary... never match
 * (tend has no such values); Object matches any type value, as in Puppet.
 * Allocates nothing except for Pattern with string patterns, uncompiled
 * regexes without env->arena, and Iterable[T] with a specific T.
 */
int type_match(const struct value *type, const struct value *v,
	       const struct type_env *env);

/*
 * Puppet's assignability (`t2 <= t1`, case/selector matching on types): 1
 * when every instance of `t2` is an instance of `t1`, else 0.
 */
int type_compare_assignable(const struct value *t1, const struct value *t2,
			    const struct type_env *env);

/*
 * Puppet's `==` and `!=` on types (TypeCalculator#equals): the same type
 * once normalized (Integer == Integer[default, default], Enum['a', 'b'] ==
 * Enum['b', 'a'], names case-insensitively), or each assignable to the
 * other (Optional[Integer] == Variant[Undef, Integer]). Note that
 * type('abc') == String is false: the inferred type is the String 'abc'.
 */
bool type_equal(const struct value *t1, const struct value *t2,
		const struct type_env *env);

/*
 * Validates the parameters of a type just built from an access expression
 * (only this level: nested types were validated when they were built).
 * Returns 0 when valid; -1 after appending Puppet's message to `err`, e.g.
 *   "Integer-Type [] requires all arguments to be integers (or default). Got String"
 *   "Operator '[]' is not applicable to a Numeric-Type."
 *   "Error creating type specialization of an Enum-Type, Cannot use Integer where String is expected"
 *   "'from' must be less or equal to 'to'. Got (5, 1"   (sic, Puppet's text)
 * Names that are not built-in (resource types) accept string titles only.
 */
int type_check_valid(struct buf *err, const struct value *type);

/* True for Puppet's built-in type names (case-insensitive, as in Puppet),
 * including the built-in aliases Data, RichData and RichDataKey. */
bool type_is_known(const char *name);

/* The canonical spelling of a built-in type name ("integer" → "Integer"),
 * or NULL when `name` is not one. */
const char *type_canonical_name(const char *name);

/*
 * Appends Puppet's rendering of a type, as notice(), "${t}" and error
 * messages show it: Integer[1, 5], Enum['a', 'b'] (sorted, as Puppet keeps
 * them), Optional[String], Struct[{'a' => Integer, Optional['b'] => String}],
 * Pattern[/x/], Array[0, 0], File['/x'], Class[ntp], MyAlias. Parameters are
 * shown normalized: Integer[1, default] is Integer[1], Variant[Integer] is
 * Integer, Float[1] is Float[1.0]. Non-type values are appended as inside a
 * type: strings quoted 'x', regexes /x/.
 */
void type_to_s(struct buf *out, const struct value *type);

/*
 * Puppet's type($v) (the 'detailed' form, TypeCalculator#infer_set): the
 * most specific type of `v`: Integer[3, 3], Float[1.5, 1.5], Boolean[true],
 * the String 'abc' (renders String), Regexp[/x/], Tuple[...] for non-empty
 * arrays, Struct[{...}] for hashes with non-empty string keys, Hash[K, V,
 * n, n] otherwise, Array[0, 0] and Hash[0, 0] when empty, Type[T] for types.
 * Allocated in `a` (parameterless results are shared immutable values).
 */
struct value *type_infer(struct arena *a, const struct value *v);

/* type($v, 'reduced') (TypeCalculator#infer): collections as
 * Array[common type, n, n] and Hash[K, V, n, n]. */
struct value *type_infer_reduced(struct arena *a, const struct value *v);

/* The generalized form of a type (ranges and sizes dropped, Enum to
 * String[min, max]); type($v, 'generalized') is
 * type_generalize(a, type_infer_reduced(a, v)). */
struct value *type_generalize(struct arena *a, const struct value *type);

/*
 * Why `v` is not an instance of `type`, in Puppet's words, relative to the
 * value: "expects an Integer value, got String", "index 1 expects a String
 * value, got Integer", "expects a match for Enum['a', 'b'], got 'c'",
 * "expects size to be at least 1, got 0", "entry 'a' expects a value of type
 * Undef or Integer, got String", "unrecognized key 'b'". The evaluator
 * prepends "Class[X]: parameter 'p' ". When Puppet finds several mismatches
 * they are joined with "\n"; use type_mismatch_describe() to lay them out as
 * Puppet does. The string lives in `a`.
 */
const char *type_mismatch_msg(struct arena *a, const struct value *type,
			      const struct value *v,
			      const struct type_env *env);

/*
 * The same, one line per mismatch appended to `out` (lines separated by
 * "\n", none at the end), each starting with `label` and a space when
 * `label` is not NULL: with label "parameter 'p'",
 *   "parameter 'p' index 0 expects an Integer value, got String".
 * Returns the number of mismatches Puppet reports. Puppet's full message
 * for a class or resource is "<subject>: <line>" with one line in total,
 * and "<subject>:\n  <line1>\n  <line2>" with several (two spaces each).
 *
 * 0 means Puppet finds nothing to explain although the value does not
 * match: it normalizes Collection[1] to Collection and Array[Any, 2] to
 * Array before describing, and then raises no error at all, so such a
 * class or resource parameter is accepted. One line is still appended, for
 * callers that must fail anyway (function arguments, assert_type).
 */
size_t type_mismatch_describe(struct buf *out, struct arena *a,
			      const char *label, const struct value *type,
			      const struct value *v,
			      const struct type_env *env);

#endif
