// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import LoopbackRedirect
import Testing

@testable import OAuth

/// The authorization request as a pure function of its inputs (`AuthorizationRequest.make`).
@Suite struct AuthorizationRequestTests {
    static let challenge = PKCE(verifier: String(repeating: "v", count: 43))!.challenge
    static let redirect = "http://127.0.0.1:20001/oauth/callback"

    func server(_ endpoint: String = "https://as.example/authorize", iss: Bool = true) -> VerifiedServerMetadata {
        VerifiedServerMetadata(
            issuer: "https://as.example", authorizationEndpoint: endpoint, tokenEndpoint: "https://as.example/token",
            issuerParameterSupported: iss, source: "test")
    }

    func make(
        _ endpoint: String = "https://as.example/authorize", clientID: String = "client-1", state: String = "st4te",
        scopes: [String] = ["mcp:read", "offline_access"], resource: String = "https://mcp.example/"
    ) throws(OAuthError) -> AuthorizationRequest {
        try AuthorizationRequest.make(
            server: server(endpoint), clientID: clientID, redirectURI: Self.redirect, codeChallenge: Self.challenge,
            state: state, scopes: scopes, resource: resource)
    }

    /// The query of `url` (after the endpoint's own), decoded.
    func query(_ url: String) throws -> CallbackQuery {
        let query = try #require(url.split(separator: "?", maxSplits: 1).last)
        return try #require(CallbackQuery.decode(Array(query.utf8)[...]))
    }

    /// RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2: every parameter, in a fixed order.
    @Test func theRequestCarriesEveryParameterOnce() throws {
        let request = try make()
        #expect(
            request.url == "https://as.example/authorize?response_type=code&client_id=client-1"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A20001%2Foauth%2Fcallback&code_challenge=\(Self.challenge)"
                + "&code_challenge_method=S256&state=st4te&resource=https%3A%2F%2Fmcp.example%2F&scope=mcp%3Aread%20offline_access")
        let decoded = try query(request.url)
        #expect(decoded["redirect_uri"] == Self.redirect && decoded["resource"] == "https://mcp.example/")
        #expect(decoded["scope"] == "mcp:read offline_access")
    }

    /// RFC 7636 §4.3 with S256 only (DESIGN.md invariant 6): never `plain`, and only a value that
    /// is BASE64URL(SHA-256) — never a verifier sent in place of its challenge.
    @Test func pkceIsS256Only() throws {
        let decoded = try query(try make().url)
        #expect(decoded["code_challenge_method"] == "S256" && decoded["code_challenge"] == Self.challenge)
        for bad in ["", String(repeating: "v", count: 44), String(repeating: "v", count: 42) + "=", String(repeating: "v", count: 42) + "."] {
            #expect(throws: OAuthError.self, "\(bad)") {
                try AuthorizationRequest.make(
                    server: server(), clientID: "c", redirectURI: Self.redirect, codeChallenge: bad, state: "s", scopes: [],
                    resource: "https://mcp.example/")
            }
        }
    }

    /// RFC 6749 §3.3: `scope` is optional; without scopes it is left out, not sent empty.
    @Test func noScopesMeansNoScopeParameter() throws {
        #expect(try query(try make(scopes: []).url)["scope"] == nil)
    }

    /// RFC 6749 §3.1: the endpoint's own query is kept, and the request is appended to it.
    @Test func anEndpointQueryIsKept() throws {
        #expect(try make("https://as.example/authorize?tenant=x").url.hasPrefix("https://as.example/authorize?tenant=x&response_type=code&"))
        #expect(try make("https://as.example/authorize?").url.hasPrefix("https://as.example/authorize?response_type=code&"))
        #expect(try make("https://as.example/authorize?tenant=x&").url.hasPrefix("https://as.example/authorize?tenant=x&response_type=code&"))
    }

    /// RFC 6749 §3.1: parameters "MUST NOT be included more than once": an endpoint that already
    /// sets one (an attacker's `redirect_uri`, a `client_id`, even percent-encoded) is refused.
    @Test(arguments: [
        "redirect_uri=https://evil.example/", "client_id=other", "client%5Fid=other", "tenant=x&state=fixed",
        "code_challenge_method=plain", "response_type=token", "scope=admin", "resource=https://evil.example"
    ])
    func anEndpointQueryThatSetsARequestParameterIsRefused(_ endpointQuery: String) {
        let error = #expect(throws: OAuthError.self) { try make("https://as.example/authorize?" + endpointQuery) }
        #expect(error?.message.contains("already sets") == true)
    }

    @Test func anEndpointQueryThatIsNotFormEncodedIsRefused() {
        #expect(throws: OAuthError.self) { try make("https://as.example/authorize?a=%zz") }
        #expect(throws: OAuthError.self) { try make("https://as.example/authorize?a=1&a=2") }
    }

    /// RFC 6749 §3.1: "The endpoint URI MUST NOT include a fragment component."
    @Test(arguments: [
        "https://as.example/authorize#x", "https://as.example/authorize?#frag", "https://as.example/authorize?a=1#", "https://as.example/#/authorize"
    ])
    func anEndpointWithAFragmentIsRefused(_ endpoint: String) {
        let error = #expect(throws: OAuthError.self) { try make(endpoint) }
        #expect(error?.message.contains("fragment") == true)
    }

    /// Appendix B: every value is form-encoded, so none can end a parameter, add one, or start a
    /// fragment; the decoded values are what was given.
    @Test func valuesThatNeedEncodingCannotAddParameters() throws {
        let clientID = "id with space&redirect_uri=https://evil.example/#frag"
        let state = "a+b=c%41"
        let request = try make(clientID: clientID, state: state, scopes: ["read&write", "é"])
        #expect(!request.url.contains("#") && !request.url.contains(" ") && !request.url.contains("evil.example/"))
        let decoded = try query(request.url)
        #expect(decoded["client_id"] == clientID && decoded["state"] == state && decoded["scope"] == "read&write é")
        #expect(decoded["redirect_uri"] == Self.redirect)
    }

    /// RFC 8707 §2: the resource is an absolute URI without a fragment.
    @Test(arguments: ["mcp.example", "/relative", "https://mcp.example/#f", ""])
    func aResourceThatIsNotAnAbsoluteURIWithoutFragmentIsRefused(_ resource: String) {
        #expect(throws: OAuthError.self) { try make(resource: resource) }
    }

    @Test func emptyIdentifiersAreRefused() {
        #expect(throws: OAuthError.self) { try make(clientID: "") }
        #expect(throws: OAuthError.self) { try make(state: "") }
    }

    /// RFC 9207: `iss` is a response parameter: the request never carries it; the listener is
    /// told the issuer to demand, and to refuse a response without `iss` when the metadata says
    /// the server sends it (§2.4).
    @Test func theIssuerCheckBelongsToTheResponse() throws {
        let request = try make()
        #expect(try query(request.url)["iss"] == nil)
        #expect(request.expectation.issuer == "https://as.example" && request.expectation.state == "st4te")
        #expect(request.expectation.issuerRequired)
        let lax = try AuthorizationRequest.make(
            server: server(iss: false), clientID: "c", redirectURI: Self.redirect, codeChallenge: Self.challenge,
            state: "s", scopes: [], resource: "https://mcp.example/")
        #expect(!lax.expectation.issuerRequired && lax.expectation.path == CallbackExpectation.defaultPath)
    }
}
