/* SPDX-License-Identifier: MIT */
/* test_package.c: package (apt) validation, state, and a real install as root */
#include "util/compat.h"
#include <unistd.h>
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/proc.h"

#include <setjmp.h>
#include <cmocka.h>

/* A small package from Debian's archive, installed and removed as root. */
#define TEST_PKG "hello"

struct fx {
	struct arena a;
	struct rtype_ctx c;
	struct resource r;
	struct rstate st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	arena_init(&f->a);
	f->c.arena = &f->a;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_release(&f->a);
	free(f);
	return 0;
}

static void res(struct fx *f, const char *title, const char *ensure)
{
	memset(&f->r, 0, sizeof(f->r));
	memset(&f->st, 0, sizeof(f->st));
	f->r.type = "Package";
	f->r.title = arena_strdup(&f->a, title);
	f->r.params = val_hash(&f->a, 0);
	f->st.res = &f->r;
	if (ensure)
		val_hash_set_str(&f->a, f->r.params, "ensure",
				 val_strz(&f->a, ensure));
}

static int validate(struct fx *f, const char **msg)
{
	return rtype_package.validate(&f->c, &f->r, msg);
}

static int run(struct fx *f)
{
	const char *msg = NULL;
	if (validate(f, &msg) < 0) {
		f->st.error = msg;
		return -2;
	}
	return rtype_package.sync(&f->c, &f->r, &f->st);
}

static void test_package__validation(void **state)
{
	struct fx *f = *state;
	const char *msg = NULL;
	res(f, "hello", "sometimes");
	assert_int_equal(validate(f, &msg), -1);
	assert_non_null(strstr(msg, "Invalid value 'sometimes'"));
	static const char *const good[] = {
		"present", "installed", "latest",	   "absent",
		"purged",  "2.10-3",	"1:2.3~rc1+dfsg-1"};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		res(f, "hello", good[i]);
		assert_int_equal(validate(f, &msg), 0);
	}
	/* nothing can reach apt-get as an option */
	res(f, "--purge", NULL);
	assert_int_equal(validate(f, &msg), -1);
	assert_string_equal(msg, "invalid package name '--purge'");
	res(f, "hello", "-1");
	assert_int_equal(validate(f, &msg), -1);
	res(f, "libc6:amd64", NULL);
	assert_int_equal(validate(f, &msg), 0);

	res(f, "hello", NULL);
	val_hash_set_str(&f->a, f->r.params, "provider",
			 val_strz(&f->a, "yum"));
	assert_int_equal(validate(f, &msg), -1);
	assert_string_equal(msg, "provider 'yum' is not supported here");
	res(f, "hello", NULL);
	val_hash_set_str(&f->a, f->r.params, "colour", val_strz(&f->a, "red"));
	assert_int_equal(validate(f, &msg), -1);
	assert_string_equal(msg, "no parameter named 'colour'");
}

static void test_package__installed_is_in_sync(void **state)
{
	struct fx *f = *state;
	/* dpkg is always installed where this runs */
	res(f, "dpkg", "present");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	res(f, "dpkg", "installed");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	/* absent is in sync with a package dpkg never heard of */
	res(f, "tend-no-such-package", "absent");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
	res(f, "tend-no-such-package", "purged");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
}

static void test_package__missing_package_is_a_clear_error(void **state)
{
	struct fx *f = *state;
	res(f, "tend-no-such-package", "present");
	f->c.noop = true;
	assert_int_equal(run(f), -1);
	f->c.noop = false;
	assert_int_equal(f->st.status, RS_FAILED);
	assert_string_equal(f->st.error, "package 'tend-no-such-package' is not available from any apt source");
}

static bool can_install(void)
{
	const char *e = getenv("TEND_TEST_ROOT");
	if (geteuid() != 0 || (e && !strcmp(e, "0")))
		return false;
	struct buf out = BUF_INIT;
	const char *argv[] = {"apt-cache", "policy", TEST_PKG, NULL};
	bool ok = proc_run(&out, NULL, argv, NULL) == 0 &&
		  strstr(out.ptr, "Candidate: ") &&
		  !strstr(out.ptr, "Candidate: (none)") &&
		  strstr(out.ptr, "Installed: (none)");
	buf_release(&out);
	return ok;
}

/* Removes the test package whatever state a failed test left it in. */
static int remove_test_pkg(void **state UNUSED)
{
	if (!geteuid()) {
		const char *env[] = {"DEBIAN_FRONTEND=noninteractive", NULL};
		struct proc_opts o = {.env = env};
		const char *argv[] = {"apt-get", "-q",	   "-y",
				      "purge",	 TEST_PKG, NULL};
		proc_run(NULL, NULL, argv, &o);
	}
	return 0;
}

/* Installs, upgrades to latest (a no-op change here), removes a real package. */
static void test_package__real_install_and_remove(void **state)
{
	struct fx *f = *state;
	if (!can_install()) {
		skip();
		return;
	}
	res(f, TEST_PKG, "present");
	f->c.noop = true;
	assert_int_equal(run(f), 0);
	f->c.noop = false;
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_int_not_equal(access("/usr/bin/hello", F_OK), 0);

	res(f, TEST_PKG, "present");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_CHANGED);
	assert_string_equal(f->st.events[0].message, "created");
	assert_string_equal(f->st.events[0].previous, "purged");
	assert_int_equal(access("/usr/bin/hello", F_OK), 0);

	res(f, TEST_PKG, "latest");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);

	res(f, TEST_PKG, "9.9-tend");
	assert_int_equal(run(f), -1);
	assert_non_null(strstr(f->st.error,
			       "Version '9.9-tend' for 'hello' was not found"));

	res(f, TEST_PKG, "absent");
	assert_int_equal(run(f), 0);
	assert_string_equal(f->st.events[0].message, "removed");
	assert_int_not_equal(access("/usr/bin/hello", F_OK), 0);

	res(f, TEST_PKG, "purged");
	assert_int_equal(run(f), 0);
	res(f, TEST_PKG, "absent");
	assert_int_equal(run(f), 0);
	assert_int_equal(f->st.status, RS_UNCHANGED);
}

int suite_package(void);
int suite_package(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package__validation),
		cmocka_unit_test(test_package__installed_is_in_sync),
		cmocka_unit_test(
			test_package__missing_package_is_a_clear_error),
		cmocka_unit_test_teardown(test_package__real_install_and_remove,
					  remove_test_pkg),
	};
	return cmocka_run_group_tests_name("package", tests, setup, teardown);
}
