/* SPDX-License-Identifier: MIT */
/* helpers.h: fixtures shared by the execution module unit tests */
#ifndef MOD_TEST_HELPERS_H
#define MOD_TEST_HELPERS_H

#include <jansson.h>
#include <sys/types.h>

/* A new temporary directory (free with tmpdir_free, which removes it). */
char *tmpdir_new(void);
void tmpdir_free(char *dir);
/* Writes root/rel (creating directories) with `content` and `mode`. */
void put_file(const char *root, const char *rel, const char *content,
	      mode_t mode);
/* The JSON text of j (compact, sorted keys), a new string. */
char *dump(json_t *j);
/*
 * Runs mod_call with args and kwargs given as JSON text (NULL: none);
 * returns the retcode and sets *text to the compact JSON of the return.
 */
int call_json(char **text, const struct mod_ctx *c, const char *fun,
	      const char *args, const char *kwargs);

#endif
