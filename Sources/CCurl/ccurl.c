#include "ccurl.h"

CURLcode ccurl_setopt_long(CURL *easy, CURLoption option, long value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_off(CURL *easy, CURLoption option, curl_off_t value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_str(CURL *easy, CURLoption option, const char *value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_ptr(CURL *easy, CURLoption option, void *value) { return curl_easy_setopt(easy, option, value); }
CURLcode ccurl_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *list) { return curl_easy_setopt(easy, option, list); }
CURLcode ccurl_setopt_write_fn(CURL *easy, CURLoption option, curl_write_callback fn) { return curl_easy_setopt(easy, option, fn); }

CURLcode ccurl_setopt_blob(CURL *easy, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return curl_easy_setopt(easy, option, &blob);
}

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
