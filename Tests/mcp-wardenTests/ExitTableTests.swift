// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Bridge
import OAuth
import Testing

@testable import mcp_warden

/// The one table from how a command ended to its exit code (README "Exit codes"; sysexits.h).
/// Every row is pinned: a change here is a change of the CLI's API.
@Suite struct ExitTableTests {
    /// (Swift Testing has an `ExitStatus` of its own.)
    typealias Status = mcp_warden.ExitStatus

    @Test func theCodesAreTheDocumentedOnes() {
        #expect([Status.ok, .internalError, .usage, .unreachable, .protocolFailure, .unauthorized, .config].map(\.rawValue) == [0, 1, 64, 69, 76, 77, 78])
    }

    @Test(arguments: [
        (BridgeOutcome.finished, Status.ok), (.unreachable, .unreachable), (.refused, .protocolFailure), (.untrusted, .config),
        (.unauthorized, .unauthorized)
    ])
    func theBridgesOutcomes(_ outcome: BridgeOutcome, _ status: Status) {
        #expect(Status(.bridge(outcome, authorizationFailure: nil)) == status)
    }

    static let authorizationRows: [(OAuthError.Code, Status)] = [
        (.discovery, .unauthorized), (.invalidMetadata, .unauthorized), (.policy, .unauthorized), (.issuerChanged, .config),
        (.registration, .unauthorized), (.denied, .unauthorized), (.callback, .unauthorized), (.tokenRefused, .unauthorized),
        (.unavailable, .unauthorized), (.tooManyAttempts, .unauthorized), (.cancelled, .unauthorized), (.timedOut, .unauthorized)
    ]

    /// `login` and `connect` agree: the same authorization failure gives the same code.
    @Test(arguments: authorizationRows)
    func authorizationFailuresGiveOneCodeWhateverTheCommand(_ code: OAuthError.Code, _ status: Status) {
        #expect(Status(.authorizationFailed(code)) == status)
        #expect(Status(.bridge(.unauthorized, authorizationFailure: code)) == status)
    }

    /// A changed authorization server is a trust decision for the user (`login --accept-new-issuer`),
    /// like a pin mismatch: 78 from `connect` as from `login`.
    @Test func anIssuerChangeIsATrustRefusal() {
        #expect(Status(.bridge(.unauthorized, authorizationFailure: .issuerChanged)) == .config)
        #expect(Status(.authorizationFailed(.issuerChanged)) == .config)
        #expect(Status(.bridge(.untrusted, authorizationFailure: nil)) == Status(.authorizationFailed(.issuerChanged)))
    }

    /// The failure of a renewal counts only when the bridge ended for want of authorization.
    @Test func anAuthorizationFailureDoesNotChangeAnotherEnding() {
        #expect(Status(.bridge(.finished, authorizationFailure: .issuerChanged)) == .ok)
        #expect(Status(.bridge(.unreachable, authorizationFailure: .denied)) == .unreachable)
    }

    @Test func refusalsAndPartialFailures() {
        #expect(Status(.done) == .ok)
        #expect(Status(.refused(.usage)) == .usage)
        #expect(Status(.refused(.config)) == .config)
        #expect(Status(.refused(.internalError)) == .internalError)
        #expect(Status(.partlyFailed) == .internalError)
    }
}
