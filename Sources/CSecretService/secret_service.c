// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// libsecret's simple password API, reached with dlopen/dlsym (see CSecretService.h).
// The few libsecret and GLib types used are declared here, laid out exactly as in
// libsecret-1 0.20's secret-schema.h and GLib's gerror.h (checked against the Debian 12 headers).
#define _DEFAULT_SOURCE
#include "CSecretService.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

// ---- ABI of libsecret-1 (secret-schema.h) and GLib (gerror.h, gtypes.h)

typedef char gchar;
typedef int gint;
typedef gint gboolean;
typedef void *gpointer;
typedef uint32_t GQuark;

typedef enum {
    SECRET_SCHEMA_ATTRIBUTE_STRING = 0,
    SECRET_SCHEMA_ATTRIBUTE_INTEGER = 1,
    SECRET_SCHEMA_ATTRIBUTE_BOOLEAN = 2,
} SecretSchemaAttributeType;

typedef struct {
    const gchar *name;
    SecretSchemaAttributeType type;
} SecretSchemaAttribute;

typedef enum {
    SECRET_SCHEMA_NONE = 0,
    SECRET_SCHEMA_DONT_MATCH_NAME = 1 << 1,
} SecretSchemaFlags;

typedef struct {
    const gchar *name;
    SecretSchemaFlags flags;
    SecretSchemaAttribute attributes[32];
    // <private>: `reserved` 0 marks a static schema, which libsecret never refcounts or frees.
    gint reserved;
    gpointer reserved1, reserved2, reserved3, reserved4, reserved5, reserved6, reserved7;
} SecretSchema;

typedef struct {
    GQuark domain;
    gint code;
    gchar *message;
} GError;

typedef gchar *(*lookup_sync_fn)(const SecretSchema *, void *cancellable, GError **, ...);
typedef gboolean (*store_sync_fn)(const SecretSchema *, const gchar *collection, const gchar *label,
                                  const gchar *password, void *cancellable, GError **, ...);
typedef gboolean (*clear_sync_fn)(const SecretSchema *, void *cancellable, GError **, ...);
typedef void (*password_free_fn)(gchar *);
typedef void (*error_free_fn)(GError *);

// ---- the schema: static, so calls abandoned after their time limit can still read it

static const SecretSchema vault_key_schema = {
    "dev.mcp-warden.VaultKey",
    SECRET_SCHEMA_NONE,
    {
        {"application", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {"vault", SECRET_SCHEMA_ATTRIBUTE_STRING},
        {NULL, 0},
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

#define APPLICATION "mcp-warden"

// ---- loading

static struct {
    int status;
    const char *missing;
    lookup_sync_fn lookup;
    store_sync_fn store;
    clear_sync_fn clear;
    password_free_fn password_free;
    error_free_fn error_free;
} lib;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void *symbol(void *handle, const char *name) {
    void *found = dlsym(handle, name);
    if (found == NULL && lib.missing == NULL) lib.missing = name;
    return found;
}

static void load(void) {
    void *handle = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        lib.status = 1;
        return;
    }
    // Non-pageable memory (libsecret ≥ 0.19) keeps the secret out of swap; older ones have only
    // the plain lookup, whose result secret_password_free also clears.
    lib.lookup = (lookup_sync_fn)dlsym(handle, "secret_password_lookup_nonpageable_sync");
    if (lib.lookup == NULL) lib.lookup = (lookup_sync_fn)symbol(handle, "secret_password_lookup_sync");
    lib.store = (store_sync_fn)symbol(handle, "secret_password_store_sync");
    lib.clear = (clear_sync_fn)symbol(handle, "secret_password_clear_sync");
    lib.password_free = (password_free_fn)symbol(handle, "secret_password_free");
    lib.error_free = (error_free_fn)symbol(handle, "g_error_free");  // GLib, a dependency of libsecret
    lib.status = lib.missing ? 2 : 0;
}

int csecret_load(const char **missing) {
    pthread_once(&load_once, load);
    if (missing) *missing = lib.missing;
    return lib.status;
}

// ---- helpers

void csecret_wipe(void *data, size_t length) {
    explicit_bzero(data, length);
}

/// Copies the GError's message (keyring and D-Bus errors: no secret in them) and frees it.
static int fail(GError *gerror, const char *otherwise, char *error, size_t error_size) {
    const char *text = gerror && gerror->message && gerror->message[0] ? gerror->message : otherwise;
    if (error && error_size) snprintf(error, error_size, "%s", text);
    if (gerror) lib.error_free(gerror);
    return -1;
}

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// ---- the three calls

int csecret_lookup(const char *vault, unsigned char key[CSECRET_KEY_LENGTH], char *error, size_t error_size) {
    if (csecret_load(NULL) != 0) return fail(NULL, "libsecret is not loaded", error, error_size);
    GError *gerror = NULL;
    gchar *hex = lib.lookup(&vault_key_schema, NULL, &gerror, "application", APPLICATION, "vault", vault, NULL);
    if (gerror != NULL) {
        lib.password_free(hex);
        return fail(gerror, "the keyring failed without saying why", error, error_size);
    }
    if (hex == NULL) return 0;
    int result = strlen(hex) == 2 * CSECRET_KEY_LENGTH ? 1 : -2;
    for (size_t i = 0; result == 1 && i < CSECRET_KEY_LENGTH; i++) {
        int high = nibble(hex[2 * i]), low = nibble(hex[2 * i + 1]);
        if (high < 0 || low < 0) result = -2;
        else key[i] = (unsigned char)(high << 4 | low);
    }
    if (result != 1) csecret_wipe(key, CSECRET_KEY_LENGTH);
    lib.password_free(hex);  // clears the string, then frees it (egg_secure_strfree)
    return result;
}

int csecret_store(const char *vault, const unsigned char key[CSECRET_KEY_LENGTH], char *error, size_t error_size) {
    if (csecret_load(NULL) != 0) return fail(NULL, "libsecret is not loaded", error, error_size);
    static const char digits[] = "0123456789abcdef";
    char hex[2 * CSECRET_KEY_LENGTH + 1];
    for (size_t i = 0; i < CSECRET_KEY_LENGTH; i++) {
        hex[2 * i] = digits[key[i] >> 4];
        hex[2 * i + 1] = digits[key[i] & 15];
    }
    hex[2 * CSECRET_KEY_LENGTH] = 0;
    char label[4096];
    snprintf(label, sizeof label, "mcp-warden vault key (%s)", vault);
    GError *gerror = NULL;
    // collection NULL: the default collection (SECRET_COLLECTION_DEFAULT, the alias "default").
    gboolean stored = lib.store(&vault_key_schema, NULL, label, hex, NULL, &gerror,
                                "application", APPLICATION, "vault", vault, NULL);
    csecret_wipe(hex, sizeof hex);
    if (!stored || gerror != NULL) return fail(gerror, "the keyring did not store the key", error, error_size);
    return 1;
}

int csecret_clear(const char *vault, char *error, size_t error_size) {
    if (csecret_load(NULL) != 0) return fail(NULL, "libsecret is not loaded", error, error_size);
    GError *gerror = NULL;
    gboolean removed = lib.clear(&vault_key_schema, NULL, &gerror, "application", APPLICATION, "vault", vault, NULL);
    if (gerror != NULL) return fail(gerror, "the keyring failed without saying why", error, error_size);
    return removed ? 1 : 0;
}
