// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Endpoints
import Glibc
import PinnedHTTP
import Platform
import TokenVault

/// Which server, over which TLS policy: shared by `connect` and `login`.
struct TrustOptions: ParsableArguments {
    @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM file of extra trust anchors, added to the system store.", valueName: "pem"))
    var caFile: String?

    @Option(
        name: .customLong("pin"),
        help: ArgumentHelp(
            "Require that the server's verified chain carries this key: sha256/BASE64 of a certificate's SubjectPublicKeyInfo; repeatable. Adds to the chain and host-name checks.",
            valueName: "sha256/base64"))
    var pins: [String] = []

    @Flag(name: .customLong("allow-http"), help: "Allow plain http, to loopback hosts only (127.0.0.0/8, ::1, localhost).")
    var allowHTTP = false

    @Flag(
        name: .customLong("allow-tls-inspection"),
        help: "Accept the --ca-file certificates in place of a pinned endpoint's pins (a corporate TLS-inspecting proxy). Warns at every start.")
    var allowTLSInspection = false

    @Flag(name: .customLong("allow-unlisted"), help: "Trust a server that is not in the registry of official endpoints (system trust + --ca-file, no pins).")
    var allowUnlisted = false

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds a TCP + TLS connect may take (default 10).", valueName: "seconds"))
    var connectTimeout: Int = 10

    func validate() throws {
        guard (1...300).contains(connectTimeout) else { throw ValidationError("--connect-timeout must be between 1 and 300 seconds") }
    }

    /// An endpoint ready to use: its URL, its TLS policy in a running engine, and where it came from.
    /// Without a host list (`--allow-unlisted`, a user endpoint naming no hosts) MCP requests go to
    /// the server's own host only; OAuth adds the authorization server it records on first use.
    struct PreparedEndpoint {
        let url: String
        let selection: EndpointSelection.Selection
        let policy: TrustPolicy
        let engine: HTTPEngine
        let configDirectory: String
        /// The trust options a later `mcp-warden login` needs for this server (hints).
        let loginArguments: [String]
    }

    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
    }

    /// Pins narrow, never widen (issue 13): on an endpoint that has pins, command-line pins must
    /// be among them and then are the set; only `--allow-tls-inspection` brings in another root.
    static func narrowed(_ endpointPins: [SPKIPin], by given: [SPKIPin], owner: String) throws(UserError) -> [SPKIPin] {
        guard !endpointPins.isEmpty, !given.isEmpty else { return endpointPins + given }
        if let foreign = given.first(where: { !endpointPins.contains($0) }) {
            throw UserError(
                .config,
                "--pin \(foreign) is not one of \(owner)'s pinned keys: a pin on the command line can only narrow an endpoint's pins, never add to them",
                hint:
                    "to accept a TLS-inspecting proxy's root, pass its CA with --ca-file and --allow-tls-inspection; mcp-warden endpoints show \(owner) lists the pins"
            )
        }
        return given
    }

    func prepare(_ server: String, environment: [String: String], log: Diagnostics) throws(UserError) -> PreparedEndpoint {
        var anchors: [UInt8]?
        if let caFile { anchors = try CAFile.load(caFile) }
        let parsedPins = try pins.map { text throws(UserError) -> SPKIPin in
            guard let pin = SPKIPin(text) else {
                throw UserError(.usage, "--pin \(text.prefix(80)) is not a pin", hint: "a pin is sha256/ followed by the base64 of a 32-byte SHA-256 digest")
            }
            return pin
        }
        let configDirectory = try ConfigLocation.directory(environment: environment)
        let userEndpoints = try UserEndpointStore(directory: configDirectory).load()
        let selection = try EndpointSelection.resolve(server, allowUnlisted: allowUnlisted, userEndpoints: userEndpoints)
        if let own = selection.user, let ownCA = own.caFile {
            anchors = (anchors ?? []) + [0x0A] + (try CAFile.check(ConfigFile.readAnchors(ownCA, namedBy: own.name), path: ownCA))
        }
        let url = selection.url
        let host = RequestTarget(url)?.host ?? url
        var policy = TrustPolicy(
            allowPlainHTTPToLoopback: allowHTTP, extraAnchorsPEM: anchors, connectTimeoutMilliseconds: connectTimeout * 1000,
            pins: parsedPins, pinOwner: host)
        if let entry = selection.entry {
            policy.pins = try Self.narrowed(entry.pins.compactMap { SPKIPin($0.spki) }, by: parsedPins, owner: entry.name)
            policy.pinOwner = entry.name
            policy.allowedHosts = entry.allHosts
            log.debug("\(entry.displayName) (\(entry.name)): \(entry.pins.count) pinned roots, hosts \(entry.allHosts.sorted().joined(separator: ", "))")
        } else if let own = selection.user {
            policy.pins = try Self.narrowed(own.pins.compactMap(SPKIPin.init), by: parsedPins, owner: own.name)
            policy.pinOwner = own.name
            policy.allowedHosts = Set([host] + own.hosts)
        } else {
            policy.allowedHosts = [host]
        }
        if allowTLSInspection {
            guard let caFile, let anchors else {
                throw UserError(.usage, "--allow-tls-inspection needs --ca-file with the inspecting proxy's CA certificate")
            }
            let inspection = SPKIPin.all(inPEM: anchors)
            guard !inspection.isEmpty else { throw UserError(.config, "--ca-file \(caFile) holds no certificate whose key can be pinned") }
            if !policy.pins.isEmpty { policy.pins += inspection }
            try InspectionRecordStore(directory: configDirectory).note(endpoint: policy.pinOwner, caFile: Self.absolute(caFile))
            log.warning(
                "TLS inspection allowed: certificates from \(caFile) are accepted in place of \(policy.pinOwner)'s pinned roots; whoever holds that CA's key can read and change this traffic"
            )
        }
        do {
            _ = try policy.check(url)
        } catch {
            throw UserError(
                .config, "refusing \(url): \(error.message)",
                hint: error.message.contains("--allow-http") ? "pass --allow-http to allow plain http to a loopback host" : nil)
        }
        let engine: HTTPEngine
        do { engine = try HTTPEngine(policy: policy) } catch {
            // The trust store refuses extra anchors that do not parse: the user's file, not a bug.
            if error.code == .tls, policy.extraAnchorsPEM != nil {
                throw UserError(
                    .config, "the extra trust anchors (--ca-file, or the endpoint's CA file) are not usable: \(error.message)",
                    hint: "every '-----BEGIN CERTIFICATE-----' block must hold a whole certificate in PEM")
            }
            throw UserError(.internalError, "could not start the HTTP engine: \(error.message)")
        }
        var again = selection.entry == nil && selection.user == nil ? ["--allow-unlisted"] : []
        if let caFile { again += ["--ca-file", Self.absolute(caFile)] }
        if allowHTTP { again.append("--allow-http") }
        return PreparedEndpoint(
            url: url, selection: selection, policy: policy, engine: engine, configDirectory: configDirectory,
            loginArguments: again)
    }
}

/// `--ca-file`: extra trust anchors in PEM.
enum CAFile {
    static func load(_ path: String) throws(UserError) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path, limit: 4 << 20) } catch {
            throw UserError(.config, "cannot read --ca-file \(error.description)")
        }
        return try check(bytes, path: path)
    }

    static func check(_ bytes: [UInt8], path: String) throws(UserError) -> [UInt8] {
        guard String(decoding: bytes, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw UserError(
                .config, "--ca-file \(path) holds no PEM certificate", hint: "the file must contain one or more '-----BEGIN CERTIFICATE-----' blocks")
        }
        return bytes
    }
}
