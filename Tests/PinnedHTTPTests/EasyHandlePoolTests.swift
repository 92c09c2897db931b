// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Platform
import Synchronization
import Testing

@testable import PinnedHTTP

/// A reused easy handle (`EasyHandlePool`) carries nothing of the request before it: not its
/// method, headers or body. Checked on the wire, on one kept-alive connection, so the second and
/// third requests really run on handles that served the first.
struct EasyHandlePoolTests {
    @Test func aReusedHandleSendsOnlyWhatItsOwnRequestSays() async throws {
        let server = try RecordingServer()
        let engine = try HTTPEngine(policy: TrustPolicy(allowPlainHTTPToLoopback: true))
        defer { engine.shutdown() }
        let url = "http://127.0.0.1:\(server.port)/mcp"
        let started = ContinuousClock.now
        _ = try await engine.fetch(HTTPRequest(method: "DELETE", url: url, headers: [("X-Secret-Header", "first")], body: Array("first body".utf8)))
        _ = try await engine.fetch(HTTPRequest(method: "GET", url: url))
        _ = try await engine.fetch(HTTPRequest(method: "POST", url: url, body: Array("third".utf8)))
        let elapsed = ContinuousClock.now - started
        let seen = server.requests
        #expect(seen.count == 3)
        // One kept-alive connection, unless the machine was so busy that a pooled connection
        // passed CURLOPT_MAXAGE_CONN (3 s) between two requests (seen once in CI: 4.3 s).
        #expect(server.connections == 1 || elapsed > .seconds(2.5), "the three requests should share one connection")
        guard seen.count == 3 else { return }
        #expect(seen[0].head.hasPrefix("DELETE /mcp "))
        #expect(seen[0].head.lowercased().contains("x-secret-header: first"))
        #expect(seen[1].head.hasPrefix("GET /mcp "))
        #expect(!seen[1].head.lowercased().contains("x-secret-header"))
        #expect(seen[1].body.isEmpty)
        #expect(seen[2].head.hasPrefix("POST /mcp "))
        #expect(!seen[2].head.lowercased().contains("x-secret-header"))
        #expect(seen[2].body == Array("third".utf8))
    }

    @Test func thePoolKeepsAtMostItsCapacity() {
        let pool = EasyHandlePool()
        let handles = (0..<EasyHandlePool.capacity + 4).compactMap { _ in pool.take() }
        #expect(handles.count == EasyHandlePool.capacity + 4)
        for handle in handles { pool.give(handle) }
        let again = (0..<EasyHandlePool.capacity + 4).compactMap { _ in pool.take() }
        // The first `capacity` come back from the pool; the rest are new.
        #expect(Set(again.prefix(EasyHandlePool.capacity)).isSubset(of: Set(handles)))
        for handle in again { pool.give(handle) }
    }
}

/// Answers every request on its connections with `200` and an empty JSON body, recording each
/// request's head and body.
final class RecordingServer: @unchecked Sendable {
    struct Request { let head: String; let body: [UInt8] }
    let port: UInt16
    private let state = Mutex<(requests: [Request], connections: Int)>(([], 0))
    var requests: [Request] { state.withLock { $0.requests } }
    var connections: Int { state.withLock { $0.connections } }

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 4) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard ok else { throw HTTPError(code: .transport, host: "127.0.0.1", message: "the test server could not listen") }
        port = UInt16(bigEndian: address.sin_port)
        _ = DetachedThread.start { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                state.withLock { $0.connections += 1 }
                _ = DetachedThread.start { [self] in serve(connection) }
            }
        }
    }

    private func serve(_ fd: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            while !pending.containsSequence([13, 10, 13, 10]) {
                let n = read(fd, &buffer, buffer.count)
                guard n > 0 else { close(fd); return }
                pending += buffer[..<n]
            }
            let end = pending.indexAfterSequence([13, 10, 13, 10])!
            let head = String(decoding: pending[..<(end - 4)], as: UTF8.self)
            pending.removeFirst(end)
            let length =
                head.lowercased().split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst(15).trimmingPrefix(" ")) } ?? 0
            while pending.count < length {
                let n = read(fd, &buffer, buffer.count)
                guard n > 0 else { close(fd); return }
                pending += buffer[..<n]
            }
            let body = Array(pending[..<length])
            pending.removeFirst(length)
            state.withLock { $0.requests.append(Request(head: head, body: body)) }
            let answer = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".utf8)
            _ = answer.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
    }
}

private extension [UInt8] {
    func containsSequence(_ needle: [UInt8]) -> Bool { indexAfterSequence(needle) != nil }

    func indexAfterSequence(_ needle: [UInt8]) -> Int? {
        guard count >= needle.count else { return nil }
        for start in 0...(count - needle.count) where Array(self[start..<start + needle.count]) == needle { return start + needle.count }
        return nil
    }
}
