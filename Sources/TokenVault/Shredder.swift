// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Glibc
import Platform

/// Removes a plaintext secret file after its contents were imported into the vault: overwrites
/// it in place with random bytes of its length, fsyncs, unlinks it, then fsyncs the directory.
///
/// What this does NOT do, honestly: overwriting in place only replaces the blocks the filesystem
/// hands back for that file. On copy-on-write filesystems (btrfs, ZFS, APFS), log-structured ones
/// (F2FS), with SSD wear levelling or TRIM-less flash, in snapshots, and in backups (Time Machine,
/// rsync, cloud sync) the old plaintext may survive. The overwrite defeats casual recovery of
/// the file on a plain ext4/xfs disk, no more; treat a token that ever sat in plaintext as
/// exposed and revoke it when that matters (shared/reference/mcp-remote-and-peers.md §2.4).
public enum Shredder {
    /// Overwrites and removes the regular file at `path`. Refused (with nothing changed): a
    /// symbolic link (never followed), anything but a regular file, a file of another user, a
    /// file with other hard links (overwriting it would change what another name shows). When
    /// the name was replaced between the overwrite and the unlink, the new file is left alone.
    public static func shred(_ path: String) throws(VaultError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty, name != ".", name != ".." else { throw VaultError(.io, "\(path) does not name a file") }

        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else { throw VaultError(.io, "cannot open \(directory): \(errorText())") }
        defer { close(directoryFD) }
        let fd = openat(directoryFD, name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { throw VaultError(.permissions, "\(path) is a symbolic link; not followed") }
            throw VaultError(errno == EACCES ? .permissions : .io, "cannot open \(path) for overwriting: \(errorText())")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = errorText()
            close(fd)
            throw VaultError(.io, "cannot inspect \(path): \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(), info.st_nlink == 1 else {
            close(fd)
            throw VaultError(.permissions, "\(path) is not a regular file of yours with a single name; left as it is")
        }
        if let failure = overwrite(fd, size: Int(info.st_size)) {
            close(fd)
            throw VaultError(.io, "cannot overwrite \(path): \(String(cString: strerror(failure))); it was not removed")
        }
        close(fd)

        // Unlink only the file just overwritten: the name must still point at the same inode.
        var now = stat()
        guard fstatat(directoryFD, name, &now, AT_SYMLINK_NOFOLLOW) == 0, now.st_dev == info.st_dev, now.st_ino == info.st_ino else {
            throw VaultError(.io, "\(path) was replaced while it was being overwritten; the new file was left alone")
        }
        guard unlinkat(directoryFD, name, 0) == 0 else {
            throw VaultError(.io, "overwrote \(path) but cannot remove it: \(errorText())")
        }
        fsync(directoryFD)
    }

    /// Writes `size` random bytes from the start of `fd`, then fsyncs; the errno of a failure.
    private static func overwrite(_ fd: Int32, size: Int) -> Int32? {
        var offset = 0
        while offset < size {
            let chunk = SecureRandom.bytes(min(65_536, size - offset))
            do { try Syscall.writeAll(fd, chunk, at: off_t(offset)) } catch { return error.code }
            offset += chunk.count
        }
        return fsync(fd) == 0 ? nil : errno
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
