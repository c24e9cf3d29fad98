/* SPDX-License-Identifier: MIT */
/* fuzz_compile.c: arbitrary bytes as a manifest, compiled into a catalog */
#include "util/compat.h"
#include "catalog/catalog.h"
#include "lang/eval.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/log.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *code = xmemdupz(data, size);
	struct arena a = ARENA_INIT;
	struct diags d;
	struct catalog cat;
	struct compile_opts o = { .certname = "fuzz.example.com", .code = code };

	log_threshold = LOG_CRIT;
	diags_init(&d);
	if (eval_compile(&cat, &a, &d, &o) == 0) {
		struct buf out = BUF_INIT;
		cat_to_json(&out, &cat, false);
		buf_release(&out);
	}
	diags_release(&d);
	arena_release(&a);
	free(code);
	return 0;
}
