import TokenVault

/// Where a session keeps its grant between runs. Implementations report their own problems
/// (damage, permissions) and never stop the session: without a store, tokens live in memory.
public protocol GrantStore: Sendable {
    /// The grant for the MCP server at `serverURL` (or for exactly `resource` when the user set
    /// one), the most recently written first; nil when none can be read.
    func load(serverURL: String, resource: String?) -> StoredGrant?
    /// False when the grant could not be written (reported).
    @discardableResult func save(_ grant: StoredGrant) -> Bool
    func remove(resource: String, issuer: String)
    /// The cross-process lock named `scope` (one server's authorization) if it is free now.
    func attemptLock(_ scope: String) -> GrantLockAttempt
}

public enum GrantLockAttempt {
    case held(EntryLock)
    case busy
    /// The lock cannot be had at all (reported): carry on without it.
    case failed
}

/// The grant store over the encrypted vault: one entry per (resource, issuer).
public struct VaultGrantStore: GrantStore {
    public let vault: TokenVault
    let report: @Sendable (VaultError) -> Void

    /// `report` receives every problem, already free of secrets, to print as error + hint.
    public init(vault: TokenVault, report: @escaping @Sendable (VaultError) -> Void) {
        self.vault = vault
        self.report = report
    }

    public func load(serverURL: String, resource: String?) -> StoredGrant? {
        let listing: [TokenVault.Listing]
        do {
            let found = try vault.list()
            for problem in found.unreadable { report(problem) }
            listing = found.entries
        } catch {
            report(error)
            return nil
        }
        let candidates = listing.filter { entry in
            if let resource { return entry.key.resource == resource }
            return entry.key.resource == serverURL || VerifiedResourceMetadata.covers(resource: entry.key.resource, serverURL: serverURL)
        }.sorted { $0.written > $1.written }
        for candidate in candidates {
            do {
                guard let bytes = try vault.read(candidate.key) else { continue }
                let grant = try StoredGrant.decode(bytes)
                guard grant.resource == candidate.key.resource, grant.issuer == candidate.key.issuer else { continue }
                return grant
            } catch let error as VaultError {
                report(error)
            } catch {
                report(VaultError(.damaged, "the vault entry for \(candidate.key) does not hold an authorization mcp-warden can use: \(error)",
                                  hint: "mcp-warden authorizes again and replaces it"))
            }
        }
        return nil
    }

    public func save(_ grant: StoredGrant) -> Bool {
        do {
            try vault.write(EntryKey(resource: grant.resource, issuer: grant.issuer), grant.encoded(), now: WallClock.seconds())
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

    public func remove(resource: String, issuer: String) {
        do { try vault.remove(EntryKey(resource: resource, issuer: issuer)) } catch { report(error) }
    }
}
