// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The byte-level reading of TOML: keys, values, strings, comments.
struct TOMLCursor {
    let bytes: [UInt8]
    var index = 0

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }
    func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
    func failure(_ reason: String) -> ConfigParseError { ConfigParseError.at(index, in: bytes, reason) }

    mutating func skipSpaces() {
        while current == 0x20 || current == 0x09 { index += 1 }
    }

    mutating func skipComment() {
        guard current == UInt8(ascii: "#") else { return }
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
    }

    /// Blank lines and comment lines.
    mutating func skipBlankLines() {
        while true {
            skipSpaces()
            skipComment()
            if current == 0x0A {
                index += 1
            } else if current == 0x0D, peek(1) == 0x0A {
                index += 2
            } else {
                return
            }
        }
    }

    /// Optional spaces and comment, then a line break or the end.
    mutating func endOfLine() throws(ConfigParseError) {
        skipSpaces()
        skipComment()
        if current == 0x0D, peek(1) == 0x0A { index += 1 }
        guard current == nil || current == 0x0A else { throw failure("expected the end of the line") }
        if current == 0x0A { index += 1 }
    }

    /// Spaces, line breaks and comments inside an array.
    mutating func skipArrayTrivia() {
        while let byte = current {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == UInt8(ascii: "#") {
                skipComment()
            } else {
                return
            }
        }
    }

    static func isBare(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// `a.b."c d".'e'` with optional spaces around the dots.
    mutating func keyPath() throws(ConfigParseError) -> [(key: String, range: Range<Int>)] {
        var parts: [(key: String, range: Range<Int>)] = []
        while true {
            let start = index
            let key: String
            if current == UInt8(ascii: "\"") {
                key = try basicString()
            } else if current == UInt8(ascii: "'") {
                key = try literalString()
            } else {
                while let byte = current, Self.isBare(byte) { index += 1 }
                guard index > start else { throw failure("expected a key") }
                key = String(decoding: bytes[start..<index], as: UTF8.self)
            }
            parts.append((key, start..<index))
            skipSpaces()
            guard current == UInt8(ascii: ".") else { return parts }
            index += 1
            skipSpaces()
        }
    }

    mutating func value(depth: Int) throws(ConfigParseError) -> ConfigValue {
        guard depth < ConfigLimits.maxDepth else { throw failure("nested deeper than \(ConfigLimits.maxDepth) levels") }
        let start = index
        switch current {
        case UInt8(ascii: "\"")?: return ConfigValue(.string(try basicString()), range: start..<index)
        case UInt8(ascii: "'")?: return ConfigValue(.string(try literalString()), range: start..<index)
        case UInt8(ascii: "[")?:
            index += 1
            var elements: [ConfigValue] = []
            skipArrayTrivia()
            while current != UInt8(ascii: "]") {
                guard current != nil else { throw failure("unterminated array") }
                elements.append(try value(depth: depth + 1))
                skipArrayTrivia()
                if current == UInt8(ascii: ",") {
                    index += 1
                    skipArrayTrivia()
                } else if current != UInt8(ascii: "]") {
                    throw failure("expected ',' or ']' in an array")
                }
            }
            index += 1
            return ConfigValue(.array(elements), range: start..<index)
        case UInt8(ascii: "{")?:
            index += 1
            let table = TOMLTable(start: start)
            skipSpaces()
            while current != UInt8(ascii: "}") {
                let path = try keyPath()
                guard current == UInt8(ascii: "=") else { throw failure("expected '=' in an inline table") }
                index += 1
                skipSpaces()
                try table.assign(path, try value(depth: depth + 1), failure: failure)
                skipSpaces()
                if current == UInt8(ascii: ",") {
                    index += 1
                    skipSpaces()
                } else if current != UInt8(ascii: "}") {
                    throw failure("expected ',' or '}' in an inline table")
                }
            }
            index += 1
            table.end = index
            return table.value()
        default:
            // Numbers, booleans, dates and times: one bare word.
            while let byte = current, Self.isBare(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") {
                index += 1
            }
            guard index > start else { throw failure("expected a value") }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            if word == "true" || word == "false" { return ConfigValue(.bool(word == "true"), range: start..<index) }
            guard let first = word.unicodeScalars.first, ("0"..."9").contains(first) || "+-in".unicodeScalars.contains(first) else {
                throw failure("unexpected word where a value belongs (strings need quotes)")
            }
            return ConfigValue(.number(word), range: start..<index)
        }
    }

    /// `"…"` or `"""…"""` with TOML's escapes.
    mutating func basicString() throws(ConfigParseError) -> String {
        let multiline = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        let opening = index
        index += multiline ? 3 : 1
        if multiline { skipFirstNewline() }
        var scalars = String.UnicodeScalarView()
        while true {
            guard let byte = current else {
                index = opening
                throw failure("unterminated string")
            }
            if byte == UInt8(ascii: "\"") {
                if !multiline {
                    index += 1
                    return String(scalars)
                }
                if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                    index += 3
                    return String(scalars)
                }
            }
            if byte == 0x0A && !multiline { throw failure("line break in a one-line string") }
            if byte == UInt8(ascii: "\\") {
                index += 1
                if multiline, let next = current, next == 0x0A || next == 0x20 || next == 0x09 || next == 0x0D {
                    // A line-ending backslash trims the line break and the whitespace after it.
                    while let space = current, space == 0x0A || space == 0x20 || space == 0x09 || space == 0x0D { index += 1 }
                    continue
                }
                scalars.append(try escape())
                continue
            }
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            scalars.append(contentsOf: String(decoding: bytes[index..<min(index + length, bytes.count)], as: UTF8.self).unicodeScalars)
            index += length
        }
    }

    /// `'…'` or `'''…'''`: no escapes.
    mutating func literalString() throws(ConfigParseError) -> String {
        let multiline = peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'")
        let opening = index
        index += multiline ? 3 : 1
        if multiline { skipFirstNewline() }
        let start = index
        while true {
            guard let byte = current else {
                index = opening
                throw failure("unterminated string")
            }
            if byte == UInt8(ascii: "'"), !multiline || (peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'")) {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += multiline ? 3 : 1
                return text
            }
            if byte == 0x0A && !multiline { throw failure("line break in a one-line string") }
            index += 1
        }
    }

    private mutating func skipFirstNewline() {
        if current == 0x0A {
            index += 1
        } else if current == 0x0D, peek(1) == 0x0A {
            index += 2
        }
    }

    private mutating func escape() throws(ConfigParseError) -> Unicode.Scalar {
        guard let byte = current else { throw failure("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "e"): return "\u{1B}"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let next = current, let digit = JSONCReader.Cursor.hexValue(next) else {
                    throw failure("\\\(Character(Unicode.Scalar(byte))) needs \(count) hex digits")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure("\\u names no Unicode scalar") }
            return scalar
        default:
            index -= 1
            throw failure("unknown escape in a string")
        }
    }
}
