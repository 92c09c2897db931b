import Glibc
import TokenVault

/// Asks for the vault passphrase on the terminal (`MCP_WARDEN_PASSPHRASE_PROMPT=1`): the prompt
/// on stderr, one line read from stdin with echo off, the terminal restored. Signals are off while
/// typing, as getpass(3) does, so Ctrl-C cannot leave the terminal without echo: it is read as a
/// character and cancels.
enum PassphrasePrompt {
    static let prompt = "mcp-warden: passphrase for the vault: "

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
        write(prompt)
        var line = readLine()
        _ = tcsetattr(0, TCSAFLUSH, &saved)
        write("\n")
        defer { VaultRandom.wipe(&line) }
        let cancelled = line.contains(0x03) || line.contains(0x1C) || line.contains(0x04)
        guard !cancelled, let passphrase = VaultPassphrase.parse(fileContent: line) else {
            throw UserError(.config, cancelled ? "no passphrase was typed" : "the passphrase is empty",
                            hint: "type the vault's passphrase, or use MCP_WARDEN_PASSPHRASE_FILE, a 0600 file holding it")
        }
        return passphrase
    }

    /// One line from stdin, newline included, at most `VaultPassphrase.fileLimit` bytes; what the
    /// terminal gave up to end of file otherwise.
    private static func readLine() -> [UInt8] {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < VaultPassphrase.fileLimit {
            let n = Glibc.read(0, &byte, 1)
            if n < 0, errno == EINTR { continue }
            guard n == 1 else { break }
            line.append(byte)
            if byte == 0x0A { break }
        }
        return line
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
