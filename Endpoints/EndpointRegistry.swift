// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The reviewed registry of official remote MCP endpoints: data only, one file per provider,
/// reviewed like code. Pins are derived from Debian's ca-certificates by `derive-pins.sh` and
/// re-derived by the tests, so anyone can check them.
public enum EndpointRegistry {
    /// Every official entry, in a stable order.
    public static let entries: [EndpointEntry] = Atlassian.entries + Cloudflare.entries

    /// The entry with this short name (`atlassian`, `cloudflare-docs`, …).
    public static func entry(named name: String) -> EndpointEntry? {
        entries.first { $0.name == name.lowercased() }
    }

    /// The entry whose MCP URL this is: `https`, the exact host (no suffix or prefix games), the
    /// default port, and one of the entry's paths (a trailing slash is tolerated). Query strings
    /// and fragments are not part of any official URL and never match.
    public static func entry(matching url: String) -> EndpointEntry? {
        guard let parts = URLParts(url) else { return nil }
        return entries.first { entry in
            entry.mcpHosts.contains(parts.host) && entry.paths.contains(parts.path)
        }
    }
}

/// The parts of an https URL the registry compares, parsed strictly and without Foundation.
struct URLParts: Equatable {
    let host: String
    let path: String

    init?(_ url: String) {
        let prefix = "https://"
        guard url.count > prefix.count, url.lowercased().hasPrefix(prefix) else { return nil }
        let rest = url.dropFirst(prefix.count)
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@"), !rest.contains("\\") else { return nil }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash].lowercased()
        if authority.hasSuffix(":443") { authority.removeLast(4) }
        guard !authority.isEmpty, !authority.contains(":"), !authority.hasSuffix("."),
            authority.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })
        else { return nil }
        var path = String(rest[slash...])
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        host = authority
        self.path = path.isEmpty ? "/" : path
    }
}
