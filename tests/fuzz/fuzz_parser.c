/* SPDX-License-Identifier: MIT */
/* fuzz_parser.c: libFuzzer target: arbitrary bytes as a manifest and as EPP */
#include "util/compat.h"
#include "lang/parser.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Every input must either parse or fail with exactly one error; whatever
 * parses must also dump. libFuzzer's buffer has the exact size of the
 * input, so reads past its end are caught by ASan.
 */
static void one(const char *src, size_t len, bool epp)
{
	struct arena a = ARENA_INIT;
	struct diags d;
	diags_init(&d);
	struct ast *t = epp ? parse_epp(&a, &d, "fuzz.epp", src, len)
			    : parse_manifest(&a, &d, "fuzz.pp", src, len);
	if (t) {
		struct buf out = BUF_INIT;
		ast_dump(&out, t);
		buf_release(&out);
		if (d.nerrors)
			BUG("a tree and %zu errors", d.nerrors);
	} else if (d.nerrors != 1) {
		BUG("no tree and %zu errors", d.nerrors);
	}
	for (size_t i = 0; i < d.n; i++) {
		struct buf out = BUF_INIT;
		diags_format(&out, &d, &d.v[i]);
		buf_release(&out);
	}
	diags_release(&d);
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one((const char *)data, size, false);
	one((const char *)data, size, true);
	return 0;
}
