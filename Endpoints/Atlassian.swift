/// Atlassian Rovo MCP Server. Sources: reference/mcp-client-requirements.md §D.1 (D-A-01 … D-A-13).
enum Atlassian {
    static let entries: [EndpointEntry] = [
        EndpointEntry(
            name: "atlassian",
            displayName: "Atlassian Rovo MCP Server",
            url: "https://mcp.atlassian.com/v1/mcp/authv2",
            paths: ["/v1/mcp/authv2", "/v1/mcp", "/v2/mcp", "/v1/sse"],
            transport: "streamable-http (legacy sse at /v1/sse)",
            mcpHosts: ["mcp.atlassian.com"],
            // authv2: auth.atlassian.com (path issuer); legacy: mcp.atlassian.com/v1/authorize, cf.mcp.atlassian.com for token and registration.
            authorizationHosts: ["auth.atlassian.com", "mcp.atlassian.com"],
            registrationHosts: ["auth.atlassian.com", "mcp.atlassian.com", "cf.mcp.atlassian.com"],
            tokenHosts: ["auth.atlassian.com", "mcp.atlassian.com", "cf.mcp.atlassian.com"],
            revocationHosts: ["auth.atlassian.com"],
            pins: RootCAs.atlassian,
            revokeGrantAt: "https://id.atlassian.com/manage-profile/apps",
            domains: ["atlassian.com"],
            facts: [
                Fact(
                    claim: "MCP endpoints /v1/mcp, /v1/mcp/authv2 (recommended for custom clients) and the legacy /v1/sse on mcp.atlassian.com",
                    source: "support.atlassian.com \"Use Rovo MCP with other supported MCP clients\"; atlassian/atlassian-mcp-server README (commit 94a3043)",
                    date: "2026-07-27"),
                Fact(
                    claim: "/v2/mcp is used by many clients, with protected resource metadata at /.well-known/oauth-protected-resource/v2/mcp",
                    source: "third-party reports: copilot-cli #4901, atlassian-mcp-server #246", date: "2026-09"),
                Fact(
                    claim:
                        "authv2 authorization server is https://auth.atlassian.com/<id> (path issuer); revocation at https://auth.atlassian.com/oauth/revoke",
                    source: "third-party measurements (reference D-A-06); verify live", date: "2026-09-08"),
                Fact(
                    claim: "the legacy authorization server used mcp.atlassian.com/v1/authorize with token and registration on cf.mcp.atlassian.com",
                    source: "third-party code and issue reports (reference D-A-04)", date: "2026-09"),
                Fact(
                    claim: "CAA on atlassian.com allows amazon.com, digicert.com, globalsign.com; wildcards globalsign.com, letsencrypt.org, pki.goog",
                    source: "third-party DNS probe api-evangelist/acceptance-criteria (reference D-A-13)", date: "2026-07-11"),
                Fact(
                    claim:
                        "mcp.atlassian.com may be fronted by Cloudflare (its legacy authorization server ran on Cloudflare Workers), so Cloudflare's edge CAs are pinned too",
                    source: "inference from reference D-A-04 and D-A-13", date: "2026-11-21"),
                Fact(
                    claim: "users revoke connected apps at id.atlassian.com, Profile > Connected apps",
                    source: "Atlassian account documentation (manage-profile/apps)", date: "2026-11-21")
            ]
        )
    ]
}
