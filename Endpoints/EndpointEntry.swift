/// One official endpoint: where it lives, what mcp-warden may talk to on its behalf, which
/// certificate authorities may sign for it, and where every fact comes from.
public struct EndpointEntry: Sendable, Hashable {
    /// Short name used on the command line (`atlassian`, `cloudflare-docs`, …).
    public let name: String
    /// What a person calls it.
    public let displayName: String
    /// The URL used when the entry is named on the command line.
    public let url: String
    /// The MCP paths on `mcpHosts` that belong to this entry, with the transport each speaks.
    public let paths: [String]
    public let transport: String
    /// Hosts allowed for MCP requests.
    public let mcpHosts: [String]
    /// Hosts allowed for OAuth: authorization server metadata and authorize, registration, token, revocation.
    public let authorizationHosts: [String]
    public let registrationHosts: [String]
    public let tokenHosts: [String]
    public let revocationHosts: [String]
    /// Root CAs whose keys may appear in the verified chain of every host above.
    public let pins: [RootPin]
    /// Where the user revokes the grant in the provider's own interface.
    public let revokeGrantAt: String
    /// The provider's domains: no host of the entry may lie outside them.
    public let domains: [String]
    /// The evidence behind the entry.
    public let facts: [Fact]

    /// Every host mcp-warden may contact for this entry.
    public var allHosts: Set<String> {
        Set(mcpHosts + authorizationHosts + registrationHosts + tokenHosts + revocationHosts)
    }
}

/// A pinned root: the SHA-256 of its SubjectPublicKeyInfo, and the Debian ca-certificates file it comes from.
public struct RootPin: Sendable, Hashable {
    /// The certificate authority, as its owner names it.
    public let authority: String
    /// The file under /etc/ssl/certs (Debian `ca-certificates`) the pin is derived from.
    public let certificateFile: String
    /// `sha256/BASE64`.
    public let spki: String
}

/// One fact of an entry with its source and the date it was read.
public struct Fact: Sendable, Hashable {
    public let claim: String
    public let source: String
    public let date: String
}
