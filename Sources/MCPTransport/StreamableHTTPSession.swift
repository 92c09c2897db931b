// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP

/// Session upkeep of the Streamable HTTP client: headers, re-initialization, the GET stream.
extension StreamableHTTPClient {
    /// Headers for a POST (2025-11-25 "Sending Messages to the Server"; 2026-07-28 "Request Metadata").
    func headers(for message: JSONRPCMessage, session: (sessionID: String?, version: String?)) -> [(name: String, value: String)] {
        var headers = ManagedHeaders.base(for: server, accept: "application/json, text/event-stream")
        headers.append(("Content-Type", "application/json"))
        if let version = message.statelessProtocolVersion {
            headers.append(("MCP-Protocol-Version", HeaderValue.encode(version)))
            if let method = message.method {
                headers.append(("Mcp-Method", HeaderValue.encode(method)))
                if let name = message.routingName { headers.append(("Mcp-Name", HeaderValue.encode(name))) }
                if method == "tools/call", let name = message.routingName {
                    headers += server.toolHeaders.headers(tool: name, arguments: message.params?["arguments"])
                }
            }
            return headers
        }
        if let sessionID = session.sessionID { headers.append(("Mcp-Session-Id", sessionID)) }
        if let version = session.version, message.method != "initialize" {
            headers.append(("MCP-Protocol-Version", HeaderValue.encode(version)))
        }
        return headers
    }

    /// Headers for a GET on the session.
    func headers(accept: String, session: (sessionID: String?, version: String?)) -> [(name: String, value: String)] {
        var headers = ManagedHeaders.base(for: server, accept: accept)
        if let sessionID = session.sessionID { headers.append(("Mcp-Session-Id", sessionID)) }
        if let version = session.version { headers.append(("MCP-Protocol-Version", HeaderValue.encode(version))) }
        return headers
    }

    /// Starts a new session after the server answered 404 for `staleSession`
    /// (2025-11-25 "Session Management" item 4): the editor's `initialize` is replayed with a
    /// bridge-private id, its response is swallowed, `notifications/initialized` follows.
    /// Concurrent callers share one re-initialization.
    func reinitialize(after staleSession: String?) async throws(TransportError) {
        let task = state.withLock { state -> Task<Void, Error>? in
            if let running = state.reinitialization { return running }
            guard state.sessionID == staleSession, !state.closed else { return nil }
            state.reinitializations += 1
            let round = state.reinitializations
            let running = Task { try await self.replayInitialize(round: round) }
            state.reinitialization = running
            return running
        }
        guard let task else { return }
        do {
            try await task.value
        } catch {
            throw TransportError.from(error, doing: "starting a new session")
        }
    }

    private func replayInitialize(round: Int) async throws {
        defer { state.withLock { $0.reinitialization = nil } }
        let (original, initialized) = state.withLock { state -> (JSONRPCMessage?, JSONRPCMessage?) in
            state.sessionID = nil
            return (state.initialize, state.initialized)
        }
        guard let original else {
            throw TransportError(code: .protocolViolation, message: "the server forgot the session before it was initialized")
        }
        var object = original.object
        let privateID = JSONValue.string("mcp-warden-reinitialize-\(round)")
        object["id"] = privateID
        let replay = try JSONRPCMessage(object: object)
        let sink = self.sink
        try await exchange(replay, id: privateID, replayOn404: false) { message in
            if !message.answers(privateID) { await sink(message) }
        }
        var notice = initialized?.object ?? JSONObject([("jsonrpc", .string("2.0")), ("method", .string("notifications/initialized"))])
        notice["id"] = nil
        try await post(try JSONRPCMessage(object: notice), replayOn404: false)
        server.log.debug("new session established")
    }

    /// Opens (or re-opens) the GET stream for server-initiated messages (2025-11-25
    /// "Listening for Messages from the Server"); a 405 means the server offers none.
    func startListening() {
        let task = Task { [weak self] () async -> Void in
            guard let self else { return }
            await self.listen()
        }
        state.withLock { state in
            state.listener?.cancel()
            state.listener = state.closed ? nil : task
        }
        if state.withLock({ $0.closed }) { task.cancel() }
    }

    private func listen() async {
        var parser = SSEParser(maxEventBytes: server.maxMessageBytes)
        var failures = 0
        while !Task.isCancelled {
            var headers = headers(accept: "text/event-stream", session: currentSession())
            if !parser.lastEventID.isEmpty { headers.append(("Last-Event-ID", parser.lastEventID)) }
            var events = server.engine.stream(server.request("GET", headers: headers)).makeAsyncIterator()
            do {
                let head = try await readHead(&events, doing: "opening the event stream")
                guard head.status == 200, head.mediaType == "text/event-stream" else {
                    server.log.debug("the server offers no GET event stream (HTTP \(head.status))")
                    return
                }
                failures = 0
                _ = try await ResponseReader.readEvents(&events, parser: &parser, responseTo: nil, deliver: sink)
            } catch {
                if Task.isCancelled { return }
                failures += 1
                // A restarting server breaks the stream once; say so only when it keeps failing.
                if failures >= 3 {
                    server.log.warning("event stream from the server: \(error)")
                } else {
                    server.log.debug("event stream from the server: \(error)")
                }
            }
            guard !Task.isCancelled,
                case .reconnect(let milliseconds) = ReconnectPolicy.listeningStream.decide(
                    attempt: failures + 1, serverRetryMilliseconds: parser.retryMilliseconds)
            else { return }
            try? await Task.sleep(for: .milliseconds(milliseconds))
        }
    }
}

extension JSONRPCMessage {
    /// The 2026-07-28 protocol version a request names in `_meta`, which makes it stateless.
    var statelessProtocolVersion: String? {
        params?["_meta"]?["io.modelcontextprotocol/protocolVersion"]?.stringValue
    }

    /// True for a request of the stateless 2026-07-28 era (it has no session, GET or DELETE).
    public var isStateless: Bool { statelessProtocolVersion != nil }

    /// What `Mcp-Name` carries: `params.name` for tools/call and prompts/get, `params.uri` for resources/read.
    var routingName: String? {
        switch method {
        case "tools/call", "prompts/get": return params?["name"]?.stringValue
        case "resources/read": return params?["uri"]?.stringValue
        default: return nil
        }
    }
}
