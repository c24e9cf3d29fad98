/* SPDX-License-Identifier: MIT */
/* anchor.c: stdlib's anchor type, a resource that only orders others */
#include "util/compat.h"
#include "resource/rtype.h"

/*
 * puppetlabs-stdlib's anchor has no properties: it is never out of sync
 * and exists so that classes can be contained by the anchor pattern
 * (anchor { 'x::begin': } -> Class['x::y'] -> anchor { 'x::end': }).
 * Its refresh does nothing, but having one makes it refresh-aware, as
 * in stdlib: an event that reaches an anchor goes on to its own
 * subscribers ("Triggered 'refresh' from 1 event").
 */

static const char *const params[] = {"name"};

static int validate(struct rtype_ctx *c, const struct resource *r,
		    const char **msg)
{
	return rtype_check_params(c, r, params, ARRAY_SIZE(params), msg);
}

static int anchor_sync(struct rtype_ctx *c UNUSED,
		       const struct resource *r UNUSED, struct rstate *st)
{
	st->status = RS_UNCHANGED;
	return 0;
}

static int anchor_refresh(struct rtype_ctx *c UNUSED,
			  const struct resource *r UNUSED,
			  struct rstate *st UNUSED)
{
	return 0;
}

const struct rtype rtype_anchor = {
	.name = "anchor",
	.validate = validate,
	.sync = anchor_sync,
	.refresh = anchor_refresh,
};
