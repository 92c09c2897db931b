// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The editors whose MCP configs mcp-warden reads and writes, where each keeps them on Linux and
/// macOS, and under which key its servers live. Each path names its public source (README
/// "audit" repeats the table).
public enum EditorClient: String, Sendable, CaseIterable {
    case claudeDesktop = "claude-desktop"
    case claudeCode = "claude-code"
    case cursor
    case vscode
    case windsurf
    case zed
    case codex
    case gemini

    public var displayName: String {
        switch self {
        case .claudeDesktop: "Claude Desktop"
        case .claudeCode: "Claude Code"
        case .cursor: "Cursor"
        case .vscode: "VS Code"
        case .windsurf: "Windsurf"
        case .zed: "Zed"
        case .codex: "Codex"
        case .gemini: "Gemini CLI"
        }
    }
}

public enum ConfigFormat: String, Sendable {
    case json, jsonc, toml
}

/// Where the machine's files are: everything the locations depend on, passed in (tests give a
/// fixture home; the command gives the real environment).
public struct ConfigHost: Sendable {
    public let home: String
    public let xdgConfigHome: String?
    public let codexHome: String?
    /// The project directory (the current directory) for project-scoped files.
    public let project: String
    public let isMacOS: Bool

    public init(home: String, xdgConfigHome: String? = nil, codexHome: String? = nil, project: String, isMacOS: Bool) {
        self.home = home
        self.xdgConfigHome = xdgConfigHome.flatMap { $0.hasPrefix("/") ? $0 : nil }
        self.codexHome = codexHome.flatMap { $0.isEmpty ? nil : $0 }
        self.project = project
        self.isMacOS = isMacOS
    }

    var configHome: String { xdgConfigHome ?? home + "/.config" }
    var applicationSupport: String { home + "/Library/Application Support" }
}

/// One config file an editor reads MCP servers from.
public struct EditorConfigFile: Sendable, Equatable {
    public enum Scope: String, Sendable { case user, project }

    public let client: EditorClient
    public let scope: Scope
    public let path: String
    public let format: ConfigFormat
    /// The objects whose members are server entries; `*` matches any key (Claude Code's
    /// `projects.<dir>.mcpServers`).
    public let containers: [[String]]
    /// The public documentation the path and the keys come from.
    public let source: String

    public init(client: EditorClient, scope: Scope, path: String, format: ConfigFormat, containers: [[String]], source: String) {
        self.client = client
        self.scope = scope
        self.path = path
        self.format = format
        self.containers = containers
        self.source = source
    }

    /// Where `install` adds an entry: the first container.
    public var installContainer: [String] { containers[0] }
}

extension EditorClient {
    /// The files of this editor, user scope first, on the host's platform.
    public func files(on host: ConfigHost) -> [EditorConfigFile] {
        func file(_ scope: EditorConfigFile.Scope, _ path: String, _ format: ConfigFormat, _ containers: [[String]], _ source: String) -> EditorConfigFile {
            EditorConfigFile(client: self, scope: scope, path: path, format: format, containers: containers, source: source)
        }
        let project = host.project
        switch self {
        case .claudeDesktop:
            // macOS: modelcontextprotocol.io/quickstart/user. Linux has no official build; the
            // community builds (claude-desktop-debian) and installers use $XDG_CONFIG_HOME/Claude.
            let directory = host.isMacOS ? host.applicationSupport + "/Claude" : host.configHome + "/Claude"
            return [file(.user, directory + "/claude_desktop_config.json", .jsonc, [["mcpServers"]], "modelcontextprotocol.io/quickstart/user")]
        case .claudeCode:
            let source = "code.claude.com/docs/en/mcp (MCP installation scopes)"
            return [
                file(.user, host.home + "/.claude.json", .json, [["mcpServers"], ["projects", "*", "mcpServers"]], source),
                file(.project, project + "/.mcp.json", .json, [["mcpServers"]], source)
            ]
        case .cursor:
            return [
                file(.user, host.home + "/.cursor/mcp.json", .jsonc, [["mcpServers"]], "cursor.com/docs/mcp"),
                file(.project, project + "/.cursor/mcp.json", .jsonc, [["mcpServers"]], "cursor.com/docs/mcp")
            ]
        case .vscode:
            let user = host.isMacOS ? host.applicationSupport + "/Code/User" : host.configHome + "/Code/User"
            let source = "code.visualstudio.com/docs/copilot/reference/mcp-configuration"
            return [
                file(.user, user + "/mcp.json", .jsonc, [["servers"]], source),
                file(.user, user + "/settings.json", .jsonc, [["mcp", "servers"]], source + " (older releases: \"mcp\" in settings.json)"),
                file(.project, project + "/.vscode/mcp.json", .jsonc, [["servers"]], source)
            ]
        case .windsurf:
            return [file(.user, host.home + "/.codeium/windsurf/mcp_config.json", .jsonc, [["mcpServers"]], "docs.windsurf.com/windsurf/cascade/mcp")]
        case .zed:
            // Zed keeps settings in ~/.config/zed on macOS too (zed.dev/docs/configuring-zed).
            let directory = host.isMacOS ? host.home + "/.config/zed" : host.configHome + "/zed"
            return [
                file(.user, directory + "/settings.json", .jsonc, [["context_servers"]], "zed.dev/docs/ai/mcp"),
                file(.project, project + "/.zed/settings.json", .jsonc, [["context_servers"]], "zed.dev/docs/ai/mcp")
            ]
        case .codex:
            let directory = host.codexHome ?? host.home + "/.codex"
            return [
                file(.user, directory + "/config.toml", .toml, [["mcp_servers"]], "developers.openai.com/codex/mcp"),
                file(.project, project + "/.codex/config.toml", .toml, [["mcp_servers"]], "developers.openai.com/codex/mcp (trusted projects)")
            ]
        case .gemini:
            let source = "github.com/google-gemini/gemini-cli docs/tools/mcp-server.md"
            return [
                file(.user, host.home + "/.gemini/settings.json", .jsonc, [["mcpServers"]], source),
                file(.project, project + "/.gemini/settings.json", .jsonc, [["mcpServers"]], source)
            ]
        }
    }

    /// The member holding a remote server's URL in this editor's entries.
    public var urlKey: String {
        switch self {
        case .windsurf: "serverUrl"
        case .gemini: "httpUrl"
        default: "url"
        }
    }
}
