/* SPDX-License-Identifier: MIT */
/* diff.h: unified diffs of two texts, as `diff -u` prints them */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>

struct buf;

/*
 * Appends to `out` the unified diff (3 lines of context) that turns text
 * `a` into text `b`: "--- label_a", "+++ label_b", then "@@ -l,n +l,n @@"
 * hunks; a last line without newline is followed by
 * "\ No newline at end of file". Texts are (ptr, len) and may contain
 * NULs. Appends nothing and returns 0 when the texts are equal; returns 1
 * when it appended a diff. Large inputs (over DIFF_MAX_CELLS line pairs
 * between the common head and tail) are shown as one hunk that removes
 * every differing line and adds the new ones: still a correct diff, not
 * a minimal one.
 */
#define DIFF_MAX_CELLS (1024u * 1024)
int diff_unified(struct buf *out, const char *a, size_t alen, const char *b,
		 size_t blen, const char *label_a, const char *label_b);

#endif
