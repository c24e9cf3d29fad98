/* SPDX-License-Identifier: MIT */
/* wire.c: the fixed table of master ⇄ minion messages, decoded and checked */
#include "util/compat.h"
#include "remote/wire.h"
#include "remote/zmtp.h"
#include "util/buf.h"

enum field_kind { F_STRING, F_ID, F_JID, F_INT, F_NUMBER, F_BOOL, F_OBJECT, F_ARRAY, F_ANY };

struct field {
	const char *name;
	enum field_kind kind;
	bool required;
};

#define MAX_FIELDS 8

static const struct msgdef {
	const char *name;
	struct field fields[MAX_FIELDS];
} defs[WIRE__COUNT] = {
	[WIRE_HELLO] = { "hello", { { "id", F_ID, true }, { "version", F_STRING, true },
				    { "facts", F_OBJECT, true } } },
	[WIRE_WELCOME] = { "welcome", { { "version", F_STRING, true } } },
	[WIRE_PENDING] = { "pending", { { NULL, F_ANY, false } } },
	[WIRE_REJECTED] = { "rejected", { { "reason", F_STRING, true } } },
	[WIRE_REHELLO] = { "rehello", { { NULL, F_ANY, false } } },
	[WIRE_FACTS] = { "facts", { { "facts", F_OBJECT, true } } },
	[WIRE_JOB] = { "job", { { "jid", F_JID, true }, { "fun", F_STRING, true },
				{ "args", F_ARRAY, true }, { "kwargs", F_OBJECT, true },
				{ "timeout", F_NUMBER, true }, { "expires", F_NUMBER, true },
				{ "nonce", F_STRING, true } } },
	[WIRE_ACK] = { "ack", { { "jid", F_JID, true }, { "refused", F_STRING, false } } },
	[WIRE_RUNNING] = { "running", { { "jids", F_ARRAY, true } } },
	[WIRE_RETURN] = { "return", { { "jid", F_JID, true }, { "retcode", F_INT, true },
				      { "return", F_ANY, true }, { "started", F_NUMBER, true },
				      { "finished", F_NUMBER, true },
				      { "truncated", F_BOOL, false }, { "id", F_ID, false } } },
	[WIRE_RETURN_ACK] = { "return_ack", { { "jid", F_JID, true } } },
	[WIRE_SYNC_REQUEST] = { "sync_request", { { "kind", F_STRING, true },
						  { "have", F_OBJECT, true } } },
	[WIRE_SYNC] = { "sync", { { "kind", F_STRING, true }, { "files", F_ARRAY, true },
				  { "keep", F_ARRAY, true } } },
};

const char *wire_type_name(enum wire_type t)
{
	return (unsigned)t < WIRE__COUNT ? defs[t].name : "?";
}

bool wire_valid_id(const char *id)
{
	if (!id)
		return false;
	size_t n = strlen(id);
	if (!n || n > 253 || !strcmp(id, ".") || !strcmp(id, ".."))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			return false;
	return true;
}

bool wire_valid_jid(const char *jid)
{
	if (!jid)
		return false;
	size_t n = 0;
	for (; jid[n]; n++)
		if (jid[n] < '0' || jid[n] > '9')
			return false;
	return n == WIRE_JID_LEN;
}

static const char *kind_name(enum field_kind k)
{
	switch (k) {
	case F_STRING: return "a string";
	case F_ID: return "a minion id";
	case F_JID: return "a jid (20 digits)";
	case F_INT: return "an integer";
	case F_NUMBER: return "a number";
	case F_BOOL: return "a boolean";
	case F_OBJECT: return "an object";
	case F_ARRAY: return "an array";
	case F_ANY: break;
	}
	return "a value";
}

static bool field_ok(const struct field *f, json_t *v)
{
	switch (f->kind) {
	case F_STRING: return json_is_string(v);
	case F_ID: return json_is_string(v) && wire_valid_id(json_string_value(v));
	case F_JID: return json_is_string(v) && wire_valid_jid(json_string_value(v));
	case F_INT: return json_is_integer(v);
	case F_NUMBER: return json_is_number(v);
	case F_BOOL: return json_is_boolean(v);
	case F_OBJECT: return json_is_object(v);
	case F_ARRAY: return json_is_array(v);
	case F_ANY: return true;
	}
	return false;
}

int wire_decode(const void *type, size_t type_len, const void *body,
		size_t body_len, enum wire_type *t, json_t **out, struct buf *err)
{
	*out = NULL;
	const struct msgdef *d = NULL;
	for (size_t i = 0; i < WIRE__COUNT; i++)
		if (strlen(defs[i].name) == type_len && !memcmp(defs[i].name, type, type_len)) {
			d = &defs[i];
			*t = (enum wire_type)i;
			break;
		}
	if (!d) {
		buf_addstr(err, "unknown message type");
		return -1;
	}
	if (body_len > WIRE_MAX_BODY) {
		buf_addf(err, "%s: body of %zu bytes exceeds the limit", d->name, body_len);
		return -1;
	}
	json_error_t je;
	json_t *j = json_loadb(body, body_len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		buf_addf(err, "%s: invalid JSON at byte %d: %s", d->name, je.position, je.text);
		return -1;
	}
	if (!json_is_object(j)) {
		buf_addf(err, "%s: body is not a JSON object", d->name);
		json_decref(j);
		return -1;
	}
	for (const struct field *f = d->fields; f < d->fields + MAX_FIELDS && f->name; f++) {
		json_t *v = json_object_get(j, f->name);
		if (!v || json_is_null(v)) {
			if (!f->required || (f->kind == F_ANY && v))
				continue;
			buf_addf(err, "%s: missing field '%s'", d->name, f->name);
			json_decref(j);
			return -1;
		}
		if (!field_ok(f, v)) {
			buf_addf(err, "%s: field '%s' must be %s", d->name, f->name, kind_name(f->kind));
			json_decref(j);
			return -1;
		}
	}
	*out = j;
	return 0;
}

int wire_decode_parts(const struct zmtp_part *parts, size_t n, enum wire_type *t,
		      json_t **out, struct buf *err)
{
	if (n != 2) {
		*out = NULL;
		buf_addf(err, "malformed message (%zu frames)", n);
		return -1;
	}
	return wire_decode(parts[0].p, parts[0].len, parts[1].p, parts[1].len, t, out, err);
}

void wire_encode(enum wire_type t, json_t *body, struct zmtp_part parts[2], char **text)
{
	*text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	const char *b = *text ? *text : "{}";
	parts[0] = (struct zmtp_part){ defs[t].name, strlen(defs[t].name) };
	parts[1] = (struct zmtp_part){ b, strlen(b) };
}
