// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// What the resource server said that may call for a new access token (MCP authorization "Error
/// Handling"; RFC 6750 §3.1), or that the token is about to run out.
public enum RenewalTrigger: Sendable, Equatable {
    /// HTTP 401: the token is missing, expired or revoked (RFC 6750 §3.1 `invalid_token`). The
    /// challenge may point to the resource metadata (RFC 9728 §5.1) and name the scope.
    case unauthorized(BearerChallenge?)
    /// HTTP 403 with a Bearer `insufficient_scope` challenge (RFC 6750 §3.1): the token lacks a
    /// scope this request needs (MCP "Scope Challenge Handling").
    case insufficientScope(BearerChallenge)
    /// HTTP 403 without such a challenge: the server refuses, and no new token would change that.
    case forbidden
    /// Nothing was refused yet: the access token expires soon (a renewal ahead of expiry).
    case expiring

    /// The trigger an HTTP refusal carries, from its status and its `WWW-Authenticate` field
    /// values; nil for any status but 401 and 403.
    public init?(status: Int, challenges: [String]) {
        let challenge = BearerChallenge(fieldValues: challenges)
        switch status {
        case 401: self = .unauthorized(challenge)
        case 403: self = challenge.map { $0.isInsufficientScope ? .insufficientScope($0) : .forbidden } ?? .forbidden
        default: return nil
        }
    }

    /// True when a new token may make the server accept the request: a 401, or a 403 asking for
    /// more scope (RFC 6750 §3.1); never another 403.
    public var asksForAuthorization: Bool {
        switch self {
        case .unauthorized, .insufficientScope: true
        case .forbidden, .expiring: false
        }
    }

    /// The challenge that came with the refusal, if any.
    public var challenge: BearerChallenge? {
        switch self {
        case .unauthorized(let challenge): challenge
        case .insufficientScope(let challenge): challenge
        case .forbidden, .expiring: nil
        }
    }
}

/// How a session renews its access token: a pure decision from what the server said and what the
/// session holds, so every row is a unit test (`RenewalPolicyTests`); `OAuthSession` carries the
/// action out.
public enum RenewalPolicy {
    /// What the session holds when it decides.
    public struct Holding: Sendable, Equatable {
        /// A refresh token (OAuth 2.1 §4.3).
        public var refreshToken: Bool
        /// A client registered with the authorization server the grant came from, and that
        /// server's metadata: what a refresh needs.
        public var refreshClient: Bool
        /// A client imported from mcp-remote whose authorization server is not known yet.
        public var importedClient: Bool
        /// The generation of the credential in place now (`CredentialSlot.generation`).
        public var generation: Int

        public init(refreshToken: Bool, refreshClient: Bool, importedClient: Bool, generation: Int) {
            self.refreshToken = refreshToken
            self.refreshClient = refreshClient
            self.importedClient = importedClient
            self.generation = generation
        }
    }

    public enum Action: Sendable, Equatable {
        /// A newer token than the refused request carried is in place already: send it again.
        case retry
        /// The refresh grant with the refresh token held (OAuth 2.1 §4.3); no new scope.
        case refresh
        /// Find the imported client's authorization server first, then decide again.
        case discover
        /// A new authorization for more scope (MCP "Step-Up Authorization Flow"): the scopes the
        /// challenge names (nil: it names none), added to those held.
        case stepUp(scopes: [String]?)
        /// A new authorization code grant through the browser (OAuth 2.1 §4.1).
        case authorize
        /// Nothing to do that would help.
        case giveUp(Reason)
    }

    public enum Reason: Sendable, Equatable {
        /// Ahead of expiry without a refresh token or its client: the access token is used until
        /// the server refuses it, and that 401 decides.
        case nothingToRefresh
        /// A 403 that asks for no scope: the account may not do this; a new token would not help.
        case forbidden
    }

    /// `seenGeneration` is the credential generation the refused request was sent with; nil for
    /// a decision not tied to one request (ahead of expiry, or again within a renewal).
    public static func decide(_ trigger: RenewalTrigger, seenGeneration: Int?, holding: Holding) -> Action {
        if let seenGeneration, seenGeneration != holding.generation, trigger.asksForAuthorization { return .retry }
        switch trigger {
        case .forbidden:
            return .giveUp(.forbidden)
        case .insufficientScope(let challenge):
            // A refresh cannot widen the scope (RFC 6749 §6): only a new authorization can.
            return .stepUp(scopes: challenge.scopes)
        case .expiring:
            return holding.refreshToken && holding.refreshClient ? .refresh : .giveUp(.nothingToRefresh)
        case .unauthorized:
            if holding.refreshToken && holding.refreshClient { return .refresh }
            if holding.refreshToken && holding.importedClient { return .discover }
            return .authorize
        }
    }
}
