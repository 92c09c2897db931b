// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import MCPFraming
import OAuth
import PinnedHTTP
import Platform

/// OAuth options (mcp-remote's names where it has them): shared by `connect` and `login`.
struct AuthorizationArguments: ParsableArguments {
    @Option(
        name: .customLong("callback-port"),
        help: ArgumentHelp("Port of the OAuth redirect listener on loopback (default: a fixed port derived from the server URL).", valueName: "port"))
    var callbackPort: Int?

    @Option(
        name: .customLong("host"),
        help: ArgumentHelp(
            "Host named in the OAuth redirect URI: 127.0.0.1 (default), localhost or [::1]; the listener binds loopback only.", valueName: "host"))
    var callbackHost: String?

    @Option(
        name: .customLong("callback-path"),
        help: ArgumentHelp("Path of the OAuth redirect URI (default /oauth/callback), for a client pre-registered with another.", valueName: "path"))
    var callbackPath: String?

    @Option(
        name: .customLong("auth-timeout"),
        help: ArgumentHelp(
            "Seconds a whole authorization may take, from its start: discovery, registration, the browser, the token request (default 300).",
            valueName: "seconds"))
    var authTimeout: Int = 300

    @Flag(name: .customLong("no-browser"), help: "Do not open a browser: print the authorization URL on stderr and wait.")
    var noBrowser = false

    @Option(
        name: .customLong("static-oauth-client-info"),
        help: ArgumentHelp("A pre-registered client: JSON with client_id (and client_secret), or @file.", valueName: "json|@file"))
    var staticClientInfo: String?

    @Option(
        name: .customLong("static-oauth-client-metadata"),
        help: ArgumentHelp("JSON object of fields added to dynamic client registration, or @file.", valueName: "json|@file"))
    var staticClientMetadata: String?

    @Option(
        name: .customLong("client-metadata-url"),
        help: ArgumentHelp("https URL of a client ID metadata document, used when the server supports them.", valueName: "url"))
    var clientMetadataURL: String?

    @Option(
        name: .customLong("resource"),
        help: ArgumentHelp("The RFC 8707 resource to request tokens for (default: from the server's metadata).", valueName: "uri"))
    var resource: String?

    @Option(
        name: .customLong("oauth-timeout"),
        help: ArgumentHelp(
            "Seconds one OAuth request (metadata, registration, token, revocation) may take, connect to last byte (default 30).", valueName: "seconds"))
    var oauthTimeout: Int = 30

    @Flag(
        name: .customLong("allow-foreign-resource"),
        help: "Allow a --resource on another origin than the server: tokens issued for that resource are sent to this server. Warns at every start.")
    var allowForeignResource = false

    func validate() throws {
        if let callbackPort, !(1...65535).contains(callbackPort) { throw ValidationError("--callback-port must be between 1 and 65535") }
        if let callbackHost, !AuthorizationOptions.isCallbackHost(callbackHost) {
            throw ValidationError("--host must be 127.0.0.1, localhost or [::1]: the redirect goes to this machine's loopback listener")
        }
        if let callbackPath, let problem = AuthorizationOptions.callbackPathProblem(callbackPath) {
            throw ValidationError("--callback-path \(problem)")
        }
        guard (5...3600).contains(authTimeout) else { throw ValidationError("--auth-timeout must be between 5 and 3600 seconds") }
        guard (1...300).contains(oauthTimeout) else { throw ValidationError("--oauth-timeout must be between 1 and 300 seconds") }
        if let clientMetadataURL, !ClientRegistration.isValidMetadataDocumentURL(clientMetadataURL) {
            throw ValidationError("--client-metadata-url must be an https URL with a path")
        }
        if let resource, RequestTarget(resource) == nil || resource.contains("#") {
            throw ValidationError("--resource must be an absolute http(s) URI without a fragment")
        }
    }

    /// The OAuth session for an endpoint, with the host policy its trust level calls for.
    func makeSession(
        for endpoint: TrustOptions.PreparedEndpoint, positionalPort: Int?, credentials: CredentialSlot, acceptNewIssuer: Bool,
        offerPaste: Bool = false, secretVariables: Set<String> = [], environment: [String: String], log: Diagnostics
    ) throws(UserError) -> OAuthSession {
        let url = endpoint.url
        try checkResourceOrigin(serverURL: url, log: log)
        let mcpHost = RequestTarget(url)?.host ?? url
        let allowHTTP = endpoint.policy.allowPlainHTTPToLoopback
        let hosts: AuthorizationHosts
        var engine = OAuthEngine(endpoint.engine)
        if let entry = endpoint.selection.entry {
            hosts = AuthorizationHosts(
                owner: entry.name, mcpHosts: Set(entry.mcpHosts), authorization: Set(entry.authorizationHosts),
                registration: Set(entry.registrationHosts), token: Set(entry.tokenHosts), revocation: Set(entry.revocationHosts),
                mcpHost: mcpHost, allowPlainHTTPToLoopback: allowHTTP)
        } else if let own = endpoint.selection.user, !own.hosts.isEmpty {
            let all = Set([mcpHost] + own.hosts)
            hosts = AuthorizationHosts(
                owner: own.name, mcpHosts: all, authorization: all, registration: all, token: all, revocation: all,
                mcpHost: mcpHost, allowPlainHTTPToLoopback: allowHTTP)
        } else {
            let store = KnownIssuerStore(directory: endpoint.configDirectory)
            // A record file that breaks the trust files' rules stops the start (exit 78), before
            // any authorization runs into it.
            _ = try store.load()
            hosts = AuthorizationHosts(
                owner: endpoint.selection.user?.name ?? mcpHost, mcpHost: mcpHost, allowPlainHTTPToLoopback: allowHTTP,
                approve: store.approval(for: url, acceptNew: acceptNewIssuer, log: log))
            // The authorization server may live on another host: its own engine (started on first
            // use), same TLS policy, hosts checked per request by the OAuth layer.
            var policy = endpoint.policy
            policy.allowedHosts = nil
            engine = OAuthEngine(startingWith: policy)
        }
        let port = callbackPort ?? positionalPort
        var options = AuthorizationOptions(
            serverURL: url, callbackPort: port.map { UInt16($0) } ?? AuthorizationOptions.defaultCallbackPort(for: url),
            timeoutSeconds: authTimeout, browser: noBrowser ? .none : .system, environment: environment,
            version: MCPWarden.version)
        options.staticClientInfo = try staticClientInfo.map { text throws(UserError) in try Self.jsonArgument(text, flag: "--static-oauth-client-info") }
        if let staticClientMetadata {
            let bytes = try Self.jsonArgument(staticClientMetadata, flag: "--static-oauth-client-metadata")
            guard let object = (try? JSONParser.parse(bytes))?.objectValue else {
                throw UserError(.usage, "--static-oauth-client-metadata must be a JSON object")
            }
            options.staticClientMetadata = object
        }
        options.loginCommand = (["mcp-warden", "login", endpoint.selection.entry?.name ?? endpoint.selection.user?.name ?? url] + endpoint.loginArguments)
            .joined(separator: " ")
        options.clientMetadataURL = clientMetadataURL
        if let callbackHost { options.setCallbackHost(callbackHost) }
        if let callbackPath { options.callbackPath = callbackPath }
        options.offerPaste = offerPaste
        options.secretVariables = secretVariables
        options.resourceOverride = resource
        options.requestTimeoutSeconds = oauthTimeout
        options.trust = StoredTrust(
            registryEntry: endpoint.selection.entry?.name,
            anchorsPEM: endpoint.policy.extraAnchorsPEM.map { String(decoding: $0, as: UTF8.self) },
            pins: endpoint.policy.pins.map(\.description), allowHTTP: allowHTTP)
        let authorizationLog = AuthorizationLog(info: { log.info($0) }, debug: { text in log.debug(text) })
        return OAuthSession(
            options: options, engine: engine, hosts: hosts, credentials: credentials, log: authorizationLog,
            store: VaultAccess.grantStore(environment: environment, log: log))
    }

    /// A grant belongs to the server it was issued for (RFC 8707, MCP "Token Audience Binding"):
    /// a `--resource` on another origin would have this server receive tokens issued for another
    /// one. Refused unless the user says so explicitly, and then announced at every start.
    func checkResourceOrigin(serverURL: String, log: Diagnostics) throws(UserError) {
        guard let resource, RequestTarget(resource)?.origin != RequestTarget(serverURL)?.origin else { return }
        guard allowForeignResource else {
            throw UserError(
                .usage,
                "--resource \(VisibleText.sanitized(resource, limit: 200)) is on another origin than the server \(VisibleText.sanitized(serverURL, limit: 200)): tokens for it would be sent to this server",
                hint:
                    "a grant belongs to the server it was issued for; if this server really takes tokens issued for that resource (a multi-tenant gateway), pass --allow-foreign-resource"
            )
        }
        log.warning("--allow-foreign-resource: tokens are requested for \(resource) and sent to \(serverURL); the grant is stored for \(serverURL) alone")
    }

    /// Inline JSON, or `@path` to a file; checked to be JSON here so a typo fails at start.
    static func jsonArgument(_ text: String, flag: String) throws(UserError) -> [UInt8] {
        var bytes = Array(text.utf8)
        if text.hasPrefix("@") {
            do { bytes = try FileBytes.read(String(text.dropFirst()), limit: 1 << 20) } catch {
                throw UserError(.usage, "cannot read \(flag) file \(error.description)")
            }
        }
        do { _ = try JSONParser.parse(bytes) } catch {
            throw UserError(.usage, "\(flag) is not valid JSON (\(error.description))")
        }
        return bytes
    }
}
