/* SPDX-License-Identifier: MIT */
/* test_notify.c: notify records its message as a change on every run */
#include "util/compat.h"
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"

#include <setjmp.h>
#include <cmocka.h>

static void test_notify__message_defaults_to_title(void **state UNUSED)
{
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a };
	struct resource r = { .type = "Notify", .title = "hello",
			      .params = val_hash(&a, 0) };
	struct rstate st = { .res = &r };
	const char *msg = NULL;

	assert_int_equal(rtype_notify.validate(&c, &r, &msg), 0);
	assert_int_equal(rtype_notify.sync(&c, &r, &st), 0);
	assert_int_equal(st.status, RS_CHANGED);
	assert_int_equal(st.nevents, 1);
	assert_string_equal(st.events[0].property, "message");
	assert_string_equal(st.events[0].previous, "absent");
	assert_string_equal(st.events[0].desired, "hello");
	assert_string_equal(st.events[0].message,
			    "defined 'message' as 'hello'");
	assert_string_equal(st.output, "hello");
	arena_release(&a);
}

static void test_notify__message_param_and_unknown(void **state UNUSED)
{
	struct arena a;
	arena_init(&a);
	struct rtype_ctx c = { .arena = &a };
	struct resource r = { .type = "Notify", .title = "t",
			      .params = val_hash(&a, 0) };
	val_hash_set_str(&a, r.params, "message", val_strz(&a, "msg two"));
	struct rstate st = { .res = &r };
	assert_int_equal(rtype_notify.sync(&c, &r, &st), 0);
	assert_string_equal(st.events[0].message,
			    "defined 'message' as 'msg two'");

	const char *msg = NULL;
	val_hash_set_str(&a, r.params, "bogus", val_strz(&a, "x"));
	assert_int_equal(rtype_notify.validate(&c, &r, &msg), -1);
	assert_string_equal(msg, "no parameter named 'bogus'");
	arena_release(&a);
}

int suite_notify(void);
int suite_notify(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify__message_defaults_to_title),
		cmocka_unit_test(test_notify__message_param_and_unknown),
	};
	return cmocka_run_group_tests_name("notify", tests, NULL, NULL);
}
