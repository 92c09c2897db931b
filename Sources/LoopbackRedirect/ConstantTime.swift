// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Equality of secrets without an early exit (OAuth 2.1 draft-13 §7.12.2: `state` is a
/// one-time secret; RFC 6749 §10.12 asks that it not be guessable).
enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Lengths are compared first (a length is not
    /// secret); when they are equal, every byte pair is XOR-ed into one accumulator and all of
    /// them are read, whatever the first difference, so the time taken does not say how many
    /// leading bytes matched.
    static func equal<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) {
            difference |= x ^ y
        }
        return difference == 0
    }
}
