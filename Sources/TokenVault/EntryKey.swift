/// What a vault entry is for: the protected resource (RFC 8707) and the authorization server that
/// issued its tokens (MCP 2026-07-28 "Authorization Server Binding"). An empty issuer marks an
/// entry imported from `mcp-remote`, bound to the issuer found at its first use.
public struct EntryKey: Sendable, Hashable, CustomStringConvertible {
    public let resource: String
    public let issuer: String

    public init(resource: String, issuer: String) {
        self.resource = resource
        self.issuer = issuer
    }

    /// The entry's file name stem: a digest, so the name reveals nothing and has no path syntax.
    public var fileStem: String {
        // Length-prefixed, so no two (resource, issuer) pairs hash the same input.
        "entry-" + String(VaultRandom.sha256Hex(Array("\(resource.utf8.count):".utf8) + Array(resource.utf8) + Array(issuer.utf8)).prefix(40))
    }

    public var description: String { issuer.isEmpty ? resource : "\(resource) (issuer \(issuer))" }
}
