// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Bridge
import Endpoints
import Glibc
import MCPTransport
import OAuth
import PinnedHTTP
import Platform

extension TransportMode: ExpressibleByArgument {}

/// The bridge: what an editor runs.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Bridge stdio to a remote MCP server (the default command)."
    )

    @Argument(
        help: ArgumentHelp(
            "A registry name (atlassian, cloudflare-docs, …) or the remote MCP server's URL (https; http only to loopback with --allow-http).",
            valueName: "name-or-url"))
    var server: String

    @Argument(help: ArgumentHelp("OAuth callback port (mcp-remote's positional form of --callback-port).", valueName: "callback-port"))
    var callbackPort: Int?

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp("Extra request header 'Name: value'; repeatable; ${VAR} is read from the environment.", valueName: "header"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("auto (default), http or sse; mcp-remote's http-first, sse-first, http-only and sse-only are accepted.", valueName: "mode"))
    var transport: TransportMode = .auto

    @OptionGroup(title: "Trust")
    var trust: TrustOptions

    @OptionGroup(title: "Session")
    var sessionOptions: SessionOptions

    @OptionGroup(title: "Authorization")
    var authorization: AuthorizationArguments

    @OptionGroup(title: "Tools")
    var tools: ToolGuardOptions

    @Option(
        name: .customLong("max-message-bytes"),
        help: ArgumentHelp(
            "Longest message accepted, from the editor (a stdin line) and from the server (a JSON body or one SSE event); default 64 MiB.", valueName: "bytes"))
    var maxMessageBytes: Int = BridgeConfiguration.defaultMaxMessageBytes

    @Option(
        name: .customLong("response-timeout"),
        help: ArgumentHelp(
            "Seconds the MCP server may take to start answering a request (its response head; default 60). An answer that has started, such as the stream of a long-running tool, is never cut.",
            valueName: "seconds"))
    var responseTimeout: Int = 60

    @Flag(name: .customLong("enable-proxy"), help: "Accepted for mcp-remote compatibility: HTTPS_PROXY and NO_PROXY are always honoured.")
    var enableProxy = false

    @Flag(help: "Verbose diagnostics on stderr (never token values).")
    var debug = false

    @Flag(help: "Only errors on stderr.")
    var silent = false

    func validate() throws {
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024") }
        guard (1...3600).contains(responseTimeout) else { throw ValidationError("--response-timeout must be between 1 and 3600 seconds") }
        if let callbackPort, !(1...65535).contains(callbackPort) { throw ValidationError("the callback port must be between 1 and 65535") }
    }

    func run() async throws {
        let log = Diagnostics(debugEnabled: debug, quiet: silent)
        let configuration: BridgeConfiguration
        let session: OAuthSession?
        do {
            (configuration, session) = try makeConfiguration(log: log)
        } catch {
            throw error.reported(to: log)
        }
        log.debug("mcp-warden \(MCPWarden.version), libcurl \(String(cString: ccurlVersion())) with \(String(cString: ccurlSSLVersion()))")
        await session?.restore()
        let outcome = await Bridge(configuration: configuration).run()
        throw CommandEnding.bridge(outcome, authorizationFailure: await session?.lastFailure?.code).exitCode
    }

    /// The bridge's configuration, and the OAuth session that authorizes it (nil when the user
    /// passed their own `Authorization` header).
    func makeConfiguration(log: Diagnostics) throws(UserError) -> (BridgeConfiguration, OAuthSession?) {
        let environment = ProcessEnvironment.current()
        let parsedHeaders = try headers.map { argument throws(UserError) in try HeaderArgument.parse(argument, environment: environment) }
        let endpoint = try trust.prepare(server, environment: environment, log: log)
        try RegistryNotices.admit(endpoint.selection, transport: transport, log: log)
        // A user-supplied Authorization header means the user manages the token: no OAuth.
        let ownsAuthorization = parsedHeaders.contains { $0.name.lowercased() == "authorization" }
        let credentials = ownsAuthorization ? nil : CredentialSlot()
        let session = try credentials.map { slot throws(UserError) in
            try authorization.makeSession(
                for: endpoint, positionalPort: callbackPort, credentials: slot, acceptNewIssuer: false,
                secretVariables: Set(parsedHeaders.flatMap(\.variables)), environment: environment, log: log)
        }
        var remote = RemoteServer(
            url: endpoint.url, headers: parsedHeaders.map { ($0.name, $0.value) }, engine: endpoint.engine, log: log, credentials: credentials)
        remote.maxMessageBytes = maxMessageBytes
        remote.responseTimeoutSeconds = responseTimeout
        let toolGuard = try tools.makeGuard(for: endpoint, serverArgument: server, log: log)
        var configuration = BridgeConfiguration(server: remote, mode: transport, toolGuard: toolGuard, maxMessageBytes: maxMessageBytes)
        configuration.authorization = session
        sessionOptions.apply(to: &configuration)
        return (configuration, session)
    }
}

/// Which servers may be used: registry entries (by name or URL), or anything the user explicitly trusts.
enum EndpointSelection {
    struct Selection {
        let url: String
        let entry: EndpointEntry?
        var user: UserEndpoint? = nil
    }

    /// True when the URL's authority holds `user[:password]@`.
    static func hasUserInfo(_ url: String) -> Bool {
        let parts = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts[1].prefix(while: { !"/?#".contains($0) }).contains("@")
    }

    static func resolve(_ argument: String, allowUnlisted: Bool, userEndpoints: [UserEndpoint] = []) throws(UserError) -> Selection {
        // Invariant 2: a password in the URL is never echoed, and never sent.
        if Self.hasUserInfo(argument) {
            throw UserError(
                .usage, "the server URL carries a user name or password, which mcp-warden never sends",
                hint: "remove the user:password@ part; servers that need a static token take --header \"Authorization: Bearer ${TOKEN}\"")
        }
        if !argument.contains("://") {
            if let entry = EndpointRegistry.entry(named: argument) { return Selection(url: entry.url, entry: entry) }
            if let own = userEndpoints.first(where: { $0.name == argument }) { return Selection(url: own.url, entry: nil, user: own) }
            try RegistryNotices.refuseRemoved(named: argument)
            throw UserError(
                .usage, "\"\(argument.prefix(60))\" is neither a URL nor an endpoint in mcp-warden's registry",
                hint:
                    "known names: \(EndpointRegistry.entries.prefix(6).map(\.name).joined(separator: ", ")), …; mcp-warden endpoints list shows all; or pass the server's https URL"
            )
        }
        if let entry = EndpointRegistry.entry(matching: argument) { return Selection(url: argument, entry: entry) }
        if let own = userEndpoints.first(where: { $0.matches(argument) }) { return Selection(url: argument, entry: nil, user: own) }
        if let former = RegistryNotices.formerEntry(of: argument) { return Selection(url: argument, entry: former) }
        guard allowUnlisted else {
            throw UserError(
                .config, "\(argument) is not an official endpoint in mcp-warden's registry, nor one of yours",
                hint:
                    "to trust it, add it with mcp-warden endpoints add NAME URL [--pin sha256/…], or pass --allow-unlisted (system trust and --ca-file, no pins)"
            )
        }
        return Selection(url: argument, entry: nil)
    }
}

/// The process environment, read once from `environ`.
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }
}
