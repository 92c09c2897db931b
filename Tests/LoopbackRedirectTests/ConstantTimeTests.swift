// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import LoopbackRedirect

/// A byte collection that counts how often its elements are read.
private final class ReadCounter: @unchecked Sendable {
    var reads = 0
}

private struct CountingBytes: Collection {
    let bytes: [UInt8]
    let counter: ReadCounter
    var startIndex: Int { bytes.startIndex }
    var endIndex: Int { bytes.endIndex }
    func index(after i: Int) -> Int { i + 1 }
    subscript(position: Int) -> UInt8 {
        counter.reads += 1
        return bytes[position]
    }
}

/// `state` comparison without an early exit (OAuth 2.1 draft-13 §7.12.2).
struct ConstantTimeTests {
    @Test(arguments: [
        ("", "", true), ("a", "a", true), ("st4te", "st4te", true),
        ("st4te", "st4tf", false), ("st4te", "xt4te", false), ("st4te", "st4t", false),
        ("", "a", false), ("abc", "ABC", false)
    ])
    func equality(_ a: String, _ b: String, _ equal: Bool) {
        #expect(ConstantTime.equal(Array(a.utf8), Array(b.utf8)) == equal)
        #expect(ConstantTime.equal(Array(b.utf8), Array(a.utf8)) == equal)
    }

    @Test func everyByteIsReadEvenWhenTheFirstDiffers() {
        let counter = ReadCounter()
        let secret = Array(String(repeating: "s", count: 64).utf8)
        var guess = secret
        guess[0] = UInt8(ascii: "x")
        #expect(!ConstantTime.equal(CountingBytes(bytes: guess, counter: counter), secret))
        #expect(counter.reads == 64)
    }

    @Test func differentLengthsAreNotReadAtAll() {
        let counter = ReadCounter()
        #expect(!ConstantTime.equal(CountingBytes(bytes: [1, 2, 3], counter: counter), [1, 2]))
        #expect(counter.reads == 0)
    }

    @Test func everyBitCounts() {
        let base: [UInt8] = Array(repeating: 0xA5, count: 16)
        for index in base.indices {
            for bit in 0..<8 {
                var flipped = base
                flipped[index] ^= 1 << bit
                #expect(!ConstantTime.equal(base, flipped))
            }
        }
    }
}
