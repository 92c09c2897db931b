// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// libcurl is loaded at run time (curl_loader.c): the libcurl functions mcp-warden calls are
// defined in this target and forward to libcurl.so.4's, which the first of them loads.
#ifndef MCP_WARDEN_CCURL_LOADER_H
#define MCP_WARDEN_CCURL_LOADER_H
#include <curl/curl.h>

/// Loads libcurl.so.4 (the OpenSSL build) and its dependencies once per process; later and
/// concurrent calls wait for that one. 1 when it is loaded, 0 when it cannot be.
int ccurl_load(void);
/// 1 when libcurl is loaded already (never waits, never loads), else 0.
int ccurl_is_loaded(void);
/// Why libcurl could not be loaded (loads it first if needed), or NULL when it is loaded.
const char *ccurl_load_error(void);

#endif
