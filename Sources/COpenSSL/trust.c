// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

#include "cossl_trust.h"
#include <ctype.h>
#include <dirent.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdio.h>
#include <string.h>

static void set_error(char *error, size_t length, const char *text) {
    if (error && length) snprintf(error, length, "%s", text);
}

int cossl_is_hashed_dir(const char *cert_dir) {
    if (cert_dir == NULL) return 0;
    DIR *dir = opendir(cert_dir);
    if (dir == NULL) return 0;
    int found = 0;
    struct dirent *entry;
    while (!found && (entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        if (strlen(name) < 10 || name[8] != '.') continue;
        int hex = 1;
        for (int i = 0; i < 8; i++) hex &= isxdigit((unsigned char)name[i]) != 0;
        int digits = name[9] != '\0';
        for (const char *p = name + 9; *p; p++) digits &= isdigit((unsigned char)*p) != 0;
        found = hex && digits;
    }
    closedir(dir);
    return found;
}

/// Adds every certificate of a PEM buffer; returns how many, or -1 when one does not parse.
static int add_pem(X509_STORE *store, const char *pem, size_t length) {
    BIO *bio = BIO_new_mem_buf(pem, (int)length);
    if (bio == NULL) return -1;
    int added = 0;
    for (;;) {
        X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
        if (cert == NULL) {
            unsigned long reason = ERR_peek_last_error();
            // The end of the buffer is "no start line"; anything else is a damaged certificate.
            if (ERR_GET_REASON(reason) != PEM_R_NO_START_LINE) added = -1;
            ERR_clear_error();
            break;
        }
        // A certificate given twice is not an error (X509_STORE_add_cert ignores duplicates).
        int ok = X509_STORE_add_cert(store, cert);
        X509_free(cert);
        if (ok != 1) { added = -1; ERR_clear_error(); break; }
        added++;
    }
    BIO_free(bio);
    return added;
}

void *cossl_trust_store_new(const char *cert_dir, const char *bundle, const char *extra_pem, size_t extra_length,
                            char *error, size_t error_length) {
    X509_STORE *store = X509_STORE_new();
    if (store == NULL) { set_error(error, error_length, "OpenSSL could not create a certificate store"); return NULL; }
    if (cossl_is_hashed_dir(cert_dir)) {
        if (X509_STORE_load_path(store, cert_dir) != 1) {
            set_error(error, error_length, "OpenSSL could not use the system certificate directory");
            X509_STORE_free(store);
            ERR_clear_error();
            return NULL;
        }
    } else if (bundle != NULL && bundle[0] != '\0') {
        // A missing bundle leaves only the extra anchors: connections then fail verification, as curl's would.
        if (X509_STORE_load_file(store, bundle) != 1) ERR_clear_error();
    }
    if (extra_pem != NULL) {
        int added = add_pem(store, extra_pem, extra_length);
        if (added <= 0) {
            set_error(error, error_length, added == 0 ? "the extra trust anchors hold no certificate"
                                                      : "a certificate among the extra trust anchors does not parse");
            X509_STORE_free(store);
            return NULL;
        }
    }
    return store;
}

void cossl_trust_store_free(void *store) {
    X509_STORE_free((X509_STORE *)store);
}

void cossl_setup_tls_context(void *ssl_ctx, void *store, cossl_pin_check *check) {
    SSL_CTX *ctx = ssl_ctx;
    if (store != NULL) SSL_CTX_set1_cert_store(ctx, (X509_STORE *)store);
    // A TLS 1.2 renegotiation could present another chain mid-transfer, and would run the pin
    // callback again after its transfer (and `check`) ended: refuse it, so each connection's
    // chain is verified exactly once.
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    if (check != NULL) cossl_install_pin_check(ctx, check);
}
