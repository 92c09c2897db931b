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
        var cursor = scanPlain(from: start)
        guard cursor < bytes.count else { throw failure("unterminated string", at: opening) }

        if bytes[cursor] == Self.quote {  // the common case: no escapes, one validation pass
            let decoded = bytes.slice(start, cursor).withMemoryRebound(to: UInt8.self) {
                String(validating: $0, as: UTF8.self)
            }
            guard let decoded else { throw invalidUTF8(from: start, to: cursor) }
            index = cursor + 1
            return decoded
        }

        scratch.removeAll(keepingCapacity: true)
        var segmentStart = start
        while true {
            guard cursor < bytes.count else { throw failure("unterminated string", at: opening) }
            let byte = bytes[cursor]
            if byte == Self.quote { break }
            if byte < 0x20 { throw failure("unescaped control character in string", at: cursor) }
            // A backslash: flush the plain bytes before it, then decode the escape.
            scratch.appendBytes(bytes, from: segmentStart, to: cursor)
            cursor = try decodeEscape(at: cursor, opening: opening)
            segmentStart = cursor
            cursor = scanPlain(from: cursor)
        }
        scratch.appendBytes(bytes, from: segmentStart, to: cursor)
        guard let decoded = String(validating: scratch, as: UTF8.self) else {
            throw invalidUTF8(from: start, to: cursor)
        }
        index = cursor + 1
        return decoded
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

    /// Decodes the escape whose backslash is at `at` into `scratch`; returns the index after it.
    private mutating func decodeEscape(at position: Int, opening: Int) throws(JSONParseError) -> Int {
        guard position + 1 < bytes.count else { throw failure("unterminated string", at: opening) }
        let simple: UInt8
        switch bytes[position + 1] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            return try decodeUnicodeEscape(at: position)
        default:
            throw failure("invalid escape sequence in string", at: position)
        }
        scratch.append(simple)
        return position + 2
    }

    /// `\uXXXX`, combining a high surrogate with an immediately following `\uXXXX` low one.
    private mutating func decodeUnicodeEscape(at position: Int) throws(JSONParseError) -> Int {
        guard let unit = hexQuad(at: position + 2) else {
            throw failure("invalid \\u escape (expected four hex digits)", at: position)
        }
        var next = position + 6
        var scalar: UInt32 = 0xFFFD
        switch unit {
        case 0xD800...0xDBFF:
            if next + 1 < bytes.count, bytes[next] == Self.backslash, bytes[next + 1] == UInt8(ascii: "u"),
               let low = hexQuad(at: next + 2), (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                next += 6
            }
        case 0xDC00...0xDFFF:
            break  // a low surrogate on its own: U+FFFD
        default:
            scalar = UInt32(unit)
        }
        appendUTF8(scalar)
        return next
    }

    /// Four hex digits at `at..<at+4`, or nil.
    private func hexQuad(at position: Int) -> UInt16? {
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

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
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
