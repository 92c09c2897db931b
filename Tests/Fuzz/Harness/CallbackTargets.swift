// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

@testable import LoopbackRedirect
@testable import OAuth

/// The loopback redirect listener's pure core (DESIGN invariant 5): any local process or web page
/// can write to the callback port, so every byte is hostile.
enum CallbackTargets {
    static let port: UInt16 = 33418
    static let expectation = CallbackExpectation(state: "s7Kq2", issuer: "https://as.example.com", issuerRequired: false)
    static let strict = CallbackExpectation(state: "s7Kq2", issuer: "https://as.example.com", issuerRequired: true)

    /// Agreement: the listener parses what it has read so far after every read, so for a cut at
    /// any point, a prefix that already has an answer (rejected or callback) has the answer of the
    /// whole input; the answer is reached within `maxHeadBytes` (RFC 6585 §5). A callback then
    /// goes through `CallbackExchange` (validator + page) without crashing. Input: byte 0 picks
    /// the cut, the rest is what the socket received.
    static let request = FuzzTarget(name: "callback-request", checks: "prefix answer = whole answer (incremental reads); head ≤ 8 KiB; exchange total") {
        bytes in
        var input = FuzzInput(bytes)
        let cutByte = Int(input.byte())
        let received = input.rest()
        let whole = CallbackRequest.parse(received, listeningPort: port)
        let cut = received.isEmpty ? 0 : cutByte % (received.count + 1)
        let early = CallbackRequest.parse(Array(received[..<cut]), listeningPort: port)
        if early != .incomplete { require(early == whole, "a prefix answered \(early), the whole request \(whole)") }
        if received.count >= CallbackRequest.maxHeadBytes { require(whole != .incomplete, "more than maxHeadBytes without an answer") }
        if case .callback(let query) = whole { checkVerdict(CallbackValidator.validate(query, against: expectation), query, expectation) }
        _ = CallbackExchange.step(received, listeningPort: port, expectation: strict)
    }

    /// Invariants of the query decoder and the validator (RFC 6749 §4.1.2, §4.1.2.1, RFC 9207
    /// §2.4): an authorized verdict needs the expected `state`, a matching or allowed-missing
    /// `iss`, and a code of 1…4096 visible ASCII bytes; a denial has an Appendix A.7 error and a
    /// printable description of at most 300 characters. Input: byte 0 bit 0 requires `iss`; the
    /// rest is the query after `?`.
    static let query = FuzzTarget(name: "callback-query", checks: "authorized ⇒ state and iss match, code visible ASCII ≤ 4096; denial sanitized") { bytes in
        var input = FuzzInput(bytes)
        let wanted = input.byte() & 1 == 1 ? strict : expectation
        guard let query = CallbackQuery.decode(input.rest()[...]) else { return }
        checkVerdict(CallbackValidator.validate(query, against: wanted), query, wanted)
    }

    static func checkVerdict(_ verdict: CallbackValidator.Verdict, _ query: CallbackQuery, _ wanted: CallbackExpectation) {
        guard case .finished(.success(let result)) = verdict else { return }
        require(query["state"] == wanted.state, "a verdict without the expected state")
        require(query["iss"] == wanted.issuer || (query["iss"] == nil && !wanted.issuerRequired), "a verdict without the expected issuer")
        switch result {
        case .authorized(let callback):
            require(query["error"] == nil, "authorized despite an error parameter")
            require(
                (1...CallbackValidator.maxCodeBytes).contains(callback.code.utf8.count)
                    && callback.code.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "an authorization code that is not 1…4096 visible ASCII bytes")
        case .denied(let error, let description):
            require(CallbackValidator.isErrorCode(error), "a denial whose error is not NQSCHAR")
            if let description {
                require(
                    description.unicodeScalars.count <= 300 && description.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
                        && description.first != " " && description.last != " ", "an unsanitized error_description")
            }
        }
    }

    /// Agreement: what `PastedRedirect` accepts is replayed as a request the listener reads as a
    /// GET of the callback path on the right Host (it may still refuse the query); what it returns
    /// is one line of visible ASCII starting with the path and `?`. Input: a pasted line.
    static let pastedRedirect = FuzzTarget(
        name: "pasted-redirect", checks: "accepted ⇒ the listener parses the replayed request as the callback path (query aside)"
    ) { bytes in
        let redirectURI = "http://127.0.0.1:\(port)/oauth/callback"
        guard let target = PastedRedirect.requestTarget(pasted: String(decoding: bytes, as: UTF8.self), redirectURI: redirectURI) else { return }
        require(
            target.hasPrefix("/oauth/callback?") && target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F },
            "a replay target that is not the path and a query in visible ASCII")
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        switch CallbackRequest.parse(request, listeningPort: port) {
        case .callback, .rejected(.malformedQuery): break
        case let other: require(false, "the listener answers a replayed paste with \(other)")
        }
    }
}
