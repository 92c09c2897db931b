// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OAuth

/// `Retry-After` from the token endpoint (RFC 9110 §10.2.3, §5.6.7; RFC 6585 §4): both forms,
/// bounded, and hostile values taken as absent.
@Suite struct RetryAfterTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
    static let example = 784_111_777

    @Test(arguments: [
        ("30", 30), ("0", 0), (" 7 ", 7), ("\t2", 2), ("0030", 30), ("60", 60), ("61", 60), ("86400", 60),
        ("99999999999999999999999999", 60), ("000000000000000000000005", 5)
    ])
    func delaySecondsAreBoundedToAMinute(_ c: (String, Int)) {
        #expect(RetryAfter.seconds(c.0, now: 0) == c.1)
    }

    @Test(arguments: [
        "Sun, 06 Nov 1994 08:50:07 GMT",  // IMF-fixdate
        "Sunday, 06-Nov-94 08:50:07 GMT",  // obsolete RFC 850
        "Sun Nov  6 08:50:07 1994"  // asctime
    ])
    func allThreeDateFormsAreRead(_ value: String) {
        #expect(RetryAfter.seconds(value, now: Self.example) == 30)
    }

    @Test func aDateInThePastIsNoWaitAndOneFarAheadIsAMinute() {
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.example + 3600) == 0)
        #expect(RetryAfter.seconds("Fri, 31 Dec 9999 23:59:59 GMT", now: Self.example) == 60)
        #expect(HTTPDate.epochSeconds("Sun, 06 Dec 2026 18:00:00 GMT") == 1_796_580_000)
        #expect(HTTPDate.epochSeconds("Thu, 29 Feb 2024 00:00:00 GMT") != nil)
    }

    @Test(arguments: [
        "", " ", "-5", "+5", "1.5", "5s", "1e3", "0x10", "thirty", "５",  // fullwidth digit
        "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 29 Feb 2023 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1969 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun,  06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov  6 08:49:37", String(repeating: "9", count: 100), "30\r\nX-Injected: 1"
    ])
    func hostileValuesAreAsIfAbsent(_ value: String) {
        #expect(RetryAfter.seconds(value, now: Self.example) == nil)
    }

    @Test func theTokenErrorCarriesItOnlyFor429And503() {
        let busy = HTTPResponseSummary(status: 429, body: Array(#"{"error":"temporarily_unavailable"}"#.utf8), retryAfter: "30")
        let error = TokenSet.error(from: busy, issuer: "https://as", doing: "the refresh token")
        #expect(error.retryAfterSeconds == 30)
        #expect(error.isTemporary)
        let down = TokenSet.error(
            from: HTTPResponseSummary(status: 503, body: [], retryAfter: "Sun, 06 Nov 1994 08:49:47 GMT"), issuer: "https://as", doing: "x", now: Self.example)
        #expect(down.retryAfterSeconds == 10)
        #expect(down.code == .unavailable)
        let refused = TokenSet.error(
            from: HTTPResponseSummary(status: 400, body: Array(#"{"error":"invalid_grant"}"#.utf8), retryAfter: "30"), issuer: "https://as", doing: "x")
        #expect(refused.retryAfterSeconds == nil)
        #expect(!refused.isTemporary)
        let garbage = TokenSet.error(from: HTTPResponseSummary(status: 429, body: [], retryAfter: "soon"), issuer: "https://as", doing: "x")
        #expect(garbage.retryAfterSeconds == nil)
        #expect(garbage.isTemporary)
    }

    @Test func theWaitIsTheServersOrTheBackoffAndNeverPastTheDeadline() {
        let now = ContinuousClock.now
        var asked = OAuthError(.unavailable, "busy")
        asked.retryAfterSeconds = 30
        #expect(TokenEndpointRetry.delay(after: asked, backoff: .milliseconds(500), deadline: now + .seconds(300), now: now) == .seconds(30))
        #expect(TokenEndpointRetry.delay(after: asked, backoff: .milliseconds(500), deadline: now + .seconds(30), now: now) == nil)
        #expect(TokenEndpointRetry.delay(after: asked, backoff: .milliseconds(500), deadline: nil, now: now) == .seconds(30))
        let plain = OAuthError(.unavailable, "down")
        #expect(TokenEndpointRetry.delay(after: plain, backoff: .milliseconds(500), deadline: now + .seconds(300), now: now) == .milliseconds(500))
        var zero = OAuthError(.unavailable, "now")
        zero.retryAfterSeconds = 0
        #expect(TokenEndpointRetry.delay(after: zero, backoff: .seconds(4), deadline: now + .seconds(300), now: now) == .seconds(4))
        let ended = TokenEndpointRetry.outOfTime(asked)
        #expect(ended.message.contains("Retry-After") && ended.message.contains("30 s"))
        #expect(ended.hint?.contains("--auth-timeout") == true)
        #expect(TokenEndpointRetry.shown(.milliseconds(500)) == "0.5 s")
        #expect(TokenEndpointRetry.shown(.seconds(30)) == "30 s")
    }
}
