// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import MCPFraming
import Synchronization
import Testing

@testable import OAuth

/// What the vault keeps per (resource, issuer) (issue 5 "Entries") and how a session finds it.
@Suite struct StoredGrantTests {
    static let server = VerifiedServerMetadata(
        issuer: "https://auth.example", authorizationEndpoint: "https://auth.example/authorize",
        tokenEndpoint: "https://auth.example/token", registrationEndpoint: "https://auth.example/register",
        revocationEndpoint: "https://auth.example/revoke", scopesSupported: ["mcp", "offline_access"],
        tokenEndpointAuthMethods: ["none"], issuerParameterSupported: true, source: "https://auth.example/.well-known/oauth-authorization-server")
    static let grant = StoredGrant(
        serverURL: "https://mcp.example/mcp", resource: "https://mcp.example", issuer: "https://auth.example",
        registration: ClientRegistration(
            issuer: "https://auth.example", clientID: "client-1", clientSecret: "shh", clientSecretExpiresAt: 0,
            tokenEndpointAuthMethod: "client_secret_post", redirectURI: "http://127.0.0.1:20001/oauth/callback", source: .dynamic),
        tokens: TokenSet(accessToken: "at-1", refreshToken: "rt-1", expiresAt: 1_900_000_000, scopes: ["mcp", "offline_access"]),
        discovered: DiscoveredAuthorization(
            resourceMetadata: VerifiedResourceMetadata(
                resource: "https://mcp.example", authorizationServers: ["https://auth.example"],
                scopesSupported: ["mcp"], source: "https://mcp.example/.well-known/oauth-protected-resource"),
            server: server, resource: "https://mcp.example"),
        created: 1_800_000_000, lastRefresh: 1_800_000_100, origin: nil)

    @Test func everyFieldSurvivesARoundTrip() throws {
        #expect(try StoredGrant.decode(Self.grant.encoded()) == Self.grant)
        var imported = Self.grant
        imported.issuer = ""
        imported.discovered = nil
        imported.tokens = TokenSet(accessToken: "at", refreshToken: nil, expiresAt: nil, scopes: [])
        imported.registration = imported.registration.map {
            ClientRegistration(
                issuer: "", clientID: $0.clientID, clientSecret: nil, clientSecretExpiresAt: nil,
                tokenEndpointAuthMethod: "none", redirectURI: "", source: .dynamic)
        }
        imported.origin = "mcp-remote"
        imported.lastRefresh = nil
        #expect(try StoredGrant.decode(imported.encoded()) == imported)
    }

    /// Invariant 9: a decrypted entry that is not what mcp-warden wrote is refused with a message
    /// that names no value from it.
    @Test(arguments: [
        "not json", "[]", "{}", #"{"format":2}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i"}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"client":"x"}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"client":{"client_id":""}}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"tokens":{"access_token":"SECRET-AT","scopes":"x"}}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"tokens":{"access_token":""}}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"server":{"issuer":"other","authorization_endpoint":"a","token_endpoint":"t","source":"s"},"discoveredResource":"r"}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"server":{"issuer":"i","authorization_endpoint":"a","token_endpoint":"t","source":"s"}}"#,
        #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"server":{"issuer":"i","authorization_endpoint":"a","token_endpoint":"t","source":"s"},"discoveredResource":"r","protectedResource":[]}"#
    ])
    func aMalformedEntryIsRefused(text: String) {
        let error = #expect(throws: OAuthError.self) { try StoredGrant.decode(Array(text.utf8)) }
        #expect(error?.message.contains("SECRET-AT") == false)
    }

    /// Issue 13, DESIGN invariant 10: a grant serves the server that obtained it, or a path of the
    /// same origin its resource covers — never another origin, whatever its resource says.
    @Test func theTrustAGrantWasMadeUnderSurvivesARoundTrip() throws {
        var grant = Self.grant
        grant.trust = StoredTrust(
            registryEntry: nil, anchorsPEM: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            pins: ["sha256/" + String(repeating: "A", count: 43) + "="], allowHTTP: true)
        #expect(try StoredGrant.decode(grant.encoded()) == grant)
        grant.trust = StoredTrust(registryEntry: "atlassian", anchorsPEM: nil, pins: [], allowHTTP: false)
        #expect(try StoredGrant.decode(grant.encoded()) == grant)
        let base = #"{"format":1,"serverURL":"u","resource":"r","issuer":"i","created":1,"trust":"#
        for trust in [
            "1", "{}", #"{"pins":"x","allowHTTP":true}"#, #"{"pins":[1],"allowHTTP":true}"#, #"{"pins":[],"allowHTTP":"yes"}"#,
            #"{"pins":[],"allowHTTP":true,"anchorsPEM":7}"#, #"{"pins":[],"allowHTTP":true,"registryEntry":[]}"#
        ] {
            #expect(throws: OAuthError.self, "\(trust)") { try StoredGrant.decode(Array((base + trust + "}").utf8)) }
        }
    }

    @Test func aGrantServesOnlyItsOwnServerOrAPathItsResourceCovers() throws {
        try withEntries { store, entries in
            var older = Self.grant
            older.issuer = "https://old.example"
            older.discovered = nil
            older.registration = nil
            entries.put(older.key, older.encoded(), written: 100)
            entries.put(Self.grant.key, Self.grant.encoded(), written: 200)
            var sibling = Self.grant
            sibling.serverURL = "https://mcp.example/other"
            sibling.resource = "https://mcp.example/other"
            entries.put(sibling.key, sibling.encoded(), written: 300)
            // Made by another origin with --allow-foreign-resource naming this server's resource.
            var foreign = older
            foreign.serverURL = "https://evil.example/mcp"
            foreign.issuer = "https://auth.evil.example"
            entries.put(foreign.key, foreign.encoded(), written: 400)
            #expect(store.load(serverURL: "https://mcp.example/mcp", resource: nil)?.issuer == Self.grant.issuer)
            #expect(store.load(serverURL: "https://mcp.example/sse", resource: nil)?.serverURL == Self.grant.serverURL)
            #expect(store.load(serverURL: "https://mcp.example/other", resource: nil)?.resource == "https://mcp.example/other")
            #expect(store.load(serverURL: "https://mcp.example.evil/mcp", resource: nil) == nil)
            #expect(store.load(serverURL: "https://evil.example/mcp", resource: nil)?.issuer == "https://auth.evil.example")
            #expect(store.load(serverURL: "https://evil.example/sse", resource: nil) == nil)
            // --resource picks exactly that resource, and still only for a server the grant serves.
            #expect(store.load(serverURL: "https://mcp.example/mcp", resource: "https://mcp.example/other") == nil)
            #expect(store.load(serverURL: "https://evil.example/mcp", resource: "https://mcp.example")?.serverURL == "https://evil.example/mcp")
            #expect(store.load(serverURL: "https://mcp.example/mcp", resource: "https://mcp.example")?.serverURL == Self.grant.serverURL)
        }
    }

    /// An entry written before servers were part of the key is found by the server its grant
    /// names, and moved to its full key.
    @Test func anEntryWithoutAServerInItsKeyIsMovedToItsFullKey() throws {
        try withEntries { store, entries in
            entries.put(GrantKey.listed(server: "", resource: Self.grant.resource, issuer: Self.grant.issuer), Self.grant.encoded(), written: 200)
            #expect(store.load(serverURL: "https://other.example/mcp", resource: nil) == nil)
            #expect(store.load(serverURL: "https://mcp.example/mcp", resource: nil) == Self.grant)
            let keys = entries.keys
            #expect(keys == [Self.grant.key])
        }
    }

    /// Entry keys show URLs with query credentials redacted; servers that differ only in such a
    /// value still get an entry each (the vault's clear header: mcp-wardenTests).
    @Test func serversThatDifferOnlyInAQuerySecretKeepTheirOwnEntries() throws {
        try withEntries { store, entries in
            var first = Self.grant
            first.serverURL = "https://mcp.example/mcp?api_key=SECRET-ONE"
            first.resource = first.serverURL
            first.discovered = nil
            var second = first
            second.serverURL = "https://mcp.example/mcp?api_key=SECRET-TWO"
            second.resource = second.serverURL
            second.registration = nil
            #expect(store.save(first) && store.save(second))
            #expect(first.key.server == second.key.server && first.key != second.key && !first.key.server.contains("SECRET"))
            #expect(store.load(serverURL: first.serverURL, resource: nil) == first)
            #expect(store.load(serverURL: second.serverURL, resource: nil) == second)
            #expect(entries.keys.count == 2)
        }
    }

    /// A stale copy of an earlier version never replaces a grant already under the full key (a
    /// rotated refresh token would be lost); a newer one does.
    @Test func migrationKeepsTheNewerOfTwoCopies() throws {
        try withEntries { store, entries in
            var rotated = Self.grant
            rotated.tokens = TokenSet(accessToken: "AT-NEW", refreshToken: "RT-NEW", expiresAt: 1_900_000_000, scopes: ["mcp"])
            entries.put(Self.grant.key, rotated.encoded(), written: 200)
            entries.put(GrantKey.listed(server: "", resource: Self.grant.resource, issuer: Self.grant.issuer), Self.grant.encoded(), written: 100)
            #expect(store.load(serverURL: Self.grant.serverURL, resource: nil)?.tokens?.refreshToken == "RT-NEW")
            #expect(entries.keys == [Self.grant.key])
            #expect(store.load(serverURL: Self.grant.serverURL, resource: nil)?.tokens?.refreshToken == "RT-NEW")
            // An old-format copy written later (an older mcp-warden still running) wins.
            entries.put(GrantKey.listed(server: "", resource: Self.grant.resource, issuer: Self.grant.issuer), Self.grant.encoded(), written: 300)
            #expect(store.load(serverURL: Self.grant.serverURL, resource: nil)?.tokens == Self.grant.tokens)
            #expect(entries.keys == [Self.grant.key])
        }
    }

    @Test func anEntryWhoseGrantNamesAnotherServerIsNotUsed() throws {
        try withEntries { store, entries in
            var moved = Self.grant
            moved.serverURL = "https://evil.example/mcp"
            entries.put(Self.grant.key, moved.encoded(), written: 1)
            #expect(store.load(serverURL: "https://mcp.example/mcp", resource: nil) == nil)
            #expect(store.load(serverURL: "https://evil.example/mcp", resource: nil) == nil)
        } reports: { messages in
            // Only the entry's own server decrypts it (the key names the server in clear).
            #expect(messages.count == 1 && messages.allSatisfy { $0.contains("holds an authorization for another server") })
        }
    }

    @Test func anEntryThatDoesNotDecodeIsReportedAndSkipped() throws {
        try withEntries { store, entries in
            entries.put(GrantKey.listed(server: "", resource: "https://mcp.example", issuer: "https://auth.example"), Array("{\"format\":1}".utf8), written: 1)
            #expect(store.load(serverURL: "https://mcp.example/mcp", resource: nil) == nil)
        } reports: { messages in
            #expect(messages.count == 1 && messages[0].contains("does not hold an authorization mcp-warden can use"))
        }
    }

    /// A store over entries held in memory; `reports` sees every reported problem.
    func withEntries(_ body: (GrantStore, MemoryGrantEntries) throws -> Void, reports: ([String]) -> Void = { #expect($0.isEmpty) }) throws {
        let entries = MemoryGrantEntries()
        try body(GrantStore(entries: entries), entries)
        reports(entries.reports)
    }
}
