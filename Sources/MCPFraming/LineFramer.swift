// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Splits a byte stream into newline-delimited messages: the MCP stdio transport, where
/// "messages are delimited by newlines, and MUST NOT contain embedded newlines".
///
/// - A line ends at LF (0x0A); a CR right before the LF is removed too (CRLF tolerated).
/// - Lines that are empty or hold only spaces, tabs and CRs are skipped silently.
/// - A line longer than `maxLineBytes` (not counting its terminator) is never buffered past
///   the limit: its bytes are dropped as they arrive and, when it ends, one `.oversized`
///   reports how many bytes it had (counting a trailing CR, not the LF).
/// - Cost is linear in the input however it is chunked: newlines are found with `memchr`
///   and each byte is copied at most once into the partial-line buffer.
public struct LineFramer: Sendable {
    public enum Piece: Sendable, Equatable {
        /// One line without its "\n" and without a trailing "\r".
        case line([UInt8])
        /// A line longer than `maxLineBytes` ended; its bytes were dropped as they came.
        case oversized(byteCount: Int)
    }

    public let maxLineBytes: Int
    /// The unterminated start of the current line (at most `maxLineBytes + 1` bytes: one
    /// more than the limit, in case the line turns out to end in CR LF).
    private var partial: [UInt8] = []
    /// Bytes of the current line dropped so far, when it is over the limit; nil otherwise.
    private var droppedCount: Int?

    public init(maxLineBytes: Int) {
        precondition(maxLineBytes > 0, "maxLineBytes must be positive")
        self.maxLineBytes = maxLineBytes
    }

    /// The bytes of the current, still unterminated line held in memory.
    public var bufferedByteCount: Int { partial.count }

    public mutating func feed(_ chunk: [UInt8]) -> [Piece] {
        chunk.withUnsafeBytes { feed($0) }
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer) -> [Piece] {
        var pieces: [Piece] = []
        var position = 0
        while position < chunk.count {
            guard let newline = ByteSearch.firstIndex(of: ByteSearch.lineFeed, in: chunk, from: position) else {
                accumulate(chunk.slice(position, chunk.count))
                break
            }
            terminateLine(with: chunk.slice(position, newline), into: &pieces)
            position = newline + 1
        }
        return pieces
    }

    /// End of input: an unterminated final line is returned like a terminated one.
    public mutating func finish() -> [Piece] {
        var pieces: [Piece] = []
        if droppedCount != nil || !partial.isEmpty {
            terminateLine(with: UnsafeRawBufferPointer(start: nil, count: 0), into: &pieces)
        }
        return pieces
    }

    /// Adds bytes of a line whose end has not arrived yet.
    private mutating func accumulate(_ bytes: UnsafeRawBufferPointer) {
        if let dropped = droppedCount {
            droppedCount = dropped + bytes.count
        } else if partial.count + bytes.count - 1 > maxLineBytes {
            droppedCount = partial.count + bytes.count
            partial = []  // release the memory, not just the count
        } else {
            partial.appendBytes(bytes)
        }
    }

    /// The current line ends with `tail` (the bytes between the buffered part and the LF).
    private mutating func terminateLine(with tail: UnsafeRawBufferPointer, into pieces: inout [Piece]) {
        if let dropped = droppedCount {
            droppedCount = nil
            pieces.append(.oversized(byteCount: dropped + tail.count))
            return
        }
        let total = partial.count + tail.count
        let lastByte = tail.last ?? partial.last
        if total - (lastByte == ByteSearch.carriageReturn ? 1 : 0) > maxLineBytes {
            partial = []
            pieces.append(.oversized(byteCount: total))
            return
        }
        if partial.isEmpty {
            if case .deliver(let end) = verdict(on: tail) {
                pieces.append(.line([UInt8](copying: tail.slice(0, end))))
            }
        } else {
            partial.appendBytes(tail)
            if case .deliver(let end) = partial.withUnsafeBytes({ verdict(on: $0) }) {
                partial.removeLast(partial.count - end)
                pieces.append(.line(partial))  // hands over the buffer, no copy
            }
            partial = []
        }
    }

    private enum Verdict { case deliver(end: Int), blank }

    /// Strips one trailing CR and recognises blank lines (the caller enforced the limit, up
    /// to a final CR).
    private func verdict(on line: UnsafeRawBufferPointer) -> Verdict {
        var end = line.count
        if end > 0, line[end - 1] == ByteSearch.carriageReturn { end -= 1 }
        var index = 0
        while index < end {
            switch line[index] {
            case 0x20, 0x09, 0x0D: index += 1
            default: return .deliver(end: end)
            }
        }
        return .blank
    }
}
