// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import EditorConfigs
import Platform
import TokenVault

/// `mcp-warden migrate [--client CLIENT…] [--dry-run] [--shred]`: every `npx mcp-remote URL …`
/// entry in the editors' configs becomes `mcp-warden URL …` (flags mapped by
/// `MCPRemoteMigration`, or the entry skipped with the reason), then mcp-remote's cached tokens
/// for those servers go into the vault (`import mcp-remote`), and with `--shred` the plaintext
/// files are overwritten and removed. One line per entry and per file says what was done.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move the editors' mcp-remote entries and cached tokens to mcp-warden.",
        discussion: """
            Rewrites the command and args of each mcp-remote entry in place (every other key and \
            comment is kept; a backup of each changed file is written next to it), then imports the \
            matching tokens from ~/.mcp-auth. Exit 0 when everything found was migrated or left on \
            purpose, 1 when an entry was skipped or a token file could not be imported or shredded.
            """
    )

    @Option(name: .customLong("client"), help: ArgumentHelp("Only this editor's files (repeatable).", valueName: "client"))
    var clients: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the changes as diffs and what would be imported; write nothing.") var dryRun = false
    @Flag(help: "Overwrite and remove mcp-remote's plaintext files once imported.") var shred = false

    func validate() throws {
        for client in clients where EditorClient(rawValue: client) == nil {
            throw ValidationError("unknown client \"\(client.prefix(40))\"; known: \(EditorClient.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let host = EditorConfigFiles.host(environment: environment)
        let chosen = clients.isEmpty ? EditorClient.allCases : clients.compactMap(EditorClient.init(rawValue:))
        var skipped = 0
        var migratedURLs: [String] = []
        var importFailed = false
        do throws(UserError) {
            let directory = try ConfigLocation.directory(environment: environment)
            let mine = try UserEndpointStore(directory: directory).load()
            let command = EditorConfigChange.executablePath()
            for file in EditorConfigFiles.discover(chosen, on: host) {
                let change: EditorConfigChange
                do { change = try EditorConfigChange.load(file) } catch {
                    Diagnostics.emit("warning", "\(error.message); its entries were not migrated")
                    skipped += 1
                    continue
                }
                var edits: [TextEdit] = []
                for entry in change.config.entries {
                    guard let remote = entry.mcpRemote else { continue }
                    let label = "\(file.path): server \"\(entry.name)\""
                    let after = Array(entry.args.dropFirst(remote.index + 1))
                    let caFile = entry.env.last { $0.key == "NODE_EXTRA_CA_CERTS" }?.value
                    switch MCPRemoteMigration.plan(arguments: after, isKnown: { EditorConfigChange.isKnown($0, userEndpoints: mine) }, caFile: caFile) {
                    case .skip(let reason):
                        skipped += 1
                        Diagnostics.emit("warning", "\(label): left as it is: \(reason)")
                    case .migrate(let plan):
                        do {
                            edits += try ConfigEdit.edits(
                                setting: entry.name, to: DesiredEntry(command: command, args: plan.args), in: change.config, bytes: change.original ?? [])
                        } catch {
                            skipped += 1
                            Diagnostics.emit("warning", "\(label): left as it is: \(error.description)")
                            continue
                        }
                        migratedURLs.append(plan.url)
                        let notes = plan.notes.isEmpty ? "" : " (" + plan.notes.joined(separator: "; ") + ")"
                        Diagnostics.emit("info", "\(label): \(dryRun ? "would run" : "runs") mcp-warden \(plan.args.joined(separator: " "))\(notes)")
                    }
                }
                guard !edits.isEmpty else { continue }
                Diagnostics.emit("info", try change.commit(edits, dryRun: dryRun))
            }
            if migratedURLs.isEmpty { Diagnostics.emit("info", "no mcp-remote entry found in the editors' configs") }
            importFailed = try importTokens(environment: environment, user: mine.map(\.url) + migratedURLs)
        } catch {
            throw error.reported()
        }
        if skipped > 0 || importFailed { throw CommandEnding.partlyFailed.exitCode }
    }

    /// mcp-remote's tokens for the migrated servers (and every server mcp-warden knows) into the vault.
    /// Whether a file could not be imported or shredded.
    private func importTokens(environment: [String: String], user: [String]) throws(UserError) -> Bool {
        guard let base = MCPRemoteCache.baseDirectory(environment: environment) else { return false }
        var importer = MCPRemoteImport(shred: shred, dryRun: dryRun)
        let vault = try VaultAccess.open(environment: environment, log: Diagnostics())
        try importer.run(base: base, urls: MCPRemoteImport.candidates(user: user), vault: vault)
        return importer.failed
    }
}
