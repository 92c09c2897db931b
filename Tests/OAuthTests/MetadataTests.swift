// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OAuth

/// RFC 9728 §3.3 (`resource`), RFC 8414 §3.3 (`issuer`), MCP "Authorization Code Protection" (S256).
@Suite struct MetadataTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func resourceMetadataForTheServer() throws {
        let document = #"{"resource":"https://mcp.example.com/mcp","authorization_servers":["https://auth.example.com"],"scopes_supported":["a","b"]}"#
        let verified = try VerifiedResourceMetadata.verify(bytes(document), source: "x", serverURL: "https://mcp.example.com/mcp")
        #expect(verified.resource == "https://mcp.example.com/mcp")
        #expect(verified.authorizationServers == ["https://auth.example.com"])
        #expect(verified.scopesSupported == ["a", "b"])
    }

    @Test func resourceIsKeptVerbatim() throws {
        // reference E-03: no URL round trip may add or drop a trailing slash.
        let verified = try VerifiedResourceMetadata.verify(
            bytes(#"{"resource":"https://MCP.example.com","authorization_servers":["https://a"]}"#),
            source: "x", serverURL: "https://mcp.example.com/mcp")
        #expect(verified.resource == "https://MCP.example.com")
    }

    static let resourceCases: [(resource: String, server: String, accepted: Bool)] = [
        ("https://mcp.example.com/mcp", "https://mcp.example.com/mcp", true),
        ("https://mcp.example.com", "https://mcp.example.com/mcp", true),
        ("https://mcp.example.com/", "https://mcp.example.com/sse", true),
        ("https://mcp.example.com:443/v1", "https://mcp.example.com/v1/mcp", true),
        ("https://mcp.example.com/v1/mcp/", "https://mcp.example.com/v1/mcp", true),
        ("https://mcp.example.com/somewhere-else", "https://mcp.example.com/mcp", false),
        ("https://mcp.example.com/mc", "https://mcp.example.com/mcp", false),
        ("https://mcp.example.com/mcp/deeper", "https://mcp.example.com/mcp", false),
        ("https://other.example.com/mcp", "https://mcp.example.com/mcp", false),
        ("http://mcp.example.com/mcp", "https://mcp.example.com/mcp", false),
        ("https://mcp.example.com:8443/mcp", "https://mcp.example.com/mcp", false),
        ("https://mcp.example.com.evil.example/mcp", "https://mcp.example.com/mcp", false),
        ("https://mcp.example.com/mcp#x", "https://mcp.example.com/mcp", false),
        ("mcp.example.com/mcp", "https://mcp.example.com/mcp", false)
    ]

    @Test(arguments: resourceCases)
    func resourceMustCoverTheServer(_ c: (resource: String, server: String, accepted: Bool)) {
        let document = #"{"resource":"\#(c.resource)","authorization_servers":["https://a.example"]}"#
        let result = Result { () throws(OAuthError) in try VerifiedResourceMetadata.verify(bytes(document), source: "src", serverURL: c.server) }
        switch result {
        case .success: #expect(c.accepted)
        case .failure(let error):
            #expect(!c.accepted)
            #expect(error.code == .invalidMetadata)
            #expect(error.message.contains(c.server))
        }
    }

    @Test(arguments: [
        "", "[]", "null", #"{"authorization_servers":["https://a"]}"#, #"{"resource":"https://mcp.example.com"}"#,
        #"{"resource":"https://mcp.example.com","authorization_servers":[]}"#, #"{"resource":"https://mcp.example.com","authorization_servers":[1]}"#,
        #"{"resource":1,"authorization_servers":["https://a"]}"#, "{\"resource\":\"https://mcp.example.com\",", String(repeating: "[", count: 100)
    ])
    func malformedResourceMetadataIsRefused(_ document: String) {
        #expect(throws: OAuthError.self) { try VerifiedResourceMetadata.verify(bytes(document), source: "src", serverURL: "https://mcp.example.com/mcp") }
    }

    static let goodServer =
        #"{"issuer":"https://auth.example.com","authorization_endpoint":"https://auth.example.com/authorize","token_endpoint":"https://auth.example.com/token","registration_endpoint":"https://auth.example.com/register","revocation_endpoint":"https://auth.example.com/revoke","code_challenge_methods_supported":["S256"],"response_types_supported":["code"],"scopes_supported":["openid","offline_access"],"authorization_response_iss_parameter_supported":true,"client_id_metadata_document_supported":true}"#

    @Test func serverMetadataIsRead() throws {
        let verified = try VerifiedServerMetadata.verify(bytes(Self.goodServer), source: "s", issuer: "https://auth.example.com")
        #expect(verified.tokenEndpoint == "https://auth.example.com/token")
        #expect(verified.registrationEndpoint == "https://auth.example.com/register")
        #expect(verified.revocationEndpoint == "https://auth.example.com/revoke")
        #expect(verified.issuerParameterSupported)
        #expect(verified.clientMetadataDocumentSupported)
        #expect(verified.scopesSupported == ["openid", "offline_access"])
    }

    @Test(arguments: ["https://auth.example.com/", "https://AUTH.example.com", "https://attacker.example", "https://auth.example.com:443"])
    func issuerMustBeIdentical(_ expected: String) throws {
        // RFC 8414 §3.3: simple string comparison, no normalisation.
        let error = try #require(throws: OAuthError.self) { try VerifiedServerMetadata.verify(bytes(Self.goodServer), source: "s", issuer: expected) }
        #expect(error.code == .invalidMetadata)
        #expect(error.message.contains("https://auth.example.com"))
    }

    @Test(arguments: [#"["plain"]"#, "[]", #"["s256"]"#, #""S256""#])
    func serverWithoutS256IsRefused(_ methods: String) throws {
        let document = Self.goodServer.replacingOccurrences(of: #"["S256"]"#, with: methods)
        let error = try #require(throws: OAuthError.self) {
            try VerifiedServerMetadata.verify(bytes(document), source: "s", issuer: "https://auth.example.com")
        }
        #expect(error.message.contains("S256") || error.message.contains("PKCE"))
    }

    @Test func serverWithoutTheMethodsListIsRefused() throws {
        let document = Self.goodServer.replacingOccurrences(of: #""code_challenge_methods_supported":["S256"],"#, with: "")
        let error = try #require(throws: OAuthError.self) {
            try VerifiedServerMetadata.verify(bytes(document), source: "s", issuer: "https://auth.example.com")
        }
        #expect(error.message.contains("code_challenge_methods_supported"))
    }

    @Test(arguments: [
        (#""token_endpoint":"https://auth.example.com/token","#, ""),
        (#""authorization_endpoint":"https://auth.example.com/authorize""#, #""authorization_endpoint":"javascript:alert(1)""#),
        (#""token_endpoint":"https://auth.example.com/token""#, #""token_endpoint":7"#),
        (#""response_types_supported":["code"]"#, #""response_types_supported":["token"]"#)
    ])
    func brokenEndpointsAreRefused(_ change: (String, String)) {
        let document = Self.goodServer.replacingOccurrences(of: change.0, with: change.1)
        #expect(throws: OAuthError.self) { try VerifiedServerMetadata.verify(bytes(document), source: "s", issuer: "https://auth.example.com") }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
