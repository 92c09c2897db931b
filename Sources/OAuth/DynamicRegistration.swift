// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// Dynamic client registration (RFC 7591 §2, §3): a native client with the exact loopback
/// redirect URI (MCP 2026-07-28 "Application Type and Redirect URI Constraints"), the scopes it
/// will ask for, and the client authentication the authorization server takes.
enum DynamicRegistration {
    /// The `token_endpoint_auth_method` to ask for, from the server's
    /// `token_endpoint_auth_methods_supported` (RFC 8414 §2):
    /// - `none` (a public client, MCP's native-app norm) when listed, and when the list is absent
    ///   or empty. RFC 8414 makes `client_secret_basic` the default of an absent list, but MCP
    ///   servers that omit it register public clients, and the response says what was registered;
    /// - else `client_secret_post` when listed, else `client_secret_basic`: a confidential client,
    ///   because a server that lists only those stores every client as confidential (Glewlwyd)
    ///   and then refuses a token request without a secret. `post` first although RFC 6749 §2.3.1
    ///   prefers Basic: the MCP SDKs' authorization servers (and FastMCP on them) accept the
    ///   secret at `/revoke` only in the form (python-sdk #3508), so a Basic client could not be
    ///   logged out there;
    /// - else (only `private_key_jwt` and the like) an error: mcp-warden implements none of those.
    static func authMethod(serverMethods: [String]?, issuer: String) throws(OAuthError) -> String {
        guard let methods = serverMethods, !methods.isEmpty, !methods.contains("none") else { return "none" }
        if methods.contains("client_secret_post") { return "client_secret_post" }
        if methods.contains("client_secret_basic") { return "client_secret_basic" }
        throw OAuthError(
            .registration,
            "\(issuer) accepts only client authentication \(methods.prefix(5).map { MetadataJSON.shown($0, limit: 40) }.joined(separator: ", ")) at its token endpoint; mcp-warden implements none, client_secret_post and client_secret_basic",
            hint: "register mcp-warden with the provider and pass --static-oauth-client-info")
    }

    /// The registration request. `scope` (RFC 7591 §2) is what the flow will ask for: a server
    /// without default scopes registers none otherwise and then refuses the authorization request
    /// (`invalid_scope`). `--static-oauth-client-metadata` (`extra`) adds or replaces fields; the
    /// redirect URI stays exact.
    static func request(redirectURI: String, scopes: [String], authMethod: String, extra: JSONObject?, version: String) -> [UInt8] {
        var object: JSONObject = [
            "client_name": .string("mcp-warden"),
            "redirect_uris": .array([.string(redirectURI)]),
            "grant_types": .array([.string("authorization_code"), .string("refresh_token")]),
            "response_types": .array([.string("code")]),
            "token_endpoint_auth_method": .string(authMethod),
            "application_type": .string("native"),
            "software_id": .string("mcp-warden"),
            "software_version": .string(version)
        ]
        if !scopes.isEmpty { object["scope"] = .string(scopes.joined(separator: " ")) }
        for (key, value) in extra ?? [:] where key != "redirect_uris" { object[key] = value }
        return object.serialized()
    }

    /// The registration response (RFC 7591 §3.2.1). The server may change what was asked: the
    /// client authentication, the secret and the scopes it returns are the ones used. A method
    /// the response leaves out is the one asked for, or `client_secret_basic` (RFC 7591 §2's
    /// default) when a secret came back for a public request.
    static func parse(
        _ body: [UInt8], issuer: String, redirectURI: String, requestedMethod: String = "none", requestedScopes: [String] = []
    ) throws(OAuthError) -> ClientRegistration {
        let document = try MetadataJSON.object(body, what: "registration response", source: issuer)
        guard let id = document["client_id"]?.stringValue, !id.isEmpty else {
            throw OAuthError(.registration, "the registration response of \(issuer) has no client_id")
        }
        let secret = document["client_secret"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let method =
            document["token_endpoint_auth_method"]?.stringValue
            ?? (secret == nil ? "none" : requestedMethod == "none" ? "client_secret_basic" : requestedMethod)
        guard ClientRegistration.supportedAuthMethods.contains(method) else {
            throw OAuthError(
                .registration, "\(issuer) registered mcp-warden for client authentication \(MetadataJSON.shown(method, limit: 40)), which it does not support")
        }
        guard method == "none" || secret != nil else {
            throw OAuthError(
                .registration, "\(issuer) registered mcp-warden for client authentication \(method) but returned no client_secret",
                hint: "report it to the provider, or register mcp-warden there and pass --static-oauth-client-info")
        }
        if let uris = MetadataJSON.strings(document["redirect_uris"]), !uris.contains(redirectURI) {
            throw OAuthError(
                .registration, "\(issuer) changed the redirect URI while registering mcp-warden",
                hint: "the server must accept the loopback redirect \(redirectURI)")
        }
        let scopes = document["scope"]?.stringValue.map(ScopeToken.split) ?? requestedScopes
        return ClientRegistration(
            issuer: issuer, clientID: id, clientSecret: secret, clientSecretExpiresAt: document["client_secret_expires_at"]?.intValue,
            tokenEndpointAuthMethod: method, redirectURI: redirectURI, source: .dynamic, scopes: scopes)
    }
}
