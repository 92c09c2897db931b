// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import PinnedHTTP
import TokenVault

/// Where mcp-warden keeps its configuration: `$MCP_WARDEN_HOME` when set (config and state
/// together; the tests use it), else `$XDG_CONFIG_HOME/mcp-warden`, else `~/.config/mcp-warden`.
enum ConfigLocation {
    static func directory(environment: [String: String]) throws(UserError) -> String {
        if let home = environment["MCP_WARDEN_HOME"], !home.isEmpty { return home }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/mcp-warden" }
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw UserError(.config, "cannot find a configuration directory: neither MCP_WARDEN_HOME, XDG_CONFIG_HOME nor HOME is set")
        }
        return home + "/.config/mcp-warden"
    }

    /// Creates `path` (and missing parents) with mode 0700; an existing directory that others can
    /// read or write is refused (the vault's own rules, `PrivateFiles`).
    static func ensurePrivateDirectory(_ path: String) throws(UserError) {
        do { try PrivateFiles.ensureDirectory(path) } catch { throw UserError(.config, error.message, hint: error.hint) }
    }
}

/// Reading a file that decides what is trusted (issue 13, DESIGN invariant 13): the vault's
/// rules — not a symbolic link, the user's own, 0600 or stricter, in a 0700 directory of the
/// user's — else refused (exit 78) with a hint, and never rewritten.
enum ConfigFile {
    /// The file's bytes, or nil when it does not exist; a file longer than `limit` is refused.
    static func readTrusted(_ path: String, limit: Int = 1 << 20) throws(UserError) -> [UInt8]? {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        do throws(VaultError) {
            if !directory.isEmpty, !(try PrivateFiles.checkExistingDirectory(directory)) { return nil }
            return try PrivateFiles.read(path, limit: limit, rule: .privateFile)
        } catch {
            throw UserError(.config, "refusing to trust \(path): \(error.message)", hint: error.hint ?? "fix it by hand; mcp-warden does not change it")
        }
    }

    /// A CA file that a trust file names: not a symbolic link, the user's or root's, writable by
    /// no one else (a system CA file is root's and world-readable).
    static func readAnchors(_ path: String, namedBy owner: String) throws(UserError) -> [UInt8] {
        let bytes: [UInt8]?
        do { bytes = try PrivateFiles.read(path, limit: 4 << 20, rule: .publicReadOnly) } catch {
            throw UserError(.config, "refusing the CA file of \(owner): \(error.message)", hint: error.hint)
        }
        guard let bytes else { throw UserError(.config, "the CA file of \(owner), \(path), does not exist") }
        return bytes
    }
}

/// Writes a file atomically with the vault's writer: a temporary file (0600) in the same
/// directory, fsync, rename over the target, fsync of the directory.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(UserError) {
        do { try PrivateFiles.write(bytes, to: path) } catch { throw UserError(.config, error.message, hint: error.hint) }
    }
}
