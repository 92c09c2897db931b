// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

@testable import OAuth

/// `GrantEntries` held in memory: the seam under `GrantStore` and `OAuthSession`, so their rules
/// (which grant serves which server, migration, locking) are tested without files. The vault
/// behind the real implementation has its own tests (TokenVaultTests, mcp-wardenTests, Integration).
final class MemoryGrantEntries: GrantEntries {
    private struct State {
        var entries: [GrantKey: (bytes: [UInt8], written: Int)] = [:]
        var clock = 1_000
        var locks: Set<String> = []
        var reports: [String] = []
    }

    private let state = Mutex(State())

    /// Adds or replaces an entry as if written at `written`.
    func put(_ key: GrantKey, _ bytes: [UInt8], written: Int) {
        state.withLock { $0.entries[key] = (bytes, written) }
    }

    var keys: [GrantKey] { state.withLock { Array($0.entries.keys) } }
    var reports: [String] { state.withLock { $0.reports } }

    func list() -> [(key: GrantKey, written: Int)] {
        state.withLock { $0.entries.map { ($0.key, $0.value.written) } }
    }

    func read(_ key: GrantKey) -> [UInt8]? {
        state.withLock { $0.entries[key]?.bytes }
    }

    func write(_ key: GrantKey, _ bytes: [UInt8]) -> Bool {
        state.withLock { state in
            state.clock += 1
            state.entries[key] = (bytes, state.clock)
        }
        return true
    }

    func remove(_ key: GrantKey) -> Bool {
        state.withLock { _ = $0.entries.removeValue(forKey: key) }
        return true
    }

    func attemptLock(_ scope: String) -> GrantLockAttempt {
        state.withLock { $0.locks.insert(scope).inserted } ? .held(Lock(scope: scope, owner: self)) : .busy
    }

    func report(_ problem: String, in key: GrantKey, hint: String?) {
        state.withLock { $0.reports.append("\(key.resource): \(problem)") }
    }

    private final class Lock: GrantLock {
        let scope: String
        let owner: MemoryGrantEntries
        init(scope: String, owner: MemoryGrantEntries) {
            self.scope = scope
            self.owner = owner
        }

        func release() {
            _ = owner.state.withLock { $0.locks.remove(scope) }
        }

        deinit { release() }
    }
}
