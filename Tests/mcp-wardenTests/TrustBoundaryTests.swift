// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import OAuth
import PinnedHTTP
import Platform
import Testing

@testable import mcp_warden

/// Issue 13: pins narrow, never widen (item 3); a `--resource` on another origin is refused
/// unless the user says so (item 1).
struct TrustBoundaryTests {
    static let a = SPKIPin("sha256/" + String(repeating: "A", count: 43) + "=")!
    static let b = SPKIPin("sha256/" + String(repeating: "B", count: 43) + "=")!
    static let c = SPKIPin("sha256/" + String(repeating: "C", count: 43) + "=")!

    @Test func commandLinePinsNarrowAPinnedEndpoint() throws {
        #expect(try TrustOptions.narrowed([Self.a, Self.b], by: [], owner: "x") == [Self.a, Self.b])
        #expect(try TrustOptions.narrowed([Self.a, Self.b], by: [Self.b], owner: "x") == [Self.b])
        // An endpoint without pins: the command line's are the set.
        #expect(try TrustOptions.narrowed([], by: [Self.c], owner: "x") == [Self.c])
    }

    @Test func aCommandLinePinNeverWidensAPinnedEndpoint() {
        let error = #expect(throws: UserError.self) { try TrustOptions.narrowed([Self.a, Self.b], by: [Self.b, Self.c], owner: "atlassian") }
        #expect(error?.kind == .config)
        #expect(error?.message.contains(Self.c.description) == true && error?.hint?.contains("--allow-tls-inspection") == true)
    }

    func arguments(_ list: [String]) throws -> AuthorizationArguments {
        try AuthorizationArguments.parse(list)
    }

    @Test func aResourceOnAnotherOriginIsRefusedWithoutTheExplicitOption() throws {
        let log = Diagnostics(debugEnabled: false, quiet: true)
        for resource in ["https://other.example/mcp", "https://mcp.example:8443/mcp", "http://mcp.example/mcp"] {
            let error = #expect(throws: UserError.self) {
                try arguments(["--resource", resource]).checkResourceOrigin(serverURL: "https://mcp.example/mcp", log: log)
            }
            #expect(error?.kind == .usage && error?.hint?.contains("--allow-foreign-resource") == true)
            try arguments(["--resource", resource, "--allow-foreign-resource"]).checkResourceOrigin(serverURL: "https://mcp.example/mcp", log: log)
        }
        // The same origin, any path: no option needed.
        try arguments(["--resource", "https://mcp.example/"]).checkResourceOrigin(serverURL: "https://mcp.example/mcp", log: log)
        try arguments(["--resource", "https://MCP.example/tenant"]).checkResourceOrigin(serverURL: "https://mcp.example/mcp", log: log)
        try arguments([]).checkResourceOrigin(serverURL: "https://mcp.example/mcp", log: log)
    }
}
