// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import Testing

/// install's and migrate's edits: only the entry's bytes change, the result parses to the wanted
/// entry, and running again changes nothing.
struct ConfigEditTests {
    static let desired = DesiredEntry(command: "/usr/local/bin/mcp-warden", args: ["atlassian", "--header", "X-Tenant: ${TENANT}"])

    static func install(_ client: EditorClient, _ name: String, entry: String = "warden") throws -> (before: [UInt8], after: [UInt8], file: EditorConfigFile) {
        let before = FixtureTests.fixture(name)
        let file = FixtureTests.file(client, name)
        let edits = try ConfigEdit.edits(setting: entry, to: desired, in: try ParsedConfig.parse(before, as: file), bytes: before)
        return (before, ConfigEdit.apply(edits, to: before), file)
    }

    @Test(arguments: 0..<FixtureTests.cases.count)
    func installAddsOneEntryAndKeepsEveryOtherByte(index: Int) throws {
        let (client, name, entries) = FixtureTests.cases[index]
        let (before, after, file) = try Self.install(client, name)
        let config = try ParsedConfig.parse(after, as: file)
        #expect(config.entries.map(\.name).sorted() == (entries + ["warden"]).sorted())
        let added = try #require(config.entries.first { $0.name == "warden" })
        #expect(added.command == Self.desired.command && added.args == Self.desired.args)
        #expect((added.value["type"]?.string == "stdio") == (client == .vscode))
        // The old bytes are all still there, in order: only additions.
        var cursor = after.startIndex
        for byte in before {
            guard let found = after[cursor...].firstIndex(of: byte) else {
                Issue.record("a byte of the original is gone")
                return
            }
            cursor = found + 1
        }
        let again = try ConfigEdit.edits(setting: "warden", to: Self.desired, in: config, bytes: after)
        #expect(again.isEmpty, "a second install changes nothing")
    }

    @Test func updatingAnEntryReplacesOnlyCommandAndArgs() throws {
        let before = FixtureTests.fixture("claude_desktop_config.json")
        let file = FixtureTests.file(.claudeDesktop, "claude_desktop_config.json")
        let edits = try ConfigEdit.edits(setting: "corp", to: Self.desired, in: try ParsedConfig.parse(before, as: file), bytes: before)
        #expect(edits.count == 2)
        let after = String(decoding: ConfigEdit.apply(edits, to: before), as: UTF8.self)
        #expect(after.contains("\"env\": { \"CORP_TOKEN\": \"${CORP_TOKEN}\" }") && after.contains("\"globalShortcut\": \"Ctrl+Space\""))
        #expect(after.contains("\"command\": \"/usr/local/bin/mcp-warden\""))
    }

    @Test func aRemoteEntryIsRewrittenAndCodexSubtablesStay() throws {
        let before = FixtureTests.fixture("codex-config.toml")
        let file = FixtureTests.file(.codex, "codex-config.toml")
        let config = try ParsedConfig.parse(before, as: file)
        let after = ConfigEdit.apply(try ConfigEdit.edits(setting: "figma", to: Self.desired, in: config, bytes: before), to: before)
        let reread = try ParsedConfig.parse(after, as: file)
        #expect(reread.entries.map(\.name) == ["context7", "figma"])
        #expect(reread.entries[1].command == Self.desired.command && reread.entries[1].url == nil)
        #expect(reread.root["profiles"]?["fast"]?["model"]?.string == "gpt-5-mini")
        #expect(reread.entries[0].env.map(\.value) == ["info"])
    }

    @Test func newFilesAndMissingContainersAreCreated() throws {
        for client in [EditorClient.cursor, .vscode, .zed, .codex] {
            let file = FixtureTests.file(client, "new")
            let edits = try ConfigEdit.edits(setting: "w", to: Self.desired, in: try ParsedConfig.parse([], as: file), bytes: [])
            let after = ConfigEdit.apply(edits, to: [])
            #expect(try ParsedConfig.parse(after, as: file).entries.map(\.name) == ["w"], "\(client)")
        }
        let file = FixtureTests.file(.vscode, "settings")
        let before = Array("{\n    \"editor.fontSize\": 14 // big\n}\n".utf8)
        let after = ConfigEdit.apply(
            try ConfigEdit.edits(setting: "w", to: Self.desired, in: try ParsedConfig.parse(before, as: file), bytes: before), to: before)
        let text = String(decoding: after, as: UTF8.self)
        #expect(text.hasPrefix("{\n    \"editor.fontSize\": 14, // big\n    \"servers\": {\n        \"w\": {"), "\(text)")
    }

    @Test func anEntryThatIsNotAnObjectIsRefused() throws {
        let file = FixtureTests.file(.cursor, "x")
        let bytes = Array("{\"mcpServers\": {\"w\": \"oops\"}}".utf8)
        #expect(throws: ConfigEditError.self) {
            try ConfigEdit.edits(setting: "w", to: Self.desired, in: try ParsedConfig.parse(bytes, as: file), bytes: bytes)
        }
        let array = Array("{\"mcpServers\": []}".utf8)
        #expect(throws: ConfigEditError.self) {
            try ConfigEdit.edits(setting: "w", to: Self.desired, in: try ParsedConfig.parse(array, as: file), bytes: array)
        }
    }
}

/// mcp-remote's flags, each mapped, dropped with a note, or the entry skipped with the reason.
struct MCPRemoteMigrationTests {
    static func plan(_ args: [String], known: Bool = false, ca: String? = nil) -> MCPRemoteMigration.Outcome {
        MCPRemoteMigration.plan(arguments: args, isKnown: { _ in known }, caFile: ca)
    }

    @Test func flagsAreMapped() {
        let outcome = Self.plan(
            [
                "https://mcp.corp.example/mcp", "9876", "--header", "Authorization: Bearer ${TOKEN}", "--transport", "sse-only", "--keep-alive",
                "--headers-timeout", "120",
                "--host", "localhost", "--debug"
            ], ca: "/etc/ssl/corp.pem")
        guard case .migrate(let plan) = outcome else {
            Issue.record("skipped: \(outcome)")
            return
        }
        #expect(
            plan.args == [
                "https://mcp.corp.example/mcp", "--callback-port", "9876", "--header", "Authorization: Bearer ${TOKEN}", "--transport", "sse-only",
                "--ping-interval", "30", "--response-timeout", "120", "--debug", "--allow-unlisted", "--ca-file", "/etc/ssl/corp.pem"
            ])
        #expect(plan.notes.contains { $0.hasPrefix("--host dropped") })
        guard case .migrate(let known) = Self.plan(["https://mcp.atlassian.com/v1/mcp"], known: true) else { return }
        #expect(known.args == ["https://mcp.atlassian.com/v1/mcp"])
    }

    @Test(arguments: [
        ["https://a.example/mcp", "--header-file", "/x"], ["https://a.example/mcp", "--device-code"], ["https://a.example/mcp", "--frobnicate"],
        ["https://a.example/mcp", "--header", "Authorization: Bearer ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"], ["http://10.1.1.1/mcp", "--allow-http"],
        ["not-a-url"], [], ["https://a.example/mcp", "--header"]
    ])
    func entriesThatCannotMoveAreSkippedWithTheReason(args: [String]) {
        guard case .skip(let reason) = Self.plan(args) else {
            Issue.record("migrated")
            return
        }
        #expect(!reason.isEmpty && !reason.contains("aB3dE5fG7"))
    }
}
