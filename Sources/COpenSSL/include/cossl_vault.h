// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// Authenticated encryption and key derivation for the token vault (DESIGN.md: OpenSSL only).
#ifndef MCP_WARDEN_COSSL_VAULT_H
#define MCP_WARDEN_COSSL_VAULT_H
#include <stddef.h>
#include <stdint.h>

#define COSSL_AES256_KEY_LENGTH 32
#define COSSL_GCM_TAG_LENGTH 16

/// AES-256-GCM encryption (NIST SP 800-38D). `ciphertext` has room for `length` bytes.
/// 1 on success, 0 on failure.
int cossl_aes256gcm_seal(const unsigned char key[COSSL_AES256_KEY_LENGTH],
                         const unsigned char *nonce, size_t nonce_length,
                         const unsigned char *aad, size_t aad_length,
                         const unsigned char *plaintext, size_t length,
                         unsigned char *ciphertext, unsigned char tag[COSSL_GCM_TAG_LENGTH]);

/// AES-256-GCM decryption. 1 when the tag verifies, 0 when it does not (wrong key, tampering),
/// -1 on any other failure. Nothing written to `plaintext` may be used unless the result is 1.
int cossl_aes256gcm_open(const unsigned char key[COSSL_AES256_KEY_LENGTH],
                         const unsigned char *nonce, size_t nonce_length,
                         const unsigned char *aad, size_t aad_length,
                         const unsigned char *ciphertext, size_t length,
                         const unsigned char tag[COSSL_GCM_TAG_LENGTH], unsigned char *plaintext);

/// scrypt (RFC 7914) with OpenSSL's EVP_PBE_scrypt; 1 on success, 0 on failure (bad
/// parameters, memory above `max_memory`).
int cossl_scrypt(const unsigned char *passphrase, size_t passphrase_length,
                 const unsigned char *salt, size_t salt_length,
                 uint64_t n, uint64_t r, uint64_t p, uint64_t max_memory,
                 unsigned char *out, size_t out_length);

/// MD5 (only to find `mcp-remote`'s cache files, which it names by MD5 of the server URL).
int cossl_md5(const void *data, size_t length, unsigned char out[16]);

/// Overwrites `length` bytes so the compiler cannot elide it (OPENSSL_cleanse).
void cossl_cleanse(void *data, size_t length);

#endif
