// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// Whole files read with POSIX calls (no Foundation), refusing files over a limit.
public enum FileBytes {
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Why `readWhole` failed.
    public enum Failure: Error, Sendable, Equatable {
        case tooLarge
        case system(Syscall.Failure)
    }

    /// A regular file, symbolic links followed (a CA file, `@file` arguments).
    public static func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let fd = Syscall.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { Syscall.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReadError(path: path, reason: "not a regular file")
        }
        do {
            return try readWhole(fd, size: Int(info.st_size), limit: limit)
        } catch {
            switch error {
            case .tooLarge: throw ReadError(path: path, reason: "larger than \(limit) bytes")
            case .system(let failure): throw ReadError(path: path, reason: failure.text)
            }
        }
    }

    /// The rest of the regular file open at `fd`, which fstat(2) said is `size` bytes long: one
    /// byte more is asked for, so a file that grew past `limit` meanwhile is refused, not cut.
    /// `scrub` sees the scratch buffer before it is freed (the vault wipes what it read).
    public static func readWhole(_ fd: Int32, size: Int, limit: Int, scrub: (inout [UInt8]) -> Void = { _ in }) throws(Failure) -> [UInt8] {
        guard size <= limit else { throw .tooLarge }
        var scratch = [UInt8](repeating: 0, count: size + 1)
        defer { scrub(&scratch) }
        let total: Int
        do { total = try Syscall.readFully(fd, into: &scratch) } catch { throw .system(error) }
        guard total <= limit, total <= size else {
            // Grown since fstat: read what is there now, within the limit, or refuse.
            return try readGrown(fd, first: Array(scratch[0..<total]), limit: limit, scrub: scrub)
        }
        return Array(scratch[0..<total])
    }

    /// A file that grew while it was read: the rest in chunks, up to `limit`.
    private static func readGrown(_ fd: Int32, first: [UInt8], limit: Int, scrub: (inout [UInt8]) -> Void) throws(Failure) -> [UInt8] {
        var bytes = first
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        defer { scrub(&chunk) }
        while bytes.count <= limit {
            let n: Int
            do { n = try Syscall.readFully(fd, into: &chunk) } catch {
                scrub(&bytes)
                throw .system(error)
            }
            bytes.append(contentsOf: chunk[0..<n])
            if n < chunk.count { break }
        }
        guard bytes.count <= limit else {
            scrub(&bytes)
            throw .tooLarge
        }
        return bytes
    }
}
