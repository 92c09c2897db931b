// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// The few POSIX calls the listener makes, each with its errno turned into a `LoopbackError`
/// or a plain outcome. Every descriptor is non-blocking and close-on-exec, so a browser or
/// other child started while the flow runs never inherits the callback port.
enum LoopbackSocket {
    /// The loopback address a listening socket is bound to.
    enum Family: Sendable {
        /// 127.0.0.1
        case ipv4
        /// ::1, with `IPV6_V6ONLY` so the socket never takes IPv4 traffic.
        case ipv6

        var shown: String { self == .ipv4 ? "127.0.0.1" : "[::1]" }
    }

    /// A listening TCP socket on a loopback address only (RFC 8252 §7.3, §8.3: loopback, never a
    /// routable interface). `SO_REUSEADDR` lets a fixed port be reused while old connections
    /// sit in TIME_WAIT; `SO_REUSEPORT` is never set, so no other process can share the port.
    /// Returns the descriptor and the bound port (the kernel's choice when `port` is 0). A host
    /// without that loopback address (a container without IPv6) fails with `.addressUnavailable`.
    static func listen(port: UInt16, family: Family = .ipv4, backlog: Int32 = 32) throws(LoopbackError) -> (fd: Int32, port: UInt16) {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let fd = socket(domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            let code = errno
            throw LoopbackError(
                code == EAFNOSUPPORT ? .addressUnavailable : .bindFailed,
                "could not create a socket for the callback listener on \(family.shown): \(errnoText(code))")
        }
        var one: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0,
            family == .ipv4 || setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size)) == 0
        else {
            let error = LoopbackError(.bindFailed, "could not set the options of the callback listener: \(errnoText())")
            Glibc.close(fd)
            throw error
        }
        let bound: Int32
        switch family {
        case .ipv4:
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipv6:
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = in6addr_loopback
            bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        // With SO_REUSEADDR on both sides, Linux lets a second socket bind a port that is bound
        // but not yet listening; listen() then reports EADDRINUSE, so both calls are checked.
        guard bound == 0, Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            Glibc.close(fd)
            if code == EADDRINUSE {
                throw LoopbackError(.portInUse, "port \(port) on \(family.shown) is already in use; choose another with --callback-port")
            }
            throw LoopbackError(
                code == EADDRNOTAVAIL ? .addressUnavailable : .bindFailed, "could not listen on \(family.shown):\(port): \(errnoText(code))")
        }
        var actual = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let error = LoopbackError(.bindFailed, "could not read the callback listener's port: \(errnoText())")
            Glibc.close(fd)
            throw error
        }
        let actualPort = withUnsafePointer(to: &actual) { pointer in
            family == .ipv4
                ? pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
                : pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
        }
        return (fd, actualPort)
    }

    /// A non-blocking, close-on-exec pair of connected sockets used as a wake-up pipe: a byte
    /// written to `write` wakes a poll() on `read`. (`socketpair` takes the flags atomically;
    /// `pipe2` is not visible to Swift through Glibc.)
    static func wakePipe() throws(LoopbackError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw LoopbackError(.io, "could not create the callback listener's wake-up pipe: \(errnoText())")
        }
        return (fds[0], fds[1])
    }

    enum Accepted {
        /// A new connection, non-blocking and close-on-exec.
        case connection(Int32)
        /// Nothing this time, but worth calling again at once (EINTR, an aborted connection).
        case again
        /// No connection is pending.
        case empty
        /// accept() fails for a reason that will not go away at once (EMFILE, ENFILE, ENOBUFS…).
        case failed
    }

    /// Accepts one pending connection.
    static func accept(_ listenFD: Int32) -> Accepted {
        let fd = acceptNonBlocking(listenFD)
        if fd >= 0 { return .connection(fd) }
        switch errno {
        case EINTR, ECONNABORTED, EPROTO: return .again
        case EAGAIN, EWOULDBLOCK: return .empty
        default: return .failed
        }
    }

    private typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// glibc's `accept4`, which sets both flags atomically, so a child process started by another
    /// thread at that moment cannot inherit the connection. Glibc's Swift module does not export
    /// it (it is a GNU extension), so it is looked up by name once.
    private static let accept4: Accept4? = dlsym(nil, "accept4").map { unsafeBitCast($0, to: Accept4.self) }

    private static func acceptNonBlocking(_ listenFD: Int32) -> Int32 {
        if let accept4 {
            return accept4(listenFD, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
        }
        let fd = Glibc.accept(listenFD, nil, nil)
        if fd >= 0 {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return fd
    }

    enum Transfer {
        /// This many bytes moved.
        case bytes(Int)
        /// Nothing to move now; poll again.
        case wouldBlock
        /// The peer closed (read) or the connection broke.
        case closed
    }

    /// Reads up to `count` bytes, appending them to `buffer`.
    static func receive(_ fd: Int32, into buffer: inout [UInt8], count: Int) -> Transfer {
        var chunk = [UInt8](repeating: 0, count: count)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, 0) }
        if n > 0 {
            buffer.append(contentsOf: chunk[0..<n])
            return .bytes(n)
        }
        if n < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock }
        return .closed
    }

    /// Sends what it can of `bytes[offset...]` without raising SIGPIPE.
    static func send(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> Transfer {
        let n = bytes.withUnsafeBytes { raw in
            Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        }
        if n >= 0 { return .bytes(n) }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock }
        return .closed
    }

    /// Wakes a poll() on the pipe's read end; a full pipe already holds a wake-up.
    static func wake(_ writeFD: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(writeFD, &byte, 1)
    }

    /// Empties the pipe's read end.
    static func drain(_ readFD: Int32) {
        var scratch = [UInt8](repeating: 0, count: 64)
        while scratch.withUnsafeMutableBytes({ Glibc.read(readFD, $0.baseAddress, 64) }) > 0 {}
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
