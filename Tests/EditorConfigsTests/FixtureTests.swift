// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import Platform
import Testing

/// Real-world configs of every editor (written from each editor's public documentation, named in
/// the fixture): each parses into the entries the editor would start, and a clean one gives no
/// finding above info.
struct FixtureTests {
    static func fixture(_ name: String) -> [UInt8] {
        let directory = String(#filePath.prefix { _ in true }.split(separator: "/").dropLast().joined(separator: "/"))
        return try! FileBytes.read("/" + directory + "/Fixtures/" + name, limit: 1 << 20)
    }

    static func file(_ client: EditorClient, _ name: String, scope: EditorConfigFile.Scope = .user) -> EditorConfigFile {
        let host = ConfigHost(home: "/home/me", project: "/home/me/app", isMacOS: false)
        let known = client.files(on: host).first { $0.scope == scope }!
        return EditorConfigFile(
            client: client, scope: scope, path: "/fixtures/" + name, format: known.format, containers: known.containers, source: known.source)
    }

    static let cases: [(EditorClient, String, [String])] = [
        (.claudeDesktop, "claude_desktop_config.json", ["filesystem", "atlassian", "corp"]),
        (.claudeCode, "claude.json", ["sentry", "db"]),
        (.cursor, "cursor-mcp.json", ["context7", "playwright"]),
        (.vscode, "vscode-mcp.json", ["github", "memory"]),
        (.windsurf, "windsurf-mcp_config.json", ["remote", "git"]),
        (.zed, "zed-settings.json", ["local-mcp-server", "remote-mcp-server"]),
        (.codex, "codex-config.toml", ["context7", "figma"]),
        (.gemini, "gemini-settings.json", ["pythonTools", "httpServer"])
    ]

    @Test(arguments: 0..<cases.count)
    func everyEditorsFixtureParsesIntoItsEntries(index: Int) throws {
        let (client, name, entries) = Self.cases[index]
        let config = try ParsedConfig.parse(Self.fixture(name), as: Self.file(client, name))
        #expect(config.entries.map(\.name) == entries)
        let findings = AuditRules.findings(for: config, facts: AuditFacts(home: "/home/me", git: .tracked, listening: ListeningSockets()))
        #expect(findings.allSatisfy { $0.severity == .info }, "\(findings.map { "\($0.rule.rawValue) \($0.path?.description ?? "")" })")
        #expect(findings.allSatisfy { $0.rule == .mcpRemoteEntry })
    }

    @Test func claudeCodesPerProjectServersKeepTheirPath() throws {
        let config = try ParsedConfig.parse(Self.fixture("claude.json"), as: Self.file(.claudeCode, "claude.json"))
        #expect(config.entries.map(\.path.description) == ["mcpServers.sentry", "projects[\"/home/me/app\"].mcpServers.db"])
        #expect(config.entries[1].args == ["mcp-server-postgres==0.6.2", "postgresql://localhost/app"])
    }

    @Test func codexTablesAndSubtablesAreRead() throws {
        let bytes = Self.fixture("codex-config.toml")
        let config = try ParsedConfig.parse(bytes, as: Self.file(.codex, "codex-config.toml"))
        #expect(config.entries[0].env.map(\.key) == ["LOG_LEVEL"])
        #expect(config.entries[1].url?.value == "https://mcp.figma.com/mcp")
        #expect(
            config.sections.map { $0.path.joined(separator: ".") } == ["mcp_servers.context7", "mcp_servers.context7.env", "mcp_servers.figma", "profiles.fast"]
        )
        let args = try #require(config.entries[0].value["args"])
        #expect(String(decoding: bytes[args.range], as: UTF8.self) == "[\"-y\", \"@upstash/context7-mcp@1.0.14\"]")
    }

    @Test func theMCPRemoteEntriesOfClaudeDesktopAreFound() throws {
        let config = try ParsedConfig.parse(Self.fixture("claude_desktop_config.json"), as: Self.file(.claudeDesktop, "x.json"))
        #expect(config.entries.compactMap { $0.mcpRemote?.url } == ["https://mcp.atlassian.com/v1/mcp/authv2", "https://mcp.corp.example/mcp"])
    }

    @Test func macOSAndLinuxPathsFollowEachEditorsDocumentation() {
        let linux = ConfigHost(home: "/home/me", xdgConfigHome: "/home/me/.xdg", project: "/p", isMacOS: false)
        let mac = ConfigHost(home: "/Users/me", project: "/p", isMacOS: true)
        #expect(EditorClient.claudeDesktop.files(on: linux)[0].path == "/home/me/.xdg/Claude/claude_desktop_config.json")
        #expect(EditorClient.claudeDesktop.files(on: mac)[0].path == "/Users/me/Library/Application Support/Claude/claude_desktop_config.json")
        #expect(EditorClient.vscode.files(on: mac)[0].path == "/Users/me/Library/Application Support/Code/User/mcp.json")
        #expect(EditorClient.zed.files(on: mac)[0].path == "/Users/me/.config/zed/settings.json")
        #expect(EditorClient.codex.files(on: ConfigHost(home: "/h", codexHome: "/c", project: "/p", isMacOS: false))[0].path == "/c/config.toml")
        #expect(EditorClient.allCases.allSatisfy { !$0.files(on: linux).isEmpty })
    }
}
