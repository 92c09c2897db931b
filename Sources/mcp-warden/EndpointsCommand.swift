// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Endpoints
import PinnedHTTP
import Platform

/// `mcp-warden endpoints add|remove|list|show`: servers the user trusts besides the registry.
struct EndpointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract: "Manage the servers you trust besides the official registry.",
        subcommands: [Add.self, Remove.self, List.self, Show.self]
    )

    static func store() throws(UserError) -> UserEndpointStore {
        UserEndpointStore(directory: try ConfigLocation.directory(environment: ProcessEnvironment.current()))
    }

    /// Runs `body`, printing a `UserError` the house way and exiting with its code.
    static func running(_ body: () throws(UserError) -> Void) throws {
        do { try body() } catch {
            throw error.reported()
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Trust a server: mcp-warden NAME then connects to URL with these pins and hosts.")
        @Argument(help: "A short name: a-z, 0-9 and '-'.") var name: String
        @Argument(help: "The server's https URL.") var url: String
        @Option(name: .customLong("pin"), help: ArgumentHelp("sha256/BASE64 of a key that must appear in the verified chain; repeatable.", valueName: "pin"))
        var pins: [String] = []
        @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM file of extra trust anchors for this server.", valueName: "pem")) var caFile: String?
        @Option(
            name: .customLong("host"),
            help: ArgumentHelp("Another host this server's requests may go to (its authorization server); repeatable.", valueName: "host")) var hosts:
            [String] = []
        @Option(
            name: .customLong("allow-tool"),
            help: ArgumentHelp("Show only this server's tools whose name matches one of these globs; repeatable.", valueName: "glob"))
        var allowTools: [String] = []
        @Option(name: .customLong("ignore-tool"), help: ArgumentHelp("Hide this server's tools whose name matches this glob; repeatable.", valueName: "glob"))
        var ignoreTools: [String] = []
        @Flag(name: .customLong("read-only"), help: "Show only this server's tools whose annotations say readOnlyHint: true.") var readOnly = false
        @Flag(help: "Replace an endpoint of the same name.") var replace = false

        func run() throws {
            try EndpointsCommand.running { () throws(UserError) in
                if let caFile {
                    guard caFile.hasPrefix("/") else { throw UserError(.usage, "--ca-file must be an absolute path (it is read at every start)") }
                    _ = try CAFile.check(ConfigFile.readAnchors(caFile, namedBy: name), path: caFile)
                }
                let endpoint = try UserEndpoint(
                    name: name, url: url, pins: pins, caFile: caFile, hosts: hosts.map { $0.lowercased() }, allowTools: allowTools, ignoreTools: ignoreTools,
                    readOnly: readOnly
                ).validated()
                let store = try EndpointsCommand.store()
                var all = try store.load()
                if all.contains(where: { $0.name == name }) {
                    guard replace else {
                        throw UserError(.usage, "an endpoint named \(name) exists already", hint: "pass --replace to overwrite it, or remove it first")
                    }
                    all.removeAll { $0.name == name }
                }
                all.append(endpoint)
                try store.save(all)
                print(
                    "added \(name): \(url)\(pins.isEmpty ? " (no pins: system trust\(caFile == nil ? "" : " and its CA file"))" : " with \(pins.count) pin(s)")"
                )
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Stop trusting a server you added.")
        @Argument var name: String

        func run() throws {
            try EndpointsCommand.running { () throws(UserError) in
                let store = try EndpointsCommand.store()
                var all = try store.load()
                guard all.contains(where: { $0.name == name }) else {
                    throw UserError(.usage, "no endpoint of yours is named \(name.prefix(70))", hint: "mcp-warden endpoints list shows them")
                }
                all.removeAll { $0.name == name }
                try store.save(all)
                print("removed \(name)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the official registry and your own endpoints.")

        func run() throws {
            try EndpointsCommand.running { () throws(UserError) in
                let mine = try EndpointsCommand.store().load()
                if let summary = Self.lifecycleSummary() { Diagnostics().warning(summary) }
                for entry in EndpointRegistry.entries {
                    let note = entry.deprecation.map { "  (deprecated: use \($0.useInstead))" } ?? ""
                    print("\(entry.name.padding(30))official  \(entry.url)\(note)")
                }
                for gone in EndpointRegistry.removed {
                    print("\((gone.formerName ?? "-").padding(30))removed   \(gone.url)  (\(gone.outcome); use \(gone.useInstead))")
                }
                for endpoint in mine {
                    print("\(endpoint.name.padding(30))yours     \(endpoint.url)\(endpoint.pins.isEmpty ? "  (no pins)" : "")")
                }
            }
        }

        /// One line for the whole list: how many official endpoints their providers deprecated or removed.
        static func lifecycleSummary() -> String? {
            let deprecated = EndpointRegistry.entries.filter { $0.deprecation != nil }.count
            let removed = EndpointRegistry.removed.count
            guard deprecated + removed > 0 else { return nil }
            return
                "\(deprecated) official endpoint\(deprecated == 1 ? " is" : "s are") deprecated by \(deprecated == 1 ? "its provider" : "their providers") and \(removed) removed (mcp-warden refuses removed ones): endpoints show NAME says what to use instead"
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Everything mcp-warden knows about one endpoint.")
        @Argument var name: String

        func run() throws {
            try EndpointsCommand.running { () throws(UserError) in
                if let entry = EndpointRegistry.entry(named: name) {
                    if let deprecation = entry.deprecation { Diagnostics().warning(RegistryNotice.deprecated(entry.name, deprecation)) }
                    print(
                        "name: \(entry.name) (official)\ndisplay name: \(entry.displayName)\nurl: \(entry.url)\npaths: \(entry.paths.joined(separator: ", "))")
                    print("transport: \(entry.transport)\nmcp hosts: \(entry.mcpHosts.joined(separator: ", "))")
                    print(
                        "authorization hosts: \(entry.authorizationHosts.joined(separator: ", "))\nregistration hosts: \(entry.registrationHosts.joined(separator: ", "))"
                    )
                    print("token hosts: \(entry.tokenHosts.joined(separator: ", "))\nrevocation hosts: \(entry.revocationHosts.joined(separator: ", "))")
                    print("revoke the grant at: \(entry.revokeGrantAt)")
                    Self.printLifecycle(entry)
                    print("pinned roots:")
                    for pin in entry.pins { print("  \(pin.spki)  \(pin.authority) (\(pin.certificateFile))") }
                    print("sources:")
                    for fact in entry.facts { print("  - \(fact.claim) [\(fact.source), \(fact.date), \(fact.evidence.rawValue)]") }
                    return
                }
                try RegistryNotices.refuseRemoved(named: name)
                guard let endpoint = try EndpointsCommand.store().load().first(where: { $0.name == name }) else {
                    throw UserError(.usage, "no endpoint named \(name.prefix(70))", hint: "mcp-warden endpoints list shows them")
                }
                print("name: \(endpoint.name) (yours)\nurl: \(endpoint.url)")
                print("pins: \(endpoint.pins.isEmpty ? "none (system trust and the CA file only)" : endpoint.pins.joined(separator: ", "))")
                print("ca file: \(endpoint.caFile ?? "none")\nextra hosts: \(endpoint.hosts.isEmpty ? "none" : endpoint.hosts.joined(separator: ", "))")
                print("allowed tools: \(endpoint.allowTools.isEmpty ? "all" : endpoint.allowTools.joined(separator: ", "))")
                print("ignored tools: \(endpoint.ignoreTools.isEmpty ? "none" : endpoint.ignoreTools.joined(separator: ", "))")
                print("read-only: \(endpoint.readOnly ? "yes" : "no")")
            }
        }

        /// What the provider deprecated or removed about this entry, on stdout with the rest.
        static func printLifecycle(_ entry: EndpointEntry) {
            print("deprecated: \(entry.deprecation.map { RegistryNotice.deprecated(entry.name, $0) } ?? "no")")
            for (path, deprecation) in entry.deprecatedPaths.sorted(by: { $0.key < $1.key }) {
                print("deprecated path: \(RegistryNotice.deprecated(path, deprecation))")
            }
            for gone in EndpointRegistry.removed where gone.formerEntry == entry.name {
                print("removed path: \(RegistryNotice.removed(gone).message)")
            }
            if let gone = entry.legacySSEGone { print("legacy http+sse transport: gone (\(gone.claim))") }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
