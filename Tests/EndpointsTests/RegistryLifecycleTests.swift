// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Endpoints
import Testing

/// The accepted forms of `Fact.date`: `YYYY-MM-DD`, `YYYY-MM`, `on or after YYYY-MM-DD`, `read YYYY-MM-DD`.
enum FactDate {
    static func isValid(_ text: String) -> Bool {
        var date = Substring(text)
        for prefix in ["on or after ", "read "] where date.hasPrefix(prefix) {
            date = date.dropFirst(prefix.count)
            guard date.count == 10 else { return false }
        }
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return false }
        let day = parts.count == 3 ? Int(parts[2]) ?? 0 : 1
        return (2025...2026).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }
}

/// Every fact the registry holds: its entries', its deprecations', its removals'.
private let allFacts: [Fact] =
    EndpointRegistry.entries.flatMap { entry in
        entry.facts + [entry.deprecation?.fact, entry.legacySSEGone].compactMap { $0 } + entry.deprecatedPaths.values.map(\.fact)
    } + EndpointRegistry.removed.map(\.fact)

/// Issue 16 item 5: the registry as the providers serve it (December 2026). Each deprecation
/// and removal carries a source and a date; nothing here touches the network.
struct RegistryFactTests {
    @Test(arguments: ["2026-08-21", "2026-09", "on or after 2026-08-31", "read 2026-12-06"])
    func acceptedDates(date: String) { #expect(FactDate.isValid(date)) }

    @Test(arguments: ["", "2026", "26-08-21", "2026-8-21", "2026-13-01", "2026-08-32", "on or after 2026-08", "soon", "2026-08-21 ", "read", "１９９９-01-01"])
    func refusedDates(date: String) { #expect(!FactDate.isValid(date)) }

    @Test func everyFactHasASourceADateAndEvidence() {
        #expect(allFacts.count > 20)
        for fact in allFacts {
            #expect(!fact.claim.isEmpty && !fact.source.isEmpty, "\(fact)")
            #expect(FactDate.isValid(fact.date), "\(fact.claim): date \(fact.date)")
            #expect(!fact.claim.contains("\n") && !fact.source.contains("\n"))
        }
    }

    /// A provider fact names where it was read: a repository path, a commit or a URL.
    @Test func providerFactsNameTheirPlace() {
        for fact in allFacts where fact.evidence == .provider {
            #expect(fact.source.contains("/"), "\(fact.claim): \(fact.source)")
        }
    }

    /// What could not be verified stays marked as such.
    @Test func unverifiedFactsAreMarked() {
        let atlassian = EndpointRegistry.entry(named: "atlassian")?.facts ?? []
        #expect(atlassian.contains { $0.evidence == .inferred && $0.claim.contains("Cloudflare") })
        #expect(atlassian.contains { $0.evidence == .reported && $0.claim.contains("/oauth/revoke") })
    }
}

struct CloudflareLifecycleTests {
    static let deprecated: [(service: String, date: String)] = [
        ("ai-gateway", "on or after 2026-08-31"), ("auditlogs", "on or after 2026-08-31"), ("autorag", "2026-04-21"),
        ("dns-analytics", "on or after 2026-08-31"), ("graphql", "2026-07-30"), ("logs", "on or after 2026-08-31"), ("radar", "2026-05-28")
    ]

    @Test(arguments: deprecated)
    func deprecatedServicesStillConnectButNameTheCodeModeServer(service: String, date: String) throws {
        let entry = try #require(EndpointRegistry.entry(named: "cloudflare-\(service)"))
        #expect(EndpointRegistry.entry(matching: "https://\(service).mcp.cloudflare.com/mcp")?.name == entry.name, "still connects")
        let deprecation = try #require(entry.deprecation)
        #expect(deprecation.useInstead == "cloudflare")
        #expect(deprecation.fact.date == date && deprecation.fact.evidence == .provider)
        #expect(deprecation.fact.source.contains("cloudflare/mcp-server-cloudflare"))
        #expect(EndpointRegistry.deprecation(of: entry, at: entry.url) == deprecation)
    }

    @Test func onlyThoseSevenAreDeprecated() {
        let names = Set(EndpointRegistry.entries.filter { $0.deprecation != nil }.map(\.name))
        #expect(names == Set(Self.deprecated.map { "cloudflare-\($0.service)" }))
    }

    /// The README no longer lists `stack`, but its own app documents and releases it: kept, and said so.
    @Test func stackIsKeptWithItsSource() throws {
        let stack = try #require(EndpointRegistry.entry(named: "cloudflare-stack"))
        #expect(stack.deprecation == nil && EndpointRegistry.removed(named: "cloudflare-stack") == nil)
        #expect(stack.facts.contains { $0.claim.contains("not listed in the root README") && $0.source.contains("apps/stack-mcp") })
    }

    /// `/sse` still answers Streamable HTTP: a deprecated alias, not a removal; the legacy
    /// HTTP+SSE transport (a `GET /sse`) answers 410 Gone.
    @Test func sseIsADeprecatedAliasAndTheLegacyTransportIsGone() throws {
        let docs = try #require(EndpointRegistry.entry(named: "cloudflare-docs"))
        #expect(EndpointRegistry.entry(matching: "https://docs.mcp.cloudflare.com/sse")?.name == "cloudflare-docs")
        let alias = try #require(EndpointRegistry.deprecation(of: docs, at: "https://docs.mcp.cloudflare.com/sse"))
        #expect(alias.useInstead == "https://docs.mcp.cloudflare.com/mcp" && alias.fact.date == "2026-08-11")
        #expect(EndpointRegistry.deprecation(of: docs, at: docs.url) == nil)
        #expect(docs.legacySSEGone?.claim.contains("410 Gone") == true)
        #expect(EndpointRegistry.removed(matching: "https://docs.mcp.cloudflare.com/sse") == nil)
        let services = EndpointRegistry.entries.filter { $0.name.hasPrefix("cloudflare-") }
        #expect(services.count == 18 && services.allSatisfy { $0.legacySSEGone != nil && $0.deprecatedPaths["/sse"] != nil })
    }

    @Test func codeModeFactsAreCurrent() throws {
        let codeMode = try #require(EndpointRegistry.entry(named: "cloudflare"))
        #expect(codeMode.deprecation == nil && codeMode.deprecatedPaths.isEmpty)
        #expect(codeMode.facts.contains { $0.claim.contains("^1.2.0") })
        #expect(codeMode.facts.contains { $0.claim.contains("openid email profile") && $0.source.hasSuffix("/issues/457") })
        #expect(!codeMode.facts.contains { $0.source.contains("0.8.2") }, "the provider version moved on")
    }
}

struct AtlassianLifecycleTests {
    @Test func v2IsTheEntrysURLAndV1IsSuperseded() throws {
        let atlassian = try #require(EndpointRegistry.entry(named: "atlassian"))
        #expect(atlassian.url == "https://mcp.atlassian.com/v2/mcp")
        #expect(EndpointRegistry.deprecation(of: atlassian, at: atlassian.url) == nil)
        for url in ["https://mcp.atlassian.com/v1/mcp", "https://mcp.atlassian.com/v1/mcp/authv2", "https://MCP.atlassian.com:443/v1/mcp/"] {
            #expect(EndpointRegistry.entry(matching: url)?.name == "atlassian", "v1 still connects: \(url)")
            #expect(EndpointRegistry.deprecation(of: atlassian, at: url)?.useInstead == "atlassian", "\(url)")
        }
        #expect(atlassian.facts.contains { $0.source.contains("/pull/237") && $0.date == "2026-09-08" })
    }

    @Test func v1SSEIsRemovedButRecognized() throws {
        let gone = try #require(EndpointRegistry.removed(matching: "https://mcp.atlassian.com/v1/sse"))
        #expect(gone.formerEntry == "atlassian" && gone.formerName == nil && gone.useInstead == "atlassian")
        #expect(gone.outcome.contains("404") && gone.fact.date == "2026-08-21")
        #expect(gone.fact.source == "https://github.com/NousResearch/hermes-agent/issues/91538")
        #expect(EndpointRegistry.removed(matching: "https://mcp.atlassian.com/v1/sse/") == gone)
        #expect(EndpointRegistry.entry(named: "atlassian")?.paths.contains("/v1/sse") == false)
        #expect(EndpointRegistry.entry(named: "atlassian")?.legacySSEGone == gone.fact)
    }

    @Test(arguments: [
        "https://mcp.atlassian.com/v1/sse?x=1", "https://mcp.atlassian.com/v1/ssex", "http://mcp.atlassian.com/v1/sse",
        "https://mcp.atlassian.com.evil.example/v1/sse", "https://mcp.atlassian.com:8443/v1/sse", "https://cf.mcp.atlassian.com/v1/sse",
        "https://mcp.atlassian.com/V1/SSE", "https://u@mcp.atlassian.com/v1/sse", "mcp.atlassian.com/v1/sse", ""
    ])
    func nearMissesOfARemovedPathAreNotIt(url: String) {
        #expect(EndpointRegistry.removed(matching: url) == nil)
    }

    /// The v2 authorization server is a path issuer under auth.atlassian.com with an opaque id:
    /// hosts are matched, never paths, so the id is never written down.
    @Test func authorizationServerHostIsAllowedWithoutItsId() throws {
        let atlassian = try #require(EndpointRegistry.entry(named: "atlassian"))
        for role in [atlassian.authorizationHosts, atlassian.registrationHosts, atlassian.tokenHosts, atlassian.revocationHosts] {
            #expect(role.contains("auth.atlassian.com"))
        }
        for host in atlassian.allHosts {
            #expect(host.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "." || $0 == "-" }, "\(host) is a bare host name")
        }
    }
}

/// The path of an https URL, for the tests' own checks.
enum URLPath {
    static func of(_ url: String) -> String? {
        guard url.hasPrefix("https://") else { return url.hasPrefix("/") ? url : nil }
        let rest = url.dropFirst("https://".count)
        return rest.firstIndex(of: "/").map { String(rest[$0...]) }
    }
}

struct RegistryLifecycleShapeTests {
    /// A replacement resolves, and is itself neither deprecated nor removed: no chains. (A
    /// deprecated path of a deprecated server points to the server's current path: the server's
    /// own deprecation is the one said.)
    @Test(arguments: EndpointRegistry.entries.map(\.name))
    func replacementsResolveToCurrentEndpoints(name: String) throws {
        let entry = try #require(EndpointRegistry.entry(named: name))
        if let deprecation = entry.deprecation { try Self.expectCurrent(deprecation.useInstead) }
        for (path, deprecation) in entry.deprecatedPaths {
            #expect(entry.paths.contains(path), "\(entry.name): \(path) is one of its paths")
            let url = EndpointRegistry.entry(named: deprecation.useInstead)?.url ?? deprecation.useInstead
            let target = try #require(EndpointRegistry.entry(matching: url), "\(deprecation.useInstead) resolves")
            #expect(target.deprecatedPaths[try #require(URLPath.of(url))] == nil && EndpointRegistry.removed(matching: url) == nil)
        }
        #expect(!entry.paths.isEmpty && entry.deprecatedPaths.count < entry.paths.count, "\(entry.name) keeps a current path")
    }

    @Test(arguments: EndpointRegistry.removed.map(\.url))
    func removedEndpointsPointToCurrentOnes(url: String) throws {
        let gone = try #require(EndpointRegistry.removed(matching: url))
        try Self.expectCurrent(gone.useInstead)
        #expect(EndpointRegistry.entry(matching: gone.url) == nil, "a removed URL is never an entry's")
        if let former = gone.formerEntry {
            #expect(EndpointRegistry.entry(named: former)?.mcpHosts.contains(gone.host) == true)
        }
        if let name = gone.formerName { #expect(EndpointRegistry.entry(named: name) == nil) }
        #expect(gone.url.hasPrefix("https://") && gone.path.hasPrefix("/"))
    }

    static func expectCurrent(_ target: String) throws {
        let entry = try #require(EndpointRegistry.entry(named: target) ?? EndpointRegistry.entry(matching: target), "\(target) resolves")
        let url = EndpointRegistry.entry(named: target)?.url ?? target
        #expect(EndpointRegistry.deprecation(of: entry, at: url) == nil, "\(target) is itself deprecated")
        #expect(EndpointRegistry.removed(matching: url) == nil)
    }

    @Test func namesStillInUseAreNotRemoved() {
        for entry in EndpointRegistry.entries { #expect(EndpointRegistry.removed(named: entry.name) == nil) }
        #expect(EndpointRegistry.removed(named: "") == nil)
    }
}

/// The words people read: one line, the replacement, the source and its date.
struct RegistryNoticeTests {
    @Test func deprecationLineNamesReplacementSourceAndDate() throws {
        let radar = try #require(EndpointRegistry.entry(named: "cloudflare-radar"))
        let line = RegistryNotice.deprecated(radar.name, try #require(radar.deprecation))
        #expect(line.hasPrefix("cloudflare-radar is deprecated: "))
        #expect(line.contains("use cloudflare (https://mcp.cloudflare.com/mcp) instead"))
        #expect(line.contains("apps/radar/README.md") && line.contains("2026-05-28"))
        #expect(!line.contains("\n") && !line.hasSuffix("."))
    }

    @Test func removalSaysWhatHappenedAndWhatToUse() throws {
        let words = RegistryNotice.removed(try #require(EndpointRegistry.removed.first))
        #expect(words.message.contains("https://mcp.atlassian.com/v1/sse") && words.message.contains("404"))
        #expect(words.message.contains("2026-08-21") && words.message.contains("reported"), "a third-party fact says so")
        #expect(words.hint.contains("use atlassian (https://mcp.atlassian.com/v2/mcp) instead"))
        #expect(words.hint.contains("mcp-warden logout https://mcp.atlassian.com/v1/sse"))
    }

    @Test func describeGivesNameAndURLOrTheURL() {
        #expect(EndpointRegistry.describe("atlassian") == "atlassian (https://mcp.atlassian.com/v2/mcp)")
        #expect(EndpointRegistry.describe("https://docs.mcp.cloudflare.com/mcp") == "https://docs.mcp.cloudflare.com/mcp")
    }
}
