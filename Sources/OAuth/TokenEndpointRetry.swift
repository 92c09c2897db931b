// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// When to ask the token endpoint again after it said "not now" (5xx, 429, network trouble,
/// `temporarily_unavailable`): after the `Retry-After` the answer carried (RFC 9110 §10.2.3,
/// bounded by `RetryAfter.maxSeconds`) or mcp-warden's own backoff, whichever is longer (so
/// `Retry-After: 0` cannot make it hammer the server);
/// never past the renewal's deadline (`--auth-timeout`), so a server that asks for a long wait
/// gets a clear error at once instead of a renewal that times out while sleeping. Pure.
enum TokenEndpointRetry {
    /// The delay before the next attempt, or nil when it would end after `deadline` (with a
    /// second to spare for the request itself).
    static func delay(
        after error: OAuthError, backoff: Duration, deadline: ContinuousClock.Instant?, now: ContinuousClock.Instant = .now
    ) -> Duration? {
        let wanted = max(error.retryAfterSeconds.map { Duration.seconds($0) } ?? .zero, backoff)
        if let deadline, now + wanted + .seconds(1) > deadline { return nil }
        return wanted
    }

    /// "0.5 s", "30 s": a delay for a log line.
    static func shown(_ delay: Duration) -> String {
        let (seconds, attoseconds) = delay.components
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(seconds) s" : "\(seconds).\(tenths) s"
    }

    /// The error for a retry that would not fit in the time left.
    static func outOfTime(_ error: OAuthError) -> OAuthError {
        var message = error.message
        if let seconds = error.retryAfterSeconds {
            message += "; it asks to try again in \(seconds) s (Retry-After), which is more than the time left for this authorization"
        }
        var ended = OAuthError(error.code, message, oauthError: error.oauthError, hint: "try again later, or raise --auth-timeout")
        ended.retryAfterSeconds = error.retryAfterSeconds
        return ended
    }

    /// Sleeps for `delay`; a cancelled renewal ends the wait with `.cancelled`.
    static func sleep(_ delay: Duration) async throws(OAuthError) {
        do { try await Task.sleep(for: delay) } catch { throw OAuthError(.cancelled, "the authorization was cancelled") }
    }
}
