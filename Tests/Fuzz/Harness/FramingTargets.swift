// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// The stdio line framer (what the editor writes) and the SSE parser (what a server streams): both
/// get bytes in whatever pieces a read returns, so each is fed the same input whole and in a
/// random chunking, and the results must be identical.
enum FramingTargets {
    /// Agreement, three ways: whole input, random chunking, and a plain model of the MCP stdio
    /// rules (split at LF, drop one trailing CR, skip blank lines, report lines over the limit by
    /// size). Input: byte 0 picks `maxLineBytes` (1…64, or 4096), bytes 1–2 seed the chunking.
    static let lineFramer = FuzzTarget(name: "line-framer", checks: "whole = chunked = model (MCP stdio: LF-delimited, CRLF, blank lines, oversized)") {
        bytes in
        var input = FuzzInput(bytes)
        let limitByte = input.byte()
        let limit = limitByte == 0xFF ? 4096 : Int(limitByte % 64) + 1
        let seed = UInt64(input.byte()) << 8 | UInt64(input.byte())
        let stream = input.rest()

        var whole = LineFramer(maxLineBytes: limit)
        let wholePieces = whole.feed(stream) + whole.finish()
        var pieces = LineFramer(maxLineBytes: limit)
        var chunkedPieces: [LineFramer.Piece] = []
        for chunk in chunked(stream, seed: seed) {
            chunkedPieces += pieces.feed(chunk)
            require(pieces.bufferedByteCount <= limit + 1, "the framer holds \(pieces.bufferedByteCount) bytes of a line, limit \(limit)")
        }
        chunkedPieces += pieces.finish()

        require(wholePieces == chunkedPieces, "whole and chunked framing differ")
        require(wholePieces == model(stream, limit: limit), "the framer differs from the model of the stdio rules")
    }

    static func model(_ stream: [UInt8], limit: Int) -> [LineFramer.Piece] {
        var lines = stream.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last?.isEmpty == true { lines.removeLast() }  // the input ended with LF (or was empty)
        return lines.compactMap { line in
            let content = line.last == 0x0D ? Array(line.dropLast()) : line
            if content.count > limit { return .oversized(byteCount: line.count) }
            return content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) ? nil : .line(content)
        }
    }

    /// Agreement: the same events (type, data, id, in order), the same final `lastEventID` and
    /// `retry`, and a limit error in both or in neither, whole or chunked (a CR at a chunk's end
    /// and an LF at the next one's start is one line end; a BOM may be split). Invariant: every
    /// event has a type, and an id that is nil or non-empty without NUL. Input: byte 0 picks `maxEventBytes`
    /// (1…64, or the 64 MiB default), bytes 1–2 seed the chunking.
    static let sse = FuzzTarget(name: "sse", checks: "whole = chunked: events, lastEventID, retry, limit errors (WHATWG event stream)") { bytes in
        var input = FuzzInput(bytes)
        let limitByte = input.byte()
        let limit = limitByte == 0xFF ? 64 << 20 : Int(limitByte % 64) + 1
        let seed = UInt64(input.byte()) << 8 | UInt64(input.byte())
        let stream = input.rest()

        let whole = run(SSEParser(maxEventBytes: limit), [stream])
        let pieces = run(SSEParser(maxEventBytes: limit), chunked(stream, seed: seed))
        require(whole.events == pieces.events, "whole and chunked parsing dispatch different events")
        require(whole.lastEventID == pieces.lastEventID, "whole and chunked parsing end with different last event IDs")
        require(whole.retry == pieces.retry, "whole and chunked parsing end with different retry values")
        require(whole.failed == pieces.failed, "a limit error in one parse only")
        for event in whole.events {
            require(!event.type.isEmpty, "an event without a type")
            require(!(event.id ?? "x").isEmpty && !(event.id ?? "").contains("\0"), "an event with an empty or NUL id")
        }
    }

    struct SSERun {
        var events: [SSEEvent] = []
        var lastEventID = ""
        var retry: Int?
        var failed = false
    }

    static func run(_ parser: SSEParser, _ chunks: [[UInt8]]) -> SSERun {
        var parser = parser
        var result = SSERun()
        for chunk in chunks {
            do { result.events += try parser.feed(chunk) } catch { result.failed = true }
        }
        result.lastEventID = parser.lastEventID
        result.retry = parser.retryMilliseconds
        result.events += parser.finish()
        return result
    }
}
