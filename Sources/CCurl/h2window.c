// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// HTTP/2 receive windows small enough for back-pressure (issue 15 "Bursts", DESIGN.md invariant 11).
//
// libcurl 7.88 offers every HTTP/2 stream a 32 MiB receive window (HTTP2_HUGE_WINDOW_SIZE in
// lib/http2.c, sent in its SETTINGS and restored when a paused transfer resumes; no option sets
// it). When a transfer pauses (CURL_WRITEFUNC_PAUSE, BodyFlow), libcurl sets that stream's window
// to 0, but the server may still send what is left of the 32 MiB it was granted, and libcurl reads
// it anyway (the connection carries other streams) into the paused transfer's own buffer
// (sendf.c pausewrite, up to 64 MiB). Measured with hypercorn: 14 MB arrived after the pause.
//
// libcurl calls these two libnghttp2 functions through the dynamic linker, which finds this
// executable's definitions first (CCurl's linker settings export them: libcurl is opened at run
// time, so the static linker no longer sees that libcurl.so references them). Each
// caps a stream's window at CCURL_H2_STREAM_WINDOW and hands the call on to libnghttp2's own
// function; the connection's window (stream 0) is left as libcurl sets it. So a paused stream
// holds at most one such window in libcurl, and resumed streams get the same window again.
#define _GNU_SOURCE
#include "ccurl.h"
#include <dlfcn.h>
#include <stdint.h>

// nghttp2_settings_entry and the identifier of SETTINGS_INITIAL_WINDOW_SIZE (RFC 9113 §6.5.2), as
// in nghttp2.h (ABI-stable since nghttp2 1.0; the header is not installed here).
typedef struct {
    int32_t settings_id;
    uint32_t value;
} ccurl_h2_setting;
#define CCURL_H2_INITIAL_WINDOW_SIZE 0x4
#define CCURL_H2_ERR_CALLBACK_FAILURE (-902)
#define CCURL_H2_MAX_SETTINGS 16

typedef int (*submit_settings_fn)(void *session, uint8_t flags, const ccurl_h2_setting *iv, size_t niv);
typedef int (*set_window_fn)(void *session, uint8_t flags, int32_t stream_id, int32_t window_size);

static void *next_definition(void **cache, const char *name) {
    void *found = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (found == NULL) {
        found = dlsym(RTLD_NEXT, name);
        // libcurl is opened at run time with RTLD_LOCAL (curl_loader.c), so its libnghttp2 is not
        // in the global scope RTLD_NEXT searches: ask the copy libcurl loaded (never load another).
        if (found == NULL) {
            void *library = dlopen("libnghttp2.so.14", RTLD_LAZY | RTLD_LOCAL | RTLD_NOLOAD);
            if (library != NULL) {
                found = dlsym(library, name);
                dlclose(library);
            }
        }
        __atomic_store_n(cache, found, __ATOMIC_RELEASE);
    }
    return found;
}

int nghttp2_submit_settings(void *session, uint8_t flags, const ccurl_h2_setting *iv, size_t niv) {
    static void *cache;
    submit_settings_fn next = (submit_settings_fn)next_definition(&cache, "nghttp2_submit_settings");
    // No libnghttp2 behind us, or more settings than libcurl ever sends: refuse (libcurl then
    // fails the connection) rather than offer the large window.
    if (next == NULL || niv > CCURL_H2_MAX_SETTINGS) return CCURL_H2_ERR_CALLBACK_FAILURE;
    ccurl_h2_setting capped[CCURL_H2_MAX_SETTINGS];
    for (size_t i = 0; i < niv; i++) {
        capped[i] = iv[i];
        if (capped[i].settings_id == CCURL_H2_INITIAL_WINDOW_SIZE && capped[i].value > CCURL_H2_STREAM_WINDOW)
            capped[i].value = CCURL_H2_STREAM_WINDOW;
    }
    return next(session, flags, capped, niv);
}

int nghttp2_session_set_local_window_size(void *session, uint8_t flags, int32_t stream_id, int32_t window_size) {
    static void *cache;
    set_window_fn next = (set_window_fn)next_definition(&cache, "nghttp2_session_set_local_window_size");
    if (next == NULL) return CCURL_H2_ERR_CALLBACK_FAILURE;
    if (stream_id != 0 && window_size > CCURL_H2_STREAM_WINDOW) window_size = CCURL_H2_STREAM_WINDOW;
    return next(session, flags, stream_id, window_size);
}

