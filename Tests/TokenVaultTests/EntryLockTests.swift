// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import TokenVault

/// flock(2) per-entry locks: one holder at a time (flock is per open file description, so two
/// EntryLocks in one process exclude each other like two processes do).
@Suite struct EntryLockTests {
    @Test("attempt returns nil while another EntryLock holds the path; release frees it")
    func attemptWhileHeldReturnsNil() throws {
        try withTemporaryDirectory { root in
            let path = root + "/entry.lock"
            let first = try #require(try EntryLock.attempt(path))
            #expect(try EntryLock.attempt(path) == nil)
            #expect(try EntryLock.attempt(path) == nil)
            first.release()
            first.release()  // twice is harmless
            let second = try #require(try EntryLock.attempt(path))
            #expect(try EntryLock.attempt(path) == nil)
            second.release()
            #expect(permissions(path) == 0o600)
        }
    }

    @Test("a lock that goes away releases its hold")
    func deinitReleases() throws {
        try withTemporaryDirectory { root in
            let path = root + "/entry.lock"
            func holdBriefly() throws {
                let lock = try #require(try EntryLock.attempt(path))
                #expect(try EntryLock.attempt(path) == nil)
                withExtendedLifetime(lock) {}
            }
            try holdBriefly()
            #expect(try EntryLock.attempt(path) != nil)
        }
    }

    @Test("acquire gets a free lock at once and throws .busy after the timeout when it is held")
    func acquireTimesOutWithBusy() throws {
        try withTemporaryDirectory { root in
            let path = root + "/entry.lock"
            let held = try EntryLock.acquire(path, timeout: 5)
            let start = Monotonic.seconds()
            let error = try #require(throws: VaultError.self) { try EntryLock.acquire(path, timeout: 0.2) }
            let waited = Monotonic.seconds() - start
            #expect(error.code == .busy)
            #expect(waited >= 0.2 && waited < 3)
            held.release()
            let start2 = Monotonic.seconds()
            _ = try EntryLock.acquire(path, timeout: 5)
            #expect(Monotonic.seconds() - start2 < 1)
        }
    }

    @Test("entries lock independently; TokenVault's lock and attemptLock use the same lock file")
    func vaultLocksArePerEntry() throws {
        try withTemporaryDirectory { root in
            let vault = VaultFixture(root: root).vault
            let a = try #require(try vault.attemptLock(sampleKey))
            let b = try #require(try vault.attemptLock(otherKey))
            #expect(try vault.attemptLock(sampleKey) == nil)
            #expect(throws: VaultError.self) { try vault.lock(otherKey, timeout: 0.05) }
            a.release()
            b.release()
            _ = try vault.lock(sampleKey, timeout: 1)
        }
    }

    @Test("a lock in a directory that does not exist is an .io error, not a crash")
    func missingDirectoryIsAnError() throws {
        try withTemporaryDirectory { root in
            let error = try #require(throws: VaultError.self) { try EntryLock.attempt(root + "/missing/entry.lock") }
            #expect(error.code == .io)
        }
    }
}
