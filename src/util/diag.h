/* SPDX-License-Identifier: MIT */
/* diag.h: compiler diagnostics with source locations, gcc style */
#ifndef DIAG_H
#define DIAG_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

struct buf;

/* Where something is in a source file. `file` is interned by the owner. */
struct srcloc {
	const char *file;
	uint32_t line; /* 1-based; 0 = unknown */
	uint32_t col;  /* 1-based; 0 = unknown */
};

enum diag_sev { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
	enum diag_sev sev;
	struct srcloc loc;
	char *msg; /* owned */
};

/* Registered source texts, so that a diagnostic can show the line. */
struct diag_src {
	const char *file;
	const char *text; /* borrowed; must outlive the diags; NULL: read `file` */
	size_t len;
};

#define DIAG_MAX_ERRORS 20

struct diags {
	struct diag *v;
	size_t n, alloc;
	size_t nerrors;
	struct diag_src *srcs;
	size_t nsrcs, srcs_alloc;
	int print_now; /* when set, each diag is printed as it is added */
};

void diags_init(struct diags *d);
void diags_release(struct diags *d);
void diags_add_source(struct diags *d, const char *file, const char *text,
		      size_t len);
/* The registered text of `file` is going away: a diagnostic that needs a
 * line of it reads the file again. */
void diags_source_on_disk(struct diags *d, const char *file);
/* Records a diagnostic; returns -1 for errors, 0 otherwise. */
int diags_add(struct diags *d, enum diag_sev sev, struct srcloc loc,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int diags_vadd(struct diags *d, enum diag_sev sev, struct srcloc loc,
	       const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
/* Formats one diagnostic: "file:line:col: error: msg", source line, caret. */
void diags_format(struct buf *out, const struct diags *d, const struct diag *g);
void diags_print(const struct diags *d, FILE *fp);
int diags_too_many(const struct diags *d);

#endif
