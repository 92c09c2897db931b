// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import LoopbackRedirect

private func split(_ response: [UInt8]) -> (head: String, body: String) {
    let text = String(decoding: response, as: UTF8.self)
    let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
    return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
}

/// The pages served on the callback port (OAuth 2.1 draft-13 §2.3.6, §7.4.2; RFC 9110 §15.5.6).
struct CallbackPageTests {
    static let verdicts: [(CallbackValidator.Verdict, Int, String)] = [
        (.finished(.success(.authorized(ValidatedCallback(code: "SECRETCODE")))), 200, "mcp-warden: authorized, you can close this tab"),
        (.finished(.success(.denied(error: "access_denied", description: "SECRETDESC"))), 200, "mcp-warden: authorization was denied: access_denied"),
        (.finished(.failure(LoopbackError(.issuerMismatch, "x"))), 400, "the login was stopped"),
        (.rejected(.stateMismatch), 400, "mcp-warden: this request was not accepted (state did not match)"),
        (.rejected(.wrongPath), 404, "this request was not accepted"),
        (.rejected(.methodNotAllowed), 405, "this request was not accepted"),
        (.rejected(.headTooLarge), 431, "this request was not accepted")
    ]

    @Test(arguments: verdicts)
    func eachPageHasItsStatusTextAndSafetyHeaders(_ verdict: CallbackValidator.Verdict, _ status: Int, _ text: String) {
        let response = CallbackPage.response(for: verdict)
        let (head, body) = split(response)
        let lines = head.split(separator: "\r\n").map(String.init)
        #expect(lines.first?.hasPrefix("HTTP/1.1 \(status) ") == true)
        for header in [
            "Content-Type: text/html; charset=utf-8", "Cache-Control: no-store", "Referrer-Policy: no-referrer",
            "Content-Security-Policy: default-src 'none'; style-src '\(CallbackPage.styleHash)'", "Connection: close",
            "Content-Length: \(body.utf8.count)"
        ] {
            #expect(lines.contains(header), "missing \(header)")
        }
        #expect(lines.contains("Allow: GET") == (status == 405))
        #expect(body.contains(text))
        #expect(!body.lowercased().contains("<script"))
        #expect(!body.contains("SECRET"))
        #expect(body.contains("<body class=\"\(status == 200 && text.contains("authorized,") ? "success" : "failure")\">"))
    }

    /// The style sheet is the page's one allowed resource: inline, allowed by its hash only (the
    /// hash itself is checked by a browser: Integration/tests/test_real_browser.py).
    @Test func theStyleIsAllowedByItsHashAlone() {
        let (head, body) = split(CallbackPage.response(for: .finished(.success(.authorized(ValidatedCallback(code: "c"))))))
        #expect(body.contains("<style>\(CallbackPage.style)</style>"))
        #expect(!CallbackPage.style.contains("<") && !CallbackPage.style.contains("url("))
        #expect(CallbackPage.styleHash.hasPrefix("sha256-") && CallbackPage.styleHash.count == 51)
        #expect(!head.contains("unsafe-inline") && !head.contains("script-src"))
    }

    @Test func theDeniedErrorIsHTMLEscaped() {
        let (_, body) = split(CallbackPage.response(for: .finished(.success(.denied(error: "<img src=x onerror='a'>&", description: nil)))))
        #expect(body.contains("&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"))
        #expect(!body.contains("<img"))
    }

    @Test func noPageRepeatsTheQuery() {
        let bytes = Array("GET /oauth/callback?state=STATEVALUE&code=CODEVALUE&iss=ISSVALUE HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n".utf8)
        for state in ["STATEVALUE", "other"] {
            for issuer in ["ISSVALUE", "other"] {
                let expectation = CallbackExpectation(state: state, issuer: issuer, issuerRequired: false)
                guard case .reply(let response, _) = CallbackExchange.step(bytes, listeningPort: 1, expectation: expectation) else {
                    Issue.record("no reply")
                    continue
                }
                let text = String(decoding: response, as: UTF8.self)
                #expect(!text.contains("STATEVALUE") && !text.contains("CODEVALUE") && !text.contains("ISSVALUE"))
            }
        }
    }
}

/// No secret leaks through printing (DESIGN invariant 2).
struct RedactionTests {
    @Test func aValidatedCallbackNeverPrintsItsCode() {
        let callback = ValidatedCallback(code: "SECRETCODE")
        var dumped = ""
        dump(callback, to: &dumped)
        for text in ["\(callback)", String(reflecting: callback), dumped, "\(CallbackResult.authorized(callback))"] {
            #expect(!text.contains("SECRETCODE"), "\(text)")
        }
    }

    @Test func anExpectationNeverPrintsItsState() {
        let expectation = CallbackExpectation(state: "SECRETSTATE", issuer: "https://as.example", issuerRequired: true)
        #expect(!"\(expectation)".contains("SECRETSTATE"))
    }
}

/// The summary in the timeout message.
struct RejectionSummaryTests {
    @Test func countsInTheOrderTheyFirstHappened() {
        var tally = RejectionTally()
        #expect(tally.summary == "no request arrived")
        tally.add(.stateMismatch)
        #expect(tally.summary == "1 request rejected: state did not match (1)")
        tally.add(.wrongPath)
        tally.add(.stateMismatch)
        #expect(tally.summary == "3 requests rejected: state did not match (2), wrong path (1)")
    }

    @Test(arguments: [
        (Duration.seconds(120), "120 s"), (.milliseconds(300), "0.3 s"), (.milliseconds(1250), "1.25 s"),
        (.milliseconds(5), "0.005 s"), (.zero, "0 s")
    ])
    func durationsReadAsSeconds(_ duration: Duration, _ text: String) {
        #expect(ServeLoop.seconds(duration) == text)
    }

    @Test func pollTimeoutsRoundUp() {
        let now = ContinuousClock.now
        #expect(ServeLoop.milliseconds(from: now, to: nil) == -1)
        #expect(ServeLoop.milliseconds(from: now, to: now - .seconds(1)) == 0)
        #expect(ServeLoop.milliseconds(from: now, to: now + .microseconds(1)) == 1)
        #expect(ServeLoop.milliseconds(from: now, to: now + .milliseconds(300)) == 300)
    }
}
