/* SPDX-License-Identifier: MIT */
/* fuzz_wire.c: libFuzzer target: arbitrary bytes as a master ⇄ minion message */
#include "util/compat.h"
#include "remote/wire.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input is the type frame, a newline, then the body frame. Every input
 * must decode to a message whose fields have the types the table promises,
 * or fail with a reason: no crash, leak or hang.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t tlen = nl ? (size_t)(nl - data) : size;
	const uint8_t *body = nl ? nl + 1 : data + size;
	size_t blen = size - tlen - (nl ? 1 : 0);
	enum wire_type t;
	json_t *msg = NULL;
	struct buf err = BUF_INIT;
	int rc = wire_decode(data, tlen, body, blen, &t, &msg, &err);
	if (rc == 0) {
		if (!json_is_object(msg) || (unsigned)t >= WIRE__COUNT || err.len)
			__builtin_trap();
		/* Every type that carries a jid has a valid one. */
		json_t *jid = json_object_get(msg, "jid");
		bool has_jid = t == WIRE_JOB || t == WIRE_ACK || t == WIRE_RETURN ||
			       t == WIRE_RETURN_ACK;
		if (has_jid && !wire_valid_jid(json_string_value(jid)))
			__builtin_trap();
		json_t *id = json_object_get(msg, "id");
		if (t == WIRE_HELLO && !wire_valid_id(json_string_value(id)))
			__builtin_trap();
	} else if (msg || !err.len) {
		__builtin_trap();
	}
	json_decref(msg);
	buf_release(&err);
	return 0;
}
