// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// An incremental `text/event-stream` parser: WHATWG HTML §9.2.6, "Event stream
/// interpretation".
///
/// Stream level (this file):
/// - one UTF-8 BOM at the very start of the stream is skipped; a BOM later is content;
/// - lines end with CRLF, LF or CR; a CR ending one chunk and an LF starting the next are
///   one line end;
/// - at end of stream an event not terminated by a blank line is discarded.
/// Line level (`SSEParser+Fields.swift`): comments, fields, dispatch.
///
/// Limits (not in the WHATWG text, which puts no bound on memory): an event whose data
/// exceeds `maxEventBytes`, or any line longer than `maxLineBytes` (= `maxEventBytes` + 64,
/// room for a field name), makes `feed` throw. The parser then drops that event, skips to
/// the next blank line without buffering, and goes on with the following events. Events
/// completed in the same `feed` call as the failure are not lost: the next `feed` or
/// `finish` returns them first.
///
/// Work is linear in the input however it is chunked: line ends are found with `memchr`,
/// and each byte is copied at most once into the partial-line buffer.
public struct SSEParser: Sendable {
    public let maxEventBytes: Int
    public let maxLineBytes: Int
    /// The ID of the last dispatched event block ("" when none): what a reconnection sends
    /// as `Last-Event-ID`. An `id:` field takes effect when its block ends with a blank line,
    /// even if the block has no data (MCP's "priming" events); the ID of a discarded block
    /// (unterminated at end of stream, or over the limit) does not.
    public private(set) var lastEventID: String = ""
    /// The last valid `retry:` value, in milliseconds.
    public private(set) var retryMilliseconds: Int?

    // Stream state.
    private var bomBytesMatched: Int? = 0
    private var partialLine: [UInt8] = []
    private var lastChunkEndedWithCR = false
    private var skipping = false
    private var skippedLineHasBytes = false
    private var failure: SSEParseError?
    private var carriedEvents: [SSEEvent] = []

    // Event state (WHATWG: data buffer, event type buffer, last event ID buffer).
    var dataBuffer: [UInt8] = []
    var eventTypeBuffer = ""
    var lastEventIDBuffer = ""

    public init(maxEventBytes: Int = 64 << 20) {
        precondition(maxEventBytes > 0, "maxEventBytes must be positive")
        self.maxEventBytes = maxEventBytes
        self.maxLineBytes = maxEventBytes > Int.max - 64 ? Int.max : maxEventBytes + 64
    }

    public mutating func feed(_ chunk: [UInt8]) throws(SSEParseError) -> [SSEEvent] {
        let result = chunk.withUnsafeBytes { raw in
            Result { () throws(SSEParseError) -> [SSEEvent] in try feed(raw) }
        }
        return try result.get()
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(SSEParseError) -> [SSEEvent] {
        var events = carriedEvents
        carriedEvents = []
        let start = skipByteOrderMark(chunk, into: &events)
        scan(chunk.slice(start, chunk.count), into: &events)
        if let failure {
            self.failure = nil
            carriedEvents = events
            throw failure
        }
        return events
    }

    /// End of stream. The unterminated event in progress is discarded (WHATWG), so this
    /// returns only events held back by a `feed` that threw. The parser is then ready for a
    /// new stream (a reconnection); `lastEventID` and `retryMilliseconds` are kept.
    public mutating func finish() -> [SSEEvent] {
        let events = carriedEvents
        carriedEvents = []
        bomBytesMatched = 0
        partialLine = []
        lastChunkEndedWithCR = false
        skipping = false
        skippedLineHasBytes = false
        resetEventBuffers()
        return events
    }

    /// Skips a BOM at the start of the stream, even one split across chunks. Returns the
    /// index in `chunk` where content starts.
    private mutating func skipByteOrderMark(_ chunk: UnsafeRawBufferPointer, into events: inout [SSEEvent]) -> Int {
        guard var matched = bomBytesMatched else { return 0 }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var position = 0
        while matched < 3, position < chunk.count, chunk[position] == bom[matched] {
            matched += 1
            position += 1
        }
        if matched == 3 {
            bomBytesMatched = nil
        } else if position < chunk.count {
            // Not a BOM after all: the bytes held back are content.
            bomBytesMatched = nil
            bom.withUnsafeBytes { scan($0.slice(0, matched), into: &events) }
        } else {
            bomBytesMatched = matched
        }
        return position
    }

    /// Splits `chunk` into lines, continuing the line left unterminated by the last chunk.
    private mutating func scan(_ chunk: UnsafeRawBufferPointer, into events: inout [SSEEvent]) {
        let count = chunk.count
        var position = 0
        if lastChunkEndedWithCR, count > 0 {
            lastChunkEndedWithCR = false
            if chunk[0] == ByteSearch.lineFeed { position = 1 }  // the LF of a split CRLF
        }
        // Next LF and CR at or after `position` (`count` when none), each searched again only
        // once passed, so CR-only and LF-only streams are both scanned once.
        var nextLF = -1
        var nextCR = -1
        while position < count {
            if nextLF < position {
                nextLF = ByteSearch.firstIndex(of: ByteSearch.lineFeed, in: chunk, from: position) ?? count
            }
            if nextCR < position {
                nextCR = ByteSearch.firstIndex(of: ByteSearch.carriageReturn, in: chunk, from: position) ?? count
            }
            let end = min(nextLF, nextCR)
            guard end < count else {
                appendToPartialLine(chunk.slice(position, count))
                break
            }
            completeLine(chunk.slice(position, end), into: &events)
            if chunk[end] == ByteSearch.carriageReturn {
                if end + 1 == count {
                    lastChunkEndedWithCR = true
                    position = count
                } else {
                    position = chunk[end + 1] == ByteSearch.lineFeed ? end + 2 : end + 1
                }
            } else {
                position = end + 1
            }
        }
    }

    private mutating func appendToPartialLine(_ bytes: UnsafeRawBufferPointer) {
        if skipping {
            skippedLineHasBytes = skippedLineHasBytes || !bytes.isEmpty
        } else if partialLine.count + bytes.count > maxLineBytes {
            partialLine = []
            startSkipping("a line is longer than \(maxLineBytes) bytes")
            skippedLineHasBytes = true
        } else {
            partialLine.appendBytes(bytes)
        }
    }

    /// A line ends with `tail` (the bytes after those already in `partialLine`).
    private mutating func completeLine(_ tail: UnsafeRawBufferPointer, into events: inout [SSEEvent]) {
        if skipping {
            let blank = !skippedLineHasBytes && tail.isEmpty
            skippedLineHasBytes = false
            if blank {  // the discarded event's block is over
                skipping = false
                resetEventBuffers()
            }
            return
        }
        if partialLine.count + tail.count > maxLineBytes {
            partialLine = []
            startSkipping("a line is longer than \(maxLineBytes) bytes")
            return
        }
        if partialLine.isEmpty {
            processLine(tail, into: &events)
        } else {
            var line = partialLine
            partialLine = []
            line.appendBytes(tail)
            processOwnedLine(&line, into: &events)
        }
    }

    /// Drops the event in progress and ignores lines up to the next blank line.
    mutating func startSkipping(_ reason: String) {
        if failure == nil { failure = SSEParseError(reason: reason) }
        skipping = true
        skippedLineHasBytes = false
        resetEventBuffers()
    }

    /// Clears the buffers of the event in progress; an `id:` seen in it is forgotten.
    mutating func resetEventBuffers() {
        dataBuffer = []
        eventTypeBuffer = ""
        lastEventIDBuffer = lastEventID
    }

    /// WHATWG "dispatch the event": the ID takes effect even when nothing is dispatched.
    mutating func dispatch(into events: inout [SSEEvent]) {
        lastEventID = lastEventIDBuffer
        guard !dataBuffer.isEmpty else {
            eventTypeBuffer = ""
            return
        }
        var data = dataBuffer
        dataBuffer = []  // `data` now owns the bytes: no copy
        data.removeLast()  // the "\n" appended after the last data line
        let valid = data.withUnsafeBytes { UTF8Validation.firstInvalidOffset(in: $0, from: 0, to: $0.count) == nil }
        if !valid { data = Array(String(decoding: data, as: UTF8.self).utf8) }  // WHATWG: U+FFFD for each error
        events.append(
            SSEEvent(
                type: eventTypeBuffer.isEmpty ? "message" : eventTypeBuffer,
                validUTF8: data,
                id: lastEventID.isEmpty ? nil : lastEventID))
        eventTypeBuffer = ""
    }

    mutating func setRetry(_ milliseconds: Int) {
        retryMilliseconds = milliseconds
    }
}
