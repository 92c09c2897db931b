// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Synchronization
import Testing

@testable import Bridge

/// Issue 14: stdout is bounded — `send` waits while the editor's backlog is over the limit, order
/// is kept, nothing is lost, and a non-blocking pipe is waited on, not spun on.
@Suite struct StdoutWriterTests {
    func pipePair(nonBlockingWriter: Bool) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        if nonBlockingWriter { _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK) }
        return (fds[0], fds[1])
    }

    /// Reads without blocking a cooperative thread (the senders need those threads to go on).
    func readAll(_ fd: Int32, count: Int) async throws -> [UInt8] {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = ContinuousClock.now + .seconds(20)
        while result.count < count, ContinuousClock.now < deadline {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { result += buffer[0..<n] } else { try await Task.sleep(for: .milliseconds(1)) }
        }
        return result
    }

    @Test(arguments: [false, true])
    func sendWaitsForTheEditorThenEverythingArrivesInOrder(nonBlocking: Bool) async throws {
        let (reader, writer) = pipePair(nonBlockingWriter: nonBlocking)
        defer { close(reader); close(writer) }
        let stdout = StdoutWriter(fd: writer, limit: 256 << 10)
        let lines = (0..<64).map { index in Array("\(index):".utf8) + [UInt8](repeating: 0x61, count: 16 << 10) }
        let sent = Atomic<Int>(0)
        let sender = Task {
            for line in lines {
                await stdout.send(line: line)
                sent.add(1, ordering: .relaxed)
            }
        }
        // Nobody reads: the sender must stop well before it sent everything (a pipe holds 64 KiB).
        // (That the writer waits in poll(2) rather than spinning is measured on the process, in
        // Integration/tests/test_bounded_memory.py, where no other test shares the CPU clock.)
        try await Task.sleep(for: .milliseconds(600))
        // 256 KiB of backlog plus a 64 KiB pipe hold about 20 of the 64 lines.
        #expect(sent.load(ordering: .relaxed) < 32, "\(sent.load(ordering: .relaxed)) lines were taken while nobody read")
        let total = lines.reduce(0) { $0 + $1.count + 1 }
        let received = try await readAll(reader, count: total)
        await sender.value
        #expect(received == lines.flatMap { $0 + [0x0A] })
    }

    @Test func aBrokenStdoutNeverBlocksASender() async {
        let (reader, writer) = pipePair(nonBlockingWriter: false)
        close(reader)
        signal(SIGPIPE, SIG_IGN)
        let stdout = StdoutWriter(fd: writer, limit: 1024)
        for _ in 0..<100 { await stdout.send(line: [UInt8](repeating: 0x62, count: 4096)) }
        await stdout.drain(milliseconds: 2000)
        #expect(stdout.broken)
        close(writer)
    }
}
