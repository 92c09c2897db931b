// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import PinnedHTTP

/// The pooled-connection trap (reference swift-stack-notes §1.5): libcurl reuses a pooled
/// connection without re-running the SSL_CTX callback, so a transfer with other pins could ride a
/// connection verified for the first ones. The re-check before every request closes it.
/// Uses the integration reference server and test PKI (needs `.venv`, which `make test` sets up).
@Suite(.serialized)
struct PooledConnectionTests {
    @Test func aReusedConnectionIsReCheckedBeforeTheRequestIsSent() async throws {
        let server = try await TestServerProcess.reference()
        let engine = try HTTPEngine(policy: try server.policy(pins: [try server.pin("root")]))
        defer { engine.shutdown() }
        let url = "https://127.0.0.1:\(server.port)/mcp"
        let first = try await engine.fetch(HTTPRequest(method: "GET", url: url, headers: [("Accept", "text/event-stream")]))
        #expect(first.status >= 400)  // no session: refused, but over a verified, pinned connection
        #expect(server.requests().count == 1)

        var second = HTTPRequest(method: "GET", url: url, headers: [("Accept", "text/event-stream")])
        second.pinOverride = [try server.pin("unrelated-root")]
        await expectPinMismatchFoundByTheReCheck(engine, second)
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.requests().count == 1, "the server saw the second request")

        let third = try await engine.fetch(HTTPRequest(method: "GET", url: url, headers: [("Accept", "text/event-stream")]))
        #expect(third.status == first.status)
    }
}
