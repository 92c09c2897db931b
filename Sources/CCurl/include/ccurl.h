// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// Typed wrappers around libcurl's variadic calls, which Swift cannot import.
// This target (with COpenSSL) is the only place where C APIs are visible.
#ifndef MCP_WARDEN_CCURL_H
#define MCP_WARDEN_CCURL_H
#include <curl/curl.h>

CURLcode ccurl_setopt_long(CURL *easy, CURLoption option, long value);
CURLcode ccurl_setopt_off(CURL *easy, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_str(CURL *easy, CURLoption option, const char *value);
CURLcode ccurl_setopt_ptr(CURL *easy, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *list);
CURLcode ccurl_setopt_write_fn(CURL *easy, CURLoption option, curl_write_callback fn);
CURLcode ccurl_getinfo_long(CURL *easy, CURLINFO info, long *value);
CURLcode ccurl_getinfo_ptr(CURL *easy, CURLINFO info, void **value);
CURLcode ccurl_getinfo_str(CURL *easy, CURLINFO info, const char **value);
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
/// What a transfer's TLS connections are set up with: the engine's shared trust store
/// (cossl_trust_store_new) and, when pins apply, the transfer's cossl_pin_check. Either may be
/// NULL; the struct and both must outlive the transfer.
typedef struct ccurl_tls {
    void *store;
    void *check;
} ccurl_tls;
/// Routes CURLOPT_SSL_CTX_FUNCTION to cossl_setup_tls_context (for the origin's TLS connection and
/// an HTTPS proxy's alike: both use `store`), and with a pin check, re-checks the origin's
/// connection, pooled or fresh, before each request. Returns CURLE_NOT_BUILT_IN when libcurl's TLS backend
/// cannot run the SSL_CTX function (the caller fails closed).
CURLcode ccurl_set_tls(CURL *easy, ccurl_tls *tls);
/// The SSL* of a transfer's connection (OpenSSL backend), or NULL.
void *ccurl_ssl_of(CURL *easy);

/// The receive window of one HTTP/2 stream that libcurl offers (h2window.c: libcurl 7.88's own is
/// 32 MiB): as large as the bytes a body's reader may have queued (BodyFlow.limit), so a paused
/// stream holds at most about that much again inside libcurl.
#define CCURL_H2_STREAM_WINDOW (1 << 20)

/// The TLS backend name and version libcurl was built with (e.g. "OpenSSL/3.0.19").
const char *ccurl_ssl_version(void);
/// libcurl's own version string (e.g. "7.88.1").
const char *ccurl_version(void);

#endif
