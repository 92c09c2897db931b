// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Glibc
import Platform
import TokenVault

/// Asks for the vault passphrase on the terminal (`MCP_WARDEN_PASSPHRASE_PROMPT=1`): the prompt
/// on stderr, one line read from stdin with echo off, the terminal restored. Signals are off while
/// typing, as getpass(3) does, so Ctrl-C cannot leave the terminal without echo: it is read as a
/// character and cancels.
enum PassphrasePrompt {
    static let prompt = "passphrase for the vault:"

    static func ask() throws(UserError) -> [UInt8] {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else {
            throw UserError(.config, "cannot read the passphrase from the terminal: \(String(cString: strerror(errno)))")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL | ISIG)
        quiet.c_lflag |= tcflag_t(ICANON)
        // Echo goes off before the prompt shows: nothing typed after the prompt can be echoed
        // (TCSAFLUSH drops what was typed ahead of it, as getpass(3) does).
        _ = tcsetattr(0, TCSAFLUSH, &quiet)
        Diagnostics.prompt(prompt)
        var line = Syscall.readLine(0, limit: VaultPassphrase.fileLimit) ?? []
        _ = tcsetattr(0, TCSAFLUSH, &saved)
        Diagnostics.endPrompt()
        defer { SecureRandom.wipe(&line) }
        let cancelled = line.contains(0x03) || line.contains(0x1C) || line.contains(0x04)
        guard !cancelled, let passphrase = VaultPassphrase.parse(fileContent: line) else {
            throw UserError(
                .config, cancelled ? "no passphrase was typed" : "the passphrase is empty",
                hint: "type the vault's passphrase, or use MCP_WARDEN_PASSPHRASE_FILE, a 0600 file holding it")
        }
        return passphrase
    }
}
