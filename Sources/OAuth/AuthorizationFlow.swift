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

    init(options: AuthorizationOptions, http: OAuthHTTP, log: AuthorizationLog) {
        self.options = options
        self.http = http
        self.log = log
        deadline = .now + .seconds(options.timeoutSeconds)
    }

    /// Runs the grant for `scopes` against a discovered server and returns the tokens.
    func run(_ discovered: DiscoveredAuthorization, scopes: [String], registration: inout ClientRegistration?) async throws(OAuthError) -> TokenSet {
        let server = discovered.server
        let listener = try await bindListener()
        defer { listener.close() }
        let client = try await register(server, redirectURI: listener.redirectURI, existing: registration)
        registration = client
        // OAuth 2.1 §4.1.1 and §7.5.2: a fresh verifier and state for every attempt.
        let pkce = PKCE.generate()
        let state = SecureRandom.token(bits: 256)
        let request = try AuthorizationRequest.make(
            server: server, clientID: client.clientID, redirectURI: listener.redirectURI,
            codeChallenge: pkce.challenge, state: state, scopes: scopes, resource: discovered.resource)
        let url = request.url
        guard BrowserLauncher.isOpenable(url, allowPlainHTTPToLoopback: http.hosts.allowPlainHTTPToLoopback) else {
            throw OAuthError(
                .policy, "refusing to open the authorization endpoint \(MetadataJSON.shown(server.authorizationEndpoint)): only https URLs are opened")
        }
        openBrowser(url, issuer: server.issuer)
        if options.offerPaste, PastedRedirect.isInteractive, options.browser == .none || PastedRedirect.looksRemote(environment: options.environment) {
            let log = self.log
            PastedRedirect.offer(redirectURI: listener.redirectURI, port: listener.port, say: { log.info($0) })
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
                return try LoopbackListener.bind(port: options.callbackPort)
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

    /// Pre-registered → client ID metadata document → dynamic registration (MCP 2025-11-25
    /// "Client Registration Approaches"); a registration is reused only with its own issuer.
    func register(_ server: VerifiedServerMetadata, redirectURI: String, existing: ClientRegistration?) async throws(OAuthError) -> ClientRegistration {
        // A client given on the command line wins over one kept from an earlier run.
        if let info = options.staticClientInfo {
            return try ClientRegistration.preRegistered(
                json: info, issuer: server.issuer, redirectURI: redirectURI, serverMethods: server.tokenEndpointAuthMethods)
        }
        if let existing, existing.issuer == server.issuer, existing.redirectURI == redirectURI, !existing.isExpired() { return existing }
        if let document = options.clientMetadataURL, server.clientMetadataDocumentSupported {
            return ClientRegistration.metadataDocument(url: document, issuer: server.issuer, redirectURI: redirectURI)
        }
        guard let endpoint = server.registrationEndpoint else {
            throw OAuthError(
                .registration, "\(server.issuer) offers no dynamic client registration and no client is configured for it",
                hint: "register mcp-warden with the provider and pass --static-oauth-client-info '{\"client_id\":\"…\"}'")
        }
        log.info("registering mcp-warden with \(server.issuer)")
        let body = DynamicRegistration.request(redirectURI: redirectURI, extra: options.staticClientMetadata, version: options.version)
        let response = try await http.postJSON(endpoint, role: .registration, body: body)
        guard response.status == 201 || response.status == 200 else {
            let error = TokenSet.error(from: response, issuer: server.issuer, doing: "the client registration")
            throw OAuthError(
                error.code == .unavailable ? .unavailable : .registration, error.message, oauthError: error.oauthError,
                hint: error.oauthError == "invalid_redirect_uri" ? "the server does not accept the loopback redirect \(redirectURI); try --callback-port" : nil)
        }
        return try DynamicRegistration.parse(response.body, issuer: server.issuer, redirectURI: redirectURI)
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

    /// The token request (OAuth 2.1 §4.1.3) with `resource` (RFC 8707) and `redirect_uri` (§10.2 interoperability).
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
        let response = try await http.postForm(discovered.server.tokenEndpoint, role: .token, form: form, headers: authentication.headers)
        guard response.status == 200 else {
            throw TokenSet.error(from: response, issuer: discovered.server.issuer, doing: "the authorization code")
        }
        return try TokenSet.parse(response.body, requestedScopes: scopes, issuer: discovered.server.issuer)
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
            return OAuthError(.callback, error.message, hint: "finish the authorization in the browser, or raise --auth-timeout")
        case .cancelled:
            return OAuthError(.cancelled, "authorization cancelled")
        default:
            return OAuthError(.callback, error.message)
        }
    }
}
