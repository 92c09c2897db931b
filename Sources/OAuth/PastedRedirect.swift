// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import LoopbackRedirect
import PinnedHTTP
import Platform

/// `mcp-warden login` on an SSH or headless machine: the browser runs elsewhere and its redirect to
/// `http://127.0.0.1:PORT/oauth/callback?…` (or the `--host`/`--callback-path` form) fails there. The user pastes that address; it is
/// replayed to this machine's own listener as a browser would send it, so it goes through exactly
/// the same checks (`state`, `iss`, Host, size) as any callback.
enum PastedRedirect {
    /// True when a person can paste: stdin and stderr are terminals.
    static var isInteractive: Bool { isatty(0) == 1 && isatty(2) == 1 }

    /// True when no local browser can be expected: an SSH session, or no display.
    static func looksRemote(environment: [String: String]) -> Bool {
        environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil || BrowserLauncher.program(environment: environment) == nil
    }

    /// Reads lines from the terminal on a thread of its own until one is an address on the
    /// listener; replays it. Ends with the process (a blocked read cannot be cancelled portably).
    static func offer(redirectURI: String, host: LoopbackHost, port: UInt16, say: @escaping @Sendable (String) -> Void) {
        say("if the browser runs on another machine, paste here the address it was redirected to (it starts with \(redirectURI)) and press Enter")
        _ = DetachedThread.start {
            while let line = readLine(fd: 0) {
                let text = line.trimmingCharacters()
                guard !text.isEmpty else { continue }
                guard let target = requestTarget(pasted: text, redirectURI: redirectURI) else {
                    say("that is not an address starting with \(redirectURI)?…; paste the whole address from the browser's address bar")
                    continue
                }
                replay(pathAndQuery: target, host: host, port: port)
            }
        }
    }

    /// The request target (path and query) to replay for a pasted address, or nil unless it is the
    /// redirect URI with a query: one line of visible ASCII, at most 8000 bytes. The listener then
    /// applies every callback check (state, iss, parameter syntax) to it. A fragment (`#_=_` and
    /// the like, which some servers append) is dropped, as a browser never sends one (RFC 3986
    /// §3.5; the listener refuses a `#` in the request target).
    static func requestTarget(pasted text: String, redirectURI: String) -> String? {
        let text = text.firstIndex(of: "#").map { String(text[..<$0]) } ?? text
        guard text.hasPrefix(redirectURI + "?"), text.utf8.count <= 8000, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let path = WellKnown.split(redirectURI)?.path
        else { return nil }
        return path + text.dropFirst(redirectURI.count)
    }

    /// One line from `fd` (at most 16 KiB), nil at end of input.
    static func readLine(fd: Int32) -> String? {
        guard var bytes = Syscall.readLine(fd, limit: 16 << 10) else { return nil }
        if bytes.last == 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A GET to the listener (127.0.0.1, or ::1 for `[::1]`) with the Host a browser sends for the
    /// redirect URI; the listener answers and judges it.
    static func replay(pathAndQuery: String, host: LoopbackHost, port: UInt16) {
        let fd = socket(host == .ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let connected: Int32
        if host == .ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            address.sin6_addr = in6addr_loopback
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard connected == 0 else { return }
        let request = Array("GET \(pathAndQuery) HTTP/1.1\r\nHost: \(host.rawValue):\(port)\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while recv(fd, &buffer, buffer.count, 0) > 0 {}
    }
}

extension String {
    func trimmingCharacters() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
