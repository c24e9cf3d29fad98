/* SPDX-License-Identifier: MIT */
/* wire.h: the messages between master and minion (docs/PROTOCOL.md) */
#ifndef WIRE_H
#define WIRE_H

#include "remote/zmtp.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct buf;


/* The fixed table of message types; nothing else is ever dispatched. */
enum wire_type {
	WIRE_HELLO,
	WIRE_WELCOME,
	WIRE_PENDING,
	WIRE_REJECTED,
	WIRE_REHELLO,
	WIRE_FACTS,
	WIRE_JOB,
	WIRE_ACK,
	WIRE_RUNNING,
	WIRE_RETURN,
	WIRE_RETURN_ACK,
	WIRE_SYNC_REQUEST,
	WIRE_SYNC,
	WIRE__COUNT
};

/* Largest message body accepted (the transport's limit is this and 4 KiB). */
#define WIRE_MAX_BODY (16u << 20)
/* Length of a jid: YYYYMMDDhhmmssuuuuuu. */
#define WIRE_JID_LEN 20

const char *wire_type_name(enum wire_type t);

/*
 * Decodes one message: the type frame and the JSON body. The type must be
 * one of the table's, the body a JSON object no larger than WIRE_MAX_BODY
 * whose fields have the types the table requires (an `id` a valid minion
 * id, a `jid` 20 digits). Returns 0 with *type and *body (a new reference),
 * or -1 with the reason appended to `err`.
 */
int wire_decode(const void *type, size_t type_len, const void *body,
		size_t body_len, enum wire_type *t, json_t **out,
		struct buf *err);

/* wire_decode() of a message as the transport delivers it: exactly two
 * parts, the type and the body. */
int wire_decode_parts(const struct zmtp_part *parts, size_t n, enum wire_type *t,
		      json_t **out, struct buf *err);

/*
 * The two frames of message `t` with `body` (borrowed; NULL is {}):
 * parts[0] the type's name, parts[1] the compact JSON, which *text owns
 * (the caller frees it once sent).
 */
void wire_encode(enum wire_type t, json_t *body, struct zmtp_part parts[2], char **text);

/* True for a valid minion id: [A-Za-z0-9._-], 1-253 bytes, not "." or "..";
 * false for NULL (so json_string_value() of anything may be passed). */
bool wire_valid_id(const char *id);
/* True for 20 decimal digits; false for NULL. */
bool wire_valid_jid(const char *jid);

#endif
