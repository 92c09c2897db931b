// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import Glibc
import OAuth
import Platform

/// Writes an editor's config file the safe way: never a file of another user or through a link
/// to one, never a file that changed since it was read (another writer: the editor itself, or a
/// second mcp-warden), a timestamped backup of the old bytes first, then the new bytes to a
/// temporary file in the same directory with the old mode, fsync, rename over the file, fsync
/// the directory. A symbolic link (dotfile managers) stays a link: its target is replaced.
enum ConfigFileWriter {
    /// `original` is what was read and edited (nil: the file did not exist). Returns the
    /// backup's path (nil for a new file).
    /// What the refusal of a file that changed between its read and the write says; `install`
    /// reads again and retries when it sees it (`lostRace`).
    static let changedWhileEditing = "changed while mcp-warden was editing it"

    static func lostRace(_ error: UserError) -> Bool { error.kind == .config && error.message.contains(changedWhileEditing) }

    static func write(_ new: [UInt8], to path: String, original: [UInt8]?, now: Int = WallClock.seconds()) throws(UserError) -> String? {
        var target = path
        var link = stat()
        if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else { throw UserError(.config, "\(path) is a symbolic link that leads nowhere; nothing written") }
            target = String(cString: resolved)
            free(resolved)
        }
        let (directory, name) = GitTracking.split(target)
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists {
            guard (info.st_mode & S_IFMT) == S_IFREG else { throw UserError(.config, "\(target) is not a regular file; nothing written") }
            guard info.st_uid == geteuid() else {
                throw UserError(.config, "\(target) belongs to another user (uid \(info.st_uid)); mcp-warden never writes it", hint: "edit it as its owner")
            }
        } else {
            try makeDirectories(directory)
        }
        let mode = exists ? info.st_mode & 0o7777 : 0o600
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw UserError(.config, "cannot open \(directory): \(String(cString: strerror(errno)))") }
        defer { close(directoryFD) }
        // Two mcp-warden writers take turns on the directory's lock; an editor that does not lock
        // is caught by the comparison below.
        var waited = 0
        while flock(directoryFD, LOCK_EX | LOCK_NB) != 0 {
            guard waited < 100 else { throw UserError(.config, "another program holds a lock on \(directory) for 10 s; nothing written", hint: "run again") }
            usleep(100_000)
            waited += 1
        }
        defer { flock(directoryFD, LOCK_UN) }
        let current = try? FileBytes.read(target, limit: EditorConfigFiles.readLimit)
        guard current == original else {
            throw UserError(.config, "\(target) \(Self.changedWhileEditing) (another program wrote it); nothing written", hint: "run the command again")
        }
        var backup: String?
        if let original {
            let stamp = timestamp(now)
            var candidate = "\(target).mcp-warden-backup-\(stamp)"
            var suffix = 1
            while access(candidate, F_OK) == 0 {
                candidate = "\(target).mcp-warden-backup-\(stamp)-\(suffix)"
                suffix += 1
            }
            try writeNew(original, at: candidate, mode: mode)
            backup = candidate
        }
        let temporary = "\(directory)/.\(name).mcp-warden-\(getpid())"
        try writeNew(new, at: temporary, mode: mode)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw UserError(.config, "cannot replace \(target): \(reason); nothing written")
        }
        fsync(directoryFD)
        return backup
    }

    /// A new file (never an existing one, never through a link) with `mode`, fsynced.
    private static func writeNew(_ bytes: [UInt8], at path: String, mode: mode_t) throws(UserError) {
        let fd = Syscall.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw UserError(.config, "cannot create \(path): \(String(cString: strerror(errno))); nothing written") }
        defer { Syscall.close(fd) }
        do throws(Syscall.Failure) {
            try Syscall.writeAll(fd, bytes)
            guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw Syscall.Failure(errno) }
        } catch {
            unlink(path)
            throw UserError(.config, "cannot write \(path): \(error.text); nothing written")
        }
    }

    private static func makeDirectories(_ directory: String) throws(UserError) {
        var path = ""
        for part in directory.split(separator: "/") {
            path += "/" + part
            if mkdir(path, 0o700) != 0, errno != EEXIST {
                throw UserError(.config, "cannot create \(path): \(String(cString: strerror(errno))); nothing written")
            }
        }
    }

    /// `20261207T143005Z` (UTC).
    static func timestamp(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
