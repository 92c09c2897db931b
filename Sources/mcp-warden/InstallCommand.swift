// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import EditorConfigs
import Endpoints
import Glibc
import Platform

/// `mcp-warden install NAME|URL --client CLIENT [--project] [--name ENTRY] [--dry-run] [options…]`:
/// adds (or updates) one entry in an editor's config that starts this mcp-warden with the
/// given connect options. Only that entry's bytes change; a backup is written first.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Add or update an mcp-warden entry in an editor's MCP config.",
        discussion: """
            Options after NAME|URL that install does not know are connect options, written into the \
            entry's args (e.g. --allow-unlisted, --header 'Authorization: Bearer ${TOKEN}'). A literal \
            secret is refused: write a ${VAR} reference and set VAR in the editor's environment.
            """
    )

    @Argument(help: ArgumentHelp("A registry or endpoint name, or the server's URL.", valueName: "name|url")) var target: String
    @Option(help: ArgumentHelp("The editor: \(EditorClient.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "client"))
    var client: String
    @Flag(help: "Write the project's config (in the current directory) instead of the user's.") var project = false
    @Option(help: ArgumentHelp("The entry's name (default: the endpoint's name, or the URL's host).", valueName: "entry")) var name: String?
    @Flag(name: .customLong("dry-run"), help: "Print the change as a diff; write nothing.") var dryRun = false
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("connect options for the entry", valueName: "options")) var options: [String] = []

    func validate() throws {
        guard let editor = EditorClient(rawValue: client) else {
            throw ValidationError("unknown client \"\(client.prefix(40))\"; known: \(EditorClient.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if project, !editor.files(on: ConfigHost(home: "/", project: "/", isMacOS: false)).contains(where: { $0.scope == .project }) {
            throw ValidationError("\(editor.displayName) has no project config; leave out --project")
        }
        if let name, name.isEmpty || name.utf8.count > 100 || name.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw ValidationError("--name must be 1 to 100 visible characters")
        }
        // The options must be what connect accepts (its parser, without running it).
        do { _ = try ConnectCommand.parse([target] + options) } catch {
            throw ValidationError("not a valid connect option list: \(ConnectCommand.message(for: error))")
        }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let editor = EditorClient(rawValue: client)!
        let host = EditorConfigFiles.host(environment: environment)
        let file = editor.files(on: host).first { $0.scope == (project ? .project : .user) }!
        do throws(UserError) {
            let args = [target] + options
            if let secret = EditorConfigChange.literalSecret(in: args) {
                throw UserError(
                    .usage, "the options hold a literal \(secret.kind.rawValue) (\(secret.masked)); it is not written into a config",
                    hint: "write a ${VAR} reference (e.g. --header 'Authorization: Bearer ${MY_TOKEN}') and set VAR in the editor's env")
            }
            if RemoteURL(target) != nil, !options.contains("--allow-unlisted") {
                let mine = try UserEndpointStore(directory: try ConfigLocation.directory(environment: environment)).load()
                guard EditorConfigChange.isKnown(target, userEndpoints: mine) else {
                    throw UserError(
                        .config, "\(target) is not in the registry or your endpoints: mcp-warden would refuse it",
                        hint: "add --allow-unlisted, or run mcp-warden endpoints add NAME \(target) first")
                }
            }
            let entryName = name ?? Self.defaultName(for: target)
            let desired = DesiredEntry(command: EditorConfigChange.executablePath(), args: args)
            // Another writer between the read and the write (two installs at once, say): read the
            // file again and redo the edit on what is there now, a few times.
            for attempt in 1...Self.attempts {
                let change = try EditorConfigChange.load(file)
                let edits: [TextEdit]
                do { edits = try ConfigEdit.edits(setting: entryName, to: desired, in: change.config, bytes: change.original ?? []) } catch {
                    throw UserError(.config, "\(file.path): \(error.description); nothing written", hint: "fix the file by hand")
                }
                do {
                    Diagnostics.emit("info", "\(editor.displayName) entry \"\(entryName)\": " + (try change.commit(edits, dryRun: dryRun)))
                    return
                } catch  where ConfigFileWriter.lostRace(error) && attempt < Self.attempts {
                    usleep(UInt32.random(in: 10_000...80_000))
                }
            }
        } catch {
            throw error.reported()
        }
    }

    /// Reads and edits of a file that another writer keeps changing under us.
    static let attempts = 8

    /// `atlassian` for a registry name, `mcp-example-com` for https://mcp.example.com/mcp.
    static func defaultName(for target: String) -> String {
        guard let url = RemoteURL(target) else { return target }
        return EndpointRegistry.entry(matching: target)?.name ?? url.host.replacing(".", with: "-").replacing(":", with: "-")
    }
}
