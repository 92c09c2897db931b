// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// WHATWG HTML §9.2.6 event stream interpretation: fields, comments and dispatch.
@Suite struct SSEFieldTests {
    @Test func aDataLineAndABlankLineDispatchAMessageEvent() {
        #expect(sseEvents("data: hello\n\n") == [SSEEvent(type: "message", data: "hello", id: nil)])
    }

    @Test func dataLinesAreJoinedWithLineFeedsAndTheLastOneIsRemoved() {
        #expect(sseEvents("data: a\ndata:b\ndata\ndata:  c\n\n") == [SSEEvent(data: "a\nb\n\n c")])
    }

    @Test func onlyOneLeadingSpaceOfTheValueIsRemoved() {
        #expect(sseEvents("data:   x  \n\n") == [SSEEvent(data: "  x  ")])
        #expect(sseEvents("data:\tx\n\n") == [SSEEvent(data: "\tx")])
    }

    @Test func theValueRunsFromTheFirstColon() {
        #expect(sseEvents("data: a:b: c\n\n") == [SSEEvent(data: "a:b: c")])
    }

    @Test func anEmptyDataFieldDispatchesAnEventWithEmptyData() {
        #expect(sseEvents("data:\n\n") == [SSEEvent(data: "")])
        #expect(sseEvents("data\n\n") == [SSEEvent(data: "")])
        #expect(sseEvents("data\ndata\n\n") == [SSEEvent(data: "\n")])
    }

    @Test func aBlankLineWithoutDataDispatchesNothing() {
        #expect(sseEvents("\n\n\n") == [])
        #expect(sseEvents("event: ping\n\n") == [])
    }

    @Test func theEventFieldSetsTheTypeForOneEventOnly() {
        let events = sseEvents("event: endpoint\ndata: /messages\n\ndata: next\n\n")
        #expect(events == [SSEEvent(type: "endpoint", data: "/messages"), SSEEvent(type: "message", data: "next")])
    }

    @Test func aTypeWithoutDataIsForgottenAtTheBlankLine() {
        #expect(sseEvents("event: x\n\ndata: y\n\n") == [SSEEvent(type: "message", data: "y")])
    }

    @Test func anEmptyEventTypeMeansMessage() {
        #expect(sseEvents("event:\ndata: y\n\n") == [SSEEvent(type: "message", data: "y")])
    }

    @Test func commentsAreIgnored() {
        #expect(sseEvents(": keep-alive\n\n:\ndata: a\n: between\ndata: b\n\n") == [SSEEvent(data: "a\nb")])
    }

    @Test func unknownAndWrongCaseFieldsAreIgnored() {
        #expect(sseEvents("Data: x\nDATA: y\nfoo: z\n data: w\ndata : v\n\n") == [])
        #expect(sseEvents("foo: z\ndata: real\n\n") == [SSEEvent(data: "real")])
    }

    @Test func theIdFieldTagsThisAndLaterEvents() {
        let outcome = runSSE("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n")
        #expect(outcome.events == [SSEEvent(data: "a", id: "1"), SSEEvent(data: "b", id: "1"), SSEEvent(data: "c", id: "2")])
        #expect(outcome.lastEventID == "2")
    }

    @Test func anEmptyIdResetsTheLastEventID() {
        let outcome = runSSE("id: 1\ndata: a\n\nid\ndata: b\n\n")
        #expect(outcome.events == [SSEEvent(data: "a", id: "1"), SSEEvent(data: "b", id: nil)])
        #expect(outcome.lastEventID == "")
        #expect(runSSE("id: 1\ndata: a\n\nid:\n\n").lastEventID == "")
    }

    @Test func anIdContainingNULIsIgnored() {
        let outcome = runSSE("id: 1\ndata: a\n\nid: 2\u{0}x\ndata: b\n\n")
        #expect(outcome.events == [SSEEvent(data: "a", id: "1"), SSEEvent(data: "b", id: "1")])
        #expect(outcome.lastEventID == "1")
    }

    @Test func aPrimingEventIsNotDispatchedButItsIdStaysInForce() throws {
        var parser = SSEParser()
        #expect(try parser.feed(utf8("id: prime-1\n\n")) == [])
        #expect(parser.lastEventID == "prime-1")
        #expect(try parser.feed(utf8("data: {}\n\n")) == [SSEEvent(data: "{}", id: "prime-1")])
    }

    @Test func anIdTakesEffectOnlyWhenItsBlockEnds() throws {
        var parser = SSEParser()
        _ = try parser.feed(utf8("id: 5\ndata: x\n"))
        #expect(parser.lastEventID == "")
        _ = try parser.feed(utf8("\n"))
        #expect(parser.lastEventID == "5")
    }

    @Test func anUnterminatedEventIsDiscardedAtTheEndOfTheStreamWithItsId() {
        let outcome = runSSE("id: 1\ndata: a\n\nid: 2\ndata: cut off")
        #expect(outcome.events == [SSEEvent(data: "a", id: "1")])
        #expect(outcome.lastEventID == "1")
        #expect(runSSE("data: a\n").events == [])
    }

    @Test(
        arguments: [
            ("retry: 3000\n", 3000), ("retry:0\n", 0), ("retry: 007\n", 7), ("retry\n", nil), ("retry:\n", nil),
            ("retry: 3s\n", nil), ("retry: -1\n", nil), ("retry: 1.5\n", nil), ("retry:  10\n", nil),
            ("retry: 10 \n", nil), ("retry: 99999999999999999999999\n", nil), ("retry: ١٢\n", nil),
            ("Retry: 5\n", nil)
        ] as [(String, Int?)])
    func retryAcceptsOnlyAllDigitValues(_ stream: String, _ expected: Int?) {
        #expect(runSSE(stream).retryMilliseconds == expected)
    }

    @Test func anInvalidRetryKeepsThePreviousValue() {
        #expect(runSSE("retry: 100\n\nretry: soon\n\n").retryMilliseconds == 100)
    }

    /// Valid data reaches the transport byte for byte, without a `String` in between.
    @Test func validDataBytesAreKeptAsSent() {
        let events = runSSE([utf8("data: {\"t\":\"é😀\"}\ndata: \u{FEFF}x\n\n")]).events
        #expect(events.map(\.dataBytes) == [utf8("{\"t\":\"é😀\"}\n\u{FEFF}x")])
    }

    @Test func invalidUTF8InDataBecomesReplacementCharacters() {
        let stream = utf8("data: a") + [0xFF, 0xC3] + utf8("b\ndata: ") + [0xED, 0xA0, 0x80] + utf8("\n\n")
        let events = runSSE([stream]).events
        #expect(events == [SSEEvent(data: "a\u{FFFD}\u{FFFD}b\n\u{FFFD}\u{FFFD}\u{FFFD}")])
    }

    @Test func invalidUTF8InTypeAndIdIsRepairedToo() {
        let stream = utf8("event: t") + [0xFF] + utf8("\nid: i") + [0xC0] + utf8("\ndata: d\n\n")
        #expect(runSSE([stream]).events == [SSEEvent(type: "t\u{FFFD}", data: "d", id: "i\u{FFFD}")])
    }

    @Test func jsonPayloadsPassThroughUnchanged() {
        let payload = #"{"jsonrpc":"2.0","id":1,"result":{"text":"a: b\n"}}"#
        #expect(sseEvents("event: message\nid: s1-1\ndata: \(payload)\n\n") == [SSEEvent(data: payload, id: "s1-1")])
    }
}
