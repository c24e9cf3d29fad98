/* SPDX-License-Identifier: MIT */
/* coretypes.h: Puppet's built-in resource types and their attribute names */
#ifndef CORETYPES_H
#define CORETYPES_H

#include <stdbool.h>

/* true when `type` (lowercase, "file") is a built-in resource type */
bool coretype_exists(const char *type);
/* true when attribute `attr` is valid for built-in `type`, metaparameters included */
bool coretype_has_attr(const char *type, const char *attr);
bool coretype_is_metaparam(const char *attr);
/* The namevar of a built-in type ("path" for file, "name" otherwise). */
const char *coretype_namevar(const char *type);

#endif
