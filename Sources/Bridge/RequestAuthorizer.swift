// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import PinnedHTTP

/// What the bridge needs from whatever authorizes its requests (the OAuth session, which conforms
/// in the executable): the bridge sees a token slot and a few questions, never OAuth itself.
public protocol RequestAuthorizer: Sendable {
    /// The slot the transports read the access token from; its generation tells which token a
    /// request carried.
    var credentials: CredentialSlot { get }
    /// True when the access token should be renewed ahead of its expiry. Asked before every
    /// message, so it must be synchronous and cheap (a clock read and an atomic load): the common
    /// path never waits for the authorizer.
    var renewalIsDue: Bool { get }
    /// Renews ahead of expiry; asked only when `renewalIsDue`. A failure is the authorizer's own
    /// business: the message goes out with the token held.
    func renewAhead() async
    /// True when a refused request (its HTTP status and `WWW-Authenticate` field values) asks for
    /// authorization: a 401, or a 403 whose Bearer challenge is `insufficient_scope` (RFC 6750 §3.1).
    func asksForAuthorization(status: Int, challenges: [String]) -> Bool
    /// Obtains a token the server may accept after such a refusal (refresh, authorization or
    /// step-up); returns once it is in `credentials`. `seenGeneration` is the generation the refused
    /// request carried: a newer token already in place means "send again".
    func authorize(afterRefusal status: Int, challenges: [String], seenGeneration: Int) async throws(AuthorizationFailure)
    /// What the user can run in a terminal when authorization cannot complete in the background.
    var loginCommand: String { get }
    /// Stops an authorization in progress (the bridge is stopping).
    func cancel() async
}

/// Why no token could be had; free of secrets.
public struct AuthorizationFailure: Error, Sendable {
    public let message: String
    public let hint: String?
    /// Trouble that passes (the authorization server is unavailable): "try again shortly".
    /// Otherwise the user must act.
    public let isTransient: Bool

    public init(message: String, hint: String?, isTransient: Bool) {
        self.message = message
        self.hint = hint
        self.isTransient = isTransient
    }
}
