// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OAuth

/// Well-known locations: RFC 9728 §3.1, RFC 8414 §3.1, OIDC Discovery §4, in MCP's order.
@Suite struct WellKnownTests {
    @Test func protectedResourceWithPathTriesPathThenRoot() {
        #expect(
            WellKnown.protectedResourceCandidates(for: "https://mcp.atlassian.com/v1/mcp/authv2") == [
                "https://mcp.atlassian.com/.well-known/oauth-protected-resource/v1/mcp/authv2",
                "https://mcp.atlassian.com/.well-known/oauth-protected-resource"
            ])
    }

    @Test func protectedResourceAtRootTriesRootOnly() {
        #expect(WellKnown.protectedResourceCandidates(for: "https://mcp.example.com") == ["https://mcp.example.com/.well-known/oauth-protected-resource"])
        #expect(WellKnown.protectedResourceCandidates(for: "https://mcp.example.com/") == ["https://mcp.example.com/.well-known/oauth-protected-resource"])
    }

    @Test func trailingSlashIsRemovedAndPortKept() {
        #expect(
            WellKnown.protectedResourceCandidates(for: "https://127.0.0.1:8443/mcp/").first == "https://127.0.0.1:8443/.well-known/oauth-protected-resource/mcp"
        )
    }

    @Test func issuerWithoutPath() {
        let candidates = WellKnown.authorizationServerCandidates(for: "https://auth.example.com")
        #expect(
            candidates == [
                "https://auth.example.com/.well-known/oauth-authorization-server",
                "https://auth.example.com/.well-known/openid-configuration"
            ])
        #expect(WellKnown.authorizationServerCandidates(for: "https://auth.example.com/") == candidates)
    }

    @Test func issuerWithPathUsesTheThreeLocationsInOrder() {
        // MCP 2025-11-25 "Authorization Server Metadata Discovery", issuer https://auth.example.com/tenant1.
        #expect(
            WellKnown.authorizationServerCandidates(for: "https://auth.example.com/tenant1") == [
                "https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
                "https://auth.example.com/.well-known/openid-configuration/tenant1",
                "https://auth.example.com/tenant1/.well-known/openid-configuration"
            ])
    }

    @Test func atlassianOpaqueIssuer() {
        #expect(
            WellKnown.authorizationServerCandidates(for: "https://auth.atlassian.com/a1b2c3").first
                == "https://auth.atlassian.com/.well-known/oauth-authorization-server/a1b2c3")
    }

    @Test func legacyOriginIgnoresThePath() {
        #expect(
            WellKnown.legacyAuthorizationServer(for: "https://mcp.example.com:8443/v1/sse")
                == "https://mcp.example.com:8443/.well-known/oauth-authorization-server")
    }

    @Test(arguments: ["ftp://x/y", "not a url", "https://", "javascript:alert(1)"])
    func nonHTTPURLsGiveNothing(_ url: String) {
        #expect(WellKnown.protectedResourceCandidates(for: url).isEmpty)
        #expect(WellKnown.authorizationServerCandidates(for: url).isEmpty)
    }
}
