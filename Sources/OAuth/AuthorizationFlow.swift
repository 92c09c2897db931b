// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import LoopbackRedirect
import MCPFraming

/// One authorization code grant with PKCE through the user's browser and the loopback redirect
/// (MCP authorization "Authorization Flow Steps"; OAuth 2.1 draft-13 §4.1; RFC 8252 §7.3).
struct AuthorizationFlow {
    let options: AuthorizationOptions
    let http: OAuthHTTP
    let log: AuthorizationLog
    /// When the renewal this flow is part of runs out of time (`--auth-timeout` from its start).
    var deadline: ContinuousClock.Instant
    /// The renewal already dropped a refused registration (`invalid_client` on refresh): another
    /// refusal is an error, not a second new registration.
    var registrationRenewed = false

    init(options: AuthorizationOptions, http: OAuthHTTP, log: AuthorizationLog) {
        self.options = options
        self.http = http
        self.log = log
        deadline = .now + .seconds(options.timeoutSeconds)
    }

    /// Runs the grant for `scopes` against a discovered server and returns the tokens.
    /// `registration` is the client kept for this issuer (in: may be reused; out: the one used,
    /// nil when it turned out to be unknown to the server and none replaced it).
    ///
    /// A kept dynamic registration that the server refuses is dropped and mcp-warden registers
    /// again, once per renewal (reference E-07; RFC 6749 §5.2 "unknown client"): `invalid_client`
    /// from the token endpoint, a redirect with `error=invalid_client` or `unauthorized_client`,
    /// or `invalid_scope` for a registration made before this renewal (registered without the
    /// scope asked now). A second refusal is an error.
    func run(_ discovered: DiscoveredAuthorization, scopes: [String], registration: inout ClientRegistration?) async throws(OAuthError) -> TokenSet {
        var mayRegisterAgain = !registrationRenewed
        while true {
            let kept = registration
            let listener = try await bindListener()
            defer { listener.close() }
            let client = try await register(discovered.server, redirectURI: listener.redirectURI, existing: kept, scopes: scopes)
            registration = client
            do {
                return try await authorize(discovered, client: client, scopes: scopes, listener: listener)
            } catch {
                let reused = client == kept
                guard client.source == .dynamic else { throw error }
                if mayRegisterAgain, Self.refusesRegistration(error, reused: reused) {
                    log.info("\(discovered.server.issuer) refused mcp-warden's client (\(error.oauthError ?? "unknown client")); registering again")
                    registration = nil
                    mayRegisterAgain = false
                    continue
                }
                if reused, error.endedWithoutCallback {
                    // The browser may show an error page naming an unknown client, which mcp-warden
                    // cannot see: the next attempt registers anew rather than repeat it.
                    registration = nil
                    throw OAuthError(
                        .callback, error.message,
                        hint:
                            "finish the authorization in the browser, or raise --auth-timeout; if the page said the client is unknown, the next attempt registers mcp-warden again"
                    )
                }
                throw error
            }
        }
    }

    /// Whether `error` says the authorization server does not know or accept the client.
    static func refusesRegistration(_ error: OAuthError, reused: Bool) -> Bool {
        switch (error.code, error.oauthError) {
        case (.tokenRefused, "invalid_client"), (.denied, "invalid_client"), (.denied, "unauthorized_client"): true
        case (.denied, "invalid_scope"): reused
        default: false
        }
    }

    /// One browser round with `client`: the authorization request, the callback, the token request.
    private func authorize(
        _ discovered: DiscoveredAuthorization, client: ClientRegistration, scopes: [String], listener: LoopbackListener
    ) async throws(OAuthError) -> TokenSet {
        let server = discovered.server
        // OAuth 2.1 §4.1.1 and §7.5.2: a fresh verifier and state for every attempt.
        let pkce = PKCE.generate()
        let state = SecureRandom.token(bits: 256)
        let request = try AuthorizationRequest.make(
            server: server, clientID: client.clientID, redirectURI: listener.redirectURI, callbackPath: listener.path,
            codeChallenge: pkce.challenge, state: state, scopes: scopes, resource: discovered.resource)
        let url = request.url
        guard BrowserLauncher.isOpenable(url, allowPlainHTTPToLoopback: http.hosts.allowPlainHTTPToLoopback) else {
            throw OAuthError(
                .policy, "refusing to open the authorization endpoint \(MetadataJSON.shown(server.authorizationEndpoint)): only https URLs are opened")
        }
        openBrowser(url, issuer: server.issuer)
        if options.offerPaste, PastedRedirect.isInteractive, options.browser == .none || PastedRedirect.looksRemote(environment: options.environment) {
            let log = self.log
            PastedRedirect.offer(redirectURI: listener.redirectURI, host: listener.host, port: listener.port, say: { log.info($0) })
        }
        let result: CallbackResult
        do {
            http.progress.waiting(for: "the browser: the redirect from \(MetadataJSON.shown(server.issuer)) to \(listener.redirectURI)")
            result = try await listener.wait(for: request.expectation, timeout: .seconds(Self.wholeSeconds(until: deadline)), report: { self.log.info($0) })
        } catch {
            throw Self.callbackError(error, issuer: server.issuer)
        }
        switch result {
        case .denied(let error, let description):
            throw OAuthError(
                .denied, "authorization at \(server.issuer) was refused: \(error)\(description.map { " (\($0))" } ?? "")", oauthError: error,
                hint: error == "access_denied" ? "authorize again and allow access, or remove mcp-warden from the editor's configuration" : nil)
        case .authorized(let callback):
            log.info("authorization code received; requesting tokens from \(server.issuer)")
            return try await exchange(callback, client: client, pkce: pkce, discovered: discovered, scopes: scopes)
        }
    }

    /// The fixed port is also the cross-process lock of the flow (reference E-10): another
    /// mcp-warden holding it is authorizing; wait for it rather than racing it.
    func bindListener() async throws(OAuthError) -> LoopbackListener {
        var announced = false
        while true {
            do {
                return try LoopbackListener.bind(port: options.callbackPort, host: options.callbackHost, path: options.callbackPath)
            } catch {
                guard error.code == .portInUse, ContinuousClock.now < deadline else {
                    throw OAuthError(.callback, "cannot listen for the authorization redirect: \(error.message)")
                }
                if !announced {
                    http.progress.waiting(for: "the callback port \(options.callbackPort), held by another program or another mcp-warden")
                    log.info(
                        "port \(options.callbackPort) is busy: another mcp-warden may be authorizing, so waiting for it (if another program holds the port, pick one with --callback-port)"
                    )
                    announced = true
                }
                do { try await Task.sleep(for: .milliseconds(500)) } catch { throw OAuthError(.cancelled, "authorization cancelled") }
            }
        }
    }

    func openBrowser(_ url: String, issuer: String) {
        log.info("authorize mcp-warden for \(issuer) in your browser: \(url)")
        guard options.browser == .system else { return }
        guard let program = BrowserLauncher.program(environment: options.environment) else {
            log.info("no browser found (set $BROWSER, or open the URL above yourself)")
            return
        }
        if let problem = BrowserLauncher.open(url, program: program, secretVariables: options.secretVariables) {
            log.info("\(problem); open the URL above yourself")
        }
    }

    /// The token request (OAuth 2.1 §4.1.3) with `resource` (RFC 8707) and `redirect_uri` (§10.2
    /// interoperability), authenticated as the client registered (`ClientRegistration.authentication`).
    /// A 429 or 503 with `Retry-After` did not use the code: asked again after that wait, twice at
    /// most and within the renewal's deadline; without `Retry-After` the code is not risked again.
    func exchange(
        _ callback: ValidatedCallback, client: ClientRegistration, pkce: PKCE, discovered: DiscoveredAuthorization,
        scopes: [String]
    ) async throws(OAuthError) -> TokenSet {
        let authentication = client.authentication()
        let form =
            [
                ("grant_type", "authorization_code"), ("code", callback.code), ("code_verifier", pkce.verifier),
                ("redirect_uri", client.redirectURI), ("resource", discovered.resource)
            ] + authentication.form
        var retries = 2
        while true {
            let response = try await http.postForm(discovered.server.tokenEndpoint, role: .token, form: form, headers: authentication.headers)
            if response.status == 200 {
                return try TokenSet.parse(response.body, requestedScopes: scopes, issuer: discovered.server.issuer)
            }
            let error = TokenSet.error(from: response, issuer: discovered.server.issuer, doing: "the authorization code")
            guard retries > 0, error.isTemporary, error.retryAfterSeconds != nil else { throw error }
            guard let delay = TokenEndpointRetry.delay(after: error, backoff: .zero, deadline: deadline) else {
                throw TokenEndpointRetry.outOfTime(error)
            }
            retries -= 1
            log.info("\(error.message); asking again in \(TokenEndpointRetry.shown(delay)) (Retry-After)")
            try await TokenEndpointRetry.sleep(delay)
        }
    }

    /// The time left until `deadline` in whole seconds, rounded up (at least 1): the browser wait
    /// ends with the renewal, and its message names a round number ("within 300 s").
    static func wholeSeconds(until deadline: ContinuousClock.Instant, now: ContinuousClock.Instant = .now) -> Int {
        let (seconds, attoseconds) = (deadline - now).components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    static func callbackError(_ error: LoopbackError, issuer: String) -> OAuthError {
        switch error.code {
        case .issuerMismatch:
            return OAuthError(.callback, error.message, hint: "nothing was sent to any token endpoint (RFC 9207 mix-up defence); authorize again")
        case .timeout:
            var ended = OAuthError(.callback, error.message, hint: "finish the authorization in the browser, or raise --auth-timeout")
            ended.endedWithoutCallback = true
            return ended
        case .cancelled:
            return OAuthError(.cancelled, "authorization cancelled")
        default:
            return OAuthError(.callback, error.message)
        }
    }
}
