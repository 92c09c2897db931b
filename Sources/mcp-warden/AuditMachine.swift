// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import OAuth
import Platform
import TokenVault

/// The findings about this machine rather than one config file: mcp-remote's plaintext token
/// cache, and mcp-warden's own grants past their rotation age.
enum AuditMachine {
    static func mcpRemoteCache(environment: [String: String]) -> [Finding] {
        guard let base = MCPRemoteCache.baseDirectory(environment: environment),
            let directories = try? MCPRemoteCache.cacheDirectories(base: base).directories
        else { return [] }
        return directories.compactMap { directory in
            guard let entries = try? MCPRemoteCache.list(directory) else { return nil }
            let servers = MCPRemoteCache.group(entries).groups.filter { $0.file(.tokens) != nil || $0.file(.clientInfo) != nil }
            guard !servers.isEmpty else { return nil }
            return Finding(
                .mcpRemoteTokenCache, .warning, file: directory,
                message: "mcp-remote's cache holds plaintext tokens or client secrets of \(servers.count) server(s), readable by anything running as you",
                fix: "mcp-warden import mcp-remote --shred (or mcp-warden migrate --shred), then revoke grants you no longer use")
        }
    }

    /// Stored authorizations older than `days` (by when they were made); skipped quietly when the
    /// vault cannot be read (nothing to say about grants then, and `status` explains why).
    static func staleGrants(environment: [String: String], days: Int, now: Int = WallClock.seconds()) -> [Finding] {
        guard let vault = try? VaultAccess.open(environment: environment, log: Diagnostics(quiet: true)),
            let listing = try? vault.list()
        else { return [] }
        var findings: [Finding] = []
        for item in listing.entries {
            guard let bytes = try? vault.read(item.key), let grant = try? StoredGrant.decode(bytes), grant.tokens != nil else { continue }
            let age = (now - grant.created) / 86400
            guard now - grant.created >= days * 86400 else { continue }
            let server = VisibleText.sanitized(grant.serverURL)
            findings.append(
                Finding(
                    .grantRotation, .warning, file: item.path, server: server,
                    message:
                        "the authorization for \(server) is \(age) day(s) old (rotation age \(days) days)\(grant.origin == "mcp-remote" ? "; imported from mcp-remote" : "")",
                    fix: "mcp-warden logout \(server), then mcp-warden login \(server): new tokens, the old ones revoked"))
        }
        return findings
    }
}
