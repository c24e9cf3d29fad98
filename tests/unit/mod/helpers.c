/* SPDX-License-Identifier: MIT */
/* helpers.c: fixtures shared by the execution module unit tests */
#include "util/compat.h"
#include <ftw.h>
#include <sys/stat.h>
#include "remote/mod.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "helpers.h"

#include <setjmp.h>
#include <cmocka.h>

char *tmpdir_new(void)
{
	char *d = xstrdup("/tmp/tend-mod-XXXXXX");
	if (!mkdtemp(d))
		fail_msg("mkdtemp: %s", strerror(errno));
	return d;
}

static int rm_one(const char *p, const struct stat *st UNUSED, int flag UNUSED,
		  struct FTW *f UNUSED)
{
	return remove(p);
}

void tmpdir_free(char *d)
{
	nftw(d, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(d);
}

void put_file(const char *root, const char *rel, const char *content,
	      mode_t mode)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s/%s", root, rel);
	for (char *s = p.ptr + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p.ptr, 0755);
		*s = '/';
	}
	FILE *fp = fopen(p.ptr, "w");
	if (!fp)
		fail_msg("cannot write '%s': %s", p.ptr, strerror(errno));
	fputs(content, fp);
	fclose(fp);
	chmod(p.ptr, mode);
	buf_release(&p);
}

char *dump(json_t *j)
{
	char *s =
		json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	assert_non_null(s);
	return s;
}

static json_t *load(const char *text)
{
	if (!text)
		return NULL;
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
	if (!j)
		fail_msg("bad JSON in the test: %s: %s", text, e.text);
	return j;
}

int call_json(char **text, const struct mod_ctx *c, const char *fun,
	      const char *args, const char *kwargs)
{
	json_t *a = load(args), *k = load(kwargs), *ret = NULL;
	int rc = mod_call(&ret, c, fun, a, k);
	assert_non_null(ret);
	assert_true(rc >= 0);
	*text = dump(ret);
	json_decref(ret);
	json_decref(a);
	json_decref(k);
	return rc;
}
