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

    public init(
        issuer: String, clientID: String, clientSecret: String?, clientSecretExpiresAt: Int?, tokenEndpointAuthMethod: String,
        redirectURI: String, source: Source
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.clientSecretExpiresAt = clientSecretExpiresAt
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.redirectURI = redirectURI
        self.source = source
    }

    public var description: String {
        "ClientRegistration(issuer: \(issuer), clientID: \(clientID), clientSecret: \(clientSecret == nil ? "none" : "<redacted>"), tokenEndpointAuthMethod: \(tokenEndpointAuthMethod), source: \(source.rawValue))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// The same client at `issuer` (an entry imported from mcp-remote names no issuer).
    func bound(to issuer: String) -> ClientRegistration {
        ClientRegistration(
            issuer: issuer, clientID: clientID, clientSecret: clientSecret, clientSecretExpiresAt: clientSecretExpiresAt,
            tokenEndpointAuthMethod: tokenEndpointAuthMethod, redirectURI: redirectURI, source: source)
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

/// Dynamic client registration (RFC 7591 §2, §3): a public native client with the exact loopback
/// redirect URI (MCP 2026-07-28 "Application Type and Redirect URI Constraints").
enum DynamicRegistration {
    static func request(redirectURI: String, extra: JSONObject?, version: String) -> [UInt8] {
        var object: JSONObject = [
            "client_name": .string("mcp-warden"),
            "redirect_uris": .array([.string(redirectURI)]),
            "grant_types": .array([.string("authorization_code"), .string("refresh_token")]),
            "response_types": .array([.string("code")]),
            "token_endpoint_auth_method": .string("none"),
            "application_type": .string("native"),
            "software_id": .string("mcp-warden"),
            "software_version": .string(version)
        ]
        // --static-oauth-client-metadata adds or replaces fields; the redirect URI stays exact.
        for (key, value) in extra ?? [:] where key != "redirect_uris" { object[key] = value }
        return object.serialized()
    }

    static func parse(_ body: [UInt8], issuer: String, redirectURI: String) throws(OAuthError) -> ClientRegistration {
        let document = try MetadataJSON.object(body, what: "registration response", source: issuer)
        guard let id = document["client_id"]?.stringValue, !id.isEmpty else {
            throw OAuthError(.registration, "the registration response of \(issuer) has no client_id")
        }
        let secret = document["client_secret"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let method = document["token_endpoint_auth_method"]?.stringValue ?? (secret == nil ? "none" : "client_secret_basic")
        guard ClientRegistration.supportedAuthMethods.contains(method) else {
            throw OAuthError(
                .registration, "\(issuer) registered mcp-warden for client authentication \(MetadataJSON.shown(method, limit: 40)), which it does not support")
        }
        if let uris = MetadataJSON.strings(document["redirect_uris"]), !uris.contains(redirectURI) {
            throw OAuthError(
                .registration, "\(issuer) changed the redirect URI while registering mcp-warden",
                hint: "the server must accept the loopback redirect \(redirectURI)")
        }
        return ClientRegistration(
            issuer: issuer, clientID: id, clientSecret: secret, clientSecretExpiresAt: document["client_secret_expires_at"]?.intValue,
            tokenEndpointAuthMethod: method, redirectURI: redirectURI, source: .dynamic)
    }
}
