// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives

/// What a vault entry is for (issue 13 "A grant belongs to the server it was issued for"): the MCP
/// server URL that obtained it, the protected resource (RFC 8707) its tokens are for, and the
/// authorization server that issued them (MCP 2026-07-28 "Authorization Server Binding"). An empty
/// issuer marks an entry imported from `mcp-remote`, bound to the issuer found at its first use.
/// An empty server marks an entry written before servers were part of the key (read, then moved
/// to its full key on first use).
public struct EntryKey: Sendable, Hashable, CustomStringConvertible {
    public let server: String
    public let resource: String
    public let issuer: String
    /// When `server` or `resource` are shown with query credentials redacted: a digest of the full
    /// URLs, so two servers that differ only in such a value have two entries. Empty otherwise.
    public let variant: String

    public init(server: String, resource: String, issuer: String, variant: String = "") {
        self.server = server
        self.resource = resource
        self.issuer = issuer
        self.variant = variant
    }

    /// The entry's file name stem: a digest, so the name reveals nothing and has no path syntax.
    public var fileStem: String {
        // Length-prefixed, so no two keys hash the same input. Keys without a server keep the
        // digest they had before servers were part of the key, so such files stay readable.
        var input = Array("\(resource.utf8.count):".utf8) + Array(resource.utf8) + Array(issuer.utf8)
        if !server.isEmpty { input = Array("server \(server.utf8.count):".utf8) + Array(server.utf8) + Array("\(issuer.utf8.count):".utf8) + input }
        if !variant.isEmpty { input = Array("variant \(variant):".utf8) + input }
        return "entry-" + String(Digest.sha256Hex(input).prefix(40))
    }

    public var description: String {
        let base = server.isEmpty || server == resource ? resource : "\(server) (resource \(resource))"
        return issuer.isEmpty ? base : "\(base) (issuer \(issuer))"
    }
}
