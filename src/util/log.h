/* SPDX-License-Identifier: MIT */
/* log.h: leveled logging to stderr, one line per event */
#ifndef LOG_H
#define LOG_H

enum log_level {
	LOG_CRIT,
	LOG_ERR,
	LOG_WARNING,
	LOG_NOTICE,
	LOG_INFO,
	LOG_VERBOSE,
	LOG_DEBUG,
};

extern enum log_level log_threshold;

void log_write(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define LOG_AT(lvl, ...) \
	do { \
		if ((lvl) <= log_threshold) \
			log_write((lvl), __VA_ARGS__); \
	} while (0)
#define log_crit(...) LOG_AT(LOG_CRIT, __VA_ARGS__)
#define log_err(...) LOG_AT(LOG_ERR, __VA_ARGS__)
#define log_warning(...) LOG_AT(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) LOG_AT(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) LOG_AT(LOG_INFO, __VA_ARGS__)
#define log_verbose(...) LOG_AT(LOG_VERBOSE, __VA_ARGS__)
#define log_debug(...) LOG_AT(LOG_DEBUG, __VA_ARGS__)

#endif
