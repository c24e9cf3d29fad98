/* SPDX-License-Identifier: MIT */
/* lazylib.c: a shared library opened the first time one of its functions is called */
#include "util/compat.h"
#include "util/lazylib.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int lazylib_load(struct lazylib *l)
{
	pthread_mutex_lock(&lock);
	if (!l->state) {
		void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
		l->state = h ? 1 : -1;
		if (!h)
			snprintf(l->why, sizeof(l->why), "cannot load %s: %s", l->soname, dlerror());
		for (size_t i = 0; h && l->names[i]; i++) {
			l->fns[i] = dlsym(h, l->names[i]);
			if (!l->fns[i]) {
				snprintf(l->why, sizeof(l->why), "%s has no %s", l->soname,
					 l->names[i]);
				l->state = -1;
			}
		}
	}
	int rc = l->state > 0 ? 0 : -1;
	pthread_mutex_unlock(&lock);
	return rc;
}

void lazylib_need(struct lazylib *l)
{
	if (l->state > 0 || lazylib_load(l) == 0)
		return;
	fprintf(stderr, "tend: %s\n", l->why);
	abort();
}
