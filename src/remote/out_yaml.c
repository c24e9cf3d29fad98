/* SPDX-License-Identifier: MIT */
/* out_yaml.c: Salt's yaml outputter (PyYAML's safe_dump through libyaml) */
#include "util/compat.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <yaml.h>
#include "remote/out.h"
#include "remote/out-internal.h"
#include "util/buf.h"

/*
 * Salt dumps with PyYAML's CSafeDumper, i.e. PyYAML's representer in front
 * of libyaml's emitter. The emitter is the same libyaml here, so the output
 * matches as long as the events do:
 *
 *   1. Mappings are emitted with their keys sorted (PyYAML's sort_keys),
 *      except the top-level one, which keeps the caller's order; block
 *      style, or flow style for a negative --out-indent.
 *   2. Scalars carry PyYAML's tag and implicit flags. A string is
 *      "plain implicit" only when the YAML 1.1 resolver would read it back
 *      as a string; otherwise ('true', '12', '', '0o7', '2024-01-01') the
 *      emitter must quote it. Numbers, booleans and null are plain.
 *   3. Floats are Python's repr, lowercased, with ".0" before a bare
 *      exponent ("1.0e+16"), as PyYAML's represent_float.
 */

#define TAG(t) ((yaml_char_t *)"tag:yaml.org,2002:" t)

/* PyYAML's implicit resolvers (YAML 1.1 types), anchored like re.match */
static const char *const resolvers[] = {
	/* bool */
	"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE"
	"|on|On|ON|off|Off|OFF)$",
	/* float */
	"^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
	"|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
	"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
	"|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
	/* int */
	"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)"
	"|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
	/* merge */
	"^(?:<<)$",
	/* null */
	"^(?:~|null|Null|NULL|)$",
	/* timestamp */
	"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
	"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
	"(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
	"(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
	/* value */
	"^(?:=)$",
	/* yaml: never plain */
	"^(?:!|&|\\*)$",
};

struct yctx {
	yaml_emitter_t em;
	pcre2_code *re[ARRAY_SIZE(resolvers)];
	pcre2_match_data *md;
	bool flow;
	bool failed;
};

static int write_buf(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, buffer, size);
	return 1;
}

static void emit(struct yctx *y, yaml_event_t *ev)
{
	if (y->failed)
		yaml_event_delete(ev);
	else if (!yaml_emitter_emit(&y->em, ev))
		y->failed = true;
}

/* Whether PyYAML would resolve the plain scalar s to a non-str tag. */
static bool resolves_other(struct yctx *y, const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(resolvers); i++)
		if (y->re[i] && pcre2_match(y->re[i], (PCRE2_SPTR)s, len, 0, 0,
					    y->md, NULL) >= 0)
			return true;
	return false;
}

static void scalar(struct yctx *y, const char *tag, const char *s, size_t len,
		   bool is_str)
{
	yaml_event_t ev;
	int plain = is_str ? !resolves_other(y, s, len) : 1;
	if (!yaml_scalar_event_initialize(&ev, NULL, (yaml_char_t *)tag,
					  (yaml_char_t *)s, (int)len, plain,
					  is_str, YAML_PLAIN_SCALAR_STYLE))
		y->failed = true; /* not UTF-8: jansson strings always are */
	else
		emit(y, &ev);
}

static void yaml_float(struct buf *out, double d)
{
	if (isnan(d)) {
		buf_addstr(out, ".nan");
		return;
	}
	if (isinf(d)) {
		buf_addstr(out, d < 0 ? "-.inf" : ".inf");
		return;
	}
	size_t start = out->len;
	out_py_float(out, d);
	char *e = memchr(out->ptr + start, 'e', out->len - start);
	if (e && !memchr(out->ptr + start, '.', out->len - start)) {
		/* 1e+16 -> 1.0e+16 */
		struct buf tail = BUF_INIT;
		buf_addstr(&tail, e);
		buf_setlen(out, (size_t)(e - out->ptr));
		buf_addstr(out, ".0");
		buf_add(out, tail.ptr, tail.len);
		buf_release(&tail);
	}
}

static void node(struct yctx *y, json_t *v, bool sorted);

static void mapping(struct yctx *y, json_t *obj, bool sorted)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, TAG("map"), 1,
					    y->flow ? YAML_FLOW_MAPPING_STYLE
						    : YAML_BLOCK_MAPPING_STYLE);
	emit(y, &ev);
	if (sorted) {
		size_t n;
		const char **keys = out_sorted_keys(obj, &n);
		for (size_t i = 0; i < n; i++) {
			scalar(y, (const char *)TAG("str"), keys[i],
			       strlen(keys[i]), true);
			node(y, json_object_get(obj, keys[i]), true);
		}
		free(keys);
	} else {
		const char *key;
		json_t *val;
		json_object_foreach(obj, key, val)
		{
			scalar(y, (const char *)TAG("str"), key, strlen(key),
			       true);
			node(y, val, true);
		}
	}
	yaml_mapping_end_event_initialize(&ev);
	emit(y, &ev);
}

static void node(struct yctx *y, json_t *v, bool sorted)
{
	yaml_event_t ev;
	struct buf tmp = BUF_INIT;
	size_t i;
	json_t *item;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		mapping(y, v, sorted);
		break;
	case JSON_ARRAY:
		yaml_sequence_start_event_initialize(
			&ev, NULL, TAG("seq"), 1,
			y->flow ? YAML_FLOW_SEQUENCE_STYLE
				: YAML_BLOCK_SEQUENCE_STYLE);
		emit(y, &ev);
		json_array_foreach(v, i, item) node(y, item, true);
		yaml_sequence_end_event_initialize(&ev);
		emit(y, &ev);
		break;
	case JSON_STRING:
		scalar(y, (const char *)TAG("str"), json_string_value(v),
		       json_string_length(v), true);
		break;
	case JSON_INTEGER:
		buf_addf(&tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		scalar(y, (const char *)TAG("int"), tmp.ptr, tmp.len, false);
		break;
	case JSON_REAL:
		yaml_float(&tmp, json_real_value(v));
		scalar(y, (const char *)TAG("float"), tmp.ptr, tmp.len, false);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		scalar(y, (const char *)TAG("bool"),
		       json_is_true(v) ? "true" : "false",
		       json_is_true(v) ? 4 : 5, false);
		break;
	case JSON_NULL:
		scalar(y, (const char *)TAG("null"), "null", 4, false);
		break;
	}
	buf_release(&tmp);
}

void out_yaml(struct buf *out, json_t *top, const struct out_opts *o)
{
	struct yctx y;
	yaml_event_t ev;
	size_t start = out->len;

	memset(&y, 0, sizeof(y));
	for (size_t i = 0; i < ARRAY_SIZE(resolvers); i++) {
		int code;
		PCRE2_SIZE off;
		y.re[i] = pcre2_compile((PCRE2_SPTR)resolvers[i],
					PCRE2_ZERO_TERMINATED, 0, &code, &off,
					NULL);
		if (!y.re[i])
			BUG("yaml resolver %zu does not compile", i);
	}
	y.md = pcre2_match_data_create(1, NULL);
	if (!yaml_emitter_initialize(&y.em))
		BUG("yaml_emitter_initialize failed");
	yaml_emitter_set_output(&y.em, write_buf, out);
	yaml_emitter_set_unicode(&y.em, 1);
	if (o->indent != OUT_INDENT_DEFAULT) {
		/* Salt: indent N, or flow style with indent 0 when N < 0 */
		y.flow = o->indent < 0;
		yaml_emitter_set_indent(&y.em, o->indent < 0 ? 0 : o->indent);
	}

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&y, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&y, &ev);
	mapping(&y, top, false);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&y, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&y, &ev);
	yaml_emitter_flush(&y.em);
	if (y.failed) {
		/* cannot happen with valid events; say so rather than lie */
		buf_setlen(out, start);
		buf_addf(out, "# yaml emitter error: %s\n",
			 y.em.problem ? y.em.problem : "unknown");
	}
	yaml_emitter_delete(&y.em);
	pcre2_match_data_free(y.md);
	for (size_t i = 0; i < ARRAY_SIZE(resolvers); i++)
		pcre2_code_free(y.re[i]);
}
