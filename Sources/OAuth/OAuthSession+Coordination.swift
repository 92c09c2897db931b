// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import PinnedHTTP

/// Renewals that stay right when an editor runs several mcp-warden processes for one server
/// (issue 6 "One refresh, one login, across processes"): a renewal holds the server's lock in the
/// vault; a process that waited for it reads the vault first and uses the tokens the other one
/// obtained, so a rotating refresh token is used once and one browser flow serves everyone.
extension OAuthSession {
    /// True when the access token should be renewed ahead of its expiry. Asked before each
    /// request: one clock read and an atomic load, without a hop onto the actor.
    public nonisolated var renewalIsDue: Bool {
        WallClock.seconds() >= renewalDue.load(ordering: .relaxed)
    }

    /// Renews ahead of expiry when it is due and no renewal is running; a failure only moves the
    /// next attempt (`renew`), the access token held still goes out.
    public func renewAhead() async {
        guard let refreshAt, WallClock.seconds() >= refreshAt, inFlight == nil else { return }
        try? await recover(.expiring, seenGeneration: credentials.generation)
    }

    func renewExclusively(_ trigger: RenewalTrigger) async throws(OAuthError) {
        let held = tokens?.accessToken
        let lock = try await lockServer()
        defer { lock?.release() }
        let wanted: [String]? = if case .insufficientScope(let challenge) = trigger { challenge.scopes } else { nil }
        registrationRenewed = false
        if !forcing, adoptNewer(than: held, scopes: wanted) { return }
        try await renew(trigger)
    }

    /// Tokens another process stored while this one waited, when they are newer than `held`,
    /// still valid, and (for a step-up) carry the `scopes` asked for.
    func adoptNewer(than held: String?, scopes wanted: [String]?) -> Bool {
        guard let store, let grant = store.load(serverURL: options.serverURL, resource: options.resourceOverride),
            let stored = grant.tokens, stored.accessToken != held, (stored.expiresAt ?? Int.max) > WallClock.seconds() + 1
        else { return false }
        if let wanted, !Set(wanted).isSubset(of: Set(stored.scopes)) { return false }
        guard adopt(grant) else { return false }
        log.debug("using the tokens another mcp-warden obtained for \(grant.resource)")
        return true
    }

    /// The cross-process lock of this server's authorization (per origin: one resource may serve
    /// several paths), waiting as long as a browser flow may take: the renewal's `--auth-timeout`
    /// ends the wait (the other process started first, so its flow ends first); the limit here is a backstop.
    func lockServer() async throws(OAuthError) -> (any GrantLock)? {
        guard let store else { return nil }
        let origin = RequestTarget(options.serverURL)?.origin ?? options.serverURL
        let clock = ContinuousClock()
        let started = clock.now
        let limit = options.timeoutSeconds + 30
        var announced = false
        while true {
            switch store.attemptLock("authorization " + origin) {
            case .held(let lock): return lock
            case .failed: return nil
            case .busy: break
            }
            let waited = (clock.now - started).components.seconds
            if waited >= 2, !announced {
                http.progress.waiting(for: "another mcp-warden authorizing with \(origin)")
                log.info("another mcp-warden is authorizing with \(origin); waiting for it")
                announced = true
            }
            guard waited < limit else {
                throw OAuthError(
                    .callback, "another mcp-warden has been authorizing with \(origin) for more than \(limit) s",
                    hint: "run \(options.loginCommand) in a terminal")
            }
            do { try await Task.sleep(nanoseconds: 25_000_000) } catch {
                throw OAuthError(.cancelled, "the authorization was cancelled")
            }
        }
    }

    /// The refresh grant, retried four times while the token endpoint is unavailable (5xx, 429,
    /// network, `temporarily_unavailable`): after the `Retry-After` it sent (at most 60 s each,
    /// `RetryAfter`), else after 0.5, 1, 2, 4 s; never past the renewal's `--auth-timeout`
    /// (`TokenEndpointRetry`). The tokens are kept meanwhile.
    func refreshRetrying(_ refreshToken: String, client: ClientRegistration, _ discovered: DiscoveredAuthorization) async throws(OAuthError) {
        var backoff: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)]
        while true {
            do throws(OAuthError) {
                return try await refresh(refreshToken, client: client, discovered)
            } catch  where error.isTemporary {
                guard !backoff.isEmpty else { throw error }
                guard let delay = TokenEndpointRetry.delay(after: error, backoff: backoff.removeFirst(), deadline: renewalDeadline) else {
                    throw TokenEndpointRetry.outOfTime(error)
                }
                log.info(
                    "\(error.message); trying the refresh again in \(TokenEndpointRetry.shown(delay))\(error.retryAfterSeconds == nil ? "" : " (Retry-After)")")
                try await TokenEndpointRetry.sleep(delay)
            }
        }
    }
}
