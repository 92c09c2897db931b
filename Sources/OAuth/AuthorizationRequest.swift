// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import LoopbackRedirect

/// The authorization request the browser is sent with, and what its response must then carry:
/// a pure function of validated inputs (no I/O), so that every rule below is a unit test
/// (`AuthorizationRequestTests`).
///
/// - RFC 6749 §4.1.1 (OAuth 2.1 §4.1.1): `response_type=code`, `client_id`, `redirect_uri`,
///   `state`, and `scope` when there is one (§3.3: space-delimited); every value
///   form-encoded (Appendix B), so no value can add a parameter or end the query.
/// - RFC 6749 §3.1: a query the endpoint already has is kept; it may not set a parameter this
///   request sets ("MUST NOT be included more than once"); an endpoint with a fragment is refused.
/// - RFC 7636 §4.3: `code_challenge` with `code_challenge_method=S256`, never `plain`
///   (DESIGN.md invariant 6); the challenge must look like BASE64URL(SHA-256) (§4.2).
/// - RFC 8707 §2: `resource`, an absolute URI without a fragment.
/// - RFC 9207 belongs to the response: the request carries no `iss`; `expectation` tells the
///   callback listener the issuer to demand, and whether a response without `iss` is refused.
struct AuthorizationRequest {
    let url: String
    let expectation: CallbackExpectation

    /// The parameters this request sets, in the order they are written.
    static let parameterNames = ["response_type", "client_id", "redirect_uri", "code_challenge", "code_challenge_method", "state", "resource", "scope"]

    static func make(
        server: VerifiedServerMetadata, clientID: String, redirectURI: String, callbackPath: String = CallbackExpectation.defaultPath,
        codeChallenge: String, state: String, scopes: [String], resource: String
    ) throws(OAuthError) -> AuthorizationRequest {
        let endpoint = server.authorizationEndpoint
        func refuse(_ why: String) -> OAuthError {
            OAuthError(
                .invalidMetadata, "the authorization endpoint \(MetadataJSON.shown(endpoint)) of \(MetadataJSON.shown(server.issuer)) \(why)",
                hint: "RFC 6749 §3.1; report it to the provider")
        }
        guard !endpoint.contains("#") else { throw refuse("has a fragment, which an authorization endpoint may not have") }
        let parts = endpoint.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let query = CallbackQuery.decode(Array(parts[1].utf8)[...]) else { throw refuse("has a query that is not form-encoded") }
            if let taken = parameterNames.first(where: { query[$0] != nil }) { throw refuse("already sets \(taken) in its query") }
        }
        guard codeChallenge.utf8.count == 43, codeChallenge.utf8.allSatisfy(Base64URL.isAlphabet) else {
            throw OAuthError(.invalidMetadata, "the PKCE code challenge is not BASE64URL(SHA-256) (RFC 7636 §4.2)")
        }
        guard !clientID.isEmpty, !state.isEmpty, !redirectURI.isEmpty else {
            throw OAuthError(.registration, "the authorization request lacks a client_id, a redirect_uri or a state")
        }
        guard WellKnown.split(resource) != nil, !resource.contains("#") else {
            throw OAuthError(.invalidMetadata, "the resource \(MetadataJSON.shown(resource)) is not an absolute URI without a fragment (RFC 8707 §2)")
        }
        var parameters = [
            ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI), ("code_challenge", codeChallenge),
            ("code_challenge_method", PKCE.method), ("state", state), ("resource", resource)
        ]
        if !scopes.isEmpty { parameters.append(("scope", scopes.joined(separator: " "))) }
        let separator = parts.count == 1 ? "?" : parts[1].isEmpty || parts[1].hasSuffix("&") ? "" : "&"
        return AuthorizationRequest(
            url: endpoint + separator + FormEncoding.encode(parameters),
            expectation: CallbackExpectation(
                path: callbackPath, state: state, issuer: server.issuer, issuerRequired: server.issuerParameterSupported))
    }
}
