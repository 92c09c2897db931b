// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Endpoints
import OAuth
import PinnedHTTP
import Platform
import TokenVault

/// `mcp-warden import mcp-remote [--shred] [--dry-run] [--from DIR]`: moves mcp-remote's plaintext
/// token cache (`~/.mcp-auth/mcp-remote-*/<md5>_tokens.json`, `_client_info.json`;
/// shared/reference/mcp-remote-and-peers.md §2) into the encrypted vault, for the servers mcp-warden
/// trusts (registry and user endpoints), and with `--shred` overwrites and removes the plaintext.
///
/// One stderr line per file says what was done with it; no token, secret or verifier is ever
/// printed (DESIGN.md invariant 2). Exit 0 when every file found was handled (imported, or left
/// in place on purpose: an authorization the vault holds already, an older copy, a leftover with
/// nothing to import), 1 when a file could not be read, imported or shredded, or belongs to a
/// server no endpoint matches.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import mcp-remote's plaintext token cache into the encrypted vault.",
        discussion: """
            Reads ~/.mcp-auth/mcp-remote-*/ (or $MCP_REMOTE_CONFIG_DIR, or --from DIR) and imports the \
            tokens and client of every server whose URL is in the official registry or among your \
            endpoints (mcp-remote names its files after the MD5 of the URL). With --shred, the imported \
            files are overwritten with random bytes and removed; nothing else is touched. Overwriting \
            does not reach copies kept by copy-on-write filesystems, SSDs, snapshots or backups.
            """
    )

    @Argument(help: ArgumentHelp("What to import from: mcp-remote.", valueName: "source")) var source: String
    @Flag(help: "Overwrite with random bytes and remove the plaintext files of every server imported.") var shred = false
    @Flag(name: .customLong("dry-run"), help: "Say what would be done; change nothing.") var dryRun = false
    @Option(name: .customLong("from"), help: ArgumentHelp("mcp-remote's directory (default: $MCP_REMOTE_CONFIG_DIR, else ~/.mcp-auth).", valueName: "dir"))
    var from: String?

    func validate() throws {
        guard source == "mcp-remote" else { throw ValidationError("cannot import from \"\(source.prefix(40))\": only mcp-remote is known") }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        var importer = MCPRemoteImport(shred: shred, dryRun: dryRun)
        do throws(UserError) {
            guard let base = from ?? MCPRemoteCache.baseDirectory(environment: environment) else {
                throw UserError(.config, "cannot find mcp-remote's directory: neither MCP_REMOTE_CONFIG_DIR nor HOME is set", hint: "pass --from DIR")
            }
            let directory = try ConfigLocation.directory(environment: environment)
            let mine = try UserEndpointStore(directory: directory).load().map(\.url)
            let vault = try VaultAccess.open(environment: environment, log: Diagnostics())
            try importer.run(base: base, urls: MCPRemoteImport.candidates(user: mine), vault: vault)
        } catch {
            throw error.reported()
        }
        if importer.failed { throw CommandEnding.partlyFailed.exitCode }
    }
}

/// The import itself: reads every cache directory, decides per server, reports per file.
struct MCPRemoteImport {
    let shred: Bool
    let dryRun: Bool
    private(set) var failed = false
    private var imported = 0, shredded = 0, leftInPlace = 0, unmatched = 0

    init(shred: Bool, dryRun: Bool) {
        self.shred = shred
        self.dryRun = dryRun
    }

    /// The URLs whose MD5 could name a file: every registry URL, every MCP path of a registry
    /// entry on each of its hosts (mcp-remote users typed e.g. `https://mcp.atlassian.com/v1/sse`),
    /// every user endpoint's URL; keyed by hash, the first URL for a hash wins.
    static func candidates(user: [String]) -> [String: String] {
        var urls: [String] = []
        for entry in EndpointRegistry.entries {
            urls.append(entry.url)
            for host in entry.mcpHosts { urls += entry.paths.map { "https://\(host)\($0)" } }
        }
        var byHash: [String: String] = [:]
        for url in urls + user where byHash[MCPRemoteCache.hash(serverURL: url)] == nil { byHash[MCPRemoteCache.hash(serverURL: url)] = url }
        return byHash
    }

    private enum Contents {
        case parsed(MCPRemoteCache.Tokens, MCPRemoteCache.ClientInfo?)
        case unreadable(path: String, VaultError)
        case noTokens
    }

    mutating func run(base: String, urls: [String: String], vault: TokenVault) throws(UserError) {
        let found: (directories: [String], skipped: [MCPRemoteCache.Entry])
        do { found = try MCPRemoteCache.cacheDirectories(base: base) } catch { throw UserError(.config, error.message, hint: error.hint) }
        for entry in found.skipped { leave(entry, "not a directory (a symbolic link is never followed)") }
        guard !found.directories.isEmpty else {
            Diagnostics.emit("info", "no mcp-remote token cache found: looked for \(base)/mcp-remote-*/")
            return
        }
        var groups: [(MCPRemoteCache.Group, Contents)] = []
        for directory in found.directories {
            let entries: [MCPRemoteCache.Entry]
            do { entries = try MCPRemoteCache.list(directory) } catch {
                Diagnostics.emit("error", "\(error.message); nothing in it was imported")
                failed = true
                continue
            }
            let split = MCPRemoteCache.group(entries)
            for entry in split.others { say("info", entry.path, "left in place: not a file mcp-remote writes"); leftInPlace += 1 }
            groups += split.groups.map { ($0, Self.contents(of: $0)) }
        }
        // One server may have files in several layouts (0.1.x, v1): the newest readable tokens win.
        var chosen: [String: MCPRemoteCache.Group] = [:]
        for (group, contents) in groups {
            guard case .parsed = contents, let tokens = group.file(.tokens) else { continue }
            if let current = chosen[group.hash], let held = current.file(.tokens), held.modified > tokens.modified { continue }
            chosen[group.hash] = group
        }
        let store = GrantStore(vault: vault, report: { Diagnostics().error($0.message, hint: $0.hint) })
        for (group, contents) in groups { handle(group, contents, url: urls[group.hash], chosen: chosen[group.hash], store: store, vault: vault) }
        summarize()
    }

    private static func contents(of group: MCPRemoteCache.Group) -> Contents {
        guard let tokensFile = group.file(.tokens) else { return .noTokens }
        var path = tokensFile.path
        do throws(VaultError) {
            let tokens = try MCPRemoteCache.parseTokens(try MCPRemoteCache.read(path), path: path)
            var client: MCPRemoteCache.ClientInfo?
            if let clientFile = group.file(.clientInfo) {
                path = clientFile.path
                client = try MCPRemoteCache.parseClientInfo(try MCPRemoteCache.read(path), path: path)
            }
            return .parsed(tokens, client)
        } catch {
            return .unreadable(path: path, error)
        }
    }

    private mutating func handle(
        _ group: MCPRemoteCache.Group, _ contents: Contents, url: String?, chosen: MCPRemoteCache.Group?,
        store: GrantStore, vault: TokenVault
    ) {
        switch contents {
        case .unreadable(let path, let error):
            failed = true
            for (entry, _) in group.files {
                if entry.path == path {
                    leave(entry, "unreadable: \(Self.reason(error.message, path: path))", level: "error")
                } else {
                    leave(entry, "\(path.split(separator: "/").last ?? "") of the same server is unreadable, so nothing of this server was imported")
                }
            }
        case .noTokens:
            for (entry, _) in group.files { leave(entry, "no tokens file for this server, nothing to import") }
        case .parsed(let tokens, let client):
            guard let url else {
                failed = true
                unmatched += 1
                for (entry, _) in group.files {
                    leave(entry, "no registry or user endpoint has this server URL hash (\(group.hash))", level: "warning")
                }
                return
            }
            if let chosen, chosen != group {
                for (entry, _) in group.files { leave(entry, "an older copy for \(url); only the newest, in \(chosen.directory), is imported") }
                return
            }
            if let held = store.load(serverURL: url, resource: nil), !(held.origin == "mcp-remote" && held.issuer.isEmpty) {
                let why = held.origin == "mcp-remote" ? "imported earlier and in use since" : "made by mcp-warden"
                for (entry, _) in group.files { leave(entry, "the vault already holds an authorization for \(url) (\(why)); it is kept") }
                return
            }
            importGroup(group, url: url, tokens: tokens, client: client, vault: vault)
        }
    }

    private mutating func importGroup(
        _ group: MCPRemoteCache.Group, url: String, tokens: MCPRemoteCache.Tokens, client: MCPRemoteCache.ClientInfo?,
        vault: TokenVault
    ) {
        let grant = StoredGrant(
            serverURL: url, resource: url, issuer: "",
            registration: client.map {
                ClientRegistration(
                    issuer: "", clientID: $0.clientID, clientSecret: $0.clientSecret,
                    clientSecretExpiresAt: $0.clientSecretExpiresAt, tokenEndpointAuthMethod: $0.tokenEndpointAuthMethod,
                    redirectURI: $0.redirectURIs.first ?? "", source: .dynamic)
            },
            tokens: TokenSet(accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes),
            discovered: nil, created: WallClock.seconds(), origin: "mcp-remote")
        if !dryRun {
            do throws(VaultError) {
                let key = EntryKey(grant.key)
                let lock = try vault.lock(key, timeout: 10)
                defer { lock.release() }
                try vault.write(key, grant.encoded(), now: WallClock.seconds())
            } catch {
                failed = true
                say("error", group.file(.tokens)!.path, "could not be imported into the vault: \(error.message); left in place")
                for (entry, kind) in group.files where kind != .tokens { leave(entry, "the import of its server into the vault failed") }
                return
            }
        }
        imported += 1
        var notes: [String] = []
        if tokens.expiresAt == nil {
            notes.append("the access token's expiry is unknown (mcp-remote stored only expires_in): it is refreshed on the first 401")
        }
        if tokens.refreshToken == nil { notes.append("no refresh token: mcp-warden authorizes again when the access token expires") }
        if client == nil { notes.append("no client information: a refresh registers a new client") }
        for (entry, kind) in group.files {
            let removable: Bool = [.tokens, .clientInfo, .codeVerifier, .lock, .refreshLease].contains(kind)
            let done = kind == .tokens || kind == .clientInfo ? "\(dryRun ? "would be " : "")imported into the vault for \(url)" : ""
            let note = kind == .tokens && !notes.isEmpty ? "; " + notes.joined(separator: "; ") : ""
            if entry.permissions & 0o077 != 0, kind == .tokens || kind == .clientInfo {
                Diagnostics.emit(
                    "warning",
                    "\(entry.path) was readable by other users (mode \(String(entry.permissions, radix: 8))): revoke this grant at the server if others use this machine"
                )
            }
            guard removable, shred else {
                if kind == .debugLog {
                    leave(
                        entry, "mcp-remote's debug log may hold tokens in plaintext; mcp-warden does not remove logs: read it and delete it yourself",
                        level: "warning")
                } else if done.isEmpty {
                    leave(entry, removable ? "not needed by mcp-warden; pass --shred to remove it" : "not a file mcp-warden imports")
                } else {
                    say("info", entry.path, done + (dryRun ? "" : "; the plaintext file is still here: pass --shred to overwrite and remove it") + note)
                }
                continue
            }
            let what = done.isEmpty ? "\(dryRun ? "would be " : "")shredded" : done + " and shredded"
            if dryRun { say("info", entry.path, what + note); continue }
            do throws(VaultError) {
                try Shredder.shred(entry.path)
                shredded += 1
                say("info", entry.path, what + " (overwritten with random bytes, then removed)" + note)
            } catch {
                failed = true
                say("error", entry.path, "\(done.isEmpty ? "" : done + ", but it ")could not be shredded: \(Self.reason(error.message, path: entry.path))")
            }
        }
    }

    private mutating func leave(_ entry: MCPRemoteCache.Entry, _ why: String, level: String = "info") {
        leftInPlace += 1
        say(level, entry.path, "left in place: \(why)")
    }

    private func say(_ level: String, _ path: String, _ text: String) { Diagnostics.emit(level, "\(path): \(text)") }

    /// A message about `path` as said of "it" (the line names the file already).
    private static func reason(_ message: String, path: String) -> String {
        message.hasPrefix(path + " ") ? "it " + message.dropFirst(path.count + 1) : message
    }

    private func summarize() {
        let verb = dryRun ? "would import" : "imported"
        Diagnostics.emit(
            "info",
            "\(verb) \(imported) server(s) from mcp-remote into the vault\(shred && !dryRun ? ", shredded \(shredded) file(s)" : ""); \(leftInPlace) file(s) left in place"
        )
        if unmatched > 0 {
            Diagnostics.emit(
                "hint",
                "mcp-remote names its files after the MD5 of the server URL exactly as typed, plus any --resource and --header values; for a server of yours, run mcp-warden endpoints add NAME URL with the URL you gave mcp-remote, then import again"
            )
        }
    }
}
