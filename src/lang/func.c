/* SPDX-License-Identifier: MIT */
/* func.c: one sorted index over every table of native functions */
#include "util/compat.h"
#include "lang/func.h"
#include "lang/fn_stdlib3.h"
#include "lang/fn_stdlib4.h"
#include "lang/fn_stdlib5.h"
#include "util/xalloc.h"

static const struct fn_def **index_v;
static size_t index_n;

static int cmp_def(const void *a, const void *b)
{
	const struct fn_def *x = *(const struct fn_def *const *)a;
	const struct fn_def *y = *(const struct fn_def *const *)b;
	return strcmp(x->name, y->name);
}

static void build_index(void)
{
	const struct fn_def *tables[] = {
		/* first: these replace older entries of the same names */
		fn_stdlib3_table, fn_stdlib4_table, fn_stdlib5_table,
		fn_core_table, fn_string_table, fn_coll_table, fn_stdlib_table,
		fn_stdlib2_table, fn_module_table,
	};
	size_t n = 0;
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
		for (const struct fn_def *d = tables[t]; d->name; d++)
			n++;
	index_v = xcalloc(n, sizeof(*index_v));
	/* earlier tables win over later ones for the same name */
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
		for (const struct fn_def *d = tables[t]; d->name; d++) {
			size_t i;
			for (i = 0; i < index_n; i++)
				if (!strcmp(index_v[i]->name, d->name))
					break;
			if (i == index_n)
				index_v[index_n++] = d;
		}
	qsort(index_v, index_n, sizeof(*index_v), cmp_def);
}

const struct fn_def *fn_lookup(const char *name)
{
	if (!index_v)
		build_index();
	if (name[0] == ':' && name[1] == ':')
		name += 2;
	size_t lo = 0, hi = index_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, index_v[mid]->name);
		if (!c)
			return index_v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
