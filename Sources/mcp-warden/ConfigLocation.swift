import Glibc
import PinnedHTTP

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
    /// read or write is refused.
    static func ensurePrivateDirectory(_ path: String) throws(UserError) {
        var info = stat()
        guard stat(path, &info) == 0 else { return try create(path) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw UserError(.config, "\(path) exists and is not a directory") }
        guard info.st_mode & 0o077 == 0 else {
            throw UserError(.config, "\(path) is readable or writable by other users", hint: "chmod 700 '\(path)'")
        }
    }

    private static func create(_ path: String) throws(UserError) {
        let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        var info = stat()
        if !parent.isEmpty, stat(parent, &info) != 0 { try create(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw UserError(.config, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
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

/// Writes a file atomically: a temporary file (0600) in the same directory, fsync, rename over
/// the target, fsync of the directory. A crash leaves the old or the new content.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(UserError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw UserError(.config, "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var offset = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += n
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        guard failure == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(failure != 0 ? failure : errno))
            unlink(temporary)
            throw UserError(.config, "cannot write \(path): \(reason)")
        }
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 { fsync(dirfd); close(dirfd) }
    }
}
