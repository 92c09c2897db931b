// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives

/// Proof Key for Code Exchange with S256 only (RFC 7636; OAuth 2.1 draft-13 §4.1.1, §7.5.2;
/// MCP authorization "Authorization Code Protection"; DESIGN.md invariant 6).
public struct PKCE: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// 43–128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1). Secret: never printed.
    public let verifier: String
    /// BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 §4.2).
    public let challenge: String
    public static let method = "S256"

    /// A fresh verifier from 32 random octets (RFC 7636 §4.1 recommends 32 octets → 43 characters).
    public static func generate() -> PKCE {
        PKCE(verifier: SecureRandom.token(bits: 256))!
    }

    /// Nil when the verifier breaks RFC 7636 §4.1's length or alphabet.
    public init?(verifier: String) {
        let bytes = Array(verifier.utf8)
        guard (43...128).contains(bytes.count), bytes.allSatisfy(PKCE.isUnreserved) else { return nil }
        self.verifier = verifier
        self.challenge = Base64URL.encode(Digest.sha256(bytes))
    }

    public var description: String { "PKCE(verifier: <redacted>, challenge: \(challenge), method: S256)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
