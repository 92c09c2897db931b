// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Well-known metadata locations, built exactly as the specifications say.
enum WellKnown {
    /// `scheme://authority`, the path (without query or fragment) and the query of an absolute URL.
    struct Parts: Equatable {
        let origin: String
        let path: String
        let query: String?
    }

    static func split(_ url: String) -> Parts? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty else { return nil }
        var pathAndQuery = rest[authorityEnd...]
        var query: String?
        if let mark = pathAndQuery.firstIndex(of: "?") {
            query = String(pathAndQuery[pathAndQuery.index(after: mark)...])
            pathAndQuery = pathAndQuery[..<mark]
        }
        return Parts(origin: "\(scheme)://\(authority)", path: String(pathAndQuery), query: query)
    }

    /// RFC 9728 §3.1 with MCP authorization "Protected Resource Metadata Discovery Requirements":
    /// the path-inserted location first (when the server URL has a path), then the root one.
    static func protectedResourceCandidates(for serverURL: String) -> [String] {
        guard let parts = split(serverURL) else { return [] }
        let root = parts.origin + "/.well-known/oauth-protected-resource"
        let path = trimmedPath(parts.path)
        guard !path.isEmpty else { return [root] }
        return [root + path + (parts.query.map { "?" + $0 } ?? ""), root]
    }

    /// MCP authorization "Authorization Server Metadata Discovery": RFC 8414 §3.1 then OpenID
    /// Connect Discovery, in the spec's order, always built from the issuer (never the MCP host).
    static func authorizationServerCandidates(for issuer: String) -> [String] {
        guard let parts = split(issuer) else { return [] }
        let path = trimmedPath(parts.path)
        if path.isEmpty {
            return [parts.origin + "/.well-known/oauth-authorization-server", parts.origin + "/.well-known/openid-configuration"]
        }
        return [
            parts.origin + "/.well-known/oauth-authorization-server" + path,
            parts.origin + "/.well-known/openid-configuration" + path,
            parts.origin + path + "/.well-known/openid-configuration"
        ]
    }

    /// MCP 2025-03-26 "Server Metadata Discovery": the origin's RFC 8414 document, path discarded.
    static func legacyAuthorizationServer(for serverURL: String) -> String? {
        split(serverURL).map { $0.origin + "/.well-known/oauth-authorization-server" }
    }

    /// The path without its terminating "/" (RFC 8414 §3.1, RFC 9728 §3.1).
    static func trimmedPath(_ path: String) -> String {
        var path = Substring(path)
        while path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }
}
