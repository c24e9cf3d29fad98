/* SPDX-License-Identifier: MIT */
/* err.h: the last error message of this thread, set by callees */
#ifndef ERR_H
#define ERR_H

/* Named failure codes; every other failure is -1. */
#define ERR_GENERIC (-1)
#define ERR_NOTFOUND (-2)
#define ERR_EXISTS (-3)
#define ERR_TIMEOUT (-4)

/* Records the message for the caller; returns -1 so that `return err_set(..)` works. */
int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like err_set, appending ": strerror(errno)". */
int err_set_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last message, "" when none. Borrowed until the next err_set. */
const char *err_last(void);
void err_clear(void);

#endif
