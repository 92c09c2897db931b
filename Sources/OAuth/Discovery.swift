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
        let response = try await http.get(url, role: .serverMetadata, headers: [("MCP-Protocol-Version", "2025-03-26")])
        let server: VerifiedServerMetadata
        switch response.status {
        case 200:
            // That revision's documents name the origin, with or without a trailing slash.
            let claimed = (try? MetadataJSON.object(response.body, what: "", source: url))?["issuer"]?.stringValue
            server = try VerifiedServerMetadata.verify(response.body, source: url, issuer: claimed == origin + "/" ? origin + "/" : origin)
        case 400 ..< 500:
            server = VerifiedServerMetadata.defaults(forOrigin: origin)
        default:
            throw OAuthError(.unavailable, "\(url) answered HTTP \(response.status)")
        }
        try checkEndpoints(server)
        return DiscoveredAuthorization(resourceMetadata: nil, server: server, resource: resourceOverride ?? serverURL)
    }

    /// The header's `resource_metadata` first, then the well-known locations in the spec's order.
    /// Any 4xx means "not here" (reference E-01); a document that fails RFC 9728 §3.3 stops discovery.
    func resourceMetadata(serverURL: String, challenge: BearerChallenge?) async throws(OAuthError) -> VerifiedResourceMetadata? {
        var candidates = WellKnown.protectedResourceCandidates(for: serverURL)
        if let fromHeader = challenge?.resourceMetadata {
            candidates.removeAll { $0 == fromHeader }
            candidates.insert(fromHeader, at: 0)
        }
        for url in candidates {
            let response = try await http.get(url, role: .resourceMetadata)
            switch response.status {
            case 200:
                let verified = try VerifiedResourceMetadata.verify(response.body, source: url, serverURL: serverURL)
                log("protected resource metadata: \(url)")
                return verified
            case 400 ..< 500:
                log("no protected resource metadata at \(url) (HTTP \(response.status))")
            default:
                throw OAuthError(.unavailable, "\(url) answered HTTP \(response.status)")
            }
        }
        return nil
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
        for candidate in candidates {
            let response = try await http.get(candidate.url, role: .serverMetadata)
            switch response.status {
            case 200:
                let verified = try VerifiedServerMetadata.verify(response.body, source: candidate.url, issuer: issuer)
                log("authorization server metadata: \(candidate.url)")
                return verified
            case 400 ..< 500:
                log("no authorization server metadata at \(candidate.url) (HTTP \(response.status))")
            default:
                throw OAuthError(.unavailable, "\(candidate.url) answered HTTP \(response.status)")
            }
        }
        throw OAuthError(.discovery, "the authorization server \(issuer) publishes no metadata (tried \(candidates.map(\.url).joined(separator: ", ")))")
    }

    /// Every endpoint the flow will use passes the endpoint's host policy before any is contacted.
    func checkEndpoints(_ server: VerifiedServerMetadata) throws(OAuthError) {
        try http.hosts.check(server.authorizationEndpoint, role: .authorization)
        try http.hosts.check(server.tokenEndpoint, role: .token)
        if let registration = server.registrationEndpoint { try http.hosts.check(registration, role: .registration) }
        if let revocation = server.revocationEndpoint { try http.hosts.check(revocation, role: .revocation) }
    }
}
