// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import HTTPGrammar

/// base64url without padding (RFC 4648 §5), as PKCE (RFC 7636 §3) and `state` use it; and
/// padded standard base64 (RFC 4648 §4) for HTTP Basic credentials. Foundation's encoder, as
/// PinnedHTTP's pins and MCPTransport's header values use it.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        let url = standardPadded(bytes).utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: url, as: UTF8.self)
    }

    /// The URL-safe alphabet (RFC 4648 §5, Table 2): A–Z, a–z, 0–9, `-`, `_`.
    static func isAlphabet(_ byte: UInt8) -> Bool {
        HTTPGrammar.isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    static func standardPadded(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
