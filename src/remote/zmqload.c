/* SPDX-License-Identifier: MIT */
/* zmqload.c: libzmq, loaded when a remote command first needs it */
#include "util/compat.h"
#include <dlfcn.h>
#include <pthread.h>
#include <zmq.h>

/*
 * tend is one binary, and most of its commands (compile, apply, facts) never
 * open a socket. Linking libzmq would make every one of them load it and
 * what it pulls in (libstdc++, Kerberos, PGM): about 3 MiB more resident
 * memory and 3 ms more start-up for `tend apply`. So the ZeroMQ functions
 * tend uses are defined here, each forwarding to libzmq's own, which is
 * loaded (dlopen) on the first call. zmq.h still gives the types and
 * constants; the build still needs libzmq3-dev, the machine libzmq5.
 * When libzmq cannot be loaded, every call fails with ENOSYS and
 * zmq_strerror() says why.
 */

#define ZMQ_SONAME "libzmq.so.5"

#define ZMQ_FUNCS(X) \
	X(const char *, zmq_strerror, (int)) \
	X(void *, zmq_ctx_new, (void)) \
	X(int, zmq_ctx_term, (void *)) \
	X(int, zmq_msg_init, (zmq_msg_t *)) \
	X(int, zmq_msg_recv, (zmq_msg_t *, void *, int)) \
	X(int, zmq_msg_close, (zmq_msg_t *)) \
	X(void *, zmq_msg_data, (zmq_msg_t *)) \
	X(size_t, zmq_msg_size, (const zmq_msg_t *)) \
	X(int, zmq_msg_more, (const zmq_msg_t *)) \
	X(const char *, zmq_msg_gets, (const zmq_msg_t *, const char *)) \
	X(void *, zmq_socket, (void *, int)) \
	X(int, zmq_close, (void *)) \
	X(int, zmq_setsockopt, (void *, int, const void *, size_t)) \
	X(int, zmq_getsockopt, (void *, int, void *, size_t *)) \
	X(int, zmq_bind, (void *, const char *)) \
	X(int, zmq_connect, (void *, const char *)) \
	X(int, zmq_send, (void *, const void *, size_t, int)) \
	X(int, zmq_socket_monitor, (void *, const char *, int)) \
	X(int, zmq_poll, (zmq_pollitem_t *, int, long)) \
	X(char *, zmq_z85_encode, (char *, const uint8_t *, size_t)) \
	X(uint8_t *, zmq_z85_decode, (uint8_t *, const char *)) \
	X(int, zmq_curve_keypair, (char *, char *))

static struct {
#define FIELD(ret, name, args) ret(*name) args;
	ZMQ_FUNCS(FIELD)
#undef FIELD
} fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char why[256];

static void load(void)
{
	void *h = dlopen(ZMQ_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, sizeof(why), "cannot load %s: %s", ZMQ_SONAME, dlerror());
		return;
	}
#define LOOKUP(ret, name, args) *(void **)&fn.name = dlsym(h, #name);
	ZMQ_FUNCS(LOOKUP)
#undef LOOKUP
#define CHECK(ret, name, args) \
	if (!fn.name && !why[0]) \
		snprintf(why, sizeof(why), "%s has no %s", ZMQ_SONAME, #name);
	ZMQ_FUNCS(CHECK)
#undef CHECK
}

static bool loaded(void)
{
	pthread_once(&once, load);
	if (why[0])
		errno = ENOSYS;
	return !why[0];
}

const char *zmq_strerror(int errnum)
{
	if (!loaded())
		return why;
	return fn.zmq_strerror(errnum);
}

void *zmq_ctx_new(void)
{
	return loaded() ? fn.zmq_ctx_new() : NULL;
}

int zmq_ctx_term(void *ctx)
{
	return loaded() ? fn.zmq_ctx_term(ctx) : -1;
}

int zmq_msg_init(zmq_msg_t *msg)
{
	if (!loaded()) {
		memset(msg, 0, sizeof(*msg));
		return -1;
	}
	return fn.zmq_msg_init(msg);
}

int zmq_msg_recv(zmq_msg_t *msg, void *s, int flags)
{
	return loaded() ? fn.zmq_msg_recv(msg, s, flags) : -1;
}

int zmq_msg_close(zmq_msg_t *msg)
{
	return loaded() ? fn.zmq_msg_close(msg) : -1;
}

void *zmq_msg_data(zmq_msg_t *msg)
{
	return loaded() ? fn.zmq_msg_data(msg) : NULL;
}

size_t zmq_msg_size(const zmq_msg_t *msg)
{
	return loaded() ? fn.zmq_msg_size(msg) : 0;
}

int zmq_msg_more(const zmq_msg_t *msg)
{
	return loaded() ? fn.zmq_msg_more(msg) : 0;
}

const char *zmq_msg_gets(const zmq_msg_t *msg, const char *property)
{
	return loaded() ? fn.zmq_msg_gets(msg, property) : NULL;
}

void *zmq_socket(void *ctx, int type)
{
	return loaded() && ctx ? fn.zmq_socket(ctx, type) : NULL;
}

int zmq_close(void *s)
{
	return loaded() ? fn.zmq_close(s) : -1;
}

int zmq_setsockopt(void *s, int option, const void *optval, size_t optvallen)
{
	return loaded() ? fn.zmq_setsockopt(s, option, optval, optvallen) : -1;
}

int zmq_getsockopt(void *s, int option, void *optval, size_t *optvallen)
{
	return loaded() ? fn.zmq_getsockopt(s, option, optval, optvallen) : -1;
}

int zmq_bind(void *s, const char *addr)
{
	return loaded() && s ? fn.zmq_bind(s, addr) : -1;
}

int zmq_connect(void *s, const char *addr)
{
	return loaded() && s ? fn.zmq_connect(s, addr) : -1;
}

int zmq_send(void *s, const void *buf, size_t len, int flags)
{
	return loaded() ? fn.zmq_send(s, buf, len, flags) : -1;
}

int zmq_socket_monitor(void *s, const char *addr, int events)
{
	return loaded() && s ? fn.zmq_socket_monitor(s, addr, events) : -1;
}

int zmq_poll(zmq_pollitem_t *items, int nitems, long timeout)
{
	return loaded() ? fn.zmq_poll(items, nitems, timeout) : -1;
}

char *zmq_z85_encode(char *dest, const uint8_t *data, size_t size)
{
	return loaded() ? fn.zmq_z85_encode(dest, data, size) : NULL;
}

uint8_t *zmq_z85_decode(uint8_t *dest, const char *string)
{
	return loaded() ? fn.zmq_z85_decode(dest, string) : NULL;
}

int zmq_curve_keypair(char *pub, char *sec)
{
	return loaded() ? fn.zmq_curve_keypair(pub, sec) : -1;
}
