// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// WHATWG HTML §9.2.6 stream level: line ends, the BOM, chunking, and this parser's limits.
@Suite struct SSEStreamTests {
    @Test func lfCrlfAndCrOnlyStreamsGiveTheSameEvents() {
        let lf = "event: e\nid: 1\ndata: a\ndata: b\n\n: c\ndata: z\n\n"
        let expected = runSSE(lf)
        #expect(expected.events == [SSEEvent(type: "e", data: "a\nb", id: "1"), SSEEvent(data: "z", id: "1")])
        #expect(runSSE(lf.replacingLineFeeds(with: "\r\n")) == expected)
        #expect(runSSE(lf.replacingLineFeeds(with: "\r")) == expected)
    }

    /// A data line that spans chunks becomes the data buffer itself (no second copy); the value
    /// must come out the same whether it is the event's first data line or a later one, with or
    /// without the space after the colon, and a field merely starting with "data" is not data.
    @Test func dataLinesSpanningChunksKeepTheirValues() {
        let long = String(repeating: "0123456789", count: 3000)
        let chunked: [[UInt8]] = [
            utf8("data: " + long.prefix(7)), utf8(String(long.dropFirst(7)) + "\ndata:"), utf8("tail\nda"),
            utf8("tax: ignored\nevent: e\n"), utf8("data"), utf8("\n\n")
        ]
        #expect(runSSE(chunked).events == [SSEEvent(type: "e", data: long + "\ntail\n")])
        let second: [[UInt8]] = [utf8("data: first\ndata:" + long.prefix(100)), utf8(String(long.dropFirst(100)) + "\n\n")]
        #expect(runSSE(second).events == [SSEEvent(data: "first\n" + long)])
    }

    @Test func aSpanningDataLineOverTheLimitIsRefusedLikeAnyOther() {
        var parser = SSEParser(maxEventBytes: 10)
        #expect(throws: SSEParseError.self) { _ = try parser.feed(utf8("data: 01234")) + parser.feed(utf8("567890\n\n")) }
        #expect((try? parser.feed(utf8("data: ok\n\n"))) == [SSEEvent(data: "ok")])
    }

    @Test func mixedLineEndsInOneStreamAreEachOneLineEnd() {
        #expect(sseEvents("data: a\rdata: b\r\ndata: c\n\r\n") == [SSEEvent(data: "a\nb\nc")])
    }

    @Test func crThenLfIsOneLineEndButLfThenCrIsTwo() {
        #expect(sseEvents("data: a\r\ndata: b\n\n") == [SSEEvent(data: "a\nb")])
        #expect(sseEvents("data: a\n\rdata: b\n\n") == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    @Test func crAtTheEndOfAChunkAndLfAtTheStartOfTheNextAreOneLineEnd() {
        let outcome = runSSE([utf8("data: x\r"), utf8("\ndata: y\r"), [], utf8("\n\r"), utf8("\n")])
        #expect(outcome.events == [SSEEvent(data: "x\ny")])
    }

    @Test func crAtTheEndOfAChunkFollowedByCrIsTwoLineEnds() {
        #expect(runSSE([utf8("data: x\r"), utf8("\rdata: y\n\n")]).events == [SSEEvent(data: "x"), SSEEvent(data: "y")])
    }

    @Test func aLeadingByteOrderMarkIsSkipped() {
        #expect(runSSE([[0xEF, 0xBB, 0xBF] + utf8("data: a\n\n")]).events == [SSEEvent(data: "a")])
        #expect(runSSE(singleByteChunks(of: [0xEF, 0xBB, 0xBF] + utf8("data: a\n\n"))).events == [SSEEvent(data: "a")])
    }

    @Test func onlyOneLeadingByteOrderMarkIsSkipped() {
        // The second BOM becomes part of the field name, which is then unknown.
        #expect(runSSE([[0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + utf8("data: a\n\n")]).events == [])
    }

    @Test func aByteOrderMarkLaterInTheStreamIsContent() {
        #expect(sseEvents("data: a\n\n\u{FEFF}data: b\n\ndata: \u{FEFF}c\n\n") == [SSEEvent(data: "a"), SSEEvent(data: "\u{FEFF}c")])
    }

    @Test func aPartialByteOrderMarkIsContent() {
        let stream: [UInt8] = [0xEF, 0xBB] + utf8("data: a\n\ndata: b\n\n")
        #expect(runSSE([stream]).events == [SSEEvent(data: "b")])
        #expect(runSSE(singleByteChunks(of: stream)).events == [SSEEvent(data: "b")])
        #expect(runSSE([[0xEF], utf8("\ndata: c\n\n")]).events == [SSEEvent(data: "c")])
    }

    static let chunkingSamples: [String] = [
        "\u{FEFF}retry: 500\nid: 1\nevent: e\ndata: a\r\ndata: é😀\r\n\r\n: ping\r\rid\rdata: b\r\rid: 3\n\n",
        "data: x\r\n\r\ndata: y\r\r\ndata: z\n\r\n",
        ":\n:\r\n\r\ndata\ndata:\n\nid: \u{0}\ndata: n\n\n",
        "data: " + String(repeating: "0123456789", count: 30) + "\r\ndata: tail\r\n\r\nid: last\r\n\r\n"
    ]

    @Test(arguments: chunkingSamples)
    func byteByByteAndRandomChunksGiveTheSameResultAsWholeInput(_ text: String) {
        let stream = utf8(text)
        let whole = runSSE([stream])
        #expect(!whole.events.isEmpty)
        #expect(runSSE(singleByteChunks(of: stream)) == whole)
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<100 {
            #expect(runSSE(randomChunks(of: stream, maxChunk: 9, using: &generator)) == whole)
        }
    }

    @Test func anOverLimitEventThrowsAndTheParserRecoversOnTheNextEvent() throws {
        var parser = SSEParser(maxEventBytes: 16)
        #expect(try parser.feed(utf8("data: 0123456789\n")) == [])
        #expect(throws: SSEParseError.self) { try parser.feed(utf8("id: bad\ndata: 0123456789\n")) }
        #expect((try? parser.feed(utf8("data: more skipped\n\nid: good\ndata: ok\n\n"))) == [SSEEvent(data: "ok", id: "good")])
    }

    @Test func theIdOfADiscardedEventIsNotApplied() {
        let outcome = runSSE("id: 1\ndata: a\n\nid: 2\ndata: 0123456789abcdefXYZ\n\ndata: b\n\n", maxEventBytes: 16)
        #expect(outcome.errors.count == 1)
        #expect(outcome.events == [SSEEvent(data: "a", id: "1"), SSEEvent(data: "b", id: "1")])
    }

    @Test func dataOfExactlyTheLimitIsAccepted() {
        #expect(runSSE("data: 0123456789abcdef\n\n", maxEventBytes: 16).events == [SSEEvent(data: "0123456789abcdef")])
        #expect(runSSE("data: 0123456\ndata: 89abcdef\n\n", maxEventBytes: 16).events == [SSEEvent(data: "0123456\n89abcdef")])
        #expect(runSSE("data: 0123456\ndata: 89abcdefg\n\n", maxEventBytes: 16).errors.count == 1)
    }

    @Test func eventsCompletedInTheFailingChunkAreReturnedByTheNextCall() throws {
        var parser = SSEParser(maxEventBytes: 8)
        let chunk = utf8("data: one\n\ndata: far too long\n\ndata: two\n\n")
        let error = thrownError { () throws(SSEParseError) in _ = try parser.feed(chunk) }
        #expect(error?.reason == "an event's data is longer than 8 bytes")
        #expect(try parser.feed([]) == [SSEEvent(data: "one"), SSEEvent(data: "two")])
        #expect(try parser.feed([]) == [])
    }

    @Test func finishReturnsEventsHeldBackByAFailedFeed() {
        var parser = SSEParser(maxEventBytes: 8)
        _ = try? parser.feed(utf8("data: one\n\ndata: far too long\n"))
        #expect(parser.finish() == [SSEEvent(data: "one")])
    }

    @Test func anEndlessLineThrowsOnceAndIsNotBuffered() {
        var parser = SSEParser(maxEventBytes: 16)
        #expect(parser.maxLineBytes == 80)
        var errors = 0
        for _ in 0..<1000 {
            do { _ = try parser.feed(utf8("data: xxxxxxxxxxxxxxxxxxxx")) } catch { errors += 1 }
        }
        #expect(errors == 1)
        #expect((try? parser.feed(utf8("\ndata: still the same event\n\ndata: ok\n\n"))) == [SSEEvent(data: "ok")])
    }

    @Test func aTerminatedOverLongNonDataLineAlsoThrows() {
        let outcome = runSSE("id: " + String(repeating: "i", count: 100) + "\ndata: x\n\ndata: y\n\n", maxEventBytes: 16)
        #expect(outcome.errors.count == 1)
        #expect(outcome.events == [SSEEvent(data: "y")])
        #expect(outcome.lastEventID == "")
    }

    @Test func limitErrorsDoNotEchoStreamContent() {
        let outcome = runSSE("data: secret-secret-secret\n\n", maxEventBytes: 8)
        #expect(outcome.errors.first?.description.contains("secret") == false)
        #expect(outcome.errors.first?.description.hasPrefix("invalid event stream: ") == true)
    }

    @Test func overLimitRecoveryIsTheSameHoweverTheStreamIsChunked() {
        let stream = utf8("data: a\n\nid: 7\ndata: " + String(repeating: "x", count: 200) + "\r\ndata: y\r\n\r\ndata: b\r\r")
        let whole = runSSE([stream], maxEventBytes: 32)
        #expect(whole.events == [SSEEvent(data: "a"), SSEEvent(data: "b")])
        #expect(whole.errors.count == 1)
        #expect(runSSE(singleByteChunks(of: stream), maxEventBytes: 32) == whole)
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<50 {
            #expect(runSSE(randomChunks(of: stream, maxChunk: 23, using: &generator), maxEventBytes: 32) == whole)
        }
    }

    @Test func theParserCanBeReusedForAReconnectionAfterFinish() throws {
        var parser = SSEParser()
        _ = try parser.feed(utf8("id: 4\nretry: 10\ndata: a\n\ndata: partial"))
        #expect(parser.finish() == [])
        #expect(try parser.feed([0xEF, 0xBB, 0xBF] + utf8("data: b\n\n")) == [SSEEvent(data: "b", id: "4")])
        #expect(parser.retryMilliseconds == 10)
    }
}

extension String {
    func replacingLineFeeds(with ending: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: ending)
    }
}
