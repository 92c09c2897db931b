// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import Testing

@testable import OAuth

/// Token responses (OAuth 2.1 §3.2.3, §3.2.4), registration (RFC 7591 §2, §3.2), form encoding.
@Suite struct TokenAndRegistrationTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func tokenResponseWithAbsoluteExpiry() throws {
        let tokens = try TokenSet.parse(
            bytes(#"{"access_token":"at","token_type":"bearer","expires_in":3600,"refresh_token":"rt","scope":"a b","extra":{"x":1}}"#),
            requestedScopes: ["z"], issuer: "https://as", now: 1_000)
        #expect(tokens.accessToken == "at")
        #expect(tokens.refreshToken == "rt")
        #expect(tokens.expiresAt == 4_600)
        #expect(tokens.scopes == ["a", "b"])
    }

    @Test func missingScopeMeansTheRequestedOnesAndARotationlessRefreshKeepsTheOldToken() throws {
        let tokens = try TokenSet.parse(
            bytes(#"{"access_token":"at2","token_type":"Bearer"}"#), requestedScopes: ["z"], previousRefreshToken: "old", issuer: "https://as")
        #expect(tokens.scopes == ["z"])
        #expect(tokens.refreshToken == "old")
        #expect(tokens.expiresAt == nil)
    }

    @Test(arguments: [
        #"{"token_type":"Bearer"}"#, #"{"access_token":"","token_type":"Bearer"}"#, #"{"access_token":"x","token_type":"DPoP"}"#,
        #"{"access_token":"x"}"#, "[]", "not json", ""
    ])
    func unusableTokenResponsesAreRefused(_ body: String) throws {
        let error = try #require(throws: OAuthError.self) { try TokenSet.parse(bytes(body), requestedScopes: [], issuer: "https://as") }
        #expect(error.code == .tokenRefused || error.code == .invalidMetadata)
    }

    @Test func errorCodeIsCarriedVerbatimAndTheDescriptionMadePrintable() {
        let response = HTTPResponseSummary(status: 400, body: bytes(#"{"error":"invalid_grant","error_description":"code\nexpired"}"#))
        let error = TokenSet.error(from: response, issuer: "https://as", doing: "the code")
        #expect(error.oauthError == "invalid_grant")
        #expect(error.code == .tokenRefused)
        #expect(error.needsNewAuthorization)
        // One line: a line break in server text becomes a space (`VisibleText`).
        #expect(error.message.contains("code expired"))
        #expect(!error.message.contains("\n"))
    }

    @Test(arguments: [(503, OAuthError.Code.unavailable), (500, .unavailable), (429, .unavailable), (401, .tokenRefused)])
    func serverTroubleIsRetryableNotARefusal(_ c: (Int, OAuthError.Code)) {
        let error = TokenSet.error(from: HTTPResponseSummary(status: c.0, body: bytes("<html>")), issuer: "https://as", doing: "x")
        #expect(error.code == c.1)
        #expect(error.oauthError == nil)
    }

    @Test func anInvalidErrorCodeIsNotRepeated() {
        let error = TokenSet.error(from: HTTPResponseSummary(status: 400, body: bytes(#"{"error":"bad\"code"}"#)), issuer: "https://as", doing: "x")
        #expect(error.oauthError == nil)
    }

    @Test func dynamicRegistrationRequestIsANativePublicClient() throws {
        let body = DynamicRegistration.request(
            redirectURI: "http://127.0.0.1:50000/oauth/callback", scopes: [], authMethod: "none",
            extra: ["client_name": .string("custom"), "redirect_uris": .array([.string("https://evil.example")]), "logo_uri": .string("https://l")],
            version: "0.1.0")
        let object = try #require(try JSONParser.parse(body).objectValue)
        #expect(object["application_type"] == .string("native"))
        #expect(object["token_endpoint_auth_method"] == .string("none"))
        #expect(object["grant_types"] == .array([.string("authorization_code"), .string("refresh_token")]))
        #expect(object["redirect_uris"] == .array([.string("http://127.0.0.1:50000/oauth/callback")]))
        #expect(object["client_name"] == .string("custom"))
        #expect(object["logo_uri"] == .string("https://l"))
        #expect(object["scope"] == nil, "no scope is made up when none will be asked for")
    }

    @Test func registrationResponse() throws {
        let uri = "http://127.0.0.1:50000/oauth/callback"
        let public_ = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c1","redirect_uris":["\#(uri)"],"token_endpoint_auth_method":"none"}"#), issuer: "https://as", redirectURI: uri)
        #expect(public_.clientID == "c1")
        #expect(public_.clientSecret == nil)
        #expect(public_.authentication().form.map(\.0) == ["client_id"])
        #expect(public_.authentication().headers.isEmpty)
        let confidential = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c2","client_secret":"s","client_secret_expires_at":0}"#), issuer: "https://as", redirectURI: uri)
        #expect(confidential.tokenEndpointAuthMethod == "client_secret_basic")
        #expect(confidential.authentication().headers.first?.value == "Basic " + Base64URL.standardPadded(Array("c2:s".utf8)))
        #expect(!confidential.isExpired())
        let post = try DynamicRegistration.parse(
            bytes(#"{"client_id":"c3","client_secret":"s","token_endpoint_auth_method":"client_secret_post"}"#), issuer: "https://as", redirectURI: uri)
        #expect(post.authentication().form.map(\.0) == ["client_id", "client_secret"])
    }

    @Test(arguments: [
        #"{}"#, #"{"client_id":""}"#, #"{"client_id":"c","token_endpoint_auth_method":"private_key_jwt"}"#,
        #"{"client_id":"c","redirect_uris":["http://127.0.0.1:1/elsewhere"]}"#, "[]"
    ])
    func badRegistrationResponsesAreRefused(_ body: String) {
        #expect(throws: OAuthError.self) {
            try DynamicRegistration.parse(bytes(body), issuer: "https://as", redirectURI: "http://127.0.0.1:50000/oauth/callback")
        }
    }

    @Test func expiredSecretsAreNoticed() {
        let registration = ClientRegistration(
            issuer: "i", clientID: "c", clientSecret: "s", clientSecretExpiresAt: 100, tokenEndpointAuthMethod: "client_secret_post",
            redirectURI: "r", source: .dynamic)
        #expect(registration.isExpired(now: 100))
        #expect(!registration.isExpired(now: 10))
    }

    @Test func preRegisteredClients() throws {
        let uri = "http://127.0.0.1:1/oauth/callback"
        let secretless = try ClientRegistration.preRegistered(json: bytes(#"{"client_id":"abc"}"#), issuer: "i", redirectURI: uri, serverMethods: nil)
        #expect(secretless.tokenEndpointAuthMethod == "none")
        let basicOnly = try ClientRegistration.preRegistered(
            json: bytes(#"{"client_id":"abc","client_secret":"s"}"#), issuer: "i", redirectURI: uri, serverMethods: ["client_secret_basic"])
        #expect(basicOnly.tokenEndpointAuthMethod == "client_secret_basic")
        #expect(throws: OAuthError.self) {
            try ClientRegistration.preRegistered(json: bytes(#"{"client_secret":"s"}"#), issuer: "i", redirectURI: uri, serverMethods: nil)
        }
    }

    @Test func formEncodingEscapesEverythingOutsideUnreserved() {
        #expect(
            FormEncoding.encode([("a b", "x&y=z#"), ("r", "https://h/p?q=1"), ("u", "é~._-")])
                == "a%20b=x%26y%3Dz%23&r=https%3A%2F%2Fh%2Fp%3Fq%3D1&u=%C3%A9~._-")
    }

    @Test func callbackPortIsStablePerServerAndOutsideEphemeralRanges() {
        let a = AuthorizationOptions.defaultCallbackPort(for: "https://mcp.atlassian.com/v1/mcp")
        #expect(a == AuthorizationOptions.defaultCallbackPort(for: "https://mcp.atlassian.com/v1/mcp"))
        // Outside the ephemeral ranges of Linux (32768–60999), macOS and Windows (49152–65535).
        let ports = (0..<200).map { AuthorizationOptions.defaultCallbackPort(for: "https://s\($0).example/mcp") }
        #expect(ports.allSatisfy { (20000...32767).contains($0) })
        #expect(Set(ports).count > 180)
        // Pinned: a registration's redirect URI holds this port, so it must never change.
        // printf %s https://mcp.atlassian.com/v1/mcp | sha256sum → 882c…; 20000 + 0x882c % 12768.
        #expect(a == 29324)
    }
}
