// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Deprecations and removals: what the providers took away or are taking away, and the one line
/// a person reads about it. Pure: the commands decide where the line goes and what it costs.
extension EndpointRegistry {
    /// Servers and paths the providers removed, in a stable order.
    public static let removed: [RemovedEndpoint] = Atlassian.removed + Cloudflare.removed

    /// The removed entry that had this short name.
    public static func removed(named name: String) -> RemovedEndpoint? {
        removed.first { $0.formerName != nil && $0.formerName == name.lowercased() }
    }

    /// The removed server or path this URL names, compared like `entry(matching:)`: `https`, the
    /// exact host, port 443, the exact path (a trailing slash tolerated), no query or fragment.
    public static func removed(matching url: String) -> RemovedEndpoint? {
        guard let parts = URLParts(url) else { return nil }
        return removed.first { $0.host == parts.host && $0.path == parts.path }
    }

    /// The deprecation that applies when `url` is used for `entry`: the whole server's, else its path's.
    public static func deprecation(of entry: EndpointEntry, at url: String) -> Deprecation? {
        if let whole = entry.deprecation { return whole }
        guard let parts = URLParts(url), entry.mcpHosts.contains(parts.host) else { return nil }
        return entry.deprecatedPaths[parts.path]
    }

    /// `cloudflare (https://mcp.cloudflare.com/mcp)` for a registry name, the URL itself otherwise.
    public static func describe(_ useInstead: String) -> String {
        entry(named: useInstead).map { "\($0.name) (\($0.url))" } ?? useInstead
    }
}

/// The words of the registry's warnings and refusals: one line each, lowercase, no trailing
/// period, the source and its date named so a reader can check them.
public enum RegistryNotice {
    /// `SUBJECT is deprecated: REASON; use X instead (SOURCE, DATE)`.
    public static func deprecated(_ subject: String, _ deprecation: Deprecation) -> String {
        "\(subject) is deprecated: \(deprecation.reason); use \(EndpointRegistry.describe(deprecation.useInstead)) instead \(cited(deprecation.fact))"
    }

    /// The refusal of a removed server or path: a message, and a hint saying what to use instead.
    public static func removed(_ gone: RemovedEndpoint) -> (message: String, hint: String) {
        let subject = gone.formerName.map { "\($0) (\(gone.url))" } ?? gone.url
        return (
            "\(subject) was removed by its provider and \(gone.outcome) \(cited(gone.fact))",
            "use \(EndpointRegistry.describe(gone.useInstead)) instead; mcp-warden logout \(gone.url) deletes an authorization stored for the old one"
        )
    }

    /// The refusal of the legacy HTTP+SSE transport on an entry whose provider no longer serves it.
    public static func legacySSEGone(_ entry: EndpointEntry, _ fact: Fact) -> (message: String, hint: String) {
        (
            "\(entry.displayName) no longer serves the legacy HTTP+SSE transport: \(fact.claim) \(cited(fact))",
            "leave --transport at auto (or http): \(entry.name) speaks Streamable HTTP"
        )
    }

    static func cited(_ fact: Fact) -> String {
        "(\(fact.source), \(fact.date)\(fact.evidence == .provider ? "" : ", \(fact.evidence.rawValue)"))"
    }
}
