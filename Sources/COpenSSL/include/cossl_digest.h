// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// Hashing and randomness (OAuth PKCE and state through TokenVault, vault keys and nonces).
#ifndef MCP_WARDEN_COSSL_DIGEST_H
#define MCP_WARDEN_COSSL_DIGEST_H
#include <stddef.h>

#define COSSL_SHA256_LENGTH 32

/// SHA-256 of `length` bytes; 1 on success.
int cossl_sha256(const void *data, size_t length, unsigned char out[COSSL_SHA256_LENGTH]);

/// `length` bytes from OpenSSL's CSPRNG (RAND_bytes); 1 on success, 0 when the generator failed.
int cossl_random_bytes(unsigned char *out, size_t length);

#endif
