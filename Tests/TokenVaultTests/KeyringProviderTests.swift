// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Synchronization
import Testing

@testable import TokenVault

/// An in-memory stand-in for the Secret Service (no D-Bus session runs here): the `Keyring`
/// protocol's contract, with a switch that makes every call fail like a keyring that does not answer.
final class MemoryKeyring: Keyring {
    let name = "test keyring"
    let source = KeySource.secretService
    private let state = Mutex<(keys: [String: [UInt8]], calls: Int)>(([:], 0))
    private let failing: Bool

    init(failing: Bool = false, preset: [String: [UInt8]] = [:]) {
        self.failing = failing
        state.withLock { $0.keys = preset }
    }

    var calls: Int { state.withLock { $0.calls } }
    func stored(_ vault: String) -> [UInt8]? { state.withLock { $0.keys[vault] } }

    func lookup(vault: String) throws(VaultError) -> [UInt8]? {
        try call { $0.keys[vault] }
    }

    func store(_ key: [UInt8], vault: String) throws(VaultError) {
        try call { $0.keys[vault] = key }
    }

    func remove(vault: String) throws(VaultError) -> Bool {
        try call { $0.keys.removeValue(forKey: vault) != nil }
    }

    private func call<T>(_ body: (inout (keys: [String: [UInt8]], calls: Int)) -> T) throws(VaultError) -> T {
        let result = state.withLock { state -> T? in
            state.calls += 1
            return failing ? nil : body(&state)
        }
        guard let result else { throw VaultError(.keyProvider, "timed out after 3 s") }
        return result
    }
}

/// Issue 5 "Key providers": keyring first, key file as an announced fall-back.
@Suite struct KeyringProviderTests {
    @Test("issue 5: with a keyring that answers, its key seals the vault; no key file, no announcement")
    func keyringSealsTheVault() throws {
        try withTemporaryDirectory { root in
            let keyring = MemoryKeyring()
            let fixture = VaultFixture(root: root, keyring: keyring)
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            #expect(try fixture.vault.read(sampleKey) == sampleTokens)
            #expect(fixture.keys.provider() == .keyring)
            #expect(fixture.keys.fallbackReason == nil)
            #expect(fixture.announcements.all.isEmpty)
            #expect(!exists(fixture.location.keyFile))
            #expect(keyring.stored(fixture.location.entries)?.count == 32)
            #expect(try SealedFile.parse(contents(fixture.vault.path(for: sampleKey)) ?? []).source == .secretService)
            // Another process with the same keyring reads it.
            let again = VaultFixture(root: root, keyring: keyring)
            #expect(try again.vault.read(sampleKey) == sampleTokens)
        }
    }

    @Test("issue 5: a keyring that does not answer falls back to the key file, announced once with the reason")
    func failingKeyringFallsBackOnce() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root, keyring: MemoryKeyring(failing: true))
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            try fixture.vault.write(otherKey, sampleTokens, now: 1)
            #expect(try fixture.vault.read(sampleKey) == sampleTokens)
            #expect(fixture.keys.provider() == .keyFile)
            let reason = try #require(fixture.keys.fallbackReason)
            #expect(reason.contains("timed out"), "the keyring's own error is the reason")
            #expect(fixture.announcements.all.count == 1)
            #expect(permissions(fixture.location.keyFile) == 0o600)
        }
    }

    @Test("issue 5: an entry sealed with the Secret Service, read where no keyring answers, is .keyUnavailable and stays")
    func keyringEntryWithoutKeyringStays() throws {
        try withTemporaryDirectory { root in
            let fixture = VaultFixture(root: root, keyring: MemoryKeyring())
            try fixture.vault.write(sampleKey, sampleTokens, now: 1)
            let error = try #require(throws: VaultError.self) { try fixture.reopened().vault.read(sampleKey) }
            #expect(error.code == .keyUnavailable)
            #expect(exists(fixture.vault.path(for: sampleKey)))
            #expect(!exists(fixture.location.keyFile))
        }
    }

    @Test("issue 5: a keyring holding a key that is not 256 bits is a .keyProvider error")
    func shortKeyringKeyIsRefused() throws {
        try withTemporaryDirectory { root in
            let location = VaultFixture(root: root).location
            let fixture = VaultFixture(root: root, keyring: MemoryKeyring(preset: [location.entries: Array(repeating: 1, count: 16)]))
            #expect(fixture.keys.provider() == .keyFile, "a keyring with an unusable key is not chosen")
            try PrivateFiles.ensureDirectory(location.entries)
            try put(
                SealedFile.seal(sampleTokens, key: sampleKey, source: .secretService, with: SecureRandom.bytes(32), written: 1),
                at: fixture.vault.path(for: sampleKey))
            let error = try #require(throws: VaultError.self) { try fixture.vault.read(sampleKey) }
            #expect(error.code == .keyProvider)
            #expect(exists(fixture.vault.path(for: sampleKey)))
        }
    }
}
