// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import OAuth
import Synchronization
import Testing
import TokenVault

@testable import mcp_warden

/// The adapter between OAuth's `GrantStore` and the encrypted vault (issue 5 "Entries", issue 13):
/// a grant goes into a sealed file whose clear header holds no secret, and the vault's own
/// problems reach the terminal as reports, never as a stopped session.
@Suite struct VaultGrantEntriesTests {
    static let grant = StoredGrant(
        serverURL: "https://mcp.example/mcp", resource: "https://mcp.example", issuer: "https://auth.example",
        registration: ClientRegistration(
            issuer: "https://auth.example", clientID: "client-1", clientSecret: "shh", clientSecretExpiresAt: 0,
            tokenEndpointAuthMethod: "client_secret_post", redirectURI: "http://127.0.0.1:20001/oauth/callback", source: .dynamic),
        tokens: TokenSet(accessToken: "at-1", refreshToken: "rt-1", expiresAt: 1_900_000_000, scopes: ["mcp"]),
        discovered: nil, created: 1_800_000_000)

    /// A query credential in a server URL never reaches a vault file's clear header, and two
    /// servers that differ only in it keep two files.
    @Test func aQuerySecretStaysOutOfTheClearHeader() throws {
        try withVault { store, vault in
            var first = Self.grant
            first.serverURL = "https://mcp.example/mcp?api_key=SECRET-ONE"
            first.resource = first.serverURL
            var second = first
            second.serverURL = "https://mcp.example/mcp?api_key=SECRET-TWO"
            second.resource = second.serverURL
            #expect(store.save(first) && store.save(second))
            #expect(EntryKey(first.key).fileStem != EntryKey(second.key).fileStem)
            #expect(store.load(serverURL: first.serverURL, resource: nil) == first)
            #expect(store.load(serverURL: second.serverURL, resource: nil) == second)
            let listed = try vault.list().entries
            #expect(listed.count == 2)
            for entry in listed {
                let bytes = try #require(try PrivateFiles.read(entry.path, limit: 8 << 20))
                #expect(!String(decoding: bytes, as: UTF8.self).contains("SECRET"))
            }
        }
    }

    @Test func aGrantWrittenThroughTheAdapterIsAVaultEntryUnderItsKey() throws {
        try withVault { store, vault in
            #expect(store.save(Self.grant))
            let bytes = try #require(try vault.read(EntryKey(Self.grant.key)))
            #expect(try StoredGrant.decode(bytes) == Self.grant)
            #expect(store.current(Self.grant.key) == Self.grant)
            #expect(store.remove(Self.grant.key) && store.current(Self.grant.key) == nil)
        }
    }

    /// The cross-process lock of a server's renewals is the vault's flock(2): one holder at a time.
    @Test func theRenewalLockIsHeldByOneAtATime() throws {
        try withVault { store, _ in
            guard case .held(let lock) = store.attemptLock("authorization https://mcp.example") else {
                Issue.record("the free lock was not taken")
                return
            }
            if case .held = store.attemptLock("authorization https://mcp.example") { Issue.record("the lock was taken twice") }
            lock.release()
            if case .held(let again) = store.attemptLock("authorization https://mcp.example") {
                again.release()
            } else {
                Issue.record("the released lock was not free")
            }
        }
    }

    @Test func aLooseVaultDirectoryIsReportedNotUsed() throws {
        try withVault { store, vault in
            try vault.write(EntryKey(server: "", resource: Self.grant.resource, issuer: Self.grant.issuer), Self.grant.encoded(), now: 1)
            chmod(vault.location.entries, 0o755)
            #expect(store.load(serverURL: "https://mcp.example/mcp", resource: nil) == nil)
            #expect(!store.save(Self.grant))
        } reports: { messages in
            #expect(messages.count == 2 && messages.allSatisfy { $0.contains("readable or writable by other users") })
        }
    }

    /// A vault in a fresh directory with the key file apart; `reports` sees every reported problem.
    func withVault(_ body: (GrantStore, TokenVault) throws -> Void, reports: ([String]) -> Void = { #expect($0.isEmpty) }) throws {
        var template = Array("/tmp/mcp-warden-grant-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!).map { String(cString: $0) } }
        let directory = try #require(made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let location = VaultLocation(entries: directory + "/vault", keyFile: directory + "/key/vault.key")
        let vault = TokenVault(
            location: location, keys: VaultKeys(location: location, environment: [:], keyring: nil, unavailableKeyring: "test", announce: { _ in }))
        let messages = Mutex<[String]>([])
        try body(GrantStore(vault: vault, report: { error in messages.withLock { $0.append(error.message) } }), vault)
        reports(messages.withLock { $0 })
    }
}
