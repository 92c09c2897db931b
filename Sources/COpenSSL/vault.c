// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

#include "cossl_vault.h"
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

static int gcm_init(EVP_CIPHER_CTX *ctx, int encrypt, const unsigned char *key,
                    const unsigned char *nonce, size_t nonce_length) {
    if (nonce_length == 0 || nonce_length > INT_MAX) return 0;
    if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, encrypt) != 1) return 0;
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)nonce_length, NULL) != 1) return 0;
    return EVP_CipherInit_ex(ctx, NULL, NULL, key, nonce, encrypt) == 1;
}

/// EVP takes int lengths: feed large inputs in chunks.
static int gcm_update(EVP_CIPHER_CTX *ctx, unsigned char *out, const unsigned char *in, size_t length) {
    size_t done = 0;
    while (done < length) {
        size_t chunk = length - done > (1u << 30) ? (1u << 30) : length - done;
        int written = 0;
        if (EVP_CipherUpdate(ctx, out ? out + done : NULL, &written, in + done, (int)chunk) != 1) return 0;
        if (out && (size_t)written != chunk) return 0;
        done += chunk;
    }
    return 1;
}

int cossl_aes256gcm_seal(const unsigned char key[COSSL_AES256_KEY_LENGTH],
                         const unsigned char *nonce, size_t nonce_length,
                         const unsigned char *aad, size_t aad_length,
                         const unsigned char *plaintext, size_t length,
                         unsigned char *ciphertext, unsigned char tag[COSSL_GCM_TAG_LENGTH]) {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx) return 0;
    int written = 0;
    int ok = gcm_init(ctx, 1, key, nonce, nonce_length)
        && gcm_update(ctx, NULL, aad, aad_length)
        && gcm_update(ctx, ciphertext, plaintext, length)
        && EVP_CipherFinal_ex(ctx, ciphertext + length, &written) == 1 && written == 0
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, COSSL_GCM_TAG_LENGTH, tag) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

int cossl_aes256gcm_open(const unsigned char key[COSSL_AES256_KEY_LENGTH],
                         const unsigned char *nonce, size_t nonce_length,
                         const unsigned char *aad, size_t aad_length,
                         const unsigned char *ciphertext, size_t length,
                         const unsigned char tag[COSSL_GCM_TAG_LENGTH], unsigned char *plaintext) {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx) return -1;
    int result = -1;
    unsigned char expected[COSSL_GCM_TAG_LENGTH];
    for (int i = 0; i < COSSL_GCM_TAG_LENGTH; i++) expected[i] = tag[i];
    if (gcm_init(ctx, 0, key, nonce, nonce_length)
        && gcm_update(ctx, NULL, aad, aad_length)
        && gcm_update(ctx, plaintext, ciphertext, length)
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, COSSL_GCM_TAG_LENGTH, expected) == 1) {
        int written = 0;
        result = EVP_CipherFinal_ex(ctx, plaintext + length, &written) == 1 ? 1 : 0;
    }
    EVP_CIPHER_CTX_free(ctx);
    return result;
}

int cossl_scrypt(const unsigned char *passphrase, size_t passphrase_length,
                 const unsigned char *salt, size_t salt_length,
                 uint64_t n, uint64_t r, uint64_t p, uint64_t max_memory,
                 unsigned char *out, size_t out_length) {
    return EVP_PBE_scrypt((const char *)passphrase, passphrase_length, salt, salt_length, n, r, p, max_memory, out, out_length) == 1;
}

int cossl_md5(const void *data, size_t length, unsigned char out[16]) {
    unsigned int written = 0;
    if (EVP_Digest(data, length, out, &written, EVP_md5(), NULL) != 1) return 0;
    return written == 16;
}

void cossl_cleanse(void *data, size_t length) {
    OPENSSL_cleanse(data, length);
}
