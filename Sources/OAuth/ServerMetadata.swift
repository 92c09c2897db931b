// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// Authorization server metadata (RFC 8414 §2, or OpenID Connect Discovery 1.0 §3) that passed
/// the checks every later step relies on.
public struct VerifiedServerMetadata: Sendable, Equatable {
    /// Identical to the issuer the document was looked up for (RFC 8414 §3.3).
    public let issuer: String
    public let authorizationEndpoint: String
    public let tokenEndpoint: String
    public let registrationEndpoint: String?
    public let revocationEndpoint: String?
    public let scopesSupported: [String]?
    public let tokenEndpointAuthMethods: [String]?
    /// RFC 9207 §3: the server promises `iss` on every authorization response.
    public let issuerParameterSupported: Bool
    /// MCP 2025-11-25 "Client ID Metadata Documents".
    public let clientMetadataDocumentSupported: Bool
    public let source: String

    public init(
        issuer: String, authorizationEndpoint: String, tokenEndpoint: String, registrationEndpoint: String? = nil,
        revocationEndpoint: String? = nil, scopesSupported: [String]? = nil, tokenEndpointAuthMethods: [String]? = nil,
        issuerParameterSupported: Bool = false, clientMetadataDocumentSupported: Bool = false, source: String
    ) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.registrationEndpoint = registrationEndpoint
        self.revocationEndpoint = revocationEndpoint
        self.scopesSupported = scopesSupported
        self.tokenEndpointAuthMethods = tokenEndpointAuthMethods
        self.issuerParameterSupported = issuerParameterSupported
        self.clientMetadataDocumentSupported = clientMetadataDocumentSupported
        self.source = source
    }

    /// Validates a document fetched for `issuer`:
    /// - `issuer` identical to the one the URL was built from (RFC 8414 §3.3, OIDC Discovery §4.3;
    ///   MCP 2026-07-28 "Authorization Server Metadata Discovery");
    /// - `code_challenge_methods_supported` present and holding `S256` (MCP "Authorization Code
    ///   Protection": refuse when PKCE support cannot be verified; mcp-warden never uses `plain`);
    /// - the authorization and token endpoints present.
    static func verify(_ body: [UInt8], source: String, issuer: String) throws(OAuthError) -> VerifiedServerMetadata {
        try verify(MetadataJSON.object(body, what: "authorization server metadata", source: source), source: source, issuer: issuer)
    }

    static func verify(_ document: JSONObject, source: String, issuer: String) throws(OAuthError) -> VerifiedServerMetadata {
        let claimed = document["issuer"]?.stringValue
        guard claimed == issuer else {
            throw OAuthError(
                .invalidMetadata,
                "the authorization server metadata at \(source) names the issuer \(claimed.map { MetadataJSON.shown($0) } ?? "(none)"), not \(issuer)",
                hint: "RFC 8414 §3.3 forbids using it: the document may come from another server")
        }
        guard let methods = MetadataJSON.strings(document["code_challenge_methods_supported"]) else {
            throw OAuthError(
                .invalidMetadata, "the authorization server \(issuer) does not say it supports PKCE (no code_challenge_methods_supported)",
                hint: "MCP requires PKCE with S256; mcp-warden will not authorize without it")
        }
        guard methods.contains(PKCE.method) else {
            throw OAuthError(
                .invalidMetadata,
                "the authorization server \(issuer) does not support PKCE S256 (it offers \(methods.map { MetadataJSON.shown($0, limit: 20) }.joined(separator: ", ")))",
                hint: "MCP requires PKCE with S256; mcp-warden never falls back to plain")
        }
        func endpoint(_ name: String, required: Bool) throws(OAuthError) -> String? {
            guard let value = document[name] else {
                if required { throw OAuthError(.invalidMetadata, "the authorization server metadata at \(source) has no \(name)") }
                return nil
            }
            guard let url = value.stringValue, WellKnown.split(url) != nil else {
                throw OAuthError(.invalidMetadata, "the \(name) in the authorization server metadata at \(source) is not an http(s) URL")
            }
            return url
        }
        if let types = MetadataJSON.strings(document["response_types_supported"]), !types.contains("code") {
            throw OAuthError(.invalidMetadata, "the authorization server \(issuer) does not offer the authorization code flow")
        }
        return VerifiedServerMetadata(
            issuer: issuer,
            authorizationEndpoint: try endpoint("authorization_endpoint", required: true)!,
            tokenEndpoint: try endpoint("token_endpoint", required: true)!,
            registrationEndpoint: try endpoint("registration_endpoint", required: false),
            revocationEndpoint: try endpoint("revocation_endpoint", required: false),
            scopesSupported: MetadataJSON.scopes(document["scopes_supported"]),
            tokenEndpointAuthMethods: MetadataJSON.strings(document["token_endpoint_auth_methods_supported"]),
            issuerParameterSupported: document["authorization_response_iss_parameter_supported"]?.boolValue == true,
            clientMetadataDocumentSupported: document["client_id_metadata_document_supported"]?.boolValue == true,
            source: source)
    }

    /// MCP 2025-03-26 "Fallbacks for Servers without Metadata Discovery": `/authorize`, `/token`
    /// and `/register` at the MCP server's origin. PKCE is still required by that revision.
    static func defaults(forOrigin origin: String) -> VerifiedServerMetadata {
        VerifiedServerMetadata(
            issuer: origin, authorizationEndpoint: origin + "/authorize", tokenEndpoint: origin + "/token",
            registrationEndpoint: origin + "/register", source: "the 2025-03-26 default endpoints of \(origin)")
    }
}
