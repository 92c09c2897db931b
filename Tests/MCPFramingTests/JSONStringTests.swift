// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// RFC 8259 §7 (escapes, control characters, surrogates) and §8.1 (UTF-8 only).
@Suite struct JSONStringTests {
    @Test func decodesEverySimpleEscape() throws {
        #expect(try parsed(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
    }

    @Test func decodesUnicodeEscapesInEitherCase() throws {
        #expect(try parsed(#""\u0041\u00e9\u00E9\u4E2D\u0000""#) == .string("Aéé中\u{0}"))
    }

    @Test func combinesASurrogatePair() throws {
        #expect(try parsed(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try parsed(#""x\ud834\udd1ey""#) == .string("x𝄞y"))
    }

    @Test(arguments: [
        (#""\uD83D""#, "\u{FFFD}"),  // high surrogate at the end
        (#""\uD83Dx""#, "\u{FFFD}x"),  // high followed by a plain character
        (#""\uDE00""#, "\u{FFFD}"),  // low surrogate on its own
        (#""\uDE00\uD83D""#, "\u{FFFD}\u{FFFD}"),  // pair in the wrong order
        (#""\uD83D\u0041""#, "\u{FFFD}A"),  // high followed by a non-surrogate escape
        (#""\uD83D\uD83D\uDE00""#, "\u{FFFD}😀"),  // two highs, then a low
        (#""\uD83D\n""#, "\u{FFFD}\n")
    ])
    func loneSurrogatesBecomeReplacementCharacters(_ json: String, _ expected: String) throws {
        #expect(try parsed(json) == .string(expected))
    }

    @Test(arguments: [#""\x41""#, #""\a""#, #""\U0041""#, #""\u12""#, #""\u12G4""#, #""\'""#, #""\ ""#, #""\0""#])
    func rejectsInvalidEscapes(_ json: String) {
        #expect(parseFailure(json) != nil)
    }

    @Test func invalidEscapeErrorPointsAtTheBackslash() {
        #expect(parseFailure(#""abc\qdef""#) == JSONParseError(offset: 4, reason: "invalid escape sequence in string"))
    }

    @Test func rejectsEveryRawControlCharacter() {
        for byte in UInt8(0)..<0x20 {
            let error = parseFailure([UInt8(ascii: "\""), UInt8(ascii: "a"), byte, UInt8(ascii: "\"")])
            #expect(error == JSONParseError(offset: 2, reason: "unescaped control character in string"), "byte \(byte)")
        }
    }

    @Test func rejectsARawControlCharacterAfterAnEscape() {
        #expect(parseFailure("\"\\n\u{1F}\"")?.offset == 3)
    }

    @Test func acceptsDELAndNonASCIIRaw() throws {
        #expect(try parsed("\"\u{7F}é中😀\"") == .string("\u{7F}é中😀"))
    }

    @Test(arguments: [#"""#, #""abc"#, #""abc\"#, #""abc\""#, #""\u00"#])
    func rejectsUnterminatedStrings(_ json: String) {
        #expect(parseFailure(json) != nil)
    }

    @Test func unterminatedStringErrorPointsAtTheOpeningQuote() {
        #expect(parseFailure(#"[1, "abc"#) == JSONParseError(offset: 4, reason: "unterminated string"))
    }

    @Test(
        arguments: [
            [0xC0, 0xAF],  // overlong "/"
            [0xC1, 0xBF],  // overlong
            [0xE0, 0x80, 0xAF],  // overlong 3-byte
            [0xF0, 0x80, 0x80, 0xAF],  // overlong 4-byte
            [0xED, 0xA0, 0x80],  // U+D800 encoded in UTF-8
            [0xED, 0xBF, 0xBF],  // U+DFFF encoded in UTF-8
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],
            [0xC3],  // truncated 2-byte
            [0xE4, 0xB8],  // truncated 3-byte
            [0xF0, 0x9F, 0x98],  // truncated 4-byte
            [0x80],  // lone continuation byte
            [0xBF, 0x41],
            [0xFE], [0xFF],
            [0xC3, 0x41]  // lead followed by ASCII
        ] as [[UInt8]])
    func rejectsInvalidUTF8InStrings(_ sequence: [UInt8]) {
        let plain = parseFailure(utf8("\"ab") + sequence + utf8("\""))
        #expect(plain?.reason == "invalid UTF-8 in string")
        #expect(plain?.offset ?? 0 >= 3)
        let withEscape = parseFailure(utf8("\"\\n") + sequence + utf8("\\t\""))
        #expect(withEscape?.reason == "invalid UTF-8 in string")
    }

    @Test func invalidUTF8ErrorPointsAtTheOffendingByte() {
        #expect(parseFailure(utf8("\"é") + [0xE4, 0xB8, 0x41] + utf8("\""))?.offset == 5)
        #expect(parseFailure(utf8("{\"k\":\"\\u0041") + [0xFF] + utf8("\"}"))?.offset == 12)
    }

    @Test func invalidUTF8InAnObjectKeyIsRejected() {
        #expect(parseFailure(utf8("{\"") + [0xED, 0xA0, 0x80] + utf8("\":1}")) != nil)
    }

    @Test func acceptsValidMultiByteSequencesAtEveryBoundary() throws {
        let text = "\u{80}\u{7FF}\u{800}\u{D7FF}\u{E000}\u{FFFF}\u{10000}\u{10FFFF}"
        #expect(try parsed("\"\(text)\"") == .string(text))
    }

    /// Strings with escapes are decoded straight into the String's storage, sized by the raw
    /// length: escapes of every width, multi-byte text and pairs must all land in place.
    @Test func aLongStringMixingEscapesAndRawTextDecodesExactly() throws {
        var raw = ""
        var expected = ""
        for i in 0..<5000 {
            raw += "line \(i)\\n\\t\\\"é\\u00e9\\ud83d\\ude00中\\/"
            expected += "line \(i)\n\t\"éé😀中/"
        }
        raw += "\\ud800x\\udc00"
        expected += "\u{FFFD}x\u{FFFD}"
        #expect(try parsed("\"" + raw + "\"") == .string(expected))
    }

    @Test func escapedAndRawFormsDecodeToTheSameString() throws {
        #expect(try parsed(#""\u00e9\u4e2d\ud83d\ude00""#) == (try parsed("\"é中😀\"")))
    }
}
