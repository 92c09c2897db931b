// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Synchronization

/// The vault passphrase of this process (issue 13 item 8, DESIGN.md invariant 12): taken out of
/// the environment at start, read from a private file, or typed at a terminal, and from then on
/// held here only. `VaultKeys` uses it when its environment has no `MCP_WARDEN_PASSPHRASE`.
public enum VaultPassphrase {
    /// Where the held passphrase came from (named by `status`).
    public enum Origin: Sendable, Equatable {
        /// `MCP_WARDEN_PASSPHRASE`.
        case variable
        /// `MCP_WARDEN_PASSPHRASE_FILE`, with its path.
        case file(String)
        /// Typed at the terminal (`MCP_WARDEN_PASSPHRASE_PROMPT=1`).
        case prompt

        var name: String {
            switch self {
            case .variable: return "MCP_WARDEN_PASSPHRASE"
            case .file(let path): return "MCP_WARDEN_PASSPHRASE_FILE \(path)"
            case .prompt: return "typed at the prompt"
            }
        }
    }

    struct Held: Sendable {
        let bytes: [UInt8]
        let origin: Origin
    }

    private static let held = Mutex<Held?>(nil)

    /// Keeps `bytes` (not empty) as this process's passphrase.
    public static func hold(_ bytes: [UInt8], origin: Origin) {
        guard !bytes.isEmpty else { return }
        held.withLock { $0 = Held(bytes: bytes, origin: origin) }
    }

    /// The passphrase held by this process, if any.
    static var current: Held? { held.withLock { $0 } }

    /// True when a passphrase is held.
    public static var isHeld: Bool { current != nil }

    /// The largest passphrase file read (a passphrase is a line, not a document).
    public static let fileLimit = 4096

    /// Takes `name` out of the environment and returns its value (nil when unset or empty). Every
    /// `name=` entry of `environ` has its value overwritten with zero bytes in place (those are the
    /// bytes /proc/PID/environ shows, and that a core or a child could see), then the variable is
    /// removed. Call before any other thread reads the environment.
    public static func takeFromEnvironment(_ name: String = "MCP_WARDEN_PASSPHRASE") -> [UInt8]? {
        let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
        var value: [UInt8]?
        var cursor = environ
        while let entry = cursor.pointee {
            let found = prefix.withUnsafeBufferPointer { wanted in
                memcmp(entry, wanted.baseAddress!, wanted.count) == 0
            }
            if found {
                let start = entry + prefix.count
                let length = strlen(start)
                if value == nil {
                    value = Array(UnsafeRawBufferPointer(start: start, count: length))
                }
                memset(start, 0, length)
            }
            cursor += 1
        }
        unsetenv(name)
        return value?.isEmpty == false ? value : nil
    }

    /// The passphrase in a file's bytes: one trailing newline (`\n` or `\r\n`) is not part of it.
    /// Nil when nothing is left.
    public static func parse(fileContent bytes: [UInt8]) -> [UInt8]? {
        var passphrase = bytes
        if passphrase.last == 0x0A {
            passphrase.removeLast()
            if passphrase.last == 0x0D { passphrase.removeLast() }
        }
        return passphrase.isEmpty ? nil : passphrase
    }

    /// The passphrase in `path`, read with the vault's rules (`PrivateFiles.read`: no symbolic
    /// link, a regular file of this user, mode 0600 or stricter, at most `fileLimit` bytes).
    /// A missing or empty file is an error, never "no passphrase".
    public static func read(file path: String) throws(VaultError) -> [UInt8] {
        guard let bytes = try PrivateFiles.read(path, limit: fileLimit) else {
            throw VaultError(.keyUnavailable, "\(path) does not exist")
        }
        guard let passphrase = parse(fileContent: bytes) else {
            throw VaultError(.keyProvider, "\(path) is empty")
        }
        return passphrase
    }
}
