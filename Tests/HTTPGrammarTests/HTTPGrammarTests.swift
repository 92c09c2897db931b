// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import HTTPGrammar
import Testing

/// RFC 9110 §5.1 and §5.5: nothing can smuggle CR, LF or NUL into a request.
struct FieldSyntaxTests {
    @Test(arguments: ["Authorization", "X-Api-Key", "x_custom", "A!#$%&'*+-.^_`|~9"])
    func tokensAreAccepted(name: String) { #expect(HTTPGrammar.isToken(name)) }

    @Test(arguments: ["", "Bad Name", "Bad:Name", "Bad\r\nName", "Ümlaut", "a\u{0}b", "(x)"])
    func nonTokensAreRefused(name: String) { #expect(!HTTPGrammar.isToken(name)) }

    @Test func fieldValuesRefuseControlCharacters() {
        #expect(HTTPGrammar.isFieldValue("Bearer abc.def\tghi"))
        #expect(!HTTPGrammar.isFieldValue("a\r\nX-Injected: 1"))
        #expect(!HTTPGrammar.isFieldValue("a\nb"))
        #expect(!HTTPGrammar.isFieldValue("a\u{0}b"))
        #expect(!HTTPGrammar.isFieldValue("a\u{7F}b"))
    }
}

/// RFC 9110 §5.6.2 `tchar`, §11.2 `token68`, RFC 5234 `VCHAR`/`CTL`: each class over all 256 bytes.
struct ByteClassTests {
    static let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)

    @Test func tcharIsLettersDigitsAndFifteenMarks() {
        for byte in UInt8.min...UInt8.max {
            let expected = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || Self.tokenPunctuation.contains(byte)
            #expect(HTTPGrammar.isTokenCharacter(byte) == expected, "byte \(byte)")
        }
    }

    @Test func token68AddsNoDelimiterButItsOwnFive() {
        #expect("-._~+/".utf8.allSatisfy(HTTPGrammar.isToken68Character))
        #expect(!"=,; \"\t".utf8.contains(where: HTTPGrammar.isToken68Character))
    }

    @Test func visibleWhitespaceAndControlsPartitionASCII() {
        for byte in UInt8.min...0x7F {
            let classes = [HTTPGrammar.isVisible(byte), byte == HTTPGrammar.space, HTTPGrammar.isControl(byte) || byte == HTTPGrammar.tab]
            #expect(classes.filter { $0 }.count == 1, "byte \(byte)")
        }
        #expect(HTTPGrammar.isWhitespace(HTTPGrammar.tab) && HTTPGrammar.isWhitespace(HTTPGrammar.space) && !HTTPGrammar.isWhitespace(HTTPGrammar.lf))
    }

    /// RFC 9110 §5.1: field names are case-insensitive; only A–Z fold (no Unicode case mapping).
    @Test func namesCompareFoldingASCIILettersOnly() {
        #expect(HTTPGrammar.equalsIgnoringCase(Array("HoSt".utf8)[...], "host"))
        #expect(!HTTPGrammar.equalsIgnoringCase(Array("hos".utf8)[...], "host"))
        #expect(!HTTPGrammar.equalsIgnoringCase(Array("HOS\u{54}\u{0}".utf8)[...], "host"))
        #expect(!HTTPGrammar.equalsIgnoringCase([0xC8][...], "h"))
    }
}
