// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// String decoding for the JSON parser, RFC 8259 §7 and §8.
///
/// - Raw bytes below U+0020 must be escaped; a raw control byte is an error.
/// - Escapes: `\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t` `\uXXXX`; anything else is an error.
/// - `\uD83D\uDE00`-style surrogate pairs combine into one scalar; a lone surrogate (high
///   without a following low, or a stray low) is accepted and decoded as U+FFFD, since a
///   Swift `String` cannot hold it (RFC 8259 §8.2 leaves the behaviour unpredictable).
/// - Raw bytes must be valid UTF-8 (RFC 8259 §8.1, RFC 3629).
extension JSONReader {
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// Parses the string whose opening quote is at `index`; leaves `index` after the closing quote.
    mutating func parseString() throws(JSONParseError) -> String {
        let opening = index
        let start = index + 1
        let cursor = scanPlain(from: start)
        guard cursor < bytes.count else { throw failure("unterminated string", at: opening) }

        if bytes[cursor] == Self.quote {  // the common case: no escapes
            // Our own check, then `String(decoding:)`, which the compiler specializes here: the
            // generic `String(validating:as:)` looked up type metadata for every string (issue
            // 15, measured with callgrind: about 650 instructions each, most of a short key's cost).
            guard UTF8Validation.firstInvalidOffset(in: bytes, from: start, to: cursor) == nil else {
                throw invalidUTF8(from: start, to: cursor)
            }
            let decoded = bytes.slice(start, cursor).withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
            index = cursor + 1
            return decoded
        }

        // Escapes: find the end (checking the syntax) and the UTF-8 first, then decode straight
        // into the String's own storage — one buffer of the final size, however long the string.
        let closing = try scanEscaped(from: cursor, opening: opening)
        guard UTF8Validation.firstInvalidOffset(in: bytes, from: start, to: closing) == nil else {
            throw invalidUTF8(from: start, to: closing)
        }
        let source = bytes
        let decoded = String(unsafeUninitializedCapacity: closing - start) { output in
            Self.decodeChecked(source, from: start, to: closing, into: output)
        }
        index = closing + 1
        return decoded
    }

    /// Checks the string whose opening quote is at `index` by the rules of `parseString`, without
    /// decoding it; leaves `index` after the closing quote (the skimming scanner, `JSONSkim`).
    mutating func skipString() throws(JSONParseError) {
        let opening = index
        let start = index + 1
        let cursor = scanPlain(from: start)
        guard cursor < bytes.count else { throw failure("unterminated string", at: opening) }
        let closing = bytes[cursor] == Self.quote ? cursor : try scanEscaped(from: cursor, opening: opening)
        guard UTF8Validation.firstInvalidOffset(in: bytes, from: start, to: closing) == nil else {
            throw invalidUTF8(from: start, to: closing)
        }
        index = closing + 1
    }

    /// The first index at or after `from` holding a quote, a backslash or a control byte.
    @inline(__always)
    private func scanPlain(from: Int) -> Int {
        var cursor = from
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == Self.quote || byte == Self.backslash || byte < 0x20 { break }
            cursor += 1
        }
        return cursor
    }

    /// The index of the closing quote of a string with escapes, checking every escape and that
    /// no control byte appears raw.
    private func scanEscaped(from position: Int, opening: Int) throws(JSONParseError) -> Int {
        var cursor = position
        while true {
            guard cursor < bytes.count else { throw failure("unterminated string", at: opening) }
            let byte = bytes[cursor]
            if byte == Self.quote { return cursor }
            if byte < 0x20 { throw failure("unescaped control character in string", at: cursor) }
            guard cursor + 1 < bytes.count else { throw failure("unterminated string", at: opening) }
            switch bytes[cursor + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                cursor += 2
            case UInt8(ascii: "u"):
                guard Self.hexQuad(bytes, at: cursor + 2) != nil else {
                    throw failure("invalid \\u escape (expected four hex digits)", at: cursor)
                }
                cursor += 6
            default:
                throw failure("invalid escape sequence in string", at: cursor)
            }
            cursor = scanPlain(from: cursor)
        }
    }

    /// Decodes `bytes[from..<to]`, already checked by `scanEscaped` and UTF-8 validation, into
    /// `output` (at least `to - from` bytes: an escape never decodes longer than it is written);
    /// returns the number of bytes written. `\uD83D\uDE00`-style pairs combine; a lone
    /// surrogate becomes U+FFFD.
    private static func decodeChecked(
        _ bytes: UnsafeRawBufferPointer, from: Int, to: Int,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var written = 0
        var cursor = from
        while cursor < to {
            let byte = bytes[cursor]
            if byte != backslash {
                output[written] = byte
                written += 1
                cursor += 1
                continue
            }
            let simple: UInt8
            switch bytes[cursor + 1] {
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"):
                let unit = hexQuad(bytes, at: cursor + 2) ?? 0xFFFD
                cursor += 6
                var scalar: UInt32 = 0xFFFD
                switch unit {
                case 0xD800...0xDBFF:
                    if cursor + 1 < to, bytes[cursor] == backslash, bytes[cursor + 1] == UInt8(ascii: "u"),
                        let low = hexQuad(bytes, at: cursor + 2), (0xDC00...0xDFFF).contains(low)
                    {
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        cursor += 6
                    }
                case 0xDC00...0xDFFF:
                    break  // a low surrogate on its own: U+FFFD
                default:
                    scalar = UInt32(unit)
                }
                written += writeUTF8(scalar, into: output, at: written)
                continue
            default: simple = bytes[cursor + 1]  // `"`, `\\` and `/` stand for themselves
            }
            output[written] = simple
            written += 1
            cursor += 2
        }
        return written
    }

    /// Four hex digits at `at..<at+4`, or nil.
    private static func hexQuad(_ bytes: UnsafeRawBufferPointer, at position: Int) -> UInt16? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Writes `scalar` as UTF-8 at `output[at...]`; returns the number of bytes.
    private static func writeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            output[at] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[at] = UInt8(0xC0 | scalar >> 6)
            output[at + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[at] = UInt8(0xE0 | scalar >> 12)
            output[at + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[at + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[at] = UInt8(0xF0 | scalar >> 18)
            output[at + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[at + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[at + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }

    /// The error for invalid UTF-8 somewhere in the raw string bytes `from..<to`. Escapes are
    /// ASCII and decode to whole sequences, so the raw bytes are valid exactly when the
    /// decoded bytes are.
    private func invalidUTF8(from: Int, to: Int) -> JSONParseError {
        let offset = UTF8Validation.firstInvalidOffset(in: bytes, from: from, to: to) ?? from
        return JSONParseError(offset: offset, reason: "invalid UTF-8 in string")
    }
}
