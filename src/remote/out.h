/* SPDX-License-Identifier: MIT */
/* out.h: Salt's outputters (json, yaml, nested, txt, raw) plus ndjson */
#ifndef OUT_H
#define OUT_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>

struct buf;

/*
 * Every outputter renders `{minion_id: return}` the way Salt's outputter of
 * the same name does, byte for byte (Salt 3006: salt/output/NAME.py through
 * salt.output.display_output, which strips trailing whitespace and prints
 * one newline):
 *
 *   json    one JSON document, Python's json.dumps(indent=4,
 *           ensure_ascii=False): 4-space indent, "key": value, keys in the
 *           order of the json_t objects (Salt keeps the order its modules
 *           built), floats as Python's repr, UTF-8 kept, control characters
 *           as \u00XX. --out-indent N: N spaces (0: a newline before each
 *           item but no indent, as Python); negative: one line with ", "
 *           and ": " separators.
 *   ndjson  one line per minion, {"id": return} in json's one-line form
 *           (what Salt prints with --out json --out-indent -1 without
 *           --static).
 *   yaml    PyYAML's safe_dump(default_flow_style=False, allow_unicode)
 *           through libyaml as Salt does: mapping keys sorted below the top
 *           level, strings quoted when YAML 1.1 would read them as another
 *           type ('true', '0755', ''), 80-column folding. --out-indent N:
 *           N-space indent (2 when N < 2 or N > 9, as libyaml); negative:
 *           flow style on one line.
 *   nested  Salt's default: `id:` then the value four spaces deeper;
 *           dicts below the top as `----------` then sorted `key:` lines,
 *           lists as `- item` (`|_` before a nested list or dict), strings
 *           one output line per line, None/True/False and numbers as
 *           Python prints them. ESC bytes become '?'. With color, Salt's
 *           ANSI colours (cyan keys, green strings and bullets, bold yellow
 *           scalars; red keys and bullets when o->failed).
 *   txt     `id: line` for each line of a string return, `id: value` with
 *           Python's str() of any other return.
 *   raw     Python's str() of the dict: {'id': {'a': [1, True, None]}}.
 *   quiet   nothing.
 * "text" is accepted for "txt", as Salt does.
 *
 * The top-level object is printed in the order given (the caller passes
 * returns in arrival or sorted order). Output always ends with "\n" unless
 * it is empty (Salt prints nothing for an empty txt line).
 */

/* out_opts.indent when --out-indent was not given. */
#define OUT_INDENT_DEFAULT INT_MIN

struct out_opts {
	int indent;	/* --out-indent; OUT_INDENT_DEFAULT when not given */
	bool color;	/* nested: ANSI colours (Salt colours on a terminal) */
	bool sort_keys; /* json/ndjson: sort keys (Salt's output_indent: pretty) */
	bool failed;	/* nested: this minion failed (retcode != 0): red */
};

#define OUT_OPTS_INIT { OUT_INDENT_DEFAULT, false, false, false }

/* The valid outputter names, for usage messages. */
#define OUT_NAMES "json, yaml, nested, txt, raw, ndjson, quiet"

/* Whether `name` is an outputter (OUT_NAMES or "text"). */
bool out_name_valid(const char *name);

/*
 * Appends to `out` the whole `returns` object ({minion_id: return}) in
 * outputter `name`; `o` may be NULL for the defaults. For json this is the
 * one document of `--static`; for the others it equals the concatenation
 * of out_format_minion() over the returns. Returns 0, or -1 with err_set()
 * ("unknown outputter 'x' (valid: json, ...)") when the name is unknown or
 * `returns` is not an object; nothing is appended then.
 */
int out_format(struct buf *out, const char *name, json_t *returns,
	       const struct out_opts *o);

/*
 * Appends one minion's return as Salt prints it when the return arrives
 * (without --static): the outputter applied to {id: ret}. For streaming:
 * nested, txt, yaml, raw and ndjson print a minion at a time. Returns 0 or
 * -1 with err_set() for an unknown name.
 */
int out_format_minion(struct buf *out, const char *name, const char *id,
		      json_t *ret, const struct out_opts *o);

/*
 * Python's repr() of a JSON value as Salt's modules would return it:
 * {'a': [1, 2.5, True, None]}, strings in single quotes unless they hold
 * a ' and no " (escapes \\ \n \r \t \xNN \uNNNN as Python), objects in
 * their order. out_py_str is str(): a string as is, the rest as repr.
 */
void out_py_repr(struct buf *out, json_t *v);
void out_py_str(struct buf *out, json_t *v);

/* Python's repr(float): shortest round-trip digits, 1e+16, 1e-05, 2.0. */
void out_py_float(struct buf *out, double d);

#endif
