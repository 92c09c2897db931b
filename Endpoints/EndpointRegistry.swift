/// The reviewed registry of official remote MCP endpoints (one file per provider).
///
/// The entries, their allowed hosts and TLS pins arrive with the TLS issue; until then
/// the registry is empty and every server is "unlisted".
public enum EndpointRegistry {
    /// Every official entry, in a stable order.
    public static let entries: [EndpointEntry] = []
}

/// One official endpoint: where it lives and what mcp-warden may talk to on its behalf.
public struct EndpointEntry: Sendable, Hashable {
    /// Short name used on the command line (`atlassian`, `cloudflare-docs`, …).
    public let name: String
    /// What a person calls it.
    public let displayName: String
    /// The MCP server URL (https).
    public let url: String

    public init(name: String, displayName: String, url: String) {
        self.name = name
        self.displayName = displayName
        self.url = url
    }
}
