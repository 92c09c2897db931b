import PinnedHTTP

/// The authorization state of one bridge run: the discovered server, the client registration per
/// issuer, and the tokens (memory only until the encrypted vault lands; never written anywhere).
///
/// `recover` is single-flight: requests that fail together wait for one renewal.
public actor OAuthSession {
    public nonisolated let credentials: CredentialSlot
    let options: AuthorizationOptions
    let http: OAuthHTTP
    let log: AuthorizationLog
    var discovered: DiscoveredAuthorization?
    var registrations: [String: ClientRegistration] = [:]
    var tokens: TokenSet?
    var inFlight: Task<Result<Void, OAuthError>, Never>?

    public init(options: AuthorizationOptions, engine: OAuthEngine, hosts: AuthorizationHosts, credentials: CredentialSlot, log: AuthorizationLog) {
        self.options = options
        self.http = OAuthHTTP(engine: engine, hosts: hosts, userAgent: "mcp-warden/\(options.version)")
        self.credentials = credentials
        self.log = log
    }

    /// What an HTTP 401 or a 403 `insufficient_scope` calls for: a refresh, a new authorization, or
    /// a step-up with more scopes. Returns once a new token is in `credentials`; `seenGeneration` is
    /// the credential generation the failed request was sent with (a newer one means "just retry").
    public func recover(status: Int, challenge fieldValues: [String], seenGeneration: Int) async throws(OAuthError) {
        if credentials.generation != seenGeneration { return }
        if let inFlight {
            try await inFlight.value.get()
            return
        }
        let task = Task { () async -> Result<Void, OAuthError> in
            do throws(OAuthError) {
                try await self.renew(status: status, challenge: BearerChallenge(fieldValues: fieldValues))
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        inFlight = task
        // Other requests may be waiting for this renewal too: one caller going away does not end
        // it; `cancel()` (the bridge stopping) does.
        let result = await task.value
        inFlight = nil
        try result.get()
    }

    /// `mcp-warden login`: authorizes now, without waiting for a 401 (discovery from the well-known
    /// locations). Returns the issuer and the granted scopes.
    public func login() async throws(OAuthError) -> (issuer: String, scopes: [String]) {
        try await recover(status: 401, challenge: [], seenGeneration: credentials.generation)
        return (discovered?.server.issuer ?? "", grantedScopes)
    }

    /// Stops an authorization in progress (the editor went away).
    public func cancel() {
        inFlight?.cancel()
    }

    /// The scopes held now (for `status`-style reporting and step-up unions).
    public var grantedScopes: [String] { tokens?.scopes ?? [] }

    private func renew(status: Int, challenge: BearerChallenge?) async throws(OAuthError) {
        if status == 403 {
            guard let challenge, challenge.isInsufficientScope else {
                throw OAuthError(.denied, "the server refused the request (HTTP 403) without asking for more scope")
            }
            log.info("the server asks for more scope (\(challenge.scopes?.joined(separator: " ") ?? "unspecified")); authorizing again")
        } else if let refreshToken = tokens?.refreshToken, let discovered, let client = registrations[discovered.server.issuer] {
            do throws(OAuthError) {
                try await refresh(refreshToken, client: client, discovered)
                return
            } catch where error.needsNewAuthorization {
                log.info("the refresh token was refused (\(error.oauthError ?? "invalid_grant")); authorizing again")
            }
        }
        let found = try await Discovery(http: http, log: log.debug).run(serverURL: options.serverURL, challenge: challenge, resourceOverride: options.resourceOverride)
        let scopes = Self.scopes(challenge: challenge, resourceMetadata: found.resourceMetadata, server: found.server, held: grantedScopes)
        var registration = registrations[found.server.issuer]
        let granted = try await AuthorizationFlow(options: options, http: http, log: log).run(found, scopes: scopes, registration: &registration)
        registrations[found.server.issuer] = registration
        discovered = found
        store(granted)
        log.info("authorized by \(found.server.issuer)\(granted.scopes.isEmpty ? "" : " for \(granted.scopes.joined(separator: " "))")")
    }

    /// The refresh grant (OAuth 2.1 §4.3) with the same `resource` (reference A-27, E-15); no `scope`.
    private func refresh(_ refreshToken: String, client: ClientRegistration, _ discovered: DiscoveredAuthorization) async throws(OAuthError) {
        let authentication = client.authentication()
        let form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("resource", discovered.resource)] + authentication.form
        let response = try await http.postForm(discovered.server.tokenEndpoint, role: .token, form: form, headers: authentication.headers)
        guard response.status == 200 else {
            throw TokenSet.error(from: response, issuer: discovered.server.issuer, doing: "the refresh token")
        }
        // §4.3.1: a rotated refresh token replaces the old one at once.
        store(try TokenSet.parse(response.body, requestedScopes: grantedScopes, previousRefreshToken: refreshToken, issuer: discovered.server.issuer))
        log.debug("access token refreshed")
    }

    private func store(_ granted: TokenSet) {
        tokens = granted
        credentials.replace(with: granted.accessToken)
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
