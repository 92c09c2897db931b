// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

#include "ccurl.h"
#include "cossl_trust.h"

static CURLcode setup_tls(CURL *easy, void *ssl_ctx, void *data) {
    (void)easy;
    ccurl_tls *tls = data;
    cossl_setup_tls_context(ssl_ctx, tls->store, (cossl_pin_check *)tls->check);
    return CURLE_OK;
}

/// Runs after the connection is set up and before the request is sent, for fresh and pooled
/// connections alike: a pooled connection never ran the SSL_CTX function for this transfer.
/// Through an HTTPS proxy, CURLINFO_TLS_SSL_PTR gives the origin's SSL (the TLS inside the
/// tunnel), not the proxy's (measured with libcurl 7.88: the first connected TLS filter from the
/// top of the connection's filter chain); a libcurl that gave the proxy's would fail closed here.
static int recheck_before_request(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port) {
    (void)primary_ip; (void)local_ip; (void)primary_port; (void)local_port;
    cossl_pin_check *check = clientp;
    return cossl_recheck_connection(ccurl_ssl_of(check->context), check) ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

CURLcode ccurl_set_tls(CURL *easy, ccurl_tls *tls) {
    CURLcode rc = curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, setup_tls);
    if (rc == CURLE_OK) rc = curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, tls);
    if (rc == CURLE_OK && tls->store != NULL) {
        // The shared store replaces curl's own loading, which would parse the whole CA bundle
        // again for every new connection; an HTTPS proxy's connection uses the same store.
        rc = curl_easy_setopt(easy, CURLOPT_CAINFO, (char *)NULL);
        if (rc == CURLE_OK) rc = curl_easy_setopt(easy, CURLOPT_CAPATH, (char *)NULL);
        if (rc == CURLE_OK) rc = curl_easy_setopt(easy, CURLOPT_PROXY_CAINFO, (char *)NULL);
        if (rc == CURLE_OK) rc = curl_easy_setopt(easy, CURLOPT_PROXY_CAPATH, (char *)NULL);
    }
    if (rc == CURLE_OK && tls->check != NULL) {
        cossl_pin_check *check = tls->check;
        check->context = easy;
        rc = curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, recheck_before_request);
        if (rc == CURLE_OK) rc = curl_easy_setopt(easy, CURLOPT_PREREQDATA, check);
    }
    return rc;
}

void *ccurl_ssl_of(CURL *easy) {
    struct curl_tlssessioninfo *info = NULL;
    if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == NULL) return NULL;
    if (info->backend != CURLSSLBACKEND_OPENSSL) return NULL;
    return info->internals;
}

CURLcode ccurl_setopt_long(CURL *easy, CURLoption option, long value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_off(CURL *easy, CURLoption option, curl_off_t value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_str(CURL *easy, CURLoption option, const char *value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_ptr(CURL *easy, CURLoption option, void *value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *list) { return curl_easy_setopt(easy, option, list); }
CURLcode ccurl_setopt_write_fn(CURL *easy, CURLoption option, curl_write_callback fn) { return curl_easy_setopt(easy, option, fn); }

CURLcode ccurl_getinfo_long(CURL *easy, CURLINFO info, long *value) { return curl_easy_getinfo(easy, info, value); }
CURLcode ccurl_getinfo_ptr(CURL *easy, CURLINFO info, void **value) { return curl_easy_getinfo(easy, info, value); }
CURLcode ccurl_getinfo_str(CURL *easy, CURLINFO info, const char **value) { return curl_easy_getinfo(easy, info, value); }
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { return curl_multi_setopt(multi, option, value); }

const char *ccurl_ssl_version(void) {
    curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    return info && info->ssl_version ? info->ssl_version : "";
}
const char *ccurl_version(void) {
    curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    return info && info->version ? info->version : "";
}
