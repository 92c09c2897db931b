// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PinnedHTTP

/// The engine refuses before sending, and reports network failures with the host and a code.
struct HTTPEngineTests {
    @Test func aRefusedURLFailsWithoutANetworkRequest() async throws {
        let engine = try HTTPEngine(policy: TrustPolicy())
        defer { engine.shutdown() }
        do {
            _ = try await engine.fetch(HTTPRequest(method: "GET", url: "http://example.com/"))
            Issue.record("plain http to a non-loopback host was sent")
        } catch let error as HTTPError {
            // .policy, not .dns or .connect: the engine refused before any network work.
            #expect(error.code == .policy)
        }
    }

    @Test func aClosedPortIsAConnectFailureNamingTheHost() async throws {
        let engine = try HTTPEngine(policy: TrustPolicy(allowPlainHTTPToLoopback: true, connectTimeoutMilliseconds: 2000))
        defer { engine.shutdown() }
        do {
            _ = try await engine.fetch(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"))
            Issue.record("a request to a closed port succeeded")
        } catch let error as HTTPError {
            #expect(error.code == .connect)
            #expect(error.host == "127.0.0.1")
            #expect(error.isConnectFailure)
        }
    }

    @Test func headersWithLineBreaksAreRefusedBeforeSending() async throws {
        let engine = try HTTPEngine(policy: TrustPolicy(allowPlainHTTPToLoopback: true))
        defer { engine.shutdown() }
        do {
            _ = try await engine.fetch(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/", headers: [("X-A", "1\r\nX-Injected: 2")]))
            Issue.record("a header with CRLF was sent")
        } catch let error as HTTPError {
            #expect(error.code == .policy)
        }
    }

    @Test func aShutDownEngineFailsNewRequests() async throws {
        let engine = try HTTPEngine(policy: TrustPolicy(allowPlainHTTPToLoopback: true))
        engine.shutdown()
        do {
            _ = try await engine.fetch(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"))
            Issue.record("a shut-down engine sent a request")
        } catch let error as HTTPError {
            #expect(error.code == .shutdown)
        }
    }
}
