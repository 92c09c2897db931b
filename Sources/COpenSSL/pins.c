// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

#include "cossl_pins.h"
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

static int spki_digest(X509 *cert, unsigned char out[COSSL_SPKI_DIGEST_LENGTH]) {
    X509_PUBKEY *key = X509_get_X509_PUBKEY(cert);
    if (key == NULL) return 0;
    unsigned char *der = NULL;
    int length = i2d_X509_PUBKEY(key, &der);
    if (length <= 0 || der == NULL) return 0;
    unsigned int digest_length = 0;
    int ok = EVP_Digest(der, (size_t)length, out, &digest_length, EVP_sha256(), NULL);
    OPENSSL_free(der);
    return ok == 1 && digest_length == COSSL_SPKI_DIGEST_LENGTH;
}

static int pinned(const cossl_pin_check *check, const unsigned char digest[COSSL_SPKI_DIGEST_LENGTH]) {
    for (size_t i = 0; i < check->count; i++) {
        if (memcmp(check->pins + i * COSSL_SPKI_DIGEST_LENGTH, digest, COSSL_SPKI_DIGEST_LENGTH) == 0) return 1;
    }
    return 0;
}

/// Writes the chain into check->report and returns 1 when any certificate carries a pin.
static int chain_matches(STACK_OF(X509) *chain, cossl_pin_check *check) {
    int found = 0;
    size_t used = 0;
    check->report[0] = '\0';
    int count = chain ? sk_X509_num(chain) : 0;
    for (int depth = 0; depth < count; depth++) {
        X509 *cert = sk_X509_value(chain, depth);
        unsigned char digest[COSSL_SPKI_DIGEST_LENGTH];
        char encoded[64] = "?";
        if (spki_digest(cert, digest)) {
            if (pinned(check, digest)) found = 1;
            EVP_EncodeBlock((unsigned char *)encoded, digest, COSSL_SPKI_DIGEST_LENGTH);
        }
        char subject[256] = "", issuer[256] = "";
        X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
        X509_NAME_oneline(X509_get_issuer_name(cert), issuer, sizeof issuer);
        if (used < sizeof check->report) {
            int n = snprintf(check->report + used, sizeof check->report - used, "%sdepth %d: subject %s; issuer %s; sha256/%s",
                             depth ? " | " : "", depth, subject, issuer, encoded);
            if (n > 0) used += (size_t)n;
        }
    }
    return found;
}

/// Whether `cert` may be valid for `host` by the host-name rules a TLS client applies (RFC 6125:
/// subjectAltName DNS and IP entries, wildcards, and the subject CN, which libcurl still consults
/// for a certificate without subjectAltName). It errs towards yes: "yes" means the pins apply.
static int names_host(X509 *cert, const char *host) {
    char name[256];
    size_t length = host ? strlen(host) : 0;
    if (cert == NULL || length == 0 || length >= sizeof name) return 1;
    memcpy(name, host, length + 1);
    if (length > 1 && name[length - 1] == '.') name[--length] = '\0';  // "example.com." is example.com
    if (X509_check_ip_asc(cert, name, 0) == 1) return 1;  // -2 only says `name` is not an address
    // 1 is a match; a negative result is an error, which must not skip the pins.
    return X509_check_host(cert, name, length, X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT, NULL) != 0;
}

/// The pins apply to the origin's chain, not to an HTTPS proxy's (issue 13, item 5). libcurl
/// runs the SSL_CTX function for both TLS connections of a request through `HTTPS_PROXY=https://`
/// (first the proxy's, then the origin's inside the tunnel) and says nothing about which one a
/// handshake is for. Why telling them apart by the leaf's names is sound:
/// - Every chain, the proxy's included, must pass X509_verify_cert against the shared store.
/// - A chain whose leaf is valid for the origin's host gets the pins, whoever presents it: a
///   TLS-inspecting proxy that answers for the origin's name is refused unless pinned.
/// - A chain whose leaf is not valid for the origin's host cannot be accepted for the origin:
///   libcurl refuses it in its own host-name check (CURLOPT_SSL_VERIFYHOST 2) right after this
///   callback. Accepted here, it can only carry the proxy's connection, and for that libcurl
///   checks the proxy's name (CURLOPT_PROXY_SSL_VERIFYHOST 2).
/// - Whatever this test gets wrong (a name rule libcurl reads differently, an IDN), the re-check
///   before every request (cossl_recheck_connection, on the origin's SSL) holds the origin's
///   chain to the pins with no host condition: no request leaves on an unpinned origin chain.
static int verify_then_pin(X509_STORE_CTX *store, void *arg) {
    cossl_pin_check *check = arg;
    int ok = X509_verify_cert(store);  // anchors, validity dates, purpose; libcurl checks the host name after
    if (ok != 1) return ok;
    if (!names_host(X509_STORE_CTX_get0_cert(store), check->host)) return 1;  // not the origin's chain
    if (chain_matches(X509_STORE_CTX_get0_chain(store), check)) return 1;
    check->mismatch = 1;
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
}

void cossl_install_pin_check(void *ssl_ctx, cossl_pin_check *check) {
    // `check` lives as long as this transfer, the connection longer (pooled): the caller
    // (cossl_setup_tls_context) also refuses renegotiation, which would run this again later.
    SSL_CTX_set_cert_verify_callback((SSL_CTX *)ssl_ctx, verify_then_pin, check);
}

int cossl_recheck_connection(const void *ssl, cossl_pin_check *check) {
    STACK_OF(X509) *chain = ssl ? SSL_get0_verified_chain((const SSL *)ssl) : NULL;
    if (chain == NULL || sk_X509_num(chain) == 0) {
        snprintf(check->report, sizeof check->report, "the connection has no verified certificate chain");
        check->mismatch = 1;
        check->found_by_recheck = 1;
        return 0;
    }
    if (chain_matches(chain, check)) return 1;
    check->mismatch = 1;
    check->found_by_recheck = 1;
    return 0;
}

int cossl_spki_sha256_of_pem(const char *pem, size_t length, unsigned char out[COSSL_SPKI_DIGEST_LENGTH]) {
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (bio == NULL) return 0;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (cert == NULL) return 0;
    int ok = spki_digest(cert, out);
    X509_free(cert);
    return ok;
}

int cossl_certificate_names_host(const char *pem, size_t length, const char *host) {
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (bio == NULL) return -1;
    X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (cert == NULL) return -1;
    int named = names_host(cert, host);
    X509_free(cert);
    return named;
}
