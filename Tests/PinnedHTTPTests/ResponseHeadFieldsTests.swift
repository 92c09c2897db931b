// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PinnedHTTP

/// Response heads as curl hands them over, line by line (RFC 9112 §2.1, RFC 9110 §5.5), and the
/// cap on fields a hostile server can make the bridge keep (DESIGN.md invariant 9).
struct ResponseHeadFieldsTests {
    /// Feeds `lines` and returns the fields of the head the final empty line ends.
    func head(_ lines: [String]) -> [HTTPResponseHead.HeaderField]? {
        var collector = ResponseHeadFields()
        for line in lines {
            let ended = Array(line.utf8).withUnsafeBytes { collector.add($0) }
            if ended { return collector.takeFields() }
        }
        return nil
    }

    @Test func namesAreLowercasedAndValuesTrimmed() {
        let fields = head(["HTTP/1.1 200 OK\r\n", "Content-Type: \t text/event-stream \r\n", "Mcp-Session-Id:abc\r\n", "\r\n"])
        #expect(fields == [.init(name: "content-type", value: "text/event-stream"), .init(name: "mcp-session-id", value: "abc")])
    }

    @Test func aServerSendingThousandsOfFieldsIsCappedAt512() {
        let lines = ["HTTP/1.1 200 OK\r\n"] + (0..<5000).map { "X-Flood-\($0): \($0)\r\n" } + ["\r\n"]
        let fields = head(lines)
        #expect(fields?.count == 512)
        #expect(fields?.first == .init(name: "x-flood-0", value: "0"))
        #expect(fields?.last == .init(name: "x-flood-511", value: "511"))
    }

    @Test func aStatusLineStartsANewHead() {
        // An interim 100 Continue head's fields must not leak into the final head.
        var collector = ResponseHeadFields()
        for line in ["HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "\r\n"] {
            _ = Array(line.utf8).withUnsafeBytes { collector.add($0) }
        }
        _ = collector.takeFields()
        #expect(collector.fields.isEmpty)
        #expect(
            head(["HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "HTTP/1.1 200 OK\r\n", "X-Final: 2\r\n", "\r\n"])
                == [.init(name: "x-final", value: "2")])
    }

    @Test func hostileLinesAreIgnoredOrKeptAsInertText() {
        let fields = head(["HTTP/1.1 200 OK\n", "no colon at all\n", ": empty name\n", "X-Bad: \u{FFFD}\u{1}\n", "\n"])
        #expect(fields?.count == 2)
        #expect(fields?.first == .init(name: "", value: "empty name"))
        #expect(head(["HTTP/1.1 200 OK\r\n", "X-A: 1\r\n"]) == nil, "a head without its empty line is not over")
    }

    /// Lines are split at the first colon byte: a combining mark after it (one Character with
    /// the colon) does not hide it; invalid UTF-8 becomes U+FFFD; a value of blanks is empty.
    @Test func fieldsAreSplitAndTrimmedByBytes() {
        var collector = ResponseHeadFields()
        let lines: [[UInt8]] = [
            Array("HTTP/1.1 200 OK\r\n".utf8), Array("X-Mark:\u{301}v\r\n".utf8),
            [0x58, 0xFF, 0x3A, 0x20, 0xC3, 0x28, 0x0D, 0x0A], Array("X-Blank: \t \t\r\n".utf8), Array("\r\n".utf8)
        ]
        var fields: [HTTPResponseHead.HeaderField]?
        for line in lines where line.withUnsafeBytes({ collector.add($0) }) { fields = collector.takeFields() }
        #expect(
            fields == [
                .init(name: "x-mark", value: "\u{301}v"), .init(name: "x\u{FFFD}", value: "\u{FFFD}("),
                .init(name: "x-blank", value: "")
            ])
    }
}
