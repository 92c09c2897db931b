// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import PinnedHTTP
import Synchronization

/// The authorization state of one bridge run: the discovered server, the client registration per
/// issuer, and the tokens; kept in the encrypted vault (`GrantStore`) when one is given, so the
/// next start reuses them without a registration or a browser.
///
/// `recover` is single-flight: requests that fail together wait for one renewal, which
/// `--auth-timeout` bounds as a whole (`RenewalDeadline`).
public actor OAuthSession {
    public nonisolated let credentials: CredentialSlot
    let options: AuthorizationOptions
    let http: OAuthHTTP
    let log: AuthorizationLog
    var discovered: DiscoveredAuthorization?
    var registrations: [String: ClientRegistration] = [:]
    var tokens: TokenSet?
    /// The renewal in progress, numbered so that only it clears itself.
    var inFlight: (serial: Int, task: Task<Result<Void, OAuthError>, Never>)?
    var renewals = 0
    /// When the renewal in progress must be done (`--auth-timeout` from its start).
    var renewalDeadline: ContinuousClock.Instant?
    let store: GrantStore?
    /// The stored entry this run started from (creation time, origin), if any.
    var restored: StoredGrant?
    /// A client imported from `mcp-remote`, bound to the issuer its first discovery finds.
    var unboundRegistration: ClientRegistration?
    /// When the access token should be renewed ahead of its expiry (seconds since the epoch;
    /// `Int.max`: never). Atomic, so the check before each request needs no actor hop.
    nonisolated let renewalDue = Atomic<Int>(Int.max)
    var refreshAt: Int? {
        get { let due = renewalDue.load(ordering: .relaxed); return due == Int.max ? nil : due }
        set { renewalDue.store(newValue ?? Int.max, ordering: .relaxed) }
    }
    /// `login --force`: do not take up tokens another process stored.
    var forcing = false
    /// This renewal already dropped a registration the server refused: no second one.
    var registrationRenewed = false
    /// Why the last renewal failed, if one did (the exit code of a bridge that could not be authorized).
    public private(set) var lastFailure: OAuthError?

    public init(
        options: AuthorizationOptions, engine: OAuthEngine, hosts: AuthorizationHosts, credentials: CredentialSlot, log: AuthorizationLog,
        store: GrantStore? = nil
    ) {
        self.store = store
        self.options = options
        var http = OAuthHTTP(engine: engine, hosts: hosts, userAgent: "mcp-warden/\(options.version)")
        http.timeoutSeconds = options.requestTimeoutSeconds
        self.http = http
        self.credentials = credentials
        self.log = log
    }

    /// Renews the access token as `RenewalPolicy` decides for `trigger`: a refresh, a new
    /// authorization, or a step-up with more scopes. Returns once a new token is in `credentials`;
    /// `seenGeneration` is the credential generation the refused request was sent with (a newer
    /// one means "just retry").
    public func recover(_ trigger: RenewalTrigger, seenGeneration: Int) async throws(OAuthError) {
        switch RenewalPolicy.decide(trigger, seenGeneration: seenGeneration, holding: holding) {
        case .retry: return
        case .giveUp(.nothingToRefresh):
            // Nothing to renew ahead with: no more checks until a 401 decides (`store` sets the next).
            refreshAt = nil
            return
        case .giveUp(.forbidden): throw Self.forbidden
        case .refresh, .discover, .stepUp, .authorize: break
        }
        if let inFlight {
            try await inFlight.task.value.get()
            return
        }
        renewals += 1
        let serial = renewals
        let limit = options.timeoutSeconds
        renewalDeadline = .now + .seconds(limit)
        http.progress.waiting(for: "the start of the authorization")
        let progress = http.progress
        let task = Task { () async -> Result<Void, OAuthError> in
            // The browser wait ends at the deadline itself, with its own message ("no valid callback
            // arrived"); the renewal's bound fires a moment later, when something else hung.
            let result = await RenewalDeadline.run(limit: .seconds(limit) + .seconds(1), limitSeconds: limit, progress: progress) {
                () async -> Result<Void, OAuthError> in
                do throws(OAuthError) {
                    try await self.renewExclusively(trigger)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            // Done, failed or timed out: the next 401 starts a new renewal.
            self.settleRenewal(serial, result)
            return result
        }
        inFlight = (serial, task)
        // Other requests may be waiting for this renewal too: one caller going away does not end
        // it; `cancel()` (the bridge stopping) does, and so does `--auth-timeout`.
        try await task.value.get()
    }

    private func settleRenewal(_ serial: Int, _ result: Result<Void, OAuthError>) {
        if inFlight?.serial == serial { inFlight = nil }
        if case .failure(let error) = result { lastFailure = error } else { lastFailure = nil }
    }

    /// `mcp-warden login`: authorizes now, without waiting for a 401 (discovery from the well-known
    /// locations). Returns the issuer and the granted scopes.
    /// With `force`, the browser flow runs even when a refresh token is held (re-consent).
    public func login(force: Bool = false) async throws(OAuthError) -> (issuer: String, scopes: [String]) {
        restore()
        if force {
            tokens = nil
            forcing = true
        }
        defer { forcing = false }
        try await recover(.unauthorized(nil), seenGeneration: credentials.generation)
        return (discovered?.server.issuer ?? "", grantedScopes)
    }

    /// Stops an authorization in progress (the editor went away).
    public func cancel() {
        inFlight?.task.cancel()
    }

    /// What the user can run when authorization cannot complete in the background.
    public nonisolated var loginCommand: String { options.loginCommand }

    /// The scopes held now (for `status`-style reporting and step-up unions).
    public var grantedScopes: [String] { tokens?.scopes ?? [] }

    /// Takes up the grant the vault holds for this server, if any: its access token goes on the
    /// next request, its registration and metadata save a discovery, a registration and a browser.
    /// A grant whose authorization server the host policy no longer admits is not used.
    public func restore() {
        guard let store, let grant = store.load(serverURL: options.serverURL, resource: options.resourceOverride) else { return }
        if adopt(grant) {
            log.debug("using the stored authorization for \(grant.resource)\(grant.issuer.isEmpty ? "" : " from \(grant.issuer)")")
        }
    }

    /// Takes up a stored grant: false when its authorization server is not admitted by the host
    /// policy now. An expired access token is not sent; the refresh token renews it.
    func adopt(_ grant: StoredGrant) -> Bool {
        if let discovered = grant.discovered {
            do throws(OAuthError) {
                // Checked against what is recorded, never recorded from the vault (issue 13).
                try http.hosts.admit(issuer: discovered.server.issuer, mayRecord: false)
                try Discovery(http: http, log: log.debug).checkEndpoints(discovered.server)
            } catch {
                log.info("not using the stored authorization for \(grant.resource): \(error.message)")
                return false
            }
            self.discovered = discovered
        }
        if let registration = grant.registration {
            if grant.issuer.isEmpty { unboundRegistration = registration } else { registrations[grant.issuer] = registration }
        }
        restored = grant
        tokens = grant.tokens
        if let stored = grant.tokens, (stored.expiresAt ?? Int.max) > WallClock.seconds() + 1 {
            store(stored)
        } else if tokens?.refreshToken != nil {
            refreshAt = WallClock.seconds()
        }
        return true
    }

    /// The refresh grant (OAuth 2.1 §4.3) with the same `resource` (reference A-27, E-15); no `scope`.
    func refresh(_ refreshToken: String, client: ClientRegistration, _ discovered: DiscoveredAuthorization) async throws(OAuthError) {
        let authentication = client.authentication()
        let form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("resource", discovered.resource)] + authentication.form
        let response = try await http.postForm(discovered.server.tokenEndpoint, role: .token, form: form, headers: authentication.headers)
        guard response.status == 200 else {
            throw TokenSet.error(from: response, issuer: discovered.server.issuer, doing: "the refresh token")
        }
        // §4.3.1: a rotated refresh token replaces the old one at once.
        store(try TokenSet.parse(response.body, requestedScopes: grantedScopes, previousRefreshToken: refreshToken, issuer: discovered.server.issuer))
        persist(refreshed: true)
        log.debug("access token refreshed")
    }

    func store(_ granted: TokenSet) {
        tokens = granted
        credentials.replace(with: granted.accessToken)
        // Renew ahead of expiry by a quarter of the lifetime left, at most 60 s, at least 1 s.
        refreshAt = granted.refreshToken == nil ? nil : granted.expiresAt.map { $0 - min(60, max(1, ($0 - WallClock.seconds()) / 4)) }
    }

    /// Writes the grant to the vault under (server URL, resource, issuer). A grant restored from
    /// another path of this origin that its resource covers is written back to that entry (one
    /// entry per grant, so a rotated refresh token is never left behind in a copy); an entry of
    /// this server that the new grant replaces (e.g. an import, now bound to its issuer) goes.
    func persist(refreshed: Bool) {
        guard let store, let discovered else { return }
        let now = WallClock.seconds()
        let issuer = discovered.server.issuer
        var owner = options.serverURL
        if let old = restored, old.resource == discovered.resource, old.issuer == issuer, old.serves(options.serverURL, resource: nil) {
            owner = old.serverURL
        }
        let grant = StoredGrant(
            serverURL: owner, resource: discovered.resource, issuer: issuer, registration: registrations[issuer],
            tokens: tokens, discovered: discovered, created: restored?.created ?? now,
            lastRefresh: refreshed ? now : restored?.lastRefresh, origin: restored?.origin, trust: options.trust ?? restored?.trust)
        guard store.save(grant) else { return }
        if let old = restored, old.key != grant.key, old.serverURL == options.serverURL {
            store.remove(old.key)
        }
        restored = grant
    }

    /// MCP "Scope Selection Strategy": the challenge's scopes, else the resource's
    /// `scopes_supported`, never a made-up default; what is held is kept (the 2026-07-28 step-up
    /// union, and a re-authorization after expiry does not lose a stepped-up scope);
    /// `offline_access` when the authorization server lists it (2026-07-28 "Refresh Tokens").
    static func scopes(challenge: BearerChallenge?, resourceMetadata: VerifiedResourceMetadata?, server: VerifiedServerMetadata, held: [String]) -> [String] {
        var scopes = held
        for scope in challenge?.scopes ?? resourceMetadata?.scopesSupported ?? [] where !scopes.contains(scope) { scopes.append(scope) }
        if server.scopesSupported?.contains("offline_access") == true, !scopes.contains("offline_access") {
            scopes.append("offline_access")
        }
        return scopes
    }
}
