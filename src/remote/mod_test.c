/* SPDX-License-Identifier: MIT */
/* mod_test.c: the test.* execution module (ping, echo, sleep, version, arg) */
#include "util/compat.h"
#include <math.h>
#include <time.h>
#include "remote/mod.h"

static int ping(json_t **out, struct mod_req *r UNUSED)
{
	*out = json_true();
	return 0;
}

static int echo(json_t **out, struct mod_req *r)
{
	*out = json_incref(mod_get(r, "text"));
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleeps `seconds`, through signals that interrupt nanosleep. */
static void sleep_for(double seconds)
{
	double end = now() + seconds;
	for (double left = seconds; left > 0; left = end - now()) {
		/* left > 0: the cast truncates as floor() would, without libm */
		struct timespec ts = {(time_t)left,
				      (long)((left - (double)(time_t)left) * 1e9)};
		nanosleep(&ts, NULL);
	}
}

static int do_sleep(json_t **out, struct mod_req *r)
{
	double length = mod_get_num(r, "length", 0);
	if (length < 0 || !isfinite(length))
		return mod_fail(out, "test.sleep: '%g' is not a length of time",
				length);
	double limit = r->c->timeout;
	if (limit > 0 && length > limit) {
		sleep_for(limit);
		return mod_fail(out, "test.sleep timed out after %g seconds",
				limit);
	}
	sleep_for(length);
	*out = json_true();
	return 0;
}

static int version(json_t **out, struct mod_req *r UNUSED)
{
	*out = json_string(TEND_VERSION);
	return 0;
}

static int arg(json_t **out, struct mod_req *r)
{
	*out = json_pack("{sOsO}", "args", r->args, "kwargs", r->kwargs);
	return 0;
}

static int true_(json_t **out, struct mod_req *r UNUSED)
{
	*out = json_true();
	return 0;
}

static int false_(json_t **out, struct mod_req *r UNUSED)
{
	*out = json_false();
	return 0;
}

/* clang-format off */
const struct mod_func mod_test_funcs[] = {
	{ "test.ping", ping, "Returns true: the minion is up and answering.",
	  0, { { 0 } } },
	{ "test.echo", echo, "Returns TEXT as it was given.", 0,
	  { { "text", MOD_ANY, MOD_REQ } } },
	{ "test.sleep", do_sleep, "Sleeps LENGTH seconds, then returns true.",
	  0, { { "length", MOD_NUM, MOD_REQ } } },
	{ "test.version", version, "The version of tend on the minion.", 0,
	  { { 0 } } },
	{ "test.arg", arg,
	  "Returns {\"args\": [...], \"kwargs\": {...}} as they were received.",
	  MOD_VARARGS | MOD_ANYKW, { { 0 } } },
	{ "test.true", true_, "Returns true.", 0, { { 0 } } },
	{ "test.false", false_, "Returns false.", 0, { { 0 } } },
	{ 0 },
};
/* clang-format on */
