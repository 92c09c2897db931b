/// Cloudflare's remote MCP servers. Sources: reference/mcp-client-requirements.md §D.2 (D-C-01 … D-C-08).
/// Each host is its own authorization server (workers-oauth-provider): authorize, token, register
/// and revoke all live on the MCP host itself.
enum Cloudflare {
    /// The documented `<service>.mcp.cloudflare.com` servers (README of cloudflare/mcp-server-cloudflare, commit 70ff690).
    static let services: [(name: String, display: String)] = [
        ("docs", "Documentation"), ("bindings", "Workers Bindings"), ("builds", "Workers Builds"),
        ("observability", "Observability"), ("containers", "Containers"), ("browser", "Browser Run"),
        ("logs", "Logpush"), ("ai-gateway", "AI Gateway"), ("autorag", "AutoRAG"), ("auditlogs", "Audit Logs"),
        ("dns-analytics", "DNS Analytics"), ("dex", "Digital Experience Monitoring"), ("casb", "Cloudflare One CASB"),
        ("radar", "Radar"), ("blog", "Blog"), ("demo-day", "Demo Day"), ("graphql", "GraphQL"), ("stack", "Stack")
    ]

    static let sources = [
        Fact(
            claim: "each service is https://<service>.mcp.cloudflare.com/mcp; /sse is now an alias of the same stateless Streamable HTTP handler",
            source: "cloudflare/mcp-server-cloudflare README (commit 70ff690) and oauth-router.ts", date: "2026-07-30"),
        Fact(
            claim: "each MCP host is its own OAuth authorization server: /oauth/authorize, /token, /register (open DCR); revocation at the token endpoint",
            source: "packages/mcp-common/src/oauth-router.ts; workers-oauth-provider 0.8.2 source", date: "2026-07-30"),
        Fact(
            claim: "edge certificates come from Let's Encrypt, Google Trust Services, SSL.com, Sectigo (backup certificates) and DigiCert (being removed)",
            source: "cloudflare-docs ssl/reference/certificate-authorities.mdx, ssl/edge-certificates/backup-certificates.mdx", date: "2026-08"),
        Fact(
            claim: "users revoke an MCP server's access in the dashboard: My Profile > Access Management (API tokens and authorized apps)",
            source: "Cloudflare dashboard documentation", date: "2026-11-21")
    ]

    static let entries: [EndpointEntry] =
        [
            entry(
                name: "cloudflare", display: "Cloudflare (Code Mode)", host: "mcp.cloudflare.com", paths: ["/mcp"],
                extra: Fact(claim: "the Code Mode server is https://mcp.cloudflare.com/mcp", source: "cloudflare/mcp README", date: "2026-07-30"))
        ]
        + services.map { service in
            entry(
                name: "cloudflare-\(service.name)", display: "Cloudflare \(service.display)", host: "\(service.name).mcp.cloudflare.com",
                paths: ["/mcp", "/sse"], extra: nil)
        }

    private static func entry(name: String, display: String, host: String, paths: [String], extra: Fact?) -> EndpointEntry {
        EndpointEntry(
            name: name, displayName: display, url: "https://\(host)/mcp", paths: paths,
            transport: "streamable-http", mcpHosts: [host],
            authorizationHosts: [host], registrationHosts: [host], tokenHosts: [host], revocationHosts: [host],
            pins: RootCAs.cloudflareEdge, revokeGrantAt: "https://dash.cloudflare.com/profile/api-tokens",
            domains: ["cloudflare.com"], facts: sources + (extra.map { [$0] } ?? [])
        )
    }
}
