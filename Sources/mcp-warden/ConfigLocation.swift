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

/// Reading a file of the configuration directory that decides what is trusted.
enum ConfigFile {
    /// The file's bytes, or nil when it does not exist; a file others can write is refused.
    static func readTrusted(_ path: String) throws(UserError) -> [UInt8]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard info.st_mode & 0o022 == 0 else {
            throw UserError(.config, "\(path) is writable by other users; refusing to trust it", hint: "chmod 600 '\(path)'")
        }
        do { return try FileBytes.read(path, limit: 1 << 20) } catch { throw UserError(.config, "cannot read \(error.description)") }
    }
}

/// Writes a file atomically with the vault's writer: a temporary file (0600) in the same
/// directory, fsync, rename over the target, fsync of the directory.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(UserError) {
        do { try PrivateFiles.write(bytes, to: path) } catch { throw UserError(.config, error.message, hint: error.hint) }
    }
}
