// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The number grammar of RFC 8259 §6:
///
///     number = [ minus ] int [ frac ] [ exp ]
///     int    = zero / ( digit1-9 *DIGIT )
///     frac   = decimal-point 1*DIGIT
///     exp    = e [ minus / plus ] 1*DIGIT
///
/// No leading `+`, no leading zeros, no bare `.`, no `NaN` or `Infinity`.
enum JSONNumberGrammar {
    enum Outcome {
        /// A literal occupies `start..<end`.
        case literal(end: Int)
        /// The literal is malformed at `offset`.
        case invalid(offset: Int, reason: String)
    }

    /// Scans the longest number literal that starts at `start` (whose byte must be `-` or a
    /// digit). What follows the literal is the caller's business.
    static func scan(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Outcome {
        let end = bytes.count
        var index = start
        if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(bytes[index]) else {
            return .invalid(offset: index, reason: "expected a digit in number")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, isDigit(bytes[index]) {
                return .invalid(offset: index, reason: "leading zero in number")
            }
        } else {
            index = skipDigits(bytes, from: index)
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < end, isDigit(bytes[index]) else {
                return .invalid(offset: index, reason: "expected a digit after the decimal point")
            }
            index = skipDigits(bytes, from: index)
        }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < end, isDigit(bytes[index]) else {
                return .invalid(offset: index, reason: "expected a digit in exponent")
            }
            index = skipDigits(bytes, from: index)
        }
        return .literal(end: index)
    }

    /// True when the whole of `literal` is one valid number.
    static func isValid(_ literal: String) -> Bool {
        var copy = literal
        return copy.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            guard !raw.isEmpty else { return false }
            if case .literal(let end) = scan(raw, from: 0) { return end == raw.count }
            return false
        }
    }

    /// The value of a plain integer literal (`-?digits`, no fraction or exponent) that
    /// fits in `Int`; nil for anything else.
    static func integerValue(of literal: String) -> Int? {
        guard isValid(literal) else { return nil }
        guard !literal.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) else {
            return nil
        }
        return Int(literal)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    private static func skipDigits(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index
    }
}
