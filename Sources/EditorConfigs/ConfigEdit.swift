// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// What `install` and `migrate` want an entry to be: a local (stdio) server started as
/// `command args…`. `env` is added only to a new entry; an existing entry keeps its own.
public struct DesiredEntry: Sendable, Equatable {
    public let command: String
    public let args: [String]
    public let env: [(key: String, value: String)]

    public init(command: String, args: [String], env: [(key: String, value: String)] = []) {
        self.command = command
        self.args = args
        self.env = env
    }

    public static func == (lhs: DesiredEntry, rhs: DesiredEntry) -> Bool {
        lhs.command == rhs.command && lhs.args == rhs.args && lhs.env.map(\.key) == rhs.env.map(\.key) && lhs.env.map(\.value) == rhs.env.map(\.value)
    }
}

/// A change of bytes: what `range` held becomes `replacement`.
public struct TextEdit: Sendable, Equatable {
    public let range: Range<Int>
    public let replacement: String
}

public enum ConfigEditError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAnObject(ConfigPath)
    case entryNotAnObject(ConfigPath)

    public var description: String {
        switch self {
        case .notAnObject(let path): "\(path) is not an object, so no server can be added under it"
        case .entryNotAnObject(let path): "\(path) is not an object"
        }
    }
}

/// Computes the edits that make one entry what `DesiredEntry` says, touching only its bytes:
/// on an existing entry the values of `command` and `args` are replaced in place (every other
/// key, comment and the indentation stay); a missing entry is added after the last member of its
/// container, indented like it.
public enum ConfigEdit {
    public static func edits(setting name: String, to desired: DesiredEntry, in config: ParsedConfig, bytes: [UInt8]) throws(ConfigEditError) -> [TextEdit] {
        let format = config.file.format
        let container = config.file.installContainer
        let path = ConfigPath(container.map { .key($0) }).appending(name)
        if let existing = config.value(at: path) {
            guard existing.members != nil else { throw .entryNotAnObject(path) }
            return try update(existing, to: desired, client: config.file.client, format: format, bytes: bytes, path: path)
        }
        if format == .toml { return [appendTable(path, desired, bytes: bytes)] }
        // The deepest existing object on the container's path.
        var object = config.root
        var missing = container + [name]
        while let key = missing.first, let child = object[key], missing.count > 1 {
            guard child.members != nil else { throw .notAnObject(ConfigPath(container.prefix(container.count - missing.count + 1).map { .key($0) })) }
            object = child
            missing.removeFirst()
        }
        guard object.members != nil else { throw .notAnObject(ConfigPath()) }
        if config.root.range.isEmpty {
            let body = render(missing, desired, client: config.file.client, indent: "  ", unit: "  ")
            return [TextEdit(range: 0..<bytes.count, replacement: "{\n  " + body + "\n}\n")]
        }
        return insert(missing, desired, into: object, client: config.file.client, bytes: bytes)
    }

    /// Applies non-overlapping edits.
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
        var output = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            output.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
        }
        return output
    }

    private static func update(
        _ entry: ConfigValue, to desired: DesiredEntry, client: EditorClient, format: ConfigFormat, bytes: [UInt8], path: ConfigPath
    ) throws(ConfigEditError) -> [TextEdit] {
        guard let command = entry["command"], command.string != nil else {
            // A remote entry (a URL) or Zed's older command object: the entry is written anew.
            if format == .toml, bytes[entry.range.lowerBound] != UInt8(ascii: "{") {
                return [TextEdit(range: sectionBody(entry, bytes: bytes), replacement: tableBody(desired))]
            }
            let indent = lineIndent(bytes, at: entry.range.lowerBound)
            let rendered = format == .toml ? inlineTable(desired) : object(desired, client: client, indent: indent, unit: unit(bytes))
            return [TextEdit(range: entry.range, replacement: rendered)]
        }
        var edits: [TextEdit] = []
        if command.string != desired.command { edits.append(TextEdit(range: command.range, replacement: ValueText.string(desired.command, format))) }
        if let args = entry["args"] {
            if args.strings != desired.args || args.elements?.count != desired.args.count {
                edits.append(TextEdit(range: args.range, replacement: ValueText.array(desired.args, format)))
            }
        } else if !desired.args.isEmpty {
            let list = ValueText.array(desired.args, format)
            let inlineTOML = format == .toml && bytes[entry.range.lowerBound] == UInt8(ascii: "{")
            let text = format == .toml ? (inlineTOML ? ", args = " + list : "\nargs = " + list) : ", \"args\": " + list
            let at = format == .toml && !inlineTOML ? lineEnd(bytes, from: command.range.upperBound) : command.range.upperBound
            edits.append(TextEdit(range: at..<at, replacement: text))
        }
        if client == .vscode, let type = entry["type"], type.string != "stdio" {
            edits.append(TextEdit(range: type.range, replacement: "\"stdio\""))
        }
        return edits
    }

    /// The bytes of a `[table]` section after its header line, up to its last value.
    private static func sectionBody(_ entry: ConfigValue, bytes: [UInt8]) -> Range<Int> {
        let start = lineEnd(bytes, from: entry.range.lowerBound)
        return start..<max(start, entry.range.upperBound)
    }

    private static func tableBody(_ desired: DesiredEntry) -> String {
        "\ncommand = " + ValueText.string(desired.command, .toml) + "\nargs = " + ValueText.array(desired.args, .toml)
    }

    private static func inlineTable(_ desired: DesiredEntry) -> String {
        var parts = ["command = " + ValueText.string(desired.command, .toml), "args = " + ValueText.array(desired.args, .toml)]
        if !desired.env.isEmpty {
            parts.append("env = { " + desired.env.map { ValueText.tomlKey($0.key) + " = " + ValueText.string($0.value, .toml) }.joined(separator: ", ") + " }")
        }
        return "{ " + parts.joined(separator: ", ") + " }"
    }

    private static func appendTable(_ path: ConfigPath, _ desired: DesiredEntry, bytes: [UInt8]) -> TextEdit {
        let header = path.components.compactMap { if case .key(let key) = $0 { ValueText.tomlKey(key) } else { nil } }.joined(separator: ".")
        var text = bytes.isEmpty || bytes.last == 0x0A ? "" : "\n"
        if !bytes.isEmpty { text += "\n" }
        text += "[" + header + "]" + tableBody(desired) + "\n"
        if !desired.env.isEmpty {
            text += "\n[" + header + ".env]\n" + desired.env.map { ValueText.tomlKey($0.key) + " = " + ValueText.string($0.value, .toml) + "\n" }.joined()
        }
        return TextEdit(range: bytes.count..<bytes.count, replacement: text)
    }
}
