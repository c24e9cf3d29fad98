/* SPDX-License-Identifier: MIT */
/* fn_arg.h: argument checks and Ruby conversions shared by native functions */
#ifndef FN_ARG_H
#define FN_ARG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct fn_call;
struct value;

/*
 * Puppet's name for the type of `v` in "got X" messages, generalized as
 * Puppet's type mismatch describer does: Integer, Float, String, Boolean,
 * Undef, Default, Regexp, Array (empty) or Tuple, Hash (empty or with a
 * non-string key) or Struct, Type[Integer[1, 2]] for a data type,
 * Type[Class] and Type[Resource] for references. Allocated in `a`.
 */
const char *fnarg_label(struct arena *a, const struct value *v);

/*
 * Reports Puppet's message for an argument of the wrong type:
 * "'NAME' parameter 'PARAM' expects EXPECTS, got LABEL", where EXPECTS
 * reads like "a String value", "an Array value" or "a value of type
 * String or Array". Returns -1.
 */
int fnarg_mismatch(struct fn_call *c, const char *param, const char *expects,
		   const struct value *got);

/*
 * Whether the call's lambda takes n arguments: at least its parameters
 * without a default, at most all of them, any number more with *$rest.
 * False when the call has no lambda.
 */
bool fnarg_block_takes(const struct fn_call *c, size_t n);

/*
 * Checks that the call's lambda takes some count of arguments between min
 * and max; otherwise reports "'NAME' block expects between 1 and 2
 * arguments, got 3" (or "expects 2 arguments", "expects no arguments",
 * "got none") and returns -1. A call without a lambda reports "'NAME'
 * expects a block".
 */
int fnarg_block(struct fn_call *c, size_t min, size_t max);

/* Integer or Float. */
bool fnarg_is_num(const struct value *v);
/* The value of an Integer or Float as a double. */
double fnarg_num(const struct value *v);

/*
 * Ruby's == on the values Puppet hands to Ruby functions (Array#delete,
 * include?, count): numbers compare by value (1 == 1.0), strings
 * byte-wise and case-sensitively, collections deeply.
 */
bool fnarg_ruby_eq(const struct value *a, const struct value *b);

/*
 * Ruby's to_s of a value as Puppet 4 functions see it (Array#join, Ruby
 * string interpolation): undef "", default "default", a regexp
 * "(?-mix:src)", arrays and hashes as Ruby's inspect (["a", 1], {"k"=>1}),
 * references File['/x'].
 */
void fnarg_ruby_s(struct buf *out, const struct value *v);

/*
 * Ruby's Kernel#Integer(str): optional whitespace and sign, 0x 0b 0o and 0
 * (octal) prefixes, single underscores between digits, nothing else.
 * Returns 0, or -1 when the string is not such a number or overflows.
 */
int fnarg_ruby_integer(int64_t *out, const char *s, size_t len);
/*
 * Ruby's Kernel#Float(str): a decimal number with optional fraction and
 * exponent (digits needed on both sides of '.'), underscores between
 * digits, surrounding whitespace, or a hexadecimal integer. Returns 0 or -1.
 */
int fnarg_ruby_float(double *out, const char *s, size_t len);

/*
 * Puppet hands 3.x-API functions (sprintf, md5, most of stdlib) a
 * top-level undef as the empty string: the argument i as such a function
 * sees it (a shared "" for undef).
 */
struct value *fnarg_arg3(struct fn_call *c, size_t i);
/* The Ruby class name of what a 3.x function sees, for Ruby's own
 * messages: Integer, String, TrueClass, NilClass, Hash, Symbol
 * (default), String (a regexp becomes "/re/")... */
const char *fnarg_ruby_class(const struct value *v);
/* Ruby's String#inspect of s: "a\"b", \n, \e, \u0001, \xFF, "\#{". */
void fnarg_ruby_quote(struct buf *out, const char *s, size_t len);
/*
 * to_s and inspect of a value after Puppet's 3.x conversion: undef is ""
 * at the top and nil inside, default is :default, a regexp is the string
 * "/re/", references print as File[/x]; arrays and hashes as Ruby's
 * inspect ([1, "a", nil], {"k"=>1}). `top` tells whether v is an argument
 * itself or inside one.
 */
void fnarg_ruby3_s(struct buf *out, const struct value *v);
void fnarg_ruby3_inspect(struct buf *out, const struct value *v, bool top);

/* Appends the UTF-8 encoding of code point cp (<= 0x10FFFF). */
void fnarg_utf8_put(struct buf *out, uint32_t cp);

enum fnarg_case { FNARG_UP, FNARG_DOWN, FNARG_CAPITALIZE, FNARG_SWAP };
/*
 * Ruby's String#upcase, downcase, capitalize, swapcase on UTF-8 text:
 * simple Unicode case mapping (through glibc's C.UTF-8 tables when the
 * text is not ASCII; ASCII only if that locale is missing).
 */
void fnarg_case_map(struct buf *out, const char *s, size_t len,
		    enum fnarg_case how);

/* Length of the UTF-8 character at s[i], 1 for a byte that is invalid. */
size_t fnarg_utf8_clen(const char *s, size_t len, size_t i);
/* Number of UTF-8 characters in s (invalid bytes count one each). */
size_t fnarg_utf8_count(const char *s, size_t len);

struct fn_call;
/* 0, or -1 with "'NAME' can only be called during a compile" (a function
 * that needs the compiler's state, called from a template or a test). */
int fnarg_need_ctx(struct fn_call *c);
/* A top-scope variable ($::name) as a 3.x function's lookupvar sees it:
 * NULL when unset or undef, or when called outside a compile. */
struct value *fnarg_topvar(struct fn_call *c, const char *name);

#endif
