// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import mcp_warden

/// `--header 'Name: value'` with `${VAR}` expansion: an unset variable is an error, not "".
struct HeaderArgumentTests {
    let environment = ["TOKEN": "abc123", "EMPTY": "", "A_B1": "x"]

    @Test func parsesNameAndValue() throws {
        let header = try HeaderArgument.parse("Authorization: Bearer ${TOKEN}", environment: environment)
        #expect(header == HeaderArgument(name: "Authorization", value: "Bearer abc123"))
    }

    @Test func keepsDollarSignsThatAreNotPlaceholders() throws {
        #expect(try HeaderArgument.parse("X-Price: $5 and $TOKEN", environment: environment).value == "$5 and $TOKEN")
        #expect(try HeaderArgument.parse("X-Multi:${A_B1}${A_B1}-${EMPTY}!", environment: environment).value == "xx-!")
    }

    @Test func unsetVariableIsAnError() {
        #expect(throws: UserError.self) { try HeaderArgument.parse("Authorization: Bearer ${MISSING}", environment: environment) }
    }

    @Test(arguments: ["NoColon", ": value", "Bad Name: v", "X: ${unterminated", "X: ${1BAD}", "X: ${}", "Mcp-Session-Id: s", "host: evil", "Origin: x"])
    func malformedOrReservedHeadersAreRefused(argument: String) {
        #expect(throws: UserError.self) { try HeaderArgument.parse(argument, environment: environment) }
    }

    @Test func expandedValuesCannotInjectLineBreaks() {
        #expect(throws: UserError.self) { try HeaderArgument.parse("X-A: ${EVIL}", environment: ["EVIL": "v\r\nX-Injected: 1"]) }
    }
}

struct EndpointSelectionTests {
    @Test func unlistedServersNeedExplicitTrust() throws {
        #expect(throws: UserError.self) { try EndpointSelection.resolve("https://mcp.example.com/mcp", allowUnlisted: false) }
        #expect(try EndpointSelection.resolve("https://mcp.example.com/mcp", allowUnlisted: true).entry == nil)
    }

    @Test func registryNamesAndURLsSelectTheirEntry() throws {
        let byName = try EndpointSelection.resolve("cloudflare-docs", allowUnlisted: false)
        #expect(byName.url == "https://docs.mcp.cloudflare.com/mcp" && byName.entry?.name == "cloudflare-docs")
        let byURL = try EndpointSelection.resolve("https://mcp.atlassian.com/v1/sse", allowUnlisted: false)
        #expect(byURL.url == "https://mcp.atlassian.com/v1/sse" && byURL.entry?.name == "atlassian")
    }

    @Test(arguments: ["atlasian", "login", "cloudflare-", "", "../etc/passwd"])
    func unknownNamesAreUsageErrors(argument: String) {
        #expect(throws: UserError.self) { try EndpointSelection.resolve(argument, allowUnlisted: true) }
    }

    /// Invariant 2: a password in the URL is refused and never echoed, also for registry hosts.
    @Test(arguments: [
        "https://me:hunter2-secret@mcp.example.com/mcp", "https://hunter2-secret@mcp.atlassian.com/v1/mcp",
        "https://me:hunter2-secret@[::1]:8443/mcp?x=@y"
    ])
    func credentialsInTheURLAreRefusedUnechoed(url: String) {
        let error = #expect(throws: UserError.self) { try EndpointSelection.resolve(url, allowUnlisted: true) }
        #expect(error?.kind == .usage)
        #expect(error.map { !$0.message.contains("hunter2") && !($0.hint ?? "").contains("hunter2") } == true)
    }

    @Test func anAtSignAfterTheAuthorityIsNotUserInfo() {
        #expect(!EndpointSelection.hasUserInfo("https://mcp.example.com/mcp?to=a@b"))
        #expect(!EndpointSelection.hasUserInfo("https://mcp.example.com/users/@me"))
        #expect(EndpointSelection.hasUserInfo("https://u@mcp.example.com/"))
    }

    @Test func nearMissHostsAreUnlisted() {
        #expect(throws: UserError.self) { try EndpointSelection.resolve("https://mcp.atlassian.com.evil.example/v1/mcp", allowUnlisted: false) }
    }
}

/// Invariant 2: a mistyped --header may be a token; the error must not echo it.
struct HeaderArgumentSecrecyTests {
    @Test(arguments: ["Bearer sk-live-123456:abc", "sk-live-123456 token: x", "Authorization Bearer sk-live-123456: x"])
    func malformedArgumentsAreNotEchoed(argument: String) {
        do {
            _ = try HeaderArgument.parse(argument, environment: [:])
            Issue.record("accepted a malformed header")
        } catch {
            #expect(!error.message.contains("sk-live-123456") && !(error.hint ?? "").contains("sk-live-123456"), "\(error.message)")
        }
    }

    @Test func anUnsetVariableErrorNamesTheVariableNotTheValue() {
        do {
            _ = try HeaderArgument.parse("Authorization: Bearer sk-live-123456${MISSING}", environment: [:])
            Issue.record("accepted an unset variable")
        } catch {
            #expect(error.message.contains("MISSING") && !error.message.contains("sk-live-123456"))
        }
    }
}
