// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import MCPFraming
import PinnedHTTP
import Synchronization

/// The deprecated HTTP+SSE transport (MCP 2024-11-05): a GET opens the event stream, whose
/// first `endpoint` event names the URL for POSTs; server messages arrive as `message` events.
/// The endpoint is resolved against the SSE URL and refused when it names another origin
/// (a cross-origin endpoint would receive the user's credentials).
public final class LegacySSEClient: ClientTransport, @unchecked Sendable {
    struct State {
        var endpoint: String?
        var reader: Task<Void, Never>?
        var waiting: [JSONValue: CheckedContinuation<Void, Error>] = [:]
        var closed = false
    }

    let server: RemoteServer
    let sink: MessageSink
    let state = Mutex(State())
    /// How long to wait for the `endpoint` event.
    static let endpointTimeout: Duration = .seconds(10)

    public init(server: RemoteServer, sink: @escaping MessageSink) {
        self.server = server
        self.sink = sink
    }

    public func send(_ message: JSONRPCMessage) async throws(TransportError) {
        let endpoint = try await connectIfNeeded()
        guard case .request(let id, _) = message.kind else {
            try await post(message, to: endpoint)
            return
        }
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let registered = state.withLock { state -> Bool in
                    guard !state.closed, state.reader != nil, state.waiting[id] == nil else { return false }
                    state.waiting[id] = continuation
                    return true
                }
                guard registered else {
                    continuation.resume(
                        throwing: TransportError(code: .closed, message: "the event stream from the server is closed, or the request id is already in flight"))
                    return
                }
                Task {
                    do {
                        try await self.post(message, to: endpoint)
                    } catch {
                        self.state.withLock { $0.waiting.removeValue(forKey: id) }?.resume(throwing: error)
                    }
                }
            }
        } catch {
            throw TransportError.from(error, doing: "waiting for the response")
        }
    }

    public func close() async {
        let reader = state.withLock { state -> Task<Void, Never>? in
            state.closed = true
            return state.reader
        }
        reader?.cancel()
        failWaiting(TransportError(code: .closed, message: "the connection to the server is closed"))
    }

    // MARK: internals

    private func post(_ message: JSONRPCMessage, to endpoint: String) async throws(TransportError) {
        var headers = ManagedHeaders.base(for: server, accept: "application/json, text/event-stream")
        headers.append(("Content-Type", "application/json"))
        let response: HTTPResponse
        do {
            response = try await server.engine.fetch(server.request("POST", url: endpoint, headers: headers, body: message.line), maxBodyBytes: 64 << 10)
        } catch {
            throw TransportError.from(error, doing: "posting a message")
        }
        guard (200..<300).contains(response.status) else {
            throw TransportError(
                code: .httpStatus, message: "the server answered a posted message with HTTP \(response.status)", status: response.status,
                serverError: ResponseReader.serverError(in: response.body), challenges: response.head.challenges)
        }
    }

    /// Opens the event stream and waits for its `endpoint` event (once per transport).
    func connectIfNeeded() async throws(TransportError) -> String {
        if let endpoint = state.withLock({ $0.endpoint }) { return endpoint }
        if state.withLock({ $0.closed || $0.reader != nil }) {
            throw TransportError(code: .closed, message: "the event stream from the server is closed")
        }
        let result: Result<String, TransportError> = await withCheckedContinuation { continuation in
            let once = Mutex<CheckedContinuation<Result<String, TransportError>, Never>?>(continuation)
            let reply: @Sendable (Result<String, TransportError>) -> Void = { result in
                once.withLock { pending in
                    pending?.resume(returning: result)
                    pending = nil
                }
            }
            let reader = Task { await self.read(onEndpoint: reply) }
            state.withLock { $0.reader = reader }
            Task {
                try? await Task.sleep(for: Self.endpointTimeout)
                reply(.failure(TransportError(code: .protocolViolation, message: "the server's event stream sent no endpoint event within 10 s")))
            }
        }
        switch result {
        case .success(let endpoint): return endpoint
        case .failure(let error):
            state.withLock { $0.reader }?.cancel()
            throw error
        }
    }

    private func read(onEndpoint: @Sendable (Result<String, TransportError>) -> Void) async {
        var events = server.engine.stream(server.request("GET", headers: ManagedHeaders.base(for: server, accept: "text/event-stream"))).makeAsyncIterator()
        var parser = SSEParser(maxEventBytes: server.maxMessageBytes)
        var failure: TransportError?
        do {
            guard case .head(let head)? = try await events.next() else {
                throw TransportError(code: .streamBroken, message: "the server closed the event stream without answering")
            }
            guard head.status == 200, head.mediaType == "text/event-stream" else {
                let body = try await ResponseReader.collect(&events, limit: ResponseReader.maxErrorBodyBytes, host: "")
                throw TransportError(
                    code: .httpStatus, message: "the server answered the event-stream GET with HTTP \(head.status) (\(head.mediaType ?? "no content type"))",
                    status: head.status, serverError: ResponseReader.serverError(in: body), challenges: head.challenges)
            }
            while let event = try await events.next() {
                guard case .body(let chunk) = event else { continue }
                let batch: [SSEEvent]
                do { batch = try parser.feed(chunk) } catch {
                    server.log.warning("malformed event stream from the server: \(error.reason)")
                    continue
                }
                for event in batch { try await handle(event, onEndpoint: onEndpoint) }
            }
            failure = TransportError(code: .streamBroken, message: "the server closed the event stream")
        } catch {
            failure = TransportError.from(error, doing: "reading the event stream")
        }
        let reason = failure ?? TransportError(code: .streamBroken, message: "the event stream ended")
        // The stream is the session: it is not reopened (`ReconnectPolicy.legacySession`).
        onEndpoint(.failure(reason))
        state.withLock {
            $0.endpoint = nil; $0.closed = true
        }
        if !Task.isCancelled { server.log.warning("\(reason.message); the session with the server has ended") }
        failWaiting(reason)
    }

    private func handle(_ event: SSEEvent, onEndpoint: @Sendable (Result<String, TransportError>) -> Void) async throws(TransportError) {
        switch event.type {
        case "endpoint":
            guard state.withLock({ $0.endpoint == nil }) else {
                server.log.warning("ignoring a second endpoint event from the server")
                return
            }
            let endpoint = try resolveEndpoint(event.data)
            state.withLock { $0.endpoint = endpoint }
            onEndpoint(.success(endpoint))
        case "message" where event.dataBytes.isEmpty:
            return  // a priming or keep-alive event carries nothing to forward
        case "message":
            let message: JSONRPCMessage
            do { message = try JSONRPCMessage.skim(event.dataBytes) } catch {
                server.log.warning("the server sent an event that is not a JSON-RPC message (\(error.message)); ignored")
                return
            }
            await sink(message)
            if case .response(let id) = message.kind { finish(id) } else if case .errorResponse(let id) = message.kind { finish(id) }
        default:
            server.log.debug("ignoring an SSE event of type \(String(event.type.prefix(40)))")
        }
    }

    /// Resolves the `endpoint` event's data against the SSE URL; another origin is refused.
    func resolveEndpoint(_ data: String) throws(TransportError) -> String {
        let trimmed = data.trimmingASCIISpacesAndNewlines()
        guard let base = URL(string: server.url), let resolved = URL(string: trimmed, relativeTo: base)?.absoluteURL,
            let target = RequestTarget(resolved.absoluteString), let origin = RequestTarget(server.url)
        else {
            throw TransportError(code: .protocolViolation, message: "the server's endpoint event does not hold a usable URL")
        }
        guard target.origin == origin.origin else {
            throw TransportError(
                code: .protocolViolation, message: "refusing the endpoint event: it points to \(target.origin), another origin than \(origin.origin)")
        }
        return resolved.absoluteString
    }

    private func finish(_ id: JSONValue) {
        state.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
    }

    private func failWaiting(_ error: TransportError) {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Error>] in
            let all = Array(state.waiting.values)
            state.waiting.removeAll()
            return all
        }
        for continuation in waiting { continuation.resume(throwing: error) }
    }
}

extension String {
    func trimmingASCIISpacesAndNewlines() -> String {
        var scalars = unicodeScalars[...]
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        while let first = scalars.first, blank(first) { scalars.removeFirst() }
        while let last = scalars.last, blank(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
