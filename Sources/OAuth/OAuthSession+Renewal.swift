// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// How a session carries out what `RenewalPolicy` decides (MCP authorization "Error Handling",
/// "Step-Up Authorization Flow"; OAuth 2.1 §4.1, §4.3): the policy is pure, this is its I/O.
extension OAuthSession {
    /// What the policy decides from: the tokens, clients and credential held now.
    var holding: RenewalPolicy.Holding {
        RenewalPolicy.Holding(
            refreshToken: tokens?.refreshToken != nil, refreshClient: discovered.flatMap { registrations[$0.server.issuer] } != nil,
            importedClient: discovered == nil && unboundRegistration != nil, generation: credentials.generation)
    }

    static let forbidden = OAuthError(.denied, "the server refused the request (HTTP 403) without asking for more scope")

    /// Carries out what `RenewalPolicy` decides, deciding again after a step that changed what is
    /// held (a discovery, a refused refresh token).
    func renew(_ trigger: RenewalTrigger) async throws(OAuthError) {
        let challenge = trigger.challenge
        switch RenewalPolicy.decide(trigger, seenGeneration: nil, holding: holding) {
        case .retry, .giveUp(.nothingToRefresh):
            return
        case .giveUp(.forbidden):
            throw Self.forbidden
        case .discover:
            // An entry imported from mcp-remote: find its authorization server, then refresh.
            let found = try await Discovery(http: http, log: log.debug).run(
                serverURL: options.serverURL, challenge: challenge, resourceOverride: options.resourceOverride)
            registrations[found.server.issuer] = unboundRegistration?.bound(to: found.server.issuer)
            unboundRegistration = nil
            discovered = found
            try await renew(trigger)
        case .refresh:
            if try await refreshHeld(for: trigger) { return }
            try await renew(trigger)
        case .stepUp(let scopes):
            log.info("the server asks for more scope (\(scopes?.joined(separator: " ") ?? "unspecified")); authorizing again")
            try await authorize(challenge: challenge)
        case .authorize:
            try await authorize(challenge: challenge)
        }
    }

    /// The refresh the policy chose: with retries after a 401, once ahead of expiry (a failure
    /// then only moves the next attempt 5 s on: the access token still works). False when the
    /// refresh token was refused: it is dropped, so the policy decides without it.
    private func refreshHeld(for trigger: RenewalTrigger) async throws(OAuthError) -> Bool {
        guard let refreshToken = tokens?.refreshToken, let discovered, let client = registrations[discovered.server.issuer] else {
            dropRefreshToken()
            return false
        }
        do throws(OAuthError) {
            if trigger == .expiring {
                try await refresh(refreshToken, client: client, discovered)
            } else {
                try await refreshRetrying(refreshToken, client: client, discovered)
            }
            return true
        } catch  where error.needsNewAuthorization {
            log.info(
                "the refresh token was refused (\(error.oauthError ?? "invalid_grant")); \(trigger == .expiring ? "authorization will be needed" : "authorizing again")"
            )
            dropRefreshToken()
            if error.refusesClient, client.source == .dynamic {
                // RFC 6749 §5.2: `invalid_client` includes an unknown client (an in-memory server
                // restarted): the next authorization registers again instead of sending the
                // browser to an error page with the old client_id. Once per renewal.
                log.info("\(discovered.server.issuer) no longer accepts mcp-warden's client; it will be registered again")
                registrations[discovered.server.issuer] = nil
                registrationRenewed = true
                persist(refreshed: false)
            }
            return false
        } catch  where trigger == .expiring {
            let wait = max(5, error.retryAfterSeconds ?? 0)
            log.info("could not refresh the access token ahead of expiry: \(error.message); trying again in \(wait) s")
            refreshAt = WallClock.seconds() + wait
            return true
        }
    }

    private func dropRefreshToken() {
        tokens = tokens.map { TokenSet(accessToken: $0.accessToken, refreshToken: nil, expiresAt: $0.expiresAt, scopes: $0.scopes) }
        refreshAt = nil
    }

    /// A new authorization code grant (MCP "Authorization Flow Steps"): discovery, registration,
    /// the browser, the token request; the scopes as `scopes(challenge:…)` chooses them.
    private func authorize(challenge: BearerChallenge?) async throws(OAuthError) {
        let found = try await Discovery(http: http, log: log.debug).run(
            serverURL: options.serverURL, challenge: challenge, resourceOverride: options.resourceOverride)
        let scopes = Self.scopes(challenge: challenge, resourceMetadata: found.resourceMetadata, server: found.server, held: grantedScopes)
        var registration = registrations[found.server.issuer]
        var flow = AuthorizationFlow(options: options, http: http, log: log)
        flow.deadline = renewalDeadline ?? flow.deadline
        flow.registrationRenewed = registrationRenewed
        let granted: TokenSet
        do {
            granted = try await flow.run(found, scopes: scopes, registration: &registration)
        } catch {
            // A registration the flow found refused (or suspects: no callback came back) is not kept.
            if registration == nil, registrations[found.server.issuer] != nil {
                registrations[found.server.issuer] = nil
                if discovered?.server.issuer == found.server.issuer { persist(refreshed: false) }
            }
            throw error
        }
        registrations[found.server.issuer] = registration
        discovered = found
        store(granted)
        persist(refreshed: false)
        log.info("authorized by \(found.server.issuer)\(granted.scopes.isEmpty ? "" : " for \(granted.scopes.joined(separator: " "))")")
    }
}
