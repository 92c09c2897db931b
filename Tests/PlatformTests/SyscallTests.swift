// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Platform
import Synchronization
import Testing

/// The POSIX edges written once: whole reads and writes through short transfers, line reads that
/// consume nothing after the line, whole files within a limit, the thread starter.
@Suite struct SyscallTests {
    /// A pipe whose write end is filled with `bytes` and closed.
    func pipe(holding bytes: [UInt8]) throws -> Int32 {
        var fds: [Int32] = [0, 0]
        try #require(Glibc.pipe(&fds) == 0)
        try Syscall.writeAll(fds[1], bytes)
        Syscall.close(fds[1])
        return fds[0]
    }

    @Test func readFullyStopsAtTheEndOfInput() throws {
        let fd = try pipe(holding: Array("hello".utf8))
        defer { Syscall.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try Syscall.readFully(fd, into: &buffer) == 5)
        #expect(Array(buffer.prefix(5)) == Array("hello".utf8))
    }

    @Test func readLineTakesOneLineAndLeavesTheRest() throws {
        let fd = try pipe(holding: Array("first\nsecond".utf8))
        defer { Syscall.close(fd) }
        #expect(Syscall.readLine(fd, limit: 100) == Array("first\n".utf8))
        #expect(Syscall.readLine(fd, limit: 3) == Array("sec".utf8))
        #expect(Syscall.readLine(fd, limit: 100) == Array("ond".utf8))
        #expect(Syscall.readLine(fd, limit: 100) == nil)
    }

    @Test func aFailureCarriesItsErrno() {
        #expect(throws: Syscall.Failure(EBADF)) { try Syscall.writeAll(-1, [1]) }
        var buffer = [UInt8](repeating: 0, count: 1)
        #expect(throws: Syscall.Failure(EBADF)) { try Syscall.readFully(-1, into: &buffer) }
        #expect(Syscall.Failure(ENOENT).text == String(cString: strerror(ENOENT)))
    }

    @Test func writeAllAtAnOffsetOverwritesInPlace() throws {
        let path = "/tmp/mcp-warden-platform-\(getpid())-offset"
        defer { unlink(path) }
        let fd = Syscall.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        try Syscall.writeAll(fd, Array("abcdef".utf8))
        try Syscall.writeAll(fd, Array("XY".utf8), at: 2)
        Syscall.close(fd)
        #expect(try FileBytes.read(path, limit: 100) == Array("abXYef".utf8))
    }

    @Test func wholeFilesAreReadWithinTheirLimit() throws {
        let path = "/tmp/mcp-warden-platform-\(getpid())-whole"
        defer { unlink(path) }
        let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0) }
        let fd = Syscall.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        try Syscall.writeAll(fd, content)
        Syscall.close(fd)
        #expect(try FileBytes.read(path, limit: content.count) == content)
        #expect(throws: FileBytes.ReadError.self) { try FileBytes.read(path, limit: content.count - 1) }
        #expect(throws: FileBytes.ReadError.self) { try FileBytes.read("/tmp", limit: 1 << 20) }
        #expect(throws: FileBytes.ReadError.self) { try FileBytes.read(path + "-missing", limit: 1) }
    }

    /// /proc files report a size of 0: a reader that trusted fstat would see them empty.
    @Test func aFileLongerThanItsReportedSizeIsReadWhole() throws {
        let status = try FileBytes.read("/proc/self/status", limit: 1 << 20)
        #expect(String(decoding: status, as: UTF8.self).contains("Pid:"))
        #expect(throws: FileBytes.ReadError.self) { try FileBytes.read("/proc/self/status", limit: 10) }
    }

    @Test func theScratchBufferIsScrubbed() throws {
        let path = "/tmp/mcp-warden-platform-\(getpid())-scrub"
        defer { unlink(path) }
        let fd = Syscall.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer { Syscall.close(fd) }
        try Syscall.writeAll(fd, Array("secret".utf8))
        #expect(lseek(fd, 0, SEEK_SET) == 0)
        let scrubbed = Mutex(0)
        let bytes = try FileBytes.readWhole(
            fd, size: 6, limit: 100,
            scrub: { buffer in
                scrubbed.withLock { $0 += buffer.count }
                for index in buffer.indices { buffer[index] = 0 }
            })
        #expect(bytes == Array("secret".utf8) && scrubbed.withLock { $0 } == 7)
        #expect(throws: FileBytes.Failure.tooLarge) { try FileBytes.readWhole(fd, size: 6, limit: 5) }
    }

    @Test func aDetachedThreadRuns() async {
        let ran = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let started = DetachedThread.start { continuation.resume(returning: true) }
            if !started { continuation.resume(returning: false) }
        }
        #expect(ran)
    }
}
