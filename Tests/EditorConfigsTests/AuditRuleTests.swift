// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import Testing

/// One rule at a time, on one-entry configs; each test can fail on a missed or an extra finding.
struct AuditRuleTests {
    static func findings(_ entry: String, git: AuditFacts.GitState = .outsideRepository, ports: Set<Int> = []) throws -> [Finding] {
        let file = EditorConfigFile(client: .cursor, scope: .user, path: "/h/.cursor/mcp.json", format: .jsonc, containers: [["mcpServers"]], source: "t")
        let config = try ParsedConfig.parse(Array("{\"mcpServers\": {\"s\": \(entry)}}".utf8), as: file)
        return AuditRules.findings(for: config, facts: AuditFacts(home: "/home/me", git: git, listening: ListeningSockets(wildcardPorts: ports)))
    }

    static func rules(_ entry: String, git: AuditFacts.GitState = .outsideRepository, ports: Set<Int> = []) throws -> [String] {
        try findings(entry, git: git, ports: ports).map(\.rule.rawValue)
    }

    static let secrets: [(String, String)] = [
        ("ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", "GitHub personal access token (classic)"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF", "GitHub fine-grained token"),
        ("gho_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", "GitHub token"),
        ("sk_live_51HxYzAbCdEfGhIjKlMnOpQr", "Stripe live key"), ("rk_live_51HxYzAbCdEfGhIjKlMnOpQr", "Stripe live key"),
        ("xoxb-1234567890-abcdefghijkl", "Slack token"), ("AKIAIOSFODNN7EXAMPLE", "AWS access key id"),
        ("ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz0123", "Atlassian API token"),
        (["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"].joined(separator: "."), "JSON Web Token")
    ]

    @Test(arguments: 0..<secrets.count)
    func knownTokenShapesAreLiteralSecretsAndNeverShown(index: Int) throws {
        let (secret, kind) = Self.secrets[index]
        let found = try Self.findings("{\"command\": \"x\", \"env\": {\"V\": \"\(secret)\"}}")
        let literal = try #require(found.first { $0.rule == .literalSecret })
        #expect(literal.severity == .problem && literal.message.contains(kind) && literal.path?.description == "mcpServers.s.env.V")
        #expect(found.allSatisfy { !$0.message.contains(secret) && !$0.message.contains(String(secret.dropFirst(secret.count / 3))) })
        #expect(found.contains { $0.rule == .classicGitHubToken } == secret.hasPrefix("ghp_"))
    }

    @Test func secretsInArgsHeadersAndURLsAreFoundToo() throws {
        #expect(try Self.rules("{\"command\": \"x\", \"args\": [\"--api-key\", \"Zq8vN3xK1mR7tY4wB6cD9fH2\"]}") == ["literal-secret"])
        #expect(
            try Self.rules("{\"url\": \"https://a.example/mcp\", \"headers\": {\"Authorization\": \"Bearer Zq8vN3xK1mR7tY4wB6cD9fH2\"}}") == ["literal-secret"])
        #expect(try Self.rules("{\"url\": \"https://a.example/mcp?api_key=Zq8vN3xK1mR7\"}") == ["literal-secret"])
        #expect(try Self.rules("{\"command\": \"x\", \"args\": [\"--header\", \"X-Api-Key: Zq8vN3xK1mR7tY4wB6cD9fH2\"]}") == ["literal-secret"])
        #expect(try Self.rules("{\"command\": \"x\", \"env\": {\"CLOUDFLARE_API_TOKEN\": \"aBcD3fGh1jKlMn0pQrStUvWxYz0123456789AbCd\"}}") == ["literal-secret"])
        let key = "-----BEGIN " + "PRIVATE KEY-----\\nMIIEvQ\\n-----END " + "PRIVATE KEY-----"
        #expect(try Self.rules("{\"command\": \"x\", \"env\": {\"K\": \"\(key)\"}}") == ["literal-secret"])
    }

    @Test(arguments: [
        "{\"command\": \"x\", \"env\": {\"STRIPE_SECRET_KEY\": \"sk_test_51HxYzAbCdEfGhIjKlMnOpQr\"}}",
        "{\"command\": \"x\", \"env\": {\"GITHUB_TOKEN\": \"${GITHUB_TOKEN}\"}}",
        "{\"url\": \"https://a.example/mcp\", \"headers\": {\"Authorization\": \"Bearer ${input:pat}\"}}",
        "{\"command\": \"x\", \"env\": {\"API_KEY\": \"$API_KEY\", \"TOKEN_FILE\": \"/home/me/.config/app/token.txt\"}}",
        "{\"command\": \"x\", \"env\": {\"API_TOKEN\": \"your-api-token-here\", \"PORT\": \"8080\"}}",
        "{\"command\": \"x\", \"env\": {\"LOG_LEVEL\": \"aBcD3fGh1jKlMn0pQrStUvWxYz0123456789AbCd\"}}"
    ])
    func referencesTestKeysAndPlainValuesAreNotSecrets(entry: String) throws {
        #expect(try Self.rules(entry) == [])
    }

    @Test func aSecretInATrackedOrUnignoredFileIsAProblemOfItsOwn() throws {
        let entry = "{\"command\": \"x\", \"env\": {\"T\": \"ghu_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5\"}}"
        #expect(try Self.rules(entry, git: .tracked) == ["literal-secret", "secret-in-tracked-file"])
        #expect(try Self.rules(entry, git: .notIgnored) == ["literal-secret", "secret-in-tracked-file"])
        #expect(try Self.rules(entry, git: .ignored) == ["literal-secret"])
        #expect(try Self.rules("{\"command\": \"x\"}", git: .tracked) == [])
    }

    @Test func packagesMustBePinned() throws {
        #expect(try Self.rules("{\"command\": \"npx\", \"args\": [\"-y\", \"@scope/server\"]}") == ["unpinned-package"])
        #expect(try Self.rules("{\"command\": \"npx\", \"args\": [\"-y\", \"@scope/server@latest\"]}") == ["latest-package"])
        #expect(try Self.rules("{\"command\": \"npx\", \"args\": [\"-y\", \"server@^1.2.0\"]}") == ["unpinned-package"])
        #expect(try Self.rules("{\"command\": \"/usr/bin/npx\", \"args\": [\"--yes\", \"@scope/server@1.2.3\"]}") == [])
        #expect(try Self.rules("{\"command\": \"uvx\", \"args\": [\"mcp-server-git\"]}") == ["unpinned-package"])
        #expect(try Self.rules("{\"command\": \"uvx\", \"args\": [\"--from\", \"pkg==1.0.0\", \"tool\"]}") == [])
        #expect(try Self.rules("{\"command\": \"uvx\", \"args\": [\"pkg@latest\"]}") == ["latest-package"])
        #expect(try Self.rules("{\"command\": \"pipx\", \"args\": [\"run\", \"pkg==2.1\"]}") == [])
        #expect(try Self.rules("{\"command\": \"bunx\", \"args\": [\"pkg\"]}") == ["unpinned-package"])
        #expect(try Self.rules("{\"command\": \"npx\", \"args\": [\"./local/server.js\"]}") == [])
    }

    @Test func remoteURLsOverHTTPOrToLookAlikesAreProblems() throws {
        #expect(try Self.rules("{\"url\": \"http://mcp.example.com/mcp\"}") == ["plain-http"])
        #expect(try Self.rules("{\"url\": \"http://127.0.0.1:8080/mcp\"}") == [])
        #expect(try Self.rules("{\"url\": \"https://mcp-atlassian.example.net/mcp\"}") == ["endpoint-lookalike"])
        #expect(try Self.rules("{\"url\": \"https://cloudflare-mcp.workers.dev/sse\"}") == ["endpoint-lookalike"])
        #expect(try Self.rules("{\"url\": \"https://mcp.atlassian.com/v1/mcp\"}") == [])
        #expect(try Self.rules("{\"url\": \"https://docs.mcp.cloudflare.com/mcp\"}") == [])
        #expect(
            try Self.rules("{\"command\": \"npx\", \"args\": [\"mcp-remote@0.1.37\", \"http://10.0.0.5/mcp\", \"--allow-http\"]}") == [
                "plain-http", "mcp-remote-entry"
            ])
    }

    @Test func aLocalServerOnAWildcardPortIsAProblem() throws {
        #expect(try Self.rules("{\"url\": \"http://localhost:8931/mcp\"}", ports: [8931]) == ["listening-all-interfaces"])
        #expect(try Self.rules("{\"url\": \"http://localhost:8931/mcp\"}", ports: [8932]) == [])
        #expect(try Self.rules("{\"url\": \"https://mcp.example.com/mcp\"}", ports: [443]) == [])
    }

    @Test func filesystemServersScopedToRootOrHomeAreProblems() throws {
        let server = "\"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem@2025.8.21\""
        #expect(try Self.rules("{\"command\": \(server), \"/\"]}") == ["filesystem-scope"])
        #expect(try Self.rules("{\"command\": \(server), \"/home/me\"]}") == ["filesystem-scope"])
        #expect(try Self.rules("{\"command\": \(server), \"~\"]}") == ["filesystem-scope"])
        #expect(try Self.rules("{\"command\": \(server), \"/home/me/projects\"]}") == [])
    }

    @Test func mcpRemoteEntriesOfferMigration() throws {
        let found = try Self.findings("{\"command\": \"npx\", \"args\": [\"-y\", \"mcp-remote@0.1.37\", \"https://mcp.corp.example/mcp\"]}")
        #expect(found.map(\.rule) == [.mcpRemoteEntry] && found[0].severity == .info && found[0].fix == "mcp-warden migrate --client cursor")
        #expect([Finding]().exitCode == 0 && found.exitCode == 0)
    }

    @Test func procNetTCPListenersOnWildcardAddressesAreRead() {
        let tcp = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:22E3 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1
               1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2
               2: 00000000:0050 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 3
            """
        let tcp6 = "  sl  local_address\n   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 0\n"
        #expect(ListeningSockets(procNet: [tcp, tcp6]).wildcardPorts == [8931, 3000])
    }
}
