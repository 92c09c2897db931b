// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPTransport

/// The one reconnection rule (WHATWG HTML §9.2.6 `retry:`; MCP 2025-11-25 transports
/// "Resumability and Redelivery" and "Listening for Messages from the Server").
struct ReconnectPolicyTests {
    @Test func theServersRetryIsTheFirstWaitAndDoublesPerFailedReconnection() {
        let policy = ReconnectPolicy(maxAttempts: 9)
        #expect(policy.decide(attempt: 1, serverRetryMilliseconds: nil) == .reconnect(afterMilliseconds: 1000))
        #expect(policy.decide(attempt: 2, serverRetryMilliseconds: nil) == .reconnect(afterMilliseconds: 2000))
        #expect(policy.decide(attempt: 4, serverRetryMilliseconds: 500) == .reconnect(afterMilliseconds: 4000))
        #expect(policy.decide(attempt: 1, serverRetryMilliseconds: 250) == .reconnect(afterMilliseconds: 250))
        #expect(policy.decide(attempt: 5, serverRetryMilliseconds: 0) == .reconnect(afterMilliseconds: 0))
    }

    @Test func theWaitNeverPasses30Seconds() {
        let policy = ReconnectPolicy(maxAttempts: 50)
        #expect(policy.decide(attempt: 6, serverRetryMilliseconds: nil) == .reconnect(afterMilliseconds: 30_000))
        #expect(policy.decide(attempt: 50, serverRetryMilliseconds: 20_000) == .reconnect(afterMilliseconds: 30_000))
        #expect(policy.decide(attempt: 1, serverRetryMilliseconds: 120_000) == .reconnect(afterMilliseconds: 30_000))
    }

    /// `retry: 9223372036854775807` is valid WHATWG syntax; doubling it used to trap.
    @Test(arguments: [Int.max, Int.max / 2 + 1, 1 << 62])
    func aHugeRetryFromTheServerCannotOverflow(retry: Int) {
        let policy = ReconnectPolicy(maxAttempts: 10)
        for attempt in 1...10 {
            #expect(policy.decide(attempt: attempt, serverRetryMilliseconds: retry) == .reconnect(afterMilliseconds: 30_000))
        }
    }

    @Test func aNegativeRetryIsNoWait() {
        #expect(ReconnectPolicy(maxAttempts: 1).decide(attempt: 1, serverRetryMilliseconds: -5) == .reconnect(afterMilliseconds: 0))
    }

    @Test func itGivesUpAfterItsLimitAndOnNonsense() {
        let policy = ReconnectPolicy(maxAttempts: 3)
        #expect(policy.decide(attempt: 3, serverRetryMilliseconds: nil) != .giveUp)
        #expect(policy.decide(attempt: 4, serverRetryMilliseconds: nil) == .giveUp)
        #expect(policy.decide(attempt: 0, serverRetryMilliseconds: nil) == .giveUp)
        #expect(ReconnectPolicy(maxAttempts: -2).maxAttempts == 0)
    }

    @Test func eachKindOfStreamHasItsLimit() {
        // A response stream: five resumptions, then the editor's request gets an error.
        #expect(ReconnectPolicy.responseStream.decide(attempt: 5, serverRetryMilliseconds: nil) == .reconnect(afterMilliseconds: 16_000))
        #expect(ReconnectPolicy.responseStream.decide(attempt: 6, serverRetryMilliseconds: nil) == .giveUp)
        // The session's GET stream: eight failures in a row.
        #expect(ReconnectPolicy.listeningStream.decide(attempt: 8, serverRetryMilliseconds: nil) == .reconnect(afterMilliseconds: 30_000))
        #expect(ReconnectPolicy.listeningStream.decide(attempt: 9, serverRetryMilliseconds: nil) == .giveUp)
        // The legacy stream is the session: never reopened.
        #expect(ReconnectPolicy.legacySession.decide(attempt: 1, serverRetryMilliseconds: 0) == .giveUp)
    }
}
