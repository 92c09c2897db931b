// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Where a session keeps its grant between runs: `StoredGrant`s encoded in `GrantEntries`, one
/// entry per (server URL, resource, issuer). Problems are reported and never stop the session:
/// without a store, tokens live in memory.
public struct GrantStore: Sendable {
    public let entries: any GrantEntries

    public init(entries: any GrantEntries) {
        self.entries = entries
    }

    /// The grant the MCP server at `serverURL` may use (`StoredGrant.serves`; exactly `resource`
    /// when the user set one), the most recently written first; nil when none can be read.
    public func load(serverURL: String, resource: String?) -> StoredGrant? {
        // The key names the server and resource in clear (query secrets redacted): only
        // candidates are read, then matched on their full URLs. An entry of an earlier version
        // has no server in its key; its grant names it.
        let wanted = StoredGrant.key(server: serverURL, resource: resource ?? "", issuer: "")
        return grants { key in
            key.server.isEmpty
                || StoredGrant.serves(server: key.server, resource: key.resource, url: wanted.server, wanted: resource.map { _ in wanted.resource })
        }.first { $0.serves(serverURL, resource: resource) }
    }

    /// Every grant the store can read (`logout`), the most recently written first.
    public func all() -> [StoredGrant] { grants { _ in true } }

    /// The grant in the entry `key` now, or nil when there is none (re-read under a lock).
    public func current(_ key: GrantKey) -> StoredGrant? { grants { $0 == key }.first }

    /// The readable grants whose key passes `wanted`, newest first. An entry of an earlier version
    /// (no server in its key) is moved to its full key when read — unless an entry under that key
    /// was written as late or later (a rotated grant must not be replaced by an older copy); then
    /// the old one just goes.
    func grants(_ wanted: (GrantKey) -> Bool) -> [StoredGrant] {
        let listing = entries.list()
        let written = Dictionary(listing.map { ($0.key, $0.written) }, uniquingKeysWith: max)
        var result: [StoredGrant] = []
        for candidate in listing.filter({ wanted($0.key) }).sorted(by: { $0.written > $1.written }) {
            guard let bytes = entries.read(candidate.key) else { continue }
            let grant: StoredGrant
            do {
                grant = try StoredGrant.decode(bytes)
            } catch {
                entries.report(
                    "does not hold an authorization mcp-warden can use: \(error)", in: candidate.key,
                    hint: "mcp-warden authorizes again and replaces it")
                continue
            }
            guard
                candidate.key.server.isEmpty
                    ? grant.resource == candidate.key.resource && grant.issuer == candidate.key.issuer
                    : grant.key == candidate.key
            else {
                entries.report(
                    "holds an authorization for another server; not used", in: candidate.key,
                    hint: "mcp-warden authorizes again and replaces it")
                continue
            }
            if candidate.key.server.isEmpty {
                if let current = written[grant.key], current >= candidate.written {
                    remove(candidate.key)
                    continue
                }
                if save(grant) { remove(candidate.key) }
            }
            result.append(grant)
        }
        return result
    }

    /// False when the grant could not be written (reported; it is kept in memory for this run).
    @discardableResult public func save(_ grant: StoredGrant) -> Bool {
        entries.write(grant.key, grant.encoded())
    }

    /// False when the entry could not be removed (reported); true also when there was none.
    @discardableResult public func remove(_ key: GrantKey) -> Bool {
        entries.remove(key)
    }

    /// The cross-process lock named `scope` (one server's authorization) if it is free now.
    public func attemptLock(_ scope: String) -> GrantLockAttempt {
        entries.attemptLock(scope)
    }

    /// Deletes the grant's tokens (`logout`): the whole entry when `forgetClient` or when it holds
    /// no registration, else the entry without tokens; when that cannot be saved, the whole entry
    /// goes (tokens must not survive a logout). `removed` is false when they could not be deleted.
    public func dropTokens(of grant: StoredGrant, forgetClient: Bool) -> (removed: Bool, clientForgotten: Bool) {
        var kept = grant
        kept.tokens = nil
        if forgetClient || kept.registration == nil {
            return (remove(grant.key), forgetClient && grant.registration != nil)
        }
        if save(kept) { return (true, false) }
        return (remove(grant.key), true)
    }
}
