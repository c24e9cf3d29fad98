/* SPDX-License-Identifier: MIT */
/* msync.h: custom execution modules, content-addressed, master → minion */
#ifndef MSYNC_H
#define MSYNC_H

#include <jansson.h>

/*
 * Master side. Every module file under `moddir` — an executable NAME (one
 * per module, given the function name) or NAME/FUNCTION — is appended to
 * `keep` as its path; those whose sha256 differs from `have` (path →
 * sha256 hex, the minion's copy) are appended to `files` as {path,
 * sha256, mode, data (base64)}. Names are [a-z0-9_]+; anything else
 * (dot files, symlinks, deeper directories) is skipped with a warning.
 */
void msync_collect(const char *moddir, json_t *have, json_t *files, json_t *keep);

/* Minion side: {path: sha256} of what is under `moddir` now. */
json_t *msync_have(const char *moddir);

/*
 * Minion side: writes every file of a `sync` message into `moddir` (each
 * path checked again, the data checked against its sha256; anything that
 * fails is refused, nothing written for it), then removes module files
 * not in `keep`. Returns a new array of the paths written or removed, or
 * NULL with err_last() when the message was unusable.
 */
json_t *msync_apply(const char *moddir, json_t *msg);

#endif
