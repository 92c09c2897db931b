import TokenVault

/// Where a session keeps its grant between runs. Implementations report their own problems
/// (damage, permissions) and never stop the session: without a store, tokens live in memory.
public protocol GrantStore: Sendable {
    /// The grant the MCP server at `serverURL` may use (`StoredGrant.serves`; exactly `resource`
    /// when the user set one), the most recently written first; nil when none can be read.
    func load(serverURL: String, resource: String?) -> StoredGrant?
    /// Every grant the store can read (`logout`), the most recently written first.
    func all() -> [StoredGrant]
    /// The grant in the entry `key` now, or nil when there is none (re-read under a lock).
    func current(_ key: EntryKey) -> StoredGrant?
    /// False when the grant could not be written (reported).
    @discardableResult func save(_ grant: StoredGrant) -> Bool
    /// False when the entry could not be removed (reported); true also when there was none.
    @discardableResult func remove(_ key: EntryKey) -> Bool
    /// The cross-process lock named `scope` (one server's authorization) if it is free now.
    func attemptLock(_ scope: String) -> GrantLockAttempt
}

extension GrantStore {
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

public enum GrantLockAttempt {
    case held(EntryLock)
    case busy
    /// The lock cannot be had at all (reported): carry on without it.
    case failed
}

/// The grant store over the encrypted vault: one entry per (server URL, resource, issuer).
public struct VaultGrantStore: GrantStore {
    public let vault: TokenVault
    let report: @Sendable (VaultError) -> Void

    /// `report` receives every problem, already free of secrets, to print as error + hint.
    public init(vault: TokenVault, report: @escaping @Sendable (VaultError) -> Void) {
        self.vault = vault
        self.report = report
    }

    public func load(serverURL: String, resource: String?) -> StoredGrant? {
        // The key names the server and resource in clear (query secrets redacted): only
        // candidates are decrypted, then matched on their full URLs. An entry of an earlier
        // version has no server in its key; its grant names it.
        let wanted = StoredGrant.key(server: serverURL, resource: resource ?? "", issuer: "")
        return grants { key in
            key.server.isEmpty || StoredGrant.serves(server: key.server, resource: key.resource, url: wanted.server, wanted: resource.map { _ in wanted.resource })
        }.first { $0.serves(serverURL, resource: resource) }
    }

    public func all() -> [StoredGrant] { grants { _ in true } }

    public func current(_ key: EntryKey) -> StoredGrant? { grants { $0 == key }.first }

    /// The readable grants whose key passes `wanted`, newest first. An entry of an earlier version
    /// (no server in its key) is moved to its full key when read — unless an entry under that key
    /// was written as late or later (a rotated grant must not be replaced by an older copy); then
    /// the old one just goes.
    func grants(_ wanted: (EntryKey) -> Bool) -> [StoredGrant] {
        let listing: [TokenVault.Listing]
        do {
            let found = try vault.list()
            for problem in found.unreadable { report(problem) }
            listing = found.entries
        } catch {
            report(error)
            return []
        }
        let written = Dictionary(listing.map { ($0.key, $0.written) }, uniquingKeysWith: max)
        var result: [StoredGrant] = []
        for candidate in listing.filter({ wanted($0.key) }).sorted(by: { $0.written > $1.written }) {
            do {
                guard let bytes = try vault.read(candidate.key) else { continue }
                let grant = try StoredGrant.decode(bytes)
                guard candidate.key.server.isEmpty ? grant.resource == candidate.key.resource && grant.issuer == candidate.key.issuer
                                                   : grant.key == candidate.key else {
                    report(VaultError(.damaged, "the vault entry for \(candidate.key) holds an authorization for another server; not used",
                                      hint: "mcp-warden authorizes again and replaces it"))
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
            } catch let error as VaultError {
                report(error)
            } catch {
                report(VaultError(.damaged, "the vault entry for \(candidate.key) does not hold an authorization mcp-warden can use: \(error)",
                                  hint: "mcp-warden authorizes again and replaces it"))
            }
        }
        return result
    }

    public func save(_ grant: StoredGrant) -> Bool {
        do {
            try vault.write(grant.key, grant.encoded(), now: WallClock.seconds())
            return true
        } catch {
            report(VaultError(error.code, "could not save the authorization for \(grant.resource) in the vault: \(error.message); it is kept in memory for this run",
                              hint: error.hint))
            return false
        }
    }

    public func attemptLock(_ scope: String) -> GrantLockAttempt {
        do {
            guard let lock = try vault.attemptLock(named: scope) else { return .busy }
            return .held(lock)
        } catch {
            report(error)
            return .failed
        }
    }

    public func remove(_ key: EntryKey) -> Bool {
        do {
            try vault.remove(key)
            return true
        } catch {
            report(error)
            return false
        }
    }
}
