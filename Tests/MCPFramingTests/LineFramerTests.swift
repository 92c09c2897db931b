// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// MCP stdio transport framing: newline-delimited messages, limits, chunking.
@Suite struct LineFramerTests {
    private func frameWhole(_ input: [UInt8], max: Int = 1 << 20) -> [LineFramer.Piece] {
        var framer = LineFramer(maxLineBytes: max)
        return framer.feed(input) + framer.finish()
    }

    private func frame(_ chunks: [[UInt8]], max: Int = 1 << 20) -> [LineFramer.Piece] {
        var framer = LineFramer(maxLineBytes: max)
        var pieces: [LineFramer.Piece] = []
        for chunk in chunks { pieces += framer.feed(chunk) }
        return pieces + framer.finish()
    }

    private func lines(_ texts: String...) -> [LineFramer.Piece] {
        texts.map { .line(utf8($0)) }
    }

    @Test func splitsOnLineFeed() {
        #expect(frameWhole(utf8("{\"a\":1}\n{\"b\":2}\n")) == lines("{\"a\":1}", "{\"b\":2}"))
    }

    @Test func stripsOneCarriageReturnBeforeTheLineFeed() {
        #expect(frameWhole(utf8("a\r\nb\r\r\n")) == lines("a", "b\r"))
    }

    @Test func aLoneCarriageReturnIsNotALineEnd() {
        #expect(frameWhole(utf8("a\rb\n")) == lines("a\rb"))
    }

    @Test func skipsEmptyAndWhitespaceOnlyLines() {
        #expect(frameWhole(utf8("\n\n \n\t\r\n\r\n \t \r\nx\n\n")) == lines("x"))
    }

    @Test func keepsSurroundingWhitespaceOfANonBlankLine() {
        #expect(frameWhole(utf8("  {} \t\r\n")) == lines("  {} \t"))
    }

    @Test func otherBytesAreNotWhitespace() {
        #expect(frameWhole([0x0C, 0x0A, 0x00, 0x0A, 0x0B, 0x0A]) == [.line([0x0C]), .line([0x00]), .line([0x0B])])
    }

    @Test func finishReturnsAnUnterminatedFinalLine() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(framer.feed(utf8("a\nbc")) == lines("a"))
        #expect(framer.finish() == lines("bc"))
        #expect(framer.finish() == [])
    }

    @Test func finishStripsAFinalCarriageReturnAndSkipsABlankTail() {
        #expect(frameWhole(utf8("a\nb\r")) == lines("a", "b"))
        #expect(frameWhole(utf8("a\n  \r")) == lines("a"))
    }

    @Test func aLineOfExactlyTheLimitIsDelivered() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 10)
        #expect(frameWhole(line + [0x0A], max: 10) == [.line(line)])
        #expect(frameWhole(line + [0x0D, 0x0A], max: 10) == [.line(line)])
        #expect(frame(singleByteChunks(of: line + [0x0D, 0x0A]), max: 10) == [.line(line)])
    }

    @Test func aLineOneByteOverTheLimitIsOversized() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 11)
        #expect(frameWhole(line + [0x0A], max: 10) == [.oversized(byteCount: 11)])
        #expect(frame(singleByteChunks(of: line + [0x0A]), max: 10) == [.oversized(byteCount: 11)])
        #expect(frameWhole(line + [0x0D, 0x0A], max: 10) == [.oversized(byteCount: 12)])
    }

    @Test func anOversizedLineIsReportedThenTheNextLineIsDelivered() {
        let big = [UInt8](repeating: UInt8(ascii: "y"), count: 1000)
        let input = big + utf8("\n{\"ok\":true}\n")
        let expected: [LineFramer.Piece] = [.oversized(byteCount: 1000), .line(utf8("{\"ok\":true}"))]
        #expect(frameWhole(input, max: 100) == expected)
        var generator = SeededGenerator(seed: 7)
        #expect(frame(randomChunks(of: input, maxChunk: 37, using: &generator), max: 100) == expected)
    }

    @Test func anOversizedLineIsNeverBufferedPastTheLimit() {
        var framer = LineFramer(maxLineBytes: 64)
        for _ in 0..<1000 {
            #expect(framer.feed([UInt8](repeating: 0x41, count: 50)) == [])
            #expect(framer.bufferedByteCount <= 65)
        }
        #expect(framer.feed(utf8("\nz\n")) == [.oversized(byteCount: 50_000), .line(utf8("z"))])
    }

    @Test func anUnterminatedOversizedLineIsReportedAtFinish() {
        var framer = LineFramer(maxLineBytes: 4)
        #expect(framer.feed(utf8("ok\n123456")) == lines("ok"))
        #expect(framer.finish() == [.oversized(byteCount: 6)])
    }

    @Test func theFramerIsReusableAfterFinish() {
        var framer = LineFramer(maxLineBytes: 4)
        _ = framer.feed(utf8("123456"))
        _ = framer.finish()
        #expect(framer.feed(utf8("ab\n")) == lines("ab"))
    }

    @Test func emptyChunksChangeNothing() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(framer.feed([]) == [])
        #expect(framer.feed(utf8("a")) == [])
        #expect(framer.feed([]) == [])
        #expect(framer.feed(utf8("\n")) == lines("a"))
    }

    static let chunkingSamples: [String] = [
        "{\"jsonrpc\":\"2.0\",\"id\":1}\n{\"x\":\"é😀\"}\r\n\n  \n{\"y\":2}",
        "\r\n\r\n\r\na\r\r\n\rb\n\r",
        "line one\nline two\r\nline three\n",
        String(repeating: "0123456789abcdef", count: 40) + "\nshort\n" + String(repeating: "z", count: 300) + "\r\n"
    ]

    @Test(arguments: chunkingSamples)
    func byteByByteAndRandomChunksGiveTheSameResultAsWholeInput(_ text: String) {
        let input = utf8(text)
        for max in [8, 200, 1 << 20] {
            let whole = frameWhole(input, max: max)
            #expect(frame(singleByteChunks(of: input), max: max) == whole)
            var generator = SeededGenerator(seed: UInt64(max))
            for _ in 0..<50 {
                #expect(frame(randomChunks(of: input, maxChunk: 17, using: &generator), max: max) == whole)
            }
        }
    }

    @Test func crlfSplitAcrossChunksIsOneLineEnd() {
        #expect(frame([utf8("abc\r"), utf8("\ndef\r"), utf8("\n")]) == lines("abc", "def"))
    }

    @Test func feedingARawBufferMatchesFeedingAnArray() {
        let input = utf8("a\nb\nc")
        var viaBuffer = LineFramer(maxLineBytes: 10)
        let pieces = input.withUnsafeBytes { viaBuffer.feed($0) } + viaBuffer.finish()
        #expect(pieces == frameWhole(input, max: 10))
    }
}
