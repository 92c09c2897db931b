// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OAuth

/// MCP "Scope Selection Strategy" and "Step-Up Authorization Flow"; the endpoint's host policy.
@Suite struct ScopeAndHostPolicyTests {
    let server = VerifiedServerMetadata(
        issuer: "https://as", authorizationEndpoint: "https://as/a", tokenEndpoint: "https://as/t",
        scopesSupported: ["mcp:read", "mcp:write", "offline_access"], source: "s")
    let resource = VerifiedResourceMetadata(
        resource: "https://mcp", authorizationServers: ["https://as"], scopesSupported: ["mcp:read", "mcp:write"], source: "s")

    @Test func challengeScopesWinOverScopesSupported() {
        let scopes = OAuthSession.scopes(challenge: BearerChallenge(scopes: ["mcp:read"]), resourceMetadata: resource, server: server, held: [])
        #expect(scopes == ["mcp:read", "offline_access"])
    }

    @Test func scopesSupportedWhenTheChallengeHasNone() {
        #expect(
            OAuthSession.scopes(challenge: BearerChallenge(), resourceMetadata: resource, server: server, held: []) == [
                "mcp:read", "mcp:write", "offline_access"
            ])
    }

    @Test func stepUpIsTheUnionOfHeldAndChallenged() {
        let scopes = OAuthSession.scopes(
            challenge: BearerChallenge(scopes: ["mcp:write"], error: "insufficient_scope"), resourceMetadata: resource, server: server,
            held: ["mcp:read", "offline_access"])
        #expect(scopes == ["mcp:read", "offline_access", "mcp:write"])
    }

    @Test func neverAMadeUpScope() {
        let bare = VerifiedServerMetadata(issuer: "https://as", authorizationEndpoint: "https://as/a", tokenEndpoint: "https://as/t", source: "s")
        #expect(OAuthSession.scopes(challenge: nil, resourceMetadata: nil, server: bare, held: []).isEmpty)
    }

    func listed() -> AuthorizationHosts {
        AuthorizationHosts(
            owner: "atlassian", mcpHosts: ["mcp.atlassian.com"], authorization: ["auth.atlassian.com"], registration: ["auth.atlassian.com"],
            token: ["auth.atlassian.com"], revocation: ["auth.atlassian.com"], mcpHost: "mcp.atlassian.com", allowPlainHTTPToLoopback: false)
    }

    @Test func listedHostsPerRole() throws {
        let hosts = listed()
        try hosts.check("https://auth.atlassian.com/oauth/token", role: .token)
        try hosts.check("https://mcp.atlassian.com/.well-known/oauth-protected-resource", role: .resourceMetadata)
        for (url, role) in [
            ("https://evil.example/token", AuthorizationHosts.Role.token), ("https://auth.atlassian.com.evil.example/t", .token),
            ("https://mcp.atlassian.com/token", .token), ("http://auth.atlassian.com/token", .token),
            ("https://auth.atlassian.com/prm", .resourceMetadata), ("javascript:alert(1)", .authorization)
        ] {
            let error = try #require(throws: OAuthError.self) { try hosts.check(url, role: role) }
            #expect(error.code == .policy)
        }
    }

    @Test func firstUseAllowsTheServerThenOnlyTheApprovedIssuer() throws {
        let hosts = AuthorizationHosts(owner: "mine", mcpHost: "mcp.example.com", allowPlainHTTPToLoopback: false) { issuer, _ throws(OAuthError) in
            if issuer.contains("evil") { throw OAuthError(.issuerChanged, "changed") }
        }
        #expect(throws: OAuthError.self) { try hosts.check("https://auth.example.com/token", role: .token) }
        try hosts.check("https://mcp.example.com/.well-known/oauth-protected-resource", role: .resourceMetadata)
        try hosts.admit(issuer: "https://auth.example.com")
        try hosts.check("https://auth.example.com/token", role: .token)
        #expect(throws: OAuthError.self) { try hosts.check("https://other.example.com/token", role: .token) }
        let error = try #require(throws: OAuthError.self) { try hosts.admit(issuer: "https://evil.example") }
        #expect(error.code == .issuerChanged)
    }

    @Test func plainHTTPOnlyToLoopbackAndOnlyWhenAllowed() throws {
        let strict = AuthorizationHosts(
            owner: "x", mcpHosts: ["127.0.0.1"], authorization: ["127.0.0.1"], registration: [], token: ["127.0.0.1"], revocation: [],
            mcpHost: "127.0.0.1", allowPlainHTTPToLoopback: false)
        #expect(throws: OAuthError.self) { try strict.check("http://127.0.0.1:1/token", role: .token) }
        let relaxed = AuthorizationHosts(
            owner: "x", mcpHosts: ["127.0.0.1"], authorization: ["127.0.0.1"], registration: [], token: ["127.0.0.1", "10.0.0.1"], revocation: [],
            mcpHost: "127.0.0.1", allowPlainHTTPToLoopback: true)
        try relaxed.check("http://127.0.0.1:1/token", role: .token)
        #expect(throws: OAuthError.self) { try relaxed.check("http://10.0.0.1/token", role: .token) }
    }

    @Test func browserOpensOnlyHTTPS() {
        #expect(BrowserLauncher.isOpenable("https://as/authorize?x=1", allowPlainHTTPToLoopback: false))
        #expect(!BrowserLauncher.isOpenable("http://as/authorize", allowPlainHTTPToLoopback: true))
        #expect(BrowserLauncher.isOpenable("http://127.0.0.1:1/authorize", allowPlainHTTPToLoopback: true))
        #expect(!BrowserLauncher.isOpenable("http://127.0.0.1:1/authorize", allowPlainHTTPToLoopback: false))
        for url in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "https://as/a b", "https://as/\u{7f}"] {
            #expect(!BrowserLauncher.isOpenable(url, allowPlainHTTPToLoopback: true))
        }
    }

    @Test func browserProgramComesFromBROWSERWithoutAShell() {
        #expect(BrowserLauncher.program(environment: ["BROWSER": "/usr/bin/firefox:/usr/bin/chromium"]) == "/usr/bin/firefox")
        #expect(BrowserLauncher.program(environment: ["DISPLAY": ":0"]) == "xdg-open")
        #expect(BrowserLauncher.program(environment: [:]) == nil)
    }
}

/// `login`'s pasted redirect address: only the listener's own callback URI with a query is replayed.
@Suite struct PastedRedirectTests {
    let uri = "http://127.0.0.1:50123/oauth/callback"

    @Test func theRedirectIsReplayedAsItsPathAndQuery() {
        #expect(PastedRedirect.requestTarget(pasted: uri + "?code=abc&state=xyz", redirectURI: uri) == "/oauth/callback?code=abc&state=xyz")
    }

    /// Found by the `pasted-redirect` fuzz target: a pasted address with a fragment was replayed
    /// with its `#`, and the listener refused the request line, so the paste did nothing.
    @Test func aFragmentIsDroppedAsABrowserDropsIt() {
        #expect(PastedRedirect.requestTarget(pasted: uri + "?code=abc&state=xyz#_=_", redirectURI: uri) == "/oauth/callback?code=abc&state=xyz")
        #expect(PastedRedirect.requestTarget(pasted: uri + "?p:oaba#k?p://127?", redirectURI: uri) == "/oauth/callback?p:oaba")
        #expect(PastedRedirect.requestTarget(pasted: uri + "#?code=abc", redirectURI: uri) == nil)
    }

    @Test(arguments: [
        "", "not a url", "http://127.0.0.1:50123/oauth/callback", "http://127.0.0.1:50124/oauth/callback?code=a",
        "http://127.0.0.1:50123/oauth/callbackX?code=a", "https://127.0.0.1:50123/oauth/callback?code=a",
        "http://evil.example/oauth/callback?code=a", "http://127.0.0.1:50123/oauth/callback?code=a b",
        "http://127.0.0.1:50123/oauth/callback?code=a\r\nHost: evil", "http://127.0.0.1:50123/oauth/callback?code=é",
        "http://127.0.0.1:50123/oauth/callback?" + String(repeating: "a", count: 8000)
    ])
    func anythingElseIsRefused(_ pasted: String) {
        #expect(PastedRedirect.requestTarget(pasted: pasted, redirectURI: uri) == nil)
    }

    @Test func clientMetadataDocumentURLsNeedHTTPSAndAPath() {
        #expect(ClientRegistration.isValidMetadataDocumentURL("https://example.com/client.json"))
        for url in ["https://example.com", "https://example.com/", "http://example.com/client.json", "https://example.com/c.json#x", "ftp://x/y", "client.json"]
        {
            #expect(!ClientRegistration.isValidMetadataDocumentURL(url), "\(url)")
        }
    }
}
