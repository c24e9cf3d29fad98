/* SPDX-License-Identifier: MIT */
/* diag.c: the one diagnostic format: FILE:LINE:COL: error: message */
#include "util/compat.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/fileio.h"
#include "util/xalloc.h"

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof(*d));
}

void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	free(d->srcs);
	diags_init(d);
}

void diags_add_source(struct diags *d, const char *file, const char *text,
		      size_t len)
{
	ALLOC_GROW(d->srcs, d->nsrcs + 1, d->srcs_alloc);
	d->srcs[d->nsrcs].file = file;
	d->srcs[d->nsrcs].text = text;
	d->srcs[d->nsrcs].len = len;
	d->nsrcs++;
}

void diags_source_on_disk(struct diags *d, const char *file)
{
	for (size_t i = d->nsrcs; i-- > 0;)
		if (d->srcs[i].file == file) {
			d->srcs[i].text = NULL;
			d->srcs[i].len = 0;
			return;
		}
}

int diags_vadd(struct diags *d, enum diag_sev sev, struct srcloc loc,
	       const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vaddf(&b, fmt, ap);
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	struct diag *g = &d->v[d->n++];
	g->sev = sev;
	g->loc = loc;
	g->msg = buf_detach(&b, NULL);
	if (sev == DIAG_ERROR)
		d->nerrors++;
	if (d->print_now) {
		struct buf out = BUF_INIT;
		diags_format(&out, d, g);
		fputs(out.ptr, stderr);
		buf_release(&out);
	}
	return sev == DIAG_ERROR ? -1 : 0;
}

int diags_add(struct diags *d, enum diag_sev sev, struct srcloc loc,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = diags_vadd(d, sev, loc, fmt, ap);
	va_end(ap);
	return r;
}

int diags_too_many(const struct diags *d)
{
	return d->nerrors >= DIAG_MAX_ERRORS;
}

static const struct diag_src *find_src(const struct diags *d, const char *file)
{
	for (size_t i = d->nsrcs; i-- > 0;)
		if (d->srcs[i].file == file ||
		    (file && d->srcs[i].file && !strcmp(d->srcs[i].file, file)))
			return &d->srcs[i];
	return NULL;
}

/* The source line of `l` in [p, end), and a caret under its column. */
static void quote_line(struct buf *out, const struct srcloc *l, const char *p,
		       const char *end)
{
	for (uint32_t n = 1; n < l->line && p < end; p++)
		if (*p == '\n')
			n++;
	if (p >= end)
		return;
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	buf_addch(out, ' ');
	buf_add(out, p, (size_t)(eol - p));
	buf_addch(out, '\n');
	if (!l->col)
		return;
	buf_addch(out, ' ');
	for (uint32_t c = 1; c < l->col && p + c - 1 < eol; c++)
		buf_addch(out, p[c - 1] == '\t' ? '\t' : ' ');
	buf_addstr(out, "^\n");
}

void diags_format(struct buf *out, const struct diags *d, const struct diag *g)
{
	static const char *const sevname[] = { "error", "warning", "note" };
	const struct srcloc *l = &g->loc;

	if (l->file && l->line && l->col)
		buf_addf(out, "%s:%u:%u: ", l->file, l->line, l->col);
	else if (l->file && l->line)
		buf_addf(out, "%s:%u: ", l->file, l->line);
	else if (l->file)
		buf_addf(out, "%s: ", l->file);
	buf_addf(out, "%s: %s\n", sevname[g->sev], g->msg);

	const struct diag_src *s = l->line ? find_src(d, l->file) : NULL;
	if (!s)
		return;
	if (s->text) {
		quote_line(out, l, s->text, s->text + s->len);
		return;
	}
	struct buf disk = BUF_INIT;
	if (file_read(&disk, s->file) == 0)
		quote_line(out, l, disk.ptr, disk.ptr + disk.len);
	buf_release(&disk);
}


void diags_print(const struct diags *d, FILE *fp)
{
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		buf_reset(&out);
		diags_format(&out, d, &d->v[i]);
		fputs(out.ptr, fp);
	}
	buf_release(&out);
}
