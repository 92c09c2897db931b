// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// OpenSSL's one-time set-up, done ahead of need (see warmup.c).
#ifndef MCP_WARDEN_COSSL_WARMUP_H
#define MCP_WARDEN_COSSL_WARMUP_H

/// Builds the tables OpenSSL 3 fills on first use of its algorithms: the configuration, the
/// cipher and digest implementations, a TLS client context's lists, the public-key decoders
/// and the random generators. Changes no setting; safe on any thread at any time.
void cossl_warm_up(void);

#endif
