// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

#include "cossl_digest.h"
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

int cossl_sha256(const void *data, size_t length, unsigned char out[COSSL_SHA256_LENGTH]) {
    unsigned int written = 0;
    if (EVP_Digest(data, length, out, &written, EVP_sha256(), NULL) != 1) return 0;
    return written == COSSL_SHA256_LENGTH;
}

int cossl_random_bytes(unsigned char *out, size_t length) {
    if (length > INT_MAX) return 0;
    return RAND_bytes(out, (int)length) == 1;
}
