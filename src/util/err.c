/* SPDX-License-Identifier: MIT */
/* err.c: thread-local last error */
#include "util/compat.h"
#include "util/err.h"
#include "util/buf.h"

static _Thread_local struct buf last = BUF_INIT;

int err_set(const char *fmt, ...)
{
	va_list ap;
	buf_reset(&last);
	va_start(ap, fmt);
	buf_vaddf(&last, fmt, ap);
	va_end(ap);
	return -1;
}

int err_set_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	buf_reset(&last);
	va_start(ap, fmt);
	buf_vaddf(&last, fmt, ap);
	va_end(ap);
	buf_addf(&last, ": %s", strerror(e));
	errno = e;
	return -1;
}

const char *err_last(void)
{
	return last.ptr;
}

void err_clear(void)
{
	buf_reset(&last);
}
