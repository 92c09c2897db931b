// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Endpoints
import MCPTransport
import Platform
import Testing

@testable import mcp_warden

/// Issue 16 item 5 at the command's edge: a removed endpoint is refused before connecting,
/// whatever trust the user gave, unless they made it their own; a deprecated one connects
/// and warns once; the legacy transport is refused where its provider removed it.
struct RegistryNoticesTests {
    static let quiet = Diagnostics(quiet: true)

    @Test(arguments: [false, true])
    func aRemovedURLIsRefusedEvenWithAllowUnlisted(allowUnlisted: Bool) throws {
        let selection = try EndpointSelection.resolve("https://mcp.atlassian.com/v1/sse", allowUnlisted: allowUnlisted)
        // Its former entry's trust stays, so that `logout` can still revoke what was stored for it.
        #expect(selection.entry?.name == "atlassian" && selection.url == "https://mcp.atlassian.com/v1/sse")
        let error = #expect(throws: UserError.self) { try RegistryNotices.admit(selection, transport: .auto, log: Self.quiet) }
        #expect(error?.kind == .config)
        #expect(error?.message.contains("404") == true)
        #expect(error?.hint?.contains("https://mcp.atlassian.com/v2/mcp") == true)
        #expect(throws: UserError.self) { try RegistryNotices.admit(selection, transport: nil, log: Self.quiet) }
    }

    /// The user's own endpoint is the deliberate way around the registry.
    @Test func aRemovedURLTheUserAddedIsTheirs() throws {
        let own = UserEndpoint(name: "old-sse", url: "https://mcp.atlassian.com/v1/sse", pins: [], caFile: nil, hosts: [])
        let selection = try EndpointSelection.resolve("https://mcp.atlassian.com/v1/sse", allowUnlisted: false, userEndpoints: [own])
        #expect(selection.user == own && selection.entry == nil)
        try RegistryNotices.admit(selection, transport: .auto, log: Self.quiet)
    }

    @Test(arguments: ["cloudflare-radar", "https://radar.mcp.cloudflare.com/sse", "https://mcp.atlassian.com/v1/mcp", "https://docs.mcp.cloudflare.com/sse"])
    func deprecatedEndpointsStillConnectAndWarn(argument: String) throws {
        let selection = try EndpointSelection.resolve(argument, allowUnlisted: false)
        let entry = try #require(selection.entry)
        try RegistryNotices.admit(selection, transport: .auto, log: Self.quiet)
        let warning = try #require(RegistryNotices.warning(entry: entry, url: selection.url))
        #expect(warning.contains(" is deprecated: ") && warning.contains(" instead (") && !warning.contains("\n"))
    }

    /// One line for a deprecated server, even when its path is deprecated too.
    @Test func theWholeServersDeprecationWinsOverItsPaths() throws {
        let selection = try EndpointSelection.resolve("https://radar.mcp.cloudflare.com/sse", allowUnlisted: false)
        let entry = try #require(selection.entry)
        let warning = try #require(RegistryNotices.warning(entry: entry, url: selection.url))
        #expect(warning.hasPrefix("cloudflare-radar is deprecated") && warning.contains("use cloudflare (https://mcp.cloudflare.com/mcp)"))
    }

    @Test(arguments: ["atlassian", "https://mcp.atlassian.com/v2/mcp", "cloudflare", "cloudflare-docs", "cloudflare-stack"])
    func currentEndpointsSayNothing(argument: String) throws {
        let selection = try EndpointSelection.resolve(argument, allowUnlisted: false)
        let entry = try #require(selection.entry)
        #expect(RegistryNotices.warning(entry: entry, url: selection.url) == nil)
    }

    @Test(arguments: [TransportMode.sse, .sseOnly])
    func theLegacyTransportIsRefusedWhereItIsGone(mode: TransportMode) throws {
        for name in ["cloudflare-docs", "atlassian"] {
            let selection = try EndpointSelection.resolve(name, allowUnlisted: false)
            let error = #expect(throws: UserError.self) { try RegistryNotices.admit(selection, transport: mode, log: Self.quiet) }
            #expect(error?.kind == .config && error?.hint?.contains("--transport") == true)
        }
    }

    /// With a fallback (sse-first) the start goes on with a warning; the Code Mode server never
    /// had the legacy transport in the registry, so nothing is said there.
    @Test(arguments: [TransportMode.sseFirst, .auto, .http, .httpOnly, .httpFirst])
    func otherTransportsAreAdmitted(mode: TransportMode) throws {
        for name in ["cloudflare-docs", "atlassian", "cloudflare"] {
            try RegistryNotices.admit(try EndpointSelection.resolve(name, allowUnlisted: false), transport: mode, log: Self.quiet)
        }
    }

    @Test func statusWarnsAboutStoredAuthorizations() throws {
        let removed = try #require(RegistryNotices.warning(storedFor: "https://mcp.atlassian.com/v1/sse"))
        #expect(removed.contains("mcp-warden logout https://mcp.atlassian.com/v1/sse"))
        #expect(RegistryNotices.warning(storedFor: "https://ai-gateway.mcp.cloudflare.com/mcp")?.contains("use cloudflare") == true)
        #expect(RegistryNotices.warning(storedFor: "https://mcp.atlassian.com/v2/mcp") == nil)
        #expect(RegistryNotices.warning(storedFor: "https://mcp.example.com/mcp") == nil)
        #expect(RegistryNotices.warning(storedFor: "not a url") == nil)
    }

    /// Names that never were in the registry keep the old "neither a URL nor an endpoint" error.
    @Test(arguments: ["cloudflare-nope", "atlasian", ""])
    func unknownNamesAreNotRemovedOnes(name: String) throws {
        try RegistryNotices.refuseRemoved(named: name)
    }

    @Test func theEndpointsListSaysOnceWhatChanged() throws {
        let summary = try #require(EndpointsCommand.List.lifecycleSummary())
        #expect(summary.hasPrefix("7 official endpoints are deprecated by their providers and 1 removed"))
    }
}
