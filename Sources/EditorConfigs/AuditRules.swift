// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Endpoints

/// What the file-level rules need to know besides the file: facts gathered at the edge.
public struct AuditFacts: Sendable {
    /// Whether git tracks the file, or would (not ignored inside a work tree).
    public enum GitState: Sendable, Equatable { case outsideRepository, ignored, tracked, notIgnored }

    public let home: String
    public let git: GitState
    public let listening: ListeningSockets

    public init(home: String, git: GitState, listening: ListeningSockets) {
        self.home = home
        self.git = git
        self.listening = listening
    }
}

/// The checklist, one rule per item, over one parsed config (pure: everything comes in).
public enum AuditRules {
    public static func findings(for config: ParsedConfig, facts: AuditFacts) -> [Finding] {
        var findings: [Finding] = []
        for entry in config.entries { findings += EntryAudit(entry: entry, file: config.file, facts: facts).findings() }
        let secrets = findings.filter { $0.rule == .literalSecret }
        if !secrets.isEmpty, facts.git == .tracked || facts.git == .notIgnored {
            let state = facts.git == .tracked ? "is tracked by git" : "is inside a git work tree and not ignored"
            findings.append(
                Finding(
                    .secretInTrackedFile, .problem, file: config.file.path, client: config.file.client,
                    message: "\(config.file.path) \(state) and holds \(secrets.count) literal secret(s): a commit or push publishes them",
                    fix: "replace them with ${VAR} references, rotate the secrets, and add the file to .gitignore"))
        }
        return findings
    }
}

/// The rules for one server entry.
struct EntryAudit {
    let entry: ServerEntry
    let file: EditorConfigFile
    let facts: AuditFacts

    private func finding(_ rule: Finding.Rule, _ severity: Finding.Severity, _ path: ConfigPath, _ message: String, fix: String?) -> Finding {
        Finding(rule, severity, file: file.path, client: file.client, server: entry.name, path: path, message: message, fix: fix)
    }

    func findings() -> [Finding] {
        var findings = secrets()
        findings += packages()
        findings += remote()
        findings += filesystem()
        if let remote = entry.mcpRemote {
            let path = remote.index >= 0 ? entry.argsPath.appending(index: remote.index) : entry.path.appending("command")
            findings.append(
                finding(
                    .mcpRemoteEntry, .info, path, "server \"\(entry.name)\" runs mcp-remote, which keeps OAuth tokens in plaintext in ~/.mcp-auth",
                    fix: "mcp-warden migrate --client \(file.client.rawValue)"))
        }
        return findings
    }

    /// Every string leaf of the entry, with the name it is the value of.
    private func leaves() -> [(path: ConfigPath, name: String?, value: String)] {
        var found: [(ConfigPath, String?, String)] = []
        func walk(_ value: ConfigValue, _ path: ConfigPath, _ name: String?, depth: Int) {
            guard depth < 8 else { return }
            switch value.kind {
            case .string(let text): found.append((path, name, text))
            case .object(let members):
                for member in members where !["command", "type", "cwd", "transport"].contains(member.key) || depth > 0 {
                    walk(member.value, path.appending(member.key), member.key, depth: depth + 1)
                }
                if depth == 0, let object = value["command"], object.members != nil { walk(object, path.appending("command"), "command", depth: 1) }
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    // `--api-key VALUE`: the flag before names the value.
                    let previous = index > 0 ? elements[index - 1].string : nil
                    walk(element, path.appending(index: index), previous.flatMap { $0.hasPrefix("-") ? $0 : nil } ?? name, depth: depth + 1)
                }
            default: return
            }
        }
        walk(entry.value, entry.path, nil, depth: 0)
        return found
    }

    private func secrets() -> [Finding] {
        var findings: [Finding] = []
        for leaf in leaves() {
            // `Authorization: Bearer …` and `--token=…` name themselves.
            var name = leaf.name
            if let colon = leaf.value.firstIndex(of: ":"), !leaf.value[..<colon].contains(" "), !leaf.value.contains("://") {
                name = String(leaf.value[..<colon])
            } else if leaf.value.hasPrefix("-"), let equals = leaf.value.firstIndex(of: "=") {
                name = String(leaf.value[..<equals])
            }
            var match = SecretShapes.find(in: leaf.value, name: name)
            if match == nil, let url = RemoteURL(leaf.value) { match = urlSecret(url, leaf.value) }
            guard let match else { continue }
            let where_ = leaf.path.lastKey.map { "\"\($0)\"" } ?? "an argument"
            findings.append(
                finding(
                    .literalSecret, .problem, leaf.path,
                    "a literal \(match.kind.rawValue) (\(match.masked)) in \(where_) of server \"\(entry.name)\"",
                    fix: "put it in the environment and write a ${VAR} reference instead; rotate it if this file was ever shared or committed"))
            if match.kind == .githubClassic {
                findings.append(
                    finding(
                        .classicGitHubToken, .warning, leaf.path,
                        "a classic GitHub personal access token (\(match.masked)) reaches every repository you can: a fine-grained token can be limited to the repositories and permissions this server needs",
                        fix: "create a fine-grained token at github.com/settings/personal-access-tokens and revoke the classic one"))
            }
        }
        return findings
    }

    /// A password in the URL's user info, or a secret-named query parameter with a literal value.
    private func urlSecret(_ url: RemoteURL, _ text: String) -> SecretMatch? {
        if url.hasUserInfo, let schemeEnd = text.firstRange(of: "://"),
            let userInfo = text[schemeEnd.upperBound...].split(separator: "@").first, userInfo.contains(":")
        {
            return SecretMatch(kind: .generic, masked: "password in the URL's user info")
        }
        for pair in (url.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, SecretShapes.namesSecret(String(parts[0])), !SecretShapes.isReferenceOnly(String(parts[1])), parts[1].count >= 8 else {
                continue
            }
            return SecretMatch(kind: .generic, masked: "query parameter \(parts[0]), " + SecretShapes.mask(String(parts[1]), prefix: 0))
        }
        return nil
    }

    private func packages() -> [Finding] {
        guard let spec = PackageSpec.of(program: entry.program, args: entry.args) else { return [] }
        let path = entry.argsPath.appending(index: spec.index)
        switch spec.pinning {
        case .pinned: return []
        case .latest:
            return [
                finding(
                    .latestPackage, .warning, path, "\(spec.runner) runs \(spec.spec): whatever version is newest at each start",
                    fix: "pin an exact version, e.g. name@1.2.3 (npx, bunx) or name==1.2.3 (uvx, pipx)")
            ]
        case .unpinned:
            return [
                finding(
                    .unpinnedPackage, .warning, path, "\(spec.runner) runs \(spec.spec) without a pinned version",
                    fix: "pin an exact version, e.g. name@1.2.3 (npx, bunx) or name==1.2.3 (uvx, pipx)")
            ]
        }
    }

    /// The URL the entry connects to: its own `url`, or the first URL argument of an mcp-remote or
    /// mcp-warden entry.
    private func remoteURL() -> (path: ConfigPath, text: String)? {
        if let url = entry.url { return (entry.path.appending(url.key), url.value) }
        let program = entry.program
        guard entry.mcpRemote != nil || program == "mcp-warden" else { return nil }
        guard let index = entry.args.firstIndex(where: { RemoteURL($0) != nil }) else { return nil }
        return (entry.argsPath.appending(index: index), entry.args[index])
    }

    private func remote() -> [Finding] {
        guard let (path, text) = remoteURL(), let url = RemoteURL(text) else { return [] }
        var findings: [Finding] = []
        if url.scheme == "http", !url.isLoopback, url.host != "0.0.0.0" {
            findings.append(
                finding(
                    .plainHTTP, .problem, path,
                    "server \"\(entry.name)\" is reached over plain http at \(url.host): tokens and tool data cross the network unencrypted",
                    fix: "use the server's https URL"))
        }
        if let provider = Self.lookalikeProvider(url) {
            findings.append(
                finding(
                    .endpointLookalike, .problem, path,
                    "\(url.host) looks like \(provider) but is not one of its official MCP endpoints (mcp-warden endpoints list)",
                    fix: "use the official endpoint, e.g. mcp-warden install \(provider.lowercased()) --client \(file.client.rawValue)"))
        }
        if url.isLoopback || url.host == "0.0.0.0", let port = url.port, facts.listening.wildcardPorts.contains(port) {
            findings.append(
                finding(
                    .listeningAllInterfaces, .problem, path,
                    "the local server of \"\(entry.name)\" listens on port \(port) on every interface (bound to 0.0.0.0 or ::): anyone on the network can reach it",
                    fix: "start it bound to 127.0.0.1 (its --host option or equivalent)"))
        }
        return findings
    }

    /// The provider a host names without being one of its hosts: `atlassian-mcp.example.io`.
    static func lookalikeProvider(_ url: RemoteURL) -> String? {
        for entry in EndpointRegistry.entries {
            for domain in entry.domains {
                guard let keyword = domain.split(separator: ".").first.map(String.init), url.host.contains(keyword) else { continue }
                if url.host == domain || url.host.hasSuffix("." + domain) || entry.allHosts.contains(url.host) { return nil }
                return entry.displayName.split(separator: " ").first.map(String.init) ?? keyword
            }
        }
        return nil
    }

    private func filesystem() -> [Finding] {
        let args = entry.args
        guard let position = args.firstIndex(where: { $0.contains("server-filesystem") }) else { return [] }
        let home = facts.home.hasSuffix("/") ? String(facts.home.dropLast()) : facts.home
        let broad: Set<String> = ["/", "~", "~/", "$HOME", "${HOME}", "${env:HOME}", "${userHome}", home, home + "/", "/home", "/Users"]
        var findings: [Finding] = []
        for index in args.indices where index > position && broad.contains(args[index]) {
            let scope = args[index] == "/" ? "the whole file system" : "your whole home directory"
            findings.append(
                finding(
                    .filesystemScope, .problem, entry.argsPath.appending(index: index),
                    "the filesystem server \"\(entry.name)\" may read and write \(scope) (\(args[index])), SSH keys and tokens included",
                    fix: "give it only the project directories it needs"))
        }
        return findings
    }
}
