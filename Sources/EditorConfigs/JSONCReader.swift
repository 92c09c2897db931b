// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// JSON with the two extensions editors accept (VS Code's JSONC, Zed's settings, and what Claude
/// Desktop and Cursor tolerate): `//` and `/* */` comments and trailing commas. Otherwise RFC 8259:
/// the same string escapes, numbers and literals; UTF-8 only (a byte order mark is skipped, as
/// VS Code writes none but Windows editors may). Every value keeps its byte range.
public enum JSONCReader {
    public static func parse(_ bytes: [UInt8]) throws(ConfigParseError) -> ConfigValue {
        if let bad = ConfigLimits.firstInvalidUTF8(bytes) { throw ConfigParseError.at(bad, in: bytes, "not UTF-8") }
        var reader = Cursor(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        try reader.skipTrivia()
        let value = try reader.value(depth: 0)
        try reader.skipTrivia()
        guard reader.index == bytes.count else { throw reader.failure("unexpected text after the top-level value") }
        return value
    }

    struct Cursor {
        let bytes: [UInt8]
        var index = 0

        func failure(_ reason: String) -> ConfigParseError { ConfigParseError.at(index, in: bytes, reason) }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        /// Whitespace and comments.
        mutating func skipTrivia() throws(ConfigParseError) {
            while let byte = current {
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                    let start = index
                    index += 2
                    while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                    guard index + 1 < bytes.count else {
                        index = start
                        throw failure("unterminated /* comment")
                    }
                    index += 2
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(ConfigParseError) -> ConfigValue {
            guard depth < ConfigLimits.maxDepth else { throw failure("nested deeper than \(ConfigLimits.maxDepth) levels") }
            let start = index
            switch current {
            case UInt8(ascii: "{")?: return try object(depth: depth)
            case UInt8(ascii: "[")?: return try array(depth: depth)
            case UInt8(ascii: "\"")?: return ConfigValue(.string(try string()), range: start..<index)
            case UInt8(ascii: "t")?: return try literal("true", .bool(true))
            case UInt8(ascii: "f")?: return try literal("false", .bool(false))
            case UInt8(ascii: "n")?: return try literal("null", .null)
            case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: return try number()
            case nil: throw failure("unexpected end of file, expected a value")
            default: throw failure("unexpected character, expected a value")
            }
        }

        private mutating func literal(_ word: String, _ kind: ConfigValue.Kind) throws(ConfigParseError) -> ConfigValue {
            let start = index
            let expected = Array(word.utf8)
            guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw failure("unexpected word (only true, false and null)")
            }
            index += expected.count
            return ConfigValue(kind, range: start..<index)
        }

        private mutating func number() throws(ConfigParseError) -> ConfigValue {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { throw failure("malformed number") }
            if first == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
            if current == UInt8(ascii: ".") {
                index += 1
                guard skipDigits() > 0 else { throw failure("malformed number: digits must follow '.'") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard skipDigits() > 0 else { throw failure("malformed number: digits must follow the exponent") }
            }
            return ConfigValue(.number(String(decoding: bytes[start..<index], as: UTF8.self)), range: start..<index)
        }

        @discardableResult
        private mutating func skipDigits() -> Int {
            let start = index
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            return index - start
        }

        private mutating func array(depth: Int) throws(ConfigParseError) -> ConfigValue {
            let start = index
            index += 1
            var elements: [ConfigValue] = []
            try skipTrivia()
            while current != UInt8(ascii: "]") {
                elements.append(try value(depth: depth + 1))
                try skipTrivia()
                if current == UInt8(ascii: ",") {
                    index += 1
                    try skipTrivia()
                } else if current != UInt8(ascii: "]") {
                    throw failure(current == nil ? "unterminated array" : "expected ',' or ']' in an array")
                }
            }
            index += 1
            return ConfigValue(.array(elements), range: start..<index)
        }

        private mutating func object(depth: Int) throws(ConfigParseError) -> ConfigValue {
            let start = index
            index += 1
            var members: [ConfigMember] = []
            try skipTrivia()
            while current != UInt8(ascii: "}") {
                guard current == UInt8(ascii: "\"") else { throw failure(current == nil ? "unterminated object" : "expected a quoted member name") }
                let keyStart = index
                let key = try string()
                let keyRange = keyStart..<index
                try skipTrivia()
                guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
                index += 1
                try skipTrivia()
                members.append(ConfigMember(key: key, keyRange: keyRange, value: try value(depth: depth + 1)))
                try skipTrivia()
                if current == UInt8(ascii: ",") {
                    index += 1
                    try skipTrivia()
                } else if current != UInt8(ascii: "}") {
                    throw failure(current == nil ? "unterminated object" : "expected ',' or '}' in an object")
                }
            }
            index += 1
            return ConfigValue(.object(members), range: start..<index)
        }

        /// A JSON string (RFC 8259 §7) whose opening quote is at `index`.
        mutating func string() throws(ConfigParseError) -> String {
            let opening = index
            index += 1
            var scalars = String.UnicodeScalarView()
            var plainStart = index
            while true {
                guard let byte = current else {
                    index = opening
                    throw failure("unterminated string")
                }
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { throw failure("control character in a string (escape it)") }
                guard byte == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                scalars.append(contentsOf: String(decoding: bytes[plainStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                scalars.append(try escape())
                plainStart = index
            }
            scalars.append(contentsOf: String(decoding: bytes[plainStart..<index], as: UTF8.self).unicodeScalars)
            index += 1
            return String(scalars)
        }

        private mutating func escape() throws(ConfigParseError) -> Unicode.Scalar {
            guard let byte = current else { throw failure("unterminated escape") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{8}"
            case UInt8(ascii: "f"): return "\u{C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let high = try hex4()
                if (0xD800...0xDBFF).contains(high), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let saved = index
                    index += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) { return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}" }
                    index = saved
                }
                return Unicode.Scalar(high) ?? "\u{FFFD}"
            default:
                index -= 1
                throw failure("unknown escape in a string")
            }
        }

        private mutating func hex4() throws(ConfigParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw failure("\\u needs four hex digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Self.hexValue(bytes[index]) else { throw failure("\\u needs four hex digits") }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}
