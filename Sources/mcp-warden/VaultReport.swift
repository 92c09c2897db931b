// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import OAuth
import PinnedHTTP
import Platform
import TokenVault

/// What `status` says about the vault: where it is, which key provider protects it, and every
/// entry — never a token, a secret or a key (issue 6 "status": client ids masked, only whether a
/// refresh token is held).
struct VaultReport {
    struct Entry {
        let serverURL: String
        let resource: String
        let issuer: String
        let clientID: String?
        let scopes: [String]
        let accessTokenExpiresAt: Int?
        let refreshTokenHeld: Bool
        /// Whether any token is held (an entry kept after `logout` holds only its registration).
        let tokensHeld: Bool
        let lastRefresh: Int?
        let written: Int
        let keySource: String
        let origin: String?
    }

    let directory: String
    let keyFile: String
    let provider: String
    let providerDescription: String
    let fallback: String?
    let entries: [Entry]
    let problems: [String]

    /// Decrypts every entry (a damaged one is moved aside and listed in `problems`).
    static func read(_ vault: TokenVault) -> VaultReport {
        var entries: [Entry] = []
        var problems: [String] = []
        do {
            let listing = try vault.list()
            problems += listing.unreadable.map { VisibleText.sanitized($0.message) }
            for item in listing.entries {
                do {
                    guard let bytes = try vault.read(item.key) else { continue }
                    let grant = try StoredGrant.decode(bytes)
                    // Server-supplied text, and a URL may carry a credential in its query.
                    entries.append(
                        Entry(
                            serverURL: VisibleText.sanitized(grant.serverURL), resource: VisibleText.sanitized(grant.resource),
                            issuer: VisibleText.sanitized(grant.issuer),
                            clientID: grant.registration.map { mask($0.clientID) }, scopes: grant.tokens?.scopes ?? [],
                            accessTokenExpiresAt: grant.tokens?.expiresAt, refreshTokenHeld: grant.tokens?.refreshToken != nil,
                            tokensHeld: grant.tokens != nil, lastRefresh: grant.lastRefresh, written: item.written, keySource: item.source.name,
                            origin: grant.origin))
                } catch let error as VaultError {
                    problems.append(VisibleText.sanitized(error.message))
                } catch {
                    problems.append(VisibleText.sanitized("the vault entry for \(item.key) is not an authorization mcp-warden can use"))
                }
            }
        } catch {
            problems.append(VisibleText.sanitized(error.message))
        }
        // Read-only: no key is created to be described (issue 13).
        let keys = vault.keys.inspect()
        return VaultReport(
            directory: vault.location.entries, keyFile: vault.location.keyFile, provider: keys.provider ?? "none",
            providerDescription: keys.description, fallback: keys.fallback, entries: entries, problems: problems)
    }

    /// A client id shown as its first 4 and last 2 characters.
    static func mask(_ id: String) -> String {
        id.count <= 8 ? "…" : "\(id.prefix(4))…\(id.suffix(2))"
    }

    func text(now: Int = WallClock.seconds()) -> [String] {
        var lines = ["vault: \(directory)", "vault key: \(providerDescription)"]
        let held = entries.filter(\.tokensHeld)
        if held.isEmpty { lines.append("stored authorizations: none") }
        for entry in held {
            lines.append("stored authorization for \(entry.resource)")
            lines.append("  server: \(entry.serverURL)")
            lines.append("  issuer: \(entry.issuer.isEmpty ? "not known yet (imported from \(entry.origin ?? "elsewhere"))" : entry.issuer)")
            lines.append("  client: \(entry.clientID ?? "none")")
            lines.append("  scopes: \(entry.scopes.isEmpty ? "none" : entry.scopes.joined(separator: " "))")
            lines.append(
                "  access token: \(entry.accessTokenExpiresAt.map { $0 > now ? "expires in \(Self.duration($0 - now))" : "expired \(Self.duration(now - $0)) ago" } ?? "no expiry given")"
            )
            lines.append("  refresh token: \(entry.refreshTokenHeld ? "held" : "none")")
            lines.append("  last refresh: \(entry.lastRefresh.map { "\(Self.duration(now - $0)) ago" } ?? "never")")
        }
        let registrations = entries.filter { !$0.tokensHeld }
        if !registrations.isEmpty {
            // After logout: no token, only the client registration the next login reuses.
            lines.append("client registrations kept without tokens (mcp-warden logout NAME|URL --forget-client deletes them):")
            lines += registrations.map { "  \($0.serverURL): client \($0.clientID ?? "none")\($0.issuer.isEmpty ? "" : " at \($0.issuer)")" }
        }
        lines += problems.map { "problem: \($0)" }
        return lines
    }

    func json() -> JSONValue {
        func optional(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }
        return .object(
            JSONObject([
                ("directory", .string(directory)), ("keyFile", .string(keyFile)), ("keyProvider", .string(provider)),
                ("keyDescription", .string(providerDescription)), ("keyFallback", fallback.map { .string($0) } ?? .null),
                (
                    "entries",
                    .array(
                        entries.map { entry in
                            .object(
                                JSONObject([
                                    ("serverURL", .string(entry.serverURL)), ("resource", .string(entry.resource)), ("issuer", .string(entry.issuer)),
                                    ("clientID", entry.clientID.map { .string($0) } ?? .null), ("scopes", .array(entry.scopes.map { .string($0) })),
                                    ("accessTokenExpiresAt", optional(entry.accessTokenExpiresAt)), ("refreshTokenHeld", .bool(entry.refreshTokenHeld)),
                                    ("tokensHeld", .bool(entry.tokensHeld)),
                                    ("lastRefresh", optional(entry.lastRefresh)), ("written", .integer(entry.written)), ("keySource", .string(entry.keySource)),
                                    ("origin", entry.origin.map { .string($0) } ?? .null)
                                ]))
                        })
                ),
                ("problems", .array(problems.map { .string($0) }))
            ]))
    }

    static func duration(_ seconds: Int) -> String {
        seconds < 120 ? "\(seconds) s" : seconds < 7200 ? "\(seconds / 60) min" : seconds < 172_800 ? "\(seconds / 3600) h" : "\(seconds / 86400) days"
    }
}
