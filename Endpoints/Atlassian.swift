// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Atlassian Rovo MCP Server. Sources: the provider's repository atlassian/atlassian-mcp-server,
/// issue threads, and reference/mcp-client-requirements.md §D.1 (D-A-01 … D-A-13); re-checked
/// for the update of 2026-12 (reference/peers-and-providers-2026-12.md §c).
enum Atlassian {
    static let recommendsV2 = Fact(
        claim:
            "the recommended endpoint for every client is https://mcp.atlassian.com/v2/mcp; the v1 endpoints /v1/mcp/authv2 and /v1/mcp remain supported and serve v2 tools",
        source: "atlassian/atlassian-mcp-server@074e2813:README.md (\"How it works\"); PR #231 moved the plugins to v2",
        date: "on or after 2026-09-01", evidence: .provider)

    static let sseGone = Fact(
        claim: "POST https://mcp.atlassian.com/v1/sse answers 404 Not Found after the cut-over Atlassian announced for 30 June 2026",
        source: "https://github.com/NousResearch/hermes-agent/issues/91538", date: "2026-08-21", evidence: .reported)

    static let v1Superseded = Deprecation(
        useInstead: "atlassian", reason: "Atlassian recommends /v2/mcp for every client and keeps v1 supported for now", fact: recommendsV2)

    static let entries: [EndpointEntry] = [
        EndpointEntry(
            name: "atlassian",
            displayName: "Atlassian Rovo MCP Server",
            url: "https://mcp.atlassian.com/v2/mcp",
            paths: ["/v2/mcp", "/v1/mcp/authv2", "/v1/mcp"],
            transport: "streamable-http",
            mcpHosts: ["mcp.atlassian.com"],
            // v2 and authv2: a path issuer under auth.atlassian.com whose opaque id the protected
            // resource metadata gives (never written here); v1: mcp.atlassian.com/v1/authorize,
            // /v1/token and /v1/register, with cf.mcp.atlassian.com as its issuer and registration host.
            authorizationHosts: ["auth.atlassian.com", "mcp.atlassian.com"],
            registrationHosts: ["auth.atlassian.com", "mcp.atlassian.com", "cf.mcp.atlassian.com"],
            tokenHosts: ["auth.atlassian.com", "mcp.atlassian.com", "cf.mcp.atlassian.com"],
            revocationHosts: ["auth.atlassian.com"],
            pins: RootCAs.atlassian,
            revokeGrantAt: "https://id.atlassian.com/manage-profile/apps",
            domains: ["atlassian.com"],
            facts: [
                recommendsV2,
                Fact(
                    claim: "the MCP Registry entry com.atlassian/atlassian-mcp-server lists https://mcp.atlassian.com/v2/mcp (streamable-http)",
                    source: "https://github.com/atlassian/atlassian-mcp-server/pull/237 (server.json 1.1.4)", date: "2026-09-08", evidence: .provider),
                Fact(
                    claim:
                        "the legacy SSE remote https://mcp.atlassian.com/v1/sse was dropped from the MCP Registry entry; the README says it is no longer supported after 30 June 2026",
                    source: "atlassian/atlassian-mcp-server@f4d9804:server.json (PR #197); @074e2813:README.md", date: "2026-07-07",
                    evidence: .provider),
                sseGone,
                Fact(
                    claim:
                        "/v2/mcp registers clients at a path-scoped authorization server https://auth.atlassian.com/<opaque id> named by its protected resource metadata",
                    source: "https://github.com/QwenLM/qwen-code/issues/12165", date: "2026-09-18", evidence: .reported),
                Fact(
                    claim:
                        "/v1/mcp/authv2's protected resource metadata names https://auth.atlassian.com/<opaque id>, whose metadata states the issuer https://auth.atlassian.com (path dropped, against RFC 8414 §3.3); authorize at https://auth.atlassian.com/authorize",
                    source: "https://github.com/atlassian/atlassian-mcp-server/issues/205; issue #148 (comment of 2026-07-27)", date: "2026-07-28",
                    evidence: .reported),
                Fact(
                    claim:
                        "the v1 authorization server states the issuer https://cf.mcp.atlassian.com and serves /v1/authorize, /v1/token and /v1/register on mcp.atlassian.com",
                    source: "https://github.com/github/app/issues/2863; https://github.com/NousResearch/hermes-agent/issues/91538", date: "2026-08-21",
                    evidence: .reported),
                Fact(
                    claim: "revocation at https://auth.atlassian.com/oauth/revoke",
                    source: "third-party measurements (reference D-A-06); not re-verified in 2026-12", date: "2026-09-08", evidence: .reported),
                Fact(
                    claim: "CAA on atlassian.com allows amazon.com, digicert.com, globalsign.com; wildcards globalsign.com, letsencrypt.org, pki.goog",
                    source: "third-party DNS probe api-evangelist/acceptance-criteria (reference D-A-13)", date: "2026-07-11", evidence: .reported),
                Fact(
                    claim:
                        "mcp.atlassian.com may be fronted by Cloudflare (its v1 authorization server ran on Cloudflare Workers), so Cloudflare's edge CAs are pinned too; which CA signs auth.atlassian.com is not documented",
                    source: "inference from reference D-A-04 and D-A-13", date: "2026-11-21", evidence: .inferred),
                Fact(
                    claim: "users revoke connected apps at id.atlassian.com, Profile > Connected apps",
                    source: "Atlassian account documentation (manage-profile/apps); not re-verified in 2026-12", date: "2026-11-21", evidence: .reported)
            ],
            deprecatedPaths: ["/v1/mcp/authv2": v1Superseded, "/v1/mcp": v1Superseded],
            legacySSEGone: sseGone
        )
    ]

    static let removed: [RemovedEndpoint] = [
        RemovedEndpoint(
            formerName: nil, formerEntry: "atlassian", host: "mcp.atlassian.com", path: "/v1/sse", outcome: "answers 404 Not Found",
            useInstead: "atlassian", fact: sseGone)
    ]
}
