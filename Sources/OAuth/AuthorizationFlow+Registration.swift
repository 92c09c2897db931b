// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Which client the flow authorizes as (MCP 2025-11-25 "Client Registration Approaches"):
/// pre-registered → client ID metadata document → dynamic registration; a registration is reused
/// only with its own issuer, its exact redirect URI, and the scopes it was registered for.
extension AuthorizationFlow {
    func register(
        _ server: VerifiedServerMetadata, redirectURI: String, existing: ClientRegistration?, scopes: [String]
    ) async throws(OAuthError) -> ClientRegistration {
        // A client given on the command line wins over one kept from an earlier run.
        if let info = options.staticClientInfo {
            return try ClientRegistration.preRegistered(
                json: info, issuer: server.issuer, redirectURI: redirectURI, serverMethods: server.tokenEndpointAuthMethods)
        }
        if let existing, existing.issuer == server.issuer, !existing.isExpired() {
            if let kept = try reusable(existing, redirectURI: redirectURI, scopes: scopes) { return kept }
        }
        if let document = options.clientMetadataURL, server.clientMetadataDocumentSupported {
            return ClientRegistration.metadataDocument(url: document, issuer: server.issuer, redirectURI: redirectURI)
        }
        guard let endpoint = server.registrationEndpoint else {
            throw OAuthError(
                .registration, "\(server.issuer) offers no dynamic client registration and no client is configured for it",
                hint: "register mcp-warden with the provider and pass --static-oauth-client-info '{\"client_id\":\"…\"}'")
        }
        let method = try DynamicRegistration.authMethod(serverMethods: server.tokenEndpointAuthMethods, issuer: server.issuer)
        log.info("registering mcp-warden with \(server.issuer)\(method == "none" ? "" : " as a confidential client (\(method))")")
        let body = DynamicRegistration.request(
            redirectURI: redirectURI, scopes: scopes, authMethod: method, extra: options.staticClientMetadata, version: options.version)
        let response = try await http.postJSON(endpoint, role: .registration, body: body)
        guard response.status == 201 || response.status == 200 else {
            let error = TokenSet.error(from: response, issuer: server.issuer, doing: "the client registration")
            throw OAuthError(
                error.code == .unavailable ? .unavailable : .registration, error.message, oauthError: error.oauthError,
                hint: error.oauthError == "invalid_redirect_uri"
                    ? "the server does not accept the loopback redirect \(redirectURI); try --callback-port, --host or --callback-path" : nil)
        }
        return try DynamicRegistration.parse(
            response.body, issuer: server.issuer, redirectURI: redirectURI, requestedMethod: method, requestedScopes: scopes)
    }

    /// `existing` when it still fits, nil when a new registration is needed. A registration made
    /// for another redirect URI (another `--callback-port`, `--host` or `--callback-path`) is
    /// never sent with the new one: a dynamic one is replaced, a pre-registered one (which only
    /// the provider can change) is an error. A dynamic one registered for fewer scopes than asked
    /// now is replaced too, since servers without default scopes refuse a scope not registered.
    private func reusable(_ existing: ClientRegistration, redirectURI: String, scopes: [String]) throws(OAuthError) -> ClientRegistration? {
        if existing.redirectURI != redirectURI {
            if existing.source == .preRegistered {
                throw OAuthError(
                    .registration,
                    "the pre-registered client kept for \(existing.issuer) was registered for the redirect \(existing.redirectURI), not \(redirectURI)",
                    hint: "pass the --callback-port, --host and --callback-path it was registered with, or --static-oauth-client-info again")
            }
            if existing.source == .dynamic {
                log.info("the kept registration is for the redirect \(existing.redirectURI); registering again for \(redirectURI)")
            }
            return nil
        }
        if existing.source == .dynamic, let registered = existing.scopes, !Set(scopes).isSubset(of: Set(registered)) {
            log.info("the kept registration does not cover the scopes asked now (\(scopes.joined(separator: " "))); registering again")
            return nil
        }
        return existing
    }
}
