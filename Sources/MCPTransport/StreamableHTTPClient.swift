// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP
import Synchronization

/// Streamable HTTP client, both eras (MCP transports 2025-03-26 … 2025-11-25, and 2026-07-28).
///
/// Session era: `Mcp-Session-Id` from the `InitializeResult` on every later request,
/// `MCP-Protocol-Version` from the negotiated version, a GET stream for server-initiated
/// messages, `Last-Event-ID` resumption, re-initialization on a 404 for a session, `DELETE` on close.
/// Stateless era (a request carries `_meta["io.modelcontextprotocol/protocolVersion"]`): the
/// request-metadata headers, no session, GET or DELETE. No `Origin` header is ever sent.
public final class StreamableHTTPClient: ClientTransport, @unchecked Sendable {
    struct State {
        var sessionID: String?
        var protocolVersion: String?
        /// The editor's `initialize`, replayed when the server forgets the session.
        var initialize: JSONRPCMessage?
        var initialized: JSONRPCMessage?
        var reinitialization: Task<Void, Error>?
        var reinitializations = 0
        var listener: Task<Void, Never>?
        var closed = false
    }

    let server: RemoteServer
    let sink: MessageSink
    /// The server's host, for messages (parsed once, not per request).
    let host: String
    let state = Mutex(State())

    public init(server: RemoteServer, sink: @escaping MessageSink) {
        self.server = server
        self.sink = sink
        self.host = RequestTarget(server.url)?.host ?? ""
    }

    public func send(_ message: JSONRPCMessage) async throws(TransportError) {
        if state.withLock({ $0.closed }) { throw TransportError(code: .closed, message: "the connection to the server is closed") }
        switch message.kind {
        case .request(let id, let method):
            if method == "initialize" { state.withLock { $0.initialize = message } }
            try await exchange(message, id: id, replayOn404: true, deliver: sink)
        case .notification(let method):
            if method == "notifications/initialized" { state.withLock { $0.initialized = message } }
            try await post(message, replayOn404: true)
        default:
            try await post(message, replayOn404: true)
        }
    }

    public func close() async {
        let (sessionID, version, listener) = state.withLock { state -> (String?, String?, Task<Void, Never>?) in
            state.closed = true
            return (state.sessionID, state.protocolVersion, state.listener)
        }
        listener?.cancel()
        guard let sessionID else { return }
        var headers = ManagedHeaders.base(for: server, accept: nil)
        headers.append(("Mcp-Session-Id", sessionID))
        if let version { headers.append(("MCP-Protocol-Version", version)) }
        let response = try? await server.engine.fetch(server.request("DELETE", headers: headers), maxBodyBytes: 64 << 10)
        server.log.debug("DELETE session → \(response.map { String($0.status) } ?? "failed")")
    }

    // MARK: requests

    /// POSTs a request and delivers what comes back until its response went by.
    func exchange(
        _ message: JSONRPCMessage, id: JSONValue, replayOn404: Bool,
        deliver: @escaping MessageSink
    ) async throws(TransportError) {
        let sent = currentSession()
        var events = server.engine.stream(server.request("POST", headers: headers(for: message, session: sent), body: message.line)).makeAsyncIterator()
        let head = try await readHead(&events, doing: "sending \(message.method ?? "a request")")
        let isInitialize = message.method == "initialize"
        switch head.status {
        case 200..<300:
            if isInitialize, let sessionID = head.value("mcp-session-id") {
                guard SessionID.isValid(sessionID) else {
                    throw TransportError(code: .protocolViolation, message: "the server sent a malformed Mcp-Session-Id")
                }
                state.withLock { $0.sessionID = sessionID }
            }
            var recordingDeliver = deliver
            if message.method == "tools/list" && message.isStateless {
                recordingDeliver = { [server] reply in await deliver(Self.recordingToolHeaders(reply, server: server)) }
            }
            if isInitialize {
                recordingDeliver = { [weak self] reply in
                    if reply.answers(id), let version = reply.object["result"]?["protocolVersion"]?.stringValue {
                        self?.recordProtocolVersion(version)
                    }
                    await deliver(reply)
                }
            }
            try await readResponse(head: head, events: &events, id: id, deliver: recordingDeliver)
            if isInitialize && !message.isStateless { startListening() }
        case 404 where sent.sessionID != nil && replayOn404:
            _ = try? await ResponseReader.collect(&events, limit: ResponseReader.maxErrorBodyBytes, host: host)
            server.log.debug("the server forgot session; re-initializing")
            try await reinitialize(after: sent.sessionID)
            try await exchange(message, id: id, replayOn404: false, deliver: deliver)
        default:
            throw await statusError(head: head, events: &events, doing: message.method ?? "request")
        }
    }

    /// POSTs a notification or a response; the server answers 202 Accepted.
    func post(_ message: JSONRPCMessage, replayOn404: Bool) async throws(TransportError) {
        let sent = currentSession()
        var events = server.engine.stream(server.request("POST", headers: headers(for: message, session: sent), body: message.line)).makeAsyncIterator()
        let head = try await readHead(&events, doing: "sending \(message.method ?? "a response")")
        switch head.status {
        case 200..<300:
            _ = try? await ResponseReader.collect(&events, limit: ResponseReader.maxErrorBodyBytes, host: host)
        case 404 where sent.sessionID != nil && replayOn404:
            _ = try? await ResponseReader.collect(&events, limit: ResponseReader.maxErrorBodyBytes, host: host)
            try await reinitialize(after: sent.sessionID)
            try await post(message, replayOn404: false)
        default:
            throw await statusError(head: head, events: &events, doing: message.method ?? "response")
        }
    }

    /// Reads a 2xx answer to a request: JSON, or SSE resumed with `Last-Event-ID` when it breaks.
    private func readResponse(
        head: HTTPResponseHead, events: inout ResponseReader.Events, id: JSONValue,
        deliver: MessageSink
    ) async throws(TransportError) {
        switch head.mediaType {
        case "application/json":
            let body = try await ResponseReader.collect(&events, limit: server.maxMessageBytes, host: host)
            let reply: JSONRPCMessage
            do { reply = try JSONRPCMessage.skim(body) } catch {
                throw TransportError(code: .protocolViolation, message: "the server's JSON response is not a JSON-RPC message (\(error.message))")
            }
            await deliver(reply)
            guard reply.answers(id) else {
                throw TransportError(code: .protocolViolation, message: "the server's JSON response does not answer the request")
            }
        case "text/event-stream":
            var parser = SSEParser(maxEventBytes: server.maxMessageBytes)
            var done = try await ResponseReader.readEvents(&events, parser: &parser, responseTo: id, deliver: deliver)
            if done {
                // The server ends the stream right after the response (2025-11-25 item 6); read to
                // that end so the connection goes back to the pool instead of being cut.
                _ = try? await ResponseReader.readEvents(&events, parser: &parser, responseTo: nil, deliver: deliver)
                return
            }
            var attempt = 0
            while !done {
                attempt += 1
                // Without an event id there is nothing to resume from (2025-11-25 "Resumability").
                guard !parser.lastEventID.isEmpty, !Task.isCancelled,
                    case .reconnect(let milliseconds) = ReconnectPolicy.responseStream.decide(
                        attempt: attempt, serverRetryMilliseconds: parser.retryMilliseconds)
                else {
                    throw TransportError(code: .streamBroken, message: "the server's response stream ended before the response")
                }
                try await pause(milliseconds: milliseconds)
                server.log.debug("resuming a response stream (attempt \(attempt))")
                done = try await resume(after: parser.lastEventID, parser: &parser, id: id, deliver: deliver)
            }
        default:
            throw TransportError(
                code: .protocolViolation, message: "the server answered a request with status \(head.status) and content type \(head.mediaType ?? "none")")
        }
    }

    /// GET with `Last-Event-ID` (2025-11-25 "Resumability and Redelivery"); true once the response went by.
    private func resume(after eventID: String, parser: inout SSEParser, id: JSONValue, deliver: MessageSink) async throws(TransportError) -> Bool {
        var headers = headers(accept: "text/event-stream", session: currentSession())
        headers.append(("Last-Event-ID", eventID))
        var events = server.engine.stream(server.request("GET", headers: headers)).makeAsyncIterator()
        let head: HTTPResponseHead
        do { head = try await readHead(&events, doing: "resuming a stream") } catch { return false }
        guard head.status == 200, head.mediaType == "text/event-stream" else {
            throw await statusError(head: head, events: &events, doing: "resuming the response stream")
        }
        return try await ResponseReader.readEvents(&events, parser: &parser, responseTo: id, deliver: deliver)
    }

    private func pause(milliseconds: Int) async throws(TransportError) {
        do { try await Task.sleep(for: .milliseconds(min(max(milliseconds, 0), 30_000))) } catch {
            throw TransportError(code: .closed, message: "cancelled")
        }
    }

    // MARK: helpers

    /// A `tools/list` answer of the 2026-07-28 era: the `x-mcp-header` parameters of its tools are
    /// recorded for later calls, and a tool whose annotations are invalid is dropped from what
    /// the editor sees, with a warning (Streamable HTTP 2026-07-28 "Custom Headers from Tool Parameters").
    static func recordingToolHeaders(_ reply: JSONRPCMessage, server: RemoteServer) -> JSONRPCMessage {
        guard case .response = reply.kind, let result = reply.object["result"]?.objectValue,
            let (kept, dropped) = server.toolHeaders.record(listResult: result)
        else { return reply }
        for (tool, reason) in dropped {
            server.log.warning("the server's tool \"\(tool)\" is withheld from the editor: \(reason)")
        }
        var object = reply.object
        object["result"] = .object(kept)
        return (try? JSONRPCMessage(object: object)) ?? reply
    }

    func recordProtocolVersion(_ version: String) {
        state.withLock { $0.protocolVersion = version }
    }

    func currentSession() -> (sessionID: String?, version: String?) {
        state.withLock { ($0.sessionID, $0.protocolVersion) }
    }

    func readHead(_ events: inout ResponseReader.Events, doing what: String) async throws(TransportError) -> HTTPResponseHead {
        do {
            if case .head(let head)? = try await events.next() { return head }
            throw TransportError(code: .streamBroken, message: "\(what): the server closed the connection without answering")
        } catch {
            throw TransportError.from(error, doing: what)
        }
    }

    func statusError(head: HTTPResponseHead, events: inout ResponseReader.Events, doing what: String) async -> TransportError {
        let body = (try? await ResponseReader.collect(&events, limit: ResponseReader.maxErrorBodyBytes, host: host)) ?? []
        let serverError = ResponseReader.serverError(in: body)
        var message = "the server answered \(what) with HTTP \(head.status)"
        if let text = serverError?["message"]?.stringValue { message += ": \(String(text.prefix(300)))" }
        return TransportError(code: .httpStatus, message: message, status: head.status, serverError: serverError, challenges: head.challenges)
    }
}

/// `Mcp-Session-Id` syntax: visible ASCII 0x21–0x7E (2025-11-25 "Session Management").
enum SessionID {
    static func isValid(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 1024 && value.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
