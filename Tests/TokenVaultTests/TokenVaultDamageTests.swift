// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import TokenVault

/// DESIGN.md invariant 7: tampering or a wrong key is detected and reported, never silently ignored;
/// a file that cannot be read is moved aside (`NAME.damaged-TIME`), never deleted.
@Suite struct TokenVaultDamageTests {
    @Test("invariant 7 / SP 800-38D: a changed byte on disk is .damaged, the file moved aside intact, nothing deleted")
    func invariant7_tamperedFileIsMovedAside() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let path = fixture.vault.path(for: sampleKey)
            let original = try #require(contents(path))
            // Regions: magic, header length, header, ciphertext, tag.
            for index in [0, 9, 40, original.count - 30, original.count - 1] {
                var tampered = original
                tampered[index] ^= 0x80
                try put(tampered, at: path)
                let error = try #require(throws: VaultError.self, "byte \(index)") { try fixture.vault.read(sampleKey) }
                #expect(error.code == .damaged)
                #expect(error.hint?.contains("nothing was deleted") == true)
                #expect(!exists(path))
                let aside = try #require(fixture.damagedFiles.first)
                #expect(aside.hasPrefix(sampleKey.fileStem + ".vault.damaged-"))
                #expect(error.message.contains(aside))
                #expect(contents(fixture.location.entries + "/" + aside) == tampered)
                #expect(!error.message.contains("at-123") && !error.message.contains("rt-456"))
                try #require(unlink(fixture.location.entries + "/" + aside) == 0)
                #expect(try fixture.vault.read(sampleKey) == nil)
            }
        }
    }

    @Test("invariant 7: a file copied onto another entry's name is refused (it belongs to another entry) and moved aside")
    func invariant7_copiedFileIsRefused() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            try fixture.vault.write(otherKey, Array("other".utf8), now: 1)
            let copied = try #require(contents(fixture.vault.path(for: sampleKey)))
            try put(copied, at: fixture.vault.path(for: otherKey))

            let error = try #require(throws: VaultError.self) { try fixture.vault.read(otherKey) }
            #expect(error.code == .damaged)
            #expect(error.message.contains("belongs to another entry"))
            #expect(!exists(fixture.vault.path(for: otherKey)))
            #expect(fixture.damagedFiles.count == 1)
            #expect(fixture.damagedFiles.allSatisfy { $0.hasPrefix(otherKey.fileStem) })
            #expect(try fixture.vault.read(sampleKey) == sampleTokens)
        }
    }

    @Test("invariant 7: a second damaged copy is moved aside next to the first, not over it")
    func invariant7_repeatedDamageKeepsEveryCopy() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            for round in 0..<3 {
                try fixture.vault.write(sampleKey, sampleTokens, now: 1)
                var bytes = try #require(contents(fixture.vault.path(for: sampleKey)))
                bytes[bytes.count - 1] ^= UInt8(1 << round)
                try put(bytes, at: fixture.vault.path(for: sampleKey))
                #expect(throws: VaultError.self) { try fixture.vault.read(sampleKey) }
            }
            #expect(fixture.damagedFiles.count == 3)
            #expect(Set(fixture.damagedFiles.compactMap { contents(fixture.location.entries + "/" + $0) }).count == 3)
        }
    }

    @Test("invariant 7: an entry file others can read (0640) is .permissions with a chmod 600 hint and is left alone")
    func invariant7_groupReadableEntryIsRefused() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let path = fixture.vault.path(for: sampleKey)
            try #require(chmod(path, 0o640) == 0)
            let error = try #require(throws: VaultError.self) { try fixture.vault.read(sampleKey) }
            #expect(error.code == .permissions)
            #expect(error.hint?.contains("chmod 600") == true)
            #expect(error.hint?.contains(path) == true)
            #expect(permissions(path) == 0o640 && fixture.damagedFiles.isEmpty)
        }
    }

    @Test("invariant 7: a vault directory others can read (0755) is .permissions with a chmod 700 hint")
    func invariant7_looseVaultDirectoryIsRefused() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            try #require(chmod(fixture.location.entries, 0o755) == 0)
            let operations: [(String, () throws -> Void)] = [
                ("read", { _ = try fixture.vault.read(sampleKey) }),
                ("write", { try fixture.vault.write(otherKey, sampleTokens, now: 2) }),
                ("list", { _ = try fixture.vault.list() }),
                ("lock", { _ = try fixture.vault.lock(sampleKey, timeout: 0.1) })
            ]
            for (name, operation) in operations {
                let error = try #require(throws: VaultError.self, "\(name)") { try operation() }
                #expect(error.code == .permissions, "\(name)")
                #expect(error.hint?.contains("chmod 700") == true, "\(name)")
            }
            #expect(!exists(fixture.vault.path(for: otherKey)))
            #expect(permissions(fixture.location.entries) == 0o755, "the vault must not change modes behind the user's back")
        }
    }

    @Test("invariant 7: an entry path that is a symlink is not followed")
    func invariant7_symlinkIsNotFollowed() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(otherKey, sampleTokens, now: 1)
            try #require(symlink(fixture.vault.path(for: otherKey), fixture.vault.path(for: sampleKey)) == 0)
            #expect(throws: VaultError.self) { try fixture.vault.read(sampleKey) }
        }
    }

    @Test("invariant 7: an entry file over the 8 MiB cap is .damaged and moved aside like any malformed file")
    func invariant7_oversizedEntryIsMovedAside() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let path = fixture.vault.path(for: sampleKey)
            let oversized = (contents(path) ?? []) + Array(repeating: 0x41, count: SealedFile.maxFile)
            try put(oversized, at: path)
            let error = try #require(throws: VaultError.self) { try fixture.vault.read(sampleKey) }
            #expect(error.code == .damaged)
            // TokenVault.read's contract: "A file that is malformed, tampered with, or sealed with another key
            // is moved aside" — otherwise the next write replaces it and the damaged copy is lost.
            #expect(!exists(path), "an oversized entry was reported .damaged but left in place")
            #expect(fixture.damagedFiles.count == 1)
        }
    }

    @Test("invariant 7: list() removes temporaries of writers that died before their rename, and only those")
    func invariant7_abandonedTemporariesAreRemoved() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            // A process that has exited: spawn /bin/true and reap it.
            var child: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
            defer { argv.forEach { free($0) } }
            try #require(posix_spawn(&child, "/bin/true", nil, nil, argv, nil) == 0)
            var status: Int32 = 0
            try #require(waitpid(child, &status, 0) == child)
            let entries = fixture.location.entries
            let dead = entries + "/" + sampleKey.fileStem + ".vault.tmp-\(child)-0a1b2c3d"
            let live = entries + "/" + sampleKey.fileStem + ".vault.tmp-\(getpid())-0a1b2c3d"
            try put([1], at: dead)
            try put([2], at: live)
            let listing = try fixture.vault.list()
            #expect(listing.entries.map(\.key) == [sampleKey] && listing.unreadable.isEmpty)
            #expect(!exists(dead))
            #expect(exists(live), "a temporary of a live writer (this process) must stay")
        }
    }
}
