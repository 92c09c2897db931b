// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Cloudflare's remote MCP servers. Sources: cloudflare/mcp-server-cloudflare, cloudflare/mcp,
/// cloudflare/workers-oauth-provider, and reference/mcp-client-requirements.md §D.2 (D-C-01 …
/// D-C-08); re-checked for the update of 2026-12 (reference/peers-and-providers-2026-12.md §c).
/// Each host is its own authorization server (workers-oauth-provider): authorize, token,
/// register and revoke all live on the MCP host itself.
enum Cloudflare {
    static let readme = "cloudflare/mcp-server-cloudflare@002c7dff:README.md"
    /// The README at 002c7dff already has the Code Mode row added by PR #467 (2026-08-31).
    static let readmeDate = "on or after 2026-08-31"

    /// The `<service>.mcp.cloudflare.com` servers: those the README lists, then `stack`, which
    /// only its own app README documents.
    static let services: [(name: String, display: String)] = [
        ("docs", "Documentation"), ("bindings", "Workers Bindings"), ("builds", "Workers Builds"),
        ("observability", "Observability"), ("containers", "Containers"), ("browser", "Browser Run"),
        ("dex", "Digital Experience Monitoring"), ("casb", "Cloudflare One CASB"), ("blog", "Blog"), ("demo-day", "Demo Day"),
        ("ai-gateway", "AI Gateway"), ("auditlogs", "Audit Logs"), ("autorag", "AutoRAG"), ("dns-analytics", "DNS Analytics"),
        ("graphql", "GraphQL"), ("logs", "Logpush"), ("radar", "Radar"), ("stack", "Developer Stack")
    ]

    /// Where each deprecated service was first declared deprecated by Cloudflare.
    static let deprecatedServices: [String: Fact] = [
        "autorag": deprecatedBy("cloudflare/mcp-server-cloudflare@17a9785:apps/autorag/README.md (PR #354)", "2026-04-21"),
        "radar": deprecatedBy("cloudflare/mcp-server-cloudflare@5cd9487:apps/radar/README.md (PR #375)", "2026-05-28"),
        "graphql": deprecatedBy("cloudflare/mcp-server-cloudflare@5ff4529:apps/graphql/README.md (PR #430)", "2026-07-30"),
        "ai-gateway": deprecatedBy("cloudflare/mcp-server-cloudflare@055dc14b:apps/ai-gateway/CHANGELOG.md 0.2.6 (change 002c7df)", readmeDate),
        "auditlogs": deprecatedBy(readme + " (\"Deprecated servers\")", readmeDate),
        "dns-analytics": deprecatedBy(readme + " (\"Deprecated servers\")", readmeDate),
        "logs": deprecatedBy(readme + " (\"Deprecated servers\")", readmeDate)
    ]

    static func deprecatedBy(_ source: String, _ date: String) -> Fact {
        Fact(claim: "deprecated in favour of the Code Mode server https://mcp.cloudflare.com/mcp", source: source, date: date, evidence: .provider)
    }

    static let sseGone = Fact(
        claim: "a legacy HTTP+SSE GET /sse answers 410 Gone with a Problem Details body naming /mcp; Streamable HTTP POST still works on /sse and /mcp",
        source: "https://github.com/cloudflare/mcp-server-cloudflare/pull/447 (mcp-common 0.20.10, change b9e6d76)", date: "2026-08-11",
        evidence: .provider)

    static let sources = [
        Fact(
            claim:
                "Cloudflare lists docs, bindings, builds, observability, containers, browser, dex, casb, blog and demo-day, recommends the Code Mode server, and lists ai-gateway, auditlogs, autorag, dns-analytics, graphql, logs and radar as deprecated",
            source: readme, date: readmeDate, evidence: .provider),
        Fact(
            claim:
                "each service is https://<service>.mcp.cloudflare.com/mcp; /sse is an alias of the same stateless Streamable HTTP handler, not the HTTP+SSE transport",
            source: readme + "; cloudflare/mcp-server-cloudflare@70ff690:packages/mcp-common/CHANGELOG.md 0.20.7", date: "2026-07-28", evidence: .provider),
        sseGone,
        Fact(
            claim: "each MCP host is its own OAuth authorization server: /oauth/authorize, /token, /register (open DCR); revocation at the token endpoint",
            source: "packages/mcp-common/src/oauth-router.ts; workers-oauth-provider source", date: "2026-07-30", evidence: .provider),
        Fact(
            claim:
                "the services run workers-oauth-provider 0.10.1; from 0.9.0 it advertises and accepts PKCE S256 only and adds iss to authorization responses (RFC 9207)",
            source:
                "cloudflare/mcp-server-cloudflare@03ac4f97:packages/mcp-common/CHANGELOG.md 0.20.9; cloudflare/workers-oauth-provider@742e222:CHANGELOG.md 0.9.0",
            date: "2026-08-20", evidence: .provider),
        Fact(
            claim: "edge certificates come from Let's Encrypt, Google Trust Services, SSL.com, Sectigo (backup certificates) and DigiCert (being removed)",
            source: "cloudflare-docs ssl/reference/certificate-authorities.mdx, ssl/edge-certificates/backup-certificates.mdx", date: "2026-08",
            evidence: .provider),
        Fact(
            claim: "users revoke an MCP server's access in the dashboard: My Profile > Access Management (API tokens and authorized apps)",
            source: "Cloudflare dashboard documentation; not re-verified in 2026-12", date: "2026-11-21", evidence: .reported)
    ]

    static let codeMode: [Fact] = [
        Fact(
            claim: "the Code Mode server is https://mcp.cloudflare.com/mcp, the server Cloudflare recommends", source: readme, date: readmeDate,
            evidence: .provider),
        Fact(
            claim: "mcp.cloudflare.com depends on workers-oauth-provider ^1.2.0", source: "cloudflare/mcp@004bcc68:package.json", date: "read 2026-12-06",
            evidence: .provider),
        Fact(
            claim: "a refresh while another is in flight gets 429 temporarily_unavailable with Retry-After: 30; a terminal refresh failure is replayed for 1 h",
            source: "cloudflare/mcp@012057d85d85:src/auth/oauth-handler.ts", date: "read 2026-12-06", evidence: .provider),
        Fact(
            claim: "authorize rejects the scopes openid email profile with invalid_scope (the service hosts accept them)",
            source: "https://github.com/cloudflare/mcp-server-cloudflare/issues/457", date: "2026-08-20", evidence: .reported)
    ]

    static let stack = Fact(
        claim:
            "stack.mcp.cloudflare.com (public documentation search, no OAuth) is documented and released in its own app (stack-mcp 0.1.6), but not listed in the root README",
        source: "cloudflare/mcp-server-cloudflare@d110d419:apps/stack-mcp/README.md; @055dc14b:apps/stack-mcp/CHANGELOG.md; " + readme, date: readmeDate,
        evidence: .provider)

    static let entries: [EndpointEntry] =
        [entry(name: "cloudflare", display: "Cloudflare (Code Mode)", host: "mcp.cloudflare.com", paths: ["/mcp"], extra: codeMode)]
        + services.map { service in
            let host = "\(service.name).mcp.cloudflare.com"
            var entry = entry(
                name: "cloudflare-\(service.name)", display: "Cloudflare \(service.display)", host: host, paths: ["/mcp", "/sse"],
                extra: service.name == "stack" ? [stack] : [])
            entry.deprecatedPaths["/sse"] = Deprecation(
                useInstead: "https://\(host)/mcp", reason: "Cloudflare keeps /sse only as a Streamable HTTP alias of /mcp", fact: sseGone)
            entry.legacySSEGone = sseGone
            entry.deprecation = deprecatedServices[service.name].map {
                Deprecation(
                    useInstead: "cloudflare", reason: "Cloudflare recommends its Code Mode server, which covers this API, and keeps this one working for now",
                    fact: $0)
            }
            return entry
        }

    /// No Cloudflare server or path has been removed: /sse still answers Streamable HTTP.
    static let removed: [RemovedEndpoint] = []

    private static func entry(name: String, display: String, host: String, paths: [String], extra: [Fact]) -> EndpointEntry {
        EndpointEntry(
            name: name, displayName: display, url: "https://\(host)/mcp", paths: paths,
            transport: "streamable-http", mcpHosts: [host],
            authorizationHosts: [host], registrationHosts: [host], tokenHosts: [host], revocationHosts: [host],
            pins: RootCAs.cloudflareEdge, revokeGrantAt: "https://dash.cloudflare.com/profile/api-tokens",
            domains: ["cloudflare.com"], facts: sources + extra
        )
    }
}
