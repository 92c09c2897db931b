// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Bridge
import OAuth

/// The OAuth session is what authorizes the bridge's requests: the bridge asks through
/// `RequestAuthorizer` and never sees OAuth. `renewalIsDue`, `renewAhead`, `credentials`,
/// `loginCommand` and `cancel` are the session's own; the refusal is read by `RenewalTrigger`.
extension OAuthSession: RequestAuthorizer {
    public nonisolated func asksForAuthorization(status: Int, challenges: [String]) -> Bool {
        RenewalTrigger(status: status, challenges: challenges)?.asksForAuthorization ?? false
    }

    public func authorize(afterRefusal status: Int, challenges: [String], seenGeneration: Int) async throws(AuthorizationFailure) {
        guard let trigger = RenewalTrigger(status: status, challenges: challenges) else {
            throw AuthorizationFailure(message: "the server refused the request (HTTP \(status))", hint: nil, isTransient: false)
        }
        do {
            try await recover(trigger, seenGeneration: seenGeneration)
        } catch {
            throw AuthorizationFailure(message: error.message, hint: error.hint, isTransient: error.code == .unavailable)
        }
    }
}
