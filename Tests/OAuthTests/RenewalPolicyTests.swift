// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OAuth

/// Which refusals ask for a new token (RFC 6750 §3.1; MCP authorization "Error Handling"): the
/// rule the bridge asks through `RequestAuthorizer.asksForAuthorization`.
@Suite struct RenewalTriggerTests {
    @Test func a401AlwaysAsks() {
        #expect(RenewalTrigger(status: 401, challenges: []) == .unauthorized(nil))
        #expect(RenewalTrigger(status: 401, challenges: [#"Bearer error="invalid_token""#])?.asksForAuthorization == true)
        #expect(RenewalTrigger(status: 401, challenges: [#"Basic realm="x""#])?.asksForAuthorization == true)
    }

    @Test func a403AsksOnlyForInsufficientScope() {
        let scoped = RenewalTrigger(status: 403, challenges: [#"Bearer error="insufficient_scope", scope="mcp:write""#])
        #expect(scoped == .insufficientScope(BearerChallenge(scopes: ["mcp:write"], error: "insufficient_scope")))
        #expect(scoped?.asksForAuthorization == true)
        #expect(RenewalTrigger(status: 403, challenges: []) == .forbidden)
        #expect(RenewalTrigger(status: 403, challenges: [#"Bearer error="invalid_token""#]) == .forbidden)
        #expect(RenewalTrigger(status: 403, challenges: [#"Basic realm="insufficient_scope""#]) == .forbidden)
        #expect(RenewalTrigger.forbidden.asksForAuthorization == false)
    }

    @Test func otherStatusesAreNotAboutAuthorization() {
        #expect(RenewalTrigger(status: 500, challenges: [#"Bearer error="insufficient_scope""#]) == nil)
        #expect(RenewalTrigger(status: 404, challenges: []) == nil)
        #expect(RenewalTrigger(status: 200, challenges: []) == nil)
        #expect(RenewalTrigger.expiring.asksForAuthorization == false)
    }

    /// RFC 9728 §5.1: a 401's challenge may point to the resource metadata; it is kept for discovery.
    @Test func theChallengeTravelsWithTheTrigger() {
        let trigger = RenewalTrigger(
            status: 401, challenges: [#"Bearer resource_metadata="https://mcp.example/.well-known/oauth-protected-resource", scope="a b""#])
        #expect(trigger?.challenge?.resourceMetadata == "https://mcp.example/.well-known/oauth-protected-resource")
        #expect(trigger?.challenge?.scopes == ["a", "b"])
        #expect(RenewalTrigger.expiring.challenge == nil && RenewalTrigger.forbidden.challenge == nil)
    }
}

/// `RenewalPolicy.decide`: one test per row of the table (what the server said × what is held).
@Suite struct RenewalPolicyTests {
    typealias Holding = RenewalPolicy.Holding
    static let unauthorized = RenewalTrigger.unauthorized(nil)
    static let stepUp = RenewalTrigger.insufficientScope(BearerChallenge(scopes: ["mcp:write"], error: "insufficient_scope"))

    /// Refresh token and its client held, credential generation 7.
    static let refreshable = Holding(refreshToken: true, refreshClient: true, importedClient: false, generation: 7)
    static let imported = Holding(refreshToken: true, refreshClient: false, importedClient: true, generation: 7)
    static let accessOnly = Holding(refreshToken: false, refreshClient: true, importedClient: false, generation: 7)
    static let nothing = Holding(refreshToken: false, refreshClient: false, importedClient: false, generation: 7)

    func decide(_ trigger: RenewalTrigger, seen: Int? = 7, _ holding: Holding) -> RenewalPolicy.Action {
        RenewalPolicy.decide(trigger, seenGeneration: seen, holding: holding)
    }

    /// A newer token than the refused request carried is in place: resend, renew nothing.
    @Test func aNewerTokenMeansRetry() {
        #expect(decide(Self.unauthorized, seen: 6, Self.refreshable) == .retry)
        #expect(decide(Self.stepUp, seen: 6, Self.nothing) == .retry)
    }

    /// A 403 that asks for no scope: no token would help; and a generation change does not matter.
    @Test func aPlain403GivesUp() {
        #expect(decide(.forbidden, Self.refreshable) == .giveUp(.forbidden))
        #expect(decide(.forbidden, seen: 6, Self.refreshable) == .giveUp(.forbidden))
    }

    /// OAuth 2.1 §4.3: a refresh token with the client it was issued to renews without a browser.
    @Test func a401WithARefreshTokenRefreshes() {
        #expect(decide(Self.unauthorized, Self.refreshable) == .refresh)
    }

    /// An entry imported from mcp-remote: its authorization server is found first.
    @Test func a401WithAnImportedClientDiscoversFirst() {
        #expect(decide(Self.unauthorized, Self.imported) == .discover)
    }

    @Test func a401WithoutARefreshTokenAuthorizes() {
        #expect(decide(Self.unauthorized, Self.accessOnly) == .authorize)
        #expect(decide(Self.unauthorized, Self.nothing) == .authorize)
        // A refresh token without any client to present it with cannot be used.
        #expect(decide(Self.unauthorized, Holding(refreshToken: true, refreshClient: false, importedClient: false, generation: 7)) == .authorize)
    }

    /// RFC 6749 §6: a refresh cannot widen the scope: a step-up is a new authorization, even with
    /// a refresh token; the challenge's scopes (nil when it names none) go with it.
    @Test func insufficientScopeStepsUpWithTheChallengesScopes() {
        #expect(decide(Self.stepUp, Self.refreshable) == .stepUp(scopes: ["mcp:write"]))
        #expect(decide(Self.stepUp, Self.nothing) == .stepUp(scopes: ["mcp:write"]))
        #expect(decide(.insufficientScope(BearerChallenge(error: "insufficient_scope")), Self.refreshable) == .stepUp(scopes: nil))
    }

    /// Ahead of expiry: a refresh when one is possible, else nothing until the server refuses.
    @Test func expiringRefreshesOrWaits() {
        #expect(decide(.expiring, Self.refreshable) == .refresh)
        #expect(decide(.expiring, Self.accessOnly) == .giveUp(.nothingToRefresh))
        #expect(decide(.expiring, Self.imported) == .giveUp(.nothingToRefresh))
        #expect(decide(.expiring, Self.nothing) == .giveUp(.nothingToRefresh))
        // Not tied to a refused request: a changed generation is no reason to skip it.
        #expect(decide(.expiring, seen: 6, Self.refreshable) == .refresh)
    }

    /// Within a renewal (no generation): after a refused refresh token is dropped, the same
    /// trigger decides again — a 401 authorizes, a renewal ahead of expiry waits for the 401.
    @Test func afterARefusedRefreshTokenTheDecisionMovesOn() {
        let dropped = Holding(refreshToken: false, refreshClient: true, importedClient: false, generation: 8)
        #expect(decide(Self.unauthorized, seen: nil, dropped) == .authorize)
        #expect(decide(.expiring, seen: nil, dropped) == .giveUp(.nothingToRefresh))
        // After a discovery bound the imported client, the decision is a refresh.
        #expect(decide(Self.unauthorized, seen: nil, Self.refreshable) == .refresh)
    }
}
