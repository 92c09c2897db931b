// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// Compact output per RFC 8259, fit for one stdio line (MCP stdio: no embedded newlines).
@Suite struct JSONSerializerTests {
    @Test func writesCompactOutputInMemberOrderWithNumbersVerbatim() {
        let value: JSONValue = .object([
            "z": .array([.number("1.0"), .number("-0"), .number("1E+2"), .null, .bool(true), .bool(false)]),
            "a": .object(["nested": .string("x")]),
            "empty": .object([:]),
            "none": .array([])
        ])
        let expected = #"{"z":[1.0,-0,1E+2,null,true,false],"a":{"nested":"x"},"empty":{},"none":[]}"#
        #expect(String(decoding: value.serialized(), as: UTF8.self) == expected)
    }

    @Test func escapesQuoteBackslashAndEveryControlCharacter() {
        var text = "\"\\/"
        for scalar in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        let output = String(decoding: JSONValue.string(text).serialized(), as: UTF8.self)
        let expected =
            #""\"\\/\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f"#
            + #"\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f""#
        #expect(output == expected)
    }

    @Test func writesNonASCIIAndDELAsRawUTF8() {
        let text = "é中😀\u{7F}\u{2028}"
        #expect(JSONValue.string(text).serialized() == utf8("\"") + utf8(text) + utf8("\""))
    }

    @Test func escapesKeysLikeValues() {
        let value: JSONValue = .object(["a\"b\n": .string("c")])
        #expect(value.serialized() == utf8(#"{"a\"b\n":"c"}"#))
    }

    @Test func neverWritesCROrLF() {
        let value: JSONValue = .object([
            "line\nkey\r": .array([.string("a\r\nb"), .string("\n"), .string("\r"), .string(String(repeating: "\n\r", count: 50))])
        ])
        let output = value.serialized()
        #expect(!output.contains(0x0A))
        #expect(!output.contains(0x0D))
    }

    @Test(arguments: ["", "abc", "1.", "01", "+1", ".5", "1\n2", "NaN", "1 ", " 1", "0x1"])
    func writesNullForANumberLiteralThatIsNotValidJSON(_ literal: String) {
        #expect(JSONValue.number(literal).serialized() == utf8("null"))
        #expect(JSONValue.array([.number(literal)]).serialized() == utf8("[null]"))
    }

    @Test func duplicateMembersAreAllWritten() throws {
        let input = utf8(#"{"a":1,"a":2}"#)
        #expect(try JSONParser.parse(input).serialized() == input)
    }

    @Test func reserializingCompactInputReproducesItByteForByte() throws {
        let input = utf8(#"{"jsonrpc":"2.0","id":12345678901234567890,"result":{"x":[1.0,-0,1e400,"é\n\"q\""],"y":{}}}"#)
        #expect(try JSONParser.parse(input).serialized() == input)
    }

    static let roundTripSamples: [JSONValue] = [
        .null, .bool(false), .number("-12.5e-7"), .string(""), .string("\u{0}\u{1F}\"\\/é😀\r\n"),
        .array([.array([.array([])]), .object([:])]),
        .object(["": .string(""), "k": .array([.number("0"), .null]), "k2": .object(["deep": .array([.bool(true)])])]),
        .object(JSONObject([(key: "dup", value: .number("1")), (key: "dup", value: .number("2"))]))
    ]

    @Test(arguments: roundTripSamples)
    func parsingTheSerializedFormGivesBackTheSameValue(_ value: JSONValue) throws {
        let bytes = value.serialized()
        #expect(try JSONParser.parse(bytes) == value)
        #expect(!bytes.contains(0x0A) && !bytes.contains(0x0D))
    }

    @Test func randomValuesRoundTrip() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let value = randomValue(depth: 0, using: &generator)
            let bytes = value.serialized()
            #expect(try JSONParser.parse(bytes) == value)
            #expect(!bytes.contains(0x0A) && !bytes.contains(0x0D))
        }
    }

    private func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &generator)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(["0", "-0", "3.25", "1e400", "-7E-3", "12345678901234567890"].randomElement(using: &generator)!)
        case 3, 4: return .string(randomString(using: &generator))
        case 5:
            return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            let members = (0..<Int.random(in: 0..<5, using: &generator)).map { _ in
                (key: randomString(using: &generator), value: randomValue(depth: depth + 1, using: &generator))
            }
            return .object(JSONObject(members))
        }
    }

    private func randomString(using generator: inout SeededGenerator) -> String {
        let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1B}", "\u{7F}", "é", "中", "😀", "\u{FFFD}", " "]
        var text = ""
        for _ in 0..<Int.random(in: 0..<12, using: &generator) {
            text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
        }
        return text
    }
}
