/* SPDX-License-Identifier: MIT */
/* fn_stdlib5.h: stdlib's random, hashing and file functions (fqdn_rand_string, pw_hash, glob…), apache's pw_hash, stdlib 9's stdlib:: names */
#ifndef FN_STDLIB5_H
#define FN_STDLIB5_H

#include "lang/func.h"

/*
 * The functions of fn_stdlib5.c, a NULL-terminated table that func.c
 * consults before the older tables (with fn_stdlib3_table and
 * fn_stdlib4_table): an entry here replaces a less faithful one of the
 * same name there.
 */
extern const struct fn_def fn_stdlib5_table[];

#endif
