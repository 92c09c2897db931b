// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import TokenVault

/// `mcp-warden purge`: `TokenVault.purge()` removes what the vault wrote, `VaultKeys.forget()` the key;
/// and the named cross-process locks next to the entries.
@Suite struct TokenVaultPurgeTests {
    @Test("purge removes entries, damaged copies, locks and temporaries, reports them, and leaves other files")
    func purgeRemovesWhatTheVaultWrote() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            #expect(try fixture.vault.purge().isEmpty, "nothing to purge before the vault exists")
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            try fixture.vault.write(otherKey, sampleTokens, now: 1)
            var bytes = try #require(contents(fixture.vault.path(for: otherKey)))
            bytes[bytes.count - 1] ^= 1
            try put(bytes, at: fixture.vault.path(for: otherKey))
            #expect(throws: VaultError.self) { try fixture.vault.read(otherKey) }
            _ = try fixture.vault.lock(sampleKey, timeout: 1)
            _ = try fixture.vault.attemptLock(named: "https://mcp.example.com")
            let entries = fixture.location.entries
            try put([1], at: entries + "/" + sampleKey.fileStem + ".vault.tmp-1-00000000")
            try put([1], at: entries + "/notes.txt")

            let before = Set(directoryNames(entries).filter { $0 != "notes.txt" }.map { entries + "/" + $0 })
            #expect(before.count == 5)  // entry, damaged copy, entry lock, named lock, temporary
            let removed = try fixture.vault.purge()
            #expect(Set(removed) == before)
            #expect(directoryNames(entries) == ["notes.txt"])
            #expect(try fixture.vault.read(sampleKey) == nil)
            #expect(exists(fixture.location.keyFile), "purge leaves the key to VaultKeys.forget()")
        }
    }

    @Test("forget deletes the key file; the next write makes a new key, which cannot open old entries")
    func forgetDeletesTheKeyFile() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let oldKey = try #require(contents(fixture.location.keyFile))
            let oldEntry = try #require(contents(fixture.vault.path(for: sampleKey)))
            #expect(fixture.keys.forget() == [fixture.location.keyFile])
            #expect(!exists(fixture.location.keyFile))
            #expect(fixture.keys.forget().isEmpty)

            try fixture.vault.write(otherKey, sampleTokens, now: 2)
            #expect(contents(fixture.location.keyFile) != oldKey)
            #expect(try fixture.vault.read(otherKey) == sampleTokens)
            try put(oldEntry, at: fixture.vault.path(for: sampleKey))
            #expect(try #require(throws: VaultError.self) { try fixture.vault.read(sampleKey) }.code == .damaged)
        }
    }

    @Test("forget removes the key from the keyring too")
    func forgetRemovesTheKeyringKey() throws {
        try withTemporaryDirectory { root in
            let keyring = MemoryKeyring()
            let fixture = VaultFixture(root: root, keyring: keyring)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let first = try #require(keyring.stored(fixture.location.entries))
            #expect(fixture.keys.forget() == [keyring.name])
            #expect(keyring.stored(fixture.location.entries) == nil)
            try fixture.vault.write(sampleKey, sampleTokens, now: 2)
            #expect(keyring.stored(fixture.location.entries) != first)
        }
    }

    @Test("named locks exclude the same name only, and their file names reveal nothing")
    func namedLocks() throws {
        try withTemporaryDirectory { root in
            let vault = VaultFixture(root: root).vault
            let held = try #require(try vault.attemptLock(named: "https://mcp.example.com"))
            #expect(try vault.attemptLock(named: "https://mcp.example.com") == nil)
            #expect(try vault.attemptLock(named: "https://other.example.net") != nil)
            let names = directoryNames(VaultFixture(root: root).location.entries)
            #expect(names.allSatisfy { !$0.contains("example") })
            #expect(names.contains { $0.hasPrefix("lock-") && $0.utf8.count == "lock-".utf8.count + 40 + ".lock".utf8.count })
            held.release()
            #expect(try vault.attemptLock(named: "https://mcp.example.com") != nil)
        }
    }
}
