// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The skimming scanner (issue 14 "Memory proportional to the message"): it validates one JSON
/// text by exactly the rules of `JSONParser` (RFC 8259 grammar, strict UTF-8, the same nesting
/// limit, the same error for the same first fault) without building a value, and reports where
/// each member of the top-level object lies. A message from the server is then forwarded as the
/// bytes it came in; only the few members routing needs are decoded (`JSONRPCMessage.skim`).
public enum JSONSkim {
    /// One member of the top-level object: its name and the byte range of its value.
    public struct Member: Sendable, Equatable {
        public let name: String
        public let value: Range<Int>
    }

    /// The top-level object's members in order (duplicates kept), or nil when the text is valid
    /// JSON but not an object. Throws what `JSONParser.parse` would throw for the same bytes.
    public static func members(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 256) throws(JSONParseError) -> [Member]? {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        var members: [Member] = []
        guard try reader.skimDocument(recording: { members.append(Member(name: $0, value: $1)) }) else { return nil }
        return members
    }

    /// The last occurrence of each member named in `names` (the parser's rule for duplicates),
    /// or nil when the text is valid JSON but not an object. Memory stays fixed however many
    /// members a hostile message repeats.
    public static func lastMembers(
        _ bytes: UnsafeRawBufferPointer, named names: Set<String>, maxDepth: Int = 256
    ) throws(JSONParseError) -> [String: Range<Int>]? {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        var found = [String: Range<Int>](minimumCapacity: names.count)
        guard try reader.skimDocument(recording: { name, value in if names.contains(name) { found[name] = value } }) else { return nil }
        return found
    }
}

extension JSONReader {
    /// True when the text is an object; `recording` sees each top-level member in order.
    mutating func skimDocument(recording: (String, Range<Int>) -> Void) throws(JSONParseError) -> Bool {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONParseError(offset: 0, reason: "byte order mark is not allowed (RFC 8259 §8.1)")
        }
        skipWhitespace()
        let isObject = index < bytes.count && bytes[index] == UInt8(ascii: "{")
        try skimValue(recording: recording)
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected data after the JSON value") }
        return isObject
    }

    /// Skips one value, containers included (iteratively, like `parseValue`), handing each member
    /// of the outermost object with its value range to `recording`.
    private mutating func skimValue(recording: (String, Range<Int>) -> Void) throws(JSONParseError) {
        /// `true` for an object, `false` for an array.
        var containers: [Bool] = []
        var name = ""
        var valueStart = 0

        nextValue: while true {
            guard index < bytes.count else { throw failure("unexpected end of input, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard containers.count < maxDepth else { throw failure("nesting deeper than \(maxDepth) levels") }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                } else {
                    containers.append(isObject)
                    if isObject { try nameMember(depth: containers.count, &name, &valueStart) }
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "t"):
                try expectLiteral("true")
            case UInt8(ascii: "f"):
                try expectLiteral("false")
            case UInt8(ascii: "n"):
                try expectLiteral("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                switch JSONNumberGrammar.scan(bytes, from: index) {
                case .invalid(let offset, let reason): throw JSONParseError(offset: offset, reason: reason)
                case .literal(let end): index = end
                }
            default:
                throw failure("unexpected character, expected a value")
            }

            // A value ended at `index`: it belongs to the innermost open container; close those that end.
            while let isObject = containers.last {
                if containers.count == 1, isObject { recording(name, valueStart..<index) }
                skipWhitespace()
                let next: UInt8? = index < bytes.count ? bytes[index] : nil
                if next == UInt8(ascii: ",") {
                    index += 1
                    skipWhitespace()
                    if isObject { try nameMember(depth: containers.count, &name, &valueStart) }
                    continue nextValue
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw failure(
                        isObject
                            ? (next == nil ? "unterminated object" : "expected ',' or '}' in object")
                            : (next == nil ? "unterminated array" : "expected ',' or ']' in array"))
                }
                index += 1
                containers.removeLast()
            }
            return
        }
    }

    /// Reads a member name: kept, with where its value starts, for the outermost object; below
    /// it only checked (no String is built for a name nobody reads).
    private mutating func nameMember(depth: Int, _ name: inout String, _ valueStart: inout Int) throws(JSONParseError) {
        if depth == 1 {
            name = try parseMemberName()
            valueStart = index
        } else {
            try skipMemberName()
        }
    }
}
