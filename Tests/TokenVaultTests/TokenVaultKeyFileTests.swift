// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import TokenVault

/// The vault with the key-file provider (no keyring, no passphrase): DESIGN.md invariant 7 —
/// 0600 files in 0700 directories, the key kept apart from the data, the fall-back announced once.
@Suite struct TokenVaultKeyFileTests {
    @Test("invariant 7: write then read round-trips; directories are 0700, entry and key files 0600")
    func invariant7_roundTripAndModes() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            #expect(try fixture.vault.read(sampleKey) == nil)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1_900_000_000)
            #expect(try fixture.vault.read(sampleKey) == sampleTokens)
            #expect(try fixture.vault.read(otherKey) == nil)

            let entry = fixture.vault.path(for: sampleKey)
            #expect(entry == fixture.location.entries + "/" + sampleKey.fileStem + ".vault")
            #expect(permissions(fixture.location.entries) == 0o700)
            #expect(permissions(root + "/state/mcp-warden") == 0o700)
            #expect(permissions(entry) == 0o600)
            #expect(permissions(fixture.location.keyFile) == 0o600)
            #expect(permissions(root + "/config/mcp-warden") == 0o700)
            // Replaced atomically: no temporary file is left behind.
            #expect(directoryNames(fixture.location.entries).allSatisfy { !$0.contains(".tmp-") })

            // A second process with the same key file reads it; an overwrite replaces it.
            let later = fixture.reopened()
            #expect(try later.vault.read(sampleKey) == sampleTokens)
            try later.vault.write(sampleKey, Array("second".utf8), now: 1_900_000_100)
            #expect(try fixture.vault.read(sampleKey) == Array("second".utf8))
            #expect(try later.vault.list().entries.map(\.written) == [1_900_000_100])
        }
    }

    @Test("invariant 7: the key file is 256 random bits in hex, in a directory other than the entries")
    func invariant7_keyFileIsApartFromTheData() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let keyText = try #require(contents(fixture.location.keyFile))
            #expect(keyText.count == 65 && keyText.last == 0x0A)
            let keyHex = String(decoding: keyText.dropLast(), as: UTF8.self)
            #expect(keyHex.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            let keyDirectory = String(fixture.location.keyFile[..<fixture.location.keyFile.lastIndex(of: "/")!])
            #expect(keyDirectory != fixture.location.entries)
            #expect(!fixture.location.keyFile.hasPrefix(fixture.location.entries + "/"))
            // Nothing in the entries directory holds the key, in hex or raw.
            let key = hexBytes(keyHex)
            for name in directoryNames(fixture.location.entries) {
                let bytes = contents(fixture.location.entries + "/" + name) ?? []
                #expect(!String(decoding: bytes, as: UTF8.self).contains(keyHex))
                #expect(!bytes.indices.contains { bytes[$0...].starts(with: key) })
            }
            // A fresh vault elsewhere gets a different key.
            try withTemporaryDirectory { other in
                let second = VaultFixture(root: other)
                try second.vault.write(sampleKey, sampleTokens, now: 1)
                #expect(contents(second.location.keyFile) != keyText)
            }
        }
    }

    @Test("issue 5: the fall-back to the key file is announced exactly once and named by fallbackReason")
    func fallbackIsAnnouncedOnce() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root, unavailableKeyring: "no D-Bus session bus")
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            _ = try fixture.vault.read(sampleKey)
            try fixture.vault.write(otherKey, sampleTokens, now: 2)
            _ = try fixture.vault.list()
            #expect(fixture.keys.provider() == .keyFile)
            #expect(fixture.keys.fallbackReason == "no D-Bus session bus")
            #expect(fixture.keys.describe().contains(fixture.location.keyFile))
            _ = try fixture.vault.read(otherKey)
            let said = fixture.announcements.all
            #expect(said.count == 1)
            let line = try #require(said.first)
            #expect(line.contains("no D-Bus session bus") && line.contains(fixture.location.keyFile))
            // Invariant 2: the announcement names the file, never the key in it.
            let keyHex = String(decoding: (contents(fixture.location.keyFile) ?? []).dropLast(), as: UTF8.self)
            #expect(!line.contains(keyHex))
        }
    }

    @Test(
        "issue 5: a key file that does not hold 64 hex digits is a .keyProvider error; the entry stays",
        arguments: [
            "not a key\n", String(repeating: "a", count: 63) + "\n", String(repeating: "a", count: 66) + "\n",
            String(repeating: "g", count: 64) + "\n", "", String(repeating: "ab", count: 32) + "\r\n"
        ])
    func malformedKeyFileIsAKeyProviderError(_ text: String) throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let sealed = contents(fixture.vault.path(for: sampleKey))
            try put(Array(text.utf8), at: fixture.location.keyFile)

            let later = fixture.reopened()
            let readError = try #require(throws: VaultError.self) { try later.vault.read(sampleKey) }
            #expect(readError.code == .keyProvider)
            #expect(contents(fixture.vault.path(for: sampleKey)) == sealed)
            #expect(later.damagedFiles.isEmpty)
            let writeError = try #require(throws: VaultError.self) { try later.vault.write(otherKey, sampleTokens, now: 2) }
            #expect(writeError.code == .keyProvider)
            #expect(contents(fixture.location.keyFile) == Array(text.utf8), "the damaged key file was replaced")
        }
    }

    @Test("invariant 7: a key file others can read is refused with a chmod 600 hint")
    func invariant7_looseKeyFileIsRefused() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            try #require(chmod(fixture.location.keyFile, 0o640) == 0)
            let error = try #require(throws: VaultError.self) { try fixture.reopened().vault.read(sampleKey) }
            #expect(error.code == .permissions)
            #expect(error.hint?.contains("chmod 600") == true)
            #expect(exists(fixture.vault.path(for: sampleKey)))
        }
    }

    @Test("issue 5: an entry sealed with the key file, read when the key file is gone, is .keyUnavailable and stays")
    func missingKeyFileLeavesTheEntry() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            try #require(unlink(fixture.location.keyFile) == 0)
            let error = try #require(throws: VaultError.self) { try fixture.reopened().vault.read(sampleKey) }
            #expect(error.code == .keyUnavailable)
            #expect(exists(fixture.vault.path(for: sampleKey)))
            #expect(!exists(fixture.location.keyFile), "reading must not create a new key")
        }
    }

    @Test("list() reports readable entries and returns an error per unusable file; remove() deletes one entry")
    func listAndRemove() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root)
            #expect(try fixture.vault.list().entries.isEmpty)
            try fixture.vault.write(sampleKey, sampleTokens, now: 10)
            try fixture.vault.write(otherKey, sampleTokens, now: 20)
            let entries = fixture.location.entries
            try put(Array("junk".utf8), at: entries + "/entry-junk.vault")
            try put(contents(fixture.vault.path(for: sampleKey)) ?? [], at: entries + "/entry-copied.vault")
            try put(contents(fixture.vault.path(for: sampleKey)) ?? [], at: entries + "/entry-loose.vault", mode: 0o644)
            try put(Array("ignored".utf8), at: entries + "/notes.txt")
            _ = try fixture.vault.lock(sampleKey, timeout: 1)

            let listing = try fixture.vault.list()
            let byKey = Dictionary(uniqueKeysWithValues: listing.entries.map { ($0.key, $0) })
            #expect(Set(byKey.keys) == [sampleKey, otherKey])
            #expect(byKey[sampleKey]?.written == 10 && byKey[otherKey]?.written == 20)
            #expect(byKey[sampleKey]?.source == .keyFile)
            #expect(byKey[otherKey]?.path == fixture.vault.path(for: otherKey))
            // Damaged files (unreadable, or another entry's) are moved aside; a loosely permitted one stays, refused.
            #expect(listing.unreadable.map(\.code).sorted { $0.rawValue < $1.rawValue } == [.damaged, .damaged, .permissions])
            #expect(listing.unreadable.contains { $0.code == .permissions && $0.hint?.contains("entry-loose.vault") == true })
            #expect(!exists(entries + "/entry-junk.vault") && !exists(entries + "/entry-copied.vault"))
            #expect(exists(entries + "/entry-loose.vault"))
            #expect(fixture.damagedFiles.count == 2)
            #expect(exists(entries + "/notes.txt"))

            #expect(try fixture.vault.remove(sampleKey))
            #expect(!exists(fixture.vault.path(for: sampleKey)))
            #expect(try fixture.vault.read(sampleKey) == nil)
            #expect(try !fixture.vault.remove(sampleKey))
            #expect(try fixture.vault.read(otherKey) == sampleTokens)
            #expect(try fixture.vault.list().entries.map(\.key) == [otherKey])
        }
    }
}
