// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import MCPFraming
import PinnedHTTP
import Platform

/// What the vault keeps for one (resource, issuer) (issue 5 "Entries"): the client registration,
/// the tokens with their absolute expiry and granted scopes, and the verified metadata, so a
/// second start needs no discovery, no registration and no browser. Secret: never printed.
public struct StoredGrant: Sendable, Equatable {
    public static let format = 1

    /// The MCP server URL the grant was made for (a resource may cover several: `/mcp`, `/sse`).
    public var serverURL: String
    public var resource: String
    /// Empty for an entry imported from `mcp-remote` until its first discovery binds it.
    public var issuer: String
    public var registration: ClientRegistration?
    public var tokens: TokenSet?
    public var discovered: DiscoveredAuthorization?
    public var created: Int
    public var lastRefresh: Int?
    /// Where the entry came from when mcp-warden did not make it (e.g. "mcp-remote").
    public var origin: String?
    /// The TLS trust the grant was obtained under (nil in entries of earlier versions and imports).
    public var trust: StoredTrust?

    /// The vault entry this grant lives in: (server URL, resource, issuer). The key is written in
    /// the clear in the entry's header (so a lookup decrypts only candidates), so a credential in a
    /// URL's query is redacted there (`VisibleText`); the full URLs are inside, encrypted.
    public var key: GrantKey { Self.key(server: serverURL, resource: resource, issuer: issuer) }

    public static func key(server: String, resource: String, issuer: String) -> GrantKey {
        let shownServer = VisibleText.redactingQuerySecrets(server)
        let shownResource = VisibleText.redactingQuerySecrets(resource)
        // Redaction merged two URLs into one text: a digest of the full ones keeps them apart.
        let variant =
            shownServer == server && shownResource == resource
            ? ""
            : String(Digest.sha256Hex(Array("\(server.utf8.count):\(server)\(resource)".utf8)).prefix(32))
        return GrantKey(server: shownServer, resource: shownResource, issuer: issuer, variant: variant)
    }

    /// True when the server at `url` may use this grant (issue 13, DESIGN invariant 10): the server
    /// that obtained it, or another URL on the same origin that its resource covers (RFC 9728 §3.3
    /// as relaxed in `VerifiedResourceMetadata.covers`) — never a server on another origin, and a
    /// grant whose resource is on another origin than its own server (`--allow-foreign-resource`)
    /// serves that server alone. With `--resource`, only a grant for exactly that resource.
    public func serves(_ url: String, resource wanted: String?) -> Bool {
        Self.serves(server: serverURL, resource: resource, url: url, wanted: wanted)
    }

    /// `serves` for a grant known by its key alone.
    public static func serves(server: String, resource: String, url: String, wanted: String?) -> Bool {
        if let wanted, wanted != resource { return false }
        if url == server { return true }
        return VerifiedResourceMetadata.covers(resource: resource, serverURL: server) && VerifiedResourceMetadata.covers(resource: resource, serverURL: url)
    }

    public init(
        serverURL: String, resource: String, issuer: String, registration: ClientRegistration?, tokens: TokenSet?,
        discovered: DiscoveredAuthorization?, created: Int, lastRefresh: Int? = nil, origin: String? = nil, trust: StoredTrust? = nil
    ) {
        self.serverURL = serverURL
        self.resource = resource
        self.issuer = issuer
        self.registration = registration
        self.tokens = tokens
        self.discovered = discovered
        self.created = created
        self.lastRefresh = lastRefresh
        self.origin = origin
        self.trust = trust
    }

    public func encoded() -> [UInt8] {
        var members: [(key: String, value: JSONValue)] = [
            ("format", .integer(Self.format)), ("serverURL", .string(serverURL)), ("resource", .string(resource)),
            ("issuer", .string(issuer)), ("created", .integer(created))
        ]
        if let lastRefresh { members.append(("lastRefresh", .integer(lastRefresh))) }
        if let origin { members.append(("origin", .string(origin))) }
        if let trust { members.append(("trust", .object(trust.encoded()))) }
        if let registration { members.append(("client", .object(Self.encode(registration)))) }
        if let tokens { members.append(("tokens", .object(Self.encode(tokens)))) }
        if let discovered {
            members.append(("server", .object(Self.encode(discovered.server))))
            if let metadata = discovered.resourceMetadata { members.append(("protectedResource", .object(Self.encode(metadata)))) }
            members.append(("discoveredResource", .string(discovered.resource)))
        }
        return JSONValue.object(JSONObject(members)).serialized()
    }

    /// Decodes a vault entry; anything missing or of the wrong type is `.invalidMetadata`.
    public static func decode(_ bytes: [UInt8]) throws(OAuthError) -> StoredGrant {
        let object = try MetadataJSON.object(bytes, what: "vault entry", source: "the vault")
        func fail(_ what: String) -> OAuthError { OAuthError(.invalidMetadata, "a vault entry is incomplete (\(what))") }
        guard object["format"]?.intValue == format else { throw fail("format") }
        guard let serverURL = object["serverURL"]?.stringValue, let resource = object["resource"]?.stringValue,
            let issuer = object["issuer"]?.stringValue, let created = object["created"]?.intValue
        else { throw fail("server, resource, issuer") }
        var grant = StoredGrant(
            serverURL: serverURL, resource: resource, issuer: issuer, registration: nil, tokens: nil, discovered: nil,
            created: created, lastRefresh: object["lastRefresh"]?.intValue, origin: object["origin"]?.stringValue)
        if let trust = object["trust"] {
            guard let decoded = trust.objectValue.flatMap(StoredTrust.decode) else { throw fail("trust") }
            grant.trust = decoded
        }
        if let client = object["client"] {
            guard let registration = client.objectValue.flatMap({ decodeRegistration($0, issuer: issuer) }) else { throw fail("client") }
            grant.registration = registration
        }
        if let tokens = object["tokens"] {
            guard let set = tokens.objectValue.flatMap(decodeTokens) else { throw fail("tokens") }
            grant.tokens = set
        }
        if let server = object["server"] {
            guard let metadata = server.objectValue.flatMap(decodeServer), metadata.issuer == issuer,
                let discoveredResource = object["discoveredResource"]?.stringValue
            else { throw fail("server metadata") }
            var protected: VerifiedResourceMetadata?
            if let value = object["protectedResource"] {
                guard let decoded = value.objectValue.flatMap(decodeResource) else { throw fail("protected resource metadata") }
                protected = decoded
            }
            grant.discovered = DiscoveredAuthorization(resourceMetadata: protected, server: metadata, resource: discoveredResource)
        }
        return grant
    }

    static func encode(_ client: ClientRegistration) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [("client_id", .string(client.clientID))]
        if let secret = client.clientSecret { members.append(("client_secret", .string(secret))) }
        if let expiry = client.clientSecretExpiresAt { members.append(("client_secret_expires_at", .integer(expiry))) }
        members += [
            ("token_endpoint_auth_method", .string(client.tokenEndpointAuthMethod)), ("redirect_uri", .string(client.redirectURI)),
            ("source", .string(client.source.rawValue))
        ]
        if let scopes = client.scopes { members.append(("scopes", .array(scopes.map { .string($0) }))) }
        return JSONObject(members)
    }

    static func decodeRegistration(_ object: JSONObject, issuer: String) -> ClientRegistration? {
        guard let id = object["client_id"]?.stringValue, !id.isEmpty, let method = object["token_endpoint_auth_method"]?.stringValue,
            let redirect = object["redirect_uri"]?.stringValue,
            let source = object["source"]?.stringValue.flatMap(ClientRegistration.Source.init(rawValue:))
        else { return nil }
        return ClientRegistration(
            issuer: issuer, clientID: id, clientSecret: object["client_secret"]?.stringValue,
            clientSecretExpiresAt: object["client_secret_expires_at"]?.intValue, tokenEndpointAuthMethod: method,
            redirectURI: redirect, source: source, scopes: MetadataJSON.strings(object["scopes"]))
    }

    static func encode(_ tokens: TokenSet) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [("access_token", .string(tokens.accessToken))]
        if let refresh = tokens.refreshToken { members.append(("refresh_token", .string(refresh))) }
        if let expiry = tokens.expiresAt { members.append(("expires_at", .integer(expiry))) }
        members.append(("scopes", .array(tokens.scopes.map { .string($0) })))
        return JSONObject(members)
    }

    static func decodeTokens(_ object: JSONObject) -> TokenSet? {
        guard let access = object["access_token"]?.stringValue, !access.isEmpty, let scopes = MetadataJSON.strings(object["scopes"]) else { return nil }
        return TokenSet(accessToken: access, refreshToken: object["refresh_token"]?.stringValue, expiresAt: object["expires_at"]?.intValue, scopes: scopes)
    }

    static func encode(_ server: VerifiedServerMetadata) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [
            ("issuer", .string(server.issuer)), ("authorization_endpoint", .string(server.authorizationEndpoint)),
            ("token_endpoint", .string(server.tokenEndpoint))
        ]
        if let value = server.registrationEndpoint { members.append(("registration_endpoint", .string(value))) }
        if let value = server.revocationEndpoint { members.append(("revocation_endpoint", .string(value))) }
        if let value = server.scopesSupported { members.append(("scopes_supported", .array(value.map { .string($0) }))) }
        if let value = server.tokenEndpointAuthMethods { members.append(("token_endpoint_auth_methods_supported", .array(value.map { .string($0) }))) }
        members += [
            ("authorization_response_iss_parameter_supported", .bool(server.issuerParameterSupported)),
            ("client_id_metadata_document_supported", .bool(server.clientMetadataDocumentSupported)), ("source", .string(server.source))
        ]
        return JSONObject(members)
    }

    static func decodeServer(_ object: JSONObject) -> VerifiedServerMetadata? {
        guard let issuer = object["issuer"]?.stringValue, let authorization = object["authorization_endpoint"]?.stringValue,
            let token = object["token_endpoint"]?.stringValue, let source = object["source"]?.stringValue
        else { return nil }
        return VerifiedServerMetadata(
            issuer: issuer, authorizationEndpoint: authorization, tokenEndpoint: token,
            registrationEndpoint: object["registration_endpoint"]?.stringValue,
            revocationEndpoint: object["revocation_endpoint"]?.stringValue,
            scopesSupported: MetadataJSON.strings(object["scopes_supported"]),
            tokenEndpointAuthMethods: MetadataJSON.strings(object["token_endpoint_auth_methods_supported"]),
            issuerParameterSupported: object["authorization_response_iss_parameter_supported"]?.boolValue ?? false,
            clientMetadataDocumentSupported: object["client_id_metadata_document_supported"]?.boolValue ?? false, source: source)
    }

    static func encode(_ metadata: VerifiedResourceMetadata) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [
            ("resource", .string(metadata.resource)),
            ("authorization_servers", .array(metadata.authorizationServers.map { .string($0) }))
        ]
        if let scopes = metadata.scopesSupported { members.append(("scopes_supported", .array(scopes.map { .string($0) }))) }
        members.append(("source", .string(metadata.source)))
        return JSONObject(members)
    }

    static func decodeResource(_ object: JSONObject) -> VerifiedResourceMetadata? {
        guard let resource = object["resource"]?.stringValue, let servers = MetadataJSON.strings(object["authorization_servers"]),
            let source = object["source"]?.stringValue
        else { return nil }
        return VerifiedResourceMetadata(
            resource: resource, authorizationServers: servers, scopesSupported: MetadataJSON.strings(object["scopes_supported"]), source: source)
    }
}
