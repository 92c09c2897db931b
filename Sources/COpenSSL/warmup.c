// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// OpenSSL 3.0 fills its algorithm tables on first use, and the first user pays: the first
// EVP_CipherInit_ex of the vault's AES-256-GCM cost 3.2 million instructions (the provider's
// cipher table), the first certificate parsed 3.5 million more than the next ones (the
// public-key decoders), the first SSL_CTX_new 1.5 million (measured with callgrind). All of it
// lay on the path from start to the first request. Done here, on the thread that loads libcurl
// while the main thread parses the command line, it is off that path. Every call below is an
// ordinary lookup whose result is freed: no setting, default or policy changes (the system
// configuration is loaded as libcurl would load it, so its policy still applies).
#include "cossl_warmup.h"
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

void cossl_warm_up(void) {
    OPENSSL_init_ssl(OPENSSL_INIT_LOAD_CONFIG, NULL);
    // In the order the start needs them: certificates (--ca-file, the trust store), the
    // vault's cipher, then the first connection's context and key exchange.
    EVP_PKEY *key = NULL;
    OSSL_DECODER_CTX *decoder = OSSL_DECODER_CTX_new_for_pkey(&key, "DER", "SubjectPublicKeyInfo", NULL, EVP_PKEY_PUBLIC_KEY, NULL, NULL);
    OSSL_DECODER_CTX_free(decoder);
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    EVP_CIPHER_free(cipher);
    EVP_MD *digest = EVP_MD_fetch(NULL, "SHA256", NULL);
    EVP_MD_free(digest);
    SSL_CTX *context = SSL_CTX_new(TLS_client_method());
    SSL_CTX_free(context);
    unsigned char byte;
    (void)RAND_bytes(&byte, 1);
    (void)RAND_priv_bytes(&byte, 1);
    OPENSSL_cleanse(&byte, 1);
}
