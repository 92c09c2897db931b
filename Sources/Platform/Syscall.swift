// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// The POSIX calls mcp-warden makes in loops, written once: a signal handler can interrupt a
/// blocking call, which then fails with EINTR and must be made again (POSIX.1-2017 XSH §2.4.4),
/// and `read`/`write` may move fewer bytes than asked.
public enum Syscall {
    /// An `errno` value, with its text for messages.
    public struct Failure: Error, Sendable, Equatable {
        public let code: Int32
        public init(_ code: Int32) { self.code = code }
        public var text: String { String(cString: strerror(code)) }
    }

    /// Runs `call` again while it fails with EINTR; its last result (errno is still the call's).
    @inlinable
    public static func retrying<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }

    /// open(2), retried on EINTR (a FIFO or a slow device can block in open).
    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        retrying { Glibc.open(path, flags, mode) }
    }

    /// close(2) once: Linux releases the descriptor even when close reports EINTR, so a second
    /// close could hit a descriptor another thread has just been given.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// read(2) into `buffer`, retried on EINTR: the count read (0 at the end), or -1 with errno set.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        retrying { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Reads until `bytes` is full or the input ends; the count read.
    public static func readFully(_ fd: Int32, into bytes: inout [UInt8]) throws(Failure) -> Int {
        let (total, failure) = bytes.withUnsafeMutableBytes { buffer -> (Int, Int32) in
            var total = 0
            while total < buffer.count {
                let n = read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
                if n < 0 { return (total, errno) }
                if n == 0 { break }
                total += n
            }
            return (total, 0)
        }
        if failure != 0 { throw Failure(failure) }
        return total
    }

    /// Writes all of `bytes` (at `offset` with pwrite(2) when given), through short writes and EINTR.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: off_t? = nil) throws(Failure) {
        let failure = bytes.withUnsafeBytes { buffer -> Int32 in
            var done = 0
            while done < buffer.count {
                let rest = UnsafeRawBufferPointer(rebasing: buffer[done...])
                let n = retrying {
                    if let offset { pwrite(fd, rest.baseAddress, rest.count, offset + off_t(done)) } else { Glibc.write(fd, rest.baseAddress, rest.count) }
                }
                if n < 0 { return errno }
                done += n
            }
            return 0
        }
        if failure != 0 { throw Failure(failure) }
    }

    /// One line from `fd`, read a byte at a time so that nothing after it is consumed: at most
    /// `limit` bytes, its newline included when one came; nil when the input ended (or failed)
    /// before any byte.
    public static func readLine(_ fd: Int32, limit: Int) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < limit {
            guard withUnsafeMutableBytes(of: &byte, { read(fd, into: $0) }) == 1 else { break }
            line.append(byte)
            if byte == 0x0A { break }
        }
        return line.isEmpty ? nil : line
    }
}
