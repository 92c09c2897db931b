// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The part of TOML 1.0 that Codex's `config.toml` uses (developers.openai.com/codex/mcp;
/// github.com/openai/codex docs/config.md): `[table]` and `[[array]]` headers with bare, quoted
/// and dotted keys, `key = value` with dotted keys, basic and literal strings (one-line and
/// multi-line), numbers, dates and booleans as bare words, arrays over several lines with
/// comments and trailing commas, inline tables, `#` comments. Values keep their byte ranges; each
/// header's section is recorded so an edit can replace one server's tables and nothing else.
public enum TOMLReader {
    /// A `[header]` line and the bytes up to the next header (or the end of the file).
    public struct Section: Sendable, Equatable {
        public let path: [String]
        public let isArrayElement: Bool
        public let range: Range<Int>
    }

    public struct Document: Sendable {
        public let root: ConfigValue
        public let sections: [Section]
    }

    public static func parse(_ bytes: [UInt8]) throws(ConfigParseError) -> Document {
        if let bad = ConfigLimits.firstInvalidUTF8(bytes) { throw ConfigParseError.at(bad, in: bytes, "not UTF-8") }
        var parser = TOMLCursor(bytes: bytes)
        let root = TOMLTable(start: 0)
        var current = root
        var sections: [(path: [String], array: Bool, start: Int)] = []
        while true {
            parser.skipBlankLines()
            guard let byte = parser.current else { break }
            let lineStart = parser.index
            if byte == UInt8(ascii: "[") {
                let isArray = parser.peek(1) == UInt8(ascii: "[")
                parser.index += isArray ? 2 : 1
                parser.skipSpaces()
                let path = try parser.keyPath()
                parser.skipSpaces()
                guard parser.current == UInt8(ascii: "]"), !isArray || parser.peek(1) == UInt8(ascii: "]") else {
                    throw parser.failure("expected '\(isArray ? "]]" : "]")' to close the table header")
                }
                parser.index += isArray ? 2 : 1
                try parser.endOfLine()
                current = try root.open(path.map(\.key), isArray: isArray, headerRange: lineStart..<parser.index, failure: parser.failure)
                sections.append((path.map(\.key), isArray, lineStart))
            } else {
                let path = try parser.keyPath()
                parser.skipSpaces()
                guard parser.current == UInt8(ascii: "=") else { throw parser.failure("expected '=' after a key") }
                parser.index += 1
                parser.skipSpaces()
                let value = try parser.value(depth: 1)
                try parser.endOfLine()
                try current.assign(path, value, failure: parser.failure)
                current.end = parser.index
            }
        }
        var ranges: [Section] = []
        for (position, section) in sections.enumerated() {
            let end = position + 1 < sections.count ? sections[position + 1].start : bytes.count
            ranges.append(Section(path: section.path, isArrayElement: section.array, range: section.start..<end))
        }
        root.end = bytes.count
        return Document(root: root.value(), sections: ranges)
    }
}

/// A table while the file is read: members in file order; tables stay open for later headers.
final class TOMLTable {
    enum Slot {
        case value(ConfigValue)
        case table(TOMLTable)
        case tables([TOMLTable])
    }

    var members: [(key: String, keyRange: Range<Int>, slot: Slot)] = []
    let start: Int
    var end: Int
    /// Defined by a header or a dotted key already (a second `[same]` header is an error).
    var defined = false

    init(start: Int) {
        self.start = start
        self.end = start
    }

    private func index(of key: String) -> Int? { members.firstIndex { $0.key == key } }

    /// The table a header names, made on the way (`[a.b.c]` makes `a` and `a.b` implicitly).
    func open(_ path: [String], isArray: Bool, headerRange: Range<Int>, failure: (String) -> ConfigParseError) throws(ConfigParseError) -> TOMLTable {
        var table = self
        for (position, key) in path.enumerated() {
            let last = position == path.count - 1
            if let found = table.index(of: key) {
                switch table.members[found].slot {
                case .table(let child) where !last: table = child
                case .table(let child) where !isArray && !child.defined:
                    child.defined = true
                    table = child
                case .tables(let list) where !last: table = list[list.count - 1]
                case .tables(var list) where isArray:
                    let child = TOMLTable(start: headerRange.lowerBound)
                    child.end = headerRange.upperBound
                    list.append(child)
                    table.members[found].slot = .tables(list)
                    return child
                default: throw failure("the table [\(path.joined(separator: "."))] is defined twice, or clashes with a value")
                }
            } else {
                let child = TOMLTable(start: headerRange.lowerBound)
                child.end = headerRange.upperBound
                child.defined = last
                table.members.append((key, headerRange, last && isArray ? .tables([child]) : .table(child)))
                table = child
            }
        }
        return table
    }

    /// `a.b.c = value` inside this table.
    func assign(_ path: [(key: String, range: Range<Int>)], _ value: ConfigValue, failure: (String) -> ConfigParseError) throws(ConfigParseError) {
        var table = self
        for (position, part) in path.enumerated() {
            if position == path.count - 1 {
                guard table.index(of: part.key) == nil else { throw failure("the key \"\(part.key)\" is defined twice") }
                table.members.append((part.key, part.range, .value(value)))
                table.end = max(table.end, value.range.upperBound)
                return
            }
            if let found = table.index(of: part.key) {
                guard case .table(let child) = table.members[found].slot else { throw failure("the key \"\(part.key)\" is not a table") }
                table = child
            } else {
                let child = TOMLTable(start: part.range.lowerBound)
                table.members.append((part.key, part.range, .table(child)))
                table = child
            }
            table.end = max(table.end, value.range.upperBound)
        }
    }

    func value() -> ConfigValue {
        let converted = members.map { member -> ConfigMember in
            switch member.slot {
            case .value(let value): return ConfigMember(key: member.key, keyRange: member.keyRange, value: value)
            case .table(let table): return ConfigMember(key: member.key, keyRange: member.keyRange, value: table.value())
            case .tables(let tables):
                let elements = tables.map { $0.value() }
                let range = (elements.first?.range.lowerBound ?? 0)..<(elements.last?.range.upperBound ?? 0)
                return ConfigMember(key: member.key, keyRange: member.keyRange, value: ConfigValue(.array(elements), range: range))
            }
        }
        return ConfigValue(.object(converted), range: start..<max(start, end))
    }
}
