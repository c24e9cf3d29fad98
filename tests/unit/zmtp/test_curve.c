/* SPDX-License-Identifier: MIT */
/* test_curve.c: Z85 keys and the CurveZMQ handshake and boxes, in memory */
#include "util/compat.h"
#include <sodium.h>
#include "remote/curve.h"
#include "remote/keys.h"
#include "util/buf.h"

#include <setjmp.h>
#include <cmocka.h>

/* The key pairs of libzmq's zmq_curve(7) manual (checked with pyzmq's
 * curve_public): a Z85 decoder that disagrees with libzmq fails here. */
static const char *const server_pub = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
static const char *const server_sec = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
static const char *const client_pub = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
static const char *const client_sec = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";

static void decode(unsigned char raw[32], const char *z85)
{
	assert_int_equal(keys_z85_decode(raw, z85), 0);
}

static void test_curve__z85_matches_libzmq(void **state UNUSED)
{
	const char *pairs[][2] = { { server_pub, server_sec }, { client_pub, client_sec } };
	for (size_t i = 0; i < 2; i++) {
		unsigned char pub[32], sec[32], derived[32];
		char text[KEYS_Z85_LEN];
		decode(pub, pairs[i][0]);
		decode(sec, pairs[i][1]);
		assert_int_equal(crypto_scalarmult_base(derived, sec), 0);
		assert_memory_equal(derived, pub, 32);
		keys_z85_encode(text, pub);
		assert_string_equal(text, pairs[i][0]);
	}
	unsigned char raw[32];
	assert_int_equal(keys_z85_decode(raw, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf"), -1);
	assert_int_equal(keys_z85_decode(raw, "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]y\"7"), -1);
	/* five digits over 2^32 - 1 */
	assert_int_equal(keys_z85_decode(raw, "#####rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"), -1);
	assert_false(keys_valid_z85(""));
}

struct pair {
	struct curve c, s;
};

/* Runs the four handshake commands; returns the step that failed, 0 if none. */
static int handshake(struct pair *p, const char *client_type, const char *server_key)
{
	unsigned char cp[32], cs[32], sp[32], ss[32], sk[32], hello[CURVE_HELLO_LEN],
		welcome[CURVE_WELCOME_LEN], meta[64];
	const char *why = NULL;
	decode(cp, client_pub);
	decode(cs, client_sec);
	decode(sp, server_pub);
	decode(ss, server_sec);
	decode(sk, server_key);
	curve_client_init(&p->c, cp, cs, sk);
	curve_server_init(&p->s, sp, ss);
	assert_int_equal(curve_client_hello(&p->c, hello), 0);
	if (curve_server_hello(&p->s, hello, sizeof(hello), &why) < 0)
		return 1;
	assert_int_equal(curve_server_welcome(&p->s, welcome), 0);
	assert_int_equal(curve_client_welcome(&p->c, welcome, sizeof(welcome), &why), 0);
	struct buf init = BUF_INIT, ready = BUF_INIT;
	assert_int_equal(curve_client_initiate(&p->c, &init, meta, curve_meta(meta, client_type)), 0);
	int failed = 0;
	if (curve_server_initiate(&p->s, (unsigned char *)init.ptr, init.len, "DEALER", &why) < 0) {
		failed = 3;
	} else {
		assert_int_equal(curve_server_ready(&p->s, &ready, meta, curve_meta(meta, "ROUTER")), 0);
		if (curve_client_ready(&p->c, (unsigned char *)ready.ptr, ready.len, "ROUTER", &why) < 0)
			failed = 4;
	}
	buf_release(&init);
	buf_release(&ready);
	return failed;
}

static void test_curve__handshake_proves_the_client_key(void **state UNUSED)
{
	struct pair p;
	unsigned char cp[32];
	assert_int_equal(handshake(&p, "DEALER", server_pub), 0);
	decode(cp, client_pub);
	assert_memory_equal(p.s.peer, cp, 32);
}

static void test_curve__wrong_server_key_fails_at_hello(void **state UNUSED)
{
	struct pair p;
	assert_int_equal(handshake(&p, "DEALER", client_pub), 1);
}

static void test_curve__peer_socket_type_checked(void **state UNUSED)
{
	struct pair p;
	assert_int_equal(handshake(&p, "PUB", server_pub), 3);
}

static void test_curve__messages_open_once_and_untampered(void **state UNUSED)
{
	struct pair p;
	assert_int_equal(handshake(&p, "DEALER", server_pub), 0);
	struct buf m = BUF_INIT, copy = BUF_INIT;
	unsigned flags;
	unsigned char *data;
	size_t len;
	const char *why = NULL;

	/* client to server, with MORE */
	assert_int_equal(curve_seal(&p.c, &m, CURVE_MORE, "hello", 5), 0);
	assert_int_equal(m.len, CURVE_MSG_OVERHEAD + 5);
	buf_add(&copy, m.ptr, m.len);
	assert_int_equal(curve_open(&p.s, (unsigned char *)m.ptr, m.len, &flags, &data, &len, &why), 0);
	assert_int_equal(flags, CURVE_MORE);
	assert_int_equal(len, 5);
	assert_memory_equal(data, "hello", 5);
	/* the same box again: its nonce does not grow */
	assert_int_equal(curve_open(&p.s, (unsigned char *)copy.ptr, copy.len, &flags, &data, &len, &why), -1);
	assert_non_null(strstr(why, "nonce"));

	/* server to client; one flipped bit breaks the box */
	buf_reset(&m);
	assert_int_equal(curve_seal(&p.s, &m, 0, "", 0), 0);
	buf_reset(&copy);
	buf_add(&copy, m.ptr, m.len);
	copy.ptr[copy.len - 1] ^= 1;
	assert_int_equal(curve_open(&p.c, (unsigned char *)copy.ptr, copy.len, &flags, &data, &len, &why), -1);
	/* a box the other direction sealed does not open as this one's */
	buf_reset(&copy);
	assert_int_equal(curve_seal(&p.c, &copy, 0, "x", 1), 0);
	assert_int_equal(curve_open(&p.c, (unsigned char *)copy.ptr, copy.len, &flags, &data, &len, &why), -1);
	buf_release(&m);
	buf_release(&copy);
}

int suite_curve(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curve__z85_matches_libzmq),
		cmocka_unit_test(test_curve__handshake_proves_the_client_key),
		cmocka_unit_test(test_curve__wrong_server_key_fails_at_hello),
		cmocka_unit_test(test_curve__peer_socket_type_checked),
		cmocka_unit_test(test_curve__messages_open_once_and_untampered),
	};
	return cmocka_run_group_tests_name("curve", tests, NULL, NULL);
}
