// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// The Secret Service (freedesktop.org, over D-Bus) through libsecret, loaded at run time.
// libsecret-1.so.0 is dlopen'ed on first use, so the binary starts where it is not installed and
// builds without libsecret-1-dev. The vault key crosses this boundary as 32 bytes; its 64-hex-digit
// form (what the keyring stores) exists only here, and is wiped after use (DESIGN.md invariant 2).
#ifndef MCP_WARDEN_CSECRETSERVICE_H
#define MCP_WARDEN_CSECRETSERVICE_H
#include <stddef.h>

#define CSECRET_KEY_LENGTH 32

/// Loads libsecret-1.so.0 and the functions used here, once per process (thread-safe).
/// 0 when it is ready; 1 when the library cannot be loaded; 2 when a function is missing, then
/// `*missing` names it. Never unloads.
int csecret_load(const char **missing);

/// Looks up the key stored for the vault directory `vault` (schema "dev.mcp-warden.VaultKey",
/// attributes application = "mcp-warden", vault = `vault`). 1: found, `key` filled; 0: none;
/// -1: the keyring failed, `error` holds its message (GError text, never a secret);
/// -2: the stored secret is not 64 hex digits. Blocks until the keyring answers: call it on a
/// thread of its own.
int csecret_lookup(const char *vault, unsigned char key[CSECRET_KEY_LENGTH], char *error, size_t error_size);

/// Stores `key` as 64 hex digits in the default collection, labelled
/// "mcp-warden vault key (<vault>)", replacing any key stored for `vault`. 1: stored; -1: failed.
int csecret_store(const char *vault, const unsigned char key[CSECRET_KEY_LENGTH], char *error, size_t error_size);

/// Removes the key stored for `vault`. 1: removed; 0: there was none; -1: failed.
int csecret_clear(const char *vault, char *error, size_t error_size);

/// Overwrites `length` bytes in a way the compiler keeps (explicit_bzero).
void csecret_wipe(void *data, size_t length);

#endif
