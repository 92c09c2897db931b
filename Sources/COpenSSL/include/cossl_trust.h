// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// The trust anchors of one HTTP engine, built once and shared by all its TLS connections
// (DESIGN.md invariant 4: verification always on; extra anchors add to the system's).
// This target (with CCurl) is the only place where C APIs are visible.
#ifndef MCP_WARDEN_COSSL_TRUST_H
#define MCP_WARDEN_COSSL_TRUST_H
#include <stddef.h>
#include "cossl_pins.h"

/// A new X509_STORE holding the system's anchors and the extra PEM certificates, or NULL with a
/// reason in `error`. The system's anchors come from `cert_dir` when it is a hashed certificate
/// directory (looked up lazily, per issuer: no parsing of the whole bundle), else from the
/// `bundle` file (parsed once). Either may be NULL. `extra_pem` may be NULL; when given, it must
/// hold at least one certificate, and every certificate in it must parse.
void *cossl_trust_store_new(const char *cert_dir, const char *bundle, const char *extra_pem, size_t extra_length,
                            char *error, size_t error_length);
void cossl_trust_store_free(void *store);
/// 1 when `cert_dir` holds at least one OpenSSL hash link ("1a2b3c4d.0").
int cossl_is_hashed_dir(const char *cert_dir);

/// Sets up a fresh SSL_CTX (from libcurl's SSL_CTX function): the shared store (when not NULL)
/// replaces whatever was loaded, renegotiation is refused, and the pin check (when not NULL)
/// runs after normal verification.
void cossl_setup_tls_context(void *ssl_ctx, void *store, cossl_pin_check *check);

#endif
