// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Glibc
import Platform

/// Files only the user can read: directories 0700, files 0600, owned by the user, checked on
/// every open (DESIGN.md invariant 7), written atomically.
public enum PrivateFiles {
    /// Creates `path` and missing parents with mode 0700; an existing directory that others can
    /// read or write, or that another user owns, is refused with a hint.
    public static func ensureDirectory(_ path: String) throws(VaultError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            try create(path)
            return
        }
        try checkDirectory(path, info)
    }

    /// Checks an existing directory like `ensureDirectory` (0700, the user's, not a symbolic
    /// link); nothing is created. False when it does not exist.
    public static func checkExistingDirectory(_ path: String) throws(VaultError) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        try checkDirectory(path, info)
        return true
    }

    static func checkDirectory(_ path: String, _ info: stat) throws(VaultError) {
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw VaultError(.permissions, "\(path) exists and is not a directory") }
        guard info.st_uid == geteuid() else {
            throw VaultError(.permissions, "\(path) belongs to another user", hint: "use a directory of your own (MCP_WARDEN_HOME)")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw VaultError(.permissions, "\(path) is readable or writable by other users; refusing to keep secrets there", hint: "chmod 700 '\(path)'")
        }
    }

    private static func create(_ path: String) throws(VaultError) {
        let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        var info = stat()
        if !parent.isEmpty, stat(parent, &info) != 0 { try create(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw VaultError(.io, "cannot create \(path): \(errorText())")
        }
    }

    /// The bytes of a private file, or nil when it does not exist. It is opened with O_NOFOLLOW
    /// (a symbolic link is refused, never followed) and O_NONBLOCK (a FIFO cannot stall us), and
    /// must be a regular file of this user of at most `limit` bytes with no group/other
    /// permission bit — unless `othersMayRead` (another program's files, e.g. mcp-remote's cache).
    /// The read buffer is wiped.
    public static func read(_ path: String, limit: Int, othersMayRead: Bool = false) throws(VaultError) -> [UInt8]? {
        try read(path, limit: limit, rule: othersMayRead ? .othersMayRead : .privateFile)
    }

    /// Who may own a file and what others may do with it.
    public enum Rule: Sendable {
        /// The user's, 0600 or stricter (vault files, files that decide trust).
        case privateFile
        /// The user's, any mode (another program's files, e.g. mcp-remote's cache).
        case othersMayRead
        /// The user's or root's, writable by no one else (a CA file a trust file references).
        case publicReadOnly
    }

    public static func read(_ path: String, limit: Int, rule: Rule) throws(VaultError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw VaultError(.permissions, "\(path) is a symbolic link; not followed", hint: "give the path of the file itself") }
            throw VaultError(errno == EACCES ? .permissions : .io, "cannot read \(path): \(errorText())")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw VaultError(.permissions, "\(path) is not a regular file") }
        guard info.st_uid == geteuid() || (rule == .publicReadOnly && info.st_uid == 0) else {
            throw VaultError(.permissions, "\(path) belongs to another user", hint: "use a file of your own")
        }
        switch rule {
        case .privateFile where info.st_mode & 0o077 != 0:
            throw VaultError(.permissions, "\(path) is readable or writable by other users; refusing to use it", hint: "chmod 600 '\(path)'")
        case .publicReadOnly where info.st_mode & 0o022 != 0:
            throw VaultError(.permissions, "\(path) is writable by other users; refusing to trust it", hint: "chmod go-w '\(path)'")
        default: break
        }
        do {
            return try FileBytes.readWhole(fd, size: Int(info.st_size), limit: limit, scrub: { SecureRandom.wipe(&$0) })
        } catch {
            switch error {
            case .tooLarge: throw VaultError(.damaged, "\(path) is larger than \(limit) bytes")
            case .system(let failure): throw VaultError(.io, "cannot read \(path): \(failure.text)")
            }
        }
    }

    /// Replaces `path` atomically: a new 0600 temporary file in the same directory, fsync, rename
    /// over the target, fsync of the directory. A crash at any instant leaves the old or the new
    /// content; a reader never sees a partial file.
    public static func write(_ bytes: [UInt8], to path: String) throws(VaultError) {
        let temporary = try writeTemporary(bytes, near: path)
        guard rename(temporary, path) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw VaultError(.io, "cannot write \(path): \(reason)")
        }
        syncDirectory(of: path)
    }

    /// Creates `path` with `bytes` unless it exists (link(2) is atomic): true when this call
    /// created it. Two processes racing to create a key never end up with different keys.
    public static func create(_ bytes: [UInt8], at path: String) throws(VaultError) -> Bool {
        let temporary = try writeTemporary(bytes, near: path)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw VaultError(.io, "cannot create \(path): \(errorText())")
        }
        syncDirectory(of: path)
        return true
    }

    /// Renames a damaged file next to itself (`NAME.damaged-TIME`) and returns the new path.
    public static func moveAside(_ path: String, now: Int) throws(VaultError) -> String {
        var target = "\(path).damaged-\(now)"
        var n = 1
        while access(target, F_OK) == 0 { target = "\(path).damaged-\(now)-\(n)"; n += 1 }
        guard rename(path, target) == 0 else { throw VaultError(.io, "cannot move \(path) aside: \(errorText())") }
        syncDirectory(of: path)
        return target
    }

    private static func writeTemporary(_ bytes: [UInt8], near path: String) throws(VaultError) -> String {
        let temporary = "\(path).tmp-\(getpid())-\(Hex.encode(SecureRandom.bytes(4)))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw VaultError(.io, "cannot write \(temporary): \(errorText())") }
        var failure: Int32 = 0
        do { try Syscall.writeAll(fd, bytes) } catch { failure = error.code }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        guard failure == 0 else {
            unlink(temporary)
            throw VaultError(.io, "cannot write \(path): \(String(cString: strerror(failure)))")
        }
        return temporary
    }

    /// The names in `directory` (without `.` and `..`), nil when it does not exist; at most
    /// `limit` names (a hostile directory cannot make us list forever).
    public static func names(in directory: String, limit: Int = 100_000) throws(VaultError) -> [String]? {
        guard let handle = opendir(directory) else {
            if errno == ENOENT { return nil }
            throw VaultError(errno == EACCES ? .permissions : .io, "cannot list \(directory): \(errorText())")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name == "." || name == ".." { continue }
            guard names.count < limit else { throw VaultError(.damaged, "\(directory) holds more than \(limit) names") }
            names.append(name)
        }
        return names
    }

    static func syncDirectory(of path: String) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
