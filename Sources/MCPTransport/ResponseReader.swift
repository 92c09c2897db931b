// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP

/// Reads response bodies: a JSON document, or an SSE stream of JSON-RPC messages
/// (MCP transports 2025-11-25 "Sending Messages to the Server" item 5).
struct ResponseReader {
    typealias Events = HTTPEventStream.AsyncIterator

    /// Largest error body read for its message.
    static let maxErrorBodyBytes = 64 << 10

    /// Reads the rest of a body, refusing more than `limit` bytes.
    static func collect(_ events: inout Events, limit: Int, host: String) async throws(TransportError) -> [UInt8] {
        var body: [UInt8] = []
        do {
            while let event = try await events.next() {
                if case .body(let chunk) = event {
                    body.append(contentsOf: chunk)
                    if body.count > limit {
                        throw TransportError(code: .protocolViolation, message: "\(host): response body larger than \(limit) bytes")
                    }
                }
            }
        } catch {
            throw TransportError.from(error, doing: "reading the response")
        }
        return body
    }

    /// Reads SSE events and hands each JSON-RPC message to `deliver`. Returns true when the
    /// response with `id` went by; returns false when the stream ended first. Events with empty
    /// data (priming events) only move the parser's last event id; they are never delivered.
    static func readEvents(
        _ events: inout Events, parser: inout SSEParser, responseTo id: JSONValue?,
        deliver: MessageSink
    ) async throws(TransportError) -> Bool {
        var sawResponse = false
        func handle(_ batch: [SSEEvent]) async throws(TransportError) {
            for event in batch where event.type == "message" && !event.dataBytes.isEmpty {
                let message: JSONRPCMessage
                do {
                    // Skimmed, not parsed into a tree: forwarded as the bytes it came in.
                    message = try JSONRPCMessage.skim(event.dataBytes)
                } catch {
                    throw TransportError(code: .protocolViolation, message: "the server sent an SSE event that is not a JSON-RPC message (\(error.message))")
                }
                await deliver(message)
                if let id, message.answers(id) { sawResponse = true }
            }
        }
        do {
            while !sawResponse, let event = try await events.next() {
                guard case .body(let chunk) = event else { continue }
                let batch: [SSEEvent]
                do {
                    batch = try parser.feed(chunk)
                } catch {
                    // The events completed before the bad one are valid: hand them over (invariant 9);
                    // `finish` also readies the parser for the next stream.
                    try await handle(parser.finish())
                    throw TransportError(code: .protocolViolation, message: "malformed SSE stream: \(error.reason)")
                }
                try await handle(batch)
            }
        } catch let error as TransportError {
            throw error
        } catch {
            // The connection broke mid-stream: end it like any stream, below, so the event it cut
            // short is discarded (WHATWG) and a resumption starts on a clean line; the caller may resume.
        }
        if !sawResponse { try await handle(parser.finish()) }
        return sawResponse
    }

    /// A JSON-RPC `error` object from an HTTP error body, when the body is one.
    static func serverError(in body: [UInt8]) -> JSONValue? {
        guard let message = try? JSONRPCMessage.decode(body), case .errorResponse = message.kind else { return nil }
        return message.object["error"]
    }
}

extension JSONRPCMessage {
    /// True when this is the response (result or error) to the request with `id`.
    func answers(_ id: JSONValue) -> Bool {
        switch kind {
        case .response(let responseID), .errorResponse(let responseID): return responseID == id
        default: return false
        }
    }
}

extension HTTPResponseHead {
    /// Every `WWW-Authenticate` field value (a 401 or 403 may carry several).
    var challenges: [String] {
        headers.filter { $0.name == "www-authenticate" }.map(\.value)
    }
}
