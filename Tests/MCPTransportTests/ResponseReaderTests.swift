// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP
import Synchronization
import Testing

@testable import MCPTransport

/// A response body that arrives in `chunks` (no network: the stream the engine would yield).
private func body(_ chunks: [String]) -> ResponseReader.Events {
    HTTPEventStream(
        AsyncThrowingStream<HTTPEvent, Error> { continuation in
            for chunk in chunks { continuation.yield(.body(Array(chunk.utf8))) }
            continuation.finish()
        }
    ).makeAsyncIterator()
}

/// SSE response streams (MCP transports 2025-11-25 "Sending Messages to the Server" item 5)
/// with hostile content: bad events get a clear error and valid ones are not lost (invariant 9).
struct ResponseReaderTests {
    @Test func eventsBeforeAnOversizedOneAreDeliveredBeforeTheError() async {
        var events = body([
            #"data: {"jsonrpc":"2.0","method":"notifications/progress"}"# + "\n\n"
                + "data: " + String(repeating: "x", count: 500) + "\n\n"
        ])
        var parser = SSEParser(maxEventBytes: 100)
        let delivered = Mutex<[String]>([])
        do {
            _ = try await ResponseReader.readEvents(&events, parser: &parser, responseTo: .integer(1)) { message in
                delivered.withLock { $0.append(message.method ?? "?") }
            }
            Issue.record("an oversized event was accepted")
        } catch {
            #expect(error.code == .protocolViolation)
            #expect(!error.message.contains("xxxx"), "the error must not echo stream content")
        }
        #expect(delivered.withLock { $0 } == ["notifications/progress"])
    }

    @Test func theParserIsReadyForTheNextStreamAfterAMalformedOne() async throws {
        var parser = SSEParser(maxEventBytes: 100)
        var broken = body(["data: " + String(repeating: "x", count: 500) + "\n"])
        _ = try? await ResponseReader.readEvents(&broken, parser: &parser, responseTo: nil) { _ in }
        var next = body([#"data: {"jsonrpc":"2.0","id":1,"result":{}}"# + "\n\n"])
        let answered = try await ResponseReader.readEvents(&next, parser: &parser, responseTo: .integer(1)) { _ in }
        #expect(answered, "the first event of a reconnection must not be skipped as the rest of the bad one")
    }

    /// WHATWG decodes event data as UTF-8 with U+FFFD for errors; the message is then forwarded.
    @Test func invalidUTF8InAnEventIsRepairedNotRefused() async throws {
        let data = Array(#"data: {"jsonrpc":"2.0","method":"m","params":{"t":"a"#.utf8) + [0xFF] + Array(#"b"}}"#.utf8) + [0x0A, 0x0A]
        var events = HTTPEventStream(
            AsyncThrowingStream<HTTPEvent, Error> { continuation in
                continuation.yield(.body(data))
                continuation.finish()
            }
        ).makeAsyncIterator()
        var parser = SSEParser()
        let texts = Mutex<[String]>([])
        _ = try await ResponseReader.readEvents(&events, parser: &parser, responseTo: nil) { message in
            texts.withLock { $0.append(message.params?["t"]?.stringValue ?? "?") }
        }
        #expect(texts.withLock { $0 } == ["a\u{FFFD}b"])
    }

    /// 2025-11-25 "Resumability and Redelivery": a connection breaks at any byte, mid-line and
    /// mid-event; the resumed stream must not be glued to the remains of the broken one.
    @Test func aStreamBrokenMidEventResumesOnACleanParser() async throws {
        var broken = HTTPEventStream(
            AsyncThrowingStream<HTTPEvent, Error> { continuation in
                continuation.yield(
                    .body(
                        Array(
                            ("id: 5\n" + #"data: {"jsonrpc":"2.0","method":"a"}"# + "\n\n"
                                + "id: 6\n" + #"data: {"jsonrpc":"2.0","id":1,"res"#).utf8)))
                continuation.finish(throwing: HTTPError(code: .transport, host: "h", message: "connection reset"))
            }
        ).makeAsyncIterator()
        var parser = SSEParser()
        let methods = Mutex<[String]>([])
        let first = try await ResponseReader.readEvents(&broken, parser: &parser, responseTo: .integer(1)) { message in
            methods.withLock { $0.append(message.method ?? "response") }
        }
        #expect(!first)
        #expect(parser.lastEventID == "5", "the id of the event cut short must not be applied")
        var resumed = body(["id: 6\n" + #"data: {"jsonrpc":"2.0","id":1,"result":{}}"# + "\n\n"])
        let second = try await ResponseReader.readEvents(&resumed, parser: &parser, responseTo: .integer(1)) { message in
            methods.withLock { $0.append(message.method ?? "response") }
        }
        #expect(second)
        #expect(methods.withLock { $0 } == ["a", "response"])
    }

    @Test func anEventThatIsNotJSONRPCIsAProtocolViolation() async {
        var events = body(["data: {\"not\":\"json-rpc\"}\n\n"])
        var parser = SSEParser()
        await #expect(throws: TransportError.self) {
            _ = try await ResponseReader.readEvents(&events, parser: &parser, responseTo: .integer(1)) { _ in }
        }
    }

    @Test func aStreamThatEndsBeforeTheResponseReportsIt() async throws {
        var events = body([#"id: 7"# + "\n" + #"data: {"jsonrpc":"2.0","method":"notifications/message"}"# + "\n\n"])
        var parser = SSEParser()
        let answered = try await ResponseReader.readEvents(&events, parser: &parser, responseTo: .integer(1)) { _ in }
        #expect(!answered)
        #expect(parser.lastEventID == "7")
    }
}
