// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// One value of an editor's config file (JSON, JSONC or the TOML subset Codex uses) with the
/// byte range it occupies in the file: `audit` names where a finding is, and `install` and
/// `migrate` replace exactly those bytes and nothing else (the rest of the file, comments and
/// key order included, stays as the user wrote it).
public struct ConfigValue: Sendable {
    public enum Kind: Sendable {
        case string(String)
        /// The literal as written (JSON number, TOML integer or float).
        case number(String)
        case bool(Bool)
        case null
        case array([ConfigValue])
        case object([ConfigMember])
    }

    public let kind: Kind
    /// Byte offsets in the file: the value's first byte up to, not including, its end.
    public let range: Range<Int>

    public init(_ kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// The value of the last member named `key` (JSON lookups see the last duplicate).
    public subscript(key: String) -> ConfigValue? { members?.last { $0.key == key }?.value }

    public var string: String? {
        if case .string(let text) = kind { return text }
        return nil
    }

    public var members: [ConfigMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    public var elements: [ConfigValue]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    /// Array elements that are strings, in order (non-strings are skipped).
    public var strings: [String] { elements?.compactMap(\.string) ?? [] }
}

/// `"key": value` of an object, or `key = value` of a TOML table.
public struct ConfigMember: Sendable {
    public let key: String
    /// The key's bytes in the file, quotes included (for a TOML table: its header line).
    public let keyRange: Range<Int>
    public let value: ConfigValue

    public init(key: String, keyRange: Range<Int>, value: ConfigValue) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}

/// Where a value sits in its file, as `mcpServers.github.env.GITHUB_TOKEN` or
/// `projects["/home/me/app"].mcpServers.db.args[2]`: what a finding names instead of the value.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    public func appending(_ key: String) -> ConfigPath { ConfigPath(components + [.key(key)]) }
    public func appending(index: Int) -> ConfigPath { ConfigPath(components + [.index(index)]) }

    /// The last key named, if the path ends in a key.
    public var lastKey: String? {
        if case .key(let key)? = components.last { return key }
        return nil
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key) where Self.isPlain(key): text += (text.isEmpty ? "" : ".") + key
            case .key(let key): text += "[\"" + key.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\"]"
            }
        }
        return text.isEmpty ? "$" : text
    }

    private static func isPlain(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }
}
