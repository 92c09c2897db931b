// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// libcurl, loaded at run time instead of by the dynamic loader at exec (see include/ccurl_loader.h).
//
// Debian's libcurl4 pulls in 25 libraries mcp-warden never uses (GnuTLS through librtmp,
// Kerberos, LDAP, libssh2, libpsl, brotli, zstd…): mapping, relocating and initialising them
// took 2.7 ms of every start (a C program that only links libcurl: 4.0 ms against 1.3 ms with
// libssl and libcrypto alone). Loaded with dlopen on a thread of its own (PinnedHTTP's
// `HTTPStartup.begin`), that work overlaps the command-line parsing on the main thread.
//
// The libcurl functions mcp-warden calls are defined here and forward to libcurl's own, taken
// at the symbol version CURL_OPENSSL_4 (the OpenSSL build of libcurl 4, as the linker required
// when libcurl was linked). The first call loads it if nothing did before (pthread_once), so no
// caller needs to know; when it cannot be loaded, each returns its failure value (NULL, an error
// code) and `ccurl_load_error` says why. A libcurl function called from Swift that is missing
// here fails the link: add it to the lists below.
#define _GNU_SOURCE
#define CURL_DISABLE_TYPECHECK
#include "ccurl_loader.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

// X(return type, name, parameters, arguments, value when libcurl is not loaded)
#define CCURL_FUNCTIONS(X) \
    X(CURLcode, curl_global_init, (long flags), (flags), CURLE_FAILED_INIT) \
    X(curl_version_info_data *, curl_version_info, (CURLversion age), (age), NULL) \
    X(char *, curl_version, (void), (), (char *)"") \
    X(CURL *, curl_easy_init, (void), (), NULL) \
    X(CURL *, curl_easy_duphandle, (CURL *easy), (easy), NULL) \
    X(CURLcode, curl_easy_pause, (CURL *easy, int bitmask), (easy, bitmask), CURLE_FAILED_INIT) \
    X(CURLcode, curl_easy_upkeep, (CURL *easy), (easy), CURLE_FAILED_INIT) \
    X(const char *, curl_easy_strerror, (CURLcode code), (code), "libcurl is not loaded") \
    X(CURLM *, curl_multi_init, (void), (), NULL) \
    X(CURLMcode, curl_multi_add_handle, (CURLM *multi, CURL *easy), (multi, easy), CURLM_INTERNAL_ERROR) \
    X(CURLMcode, curl_multi_remove_handle, (CURLM *multi, CURL *easy), (multi, easy), CURLM_INTERNAL_ERROR) \
    X(CURLMcode, curl_multi_perform, (CURLM *multi, int *running), (multi, running), CURLM_INTERNAL_ERROR) \
    X(CURLMcode, curl_multi_poll, (CURLM *multi, struct curl_waitfd fds[], unsigned int count, int timeout, int *ready), \
      (multi, fds, count, timeout, ready), CURLM_INTERNAL_ERROR) \
    X(CURLMcode, curl_multi_wait, (CURLM *multi, struct curl_waitfd fds[], unsigned int count, int timeout, int *ready), \
      (multi, fds, count, timeout, ready), CURLM_INTERNAL_ERROR) \
    X(CURLMcode, curl_multi_wakeup, (CURLM *multi), (multi), CURLM_INTERNAL_ERROR) \
    X(CURLMcode, curl_multi_timeout, (CURLM *multi, long *milliseconds), (multi, milliseconds), CURLM_INTERNAL_ERROR) \
    X(CURLMcode, curl_multi_cleanup, (CURLM *multi), (multi), CURLM_INTERNAL_ERROR) \
    X(CURLMsg *, curl_multi_info_read, (CURLM *multi, int *left), (multi, left), NULL) \
    X(const char *, curl_multi_strerror, (CURLMcode code), (code), "libcurl is not loaded") \
    X(struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *text), (list, text), NULL)

// X(name, parameters, arguments)
#define CCURL_PROCEDURES(X) \
    X(curl_global_cleanup, (void), ()) \
    X(curl_easy_cleanup, (CURL *easy), (easy)) \
    X(curl_easy_reset, (CURL *easy), (easy)) \
    X(curl_slist_free_all, (struct curl_slist *list), (list))

// The variadic ones take exactly one value after the option (a long, a pointer or a curl_off_t:
// one 64-bit integer-class argument on every LP64 ABI), forwarded as it came.
#define CCURL_VARIADICS(X) \
    X(CURLcode, curl_easy_setopt, CURL *, CURLoption, CURLE_FAILED_INIT) \
    X(CURLcode, curl_easy_getinfo, CURL *, CURLINFO, CURLE_FAILED_INIT) \
    X(CURLMcode, curl_multi_setopt, CURLM *, CURLMoption, CURLM_INTERNAL_ERROR)

static struct {
#define FIELD(type, name, params, args, failure) type (*name) params;
    CCURL_FUNCTIONS(FIELD)
#undef FIELD
#define FIELD(name, params, args) void (*name) params;
    CCURL_PROCEDURES(FIELD)
#undef FIELD
#define FIELD(type, name, handle, option, failure) type (*name)(handle, option, ...);
    CCURL_VARIADICS(FIELD)
#undef FIELD
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int loaded;
static char load_error[512];

static void load(void) {
    // RTLD_LAZY: libcurl and most of its dependencies are linked with -z now and are bound in
    // full anyway; the others (Kerberos, GMP, librtmp, brotli...) are bound when first called,
    // which for most of them is never.
    void *library = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libcurl (libcurl.so.4, the OpenSSL build): %s",
                 reason ? reason : "unknown error");
        return;
    }
    const char *missing = NULL;
#define RESOLVE(name) \
    if (missing == NULL && (*(void **)&api.name = dlvsym(library, #name, "CURL_OPENSSL_4")) == NULL) missing = #name;
#define RESOLVE_FUNCTION(type, name, params, args, failure) RESOLVE(name)
#define RESOLVE_PROCEDURE(name, params, args) RESOLVE(name)
#define RESOLVE_VARIADIC(type, name, handle, option, failure) RESOLVE(name)
    CCURL_FUNCTIONS(RESOLVE_FUNCTION)
    CCURL_PROCEDURES(RESOLVE_PROCEDURE)
    CCURL_VARIADICS(RESOLVE_VARIADIC)
    if (missing != NULL) {
        snprintf(load_error, sizeof load_error,
                 "the libcurl.so.4 found has no %s@CURL_OPENSSL_4: mcp-warden needs the OpenSSL build of libcurl (Debian: libcurl4)",
                 missing);
        return;  // the library stays mapped: some functions may be in use by nothing, which is harmless
    }
    __atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
}

int ccurl_load(void) {
    if (__atomic_load_n(&loaded, __ATOMIC_ACQUIRE)) return 1;
    pthread_once(&load_once, load);
    return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE);
}

int ccurl_is_loaded(void) {
    return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE);
}

const char *ccurl_load_error(void) {
    return ccurl_load() ? NULL : load_error;
}

#define FORWARD_FUNCTION(type, name, params, args, failure) \
    type name params { return ccurl_load() ? api.name args : failure; }
CCURL_FUNCTIONS(FORWARD_FUNCTION)

#define FORWARD_PROCEDURE(name, params, args) \
    void name params { if (ccurl_load()) api.name args; }
CCURL_PROCEDURES(FORWARD_PROCEDURE)

#define FORWARD_VARIADIC(type, name, handle_type, option_type, failure) \
    type name(handle_type handle, option_type option, ...) { \
        if (!ccurl_load()) return failure; \
        va_list values; \
        va_start(values, option); \
        void *value = va_arg(values, void *); \
        va_end(values); \
        return api.name(handle, option, value); \
    }
CCURL_VARIADICS(FORWARD_VARIADIC)

// GnuTLS (a dependency of librtmp, which libcurl links; mcp-warden never uses either) runs its
// whole global initialisation in a library constructor unless the program defines this function
// (gnutls.h, GNUTLS_SKIP_GLOBAL_INIT): 0.9 MB of peak RSS and 0.3 ms of every start, measured.
// It must be in the executable's dynamic symbol table (Package.swift exports it).
int _gnutls_global_init_skip(void);
int _gnutls_global_init_skip(void) { return 1; }
