// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PinnedHTTP

/// Every network wait has a bound (DESIGN.md invariant 11): the wait for a response head
/// (`HTTPRequest.headTimeoutMilliseconds`, MCP's `--response-timeout`) ends a transfer whose head
/// is late, never one whose head arrived; a stalled body fails at the low-speed limit (OAuth).
struct ResponseDeadlineTests {
    private func engine() throws -> HTTPEngine {
        try HTTPEngine(policy: TrustPolicy(allowPlainHTTPToLoopback: true, connectTimeoutMilliseconds: 2000))
    }

    @Test func aHeadThatNeverComesEndsTheTransferAtItsDeadline() async throws {
        let server = try ScriptedHTTPServer(steps: [], holdMilliseconds: 15000)
        let engine = try engine()
        defer { engine.shutdown() }
        var request = HTTPRequest(method: "POST", url: server.url, body: Array("{}".utf8))
        request.headTimeoutMilliseconds = 1000
        let started = ContinuousClock.now
        do {
            _ = try await engine.fetch(request)
            Issue.record("a request without an answer succeeded")
        } catch let error as HTTPError {
            #expect(error.code == .timeout)
            #expect(error.message == "no response within 1 s")
            // The request went out: a retry could duplicate work, so this is no connect failure.
            #expect(!error.isConnectFailure)
        }
        #expect(ContinuousClock.now - started < .seconds(10))  // well under the server's 15 s, with room for a busy machine
    }

    @Test func aStreamWhoseHeadArrivedIsNotCutByTheHeadDeadline() async throws {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 15\r\n\r\n"
        let server = try ScriptedHTTPServer(steps: [(0, head), (1200, "data: one\n\n"), (1200, "two\n")], holdMilliseconds: 0)
        let engine = try engine()
        defer { engine.shutdown() }
        var request = HTTPRequest(method: "GET", url: server.url)
        request.headTimeoutMilliseconds = 1000
        let started = ContinuousClock.now
        let response = try await engine.fetch(request)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "data: one\n\ntwo\n")
        #expect(ContinuousClock.now - started >= .milliseconds(2300))
    }

    @Test func aStalledBodyFailsAtTheLowSpeedLimit() async throws {
        let server = try ScriptedHTTPServer(
            steps: [(0, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\"")],
            holdMilliseconds: 8000)
        let engine = try engine()
        defer { engine.shutdown() }
        var request = HTTPRequest(method: "GET", url: server.url)
        request.lowSpeed = (bytesPerSecond: 1, seconds: 1)
        let started = ContinuousClock.now
        do {
            _ = try await engine.fetch(request)
            Issue.record("a stalled body was read to its end")
        } catch let error as HTTPError {
            #expect(error.code == .timeout)
            #expect(error.message.contains("too slow"))
        }
        // curl averages the speed over the last 5 s: the head's burst counts until it leaves the window.
        #expect(ContinuousClock.now - started < .seconds(8))
    }
}
