// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// SPKI pinning on top of normal chain and host-name verification (DESIGN.md invariant 4).
// This target (with CCurl) is the only place where C APIs are visible.
#ifndef MCP_WARDEN_COSSL_PINS_H
#define MCP_WARDEN_COSSL_PINS_H
#include <stddef.h>

#define COSSL_SPKI_DIGEST_LENGTH 32
#define COSSL_REPORT_LENGTH 2048

/// One transfer's pin check. `pins` holds `count` SHA-256 digests of DER SubjectPublicKeyInfo.
typedef struct cossl_pin_check {
    const unsigned char *pins;
    size_t count;
    /// The origin's host from the transfer's URL (no brackets): in the handshake, the pins apply to
    /// a chain whose leaf is valid for this name (see cossl_install_pin_check). Never NULL.
    const char *host;
    /// Set to 1 when a verified chain matched no pin (handshake or re-check).
    int mismatch;
    /// Set to 1 when the mismatch was found by the re-check before a request, not in a handshake.
    int found_by_recheck;
    /// The caller's handle for the connection (libcurl's easy handle), for the re-check.
    void *context;
    /// The observed chain, one "depth N: subject …; issuer …; sha256/…" entry per certificate.
    char report[COSSL_REPORT_LENGTH];
} cossl_pin_check;

/// Installs the verify callback on an OpenSSL SSL_CTX (through cossl_setup_tls_context, which
/// also refuses renegotiation): normal X509 verification first; then, when the leaf is valid for
/// `check->host`, some certificate of the verified chain must carry a pin. libcurl runs the
/// SSL_CTX function for an HTTPS proxy's own connection too: that chain (whose leaf names the
/// proxy, not the origin) gets normal verification only, and libcurl checks the proxy's name.
void cossl_install_pin_check(void *ssl_ctx, cossl_pin_check *check);

/// Re-checks an established connection before each request (libcurl reuses pooled connections
/// without re-running the SSL_CTX function): 1 when the connection's verified chain carries a
/// pinned key, else 0 (also 0 when there is no verified chain, e.g. a resumed session). No host
/// condition: `ssl` is the origin's connection (libcurl's CURLINFO_TLS_SSL_PTR, also through an
/// HTTPS proxy), so this holds every request to the pins whatever the handshake decided.
int cossl_recheck_connection(const void *ssl, cossl_pin_check *check);

/// 1 when the first certificate of a PEM buffer is valid for `host` as the pin check judges it
/// (cossl_install_pin_check), 0 when not, -1 when the PEM does not parse.
int cossl_certificate_names_host(const char *pem, size_t length, const char *host);

/// SHA-256 of the SubjectPublicKeyInfo of the first certificate in a PEM buffer; 1 on success.
int cossl_spki_sha256_of_pem(const char *pem, size_t length, unsigned char out[COSSL_SPKI_DIGEST_LENGTH]);

#endif
