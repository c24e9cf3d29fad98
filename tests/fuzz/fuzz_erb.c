/* SPDX-License-Identifier: MIT */
/* fuzz_erb.c: libFuzzer target: arbitrary bytes as an ERB template */
#include "util/compat.h"
#include "lang/value.h"
#include "template/erb.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The template sees a few variables of every kind and two functions.
 * Every input must render or fail with exactly one error, within a small
 * step and memory budget: no crash, leak, hang or runaway allocation.
 */
struct fz {
	struct arena *a;
	struct value *vars;
};

static struct value *lookup(void *payload, const char *name)
{
	struct fz *f = payload;
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	return val_hash_get_str(f->vars, name);
}

static int call(struct value **out, void *payload, const char *fn,
		struct value **args, size_t nargs, struct srcloc loc)
{
	struct fz *f = payload;
	(void)loc;
	if (!strcmp(fn, "fail"))
		return -1; /* pretends to have recorded its error */
	*out = nargs ? args[0] : val_strz(f->a, fn);
	return 0;
}

static struct value *make_vars(struct arena *a)
{
	struct value *h = val_hash(a, 8), *arr = val_array(a, 4);
	struct value *inner = val_hash(a, 2);
	val_array_push(a, arr, val_strz(a, "a"));
	val_array_push(a, arr, val_int(a, 2));
	val_array_push(a, arr, val_undef());
	val_array_push(a, arr, val_float(a, 1.5));
	val_hash_set_str(a, inner, "k", val_strz(a, "v"));
	val_hash_set_str(a, inner, "n", val_int(a, -7));
	val_hash_set_str(a, h, "s", val_strz(a, "Hello, World"));
	val_hash_set_str(a, h, "i", val_int(a, 42));
	val_hash_set_str(a, h, "f", val_float(a, 0.25));
	val_hash_set_str(a, h, "t", val_bool(true));
	val_hash_set_str(a, h, "u", val_undef());
	val_hash_set_str(a, h, "arr", arr);
	val_hash_set_str(a, h, "h", inner);
	val_hash_set_str(a, h, "ref", val_type(a, "File", &arr->u.arr.v[0], 1));
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct diags d;
	struct buf out = BUF_INIT;
	diags_init(&d);
	struct fz f = { &a, make_vars(&a) };
	struct erb_env env = {
		.arena = &a,
		.diags = &d,
		.lookup = lookup,
		.call = call,
		.payload = &f,
		.max_steps = 20000,
		.max_bytes = 4u << 20,
	};
	/* twice through the same compiled template: runs must not interfere */
	struct erb_template *t = erb_compile(&a, &d, "fuzz.erb",
					     (const char *)data, size);
	if (t) {
		size_t before = d.nerrors;
		int rc = erb_run(&out, t, &env);
		if (rc == 0 && d.nerrors != before)
			BUG("success with %zu errors", d.nerrors - before);
		if (rc < 0 && d.nerrors != before + 1 &&
		    !(d.nerrors == before && memmem(data, size, "fail", 4)))
			BUG("failure with %zu errors", d.nerrors - before);
		buf_reset(&out);
		erb_run(&out, t, &env);
	} else if (d.nerrors != 1) {
		BUG("no template and %zu errors", d.nerrors);
	}
	for (size_t i = 0; i < d.n; i++) {
		struct buf msg = BUF_INIT;
		diags_format(&msg, &d, &d.v[i]);
		buf_release(&msg);
	}
	buf_release(&out);
	diags_release(&d);
	arena_release(&a);
	return 0;
}
