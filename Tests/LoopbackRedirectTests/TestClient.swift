// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Platform
import Synchronization

@testable import LoopbackRedirect

/// A small blocking HTTP client on Glibc sockets, playing the browser (or an attacker) against
/// a real listener on 127.0.0.1. Every socket has 3 s send and receive timeouts so a broken
/// listener fails a test instead of hanging it. Calls that wait for the listener's answer run
/// on their own thread (`offPool`): blocking a thread of Swift's small cooperative pool could
/// starve the task that starts the listener.
enum TestClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A connected blocking socket to 127.0.0.1:port.
    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port) failed: errno \(code)")
        }
        return fd
    }

    /// True when a TCP connection to 127.0.0.1:port is accepted by the kernel.
    static func canConnect(port: UInt16) -> Bool {
        guard let fd = try? connect(port: port) else { return false }
        Glibc.close(fd)
        return true
    }

    static func send(_ fd: Int32, _ text: String) throws {
        try send(fd, Array(text.utf8))
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += n
        }
    }

    /// Reads until the peer closes (or the 3 s timeout, or a reset).
    static func readToEnd(_ fd: Int32) async throws -> String {
        try await offPool { readToEndBlocking(fd) }
    }

    private static func readToEndBlocking(_ fd: Int32) -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            guard n > 0 else { break }
            received += chunk[0..<n]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Sends `request` on a new connection and returns the whole response.
    static func exchange(port: UInt16, _ request: String) async throws -> String {
        try await offPool {
            let fd = try connect(port: port)
            defer { Glibc.close(fd) }
            try send(fd, request)
            return readToEndBlocking(fd)
        }
    }

    /// What a browser sends when it follows the redirect to `target`.
    static func get(port: UInt16, _ target: String) async throws -> String {
        try await exchange(port: port, browserRequest(port: port, target))
    }

    /// Runs blocking socket calls on a thread of their own.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let started = DetachedThread.start { continuation.resume(with: Result { try body() }) }
            if !started { continuation.resume(throwing: Failure(description: "could not start a client thread")) }
        }
    }

    static func browserRequest(port: UInt16, _ target: String) -> String {
        "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: test\r\nAccept: text/html\r\nConnection: keep-alive\r\n\r\n"
    }
}

/// Collects the lines a listener reports, from its thread.
final class ReportedLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    var sink: @Sendable (String) -> Void {
        { [self] line in lines.withLock { $0.append(line) } }
    }
}

/// Runs `listener.wait` in a task and returns its outcome as a `Result`.
func startWaiting(
    _ listener: LoopbackListener, for expectation: CallbackExpectation, timeout: Duration = .seconds(5),
    limits: ServeLimits = .standard, report: @escaping @Sendable (String) -> Void = { _ in }
) -> Task<Result<CallbackResult, LoopbackError>, Never> {
    Task {
        do throws(LoopbackError) {
            return .success(try await listener.wait(for: expectation, timeout: timeout, limits: limits, report: report))
        } catch {
            return .failure(error)
        }
    }
}
