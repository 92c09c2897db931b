// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import OAuth
import TokenVault

/// OAuth's `GrantEntries` over the encrypted vault: each grant entry is one sealed vault file
/// (DESIGN.md invariant 7), each lock a flock(2) file beside them. Every `VaultError` goes to
/// `report` (already free of secrets) and the call answers as if the entry were absent.
struct VaultGrantEntries: GrantEntries {
    let vault: TokenVault
    let report: @Sendable (VaultError) -> Void

    /// `report` receives every problem, to print as error + hint.
    init(vault: TokenVault, report: @escaping @Sendable (VaultError) -> Void) {
        self.vault = vault
        self.report = report
    }

    func list() -> [(key: GrantKey, written: Int)] {
        do {
            let found = try vault.list()
            for problem in found.unreadable { report(problem) }
            return found.entries.map { (GrantKey($0.key), $0.written) }
        } catch {
            report(error)
            return []
        }
    }

    func read(_ key: GrantKey) -> [UInt8]? {
        do {
            return try vault.read(EntryKey(key))
        } catch {
            report(error)
            return nil
        }
    }

    func write(_ key: GrantKey, _ bytes: [UInt8]) -> Bool {
        do {
            try vault.write(EntryKey(key), bytes, now: WallClock.seconds())
            return true
        } catch {
            report(
                VaultError(
                    error.code, "could not save the authorization for \(key.resource) in the vault: \(error.message); it is kept in memory for this run",
                    hint: error.hint))
            return false
        }
    }

    func remove(_ key: GrantKey) -> Bool {
        do {
            try vault.remove(EntryKey(key))
            return true
        } catch {
            report(error)
            return false
        }
    }

    func attemptLock(_ scope: String) -> GrantLockAttempt {
        do {
            guard let lock = try vault.attemptLock(named: scope) else { return .busy }
            return .held(lock)
        } catch {
            report(error)
            return .failed
        }
    }

    func report(_ problem: String, in key: GrantKey, hint: String?) {
        report(VaultError(.damaged, "the vault entry for \(EntryKey(key)) \(problem)", hint: hint))
    }
}

extension GrantStore {
    /// The grant store over this machine's vault.
    init(vault: TokenVault, report: @escaping @Sendable (VaultError) -> Void) {
        self.init(entries: VaultGrantEntries(vault: vault, report: report))
    }
}

extension EntryLock: GrantLock {}

extension EntryKey {
    init(_ key: GrantKey) {
        self.init(server: key.server, resource: key.resource, issuer: key.issuer, variant: key.variant)
    }
}

extension GrantKey {
    init(_ key: EntryKey) {
        self = .listed(server: key.server, resource: key.resource, issuer: key.issuer, variant: key.variant)
    }
}
