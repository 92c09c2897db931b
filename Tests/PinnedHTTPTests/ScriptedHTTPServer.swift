// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import PinnedHTTP
import Platform

/// A plain-HTTP server on 127.0.0.1 for one connection: it reads the request head, sends each
/// step's bytes after the step's delay, then holds the connection open for `holdMilliseconds`
/// (a peer that stalls: no head at all, or a head and part of a body).
final class ScriptedHTTPServer: Sendable {
    let port: Int
    private let listener: Int32

    init(steps: [(delayMilliseconds: Int, bytes: String)], holdMilliseconds: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
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
        let script = steps.map { ($0.delayMilliseconds, Array($0.bytes.utf8)) }
        guard DetachedThread.start({ Self.serve(fd, script, holdMilliseconds: holdMilliseconds) }) else { throw SetupError() }
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    struct SetupError: Error {}

    var url: String { "http://127.0.0.1:\(port)/" }

    private static func serve(_ listener: Int32, _ script: [(Int, [UInt8])], holdMilliseconds: Int) {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: [13, 10, 13, 10]) {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            request += buffer[0..<n]
        }
        for (delay, bytes) in script {
            usleep(useconds_t(delay * 1000))
            guard bytes.withUnsafeBytes({ send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { return }
        }
        usleep(useconds_t(holdMilliseconds * 1000))
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
