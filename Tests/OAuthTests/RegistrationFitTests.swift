// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import Testing

@testable import OAuth

/// Registration that fits the server (issue 16 item 1): `scope` in the request (RFC 7591 §2), the
/// client authentication chosen from `token_endpoint_auth_methods_supported` (RFC 8414 §2) and
/// taken from the response (RFC 7591 §3.2.1), and when a refusal means "register again".
@Suite struct RegistrationFitTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    let uri = "http://127.0.0.1:50000/oauth/callback"

    @Test(arguments: [
        ([String]?.none, "none"), ([], "none"), (["none"], "none"), (["client_secret_post", "client_secret_basic", "none"], "none"),
        (["client_secret_post", "client_secret_basic"], "client_secret_post"), (["client_secret_basic"], "client_secret_basic"),
        (["private_key_jwt", "client_secret_post"], "client_secret_post"), (["client_secret_basic", "private_key_jwt"], "client_secret_basic")
    ])
    func theAuthMethodAskedForFitsWhatTheServerLists(_ c: ([String]?, String)) throws {
        #expect(try DynamicRegistration.authMethod(serverMethods: c.0, issuer: "https://as") == c.1)
    }

    @Test func aServerWithOnlyUnsupportedMethodsIsAClearError() {
        let error = #expect(throws: OAuthError.self) {
            try DynamicRegistration.authMethod(serverMethods: ["private_key_jwt", "tls_client_auth", "\u{1B}[2Jevil"], issuer: "https://as")
        }
        #expect(error?.code == .registration)
        #expect(error?.message.contains("private_key_jwt") == true)
        #expect(error?.message.contains("\u{1B}") == false, "server text is made printable")
        #expect(error?.hint?.contains("--static-oauth-client-info") == true)
    }

    @Test func theRequestCarriesTheScopesAndTheMethod() throws {
        let body = DynamicRegistration.request(
            redirectURI: uri, scopes: ["mcp", "offline_access"], authMethod: "client_secret_basic", extra: nil, version: "1")
        let object = try #require(try JSONParser.parse(body).objectValue)
        #expect(object["scope"] == .string("mcp offline_access"))
        #expect(object["token_endpoint_auth_method"] == .string("client_secret_basic"))
        // The user's metadata still wins for the fields it names (but never the redirect URI).
        let replaced = DynamicRegistration.request(
            redirectURI: uri, scopes: ["mcp"], authMethod: "none", extra: ["scope": .string("mine"), "redirect_uris": .array([])], version: "1")
        let other = try #require(try JSONParser.parse(replaced).objectValue)
        #expect(other["scope"] == .string("mine"))
        #expect(other["redirect_uris"] == .array([.string(uri)]))
    }

    @Test func theResponseDecidesTheMethodTheSecretAndTheScopes() throws {
        // Asked for basic, the server made it post: post it is.
        let post = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c","client_secret":"s3cret","token_endpoint_auth_method":"client_secret_post","scope":"mcp extra"}"#),
            issuer: "https://as", redirectURI: uri, requestedMethod: "client_secret_basic", requestedScopes: ["mcp"])
        #expect(post.tokenEndpointAuthMethod == "client_secret_post")
        #expect(post.isConfidential)
        #expect(post.scopes == ["mcp", "extra"])
        #expect(post.authentication().form.map(\.0) == ["client_id", "client_secret"])
        // No method in the response: the one asked for; no scope: the ones asked for.
        let basic = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c","client_secret":"s3cret"}"#), issuer: "https://as", redirectURI: uri, requestedMethod: "client_secret_post",
            requestedScopes: ["mcp"])
        #expect(basic.tokenEndpointAuthMethod == "client_secret_post")
        #expect(basic.scopes == ["mcp"])
        // Asked for a public client and got a secret without a method: RFC 7591 §2's default.
        let defaulted = try DynamicRegistration.parse(bytes(#"{"client_id":"c","client_secret":"s3cret"}"#), issuer: "https://as", redirectURI: uri)
        #expect(defaulted.tokenEndpointAuthMethod == "client_secret_basic")
        // Asked for confidential, the server registered a public client: public it is.
        let publicClient = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c","token_endpoint_auth_method":"none"}"#), issuer: "https://as", redirectURI: uri, requestedMethod: "client_secret_basic")
        #expect(!publicClient.isConfidential)
        #expect(publicClient.authentication().headers.isEmpty)
        // A secret that comes with `none` is never sent (python-sdk #1842).
        let noneWithSecret = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c","client_secret":"s","token_endpoint_auth_method":"none"}"#), issuer: "https://as", redirectURI: uri)
        #expect(noneWithSecret.authentication().form.map(\.0) == ["client_id"])
    }

    @Test(arguments: [
        #"{"client_id":"c","token_endpoint_auth_method":"client_secret_basic"}"#,
        #"{"client_id":"c","token_endpoint_auth_method":"client_secret_post","client_secret":""}"#,
        #"{"client_id":"c","token_endpoint_auth_method":"client_secret_jwt","client_secret":"s"}"#
    ])
    func aConfidentialRegistrationWithoutAUsableSecretIsRefused(_ body: String) {
        let error = #expect(throws: OAuthError.self) {
            try DynamicRegistration.parse(bytes(body), issuer: "https://as", redirectURI: uri, requestedMethod: "client_secret_basic")
        }
        #expect(error?.code == .registration)
    }

    @Test func hostileScopesInTheResponseAreDropped() throws {
        let registration = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c","scope":"mcp \"quoted\" \u001b[2J ok"}"#), issuer: "https://as", redirectURI: uri, requestedScopes: ["mcp"])
        #expect(registration.scopes == ["mcp", "ok"])
    }

    @Test func theSecretAndScopesSurviveTheVaultAndAreNeverPrinted() throws {
        let registration = ClientRegistration(
            issuer: "https://as", clientID: "c", clientSecret: "TOPSECRETVALUE", clientSecretExpiresAt: 0,
            tokenEndpointAuthMethod: "client_secret_basic", redirectURI: uri, source: .dynamic, scopes: ["mcp"])
        let decoded = try #require(StoredGrant.decodeRegistration(StoredGrant.encode(registration), issuer: "https://as"))
        #expect(decoded == registration)
        let older = try #require(
            StoredGrant.decodeRegistration(
                [
                    "client_id": .string("c"), "token_endpoint_auth_method": .string("none"), "redirect_uri": .string(uri),
                    "source": .string("dynamic registration")
                ],
                issuer: "https://as"))
        #expect(older.scopes == nil, "an entry of an earlier version: scopes unknown, never taken for none")
        for shown in ["\(registration)", String(reflecting: registration), "\(Mirror(reflecting: registration).children.map { $0 })"] {
            #expect(!shown.contains("TOPSECRETVALUE"))
        }
    }

    @Test(arguments: [
        (OAuthError(.tokenRefused, "x", oauthError: "invalid_client"), false, true),
        (OAuthError(.denied, "x", oauthError: "invalid_client"), false, true),
        (OAuthError(.denied, "x", oauthError: "unauthorized_client"), false, true),
        (OAuthError(.denied, "x", oauthError: "invalid_scope"), true, true),
        (OAuthError(.denied, "x", oauthError: "invalid_scope"), false, false),
        (OAuthError(.denied, "x", oauthError: "access_denied"), true, false),
        (OAuthError(.tokenRefused, "x", oauthError: "invalid_grant"), true, false),
        (OAuthError(.tokenRefused, "x", oauthError: "unauthorized_client"), true, false),
        (OAuthError(.unavailable, "x"), true, false)
    ])
    func whichRefusalsMeanRegisterAgain(_ c: (OAuthError, Bool, Bool)) {
        #expect(AuthorizationFlow.refusesRegistration(c.0, reused: c.1) == c.2)
    }
}
