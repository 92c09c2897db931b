// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Why some bytes are not one JSON text. The description names the byte offset and the rule
/// broken, never the input itself (the input may hold secrets).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Offset of the offending byte from the start of the input.
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A strict RFC 8259 parser.
///
/// Enforced: exactly one value with optional surrounding whitespace (§2: space, tab, LF, CR);
/// literals `true` `false` `null` only (§3); the number grammar of §6 (no leading zeros,
/// `+`, bare `.`, NaN or Infinity); strings per §7 (no raw control characters, only the
/// listed escapes, `\uXXXX` surrogate pairs combined, a lone surrogate becomes U+FFFD);
/// UTF-8 only, without a byte order mark (§8.1); no trailing commas or comments.
/// Duplicate object names are kept (§4 allows them); lookups see the last one.
///
/// The parser is iterative: nesting is bounded by `maxDepth`, not by the call stack, so
/// hostile input such as a million `[` is rejected without a stack overflow.
public enum JSONParser: Sendable {
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 256) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        return try reader.parseDocument()
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = 256) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONValue in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }
}

/// The parsing state over one input buffer.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private enum Container { case array, object }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONParseError(offset: 0, reason: "byte order mark is not allowed (RFC 8259 §8.1)")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected data after the JSON value") }
        return value
    }

    /// Parses one value, containers included, with explicit stacks instead of recursion.
    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var containers: [Container] = []
        var arrays: [[JSONValue]] = []
        var objects: [[JSONObject.Member]] = []
        var keys: [String] = []

        nextValue: while true {
            guard index < bytes.count else { throw failure("unexpected end of input, expected a value") }
            var value: JSONValue
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard containers.count < maxDepth else {
                    throw failure("nesting deeper than \(maxDepth) levels")
                }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    value = isObject ? .object(JSONObject()) : .array([])
                } else if isObject {
                    containers.append(.object)
                    objects.append([])
                    keys.append(try parseMemberName())
                    continue nextValue
                } else {
                    containers.append(.array)
                    arrays.append([])
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw failure("unexpected character, expected a value")
            }

            // Attach the finished value to the enclosing containers, closing those that end.
            while let container = containers.last {
                skipWhitespace()
                let next: UInt8? = index < bytes.count ? bytes[index] : nil
                switch container {
                case .array:
                    arrays[arrays.count - 1].append(value)
                    if next == UInt8(ascii: ",") {
                        index += 1
                        skipWhitespace()
                        continue nextValue
                    }
                    guard next == UInt8(ascii: "]") else {
                        throw failure(next == nil ? "unterminated array" : "expected ',' or ']' in array")
                    }
                    index += 1
                    containers.removeLast()
                    value = .array(arrays.removeLast())
                case .object:
                    objects[objects.count - 1].append((key: keys.removeLast(), value: value))
                    if next == UInt8(ascii: ",") {
                        index += 1
                        skipWhitespace()
                        keys.append(try parseMemberName())
                        continue nextValue
                    }
                    guard next == UInt8(ascii: "}") else {
                        throw failure(next == nil ? "unterminated object" : "expected ',' or '}' in object")
                    }
                    index += 1
                    containers.removeLast()
                    value = .object(JSONObject(objects.removeLast()))
                }
            }
            return value
        }
    }

    /// `string ws ":" ws` inside an object (RFC 8259 §4).
    mutating func parseMemberName() throws(JSONParseError) -> String {
        try expectMemberNameStart()
        let name = try parseString()
        try expectMemberNameEnd()
        return name
    }

    /// `parseMemberName` without building the name (the skimming scanner, below the top level).
    mutating func skipMemberName() throws(JSONParseError) {
        try expectMemberNameStart()
        try skipString()
        try expectMemberNameEnd()
    }

    private func expectMemberNameStart() throws(JSONParseError) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw failure(index < bytes.count ? "expected a string member name in object" : "unterminated object")
        }
    }

    private mutating func expectMemberNameEnd() throws(JSONParseError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw failure("expected ':' after object member name")
        }
        index += 1
        skipWhitespace()
    }

    private mutating func parseNumber() throws(JSONParseError) -> String {
        switch JSONNumberGrammar.scan(bytes, from: index) {
        case .invalid(let offset, let reason):
            throw JSONParseError(offset: offset, reason: reason)
        case .literal(let end):
            let literal = String(repairingUTF8: bytes.slice(index, end))  // ASCII by construction
            index = end
            return literal
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
        guard index + count <= bytes.count, bytes.slice(index, index + count).elementsEqual(expected) else {
            throw failure("invalid literal (only true, false and null are allowed)")
        }
        index += count
    }

    /// RFC 8259 §2: whitespace is space, horizontal tab, line feed and carriage return only.
    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func failure(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? index, reason: reason)
    }
}
