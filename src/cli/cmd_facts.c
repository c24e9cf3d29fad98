/* SPDX-License-Identifier: MIT */
/* cmd_facts.c: tend facts, this machine's facts as facter shows them */
#include "util/compat.h"
#include <ctype.h>
#include <yaml.h>
#include "cli/cli.h"
#include "facts/facts.h"
#include "facts/json_value.h"
#include "lang/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

static const char usage_str[] =
	"tend facts [--json | --yaml] [--external-dir <dirs>] [--no-external-facts] [<name>...]";

struct entry {
	const char *key; /* borrowed from the value, or `tmp` */
	size_t len;
	char *tmp; /* owned: to_s of a key that is not a string */
	const struct value *val;
};

static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->key, b->key, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The entries of hash `h`, in key order when `sort`; free with free_entries().
 */
static struct entry *entries(const struct value *h, bool sort)
{
	struct entry *e = xcalloc(h->u.h.n + 1, sizeof(*e));
	for (size_t i = 0; i < h->u.h.n; i++) {
		const struct value *k = h->u.h.e[i].key;
		if (k->kind == VAL_STRING) {
			e[i].key = k->u.s.ptr;
			e[i].len = k->u.s.len;
		} else {
			struct buf s = BUF_INIT;
			val_to_s(&s, k);
			e[i].tmp = buf_detach(&s, &e[i].len);
			e[i].key = e[i].tmp;
		}
		e[i].val = h->u.h.e[i].val;
	}
	if (sort)
		qsort(e, h->u.h.n, sizeof(*e), cmp_entry);
	return e;
}

static void free_entries(struct entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].tmp);
	free(e);
}

static void indent(struct buf *out, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_addstr(out, "  ");
}

/*
 * Facter's own format: Ruby's JSON.pretty_generate with keys unquoted
 * and " => " between key and value; keys sorted except in hashes inside
 * arrays (`in_array`).
 */
static void facter_fmt(struct buf *out, const struct value *v, int depth,
		       bool in_array)
{
	if (v->kind == VAL_ARRAY && v->u.arr.n) {
		buf_addstr(out, "[\n");
		for (size_t i = 0; i < v->u.arr.n; i++) {
			indent(out, depth + 1);
			facter_fmt(out, v->u.arr.v[i], depth + 1, true);
			buf_addstr(out, i + 1 < v->u.arr.n ? ",\n" : "\n");
		}
		indent(out, depth);
		buf_addch(out, ']');
	} else if (v->kind == VAL_HASH && v->u.h.n) {
		struct entry *e = entries(v, !in_array);
		buf_addstr(out, "{\n");
		for (size_t i = 0; i < v->u.h.n; i++) {
			indent(out, depth + 1);
			buf_add(out, e[i].key, e[i].len);
			buf_addstr(out, " => ");
			facter_fmt(out, e[i].val, depth + 1, in_array);
			buf_addstr(out, i + 1 < v->u.h.n ? ",\n" : "\n");
		}
		free_entries(e, v->u.h.n);
		indent(out, depth);
		buf_addch(out, '}');
	} else {
		jv_dump(out, v, 0);
	}
}

/* "name => value" lines, strings bare, as `facter` prints several facts. */
static void print_lines(struct buf *out, const struct value *h)
{
	struct entry *e = entries(h, true);
	for (size_t i = 0; i < h->u.h.n; i++) {
		const struct value *v = e[i].val;
		buf_add(out, e[i].key, e[i].len);
		buf_addstr(out, " => ");
		if (v->kind == VAL_STRING)
			buf_add(out, v->u.s.ptr, v->u.s.len);
		else if (v->kind != VAL_UNDEF)
			facter_fmt(out, v, 0, false);
		buf_addch(out, '\n');
	}
	free_entries(e, h->u.h.n);
}

/* ---- YAML ---- */

static int yaml_write(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, buffer, size);
	return 1;
}

static int emit_scalar(yaml_emitter_t *em, const char *s, size_t len,
		       yaml_scalar_style_t style)
{
	yaml_event_t ev;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
				     (int)len, 1, 1, style);
	return yaml_emitter_emit(em, &ev) ? 0 : -1;
}

/*
 * A string is plain YAML when it reads back as the same string. Quoted
 * besides: anything starting like a number, a date or a Ruby symbol
 * ("2024-01-15", "::1"), which other YAML 1.1 readers would type.
 */
static int emit_string(yaml_emitter_t *em, struct arena *a, const char *s,
		       size_t len)
{
	const struct value *t = facts_yaml_scalar(a, s, len);
	bool quote =
		t->kind != VAL_STRING ||
		(len && (isdigit((unsigned char)s[0]) || strchr("+-.:", s[0])));
	return emit_scalar(em, s, len,
			   quote ? YAML_SINGLE_QUOTED_SCALAR_STYLE
				 : YAML_ANY_SCALAR_STYLE);
}

static int emit_value(yaml_emitter_t *em, struct arena *a,
		      const struct value *v)
{
	yaml_event_t ev;
	struct buf s = BUF_INIT;
	int error = 0;

	switch (v->kind) {
	case VAL_HASH: {
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						    YAML_BLOCK_MAPPING_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return -1;
		struct entry *e = entries(v, true);
		for (size_t i = 0; !error && i < v->u.h.n; i++) {
			error = emit_string(em, a, e[i].key, e[i].len);
			if (!error)
				error = emit_value(em, a, e[i].val);
		}
		free_entries(e, v->u.h.n);
		yaml_mapping_end_event_initialize(&ev);
		return error || !yaml_emitter_emit(em, &ev) ? -1 : 0;
	}
	case VAL_ARRAY:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						     YAML_BLOCK_SEQUENCE_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return -1;
		for (size_t i = 0; !error && i < v->u.arr.n; i++)
			error = emit_value(em, a, v->u.arr.v[i]);
		yaml_sequence_end_event_initialize(&ev);
		return error || !yaml_emitter_emit(em, &ev) ? -1 : 0;
	case VAL_STRING:
		return emit_string(em, a, v->u.s.ptr, v->u.s.len);
	case VAL_UNDEF:
		return emit_scalar(em, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	case VAL_BOOL:
	case VAL_INT:
	case VAL_FLOAT:
		jv_dump(&s, v, 0);
		error = emit_scalar(em, s.ptr, s.len, YAML_PLAIN_SCALAR_STYLE);
		break;
	default:
		val_to_s(&s, v);
		error = emit_string(em, a, s.ptr, s.len);
		break;
	}
	buf_release(&s);
	return error;
}

static int to_yaml(struct buf *out, struct arena *a, const struct value *v)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	int error = -1;

	if (!yaml_emitter_initialize(&em))
		BUG("yaml_emitter_initialize failed");
	yaml_emitter_set_output(&em, yaml_write, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (!yaml_emitter_emit(&em, &ev))
		goto out;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (!yaml_emitter_emit(&em, &ev) || emit_value(&em, a, v) < 0)
		goto out;
	yaml_document_end_event_initialize(&ev, 1);
	if (!yaml_emitter_emit(&em, &ev))
		goto out;
	yaml_stream_end_event_initialize(&ev);
	if (!yaml_emitter_emit(&em, &ev))
		goto out;
	error = 0;
out:
	if (error)
		fprintf(stderr, "error: cannot write YAML: %s\n",
			em.problem ? em.problem : "unknown problem");
	yaml_emitter_delete(&em);
	return error;
}

int cmd_facts(int argc, const char **argv, struct cli_ctx *ctx UNUSED)
{
	int json = 0, yaml = 0, no_external = 0;
	const char *external = NULL;
	const struct option opts[] = {
		OPT_BOOL('j', "json", &json, "print the facts as JSON"),
		OPT_BOOL('y', "yaml", &yaml, "print the facts as YAML"),
		OPT_STRING(
			0, "external-dir", &external, "dirs",
			"read facts.d files from these directories (colon-separated) instead of the defaults"),
		OPT_BOOL(0, "no-external-facts", &no_external,
			 "read no facts.d files"),
		OPT_END(),
	};
	int nargs = cli_parse_options(argc, argv, opts, usage_str);
	if (nargs < 0)
		return 129;
	if (json && yaml) {
		fprintf(stderr,
			"error: --json and --yaml cannot be used together\n");
		cli_usage(usage_str, opts);
		return 129;
	}

	struct arena a = ARENA_INIT;
	struct buf out = BUF_INIT;
	struct value *facts;
	struct facts_opts fo = { .external_dirs = no_external ? "" : external };
	int ret = 0;

	if (facts_collect(&facts, &a, &fo) < 0) {
		fprintf(stderr, "error: cannot collect facts: %s\n",
			err_last());
		ret = 1;
		goto out;
	}

	/* what to show: everything, or the named facts */
	const struct value *show = facts;
	if (nargs > 0) {
		struct value *h = val_hash(&a, (size_t)nargs);
		for (int i = 0; i < nargs; i++) {
			struct value *v = facts_get_path(facts, argv[i]);
			val_hash_set_str(&a, h, argv[i], v ? v : val_undef());
		}
		show = h;
	}

	if (json) {
		jv_dump(&out, show, JV_PRETTY | JV_SORT_OUTSIDE_ARRAYS);
		buf_addch(&out, '\n');
	} else if (yaml) {
		if (to_yaml(&out, &a, show) < 0) {
			ret = 1;
			goto out;
		}
	} else if (nargs == 1) {
		/* one fact: strings bare, structures as JSON */
		const struct value *v = show->u.h.e[0].val;
		if (v->kind == VAL_STRING)
			buf_add(&out, v->u.s.ptr, v->u.s.len);
		else if (v->kind != VAL_UNDEF)
			jv_dump(&out, v, JV_PRETTY | JV_SORT_OUTSIDE_ARRAYS);
		buf_addch(&out, '\n');
	} else {
		print_lines(&out, show);
	}
	if (fwrite(out.ptr, 1, out.len, stdout) != out.len || fflush(stdout)) {
		fprintf(stderr, "error: cannot write facts: %s\n",
			strerror(errno));
		ret = 1;
	}
out:
	buf_release(&out);
	arena_release(&a);
	return ret;
}
