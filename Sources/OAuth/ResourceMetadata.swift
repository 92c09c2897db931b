// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP

/// Protected resource metadata (RFC 9728 §2) that passed the §3.3 check.
public struct VerifiedResourceMetadata: Sendable, Equatable {
    /// The `resource` value, verbatim: it is what authorization and token requests send (RFC 8707;
    /// no URL round trip that could add a trailing slash, see the reference's E-03).
    public let resource: String
    public let authorizationServers: [String]
    public let scopesSupported: [String]?
    /// Where the document was read.
    public let source: String

    /// Validates a document for the MCP server at `serverURL`.
    ///
    /// RFC 9728 §3.3 asks `resource` to equal the URL the client requested. Deployed servers
    /// (the MCP SDKs' own, Cloudflare's provider) publish one document per origin for several
    /// paths, and both official SDKs accept a `resource` that is the same origin with a path that
    /// is a prefix of the request's at a segment boundary (the relaxation proposed by
    /// draft-mcguinness-oauth-rfc9728bis). mcp-warden accepts exactly that and nothing wider.
    static func verify(_ body: [UInt8], source: String, serverURL: String) throws(OAuthError) -> VerifiedResourceMetadata {
        let document = try MetadataJSON.object(body, what: "protected resource metadata", source: source)
        guard let resource = document["resource"]?.stringValue, !resource.isEmpty else {
            throw OAuthError(.invalidMetadata, "the protected resource metadata at \(source) has no resource")
        }
        guard covers(resource: resource, serverURL: serverURL) else {
            throw OAuthError(
                .invalidMetadata, "the protected resource metadata at \(source) is for \(MetadataJSON.shown(resource)), not for \(serverURL)",
                hint: "RFC 9728 §3.3 forbids using it: the server is misconfigured or someone is impersonating it")
        }
        guard let servers = document["authorization_servers"]?.arrayValue?.compactMap(\.stringValue), !servers.isEmpty else {
            throw OAuthError(.invalidMetadata, "the protected resource metadata at \(source) names no authorization server")
        }
        return VerifiedResourceMetadata(
            resource: resource, authorizationServers: servers,
            scopesSupported: MetadataJSON.scopes(document["scopes_supported"]), source: source)
    }

    /// Same origin, and the resource's path is the server URL's path or a parent of it.
    static func covers(resource: String, serverURL: String) -> Bool {
        guard let claimed = WellKnown.split(resource), let used = WellKnown.split(serverURL) else { return false }
        guard let claimedOrigin = RequestTarget(resource)?.origin, claimedOrigin == RequestTarget(serverURL)?.origin,
            !resource.contains("#")
        else { return false }
        if let query = claimed.query, query != used.query { return false }
        let claimedPath = WellKnown.trimmedPath(claimed.path)
        let usedPath = used.path
        return claimedPath.isEmpty || usedPath == claimedPath || usedPath == claimedPath + "/" || usedPath.hasPrefix(claimedPath + "/")
    }
}
