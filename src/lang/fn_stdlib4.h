/* SPDX-License-Identifier: MIT */
/* fn_stdlib4.h: stdlib's resource, validation and serialization functions (validate_legacy, ensure_resource, to_toml…) */
#ifndef FN_STDLIB4_H
#define FN_STDLIB4_H

#include "lang/func.h"

/*
 * The functions of fn_stdlib4.c, a NULL-terminated table that func.c
 * consults before the older tables (after fn_stdlib3_table): an entry
 * here replaces a less faithful one of the same name there.
 */
extern const struct fn_def fn_stdlib4_table[];

#endif
