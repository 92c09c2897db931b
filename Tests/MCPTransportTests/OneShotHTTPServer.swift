// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import PinnedHTTP
import Platform

/// A plain-HTTP server on 127.0.0.1 that answers one request with canned bytes, so a transport
/// rule about what a server sends can be checked end to end through curl without a network.
final class OneShotHTTPServer: Sendable {
    let port: Int
    private let listener: Int32

    init(response: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 1) == 0 else {
            if fd >= 0 { close(fd) }
            throw SetupError()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let bytes = Array(response.utf8)
        guard DetachedThread.start({ Self.serveOnce(fd, bytes) }) else { throw SetupError() }
    }

    /// `shutdown` wakes an `accept` still waiting (no request came), so the thread ends too.
    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    struct SetupError: Error {}

    private static func serveOnce(_ listener: Int32, _ response: [UInt8]) {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        // Read the request head and its Content-Length body, then answer.
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            request += buffer[0..<n]
            let blank: [UInt8] = [13, 10, 13, 10]
            guard let end = (0..<max(request.count - 3, 0)).first(where: { request[$0..<$0 + 4].elementsEqual(blank) }) else { continue }
            let length =
                String(decoding: request[..<end], as: UTF8.self).lowercased()
                .split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).filter { $0 != " " }) } ?? 0
            if request.count - (end + 4) >= length { break }
        }
        var offset = 0
        while offset < response.count {
            let n = response[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }
}
