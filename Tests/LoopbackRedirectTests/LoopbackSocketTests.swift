// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import LoopbackRedirect

/// Socket options of the listener (RFC 8252 §8.3: loopback only; DESIGN invariant 5).
struct LoopbackSocketTests {
    private func option(_ fd: Int32, _ name: Int32) -> Int32 {
        var value: Int32 = -1
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, name, &value, &length)
        return value
    }

    private func isCloseOnExecAndNonBlocking(_ fd: Int32) -> Bool {
        fcntl(fd, F_GETFD) & FD_CLOEXEC != 0 && fcntl(fd, F_GETFL) & O_NONBLOCK != 0
    }

    @Test func theListeningSocketIsLoopbackOnlyWithoutReusePort() throws {
        let (fd, port) = try LoopbackSocket.listen(port: 0)
        defer { Glibc.close(fd) }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        #expect(UInt32(bigEndian: address.sin_addr.s_addr) == 0x7F00_0001)
        #expect(UInt16(bigEndian: address.sin_port) == port)
        #expect(option(fd, SO_REUSEADDR) != 0)
        #expect(option(fd, SO_REUSEPORT) == 0)
        #expect(isCloseOnExecAndNonBlocking(fd))
    }

    @Test func acceptedConnectionsAndTheWakePipeAreCloseOnExecAndNonBlocking() throws {
        let (fd, port) = try LoopbackSocket.listen(port: 0)
        defer { Glibc.close(fd) }
        let client = try TestClient.connect(port: port)
        defer { Glibc.close(client) }
        var accepted: Int32 = -1
        for _ in 0..<100 where accepted < 0 {
            if case .connection(let connection) = LoopbackSocket.accept(fd) { accepted = connection } else { usleep(1000) }
        }
        defer { Glibc.close(accepted) }
        #expect(accepted >= 0)
        #expect(isCloseOnExecAndNonBlocking(accepted))
        let pipe = try LoopbackSocket.wakePipe()
        defer { Glibc.close(pipe.read); Glibc.close(pipe.write) }
        #expect(isCloseOnExecAndNonBlocking(pipe.read) && isCloseOnExecAndNonBlocking(pipe.write))
    }
}
