import Glibc
import MCPFraming
import PinnedHTTP
import Synchronization

/// Reads the editor's stdin on its own thread and frames it into lines
/// (MCP stdio transport: newline-delimited messages).
final class StdinReader: @unchecked Sendable {
    let pieces: AsyncStream<LineFramer.Piece>
    private let continuation: AsyncStream<LineFramer.Piece>.Continuation
    private let fd: Int32
    private var framer: LineFramer

    init(fd: Int32 = 0, maxLineBytes: Int) {
        (pieces, continuation) = AsyncStream.makeStream(of: LineFramer.Piece.self)
        self.fd = fd
        framer = LineFramer(maxLineBytes: maxLineBytes)
    }

    /// Starts the reading thread; the stream finishes at EOF or on a read error.
    func start() {
        if !DetachedThread.start({ [self] in self.loop() }) { continuation.finish() }
    }

    /// Ends the stream early (a signal asked the bridge to stop).
    func stop() { continuation.finish() }

    private func loop() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            for piece in framer.feed(UnsafeRawBufferPointer(rebasing: buffer[0 ..< n])) { continuation.yield(piece) }
        }
        for piece in framer.finish() { continuation.yield(piece) }
        continuation.finish()
    }
}

/// Writes whole lines to stdout, one message per line, never interleaved (invariant 1).
final class StdoutWriter: Sendable {
    private let lock = Mutex(false)
    private let fd: Int32

    init(fd: Int32 = 1) { self.fd = fd }

    /// True once stdout broke (the editor went away).
    var broken: Bool { lock.withLock { $0 } }

    /// The line and its newline go out with `writev`, without copying a large message.
    func write(line: [UInt8]) {
        lock.withLock { broken in
            guard !broken else { return }
            var newline: UInt8 = 0x0A
            line.withUnsafeBytes { body in
                withUnsafeMutablePointer(to: &newline) { end in
                    var parts = [iovec(iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress), iov_len: body.count),
                                 iovec(iov_base: UnsafeMutableRawPointer(end), iov_len: 1)]
                    var remaining = body.count + 1
                    var index = 0
                    while remaining > 0 {
                        let n = parts.withUnsafeMutableBufferPointer { writev(fd, $0.baseAddress! + index, Int32($0.count - index)) }
                        if n < 0 {
                            if errno == EINTR || errno == EAGAIN { continue }
                            broken = true
                            return
                        }
                        remaining -= n
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
                }
            }
        }
    }
}
