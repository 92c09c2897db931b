// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives

extension SecureRandom {
    /// A base64url token of `bits` random bits (rounded up to whole bytes): PKCE verifiers and
    /// `state` (RFC 7636 §4.1; OAuth 2.1 §7.5.2, at least 128 bits of entropy).
    static func token(bits: Int) -> String {
        Base64URL.encode(bytes((bits + 7) / 8))
    }
}
