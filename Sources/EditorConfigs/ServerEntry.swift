// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// One MCP server entry of a config file, read the way the editors read it: `command` + `args` +
/// `env` for a local server, a URL (`url`, Windsurf's `serverUrl`, Gemini's `httpUrl`) +
/// `headers` for a remote one. Zed's older form `"command": {"path", "args", "env"}` is read too.
public struct ServerEntry: Sendable {
    public let name: String
    public let path: ConfigPath
    public let value: ConfigValue

    /// The member holding the program: `command`, or Zed's older `command.path`.
    var commandObject: ConfigValue? { value["command"]?.members != nil ? value["command"] : nil }

    public var command: String? { commandObject?["path"]?.string ?? value["command"]?.string }
    public var args: [String] { (commandObject?["args"] ?? value["args"])?.strings ?? [] }
    public var argsPath: ConfigPath { commandObject != nil ? path.appending("command").appending("args") : path.appending("args") }

    /// `KEY → value` of `env` (string values only).
    public var env: [(key: String, value: String)] {
        ((commandObject?["env"] ?? value["env"])?.members ?? []).compactMap { member in member.value.string.map { (member.key, $0) } }
    }

    /// The remote URL and the key it is under, when the entry has one.
    public var url: (key: String, value: String)? {
        for key in ["url", "serverUrl", "httpUrl"] { if let text = value[key]?.string { return (key, text) } }
        return nil
    }

    /// The program's file name (`/usr/bin/npx` → `npx`).
    public var program: String? { command.map { String($0.split(separator: "/").last ?? Substring($0)) } }

    /// The URL an `npx mcp-remote URL …` entry bridges to, with the index of `mcp-remote` in args.
    public var mcpRemote: (index: Int, url: String?)? {
        let args = args
        if program == "mcp-remote" { return (-1, args.first) }
        guard let position = args.firstIndex(where: { Self.isMCPRemotePackage($0) }) else { return nil }
        return (position, args.indices.contains(position + 1) ? args[position + 1] : nil)
    }

    static func isMCPRemotePackage(_ arg: String) -> Bool {
        arg == "mcp-remote" || arg.hasPrefix("mcp-remote@")
    }
}

/// A config file read: its tree, its server entries, and for TOML its sections.
public struct ParsedConfig: Sendable {
    public let file: EditorConfigFile
    public let root: ConfigValue
    public let sections: [TOMLReader.Section]
    public let entries: [ServerEntry]

    public static func parse(_ bytes: [UInt8], as file: EditorConfigFile) throws(ConfigParseError) -> ParsedConfig {
        let root: ConfigValue
        var sections: [TOMLReader.Section] = []
        if file.format == .toml {
            let document = try TOMLReader.parse(bytes)
            root = document.root
            sections = document.sections
        } else if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            root = ConfigValue(.object([]), range: 0..<0)  // an empty file reads as no servers
        } else {
            root = try JSONCReader.parse(bytes)
        }
        var entries: [ServerEntry] = []
        for container in file.containers {
            for (path, object) in Self.resolve(container, in: root, at: ConfigPath()) {
                for member in object.members ?? [] where member.value.members != nil {
                    entries.append(ServerEntry(name: member.key, path: path.appending(member.key), value: member.value))
                }
            }
        }
        return ParsedConfig(file: file, root: root, sections: sections, entries: entries)
    }

    /// Every object the pattern reaches (`*` takes each member).
    static func resolve(_ pattern: [String], in value: ConfigValue, at path: ConfigPath) -> [(ConfigPath, ConfigValue)] {
        guard let head = pattern.first else { return [(path, value)] }
        let rest = Array(pattern.dropFirst())
        if head == "*" {
            return (value.members ?? []).flatMap { resolve(rest, in: $0.value, at: path.appending($0.key)) }
        }
        guard let child = value[head] else { return [] }
        return resolve(rest, in: child, at: path.appending(head))
    }

    /// The value at a path, if present.
    public func value(at path: ConfigPath) -> ConfigValue? {
        var current: ConfigValue? = root
        for component in path.components {
            switch component {
            case .key(let key): current = current?[key]
            case .index(let index): current = current?.elements.flatMap { $0.indices.contains(index) ? $0[index] : nil }
            }
        }
        return current
    }
}
