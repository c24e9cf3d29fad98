/* SPDX-License-Identifier: MIT */
/* keys.h: CURVE key pairs in a pki directory, and their fingerprints */
#ifndef KEYS_H
#define KEYS_H

#include <stddef.h>

/* A Z85 CURVE key: 40 characters and a NUL. */
#define KEYS_Z85_LEN 41
/* A fingerprint: sha256 of the 32-byte key as 32 hex pairs joined by ':'. */
#define KEYS_FINGER_LEN 96

/*
 * Loads <dir>/<name>.pub and <dir>/<name>.key, creating a new key pair
 * first when neither exists (the directory mode 0700, the secret key
 * 0600, the public key 0644). A half-present or malformed pair is an
 * error naming the file, never silently replaced.
 */
int keys_load_or_create(const char *dir, const char *name,
			char pub[KEYS_Z85_LEN], char sec[KEYS_Z85_LEN]);

/* Reads a public key file (Z85 text, trailing newline allowed). */
int keys_read_pub(const char *path, char pub[KEYS_Z85_LEN]);

/* Z85 (ZeroMQ RFC 32) text of a 32-byte key, and back (-1 when malformed). */
void keys_z85_encode(char out[KEYS_Z85_LEN], const unsigned char raw[32]);
int keys_z85_decode(unsigned char raw[32], const char *z85);

/* True when `z85` is a well-formed 40-character Z85 key. */
int keys_valid_z85(const char *z85);

/* The fingerprint of a Z85 public key ("" when malformed). */
void keys_finger(const char *z85, char out[KEYS_FINGER_LEN]);

#endif
