/* SPDX-License-Identifier: MIT */
/* test_filebucket.c: old contents stored by sha256 and restored */
#include "util/compat.h"
#include <sys/stat.h>
#include <unistd.h>
#include "resource/filebucket.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/hash.h"

#include <setjmp.h>
#include <cmocka.h>

static char tmpdir[] = "/tmp/tend-bucket-XXXXXX";

static int count_entry(const struct bucket_entry *e, void *payload)
{
	struct buf *b = payload;
	buf_addf(b, "%s %s\n", e->sum, e->path);
	return 0;
}

static void test_filebucket__store_get_restore(void **state UNUSED)
{
	assert_non_null(mkdtemp(tmpdir));
	struct buf dir = BUF_INIT, f = BUF_INIT, got = BUF_INIT, list = BUF_INIT;
	buf_addf(&dir, "%s/bucket", tmpdir);
	buf_addf(&f, "%s/motd", tmpdir);

	char sum[65], expect[HASH_SHA256_HEXSZ];
	hash_sha256_hex(expect, "old\0data", 8);
	assert_int_equal(bucket_store(sum, dir.ptr, "old\0data", 8, f.ptr), 0);
	assert_string_equal(sum, expect);
	/* a second store of the same bytes and path adds nothing */
	assert_int_equal(bucket_store(sum, dir.ptr, "old\0data", 8, f.ptr), 0);
	assert_int_equal(bucket_store(sum, dir.ptr, "old\0data", 8, "/other"), 0);

	assert_int_equal(bucket_get(&got, dir.ptr, sum), 0);
	assert_int_equal(got.len, 8);
	assert_memory_equal(got.ptr, "old\0data", 8);

	/* restore over a newer file keeps its mode */
	assert_int_equal(file_write_atomic(f.ptr, "new", 3, 0600), 0);
	assert_int_equal(bucket_restore(dir.ptr, sum, f.ptr), 0);
	buf_reset(&got);
	assert_int_equal(file_read(&got, f.ptr), 0);
	assert_memory_equal(got.ptr, "old\0data", 8);
	struct stat sb;
	assert_int_equal(stat(f.ptr, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	assert_int_equal(bucket_list(dir.ptr, count_entry, &list), 0);
	struct buf want = BUF_INIT;
	buf_addf(&want, "%s %s\n%s /other\n", sum, f.ptr, sum);
	/* ties in time are ordered by sum then path */
	if (strcmp(f.ptr, "/other") > 0) {
		buf_reset(&want);
		buf_addf(&want, "%s /other\n%s %s\n", sum, sum, f.ptr);
	}
	assert_string_equal(list.ptr, want.ptr);

	char layout[512];
	snprintf(layout, sizeof(layout), "%s/%.2s/%s/contents", dir.ptr, sum, sum);
	assert_int_equal(access(layout, F_OK), 0);

	buf_release(&want);
	buf_release(&dir);
	buf_release(&f);
	buf_release(&got);
	buf_release(&list);
}

static void test_filebucket__unknown_sum(void **state UNUSED)
{
	struct buf got = BUF_INIT;
	assert_int_equal(bucket_get(&got, "/nonexistent-bucket",
				    "0000000000000000000000000000000000000000000000000000000000000000"),
			 ERR_NOTFOUND);
	assert_int_equal(bucket_get(&got, "/nonexistent-bucket", "../x"), -1);
	assert_int_equal(bucket_list("/nonexistent-bucket", count_entry, &got), 0);
	assert_int_equal(got.len, 0);
	buf_release(&got);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
}

int suite_filebucket(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filebucket__store_get_restore),
		cmocka_unit_test(test_filebucket__unknown_sum),
	};
	return cmocka_run_group_tests_name("filebucket", tests, NULL, NULL);
}
