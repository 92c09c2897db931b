// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import LoopbackRedirect

private let port: UInt16 = 50123
private let expectation = CallbackExpectation(state: "st4te", issuer: "https://as.example", issuerRequired: false)

/// A request head as a browser sends it, with the parts a test wants to break.
private func head(
    _ target: String = "/oauth/callback?state=st4te&code=c0de",
    method: String = "GET", version: String = "HTTP/1.1",
    host: String? = "127.0.0.1:\(port)", headers: [String] = [], lineEnd: String = "\r\n"
) -> [UInt8] {
    var lines = ["\(method) \(target) \(version)"]
    if let host { lines.append("Host: \(host)") }
    lines += headers
    return Array((lines.joined(separator: lineEnd) + lineEnd + lineEnd).utf8)
}

private func judge(_ bytes: [UInt8]) -> CallbackExchange.Step {
    CallbackExchange.step(bytes, listeningPort: port, expectation: expectation)
}

/// Hostile and malformed requests: each is refused with the right rejection and status, and
/// none of them ends the wait (RFC 9112 §3, §5; RFC 6585 §5; RFC 6749 §3.1; RFC 8252 §7.3).
struct HostileRequestTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let rejection: Rejection
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "request line over 8 KiB without an end", bytes: Array(("GET /oauth/callback?x=" + String(repeating: "a", count: 9000)).utf8),
            rejection: .headTooLarge),
        Case(
            name: "header block over 8 KiB", bytes: head(headers: (0..<100).map { "X-Filler-\($0): " + String(repeating: "b", count: 90) }),
            rejection: .headTooLarge),
        Case(name: "missing Host (RFC 9112 §3.2)", bytes: head(host: nil), rejection: .wrongHost),
        Case(name: "Host of a rebinding page evil.example:PORT", bytes: head(host: "evil.example:\(port)"), rejection: .wrongHost),
        Case(name: "Host 127.0.0.1 with another port", bytes: head(host: "127.0.0.1:\(port + 1)"), rejection: .wrongHost),
        Case(name: "Host localhost:PORT", bytes: head(host: "localhost:\(port)"), rejection: .wrongHost),
        Case(name: "Host without a port", bytes: head(host: "127.0.0.1"), rejection: .wrongHost),
        Case(name: "Host [::1]:PORT", bytes: head(host: "[::1]:\(port)"), rejection: .wrongHost),
        Case(name: "two Host headers (RFC 9112 §3.2)", bytes: head(headers: ["Host: 127.0.0.1:\(port)"]), rejection: .wrongHost),
        Case(name: "POST (RFC 9110 §15.5.6)", bytes: head(method: "POST"), rejection: .methodNotAllowed),
        Case(name: "HEAD", bytes: head(method: "HEAD"), rejection: .methodNotAllowed),
        Case(name: "lowercase get (methods are case-sensitive, RFC 9110 §9.1)", bytes: head(method: "get"), rejection: .methodNotAllowed),
        Case(
            name: "absolute-form target (RFC 9112 §3.2.2)", bytes: head("http://127.0.0.1:\(port)/oauth/callback?state=st4te&code=c0de"),
            rejection: .notOriginForm),
        Case(name: "asterisk-form target", bytes: head("*", method: "OPTIONS"), rejection: .notOriginForm),
        Case(name: "authority-form target", bytes: head("127.0.0.1:\(port)", method: "CONNECT"), rejection: .notOriginForm),
        Case(name: "favicon", bytes: head("/favicon.ico"), rejection: .wrongPath),
        Case(name: "path with a trailing slash", bytes: head("/oauth/callback/?state=st4te&code=c0de"), rejection: .wrongPath),
        Case(name: "path in another case", bytes: head("/OAuth/callback?state=st4te&code=c0de"), rejection: .wrongPath),
        Case(name: "percent-encoded path (compared undecoded)", bytes: head("/oauth/%63allback?state=st4te&code=c0de"), rejection: .wrongPath),
        Case(name: "bad percent escape %zz", bytes: head("/oauth/callback?state=st4te&code=c%zz"), rejection: .malformedQuery),
        Case(name: "truncated percent escape at the end", bytes: head("/oauth/callback?state=st4te&code=c%4"), rejection: .malformedQuery),
        Case(name: "percent sign alone", bytes: head("/oauth/callback?state=st4te&code=%"), rejection: .malformedQuery),
        Case(name: "%00 in a value", bytes: head("/oauth/callback?state=st4te&code=c%00de"), rejection: .malformedQuery),
        Case(name: "%0A in an unknown parameter", bytes: head("/oauth/callback?state=st4te&code=c0de&x=a%0Ab"), rejection: .malformedQuery),
        Case(name: "invalid UTF-8 after decoding (%FF)", bytes: head("/oauth/callback?state=st4te&code=c0de&x=%FF"), rejection: .malformedQuery),
        Case(name: "invalid UTF-8 after decoding (%C3%28)", bytes: head("/oauth/callback?state=%C3%28&code=c0de"), rejection: .malformedQuery),
        Case(name: "duplicate state (RFC 6749 §3.1)", bytes: head("/oauth/callback?state=st4te&state=other&code=c0de"), rejection: .malformedQuery),
        Case(name: "duplicate code", bytes: head("/oauth/callback?state=st4te&code=c0de&code=other"), rejection: .malformedQuery),
        Case(name: "duplicate name after decoding", bytes: head("/oauth/callback?state=st4te&code=c0de&%63ode=other"), rejection: .malformedQuery),
        Case(name: "empty code", bytes: head("/oauth/callback?state=st4te&code="), rejection: .codeMissing),
        Case(name: "no code and no error", bytes: head("/oauth/callback?state=st4te"), rejection: .codeMissing),
        Case(name: "wrong state", bytes: head("/oauth/callback?state=forged&code=c0de"), rejection: .stateMismatch),
        Case(name: "no state", bytes: head("/oauth/callback?code=c0de"), rejection: .stateMissing),
        Case(name: "no query at all", bytes: head("/oauth/callback"), rejection: .stateMissing),
        Case(name: "header without a colon", bytes: head(headers: ["X-Broken header"]), rejection: .malformedHeader),
        Case(name: "whitespace before the colon (RFC 9112 §5.1)", bytes: head(headers: ["Accept : text/html"]), rejection: .malformedHeader),
        Case(name: "obsolete line folding (RFC 9112 §5.2)", bytes: head(headers: ["Accept: text/html", " text/plain"]), rejection: .malformedHeader),
        Case(name: "header name that is not a token", bytes: head(headers: ["X(bad): 1"]), rejection: .malformedHeader),
        Case(name: "empty header name", bytes: head(headers: [": 1"]), rejection: .malformedHeader),
        Case(name: "NUL in a header value", bytes: head(headers: ["X-A: a\u{0}b"]), rejection: .malformedHeader),
        Case(name: "lone CR inside a header", bytes: head(headers: ["X-A: a\rb"]), rejection: .malformedHeader),
        Case(name: "NUL in the request line", bytes: head("/oauth/callback?state=st4te\u{0}&code=c0de"), rejection: .malformedRequestLine),
        Case(
            name: "tab in the request line", bytes: Array("GET\t/oauth/callback HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8),
            rejection: .malformedRequestLine),
        Case(name: "two spaces in the request line", bytes: head(" /oauth/callback?state=st4te&code=c0de"), rejection: .malformedRequestLine),
        Case(name: "HTTP/0.9 request line", bytes: Array("GET /oauth/callback?state=st4te&code=c0de\r\n\r\n".utf8), rejection: .malformedRequestLine),
        Case(name: "fragment in the target", bytes: head("/oauth/callback?state=st4te&code=c0de#frag"), rejection: .malformedRequestLine),
        Case(name: "non-ASCII byte in the target", bytes: head("/oauth/callback?state=st4te&code=cödé"), rejection: .malformedRequestLine),
        Case(name: "empty line before the request line", bytes: Array("\r\n".utf8) + head(), rejection: .malformedRequestLine),
        Case(name: "HTTP/2 connection preface (RFC 9113 §3.4)", bytes: Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8), rejection: .unsupportedVersion),
        Case(name: "HTTP/9.9", bytes: head(version: "HTTP/9.9"), rejection: .unsupportedVersion),
        Case(name: "lowercase version", bytes: head(version: "http/1.1"), rejection: .malformedRequestLine),
        Case(
            name: "TLS ClientHello (rejected before it completes)", bytes: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03],
            rejection: .malformedRequestLine)
    ]

    @Test(arguments: cases)
    func isRejectedAndTheWaitGoesOn(_ testCase: Case) {
        guard case .reply(let response, let verdict) = judge(testCase.bytes) else {
            Issue.record("\(testCase.name): no reply")
            return
        }
        #expect(verdict == .rejected(testCase.rejection))
        let statusLine = "HTTP/1.1 \(testCase.rejection.status) "
        #expect(String(decoding: response, as: UTF8.self).hasPrefix(statusLine))
    }
}

/// Requests that must be taken for the callback, and the head-size boundary.
struct CallbackRequestParsingTests {
    private func parse(_ bytes: [UInt8]) -> CallbackRequest.Outcome {
        CallbackRequest.parse(bytes, listeningPort: port)
    }

    @Test func aBrowserRequestYieldsItsDecodedQuery() {
        let outcome = parse(head("/oauth/callback?state=st4te&code=a%2Fb+c&extra"))
        #expect(outcome == .callback(CallbackQuery(["state": "st4te", "code": "a/b c", "extra": ""])))
    }

    @Test(arguments: [
        ("bare LF line ends (RFC 9112 §2.2)", head(lineEnd: "\n")),
        ("HTTP/1.0", head(version: "HTTP/1.0")),
        ("Host header name in upper case", Array("GET /oauth/callback?state=st4te&code=c0de HTTP/1.1\r\nHOST: 127.0.0.1:\(port)\r\n\r\n".utf8)),
        ("spaces and tabs around the Host value", Array("GET /oauth/callback?state=st4te&code=c0de HTTP/1.1\r\nHost: \t127.0.0.1:\(port) \r\n\r\n".utf8)),
        ("a body after the head", head() + Array("ignored=1".utf8)),
        ("unknown parameters (RFC 6749 §4.1.2)", head("/oauth/callback?session_state=x&state=st4te&code=c0de&scope=a+b"))
    ])
    func isAccepted(_ name: String, _ bytes: [UInt8]) {
        #expect(
            judge(bytes)
                == .reply(
                    response: CallbackPage.response(for: .finished(.success(.authorized(ValidatedCallback(code: "c0de"))))),
                    verdict: .finished(.success(.authorized(ValidatedCallback(code: "c0de"))))), "\(name)")
    }

    @Test func onPort80TheHostMayOmitTheDefaultPort() {
        let request = Array("GET /oauth/callback?state=st4te&code=c0de HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        #expect(CallbackRequest.parse(request, listeningPort: 80) == .callback(CallbackQuery(["state": "st4te", "code": "c0de"])))
        #expect(CallbackRequest.parse(request, listeningPort: 8080) == .rejected(.wrongHost))
        let localhost = Array("GET /oauth/callback?state=st4te&code=c0de HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
        #expect(CallbackRequest.parse(localhost, listeningPort: 80) == .rejected(.wrongHost))
    }

    @Test(arguments: [
        "", "GET /oauth/callback?state=st4te", "GET /oauth/callback?state=st4te&code=c0de HTTP/1.1\r\n",
        "GET /oauth/callback?state=st4te&code=c0de HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n",
        "GET /oauth/callback?state=st4te&code=c0de HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r"
    ])
    func aPartialHeadAsksForMore(_ text: String) {
        #expect(parse(Array(text.utf8)) == .incomplete)
    }

    @Test func aHeadOfExactly8KiBIsAcceptedAndOneByteMoreIsNot() {
        let base = head(headers: ["X-Pad: "])
        let pad = String(repeating: "p", count: CallbackRequest.maxHeadBytes - base.count)
        let exact = head(headers: ["X-Pad: " + pad])
        #expect(exact.count == CallbackRequest.maxHeadBytes)
        guard case .callback = parse(exact) else {
            Issue.record("an 8 KiB head was refused")
            return
        }
        #expect(parse(head(headers: ["X-Pad: " + pad + "p"])) == .rejected(.headTooLarge))
        // Without its empty line, a head that already fills the limit cannot become valid.
        let unterminated = Array(head(headers: ["X-Pad: " + pad + "pp"]).dropLast(2))
        #expect(unterminated.count == CallbackRequest.maxHeadBytes)
        #expect(parse(unterminated) == .rejected(.headTooLarge))
        #expect(parse(Array(unterminated.dropLast())) == .incomplete)
    }
}
