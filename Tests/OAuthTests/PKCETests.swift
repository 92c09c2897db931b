// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Testing

@testable import OAuth

/// RFC 7636 (PKCE), S256 only.
@Suite struct PKCETests {
    @Test func appendixBVector() throws {
        // RFC 7636 Appendix B.
        let pkce = try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.method == "S256")
    }

    @Test func generatedVerifiersAreFreshAndWellFormed() {
        let verifiers = (0..<50).map { _ in PKCE.generate().verifier }
        #expect(Set(verifiers).count == 50)
        for verifier in verifiers {
            // 32 random octets → 43 base64url characters (RFC 7636 §4.1).
            #expect(verifier.utf8.count == 43)
            #expect(verifier.utf8.allSatisfy(PKCE.isUnreserved))
        }
    }

    @Test(arguments: [
        "short", String(repeating: "a", count: 42), String(repeating: "a", count: 129), String(repeating: "a", count: 42) + "+",
        String(repeating: "é", count: 43)
    ])
    func invalidVerifiersAreRefused(_ verifier: String) {
        #expect(PKCE(verifier: verifier) == nil)
    }

    @Test func lengthBoundsAreInclusive() {
        #expect(PKCE(verifier: String(repeating: "a", count: 43)) != nil)
        #expect(PKCE(verifier: String(repeating: "~", count: 128)) != nil)
    }

    @Test func base64URLMatchesRFC4648Vectors() {
        // RFC 4648 §10, in the URL alphabet and without padding.
        let vectors: [(String, String)] = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")
        ]
        for (input, output) in vectors { #expect(Base64URL.encode(Array(input.utf8)) == output) }
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.standardPadded([0xFB, 0xFF]) == "+/8=")
        #expect(Base64URL.standardPadded(Array("fooba".utf8)) == "Zm9vYmE=")
    }

    @Test func stateCarriesAtLeast128Bits() {
        let state = SecureRandom.token(bits: 256)
        #expect(state.utf8.count == 43)
        #expect(SecureRandom.token(bits: 256) != state)
    }
}
