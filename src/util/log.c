/* SPDX-License-Identifier: MIT */
/* log.c: leveled logging */
#include "util/compat.h"
#include "util/log.h"

enum log_level log_threshold = LOG_NOTICE;

static const char *const names[] = {
	"Critical", "Error", "Warning", "Notice", "Info", "Verbose", "Debug",
};

void log_write(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", names[lvl]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
