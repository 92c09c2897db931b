// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Dispatch
import Glibc
import MCPFraming
import PinnedHTTP
import Platform
import Synchronization

/// Reads the editor's stdin on the HTTP engine's loop thread, beside curl's sockets, and frames
/// it into lines (MCP stdio transport: newline-delimited messages). The bridge's task runs on that
/// thread too (`HTTPEngine.executor`), so a line reaches curl without a thread switch.
final class StdinReader: @unchecked Sendable {
    let pieces: AsyncStream<LineFramer.Piece>
    private let continuation: AsyncStream<LineFramer.Piece>.Continuation
    private let fd: Int32
    /// Loop thread only.
    private var framer: LineFramer
    private var buffer: UnsafeMutableRawBufferPointer?

    init(fd: Int32 = 0, maxLineBytes: Int) {
        (pieces, continuation) = AsyncStream.makeStream(of: LineFramer.Piece.self)
        self.fd = fd
        framer = LineFramer(maxLineBytes: maxLineBytes)
    }

    deinit { buffer?.deallocate() }

    /// Starts reading on `engine`'s loop; the stream finishes at EOF or on a read error.
    func start(on engine: HTTPEngine) {
        engine.watch(WatchedDescriptor(fd: fd) { [self] in self.readAvailable() })
    }

    /// Ends the stream early (a signal asked the bridge to stop).
    func stop() { continuation.finish() }

    /// One read of what poll(2) found; false at EOF or on an error (the stream is finished).
    private func readAvailable() -> Bool {
        let buffer = self.buffer ?? .allocate(byteCount: 256 << 10, alignment: 16)
        self.buffer = buffer
        let n = Syscall.read(fd, into: buffer)
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return true }
        guard n > 0 else {
            for piece in framer.finish() { continuation.yield(piece) }
            continuation.finish()
            return false
        }
        for piece in framer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { continuation.yield(piece) }
        return true
    }
}

/// Writes whole lines to stdout, one message per line, never interleaved (invariant 1), from a
/// thread of its own. Bounded (issue 14, DESIGN invariant 11): `send` returns only once fewer than
/// `limit` bytes wait for the editor, so a server's stream is read no faster than the editor reads
/// stdout; what waits is the editor's backlog plus the message in hand. A non-blocking stdout
/// (an editor may set O_NONBLOCK on the pipe) is waited on with poll(2), never spun on.
final class StdoutWriter: Sendable {
    static let defaultLimit = 4 << 20

    private struct State {
        var lines: [[UInt8]] = []
        var head = 0
        var queued = 0
        var broken = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let fd: Int32
    private let limit: Int
    private let state = Mutex(State())
    private let ready = DispatchSemaphore(value: 0)

    init(fd: Int32 = 1, limit: Int = StdoutWriter.defaultLimit) {
        self.fd = fd
        self.limit = limit
        if !DetachedThread.start({ [self] in self.loop() }) { state.withLock { $0.broken = true } }
    }

    /// True once stdout broke (the editor went away).
    var broken: Bool { state.withLock { $0.broken } }

    /// Queues a line and waits while the editor's backlog is over the limit. Every line goes this
    /// way, mcp-warden's own error answers included: an editor that writes but does not read
    /// cannot grow the queue either.
    func send(line: [UInt8]) async {
        // The common case: written here, or queued at the cost of one lock and no continuation.
        if writeDirectly(line) { return }
        guard enqueue(line) == .queuedOverLimit else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                guard !state.broken, state.queued > limit else { return true }
                state.waiting.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Waits until everything queued is written (or stdout broke), at most `milliseconds`.
    func drain(milliseconds: Int) async {
        await Bridge.bounded(milliseconds: milliseconds) { [self] in
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { state -> Bool in
                    guard !state.broken, state.queued > 0 else { return true }
                    state.drained.append(continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        }
    }

    /// A line that fits in one atomic pipe write (PIPE_BUF, POSIX: at least 512; 4096 on Linux),
    /// newline included, is written by the caller when nothing waits before it and poll(2) says
    /// stdout has room: then write(2) neither blocks nor splits it, and the writer thread is not
    /// woken (issue 15 "responses written from where they complete").
    static let directBytes = Int(PIPE_BUF)

    /// True when the line went out (or stdout is broken and nobody reads it). Out of line, so
    /// `make bench` can count it as a step of its own.
    @inline(never)
    private func writeDirectly(_ line: [UInt8]) -> Bool {
        guard line.count < Self.directBytes else { return false }
        return state.withLock { state -> Bool in
            // Under the lock: the writer thread cannot start on a line queued meanwhile.
            guard !state.broken, state.queued == 0 else { return state.broken }
            var room = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&room, 1, 0) == 1, room.revents & Int16(POLLOUT) != 0 else { return false }
            let written = Self.writeOnce(fd, line)
            if written == line.count + 1 { return true }
            if written < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return false }
                state.broken = true
                return true
            }
            // A socket may take part of a line: the rest goes out before anything else.
            if !Self.writeFully(fd, Array(line.dropFirst(written))) { state.broken = true }
            return true
        }
    }

    private enum Enqueued { case dropped, queued, queuedOverLimit }

    /// `.dropped` when stdout is broken (nobody reads the line).
    private func enqueue(_ line: [UInt8]) -> Enqueued {
        let outcome = state.withLock { state -> Enqueued in
            guard !state.broken else { return .dropped }
            state.lines.append(line)
            state.queued += line.count + 1
            return state.queued > limit ? .queuedOverLimit : .queued
        }
        if outcome != .dropped { ready.signal() }
        return outcome
    }

    private func loop() {
        while true {
            ready.wait()
            let line = state.withLock { state -> [UInt8]? in
                guard state.head < state.lines.count else { return nil }
                let line = state.lines[state.head]
                state.lines[state.head] = []
                state.head += 1
                if state.head >= 64, state.head * 2 >= state.lines.count {
                    state.lines.removeFirst(state.head)
                    state.head = 0
                }
                return line
            }
            guard let line else { continue }
            let written = Self.writeFully(fd, line)
            let wake = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.queued -= line.count + 1
                if !written {
                    state.broken = true
                    state.lines.removeAll()
                    state.head = 0
                    state.queued = 0
                }
                var wake: [CheckedContinuation<Void, Never>] = []
                if state.broken || state.queued <= limit / 2 { wake += state.waiting; state.waiting.removeAll() }
                if state.broken || state.queued == 0 { wake += state.drained; state.drained.removeAll() }
                return wake
            }
            for continuation in wake { continuation.resume() }
        }
    }

    /// The line and its newline as two `iovec`s (no copy of the line), for `body`.
    private static func withParts<R>(of line: [UInt8], _ body: (inout [iovec]) -> R) -> R {
        var newline: UInt8 = 0x0A
        return line.withUnsafeBytes { bytes in
            withUnsafeMutablePointer(to: &newline) { end in
                var parts = [
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count),
                    iovec(iov_base: UnsafeMutableRawPointer(end), iov_len: 1)
                ]
                return body(&parts)
            }
        }
    }

    /// One `writev` of the line and its newline: the bytes written, or -1 with `errno`.
    private static func writeOnce(_ fd: Int32, _ line: [UInt8]) -> Int {
        withParts(of: line) { parts in parts.withUnsafeMutableBufferPointer { writev(fd, $0.baseAddress, Int32($0.count)) } }
    }

    /// The line and its newline with `writev`, without copying a large message; false when
    /// stdout is broken.
    private static func writeFully(_ fd: Int32, _ line: [UInt8]) -> Bool {
        withParts(of: line) { parts in
            var index = 0
            while index < parts.count {
                let n = parts.withUnsafeMutableBufferPointer { writev(fd, $0.baseAddress! + index, Int32($0.count - index)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK {
                        var wait = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&wait, 1, -1)
                        continue
                    }
                    return false
                }
                // Skip what was written: whole parts, then a prefix of the next one.
                var written = n
                while index < parts.count, written >= parts[index].iov_len {
                    written -= parts[index].iov_len
                    index += 1
                }
                if index < parts.count, written > 0 {
                    parts[index].iov_base += written
                    parts[index].iov_len -= written
                }
            }
            return true
        }
    }
}
