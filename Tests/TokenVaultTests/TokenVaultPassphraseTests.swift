// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TokenVault

/// The vault with `MCP_WARDEN_PASSPHRASE` (scrypt, RFC 7914): an explicit choice that wins over any
/// keyring or key file; a wrong passphrase is reported, never mistaken for "no entry" (invariant 7).
@Suite struct TokenVaultPassphraseTests {
    static let environment = ["MCP_WARDEN_PASSPHRASE": "correct horse battery staple"]

    @Test("RFC 7914: a passphrase-sealed entry round-trips, also in a second process; no key file is made")
    func rfc7914_passphraseRoundTrip() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root, environment: Self.environment)
            try fixture.vault.write(sampleKey, sampleTokens, now: 7)
            #expect(try fixture.vault.read(sampleKey) == sampleTokens)
            #expect(fixture.keys.provider() == .passphrase)
            #expect(fixture.keys.fallbackReason == nil)
            #expect(fixture.announcements.all.isEmpty)
            #expect(!exists(fixture.location.keyFile))
            #expect(permissions(fixture.vault.path(for: sampleKey)) == 0o600)

            let file = try SealedFile.parse(contents(fixture.vault.path(for: sampleKey)) ?? [])
            guard case .passphrase(let scrypt) = file.source else {
                Issue.record("sealed with \(file.source.name), not the passphrase")
                return
            }
            #expect(scrypt.n == 1 << 15 && scrypt.r == 8 && scrypt.p == 1 && scrypt.salt.count == 16)
            // Invariant 2: the passphrase is not in the file.
            #expect(!String(decoding: contents(fixture.vault.path(for: sampleKey)) ?? [], as: UTF8.self).contains("horse"))

            #expect(try fixture.reopened(environment: Self.environment).vault.read(sampleKey) == sampleTokens)
        }
    }

    @Test("invariant 7: a wrong passphrase is .damaged, the file is moved aside intact and nothing is deleted")
    func invariant7_wrongPassphraseIsDetected() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root, environment: Self.environment)
            try fixture.vault.write(sampleKey, sampleTokens, now: 7)
            let path = fixture.vault.path(for: sampleKey)
            let sealed = try #require(contents(path))

            let wrong = fixture.reopened(environment: ["MCP_WARDEN_PASSPHRASE": "incorrect horse"])
            let error = try #require(throws: VaultError.self) { try wrong.vault.read(sampleKey) }
            #expect(error.code == .damaged)
            #expect(error.message.contains("MCP_WARDEN_PASSPHRASE"))
            #expect(error.hint?.contains("nothing was deleted") == true)
            // Invariant 2: neither passphrase appears in what the user is told.
            for secret in ["correct horse", "incorrect horse"] {
                #expect(!error.message.contains(secret) && !(error.hint ?? "").contains(secret))
            }
            #expect(!exists(path))
            let aside = try #require(wrong.damagedFiles.first)
            #expect(wrong.damagedFiles.count == 1)
            #expect(contents(fixture.location.entries + "/" + aside) == sealed)
        }
    }

    @Test(
        "issue 5: a passphrase-sealed entry read with no passphrase set is .keyUnavailable and stays",
        arguments: [
            [String: String](), ["MCP_WARDEN_PASSPHRASE": ""]
        ])
    func passphraseEntryWithoutPassphraseStays(_ environment: [String: String]) throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root, environment: Self.environment)
            try fixture.vault.write(sampleKey, sampleTokens, now: 7)
            let path = fixture.vault.path(for: sampleKey)
            let sealed = contents(path)

            let unset = fixture.reopened(environment: environment)
            let error = try #require(throws: VaultError.self) { try unset.vault.read(sampleKey) }
            #expect(error.code == .keyUnavailable)
            #expect(error.message.contains("MCP_WARDEN_PASSPHRASE"))
            #expect(contents(path) == sealed)
            #expect(unset.damagedFiles.isEmpty)
        }
    }

    @Test("RFC 7914: the key of a file is derived from all its scrypt parameters, not from the salt alone")
    func rfc7914_derivedKeyDependsOnEveryParameter() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root, environment: ["MCP_WARDEN_PASSPHRASE": "pw"])
            try PrivateFiles.ensureDirectory(fixture.location.entries)
            // Two genuine files sealed with the right passphrase and the same salt, at different costs.
            let salt = Array("sixteen byte slt".utf8)
            for (entry, n) in [(sampleKey, UInt64(16)), (otherKey, UInt64(32))] {
                let parameters = ScryptParameters(n: n, r: 8, p: 1, salt: salt)
                let key = try #require(parameters.derive(passphrase: Array("pw".utf8)))
                try put(
                    SealedFile.seal(sampleTokens, key: entry, source: .passphrase(parameters), with: key, written: 1),
                    at: fixture.vault.path(for: entry))
            }
            #expect(try fixture.vault.read(sampleKey) == sampleTokens)
            // VaultKeys caches derived keys by salt only, so this returns the N=16 key and moves a good file aside.
            #expect(try fixture.vault.read(otherKey) == sampleTokens)
            #expect(fixture.damagedFiles.isEmpty)
        }
    }

    @Test("issue 5: an explicit passphrase wins over a working keyring; the keyring is not touched")
    func passphraseWinsOverKeyring() throws {
        try withTemporaryDirectory { root in
            let keyring = MemoryKeyring()
            let fixture = VaultFixture(root: root, environment: Self.environment, keyring: keyring)
            try fixture.vault.write(sampleKey, sampleTokens, now: 7)
            #expect(fixture.keys.provider() == .passphrase)
            #expect(fixture.keys.describe().contains("MCP_WARDEN_PASSPHRASE"))
            #expect(keyring.calls == 0)
            #expect(!exists(fixture.location.keyFile))
        }
    }
}
