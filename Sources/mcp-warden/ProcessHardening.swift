// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import CProcess
import Glibc
import PinnedHTTP
import Platform
import TokenVault

/// What every command does before anything else (DESIGN.md invariant 12, issue 13 item 8): a
/// crash writes no core, no other process of the user can read this one's memory, and the vault
/// passphrase does not stay in the environment.
enum ProcessHardening {
    /// Core dumps off (`RLIMIT_CORE` 0, soft and hard), the process not dumpable (no core even
    /// when a limit is raised again; `/proc/PID/mem`, `environ` and ptrace closed to other
    /// processes of the user), and `MCP_WARDEN_PASSPHRASE` taken out of the environment: its
    /// bytes overwritten in place, the variable removed, the value held by `VaultPassphrase`.
    static func apply() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        _ = cprocess_set_dumpable(0)
        if let passphrase = VaultPassphrase.takeFromEnvironment() {
            VaultPassphrase.hold(passphrase, origin: .variable)
        }
    }

    /// True when the vault key is read or made by `command`; only these read a passphrase file or ask.
    static func usesVaultKey(_ command: ParsableCommand) -> Bool {
        command is ConnectCommand || command is LoginCommand || command is LogoutCommand || command is StatusCommand || command is ImportCommand
    }

    /// The passphrase sources other than `MCP_WARDEN_PASSPHRASE`, for a command that uses the
    /// vault key: `MCP_WARDEN_PASSPHRASE_FILE` (the vault's file rules), else, with
    /// `MCP_WARDEN_PASSPHRASE_PROMPT=1`, the terminal — never for `connect`, whose stdin carries
    /// JSON-RPC. A problem is printed and the command does not run (exit 78).
    static func preparePassphrase(for command: ParsableCommand, environment: [String: String]) throws(ExitCode) {
        guard usesVaultKey(command) else { return }
        do {
            try preparePassphrase(isBridge: command is ConnectCommand, environment: environment)
        } catch {
            throw error.reported()
        }
    }

    static func preparePassphrase(isBridge: Bool, environment: [String: String]) throws(UserError) {
        let file = environment["MCP_WARDEN_PASSPHRASE_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let prompt = environment["MCP_WARDEN_PASSPHRASE_PROMPT"] == "1"
        if let file {
            guard !VaultPassphrase.isHeld else {
                throw UserError(
                    .config, "both MCP_WARDEN_PASSPHRASE and MCP_WARDEN_PASSPHRASE_FILE are set",
                    hint: "keep one: the file keeps the passphrase out of the environment")
            }
            do {
                VaultPassphrase.hold(try VaultPassphrase.read(file: file), origin: .file(file))
            } catch {
                throw UserError(
                    .config, "MCP_WARDEN_PASSPHRASE_FILE: \(error.message)",
                    hint: error.hint ?? "point MCP_WARDEN_PASSPHRASE_FILE at a regular file of yours, mode 0600, holding the passphrase on one line")
            }
            return
        }
        guard prompt, !VaultPassphrase.isHeld else { return }
        guard !isBridge else {
            throw UserError(
                .config, "the bridge cannot ask for the vault passphrase (MCP_WARDEN_PASSPHRASE_PROMPT): its stdin carries JSON-RPC",
                hint: "give it MCP_WARDEN_PASSPHRASE_FILE, a 0600 file holding the passphrase")
        }
        guard isatty(0) == 1 else {
            throw UserError(
                .config, "MCP_WARDEN_PASSPHRASE_PROMPT is set but stdin is not a terminal",
                hint: "run the command on a terminal, or use MCP_WARDEN_PASSPHRASE_FILE, a 0600 file holding the passphrase")
        }
        VaultPassphrase.hold(try PassphrasePrompt.ask(), origin: .prompt)
    }
}
