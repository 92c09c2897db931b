// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import PinnedHTTP

/// `mcp-warden [connect] URL [options]` — the default subcommand is `connect`, so an editor
/// config can swap `npx mcp-remote URL` for `mcp-warden URL`.
@main
struct MCPWarden: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mcp-warden",
        abstract: "A security-first stdio bridge to remote MCP servers.",
        discussion: """
            An editor starts mcp-warden as a local stdio MCP server; mcp-warden speaks to the remote \
            server over verified TLS (Streamable HTTP, or the legacy HTTP+SSE transport). stdout carries \
            only JSON-RPC; every human message goes to stderr.

            Exit codes: 0 done, 1 internal error, 64 bad command line, 69 server unreachable, \
            76 the server would not start an MCP session, 77 authorization failed, 78 refused by configuration or trust policy.

            Vault passphrase (instead of the keyring or a key file): MCP_WARDEN_PASSPHRASE_FILE, a 0600 \
            file of yours holding it; MCP_WARDEN_PASSPHRASE (removed from the environment once read); or \
            MCP_WARDEN_PASSPHRASE_PROMPT=1 to be asked on the terminal (login, logout, status, import; \
            never the bridge, whose stdin carries JSON-RPC).
            """,
        version: version,
        subcommands: [
            ConnectCommand.self, LoginCommand.self, LogoutCommand.self, StatusCommand.self, ToolsCommand.self, EndpointsCommand.self, ImportCommand.self,
            PurgeCommand.self, AuditCommand.self, InstallCommand.self, MigrateCommand.self
        ],
        defaultSubcommand: ConnectCommand.self
    )

    /// ArgumentParser's `main`, with the process hardened before anything else runs (no core
    /// dump, not dumpable, the passphrase out of the environment) and the passphrase file or
    /// prompt read once the command is known. libcurl and OpenSSL start up on a thread of their
    /// own meanwhile (`HTTPStartup`), which the process waits for before it exits.
    ///
    /// Synchronous on purpose: Swift's async `main` ends the main thread with `pthread_exit`
    /// inside `dispatch_main`, a forced unwind that read 0.5 MB of the binary's unwind tables
    /// at every start, only to park the thread. Here the command runs as a detached task (no
    /// code of mcp-warden or ArgumentParser runs on the main actor) and ends the process; the
    /// main thread blocks every signal first, as `dispatch_main` does, so that the threads
    /// made after it inherit that mask and signals reach the bridge's signalfd sources.
    static func main() {
        MainThread.blockSignals()
        ProcessHardening.apply()
        Task.detached { await runCommand() }
        MainThread.park()
    }

    static func runCommand() async -> Never {
        // From the task, whose worker thread then exists: libcurl's dlopen holds the loader's
        // lock, which creating a thread waits for (the task started 3.4 ms late otherwise).
        HTTPStartup.begin()
        do {
            var command = try await asyncParseAsRoot()
            try ProcessHardening.preparePassphrase(for: command, environment: ProcessEnvironment.current())
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            HTTPStartup.finish()
            exit(withError: error)
        }
        HTTPStartup.finish()
        exit(withError: nil)
    }
}
