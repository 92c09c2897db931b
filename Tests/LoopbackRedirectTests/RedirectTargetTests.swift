// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import LoopbackRedirect

/// `--host` and `--callback-path` (issue 16 item 4): the redirect URI a pre-registered client
/// needs (Slack: `http://localhost:3118/callback`), while the listener stays on loopback and
/// takes only the exact `Host` and path (DESIGN invariant 5; RFC 8252 §7.3, §8.3).
@Suite(.timeLimit(.minutes(1)))
struct RedirectTargetTests {
    static let state = "c3RhdGUtZm9yLWhvc3QtdGVzdHM"

    @Test(arguments: [("127.0.0.1", LoopbackHost.ipv4), ("localhost", .localhost), ("[::1]", .ipv6), ("::1", .ipv6)])
    func theLoopbackNamesAreAccepted(_ c: (String, LoopbackHost)) {
        #expect(LoopbackHost(argument: c.0) == c.1)
    }

    @Test(arguments: [
        "", "LOCALHOST", "localhost.", "127.0.0.2", "127.1", "0.0.0.0", "::", "[::]", "example.com", "localhost:3118", "127.0.0.1 ",
        "[::ffff:127.0.0.1]", "0x7f000001", "2130706433", "localhost\u{0}"
    ])
    func anythingElseIsRefused(_ argument: String) {
        #expect(LoopbackHost(argument: argument) == nil)
    }

    @Test(arguments: ["/", "/callback", "/oauth/callback", "/a-b_c.d~e/f", "/v1/oauth2/redirect"])
    func safePathsAreAccepted(_ path: String) {
        #expect(CallbackPath.problem(path) == nil)
    }

    @Test(arguments: [
        "", "callback", "//callback", "/callback/", "/a//b", "/./callback", "/a/../b", "/..", "/callback?x=1", "/callback#f", "/call%62ack",
        "/call back", "/cällback", "/call\\back", "/call\u{0}back", "/a;b", "/a:b", "/" + String(repeating: "a", count: 200)
    ])
    func unsafePathsAreRefused(_ path: String) {
        #expect(CallbackPath.problem(path) != nil)
    }

    private func request(_ target: String, host: String) -> [UInt8] {
        Array("GET \(target) HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8)
    }

    @Test func theHostFieldMustBeTheRedirectURIsAuthority() {
        let query = "/callback?state=s&code=c"
        let accepted = CallbackRequest.Outcome.callback(CallbackQuery(["state": "s", "code": "c"]))
        #expect(CallbackRequest.parse(request(query, host: "localhost:3118"), listeningPort: 3118, host: .localhost, path: "/callback") == accepted)
        #expect(CallbackRequest.parse(request(query, host: "[::1]:3118"), listeningPort: 3118, host: .ipv6, path: "/callback") == accepted)
        #expect(CallbackRequest.parse(request(query, host: "localhost"), listeningPort: 80, host: .localhost, path: "/callback") == accepted)
        for (host, name) in [
            (LoopbackHost.localhost, "127.0.0.1:3118"), (.localhost, "LOCALHOST:3118"), (.localhost, "localhost.:3118"), (.localhost, "localhost:3119"),
            (.localhost, "evil.example:3118"), (.localhost, "localhost"), (.ipv6, "::1:3118"), (.ipv6, "[::1]"), (.ipv4, "localhost:3118"),
            (.ipv6, "127.0.0.1:3118")
        ] {
            #expect(
                CallbackRequest.parse(request(query, host: name), listeningPort: 3118, host: host, path: "/callback") == .rejected(.wrongHost),
                "\(host) \(name)")
        }
    }

    @Test func thePathMustMatchByteForByte() {
        for target in ["/oauth/callback?state=s&code=c", "/callback/?state=s&code=c", "/Callback?state=s&code=c", "/callbackx?state=s"] {
            #expect(
                CallbackRequest.parse(request(target, host: "localhost:3118"), listeningPort: 3118, host: .localhost, path: "/callback")
                    == .rejected(.wrongPath), "\(target)")
        }
    }

    @Test func localhostIsServedOnBothLoopbackAddresses() async throws {
        let listener = try LoopbackListener.bind(port: 0, host: .localhost, path: "/callback")
        #expect(listener.redirectURI == "http://localhost:\(listener.port)/callback")
        let expectation = CallbackExpectation(path: "/callback", state: Self.state, issuer: "https://as", issuerRequired: false)
        let reported = ReportedLines()
        let waiting = startWaiting(listener, for: expectation, report: reported.sink)
        // A browser that resolves localhost to ::1 first (RFC 6761 §6.3 allows either).
        let wrongHost = try await V6Client.exchange(
            port: listener.port, "GET /callback?code=X&state=\(Self.state) HTTP/1.1\r\nHost: 127.0.0.1:\(listener.port)\r\n\r\n")
        #expect(wrongHost.hasPrefix("HTTP/1.1 400 "))
        let page = try await V6Client.exchange(
            port: listener.port, "GET /callback?code=V6CODE&state=\(Self.state) HTTP/1.1\r\nHost: localhost:\(listener.port)\r\n\r\n")
        #expect(page.hasPrefix("HTTP/1.1 200 OK"))
        #expect(await waiting.value == .success(.authorized(ValidatedCallback(code: "V6CODE"))))
        #expect(reported.all == ["rejected a request to the callback listener: wrong or missing Host header (HTTP 400)"])
        #expect(!TestClient.canConnect(port: listener.port) && !V6Client.canConnect(port: listener.port), "a listening socket is still open")

        let again = try LoopbackListener.bind(port: 0, host: .localhost, path: "/callback")
        let viaV4 = startWaiting(again, for: expectation)
        let v4 = try await TestClient.exchange(
            port: again.port, "GET /callback?code=V4CODE&state=\(Self.state) HTTP/1.1\r\nHost: localhost:\(again.port)\r\n\r\n")
        #expect(v4.hasPrefix("HTTP/1.1 200 OK"))
        #expect(await viaV4.value == .success(.authorized(ValidatedCallback(code: "V4CODE"))))
    }

    @Test func theIPv6LiteralBindsOnlyIPv6AndTheDefaultOnlyIPv4() throws {
        let v6 = try LoopbackListener.bind(port: 0, host: .ipv6)
        #expect(v6.redirectURI == "http://[::1]:\(v6.port)/oauth/callback")
        #expect(V6Client.canConnect(port: v6.port))
        #expect(!TestClient.canConnect(port: v6.port))
        let v4 = try LoopbackListener.bind(port: 0)
        #expect(TestClient.canConnect(port: v4.port))
        #expect(!V6Client.canConnect(port: v4.port))
    }

    @Test func aPortTakenOnEitherAddressIsInUseForLocalhost() throws {
        let v6 = try LoopbackListener.bind(port: 0, host: .ipv6)
        let error = #expect(throws: LoopbackError.self) { try LoopbackListener.bind(port: v6.port, host: .localhost) }
        #expect(error?.code == .portInUse)
        // Nothing stays bound on 127.0.0.1 after the failure: the port is free there.
        let v4 = try LoopbackListener.bind(port: v6.port)
        #expect(v4.port == v6.port)
    }

    @Test func anUnsafePathIsRefusedAtBind() {
        let error = #expect(throws: LoopbackError.self) { try LoopbackListener.bind(port: 0, path: "/a/../b") }
        #expect(error?.message.contains("callback path") == true)
    }
}

/// The test client over ::1.
enum V6Client {
    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClient.Failure(description: "socket() failed") }
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        address.sin6_addr = in6addr_loopback
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw TestClient.Failure(description: "connect to [::1]:\(port) failed: errno \(errno)")
        }
        return fd
    }

    static func canConnect(port: UInt16) -> Bool {
        guard let fd = try? connect(port: port) else { return false }
        Glibc.close(fd)
        return true
    }

    static func exchange(port: UInt16, _ request: String) async throws -> String {
        try await TestClient.offPool {
            let fd = try connect(port: port)
            defer { Glibc.close(fd) }
            try TestClient.send(fd, request)
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
                guard n > 0 else { break }
                received += chunk[0..<n]
            }
            return String(decoding: received, as: UTF8.self)
        }
    }
}
