// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// RFC 8259 §6: the number grammar, and literals kept verbatim.
@Suite struct JSONNumberTests {
    @Test(arguments: [
        "0", "-0", "1.0", "-0.0", "12345678901234567890", "1e400", "-1e-400", "1E+2", "1e-2", "0.5",
        "123.456e789", "0e0", "-0E-0", "9007199254740993", "1.000000000000000000001"
    ])
    func validNumbersAreKeptVerbatim(_ literal: String) throws {
        #expect(try parsed(literal) == .number(literal))
        #expect(try parsed("[\(literal)]") == .array([.number(literal)]))
        #expect(JSONValue.number(literal).serialized() == utf8(literal))
    }

    @Test(arguments: [
        ("01", "leading zero in number"),
        ("-01", "leading zero in number"),
        ("00", "leading zero in number"),
        ("1.", "expected a digit after the decimal point"),
        ("1.e5", "expected a digit after the decimal point"),
        ("-", "expected a digit in number"),
        ("-a", "expected a digit in number"),
        ("--1", "expected a digit in number"),
        ("1e", "expected a digit in exponent"),
        ("1e+", "expected a digit in exponent"),
        ("1E-x", "expected a digit in exponent")
    ])
    func malformedNumbersNameTheRuleBroken(_ literal: String, _ reason: String) {
        #expect(parseFailure(literal)?.reason == reason)
    }

    @Test(arguments: [".5", "+1", "-.5", "0x10", "1_000", "1;5", "١", "Infinity", "1.5.5", "1e5e5", "0.1.", "- 1"])
    func otherNonNumbersAreRejected(_ literal: String) {
        #expect(parseFailure(literal) != nil)
        #expect(parseFailure("[\(literal)]") != nil)
    }

    @Test func leadingZeroErrorPointsAtTheSecondDigit() {
        #expect(parseFailure("[1, 012]")?.offset == 5)
    }

    @Test func integerValueReadsPlainIntegersOnly() {
        #expect(JSONValue.number("-32600").intValue == -32600)
        #expect(JSONValue.number("0").intValue == 0)
        #expect(JSONValue.number("1.0").intValue == nil)
        #expect(JSONValue.number("1e2").intValue == nil)
        #expect(JSONValue.number("99999999999999999999").intValue == nil)
        #expect(JSONValue.number("+5").intValue == nil)
        #expect(JSONValue.string("5").intValue == nil)
        #expect(JSONValue.integer(-7) == .number("-7"))
    }
}
