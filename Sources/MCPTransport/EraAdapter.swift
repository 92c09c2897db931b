// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP
import Synchronization

/// Bridges the two eras of MCP, whoever speaks which (issue 16 item 2).
///
/// - An editor of the handshake era (`initialize`) and a server that serves only 2026-07-28: the
///   refused `initialize` is followed by `server/discover`, the editor's `InitializeResult` is made
///   from its answer, and every later request goes in the stateless form (`_meta` protocol
///   fields; the transport adds `Mcp-Method`/`Mcp-Name`/`Mcp-Param-*`). `ping` and
///   `logging/setLevel`, gone from 2026-07-28, are answered here (the level rides on each later
///   request); an `InputRequiredResult` becomes requests to the editor and a retry (`InputRounds`).
/// - Any request of the stateless era whose response stream breaks is issued again with a new
///   id, as 2026-07-28 requires (changelog major change 9), and a `HeaderMismatch` for a
///   `tools/call` refreshes the tool list and tries once more.
/// - In the handshake era, optional keep-alive pings (`--ping-interval`).
///
/// Requests mcp-warden issues itself carry private ids (`mcp-warden-…`); their answers are caught
/// here and never reach the editor as they are.
public final class EraAdapter: ClientTransport, @unchecked Sendable {
    struct State {
        var initialize: JSONObject?
        var logLevel: JSONValue?
        var nextPrivateID = 0
        /// Answers to private ids, kept for the request that waits for them.
        var caught: [JSONValue: JSONRPCMessage] = [:]
        var expected: Set<JSONValue> = []
        var inputWaits: [JSONValue: CheckedContinuation<JSONRPCMessage?, Never>] = [:]
        var keepAlive: Task<Void, Never>?
        /// What the `subscriptions/listen` stream asks for, for a translated editor.
        var listenFilter = JSONObject()
        var listener: Task<Void, Never>?
        var closed = false
    }

    public struct Options: Sendable {
        public var mode: ProtocolMode
        /// Seconds between keep-alive pings in the handshake era; 0 sends none.
        public var pingIntervalSeconds: Int

        public init(mode: ProtocolMode = .auto, pingIntervalSeconds: Int = 0) {
            self.mode = mode
            self.pingIntervalSeconds = pingIntervalSeconds
        }
    }

    let options: Options
    let server: RemoteServer
    let deliver: MessageSink
    private(set) var inner: (any ClientTransport)!
    let state = Mutex(State())
    /// The handshake-era editor's requests are translated (the server is of 2026-07-28 alone).
    /// Atomics, not `state`: every message asks, and the common answer must cost no lock.
    let translating = Atomic<Bool>(false)
    /// Private requests waiting for their answers; while none does, an answer is the editor's.
    let privateInFlight = Atomic<Int>(0)
    /// Tries of one stateless request whose response stream broke (the first send included).
    static let maxIssues = 3
    /// `InputRequiredResult` rounds answered for one request before giving up.
    static let maxInputRounds = 8

    /// `makeInner` builds the transport below (authorization, negotiation) around the sink it is given.
    public init(options: Options, server: RemoteServer, deliver: @escaping MessageSink, makeInner: (@escaping MessageSink) -> any ClientTransport) {
        self.options = options
        self.server = server
        self.deliver = deliver
        self.inner = nil
        self.inner = makeInner { [weak self] message in await self?.receive(message) }
    }

    /// True once requests go in the stateless form: notifications of the handshake era are then
    /// not sent, and cancelling a request closes its HTTP request.
    public var speaksStatelessEra: Bool { translating.load(ordering: .acquiring) }

    public func send(_ message: JSONRPCMessage) async throws(TransportError) {
        switch message.kind {
        case .request(let id, let method):
            if method == "initialize", !message.isStateless {
                try await initialize(message, id: id)
            } else if translating.load(ordering: .acquiring) {
                try await translate(message, id: id, method: method)
            } else {
                // The common path; whether the request is stateless is asked only when it failed.
                do {
                    try await inner.send(message)
                } catch  where (error.code == .streamBroken || Self.isHeaderMismatch(error, method: method)) && message.isStateless {
                    try await issueAgain(message, id: id, method: method, after: error)
                }
            }
        case .response(let id), .errorResponse(let id):
            if let wait = state.withLock({ $0.inputWaits.removeValue(forKey: id) }) {
                wait.resume(returning: message)
                return
            }
            try await inner.send(message)
        case .notification:
            try await inner.send(message)
        }
    }

    public func close() async {
        let (tasks, waits) = state.withLock { state in
            state.closed = true
            defer { state.inputWaits = [:] }
            return ([state.keepAlive, state.listener], Array(state.inputWaits.values))
        }
        for task in tasks { task?.cancel() }
        for wait in waits { wait.resume(returning: nil) }
        await inner.close()
    }

    // MARK: answers from the server

    private func receive(_ message: JSONRPCMessage) async {
        switch message.kind {
        case .notification(let method) where method == "notifications/subscriptions/acknowledged":
            // For the listen stream mcp-warden opened; an editor of the handshake era knows no such thing.
            if translating.load(ordering: .acquiring) { return }
        case .response(let id),
            .errorResponse(let id) where privateInFlight.load(ordering: .acquiring) > 0:
            let mine = state.withLock { state in
                guard state.expected.contains(id) else { return false }
                state.caught[id] = message
                return true
            }
            if mine { return }
        default:
            break
        }
        await deliver(message)
    }

    // MARK: the handshake

    private func initialize(_ message: JSONRPCMessage, id: JSONValue) async throws(TransportError) {
        let params = message.params
        state.withLock { $0.initialize = params }
        if options.mode == .modern {
            try await discover(answering: id, editorVersion: params?["protocolVersion"]?.stringValue)
            return
        }
        do {
            try await inner.send(message)
            startKeepAlive()
        } catch  where options.mode == .auto && ProtocolEra.refusesHandshake(error) {
            server.log.info("the server speaks only MCP \(ProtocolEra.modernVersion) (\(error.message)); translating the editor's messages")
            do {
                try await discover(answering: id, editorVersion: params?["protocolVersion"]?.stringValue)
            } catch let discoverError {
                throw TransportError(
                    code: error.code, message: "\(error.message); server/discover failed too: \(discoverError.message)", status: error.status,
                    serverError: error.serverError)
            }
        }
    }

    private func discover(answering id: JSONValue, editorVersion: String?) async throws(TransportError) {
        let privateID = mintID("discover")
        let request = ProtocolEra.discoverRequest(id: privateID, initialize: state.withLock { $0.initialize })
        let reply = try await exchangePrivately(request, id: privateID)
        guard case .response = reply.kind, let result = reply.object["result"]?.objectValue else {
            let text = reply.object["error"]?["message"]?.stringValue ?? "no result"
            throw TransportError(
                code: .protocolViolation, message: "the server refused server/discover: \(String(text.prefix(300)))", serverError: reply.object["error"])
        }
        let versions = result["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard versions.contains(ProtocolEra.modernVersion) else {
            throw TransportError(
                code: .protocolViolation,
                message: "the server supports MCP \(versions.joined(separator: ", ")); mcp-warden speaks \(ProtocolEra.modernVersion) and the handshake era")
        }
        let filter = ProtocolEra.listenFilter(capabilities: result["capabilities"]?.objectValue)
        state.withLock { $0.listenFilter = filter }
        translating.store(true, ordering: .releasing)
        let initialize = ProtocolEra.initializeResult(
            discovered: result, editorVersion: editorVersion, fallbackName: RequestTarget(server.url)?.host ?? "server")
        await deliver(try Self.message(["jsonrpc": .string("2.0"), "id": id, "result": .object(initialize)]))
        restartListening()
    }

    // MARK: requests of a translated editor

    private func translate(_ message: JSONRPCMessage, id: JSONValue, method: String) async throws(TransportError) {
        switch method {
        case "ping":
            // Gone from 2026-07-28 (changelog major change 5): the server is not asked.
            await deliver(try Self.message(["jsonrpc": .string("2.0"), "id": id, "result": .object(JSONObject())]))
        case "logging/setLevel":
            // Gone too: the level rides on every later request (`io.modelcontextprotocol/logLevel`).
            state.withLock { $0.logLevel = message.params?["level"] }
            await deliver(try Self.message(["jsonrpc": .string("2.0"), "id": id, "result": .object(JSONObject())]))
        case "resources/subscribe", "resources/unsubscribe":
            // Gone too: the URI joins (or leaves) the filter of the listen stream, which is opened again.
            guard let uri = message.params?["uri"]?.stringValue else {
                await deliver(Self.errorMessage(id: id, code: JSONRPCError.invalidParams, message: "\(method) needs params.uri"))
                return
            }
            state.withLock { state in
                var uris = state.listenFilter["resourceSubscriptions"]?.arrayValue?.compactMap(\.stringValue) ?? []
                uris.removeAll { $0 == uri }
                if method == "resources/subscribe" { uris.append(uri) }
                state.listenFilter["resourceSubscriptions"] = uris.isEmpty ? nil : .array(uris.map { .string($0) })
            }
            restartListening()
            await deliver(try Self.message(["jsonrpc": .string("2.0"), "id": id, "result": .object(JSONObject())]))
        default:
            let (initialize, level) = state.withLock { ($0.initialize, $0.logLevel) }
            let params = ProtocolEra.statelessParams(message.params, initialize: initialize, logLevel: level)
            try await runRounds(method: method, params: params, answering: id, translateInput: ProtocolEra.multiRoundTripMethods.contains(method))
        }
    }

    /// A request the editor wrote in the stateless era itself, whose response stream broke or
    /// whose `Mcp-Param-*` headers the server refused: issued again with a new id.
    private func issueAgain(_ message: JSONRPCMessage, id: JSONValue, method: String, after error: TransportError) async throws(TransportError) {
        server.log.debug("\(method): \(error.message); issuing it again")
        if Self.isHeaderMismatch(error, method: method) { await refreshToolList(meta: message.params?["_meta"]) }
        try await runRounds(method: method, params: message.params ?? JSONObject(), answering: id, translateInput: false, issued: 1)
    }

    /// Sends `method` with private ids until the server gives a final answer, which goes to the
    /// editor under `id`: new ids after a broken stream, a refreshed tool list after a
    /// `HeaderMismatch`, and — for an editor of the handshake era — the input rounds of MRTR.
    private func runRounds(method: String, params: JSONObject, answering id: JSONValue, translateInput: Bool, issued: Int = 0) async throws(TransportError) {
        var params = params
        var issued = issued
        var rounds = 0
        var refreshed = false
        while true {
            issued += 1
            let privateID = mintID("request")
            let request: JSONObject = ["jsonrpc": .string("2.0"), "id": privateID, "method": .string(method), "params": .object(params)]
            let reply: JSONRPCMessage
            do {
                reply = try await exchangePrivately(request, id: privateID)
            } catch  where error.code == .streamBroken && issued < Self.maxIssues && !Task.isCancelled {
                server.log.debug("\(method): the response stream broke (\(error.message)); issuing it again with a new id")
                continue
            } catch  where Self.isHeaderMismatch(error, method: method) && !refreshed {
                refreshed = true
                await refreshToolList(meta: params["_meta"])
                continue
            }
            if translateInput, case .response = reply.kind, let result = reply.object["result"]?.objectValue,
                result["resultType"]?.stringValue == "input_required"
            {
                rounds += 1
                guard rounds <= Self.maxInputRounds else {
                    await deliver(
                        Self.errorMessage(
                            id: id, code: JSONRPCError.internalError, message: "mcp-warden: the server asked for input \(rounds - 1) times; giving up"))
                    return
                }
                switch await InputRounds.answer(result, askingEditorWith: self) {
                case .answered(let responses):
                    params["inputResponses"] = responses.isEmpty ? nil : .object(responses)
                    params["requestState"] = result["requestState"]
                    issued = 0
                    continue
                case .failed(let error):
                    await deliver(Self.errorMessage(id: id, code: error.code, message: error.message, data: error.data))
                    return
                }
            }
            await deliver(Self.renumbered(reply, to: id))
            return
        }
    }

    /// Fetches `tools/list` (every page) so that the `x-mcp-header` parameters are current
    /// (Streamable HTTP 2026-07-28 "Client Behavior": on `HeaderMismatch`, re-list and retry).
    private func refreshToolList(meta: JSONValue?) async {
        var cursor: JSONValue?
        for _ in 0..<16 {
            var params = JSONObject()
            if let meta { params["_meta"] = meta }
            if let cursor { params["cursor"] = cursor }
            let privateID = mintID("tools")
            let request: JSONObject = ["jsonrpc": .string("2.0"), "id": privateID, "method": .string("tools/list"), "params": .object(params)]
            guard let reply = try? await exchangePrivately(request, id: privateID) else { return }
            cursor = reply.object["result"]?["nextCursor"]
            guard cursor?.stringValue != nil else { return }
        }
    }

    // MARK: private exchanges

    func mintID(_ purpose: String) -> JSONValue {
        let number = state.withLock { state in
            state.nextPrivateID += 1
            return state.nextPrivateID
        }
        return .string("mcp-warden-\(purpose)-\(number)")
    }

    /// Sends a request of mcp-warden's own and returns its answer, which the editor never sees.
    func exchangePrivately(_ request: JSONObject, id: JSONValue) async throws(TransportError) -> JSONRPCMessage {
        privateInFlight.add(1, ordering: .releasing)
        state.withLock { _ = $0.expected.insert(id) }
        defer {
            state.withLock { state in
                state.expected.remove(id)
                state.caught[id] = nil
            }
            privateInFlight.subtract(1, ordering: .releasing)
        }
        try await inner.send(try Self.message(request))
        guard let reply = state.withLock({ $0.caught[id] }) else {
            throw TransportError(code: .streamBroken, message: "the server's response stream ended before the response")
        }
        return reply
    }

    /// Waits for the editor's answer to a request mcp-warden wrote to it; nil when the bridge
    /// closes or the request that needed it was cancelled.
    func askEditor(_ request: JSONObject, id: JSONValue) async -> JSONRPCMessage? {
        guard let message = try? Self.message(request) else { return nil }
        let deliver = self.deliver
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<JSONRPCMessage?, Never>) in
                let open = state.withLock { state in
                    guard !state.closed else { return false }
                    state.inputWaits[id] = continuation
                    return true
                }
                guard open else { return continuation.resume(returning: nil) }
                // Written once the wait is registered, so an answer cannot arrive before it.
                Task { await deliver(message) }
            }
        } onCancel: {
            state.withLock { $0.inputWaits.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }

    // MARK: messages

    static func message(_ object: JSONObject) throws(TransportError) -> JSONRPCMessage {
        do { return try JSONRPCMessage(object: object) } catch {
            throw TransportError(code: .protocolViolation, message: "could not build a message: \(error.message)")
        }
    }

    static func errorMessage(id: JSONValue, code: Int, message: String, data: JSONValue? = nil) -> JSONRPCMessage {
        var error: JSONObject = ["code": .integer(code), "message": .string(message)]
        if let data { error["data"] = data }
        guard let message = try? JSONRPCMessage(object: ["jsonrpc": .string("2.0"), "id": id, "error": .object(error)]) else {
            preconditionFailure("a well-formed error response always builds")
        }
        return message
    }

    /// The answer to a private request, under the editor's id.
    static func renumbered(_ reply: JSONRPCMessage, to id: JSONValue) -> JSONRPCMessage {
        var object = reply.object
        object["id"] = id
        return (try? JSONRPCMessage(object: object)) ?? errorMessage(id: id, code: JSONRPCError.internalError, message: "mcp-warden: unreadable answer")
    }

    static func isHeaderMismatch(_ error: TransportError, method: String) -> Bool {
        method == "tools/call" && error.status == 400 && error.serverError?["code"]?.intValue == -32020
    }
}
