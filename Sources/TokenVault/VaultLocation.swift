// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Where the vault lives (issue 5 "Locations"): `$MCP_WARDEN_HOME` when set (config and state
/// together), else the XDG state directory for entries and the XDG config directory for the key
/// file, with their defaults (`~/.local/state`, `~/.config`; Application Support on macOS). The
/// key file is never in the directory of the data it protects.
public struct VaultLocation: Sendable, Equatable {
    /// The directory of the entry files (and their lock files).
    public let entries: String
    /// The 256-bit key file, used when no keyring answers and no passphrase is set.
    public let keyFile: String

    public init(entries: String, keyFile: String) {
        self.entries = entries
        self.keyFile = keyFile
    }

    public static func resolve(environment: [String: String]) throws(VaultError) -> VaultLocation {
        if let home = environment["MCP_WARDEN_HOME"], home.hasPrefix("/") {
            return VaultLocation(entries: home + "/vault", keyFile: home + "/vault.key")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw VaultError(.io, "cannot find a place for the vault: neither MCP_WARDEN_HOME nor HOME is set to an absolute path")
        }
        #if os(macOS)
            let base = home + "/Library/Application Support/mcp-warden"
            return VaultLocation(entries: base + "/vault", keyFile: base + "/keys/vault.key")
        #else
            let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/state"
            let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.config"
            return VaultLocation(entries: state + "/mcp-warden/vault", keyFile: config + "/mcp-warden/vault.key")
        #endif
    }
}
