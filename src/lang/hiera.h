/* SPDX-License-Identifier: MIT */
/* hiera.h: Hiera 5 lookups (environment and module layers, YAML and JSON data) */
#ifndef HIERA_H
#define HIERA_H

struct eval_ctx;
struct value;

/*
 * Looks `key` up: first in the environment layer (hiera.yaml beside the
 * main manifest's manifests/ directory), then, for a key in a module's
 * namespace (ntp::servers), in that module's hiera.yaml. The first value
 * found wins. Returns 1 and sets *out when found, 0 when not, -1 after
 * recording an error (a malformed hiera.yaml or data file).
 */
int hiera_lookup(struct value **out, struct eval_ctx *e, const char *key);

#endif
