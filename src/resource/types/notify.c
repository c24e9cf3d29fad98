/* SPDX-License-Identifier: MIT */
/* notify.c: the notify type, a message logged on every run */
#include "util/compat.h"
#include "catalog/catalog.h"
#include "lang/value.h"
#include "resource/rtype.h"
#include "util/arena.h"
#include "util/buf.h"

static const char *const params[] = {
	"name", "message", "withpath",
};

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	if (rtype_check_params(c, r, params, ARRAY_SIZE(params), msg) < 0)
		return -1;
	if (rparam_bool(r, "withpath", 0) < 0) {
		*msg = "withpath must be true or false";
		return -1;
	}
	return 0;
}

/*
 * A notify is never in sync: every run "changes" its message from absent
 * to the text, and the transaction prints the event ("Notice: TEXT").
 */
static int converge(struct rtype_ctx *c, const struct resource *r,
			struct rstate *st)
{
	const char *text = rparam_str(c, r, "message", r->title);
	if (!c->noop)
		st->output = text; /* Puppet prints the message only when not noop */
	rstate_event(c, st, "message", "absent", text,
		     "defined 'message' as '%s'", text);
	return 0;
}

const struct rtype rtype_notify = {
	.name = "notify",
	.validate = validate,
	.sync = converge,
};
