// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// The client identity mcp-warden uses at one authorization server (MCP 2026-07-28 "Authorization
/// Server Binding": credentials belong to the issuer that issued them).
/// Printing, interpolating or dumping it never shows the client secret.
public struct ClientRegistration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public enum Source: String, Sendable {
        case preRegistered = "pre-registered", metadataDocument = "client ID metadata document", dynamic = "dynamic registration"
    }

    public let issuer: String
    public let clientID: String
    /// Secret: never printed.
    public let clientSecret: String?
    /// RFC 7591 §3.2.1: 0 or absent means the secret does not expire.
    public let clientSecretExpiresAt: Int?
    /// How the client authenticates at the token and revocation endpoints: `none`,
    /// `client_secret_post` or `client_secret_basic`.
    public let tokenEndpointAuthMethod: String
    public let redirectURI: String
    public let source: Source
    /// The scopes a dynamic registration is for (RFC 7591 §2 `scope`: the response's, else those
    /// asked for); nil when unknown (an entry of an earlier version, a pre-registered client).
    public let scopes: [String]?

    public init(
        issuer: String, clientID: String, clientSecret: String?, clientSecretExpiresAt: Int?, tokenEndpointAuthMethod: String,
        redirectURI: String, source: Source, scopes: [String]? = nil
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.clientSecretExpiresAt = clientSecretExpiresAt
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.redirectURI = redirectURI
        self.source = source
        self.scopes = scopes
    }

    public var description: String {
        "ClientRegistration(issuer: \(issuer), clientID: \(clientID), clientSecret: \(clientSecret == nil ? "none" : "<redacted>"), tokenEndpointAuthMethod: \(tokenEndpointAuthMethod), source: \(source.rawValue))"
    }

    /// True for a client that authenticates with a secret (RFC 6749 §2.1 confidential client).
    public var isConfidential: Bool { clientSecret != nil && tokenEndpointAuthMethod != "none" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// The same client at `issuer` (an entry imported from mcp-remote names no issuer).
    func bound(to issuer: String) -> ClientRegistration {
        ClientRegistration(
            issuer: issuer, clientID: clientID, clientSecret: clientSecret, clientSecretExpiresAt: clientSecretExpiresAt,
            tokenEndpointAuthMethod: tokenEndpointAuthMethod, redirectURI: redirectURI, source: source, scopes: scopes)
    }

    /// True when a secret it depends on has expired (re-register, reference E-07).
    public func isExpired(now: Int = WallClock.seconds()) -> Bool {
        guard clientSecret != nil, let expiry = clientSecretExpiresAt, expiry > 0 else { return false }
        return expiry <= now + 60
    }

    /// Form fields and headers that authenticate the client (RFC 6749 §2.3.1; OAuth 2.1 §2.4.1).
    /// `client_id` is always in the form: public clients need it, and the MCP SDK's server wants it
    /// even with HTTP Basic.
    func authentication() -> (form: [(String, String)], headers: [(name: String, value: String)]) {
        var form = [("client_id", clientID)]
        guard let clientSecret else { return (form, []) }
        switch tokenEndpointAuthMethod {
        case "client_secret_basic":
            let pair = FormEncoding.escape(clientID) + ":" + FormEncoding.escape(clientSecret)
            return (form, [("Authorization", "Basic " + Base64URL.standardPadded(Array(pair.utf8)))])
        case "none":
            return (form, [])
        default:
            form.append(("client_secret", clientSecret))
            return (form, [])
        }
    }

    /// The client authentication methods `authentication()` implements (RFC 7591 §2).
    static let supportedAuthMethods = ["none", "client_secret_post", "client_secret_basic"]

    /// `--static-oauth-client-info` (as in mcp-remote): `client_id`, optional `client_secret` and
    /// `token_endpoint_auth_method`.
    public static func preRegistered(json: [UInt8], issuer: String, redirectURI: String, serverMethods: [String]?) throws(OAuthError) -> ClientRegistration {
        let document = try MetadataJSON.object(json, what: "--static-oauth-client-info", source: "the command line")
        guard let id = document["client_id"]?.stringValue, !id.isEmpty else {
            throw OAuthError(.registration, "--static-oauth-client-info has no client_id")
        }
        let secret = document["client_secret"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let method =
            document["token_endpoint_auth_method"]?.stringValue
            ?? (secret == nil
                ? "none"
                : (serverMethods?.contains("client_secret_basic") == true && serverMethods?.contains("client_secret_post") != true
                    ? "client_secret_basic" : "client_secret_post"))
        guard supportedAuthMethods.contains(method) else {
            throw OAuthError(
                .registration,
                "--static-oauth-client-info asks for client authentication \(MetadataJSON.shown(method, limit: 40)), which mcp-warden does not support",
                hint: "use token_endpoint_auth_method none, client_secret_post or client_secret_basic")
        }
        return ClientRegistration(
            issuer: issuer, clientID: id, clientSecret: secret, clientSecretExpiresAt: nil,
            tokenEndpointAuthMethod: method, redirectURI: redirectURI, source: .preRegistered)
    }

    /// MCP 2025-11-25 "Client ID Metadata Documents": the document's URL must be https with a path.
    public static func isValidMetadataDocumentURL(_ url: String) -> Bool {
        guard url.lowercased().hasPrefix("https://"), let parts = WellKnown.split(url), !url.contains("#") else { return false }
        return WellKnown.trimmedPath(parts.path) != ""
    }

    /// A client ID metadata document (MCP 2025-11-25 "Client ID Metadata Documents"): the URL is the client id.
    static func metadataDocument(url: String, issuer: String, redirectURI: String) -> ClientRegistration {
        ClientRegistration(
            issuer: issuer, clientID: url, clientSecret: nil, clientSecretExpiresAt: nil,
            tokenEndpointAuthMethod: "none", redirectURI: redirectURI, source: .metadataDocument)
    }
}
