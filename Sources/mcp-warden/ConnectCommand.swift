import ArgumentParser
import Bridge
import Endpoints
import Glibc
import MCPTransport
import PinnedHTTP

extension TransportMode: ExpressibleByArgument {}

/// The bridge: what an editor runs.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Bridge stdio to a remote MCP server (the default command)."
    )

    @Argument(help: ArgumentHelp("A registry name (atlassian, cloudflare-docs, …) or the remote MCP server's URL (https; http only to loopback with --allow-http).", valueName: "name-or-url"))
    var server: String

    @Argument(help: ArgumentHelp("OAuth callback port (mcp-remote's positional form; used once authorization lands).", valueName: "callback-port"))
    var callbackPort: Int?

    @Option(name: .customLong("header"), help: ArgumentHelp("Extra request header 'Name: value'; repeatable; ${VAR} is read from the environment.", valueName: "header"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("auto (default), http or sse; mcp-remote's http-first, sse-first, http-only and sse-only are accepted.", valueName: "mode"))
    var transport: TransportMode = .auto

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM file of extra trust anchors, added to the system store.", valueName: "pem"))
    var caFile: String?

    @Option(name: .customLong("pin"), help: ArgumentHelp("Require that the server's verified chain carries this key: sha256/BASE64 of a certificate's SubjectPublicKeyInfo; repeatable. Adds to the chain and host-name checks.", valueName: "sha256/base64"))
    var pins: [String] = []

    @Flag(name: .customLong("allow-http"), help: "Allow plain http, to loopback hosts only (127.0.0.0/8, ::1, localhost).")
    var allowHTTP = false

    @Flag(name: .customLong("allow-tls-inspection"), help: "Accept the --ca-file certificates in place of a pinned endpoint's pins (a corporate TLS-inspecting proxy). Warns at every start.")
    var allowTLSInspection = false

    @Flag(name: .customLong("allow-unlisted"), help: "Trust a server that is not in the registry of official endpoints (system trust + --ca-file, no pins).")
    var allowUnlisted = false

    @Option(name: .customLong("ignore-tool"), help: ArgumentHelp("Hide tools whose name matches this glob (* and ?); repeatable.", valueName: "glob"))
    var ignoredTools: [String] = []

    @Option(name: .customLong("max-message-bytes"), help: ArgumentHelp("Longest stdin message accepted (default 64 MiB).", valueName: "bytes"))
    var maxMessageBytes: Int = BridgeConfiguration.defaultMaxMessageBytes

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds a TCP + TLS connect may take (default 10).", valueName: "seconds"))
    var connectTimeout: Int = 10

    @Flag(name: .customLong("enable-proxy"), help: "Accepted for mcp-remote compatibility: HTTPS_PROXY and NO_PROXY are always honoured.")
    var enableProxy = false

    @Flag(help: "Verbose diagnostics on stderr (never token values).")
    var debug = false

    @Flag(help: "Only errors on stderr.")
    var silent = false

    func validate() throws {
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024") }
        guard (1 ... 300).contains(connectTimeout) else { throw ValidationError("--connect-timeout must be between 1 and 300 seconds") }
        if let callbackPort, !(1 ... 65535).contains(callbackPort) { throw ValidationError("the callback port must be between 1 and 65535") }
    }

    func run() async throws {
        let log = Diagnostics(debugEnabled: debug, quiet: silent)
        let configuration: BridgeConfiguration
        do {
            configuration = try makeConfiguration(log: log)
        } catch {
            log.error(error.message, hint: error.hint)
            throw error.status.exitCode
        }
        log.debug("mcp-warden \(MCPWarden.version), libcurl \(String(cString: ccurlVersion())) with \(String(cString: ccurlSSLVersion()))")
        let outcome = await Bridge(configuration: configuration).run()
        switch outcome {
        case .finished: throw ExitStatus.ok.exitCode
        case .unreachable: throw ExitStatus.unreachable.exitCode
        case .refused: throw ExitStatus.protocolFailure.exitCode
        case .untrusted: throw ExitStatus.config.exitCode
        }
    }

    func makeConfiguration(log: Diagnostics) throws(UserError) -> BridgeConfiguration {
        let environment = ProcessEnvironment.current()
        let parsedHeaders = try headers.map { argument throws(UserError) in try HeaderArgument.parse(argument, environment: environment) }
        var anchors: [UInt8]?
        if let caFile { anchors = try CAFile.load(caFile) }
        let parsedPins = try pins.map { text throws(UserError) -> SPKIPin in
            guard let pin = SPKIPin(text) else {
                throw UserError(.usage, "--pin \(text.prefix(80)) is not a pin", hint: "a pin is sha256/ followed by the base64 of a 32-byte SHA-256 digest")
            }
            return pin
        }
        let userEndpoints = try UserEndpointStore(directory: ConfigLocation.directory(environment: environment)).load()
        let selection = try EndpointSelection.resolve(server, allowUnlisted: allowUnlisted, userEndpoints: userEndpoints)
        if let own = selection.user, let ownCA = own.caFile { anchors = (anchors ?? []) + [0x0A] + (try CAFile.load(ownCA)) }
        let url = selection.url
        var policy = TrustPolicy(allowPlainHTTPToLoopback: allowHTTP, extraAnchorsPEM: anchors, connectTimeoutMilliseconds: connectTimeout * 1000,
                                 pins: parsedPins, pinOwner: RequestTarget(url)?.host ?? url)
        if let entry = selection.entry {
            policy.pins = entry.pins.compactMap { SPKIPin($0.spki) } + parsedPins
            policy.pinOwner = entry.name
            policy.allowedHosts = entry.allHosts
            log.debug("\(entry.displayName) (\(entry.name)): \(entry.pins.count) pinned roots, hosts \(entry.allHosts.sorted().joined(separator: ", "))")
        } else if let own = selection.user {
            policy.pins = own.pins.compactMap(SPKIPin.init) + parsedPins
            policy.pinOwner = own.name
            if let host = RequestTarget(own.url)?.host { policy.allowedHosts = Set([host] + own.hosts) }
        }
        if allowTLSInspection {
            guard let caFile, let anchors else {
                throw UserError(.usage, "--allow-tls-inspection needs --ca-file with the inspecting proxy's CA certificate")
            }
            let inspection = SPKIPin.all(inPEM: anchors)
            guard !inspection.isEmpty else { throw UserError(.config, "--ca-file \(caFile) holds no certificate whose key can be pinned") }
            if !policy.pins.isEmpty { policy.pins += inspection }
            log.warning("TLS inspection allowed: certificates from \(caFile) are accepted in place of \(policy.pinOwner)'s pinned roots; whoever holds that CA's key can read and change this traffic")
        }
        do {
            _ = try policy.check(url)
        } catch {
            throw UserError(.config, "refusing \(url): \(error.message)",
                            hint: error.message.contains("--allow-http") ? "pass --allow-http to allow plain http to a loopback host" : nil)
        }
        let engine: HTTPEngine
        do { engine = try HTTPEngine(policy: policy) } catch {
            throw UserError(.internalError, "could not start the HTTP engine: \(error.message)")
        }
        let server = RemoteServer(url: url, headers: parsedHeaders.map { ($0.name, $0.value) }, engine: engine, log: log)
        return BridgeConfiguration(server: server, mode: transport, toolFilter: ToolFilter(globs: ignoredTools), maxMessageBytes: maxMessageBytes)
    }
}

/// Which servers may be used: registry entries (by name or URL), or anything the user explicitly trusts.
enum EndpointSelection {
    struct Selection {
        let url: String
        let entry: EndpointEntry?
        var user: UserEndpoint? = nil
    }

    static func resolve(_ argument: String, allowUnlisted: Bool, userEndpoints: [UserEndpoint] = []) throws(UserError) -> Selection {
        if !argument.contains("://") {
            if let entry = EndpointRegistry.entry(named: argument) { return Selection(url: entry.url, entry: entry) }
            if let own = userEndpoints.first(where: { $0.name == argument }) { return Selection(url: own.url, entry: nil, user: own) }
            throw UserError(.usage, "\"\(argument.prefix(60))\" is neither a URL nor an endpoint in mcp-warden's registry",
                            hint: "known names: \(EndpointRegistry.entries.prefix(6).map(\.name).joined(separator: ", ")), …; mcp-warden endpoints list shows all; or pass the server's https URL")
        }
        if let entry = EndpointRegistry.entry(matching: argument) { return Selection(url: argument, entry: entry) }
        if let own = userEndpoints.first(where: { $0.matches(argument) }) { return Selection(url: argument, entry: nil, user: own) }
        guard allowUnlisted else {
            throw UserError(.config, "\(argument) is not an official endpoint in mcp-warden's registry, nor one of yours",
                            hint: "to trust it, add it with mcp-warden endpoints add NAME URL [--pin sha256/…], or pass --allow-unlisted (system trust and --ca-file, no pins)")
        }
        return Selection(url: argument, entry: nil)
    }
}

/// `--ca-file`: extra trust anchors in PEM.
enum CAFile {
    static func load(_ path: String) throws(UserError) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, limit: 4 << 20) } catch {
            throw UserError(.config, "cannot read --ca-file \(error.description)")
        }
        guard String(decoding: bytes, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw UserError(.config, "--ca-file \(path) holds no PEM certificate", hint: "the file must contain one or more '-----BEGIN CERTIFICATE-----' blocks")
        }
        return bytes
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
