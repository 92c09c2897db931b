// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// RFC 8259 §2–§5: structure, whitespace, literals and what must be rejected around values.
@Suite struct JSONParserGrammarTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try parsed(#"{"a":[true,false,null,-1.5e3,"x",{},[]],"b":{"c":"d"}}"#)
        let expected: JSONValue = .object([
            "a": .array([.bool(true), .bool(false), .null, .number("-1.5e3"), .string("x"), .object([:]), .array([])]),
            "b": .object(["c": .string("d")])
        ])
        #expect(value == expected)
    }

    @Test func scalarsAreValidTopLevelValues() throws {
        #expect(try parsed("null") == .null)
        #expect(try parsed("true") == .bool(true))
        #expect(try parsed(#""hi""#) == .string("hi"))
        #expect(try parsed("7") == .number("7"))
    }

    @Test func acceptsTheFourWhitespaceBytesAroundAndInsideValues() throws {
        let value = try parsed(" \t\r\n{ \"k\" \n:\r[ 1 ,\t2 ] } \r\n\t ")
        #expect(value == .object(["k": .array([.number("1"), .number("2")])]))
    }

    @Test(arguments: [
        "\u{0C}1",  // form feed is not JSON whitespace
        "\u{0B}1",  // vertical tab
        "\u{A0}1",  // no-break space
        "1\u{2028}",  // line separator after the value
        "[1,\u{0C}2]"
    ])
    func rejectsOtherWhitespace(_ text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test func rejectsEmptyAndWhitespaceOnlyInput() {
        #expect(parseFailure("")?.reason == "unexpected end of input, expected a value")
        #expect(parseFailure(" \n\t ")?.offset == 4)
    }

    @Test(arguments: ["1 2", "{} {}", "[]]", "null x", #""a""b""#, "true,", "{}\u{0}"])
    func rejectsTrailingDataAfterTheValue(_ text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test func trailingGarbageErrorPointsAtTheFirstExtraByte() {
        let error = parseFailure(#"{"a":1}  x"#)
        #expect(error == JSONParseError(offset: 9, reason: "unexpected data after the JSON value"))
    }

    @Test(arguments: ["[1,]", #"{"a":1,}"#, "[,1]", "[1,,2]", #"{,"a":1}"#, "{\"a\":1,,\"b\":2}"])
    func rejectsMisplacedCommas(_ text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test(arguments: ["// c\n1", "/* c */ 1", "[1 /* c */]", "# c\n1", "1 // c"])
    func rejectsComments(_ text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test(arguments: [
        "NaN", "Infinity", "-Infinity", "[NaN]", "undefined", "True", "NULL", "nul", "tru", "falsey",
        "nulll", "'a'", "{a:1}", "{'a':1}", "[1 2]", #"{"a" 1}"#, #"{"a":}"#, #"{1:2}"#, "{null:1}"
    ])
    func rejectsNonJSONTokens(_ text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test(arguments: ["[", "{", "[1", #"{"a""#, #"{"a":"#, #"{"a":1"#, "[[]", #"{"a":{}"#, "tr", "-"])
    func rejectsTruncatedInput(_ text: String) {
        #expect(parseFailure(text) != nil)
    }

    @Test func rejectsALeadingByteOrderMark() {
        let error = parseFailure([0xEF, 0xBB, 0xBF] + utf8("{}"))
        #expect(error?.offset == 0)
        #expect(error?.reason.contains("byte order mark") == true)
    }

    @Test func rejectsInvalidUTF8OutsideStrings() {
        #expect(parseFailure([0xFF]) != nil)
        #expect(parseFailure(utf8("[1,") + [0xC3, 0xA9] + utf8("]")) != nil)
    }

    @Test func acceptsNestingExactlyAtMaxDepthAndRejectsOneMore() throws {
        let atLimit = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try JSONParser.parse(utf8(atLimit)).arrayValue != nil)
        let overLimit = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let error = parseFailure(overLimit)
        #expect(error?.offset == 256)
        #expect(error?.reason == "nesting deeper than 256 levels")
    }

    @Test func objectsCountTowardsDepthLikeArrays() {
        let nested = String(repeating: #"{"a":"#, count: 5) + "1" + String(repeating: "}", count: 5)
        #expect(parseFailure(utf8(nested), maxDepth: 5) == nil)
        #expect(parseFailure(utf8(nested), maxDepth: 4) != nil)
    }

    @Test func aMillionOpeningBracketsFailWithoutCrashing() {
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let error = parseFailure(hostile)
        #expect(error?.reason == "nesting deeper than 256 levels")
    }

    @Test func aMillionOpeningBracketsWithAHugeDepthLimitEndWithATruncationError() {
        let hostile = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let error = parseFailure(hostile, maxDepth: 2_000_000)
        #expect(error?.offset == 1_000_000)
    }

    @Test func duplicateKeysAreKeptAndTheLastOneWinsOnLookup() throws {
        let value = try parsed(#"{"k":1,"other":true,"k":2}"#)
        #expect(value["k"] == .number("2"))
        #expect(value.objectValue?.members.map(\.key) == ["k", "other", "k"])
        #expect(value.objectValue?.members.first?.value == .number("1"))
    }

    @Test func memberOrderIsKept() throws {
        let value = try parsed(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func errorDescriptionNamesOffsetAndReasonButNotTheInput() {
        let error = parseFailure(#"{"secret-token-123":"unterminated"#)
        #expect(error?.description == "invalid JSON at byte 20: unterminated string")
        #expect(error?.description.contains("secret") == false)
    }

    @Test func parsingFromARawBufferMatchesParsingFromAnArray() throws {
        let bytes = utf8(#"{"a":[1,"b",null]}"#)
        let fromBuffer = try bytes.withUnsafeBytes { raw in try JSONParser.parse(raw) }
        #expect(fromBuffer == (try JSONParser.parse(bytes)))
    }

    @Test func parsesASliceOfALargerBufferWithoutReadingPastIt() throws {
        let bytes = utf8(#"[1,2]garbage"#)
        let value = try bytes.withUnsafeBytes { raw in try JSONParser.parse(UnsafeRawBufferPointer(rebasing: raw[0..<5])) }
        #expect(value == .array([.number("1"), .number("2")]))
    }
}
