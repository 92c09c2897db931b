// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

@testable import OAuth
@testable import PinnedHTTP

/// OAuth metadata documents, fetched from servers the user may not control: protected resource
/// metadata (RFC 9728) and authorization server metadata (RFC 8414, OIDC Discovery).
enum MetadataTargets {
    static let serverURLs = [
        "https://mcp.example.com/mcp", "http://127.0.0.1:8000/sse", "https://mcp.atlassian.com/v1/mcp/authv2", "https://docs.mcp.cloudflare.com/mcp"
    ]
    /// The Python SDK's issuer (with the trailing slash pydantic adds), a path issuer, Atlassian's shape, Cloudflare's.
    static let issuers = [
        "https://as.example.com/", "https://as.example.com/tenant/v2.0", "https://auth.atlassian.com/a1b2c3d4", "https://docs.mcp.cloudflare.com"
    ]

    /// Invariants of an accepted document (RFC 9728 §3.3 as relaxed by `covers`): its resource is
    /// on the server's origin and covers the server URL, it names an authorization server, its
    /// scopes are valid scope-tokens; agreement: the vault's encoding of it decodes to the same
    /// value. Input: byte 0 picks the server URL, the rest is the document.
    static let resource = FuzzTarget(name: "resource-metadata", checks: "accepted ⇒ same origin, covers the server URL, vault encode/decode round trip") {
        bytes in
        var input = FuzzInput(bytes)
        let serverURL = serverURLs[Int(input.byte()) % serverURLs.count]
        guard let metadata = try? VerifiedResourceMetadata.verify(input.rest(), source: "fuzz", serverURL: serverURL) else { return }
        require(VerifiedResourceMetadata.covers(resource: metadata.resource, serverURL: serverURL), "accepted a resource that does not cover the server")
        require(RequestTarget(metadata.resource)?.origin == RequestTarget(serverURL)?.origin, "accepted a resource on another origin")
        require(!metadata.authorizationServers.isEmpty, "accepted a document without authorization servers")
        require(metadata.scopesSupported?.allSatisfy(ScopeToken.isValid) ?? true, "kept an invalid scope token")
        require(StoredGrant.decodeResource(StoredGrant.encode(metadata)) == metadata, "the vault's encoding changes the resource metadata")
    }

    /// Invariants of an accepted document: the issuer is the one asked for (RFC 8414 §3.3), S256 is
    /// offered (MCP "Authorization Code Protection"), the endpoints are http(s) URLs; agreement:
    /// the vault's encoding decodes to the same value. Input: byte 0 picks the issuer.
    static let server = FuzzTarget(name: "server-metadata", checks: "accepted ⇒ issuer identical, S256 offered, http(s) endpoints, vault round trip") { bytes in
        var input = FuzzInput(bytes)
        let issuer = issuers[Int(input.byte()) % issuers.count]
        let body = input.rest()
        guard let metadata = try? VerifiedServerMetadata.verify(body, source: "fuzz", issuer: issuer) else { return }
        require(metadata.issuer == issuer, "accepted metadata for another issuer")
        let document = try? MetadataJSON.object(body, what: "fuzz", source: "fuzz")
        require(MetadataJSON.strings(document?["code_challenge_methods_supported"])?.contains("S256") == true, "accepted a server without S256")
        for endpoint in [metadata.authorizationEndpoint, metadata.tokenEndpoint]
            + [metadata.registrationEndpoint, metadata.revocationEndpoint].compactMap({ $0 })
        {
            require(WellKnown.split(endpoint) != nil, "accepted an endpoint that is not an http(s) URL")
        }
        require(StoredGrant.decodeServer(StoredGrant.encode(metadata)) == metadata, "the vault's encoding changes the server metadata")
    }
}
