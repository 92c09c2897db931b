// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// The per-message path must stay linear: a 10 MB message arriving in 64 KiB chunks, and
/// streams of many short lines in one chunk (which a rescanning framer would make quadratic).
@Suite struct LargeMessageTests {
    /// One repeated unit of string content: plain text, escapes, non-ASCII, a surrogate pair.
    static let encodedUnit = #"lorem ipsum \"quoted\" back\\slash tab\t é中 \ud83d\ude00 😀 line\n"#
    static let decodedUnit = "lorem ipsum \"quoted\" back\\slash tab\t é中 😀 😀 line\n"

    /// A JSON-RPC response of about 10 MB: a long text and a long array of numbers.
    static func tenMegabyteMessage() -> (bytes: [UInt8], repeats: Int, numbers: Int) {
        let repeats = 120_000
        let numbers = 100_000
        var bytes = utf8(#"{"jsonrpc":"2.0","id":"big-1","result":{"content":[{"type":"text","text":""#)
        bytes.reserveCapacity(10_600_000)
        let unit = utf8(encodedUnit)
        for _ in 0..<repeats { bytes += unit }
        bytes += utf8(#""}],"numbers":["#)
        for index in 0..<numbers {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += utf8(index % 2 == 0 ? "12345678901234567890" : "-1.5e400")
        }
        bytes += utf8("]}}")
        return (bytes, repeats, numbers)
    }

    @Test func aTenMegabyteMessageIsFramedIn64KiBChunksAndDecoded() throws {
        let (message, repeats, numbers) = Self.tenMegabyteMessage()
        #expect(message.count > 10_000_000)
        let stream = message + [0x0A]

        let clock = ContinuousClock()
        let started = clock.now
        var framer = LineFramer(maxLineBytes: 16 << 20)
        var pieces: [LineFramer.Piece] = []
        var offset = 0
        while offset < stream.count {
            let end = min(offset + 65_536, stream.count)
            pieces += stream[offset..<end].withUnsafeBytes { framer.feed($0) }
            #expect(framer.bufferedByteCount <= 16 << 20)
            offset = end
        }
        pieces += framer.finish()
        #expect(pieces.count == 1)
        guard case .line(let line)? = pieces.first else {
            Issue.record("expected one line")
            return
        }
        #expect(line == message)

        let decoded = try JSONRPCMessage.decode(line)
        let elapsed = clock.now - started
        #expect(decoded.kind == .response(id: .string("big-1")))
        #expect(decoded.line == message)
        let result = decoded.object["result"]
        let text = result?["content"]?.arrayValue?.first?["text"]?.stringValue
        #expect(text == String(repeating: Self.decodedUnit, count: repeats))
        let parsedNumbers = result?["numbers"]?.arrayValue
        #expect(parsedNumbers?.count == numbers)
        #expect(parsedNumbers?.last == .number("-1.5e400"))
        #expect(elapsed < .seconds(30), "framing and decoding 10 MB took \(elapsed)")

        let reserialized = JSONValue.object(decoded.object).serialized()
        #expect(!ByteSearch.contains(0x0A, in: reserialized) && !ByteSearch.contains(0x0D, in: reserialized))
        #expect(try JSONParser.parse(reserialized) == .object(decoded.object))
    }

    @Test func aTenMegabyteEventIsParsedIn64KiBChunks() throws {
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        let stream = utf8("id: big\r\ndata: ") + payload + utf8("\r\ndata: end\r\n\r\n")
        var parser = SSEParser()
        var events: [SSEEvent] = []
        var offset = 0
        while offset < stream.count {
            let end = min(offset + 65_536, stream.count)
            events += try stream[offset..<end].withUnsafeBytes { raw throws(SSEParseError) in try parser.feed(raw) }
            offset = end
        }
        #expect(events.count == 1)
        #expect(events.first?.data.utf8.count == 10_000_004)
        #expect(events.first?.data.hasSuffix("x\nend") == true)
        #expect(events.first?.id == "big")
    }

    @Test func manyShortLinesInOneChunkAreFramedInLinearTime() {
        let count = 200_000
        var stream: [UInt8] = []
        for index in 0..<count { stream += utf8("{\"i\":\(index)}\n") }
        var framer = LineFramer(maxLineBytes: 1024)
        let pieces = framer.feed(stream)
        #expect(pieces.count == count)
        #expect(pieces.last == .line(utf8("{\"i\":\(count - 1)}")))
    }

    @Test func manyCROnlyLinesInOneChunkAreParsedInLinearTime() throws {
        // A CR-only stream has no LF at all: a parser that searched for LF from every line
        // start would rescan the whole chunk per line.
        let count = 100_000
        var stream: [UInt8] = []
        for index in 0..<count { stream += utf8("data: \(index)\r\r") }
        var parser = SSEParser()
        let events = try parser.feed(stream)
        #expect(events.count == count)
        #expect(events.last?.data == "\(count - 1)")
    }

    @Test func manyLFOnlyLinesInOneChunkAreParsedInLinearTime() throws {
        let count = 100_000
        var stream: [UInt8] = []
        for index in 0..<count { stream += utf8(": keep-alive\nid: \(index)\ndata: x\n\n") }
        var parser = SSEParser()
        let events = try parser.feed(stream)
        #expect(events.count == count)
        #expect(parser.lastEventID == "\(count - 1)")
    }
}
