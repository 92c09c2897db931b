// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import LoopbackRedirect

/// application/x-www-form-urlencoded decoding, made strict (WHATWG URL §5.1; RFC 6749 §3.1).
struct CallbackQueryTests {
    private func decode(_ text: String) -> CallbackQuery? {
        CallbackQuery.decode(ArraySlice(text.utf8))
    }

    @Test func plusIsASpaceAndPercentEscapesAreBytes() {
        #expect(decode("a=x+y%20z&b=%E2%9C%93&c=%2B") == CallbackQuery(["a": "x y z", "b": "✓", "c": "+"]))
    }

    @Test func namesAreDecodedToo() {
        #expect(decode("st%61te=1") == CallbackQuery(["state": "1"]))
    }

    @Test func emptySegmentsAreSkippedAndANameWithoutEqualsHasAnEmptyValue() {
        #expect(decode("&a=1&&b&") == CallbackQuery(["a": "1", "b": ""]))
        #expect(decode("") == CallbackQuery())
        #expect(decode("a==b") == CallbackQuery(["a": "=b"]))
    }

    @Test(arguments: ["a=%", "a=%2", "a=%g0", "a=%0g", "%=1", "a=%00", "a=%1F", "a=%7F", "a=%0D%0A", "a=%80", "a=%C3", "a=%ED%A0%80", "a=1&a=2", "a=1&a"])
    func isRefused(_ query: String) {
        #expect(decode(query) == nil)
    }
}
