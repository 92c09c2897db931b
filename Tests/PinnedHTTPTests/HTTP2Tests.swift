// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CCurl
import Foundation
import Testing

@testable import PinnedHTTP

/// Issue 15 "Bursts": the engine against servers that multiplex (the reference server served by
/// hypercorn with ALPN h2, and an HTTP/2 probe that reports what flow control let it send), and
/// the HTTP/1.1 case beside them. The request log tells each request's connection (the client's
/// port) and HTTP version. Needs `.venv` (`make test`).
@Suite(.serialized)
struct HTTP2Tests {
    @Test func aBurstToAnHTTP2ServerSharesOneConnection() async throws {
        let server = try await TestServerProcess.reference(http2: true)
        // One answer over HTTP/2 and the process knows the server multiplexes (MultiplexingOrigins)…
        let first = try HTTPEngine(policy: try server.policy())
        defer { first.shutdown() }
        _ = try await first.fetch(HTTPRequest(method: "GET", url: server.origin + "/stream-bytes?size=1"))
        // …so a burst from an engine with no connection at all waits for one and multiplexes on it
        // (CURLOPT_PIPEWAIT) instead of opening one per request before HTTP/2 is negotiated.
        let engine = try HTTPEngine(policy: try server.policy())
        defer { engine.shutdown() }
        let sizes = Array(100..<132)
        let bodies = try await fetchAll(engine, sizes.map { server.origin + "/stream-bytes?size=\($0)" })
        #expect(bodies.map(\.body.count).sorted() == sizes)
        let burst = server.requests().dropFirst()
        #expect(burst.count == sizes.count)
        #expect(Set(burst.map { $0["http_version"] as? String }) == ["2"])
        #expect(Set(burst.map { $0["client_port"] as? Int }).count == 1, "the burst used \(Set(burst.map { $0["client_port"] as? Int }).count) connections")
    }

    @Test func aPausedStreamDoesNotHoldUpTheOthersOnItsConnection() async throws {
        let server = try await TestServerProcess.reference(http2: true)
        let (log, heldPort) = try await othersBesideAPausedStream(on: server)
        #expect(Set(log.map { $0["http_version"] as? String }) == ["2"])
        #expect(log.dropFirst().allSatisfy { $0["client_port"] as? Int == heldPort }, "the others were not multiplexed on the paused stream's connection")
    }

    /// libcurl 7.88 grants each stream 32 MiB and, while other streams keep the connection read,
    /// reads a paused stream's data anyway into a buffer of its own (h2window.c). With the granted
    /// window capped, a paused stream holds at most one window there, and the others still move.
    @Test func aPausedStreamHoldsAtMostOneWindowInLibcurl() async throws {
        let probe = try await TestServerProcess.http2Probe()
        let engine = try HTTPEngine(policy: try probe.policy())
        defer { engine.shutdown() }
        let size = 32 << 20
        var held = try await heldStream(engine, probe.origin + "/bytes?size=\(size)")
        // Other streams on the connection, one of them long: libcurl reads the socket for them.
        let others = [probe.origin + "/bytes?size=\(3 << 20)"] + (0..<4).map { probe.origin + "/small-\($0)" }
        let answers = try await within(seconds: 10) { try await fetchAll(engine, others) }
        #expect(answers.map(\.body.count).sorted() == [2, 2, 2, 2, 3 << 20])
        try await Task.sleep(for: .milliseconds(300))  // time for the server to send all the windows allow
        let report = try probe.report()
        let sent = (report["streams"] as? [[String: Any]])?.first?["sent"] as? Int ?? -1
        #expect(report["initial_window"] as? Int == Int(CCURL_H2_STREAM_WINDOW))
        #expect(sent <= BodyFlow.limit + Int(CCURL_H2_STREAM_WINDOW) + (64 << 10), "the server sent \(sent) bytes to a reader that read none")
        #expect(report["connections"] as? Int == 1)
        // Nothing was lost while paused.
        var received = 0
        while let event = try await held.next() {
            if case .body(let chunk) = event { received += chunk.count }
        }
        #expect(received == size)
    }

    @Test func overHTTP1AHeldStreamKeepsItsConnectionAndTheOthersGetTheirs() async throws {
        let server = try await TestServerProcess.reference()
        let (log, heldPort) = try await othersBesideAPausedStream(on: server)
        #expect(Set(log.map { $0["http_version"] as? String }) == ["1.1"])
        #expect(log.dropFirst().allSatisfy { $0["client_port"] as? Int != heldPort }, "a request went to the held stream's connection")
    }

    /// The pin re-check before each request (ccurl.c) runs for a stream multiplexed on a connection
    /// that another transfer holds open, as it does for a pooled HTTP/1.1 connection.
    @Test func aPinMismatchIsCaughtOnAMultiplexedConnection() async throws {
        let server = try await TestServerProcess.reference(http2: true)
        let engine = try HTTPEngine(policy: try server.policy(pins: [try server.pin("root")]))
        defer { engine.shutdown() }
        let held = try await heldStream(engine, server.origin + "/stream-bytes?size=10&hold=30", paused: false)
        var impostor = HTTPRequest(method: "GET", url: server.origin + "/stream-bytes?size=20")
        impostor.pinOverride = [try server.pin("unrelated-root")]
        await expectPinMismatchFoundByTheReCheck(engine, impostor)
        let after = try await engine.fetch(HTTPRequest(method: "GET", url: server.origin + "/stream-bytes?size=30"))
        #expect(after.body.count == 30)
        let log = server.requests()
        #expect(log.map { $0["query"] as? String } == ["size=10&hold=30", "size=30"], "the server saw the impostor's request")
        #expect(Set(log.map { $0["client_port"] as? Int }).count == 1 && Set(log.map { $0["http_version"] as? String }) == ["2"])
        withExtendedLifetime(held) {}
    }
}

/// A stream held paused (16 MiB, its reader reads none) and, beside it, 8 short requests that
/// must all be answered within 10 s: the request log (the held stream's request first) and the
/// held stream's connection (client port).
private func othersBesideAPausedStream(on server: TestServerProcess) async throws -> (log: [[String: Any]], heldPort: Int?) {
    let engine = try HTTPEngine(policy: try server.policy())
    defer { engine.shutdown() }
    let held = try await heldStream(engine, server.origin + "/stream-bytes?size=\(16 << 20)&hold=30")
    let others = (0..<8).map { server.origin + "/stream-bytes?size=\(64 + $0)" }
    let answers = try await within(seconds: 10) { try await fetchAll(engine, others) }
    #expect(answers.map(\.body.count).sorted() == Array(64..<72))
    let log = server.requests()
    withExtendedLifetime(held) {}
    return (log, log.first?["client_port"] as? Int)
}

/// `request`, whose pins the connection's chain does not carry, fails with `.pinMismatch` found by
/// the re-check before sending (the connection was already verified for other pins).
func expectPinMismatchFoundByTheReCheck(_ engine: HTTPEngine, _ request: HTTPRequest) async {
    do {
        _ = try await engine.fetch(request)
        Issue.record("a request with an unrelated pin went out over a connection verified for other pins")
    } catch let error as HTTPError {
        #expect(error.code == .pinMismatch)
        #expect(error.message.contains("reused connection"), "the mismatch must be found by the re-check: \(error.message)")
    } catch {
        Issue.record("unexpected error: \(error)")
    }
}

/// A response whose head was read and whose body nobody reads: with `paused`, its transfer pauses
/// once `BodyFlow.limit` bytes wait (awaited here). The iterator keeps the transfer alive, and
/// reading it resumes it.
private func heldStream(_ engine: HTTPEngine, _ url: String, paused: Bool = true) async throws -> HTTPEventStream.AsyncIterator {
    let stream = engine.stream(HTTPRequest(method: "GET", url: url))
    var iterator = stream.makeAsyncIterator()
    guard case .head(let head)? = try await iterator.next(), head.status == 200 else {
        throw TestSetupError(message: "no 200 head for \(url)")
    }
    if paused {
        let deadline = ContinuousClock.now + .seconds(10)
        while stream.flow?.isPaused != true {
            guard ContinuousClock.now < deadline else { throw TestSetupError(message: "the unread stream never paused") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
    return iterator
}

private func fetchAll(_ engine: HTTPEngine, _ urls: [String]) async throws -> [HTTPResponse] {
    try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
        for url in urls { group.addTask { try await engine.fetch(HTTPRequest(method: "GET", url: url)) } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
}

/// `work`'s result, or a test failure once `seconds` have passed (the work is then cancelled).
private func within<T: Sendable>(seconds: Int, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TestSetupError(message: "not done within \(seconds) s: held up")
        }
        return value
    }
}
