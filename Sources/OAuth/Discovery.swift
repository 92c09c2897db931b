// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Where to authorize for one MCP server: its protected resource metadata (when it has any) and
/// the verified metadata of the authorization server it names.
public struct DiscoveredAuthorization: Sendable, Equatable {
    public let resourceMetadata: VerifiedResourceMetadata?
    public let server: VerifiedServerMetadata
    /// The RFC 8707 `resource` for authorization and token requests.
    public let resource: String
}

/// MCP authorization "Authorization Server Discovery" (2025-11-25 / 2026-07-28), with the
/// 2025-03-26 origin fallback for servers that publish no protected resource metadata.
struct Discovery {
    let http: OAuthHTTP
    let log: @Sendable (String) -> Void

    func run(serverURL: String, challenge: BearerChallenge?, resourceOverride: String?) async throws(OAuthError) -> DiscoveredAuthorization {
        if let resourceMetadata = try await resourceMetadata(serverURL: serverURL, challenge: challenge) {
            let issuer = try await chooseIssuer(resourceMetadata)
            let server = try await serverMetadata(issuer: issuer)
            try checkEndpoints(server)
            return DiscoveredAuthorization(resourceMetadata: resourceMetadata, server: server, resource: resourceOverride ?? resourceMetadata.resource)
        }
        // MCP 2025-03-26: the MCP server's origin is the authorization server.
        guard let origin = WellKnown.split(serverURL)?.origin, let url = WellKnown.legacyAuthorizationServer(for: serverURL) else {
            throw OAuthError(.discovery, "\(serverURL) is not an http(s) URL")
        }
        log("no protected resource metadata; trying the 2025-03-26 metadata at \(url)")
        try http.hosts.admit(issuer: origin)
        // That revision's documents name the origin, with or without a trailing slash; without
        // a document (4xx), its default endpoints apply.
        let server =
            try await firstDocument([url], role: .serverMetadata, headers: [("MCP-Protocol-Version", "2025-03-26")]) { body, source throws(OAuthError) in
                let document = try MetadataJSON.object(body, what: "authorization server metadata", source: source)
                let issuer = document["issuer"]?.stringValue == origin + "/" ? origin + "/" : origin
                return try VerifiedServerMetadata.verify(document, source: source, issuer: issuer)
            } ?? VerifiedServerMetadata.defaults(forOrigin: origin)
        try checkEndpoints(server)
        return DiscoveredAuthorization(resourceMetadata: nil, server: server, resource: resourceOverride ?? serverURL)
    }

    /// The header's `resource_metadata` first, then the well-known locations in the spec's order.
    /// A document that fails RFC 9728 §3.3 stops discovery.
    func resourceMetadata(serverURL: String, challenge: BearerChallenge?) async throws(OAuthError) -> VerifiedResourceMetadata? {
        var candidates = WellKnown.protectedResourceCandidates(for: serverURL)
        if let fromHeader = challenge?.resourceMetadata {
            candidates.removeAll { $0 == fromHeader }
            candidates.insert(fromHeader, at: 0)
        }
        return try await firstDocument(candidates, role: .resourceMetadata) { body, url throws(OAuthError) in
            try VerifiedResourceMetadata.verify(body, source: url, serverURL: serverURL)
        }
    }

    /// RFC 9728 §7.6 leaves the choice to the client: the first listed server this endpoint may use.
    func chooseIssuer(_ metadata: VerifiedResourceMetadata) async throws(OAuthError) -> String {
        var firstError: OAuthError?
        for issuer in metadata.authorizationServers {
            do {
                try http.hosts.admit(issuer: issuer)
                return issuer
            } catch {
                if error.code == .issuerChanged { throw error }
                firstError = firstError ?? error
            }
        }
        throw firstError ?? OAuthError(.discovery, "\(metadata.source) names no usable authorization server")
    }

    /// The metadata locations in the spec's order, each document checked against the issuer.
    func serverMetadata(issuer: String) async throws(OAuthError) -> VerifiedServerMetadata {
        let candidates = WellKnown.authorizationServerCandidates(for: issuer)
        guard !candidates.isEmpty else { throw OAuthError(.invalidMetadata, "the issuer \(MetadataJSON.shown(issuer)) is not an http(s) URL") }
        let verified = try await firstDocument(candidates, role: .serverMetadata) { body, url throws(OAuthError) in
            try VerifiedServerMetadata.verify(body, source: url, issuer: issuer)
        }
        guard let verified else {
            throw OAuthError(.discovery, "the authorization server \(issuer) publishes no metadata (tried \(candidates.joined(separator: ", ")))")
        }
        return verified
    }

    /// GETs the candidates in order and returns the first document that answers 200, verified.
    /// Any 4xx means "not here" (reference E-01); a 5xx, or a document that fails `verify`,
    /// stops discovery.
    func firstDocument<Document>(
        _ candidates: [String], role: AuthorizationHosts.Role, headers: [(name: String, value: String)] = [],
        verify: ([UInt8], String) throws(OAuthError) -> Document
    ) async throws(OAuthError) -> Document? {
        for url in candidates {
            let response = try await http.get(url, role: role, headers: headers)
            switch response.status {
            case 200:
                let verified = try verify(response.body, url)
                log("\(role.rawValue): \(url)")
                return verified
            case 400..<500:
                log("no \(role.rawValue) at \(url) (HTTP \(response.status))")
            default:
                throw OAuthError(.unavailable, "\(url) answered HTTP \(response.status)")
            }
        }
        return nil
    }

    /// Every endpoint the flow will use passes the endpoint's host policy before any is contacted.
    func checkEndpoints(_ server: VerifiedServerMetadata) throws(OAuthError) {
        try http.hosts.check(server.authorizationEndpoint, role: .authorization)
        try http.hosts.check(server.tokenEndpoint, role: .token)
        if let registration = server.registrationEndpoint { try http.hosts.check(registration, role: .registration) }
        if let revocation = server.revocationEndpoint { try http.hosts.check(revocation, role: .revocation) }
    }
}
