// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Endpoints
import PinnedHTTP
import Platform
import Testing

/// Issue 3: every entry is well-formed, every pin re-derives from Debian's ca-certificates, and
/// URL matching takes exact hosts and paths only.
struct RegistryShapeTests {
    @Test func namesAreUniqueAndCommandLineFriendly() {
        let names = EndpointRegistry.entries.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(!name.isEmpty && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }, "\(name)")
        }
        #expect(names.contains("atlassian") && names.contains("cloudflare") && names.contains("cloudflare-docs"))
    }

    @Test(arguments: EndpointRegistry.entries)
    func entryIsWellFormed(entry: EndpointEntry) throws {
        #expect(entry.url.hasPrefix("https://"))
        #expect(EndpointRegistry.entry(matching: entry.url)?.name == entry.name, "the entry's own URL must match it")
        #expect(!entry.paths.isEmpty && entry.paths.allSatisfy { $0.hasPrefix("/") })
        #expect(!entry.mcpHosts.isEmpty && !entry.tokenHosts.isEmpty && !entry.revocationHosts.isEmpty)
        #expect(entry.revokeGrantAt.hasPrefix("https://"))
        #expect(!entry.pins.isEmpty)
        #expect(!entry.facts.isEmpty && entry.facts.allSatisfy { !$0.claim.isEmpty && !$0.source.isEmpty && FactDate.isValid($0.date) })
        for pin in entry.pins { #expect(SPKIPin(pin.spki) != nil, "\(pin.authority): \(pin.spki) is not sha256/ + base64 of 32 bytes") }
    }

    /// No entry may allow a host outside its provider's domains.
    @Test(arguments: EndpointRegistry.entries)
    func hostsStayInsideTheProvidersDomains(entry: EndpointEntry) {
        for host in entry.allHosts {
            #expect(entry.domains.contains { host == $0 || host.hasSuffix("." + $0) }, "\(entry.name) allows \(host)")
        }
    }
}

struct RegistryPinDerivationTests {
    /// The same derivation as `Endpoints/derive-pins.sh`, done with OpenSSL in-process.
    @Test(arguments: Array(Set(EndpointRegistry.entries.flatMap(\.pins))).sorted { $0.certificateFile < $1.certificateFile })
    func pinReDerivesFromTheSystemStore(pin: RootPin) throws {
        let pem = try FileBytes.read("/etc/ssl/certs/\(pin.certificateFile)", limit: 1 << 20)
        #expect(SPKIPin(certificatePEM: pem)?.description == pin.spki, "\(pin.certificateFile)")
    }
}

struct RegistryMatchingTests {
    @Test(arguments: [
        ("https://mcp.atlassian.com/v1/mcp", "atlassian"), ("https://mcp.atlassian.com/v1/mcp/authv2", "atlassian"),
        ("https://mcp.atlassian.com/v2/mcp", "atlassian"), ("https://mcp.atlassian.com/v2/mcp/", "atlassian"),
        ("https://MCP.Atlassian.COM/v1/mcp", "atlassian"), ("https://mcp.atlassian.com/v1/mcp/", "atlassian"),
        ("https://mcp.atlassian.com:443/v1/mcp", "atlassian"), ("https://mcp.cloudflare.com/mcp", "cloudflare"),
        ("https://docs.mcp.cloudflare.com/mcp", "cloudflare-docs"), ("https://docs.mcp.cloudflare.com/sse", "cloudflare-docs"),
        ("https://radar.mcp.cloudflare.com/mcp", "cloudflare-radar"), ("https://ai-gateway.mcp.cloudflare.com/mcp", "cloudflare-ai-gateway")
    ])
    func officialURLsMatchTheirEntry(url: String, name: String) {
        #expect(EndpointRegistry.entry(matching: url)?.name == name)
    }

    @Test(arguments: [
        "https://mcp.atlassian.com.evil.example/v1/mcp", "https://evilmcp.cloudflare.com/mcp", "https://evil.mcp.cloudflare.com/mcp",
        "https://mcp.atlassian.com.", "https://mcp.atlassian.com./v1/mcp", "http://mcp.atlassian.com/v1/mcp",
        "https://mcp.atlassian.com:8443/v1/mcp", "https://mcp.atlassian.com/v1/mcpx", "https://mcp.atlassian.com/V1/MCP",
        "https://mcp.atlassian.com/v1/mcp?x=1", "https://mcp.atlassian.com/v1/mcp#f", "https://user@mcp.atlassian.com/v1/mcp",
        "https://mcp.atlassian.com@evil.example/v1/mcp", "https://mcp.atlassian.com\\@evil.example/v1/mcp", "https://xmcp.atlassian.com/v1/mcp",
        "https://docs.mcp.cloudflare.com.evil.example/mcp", "https://docs.mcp.cloudflare.com/", "https://mcp.cloudflare.com/sse",
        "https://auth.atlassian.com/v1/mcp", "https://mcp.atlassian.com", "mcp.atlassian.com/v1/mcp", "", "https://",
        "https://mcp.atlassian.com//v1/mcp", "https://mcp.atlassian.com/v1/mcp/..", "https://[::1]/mcp",
        // Removed by the provider: recognized by `EndpointRegistry.removed(matching:)`, never an entry.
        "https://mcp.atlassian.com/v1/sse", "https://mcp.atlassian.com/v1/sse/"
    ])
    func nearMissesMatchNothing(url: String) {
        #expect(EndpointRegistry.entry(matching: url) == nil, "\(url) must not match")
    }

    @Test func namesResolve() {
        #expect(EndpointRegistry.entry(named: "cloudflare-docs")?.url == "https://docs.mcp.cloudflare.com/mcp")
        #expect(EndpointRegistry.entry(named: "ATLASSIAN")?.name == "atlassian")
        #expect(EndpointRegistry.entry(named: "cloudflare-nope") == nil)
    }
}
